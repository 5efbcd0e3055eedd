"""Chapter 1 charts: the sensory vocabulary, the causes, and how common neuropathic pain is."""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from npcourse import validate
from npcourse.facts import data
from npcourse.ui import charts, handles, tables

__all__ = [
    "STIMULI", "STIMULUS_AXIS", "RESPONSES", "SITE_LABELS", "sensory_terms_frame", "sensory_terms_map",
    "sensory_terms_table", "causes_frame", "causes_chart", "expected_cases", "prevalence_chart",
    "mechanism_table"
]

STIMULI = {
    "non-painful": "A normally non-painful stimulus (touch, brush, warmth)",
    "painful": "A normally painful stimulus (pinprick, strong heat or cold)",
    "any": "Spontaneous or evoked (with or without a stimulus)",
}
STIMULUS_AXIS = {"non-painful": "Non-painful", "painful": "Painful", "any": "Spontaneous or evoked"}
RESPONSES = {
    "more-pain": "More pain than expected",
    "less": "Less sensation or less pain",
    "abnormal": "Abnormal sensation, not unpleasant",
    "abnormal-unpleasant": "Abnormal sensation, unpleasant",
}
SITE_LABELS = {"peripheral": "Peripheral", "central": "Central"}
PHONE_HEADING_WRAP = 40  # characters per line of a row's name written above its row on a phone
PHONE_GRID_WIDTH = 300  # three 100 px columns of the sensory-terms grid on a phone
PHONE_DEFINITION_WRAP = 36  # characters per line of the definition at 14 px in charts.PHONE_WIDTH


def sensory_terms_frame() -> pd.DataFrame:
    """Every stimulus × response cell with the IASP term that names it (or none)."""
    definitions = {t["term"].lower(): t["definition"] for t in data.records("glossary", "terms")}
    placed = {(t["stimulus"], t["response"]): t for t in data.records("sensory_terms", "terms")}
    rows = []
    for s in STIMULI:
        for r, r_label in RESPONSES.items():
            t = placed.get((s, r))
            if t is not None and t["term"].lower() not in definitions:
                raise data.DataError(f"sensory_terms.yml: term {t['term']!r} is not in glossary.yml")
            definition = (f"{t['term'].capitalize()}: {definitions[t['term'].lower()]}"
                          if t else "No single IASP term names this combination.")
            rows.append({
                "stimulus": s, "stimulus_label": STIMULUS_AXIS[s],
                "response": r, "response_label": r_label,
                "term": t["term"] if t else "",
                "sign": f"{t['sign']} sign" if t else "",
                # Vega text marks do not wrap by themselves: break lines here (shorter on a phone).
                "definition": "\n".join(textwrap.wrap(definition, 58)),
                "definition_phone": "\n".join(textwrap.wrap(definition, PHONE_DEFINITION_WRAP)),
                "heading": "\n".join(charts.label_lines(f"Response: {r_label}", PHONE_HEADING_WRAP)),
            })
    return pd.DataFrame(rows)


def sensory_terms_map(*, stimulus: str = "non-painful", response: str = "more-pain") -> alt.VConcatChart:
    """Pick a stimulus and a response; the matching IASP term and its definition light up.

    Handles (where the menus start):
        stimulus: the stimulus menu's choice, one of ``STIMULI`` ('non-painful', 'painful', 'any').
        response: the response menu's choice, one of ``RESPONSES`` ('more-pain', 'less', ...).
    """
    stimulus = handles.option("stimulus", stimulus, STIMULI)
    response = handles.option("response", response, RESPONSES)
    df = sensory_terms_frame()
    return charts.finish(
        _sensory_terms(df, stimulus, response, phone=False),
        title="The sensory vocabulary of neuropathic pain",
        description=("Grid of stimulus type against response. Six cells hold an IASP term: "
                     "allodynia, hyperalgesia, hypoaesthesia, hypoalgesia, paraesthesia and "
                     "dysaesthesia. Two dropdowns choose a cell; its term is highlighted and "
                     "its definition is printed below the grid."),
        phone=_sensory_terms(df, stimulus, response, phone=True),
    )


