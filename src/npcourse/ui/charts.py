"""Shared Altair set-up for every chapter's charts.

Two renderers, chosen when each chart is displayed:

- **The book** (``make book`` sets ``NPCOURSE_STATIC=1``): the chart's first state as SVG
  drawn at build time, with its spec; the reader's browser swaps in the live vega-embed chart
  when the chart comes near the screen (book/_static/course.js), so sliders and dropdowns bound
  to chart parameters work in the static page without a kernel (the offline build serves those
  scripts itself).
- **Class** (a running kernel: JupyterLab, JupyterLite, Binder): the chart's specification as
  a Vega-Lite mime bundle, drawn by the Vega renderer that JupyterLab ships. Its scripts come
  with the installed JupyterLab, so the charts work in a classroom without internet, where
  the book's HTML would wait for a CDN and stay empty.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import operator
import re
import subprocess
import textwrap
import urllib.parse
import uuid
from collections.abc import Iterable

import altair as alt
import pandas as pd
from altair.vegalite.v6.display import VEGA_VERSION, VEGAEMBED_VERSION, VEGALITE_VERSION, html_renderer

from npcourse import validate
from npcourse.ui import live

__all__ = [
    "PALETTE", "HIGHLIGHT", "MUTED", "BOOK_FONT", "TEXT_SIZE", "UNNAMED_MARKS_SCRIPT", "CLASS_MIMETYPE",
    "accessible_html",
    "class_bundle", "course_renderer", "static_html", "picture_html", "picture_svgs", "label_lines",
    "wrapped_labels", "enable_renderer", "finish", "split_phone_layout", "wrap", "text_panel",
    "row_headings", "heading_lines", "PHONE_WRAP", "wrapped_lines", "readout_title",
]

# Colour-blind-safe categorical palette (after Okabe & Ito), darkened where needed so that
# every colour has at least 3:1 contrast against the white page (WCAG 1.4.11). Charts also
# use shape or position, never colour alone.
PALETTE = ["#0072B2", "#D55E00", "#007A5A", "#A6508A", "#8C6D00", "#333333", "#5D4A9C"]
HIGHLIGHT = "#D55E00"
MUTED = "#767676"  # 4.5:1 on white
# The smallest chart text (axis labels, legends, notes): 13 px beside the book's 16 px body
# text; 12 px Arial was hard to read on phones.
TEXT_SIZE = 13
TITLE_WRAP = 64  # characters per line of a chart's title (15 px bold: about 550 px)
# The book's font: the font stack of the article's paragraphs (pydata-sphinx-theme's
# --pst-font-family-base), so chart text reads as part of the page. The string is the one the
# browser computes for a paragraph (tests/browser/test_layout_charts.py compares them).
BOOK_FONT = ('system-ui, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", '
             '"Noto Color Emoji"')


# Vega names a mark container (role graphics-symbol) only by the descriptions of its items.
# A layer with no described item - filtered to nothing by a control (a highlight that is off),
# or drawn from constants only (a reference rule) - becomes an image without a name (axe:
# svg-img-alt). Such a container holds nothing a screen reader could read, so it is hidden
# while it stays unnamed and shown again once Vega names it; the figure's label says what the
# chart shows. Vega rewrites role and name on every redraw, hence the observer.
UNNAMED_MARKS_SCRIPT = (
    "<script>(function(fig){if(!fig||!window.MutationObserver)return;"
    "var sel='g[aria-roledescription$=\" mark container\"]';"
    "function fix(){fig.querySelectorAll(sel).forEach(function(g){"
    "if(g.getAttribute('role')==='graphics-symbol'&&!g.getAttribute('aria-label'))"
    "g.setAttribute('aria-hidden','true');"
    "else if(g.getAttribute('aria-hidden')==='true')g.removeAttribute('aria-hidden');});}"
    "new MutationObserver(fix).observe(fig,{subtree:true,childList:true,"
    "attributeFilter:['role','aria-label']});fix();"
    "})(document.currentScript&&document.currentScript.parentNode);</script>"
)


def accessible_html(spec: dict, **metadata) -> dict[str, str]:
    """Altair's HTML output inside a <figure> named by the chart's title and description.

    Vega draws the marks with ARIA roles but does not expose the chart's description, so a
    screen-reader user would hear marks without knowing what the chart shows. Every chart,
    the learners' own too, is drawn through here (see :data:`UNNAMED_MARKS_SCRIPT`).
    """
    bundle = html_renderer(spec, **metadata)
    title = title_text(spec)
    description = spec.get("description", "")
    caption = html.escape(f"{title}. {description}".strip(". "))
    bundle["text/html"] = (
        f'<figure class="np-chart" role="figure" aria-label="{caption}">'
        f'<figcaption class="np-visually-hidden">{caption}</figcaption>'
        f'{bundle["text/html"]}{UNNAMED_MARKS_SCRIPT}</figure>'
    )
    return bundle


def title_text(spec: dict) -> str:
    """A spec's title as one line of text (a title may be a dict and its text a list of lines)."""
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(map(str, title)) if isinstance(title, (list, tuple)) else str(title)


def label_lines(label: str, width: int) -> list[str]:
    """``label`` in lines of at most ``width`` characters, breaking before a bracket if it can
    ("Amitriptyline" / "(tricyclic antidepressants)" rather than in the middle of the aside)."""
    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, width, break_on_hyphens=False)

    greedy = wrap(label) or [label]
    head, sep, aside = label.partition(" (")
    at_bracket = wrap(head) + wrap("(" + aside) if sep and head else greedy
    return at_bracket if len(at_bracket) <= len(greedy) else greedy


