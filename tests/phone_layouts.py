"""What the chapters' tests check of a chart's own phone layout (charts.finish(phone=<chart>)).

Shared by tests/test_charts_static.py and each chapter's test file, so every chapter holds its
phone layouts to the same contract."""

from __future__ import annotations

import collections
import json
import re

import altair as alt

from npcourse.ui import charts, live

PHONE_COLUMN = 342  # px: the article's column at 390 px (tests/browser/test_layout_charts.py measures it)


SKIP = {"config", "datasets", "usermeta"}  # never views (config may hold a "mark" default)


def units(node) -> list[dict]:
    """Every unit view (layer member or plain chart) of a spec, depth first."""
    if isinstance(node, dict):
        return ([node] if "mark" in node else []) + [m for k, v in node.items() if k not in SKIP for m in units(v)]
    return [m for v in node for m in units(v)] if isinstance(node, list) else []


def kinds(spec: dict) -> list[str]:
    """The mark type of every unit view of a spec, depth first."""
    return [u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"] for u in units(spec)]


def marks(spec: dict) -> list[tuple[str, str]]:
    """Every drawn mark of a spec as (mark type, the field its x shows): what a reader sees."""
    views = units(spec)
    return [(kind, ((u.get("encoding") or {}).get("x") or {}).get("field", ""))
            for kind, u in zip(kinds(spec), views, strict=True)]


def phone_layout_of(chart: alt.TopLevelMixin) -> tuple[dict, dict]:
    """The desktop spec the book embeds for a finished chart (made in static mode) and its own
    phone layout, as static_html separates them (the two layouts' datasets joined in the spec)."""
    phone, spec = charts.split_phone_layout(chart.to_dict())
    assert isinstance(phone, dict), "the chart has no phone layout of its own (finish(phone=<chart>))"
    return spec, phone


def phone_spec(make, monkeypatch, *, max_spec_bytes: int | None = None) -> dict:
    """The phone layout the book embeds for the chart ``make()`` builds, within the phone spec's
    byte allowance (and, given ``max_spec_bytes``, the whole spec within that)."""
    monkeypatch.setenv(live.STATIC_ENV, "1")
    spec, phone = phone_layout_of(make())
    assert len(json.dumps({k: v for k, v in phone.items() if k != "datasets"})) <= charts.PHONE_SPEC_BYTES
    if max_spec_bytes is not None:
        assert len(json.dumps(spec)) <= max_spec_bytes
    return phone


def assert_phone_layout_keeps_everything(chart: alt.TopLevelMixin) -> dict:
    """The chart's phone layout binds every control of the desktop chart, draws every one of its
    marks (each mark type over the same x field; text may be worded onto more lines, so text marks
    are only counted) and its first state fits a phone's column. Returns the phone spec."""
    spec, phone = phone_layout_of(chart)
    width = charts.static_svg(phone, "t")[1]
    assert width <= PHONE_COLUMN, f"the phone layout is {width:g} px wide, the column {PHONE_COLUMN} px"
    assert {p["name"] for p in charts.bound_params(spec)} == {p["name"] for p in charts.bound_params(phone)}
    desktop, narrow = marks(spec), marks(phone)
    missing = [m for m in desktop if m[0] != "text" and m not in narrow]
    assert not missing, f"the phone layout lost these marks: {missing}"
    texts = sum(m[0] == "text" for m in desktop)
    assert sum(m[0] == "text" for m in narrow) >= texts, "the phone layout lost a text layer"
    return phone


def phone_layout(make, monkeypatch) -> tuple[dict, dict]:
    """The book's desktop spec of the chart ``make`` draws and the phone layout it brings."""
    monkeypatch.setenv(live.STATIC_ENV, "1")
    return phone_layout_of(make())


def drawn(spec: dict) -> tuple[set[str], collections.Counter, str]:
    """What a layout draws: the names of its bound controls, its marks by type (a title a control
    rewrites counts as a text mark) and all the text it can print (fields and expressions)."""
    controls, marks, texts = set(), collections.Counter(), []

    def walk(node):
        if isinstance(node, dict):
            if "bind" in node and "name" in node:
                controls.add(node["name"])
            mark = node.get("mark")
            if mark is not None:
                marks[mark if isinstance(mark, str) else mark["type"]] += 1
            title = node.get("title")
            if isinstance(title, dict) and isinstance(title.get("text"), dict) and "expr" in title["text"]:
                marks["text"] += 1
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk({k: v for k, v in spec.items() if k not in ("datasets", "usermeta")})
    texts = json.dumps({k: v for k, v in spec.items() if k not in ("datasets", "usermeta")}, ensure_ascii=False)
    return controls, marks, texts


def same_chart_on_a_phone(make, monkeypatch, *words: str, moved: dict[str, int] | None = None) -> dict:
    """The phone layout binds the chart's controls, keeps every kind of mark at least as often
    (but ``moved``: marks the phone layout draws otherwise, say as an axis's labels) and prints
    ``words`` (the readouts and labels a control changes); returns it."""
    spec, phone = phone_layout(make, monkeypatch)
    controls, marks, _ = drawn(spec)
    phone_controls, phone_marks, phone_text = drawn(phone)
    assert controls and phone_controls == controls
    lost = {m: n - phone_marks[m] - (moved or {}).get(m, 0) for m, n in marks.items()}
    lost = {m: n for m, n in lost.items() if n > 0}
    assert not lost, f"the phone layout of {make.__name__} lost marks: {lost}"
    missing = [w for w in words if w not in phone_text]
    assert not missing, f"the phone layout of {make.__name__} does not print {missing}"
    return phone


def phone_widths(makers, monkeypatch) -> dict[str, float]:
    """The width of each chart's phone picture (drawn by vl-convert), by the builder's name."""
    monkeypatch.setenv(live.STATIC_ENV, "1")
    widths = {}
    for make in makers:
        html = charts.static_html(make().to_dict())["text/html"]
        narrow = re.search(r'data-narrow-width="([\d.]+)"', html)
        assert narrow, f"{make.__name__} has no phone layout"
        widths[make.__name__] = float(narrow.group(1))
    return widths


def walk(node):
    """Every dict inside a Vega-Lite spec."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)
