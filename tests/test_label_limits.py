"""Drugs without kidney bands (carbamazepine, oxcarbazepine) in chapter 10's trigeminal neuralgia
case: every dosing record keeps to the label start and ceiling for that person, and no start
comes before a negative HLA-B*15:02 result (at-risk ancestry) or a baseline sodium."""

from npcourse.chapters.c10_case_studies import cases


def test_label_limited_dosing_follows_the_label_for_the_person():
    seen = 0
    for cid in cases.case_ids():
        for record in cases.case(cid).get("dosing", []):
            if record["drug_id"] in cases.limited_drugs():
                seen += 1
                assert cases.dosing_problems(cid, record) == [], (cid, record)
    assert seen >= 4


def test_label_limit_rules_catch_unsafe_records(monkeypatch):
    start = {"drug_id": "carbamazepine", "week": 1, "kind": "start", "daily_dose": 200}
    assert cases.dosing_problems("tn", start) == []
    # the usual maintenance dose as a start, and a dose above the label's ceiling
    assert any("above the start" in p for p in cases.dosing_problems("tn", {**start, "daily_dose": 800}))
    assert any("above the ceiling" in p for p in cases.dosing_problems(
        "tn", {**start, "kind": "raised", "daily_dose": 1400}))
    # starting before the HLA-B*15:02 result (known at week 1) in a person of at-risk ancestry
    assert any("HLA-B*15:02" in p for p in cases.dosing_problems("tn", {**start, "week": 0}))
    # oxcarbazepine's start is halved below 30 mL/min
    monkeypatch.setattr(cases, "crcl", lambda case_id: 25.0)
    assert cases.limit_start("tn", "oxcarbazepine") == 300
    ox = {"drug_id": "oxcarbazepine", "week": 8, "kind": "start", "daily_dose": 600}
    assert any("above the start" in p for p in cases.dosing_problems("tn", ox))
    assert cases.dosing_problems("tn", {**ox, "daily_dose": 300}) == []


def test_forest_plot_names_the_gabapentin_subgroup_it_plots():
    """Chapter 4's NNH row for gabapentin is the immediate-release subgroup (25.6): the chart
    says so through the record's display label, while the NNT row (all formulations) does not."""
    from npcourse.chapters.c04_drug_action import figures as fig4
    from npcourse.facts import data

    gaba = data.by_id("drugs", "drugs")["gabapentin"]
    df = fig4.class_effects()
    nnh = df[(df.measure == "nnh") & (df.ids == "gabapentin")].iloc[0]
    assert nnh.estimate == gaba["nnh"]["estimate"] and nnh.label == gaba["nnh"]["display_label"]
    assert "IR" in nnh.label
    nnt = df[(df.measure == "nnt") & (df.ids == "gabapentin")].iloc[0]
    assert nnt.label == "Gabapentin"
    spec = fig4.nnt_forest_plot().to_json()
    assert gaba["nnh"]["display_label"] in spec
