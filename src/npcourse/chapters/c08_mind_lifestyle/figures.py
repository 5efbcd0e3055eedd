"""Chapter 8 charts: the fear-avoidance cycle explorer, the regression-to-the-mean simulation
and the chapter's evidence map.

Every control is a Vega-Lite parameter, so the charts work in the static page. The cycle's
nodes, links and intervention targets come from :mod:`.fear_avoidance`, the evidence
text from therapies.yml. The regression chart simulates the model of
:mod:`.trial_simulation` in Vega expressions: shipping a grid of simulated people for
every slider setting would break the 60 KB chart budget, so the chart carries only seeded
random numbers (a short digit string) and turns them into enrolled people with the same
formulas as :func:`.trial_simulation.enrolled_from_uniforms`. The expression builders
below are valid both in Vega and in Python, so the tests check chart and model agree.
"""

from __future__ import annotations

import functools
import math
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from npcourse import validate
from npcourse.chapters.c08_mind_lifestyle import fear_avoidance, trial_simulation
from npcourse.ui import charts, handles
from npcourse.ui import evidence_map as evidence
from npcourse.ui import sources as sources_in_words

__all__ = [
    "CHAPTER", "WIDTH", "evidence_map", "CYCLE_WIDTH", "CYCLE_HEIGHT", "BOX_W", "LINE_H", "WRAP",
    "LAYOUT", "PHONE_LAYOUT", "NO_INTERVENTION", "ROUTE_LABELS", "cycle_links_frame", "cycle_nodes_frame",
    "intervention_text", "fear_avoidance_cycle", "RTM_N", "RTM_LINES", "RTM_DIGITS", "RTM_SEED",
    "RTM_CONTROLS", "ARMS", "TIMES", "rtm_draws", "decode_uniforms", "uniform_expression",
    "sigma_expression", "rho_expression", "screening_expression", "usual_expression",
    "followup_expression", "expected_drop_expression", "rtm_sample", "regression_to_mean"
]

CHAPTER = "08-mind-lifestyle"
WIDTH = 480


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(text, width))


# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH, line_height=16)


# --- evidence map (shared chart, chapter 8's records) -----------------------------------------

def evidence_map(*, highlight_level: str = "none", approach: str | None = None) -> alt.VConcatChart:
    """Chapter 8's approaches in therapies.yml by certainty of evidence and population.

    Handles (where the menus start):
        highlight_level: column highlighted, 'none', 'high', 'moderate', 'low', 'very-low' or 'insufficient'.
        approach: id of the approach whose evidence is read out (None = the first of the chapter).
    """
    return evidence.evidence_map(CHAPTER, highlight_level=highlight_level, approach=approach)


# --- fear-avoidance cycle ----------------------------------------------------------------------

# Where each node sits (pixels, y downwards): the vicious circle on the left, the recovery
# path on the right. Layout only; the model itself is in npcourse.chapters.c08_mind_lifestyle.fear_avoidance.
CYCLE_WIDTH, CYCLE_HEIGHT = 560, 470
BOX_W, LINE_H, WRAP = 140, 14, 22
LAYOUT = {
    "injury": (265, 25),
    "pain": (265, 110),
    "vulnerabilities": (75, 110),
    "catastrophising": (75, 210),
    "fear": (75, 310),
    "avoidance": (75, 425),
    "hypervigilance": (220, 372),
    "disuse": (320, 432),
    "low-fear": (485, 210),
    "confrontation": (485, 315),
    "recovery": (485, 410),
}
# The phone layout (PHONE_CYCLE_WIDTH px wide): the vicious circle down the left column, the
# recovery path down the right one, disuse at the bottom centre and pain at the top centre, so
# the link back from disuse to pain runs up the gap between the columns.
PHONE_CYCLE_WIDTH, PHONE_CYCLE_HEIGHT, PHONE_BOX_W = 310, 605, 144
PHONE_LAYOUT = {
    "vulnerabilities": (74, 30),
    "injury": (236, 30),
    "pain": (155, 115),
    "catastrophising": (74, 205),
    "low-fear": (236, 200),
    "fear": (74, 300),
    "confrontation": (236, 290),
    "recovery": (236, 375),
    "avoidance": (74, 415),
    "hypervigilance": (236, 490),
    "disuse": (155, 580),
}
PHONE_PANEL_WRAP = 40
NO_INTERVENTION = "none"
ROUTE_LABELS = {"circle": "Vicious circle (solid)", "recovery": "Recovery path (dotted)",
                "other": "Other link (solid)"}


