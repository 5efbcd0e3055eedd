"""Creatinine clearance by Cockcroft–Gault, and the gabapentinoid dose band it falls in.

Cockcroft and Gault 1976 (``cockcroft1976prediction``)::

    CrCl (mL/min) = (140 − age in years) × weight in kg / (72 × serum creatinine in mg/dL)

and 15 % less (× 0.85) for women. Serum creatinine is taken in **mg/dL only**: the chapter's
notes found no authoritative source for a µmol/L conversion factor, so none is offered here.
The result is an *estimate*, not a measurement; it was derived in adult men and misleads at
extremes of body size and age (see the chapter).

Dose bands come from ``renal_bands`` in drugs.yml. Each band reaches up to the next band's
``crcl_min``, so no clearance falls between two bands, and each edge belongs to exactly one
of the two bands that meet there. By default the top band (no ``crcl_max``) includes its
lower limit (the labels' "≥ 60") and every other band excludes it (the gabapentin label's
"> 30 to 59" and "> 15 to 29" rows), so a clearance exactly on an edge gets the LOWER band.
A band whose label row includes its lower limit says so with ``includes_crcl_min: true``
(pregabalin's "15-30" row above a "< 15" row). Where a label lists an edge in two rows
(pregabalin's 30), the default gives the lower band, the lower dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate
from npcourse.facts import data

SEXES = ("female", "male")
FEMALE_FACTOR = 0.85  # "15% less in females" (Cockcroft & Gault 1976)
# Input guards (not reference ranges): adults only, as the equation was derived in adults.
AGE_RANGE = (18, 100)
WEIGHT_RANGE = (30, 250)       # kg (provenance/05-notes.md, section 1.2)
CREATININE_RANGE = (0.1, 20)   # mg/dL: outside this the value is almost certainly mistyped
ESTIMATE_NOTE = ("An estimate from serum creatinine, not a measured clearance. It was derived "
                 "in adult men, overestimated measured clearance with total body weight in "
                 "severe obesity, and overestimated kidney function in older hospital patients "
                 "with chronic kidney disease.")


def cockcroft_gault(age: float, weight: float, creatinine: float, sex: str) -> float:
    """Estimated creatinine clearance in mL/min (not rounded).

    ``age`` in years (18–100), ``weight`` in kg (actual body weight), ``creatinine`` serum
    creatinine in **mg/dL**, ``sex`` ``'female'`` or ``'male'``.
    """
    if isinstance(age, (int, float)) and not isinstance(age, bool) and 0 <= age < AGE_RANGE[0]:
        raise ValueError(f"age must be at least {AGE_RANGE[0]} years: the Cockcroft–Gault "
                         f"equation is for adults, got {age:g}")
    age = validate.number("age", age, minimum=AGE_RANGE[0], maximum=AGE_RANGE[1])
    if isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight <= 0:
        raise ValueError(f"weight must be greater than 0 kg, got {weight:g}")
    weight = validate.number("weight", weight, minimum=WEIGHT_RANGE[0], maximum=WEIGHT_RANGE[1])
    lo, hi = CREATININE_RANGE
    value = validate.number("creatinine", creatinine)
    if not lo <= value <= hi:
        hint = (" (is it in µmol/L? This function takes mg/dL only)" if value > hi else "")
        raise ValueError(f"creatinine must be a serum creatinine between {lo:g} and {hi:g} mg/dL, "
                         f"got {value:g}{hint}")
    sex = validate.choice("sex", sex, SEXES)
    crcl = (140 - age) * weight / (72 * value)
    return crcl * FEMALE_FACTOR if sex == "female" else crcl


@dataclass(frozen=True)
class Band:
    """One kidney-function dose band of a drug (total daily dose)."""

    drug_id: str
    crcl_min: float
    crcl_max: float | None      # as written in the data (None: no upper limit)
    upper: float | None         # where the band really ends: the next band's crcl_min
    lo_inclusive: bool          # this band owns its lower edge (default: top band and 0 only)
    hi_inclusive: bool          # this band owns its upper edge (the band above does not)
    daily_low: float
    daily_high: float
    unit: str
    doses_per_day: str
    note: str
    sources: tuple[str, ...]

    @property
    def crcl_label(self) -> str:
        if self.upper is None:
            return f"{'≥' if self.lo_inclusive else '>'} {self.crcl_min:g} mL/min"
        if self.crcl_max is not None and (self.hi_inclusive or self.crcl_max < self.upper):
            top = f"{self.crcl_max:g}"  # the label's own figure, e.g. gabapentin's "30-59"
        else:
            top = f"{self.upper:g}" if self.hi_inclusive else f"< {self.upper:g}"
        if self.crcl_min == 0:
            return f"{top} mL/min" if top.startswith("<") else f"≤ {top} mL/min"
        low = f"{self.crcl_min:g}" if self.lo_inclusive else f"> {self.crcl_min:g}"
        return f"{low} to {top} mL/min"

    @property
    def dose_label(self) -> str:
        dose = (f"{self.daily_low:g} {self.unit}" if self.daily_low == self.daily_high
                else f"{self.daily_low:g}–{self.daily_high:g} {self.unit}")
        return f"{dose}, {self.doses_per_day}" if self.doses_per_day else dose

    def contains(self, crcl: float) -> bool:
        above = crcl >= self.crcl_min if self.lo_inclusive else crcl > self.crcl_min
        if self.upper is None:
            return above
        return above and (crcl <= self.upper if self.hi_inclusive else crcl < self.upper)


def drugs_with_bands() -> list[str]:
    """Ids of the drugs that have ``renal_bands`` in drugs.yml."""
    return [d["id"] for d in data.records("drugs", "drugs") if d.get("renal_bands")]


def bands(drug_id: str) -> list[Band]:
    """The drug's kidney-function dose bands, from the highest clearance down."""
    drugs = data.by_id("drugs", "drugs")
    validate.choice("drug_id", drug_id, drugs)
    raw = drugs[drug_id].get("renal_bands")
    if not raw:
        raise data.DataError(f"drugs.yml: {drug_id!r} has no renal_bands; drugs that have them: "
                             f"{', '.join(map(repr, drugs_with_bands())) or 'none yet'}")
    raw = sorted(raw, key=lambda b: b["crcl_min"], reverse=True)
    mins = [b["crcl_min"] for b in raw]
    if len(set(mins)) != len(mins):
        raise data.DataError(f"drugs.yml: {drug_id!r} renal_bands repeat a crcl_min (two sets of "
                             "bands, e.g. two jurisdictions, need a field to tell them apart)")
    if raw[0]["crcl_max"] is not None or min(mins) != 0:
        raise data.DataError(f"drugs.yml: {drug_id!r} renal_bands must run from crcl_min 0 to a "
                             "top band with crcl_max null")
    out = []
    for i, b in enumerate(raw):
        upper = None if i == 0 else float(raw[i - 1]["crcl_min"])
        lo_inclusive = b.get("includes_crcl_min", i == 0 or b["crcl_min"] == 0)
        if b["crcl_min"] == 0 and not lo_inclusive:
            raise data.DataError(f"drugs.yml: {drug_id!r} band from 0 must include 0 "
                                 "(includes_crcl_min: false would leave a clearance of 0 in no band)")
        hi_inclusive = i > 0 and not out[i - 1].lo_inclusive  # the edge the band above leaves
        if b["crcl_max"] is not None and not b["crcl_min"] < b["crcl_max"] <= upper:
            raise data.DataError(f"drugs.yml: {drug_id!r} band {b['crcl_min']:g}–{b['crcl_max']:g} "
                                 "overlaps the band above it or is empty")
        if b["daily_low"] > b["daily_high"]:
            raise data.DataError(f"drugs.yml: {drug_id!r} band from {b['crcl_min']:g}: "
                                 "daily_low above daily_high")
        out.append(Band(drug_id, float(b["crcl_min"]),
                        None if b["crcl_max"] is None else float(b["crcl_max"]), upper,
                        lo_inclusive, hi_inclusive,
                        float(b["daily_low"]), float(b["daily_high"]), b["unit"],
                        b.get("doses_per_day", ""), b.get("note", ""), tuple(b["sources"])))
    return out


def dose_band(drug_id: str, crcl: float) -> Band:
    """The band of ``drug_id`` that a creatinine clearance (mL/min) falls in."""
    crcl = validate.number("crcl", crcl, minimum=0)
    found = [band for band in bands(drug_id) if band.contains(crcl)]
    assert len(found) == 1, f"bands of {drug_id} must not overlap or leave gaps at {crcl}"
    return found[0]


# The same rule as Band.contains as a Vega expression, for the charts of chapters 5 and 10
# (tested against it), written without ?: so that the tests can evaluate it in Python too.
CURRENT_BAND = ("((datum.lo_incl && crcl >= datum.lo) || (!datum.lo_incl && crcl > datum.lo)) && "
                "((datum.hi_incl && crcl <= datum.hi) || (!datum.hi_incl && crcl < datum.hi))")
