/* The language switcher (partials/language.html) keeps what the patient is following. Each of its links opens this
 * page in another language with this page's #fragment: a dose from a sheet ("#timer?v=2&…", assets/linkcodec.js)
 * or a personal program ("#p=2/…"), which the page in the other language reads and says in its own words. On a
 * page whose program player or timer is running, with no fragment of its own, it carries the exercise it is at
 * ("#timer-<slug>", or "#timer"): the other page opens at that exercise's timer, ready to start. */
(function () {
  "use strict";

  /** The fragment to carry: the page's own, else the running (or paused) exercise's timer, else "". */
  function fragment() {
    if (location.hash.length > 1) return location.hash;
    var P = window.HandoutPlayer, player = P && P.player(), T = window.HandoutTimer;
    var at = player && player.on() && player.timers[player.i];
    var running = at || (T && T.instances().filter(function (t) {
      return t.status === "running" || t.status === "paused";
    })[0]);
    return running && running.root.id ? "#" + running.root.id : "";
  }

  /** Point every link of the switcher at its page with this fragment. */
  function carry() {
    var hash = fragment(), links = document.querySelectorAll(".handout-language a[hreflang]");
    for (var i = 0; i < links.length; i++) links[i].href = links[i].getAttribute("href").split("#")[0] + hash;
  }

  window.addEventListener("hashchange", carry);
  // Just before a link is followed (a tap, a click, a key, "open in a new tab"): the timer may have moved on.
  ["pointerdown", "click", "keydown", "contextmenu", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (e.target.closest && e.target.closest(".handout-language")) carry();
    }, true);
  });
  window.HandoutDom.eachPage(carry); // and on each of material's instant pages
})();
