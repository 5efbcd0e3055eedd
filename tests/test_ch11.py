"""Chapter 11: the Budapest model and its Vega expression, the exercise checks, the quiz keys."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
import yaml

from npcourse.chapters.c11_special_situations import budapest, figures
from npcourse.chapters.c11_special_situations import checks as check
from npcourse.facts import data
from npcourse.marking import core

from . import chapter_charts
from . import phone_layouts as layouts

STEM = "11-special-situations"
IDS = budapest.CATEGORY_IDS


def evaluate(expr: str, **env) -> bool:
    """Evaluate the chapter's small Vega expressions (``a ? 1 : 0``, ``&&``, ``!``) in Python."""
    py = re.sub(r"\((\w+) \? 1 : 0\)", r"(1 if \1 else 0)", expr)
    py = py.replace("&&", " and ").replace("!", " not ")
    return bool(eval(py, {}, env))


def test_budapest_clinical_and_research_rules():
    base = dict(disproportionate_pain=True, other_diagnosis_explains=False)
    assert budapest.meets(symptoms=IDS[:3], signs=IDS[:2], **base)
    assert not budapest.meets(symptoms=IDS[:2], signs=IDS, **base)           # 2 symptom categories
    assert not budapest.meets(symptoms=IDS, signs=IDS[:1], **base)           # 1 sign category
    assert not budapest.meets(symptoms=IDS[:3], signs=IDS[:2], research=True, **base)
    assert budapest.meets(symptoms=IDS, signs=IDS[:2], research=True, **base)
    assert not budapest.meets(symptoms=IDS, signs=IDS, disproportionate_pain=False,
                              other_diagnosis_explains=False)
    assert not budapest.meets(symptoms=IDS, signs=IDS, disproportionate_pain=True,
                              other_diagnosis_explains=True)
    # a category counts once however many findings it has
    assert budapest.assess(symptoms=["sensory", "sensory", "motor"], signs=[], **base)[
        "symptom_categories"] == 2


@pytest.mark.parametrize("bad, err", [("sensory", TypeError), (["pain"], ValueError)])
def test_budapest_rejects_bad_categories_by_name(bad, err):
    with pytest.raises(err, match="symptoms"):
        budapest.assess(disproportionate_pain=True, symptoms=bad, signs=[],
                        other_diagnosis_explains=False)


def test_budapest_rejects_non_boolean_pain():
    with pytest.raises((TypeError, ValueError), match="disproportionate_pain"):
        budapest.assess(disproportionate_pain="yes", symptoms=[], signs=[],
                        other_diagnosis_explains=False)


def test_vega_expression_agrees_with_python_for_every_combination():
    """All 2**10 tick combinations: the static chart's verdict equals budapest.meets."""
    n = 0
    for ticks in itertools.product([False, True], repeat=10):
        pain, other = ticks[0], ticks[9]
        sym = [c for c, t in zip(IDS, ticks[1:5], strict=True) if t]
        sig = [c for c, t in zip(IDS, ticks[5:9], strict=True) if t]
        env = {figures.PAIN: pain, figures.OTHER: other}
        env.update({figures.param_name("sym", c): c in sym for c in IDS})
        env.update({figures.param_name("sig", c): c in sig for c in IDS})
        want = budapest.meets(disproportionate_pain=pain, symptoms=sym, signs=sig,
                              other_diagnosis_explains=other)
        assert evaluate(figures.meets_expression(), **env) == want, env
        n += want
    assert 0 < n < 1024


def test_vega_expression_fails_on_an_old_rule():
    """The equivalence test can fail: a checker needing only 2 symptom categories disagrees."""
    wrong = figures.meets_expression().replace(
        f">= {budapest.SYMPTOM_CATEGORIES_NEEDED}", ">= 2", 1)
    env = {figures.PAIN: True, figures.OTHER: False}
    env.update({figures.param_name("sym", c): c in IDS[:2] for c in IDS})
    env.update({figures.param_name("sig", c): c in IDS[:2] for c in IDS})
    assert evaluate(wrong, **env) != budapest.meets(
        disproportionate_pain=True, symptoms=IDS[:2], signs=IDS[:2],
        other_diagnosis_explains=False)


def test_checker_chart_has_ten_bound_checkboxes_and_a_description():
    spec = chapter_charts.spec(figures.budapest_checker)
    text = json.dumps(spec)
    assert text.count('"input": "checkbox"') == 10
    assert spec["description"] and spec["title"]


def test_tables_render_from_the_drug_data():
    html = figures.dialysis_table().data
    assert "US label" in html and "UK/EU" in html and "Pregabalin" in html
    assert "Carbamazepine" in figures.tn_drugs_table().data
    assert figures.pregnancy_table().data.count("<tr>") >= 6


def test_supplemental_doses_are_read_from_the_label_text():
    table = check._us_supplemental_doses()
    gab = data.by_id("drugs", "drugs")["gabapentin"]
    us = next(e for e in gab["renal_dialysis"] if e["jurisdiction"] == "US")
    assert min(table.values()) == us["supplemental_low"]
    assert max(table.values()) == us["supplemental_high"]
    assert table[check.TASK5_MAINTENANCE] == 250


