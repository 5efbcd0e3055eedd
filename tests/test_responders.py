"""Responder analysis (chapter 7): RD, RR and NNT with CIs, counts from percentages, the
open-label bias what-if, and the trials table read from trials.yml."""

from __future__ import annotations

import math

import pytest

from npcourse.chapters.c07_interventions import responders
from npcourse.facts import data
from npcourse.models import drugs


def test_analyse_by_hand():
    # 30/50 vs 10/50: RD 0.4; Newcombe's interval from the Wilson limits of 0.6 and 0.2 (n = 50).
    r = responders.analyse(30, 50, 10, 50)
    (l1, u1), (l0, u0) = drugs.wilson_interval(30, 50), drugs.wilson_interval(10, 50)
    assert (l1, u1) == pytest.approx((0.4618, 0.7239), abs=1e-4)
    assert r.p_treatment == 0.6 and r.p_control == 0.2
    assert r.risk_difference == pytest.approx(0.4)
    assert r.rd_low == pytest.approx(0.4 - math.hypot(0.6 - l1, u0 - 0.2))
    assert r.rd_high == pytest.approx(0.4 + math.hypot(u1 - 0.6, 0.2 - l0))
    assert r.nnt == pytest.approx(2.5)
    assert r.nnt_low == pytest.approx(1 / r.rd_high) and r.nnt_high == pytest.approx(1 / r.rd_low)
    se_log = math.sqrt(1 / 30 - 1 / 50 + 1 / 10 - 1 / 50)
    assert r.relative_risk == pytest.approx(3.0)
    assert r.rr_low == pytest.approx(3 * math.exp(-drugs.Z95 * se_log))
    assert r.rr_high == pytest.approx(3 * math.exp(drugs.Z95 * se_log))
    assert "NNT 2.5" in r.summary()


def test_analyse_reuses_the_chapter4_nnt():
    nn = drugs.number_needed(17, 45, 5, 49)
    r = responders.analyse(17, 45, 5, 49)
    assert (r.nnt, r.nnt_low, r.nnt_high) == (nn.estimate, nn.ci_low, nn.ci_high)
    assert (r.risk_difference, r.rd_low, r.rd_high) == (nn.difference, nn.difference_low,
                                                          nn.difference_high)


def test_reproduces_a_published_interval():
    # SENZA-PDN as reported: 75/95 vs 5/94, difference 73.6% (95% CI 64.2 to 83.0, a Wald interval).
    r = responders.analyse(75, 95, 5, 94)
    assert r.risk_difference == pytest.approx(0.736, abs=0.0005)
    assert drugs.difference_interval(75, 95, 5, 94, method="wald") == pytest.approx((0.642, 0.830), abs=0.0015)
    # The course's Newcombe interval is a little lower (skewed towards 0.5) and inside [-1, 1].
    assert (r.rd_low, r.rd_high) == pytest.approx((0.623, 0.812), abs=0.0015)


def test_harm_direction_unbounded_nnt_and_zero_cells():
    worse = responders.analyse(10, 50, 30, 50)
    better = responders.analyse(30, 50, 10, 50)
    assert worse.nnt is None and worse.risk_difference == pytest.approx(-0.4)
    assert (worse.rd_low, worse.rd_high) == pytest.approx((-better.rd_high, -better.rd_low))
    assert worse.relative_risk == pytest.approx(1 / 3)
    assert "did not do better" in worse.summary()
    wide = responders.analyse(3, 10, 1, 10)  # RD interval includes 0
    assert wide.rd_low < 0 and wide.nnt == pytest.approx(5) and wide.nnt_low is None
    assert "unbounded" in wide.summary()
    zero = responders.analyse(5, 20, 0, 20)
    assert zero.relative_risk is None and zero.nnt == pytest.approx(4)
    assert "not estimable" in zero.summary()


