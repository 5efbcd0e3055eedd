"""Screening questionnaires: score the DN4 and judge a screening test's accuracy.

- :func:`score` adds up yes/no answers to a tool's items (the DN4 and DN4-interview in
  ``screening_tools.yml``); :func:`interpret` compares a total with the published cut-off.
- :func:`accuracy` turns a 2 × 2 table (true/false positives and negatives) into sensitivity,
  specificity and the two predictive values; :func:`tabulate` builds that table from pairs of
  (test result, reference standard); :func:`roc_table` repeats it over every cut-off.

Items, points, cut-offs and published accuracy are read from ``screening_tools.yml``, never
typed here. A screening result is not a diagnosis (chapter 3).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "DN4", "DN4_INTERVIEW", "NOT_A_DIAGNOSIS", "tool", "scorable", "items", "item_ids", "cutoff",
    "is_positive", "rule_text", "check_answers", "score", "part_score", "Screen", "interpret",
    "accuracy_note", "cite", "Counts", "sensitivity", "specificity", "ppv", "npv", "Accuracy",
    "accuracy", "youden", "tabulate", "accuracy_from_pairs", "expected_counts", "roc_table",
    "best_cutoffs"
]

DN4 = "dn4"
DN4_INTERVIEW = "dn4-interview"
NOT_A_DIAGNOSIS = "A screening result, not a diagnosis."


# --- the tools ---------------------------------------------------------------------------

def tool(tool_id: str = DN4) -> dict:
    """The record of screening tool ``tool_id`` in ``screening_tools.yml``."""
    tools = data.by_id("screening_tools", "tools")
    validate.choice("tool_id", tool_id, tools)
    return tools[tool_id]


def scorable(tool_id: str = DN4) -> dict:
    """A tool that can be scored from yes/no answers: items with points, and a cut-off."""
    t = tool(tool_id)
    if not t["items"] or t["cutoff"] is None or any("points" not in i for i in t["items"]):
        raise ValueError(f"tool_id {tool_id!r} cannot be scored from yes/no answers: its items, "
                         "points or cut-off are not in screening_tools.yml")
    return t


def items(tool_id: str = DN4) -> list[dict]:
    """The tool's items in published order (each with ``id``, ``text``, ``part``, ``points``)."""
    return list(scorable(tool_id)["items"])


def item_ids(tool_id: str = DN4) -> list[str]:
    return [i["id"] for i in items(tool_id)]


def cutoff(tool_id: str = DN4) -> float:
    """The published cut-off (a total at or above it is a positive screen for ``>=`` rules)."""
    return scorable(tool_id)["cutoff"]


def is_positive(total: float, tool_id: str = DN4) -> bool:
    """Whether ``total`` is a positive screen under the tool's cut-off rule."""
    t = scorable(tool_id)
    total = validate.number("total", total, minimum=t.get("min_score", 0), maximum=t["max_score"])
    return total >= t["cutoff"] if t["cutoff_rule"] == ">=" else total > t["cutoff"]


def rule_text(tool_id: str = DN4) -> str:
    """The cut-off rule in words, e.g. '4 or more out of 10'."""
    t = scorable(tool_id)
    if t["cutoff_rule"] == ">=":
        return f"{t['cutoff']:g} or more out of {t['max_score']:g}"
    return f"more than {t['cutoff']:g} out of {t['max_score']:g}"


# --- scoring -----------------------------------------------------------------------------

def check_answers(answers, tool_id: str = DN4) -> dict[str, bool]:
    """Validate yes/no answers: one True/False per item, no unknown or missing items."""
    validate.mapping("answers", answers)
    ids = item_ids(tool_id)
    unknown = [k for k in answers if k not in ids]
    if unknown:
        raise ValueError(f"answers has unknown item(s) {', '.join(map(repr, unknown))} for "
                         f"{tool_id}; its items are {', '.join(map(repr, ids))}")
    missing = [k for k in ids if k not in answers]
    if missing:
        raise ValueError(f"answers is missing item(s) {', '.join(map(repr, missing))}: answer "
                         "every item True (yes) or False (no)")
    for k in ids:
        if not isinstance(answers[k], bool):
            raise TypeError(f"answers[{k!r}] must be True (yes) or False (no), got "
                            f"{type(answers[k]).__name__} {answers[k]!r}")
    return {k: answers[k] for k in ids}


def score(answers, tool_id: str = DN4) -> int:
    """The tool's total: the points of every item answered True (each DN4 yes scores 1)."""
    answers = check_answers(answers, tool_id)
    total = sum(i["points"] for i in items(tool_id) if answers[i["id"]])
    return int(total) if float(total).is_integer() else total


def part_score(answers, part: str, tool_id: str = DN4) -> int:
    """The points of the items of one ``part`` ('interview' or 'examination') answered True."""
    answers = check_answers(answers, tool_id)
    parts = sorted({i["part"] for i in items(tool_id)})
    validate.choice("part", part, parts)
    return int(sum(i["points"] for i in items(tool_id) if i["part"] == part and answers[i["id"]]))


