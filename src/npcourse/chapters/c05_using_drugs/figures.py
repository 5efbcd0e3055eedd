"""Chapter 5 charts: the dosing simulator, gabapentinoid absorption, kidney dose bands, the
adverse-effect table and the patient-profile explorer.

Every control is a Vega-Lite parameter, so the charts work in the static page. The dosing
simulator's closed-form model is simple arithmetic, so it is written once here as a Vega
expression and tested against :mod:`.pharmacokinetics`; everything that needs a rule
or the data (absorption, dose bands, profile flags) is precomputed in Python and the chart
only picks the matching row, so chart and package cannot disagree. Doses, bands and
fractions come from drugs.yml, never typed here.
"""

from __future__ import annotations

import functools
import math
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from npcourse import validate
from npcourse.chapters.c05_using_drugs import pharmacokinetics
from npcourse.facts import data
from npcourse.models import renal
from npcourse.models.drugs import GABAPENTINOIDS, unverified
from npcourse.models.prescribing import (
    FLAGS,
    FORMULARY_NOTE,
    LEVEL_CODE,
    PROFILE_RULES,
    first_line_drugs,
    profile_codes,
)
from npcourse.models.renal import CURRENT_BAND
from npcourse.ui import charts, handles, tables
from npcourse.ui import sources as sources_in_words

__all__ = [
    "WIDTH", "NOT_A_PRESCRIBING_AID", "PK_CONTROLS", "INTERVALS", "POINTS_PER_INTERVAL",
    "MARKED_HALF_LIVES", "concentration_expression", "loading_extra_expression",
    "accumulation_expression", "half_life_presets", "pk_simulator", "ABSORPTION_STEP",
    "absorption_frame", "gabapentinoid_absorption", "renal_frame", "SCALED_DOSE", "SHOWN",
    "BAR_CHAR_PX", "renal_dose_bands", "adverse_effect_rows", "adverse_effect_table", "CAUTION_GROUPS",
    "caution_entries", "caution_details", "LEVEL_TEXT", "mask_expression", "profile_rules_frame",
    "patient_profile"
]

WIDTH = 460
PK_PLOT_WIDTH = WIDTH - 60  # the repeated-dosing plot; its level names stand in the margin right of it
ABSORPTION_PHONE_WIDTH = 200  # px: an absorption plot in a phone's column, right of its axis
PK_PHONE_PLOT_WIDTH = 170  # the same in a phone's column, between the axis and the level names
REASON_WRAP = 62  # characters per line of a patient-profile reason (13 px text in WIDTH px)
NOT_A_PRESCRIBING_AID = "Learning tool, not a prescribing aid."


_wrap = charts.wrap
# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH)


def _drugs() -> dict[str, dict]:
    return data.by_id("drugs", "drugs")


# --- dosing simulator ----------------------------------------------------------------------

PK_CONTROLS = {  # parameter: (label, min, max, step, start)
    "dose": ("Dose of the fictional drug (mg)", 50, 400, 50, 200),
    "half_life": ("Half-life (hours), used when 'fictional drug' is chosen", 2, 48, 1, 12),
    "bioavailability": ("Bioavailability F (fraction absorbed)", 0.1, 1.0, 0.05, 1.0),
}
INTERVALS = [6, 8, 12, 24]  # hours between doses
POINTS_PER_INTERVAL = 16
MARKED_HALF_LIVES = (4, 5)


def concentration_expression(F="F", D="D", V="V", k="k", tau="tau", n="n", s="s") -> str:
    """C after dose n+1 (n = 0, 1, ...) at time s since that dose; valid in Vega and in Python.

    (F·D/V) · exp(−k·s) · (1 − exp(−k·(n+1)·τ)) / (1 − exp(−k·τ))
    """
    return (f"({F}) * ({D}) / ({V}) * exp(-({k}) * ({s})) * (1 - exp(-({k}) * (({n}) + 1) * ({tau})))"
            f" / (1 - exp(-({k}) * ({tau})))")


def loading_extra_expression(F="F", D="D", V="V", k="k", tau="tau", t="t") -> str:
    """Extra concentration from a loading dose D/(1 − e^(−kτ)) given instead of the first dose."""
    return f"({F}) * ({D}) * (1 / (1 - exp(-({k}) * ({tau}))) - 1) / ({V}) * exp(-({k}) * ({t}))"


def accumulation_expression(k="k", tau="tau") -> str:
    return f"1 / (1 - exp(-({k}) * ({tau})))"


def half_life_presets() -> list[tuple[str, str, float]]:
    """(id, label, half-life in hours) for drugs whose half-life the data gives in hours."""
    out = []
    for d in data.records("drugs", "drugs"):
        hl = d.get("half_life")
        if not hl or hl.get("unit") not in ("hours", "hour", "h"):
            continue
        mid = (hl["low"] + hl["high"]) / 2
        span = f"{hl['low']:g} hours" if hl["low"] == hl["high"] else \
            f"{hl['low']:g}–{hl['high']:g} hours, midpoint {mid:g} used"
        out.append((d["id"], f"{d['name'].split(' (')[0]} ({span})", mid))
    return out