@pytest.mark.parametrize("args, error, match", [
    ((5, 4, 1, 10), ValueError, "responders_treatment must be at most n_treatment"),
    ((5, 0, 1, 10), ValueError, "n_treatment must be greater than 0"),
    ((2.5, 10, 1, 10), ValueError, "responders_treatment must be a whole number"),
    (("5", 10, 1, 10), TypeError, "responders_treatment must be a number"),
    ((1, 10, -1, 10), ValueError, "responders_control must be at least 0"),
    ((1, 10, 1, 10), ValueError, "no difference"),
    ((True, 10, 1, 10), TypeError, "responders_treatment must be a number"),
])
def test_analyse_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        responders.analyse(*args)


def test_counts_from_percent():
    assert responders.counts_from_percent(59, 22) == 13
    assert responders.counts_from_percent(7, 14) == 1
    assert responders.counts_from_percent(33.3, 3, decimals=1) == 1
    with pytest.raises(ValueError, match="cannot be recovered"):
        responders.counts_from_percent(9, 200)  # 17, 18 and 19 of 200 all round to 9%
    with pytest.raises(ValueError, match="no whole number"):
        responders.counts_from_percent(50, 3)
    with pytest.raises(ValueError, match="percent must be at most 100"):
        responders.counts_from_percent(120, 10)
    with pytest.raises(ValueError, match="n must be greater than 0"):
        responders.counts_from_percent(10, 0)


def test_nnt_with_bias():
    assert responders.nnt_with_bias(0.48, 0.09, 0) == pytest.approx(1 / 0.39)
    assert responders.nnt_with_bias(0.48, 0.09, 0.10) == pytest.approx(1 / 0.29)
    with pytest.raises(ValueError, match="removes the whole difference"):
        responders.nnt_with_bias(0.38, 0.10, 0.3)
    with pytest.raises(ValueError, match="bias must be at most 1"):
        responders.nnt_with_bias(0.38, 0.10, 10)
    with pytest.raises(TypeError, match="p_control must be a number"):
        responders.nnt_with_bias(0.38, None, 0.1)


def test_labels():
    assert responders.blinding_label("open-label (device versus no device, no sham)") == "open-label"
    assert responders.blinding_label("Double-blind") == "double-blind"
    assert responders.blinding_label("not reported in the abstract read; no sham") == "not reported"
    assert responders.comparator_kind("conventional spinal cord stimulation") == "active device"
    assert responders.comparator_kind("conventional medical management") == "usual care or control"
    with pytest.raises(TypeError, match="comparator must be a string"):
        responders.comparator_kind(None)
    with pytest.raises(TypeError, match="blinding must be a string"):
        responders.blinding_label(3)


def test_trials_table_follows_the_data():
    df = responders.trials_table()
    records = data.by_id("trials", "trials")
    assert sorted(df["id"]) == sorted(records)
    ranks = [responders.RISK_OF_BIAS.index(r) for r in df["risk_of_bias"]]
    assert ranks == sorted(ranks)
    for r in df.itertuples():
        t = records[r.id]
        if t["intervention_value"] is None:
            assert math.isnan(r.difference) and math.isnan(r.nnt)
            with pytest.raises(ValueError, match="no responder values"):
                responders.trial_nnt(r.id)
        else:
            assert r.difference == pytest.approx(t["intervention_value"] - t["comparator_value"])
            assert r.nnt == pytest.approx(responders.trial_nnt(r.id))
    with pytest.raises(ValueError, match="trial_id must be one of"):
        responders.trial("nope")


def test_prose_and_quiz_numbers_match_the_data():
    # provenance/07-notes.md: the chapter quotes these; if trials.yml changes, prose and quiz must too.
    quoted = {"process": (0.48, 0.09), "senza-pdn": (0.79, 0.05), "accurate": (0.812, 0.557),
              "pns-deer-2016": (0.38, 0.10), "senza-rct": (0.845, 0.438)}
    for tid, (a, b) in quoted.items():
        t = responders.trial(tid)
        assert (t["intervention_value"], t["comparator_value"]) == (a, b)
    quiz = {q["id"]: q for q in data.load("quizzes/07-interventions")["questions"]}
    assert quiz["ch07-q04"]["answer"] == pytest.approx(responders.trial_nnt("process"), abs=0.05)
    assert quiz["ch07-q06"]["answer"] == pytest.approx(responders.trial_nnt("pns-deer-2016"), abs=0.05)
