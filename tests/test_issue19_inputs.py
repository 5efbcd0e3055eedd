"""Issue 19 audit: every input the issue lists, fed to the function it names, with the contract.

The contract: a finite, plausible value within stated bounds, or a TypeError/ValueError whose
message names the parameter (and what is allowed); for an exercise check, a "not quite" result
naming the learner's variable. Never another exception type, never a silent absurd value.
The regression tests in test_bad_input.py cover some of these in more depth; this file is the
one place that walks the issue's list in order, for its closing note.
"""

from __future__ import annotations

import importlib
import math
import re

import pytest

from npcourse import validate
from npcourse.chapters.c05_using_drugs import checks as c05
from npcourse.chapters.c05_using_drugs import pharmacokinetics as pk
from npcourse.chapters.c06_rehabilitation import exercise_dosing as ex
from npcourse.chapters.c08_mind_lifestyle import trial_simulation as ts
from npcourse.facts import data
from npcourse.marking import core
from npcourse.models import drugs, renal


def raises_naming(exc_types, name, fn, *args, **kwargs) -> str:
    with pytest.raises(exc_types) as info:
        fn(*args, **kwargs)
    assert name in str(info.value), f"{fn.__name__}: message does not name {name!r}: {info.value}"
    return str(info.value)


# --- wrong numbers, silently -----------------------------------------------------------------

@pytest.mark.parametrize(("counts", "low_rd"), [((9, 10, 1, 10), 0.0), ((10, 10, 0, 10), 0.0)])
def test_nnt_interval_stays_inside_minus_one_to_one_and_has_width(counts, low_rd):
    t = drugs.number_needed(*counts)
    assert t.method == "newcombe"
    assert -1 <= t.difference_low < t.difference <= t.difference_high <= 1
    assert t.difference_high - t.difference_low > 0.1          # never a zero-width interval
    assert t.difference_low > low_rd
    assert t.ci_low >= 1 and t.ci_high >= t.ci_low              # an NNT below 1 is impossible


def test_t_critical_is_exact_at_small_alpha_and_df():
    # df 2: t = (2p − 1) / sqrt(2p(1 − p)) with p = 1 − α/2 (closed form of Student's t)
    p = 1 - 1e-6 / 2
    exact = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    assert ts.t_critical(2, 1e-6) == pytest.approx(exact, rel=1e-6)
    assert 990 < ts.t_critical(2, 1e-6) < 1010                  # main once gave 13,270


def test_max_heart_rate_of_1000_is_refused_by_name():
    raises_naming(ValueError, "hr_max_bpm", ex.target_heart_rate, 1000, 60, 0.6)


def test_simulate_is_bounded():
    raises_naming(ValueError, "n_doses", pk.simulate, 100, 12, 18, n_doses=10**6)


# --- crashes with unrelated exceptions ---------------------------------------------------------

@pytest.mark.parametrize(("fn", "args", "name"), [
    (validate.number, ("dose", 10**400), "dose"),
    (pk.accumulation_ratio, (12, 10**400), "half_life"),
    (pk.simulate, (10**400, 12, 18), "dose"),
    (renal.cockcroft_gault, (10**400, 70, 1.0, "male"), "age"),
    (ex.target_heart_rate, (10**400, 60, 0.6), "hr_max_bpm"),
    (drugs.nnt_from_proportions, (10**400, 0.2), "p_drug"),
    (ts.t_critical, (10**400, 0.05), "df"),
])
def test_integers_too_large_for_a_float(fn, args, name):
    raises_naming((TypeError, ValueError), name, fn, *args)


def test_check_accumulation_of_zero_is_not_quite():
    result = c05.check_accumulation(0)
    assert result.status == core.WRONG


def test_tiny_k_tau_gives_a_finite_exact_ratio():
    ratio = pk.accumulation_ratio(1e-12, 1e6)
    assert math.isfinite(ratio) and ratio == pytest.approx(1e6 / (math.log(2) * 1e-12), rel=1e-9)