def _pk_views(presets: list[tuple[str, str, float]], *, phone: bool) -> list:
    """The simulator's readout and plot, for the desktop column or a phone's (the caller adds the
    params both use)."""
    # Phone: a narrower plot; the level names keep their margin right of it.
    plot_width = PK_PHONE_PLOT_WIDTH if phone else PK_PLOT_WIDTH
    m = POINTS_PER_INTERVAL
    longest = max([PK_CONTROLS["half_life"][2], *(h for _, _, h in presets)])
    n_max = math.ceil(6 * longest / min(INTERVALS)) + 1
    plain = concentration_expression("bioavailability", "dose", "1", "kel", "interval", "datum.n",
                                     "datum.s")
    extra = loading_extra_expression("bioavailability", "dose", "1", "kel", "interval", "datum.t")
    curve = alt.Chart(alt.sequence(0, n_max * (m + 1), as_="i")).transform_calculate(
        n=f"floor(datum.i / {m + 1})", j=f"datum.i % {m + 1}",
    ).transform_calculate(s=f"interval * datum.j / {m}").transform_calculate(
        t="datum.n * interval + datum.s",
    ).transform_filter("datum.t <= horizon").transform_calculate(
        **{"Maintenance doses only": plain,
           "With a loading dose": f"({plain}) + ({extra})"},
    ).transform_fold(["Maintenance doses only", "With a loading dose"], as_=["series", "c"]
                     ).transform_filter("loading || datum.series == 'Maintenance doses only'")
    x = alt.X("t:Q", title="Time since the first dose (hours)",
              scale=alt.Scale(domain=alt.ExprRef("[0, horizon]")),
              axis=alt.Axis(tickCount=4) if phone else alt.Undefined)  # fewer ticks in a narrow plot
    y = alt.Y("c:Q", title="Relative concentration (arbitrary units)",
              scale=alt.Scale(domain=alt.ExprRef("[0, ymax]")))
    lines = curve.mark_line(strokeWidth=2.5).encode(
        x=x, y=y, detail="series:N",
        color=alt.Color("series:N", title="Curve", scale=alt.Scale(
            domain=["Maintenance doses only", "With a loading dose"],
            range=[charts.PALETTE[0], charts.PALETTE[1]]),
            legend=alt.Legend(orient="bottom" if phone else "top", labelLimit=300,
                              direction="vertical" if phone else "horizontal")),
        strokeDash=alt.StrokeDash("series:N", title="Curve", scale=alt.Scale(
            domain=["Maintenance doses only", "With a loading dose"], range=[[1, 0], [6, 3]])),
        tooltip=[alt.Tooltip("series:N", title="Curve"),
                 alt.Tooltip("t:Q", title="Time (hours)", format=".1f"),
                 alt.Tooltip("c:Q", title="Relative concentration", format=".1f")],
    )
    levels = alt.Chart(pd.DataFrame({"which": ["peak", "trough"],
                                     "order": [0, 1]})).transform_calculate(
        c="bioavailability * dose * ratio * (datum.order == 0 ? 1 : exp(-kel * interval))",
        label="datum.which + ' ' + format(datum.c, '.0f')",
    )
    level_rules = levels.mark_rule(color="#111", strokeDash=[2, 2]).encode(y=alt.Y("c:Q"))
    # The steady-state levels are named in the margin right of the plot, where the half-life
    # lines' labels never reach; the peak's name sits above its line, the trough's below its own,
    # so the two never print over each other however close the levels are.
    level_text = [levels.transform_filter(f"datum.order == {order}").mark_text(
        align="left", baseline=baseline, dx=4, fontSize=charts.TEXT_SIZE, color="#111").encode(
        y="c:Q", x=alt.value(plot_width), text="label:N") for order, baseline in ((0, "bottom"), (1, "top"))]
    marks = alt.Chart(pd.DataFrame([
        {"n": n, "label": f"{n} half-lives: {pharmacokinetics.fraction_of_steady_state(n):.1%} "
                          "of steady state"} for n in MARKED_HALF_LIVES])
    ).transform_calculate(t="datum.n * th").transform_filter("datum.t <= horizon")
    half_rules = marks.mark_rule(color=charts.MUTED, strokeWidth=1.5).encode(x=alt.X("t:Q"))
    # Each label reads up its line, left of it; on a phone the two lines can stand closer than a
    # line of text (short half-life, long interval), so the 5-half-lives label goes right of its line.
    half_text = [marks.transform_filter(f"datum.n == {n}").mark_text(
        angle=270, align="right", baseline=baseline, dx=-4, dy=3 if baseline == "top" else -3,
        fontSize=charts.TEXT_SIZE, color="#111").encode(x="t:Q", y=alt.value(0), text="label:N")
        for n, baseline in zip(MARKED_HALF_LIVES, ("bottom", "top" if phone else "bottom"), strict=True)]
    key = "Dotted lines: steady-state peak and trough"
    layers = alt.layer(lines, level_rules, *level_text, half_rules, *half_text)
    readout_lines = [
        "'Half-life ' + format(th, '.3~g') + ' h: steady state after about 4–5 half-lives = ' "
        "+ format(4 * th, '.0f') + '–' + format(5 * th, '.0f') + ' hours, whatever the dose.'",
        "'Accumulation ratio (steady-state peak ÷ first peak) = ' + format(ratio, '.2f') + "
        "'; loading dose = ' + format(dose * ratio, '.0f') + ' mg.'",
    ]
    if phone:  # the readout on more lines, above the plot and its axis (a title framed by both)
        title = charts.readout_title(charts.wrapped_lines([*readout_lines, f"'{key}'"], charts.PHONE_WRAP))
        return [layers.properties(width=plot_width, height=320, title=title)]
    chart = layers.properties(width=plot_width, height=280, title=alt.TitleParams(
        key, fontSize=charts.TEXT_SIZE, fontWeight="normal"))
    readout = alt.Chart(pd.DataFrame({"x": [0]})).transform_calculate(
        line1=readout_lines[0], line2=readout_lines[1],
    ).transform_fold(["line1", "line2"], as_=["k", "text"]).transform_calculate(
        row="datum.k == 'line1' ? 0 : 1",
    ).mark_text(align="left", baseline="top", fontSize=13, color="#111").encode(
        x=alt.value(0), y=alt.Y("row:O", axis=None), text="text:N").properties(
        width=WIDTH, height=40)
    return [readout, chart]


