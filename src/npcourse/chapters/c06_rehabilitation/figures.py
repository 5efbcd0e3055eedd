"""Chapter 6 charts: the exercise-dose planner, the TENS explorer and the evidence map.

Every control is a Vega-Lite parameter, so the charts work in the static page. The heart-rate
arithmetic is written once as Vega expressions built from :mod:`.exercise_dosing` (and tested
against it); the TENS rules and the weekly progression are computed in Python by
:mod:`.tens` and :mod:`.exercise_dosing` and the charts only select rows, so chart and
package cannot disagree. Nothing here is an exercise prescription or a treatment protocol.
"""

from __future__ import annotations

import functools
import json
import math

import altair as alt
import pandas as pd

from npcourse.chapters.c06_rehabilitation import exercise_dosing, tens
from npcourse.facts import data
from npcourse.ui import charts, handles
from npcourse.ui import evidence_map as evidence
from npcourse.ui import sources as sources_in_words

__all__ = [
    "CHAPTER", "WIDTH", "LEARNING_NOTE", "PLANNER_CONTROLS", "TARGET_BANDS", "HR_MAX_EXPRESSIONS",
    "hr_max_expression", "band_pct_expression", "planner_bands", "exercise_dose_planner",
    "TENS_CONTROLS", "MODE_SHORT", "MODE_COLOURS", "NO_BOUND", "rules_frame", "RULE_MATCH",
    "region_frame", "tens_explorer", "MODALITIES", "safety_html", "safety_box", "evidence_map"
]

CHAPTER = "06-rehabilitation"
WIDTH = 448  # with the axis labels beside it, the chart fits the 688 px column
LEARNING_NOTE = "For learning — individual exercise prescription needs a clinical assessment."


_wrap = charts.wrap


# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH, wrap=72)


# --- exercise-dose planner -----------------------------------------------------------------

# The planner's controls: (label, min, max, step, start). Tomás of the chapter is the start
# (his age comes from people.yml, so the chapter and the planner cannot disagree).
PLANNER_CONTROLS = {
    "age": ("Age (years)", *exercise_dosing.AGE_RANGE, 1, data.person("tomas")["age"]),
    "hr_rest": ("Resting heart rate (beats per minute)", *exercise_dosing.RESTING_HR_RANGE, 1, 70),
}
TARGET_BANDS = ("light", "moderate", "vigorous")
# The same arithmetic as exercise_dosing.hr_max, in Vega syntax (tested against it).
HR_MAX_EXPRESSIONS = {"tanaka": "208 - 0.7 * age", "220-age": "220 - age"}


def hr_max_expression() -> str:
    """Vega expression for HRmax from the parameters ``age`` and ``formula``."""
    *first, last = HR_MAX_EXPRESSIONS.items()
    return "".join(f"formula == '{k}' ? ({e}) : " for k, e in first) + f"({last[1]})"


def band_pct_expression(edge: str) -> str:
    """Vega expression for the chosen band's low or high percentage (``edge`` 'low'/'high')."""
    parts = [f"target_band == '{b}' ? {getattr(exercise_dosing.band(b), edge + '_pct')}"
             for b in TARGET_BANDS]
    return " : ".join(parts) + " : 0"


def planner_bands() -> pd.DataFrame:
    return pd.DataFrame([{"id": b.id, "name": b.name, "label": b.label, "low_pct": b.low_pct,
                          "high_pct": b.high_pct, "order": i}
                         for i, b in enumerate(exercise_dosing.BANDS)])


