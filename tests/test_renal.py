"""Cockcroft–Gault against hand calculations; kidney dose bands from drugs.yml."""

from __future__ import annotations

import pytest

from npcourse.facts import data
from npcourse.models import renal


def test_cockcroft_gault_by_hand():
    # Worked values of the chapter and quiz (provenance/05-notes.md, section 1.2).
    assert renal.cockcroft_gault(78, 60, 1.1, "female") == pytest.approx(62 * 60 / 79.2 * 0.85)
    assert round(renal.cockcroft_gault(78, 60, 1.1, "female")) == 40
    assert round(renal.cockcroft_gault(70, 60, 1.0, "female")) == 50
    assert round(renal.cockcroft_gault(80, 70, 1.4, "male")) == 42
    # Textbook-style example: 40-year-old man, 72 kg, 1.0 mg/dL -> 100 mL/min.
    assert renal.cockcroft_gault(40, 72, 1.0, "male") == pytest.approx(100)
    assert renal.cockcroft_gault(40, 72, 1.0, "female") == pytest.approx(85)


@pytest.mark.parametrize("args, message", [
    ((17, 70, 1.0, "male"), "age must be at least 18"),
    ((101, 70, 1.0, "male"), "age must be at most 100"),
    ((40, 0, 1.0, "male"), "weight must be greater than 0"),
    ((40, -5, 1.0, "male"), "weight must be greater than 0"),
    ((40, 70, 0, "male"), "creatinine must be a serum creatinine between"),
    ((40, 70, 88, "male"), r"creatinine .*µmol/L"),
    ((40, 70, 1.0, "man"), "sex must be one of"),
    ((40, "70", 1.0, "male"), "weight must be a number"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises((TypeError, ValueError), match=message):
        renal.cockcroft_gault(*args)


def with_bands():
    return renal.drugs_with_bands()


def test_unknown_drug_lists_the_allowed_ids():
    with pytest.raises(ValueError, match=r"drug_id must be one of .*'gabapentin'"):
        renal.dose_band("gabapentine", 50)
    without = [d["id"] for d in data.records("drugs", "drugs") if d["id"] not in with_bands()]
    with pytest.raises(data.DataError, match="has no renal_bands"):
        renal.dose_band(without[0], 50)
    with pytest.raises(ValueError, match="crcl must be at least 0"):
        renal.dose_band("gabapentin", -1)


def with_bands_and_labels():
    return [(d, j) for d in renal.drugs_with_bands() for j in renal.jurisdictions(d)]


@pytest.mark.parametrize("drug_id,j", with_bands_and_labels())
def test_bands_cover_every_clearance_once(drug_id, j):
    bs = renal.bands(drug_id, j)
    raw = [r for r in data.by_id("drugs", "drugs")[drug_id]["renal_bands"] if r["jurisdiction"] == j]
    assert len(bs) == len(raw)
    for c in [x / 2 for x in range(0, 400)]:
        found = [b for b in bs if b.contains(c)]
        assert len(found) == 1, (drug_id, c)
        assert renal.dose_band(drug_id, c, j) == found[0]
        assert found[0].crcl_min <= c
    for b in bs:  # each band's own values come from the data
        r = next(x for x in raw if x["crcl_min"] == b.crcl_min)
        assert (b.daily_low, b.daily_high, b.unit) == (r["daily_low"], r["daily_high"], r["unit"])
        assert b.jurisdiction == j
        mid = b.crcl_min + 1 if b.upper is None else (b.crcl_min + b.upper) / 2
        assert renal.dose_band(drug_id, mid, j).crcl_min == b.crcl_min


@pytest.mark.parametrize("drug_id,j", with_bands_and_labels())
def test_edges_follow_the_documented_rule(drug_id, j):
    bs = renal.bands(drug_id, j)
    raw = {r["crcl_min"]: r for r in data.by_id("drugs", "drugs")[drug_id]["renal_bands"]
           if r["jurisdiction"] == j}
    top = bs[0]
    assert renal.dose_band(drug_id, top.crcl_min, j) == top  # the top band's "≥" edge
    for b in bs[1:]:
        if b.crcl_min == 0:
            continue
        owner = renal.dose_band(drug_id, b.crcl_min, j)
        if raw[b.crcl_min].get("includes_crcl_min", False):  # the label row includes its edge
            assert owner == b
        else:  # default: an edge goes to the lower band
            assert owner.crcl_min < b.crcl_min
    doses = [b.daily_high for b in bs]
    assert doses == sorted(doses, reverse=True), "lower clearance, lower top dose"


def test_every_band_label_contains_every_clearance_it_owns():
    # Sweep 0-200 mL/min in 0.5 steps: the printed range of the band a clearance falls in must
    # contain it (main printed "> 15 to 29 mL/min" beside 30 and 29.5; issue 19).
    def inside(label: str, crcl: float) -> bool:
        parts = label.replace(" mL/min", "").split(" to ")
        low, top = (parts if len(parts) == 2 else (None, parts[0]))
        ok = True
        if low is not None:
            ok &= crcl > float(low[2:]) if low.startswith("> ") else crcl >= float(low)
        for sign, test in (("≥ ", lambda v: crcl >= v), ("> ", lambda v: crcl > v),
                           ("≤ ", lambda v: crcl <= v), ("< ", lambda v: crcl < v)):
            if top.startswith(sign):
                return ok and test(float(top[2:]))
        return ok and crcl <= float(top)
    for drug in renal.drugs_with_bands():
        for jurisdiction in renal.jurisdictions(drug):
            for crcl in [x / 2 for x in range(0, 401)]:
                b = renal.dose_band(drug, crcl, jurisdiction)
                assert inside(b.crcl_label, crcl), (drug, jurisdiction, crcl, b.crcl_label)


def test_pregabalin_15_belongs_to_the_15_to_30_row():
    # Label rows (as transcribed): ">= 60", "30-60", "15-30", "<15"; 30 is listed twice.
    assert [b.crcl_label for b in renal.bands("pregabalin")] == [
        "≥ 60 mL/min", "> 30 to < 60 mL/min", "15 to 30 mL/min", "< 15 mL/min"]
    assert renal.dose_band("pregabalin", 15).daily_high == 150
    assert renal.dose_band("pregabalin", 14.9).daily_high == 75
    assert renal.dose_band("pregabalin", 30).daily_high == 150  # listed twice: the lower dose
    assert renal.dose_band("pregabalin", 60).daily_high == 600
    # Gabapentin's rows are "> 30-59", "> 15-29" and "15": 15 and 30 take the lower band.
    assert renal.dose_band("gabapentin", 15).daily_high == 300
    assert renal.dose_band("gabapentin", 30).daily_high == 700


def _fake_bands(monkeypatch, bands):
    drugs = {"testdrug": {"id": "testdrug", "renal_bands": bands}}
    monkeypatch.setattr(renal.data, "by_id", lambda *_: drugs)


def band(lo, hi, dose, **extra):
    return {"crcl_min": lo, "crcl_max": hi, "daily_low": dose, "daily_high": dose,
            "unit": "mg/day", "sources": ["x"], **extra}


@pytest.mark.parametrize("bands, message", [
    ([band(50, None, 10), band(50, 80, 5), band(0, 50, 1)], "repeat a crcl_min"),
    ([band(50, 90, 10), band(0, 50, 5)], "top band with crcl_max null"),
    ([band(50, None, 10), band(10, 50, 5)], "from crcl_min 0"),
    ([band(50, None, 10), band(10, 60, 5), band(0, 10, 1)], "overlaps the band above"),
    ([band(50, None, 10), band(0, 50, 5, includes_crcl_min=False)], "must include 0"),
])
def test_bad_band_data_is_named(monkeypatch, bands, message):
    _fake_bands(monkeypatch, bands)
    with pytest.raises(data.DataError, match=message):
        renal.bands("testdrug")


def test_an_edge_a_band_claims_is_left_by_the_band_below(monkeypatch):
    _fake_bands(monkeypatch, [band(50, None, 10), band(20, 50, 5, includes_crcl_min=True),
                              band(0, 20, 1)])
    assert [b.crcl_label for b in renal.bands("testdrug")] == [
        "≥ 50 mL/min", "20 to < 50 mL/min", "< 20 mL/min"]
    assert renal.dose_band("testdrug", 20).daily_high == 5
    assert renal.dose_band("testdrug", 19.99).daily_high == 1
    assert renal.dose_band("testdrug", 50).daily_high == 10


def test_labels_of_unusual_edges(monkeypatch):
    # A top band that leaves its edge to the band below, and a bottom band whose label
    # figure (14) sits below where it really ends (15).
    _fake_bands(monkeypatch, [band(50, None, 10, includes_crcl_min=False), band(15, 50, 5),
                              band(0, 14, 1)])
    # Printed: where each band really ends (the bottom band owns up to 15, not the label's 14).
    assert [b.crcl_label for b in renal.bands("testdrug")] == [
        "> 50 mL/min", "> 15 to 50 mL/min", "≤ 15 mL/min"]
    assert renal.dose_band("testdrug", 50).daily_high == 5
    assert renal.dose_band("testdrug", 14.5).daily_high == 1