def pk_simulator(*, dose: float = 200, interval: int = 12, half_life: float = 12,
                 preset: str = "fictional", bioavailability: float = 1.0,
                 loading: bool = False) -> alt.VConcatChart:
    """Sliders for dose, interval, half-life and bioavailability, and a loading-dose checkbox.

    Handles (where the controls start; ranges in ``PK_CONTROLS``):
        dose: dose of the fictional drug, 50 to 400 mg in steps of 50.
        interval: hours between doses, one of ``INTERVALS`` (6, 8, 12, 24).
        half_life: half-life in hours used for the fictional drug, 2 to 48 in steps of 1.
        preset: 'fictional' (half-life from the slider) or a drug id of ``half_life_presets()``.
        bioavailability: fraction absorbed F, 0.1 to 1 in steps of 0.05.
        loading: True to start with the loading-dose box ticked.
    """
    presets = half_life_presets()
    given = {"dose": dose, "half_life": half_life, "bioavailability": bioavailability}
    starts = {p: handles.slider(p, given[p], lo, hi, step)
              for p, (_label, lo, hi, step, _start) in PK_CONTROLS.items()}
    interval = handles.option("interval", interval, INTERVALS)
    preset = handles.option("preset", preset, ["fictional", *(p[0] for p in presets)])
    loading = handles.flag("loading", loading)
    params = [alt.param(name=p, value=starts[p], bind=alt.binding_range(
        min=lo, max=hi, step=step, name=f"{label}: ")) for p, (label, lo, hi, step, _start)
        in PK_CONTROLS.items()]
    params.insert(1, alt.param(name="interval", value=interval, bind=alt.binding_select(
        options=INTERVALS, labels=[f"every {h} hours" for h in INTERVALS],
        name="Dosing interval: ")))
    params.insert(2, alt.param(name="preset", value=preset, bind=alt.binding_select(
        options=["fictional", *(p[0] for p in presets)],
        labels=["Fictional drug (half-life from the slider)", *(p[1] for p in presets)],
        name="Half-life: ")))
    params.append(alt.param(name="loading", value=loading, bind=alt.binding_checkbox(
        name="Start with a loading dose D / (1 − e^(−kτ)): ")))
    chosen = "".join(f"preset == '{i}' ? {h:g} : " for i, _, h in presets) + "half_life"
    derived = [
        alt.param(name="th", expr=chosen),
        alt.param(name="kel", expr="log(2) / th"),
        alt.param(name="horizon", expr="max(6 * th, 4 * interval)"),
        alt.param(name="ratio", expr=accumulation_expression("kel", "interval")),
        alt.param(name="ymax", expr=f"1.1 * {PK_CONTROLS['dose'][2]} * ratio"),
    ]
    desktop = _pk_views(presets, phone=False)
    notes = _text_panel([
        "Teaching model: one compartment, absorption taken as instantaneous and first-order "
        "elimination (k = ln 2 / half-life), so each dose adds F × dose to what is left. Real "
        "absorption takes time, so real peaks are lower and later. The concentration axis is "
        "relative: no real volume or target concentration is claimed.",
        "Try: double the dose (the plateau doubles, the time to reach it does not change); "
        "then tick the loading dose and compare the first day.",
    ])
    return charts.finish(
        alt.vconcat(*desktop, notes).add_params(*params, *derived),
        title="Repeated dosing: accumulation to steady state",
        # The half-life slider is read only for the fictional drug: greyed while a real one is chosen.
        active_when={"half_life": ("preset", ["fictional"])},
        description=("Sliders set the dose, the half-life (or a real drug's half-life from its "
                     "product information) and the bioavailability; a menu sets the dosing interval and "
                     "a checkbox adds a loading dose. The chart draws the relative concentration "
                     "against time in hours as a sawtooth that climbs to a plateau, with dotted "
                     "lines at the steady-state peak and trough and vertical lines at 4 and 5 "
                     "half-lives. With the loading dose a dashed second curve starts at the "
                     "plateau. Text above the chart gives the time to steady state and the "
                     "accumulation ratio."),
        phone=alt.vconcat(*_pk_views(presets, phone=True)).add_params(*params, *derived),
    )


# --- absorption ----------------------------------------------------------------------------

ABSORPTION_STEP = {"gabapentin": 100, "pregabalin": 25}  # slider steps, mg/day


def absorption_frame(drug_id: str) -> pd.DataFrame:
    """Fraction and amount absorbed on a grid of daily doses (from pharmacokinetics)."""
    lo, hi = pharmacokinetics.absorption_range(drug_id)
    step = ABSORPTION_STEP[drug_id]
    doses = np.arange(lo, hi + step / 2, step)
    first = pharmacokinetics.fraction_absorbed(drug_id, lo)
    rows = []
    for d in doses:
        f = pharmacokinetics.fraction_absorbed(drug_id, float(d))
        rows.append({"dose": float(d), "fraction": round(f, 4), "amount": round(d * f, 1),
                     "proportional": round(d * first, 1)})
    return pd.DataFrame(rows)