def wrapped_labels(labels: Iterable[str], width: int, *, max_lines: int = 2,
                   font_size: int = TEXT_SIZE) -> dict:
    """Settings for a left or right ``alt.Axis`` that write each label longer than ``width``
    characters on several lines, centred on its tick (Vega never wraps axis labels, so a long
    label would widen the chart or be cut off).

    A label that needs more than ``max_lines`` lines ends in "…" on the last one: show the full
    text elsewhere too (tooltip, menu or a text panel). Use as
    ``alt.Axis(**charts.wrapped_labels(names, 28))`` and give each row room for its lines
    (about ``font_size + 2`` px per line).
    """
    width = int(validate.number("width", width, minimum=8, integer=True))
    max_lines = int(validate.number("max_lines", max_lines, minimum=1, integer=True))
    validate.number("font_size", font_size, minimum=6)
    if isinstance(labels, str):
        raise TypeError("labels must be a list of label texts, not one string")
    texts, shifts = [], []
    for label in dict.fromkeys(map(str, labels)):
        lines = label_lines(label, width)
        if len(lines) > max_lines:
            lines = [*lines[:max_lines - 1], lines[max_lines - 1] + "…"]
        if len(lines) > 1:
            test = f"datum.value == {json.dumps(label, ensure_ascii=False)}"
            texts.append(f"{test} ? {json.dumps(lines, ensure_ascii=False)}")
            # Vega draws extra lines below the first: move the block up by half of them.
            shifts.append(f"{test} ? {-(len(lines) - 1) * (font_size + 2) / 2:g}")
    expr = " : ".join([*texts, "datum.label"])
    _WRAPPED[expr] = (list(dict.fromkeys(map(str, labels))), width, max_lines, font_size)
    return {"labelExpr": expr, "labelOffset": {"expr": " : ".join([*shifts, "0"])}, "labelFontSize": font_size}


# JupyterLab 4 draws Vega 5 and Vega-Lite 3 to 5 with scripts it bundles itself
# (@jupyterlab/vega5-extension); it has no renderer for Altair 6's own mimetype
# (application/vnd.vegalite.v6.json), which would show as plain text. The course's specs use
# nothing that Vega-Lite 6 added, so they are handed to that renderer under the v5 mimetype;
# tests/browser/test_lab.py runs chapters in JupyterLab with the network cut and fails if any
# chart is left without marks.
CLASS_MIMETYPE = "application/vnd.vegalite.v5+json"
CLASS_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def class_bundle(spec: dict, **metadata) -> tuple[dict, dict]:
    """The chart for a running notebook: its spec for JupyterLab's own Vega renderer.

    Nothing is fetched from the network. The chart's description reaches screen readers as
    the label Vega gives the drawing; ``text/plain`` names the chart where no renderer exists.
    """
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite specification (a dict), got {type(spec).__name__}")
    title = title_text(spec)
    spec = {**spec, "$schema": CLASS_SCHEMA}
    data = {CLASS_MIMETYPE: spec, "text/plain": f"<chart: {title or 'untitled'}>"}
    return data, {CLASS_MIMETYPE: {"embed_options": metadata.get("embed_options", {})}}


# --- The static book: a picture now, the live chart when the reader gets there (issue 17) ---
# Vega, Vega-Lite and vega-embed (about 1 MB of script) used to load, compile and draw every
# chart while a phone was still showing the page. Instead the book's HTML carries each chart's
# first state as an SVG drawn at build time (vl-convert, the same Vega-Lite compiler without a
# browser), stand-ins for its controls in Vega's own markup (so they take the same room), and
# its spec; book/_static/course.js loads Vega once, when a chart comes near the screen or a
# reader touches a stand-in control, and swaps the live chart in at the same size.
VEGA_URLS = {lib: f"https://cdn.jsdelivr.net/npm/{lib}@{version}?noext" for lib, version in (
    ("vega", VEGA_VERSION), ("vega-lite", VEGALITE_VERSION), ("vega-embed", VEGAEMBED_VERSION))}
# The Vega-Lite version vl-convert compiles with: the one the book's vega-lite script has.
VL_CONVERT_VERSION = ".".join(VEGALITE_VERSION.split(".")[:2])
SVG_ARIA = re.compile(r'\s(?:aria-[\w-]+|role)="[^"]*"')
SVG_REF = re.compile(r'(\bid="|url\(#|href="#)([^"()]+)')
SVG_TAG = re.compile(r"<[^>]+>")  # a tag (the text between tags is escaped: no '<' in it)
SVG_DOUBLE_QUOTED = re.compile(r'(\s[\w:-]+)="([^"\'<&]*)"')
PICTURE_URL = "data:image/svg+xml,"  # a chart picture's source: its SVG, percent-encoded as below
PICTURE_URL_ESCAPES = {"%": "%25", "#": "%23", '"': "%22", "\n": "%0A", "\r": "%0D", "\t": "%09"}


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def _is_checked(option, value) -> bool:
    return value is not None and option == value


def stand_in_control(param: dict, *, disabled: bool = False) -> str:
    """One bound parameter as Vega's own control markup (vega-view's bind), with its first value
    (``disabled``: greyed as course.js greys the live control, see finish's ``active_when``)."""
    html_ = _stand_in_control(param)
    if not disabled:
        return html_
    html_ = re.sub(r"<(input|select)\b", r"<\1 disabled", html_)
    return html_.replace('<div class="vega-bind">', '<div class="vega-bind np-bind-off">', 1)


def _stand_in_control(param: dict) -> str:
    bind, name = param["bind"], str(param["name"])
    kind, value = bind.get("input"), param.get("value")
    label = f'<span class="vega-bind-name">{html.escape(str(bind.get("name", name)))}</span>'
    if kind == "radio":
        labels = bind.get("labels") or []
        choices = "".join(
            f'<label><input type="radio" name="{_attr(name)}" value="{_attr(opt)}"'
            f'{" checked" if _is_checked(opt, value) else ""}>{html.escape(str(labels[i] if i < len(labels) else opt))}'
            "</label>" for i, opt in enumerate(bind.get("options", [])))
        return f'<div class="vega-bind">{label}<span class="vega-bind-radio">{choices}</span></div>'
    if kind == "select":
        labels = bind.get("labels") or []
        options = "".join(
            f'<option value="{_attr(opt)}"{" selected" if _is_checked(opt, value) else ""}>'
            f'{html.escape(str(labels[i] if i < len(labels) else opt))}</option>'
            for i, opt in enumerate(bind.get("options", [])))
        control = f'<select name="{_attr(name)}">{options}</select>'
    elif kind == "checkbox":
        control = f'<input type="checkbox" name="{_attr(name)}"{" checked" if value else ""}>'
    elif kind == "range":
        lo, hi = bind.get("min", 0), bind.get("max", 100)
        value = value if value is not None else (lo + hi) / 2
        step = f' step="{_attr(bind["step"])}"' if "step" in bind else ""
        # Written as JavaScript writes the number (8.0 -> "8"), as Vega's own control shows it:
        # a wider stand-in label can wrap the controls into another row.
        value = int(value) if isinstance(value, float) and value.is_integer() else value
        control = (f'<input type="range" name="{_attr(name)}" min="{_attr(lo)}" max="{_attr(hi)}"{step} '
                   f'value="{_attr(value)}"><span>{html.escape(str(value))}</span>')
    else:
        control = f'<input type="{_attr(kind or "text")}" name="{_attr(name)}" value="{_attr(value or "")}">'
    return f'<div class="vega-bind"><label>{label}{control}</label></div>'


