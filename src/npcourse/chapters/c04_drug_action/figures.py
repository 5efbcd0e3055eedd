"""Chapter 4 charts: where each drug acts, NNT/NNH forest plot, lines of therapy, class table.

Everything shown comes from ``drugs.yml`` through :mod:`npcourse.models.drugs`; no value is typed
here. Each chart is pure Vega-Lite with parameters bound to HTML controls, so it works in
the static book.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap

import altair as alt
import pandas as pd

from npcourse.facts import schemas
from npcourse.models import drugs
from npcourse.ui import charts, handles, tables
from npcourse.ui import sources as sources_in_words

__all__ = [
    "WIDTH", "TEXT_WIDTH", "TEXT_WRAP", "GRID_COLUMN", "GRID_ROW", "GRID_WRAP", "SITE_BOXES",
    "SITE_LABELS", "REGION_OF", "CONTRAST", "CONTRAST_LABEL", "LINE_STYLE", "NOT_A_POSITION",
    "NOT_ASSESSED_NOTE", "GUIDELINE_FOOTNOTE", "GUIDELINE_SOURCE_KEYS", "cite_keys", "menu_label",
    "site_names", "sites_frame", "drug_text_frame", "site_of_action_map", "class_effects",
    "missing_effect_lines", "OUTCOME_NOTES", "nnt_forest_plot", "line_style", "lines_frame",
    "guideline_lines", "drug_class_table"
]

WIDTH = 520
# Panels under a chart start where its plot starts, right of the row labels, so their text is
# wrapped to what is left of the book's 680 px text column.
TEXT_WIDTH = 440
TEXT_WRAP = 60
# The lines-of-therapy grid: wrapped drug names (about 180 px) and three 160 px columns.
GRID_COLUMN = 150
GRID_ROW = 40
CELL_WRAP = 20  # characters per line in a grid cell (13 px text in GRID_COLUMN px)
GRID_WRAP = 64

# The schematic: every `sites` slug of schemas.SITES gets a box (x0, x1, y0, y1 in 0-100),
# grouped into the five regions the chapter names (provenance/04-notes.md, section 1).
SITE_BOXES = {
    "peripheral-nerve-ending": ("Nerve endings in the skin", "Periphery", (0, 15, 6, 30)),
    "peripheral-axon": ("Nerve trunk (axon)", "Periphery", (18, 42, 6, 30)),
    "neuromuscular": ("Neuromuscular junction", "Periphery", (0, 42, 40, 62)),
    "dorsal-root-ganglion": ("Dorsal root ganglion", "Dorsal root ganglion", (46, 62, 6, 30)),
    "dorsal-horn": ("Dorsal horn (spinal cord)", "Dorsal horn", (68, 100, 6, 30)),
    "descending-pathways": ("Descending pathways (brainstem to dorsal horn)",
                            "Descending pathways", (68, 100, 40, 62)),
    "brain": ("Brain", "Brain", (68, 100, 72, 96)),
}
SITE_LABELS = {slug: label for slug, (label, _, _) in SITE_BOXES.items()}
REGION_OF = {slug: region for slug, (_, region, _) in SITE_BOXES.items()}
# Kept in the menus for contrast only (provenance/04-notes.md): the chapter uses them to show
# that drugs for inflammatory pain have no evidence of benefit in neuropathic pain.
CONTRAST = ("nsaids", "paracetamol")
CONTRAST_LABEL = "for contrast: no evidence of benefit in neuropathic pain"

LINE_STYLE = {  # line value (schemas.LINE) → (label, shape glyph, palette index)
    "first": ("1st line", "●", 2),
    "second": ("2nd line", "■", 0),
    "third": ("3rd line", "▲", 4),
    "specialist-only": ("specialist only", "◆", 1),
    "trigeminal-neuralgia-first": ("1st for trigeminal neuralgia", "★", 3),
    "inconclusive": ("inconclusive", "?", 6),
    "not-recommended": ("not recommended", "✕", 5),
    "not-assessed": ("no recommendation", "–", 5),
    "not-verified": ("position unknown*", "…", 6),
}
# Placeholders, not positions: neither side of a "change" may be one of these.
NOT_A_POSITION = ("not-assessed", "not-verified")
NOT_ASSESSED_NOTE = ("* 'position unknown': this book could not read the guideline's position on "
                     "the drug (the full text of the 2025 update was not available); the note for "
                     "each drug says which.")
# Two 2025 changes the chapter mentions that have no record in drugs.yml.
GUIDELINE_FOOTNOTE = (
    "Not in the grid: capsaicin cream (NeuPSIG 2015 inconclusive; 2025 weak second line; "
    "NICE: consider for localised pain) and rTMS, a non-drug treatment (not assessed in 2015; "
    "2025 third line). Source: news report of the 2025 update (APhA 2025) and NICE CG173."
)
GUIDELINE_SOURCE_KEYS = ("apha2025neupsig", "nice_cg173")


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(str(text), width))


# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH, line_height=16)


def cite_keys(keys) -> str:
    """Short author-year labels for a list (or comma-separated string) of BibTeX keys."""
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    return sources_in_words.labels(keys)


def menu_label(record: dict) -> str:
    """A drug's name for the menus (contrast drugs say so)."""
    name = record["name"]
    if record["id"] in CONTRAST:
        name = name.replace(" (for contrast)", "") + f" ({CONTRAST_LABEL})"
    return name


