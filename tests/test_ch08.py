"""Chapter 8: the trial-simulation, GRADE and fear-avoidance models, charts that agree with them,
every check accepting the right answer and rejecting plausible wrong ones, and the live widget."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from statistics import NormalDist

import numpy as np
import pytest

from npcourse.chapters.c08_mind_lifestyle import checks as check
from npcourse.chapters.c08_mind_lifestyle import fear_avoidance, figures, grade_certainty
from npcourse.chapters.c08_mind_lifestyle import trial_simulation as ts
from npcourse.chapters.c08_mind_lifestyle import widgets as demos
from npcourse.facts import data, schemas
from npcourse.marking import core
from npcourse.ui import evidence_map as evidence
from npcourse.ui import live, sources

from . import chapter_charts
from . import phone_layouts as layouts
from .conftest import ROOT

STD = NormalDist()
# Formula values of provenance/08-notes.md, section 1 (sigma_w, c, rho, drop, baseline, follow-up, enrolled).
NOTES_TABLE = [
    (0.5, 7, 0.85, 0.38, None, None, 0.06),
    (1.0, 7, 0.59, 1.12, None, None, 0.10),
    (1.5, 6, 0.39, 1.35, None, None, 0.30),
    (1.5, 7, 0.39, 1.83, 7.99, 6.17, 0.15),
    (1.5, 8, 0.39, 2.33, None, None, 0.06),
    (2.0, 7, 0.26, 2.42, None, None, 0.20),
]
GRID = [(c, sw) for c in np.arange(5, 9.01, 0.5) for sw in np.arange(0.5, 2.51, 0.25)]


# --- trial_simulation: closed forms ------------------------------------------------------

@pytest.mark.parametrize("sw, c, rho, drop, base, follow, frac", NOTES_TABLE)
def test_closed_form_matches_the_notes(sw, c, rho, drop, base, follow, frac):
    e = ts.expected_regression(c, sw)
    assert e.rho == pytest.approx(rho, abs=0.005)
    assert e.drop == pytest.approx(drop, abs=0.005)
    assert e.fraction_enrolled == pytest.approx(frac, abs=0.005)
    if base is not None:
        assert e.baseline_mean == pytest.approx(base, abs=0.01)
        assert e.followup_mean == pytest.approx(follow, abs=0.01)


def test_conditional_mean_rule():
    assert ts.expected_followup(5.0, 0.6, 7.5) == pytest.approx(6.5)   # the chapter's exercise
    assert ts.expected_followup(4.0, 0.5, 7.0) - 7.0 == pytest.approx(-1.5)  # quiz ch08-q12
    assert ts.expected_followup(5.0, 1.0, 8.0) == 8.0 and ts.expected_followup(5.0, 0.0, 8.0) == 5.0
    assert ts.test_retest_correlation(1.2, 1.5) == pytest.approx(1.44 / 3.69)
    e = ts.expected_regression(7, 1.5)
    # The group rule applied to the expected baseline gives the expected follow-up.
    assert ts.expected_followup(5.0, e.rho, e.baseline_mean) == pytest.approx(e.followup_mean)


# --- trial_simulation: simulations -----------------------------------------------------

def test_no_treatment_enrolled_group_falls_towards_the_mean_as_predicted():
    df = ts.screen(200_000, 7, 1.5, clip=False, seed=11)
    s = ts.summarise(df).loc["enrolled"]
    e = ts.expected_regression(7, 1.5)
    assert s["screening"] == pytest.approx(e.baseline_mean, abs=0.02)
    assert -s["change"] == pytest.approx(e.drop, abs=0.03)
    assert s["followup"] > ts.POPULATION_MEAN  # falls TOWARDS the mean, not past it
    everyone = df["followup"].mean() - df["screening"].mean()
    assert abs(everyone) < 0.02  # the population as a whole does not change
    assert df["enrolled"].mean() == pytest.approx(e.fraction_enrolled, abs=0.005)


def test_regression_grows_with_noise_and_threshold():
    drops = [ts.expected_regression(7, sw).drop for sw in (0.5, 1.0, 1.5, 2.0)]
    assert drops == sorted(drops)
    drops = [ts.expected_regression(c, 1.5).drop for c in (5, 6, 7, 8, 9)]
    assert drops == sorted(drops)


def test_screen_is_seeded_clipped_and_synthetic():
    a, b = ts.screen(500, seed=3), ts.screen(500, seed=3)
    assert a.equals(b) and not a.equals(ts.screen(500, seed=4))
    assert a["screening"].between(0, 10).all() and a["followup"].between(0, 10).all()
    assert a.attrs["synthetic"] and "SYNTHETIC" in a.attrs["title"] and a["synthetic"].all()
    assert (a.loc[a["enrolled"], "screening"] >= ts.THRESHOLD).all()


def test_direct_sampler_enrols_only_above_the_threshold_and_matches_the_formula():
    rng = np.random.default_rng(5)
    u = rng.random((3, 100_000))
    for c, sw in [(5, 0.5), (7, 1.5), (9, 2.5), (9, 0.5)]:
        y0, usual, y1 = ts.enrolled_from_uniforms(*u, c, sw)
        assert (y0 >= c).all()
        e = ts.expected_regression(c, sw)
        assert y0.mean() == pytest.approx(e.baseline_mean, abs=0.02)
        assert (y0 - y1).mean() == pytest.approx(e.drop, abs=0.03)


def test_concurrent_control_removes_regression_to_the_mean():
    df = ts.simulate_trial(20_000, 7, 1.5, clip=False, seed=2)
    s = ts.summarise(df)
    assert (s["n"] == 20_000).all()
    # Both arms 'improve' by about the regression expected ...
    assert -s["change"].min() == pytest.approx(ts.expected_regression(7, 1.5).drop, abs=0.05)
    # ... so the difference between them is near zero.
    assert abs(s.loc["treatment", "change"] - s.loc["control", "change"]) < 0.05


@pytest.mark.parametrize("control, expected", [("placebo", 1.0), ("no-treatment", 1.5)])
def test_effect_and_placebo_response_are_separated_by_the_control(control, expected):
    df = ts.simulate_trial(20_000, 7, 1.5, effect=1.0, placebo_response=0.5, natural_change=0.3,
                           control=control, clip=False, seed=8)
    s = ts.summarise(df)
    assert s.loc["control", "change"] - s.loc["treatment", "change"] == pytest.approx(expected, abs=0.06)


def test_trial_is_seeded():
    assert ts.simulate_trial(50, seed=1).equals(ts.simulate_trial(50, seed=1))
    assert not ts.simulate_trial(50, seed=1).equals(ts.simulate_trial(50, seed=2))


def test_t_critical_is_exact_in_the_heavy_tails():
    # Closed forms: df 1 (Cauchy) cot(pi a / 2); df 2 (1 - a) / sqrt(a (1 - a / 2)). The old
    # Simpson-rule version gave 13,270 instead of 1,000 at df 2, alpha 1e-6 (issue 19).
    for alpha in (0.05, 1e-3, 1e-6, 1e-9, 1e-12):
        assert ts.t_critical(1, alpha) == pytest.approx(1 / math.tan(math.pi * alpha / 2), rel=1e-9)
        assert ts.t_critical(2, alpha) == pytest.approx((1 - alpha) / math.sqrt(alpha * (1 - alpha / 2)), rel=1e-9)
    assert ts.t_critical(2, 1e-6) == pytest.approx(1000, rel=1e-6)


def test_t_critical_refuses_alpha_beyond_double_precision():
    with pytest.raises(ValueError, match="alpha must be at least 1e-12"):
        ts.t_critical(2, 1e-13)


def test_t_critical_matches_tables():
    assert ts.t_critical(1) == pytest.approx(12.706, abs=1e-3)
    assert ts.t_critical(10) == pytest.approx(2.228, abs=1e-3)
    assert ts.t_critical(18) == pytest.approx(2.101, abs=1e-3)
    assert ts.t_critical(10_000) == pytest.approx(1.960, abs=1e-3)
    assert ts.t_critical(18, 0.01) == pytest.approx(2.878, abs=1e-3)


def test_many_trials_false_positive_rate_and_power():
    null = ts.simulate_trials(20, effect=0.0, n_trials=4000, seed=1)
    assert null["significant"].mean() == pytest.approx(0.05, abs=0.012)
    assert null["difference"].mean() == pytest.approx(0.0, abs=0.03)
    strong = ts.simulate_trials(100, effect=1.5, sd_change=2.0, n_trials=500, seed=1)
    assert strong["significant"].mean() > 0.99
    assert strong["difference"].mean() == pytest.approx(1.5, abs=0.05)
    assert strong["treatment_improvement"].mean() == pytest.approx(1.5 + 1.5, abs=0.05)
    assert ts.simulate_trials(20, seed=3).equals(ts.simulate_trials(20, seed=3))


@pytest.mark.parametrize("call, exc, name", [
    (lambda: ts.expected_regression(11, 1.5), ValueError, "threshold"),
    (lambda: ts.expected_regression(-1, 1.5), ValueError, "threshold"),
    (lambda: ts.expected_regression(7, -1), ValueError, "within_sd"),
    (lambda: ts.expected_regression(7, 1.5, between_sd=0), ValueError, "between_sd"),
    (lambda: ts.screen(1), ValueError, "n_screened"),
    (lambda: ts.screen(10.5), ValueError, "n_screened"),
    (lambda: ts.screen(100, threshold="7"), TypeError, "threshold"),
    (lambda: ts.screen(100, seed=-1), ValueError, "seed"),
    (lambda: ts.simulate_trial(1), ValueError, "n_per_arm"),
    (lambda: ts.simulate_trial(10, control="nothing"), ValueError, "control"),
    (lambda: ts.simulate_trial(10, effect=20), ValueError, "effect"),
    (lambda: ts.simulate_trials(10, sd_change=0), ValueError, "sd_change"),
    (lambda: ts.simulate_trials(10, n_trials=0), ValueError, "n_trials"),
    (lambda: ts.expected_followup(5, 1.2, 7), ValueError, "rho"),
    (lambda: ts.expected_followup(5, 0.5, 12), ValueError, "baseline"),
    (lambda: ts.t_critical(0), ValueError, "df"),
    (lambda: ts.enrolled_from_uniforms([0.5, 1.0], [0.5, 0.5], [0.5, 0.5]), ValueError, "u_screen"),
    (lambda: ts.enrolled_from_uniforms([0.5], [0.5, 0.5], [0.5]), ValueError, "same length"),
    (lambda: ts.summarise([1, 2]), TypeError, "df"),
])
def test_bad_input_names_the_parameter(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


# --- grade ------------------------------------------------------------------------------

def test_grade_rules():
    assert grade_certainty.rate("randomised") == "high"
    assert grade_certainty.rate("observational") == "low"
    assert grade_certainty.rate("randomised", imprecision="serious") == "moderate"
    assert grade_certainty.rate("randomised", risk_of_bias="very serious") == "low"
    # quiz ch08-q13: three serious problems take randomised evidence to very low
    three = {"risk_of_bias": "serious", "imprecision": "serious", "indirectness": "serious"}
    assert grade_certainty.rate("randomised", **three) == "very-low"
    assert grade_certainty.rate("observational", **three) == "very-low"  # never below very low
    assert grade_certainty.reasons(**three) == ["risk of bias", "indirectness", "imprecision"]
    assert set(grade_certainty.LEVELS) < set(schemas.CERTAINTY["enum"])  # spelt as in therapies.yml
    with pytest.raises(ValueError, match="domain"):
        grade_certainty.rate("randomised", blinding="serious")
    with pytest.raises(ValueError, match="imprecision"):
        grade_certainty.rate("randomised", imprecision="a bit")
    with pytest.raises(ValueError, match="design"):
        grade_certainty.rate("case series")


# --- fear_avoidance -------------------------------------------------------------------------

def test_fear_avoidance_model_is_consistent():
    for a, b in fear_avoidance.LINKS:
        assert a in fear_avoidance.NODES and b in fear_avoidance.NODES
    for i in fear_avoidance.INTERVENTIONS:
        assert i.targets and set(i.targets) <= set(fear_avoidance.LINKS)
        assert i.therapies or i.note
        for r in fear_avoidance.evidence(i.id):
            assert r["chapter"] == "08-mind-lifestyle"
    circle = fear_avoidance.vicious_circle_links()
    assert ("disuse", "pain") in circle and ("fear", "avoidance") in circle
    assert ("confrontation", "recovery") not in circle and ("injury", "pain") not in circle
    assert fear_avoidance.targeting("injury->pain") == ["medicines"]
    assert set(fear_avoidance.targeting(("fear", "avoidance"))) == {"cbt", "graded-exposure", "act"}
    with pytest.raises(ValueError, match="not in the model"):
        fear_avoidance.targeting("pain->recovery")
    with pytest.raises(TypeError, match="link must be"):
        fear_avoidance.targeting(42)
    with pytest.raises(ValueError, match="intervention_id"):
        fear_avoidance.intervention("yoga")
    assert set(fear_avoidance.SOURCES) <= _bib_keys()


def _bib_keys() -> set[str]:
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\{([^,]+),", bib))


# --- charts ---------------------------------------------------------------------------------

CHARTS = [figures.fear_avoidance_cycle, figures.regression_to_mean, figures.evidence_map]


@pytest.mark.parametrize("make", CHARTS, ids=lambda f: f.__name__)
def test_charts_within_budget_and_interactive(make):
    spec = chapter_charts.spec(make)
    assert len(json.dumps(spec)) <= 60 * 1024
    assert len(spec.get("datasets", {})) <= 8
    assert [p for p in spec["params"] if "bind" in p]


def test_evidence_map_is_the_shared_chart_for_this_chapter():
    assert figures.evidence_map().to_dict() == evidence.evidence_map("08-mind-lifestyle").to_dict()


def _vega_env(**names):
    return {"quantileNormal": STD.inv_cdf, "cumulativeNormal": STD.cdf, "densityNormal": STD.pdf,
            "sqrt": math.sqrt, **names}


@pytest.mark.parametrize("c, sw", GRID[::7])
def test_regression_chart_expressions_equal_the_model(c, sw):
    mu, tau = ts.POPULATION_MEAN, ts.BETWEEN_SD
    env = _vega_env(c=c, mu=mu, tau=tau, sw=sw)
    assert eval(figures.expected_drop_expression(), env) == pytest.approx(ts.expected_regression(c, sw).drop)
    assert eval(figures.rho_expression(), env) == pytest.approx(ts.test_retest_correlation(tau, sw))
    u = np.array([[0.03, 0.5, 0.97], [0.5, 0.2, 0.4], [0.999, 0.001, 0.6]])
    y0, usual, y1 = ts.enrolled_from_uniforms(u[:, 0], u[:, 1], u[:, 2], c, sw)
    for k in range(len(u)):
        e0 = eval(figures.screening_expression(u[k, 0]), env)
        e_usual = eval(figures.usual_expression(e0, u[k, 1]), env)
        e1 = eval(figures.followup_expression(e_usual, u[k, 2]), env)
        assert (e0, e_usual, e1) == pytest.approx((y0[k], usual[k], y1[k]), rel=1e-12)


def test_chart_digits_decode_as_the_vega_expression_reads_them():
    draws = figures.rtm_draws()
    assert len(draws) == 2 * figures.RTM_N * 3 * figures.RTM_DIGITS and draws.isdigit()
    u = figures.decode_uniforms(draws)
    env = {"toNumber": int, "substring": lambda s, a, b: s[a:b], "rtm_draws": draws}
    for i in (0, 1, 299, 300, 599):
        for k in range(3):
            expr = figures.uniform_expression(k, i=str(i))
            assert eval(expr, env) == pytest.approx(u[i, k])
    assert ((u > 0) & (u < 1)).all() and draws == figures.rtm_draws()


def test_chart_sample_agrees_with_the_formula_and_the_page():
    for c, sw in GRID:
        df = figures.rtm_sample(c, sw)
        by_arm = (df.groupby("arm")["screening"].mean() - df.groupby("arm")["followup"].mean())
        assert by_arm.iloc[0] == pytest.approx(ts.expected_regression(c, sw).drop, abs=0.05)
        assert abs(by_arm.iloc[0] - by_arm.iloc[1]) < 0.05  # the control group regresses just as much
    # The page quotes the default setting: about 8.0 at screening, about 6.2 four weeks later.
    e = ts.expected_regression(7, 1.5)
    assert round(e.baseline_mean, 1) == 8.0 and round(e.followup_mean, 1) == 6.2
    book = (ROOT / "book" / "08-mind-lifestyle.ipynb").read_text(encoding="utf-8")
    assert "start at about 8.0" in book and "about 6.2 four weeks later" in book
    assert f"deviation of {ts.BETWEEN_SD:g} between people" in book


NODE_SCRIPT = """
import fs from 'fs';
import * as vl from '{root}/node_modules/vega-lite/build/index.js';
import * as vega from '{root}/node_modules/vega/build/vega.module.js';
const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
const view = new vega.View(vega.parse(vl.compile(spec).spec), {{renderer: 'none'}});
const out = [];
for (const s of {settings}) {{
  for (const [k, v] of Object.entries(s)) view.signal(k, v);
  await view.runAsync();
  const texts = [];
  (function walk(item) {{
    if (!item) return;
    if (item.marktype === 'text') for (const i of item.items) if (typeof i.text === 'string') texts.push(i.text);
    if (item.items) for (const i of item.items) walk(i);
  }})(view.scenegraph().root);
  out.push(texts);
}}
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(not shutil.which("node") or not (ROOT / "node_modules" / "vega-lite").exists(),
                    reason="needs node and the pinned vega packages (npm ci)")
