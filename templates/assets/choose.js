/* Choosing an exercise from a list with pictures (/exercises/, /areas/<area>/; docs/exercises.md, "Choosing an
 * exercise by its picture"): the filters above the list (partials/exercise-choose.html) by body area, position
 * and equipment. Without JavaScript the filters stay hidden and every exercise shows. The count of matches is said
 * in the page's words (handouts/i18n/words.py, "choose.shown"), through assets/words.js.
 * Pure core, window.HandoutChoose: matches(item, choice), where an item is {areas: [slug], position: "standing" or
 * "", equipment: [key]} and a choice {area, position, equipment} ("" for any; equipment "-" for none needed). */
(function () {
  "use strict";
  if (window.HandoutChoose) return;
  var NONE = "-"; // handouts/render/choosing.py, NO_EQUIPMENT

  /** Whether an exercise (`item`) is one of those the filters' `choice` shows. */
  function matches(item, choice) {
    if (choice.area && item.areas.indexOf(choice.area) < 0) return false;
    if (choice.position && item.position !== choice.position) return false;
    if (choice.equipment === NONE) return item.equipment.length === 0;
    return !choice.equipment || item.equipment.indexOf(choice.equipment) >= 0;
  }

  /** A list entry's item, read from its data attributes. */
  function itemOf(li) {
    var equipment = [];
    try { equipment = JSON.parse(li.getAttribute("data-equipment") || "[]"); } catch (e) { /* none */ }
    return { areas: (li.getAttribute("data-areas") || "").split(/\s+/).filter(Boolean),
      position: li.getAttribute("data-position") || "", equipment: equipment };
  }

  function mount() {
    var form = document.querySelector("form.handout-choose");
    if (!form || form.getAttribute("data-ready")) return;
    var list = form.nextElementSibling, count = form.querySelector(".handout-choose__count");
    var entries = Array.prototype.map.call(list.children, function (li) { return { li: li, item: itemOf(li) }; });

    function show() {
      var choice = {}, n = 0;
      ["area", "position", "equipment"].forEach(function (name) {
        choice[name] = form.elements[name] ? form.elements[name].value : "";
      });
      entries.forEach(function (e) {
        var shown = matches(e.item, choice);
        e.li.hidden = !shown;
        if (shown) n += 1;
      });
      var W = window.HandoutWords;
      count.textContent = n ? W.count("choose.shown", n) : W.word("choose.shownNone");
    }

    form.setAttribute("data-ready", "1");
    form.addEventListener("change", show);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    show();
  }

  window.HandoutChoose = { matches: matches, mount: mount };
  window.HandoutDom.eachPage(mount);
})();