@dataclass(frozen=True)
class Screen:
    """A scored questionnaire: the total, the cut-off and what it means."""

    tool_id: str
    total: float
    max_score: float
    cutoff: float
    positive: bool
    text: str

    def __str__(self) -> str:
        verdict = "positive screen" if self.positive else "negative screen"
        return (f"{self.tool_id.upper()} {self.total:g}/{self.max_score:g}: {verdict} "
                f"(cut-off {rule_text(self.tool_id)}). {self.text} {NOT_A_DIAGNOSIS}")


def interpret(total, tool_id: str = DN4) -> Screen:
    """Compare a total with the tool's published cut-off."""
    t = scorable(tool_id)
    total = validate.number("total", total, minimum=t.get("min_score", 0), maximum=t["max_score"],
                            integer=all(float(i["points"]).is_integer() for i in t["items"]))
    return Screen(tool_id, total, t["max_score"], t["cutoff"], is_positive(total, tool_id),
                  t["interpretation"])


def accuracy_note(tool_id: str = DN4) -> str:
    """The published accuracy at the cut-off, with the setting it was measured in."""
    t = scorable(tool_id)
    return (f"Published accuracy at {rule_text(tool_id)}: sensitivity {t['sensitivity']:.2f}, "
            f"specificity {t['specificity']:.2f} ({t['accuracy_setting']}; "
            f"{cite(t['accuracy_source'])}). Other settings found different figures.")


def cite(key: str) -> str:
    """A short author-year label from a BibTeX key such as 'spallone2012dn4' (Spallone 2012)."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a BibTeX key string, got {type(key).__name__}")
    m = re.match(r"([a-z]+?)(\d{4})", key)
    return f"{m.group(1).capitalize()} {m.group(2)}" if m else key


# --- diagnostic accuracy -----------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    """A 2 × 2 table: test result against the reference standard."""

    tp: float  # test positive, condition present
    fp: float  # test positive, condition absent
    fn: float  # test negative, condition present
    tn: float  # test negative, condition absent

    def __post_init__(self):
        for name in ("tp", "fp", "fn", "tn"):
            validate.number(name, getattr(self, name), minimum=0)

    @property
    def total(self) -> float:
        return self.tp + self.fp + self.fn + self.tn


def _ratio(name: str, num: float, den: float, why: str) -> float:
    if den == 0:
        raise ValueError(f"{name} is undefined: {why} (denominator 0)")
    return num / den


def sensitivity(tp, fn) -> float:
    """TP / (TP + FN): the proportion of people with the condition who test positive."""
    c = Counts(tp, 0, fn, 0)
    return _ratio("sensitivity", c.tp, c.tp + c.fn, "nobody has the condition (TP + FN = 0)")


def specificity(tn, fp) -> float:
    """TN / (TN + FP): the proportion of people without the condition who test negative."""
    c = Counts(0, fp, 0, tn)
    return _ratio("specificity", c.tn, c.tn + c.fp, "nobody is free of the condition (TN + FP = 0)")


def ppv(tp, fp) -> float:
    """TP / (TP + FP): among people who test positive, the proportion who have the condition."""
    c = Counts(tp, fp, 0, 0)
    return _ratio("ppv", c.tp, c.tp + c.fp, "nobody tested positive (TP + FP = 0)")


def npv(tn, fn) -> float:
    """TN / (TN + FN): among people who test negative, the proportion without the condition."""
    c = Counts(0, 0, fn, tn)
    return _ratio("npv", c.tn, c.tn + c.fn, "nobody tested negative (TN + FN = 0)")


@dataclass(frozen=True)
class Accuracy:
    sensitivity: float
    specificity: float
    ppv: float
    npv: float

    @property
    def youden(self) -> float:
        return youden(self.sensitivity, self.specificity)


def accuracy(tp, fp, fn, tn) -> Accuracy:
    """Sensitivity, specificity, PPV and NPV from the four counts (ValueError if one is undefined)."""
    c = Counts(tp, fp, fn, tn)
    return Accuracy(sensitivity(c.tp, c.fn), specificity(c.tn, c.fp), ppv(c.tp, c.fp), npv(c.tn, c.fn))


def youden(sens, spec) -> float:
    """Youden's J = sensitivity + specificity − 1 (0 = no better than chance, 1 = perfect)."""
    sens = validate.number("sensitivity", sens, minimum=0, maximum=1)
    spec = validate.number("specificity", spec, minimum=0, maximum=1)
    return sens + spec - 1


def _flags(name: str, values) -> list[bool]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of True/False values")
    out = []
    for i, v in enumerate(values):
        if hasattr(v, "item") and not isinstance(v, bool):  # numpy.bool_
            v = v.item()
        if not isinstance(v, bool):
            raise TypeError(f"{name}[{i}] must be True or False, got {type(v).__name__} {v!r}")
        out.append(v)
    return out


