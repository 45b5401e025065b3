/* The exercise timer: hands-free, from the dose in a root element's data attributes.
 * Vanilla JS, no dependency, no network; after assets/dom.js, words.js and linkcodec.js. Public: window.HandoutTimer
 * (phases, parseDose, doseSentence, mount, instances, settings, listen), or in node require(…)(words, plain) for
 * its pure core, phases. A timer link (assets/linkcodec.js) runs its dose on an exercise page.
 * Words: handouts/i18n/words.py, through assets/words.js. One timer runs at a time. listen(fn): fn(event, timer, phase,
 * kind) on "start", "cue" (returns true if it made the sound), "render", "pause", "reset" (assets/player.js).
 * Sounds: window.handoutTimerSounds = {ready, hold, move, rest, switch, done, range (Hz), seconds, volume, vibrate}
 * merged over SOUNDS below; a root's data-beep-frequency sets the default pitch of that one timer. */
(function () {
  "use strict";
  var READY = 5, READY_MAX = 30, SWITCH = 10, SET_BREAK = 10; // seconds: get into position (5 to 30, a setting),
  // roll over, between sets
  var SIDES = ["right", "left"];

  /** The timer's pure heart: {phases, total}. `W` (assets/words.js) names and says each phase; `plain` is the plain
   *  dose (assets/linkcodec.js), what a key left out of a dose means. */
  function core(W, plain) {
    var word = W.word;

    /** Every phase of a dose, in order, ending with "done". `options` (settings()): `ready` seconds to get ready
     *  (5 if left out); `hold: "short"` holds a range such as 15-30 for its low end. */
    function phases(dose, options) {
      var o = options || {}, reps = Math.max(1, dose.reps || plain.reps), sets = Math.max(1, dose.sets || plain.sets);
      var rest = dose.rest || plain.rest;
      var hold = dose.hold == null ? null : dose.hold;
      var top = dose.hold_max == null || o.hold === "short" ? hold : dose.hold_max;
      var sides = dose.sides === "each" ? SIDES : [null], tempo = dose.tempo || plain.tempo, list = [];
      function add(type, seconds, say, extra) {
        var p = { type: type, seconds: seconds, label: word("phase." + type), say: say, rep: null, reps: reps, set: 1,
          sets: sets, side: null };
        for (var k in extra) p[k] = extra[k];
        list.push(p);
      }
      add("ready", o.ready || READY, word(sides[0] ? "say.ready." + sides[0] : "say.ready"), { rep: 1, side: sides[0] });
      for (var set = 1; set <= sets; set++) {
        if (set > 1) add("rest", Math.max(rest, SET_BREAK), word("say.setBreak", { set: set, sets: sets }),
          { rep: 1, set: set, side: sides[0] });
        for (var s = 0; s < sides.length; s++) {
          var side = sides[s];
          if (s > 0) add("switch", SWITCH, word("say.switch." + side), { rep: 1, set: set, side: side });
          for (var rep = 1; rep <= reps; rep++) {
            var where = { rep: rep, set: set, side: side }, n = { rep: rep, reps: reps };
            if (rep > 1 && rest > 0) add("rest", rest, word("say.rest"), where);
            if (hold == null) add("move", tempo, word("say.move", n), where);
            else add("hold", top, word("say.hold", n), top > hold ? { rep: rep, set: set, side: side, at: hold,
              atSay: word("say.range", { low: hold, high: top }) } : where);
          }
        }
      }
      add("done", 0, word("say.done"), { rep: reps, set: sets, side: sides[sides.length - 1] });
      return list;
    }

    function total(list) {
      return list.reduce(function (sum, p) { return sum + p.seconds; }, 0);
    }

    return { phases: phases, total: total };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = core;
    return;
  }
  if (window.HandoutTimer) return; // loaded once, even if a page includes the script twice
  var W = window.HandoutWords, C = window.HandoutLinkCodec, el = window.HandoutDom.el, word = W.word;
  var pure = core(W, C.plain), phases = pure.phases, total = pure.total;
  var SOUNDS = { frequency: 880, ready: 660, hold: 880, move: 880, rest: 550, "switch": 740, done: 1046,
    range: 990, seconds: 0.15, volume: 0.3, vibrate: 200 };
  var MUTE_KEY = "handout-timer-muted", SETTINGS_KEY = "handout-settings";
  var instances = [], listeners = [];

  function emit(event, timer, phase, kind) {
    var handled = false;
    listeners.forEach(function (fn) { if (fn(event, timer, phase, kind)) handled = true; });
    return handled;
  }

  /** The patient's settings on this device (from the settings panel, assets/player.js), each checked:
   *  voice on or off, seconds to get ready (5 to 30), count every rep or not, a range hold to its long or short end. */
  function settings(changes) { // with `changes`, first keeps them
    var s = null;
    try { s = JSON.parse(localStorage.getItem(SETTINGS_KEY)); } catch (e) { /* none, or private mode */ }
    s = s && typeof s === "object" ? s : {};
    for (var k in changes) s[k] = changes[k];
    try { if (changes) localStorage.setItem(SETTINGS_KEY, JSON.stringify(s)); } catch (e) { /* not remembered */ }
    var ready = s.ready === +s.ready && s.ready % 1 === 0 && s.ready >= READY && s.ready <= READY_MAX ? s.ready : READY;
    return { voice: s.voice !== false, ready: ready, count: s.count === "off" ? "off" : "every",
      hold: s.hold === "short" ? "short" : "long" };
  }
  var audio = null;

  /** The dose in a root element's data attributes (an empty or absent hold means no hold). */
  function parseDose(root) { return C.dataDose(root.dataset); }

  function clock(seconds) {
    return seconds < 60 ? String(seconds) : Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
  }

  function muted() {
    try { return localStorage.getItem(MUTE_KEY) === "1"; } catch (e) { return false; }
  }

  function sounds() {
    var own = window.handoutTimerSounds || {}, all = {};
    for (var k in SOUNDS) all[k] = k in own ? own[k] : SOUNDS[k];
    return all;
  }

  function beep(frequency, seconds, volume, after) { // `after` seconds from now
    if (!audio || muted()) return;
    try {
      var t = audio.currentTime + (after || 0), osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(volume, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + seconds);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + seconds);
    } catch (e) { /* no sound is better than a broken timer */ }
  }

  function Timer(root) {
    var t = this;
    t.root = root;
    t.title = root.getAttribute("data-title") || "";
    t.i = 0;
    t.left = 0;
    t.lock = null;
    root.innerHTML = "";
    t.phase = root.appendChild(el("div", "exercise-timer__phase"));
    var face = root.appendChild(el("div", "exercise-timer__face"));
    t.time = face.appendChild(el("span", "exercise-timer__time"));
    t.unit = face.appendChild(el("span", "exercise-timer__unit"));
    t.info = root.appendChild(el("div", "exercise-timer__info"));
    t.note = root.appendChild(el("div", "exercise-timer__note"));
    t.bar = root.appendChild(el("div", "exercise-timer__bar")).appendChild(el("div"));
    t.bar.parentNode.setAttribute("aria-hidden", "true");
    var controls = root.appendChild(el("div", "exercise-timer__controls"));
    function button(name, action, cls) {
      var b = controls.appendChild(el("button", "exercise-timer__button" + (cls || ""), name));
      b.type = "button";
      b.addEventListener("click", action);
      return b;
    }
    t.go = button("", function () { t.toggle(); }, " exercise-timer__button--main");
    t.skipButton = button(word("timer.skip"), function () { t.skip(); });
    t.resetButton = button(word("timer.reset"), function () { t.reset(); });
    t.muteButton = button(word("timer.mute"), function () {
      try { localStorage.setItem(MUTE_KEY, muted() ? "0" : "1"); } catch (e) { /* private mode: not remembered */ }
      instances.forEach(function (x) { x.render(); });
    });
    t.live = root.appendChild(el("div", "exercise-timer__live"));
    t.live.setAttribute("aria-live", "polite");
    t.live.setAttribute("aria-atomic", "true");
    t.onVisible = function () {
      if (document.visibilityState === "visible" && t.status === "running") { t.tick(); t.wake(); }
    };
    document.addEventListener("visibilitychange", t.onVisible);
    root.hidden = false;
    t.reset();
  }

  Timer.prototype = {
    now: function () { return performance.now(); },
    toggle: function () {
      if (this.status === "running") this.pause();
      else if (this.status === "paused") this.resume();
      else this.start();
    },
    start: function () {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      try { if (!audio && Ctx) audio = new Ctx(); if (audio && audio.state === "suspended") audio.resume(); } catch (e) {
        audio = null;
      }
      var t = this;
      instances.forEach(function (x) { if (x !== t && (x.status === "running" || x.status === "paused")) x.reset(); });
      this.list = phases(parseDose(this.root), settings());
      this.status = "running";
      emit("start", this);
      this.begin(0, this.now());
      this.tick();
      this.wake();
    },
    /* Phase i starts at t0, the previous deadline, so the time never drifts. */
    begin: function (i, t0, quiet) {
      var p = this.list[i];
      this.i = i;
      this.t0 = t0;
      this.end = t0 + p.seconds * 1000;
      this.ranged = false;
      if (p.type === "done") this.finish();
      if (!quiet) this.cue(p, p.type);
    },
    tick: function () {
      clearTimeout(this.timeout);
      var now = this.now(), last = this.list.length - 1, from = this.i;
      // A throttled or hidden tab catches up through every phase it missed, but cues only the current one.
      while (this.status === "running" && now >= this.end && this.i < last) this.begin(this.i + 1, this.end, true);
      if (this.i !== from) this.cue(this.list[this.i], this.list[this.i].type);
      var p = this.list[this.i], t = this;
      if (this.status === "running") {
        if (p.at && !this.ranged && now - this.t0 >= p.at * 1000) {
          this.ranged = true;
          this.cue(p, "range");
        }
        this.timeout = setTimeout(function () { t.tick(); }, ((this.end - now) % 1000) || 1000);
      }
      this.render();
    },
    /* Tell a new phase (or, type "range", the low end of a range hold). Screen readers hear the exercise's name at
     * the start, and of reps without a hold only the first: a rep every 3 seconds would drown everything else. */
    cue: function (p, type) {
      var s = sounds(), own = parseFloat(this.root.getAttribute("data-beep-frequency"));
      var say = type === "range" ? p.atSay : p.type === "ready" && this.title
        ? word("say.named", { exercise: this.title, say: p.say }) : p.say;
      if (type !== "move" || p.rep === 1) this.live.textContent = say;
      if (!emit("cue", this, p, type)) beep(isNaN(own) ? s[type] || s.frequency : own, s.seconds, s.volume);
      if (s.vibrate && !muted() && navigator.vibrate && navigator.userActivation && navigator.userActivation.hasBeenActive) {
        try { navigator.vibrate(s.vibrate); } catch (e) { /* not available */ }
      }
    },
    pause: function () {
      this.left = this.end - this.now();
      this.status = "paused";
      this.stop();
      emit("pause", this);
      this.render();
    },
    resume: function () {
      this.end = this.now() + this.left;
      this.t0 = this.end - this.list[this.i].seconds * 1000;
      this.status = "running";
      this.tick();
      this.wake();
    },
    skip: function () {
      if (this.status === "running") {
        this.begin(this.i + 1, this.now());
        this.tick();
      } else if (this.status === "paused") {
        this.begin(this.i + 1, this.now());
        this.left = this.end - this.t0;
        this.render();
      }
    },
    reset: function () {
      this.stop();
      this.status = "idle";
      this.i = 0;
      this.list = phases(parseDose(this.root), settings()); // the settings may have changed
      emit("reset", this);
      this.render();
    },
    finish: function () {
      this.stop();
      this.status = "done";
      // For the patient's log (assets/log.js): which exercise was just finished.
      document.dispatchEvent(new CustomEvent("handout:done", { detail: { exercise: this.root.getAttribute("data-slug"),
        title: this.root.getAttribute("data-title"), program: this.program, root: this.root } })); // program: set by
      // the program player (assets/player.js) while it runs this timer
    },
    stop: function () {
      clearTimeout(this.timeout);
      this.release();
    },
    destroy: function () {
      this.stop();
      this.status = "gone";
      document.removeEventListener("visibilitychange", this.onVisible);
    },
    /* Keep the screen on while running; quietly absent where unsupported or refused. */
    wake: function () {
      var t = this;
      if ((t.lock && !t.lock.released) || !navigator.wakeLock || document.visibilityState !== "visible") return;
      navigator.wakeLock.request("screen").then(function (lock) {
        if (t.status === "running") t.lock = lock;
        else lock.release();
      }, function () {});
    },
    release: function () {
      if (this.lock) { this.lock.release().catch(function () {}); this.lock = null; }
    },
    render: function () {
      var p = this.list[this.i], st = this.status, idle = st === "idle";
      var secs = idle ? total(this.list) : st === "paused" ? this.left : this.end - this.now();
      if (!idle) secs = Math.max(0, Math.ceil(secs / 1000 - 1e-6));
      var n = { rep: p.rep, reps: p.reps }, before = p.type === "ready" || p.type === "rest" || p.type === "switch";
      this.root.setAttribute("data-phase", idle ? "idle" : p.type);
      this.root.setAttribute("data-status", st);
      this.phase.textContent = idle ? word("timer.idle") : st === "paused" ? word("timer.paused", { phase: p.label })
        : p.label;
      this.time.textContent = st === "done" ? "0" : clock(secs);
      this.unit.textContent = word(idle ? (secs < 60 ? "unit.secondsInAll" : "unit.minutesInAll")
        : st === "done" ? "unit.done" : secs < 60 ? W.pluralKey("unit.secondsLeft", secs) : "unit.left");
      this.info.textContent = [st === "done" ? word("info.allDone", n) : word(before && !idle ? "info.nextRep"
        : "info.rep", n), p.side && word("info.side." + p.side), p.sets > 1 && word("info.set", p)].filter(Boolean)
        .join(" · ");
      this.note.textContent = p.at && !idle && st !== "done"
        ? word(this.ranged ? "note.rangeReached" : "note.range", { low: p.at, high: p.seconds }) : "";
      var frac = st === "done" ? 1 : idle || !p.seconds ? 0 : 1 - secs / p.seconds; // full at Done
      this.bar.style.width = Math.round(frac * 100) + "%";
      this.go.textContent = word(st === "running" ? "timer.pause" : st === "paused" ? "timer.resume" : "timer.start");
      var stuck = idle || st === "done" ? "true" : "false";
      this.skipButton.setAttribute("aria-disabled", stuck);
      this.resetButton.setAttribute("aria-disabled", idle ? "true" : "false");
      this.muteButton.setAttribute("aria-pressed", muted() ? "true" : "false");
      emit("render", this);
      this.announce();
    },
    /* When the phase or the status changes, tell the page (assets/figure.js moves the exercise's figure with it):
     * document event "handout:phase", detail {root, type ("idle" before a start), side, seconds, elapsed (ms into
     * the phase), status ("idle", "running", "paused", "done")}. */
    announce: function () {
      var p = this.list[this.i], st = this.status, key = st + " " + this.i;
      if (key === this.announced) return;
      this.announced = key;
      var elapsed = st === "running" ? this.now() - this.t0 : st === "paused" ? p.seconds * 1000 - this.left : 0;
      document.dispatchEvent(new CustomEvent("handout:phase", { detail: { root: this.root,
        type: st === "idle" ? "idle" : p.type, side: p.side, seconds: p.seconds, elapsed: elapsed, status: st } }));
    }
  };

  var NOTES = { ok: "dose.fromSheet", legacy: "dose.unchecked", damaged: "dose.damaged" };

  /* The exercise page's timer runs the dose in the link (a sheet's QR code, or its address typed in) when its check
   * holds, and the page says so; a link printed before links had a check runs with a note to compare the dose
   * with the sheet; a damaged link runs nothing: the page says so, and offers the usual dose (assets/linkcodec.js).
   * Otherwise the page's own dose. Returns true when the timer must be built again. */
  function applyLinkDose(root) {
    if (!root.isConnected || !root.hasAttribute("data-limits")) return false; // a page instant loading left
    var usual = root.handoutUsual || (root.handoutUsual = parseDose(root)), limits = null;
    try { limits = JSON.parse(root.getAttribute("data-limits")); } catch (e) { /* no bounds: no link dose */ }
    var link = C.readTimer(location.hash, root.getAttribute("data-slug"), limits);
    var fromLink = link.dose, dose = fromLink || usual, refused = link.status === "damaged";
    var before = JSON.stringify(parseDose(root)) + !!root.handoutRefused;
    C.writeData(root.dataset, dose);
    root.handoutRefused = refused;
    var box = document.getElementById("dose"), sentence = box && box.querySelector(".handout-dose__sentence");
    if (sentence) {
      if (box.handoutUsualText == null) box.handoutUsualText = sentence.textContent;
      sentence.textContent = fromLink ? W.doseSentence(dose) : box.handoutUsualText;
      sentence.hidden = refused;
      var note = box.querySelector(".handout-dose__from-sheet");
      if (note) note.remove();
      if (NOTES[link.status]) {
        note = sentence.parentNode.insertBefore(el("p", "handout-dose__from-sheet", word(NOTES[link.status]) + " "),
          sentence);
        if (refused) note.setAttribute("role", "alert");
        note.appendChild(el("a", null, word("dose.usual"))).href = "#timer";
      }
    }
    // The printed tick boxes show the page's own dose: not this one.
    var place = root.closest(".handout-timer"), sheet = place && place.querySelector(".timer-print__sheet");
    if (sheet) sheet.hidden = link.status !== "none";
    return JSON.stringify(parseDose(root)) + refused !== before;
  }

  function build(root) { // a damaged link's timer stays hidden: nothing runs
    var t = root.handoutTimer = new Timer(root);
    root.hidden = !!root.handoutRefused;
    return t;
  }

  /* Deep link: #timer (or #timer-<slug>, or #timer?reps=…) scrolls to that timer and focuses its Start button. */
  function followHash() {
    var id = location.hash.slice(1).split("?")[0];
    try { id = decodeURIComponent(id); } catch (e) { /* a damaged link: no such timer */ }
    instances = instances.map(function (x) {
      if (applyLinkDose(x.root)) {
        x.destroy();
        x = build(x.root);
      }
      return x;
    });
    instances.forEach(function (x) {
      if (id && x.root.id === id && !x.root.hidden) {
        x.root.scrollIntoView({ block: "start" });
        x.go.focus({ preventScroll: true });
      }
    });
  }

  /** Tear down timers whose root left the document, build the new ones, follow the #hash. */
  function mount() {
    instances = instances.filter(function (x) {
      if (x.root.isConnected) return true;
      x.destroy();
      return false;
    });
    var roots = document.querySelectorAll(".exercise-timer[data-reps]");
    for (var r = 0; r < roots.length; r++) {
      if (!roots[r].handoutTimer) {
        applyLinkDose(roots[r]);
        instances.push(build(roots[r]));
      }
    }
    followHash();
    // The browser's own move to the #fragment, before "load", would take the focus off Start again.
    if (document.readyState !== "complete") window.addEventListener("load", followHash, { once: true });
  }

  window.HandoutTimer = { phases: phases, parseDose: parseDose, doseSentence: W.doseSentence, mount: mount,
    total: total, settings: settings, beep: beep, sounds: sounds, muted: muted, Timer: Timer,
    listen: function (fn) { listeners.push(fn); },
    instances: function () { return instances.slice(); } };
  window.addEventListener("hashchange", followHash);
  window.addEventListener("popstate", followHash); // material's instant pages move to "#timer" with history.pushState
  window.HandoutDom.eachPage(mount); // and on each of material's instant pages
})();
