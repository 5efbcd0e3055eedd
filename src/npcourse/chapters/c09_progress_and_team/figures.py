"""Chapter 9 charts and tables: the pain-diary explorer, the responder-threshold checker, the
team map, and tables of the outcome measures, thresholds and team roles.

Every control is a Vega-Lite parameter, so the charts work in the static page. Diaries, weekly
means and changes are precomputed in Python (:mod:`.diaries`, :mod:`npcourse.models.outcomes`);
the only arithmetic left to Vega is "does this change reach the chosen threshold?", written
once here as an expression and tested against :func:`npcourse.models.outcomes.meets`. Thresholds and
team roles come from ``outcome_measures.yml`` and ``care_team.yml``, never typed here.
"""

from __future__ import annotations

import functools
import json
import math
import re

import altair as alt
import pandas as pd

from npcourse import validate
from npcourse.chapters.c09_progress_and_team import diaries
from npcourse.facts import data
from npcourse.models import outcomes
from npcourse.ui import charts, handles, tables
from npcourse.ui import sources as sources_in_words

__all__ = [
    "WIDTH", "SYNTHETIC_NOTE", "EXPLORER_THRESHOLDS", "CHECKER_KINDS", "CHECKER_WRAP", "CHECKER_WIDTH",
    "threshold_label", "threshold_value_expression", "threshold_is_percent_expression",
    "meets_expression", "threshold_line_expression", "diary_frames", "pain_diary_explorer",
    "checker_frame", "checker_meets_expression", "responder_thresholds", "team_frame",
    "leads_expression", "team_map", "measures_table", "thresholds_table", "team_table"
]

WIDTH = 460
SYNTHETIC_NOTE = ("SYNTHETIC diaries: the patients are fictional and the scores are computer-"
                  "generated (seeded), for learning only.")
# Thresholds offered in the diary explorer (ids in outcome_measures.yml).
EXPLORER_THRESHOLDS = ("immpact-moderate", "immpact-substantial", "immpact-minimal",
                       "farrar-points", "salaffi-minimal-points")
# NRS thresholds drawn by the threshold checker: every percent or points reduction on the NRS.
CHECKER_KINDS = ("percent-reduction", "percent-range", "points-reduction")
# The threshold checker: row labels wrapped at CHECKER_WRAP characters (about 180 px), a plot
# and a column of verdicts, within the book's 680 px text column.
CHECKER_WRAP = 32
CHECKER_WIDTH = 280
# On a phone the threshold names stand over their rows: the plot and its verdict column fill
# the width, the names wrap at CHECKER_PHONE_WRAP characters.
CHECKER_PHONE_WIDTH = 236
CHECKER_PHONE_WRAP = 38


_wrap = charts.wrap


# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH)


def _source_label(t: dict) -> str:
    """'Farrar 2001' from a BibTeX key such as 'farrar2001clinical'."""
    m = re.match(r"([a-z]+)(\d{4})", t["sources"][0])
    return f"{m.group(1).capitalize()} {m.group(2)}" if m else t["sources"][0]


def threshold_label(threshold_id: str) -> str:
    """A short control label for a threshold, e.g. 'at least 30% reduction (IMMPACT: moderate)'."""
    t = outcomes.threshold(threshold_id)
    who = "IMMPACT" if threshold_id.startswith("immpact") else _source_label(t)
    band = ""
    if t["kind"] == "percent-range":
        need = f"at least {t['low']:g}% reduction"
        band = f", band {t['low']:g}–{t['high']:g}%"
    elif t["kind"] == "percent-reduction":
        need = f"at least {t['value']:g}% reduction"
    elif t["kind"] == "points-reduction":
        need = f"at least {t['value']:g} point{'s' if t['value'] != 1 else ''} lower"
    else:
        raise ValueError(f"threshold_id {threshold_id!r} is not a reduction threshold")
    return f"{need} ({who}: {t['level']}{band})"


# --- the pain-diary explorer ---------------------------------------------------------------

def _choice(param: str, values: dict[str, object]) -> str:
    """A Vega expression mapping a string parameter to a value per option."""
    out = "null"
    for key, value in reversed(list(values.items())):
        v = ("true" if value else "false") if isinstance(value, bool) else f"{value!r}"
        out = f"({param} == '{key}' ? {v} : {out})"
    return out