def site_names(record: dict) -> str:
    """The record's sites as region names, e.g. 'Dorsal horn; Brain'."""
    return "; ".join(SITE_LABELS[s] for s in record["sites"])


# --- 1. site-of-action map -----------------------------------------------------------------

def sites_frame() -> pd.DataFrame:
    """Drug × site, one row each, with the box to draw and whether the drug acts there."""
    missing = set(schemas.SITES["enum"]) - set(SITE_BOXES)
    if missing:
        raise ValueError(f"SITE_BOXES has no box for site(s) {sorted(missing)}")
    rows = []
    for r in drugs.records():
        for slug, (label, region, (x0, x1, y0, y1)) in SITE_BOXES.items():
            acts = slug in r["sites"]
            chars = max(8, int((x1 - x0) * 0.8))
            rows.append({"drug": r["id"], "site": slug, "label": label, "region": region,
                         "wrapped": "\n".join(textwrap.wrap(label, chars)),
                         "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                         "xc": (x0 + x1) / 2, "yc": (y0 + y1) / 2, "acts": acts,
                         "mark": "ACTS HERE" if acts else ""})
    return pd.DataFrame(rows)


def drug_text_frame(width: int = 88) -> pd.DataFrame:
    """One row per drug: name, class, target, sites and mechanism, wrapped for a text mark."""
    rows = []
    for r in drugs.records():
        lines = [f"{menu_label(r)}", f"Class: {r['drug_class']}", f"Target: {r['target']}",
                 f"Acts at: {site_names(r)}", f"Mechanism: {r['mechanism']}"]
        rows.append({"drug": r["id"],
                     "text": "\n".join(_wrap(line, width) for line in lines)})
    return pd.DataFrame(rows)