EMPTY_OR_UNKNOWN = [
    ("npcourse.chapters.c10_case_studies.cases", "case", ("nobody",), "case_id"),
    ("npcourse.chapters.c10_case_studies.cases", "render", ("nobody", "x"), "case_id"),
    ("npcourse.chapters.c10_case_studies.figures", "case_timelines", (), "person"),
    ("npcourse.chapters.c10_case_studies.figures", "kidney_bands", (), "person"),
    ("npcourse.chapters.c09_progress_and_team.figures", "pain_diary_explorer", (), "patient"),
    ("npcourse.chapters.c05_using_drugs.figures", "renal_dose_bands", (), "jurisdiction"),
    ("npcourse.facts.data", "person", ("nobody",), "person_id"),
]


@pytest.mark.parametrize(("module", "func", "args", "name"), EMPTY_OR_UNKNOWN,
                         ids=[f"{m.rsplit('.', 1)[1]}.{f}" for m, f, _, _ in EMPTY_OR_UNKNOWN])
def test_unknown_input_to_helpers_is_a_value_error_naming_the_parameter(module, func, args, name):
    fn = getattr(importlib.import_module(module), func)
    kwargs = {} if args else {name: "nobody"}
    raises_naming((TypeError, ValueError), name, fn, *args, **kwargs)


@pytest.mark.parametrize("bad", ["", [], {}, None])
def test_empty_diary_scores_are_refused_by_name(bad):
    from npcourse.models import outcomes
    raises_naming((TypeError, ValueError), "scores", outcomes.mean_score, bad)


# --- unclear messages --------------------------------------------------------------------------

@pytest.mark.parametrize(("module", "func", "variable"), [
    ("c06_rehabilitation", "check_intensity_classes", "classes"),
    ("c06_rehabilitation", "check_tens_modes", "modes"),
    ("c09_progress_and_team", "check_benchmarks", "labels"),
])
def test_checks_name_the_learners_variable(module, func, variable):
    check = getattr(importlib.import_module(f"npcourse.chapters.{module}.checks"), func)
    for bad in (["a list"], {"unknown item": "x"}, "a string", 3):
        try:
            message = str(check(bad))
        except (TypeError, ValueError) as exc:
            message = str(exc)
        assert variable in message and "answers" not in message, message


@pytest.mark.parametrize("crcl", [29, 29.5, 30, 30.4])
def test_band_label_owns_the_clearance_it_is_shown_beside(crcl):
    for drug in renal.drugs_with_bands():
        band = renal.dose_band(drug, crcl)
        assert band.contains(crcl)
        assert "29" not in band.crcl_label, band.crcl_label     # main printed '> 15 to 29' beside 30


def test_nnt_schema_error_names_the_field_and_stays_short():
    text = (data.data_dir() / "drugs.yml").read_text(encoding="utf-8")
    broken = re.sub(r"(nnt:\s*\n\s*estimate:) [0-9.]+", r"\1 many", text, count=1)
    assert broken != text
    with pytest.raises(data.DataError) as info:
        data.parse(broken, "drugs", "npcourse/facts/yaml/drugs.yml")
    message = str(info.value)
    assert "drugs.yml" in message and "nnt" in message and "estimate" in message, message
    assert len(message) < 500, len(message)


def test_case_text_placeholder_errors_are_the_courses_own():
    from npcourse.chapters.c10_case_studies import cases
    cid = cases.case_ids()[0]
    for text in ("{nonsense}", "{score:abc}", "{band:aspirin}", "{"):
        try:
            out = cases.render(cid, text)
        except ValueError as exc:
            assert re.search(r"placeholder|must be|text", str(exc)), exc   # the course's own words
        else:
            assert isinstance(out, str)
    raises_naming(TypeError, "text", cases.render, cid, 3)


@pytest.mark.parametrize(("fn", "args", "name"), [
    (renal.cockcroft_gault, ("78", 60, 1.1, "female"), "age"),
    (pk.accumulation_ratio, ("12", 18), "interval"),
    (ex.target_heart_rate, ("180", 60, 0.6), "hr_max_bpm"),
    (drugs.number_needed, ("9", 10, 1, 10), "events_drug"),
    (ts.t_critical, ("2",), "df"),
])
def test_a_string_where_a_number_belongs_is_a_type_error_naming_it(fn, args, name):
    message = raises_naming(TypeError, name, fn, *args)
    assert "unsupported operand" not in message


# --- silent acceptance in data -----------------------------------------------------------------

