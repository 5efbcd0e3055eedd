// Search ranking for the course book (Sphinx's html_search_scorer, set by npcourse_book.sphinxext).
// Sphinx's own weights, plus one rule: a solution page ranks below every chapter, practice and
// back-matter page, so a reader searching a term meets the teaching text first. (The student
// edition has no solution pages at all.) A result is [docname, title, anchor, descr, score, file].
var Scorer = {
  score: function (result) {
    var docname = result[0], score = result[4];
    return docname.indexOf("solutions/") === 0 ? score - 1000 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
