"""Change in a pain score: baseline, change, percentage change and responder classification.

The arithmetic of chapter 9, on the 0-10 numerical rating scale (NRS) unless another measure of
``outcome_measures.yml`` is named:

- **baseline**: the person's usual level before treatment. In this course it is the mean of the
  daily diary scores of the week before treatment (a mean of several days is less at the mercy
  of one good or bad day than a single score; chapter 8 explains regression to the mean);
- **change** = follow-up − baseline, so a negative change means less pain;
- **percentage change** = 100 × change / baseline (undefined when the baseline is 0); the
  **percentage reduction** is its negative, the quantity the published thresholds refer to;
- a **responder** at t % has a percentage reduction of at least t (30 % and 50 % are the usual
  choices: IMMPACT's moderate and substantial benchmarks);
- the **IMMPACT benchmark** names the largest level a reduction reaches: substantial (≥ 50 %),
  moderate (≥ 30 %), minimal (≥ 10 %, the lower end of IMMPACT's 10-20 % band; the course counts
  20-30 % as minimal too), below minimal, or worse (pain went up).

Comparisons allow 1e-9 of floating-point slack, so 5.0 → 3.5 counts as exactly 30 %.
Thresholds are read from ``outcome_measures.yml``; nothing here retypes them.
For learning only: the thresholds are group averages from particular populations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "EPS", "DEFAULT_MEASURE", "BENCHMARKS", "BENCHMARK_THRESHOLDS", "RESPONDER_PERCENTS", "PGIC_ANCHOR",
    "measures", "thresholds", "threshold", "threshold_percent", "scale", "check_score", "check_scores",
    "mean_score", "change", "percent_change", "percent_reduction", "meets", "is_responder", "benchmark",
    "benchmark_of_reduction", "DiarySummary", "summarise_diary", "summarise_windows", "pgic_categories",
    "check_pgic", "pgic_improved", "responder_counts", "Concordance", "concordance"
]

EPS = 1e-9
DEFAULT_MEASURE = "nrs"
BENCHMARKS = ("substantial", "moderate", "minimal", "below minimal", "worse")
# IMMPACT benchmark levels, largest first, and the threshold record each one is read from.
BENCHMARK_THRESHOLDS = (("substantial", "immpact-substantial"), ("moderate", "immpact-moderate"),
                        ("minimal", "immpact-minimal"))
RESPONDER_PERCENTS = (30, 50)
PGIC_ANCHOR = "farrar-pgic"


# --- the data ------------------------------------------------------------------------------

def measures() -> dict[str, dict]:
    """Outcome measures by id (``outcome_measures.yml``)."""
    return data.by_id("outcome_measures", "measures")


def thresholds() -> dict[str, dict]:
    """Published thresholds by id (``outcome_measures.yml``)."""
    return data.by_id("outcome_measures", "thresholds")


def threshold(threshold_id: str) -> dict:
    """One threshold record; an unknown id raises ``ValueError`` listing the ids."""
    known = thresholds()
    validate.choice("threshold_id", threshold_id, known)
    return known[threshold_id]


def threshold_percent(threshold_id: str) -> float:
    """The percentage a percent threshold asks for (the lower end of a range)."""
    t = threshold(threshold_id)
    if t["kind"] == "percent-reduction":
        return float(t["value"])
    if t["kind"] == "percent-range":
        return float(t["low"])
    raise ValueError(f"threshold_id {threshold_id!r} is a {t['kind']} threshold, not a percentage")


def scale(measure: str = DEFAULT_MEASURE) -> dict:
    """The scale of a numeric measure: ``{'min', 'max', 'unit', 'whole_numbers'}``."""
    known = {k: m for k, m in measures().items() if "scale" in m}
    validate.choice("measure", measure, known)
    return known[measure]["scale"]


# --- validated scores ----------------------------------------------------------------------

def check_score(name: str, value, measure: str = DEFAULT_MEASURE, *, whole: bool = False) -> float:
    """``value`` as a float on the measure's scale; ``whole=True`` also demands a whole number
    when the scale uses them (a daily NRS entry). Errors name ``name``."""
    s = scale(measure)
    abbreviation = measures()[measure]["abbreviation"]
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number on the {abbreviation} scale "
                        f"({s['min']:g}-{s['max']:g}), got {type(value).__name__} {value!r}")
    v = validate.number(name, value)
    if v < s["min"] or v > s["max"]:
        raise ValueError(f"{name} must be between {s['min']:g} and {s['max']:g} on the "
                         f"{abbreviation} scale, got {v:g}")
    if whole and s["whole_numbers"] and not v.is_integer():
        raise ValueError(f"{name} must be a whole number on the {abbreviation} scale "
                         f"(the person picks one of {s['min']:g}, ..., {s['max']:g}), got {v:g}")
    return v


def check_scores(name: str, scores, measure: str = DEFAULT_MEASURE) -> list[float]:
    """A non-empty sequence of daily scores, each a valid (whole, where the scale demands it)
    score; errors name the entry, e.g. ``diary[3]``."""
    if isinstance(scores, (str, bytes)) or not isinstance(scores, Sequence) and not hasattr(
            scores, "tolist"):
        raise TypeError(f"{name} must be a list of daily scores, got {type(scores).__name__}")
    values = list(scores.tolist() if hasattr(scores, "tolist") else scores)
    if not values:
        raise ValueError(f"{name} is empty: it needs at least one daily score")
    return [check_score(f"{name}[{i}]", v, measure, whole=True) for i, v in enumerate(values)]


def mean_score(scores, measure: str = DEFAULT_MEASURE, *, name: str = "scores") -> float:
    """Mean of a list of daily scores (validated)."""
    values = check_scores(name, scores, measure)
    return sum(values) / len(values)


# --- change --------------------------------------------------------------------------------

def change(baseline, followup, measure: str = DEFAULT_MEASURE) -> float:
    """Follow-up − baseline in the measure's units (negative = lower score)."""
    b = check_score("baseline", baseline, measure)
    f = check_score("followup", followup, measure)
    return f - b


