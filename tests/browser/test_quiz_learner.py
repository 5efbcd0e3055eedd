"""Quizzes as a learner meets them (issue 15), in Chromium on the offline build.

Every question is answered wrong first and then right; a page must not be completable by
always choosing the same position; numeric inputs are readable before any answer; "select
all" keeps correct picks; a wrong number gets a hint and a second try; progress survives a
reload and shows in the chapter list and on the landing page.
"""

from __future__ import annotations

import json

import pytest

from .conftest import SCREENSHOTS, PageWatch, numeric_answers
from .test_pages import site_pages

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


def quiz_pages(root) -> list[str]:
    return [p for p in site_pages(root) if "Quiz" in (root / p).read_text(encoding="utf-8")
            or "jupyterquiz" in (root / p).read_text(encoding="utf-8")]


def open_page(browser, url, width=1280):
    w = PageWatch(browser, width=width)
    w.goto(url)
    w.page.wait_for_function("() => !document.querySelector('.Quiz') || "
                             "document.querySelectorAll('.Quiz .Answer').length > 0", timeout=10000)
    return w


def state(label) -> str:
    cls = (label.get_attribute("class") or "").split()
    return "right" if "correctButton" in cls else "wrong" if "incorrectButton" in cls else "none"


def walk_page(page, shots: str | None = None) -> dict:
    """Answer every question on the page wrong first, then right. Returns counts."""
    quizzes = page.locator(".Quiz")
    n_numeric = n_many = 0
    for i in range(quizzes.count()):
        q = quizzes.nth(i)
        q.scroll_into_view_if_needed()
        fb = q.locator(".Feedback")
        text = q.inner_text()[:60]
        numeric = q.locator("input.Input-text")
        if numeric.count():
            n_numeric += 1
            answers, right = numeric_answers(numeric)
            wrong = right * 3 + 1000
            worked = next((a.get("feedback", "") for a in answers if a.get("type") == "default"), "")
            numeric.click()
            numeric.fill(f"{wrong:g}")
            numeric.press("Enter")
            hint = fb.inner_text().strip()
            assert "incorrect" in fb.get_attribute("class").split(), f"'{text}': wrong number not marked"
            assert hint.startswith("Not yet") and "too high" in hint, f"'{text}': no hint first: {hint!r}"
            if shots and n_numeric == 1:
                q.screenshot(path=str(SCREENSHOTS / f"{shots}-numeric-hint.png"))
            numeric.click()
            numeric.fill(f"{wrong * 2:g}")
            numeric.press("Enter")
            second = fb.inner_text().strip()
            assert second != hint and "incorrect" in fb.get_attribute("class").split(), \
                f"'{text}': second wrong try should show the worked answer"
            assert worked[:20].split("<")[0] in fb.inner_html() or second, f"'{text}': no worked answer"
            if shots and n_numeric == 1:
                q.screenshot(path=str(SCREENSHOTS / f"{shots}-numeric-worked.png"))
            numeric.click()
            numeric.fill(f"{right:g}")
            numeric.press("Enter")
            assert "correct" in fb.get_attribute("class").split(), f"'{text}': right number not marked right"
            continue
        labels = q.locator("label.MCButton")
        correct = [j for j in range(labels.count()) if labels.nth(j).get_attribute("data-correct") == "true"]
        wrong = [j for j in range(labels.count()) if j not in correct]
        assert correct and wrong, f"'{text}': needs right and wrong options"
        if len(correct) == 1:
            labels.nth(wrong[0]).click()
            assert state(labels.nth(wrong[0])) == "wrong", f"'{text}': wrong option not marked wrong"
            assert "incorrect" in fb.get_attribute("class").split(), f"'{text}': wrong feedback not marked"
            labels.nth(correct[0]).click()
            assert state(labels.nth(correct[0])) == "right", f"'{text}': right option not marked right"
            assert "correct" in fb.get_attribute("class").split(), f"'{text}': right feedback not marked"
            continue
        n_many += 1
        labels.nth(correct[0]).click()
        labels.nth(wrong[0]).click()
        assert state(labels.nth(wrong[0])) == "wrong", f"'{text}': wrong pick not marked wrong"
        assert state(labels.nth(correct[0])) == "right", f"'{text}': a wrong pick cleared a correct one"
        missing = len(correct) - 1
        assert f"{missing} more to find" in fb.inner_text(), f"'{text}': does not say how many are missing"
        if shots and n_many == 1:
            q.screenshot(path=str(SCREENSHOTS / f"{shots}-select-all-wrong.png"))
        for j in correct[1:]:
            labels.nth(j).click()
        assert all(state(labels.nth(j)) == "right" for j in correct), f"'{text}': picks lost"
        assert f"All {len(correct)} correct options found" in fb.inner_text(), f"'{text}': not completed"
        assert "correct" in fb.get_attribute("class").split()
    return {"questions": quizzes.count(), "numeric": n_numeric, "select_all": n_many}


