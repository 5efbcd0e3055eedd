"""Practice a health student can do (issue 15 item 6), in every chapter.

The task values are in the task text (not code constants printed by a cell),
no answer needs regular expressions, ``groupby`` or a loop (only values, lists, arithmetic or one
named call), every task whose answer needs arithmetic or a call shows a worked example, each page
says which Python it expects, a partly filled faded example still counts as "not answered yet",
and every check of chapters 5 to 10 rejects a wrong answer in any one of its parts (chapters 1-4
and 11 keep their own rejection tests in tests/test_chNN.py).
"""

from __future__ import annotations

import math
import re

import nbformat
import pytest

from npcourse.chapters.c05_using_drugs import checks as c05
from npcourse.chapters.c06_rehabilitation import checks as c06
from npcourse.chapters.c07_interventions import checks as c07
from npcourse.chapters.c08_mind_lifestyle import checks as c08
from npcourse.chapters.c08_mind_lifestyle import trial_simulation
from npcourse.chapters.c09_progress_and_team import checks as c09
from npcourse.chapters.c10_case_studies import checks as c10
from npcourse.marking import core

from .conftest import ROOT

REWRITTEN = [f"{n:02d}-{slug}" for n, slug in enumerate(
    ["pain-types", "pain-pathways", "assessment", "drug-action", "using-drugs", "rehabilitation", "interventions",
     "mind-lifestyle", "progress-and-team", "case-studies", "special-situations"], start=1)]
# Chapters whose exercise notebooks print no code constant (task values in the task text).
CONSTANT_FREE = REWRITTEN
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
NOT_IN_ANSWERS = [r"\bfor\b", r"\bwhile\b", r"\blambda\b", r"groupby", r"\bimport re\b", r"re\.search",
                  r"\.loc\[", r"\.apply\(", r"\bdef\b"]


def tasks(stem: str) -> list[tuple[str, list]]:
    """(task heading markdown, the cells up to the next heading) for each '## Task' section."""
    nb = nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)
    out, current = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Task"):
            current = (cell.source, [])
            out.append(current)
        elif cell.cell_type == "markdown" and cell.source.startswith("**Optional, for those who know some Python"):
            current = None  # an optional extra that says it expects more Python
        elif current is not None:
            current[1].append(cell)
    return out


