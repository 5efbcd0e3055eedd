"""Every page of the offline build, in Chromium with the network cut off.

Pages are discovered from the built site, so a new chapter is covered without editing
these tests. One walk visits every page once per width and runs every page check on that visit
(the learner's quiz walk and the numeric inputs' contrast of test_quiz_learner.py included);
each test reports all failing pages at once.
"""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .conftest import AXE, SCREENSHOTS, PageWatch, numeric_answers, site_pages
from .test_diagrams import CHAPTERS, diagram_problems
from .test_layout_charts import CHAPTERS as CHART_CHAPTERS
from .test_layout_charts import chapter_cases, page_chart_problems
from .test_layout_tables import TABLE_FIT, is_chapter, table_problems
from .test_quiz_learner import numeric_inputs_readable, same_position_wins, walk_page


def test_site_has_pages(offline_site):
    pages = site_pages(offline_site["root"])
    assert any(p.startswith("book/01-") for p in pages), pages
    assert "search.html" in pages


# --- quizzes ---------------------------------------------------------------------------

def answer_quizzes(page) -> int:
    """Answer every jupyterquiz question right and wrong; return how many were answered."""
    questions = page.locator(".Quiz")
    for i in range(questions.count()):
        q = questions.nth(i)
        fb = q.locator(".Feedback")
        qtext = q.inner_text()[:60]
        numeric = q.locator("input.Input-text")
        if numeric.count():
            _, right = numeric_answers(numeric)
            wrong = right + 10 * abs(right) + 1000
            for value, expect in ((wrong, "incorrect"), (right, "correct")):
                numeric.click()
                numeric.fill(f"{value:g}")
                numeric.press("Enter")
                cls = fb.get_attribute("class") or ""
                assert expect in cls.split(), f"numeric question '{qtext}': {value} gave {cls!r}"
                assert fb.inner_text().strip(), f"numeric question '{qtext}': empty feedback"
            continue
        labels = q.locator("label.MCButton")
        correct = [j for j in range(labels.count()) if labels.nth(j).get_attribute("data-correct") == "true"]
        wrong = [j for j in range(labels.count()) if j not in correct]
        assert correct and wrong, f"question '{qtext}': needs right and wrong options"
        labels.nth(wrong[0]).click()
        wrong_text = fb.inner_text().strip()
        assert "incorrect" in (fb.get_attribute("class") or "").split(), f"'{qtext}': wrong option not marked"
        labels.nth(correct[0]).click()
        right_text = fb.inner_text().strip()
        assert "correct" in (fb.get_attribute("class") or "").split(), f"'{qtext}': right option not marked"
        assert wrong_text and right_text and wrong_text != right_text, f"'{qtext}': feedback not specific"
    return questions.count()


# --- Altair controls --------------------------------------------------------------------

# Moves a control and resolves once Vega has redrawn the chart's SVG (the observer fires after
# Vega's synchronous render pass), or with false after 2 s. Returns nothing for the restore.
CHANGE_CONTROL = """
async (el) => {
  const bind = el.closest('.vega-bind');
  const svg = bind.closest('.vega-embed').querySelector('svg');
  const redrawn = () => new Promise(resolve => {
    const obs = new MutationObserver(() => { obs.disconnect(); resolve(true); });
    obs.observe(svg, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(false); }, 2000);
  });
  let restore;
  const moved = redrawn();
  if (el.tagName === 'SELECT') {
    const before = el.selectedIndex;
    el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
    el.dispatchEvent(new Event('change', {bubbles: true}));
    restore = () => { el.selectedIndex = before; el.dispatchEvent(new Event('change', {bubbles: true})); };
  } else if (el.type === 'range') {
    const before = el.value, min = +el.min, max = +el.max;
    el.value = (+el.value === max) ? min : max;
    el.dispatchEvent(new Event('input', {bubbles: true}));
    restore = () => { el.value = before; el.dispatchEvent(new Event('input', {bubbles: true})); };
  } else if (el.type === 'checkbox') {
    el.click();
    restore = () => el.click();
  } else if (el.type === 'radio') {
    const group = Array.from(bind.querySelectorAll('input[type=radio]'));
    const before = group.find(r => r.checked);
    group.find(r => !r.checked).click();
    restore = () => before.click();
  }
  await moved;
  window.__npRestore = async () => { const back = redrawn(); restore(); await back; };
}
"""