def test_phq9_bands_and_validation():
    assert [check.phq9_band(t) for t in (0, 4, 5, 9, 10, 14, 15, 19, 20, 27)] == [
        "none or minimal", "none or minimal", "mild", "mild", "moderate", "moderate",
        "moderately severe", "moderately severe", "severe", "severe"]
    with pytest.raises(ValueError, match="total"):
        check.phq9_band(28)
    with pytest.raises(ValueError, match="item 9"):
        check.phq9_total([0] * 8 + [4])
    with pytest.raises(ValueError, match="9 scores"):
        check.phq9_total([1, 2])


def test_vaccine_efficacy_matches_the_trials():
    assert check.vaccine_efficacy(0.3, 9.1) == pytest.approx(96.7, abs=0.1)
    assert check.vaccine_efficacy(0.9, 9.2) == pytest.approx(90.2, abs=0.1)   # 89.8% reported
    with pytest.raises(ValueError, match="placebo"):
        check.vaccine_efficacy(1, 0)


RIGHT = {
    "check_red_flags": {k: v[1] for k, v in check.FINDINGS.items()},
    "check_vaccine_efficacy": 100 * (1 - 0.3 / 9.1),
    "check_tn_types": {k: v[1] for k, v in check.TN_PEOPLE.items()},
    "check_budapest": {"symptom_categories": 3, "sign_categories": 1, "meets": False},
    "check_dialysis_supplement": 250,
    "check_phq9": {"total": 14, "band": "moderate", "ask_about_suicide_today": True},
}
WRONG = {
    "check_red_flags": {**RIGHT["check_red_flags"], "F": "routine"},
    "check_vaccine_efficacy": 3.3,
    "check_tn_types": {**RIGHT["check_tn_types"], "Ms Lund": "classical"},
    "check_budapest": {"symptom_categories": 3, "sign_categories": 1, "meets": True},
    "check_dialysis_supplement": 200,
    "check_phq9": {"total": 14, "band": "moderate", "ask_about_suicide_today": False},
}


@pytest.mark.parametrize("name", sorted(check.OBJECTIVES))
def test_each_check_accepts_the_answer_rejects_a_wrong_one_and_waits_for_a_stub(name):
    fn = getattr(check, name)
    assert fn(RIGHT[name]).status == core.CORRECT
    assert fn(WRONG[name]).status == core.WRONG
    assert fn(...).status == core.UNANSWERED


def test_every_objective_has_a_task_and_quiz_questions():
    objectives = {o["id"] for o in data.load("objectives")["chapters"][STEM]["objectives"]}
    assert set(check.OBJECTIVES.values()) == objectives
    bank = yaml.safe_load((Path(data.data_dir()) / "quizzes" / f"{STEM}.yml").read_text())
    assert {q["objective"] for q in bank["questions"]} == objectives


def test_quiz_keys_are_the_chapters_decisions():
    """Quiz keys that are clinical decisions, recomputed from the chapter's models and data."""
    bank = yaml.safe_load((Path(data.data_dir()) / "quizzes" / f"{STEM}.yml").read_text())
    qs = {q["id"]: q for q in bank["questions"]}
    assert qs["ch11-q04"]["answer"] == pytest.approx(check.vaccine_efficacy(0.9, 9.2), abs=0.1)
    assert qs["ch11-q11"]["answer"] == check._us_supplemental_doses()[300]
    santos = budapest.assess(disproportionate_pain=True,
                             symptoms=["sensory", "vasomotor", "sudomotor"],
                             signs=["sensory", "sudomotor"], other_diagnosis_explains=False)
    key = next(o for o in qs["ch11-q09"]["options"] if o["correct"])
    assert santos["meets"] and key["text"].startswith("Yes")


# --- phone layouts (issue 16 item 4) ----------------------------------------------------------

@pytest.mark.parametrize(("make", "words"), [
    (figures.budapest_checker, ["Verdict: MEETS", "does NOT meet", "Missing: ", "better explanation",
                                "need 3", "need 2"]),
    # On a phone the band names are the labels of the staircase's axis, not a text layer
    # (test_chapter_contracts.PHONE_MOVED).
    (figures.phq9_bands, ["confirm clinically", " band", '"field": "band"']),
])
def test_phone_layouts_print_every_readout(make, words):
    """What a control changes is still said on a phone (controls, marks and width of every
    phone layout: test_chapter_contracts.py)."""
    layouts.phone_prints(make, *words)


def test_phq9_phone_layout_names_every_band_once(monkeypatch):
    """On a phone the bands are rows named on the left (a staircase), in score order."""
    _, phone = layouts.phone_layout(figures.phq9_bands)
    (y,) = {json.dumps(n["encoding"]["y"]) for n in layouts.walk(phone) if "y" in n.get("encoding", {})
            and n["encoding"]["y"].get("field") == "band"}
    assert json.loads(y)["sort"] == [name for _lo, _hi, name in figures.PHQ9_BANDS]

