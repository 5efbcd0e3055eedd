"""Chapter 7: charts bound to controls and agreeing with the models, every check accepting the
right answer and rejecting plausible wrong ones, stubs, and the live widget. Expected values
come from the models and trials.yml, never copied here."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from npcourse.chapters.c07_interventions import checks as check
from npcourse.chapters.c07_interventions import figures, responders, selection
from npcourse.chapters.c07_interventions import stepped_care as sc
from npcourse.chapters.c07_interventions import widgets as demos
from npcourse.marking import core
from npcourse.models import drugs
from npcourse.ui import charts, live
from npcourse.ui import evidence_map as evidence

from . import chapter_charts
from . import phone_layouts as layouts
from .conftest import ROOT

CHARTS = [figures.stepped_care_ladder, figures.trial_outcomes, figures.evidence_map]


def spec_text(make) -> str:
    return " ".join(json.dumps(chapter_charts.spec(make), ensure_ascii=False).replace("\\n", " ").split())


# --- charts --------------------------------------------------------------------------------

@pytest.mark.parametrize("make", CHARTS)
def test_chart_budget_and_accessible_html(make, monkeypatch):
    monkeypatch.setenv("NPCOURSE_STATIC", "1")  # the book's HTML; in class JupyterLab draws the spec
    chart = make()
    # As the book ships it: the desktop spec with the data of both layouts, the phone layout
    # (if any) beside it without data (charts.static_html).
    phone, spec = charts.split_phone_layout(chart.to_dict())
    assert len(json.dumps(spec)) <= 60_000 and len(spec.get("datasets", {})) <= 8
    if phone is not None:
        assert len(json.dumps({k: v for k, v in phone.items() if k != "datasets"})) <= charts.PHONE_SPEC_BYTES
    bundle = chart._repr_mimebundle_()
    html = bundle[0]["text/html"] if isinstance(bundle, tuple) else bundle["text/html"]
    assert html.startswith('<figure class="np-chart" role="figure" aria-label="')


def index_in_python():
    """The chart's Vega index expression, rewritten as Python (c ? a : b → a if c else b)."""
    expr = figures.combination_index_expression("r", "s", "d")

    def chain(e: str) -> str:
        m = re.match(r"\s*(.+?) \? (\d+) : (.+)$", e)
        return f"({m.group(2)} if {m.group(1)} else {chain(m.group(3))})" if m else e

    sev = re.search(r"\((s == '[^']+') \? 1 : 0\)", expr).group(1)
    diag = re.search(r"\+ \((d == .+)\)$", expr).group(1)
    head = expr[:expr.index(" + (s ==")]
    return f"{head} + (1 if {sev} else 0) * {len(sc.DIAGNOSES)} + {chain(diag)}"


def test_ladder_codes_and_chart_index_equal_the_model():
    df = figures.ladder_frame()
    assert set(df["id"]) == set(sc.OPTIONS)
    py = index_in_python()
    combos = list(itertools.product(enumerate(sc.RESPONSES), sc.SEVERITIES, sc.DIAGNOSES))
    for position, ((i, r), s, d) in enumerate(combos):
        idx = eval(py, {}, {"r": i, "s": s, "d": d})
        assert idx == position  # the chart picks the character option_codes wrote for this combo
        for row in df.itertuples():
            assert (row.codes[idx] == "1") == sc.reasonable(row.id, r, s, d)


def test_ladder_controls_and_texts():
    spec = chapter_charts.spec(figures.stepped_care_ladder)
    params = {p["name"]: p for p in spec["params"] if "bind" in p}
    assert params["response"]["bind"]["max"] == len(sc.RESPONSES) - 1
    assert params["severity"]["bind"]["options"] == list(sc.SEVERITIES)
    assert params["diagnosis"]["bind"]["options"] == list(sc.DIAGNOSES)
    text = spec_text(figures.stepped_care_ladder)
    for word in ("✓ reasonable to discuss", "– not yet", "✖ recommended against", "Teaching map, "
                 "not a guideline", "Off the ladder: cause-directed surgery"):
        assert word in text  # the status is written, not only coloured
    for o in sc.OPTIONS.values():
        assert o.name in text


