/* What the page scripts share to touch the page (README "Browser code"): a new element, each page (material's
 * instant pages too), the build's own files from this site. Loaded first (handouts/site/plugin.py). window.HandoutDom. */
(function () {
  "use strict";
  if (window.HandoutDom) return;

  /** A new <tag class="cls">text</tag> (class and text when given), added to the end of `parent` when given. */
  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return parent ? parent.appendChild(e) : e;
  }

  /** Run `fn` once this page is read, and again on each page material's instant loading brings in. */
  function eachPage(fn) {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(fn);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function fetched(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r;
    });
  }

  /** A promise of the JSON the build wrote at `url` (sheet/exercises.json). */
  function json(url) {
    return fetched(url).then(function (r) { return r.json(); });
  }

  /** A promise of the HTML part the build wrote at `url` (sheet/parts/<slug>.htm) as a document fragment: the
   *  build's own HTML, from its templates and checked content, never a link's or a patient's words. */
  function part(url) {
    return fetched(url).then(function (r) { return r.text(); }).then(function (html) {
      var t = document.createElement("template");
      t.innerHTML = html;
      return t.content;
    });
  }

  window.HandoutDom = { el: el, eachPage: eachPage, json: json, part: part };
})();
