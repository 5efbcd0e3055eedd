"""Evidence maps: every approach of a chapter placed by the certainty of its best evidence.

One generic chart for the chapters whose approaches are records of ``therapies.yml``
(chapters 6-8): ``evidence.evidence_map("07-interventions")``. Nothing medical is written
here; names, certainty, population, evidence text, notes and sources all come from the data.

Two markers come from fields of each record (set by the chapter authors, rules in the
header of therapies.yml): ``neuropathic_population`` (marker shape) and ``certainty_by``
(filled when the cited review graded the certainty, open when it is the authors' reading).
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from npcourse import validate
from npcourse.facts import data, schemas
from npcourse.ui import charts, handles, page
from npcourse.ui import sources as sources_in_words

__all__ = [
    "CERTAINTY_ORDER", "CERTAINTY_LABELS", "NEUROPATHIC", "OTHER", "GROUP_LABELS", "GROUP_SHAPES",
    "GROUP_COLOURS", "REVIEW", "AUTHORS", "RATED_LABELS", "WIDTH", "ROW", "NAME_WRAP", "LABEL_LIMIT",
    "PANEL_WIDTH", "PANEL_WRAP", "FOOTNOTE_WRAP", "PHONE_WRAP", "FOOTNOTE", "population_group", "rated_by",
    "chapters_with_approaches", "approaches", "evidence_frame", "evidence_map"
]

# Fixed order, lowest first, from the schema's list (which runs highest first).
CERTAINTY_ORDER: tuple[str, ...] = tuple(reversed(schemas.CERTAINTY["enum"]))
CERTAINTY_LABELS = {c: c.replace("-", " ").capitalize() for c in CERTAINTY_ORDER}

NEUROPATHIC = "neuropathic pain"
OTHER = "other"
GROUP_LABELS = {
    NEUROPATHIC: "Population described as neuropathic pain",
    OTHER: "Other, mixed or non-pain population",
}
GROUP_SHAPES = {NEUROPATHIC: "circle", OTHER: "triangle-up"}
GROUP_COLOURS = {NEUROPATHIC: charts.PALETTE[0], OTHER: charts.PALETTE[1]}

REVIEW = "review"
AUTHORS = "authors"
RATED_LABELS = {
    REVIEW: "Filled: certainty as rated by the cited review or guideline",
    AUTHORS: "Open: the course authors' GRADE-style judgement (see the note)",
}

# Sizes that keep the map within the book's 680 px text column: approach names wrapped on
# up to two lines of NAME_WRAP characters (at most LABEL_LIMIT px; a longer name ends in "…",
# the menu and the panel give it in full), the plot, and panels under it (they start where
# the plot starts) wrapped at PANEL_WRAP characters.
WIDTH = 360  # five certainty columns, each wide enough for its 13 px label
ROW = 30
NAME_WRAP = 24
LABEL_LIMIT = 0  # no cut: the names are wrapped (a cut depends on the font, so picture and live differ)
PANEL_WIDTH = 460
PANEL_WRAP = 58
FOOTNOTE_WRAP = 62
PHONE_WRAP = 40  # characters per line of names, legend and panel in the phone layout (PHONE_WIDTH)
FOOTNOTE = (
    "Certainty applies to the approach in the population stated in each record, as graded by the "
    "review where it gave a grade (the lower bound where it gave a range); otherwise it is the "
    "course authors' GRADE-style reading, stated in the record's note. Marker shape: whether the "
    "evidence comes from people with neuropathic pain (CRPS, mixed chronic pain, low back pain "
    "and non-pain outcomes count as other); read the population to judge how well it matches "
    "your patient."
)


def population_group(record: dict) -> str:
    """``'neuropathic pain'`` if the record's evidence comes from people with neuropathic pain."""
    return NEUROPATHIC if _field(record, "neuropathic_population", bool) else OTHER


def rated_by(record: dict) -> str:
    """``'authors'`` if the certainty is the course authors' reading, ``'review'`` if a review's."""
    value = _field(record, "certainty_by", str)
    validate.choice("certainty_by", value, (REVIEW, AUTHORS))
    return value


def _field(record, key: str, kind: type = str):
    validate.mapping("record", record)
    value = record.get(key)
    if not isinstance(value, kind):
        raise ValueError(f"record must have a {kind.__name__} field {key!r}; got {value!r}")
    return value


