"""Responder analysis of two-arm trials (chapter 7): risk difference, relative risk and NNT.

- :func:`analyse` — from responder counts: both proportions, the risk difference (RD) and the
  NNT with 95% confidence intervals (both reused from :func:`npcourse.models.drugs.number_needed`, the
  chapter 4 calculation, so the course has one NNT formula), and the relative risk (RR) with
  its 95% CI on the log scale;
- :func:`counts_from_percent` — the whole number of responders that a rounded percentage of a
  known group size stands for (only when exactly one count fits);
- :func:`nnt_with_bias` — the NNT if part of the treatment arm's responder proportion came from
  expectation rather than the treatment (the open-label problem);
- :func:`trials_table` — the key trials of ``trials.yml`` with their differences and NNTs and
  two derived labels: short blinding (:func:`blinding_label`) and comparator kind
  (:func:`comparator_kind`).

Confidence intervals: Newcombe's hybrid score interval for the RD (it stays within −1 to 1, also
with small groups or 0 % / 100 % responders) and the log method for the RR (only approximate with
small groups or very low proportions). For learning only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from npcourse import validate
from npcourse.facts import data
from npcourse.models import drugs
from npcourse.ui import sources as sources_in_words

__all__ = [
    "Z95", "BLINDING_LABELS", "COMPARATOR_KINDS", "RISK_OF_BIAS", "TRIAL_COLUMNS", "ResponderAnalysis",
    "analyse", "counts_from_percent", "nnt_with_bias", "blinding_label", "comparator_kind", "trials",
    "trial", "trial_nnt", "trials_table"
]

Z95 = drugs.Z95
BLINDING_LABELS = ("open-label", "double-blind", "not reported")
COMPARATOR_KINDS = ("active device", "usual care or control")
RISK_OF_BIAS = ("low", "some-concerns", "high")  # order used for sorting (schemas.TRIALS)
TRIAL_COLUMNS = ["id", "name", "intervention", "comparator", "comparator_kind", "population", "n",
                 "outcome", "p_treatment", "p_control", "difference", "nnt", "blinding",
                 "blinding_label", "funding", "risk_of_bias", "note", "sources"]


@dataclass(frozen=True)
class ResponderAnalysis:
    """Everything a responder analysis of one two-arm trial reports.

    ``nnt`` is ``None`` when the treatment arm did not do better (no number needed to treat);
    ``nnt_low``/``nnt_high`` are ``None`` when the RD interval includes 0 (the NNT interval is
    then unbounded). ``relative_risk`` and its limits are ``None`` when either arm has no
    responders (the log-scale interval needs at least one in each).
    """

    responders_treatment: int
    n_treatment: int
    responders_control: int
    n_control: int
    p_treatment: float
    p_control: float
    risk_difference: float
    rd_low: float
    rd_high: float
    relative_risk: float | None
    rr_low: float | None
    rr_high: float | None
    nnt: float | None
    nnt_low: float | None
    nnt_high: float | None

    def summary(self) -> str:
        """One line in words, e.g. for a table or a printout."""
        rd = (f"RD {self.risk_difference:.3f} (95% CI {self.rd_low:.3f} to {self.rd_high:.3f})")
        rr = ("RR not estimable (an arm has no responders)" if self.relative_risk is None else
              f"RR {self.relative_risk:.2f} ({self.rr_low:.2f} to {self.rr_high:.2f})")
        if self.nnt is None:
            nnt = "no NNT: the treatment arm did not do better"
        elif self.nnt_low is None:
            nnt = f"NNT {self.nnt:.1f} (CI unbounded: the RD interval includes 0)"
        else:
            nnt = f"NNT {self.nnt:.1f} ({self.nnt_low:.1f} to {self.nnt_high:.1f})"
        return (f"{self.responders_treatment}/{self.n_treatment} vs "
                f"{self.responders_control}/{self.n_control}: {rd}; {rr}; {nnt}")


def _arm(events_name: str, events, size_name: str, size) -> tuple[int, int]:
    n = validate.number(size_name, size, minimum=0, exclusive_minimum=True, integer=True)
    k = validate.number(events_name, events, minimum=0, integer=True)
    if k > n:
        raise ValueError(f"{events_name} must be at most {size_name} ({n:g}), got {k:g}")
    return int(k), int(n)


def _relative_risk(a: int, n1: int, c: int, n0: int) -> tuple[float | None, float | None, float | None]:
    if a == 0 or c == 0:
        return None, None, None
    rr = (a / n1) / (c / n0)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0)
    return rr, rr * math.exp(-Z95 * se), rr * math.exp(Z95 * se)


def analyse(responders_treatment, n_treatment, responders_control, n_control) -> ResponderAnalysis:
    """Responder analysis of a two-arm trial from whole-number counts.

    RD = p_treatment − p_control and NNT = 1 / RD with 95% CIs from
    :func:`npcourse.models.drugs.number_needed` (Newcombe's hybrid score interval of the RD; NNT limits are its inverted
    limits). If the treatment arm did worse, the RD and its CI are reported and the NNT is
    ``None``. Equal proportions raise ``ValueError`` (no difference: the NNT is infinite).
    """
    a, n1 = _arm("responders_treatment", responders_treatment, "n_treatment", n_treatment)
    c, n0 = _arm("responders_control", responders_control, "n_control", n_control)
    p1, p0 = a / n1, c / n0
    if p1 == p0:
        raise ValueError(f"responders_treatment / n_treatment equals responders_control / n_control "
                         f"({p1:.3g}): no difference, so the NNT is infinite")
    if p1 > p0:
        nn = drugs.number_needed(a, n1, c, n0)
        rd, low, high = nn.difference, nn.difference_low, nn.difference_high
        nnt, nnt_low, nnt_high = nn.estimate, nn.ci_low, nn.ci_high
    else:
        # The same interval with the arms exchanged, mirrored back to treatment − control.
        nn = drugs.number_needed(c, n0, a, n1)
        rd, low, high = -nn.difference, -nn.difference_high, -nn.difference_low
        nnt = nnt_low = nnt_high = None
    rr, rr_low, rr_high = _relative_risk(a, n1, c, n0)
    return ResponderAnalysis(a, n1, c, n0, p1, p0, rd, low, high, rr, rr_low, rr_high,
                             nnt, nnt_low, nnt_high)


def counts_from_percent(percent, n, *, decimals: int = 0) -> int:
    """The number of responders k out of ``n`` whose percentage rounds to ``percent``.

    Trials often report "59%" of a group of known size; this recovers the count only when
    exactly one whole number fits (``decimals`` = decimal places of the reported percentage).
    Raises ``ValueError`` when no count or more than one count fits.
    """
    pct = validate.number("percent", percent, minimum=0, maximum=100)
    size = int(validate.number("n", n, minimum=0, exclusive_minimum=True, integer=True))
    places = int(validate.number("decimals", decimals, minimum=0, maximum=3, integer=True))
    half = 0.5 * 10 ** -places + 1e-9
    fits = [k for k in range(size + 1) if abs(100 * k / size - pct) <= half]
    if len(fits) != 1:
        found = "no whole number" if not fits else f"{len(fits)} counts ({', '.join(map(str, fits))})"
        raise ValueError(f"percent {pct:g} of n = {size}: {found} fit(s); the count cannot be "
                         "recovered from the percentage alone")
    return fits[0]


def nnt_with_bias(p_treatment, p_control, bias) -> float:
    """NNT if ``bias`` (a proportion) of the treatment arm's responders came from expectation.

    NNT = 1 / ((p_treatment − bias) − p_control). Raises ``ValueError`` when no benefit would
    remain (the difference is 0 or less).
    """
    p1 = validate.number("p_treatment", p_treatment, minimum=0, maximum=1)
    p0 = validate.number("p_control", p_control, minimum=0, maximum=1)
    b = validate.number("bias", bias, minimum=0, maximum=1)
    if p1 - b <= p0:
        raise ValueError(f"bias {b:g} removes the whole difference ({p1:g} − {p0:g}): no benefit "
                         "would remain, so the NNT is not defined")
    return drugs.nnt_from_proportions(p1 - b, p0)


# --- the key trials of trials.yml ----------------------------------------------------------

def blinding_label(blinding: str) -> str:
    """'open-label', 'double-blind' or 'not reported' from a trial's ``blinding`` text."""
    if not isinstance(blinding, str):
        raise TypeError(f"blinding must be a string, got {type(blinding).__name__}")
    text = blinding.strip().lower()
    for label in BLINDING_LABELS[:2]:
        if text.startswith(label):
            return label
    return "not reported"


