/* Offline: registers the site's service worker (sw.js, written by handouts/offline.py), so that a patient who
 * opened the site once can open any page and run a timer with no signal. The page names the worker in
 * <meta name="handout-offline">; a preview, or a site built with `offline: false`, names none and registers nothing. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="handout-offline"]');
  if (!meta || !("serviceWorker" in navigator)) return;
  function register() {
    navigator.serviceWorker.register(meta.getAttribute("content")).catch(function () { /* the site still works online */ });
  }
  // After the page's own files, so the first visit is not slowed down by the copying.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
})();