def _sensory_terms(df: pd.DataFrame, stimulus: str, response: str, *, phone: bool) -> alt.VConcatChart:
    """The sensory-terms grid for the desktop column or, ``phone``, for charts.PHONE_WIDTH: each
    response written above its row ("Response: ...") instead of beside it, so the three stimulus
    columns get the whole width; the definition on shorter lines."""
    stim = alt.param(
        name="stimulus", value=stimulus,
        bind=alt.binding_select(options=list(STIMULI), labels=list(STIMULI.values()),
                                name="Stimulus applied: "),
    )
    resp = alt.param(
        name="response", value=response,
        bind=alt.binding_select(options=list(RESPONSES), labels=list(RESPONSES.values()),
                                name="What the person feels: "),
    )
    chosen = "datum.stimulus == stimulus && datum.response == response"
    x_axis = alt.Axis(labelAngle=0, labelLimit=0)
    if phone:  # "Spontaneous or evoked" on two lines under its 100 px column
        heads = {v: charts.label_lines(v, 12) for v in STIMULUS_AXIS.values()}
        x_axis = alt.Axis(labelAngle=0, labelLimit=0, labelExpr=" : ".join(
            [*(f"datum.value == {json.dumps(v)} ? {json.dumps(lines)}" for v, lines in heads.items()
               if len(lines) > 1), "datum.label"]))
    y_axis = (alt.Axis(labels=False, ticks=False, domain=False) if phone
              else alt.Axis(**charts.wrapped_labels(RESPONSES.values(), 20)))
    base = alt.Chart(df).encode(
        x=alt.X("stimulus_label:N", sort=list(STIMULUS_AXIS.values()), title="Stimulus", axis=x_axis),
        y=alt.Y("response_label:N", sort=list(RESPONSES.values()), title=None if phone else "Response",
                axis=y_axis),
    )
    # On a phone each row is 76 px: its heading on the top (two) lines, the cells below it.
    cell = {"height": 34, "yOffset": 18} if phone else {}
    cells = base.mark_rect(stroke="white", strokeWidth=2, **cell).encode(
        color=alt.condition(chosen, alt.value(charts.HIGHLIGHT), alt.value("#e8e8e8")),
        tooltip=[alt.Tooltip("term:N", title="Term"), alt.Tooltip("definition:N", title="Definition")],
    ).add_params(stim, resp)
    term_style = {"yOffset": 18, "fontSize": 13} if phone else {"fontSize": 14, "fontWeight": "bold"}
    labels = base.mark_text(**term_style).encode(
        text="term:N",
        color=alt.condition(chosen, alt.value("white"), alt.value("#222")),
    )
    if phone:
        headings = charts.row_headings(base.transform_filter("datum.stimulus == 'non-painful'"), "heading",
                                       offset=-37, color="#333")
        grid = (cells + labels + headings).properties(width=PHONE_GRID_WIDTH, height=alt.Step(76))
    else:
        grid = (cells + labels).properties(width=420, height=240)
    field = "definition_phone" if phone else "definition"
    lines = int(df[field].str.count("\n").max()) + 1
    definition = alt.Chart(df).transform_filter(chosen).mark_text(
        align="left", baseline="top", fontSize=14, lineBreak="\n", color="#111",
    ).encode(text=f"{field}:N", x=alt.value(0), y=alt.value(4)).properties(
        width=PHONE_GRID_WIDTH if phone else 420, height=17 * lines + 8 if phone else 90)
    return alt.vconcat(grid, definition)


def sensory_terms_table():
    """The IASP sensory terms with their stimulus, response and sign (from sensory_terms.yml)."""
    rows = [[t["term"], t["stimulus_text"], t["response_text"], t["sign"]]
            for t in data.records("sensory_terms", "terms")]
    return tables.html_table(rows, ["Term", "Stimulus", "Response", "Sign"],
                             caption="The IASP sensory vocabulary")


