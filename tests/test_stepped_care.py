"""Chapter 7 models: the stepped-care ladder rules (provenance/07-notes.md, section 1) and the
referral checklist (section 4), with their sources and input validation."""

from __future__ import annotations

import itertools
import re

import pytest

from npcourse.chapters.c07_interventions import selection
from npcourse.chapters.c07_interventions import stepped_care as sc

from .conftest import ROOT

COMBOS = list(itertools.product(sc.RESPONSES, sc.SEVERITIES, sc.DIAGNOSES))


def test_foundations_and_first_line_always_reasonable():
    for r, s, d in COMBOS:
        assert sc.reasonable("foundations", r, s, d) and sc.reasonable("first-line-medicines", r, s, d)
        assert not sc.reasonable("sympathetic-block-phn", r, s, d)  # recommended against


@pytest.mark.parametrize("option", ["later-line-medicines-rtms", "epidural-steroid"])
def test_middle_rungs_need_one_failed_class(option):
    for r, s, d in COMBOS:
        assert sc.reasonable(option, r, s, d) == (r != "not-yet-tried")


@pytest.mark.parametrize("option", ["implanted-stimulation", "intrathecal-delivery"])
def test_devices_need_several_failed_and_severe(option):
    for r, s, d in COMBOS:
        assert sc.reasonable(option, r, s, d) == (r == "several-failed" and s == "severe")


def test_surgery_rules_and_it_stays_off_the_ladder():
    assert all(o.rung is None for o in sc.SURGERY)
    for r, s, d in COMBOS:
        ctr = sc.reasonable("carpal-tunnel-release", r, s, d)
        mvd = sc.reasonable("microvascular-decompression", r, s, d)
        assert ctr == (d == "carpal-tunnel-syndrome" and (r != "not-yet-tried" or s == "severe"))
        assert mvd == (d == "classical-trigeminal-neuralgia" and r != "not-yet-tried")
        assert sc.surgery_options(r, s, d) == [o.id for o in sc.SURGERY if sc.reasonable(o.id, r, s, d)]
    # Surgery can be reasonable while the devices are not: it can come earlier.
    assert sc.reasonable("microvascular-decompression", "one-class-failed", "mild-to-moderate",
                         "classical-trigeminal-neuralgia")
    assert not sc.reasonable("implanted-stimulation", "one-class-failed", "mild-to-moderate")


def test_epidural_rung_for_radicular_pain_only():
    assert sc.highest_rung("one-class-failed", "severe", True) == 3
    assert sc.highest_rung("one-class-failed", "severe", False) == 2
    assert sc.highest_rung("several-failed", "mild-to-moderate", False) == 2
    assert sc.highest_rung("several-failed", "severe", False) == 5
    assert sc.highest_rung("not-yet-tried", "severe", True) == 1
    assert sc.reasonable("epidural-steroid", "one-class-failed", "severe")  # generic ladder
    assert not sc.reasonable("epidural-steroid", "one-class-failed", "severe", radicular=False)


def test_placement_rows():
    rows = sc.placement("several-failed", "severe", "carpal-tunnel-syndrome")
    assert {r["id"] for r in rows} == set(sc.OPTIONS)
    assert {r["id"] for r in rows if r["reasonable"]} == {
        "foundations", "first-line-medicines", "later-line-medicines-rtms", "epidural-steroid",
        "implanted-stimulation", "intrathecal-delivery", "carpal-tunnel-release"}


@pytest.mark.parametrize("call, error, match", [
    (lambda: sc.reasonable("scs", "several-failed", "severe"), ValueError, "option_id must be one of"),
    (lambda: sc.placement("failed", "severe"), ValueError, "response must be one of"),
    (lambda: sc.placement("several-failed", 8), TypeError, "severity must be a string"),
    (lambda: sc.surgery_options("several-failed", "severe", "sciatica"), ValueError,
     "diagnosis must be one of"),
    (lambda: sc.highest_rung("several-failed", "severe", "yes"), TypeError, "radicular must be True or False"),
])
def test_ladder_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_every_source_is_in_the_bibliography():
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for o in sc.OPTIONS.values():
        assert set(o.sources) <= keys, o.id
    answers = {"diagnosis": "possible", "pain_mm": 10, "months": 1, "ischaemic": True,
               "mdt_assessed": False, "psych_flag": True, "psychosis_history": True,
               "intrathecal_hazard": True, "head_implant": True}
    findings = selection.assess(answers).findings
    assert len(findings) == len(selection.QUESTIONS)  # every rule fired once
    for f in findings:
        assert set(f.sources) <= keys, f.rule


# --- referral checklist --------------------------------------------------------------------

def test_defaults_meet_every_criterion():
    a = selection.assess({})
    assert a.verdict == selection.DISCUSS and a.blocking == ()
    assert [f.rule for f in a.findings] == ["screening_trial"]  # information only


@pytest.mark.parametrize("change, rule, verdict", [
    ({"diagnosis": "possible"}, "diagnosis", selection.NOT_YET),
    ({"diagnosis": "none"}, "diagnosis", selection.NOT_YET),
    ({"pain_mm": 49}, "pain_mm", selection.NOT_YET),
    ({"months": 5.5}, "months", selection.NOT_YET),
    ({"mdt_assessed": False}, "mdt_assessed", selection.NOT_YET),
    ({"ischaemic": True}, "ischaemic", selection.NOT_INDICATED),
])
def test_each_blocking_rule(change, rule, verdict):
    a = selection.assess(change)
    assert a.verdict == verdict and a.blocking == (rule,)


@pytest.mark.parametrize("change", [{"pain_mm": 50}, {"months": 6}, {"diagnosis": "definite"},
                                    {"psych_flag": True}, {"screening_trial": "below-50"},
                                    {"psychosis_history": True}, {"intrathecal_hazard": True},
                                    {"head_implant": True}])
def test_non_blocking_answers(change):
    a = selection.assess(change)
    assert a.verdict == selection.DISCUSS and a.blocking == ()


def test_option_specific_contraindications():
    a = selection.assess({"psychosis_history": True, "head_implant": True})
    by_rule = {f.rule: f for f in a.findings}
    assert by_rule["psychosis_history"].option == "intrathecal ziconotide"
    assert by_rule["psychosis_history"].level == "contraindicated"
    assert by_rule["head_implant"].option == "rTMS"
    assert selection.assess({"psych_flag": True}).findings[0].level == "address-first"
    assert "SUCCESSFUL" in selection.assess({"screening_trial": "below-50"}).findings[-1].message
    ischaemic_and_short = selection.assess({"ischaemic": True, "months": 2})
    assert ischaemic_and_short.verdict == selection.NOT_INDICATED
    assert ischaemic_and_short.blocking == ("months", "ischaemic")


@pytest.mark.parametrize("answers, error, match", [
    ({"pain": 60}, ValueError, "unknown key"),
    ({"pain_mm": 120}, ValueError, r"answers\['pain_mm'\] must be at most 100"),
    ({"months": -1}, ValueError, r"answers\['months'\] must be at least 0"),
    ({"ischaemic": "no"}, TypeError, r"answers\['ischaemic'\] must be True or False"),
    ({"diagnosis": "likely"}, ValueError, r"answers\['diagnosis'\] must be one of"),
    ({"screening_trial": "yes"}, ValueError, r"answers\['screening_trial'\] must be one of"),
    ([("pain_mm", 60)], TypeError, "answers must be a dict"),
])
def test_checklist_bad_input(answers, error, match):
    with pytest.raises(error, match=match):
        selection.assess(answers)
