"""Chapter 2: charts agree with the models, every check rejects wrong answers, the widget responds."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from npcourse.chapters.c02_pain_pathways import checks as check
from npcourse.chapters.c02_pain_pathways import figures, physiology
from npcourse.facts import data
from npcourse.marking import core

from . import chapter_charts
from .conftest import ROOT
from .phone_layouts import assert_phone_layout_keeps_everything

CHARTS = [figures.conduction_race, figures.gate_control, figures.wind_up]


# --- charts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("make", CHARTS)
def test_charts_have_title_description_bound_controls_and_small_data(make):
    spec = chapter_charts.spec(make)
    assert spec["title"] and len(spec["description"]) > 80
    params = [p for p in spec.get("params", []) if "bind" in p]
    assert params, "no control bound to a parameter"
    for p in params:
        assert p["bind"].get("name", "").strip(), f"control {p['name']} has no visible label"
    size = len(json.dumps(spec.get("datasets", {})))
    assert size < 40_000, f"embedded data is {size} bytes"


def bound(spec) -> dict:
    return {p["name"]: p for p in spec["params"] if "bind" in p}


def test_conduction_race_grid_comes_from_the_model():
    df = figures.conduction_frame()
    for d in (0.05, 0.8, 1.0, 1.2):
        rows = df[(df["d"] - d).abs() < 1e-9].set_index("fibre")
        for fid in physiology.fibre_ids():
            a = physiology.arrival_times(d, fid)
            assert rows.loc[fid, "start"] == pytest.approx(a.earliest_s, abs=1e-5)
            assert rows.loc[fid, "end"] == pytest.approx(a.latest_s, abs=1e-5)
        assert rows.loc["gap", "end"] - rows.loc["gap", "start"] == pytest.approx(
            physiology.pain_gap(d), abs=1e-4)
    spec = chapter_charts.spec(figures.conduction_race)
    slider = bound(spec)["distance"]["bind"]
    assert (slider["min"], slider["max"]) == (figures.DISTANCE_MIN, figures.DISTANCE_MAX)
    grid = sorted(set(df["d"]))
    assert grid[0] == figures.DISTANCE_MIN and grid[-1] == figures.DISTANCE_MAX
    assert len(grid) == round((figures.DISTANCE_MAX - figures.DISTANCE_MIN) / figures.DISTANCE_STEP) + 1


def test_conduction_race_labels_the_gap_and_every_fibre():
    df = figures.conduction_frame()
    labels = set(df["row"])
    assert figures.GAP_LABEL in labels
    for f in data.records("fibres", "fibres"):
        assert any(label.startswith(f["name"] + " ") for label in labels)


def vega_to_python(expr: str) -> str:
    """The gate expressions use clamp() and one ternary; make them Python."""
    return re.sub(r"\((\w+) \? ([0-9.e-]+) : ([0-9.e-]+)\)", r"(\2 if \1 else \3)", expr)


def test_gate_chart_expressions_agree_with_the_python_model():
    expr = {k: vega_to_python(v) for k, v in figures.gate_expressions().items()}
    grid = [i / 20 for i in range(21)]
    env = {"clamp": lambda x, lo, hi: min(hi, max(lo, x))}
    for large, small, descending, dis in itertools.product(grid[::2], grid[::2], grid[::4], (False, True)):
        names = {**env, "large": large, "small": small, "descending": descending, "disinhibited": dis}
        model = physiology.gate_control(large, small, descending, disinhibited=dis)
        assert eval(expr["interneuron"], names) == pytest.approx(model.interneuron, abs=1e-9)
        assert eval(expr["output"], names) == pytest.approx(model.output, abs=1e-9)
    spec = json.dumps(chapter_charts.spec(figures.gate_control))
    assert figures.gate_expressions()["output"] in spec


def test_gate_chart_has_three_sliders_and_the_disinhibition_box():
    params = bound(chapter_charts.spec(figures.gate_control))
    assert {"large", "small", "descending", "disinhibited"} <= set(params)
    assert params["disinhibited"]["bind"]["input"] == "checkbox"
    assert "cartoon" in chapter_charts.spec(figures.gate_control)["description"]


def test_wind_up_grid_comes_from_the_model():
    df = figures.wind_up_frame().set_index("f")
    for f in (0.1, 0.17, 0.32, 0.33, 0.5, 2.0):
        assert df.loc[f, "r"] == pytest.approx(physiology.wind_up_train(f), abs=0.006)
        assert bool(df.loc[f, "up"]) == physiology.winds_up(f)
    assert len(df.loc[0.5, "r"]) == physiology.WIND_UP_STIMULI
    spec = chapter_charts.spec(figures.wind_up)
    slider = bound(spec)["frequency"]["bind"]
    assert slider["min"] == figures.FREQ_MIN and slider["max"] == figures.FREQ_MAX
    assert str(physiology.WIND_UP_THRESHOLD_HZ) in spec["description"]
    assert "cartoon" in spec["description"] and "central sensitisation" in spec["description"]


def test_fibre_table_is_rendered_from_data():
    html = figures.fibre_table().data
    for f in data.records("fibres", "fibres"):
        lo, hi = f["velocity_m_s"]
        assert f["name"] in html and f"{lo:g}–{hi:g}" in html
    assert "<caption>" in html


# --- checks ---------------------------------------------------------------------------------

D1 = check.ARRIVAL_DISTANCE
RIGHT_ARRIVALS = {fid: (D1 / fast, D1 / slow) for fid, (slow, fast) in check.velocities().items()}
RIGHT_GAP = check.GAP_DISTANCE / check.velocities()["c"][1] - check.GAP_DISTANCE / check.velocities()["a-delta"][1]
RIGHT_PROFILES = {"X": "c", "Y": "a-beta", "Z": "a-delta"}
RIGHT_GATE = {"A": "down", "B": "down", "C": "no change", "D": "up"}
RIGHT_MECH = {"A": "wind-up", "B": "normal response", "C": "central sensitisation",
              "D": "peripheral sensitisation", "E": "ectopic activity", "F": "disinhibition"}


def test_hand_worked_answers():
    assert RIGHT_ARRIVALS["c"] == pytest.approx((0.32, 1.6))
    assert RIGHT_GAP == pytest.approx(0.44 - 1.1 / 30)
    assert check._recording_answer() == (pytest.approx(20), "a-delta")


def test_correct_answers_pass():
    assert check.check_arrival_times(RIGHT_ARRIVALS).passed
    assert check.check_arrival_times({k: [round(a, 3), round(b, 3)] for k, (a, b) in RIGHT_ARRIVALS.items()}).passed
    assert check.check_pain_gap(RIGHT_GAP).passed
    assert check.check_pain_gap(round(RIGHT_GAP, 2)).passed
    assert check.check_fibre_profiles(RIGHT_PROFILES).passed
    assert check.check_gate_predictions(RIGHT_GATE).passed
    assert check.check_mechanisms(RIGHT_MECH).passed
    assert check.check_velocity(20, "a-delta").passed
    assert check.check_velocity(20.0, " A-Delta ").passed


def swap(pair):
    return (pair[1], pair[0])


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_arrival_times({**RIGHT_ARRIVALS, "c": swap(RIGHT_ARRIVALS["c"])}), "swapped"),
    (lambda: check.check_arrival_times({k: (D1 * f, D1 * s) for k, (s, f) in check.velocities().items()}),
     "÷ velocity"),
    (lambda: check.check_arrival_times({k: (a * 1000, b * 1000) for k, (a, b) in RIGHT_ARRIVALS.items()}),
     "milliseconds"),
    (lambda: check.check_arrival_times({**RIGHT_ARRIVALS, "a-delta": (0.03, 0.1)}), "a-delta"),
    (lambda: check.check_pain_gap(-RIGHT_GAP), "negative"),
    (lambda: check.check_pain_gap(physiology.pain_gap(check.GAP_DISTANCE, "slowest")), "slowest"),
    # slowest C minus fastest Aδ: a plausible mix-up
    (lambda: check.check_pain_gap(physiology.arrival_time(check.GAP_DISTANCE, "c", "slowest")
                                  - physiology.arrival_time(check.GAP_DISTANCE, "a-delta")), "fastest"),
    (lambda: check.check_fibre_profiles({**RIGHT_PROFILES, "X": "a-delta", "Z": "c"}), "profile"),
    (lambda: check.check_gate_predictions({k: "down" for k in RIGHT_GATE}), "C, D"),
    (lambda: check.check_gate_predictions({**RIGHT_GATE, "C": "up"}), "C"),
    (lambda: check.check_mechanisms({**RIGHT_MECH, "A": "central sensitisation"}), "A"),
    (lambda: check.check_mechanisms({**RIGHT_MECH, "B": "wind-up"}), "B"),
    (lambda: check.check_mechanisms({**RIGHT_MECH, "D": "central sensitisation"}), "D"),
    (lambda: check.check_mechanisms({**RIGHT_MECH, "F": "central sensitisation"}), "F"),
    (lambda: check.check_velocity(0.05, "a-delta"), "distance ÷ time"),
    (lambda: check.check_velocity(20, "c"), "range"),
    (lambda: check.check_velocity(20, "a-beta"), "range"),
    (lambda: check.check_velocity(12.5, "a-delta"), "distance ÷ time"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG
    assert hint in result.message


def test_hints_do_not_give_the_answer_away():
    answers = [f"{RIGHT_GAP:.2f}", f"{RIGHT_GAP:.3f}", "20 m/s"]
    results = [check.check_pain_gap(-RIGHT_GAP), check.check_pain_gap(0.1),
               check.check_velocity(0.05, "c"), check.check_velocity(20, "c")]
    for r in results:
        assert not any(a in r.message for a in answers), r.message
    wrong_gate = check.check_gate_predictions({k: "up" for k in RIGHT_GATE})
    assert "no change" not in wrong_gate.message and "down" not in wrong_gate.message


def test_stubs_report_not_answered():
    for result in (check.check_arrival_times(...), check.check_pain_gap(...),
                   check.check_fibre_profiles(...), check.check_gate_predictions(...),
                   check.check_mechanisms(...), check.check_velocity(..., "a-delta"),
                   check.check_velocity(20, ...)):
        assert result.status == core.UNANSWERED
        assert "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(TypeError, match="arrivals must be a dict"):
        check.check_arrival_times([1, 2])
    with pytest.raises(ValueError, match="arrivals must have exactly the keys"):
        check.check_arrival_times({"a-beta": (0.01, 0.02)})
    with pytest.raises(TypeError, match=r"arrivals\['c'\] must be a pair"):
        check.check_arrival_times({**RIGHT_ARRIVALS, "c": 0.32})
    with pytest.raises(TypeError, match="gap must be a number"):
        check.check_pain_gap("0.4")
    with pytest.raises(ValueError, match=r"gate\['A'\] must be one of 'up', 'down', 'no change'"):
        check.check_gate_predictions({**RIGHT_GATE, "A": "closed"})
    with pytest.raises(ValueError, match="fibre_id must be one of 'a-beta', 'a-delta', 'c'"):
        check.check_velocity(20, "A-delta fibres")
    with pytest.raises(ValueError, match="mechanisms is missing key"):
        check.check_mechanisms({"A": "wind-up"})


def test_answer_keys_come_from_the_models():
    assert check._gate_key() == RIGHT_GATE
    assert check._mechanism_key() == RIGHT_MECH
    assert check._profile_key() == RIGHT_PROFILES


def test_task_material_renders():
    for show in (check.show_fibre_profiles, check.show_gate_cases, check.show_mechanism_cases,
                 check.explain_gate_cases):
        html = show().data
        assert "<caption>" in html and "<td" in html
    profiles = check.show_fibre_profiles().data
    cells = re.findall(r"<td[^>]*>(.*?)</td>", profiles)
    for f in data.records("fibres", "fibres"):
        pattern = rf"(?<!\w){re.escape(f['name'])}(?!\w)"
        assert not any(re.search(pattern, c) for c in cells), f"a profile names {f['name']}"
    assert "[hidden]" in profiles  # fibres.yml's C text names C nociceptors


# --- the chapter's typed numbers agree with the data ---------------------------------------------

def notebook_text(path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_velocity_ranges_quoted_in_the_chapter_match_fibres_yml():
    text = notebook_text(ROOT / "book" / "02-pain-pathways.ipynb")
    quoted = re.findall(r"([\d.]+)–([\d.]+) m/s", text)
    assert quoted, "no velocity ranges found"
    ranges = {tuple(f["velocity_m_s"]) for f in data.records("fibres", "fibres")}
    for lo, hi in quoted:
        assert (float(lo), float(hi)) in ranges, f"{lo}–{hi} m/s is not a range in fibres.yml"


def test_exercise_one_solution_matches_the_model():
    text = notebook_text(ROOT / "book" / "02-pain-pathways.ipynb")
    solution = text[text.index("{solution} ex-ch02-1"):]
    solution = solution[:solution.index("```")]
    d = 1.0
    expected = [
        physiology.arrival_time(d, "a-delta", "fastest"), physiology.arrival_time(d, "a-delta", "slowest"),
        physiology.arrival_time(d, "c", "fastest"), physiology.arrival_time(d, "c", "slowest"),
        physiology.pain_gap(d),
    ]
    numbers = [float(n) for n in re.findall(r"[=≈] ([\d.]+) s\b", solution)]
    for value in expected:
        assert any(abs(n - value) <= 0.006 for n in numbers), f"{value:.3f} s not in ex-ch02-1's solution"


def test_task_text_quotes_the_checked_distances():
    text = notebook_text(ROOT / "solutions" / "02-pain-pathways.ipynb")
    assert f"about {check.ARRIVAL_DISTANCE} m" in text and f"about {check.GAP_DISTANCE} m" in text


def test_velocity_ranges_quoted_in_the_quiz_match_fibres_yml():
    bank = data.load("quizzes/02-pain-pathways")
    text = json.dumps(bank, ensure_ascii=False)
    ranges = {tuple(f["velocity_m_s"]) for f in data.records("fibres", "fibres")}
    for lo, hi in re.findall(r"([\d.]+)–([\d.]+) m/s", text):
        assert (float(lo), float(hi)) in ranges, f"{lo}–{hi} m/s is not a range in fibres.yml"


@pytest.mark.parametrize("build", [
    lambda: figures.gate_control(large=1, small=1, descending=1),
    lambda: figures.wind_up(frequency=2),
], ids=["gate_control", "wind_up"])
def test_phone_layouts_keep_every_control_and_layer_and_fit(monkeypatch, build):
    """The phone layout (issue 16 item 4) in starting states other than the chart's first (every
    chart's first state: test_chapter_contracts.py) binds the same controls, draws the same marks
    and fits the 342 px column at 390 px."""
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    assert_phone_layout_keeps_everything(build())

