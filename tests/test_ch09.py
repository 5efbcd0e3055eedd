"""Chapter 9: the outcome arithmetic, the data files other chapters rely on, the synthetic
diaries, charts that agree with the model, checks that accept the right answer and reject
plausible wrong ones, and the live widget."""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pytest

from npcourse.chapters.c09_progress_and_team import checks as check
from npcourse.chapters.c09_progress_and_team import diaries, figures
from npcourse.chapters.c09_progress_and_team import widgets as demos
from npcourse.facts import data
from npcourse.marking import core
from npcourse.models import outcomes
from npcourse.ui import charts, live

from . import chapter_charts
from . import phone_layouts as layouts

CHARTS = [figures.pain_diary_explorer, figures.responder_thresholds, figures.team_map]


def vega_to_python(expr: str) -> str:
    return (expr.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
            .replace("datum.", "datum_").replace("true", "True").replace("false", "False")
            .replace("null", "None"))


def vega_ternary(expr: str) -> str:
    """Turn Vega's nested `a ? b : c` into Python's `(b if a else c)` (balanced parentheses)."""
    expr = expr.strip()
    while expr.startswith("(") and _closing(expr, 0) == len(expr) - 1:
        expr = expr[1:-1].strip()
    depth, q = 0, None
    for i, ch in enumerate(expr):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "?" and depth == 0:
            q = i
            break
    if q is None:
        return expr
    depth = 0
    for j in range(q + 1, len(expr)):
        depth += expr[j] == "("
        depth -= expr[j] == ")"
        if expr[j] == ":" and depth == 0:
            cond, yes, no = expr[:q], expr[q + 1:j], expr[j + 1:]
            return f"(({vega_ternary(yes)}) if ({vega_ternary(cond)}) else ({vega_ternary(no)}))"
    raise ValueError(expr)


def _closing(expr: str, start: int) -> int:
    depth = 0
    for i in range(start, len(expr)):
        depth += expr[i] == "("
        depth -= expr[i] == ")"
        if depth == 0:
            return i
    return -1


def evaluate(expr: str, **env):
    return eval(vega_to_python(vega_ternary(expr)), {}, env)


# --- outcomes: arithmetic and validation -----------------------------------------------------

def test_change_and_percentage_by_hand():
    assert outcomes.change(8, 6) == -2
    assert outcomes.percent_change(8, 6) == pytest.approx(-25)
    assert outcomes.percent_reduction(4, 2) == pytest.approx(50)
    assert outcomes.percent_change(4, 5) == pytest.approx(25)
    assert outcomes.percent_change(50, 25, "vas") == pytest.approx(-50)


def test_boundary_cases_count_as_reaching_the_threshold():
    # 5.0 -> 3.5 is exactly 30 % and 8.0 -> 4.0 exactly 50 %, whatever the order of operations.
    assert 100 * (5.0 - 3.5) / 5.0 >= 30 and (5.0 - 3.5) / 5.0 * 100 >= 30
    assert outcomes.is_responder(5.0, 3.5, 30) and not outcomes.is_responder(5.0, 3.6, 30)
    assert outcomes.is_responder(8.0, 4.0, 50) and not outcomes.is_responder(8.0, 4.1, 50)
    assert outcomes.benchmark(5.0, 3.5) == "moderate"
    assert outcomes.benchmark(8.0, 4.0) == "substantial"


def test_benchmark_levels_come_from_the_data():
    t = outcomes.thresholds()
    assert outcomes.threshold_percent("immpact-substantial") == t["immpact-substantial"]["value"] == 50
    assert outcomes.threshold_percent("immpact-moderate") == t["immpact-moderate"]["value"] == 30
    assert outcomes.threshold_percent("immpact-minimal") == t["immpact-minimal"]["low"] == 10
    cases = {(10, 4.9): "substantial", (10, 5.1): "moderate", (10, 7.5): "minimal",
             (10, 8.9): "minimal", (10, 9.5): "below minimal", (10, 10): "below minimal",
             (5, 6): "worse"}
    for (b, f), level in cases.items():
        assert outcomes.benchmark(b, f) == level, (b, f)
        assert outcomes.benchmark_of_reduction(outcomes.percent_reduction(b, f)) == level


