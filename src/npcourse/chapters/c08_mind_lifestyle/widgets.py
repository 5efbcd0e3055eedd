"""Chapter 8 live demonstration: many small placebo-controlled trials of a SIMULATED treatment.

Sliders set the placebo response, the true specific effect, the spread of individual change
and the number of people per arm; each change re-runs 200 seeded trials with
:func:`.trial_simulation.simulate_trials` and draws the spread of their results. In the
built book, :func:`show_placebo_trial` shows fixed settings instead (via :func:`npcourse.ui.live.show`).
No clinical data: every number is synthetic.
"""

from __future__ import annotations

import html
import math

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from npcourse.chapters.c08_mind_lifestyle import trial_simulation
from npcourse.ui import charts, live, tables

__all__ = [
    "N_TRIALS", "CONTROLS", "STATIC_SIZES", "run", "summary_lines", "BIN", "binned", "histogram",
    "placebo_trial", "placebo_trial_static", "show_placebo_trial"
]

N_TRIALS = 200
CONTROLS = {  # name: (label, min, max, step, start), provenance/08-notes.md section 4
    "placebo_response": ("Placebo response (mean improvement on placebo, points)", 0.0, 3.0, 0.25, 1.5),
    "effect": ("True specific effect of the treatment (points)", 0.0, 2.0, 0.1, 0.5),
    "sd_change": ("SD of individual change (points)", 1.0, 3.0, 0.25, 2.0),
    "n_per_arm": ("People per arm", 10, 200, 5, 20),
}
# The static page compares a small and a larger trial at the same settings.
STATIC_SIZES = (20, 100)


def _settings(**overrides) -> dict:
    s = {k: v[4] for k, v in CONTROLS.items()}
    s.update(overrides)
    return s


def run(placebo_response: float, effect: float, sd_change: float, n_per_arm: int,
        seed: int = trial_simulation.DEFAULT_SEED) -> pd.DataFrame:
    """The 200 simulated trials for one setting of the controls."""
    return trial_simulation.simulate_trials(int(n_per_arm), effect=effect, placebo_response=placebo_response,
                                            sd_change=sd_change, n_trials=N_TRIALS, seed=seed)


def summary_lines(trials: pd.DataFrame, effect: float, placebo_response: float) -> list[str]:
    """What to read off one batch of trials, in words."""
    n_sig = int(trials["significant"].sum())
    share = n_sig / len(trials)
    lo, hi = trials["difference"].quantile([0.05, 0.95])
    return [
        f"{n_sig} of {len(trials)} trials ({share:.0%}) found a difference with p < 0.05.",
        f"Observed differences (treatment − placebo): middle 90% from {lo:.2f} to {hi:.2f} points; "
        f"true effect {effect:g}.",
        f"Average before–after improvement in the treatment arm: "
        f"{trials['treatment_improvement'].mean():.2f} points — what a study without a placebo arm "
        f"would report (placebo response {placebo_response:g} + effect {effect:g}).",
    ]


BIN = 0.1  # histogram bin width (points)


def binned(trials: pd.DataFrame) -> pd.DataFrame:
    """Counts of trials per bin of the observed difference and per result (p < 0.05 or not)."""
    start = ((trials["difference"] / BIN).apply(math.floor) * BIN).round(2)
    result = trials["significant"].map({True: "p < 0.05", False: "p ≥ 0.05"})
    out = pd.DataFrame({"start": start, "result": result}).value_counts().rename("trials").reset_index()
    return out.assign(end=out["start"] + BIN)


X_TITLE = "Observed difference, treatment − placebo (points)"
X_TITLE_LINES = ["Observed difference,", "treatment − placebo (points)"]  # the phone layout's


