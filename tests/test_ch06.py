"""Chapter 6: charts bound to controls and agreeing with the models, every check accepting
the right answer and rejecting plausible wrong ones, stubs, and the live widget."""

from __future__ import annotations

import itertools
import json

import pytest

from npcourse.chapters.c06_rehabilitation import balance, exercise_dosing, figures, tens
from npcourse.chapters.c06_rehabilitation import checks as check
from npcourse.chapters.c06_rehabilitation import widgets as demos
from npcourse.marking import core
from npcourse.ui import charts, live
from npcourse.ui import evidence_map as evidence

from . import chapter_charts
from . import phone_layouts as layouts

CHARTS = [figures.exercise_dose_planner, figures.tens_explorer, figures.evidence_map]


def vega_to_python(expr: str) -> str:
    return (expr.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
            .replace("datum.", "datum_"))


def flat(chart) -> str:
    return " ".join(json.dumps(chart.to_dict(), ensure_ascii=False).replace("\\n", " ").split())


# --- charts --------------------------------------------------------------------------------

@pytest.mark.parametrize("make", CHARTS, ids=lambda f: f.__name__)
def test_chart_budget_and_controls(make):
    spec = chapter_charts.spec(make)
    assert len(json.dumps(spec)) <= 60_000 and len(spec.get("datasets", {})) <= 8
    assert spec["title"] and spec["description"]
    assert all(p["bind"]["name"].strip() for p in spec["params"] if "bind" in p)


def test_planner_carries_the_learning_and_heart_notes():
    text = flat(figures.exercise_dose_planner())
    assert figures.LEARNING_NOTE in text
    assert exercise_dosing.HEART_NOTE in text and sources.label("carvalho2020rehab") in text
    assert "Illustrative progression: time before intensity" in text
    for key in ("tanaka2001age", "zhu2010longitudinal", "robergs2002history", "garber2011quantity"):
        assert sources.label(key) in text


def test_planner_hr_max_expression_equals_the_model():
    assert set(figures.HR_MAX_EXPRESSIONS) == set(exercise_dosing.FORMULAS)
    for formula, age in itertools.product(exercise_dosing.FORMULAS, (18, 35, 64, 90)):
        assert eval(figures.HR_MAX_EXPRESSIONS[formula], {}, {"age": age}) == pytest.approx(
            exercise_dosing.hr_max(age, formula))
    assert figures.hr_max_expression() == "formula == 'tanaka' ? (208 - 0.7 * age) : (220 - age)"


def test_planner_bands_come_from_the_model():
    df = figures.planner_bands()
    assert list(df["id"]) == [b.id for b in exercise_dosing.BANDS]
    for b in figures.TARGET_BANDS:
        expr = figures.band_pct_expression("low")
        assert f"target_band == '{b}' ? {exercise_dosing.band(b).low_pct}" in expr
        assert f"target_band == '{b}' ? {exercise_dosing.band(b).high_pct}" in figures.band_pct_expression("high")
    # The chart's formula for a band edge equals Karvonen.
    for r in df.itertuples():
        hr_rest, top = 70, exercise_dosing.hr_max(64)
        lo = hr_rest + r.low_pct / 100 * (top - hr_rest)
        assert lo == pytest.approx(exercise_dosing.karvonen(64, 70, r.low_pct / 100))


def test_planner_progression_is_the_model():
    spec = chapter_charts.spec(figures.exercise_dose_planner)
    plan = exercise_dosing.progression()
    rows = [d for d in spec["datasets"].values() if d and "minutes_per_week" in d[0]]
    assert rows and [r["minutes_per_week"] for r in rows[0]] == list(plan["minutes_per_week"])


def test_tens_rule_match_equals_classify():
    rules = figures.rules_frame()
    cond = vega_to_python(figures.RULE_MATCH).replace("indexof(datum_ints, '|' + intensity + '|') >= 0",
                                                      "('|' + intensity + '|') in datum_ints")
    for f, intensity in itertools.product([1, 2, 4, 9, 9.9, 10, 10.5, 30, 50, 50.5, 80, 150],
                                          tens.INTENSITIES):
        hits = [r for r in rules.itertuples()
                if eval(cond, {}, {"frequency": f, "intensity": intensity,
                                   **{f"datum_{k}": getattr(r, k) for k in ("ints", "fmin", "fmax")}})]
        first = min(hits, key=lambda r: r.priority)
        assert first.mode == tens.mode(f, 100, intensity), (f, intensity)


