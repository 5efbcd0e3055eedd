"""Handles of the interactive charts (issue 18, item 3): every chart of every chapter takes keyword
arguments for its starting state, each documented in one docstring line, each really moving
a control's starting value, each rejecting a wrong type or a value its control cannot take
with an error that names it.

The charts are found by introspection (tests/chapter_charts.py: every public function of a
chapter's ``figures`` module that can be called without arguments and returns an Altair chart),
so a new chart without handles, or a new handle without an entry below, fails here.
"""

from __future__ import annotations

import inspect
import json
import re

import pytest

from . import chapter_charts

# For each chart: handle -> (another value it takes, a value of the wrong type, a value out of range).
OTHER = {
    "c01_pain_types.sensory_terms_map": {
        "stimulus": ("painful", 1, "touch"), "response": ("less", None, "pain")},
    "c01_pain_types.causes_chart": {"site": ("central", True, "spinal")},
    "c01_pain_types.prevalence_chart": {"adults": (50000, "10000", 500)},
    "c02_pain_pathways.conduction_race": {"distance": (0.1, "0.8", 1.5)},
    "c02_pain_pathways.gate_control": {
        "large": (0.5, "0.5", 1.2), "small": (0.2, None, -0.1), "descending": (0.3, [0.3], 0.33),
        "disinhibited": (True, 1, None)},
    "c02_pain_pathways.wind_up": {"frequency": (1.0, "fast", 0.05)},
    "c03_assessment.dn4_calculator": {"ticked": (("burning", "brushing"), "burning", ("itch",))},
    "c03_assessment.grading_stepper": {
        "lesion_history": (False, "yes", None), "plausible_distribution": (False, 1, None),
        "sensory_signs": (False, "no", None), "diagnostic_test": (True, 0, None)},
    "c03_assessment.nerve_conduction_calculator": {
        "distance_mm": (300, "225", 40), "distal_latency_ms": (4.2, None, 21),
        "proximal_latency_ms": (12.5, "8", 31), "amplitude_mv": (2.5, [6], -1)},
    "c04_drug_action.site_of_action_map": {"drug": ("duloxetine", 3, "aspirin")},
    "c04_drug_action.nnt_forest_plot": {"outcome": ("nnh", None, "nnx")},
    "c04_drug_action.guideline_lines": {"highlight": ("pregabalin", 1, "aspirin")},
    "c05_using_drugs.pk_simulator": {
        "dose": (100, "200", 450), "interval": (8, "12", 10), "half_life": (30, "30", 60),
        "preset": ("pregabalin", 1, "aspirin"), "bioavailability": (0.5, "1", 1.5),
        "loading": (True, "yes", None)},
    "c05_using_drugs.gabapentinoid_absorption": {
        "gabapentin_dose": (1200, "1200", 5000), "pregabalin_dose": (300, "300", 160)},
    "c05_using_drugs.renal_dose_bands": {"crcl": (45, "45", 130), "jurisdiction": ("EU", 1, "UK")},
    "c05_using_drugs.patient_profile": {"features": (("older", "kidney"), "older", ("young",))},
    "c06_rehabilitation.exercise_dose_planner": {
        "age": (40, "64", 95), "hr_rest": (60, None, 30), "formula": ("220-age", 220, "fox"),
        "target_band": ("vigorous", None, "maximal")},
    "c06_rehabilitation.tens_explorer": {
        "frequency": (4, "100", 200), "pulse_width": (200, "100", 405),
        "intensity": ("comfortable-tingling", 3, "mild")},
    "c06_rehabilitation.evidence_map": {
        "highlight_level": ("low", 1, "medium"), "approach": ("tens", 1, "surgery")},
    "c07_interventions.evidence_map": {
        "highlight_level": ("moderate", 1, "medium"), "approach": (None, 1, "massage")},
    "c07_interventions.stepped_care_ladder": {
        "response": ("several-failed", 2, "all-failed"), "severity": ("severe", 1, "mild"),
        "diagnosis": ("carpal-tunnel-syndrome", None, "sciatica")},
    "c07_interventions.trial_outcomes": {"comparator_kind": ("active device", 1, "placebo")},
    "c08_mind_lifestyle.evidence_map": {
        "highlight_level": ("high", 1, "medium"), "approach": (None, 1, "surgery")},
    "c08_mind_lifestyle.fear_avoidance_cycle": {"intervention": ("graded-exposure", 1, "yoga")},
    "c08_mind_lifestyle.regression_to_mean": {
        "threshold": (8.5, "7", 9.5), "within_sd": (2.0, "1.5", 0.3),
        "show_control": (True, 1, None), "seed": (7, "7", -1)},
    "c09_progress_and_team.pain_diary_explorer": {
        "patient": ("ben", 1, "zoe"), "threshold": ("farrar-points", 1, "half"),
        "week": (3, "8", 9), "seed": (7, "7", -1)},
    "c09_progress_and_team.responder_thresholds": {
        "baseline": (6, "8", 11), "followup": (3, "6", 6.2)},
    "c09_progress_and_team.team_map": {"concern": ("movement", 1, "surgery")},
    "c10_case_studies.case_timelines": {"person": ("phn", 1, "zoe")},
    "c10_case_studies.kidney_bands": {"person": ("sci", 1, "zoe"), "drug": ("gabapentin", 1, "aspirin")},
    "c11_special_situations.budapest_checker": {
        "ticked": (("pain", "sym_sensory"), "pain", ("fever",))},
    "c11_special_situations.phq9_bands": {"total": (20, "12", 28)},
}
# Handles whose other value changes the chart's data rather than a control (a random seed), or
# whose default None stands for a value chosen from the data (checked by their own tests below).
# Handles that change the chart's data, not a control (the seeded people of chapter 8 travel as
# a dataset since its phone layout shares them).
CHANGES_DATA = {"c09_progress_and_team.pain_diary_explorer": {"seed"},
                "c08_mind_lifestyle.regression_to_mean": {"seed"}}
