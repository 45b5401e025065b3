/* The dose as the pages write it, and the links a patient follows, checked (README "The timer link"): the only
 * place in the browser that writes or reads a dose's text or its data-* attributes, or knows a dose's plain values.
 * The same specification as handouts/model/linkcodec.py, which says it in full, and the same examples
 * (tests/vectors/links.json, run by pytest and by `node --test`).
 *   timer link      exercises/<slug>/#timer?v=2&<dose>&c=<check>
 *   personal link   my-program/#p=2/<slug>:<dose>/<slug>:<dose>[/n=<name>]/c=<check>
 * <dose> is "reps=6&sides=each&tempo=4" (keys in order, plain values left out); <name> UTF-8, %XX but A-Z a-z 0-9
 * - . _ ~; <check> the CRC-32 of the text before "&c=" ("/c="), with "<slug>#" before a timer link's, 8 hex digits.
 * A link is read only when it is exactly what the writer writes for what it reads back: else "damaged". Version 1
 * (no check) reads as "legacy". The plain values (what a key left out means: handouts.dose.NEUTRAL) come from the
 * build, never from here: the page's <script type="application/json" id="handout-dose">, or in node the examples'
 * (tests/vectors/browser.json). Pure: no network. window.HandoutLinkCodec, or require(…)(plain) in node. */