def test_tens_regions_match_classify():
    for r in figures.region_frame().itertuples():
        intensity = next(k for k, v in tens.INTENSITIES.items() if v == r.intensity)
        for f in (r.lo * 1.001, r.mid, r.hi * 0.999):
            assert tens.mode(f, 100, intensity) == r.mode


def test_tens_explorer_text():
    text = flat(figures.tens_explorer())
    assert sources.label("gibson2017tens") in text and sources.label("liebano2011tolerance") in text
    assert "very low certainty" in text
    assert "not used to classify" in text
    for r in tens.RULES:
        assert all(sources.label(s) in text for s in r.sources)


def test_evidence_map_is_the_generic_chart_for_this_chapter():
    assert figures.evidence_map().to_dict() == evidence.evidence_map("06-rehabilitation").to_dict()


# --- checks --------------------------------------------------------------------------------

def right():
    c, n = check._expected_evidence()
    return {
        "zones": check._expected_zones(),
        "classes": check._expected_classes(),
        "weekly": check._expected_weekly_minutes(),
        "modes": check._expected_modes(),
        "levels": {k: lvl for k, (_, lvl) in check.TASK5_ITEMS.items()},
        "goal": check._TASK5_BEST_GOAL,
        "certainty": c, "neuropathic": n,
    }


def test_correct_answers_pass():
    r = right()
    assert check.check_karvonen(r["zones"]).passed
    assert check.check_karvonen({k: tuple(round(x) for x in v) for k, v in r["zones"].items()}).passed
    assert check.check_intensity_classes(r["classes"]).passed
    assert check.check_intensity_classes({k: v.upper() + " " for k, v in r["classes"].items()}).passed
    assert check.check_progression(r["weekly"]).passed
    assert check.check_tens_modes(r["modes"]).passed
    assert check.check_icf(r["levels"], r["goal"]).passed
    assert check.check_icf(r["levels"], "C").passed
    assert check.check_evidence(r["certainty"], r["neuropathic"]).passed


def test_expected_answers_by_hand():
    z = check._expected_zones()
    assert z["tanaka"] == pytest.approx((66 + 0.40 * (157.6 - 66), 66 + 0.59 * (157.6 - 66)))
    assert z["220-age"] == pytest.approx((66 + 0.40 * 82, 66 + 0.59 * 82))
    assert check._expected_classes() == {"A": "moderate", "B": "light", "C": "vigorous",
                                        "D": "below-light", "E": "near-maximal"}
    assert check._expected_weekly_minutes() == [45, 45, 60, 60, 75, 75, 90, 90, 120, 120, 150, 150]
    assert check._expected_modes() == {"A": "conventional", "B": "acupuncture-like", "C": "between",
                                      "D": "between", "E": "conventional", "F": "between",
                                      "G": "painful"}
    c, n = check._expected_evidence()
    assert c["tens"] == "very-low" and n["tens"] is True
    assert c["heat"] == "moderate" and n["heat"] is False
    assert n["graded-motor-imagery"] is False and n["balance-training"] is True


def zones_with(fn):
    t = check.TASK1
    out = {}
    for f in exercise_dosing.FORMULAS:
        top = exercise_dosing.hr_max(t["age"], f)
        out[f] = fn(top, top - t["hr_rest"], t["hr_rest"])
    return out


def swapped_zones():
    z = check._expected_zones()
    return {"tanaka": z["220-age"], "220-age": z["tanaka"]}


def with_one(key, value, base):
    return {**base, key: value}


def weekly(**changes):
    return check._variant(**changes)


