/* The site's search worker: material's own, which it loads, with lunr's stemmer also for words as they are typed.
 * handouts/site/search.py writes the name of material's worker above this comment (self.HANDOUTS_SEARCH); it lives in
 * the same folder, so that material's worker finds lunr's language files where it looks for them (../lunr/).
 *
 * Why: material adds a `*` to every word typed ("hombros" becomes "hombros*") so that a word matches as it is typed,
 * and lunr runs no pipeline on a word with a `*`, so the word is never stemmed, while the index holds only stems
 * ("hombros" and "hombro" are both indexed as "hombr"). Here a typed word with a trailing `*` is also searched as
 * its stem with a `*` ("hombros*" -> "hombr*"), so it still matches the start of a word as the patient types.
 * README: "How search stems". */
"use strict";
(function () {
  var names = self.HANDOUTS_SEARCH;
  if (!names || !names.material) throw new Error("handouts-search.js: the build did not name material's worker");
  importScripts(names.material); // defines self.lunr and answers the page's messages

  var lunr = self.lunr;
  var OPTIONAL = lunr.Query.presence.OPTIONAL;
  var searchPipeline = null; // the index's: lunr.multiLanguage's stemmers, as the search plugin's `pipeline` left them
  var typed = new Map(); // a stem with its `*` -> the word as it was typed, for material's "Missing:" line

  /** The stem of a word as typed with a trailing `*` ("hombros*" -> "hombr*"), or null when it has none of its own.
   *  Only an optional word (a plain word typed): a required or prohibited one (`+word*`, `-word*`) stays as typed,
   *  since searching its stem instead could find less, and searching both would make it need both. */
  function stemmed(clause, pipeline) {
    if (!pipeline || clause.usePipeline !== false || clause.presence !== OPTIONAL || "editDistance" in clause) {
      return null;
    }
    var word = clause.term.slice(0, -1);
    if (clause.term.slice(-1) !== "*" || !word || word.indexOf("*") !== -1) return null;
    var stems = pipeline.runString(word, { fields: clause.fields }).filter(function (stem) {
      return stem && stem !== word && stem.indexOf("*") === -1;
    });
    return stems.length ? stems[0] + "*" : null;
  }

  // The index material builds: its search pipeline is what stems a query (lunr.Index.pipeline).
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    var index = build.call(this);
    searchPipeline = index.pipeline;
    return index;
  };

  // Every query material parses (its search, and the list of words it marks found or missing) gets the stem in
  // place of the typed word; the word as typed is remembered on the clause.
  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    query.clauses.forEach(function (clause) {
      var stem = stemmed(clause, searchPipeline);
      if (stem === null) return;
      typed.set(stem.slice(0, -1), clause.term.slice(0, -1));
      clause.typed = clause.term;
      clause.term = stem;
    });
    return query;
  };

  // The index also searches each typed word as typed, beside its stem, so that no query finds less than the word
  // alone would (a prefix the stemmer changes, such as an accent it drops: "círcu").
  var search = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (fn) {
    return search.call(this, function (query) {
      fn.call(query, query);
      query.clauses.slice().forEach(function (clause) {
        if (clause.typed) query.clauses.push(Object.assign({}, clause, { term: clause.typed, typed: undefined }));
      });
    });
  };

  // Material lists, under a result, the typed words it did not find: by the words as typed, not their stems.
  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    var items = message && message.data && message.data.items;
    if (Array.isArray(items)) {
      items.forEach(function (group) {
        group.forEach(function (item) {
          if (!item.terms) return;
          var terms = {};
          Object.keys(item.terms).forEach(function (term) { terms[typed.get(term) || term] = item.terms[term]; });
          item.terms = terms;
        });
      });
    }
    return post.apply(self, arguments);
  };
})();
