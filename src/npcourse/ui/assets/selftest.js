/* Self-test across chapters (npcourse/ui/selftest.py writes the page; this script runs it).
   The student ticks the chapters they have read and starts a set: up to N questions drawn
   from those chapters' quiz banks (embedded in the page as JSON), spread over the chapters and
   avoiding the previous set's questions where the banks allow. Each question is drawn by
   jupyterquiz's own show_questions into a container that names its chapter (data-np-stem),
   so the course's quiz extension (quiz.js) gives second tries and "select all" tallies and
   records the answer under that chapter. The score appears when every question is finished:
   right, or a number answered wrong twice (its worked answer is then shown). */
(function () {
  "use strict";
  var PICK_KEY = "npcourse-selftest-v1";

  var css = [
    ".np-selftest fieldset { border: 1px solid #5a5a5a; border-radius: 4px; padding: 0.5rem 0.75rem; }",
    ".np-selftest legend { font-weight: 600; padding: 0 0.25rem; }",
    ".np-selftest ul { list-style: none; padding-left: 0; margin: 0.25rem 0; }",
    ".np-selftest li { margin: 0.3rem 0; }",
    ".np-selftest label { cursor: pointer; }",
    ".np-selftest input[type=checkbox] { width: 1.1rem; height: 1.1rem; margin-right: 0.4rem; vertical-align: -0.15rem; }",
    ".np-selftest button { font-size: 1rem; padding: 0.35rem 0.8rem; margin: 0.25rem 0.5rem 0.25rem 0;",
    "  border: 1px solid #1f4e79; border-radius: 4px; background: #ffffff; color: #1f4e79; cursor: pointer; }",
    ".np-selftest button.np-selftest-start, .np-selftest button.np-selftest-new { background: #1f4e79; color: #ffffff; }",
    ".np-selftest .np-selftest-from { font-size: 0.85rem; margin: 1.25rem 0 0.25rem; color: var(--pst-color-text-base, #1a1a1a); }",
    ".np-selftest-score { border: 2px solid #1f4e79; border-radius: 4px; padding: 0.5rem 0.75rem; margin: 1rem 0; }",
    ".np-selftest-score p { margin: 0.25rem 0; }"
  ].join("\n");

  function addStyle() {
    if (document.getElementById("np-selftest-style")) { return; }
    var style = document.createElement("style");
    style.id = "np-selftest-style";
    style.textContent = css;
    (document.head || document.documentElement).appendChild(style);
  }

  function shuffle(list) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = a[i];
      a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  function keyOf(item) { return item.stem + "#" + item.index; }

  // Up to `size` questions from the chosen chapters, taken in turn from each chapter so every
  // chapter is represented; questions of the previous set come last, so a new set differs.
  function draw(chapters, chosen, size, previous) {
    var pools = chapters.filter(function (c) { return chosen.indexOf(c.stem) !== -1; })
      .map(function (c) {
        var items = c.questions.map(function (q, i) { return { stem: c.stem, title: c.title, index: i, q: q }; });
        var fresh = shuffle(items.filter(function (it) { return !previous[keyOf(it)]; }));
        var seen = shuffle(items.filter(function (it) { return previous[keyOf(it)]; }));
        return fresh.concat(seen);
      });
    pools = shuffle(pools);
    var picked = [];
    var more = true;
    while (picked.length < size && more) {
      more = false;
      for (var p = 0; p < pools.length && picked.length < size; p++) {
        if (pools[p].length) { picked.push(pools[p].shift()); more = true; }
      }
    }
    return shuffle(picked);
  }

  function savedPicks() {
    try { return JSON.parse(window.localStorage.getItem(PICK_KEY)) || null; } catch (e) { return null; }
  }
  function savePicks(stems) {
    try { window.localStorage.setItem(PICK_KEY, JSON.stringify(stems)); } catch (e) { /* private mode */ }
  }

  // Chapters ticked when the page opens: up to the chapter the student came from, else the
  // last choice, else the chapters whose quiz they have started.
  function initialPicks(stems) {
    var ref = (document.referrer || "").split("#")[0].split("?")[0].split("/").pop() || "";
    var m = /^(\d\d)-[a-z0-9-]+\.html$/.exec(ref);
    if (m && document.referrer.indexOf("/book/") !== -1) {
      return stems.filter(function (s) { return s.slice(0, 2) <= m[1]; });
    }
    var saved = savedPicks();
    if (saved && saved.length) { return saved; }
    var progress = (window.npQuiz && window.npQuiz.load) ? window.npQuiz.load() : {};
    return stems.filter(function (s) { return progress[s]; });
  }

  function setup(root) {
    if (root.dataset.npReady) { return; }
    if (typeof show_questions !== "function") { return; }  // jupyterquiz not loaded yet
    root.dataset.npReady = "1";
    addStyle();
    var chapters = JSON.parse(root.querySelector(".np-selftest-bank").textContent);
    var size = Number(root.dataset.setSize) || 10;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[name=np-selftest-chapter]"));
    var status = root.querySelector(".np-selftest-status");
    var area = root.querySelector(".np-selftest-set");
    var scoreBox = root.querySelector(".np-selftest-score");
    var newButton = root.querySelector(".np-selftest-new");
    var previous = {};
    var current = [];

    var start = initialPicks(chapters.map(function (c) { return c.stem; }));
    boxes.forEach(function (b) { b.checked = start.indexOf(b.value) !== -1; });

    function chosen() { return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); }

    function finishedCount() {
      return current.filter(function (it) { return it.done; }).length;
    }

    function showStatus() {
      status.textContent = "Question set: " + finishedCount() + " of " + current.length + " finished.";
    }

    function showScore() {
      var first = current.filter(function (it) { return it.first; }).length;
      var perChapter = {};
      current.forEach(function (it) {
        var c = perChapter[it.stem] || (perChapter[it.stem] = { title: it.title, n: 0, first: 0 });
        c.n++;
        if (it.first) { c.first++; }
      });
      var rows = Object.keys(perChapter).sort().map(function (s) {
        var c = perChapter[s];
        return "<li>" + c.title + ": " + c.first + " of " + c.n + "</li>";
      });
      scoreBox.innerHTML = "<p><strong>Your score: " + first + " of " + current.length +
        " right at the first try.</strong></p><p>By chapter (right at the first try):</p><ul>" +
        rows.join("") + "</ul><p>Reread the sections named in the feedback of the questions you " +
        "missed, then try a new set.</p>";
      scoreBox.hidden = false;
      newButton.hidden = false;
    }

    function onOutcome(event) {
      var holder = event.target.closest && event.target.closest("[data-np-selftest-item]");
      if (!holder || !area.contains(holder)) { return; }
      var it = current[Number(holder.dataset.npSelftestItem)];
      if (!it || it.done) { return; }
      var d = event.detail || {};
      if (d.outcome === "wrong") { it.wrong = true; }
      if (d.outcome === "right" || (d.outcome === "wrong" && d.numeric && d.tries >= 2)) {
        it.done = true;
        it.first = d.outcome === "right" && !it.wrong;
      }
      showStatus();
      if (finishedCount() === current.length) { showScore(); }
    }
    area.addEventListener("np-quiz-outcome", onOutcome);

    function begin() {
      var picks = chosen();
      scoreBox.hidden = true;
      scoreBox.innerHTML = "";
      newButton.hidden = true;
      area.innerHTML = "";
      if (!picks.length) {
        status.textContent = "Tick at least one chapter first.";
        current = [];
        return;
      }
      savePicks(picks);
      current = draw(chapters, picks, size, previous);
      previous = {};
      current.forEach(function (it, n) {
        previous[keyOf(it)] = true;
        var from = document.createElement("p");
        from.className = "np-selftest-from";
        from.textContent = "Question " + (n + 1) + " of " + current.length + " (from " + it.title + ")";
        area.appendChild(from);
        var holder = document.createElement("div");
        holder.dataset.npStem = it.stem;
        holder.dataset.npSelftestItem = String(n);
        holder.dataset.npQuestion = keyOf(it);
        holder.dataset.shufflequestions = "False";
        holder.dataset.shuffleanswers = "False";
        holder.dataset.preserveresponses = "false";
        holder.dataset.numquestions = "1";
        holder.dataset.maxwidth = "800";
        holder.style.textAlign = "left";
        area.appendChild(holder);
        show_questions([it.q], holder);  // jupyterquiz's renderer
      });
      showStatus();
      var firstQuestion = area.querySelector(".np-selftest-from");
      if (firstQuestion && firstQuestion.scrollIntoView) { firstQuestion.scrollIntoView({ block: "start" }); }
    }

    root.querySelector(".np-selftest-start").addEventListener("click", begin);
    newButton.addEventListener("click", begin);
    root.querySelector(".np-selftest-all").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = true; });
    });
    root.querySelector(".np-selftest-none").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
    });
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".np-selftest"), setup);
  }
  window.npSelfTest = { draw: draw, setup: setupAll };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setupAll); } else { setupAll(); }
})();