def _planner_views(phone: bool) -> list[alt.TopLevelMixin]:
    """The planner's readout, zones, session bars and weekly line, for the book column or a phone.

    Phone: the target sum on two lines, each class named over its own bar (no axis labels
    beside the bars: they would leave the bars too little room), titles and the ACSM note
    re-wrapped, plots the phone's width."""
    # Every view starts where the weekly plots do, right of their minutes axes (about 55 px).
    width = charts.PHONE_WIDTH - 60 if phone else WIDTH
    bands = alt.Chart(planner_bands()).transform_filter("valid").transform_calculate(
        lo="hr_rest + datum.low_pct / 100 * hrr",
        hi="hr_rest + datum.high_pct / 100 * hrr",
        chosen="datum.id == target_band",
    ).transform_calculate(
        text="format(floor(datum.lo + 0.5), 'd') + '–' + format(floor(datum.hi + 0.5), 'd') + ' bpm'"
             " + (datum.chosen ? '  ◀ target' : '')",
    )
    x = alt.X("lo:Q", title="Heart rate (beats per minute)",
              scale=alt.Scale(domain=alt.ExprRef("[floor(hr_rest / 10) * 10, ceil(hrmax / 10) * 10]"),
                              nice=False), axis=alt.Axis(tickCount=5) if phone else alt.Axis())
    if phone:
        # Rows in pixels: the class name, then its range, then its bar.
        step = 58
        bands = bands.transform_calculate(top=f"datum.order * {step}", bar=f"datum.order * {step} + 34",
                                          bar_end=f"datum.order * {step} + 50")
        y = alt.Y("bar:Q", scale=None, axis=None)
        bar_y = {"y": y, "y2": "bar_end:Q"}
        text_y = {"y": y, "dy": -8}
        size = {"width": width, "height": step * len(planner_bands())}
    else:
        y = alt.Y("label:N", sort=list(planner_bands()["label"]), title="ACSM intensity class",
                  axis=alt.Axis(**charts.wrapped_labels(planner_bands()["label"], 22)))
        bar_y = {"y": y}
        text_y = {"y": y, "dy": -14}
        size = {"width": WIDTH, "height": alt.Step(44)}
    bars = bands.mark_bar(**({} if phone else {"height": 16}), stroke="#111").encode(
        x=x, x2="hi:Q", **bar_y,
        fill=alt.condition("datum.chosen", alt.value(charts.HIGHLIGHT), alt.value("#d9d9d9")),
        strokeWidth=alt.condition("datum.chosen", alt.value(3), alt.value(0.5)),
        tooltip=[alt.Tooltip("name:N", title="Class"), alt.Tooltip("text:N", title="Range")])
    dy = text_y.pop("dy")
    left = bands.transform_filter("datum.low_pct < 50").mark_text(
        align="left", dx=4, dy=dy, fontSize=charts.TEXT_SIZE, color="#111").encode(x="lo:Q", text="text:N", **text_y)
    right = bands.transform_filter("datum.low_pct >= 50").mark_text(
        align="right", dx=-4, dy=dy, fontSize=charts.TEXT_SIZE, color="#111").encode(x="hi:Q", text="text:N",
                                                                                      **text_y)
    guard_text = "Resting heart rate must be below maximal heart rate."
    guard = alt.Chart(pd.DataFrame({"t": [_wrap(guard_text, 34) if phone else guard_text]})
                      ).transform_filter("!valid").mark_text(
        fontSize=14, fontWeight="bold", color="#a40000", lineBreak="\n").encode(text="t:N")
    layers = [bars, left, right, guard]
    if phone:
        names = bands.mark_text(align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(0), y=alt.Y("top:Q", scale=None, axis=None), text="label:N")
        layers.insert(1, names)
    zones = alt.layer(*layers).properties(
        **size, **({"title": alt.TitleParams(["ACSM intensity class", "and its heart-rate range"])} if phone else {}))
    target_low = ("'Target: ' + format(hr_rest, 'd') + ' + ' + format(band_low / 100, '.2f') + ' × ' + "
                  "format(hrr, '.1f') + ' = ' + format(floor(hr_rest + band_low / 100 * hrr + 0.5), 'd')")
    target_high = ("format(hr_rest, 'd') + ' + ' + format(band_high / 100, '.2f') + ' × ' + "
                   "format(hrr, '.1f') + ' = ' + format(floor(hr_rest + band_high / 100 * hrr + 0.5), 'd') + ' bpm'")
    target = ([f"datum.row == 2 ? {target_low} : ", f"'to ' + {target_high}"] if phone
              else [f"{target_low} + ' to ' + {target_high}"])
    readout = alt.Chart(pd.DataFrame({"row": list(range(len(target) + 2))})).transform_filter(
        "valid").transform_calculate(
        text=(
            "datum.row == 0 ? 'HRmax (' + (formula == 'tanaka' ? '208 − 0.7 × ' + format(age, 'd') : "
            "'220 − ' + format(age, 'd')) + ') = ' + format(hrmax, '.1f') + ' bpm' : "
            "datum.row == 1 ? 'HRR = ' + format(hrmax, '.1f') + ' − ' + format(hr_rest, 'd') + ' = ' + "
            "format(hrr, '.1f') + ' bpm' : " + "".join(target)
        ),
    ).mark_text(align="left", baseline="top", fontSize=13, color="#111").encode(
        x=alt.value(0), y=alt.Y("row:O", axis=None), text="text:N").properties(
        width=width, height=20 * (len(target) + 2))
    plan = exercise_dosing.progression()
    weekly = alt.Chart(plan).transform_calculate(
        thr="floor(hr_rest + band_low / 100 * hrr + 0.5)",
        step="datum.intensity == 'lower edge of the band' ? 'lower edge of the band, about ' + "
             "format(datum.thr, 'd') + ' bpm' : datum.intensity",
    )
    tip = [alt.Tooltip("week:O", title="Week"), alt.Tooltip("sessions:Q", title="Sessions per week"),
           alt.Tooltip("minutes_per_session:Q", title="Minutes per session"),
           alt.Tooltip("minutes_per_week:Q", title="Minutes per week"),
           alt.Tooltip("step:N", title="Intensity")]
    week_x = alt.X("week:O", title="Week of the programme", axis=alt.Axis(labelAngle=0))
    progression = "Illustrative progression: time before intensity"
    session_bars = weekly.mark_bar(color=charts.PALETTE[0]).encode(
        x=week_x, y=alt.Y("minutes_per_session:Q", title="Minutes per session"),
        tooltip=tip).properties(width=width, height=120, title=alt.TitleParams(
            charts.label_lines(progression, 34)) if phone else progression)
    session_text = weekly.mark_text(dy=-6, fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=week_x, y="minutes_per_session:Q", text="minutes_per_session:Q")
    week_line = weekly.mark_line(color=charts.PALETTE[1], strokeWidth=2.5, point=alt.OverlayMarkDef(
        shape="diamond", size=70, color=charts.PALETTE[1])).encode(
        x=week_x, y=alt.Y("minutes_per_week:Q", title="Minutes per week"), tooltip=tip)
    acsm_note = "150 minutes a week: the ACSM target for moderate exercise in healthy adults"
    acsm = alt.Chart(pd.DataFrame({"m": [150], "label": [
        _wrap(acsm_note, 30) if phone else acsm_note.replace("moderate ", "moderate\n")]}))
    acsm_rule = acsm.mark_rule(strokeDash=[4, 3], color="#333").encode(y="m:Q")
    acsm_text = acsm.mark_text(align="left", baseline="top", dy=4, lineBreak="\n", fontSize=charts.TEXT_SIZE,
                               color="#111").encode(
        y="m:Q", x=alt.value(2), text="label:N")
    weeks_chart = alt.layer(week_line, acsm_rule, acsm_text).properties(
        width=width, height=190 if phone else 130)
    return [readout, zones, alt.layer(session_bars, session_text), weeks_chart]