def chapters_with_approaches() -> list[str]:
    """Chapter stems that have at least one record in ``therapies.yml``."""
    return sorted({r["chapter"] for r in data.records("therapies", "therapies")})


def approaches(chapter: str) -> list[dict]:
    """The records of ``therapies.yml`` for ``chapter`` (e.g. ``'06-rehabilitation'``)."""
    known = chapters_with_approaches()
    if isinstance(chapter, str) and chapter not in known and chapter in page.chapters():
        raise ValueError(f"chapter {chapter!r} has no approaches in therapies.yml; chapters that "
                         f"have some: {', '.join(map(repr, known))}")
    validate.choice("chapter", chapter, known)
    return [r for r in data.records("therapies", "therapies") if r["chapter"] == chapter]


def _wrap(text: str, width: int = PANEL_WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _reading(r: dict, wrap: int = PANEL_WRAP) -> str:
    """The full record as lines of ``wrap`` characters, for the panel under the chart."""
    parts = [f"{r['name']} — certainty: {CERTAINTY_LABELS[r['certainty']].lower()}",
             f"Evidence: {r['evidence']}"]
    if r.get("effect"):
        parts.append(f"Effect as reported: {r['effect']}")
    parts += [f"Population: {r['population']}", f"Note: {r['note']}",
              f"Sources: {sources_in_words.labels(r['sources'])}"]
    return "\n".join(_wrap(p, wrap) for p in parts)


def evidence_frame(chapter: str) -> pd.DataFrame:
    """One row per approach of ``chapter``, highest certainty first, then by name."""
    rows = []
    for r in approaches(chapter):
        group, rated = population_group(r), rated_by(r)
        rows.append({
            "id": r["id"], "name": r["name"], "certainty": r["certainty"],
            "certainty_label": CERTAINTY_LABELS[r["certainty"]],
            "rank": CERTAINTY_ORDER.index(r["certainty"]),
            "group": group, "group_label": GROUP_LABELS[group],
            "rated": rated, "rated_label": RATED_LABELS[rated],
            "population": r["population"], "evidence": r["evidence"],
            "sources": sources_in_words.labels(r["sources"]), "reading": _reading(r),
            "reading_phone": _reading(r, PHONE_WRAP),
            "name_phone": "\n".join(charts.label_lines(r["name"], PHONE_WRAP)),
        })
    df = pd.DataFrame(rows).sort_values(["rank", "name"], ascending=[False, True], ignore_index=True)
    tops = _phone_rows(df["name_phone"])
    df["phone_top"] = tops[:-1]
    df["phone_mid"] = [top + 16 * (name.count("\n") + 1) + 16
                       for top, name in zip(tops, df["name_phone"], strict=False)]
    return df


def _phone_rows(names) -> list[int]:
    """Where each row of the phone layout starts (px), and where the last one ends: each row
    as tall as its name's lines, with the marker under the name."""
    tops = [0]
    for name in names:
        tops.append(tops[-1] + 16 * (name.count("\n") + 1) + 30)
    return tops


def _description(chapter: str, df: pd.DataFrame) -> str:
    counts = df["certainty"].value_counts()
    per_level = "; ".join(f"{CERTAINTY_LABELS[c].lower()}: {counts.get(c, 0)}"
                          for c in reversed(CERTAINTY_ORDER))
    n_np = int((df["group"] == NEUROPATHIC).sum())
    return (f"Each of the {len(df)} approaches of the chapter '{page.chapter(chapter)['title']}' "
            "is a row, placed in one of five columns for the certainty of its best evidence, "
            f"from insufficient to high. Approaches per level: {per_level}. A circle marks "
            f"evidence from a population described as neuropathic pain ({n_np} approaches), a "
            "triangle another, mixed or non-pain population; a filled marker is a certainty taken "
            "from the cited review, an open one the course authors' judgement. One menu "
            "highlights a certainty column; another writes out the evidence, population, note and "
            "sources of a chosen approach under the chart.")


def _legend(width: int = PANEL_WIDTH, wrap: int | None = None) -> alt.LayerChart:
    """A hand-made legend: shape and colour for the population, fill for who rated it.

    ``wrap``: characters per line of each entry (None: one line each), for the phone layout."""
    grey = "#555555"
    rows = [
        (GROUP_SHAPES[NEUROPATHIC], GROUP_COLOURS[NEUROPATHIC], GROUP_COLOURS[NEUROPATHIC],
         f"Circle: {GROUP_LABELS[NEUROPATHIC].lower()}"),
        (GROUP_SHAPES[OTHER], GROUP_COLOURS[OTHER], GROUP_COLOURS[OTHER],
         f"Triangle: {GROUP_LABELS[OTHER].lower()}"),
        ("square", grey, grey, RATED_LABELS[REVIEW]),
        ("square", grey, "white", RATED_LABELS[AUTHORS]),
        ("square", "#111111", "transparent", "Large square frame: the approach chosen in the menu"),
    ]
    line = 16
    df = pd.DataFrame([{"shape": a, "stroke": b, "fill": c, "label": _wrap(d, wrap) if wrap else d}
                       for a, b, c, d in rows])
    # Each entry's top in pixels: an entry on several lines pushes the next ones down.
    heights = [line * (t.count("\n") + 1) + 2 for t in df["label"]]
    df["top"] = [sum(heights[:i]) for i in range(len(heights))]
    base = alt.Chart(df)
    marks = base.transform_calculate(mid=f"datum.top + {line / 2}").mark_point(
        size=110, strokeWidth=2.5, opacity=1).encode(
        x=alt.value(8), y=alt.Y("mid:Q", scale=None, axis=None), shape=alt.Shape("shape:N", scale=None),
        stroke=alt.Stroke("stroke:N", scale=None), fill=alt.Fill("fill:N", scale=None))
    text = base.mark_text(align="left", baseline="top", lineHeight=line, fontSize=charts.TEXT_SIZE,
                          lineBreak="\n", color="#111").encode(
        x=alt.value(22), y=alt.Y("top:Q", scale=None, axis=None), text="label:N")
    return alt.layer(marks, text).properties(width=width, height=sum(heights))


def _x_axis(phone: bool) -> alt.X:
    """The certainty columns; on a phone "Very low" goes on two lines so the labels stay apart."""
    labels = {c: (label.split(" ") if phone and " " in label else label) for c, label in CERTAINTY_LABELS.items()}
    title = ["Certainty of the best evidence", "(GRADE scale)"] if phone else \
        "Certainty of the best evidence (GRADE scale)"
    return alt.X("certainty:N", title=title,
                 scale=alt.Scale(domain=list(CERTAINTY_ORDER)),
                 axis=alt.Axis(labelAngle=0, grid=False, labelExpr=" : ".join(
                     f"datum.value == '{c}' ? {json.dumps(labels[c])}" for c in CERTAINTY_ORDER)
                     + " : datum.value"))


def _marks(df: pd.DataFrame) -> alt.Chart:
    """The rows with the computed marker look (colour and shape by population, fill by rater)."""
    return alt.Chart(df).transform_calculate(
        stroke=" : ".join(f"datum.group == '{g}' ? '{c}'" for g, c in GROUP_COLOURS.items())
        + " : '#111'",
        shape=" : ".join(f"datum.group == '{g}' ? '{s}'" for g, s in GROUP_SHAPES.items())
        + " : 'diamond'",
    ).transform_calculate(fill=f"datum.rated == '{AUTHORS}' ? 'white' : datum.stroke")


def _map(df: pd.DataFrame, *, phone: bool) -> alt.LayerChart:
    """The certainty columns with one row per approach.

    Desktop: names as axis labels beside the rows. Phone: each name written across the top of
    its row (the full column width, so no name is cut) and the marker under it."""
    order = list(df["name"])
    x = _x_axis(phone)
    base = _marks(df)
    if phone:
        # Rows in pixels: each row as tall as its name needs, the marker under the name.
        y = alt.Y("phone_mid:Q", scale=None, axis=None)
        width, height = charts.PHONE_WIDTH - 20, _phone_rows(df["name_phone"])[-1]
    else:
        y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(
            labelLimit=LABEL_LIMIT, grid=True, **charts.wrapped_labels(order, NAME_WRAP)))
        width, height = WIDTH, alt.Step(ROW)
    columns = alt.Chart(pd.DataFrame({"certainty": list(CERTAINTY_ORDER)})).mark_rect(
        color="#e6e6e6").encode(x=x).transform_filter("datum.certainty == highlight_level")
    points = base.mark_point(size=150, strokeWidth=2.5).encode(
        x=x, y=y,
        shape=alt.Shape("shape:N", scale=None), stroke=alt.Stroke("stroke:N", scale=None),
        fill=alt.Fill("fill:N", scale=None),
        opacity=alt.condition("highlight_level == 'none' || datum.certainty == highlight_level",
                              alt.value(1), alt.value(0.3)),
        tooltip=[alt.Tooltip("name:N", title="Approach"),
                 alt.Tooltip("certainty_label:N", title="Certainty"),
                 alt.Tooltip("rated_label:N", title="Certainty rated by"),
                 alt.Tooltip("group_label:N", title="Population group"),
                 alt.Tooltip("population:N", title="Population"),
                 alt.Tooltip("evidence:N", title="Evidence"),
                 alt.Tooltip("sources:N", title="Sources")],
    )
    ring = base.transform_filter("datum.id == approach").mark_point(
        shape="square", size=520, strokeWidth=2, color="#111", filled=False).encode(x=x, y=y)
    layers = [columns, points, ring]
    if phone:
        guides = base.mark_rule(color="#dddddd").encode(y=y)
        names = base.mark_text(align="left", baseline="top", lineHeight=16, lineBreak="\n",
                               fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(0), y=alt.Y("phone_top:Q", scale=None, axis=None), text="name_phone:N")
        layers = [columns, guides, names, points, ring]
    return alt.layer(*layers).properties(width=width, height=height)


