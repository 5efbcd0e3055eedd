"""Chapter 1 charts: the sensory vocabulary, the causes, and how common neuropathic pain is."""

from __future__ import annotations

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
                # Vega text marks do not wrap by themselves: break lines here.
                "definition": "\n".join(textwrap.wrap(definition, 58)),
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
    base = alt.Chart(df).encode(
        x=alt.X("stimulus_label:N", sort=list(STIMULUS_AXIS.values()), title="Stimulus",
                axis=alt.Axis(labelAngle=0, labelLimit=0)),
        y=alt.Y("response_label:N", sort=list(RESPONSES.values()), title="Response",
                axis=alt.Axis(**charts.wrapped_labels(RESPONSES.values(), 20))),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.condition(chosen, alt.value(charts.HIGHLIGHT), alt.value("#e8e8e8")),
        tooltip=[alt.Tooltip("term:N", title="Term"), alt.Tooltip("definition:N", title="Definition")],
    ).add_params(stim, resp)
    labels = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="term:N",
        color=alt.condition(chosen, alt.value("white"), alt.value("#222")),
    )
    grid = (cells + labels).properties(width=420, height=240)
    definition = alt.Chart(df).transform_filter(chosen).mark_text(
        align="left", baseline="top", fontSize=14, lineBreak="\n", color="#111",
    ).encode(text="definition:N", x=alt.value(0), y=alt.value(4)).properties(width=420, height=90)
    return charts.finish(
        alt.vconcat(grid, definition),
        title="The sensory vocabulary of neuropathic pain",
        description=("Grid of stimulus type against response. Six cells hold an IASP term: "
                     "allodynia, hyperalgesia, hypoaesthesia, hypoalgesia, paraesthesia and "
                     "dysaesthesia. Two dropdowns choose a cell; its term is highlighted and "
                     "its definition is printed below the grid."),
        # Its phone layout (derived by charts.fit_narrow) would overprint text: desktop layout kept.
        phone=False,
    )


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
    site = alt.param(
        name="site", value=start,
        bind=alt.binding_radio(options=["all", "peripheral", "central"],
                               labels=["All", "Peripheral", "Central"], name="Show lesion site: "),
    )
    base = alt.Chart(df).transform_filter("site == 'all' || datum.site == site").encode(
        y=alt.Y("name:N", title=None, sort=alt.EncodingSortField("site"),
                axis=alt.Axis(labelLimit=0, **charts.wrapped_labels(df["name"], 30))),
        x=alt.X("site_label:N", title="Where the lesion or disease is (nervous system)",
                scale=alt.Scale(domain=list(SITE_LABELS.values())), axis=alt.Axis(labelAngle=0)),
    )
    points = base.mark_point(size=180, filled=True, opacity=1).encode(
        color=alt.Color("cause:N", title="Kind of cause",
                        legend=alt.Legend(orient="bottom", columns=4, titleOrient="top")),
        shape=alt.Shape("cause:N", title="Kind of cause"),
        tooltip=[alt.Tooltip("name:N", title="Condition"), alt.Tooltip("site_label:N", title="Site"),
                 alt.Tooltip("cause:N", title="Cause"), alt.Tooltip("features:N", title="Features")],
    ).add_params(site).properties(height=alt.Step(34))  # room for names on two lines
    return charts.finish(
        points,
        title="Common causes of neuropathic pain",
        description=(f"{len(df)} conditions placed in two columns, peripheral or central nervous "
                     "system, with colour and shape showing the kind of cause. Radio buttons "
                     "show all conditions or only one site; hovering shows the typical features."),
        width=220,
    )


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
    widest = df["high"].max() / 100
    adults = alt.param(
        name="adults", value=start,
        bind=alt.binding_range(min=1000, max=100000, step=1000, name="Adults in the population: "),
    )
    base = alt.Chart(df).transform_calculate(
        people_low="round(adults * datum.low / 100)",
        people_high="round(adults * datum.high / 100)",
        range_text="datum.single ? format(round(adults * datum.low / 100), ',') + ' people' : "
                   "format(round(adults * datum.low / 100), ',') + ' to ' + "
                   "format(round(adults * datum.high / 100), ',') + ' people'",
    ).encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=0, **charts.wrapped_labels(df["label"], 30)),
                sort=None),
        tooltip=[alt.Tooltip("population:N", title="Population"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("low:Q", title="Low (%)"), alt.Tooltip("high:Q", title="High (%)"),
                 alt.Tooltip("range_text:N", title="Expected"), alt.Tooltip("note:N", title="How measured")],
    )
    # Leave room right of the widest bar for its label, whatever the slider says.
    x = alt.X("people_low:Q", title="People expected to be affected",
              scale=alt.Scale(domainMin=0, domainMax=alt.ExprRef(f"adults * {widest * 1.6:.4f}")))
    bars = base.transform_filter("!datum.single").mark_bar(height=14, color=charts.PALETTE[0]).encode(
        x=x, x2="people_high:Q")
    points = base.transform_filter("datum.single").mark_point(
        size=120, filled=True, shape="diamond", color=charts.PALETTE[1]).encode(x=x)
    text = base.mark_text(align="left", dx=8, fontSize=charts.TEXT_SIZE, color="#111").encode(
        x="people_high:Q", text="range_text:N")
    return charts.finish(
        (bars + points + text).add_params(adults).properties(height=alt.Step(36)),
        title="How many people in a population live with neuropathic pain?",
        description=("One row per published prevalence estimate: bars span the low to high number "
                     "of people for ranges, diamonds mark single estimates. A slider sets the "
                     "number of adults from 1,000 to 100,000 and the bars and labels update."),
        width=260,
    )


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