def test_regression_chart_renders_what_the_model_computes():
    settings = [{"threshold": 7, "within_sd": 1.5, "show_control": False},
                {"threshold": 8.5, "within_sd": 2.5, "show_control": True}]
    script = NODE_SCRIPT.format(root=ROOT, settings=json.dumps(settings))
    proc = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                          input=json.dumps(chapter_charts.spec(figures.regression_to_mean)), timeout=120)
    assert proc.returncode == 0, proc.stderr
    rendered = json.loads(proc.stdout)
    for s, texts in zip(settings, rendered, strict=True):
        df = figures.rtm_sample(s["threshold"], s["within_sd"])
        a = df[df["i"] < figures.RTM_N]
        line = next(t for t in texts if t.startswith("Apparent improvement"))
        assert f"{a['screening'].mean() - a['followup'].mean():.2f} points" in line
        formula = next(t for t in texts if t.startswith("Regression-to-the-mean formula"))
        assert f"{ts.expected_regression(s['threshold'], s['within_sd']).drop:.2f} points" in formula
        control = [t for t in texts if t.startswith("Control group:")]
        assert bool(control) == s["show_control"]


def test_fear_avoidance_chart_comes_from_the_model_and_the_data():
    links = figures.cycle_links_frame()
    assert len(links) == len(fear_avoidance.LINKS)
    for r in links.itertuples():
        assert r.targeted_by == "|" + "|".join(fear_avoidance.targeting(r.link)) + "|"
    text = figures.intervention_text("cbt")
    for rec in fear_avoidance.evidence("cbt"):
        assert sources.label(rec["sources"][0]) in text
    assert "not proven mechanisms" in text
    assert "provisional judgement" in text  # CBT in chronic pain: the review's rating was not read
    assert "provisional judgement" not in figures.intervention_text("mindfulness")  # rated by the review
    spec = json.dumps(chapter_charts.spec(figures.fear_avoidance_cycle))
    assert "extrapolation" in spec and "musculoskeletal" in spec
    menu = chapter_charts.spec(figures.fear_avoidance_cycle)["params"][0]["bind"]["options"]
    assert menu == [figures.NO_INTERVENTION, *(i.id for i in fear_avoidance.INTERVENTIONS)]


