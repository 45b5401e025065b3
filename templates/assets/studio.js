/* The figure studio (/studio/, a preview's only: handouts/site/studio.py). The controls edit a figure's keys; each
 * change is sent to the preview server (/_studio/figure), which writes the front matter, checks it as `check` does
 * and draws it as the build does, and the page shows what came back. Typing in the front matter box sends the text
 * instead, and the controls follow what the server read. No drawing, checking or YAML of its own.
 * Pure core, window.HandoutStudio: angle(pose, joint, side), setAngle(pose, joint, side, value), props(...). */
(function () {
  "use strict";
  if (window.HandoutStudio) return;

  function words(key) { return String(key).toLowerCase().split(/\s+/).filter(Boolean).join(" "); }

  /** A joint's angle in a pose as the engine reads it: the side's own key, else the key for both sides, else 0. */
  function angle(pose, joint, side) {
    var found = {};
    Object.keys(pose || {}).forEach(function (k) { found[words(k)] = pose[k]; });
    var own = side ? found[side + " " + joint] : undefined;
    if (typeof own === "number") return own;
    return typeof found[joint] === "number" ? found[joint] : 0;
  }

  /** The pose with one joint set: a key for both sides splits into one per side first; 0 is left out. */
  function setAngle(pose, joint, side, value) {
    var out = {}, both;
    Object.keys(pose || {}).forEach(function (k) {
      var w = words(k);
      if (side && w === joint) both = pose[k];
      else if (w !== (side ? side + " " + joint : joint)) out[k] = pose[k];
    });
    if (side && both !== undefined) {
      var other = side === "right" ? "left" : "right";
      if (!((other + " " + joint) in out) && both !== 0) out[other + " " + joint] = both;
    }
    if (value !== 0) out[side ? side + " " + joint : joint] = value;
    return out;
  }

  /** A prop's name and place as written: `chair`, `{wall: front}`, `{band: {…}}`. */
  function propOf(item) {
    if (typeof item === "string") return [words(item), null];
    var name = item && typeof item === "object" ? Object.keys(item)[0] : "";
    return [words(name || ""), item ? item[name] : null];
  }

  /** The props with one changed: `on` or off, at `place` (its usual place is written as the plain name). */
  function setProp(props, name, on, place, places) {
    var out = [], seen = false;
    (props || []).forEach(function (item) {
      if (propOf(item)[0] !== name) { out.push(item); return; }
      seen = true;
      if (on) out.push(written(item, name, place, places));
    });
    if (on && !seen) out.push(written(null, name, place, places));
    return out;
  }

  function written(item, name, place, places) {
    if (!places.length) return item || name;  // nothing to choose: kept as written (a band's ends)
    if (!place || place === places[0]) return name;
    var o = {}; o[name] = place; return o;
  }

  window.HandoutStudio = { angle: angle, setAngle: setAngle, setProp: setProp, propOf: propOf };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function option(select, value, text) { select.appendChild(el("option", { value: value }, text || value)); }

  function start() {
    var root = document.querySelector(".studio");
    if (!root || root.studio) return;
    root.studio = true;
    var settings = JSON.parse(root.getAttribute("data-settings")), answer = root.getAttribute("data-answer");
    var $ = function (s) { return root.querySelector(s); };
    var state = null, which = "start", asked = 0;

    // -- the controls, from the engine's tables ------------------------------------------------------------
    settings.poses.forEach(function (name) { option($("#studio-pose"), name); });
    settings.views.forEach(function (v) { option($("#studio-view"), v); });
    settings.postures.forEach(function (v) { option($("#studio-posture"), v); });
    settings.facings.forEach(function (v) { option($("#studio-facing"), v); });
    var propList = $(".studio-prop-list");
    Object.keys(settings.props).forEach(function (name) {
      var places = settings.props[name], id = "studio-prop-" + name.replace(/\s+/g, "-"), li = el("li");
      var box = el("input", { type: "checkbox", id: id, "data-prop": name });
      li.appendChild(box); li.appendChild(el("label", { "for": id }, name));
      if (places.length) {
        var where = el("select", { id: id + "-place", "data-place": name, "aria-label": "Where the " + name + " is" });
        places.forEach(function (p) { option(where, p); });
        li.appendChild(where);
      }
      propList.appendChild(li);
    });
    var jointList = $(".studio-joint-list");
    settings.joints.forEach(function (j) {
      (j[3] ? ["right", "left"] : [null]).forEach(function (side) {
        var name = side ? side + " " + j[0] : j[0], id = "studio-joint-" + name.replace(/\s+/g, "-");
        var li = el("li", { "class": "studio-joint" });
        li.appendChild(el("label", { "for": id }, name));
        li.appendChild(el("input", { type: "range", id: id, min: j[1], max: j[2], step: 1, value: 0,
          "data-joint": j[0], "data-side": side || "" }));
        li.appendChild(el("output", { "for": id }, "0°"));
        jointList.appendChild(li);
      });
    });

    // -- showing what the server said ----------------------------------------------------------------------
    function sync() {
      if (!state) return;
      ["view", "posture", "facing"].forEach(function (k) { $("#studio-" + k).value = state[k] || (k === "view" ? "side" : k === "facing" ? "right" : ""); });
      ["alt", "caption"].forEach(function (k) { if (document.activeElement !== $("#studio-" + k)) $("#studio-" + k).value = state[k] || ""; });
      var hl = state.highlight;
      if (document.activeElement !== $("#studio-highlight")) $("#studio-highlight").value = Array.isArray(hl) ? hl.join(", ") : (hl || "");
      var props = Array.isArray(state.props) ? state.props : state.props ? [state.props] : [];
      Object.keys(settings.props).forEach(function (name) {
        var item = props.filter(function (p) { return propOf(p)[0] === name; })[0];
        var box = root.querySelector('[data-prop="' + name + '"]'), where = root.querySelector('[data-place="' + name + '"]');
        box.checked = item !== undefined;
        if (where) where.value = item !== undefined && typeof propOf(item)[1] === "string" ? propOf(item)[1] : settings.props[name][0];
      });
      var poses = state.poses && typeof state.poses === "object" ? state.poses : {};
      var names = Object.keys(poses);
      if (names.indexOf(which) < 0) which = names[0] || "start";
      var group = $(".studio-which");
      group.textContent = "";
      names.forEach(function (name) {
        var id = "studio-which-" + name.replace(/\W+/g, "-");
        var label = el("label", { "for": id });
        var radio = el("input", { type: "radio", name: "studio-which", id: id, value: name });
        radio.checked = name === which;
        label.appendChild(radio); label.appendChild(document.createTextNode(" The " + name + " pose"));
        group.appendChild(label);
      });
      [].forEach.call(root.querySelectorAll("[data-joint]"), function (input) {
        var v = angle(poses[which], input.getAttribute("data-joint"), input.getAttribute("data-side") || null);
        input.value = v;
        input.nextSibling.textContent = v + "°";
      });
    }

    // `from`: what the question came from. The controls' own state stays theirs (a slider may have moved on since);
    // a starting pose, an exercise or typed text sets the controls; typed text is never written over.
    function show(result, from) {
      if (from !== "text") $("#studio-yaml").value = result.yaml;
      // Kept in the address: the preview reloads the page when a file is saved, and the figure comes back.
      history.replaceState(history.state, "", "#" + new URLSearchParams({ yaml: result.yaml }).toString());
      if (from !== "controls" && result.figure) { state = result.figure; sync(); }
      var problems = $(".studio-problems");
      problems.textContent = "";
      if (result.problems.length) {
        var list = el("ul");
        result.problems.forEach(function (p) { list.appendChild(el("li", {}, "Line " + p.line + ": " + p.message)); });
        problems.appendChild(el("p", {}, "Check says:"));
        problems.appendChild(list);
      }
      if (result.svg) {
        $(".studio-drawing").innerHTML = result.svg;  // the server's own drawing (figure_svg), as a page has it
        var still = $(".studio-drawing svg");
        still.removeAttribute("data-pose");  // stays as the start and end, side by side
        // figure.js moves a figure with the timer in its .handout-exercise: this one's stands in for it.
        $(".studio-moving").innerHTML = '<div class="handout-exercise"><span class="exercise-timer" hidden></span>' +
          result.svg + "</div>";
        if (window.HandoutFigure) window.HandoutFigure.mount();
      }
      $(".studio-drawing").classList.toggle("studio-stale", !!result.problems.length);
    }

    function ask(query, from) {
      var n = ++asked, params = new URLSearchParams(query);
      root.setAttribute("aria-busy", "true");
      return fetch(answer + "?" + params.toString(), { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (result) {
          if (n !== asked) return;  // a newer question is on its way: only its answer is shown
          show(result, from);
        })
        .finally(function () { if (n === asked) root.setAttribute("aria-busy", "false"); });
    }
    function send() { ask({ state: JSON.stringify(state || {}) }, "controls"); }

    // -- what the clinician does -------------------------------------------------------------------------
    $("#studio-start").addEventListener("click", function () { which = "start"; ask({ pose: $("#studio-pose").value }); });
    ["view", "posture", "facing", "alt", "caption"].forEach(function (k) {
      $("#studio-" + k).addEventListener(k === "alt" || k === "caption" ? "input" : "change", function (e) {
        state = state || {}; state[k] = e.target.value; send();
      });
    });
    $("#studio-highlight").addEventListener("input", function (e) {
      state = state || {};
      state.highlight = e.target.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      send();
    });
    propList.addEventListener("change", function (e) {
      var name = e.target.getAttribute("data-prop") || e.target.getAttribute("data-place");
      if (!name) return;
      var box = root.querySelector('[data-prop="' + name + '"]'), where = root.querySelector('[data-place="' + name + '"]');
      if (e.target === where) box.checked = true;
      state = state || {};
      var props = Array.isArray(state.props) ? state.props : state.props ? [state.props] : [];
      state.props = setProp(props, name, box.checked, where ? where.value : null, settings.props[name]);
      send();
    });
    $(".studio-which").addEventListener("change", function (e) { which = e.target.value; sync(); });
    jointList.addEventListener("input", function (e) {
      var input = e.target, joint = input.getAttribute("data-joint");
      if (!joint || !state) return;
      var value = Number(input.value);
      input.nextSibling.textContent = value + "°";
      state.poses = state.poses || {};
      state.poses[which] = setAngle(state.poses[which], joint, input.getAttribute("data-side") || null, value);
      send();
    });
    $("#studio-yaml").addEventListener("input", function (e) { ask({ yaml: e.target.value }, "text"); });
    $("#studio-copy").addEventListener("click", function () {
      var text = $("#studio-yaml").value, status = $(".studio-copied");
      function done() { status.textContent = "Copied. Paste it into the exercise's front matter."; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () {
          $("#studio-yaml").select(); status.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy.";
        });
      } else { $("#studio-yaml").select(); status.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy."; }
    });

    // The movement: the lower figure (assets/figure.js) goes from the start to the end pose and back, over and over.
    setInterval(function () {
      document.dispatchEvent(new CustomEvent("handout:phase", {
        detail: { root: $(".studio-moving .exercise-timer"), type: "move", seconds: 2.5, status: "running" } }));
    }, 3000);

    root.hidden = false;
    var exercise = new URLSearchParams(location.search).get("exercise");
    var kept = new URLSearchParams(location.hash.slice(1)).get("yaml");
    ask(kept !== null ? { yaml: kept } : exercise ? { exercise: exercise } : { pose: settings.poses[0] });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