def same_position_wins(page) -> list[int]:
    """Positions that answer every choice question of the page right when always chosen."""
    per_q = page.evaluate("""() => Array.from(document.querySelectorAll('.Quiz'))
        .filter(q => q.querySelector('label.MCButton'))
        .map(q => Array.from(q.querySelectorAll('label.MCButton')).map(l => l.dataset.correct === 'true'))""")
    if len(per_q) < 2:
        return []
    return [p for p in range(max(map(len, per_q))) if all(p < len(q) and q[p] for q in per_q)]


def test_learner_walk_every_quiz_page(offline_site, browser):
    root, url = offline_site["root"], offline_site["url"]
    pages = [p for p in quiz_pages(root) if p.startswith("book/")]
    assert len(pages) >= 10, pages
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for rel in pages:
        w = open_page(browser, f"{url}/{rel}")
        try:
            if not w.page.locator(".Quiz").count():
                continue
            wins = same_position_wins(w.page)
            if wins:
                failures.append(f"{rel}: always choosing option {[p + 1 for p in wins]} completes the page")
            try:
                walk_page(w.page, shots=rel.split("/")[-1].removesuffix(".html"))
            except AssertionError as e:
                failures.append(f"{rel}: {e}")
            assert not w.errors, (rel, w.errors[:3])
        finally:
            w.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [1280, 390])
def test_numeric_inputs_readable_before_answering(offline_site, browser, width):
    root, url = offline_site["root"], offline_site["url"]
    checked = 0
    for rel in quiz_pages(root):
        if "Input-text" not in (root / rel).read_text(encoding="utf-8") and "numeric" not in \
                (root / rel).read_text(encoding="utf-8"):
            continue
        w = open_page(browser, f"{url}/{rel}", width=width)
        try:
            inputs = w.page.locator(".Quiz input.Input-text")
            for i in range(inputs.count()):
                inp = inputs.nth(i)
                label = inp.locator("xpath=preceding-sibling::label[contains(@class,'InpLabel')]")
                inp.scroll_into_view_if_needed()
                inp.evaluate("e => { e.value = '42'; }")  # typed text, without focus styles
                w.page.mouse.click(1, 1)
                for what, el in (("typed text", inp), ("label", label)):
                    c = el.evaluate(CONTRAST)
                    assert c["ratio"] >= 4.5, f"{rel} at {width}px: {what} contrast {c}"
                checked += 1
                if checked == 1:
                    inp.evaluate("e => e.closest('.Quiz').scrollIntoView()")
                    inp.locator("xpath=ancestor::div[contains(@class,'Quiz')]").screenshot(
                        path=str(SCREENSHOTS / f"numeric-default-{width}.png"))
                    (SCREENSHOTS / f"numeric-contrast-{width}.json").write_text(
                        json.dumps({"input": inp.evaluate(CONTRAST), "label": label.evaluate(CONTRAST)}))
        finally:
            w.close()
    assert checked >= 10, checked


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
