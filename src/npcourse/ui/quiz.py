"""Quiz banks: one YAML file per chapter in ``npcourse/facts/yaml/quizzes/<chapter stem>.yml``.

A bank is validated (schema, then the rules a schema cannot state) and converted to the
question format of jupyterquiz, which renders the same JavaScript quiz in JupyterLab and in
the static built book. All text is HTML-escaped so that "CrCl < 30 mL/min" shows literally.
"""

from __future__ import annotations

import html
import re
from importlib import resources
from typing import Any

from IPython.display import Javascript, display

from npcourse.facts import data
from npcourse.ui import live

__all__ = [
    "QUIZ_COLOURS", "MATHS_DELIMITERS", "validate_bank", "check_rules", "check_question", "load_bank", "to_jupyterquiz",
    "show", "show_questions", "QUIZ_STYLE", "shared_style"
]

# Colours chosen for WCAG AA contrast of white text on each background (>= 4.5:1),
# replacing jupyterquiz's defaults, which are not all readable.
QUIZ_COLOURS = {
    "--jq-multiple-choice-bg": "#1f4e79",
    "--jq-mc-button-bg": "#ffffff",
    "--jq-mc-button-border": "#5a5a5a",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-many-choice-bg": "#6b3a7d",
    "--jq-numeric-bg": "#1f4e79",
    "--jq-numeric-input-bg": "#ffffff",
    "--jq-numeric-input-label": "#1a1a1a",  # the label sits on the page, not on the quiz colour
    "--jq-numeric-input-shadow": "#555555",
    "--jq-string-bg": "#4c1a57",
    "--jq-incorrect-color": "#a40000",
    "--jq-correct-color": "#0b6b1d",
    "--jq-text-color": "#ffffff",
    "--jq-link-color": "#cfe3ff",
}


def validate_bank(bank: Any, origin: str) -> None:
    """Raise :class:`npcourse.facts.data.DataError` naming ``origin``, the question id and the fault."""
    data.validate_document(bank, "quizzes/", origin)
    check_rules(bank, origin)


def check_rules(bank: dict, origin: str) -> None:
    """The rules a schema cannot state, on a bank that already matches the schema."""
    expected_stem = origin.rsplit("/", 1)[-1].removesuffix(".yml")
    if bank["chapter"] != expected_stem:
        raise data.DataError(
            f"{origin}: 'chapter' is {bank['chapter']!r} but the file stem is {expected_stem!r}"
        )
    prefix = "ch" + bank["chapter"][:2] + "-"
    for q in bank["questions"]:
        qid = q["id"]
        where = f"{origin}: question {qid!r}"
        if not qid.startswith(prefix) or not q["objective"].startswith(prefix):
            raise data.DataError(f"{where}: id and objective must start with {prefix!r}")
        check_question(q, where)


def check_question(q: dict, where: str) -> None:
    """The rules for one question (bank format) that a schema cannot state.

    ``where`` names the question in the error, e.g. ``"cases.yml: case 'pdn', decision 'drug'"``;
    other modules that render their own questions through :func:`show_questions` use it too.
    """
    texts = [q["question"]] + [o["text"] for o in q.get("options", [])]
    texts += [o["feedback"] for o in q.get("options", [])]
    texts += [q.get("feedback_correct", ""), q.get("feedback_wrong", "")]
    for t in texts:
        if "$" in t:
            raise data.DataError(
                f"{where}: '$' would be read as maths by the quiz renderer; write the "
                f"currency as a word or code instead: {t!r}"
            )
        delimiter = next((d for d in MATHS_DELIMITERS if d in t), None)
        if delimiter:
            raise data.DataError(f"{where}: {delimiter!r} would be read as a maths delimiter by the "
                                 f"quiz renderer; write the formula in words or as code: {t!r}")
    if q["type"] in ("single", "multiple"):
        n_correct = sum(o["correct"] for o in q["options"])
        if q["type"] == "single" and n_correct != 1:
            raise data.DataError(f"{where}: a single-choice question needs exactly one "
                                 f"correct option, found {n_correct}")
        if q["type"] == "multiple" and n_correct < 2:
            raise data.DataError(f"{where}: a multiple-choice question needs at least two "
                                 f"correct options, found {n_correct}")
        if n_correct == len(q["options"]):
            raise data.DataError(f"{where}: every option is correct; add a wrong one")
        option_texts = [o["text"] for o in q["options"]]
        if len(set(option_texts)) != len(option_texts):
            raise data.DataError(f"{where}: two options have the same text")


def load_bank(stem: str) -> dict:
    """Return the validated quiz bank for chapter ``stem`` (e.g. ``'01-pain-types'``)."""
    if not isinstance(stem, str):
        raise TypeError(f"stem must be a chapter stem string, got {type(stem).__name__}")
    names = [n.split("/", 1)[1] for n in data.available() if n.startswith("quizzes/")]
    if stem not in names:
        raise ValueError(f"stem must be one of {', '.join(map(repr, names))}; got {stem!r}")
    bank = data.load(f"quizzes/{stem}")  # already schema-checked by data.load
    check_rules(bank, f"npcourse/facts/yaml/quizzes/{stem}.yml")
    return bank


