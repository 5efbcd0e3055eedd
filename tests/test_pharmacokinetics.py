"""The repeated-dosing teaching model and dose-dependent absorption against hand calculations."""

from __future__ import annotations

import math

import pytest

from npcourse.chapters.c05_using_drugs import pharmacokinetics as pk
from npcourse.facts import data


def test_fraction_of_steady_state_by_hand():
    assert [pk.fraction_of_steady_state(n) for n in (1, 2, 3, 4)] == [0.5, 0.75, 0.875, 0.9375]
    assert pk.fraction_of_steady_state(5) == 0.96875  # 96.9 % to one decimal
    assert round(pk.fraction_of_steady_state(5), 3) >= 0.969
    assert pk.half_lives_to_reach(0.9375) == pytest.approx(4)
    assert pk.time_to_fraction(12, 0.5) == pytest.approx(12)


@pytest.mark.parametrize("dose", [10, 100, 1000])
def test_time_to_94_percent_is_four_half_lives_whatever_the_dose(dose):
    r = pk.Regimen(dose, interval=12, half_life=8)
    t = 4 * 8
    # at dose times the ratio to the steady-state peak follows 1 - 0.5**(t/half-life)
    n = 12
    assert r.concentration(n * 12) / r.peak_ss == pytest.approx(1 - math.exp(-r.k * (n + 1) * 12))
    assert pk.time_to_fraction(8, 0.9375) == pytest.approx(t)


def test_steady_state_peak_and_trough():
    r = pk.Regimen(100, interval=12, half_life=12, bioavailability=0.5, volume=2)
    assert r.step == pytest.approx(25)
    assert r.peak_ss == pytest.approx(50)  # 25 / (1 - 1/2)
    assert r.trough_ss == pytest.approx(25)
    late = 20 * 12 * 12 / 12  # 20 half-lives, at a dose time
    assert r.concentration(late) == pytest.approx(r.peak_ss, abs=1e-6 * r.peak_ss)
    assert pk.accumulation_ratio(12, 12) == pytest.approx(2)


def test_closed_form_equals_superposition():
    for loading in (False, True):
        r = pk.Regimen(80, interval=8, half_life=5, bioavailability=0.7, loading=loading)
        for t in (0, 3.3, 8, 15.9, 40, 100.1):
            assert r.concentration(t) == pytest.approx(r.by_superposition(t), rel=1e-9)


def test_loading_dose_puts_first_peak_at_steady_state():
    r = pk.Regimen(100, interval=12, half_life=24, loading=True)
    assert r.loading_dose == pytest.approx(100 / (1 - 2 ** -0.5))
    assert r.concentration(0) == pytest.approx(r.peak_ss)
    for n in range(5):
        assert r.concentration(n * 12) == pytest.approx(r.peak_ss)  # flat peaks from the start


def test_simulate_table():
    df = pk.simulate(100, 12, 6, n_doses=10)
    assert df["time_h"].max() == pytest.approx(120)
    assert df["concentration"].iloc[0] == pytest.approx(100)
    assert "teaching model" in df.attrs["model"]
    last = df[df["dose_number"] == 10]["concentration"].max()
    assert last / 100 == pytest.approx(pk.accumulation_ratio(12, 6), rel=1e-3)


@pytest.mark.parametrize("kwargs, message", [
    ({"dose": -1}, "dose must be at least 0"),
    ({"interval": 0}, "interval must be greater than 0"),
    ({"interval": -4}, "interval must be greater than 0"),
    ({"half_life": 0}, "half_life must be greater than 0"),
    ({"bioavailability": 0}, "bioavailability must be greater than 0"),
    ({"bioavailability": 1.2}, "bioavailability must be at most 1"),
    ({"dose": "100"}, "dose must be a number"),
    ({"loading": 1}, "loading must be True or False"),
])
def test_bad_input_is_named(kwargs, message):
    args = {"dose": 100, "interval": 12, "half_life": 6, **kwargs}
    with pytest.raises((TypeError, ValueError), match=message):
        pk.Regimen(**args)


def test_bad_times_and_fractions():
    with pytest.raises(ValueError, match="t must be"):
        pk.Regimen(1, 1, 1).concentration(-1)
    with pytest.raises(ValueError, match="fraction must be less than 1"):
        pk.half_lives_to_reach(1)
    with pytest.raises(ValueError, match="n_doses must be at least 1"):
        pk.simulate(1, 1, 1, n_doses=0)


# --- absorption (values from drugs.yml) ----------------------------------------------------

def drugs_with_points():
    return [d["id"] for d in data.records("drugs", "drugs") if d.get("bioavailability_by_dose")]


@pytest.mark.parametrize("drug_id", drugs_with_points())
def test_fraction_absorbed_matches_the_label_points(drug_id):
    for dose, fraction in pk.absorption_points(drug_id):
        assert pk.fraction_absorbed(drug_id, dose) == pytest.approx(fraction)
        assert pk.amount_absorbed(drug_id, dose) == pytest.approx(dose * fraction)
    lo, hi = pk.absorption_range(drug_id)
    with pytest.raises(ValueError, match="daily_dose must be between"):
        pk.fraction_absorbed(drug_id, hi * 1.5)


def test_gabapentin_saturable_pregabalin_linear():
    if not {"gabapentin", "pregabalin"} <= set(drugs_with_points()):
        pytest.skip("bioavailability_by_dose not yet in drugs.yml")
    assert not pk.is_dose_proportional("gabapentin")
    assert pk.is_dose_proportional("pregabalin")
    pts = pk.absorption_points("gabapentin")
    assert [f for _, f in pts] == sorted((f for _, f in pts), reverse=True)
    (d1, f1), (d2, f2) = pts[0], pts[1]
    mid = (d1 + d2) / 2
    assert pk.fraction_absorbed("gabapentin", mid) == pytest.approx((f1 + f2) / 2)  # straight line


def test_missing_absorption_data_is_a_clear_error():
    without = [d["id"] for d in data.records("drugs", "drugs") if not d.get("bioavailability_by_dose")]
    with pytest.raises(data.DataError, match="has no bioavailability_by_dose"):
        pk.fraction_absorbed(without[0], 100)
    with pytest.raises(ValueError, match="drug_id must be one of"):
        pk.fraction_absorbed("aspirin-ish", 100)
