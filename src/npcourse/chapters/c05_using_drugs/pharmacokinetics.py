"""Repeated oral dosing in a one-compartment TEACHING model, and dose-dependent absorption.

The model (provenance/05-notes.md, section 1.1, option A) assumes first-order elimination and
*instantaneous* absorption: each dose adds ``F × dose / V`` to the concentration at once,
and everything present falls by the factor ``exp(-k·t)`` with ``k = ln 2 / half-life``. The
concentration after repeated doses is the sum (superposition) of the single-dose curves, a
geometric series with a closed form. It is the simplest model that shows accumulation, the
time to steady state and the effect of a loading dose, and it is what the chapter's chart
draws; real drugs are absorbed over time, so real peaks are lower and later. The principles
are from the WHO prescribing guide (``who1994goodprescribing``); the equations are their
mathematical consequence, not quoted from a source.

The volume ``V`` is a notional scale (1 L by default): no real volume of distribution or
target concentration is claimed, so concentrations here are *relative*.

Absorption by dose (:func:`fraction_absorbed`) reads the label's bioavailability at given
total daily doses from ``drugs.yml`` (``bioavailability_by_dose``); between those doses it
interpolates in a straight line, and it never extrapolates outside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "LN2", "MAX_DOSES", "MAX_POINTS_PER_INTERVAL", "elimination_rate", "fraction_of_steady_state",
    "half_lives_to_reach", "time_to_fraction",
    "accumulation_ratio", "loading_dose", "Regimen", "simulate", "absorption_points",
    "absorption_range", "is_dose_proportional", "fraction_absorbed", "amount_absorbed"
]

LN2 = math.log(2)


def _positive(name: str, value) -> float:
    return validate.number(name, value, minimum=0, exclusive_minimum=True)


def _bioavailability(value) -> float:
    return validate.number("bioavailability", value, minimum=0, maximum=1, exclusive_minimum=True)


def _dose(value, name: str = "dose") -> float:
    return validate.number(name, value, minimum=0)


def elimination_rate(half_life: float) -> float:
    """The first-order elimination rate constant k = ln 2 / half-life (per unit of time)."""
    k = LN2 / _positive("half_life", half_life)
    if not math.isfinite(k):  # a half-life so small (e.g. 1e-313) that ln 2 / it overflows
        raise ValueError(f"half_life is too small to use: {half_life!r}")
    return k


def fraction_of_steady_state(n_half_lives: float) -> float:
    """Fraction of the steady-state level reached after ``n_half_lives`` of regular dosing.

    1 − 0.5ⁿ: 1 → 50 %, 2 → 75 %, 3 → 87.5 %, 4 → 93.75 %, 5 → 96.9 %.
    """
    n = validate.number("n_half_lives", n_half_lives, minimum=0)
    return 1 - 0.5 ** n


def half_lives_to_reach(fraction: float) -> float:
    """How many half-lives regular dosing takes to reach ``fraction`` of steady state."""
    f = validate.number("fraction", fraction, minimum=0, maximum=1)
    if f >= 1:
        raise ValueError("fraction must be less than 1: steady state is approached, never reached")
    return math.log2(1 / (1 - f))


def time_to_fraction(half_life: float, fraction: float) -> float:
    """Time (in the half-life's units) to reach ``fraction`` of steady state."""
    return _positive("half_life", half_life) * half_lives_to_reach(fraction)


def accumulation_ratio(interval: float, half_life: float) -> float:
    """Steady-state peak ÷ first-dose peak: 1 / (1 − exp(−k·τ))."""
    k = elimination_rate(half_life)
    tau = _positive("interval", interval)
    # −expm1(−kτ) = 1 − exp(−kτ) without the cancellation that makes 1 − exp(−kτ) zero when
    # kτ is tiny (an interval far shorter than the half-life).
    fall = -math.expm1(-k * tau)
    if fall == 0:
        raise ValueError(f"interval must not be negligible beside half_life: interval {tau:g} and "
                         f"half_life {half_life:g} give no measurable fall between doses")
    return 1 / fall


def loading_dose(dose: float, interval: float, half_life: float) -> float:
    """The first dose that puts the first peak at the steady-state peak: D / (1 − exp(−k·τ))."""
    return _dose(dose) * accumulation_ratio(interval, half_life)


@dataclass(frozen=True)
class Regimen:
    """A fixed dose every ``interval``, optionally starting with a loading dose.

    Units: dose in mg, interval and half-life in hours (any consistent time unit works),
    bioavailability as a fraction in (0, 1], volume in litres (a notional scale).
    """

    dose: float
    interval: float
    half_life: float
    bioavailability: float = 1.0
    volume: float = 1.0
    loading: bool = False

    def __post_init__(self):
        _dose(self.dose)
        _positive("interval", self.interval)
        _positive("half_life", self.half_life)
        _bioavailability(self.bioavailability)
        _positive("volume", self.volume)
        validate.boolean("loading", self.loading)

    @property
    def k(self) -> float:
        return elimination_rate(self.half_life)

    @property
    def step(self) -> float:
        """Concentration added by one maintenance dose: F × D / V."""
        return self.bioavailability * self.dose / self.volume

    @property
    def peak_ss(self) -> float:
        """Steady-state peak, Cmax,ss = (F·D/V) / (1 − exp(−k·τ))."""
        return self.step * accumulation_ratio(self.interval, self.half_life)

    @property
    def trough_ss(self) -> float:
        """Steady-state trough, Cmin,ss = Cmax,ss × exp(−k·τ)."""
        return self.peak_ss * math.exp(-self.k * self.interval)

    @property
    def loading_dose(self) -> float:
        return loading_dose(self.dose, self.interval, self.half_life)

    def concentration(self, t) -> np.ndarray | float:
        """Relative concentration at time(s) ``t`` ≥ 0 (just after any dose due at ``t``)."""
        scalar = np.ndim(t) == 0
        times = np.atleast_1d(np.asarray(t, dtype=float))
        if not np.all(np.isfinite(times)) or np.any(times < 0):
            raise ValueError("t must be finite times at or after the first dose (t >= 0)")
        k, tau = self.k, self.interval
        n = np.floor(times / tau + 1e-12)
        since = np.maximum(times - n * tau, 0.0)
        c = self.step * np.exp(-k * since) * np.expm1(-k * (n + 1) * tau) / np.expm1(-k * tau)
        if self.loading:
            c = c + self.bioavailability * (self.loading_dose - self.dose) / self.volume * np.exp(-k * times)
        return float(c[0]) if scalar else c

    def by_superposition(self, t: float) -> float:
        """The same concentration as a plain sum over every dose given so far (for checking)."""
        t = validate.number("t", t, minimum=0)
        total, i = 0.0, 0
        while i * self.interval <= t + 1e-12:
            amount = self.loading_dose if (self.loading and i == 0) else self.dose
            total += self.bioavailability * amount / self.volume * math.exp(-self.k * (t - i * self.interval))
            i += 1
        return total


# Upper bounds of a simulation's size: a year of daily doses, and a smooth sawtooth.
MAX_DOSES = 400
MAX_POINTS_PER_INTERVAL = 200


def simulate(dose: float, interval: float, half_life: float, *, bioavailability: float = 1.0,
             volume: float = 1.0, n_doses: int = 10, loading: bool = False,
             points_per_interval: int = 24):
    """Concentration over ``n_doses`` intervals as a table (time in hours, relative concentration).

    Each interval is sampled from just after its dose (the peak) to just before the next
    dose (the trough), so the sawtooth's jumps are drawn exactly.
    """
    import pandas as pd

    # Bounded so that a slip (n_doses=10**6) cannot fill the memory of a learner's browser tab.
    n_doses = int(validate.number("n_doses", n_doses, minimum=1, maximum=MAX_DOSES, integer=True))
    m = int(validate.number("points_per_interval", points_per_interval, minimum=2,
                            maximum=MAX_POINTS_PER_INTERVAL, integer=True))
    accumulation_ratio(interval, half_life)  # names the parameters if kτ is negligible
    r = Regimen(dose, interval, half_life, bioavailability, volume, loading)
    rows = []
    for n in range(n_doses):
        for j in range(m + 1):
            since = r.interval * j / m
            t = n * r.interval + since
            c = r.step * math.exp(-r.k * since) * math.expm1(-r.k * (n + 1) * r.interval) \
                / math.expm1(-r.k * r.interval)
            if r.loading:
                c += r.bioavailability * (r.loading_dose - r.dose) / r.volume * math.exp(-r.k * t)
            rows.append({"dose_number": n + 1, "time_h": t, "concentration": c})
    df = pd.DataFrame(rows)
    df.attrs["model"] = "one compartment, instantaneous absorption (teaching model)"
    return df


# --- absorption by dose ------------------------------------------------------------------

def _drug(drug_id: str) -> dict:
    drugs = data.by_id("drugs", "drugs")
    validate.choice("drug_id", drug_id, drugs)
    return drugs[drug_id]


def absorption_points(drug_id: str) -> list[tuple[float, float]]:
    """(total daily dose, fraction absorbed) pairs from ``bioavailability_by_dose``, sorted."""
    drug = _drug(drug_id)
    points = drug.get("bioavailability_by_dose")
    if not points:
        have = [d["id"] for d in data.records("drugs", "drugs") if d.get("bioavailability_by_dose")]
        raise data.DataError(
            f"drugs.yml: {drug_id!r} has no bioavailability_by_dose; drugs that have it: "
            f"{', '.join(map(repr, have)) or 'none yet'}")
    pts = sorted((float(p["daily_dose"]), float(p["fraction"])) for p in points)
    if len({d for d, _ in pts}) != len(pts):
        raise data.DataError(f"drugs.yml: {drug_id!r} bioavailability_by_dose repeats a daily_dose")
    return pts


def absorption_range(drug_id: str) -> tuple[float, float]:
    """Daily doses over which :func:`fraction_absorbed` answers (mg/day).

    The label's points for a saturable drug; for a drug with one point (dose-independent,
    linear absorption) the file's dose range, from the starting dose to the top daily dose.
    """
    pts = absorption_points(drug_id)
    if len(pts) > 1:
        return pts[0][0], pts[-1][0]
    dose = _drug(drug_id).get("dose") or {}
    lows = [dose[k]["low"] for k in ("start", "daily") if k in dose]
    highs = [dose[k]["high"] for k in ("start", "daily") if k in dose]
    if not lows:
        return pts[0][0], pts[0][0]
    return float(min(lows + [pts[0][0]])), float(max(highs + [pts[0][0]]))


def is_dose_proportional(drug_id: str) -> bool:
    """True when every listed fraction is the same (linear pharmacokinetics)."""
    return len({f for _, f in absorption_points(drug_id)}) == 1


def fraction_absorbed(drug_id: str, daily_dose: float) -> float:
    """Fraction of a total daily dose absorbed, from the label points (straight lines between)."""
    pts = absorption_points(drug_id)
    dose = _positive("daily_dose", daily_dose)
    lo, hi = absorption_range(drug_id)
    if not lo - 1e-9 <= dose <= hi + 1e-9:
        raise ValueError(f"daily_dose must be between {lo:g} and {hi:g} mg/day for {drug_id} "
                         f"(the doses the data covers; no extrapolation), got {dose:g}")
    if len(pts) == 1:
        return pts[0][1]
    return float(np.interp(dose, [d for d, _ in pts], [f for _, f in pts]))


def amount_absorbed(drug_id: str, daily_dose: float) -> float:
    """mg/day reaching the circulation: daily dose × fraction absorbed."""
    return daily_dose * fraction_absorbed(drug_id, daily_dose)