def test_every_practice_page_is_covered_and_names_the_python_it_expects():
    assert REWRITTEN == sorted(p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
    for stem in REWRITTEN:
        first = nbformat.read(ROOT / "exercises" / f"{stem}.ipynb", as_version=4).cells[0].source
        assert "**The Python you need.**" in first, stem


@pytest.mark.parametrize("stem", CONSTANT_FREE)
def test_no_task_value_lives_in_a_code_constant(stem):
    nb = nbformat.read(ROOT / "exercises" / f"{stem}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not re.search(r"check\.[A-Z][A-Z0-9_]+", cell.source), (stem, cell.source)


@pytest.mark.parametrize("stem", REWRITTEN)
def test_no_regex_groupby_or_loops_in_the_answers(stem):
    for heading, cells in tasks(stem):
        assert not re.search(r"check\.[A-Z][A-Z0-9_]+", heading), heading
        for cell in cells:
            if cell.cell_type != "code" or BEGIN not in cell.source:
                continue
            answer = re.sub(r'"[^"\n]*"', '""', cell.source.split(BEGIN, 1)[1].split(END, 1)[0])
            for pattern in NOT_IN_ANSWERS:
                assert not re.search(pattern, answer), f"{stem} {heading.splitlines()[0]}: {pattern!r} in\n{answer}"


@pytest.mark.parametrize("stem", REWRITTEN)
def test_every_task_shows_a_worked_example(stem):
    found = tasks(stem)
    assert len(found) >= 5, stem
    for heading, cells in found:
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        if BEGIN not in code:
            continue
        answer = re.sub(r'"[^"]*"', '""', code.split(BEGIN, 1)[1].split(END, 1)[0])
        if not re.search(r"[-+*/]|\w\(", answer):
            continue  # typing values or labels only: no worked example needed
        assert "worked example" in (heading + code).lower(), f"{stem}: {heading.splitlines()[0]} has no worked example"


def section(stem: str, number: int) -> str:
    return next(h for h, _ in tasks(stem) if h.startswith(f"## Task {number} "))


def test_task_values_are_in_the_task_text():
    t1, t2 = section("05-using-drugs", 1), section("05-using-drugs", 2)
    assert f"**{c05.TASK1_HALF_LIFE} hours**" in t1 and f"**{c05.TASK1_FRACTION * 100:.0f} %**" in t1
    for key, unit in (("half_life", " hours"), ("dose", ""), ("interval", " hours"), ("n_doses", " doses")):
        assert f"**{c05.TASK2[key]}**{unit}" in t2 or f"**{c05.TASK2[key]}{unit}**" in t2, (key, t2)
    from npcourse.chapters.c04_drug_action import checks as c04

    t3, t7 = section("04-drug-action", 3), section("04-drug-action", 7)
    for kind in ("responders", "withdrawals", "group_size"):
        for arm in ("drug", "placebo"):
            assert f"**{c04.TRIAL[kind][arm]}**" in t3, (kind, arm)
    assert f"**{c04.PLACEBO_P_DRUG * 100:.0f} %**" in t7
    assert ", ".join(f"{r * 100:.0f} %" for r in c04.PLACEBO_RATES[:-1]) in t7
    t1 = section("06-rehabilitation", 1)
    assert f"{c06.TASK1['age']} years old" in t1 and f"resting heart rate of {c06.TASK1['hr_rest']}" in t1
    t6 = section("06-rehabilitation", 6)
    assert all(f"`{i}`" in t6 for i in c06.TASK6_IDS)
    t3, t5 = section("07-interventions", 3), section("07-interventions", 5)
    assert f"**{c07.BIAS * 100:.0f} percentage points** ({c07.BIAS:.2f})" in t5
    for sizes in c07.SMALL_TRIALS.values():
        assert f"**{sizes['n_treatment']}**" in t3 and f"**{sizes['n_control']}**" in t3
    t1, t2, t3 = (section("08-mind-lifestyle", n) for n in (1, 2, 3))
    assert f"**{c08.TASK1['threshold']:g}**" in t1 and f"{c08.TASK1['n_screened']}" in t1
    assert f"**{c08.TASK2['n_per_arm']}**" in t2
    for value in (trial_simulation.BETWEEN_SD, c08.TASK1["within_sd"], trial_simulation.POPULATION_MEAN):
        assert f"**{value}**" in t3, (value, t3)


def test_the_budapest_story_is_in_the_task_text():
    from npcourse.chapters.c11_special_situations import checks as c11

    assert c11.TASK4_TEXT in section("11-special-situations", 4)


def test_numbers_typed_in_the_solutions_are_the_tables_numbers():
    m1, m2 = c08.task1_means(), c08.task2_means().set_index("arm")
    sol = (ROOT / "solutions" / "08-mind-lifestyle.ipynb").read_text(encoding="utf-8")
    enrolled = m1.iloc[0]
    assert f"{enrolled['mean at screening']:.3f} - {enrolled['mean at follow-up']:.3f}" in sol
    for arm in ("treatment", "control"):
        assert f"{m2.loc[arm, 'mean at screening']:.3f} - {m2.loc[arm, 'mean at follow-up']:.3f}" in sol
    from npcourse.chapters.c03_assessment import checks as c03

    counts = c03.two_by_two().to_numpy()
    (tp, fp), (fn, tn) = counts.tolist()
    sol3 = (ROOT / "solutions" / "03-assessment.ipynb").read_text(encoding="utf-8")
    assert f"tp, fp, fn, tn = {tp}, {fp}, {fn}, {tn}" in sol3
    weeks = c09.task_diary().groupby("week")["score"].apply(list)
    sol9 = (ROOT / "solutions" / "09-progress-and-team.ipynb").read_text(encoding="utf-8")
    for week in (0, 8):
        assert "(" + " + ".join(str(int(v)) for v in weeks[week]) + ") / 7" in sol9, week
    peaks = c05.task2_peaks()
    sol5 = (ROOT / "solutions" / "05-using-drugs.ipynb").read_text(encoding="utf-8")
    assert f"ratio = {peaks['peak'].iloc[-1]:g} / {peaks['peak'].iloc[0]:g}" in sol5


def test_a_partly_filled_faded_example_is_not_answered_yet():
    assert core.is_stub({"gabapentin": 2.0, "pregabalin": ...})
    assert core.is_stub([1, (2, ...)])
    assert not core.is_stub({"a": 1, "b": [2, 3]}) and not core.is_stub(0) and not core.is_stub(None)
    assert c05.check_absorption({"gabapentin": 2.0, "pregabalin": ...}).status == core.UNANSWERED
    assert c05.check_titration({"gabapentin": (300, 3600, 28), "pregabalin": ..., "duloxetine": ...}
                               ).status == core.UNANSWERED
    assert c08.check_control_group({"treatment": 3.69, "control": ..., "effect": ...}).status == core.UNANSWERED


def spoil(value):
    """One wrong version of a right answer part (a number, word, flag, pair or set)."""
    if value is None:
        return "diagnosis"
    if isinstance(value, bool):
        return not value
    if isinstance(value, dict):
        first = next(iter(value))
        return {**value, first: spoil(value[first])}
    if isinstance(value, (int, float)):
        return value * 1.25 + 0.5
    if isinstance(value, str):
        return "very-low" if value != "very-low" else "high"
    if isinstance(value, (set, frozenset)):
        return set(value) - {sorted(value)[0]} if value else {"cbt"}
    if isinstance(value, (list, tuple)):
        if not value:
            return type(value)(["imprecision"])
        return type(value)([spoil(value[0]), *value[1:]])
    raise AssertionError(f"cannot spoil {value!r}")


def variants(answer):
    """Every answer with exactly one part made wrong (each key of a dict in turn)."""
    if isinstance(answer, dict):
        for key, value in answer.items():
            if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
                yield key, {**answer, key: (spoil(value[0]), value[1])}   # the level ...
                yield key, {**answer, key: (value[0], spoil(value[1]))}   # ... and the reasons
            else:
                yield key, {**answer, key: spoil(value)}
    else:
        yield "value", spoil(answer)


CHECKS = [
    (c05.check_steady_state, c05._expected_steady_state, True),
    (c05.check_accumulation, c05._expected_accumulation, False),
    (c05.check_absorption, c05._expected_absorption, False),
    (c05.check_cockcroft_gault, c05._expected_crcl, False),
    (c05.check_renal_bands, c05._expected_bands, False),
    (c05.check_titration, c05._expected_titration, False),
    (c05.check_interactions, c05._expected_interactions, False),
    (c06.check_karvonen, c06._expected_zones, False),
    (c06.check_intensity_classes, c06._expected_classes, False),
    (c06.check_progression, c06._expected_weekly_minutes, False),
    (c06.check_tens_modes, c06._expected_modes, False),
    (c06.check_evidence, c06._expected_evidence, True),
    (c07.check_small_trials, c07._expected_small, False),
    (c07.check_bias_features, c07._expected_features, False),
    (c07.check_open_label_bias, c07._expected_bias, False),
    (c07.check_ladder, c07._expected_ladder, True),
    (c07.check_referrals, c07._expected_referrals, False),
    (c08.check_apparent_improvement, c08._expected_improvement, False),
    (c08.check_control_group, c08._expected_control_group, False),
    (c08.check_followup_prediction, c08._expected_followup_answers, True),
    (c08.check_smd, c08._expected_smd, False),
    (c08.check_grade, c08._expected_grade, False),
    (c08.check_st_johns_wort, c08._expected_st_johns_wort, False),
    (c08.check_cycle_targets, c08._expected_cycle_targets, False),
    (c09.check_baseline, c09._expected_baseline, False),
    (c09.check_change, c09._expected_change, True),
    (c09.check_benchmarks, c09._expected_benchmarks, False),
    (c09.check_responders, c09._expected_responders, False),
    (c09.check_concordance, c09._expected_concordance, False),
    (c10.check_crcl, c10._expected_crcl, False),
    (c10.check_dose_bands, c10._expected_bands, False),
    (c10.check_grades, c10._expected_grades, False),
    (c10.check_classification, c10._expected_classification, False),
    (c10.check_interactions, c10._expected_interactions, False),
    (c10.check_responders, c10._expected_responders, False),
    (c10.check_certainty, c10._expected_certainty, True),
]


CHECK_IDS = [c[0].__module__.split(".")[2][:3] + "-" + c[0].__qualname__ for c in CHECKS]


@pytest.mark.parametrize(("check", "expected", "several"), CHECKS, ids=CHECK_IDS)
def test_every_rewritten_check_rejects_a_wrong_part(check, expected, several):
    right = expected()
    args = list(right) if several else [right]
    assert check(*args).passed
    tried = 0
    for i, arg in enumerate(args):
        for where, bad in variants(arg):
            if isinstance(bad, float) and not math.isfinite(bad):
                continue
            wrong_args = [*args[:i], bad, *args[i + 1:]]
            try:
                result = check(*wrong_args)
            except (TypeError, ValueError):
                tried += 1
                continue  # refused with a message naming the answer: also a rejection
            assert not result.passed, f"{check.__qualname__}: a wrong {where!r} passed: {wrong_args}"
            tried += 1
    assert tried >= len(args)