def site_of_action_map(*, drug: str = "gabapentin") -> alt.VConcatChart:
    """Choose a drug: the places on the pain pathway where it acts light up and are labelled.

    Handles (where the menu starts):
        drug: the drug chosen, an id of the drug file (e.g. 'gabapentin', 'duloxetine').
    """
    records = drugs.records()
    ids = [r["id"] for r in records]
    start = handles.option("drug", drug, ids)
    pick = alt.param(name="drug", value=start, bind=alt.binding_select(
        options=ids, labels=[menu_label(r) for r in records], name="Drug: "))
    df = sites_frame()
    base = alt.Chart(df).transform_filter("datum.drug == drug")
    scale_x = alt.Scale(domain=[0, 100])
    scale_y = alt.Scale(domain=[0, 108])
    x = alt.X("x0:Q", scale=scale_x, axis=None)
    y = alt.Y("y0:Q", scale=scale_y, axis=None)
    boxes = base.mark_rect(cornerRadius=4, stroke="#111").encode(
        x=x, x2="x1:Q", y=y, y2="y1:Q",
        fill=alt.condition("datum.acts", alt.value(charts.HIGHLIGHT), alt.value("#f0f0f0")),
        strokeWidth=alt.condition("datum.acts", alt.value(4), alt.value(1)),
        strokeDash=alt.condition("datum.acts", alt.value([1, 0]), alt.value([4, 3])),
        tooltip=[alt.Tooltip("label:N", title="Site"), alt.Tooltip("region:N", title="Region"),
                 alt.Tooltip("mark:N", title="Selected drug")],
    )
    names = base.mark_text(fontSize=charts.TEXT_SIZE, lineBreak="\n", fontWeight="bold", color="#111").encode(
        x=alt.X("xc:Q", scale=scale_x, axis=None), y=alt.Y("yc:Q", scale=scale_y, axis=None),
        text="wrapped:N")
    flags = base.transform_filter("datum.acts").mark_text(
        fontSize=charts.TEXT_SIZE, fontWeight="bold", color="#111", dy=-5, baseline="bottom").encode(
        x=alt.X("xc:Q", scale=scale_x, axis=None), y=alt.Y("y1:Q", scale=scale_y, axis=None),
        text=alt.value("★ acts here"))
    # The signal path: periphery → DRG → dorsal horn → (ascending) brain; descending back down.
    path = pd.DataFrame({"x": [7, 96], "y": [18, 18]})
    wire = alt.Chart(path).mark_line(color="#767676", strokeWidth=2).encode(
        x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None))
    groups = pd.DataFrame({"text": ["PERIPHERY", "SPINAL CORD AND BRAIN"], "x": [0, 68],
                           "y": [104, 104]})
    heads = alt.Chart(groups).mark_text(align="left", fontSize=charts.TEXT_SIZE, color="#444").encode(
        x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None),
        text="text:N")
    schematic = (wire + boxes + names + flags + heads).add_params(pick).properties(
        width=WIDTH, height=300)
    about = alt.Chart(drug_text_frame()).transform_filter("datum.drug == drug").mark_text(
        align="left", baseline="top", fontSize=charts.TEXT_SIZE, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4), text="text:N").properties(width=WIDTH, height=190)
    return charts.finish(
        alt.vconcat(schematic, about),
        title="Where each drug acts on the pain pathway",
        description=("A schematic of the pain pathway: nerve endings in the skin, the nerve trunk "
                     "and the neuromuscular junction in the periphery, then the dorsal root "
                     "ganglion, the dorsal horn of the spinal cord, the descending pathways from "
                     "the brainstem and the brain. A drop-down menu chooses a drug; the boxes "
                     "where it acts are filled, outlined thickly and labelled 'acts here', and its "
                     "class, molecular target, sites and mechanism are written below. Data: the "
                     "course's drug file."),
    )


# --- 2. forest plot ------------------------------------------------------------------------

