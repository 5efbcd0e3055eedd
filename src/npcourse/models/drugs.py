"""Drug facts for chapters 4 and 5: a small, read-only access layer over ``drugs.yml``.

Every number lives in ``npcourse/facts/yaml/drugs.yml`` with its sources; this module only reads it,
so tables, charts and exercise checks follow the file when its values are corrected.

Public API (kept small on purpose; chapter-specific models live in their own modules):

- :func:`drug_ids` — the record ids, in file order;
- :func:`drug` — one record by id (unknown id → ``ValueError`` listing the allowed ids);
- :func:`effects_table` — a tidy table of NNT/NNH with 95% confidence intervals;
- :func:`missing_effects` — the records without an NNT (or NNH) estimate;
- :func:`lines_table` — the line of therapy of every drug in each guideline;
- :func:`number_needed` — NNT or NNH (with a 95% CI) from responder counts of a two-arm trial;
- :func:`unverified` — whether a text field is still marked "Not verified" in the file.

For learning only — check your local formulary. Not medical advice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "GABAPENTINOIDS", "MEASURES", "GUIDELINES", "EFFECT_COLUMNS", "LINE_COLUMNS", "Z95", "unverified",
    "wilson_interval", "difference_interval", "records", "drug_ids", "drug", "effects_table", "missing_effects",
    "lines_table", "NumberNeeded", "number_needed", "nnt_from_proportions"
]

# The two gabapentinoids, named together in chapters 5 and 10 (absorption, kidney bands, profile rules).
GABAPENTINOIDS = ("gabapentin", "pregabalin")

MEASURES = {
    "nnt": "NNT for at least 50% pain relief",
    "nnh": "NNH for withdrawal due to adverse effects",
}
# Guideline field in drugs.yml → display label (in the order the chapter discusses them).
GUIDELINES = {
    "neupsig_2015": "NeuPSIG 2015",
    "neupsig_2025": "NeuPSIG 2025",
    "nice_2013": "NICE CG173",
}
EFFECT_COLUMNS = ["id", "name", "drug_class", "measure", "estimate", "ci_low", "ci_high",
                  "outcome", "trials", "participants", "note", "sources", "display_label"]
LINE_COLUMNS = ["id", "name", "drug_class", "guideline", "guideline_label", "line", "note",
                "sources"]
Z95 = 1.959963984540054  # the 97.5th centile of the standard normal distribution


def unverified(text: str) -> bool:
    """True for a field drugs.yml marks as not yet read in a label ("Not verified ...")."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return text.strip().lower().startswith("not verified")


def records() -> list[dict]:
    """Every drug record of ``drugs.yml`` (validated against ``schemas.DRUGS``), in file order."""
    return data.records("drugs", "drugs")


def drug_ids() -> list[str]:
    """The ids of the drug records, in file order."""
    return [r["id"] for r in records()]


def drug(drug_id: str) -> dict:
    """The record with id ``drug_id``; a ``ValueError`` lists the allowed ids otherwise."""
    validate.choice("drug_id", drug_id, drug_ids())
    return data.by_id("drugs", "drugs")[drug_id]


def _measure(measure: str | None) -> list[str]:
    if measure is None:
        return list(MEASURES)
    return [validate.choice("measure", measure, MEASURES)]


def effects_table(measure: str | None = None) -> pd.DataFrame:
    """NNT and/or NNH of every record that has an estimate, one row per record and measure.

    ``measure`` is ``"nnt"``, ``"nnh"`` or ``None`` (both). Columns: ``EFFECT_COLUMNS``; a
    confidence limit the file leaves empty is NaN, ``sources`` is a comma-separated string.
    """
    rows = []
    for m in _measure(measure):
        for r in records():
            e = r.get(m)
            if not e:
                continue
            rows.append({
                "id": r["id"], "name": r["name"], "drug_class": r["drug_class"], "measure": m,
                "estimate": float(e["estimate"]),
                "ci_low": math.nan if e.get("ci_low") is None else float(e["ci_low"]),
                "ci_high": math.nan if e.get("ci_high") is None else float(e["ci_high"]),
                "outcome": e["outcome"], "trials": e.get("trials"),
                "participants": e.get("participants"), "note": e.get("note", ""),
                "sources": ", ".join(e["sources"]),
                # the label a chart shows when the value is a subgroup's (e.g. "Gabapentin (IR)")
                "display_label": e.get("display_label") or r["name"],
            })
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def missing_effects(measure: str) -> list[str]:
    """Ids of the records whose ``measure`` (``"nnt"`` or ``"nnh"``) is null in the file."""
    if measure is None:  # None means "both" elsewhere; here exactly one measure is needed
        raise ValueError(f"measure must be one of {', '.join(map(repr, MEASURES))}; got None")
    (m,) = _measure(measure)
    return [r["id"] for r in records() if not r.get(m)]


def lines_table() -> pd.DataFrame:
    """The line of therapy of every drug in each guideline of ``GUIDELINES`` (long format)."""
    rows = []
    for r in records():
        g = r["guideline_lines"]
        for field, label in GUIDELINES.items():
            rows.append({"id": r["id"], "name": r["name"], "drug_class": r["drug_class"],
                         "guideline": field, "guideline_label": label, "line": g[field],
                         "note": g.get("note", ""), "sources": ", ".join(g["sources"])})
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