def exercise_dose_planner(*, age: int = 64, hr_rest: int = 70, formula: str = "tanaka",
                          target_band: str = "moderate") -> alt.VConcatChart:
    """Age, resting heart rate, HRmax formula and target class → zones and a weekly plan.

    Handles (where the controls start; the defaults are Tomás of the chapter):
        age: age in years, a whole number from 18 to 90.
        hr_rest: resting heart rate in beats per minute, a whole number from 40 to 100.
        formula: maximal heart rate formula, 'tanaka' (208 − 0.7 × age) or '220-age'.
        target_band: target intensity, 'light', 'moderate' or 'vigorous'.
    """
    given = {"age": age, "hr_rest": hr_rest}
    starts = {p: handles.slider(p, given[p], lo, hi, step)
              for p, (_label, lo, hi, step, _start) in PLANNER_CONTROLS.items()}
    formula = handles.option("formula", formula, exercise_dosing.FORMULAS)
    target_band = handles.option("target_band", target_band, TARGET_BANDS)
    params = [alt.param(name=p, value=starts[p], bind=alt.binding_range(
        min=lo, max=hi, step=step, name=f"{label}: "))
        for p, (label, lo, hi, step, _start) in PLANNER_CONTROLS.items()]
    params.append(alt.param(name="formula", value=formula, bind=alt.binding_radio(
        options=list(exercise_dosing.FORMULAS),
        labels=[f"Tanaka {exercise_dosing.FORMULAS['tanaka']}", exercise_dosing.FORMULAS["220-age"]],
        name="Maximal heart rate formula: ")))
    params.append(alt.param(name="target_band", value=target_band, bind=alt.binding_radio(
        options=list(TARGET_BANDS), labels=[exercise_dosing.band(b).name for b in TARGET_BANDS],
        name="Target intensity: ")))
    derived = [
        alt.param(name="hrmax", expr=hr_max_expression()),
        alt.param(name="hrr", expr="hrmax - hr_rest"),
        alt.param(name="valid", expr="hr_rest < hrmax"),
        alt.param(name="band_low", expr=band_pct_expression("low")),
        alt.param(name="band_high", expr=band_pct_expression("high")),
    ]
    rule = exercise_dosing.ProgressionRule()
    notes = _text_panel([
        f"Rule of this illustration (not a guideline): one variable changes at a time, every "
        f"{rule.step_every} weeks. First session time ({rule.start_minutes} minutes, plus "
        f"{rule.step_minutes} minutes a step up to {rule.cap_minutes}), then sessions a week "
        f"({rule.sessions}, one more a step up to {rule.later_sessions}); intensity stays at the "
        "lower edge of the chosen class until both are reached. Weekly minutes never rise by more "
        f"than {round(100 * exercise_dosing.MAX_WEEKLY_RISE)}% from one week to the next.",
        f"Sources: Tanaka formula ({sources_in_words.labels(['tanaka2001age', 'zhu2010longitudinal'])}); "
        "220 − age was not derived from original research and misses by about 7–11 bpm "
        f"({sources_in_words.label('robergs2002history')}); Karvonen "
        f"({sources_in_words.label('carvalho2020rehab')}); intensity classes and 150 minutes a week "
        f"({sources_in_words.label('garber2011quantity')}).",
        LEARNING_NOTE + " " + exercise_dosing.HEART_NOTE + " ("
        + sources_in_words.labels(exercise_dosing.HEART_SOURCES) + ")",
        f"The resting heart-rate slider stops at {exercise_dosing.RESTING_HR_CHECK} bpm: above that, check "
        "first; no zone is calculated.",
    ])
    return charts.finish(
        alt.vconcat(*_planner_views(phone=False), notes).add_params(*params, *derived),
        title="Exercise-dose planner: heart-rate zones and a weekly progression",
        description=("Sliders set age and resting heart rate; buttons choose the maximal heart "
                     "rate formula (Tanaka 208 − 0.7 × age or 220 − age) and the target intensity "
                     "(light, moderate or vigorous). Text gives HRmax, heart-rate reserve and the "
                     "Karvonen target range. Horizontal bars show each ACSM intensity class in "
                     "beats per minute, each labelled with its range; the target class is orange "
                     "with a thick outline and the word 'target'. Below, bars show minutes per "
                     "session and a line with diamond markers shows minutes per week for weeks 1 "
                     "to 12 of an illustrative progression, with a dashed line at 150 minutes a "
                     "week. " + LEARNING_NOTE),
        phone=alt.vconcat(*_planner_views(phone=True)).add_params(*params, *derived),
    )