def class_effects() -> pd.DataFrame:
    """NNT and NNH per drug class: records of one class with identical values become one row.

    A class whose records have different values (e.g. gabapentin and pregabalin) keeps one row
    per record, labelled with the drug's name.
    """
    eff = drugs.effects_table()
    rows = []
    for (measure, cls), g in eff.groupby(["measure", "drug_class"], sort=False):
        for _, same in g.groupby(["estimate", "ci_low", "ci_high"], sort=False, dropna=False):
            first = same.iloc[0]
            names = ", ".join(same["name"])
            m = re.search(r"\(([^()]{1,14})\)\s*$", cls)
            short = m.group(1) if m else cls
            label = (f"{names} ({short} class)" if len(same) > 1
                     else first.get("display_label") or names)
            n = first["participants"]
            t = first["trials"]
            rows.append({
                "measure": measure, "label": label, "drug_class": cls, "drugs": names,
                "ids": ", ".join(same["id"]), "estimate": first["estimate"],
                "ci_low": first["ci_low"], "ci_high": first["ci_high"],
                "ci_text": ("not reported" if pd.isna(first["ci_low"]) or pd.isna(first["ci_high"])
                            else f"{first['ci_low']:g} to {first['ci_high']:g}"),
                "outcome": first["outcome"],
                "trials": "not given" if pd.isna(t) else f"{int(t)}",
                "participants": "not given" if pd.isna(n) else f"{int(n)}",
                "note": " | ".join(dict.fromkeys(x for x in same["note"] if x)) or "—",
                "source": cite_keys(first["sources"]),
            })
    return pd.DataFrame(rows)


def missing_effect_lines() -> dict[str, str]:
    """Per measure, the sentence naming the records without an estimate."""
    out = {}
    for m in drugs.MEASURES:
        names = [drugs.drug(i)["name"] for i in drugs.missing_effects(m)]
        out[m] = ("Not shown (not estimable or no trials meeting the criteria): "
                  + (", ".join(names) if names else "none") + ".")
    return out


OUTCOME_NOTES = {
    "nnt": "NNT: smaller is better (fewer people treated for one extra to get at least 50% relief).",
    "nnh": "NNH: larger is better (more people treated before one extra stops because of "
           "adverse effects).",
}


def nnt_forest_plot(*, outcome: str = "nnt") -> alt.VConcatChart:
    """NNT or NNH per drug class with 95% CIs; a menu chooses the outcome.

    Handles (where the menu starts):
        outcome: 'nnt' (benefit) or 'nnh' (harm).
    """
    start = handles.option("outcome", outcome, drugs.MEASURES)
    df = class_effects()
    return charts.finish(
        _forest(df, start, phone=False),
        title="NNT and NNH of the drug classes, with 95% confidence intervals",
        description=("A forest plot with one row per drug class. A drop-down menu switches between "
                     "benefit (number needed to treat for at least 50% pain relief; circles) and "
                     "harm (number needed to harm for withdrawal due to adverse effects; "
                     "diamonds). Each point is the estimate, written beside it, and the "
                     "horizontal line its 95% confidence interval, on a logarithmic axis. Rows "
                     "are sorted from smallest to largest. Drugs without an estimate are listed "
                     "below the plot. Data: NeuPSIG 2015 (Finnerup et al.)."),
        phone=_forest(df, start, phone=True),
    )


PHONE_ROW_WRAP = 40  # characters per line of a row's name written above its row on a phone


