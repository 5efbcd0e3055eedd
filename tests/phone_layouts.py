"""What the tests check of a chart's own phone layout (charts.finish(phone=<chart>)).

The contract (:func:`phone_layout_problems`) is applied to every chapter chart's phone layout by
tests/test_chapter_contracts.py; a chapter's own test file uses these helpers for what is
particular to it (other starting states, the words its readouts must keep)."""

from __future__ import annotations

import collections
import json

import altair as alt

from npcourse.ui import charts

from .chapter_charts import book_spec

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


def phone_layout_of(chart: alt.TopLevelMixin | dict) -> tuple[dict, dict]:
    """The desktop spec the book embeds for a finished chart (made in static mode, or its spec)
    and its own phone layout, as static_html separates them (the two layouts' datasets joined in
    the spec)."""
    phone, spec = charts.split_phone_layout(chart if isinstance(chart, dict) else chart.to_dict())
    assert isinstance(phone, dict), "the chart has no phone layout of its own (finish(phone=<chart>))"
    return spec, phone


def phone_spec(make, *, max_spec_bytes: int | None = None) -> dict:
    """The phone layout the book embeds for the chart ``make()`` builds, within the phone spec's
    byte allowance (and, given ``max_spec_bytes``, the whole spec within that)."""
    spec, phone = phone_layout(make)
    assert len(json.dumps({k: v for k, v in phone.items() if k != "datasets"})) <= charts.PHONE_SPEC_BYTES
    if max_spec_bytes is not None:
        assert len(json.dumps(spec)) <= max_spec_bytes
    return phone


def phone_layout_problems(spec: dict, phone: dict, *, moved: dict[str, int] | None = None,
                          redrawn: bool = False) -> list[str]:
    """What a phone layout loses of its desktop chart, or where it does not fit (empty: none).

    The phone layout must bind every control of the desktop chart, fit a phone's column in its
    first state, stay within the phone spec's byte allowance, draw each kind of mark at least as
    often as the desktop chart (a title a control rewrites counts as a text; text may be worded
    onto more lines) and every mark of the desktop chart over the same x field (``redrawn``: a
    layout drawn another way, say a list for a map, is held to the counts only). ``moved``:
    marks by kind that the phone layout draws otherwise (as an axis's labels, say)."""
    problems = []
    width = charts.static_svg(phone, "t")[1]
    if width > PHONE_COLUMN:
        problems.append(f"the phone layout is {width:g} px wide, the column {PHONE_COLUMN} px")
    size = len(json.dumps({k: v for k, v in phone.items() if k != "datasets"}))
    if size > charts.PHONE_SPEC_BYTES:
        problems.append(f"the phone spec is {size} bytes, more than {charts.PHONE_SPEC_BYTES}")
    mine = {p["name"] for p in charts.bound_params(spec)}
    theirs = {p["name"] for p in charts.bound_params(phone)}
    if mine != theirs:
        problems.append(f"the phone layout binds {sorted(theirs)}, the chart {sorted(mine)}")
    (_, desktop_kinds, _), (_, phone_kinds, _) = drawn(spec), drawn(phone)
    moved = moved or {}
    lost = {m: n - phone_kinds[m] - moved.get(m, 0) for m, n in desktop_kinds.items()}
    lost = {m: n for m, n in lost.items() if n > 0}
    if lost:
        problems.append(f"the phone layout draws fewer marks of these kinds: {lost}")
    if not redrawn:
        narrow = marks(phone)
        missing = [m for m in marks(spec) if m[0] != "text" and m not in narrow]
        if missing:
            problems.append(f"the phone layout lost these marks: {missing}")
    return problems


def assert_phone_layout_keeps_everything(chart: alt.TopLevelMixin | dict, **options) -> dict:
    """:func:`phone_layout_problems` of a finished chart (or its spec) as an assertion; returns
    the phone spec."""
    spec, phone = phone_layout_of(chart)
    problems = phone_layout_problems(spec, phone, **options)
    assert not problems, "; ".join(problems)
    return phone


def phone_layout(make) -> tuple[dict, dict]:
    """The book's desktop spec of the chart ``make`` draws and the phone layout it brings (built
    once per test process: chapter_charts.book_spec)."""
    return phone_layout_of(book_spec(make))


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


def phone_prints(make, *words: str) -> dict:
    """The phone layout of the chart ``make`` draws prints ``words`` (the readouts and labels a
    control changes: what a chapter's chart must keep saying on a phone); returns it. What every
    phone layout keeps (controls, marks, width) is the chapters' contract
    (tests/test_chapter_contracts.py)."""
    _, phone = phone_layout(make)
    _, _, phone_text = drawn(phone)
    missing = [w for w in words if w not in phone_text]
    assert not missing, f"the phone layout of {make.__name__} does not print {missing}"
    return phone


def walk(node):
    """Every dict inside a Vega-Lite spec."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)