def _route(link: tuple[str, str]) -> str:
    if link in fear_avoidance.vicious_circle_links():
        return "circle"
    if link[1] in ("low-fear", "confrontation", "recovery"):
        return "recovery"
    return "other"


def _box_height(node: str) -> float:
    return LINE_H * len(textwrap.wrap(fear_avoidance.NODES[node], WRAP)) + 12


def _box_exit(node: str, dx: float, dy: float, layout=None, box_w: float = BOX_W) -> tuple[float, float]:
    """Where the ray from a node's box centre in direction (dx, dy) leaves the box (plus a gap)."""
    x0, y0 = (layout or LAYOUT)[node]
    sx = (box_w / 2 + 4) / abs(dx) if dx else math.inf
    sy = (_box_height(node) / 2 + 4) / abs(dy) if dy else math.inf
    s = min(sx, sy)
    return x0 + s * dx, y0 + s * dy


def cycle_links_frame(*, phone: bool = False) -> pd.DataFrame:
    """One row per link: end points clipped to the boxes, arrow angle, route, targeting menu ids.

    ``phone``: positions of the phone layout (PHONE_LAYOUT) instead of the book column's."""
    layout, box_w = (PHONE_LAYOUT, PHONE_BOX_W) if phone else (LAYOUT, BOX_W)
    rows = []
    for a, b in fear_avoidance.LINKS:
        (xa, ya), (xb, yb) = layout[a], layout[b]
        dx, dy = xb - xa, yb - ya
        x1, y1 = _box_exit(a, dx, dy, layout, box_w)
        x2, y2 = _box_exit(b, -dx, -dy, layout, box_w)
        by = fear_avoidance.targeting((a, b))
        rows.append({
            "link": f"{a}->{b}", "label": fear_avoidance.link_label((a, b)),
            "x": round(x1, 1), "y": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
            "mx": round((x1 + x2) / 2, 1), "my": round((y1 + y2) / 2, 1),
            "angle": round(math.degrees(math.atan2(dx, -dy)) % 360, 1),
            "route": ROUTE_LABELS[_route((a, b))],
            "targeted_by": "|" + "|".join(by) + "|",
        })
    return pd.DataFrame(rows)


def cycle_nodes_frame(*, phone: bool = False) -> pd.DataFrame:
    layout, box_w = (PHONE_LAYOUT, PHONE_BOX_W) if phone else (LAYOUT, BOX_W)
    rows = []
    for node, label in fear_avoidance.NODES.items():
        x, y = layout[node]
        h = _box_height(node)
        lines = textwrap.wrap(label, WRAP)
        # ty: the first line's centre, so that the block of lines is centred in the box
        rows.append({"node": node, "text": "\n".join(lines), "x": x, "y": y,
                     "ty": y - (len(lines) - 1) * LINE_H / 2,
                     "x0": x - box_w / 2, "x1": x + box_w / 2, "y0": y - h / 2, "y1": y + h / 2})
    return pd.DataFrame(rows)


def intervention_text(intervention_id: str, wrap: int = 92) -> str:
    """What the panel under the cycle says for one menu choice: targets and evidence (lines of
    ``wrap`` characters)."""
    if intervention_id == NO_INTERVENTION:
        return _wrap("Choose an intervention in the menu to see which links of the cycle it is "
                     "meant to weaken, and what the evidence for it says.", wrap)
    i = fear_avoidance.intervention(intervention_id)
    parts = [f"{i.label} is meant to weaken: "
             + "; ".join(fear_avoidance.link_label(t) for t in i.targets) + "."]
    for r in fear_avoidance.evidence(intervention_id):
        certainty = evidence.CERTAINTY_LABELS[r["certainty"]].lower()
        if evidence.rated_by(r) == evidence.AUTHORS:
            certainty += " (the course authors' provisional judgement, not the review's rating)"
        parts.append(f"Evidence ({r['name']}): {r['evidence']} Certainty: {certainty}. "
                     f"Population: {r['population']}. ({sources_in_words.labels(r['sources'])})")
    if i.note:
        parts.append(i.note)
    parts.append(fear_avoidance.INTENDED_NOTE)
    return "\n".join(_wrap(p, wrap) for p in parts)


