"""Chapter 2 live demonstration: how long does a signal take to reach the spinal cord?

Pick a fibre class and a distance, predict the arrival time, then press the button: the
arrival range (fastest to slowest fibre of the class) and a sketch of the impulses
travelling along the axon appear. In the built book a table of worked examples is shown.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from npcourse.chapters.c02_pain_pathways import physiology
from npcourse.chapters.c02_pain_pathways.figures import DISTANCE_MAX, DISTANCE_MIN, DISTANCE_STEP, seconds
from npcourse.ui import charts, live, tables

__all__ = [
    "EXAMPLES", "PROMPT", "fibre_options", "render_arrival", "travel_chart", "fibre_explorer",
    "examples_table", "show_fibre_explorer"
]

# Distances of the static worked examples (illustrative, approximately).
EXAMPLES = {"face (about 0.1 m)": 0.1, "fingertip (about 0.8 m)": 0.8, "toe (about 1.1 m)": 1.1}
PROMPT = ("<p><em>Predict the arrival time (distance ÷ velocity), type it in if you like, "
          "then press <strong>Show arrival time</strong>.</em></p>")


def fibre_options() -> list[tuple[str, str]]:
    """(label, id) pairs for the dropdown, from fibres.yml."""
    return [(f"{physiology.fibre(fid)['name']} fibres", fid) for fid in physiology.fibre_ids()]


def render_arrival(fibre_id: str, distance_m: float, prediction_s: float | None = None) -> str:
    """The arrival range as HTML, with a comment on the learner's prediction if given."""
    a = physiology.arrival_times(distance_m, fibre_id)
    slow, fast = physiology.velocity_range(fibre_id)
    name = html.escape(physiology.fibre(fibre_id)["name"])
    lines = [
        f"<p><strong>{name} signal over {distance_m:.2f} m: arrives {seconds(a.earliest_s)} to "
        f"{seconds(a.latest_s)} after the stimulus.</strong></p>",
        f"<ul><li>Fastest {name} fibres: {distance_m:.2f} m ÷ {fast:g} m/s = {seconds(a.earliest_s)}"
        f"</li><li>Slowest {name} fibres: {distance_m:.2f} m ÷ {slow:g} m/s = {seconds(a.latest_s)}"
        "</li></ul>",
    ]
    if prediction_s is not None and prediction_s > 0:
        if prediction_s < a.earliest_s:
            verdict = "earlier than even the fastest fibres could bring it"
        elif prediction_s > a.latest_s:
            verdict = "later than even the slowest fibres would take"
        else:
            verdict = "within the range: well predicted"
        lines.append(f"<p>Your prediction, {seconds(prediction_s)}, is {verdict}.</p>")
    return "".join(lines)


def travel_chart(fibre_id: str, distance_m: float) -> alt.LayerChart:
    """Distance travelled against time for the fastest and slowest fibre of a class."""
    a = physiology.arrival_times(distance_m, fibre_id)
    name = physiology.fibre(fibre_id)["name"]
    df = pd.DataFrame([
        {"fibre": f"{speed} {name}", "t": t, "x": x}
        for speed, arrival in (("fastest", a.earliest_s), ("slowest", a.latest_s))
        for t, x in ((0.0, 0.0), (arrival, distance_m))
    ])
    lines = alt.Chart(df).mark_line(point=alt.OverlayMarkDef(filled=True, size=70)).encode(
        x=alt.X("t:Q", title="Time after the stimulus (s)", axis=alt.Axis(tickCount=5)),
        y=alt.Y("x:Q", title="Distance travelled (m)", scale=alt.Scale(domain=[0, DISTANCE_MAX])),
        color=alt.Color("fibre:N", title="Impulse", scale=alt.Scale(range=charts.PALETTE[:2])),
        strokeDash=alt.StrokeDash("fibre:N", title="Impulse"),
    )
    cord = alt.Chart(pd.DataFrame([{"x": distance_m, "label": "spinal cord"}]))
    rule = cord.mark_rule(color="#333").encode(y="x:Q")
    label = cord.mark_text(align="left", dy=-7, x=4, fontSize=12, color="#111").encode(
        y="x:Q", text="label:N")
    return charts.finish(
        (lines + rule + label).properties(width=320, height=170),
        title=f"{name} impulses travelling {distance_m:.2f} m",
        description=(f"Two lines rise from the stimulus at time zero to the spinal cord at "
                     f"{distance_m:.2f} m: the fastest {name} fibre arrives at "
                     f"{seconds(a.earliest_s)}, the slowest at {seconds(a.latest_s)}."),
    )


def _bundle(chart) -> dict:
    bundle = chart._repr_mimebundle_()
    return bundle[0] if isinstance(bundle, tuple) else bundle


def fibre_explorer() -> widgets.VBox:
    """Dropdown, distance slider, prediction box and a button that reveals the arrival time."""
    style = {"description_width": "initial"}
    fibre = widgets.Dropdown(options=fibre_options(), value=physiology.SECOND_PAIN,
                             description="Fibre class:", style=style)
    distance = widgets.FloatSlider(value=1.0, min=DISTANCE_MIN, max=DISTANCE_MAX, step=DISTANCE_STEP,
                                   readout_format=".2f", description="Distance to spinal cord (m):",
                                   style=style, layout=widgets.Layout(width="28em"))
    prediction = widgets.BoundedFloatText(value=0.0, min=0.0, max=100.0, step=0.001,
                                          description="Your prediction (s):", style=style)
    button = widgets.Button(description="Show arrival time", button_style="primary",
                            tooltip="Reveal the arrival time for this fibre class and distance")
    result = widgets.HTML(PROMPT)
    sketch = widgets.Output()

    def hide(_change=None):
        result.value = PROMPT
        sketch.outputs = ()

    def reveal(_button=None):
        result.value = render_arrival(fibre.value, distance.value, prediction.value or None)
        sketch.outputs = ({"output_type": "display_data", "metadata": {},
                           "data": _bundle(travel_chart(fibre.value, distance.value))},)

    fibre.observe(hide, names="value")
    distance.observe(hide, names="value")
    prediction.observe(hide, names="value")
    button.on_click(reveal)
    heading = widgets.HTML("<strong>How long does the signal take?</strong>")
    return widgets.VBox([heading, fibre, distance, prediction, button, result, sketch])


def examples_table():
    """Worked arrival times for every fibre class at a few illustrative distances."""
    rows = []
    for fid in physiology.fibre_ids():
        cells = []
        for d in EXAMPLES.values():
            a = physiology.arrival_times(d, fid)
            cells.append(f"{seconds(a.earliest_s)[:-2]} to {seconds(a.latest_s)}")
        rows.append([physiology.fibre(fid)["name"], *cells])
    return tables.html_table(rows, ["Fibre", *[f"From the {k}" for k in EXAMPLES]],
                             caption="Worked examples from the fibre explorer: arrival times "
                                     "(fastest to slowest fibre of each class)")


def show_fibre_explorer() -> None:
    """Live controls in class; worked examples in the built book."""
    live.show(fibre_explorer, examples_table)