def tabulate(test_positive, condition_present) -> Counts:
    """The 2 × 2 table from paired results: test positive? and condition present (reference)?"""
    tests = _flags("test_positive", test_positive)
    refs = _flags("condition_present", condition_present)
    if len(tests) != len(refs):
        raise ValueError(f"test_positive has {len(tests)} values but condition_present has "
                         f"{len(refs)}: give one pair per person")
    if not tests:
        raise ValueError("test_positive is empty: give at least one person")
    tp = sum(t and r for t, r in zip(tests, refs, strict=True))
    fp = sum(t and not r for t, r in zip(tests, refs, strict=True))
    fn = sum(r and not t for t, r in zip(tests, refs, strict=True))
    return Counts(tp, fp, fn, len(tests) - tp - fp - fn)


def accuracy_from_pairs(pairs) -> Accuracy:
    """Accuracy from (test result, reference) pairs, e.g. ``[(True, True), (False, True), ...]``."""
    if isinstance(pairs, (str, bytes, dict)) or not hasattr(pairs, "__iter__"):
        raise TypeError(f"pairs must be a list of (test result, reference) tuples, got {type(pairs).__name__}")
    pairs = list(pairs)
    for i, p in enumerate(pairs):
        if not (isinstance(p, tuple) and len(p) == 2):
            raise TypeError(f"pairs[{i}] must be a (test result, reference) tuple, got {p!r}")
    c = tabulate([p[0] for p in pairs], [p[1] for p in pairs])
    return accuracy(c.tp, c.fp, c.fn, c.tn)


def expected_counts(n_with, n_without, sens, spec) -> Counts:
    """The 2 × 2 table expected when a test of known accuracy meets a group of known make-up."""
    n_with = validate.number("n_with", n_with, minimum=0)
    n_without = validate.number("n_without", n_without, minimum=0)
    sens = validate.number("sensitivity", sens, minimum=0, maximum=1)
    spec = validate.number("specificity", spec, minimum=0, maximum=1)
    tp, tn = sens * n_with, spec * n_without
    return Counts(tp, n_without - tn, n_with - tp, tn)


def _scores(totals, tool_id: str) -> list[float]:
    t = scorable(tool_id)
    if isinstance(totals, (str, bytes)) or not isinstance(totals, Iterable):
        raise TypeError("totals must be a sequence of scores")
    out = []
    for i, v in enumerate(totals):
        if hasattr(v, "item"):
            v = v.item()
        out.append(validate.number(f"totals[{i}]", v, minimum=t.get("min_score", 0),
                                   maximum=t["max_score"]))
    return out


def roc_table(totals, condition_present, tool_id: str = DN4, cutoffs=None) -> pd.DataFrame:
    """Counts and accuracy of "total ≥ cut-off" for each cut-off (default: every whole score
    from the lowest non-trivial one to the maximum, 1 to 10 for the DN4).

    PPV or NPV is NaN where nobody tests positive or negative; sensitivity and specificity need
    people both with and without the condition.
    """
    t = scorable(tool_id)
    scores = _scores(totals, tool_id)
    refs = _flags("condition_present", condition_present)
    if len(scores) != len(refs):
        raise ValueError(f"totals has {len(scores)} values but condition_present has {len(refs)}")
    if cutoffs is None:
        cutoffs = range(int(t.get("min_score", 0)) + 1, int(t["max_score"]) + 1)
    rows = []
    for c in cutoffs:
        c = validate.number("cutoff", c, minimum=t.get("min_score", 0), maximum=t["max_score"] + 1)
        k = tabulate([s >= c for s in scores], refs)
        rows.append({
            "cutoff": int(c) if c.is_integer() else c,
            "tp": k.tp, "fp": k.fp, "fn": k.fn, "tn": k.tn,
            "sensitivity": sensitivity(k.tp, k.fn),
            "specificity": specificity(k.tn, k.fp),
            "ppv": k.tp / (k.tp + k.fp) if k.tp + k.fp else math.nan,
            "npv": k.tn / (k.tn + k.fn) if k.tn + k.fn else math.nan,
        })
    return pd.DataFrame(rows)


def best_cutoffs(table: pd.DataFrame) -> list:
    """The cut-off(s) of a :func:`roc_table` with the largest Youden's J (ties all returned)."""
    if not isinstance(table, pd.DataFrame) or not {"cutoff", "sensitivity", "specificity"} <= set(table):
        raise TypeError("table must be a DataFrame from roc_table (cutoff, sensitivity, specificity)")
    j = table["sensitivity"] + table["specificity"] - 1
    best = j.max()
    return [c for c, v in zip(table["cutoff"], j, strict=True) if math.isclose(v, best, abs_tol=1e-12)]