# --- evidence arithmetic -------------------------------------------------------------------

@dataclass(frozen=True)
class NumberNeeded:
    """NNT (or NNH) from one two-arm trial, with the risk difference it comes from.

    ``ci_low``/``ci_high`` are the 95% limits of the NNT obtained by inverting and exchanging
    the limits of the 95% interval of the risk difference (Cook & Sackett 1995). That interval
    is Newcombe's hybrid score interval (method 10 of Newcombe 1998), built from the Wilson
    score interval of each arm: it stays inside [−1, 1] and never has zero width, even at 0 %
    or 100 % responders, where the Wald interval fails. ``method`` says which interval was used
    ("newcombe", or "wald" when asked for the simple normal approximation taught by hand).
    When the interval of the difference includes 0 the NNT interval is unbounded and both
    limits are ``None``.
    """

    estimate: float
    ci_low: float | None
    ci_high: float | None
    difference: float
    difference_low: float
    difference_high: float
    method: str = "newcombe"

    @property
    def rounded_up(self) -> int:
        """The estimate rounded up to a whole person, as NNTs are usually reported."""
        return math.ceil(self.estimate - 1e-9)


def _arm(events_name, events, size_name, size) -> float:
    n = validate.number(size_name, size, minimum=0, exclusive_minimum=True, integer=True)
    k = validate.number(events_name, events, minimum=0, integer=True)
    if k > n:
        raise ValueError(f"{events_name} must be at most {size_name} ({n:g}), got {k:g}")
    return k / n


def wilson_interval(events, n, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval (Wilson 1927) for a proportion ``events / n``, within [0, 1].

    Unlike the Wald interval it is never outside 0–1 and never of zero width at 0 or n events.
    """
    p = _arm("events", events, "n", n)
    size = float(n)
    zz = validate.number("z", z, minimum=0, exclusive_minimum=True, maximum=10)
    centre = p + zz * zz / (2 * size)
    half = zz * math.sqrt(p * (1 - p) / size + zz * zz / (4 * size * size))
    scale = 1 + zz * zz / size
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)


def difference_interval(events_a, n_a, events_b, n_b, method: str = "newcombe") -> tuple[float, float]:
    """95% interval of the risk difference events_a / n_a − events_b / n_b.

    ``method="newcombe"`` (default): Newcombe's hybrid score interval (Newcombe 1998, method 10),
    from the Wilson interval of each proportion; its limits are always within [−1, 1].
    ``method="wald"``: difference ± 1.96 standard errors (only approximate; can leave [−1, 1]
    or shrink to zero width at 0 % or 100 %).
    """
    if method not in ("newcombe", "wald"):
        raise ValueError(f"method must be 'newcombe' or 'wald', got {method!r}")
    p_a = _arm("events_a", events_a, "n_a", n_a)
    p_b = _arm("events_b", events_b, "n_b", n_b)
    diff = p_a - p_b
    if method == "wald":
        se = math.sqrt(p_a * (1 - p_a) / float(n_a) + p_b * (1 - p_b) / float(n_b))
        return diff - Z95 * se, diff + Z95 * se
    low_a, high_a = wilson_interval(events_a, n_a)
    low_b, high_b = wilson_interval(events_b, n_b)
    low = diff - math.sqrt((p_a - low_a) ** 2 + (high_b - p_b) ** 2)
    high = diff + math.sqrt((high_a - p_a) ** 2 + (p_b - low_b) ** 2)
    return max(-1.0, low), min(1.0, high)


def number_needed(events_drug, n_drug, events_placebo, n_placebo, method: str = "newcombe") -> NumberNeeded:
    """NNT or NNH = 1 / (proportion with the outcome on drug − proportion on placebo).

    Use responders for an NNT and withdrawals due to adverse effects for an NNH. Counts must
    be whole numbers, group sizes greater than 0. Raises ``ValueError`` if the two proportions
    are equal (no difference: the number is infinite) or if the drug group does worse. The
    interval of the difference is Newcombe's hybrid score interval unless ``method="wald"``
    (see :func:`difference_interval`).
    """
    p_drug = _arm("events_drug", events_drug, "n_drug", n_drug)
    p_placebo = _arm("events_placebo", events_placebo, "n_placebo", n_placebo)
    diff = p_drug - p_placebo
    if diff <= 0:
        raise ValueError("events_drug / n_drug must be greater than events_placebo / n_placebo: "
                         f"got {p_drug:.3g} vs {p_placebo:.3g}, so the number needed is not "
                         "defined (infinite or in the other direction)")
    low, high = difference_interval(events_drug, n_drug, events_placebo, n_placebo, method)
    bounded = low > 0
    return NumberNeeded(estimate=1 / diff,
                        ci_low=1 / high if bounded else None,
                        ci_high=1 / low if bounded else None,
                        difference=diff, difference_low=low, difference_high=high, method=method)


def nnt_from_proportions(p_drug, p_placebo) -> float:
    """NNT = 1 / (p_drug − p_placebo) for proportions between 0 and 1 (p_drug must be larger)."""
    a = validate.number("p_drug", p_drug, minimum=0, maximum=1)
    b = validate.number("p_placebo", p_placebo, minimum=0, maximum=1)
    if a <= b:
        raise ValueError(f"p_drug must be greater than p_placebo: got {a:g} and {b:g}")
    return 1 / (a - b)