def test_meets_handles_every_kind():
    assert outcomes.meets(8, 6, "farrar-points") and not outcomes.meets(8, 6.5, "farrar-points")
    assert outcomes.meets(8, 5.6, "farrar-percent") and not outcomes.meets(8, 6, "farrar-percent")
    assert outcomes.meets(10, 9, "immpact-minimal") and not outcomes.meets(10, 9.5, "immpact-minimal")
    assert outcomes.meets(4, 6, "psfs-mdc-average") and not outcomes.meets(4, 5, "psfs-mdc-average")
    assert outcomes.meets(6, 5, "immpact-bpi-interference")
    with pytest.raises(ValueError, match="use pgic_improved"):
        outcomes.meets(8, 4, "farrar-pgic")
    with pytest.raises(ValueError, match="threshold_id must be one of"):
        outcomes.meets(8, 4, "thirty-percent")


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="baseline is 0"):
        outcomes.percent_change(0, 3)
    with pytest.raises(ValueError, match="followup must be between 0 and 10"):
        outcomes.change(5, 11)
    with pytest.raises(ValueError, match="baseline must be between 0 and 100 on the VAS"):
        outcomes.change(-1, 3, "vas")
    with pytest.raises(TypeError, match="baseline must be a number on the NRS"):
        outcomes.change("7", 3)
    with pytest.raises(ValueError, match=r"diary is empty"):
        outcomes.summarise_diary([])
    with pytest.raises(ValueError, match=r"diary\[2\] must be between 0 and 10"):
        outcomes.summarise_diary([5, 6, 12, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4])
    with pytest.raises(ValueError, match=r"diary\[1\] must be a whole number"):
        outcomes.summarise_diary([5, 6.5] + [5] * 12)
    with pytest.raises(TypeError, match="diary must be a list of daily scores"):
        outcomes.summarise_diary("5 6 7")
    with pytest.raises(ValueError, match="needs at least baseline_days \\+ followup_days = 14"):
        outcomes.summarise_diary([5] * 10)
    with pytest.raises(ValueError, match="percent must be greater than 0"):
        outcomes.is_responder(8, 4, 0)
    with pytest.raises(ValueError, match="measure must be one of"):
        outcomes.change(5, 4, "pgic")
    with pytest.raises(ValueError, match="baselines has 2 values but followups has 1"):
        outcomes.responder_counts([5, 6], [4])
    with pytest.raises(ValueError, match=r"pgics\[0\] must be one of"):
        outcomes.concordance([5], [3], ["better"])


def test_summaries_of_a_diary():
    s = outcomes.summarise_diary([8] * 7 + [6] * 20 + [4] * 7)
    assert (s.baseline, s.followup, s.change) == (8, 4, -4)
    assert s.percent_change == pytest.approx(-50) and s.benchmark == "substantial"
    assert s.responder_30 and s.responder_50 and "-50.0%" in s.text()
    zero = outcomes.summarise_windows([0] * 7, [1] * 7)
    assert zero.percent_change is None and zero.benchmark is None and "baseline is 0" in zero.text()
    assert outcomes.summarise_windows(np.array([7, 7, 7]), (5, 5, 5)).change == -2


def test_cohort_counts_and_concordance_by_hand():
    b, f = [10, 10, 10, 5], [6, 7, 9, 2.5]
    assert outcomes.responder_counts(b, f) == {30: 3, 50: 1}
    pg = ["much improved", "minimally improved", "very much improved", "no change"]
    k = outcomes.concordance(b, f, pg)
    assert (k.both, k.neither, k.nrs_only, k.pgic_only, k.n) == (1, 0, 2, 1, 4)
    assert k.agreement == pytest.approx(0.25)
    assert outcomes.pgic_improved(" Much Improved ")
    assert not outcomes.pgic_improved("minimally improved")
    assert outcomes.pgic_improved("minimally improved", "immpact-pgic-minimal")