def _absorption_panel(drug_id: str, start: float | None = None, *,
                      phone: bool = False) -> tuple[alt.LayerChart, alt.Parameter]:
    """One drug's panel and its slider, for the desktop column or (``phone``) a phone's: a narrower
    plot, fewer ticks, and the readout, band label and title on more lines."""
    drug = _drugs()[drug_id]
    name = drug["name"]
    df = absorption_frame(drug_id)
    lo, hi = df["dose"].min(), df["dose"].max()
    param = f"{drug_id}_dose"
    linear = pharmacokinetics.is_dose_proportional(drug_id)
    if start is None:  # the middle of the slider
        start = float(lo + (hi - lo) // 2 // ABSORPTION_STEP[drug_id] * ABSORPTION_STEP[drug_id])
    else:
        start = handles.slider(param, start, float(lo), float(hi), ABSORPTION_STEP[drug_id])
    slider = alt.param(name=param, value=start,
                       bind=alt.binding_range(min=lo, max=hi, step=ABSORPTION_STEP[drug_id],
                                              name=f"{name} total daily dose (mg/day): "))
    base = alt.Chart(df)
    ticks = alt.Axis(tickCount=4) if phone else alt.Undefined
    x_title = f"{name}: total daily dose (mg/day)"
    x = alt.X("dose:Q", title=charts.label_lines(x_title, 28) if phone else x_title, scale=alt.Scale(domain=[0, hi]),
              axis=ticks)
    y = alt.Y("amount:Q", title="Amount absorbed (mg/day)", scale=alt.Scale(domain=[0, hi]), axis=ticks)
    line = base.mark_line(color=charts.PALETTE[0], strokeWidth=2.5).encode(x=x, y=y)
    layers = [line]
    if not linear:
        layers.append(base.mark_line(color=charts.MUTED, strokeDash=[6, 3]).encode(
            x="dose:Q", y="proportional:Q"))
        pts = pd.DataFrame([{"dose": d, "amount": d * f, "fraction": f}
                            for d, f in pharmacokinetics.absorption_points(drug_id)])
        layers.append(alt.Chart(pts).mark_point(shape="circle", size=60, filled=True,
                                                color=charts.PALETTE[0]).encode(
            x="dose:Q", y="amount:Q",
            tooltip=[alt.Tooltip("dose:Q", title="Label daily dose (mg/day)"),
                     alt.Tooltip("fraction:Q", title="Fraction absorbed", format=".0%")]))
    current = base.transform_filter(f"datum.dose == {param}")
    layers.append(current.mark_point(shape="diamond", size=220, filled=True,
                                     color=charts.HIGHLIGHT, stroke="#111").encode(
        x="dose:Q", y="amount:Q"))
    sep = "\\n" if phone else " "  # on a phone the readout takes two lines (a Vega string's escape)
    layers.append(current.transform_calculate(
        label="format(datum.dose, '.0f') + ' mg/day × ' + format(datum.fraction, '.0%') + "
              f"' ={sep}' + format(datum.amount, '.0f') + ' mg/day absorbed'",
    ).mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color="#111",
                **({"lineBreak": "\n"} if phone else {})).encode(
        x=alt.value(0), y=alt.value(-2), text="label:N"))
    daily = (drug.get("dose") or {}).get("daily")
    if daily:
        # On a phone the band's label takes two lines (Vega writes the second under the first).
        gap = "\n" if phone else " "
        band = pd.DataFrame({"lo": [daily["low"]], "hi": [daily["high"]],
                             "label": [f"usual daily range{gap}{daily['low']:g}–{daily['high']:g}"]})
        layers.insert(0, alt.Chart(band).mark_rect(color="#eeeeee").encode(x="lo:Q", x2="hi:Q"))
        layers.insert(1, alt.Chart(band).mark_text(align="left", baseline="bottom", dx=3, fontSize=charts.TEXT_SIZE,
                                                   color="#333", **({"lineBreak": "\n"} if phone else {})).encode(
            x="lo:Q", y=alt.value(200 if phone else 216), text="label:N"))
    title = (f"{name}: absorption falls as the dose rises (dashed: if it stayed at "
             f"{pharmacokinetics.fraction_absorbed(drug_id, lo):.0%})" if not linear else
             f"{name}: about {pharmacokinetics.fraction_absorbed(drug_id, lo):.0%} absorbed at "
             "every dose (a straight line)")
    return alt.layer(*layers).properties(width=ABSORPTION_PHONE_WIDTH if phone else WIDTH, height=220,
                                         title=_wrap(title, charts.PHONE_WRAP - 6 if phone else 70).split("\n")), slider


def gabapentinoid_absorption(*, gabapentin_dose: float | None = None,
                             pregabalin_dose: float | None = None) -> alt.VConcatChart:
    """A daily-dose slider per drug: fraction and amount absorbed, from the label data.

    Handles (where the sliders start; None = the middle of the slider):
        gabapentin_dose: gabapentin total daily dose, 900 to 4,800 mg/day in steps of 100 (2,800).
        pregabalin_dose: pregabalin total daily dose, 150 to 600 mg/day in steps of 25 (375).
    """
    starts = {"gabapentin": gabapentin_dose, "pregabalin": pregabalin_dose}
    panels, sliders = zip(*(_absorption_panel(d, starts.get(d)) for d in GABAPENTINOIDS), strict=True)
    pregabalin = _drugs()["pregabalin"]
    bio_src = sources_in_words.labels(pregabalin["bioavailability"]["sources"])
    daily_src = sources_in_words.labels(
        s for d in GABAPENTINOIDS for s in _drugs()[d]["dose"]["daily"]["sources"])
    notes = _text_panel([
        "Gabapentin: bioavailability at the total daily doses in its label (points, three "
        "divided doses), joined by straight lines (an assumption between the label's doses; "
        f"nothing is drawn outside them). Pregabalin: bioavailability independent of dose "
        f"({bio_src}). Grey band: usual total daily dose range ({daily_src}).",
        FORMULARY_NOTE,
    ])
    g = _drugs()["gabapentin"]["name"]
    phone = [_absorption_panel(d, starts.get(d), phone=True)[0] for d in GABAPENTINOIDS]
    return charts.finish(
        alt.vconcat(*panels, notes).add_params(*sliders),
        phone=alt.vconcat(*phone).add_params(*sliders),
        title="Gabapentin and pregabalin: how much of a dose is absorbed",
        description=(f"Two panels, one slider each. Each plots the amount absorbed in mg/day "
                     f"against the total daily dose in mg/day. {g}'s line bends over: its label "
                     "points show the fraction absorbed falling as the dose rises, and a dashed "
                     "line shows what proportional absorption would give. Pregabalin's line is "
                     "straight. A diamond marks the chosen dose and the text gives dose × "
                     "fraction = amount absorbed."),
    )