# --- checks ---------------------------------------------------------------------------------

def right():
    rho, follow = check._expected_followup_answers()
    return {
        "improvement": check._expected_improvement(),
        "control": check._expected_control_group(),
        "followup": (rho, follow),
        "smd": check._expected_smd(),
        "grade": check._expected_grade(),
        "sjw": check._expected_st_johns_wort(),
        "cycle": check._expected_cycle_targets(),
    }


def test_correct_answers_pass():
    r = right()
    assert check.check_apparent_improvement(r["improvement"]).passed
    assert check.check_apparent_improvement(round(r["improvement"], 2)).passed
    assert check.check_control_group(r["control"]).passed
    assert check.check_control_group({**r["control"], "effect": check._followup_difference()}).passed
    assert check.check_followup_prediction(*r["followup"]).passed
    assert check.check_followup_prediction(round(r["followup"][0], 2), r["followup"][1]).passed
    assert check.check_smd(r["smd"]).passed
    assert check.check_grade(r["grade"]).passed
    assert check.check_grade({k: (lvl.replace("-", " ").upper(), [x.upper() for x in why])
                              for k, (lvl, why) in r["grade"].items()}).passed
    assert check.check_st_johns_wort(r["sjw"]).passed
    assert check.check_cycle_targets({k: list(v) for k, v in r["cycle"].items()}).passed


