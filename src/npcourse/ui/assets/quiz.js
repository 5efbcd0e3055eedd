/* The course's one extension of jupyterquiz (npcourse/ui/quiz.py ships it with the quizzes
   and the book loads it on every page). jupyterquiz itself is not changed: this script
   listens before jupyterquiz's own handlers (capture phase) and only steps in where the
   course wants different behaviour.
   - "Select all" questions keep every correct pick after a wrong one and say how many
     correct options are still to find (jupyterquiz clears all picks after a wrong one).
   - A wrong numeric answer first gets a hint (too high or too low) and a second try; only a
     second wrong answer shows jupyterquiz's worked answer.
   - Readable controls: the numeric input, its label and typed text in dark on light, option
     text left-aligned.
   - Progress kept in this browser (localStorage, no account, works offline): per page
     answered / right / right at the first try, beside the first quiz, with "Reset my
     answers"; the same counts in the chapter list and on the landing page
     (<div id="np-progress-overview">).
   - Every answer is announced as an "np-quiz-outcome" event on its question (detail: outcome,
     tries, numeric), which the self-test page (selftest.js) uses to score a set. */
(function () {
  "use strict";
  if (window.npQuiz) { return; }
  var KEY = "npcourse-progress-v1";

  var css = [
    ".Quiz .InpLabel { color: var(--pst-color-text-base, #1a1a1a); float: none; display: block; }",
    ".Quiz .Input-text { color: #1a1a1a; background-color: #ffffff; border: 2px solid #5a5a5a; }",
    ".Quiz .Input-text.incorrectButton, .Quiz .Input-text.correctButton { color: #ffffff; }",
    ".Quiz .MCButton { text-align: left; justify-content: flex-start; line-height: 1.35; }",
    ".Quiz .Feedback { text-align: left; line-height: 1.35; }",
    ".np-progress { border: 1px solid #5a5a5a; border-radius: 4px; padding: 0.5rem 0.75rem; margin: 1rem 0;",
    "  color: var(--pst-color-text-base, #1a1a1a); }",
    ".np-progress button, .np-progress-overview button { margin-left: 0.5rem; font-size: 0.9rem; padding: 0.15rem 0.5rem;",
    "  border: 1px solid #5a5a5a; border-radius: 3px; background: #ffffff; color: #1a1a1a; cursor: pointer; }",
    ".np-qstate { font-size: 0.85rem; margin: 0 0 0.25rem; color: var(--pst-color-text-base, #1a1a1a); }",
    ".np-navcount { font-size: 0.8em; margin-left: 0.3em; white-space: nowrap; }"
  ].join("\n");

  function addStyle() {
    if (document.getElementById("np-quiz-style")) { return; }
    var style = document.createElement("style");
    style.id = "np-quiz-style";
    style.textContent = css;
    (document.head || document.documentElement).appendChild(style);
  }

  // ---- storage: {stem: {total: N, q: {questionKey: {f: 1|0|null, c: 1|0}}}} -------------
  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function pageStem() {
    var last = decodeURIComponent(window.location.pathname.split("/").pop() || "");
    return last.replace(/\.(html|ipynb)$/, "") || "index";
  }
  function questionText(quiz) {
    var q = quiz.querySelector("[id^='quizQn']");
    return ((q && q.textContent) || "").replace(/\s+/g, " ").trim();
  }
  function questionKey(quiz) {  // a short stable hash of the question text
    var text = questionText(quiz), h = 5381;
    for (var i = 0; i < text.length; i++) { h = ((h * 33) ^ text.charCodeAt(i)) >>> 0; }
    return h.toString(36) + "-" + text.length;
  }
  function counts(chapter) {
    var answered = 0, right = 0, first = 0;
    Object.keys((chapter && chapter.q) || {}).forEach(function (k) {
      var r = chapter.q[k];
      answered++;
      if (r.c) { right++; }
      if (r.f === 1) { first++; }
    });
    return { answered: answered, right: right, first: first, total: (chapter && chapter.total) || 0 };
  }

  // outcome: "wrong", "partial" (a correct pick, more to find) or "right"
  // A question drawn on another page (the self-test) sits in a container naming its chapter
  // (data-np-stem): its answer counts for that chapter, whose total its own page sets.
  function record(quiz, outcome) {
    var holder = quiz.closest("[data-np-stem]");
    var state = load(), stem = holder ? holder.dataset.npStem : pageStem();
    var chapter = state[stem] || (state[stem] = { q: {} });
    if (!holder) { chapter.total = pageQuizzes().length; }
    var key = questionKey(quiz);
    var r = chapter.q[key] || (chapter.q[key] = { f: null, c: 0 });
    if (outcome === "wrong" && r.f === null) { r.f = 0; }
    if (outcome === "right") { if (r.f === null) { r.f = 1; } r.c = 1; }
    save(state);
    render();
    var event;
    try {
      event = new CustomEvent("np-quiz-outcome", { bubbles: true, detail: {
        outcome: outcome, tries: Number(quiz.dataset.npTries || 0),
        numeric: !!quiz.querySelector("input.Input-text") } });
    } catch (e) { event = null; }
    if (event) { quiz.dispatchEvent(event); }
  }

  function pageQuizzes() {  // the page's own quizzes (not the self-test's drawn questions)
    return Array.prototype.filter.call(document.querySelectorAll(".Quiz"), function (q) {
      return !q.closest("[data-np-stem]");
    });
  }

  var earlier = null;  // what was kept from earlier visits, read once when the page opens

  function describe(r) {
    if (!r) { return ""; }
    if (r.c && r.f === 1) { return "You answered this before: right at the first try."; }
    if (r.c) { return "You answered this before: right after another try."; }
    return "You started this question before and have not found the answer yet.";
  }

  // ---- display ------------------------------------------------------------------------
  function render() {
    addStyle();
    var quizzes = pageQuizzes();
    var state = load(), stem = pageStem();
    if (quizzes.length) {
      var chapter = state[stem];
      var box = document.getElementById("np-progress");
      if (!box) {
        var first = quizzes[0], container = first.parentElement || first;
        box = document.createElement("div");
        box.id = "np-progress";
        box.className = "np-progress";
        box.setAttribute("role", "status");
        box.innerHTML = '<span class="np-progress-text"></span><button type="button">Reset my answers</button>';
        container.parentElement.insertBefore(box, container);
        box.querySelector("button").addEventListener("click", function () {
          var s = load();
          delete s[stem];
          save(s);
          window.location.reload();
        });
      }
      var c = counts(chapter);
      box.querySelector(".np-progress-text").textContent =
        "Your progress on this page (kept in this browser only): " + c.answered + " of " +
        quizzes.length + " questions answered, " + c.right + " answered right, " + c.first +
        " right at the first try.";
      if (earlier === null) { earlier = load()[stem] || { q: {} }; }
      quizzes.forEach(function (quiz) {
        var r = earlier.q[questionKey(quiz)];
        var note = quiz.querySelector(".np-qstate");
        if (!r) { if (note) { note.remove(); } return; }
        if (!note) {
          note = document.createElement("p");
          note.className = "np-qstate";
          quiz.insertBefore(note, quiz.firstChild);
        }
        note.textContent = describe(r);
      });
    }
    renderNav(state);
    renderOverview(state);
  }

  function linkStem(a) {
    var href = (a.getAttribute("href") || "").split("#")[0];
    return decodeURIComponent(href.split("/").pop() || "").replace(/\.html$/, "");
  }
  function summary(chapter) {
    var c = counts(chapter);
    return c.answered + "/" + c.total + " answered, " + c.right + " right";
  }

  function renderNav(state) {
    document.querySelectorAll(".bd-sidenav a.reference.internal").forEach(function (a) {
      var chapter = state[linkStem(a)];
      var span = a.querySelector(".np-navcount");
      if (!chapter || !chapter.total) { if (span) { span.remove(); } return; }
      if (!span) { span = document.createElement("span"); span.className = "np-navcount"; a.appendChild(span); }
      var c = counts(chapter);
      span.textContent = "(" + c.answered + "/" + c.total + ")";
      span.setAttribute("title", summary(chapter));
    });
  }

  function renderOverview(state) {
    var box = document.getElementById("np-progress-overview");
    if (!box) { return; }
    box.classList.add("np-progress-overview");
    var seen = {}, rows = [];
    document.querySelectorAll(".bd-sidenav a.reference.internal").forEach(function (a) {
      var stem = linkStem(a);
      if (!/^\d\d-/.test(stem) || seen[stem]) { return; }
      seen[stem] = true;
      var chapter = state[stem];
      var title = a.cloneNode(true);
      var count = title.querySelector(".np-navcount");
      if (count) { count.remove(); }
      var c = counts(chapter);
      var text = chapter && chapter.total ? c.answered + " of " + c.total + " questions answered, " +
                                            c.right + " right" : "quiz not started";
      rows.push("<li><a href=\"" + a.getAttribute("href") + "\">" + title.textContent.trim() +
                "</a>: <span class=\"np-overview-count\">" + text + "</span></li>");
    });
    var html = "<ul>" + rows.join("") + "</ul><button type=\"button\">Reset all my answers</button>";
    if (box.dataset.npHtml !== html) {
      box.dataset.npHtml = html;
      box.innerHTML = html;
      box.querySelector("button").addEventListener("click", function () {
        try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
        render();
      });
    }
  }

  // ---- behaviour ----------------------------------------------------------------------
  function onClick(event) {
    var label = event.target.closest && event.target.closest(".Quiz label.MCButton");
    if (!label) { return; }
    var quiz = label.closest(".Quiz");
    var fb = quiz.querySelector(".Feedback");
    var correct = label.dataset.correct === "true";
    if (!quiz.querySelector(".ManyChoiceQn")) {
      // One answer: jupyterquiz marks it; the label's inner radio repeats the click, once.
      if (event.target.tagName !== "INPUT") { record(quiz, correct ? "right" : "wrong"); }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (label.classList.contains("correctButton")) { return; }  // already found
    label.classList.remove("incorrectButton");
    void label.offsetWidth;  // restart the colour animation
    label.classList.add(correct ? "correctButton" : "incorrectButton");
    label.setAttribute("aria-pressed", "true");
    var all = quiz.querySelectorAll("label.MCButton[data-correct='true']").length;
    var found = quiz.querySelectorAll("label.MCButton.correctButton").length;
    var left = all - found;
    var tally = left ? found + " of " + all + " correct options found: " + left +
                       (left === 1 ? " more to find." : " more to find.")
                     : "All " + all + " correct options found.";
    fb.innerHTML = (label.dataset.feedback || (correct ? "Correct." : "Not this one.")) +
                   ' <strong class="np-tally">' + tally + "</strong>";
    fb.className = "Feedback " + (correct ? "correct" : "incorrect");
    record(quiz, !correct ? "wrong" : left ? "partial" : "right");
  }

  function parseNumber(text) {
    text = String(text).trim();
    if (text.indexOf("/") !== -1) { var p = text.split("/"); return Number(p[0]) / Number(p[1]); }
    return text === "" ? NaN : Number(text);
  }

  function onKey(event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches(".Quiz input.Input-text")) { return; }
    var quiz = input.closest(".Quiz");
    var fb = quiz.querySelector(".Feedback");
    var value = parseNumber(input.value);
    if (isNaN(value)) {
      event.preventDefault();
      event.stopPropagation();
      fb.textContent = "Type a number first, then press Enter.";
      fb.className = "Feedback incorrect";
      fb.style.display = "block";
      return;
    }
    var answers = JSON.parse(input.dataset.answers || "[]");
    var good = answers.filter(function (a) { return a.correct; });
    var ok = good.some(function (a) {
      if ("value" in a) { return value === a.value; }
      return "range" in a && value >= a.range[0] && value < a.range[1];
    });
    if (ok) { record(quiz, "right"); return; }  // jupyterquiz shows the right-answer feedback
    var tries = Number(quiz.dataset.npTries || 0) + 1;
    quiz.dataset.npTries = String(tries);
    record(quiz, "wrong");
    if (tries > 1) { return; }  // second wrong answer: jupyterquiz shows the worked answer
    event.preventDefault();
    event.stopPropagation();
    var target = good.length ? ("value" in good[0] ? good[0].value : (good[0].range[0] + good[0].range[1]) / 2) : value;
    var direction = value > target ? "too high" : "too low";
    fb.textContent = "Not yet: " + input.value.trim() + " is " + direction + ". Check the formula, " +
      "the units and the rounding the question asks for, then type your answer again and press " +
      "Enter. The worked answer appears after a second wrong try.";
    fb.className = "Feedback incorrect np-hint";
    fb.style.display = "block";
    input.className = "Input-text incorrectButton";
    input.blur();
  }

  window.npQuiz = { render: render, load: load, key: KEY };
  document.addEventListener("click", onClick, true);
  document.addEventListener("keypress", onKey, true);
  addStyle();
  var pending = null;
  function soon() { if (!pending) { pending = setTimeout(function () { pending = null; render(); }, 50); } }
  if (document.body) {
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        for (var j = 0; j < records[i].addedNodes.length; j++) {
          var n = records[i].addedNodes[j];
          if (n.nodeType === 1 && (n.classList.contains("Quiz") || n.querySelector && n.querySelector(".Quiz, .bd-sidenav"))) { soon(); return; }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();
