"""The self-test page (issue 15 item 5) in Chromium on the offline build, at 1280 and 390 px.

A learner ticks two chapters and starts a set: every question comes from those two chapters'
quiz banks, each is answered (some right at once, the rest wrong first and then right), wrong
answers are marked wrong and right ones right, the score appears only when the last question
is finished and counts exactly the questions answered right at the first try; a new set
draws other questions from the same chapters.
"""

from __future__ import annotations

import pytest

from npcourse.ui import selftest

from .conftest import SCREENSHOTS, PageWatch, numeric_answers

CHOSEN = ["03-assessment", "09-progress-and-team"]


def marked(locator) -> str:
    cls = (locator.get_attribute("class") or "").split()
    return "right" if "correctButton" in cls or "correct" in cls else "wrong" if (
        "incorrectButton" in cls or "incorrect" in cls) else "none"


def answer(q, first_right: bool) -> None:
    """Answer one drawn question: right at once, or wrong first and then right; check the marks."""
    q.scroll_into_view_if_needed()
    fb = q.locator(".Feedback")
    text = q.inner_text()[:60]
    numeric = q.locator("input.Input-text")
    if numeric.count():
        _, right = numeric_answers(numeric)
        if not first_right:
            numeric.click()
            numeric.fill(f"{right * 3 + 1000:g}")
            numeric.press("Enter")
            assert marked(fb) == "wrong" and fb.inner_text().startswith("Not yet"), f"'{text}': no hint"
        numeric.click()
        numeric.fill(f"{right:g}")
        numeric.press("Enter")
        assert marked(fb) == "right", f"'{text}': right number not marked right"
        return
    labels = q.locator("label.MCButton")
    correct = [j for j in range(labels.count()) if labels.nth(j).get_attribute("data-correct") == "true"]
    wrong = [j for j in range(labels.count()) if j not in correct]
    assert correct and wrong, f"'{text}': needs right and wrong options"
    if not first_right:
        labels.nth(wrong[-1]).click()
        assert marked(labels.nth(wrong[-1])) == "wrong", f"'{text}': wrong option not marked wrong"
        assert marked(fb) == "wrong", f"'{text}': wrong feedback not marked"
    for j in correct:
        labels.nth(j).click()
    assert all(marked(labels.nth(j)) == "right" for j in correct), f"'{text}': right option not marked right"
    assert marked(fb) == "right", f"'{text}': right feedback not marked"


def drawn(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.np-selftest-set [data-np-stem]'))
        .map(h => ({stem: h.dataset.npStem, key: h.dataset.npQuestion,
                    from: h.previousElementSibling.textContent,
                    text: h.querySelector('[id^=quizQn]').textContent}))""")


@pytest.mark.parametrize("width", [1280, 390])
def test_self_test_draws_from_chosen_chapters_scores_and_renews(offline_site, browser, width):
    titles = {c: selftest.chapter_title(c) for c in CHOSEN}
    bank_texts = {c["stem"]: len(c["questions"]) for c in selftest.bank(CHOSEN)}
    w = PageWatch(browser, width=width)
    try:
        page = w.page
        w.goto(f"{offline_site['url']}/book/self-test.html")
        root = page.locator(".np-selftest")
        page.wait_for_function("() => document.querySelector('.np-selftest[data-np-ready]')", timeout=10000)
        root.locator(".np-selftest-none").click()
        root.locator(".np-selftest-start").click()
        assert "Tick at least one chapter" in root.locator(".np-selftest-status").inner_text()
        for stem in CHOSEN:
            root.locator(f"input[value='{stem}']").check()
        root.locator(".np-selftest-start").click()
        page.wait_for_function("() => document.querySelectorAll('.np-selftest-set .Quiz .Answer').length >= 10")

        first_set = drawn(page)
        assert len(first_set) == selftest.SET_SIZE == page.locator(".np-selftest-set .Quiz").count()
        assert {q["stem"] for q in first_set} == set(CHOSEN), first_set  # both chapters, and no other
        for q in first_set:
            assert titles[q["stem"]] in q["from"], q
            assert int(q["key"].split("#")[1]) < bank_texts[q["stem"]], q
        assert len({q["key"] for q in first_set}) == len(first_set), "a question drawn twice"
        # every question's text is one of its chapter's bank questions
        bank = {c["stem"]: c["questions"] for c in selftest.bank(CHOSEN)}
        for q in first_set:
            source = bank[q["stem"]][int(q["key"].split("#")[1])]["question"]
            assert q["text"].strip()[:30] in page.evaluate("t => { const d = document.createElement('div');"
                                                           " d.innerHTML = t; return d.textContent; }", source)

        quizzes = page.locator(".np-selftest-set .Quiz")
        score = root.locator(".np-selftest-score")
        right_first = 0
        for i in range(quizzes.count()):
            first_right = i % 3 == 0  # questions 1, 4, 7, 10 right at once; the rest wrong first
            assert score.is_hidden(), f"score shown before question {i + 1} was answered"
            answer(quizzes.nth(i), first_right)
            right_first += first_right
            if i == 1:
                quizzes.nth(i).screenshot(path=str(SCREENSHOTS / f"selftest-wrong-then-right-{width}.png"))
        page.wait_for_function("() => !document.querySelector('.np-selftest-score').hidden")
        text = score.inner_text()
        assert f"Your score: {right_first} of {len(first_set)} right at the first try" in text, text
        for stem in CHOSEN:
            n = sum(q["stem"] == stem for q in first_set)
            assert f"{titles[stem]}:" in text and f" of {n}" in text, text
        status = root.locator(".np-selftest-status").inner_text()
        assert f"{len(first_set)} of {len(first_set)} finished" in status, status
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        score.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"selftest-score-{width}.png"))

        # The answers count in each chapter's progress, kept in the browser.
        progress = page.evaluate("() => JSON.parse(localStorage.getItem('npcourse-progress-v1'))")
        for stem in CHOSEN:
            assert len(progress[stem]["q"]) == sum(q["stem"] == stem for q in first_set), progress

        root.locator(".np-selftest-new").click()
        page.wait_for_function("() => document.querySelector('.np-selftest-score').hidden && "
                               "document.querySelectorAll('.np-selftest-set .Quiz .Answer').length >= 10")
        second_set = drawn(page)
        assert {q["stem"] for q in second_set} <= set(CHOSEN)
        assert {q["key"] for q in second_set} != {q["key"] for q in first_set}, "the new set is the same set"
        assert not {q["key"] for q in second_set} & {q["key"] for q in first_set}, \
            "the new set repeats questions although the chapters have enough others"
        assert not w.errors, w.errors[:3]
    finally:
        w.close()
