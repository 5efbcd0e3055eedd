"""What the chapters' tests check of a chart's own phone layout (charts.finish(phone=<chart>)).

Shared by tests/test_charts_static.py and each chapter's test file, so every chapter holds its
phone layouts to the same contract."""

from __future__ import annotations

import json

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
