"""Quizzes as a learner meets them (issue 15), in Chromium on the offline build.

Every question is answered wrong first and then right; a page must not be completable by
always choosing the same position; numeric inputs are readable before any answer; "select
all" keeps correct picks; a wrong number gets a hint and a second try; progress survives a
reload and shows in the chapter list and on the landing page.
"""

from __future__ import annotations

import json

from .conftest import SCREENSHOTS, PageWatch, numeric_answers

# Relative luminance and contrast (WCAG 2.x) of computed colours; the background is the first
# ancestor whose background is not transparent (white when none is).
CONTRAST = """
(el) => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = null;
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c; break; }
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), fg: getComputedStyle(el).color, bg: String(bg)};
}
"""


def state(label) -> str:
    cls = (label.get_attribute("class") or "").split()
    return "right" if "correctButton" in cls else "wrong" if "incorrectButton" in cls else "none"


def walk_page(page, failures: list[str], generic: list[str] | None = None, shots: str | None = None) -> dict:
    """Answer every question on the page wrong first, then right. Returns counts.

    A question that fails a check is reported in ``failures`` (what it failed first) and the walk
    goes on with the next question. ``generic`` receives the failures of the checks the page walk's
    interactives test makes with the same clicks (tests/browser/test_pages.py: a wrong answer is
    marked incorrect and a right one correct, each with feedback text, different for the two), so
    one walk serves both tests. ``shots`` names screenshots of the first hint, worked answer and
    select-all state (taken only with NPCOURSE_SCREENSHOTS=1).
    """
    quizzes = page.locator(".Quiz")
    counts = {"questions": quizzes.count(), "numeric": 0, "select_all": 0}
    for i in range(quizzes.count()):
        try:
            answer_as_learner(quizzes.nth(i), counts, generic if generic is not None else [], shots)
        except AssertionError as e:
            failures.append(str(e))
    return counts


def answer_as_learner(q, counts: dict, generic: list[str], shots: str | None) -> None:
    def note(ok: bool, message: str) -> None:
        if not ok:
            generic.append(message)

    def shot(name: str) -> None:
        if shots:
            q.screenshot(path=str(SCREENSHOTS / f"{shots}-{name}.png"))

    q.scroll_into_view_if_needed()
    fb = q.locator(".Feedback")
    text = q.inner_text()[:60]
    numeric = q.locator("input.Input-text")
    if numeric.count():
        counts["numeric"] += 1
        answers, right = numeric_answers(numeric)
        wrong = right * 3 + 1000
        worked = next((a.get("feedback", "") for a in answers if a.get("type") == "default"), "")
        numeric.click()
        numeric.fill(f"{wrong:g}")
        numeric.press("Enter")
        hint = fb.inner_text().strip()
        cls = fb.get_attribute("class") or ""
        note("incorrect" in cls.split(), f"numeric question '{text}': {wrong:g} gave {cls!r}")
        note(bool(hint), f"numeric question '{text}': empty feedback")
        assert "incorrect" in cls.split(), f"'{text}': wrong number not marked"
        assert hint.startswith("Not yet") and "too high" in hint, f"'{text}': no hint first: {hint!r}"
        if counts["numeric"] == 1:
            shot("numeric-hint")
        numeric.click()
        numeric.fill(f"{wrong * 2:g}")
        numeric.press("Enter")
        second = fb.inner_text().strip()
        assert second != hint and "incorrect" in fb.get_attribute("class").split(), \
            f"'{text}': second wrong try should show the worked answer"
        assert worked[:20].split("<")[0] in fb.inner_html() or second, f"'{text}': no worked answer"
        if counts["numeric"] == 1:
            shot("numeric-worked")
        numeric.click()
        numeric.fill(f"{right:g}")
        numeric.press("Enter")
        cls = fb.get_attribute("class") or ""
        note("correct" in cls.split(), f"numeric question '{text}': {right:g} gave {cls!r}")
        note(bool(fb.inner_text().strip()), f"numeric question '{text}': empty feedback")
        assert "correct" in cls.split(), f"'{text}': right number not marked right"
        return
    labels = q.locator("label.MCButton")
    flags = labels.evaluate_all("ls => ls.map(l => l.getAttribute('data-correct') === 'true')")  # one round trip
    correct = [j for j, right in enumerate(flags) if right]
    wrong = [j for j, right in enumerate(flags) if not right]
    note(bool(correct and wrong), f"question '{text}': needs right and wrong options")
    assert correct and wrong, f"'{text}': needs right and wrong options"

    def pick(j: int, expect: str) -> str:
        labels.nth(j).click()
        said = fb.inner_text().strip()
        note(expect in (fb.get_attribute("class") or "").split(),
             f"'{text}': {'wrong' if expect == 'incorrect' else 'right'} option not marked")
        return said

    if len(correct) == 1:
        wrong_text = pick(wrong[0], "incorrect")
        assert state(labels.nth(wrong[0])) == "wrong", f"'{text}': wrong option not marked wrong"
        assert "incorrect" in fb.get_attribute("class").split(), f"'{text}': wrong feedback not marked"
        right_text = pick(correct[0], "correct")
        note(wrong_text and right_text and wrong_text != right_text, f"'{text}': feedback not specific")
        assert state(labels.nth(correct[0])) == "right", f"'{text}': right option not marked right"
        assert "correct" in fb.get_attribute("class").split(), f"'{text}': right feedback not marked"
        return
    counts["select_all"] += 1
    right_text = pick(correct[0], "correct")
    wrong_text = pick(wrong[0], "incorrect")
    note(wrong_text and right_text and wrong_text != right_text, f"'{text}': feedback not specific")
    assert state(labels.nth(wrong[0])) == "wrong", f"'{text}': wrong pick not marked wrong"
    assert state(labels.nth(correct[0])) == "right", f"'{text}': a wrong pick cleared a correct one"
    missing = len(correct) - 1
    assert f"{missing} more to find" in fb.inner_text(), f"'{text}': does not say how many are missing"
    if counts["select_all"] == 1:
        shot("select-all-wrong")
    for j in correct[1:]:
        labels.nth(j).click()
    assert all(state(labels.nth(j)) == "right" for j in correct), f"'{text}': picks lost"
    assert f"All {len(correct)} correct options found" in fb.inner_text(), f"'{text}': not completed"
    assert "correct" in fb.get_attribute("class").split()