def _forest(df: pd.DataFrame, start: str, *, phone: bool) -> alt.VConcatChart:
    """The forest plot for the desktop column or, ``phone``, for charts.PHONE_WIDTH: each row's name
    and estimate written above its interval, the axis with fewer ticks, the notes on shorter lines."""
    measure = alt.param(name="outcome", value=start, bind=alt.binding_select(
        options=list(drugs.MEASURES), labels=[f"{'Benefit' if m == 'nnt' else 'Harm'}: {t}"
                                              for m, t in drugs.MEASURES.items()],
        name="Outcome: "))
    lo = float(pd.concat([df["ci_low"], df["estimate"]]).min())
    hi = float(pd.concat([df["ci_high"], df["estimate"]]).max())
    scale = alt.Scale(type="log", domain=[max(lo / 1.3, 0.5), hi * 1.3], nice=False)
    if phone:
        df = df.assign(heading=charts.heading_lines(
            [f"{label}: {e:.1f}" for label, e in zip(df["label"], df["estimate"], strict=True)], PHONE_ROW_WRAP))
    base = alt.Chart(df).transform_filter("datum.measure == outcome")
    axis = (alt.Axis(labels=False, ticks=False, domain=False) if phone
            else alt.Axis(labelLimit=0, **charts.wrapped_labels(df["label"], 30)))
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("estimate", order="ascending"), axis=axis)
    tooltip = [alt.Tooltip("label:N", title="Class (drugs)"),
               alt.Tooltip("estimate:Q", title="Estimate", format=".1f"),
               alt.Tooltip("ci_text:N", title="95% CI"),
               alt.Tooltip("outcome:N", title="Outcome"),
               alt.Tooltip("trials:N", title="Trials (comparisons)"),
               alt.Tooltip("participants:N", title="Participants"),
               alt.Tooltip("note:N", title="Note"),
               alt.Tooltip("source:N", title="Source")]
    x_title = "Number of people (NNT or NNH), log scale; line = 95% CI"
    # On a phone each row is 70 px: its name and estimate (up to three lines) ending just above
    # its interval; fewer ticks on the log axis, so their numbers do not touch.
    low = {"yOffset": 24} if phone else {}
    x_axis = {"axis": alt.Axis(values=[1, 2, 5, 10, 20, 50, 100], grid=False)} if phone else {}
    rules = base.mark_rule(strokeWidth=2.5, color=charts.PALETTE[0], **low).encode(
        x=alt.X("ci_low:Q", scale=scale, title=charts.label_lines(x_title, 32) if phone else x_title, **x_axis),
        x2="ci_high:Q", y=y, tooltip=tooltip)
    points = base.mark_point(filled=True, size=110, stroke="#111", strokeWidth=1, **low).encode(
        x=alt.X("estimate:Q", scale=scale), y=y, tooltip=tooltip,
        shape=alt.Shape("measure:N", scale=alt.Scale(domain=list(drugs.MEASURES),
                                                     range=["circle", "diamond"]), legend=None),
        color=alt.Color("measure:N", scale=alt.Scale(domain=list(drugs.MEASURES),
                                                     range=[charts.PALETTE[0], charts.PALETTE[1]]),
                        legend=None))
    n_rows = int(df.groupby("measure").size().max())
    if phone:
        headings = charts.row_headings(base.encode(y=y), "heading", offset=-33)
        plot = (rules + points + headings).add_params(measure).properties(width=300, height=alt.Step(70))
    else:
        values = base.mark_text(align="left", dx=8, dy=-9, fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.X("estimate:Q", scale=scale), y=y, text=alt.Text("estimate:Q", format=".1f"))
        plot = (rules + points + values).add_params(measure).properties(
            width=WIDTH - 160, height=28 * n_rows)
    wrap = PHONE_ROW_WRAP if phone else TEXT_WRAP
    notes = pd.DataFrame([{"measure": m, "text": "\n".join(
        _wrap(s, wrap) for s in (OUTCOME_NOTES[m], missing_effect_lines()[m]))}
        for m in drugs.MEASURES])
    note_lines = int(notes["text"].str.count("\n").max()) + 1
    note_panel = alt.Chart(notes).transform_filter("datum.measure == outcome").mark_text(
        align="left", baseline="top", fontSize=charts.TEXT_SIZE, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4), text="text:N").properties(
        width=300 if phone else TEXT_WIDTH, height=15 * note_lines + 10)
    sources = "; ".join(dict.fromkeys(df["source"]))
    fixed = _text_panel([
        "Each class is plotted once: drugs that share a class estimate (e.g. the SNRIs) share a "
        "row. Hover over a row for trials, participants and notes (e.g. small trials or an active "
        "comparator).",
        f"Source: NeuPSIG 2015 meta-analysis ({sources}). No 2025 numbers are mixed in.",
    ], width=TEXT_WIDTH, wrap=TEXT_WRAP)
    return alt.vconcat(plot, note_panel, fixed)