# --- TENS explorer -------------------------------------------------------------------------

TENS_CONTROLS = {  # parameter: (label, min, max, step, start)
    "frequency": ("Frequency (pulses per second, Hz)", *tens.FREQUENCY_RANGE, 1, 100),
    "pulse_width": ("Pulse width (microseconds, µs)", *tens.PULSE_WIDTH_RANGE, 10, 100),
}
MODE_SHORT = {"conventional": "Conventional", "acupuncture-like": "Acupuncture-like",
              "between": "Between the modes", "painful": "Painful", "sub-sensory": "Below sensation"}
MODE_COLOURS = {"conventional": charts.PALETTE[0], "acupuncture-like": charts.PALETTE[2],
                "between": "#bbbbbb", "painful": charts.PALETTE[1], "sub-sensory": "#dddddd"}
NO_BOUND = 1e9  # stands for "no frequency bound" in the rules table
TENS_PHONE_WRAP = 38  # characters per line of the readout in the phone layout
# A mode's name where its region of the map is too narrow for it on a phone (the key under the
# phone map spells it out).
MODE_ON_PHONE = {"conventional": "Conv."}


def _rule_text(r, wrap: int) -> str:
    return "\n".join([
        _wrap(f"Mode: {r.label}", wrap),
        _wrap(f"Rule that fired: {r.condition}.", wrap),
        _wrap(f"What it is thought to do: {r.thought_to}", wrap),
        _wrap(f"Sources: {sources_in_words.labels(r.sources)}" if r.sources else
              "Sources: none (the sources describe the two classic modes only)", wrap),
    ])