def causes_frame() -> pd.DataFrame:
    df = pd.DataFrame(data.records("conditions", "conditions"))
    df["site_label"] = df["site"].map(SITE_LABELS)
    return df[["name", "site", "site_label", "cause", "features"]]


def causes_chart(*, site: str = "all") -> alt.LayerChart:
    """Conditions that cause neuropathic pain, by site of the lesion and kind of cause.

    Handles (where the controls start):
        site: the lesion site shown, 'all', 'peripheral' or 'central'.
    """
    start = handles.option("site", site, ["all", *SITE_LABELS])
    df = causes_frame()
    return charts.finish(
        _causes(df, start, phone=False),
        title="Common causes of neuropathic pain",
        description=(f"{len(df)} conditions placed in two columns, peripheral or central nervous "
                     "system, with colour and shape showing the kind of cause. Radio buttons "
                     "show all conditions or only one site; hovering shows the typical features."),
        width=220,
        phone=_causes(df, start, phone=True),
    )


def _causes(df: pd.DataFrame, start: str, *, phone: bool) -> alt.Chart:
    """The causes chart for the desktop column or, ``phone``, for charts.PHONE_WIDTH: names on up
    to four shorter lines, the axis title on three, the legend in one column (it starts where the plot does)."""
    site = alt.param(
        name="site", value=start,
        bind=alt.binding_radio(options=["all", "peripheral", "central"],
                               labels=["All", "Peripheral", "Central"], name="Show lesion site: "),
    )
    names = charts.wrapped_labels(df["name"], 20, max_lines=4) if phone else charts.wrapped_labels(df["name"], 30)
    title = "Where the lesion or disease is (nervous system)"
    base = alt.Chart(df).transform_filter("site == 'all' || datum.site == site").encode(
        y=alt.Y("name:N", title=None, sort=alt.EncodingSortField("site"), axis=alt.Axis(labelLimit=0, **names)),
        x=alt.X("site_label:N", title=charts.label_lines(title, 18) if phone else title,
                scale=alt.Scale(domain=list(SITE_LABELS.values())), axis=alt.Axis(labelAngle=0)),
    )
    points = base.mark_point(size=180, filled=True, opacity=1).encode(
        color=alt.Color("cause:N", title="Kind of cause",
                        legend=alt.Legend(orient="bottom", columns=1 if phone else 4, titleOrient="top")),
        shape=alt.Shape("cause:N", title="Kind of cause"),
        tooltip=[alt.Tooltip("name:N", title="Condition"), alt.Tooltip("site_label:N", title="Site"),
                 alt.Tooltip("cause:N", title="Cause"), alt.Tooltip("features:N", title="Features")],
    ).add_params(site)
    # room for names on two lines (four on a phone)
    return points.properties(height=alt.Step(62 if phone else 34), **({"width": 140} if phone else {}))


def expected_cases(adults: float, percent: float) -> float:
    """People expected to be affected among ``adults`` at a prevalence of ``percent`` %."""
    adults = validate.number("adults", adults, minimum=0)
    percent = validate.number("percent", percent, minimum=0, maximum=100)
    return adults * percent / 100


def prevalence_chart(*, adults: int = 10000) -> alt.LayerChart:
    """Prevalence estimates turned into people by a population slider.

    Ranges are drawn as bars, single estimates as points; labels give the number of people.

    Handles (where the controls start):
        adults: adults in the population, 1,000 to 100,000 in steps of 1,000.
    """
    start = handles.slider("adults", adults, 1000, 100000, 1000)
    df = pd.DataFrame(data.records("prevalence", "estimates"))
    df["label"] = df["population"].str.slice(0, 60)
    # A single estimate has low == high; the labels then give one number, not "x to x".
    df["single"] = df["low"] == df["high"]
    df["heading"] = ["\n".join(charts.label_lines(t, PHONE_HEADING_WRAP)) for t in df["label"]]
    return charts.finish(
        _prevalence(df, start, phone=False),
        title="How many people in a population live with neuropathic pain?",
        description=("One row per published prevalence estimate: bars span the low to high number "
                     "of people for ranges, diamonds mark single estimates. A slider sets the "
                     "number of adults from 1,000 to 100,000 and the bars and labels update."),
        width=260,
        phone=_prevalence(df, start, phone=True),
    )


