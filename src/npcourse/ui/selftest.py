"""Self-test across chapters: a short mixed set of quiz questions from the chapters a student has read.

The page (``book/self-test.ipynb``) shows one checkbox per chapter, a "Start a set" button and,
after the set, the score and a "New set" button. Everything runs in the page with no kernel:
the chapters' quiz banks are converted once, when the book is built, to jupyterquiz's question
format (:func:`npcourse.ui.quiz.to_jupyterquiz`, the same escaping as the chapter quizzes) and
written into the page as JSON; ``assets/selftest.js`` draws a set from the chosen chapters and
renders each question with jupyterquiz's own ``show_questions``, so the course's quiz extension
(``assets/quiz.js``: second tries, "select all" tallies, progress) applies to them unchanged.
Answers given here count towards each question's own chapter in the progress kept in the
browser.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from IPython.display import HTML, Javascript, display

from npcourse.facts import data
from npcourse.ui import quiz

__all__ = ["SET_SIZE", "chapter_stems", "chapter_title", "bank", "bank_json", "page_html", "show"]

SET_SIZE = 10


def chapter_stems() -> list[str]:
    """The chapters that have a quiz bank, in book order."""
    return sorted(n.split("/", 1)[1] for n in data.available() if n.startswith("quizzes/"))


def chapter_title(stem: str) -> str:
    """'Chapter 3: Assessment and diagnosis' for ``'03-assessment'`` (title from the objectives)."""
    if not isinstance(stem, str) or stem not in chapter_stems():
        raise ValueError(f"stem must be one of the quiz chapters {chapter_stems()}, got {stem!r}")
    title = data.load("objectives")["chapters"].get(stem, {}).get("title")
    return f"Chapter {int(stem[:2])}" + (f": {title}" if title else "")


def bank(stems: list[str] | None = None) -> list[dict[str, Any]]:
    """Every chosen chapter's questions in jupyterquiz format: ``[{stem, title, questions}]``.

    ``stems`` defaults to every chapter with a quiz bank; a stem without one is a ValueError.
    """
    known = chapter_stems()
    if stems is None:
        stems = known
    if not isinstance(stems, list) or not all(isinstance(s, str) for s in stems):
        raise TypeError(f"stems must be a list of chapter stem strings, got {stems!r}")
    unknown = [s for s in stems if s not in known]
    if unknown:
        raise ValueError(f"stems must be chapters with a quiz bank ({', '.join(known)}); unknown: {unknown}")
    out = []
    for stem in stems:
        questions = quiz.to_jupyterquiz(quiz.load_bank(stem))
        out.append({"stem": stem, "title": chapter_title(stem), "questions": questions})
    return out


def bank_json(chapters: list[dict[str, Any]]) -> str:
    """The bank as JSON that is safe inside a ``<script>`` element: every ``<`` is written as the
    JSON escape ``\\u003c``, so no ``</script>`` or ``<!--`` in a question can end it early."""
    if not isinstance(chapters, list):
        raise TypeError(f"chapters must be the list that bank() returns, got {type(chapters).__name__}")
    return json.dumps(chapters, ensure_ascii=False).replace("<", "\\u003c")


def page_html(chapters: list[dict[str, Any]], set_size: int = SET_SIZE) -> str:
    """The chooser, the (empty) question area, the score area and the bank, as one HTML block."""
    if isinstance(set_size, bool) or not isinstance(set_size, int) or not 1 <= set_size <= 50:
        raise ValueError(f"set_size must be a whole number from 1 to 50, got {set_size!r}")
    boxes = "".join(
        f'<li><label><input type="checkbox" name="np-selftest-chapter" value="{html.escape(c["stem"])}"> '
        f'{html.escape(c["title"])} <span class="np-selftest-count">({len(c["questions"])} questions)</span>'
        f"</label></li>"
        for c in chapters)
    return (
        '<div class="np-selftest" data-set-size="' + str(set_size) + '">'
        '<fieldset class="np-selftest-chapters"><legend>Chapters you have read</legend>'
        f'<ul>{boxes}</ul>'
        '<p class="np-selftest-quick"><button type="button" class="np-selftest-all">Tick all</button>'
        '<button type="button" class="np-selftest-none">Clear</button></p></fieldset>'
        '<p><button type="button" class="np-selftest-start">Start a set of '
        f'{set_size} questions</button></p>'
        '<p class="np-selftest-status" role="status" aria-live="polite"></p>'
        '<div class="np-selftest-set"></div>'
        '<div class="np-selftest-score" role="status" aria-live="polite" hidden></div>'
        '<p><button type="button" class="np-selftest-new" hidden>New set</button></p>'
        f'<script type="application/json" class="np-selftest-bank">{bank_json(chapters)}</script>'
        "</div>"
    )


def _asset(name: str) -> str:
    return (resources.files("npcourse.ui") / "assets" / name).read_text(encoding="utf-8")


def show(set_size: int = SET_SIZE) -> None:
    """Display the self-test (works in the built book with no kernel, and in JupyterLab)."""
    from IPython.utils.capture import capture_output
    from jupyterquiz import display_quiz

    chapters = bank()
    body = page_html(chapters, set_size)
    # jupyterquiz's library and stylesheet, sent with an empty quiz; its styles are made page-wide
    # (".Quiz") so the questions drawn later get the course's colours.
    with capture_output(stdout=False, stderr=False) as shown:
        display_quiz([], shuffle_answers=False, colors=quiz.QUIZ_COLOURS, max_width=800, load_js=True)
    style, library = "", ""
    for output in shown.outputs:
        if "text/html" in output.data:
            # jupyterquiz's empty container (left open by jupyterquiz) is closed at once: its script
            # waits for it, and the self-test draws its questions into containers of its own.
            shared = quiz.shared_style(output.data["text/html"], first=True)
            opening, found, rest = shared.partition("<style>")
            if not found:
                raise RuntimeError("jupyterquiz's quiz HTML has no <style>; update npcourse.ui.selftest")
            style = opening.replace("<div ", '<div hidden ', 1) + "</div><style>" + rest
        elif "application/javascript" in output.data:
            library = output.data["application/javascript"]
    if not library:
        raise RuntimeError("jupyterquiz did not return its script library; update npcourse.ui.selftest")
    display(HTML(style + body))
    # One script: jupyterquiz's library, the course's extension and the self-test, so that the
    # self-test finds show_questions in a live notebook too, where each output has its own scope.
    display(Javascript(library + "\n" + quiz.extension_js() + "\n" + _asset("selftest.js")))
