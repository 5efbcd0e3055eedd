"""Why people "improve" with no treatment: regression to the mean, natural history and
placebo response in SIMULATED pain studies (chapter 8, provenance/08-notes.md, section 1).

The model. Person *i* has a usual (long-run) pain level ``m_i ~ Normal(mean, between_sd)``
on a 0–10 numerical rating scale. A score on any one day is ``m_i + e`` with independent
day-to-day noise ``e ~ Normal(0, within_sd)``. People are screened once and enrolled only if
their screening score reaches ``threshold``; they are measured again at follow-up with fresh
noise. Nothing else happens unless asked for, yet the enrolled group's mean falls, because
screening picked people whose noise happened to be high that day.

Closed form (Barnett, van der Pols & Dobson 2005, ``barnett2005regression``, equation 1, one
baseline measurement): with ``sigma² = between_sd² + within_sd²``, the test–retest
correlation ``rho = between_sd² / sigma²``, ``z = (threshold − mean) / sigma`` and
``C(z) = φ(z) / (1 − Φ(z))``, the enrolled group's mean is expected to fall by
``sigma · (1 − rho) · C(z)``. For a group whose baseline mean is known the same model gives the
expected follow-up mean ``mean + rho · (baseline − mean)`` (:func:`expected_followup`).

Optional additions, all as *reductions* in pain (positive = less pain) at follow-up:
``natural_change`` for everyone (natural history), ``placebo_response`` for everyone who
receives a treatment or a placebo, and ``effect``, the specific effect of the treatment.

Every number here is synthetic: the default population (mean 5.0, between-person SD 1.2,
day-to-day SD 1.5) is the chapter's illustration, not data from a study. Simulations are
seeded (same seed, same result) and vectorised with numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from npcourse import validate

__all__ = [
    "POPULATION_MEAN", "BETWEEN_SD", "WITHIN_SD", "THRESHOLD", "SCALE", "DEFAULT_SEED", "MAX_PEOPLE",
    "MAX_TRIALS", "SYNTHETIC_LABEL", "TREATED", "CONTROL", "CONTROL_KINDS", "test_retest_correlation",
    "expected_followup", "Expected", "expected_regression", "screen", "enrolled_from_uniforms",
    "simulate_trial", "summarise", "t_critical", "simulate_trials"
]

# The chapter's illustrative population (provenance/08-notes.md, section 1).
POPULATION_MEAN = 5.0
BETWEEN_SD = 1.2
WITHIN_SD = 1.5
THRESHOLD = 7.0
SCALE = (0.0, 10.0)
DEFAULT_SEED = 2024
MAX_PEOPLE = 1_000_000
MAX_TRIALS = 10_000
SYNTHETIC_LABEL = "SYNTHETIC study (computer-generated, not real people)"
TREATED, CONTROL = "treatment", "control"
CONTROL_KINDS = ("placebo", "no-treatment")

_STD = NormalDist()
_inv_cdf = np.vectorize(_STD.inv_cdf, otypes=[float])


# --- argument checks -----------------------------------------------------------------------

def _score(name: str, value) -> float:
    return validate.number(name, value, minimum=SCALE[0], maximum=SCALE[1])


def _sd(name: str, value, *, allow_zero: bool = False) -> float:
    if allow_zero:
        return validate.number(name, value, minimum=0)
    return validate.number(name, value, minimum=0, exclusive_minimum=True)


def _count(name: str, value, minimum: int, maximum: int) -> int:
    return int(validate.number(name, value, minimum=minimum, maximum=maximum, integer=True))


def _change(name: str, value) -> float:
    return validate.number(name, value, minimum=-SCALE[1], maximum=SCALE[1])


def _seed(value) -> int:
    return int(validate.number("seed", value, minimum=0, integer=True))


def _population(mean, between_sd, within_sd) -> tuple[float, float, float]:
    return (_score("mean", mean), _sd("between_sd", between_sd), _sd("within_sd", within_sd))


# --- closed forms --------------------------------------------------------------------------

def test_retest_correlation(between_sd: float = BETWEEN_SD, within_sd: float = WITHIN_SD) -> float:
    """Correlation between two days' scores of the same people: tau² / (tau² + sigma_w²)."""
    tau = _sd("between_sd", between_sd)
    sw = _sd("within_sd", within_sd, allow_zero=True)
    return tau**2 / (tau**2 + sw**2)


