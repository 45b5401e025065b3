/* The program player and spoken coaching (after timer.js and assets/words.js; README "The program player"). The player runs the page's
 * timers in order, hands-free; the coach speaks each change with the device's voices, or plays louder tones.
 * Pure core, window.HandoutPlayer: spoken(phase, kind, settings), seconds(doses, settings). */
(function () {
  "use strict";
  var T = window.HandoutTimer, W = window.HandoutWords;
  if (!T || window.HandoutPlayer) return;
  var word = W.word, NEXT = 5; // seconds of "Next: Child's pose. Kneel on the floor…", before its get-ready
  var TONES = { ready: 1, hold: 2, move: 1, rest: 1, "switch": 3, range: 2, done: 3, count: 1 };
  var synth = window.speechSynthesis, broken = false, player = null;

  /** What the coach says at a phase (kind "range": the low end of a range hold); "" is nothing. */
  function spoken(p, kind, o) {
    if (kind === "range") return p.atSay;
    if (p.type === "hold") return word(o.count === "off" ? "speak.hold" : "speak.holdCount", p);
    if (p.type === "move") return o.count === "off" && p.rep > 1 ? "" : p.say;
    if (p.type === "rest") return word(p.rep > 1 ? "speak.rest" : "speak.setBreak", p); // rep 1: between sets
    return p.type === "done" ? word("speak.done") : p.say;
  }

  /** A program's seconds: each dose's phases, and NEXT before each exercise after the first. */
  function seconds(doses, o) {
    return doses.reduce(function (sum, d, i) { return sum + T.total(T.phases(d, o)) + (i && NEXT); }, 0);
  }

  function voiced() { return T.settings().voice && !broken && !!synth && !!window.SpeechSynthesisUtterance; }

  /* A voice on the device (never one over the network) in the page's language; else the browser's choice. */
  function voice(lang) {
    function near(v) {
      var l = (v.lang || "").toLowerCase().replace("_", "-");
      return l === lang ? 2 : l.split("-")[0] === lang.split("-")[0] ? 1 : 0;
    }
    return synth.getVoices().filter(function (v) { return v.localService && near(v); })
      .sort(function (a, b) { return near(b) - near(a); })[0] || null;
  }

  /** Speak `text` after what is being said (`queue`) or instead of it; false when it cannot. */
  function say(text, queue) {
    if (!text || !voiced() || T.muted()) return false;
    if (!queue) synth.cancel();
    var u = new SpeechSynthesisUtterance(text), lang = (document.documentElement.lang || "").toLowerCase();
    u.lang = lang;
    u.voice = voice(lang);
    u.onerror = function (e) { broken = broken || !/interrupted|canceled/.test(e.error); };
    synth.speak(u);
    return true;
  }

  function hush() { if (synth) synth.cancel(); }

  function tones(kind) {
    var s = T.sounds(), f = s[kind] || s.frequency * 1.5, long = kind === "count" ? 0.08 : s.seconds * 1.6;
    for (var i = 0; i < TONES[kind]; i++) {
      T.beep(f * (kind === "done" ? 1 + i / 4 : 1), long, Math.min(1, s.volume * 2), i * long * 1.7);
    }
  }

  function step(t) { return t.root.getAttribute("data-step"); }

  /* Every timer's changes, spoken; 3-2-1 before a hold ends. True when it made the sound itself. */
  function coach(event, t, p, kind) {
    if (event === "pause" || (event === "start" && !t.told)) hush();
    if (event === "render" && t.status === "running" && !T.muted()) {
      var left = Math.ceil((t.end - t.now()) / 1000 - 1e-6), key = t.i + ":" + left;
      p = t.list[t.i];
      if (p.type === "hold" && p.seconds > 3 && left > 0 && left < 4 && t.counted !== key) {
        t.counted = key;
        if (!say(String(left))) tones("count");
      }
    }
    if (event !== "cue" || T.muted()) return false;
    if (!voiced()) {
      tones(kind);
      return true;
    }
    if (kind === "ready" && !t.told) say(step(t) ? word("speak.intro", { exercise: t.title, step: step(t) }) : t.title, 1);
    say(spoken(p, kind, T.settings()), kind === "ready");
    if (kind === "ready") t.told = false;
    return false; // the timer's own beep marks the moment too
  }

  function Player(root) {
    var pl = this;
    function find(name) { return root.querySelector(".handout-player__" + name); }
    pl.root = root;
    pl.status = "idle";
    pl.timers = [];
    pl.b = {};
    ["bar", "where", "info", "what", "phase", "time", "note", "length", "live"].forEach(function (n) { pl[n] = find(n); });
    [["start", pl.play], ["toggle", pl.toggle], ["back", function () { pl.go(pl.i - 1); }],
      ["skip", function () { pl.go(pl.i + 1); }], ["stop", pl.stop], ["more", pl.more]].forEach(function (b) {
      (pl.b[b[0]] = find(b[0])).addEventListener("click", b[1].bind(pl));
    });
    pl.onVisible = function () {
      if (document.visibilityState === "visible" && pl.status === "running") { pl.wake(); pl.tick(); }
    };
    document.addEventListener("visibilitychange", pl.onVisible);
    root.hidden = false;
    pl.render();
  }

  Player.prototype = {
    now: T.Timer.prototype.now,
    wake: T.Timer.prototype.wake, // the screen stays on from start to done, between exercises too
    release: T.Timer.prototype.release,
    on: function () { return this.status === "running" || this.status === "paused"; },
    play: function () {
      this.timers = [].map.call(document.querySelectorAll(".exercise-timer"), function (r) { return r.handoutTimer; })
        .filter(Boolean);
      if (!this.timers.length) return;
      this.status = "running";
      this.wake();
      this.run(0);
      this.b.toggle.focus({ preventScroll: true });
    },
    next: function (i) { // "Next: …" for NEXT seconds, then run(i)
      var t = this.timers[this.i = i];
      this.timer = null;
      say(this.live.textContent = word("player.next", { exercise: t.title, step: step(t) }), true);
      this.told = true;
      this.show(t);
      this.end = this.now() + (this.left = NEXT * 1000);
      this.tick();
    },
    run: function (i) {
      var t = this.timer = this.timers[this.i = i];
      t.program = this.root.getAttribute("data-program"); // for the log (assets/log.js)
      t.told = this.told; // the coach need not say its name and first step again
      this.told = false;
      if (!i) this.show(t);
      t.start();
    },
    show: function (t) { (t.root.closest(".handout-exercise") || t.root).scrollIntoView(); },
    tick: function () {
      var pl = this;
      clearTimeout(pl.timeout);
      if (pl.status === "running" && !pl.timer) {
        if (pl.now() >= pl.end) return pl.run(pl.i);
        pl.timeout = setTimeout(function () { pl.tick(); }, (pl.end - pl.now()) % 1000 || 1000);
      }
      pl.render();
    },
    go: function (i) { // skip (i + 1) or back (i - 1)
      if (!this.on()) return;
      this.drop();
      if (i < this.timers.length) this.next(Math.max(0, i));
      else this.finish();
    },
    drop: function () {
      var t = this.timer;
      this.timer = null;
      if (t && t.status !== "done") t.reset();
    },
    more: function () { // zoomed in: the rest of the bar (player.css)
      this.b.more.setAttribute("aria-expanded", this.bar.classList.toggle("handout-player__bar--open"));
    },
    toggle: function () {
      var t = this.timer, run = this.status !== "running";
      this.status = run ? "running" : "paused";
      if (run) this.wake(); else { this.release(); hush(); }
      if (t) t.toggle();
      else if (run) this.end = this.now() + this.left;
      else this.left = this.end - this.now();
      this.tick();
    },
    finish: function () {
      this.close("done", "player.finished");
      say(word("speak.finished"), true);
      document.dispatchEvent(new CustomEvent("handout:program-done", { detail: { root: this.root,
        program: this.root.getAttribute("data-program"), title: this.root.getAttribute("data-title") } }));
    },
    stop: function () {
      if (!this.on()) return;
      this.drop();
      hush();
      this.close("idle", "player.stopped");
    },
    close: function (status, key) {
      var focused = this.bar.contains(document.activeElement);
      clearTimeout(this.timeout);
      this.timer = null;
      this.status = status;
      this.release();
      this.live.textContent = word(key);
      this.render();
      if (focused) this.b.start.focus();
    },
    /* Timer events: another timer started stops the player (one at a time); its own timer moves it on. */
    event: function (event, t, p) {
      if (!this.on()) return;
      var mine = t === this.timer;
      if (!mine ? event === "start" : event === "reset") this.stop();
      else if (mine && event === "cue" && p.type === "done") this.go(this.i + 1);
      else if (mine && event !== "cue") {
        var was = this.status;
        this.status = t.status === "paused" ? "paused" : "running"; // the timer's own Pause and Resume
        if (this.status !== was) this[was === "running" ? "release" : "wake"]();
        this.render();
      }
    },
    render: function () {
      var on = this.on(), t = this.timer, secs;
      this.bar.hidden = !on;
      this.b.start.hidden = on;
      document.documentElement.classList.toggle("handout-playing", on); // room for the bar
      if (!on) {
        secs = seconds([].map.call(document.querySelectorAll(".exercise-timer"), T.parseDose), T.settings());
        var minutes = Math.max(1, Math.round(secs / 60)); // under a minute and a half: "about 1 minute"
        this.length.textContent = this.status === "done" ? word("player.finished")
          : word(W.pluralKey("player.length", minutes), { minutes: minutes });
        return;
      }
      this.where.textContent = word("player.position", { n: this.i + 1, total: this.timers.length });
      this.info.textContent = t ? t.info.textContent : "";
      this.note.hidden = !(this.note.textContent = t ? t.note.textContent : ""); // "Hold at least 15 seconds, …"
      this.what.textContent = t ? t.title : this.live.textContent;
      this.b.toggle.textContent = word(this.status === "running" ? "player.pause" : "player.resume");
      secs = Math.ceil((this.status === "paused" ? this.left : this.end - this.now()) / 1000 - 1e-6);
      this.phase.textContent = t ? t.phase.textContent
        : word(this.status === "paused" ? "player.paused" : "player.nextLabel");
      this.phase.setAttribute("data-phase", t ? t.root.getAttribute("data-phase") : "ready");
      this.time.textContent = t ? t.time.textContent + " " + t.unit.textContent
        : secs + " " + word(W.pluralKey("unit.secondsLeft", secs));
    }
  };

  /* The settings panel: filled from this device, and each change kept there. */
  function panel(form) {
    var f = form.elements, o = T.settings();
    form.mounted = true;
    f.voice.checked = o.voice;
    f.ready.value = o.ready;
    f.count.value = o.count;
    f.hold.value = o.hold;
    form.querySelector(".handout-settings__hold").hidden = // shown for a range hold only
      !document.querySelector(".exercise-timer[data-hold-max]:not([data-hold-max=''])");
    form.addEventListener("change", function () {
      T.settings({ voice: f.voice.checked, ready: +f.ready.value, count: f.count.value, hold: f.hold.value });
      if (!f.voice.checked) hush();
      T.instances().forEach(function (x) { if (x.status === "idle") x.reset(); }); // their totals change
      if (player) player.render();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.parentNode.hidden = false;
  }

  function mount() {
    var form = document.querySelector(".handout-settings__form"), root = document.querySelector(".handout-player");
    if (form && !form.mounted) panel(form);
    if (player && player.root !== root) {
      player.stop();
      document.removeEventListener("visibilitychange", player.onVisible);
      player = null;
    }
    if (root) player = player || new Player(root);
  }

  T.listen(function (event, t, p, kind) {
    var made = coach(event, t, p, kind);
    if (player) player.event(event, t, p);
    return made;
  });
  window.HandoutPlayer = { spoken: spoken, seconds: seconds, NEXT: NEXT, mount: mount,
    player: function () { return player; } };
  window.HandoutDom.eachPage(mount); // and on each of material's instant pages
})();