def bound_params(spec: dict) -> list[dict]:
    """The parameters bound to an HTML control, in the order Vega draws their controls."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for param in node.get("params", []) or []:
                if isinstance(param, dict) and isinstance(param.get("bind"), dict) and "select" not in param \
                        and "element" not in param["bind"]:
                    found.append(param)
            for key in ("layer", "hconcat", "vconcat", "concat"):
                for child in node.get(key, []) or []:
                    walk(child)
            if isinstance(node.get("spec"), dict):
                walk(node["spec"])

    walk(spec)
    return list({str(p["name"]): p for p in found}.values())


@functools.cache
def _system_ui_family() -> str:
    """The font family fontconfig gives for ``system-ui`` on this machine ('' if unknown)."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{family[0]}", "system-ui"], capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def static_svg(spec: dict, prefix: str) -> tuple[str, float, float]:
    """The chart's first state as SVG (its ids prefixed to stay unique on the page), width, height."""
    import vl_convert

    # The book font starts with system-ui, which vl-convert does not know (it measures text in
    # its sans-serif) while Chromium draws it in fontconfig's system font (DejaVu Sans on Debian):
    # labels would be laid out narrower in the picture than in the live chart, which then moves
    # on the swap. The picture is laid out in that same family and shows the book's font stack.
    font = (spec.get("config") or {}).get("font")
    family = _system_ui_family() if isinstance(font, str) and font.startswith("system-ui") else ""
    if family:
        layout_font = f'"{family}", {font}'
        spec = {**spec, "config": {**spec["config"], "font": layout_font}}
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_CONVERT_VERSION)
    if family:
        svg = svg.replace(html.escape(layout_font, quote=True), html.escape(font, quote=True))
    # The picture is hidden from screen readers (the figure's label describes the chart, and the
    # live chart brings Vega's own labels): its per-mark ARIA would only double the page's weight.
    svg = SVG_ARIA.sub("", svg)
    svg = SVG_REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    size = re.search(r'<svg[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', svg)
    return svg, float(size.group(1)), float(size.group(2))


def picture_html(svg: str, width: float, height: float, layout: str = "") -> str:
    """A chart's build-time picture as one image (an SVG data URL), not as inline SVG: inline, a
    long chapter's pictures were a third of its elements (1,147 of chapter 5's 3,497), all parsed,
    styled and laid out at load on a phone (issue 17); an image is one element, drawn when seen.
    ``layout`` is "wide" or "narrow" for a chart with a phone layout, else empty. Hidden from
    screen readers like the inline picture was: the figure's label describes the chart."""
    if layout not in {"", "wide", "narrow"}:
        raise ValueError(f"layout must be '', 'wide' or 'narrow', got {layout!r}")
    # Attributes in single quotes where their value has none (a double quote would cost three
    # bytes each in the URL: a long chapter's pictures carry ~12,000); then percent-encode what
    # would end the attribute or the URL (a quote, '#', '%') or be dropped by the URL parser
    # (line breaks); the rest travels as written, so the page still gzips well.
    svg = SVG_TAG.sub(lambda tag: SVG_DOUBLE_QUOTED.sub(r"\1='\2'", tag.group(0)), svg)
    url = PICTURE_URL + "".join(PICTURE_URL_ESCAPES.get(c, c) for c in svg)
    cls = f" np-chart-{layout}" if layout else ""
    return (f'<div class="np-chart-picture{cls}" aria-hidden="true"><img alt="" width="{width:g}" '
            f'height="{height:g}" decoding="async" src="{url.replace("&", "&amp;")}"></div>')


def picture_svgs(page_html: str) -> list[str]:
    """The SVG of every chart picture in ``page_html``, in page order, as the image draws it (what
    :func:`picture_html` was given, its attributes in single quotes; for tests and checks that
    read what a picture shows)."""
    found = re.findall(r'<div class="np-chart-picture[^"]*" aria-hidden="true"><img [^>]*?src="'
                       + re.escape(PICTURE_URL) + r'([^"]*)"', page_html)
    return [urllib.parse.unquote(html.unescape(s)) for s in found]