NONE_DEFAULT_OTHER = {"c07_interventions.evidence_map": {"approach"},
                      "c08_mind_lifestyle.evidence_map": {"approach"}}


FUNCTIONS = chapter_charts.builders()


def params_of(spec: dict) -> dict:
    return {p["name"]: json.dumps(p["value"], sort_keys=True) for p in spec.get("params", []) if "value" in p}


def test_every_chart_is_found_and_returns_a_chart_with_controls():
    assert len(FUNCTIONS) >= 30, sorted(FUNCTIONS)
    assert set(FUNCTIONS) == set(OTHER), "chart functions and the handle table differ"
    for key in FUNCTIONS:
        # Built once per test process (chapter_charts: an Altair chart, validated), shared with
        # the tests below and the other modules that read the default charts.
        assert params_of(chapter_charts.class_spec(key)), f"{key} has no control"


@pytest.mark.parametrize("key", sorted(OTHER))
def test_handles_are_keyword_arguments_listed_and_documented(key):
    fn = FUNCTIONS[key]
    sig = inspect.signature(fn)
    names = list(sig.parameters)
    assert names, f"{key} takes no handles"
    assert set(names) == set(OTHER[key]), f"{key}: handles {names} differ from the table"
    doc = inspect.getdoc(fn) or ""
    for name in names:
        lines = [line for line in doc.splitlines() if re.match(rf"\s*{name}: \S", line)]
        assert len(lines) == 1, f"{key}: handle {name!r} needs one docstring line 'name: what it sets'"
        assert len(lines[0].strip()) > len(name) + 10, f"{key}: {name!r} is documented too briefly"