# --- 3. lines of therapy -------------------------------------------------------------------

def line_style(line: str) -> tuple[str, str, str]:
    """(label, shape glyph, colour) for a line value; unknown values get a neutral style."""
    label, glyph, colour = LINE_STYLE.get(line, (line.replace("-", " "), "–", 5))
    return label, glyph, charts.PALETTE[colour]


def lines_frame() -> pd.DataFrame:
    """The lines table with labels, glyphs, a change flag and a wrapped note for each drug."""
    df = drugs.lines_table().copy()
    styles = df["line"].map(line_style)
    df["line_label"] = [s[0] for s in styles]
    df["glyph"] = [s[1] for s in styles]
    df["drug_label"] = df["name"]
    df["note_wrapped"] = [_wrap(f"{n}: {sources_in_words.plain(t)} Sources: {cite_keys(s)}.", GRID_WRAP)
                          for n, t, s in zip(df["name"], df["note"], df["sources"], strict=True)]
    wide = df.pivot(index="id", columns="guideline", values="line")
    # No recommendation or an unverified position on either side is not evidence of a change.
    real = ~wide["neupsig_2015"].isin(NOT_A_POSITION) & ~wide["neupsig_2025"].isin(NOT_A_POSITION)
    changed = set(wide.index[real & (wide["neupsig_2015"] != wide["neupsig_2025"])])
    df["changed"] = df["id"].isin(changed) & df["guideline"].isin(["neupsig_2015", "neupsig_2025"])
    df["cell"] = [f"{g} {lab}" + (" (changed)" if c else "")
                  for g, lab, c in zip(df["glyph"], df["line_label"], df["changed"], strict=True)]
    # As drawn: on lines of CELL_WRAP characters, "(changed)" on its own, so it stays in its column.
    df["cell_lines"] = ["\n".join([*charts.label_lines(f"{g} {lab}", CELL_WRAP), *(["(changed)"] if c else [])])
                        for g, lab, c in zip(df["glyph"], df["line_label"], df["changed"], strict=True)]
    return df


def guideline_lines(*, highlight: str = "all") -> alt.VConcatChart:
    """Drug × guideline grid of lines of therapy; a menu highlights one drug and shows its note.

    Handles (where the menu starts):
        highlight: the drug highlighted, 'all' (none) or a drug id of the grid (e.g. 'pregabalin').
    """
    df = lines_frame()
    ids = list(dict.fromkeys(df["id"]))
    start = handles.option("highlight", highlight, ["all", *ids])
    return charts.finish(
        _lines(df, start, phone=False),
        title="Lines of therapy: NeuPSIG 2015, NeuPSIG 2025 and NICE CG173",
        description=("A grid with one row per drug and one column per guideline (NeuPSIG 2015, "
                     "the NeuPSIG 2025 update, NICE CG173 for non-specialist settings). Each cell "
                     "shows the drug's line as a symbol and a text label (first, second, third "
                     "line, specialist only, first for trigeminal neuralgia, inconclusive, not "
                     "assessed). Cells marked 'changed' in bold differ between the two NeuPSIG "
                     "versions. A drop-down menu highlights one drug and shows its note and "
                     "sources below the grid."),
        phone=_lines(df, start, phone=True),
    )


# The grid on a phone: three 108 px columns (the SVG is then 340 px, in the 342 px column), cell
# text on lines of PHONE_CELL_WRAP characters, each drug's name above its row, notes on shorter lines.
PHONE_COLUMN = 108
PHONE_CELL_WRAP = 14  # "recommendation" whole: 104 px at 13 px
PHONE_NOTE_WRAP = 40