def expected_followup(mean: float, rho: float, baseline: float) -> float:
    """Expected follow-up mean of a group with no real change: mean + rho · (baseline − mean).

    ``mean`` is the population's long-run mean, ``rho`` the test–retest correlation and
    ``baseline`` the group's mean at selection (all on the 0–10 scale).
    """
    mu = _score("mean", mean)
    r = validate.number("rho", rho, minimum=0, maximum=1)
    b = _score("baseline", baseline)
    return mu + r * (b - mu)


@dataclass(frozen=True)
class Expected:
    """What the closed form predicts for people enrolled at or above a threshold."""

    threshold: float
    rho: float
    fraction_enrolled: float
    baseline_mean: float
    followup_mean: float

    @property
    def drop(self) -> float:
        """Expected fall in the enrolled group's mean (baseline − follow-up), in points."""
        return self.baseline_mean - self.followup_mean


def expected_regression(threshold: float = THRESHOLD, within_sd: float = WITHIN_SD, *,
                        mean: float = POPULATION_MEAN, between_sd: float = BETWEEN_SD) -> Expected:
    """Barnett et al. (2005), equation 1: the enrolled group's expected means (clipping ignored)."""
    c = _score("threshold", threshold)
    mu, tau, sw = _population(mean, between_sd, within_sd)
    sigma = math.hypot(tau, sw)
    rho = tau**2 / sigma**2
    z = (c - mu) / sigma
    tail = 1 - _STD.cdf(z)
    if tail < 1e-12:
        raise ValueError(f"threshold {c:g} is so far above the mean that almost nobody would be enrolled")
    ratio = _STD.pdf(z) / tail  # C(z), the inverse Mills ratio
    return Expected(threshold=c, rho=rho, fraction_enrolled=tail,
                    baseline_mean=mu + sigma * ratio, followup_mean=mu + rho * sigma * ratio)


# --- simulation ----------------------------------------------------------------------------

def _rng(seed) -> np.random.Generator:
    return np.random.default_rng(_seed(seed))


def _clip(x: np.ndarray, clip: bool) -> np.ndarray:
    return np.clip(x, *SCALE) if clip else x


def _frame(df: pd.DataFrame, title: str) -> pd.DataFrame:
    df.attrs.update({"synthetic": True, "title": f"{SYNTHETIC_LABEL}: {title}"})
    return df


def screen(n_screened: int = 2000, threshold: float = THRESHOLD, within_sd: float = WITHIN_SD, *,
           mean: float = POPULATION_MEAN, between_sd: float = BETWEEN_SD,
           natural_change: float = 0.0, seed: int = DEFAULT_SEED, clip: bool = True) -> pd.DataFrame:
    """Screen ``n_screened`` people once, enrol those at or above ``threshold``, measure everyone again.

    Nobody is treated. Returns one row per person: ``person``, ``usual`` (long-run level),
    ``screening`` and ``followup`` scores, ``enrolled`` (screening ≥ threshold) and
    ``synthetic``. Scores are clipped to 0–10 as on a real rating scale unless ``clip=False``;
    enrolment uses the unclipped screening score (the same thing for thresholds ≤ 10).
    """
    n = _count("n_screened", n_screened, 2, MAX_PEOPLE)
    c = _score("threshold", threshold)
    mu, tau, sw = _population(mean, between_sd, within_sd)
    drift = _change("natural_change", natural_change)
    rng = _rng(seed)
    usual = rng.normal(mu, tau, n)
    y0 = usual + rng.normal(0, sw, n)
    y1 = usual + rng.normal(0, sw, n) - drift
    df = pd.DataFrame({
        "person": [f"SYN-{i + 1:05d}" for i in range(n)],
        "usual": usual, "screening": _clip(y0, clip), "followup": _clip(y1, clip),
        "enrolled": y0 >= c, "synthetic": True,
    })
    return _frame(df, f"{n} people screened, enrolled if screening score ≥ {c:g}, seed {seed}")