def test_trial_frame_and_chart_follow_the_data():
    df = figures.trial_frame()
    table = responders.trials_table()
    assert list(df["id"]) == list(table["id"])  # risk of bias, then n
    for r, t in zip(df.itertuples(), table.itertuples(), strict=True):
        if math.isnan(t.difference):
            assert not r.has_values and r.result == "not read"
        else:
            assert r.treatment_pct == pytest.approx(100 * t.p_treatment, abs=0.05)
            assert r.nnt == f"{t.nnt:.1f}"
        assert r.risk == figures.RISK_SYMBOL[t.risk_of_bias] and r.blinding == t.blinding_label
    text = spec_text(figures.trial_outcomes)
    assert figures.ROB_DISCLAIMER in text and "results not read" in text
    for head in figures.COLUMNS.values():
        assert head in text
    spec = chapter_charts.spec(figures.trial_outcomes)
    bind = next(p for p in spec["params"] if p["name"] == "comparator_kind")["bind"]
    assert set(bind["options"]) == {"all", *responders.COMPARATOR_KINDS}
    assert len(set(figures.RISK_SYMBOL.values())) == 3  # never colour alone


def test_evidence_map_is_the_shared_one():
    mine = figures.evidence_map().to_dict()
    shared = evidence.evidence_map("07-interventions").to_dict()
    assert mine == shared
    assert "High" in spec_text(figures.evidence_map)  # the empty 'high' column stays visible


# --- checks --------------------------------------------------------------------------------

def right():
    w = check._expected_senza()
    rungs, surgery = check._expected_ladder()
    return {
        "analysis": {"rd": w.risk_difference, "rd_low": w.rd_low, "rd_high": w.rd_high,
                     "nnt": w.nnt, "nnt_low": w.nnt_low, "nnt_high": w.nnt_high},
        "everyone": check._expected_everyone(),
        "small": check._expected_small(),
        "features": check._expected_features(),
        "bias": check._expected_bias(),
        "chart": {k: sorted(v) for k, v in check._expected_chart().items()},
        "rungs": rungs, "surgery": surgery,
        "referrals": check._expected_referrals(),
    }


def test_correct_answers_pass():
    r = right()
    assert check.check_responder_analysis(r["analysis"]).passed
    rounded = {k: round(v, 3 if k.startswith("rd") else 2) for k, v in r["analysis"].items()}
    assert check.check_responder_analysis(rounded).passed
    assert check.check_everyone_randomised(r["everyone"]).passed
    assert check.check_small_trials(r["small"]).passed
    assert check.check_bias_features(r["features"]).passed
    assert check.check_open_label_bias(r["bias"]).passed
    assert check.check_trial_chart(r["chart"]).passed
    one = {k: (v[0] if len(v) == 1 else v) for k, v in r["chart"].items()}  # a bare id is fine
    assert check.check_trial_chart(one).passed
    assert check.check_ladder(r["rungs"], r["surgery"]).passed
    assert check.check_referrals(r["referrals"]).passed


def test_task_data_agree_with_trials_yml_and_sources():
    t = responders.trial("senza-pdn")
    (a, n1), (c, n0) = check.SENZA_PDN["analysed"]["scs"], check.SENZA_PDN["analysed"]["cmm"]
    assert round(100 * a / n1) == round(100 * t["intervention_value"])
    assert round(100 * c / n0) == round(100 * t["comparator_value"])
    assert sum(check.SENZA_PDN["randomised"].values()) == t["n"]
    rd, lo, hi = check.SENZA_PDN["published_rd"]
    w = check._expected_senza()
    # The paper's interval is the simple (Wald) one; the course's Newcombe interval lies a little lower.
    wald = drugs.difference_interval(a, n1, c, n0, method="wald")
    assert (w.risk_difference, *wald) == pytest.approx((rd, lo, hi), abs=0.0015)
    assert lo - 0.03 < w.rd_low < lo and hi - 0.03 < w.rd_high < hi
    for tid, s in check.SMALL_TRIALS.items():
        assert s["n_treatment"] + s["n_control"] == responders.trial(tid)["n"]
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    assert set(check.SENZA_PDN["sources"]) <= keys
    assert {k for s in check.SMALL_TRIALS.values() for k in s["sources"]} <= keys


def test_expected_answers_by_hand():
    assert check._expected_everyone() == pytest.approx(1 / (75 / 113 - 5 / 103))
    assert check.small_trial_counts("slangen-2014") == (13, 22, 1, 14)
    assert check._expected_bias()["process"] == pytest.approx(1 / (0.48 - 0.10 - 0.09))
    chart = check._expected_chart()
    assert chart["double_blind"] == {"pns-deer-2016"} and chart["not_plotted"] == {"de-vos-2014"}
    assert chart["active_comparator"] == {"accurate", "senza-rct"}
    rungs, surgery = check._expected_ladder()
    assert rungs == {"Amir": 2, "Bea": 5, "Carl": 2, "Femi": 3, "Eli": 1, "Dana": 1}
    assert surgery["Amir"] == ["microvascular-decompression"] and surgery["Eli"] == ["carpal-tunnel-release"]
    assert check._expected_referrals()["Hari"] is None and check._expected_referrals()["Gwen"] == "pain_mm"
    assert check._expected_referrals()["Moses"] == "screening_trial"
    assert check._expected_referrals()["Lena"] is None