# Mark containers a screen reader would meet as images without a name (axe svg-img-alt);
# npcourse.ui.charts hides them while Vega leaves them unnamed, whatever the controls show.
UNNAMED_MARKS = """
(el) => Array.from(el.querySelectorAll('g[role="graphics-symbol"]:not([aria-label])'))
  .filter(g => !g.closest('[aria-hidden="true"]'))
  .map(g => g.getAttribute('class')).slice(0, 3)
"""


def exercise_altair_controls(page) -> int:
    """Move every control bound to an Altair chart; the drawn chart must change.

    Each control is moved from the chart's initial state and then put back, so a control
    whose effect depends on another (e.g. a grading question that only matters once the
    earlier answers are yes) is judged where the chapter leaves it. In every state reached,
    no mark container may be an image without a name.
    """
    moved = 0
    charts = page.locator(".vega-embed")
    for i in range(charts.count()):
        chart = charts.nth(i)
        label = chart.evaluate("e => e.closest('figure.np-chart')?.getAttribute('aria-label') || ''")
        assert len(label) > 40, f"chart {i} has no title and description for screen readers"
        svg = chart.locator("svg").first
        controls = chart.locator(".vega-bind")
        for j in range(controls.count()):
            control = controls.nth(j)
            el = control.locator("select, input").first
            name = control.inner_text().strip()[:40]
            before = svg.inner_html()
            el.evaluate(CHANGE_CONTROL)
            after = svg.inner_html()
            assert after != before, f"chart {i}: control '{name}' did not redraw the chart"
            unnamed = svg.evaluate(UNNAMED_MARKS)
            assert not unnamed, f"chart {i}: after '{name}', unnamed image marks {unnamed}"
            page.evaluate("() => window.__npRestore()")
            moved += 1
    return moved


# --- jslinked ipywidgets -----------------------------------------------------------------

WIDGET_VALUES = """
(area) => Array.from(area.querySelectorAll('.noUi-handle, input, select, .widget-readout'))
  .map(e => e.getAttribute('aria-valuenow') ?? e.value ?? e.textContent)
"""


