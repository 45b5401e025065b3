/* Offline and up to date: registers the site's service worker (sw.js, written by handouts/site/offline.py), so that a
 * patient who opened the site once can open any page and run a timer with no signal. A page from the saved copy
 * (the network did not answer) says so and from when; a page left open says when a newer build of the site has
 * changed it, and reloads on a tap, never while a timer or the program player runs (timer.js marks a timer's root
 * data-status="running" or "paused"; player.js marks <html class="handout-playing">). The page names the worker in
 * <meta name="handout-offline">; a preview, or a site built with `offline: false`, names none and registers nothing.
 * Words: handouts/i18n/words.py (offline.*), through assets/words.js. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="handout-offline"]');
  if (!meta || !("serviceWorker" in navigator)) return;
  var EVERY = 15 * 60 * 1000; // ms between two looks for a new build while the page is shown
  var sw = navigator.serviceWorker, registration = null, before = sw.controller, stale = false, known = {}, bar = null;
  var word = window.HandoutWords.word, el = window.HandoutDom.el;
  /* The worker's marks on the page it served (sw.js): a hash of the page, and when a saved copy was saved. */
  function mark(name, html) {
    var found = new RegExp('<meta name="handout-' + name + '" content="([^"]+)">').exec(html);
    return found ? found[1] : "";
  }
  function own(name) { var m = document.querySelector('meta[name="handout-' + name + '"]'); return m ? m.content : ""; }

  function savedNote() {
    var when = new Date(own("saved")), place = document.querySelector(".md-content__inner");
    if (isNaN(when) || !place || place.querySelector(".handout-saved-copy")) return;
    var note = el("p", "handout-saved-copy"), lang = document.documentElement.lang || undefined;
    note.setAttribute("role", "note");
    note.textContent = word("offline.saved",
      { date: new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(when) });
    place.insertBefore(note, place.firstChild);
  }

  /* Is this page different in the build the site has now? The first time, learn what it is. */
  function check() {
    var path = location.pathname, was = own("page") || known[path];
    fetch(path, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var now = mark("page", html);
      if (!was) known[path] = now;
      else if (now && now !== was) changed();
      document.documentElement.setAttribute("data-handout-page", bar ? "changed" : "current"); // once it has looked
    }).catch(function () { /* no answer: the next look asks again */ });
  }

  function busy() {
    return document.documentElement.classList.contains("handout-playing") ||
      !!document.querySelector('.exercise-timer[data-status="running"], .exercise-timer[data-status="paused"]');
  }

  function changed() {
    if (bar) return;
    bar = el("div", "handout-changed");
    bar.setAttribute("role", "status");
    var text = el("p", null, null, bar), button = el("button", null, word("offline.update"), bar);
    button.type = "button";
    button.addEventListener("click", function () { if (!busy()) location.reload(); });
    function render() {
      var wait = busy();
      text.textContent = word(wait ? "offline.changedBusy" : "offline.changed");
      button.hidden = wait;
    }
    render();
    new MutationObserver(render).observe(document.documentElement,
      { subtree: true, attributes: true, attributeFilter: ["class", "data-status"] });
    document.body.insertBefore(bar, document.body.firstChild);
    new ResizeObserver(function () { // the page moves down by the bar's height (site.css)
      document.documentElement.style.setProperty("--handout-changed", bar.offsetHeight + "px");
    }).observe(bar);
  }

  function look() {
    if (registration && document.visibilityState === "visible" && navigator.onLine !== false) {
      registration.update().catch(function () { /* no signal: the next look asks again */ });
    }
  }

  function register() {
    sw.register(meta.getAttribute("content")).then(function (r) { registration = r; })
      .catch(function () { /* the site still works online */ });
  }
  // After the page's own files, so the first visit is not slowed down by the copying.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
  sw.addEventListener("controllerchange", function () {
    stale = stale || !!before; // this page's scripts are an older build's: links load whole pages from now on
    before = sw.controller;
    check();
  });
  document.addEventListener("click", function (e) {
    var link = stale && e.target.closest && e.target.closest("a[href]");
    if (link && !link.target) link.target = "_self"; // material's instant loading passes such a link by
  }, true);
  document.addEventListener("visibilitychange", look);
  window.addEventListener("online", look);
  setInterval(look, EVERY);
  window.HandoutDom.eachPage(savedNote); // and on each of material's instant pages
})();