def enrolled_from_uniforms(u_screen, u_usual, u_followup, threshold: float = THRESHOLD,
                           within_sd: float = WITHIN_SD, *, mean: float = POPULATION_MEAN,
                           between_sd: float = BETWEEN_SD) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Enrolled people drawn directly (no rejection): (screening, usual, follow-up) arrays.

    Each triple of uniforms in (0, 1) gives one person whose screening score reached the
    threshold: the screening score from the upper tail of Normal(mean, sigma) above the
    threshold, the usual level from its conditional distribution given that score, and a
    fresh day's noise at follow-up. The chart computes exactly these formulas in Vega (see
    ``figures.ch08``), so every slider setting shows the same number of enrolled people.
    """
    c = _score("threshold", threshold)
    mu, tau, sw = _population(mean, between_sd, within_sd)
    u = []
    for name, x in (("u_screen", u_screen), ("u_usual", u_usual), ("u_followup", u_followup)):
        try:
            u.append(np.asarray(x, dtype=float))
        except (TypeError, ValueError, OverflowError):
            raise TypeError(f"{name} must be a 1-D array of numbers strictly between 0 and 1, "
                            f"got {type(x).__name__}") from None
    for name, arr in zip(("u_screen", "u_usual", "u_followup"), u, strict=True):
        if arr.ndim != 1 or not np.all((arr > 0) & (arr < 1)):
            raise ValueError(f"{name} must be a 1-D array of numbers strictly between 0 and 1")
    if not len(u[0]) == len(u[1]) == len(u[2]):
        raise ValueError("u_screen, u_usual and u_followup must have the same length")
    sigma = math.hypot(tau, sw)
    rho = tau**2 / sigma**2
    tail = _STD.cdf(-(c - mu) / sigma)  # P(screening ≥ threshold)
    if tail < 1e-12:
        raise ValueError(f"threshold {c:g} is so far above the mean that almost nobody would be enrolled")
    y0 = mu - sigma * _inv_cdf(u[0] * tail)
    usual = mu + rho * (y0 - mu) + tau * sw / sigma * _inv_cdf(u[1])
    y1 = usual + sw * _inv_cdf(u[2])
    return y0, usual, y1


def simulate_trial(n_per_arm: int = 100, threshold: float = THRESHOLD, within_sd: float = WITHIN_SD, *,
                   effect: float = 0.0, placebo_response: float = 0.0, natural_change: float = 0.0,
                   control: str = "placebo", mean: float = POPULATION_MEAN,
                   between_sd: float = BETWEEN_SD, seed: int = DEFAULT_SEED,
                   clip: bool = True) -> pd.DataFrame:
    """A randomised two-arm study of people enrolled at or above ``threshold``.

    Every enrolled person is allocated at random, ``n_per_arm`` to each arm. At follow-up
    pain is lower by ``natural_change`` for everyone, by ``placebo_response`` for everyone
    who receives something (the treatment arm, and the control arm when ``control`` is
    ``'placebo'``), and by ``effect`` in the treatment arm only. Returns one row per person:
    ``person``, ``arm`` ('treatment'/'control'), ``screening``, ``followup``, ``change``
    (follow-up − screening; negative = less pain) and ``synthetic``.
    """
    n = _count("n_per_arm", n_per_arm, 2, MAX_PEOPLE // 2)
    eff = _change("effect", effect)
    plc = _change("placebo_response", placebo_response)
    drift = _change("natural_change", natural_change)
    validate.choice("control", control, CONTROL_KINDS)
    rng = _rng(seed)
    uniforms = np.clip(rng.random((3, 2 * n)), 1e-12, 1 - 1e-12)  # strictly inside (0, 1)
    y0, _, y1 = enrolled_from_uniforms(*uniforms, threshold, within_sd, mean=mean, between_sd=between_sd)
    arm = np.array([TREATED] * n + [CONTROL] * n)
    rng.shuffle(arm)  # random allocation, exactly n per arm
    received = np.where(arm == TREATED, plc + eff, plc if control == "placebo" else 0.0)
    y1 = y1 - drift - received
    y0c, y1c = _clip(y0, clip), _clip(y1, clip)
    df = pd.DataFrame({
        "person": [f"SYN-{i + 1:05d}" for i in range(2 * n)], "arm": arm,
        "screening": y0c, "followup": y1c, "change": y1c - y0c, "synthetic": True,
    })
    return _frame(df, f"randomised study, {n} per arm, {control} control, seed {seed}")


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    """Per arm (or per enrolled group): n, mean screening, mean follow-up and mean change."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    missing = {"screening", "followup"} - set(df.columns)
    if missing:
        raise ValueError(f"df is missing column(s) {', '.join(sorted(missing))}")
    if "enrolled" in df.columns:
        df = df[df["enrolled"]].assign(arm="enrolled")
    if "arm" not in df.columns:
        df = df.assign(arm="all")
    out = df.groupby("arm", sort=True).agg(n=("screening", "size"), screening=("screening", "mean"),
                                           followup=("followup", "mean"))
    out["change"] = out["followup"] - out["screening"]
    return out


