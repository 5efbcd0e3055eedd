"""Chapter 2 models: hand calculations, the cartoons' required behaviour, and bad input."""

from __future__ import annotations

import itertools
import math

import pytest

from npcourse.chapters.c02_pain_pathways import physiology
from npcourse.facts import data

FIBRES = {f["id"]: f for f in data.records("fibres", "fibres")}
GRID = [i / 10 for i in range(11)]


# --- conduction -----------------------------------------------------------------------------

def test_velocities_come_from_fibres_yml():
    for fid, f in FIBRES.items():
        assert physiology.velocity_range(fid) == tuple(f["velocity_m_s"])


def test_arrival_times_match_hand_calculations():
    # Kiernan's ranges: Aβ 30–80, Aδ 10–30, C 0.5–2.5 m/s (the chapter's exercise, 1.0 m).
    a_delta = physiology.arrival_times(1.0, "a-delta")
    assert a_delta.earliest_s == pytest.approx(1.0 / 30) and a_delta.latest_s == pytest.approx(0.10)
    c = physiology.arrival_times(1.0, "c")
    assert c.earliest_s == pytest.approx(0.40) and c.latest_s == pytest.approx(2.0)
    assert physiology.arrival_times(0.8, "a-beta").earliest_s == pytest.approx(0.01)
    assert physiology.pain_gap(1.0) == pytest.approx(0.40 - 1 / 30)
    assert physiology.pain_gap(1.0, "slowest") == pytest.approx(2.0 - 0.10)
    assert physiology.conduction_time(1.2, 1.0) == pytest.approx(1.2)  # quiz ch02-q02
    assert physiology.conduction_time(0.9, 1.0) - physiology.conduction_time(0.9, 15) == \
        pytest.approx(0.84)  # quiz ch02-q03
    assert physiology.conduction_time(0, 10) == 0


def test_gap_grows_in_proportion_to_distance():
    assert physiology.pain_gap(1.0) == pytest.approx(2 * physiology.pain_gap(0.5))


def test_touch_always_arrives_first():
    for d in (0.05, 0.5, 1.2):
        assert physiology.arrival_time(d, "a-beta", "slowest") <= physiology.arrival_time(d, "a-delta")
        assert physiology.arrival_time(d, "a-delta", "slowest") < physiology.arrival_time(d, "c")


def test_conduction_velocity_and_classes():
    assert physiology.conduction_velocity(0.5, 0.025) == pytest.approx(20)
    assert physiology.classes_for_velocity(20) == ["a-delta"]
    assert physiology.classes_for_velocity(1.0) == ["c"]
    assert physiology.classes_for_velocity(50) == ["a-beta"]
    assert physiology.classes_for_velocity(30) == ["a-beta", "a-delta"]  # ranges touch
    assert physiology.classes_for_velocity(5) == []


@pytest.mark.parametrize("call, error, match", [
    (lambda: physiology.conduction_time(-0.1, 10), ValueError, "distance_m must be at least 0"),
    (lambda: physiology.conduction_time(1, 0), ValueError, "velocity_m_s must be greater than 0"),
    (lambda: physiology.conduction_time(1, -5), ValueError, "velocity_m_s must be greater than 0"),
    (lambda: physiology.conduction_time("1", 5), TypeError, "distance_m must be a number"),
    (lambda: physiology.conduction_time(1, float("nan")), ValueError, "velocity_m_s must be a finite"),
    (lambda: physiology.arrival_times(1.0, "a-gamma"), ValueError,
     "fibre_id must be one of 'a-beta', 'a-delta', 'c'"),
    (lambda: physiology.arrival_times(1.0, None), TypeError, "fibre_id must be a string"),
    (lambda: physiology.arrival_times(-1, "c"), ValueError, "distance_m must be at least 0"),
    (lambda: physiology.arrival_time(1.0, "c", "medium"), ValueError,
     "speed must be one of 'fastest', 'slowest'"),
    (lambda: physiology.pain_gap(-1), ValueError, "distance_m"),
    (lambda: physiology.conduction_velocity(0.5, 0), ValueError, "time_s must be greater than 0"),
    (lambda: physiology.conduction_velocity(0, 1), ValueError, "distance_m must be greater than 0"),
    (lambda: physiology.classes_for_velocity(0), ValueError, "velocity_m_s must be greater than 0"),
])
def test_conduction_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- gate control ---------------------------------------------------------------------------

def out(large, small, descending=0.0, disinhibited=False):
    return physiology.gate_control(large, small, descending, disinhibited=disinhibited).output


def test_gate_required_behaviour():
    # 1. strong small-fibre input alone opens the gate
    assert out(0, 1) > 0.9
    # 2. rubbing helps: raising large-fibre input lowers the output
    assert out(0.8, 1) < out(0, 1)
    assert out(0.6, 0.8) < out(0, 0.8)
    # 3. descending inhibition lowers the output
    assert out(0, 0.8, 0.8) < out(0, 0.8, 0)
    # 4. touch alone is not pain in health
    assert out(1, 0) == 0
    # disinhibition: touch alone now drives the output (allodynia cartoon)
    assert out(1, 0, disinhibited=True) > 0.3
    assert out(0.5, 0, disinhibited=True) < out(1, 0, disinhibited=True)