def rules_frame() -> pd.DataFrame:
    """tens.RULES (and the fallback) as rows the chart filters with :data:`RULE_MATCH`.

    ``text`` is the readout for the book column, ``text_phone`` the same on shorter lines."""
    rows = []
    for priority, r in enumerate((*tens.RULES, tens.BETWEEN)):
        rows.append({
            "priority": priority, "mode": r.mode, "label": r.label,
            "ints": "|" + "|".join(r.intensities) + "|",
            "fmin": -NO_BOUND if r.above_hz is None else r.above_hz,
            "fmax": NO_BOUND if r.below_hz is None else r.below_hz,
            "text": _rule_text(r, 62), "text_phone": _rule_text(r, TENS_PHONE_WRAP),
        })
    return pd.DataFrame(rows)


# The same test as tens.Rule.matches, in Vega syntax (tested against it). Written without ?:
# so that the tests can evaluate it in Python too.
RULE_MATCH = ("indexof(datum.ints, '|' + intensity + '|') >= 0 && frequency > datum.fmin && "
              "frequency < datum.fmax")


def region_frame() -> pd.DataFrame:
    """Rectangles of the frequency × intensity map, each labelled with its mode (tens.classify)."""
    cuts = sorted({b for r in tens.RULES for b in (r.above_hz, r.below_hz)
                   if b is not None and tens.FREQUENCY_RANGE[0] < b < tens.FREQUENCY_RANGE[1]})
    edges = [tens.FREQUENCY_RANGE[0], *cuts, tens.FREQUENCY_RANGE[1]]
    rows = []
    for intensity, label in tens.INTENSITIES.items():
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            m = tens.mode(math.sqrt(lo * hi), tens.PULSE_WIDTH_RANGE[0], intensity)
            if rows and rows[-1]["intensity"] == label and rows[-1]["mode"] == m:
                rows[-1]["hi"] = hi
            else:
                rows.append({"intensity": label, "mode": m, "lo": lo, "hi": hi})
    for r in rows:
        r["short"] = MODE_SHORT[r["mode"]]
        r["mid"] = math.sqrt(r["lo"] * r["hi"])
    return pd.DataFrame(rows)


