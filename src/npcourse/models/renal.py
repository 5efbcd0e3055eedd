"""Creatinine clearance by Cockcroft–Gault, and the gabapentinoid dose band it falls in.

Cockcroft and Gault 1976 (``cockcroft1976prediction``)::

    CrCl (mL/min) = (140 − age in years) × weight in kg / (72 × serum creatinine in mg/dL)

and 15 % less (× 0.85) for women. The constant 72 needs serum creatinine in mg/dL; a value in
µmol/L is converted with 1 mg/dL = 88.4 µmol/L (creatinine's molar mass, 113.12 g/mol:
10 mg/L ÷ 113.12 mg/mmol = 0.0884 mmol/L; ``pubchem_creatinine``) when ``unit='µmol/L'`` is
given. The result is an *estimate*, not a measurement; it was derived in adult men and misleads
at extremes of body size and age (see the chapter). A result above
:data:`PLAUSIBLE_CRCL_MAX` is refused: each input may be within its own guard while the
combination is physically impossible (e.g. 18 years, 250 kg, 0.1 mg/dL gives about 4,000).

Each band records its ``jurisdiction``: ``'US'`` (FDA label) or ``'EU'`` (UK/EU SmPC). A drug
may have one set of bands per jurisdiction; :func:`bands` and :func:`dose_band` take the
jurisdiction (default :data:`DEFAULT_JURISDICTION` where the drug has it, else its only one).
A band is a **ceiling** for maintenance, not a starting dose (gabapentin's rows are maintenance
totals equivalent to 900-3600 mg/day at normal function); :func:`label_start` gives the label's
starting dose for a clearance. Below ``proportional_below`` the label cuts the daily dose in
proportion to clearance (:func:`daily_range`); haemodialysis is described by :func:`dialysis`.

Dose bands come from ``renal_bands`` in drugs.yml. Each band reaches up to the next band's
``crcl_min``, so no clearance falls between two bands, and each edge belongs to exactly one
of the two bands that meet there. By default the top band (no ``crcl_max``) includes its
lower limit (the labels' "≥ 60") and every other band excludes it (the gabapentin label's
"> 30 to 59" and "> 15 to 29" rows), so a clearance exactly on an edge gets the LOWER band.
A band's printed range (``crcl_label``) is what the band owns under this rule ("> 15 to 30",
"50 to < 80"), so the clearance shown beside it always lies inside it.
A band whose label row includes its lower limit says so with ``includes_crcl_min: true``
(pregabalin's "15-30" row above a "< 15" row). Where a label lists an edge in two rows
(pregabalin's 30), the default gives the lower band, the lower dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "SEXES", "FEMALE_FACTOR", "AGE_RANGE", "WEIGHT_RANGE", "CREATININE_RANGE", "UMOL_PER_MG_DL",
    "CREATININE_UNITS", "PLAUSIBLE_CRCL_MAX", "JURISDICTIONS", "DEFAULT_JURISDICTION", "ESTIMATE_NOTE",
    "creatinine_to_mg_dl", "cockcroft_gault", "Band", "drugs_with_bands", "jurisdictions",
    "resolve_jurisdiction", "bands", "dose_band", "CURRENT_BAND", "DailyRange", "daily_range",
    "dialysis", "label_start", "describe"
]

SEXES = ("female", "male")
FEMALE_FACTOR = 0.85  # "15% less in females" (Cockcroft & Gault 1976)
# Input guards (not reference ranges): adults only, as the equation was derived in adults.
AGE_RANGE = (18, 100)
WEIGHT_RANGE = (30, 250)       # kg (provenance/05-notes.md, section 1.2)
CREATININE_RANGE = (0.1, 20)   # mg/dL: outside this the value is almost certainly mistyped
UMOL_PER_MG_DL = 88.4          # 1 mg/dL creatinine = 88.4 µmol/L (molar mass 113.12 g/mol)
CREATININE_UNITS = ("mg/dL", "µmol/L")
# No adult kidney clears creatinine at this rate; young adults average roughly 100-130 mL/min.
# A guard against impossible combinations of plausible inputs, not a reference range.
PLAUSIBLE_CRCL_MAX = 250.0
JURISDICTIONS = {"US": "US label (FDA)", "EU": "UK/EU product information (SmPC)"}
DEFAULT_JURISDICTION = "US"
ESTIMATE_NOTE = ("An estimate from serum creatinine, not a measured clearance. It was derived "
                 "in adult men, overestimated measured clearance with total body weight in "
                 "severe obesity, and overestimated kidney function in older hospital patients "
                 "with chronic kidney disease.")


def creatinine_to_mg_dl(value: float, unit: str = "mg/dL") -> float:
    """Serum creatinine in mg/dL from a value in ``unit`` ('mg/dL' or 'µmol/L')."""
    unit = validate.choice("unit", "µmol/L" if unit in ("umol/L", "micromol/L") else unit,
                           CREATININE_UNITS)
    value = validate.number("creatinine", value)
    return value / UMOL_PER_MG_DL if unit == "µmol/L" else value


def cockcroft_gault(age: float, weight: float, creatinine: float, sex: str,
                    unit: str = "mg/dL") -> float:
    """Estimated creatinine clearance in mL/min (not rounded).

    ``age`` in years (18–100), ``weight`` in kg (actual body weight), ``creatinine`` serum
    creatinine in ``unit`` (**mg/dL** by default, or ``'µmol/L'``, converted with
    1 mg/dL = 88.4 µmol/L), ``sex`` ``'female'`` or ``'male'``. A result above
    :data:`PLAUSIBLE_CRCL_MAX` raises ``ValueError``.
    """
    if unit != "mg/dL":
        creatinine = creatinine_to_mg_dl(creatinine, unit)
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
    crcl = crcl * FEMALE_FACTOR if sex == "female" else crcl
    if crcl > PLAUSIBLE_CRCL_MAX:
        raise ValueError(
            f"these inputs give a creatinine clearance of {crcl:,.0f} mL/min, which no adult "
            f"kidney reaches (this calculator refuses results above {PLAUSIBLE_CRCL_MAX:g}); "
            "check the creatinine (and its unit) and the weight")
    return crcl


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
    jurisdiction: str = DEFAULT_JURISDICTION
    starting_dose: float | None = None      # the label's start for this band, if it lists one
    proportional_below: float | None = None  # below this clearance: dose × crcl / this

    @property
    def jurisdiction_label(self) -> str:
        return JURISDICTIONS[self.jurisdiction]

    @property
    def crcl_label(self) -> str:
        if self.upper is None:
            return f"{'≥' if self.lo_inclusive else '>'} {self.crcl_min:g} mL/min"
        # Where the band really ends, not the label row's figure: gabapentin's "> 15-29" row owns
        # every clearance up to and including 30 here, so printing "29" beside a clearance of 30
        # (or 29.5) would contradict the reading (issue 19).
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


def jurisdictions(drug_id: str) -> list[str]:
    """The jurisdictions whose kidney bands drugs.yml records for ``drug_id`` (file order)."""
    drugs = data.by_id("drugs", "drugs")
    validate.choice("drug_id", drug_id, drugs)
    return list(dict.fromkeys(b.get("jurisdiction", DEFAULT_JURISDICTION)
                              for b in drugs[drug_id].get("renal_bands") or []))


def resolve_jurisdiction(drug_id: str, jurisdiction: str | None = None) -> str:
    """``jurisdiction`` if the drug has bands for it; None picks :data:`DEFAULT_JURISDICTION`
    when the drug has it, else the drug's only (first) one."""
    have = jurisdictions(drug_id)
    if jurisdiction is None:
        return DEFAULT_JURISDICTION if DEFAULT_JURISDICTION in have or not have else have[0]
    validate.choice("jurisdiction", jurisdiction, JURISDICTIONS)
    if jurisdiction not in have:
        raise ValueError(f"jurisdiction must be one of {', '.join(map(repr, have))} for "
                         f"{drug_id!r} (the course records no {jurisdiction} bands for it); "
                         f"got {jurisdiction!r}")
    return jurisdiction