def test_gate_hand_calculation():
    g = physiology.GATE
    large, small, descending = 0.5, 0.8, 0.2
    i = g.resting + g.from_large * large - g.from_small * small + g.from_descending * descending
    t = g.small_weight * small + g.large_weight * large - g.inhibition * i
    state = physiology.gate_control(large, small, descending)
    assert state.interneuron == pytest.approx(i)
    assert state.output == pytest.approx(min(1, max(0, t)))


def test_gate_is_monotone_everywhere_on_a_grid():
    for large, small, descending in itertools.product(GRID, GRID, GRID):
        s = physiology.gate_control(large, small, descending)
        assert 0 <= s.interneuron <= 1 and 0 <= s.output <= 1
        if large < 1:
            up = physiology.gate_control(large + 0.1, small, descending)
            assert up.output <= s.output + 1e-12, ("large", large, small, descending)
            assert up.interneuron >= s.interneuron - 1e-12
        if small < 1:
            up = physiology.gate_control(large, small + 0.1, descending)
            assert up.output >= s.output - 1e-12, ("small", large, small, descending)
            assert up.interneuron <= s.interneuron + 1e-12
            dis = physiology.gate_control(large, small + 0.1, descending, disinhibited=True)
            assert dis.output >= physiology.gate_control(large, small, descending,
                                                         disinhibited=True).output - 1e-12
        if descending < 1:
            up = physiology.gate_control(large, small, descending + 0.1)
            assert up.output <= s.output + 1e-12, ("descending", large, small, descending)
        # weakening inhibition never lowers the output
        assert physiology.gate_control(large, small, descending, disinhibited=True).output >= s.output


@pytest.mark.parametrize("call, error, match", [
    (lambda: physiology.gate_control(1.2, 0), ValueError, "large must be at most 1"),
    (lambda: physiology.gate_control(0, -0.1), ValueError, "small must be at least 0"),
    (lambda: physiology.gate_control(0, 0, 2), ValueError, "descending must be at most 1"),
    (lambda: physiology.gate_control(0, 0, disinhibited=1), TypeError, "disinhibited must be True or False"),
    (lambda: physiology.gate_control(True, 0), TypeError, "large must be a number"),
])
def test_gate_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- wind-up ----------------------------------------------------------------------------------

def test_wind_up_flat_below_threshold_and_growing_above():
    f0 = physiology.WIND_UP_THRESHOLD_HZ
    assert f0 == 0.33
    for f in (0.1, 0.17, 0.32):
        assert not physiology.winds_up(f)
        assert set(physiology.wind_up_train(f)) == {1.0}
    for f in (0.33, 0.5, 1.0, 2.0):
        assert physiology.winds_up(f)
        train = physiology.wind_up_train(f)
        assert train[0] == 1.0
        assert all(b > a for a, b in zip(train, train[1:], strict=False))
    # faster trains build up more
    assert physiology.wind_up_train(1.0)[-1] > physiology.wind_up_train(0.5)[-1]
    # the chapter's examples: every 3 s or faster winds up; every 6 s does not
    assert physiology.winds_up(physiology.stimulus_frequency(3.0))
    assert not physiology.winds_up(physiology.stimulus_frequency(6.0))
    assert physiology.stimulus_frequency(2.5) == pytest.approx(0.40)  # quiz ch02-q12


def test_wind_up_hand_calculation():
    w = physiology.WIND_UP
    f, n = 0.5, 5
    gain = w.max_gain * f / (f + w.half_gain_hz)
    assert physiology.wind_up_gain(f) == pytest.approx(gain)
    assert physiology.wind_up_response(f, n) == pytest.approx(
        w.first * (1 + gain * (1 - math.exp(-(n - 1) / w.build_up))))
    assert len(physiology.wind_up_train(0.5)) == physiology.WIND_UP_STIMULI


@pytest.mark.parametrize("call, error, match", [
    (lambda: physiology.wind_up_response(0, 1), ValueError, "frequency_hz must be greater than 0"),
    (lambda: physiology.wind_up_response(-1, 1), ValueError, "frequency_hz must be greater than 0"),
    (lambda: physiology.wind_up_response(1, 0), ValueError, "stimulus_number must be at least 1"),
    (lambda: physiology.wind_up_response(1, 2.5), ValueError, "stimulus_number must be a whole number"),
    (lambda: physiology.wind_up_train(1, stimuli=0), ValueError, "stimuli must be at least 1"),
    (lambda: physiology.winds_up("fast"), TypeError, "frequency_hz must be a number"),
    (lambda: physiology.stimulus_frequency(0), ValueError, "interval_s must be greater than 0"),
])
def test_wind_up_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