def with_changes(d, **changes):
    return {**d, **changes}


def senza(**changes):
    return with_changes(right()["analysis"], **changes)


def flip_feature(feature):
    f = {k: dict(v) for k, v in check._expected_features().items()}
    tid = next(t for t, v in f.items() if not v[feature]) if feature != "blinded" else "senza-rct"
    f[tid][feature] = not f[tid][feature]
    return f


def bias_variant(kind):
    out = {}
    for tid in check._expected_bias():
        t = responders.trial(tid)
        p1, p0 = t["intervention_value"], t["comparator_value"]
        out[tid] = {"none": 1 / (p1 - p0), "added": 1 / (p1 + check.BIAS - p0),
                    "other": 1 / (p1 - p0 - check.BIAS / 2)}[kind]
    return out


def ladder_with(name, rung=None, surgery=None):
    rungs, surg = check._expected_ladder()
    rungs, surg = dict(rungs), dict(surg)
    if rung is not None:
        rungs[name] = rung
    if surgery is not None:
        surg[name] = surgery
    return rungs, surg


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_responder_analysis(
        {k: 100 * v if k.startswith("rd") else v for k, v in right()["analysis"].items()}), "not in percent"),
    (lambda: check.check_responder_analysis(senza(nnt_low=right()["analysis"]["nnt_high"],
                                                  nnt_high=right()["analysis"]["nnt_low"])), "swapped"),
    (lambda: check.check_responder_analysis(senza(rd=75 / 113 - 5 / 103)), "denominators"),
    (lambda: check.check_responder_analysis(senza(nnt=1 / check._expected_senza().relative_risk)),
     "not 1 ÷ the relative risk"),
    (lambda: check.check_responder_analysis(senza(rd_high=0.9)), "look again at rd_high"),
    (lambda: check.check_everyone_randomised(check._expected_senza().nnt), "numbers RANDOMISED"),
    (lambda: check.check_everyone_randomised(
        1 / ((75 + 18) / 113 - (5 + 9) / 103)), "NON-responders"),
    (lambda: check.check_everyone_randomised(2.0), "keep the responder counts"),
    (lambda: check.check_small_trials({k: (hi, lo) for k, (lo, hi) in check._expected_small().items()}),
     "swapped"),
    (lambda: check.check_small_trials({k: (1 / 0.6, 1 / 0.4) for k in check.SMALL_TRIALS}), "look again"),
    (lambda: check.check_bias_features(flip_feature("blinded")), "'not reported' is not the same"),
    (lambda: check.check_bias_features(flip_feature("industry_funded")), "not reported' means"),
    (lambda: check.check_bias_features(flip_feature("active_comparator")), "another stimulator"),
    (lambda: check.check_open_label_bias(bias_variant("none")), "without any bias"),
    (lambda: check.check_open_label_bias(bias_variant("added")), "REMOVE it"),
    (lambda: check.check_open_label_bias(bias_variant("other")), "look again"),
    (lambda: check.check_trial_chart(with_changes(right()["chart"], double_blind=["senza-rct"])),
     "Blinding column"),
    (lambda: check.check_trial_chart(with_changes(right()["chart"], active_comparator=["accurate"])),
     "another active device"),
    (lambda: check.check_trial_chart(with_changes(right()["chart"], largest_difference=["senza-rct"])),
     "length of the lines"),
    (lambda: check.check_trial_chart(with_changes(right()["chart"], not_plotted=[])), "text instead"),
    (lambda: check.check_ladder(*ladder_with("Femi", rung=5)), "BOTH several failed"),
    (lambda: check.check_ladder(*ladder_with("Carl", rung=3)), "radicular pain only"),
    (lambda: check.check_ladder(*ladder_with("Bea", rung=3)), "check the response"),
    (lambda: check.check_ladder(*ladder_with("Dana", surgery=["carpal-tunnel-release"])),
     "matching diagnosis"),
    (lambda: check.check_ladder(*ladder_with("Amir", surgery=[])), "OFF the ladder"),
    (lambda: check.check_referrals(with_changes(right()["referrals"], Hari="psych_flag")),
     "not an automatic exclusion"),
    (lambda: check.check_referrals(with_changes(right()["referrals"], Lena="head_implant")),
     "another option"),
    (lambda: check.check_referrals(with_changes(right()["referrals"], Kim=None)), "does fail"),
    (lambda: check.check_referrals(with_changes(right()["referrals"], Moses=None)), "SUCCESSFUL"),
    (lambda: check.check_referrals(with_changes(right()["referrals"], Gwen="months")), "look again"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG and hint in result.message, result


def test_hints_do_not_reveal_the_answer():
    w = check._expected_senza()
    msg = check.check_responder_analysis(senza(rd_high=0.9)).message
    assert f"{w.rd_high:.3f}" not in msg and f"{w.nnt:.2f}" not in msg
    msg = check.check_everyone_randomised(2.0).message
    assert f"{check._expected_everyone():.2f}" not in msg


def test_stubs_report_not_answered():
    for result in (check.check_responder_analysis(...), check.check_everyone_randomised(...),
                   check.check_small_trials(...), check.check_bias_features(...),
                   check.check_open_label_bias(...), check.check_trial_chart(...),
                   check.check_ladder(..., {}), check.check_ladder({}, ...), check.check_referrals(...)):
        assert result.status == core.UNANSWERED and "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(ValueError, match="answer is missing key"):
        check.check_responder_analysis({"rd": 0.7})
    with pytest.raises(TypeError, match=r"answer\['nnt'\] must be a number"):
        check.check_responder_analysis(senza(nnt="1.4"))
    with pytest.raises(TypeError, match=r"intervals\['slangen-2014'\] must be a \(low, high\) pair"):
        check.check_small_trials({k: 2 for k in check.SMALL_TRIALS})
    with pytest.raises(TypeError, match="must be True or False"):
        check.check_bias_features({k: {f: "yes" for f in check.FEATURES} for k in check._expected_features()})
    with pytest.raises(ValueError, match="unknown trial id"):
        check.check_trial_chart(with_changes(right()["chart"], double_blind=["Deer 2016"]))
    with pytest.raises(TypeError, match=r"surgery\['Amir'\] must be a list"):
        check.check_ladder(right()["rungs"], with_changes(right()["surgery"], Amir="mvd"))
    with pytest.raises(ValueError, match="unknown id"):
        check.check_ladder(right()["rungs"], with_changes(right()["surgery"], Amir=["mvd"]))
    with pytest.raises(ValueError, match=r"blockers\['Gwen'\] must be None or one of"):
        check.check_referrals(with_changes(right()["referrals"], Gwen="pain"))
    with pytest.raises(ValueError, match="nnts is missing key"):
        check.check_open_label_bias({"process": 3.4})


def test_task_material_renders():
    for t in (check.show_senza_pdn(), check.show_small_trials(), check.show_trial_records(),
              check.show_people(), check.show_referrals()):
        assert "<caption>" in t.data
    assert "75" in check.show_senza_pdn().data and "113" in check.show_senza_pdn().data


# --- live widget ---------------------------------------------------------------------------

def test_live_widget_static_and_live(monkeypatch):
    monkeypatch.setenv(live.STATIC_ENV, "1")
    static = demos.examples_static().data
    assert "Mei" in static and selection.DISCUSS in static and selection.NOT_YET in static
    assert selection.DISCUSS_TRIAL in static and selection.NOT_RECOMMENDED in static
    assert demos.NOT_A_REFERRAL_TOOL in static and "assumptions" in static
    monkeypatch.delenv(live.STATIC_ENV)
    box = demos.selection_checklist()
    controls = dict(zip(selection.QUESTIONS, box.children[1:-1], strict=True))
    out = box.children[-1]
    assert selection.DISCUSS in out.value
    controls["pain_mm"].value = 40
    assert "not yet" in out.value and "NICE threshold" in out.value
    controls["pain_mm"].value = 70
    controls["ischaemic"].value = True
    assert selection.NOT_INDICATED in out.value
    controls["ischaemic"].value = False
    controls["screening_trial"].value = "below-50"
    assert selection.NOT_RECOMMENDED in out.value and selection.DISCUSS not in out.value
    controls["screening_trial"].value = "not-done"
    assert selection.DISCUSS_TRIAL in out.value
    controls["screening_trial"].value = "at-least-50"
    controls["head_implant"].value = True
    assert "rTMS" in out.value and selection.DISCUSS in out.value
    assert "Check the input" in demos.result_html({"pain_mm": 150})


# --- safety records: every procedure and device taught here (issue 23) -------------------

def _ch07_records():
    from npcourse.facts import data
    return {k: v for k, v in data.by_id("therapies", "therapies").items()
            if v["chapter"] == "07-interventions"}


def test_every_ch07_procedure_has_a_sourced_safety_record():
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    recs = _ch07_records()
    assert recs
    for tid, rec in recs.items():
        saf = rec.get("safety")
        assert saf, f"{tid}: no safety record"
        assert saf["contraindications"] and saf["precautions"] and saf["sources"], tid
        assert set(saf["sources"]) <= keys, tid


def test_every_safety_record_is_shown_where_it_is_taught():
    from npcourse.chapters.c07_interventions import figures as figs
    shown = {t for ids in figs.SAFETY_SECTIONS.values() for t in ids}
    assert shown == set(_ch07_records())
    cells = [("".join(c["source"])) for c in json.loads(
        (ROOT / "book" / "07-interventions.ipynb").read_text(encoding="utf-8"))["cells"]]
    # each section label is followed (before the next label) by a safety box with its records
    for label, ids in figs.SAFETY_SECTIONS.items():
        start = next(i for i, c in enumerate(cells) if c.startswith(f"({label})="))
        end = next((i for i in range(start + 1, len(cells)) if cells[i].startswith("(sec-ch07-")),
                   len(cells))
        boxes = " ".join(c for c in cells[start:end] if "figures.safety_box(" in c)
        for t in ids:
            assert f'"{t}"' in boxes, (label, t)
    html = figs.safety_html(*figs.SAFETY_SECTIONS["sec-ch07-scs"])
    assert html.count("admonition warning") == 1  # identical records share one box
    assert "diathermy" in html and "TENS" in html and "MRI" in html and "infection" in html
    assert "psychiatric" in html and "substance misuse" in html and "anticoagulant" in html
    assert "nice_ng59" not in figs.safety_html("epidural-steroid-radicular")  # no keys shown
    with pytest.raises(ValueError, match="therapy_ids must be ids"):
        figs.safety_html("no-such-therapy")


def test_chapter_teaches_the_sciatica_and_implant_rules():
    text = "\n".join("".join(c["source"]) for c in json.loads(
        (ROOT / "book" / "07-interventions.ipynb").read_text(encoding="utf-8"))["cells"])
    for phrase in ("acute and severe", "no longer covers", "gabapentinoids", "chronic sciatica",
                   "PRECISE", "interferential therapy", "persistent spinal pain syndrome",
                   "lead (electrode) migration", "diathermy", "Budapest criteria",
                   "only after a successful trial of stimulation"):
        assert phrase in text, phrase
    for key in ("nice_ng59", "mathieson2017pregabalin", "christelis2021psps", "harden2010budapest",
                "goebel2018crps", "garg2023scscomplications", "neuromodfound2006scs"):
        assert key in text, key
    assert "after one drug class failed" not in sc_rule_text()


def sc_rule_text():
    from npcourse.chapters.c07_interventions import stepped_care
    return stepped_care.OPTIONS["epidural-steroid"].rule






def test_ladder_phone_layout_keeps_every_box_status_and_control(monkeypatch):
    phone = layouts.phone_spec(figures.stepped_care_ladder)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"response", "severity", "diagnosis"}
    marks = layouts.units(phone)
    texts = [m["encoding"]["text"].get("field") for m in marks if m["mark"]["type"] == "text"]
    # Both panels draw names and statuses, in bold and in grey: 2 × 2 × 2, plus the readout.
    assert texts.count("name") == 4 and texts.count("word") == 4 and len(texts) == 9
    assert sum(m["mark"]["type"] == "bar" for m in marks) == 2
    assert any(m["mark"]["type"] == "rule" for m in marks), "the crossed-out option lost its cross"
    text = json.dumps(phone, ensure_ascii=False)
    for word in ("✓ reasonable to discuss", "– not yet", "✖ recommended against", "for another diagnosis"):
        assert word in text
    widths = [v["width"] for v in phone["vconcat"]]
    assert max(widths) <= charts.PHONE_WIDTH
    names = {n for ds in phone["datasets"].values() for row in ds for n in [row.get("name")] if n}
    assert {n.replace("\n", " ") for n in names} >= {r for r in figures.ladder_frame()["label"]}
