"""Feedback on Cockcroft-Gault answers, shared by the exercises that ask for creatinine clearance
(chapter 5's synthetic patients, chapter 10's cases): the same two slips are diagnosed in both."""

from __future__ import annotations

from npcourse.marking import core
from npcourse.models import renal

__all__ = ["mark_clearances", "band_slip"]


def mark_clearances(task: str, got: dict, want: dict, inputs: dict, praise: str) -> core.Result:
    """Compare answered clearances (mL/min, within 1) with the expected ones and name the slip.

    ``inputs`` maps each person to ``(age, weight_kg, creatinine_mg_dl, sex)``. The two slips
    recognised: forgetting the 0.85 factor for women, and multiplying by creatinine instead of
    dividing (``/ 72 * creatinine`` without brackets).
    """
    bad = [p for p in want if not core.close(got[p], want[p], rel=0, abs_tol=1.0)]
    if not bad:
        return core.correct(task, praise)
    women = [p for p in bad if inputs[p][3] == "female"
             and core.close(got[p], want[p] / renal.FEMALE_FACTOR, rel=0, abs_tol=1.0)]
    if women:
        return core.wrong(task, f"{', '.join(women)}: for women the result is 15 % lower.")
    precedence = []
    for p in bad:
        age, weight, creatinine, sex = inputs[p]
        slip = (140 - age) * weight / 72 * creatinine * (renal.FEMALE_FACTOR if sex == "female" else 1)
        if core.close(got[p], slip, rel=0.01):
            precedence.append(p)
    if precedence:
        return core.wrong(task, f"{', '.join(precedence)}: creatinine belongs in the denominator: "
                          "divide by (72 × creatinine), with brackets.")
    return core.wrong(task, f"look again at {', '.join(bad)}: (140 − age) × weight / "
                      "(72 × creatinine in mg/dL), × 0.85 for women.")


def band_slip(task: str, bad: list, got: dict, drug: str) -> core.Result | None:
    """The two slips with kidney dose bands, or None: everyone in the top band, or the
    bands of the other gabapentinoid used."""
    top = renal.bands(drug)[0]
    if all(got[p] == (top.daily_low, top.daily_high) for p in bad):
        return core.wrong(task, f"{', '.join(bad)}: their clearance is below the top band's limit; "
                          "find the band whose range contains it.")
    other = [d for d in renal.drugs_with_bands() if d != drug]
    other_bands = ({(b.daily_low, b.daily_high) for j in renal.jurisdictions(other[0])
                    for b in renal.bands(other[0], j)} if other else set())
    if other and all(got[p] in other_bands for p in bad):
        return core.wrong(task, f"use the {drug} bands, not {other[0]}'s.")
    return None