def static_html(spec: dict, **metadata) -> dict[str, str]:
    """The book's chart: build-time SVG and stand-in controls, its spec for the live chart."""
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite specification (a dict), got {type(spec).__name__}")
    chart_id = f"np-chart-{uuid.uuid4().hex[:16]}"
    notes, spec = _notes_of(spec)
    svg, width, height = static_svg(spec, chart_id)
    # The phone layout (PHONE_WIDTH), when the desktop one would not fit a phone's column: its
    # picture shows instead of the desktop one in a column narrower than the desktop picture
    # (course.css, by the np-fit-N class: N is that width rounded down to 20 px), and course.js
    # embeds its spec there (the datasets are the desktop spec's, not repeated).
    narrow = None
    own, spec = split_phone_layout(spec)
    if own is not None:
        if width > PHONE_WIDTH:
            narrow_svg, narrow_width, narrow_height = static_svg(own, f"{chart_id}-n")
            narrow = own
    elif width > PHONE_WIDTH and (spec.get("usermeta") or {}).get(NARROW_META) is not False:
        narrow, narrow_svg, narrow_width, narrow_height = fit_narrow(spec, f"{chart_id}-n")
        if narrow_width > PHONE_NARROWER * width:  # hardly narrower: not worth a second layout
            narrow = None
    params = bound_params(spec)
    rules = (spec.get("usermeta") or {}).get(ACTIVE_META) or {}
    first = {str(p["name"]): p.get("value") for p in params}
    unknown = sorted(set(rules) - set(first))
    if unknown:
        raise ValueError(f"active_when names {unknown}, which the chart has no control for "
                         f"(its controls: {sorted(first)})")
    off = {name for name, rule in rules.items() if not rule_holds(rule, first)}
    controls = "".join(stand_in_control(p, disabled=str(p["name"]) in off) for p in params)
    # Vega always adds this form, empty too (its top margin is part of the chart's height).
    bindings = f'<form class="vega-bindings">{controls}</form>'
    options = {"mode": "vega-lite", **metadata.get("embed_options", {})}
    data = {"spec": spec, "options": options}
    pictures = picture_html(svg, width, height)
    sizes = f'data-width="{width:g}" data-height="{height:g}"'
    fit = ""
    if narrow is not None and len(json.dumps({k: v for k, v in narrow.items() if k != "datasets"})) > PHONE_SPEC_BYTES:
        if own is not None:
            raise ValueError(f"the phone layout of {title_text(spec)!r} is over {PHONE_SPEC_BYTES} bytes without its "
                             "datasets: give it its data as datasets (Altair does, for a DataFrame), not inline values")
        narrow = None  # data drawn inline (not in datasets) would travel twice: the page's budget
    if narrow is not None:
        data["narrow"] = {k: v for k, v in narrow.items() if k != "datasets"}
        pictures = (picture_html(svg, width, height, "wide")
                    + picture_html(narrow_svg, narrow_width, narrow_height, "narrow"))
        sizes += f' data-narrow-width="{narrow_width:g}" data-narrow-height="{narrow_height:g}"'
        fit = f" np-fit-{fit_threshold(width)}"
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    urls = " ".join(f'data-{lib}="{_attr(url)}"' for lib, url in VEGA_URLS.items())
    title = title_text(spec)
    caption = html.escape(f"{title}. {spec.get('description', '')}".strip(". "))
    body = (
        f'<figure class="np-chart" role="figure" aria-label="{caption}">'
        f'<figcaption class="np-visually-hidden">{caption}</figcaption>'
        f'<div class="np-chart-static{fit}" id="{chart_id}" data-np-chart {urls} {sizes}>'
        f'{pictures}{bindings}</div>'
        f'<script type="application/json" class="np-chart-spec">{payload}</script>'
        f"{notes_html(notes)}{UNNAMED_MARKS_SCRIPT}</figure>"
    )
    return {"text/html": body}


def split_phone_layout(spec: dict) -> tuple[dict | None, dict]:
    """The phone layout finish(phone=<chart>) left in the spec's usermeta, and the spec without it.

    Its datasets join the spec's (Altair names a dataset by its content, so data the two
    layouts share travels once); the returned layout carries them too, for its picture."""
    meta = spec.get("usermeta")
    if not isinstance(meta, dict) or not isinstance(meta.get(NARROW_META), dict):
        return None, spec
    own = meta[NARROW_META]
    rest = {k: v for k, v in meta.items() if k != NARROW_META}
    spec = {k: v for k, v in spec.items() if k != "usermeta"}
    if rest:
        spec["usermeta"] = rest
    datasets = {**(spec.get("datasets") or {}), **(own.get("datasets") or {})}
    if datasets:
        spec["datasets"] = datasets
        own = {**own, "datasets": datasets}
    return own, spec