def threshold_value_expression(param: str = "threshold") -> str:
    return _choice(param, {t: outcomes.threshold_percent(t) if outcomes.threshold(t)["kind"] != "points-reduction"
                           else float(outcomes.threshold(t)["value"]) for t in EXPLORER_THRESHOLDS})


def threshold_is_percent_expression(param: str = "threshold") -> str:
    return _choice(param, {t: outcomes.threshold(t)["kind"] != "points-reduction"
                           for t in EXPLORER_THRESHOLDS})


def meets_expression(value: str = "thr_value", is_percent: str = "thr_percent",
                     change: str = "datum.change", percent: str = "datum.percent_change") -> str:
    """Vega: does a change reach the selected threshold? (the rule of outcomes.meets)."""
    eps = outcomes.EPS
    return (f"({is_percent} ? (-({percent}) >= ({value}) - {eps}) "
            f": (-({change}) >= ({value}) - {eps}))")


def threshold_line_expression(value: str = "thr_value", is_percent: str = "thr_percent",
                              baseline: str = "datum.baseline") -> str:
    """Vega: the score at or below which the selected threshold is met."""
    return f"({is_percent} ? ({baseline}) * (1 - ({value}) / 100) : ({baseline}) - ({value}))"


def diary_frames(seed: int = diaries.DEFAULT_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(daily scores, weekly summary) of the synthetic patients, trimmed for the chart."""
    daily = diaries.all_diaries(seed)[["patient", "day", "week", "score"]]
    weekly = diaries.weekly_summary(daily)
    weekly["mid_day"] = weekly["week"].map(lambda w: 4 if w == 0 else 7 * w + 4)
    weekly = weekly.round({"mean": 3, "baseline": 3, "change": 3, "percent_change": 2})
    return daily, weekly[["patient", "week", "mid_day", "mean", "baseline", "change",
                          "percent_change"]]


def pain_diary_explorer(*, patient: str = "ana", threshold: str = "immpact-moderate", week: int = 8,
                        seed: int = diaries.DEFAULT_SEED) -> alt.VConcatChart:
    """Choose a fictional patient, a threshold and a week; read the change from baseline.

    Handles (where the controls start):
        patient: the fictional patient, one of ``diaries.patient_ids()`` ('ana', 'ben', ... 'femi').
        threshold: threshold for an important change, one of ``EXPLORER_THRESHOLDS``.
        week: the week compared with baseline, a whole number from 1 to 8.
        seed: random seed of the synthetic diaries, a whole number ≥ 0 (another seed, other day-to-day scores).
    """
    patients = diaries.patient_ids()
    patient = handles.option("patient", patient, patients)
    threshold = handles.option("threshold", threshold, EXPLORER_THRESHOLDS)
    week = handles.slider("week", week, 1, diaries.WEEKS, 1)
    seed = int(validate.number("seed", seed, minimum=0, integer=True))
    daily, weekly = diary_frames(seed)
    params = [
        alt.param(name="patient", value=patient, bind=alt.binding_select(
            options=patients, labels=[diaries.story(p).split(",")[0] + " — " +
                                      diaries.story(p).split(", ", 2)[-1] for p in patients],
            name="Patient (fictional): ")),
        alt.param(name="threshold", value=threshold, bind=alt.binding_select(
            options=list(EXPLORER_THRESHOLDS),
            labels=[threshold_label(t) for t in EXPLORER_THRESHOLDS],
            name="Threshold for an important change: ")),
        alt.param(name="week", value=week, bind=alt.binding_range(
            min=1, max=diaries.WEEKS, step=1, name="Compare baseline with week: ")),
    ]
    derived = [alt.param(name="thr_value", expr=threshold_value_expression()),
               alt.param(name="thr_percent", expr=threshold_is_percent_expression())]
    def views(phone: bool) -> list:
        """The readout and the diary plot, for the book column or a phone (the plot narrower,
        the readout's change and the axis title on their own lines)."""
        width = charts.PHONE_WIDTH - 60 if phone else WIDTH
        x_title = "Day of the diary (days 1–7: baseline week before treatment)"
        x = alt.X("day:Q", title=charts.label_lines(x_title, 30) if phone else x_title,
                  scale=alt.Scale(domain=[0, diaries.DAYS + 1]))
        y = alt.Y("score:Q", title="Pain on the 0–10 NRS (points)", scale=alt.Scale(domain=[0, 10]))
        base = alt.Chart(weekly).transform_filter("datum.patient == patient && datum.week == 0")
        zone = base.transform_calculate(
            top=threshold_line_expression(), x0="0.5", x1=f"{diaries.DAYS + 0.5}", y0="0",
        ).mark_rect(color=charts.PALETTE[2], opacity=0.14).encode(
            x="x0:Q", x2="x1:Q", y="y0:Q", y2="top:Q")
        baseline_week = alt.Chart(pd.DataFrame({"x0": [0.5], "x1": [7.5]})).mark_rect(
            color=charts.MUTED, opacity=0.12).encode(x="x0:Q", x2="x1:Q")
        chosen_week = alt.Chart(pd.DataFrame({"k": [0]})).transform_calculate(
            x0="7 * week + 0.5", x1="7 * week + 7.5").mark_rect(
            fill="transparent", stroke="#111", strokeDash=[3, 2], strokeWidth=1.5).encode(
            x="x0:Q", x2="x1:Q")
        points = alt.Chart(daily).transform_filter("datum.patient == patient").mark_point(
            shape="circle", filled=True, size=30, color=charts.PALETTE[0], opacity=0.8).encode(
            x=x, y=y, tooltip=[alt.Tooltip("day:Q", title="Day"), alt.Tooltip("score:Q", title="NRS")])
        means = alt.Chart(weekly).transform_filter("datum.patient == patient")
        mean_line = means.mark_line(color=charts.PALETTE[1], strokeDash=[6, 3], strokeWidth=2).encode(
            x="mid_day:Q", y="mean:Q")
        mean_marks = means.mark_point(shape="square", filled=True, size=70,
                                      color=charts.PALETTE[1]).encode(
            x="mid_day:Q", y="mean:Q",
            tooltip=[alt.Tooltip("week:Q", title="Week (0 = baseline)"),
                     alt.Tooltip("mean:Q", title="Weekly mean (NRS)", format=".2f"),
                     alt.Tooltip("change:Q", title="Change from baseline (points)", format="+.2f"),
                     alt.Tooltip("percent_change:Q", title="Change from baseline (%)", format="+.1f")])
        baseline_rule = base.mark_rule(color="#333", strokeWidth=1.5).encode(y="baseline:Q")
        thr = base.transform_calculate(top=threshold_line_expression())
        thr_rule = thr.mark_rule(color=charts.HIGHLIGHT, strokeDash=[2, 2], strokeWidth=2).encode(y="top:Q")
        labels = base.transform_calculate(
            top=threshold_line_expression(),
            b_label="'baseline ' + format(datum.baseline, '.1f')",
            t_label="'threshold ' + format(datum.top, '.1f')",
        )
        b_text = labels.mark_text(align="right", dy=-6, fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(width), y="baseline:Q", text="b_label:N")
        t_text = labels.mark_text(align="right", dy=12, fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(width), y="top:Q", text="t_label:N")
        chart = (zone + baseline_week + chosen_week + points + mean_line + mean_marks + baseline_rule
                 + thr_rule + b_text + t_text).properties(width=width, height=280)
        readout = alt.Chart(weekly).transform_filter("datum.patient == patient && datum.week == week"
                                                     ).transform_calculate(
            met=meets_expression(),
            line1="'Week ' + datum.week + ' mean ' + format(datum.mean, '.2f') + ' vs baseline ' + "
                  "format(datum.baseline, '.2f') + ':' + " + ("'\\n'" if phone else "' '") + " + 'change ' + "
                  "format(datum.change, '+.2f') + ' points (' + format(datum.percent_change, '+.1f') + '%).'",
            line2="(datum.met ? 'MEETS' : 'Does NOT meet') + ' the selected threshold.'",
        ).transform_calculate(text="datum.line1 + '\\n' + datum.line2").mark_text(
            align="left", baseline="top", fontSize=13, color="#111", lineBreak="\n", lineHeight=18).encode(
            x=alt.value(0), y=alt.value(2), text="text:N").properties(width=width, height=58 if phone else 40)
        return [readout, chart]

    notes = _text_panel([
        "Key: circles = daily scores; dashed line with squares = weekly means; solid line = "
        "baseline (mean of the baseline week); dotted line = the selected threshold; shaded = "
        "responder zone (at or below the threshold); boxed = the week compared.",
        SYNTHETIC_NOTE,
    ])
    return charts.finish(
        alt.vconcat(*views(phone=False), notes).add_params(*params, *derived),
        phone=alt.vconcat(*views(phone=True)).add_params(*params, *derived),
        title="Pain-diary explorer: change from baseline against a threshold",
        description=("Menus choose one of six fictional patients and a published threshold for an "
                     "important change; a slider chooses the week to compare. The chart plots the "
                     "patient's daily pain scores (0 to 10) against the day of the diary, with "
                     "weekly means, a line at the baseline mean of the first week and a dotted line "
                     "at the score that meets the threshold, below which the area is shaded. Text "
                     "above gives the chosen week's mean, its change from baseline in points and "
                     "per cent, and whether it meets the threshold."),
    )


# --- the threshold checker -----------------------------------------------------------------

def checker_frame() -> pd.DataFrame:
    """One row per NRS reduction threshold, with the unit its panel uses."""
    rows = []
    for t in data.records("outcome_measures", "thresholds"):
        if t["measure"] != "nrs" or t["kind"] not in CHECKER_KINDS:
            continue
        percent = t["kind"] != "points-reduction"
        low = float(t["low"]) if t["kind"] == "percent-range" else float(t["value"])
        high = float(t["high"]) if t["kind"] == "percent-range" else low
        rows.append({"id": t["id"], "label": threshold_label(t["id"]),
                     "unit": "percent" if percent else "points", "low": low, "high": high,
                     "population": _wrap(t["population"], 60), "limits": _wrap(t["limits"], 60),
                     "statement": t["statement"], "sources": sources_in_words.labels(t["sources"])})
    return pd.DataFrame(rows)


def checker_meets_expression(pct: str = "pct", pts: str = "pts") -> str:
    """Vega: does the slider pair reach this threshold row? (the rule of outcomes.meets)."""
    eps = outcomes.EPS
    return (f"(datum.unit == 'percent' ? ({pct}) >= datum.low - {eps} "
            f": ({pts}) >= datum.low - {eps})")


def _checker_panel(frame: pd.DataFrame, unit: str, x_title: str, x_max: float, var: str, *,
                   phone: bool = False):
    """One panel of the checker: the thresholds of one unit, the person's reduction, verdicts.

    Phone: each threshold named over its row (the plot gets the width the names took), the
    axis title on two lines."""
    labels = frame.loc[frame["unit"] == unit, "label"]
    if phone:
        part = frame[frame["unit"] == unit].sort_values("low", kind="stable")
        lines = [len(charts.label_lines(t, CHECKER_PHONE_WRAP)) for t in part["label"]]
        tops = [sum(16 * n + 26 for n in lines[:i]) for i in range(len(lines))]
        part = part.assign(top=tops)
        part["name"] = ["\n".join(charts.label_lines(t, CHECKER_PHONE_WRAP)) for t in part["label"]]
        part["mid"] = [top + 16 * n + 10 for top, n in zip(tops, lines, strict=True)]
        rows = alt.Chart(part)
        y = alt.Y("mid:Q", scale=None, axis=None)
        head, _, tail = x_title.partition(" (")
        x_title = [head, "(" + tail]
        size = {"width": CHECKER_PHONE_WIDTH, "height": tops[-1] + 16 * lines[-1] + 24}
    else:
        rows = alt.Chart(frame).transform_filter(f"datum.unit == '{unit}'")
        y = alt.Y("label:N", title=None, sort=alt.EncodingSortField(field="low", op="min"),
                  axis=alt.Axis(labelLimit=0, **charts.wrapped_labels(labels, CHECKER_WRAP)))
        size = {"width": CHECKER_WIDTH, "height": 34 * int((frame["unit"] == unit).sum()) + 10}
    rows = rows.transform_calculate(
        met=checker_meets_expression(),
        verdict="datum.met ? 'met' : 'not met'",
    )
    x = alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, x_max]),
              axis=alt.Axis(tickCount=5, grid=False) if phone else alt.Axis())
    tooltip = [alt.Tooltip("statement:N", title="Threshold"),
               alt.Tooltip("population:N", title="Where it came from"),
               alt.Tooltip("limits:N", title="Limits"), alt.Tooltip("sources:N", title="Sources")]
    span = rows.mark_rule(strokeWidth=6, color=charts.MUTED).encode(x=x, x2="high:Q", y=y)
    # Above the panels rather than beside them, which would widen the chart.
    legend = alt.Legend(orient="top", direction="horizontal")
    mark = rows.mark_point(size=140, filled=True, strokeWidth=2).encode(
        x=x, y=y, tooltip=tooltip,
        shape=alt.Shape("verdict:N", title="This person", legend=legend, scale=alt.Scale(
            domain=["met", "not met"], range=["diamond", "cross"])),
        color=alt.Color("verdict:N", title="This person", legend=legend, scale=alt.Scale(
            domain=["met", "not met"], range=[charts.PALETTE[2], charts.PALETTE[1]])))
    # The verdicts stand in a column right of the axis, where the dashed line never reaches.
    text = rows.mark_text(align="left", dx=10, fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=alt.datum(x_max), y=y, text="verdict:N")
    # Clipped to the plot: a change off the axis (pain worse than at baseline) draws no line
    # across the page.
    person = alt.Chart(pd.DataFrame({"k": [0]})).transform_calculate(v=var).mark_rule(
        color="#111", strokeDash=[4, 2], strokeWidth=2, clip=True).encode(x="v:Q")
    if phone:  # a piece of the line on each row, so that it does not cross the names
        person = rows.transform_calculate(v=var, y0="datum.mid - 9", y1="datum.mid + 11").mark_rule(
            color="#111", strokeDash=[4, 2], strokeWidth=2, clip=True).encode(
            x="v:Q", y=alt.Y("y0:Q", scale=None, axis=None), y2="y1:Q")
    layers = span + person + mark + text
    if phone:
        layers += rows.mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=16,
                                 fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(0), y=alt.Y("top:Q", scale=None, axis=None), text="name:N")
    return layers.properties(**size)


