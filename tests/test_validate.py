"""Argument checking shared by the helper package: wrong input names the parameter."""

import math

import pytest

from npcourse import validate


def test_number_accepts_and_converts():
    assert validate.number("dose", 5) == 5.0
    assert validate.number("x", 0, minimum=0) == 0.0


@pytest.mark.parametrize("value", ["5", None, True, [1]])
def test_number_rejects_non_numbers(value):
    with pytest.raises(TypeError, match="dose must be a number"):
        validate.number("dose", value)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_number_rejects_non_finite(value):
    with pytest.raises(ValueError, match="dose must be a finite number"):
        validate.number("dose", value)


def test_number_range_messages_name_parameter_and_limit():
    with pytest.raises(ValueError, match="distance_m must be greater than 0"):
        validate.number("distance_m", 0, minimum=0, exclusive_minimum=True)
    with pytest.raises(ValueError, match="age must be at least 18"):
        validate.number("age", 17, minimum=18)
    with pytest.raises(ValueError, match="score must be at most 10"):
        validate.number("score", 11, maximum=10)
    with pytest.raises(ValueError, match="n must be a whole number"):
        validate.number("n", 2.5, integer=True)


def test_choice():
    assert validate.choice("site", "central", ["peripheral", "central"]) == "central"
    with pytest.raises(ValueError, match=r"site must be one of 'peripheral', 'central'; got 'spinal'"):
        validate.choice("site", "spinal", ["peripheral", "central"])
    with pytest.raises(TypeError, match="site must be a string"):
        validate.choice("site", 1, ["peripheral", "central"])


def test_boolean_and_mapping():
    assert validate.boolean("flag", False) is False
    with pytest.raises(TypeError, match="flag must be True or False"):
        validate.boolean("flag", "yes")
    with pytest.raises(TypeError, match="answers must be a dict"):
        validate.mapping("answers", ["a"])