def _prevalence(df: pd.DataFrame, start: int, *, phone: bool) -> alt.LayerChart:
    """The prevalence chart for the desktop column or, ``phone``, for charts.PHONE_WIDTH: each
    estimate's name (two lines) and its number of people written above its bar, the bars across
    the whole width."""
    widest = df["high"].max() / 100
    adults = alt.param(
        name="adults", value=start,
        bind=alt.binding_range(min=1000, max=100000, step=1000, name="Adults in the population: "),
    )
    range_text = ("datum.single ? format(round(adults * datum.low / 100), ',') + ' people' : "
                  "format(round(adults * datum.low / 100), ',') + ' to ' + "
                  "format(round(adults * datum.high / 100), ',') + ' people'")
    axis = (alt.Axis(labels=False, ticks=False, domain=False) if phone
            else alt.Axis(labelLimit=0, **charts.wrapped_labels(df["label"], 30)))
    base = alt.Chart(df).transform_calculate(
        people_low="round(adults * datum.low / 100)",
        people_high="round(adults * datum.high / 100)",
        range_text=range_text,
    ).encode(
        y=alt.Y("label:N", title=None, axis=axis, sort=None),
        tooltip=[alt.Tooltip("population:N", title="Population"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("low:Q", title="Low (%)"), alt.Tooltip("high:Q", title="High (%)"),
                 alt.Tooltip("range_text:N", title="Expected"), alt.Tooltip("note:N", title="How measured")],
    )
    # Desktop: room right of the widest bar for its label, whatever the slider says. Phone: the
    # label is above the bar, so the bars may take the whole width.
    x = alt.X("people_low:Q", title="People expected to be affected",
              scale=alt.Scale(domainMin=0, domainMax=alt.ExprRef(f"adults * {widest * (1.05 if phone else 1.6):.4f}")),
              **({"axis": alt.Axis(tickCount=4, grid=False)} if phone else {}))
    # On a phone each row is 80 px: name (up to two lines) from the top, the number of people
    # on the line above the bar, the bar in the lowest third.
    bar_offset = {"yOffset": 24} if phone else {}
    bars = base.transform_filter("!datum.single").mark_bar(height=14, color=charts.PALETTE[0], **bar_offset).encode(
        x=x, x2="people_high:Q")
    points = base.transform_filter("datum.single").mark_point(
        size=120, filled=True, shape="diamond", color=charts.PALETTE[1], **bar_offset).encode(x=x)
    if phone:
        text = base.mark_text(align="left", baseline="bottom", yOffset=12, fontSize=charts.TEXT_SIZE,
                              fontWeight="bold", color="#111").encode(x=alt.value(0), text="range_text:N")
        names = charts.row_headings(base, "heading", offset=-38, color="#333")
        layers = bars + points + names + text
    else:
        text = base.mark_text(align="left", dx=8, fontSize=charts.TEXT_SIZE, color="#111").encode(
            x="people_high:Q", text="range_text:N")
        layers = bars + points + text
    return layers.add_params(adults).properties(
        height=alt.Step(80 if phone else 36), **({"width": 300} if phone else {}))


def mechanism_table():
    """The three mechanistic descriptors side by side (from mechanisms.yml)."""
    ds = data.records("mechanisms", "descriptors")
    rows = [
        ["Definition (IASP)"] + [d["definition"] for d in ds],
        ["Cause"] + [d["cause"] for d in ds],
        ["Typical descriptors"] + [d["typical_descriptors"] for d in ds],
        ["Sensory signs"] + [d["sensory_signs"] for d in ds],
        ["Examples"] + ["; ".join(d["examples"]) for d in ds],
    ]
    return tables.html_table(
        rows, ["Feature"] + [d["name"] for d in ds],
        caption="Nociceptive, neuropathic and nociplastic pain compared",
    )
