"""SYNTHETIC pain diaries and a SYNTHETIC cohort for chapter 9. Nobody in them is real.

**Diaries.** Each fictional patient keeps a daily 0-10 NRS diary: one week before treatment
(days 1-7, the baseline week) and eight weeks after it starts (days 8-63). The expected score is
the patient's usual level ``b`` during the baseline week and afterwards falls towards
``b × (1 − relief)`` as ``b × (1 − relief × (1 − exp(−(day − 7) / tau)))`` (a negative relief
means pain got worse). The recorded score adds day-to-day noise (normal, SD ``sd``) and is
rounded to a whole number between 0 and 10, as a person filling in a diary would. The profiles
are chosen to show the situations of the chapter (a large, a moderate and no response, a high
and a low baseline, a worsening), not to estimate how often they happen.

**Cohort.** People with a baseline mean and a follow-up mean (one decimal) and a PGIC answer.
Relief is drawn from a two-part mixture (some people respond well, most little), because
individual pain relief in trials tends to be either good or poor rather than average
(Moore et al. 2013). Two boundary cases are planted: one with exactly a 30 % and one with
exactly a 50 % reduction, so that "at least" and "more than" give different counts. The PGIC
answer comes from the person's own percentage reduction plus noise (SD 20 percentage points)
cut at -50, -30, -10, 10, 30 and 50 %: a teaching model of an imperfect anchor, not data.

Same seed, same data. Frames carry ``synthetic`` (a column and ``attrs``) and a SYNTHETIC title.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from npcourse import validate
from npcourse.models import outcomes, synthetic

__all__ = [
    "SYNTHETIC_LABEL", "DEFAULT_SEED", "BASELINE_DAYS", "WEEKS", "DAYS", "PATIENTS", "PGIC_CUTS",
    "PGIC_NOISE_SD", "COHORT_MIN", "COHORT_MAX", "patient_ids", "story", "expected_score", "week_of",
    "diary", "all_diaries", "weekly_summary", "pgic_from_reduction", "cohort"
]

SYNTHETIC_LABEL = synthetic.SYNTHETIC_LABEL
DEFAULT_SEED = synthetic.DEFAULT_SEED
BASELINE_DAYS = 7
WEEKS = 8
DAYS = BASELINE_DAYS + 7 * WEEKS

# id: story, usual level b, relief (fraction of b lost at full effect), tau (days), noise SD.
PATIENTS = {
    "ana": ("Ana (fictional), 61, painful diabetic neuropathy, starts a first-line medicine",
            7.0, 0.60, 10.0, 0.8),
    "ben": ("Ben (fictional), 45, pain after a nerve injury at surgery, starts a first-line "
            "medicine and graded activity", 6.0, 0.38, 12.0, 0.9),
    "chen": ("Chen (fictional), 70, postherpetic neuralgia, starts a topical treatment",
             7.0, 0.04, 10.0, 1.1),
    "dora": ("Dora (fictional), 55, painful polyneuropathy with a high baseline",
             9.0, 0.27, 10.0, 0.6),
    "eli": ("Eli (fictional), 38, nerve-root pain with a low baseline", 3.0, 0.45, 10.0, 0.5),
    "femi": ("Femi (fictional), 66, central post-stroke pain that worsened", 5.0, -0.30, 14.0, 0.8),
}

# PGIC cut points (percentage reduction + noise), best category first.
PGIC_CUTS = (50, 30, 10, -10, -30, -50)
PGIC_NOISE_SD = 20.0
COHORT_MIN, COHORT_MAX = 2, 500


def patient_ids() -> list[str]:
    return list(PATIENTS)


def story(patient_id: str) -> str:
    validate.choice("patient_id", patient_id, PATIENTS)
    return PATIENTS[patient_id][0]


def expected_score(day, patient_id: str) -> float:
    """The noise-free diary level on ``day`` (1-63) for a patient."""
    validate.choice("patient_id", patient_id, PATIENTS)
    d = validate.number("day", day, minimum=1, maximum=DAYS)
    _, b, relief, tau, _ = PATIENTS[patient_id]
    if d <= BASELINE_DAYS:
        return b
    return b * (1 - relief * (1 - math.exp(-(d - BASELINE_DAYS) / tau)))


def week_of(day: int) -> int:
    """0 for the baseline week (days 1-7), then 1-8."""
    day = int(validate.number("day", day, minimum=1, maximum=DAYS, integer=True))
    return 0 if day <= BASELINE_DAYS else (day - BASELINE_DAYS - 1) // 7 + 1


def _mark(df: pd.DataFrame, title: str, seed: int) -> pd.DataFrame:
    df["synthetic"] = True
    df.attrs.update({"synthetic": True, "seed": seed, "title": f"{SYNTHETIC_LABEL}: {title}, seed {seed}"})
    return df


def diary(patient_id: str, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One patient's 63-day diary: columns ``patient, day, week, score, synthetic``."""
    validate.choice("patient_id", patient_id, PATIENTS)
    seed = int(validate.number("seed", seed, minimum=0, maximum=2**32 - 1, integer=True))
    sd = PATIENTS[patient_id][4]
    # One stream per patient, so adding a patient does not change the others' diaries.
    rng = np.random.default_rng([seed, list(PATIENTS).index(patient_id)])
    days = np.arange(1, DAYS + 1)
    level = np.array([expected_score(int(d), patient_id) for d in days])
    scores = np.clip(np.rint(level + rng.normal(0, sd, days.size)), 0, 10).astype(int)
    df = pd.DataFrame({"patient": patient_id, "day": days,
                       "week": [week_of(int(d)) for d in days], "score": scores})
    return _mark(df, f"pain diary of {story(patient_id)}", seed)