def comparator_kind(comparator: str) -> str:
    """'active device' when the comparator is another stimulator, else 'usual care or control'."""
    if not isinstance(comparator, str):
        raise TypeError(f"comparator must be a string, got {type(comparator).__name__}")
    return COMPARATOR_KINDS[0] if "stimulation" in comparator.lower() else COMPARATOR_KINDS[1]


def trials() -> list[dict]:
    """The records of ``trials.yml`` in file order."""
    return data.records("trials", "trials")


def trial(trial_id: str) -> dict:
    """One record of ``trials.yml``; an unknown id raises ``ValueError`` listing the ids."""
    by_id = data.by_id("trials", "trials")
    validate.choice("trial_id", trial_id, by_id)
    return by_id[trial_id]


def trial_nnt(trial_id: str) -> float:
    """NNT = 1 / (intervention_value − comparator_value) of a trial in ``trials.yml``."""
    t = trial(trial_id)
    if t["intervention_value"] is None or t["comparator_value"] is None:
        raise ValueError(f"trial_id {trial_id!r} has no responder values in trials.yml (not read)")
    return drugs.nnt_from_proportions(t["intervention_value"], t["comparator_value"])


def trials_table() -> pd.DataFrame:
    """One row per trial (``TRIAL_COLUMNS``), sorted by risk of bias (low → high), then by n.

    ``difference`` and ``nnt`` are NaN for a trial whose results were not read.
    """
    rows = []
    for t in trials():
        p1, p0 = t["intervention_value"], t["comparator_value"]
        have = p1 is not None and p0 is not None
        diff = p1 - p0 if have else math.nan
        rows.append({
            **{k: t[k] for k in ("id", "name", "intervention", "comparator", "population", "n",
                                 "outcome", "blinding", "funding", "risk_of_bias", "note")},
            "comparator_kind": comparator_kind(t["comparator"]),
            "p_treatment": math.nan if p1 is None else float(p1),
            "p_control": math.nan if p0 is None else float(p0),
            "difference": diff,
            "nnt": 1 / diff if have and diff > 0 else math.nan,
            "blinding_label": blinding_label(t["blinding"]),
            "sources": sources_in_words.labels(t["sources"]),
        })
    df = pd.DataFrame(rows, columns=TRIAL_COLUMNS)
    df["_rob"] = df["risk_of_bias"].map(RISK_OF_BIAS.index)
    return df.sort_values(["_rob", "n"], kind="stable").drop(columns="_rob").reset_index(drop=True)