def _checker_readout(phone: bool) -> alt.Chart:
    """The person's change in words (on a phone on two lines, broken after the colon)."""
    sep = "':\\n'" if phone else "': '"
    return alt.Chart(pd.DataFrame({"k": [0]})).transform_calculate(
        text=f"'From ' + format(baseline, '.1f') + ' to ' + format(followup, '.1f') + {sep} + "
             "(pts >= 0 ? format(pts, '.1f') + ' points lower, a ' + format(pct, '.1f') + "
             "'% reduction.' : format(-pts, '.1f') + ' points higher, a ' + format(-pct, '.1f') + "
             "'% increase.')",
    ).mark_text(align="left", baseline="top", fontSize=13, color="#111", lineBreak="\n").encode(
        x=alt.value(0), y=alt.value(4), text="text:N").properties(
        width=CHECKER_PHONE_WIDTH if phone else CHECKER_WIDTH, height=40 if phone else 24)


def responder_thresholds(*, baseline: float = 8, followup: float = 6) -> alt.VConcatChart:
    """Sliders for a baseline and a follow-up NRS; which published thresholds does it reach?

    Handles (where the sliders start):
        baseline: baseline NRS (mean of the week before treatment), 1 to 10 in steps of 0.5.
        followup: follow-up NRS (mean of a later week), 0 to 10 in steps of 0.5.
    """
    baseline = handles.slider("baseline", baseline, 1, 10, 0.5)
    followup = handles.slider("followup", followup, 0, 10, 0.5)
    frame = checker_frame()
    params = [
        alt.param(name="baseline", value=baseline, bind=alt.binding_range(
            min=1, max=10, step=0.5, name="Baseline NRS (mean of the week before treatment): ")),
        alt.param(name="followup", value=followup, bind=alt.binding_range(
            min=0, max=10, step=0.5, name="Follow-up NRS (mean of a later week): ")),
    ]
    derived = [alt.param(name="pts", expr="baseline - followup"),
               alt.param(name="pct", expr="100 * (baseline - followup) / baseline")]
    titles = {"percent": ("Reduction the threshold asks for (% of baseline)", 100, "pct"),
              "points": ("Reduction the threshold asks for (NRS points)", 10, "pts")}

    def views(phone: bool) -> list:
        return [_checker_readout(phone), *(_checker_panel(frame, unit, *titles[unit], phone=phone)
                                           for unit in ("percent", "points"))]

    notes = _text_panel([
        "Each row is a published threshold (hover for the population it came from and its "
        "limits). The dashed vertical line is this person's reduction; a diamond means the "
        "threshold is met, a cross that it is not. Thresholds are group averages: they help "
        "interpret a change, they do not decide for the person.",
    ])
    return charts.finish(
        alt.vconcat(*views(phone=False), notes).add_params(*params, *derived).resolve_scale(
            color="shared", shape="shared"),
        phone=alt.vconcat(*views(phone=True)).add_params(*params, *derived).resolve_scale(
            color="shared", shape="shared"),
        title="Which published thresholds does a change reach?",
        description=("Two sliders set a baseline and a follow-up score on the 0 to 10 NRS. Two "
                     "panels list the published thresholds for an important reduction, one in per "
                     "cent of baseline and one in NRS points, each placed at the reduction it asks "
                     "for; a dashed line marks the person's own reduction, and each threshold shows "
                     "a diamond and the word 'met' or a cross and 'not met'."),
    )