def fit_threshold(width: float) -> int:
    """The column width (px) below which a chart ``width`` px wide shows its phone layout: the
    width rounded down to 20 px (course.css has a rule for each such width, FIT_THRESHOLDS).
    Down, not up: a desktop picture that fits its column is never swapped for the phone one (in a
    column up to 19 px narrower than the picture it scrolls that little instead)."""
    step = 20
    return min(FIT_THRESHOLDS[-1], max(FIT_THRESHOLDS[0], int(width) // step * step))


FIT_THRESHOLDS = list(range(360, 901, 20))


ACTIVE_META = "npcourseActiveWhen"


# The comparisons an active_when rule may make between two controls (course.js has the same).
COMPARISONS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "!=": operator.ne}


def _active_rules(active_when) -> dict[str, list]:
    """``active_when`` checked and as JSON: {control: condition} or, for a control that needs
    several conditions to hold, {control: [condition, condition, ...]}. A condition is
    [other_control, [values...]] (the other control has one of those values) or
    [control_a, comparison, control_b] (e.g. ["proximal", ">", "distal"]: two controls compared,
    the comparison one of COMPARISONS)."""
    if active_when is None:
        return {}
    if not isinstance(active_when, dict):
        raise TypeError(f"active_when must be a dict {{control: (other_control, values)}}, got "
                        f"{type(active_when).__name__}")

    def condition(control, rule) -> list:
        if isinstance(rule, (tuple, list)) and len(rule) == 3 and all(isinstance(r, str) for r in rule):
            if rule[1] not in COMPARISONS:
                raise ValueError(f"active_when[{control!r}] compares two controls with {rule[1]!r}; "
                                 f"use one of {sorted(COMPARISONS)}")
            return list(rule)
        if not isinstance(rule, (tuple, list)) or len(rule) != 2 or not isinstance(rule[0], str) \
                or isinstance(rule[1], str) or not isinstance(rule[1], Iterable):
            raise ValueError(f"active_when[{control!r}] must be (other_control, [values]), "
                             f"(control_a, comparison, control_b) or a list of them, got {rule!r}")
        values = list(rule[1])
        if not values:
            raise ValueError(f"active_when[{control!r}] lists no value in which the control is active")
        return [rule[0], values]

    rules = {}
    for control, rule in active_when.items():
        if not isinstance(control, str):
            raise ValueError(f"active_when keys must be control names, got {control!r}")
        several = isinstance(rule, list) and rule and all(isinstance(r, (tuple, list)) for r in rule)
        if several:
            rules[control] = [condition(control, r) for r in rule]
        else:
            rules[control] = condition(control, rule)
    return rules


def active_conditions(rule: list) -> list[list]:
    """One rule of :func:`_active_rules` as a list of conditions (all must hold)."""
    return [rule] if isinstance(rule[0], str) else rule


def condition_controls(condition: list) -> list[str]:
    """The controls one condition reads."""
    return [condition[0], condition[2]] if len(condition) == 3 else [condition[0]]


def rule_holds(rule: list, values: dict) -> bool:
    """Whether a control under ``rule`` does something when the controls have ``values``
    (as course.js decides it for the live chart; here for the picture's first state)."""
    for condition in active_conditions(rule):
        missing = [c for c in condition_controls(condition) if c not in values]
        if missing:
            raise ValueError(f"an active_when rule reads {missing}, which the chart has no control for "
                             f"(its controls: {sorted(values)})")
        if len(condition) == 3:
            a, op, b = condition
            if not COMPARISONS[op](values[a], values[b]):
                return False
        elif values[condition[0]] not in condition[1]:
            return False
    return True


def _notes_of(spec: dict) -> tuple[list[str], dict]:
    """The notes finish() left in the spec's usermeta, and the spec without them."""
    meta = spec.get("usermeta")
    if not isinstance(meta, dict) or NOTES_META not in meta:
        return [], spec
    notes = meta[NOTES_META]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise TypeError(f"usermeta.{NOTES_META} must be a list of note texts")
    rest = {k: v for k, v in meta.items() if k != NOTES_META}
    spec = {k: v for k, v in spec.items() if k != "usermeta"}
    if rest:
        spec["usermeta"] = rest
    return notes, spec


def notes_html(notes: list[str]) -> str:
    """A chart's explanatory notes as paragraphs under it (empty when it has none)."""
    if not notes:
        return ""
    return '<div class="np-chart-notes">' + "".join(f"<p>{html.escape(n)}</p>" for n in notes) + "</div>"


def course_renderer(spec: dict, **metadata):
    """The book's HTML while the static book is built, JupyterLab's renderer in class."""
    if live.static_mode():
        return static_html(spec, **metadata)
    return class_bundle(spec, **metadata)


def enable_renderer() -> None:
    """Render charts through :func:`course_renderer` (SVG output, which carries ARIA labels)."""
    # The offline build rewrites the CDN URLs in the book's HTML afterwards (npcourse_book.sphinxext).
    options = {"embed_options": {"renderer": "svg", "actions": False}}
    alt.renderers.register("npcourse", course_renderer)
    alt.renderers.enable("npcourse", **options)


def finish(chart: alt.TopLevelMixin, *, title: str, description: str, width: int | None = None,
           active_when: dict[str, tuple[str, Iterable]] | None = None,
           phone: bool | alt.TopLevelMixin = True):
    """Give a chart its title, screen-reader description and the course's look.

    Every chart in the course goes through here, so none lacks a title or a description.
    ``active_when`` names controls that do something only in some states, as
    ``{control: (other_control, values)}``: in the book the control is disabled (greyed) while
    ``other_control`` has none of ``values`` (book/_static/course.js; the picture's stand-in too);
    ``{control: (control_a, ">", control_b)}`` compares two controls instead (COMPARISONS), and a
    list of such conditions must all hold.
    ``phone=False``: the book keeps the desktop layout on phones too (it scrolls sideways in its
    box) where the derived phone layout (:func:`fit_narrow`) would overprint text.
    ``phone=<chart>``: the chart's own phone layout, drawn by its author for PHONE_WIDTH (same
    controls, by name; the same title, description and look are given to it here). The book
    shows it wherever the column is narrower than the desktop picture; in class it is not used.
    """
    if not isinstance(phone, (bool, alt.TopLevelMixin)):
        raise TypeError(f"phone must be True, False or an Altair chart (the phone layout), got {phone!r}")
    if not title.strip() or not description.strip():
        raise ValueError("title and description must both be non-empty text")
    rules = _active_rules(active_when)
    # In the book, explanatory text panels (text that no control changes) leave the drawing and
    # are printed as paragraphs under the chart (static_html): selectable, in the page's type,
    # no blank gaps, and the controls stay next to the plot. In class (JupyterLab) they stay
    # drawn under the plot, where the renderer shows nothing but the chart.
    notes: list[str] = []
    narrow_meta = {NARROW_META: False} if phone is False else {}
    if live.static_mode():
        chart, notes = _take_notes(chart)
        if not isinstance(phone, bool):
            narrow_meta = {NARROW_META: _phone_layout(chart, phone, title=title, description=description)}
    # resize: lay the chart out again after every change a control makes, so a wider tick
    # label or a longer text line moves the rest over instead of pushing titles out of the SVG
    # (Vega keeps the first layout otherwise; the default state is laid out as before).
    # A long title goes on several lines (Vega never wraps one): it would widen the chart.
    props = _chart_props(title, description, TITLE_WRAP)
    if notes or rules or narrow_meta:
        props["usermeta"] = {**({NOTES_META: notes} if notes else {}), **({ACTIVE_META: rules} if rules else {}),
                             **narrow_meta}
    if width is not None:
        props["width"] = width
    return _dress(chart, **props)


def _chart_props(title: str, description: str, wrap_at: int) -> dict:
    lines = label_lines(title, wrap_at)
    return {"title": alt.TitleParams(text=lines) if len(lines) > 1 else title, "description": description,
            "autosize": {"type": "pad", "resize": True}}


def _phone_layout(chart: alt.TopLevelMixin, phone: alt.TopLevelMixin, *, title: str, description: str) -> dict:
    """``phone`` (an author's phone layout of ``chart``) as the spec the book embeds on phones."""
    phone, _ = _take_notes(phone)  # the notes are the desktop chart's, printed once under both
    spec = _dress(phone, **_chart_props(title, description, PHONE_TITLE_WRAP)).to_dict()
    mine = {p["name"] for p in bound_params(chart.to_dict())}
    theirs = {p["name"] for p in bound_params(spec)}
    if mine != theirs:
        raise ValueError(f"the phone layout of {title!r} must bind the same controls as the chart: "
                         f"only in the chart {sorted(mine - theirs)}, only in the phone layout {sorted(theirs - mine)}")
    return spec


def _dress(chart: alt.TopLevelMixin, **props) -> alt.TopLevelMixin:
    """``chart`` with ``props`` (title, description, ...) and the course's look: the book's font,
    palette, text sizes and plain views.

    One ``properties`` call, because every copy of a concatenated or layered Altair chart
    rebuilds and deep-copies all its views (Altair's ``_combine_subchart_params``): six chained
    ``configure_*`` calls cost a nested chart six such copies. The config is the one those calls
    would build, in their order.
    """
    return chart.properties(**props, config=alt.Config(
        font=BOOK_FONT,
        range=alt.RangeConfig(category=PALETTE),
        axis=alt.AxisConfig(labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE + 1, labelColor="#222",
                            titleColor="#222"),
        legend=alt.LegendConfig(labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE + 1),
        title=alt.TitleConfig(fontSize=15, anchor="start", color="#111"),
        view=alt.ViewConfig(strokeWidth=0),
    ))


enable_renderer()


def wrap(text: str, width: int = 80) -> str:
    """``text`` broken into lines of at most ``width`` characters (for Vega text marks)."""
    return "\n".join(textwrap.wrap(text, width))


def row_headings(chart: alt.Chart, field: str, *, offset: float, **mark) -> alt.Chart:
    """The rows' names written across the top of each row of ``chart`` (a y band), left-aligned.

    For a phone layout: long row names as axis labels beside the plot would take half of its
    320 px, above the row they have the whole width. ``field`` holds each name, already broken
    into lines at "\\n" (Vega does not wrap); ``offset`` (px, negative: up) places the top of the
    first line from the middle of the row, so the row's marks drawn lower (their own ``yOffset``)
    stay clear of it (names of different lengths: see :func:`heading_lines`). The chart's y
    encoding is kept; give its axis ``labels=False``.
    """
    if not isinstance(field, str) or not field.strip():
        raise ValueError(f"field must name the column holding the row names, got {field!r}")
    validate.number("offset", offset)
    style = {"align": "left", "baseline": "top", "lineBreak": "\n", "fontSize": TEXT_SIZE, "color": "#111", **mark}
    return chart.mark_text(yOffset=offset, **style).encode(x=alt.value(0), text=f"{field}:N")


def heading_lines(texts: Iterable[str], width: int) -> list[str]:
    """Each text on lines of at most ``width`` characters (joined by "\\n"), with empty lines on top
    up to the most lines any text needs: drawn by :func:`row_headings`, every name then ends just
    above its row's marks (Vega lays a text's lines downwards from its first, whatever the baseline)."""
    width = int(validate.number("width", width, minimum=8, integer=True))
    if isinstance(texts, str):
        raise TypeError("texts must be a list of texts, not one string")
    split = [label_lines(str(t), width) for t in texts]
    most = max((len(lines) for lines in split), default=1)
    # A zero-width space, not an empty line: Vega drops the text of a blank line (also a no-break
    # space), and an empty SVG tspan does not move the lines after it.
    return ["\n".join(["\u200b"] * (most - len(lines)) + lines) for lines in split]


PHONE_WRAP = 36  # characters per line of 13 px text in a phone's column (charts.PHONE_WIDTH)


def wrapped_lines(sentences: list[str], chars: int) -> str:
    """A Vega expression: each of ``sentences`` (Vega expressions giving text) wrapped at ``chars``
    characters, starting on a line of its own (for a text mark with lineBreak '\\n'); an empty
    sentence adds no line. For readouts that a control changes, on a phone's narrow column."""
    if isinstance(sentences, str) or not sentences:
        raise TypeError("sentences must be a non-empty list of Vega expressions")
    chars = int(validate.number("chars", chars, minimum=8, integer=True))
    parts = [f"(({s}) ? {_wrap_expr(s, chars)} + '\\n' : '')" for s in sentences]
    return f"trim({' + '.join(parts)})"


def readout_title(text: str) -> alt.TitleParams:
    """A view's title that prints ``text`` (a Vega expression: lines joined by newlines) from the
    left edge of the view's axes, not of its plot: on a phone a text view under a plot with a
    left axis would start that axis's width in and run past the column."""
    return alt.TitleParams(text=alt.ExprRef(f"split({text}, '\\n')"), frame="bounds", anchor="start",
                           fontSize=TEXT_SIZE, fontWeight="normal", lineHeight=16, color="#111")


def text_panel(lines: list[str], width: int, *, wrap: int = 80, line_height: int = 18,
               height: int | None = None, **mark) -> alt.Chart:
    """A block of wrapped text lines drawn as a chart, to sit under or beside a plot.

    The one text panel of the course: chapters pass their own width and, where their layout
    needs it, ``wrap`` (characters per line), ``line_height`` (pixels per line), a fixed
    ``height`` and mark properties (``fontSize``, ``color``, ...). Vega text marks do not wrap,
    so each line is wrapped here; the height follows the count unless ``height`` is given.
    """
    if isinstance(lines, str) or not isinstance(lines, (list, tuple)):
        raise TypeError(f"lines must be a list of strings, got {type(lines).__name__}")
    for name, value in (("width", width), ("wrap", wrap), ("line_height", line_height)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    text = "\n".join("\n".join(textwrap.wrap(str(line), wrap)) for line in lines)
    n = text.count("\n") + 1
    style = {"fontSize": TEXT_SIZE, "color": "#111", **mark}
    # Named so that finish() can find the panel and, in the book, print its lines as HTML.
    # The name follows from the text, so the same panel made twice gives the same spec.
    name = NOTES_VIEW + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    _PANEL_LINES[name] = [str(line) for line in lines]
    return alt.Chart(pd.DataFrame({"text": [text]})).mark_text(
        align="left", baseline="top", lineBreak="\n", **style,
    ).encode(text="text:N", x=alt.value(0), y=alt.value(4)).properties(
        width=width, height=height or line_height * n + 8, name=name)


# The lines of each text panel made in this session, by the panel's view name.
NOTES_VIEW = "np-notes-"
_PANEL_LINES: dict[str, list[str]] = {}
# Where finish() leaves the notes it took out of a book chart (read by static_html).
NOTES_META = "npcourseNotes"


def _take_notes(chart):
    """``chart`` without its text panels (in any concatenation), and their lines in order."""
    notes: list[str] = []

    def strip(node):
        for key in ("vconcat", "hconcat", "concat"):
            parts = getattr(node, "_kwds", {}).get(key)
            if isinstance(parts, list):
                kept = []
                for part in parts:
                    name = part._kwds.get("name") if hasattr(part, "_kwds") else None
                    if isinstance(name, str) and name in _PANEL_LINES:
                        notes.extend(_PANEL_LINES[name])
                    else:
                        kept.append(strip(part))
                if not kept:
                    return node
                node = node.copy(deep=False)
                setattr(node, key, kept)
        return node

    return strip(chart), notes


# --- Phone layout (issue 16 item 4) ---------------------------------------------------------
# A chart laid out for the desktop column (460-720 px) would scroll sideways in a phone's
# 342 px column, and shrinking its picture with CSS would make 13 px text 7 px. So the book
# carries a second layout of each chart, derived here from the first: side-by-side views
# stacked, legends below, titles and long labels on more lines, text blocks re-wrapped, and the
# plots narrowed until the whole drawing fits PHONE_WIDTH at the same text size. The book
# shows the picture that fits its column (course.css) and course.js embeds the matching spec.
PHONE_WIDTH = 320  # the article column at 390 px is 342 px; a control may widen a label or two
PHONE_SPEC_BYTES = 24 * 1024  # the phone spec travels beside the desktop one: at most this much more
PHONE_NARROWER = 0.8  # a phone layout is used only if at most this fraction of the desktop width
MIN_PHONE_PLOT = 150  # px: a plot narrower than this says little
PHONE_TITLE_WRAP = 34  # characters per title line at 15 px bold in PHONE_WIDTH
# Wrapped axis labels made in this session, by their labelExpr: (labels, width, max_lines, size).
_WRAPPED: dict[str, tuple[list[str], int, int, float]] = {}
NARROW_FIELD = "npNarrow_"
# A chart may carry its own phone layout (finish(phone=<chart>)), in usermeta while it travels;
# False there: no phone layout (finish(phone=False)).
NARROW_META = "npcourseNarrow"


def _rewrap_title(title):
    if isinstance(title, dict):
        return {**title, "text": _rewrap_title(title.get("text", ""))}
    text = " ".join(map(str, title)) if isinstance(title, (list, tuple)) else str(title)
    lines = label_lines(text, PHONE_TITLE_WRAP)
    return lines if len(lines) > 1 else text


def _wrap_expr(expr: str, chars: int) -> str:
    """A Vega expression: ``expr`` (a text, lines broken at newlines) re-broken at ``chars``."""
    joined = f"replace(''+({expr}), /\\s*\\n\\s*/g, ' ')"
    return f"trim(replace({joined}, /(.{{1,{chars}}})(\\s+|$)/g, '$1\\n'))"


def _max_lines(values: Iterable, chars: int) -> tuple[int, int]:
    """The most lines any of ``values`` has now and re-wrapped at ``chars``."""
    now = new = 1
    for v in values:
        s = str(v)
        now = max(now, s.count("\n") + 1)
        new = max(new, len(textwrap.wrap(" ".join(s.split()), chars)) or 1)
    return now, new


_STACKED = "npStacked"


def _pixel_text(node: dict) -> bool:
    mark, x = node.get("mark"), (node.get("encoding") or {}).get("x")
    return isinstance(mark, dict) and mark.get("type") == "text" and isinstance(x, dict) and "value" in x


def _wrapped_count(labels: list[str], width: int, max_lines: int) -> int:
    return max((min(len(label_lines(label, width)), max_lines) for label in labels), default=1)


def _narrow_view(node: dict, scale: float, chars: int, datasets: dict, data=None, root=None) -> dict:
    """Narrow one view (and its children) in place. Returns the room its text needs from the
    nearest view above it with a height: {"ratio": r, "extra": px, "step": px}."""
    root = node if root is None else root
    grow = {"ratio": 1.0, "extra": 0.0, "step": 0.0}
    data = node.get("data", data)
    for key in ("hconcat", "concat"):
        if key in node:
            node["vconcat"] = node.pop(key)
            node.pop("columns", None)
    if isinstance(node.get("width"), (int, float)):
        node["width"] = max(40, round(node["width"] * scale))
    elif isinstance(node.get("width"), dict) and "step" in node["width"]:
        node["width"] = {**node["width"], "step": max(10, round(node["width"]["step"] * scale))}
    enc = node.get("encoding") or {}
    scaled = isinstance(node.get("width"), (int, float)) or data is not None
    for channel in ("x", "x2"):
        if scaled and isinstance(enc.get(channel), dict) and isinstance(enc[channel].get("value"), (int, float)):
            enc[channel] = {**enc[channel], "value": round(enc[channel]["value"] * scale)}
    for channel in ("x", "y", "color", "shape", "size", "opacity", "fill", "stroke"):
        spec = enc.get(channel)
        if not isinstance(spec, dict):
            continue
        axis = spec.get("axis")
        if isinstance(axis, dict) and axis.get("labelExpr") in _WRAPPED and channel in ("y",):
            labels, width, max_lines, size = _WRAPPED[axis["labelExpr"]]
            narrow_width = max(10, round(width * 0.6))
            spec["axis"] = {**axis, **wrapped_labels(labels, narrow_width, max_lines=max_lines + 1, font_size=size)}
            before = _wrapped_count(labels, width, max_lines)
            after = _wrapped_count(labels, narrow_width, max_lines + 1)
            if after > before:
                grow["ratio"] = max(grow["ratio"], after / before)
                grow["step"] = max(grow["step"], after * (size + 2) + 8)
        if channel == "x" and spec.get("type") in ("nominal", "ordinal") and scale < 0.9 \
                and ("axis" not in spec or isinstance(axis, dict)) \
                and not (isinstance(axis, dict) and ("labelExpr" in axis or axis.get("labels") is False)):
            # Category names under a narrowed band: turned upright, so each takes a line's height
            # of the band's width, not its own length.
            spec["axis"] = {**(axis or {}), "labelAngle": -90, "labelLimit": 0}
        title = spec.get("title")
        if channel in ("x", "y") and isinstance(title, str) and len(title) > PHONE_TITLE_WRAP + 6:
            spec["title"] = label_lines(title, PHONE_TITLE_WRAP + 6)
        legend = spec.get("legend")
        if isinstance(legend, dict) and legend.get("orient") not in (None, "none", "bottom", "top"):
            spec["legend"] = legend = {**legend, "orient": "bottom"}
        if isinstance(legend, dict) and (legend.get("columns") or 0) > 1:
            spec["legend"] = {**legend, "columns": 1}
    mark = node.get("mark")
    x_value = (enc.get("x") or {}).get("value") if isinstance(enc.get("x"), dict) else None
    y_enc = enc.get("y")
    free = y_enc is None or (isinstance(y_enc, dict) and "field" not in y_enc)
    if isinstance(mark, dict) and mark.get("type") == "text" and "lineBreak" not in mark \
            and isinstance(x_value, (int, float)) and mark.get("align", "center") == "left" and free \
            and not node.pop(_STACKED, False):
        # A line of text placed by pixels (a note in a text view): wrapped like a text block.
        mark["lineBreak"] = "\n"
    if isinstance(mark, dict) and mark.get("type") == "text" and mark.get("lineBreak") == "\n":
        text = enc.get("text")
        if isinstance(text, dict) and isinstance(text.get("field"), str) and "condition" not in text:
            field = text["field"]
            size = float(mark.get("fontSize", TEXT_SIZE))
            n = max(12, round(chars * TEXT_SIZE / size))
            new = NARROW_FIELD + re.sub(r"\W", "_", field)
            node["transform"] = [*(node.get("transform") or []),
                                 {"calculate": _wrap_expr(f"datum[{json.dumps(field)}]", n), "as": new}]
            enc["text"] = {**text, "field": new}
            rows = datasets.get((data or {}).get("name"), []) if isinstance(data, dict) else []
            values = [r.get(field) for r in rows if isinstance(r, dict) and r.get(field) is not None]
            if values and isinstance(node.get("height"), (int, float)):
                now, then = _max_lines(values, n)
                if then > now:
                    line = float(mark.get("lineHeight", size + 2))
                    grow["extra"] = max(grow["extra"], (then - now) * line)
        elif isinstance(mark.get("text"), (str, list)):
            lines = mark["text"] if isinstance(mark["text"], list) else mark["text"].split("\n")
            n = max(12, round(chars * TEXT_SIZE / float(mark.get("fontSize", TEXT_SIZE))))
            mark["text"] = textwrap.wrap(" ".join(" ".join(lines).split()), n)
    if isinstance(node.get("title"), (str, list, dict)) and node is not root:
        node["title"] = _rewrap_title(node["title"])
    layer = [c for c in node.get("layer", []) or [] if isinstance(c, dict) and _pixel_text(c)]
    if len(layer) > 1:  # lines of text one under another: wrapping one would overprint the next
        for child in layer:
            child[_STACKED] = True
    children = [c for key in ("layer",) for c in node.get(key, []) or [] if isinstance(c, dict)]
    if isinstance(node.get("spec"), dict):
        children.append(node["spec"])
    for child in children:
        need = _narrow_view(child, scale, chars, datasets, data, root)
        grow = {"ratio": max(grow["ratio"], need["ratio"]), "extra": max(grow["extra"], need["extra"]),
                "step": max(grow["step"], need["step"])}
    for key in ("vconcat", "hconcat", "concat"):  # each part of a concatenation has its own height
        for child in node.get(key, []) or []:
            if isinstance(child, dict):
                _narrow_view(child, scale, chars, datasets, data, root)
    height = node.get("height")
    if isinstance(height, (int, float)):
        node["height"] = round(height * grow["ratio"] + grow["extra"])
    elif isinstance(height, dict) and "step" in height:
        node["height"] = {**height, "step": max(height["step"], round(grow["step"]))}
    else:
        return grow
    return {"ratio": 1.0, "extra": 0.0, "step": 0.0}


def narrow_spec(spec: dict, *, scale: float = 1.0, chars: int = 44) -> dict:
    """``spec`` laid out for a phone (see PHONE_WIDTH): stacked, legends below, plots ``scale``
    times as wide, title and text blocks re-wrapped (text at ``chars`` characters per line)."""
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite specification (a dict), got {type(spec).__name__}")
    out = json.loads(json.dumps({k: v for k, v in spec.items() if k != "datasets"}))
    if "title" in out:
        out["title"] = _rewrap_title(out["title"])
    config = out.setdefault("config", {})
    legend = config.get("legend") or {}
    config["legend"] = {**legend, "orient": "bottom", "direction": "vertical"}
    _narrow_view(out, scale, chars, spec.get("datasets") or {})
    if "datasets" in spec:
        out["datasets"] = spec["datasets"]
    return out


def fit_narrow(spec: dict, prefix: str = "np-fit") -> tuple[dict, str, float, float]:
    """The phone layout of ``spec`` that fits PHONE_WIDTH, with its picture, width and height.

    The plots are narrowed in proportion and the text blocks re-wrapped, measuring the picture
    each time, until it fits (or nothing more can be narrowed: the chart then still scrolls, and
    tests/browser/test_layout_charts.py says so)."""
    scale, chars = 1.0, 44
    best = None
    for _ in range(8):
        narrow = narrow_spec(spec, scale=scale, chars=chars)
        svg, width, height = static_svg(narrow, prefix)
        if best is None or width < best[2]:
            best = (narrow, svg, width, height)
        if width <= PHONE_WIDTH:
            break
        plot = _widest_plot(narrow)
        excess = width - PHONE_WIDTH
        if plot and plot - excess >= MIN_PHONE_PLOT:
            scale *= max(0.3, (plot - excess - 2) / plot)
        elif plot and plot > MIN_PHONE_PLOT:
            scale *= MIN_PHONE_PLOT / plot
            chars = max(24, round(chars * 0.85))
        else:
            chars = max(24, round(chars * 0.85))
    return best


def _widest_plot(spec: dict) -> float:
    widths = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("width"), (int, float)):
                widths.append(node["width"])
            for key in ("layer", "vconcat", "hconcat", "concat"):
                for child in node.get(key, []) or []:
                    walk(child)
    walk(spec)
    return max(widths, default=0)