def percent_change(baseline, followup, measure: str = DEFAULT_MEASURE) -> float:
    """100 × (follow-up − baseline) / baseline. A baseline of 0 raises ``ValueError``."""
    b = check_score("baseline", baseline, measure)
    f = check_score("followup", followup, measure)
    if b == 0:
        raise ValueError("baseline is 0: a percentage change from a baseline of 0 is undefined "
                         "(any rise is infinitely many per cent); report the change in points")
    return 100 * (f - b) / b


def percent_reduction(baseline, followup, measure: str = DEFAULT_MEASURE) -> float:
    """100 × (baseline − follow-up) / baseline: positive when the score fell."""
    return -percent_change(baseline, followup, measure)


def meets(baseline, followup, threshold_id: str) -> bool:
    """Whether the change from ``baseline`` to ``followup`` reaches a published threshold.

    Percent thresholds compare the percentage reduction (a range uses its lower end); points
    thresholds compare the fall in points, or the rise for ``points-increase`` (PSFS, where a
    higher score is better). Category thresholds (PGIC) need :func:`pgic_improved`.
    """
    t = threshold(threshold_id)
    measure = t["measure"]
    kind = t["kind"]
    if kind in ("percent-reduction", "percent-range"):
        return percent_reduction(baseline, followup, measure) >= threshold_percent(threshold_id) - EPS
    if kind == "points-reduction":
        return -change(baseline, followup, measure) >= t["value"] - EPS
    if kind == "points-increase":
        return change(baseline, followup, measure) >= t["value"] - EPS
    raise ValueError(f"threshold_id {threshold_id!r} is a category threshold (PGIC); use "
                     "pgic_improved() for it")


def is_responder(baseline, followup, percent=30, measure: str = DEFAULT_MEASURE) -> bool:
    """True when the percentage reduction is at least ``percent`` (e.g. 30 or 50)."""
    p = validate.number("percent", percent, minimum=0, maximum=100, exclusive_minimum=True)
    return percent_reduction(baseline, followup, measure) >= p - EPS


def benchmark(baseline, followup, measure: str = DEFAULT_MEASURE) -> str:
    """The largest IMMPACT level the reduction reaches, 'below minimal', or 'worse'."""
    r = percent_reduction(baseline, followup, measure)
    if r < -EPS:
        return "worse"
    for level, tid in BENCHMARK_THRESHOLDS:
        if r >= threshold_percent(tid) - EPS:
            return level
    return "below minimal"


def benchmark_of_reduction(reduction) -> str:
    """:func:`benchmark` for a percentage reduction already computed."""
    r = validate.number("reduction", reduction, maximum=100)
    if r < -EPS:
        return "worse"
    for level, tid in BENCHMARK_THRESHOLDS:
        if r >= threshold_percent(tid) - EPS:
            return level
    return "below minimal"


# --- a diary -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiarySummary:
    """Baseline and follow-up means of a diary and what the change amounts to."""

    baseline: float
    followup: float
    change: float
    percent_change: float | None     # None when the baseline is 0
    benchmark: str | None            # None when the baseline is 0
    responder_30: bool | None
    responder_50: bool | None

    def text(self) -> str:
        head = (f"Baseline {self.baseline:.2f}, follow-up {self.followup:.2f}: change "
                f"{self.change:+.2f} points")
        if self.percent_change is None:
            return head + " (no percentage: the baseline is 0)."
        return (f"{head} ({self.percent_change:+.1f}%); IMMPACT benchmark: {self.benchmark}; "
                f"≥30% responder: {'yes' if self.responder_30 else 'no'}; "
                f"≥50% responder: {'yes' if self.responder_50 else 'no'}.")