def exercise_jslinks(page) -> int:
    """Move the first control of each widget area; a linked widget in it must follow.

    Widget state embedded in the page lists the jslinks (LinkModel); each needs an area that
    responds, since a link only works in the static page if the widget manager runs it.
    """
    states = page.locator("script[type='application/vnd.jupyter.widget-state+json']")
    links = sum(1 for s in states.all()
                for m in json.loads(s.text_content())["state"].values()
                if m.get("model_name") == "LinkModel")
    if not links:
        return 0
    responsive = 0
    areas = page.locator(".widget-subarea")
    for i in range(areas.count()):
        area = areas.nth(i)
        handle = area.locator(".noUi-handle").first
        if not handle.count():
            continue
        before = area.evaluate(WIDGET_VALUES)
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
        try:  # wait until the handle and a linked widget have both moved, not a fixed time
            page.wait_for_function(
                f"([area, before]) => {{ const now = ({WIDGET_VALUES})(area);"
                " return now.filter((v, j) => v !== before[j]).length >= 2; }",
                arg=[area.element_handle(), before], timeout=3000)
        except PlaywrightTimeout:
            pass  # counted below as an area that does not respond
        after = area.evaluate(WIDGET_VALUES)
        changed = [j for j, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        if len(changed) >= 2:  # the handle itself plus at least one linked widget
            responsive += 1
    assert responsive >= links, f"{links} jslink(s) but only {responsive} widget area(s) respond"
    return links


# --- solution dropdowns --------------------------------------------------------------

def open_solution_dropdowns(page) -> int:
    """Solutions hidden in dropdowns open when their toggle is clicked."""
    toggles = page.locator(".solution.dropdown .toggle-button, .solution.toggle .toggle-button")
    for i in range(toggles.count()):
        t = toggles.nth(i)
        body = t.locator("xpath=ancestor::div[contains(@class,'solution')][1]").locator(".admonition-title ~ *").first
        t.click()
        expect(body, f"solution dropdown {i} did not open").to_be_visible()
    return toggles.count()


def test_search_finds_a_glossary_term(offline_site, watch):
    watch.goto(f"{offline_site['url']}/search.html?q=allodynia")
    results = watch.page.locator("#search-results a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("glossary" in (h or "") for h in hrefs), hrefs
    assert not watch.errors and not watch.external


# --- the walk: every page once at desktop width, once at phone width --------------------

CHECKS = ("clean", "interactives", "axe", "charts_fit", "phone_width", "learner", "numeric_1280", "numeric_390",
          "tables_1280", "tables_390", "diagrams")


def visit_desktop(w: PageWatch, rel: str, problems: dict, counts: dict, report, shots: bool) -> None:
    """axe on the page as it loads, the numeric inputs before any answer, chart widths, then every
    quiz (a chapter's as a learner answers it: test_quiz_learner.py), control and dropdown."""
    w.page.add_script_tag(path=str(AXE))
    result = w.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    axe_counts = {k: 0 for k in ("critical", "serious", "moderate", "minor")}
    for v in result["violations"]:
        axe_counts[v["impact"]] = axe_counts.get(v["impact"], 0) + len(v["nodes"])
        if v["impact"] in ("critical", "serious"):
            targets = [n["target"] for n in v["nodes"][:3]]
            problems["axe"].append(f"{rel}: {v['impact']} {v['id']} ({v['help']}) at {targets}")
    report.add(rel, **{f"axe_{k}": n for k, n in axe_counts.items()})
    chapter_layout(w, rel, 1280, problems, counts, report, None)
    numeric_inputs(w, rel, 1280, problems, counts, shots)
    problems["charts_fit"] += [f"{rel}: at 1280px chart '{c['label']}' is {c['svg']}px wide, its "
                               f"column {c['figure']}px" for c in w.page.evaluate(WIDE_CHARTS)]
    learner = rel.startswith("book/") and w.page.locator(".Quiz").count() > 0
    try:
        if learner:
            counts["learner_pages"] += 1
            wins = same_position_wins(w.page)
            if wins:
                problems["learner"].append(f"{rel}: always choosing option {[p + 1 for p in wins]} "
                                           "completes the page")
            failures, generic = [], []
            answered = walk_page(w.page, failures, generic,
                                 shots=rel.split("/")[-1].removesuffix(".html") if shots else None)
            problems["learner"] += [f"{rel}: {f}" for f in failures]
            problems["interactives"] += [f"{rel}: {g}" for g in generic]
            questions = answered["questions"]
        else:
            questions = answer_quizzes(w.page)
        report.add(rel, quiz_questions=questions,
                   altair_controls=exercise_altair_controls(w.page),
                   solution_dropdowns=open_solution_dropdowns(w.page),
                   jslinks=exercise_jslinks(w.page))
    except AssertionError as exc:
        problems["interactives"].append(f"{rel}: {exc}")
    if learner and w.errors:
        problems["learner"].append(f"{rel}: {w.errors[:3]}")


def visit_phone(w: PageWatch, rel: str, problems: dict, counts: dict, report, shots: bool) -> None:
    overflow = w.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        culprits = w.page.evaluate(WIDE_ELEMENTS)
        problems["phone_width"].append(f"{rel}: scrolls {overflow}px sideways at 390px; widest: {culprits}")
    numeric_inputs(w, rel, 390, problems, counts, shots)
    chapter_layout(w, rel, 390, problems, counts, report, SCREENSHOTS if shots else None)


def chapter_layout(w: PageWatch, rel: str, width: int, problems: dict, counts: dict, report, shot_dir) -> None:
    """A chapter page's tables (test_layout_tables.py) and diagrams (test_diagrams.py, whose
    controls are tried at 390 px), measured as the page loaded."""
    if not is_chapter(rel):
        return
    tables = w.page.evaluate(TABLE_FIT)
    counts[f"tables_{width}"] += len(tables)
    report.add(rel, **{f"tables_{width}": len(tables)})
    problems[f"tables_{width}"] += [f"{rel} at {width}px: {p}" for p in table_problems(tables, width)]
    problems["diagrams"] += diagram_problems(w.page, rel, width, shot_dir)
    counts["chapters"].add((rel.removesuffix(".html"), width))


def chart_text(w: PageWatch, rel: str, width: int, measured: dict, report) -> None:
    """A chapter page's chart text in every control state (test_layout_charts.py's measure), kept
    per chapter and width so each keeps its own test and its own still-failing mark. Run last on
    the visit: it leaves each select and radio group on its first option, and what its control
    moves throw is not part of the clean-page check (it never was). A measurement that breaks
    fails that chapter's test only, as it did when each had its own visit."""
    chapter = rel.removeprefix("book/").removesuffix(".html")
    if not rel.startswith("book/") or chapter not in CHART_CHAPTERS:
        return
    charts = w.page.locator("article.bd-article figure.np-chart").count()
    report.add(rel, **{f"charts_{width}": charts})
    try:
        problems = page_chart_problems(w.page)
    except PlaywrightError as exc:
        problems = [f"the measurement broke: {exc}"]
    measured[(chapter, width)] = {"charts": charts, "problems": [f"{rel} at {width}px: {p}" for p in problems]}


def numeric_inputs(w: PageWatch, rel: str, width: int, problems: dict, counts: dict, shots: bool) -> None:
    key = f"numeric_{width}"
    checked, found = numeric_inputs_readable(w.page, rel, width, shot=shots and not counts[key])
    counts[key] += checked
    problems[key] += found


@pytest.fixture(scope="module")
def walk(offline_site, browser, report) -> dict[str, list[str]]:
    """Visit every page at 1280 px (axe, tables and diagrams, numeric inputs, chart widths,
    interactives, the learner walk of a chapter's quizzes) and at 390 px (sideways scroll, numeric
    inputs, tables, diagrams and their controls), and on a chapter page at both widths, last, the
    text of every chart in every control state; recording problems per check, so each test below
    reports every failing page.

    One visit per page and width rather than one per check: loading a page costs more than
    checking it. NPCOURSE_SCREENSHOTS=1 also saves a full-page screenshot of each visit, and the
    quiz states the learner walk reaches, to _build/screenshots/.
    """
    assert AXE.exists(), f"{AXE} missing: run `npm ci`"
    shots = os.environ.get("NPCOURSE_SCREENSHOTS") == "1"
    if shots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {k: [] for k in CHECKS}
    counts = {"learner_pages": 0, "numeric_1280": 0, "numeric_390": 0, "tables_1280": 0, "tables_390": 0,
              "chapters": set()}
    measured: dict[tuple[str, int], dict] = {}
    for rel in site_pages(offline_site["root"]):
        for width, height in ((1280, 900), (390, 844)):
            w = PageWatch(browser, width=width, height=height)
            try:
                w.goto(f"{offline_site['url']}/{rel}")
                if width == 1280:
                    visit_desktop(w, rel, problems, counts, report, shots)
                    report.add(rel, external_requests=len(w.external), js_errors=len(w.errors))
                else:
                    visit_phone(w, rel, problems, counts, report, shots)
                if shots:
                    name = rel.replace("/", "__").removesuffix(".html")
                    w.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
                if w.errors:
                    problems["clean"].append(f"{rel} at {width}px: {w.errors[:5]}")
                if w.external:
                    problems["clean"].append(f"{rel} at {width}px: external requests {w.external[:5]}")
                chart_text(w, rel, width, measured, report)
            finally:
                w.close()
    return {**problems, "counts": counts, "chart_text": measured}


def test_every_page_loads_without_errors_or_external_requests(walk):
    assert not walk["clean"], "\n".join(walk["clean"])


def test_every_quiz_control_and_dropdown_responds(walk):
    assert not walk["interactives"], "\n".join(walk["interactives"])


def test_axe_finds_no_serious_or_critical_violations(walk):
    assert not walk["axe"], "\n".join(walk["axe"])


def test_every_chart_fits_its_column_on_desktop(walk):
    """At 1280 px nobody has to scroll inside a chart to read its right-hand part."""
    assert not walk["charts_fit"], "\n".join(walk["charts_fit"])


def test_no_page_scrolls_sideways_on_phones(walk):
    assert not walk["phone_width"], "\n".join(walk["phone_width"])


def test_learner_walk_every_quiz_page(walk):
    """Every chapter page's questions answered as a learner does (wrong first, then right), and
    no page completable by always choosing the same position: test_quiz_learner.walk_page. Was
    tests/browser/test_quiz_learner.py::test_learner_walk_every_quiz_page (its own visits)."""
    assert walk["counts"]["learner_pages"] >= 10, walk["counts"]
    assert not walk["learner"], "\n".join(walk["learner"])


@pytest.mark.parametrize("width", [1280, 390])
def test_numeric_inputs_readable_before_answering(walk, width):
    """Was tests/browser/test_quiz_learner.py::test_numeric_inputs_readable_before_answering[width]."""
    assert walk["counts"][f"numeric_{width}"] >= 10, walk["counts"]
    assert not walk[f"numeric_{width}"], "\n".join(walk[f"numeric_{width}"])


@pytest.mark.parametrize("width", [1280, 390])
def test_every_table_fits_its_column(walk, width):
    """Every table on every chapter page fits its column (the measure and its probe:
    test_layout_tables.py). Was tests/browser/test_layout_tables.py::test_every_table_fits_its_column[width]."""
    chapters = {c for c, wd in walk["counts"]["chapters"] if wd == width}
    assert len(chapters) >= 11, sorted(chapters)
    counted = walk["counts"][f"tables_{width}"]
    assert counted >= 20, f"only {counted} tables found on the chapter pages: is the selector stale?"
    assert not walk[f"tables_{width}"], "\n".join(walk[f"tables_{width}"])


def test_diagrams_named_captioned_fitting_and_interactive(walk):
    """Every chapter's diagrams at 390 and 1280 px (the check and its probe: test_diagrams.py).
    Was tests/browser/test_diagrams.py::test_diagrams_named_captioned_fitting_and_interactive."""
    missing = [(c, wd) for c in CHAPTERS for wd in (390, 1280) if (c, wd) not in walk["counts"]["chapters"]]
    assert not missing, f"chapter pages not visited: {missing}"
    assert not walk["diagrams"], "\n".join(walk["diagrams"])


@pytest.mark.parametrize(("chapter", "width"), list(chapter_cases()))
def test_chart_text_fits_and_is_large_enough(walk, chapter, width):
    """Every chart's text on a chapter page fits, does not overlap and is large enough, in every
    control state (the measure, its probe and the still-failing marks: test_layout_charts.py).
    Was tests/browser/test_layout_charts.py::test_chart_text_fits_and_is_large_enough[chapter-width]
    (its own visit per chapter and width)."""
    rel = f"book/{chapter}.html"
    assert (chapter, width) in walk["chart_text"], f"{rel} was not visited at {width}px: was it built?"
    measured = walk["chart_text"][(chapter, width)]
    assert measured["charts"] >= 1, f"no charts found on {rel}: is the selector stale?"
    problems = measured["problems"]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# Elements that stick out of the page itself: not those clipped or scrolled inside a box
# (charts and tables scroll in their own container), not code cells.
WIDE_ELEMENTS = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const inBox = e => { for (let n = e.parentElement; n && n !== document.body; n = n.parentElement) {
    if (getComputedStyle(n).overflowX !== 'visible') return true; } return false; };
  const out = e => e.getBoundingClientRect().right > limit;
  // Text running out of its own box (a long word) counts where it runs out, not its ancestors.
  const spills = e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1;
  const deepest = e => spills(e) && !Array.from(e.children).some(c => spills(c) || out(c));
  return Array.from(document.querySelectorAll('body *'))
    .filter(e => !e.closest('pre, .highlight, .cell_input, .bd-sidebar-primary, .bd-sidebar-secondary'))
    .filter(e => !inBox(e))
    .filter(e => out(e) || deepest(e))
    .slice(0, 5).map(e => e.tagName + '.' + (e.className.baseVal ?? e.className) + ' "'
      + (e.textContent || '').trim().slice(0, 40) + '"');
}
"""

WIDE_CHARTS = """
() => Array.from(document.querySelectorAll('figure.np-chart')).map(f => ({
  label: (f.getAttribute('aria-label') || '').split('. ')[0].slice(0, 70),
  figure: Math.round(f.getBoundingClientRect().width),
  svg: Math.round(f.querySelector('.vega-embed svg')?.getBoundingClientRect().width ?? 0),
})).filter(c => c.svg > c.figure)
"""


# --- the control check itself -------------------------------------------------------------

FAKE_CHART = """
<figure class="np-chart" aria-label="A test chart whose only control may or may not redraw it.">
  <div class="vega-embed"><svg><g><text>0</text></g></svg>
    <div class="vega-bind"><label>Dose <select><option>1</option><option>2</option></select></label></div>
  </div>
</figure>
<script>%s</script>
"""
REDRAW = """document.querySelector('select').addEventListener('change', e =>
  setTimeout(() => { document.querySelector('text').textContent = e.target.value; }, 30));"""


def test_control_check_fails_a_control_that_does_not_redraw(watch):
    watch.page.set_content(FAKE_CHART % "")
    try:
        exercise_altair_controls(watch.page)
    except AssertionError as exc:
        assert "did not redraw" in str(exc)
    else:
        raise AssertionError("a control with no effect passed the check")


def test_control_check_waits_for_a_delayed_redraw(watch):
    watch.page.set_content(FAKE_CHART % REDRAW)
    assert exercise_altair_controls(watch.page) == 1
    assert watch.page.locator("text").text_content() == "1", "the control was not put back"


# --- what "ready" means (conftest.READY): late work is waited for, and its errors are seen ------

# A quiz box drawn late, as jupyterquiz draws after the page is parsed, that throws as it draws:
# the page is quiet on the network long before, so only a wait on the drawn quiz sees the error.
LATE_QUIZ = """<!doctype html><html><head><title>probe</title></head><body>
<div data-shufflequestions="False"></div>
<script>window.addEventListener('load', () => setTimeout(() => {
  document.querySelector('[data-shufflequestions]').innerHTML = '<div class="Quiz"><div class="Answer"></div></div>';
  null.draw();
}, %d));</script></body></html>"""
# Late work the page announces (window.npPending) and an error thrown when it ends.
LATE_PENDING = """<!doctype html><title>probe</title><p>x</p>
<script>window.npPending = 1;
setTimeout(() => { window.npPending = 0; var v; v[0]; }, 1200);</script>"""


@pytest.mark.parametrize("probe", ["quiz", "pending"])
def test_the_watch_sees_an_error_thrown_after_load(offline_site, watch, probe):
    name = f"_ready_probe_{probe}.html"
    page = offline_site["root"] / name
    page.write_text(LATE_QUIZ % 1200 if probe == "quiz" else LATE_PENDING, encoding="utf-8")
    try:
        watch.goto(f"{offline_site['url']}/{name}")
        # The moment goto returns is the moment a check starts: the error must be seen by then.
        seen = list(watch.errors)
    finally:
        page.unlink()
    assert any(e.startswith("uncaught:") for e in seen), seen


def test_a_page_that_never_draws_is_reported(offline_site, watch):
    name = "_ready_probe_never.html"
    page = offline_site["root"] / name
    page.write_text('<!doctype html><title>probe</title><div data-shufflequestions="False"></div>',
                    encoding="utf-8")
    try:
        watch.goto(f"{offline_site['url']}/{name}", timeout=2000)
    finally:
        page.unlink()
    assert any("not drawn within 2 s" in e and "'quizzes': 1" in e for e in watch.errors), watch.errors