# --- the data files (chapter 10 reads them: ids are a contract) ------------------------------

def test_outcome_measure_ids_are_stable_and_consistent():
    m = outcomes.measures()
    assert set(m) == {"nrs", "vas", "bpi", "npsi", "pgic", "psfs"}
    t = outcomes.thresholds()
    assert {"immpact-minimal", "immpact-moderate", "immpact-substantial", "farrar-percent",
            "farrar-points", "farrar-pgic"} <= set(t)
    domains = data.by_id("outcome_measures", "domains")
    assert len(domains) == 6
    for rec in m.values():
        assert set(rec["domains"]) <= set(domains)
        assert ("scale" in rec) != ("categories" in rec), rec["id"]
    for rec in t.values():
        assert rec["measure"] in m, rec["id"]
        kind = rec["kind"]
        assert ("value" in rec) == (kind in ("percent-reduction", "points-reduction",
                                             "points-increase")), rec["id"]
        if kind == "percent-range":
            assert rec["low"] < rec["high"]
        if kind == "category":
            assert set(rec["categories"]) <= set(m[rec["measure"]]["categories"])
        if kind.startswith("percent"):
            assert 0 < rec.get("value", rec.get("low")) <= 100
        assert len(rec["population"]) > 20 and len(rec["limits"]) > 10
    assert len(outcomes.pgic_categories()) == 7


def test_care_team_refers_to_known_concerns():
    concerns = data.by_id("care_team", "concerns")
    roles = data.by_id("care_team", "roles")
    assert {"person", "primary-care", "physiotherapist", "psychologist"} <= set(roles)
    for r in roles.values():
        assert set(r["concerns"]) <= set(concerns), r["id"]
    assert set(roles["person"]["concerns"]) == set(concerns)
    for c in concerns:
        assert sum(c in r["concerns"] for r in roles.values()) >= 2, c


# --- synthetic diaries and cohort ----------------------------------------------------------

def test_diaries_are_synthetic_reproducible_and_valid():
    df = diaries.all_diaries()
    assert df.attrs["synthetic"] and "SYNTHETIC" in df.attrs["title"] and df["synthetic"].all()
    assert df.equals(diaries.all_diaries())
    assert not df.equals(diaries.all_diaries(seed=7))
    assert len(df) == diaries.DAYS * len(diaries.PATIENTS)
    assert df["score"].between(0, 10).all() and (df["score"] % 1 == 0).all()
    assert diaries.diary("ana").equals(df[df.patient == "ana"].reset_index(drop=True).pipe(
        lambda d: d.assign(synthetic=True)))
    assert diaries.week_of(7) == 0 and diaries.week_of(8) == 1 and diaries.week_of(63) == 8
    assert diaries.expected_score(3, "ana") == diaries.PATIENTS["ana"][1]


def test_patients_show_the_situations_the_chapter_describes():
    w = diaries.weekly_summary(diaries.all_diaries())
    end = w[w.week == diaries.WEEKS].set_index("patient")
    assert end["benchmark"].to_dict() == {"ana": "substantial", "ben": "moderate",
                                          "chen": "below minimal", "dora": "minimal",
                                          "eli": "moderate", "femi": "worse"}
    # Dora: at least 2 points but under 30 %; Eli: under 1 point but at least 30 %.
    assert end.loc["dora", "change"] <= -2 and end.loc["dora", "percent_change"] > -30
    assert end.loc["eli", "change"] > -1 and end.loc["eli", "percent_change"] <= -30


