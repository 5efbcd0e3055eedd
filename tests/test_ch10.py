"""Chapter 10: the case model agrees with the other data files and modules, decision points
render through the quiz machinery (statically), the chart and tables follow the data, every
check accepts the right answer and rejects plausible wrong ones, and the live widget."""

from __future__ import annotations

import copy
import json
import re
from unittest import mock

import pytest

from npcourse.chapters.c10_case_studies import cases, figures
from npcourse.chapters.c10_case_studies import checks as check
from npcourse.chapters.c10_case_studies import widgets as demos
from npcourse.facts import data
from npcourse.marking import core
from npcourse.models import neupsig_grading, outcomes, renal
from npcourse.ui import charts, live, page, quiz
from npcourse.ui import sources as sources_in_words

from . import chapter_charts
from . import phone_layouts as layouts
from .conftest import ROOT

STEM = "10-case-studies"
NOTEBOOK = ROOT / "book" / f"{STEM}.ipynb"


# --- the case file ---------------------------------------------------------------------------

def test_four_fictional_people_cover_the_required_conditions():
    ids = cases.case_ids()
    assert len(ids) >= 4
    conditions = " | ".join(cases.case(i)["condition"].lower() for i in ids)
    for required in ("diabetic neuropathy", "postherpetic neuralgia", "chemotherapy-induced"):
        assert required in conditions
    assert any(x in conditions for x in ("radiculopathy", "trigeminal neuralgia", "spinal cord injury"))
    assert all(cases.case(i)["fictional"] is True for i in ids)
    assert len({cases.case(i)["name"] for i in ids}) == len(ids)


def test_whole_file_is_consistent_with_the_other_data():
    assert cases.check_all() == sum(len(cases.decision_ids(i)) for i in cases.case_ids())


def test_every_case_walks_every_step():
    for cid in cases.case_ids():
        steps = {d["step"] for d in cases.case(cid)["decisions"]}
        assert {"classify", "grade", "kidney", "drug", "rehab", "measure", "follow-up"} <= steps, cid


def test_no_dose_is_typed_in_the_case_file():
    """Doses come from drugs.yml through placeholders; only creatinine (mg/dL) is a number."""
    text = (ROOT / "src/npcourse/facts/yaml/cases.yml").read_text(encoding="utf-8")
    assert not re.findall(r"\d\s*(?:mg|g|mcg|µg)\b(?!/dL)", text)
    assert not re.findall(r"\d+\s*(?:plasters|patches|units)\b", text)


def test_case_sources_are_in_the_bibliography():
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for cid in cases.case_ids():
        assert set(cases.case(cid)["sources"]) <= keys, cid


def test_kidney_values_come_from_renal():
    assert cases.crcl("pdn") == pytest.approx((140 - 71) * 84 / (72 * 1.6))
    assert cases.crcl("phn") == pytest.approx((140 - 82) * 52 / (72 * 1.1) * 0.85)
    for cid in cases.case_ids():
        for d in renal.drugs_with_bands():
            assert cases.band(cid, d) == renal.dose_band(d, cases.crcl(cid), cases.jurisdiction(cid, d))


def test_classification_and_grades_come_from_grading():
    assert cases.overall_mechanism("pdn") == "mixed"
    assert cases.overall_mechanism("sci") == "mixed"
    assert cases.overall_mechanism("phn") == "neuropathic"
    assert cases.grade("phn", "chest") == "probable"  # no confirmatory test
    assert cases.grade("pdn", "feet") == "definite"
    assert cases.grade("pdn", "knee") == "none"
    for cid in cases.case_ids():
        for p in cases.case(cid)["pains"]:
            assert cases.grade(cid, p["id"]) == neupsig_grading.neuropathic_grade(p["findings"])


def test_interactions_are_the_drug_records():
    drugs = data.by_id("drugs", "drugs")
    assert cases.interacting_medicines("pdn", "pregabalin") == ["tramadol"]
    assert cases.interacting_medicines("pdn", "duloxetine") == ["tramadol"]
    assert cases.interacting_medicines("cipn", "duloxetine") == ["sumatriptan", "st-johns-wort"]
    assert cases.interacting_medicines("phn", "lidocaine-plaster") == []
    assert cases.interacting_medicines("phn", "gabapentin") == ["lorazepam"]
    for cid in cases.case_ids():
        for d in drugs:
            for item in cases.interactions(cid, d):
                assert any(item["effect"] == r["effect"] for r in drugs[d]["interactions"])