def _tens_views(phone: bool) -> list[alt.TopLevelMixin]:
    """The TENS explorer's setting, readout and map, for the book column or a phone.

    Phone: the readout on shorter lines, each intensity named over its row of the map (so
    the map has the full width), "Conv." in the narrow conventional regions with a key."""
    width = charts.PHONE_WIDTH - 20 if phone else WIDTH
    order = list(reversed(tens.INTENSITIES.values()))  # strongest at the top
    x = alt.X("lo:Q", title="Frequency (Hz, logarithmic scale)",
              scale=alt.Scale(type="log", domain=list(tens.FREQUENCY_RANGE), nice=False),
              axis=alt.Axis(values=[1, 2, 5, 10, 20, 50, 150] if phone else [1, 2, 5, 10, 20, 50, 100, 150],
                            labelFlush=True))
    regions = alt.Chart(region_frame()).transform_calculate(
        shown=" : ".join(f"datum.mode == '{m}' ? '{t}'" for m, t in MODE_ON_PHONE.items()) + " : datum.short"
        if phone else "datum.short")
    if phone:
        # Rows in pixels: the intensity's name, then its strip of the map.
        # Rows in pixels: the intensity's name, then its strip: the mode's name in the strip's
        # upper half, the diamond (where the setting is) in its lower half.
        step = 58
        regions = regions.transform_calculate(
            row=f"indexof({json.dumps(order)}, datum.intensity)").transform_calculate(
            top=f"datum.row * {step}", strip=f"datum.row * {step} + 20", strip_end=f"datum.row * {step} + 56",
            middle=f"datum.row * {step} + 30")
        y = alt.Y("strip:Q", scale=None, axis=None)
        rect_y, label_y = {"y": y, "y2": "strip_end:Q"}, {"y": alt.Y("middle:Q", scale=None, axis=None)}
        size = {"width": width, "height": step * len(order)}
    else:
        # Intensity names on two lines keep the map and the text above it within the book's column.
        y = alt.Y("intensity:N", sort=order, title=None,
                  axis=alt.Axis(labelLimit=0, **charts.wrapped_labels(order, 24)))
        rect_y, label_y = {"y": y}, {"y": y, "dy": -10}
        size = {"width": WIDTH - 80, "height": alt.Step(40)}
    dy = label_y.pop("dy", 0)
    rects = regions.mark_rect(stroke="white", strokeWidth=2, opacity=0.45).encode(
        x=x, x2="hi:Q", **rect_y,
        fill=alt.Fill("mode:N", scale=alt.Scale(domain=list(MODE_COLOURS),
                                                range=list(MODE_COLOURS.values())), legend=None),
        tooltip=[alt.Tooltip("short:N", title="Mode"), alt.Tooltip("intensity:N", title="Intensity"),
                 alt.Tooltip("lo:Q", title="From (Hz)"), alt.Tooltip("hi:Q", title="To (Hz)")])
    labels = regions.mark_text(fontSize=charts.TEXT_SIZE, dy=dy, color="#111").encode(
        x=alt.X("mid:Q"), text="shown:N", **label_y)
    labels_map = dict(tens.INTENSITIES)
    current = alt.Chart(pd.DataFrame({"k": [0]})).transform_calculate(
        f="frequency",
        intensity=" : ".join(f"intensity == '{k}' ? '{v}'" for k, v in labels_map.items()) + " : ''",
    )
    if phone:
        current = current.transform_calculate(
            middle=f"indexof({json.dumps(order)}, datum.intensity) * {step} + 46")
    marker = current.mark_point(shape="diamond", size=260, filled=True, color="#111", stroke="white",
                                strokeWidth=1.5).encode(x=alt.X("f:Q"), **(label_y if phone else {"y": y}))
    layers = [rects, labels, marker]
    if phone:
        layers.append(regions.transform_filter(f"datum.lo == {tens.FREQUENCY_RANGE[0]}").mark_text(
            align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(0), y=alt.Y("top:Q", scale=None, axis=None), text="intensity:N"))
    grid = alt.layer(*layers).properties(**size)
    rules = rules_frame()
    field = "text_phone" if phone else "text"
    n_lines = max(t.count("\n") + 1 for t in rules[field])
    readout = alt.Chart(rules).transform_filter(RULE_MATCH).transform_window(
        rank="row_number()", sort=[alt.SortField("priority")]).transform_filter(
        "datum.rank == 1").mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                                     color="#111").encode(
        x=alt.value(0), y=alt.value(2), text=f"{field}:N").properties(width=width, height=16 * n_lines + 4)
    # On a phone "intensity strong but comfortable (no contraction)" takes two lines, the bracket
    # on the second.
    shown = {k: v.replace(" (", "\n(") if phone else v for k, v in labels_map.items()}
    setting = alt.Chart(pd.DataFrame({"k": [0]})).transform_calculate(
        text="'Your setting: ' + format(frequency, 'd') + ' Hz, ' + format(pulse_width, 'd') + "
             "' µs,\\nintensity ' + " + "(" + " : ".join(
                 f"intensity == '{k}' ? {json.dumps(v)}" for k, v in shown.items()) + " : '')",
    ).mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color="#111",
                lineBreak="\n").encode(
        x=alt.value(0), y=alt.value(2), text="text:N").properties(width=width, height=54 if phone else 38)
    views = [setting, readout, grid]
    if phone:
        key = "; ".join(f"{t} = {MODE_SHORT[m]}" for m, t in MODE_ON_PHONE.items())
        # Drawn (not a text panel, which the book prints once, from the desktop layout).
        views.append(alt.Chart(pd.DataFrame({"t": [f"In the map: {key}."]})).mark_text(
            align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(0), y=alt.value(0), text="t:N").properties(width=width, height=18))
    return views