def bands(drug_id: str, jurisdiction: str | None = None) -> list[Band]:
    """The drug's kidney-function dose bands for one jurisdiction, from the highest clearance down."""
    drugs = data.by_id("drugs", "drugs")
    validate.choice("drug_id", drug_id, drugs)
    raw = drugs[drug_id].get("renal_bands")
    if not raw:
        raise data.DataError(f"drugs.yml: {drug_id!r} has no renal_bands; drugs that have them: "
                             f"{', '.join(map(repr, drugs_with_bands())) or 'none yet'}")
    jurisdiction = resolve_jurisdiction(drug_id, jurisdiction)
    raw = [b for b in raw if b.get("jurisdiction", DEFAULT_JURISDICTION) == jurisdiction]
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
                        b.get("doses_per_day", ""), b.get("note", ""), tuple(b["sources"]),
                        jurisdiction, b.get("starting_dose"), b.get("proportional_below")))
    return out


def dose_band(drug_id: str, crcl: float, jurisdiction: str | None = None) -> Band:
    """The band of ``drug_id`` that a creatinine clearance (mL/min) falls in."""
    crcl = validate.number("crcl", crcl, minimum=0)
    found = [band for band in bands(drug_id, jurisdiction) if band.contains(crcl)]
    assert len(found) == 1, f"bands of {drug_id} must not overlap or leave gaps at {crcl}"
    return found[0]