def test_chapter5_profile_flags_are_reused():
    assert cases.profile("pdn")["amitriptyline"]["level"] == "contraindicated"
    assert cases.profile("cipn")["duloxetine"]["level"] == "caution"


def test_responder_levels_are_chapter9s():
    assert cases.thresholds() == {"minimal": 0.10, "moderate": 0.30, "substantial": 0.50}
    assert cases.CATEGORIES == outcomes.BENCHMARKS
    assert cases.percent_change(8, 5) == pytest.approx(-37.5)
    assert cases.responder_category(10, 7) == "moderate"        # exactly 30 % counts
    assert cases.responder_category(7, 3.5) == "substantial"    # exactly 50 % counts
    assert cases.responder_category(7, 5) == "minimal"
    assert cases.responder_category(5, 4.8) == "below minimal"
    assert cases.responder_category(5, 6) == "worse"
    for b, f in [(7, 5), (8, 2), (6, 6), (4, 5)]:
        assert cases.responder_category(b, f) == outcomes.benchmark(b, f)
    assert "30%" in cases.category_text("moderate")


@pytest.mark.parametrize("call, error, message", [
    (lambda: cases.case("xyz"), ValueError, "case_id must be one of"),
    (lambda: cases.percent_change(0, 5), ValueError, "baseline is 0"),
    (lambda: cases.percent_change("7", 5), TypeError, "baseline must be a number"),
    (lambda: cases.percent_change(7, 11), ValueError, "followup must be between 0 and 10"),
    (lambda: cases.responder_category(7, None), TypeError, "followup must be a number"),
    (lambda: cases.band("pdn", "duloxetine"), ValueError, "drug_id must be one of"),
    (lambda: cases.score("pdn", 3), ValueError, "week must be one of the visits"),
    (lambda: cases.grade("pdn", "hand"), ValueError, "pain_id must be one of"),
    (lambda: cases.render("pdn", "{dose:pregabalin}"), ValueError, "unknown placeholder"),
    (lambda: cases.render("pdn", "{band:pregabalin:x}"), ValueError, "unknown placeholder"),
    (lambda: cases.render("pdn", 3), TypeError, "text must be a string"),
    (lambda: cases.decision("pdn", "nothing"), ValueError, "decision_id must be one of"),
    (lambda: cases.interaction_record("pregabalin", "o"), data.DataError, "need exactly one"),
    (lambda: cases.interaction_record("nope", "x"), ValueError, "drug_id must be one of"),
    (lambda: cases.category_text("great"), ValueError, "category must be one of"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_placeholders_are_filled_from_the_data():
    b = cases.band("pdn", "pregabalin")
    assert b.dose_label in cases.render("pdn", "{band:pregabalin}")
    assert cases.render("pdn", "{band_high:pregabalin}") == f"{b.daily_high:g} {b.unit}"
    therapies = data.by_id("therapies", "therapies")
    assert cases.render("pdn", "{certainty:balance-training}") == therapies["balance-training"]["certainty"]
    drugs = data.by_id("drugs", "drugs")
    assert cases.render("pdn", "{caution:amitriptyline:cardiac}") == drugs["amitriptyline"]["cautions"]["cardiac"]
    assert cases.render("cipn", "{change:6}") == f"{cases.change_at('cipn', 6):+.1f}%"
    assert cases.render("pdn", "{threshold:moderate}") == "30%"
    # An unverified caution is never quoted as if it were a fact.
    patched = copy.deepcopy(drugs)
    patched["duloxetine"]["cautions"]["elderly"] = "Not verified from the label for this file."
    with mock.patch.object(cases, "_drugs", return_value=patched):
        with pytest.raises(data.DataError, match="no verified 'elderly' caution"):
            cases.render("pdn", "{caution:duloxetine:elderly}")


def test_every_decision_renders_completely_and_numeric_answers_are_computed():
    for cid in cases.case_ids():
        for did in cases.decision_ids(cid):
            q = cases.decision(cid, did)
            texts = [q["question"]] + [o[k] for o in q.get("options", []) for k in ("text", "feedback")]
            texts += [q.get("feedback_correct", ""), q.get("feedback_wrong", "")]
            assert not any("{" in t or "}" in t for t in texts), (cid, did)
    assert cases.decision("pdn", "kidney")["answer"] == pytest.approx(cases.crcl("pdn"))
    assert cases.decision("cipn", "measure")["answer"] == pytest.approx(cases.change_at("cipn", 6))


def test_decisions_link_to_real_chapters_and_ch10_objectives():
    chapters = set(page.chapters())
    objectives = {o["id"] for o in page.chapter(STEM)["objectives"]}
    for cid in cases.case_ids():
        for d in cases.case(cid)["decisions"]:
            assert d["chapter"] in chapters, (cid, d["id"], d["chapter"])
            assert d["objective"] in objectives


def _broken(mutate):
    doc = copy.deepcopy(data.load("cases"))
    mutate(doc["cases"][0])
    return doc


@pytest.mark.parametrize("mutate, message", [
    (lambda c: c["decisions"][0]["options"][1].update(correct=True), "exactly one correct option"),
    (lambda c: c["decisions"][0]["options"].reverse() or c["decisions"][0]["options"][0].update(
        correct=True) or [o.update(correct=False) for o in c["decisions"][0]["options"][1:]],
     "must name the computed classification"),
    (lambda c: c["profile_flags"].append("tall"), "unknown profile flag"),
    (lambda c: c["plan"]["therapies"].append({"id": "magnets", "why": "x"}), "not in therapies.yml"),
    (lambda c: c["medicines"][-1]["interacts"].append({"drug": "pregabalin", "with_contains": "zzz"}),
     "need exactly one"),
    (lambda c: c["timeline"].reverse(), "timeline weeks must start at 0"),
    (lambda c: c["decisions"][0].update(question="Costs {price}"), "unknown placeholder"),
])
def test_file_checks_catch_broken_cases(mutate, message):
    doc = _broken(mutate)
    with mock.patch.object(cases, "_document", return_value=doc):
        with pytest.raises(data.DataError, match=message):
            cases._check_case(doc["cases"][0])


# --- decision points through the quiz machinery ----------------------------------------------

def _shown(monkeypatch, static: bool, *shows) -> tuple[list[str], list[str]]:
    """The (HTML, JavaScript) outputs that displaying ``shows`` in order sends to the page."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()  # displays are published, and captured, as in a kernel
    if static:
        monkeypatch.setenv(live.STATIC_ENV, "1")
    else:
        monkeypatch.delenv(live.STATIC_ENV, raising=False)
    monkeypatch.setattr(quiz, "_library_sent", False)
    with capture_output() as shown:
        for show in shows:
            show()
    bundles = [o.data for o in shown.outputs]
    return ([b["text/html"] for b in bundles if "text/html" in b],
            [b["application/javascript"] for b in bundles if "application/javascript" in b])


def test_static_page_sends_the_quiz_library_and_styles_once(monkeypatch):
    htmls, scripts = _shown(monkeypatch, True, lambda: cases.show_decision("pdn", "classify"),
                            lambda: cases.show_decision("pdn", "kidney"), lambda: quiz.show(STEM))
    # The course's extension of jupyterquiz (second tries, progress) is sent once, too.
    extension = [s for s in scripts if "window.npQuiz" in s]
    scripts = [s for s in scripts if "window.npQuiz" not in s]
    assert len(extension) == 1
    assert len(scripts) == 3 and len(htmls) == 3
    assert "function show_questions" in scripts[0]
    assert all("function show_questions" not in s for s in scripts[1:])
    assert all("try_show()" in s for s in scripts)
    # One stylesheet, page-wide, with the course colours; the other quizzes carry none.
    assert [h.count("<style>") for h in htmls] == [1, 0, 0]
    assert re.search(r"<style>\s*\.Quiz \{\s*--jq-multiple-choice-bg: #1f4e79;", htmls[0])
    assert ".MCButton" in htmls[0]
    assert all(re.match(r'<div id="[A-Za-z]+"', h) for h in htmls)


def test_live_notebook_sends_the_library_and_styles_every_time(monkeypatch):
    htmls, scripts = _shown(monkeypatch, False, lambda: cases.show_decision("pdn", "classify"),
                            lambda: quiz.show(STEM))
    extension = [s for s in scripts if "window.npQuiz" in s]
    scripts = [s for s in scripts if "window.npQuiz" not in s]
    assert len(extension) == 2
    assert len(scripts) == 2 and all("function show_questions" in s for s in scripts)
    for h in htmls:  # jupyterquiz's own output: colours scoped to the quiz's box
        box = re.match(r'<div id="([A-Za-z]+)"', h).group(1)
        assert f"#{box} {{" in h and "--jq-multiple-choice-bg: #1f4e79" in h


def test_shared_style_names_a_changed_jupyterquiz():
    with pytest.raises(RuntimeError, match="jupyterquiz's quiz HTML"):
        quiz.shared_style('<div id="abc"><style>.Quiz {}</style>', first=True)


def test_decision_is_rendered_as_a_quiz_with_feedback_on_every_option(monkeypatch):
    _, scripts = _shown(monkeypatch, False, lambda: cases.show_decision("pdn", "drug"))
    payload = json.loads(re.search(r"var questions\w+=(\[.*?\]);\n", scripts[0], re.S).group(1))
    (q,) = payload
    assert q["type"] == "many_choice"
    assert all(a["feedback"] for a in q["answers"])
    assert cases.band("pdn", "pregabalin").dose_label in " ".join(a["feedback"] for a in q["answers"])


def test_show_questions_rejects_bad_input():
    with pytest.raises(TypeError, match="questions must be a non-empty list"):
        quiz.show_questions([])
    bad = {"question": "q", "type": "single", "options": [
        {"text": "a", "correct": True, "feedback": "f"}, {"text": "b", "correct": True, "feedback": "f"}]}
    with pytest.raises(data.DataError, match="here: a single-choice question needs exactly one"):
        quiz.check_question(bad, "here")


def test_quiz_bank_numeric_answers_match_the_package():
    bank = {q["id"]: q for q in quiz.load_bank(STEM)["questions"]}
    q3 = bank["ch10-q03"]
    assert abs(q3["answer"] - renal.cockcroft_gault(80, 60, 1.3, "female")) <= 0.1
    assert bank["ch10-q08"]["answer"] == pytest.approx(cases.percent_change(8, 5))


# --- the notebook ----------------------------------------------------------------------------

def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _src(c) -> str:
    return "".join(c["source"]) if isinstance(c["source"], list) else c["source"]


def test_every_decision_appears_once_after_a_link_to_its_chapter():
    cells = _cells()
    shown = []
    for i, c in enumerate(cells):
        m = re.fullmatch(r'cases\.show_decision\("([a-z0-9-]+)", "([a-z0-9-]+)"\)', _src(c).strip())
        if c["cell_type"] != "code" or not m:
            continue
        cid, did = m.groups()
        shown.append((cid, did))
        before = cells[i - 1]
        chapter = {d["id"]: d for d in cases.case(cid)["decisions"]}[did]["chapter"]
        assert before["cell_type"] == "markdown" and f"{{doc}}`{chapter}`" in _src(before), (cid, did)
        # The first quiz of the page carries the script library, so no quiz output is removed.
        assert "remove-output" not in c["metadata"].get("tags", [])
    expected = [(cid, did) for cid in cases.case_ids() for did in cases.decision_ids(cid)]
    assert sorted(shown) == sorted(expected) and len(shown) == len(set(shown))


def test_notebook_says_the_people_are_fictional_and_dosing_is_for_learning():
    text = " ".join(_src(c) for c in _cells() if c["cell_type"] == "markdown")
    assert "fictional" in text.lower()
    assert "check them against your local formulary" in text


# --- figures ---------------------------------------------------------------------------------

def test_timeline_chart_is_small_bound_and_follows_the_data():
    chart = figures.case_timelines()
    spec = chart.to_dict()
    assert len(json.dumps(spec)) <= 60 * 1024 and len(spec.get("datasets", {})) <= 8
    (param,) = [p for p in spec["params"] if "bind" in p]
    assert param["bind"]["options"] == cases.case_ids()
    df = figures.timeline_frame()
    for r in df.itertuples():
        assert r.change == pytest.approx(round(cases.change_at(r.case, r.week), 1))
    th = figures.threshold_frame()
    for r in th.itertuples():
        assert r.level in {round(cases.baseline(r.case) * (1 - t), 2) for t in cases.thresholds().values()}


def vega_to_python(expr: str) -> str:
    return (expr.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
            .replace("datum.", "datum_"))


def test_kidney_chart_is_small_bound_titled_and_fits_the_column():
    spec = chapter_charts.spec(figures.kidney_bands)
    assert len(json.dumps(spec)) <= 60 * 1024 and len(spec.get("datasets", {})) <= 8
    bound = {p["name"]: p for p in spec["params"] if "bind" in p}
    assert set(bound) == {figures.KIDNEY_PERSON, figures.KIDNEY_DRUG}
    assert bound[figures.KIDNEY_PERSON]["bind"]["options"] == cases.case_ids()
    assert bound[figures.KIDNEY_DRUG]["bind"]["options"] == renal.drugs_with_bands()
    assert all(p["bind"]["input"] == "select" and p["bind"]["name"].strip() for p in bound.values())
    assert spec["title"] and len(spec["description"]) > 200
    encodings = [n["encoding"] for n in layouts.walk(spec) if isinstance(n.get("encoding"), dict)]
    x_titles = {e["x"]["title"] for e in encodings if "title" in e.get("x", {})}
    assert x_titles and all(t.endswith("(mL/min)") for t in x_titles)
    y_titles = {e["y"].get("title") for e in encodings if e.get("y", {}).get("field")}
    assert y_titles == {"Person (fictional)", "Kidney band (mL/min)"}
    # Drawn 622 px wide in Chromium: every panel at the course width leaves room for the labels.
    assert max(n["width"] for n in layouts.walk(spec) if isinstance(n.get("width"), int)) <= 460
    flat = " ".join(json.dumps(spec, ensure_ascii=False).replace("\\n", " ").split())
    assert figures.FORMULARY_NOTE in flat and "Fictional" in flat and renal.ESTIMATE_NOTE in flat
    # Not colour alone: the chosen person is a larger diamond, the band that applies has a
    # thick outline and an arrow before its dose.
    shapes = [e["shape"] for e in encodings if "shape" in e]
    assert shapes and shapes[0]["condition"]["value"] == "diamond"
    widths = [e["strokeWidth"] for e in encodings if "strokeWidth" in e]
    assert widths and widths[0]["condition"]["value"] > widths[0]["value"]
    assert figures.APPLIES.strip() in flat


def test_kidney_chart_band_rule_agrees_with_the_python_model():
    df = figures.kidney_band_frame()
    assert set(df["case"]) == set(cases.case_ids())
    cond = vega_to_python(figures.PERSON_BAND)
    fields = ("crcl", "lo", "hi", "lo_incl", "hi_incl")
    for cid in cases.case_ids():
        for d in renal.drugs_with_bands():
            rows = df[(df["case"] == cid) & (df["drug_id"] == d)]
            assert len(rows) == len(renal.bands(d, cases.jurisdiction(cid, d)))
            assert rows["crcl"].iloc[0] == cases.crcl(cid)  # not rounded: edges stay exact
            hits = [r for r in rows.itertuples()
                    if eval(cond, {}, {f"datum_{k}": getattr(r, k) for k in fields})]
            assert len(hits) == 1, (cid, d)
            b = cases.band(cid, d)
            assert (hits[0].band, hits[0].dose) == (b.crcl_label, b.dose_label)
    # The same expression at every clearance, band edges included, gives renal.dose_band's band.
    bands = df[(df["case"] == cases.case_ids()[0])]
    for d in renal.drugs_with_bands():
        rows = list(bands[bands["drug_id"] == d].itertuples())
        for crcl in [x / 2 for x in range(0, int(figures.kidney_xmax()) * 2 + 1)]:
            hits = [r for r in rows if eval(cond, {}, {"datum_crcl": crcl, **{
                f"datum_{k}": getattr(r, k) for k in fields[1:]}})]
            assert [h.dose for h in hits] == [renal.dose_band(d, crcl).dose_label], (d, crcl)


def test_kidney_chart_filters_pick_one_person_and_drug():
    env = {figures.KIDNEY_PERSON: "phn", figures.KIDNEY_DRUG: "gabapentin"}
    df = figures.kidney_readout_frame()
    picked = [r for r in df.itertuples()
              if eval(vega_to_python(figures.CHOSEN_ROWS), {}, {**env, "datum_case": r.case,
                                                                 "datum_drug_id": r.drug_id})]
    assert [(r.case, r.drug_id) for r in picked] == [("phn", "gabapentin")]
    people = figures.kidney_people_frame()
    chosen = [r.case for r in people.itertuples()
              if eval(vega_to_python(figures.CHOSEN_PERSON), {}, {**env, "datum_case": r.case})]
    assert chosen == ["phn"]
    spec = json.dumps(chapter_charts.spec(figures.kidney_bands))
    assert spec.count(figures.CHOSEN_ROWS) >= 2 and figures.CHOSEN_PERSON in spec


def test_kidney_readout_and_dots_follow_the_data():
    xmax = figures.kidney_xmax()
    people = figures.kidney_people_frame().set_index("case")
    for cid in cases.case_ids():
        crcl = cases.crcl(cid)
        assert crcl < xmax and people.loc[cid, "crcl"] == pytest.approx(crcl, abs=0.05)
        assert people.loc[cid, "label"] == f"{crcl:.0f} mL/min"
        c = cases.case(cid)
        for d in renal.drugs_with_bands():
            text = " ".join(figures.kidney_readout(cid, d).split())
            b = cases.band(cid, d)
            assert f"estimate {crcl:.0f} mL/min" in text
            assert f"band {b.crcl_label} ({b.jurisdiction_label}): ceiling {b.dose_label}" in text
            assert f"serum creatinine {c['creatinine_mg_dl']:g} mg/dL" in text and c["name"] in text
            assert " ".join(sources_in_words.reader_note(b.note).split()) in text
            assert "verify" not in text.lower(), text
    # Mrs Papadaki sits just above a band edge: the readout says how far.
    edge = figures.kidney_readout("phn", "gabapentin")
    lower = [b for b in renal.bands("gabapentin") if b.contains(cases.crcl("phn"))][0].crcl_min
    assert f"Nearest band edge: {lower:g} mL/min, {cases.crcl('phn') - lower:.0f} mL/min away" in edge
    with pytest.raises(ValueError, match="case_id"):
        figures.kidney_readout("nobody", "pregabalin")
    with pytest.raises(ValueError, match="drug_id"):
        figures.kidney_readout("pdn", "duloxetine")


def test_kidney_chart_sits_in_the_comparison_section_after_every_case():
    cells = _cells()
    src = [_src(c) for c in cells]
    at = [i for i, s in enumerate(src) if s.strip() == "figures.kidney_bands()"]
    assert len(at) == 1
    last_decision = max(i for i, s in enumerate(src) if "cases.show_decision(" in s)
    assert at[0] > last_decision and "remove-input" in cells[at[0]]["metadata"].get("tags", [])
    assert cells[at[0] - 1]["cell_type"] == "markdown" and "Choose" in src[at[0] - 1]
    # What the text asks the student to notice is true of the data.
    assert "her creatinine is the lower of the two, yet so is her clearance" in src[at[0] - 1]
    pdn, phn = cases.case("pdn"), cases.case("phn")
    assert phn["creatinine_mg_dl"] < pdn["creatinine_mg_dl"] and cases.crcl("phn") < cases.crcl("pdn")
    for d in renal.drugs_with_bands():
        b = cases.band("phn", d)
        assert b.upper is not None and 0 < cases.crcl("phn") - b.crcl_min < 5, d


def test_person_card_does_not_give_the_answers_away():
    for cid in cases.case_ids():
        html = figures.person_card(cid).data
        assert cases.case(cid)["name"] in html and "Fictional" in html
        assert f"{cases.crcl(cid):.0f} mL/min" not in html
        assert "definite" not in html and "probable" not in html


def test_plan_table_is_computed_from_the_data():
    for cid in cases.case_ids():
        html = figures.plan_table(cid).data
        assert figures.FORMULARY_NOTE in html
        assert f"{cases.crcl(cid):.0f} mL/min" in html
        for t in cases.plan_therapies(cid):
            assert f"Certainty of evidence: {t['certainty']}" in html
    assert cases.band("pdn", "pregabalin").dose_label in figures.plan_table("pdn").data


# --- checks ----------------------------------------------------------------------------------

def right():
    return {
        "crcl": check._expected_crcl(),
        "bands": check._expected_bands(),
        "grades": check._expected_grades(),
        "labels": check._expected_classification(),
        "interactions": check._expected_interactions(),
        "responders": check._expected_responders(),
        "certainty": check._expected_certainty(),
    }


def test_correct_answers_pass():
    r = right()
    assert check.check_crcl(r["crcl"]).passed
    assert check.check_crcl({k: round(v) for k, v in r["crcl"].items()}).passed
    assert check.check_dose_bands(r["bands"]).passed
    assert check.check_grades(r["grades"]).passed
    assert check.check_grades({k: v.upper() for k, v in r["grades"].items()}).passed
    assert check.check_classification(r["labels"]).passed
    assert check.check_interactions(r["interactions"]).passed
    assert check.check_responders(r["responders"]).passed
    assert check.check_responders({k: (round(c, 1), cat) for k, (c, cat) in r["responders"].items()}).passed
    assert check.check_certainty(*r["certainty"]).passed


def test_expected_answers_by_hand():
    assert check._expected_bands()["pdn"] == (75, 300)  # CrCl about 50: the 30-60 band of the label
    assert check._expected_grades()["phn:chest"] == "probable"
    assert check._expected_classification() == {"pdn": "mixed", "phn": "neuropathic",
                                               "cipn": "neuropathic", "sci": "mixed"}
    assert check._expected_responders()["phn"] == (pytest.approx(-50.0), "substantial")
    assert check._expected_responders()["pdn"][1] == "minimal"


def _swap(d, key, value):
    return {**d, key: value}


def no_female_factor():
    r = check._expected_crcl()
    return _swap(r, "phn", r["phn"] / renal.FEMALE_FACTOR)


def precedence_slip():
    c = cases.case("pdn")
    return _swap(check._expected_crcl(), "pdn",
                 (140 - c["age"]) * c["weight_kg"] / 72 * c["creatinine_mg_dl"])


def top_band_for_all():
    top = renal.bands(check.BAND_DRUG)[0]
    return {cid: (top.daily_low, top.daily_high) for cid in check.case_ids()}


def gabapentin_bands():
    return {cid: (cases.band(cid, "gabapentin").daily_low, cases.band(cid, "gabapentin").daily_high)
            for cid in check.case_ids()}


def sign_flipped():
    r = check._expected_responders()
    return _swap(r, "cipn", (-r["cipn"][0], r["cipn"][1]))


def divided_by_follow_up():
    r = check._expected_responders()
    base, last = cases.baseline("cipn"), cases.score("cipn", check.TASK6_WEEKS["cipn"])
    return _swap(r, "cipn", ((last - base) / last * 100, r["cipn"][1]))


def previous_visit():
    r = check._expected_responders()
    return _swap(r, "pdn", (cases.percent_change(cases.score("pdn", 2), cases.score("pdn", 6)),
                            r["pdn"][1]))


def wrong_category():
    r = check._expected_responders()
    return _swap(r, "phn", (r["phn"][0], "moderate"))  # exactly 50 % is substantial


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_crcl(no_female_factor()), "15 % lower"),
    (lambda: check.check_crcl(precedence_slip()), "denominator"),
    (lambda: check.check_crcl({k: 100 for k in check.case_ids()}), "look again"),
    (lambda: check.check_dose_bands(top_band_for_all()), "below the top band"),
    (lambda: check.check_dose_bands(gabapentin_bands()), "not gabapentin's"),
    (lambda: check.check_grades(_swap(check._expected_grades(), "phn:chest", "definite")),
     "definite needs a test"),
    (lambda: check.check_grades(_swap(check._expected_grades(), "pdn:knee", "possible")),
     "not graded at all"),
    (lambda: check.check_grades(_swap(check._expected_grades(), "sci:below-level", "probable")),
     "reach the top grade"),
    (lambda: check.check_classification(_swap(check._expected_classification(), "pdn", "neuropathic")),
     "damaged tissue"),
    (lambda: check.check_classification(_swap(check._expected_classification(), "phn", "nociplastic")),
     "look again at phn"),
    (lambda: check.check_interactions(_swap(check._expected_interactions(), "cipn", ["sumatriptan"])),
     "missing"),
    (lambda: check.check_interactions(_swap(check._expected_interactions(), "phn", ["lorazepam"])),
     "really recorded"),
    (lambda: check.check_responders(sign_flipped()), "negative change"),
    (lambda: check.check_responders(divided_by_follow_up()), "divide by the baseline"),
    (lambda: check.check_responders(previous_visit()), "not with the visit before"),
    (lambda: check.check_responders(wrong_category()), "IMMPACT levels"),
    (lambda: check.check_certainty(_swap(check._expected_certainty()[0], "aerobic-exercise", "low"),
                                   check._expected_certainty()[1]), "look again at aerobic-exercise"),
    (lambda: check.check_certainty(check._expected_certainty()[0], check.certainty_therapies()),
     "population"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG and hint in result.message, result


def test_hints_do_not_reveal_the_answer():
    msg = check.check_crcl(no_female_factor()).message
    assert f"{check._expected_crcl()['phn']:.0f}" not in msg
    msg = check.check_dose_bands(top_band_for_all()).message
    assert "75" not in msg and "300" not in msg


def test_stubs_report_not_answered():
    for result in (check.check_crcl(...), check.check_dose_bands(...), check.check_grades(...),
                   check.check_classification(...), check.check_interactions(...),
                   check.check_responders(...), check.check_certainty(..., []),
                   check.check_certainty({}, ...)):
        assert result.status == core.UNANSWERED and "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(ValueError, match="crcl is missing key"):
        check.check_crcl({"pdn": 50})
    with pytest.raises(TypeError, match=r"crcl\['pdn'\] must be a number"):
        check.check_crcl({k: "50" for k in check.case_ids()})
    with pytest.raises(TypeError, match=r"doses\['pdn'\] must be a \(low, high\) pair"):
        check.check_dose_bands({k: 5 for k in check.case_ids()})
    with pytest.raises(ValueError, match=r"grades\['pdn:feet'\] must be one of"):
        check.check_grades({k: "certain" for k in check.pain_keys()})
    with pytest.raises(ValueError, match="unknown medicine id"):
        check.check_interactions({k: ["aspirin-x"] for k in check.case_ids()})
    with pytest.raises(TypeError, match=r"answer\['pdn'\] must be a list of medicine ids"):
        check.check_interactions({k: "tramadol" for k in check.case_ids()})
    with pytest.raises(ValueError, match=r"answer\['pdn'\]\[1\] must be one of"):
        check.check_responders({k: (-10, "great") for k in check.case_ids()})
    with pytest.raises(ValueError, match="neuropathic has id"):
        check.check_certainty(check._expected_certainty()[0], ["tens"])


def test_task_material_renders():
    for t in (check.show_people(), check.show_medicines()):
        assert "<caption>" in t.data
    assert set(check.TASK6_WEEKS) == set(check.case_ids())


# --- live widget -----------------------------------------------------------------------------

def test_live_widget_static_and_live(monkeypatch):
    monkeypatch.setenv(live.STATIC_ENV, "1")
    static = demos.cases_static().data
    for cid in cases.case_ids():
        assert cases.case(cid)["name"] in static
        assert f"{cases.crcl(cid):.0f} mL/min" in static
    assert "estimate" in static.lower()
    monkeypatch.delenv(live.STATIC_ENV)
    box = demos.case_explorer()
    _, person, age, weight, creatinine, drug, follow_up, out = box.children
    assert f"{cases.crcl('pdn'):.0f} mL/min" in out.value
    assert "Tramadol" in out.value
    creatinine.value = 0.8
    c = cases.case("pdn")
    assert f"{renal.cockcroft_gault(c['age'], c['weight_kg'], 0.8, c['sex']):.0f} mL/min" in out.value
    follow_up.value = 3.5
    assert "substantial" in out.value
    person.value = "cipn"
    assert cases.case("cipn")["name"] in out.value and "St John" in out.value
    assert drug.value == "duloxetine"
    assert "Check the input" in demos.result_html("pdn", 71, 84, 50, "pregabalin", 5)
    assert "Check the input" in demos.result_html("pdn", 71, 84, 1.6, "aspirin", 5)


# --- phone layouts (issue 16 item 4) ----------------------------------------------------------

@pytest.mark.parametrize(("make", "words"), [
    (figures.kidney_bands, ['"phone"', "phone_top", "phone_bar", figures.APPLIES.strip(),
                            "datum.person + ': ' + datum.label"]),
    (figures.case_timelines, ["phone_top", "What happened at each visit", '"text": {"field": "label"']),
])
def test_phone_layouts_print_every_readout(make, words):
    """What a control changes is still said on a phone (controls, marks and width of every
    phone layout: test_chapter_contracts.py)."""
    layouts.phone_prints(make, *words)


def test_phone_rows_follow_their_lines():
    """On a phone each band's text and each visit start under the lines of the ones above them:
    rows never overprint, whatever the number of lines a dose or a visit takes."""
    df = figures.kidney_band_frame()
    for _, group in df.groupby(["case", "drug_id"]):
        group = group.sort_values("phone_top")
        lines = group["phone"].str.count("\n") + 1
        ends = group["phone_bar"] + figures.PHONE_BAR
        assert (group["phone_bar"] >= group["phone_top"] + lines * figures.PHONE_LINE).all()
        assert (group["phone_top"].iloc[1:].to_numpy() >= ends.iloc[:-1].to_numpy()).all()
        assert group["phone"].str.split("\n").map(lambda ls: max(map(len, ls))).max() <= charts.PHONE_WRAP
    visits = figures.timeline_frame().drop_duplicates(["case", "week"])
    for _, group in visits.groupby("case"):
        group = group.sort_values("week")
        ends = group["phone_top"] + (group["phone"].str.count("\n") + 1) * figures.PHONE_LINE
        assert (group["phone_top"].iloc[1:].to_numpy() >= ends.iloc[:-1].to_numpy()).all()
    with pytest.raises(ValueError, match="wrap"):
        figures.kidney_readout("pdn", "gabapentin", wrap=3)
    assert max(map(len, figures.kidney_readout("phn", "gabapentin", charts.PHONE_WRAP).split("\n"))) \
        <= charts.PHONE_WRAP
