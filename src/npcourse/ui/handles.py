"""Checks for the handles of the interactive charts: the keyword arguments that set where a
chart's sliders, menus and checkboxes start (``figures.pk_simulator(half_life=30)``).

A handle becomes the ``value`` of a Vega-Lite parameter, which the browser cannot check, so
each value is checked here against what its control allows: a wrong type is a ``TypeError``
and a value outside the control a ``ValueError``, both naming the handle and what it allows.
Values pass through unchanged (an ``int`` stays an ``int``), so a chart drawn with its default
handles is the same chart, byte for byte, as before the handles existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any

from npcourse import validate

__all__ = ["slider", "option", "flag", "ticked"]


def _plain(value: Real) -> int | float:
    """``value`` as a JSON-ready Python number (a numpy number is not one)."""
    return int(value) if isinstance(value, Integral) else float(value)


def slider(name: str, value: Any, minimum: float, maximum: float, step: float | None = None):
    """``value`` if it is a number a slider from ``minimum`` to ``maximum`` (in steps of
    ``step``, counted from ``minimum``) can reach; else an error naming ``name`` and the range."""
    allowed = f"from {minimum:g} to {maximum:g}" + (f" in steps of {step:g}" if step else "")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number {allowed}, got {type(value).__name__} {value!r}")
    try:
        number = validate.number(name, value, minimum=minimum, maximum=maximum)
    except ValueError:
        raise ValueError(f"{name} must be a number {allowed}, got {value!r}") from None
    if step:
        steps = (number - minimum) / step
        if abs(steps - round(steps)) > 1e-6:
            raise ValueError(f"{name} must be a number {allowed}, got {value!r}")
    return value if type(value) in (int, float) else _plain(value)


def option(name: str, value: Any, allowed: Iterable):
    """``value`` if it is one of ``allowed`` (strings or numbers of a menu); else an error naming
    ``name`` and the options."""
    allowed = list(allowed)
    if all(isinstance(a, str) for a in allowed):
        return validate.choice(name, value, allowed)
    listed = ", ".join(map(repr, allowed))
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be one of {listed}; got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return allowed[allowed.index(value)]


def flag(name: str, value: Any) -> bool:
    """``value`` if it is ``True`` or ``False`` (a checkbox); else a ``TypeError`` naming ``name``."""
    return validate.boolean(name, value)


def ticked(name: str, value: Any, allowed: Iterable[str]) -> tuple[str, ...]:
    """``value`` as a tuple of ids, each one of ``allowed`` (a group of checkboxes); else an
    error naming ``name`` and the ids it takes."""
    allowed = list(allowed)
    listed = ", ".join(map(repr, allowed))
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of ids from {listed}; got {type(value).__name__} "
                        f"{value!r}")
    value = tuple(value)
    for v in value:
        if not isinstance(v, str):
            raise TypeError(f"{name} must be a list of ids from {listed}; got {type(v).__name__} {v!r}")
        if v not in allowed:
            raise ValueError(f"{name} must be a list of ids from {listed}; got {v!r}")
    return value
