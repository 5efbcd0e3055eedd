"""The chapters' charts, found once for every test module that checks them, each built once per
test process.

A chart is a public function of a chapter's ``figures`` module that can be called without
arguments and is annotated as returning an Altair chart (tests/test_charts.py checks that no
unannotated function draws one). Found by introspection, so a new chapter's charts are held to
every contract without editing a list. Building a chart with its phone layout takes up to
seconds, and several modules read the same default chart: :func:`class_spec` and
:func:`book_spec` build each once per process (found at collection time, built only when a
test asks) and hand every caller its own copy, so no test can change what another reads.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable

import altair as alt
import pytest

import npcourse.chapters
from npcourse.ui import live


def _callable_without_arguments(fn) -> bool:
    return all(p.default is not p.empty for p in inspect.signature(fn).parameters.values())


def _public_functions():
    """(chapter package, name, function) of every public figures function callable without arguments."""
    for info in sorted(pkgutil.iter_modules(npcourse.chapters.__path__), key=lambda m: m.name):
        figures = importlib.import_module(f"npcourse.chapters.{info.name}.figures")
        for name, fn in inspect.getmembers(figures, inspect.isfunction):
            if fn.__module__ == figures.__name__ and not name.startswith("_") and _callable_without_arguments(fn):
                yield info.name, name, fn


@functools.cache
def builders() -> dict[str, Callable]:
    """Every chart builder by ``'<chapter package>.<function>'`` (e.g. ``c08_mind_lifestyle.regression_to_mean``)."""
    return {f"{chapter}.{name}": fn for chapter, name, fn in _public_functions()
            if "Chart" in str(inspect.signature(fn).return_annotation)}


def unannotated() -> dict[str, Callable]:
    """The other public figures functions callable without arguments (tables, text)."""
    return {f"{chapter}.{name}": fn for chapter, name, fn in _public_functions()
            if f"{chapter}.{name}" not in builders()}


def _built(make: Callable) -> alt.TopLevelMixin:
    chart = make()
    if not isinstance(chart, alt.TopLevelMixin):
        raise TypeError(f"{make.__module__}.{make.__name__}() returned {type(chart).__name__}, not an Altair chart")
    return chart


@functools.cache
def _class_json(make: Callable) -> str:
    # Built as in class whatever the calling test set (a cached book spec would pass as class).
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(live.STATIC_ENV, raising=False)
        return json.dumps(_built(make).to_dict())  # validated against the Vega-Lite schema


def class_spec(key: str) -> dict:
    """The chart ``builders()[key]`` draws in class (JupyterLab), validated, as a fresh dict."""
    return json.loads(_class_json(builders()[key]))


@functools.cache
def _book_json(make: Callable) -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(live.STATIC_ENV, "1")
        return json.dumps(_built(make).to_dict())


def book_spec(make: Callable) -> dict:
    """The spec the book embeds for the chart ``make()`` draws (built as the book builds it,
    with its phone layout in usermeta), as a fresh dict."""
    return json.loads(_book_json(make))


def spec(make: Callable) -> dict:
    """``make().to_dict()`` as the calling test's mode would build it (book when it set
    NPCOURSE_STATIC=1, else class), built once per test process, as a fresh dict."""
    return book_spec(make) if live.static_mode() else json.loads(_class_json(make))
