"""The generic evidence map (npcourse.ui.evidence_map): every approach of a chapter from
therapies.yml, the fixed certainty scale, population and rating markers, budgets and errors."""

from __future__ import annotations

import json
import re

import pytest

from npcourse.facts import data
from npcourse.ui import charts, page, sources
from npcourse.ui import evidence_map as evidence

CHAPTERS = evidence.chapters_with_approaches()


def flat(spec) -> str:
    return json.dumps(spec, ensure_ascii=False).replace("\\n", " ")


def test_chapters_with_approaches_come_from_the_data():
    assert CHAPTERS == sorted({r["chapter"] for r in data.records("therapies", "therapies")})
    assert "06-rehabilitation" in CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_approach_is_one_row_sorted_by_certainty(chapter):
    records = [r for r in data.records("therapies", "therapies") if r["chapter"] == chapter]
    df = evidence.evidence_frame(chapter)
    assert sorted(df["id"]) == sorted(r["id"] for r in records)
    ranks = list(df["rank"])
    assert ranks == sorted(ranks, reverse=True), "highest certainty first"
    for rank in set(ranks):
        names = list(df.loc[df["rank"] == rank, "name"])
        assert names == sorted(names), "ties sorted by name"
    by_id = {r["id"]: r for r in records}
    for row in df.itertuples():
        rec = by_id[row.id]
        assert row.certainty == rec["certainty"]
        assert row.evidence == rec["evidence"] and row.population == rec["population"]
        # Sources in words, never as BibTeX keys (tests/test_authoring_traces.py).
        assert row.sources == sources.labels(rec["sources"])
        assert rec["note"].split()[0] in row.reading and sources.label(rec["sources"][0]) in row.reading


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chart_shows_the_whole_scale_and_every_record(chapter):
    chart = evidence.evidence_map(chapter)
    spec = chart.to_dict()
    text = flat(spec)
    assert spec["title"] == f"Evidence map: {page.chapter(chapter)['title']}"
    assert spec["description"] and str(len(evidence.evidence_frame(chapter))) in spec["description"]
    # The certainty axis keeps every level, "high" too, even when no approach reaches it.
    domains = [enc["x"]["scale"]["domain"] for layer in spec["vconcat"] if "layer" in layer
               for enc in (lyr.get("encoding", {}) for lyr in layer["layer"])
               if "x" in enc and "scale" in enc["x"] and "domain" in enc["x"]["scale"]]
    assert domains and all(d == list(evidence.CERTAINTY_ORDER) for d in domains)
    assert evidence.CERTAINTY_ORDER == ("insufficient", "very-low", "low", "moderate", "high")
    assert "Certainty of the best evidence (GRADE scale)" in text
    for r in data.records("therapies", "therapies"):
        if r["chapter"] == chapter:
            assert json.dumps(r["evidence"], ensure_ascii=False)[1:-1] in json.dumps(spec, ensure_ascii=False)
            assert all(sources.label(s) in text for s in r["sources"])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chart_budget_controls_palette_and_not_colour_alone(chapter):
    spec = evidence.evidence_map(chapter).to_dict()
    assert len(json.dumps(spec)) <= 60_000
    assert len(spec.get("datasets", {})) <= 8
    bound = [p for p in spec["params"] if "bind" in p]
    assert {p["name"] for p in bound} == {"highlight_level", "approach"}
    assert all(p["bind"]["name"].strip() for p in bound)
    assert spec["config"]["range"]["category"] == charts.PALETTE
    points = [lyr for layer in spec["vconcat"] if "layer" in layer for lyr in layer["layer"]
              if lyr.get("mark", {}).get("type") == "point" and "tooltip" in lyr.get("encoding", {})]
    assert len(points) == 1
    enc = points[0]["encoding"]
    assert "shape" in enc and "stroke" in enc and "fill" in enc, "shape and fill as well as colour"
    titles = [t["title"] for t in enc["tooltip"]]
    assert {"Approach", "Certainty", "Population", "Evidence", "Sources"} <= set(titles)


def test_shapes_and_colours_differ_between_groups():
    assert len(set(evidence.GROUP_SHAPES.values())) == 2
    assert len(set(evidence.GROUP_COLOURS.values())) == 2
    assert set(evidence.GROUP_COLOURS.values()) <= set(charts.PALETTE)


def test_markers_come_from_the_record_fields():
    assert evidence.population_group({"neuropathic_population": True}) == evidence.NEUROPATHIC
    assert evidence.population_group({"neuropathic_population": False}) == evidence.OTHER
    assert evidence.rated_by({"certainty_by": "authors"}) == evidence.AUTHORS
    assert evidence.rated_by({"certainty_by": "review"}) == evidence.REVIEW