def test_cohort_is_synthetic_and_has_the_boundary_cases():
    c = diaries.cohort()
    assert c.attrs["synthetic"] and c["synthetic"].all() and len(c) == 40
    assert c.equals(diaries.cohort())
    pairs = set(zip(c["baseline"], c["followup"], strict=True))
    assert (5.0, 3.5) in pairs and (8.0, 4.0) in pairs
    assert set(c["pgic"]) <= set(outcomes.pgic_categories())
    counts = outcomes.responder_counts(c["baseline"], c["followup"])
    assert counts[30] >= counts[50] > 0
    with pytest.raises(ValueError, match="n must be at least 2"):
        diaries.cohort(1)
    with pytest.raises(ValueError, match="patient_id must be one of"):
        diaries.diary("zoe")
    assert diaries.pgic_from_reduction(55) == "very much improved"
    assert diaries.pgic_from_reduction(0) == "no change"
    assert diaries.pgic_from_reduction(-80) == "very much worse"


# --- charts agree with the model -------------------------------------------------------------

def test_explorer_rule_equals_outcomes_meets():
    _, weekly = figures.diary_frames()
    for tid in figures.EXPLORER_THRESHOLDS:
        value = evaluate(figures.threshold_value_expression(), threshold=tid)
        is_pct = evaluate(figures.threshold_is_percent_expression(), threshold=tid)
        for r in weekly[weekly.week > 0].itertuples():
            env = {"thr_value": value, "thr_percent": is_pct, "datum_change": r.change,
                   "datum_percent_change": r.percent_change, "datum_baseline": r.baseline}
            got = evaluate(figures.meets_expression(), **env)
            assert got == outcomes.meets(r.baseline, r.mean, tid), (tid, r)
            line = evaluate(figures.threshold_line_expression(), **env)
            assert (r.mean <= line + 1e-6) == got or abs(r.mean - line) < 1e-2


def test_checker_rule_equals_outcomes_meets():
    frame = figures.checker_frame()
    assert set(frame["id"]) == {t["id"] for t in data.records("outcome_measures", "thresholds")
                                if t["measure"] == "nrs" and t["kind"] in figures.CHECKER_KINDS}
    for b, f in itertools.product(np.arange(1, 10.5, 0.5), np.arange(0, 10.5, 0.5)):
        pts, pct = b - f, 100 * (b - f) / b
        for r in frame.itertuples():
            got = evaluate(figures.checker_meets_expression(), pct=pct, pts=pts, datum_unit=r.unit,
                           datum_low=r.low)
            assert got == outcomes.meets(float(b), float(f), r.id), (b, f, r.id)


def test_team_map_highlight_equals_the_data():
    frame = figures.team_frame()
    roles = data.by_id("care_team", "roles")
    for c in data.records("care_team", "concerns"):
        for r in frame.itertuples():
            got = evaluate(figures.leads_expression().replace("indexof(datum.concerns, ", "").replace(
                ") >= 0", " in datum_concerns"), concern=c["id"], datum_concerns=r.concerns)
            assert got == (c["id"] in roles[r.id]["concerns"])


@pytest.mark.parametrize("make", CHARTS)
def test_chart_budget_and_honesty(make):
    spec = chapter_charts.spec(make)
    assert len(json.dumps(spec)) <= 60 * 1024 and len(spec.get("datasets", {})) <= 8
    flat = " ".join(str(spec).replace("\\n", " ").split())
    if make is figures.pain_diary_explorer:
        assert "SYNTHETIC" in flat and "fictional" in flat
    assert spec["description"].strip()


def test_tables_render_every_record():
    m = figures.measures_table().data
    for rec in outcomes.measures().values():
        assert rec["abbreviation"] in m
    t = figures.thresholds_table().data
    assert t.count("<tr>") == len(outcomes.thresholds()) + 1
    assert "2724" in t and "825" in t
    # PGIC: Farrar's anchor and IMMPACT's minimal, moderate and substantial levels (+ header).
    assert figures.thresholds_table("pgic").data.count("<tr>") == 5
    with pytest.raises(ValueError, match="has no thresholds"):
        figures.thresholds_table("vas")
    team = figures.team_table().data
    for r in data.records("care_team", "roles"):
        assert r["part"][:30] in team.replace("&#x27;", "'")
    assert figures.threshold_label("immpact-minimal").startswith("at least 10%")


