"""Clinical rules where a general rule meets one person (issue 13): kidney bands are ceilings,
starts follow the label for THAT person, every band names its label, doses below a band's
floor follow the label's proportional rule, and the data's consistency rules run on load."""

import re

import pytest

from npcourse.chapters.c05_using_drugs import figures as fig5
from npcourse.chapters.c10_case_studies import cases
from npcourse.facts import data
from npcourse.models import prescribing, renal


def _drugs():
    return data.by_id("drugs", "drugs")


def start_problems(case_id: str, record: dict) -> list[str]:
    """Why a dosing record breaks the start rules for this person (empty list: it does not)."""
    out = []
    d = record["drug_id"]
    if d not in renal.drugs_with_bands():
        return out
    if record["daily_dose"] > cases.ceiling(case_id, d):
        out.append(f"{d} {record['daily_dose']:g} above the kidney ceiling {cases.ceiling(case_id, d):g}")
    if record["kind"] == "start":
        if record["daily_dose"] > cases.label_start(case_id, d):
            out.append(f"{d} starts above the label start {cases.label_start(case_id, d):g}")
        ordinary = _drugs()[d]["dose"]["start"]["low"]
        if cases.needs_lower_start(case_id) and record["daily_dose"] >= ordinary:
            out.append(f"{d}: older/frail or on a CNS depressant, yet starts at the ordinary "
                       f"{ordinary:g} mg/day or more")
    return out


@pytest.mark.parametrize("case_id", cases.case_ids())
def test_no_case_starts_above_the_label_start_or_exceeds_its_ceiling(case_id):
    for record in cases.case(case_id).get("dosing", []):
        assert start_problems(case_id, record) == [], (case_id, record)


def test_every_gabapentinoid_in_a_plan_has_dosing_records():
    for cid in cases.case_ids():
        c = cases.case(cid)
        text = " ".join(v["event"] for v in c["timeline"])
        for d in renal.drugs_with_bands():
            if re.search(rf"{d}\b.*(started|added)", text, re.I):
                assert any(r["drug_id"] == d and r["kind"] == "start" for r in c.get("dosing", [])), \
                    (cid, d)


def test_the_rule_catches_the_old_phn_start():
    # The old case started Mrs Papadaki (82, lorazepam, a fall) at the bottom of her US band.
    old_us = renal.dose_band("gabapentin", cases.crcl("phn"), "US").daily_low
    assert old_us == 400
    assert start_problems("phn", {"drug_id": "gabapentin", "kind": "start", "daily_dose": old_us})
    # and her old "raised within her band" US maximum is ~55 % above the UK/EU ceiling
    assert renal.dose_band("gabapentin", cases.crcl("phn"), "US").daily_high / cases.ceiling("phn", "gabapentin") > 1.5
    assert start_problems("phn", {"drug_id": "gabapentin", "kind": "raised", "daily_dose": 1400})
    # and 150 mg/day pregabalin with an opioid (the old 'sci' start) is not a lower start
    assert start_problems("sci", {"drug_id": "pregabalin", "kind": "start", "daily_dose": 150})


def _correct_texts():
    for cid in cases.case_ids():
        for did in cases.decision_ids(cid):
            q = cases.decision(cid, did)
            if q["type"] != "numeric":
                yield f"{cid}/{did}", [o["text"] for o in q["options"] if o["correct"]]
    for name in data.available():
        if name.startswith("quizzes/"):
            for q in data.load(name)["questions"]:
                yield q["id"], [o["text"] for o in q.get("options", []) if o.get("correct")]


def test_no_correct_answer_starts_at_the_bottom_of_a_kidney_band():
    bad = re.compile(r"(start|begin)\w*[^.]*\b(low end|bottom|lower end)\b[^.]*band", re.I)
    for where, texts in _correct_texts():
        for t in texts:
            assert not bad.search(t), (where, t)


def test_every_band_names_its_jurisdiction_and_both_gabapentin_labels_are_held():
    for d in renal.drugs_with_bands():
        for raw in _drugs()[d]["renal_bands"]:
            assert raw["jurisdiction"] in renal.JURISDICTIONS
        for j in renal.jurisdictions(d):
            assert all(b.jurisdiction == j and b.jurisdiction_label for b in renal.bands(d, j))
    assert set(renal.jurisdictions("gabapentin")) == {"US", "EU"}
    eu = {(b.crcl_min, b.daily_low, b.daily_high) for b in renal.bands("gabapentin", "EU")}
    assert eu == {(80, 900, 3600), (50, 600, 1800), (30, 300, 900), (15, 150, 600), (0, 150, 300)}
    assert renal.dose_band("gabapentin", 30, "EU").daily_high == 900   # "30-49" row owns 30
    assert renal.dose_band("gabapentin", 30, "US").daily_high == 700   # ">30 to 59" does not
    with pytest.raises(ValueError, match="jurisdiction"):
        renal.bands("pregabalin", "EU")
    with pytest.raises(ValueError, match="jurisdiction"):
        renal.bands("gabapentin", "UK")