def _lines(df: pd.DataFrame, start: str, *, phone: bool) -> alt.VConcatChart:
    """The lines-of-therapy grid for the desktop column or, ``phone``, for a phone's column."""
    df = df.copy()
    order = list(dict.fromkeys(df["drug_label"]))
    ids = list(dict.fromkeys(df["id"]))
    col_labels = {"NICE CG173": "NICE CG173 (non-specialist settings)"}
    df["column"] = df["guideline_label"].map(lambda g: col_labels.get(g, g))
    columns = [col_labels.get(g, g) for g in drugs.GUIDELINES.values()]
    pick = alt.param(name="highlight", value=start, bind=alt.binding_select(
        options=["all", *ids],
        labels=["(no drug highlighted)", *(menu_label(drugs.drug(i)) for i in ids)],
        name="Highlight a drug: "))
    column_width, head_wrap = (PHONE_COLUMN, 15) if phone else (GRID_COLUMN, 26)
    if phone:  # the cells re-wrapped as lines_frame wraps them, narrower; each drug's name above its row
        df["cell_lines"] = ["\n".join([*charts.label_lines(f"{g} {lab}", PHONE_CELL_WRAP),
                                       *(["(changed)"] if c else [])])
                            for g, lab, c in zip(df["glyph"], df["line_label"], df["changed"], strict=True)]
        df["heading"] = charts.heading_lines(df["drug_label"], PHONE_NOTE_WRAP)
    # The grid needs only these columns; notes travel once per drug in the note panel below.
    grid_cols = ["id", "drug_label", "column", "cell_lines", "line_label", "changed", "guideline_label", "name",
                 "heading"]
    base = alt.Chart(df[[c for c in grid_cols if c in df.columns]])
    # Column names longer than a column go on two lines; Vega draws the second line below
    # the first, so those labels sit one line higher.
    heads = {c: charts.label_lines(c, head_wrap) for c in columns}
    tall = [c for c, lines in heads.items() if len(lines) > 1]
    x = alt.X("column:N", sort=columns, title="Guideline", axis=alt.Axis(
        orient="top", labelAngle=0, labelLimit=0,  # wrapped above, never cut (see charts.wrapped_labels)
        labelExpr=" : ".join([*(f"datum.value == {json.dumps(c)} ? {json.dumps(heads[c])}"
                                for c in tall), "datum.label"]),
        labelPadding={"expr": " : ".join([*(f"datum.value == {json.dumps(c)} ? "
                                            f"{2 + 14 * (len(heads[c]) - 1)}" for c in tall),
                                          "2"])}))
    y_axis = (alt.Axis(labels=False, ticks=False, domain=False) if phone
              else alt.Axis(labelLimit=0, **charts.wrapped_labels(order, 28)))
    y = alt.Y("drug_label:N", sort=order, title=None, axis=y_axis)
    selected = "highlight == 'all' || datum.id == highlight"
    band = base.mark_rect(stroke="#bbb", strokeWidth=0.5).encode(
        x=x, y=y, fill=alt.condition("datum.id == highlight", alt.value("#fde9dc"),
                                     alt.value("white")))
    domain = [v[0] for v in LINE_STYLE.values()]
    colours = [charts.PALETTE[v[2]] for v in LINE_STYLE.values()]
    # On a phone a row is its name's lines, then the cells' lines (top-aligned), then 10 px.
    name_lines = int(df["heading"].str.count("\n").max()) + 1 if phone else 0
    cell_lines = int(df["cell_lines"].str.count("\n").max()) + 1
    row = 16 * name_lines + 15 * cell_lines + 10 if phone else GRID_ROW
    cell_place = {"baseline": "top", "yOffset": -row / 2 + 16 * name_lines + 2} if phone else {}

    def cells(changed: bool) -> alt.Chart:
        return base.transform_filter(f"{'' if changed else '!'}datum.changed").mark_text(
            fontSize=charts.TEXT_SIZE, lineBreak="\n", fontWeight="bold" if changed else "normal",
            **cell_place).encode(
            x=x, y=y, text="cell_lines:N",
            color=alt.Color("line_label:N", scale=alt.Scale(domain=domain, range=colours),
                            legend=None),
            opacity=alt.condition(selected, alt.value(1), alt.value(0.3)),
            tooltip=[alt.Tooltip("name:N", title="Drug"),
                     alt.Tooltip("guideline_label:N", title="Guideline"),
                     alt.Tooltip("line_label:N", title="Line")])

    text = cells(False) + cells(True)
    if phone:
        names = charts.row_headings(base.transform_filter(f"datum.column == {json.dumps(columns[0])}").encode(y=y),
                                    "heading", offset=-row / 2 + 2, fontWeight="bold")
        text = text + names
    grid = (band + text).add_params(pick).properties(width=column_width * len(columns),
                                                     height=alt.Step(row) if phone else row * len(order))
    note_wrap = PHONE_NOTE_WRAP if phone else GRID_WRAP
    notes = pd.concat([pd.DataFrame({"id": ["all"], "note_wrapped": [
        _wrap("Choose a drug in the menu above the chart to read its note and sources here.", note_wrap)]}),
        df.drop_duplicates("id")[["id", "note_wrapped"]]])
    if phone:  # lines_frame wraps the notes for the desktop column
        notes["note_wrapped"] = [_wrap(" ".join(t.split()), note_wrap) for t in notes["note_wrapped"]]
    # One row per line of the chosen note, on a band of 15 px per line: the panel is as tall as the
    # note shown (a fixed height for the longest note left a 200 px gap under the short ones).
    note_lines = pd.DataFrame([{"id": r.id, "line_no": k, "line": line}
                               for r in notes.itertuples() for k, line in enumerate(r.note_wrapped.split("\n"))])
    note_panel = alt.Chart(note_lines).transform_filter("datum.id == highlight").mark_text(
        align="left", baseline="middle", fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=alt.value(0), y=alt.Y("line_no:O", axis=None), text="line:N").properties(
        width=column_width * len(columns), height=alt.Step(15))
    key = "Key: " + "  ".join(f"{g} {lab}" for lab, g, _ in LINE_STYLE.values())
    moved = ", ".join(df[df["changed"]].drop_duplicates("id")["name"]) or "none"
    fixed = _text_panel([
        key,
        f"(changed) and bold: the line differs between NeuPSIG 2015 and 2025 ({moved}). Choose a "
        "drug to read its note and sources.",
        NOT_ASSESSED_NOTE, GUIDELINE_FOOTNOTE,
    ], width=GRID_COLUMN * len(columns), wrap=GRID_WRAP)
    return alt.vconcat(grid, note_panel, fixed)