def same_position_wins(page) -> list[int]:
    """Positions that answer every choice question of the page right when always chosen."""
    per_q = page.evaluate("""() => Array.from(document.querySelectorAll('.Quiz'))
        .filter(q => q.querySelector('label.MCButton'))
        .map(q => Array.from(q.querySelectorAll('label.MCButton')).map(l => l.dataset.correct === 'true'))""")
    if len(per_q) < 2:
        return []
    return [p for p in range(max(map(len, per_q))) if all(p < len(q) and q[p] for q in per_q)]


# The learner walk of every quiz page and the numeric inputs' contrast at 1280 and 390 px are
# checked during the page walk's visits (tests/browser/test_pages.py: test_learner_walk_every_quiz_page,
# test_numeric_inputs_readable_before_answering[1280|390]), which open the same pages at the same
# widths: one visit per page and width serves all of them.

def numeric_inputs_readable(page, rel: str, width: int, shot: bool) -> tuple[int, list[str]]:
    """Contrast of every numeric input's typed text and label before any answer (WCAG AA, 4.5:1).
    Returns how many inputs were checked and the problems. ``shot``: save the first input's quiz
    and its measured contrast to _build/screenshots/."""
    inputs = page.locator(".Quiz input.Input-text")
    problems = []
    for i in range(inputs.count()):
        inp = inputs.nth(i)
        label = inp.locator("xpath=preceding-sibling::label[contains(@class,'InpLabel')]")
        inp.scroll_into_view_if_needed()
        inp.evaluate("e => { e.value = '42'; }")  # typed text, without focus styles
        page.mouse.click(1, 1)
        for what, el in (("typed text", inp), ("label", label)):
            c = el.evaluate(CONTRAST)
            if c["ratio"] < 4.5:
                problems.append(f"{rel} at {width}px: {what} contrast {c}")
        if shot and i == 0:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            inp.evaluate("e => e.closest('.Quiz').scrollIntoView()")
            inp.locator("xpath=ancestor::div[contains(@class,'Quiz')]").screenshot(
                path=str(SCREENSHOTS / f"numeric-default-{width}.png"))
            (SCREENSHOTS / f"numeric-contrast-{width}.json").write_text(
                json.dumps({"input": inp.evaluate(CONTRAST), "label": label.evaluate(CONTRAST)}))
        inp.evaluate("e => { e.value = ''; }")
    return inputs.count(), problems