def test_expected_answers_make_sense():
    imp = check._expected_improvement()
    assert 1.0 < imp < 3.0  # selection alone: nearly 2 points
    c = check._expected_control_group()
    assert c["treatment"] > c["control"] > 0
    assert c["effect"] == pytest.approx(check.TASK2["effect"], abs=0.3)
    assert c["treatment"] - c["effect"] == pytest.approx(c["control"])
    rho, follow = check._expected_followup_answers()
    observed = check.screening_study().query("enrolled")["followup"].mean()
    assert follow == pytest.approx(observed, abs=0.1)
    g = check._expected_grade()
    assert [g[k][0] for k in "ABCDE"] == ["high", "low", "very-low", "low", "moderate"]
    sjw = check._expected_st_johns_wort()
    assert sjw == {"protease-inhibitor": "lower levels", "duloxetine": "serotonin", "pregabalin": "none listed",
                   "warfarin": "lower levels", "contraceptive": "lower levels", "triptan": "serotonin",
                   "paracetamol": "none listed"}
    lowered, dynamic = check.sjw_lists()
    assert "hiv protease inhibitors" in lowered and "ssris" in dynamic


def _shift(d, key, value):
    return {**d, key: value}


def _grade_with(key, level=None, reasons=None):
    g = dict(check._expected_grade())
    lvl, why = g[key]
    return {**g, key: (level or lvl, why if reasons is None else reasons)}


