"""Argument checks shared by the package's public functions.

Every public function validates its inputs so that a learner who passes a wrong value
gets an error naming the parameter and what is allowed, never a silently wrong answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real
from typing import Any

__all__ = ["number", "choice", "boolean", "mapping"]


def number(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: bool = False,
    integer: bool = False,
) -> float:
    """Return ``value`` as a float after checking it is a finite number in range.

    Raises ``TypeError`` for non-numbers (including ``bool``) and ``ValueError`` for
    NaN, infinity or a value outside ``[minimum, maximum]``.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    try:
        value = float(value)
    except OverflowError:  # an int (or Fraction) too large for a float, e.g. 10**400
        raise ValueError(f"{name} must be a finite number, got a number too large to use") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if integer and not value.is_integer():
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            raise ValueError(f"{name} must be greater than {minimum:g}, got {value:g}")
        if not exclusive_minimum and value < minimum:
            raise ValueError(f"{name} must be at least {minimum:g}, got {value:g}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}, got {value:g}")
    return value


def choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed`` (strings), else raise naming the options."""
    allowed = list(allowed)
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string, one of {', '.join(map(repr, allowed))}; "
            f"got {type(value).__name__} {value!r}"
        )
    if value not in allowed:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}"
        )
    return value


def boolean(name: str, value: Any) -> bool:
    """Return ``value`` if it is a real ``bool`` (not 0/1 or 'yes')."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return value


def mapping(name: str, value: Any) -> dict:
    """Return ``value`` if it is a dict."""
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict, got {type(value).__name__}")
    return value
