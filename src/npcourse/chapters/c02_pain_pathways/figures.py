"""Chapter 2 charts: the conduction race, the gate-control cartoon and wind-up.

Every number a chart shows comes from :mod:`.physiology` (and through it from
``data/fibres.yml``): the conduction race and wind-up charts filter a grid precomputed in
Python, and the gate-control chart evaluates Vega expressions generated from the same
constants as the Python model (a test checks that the two agree).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from npcourse.chapters.c02_pain_pathways import physiology
from npcourse.facts import data
from npcourse.ui import charts, handles, tables

__all__ = [
    "ROLES", "GAP_LABEL", "DISTANCE_MIN", "DISTANCE_MAX", "DISTANCE_STEP", "DISTANCE_START", "FREQ_MIN",
    "FREQ_MAX", "FREQ_STEP", "FREQ_START", "seconds", "fibre_label", "fibre_table", "conduction_frame",
    "conduction_race", "GATE_ROWS", "gate_expressions", "gate_control", "wind_up_frame", "wind_up"
]

# Short role words for the axis labels; the full descriptions are in fibres.yml.
ROLES = {physiology.TOUCH: "touch", physiology.FIRST_PAIN: "first pain",
         physiology.SECOND_PAIN: "second pain"}
GAP_LABEL = "Gap: first → second pain"

# Distance slider of the conduction race (m); lip/face to toe.
DISTANCE_MIN, DISTANCE_MAX, DISTANCE_STEP, DISTANCE_START = 0.05, 1.2, 0.05, 0.8

# Frequency slider of the wind-up chart (Hz).
FREQ_MIN, FREQ_MAX, FREQ_STEP, FREQ_START = 0.1, 2.0, 0.01, 0.2


def _grid(start: float, stop: float, step: float, decimals: int = 2) -> list[float]:
    n = round((stop - start) / step)
    return [round(start + i * step, decimals) for i in range(n + 1)]


def seconds(t: float) -> str:
    """A time in seconds to three significant figures, e.g. '0.0333 s', '2.00 s'."""
    return f"{t:#.3g} s"


def fibre_label(fibre_id: str) -> str:
    return f"{physiology.fibre(fibre_id)['name']} ({ROLES[fibre_id]})"


# --- the fibre table ---------------------------------------------------------------------

def fibre_table():
    """Aβ, Aδ and C fibres compared (from fibres.yml, one source: Kiernan's table)."""
    def rng(pair):
        return f"{pair[0]:g}–{pair[1]:g}"

    rows = [[f["name"], "yes" if f["myelinated"] else "no", rng(f["diameter_um"]),
             rng(f["velocity_m_s"]), f["carries"]]
            for f in data.records("fibres", "fibres")]
    return tables.html_table(
        rows, ["Fibre", "Myelinated", "Diameter (µm)", "Conduction velocity (m/s)", "Carries"],
        caption="Primary afferent fibre classes (ranges from Kiernan's teaching table)")


# --- conduction race ---------------------------------------------------------------------

def conduction_frame() -> pd.DataFrame:
    """Arrival ranges of every fibre class, and the first-to-second-pain gap, per distance."""
    rows = []
    for d in _grid(DISTANCE_MIN, DISTANCE_MAX, DISTANCE_STEP):
        for fid in physiology.fibre_ids():
            a = physiology.arrival_times(d, fid)
            rows.append({"d": d, "row": fibre_label(fid), "fibre": fid,
                         "start": a.earliest_s, "end": a.latest_s,
                         "text": f"{seconds(a.earliest_s)[:-2]}–{seconds(a.latest_s)}"})
        first = physiology.arrival_time(d, physiology.FIRST_PAIN)
        gap = physiology.pain_gap(d)
        rows.append({"d": d, "row": GAP_LABEL, "fibre": "gap",
                     "start": first, "end": first + gap,
                     "text": f"{seconds(gap)} (fastest fibres)"})
    df = pd.DataFrame(rows)
    df["start"] = df["start"].round(5)
    df["end"] = df["end"].round(5)
    return df


def conduction_race(*, distance: float = DISTANCE_START) -> alt.HConcatChart:
    """Distance slider → when the Aβ, Aδ and C signals arrive, and the first/second pain gap.

    Handles (where the controls start):
        distance: distance from stimulus to spinal cord in metres, 0.05 to 1.2 in steps of 0.05.
    """
    start = handles.slider("distance", distance, DISTANCE_MIN, DISTANCE_MAX, DISTANCE_STEP)
    df = conduction_frame()
    return charts.finish(
        _conduction_race(df, start, phone=False),
        title="The conduction race: when do touch, first pain and second pain arrive?",
        description=(
            "Horizontal bars show when the signal of each fibre class (Aβ touch, Aδ first pain, "
            "C second pain) reaches the spinal cord, from the fastest fibre of the class (filled "
            "marker, bar start) to the slowest (bar end), with time = distance / conduction "
            "velocity and the velocity ranges of Kiernan's teaching table. A dashed span shows "
            "the gap between the fastest Aδ and the fastest C signal. A slider sets the distance "
            f"from {DISTANCE_MIN} to {DISTANCE_MAX} m (roughly: face about 0.1 m, fingertip about "
            "0.8 m, toe about 1 to 1.2 m; illustrative distances); the times are written beside "
            "the bars."),
        phone=_conduction_race(df, start, phone=True),
    )


def _conduction_race(df: pd.DataFrame, start: float, *, phone: bool) -> alt.HConcatChart | alt.LayerChart:
    """The race for the desktop column (times in a column beside the bars) or, ``phone``, for
    charts.PHONE_WIDTH: each row's name and its times written above its bar, bars the whole width."""
    ids = physiology.fibre_ids()
    rows = [fibre_label(f) for f in ids] + [GAP_LABEL]
    distance = alt.param(
        name="distance", value=start,
        bind=alt.binding_range(min=DISTANCE_MIN, max=DISTANCE_MAX, step=DISTANCE_STEP,
                               name="Distance from stimulus to spinal cord (m): "),
    )
    t_max = float(df["end"].max())
    axis = alt.Axis(labels=False, ticks=False, domain=False) if phone else alt.Axis(labelLimit=200)
    y = alt.Y("row:N", sort=rows, title=None, axis=axis)
    base = alt.Chart(df).transform_filter(f"abs(datum.d - distance) < {DISTANCE_STEP / 10}")
    x = alt.X("start:Q", title="Time after the stimulus (s)",
              scale=alt.Scale(domain=[0, round(t_max + 0.1, 1)]),
              axis=alt.Axis(tickCount=6, **({"grid": False} if phone else {})))
    colour = alt.Color("fibre:N", scale=alt.Scale(domain=ids, range=charts.PALETTE[:len(ids)]),
                       legend=None)
    tooltip = [alt.Tooltip("row:N", title="Signal"), alt.Tooltip("text:N", title="Arrives")]
    # On a phone each row is 64 px: name and times on two lines, then the bar.
    low = {"yOffset": 14} if phone else {}
    fibres_only = base.transform_filter("datum.fibre != 'gap'")
    bars = fibres_only.mark_bar(height=16, **low).encode(x=x, x2="end:Q", y=y, color=colour, tooltip=tooltip)
    # The fastest fibre of each class arrives first: mark it with a shape as well as colour.
    firsts = fibres_only.mark_point(size=90, filled=True, stroke="white", strokeWidth=1, **low).encode(
        x=x, y=y, color=colour,
        shape=alt.Shape("fibre:N", scale=alt.Scale(domain=ids, range=["circle", "square", "triangle-up"]),
                        legend=None),
        tooltip=tooltip)
    gap = base.transform_filter("datum.fibre == 'gap'")
    gap_rule = gap.mark_rule(strokeWidth=2, strokeDash=[5, 3], color="#333", **low).encode(
        x=x, x2="end:Q", y=y, tooltip=tooltip)
    gap_ends = gap.transform_fold(["start", "end"], as_=["edge", "t"]).mark_tick(
        color="#333", thickness=2, size=14, **low).encode(x="t:Q", y=y)
    if phone:
        named = base.transform_calculate(heading=(
            "datum.fibre == 'gap' ? datum.row + ':\\n' + datum.text : datum.row + ' arrives after\\n' + datum.text"))
        headings = charts.row_headings(named.encode(y=y), "heading", offset=-30)
        return (bars + firsts + gap_rule + gap_ends + headings).add_params(distance).properties(
            width=300, height=alt.Step(64))
    timeline = (bars + firsts + gap_rule + gap_ends).properties(width=330, height=170)
    labels = base.mark_text(align="left", fontSize=charts.TEXT_SIZE, color="#111").encode(
        y=alt.Y("row:N", sort=rows, axis=None), text="text:N", x=alt.value(0),
    ).properties(width=150, height=170, title=alt.TitleParams("Arrives after", fontSize=charts.TEXT_SIZE))
    return alt.hconcat(timeline, labels, spacing=12).add_params(distance)


# --- gate control --------------------------------------------------------------------------

GATE_ROWS = [
    ("large", "Large-fibre (Aβ) input", "Inputs (your sliders)"),
    ("small", "Small-fibre (Aδ, C) input", "Inputs (your sliders)"),
    ("descending", "Descending inhibition", "Inputs (your sliders)"),
    ("interneuron", "Inhibitory interneuron", "Inhibitory interneuron"),
    ("output", "Projection neuron output", "Output to the brain"),
]


def _num(x: float) -> str:
    return repr(float(x))


def gate_expressions() -> dict[str, str]:
    """Vega expressions of the gate cartoon, generated from ``physiology.GATE``.

    They use the chart's params ``large``, ``small``, ``descending`` and ``disinhibited``.
    """
    g = physiology.GATE
    interneuron = (f"clamp({_num(g.resting)} + {_num(g.from_large)} * large - {_num(g.from_small)}"
                   f" * small + {_num(g.from_descending)} * descending, 0, 1)")
    inhibition = (f"(disinhibited ? {_num(physiology.gate_inhibition(True))} : "
                  f"{_num(physiology.gate_inhibition(False))})")
    output = (f"clamp({_num(g.small_weight)} * small + {_num(g.large_weight)} * large - "
              f"{inhibition} * {interneuron}, 0, 1)")
    return {"interneuron": interneuron, "output": output}


def gate_control(*, large: float = 0.0, small: float = 0.8, descending: float = 0.0,
                 disinhibited: bool = False) -> alt.VConcatChart:
    """Three sliders and a checkbox → interneuron activity and projection-neuron output.

    Handles (where the controls start):
        large: large-fibre (Aβ, touch) input, 0 to 1 in steps of 0.05.
        small: small-fibre (Aδ/C, nociceptive) input, 0 to 1 in steps of 0.05.
        descending: descending inhibition from the brain, 0 to 1 in steps of 0.05.
        disinhibited: True to start with spinal inhibition weakened (the disinhibition box ticked).
    """
    starts = {"large": large, "small": small, "descending": descending}
    starts = {k: handles.slider(k, v, 0, 1, 0.05) for k, v in starts.items()}
    disinhibited_start = handles.flag("disinhibited", disinhibited)
    sliders = {}
    for name, label in (("large", "Large-fibre (Aβ, touch) input: "),
                        ("small", "Small-fibre (Aδ/C, nociceptive) input: "),
                        ("descending", "Descending inhibition from the brain: ")):
        sliders[name] = alt.param(name=name, value=starts[name],
                                  bind=alt.binding_range(min=0, max=1, step=0.05, name=label))
    disinhibited = alt.param(name="disinhibited", value=disinhibited_start,
                             bind=alt.binding_checkbox(name="Disinhibition (weaken spinal inhibition): "))
    df = pd.DataFrame([{"id": i, "label": label, "kind": kind, "order": n}
                       for n, (i, label, kind) in enumerate(GATE_ROWS)])
    controls = (sliders["large"], sliders["small"], sliders["descending"], disinhibited)
    return charts.finish(
        _gate(df, controls, phone=False),
        title="Gate control: a teaching cartoon of Melzack and Wall's idea",
        description=(
            "A teaching cartoon of the 1965 gate control idea, not a model of real neurons; its "
            "weights are arbitrary. Three sliders set large-fibre (Aβ) input, small-fibre (Aδ and "
            "C) input and descending inhibition from 0 to 1. Bars show the inputs, the activity "
            "of the inhibitory interneuron (excited by large-fibre input and descending "
            "inhibition, inhibited by small-fibre input) and the output of the projection "
            "neuron to the brain (excited by both kinds of fibre, inhibited by the interneuron). "
            "A checkbox weakens spinal inhibition (disinhibition), so that touch alone can drive "
            "the output, a cartoon of allodynia."),
        phone=_gate(df, controls, phone=True),
    )


def _gate(df: pd.DataFrame, controls: tuple, *, phone: bool) -> alt.VConcatChart:
    """The gate cartoon for the desktop column or, ``phone``, for charts.PHONE_WIDTH: each neuron's
    or input's name written above its bar, bars the whole width, the axis title on two lines."""
    expr = gate_expressions()
    kinds = list(dict.fromkeys(k for _, _, k in GATE_ROWS))
    value = ("datum.id == 'large' ? large : datum.id == 'small' ? small : "
             f"datum.id == 'descending' ? descending : datum.id == 'interneuron' ? "
             f"{expr['interneuron']} : {expr['output']}")
    axis = alt.Axis(labels=False, ticks=False, domain=False) if phone else alt.Axis(labelLimit=220)
    base = alt.Chart(df).transform_calculate(value=value).encode(
        y=alt.Y("label:N", sort=[label for _, label, _ in GATE_ROWS], title=None, axis=axis),
    )
    title = "Activity (arbitrary units, 0 = none, 1 = maximal)"
    # On a phone each row is 52 px: the name on top, the bar and its value below.
    low = {"yOffset": 10} if phone else {}
    bars = base.mark_bar(height=18, **low).encode(
        x=alt.X("value:Q", title=charts.label_lines(title, 30) if phone else title,
                scale=alt.Scale(domain=[0, 1.15]),
                axis=alt.Axis(values=[0, 0.2, 0.4, 0.6, 0.8, 1], **({"grid": False} if phone else {}))),
        color=alt.Color("kind:N", sort=kinds, title=None,
                        scale=alt.Scale(domain=kinds, range=[charts.MUTED, charts.PALETTE[0],
                                                             charts.PALETTE[1]]),
                        legend=alt.Legend(orient="bottom", **({"columns": 1} if phone else {}))),
        tooltip=[alt.Tooltip("label:N", title="Neuron or input"),
                 alt.Tooltip("value:Q", title="Activity", format=".2f")],
    )
    values = base.mark_text(align="left", dx=4, fontSize=charts.TEXT_SIZE, color="#111", **low).encode(
        x="value:Q", text=alt.Text("value:Q", format=".2f"))
    if phone:
        panel = (bars + values + charts.row_headings(base, "label", offset=-24)).properties(
            width=290, height=alt.Step(52))
    else:
        panel = (bars + values).properties(width=300, height=190)
    status = alt.Chart(pd.DataFrame([{"x": 0}])).transform_calculate(
        line="'Spinal inhibition: ' + (disinhibited ? 'weakened (disinhibition)' : 'normal')"
    ).mark_text(align="left", fontSize=13, color="#111").encode(
        text="line:N", x=alt.value(0), y=alt.value(8)).properties(width=290 if phone else 300, height=18)
    return alt.vconcat(status, panel).add_params(*controls)


# --- wind-up -----------------------------------------------------------------------------

def _compact(x: float) -> float | int:
    """Two decimals, and 1 rather than 1.0, to keep the chart's embedded data small."""
    x = round(x, 2)
    return int(x) if x.is_integer() else x


def wind_up_frame() -> pd.DataFrame:
    """One row per frequency on the slider's grid: the train's responses and their growth."""
    rows = []
    for f in _grid(FREQ_MIN, FREQ_MAX, FREQ_STEP):
        train = physiology.wind_up_train(f)
        rows.append({"f": f, "r": [_compact(r) for r in train],
                     "growth": _compact(train[-1] / train[0]), "up": physiology.winds_up(f)})
    return pd.DataFrame(rows)


def wind_up(*, frequency: float = FREQ_START) -> alt.VConcatChart:
    """Frequency slider → the response to each of 15 successive C-fibre stimuli.

    Handles (where the controls start):
        frequency: stimulation frequency in Hz, 0.1 to 2 in steps of 0.01.
    """
    start = handles.slider("frequency", frequency, FREQ_MIN, FREQ_MAX, FREQ_STEP)
    df = wind_up_frame()
    return charts.finish(
        _wind_up(df, start, phone=False),
        title="Wind-up: responses to a train of repeated C-fibre stimuli",
        description=(
            f"Top: bars show the response to each of {physiology.WIND_UP_STIMULI} successive stimuli at the "
            "frequency chosen with a slider from 0.1 to 2 Hz; a dashed line marks the size of the first "
            f"response. Below about {physiology.WIND_UP_THRESHOLD_HZ} Hz (the threshold for temporal summation "
            "of second pain in human heat studies) the bars stay flat; at or above it each response is bigger "
            "than the last, levelling off. Bottom: the last response divided by the first at every "
            "frequency, with the threshold marked and a diamond at the chosen frequency. The "
            "growth curve is an illustrative cartoon in arbitrary units, not measured data, and the "
            "figure shows wind-up only: central sensitisation, which raises the baseline and "
            "persists after the train, is not modelled."),
        phone=_wind_up(df, start, phone=True),
    )


def _wind_up(df: pd.DataFrame, start: float, *, phone: bool) -> alt.VConcatChart:
    """Wind-up for the desktop column or, ``phone``, for charts.PHONE_WIDTH: narrower panels, the
    readout and the threshold's label on more lines, every fifth stimulus numbered."""
    f0 = physiology.WIND_UP_THRESHOLD_HZ
    n_stim = physiology.WIND_UP_STIMULI
    width = 240 if phone else 420
    frequency = alt.param(
        name="frequency", value=start,
        bind=alt.binding_range(min=FREQ_MIN, max=FREQ_MAX, step=FREQ_STEP,
                               name="Stimulation frequency (Hz): "),
    )
    chosen = f"abs(datum.f - frequency) < {FREQ_STEP / 2}"
    r_max = max(max(r) for r in df["r"])
    train = (
        alt.Chart(df)
        .transform_filter(chosen)
        .transform_flatten(["r"])
        .transform_window(n="row_number()")
        .transform_calculate(kind="datum.n == 1 ? 'first stimulus' : 'later stimuli'")
    )
    # 15 numbers under 17 px bars would overprint: on a phone every fifth (and the first).
    n_axis = alt.Axis(labelAngle=0, values=[1, 5, 10, n_stim]) if phone else alt.Axis(labelAngle=0)
    y_title = "Response to each stimulus (arbitrary units)"
    bars = train.mark_bar(color=charts.PALETTE[0]).encode(
        x=alt.X("n:O", title=f"Stimulus number in a train of {n_stim}", axis=n_axis),
        y=alt.Y("r:Q", title=charts.label_lines(y_title, 26) if phone else y_title,
                scale=alt.Scale(domain=[0, round(r_max + 0.3, 1)])),
        tooltip=[alt.Tooltip("n:O", title="Stimulus"), alt.Tooltip("r:Q", title="Response", format=".2f")],
    )
    first_line = alt.Chart(pd.DataFrame([{"y": 1.0}])).mark_rule(
        color="#333", strokeDash=[4, 3]).encode(y="y:Q")
    # On a phone the verdict goes on two lines: "At or above the threshold (about 0.33 Hz):" /
    # "responses build up", and the readout starts 50 px left of the plots, under the axis titles
    # (the 70 px right of the plots is too narrow for its first line).
    brk = "\\n" if phone else " "
    left = alt.value(-50 if phone else 0)
    caption_base = alt.Chart(df).transform_filter(chosen).transform_calculate(
        line1="format(datum.f, '.2f') + ' Hz = one stimulus every ' + format(1 / datum.f, '.1f') + ' s'",
        line2=(f"datum.up ? 'At or above the threshold (about {f0} Hz):{brk}responses build up' : "
               f"'Below the threshold (about {f0} Hz):{brk}responses stay flat'"),
    )
    caption = (
        caption_base.mark_text(align="left", fontSize=13, fontWeight="bold", color="#111").encode(
            text="line1:N", x=left, y=alt.value(8))
        + caption_base.mark_text(align="left", fontSize=13, color="#111",
                                 **({"baseline": "top", "lineBreak": "\n"} if phone else {})).encode(
            text="line2:N", x=left, y=alt.value(20 if phone else 27))
    ).properties(width=width, height=52 if phone else 34)
    train_panel = (bars + first_line).properties(width=width, height=220)

    growth_x = alt.X("f:Q", title="Stimulation frequency (Hz)", scale=alt.Scale(domain=[0, FREQ_MAX]))
    growth_y = alt.Y("growth:Q", title="Last ÷ first response",
                     scale=alt.Scale(domain=[0, round(r_max + 0.3, 1)]))
    line = alt.Chart(df).mark_line(color=charts.MUTED, interpolate="step-after").encode(
        x=growth_x, y=growth_y)
    label = f"threshold ≈ {f0} Hz{brk}(human heat studies)".replace("\\n", "\n")
    threshold = alt.Chart(pd.DataFrame([{"f": f0, "label": label}]))
    rule = threshold.mark_rule(color=charts.PALETTE[1], strokeDash=[6, 3], strokeWidth=2).encode(x="f:Q")
    rule_text = threshold.mark_text(align="left", dx=6, fontSize=charts.TEXT_SIZE, color="#111",
                                    **({"lineBreak": "\n"} if phone else {})).encode(
        x="f:Q", y=alt.value(92 if phone else 112), text="label:N")
    here = alt.Chart(df).transform_filter(chosen).mark_point(
        shape="diamond", size=160, filled=True, color=charts.PALETTE[0]).encode(
        x=growth_x, y=growth_y,
        tooltip=[alt.Tooltip("f:Q", title="Frequency (Hz)", format=".2f"),
                 alt.Tooltip("growth:Q", title="Last ÷ first", format=".2f")])
    growth_panel = (line + rule + rule_text + here).properties(width=width, height=130)
    return alt.vconcat(caption, train_panel, growth_panel, spacing=14).add_params(frequency)