def test_progress_survives_reload_and_reset(offline_site, browser):
    url = offline_site["url"]
    w = PageWatch(browser, width=390, height=900)
    try:
        page = w.page
        w.goto(f"{url}/book/01-pain-types.html")
        page.wait_for_selector(".Quiz .Answer")
        total = page.locator(".Quiz").count()
        box = page.locator("#np-progress")
        assert f"0 of {total} questions answered" in box.inner_text()
        first = page.locator(".Quiz").first
        labels = first.locator("label.MCButton")
        right = next(j for j in range(labels.count()) if labels.nth(j).get_attribute("data-correct") == "true")
        labels.nth(right).click()
        second = page.locator(".Quiz").nth(1)
        labels2 = second.locator("label.MCButton")
        wrong = next(j for j in range(labels2.count()) if labels2.nth(j).get_attribute("data-correct") != "true")
        labels2.nth(wrong).click()
        assert f"2 of {total} questions answered, 1 answered right, 1 right at the first try" in box.inner_text()

        w.goto(f"{url}/book/01-pain-types.html")
        page.wait_for_selector(".Quiz .Answer")
        page.wait_for_function("() => document.querySelector('#np-progress')")
        text = page.locator("#np-progress").inner_text()
        assert f"2 of {total} questions answered, 1 answered right" in text, text
        assert "right at the first try" in page.locator(".Quiz").first.locator(".np-qstate").inner_text()
        page.locator("#np-progress").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "progress-after-reload-390.png"))
        nav = page.locator(".bd-sidenav .np-navcount")
        assert nav.count() >= 1 and f"(2/{total})" in nav.first.text_content(), "no count in the chapter list"

        w.goto(f"{url}/book/intro.html")
        overview = page.locator("#np-progress-overview")
        page.wait_for_function("() => document.querySelectorAll('#np-progress-overview li').length >= 10")
        assert f"2 of {total} questions answered, 1 right" in overview.inner_text()
        assert "quiz not started" in overview.inner_text()
        overview.screenshot(path=str(SCREENSHOTS / "progress-landing.png"))

        w.goto(f"{url}/book/01-pain-types.html")
        page.wait_for_selector("#np-progress button")
        with page.expect_navigation():
            page.locator("#np-progress button").click()
        page.wait_for_selector("#np-progress")
        assert f"0 of {total} questions answered" in page.locator("#np-progress").inner_text()
        assert not w.errors, w.errors[:3]
    finally:
        w.close()


# A quiz that accepts every answer: whatever jupyterquiz marks wrong is turned into right (the
# option's mark and the feedback's), as a broken quiz library or answer key would show it.
ACCEPT_ALL = """() => new MutationObserver(records => records.forEach(r => {
  const c = r.target.classList;
  if (c.contains('incorrectButton')) { c.replace('incorrectButton', 'correctButton'); }
  if (c.contains('Feedback') && c.contains('incorrect')) { c.replace('incorrect', 'correct'); }
})).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['class']})"""


def test_the_walk_fails_a_quiz_that_accepts_a_wrong_answer(offline_site, browser):
    """The learner walk (run by test_pages.py's page walk) and the interactives checks it makes
    for test_pages must both report a page whose questions accept a wrong answer."""
    w = PageWatch(browser, width=1280)
    try:
        w.goto(f"{offline_site['url']}/book/01-pain-types.html")
        assert w.page.locator(".Quiz label.MCButton").count() > 4
        w.page.evaluate(ACCEPT_ALL)
        failures, generic = [], []
        walk_page(w.page, failures, generic)
    finally:
        w.close()
    assert any("wrong option not marked wrong" in f or "wrong pick not marked wrong" in f for f in failures), failures
    assert any("wrong option not marked" in g for g in generic), generic