def tens_explorer(*, frequency: float = 100, pulse_width: float = 100,
                  intensity: str = "strong-comfortable") -> alt.VConcatChart:
    """Frequency, pulse width and intensity → the TENS mode, the rule that fired and its sources.

    Handles (where the controls start):
        frequency: pulses per second (Hz), a whole number from 1 to 150.
        pulse_width: pulse width in microseconds, 50 to 400 in steps of 10.
        intensity: what the person feels, one of ``tens.INTENSITIES`` (e.g. 'comfortable-tingling').
    """
    given = {"frequency": frequency, "pulse_width": pulse_width}
    starts = {p: handles.slider(p, given[p], lo, hi, step)
              for p, (_label, lo, hi, step, _start) in TENS_CONTROLS.items()}
    intensity = handles.option("intensity", intensity, tens.INTENSITIES)
    params = [alt.param(name=p, value=starts[p], bind=alt.binding_range(
        min=lo, max=hi, step=step, name=f"{label}: "))
        for p, (label, lo, hi, step, _start) in TENS_CONTROLS.items()]
    params.append(alt.param(name="intensity", value=intensity, bind=alt.binding_radio(
        options=list(tens.INTENSITIES), labels=list(tens.INTENSITIES.values()),
        name="Intensity (what the person feels): ")))
    record = data.by_id("therapies", "therapies")["tens"]
    notes = _text_panel([
        f"Safety first: {tens.SAFETY_NOTE} ({sources_in_words.labels(tens.SAFETY_SOURCES)})",
        f"{tens.PULSE_WIDTH_NOTE} ({sources_in_words.labels(tens.PULSE_WIDTH_SOURCES)})",
        f"Evidence in neuropathic pain: {record['certainty'].replace('-', ' ')} certainty (Cochrane "
        f"review, {sources_in_words.label('gibson2017tens')}). Daily repeated TENS lost its effect by day 5 in healthy "
        f"volunteers ({sources_in_words.label('liebano2011tolerance')}).",
        "For learning — not a treatment protocol. Frequencies exactly at 10 Hz and 50 Hz fall "
        "between the modes (the rules say below 10 Hz and above 50 Hz).",
    ])
    return charts.finish(
        alt.vconcat(*_tens_views(phone=False), notes).add_params(*params),
        title="TENS explorer: conventional and acupuncture-like settings",
        description=("Sliders set the frequency (1 to 150 Hz) and pulse width (50 to 400 µs); "
                     "buttons set the intensity the person feels, from below sensation to "
                     "painful. Text names the matching TENS mode, the rule that fired, what the "
                     "mode is thought to do and its sources. A map below plots intensity against "
                     "frequency on a logarithmic axis, with each region labelled by its mode "
                     "(conventional above 50 Hz at sensory intensity, acupuncture-like below 10 Hz "
                     "at muscle contraction, between the modes, painful, below sensation) and a "
                     "black diamond at the current setting. Pulse width is shown but not used."),
        phone=alt.vconcat(*_tens_views(phone=True)).add_params(*params),
    )