# --- checks ----------------------------------------------------------------------------------

def right():
    return {"baseline": check._expected_baseline(), "change": check._expected_change(),
            "benchmarks": check._expected_benchmarks(), "responders": check._expected_responders(),
            "agreement": check._expected_concordance()}


def test_correct_answers_pass():
    r = right()
    assert check.check_baseline(r["baseline"]).passed
    assert check.check_baseline(round(r["baseline"], 2)).passed
    assert check.check_change(*r["change"]).passed
    assert check.check_change(round(r["change"][0], 2), round(r["change"][1], 1)).passed
    assert check.check_benchmarks(r["benchmarks"]).passed
    # Labels are compared case-insensitively (core.answer_labels).
    assert check.check_benchmarks({k: v.title() for k, v in r["benchmarks"].items()}).passed
    assert check.check_responders(r["responders"]).passed
    assert check.check_concordance(r["agreement"]).passed


def test_expected_answers_by_hand():
    d = check.task_diary()
    week0 = d.loc[d.week == 0, "score"]
    week8 = d.loc[d.week == 8, "score"]
    assert check._expected_baseline() == pytest.approx(week0.sum() / 7)
    c, p = check._expected_change()
    assert c == pytest.approx(week8.mean() - week0.mean())
    assert p == pytest.approx(100 * (week8.mean() - week0.mean()) / week0.mean())
    co = check.cohort()
    red = 100 * (co.baseline - co.followup) / co.baseline
    assert check._expected_responders() == {30: int((red >= 30 - 1e-9).sum()),
                                           50: int((red >= 50 - 1e-9).sum())}
    improved = co.pgic.isin(["much improved", "very much improved"])
    assert check._expected_concordance() == pytest.approx(((red >= 30 - 1e-9) == improved).mean())


def _labels(**changes):
    b = dict(check._expected_benchmarks())
    b.update(changes)
    return b


def _strict_counts():
    co = check.cohort()
    red = 100 * (co.baseline - co.followup) / co.baseline
    return {30: int((red > 30 + 1e-9).sum()), 50: int((red > 50 + 1e-9).sum())}


