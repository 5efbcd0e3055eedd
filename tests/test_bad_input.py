"""Regression tests for the bad-input defects of issue 19: each input that once misbehaved
(a wrong number, an unrelated exception, an unclear message) now gets a right value or a
TypeError/ValueError naming the parameter."""

from __future__ import annotations

import math

import pytest

from npcourse import validate
from npcourse.chapters.c05_using_drugs import checks as c05
from npcourse.chapters.c05_using_drugs import pharmacokinetics as pk
from npcourse.marking import core

# --- 10**400: one root cause in validate.number ------------------------------------------

@pytest.mark.parametrize("value", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_integers_too_large_for_a_float_are_a_value_error_naming_the_parameter(value):
    with pytest.raises(ValueError, match="^dose must be a finite number"):
        validate.number("dose", value)


def test_calculators_reject_huge_integers_by_name():
    with pytest.raises(ValueError, match="half_life"):
        pk.accumulation_ratio(12, 10**400)
    with pytest.raises(ValueError, match="dose"):
        pk.simulate(10**400, 12, 18)


# --- pharmacokinetics: expm1, simulate's size ---------------------------------------------

def test_accumulation_ratio_is_exact_when_k_tau_is_tiny():
    # 1 − exp(−kτ) cancels to 0 in floating point for kτ below about 1e-17; expm1 does not.
    ratio = pk.accumulation_ratio(1e-12, 1e6)
    k_tau = math.log(2) / 1e6 * 1e-12
    assert math.isfinite(ratio) and ratio == pytest.approx(1 / k_tau, rel=1e-9)
    r = pk.Regimen(100, 1e-12, 1e6)
    assert math.isfinite(r.concentration(1e-11)) and math.isfinite(r.peak_ss)


def test_accumulation_ratio_names_the_parameters_when_no_fall_is_measurable():
    with pytest.raises(ValueError, match="interval must not be negligible beside half_life"):
        pk.accumulation_ratio(1e-300, 1e300)


@pytest.mark.parametrize(("kw", "name"), [({"n_doses": 10**6}, "n_doses"),
                                          ({"points_per_interval": 10**6}, "points_per_interval")])
def test_simulate_has_bounded_size(kw, name):
    with pytest.raises(ValueError, match=f"^{name} must be at most"):
        pk.simulate(100, 12, 18, **kw)
    assert len(pk.simulate(100, 12, 18, n_doses=pk.MAX_DOSES, points_per_interval=2)) == 3 * pk.MAX_DOSES


# --- exercise checks ----------------------------------------------------------------------

def test_check_accumulation_of_zero_is_not_quite_not_a_crash():
    result = c05.check_accumulation(0)
    assert result.status == core.WRONG