def _flip_sjw(value):
    k = check._expected_st_johns_wort()
    key = next(x for x, v in k.items() if v == value)
    return {**k, key: check.NONE if value != check.NONE else check.SEROTONIN}


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_apparent_improvement(-check._expected_improvement()), "wrong sign"),
    (lambda: check.check_apparent_improvement(
        check.screening_study()["screening"].mean() - check.screening_study()["followup"].mean()),
     "only the enrolled"),
    (lambda: check.check_apparent_improvement(ts.expected_regression(7, 1.5).drop), "formula's expected"),
    (lambda: check.check_apparent_improvement(
        check.screening_study().query("enrolled")["screening"].mean() - ts.POPULATION_MEAN), "population mean"),
    (lambda: check.check_apparent_improvement(0.5), "keep the enrolled"),
    (lambda: check.check_control_group(_shift(check._expected_control_group(), "effect",
                                              check._expected_control_group()["treatment"])), "whole improvement"),
    (lambda: check.check_control_group(_shift(check._expected_control_group(), "effect",
                                              -check._expected_control_group()["effect"])), "wrong sign"),
    (lambda: check.check_control_group(_shift(check._expected_control_group(), "control",
                                              -check._expected_control_group()["control"])), "control: right size"),
    (lambda: check.check_control_group(_shift(check._expected_control_group(), "treatment", 1.0)), "treatment:"),
    (lambda: check.check_followup_prediction(1.2 / math.hypot(1.2, 1.5), 6.0), "variances"),
    (lambda: check.check_followup_prediction(1 - 1.44 / 3.69, 6.0), "share of day-to-day noise"),
    (lambda: check.check_followup_prediction(1.44 / 2.25, 6.0), "TOTAL variance"),
    (lambda: check.check_followup_prediction(check._expected_followup_answers()[0], ts.POPULATION_MEAN),
     "all the way back"),
    (lambda: check.check_followup_prediction(
        check._expected_followup_answers()[0], check.screening_study().query("enrolled")["screening"].mean()),
     "correlation would have to be 1"),
    (lambda: check.check_followup_prediction(
        check._expected_followup_answers()[0],
        5 + (1 - check._expected_followup_answers()[0])
        * (check.screening_study().query("enrolled")["screening"].mean() - 5)), "not 1 − rho"),
    (lambda: check.check_followup_prediction(
        check._expected_followup_answers()[0],
        check._expected_followup_answers()[0] * check.screening_study().query("enrolled")["screening"].mean()),
     "distance from the mean"),
    (lambda: check.check_smd(-check._expected_smd()), "wrong sign"),
    (lambda: check.check_smd(check._expected_smd() * check._pooled_sd()), "raw difference"),
    (lambda: check.check_smd(check._expected_smd() * check._pooled_sd()
                             / check.trial_study()["followup"].std()), "pooled WITHIN-group"),
    (lambda: check.check_grade(_grade_with("D", level="high")), "observational studies start at low"),
    (lambda: check.check_grade(_grade_with("C", level="low")), "one level for each serious problem"),
    (lambda: check.check_grade(_grade_with("B", reasons=["risk of bias"])), "reasons for B"),
    (lambda: check.check_grade(_grade_with("A", reasons=["publication bias"])), "reasons for A"),
    (lambda: check.check_st_johns_wort(_flip_sjw(check.LEVELS_LOWERED)), "read the St John's wort record"),
    (lambda: check.check_st_johns_wort(_flip_sjw(check.SEROTONIN)), "own interactions"),
    (lambda: check.check_st_johns_wort(_flip_sjw(check.NONE)), "really listed"),
    (lambda: check.check_cycle_targets({"fear->avoidance": {"cbt", "act", "graded-exposure", "medicines"},
                                        "avoidance->disuse": {"exercise", "graded-exposure"}}), "medicines act"),
    (lambda: check.check_cycle_targets({"fear->avoidance": {"cbt"},
                                        "avoidance->disuse": {"exercise", "graded-exposure"}}), "more than one"),
    (lambda: check.check_cycle_targets({"fear->avoidance": {"cbt", "act", "graded-exposure", "education"},
                                        "avoidance->disuse": {"exercise", "graded-exposure"}}), "other links"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG and hint in result.message, result


def test_hints_do_not_reveal_the_answer():
    want = check._expected_improvement()
    for wrong in (-want, 0.5, ts.expected_regression(7, 1.5).drop):
        assert f"{want:.2f}" not in check.check_apparent_improvement(wrong).message
    c = check._expected_control_group()
    msg = check.check_control_group({**c, "effect": c["treatment"]}).message
    assert f"{c['effect']:.2f}" not in msg
    rho, follow = check._expected_followup_answers()
    assert f"{follow:.2f}" not in check.check_followup_prediction(rho, 5.0).message
    assert "very-low" not in check.check_grade(_grade_with("C", level="low")).message


def test_stubs_report_not_answered():
    for result in (check.check_apparent_improvement(...), check.check_control_group(...),
                   check.check_followup_prediction(..., 6.0), check.check_followup_prediction(0.4, ...),
                   check.check_smd(...), check.check_grade(...), check.check_st_johns_wort(...),
                   check.check_cycle_targets(...)):
        assert result.status == core.UNANSWERED and "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(TypeError, match="improvement must be a number"):
        check.check_apparent_improvement("1.9")
    with pytest.raises(ValueError, match="answers is missing"):
        check.check_control_group({"effect": 1.0})
    with pytest.raises(TypeError, match="rho must be a number"):
        check.check_followup_prediction(None, 6.0)
    with pytest.raises(ValueError, match="ratings is missing"):
        check.check_grade({"A": ("high", [])})
    g = check._expected_grade()
    with pytest.raises(TypeError, match=r"ratings\['A'\] must be a \(level, \[reasons\]\) pair"):
        check.check_grade({**g, "A": "high"})
    with pytest.raises(ValueError, match="not a GRADE reason"):
        check.check_grade({**g, "A": ("high", ["funding"])})
    with pytest.raises(TypeError, match="must be a list of reasons"):
        check.check_grade({**g, "A": ("high", "risk of bias")})
    with pytest.raises(ValueError, match="level must be one of"):
        check.check_grade({**g, "A": ("excellent", [])})
    with pytest.raises(ValueError, match="must be one of"):
        check.check_st_johns_wort({**check._expected_st_johns_wort(), "warfarin": "maybe"})
    with pytest.raises(ValueError, match="unknown id"):
        check.check_cycle_targets({"fear->avoidance": {"yoga"}, "avoidance->disuse": set()})
    with pytest.raises(TypeError, match="must be a set of intervention ids"):
        check.check_cycle_targets({"fear->avoidance": "cbt", "avoidance->disuse": set()})


def test_task_material_renders_and_is_synthetic():
    for t in (check.show_scenarios(), check.show_medicines(), check.explain_st_johns_wort(),
              check.show_interventions()):
        assert "<caption>" in t.data
    for df in (check.screening_study(), check.trial_study()):
        assert df.attrs["synthetic"] and df["synthetic"].all()
    assert check.screening_study().equals(check.screening_study())
    with pytest.raises(data.DataError, match="expected the words"):
        check._list_after("nothing here", "lower levels of")


# --- live widget ---------------------------------------------------------------------------

def test_live_widget_static_and_live(monkeypatch):
    monkeypatch.setenv(live.STATIC_ENV, "1")
    static = demos.placebo_trial_static().data
    assert "<caption>" in static and "synthetic" in static and "p &lt; 0.05" in static
    for n in demos.STATIC_SIZES:
        assert f"{n} per arm" in static
    monkeypatch.delenv(live.STATIC_ENV)
    box = demos.placebo_trial()
    head, placebo, effect, sd, n, text, plot = box.children
    assert f"of {demos.N_TRIALS} trials" in text.value and plot.outputs
    before = text.value
    n.value = 200
    assert text.value != before
    trials = demos.run(placebo.value, effect.value, sd.value, 200)
    assert f"{int(trials['significant'].sum())} of {demos.N_TRIALS}" in text.value
    effect.value = 0.0
    null = demos.run(placebo.value, 0.0, sd.value, 200)
    assert null["significant"].mean() < 0.15
    counts = demos.binned(trials)
    assert counts["trials"].sum() == demos.N_TRIALS


def test_act_is_not_taught_as_of_unknown_benefit():
    """ACT: small benefits in broader meta-analyses; NICE NG193 recommends considering it."""
    from npcourse.facts import data as _data

    act = _data.by_id("therapies", "therapies")["act"]
    assert {"veehof2016acceptance", "nice_ng193"} <= set(act["sources"])
    assert "NG193" in act["evidence"]
    bank = _data.load("quizzes/08-mind-lifestyle")
    for q in bank["questions"]:
        for o in q.get("options", []):
            if "ACT" in o["text"] or "acceptance and commitment" in o["text"].lower():
                assert not (o["correct"] and "unknown" in o["text"].lower()), q["id"]


def test_ch08_neuropathic_population_flags_follow_the_rule():
    """True exactly when the population text names neuropathic pain or a painful neuropathy."""
    import re

    from npcourse.facts import data as _data

    names = re.compile(r"neuropathic pain|painful (diabetic |chemotherapy-induced )?(poly)?neuropathy",
                       re.I)
    for t in _data.records("therapies", "therapies"):
        if t["chapter"] not in ("08-mind-lifestyle", "09-progress-and-team"):
            continue
        pop = t["population"]
        expected = bool(names.search(pop)) and "not neuropathic" not in pop
        assert t["neuropathic_population"] == expected, (t["id"], pop)


def test_ch08_teaches_nice_ng59_on_acupuncture_for_back_pain():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / "book" / "08-mind-lifestyle.ipynb")
                    .read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"])
    i = text.index("**Acupuncture.**")
    section = text[i:text.index("**Massage.**")]
    assert "nice_ng59" in section and "sciatica" in section and "do not offer" in section.lower()