# Maths delimiters MathJax reads in quiz text (besides '$', checked on its own).
MATHS_DELIMITERS = ("\\(", "\\)", "\\[", "\\]")
# Characters jupyterquiz or the browser would read as markup after HTML escaping: quotes
# (attribute breakout) and the brackets of a Markdown link [text](url).
_NEUTRAL = str.maketrans({"[": "&#91;", "]": "&#93;"})


def _markup(text: str) -> str:
    """Escape HTML (quotes included) and neutralise Markdown links, then allow `code` spans:
    the only markup quiz text may use. A ``[text](javascript:...)`` or a quote that would end
    an attribute reaches the page as literal characters."""
    escaped = html.escape(text.strip(), quote=True).translate(_NEUTRAL)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def to_jupyterquiz(bank: dict) -> list[dict]:
    """Convert a validated bank to jupyterquiz's list-of-questions format."""
    out = []
    for q in bank["questions"]:
        if q["type"] == "numeric":
            lo, hi = q["answer"] - q["tolerance"], q["answer"] + q["tolerance"]
            # jupyterquiz tests ranges as [lo, hi); widen the top by a hair to include hi.
            hi += 1e-9 * max(1.0, abs(hi))
            out.append({
                "question": _markup(q["question"]),
                "type": "numeric",
                "answers": [
                    {"type": "range", "range": [lo, hi], "correct": True,
                     "feedback": _markup(q["feedback_correct"])},
                    {"type": "default", "feedback": _markup(q["feedback_wrong"])},
                ],
            })
        else:
            out.append({
                "question": _markup(q["question"]),
                "type": "multiple_choice" if q["type"] == "single" else "many_choice",
                "answers": [
                    {"answer": _markup(o["text"]), "correct": o["correct"],
                     "feedback": _markup(o["feedback"])}
                    for o in q["options"]
                ],
            })
    return out


def show(stem: str, *, shuffle_answers: bool = False) -> None:
    """Display chapter ``stem``'s quiz (works in JupyterLab and in the built book)."""
    show_questions(load_bank(stem)["questions"], shuffle_answers=shuffle_answers)


def show_questions(questions: list[dict], *, shuffle_answers: bool = False) -> None:
    """Display questions already in the bank format and already checked (see
    :func:`check_question`) with the course's quiz colours, e.g. a case's decision points.

    When the static book is built (one kernel per page), jupyterquiz's script library (about
    36 KB) and its stylesheet (about 4 KB, repeated by jupyterquiz for every quiz) are sent
    with the first quiz of the page only: later quizzes on the same page reuse them, which
    keeps a page with many decision points small (chapter 10 has 30). The stylesheet's colours
    are then set on every quiz (``.Quiz``) instead of on the first quiz's own box. In a live
    notebook every quiz carries both, because each output runs in its own scope there.
    """
    from IPython.utils.capture import capture_output
    from jupyterquiz import display_quiz  # imported here: only needed when displaying

    global _library_sent
    if not isinstance(questions, list) or not questions:
        raise TypeError("questions must be a non-empty list of question dicts (bank format)")
    converted = to_jupyterquiz({"questions": questions})
    static = live.static_mode()
    first = not (static and _library_sent)
    with capture_output(stdout=False, stderr=False) as shown:
        display_quiz(converted, shuffle_answers=shuffle_answers, colors=QUIZ_COLOURS, max_width=800,
                     load_js=first)
    for output in shown.outputs:
        bundle = dict(output.data)
        if static and "text/html" in bundle:
            bundle["text/html"] = shared_style(bundle["text/html"], first=first)
        display(bundle, metadata=output.metadata, raw=True)
    if first:
        # The course's extension of jupyterquiz (second tries, progress, readable inputs); it
        # installs itself once per page, and the book also loads it on every page.
        display(Javascript(extension_js()))
    _library_sent = True


def extension_js() -> str:
    """The course's one extension of jupyterquiz: ``npcourse/ui/assets/quiz.js``."""
    return (resources.files("npcourse.ui") / "assets" / "quiz.js").read_text(encoding="utf-8")


# jupyterquiz's per-quiz stylesheet, which opens with the colour variables for its own box.
QUIZ_STYLE = re.compile(r"<style>\s*#(?P<box>[A-Za-z]+) \{(?P<rest>.*?)</style>", re.S)


def shared_style(quiz_html: str, *, first: bool) -> str:
    """One quiz's HTML with its stylesheet made page-wide (first quiz) or dropped (the rest)."""
    found = QUIZ_STYLE.search(quiz_html)
    if not found:
        raise RuntimeError("jupyterquiz's quiz HTML no longer starts its <style> with the quiz box's "
                           "colours; update npcourse.ui.quiz.shared_style for the installed version")
    replacement = f"<style>\n.Quiz {{{found['rest']}</style>" if first else ""
    return quiz_html[:found.start()] + replacement + quiz_html[found.end():]


_library_sent = False  # see show_questions
