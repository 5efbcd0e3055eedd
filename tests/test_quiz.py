"""Quiz banks: schema, rules, rendering to jupyterquiz, and escaping of < > &."""

from __future__ import annotations

import copy

import pytest
import yaml

from npcourse.facts import data
from npcourse.ui import quiz

from .conftest import chapter_stems

MIN_QUESTIONS = {"01": 8}
DEFAULT_MIN = 10


def good_bank() -> dict:
    return {
        "chapter": "01-pain-types",
        "questions": [
            {
                "id": "ch01-q01", "type": "single", "objective": "ch01-lo1",
                "question": "Which is true when CrCl < 30 mL/min & age > 80?",
                "options": [
                    {"text": "A <b>", "correct": True, "feedback": "Yes & why."},
                    {"text": "B", "correct": False, "feedback": "No, because..."},
                ],
            },
            {
                "id": "ch01-q02", "type": "numeric", "objective": "ch01-lo1",
                "question": "How many?", "answer": 960, "tolerance": 10,
                "feedback_correct": "Right.", "feedback_wrong": "Multiply.",
            },
        ],
    }


ORIGIN = "npcourse/facts/yaml/quizzes/01-pain-types.yml"


@pytest.mark.parametrize("stem", chapter_stems())
def test_every_chapter_has_a_valid_bank(stem):
    bank = quiz.load_bank(stem)
    minimum = MIN_QUESTIONS.get(stem[:2], DEFAULT_MIN)
    assert len(bank["questions"]) >= minimum
    types = {q["type"] for q in bank["questions"]}
    assert types == {"single", "multiple", "numeric"}, f"{stem}: mix all three types, got {types}"


@pytest.mark.parametrize("stem", chapter_stems())
def test_question_ids_unique_across_course(stem):
    ids = [q["id"] for s in chapter_stems() for q in quiz.load_bank(s)["questions"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("stem", chapter_stems())
def test_every_objective_in_bank_exists(stem):
    objectives = {o["id"] for c in data.load("objectives")["chapters"].values()
                  for o in c["objectives"]}
    for q in quiz.load_bank(stem)["questions"]:
        assert q["objective"] in objectives, f"{q['id']}: unknown objective {q['objective']}"


def test_every_bank_belongs_to_a_chapter():
    banks = {n.split("/", 1)[1] for n in data.available() if n.startswith("quizzes/")}
    assert banks <= set(chapter_stems()), f"banks without a chapter: {banks - set(chapter_stems())}"


def test_escaping_keeps_special_characters_literal():
    out = quiz.to_jupyterquiz(good_bank())
    q = out[0]
    assert q["question"] == "Which is true when CrCl &lt; 30 mL/min &amp; age &gt; 80?"
    assert q["answers"][0]["answer"] == "A &lt;b&gt;"
    assert q["answers"][0]["feedback"] == "Yes &amp; why."
    assert q["type"] == "multiple_choice"


def test_code_spans_become_code_elements():
    bank = good_bank()
    bank["questions"][0]["question"] = "What does `x < 1` do?"
    assert quiz.to_jupyterquiz(bank)[0]["question"] == "What does <code>x &lt; 1</code> do?"


def test_numeric_tolerance_is_inclusive_at_both_ends():
    q = quiz.to_jupyterquiz(good_bank())[1]
    lo, hi = q["answers"][0]["range"]
    # jupyterquiz accepts lo <= x < hi; both 950 and 970 must count as correct.
    assert lo <= 950 < hi and lo <= 970 < hi
    assert not (lo <= 970.01 < hi) and not (lo <= 949.99 < hi)
    assert q["answers"][1]["type"] == "default"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda b: b["questions"][0]["options"][1].pop("feedback"),
         r"'ch01-q01'.*'feedback' is a required"),
        (lambda b: b["questions"][0]["options"][1].update(correct=True),
         r"question 'ch01-q01': a single-choice question needs exactly one"),
        (lambda b: b["questions"][0].update(type="multiple"),
         r"question 'ch01-q01': a multiple-choice question needs at least two"),
        (lambda b: b["questions"][1].update(id="ch01-q01"), r"duplicate id 'ch01-q01'"),
        (lambda b: b["questions"][1].pop("tolerance"), r"'ch01-q02'.*'tolerance' is a required"),
        (lambda b: b["questions"][1].update(tolerance=-1), r"'ch01-q02'.*tolerance"),
        (lambda b: b["questions"][0].update(type="truefalse"), r"'ch01-q01'.*type"),
        (lambda b: b["questions"][0].update(question="Costs $5"), r"question 'ch01-q01': '\$' would be read as maths"),
        (lambda b: b.update(chapter="02-pathways"), r"'chapter' is '02-pathways' but the file stem is '01-pain-types'"),
        (lambda b: b["questions"][0]["options"][1].update(text="A <b>"),
         r"question 'ch01-q01': two options have the same text"),
    ],
)
def test_malformed_bank_names_file_question_and_problem(mutate, message):
    bank = copy.deepcopy(good_bank())
    mutate(bank)
    with pytest.raises(data.DataError, match=message) as info:
        quiz.validate_bank(bank, ORIGIN)
    assert ORIGIN in str(info.value)


def test_good_bank_passes_and_roundtrips_through_yaml():
    bank = yaml.safe_load(yaml.safe_dump(good_bank()))
    quiz.validate_bank(bank, ORIGIN)


def test_load_bank_rejects_unknown_stem():
    with pytest.raises(ValueError, match="stem must be one of"):
        quiz.load_bank("99-nothing")
    with pytest.raises(TypeError, match="stem must be a chapter stem string"):
        quiz.load_bank(1)