def modes_changed(**changes):
    return {**check._expected_modes(), **changes}


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_karvonen(zones_with(lambda top, hrr, rest: (0.40 * top, 0.59 * top))),
     "percentage of HRmax"),
    (lambda: check.check_karvonen(zones_with(lambda top, hrr, rest: (0.40 * hrr, 0.59 * hrr))),
     "add the resting heart rate"),
    (lambda: check.check_karvonen(zones_with(lambda top, hrr, rest: (rest + 0.40 * hrr, rest + 0.60 * hrr))),
     "60% is already vigorous"),
    (lambda: check.check_karvonen(swapped_zones()), "swapped"),
    (lambda: check.check_karvonen({"tanaka": (100, 120), "220-age": (100, 120)}), "look again"),
    (lambda: check.check_intensity_classes(check._classes_from_percent_of_max()), "not exercise HR ÷ HRmax"),
    (lambda: check.check_intensity_classes(with_one("B", "vigorous", check._expected_classes())),
     "look again at B"),
    (lambda: check.check_intensity_classes(with_one("C", "near-maximal", check._expected_classes())),
     "look again at C"),
    (lambda: check.check_progression(weekly(step_every=1)), "not every week"),
    (lambda: check.check_progression(weekly(later_sessions=3)), "more sessions a week"),
    (lambda: check.check_progression(weekly(cap_minutes=180)), "stops rising"),
    (lambda: check.check_progression(list(exercise_dosing.progression()["minutes_per_session"])),
     "minutes per SESSION"),
    (lambda: check.check_progression([30] * 12), "work week by week"),
    (lambda: check.check_progression([30] * 11), "each of the 12 weeks"),
    (lambda: check.check_tens_modes(modes_changed(C="acupuncture-like")), "frequency alone does not decide"),
    (lambda: check.check_tens_modes(modes_changed(D="conventional")), "frequency alone does not decide"),
    (lambda: check.check_tens_modes(modes_changed(E="acupuncture-like")), "pulse width does not decide"),
    (lambda: check.check_tens_modes(modes_changed(F="conventional")), "ABOVE 50 Hz"),
    (lambda: check.check_tens_modes(modes_changed(G="acupuncture-like")), "look again at G"),
    (lambda: check.check_icf(with_one("walk", "participation", right()["levels"]), "c"),
     "executing a task"),
    (lambda: check.check_icf({**right()["levels"], "choir": "activity", "grandson": "activity"}, "c"),
     "roles or life situations"),
    (lambda: check.check_icf(with_one("ankle", "activity", right()["levels"]), "c"),
     "body functions are things like"),
    (lambda: check.check_icf(right()["levels"], "a"), "pain intensity is one body function"),
    (lambda: check.check_icf(right()["levels"], "b"), "no time frame"),
    (lambda: check.check_icf(right()["levels"], "d"), "a wish"),
    (lambda: check.check_evidence(with_one("tens", "moderate", right()["certainty"]), right()["neuropathic"]),
     "mixed pain populations"),
    (lambda: check.check_evidence(with_one("heat", "low", right()["certainty"]), right()["neuropathic"]),
     "look again at heat"),
    (lambda: check.check_evidence(right()["certainty"], with_one("heat", True, right()["neuropathic"])),
     "population: look again at heat"),
    (lambda: check.check_evidence(right()["certainty"],
                                  with_one("graded-motor-imagery", True, right()["neuropathic"])),
     "CRPS type I"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG and hint in result.message, result


def test_hints_do_not_reveal_the_answer():
    z = check._expected_zones()
    msg = check.check_karvonen(zones_with(lambda top, hrr, rest: (0.40 * hrr, 0.59 * hrr))).message
    assert not any(f"{v:.1f}" in msg or f"{round(v)}" in msg for pair in z.values() for v in pair)
    msg = check.check_progression(weekly(step_every=1)).message
    assert "150" not in msg and "75" not in msg
    msg = check.check_tens_modes(modes_changed(C="acupuncture-like")).message
    assert "between" not in msg.split(":")[0]


def test_stubs_report_not_answered():
    r = right()
    for result in (check.check_karvonen(...), check.check_intensity_classes(...),
                   check.check_progression(...), check.check_tens_modes(...),
                   check.check_icf(..., "c"), check.check_icf(r["levels"], ...),
                   check.check_evidence(..., r["neuropathic"]), check.check_evidence(r["certainty"], ...)):
        assert result.status == core.UNANSWERED and "Replace the ..." in result.message


@pytest.mark.parametrize("call, exc, message", [
    (lambda: check.check_karvonen({"tanaka": (1, 2)}), ValueError, "zones is missing key"),
    (lambda: check.check_karvonen({"tanaka": 100, "220-age": (1, 2)}), TypeError, "must be a .low, high. pair"),
    (lambda: check.check_intensity_classes({"A": "hard"}), ValueError, "is missing key"),
    (lambda: check.check_intensity_classes({**check._expected_classes(), "A": "hard"}), ValueError,
     r"classes\['A'\] must be one of"),
    (lambda: check.check_progression("30,30"), TypeError, "minutes_per_week must be a list"),
    (lambda: check.check_progression([30] * 11 + ["x"]), TypeError, r"minutes_per_week\[11\] must be a number"),
    (lambda: check.check_tens_modes({**check._expected_modes(), "A": "gate"}), ValueError, "must be one of"),
    (lambda: check.check_icf(right()["levels"], 3), TypeError, "goal must be the letter"),
    (lambda: check.check_icf(right()["levels"], "e"), ValueError, "goal"),
    (lambda: check.check_evidence(right()["certainty"], {**right()["neuropathic"], "tens": "yes"}),
     TypeError, r"neuropathic\['tens'\] must be True or False"),
])
def test_bad_answers_give_clear_errors(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_every_check_is_mapped_to_a_chapter_objective():
    from npcourse.ui import page
    ids = {o["id"] for o in page.chapter("06-rehabilitation")["objectives"]}
    names = {n for n in dir(check) if n.startswith("check_")}
    assert set(check.OBJECTIVES) == names
    assert set(check.OBJECTIVES.values()) <= ids


# --- live widget ---------------------------------------------------------------------------

def test_static_widget_shows_the_example_and_the_evidence(monkeypatch, capsys):
    html = demos.progression_static().data
    assert "<caption>" in html and balance.LABEL in html
    for week in range(1, 9):
        assert f"<th scope=\"row\">{week}</th>" in html
    assert "<th scope=\"row\">9</th>" not in html
    assert "Lima et al. 2021" in html and "Ma et al. 2026" in html and "low-certainty" in html
    assert "lima2021balance" not in html, "a BibTeX key in the learner's text"
    assert balance.task(2) in html
    shown = []
    monkeypatch.setenv(live.STATIC_ENV, "1")
    monkeypatch.setattr(live, "display", lambda obj: shown.append(obj))
    demos.show_balance_progression()
    assert "Live demonstration" in shown[0].data and shown[1].data == html


def test_live_widget_builds_and_reacts():
    box = demos.balance_progression()
    out = box.children[-1]
    start, weeks = box.children[1], box.children[2]
    assert "Standing task" in out.value
    weeks.value = 12
    assert "<th scope=\"row\">12</th>" in out.value
    start.value = 5
    assert balance.task(5) in out.value
    ticks = box.children[-2].children
    ticks[1].value = False       # week 2 not completed safely: no advance in week 3
    assert "repeat" in out.value


def test_widget_reports_bad_input():
    assert 'role="alert"' in demos.plan_html(9, 8, 3, True)


# --- issue 23: rehabilitation safety (data, chapter text, quiz keys) -------------------------

import re  # noqa: E402
from pathlib import Path  # noqa: E402

from npcourse.facts import data  # noqa: E402
from npcourse.ui import sources  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SENSATION = re.compile(r"normal sensation|thermal sensation|hot-cold", re.I)


def chapter_cells(stem="book/06-rehabilitation.ipynb"):
    nb = json.loads((ROOT / stem).read_text(encoding="utf-8"))
    return [("".join(c["source"]) if isinstance(c["source"], list) else c["source"], c["cell_type"])
            for c in nb["cells"]]


def section(label):
    """The cells from the label ``(label)=`` up to the next labelled section."""
    cells, out, inside = chapter_cells(), [], False
    for src, kind in cells:
        if src.startswith("(sec-"):
            inside = src.startswith(f"({label})=")
        if inside:
            out.append((src, kind))
    assert out, label
    return out


def test_every_device_or_modality_of_chapter_6_has_a_sourced_safety_record():
    recs = data.by_id("therapies", "therapies")
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    for tid in figures.MODALITIES:
        saf = recs[tid]["safety"]
        assert SENSATION.search(saf["sensation_rule"]), tid
        assert saf["contraindications"] and saf["precautions"] and saf["sources"], tid
        for key in saf["sources"]:
            assert "{" + key + "," in bib, (tid, key)
        assert any("sensation" in c for c in saf["contraindications"]), tid


def test_tens_safety_record_lists_the_contraindications_of_issue_23():
    saf = data.by_id("therapies", "therapies")["tens"]["safety"]
    text = " ".join(saf["contraindications"] + saf["precautions"] + saf["guidance"]).lower()
    for phrase in ("pacemaker", "defibrillator", "neurostimulator", "neck", "carotid", "head",
                   "chest", "pregnancy", "broken", "infected", "without normal sensation",
                   "cannot feel or report", "epilepsy", "low back pain"):
        assert phrase in text, phrase
    assert "proximally" in saf["sensation_rule"] and "inspect the skin" in saf["sensation_rule"]


def test_heat_record_forbids_foot_warming_in_diabetic_neuropathy():
    text = " ".join(data.by_id("therapies", "therapies")["heat"]["safety"]["contraindications"]).lower()
    for phrase in ("hot-water bottles", "heating pads", "foot spas", "fire", "bath water"):
        assert phrase in text, phrase


@pytest.mark.parametrize("label, ids", [
    ("sec-ch06-thermal", ("heat", "cold")),
    ("sec-ch06-tens", ("tens",)),
    ("sec-ch06-other-estim", ("other-electrical-stimulation",)),
])
def test_chapter_renders_the_safety_record_wherever_the_modality_is_taught(label, ids):
    cells = section(label)
    code = " ".join(src for src, kind in cells if kind == "code")
    for tid in ids:
        assert f'"{tid}"' in code and "safety_box(" in code, (label, tid)
    html = figures.safety_html(ids[0])
    assert "Sensation rule" in html and "contraindications" in html


@pytest.mark.parametrize("label", ["sec-ch06-thermal", "sec-ch06-tens", "sec-ch06-desensitisation"])
def test_no_heat_cold_or_tens_advice_without_the_sensation_rule(label):
    prose = " ".join(src for src, kind in section(label) if kind == "markdown")
    assert SENSATION.search(prose), label
    # the reversed advice of the old text must not come back
    assert "whose temperature the person controls" not in prose


def test_every_code_safety_box_names_a_record_with_safety():
    for tid in figures.MODALITIES:
        figures.safety_html(tid)
    with pytest.raises(ValueError, match="has no safety record"):
        figures.safety_html("yoga")
    with pytest.raises(ValueError, match="therapy_id must be a record"):
        figures.safety_html("nothing")


def test_tens_explorer_shows_the_safety_note():
    text = flat(figures.tens_explorer())
    assert tens.SAFETY_NOTE in text
    for key in tens.SAFETY_SOURCES:
        assert sources.label(key) in text


def test_desensitisation_separates_hypersensitive_from_numb_skin():
    prose = " ".join(src for src, _ in section("sec-ch06-desensitisation"))
    assert "hypersensitive" in prose.lower() and "sensory re-education" in prose
    assert "time limit" in prose


def test_pacing_reports_the_full_meta_analysis_and_no_walk_whatever_the_pain():
    prose = " ".join(src for src, _ in section("sec-ch06-pacing"))
    assert "more* pain and disability" in prose and "psychological functioning" in prose
    assert "pain is not a reliable warning" in prose
    assert "whatever the pain" not in " ".join(src for src, _ in chapter_cells())


def test_foot_protection_section_teaches_the_stop_rules():
    prose = " ".join(src for src, _ in section("sec-ch06-feet"))
    for phrase in ("Look every day", "Never walk barefoot", "blister", "redness", "warmth",
                   "swelling", "Charcot", "within the week", "open ulcer", "1,000 steps",
                   "pain is not a reliable warning"):
        assert phrase in prose, phrase


def test_dosing_section_teaches_screening_rpe_and_the_100_rule():
    prose = " ".join(src for src, _ in section("sec-ch06-dosing"))
    for phrase in ("autonomic neuropathy", "12–13", "*measured*", "above 100", "prompt to check"):
        assert phrase in prose, phrase
    assessment = " ".join(src for src, _ in section("sec-ch06-assessment"))
    for phrase in ("medical clearance", "hypoglycaemic", "Valsalva", "proliferative retinopathy"):
        assert phrase in assessment, phrase


def test_planner_cannot_show_a_zone_for_a_resting_rate_above_100():
    lo, hi, *_ = figures.PLANNER_CONTROLS["hr_rest"][1:]
    assert hi <= exercise_dosing.RESTING_HR_CHECK
    text = flat(figures.exercise_dose_planner())
    assert sources.label("colberg2016ada") in text and "one variable changes at a time" in text


def test_quiz_q06_key_uses_rpe_or_measured_peak_and_q09_does_not_say_pulses_define():
    import yaml
    bank = yaml.safe_load((ROOT / "src/npcourse/facts/yaml/quizzes/06-rehabilitation.yml").read_text())
    qs = {q["id"]: q for q in bank["questions"]}
    right = [o for o in qs["ch06-q06"]["options"] if o["correct"]]
    assert len(right) == 1 and "perceived exertion" in right[0]["text"]
    assert "measured peak" in right[0]["text"] and "autonomic" in qs["ch06-q06"]["question"]
    for o in qs["ch06-q09"]["options"]:
        assert " define " not in o["feedback"] or "do not define" in o["feedback"]
    # the course's own model agrees with q09's key without using pulse width
    assert tens.mode(2, 50, "muscle-contraction") == tens.mode(2, 250, "muscle-contraction") == "acupuncture-like"


def test_balance_widget_always_shows_guarding():
    html = demos.plan_html(2, 8, 3, False)
    assert balance.GUARDING in html.replace("&#x27;", "'")
    assert "GUARDED" in html


def test_falls_and_mirror_therapy_evidence_is_reported_fairly():
    exercise_text = " ".join(src for src, _ in section("sec-ch06-exercise"))
    assert "sherrington2019falls" in exercise_text and "3 or more hours a week" in exercise_text
    gmi = " ".join(src for src, _ in section("sec-ch06-gmi"))
    assert "conflicts" in gmi and "wang2021mirror" in gmi
    recs = data.by_id("therapies", "therapies")
    assert recs["mirror-therapy"]["neuropathic_population"] is True
    # the same population (diabetic peripheral neuropathy) gets the same flag
    assert (recs["balance-training"]["neuropathic_population"]
            == recs["strengthening"]["neuropathic_population"]
            == recs["tai-chi"]["neuropathic_population"] is True)






def test_planner_phone_layout_keeps_controls_zones_and_progression(monkeypatch):
    phone = layouts.phone_spec(figures.exercise_dose_planner)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"age", "hr_rest", "formula", "target_band"}
    assert {p["name"] for p in phone["params"] if "expr" in p} >= {"hrmax", "hrr", "band_low", "band_high"}
    units = layouts.units(phone)
    kinds = [u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"] for u in units]
    assert kinds.count("bar") == 2 and kinds.count("line") == 1 and kinds.count("rule") == 1
    text = json.dumps(phone, ensure_ascii=False)
    # The class names (over their bars), the target sum on two lines, the ACSM target, the guard.
    assert any(u.get("encoding", {}).get("text", {}).get("field") == "label" for u in units)
    assert "'to ' +" in text and "150 minutes a week" in text
    assert "Resting heart rate must be below" in text
    assert all(v["width"] <= charts.PHONE_WIDTH for v in phone["vconcat"])


def test_tens_phone_layout_keeps_controls_map_and_readout(monkeypatch):
    phone = layouts.phone_spec(figures.tens_explorer)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"frequency", "pulse_width", "intensity"}
    units = layouts.units(phone)
    fields = {u["encoding"]["text"]["field"] for u in units if "text" in u.get("encoding", {})
              and "field" in u["encoding"]["text"]}
    assert {"text_phone", "shown", "intensity"} <= fields  # readout, mode names, intensity names
    assert any(u["mark"]["type"] == "point" for u in units) and any(u["mark"]["type"] == "rect" for u in units)
    rules = figures.rules_frame()
    assert all(len(line) <= figures.TENS_PHONE_WRAP for t in rules["text_phone"] for line in t.split("\n"))
    assert ["".join(t.split()) for t in rules["text_phone"]] == ["".join(t.split()) for t in rules["text"]]
    text = json.dumps(phone, ensure_ascii=False)
    for short in figures.MODE_ON_PHONE.values():  # an abbreviation only with its key
        assert f"{short} = " in text