# --- kidney dose bands ---------------------------------------------------------------------



def renal_frame() -> pd.DataFrame:
    """One row per band of each drug and jurisdiction, with where it starts and ends on the
    slider (mL/min). ``show_always`` marks a drug with one jurisdiction only (shown whichever
    label the reader picks, named as its own)."""
    rows = []
    all_bands = {(d, j): renal.bands(d, j) for d in GABAPENTINOIDS for j in renal.jurisdictions(d)}
    top = max(b.crcl_min for bs in all_bands.values() for b in bs)
    xmax = float(max(120, math.ceil(top * 1.5 / 10) * 10))
    for (d, j), bs in all_bands.items():
        name = _drugs()[d]["name"]
        for b in bs:
            end = min(b.upper if b.upper is not None else xmax, xmax)
            rows.append({"drug": name, "drug_id": d, "lo": b.crcl_min,
                         "hi": b.upper if b.upper is not None else xmax + 1,
                         "lo_incl": b.lo_inclusive, "hi_incl": b.hi_inclusive,
                         "end": end,
                         "band": b.crcl_label, "dose": b.dose_label,
                         "daily_low": b.daily_low, "daily_high": b.daily_high, "unit": b.unit,
                         "prop": b.proportional_below or 0.0,
                         "jurisdiction": j, "jur_label": b.jurisdiction_label,
                         "show_always": len(renal.jurisdictions(d)) == 1,
                         "bar_text": _bar_text(b, end, xmax),
                         "bar_text_phone": _bar_text(b, end, xmax, width=RENAL_PHONE_WIDTH,
                                                     char_px=PHONE_CHAR_PX),
                         "xmax": xmax})
    return pd.DataFrame(rows)


# The dose the readout prints: the band's figures, cut in proportion to clearance below the
# band's `prop` edge and rounded down to 5 mg (renal.daily_range; tested against it).
SCALED_DOSE = ("datum.prop > 0 && crcl < datum.prop ? "
               "format(floor(datum.daily_low * crcl / datum.prop / 5) * 5, 'd') + '–' + "
               "format(floor(datum.daily_high * crcl / datum.prop / 5) * 5, 'd') + ' ' + datum.unit + "
               "' (cut in proportion to clearance below ' + datum.prop + ' mL/min)' : datum.dose")
SHOWN = "datum.show_always || datum.jurisdiction == label"


BAR_CHAR_PX = 6  # rough width of one 10-px character, to keep a label inside its bar
PHONE_CHAR_PX = 8.5  # the widest 13-px character of a band label (a digit in the phone's font)
RENAL_PHONE_WIDTH = 300  # px: the bands' plot in a phone's column (it has no axis on its left)


def _bar_text(b: renal.Band, end: float, xmax: float, *, width: float = WIDTH,
              char_px: float | None = None) -> str:
    """The band's label as printed inside its bar (drawn from crcl_min to ``end`` on an axis to
    ``xmax`` that is ``width`` px long): the full label without units if it fits, else only its
    numbers (the tooltip and the line above the chart give the full label). With ``char_px`` (a
    phone's narrow bars) the numbers too must fit, else the bar is left unlabelled: its edges are
    ticks of the axis."""
    room = (end - b.crcl_min) / xmax * width - 4
    text = b.crcl_label.removesuffix(" mL/min")
    if len(text) * (char_px or BAR_CHAR_PX) <= room:
        return text
    short = f"{b.crcl_min:g}–{b.upper:g}" if b.upper is not None else f"≥ {b.crcl_min:g}"
    return short if char_px is None or len(short) * char_px <= room else ""