# --- many small parallel-group trials (the live placebo-trial demonstration) ----------------

def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz), for x < (a+1)/(a+b+2)."""
    tiny = 1e-300

    def guard(v: float) -> float:
        return tiny if abs(v) < tiny else v

    c, d = 1.0, 1.0 / guard(1.0 - (a + b) * x / (a + 1.0))
    f = d
    for m in range(1, 1000):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 / guard(1.0 + num * d)
            c = guard(1.0 + num / c)
            f *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return f


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b), accurate in the far tail (small results stay exact)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - _betainc(b, a, 1.0 - x)
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    return math.exp(log_front) * _beta_fraction(a, b, x) / a


def _t_two_sided_tail(t: float, df: float) -> float:
    """P(|T| > t) for Student's t with ``df`` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2)."""
    return _betainc(df / 2.0, 0.5, df / (df + t * t))


# Below this the answer is dominated by rounding in double precision: refused, not guessed.
ALPHA_FLOOR = 1e-12


def t_critical(df: float, alpha: float = 0.05) -> float:
    """The two-sided critical value of Student's t with ``df`` degrees of freedom.

    Solves P(|T| > t) = alpha, the tail written as a regularised incomplete beta function
    (continued fraction; no scipy needed), by bisection on log t: relative error below 1e-9
    from alpha = 0.5 down to 1e-12, including the heavy tails at 1-2 degrees of freedom
    (df 1: cot(pi alpha / 2); df 2: (1 - alpha) / sqrt(alpha (1 - alpha / 2))).
    """
    d = validate.number("df", df, minimum=1)
    a = validate.number("alpha", alpha, minimum=0, maximum=1, exclusive_minimum=True)
    if a >= 1:
        raise ValueError(f"alpha must be less than 1, got {a:g}")
    if a < ALPHA_FLOOR:
        raise ValueError(f"alpha must be at least {ALPHA_FLOOR:g} (smaller tails are beyond double "
                         f"precision), got {a:g}")
    lo, hi = math.log(1e-12), 0.0
    while _t_two_sided_tail(math.exp(hi), d) > a:
        hi += 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _t_two_sided_tail(math.exp(mid), d) > a else (lo, mid)
        if hi - lo < 1e-12:
            break
    return math.exp((lo + hi) / 2)


def simulate_trials(n_per_arm: int = 20, *, effect: float = 0.5, placebo_response: float = 1.5,
                    sd_change: float = 2.0, n_trials: int = 200, alpha: float = 0.05,
                    seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """``n_trials`` placebo-controlled trials; one row per trial.

    In each trial every participant's improvement (points of pain relief, positive = better)
    is Normal(placebo_response, sd_change) on placebo and Normal(placebo_response + effect,
    sd_change) on the treatment. Columns: ``placebo_improvement`` and
    ``treatment_improvement`` (arm means), ``difference`` (treatment − placebo, the estimate
    of the specific effect), ``t`` (pooled two-sample t statistic) and ``significant``
    (two-sided p < alpha).
    """
    n = _count("n_per_arm", n_per_arm, 2, 100_000)
    trials = _count("n_trials", n_trials, 1, MAX_TRIALS)
    eff = _change("effect", effect)
    plc = _change("placebo_response", placebo_response)
    sd = _sd("sd_change", sd_change)
    if n * trials > 5_000_000:
        raise ValueError(f"n_per_arm × n_trials must be at most 5,000,000, got {n * trials:,}")
    rng = _rng(seed)
    placebo = rng.normal(plc, sd, (trials, n))
    treated = rng.normal(plc + eff, sd, (trials, n))
    diff = treated.mean(axis=1) - placebo.mean(axis=1)
    pooled = np.sqrt((placebo.var(axis=1, ddof=1) + treated.var(axis=1, ddof=1)) / 2)
    t = diff / (pooled * math.sqrt(2 / n))
    crit = t_critical(2 * n - 2, alpha)
    df = pd.DataFrame({"trial": np.arange(1, trials + 1), "placebo_improvement": placebo.mean(axis=1),
                       "treatment_improvement": treated.mean(axis=1), "difference": diff, "t": t,
                       "significant": np.abs(t) > crit, "synthetic": True})
    return _frame(df, f"{trials} simulated trials, {n} per arm, seed {seed}")
