/* A patient's own program in a link (README "Make a sheet"): the exercises and doses a sheet chose, inside the
 * link's fragment, which the browser never sends to a server: "#p=2/<slug>:<dose>/…[/n=<name>]/c=<check>", written
 * and read by assets/linkcodec.js (handouts/model/linkcodec.py), the name only when the clinician asks. A link from before
 * links carried a check, "#p=<base64url(deflate-raw(JSON))>" with {"v": 1, "e": [[slug, dose text], ...], "n":
 * name}, is decoded here and shown with a notice to compare it with the sheet. Pure core, window.HandoutLink:
 * encode(program), decode(hash, limits), check(data, index). The page (/my-program/) checks every value against the
 * exercise index and the schema's bounds, names and skips exercises it does not know, refuses anything else it does
 * not expect, shows each exercise as the program page does (the build's block for it, my-program/parts/<slug>.htm,
 * with the link's dose written in as text) with its timer, and leaves the program player (assets/player.js) to run
 * them. "Keep this program on this phone" keeps the link in localStorage, so /my-program/ with no link, and the
 * home-screen icon (my-program/?start, handouts/site/offline.py), open it again. Text only: nothing from a link is ever
 * read as HTML. Words: handouts/i18n/words.py, through assets/words.js (the dose in words too); the dose's text and data-*
 * attributes: assets/linkcodec.js. */