def _agreement(percent=30, improved=("much improved", "very much improved")):
    co = check.cohort()
    red = 100 * (co.baseline - co.followup) / co.baseline
    return float(((red >= percent - 1e-9) == co.pgic.isin(improved)).mean())


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_baseline(float(check.task_diary().score.iloc[0])), "one day"),
    (lambda: check.check_baseline(float(check.task_diary().score.mean())), "whole diary"),
    (lambda: check.check_baseline(float(np.median(check.task_diary().query("week == 0").score))),
     "median"),
    (lambda: check.check_baseline(9.5), "week == 0"),
    (lambda: check.check_change(-check._expected_change()[0], -check._expected_change()[1]), "sign"),
    (lambda: check.check_change(check._expected_change()[0], check._expected_change()[1] / 100),
     "multiply by 100"),
    (lambda: check.check_change(check._expected_change()[0], 100 * check._expected_change()[0] / (
        check._expected_baseline() + check._expected_change()[0])), "not by the follow-up"),
    (lambda: check.check_change(float(check.task_diary().score.iloc[-1]) - check._expected_baseline(),
                                check._expected_change()[1]), "last day"),
    (lambda: check.check_change(check._expected_change()[0], -20.0), "100 × change / baseline"),
    (lambda: check.check_benchmarks(_labels(dora="moderate")), "not automatically 30%"),
    (lambda: check.check_benchmarks(_labels(eli="below minimal")), "less than 1 point"),
    (lambda: check.check_benchmarks(_labels(femi="below minimal")), "femi"),
    (lambda: check.check_responders(_strict_counts()), "AT LEAST"),
    (lambda: check.check_responders({p: v / check.COHORT_SIZE for p, v in
                                     check._expected_responders().items()}), "count"),
    (lambda: check.check_responders({30: check._expected_responders()[50],
                                     50: check._expected_responders()[30]}), "swapped"),
    (lambda: check.check_concordance(100 * check._expected_concordance()), "proportion"),
    (lambda: check.check_concordance(1 - check._expected_concordance()), "DISAGREE"),
    (lambda: check.check_concordance(_agreement(50)), "not 50%"),
    (lambda: check.check_concordance(_agreement(30, ("minimally improved", "much improved",
                                                     "very much improved"))), "minimally improved"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG and hint in result.message, result


def test_wrong_answers_in_the_fixture_really_differ():
    # Each wrong answer above must differ from the right one, or the test would prove nothing.
    assert _strict_counts() != check._expected_responders()
    assert _agreement(50) != pytest.approx(check._expected_concordance())
    assert _agreement(30, ("minimally improved", "much improved", "very much improved")) != \
        pytest.approx(check._expected_concordance())


def test_hints_do_not_reveal_the_answer():
    msg = check.check_baseline(9.5).message
    assert f"{check._expected_baseline():.2f}" not in msg
    msg = check.check_responders({30: 1, 50: 1}).message
    n30, n50 = check._expected_responders().values()
    assert not re.search(rf"\b({n30}|{n50})\b", msg)


def test_stubs_report_not_answered():
    for result in (check.check_baseline(...), check.check_change(..., -30),
                   check.check_change(-2, ...), check.check_benchmarks(...),
                   check.check_responders(...), check.check_concordance(...)):
        assert result.status == core.UNANSWERED and "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(TypeError, match="baseline must be a number"):
        check.check_baseline("6.1")
    with pytest.raises(ValueError, match="counts is missing key"):
        check.check_responders({30: 5})
    with pytest.raises(ValueError, match="counts has unexpected key"):
        check.check_responders({30: 5, 50: 2, 20: 9})
    with pytest.raises(ValueError, match=r"labels\['ana'\] must be one of"):
        check.check_benchmarks(_labels(ana="great"))
    with pytest.raises(TypeError, match="agreement must be a number"):
        check.check_concordance(None)


def test_task_material_renders():
    assert "<caption>" in check.show_benchmark_task().data
    for df in (check.task_diary(), check.all_diaries(), check.cohort()):
        assert df.attrs["synthetic"]


# --- live widget ---------------------------------------------------------------------------

def test_live_widget_static_and_live(monkeypatch):
    monkeypatch.setenv(live.STATIC_ENV, "1")
    static = demos.examples_static().data
    assert "undefined (baseline 0)" in static and "substantial" in static and "worse" in static
    monkeypatch.delenv(live.STATIC_ENV)
    box = demos.diary_calculator()
    _, before, after, choice, out = box.children
    assert "substantial" in out.value and "<strong>met</strong>" in out.value
    after.value = "7 7 7 7 7 7 7"
    assert "not met" in out.value and "below minimal" in out.value
    before.value = "7 11 7"
    assert "baseline week[1] must be between 0 and 10" in out.value and 'role="alert"' in out.value
    before.value = ""
    assert "baseline week is empty" in out.value
    before.value, after.value = "0 0 0", "1 1 1"
    assert "cannot be judged as a percentage" in out.value
    choice.value = "farrar-points"
    assert "not met" in out.value
    with pytest.raises(ValueError, match=r"later week\[0\] must be a number"):
        demos.parse_scores("later week", "seven")


def test_care_team_has_the_foot_team_with_sources():
    """Chapter 6 names the podiatrist: the team data must hold the foot-care roles, sourced."""
    roles = data.by_id("care_team", "roles")
    for rid in ("podiatrist", "orthotist", "diabetes-nurse"):
        assert rid in roles, rid
        assert "feet" in roles[rid]["concerns"], rid
        assert "nice_ng19" in roles[rid]["sources"], rid
    feet = [r for r in roles.values() if "feet" in r["concerns"] and r["id"] != "person"]
    assert {r["id"] for r in feet} >= {"podiatrist", "orthotist", "diabetes-nurse"}


def test_care_team_covers_return_to_work():
    roles = data.by_id("care_team", "roles")
    ot = roles["occupational-therapist"]
    assert "money-work" in ot["concerns"] and "return to work" in ot["part"]
    assert "kamper2015multidisciplinary" in ot["sources"]


def test_pgic_has_all_three_immpact_levels():
    """IMMPACT: minimally improved = minimal, much improved = moderate, very much = substantial."""
    t = data.by_id("outcome_measures", "thresholds")
    levels = {t[i]["level"]: t[i]["categories"] for i in
              ("immpact-pgic-minimal", "immpact-pgic-moderate", "immpact-pgic-substantial")}
    assert levels == {"minimal": ["minimally improved"], "moderate": ["much improved"],
                      "substantial": ["very much improved"]}
    categories = data.by_id("outcome_measures", "measures")["pgic"]["categories"]
    for cats in levels.values():
        assert set(cats) <= set(categories)


def test_psfs_has_anchor_based_important_differences_not_only_detectable_change():
    psfs = [t for t in data.records("outcome_measures", "thresholds") if t["measure"] == "psfs"]
    anchor = sorted(t["value"] for t in psfs if t["method"] == "anchor-based")
    assert anchor == [1.3, 2.3, 2.7]
    assert all("abbott2014psfs" in t["sources"] for t in psfs if t["method"] == "anchor-based")
    assert {t["method"] for t in psfs} == {"anchor-based", "distribution-based"}








def test_diary_phone_layout_keeps_controls_and_every_layer(monkeypatch):
    phone = layouts.phone_spec(figures.pain_diary_explorer, max_spec_bytes=60 * 1024)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"patient", "threshold", "week"}
    kinds = layouts.kinds(phone)
    # zone, baseline week, chosen week; daily scores and weekly means; baseline and threshold
    # lines; their two labels and the readout.
    assert kinds.count("rect") == 3 and kinds.count("point") == 2 and kinds.count("line") == 1
    assert kinds.count("rule") == 2 and kinds.count("text") == 3
    text = json.dumps(phone, ensure_ascii=False)
    assert "MEETS" in text and "Does NOT meet" in text and "'threshold '" in text
    assert all(v["width"] <= charts.PHONE_WIDTH for v in phone["vconcat"])