(function (root) {
  "use strict";
  var VERSION = 2, MAX_EXERCISES = 100, MAX_NAME = 200, MAX_LINK = 8000, MAX_SLUG = 100;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/, KEYS = { reps: 1, sets: 1, hold: 1, rest: 1, sides: 1, tempo: 1 };
  var LEGACY_CODE = /^p=([A-Za-z0-9_-]{16,8000})$/; // version 1: long enough for any program, never a cut version 2
  var NONE = { status: "none" }, DAMAGED = { status: "damaged" };
  var TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function utf8(text) { return new TextEncoder().encode(text); }

  /** The check of a link's text: the CRC-32 of its UTF-8 (zlib's), 8 lower-case hex digits. */
  function checkCode(text) {
    var bytes = utf8(text), c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ("0000000" + ((c ^ 0xffffffff) >>> 0).toString(16)).slice(-8);
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* The patient's name as the link writes it: each UTF-8 byte but A-Z a-z 0-9 - . _ ~ as %XX. */
  function nameText(name) {
    var bytes = utf8(name), out = "";
    for (var i = 0; i < bytes.length; i++) {
      var ch = String.fromCharCode(bytes[i]);
      out += /[A-Za-z0-9._~-]/.test(ch) ? ch : "%" + ("0" + bytes[i].toString(16).toUpperCase()).slice(-2);
    }
    return out;
  }

  function readName(text) {
    if (!/^(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})+$/.test(text)) return null;
    var bytes = text.match(/%[0-9A-F]{2}|[^%]/g).map(function (t) {
      return t.length === 3 ? parseInt(t.slice(1), 16) : t.charCodeAt(0);
    });
    try {
      var name = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
    } catch (e) {
      return null;
    }
    return name && Array.from(name).length <= MAX_NAME ? name : null;
  }

  /** The dose's written forms for the plain dose `plain` ({reps: 1, sets: 1, hold: null, hold_max: null, rest: 0,
   *  sides: null, tempo: 3}: what a key left out means), and the links that carry it. */
  function codec(plain) {

    /** The dose as a link carries it, "reps=6&hold=15-30&rest=5": keys at their plain value left out. */
    function doseText(d) {
      var parts = ["reps=" + d.reps];
      if (d.sets !== plain.sets) parts.push("sets=" + d.sets);
      if (d.hold != null) parts.push("hold=" + d.hold + (d.hold_max != null ? "-" + d.hold_max : ""));
      if (d.rest !== plain.rest) parts.push("rest=" + d.rest);
      if (d.sides) parts.push("sides=" + d.sides);
      if (d.tempo !== plain.tempo) parts.push("tempo=" + d.tempo);
      return parts.join("&");
    }

    /** A dose text as version 1 reads it: keys in any order, each once, within `limits` ({reps: [1, 100], …}); a
     *  key left out has its plain value (1 set, no hold, no rest, no sides, 3 s a move), never the exercise's own. */
    function looseDose(text, limits) {
      if (!limits) return null;
      var dose = {}, seen = {};
      for (var k in plain) dose[k] = plain[k];
      dose.reps = null; // a link always gives it
      var parts = String(text).split("&");
      for (var i = 0; i < parts.length; i++) {
        var kv = parts[i].split("="), key = kv[0], value = kv[1];
        if (kv.length !== 2 || !has(KEYS, key) || seen[key]) return null;
        seen[key] = true;
        if (key === "sides") {
          if (value !== "each") return null;
          dose.sides = "each";
          continue;
        }
        var n = (key === "hold" ? /^(\d{1,4})(?:-(\d{1,4}))?$/ : /^(\d{1,4})()$/).exec(value), lim = limits[key];
        if (!n || !lim) return null;
        var low = parseInt(n[1], 10), high = n[2] ? parseInt(n[2], 10) : null;
        if (low < lim[0] || low > lim[1] || (high !== null && (high <= low || high > lim[1]))) return null;
        dose[key] = low;
        if (key === "hold") dose.hold_max = high;
      }
      return dose.reps === null ? null : dose;
    }

    /** The dose of a dose text written exactly as doseText writes it and within `limits`, or null. */
    function readDose(text, limits) {
      var dose = looseDose(text, limits);
      return dose && doseText(dose) === text ? dose : null;
    }

    /** The dose in a timer's data-* attributes (`data`, its dataset), as partials/timer.html writes them: an empty
     *  or absent one has its plain value. */
    function dataDose(data) {
      function int(value, fallback) {
        var n = parseInt(value, 10);
        return isNaN(n) ? fallback : n;
      }
      return { reps: int(data.reps, plain.reps), sets: int(data.sets, plain.sets), hold: int(data.hold, plain.hold),
        hold_max: int(data.holdMax, plain.hold_max), rest: int(data.rest, plain.rest),
        sides: data.sides === "each" ? "each" : plain.sides, tempo: int(data.tempo, plain.tempo) };
    }

    /** Write `dose` into a timer's data-* attributes (`data`, its dataset), as partials/timer.html writes it. */
    function writeData(data, dose) {
      data.reps = dose.reps;
      data.sets = dose.sets;
      data.hold = dose.hold == null ? "" : dose.hold;
      data.holdMax = dose.hold_max == null ? "" : dose.hold_max;
      data.rest = dose.rest;
      data.sides = dose.sides || "";
      data.tempo = dose.tempo;
    }

    /** A timer link's fragment, after "#": "timer?v=2&reps=6&sides=each&c=…". */
    function timerFragment(slug, dose) {
      var body = "timer?v=" + VERSION + "&" + doseText(dose);
      return body + "&c=" + checkCode(slug + "#" + body);
    }

    /** A personal link's fragment, after "#", for {exercises: [[slug, dose], …], name}: "p=2/…/c=…". */
    function personalFragment(program) {
      var fields = ["p=" + VERSION].concat(program.exercises.map(function (e) {
        return e[0] + ":" + doseText(e[1]);
      }));
      if (program.name) fields.push("n=" + nameText(program.name));
      var body = fields.join("/");
      return body + "/c=" + checkCode(body);
    }

    /** What an exercise page's fragment (location.hash) holds for the exercise `slug`: {status: "none"} for no link
     *  (nothing with "=" or "?": "", "#timer", a heading's id), {status: "ok", dose} for a version 2 link written for
     *  this exercise, {status: "legacy", dose} for a version 1 link within bounds, else {status: "damaged"}. */
    function readTimer(hash, slug, limits) {
      var fragment = String(hash || "").replace(/^#/, "");
      if (fragment.indexOf("=") < 0 && fragment.indexOf("?") < 0) return NONE;
      if (fragment.indexOf("timer?v=") === 0) {
        var m = /^timer\?v=2&(.+)&c=[0-9a-f]{8}$/.exec(fragment);
        var dose = m && typeof slug === "string" && slug.length <= MAX_SLUG && SLUG.test(slug)
          && readDose(m[1], limits);
        return dose && timerFragment(slug, dose) === fragment ? { status: "ok", dose: dose } : DAMAGED;
      }
      var old = fragment.indexOf("timer?") === 0 && looseDose(fragment.slice(6), limits);
      return old ? { status: "legacy", dose: old } : DAMAGED;
    }

    /** What the personal program page's fragment holds: {status: "none"} (""), {status: "ok", exercises: [[slug,
     *  dose], …], name (or null)}, {status: "legacy", code} (version 1's base64url, for the page to decode), or
     *  {status: "damaged"}. */
    function readPersonal(hash, limits) {
      var fragment = String(hash || "").replace(/^#/, ""), legacy = LEGACY_CODE.exec(fragment);
      if (!fragment) return NONE;
      if (legacy) return legacy[1].length % 4 !== 1 ? { status: "legacy", code: legacy[1] } : DAMAGED;
      var m = /^p=2\/(.+)\/c=[0-9a-f]{8}$/.exec(fragment);
      if (!m || fragment.length > MAX_LINK) return DAMAGED;
      var fields = m[1].split("/"), name = null, exercises = [], seen = {};
      if (fields[fields.length - 1].indexOf("n=") === 0) {
        name = readName(fields.pop().slice(2));
        if (name === null) return DAMAGED;
      }
      for (var i = 0; i < fields.length; i++) {
        var at = fields[i].indexOf(":"), slug = at < 0 ? fields[i] : fields[i].slice(0, at);
        var dose = at >= 0 && slug.length <= MAX_SLUG && SLUG.test(slug) && readDose(fields[i].slice(at + 1), limits);
        if (!dose || has(seen, slug)) return DAMAGED;
        seen[slug] = true;
        exercises.push([slug, dose]);
      }
      if (exercises.length < 1 || exercises.length > MAX_EXERCISES) return DAMAGED;
      if (personalFragment({ exercises: exercises, name: name }) !== fragment) return DAMAGED;
      return { status: "ok", exercises: exercises, name: name };
    }

    return { VERSION: VERSION, plain: plain, checkCode: checkCode, doseText: doseText, looseDose: looseDose,
      readDose: readDose, dataDose: dataDose, writeData: writeData, timerFragment: timerFragment,
      personalFragment: personalFragment, readTimer: readTimer, readPersonal: readPersonal };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = codec;
    return;
  }
  if (root.HandoutLinkCodec) return;
  var page = document.getElementById("handout-dose"); // templates/main.html
  if (!page) throw new Error("linkcodec.js: the page has no plain dose (<script id=\"handout-dose\">)");
  root.HandoutLinkCodec = codec(JSON.parse(page.textContent));
})(this);