JUDGEMENT_WORDS = re.compile(r"\bour (grade-style reading|judgement)\b|author'?s?'? (provisional )?judgement", re.I)


def test_certainty_by_agrees_with_what_the_note_says():
    # A note that calls the certainty the authors' own reading must not be charted as a review's.
    for r in data.records("therapies", "therapies"):
        if JUDGEMENT_WORDS.search(r["note"]):
            assert r["certainty_by"] == "authors", r["id"]


def test_chapter_6_population_prefix_matches_the_flag():
    for r in data.records("therapies", "therapies"):
        if r["chapter"] == "06-rehabilitation":
            assert r["neuropathic_population"] == r["population"].startswith("neuropathic pain"), r["id"]
    recs = data.by_id("therapies", "therapies")
    # CRPS is not counted as neuropathic; painful radiculopathy is (conditions.yml).
    assert recs["sympathetic-block-crps"]["neuropathic_population"] is False
    assert recs["epidural-steroid-radicular"]["neuropathic_population"] is True


def test_bad_input_gives_clear_errors():
    with pytest.raises(ValueError, match=r"chapter must be one of .*'06-rehabilitation'.*got '99-nothing'"):
        evidence.evidence_map("99-nothing")
    with pytest.raises(ValueError, match=r"chapter '01-pain-types' has no approaches in therapies.yml"):
        evidence.evidence_map("01-pain-types")
    with pytest.raises(TypeError, match="chapter must be a string"):
        evidence.evidence_map(6)
    with pytest.raises(ValueError, match="chapter must be one of"):
        evidence.evidence_frame("06-Rehabilitation")
    with pytest.raises(ValueError, match="bool field 'neuropathic_population'"):
        evidence.population_group({"population": "neuropathic pain"})
    with pytest.raises(ValueError, match="certainty_by must be one of"):
        evidence.rated_by({"certainty_by": "Cochrane"})
    with pytest.raises(TypeError, match="record must be a dict"):
        evidence.rated_by("Our judgement")


def test_nerve_lesion_populations_are_not_labelled_other():
    """Issue 13: carpal tunnel syndrome, post-amputation neuroma pain and causalgia (CRPS type 2)
    are nerve-lesion pains (chapter 1); a map may call a population 'other' only when it is
    mixed, and then it must say why."""
    from npcourse.facts import data as _data
    for r in _data.records("therapies", "therapies"):
        pop = r["population"].lower()
        if "carpal tunnel" in pop or "neuroma" in pop:
            assert r["neuropathic_population"] is True, r["id"]
        if "causalgia" in pop and not r["neuropathic_population"]:
            assert "crps type 2" in pop and "mixed" in pop, r["id"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_phone_layout_keeps_every_row_marker_and_menu(chapter, monkeypatch):
    """The phone layout (names over their rows) has the desktop's controls, markers and texts."""
    from npcourse.ui import live
    monkeypatch.setenv(live.STATIC_ENV, "1")
    phone, spec = charts.split_phone_layout(evidence.evidence_map(chapter).to_dict())
    assert phone is not None
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"highlight_level", "approach"}
    legend, plot, reading = phone["vconcat"]
    assert all(v["width"] <= charts.PHONE_WIDTH for v in phone["vconcat"])
    kinds = [(lyr["mark"]["type"], lyr["encoding"].get("text", {}).get("field")) for lyr in plot["layer"]]
    assert ("text", "name_phone") in kinds and ("rect", None) in kinds and ("rule", None) in kinds
    points = [lyr for lyr in plot["layer"] if lyr["mark"]["type"] == "point"]
    assert len(points) == 2  # the markers and the chosen approach's frame
    assert {"shape", "stroke", "fill", "opacity", "tooltip"} <= set(points[0]["encoding"])
    assert reading["encoding"]["text"]["field"] == "reading_phone"
    df = evidence.evidence_frame(chapter)
    assert all(len(line) <= evidence.PHONE_WRAP for t in df["reading_phone"] for line in t.split("\n"))
    assert [t.replace("\n", " ") for t in df["name_phone"]] == list(df["name"])  # no name cut
    assert list(df["phone_mid"]) == sorted(df["phone_mid"]) and df["phone_top"].iloc[0] == 0
    labels = [r["label"].replace("\n", " ") for r in phone["datasets"][legend["data"]["name"]]]
    assert set(evidence.RATED_LABELS.values()) <= set(labels) and len(labels) == 5  # re-wrapped, not cut