@pytest.mark.parametrize("key,handle", [(k, h) for k in sorted(OTHER) for h in OTHER[k]])
def test_a_handle_moves_the_starting_state(key, handle):
    value = OTHER[key][handle][0]
    if value is None:
        pytest.skip("default None: see test_evidence_map_approach_handle")
    base = chapter_charts.class_spec(key)
    moved = FUNCTIONS[key](**{handle: value}).to_dict(validate=False)
    assert moved != base
    changed = {n for n, v in params_of(moved).items() if params_of(base).get(n) != v}
    if handle in CHANGES_DATA.get(key, set()):
        assert not changed and moved["datasets"] != base["datasets"]
    else:
        assert changed, f"{key}({handle}={value!r}) changed no control's starting value"


@pytest.mark.parametrize("key,handle", [(k, h) for k in sorted(OTHER) for h in OTHER[k]])
def test_a_bad_handle_value_is_refused_by_name(key, handle):
    _, wrong_type, out_of_range = OTHER[key][handle]
    fn = FUNCTIONS[key]
    with pytest.raises(TypeError, match=handle):
        fn(**{handle: wrong_type})
    if out_of_range is not None:
        with pytest.raises(ValueError, match=handle) as err:
            fn(**{handle: out_of_range})
        assert re.search(r"from .* to |one of|ids from|at least", str(err.value)), err.value


def test_issue_example_opens_the_simulator_at_a_30_hour_half_life():
    from npcourse.chapters.c05_using_drugs import figures

    spec = figures.pk_simulator(half_life=30).to_dict()
    values = {p["name"]: p.get("value") for p in spec["params"]}
    assert values["half_life"] == 30 and values["preset"] == "fictional"
    assert {p["name"]: p.get("value") for p in chapter_charts.spec(figures.pk_simulator)["params"]}["half_life"] == 12


def test_kidney_chart_handle_takes_a_cockcroft_gault_estimate():
    from npcourse.chapters.c05_using_drugs import figures
    from npcourse.models import renal

    crcl = renal.cockcroft_gault(age=78, weight=60, creatinine=1.1, sex="female")
    spec = figures.renal_dose_bands(crcl=round(crcl)).to_dict()
    assert {p["name"]: p.get("value") for p in spec["params"]}["crcl"] == round(crcl)
    with pytest.raises(ValueError, match="crcl"):  # a slider of whole numbers
        figures.renal_dose_bands(crcl=crcl + 0.25)


def test_slider_handles_must_sit_on_the_slider_grid():
    from npcourse.chapters.c02_pain_pathways import figures

    # The chart shows the grid row nearest the slider: a start off the grid would show nothing.
    with pytest.raises(ValueError, match="distance.*steps of 0.05"):
        figures.conduction_race(distance=0.82)
    assert figures.conduction_race(distance=0.85).to_dict() != figures.conduction_race().to_dict()


def test_evidence_map_approach_handle():
    from npcourse.chapters.c07_interventions import figures
    from npcourse.ui import evidence_map

    ids = list(evidence_map.evidence_frame("07-interventions")["id"])
    spec = figures.evidence_map(approach=ids[-1]).to_dict()
    assert {p["name"]: p.get("value") for p in spec["params"]}["approach"] == ids[-1]
    assert figures.evidence_map(approach=ids[0]).to_dict() == figures.evidence_map().to_dict()


def test_kidney_bands_drug_follows_the_chosen_person_unless_given():
    from npcourse.chapters.c10_case_studies import cases, figures
    from npcourse.models import renal

    for person in cases.case_ids():
        plan = cases.case(person)["plan"]["drug_id"]
        spec = figures.kidney_bands(person=person).to_dict(validate=False)  # the default is validated (chapter_charts)
        values = {p["name"]: p.get("value") for p in spec["params"]}
        expected = plan if plan in renal.drugs_with_bands() else renal.drugs_with_bands()[0]
        assert values[figures.KIDNEY_PERSON] == person and values[figures.KIDNEY_DRUG] == expected
