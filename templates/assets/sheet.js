/* The sheet builder (/sheet/; README "Make a sheet"). A clinician picks exercises from the build's index
 * (sheet/exercises.json, handouts/patient/builder.py), sets each dose within the content schema's bounds, and prints with the
 * browser. The printed sheet is the build's printable parts, rendered by the PDFs' own templates, with the doses,
 * the name and the notes put in as text only. The personal link (assets/linkcodec.js) and its QR code
 * (vendor/qrcode-generator) carry the exercises and doses, and the name only when the clinician ticks the box.
 * Nothing is sent anywhere; a draft (localStorage) never keeps the name. Words: handouts/i18n/words.py, through
 * assets/words.js (the dose in words too); the dose's text and plain values: assets/linkcodec.js.
 * Pure core, window.HandoutSheet: readDose(fields, limits, tempo), filter(index, text, area, position, equipment),
 * qrImage(text). */
(function () {
  "use strict";
  if (window.HandoutSheet) { window.HandoutSheet.mount(); return; } // material's instant pages run it again
  var DRAFT = "handout-sheet-draft", FIELDS = ["reps", "sets", "hold", "hold_max", "rest"];

  // The shared modules (assets/dom.js, words.js, linkcodec.js) come after this script on a page's first load (it is
  // in the page's content, so that material's instant pages run it), and are there once the page is read.
  function W() { return window.HandoutWords; }
  function C() { return window.HandoutLinkCodec; }
  function word(key, values) { return W().word(key, values); }
  function el(tag, cls, text, parent) { return window.HandoutDom.el(tag, cls, text, parent); }

  /** The dose in a chosen exercise's fields ({reps: "8", hold: "", sides: true, ...}), each checked against
   *  `limits` (the schema's bounds): {dose, bad: [the names of the fields out of bounds]}. */
  function readDose(f, limits, tempo) {
    var dose = {}, bad = [];
    for (var k in C().plain) dose[k] = C().plain[k];
    dose.sides = f.sides ? "each" : null;
    dose.tempo = tempo;
    FIELDS.forEach(function (k) {
      var text = String(f[k] == null ? "" : f[k]).trim(), lim = limits[k === "hold_max" ? "hold" : k];
      if (text === "" && (k === "hold" || k === "hold_max")) return;
      var n = /^\d{1,4}$/.test(text) ? parseInt(text, 10) : NaN;
      if (n >= lim[0] && n <= lim[1]) dose[k] = n;
      else bad.push(k);
    });
    if (dose.hold_max != null && (dose.hold == null || dose.hold_max <= dose.hold)) {
      bad.push("hold_max");
      dose.hold_max = null;
    }
    return { dose: dose, bad: bad };
  }

  /** One piece of equipment as the filter compares it (handouts/render/choosing.py, equipment_key). */
  function equipmentKey(thing) { return thing.toLowerCase().split(/\s+/).filter(Boolean).join(" "); }

  /** The exercises of the index in `area` (its number, or "" for all), starting in `position` ("standing",
   *  "sitting", "lying", or ""/undefined for any), needing `equipment` (its key, "-" for none, ""/undefined for
   *  any), with every word of `text` in their title, areas, equipment or tags. */
  function filter(index, text, area, position, equipment) {
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    return index.exercises.filter(function (x) {
      if (area !== "" && x.areas.indexOf(+area) < 0) return false;
      if (position && x.position !== position) return false;
      var things = (x.equipment || []).map(equipmentKey);
      if (equipment === "-" ? things.length > 0 : equipment && things.indexOf(equipment) < 0) return false;
      var all = [x.title].concat(x.areas.map(function (a) { return index.areas[a]; }), x.equipment || [],
        x.tags || []).join(" ").toLowerCase();
      return words.every(function (w) { return all.indexOf(w) >= 0; });
    });
  }

  /** A QR code of `text` as an SVG image's data: address (drawn here from the encoder's modules; no markup of its). */
  function qrImage(text) {
    var qr = window.qrcode(0, "M");
    qr.addData(text, "Byte");
    qr.make();
    var n = qr.getModuleCount(), size = n + 8, path = "";
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) if (qr.isDark(r, c)) path += "M" + (c + 4) + "," + (r + 4) + "h1v1h-1z";
    }
    var svg = ["<svg", "xmlns='http://www.w3.org/2000/svg'", "viewBox='0 0 " + size + " " + size + "'",
      "shape-rendering='crispEdges'><rect", "width='" + size + "'", "height='" + size + "'", "fill='#fff'/><path",
      "d='" + path + "'/></svg>"].join(" ");
    return "data:image/svg+xml," + encodeURIComponent(svg);
  }

  /** "24 November 2026" for "2026-11-24", as the PDF sheet dates it (handouts/patient/sheet.py, long_date). */
  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return "";
    var at = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    var month = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { month: "long",
      timeZone: "UTC" }).format(at);
    return word("date.long", { day: +m[3], month: month, year: m[1] });
  }

  function today() {
    var d = new Date();
    return [d.getFullYear(), ("0" + (d.getMonth() + 1)).slice(-2), ("0" + d.getDate()).slice(-2)].join("-");
  }

  function Sheet(root) {
    var s = this;
    s.root = root;
    s.items = [];
    s.parts = {};
    s.loading = {};
    s.programs = []; // the programs the sheet was started from
    s.out = document.querySelector(".sheet-print");
    s.f = {};
    ["program", "search", "area", "position", "equipment", "name", "clinician", "date", "notes", "large", "paper", "name-in-link"]
      .forEach(function (n) { s.f[n] = document.getElementById("sheet-" + n); });
    window.HandoutDom.json(root.dataset.index).then(function (index) { s.start(index); },
      function () { s.status(word("sheet.notLoaded")); root.hidden = false; });
  }

  Sheet.prototype = {
    q: function (selector) { return this.root.querySelector(selector); },
    status: function (text) { this.q(".sheet-status").textContent = text; },
    start: function (index) {
      var s = this, f = s.f, list = s.q(".sheet-list");
      s.index = index;
      s.known = {};
      index.exercises.forEach(function (x) { s.known[x.slug] = x; });
      index.areas.forEach(function (a, i) {
        f.area.appendChild(el("option", null, a.charAt(0).toUpperCase() + a.slice(1))).value = i;
      });
      index.programs.forEach(function (p) { f.program.appendChild(el("option", null, p.title)).value = p.slug; });
      f.date.value = f.date.value || today();
      f.paper.value = s.root.dataset.paper === "a4" ? "a4" : "letter";
      f.search.addEventListener("input", function () { s.showPicks(); });
      ["area", "position", "equipment"].forEach(function (n) {
        f[n].addEventListener("change", function () { s.showPicks(); });
      });
      f.program.addEventListener("change", function () {
        s.addProgram(f.program.value);
        f.program.value = "";
      });
      s.q(".sheet-exercises").addEventListener("change", function (e) {
        var x = s.known[e.target.value];
        if (x && e.target.checked) s.add(x, x.dose);
        else if (x) s.remove(s.find(x.slug), true);
      });
      list.addEventListener("input", function (e) { s.changed(s.itemOf(e.target)); });
      list.addEventListener("click", function (e) {
        var button = e.target.closest("button"), item = button && s.itemOf(button);
        if (!item) return;
        if (button.hasAttribute("data-remove")) s.remove(item);
        else s.move(item, +button.getAttribute("data-move"), button);
      });
      s.drag(list);
      ["name", "clinician", "date", "notes", "large", "paper", "name-in-link"].forEach(function (n) {
        f[n].addEventListener("input", function () { s.update(); });
        f[n].addEventListener("change", function () { s.update(); });
      });
      s.root.addEventListener("click", function (e) {
        var action = e.target.closest("[data-sheet]");
        if (action) s[action.getAttribute("data-sheet")]();
      });
      window.addEventListener("beforeprint", function () { if (s.root.isConnected) s.fill(); });
      s.restore();
      s.root.hidden = false;
      s.showPicks();
      s.update();
    },
    showPicks: function () {
      var s = this, ul = s.q(".sheet-exercises"), site = s.root.dataset.site || "";
      var found = filter(s.index, s.f.search.value, s.f.area.value, s.f.position.value, s.f.equipment.value);
      ul.textContent = "";
      found.forEach(function (x) {
        var li = ul.appendChild(el("li")), box = li.appendChild(el("input"));
        box.type = "checkbox";
        box.id = "sheet-pick-" + x.slug;
        box.value = x.slug;
        box.checked = !!s.find(x.slug);
        li.appendChild(document.createTextNode(" "));
        if (x.picture) { // its small picture (handouts/render/choosing.py), from the site's root, with its words
          var img = el("img", "sheet-exercises__picture", null, li);
          img.alt = x.alt || "";
          img.width = 84;
          img.height = 63;
          img.loading = "lazy";
          img.src = site + x.picture;
        }
        li.appendChild(el("label", null, x.title)).htmlFor = box.id;
        li.appendChild(el("span", "sheet-exercises__areas", x.areas.map(function (a) { return s.index.areas[a]; })
          .join(", ")));
      });
      s.q(".sheet-found").textContent = found.length ? W().count("sheet.found", found.length)
        : word("sheet.foundNone");
    },
    find: function (slug) { return this.items.filter(function (i) { return i.x.slug === slug; })[0]; },
    itemOf: function (node) {
      var li = node.closest(".sheet-item");
      return this.items.filter(function (i) { return i.li === li; })[0];
    },
    /* Add an exercise with a dose (as a link writes it); an exercise already on the sheet keeps its own. */
    add: function (x, text) {
      if (this.find(x.slug)) return null;
      var s = this, own = C().looseDose(x.dose, s.index.limits);
      var dose = C().looseDose(text, s.index.limits) || own;
      var li = document.getElementById("sheet-item").content.firstElementChild.cloneNode(true);
      var item = { x: x, own: own, dose: dose, bad: [], li: li };
      li.querySelector(".sheet-item__title").textContent = x.title;
      FIELDS.forEach(function (k) {
        var input = s.field(item, k), lim = s.index.limits[k === "hold_max" ? "hold" : k];
        input.min = lim[0];
        input.max = lim[1];
        input.value = dose[k] == null ? "" : dose[k];
      });
      s.field(item, "sides").checked = dose.sides === "each";
      s.items.push(item);
      s.q(".sheet-list").appendChild(li);
      s.load(x.slug);
      s.changed(item);
      var box = document.getElementById("sheet-pick-" + x.slug);
      if (box) box.checked = true;
      return item;
    },
    addProgram: function (slug) {
      var s = this, p = s.index.programs.filter(function (x) { return x.slug === slug; })[0];
      if (!p) return;
      p.exercises.forEach(function (e) { if (s.known[e[0]]) s.add(s.known[e[0]], e[1]); });
      if (s.programs.indexOf(slug) < 0) s.programs.push(slug);
      s.update();
    },
    /* The program that heads the sheet, as build.py handout heads it: the one program it was started from, while
     * every exercise of it is still on the sheet (others may be added); or null, for the plain title. */
    program: function () {
      var s = this, p = s.programs.length === 1 && s.index.programs.filter(function (x) {
        return x.slug === s.programs[0];
      })[0];
      return p && p.exercises.every(function (e) { return !s.known[e[0]] || s.find(e[0]); }) ? p : null;
    },
    perDay: function () { var p = this.program(); return (p && p.perDay) || 1; },
    heading: function () { var p = this.program(); return "heading/" + (p ? p.slug : "_none"); },
    field: function (item, name) { return item.li.querySelector("[name='" + name + "']"); },
    values: function (item) {
      var s = this, v = { sides: s.field(item, "sides").checked };
      FIELDS.forEach(function (k) { v[k] = s.field(item, k).value; });
      return v;
    },
    changed: function (item) {
      if (!item) return;
      var s = this, read = readDose(s.values(item), s.index.limits, item.own.tempo), lim = s.index.limits;
      item.bad = read.bad;
      if (!read.bad.length) item.dose = read.dose;
      FIELDS.forEach(function (k) { s.field(item, k).setAttribute("aria-invalid", read.bad.indexOf(k) >= 0); });
      item.li.querySelector(".sheet-item__error").textContent = read.bad.map(function (k) {
        var l = lim[k === "hold_max" ? "hold" : k];
        return word("sheet.bad." + k, { low: l[0], high: l[1] });
      }).join(" ");
      item.li.querySelector(".sheet-item__sentence").textContent = read.bad.length ? "" : W().doseSentence(item.dose);
      s.update();
    },
    remove: function (item, fromPicks) {
      if (!item) return;
      var s = this, at = s.items.indexOf(item), box = document.getElementById("sheet-pick-" + item.x.slug);
      s.items.splice(at, 1);
      item.li.remove();
      if (box) box.checked = false;
      if (!fromPicks) { // the focus goes to the next exercise on the sheet, or back to the search
        var next = s.items[Math.min(at, s.items.length - 1)];
        (next ? next.li.querySelector("[data-remove]") : s.f.search).focus();
      }
      s.update();
    },
    move: function (item, by, button) {
      var s = this, at = s.items.indexOf(item), to = at + by;
      if (to < 0 || to >= s.items.length) return;
      s.items.splice(at, 1);
      s.items.splice(to, 0, item);
      s.order();
      if (button) button.focus();
      s.q(".sheet-count").textContent = word("sheet.moved", { title: item.x.title, n: to + 1 });
      s.update(true);
    },
    order: function () {
      var list = this.q(".sheet-list");
      this.items.forEach(function (i) { list.appendChild(i.li); });
    },
    /* Drag an exercise to its place; the list's order is read back when it is dropped. */
    drag: function (list) {
      var s = this, dragged = null;
      list.addEventListener("dragstart", function (e) {
        dragged = e.target.closest && e.target.closest(".sheet-item");
        if (dragged && e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      });
      list.addEventListener("dragover", function (e) {
        var over = e.target.closest && e.target.closest(".sheet-item");
        if (!dragged || !over) return;
        e.preventDefault();
        if (over === dragged) return;
        var box = over.getBoundingClientRect();
        list.insertBefore(dragged, e.clientY > box.top + box.height / 2 ? over.nextSibling : over);
      });
      list.addEventListener("drop", function (e) { e.preventDefault(); });
      list.addEventListener("dragend", function () {
        var order = [].slice.call(list.children);
        s.items.sort(function (a, b) { return order.indexOf(a.li) - order.indexOf(b.li); });
        dragged = null;
        s.update();
      });
    },
    /* The printable part `name` (an exercise's slug, or "log-grid-N"), fetched once from this site. */
    load: function (name) {
      var s = this;
      if (!s.loading[name]) {
        s.loading[name] = window.HandoutDom.part(s.root.dataset.parts + name + ".htm").then(function (part) {
          s.parts[name] = part;
          s.fill();
        }, function (e) { delete s.loading[name]; throw e; });
      }
      return s.loading[name];
    },
    update: function (keepCount) {
      var s = this, n = s.items.length;
      if (!keepCount) s.q(".sheet-count").textContent = n ? W().count("sheet.count", n) : word("sheet.countNone");
      s.load("log-grid-" + s.perDay());
      s.load(s.heading());
      s.fill();
      s.link();
    },
    /* The personal link (assets/linkcodec.js, with its check) and its QR code, for the doses as they are now. */
    link: function () {
      var s = this, ok = s.items.length && s.items.every(function (i) { return !i.bad.length; });
      var name = s.f["name-in-link"].checked && s.f.name.value.trim();
      var qr = s.q(".sheet-link__qr"), printed = s.out.querySelector(".sheet-print__qr");
      s.q(".sheet-link__none").hidden = !!ok;
      s.q(".sheet-link__ready").hidden = qr.hidden = printed.hidden = !ok;
      s.linked = Promise.resolve();
      if (!ok) return;
      var program = { exercises: s.items.map(function (i) { return [i.x.slug, i.dose]; }), name: name || null };
      var url = new URL(s.root.dataset.personal, location.href).href + "#"
        + C().personalFragment(program);
      s.q(".sheet-link__url").href = url;
      qr.src = printed.querySelector("img").src = qrImage(url);
    },
    /* The printed sheet, as the doses, the name and the notes are now: text only. */
    fill: function () {
      var s = this, p = s.out, f = s.f;
      function put(key, text) {
        var row = p.querySelector("[data-print='" + key + "']"), span = row.querySelector("span") || row;
        span.textContent = text;
        if (row !== span) row.hidden = !text;
      }
      put("patient", f.name.value.trim());
      put("date", longDate(f.date.value));
      put("clinician", f.clinician.value.trim());
      put("notes", f.notes.value.trim());
      var heading = p.querySelector(".sheet-print__heading"), top = s.parts[s.heading()];
      heading.textContent = "";
      if (top) heading.appendChild(top.cloneNode(true));
      p.classList.toggle("sheet-print--a4", f.paper.value === "a4");
      p.classList.toggle("sheet-print--letter", f.paper.value !== "a4");
      p.classList.toggle("sheet-print--large", f.large.checked);
      var box = p.querySelector(".sheet-print__exercises");
      box.textContent = "";
      s.items.forEach(function (item) {
        var part = s.parts[item.x.slug];
        if (!part) return;
        var node = part.cloneNode(true), steps = node.querySelector(".timer-print__dose");
        var sentence = node.querySelector(".handout-dose__sentence");
        if (sentence) sentence.textContent = W().doseSentence(item.dose);
        if (steps) { // its own dose's hold and rest, then what the template says after them
          var rest = steps.textContent.trim().slice(W().printDose(item.own).length).trim();
          steps.textContent = [W().printDose(item.dose), rest].filter(Boolean).join(" ");
        }
        box.appendChild(node);
      });
      var grid = p.querySelector(".sheet-print__grid"), log = s.parts["log-grid-" + s.perDay()];
      grid.textContent = "";
      if (log && s.items.length) {
        var table = log.cloneNode(true), first = table.querySelector("tbody > tr");
        s.items.forEach(function (item) {
          var row = first.cloneNode(true);
          row.querySelector("th").textContent = item.x.title;
          first.parentNode.insertBefore(row, first);
        });
        first.remove();
        grid.appendChild(table);
      }
    },
    print: function () {
      var s = this, bad = s.items.filter(function (i) { return i.bad.length; })[0];
      if (!s.items.length) return s.status(word("sheet.chooseFirst"));
      if (bad) {
        s.status(word("sheet.fixFirst"));
        return bad.li.querySelector("[aria-invalid='true']").focus();
      }
      s.status("");
      var waits = s.items.map(function (i) { return s.load(i.x.slug); });
      Promise.all(waits.concat([s.load("log-grid-" + s.perDay()), s.load(s.heading()), s.linked])).then(function () {
        s.fill();
        window.print();
      }, function () { s.status(word("sheet.notLoaded")); });
    },
    save: function () { // the exercises, the fields as typed, the clinician and the notes: never the name
      var s = this, f = s.f;
      var draft = { v: 1, items: s.items.map(function (i) { return [i.x.slug, s.values(i)]; }),
        clinician: f.clinician.value, notes: f.notes.value, large: f.large.checked, paper: f.paper.value,
        programs: s.programs };
      try {
        localStorage.setItem(DRAFT, JSON.stringify(draft));
        s.status(word("sheet.saved"));
      } catch (e) { /* private mode: nothing kept */ }
    },
    restore: function () {
      var s = this, f = s.f, draft = null;
      try { draft = JSON.parse(localStorage.getItem(DRAFT)); } catch (e) { /* none */ }
      if (!draft || draft.v !== 1 || !Array.isArray(draft.items)) return;
      draft.items.forEach(function (entry) {
        var x = Array.isArray(entry) && Object.prototype.hasOwnProperty.call(s.known, entry[0]) && s.known[entry[0]];
        var item = x && s.add(x, x.dose), v = entry[1];
        if (!item || !v || typeof v !== "object") return;
        FIELDS.forEach(function (k) { if (typeof v[k] === "string") s.field(item, k).value = v[k]; });
        s.field(item, "sides").checked = v.sides === true;
        s.changed(item);
      });
      f.clinician.value = typeof draft.clinician === "string" ? draft.clinician : "";
      f.notes.value = typeof draft.notes === "string" ? draft.notes : "";
      f.large.checked = draft.large === true;
      f.paper.value = draft.paper === "a4" ? "a4" : "letter";
      s.programs = (Array.isArray(draft.programs) ? draft.programs : []).filter(function (slug) {
        return s.index.programs.some(function (x) { return x.slug === slug; });
      });
      s.update();
      s.status(word("sheet.draftOpened"));
    },
    clear: function () {
      var s = this, f = s.f;
      s.items.slice().forEach(function (i) { s.remove(i, true); });
      ["name", "clinician", "notes", "search"].forEach(function (n) { f[n].value = ""; });
      f.large.checked = f["name-in-link"].checked = false;
      f.paper.value = s.root.dataset.paper === "a4" ? "a4" : "letter";
      f.date.value = today();
      f.area.value = "";
      s.programs = [];
      try { localStorage.removeItem(DRAFT); } catch (e) { /* nothing kept */ }
      s.showPicks();
      s.update();
      s.status(word("sheet.cleared"));
    }
  };

  var sheet = null;

  function mount() {
    var root = document.querySelector(".handout-sheet");
    if (root && (!sheet || sheet.root !== root)) sheet = new Sheet(root);
  }

  window.HandoutSheet = { readDose: readDose, filter: filter,
    qrImage: qrImage, longDate: longDate, mount: mount, sheet: function () { return sheet; } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
