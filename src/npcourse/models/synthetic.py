"""A SYNTHETIC (computer-generated) DN4 cohort for teaching screening statistics.

Nobody in it is real. Each person has a reference-standard status (neuropathic pain or not)
and answers the 10 DN4 items; each item is "yes" independently with probability ``p_with``
(people with neuropathic pain) or ``p_without`` (people without), so totals are
Binomial(10, p) (provenance/03-models.md, section 5).

By default the two probabilities are solved from ``screening_tools.yml`` so that the *expected*
sensitivity and specificity at the published cut-off equal the published DN4 figures
(0.80 and 0.92 in painful diabetic polyneuropathy, Spallone et al. 2012): that gives
p ≈ 0.484 and 0.174, the values the chapter's author rounded to 0.485 and 0.175. A seeded
sample deviates a little; always report the sample's own values. Real item answers are
correlated and real accuracy differs between conditions, so this is a teaching model only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from npcourse import validate
from npcourse.models import screening

__all__ = [
    "SYNTHETIC_LABEL", "DEFAULT_SEED", "MAX_PEOPLE", "binomial_tail", "item_probabilities",
    "dn4_cohort", "is_synthetic"
]

SYNTHETIC_LABEL = "SYNTHETIC cohort (computer-generated, not real people)"
DEFAULT_SEED = 2024
MAX_PEOPLE = 100_000


def binomial_tail(n: int, p: float, k: int) -> float:
    """P[Binomial(n, p) ≥ k]."""
    n = int(validate.number("n", n, minimum=0, maximum=MAX_PEOPLE, integer=True))
    p = validate.number("p", p, minimum=0, maximum=1)
    k = int(validate.number("k", k, minimum=0, maximum=MAX_PEOPLE, integer=True))
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


def _solve(target: float, n: int, k: int) -> float:
    """The p at which P[Binomial(n, p) ≥ k] equals ``target`` (bisection; the tail rises with p)."""
    lo, hi = 0.0, 1.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if binomial_tail(n, mid, k) < target else (lo, mid)
    return (lo + hi) / 2


def item_probabilities(tool_id: str = screening.DN4) -> tuple[float, float]:
    """(p_with, p_without) matching the tool's published sensitivity and specificity at its cut-off.

    Needs one point per item and a '>=' rule, as for the DN4.
    """
    t = screening.scorable(tool_id)
    if any(i["points"] != 1 for i in t["items"]) or t["cutoff_rule"] != ">=":
        raise ValueError(f"tool_id {tool_id!r}: the binomial model needs 1 point per item and a '>=' cut-off")
    n, k = len(t["items"]), int(t["cutoff"])
    return _solve(t["sensitivity"], n, k), _solve(1 - t["specificity"], n, k)


def dn4_cohort(n_with: int = 200, n_without: int = 200, seed: int = DEFAULT_SEED, *,
               p_with: float | None = None, p_without: float | None = None) -> pd.DataFrame:
    """A reproducible SYNTHETIC cohort: one row per person.

    Columns: ``person`` (SYN-0001 ...), ``synthetic`` (always True), ``neuropathic`` (the
    reference standard), one True/False column per DN4 item (ids from screening_tools.yml),
    and ``dn4_total``. ``df.attrs['synthetic']`` is True and ``df.attrs['title']`` says
    SYNTHETIC. The same arguments always give the same cohort.
    """
    n_with = int(validate.number("n_with", n_with, minimum=1, maximum=MAX_PEOPLE, integer=True))
    n_without = int(validate.number("n_without", n_without, minimum=1, maximum=MAX_PEOPLE,
                                    integer=True))
    seed = int(validate.number("seed", seed, minimum=0, maximum=2**32 - 1, integer=True))
    default_with, default_without = item_probabilities()
    p_with = default_with if p_with is None else validate.number(
        "p_with", p_with, minimum=0, maximum=1)
    p_without = default_without if p_without is None else validate.number(
        "p_without", p_without, minimum=0, maximum=1)

    ids = screening.item_ids(screening.DN4)
    rng = np.random.default_rng(seed)
    status = np.array([True] * n_with + [False] * n_without)
    p = np.where(status, p_with, p_without)[:, None]
    answers = rng.random((status.size, len(ids))) < p
    order = rng.permutation(status.size)
    status, answers = status[order], answers[order]

    n = status.size
    df = pd.DataFrame({"person": [f"SYN-{i:04d}" for i in range(1, n + 1)],
                       "synthetic": np.ones(n, dtype=bool),
                       "neuropathic": status})
    for j, item in enumerate(ids):
        df[item] = answers[:, j]
    df["dn4_total"] = answers.sum(axis=1).astype(int)
    df.attrs.update({
        "synthetic": True,
        "seed": seed,
        "p_with": p_with,
        "p_without": p_without,
        "title": (f"{SYNTHETIC_LABEL}: {n_with} with and {n_without} without neuropathic pain, "
                  f"seed {seed}"),
    })
    return df


def is_synthetic(df) -> bool:
    """True for a frame made by :func:`dn4_cohort` (its marker column or attribute)."""
    return isinstance(df, pd.DataFrame) and (
        bool(df.attrs.get("synthetic")) or ("synthetic" in df and bool(df["synthetic"].all())))