def fear_avoidance_cycle(*, intervention: str = NO_INTERVENTION) -> alt.VConcatChart:
    """A menu of interventions; the links each is meant to weaken are drawn thick and dashed.

    Handles (where the menu starts):
        intervention: 'none' or an id of ``fear_avoidance.INTERVENTIONS`` (e.g. 'graded-exposure', 'cbt').
    """
    menu = [NO_INTERVENTION, *(i.id for i in fear_avoidance.INTERVENTIONS)]
    start = handles.option("intervention", intervention, menu)
    labels = ["No intervention (show the cycle)", *(i.label for i in fear_avoidance.INTERVENTIONS)]
    choice = alt.param(name="intervention", value=start, bind=alt.binding_select(
        options=menu, labels=labels, name="Point of intervention: "))
    def views(phone: bool) -> list:
        """The diagram and the panel under it, for the book column or a phone (PHONE_LAYOUT)."""
        targeted = "indexof(datum.targeted_by, '|' + intervention + '|') >= 0"
        width, height = (PHONE_CYCLE_WIDTH, PHONE_CYCLE_HEIGHT) if phone else (CYCLE_WIDTH, CYCLE_HEIGHT)
        x = alt.X("x:Q", scale=alt.Scale(domain=[0, width]), axis=None)
        y = alt.Y("y:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None)
        links = alt.Chart(cycle_links_frame(phone=phone))
        route_dash = alt.StrokeDash("route:N", title="Link", scale=alt.Scale(
            domain=list(ROUTE_LABELS.values()), range=[[1, 0], [2, 3], [1, 0]]),
            legend=alt.Legend(orient="top", labelLimit=260, direction="vertical" if phone else "horizontal"))
        tooltip = [alt.Tooltip("label:N", title="Link")]
        plain = links.transform_filter(f"!({targeted})").mark_rule(
            strokeWidth=2, color=charts.MUTED).encode(x=x, y=y, x2="x2:Q", y2="y2:Q",
                                                       strokeDash=route_dash, tooltip=tooltip)
        hit = links.transform_filter(targeted).mark_rule(
            strokeWidth=6, color=charts.HIGHLIGHT, strokeDash=[8, 4]).encode(
            x=x, y=y, x2="x2:Q", y2="y2:Q", tooltip=tooltip)
        heads = links.mark_point(shape="triangle-up", filled=True, size=90, opacity=1).encode(
            x=alt.X("x2:Q", scale=alt.Scale(domain=[0, width]), axis=None),
            y=alt.Y("y2:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None),
            angle=alt.Angle("angle:Q", scale=None),
            color=alt.condition(targeted, alt.value(charts.HIGHLIGHT), alt.value("#444444")))
        # On a phone a link left of the centre is labelled on its left: on its right the word
        # would sit on the link back to pain, which runs up the middle.
        sides = ([("datum.mx < 150", "right", -7), ("datum.mx >= 150", "left", 7)] if phone
                 else [("true", "left", 7)])
        marks = alt.layer(*(links.transform_filter(targeted).transform_filter(side).mark_text(
            text="target", fontSize=charts.TEXT_SIZE, fontWeight="bold", color="#111", align=align, dx=dx,
            dy=-10).encode(
            x=alt.X("mx:Q", scale=alt.Scale(domain=[0, width]), axis=None),
            y=alt.Y("my:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None))
            for side, align, dx in sides))
        nodes = alt.Chart(cycle_nodes_frame(phone=phone))
        boxes = nodes.mark_rect(fill="#f4f4f4", stroke="#333333", strokeWidth=1.2, cornerRadius=6).encode(
            x=alt.X("x0:Q", scale=alt.Scale(domain=[0, width]), axis=None), x2="x1:Q",
            y=alt.Y("y0:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None), y2="y1:Q")
        names = nodes.mark_text(fontSize=charts.TEXT_SIZE, lineBreak="\n", lineHeight=LINE_H, baseline="middle",
                                color="#111").encode(
            x=x, y=alt.Y("ty:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None), text="text:N")
        diagram = alt.layer(plain, hit, heads, marks, boxes, names).properties(
            width=width, height=height)
        wrap = PHONE_PANEL_WRAP if phone else 92
        panel_rows = pd.DataFrame({"id": menu, "text": [intervention_text(m, wrap) for m in menu]})
        n_lines = max(t.count("\n") + 1 for t in panel_rows["text"])
        panel = alt.Chart(panel_rows).transform_filter("datum.id == intervention").mark_text(
            align="left", baseline="top", lineBreak="\n", fontSize=charts.TEXT_SIZE, color="#111").encode(
            x=alt.value(0), y=alt.value(4), text="text:N").properties(
            width=width, height=16 * n_lines + 8)
        return [diagram, panel]

    notes = _text_panel([
        "Thick dashed links labelled 'target': the links the chosen intervention is meant to "
        "weaken. Model after Vlaeyen & Linton (2000) and Leeuw et al. (2007). "
        + fear_avoidance.EXTRAPOLATION_NOTE + " " + fear_avoidance.INTENDED_NOTE,
    ], width=CYCLE_WIDTH, wrap=92, fontSize=charts.TEXT_SIZE, color="#333")
    return charts.finish(
        alt.vconcat(*views(phone=False), notes).add_params(choice),
        phone=alt.vconcat(*views(phone=True)).add_params(choice),
        title="The fear-avoidance cycle: where each treatment is meant to act",
        description=(
            "A diagram of the fear-avoidance model. From injury or nerve lesion to the pain "
            "experience; then either catastrophising, pain-related fear, avoidance and "
            "hypervigilance, disuse, low mood and disability, which lead back to pain (the "
            "vicious circle, solid lines), or low fear, confrontation and recovery (dotted "
            "lines). Vulnerabilities feed catastrophising. A menu chooses an intervention; "
            "the links it is meant to weaken are drawn thick and dashed and labelled 'target', "
            "and the text below names them with the evidence the course gives for that intervention. "
            "Targets are intended, not proven mechanisms. The model was developed mainly in "
            "musculoskeletal pain; its use in neuropathic pain is an extrapolation."),
    )


# --- regression to the mean ---------------------------------------------------------------------

RTM_N = 300          # simulated enrolled people per group (the notes' suggestion)
RTM_LINES = 30       # individual slope lines drawn per group
RTM_DIGITS = 4       # each uniform is stored as 4 digits: u = (k + 0.5) / 10^4
RTM_SEED = trial_simulation.DEFAULT_SEED
GUIDE_MARGIN = 110  # px right of the regression plot for the names of its two dotted lines
RTM_CONTROLS = {  # parameter: (label, min, max, step, start), provenance/08-notes.md section 1
    "threshold": ("Enrolment threshold: screening score at least", 5, 9, 0.5, trial_simulation.THRESHOLD),
    "within_sd": ("Day-to-day variability (SD, points)", 0.5, 2.5, 0.25, trial_simulation.WITHIN_SD),
}
ARMS = ("Enrolled, inert treatment", "Control: enrolled the same way, nothing given")
TIMES = ("Screening", "Follow-up (4 weeks)")


def rtm_draws(seed: int = RTM_SEED) -> str:
    """Seeded random digits for the chart: 3 uniforms per person, RTM_DIGITS digits each.

    Stratified (Latin hypercube) within each group of RTM_N: every column of each group
    puts one draw in each of RTM_N equal slices of (0, 1), in random order, so 300 simulated
    people reproduce the model's averages closely. Chance differences between real groups
    are the subject of the live trial simulator, not of this chart.
    """
    rng = np.random.default_rng(seed)
    u = np.concatenate([np.column_stack([(rng.permutation(RTM_N) + rng.random(RTM_N)) / RTM_N
                                         for _ in range(3)]) for _ in range(2)])
    k = np.floor(u * 10**RTM_DIGITS).astype(int)
    return "".join(f"{v:0{RTM_DIGITS}d}" for v in k.ravel())


def decode_uniforms(draws: str) -> np.ndarray:
    """The (n_people, 3) uniforms that :func:`uniform_expression` reads from ``draws``."""
    k = np.array([int(draws[i:i + RTM_DIGITS]) for i in range(0, len(draws), RTM_DIGITS)])
    return ((k + 0.5) / 10**RTM_DIGITS).reshape(-1, 3)


def uniform_expression(which: int, draws: str = "rtm_draws", i: str = "datum.i") -> str:
    """Vega: uniform number ``which`` (0, 1, 2) of person ``i`` decoded from the digit string."""
    start = f"({i}) * {3 * RTM_DIGITS} + {which * RTM_DIGITS}"
    return f"(toNumber(substring({draws}, {start}, {start} + {RTM_DIGITS})) + 0.5) / {10**RTM_DIGITS}"


def sigma_expression(tau="tau", sw="sw") -> str:
    return f"sqrt(({tau}) * ({tau}) + ({sw}) * ({sw}))"


def rho_expression(tau="tau", sw="sw") -> str:
    return f"({tau}) * ({tau}) / (({tau}) * ({tau}) + ({sw}) * ({sw}))"


def screening_expression(u, c="c", mu="mu", tau="tau", sw="sw") -> str:
    """Screening score from the upper tail above the threshold (valid in Vega and Python)."""
    s = sigma_expression(tau, sw)
    return f"({mu}) - {s} * quantileNormal(({u}) * cumulativeNormal(-(({c}) - ({mu})) / {s}))"


def usual_expression(y0, u, mu="mu", tau="tau", sw="sw") -> str:
    """Usual level given the screening score: conditional normal."""
    return (f"({mu}) + {rho_expression(tau, sw)} * (({y0}) - ({mu})) + ({tau}) * ({sw}) / "
            f"{sigma_expression(tau, sw)} * quantileNormal({u})")


def followup_expression(usual, u, sw="sw") -> str:
    return f"({usual}) + ({sw}) * quantileNormal({u})"


def expected_drop_expression(c="c", mu="mu", tau="tau", sw="sw") -> str:
    """Barnett et al. (2005) equation 1: sigma · (1 − rho) · phi(z) / (1 − Phi(z))."""
    s = sigma_expression(tau, sw)
    z = f"((({c}) - ({mu})) / {s})"
    return f"{s} * (1 - {rho_expression(tau, sw)}) * densityNormal({z}) / (1 - cumulativeNormal({z}))"


def rtm_sample(threshold: float, within_sd: float, seed: int = RTM_SEED) -> pd.DataFrame:
    """The people the chart draws at one slider setting (computed in Python by the model)."""
    u = decode_uniforms(rtm_draws(seed))
    y0, usual, y1 = trial_simulation.enrolled_from_uniforms(u[:, 0], u[:, 1], u[:, 2], threshold, within_sd)
    return pd.DataFrame({"i": np.arange(len(y0)), "arm": np.where(np.arange(len(y0)) < RTM_N, ARMS[0], ARMS[1]),
                         "screening": y0, "usual": usual, "followup": y1})


def regression_to_mean(*, threshold: float = 7.0, within_sd: float = 1.5, show_control: bool = False,
                       seed: int = RTM_SEED) -> alt.VConcatChart:
    """Sliders for the enrolment threshold and day-to-day variability; a control-group checkbox.

    Handles (where the controls start):
        threshold: enrolment threshold (screening score at least), 5 to 9 in steps of 0.5.
        within_sd: day-to-day variability (SD, points), 0.5 to 2.5 in steps of 0.25.
        show_control: True to start with the control group shown.
        seed: random seed of the simulated people, a whole number ≥ 0 (another seed, other people).
    """
    given = {"threshold": threshold, "within_sd": within_sd}
    starts = {p: handles.slider(p, given[p], lo, hi, step)
              for p, (_label, lo, hi, step, _start) in RTM_CONTROLS.items()}
    show_control = handles.flag("show_control", show_control)
    seed = int(validate.number("seed", seed, minimum=0, integer=True))
    mu, tau = trial_simulation.POPULATION_MEAN, trial_simulation.BETWEEN_SD
    params = [alt.param(name=p, value=starts[p], bind=alt.binding_range(
        min=lo, max=hi, step=step, name=f"{label}: ")) for p, (label, lo, hi, step, _start)
        in RTM_CONTROLS.items()]
    params.append(alt.param(name="show_control", value=show_control, bind=alt.binding_checkbox(
        name="Add a control group (enrolled the same way, given nothing): ")))
    params += [
        alt.param(name="rho_now", expr=rho_expression(tau, "within_sd")),
        alt.param(name="tail_now", expr=f"cumulativeNormal(-(threshold - {mu}) / "
                                         f"{sigma_expression(tau, 'within_sd')})"),
        alt.param(name="drop_now", expr=expected_drop_expression("threshold", mu, tau, "within_sd")),
    ]
    # Given to the top-level concatenation as it is made: add_params would put a copy into every
    # view and Altair would lift them back up, copying the whole chart each time (seconds).
    params = [p.param for p in params]
    # The seeded digits travel as a one-row dataset: the book sends a chart's datasets once for
    # both of its layouts, so the phone layout does not repeat them.
    draws = pd.DataFrame({"d": [rtm_draws(seed)]})
    return charts.finish(
        alt.vconcat(*_rtm_views(draws, phone=False), params=params),
        title="Enrolling people on a bad day: improvement with no treatment",
        description=(
            "Simulated, synthetic data. Two sliders set the enrolment threshold (5 to 9 points) "
            "and the day-to-day variability of pain scores (SD 0.5 to 2.5 points); a checkbox "
            "adds a control group enrolled the same way. The chart plots pain on a 0–10 scale "
            "at screening and at follow-up: thin lines for 30 people per group, thick lines "
            "and marked points (circle: enrolled group; square: control) for the group means, "
            "with dotted lines at the threshold and the population mean. Text above gives the "
            "apparent improvement, the value expected from the regression-to-the-mean formula "
            "of Barnett et al. (2005), and with the control group the difference between groups, "
            "which is close to zero because nobody is treated."),
        phone=alt.vconcat(*_rtm_views(draws, phone=True), params=params),
    )


# The readout above the regression plot, one list per desktop line: the pieces (Vega
# expressions) joined make the line; a phone puts each piece on a line of its own. A line the
# control checkbox changes gives its pieces with the control shown and hidden, as pairs.
RTM_READOUT = [
    ["'Enrolled group: mean ' + format(datum.sa, '.2f') + ' at screening '",
     "'→ ' + format(datum.fa, '.2f') + ' at follow-up'"],
    ["'Apparent improvement with no active '",
     "'treatment: ' + format(datum.sa - datum.fa, '.2f') + ' points'"],
    ["'Regression-to-the-mean formula '",
     "'(Barnett et al. 2005): ' + format(drop_now, '.2f') + ' points'"],
    ["'(test–retest correlation ' + format(rho_now, '.2f') + '; ' + format(100 * tail_now, '.0f') + ' in 100 '",
     "'screened people reach the threshold)'"],
    [("'Control group: ' + format(datum.sb, '.2f') + ' → ' + format(datum.fb, '.2f') + ', '",
      "'Tick the box to add a control group '"),
     ("'improvement ' + format(datum.sb - datum.fb, '.2f') + ' points'", "'enrolled the same way.'")],
    [("'Difference between the two '", "''"),
     ("'improvements: ' + format((datum.sa - datum.fa) - (datum.sb - datum.fb), '.2f') + ' points'", "''")],
]
PHONE_RTM_WIDTH = 165  # px: the phone's plot; its y axis (47 px) and the guide names (105 px) beside it in 320 px
PHONE_GUIDE_MARGIN = 105


def _readout_lines(phone: bool) -> dict[str, str]:
    """The readout's lines as Vega expressions by key, in order: desktop lines whole, phone pieces."""
    def expr(piece) -> str:
        return piece if isinstance(piece, str) else f"show_control ? {piece[0]} : {piece[1]}"

    def joined(pieces) -> str:
        if all(isinstance(p, str) for p in pieces):
            return " + ".join(pieces)
        return f"show_control ? {' + '.join(p[0] for p in pieces)} : {' + '.join(p[1] for p in pieces)}"

    if phone:
        return {f"line{n}{chr(97 + k)}": expr(p) for n, line in enumerate(RTM_READOUT, 1) for k, p in enumerate(line)}
    return {f"line{n}": joined(line) for n, line in enumerate(RTM_READOUT, 1)}


def _rtm_views(draws: pd.DataFrame, *, phone: bool) -> list:
    """The readout, the plot and (desktop only: the book prints it under a phone chart) the notes,
    for the book column or for a phone (PHONE_WIDTH): same data, parameters and marks."""
    mu, tau = trial_simulation.POPULATION_MEAN, trial_simulation.BETWEEN_SD
    plot_width, margin = (PHONE_RTM_WIDTH, PHONE_GUIDE_MARGIN) if phone else (WIDTH - GUIDE_MARGIN, GUIDE_MARGIN)

    def layer(*views, transforms: alt.Chart | None = None, **props) -> alt.LayerChart:
        """``alt.layer`` given its transforms (written on a plain chart) and properties as it is
        made: each chained call on a layer would copy every view in it (Altair rebuilds nested
        layers on every copy), which made this chart take seconds."""
        if transforms is not None:
            props["transform"] = transforms.transform
        return alt.layer(*views, **props)

    def people(*views, **props):
        """Views of the simulated people: the simulation's transforms once, at their layer."""
        return layer(*views, data=draws, transforms=alt.Chart().transform_calculate(
            i=f"sequence(0, {2 * RTM_N})",
        ).transform_flatten(["i"]).transform_filter(
            f"show_control || datum.i < {RTM_N}",
        ).transform_calculate(
            u0=uniform_expression(0, "datum.d"), u1=uniform_expression(1, "datum.d"),
            u2=uniform_expression(2, "datum.d"),
        ).transform_calculate(
            y0=screening_expression("datum.u0", "threshold", mu, tau, "within_sd"),
        ).transform_calculate(
            usual=usual_expression("datum.y0", "datum.u1", mu, tau, "within_sd"),
        ).transform_calculate(
            y1=followup_expression("datum.usual", "datum.u2", "within_sd"),
            arm=f"datum.i < {RTM_N} ? '{ARMS[0]}' : '{ARMS[1]}'",
        ), **props)

    y = alt.Y("score:Q", title="Pain (0–10 NRS)", scale=alt.Scale(domain=[0, 10]))
    x = alt.X("time:N", title="Time", sort=list(TIMES), scale=alt.Scale(padding=0.4),
              axis=alt.Axis(labelAngle=0, labelLimit=200))
    if phone:  # room left of the screening means for their labels; the follow-up label on two lines
        x = alt.X("time:N", title="Time", sort=list(TIMES), scale=alt.Scale(padding=0.7),
                  axis=alt.Axis(labelAngle=0, labelLimit=200, labelExpr=(
                      f"datum.label == '{TIMES[1]}' ? ['Follow-up', '(4 weeks)'] : datum.label")))
    legend = alt.Legend(orient="top", direction="vertical", labelLimit=400, titleLimit=400,
                        symbolType="stroke", symbolStrokeWidth=4, symbolSize=600, symbolOpacity=1)
    group_title = "Group (thick line and marker: the group mean)"
    if phone:  # the title and the control's long name on two lines each, in 320 px
        group_title = ["Group (thick line and marker:", "the group mean)"]
        legend = alt.Legend(orient="top", direction="vertical", labelLimit=400, titleLimit=400,
                            symbolType="stroke", symbolStrokeWidth=4, symbolSize=600, symbolOpacity=1,
                            labelExpr=f"datum.label == '{ARMS[1]}' ? ['Control: enrolled the same way,', "
                                      "'nothing given'] : datum.label")
    arm_scale = alt.Scale(domain=list(ARMS), range=[charts.PALETTE[0], charts.PALETTE[1]])
    arm_colour = alt.Color("arm:N", title=group_title, scale=arm_scale, legend=legend)
    arm_dash = alt.StrokeDash("arm:N", title=group_title, scale=alt.Scale(
        domain=list(ARMS), range=[[1, 0], [7, 4]]), legend=legend)
    lines = alt.Chart().transform_filter(f"datum.i % {RTM_N} < {RTM_LINES}").transform_calculate(
        **{TIMES[0]: "clamp(datum.y0, 0, 10)", TIMES[1]: "clamp(datum.y1, 0, 10)"},
    ).transform_fold(list(TIMES), as_=["time", "score"]).mark_line(
        strokeWidth=1, opacity=0.35).encode(x=x, y=y, detail="i:N", color=arm_colour, strokeDash=arm_dash)
    mean_tooltip = [alt.Tooltip("arm:N", title="Group"), alt.Tooltip("time:N", title="Time"),
                    alt.Tooltip("score:Q", title="Group mean (points)", format=".2f")]
    mean_lines = alt.Chart().mark_line(strokeWidth=4).encode(x=x, y=y, color=arm_colour, strokeDash=arm_dash)
    # Two layers so that the control's smaller square stays visible on top of the circle.
    mean_points = [alt.Chart().transform_filter(f"datum.arm == '{arm}'").mark_point(
        filled=True, opacity=1, shape=shape, size=size, color=colour).encode(x=x, y=y, tooltip=mean_tooltip)
        for arm, shape, size, colour in ((ARMS[0], "circle", 260, charts.PALETTE[0]),
                                         (ARMS[1], "square", 90, charts.PALETTE[1]))]
    # The enrolled group's means are written just above their point, the control's just below,
    # so equal means never print over each other.
    mean_text = [alt.Chart().transform_filter(f"datum.time == '{t}' && datum.arm == '{arm}'").transform_calculate(
        label="format(datum.score, '.1f')").mark_text(
        fontSize=13, fontWeight="bold", color="#111", dx=dx, dy=dy, align=align).encode(x=x, y=y, text="label:N")
        for t, dx, align in ((TIMES[0], -12, "right"), (TIMES[1], 12, "left"))
        for arm, dy in ((ARMS[0], -9), (ARMS[1], 9))]
    means = layer(mean_lines, *mean_points, *mean_text, transforms=alt.Chart().transform_aggregate(
        **{TIMES[0]: "mean(y0)", TIMES[1]: "mean(y1)"}, groupby=["arm"],
    ).transform_fold(list(TIMES), as_=["time", "score"]))
    guides = alt.Chart(pd.DataFrame({"which": ["threshold", "mean"]})).transform_calculate(
        score=f"datum.which == 'threshold' ? threshold : {mu}",
        label=(f"datum.which == 'threshold' ? ['enrolment', 'threshold ' + format(threshold, '.1f')] : "
               f"['population', 'usual mean {mu:.1f}']"),
    )
    guide_rules = guides.mark_rule(color="#111", strokeDash=[2, 3]).encode(y=y)
    # Named in the margin right of the plot (clear of the group means), the higher line's name
    # above it and the lower one's below, so the two never overlap however close they are.
    # (Each name is two lines hung from its top: "above" moves it up by both lines.)
    guide_text = [guides.transform_filter(f"datum.which == '{which}'").mark_text(
        align="left", baseline="top", dx=4, fontSize=charts.TEXT_SIZE, lineHeight=16, color="#111",
        dy={"expr": f"threshold >= {mu} ? {high} : {low}"}).encode(
        y=y, x=alt.value(plot_width), text="label:N")
        for which, high, low in (("threshold", -34, 3), ("mean", 3, -34))]
    plot = layer(guide_rules, *guide_text, people(lines, means), width=plot_width, height=300)
    texts = _readout_lines(phone)
    keys = list(texts)
    readout = people(alt.Chart().transform_calculate(
        y0a=f"datum.i < {RTM_N} ? datum.y0 : null", y1a=f"datum.i < {RTM_N} ? datum.y1 : null",
        y0b=f"datum.i >= {RTM_N} ? datum.y0 : null", y1b=f"datum.i >= {RTM_N} ? datum.y1 : null",
    ).transform_aggregate(sa="mean(y0a)", fa="mean(y1a)", sb="mean(y0b)", fb="mean(y1b)").transform_calculate(
        **texts,
    ).transform_fold(keys, as_=["k", "text"]).transform_calculate(
        row=f"indexof({keys!r}, datum.k)",
    ).mark_text(align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=alt.value(0), y=alt.Y("row:O", axis=None), text="text:N"), width=plot_width + margin, height=17 * len(keys))
    if phone:
        return [readout, plot]
    notes = _text_panel([
        "SYNTHETIC people (computer-generated). Usual pain levels vary between people (SD "
        f"{tau:g} around a mean of {mu:g}); each day's score adds independent day-to-day "
        f"variation (the slider). Each group has {RTM_N} enrolled people, drawn with a fixed seed "
        f"and stratified so that their averages match the model closely; {RTM_LINES} are drawn "
        "as thin lines. Nobody receives an active treatment.",
        "Scores are drawn at 0–10; group means and the formula ignore that limit. Raise the "
        "threshold or the variability and the apparent improvement grows.",
    ], fontSize=charts.TEXT_SIZE, color="#333")
    return [readout, plot, notes]