def _renal_views(df: pd.DataFrame, crcl: alt.Parameter, label: alt.Parameter, *, phone: bool) -> list:
    """The readout and the band bars, for the desktop column or a phone's. On a phone the drug
    names stand over their bars (no axis on the left, so the readout above starts at the column's
    edge), each drug's readout is wrapped to the column and the 'current band' marker goes under
    its bar, turned towards the middle of the axis so that it never runs past either end."""
    xmax = float(df["xmax"].iloc[0])
    base = alt.Chart(df).transform_filter(SHOWN).transform_calculate(current=CURRENT_BAND)
    edges = sorted({float(v) for v in df["lo"]} | {0.0, xmax})
    x = alt.X("lo:Q", title="Creatinine clearance (mL/min)", scale=alt.Scale(domain=[0, xmax]),
              axis=alt.Axis(values=edges) if phone else alt.Undefined)
    y = alt.Y("drug:N", title=None, axis=None if phone else alt.Axis(labelFontWeight="bold"))
    bars = base.mark_bar(height=30 if phone else 34, stroke="#111").encode(
        x=x, x2="end:Q", y=y,
        fill=alt.condition("datum.current", alt.value(charts.HIGHLIGHT), alt.value("#e8e8e8")),
        strokeWidth=alt.condition("datum.current", alt.value(3), alt.value(0.5)),
        tooltip=[alt.Tooltip("drug:N", title="Drug"), alt.Tooltip("band:N", title="CrCl band"),
                 alt.Tooltip("dose:N", title="Total daily dose")])
    labels = base.mark_text(align="left", dx=3, fontSize=charts.TEXT_SIZE, color="#111").encode(
        x="lo:Q", y=y, text="bar_text_phone:N" if phone else "bar_text:N")
    rule = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#111", strokeWidth=2).encode(
        x=alt.X("crcl_x:Q")).transform_calculate(crcl_x="crcl")
    current = base.transform_filter("datum.current").transform_calculate(crcl_x="crcl")
    heading = "datum.drug + ', ' + datum.jur_label + ', at ' + format(crcl, '.0f') + ' mL/min: band ' + datum.band"
    ceiling = "'→ ceiling ' + (" + SCALED_DOSE + ")"
    if phone:
        right = f"crcl > {xmax / 2:g}"
        marker = current.transform_calculate(
            text=f"{right} ? 'current band ▲' : '▲ current band'").mark_text(
            dy=24, fontSize=charts.TEXT_SIZE, fontWeight="bold", color="#111",
            align=alt.ExprRef(f"{right} ? 'right' : 'left'")).encode(x="crcl_x:Q", y=y, text="text:N")
        names = base.transform_filter("datum.lo == 0").mark_text(
            align="left", dy=-24, fontSize=charts.TEXT_SIZE, fontWeight="bold", color="#111").encode(
            x=alt.value(0), y=y, text="drug:N")
        chart = (bars + labels + names + marker + rule).add_params(crcl, label).properties(
            width=RENAL_PHONE_WIDTH, height=alt.Step(72))
        # Each drug's readout starts under the lines of the ones before it (8 px apart); the
        # view has room for the most lines the two readouts take together (gabapentin's UK/EU
        # bands: 6 lines wrapped to the column, pregabalin's at most 4), and a line to spare.
        readout = current.transform_calculate(
            text=charts.wrapped_lines([heading, ceiling], charts.PHONE_WRAP),
        ).transform_calculate(lines="length(split(datum.text, '\\n'))").transform_window(
            upto="sum(lines)", row="row_number()", sort=[alt.SortField("drug")],
        ).transform_calculate(top="(datum.upto - datum.lines) * 16 + (datum.row - 1) * 8").mark_text(
            align="left", baseline="top", fontSize=13, color="#111", lineBreak="\n", lineHeight=16).encode(
            x=alt.value(0), y=alt.Y("top:Q", scale=None, axis=None), text="text:N").properties(
            width=RENAL_PHONE_WIDTH, height=11 * 16 + 8)
        return [readout, chart]
    marker = current.mark_text(
        dy=-22, fontSize=charts.TEXT_SIZE, fontWeight="bold", color="#111").encode(
        x=alt.X("crcl_x:Q"), y=y, text=alt.value("▼ current band"))
    chart = (bars + labels + marker + rule).add_params(crcl, label).properties(width=WIDTH, height=130)
    readout = current.transform_calculate(
        # Two lines per drug: the longest readout (a cut dose below 15 mL/min) would not fit
        # the column on one line.
        text=f"{heading} + '\\n    ' + {ceiling}",
    ).transform_window(row="row_number()", sort=[alt.SortField("drug")]).mark_text(
        align="left", baseline="top", fontSize=13, color="#111", lineBreak="\n").encode(
        x=alt.value(0), y=alt.Y("row:O", axis=None), text="text:N").properties(width=WIDTH, height=80)
    return [readout, chart]


def renal_dose_bands(*, crcl: float = 90, jurisdiction: str = renal.DEFAULT_JURISDICTION) -> alt.VConcatChart:
    """A creatinine-clearance slider: the gabapentin and pregabalin bands it falls in.

    Handles (where the controls start):
        crcl: creatinine clearance in mL/min, a whole number from 0 to 120 (e.g. ``round(renal.cockcroft_gault(...))``).
        jurisdiction: whose product information, 'US' (FDA label) or 'EU' (UK/EU SmPC).
    """
    df = renal_frame()
    xmax = float(df["xmax"].iloc[0])
    start = handles.slider("crcl", crcl, 0, xmax, 1)
    jurisdiction = handles.option("jurisdiction", jurisdiction, renal.JURISDICTIONS)
    crcl = alt.param(name="crcl", value=start, bind=alt.binding_range(
        min=0, max=xmax, step=1, name="Creatinine clearance (mL/min): "))
    label = alt.param(name="label", value=jurisdiction, bind=alt.binding_radio(
        options=list(renal.JURISDICTIONS), labels=list(renal.JURISDICTIONS.values()),
        name="Product information: "))
    desktop = _renal_views(df, crcl, label, phone=False)
    all_bands = [b for d in GABAPENTINOIDS for j in renal.jurisdictions(d) for b in renal.bands(d, j)]
    sources = sorted({s for b in all_bands for s in b.sources})
    dialysis = [f"{_drugs()[d]['name']}, {renal.JURISDICTIONS[j]}: {r['text']}"
                for d in GABAPENTINOIDS for j in renal.jurisdictions(d)
                for r in [renal.dialysis(d, j)] if r]
    notes = _text_panel([
        "Each band's total daily dose is a ceiling for maintenance, not a starting dose: start "
        "low (lower still in frail or older people, after a fall or with other sedating "
        "medicines) and raise more slowly than usual. Gabapentin's rows are maintenance totals; "
        "pregabalin's table also lists a starting dose for each band.",
        "Bands and total daily doses from the product information "
        f"({sources_in_words.labels(sources)}). The US and UK/EU gabapentin bands differ: choose which "
        "label to show. The course holds only the US pregabalin table. A clearance exactly on "
        "the edge between two bands is placed in the band whose label row includes it, and in "
        "the lower band where a label lists the edge in two rows.",
        *dialysis,
        # Each band's `note` records how its row was read (provenance), so it stays in the data.
        FORMULARY_NOTE,
    ])
    return charts.finish(
        alt.vconcat(*desktop, notes),
        title="Kidney function and gabapentinoid dose bands",
        description=("A slider sets the creatinine clearance in mL/min. For gabapentin and "
                     "pregabalin, bars along the clearance axis show each label dose band; the "
                     "band containing the chosen clearance is highlighted with a thick outline "
                     "and a 'current band' label, a vertical line marks the clearance, and the "
                     "text above gives each drug's total daily dose ceiling and dosing frequency, "
                     "cut in proportion to clearance where the label says so. Radio buttons "
                     "choose the US label or the UK/EU product information for gabapentin."),
        phone=alt.vconcat(*_renal_views(df, crcl, label, phone=True)),
    )