(function () {
  "use strict";
  if (window.HandoutLink) { window.HandoutLink.mount(); return; } // material's instant pages run it again
  var MAX_CODE = 8000, MAX_JSON = 65536, MAX_EXERCISES = 100, MAX_NAME = 200, MAX_SLUG = 100;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var KEPT = "handout-program", PAGE = /^(?:[a-z]{2}\/)?my-program\/$/; // the kept program, and where it opens

  // The shared modules (assets/dom.js, words.js, linkcodec.js) and the timer come after this script on a page's
  // first load (it is in the page's content, so that material's instant pages run it), and are there once it is read.
  function T() { return window.HandoutTimer; }
  function W() { return window.HandoutWords; }
  function C() { return window.HandoutLinkCodec; }
  function el(tag, cls, text, parent) { return window.HandoutDom.el(tag, cls, text, parent); }

  function bytesOf(code) {
    var text = atob(code.replace(/-/g, "+").replace(/_/g, "/")), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  /** The text after "#p=" of the link to a program {exercises: [[slug, dose], ...], name}, each dose an object or a
   *  dose text as the exercise index writes it ("reps=6&sides=each"): a promise (assets/linkcodec.js writes it). */
  function encode(program) {
    var any = [0, 9999], loose = { reps: any, sets: any, hold: any, rest: any, tempo: any }; // readers check bounds
    var exercises = program.exercises.map(function (e) {
      return [e[0], typeof e[1] === "string" ? C().looseDose(e[1], loose) : e[1]];
    });
    return Promise.resolve(C().personalFragment({ exercises: exercises, name: program.name || null }).slice(2));
  }

  /** The program in a link's fragment, as check() reads it: a promise of {v: 2, e: [[slug, dose text], ...], n}
   *  for a link whose check holds, of version 1's JSON (v: 1) for a link from before (deflated JSON, at most 64 KB
   *  unpacked, so a small link cannot unpack into a huge one); rejected for a damaged link. */
  function decode(hash, limits) {
    var link = C().readPersonal(hash, limits);
    if (link.status === "ok") {
      var data = { v: 2, e: link.exercises.map(function (e) { return [e[0], C().doseText(e[1])]; }) };
      if (link.name !== null) data.n = link.name;
      return Promise.resolve(data);
    }
    if (link.status !== "legacy" || link.code.length > MAX_CODE) return Promise.reject(new Error("link"));
    var reader, parts = [], size = 0;
    try {
      reader = new Blob([bytesOf(link.code)]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    } catch (e) {
      return Promise.reject(e);
    }
    function read() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          var all = new Uint8Array(size), at = 0;
          parts.forEach(function (p) { all.set(p, at); at += p.length; });
          var old = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(all));
          if (!old || old.v !== 1) throw new Error("link"); // only version 2 has a check
          return old;
        }
        size += chunk.value.length;
        if (size > MAX_JSON) {
          reader.cancel();
          throw new Error("size");
        }
        parts.push(chunk.value);
        return read();
      });
    }
    return read();
  }

  /** A decoded link checked against the index: {exercises: [{exercise, dose, text}], unknown: [slug], name,
   *  unchecked (a link from before links carried a check)}, or null when anything in it is malformed, repeated,
   *  unexpected or out of the schema's bounds. */
  function check(data, index) {
    if (!data || typeof data !== "object" || Array.isArray(data) || (data.v !== 1 && data.v !== 2)
      || !Array.isArray(data.e)) return null;
    for (var key in data) if (key !== "v" && key !== "e" && key !== "n") return null;
    if ("n" in data && (typeof data.n !== "string" || data.n.length > MAX_NAME)) return null;
    if (!data.e.length || data.e.length > MAX_EXERCISES) return null;
    var known = {}, seen = {}, has = Object.prototype.hasOwnProperty;
    var out = { exercises: [], unknown: [], name: (data.n || "").trim(), unchecked: data.v === 1 };
    index.exercises.forEach(function (x) { known[x.slug] = x; });
    for (var i = 0; i < data.e.length; i++) {
      var item = data.e[i], slug = Array.isArray(item) && item[0], text = Array.isArray(item) && item[1];
      if (!Array.isArray(item) || item.length !== 2 || typeof slug !== "string" || typeof text !== "string" || slug.length > MAX_SLUG
        || !SLUG.test(slug) || has.call(seen, slug)) return null;
      seen[slug] = true;
      var dose = C().looseDose(text, index.limits);
      if (!dose) return null;
      if (has.call(known, slug)) out.exercises.push({ exercise: known[slug], dose: dose, text: text });
      else out.unknown.push(slug);
    }
    return out;
  }

  /* One exercise as the program page shows it: its heading (a link to its page with this dose), the build's block
   * for it (partials/program-exercise.html: summary, dose box, figure, steps, cautions) with the link's dose
   * written into the dose box as text, and a timer that runs that dose. */
  function section(entry, n, part, pages) {
    var x = entry.exercise, d = entry.dose, s = el("section", "handout-exercise");
    s.id = x.slug;
    s.setAttribute("aria-labelledby", x.slug + "-title");
    var heading = s.appendChild(el("h3", null, n + ". "));
    heading.id = x.slug + "-title";
    heading.appendChild(el("a", null, x.title)).href = pages + x.slug + "/#"
      + C().timerFragment(x.slug, d);
    s.appendChild(part.cloneNode(true));
    var sentence = s.querySelector(".handout-dose__sentence");
    if (!sentence) { // a clinic's own partial without the dose box: the dose still shows, under the heading
      sentence = el("p", "handout-dose__sentence");
      s.insertBefore(el("div", "handout-dose"), heading.nextSibling).appendChild(sentence);
    }
    sentence.textContent = W().doseSentence(d);
    var label = W().word("personal.timerFor", { title: x.title });
    var place = s.appendChild(el("section", "handout-timer")), timer = place.appendChild(el("div", "exercise-timer"));
    place.setAttribute("aria-label", label);
    timer.id = "timer-" + x.slug;
    timer.hidden = true;
    timer.setAttribute("role", "group");
    timer.setAttribute("aria-label", label);
    C().writeData(timer.dataset, d);
    timer.dataset.title = x.title;
    timer.dataset.slug = x.slug;
    if (x.step) timer.dataset.step = x.step;
    return s;
  }

  /* Each exercise's block, fetched from this site (a promise of document fragments, in order). */
  function parts(root, exercises) {
    return Promise.all(exercises.map(function (entry) {
      return window.HandoutDom.part(root.dataset.parts + encodeURIComponent(entry.exercise.slug) + ".htm");
    }));
  }

  // -- the program kept on this phone ----------------------------------------------------------------------------

  /* The site's root (the manifest is there, in every language), and this page's address from it: "es/my-program/". */
  function site() {
    var manifest = document.querySelector('link[rel="manifest"]');
    return new URL(".", manifest ? manifest.href : location.href).href;
  }
  function here() { return location.href.split(/[?#]/)[0].slice(site().length).replace(/index\.html$/, ""); }
  function key() { return KEPT + " " + new URL(site()).pathname; } // another site on the same host keeps its own

  /** The program kept on this phone, {page: "es/my-program/", hash: "#p=…"}, or null. */
  function kept() {
    try {
      var k = JSON.parse(localStorage.getItem(key()));
      return k && typeof k.page === "string" && PAGE.test(k.page) && typeof k.hash === "string"
        && /^#p=\S+$/.test(k.hash) && k.hash.length <= MAX_CODE + 3 ? k : null;
    } catch (e) {
      return null;
    }
  }

  /* "Keep this program on this phone" and "Forget it". `shown`: the program is on the page. */
  function keeping(root, shown) {
    var box = root.querySelector(".handout-personal__keep"), status = box.querySelector("[role=status]");
    var keep = box.querySelector("[data-keep]"), forget = box.querySelector("[data-forget]");
    function part(name) { return box.querySelector(".handout-personal__" + name); }
    function state() {
      var k = kept(), mine = !!k && k.hash === location.hash;
      part("keep-about").hidden = keep.hidden = mine || !shown;
      part("other").hidden = mine || !k || !shown;
      part("kept").hidden = forget.hidden = !mine;
      box.hidden = !shown && !mine;
    }
    keep.onclick = function () {
      try {
        localStorage.setItem(key(), JSON.stringify({ page: here(), hash: location.hash }));
      } catch (e) {
        status.textContent = W().word("personal.cannotKeep");
        return;
      }
      state();
      forget.focus();
      status.textContent = W().word("personal.kept");
    };
    forget.onclick = function () {
      try { localStorage.removeItem(key()); } catch (e) { /* nothing was kept */ }
      state();
      if (!box.hidden) keep.focus();
      (box.hidden ? root.querySelector(".handout-personal__message").appendChild(el("p")) : status).textContent =
        W().word("personal.forgotten");
    };
    state();
  }

  function show(root) {
    var message = root.querySelector(".handout-personal__message");
    function say(key, values) {
      el("p", null, W().word(key, values), message);
    }
    if (!window.DecompressionStream) return say("personal.unsupported");
    var mine = kept(), start = /^\?start(?:[=&]|$)/.test(location.search), linked = location.hash.length > 1;
    if (!linked) { // no link: the program kept on this phone, if any
      if (start && !mine) return location.replace(site()); // the home-screen icon, and nothing kept: the home page
      if (start && mine.page !== here()) return location.replace(site() + mine.page + mine.hash); // its language
      if (!mine) { // say so plainly, and how to get one; the note about "the link you opened" would not be true
        root.querySelector(".handout-personal__privacy").hidden = true;
        return say("personal.none");
      }
      history.replaceState(history.state, "", location.pathname + mine.hash);
    }
    var index = window.HandoutDom.json(root.dataset.index);
    index.then(function (found) {
      return decode(location.hash, found.limits).then(function (data) { return check(data, found); },
        function () { return null; });
    }, function () { return "index"; }).then(function (p) {
      if (p === "index") return say("sheet.notLoaded");
      if (!p) {
        keeping(root, false); // a kept program that cannot be shown any more can be forgotten
        return say(linked ? "personal.bad" : "personal.keptBad");
      }
      if (p.unchecked) say("personal.unchecked");
      if (p.unknown.length) say(W().pluralKey("personal.unknown", p.unknown.length), { names: p.unknown.join(", ") });
      if (!p.exercises.length) return say("personal.empty");
      return parts(root, p.exercises).then(function (blocks) { program(root, p, blocks); },
        function () { say("sheet.notLoaded"); });
    });
  }

  /* The checked program on the page: each exercise, the log of this week, the player, keep and forget. */
  function program(root, p, blocks) {
    var list = root.querySelector(".handout-personal__list"), pages = root.dataset.exercises;
    p.exercises.forEach(function (entry, i) { list.appendChild(section(entry, i + 1, blocks[i], pages)); });
    var who = root.querySelector(".handout-personal__for");
    who.querySelector("span").textContent = p.name;
    who.hidden = !p.name;
    var week = root.querySelector(".handout-week");
    if (week) week.dataset.exercises = p.exercises.map(function (entry) { return entry.exercise.slug; }).join(" ");
    root.querySelector(".handout-personal__program").hidden = false;
    root.querySelector(".handout-personal__exercises").hidden = false;
    keeping(root, true);
    T().mount();
    if (window.HandoutFigure) window.HandoutFigure.mount(); // each figure moves with its exercise's timer
    if (window.HandoutLog) window.HandoutLog.mount();
    var H = window.HandoutPlayer, player = H && (H.mount(), H.player());
    if (player) player.render(); // its length, now that the timers are here
  }

  function mount() {
    var root = document.querySelector(".handout-personal");
    if (!root || root.handoutMounted) return;
    root.handoutMounted = true;
    show(root);
  }

  window.HandoutLink = { encode: encode, decode: decode, check: check, mount: mount, kept: kept };
  window.addEventListener("hashchange", function () { // another link pasted into this page: read it afresh
    if (document.querySelector(".handout-personal") && /^#p=/.test(location.hash)) location.reload();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