def _boxes_apart(nodes) -> bool:
    return all(a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0
               for i, a in enumerate(nodes.itertuples()) for b in list(nodes.itertuples())[i + 1:])


def test_cycle_phone_layout_keeps_every_box_link_and_the_menu(monkeypatch):
    phone = layouts.phone_spec(figures.fear_avoidance_cycle, max_spec_bytes=60 * 1024)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"intervention"}
    kinds = [u["mark"]["type"] for u in layouts.units(phone)]
    # plain and targeted links, arrow heads, 'target' marks, boxes, names, the evidence panel
    assert kinds.count("rule") == 2 and kinds.count("point") == 1 and kinds.count("rect") == 1
    assert kinds.count("text") == 4  # the two sides of "target"
    nodes = figures.cycle_nodes_frame(phone=True)
    assert set(nodes["node"]) == set(fear_avoidance.NODES) and _boxes_apart(nodes)
    assert nodes["x1"].max() <= figures.PHONE_CYCLE_WIDTH and nodes["x0"].min() >= 0
    links = figures.cycle_links_frame(phone=True)
    assert len(links) == len(fear_avoidance.LINKS)
    # The link back from disuse to pain runs up the gap between the two columns of boxes.
    back = links[links["link"] == "disuse->pain"].iloc[0]
    left = nodes[nodes["x1"] < back["x"]]
    right = nodes[nodes["x0"] > back["x"]]
    assert len(left) + len(right) == len(nodes) - 2  # all but pain and disuse themselves
    panel = phone["vconcat"][1]
    rows = phone["datasets"][panel["data"]["name"]]
    assert all(len(line) <= figures.PHONE_PANEL_WRAP for r in rows for line in r["text"].split("\n"))
    assert "".join(rows[1]["text"].split()) == "".join(figures.intervention_text(rows[1]["id"]).split())


