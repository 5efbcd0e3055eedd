"""Chapter 7 charts: the stepped-care ladder, the key trials' responder outcomes and the
evidence map.

Every control is a Vega-Lite parameter, so the charts work in the static page. The ladder's
status of every option for every combination of the controls is precomputed by
:mod:`.stepped_care` and packed into one short code string per option (the chart only
picks a character), so the chart and the model cannot disagree. Trial values come from
``trials.yml`` through :mod:`.responders`; nothing is typed here.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import textwrap

import altair as alt
import pandas as pd

from npcourse.chapters.c07_interventions import responders, stepped_care
from npcourse.ui import charts, handles
from npcourse.ui import evidence_map as evidence
from npcourse.ui import sources as sources_in_words

__all__ = [
    "WIDTH", "RISK_SYMBOL", "ROB_DISCLAIMER", "combination_index_expression", "option_codes",
    "ladder_frame", "stepped_care_ladder", "COMPARATOR_FILTERS", "COLUMNS", "NAME_WRAP", "NAMES_WIDTH",
    "DUMBBELL_WIDTH", "COLUMN_WIDTH", "trial_frame", "trial_outcomes", "evidence_map",
    "SAFETY_SECTIONS", "safety_html", "safety_box"
]

WIDTH = 520
# Symbols differ from the dumbbell's circle and square, so no glyph means two things.
RISK_SYMBOL = {"high": "▲ high", "some-concerns": "◆ some concerns", "low": "▼ low"}
ROB_DISCLAIMER = ("Risk of bias here is the chapter author's judgement from the design features "
                  "in each trial's note (sham or not, blinding, comparator, analysis population, "
                  "funding), not a formal RoB 2 assessment. Responder definitions and time points "
                  "differ between trials, so the rows are not directly comparable.")


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(str(text), width))


# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH, wrap=int(WIDTH / 6.3), line_height=16)


# --- 1. stepped-care ladder ----------------------------------------------------------------

def combination_index_expression(response="response", severity="severity", diagnosis="diagnosis") -> str:
    """Position of a control combination in an option's code string (Vega and Python alike).

    Order as in :func:`option_codes`: response, then severity, then diagnosis.
    """
    nd, ns = len(stepped_care.DIAGNOSES), len(stepped_care.SEVERITIES)
    sev = f"({severity} == '{stepped_care.SEVERITIES[1]}' ? 1 : 0)"
    diag = " : ".join(f"{diagnosis} == '{d}' ? {i}" for i, d in enumerate(stepped_care.DIAGNOSES)) + " : 0"
    return f"({response}) * {ns * nd} + {sev} * {nd} + ({diag})"


def option_codes(option_id: str) -> str:
    """'1' (reasonable to discuss) or '0' for every response × severity × diagnosis, in order."""
    return "".join("1" if stepped_care.reasonable(option_id, r, s, d) else "0"
                   for r in stepped_care.RESPONSES for s in stepped_care.SEVERITIES
                   for d in stepped_care.DIAGNOSES)


def ladder_frame() -> pd.DataFrame:
    """One row per option: where it is drawn, its texts and its code string."""
    rows = []
    ladder = sorted(stepped_care.LADDER, key=lambda o: -o.rung)
    against = stepped_care.RECOMMENDED_AGAINST
    order = []
    for o in ladder:
        order.append(o)
        if o.rung == against.rung:
            order.append(against)
    for i, o in enumerate(order):
        rows.append({"id": o.id, "panel": "ladder", "row": i,
                     "label": f"{o.rung}  {o.name}" if o is not against else f"{o.rung}  {o.name}",
                     "against": o is against, "rule": o.rule, "note": _wrap(o.note, 60),
                     "sources": sources_in_words.labels(o.sources), "codes": option_codes(o.id)})
    for i, o in enumerate(stepped_care.SURGERY):
        rows.append({"id": o.id, "panel": "surgery", "row": i, "label": o.name, "against": False,
                     "rule": o.rule, "note": _wrap(o.note, 60), "sources": sources_in_words.labels(o.sources),
                     "codes": option_codes(o.id), "diagnosis": o.diagnosis})
    return pd.DataFrame(rows)


def _status_expression() -> str:
    return (f"substring(datum.codes, {combination_index_expression()}, "
            f"{combination_index_expression()} + 1) == '1'")


@dataclasses.dataclass(frozen=True)
class _Layout:
    """Sizes of the ladder chart: the book column's, or a phone's (names on more lines)."""
    width: int = WIDTH
    label_wrap: int | None = None  # characters per line of an option's name (None: one line)
    text_wrap: int = 200  # characters per line of the readout above the ladder
    title_wrap: int = 80  # characters per line of a panel's title
    name_lines: int = 1  # lines of the longest name: the boxes grow with it


def _phone_layout() -> _Layout:
    wrap = 34
    lines = max(len(charts.label_lines(t, wrap)) for t in ladder_frame()["label"])
    return _Layout(width=charts.PHONE_WIDTH - 10, label_wrap=wrap, text_wrap=38, title_wrap=34,
                   name_lines=lines)


def _box(layout: _Layout) -> tuple[int, int]:
    """Height of a box and the distance from its centre to its name's top (the status sits at
    the bottom right, under the name)."""
    height = 16 * layout.name_lines + 24
    return height, height // 2 - 4


def _two_weights(base, field: str, align: str, dx: int, y, tooltip, layout: _Layout) -> alt.LayerChart:
    """Bold dark text where ``datum.ok``, normal grey text elsewhere (weight is not a channel).

    In a box the name (left) is the upper line(s) and the status (right) the lower one, so a
    long name never runs into its status."""
    x = alt.value(0 if align == "left" else layout.width)
    _height, half = _box(layout)
    where = ({"baseline": "top", "dy": -half, "lineBreak": "\n", "lineHeight": 16} if align == "left"
             else {"baseline": "bottom", "dy": half})
    return alt.layer(*(
        base.transform_filter(cond).mark_text(align=align, dx=dx, fontSize=charts.TEXT_SIZE,
                                              fontWeight=weight, color=colour, **where).encode(
            x=x, y=y, text=f"{field}:N", tooltip=tooltip)
        for cond, weight, colour in (("datum.ok", "bold", "#111"), ("!datum.ok", "normal", "#5c5c5c"))))


def _panel_frame(df: pd.DataFrame, panel: str, layout: _Layout) -> pd.DataFrame:
    """The rows of one panel, names wrapped for the layout (``name`` is what the boxes show)."""
    rows = df[df["panel"] == panel].copy()
    rows["name"] = [("\n".join(charts.label_lines(t, layout.label_wrap)) if layout.label_wrap else t)
                    for t in rows["label"]]
    return rows


def _panel_title(text: str, layout: _Layout):
    lines = charts.label_lines(text, layout.title_wrap)
    return alt.TitleParams(text=lines if len(lines) > 1 else text)


def _ladder_panel(df: pd.DataFrame, layout: _Layout = _Layout()) -> alt.LayerChart:
    rows = _panel_frame(df, "ladder", layout)
    base = alt.Chart(rows).transform_calculate(ok=_status_expression())
    y = alt.Y("row:O", axis=None)
    height, half = _box(layout)
    tooltip = [alt.Tooltip("label:N", title="Option"), alt.Tooltip("rule:N", title="Reasonable to discuss"),
               alt.Tooltip("note:N", title="Note"), alt.Tooltip("sources:N", title="Sources")]
    box = base.mark_bar(height=height, cornerRadius=3, stroke="#111").encode(
        x=alt.value(0), x2=alt.value(layout.width), y=y,
        fill=alt.condition("datum.ok", alt.value("#dbe9f6"), alt.value("#ffffff")),
        strokeWidth=alt.condition("datum.ok", alt.value(2.5), alt.value(1)),
        strokeDash=alt.condition("datum.against", alt.value([5, 3]), alt.value([1, 0])),
        tooltip=tooltip)
    label = _two_weights(base, "name", "left", 8, y, tooltip, layout)
    status = _two_weights(base.transform_calculate(
        word="datum.against ? '✖ recommended against' : datum.ok ? '✓ reasonable to discuss' : '– not yet'"),
        "word", "right", -8, y, tooltip, layout)
    # The recommended-against option is crossed out, not just greyed: a stroke through each
    # line of its name.
    against = rows[rows["against"]]
    crossed = against["name"].iloc[0].split("\n") if len(against) else []
    cross = [base.transform_filter("datum.against").mark_rule(
        color="#111", strokeWidth=1.5, yOffset=-half + 16 * i + 8).encode(
        x=alt.value(8), x2=alt.value(8 + min(layout.width - 16, 7 * len(line))), y=y)
        for i, line in enumerate(crossed)]
    return alt.layer(box, label, status, *cross).properties(
        width=layout.width, height=alt.Step(height + 6),
        title=_panel_title("The ladder (bottom = least invasive)", layout))


def _surgery_panel(df: pd.DataFrame, layout: _Layout = _Layout()) -> alt.LayerChart:
    base = alt.Chart(_panel_frame(df, "surgery", layout)).transform_calculate(
        ok=_status_expression(),
        word=("datum.ok ? '✓ reasonable to discuss' : datum.diagnosis == diagnosis ? "
              "'– not yet' : '– for another diagnosis'"),
    )
    y = alt.Y("row:O", axis=None)
    height, _half = _box(layout)
    tooltip = [alt.Tooltip("label:N", title="Operation"), alt.Tooltip("rule:N", title="When"),
               alt.Tooltip("note:N", title="Note"), alt.Tooltip("sources:N", title="Sources")]
    box = base.mark_bar(height=height, cornerRadius=3, stroke="#111").encode(
        x=alt.value(0), x2=alt.value(layout.width), y=y,
        fill=alt.condition("datum.ok", alt.value("#fbe3d3"), alt.value("#ffffff")),
        strokeWidth=alt.condition("datum.ok", alt.value(2.5), alt.value(1)), tooltip=tooltip)
    label = _two_weights(base, "name", "left", 8, y, tooltip, layout)
    status = _two_weights(base, "word", "right", -8, y, tooltip, layout)
    return alt.layer(box, label, status).properties(
        width=layout.width, height=alt.Step(height + 6),
        title=_panel_title("Off the ladder: cause-directed surgery (can come earlier)", layout))


def _readout(layout: _Layout) -> alt.Chart:
    """What the controls are set to, each combination written out in lines of text_wrap."""
    sc = stepped_care
    texts = []
    for r in sc.RESPONSES:
        for sev in sc.SEVERITIES:
            lines = (textwrap.wrap(f"Now showing: response = {sc.RESPONSE_LABELS[r]};", layout.text_wrap)
                     + textwrap.wrap(f"pain {sc.SEVERITY_LABELS[sev]}", layout.text_wrap))
            texts.append(lines)
    index = f"response * {len(sc.SEVERITIES)} + ({sc.SEVERITIES[1]!r} == severity ? 1 : 0)"
    return alt.Chart(pd.DataFrame({"x": [0]})).transform_calculate(
        text=f"{json.dumps(texts, ensure_ascii=False)}[{index}]",
    ).mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", lineHeight=16,
                color="#111").encode(
        x=alt.value(0), y=alt.value(2), text="text:N").properties(
        width=layout.width, height=16 * max(map(len, texts)) + 6)


def stepped_care_ladder(*, response: str = "not-yet-tried", severity: str = "mild-to-moderate",
                        diagnosis: str = "other") -> alt.VConcatChart:
    """A slider for response to earlier treatment, buttons for severity and a diagnosis menu.

    Handles (where the controls start; the same words as ``stepped_care.placement``):
        response: 'not-yet-tried', 'one-class-failed' or 'several-failed' (the slider at 0, 1 or 2).
        severity: 'mild-to-moderate' or 'severe'.
        diagnosis: 'other', 'carpal-tunnel-syndrome' or 'classical-trigeminal-neuralgia'.
    """
    sc = stepped_care
    level = sc.RESPONSES.index(handles.option("response", response, sc.RESPONSES))
    severity_start = handles.option("severity", severity, sc.SEVERITIES)
    diagnosis_start = handles.option("diagnosis", diagnosis, sc.DIAGNOSES)
    response = alt.param(name="response", value=level, bind=alt.binding_range(
        min=0, max=len(sc.RESPONSES) - 1, step=1,
        name="Response to earlier treatment (0 = not yet tried, 1 = one drug class failed or not "
             "tolerated, 2 = several options failed, pain 6 months or more): "))
    severity = alt.param(name="severity", value=severity_start, bind=alt.binding_radio(
        options=list(sc.SEVERITIES), labels=[sc.SEVERITY_LABELS[s] for s in sc.SEVERITIES],
        name="Pain severity: "))
    diagnosis = alt.param(name="diagnosis", value=diagnosis_start, bind=alt.binding_select(
        options=list(sc.DIAGNOSES), labels=[sc.DIAGNOSIS_LABELS[d] for d in sc.DIAGNOSES],
        name="Diagnosis (for the surgery box): "))
    df = ladder_frame()
    notes = _text_panel([
        f"{sc.CAPTION} Filled box, bold label and ✓ = reasonable to discuss with a specialist team; "
        "outline, grey label and – = not yet. Hover over a box for the rule and its sources.",
        "Nerve blocks are not a treatment rung: diagnostic blocks are a test, and therapeutic "
        f"sympathetic blocks rest on very-low-certainty evidence ({sources_in_words.label('oconnell2016lasb')}).",
    ])
    controls = (response, severity, diagnosis)
    desktop, phone = _Layout(), _phone_layout()
    return charts.finish(
        alt.vconcat(_readout(desktop), _ladder_panel(df, desktop), _surgery_panel(df, desktop), notes
                    ).add_params(*controls),
        title="Where procedures fit: a stepped-care teaching map",
        description=("A slider sets the response to earlier treatment (not yet tried, one drug "
                     "class failed, several options failed for 6 months or more), buttons set pain "
                     "severity and a menu sets the diagnosis. Six rungs from diagnosis and "
                     "rehabilitation at the bottom to intrathecal drug delivery at the top are each "
                     "marked with a tick and a filled box when reasonable to discuss, or a dash and "
                     "an outline when not yet; a sympathetic block for postherpetic neuralgia is "
                     "crossed out as recommended against. A separate box below the ladder holds "
                     "carpal tunnel release and microvascular decompression, highlighted when the "
                     "matching diagnosis is chosen."),
        phone=alt.vconcat(_readout(phone), _ladder_panel(df, phone), _surgery_panel(df, phone)
                          ).add_params(*controls),
    )


# --- 2. trial outcomes ---------------------------------------------------------------------

COMPARATOR_FILTERS = {"all": "all trials",
                      "usual care or control": "device versus usual care or a control group",
                      "active device": "device versus another active device"}


COLUMNS = {"result": "Result", "blinding": "Blinding", "funding": "Funding", "risk": "Risk of bias"}
# Widths that keep the trial chart within the book's 680 px text column: names (bold, wrapped
# at NAME_WRAP characters), the dumbbell, and one narrow text column per entry of COLUMNS.
NAME_WRAP = 30
NAMES_WIDTH = 170
DUMBBELL_WIDTH = 124
COLUMN_WIDTH = 72


def trial_frame() -> pd.DataFrame:
    """The trials of trials.yml in chart order, with percentages and display texts."""
    df = responders.trials_table()
    rows = []
    for order, r in enumerate(df.itertuples()):
        have = not math.isnan(r.difference)
        rows.append({
            "order": order, "id": r.id, "name": r.name, "comparator_kind": r.comparator_kind,
            "name_lines": charts.label_lines(r.name, NAME_WRAP),
            "versus": _wrap(f"vs {r.comparator}", 32),
            "treatment_pct": round(100 * r.p_treatment, 1) if have else None,
            "control_pct": round(100 * r.p_control, 1) if have else None,
            "has_values": have,
            "result": (f"{100 * r.p_treatment:.3g}% vs {100 * r.p_control:.3g}%" if have
                       else "not read"),
            "difference": f"{100 * r.difference:.1f} percentage points" if have else "not read",
            "nnt": f"{r.nnt:.1f}" if have and not math.isnan(r.nnt) else "not available",
            "blinding": r.blinding_label, "funding": r.funding,
            "risk": RISK_SYMBOL[r.risk_of_bias], "population": r.population, "n": int(r.n),
            "outcome": _wrap(r.outcome, 60), "note": _wrap(r.note, 60), "sources": r.sources,
        })
    return pd.DataFrame(rows)


def trial_outcomes(*, comparator_kind: str = "all") -> alt.VConcatChart:
    """Responder proportions per key trial with blinding, funding and risk of bias as text.

    Handles (where the controls start):
        comparator_kind: trials shown, 'all', 'usual care or control' or 'active device'.
    """
    start = handles.option("comparator_kind", comparator_kind, COMPARATOR_FILTERS)
    df = trial_frame()
    kind = alt.param(name="comparator_kind", value=start, bind=alt.binding_radio(
        options=list(COMPARATOR_FILTERS), labels=list(COMPARATOR_FILTERS.values()),
        name="Comparator type: "))
    keep = "comparator_kind == 'all' || datum.comparator_kind == comparator_kind"
    base = alt.Chart(df).transform_filter(keep)
    y = alt.Y("name:N", sort=alt.SortField("order"), axis=None)
    tooltip = [alt.Tooltip("name:N", title="Trial"), alt.Tooltip("population:N", title="Population"),
               alt.Tooltip("n:Q", title="Randomised (n)"), alt.Tooltip("outcome:N", title="Outcome"),
               alt.Tooltip("treatment_pct:Q", title="Device arm responders (%)"),
               alt.Tooltip("control_pct:Q", title="Comparator arm responders (%)"),
               alt.Tooltip("difference:N", title="Absolute difference"),
               alt.Tooltip("nnt:N", title="NNT = 1 / difference"), alt.Tooltip("note:N", title="Note"),
               alt.Tooltip("sources:N", title="Sources")]
    step = alt.Step(62)
    # The name (bold, one or two lines) ends just above the row's middle, the comparator
    # starts just below it; a two-line name is moved up by one line.
    names = alt.layer(
        base.mark_text(align="left", baseline="bottom", fontSize=charts.TEXT_SIZE, fontWeight="bold",
                       color="#111", dy={"expr": "-14 * (length(datum.name_lines) - 1)"}).encode(
            x=alt.value(0), y=y, text="name_lines:N", tooltip=tooltip),
        base.mark_text(align="left", baseline="top", fontSize=charts.TEXT_SIZE, lineBreak="\n", dy=1,
                       color="#333").encode(x=alt.value(0), y=y, text="versus:N"),
    ).properties(width=NAMES_WIDTH, height=step)
    x = alt.X("treatment_pct:Q", title="Responders (%)", scale=alt.Scale(domain=[0, 100]),
              axis=alt.Axis(orient="top", values=[0, 25, 50, 75, 100]))
    valued = base.transform_filter("datum.has_values")
    dumbbell = alt.layer(
        valued.mark_rule(color="#111", strokeWidth=2).encode(x=x, x2="control_pct:Q", y=y, tooltip=tooltip),
        valued.mark_point(shape="square", filled=False, size=110, strokeWidth=2,
                          color=charts.PALETTE[1]).encode(x="control_pct:Q", y=y, tooltip=tooltip),
        valued.mark_point(shape="circle", filled=True, size=120, color=charts.PALETTE[0],
                          stroke="#111", strokeWidth=0.5).encode(x=x, y=y, tooltip=tooltip),
        base.transform_filter("!datum.has_values").mark_text(
            fontSize=charts.TEXT_SIZE, fontStyle="italic", lineBreak="\n", color="#333").encode(
            x=alt.datum(50), y=y, text=alt.value("results not read:\nno values plotted"),
            tooltip=tooltip),
    ).properties(width=DUMBBELL_WIDTH, height=step)
    columns = base.transform_fold(list(COLUMNS), as_=["column", "value"]).transform_calculate(
        heading=" : ".join(f"datum.column == '{k}' ? '{v}'" for k, v in COLUMNS.items()) + " : ''",
        # "84.5% vs 43.8%", "◆ some concerns", "not reported" and "double-blind" on two lines, to
        # fit a narrow column.
        lines="split(replace(replace(replace(replace(datum.value, ' vs ', ' vs|'), '◆ some ', '◆ some|'), "
              "'not reported', 'not|reported'), 'double-blind', 'double-|blind'), '|')",
    ).mark_text(align="left", fontSize=charts.TEXT_SIZE, color="#111",
                dy={"expr": "-7 * (length(datum.lines) - 1)"}).encode(
        # Each column starts at its heading (a point scale without padding: the first at 0).
        x=alt.X("heading:N", sort=list(COLUMNS.values()), title=None,
                scale=alt.Scale(padding=0),
                axis=alt.Axis(orient="top", labelAngle=0, labelFontWeight="bold", domain=False,
                              ticks=False, labelAlign="left")),
        y=y, text="lines:N", tooltip=tooltip).properties(width=COLUMN_WIDTH * (len(COLUMNS) - 1),
                                                           height=step)
    panel_width = NAMES_WIDTH + DUMBBELL_WIDTH + COLUMN_WIDTH * len(COLUMNS) + 16
    legend = _text_panel(["● filled circle = device arm; □ open square = comparator arm; the line "
                          "between them is the absolute difference. Risk of bias: "
                          + ", ".join(RISK_SYMBOL.values()) + "."], width=panel_width,
                          wrap=int(panel_width / 6.3))
    notes = _text_panel([ROB_DISCLAIMER, "No trial shown compared stimulation with a sham. Hover "
                         "over a row for the outcome definition, the difference and the NNT."],
                        width=panel_width, wrap=int(panel_width / 6.3))
    return charts.finish(
        alt.vconcat(legend, alt.hconcat(names, dumbbell, columns, spacing=8), notes).add_params(kind),
        title="Key trials of implanted stimulation: responders with the device and the comparator",
        description=("For each key trial, a filled circle marks the percentage of responders in "
                     "the device arm and an open square the percentage in the comparator arm, on "
                     "an axis from 0 to 100 percent, joined by a line. Under each trial name the "
                     "comparator is written; to the right, text columns give the blinding, the "
                     "funding and the chapter author's risk-of-bias rating with a symbol. A trial "
                     "whose results were not read shows text instead of points. Radio buttons "
                     "filter the trials by type of comparator."),
    )


# --- 3. evidence map -----------------------------------------------------------------------

def evidence_map(*, highlight_level: str = "none", approach: str | None = None) -> alt.VConcatChart:
    """The course's shared evidence map, for this chapter's approaches (therapies.yml).

    Handles (where the menus start):
        highlight_level: column highlighted, 'none', 'high', 'moderate', 'low', 'very-low' or 'insufficient'.
        approach: id of the approach whose evidence is read out (None = the first of the chapter).
    """
    return evidence.evidence_map("07-interventions", highlight_level=highlight_level, approach=approach)


# --- safety boxes (contraindications and precautions) ---------------------------------------

# Every procedure and device taught in this chapter has a sourced `safety` record in
# therapies.yml; the chapter shows it in the section that teaches it (tested).
SAFETY_SECTIONS = {
    "sec-ch07-blocks": ("diagnostic-nerve-block", "sympathetic-block-crps"),
    "sec-ch07-epidural": ("epidural-steroid-radicular",),
    "sec-ch07-scs": ("scs-conventional-fbss", "scs-10khz-pdn", "scs-low-back-pain",
                     "scs-10khz-vs-conventional"),
    "sec-ch07-drg-pns": ("drg-stimulation-crps", "peripheral-nerve-stimulation"),
    "sec-ch07-intrathecal": ("intrathecal-ziconotide", "intrathecal-opioids"),
    "sec-ch07-rtms": ("rtms-motor-cortex",),
    "sec-ch07-surgery": ("microvascular-decompression", "carpal-tunnel-release",
                         "targeted-muscle-reinnervation"),
}


_SOURCE_LABELS = {
    "nice_ng59": "NICE NG59", "fda2014esi": "FDA 2014", "prialt_label": "ziconotide label",
    "neuromodfound2006scs": "SCS practice parameters 2006",
    "bostonsci_precision_manual": "SCS device labelling (Boston Scientific)",
    "medtronic_scs_summary": "SCS device labelling (Medtronic)",
    "narouze2018anticoag": "ASRA and partner societies, Narouze 2018",
}


def _source_label(key: str) -> str:
    """A reader-facing label for a BibTeX key (never the key itself)."""
    if key in _SOURCE_LABELS:
        return _SOURCE_LABELS[key]
    import re
    m = re.match(r"([a-z]+?)(\d{4})", key)
    if not m:
        raise ValueError(f"no reader-facing label for source {key!r}; add one to _SOURCE_LABELS")
    return f"{m.group(1).capitalize()} {m.group(2)}"


def safety_html(*therapy_ids: str) -> str:
    """The sourced safety records of ``therapy_ids`` (therapies.yml) as HTML boxes; records with
    identical safety content share one box that names them all."""
    import html

    from npcourse.facts import data
    if not therapy_ids:
        raise ValueError("therapy_ids needs at least one id of therapies.yml, e.g. 'scs-10khz-pdn'")
    recs = data.by_id("therapies", "therapies")
    groups: list[tuple[dict, list[str]]] = []
    for t in therapy_ids:
        if t not in recs:
            raise ValueError(f"therapy_ids must be ids of therapies.yml, got {t!r}")
        if "safety" not in recs[t]:
            raise ValueError(f"therapy {t!r} has no safety record in therapies.yml")
        for saf, names in groups:
            if saf == recs[t]["safety"]:
                names.append(recs[t]["name"])
                break
        else:
            groups.append((recs[t]["safety"], [recs[t]["name"]]))

    def items(xs):
        return "".join(f"<li>{html.escape(x)}</li>" for x in xs)

    out = []
    for saf, names in groups:
        out.append(
            '<div class="admonition warning" role="note"><p class="admonition-title">Safety: '
            f"{html.escape('; '.join(names))}</p>"
            f"<p><strong>Do not use (contraindications):</strong></p><ul>{items(saf['contraindications'])}</ul>"
            f"<p><strong>Take care (precautions):</strong></p><ul>{items(saf['precautions'])}</ul>"
            f"<p><em>Sources: {html.escape('; '.join(map(_source_label, saf['sources'])))}."
            "</em></p></div>")
    return "".join(out)


def safety_box(*therapy_ids: str):
    """:func:`safety_html` for a notebook or the built book."""
    from IPython.display import HTML
    return HTML(safety_html(*therapy_ids))