# --- the team map --------------------------------------------------------------------------

def team_frame() -> pd.DataFrame:
    """Roles with positions on a circle around the person, and their concerns as '|a|b|'."""
    roles = data.records("care_team", "roles")
    others = [r for r in roles if r["id"] != "person"]
    rows = []
    for r in roles:
        if r["id"] == "person":
            x = y = 0.0
        else:
            i = others.index(r)
            angle = math.pi / 2 - 2 * math.pi * i / len(others)
            x, y = round(math.cos(angle), 4), round(math.sin(angle), 4)
        # Labels sit outside the node, along its spoke, so no line crosses them.
        lx, ly = (0.0, -0.2) if r["id"] == "person" else (1.42 * x, 1.42 * y)
        rows.append({"id": r["id"], "short": _wrap(r["name"].split(" (")[0], 20),
                     "lx": round(lx, 4), "ly": round(ly, 4),
                     "name": r["name"], "part": _wrap(r["part"], 60),
                     "concerns": "|" + "|".join(r["concerns"]) + "|",
                     "x": x, "y": y, "sources": sources_in_words.labels(r["sources"])})
    return pd.DataFrame(rows)


def leads_expression(param: str = "concern") -> str:
    """Vega: does this role take part in the chosen concern?"""
    return f"indexof(datum.concerns, '|' + {param} + '|') >= 0"


