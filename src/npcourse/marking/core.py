"""What every exercise check shares: the result object, stub detection and answer helpers."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from npcourse import validate

__all__ = [
    "CORRECT", "WRONG", "UNANSWERED", "HISTORY", "Result", "correct", "wrong", "unanswered", "is_stub",
    "close", "answer_number", "answer_keys", "answer_labels", "check_labels"
]

CORRECT, WRONG, UNANSWERED = "correct", "not quite", "not answered yet"

# Every result of this session, in order, so a test can confirm that running a solution
# notebook's code produced only correct results.
HISTORY: list[Result] = []

_STYLE = {
    CORRECT: ("✔", "#0b6b1d", "#e9f6ec"),
    WRONG: ("✘", "#a40000", "#fdecea"),
    UNANSWERED: ("…", "#4a4a4a", "#f2f2f2"),
}


@dataclass(frozen=True)
class Result:
    """The outcome of one check."""

    task: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        icon = _STYLE[self.status][0]
        return f"{icon} {self.task}: {self.status}. {self.message}"

    def _repr_html_(self) -> str:
        icon, fg, bg = _STYLE[self.status]
        return (
            f'<div class="np-check" role="status" style="border-left:4px solid {fg};'
            f'background:{bg};color:#111;padding:0.4em 0.8em;margin:0.3em 0">'
            f'<strong style="color:{fg}">{icon} {html.escape(self.task)}: {self.status}.</strong> '
            f"{html.escape(self.message)}</div>"
        )


def _record(task: str, status: str, message: str) -> Result:
    result = Result(task, status, message)
    HISTORY.append(result)
    return result


def correct(task: str, message: str = "Well done.") -> Result:
    return _record(task, CORRECT, message)


def wrong(task: str, hint: str) -> Result:
    return _record(task, WRONG, hint)


def unanswered(task: str, what: str) -> Result:
    return _record(task, UNANSWERED, f"Replace the ... with {what}, then run the cell again.")


def is_stub(value) -> bool:
    """True for the ``...`` placeholder that exercise notebooks start with, also when it sits in
    a dict, list or tuple the notebook builds around the learner's stubs (a faded example such as
    ``{"gabapentin": gabapentin, "pregabalin": ...}`` is not answered yet either)."""
    if value is Ellipsis:
        return True
    if isinstance(value, dict):
        return any(is_stub(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(is_stub(v) for v in value)
    return False


def close(value: float, expected: float, *, rel: float = 0.01, abs_tol: float = 0.0) -> bool:
    """Numeric agreement within a relative tolerance (1 % by default) or an absolute one."""
    return math.isclose(value, expected, rel_tol=rel, abs_tol=abs_tol)


def answer_number(name: str, value) -> float:
    """A learner's numeric answer, or a clear TypeError/ValueError naming it."""
    return validate.number(name, value)


def answer_keys(name: str, value, keys, *, allow_extra: bool = True) -> dict:
    """A learner's dict answer: it must be a dict holding every expected key.

    With ``allow_extra=False`` a key that is not expected is an error too. Errors name the
    answer, the offending keys and the expected ones.
    """
    validate.mapping(name, value)
    keys = list(keys)
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"{name} is missing key(s) {', '.join(map(repr, missing))}; "
                         f"expected keys: {', '.join(map(repr, keys))}")
    extra = [k for k in value if k not in keys]
    if extra and not allow_extra:
        raise ValueError(f"{name} has unexpected key(s) {', '.join(map(repr, extra))}; "
                         f"expected keys: {', '.join(map(repr, keys))}")
    return value


def answer_labels(name: str, value, keys, allowed) -> dict[str, str]:
    """A learner's dict of labels: every expected key present, every label allowed.

    Keys and labels are compared case-insensitively after stripping spaces.
    """
    validate.mapping(name, value)
    keys = list(keys)
    allowed = list(allowed)
    cleaned = {}
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError(f"{name} must map strings to strings; got {k!r}: {v!r}")
        cleaned[k.strip()] = v.strip().lower()
    answer_keys(name, cleaned, keys, allow_extra=False)
    for k, v in cleaned.items():
        if v not in allowed:
            raise ValueError(f"{name}[{k!r}] must be one of {', '.join(map(repr, allowed))}; "
                             f"got {v!r}")
    return cleaned


def check_labels(task: str, answers, key: dict[str, str], allowed, *, what: str,
                 hint, done: str, name: str = "answers") -> Result:
    """The shared shape of a "give each item its label" task.

    ``what`` describes the expected answer for an untouched stub; ``hint`` is a callable that
    receives the keys answered wrongly and returns a hint that does not give the answer away.
    ``name`` is the learner's variable (``classes``, ``modes``...), named in every message.
    """
    if is_stub(answers):
        return unanswered(task, what)
    answers = answer_labels(name, answers, key, allowed)
    mistaken = [k for k in key if answers[k] != key[k]]
    if mistaken:
        return wrong(task, hint(mistaken))
    return correct(task, done)