def test_checker_phone_layout_names_every_threshold_over_its_row(monkeypatch):
    phone = layouts.phone_spec(figures.responder_thresholds, max_spec_bytes=60 * 1024)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"baseline", "followup"}
    readout, percent, points = phone["vconcat"]
    for panel, unit in ((percent, "percent"), (points, "points")):
        fields = [lyr["encoding"].get("text", {}).get("field") for lyr in panel["layer"]]
        assert "verdict" in fields and "name" in fields
        assert [lyr["mark"]["type"] for lyr in panel["layer"]].count("rule") == 2  # span, the person
        rows = phone["datasets"][panel["data"]["name"]]
        frame = figures.checker_frame()
        assert sorted(r["name"].replace("\n", " ") for r in rows) == sorted(frame.loc[frame["unit"] == unit, "label"])
        assert all(len(line) <= figures.CHECKER_PHONE_WRAP for r in rows for line in r["name"].split("\n"))


def test_team_phone_layout_lists_every_role_with_its_marker(monkeypatch):
    phone = layouts.phone_spec(figures.team_map, max_spec_bytes=60 * 1024)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"concern"}
    kinds = layouts.kinds(phone)
    assert kinds.count("point") == 1 and kinds.count("text") == 2 and kinds.count("rule") == 3
    enc = next(u for u in layouts.units(phone) if u["mark"]["type"] == "point")["encoding"]
    assert {"shape", "color", "size", "tooltip"} <= set(enc)  # not colour alone, as on the map
    text = json.dumps(phone, ensure_ascii=False).replace("\\n", " ")
    for role in data.records("care_team", "roles"):
        assert json.dumps(role["name"], ensure_ascii=False)[1:-1] in text