BANK = "chapter: 01-pain-types\nquestions:\n{q}"
SINGLE = ("  - id: ch01-q01\n    type: single\n    objective: {objective}\n    question: \"{question}\"\n"
          "    options:\n      - {{text: {a}, correct: true, feedback: Yes.}}\n"
          "      - {{text: {b}, correct: false, feedback: No.}}\n")
NUMERIC = ("  - id: ch01-q02\n    type: numeric\n    objective: ch01-lo1\n    question: How many?\n"
           "    answer: {answer}\n    tolerance: 0\n    feedback_correct: Yes.\n    feedback_wrong: No.\n")


def bank(**kw):
    return BANK.format(q=SINGLE.format(**{"objective": "ch01-lo1", "question": "Which?", "a": "Alpha",
                                          "b": "Beta", **kw}))


@pytest.mark.parametrize(("text", "field"), [
    (bank(b="'   '"), "options[1].text"),
    (bank(b="ALPHA"), "differ only in case"),
    (BANK.format(q=NUMERIC.format(answer=".nan")), "answer"),
    (BANK.format(q=NUMERIC.format(answer=".inf")), "answer"),
    (bank(objective="ch01-lo99"), "objective"),
])
def test_quiz_bank_loader_refuses(text, field):
    with pytest.raises(data.DataError) as info:
        data.parse(text, "quizzes/01-pain-types", "quizzes/01-pain-types.yml")
    assert "quizzes/01-pain-types.yml" in str(info.value) and field in str(info.value), info.value


@pytest.mark.parametrize("delimiter", [r"\\(", r"\\[", r"\\)", r"\\]"])
def test_quiz_loader_refuses_maths_delimiters_beside_the_dollar(delimiter):
    import yaml

    from npcourse.ui import quiz
    parsed = yaml.safe_load(bank(question=f"Is {delimiter}x a square?"))
    assert delimiter.replace("\\\\", "\\") in parsed["questions"][0]["question"]
    with pytest.raises(data.DataError, match="quizzes/01-pain-types.yml.*maths delimiter"):
        quiz.validate_bank(parsed, "quizzes/01-pain-types.yml")


def test_unknown_source_key_is_refused_at_load():
    text = (data.data_dir() / "drugs.yml").read_text(encoding="utf-8")
    key = re.search(r"sources: \[([a-z0-9_]+)", text).group(1)
    broken = text.replace(f"sources: [{key}", "sources: [no_such_source_key", 1)
    with pytest.raises(data.DataError, match="no_such_source_key"):
        data.parse(broken, "drugs", "npcourse/facts/yaml/drugs.yml")


# --- markup injection --------------------------------------------------------------------------

def test_hostile_quiz_text_has_no_live_link_or_attribute_breakout():
    from npcourse.ui import quiz
    out = quiz._markup('[click](javascript:alert(1)) " onmouseover="alert(2)" <img src=x onerror=alert(3)>')
    assert "](" not in out and '"' not in out and "<img" not in out
    assert "javascript:alert(1)" not in out.replace("&#91;", "[") or "](" not in out


def test_missing_effects_of_none_names_the_parameter():
    # found by the deep Hypothesis profile: None unpacked both measures ("too many values to unpack")
    raises_naming(ValueError, "measure", drugs.missing_effects, None)
    assert drugs.missing_effects("nnt") == [r["id"] for r in drugs.records() if not r.get("nnt")]


# --- found by the deep Hypothesis profile (200 examples per function), session 7 ----------------

def test_huge_or_tiny_inputs_found_by_the_deep_profile():
    from npcourse.chapters.c02_pain_pathways import physiology
    from npcourse.chapters.c11_special_situations import checks as c11

    # wind-up saturates at its maximum gain instead of overflowing to inf (and nan in the train)
    assert physiology.wind_up_gain(8.98846567431158e307) == pytest.approx(physiology.WIND_UP.max_gain)
    assert all(math.isfinite(r) for r in physiology.wind_up_train(8.98846567431158e307))
    with pytest.raises(ValueError, match="half_life"):
        pk.elimination_rate(2.2250738585e-313)
    with pytest.raises(ValueError, match="rate_vaccine / rate_placebo"):
        c11.vaccine_efficacy(1797694.0, 1e-300)
