// The timer's pure heart (templates/assets/timer.js, phases) against the examples Python checks too
// (tests/vectors/phases.json; tests/test_vectors.py checks each list does exactly its dose), with the plain dose
// and the words the build gives the page (tests/vectors/browser.json). `node --test tests/js/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const assets = path.join(__dirname, "..", "..", "templates", "assets");
const words = require(path.join(assets, "words.js"));
const timer = require(path.join(assets, "timer.js"));
const browser = require(path.join(__dirname, "..", "vectors", "browser.json"));
const { cases } = require(path.join(__dirname, "..", "vectors", "phases.json"));

const KEPT = ["type", "seconds", "rep", "set", "side", "at"];

/** A phase as the examples write it: its type, seconds, rep, set, side, and `at` for a range hold. */
function brief(phase) {
  const out = {};
  for (const key of KEPT) if (key in phase) out[key] = phase[key];
  return out;
}

test("each dose's phases are the examples', a key left out of the dose having its plain value", () => {
  const { phases } = timer(words(browser.languages.en.words, "en"), browser.plain);
  assert.ok(cases.length >= 10);
  for (const c of cases) assert.deepEqual(phases(c.dose, c.options).map(brief), c.phases, JSON.stringify(c.dose));
});

test("the whole dose given, or only what differs from the plain dose: the same phases", () => {
  const { phases } = timer(words(browser.languages.en.words, "en"), browser.plain);
  for (const c of cases) {
    assert.deepEqual(phases({ ...browser.plain, ...c.dose }, c.options), phases(c.dose, c.options));
  }
});

for (const [lang, v] of Object.entries(browser.languages)) {
  test(`${lang}: every phase is named and said in the page's words, each {name} filled`, () => {
    const { phases, total } = timer(words(v.words, lang), browser.plain);
    for (const c of cases) {
      const list = phases(c.dose, c.options);
      assert.equal(total(list), list.reduce((sum, p) => sum + p.seconds, 0));
      for (const p of list) {
        assert.equal(p.label, v.words["phase." + p.type]);
        for (const said of [p.say, p.atSay].filter((s) => s !== undefined)) {
          assert.ok(said && !/[{}]/.test(said) && !/^[a-z]+(\.[a-zA-Z]+)+$/.test(said), `${lang}: ${said}`);
        }
      }
    }
  });
}