def _reading_panel(df: pd.DataFrame, *, phone: bool) -> alt.Chart:
    """The chosen approach's full record, written out under the map."""
    field = "reading_phone" if phone else "reading"
    n_lines = max(t.count("\n") + 1 for t in df[field])
    return _marks(df).transform_filter("datum.id == approach").mark_text(
        align="left", baseline="top", fontSize=charts.TEXT_SIZE, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4), text=f"{field}:N").properties(
        width=charts.PHONE_WIDTH - 20 if phone else PANEL_WIDTH, height=16 * n_lines + 8)


def evidence_map(chapter: str, *, highlight_level: str = "none",
                 approach: str | None = None) -> alt.VConcatChart:
    """Every approach of ``chapter`` (therapies.yml) by certainty of evidence and population.

    Raises ``ValueError`` naming the chapters that have approaches if ``chapter`` has none.

    Handles (where the menus start):
        highlight_level: certainty column highlighted, 'none' or a level of ``CERTAINTY_ORDER``.
        approach: id of the approach whose evidence is read out (None = the chapter's first).
    """
    df = evidence_frame(chapter)
    order = list(df["name"])
    highlight_level = handles.option("highlight_level", highlight_level, ["none", *CERTAINTY_ORDER])
    approach = df["id"].iloc[0] if approach is None else handles.option("approach", approach, df["id"])
    highlight = alt.param(name="highlight_level", value=highlight_level, bind=alt.binding_select(
        options=["none", *reversed(CERTAINTY_ORDER)],
        labels=["No column", *(CERTAINTY_LABELS[c] for c in reversed(CERTAINTY_ORDER))],
        name="Highlight a certainty level: "))
    chosen = alt.param(name="approach", value=approach, bind=alt.binding_select(
        options=list(df["id"]), labels=order, name="Read the evidence for: "))
    # Static text: in the book it is printed under the chart as a paragraph (charts.finish).
    footnote = charts.text_panel([FOOTNOTE], width=PANEL_WIDTH, wrap=FOOTNOTE_WRAP, line_height=15,
                                 color="#333")
    desktop = alt.vconcat(_legend(), _map(df, phone=False), _reading_panel(df, phone=False), footnote)
    phone = alt.vconcat(_legend(charts.PHONE_WIDTH - 20, PHONE_WRAP), _map(df, phone=True),
                        _reading_panel(df, phone=True))
    return charts.finish(
        desktop.add_params(highlight, chosen),
        title=f"Evidence map: {page.chapter(chapter)['title']}",
        description=_description(chapter, df),
        phone=phone.add_params(highlight, chosen),
    )