def summarise_diary(diary, baseline_days: int = 7, followup_days: int = 7,
                    measure: str = DEFAULT_MEASURE) -> DiarySummary:
    """Baseline = mean of the first ``baseline_days`` scores (before treatment); follow-up =
    mean of the last ``followup_days`` scores. The two windows may not overlap."""
    nb = int(validate.number("baseline_days", baseline_days, minimum=1, integer=True))
    nf = int(validate.number("followup_days", followup_days, minimum=1, integer=True))
    values = check_scores("diary", diary, measure)
    if len(values) < nb + nf:
        raise ValueError(f"diary has {len(values)} daily scores; it needs at least baseline_days + "
                         f"followup_days = {nb + nf} so that the two windows do not overlap")
    b = sum(values[:nb]) / nb
    f = sum(values[-nf:]) / nf
    if b == 0:
        return DiarySummary(b, f, f - b, None, None, None, None)
    return DiarySummary(b, f, f - b, percent_change(b, f, measure), benchmark(b, f, measure),
                        is_responder(b, f, 30, measure), is_responder(b, f, 50, measure))


def summarise_windows(baseline_scores, followup_scores, measure: str = DEFAULT_MEASURE) -> DiarySummary:
    """:func:`summarise_diary` for two separate lists (the week before and a later week)."""
    b = mean_score(baseline_scores, measure, name="baseline_scores")
    f = mean_score(followup_scores, measure, name="followup_scores")
    if b == 0:
        return DiarySummary(b, f, f - b, None, None, None, None)
    return DiarySummary(b, f, f - b, percent_change(b, f, measure), benchmark(b, f, measure),
                        is_responder(b, f, 30, measure), is_responder(b, f, 50, measure))


# --- a cohort and the PGIC -----------------------------------------------------------------

def pgic_categories() -> list[str]:
    """The seven PGIC categories, best first."""
    return list(measures()["pgic"]["categories"])


def check_pgic(name: str, value) -> str:
    """A PGIC category (case and surrounding spaces ignored)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a PGIC category (a string), got {type(value).__name__}")
    return validate.choice(name, value.strip().lower(), pgic_categories())


def pgic_improved(category, threshold_id: str = PGIC_ANCHOR) -> bool:
    """Whether a PGIC answer is in the categories a category threshold counts as improved
    (by default 'much improved' or 'very much improved', Farrar's anchor)."""
    t = threshold(threshold_id)
    if t["kind"] != "category":
        raise ValueError(f"threshold_id {threshold_id!r} is not a PGIC category threshold")
    return check_pgic("category", category) in t["categories"]


def _pairs(baselines, followups) -> list[tuple[float, float]]:
    for name, v in (("baselines", baselines), ("followups", followups)):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__len__"):
            raise TypeError(f"{name} must be a list of scores, got {type(v).__name__}")
    bl, fl = list(baselines), list(followups)
    if not bl:
        raise ValueError("baselines is empty: the cohort needs at least one person")
    if len(bl) != len(fl):
        raise ValueError(f"baselines has {len(bl)} values but followups has {len(fl)}; "
                         "give one of each per person")
    return [(check_score(f"baselines[{i}]", b), check_score(f"followups[{i}]", f))
            for i, (b, f) in enumerate(zip(bl, fl, strict=True))]


def responder_counts(baselines, followups, percents=RESPONDER_PERCENTS) -> dict[int, int]:
    """How many people reach each percentage reduction (default 30 and 50)."""
    pairs = _pairs(baselines, followups)
    out = {}
    for p in percents:
        p = validate.number("percents", p, minimum=0, maximum=100, exclusive_minimum=True)
        out[int(p) if float(p).is_integer() else p] = sum(is_responder(b, f, p) for b, f in pairs)
    return out


@dataclass(frozen=True)
class Concordance:
    """Agreement between 'responder on the NRS' and 'improved on the PGIC'."""

    n: int
    both: int          # responder and improved
    neither: int
    nrs_only: int      # responder, not improved on the PGIC
    pgic_only: int     # improved on the PGIC, not a responder

    @property
    def agreement(self) -> float:
        return (self.both + self.neither) / self.n


def concordance(baselines, followups, pgics, percent=30,
                threshold_id: str = PGIC_ANCHOR) -> Concordance:
    """Cross-tabulate NRS responders at ``percent`` against PGIC improvement."""
    pairs = _pairs(baselines, followups)
    if isinstance(pgics, (str, bytes)) or not hasattr(pgics, "__len__"):
        raise TypeError(f"pgics must be a list of PGIC categories, got {type(pgics).__name__}")
    pg = list(pgics)
    if len(pg) != len(pairs):
        raise ValueError(f"pgics has {len(pg)} answers but there are {len(pairs)} people")
    both = neither = nrs_only = pgic_only = 0
    for i, ((b, f), c) in enumerate(zip(pairs, pg, strict=True)):
        r = is_responder(b, f, percent)
        check_pgic(f"pgics[{i}]", c)
        g = pgic_improved(c, threshold_id)
        both += r and g
        neither += (not r) and (not g)
        nrs_only += r and not g
        pgic_only += g and not r
    return Concordance(len(pairs), both, neither, nrs_only, pgic_only)
