/* The patient's log, on this phone only (localStorage "handout-log"; nothing is sent), and the calendar file.
 * Recorded from document: "handout:done" {exercise, title, root, program?} (timer.js; program: run by the player,
 * so the pain question waits) and "handout:program-done" {program, title, root} (player.js). README: the log.
 * Words: handouts/i18n/words.py, through assets/words.js. */
(function () {
  "use strict";
  if (window.HandoutLog) return;
  const KEY = "handout-log", CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  const word = window.HandoutWords.word, el = window.HandoutDom.el;
  const pad = (n) => String(n).padStart(2, "0");
  const day = (d) => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  const date = (s) => new Date(s.slice(0, 4), s.slice(5, 7) - 1, s.slice(8));
  const shift = (s, n) => { const d = date(s); d.setDate(d.getDate() + n); return day(d); };
  const monday = (s) => shift(s, -((date(s).getDay() + 6) % 7));

  /** This week from Monday: [{date, state: "done" (the program or all its exercises), "some" or "none"}]. */
  const week = (entries, today, program, exercises) => CODES.map((c, i) => {
    const on = entries.filter((e) => e.date === shift(monday(today), i));
    const did = exercises.filter((x) => on.some((e) => e.kind === "exercise" && e.slug === x)).length;
    const whole = did === exercises.length || on.some((e) => e.kind === "program" && e.slug === program);
    return { date: shift(monday(today), i), state: whole ? "done" : did ? "some" : "none" };
  });

  /** The last `weeks` weeks' days, newest first: [{date, done: [{title, count}], pain: [n]}]; a program
   *  finished that day stands for the exercises the player ran in it. */
  function days(entries, today, weeks) {
    const by = {};
    entries.forEach((e) => {
      if (e.date >= shift(monday(today), 7 - 7 * weeks) && e.date <= today) (by[e.date] = by[e.date] || []).push(e);
    });
    return Object.keys(by).sort().reverse().map((d) => {
      const done = {}, whole = by[d].map((e) => e.kind === "program" && e.slug);
      by[d].forEach((e) => {
        if (whole.indexOf(e.program) < 0) (done[e.kind + e.slug] = done[e.kind + e.slug] || { title: e.title, count: 0 }).count++;
      });
      return { date: d, done: Object.values(done), pain: by[d].filter((e) => e.pain != null).map((e) => e.pain) };
    });
  }

  /** A day's reminders, "HH:MM": the time picked, the others spread over the 12 hours after it. */
  const times = (time, perDay) => Array.from({ length: perDay }, (x, i) => {
    const at = (time.slice(0, 2) * 60 + +time.slice(3) + (i && i * 720 / (perDay - 1))) % 1440;
    return pad(Math.floor(at / 60)) + ":" + pad(at % 60);
  });

  const text = (s) => s.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n");
  function fold(line) { // at 75 octets; a continuation starts with a space
    let out = "", used = 0;
    for (const ch of line) {
      const size = new TextEncoder().encode(ch).length;
      if (used + size > 75) { out += "\r\n "; used = 1; }
      out += ch;
      used += size;
    }
    return out;
  }

  /** The .ics file (RFC 5545): an event for each of plan.times, in floating (the phone's) time, daily or on
   *  plan.days, from plan.now's day, with plan.title and plan.url. */
  function ics(plan) {
    const first = date(day(plan.now)), stamp = plan.now.toISOString().replace(/[-:]|\.\d+/g, "");
    while (plan.days.length && plan.days.indexOf(CODES[(first.getDay() + 6) % 7]) < 0) first.setDate(first.getDate() + 1);
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Exercise handouts//Reminders//EN"];
    plan.times.forEach((t, i) => lines.push("BEGIN:VEVENT", "UID:" + stamp + "-" + i + "-" + plan.slug + "@handouts",
      "DTSTAMP:" + stamp, "DTSTART:" + day(first).replace(/-/g, "") + "T" + t.replace(":", "") + "00", "DURATION:PT15M",
      "RRULE:FREQ=" + (plan.days.length ? "WEEKLY;BYDAY=" + plan.days : "DAILY"), "SUMMARY:" + text(plan.title),
      "DESCRIPTION:" + text(word("calendar.description", plan)), "URL:" + plan.url, "BEGIN:VALARM", "ACTION:DISPLAY",
      "DESCRIPTION:" + text(plan.title), "TRIGGER:PT0S", "END:VALARM", "END:VEVENT"));
    return lines.concat("END:VCALENDAR").map(fold).join("\r\n") + "\r\n";
  }

  // -- the page ------------------------------------------------------------------------------------------
  const load = () => { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } };
  const save = (list) => { try { localStorage.setItem(KEY, JSON.stringify(list.slice(-2000))); } catch (e) { /* private */ } };
  const name = (d, style) => new Intl.DateTimeFormat(document.documentElement.lang || undefined, style).format(date(d));
  const all = (selector, each) => document.querySelectorAll(selector).forEach(each);
  const status = (box, key, v) => { box.querySelector("[role=status]").textContent = word(key, v); };

  function record(kind, d) {
    const entry = { date: day(new Date()), at: Date.now(), kind: kind, slug: d[kind], title: d.title || d[kind] };
    if (d.program && kind === "exercise") entry.program = d.program;
    save(load().concat(entry));
    mount();
    const question = document.getElementById("handout-pain"), place = d.root && d.root.isConnected ? d.root : null;
    if (entry.program || !question || !(place || document.querySelector(".handout-week"))) return;
    // The pain question (partials/pain.html) after what was finished, one at a time
    all(".handout-pain", (e) => e.remove());
    const box = question.content.firstElementChild.cloneNode(true);
    box.querySelector("p").textContent = word("log.saved", entry);
    box.onchange = (event) => {
      const kept = load(), mine = kept.find((e) => e.at === entry.at && e.slug === entry.slug) || {};
      mine.pain = +event.target.value;
      save(kept);
      status(box, "log.painSaved", mine);
      mount();
    };
    if (place) place.after(box);
    else document.querySelector(".handout-week").appendChild(box);
  }

  function showWeek(box) {
    const ol = box.querySelector("ol"), today = day(new Date());
    ol.textContent = "";
    week(load(), today, box.dataset.program, box.dataset.exercises.split(" ")).forEach((d) => {
      const li = el("li", "handout-week__day", null, ol), shown = el("span", null, null, li);
      li.dataset.state = d.state;
      if (d.date === today) li.setAttribute("aria-current", "date");
      shown.setAttribute("aria-hidden", "true");
      shown.textContent = name(d.date, { weekday: "short" });
      el("b", null, { done: "✓", some: "½" }[d.state], shown);
      el("span", "handout-sr", word("log.day." + d.state, { day: name(d.date, { weekday: "long" }) }), li);
    });
    box.hidden = false;
  }

  function showLog(box) {
    const rows = days(load(), day(new Date()), box.dataset.weeks), body = box.querySelector("tbody");
    body.textContent = "";
    rows.forEach((r) => {
      const tr = el("tr", null, null, body);
      el("th", null, name(r.date, { weekday: "short", day: "numeric", month: "short" }), tr).scope = "row";
      el("td", null, r.done.map((d) => (d.count > 1 ? word("log.times", d) : d.title)).join(", "), tr);
      el("td", null, r.pain.join(", ") || word("log.noPain", r), tr);
    });
    box.querySelector("table").hidden = !rows.length;
    box.querySelector(".handout-log__empty").hidden = !!rows.length;
    box.hidden = false;
    box.onclick = (event) => {
      if (event.target.matches("[data-log-print]")) window.print();
      if (!event.target.matches("[data-log-clear]") || !window.confirm(word("log.clearConfirm"))) return;
      try { localStorage.removeItem(KEY); } catch (e) { /* nothing was kept */ }
      mount();
      status(box, "log.cleared");
    };
  }

  function remind(box) {
    box.hidden = false;
    box.querySelector("button").onclick = () => {
      const d = box.dataset, time = box.querySelector("input").value, a = el("a", null, null, box);
      a.download = d.slug + ".ics";
      if (!time) return status(box, "calendar.pickTime", d);
      const plan = { title: d.title, slug: d.slug, url: location.href.split("#")[0], now: new Date(),
        days: d.days ? d.days.split(",") : [], times: times(time, d.perDay) };
      a.href = URL.createObjectURL(new Blob([ics(plan)], { type: "text/calendar" }));
      a.click();
      a.remove();
      status(box, "calendar.saved", { file: a.download });
    };
  }

  /** Fill the page's places for the log (on each of material's instant pages too). */
  function mount() {
    all(".handout-week[data-program]", showWeek);
    all(".handout-log[data-weeks]", showLog);
    all(".handout-reminder[data-title]", remind);
  }

  document.addEventListener("handout:done", (e) => e.detail && e.detail.exercise && record("exercise", e.detail));
  document.addEventListener("handout:program-done", (e) => e.detail && e.detail.program && record("program", e.detail));
  window.HandoutLog = { week: week, days: days, times: times, ics: ics, mount: mount };
  window.HandoutDom.eachPage(mount); // and on each of material's instant pages
})();
