"""Regression tests for the bad-input defects of issue 19: each input that once misbehaved
(a wrong number, an unrelated exception, an unclear message) now gets a right value or a
TypeError/ValueError naming the parameter."""

from __future__ import annotations

import math

import pytest

from npcourse import validate
from npcourse.chapters.c05_using_drugs import checks as c05
from npcourse.chapters.c05_using_drugs import pharmacokinetics as pk
from npcourse.marking import core

# --- 10**400: one root cause in validate.number ------------------------------------------

@pytest.mark.parametrize("value", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_integers_too_large_for_a_float_are_a_value_error_naming_the_parameter(value):
    with pytest.raises(ValueError, match="^dose must be a finite number"):
        validate.number("dose", value)


def test_calculators_reject_huge_integers_by_name():
    with pytest.raises(ValueError, match="half_life"):
        pk.accumulation_ratio(12, 10**400)
    with pytest.raises(ValueError, match="dose"):
        pk.simulate(10**400, 12, 18)


# --- pharmacokinetics: expm1, simulate's size ---------------------------------------------

def test_accumulation_ratio_is_exact_when_k_tau_is_tiny():
    # 1 − exp(−kτ) cancels to 0 in floating point for kτ below about 1e-17; expm1 does not.
    ratio = pk.accumulation_ratio(1e-12, 1e6)
    k_tau = math.log(2) / 1e6 * 1e-12
    assert math.isfinite(ratio) and ratio == pytest.approx(1 / k_tau, rel=1e-9)
    r = pk.Regimen(100, 1e-12, 1e6)
    assert math.isfinite(r.concentration(1e-11)) and math.isfinite(r.peak_ss)


def test_accumulation_ratio_names_the_parameters_when_no_fall_is_measurable():
    with pytest.raises(ValueError, match="interval must not be negligible beside half_life"):
        pk.accumulation_ratio(1e-300, 1e300)


@pytest.mark.parametrize(("kw", "name"), [({"n_doses": 10**6}, "n_doses"),
                                          ({"points_per_interval": 10**6}, "points_per_interval")])
def test_simulate_has_bounded_size(kw, name):
    with pytest.raises(ValueError, match=f"^{name} must be at most"):
        pk.simulate(100, 12, 18, **kw)
    assert len(pk.simulate(100, 12, 18, n_doses=pk.MAX_DOSES, points_per_interval=2)) == 3 * pk.MAX_DOSES


# --- exercise checks ----------------------------------------------------------------------

def test_check_accumulation_of_zero_is_not_quite_not_a_crash():
    result = c05.check_accumulation(0)
    assert result.status == core.WRONG


# --- quiz banks and case decisions: the loader enforces what the tests used to -------------

BANK = "chapter: 01-pain-types\nquestions:\n{q}"
SINGLE = ("  - id: ch01-q01\n    type: single\n    objective: {objective}\n    question: {question}\n"
          "    options:\n"
          "      - {{text: {a}, correct: true, feedback: Yes.}}\n"
          "      - {{text: {b}, correct: false, feedback: No.}}\n")
NUMERIC = ("  - id: ch01-q02\n    type: numeric\n    objective: ch01-lo1\n    question: How many?\n"
           "    answer: {answer}\n    tolerance: 0\n    feedback_correct: Yes.\n    feedback_wrong: No.\n")


def bank(**kw):
    fields = {"objective": "ch01-lo1", "question": "Which?", "a": "Alpha", "b": "Beta", **kw}
    return BANK.format(q=SINGLE.format(**fields))


@pytest.mark.parametrize(("text", "message"), [
    (bank(), None),
    (bank(b="'   '"), r"options\[1\]\.text is blank"),
    (bank(question="'  '"), "question is blank"),
    (bank(b="ALPHA"), r"options\[0\] and options\[1\] differ only in case or spacing"),
    (bank(b="' alpha  '"), "differ only in case or spacing"),
    (bank(objective="ch01-lo99"), "objective 'ch01-lo99' is not a learning objective in objectives.yml"),
    (bank(objective="ch02-lo1"), "objective 'ch02-lo1' belongs to chapter 02-pain-pathways"),
    (BANK.format(q=NUMERIC.format(answer=".nan")), "answer must be a finite number, got nan"),
    (BANK.format(q=NUMERIC.format(answer=".inf")), "answer must be a finite number, got inf"),
])
def test_quiz_bank_rules_are_enforced_by_the_loader(text, message):
    from npcourse.facts import data
    if message is None:
        assert data.parse(text, "quizzes/01-pain-types", "quizzes/01-pain-types.yml")
        return
    with pytest.raises(data.DataError, match=f"^quizzes/01-pain-types.yml: questions → item 0 .*{message}"):
        data.parse(text, "quizzes/01-pain-types", "quizzes/01-pain-types.yml")


@pytest.mark.parametrize("delimiter", [r"\(", r"\)", r"\[", r"\]"])
def test_maths_delimiters_beside_the_dollar_are_rejected(delimiter):
    from npcourse.facts import data
    from npcourse.ui import quiz
    q = {"id": "ch01-q01", "type": "single", "objective": "ch01-lo1",
         "question": f"Is {delimiter}x^2 a square?",
         "options": [{"text": "Yes", "correct": True, "feedback": "."},
                     {"text": "No", "correct": False, "feedback": "."}]}
    with pytest.raises(data.DataError, match="would be read as a maths delimiter"):
        quiz.check_question(q, "bank")


def test_quiz_markup_leaves_no_link_or_attribute_breakout():
    from npcourse.ui import quiz
    hostile = '[click](javascript:alert(1)) <b>x</b> " onmouseover="alert(2)" `code`'
    out = quiz._markup(hostile)
    assert "](" not in out and "[" not in out and '"' not in out and "<b>" not in out
    assert "&#91;click&#93;" in out and "&quot; onmouseover=&quot;" in out and "<code>code</code>" in out


@pytest.mark.parametrize("module,func,variable", [
    ("c06_rehabilitation", "check_intensity_classes", "classes"),
    ("c06_rehabilitation", "check_tens_modes", "modes"),
    ("c09_progress_and_team", "check_benchmarks", "labels"),
    ("c02_pain_pathways", "check_gate_predictions", "gate"),
    ("c01_pain_types", "check_signs", "signs"),
])
def test_label_checks_name_the_learners_variable(module, func, variable):
    """A wrong-shaped answer names the learner's own variable, never a generic 'answers'."""
    import importlib
    check = getattr(importlib.import_module(f"npcourse.chapters.{module}.checks"), func)
    for bad in (["a list"], {"unknown item": "x"}):
        try:
            result = check(bad)
        except (TypeError, ValueError) as exc:
            message = str(exc)
        else:
            message = str(result)
        assert message.startswith(variable) or f" {variable}" in message or f"`{variable}`" in message, message
        assert "answers" not in message, message
