"""Exercise dose as arithmetic: age-predicted maximal heart rate, heart-rate reserve, the
Karvonen target heart rate, ACSM intensity classes, and an illustrative FITT progression.

For learning only: an individual exercise prescription needs a clinical assessment. Age-
predicted maximal heart rates are group estimates; a peak heart rate measured in an exercise
test is preferred, especially for people taking medicines that slow the heart
(``carvalho2020rehab``, table 3 and its footnote).

Formulas and bands used (and only these):

* HRmax = 208 − 0.7 × age (Tanaka; ``tanaka2001age`` as quoted by ``zhu2010longitudinal``),
  or HRmax = 220 − age (not derived from original research; ``robergs2002history``).
* HRR = HRmax − HRrest; THR = HRrest + intensity × HRR (Karvonen; ``carvalho2020rehab``).
* ACSM intensity classes by % of HRR: light 30–39, moderate 40–59, vigorous 60–89,
  near-maximal ≥ 90 (``garber2011quantity``); below 30 % is shown only as "below light".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from npcourse import validate

# Teaching ranges of this model (the controls of the chapter's planner), not physiological limits.
AGE_RANGE = (18, 90)            # years
RESTING_HR_RANGE = (40, 110)    # beats per minute

FORMULAS = {
    "tanaka": "208 − 0.7 × age",
    "220-age": "220 − age",
}
FORMULA_SOURCES = {
    "tanaka": ("tanaka2001age", "zhu2010longitudinal"),
    "220-age": ("robergs2002history",),
}
KARVONEN_SOURCES = ("carvalho2020rehab",)
NOT_A_PRESCRIPTION = ("For learning only: this is not an exercise prescription. Individual "
                      "exercise prescription needs a clinical assessment.")
HEART_NOTE = ("In cardiovascular rehabilitation, people with heart disease have a pre-exercise "
              "evaluation, ideally including an exercise test; age-predicted heart rates are least "
              "reliable in people taking medicines that slow the heart, so a measured peak heart "
              "rate or perceived exertion is used instead.")


@dataclass(frozen=True)
class Band:
    """An ACSM intensity class as whole percentages of heart-rate reserve (inclusive)."""

    id: str
    name: str
    low_pct: int
    high_pct: int

    @property
    def label(self) -> str:
        if self.low_pct == 0:
            return f"{self.name} (below {self.high_pct + 1}% of HRR)"
        if self.high_pct == 100:
            return f"{self.name} ({self.low_pct}% of HRR or more)"
        return f"{self.name} ({self.low_pct}–{self.high_pct}% of HRR)"


BANDS = (
    Band("below-light", "Below light", 0, 29),
    Band("light", "Light", 30, 39),
    Band("moderate", "Moderate", 40, 59),
    Band("vigorous", "Vigorous", 60, 89),
    Band("near-maximal", "Near-maximal", 90, 100),
)
BAND_SOURCES = ("garber2011quantity",)


def band(band_id: str) -> Band:
    """The ACSM class with this id (``'light'``, ``'moderate'``, ...)."""
    validate.choice("band_id", band_id, [b.id for b in BANDS])
    return next(b for b in BANDS if b.id == band_id)


def round_half_up(value: float, digits: int = 0) -> float:
    """Round as people do by hand (107.5 → 108), not to the nearest even number."""
    validate.number("value", value)
    factor = 10 ** validate.number("digits", digits, minimum=0, maximum=6, integer=True)
    return math.floor(value * factor + 0.5) / factor


def hr_max(age, formula: str = "tanaka") -> float:
    """Age-predicted maximal heart rate in beats per minute (a group estimate)."""
    age = validate.number("age", age, minimum=AGE_RANGE[0], maximum=AGE_RANGE[1])
    validate.choice("formula", formula, FORMULAS)
    return 208 - 0.7 * age if formula == "tanaka" else 220 - age


def _resting(hr_rest) -> float:
    return validate.number("hr_rest", hr_rest, minimum=RESTING_HR_RANGE[0],
                           maximum=RESTING_HR_RANGE[1])


def heart_rate_reserve(hr_max_bpm, hr_rest) -> float:
    """HRR = HRmax − HRrest (beats per minute); HRrest must be below HRmax."""
    top = validate.number("hr_max_bpm", hr_max_bpm, minimum=0, exclusive_minimum=True)
    rest = _resting(hr_rest)
    if rest >= top:
        raise ValueError(f"hr_rest ({rest:g} bpm) must be below the maximal heart rate "
                         f"hr_max_bpm ({top:g} bpm)")
    return top - rest


def target_heart_rate(hr_max_bpm, hr_rest, intensity) -> float:
    """Karvonen: THR = HRrest + intensity × (HRmax − HRrest); intensity is a fraction 0–1."""
    frac = validate.number("intensity", intensity, minimum=0, maximum=1)
    return _resting(hr_rest) + frac * heart_rate_reserve(hr_max_bpm, hr_rest)


def karvonen(age, hr_rest, intensity, formula: str = "tanaka") -> float:
    """Target heart rate (bpm) at ``intensity`` (fraction of HRR) for a person of ``age``."""
    return target_heart_rate(hr_max(age, formula), hr_rest, intensity)


def intensity_class(intensity) -> Band:
    """The ACSM class of an intensity given as a fraction of HRR (0.45 → moderate).

    Whole-percentage bands are read as half-open intervals: 0.395 is light, 0.40 moderate.
    """
    pct = 100 * validate.number("intensity", intensity, minimum=0, maximum=1)
    for b in reversed(BANDS):
        if pct >= b.low_pct - 1e-9:
            return b
    raise AssertionError("unreachable: the lowest band starts at 0 %")


def zone(age, hr_rest, band_id: str = "moderate", formula: str = "tanaka") -> tuple[float, float]:
    """Lower and upper target heart rate (bpm) of an ACSM class, at its stated percentages."""
    b = band(band_id)
    top = hr_max(age, formula)
    return (target_heart_rate(top, hr_rest, b.low_pct / 100),
            target_heart_rate(top, hr_rest, b.high_pct / 100))


def zones(age, hr_rest, formula: str = "tanaka") -> pd.DataFrame:
    """Every ACSM class with its heart-rate range for one person (bpm, unrounded)."""
    rows = []
    for b in BANDS:
        lo, hi = zone(age, hr_rest, b.id, formula)
        rows.append({"band": b.id, "name": b.name, "low_pct": b.low_pct, "high_pct": b.high_pct,
                     "low_bpm": lo, "high_bpm": hi})
    return pd.DataFrame(rows)


# --- FITT progression ----------------------------------------------------------------------

@dataclass(frozen=True)
class ProgressionRule:
    """An ILLUSTRATIVE rule (time before intensity), used by the chapter's figure and exercise.

    Not a guideline: the sources say only that progression belongs in the prescription and is
    its most challenging part (``squires2018progression``) and that it should be gradual
    (``garber2011quantity``).
    """

    weeks: int = 12
    start_minutes: int = 10       # minutes per session in week 1
    step_minutes: int = 5         # added every `step_every` weeks
    step_every: int = 2
    cap_minutes: int = 30
    sessions: int = 3             # sessions per week at the start
    later_sessions: int = 5
    later_from_week: int = 9

    def __post_init__(self):
        validate.number("weeks", self.weeks, minimum=1, maximum=52, integer=True)
        validate.number("start_minutes", self.start_minutes, minimum=1, maximum=120, integer=True)
        validate.number("step_minutes", self.step_minutes, minimum=0, maximum=60, integer=True)
        validate.number("step_every", self.step_every, minimum=1, maximum=52, integer=True)
        validate.number("cap_minutes", self.cap_minutes, minimum=self.start_minutes, maximum=180,
                        integer=True)
        validate.number("sessions", self.sessions, minimum=1, maximum=7, integer=True)
        validate.number("later_sessions", self.later_sessions, minimum=self.sessions, maximum=7,
                        integer=True)
        validate.number("later_from_week", self.later_from_week, minimum=1, integer=True)


def progression(rule: ProgressionRule | None = None) -> pd.DataFrame:
    """Week by week: sessions, minutes per session, minutes per week and the intensity step.

    Session time rises by ``step_minutes`` every ``step_every`` weeks up to ``cap_minutes``;
    sessions per week rise from ``later_from_week``; intensity stays at the lower edge of the
    chosen band until session time has reached the cap.
    """
    if rule is None:
        rule = ProgressionRule()
    if not isinstance(rule, ProgressionRule):
        raise TypeError(f"rule must be a ProgressionRule, got {type(rule).__name__}")
    rows = []
    for week in range(1, rule.weeks + 1):
        minutes = min(rule.cap_minutes, rule.start_minutes + (week - 1) // rule.step_every
                      * rule.step_minutes)
        sessions = rule.later_sessions if week >= rule.later_from_week else rule.sessions
        rows.append({"week": week, "sessions": sessions, "minutes_per_session": minutes,
                     "minutes_per_week": sessions * minutes,
                     "intensity": ("lower edge of the band" if minutes < rule.cap_minutes
                                   else "may rise within the band")})
    return pd.DataFrame(rows)
