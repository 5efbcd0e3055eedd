"""Every chart of every chapter: title, screen-reader description, labelled controls, palette.

Charts are discovered from the figures modules (every public function taking no arguments
that returns an Altair chart), so a new chapter's charts are covered without editing this.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import altair as alt
import pytest

import npcourse.figures
from npcourse import charts


def chart_functions():
    """(id, chart) for every no-argument public function of a figures module that draws one."""
    found = []
    for info in pkgutil.iter_modules(npcourse.figures.__path__):
        module = importlib.import_module(f"npcourse.figures.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if (fn.__module__ == module.__name__ and not name.startswith("_")
                    and not inspect.signature(fn).parameters):
                made = fn()
                if isinstance(made, alt.TopLevelMixin):  # tables are HTML, not charts
                    found.append(pytest.param(made, id=f"{info.name}.{name}"))
    return found


CHARTS = chart_functions()


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_is_titled_described_labelled_and_on_palette(chart):
    spec = chart.to_dict()
    assert spec.get("title") and spec.get("description"), "title and description required"
    params = [p for p in spec.get("params", []) if "bind" in p]
    assert params, "no control bound to a parameter: the chart would not be interactive"
    assert all(p["bind"].get("name", "").strip() for p in params), "every control needs a visible label"
    assert spec["config"]["range"]["category"] == charts.PALETTE


def test_charts_were_found_in_every_chapter():
    modules = {p.id.split(".")[0] for p in CHARTS}
    assert {"ch01", "ch02", "ch03", "ch04", "ch05"} <= modules