TEAM_PHONE_WRAP = 34  # characters per line of a role's name in the phone layout


def _team_list(base: alt.Chart) -> alt.LayerChart:
    """The team map for a phone: the person on top, every role on a row below, joined to the
    person by a line (solid and bold for the roles that take part, as on the map; dashed and
    grey for the others). A circle of 11 roles with their names would not fit 320 px."""
    frame = team_frame()
    others = frame[frame["id"] != "person"]
    lines = [len(charts.label_lines(n, TEAM_PHONE_WRAP)) for n in others["name"]]
    tops = [30 + 14 + sum(16 * n + 12 for n in lines[:i]) for i in range(len(lines))]
    rows = {rid: (top, top + 8) for rid, top in zip(others["id"], tops, strict=True)}
    rows["person"] = (0, 8)
    where = " : ".join(f"datum.id == '{rid}' ? {top}" for rid, (top, _mid) in rows.items()) + " : 0"
    mid = " : ".join(f"datum.id == '{rid}' ? {m}" for rid, (_top, m) in rows.items()) + " : 0"
    names = {rid: "\n".join(charts.label_lines(n, TEAM_PHONE_WRAP))
             for rid, n in zip(frame["id"], frame["name"], strict=True)}
    rows_base = base.transform_calculate(
        top=where, mid=mid,
        text=" : ".join(f"datum.id == '{rid}' ? {json.dumps(t, ensure_ascii=False)}" for rid, t in names.items())
        + " : datum.name")
    y = alt.Y("mid:Q", scale=None, axis=None)
    stem = rows_base.transform_filter("datum.id != 'person'").transform_calculate(x0="8")
    joins = (stem.transform_filter("datum.lead").mark_rule(strokeWidth=2, color="#333").encode(
        x=alt.value(8), x2=alt.value(24), y=y)
        + stem.transform_filter("!datum.lead").mark_rule(strokeWidth=1.5, color="#c8c8c8",
                                                         strokeDash=[3, 3]).encode(
        x=alt.value(8), x2=alt.value(24), y=y))
    trunk = alt.Chart(pd.DataFrame({"a": [8], "b": [tops[-1] + 8]})).mark_rule(
        strokeWidth=1.5, color="#888").encode(x=alt.value(8), y=alt.Y("a:Q", scale=None, axis=None),
                                              y2="b:Q")
    nodes = rows_base.mark_point(filled=True, stroke="#111", strokeWidth=1).encode(
        x=alt.value(24), y=y,
        **_role_marks(260, 120))
    text = [rows_base.transform_filter(cond).mark_text(
        align="left", baseline="top", lineBreak="\n", lineHeight=16, fontSize=charts.TEXT_SIZE,
        fontWeight=weight, color=colour, dy=-7).encode(x=alt.value(38), y=y, text="text:N")
        for cond, weight, colour in (("datum.lead", "bold", "#111"), ("!datum.lead", "normal", "#555"))]
    height = tops[-1] + 16 * lines[-1] + 8
    return alt.layer(trunk, joins, nodes, *text).properties(width=charts.PHONE_WIDTH - 20, height=height)