def histogram(trials: pd.DataFrame, effect: float, title: str, *, phone: bool = False) -> alt.LayerChart:
    """Histogram of the observed differences; trials with p < 0.05 stacked in a second colour.
    ``phone``: laid out for a phone's column (narrower plot, axis title on two lines, legend below)."""
    x_title = X_TITLE_LINES if phone else X_TITLE
    legend = alt.Legend(orient="bottom", direction="vertical") if phone else alt.Legend()
    bars = alt.Chart(binned(trials)).mark_bar(stroke="#111", strokeWidth=0.5).encode(
        x=alt.X("start:Q", title=x_title), x2="end:Q",
        y=alt.Y("sum(trials):Q", title="Number of trials", stack=True),
        color=alt.Color("result:N", title="Trial result", legend=legend, scale=alt.Scale(
            domain=["p < 0.05", "p ≥ 0.05"], range=[charts.PALETTE[1], "#bdbdbd"])),
        order=alt.Order("result:N", sort="ascending"),
        tooltip=[alt.Tooltip("start:Q", title="From (points)"), alt.Tooltip("end:Q", title="To (points)"),
                 alt.Tooltip("result:N", title="Result"), alt.Tooltip("trials:Q", title="Trials")],
    )
    truth = alt.Chart(pd.DataFrame({"x": [effect], "label": [f"true effect {effect:g}"]}))
    rule = truth.mark_rule(strokeWidth=2, strokeDash=[5, 3], color="#111").encode(x="x:Q")
    label = truth.mark_text(align="left", dx=4, dy=4, baseline="top", fontSize=charts.TEXT_SIZE, color="#111").encode(
        x="x:Q", y=alt.value(0), text="label:N")
    return (bars + rule + label).properties(width=250 if phone else 380, height=200, title=title)


def _finish(chart, description: str, phone=True):
    return charts.finish(chart, title="Simulated placebo-controlled trials (synthetic data)",
                         description=description, phone=phone)


def _bundle(chart) -> dict:
    bundle = chart._repr_mimebundle_()
    return bundle[0] if isinstance(bundle, tuple) else bundle


def placebo_trial() -> widgets.VBox:
    """Four sliders; the histogram and the summary follow."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="520px")
    sliders = {}
    for name, (label, lo, hi, step, start) in CONTROLS.items():
        cls = widgets.IntSlider if name == "n_per_arm" else widgets.FloatSlider
        sliders[name] = cls(value=start, min=lo, max=hi, step=step, description=label,
                            style=style, layout=layout, continuous_update=False)
    text = widgets.HTML()
    plot = widgets.Output()

    def update(_change=None):
        s = {k: w.value for k, w in sliders.items()}
        trials = run(**s)
        lines = summary_lines(trials, s["effect"], s["placebo_response"])
        text.value = "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in lines) + "</ul>"
        chart = _finish(histogram(trials, s["effect"], f"{N_TRIALS} trials, {s['n_per_arm']} per arm"),
                        " ".join(lines))
        plot.outputs = ({"output_type": "display_data", "metadata": {}, "data": _bundle(chart)},)

    update()
    for w in sliders.values():
        w.observe(update, names="value")
    head = widgets.HTML(f"<strong>{N_TRIALS} simulated trials per setting</strong> (synthetic data, "
                        "fixed seed)")
    return widgets.VBox([head, *sliders.values(), text, plot])


def placebo_trial_static() -> HTML:
    """The book's rendering: the default settings at two trial sizes, as a table and two histograms."""
    s = _settings()
    rows, panels, phone_panels = [], [], []
    for n in STATIC_SIZES:
        trials = run(s["placebo_response"], s["effect"], s["sd_change"], n)
        lines = summary_lines(trials, s["effect"], s["placebo_response"])
        rows.append([f"{n} per arm", *lines])
        panels.append(histogram(trials, s["effect"], f"{n} people per arm"))
        phone_panels.append(histogram(trials, s["effect"], f"{n} people per arm", phone=True))
    table = tables.html_table(rows, ["Trial size", "Trials with p < 0.05", "Spread of results",
                                     "Uncontrolled view"],
                              caption=(f"{N_TRIALS} simulated trials per row: placebo response "
                                       f"{s['placebo_response']:g} points, true effect {s['effect']:g}, "
                                       f"SD of change {s['sd_change']:g} (synthetic)"))
    chart = _finish(alt.vconcat(*panels).resolve_scale(x="shared"),
                    "Histograms of the observed treatment − placebo differences for "
                    f"{N_TRIALS} simulated trials with {STATIC_SIZES[0]} and with {STATIC_SIZES[1]} "
                    "people per arm; a dashed line marks the true effect. Bars of trials with p < 0.05 "
                    "are orange, the rest grey. " + " ".join(r[1] for r in rows),
                    phone=alt.vconcat(*phone_panels).resolve_scale(x="shared"))
    chart_html = _bundle(chart)["text/html"]
    return HTML(table.data + chart_html)


def show_placebo_trial() -> None:
    """Live sliders in class; two fixed trial sizes in the built book."""
    live.show(placebo_trial, placebo_trial_static)
