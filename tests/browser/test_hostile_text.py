"""Hostile quiz text rendered by the real quiz path in Chromium: no live markup, no handler runs.

`npcourse.ui.quiz` escapes HTML (quotes included) and neutralises Markdown links before
jupyterquiz sees the text (issue 19: a ``[text](javascript:…)`` link and an ``onmouseover``
handler once reached the page and the handler ran). The unit tests check the escaped strings;
this test checks what matters, the page: the questions are rendered exactly as the book renders
them (``quiz.show_questions``, jupyterquiz's own script, the course's extension), opened in
Chromium, every option hovered, clicked and answered, and the page is searched for a live
``javascript:`` link, an event-handler attribute, an injected element or a handler that ran.
Maths delimiters never reach the page: ``check_question`` refuses them (checked here too).
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from npcourse.facts import data
from npcourse.ui import quiz

# Each payload sets window.pwned if it ever runs.
PAYLOADS = [
    "[click me](javascript:window.pwned='link')",
    '" onmouseover="window.pwned=\'quote\'" x="',
    "<img src=x onerror=\"window.pwned='img'\">",
    "<a href=\"javascript:window.pwned='a'\">tap</a>",
    "<script>window.pwned='script'</script>",
    "<svg onload=\"window.pwned='svg'\"></svg>",
    "' onfocus='window.pwned=1' autofocus='",
]


def hostile_questions() -> list[dict]:
    questions = []
    for i, p in enumerate(PAYLOADS):
        questions.append({
            "type": "single", "question": f"Q{i} {p}",
            "options": [{"text": f"right {p}", "correct": True, "feedback": f"yes {p}"},
                        {"text": f"wrong {i}", "correct": False, "feedback": f"no {p}"}]})
    questions.append({"type": "numeric", "question": f"How many? {PAYLOADS[1]}", "answer": 3,
                      "tolerance": 0, "feedback_correct": f"ok {PAYLOADS[0]}",
                      "feedback_wrong": f"hint {PAYLOADS[2]}"})
    return questions


def rendered_page(questions: list[dict]) -> str:
    """The HTML and scripts ``show_questions`` displays, as one page (what the book embeds)."""
    InteractiveShell.instance()  # display() publishes (and capture_output captures) only inside a shell
    with capture_output() as shown:
        quiz.show_questions(questions)
    parts = []
    for output in shown.outputs:
        if "text/html" in output.data:
            parts.append(output.data["text/html"])
        elif "application/javascript" in output.data:
            parts.append(f"<script>{output.data['application/javascript']}</script>")
    assert parts, "show_questions displayed nothing"
    return "<!doctype html><html><head><meta charset='utf-8'><title>hostile</title></head><body>" \
           "<script>window.pwned = false;</script>" + "\n".join(parts) + "</body></html>"


def test_maths_delimiters_are_refused_before_the_page():
    for text in ("\\(x^2\\)", "\\[x\\]", "costs $5"):
        q = {"type": "single", "question": text,
             "options": [{"text": "a", "correct": True, "feedback": "f"},
                         {"text": "b", "correct": False, "feedback": "f"}]}
        with pytest.raises(data.DataError, match="maths|'\\$'"):
            quiz.check_question(q, "hostile")


def test_hostile_quiz_text_stays_text_in_chromium(browser, tmp_path):
    page_file = tmp_path / "hostile.html"
    page_file.write_text(rendered_page(hostile_questions()), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('.Quiz .MCButton').length >= 14",
                               timeout=20_000)
        # The payload text is there, as text: the learner sees the characters.
        assert page.locator(".Quiz", has_text="onmouseover").count() >= 1
        # Act on everything a learner could: hover and click every option, type and submit.
        buttons = page.locator(".Quiz .MCButton")
        for i in range(buttons.count()):
            buttons.nth(i).hover()
            buttons.nth(i).click()
        for field in page.locator(".Quiz input.Input-text").all():
            field.focus()
            field.fill("2")
            field.press("Enter")
            field.fill("3")
            field.press("Enter")
        page.mouse.move(5, 5)
        found = page.evaluate("""() => {
            const quiz = Array.from(document.querySelectorAll('.Quiz'));
            const all = quiz.flatMap(q => [q, ...q.querySelectorAll('*')]);
            return {
              pwned: window.pwned,
              jsLinks: all.filter(e => (e.getAttribute('href') || '').trim().toLowerCase()
                                         .startsWith('javascript:')).length,
              handlers: all.flatMap(e => Array.from(e.attributes).map(a => a.name))
                           .filter(n => n.startsWith('on')),
              injected: all.filter(e => ['IMG', 'SCRIPT', 'SVG', 'svg', 'A'].includes(e.tagName)).length,
            };
        }""")
    finally:
        context.close()
    assert found["pwned"] is False, f"a payload ran: {found['pwned']}"
    assert found["jsLinks"] == 0, "a javascript: link is live in a quiz"
    assert not found["handlers"], f"event-handler attributes in a quiz: {found['handlers']}"
    assert found["injected"] == 0, "quiz text became an element (img, script, svg or link)"
    assert not errors, errors


def test_the_browser_check_sees_raw_text_go_live(browser, tmp_path):
    """The same checks on unescaped text must fail: the test can tell safe from unsafe."""
    page_file = tmp_path / "raw.html"
    page_file.write_text("<!doctype html><script>window.pwned=false</script><div class='Quiz'>"
                         + "<img src=x onerror=\"window.pwned='img'\">"
                         + "<a href=\"javascript:void(0)\">x</a></div>", encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function("() => window.pwned === 'img'", timeout=10_000)
        links = page.evaluate("() => document.querySelectorAll('.Quiz a[href^=\"javascript:\"]').length")
    finally:
        context.close()
    assert links == 1
