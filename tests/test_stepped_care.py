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


def test_middle_rungs_need_one_failed_class():
    for r, s, d in COMBOS:
        assert sc.reasonable("later-line-medicines-rtms", r, s, d) == (r != "not-yet-tried")


def test_epidural_rung_follows_nice_ng59_acute_and_severe_sciatica():
    """NG59: epidural local anaesthetic and steroid for acute and SEVERE sciatica, not "after one
    drug class failed" (a drug failure is neither needed nor enough)."""
    for r, s, d in COMBOS:
        assert sc.reasonable("epidural-steroid", r, s, d, radicular=True) == (s == "severe")
        assert not sc.reasonable("epidural-steroid", r, s, d, radicular=False)
    o = sc.OPTIONS["epidural-steroid"]
    assert "nice_ng59" in o.sources and "acute and severe sciatica" in o.rule


def test_sciatica_drug_carve_out_is_noted_where_the_drugs_sit():
    first, later = sc.OPTIONS["first-line-medicines"], sc.OPTIONS["later-line-medicines-rtms"]
    assert "gabapentinoids" in first.note and "nice_ng59" in first.sources
    assert "mathieson2017pregabalin" in first.sources
    assert "opioids" in later.note and "nice_ng59" in later.sources


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
    assert sc.highest_rung("not-yet-tried", "severe", True) == 3  # acute and severe sciatica
    assert sc.highest_rung("one-class-failed", "mild-to-moderate", True) == 2
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
    assert a.findings[0].level == "info"


def ta159_verdict(a: dict) -> str:
    """NICE TA159 (recommendations 1.1-1.3), written independently of the module.

    SCS is an option for chronic pain of NEUROPATHIC origin (diagnosis at least 'probable') of at
    least 50 mm on a 0-100 mm VAS for at least 6 months despite appropriate conventional medical
    management, after a SUCCESSFUL trial of stimulation as part of an assessment by an experienced
    multidisciplinary team; not for ischaemic pain except in research.
    """
    if a["ischaemic"]:
        return selection.NOT_INDICATED
    if a["screening_trial"] == "below-50":
        return selection.NOT_RECOMMENDED
    if (a["diagnosis"] not in ("probable", "definite") or a["pain_mm"] < 50 or a["months"] < 6
            or not a["mdt_assessed"]):
        return selection.NOT_YET
    if a["screening_trial"] == "not-done":
        return selection.DISCUSS_TRIAL
    return selection.DISCUSS


def test_verdict_agrees_with_nice_ta159_for_every_input_combination():
    """Exhaustive: every combination of every answer (numbers at and around each threshold)."""
    grid = {
        "diagnosis": ("none", "possible", "probable", "definite"),
        "pain_mm": (0, 49, 49.9, 50, 50.1, 100),
        "months": (0, 5, 5.99, 6, 6.5, 600),
        "ischaemic": (False, True),
        "mdt_assessed": (False, True),
        "psych_flag": (False, True),
        "screening_trial": selection.SCREENING_RESULTS,
        "psychosis_history": (False, True),
        "intrathecal_hazard": (False, True),
        "head_implant": (False, True),
    }
    assert set(grid) == set(selection.QUESTIONS)
    n = discuss = 0
    for values in itertools.product(*grid.values()):
        answers = dict(zip(grid, values, strict=True))
        got = selection.assess(answers)
        want = ta159_verdict(answers)
        assert got.verdict == want, answers
        # "discuss implant" only after a successful trial, and never for ischaemic pain
        if got.verdict == selection.DISCUSS:
            discuss += 1
            assert answers["screening_trial"] == "at-least-50" and not answers["ischaemic"]
            assert got.blocking == ()
        else:
            assert got.blocking, answers
        n += 1
    assert n == 4 * 6 * 6 * 2 * 2 * 2 * 3 * 2 * 2 * 2 and discuss > 0


def test_failed_trial_is_not_recommended_and_names_nice():
    a = selection.assess({"screening_trial": "below-50"})
    assert a.verdict == selection.NOT_RECOMMENDED and a.blocking == ("screening_trial",)
    f = a.findings[-1]
    assert f.level == "not-recommended" and "SUCCESSFUL" in f.message
    assert "nice2008ta159" in f.sources
    assert selection.DISCUSS not in a.verdict


def test_no_trial_yet_means_trial_first():
    a = selection.assess({"screening_trial": "not-done"})
    assert a.verdict == selection.DISCUSS_TRIAL and a.blocking == ("screening_trial",)
    # another unmet criterion takes precedence over "trial first"
    assert selection.assess({"screening_trial": "not-done", "pain_mm": 30}).verdict == selection.NOT_YET


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
                                    {"psych_flag": True}, {"screening_trial": "at-least-50"},
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