# --- safety boxes (contraindications, precautions, sensation rule) -------------------------

# Devices and physical modalities taught in this chapter: each has a `safety` record in
# therapies.yml that the chapter renders where it is taught (tested).
MODALITIES = ("tens", "other-electrical-stimulation", "heat", "cold")
_SOURCE_LABELS = {"nice_ng59": "NICE NG59", "prizm_microz_label": "TENS device labelling",
                  "houghton2010epa": "Houghton 2010", "colberg2016ada": "ADA, Colberg 2016",
                  "bus2024iwgdf": "IWGDF, Bus 2024", "jose2005hotwater": "Jose 2005"}


def _source_label(key: str) -> str:
    if key in _SOURCE_LABELS:
        return _SOURCE_LABELS[key]
    import re
    m = re.match(r"([a-z]+?)(\d{4})", key)
    return f"{m.group(1).capitalize()} {m.group(2)}" if m else key


def safety_html(therapy_id: str) -> str:
    """The sourced safety record of a device or modality (therapies.yml) as an HTML box."""
    import html
    recs = data.by_id("therapies", "therapies")
    if therapy_id not in recs:
        raise ValueError(f"therapy_id must be a record of therapies.yml, got {therapy_id!r}")
    rec = recs[therapy_id]
    if "safety" not in rec:
        raise ValueError(f"therapy {therapy_id!r} has no safety record in therapies.yml")
    saf = rec["safety"]

    def items(xs):
        return "".join(f"<li>{html.escape(x)}</li>" for x in xs)

    parts = [f'<div class="admonition warning" role="note"><p class="admonition-title">'
             f"Safety: {html.escape(rec['name'])}</p>"]
    if saf.get("sensation_rule"):
        parts.append(f"<p><strong>Sensation rule.</strong> {html.escape(saf['sensation_rule'])}</p>")
    parts.append(f"<p><strong>Do not use (contraindications):</strong></p><ul>{items(saf['contraindications'])}</ul>")
    parts.append(f"<p><strong>Take care (precautions):</strong></p><ul>{items(saf['precautions'])}</ul>")
    if saf.get("guidance"):
        parts.append(f"<p><strong>Guidelines:</strong></p><ul>{items(saf['guidance'])}</ul>")
    parts.append("<p><em>Sources: " + "; ".join(_source_label(k) for k in saf["sources"])
                 + ".</em></p></div>")
    return "".join(parts)


def safety_box(*therapy_ids: str):
    """:func:`safety_html` of one or more records, for a notebook or the built book."""
    from IPython.display import HTML
    if not therapy_ids:
        raise ValueError("safety_box needs at least one therapy id, e.g. 'tens'")
    return HTML("".join(safety_html(t) for t in therapy_ids))


# --- evidence map --------------------------------------------------------------------------

def evidence_map(*, highlight_level: str = "none", approach: str | None = None) -> alt.VConcatChart:
    """This chapter's approaches by certainty of evidence (the course's generic evidence map).

    Handles (where the menus start):
        highlight_level: column highlighted, 'none', 'high', 'moderate', 'low', 'very-low' or 'insufficient'.
        approach: id of the approach whose evidence is read out (None = the first of the chapter).
    """
    return evidence.evidence_map(CHAPTER, highlight_level=highlight_level, approach=approach)
