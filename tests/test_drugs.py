"""drugs.yml sanity (ranges ordered, CIs contain estimates, every number sourced, every source
in the bibliography) and the npcourse.models.drugs access layer. Values are read from the file, never
copied here, so corrections to the data do not break these tests."""

from __future__ import annotations

import math
import numbers

import pandas as pd
import pytest
from pybtex.database import parse_file

from npcourse.facts import data, schemas
from npcourse.models import drugs

from .conftest import ROOT

RECORDS = data.records("drugs", "drugs")
IDS = [r["id"] for r in RECORDS]


@pytest.fixture(scope="module")
def bib_keys():
    return set(parse_file(str(ROOT / "book" / "references.bib")).entries)


def walk(node, path="drugs"):
    """Every dict in the record with its location."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from walk(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}[{i}]")


def is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


# --- the data file -------------------------------------------------------------------------

def test_ids_unique_and_sites_known():
    assert len(IDS) == len(set(IDS))
    for r in RECORDS:
        assert set(r["sites"]) <= set(schemas.SITES["enum"]), r["id"]


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_ranges_are_ordered(record):
    for where, node in walk(record, record["id"]):
        if "low" in node and "high" in node and is_number(node["low"]):
            assert node["low"] <= node["high"], f"{where}: low > high"
        if "daily_low" in node:
            assert node["daily_low"] <= node["daily_high"], f"{where}: daily_low > daily_high"
        if node.get("crcl_max") is not None and "crcl_min" in node:
            assert node["crcl_min"] < node["crcl_max"], f"{where}: crcl_min >= crcl_max"


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_ci_contains_its_estimate(record):
    for m in drugs.MEASURES:
        e = record.get(m)
        if not e:
            continue
        assert e["estimate"] > 0
        if e.get("ci_low") is not None:
            assert e["ci_low"] <= e["estimate"], f"{record['id']}.{m}: ci_low > estimate"
        if e.get("ci_high") is not None:
            assert e["estimate"] <= e["ci_high"], f"{record['id']}.{m}: estimate > ci_high"


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_number_has_a_source(record):
    assert record["sources"], f"{record['id']}: no sources"
    for where, node in walk(record, record["id"]):
        if any(is_number(v) for k, v in node.items() if k != "sources"):
            assert node.get("sources"), f"{where}: a number without its own sources"
            assert all(isinstance(k, str) and k.strip() for k in node["sources"]), where


def test_every_source_key_is_in_references_bib(bib_keys):
    missing = {}
    for r in RECORDS:
        for where, node in walk(r, r["id"]):
            for key in node.get("sources", []) if isinstance(node.get("sources"), list) else []:
                if key not in bib_keys:
                    missing.setdefault(key, []).append(where)
    assert not missing, f"source keys not in book/references.bib: {missing}"


# --- the access layer ----------------------------------------------------------------------

def test_drug_and_ids():
    assert drugs.drug_ids() == IDS
    for r in RECORDS:
        assert drugs.drug(r["id"]) is r or drugs.drug(r["id"]) == r


@pytest.mark.parametrize("bad, error, message", [
    ("ibuprofen", ValueError, r"drug_id must be one of 'gabapentin'.*got 'ibuprofen'"),
    ("", ValueError, "drug_id must be one of"),
    (3, TypeError, "drug_id must be a string"),
])
def test_unknown_drug_is_named(bad, error, message):
    with pytest.raises(error, match=message):
        drugs.drug(bad)


def test_effects_table_matches_the_records():
    eff = drugs.effects_table()
    assert list(eff.columns) == drugs.EFFECT_COLUMNS
    for m in drugs.MEASURES:
        have = [r["id"] for r in RECORDS if r.get(m)]
        sub = drugs.effects_table(m)
        assert list(sub["id"]) == have == list(eff[eff["measure"] == m]["id"])
        assert sorted(drugs.missing_effects(m) + have) == sorted(IDS)
        for row in sub.itertuples():
            e = drugs.drug(row.id)[m]
            assert row.estimate == e["estimate"]
            for k in ("ci_low", "ci_high"):
                want = e.get(k)
                got = getattr(row, k)
                assert (math.isnan(got) if want is None else got == want)
            assert row.sources == ", ".join(e["sources"])
    with pytest.raises(ValueError, match="measure must be one of 'nnt', 'nnh'"):
        drugs.effects_table("nns")
    with pytest.raises(ValueError, match="measure must be one of"):
        drugs.missing_effects("harm")


def test_lines_table_has_every_drug_in_every_guideline():
    t = drugs.lines_table()
    assert len(t) == len(IDS) * len(drugs.GUIDELINES)
    assert set(t["line"]) <= set(schemas.LINE["enum"])
    for row in t.itertuples():
        assert row.line == drugs.drug(row.id)["guideline_lines"][row.guideline]
    assert isinstance(t, pd.DataFrame)


# --- NNT arithmetic ------------------------------------------------------------------------

def test_number_needed_by_hand():
    # Exercise ex-ch04-1 (invented): 66/200 vs 40/200 and 30/200 vs 10/200.
    r = drugs.number_needed(66, 200, 40, 200, method="wald")
    assert r.estimate == pytest.approx(1 / 0.13) and r.rounded_up == 8
    se = math.sqrt(0.33 * 0.67 / 200 + 0.20 * 0.80 / 200)
    assert r.ci_low == pytest.approx(1 / (0.13 + 1.96 * se), rel=1e-3)
    assert r.ci_high == pytest.approx(1 / (0.13 - 1.96 * se), rel=1e-3)
    assert (r.ci_low, r.ci_high) == pytest.approx((4.64, 22.5), abs=0.01)
    h = drugs.number_needed(30, 200, 10, 200)
    assert h.estimate == pytest.approx(10) and h.rounded_up == 10


def test_number_needed_matches_the_quiz():
    quiz = {q["id"]: q for q in data.load("quizzes/04-drug-action")["questions"]}
    # ch04-q09: 38% vs 21%; ch04-q10: 18/150 vs 6/150; ch04-q11: 45% vs 35%.
    assert drugs.nnt_from_proportions(0.38, 0.21) == pytest.approx(
        quiz["ch04-q09"]["answer"], abs=quiz["ch04-q09"]["tolerance"])
    assert drugs.number_needed(18, 150, 6, 150).estimate == pytest.approx(
        quiz["ch04-q10"]["answer"], abs=quiz["ch04-q10"]["tolerance"])
    assert drugs.nnt_from_proportions(0.45, 0.35) == pytest.approx(
        quiz["ch04-q11"]["answer"], abs=quiz["ch04-q11"]["tolerance"])
    assert drugs.nnt_from_proportions(0.45, 0.20) == pytest.approx(4.0)


def test_unbounded_interval_when_the_difference_may_be_zero():
    r = drugs.number_needed(12, 40, 8, 40)
    assert r.difference_low < 0 and r.ci_low is None and r.ci_high is None
    assert r.estimate == pytest.approx(10)


@pytest.mark.parametrize("args, error, message", [
    ((-1, 200, 40, 200), ValueError, "events_drug must be at least 0"),
    ((66, 200, -4, 200), ValueError, "events_placebo must be at least 0"),
    ((66, 0, 40, 200), ValueError, "n_drug must be greater than 0"),
    ((66, 200, 40, 0), ValueError, "n_placebo must be greater than 0"),
    ((66, 200.5, 40, 200), ValueError, "n_drug must be a whole number"),
    ((210, 200, 40, 200), ValueError, r"events_drug must be at most n_drug \(200\)"),
    (("66", 200, 40, 200), TypeError, "events_drug must be a number"),
    ((40, 200, 40, 200), ValueError, "must be greater than events_placebo / n_placebo"),
    ((30, 200, 40, 200), ValueError, "must be greater than events_placebo / n_placebo"),
])
def test_number_needed_bad_input_named(args, error, message):
    with pytest.raises(error, match=message):
        drugs.number_needed(*args)


@pytest.mark.parametrize("args, message", [
    ((1.2, 0.2), "p_drug must be at most 1"),
    ((0.4, -0.1), "p_placebo must be at least 0"),
    ((0.3, 0.3), "p_drug must be greater than p_placebo"),
])
def test_nnt_from_proportions_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        drugs.nnt_from_proportions(*args)


# --- issue 13: clinical-safety rules over the records (H2) ----------------------------------
# The interaction checklist, as data: each category is a pattern that a record's "with" text
# must match, and APPLIES says which categories a drug's label or guideline makes relevant.
import re as _re  # noqa: E402

INTERACTION_CHECKLIST = {
    "maoi": r"\bMAO(I|Is)?\b|monoamine oxidase",
    "cyp2d6": r"CYP2D6",
    "serotonergic": r"serotonergic|triptans|SSRIs|SNRIs|tramadol",
    "qt": r"\bQT\b",
    "cns_depressants": r"CNS depressants|centrally acting|benzodiazepines|alcohol",
    "anticholinergic": r"anticholinergic",
    "bleeding": r"NSAIDs|antiplatelet|anticoagulant|warfarin",
}
APPLIES = {
    "amitriptyline": {"maoi", "cyp2d6", "serotonergic", "qt", "cns_depressants", "anticholinergic"},
    "duloxetine": set(INTERACTION_CHECKLIST),
    "venlafaxine": {"maoi", "serotonergic"},
    "tramadol": {"maoi", "serotonergic", "cyp2d6", "cns_depressants"},
    "gabapentin": {"cns_depressants"},
    "pregabalin": {"cns_depressants"},
}
ANTIDEPRESSANT = _re.compile(r"antidepressant|reuptake inhibitor", _re.I)


def _withs(rec):
    return [i["with"] for i in rec["interactions"]]


def test_every_antidepressant_names_maois():
    found = [r["id"] for r in RECORDS if ANTIDEPRESSANT.search(r["drug_class"])]
    assert {"amitriptyline", "duloxetine", "venlafaxine"} <= set(found)
    for r in RECORDS:
        if ANTIDEPRESSANT.search(r["drug_class"]):
            assert any(_re.search(INTERACTION_CHECKLIST["maoi"], w) for w in _withs(r)), (
                f"drugs.yml: {r['id']} is an antidepressant but no interaction names MAO inhibitors")


@pytest.mark.parametrize("drug_id", sorted(APPLIES))
def test_interaction_record_covers_its_checklist(drug_id):
    withs = _withs(data.by_id("drugs", "drugs")[drug_id])
    missing = [c for c in sorted(APPLIES[drug_id])
               if not any(_re.search(INTERACTION_CHECKLIST[c], w, _re.I) for w in withs)]
    assert not missing, f"drugs.yml: {drug_id} interactions lack {missing}"


def test_maoi_records_say_contraindicated():
    for d in ("amitriptyline", "duloxetine", "venlafaxine"):
        recs = [i for i in data.by_id("drugs", "drugs")[d]["interactions"]
                if _re.search(INTERACTION_CHECKLIST["maoi"], i["with"])]
        assert recs and "contraindicated" in recs[0]["effect"].lower()


def test_pregabalin_serious_effects_are_complete():
    serious = " ".join(drugs.drug("pregabalin")["adverse_effects"]["serious"]).lower()
    for word in ("respiratory depression", "angioedema", "hypersensitivity", "dependence",
                 "withdrawal", "seizure", "suicidal"):
        assert word in serious, word
    assert len(drugs.drug("pregabalin")["adverse_effects"]["serious"]) >= 4


def test_tricyclic_overdose_and_beers_avoid():
    ami = drugs.drug("amitriptyline")
    serious = " ".join(ami["adverse_effects"]["serious"])
    assert "QRS" in serious and "overdose" in serious.lower()
    assert "AVOID" in ami["cautions"]["elderly"] and "Beers" in ami["cautions"]["elderly"]
    assert "ags2023beers" in ami["cautions"]["sources"]
    other = ami["cautions"]["other"].lower()
    assert "small quantities" in other and "ecg" in other


def test_hla_warnings_name_south_asia_and_both_alleles():
    cbz, oxc = drugs.drug("carbamazepine"), drugs.drug("oxcarbazepine")
    cbz_text = cbz["cautions"]["other"] + " ".join(cbz["adverse_effects"]["serious"])
    oxc_text = oxc["cautions"]["other"] + " ".join(oxc["adverse_effects"]["serious"])
    for text in (cbz_text, oxc_text):
        assert "HLA-B*15:02" in text and "South Asia" in text
        assert "East" not in text  # not framed as East/South-East Asian only
    assert "HLA-A*31:01" in cbz_text
    assert "phillips2018cpic" in cbz["cautions"]["sources"]
    assert "phillips2018cpic" in oxc["cautions"]["sources"]


def test_capsaicin_patch_not_on_face_or_scalp():
    other = drugs.drug("capsaicin-patch")["cautions"]["other"].lower()
    assert "face" in other and "scalp" in other


def test_strong_opioid_dose_note_gives_harm_threshold():
    note = drugs.drug("strong-opioids")["dose"]["daily"]["note"]
    assert "120 mg/day" in note
    assert "fpm_opioids_aware" in drugs.drug("strong-opioids")["dose"]["daily"]["sources"]


def test_gabapentin_nnt_is_the_headline_value():
    nnt = drugs.drug("gabapentin")["nnt"]
    assert (nnt["estimate"], nnt["ci_low"], nnt["ci_high"]) == (7.2, 5.9, 9.1)
    assert "immediate release" in nnt["note"].lower() and "6.3" in nnt["note"]


def test_nice_choice_of_four_carries_its_sciatica_scope():
    """A guideline statement carries its scope: every NICE CG173 first-choice drug's note says
    that CG173 does not cover sciatica and cites NG59."""
    firsts = [r for r in RECORDS if r["guideline_lines"]["nice_2013"] == "first"]
    assert {r["id"] for r in firsts} == {"gabapentin", "pregabalin", "amitriptyline", "duloxetine"}
    for r in firsts:
        assert "sciatica" in r["guideline_lines"]["note"], r["id"]
        assert "nice_ng59" in r["guideline_lines"]["sources"], r["id"]


# Newcombe (1998) Stat Med 17:873, Table II, method 10 (hybrid score), 95 %: published limits, as
# also reproduced in the propint R package's tests.
@pytest.mark.parametrize("counts,limits", [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((10, 10, 0, 10), (0.6075, 1.0)),
])
def test_newcombe_interval_matches_published_values(counts, limits):
    assert drugs.difference_interval(*counts) == pytest.approx(limits, abs=1e-4)


@pytest.mark.parametrize("counts", [(9, 10, 1, 10), (10, 10, 0, 10), (1, 1, 0, 1), (200, 200, 0, 200)])
def test_nnt_interval_is_bounded_at_extreme_proportions(counts):
    """Issue 19: Wald gave 1.063 (9/10 vs 1/10) and a zero-width interval (10/10 vs 0/10)."""
    r = drugs.number_needed(*counts)
    assert r.method == "newcombe"
    assert -1 <= r.difference_low < r.difference <= r.difference_high <= 1
    assert r.difference_high - r.difference_low > 0.01
    if counts == (1, 1, 0, 1):  # one person per arm: the interval of the difference includes 0
        assert r.difference_low < 0 and r.ci_low is None and r.ci_high is None
    else:
        assert 1 <= r.ci_low <= r.estimate <= r.ci_high


def test_wilson_interval_by_hand():
    # Wilson (1927) score interval, 95 %: 0 of 10 gives 0 to 0.2775; 10 of 10 gives 0.7225 to 1.
    assert drugs.wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert drugs.wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    with pytest.raises(ValueError, match="method must be"):
        drugs.difference_interval(1, 2, 0, 2, method="exact")