# --- 4. class table ------------------------------------------------------------------------

def drug_class_table():
    """The drug classes side by side (HTML table from drugs.yml)."""
    rows = []
    for r in drugs.records():
        nnh = r.get("nnh")
        nnh_text = ""
        if nnh:
            ci = ("" if nnh.get("ci_low") is None or nnh.get("ci_high") is None
                  else f" ({nnh['ci_low']:g}–{nnh['ci_high']:g})")
            nnh_text = f"{nnh['estimate']:g}{ci}"
        rows.append([
            menu_label(r), f"{r['drug_class']} (e.g. {', '.join(r['examples'])})",
            r["target"], r["mechanism"], site_names(r), r["route"].replace("-", " "),
            ", ".join(r["adverse_effects"]["common"]) or "not listed in the data file",
            r["cautions"].get("other") or "see chapter 5", nnh_text,
        ])
    return tables.html_table(
        rows, ["Drug", "Class and examples", "Molecular target", "Mechanism", "Site(s) of action",
               "Route", "Common adverse effects", "Key caution", "NNH (95% CI)"],
        caption=("The drug classes side by side, from the course's drug data (NNH: number needed "
                 "to harm for withdrawal due to adverse effects, NeuPSIG 2015; blank when not "
                 "estimable). For learning only — check your local formulary."))