# The same rule as Band.contains as a Vega expression, for the charts of chapters 5 and 10
# (tested against it), written without ?: so that the tests can evaluate it in Python too.
CURRENT_BAND = ("((datum.lo_incl && crcl >= datum.lo) || (!datum.lo_incl && crcl > datum.lo)) && "
                "((datum.hi_incl && crcl <= datum.hi) || (!datum.hi_incl && crcl < datum.hi))")


@dataclass(frozen=True)
class DailyRange:
    """The label's total daily maintenance range (the ceiling) at one clearance."""

    band: Band
    crcl: float
    low: float
    high: float
    scaled: bool        # True when the label's proportional rule cut the band's figures

    @property
    def label(self) -> str:
        u = self.band.unit
        dose = f"{self.low:g} {u}" if self.low == self.high else f"{self.low:g}–{self.high:g} {u}"
        if self.scaled:
            dose += (f" (the {self.band.proportional_below:g} mL/min dose × {self.crcl:g}/"
                     f"{self.band.proportional_below:g}, rounded down to 5 mg)")
        return dose


def _round_down(x: float, step: float = 5.0) -> float:
    return float(int(x / step + 1e-9) * step)


def daily_range(drug_id: str, crcl: float, jurisdiction: str | None = None) -> DailyRange:
    """The label's total daily maintenance range at ``crcl``: the band's figures, cut in
    proportion to clearance below the band's ``proportional_below`` (gabapentin below 15 mL/min:
    at 5 mL/min one third of the 15 mL/min dose). Rounded down to whole 5 mg: a ceiling."""
    b = dose_band(drug_id, crcl, jurisdiction)
    crcl = float(crcl)
    if b.proportional_below is not None and crcl < b.proportional_below:
        f = crcl / b.proportional_below
        return DailyRange(b, crcl, _round_down(b.daily_low * f), _round_down(b.daily_high * f), True)
    return DailyRange(b, crcl, b.daily_low, b.daily_high, False)


def dialysis(drug_id: str, jurisdiction: str | None = None) -> dict | None:
    """The label's haemodialysis advice for the drug (``text``, supplemental doses, sources)."""
    jurisdiction = resolve_jurisdiction(drug_id, jurisdiction)
    recs = data.by_id("drugs", "drugs")[drug_id].get("renal_dialysis") or []
    found = [r for r in recs if r["jurisdiction"] == jurisdiction]
    return found[0] if found else None


def label_start(drug_id: str, crcl: float, jurisdiction: str | None = None) -> float:
    """The highest daily dose the label allows as a *starting* dose at this clearance.

    Pregabalin's table lists a starting dose per band (``starting_dose``); gabapentin's rows
    are maintenance totals, so its start is the ordinary label start (``dose.start.high``,
    300 mg on day 1), never above the kidney ceiling. With CNS depressants, in frail or older
    people and after a fall, start lower than this (see the chapter)."""
    b = dose_band(drug_id, crcl, jurisdiction)
    ceiling = daily_range(drug_id, crcl, jurisdiction).high
    if b.starting_dose is not None:
        return min(float(b.starting_dose), ceiling) if ceiling > 0 else 0.0
    start = (data.by_id("drugs", "drugs")[drug_id].get("dose") or {}).get("start")
    if not start:
        raise data.DataError(f"drugs.yml: {drug_id!r} has no dose.start to start from")
    return min(float(start["high"]), ceiling)


def describe(drug_id: str, crcl: float, jurisdiction: str | None = None) -> str:
    """One line for a calculator: the band (with its label), the daily ceiling at this
    clearance (cut in proportion where the label says so) and, at low clearance, dialysis."""
    r = daily_range(drug_id, crcl, jurisdiction)
    b = r.band
    name = data.by_id("drugs", "drugs")[drug_id]["name"]
    text = (f"{name} ({b.jurisdiction_label}): band {b.crcl_label} → ceiling {r.label}"
            f"{', ' + b.doses_per_day if b.doses_per_day else ''}. A ceiling, not a starting dose.")
    if b.proportional_below is not None and crcl < b.proportional_below:
        d = dialysis(drug_id, b.jurisdiction)
        if d:
            text += f" {d['text']}"
    return text
