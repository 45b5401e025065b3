/* An exercise's figure moves with its timer (after timer.js). The figure (handouts/render/figures.py) is an inline SVG with
 * the first and the last key pose side by side; its data-pose holds, for every key pose, each segment's joint angle.
 * This script shows one pose that moves: it eases from the start to the end pose during a rep (and back, for a rep
 * without a hold), stays at the end during a hold, returns during a rest, turns round for the other side, and rests at
 * the start when idle. With prefers-reduced-motion (or without JavaScript) both poses stay side by side.
 * Pure core, window.HandoutFigure: plan(type, seconds, poses), place(data, values). No words of its own. */
(function () {
  "use strict";
  if (window.HandoutFigure) return;
  var EASE = 1.5; // seconds to get into a hold, or back out of it

  /** [targets, seconds to reach the last one] for a phase: keyframes are key pose numbers. */
  function plan(type, seconds, poses) {
    var all = [];
    for (var i = 1; i < poses; i++) all.push(i);
    if (type === "move") return [all.concat([0]), seconds];
    if (type === "hold") return [all, Math.min(EASE, seconds * 0.4)];
    if (type === "rest") return [[0], Math.min(EASE, seconds * 0.5)];
    return [[0], 0.6];
  }

  function smooth(x) { return x * x * (3 - 2 * x); }

  /** The values (each segment's [angle, scale, dx, dy], then the root's [x, y, angle]) at x (0..1) along keyframes. */
  function along(from, frames, x) {
    var n = frames.length, k = Math.min(n - 1, Math.floor(x * n)), w = smooth(Math.min(1, x * n - k));
    var a = k ? frames[k - 1] : from, b = frames[k];
    return a.map(function (v, i) { return v + (b[i] - v) * w; });
  }

  /** Forward kinematics, as handouts/render/figures.py _world does it: [x, y, angle, scale] of each segment (y up). */
  function place(data, values) {
    var segs = data[0], out = [], n = segs.length;
    for (var i = 0; i < n; i++) {
      var a = values[4 * i], s = values[4 * i + 1], p = segs[i][0];
      if (p < 0) { out.push([values[4 * n], values[4 * n + 1], values[4 * n + 2] + a, s]); continue; }
      var q = out[p], ax = segs[i][1] * q[3] + values[4 * i + 2], ay = segs[i][2] + values[4 * i + 3];
      var r = q[2] * Math.PI / 180, c = Math.cos(r), sn = Math.sin(r);
      out.push([q[0] + ax * c - ay * sn, q[1] + ax * sn + ay * c, q[2] + a, s]);
    }
    return out;
  }

  function flat(data, pose) { return [].concat.apply([], data[1][pose]).concat(data[2][pose]); }

  function Figure(svg) {
    var f = this, data = JSON.parse(svg.getAttribute("data-pose"));
    var panes = svg.querySelectorAll(".pf-pane");
    f.svg = svg; f.data = data; f.poses = data[1].map(function (_, i) { return flat(data, i); });
    f.pane = panes[0]; f.flip = f.pane.querySelector(".pf-flip");
    f.groups = f.pane.querySelectorAll("[data-i]");
    f.lines = f.pane.querySelectorAll(".pf-line");
    f.facing = f.flip.getAttribute("transform") || ""; // a figure facing left is drawn mirrored
    [].forEach.call(panes, function (p, i) { if (i) p.style.display = "none"; });
    var next = svg.querySelector(".pf-next");
    if (next) next.style.display = "none";
    svg.setAttribute("viewBox", "0 0 " + data[3][0] + " " + data[3][1]);
    svg.classList.add("pose-figure__svg--moving");
    f.now = f.poses[0];
    f.show(f.now);
  }

  Figure.prototype = {
    show: function (values) {
      var world = place(this.data, values), r = function (v) { return Math.round(v * 10) / 10; };
      [].forEach.call(this.groups, function (g) {
        var w = world[+g.getAttribute("data-i")], s = Math.abs(w[3]) < 0.01 ? 0.01 : w[3];
        g.setAttribute("transform", "translate(" + r(w[0]) + " " + r(-w[1]) + ") rotate(" + r(-w[2]) + ")" +
          (Math.abs(s - 1) > 0.001 ? " scale(" + Math.round(s * 1000) / 1000 + " 1)" : ""));
      });
      // What is tied to the body (a band, a strap): [segment, along, segment, along], or [.., -1, x, y] fixed.
      function end(i, a) {
        var w = world[i], t = w[2] * Math.PI / 180;
        return [w[0] + a * Math.cos(t), w[1] + a * Math.sin(t)];
      }
      [].forEach.call(this.lines, function (el, k) {
        var l = this.data[4][k], p = end(l[0], l[1]), q = l[2] < 0 ? [l[3], l[4]] : end(l[2], l[3]);
        el.setAttribute("d", "M" + r(p[0]) + " " + r(-p[1]) + "L" + r(q[0]) + " " + r(-q[1]));
      }, this);
      this.now = values;
    },
    /* A phase began (or paused, or resumed): move from where the figure is now. */
    phase: function (d) {
      var f = this, p = plan(d.type, d.seconds || 0, f.poses.length);
      cancelAnimationFrame(f.frame);
      var cx = f.data[3][2];
      var mirror = "translate(" + 2 * cx + " 0) scale(-1 1)";  // the other side: the figure turns round
      f.flip.setAttribute("transform", d.side === "left" ? (f.facing ? "" : mirror) : f.facing);
      if (d.status !== "paused" || !f.from || f.phaseKey !== d.type + d.seconds) f.from = f.now;
      f.phaseKey = d.type + d.seconds;
      var frames = p[0].map(function (i) { return f.poses[i]; }), start = performance.now() - (d.elapsed || 0);
      function step(now) {
        // A frame's time stamp may be a little before start: clamp to 0..1.
        var x = p[1] > 0 ? Math.max(0, Math.min(1, (now - start) / (p[1] * 1000))) : 1;
        f.show(along(f.from, frames, x));
        if (x < 1 && d.status === "running") f.frame = requestAnimationFrame(step);
      }
      step(performance.now());
    }
  };

  var figures = [];
  function mount() {
    if (window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    var svgs = document.querySelectorAll("svg.pose-figure__svg[data-pose]");
    for (var i = 0; i < svgs.length; i++) {
      if (svgs[i].handoutFigure) continue;
      var scope = svgs[i].closest(".handout-exercise") || document;
      var timer = scope.querySelector(".exercise-timer");
      svgs[i].handoutFigure = new Figure(svgs[i]);
      figures.push({ figure: svgs[i].handoutFigure, timer: timer });
    }
  }

  document.addEventListener("handout:phase", function (e) {
    figures.forEach(function (x) { if (x.timer === e.detail.root) x.figure.phase(e.detail); });
  });
  window.HandoutFigure = { plan: plan, place: place, along: along, mount: mount };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