# --- adverse-effect table ------------------------------------------------------------------

def adverse_effect_rows() -> list[list[str]]:
    rows = []
    with_bands = set(renal.drugs_with_bands())
    for d in data.records("drugs", "drugs"):
        ae, c = d["adverse_effects"], d["cautions"]
        # "None listed here" is not "none known": the book covers what its sources list.
        common = "; ".join(ae["common"]) or "none listed in this book's sources"
        serious = "; ".join(ae["serious"]) or "none listed in this book's sources"
        inter = "; ".join(f"{i['with']}: {i['effect']}" for i in d["interactions"]) or \
            "none listed in this book's sources"
        kidney = c["renal"]
        if d["id"] in with_bands:
            kidney = f"Dose bands by creatinine clearance (see chart). {kidney}"
        sources = sorted(set(ae["sources"]) | set(c["sources"]) |
                         {s for i in d["interactions"] for s in i["sources"]})
        rows.append([f"{d['name']} — {d['drug_class']}", common, serious, inter,
                     sources_in_words.plain(kidney),
                     sources_in_words.labels(sources)])
    return rows


AE_COLUMNS = ["Drug and class", "Common adverse effects", "Serious adverse effects",
              "Key interactions", "Kidney", "Sources"]


def adverse_effect_table():
    """Every drug in drugs.yml: common and serious effects, interactions, kidney, sources.

    Six columns of long text are a wall no column can show (5,800 px tall at 1280 px), so
    each drug is a card: its name and class as the heading, each field under its name.
    """
    return tables.html_table(
        adverse_effect_rows(), AE_COLUMNS, cards=True,
        caption=("Adverse effects, interactions and kidney cautions of each drug, from the "
                 "product information and reviews named in each card. " + FORMULARY_NOTE))


# Each caution field quotes a label (US, UK/EU, Swiss): too long for table cells, so every
# drug gets a box that opens to one line per group.
CAUTION_GROUPS = (("renal", "Kidney"), ("cardiac", "Heart"), ("elderly", "Older people"),
                  ("pregnancy", "Pregnancy"), ("other", "Other"))


def caution_entries() -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """(drug and class, [(group, text, unverified)]) for every drug, sources last."""
    entries = []
    for d in data.records("drugs", "drugs"):
        c = d["cautions"]
        items = [(label, sources_in_words.plain(c[field]), unverified(c[field]))
                 for field, label in CAUTION_GROUPS if c.get(field)]
        items.append(("Sources", sources_in_words.labels(c["sources"]), False))
        entries.append((f"{d['name']} — {d['drug_class']}", items))
    return entries


def caution_details():
    """Every drug's cautions by group (kidney, heart, older people, pregnancy, other)."""
    return tables.html_details(
        caution_entries(),
        label="Cautions for every drug by patient group, from the product information each box names. "
              + FORMULARY_NOTE)


# --- patient-profile explorer --------------------------------------------------------------

LEVEL_TEXT = {"contraindicated": "✖ Contraindicated", "caution": "⚠ Caution", "note": "ⓘ Note",
              None: "✓ No flag from the ticked features"}
def _flag_param(flag: str) -> str:
    return f"has_{flag}"


def mask_expression() -> str:
    """A Vega (and Python) expression for the combination number from the checkbox params."""
    return " + ".join(f"{_flag_param(f)} * {2 ** i}" for i, f in enumerate(FLAGS))


REASON_INDENT = 14  # px: a reason's continuation lines, under its first line's text


def profile_rules_frame(wrap: int = REASON_WRAP) -> pd.DataFrame:
    """One row per printed line of each flag's reason, the reasons wrapped at ``wrap`` characters."""
    wrap = int(validate.number("wrap", wrap, minimum=20, integer=True))
    drugs = _drugs()
    order = {d: i for i, d in enumerate(first_line_drugs())}
    rows = []
    for n, (flag, ids, level, msg, src) in enumerate(PROFILE_RULES):
        for d in ids:
            text = (f"{drugs[d]['name'].split(' (')[0]} — {LEVEL_TEXT[level]} "
                    f"({FLAGS[flag].lower()}): {msg} ({sources_in_words.labels(src)})")
            # One row per printed line, so a reason of several lines takes as many rows and
            # never prints over the next one (the chart indents continuation lines, line > 0).
            for k, line in enumerate(textwrap.wrap(text, wrap)):
                rows.append({"param": _flag_param(flag), "drug_order": order[d], "rule": n,
                             "line": k, "text": line})
    return pd.DataFrame(rows)


