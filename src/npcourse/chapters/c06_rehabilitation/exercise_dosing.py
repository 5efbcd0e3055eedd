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
  The same classes by rating of perceived exertion (Borg 6–20): light 9–11, moderate 12–13,
  vigorous 14–17 (``garber2011quantity``).

Safety rules of the model (issue 23): a resting heart rate above :data:`RESTING_HR_CHECK` bpm is
a prompt to check, not to calculate, so every zone function refuses it; an age-predicted maximum
is marked not valid with cardiovascular autonomic neuropathy or a heart-rate-slowing medicine
(:func:`age_predicted_max_valid`), when heart-rate reserve is used only with a MEASURED peak, or
perceived exertion instead (``colberg2016ada``, ``colberg2003dan``, ``carvalho2020rehab``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from npcourse import validate

__all__ = [
    "AGE_RANGE", "RESTING_HR_RANGE", "RESTING_HR_CHECK", "MEASURED_HR_MAX_RANGE", "FORMULAS",
    "FORMULA_SOURCES", "KARVONEN_SOURCES", "NOT_A_PRESCRIPTION", "HEART_NOTE", "HEART_SOURCES",
    "RPE_BANDS", "Band", "BANDS", "BAND_SOURCES", "band", "round_half_up", "hr_max",
    "age_predicted_max_valid", "intensity_guide", "heart_rate_reserve", "target_heart_rate", "karvonen",
    "intensity_class", "zone", "zones", "ProgressionRule", "MAX_WEEKLY_RISE", "FITT_STEPS",
    "progression"
]

# Teaching ranges of this model (the controls of the chapter's planner), not physiological limits.
AGE_RANGE = (18, 90)            # years
RESTING_HR_RANGE = (40, 100)    # beats per minute
# A resting heart rate above this is a prompt to check (autonomic neuropathy, arrhythmia,
# infection, anaemia, dehydration...), not to calculate a zone.
RESTING_HR_CHECK = 100
# Plausible measured peak heart rates (bpm) for this teaching model; anything else is a typo.
MEASURED_HR_MAX_RANGE = (80, 220)

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
HEART_NOTE = ("Before starting, screen for heart disease and cardiovascular autonomic neuropathy "
              "(common in long-standing diabetes with neuropathy) and seek medical clearance for "
              "more than brisk walking in people at high risk. A resting heart rate above 100 bpm "
              "is a prompt to check, not to calculate. With autonomic neuropathy or a medicine "
              "that slows the heart, an age-predicted maximum is not valid: use heart-rate reserve "
              "only from a peak heart rate measured in an exercise test, or perceived exertion "
              "(moderate is about 12–13 on the Borg 6–20 scale).")
HEART_SOURCES = ("colberg2016ada", "colberg2003dan", "carvalho2020rehab", "garber2011quantity")
# Rating of perceived exertion (Borg 6–20) for the ACSM classes (garber2011quantity).
RPE_BANDS = {"light": (9, 11), "moderate": (12, 13), "vigorous": (14, 17)}


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
    rest = validate.number("hr_rest", hr_rest)
    if rest > RESTING_HR_CHECK:
        raise ValueError(
            f"hr_rest is {rest:g} bpm: a resting heart rate above {RESTING_HR_CHECK} bpm is a "
            "prompt to check (recount after rest; look for autonomic neuropathy, arrhythmia, "
            "infection, anaemia or dehydration; seek medical review), not to calculate a zone")
    return validate.number("hr_rest", rest, minimum=RESTING_HR_RANGE[0],
                           maximum=RESTING_HR_RANGE[1])


def age_predicted_max_valid(autonomic_neuropathy: bool = False,
                            heart_rate_slowing_medicine: bool = False) -> bool:
    """False when an age-predicted HRmax must not be used for zones.

    Cardiovascular autonomic neuropathy blunts the maximal heart rate (chronotropic
    incompetence; ``colberg2016ada``, ``colberg2003dan``) and heart-rate-slowing medicines make
    age-predicted rates unreliable (``carvalho2020rehab``): use a measured peak or perceived
    exertion instead.
    """
    validate.boolean("autonomic_neuropathy", autonomic_neuropathy)
    validate.boolean("heart_rate_slowing_medicine", heart_rate_slowing_medicine)
    return not (autonomic_neuropathy or heart_rate_slowing_medicine)


def intensity_guide(age, hr_rest, band_id: str = "moderate", *, measured_hr_max=None,
                    autonomic_neuropathy: bool = False,
                    heart_rate_slowing_medicine: bool = False) -> dict:
    """How intensity may be set for one person: a heart-rate zone, or perceived exertion, or a check.

    Returns a dict with ``method`` ('check-first', 'hrr-measured', 'hrr-age-predicted' or
    'rpe'), ``zone`` (low, high bpm or None), ``rpe`` (low, high on the Borg 6–20 scale) and
    ``note``. A resting rate above :data:`RESTING_HR_CHECK` returns 'check-first' and no zone.
    """
    validate.number("age", age, minimum=AGE_RANGE[0], maximum=AGE_RANGE[1])
    b = band(band_id)
    rpe = RPE_BANDS.get(b.id)
    rest = validate.number("hr_rest", hr_rest, minimum=RESTING_HR_RANGE[0])
    if rest > RESTING_HR_CHECK:
        return {"method": "check-first", "zone": None, "rpe": None,
                "note": f"Resting heart rate {rest:g} bpm is above {RESTING_HR_CHECK}: check "
                        "and seek medical review before any exercise zone is set."}
    if measured_hr_max is not None:
        top = validate.number("measured_hr_max", measured_hr_max,
                              minimum=MEASURED_HR_MAX_RANGE[0], maximum=MEASURED_HR_MAX_RANGE[1])
        return {"method": "hrr-measured", "rpe": rpe,
                "zone": (target_heart_rate(top, rest, b.low_pct / 100),
                         target_heart_rate(top, rest, b.high_pct / 100)),
                "note": "Heart-rate reserve from a peak heart rate measured in an exercise test."}
    if not age_predicted_max_valid(autonomic_neuropathy, heart_rate_slowing_medicine):
        return {"method": "rpe", "zone": None, "rpe": rpe,
                "note": "An age-predicted maximum is not valid with autonomic neuropathy or a "
                        "heart-rate-slowing medicine: use perceived exertion, or heart-rate "
                        "reserve only from a measured peak."}
    return {"method": "hrr-age-predicted", "rpe": rpe, "zone": zone(age, rest, b.id),
            "note": "Age-predicted maximum: a group estimate; check it against perceived exertion."}


def heart_rate_reserve(hr_max_bpm, hr_rest) -> float:
    """HRR = HRmax − HRrest (beats per minute); HRrest must be below HRmax."""
    top = validate.number("hr_max_bpm", hr_max_bpm, minimum=MEASURED_HR_MAX_RANGE[0],
                          maximum=MEASURED_HR_MAX_RANGE[1])
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
    """An ILLUSTRATIVE rule, used by the chapter's figure and exercise: ONE variable at a time.

    Every ``step_every`` weeks one FITT variable is raised by one small step, in this order:
    session time (by ``step_minutes`` up to ``cap_minutes``), then sessions per week (one more
    session per step, up to ``later_sessions``), and only then intensity (within the band).
    Weekly minutes never rise by more than :data:`MAX_WEEKLY_RISE` from one week to the next.

    Not a guideline: the sources say only that progression belongs in the prescription and is
    its most challenging part (``squires2018progression``) and that it should be gradual
    (``garber2011quantity``); people with autonomic neuropathy should lengthen sessions slowly
    (``colberg2016ada``). The one-variable rule and the limit are this course's teaching choice.
    """

    weeks: int = 12
    start_minutes: int = 15       # minutes per session in week 1
    step_minutes: int = 5         # added to each session at a time step
    step_every: int = 2           # weeks between steps
    cap_minutes: int = 30
    sessions: int = 3             # sessions per week at the start
    later_sessions: int = 5       # sessions per week at the end

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


# The largest week-to-week rise in weekly minutes the course's illustration allows (a fraction).
MAX_WEEKLY_RISE = 1 / 3
FITT_STEPS = ("time", "frequency", "intensity")


def progression(rule: ProgressionRule | None = None) -> pd.DataFrame:
    """Week by week: sessions, minutes per session, minutes per week, the intensity step and
    which single variable changed (``changed``: 'none', 'time', 'frequency' or 'intensity').

    Every ``step_every`` weeks exactly one variable rises: session time until it reaches
    ``cap_minutes``, then one more session a week until ``later_sessions``, then intensity
    may rise within the band.
    """
    if rule is None:
        rule = ProgressionRule()
    if not isinstance(rule, ProgressionRule):
        raise TypeError(f"rule must be a ProgressionRule, got {type(rule).__name__}")
    rows = []
    minutes, sessions, intensity = rule.start_minutes, rule.sessions, "lower edge of the band"
    for week in range(1, rule.weeks + 1):
        changed = "none"
        if week > 1 and (week - 1) % rule.step_every == 0:
            if minutes < rule.cap_minutes and rule.step_minutes > 0:
                minutes, changed = min(rule.cap_minutes, minutes + rule.step_minutes), "time"
            elif sessions < rule.later_sessions:
                sessions, changed = sessions + 1, "frequency"
            elif intensity == "lower edge of the band":
                intensity, changed = "may rise within the band", "intensity"
        rows.append({"week": week, "sessions": sessions, "minutes_per_session": minutes,
                     "minutes_per_week": sessions * minutes, "intensity": intensity,
                     "changed": changed})
    return pd.DataFrame(rows)
