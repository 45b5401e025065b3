/* Every word the scripts show or say, and the dose in words (README "Browser code"): the page's words, which the
 * build writes as JSON (<script id="handout-words">, handouts/i18n/words.py). A count's sentence is chosen by CLDR's
 * plural rules, as words.py's plural_key does (Intl.PluralRules has Babel's CLDR rules); the dose's sentences are
 * dose.py's. node runs this against what Python says (tests/vectors/browser.json). window.HandoutWords, or in node
 * require(…)(words, lang). */
(function (root) {
  "use strict";

  /** The sentences of `table` ({key: sentence}, handouts/i18n/words.py) in the language `lang` ("en", "es"). */
  function words(table, lang) {
    var rules = new Intl.PluralRules(lang);

    /** The key of the sentence for the count `n`: `key` and its CLDR category ("dose.holdOne" for 1), or `key`
     *  ("other", or a category with no sentence of its own). */
    function pluralKey(key, n) {
      var c = rules.select(n), k = key + c[0].toUpperCase() + c.slice(1);
      return c !== "other" && k in table ? k : key;
    }

    /** The sentence `key`, with each {name} filled from `values`. */
    function word(key, values) {
      return (table[key] || key).replace(/\{(\w+)\}/g, function (m, name) {
        return values && values[name] != null ? values[name] : m;
      });
    }

    /** The sentence for the count `n`, its {n} filled: count("sheet.found", 3) is "3 exercises found.". */
    function count(key, n, values) {
      var all = { n: n };
      for (var k in values) all[k] = values[k];
      return word(pluralKey(key, n), all);
    }

    /** The dose in plain words: "Hold for 15 to 30 seconds, then relax. Repeat 3 times." (dose.py, dose_sentence). */
    function doseSentence(d) {
      var parts = [];
      if (d.hold != null) {
        parts.push(d.hold_max != null ? word("dose.holdRange", { low: d.hold, high: d.hold_max })
          : count("dose.hold", d.hold));
      }
      parts.push(word((d.reps > 1 ? "dose.repeat" : "dose.once") + (d.sides === "each" ? "Sides" : ""), { n: d.reps }));
      if (d.sets > 1) parts.push(word("dose.sets", { n: d.sets }));
      return parts.join(" ");
    }

    /** The hold and the rest as the paper says them (dose.py, hold_sentence and rest_sentence). */
    function printDose(d) {
      var parts = [];
      if (d.hold != null) {
        parts.push(d.hold_max != null ? word("print.holdEachRange", { low: d.hold, high: d.hold_max })
          : count("print.holdEach", d.hold));
      }
      if (d.rest > 0 && (d.reps > 1 || d.sets > 1 || d.sides === "each")) parts.push(count("print.rest", d.rest));
      return parts.join(" ");
    }

    return { lang: lang, word: word, pluralKey: pluralKey, count: count, doseSentence: doseSentence,
      printDose: printDose };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = words;
    return;
  }
  if (root.HandoutWords) return;
  var table = {};
  try { table = JSON.parse(document.getElementById("handout-words").textContent); } catch (e) { /* keys */ }
  root.HandoutWords = words(table, document.documentElement.lang || "en");
})(this);