@pytest.mark.parametrize("j", ["US", "EU"])
def test_below_15_the_gabapentin_dose_falls_in_proportion(j):
    bottom = renal.bands("gabapentin", j)[-1]      # the label's "15" / "<15" row
    assert bottom.proportional_below == 15 and bottom.daily_high == 300
    for c in [0, 1, 2.5, 5, 7.5, 10, 14.9]:
        r = renal.daily_range("gabapentin", c, j)
        assert r.scaled and r.high <= bottom.daily_high * c / 15 + 1e-9
        assert r.high > bottom.daily_high * c / 15 - 5      # rounded down to 5 mg, no further
    assert renal.daily_range("gabapentin", 7.5, j).high == bottom.daily_high / 2
    assert renal.daily_range("gabapentin", 5, j).high == 100        # a third of 300
    assert "haemodialysis" in renal.describe("gabapentin", 5, j).lower()


def test_every_dose_shown_below_a_floor_follows_the_rule():
    # the chapter 10 case explorer prints renal.describe: the scaled ceiling appears
    lines = [renal.describe("gabapentin", 5, j) for j in renal.JURISDICTIONS]
    assert any("30–100 mg/day" in t for t in lines) and any("50–100 mg/day" in t for t in lines)
    assert all("100–300" not in t for t in lines if t.startswith("Gabapentin"))
    # the chart's Vega expression names the same rule (prop edge, floor to 5 mg)
    df = fig5.renal_frame()
    g = df[(df.drug_id == "gabapentin") & (df.lo == 0)]
    assert set(g.prop) == {15.0} and "floor(datum.daily_high * crcl / datum.prop / 5) * 5" in fig5.SCALED_DOSE
    assert set(df.jurisdiction) == {"US", "EU"}


def test_label_start_for_a_person():
    assert renal.label_start("pregabalin", 50) == 75          # the label's start for 30-60
    assert renal.label_start("pregabalin", 20) == 25
    assert renal.label_start("pregabalin", 90) == 150
    assert renal.label_start("gabapentin", 90) == 300         # day 1 of the usual build-up
    assert renal.label_start("gabapentin", 5, "US") == 100    # never above the ceiling


def test_profile_flags_duloxetine_kidney_and_liver_and_tramadol():
    a = prescribing.profile_assessment({"kidney_severe": True})
    assert a["duloxetine"]["level"] == "contraindicated"
    a = prescribing.profile_assessment({"liver": True})
    assert a["duloxetine"]["level"] == "contraindicated"
    # a case that takes tramadol carries the sedative and serotonergic flags
    for cid in cases.case_ids():
        if any(m.get("drug_id") == "tramadol" for m in cases.case(cid)["medicines"]):
            assert {"sedatives", "serotonergic"} <= set(cases.case(cid)["profile_flags"]), cid
    assert "below 30" in _drugs()["duloxetine"]["cautions"]["renal"]
    assert "avoid" in _drugs()["duloxetine"]["cautions"]["renal"].lower()


def test_creatinine_units_and_impossible_results():
    mg = renal.cockcroft_gault(82, 52, 1.1, "female")
    um = renal.cockcroft_gault(82, 52, 1.1 * 88.4, "female", unit="µmol/L")
    assert um == pytest.approx(mg)
    assert renal.creatinine_to_mg_dl(88.4, "umol/L") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="unit"):
        renal.cockcroft_gault(60, 70, 1.0, "male", unit="mmol/L")
    with pytest.raises(ValueError, match="no adult kidney"):
        renal.cockcroft_gault(18, 250, 0.1, "male")      # each input inside its own guard


DRUGS_TEXT = None


def _drugs_text():
    return (data.data_dir() / "drugs.yml").read_text(encoding="utf-8")


def test_rising_band_is_refused_on_load_naming_file_record_field():
    text = _drugs_text().replace("        daily_low: 300\n        daily_high: 900\n",
                                 "        daily_low: 300\n        daily_high: 1900\n", 1)
    with pytest.raises(data.DataError, match=r"drugs\.yml.*gabapentin.*renal_bands.*daily_high"):
        data.parse(text, "drugs", "npcourse/facts/yaml/drugs.yml")


def test_ci_and_unknown_source_are_refused_on_load():
    text = _drugs_text().replace("      estimate: 7.7\n", "      estimate: 70.7\n", 1)
    with pytest.raises(data.DataError, match=r"pregabalin.*estimate"):
        data.parse(text, "drugs", "npcourse/facts/yaml/drugs.yml")
    text = _drugs_text().replace("sources: [smpc_gabapentin]", "sources: [no_such_key_2026]", 1)
    with pytest.raises(data.DataError, match=r"no_such_key_2026.*references\.bib"):
        data.parse(text, "drugs", "npcourse/facts/yaml/drugs.yml")