def all_diaries(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Every patient's diary, stacked."""
    df = pd.concat([diary(p, seed) for p in PATIENTS], ignore_index=True)
    return _mark(df, "pain diaries of six fictional patients", seed)


def weekly_summary(diaries: pd.DataFrame) -> pd.DataFrame:
    """Per patient and week: mean score, baseline (week 0 mean), change, percent change and the
    IMMPACT benchmark, all from :mod:`npcourse.models.outcomes`."""
    if not isinstance(diaries, pd.DataFrame):
        raise TypeError(f"diaries must be a pandas DataFrame with columns patient, week and score, "
                        f"got {type(diaries).__name__}")
    missing = {"patient", "week", "score"} - set(diaries.columns)
    if missing:
        raise ValueError(f"diaries must have the columns patient, week and score; missing {sorted(missing)}")
    rows = []
    for pid, g in diaries.groupby("patient", sort=False):
        means = g.groupby("week")["score"].mean()
        if 0 not in means.index:
            raise ValueError(f"diaries has no week 0 (baseline) for patient {pid!r}")
        b = float(means.loc[0])
        for week, m in means.items():
            m = float(m)
            pct = None if b == 0 else outcomes.percent_change(b, m)
            rows.append({"patient": pid, "week": int(week), "mean": m, "baseline": b,
                         "change": m - b, "percent_change": pct,
                         "benchmark": None if b == 0 else outcomes.benchmark(b, m)})
    return pd.DataFrame(rows)


def pgic_from_reduction(value) -> str:
    """The PGIC category a (noisy) percentage reduction falls into under :data:`PGIC_CUTS`."""
    x = validate.number("value", value)
    for cut, category in zip(PGIC_CUTS, outcomes.pgic_categories(), strict=False):
        if x >= cut:
            return category
    return outcomes.pgic_categories()[-1]


def cohort(n: int = 40, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """A SYNTHETIC cohort: ``person, baseline, followup, pgic, synthetic`` (means to 0.1)."""
    n = int(validate.number("n", n, minimum=COHORT_MIN, maximum=COHORT_MAX, integer=True))
    seed = int(validate.number("seed", seed, minimum=0, maximum=2**32 - 1, integer=True))
    rng = np.random.default_rng([seed, 9])
    m = n - 2
    baseline = np.round(rng.uniform(4.0, 9.0, m), 1)
    good = rng.random(m) < 0.4
    relief = np.where(good, rng.uniform(0.40, 0.80, m), rng.normal(0.05, 0.12, m))
    followup = np.round(np.clip(baseline * (1 - relief) + rng.normal(0, 0.3, m), 0, 10), 1)
    # The planted boundary cases: exactly 30 % and exactly 50 % (exact in binary arithmetic).
    baseline = np.concatenate([[5.0, 8.0], baseline])
    followup = np.concatenate([[3.5, 4.0], followup])
    order = rng.permutation(n)
    baseline, followup = baseline[order], followup[order]
    noise = rng.normal(0, PGIC_NOISE_SD, n)
    pgic = [pgic_from_reduction(outcomes.percent_reduction(float(b), float(f)) + e)
            for b, f, e in zip(baseline, followup, noise, strict=True)]
    df = pd.DataFrame({"person": [f"SYN-C{i:02d}" for i in range(1, n + 1)],
                       "baseline": baseline, "followup": followup, "pgic": pgic})
    return _mark(df, f"cohort of {n} people with baseline and week-8 NRS means and a PGIC answer",
                 seed)