def _role_marks(lead_size: int, other_size: int) -> dict:
    """How a role's node is drawn, in the map and in its phone list alike: diamond and colour if it
    takes part in the concern, grey circle if not; the legend above the drawing, not beside it
    (that would widen the chart past the column)."""
    roles = ["takes part", "not for this concern"]
    return dict(
        shape=alt.Shape("role:N", title="Role", legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=roles, range=["diamond", "circle"])),
        color=alt.Color("role:N", title="Role", legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=roles, range=[charts.PALETTE[0], "#d9d9d9"])),
        size=alt.condition("datum.lead", alt.value(lead_size), alt.value(other_size)),
        tooltip=[alt.Tooltip("name:N", title="Role"), alt.Tooltip("part:N", title="Their part"),
                 alt.Tooltip("sources:N", title="Sources")])


def team_map(*, concern: str = "medicines") -> alt.VConcatChart:
    """Pick a concern; the roles that take part in it are highlighted around the person.

    Handles (where the menu starts):
        concern: the person's concern, an id of the care-team data (e.g. 'medicines', 'movement', 'mood-sleep').
    """
    frame = team_frame()
    concerns = data.records("care_team", "concerns")
    concern = handles.option("concern", concern, [c["id"] for c in concerns])
    param = alt.param(name="concern", value=concern, bind=alt.binding_select(
        options=[c["id"] for c in concerns], labels=[c["label"] for c in concerns],
        name="The person's concern: "))
    base = alt.Chart(frame).transform_calculate(
        lead=leads_expression(), role="datum.lead ? 'takes part' : 'not for this concern'")
    scale = alt.Scale(domain=[-1.85, 1.85])
    x = alt.X("x:Q", axis=None, scale=scale)
    y = alt.Y("y:Q", axis=None, scale=scale)
    # Every layer must share the same axis-less scales, or Vega-Lite cannot merge the axes.
    cx = alt.X("cx:Q", axis=None, scale=scale)
    cy = alt.Y("cy:Q", axis=None, scale=scale)
    spoke = base.transform_filter("datum.id != 'person'").transform_calculate(cx="0", cy="0")
    spokes = (spoke.transform_filter("datum.lead").mark_rule(strokeWidth=2, color="#333")
              .encode(x=cx, y=cy, x2="x:Q", y2="y:Q")
              + spoke.transform_filter("!datum.lead").mark_rule(
                  strokeWidth=1.5, color="#c8c8c8", strokeDash=[3, 3])
              .encode(x=cx, y=cy, x2="x:Q", y2="y:Q"))
    nodes = base.mark_point(filled=True, stroke="#111", strokeWidth=1).encode(
        x=x, y=y,
        **_role_marks(420, 160))
    # Two text layers: Vega-Lite has no font-weight channel, so bold and normal are separate.
    lx = alt.X("lx:Q", axis=None, scale=scale)
    ly = alt.Y("ly:Q", axis=None, scale=scale)
    lead_labels = base.transform_filter("datum.lead").mark_text(
        fontSize=charts.TEXT_SIZE, lineBreak="\n", baseline="middle", fontWeight="bold", color="#111").encode(
        x=lx, y=ly, text="short:N")
    other_labels = base.transform_filter("!datum.lead").mark_text(
        fontSize=charts.TEXT_SIZE, lineBreak="\n", baseline="middle", color="#555").encode(
        x=lx, y=ly, text="short:N")
    labels = lead_labels + other_labels
    chart = (spokes + nodes + labels).properties(width=WIDTH, height=WIDTH)
    listing = base.transform_filter("datum.lead && datum.id != 'person'").transform_window(
        row="row_number()").transform_calculate(
        line="'• ' + datum.name").mark_text(
        align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=alt.value(0), y=alt.Y("row:O", axis=None), text="line:N").properties(width=WIDTH, height=150)
    notes = _text_panel([
        "The person is always at the centre and takes part in every decision. Hover over a "
        "role to read its part. Which profession fills a role differs between health systems; "
        "this map is a teaching aid, not a staffing rule.",
    ])
    return charts.finish(
        alt.vconcat(chart, listing, notes).add_params(param),
        phone=_team_list(base).add_params(param),
        title="Who takes part? The team around a person with neuropathic pain",
        description=("A menu chooses one of the person's concerns, such as medicine side effects "
                     "or low mood. The map shows the person at the centre and the other team "
                     "roles around them; roles that take part in the chosen concern are drawn as "
                     "large dark diamonds with bold labels and solid spokes, the others as small "
                     "grey circles with dashed spokes. A list below names the roles taking part."),
    )


