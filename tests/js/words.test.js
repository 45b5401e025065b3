// The browser's words (templates/assets/words.js) against what Python says (tests/vectors/browser.json, written by
// tools/vectors.py): the plural category of each count by Intl.PluralRules as by Babel, and the dose in words as
// handouts/dose.py says it, in every language of the site. `node --test tests/js/` (make test runs it).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const words = require(path.join(__dirname, "..", "..", "templates", "assets", "words.js"));
const vectors = require(path.join(__dirname, "..", "vectors", "browser.json"));

const languages = Object.entries(vectors.languages);

test("there are languages to run", () => {
  assert.deepEqual(languages.map(([lang]) => lang).sort(), ["en", "es"]);
});

for (const [lang, v] of languages) {
  const W = words(v.words, lang);

  test(`${lang}: Intl.PluralRules puts each count in Babel's CLDR category`, () => {
    const rules = new Intl.PluralRules(lang);
    assert.ok(v.plurals.length > 200);
    for (const [n, category] of v.plurals) assert.equal(rules.select(n), category, `${lang} ${n}`);
  });

  test(`${lang}: a count's sentence is its category's, or the general one`, () => {
    for (const [n, category] of v.plurals) {
      const own = "dose.hold" + category[0].toUpperCase() + category.slice(1);
      const want = category !== "other" && own in v.words ? own : "dose.hold";
      assert.equal(W.pluralKey("dose.hold", n), want, `${lang} ${n}`);
    }
    assert.equal(W.pluralKey("dose.hold", 1), "dose.holdOne");
    assert.equal(W.count("print.rest", 5), v.words["print.rest"].replace("{n}", "5"));
  });

  test(`${lang}: each dose in words as Python says it, on the page and on paper`, () => {
    assert.ok(v.doses.length >= 100);
    for (const { dose, sentence, paper } of v.doses) {
      assert.equal(W.doseSentence(dose), sentence, JSON.stringify(dose));
      assert.equal(W.printDose(dose), paper, JSON.stringify(dose));
    }
  });
}

test("a sentence's {names} are filled; one without a value stays as it is", () => {
  const W = words({ "a.b": "{n} of {total}" }, "en");
  assert.equal(W.word("a.b", { n: 2, total: 0 }), "2 of 0");
  assert.equal(W.word("a.b", { n: 2 }), "2 of {total}");
  assert.equal(W.word("no.such.key"), "no.such.key");
});