def _profile_views(summary: alt.Chart, names: list[str], params: list, *, phone: bool) -> list:
    """The verdict per drug and the reasons, for the desktop column or a phone's. On a phone each
    drug's name stands over its verdict (side by side they need 370 px) and the reasons are
    wrapped to the column."""
    y = alt.Y("drug:N", sort=names, title=None,
              axis=None if phone else alt.Axis(labelFontWeight="bold", labelFontSize=13))
    verdict_color = alt.condition("datum.flagged", alt.value("#111"), alt.value(charts.PALETTE[2]))
    if phone:
        name = summary.mark_text(align="left", baseline="middle", dy=-10, fontSize=13, fontWeight="bold",
                                 color="#111").encode(y=y, x=alt.value(0), text="drug:N")
        verdict = summary.mark_text(align="left", baseline="middle", dy=9, fontSize=14, dx=4).encode(
            y=y, x=alt.value(0), text="verdict:N", color=verdict_color)
        verdicts = (name + verdict).add_params(*params).properties(
            width=charts.PHONE_WIDTH - 20, height=alt.Step(46),
            title=charts.label_lines(NOT_A_PRESCRIBING_AID, charts.PHONE_WRAP - 6))  # 15 px bold
    else:
        verdicts = summary.mark_text(align="left", fontSize=14, dx=4).encode(
            y=y, x=alt.value(0), text="verdict:N", color=verdict_color,
        ).add_params(*params).properties(width=WIDTH - 120, height=30 * len(names),
                                         title=NOT_A_PRESCRIBING_AID)
    rules = profile_rules_frame(charts.PHONE_WRAP if phone else REASON_WRAP)
    reasons = alt.Chart(rules).transform_filter(
        " || ".join(f"(datum.param == '{p}' && {p})" for p in dict.fromkeys(rules["param"]))
    ).transform_window(row="row_number()", sort=[alt.SortField("drug_order"), alt.SortField("rule"),
                                                  alt.SortField("line")]).transform_calculate(
        # Computed here, not carried in each of the ~300 rows: every byte of this data counts
        # against each layout's 60 KB (tests/test_budgets.py).
        indent=f"datum.line == 0 ? 0 : {REASON_INDENT}").mark_text(
        align="left", baseline="middle", fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=alt.X("indent:Q", scale=None), y=alt.Y("row:O", axis=None), text="text:N").properties(
        width=charts.PHONE_WIDTH - 20 if phone else WIDTH, height=alt.Step(18),
        title="Why (each flag with its source)")
    return [verdicts, reasons]


def patient_profile(*, features: tuple[str, ...] = ()) -> alt.VConcatChart:
    """Tick a fictional person's features: which first-line options are flagged, and why.

    Handles (where the checkboxes start):
        features: ids of the features ticked at the start, from ``prescribing.FLAGS`` (e.g. 'older', 'kidney').
    """
    features = set(handles.ticked("features", features, FLAGS))
    drugs = first_line_drugs()
    names = {d: _drugs()[d]["name"].split(" (")[0] for d in drugs}
    params = [alt.param(name=_flag_param(f), value=f in features,
                        bind=alt.binding_checkbox(name=f"{label}: ")) for f, label in FLAGS.items()]
    code_text = {v: LEVEL_TEXT[k] for k, v in LEVEL_CODE.items()}
    # Each drug's row carries its code for every combination (character m: combination m), as
    # data: the phone layout shares the datasets, while a parameter (32 kB) would travel twice.
    codes = profile_codes()
    summary = alt.Chart(pd.DataFrame({"drug": [names[d] for d in drugs],
                                      "codes": [codes[pos::len(drugs)] for pos in range(len(drugs))]})
                        ).transform_calculate(
        code=f"substring(datum.codes, {mask_expression()}, ({mask_expression()}) + 1)",
    ).transform_calculate(
        verdict=" : ".join(f"datum.code == '{c}' ? '{t}'" for c, t in code_text.items()) + " : '?'",
        flagged="datum.code != '-'",
    )
    desktop = _profile_views(summary, [names[d] for d in drugs], params, phone=False)
    notes = _text_panel([
        f"{NOT_A_PRESCRIBING_AID} It shows the first-line options of NICE CG173 and what each "
        "ticked feature flags, with the source; it never recommends a drug or a dose. It leaves "
        "out the person's preferences, the full clinical picture and current local guidance.",
        FORMULARY_NOTE,
    ])
    return charts.finish(
        alt.vconcat(*desktop, notes),
        title="Patient-profile explorer (learning tool, not a prescribing aid)",
        description=(f"{len(FLAGS)} checkboxes describe a fictional person (older age, kidney "
                     "function, heart disease, depression, sleep, other medicines, misuse). For "
                     f"each of the {len(drugs)} first-line drugs ({', '.join(names.values())}) "
                     "the chart writes the most serious flag as a symbol and a word "
                     "(contraindicated, caution, note, or no flag), and lists below every "
                     "reason with its source. Learning tool, not a prescribing aid."),
        phone=alt.vconcat(*_profile_views(summary, [names[d] for d in drugs], params, phone=True)),
    )