# --- tables --------------------------------------------------------------------------------

def measures_table():
    """The outcome measures: what each measures, its scale, IMMPACT domains, limits, sources."""
    domains = data.by_id("outcome_measures", "domains")
    rows = []
    for m in data.records("outcome_measures", "measures"):
        if "scale" in m:
            s = m["scale"]
            scale_text = f"{s['min']:g}–{s['max']:g} {s['unit']}"
        else:
            scale_text = "7 categories: " + ", ".join(m["categories"])
        rows.append([f"{m['name']} ({m['abbreviation']})", m["what"], scale_text,
                     "; ".join(domains[d]["name"] for d in m["domains"]), m["limits"],
                     sources_in_words.labels(m["sources"])])
    return tables.html_table(rows, ["Measure", "What it measures", "Scale",
                                    "IMMPACT core domain", "Limits", "Sources"],
                             caption="Outcome measures used to follow neuropathic pain, "
                                     "with the sources each row paraphrases")


def thresholds_table(measure: str | None = None):
    """The published thresholds with the population each came from and its limits."""
    names = {k: m["abbreviation"] for k, m in outcomes.measures().items()}
    rows = []
    for t in data.records("outcome_measures", "thresholds"):
        if measure is not None and t["measure"] != measure:
            continue
        rows.append([t["statement"], names[t["measure"]], t["level"], t["method"],
                     t["population"], t["limits"], sources_in_words.labels(t["sources"])])
    if not rows:
        raise ValueError(f"measure {measure!r} has no thresholds; known: {', '.join(names)}")
    return tables.html_table(rows, ["Threshold", "Measure", "Level", "Method", "Population it came "
                                    "from", "Limits", "Sources"],
                             caption="Published thresholds for an important change",
                             cards=True)


def team_table():
    """Each role's part and the concerns it takes part in."""
    labels = {c["id"]: c["label"] for c in data.records("care_team", "concerns")}
    rows = [[r["name"], r["part"], "; ".join(labels[c] for c in r["concerns"]),
             sources_in_words.labels(r["sources"])] for r in data.records("care_team", "roles")]
    return tables.html_table(rows, ["Role", "Their part", "Concerns they take part in", "Sources"],
                             caption="The team around a person with neuropathic pain")