def test_placebo_trial_histograms_have_a_phone_layout_that_fits(monkeypatch):
    """The book's two histograms: on a phone stacked at 250 px, axis title on two lines, legend
    below (the derived layout was 344 px in a 342 px column), every layer of both panels kept."""
    monkeypatch.setenv(live.STATIC_ENV, "1")
    page = demos.placebo_trial_static().data
    narrow = re.search(r'np-chart-narrow" aria-hidden="true"><img alt="" width="([\d.]+)"', page)
    assert narrow and float(narrow.group(1)) <= layouts.PHONE_COLUMN
    payload = json.loads(re.search(r'class="np-chart-spec">(.*?)</script>', page, re.S).group(1))
    desktop, phone = layouts.kinds(payload["spec"]), layouts.kinds(payload["narrow"])
    assert sorted(phone) == sorted(desktop) and phone.count("bar") == 2 and phone.count("rule") == 2
    assert all(panel["encoding"]["x"]["title"] == demos.X_TITLE_LINES
               for v in payload["narrow"]["vconcat"] for panel in v["layer"][:1])


def _rendered_texts(spec: dict, settings: list[dict]) -> list[list[str]]:
    """Every text the chart draws (scenegraph order) at each control setting, in Vega under node."""
    script = NODE_SCRIPT.format(root=ROOT, settings=json.dumps(settings))
    proc = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                          input=json.dumps(spec), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_regression_chart_has_a_phone_layout_that_keeps_everything(monkeypatch):
    """The phone layout (plot 165 px, readout re-wrapped, legend and follow-up label on two lines)
    binds both sliders and the checkbox and draws every mark; the seeded digits are a dataset, so
    they travel once for both layouts and the phone spec stays within PHONE_SPEC_BYTES."""
    phone = layouts.phone_spec(figures.regression_to_mean, max_spec_bytes=60 * 1024)
    assert {p["name"] for p in phone["params"] if "bind" in p} == {"threshold", "within_sd", "show_control"}
    monkeypatch.setenv(live.STATIC_ENV, "1")
    layouts.assert_phone_layout_keeps_everything(figures.regression_to_mean(show_control=True))
    draws = figures.rtm_draws()
    without_data = json.dumps({k: v for k, v in phone.items() if k != "datasets"})
    assert draws not in without_data and json.dumps(phone["datasets"]).count(draws) == 1


@pytest.mark.skipif(not shutil.which("node") or not (ROOT / "node_modules" / "vega-lite").exists(),
                    reason="needs node and the pinned vega packages (npm ci)")
def test_regression_chart_phone_readout_says_what_the_desktop_one_says():
    """Each readout line of the desktop chart is, word for word, consecutive lines of the phone's."""
    settings = [{"threshold": 7, "within_sd": 1.5, "show_control": False},
                {"threshold": 9, "within_sd": 2.5, "show_control": True}]
    spec, phone = layouts.phone_layout(figures.regression_to_mean)
    starts = ("Enrolled group", "Apparent", "Regression-to-the-mean", "(test–retest", "Control group", "Tick",
              "Difference")
    for desktop, narrow in zip(_rendered_texts(spec, settings), _rendered_texts(phone, settings), strict=True):
        lines = [t for t in desktop if t.startswith(starts)]
        assert len(lines) == 4 + (2 if "Control group" in "".join(lines) else 1)
        assert all(line in "".join(narrow) for line in lines)
