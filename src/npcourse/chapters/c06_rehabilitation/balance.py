"""An ILLUSTRATIVE balance-training progression (not a protocol) for the chapter 6 widget.

Standing tasks get harder one dimension at a time, through the dimensions the chapter names:
base of support, vision, surface, head movements, and stepping and reaching. Each step of
:data:`LADDER` adds one new challenge to a stance (the previous challenge is set aside), and
after the challenges the stance narrows. A level is held for at least :data:`HOLD_WEEKS`
weeks and is left only after a week completed safely (progression on performance, not the
calendar). Every eyes-closed or foam level carries the :data:`GUARDING` advice. The starting level is chosen by the
user (as a therapist would after balance testing): no sourced cut-offs map test scores to
levels. Sessions per week are 2–3, the ACSM frequency for neuromotor exercise
(``garber2011quantity``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from npcourse import validate

__all__ = [
    "DIMENSIONS", "DIMENSION_NAMES", "LADDER", "START_LEVELS", "WEEK_RANGE", "SESSIONS", "HOLD_WEEKS",
    "SOURCES", "LABEL", "GUARDING", "GUARDED", "needs_guarding", "task", "change", "plan"
]

# Easiest first, in the chapter's order of dimensions.
DIMENSIONS = {
    "base": ("feet apart", "feet together", "heel-to-toe (tandem) stance", "single-leg stance"),
    "vision": ("eyes open", "eyes closed"),
    "surface": ("firm floor", "foam cushion"),
    "head": ("head still", "head turns"),
    "movement": ("standing still", "stepping and reaching"),
}
DIMENSION_NAMES = {"base": "base of support", "vision": "vision", "surface": "surface",
                   "head": "head movements", "movement": "movement"}
_CHALLENGES = ("vision", "surface", "head", "movement")


def _ladder() -> list[dict[str, int]]:
    """Levels as indices into DIMENSIONS: each stance alone, then with each challenge in turn."""
    levels = []
    for base in range(1, len(DIMENSIONS["base"])):
        stance = {d: 0 for d in DIMENSIONS} | {"base": base}
        levels.append(stance)
        if base < len(DIMENSIONS["base"]) - 1:  # single-leg stance is the last level
            levels += [stance | {c: 1} for c in _CHALLENGES]
    return [{d: 0 for d in DIMENSIONS}] + levels


LADDER = _ladder()
START_LEVELS = (1, 5)       # the user's choice of starting level
WEEK_RANGE = (4, 12)
SESSIONS = (2, 3)           # days a week (ACSM neuromotor exercise)
HOLD_WEEKS = 2
SOURCES = ("garber2011quantity",)
LABEL = "Illustrative progression — not a protocol."
# Guarding for people with sensory ataxia (numb feet): eyes-closed and foam tasks remove the
# vision or the firm-floor input they rely on, so the fall risk rises sharply at those levels.
GUARDING = ("Eyes-closed and foam tasks: stand in a corner or at a kitchen counter with a "
            "chair behind, on a non-slip surface, with someone supervising at first; move on "
            "only when the current level is done steadily and safely, not because a week has "
            "passed.")
GUARDED = {"vision": 1, "surface": 1}   # dimension: index from which guarding is required


def needs_guarding(level: int) -> bool:
    """True when a level removes vision or a firm surface (eyes closed or foam)."""
    validate.number("level", level, minimum=1, maximum=len(LADDER), integer=True)
    state = LADDER[int(level) - 1]
    return any(state[d] >= i for d, i in GUARDED.items())


def task(level: int) -> str:
    """The standing task of a level (1 = easiest), in words."""
    validate.number("level", level, minimum=1, maximum=len(LADDER), integer=True)
    state = LADDER[int(level) - 1]
    parts = [DIMENSIONS[d][state[d]] for d in ("base", "vision", "surface")]
    parts += [DIMENSIONS[d][state[d]] for d in ("head", "movement") if state[d]]
    return ", ".join(parts)


def change(level: int) -> str:
    """What is new at ``level`` compared with the level before it."""
    validate.number("level", level, minimum=1, maximum=len(LADDER), integer=True)
    level = int(level)
    if level == 1:
        return "easiest level"
    before, now = LADDER[level - 2], LADDER[level - 1]
    harder = [d for d in DIMENSIONS if now[d] > before[d]]
    if len(harder) != 1:
        raise AssertionError(f"level {level} must make exactly one dimension harder")
    d = harder[0]
    return f"{DIMENSION_NAMES[d]}: {DIMENSIONS[d][now[d]]}"


def plan(start_level: int = 1, weeks: int = 8, sessions_per_week: int = 3,
         upper_limb_support: bool = True, completed: Sequence[bool] | None = None) -> pd.DataFrame:
    """Week by week: level, task, what changed, sessions and hand support.

    ``completed[i]`` says whether week i + 1 was completed safely (default: every week). A
    level held for :data:`HOLD_WEEKS` weeks advances at the next week only if the week before
    was completed safely; otherwise it is repeated.
    """
    start = int(validate.number("start_level", start_level, minimum=START_LEVELS[0],
                                maximum=START_LEVELS[1], integer=True))
    n = int(validate.number("weeks", weeks, minimum=WEEK_RANGE[0], maximum=WEEK_RANGE[1],
                            integer=True))
    sessions = int(validate.number("sessions_per_week", sessions_per_week, minimum=SESSIONS[0],
                                   maximum=SESSIONS[1], integer=True))
    validate.boolean("upper_limb_support", upper_limb_support)
    if completed is None:
        completed = [True] * n
    if isinstance(completed, (str, bytes)) or not isinstance(completed, Sequence):
        raise TypeError(f"completed must be a list of True/False, one per week; got {completed!r}")
    if len(completed) != n:
        raise ValueError(f"completed must have one entry per week ({n}); got {len(completed)}")
    for i, c in enumerate(completed):
        validate.boolean(f"completed[{i}]", c)
    support = ("light hand support on a counter or rail" if upper_limb_support
               else "no hand support")
    rows, level, held = [], start, 0
    for week in range(1, n + 1):
        note = "starting level" if week == 1 else "same level"
        if week > 1 and held >= HOLD_WEEKS and level < len(LADDER):
            if completed[week - 2]:
                level, held = level + 1, 0
                note = f"new — {change(level)}"
            else:
                note = "repeat: last week was not completed safely"
        held += 1
        rows.append({"week": week, "level": level, "task": task(level), "change": note,
                     "sessions": sessions,
                     "support": support + ("; GUARDED: corner or counter, chair behind, "
                                           "supervised, non-slip floor" if needs_guarding(level)
                                           else "")})
    return pd.DataFrame(rows)
