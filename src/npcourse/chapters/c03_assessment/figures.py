"""Chapter 3 charts: the DN4 calculator, the grading stepper, the nerve conduction calculator
and the bedside tests table.

Each calculator works in the static page: its controls are Vega-Lite parameters, and wherever
a rule decides something (the screening verdict, the grade, the conduction pattern) the answer
is precomputed in Python for every case and the chart only picks the matching row, so the
chart and the package cannot disagree. Items, cut-offs and reference values come from the
data files and the model modules, never typed here.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import textwrap

import altair as alt
import pandas as pd

from npcourse.chapters.c03_assessment import neurophysiology
from npcourse.facts import data
from npcourse.models import neupsig_grading, screening
from npcourse.ui import charts, handles, tables

__all__ = [
    "WIDTH", "DN4_WIDTH", "YES", "NO", "dn4_questions", "score_expression", "dn4_frame",
    "verdicts_frame", "dn4_calculator", "dn4_items_table", "GRADING_QUESTIONS", "GRADE_LABELS",
    "PRESETS", "DEFINITE_NOTE", "SCREENING_NOTE", "grade_explanation", "grading_frame", "preset_lines",
    "grading_stepper", "NCS_CONTROLS", "VELOCITY_EXPRESSION", "ncs_patterns_frame",
    "nerve_conduction_calculator", "bedside_tests_table"
]

WIDTH = 460
# The DN4 panels sit right of the item labels (about 250 px): narrower, so that the whole
# calculator fits the 680 px text column of the book.
DN4_WIDTH = 350  # beside the 300 px answer labels, the calculator fits the 688 px book column
YES, NO = "yes", "no"
# The DN4 calculator on a phone (charts.PHONE_WIDTH): item names on two lines of this many
# characters left of the boxes, verdicts on lines of this many under the bars.
PHONE_ITEM_WRAP = 22
PHONE_VERDICT_WRAP = 40


def _wrap(text: str, width: int = 78) -> str:
    """Vega text marks do not wrap by themselves: break lines here."""
    return "\n".join(textwrap.wrap(text, width))


# The course's one text panel (npcourse.ui.charts.text_panel) with this chapter's layout.
_text_panel = functools.partial(charts.text_panel, width=WIDTH, wrap=78, line_height=18, fontSize=13)


# --- DN4 ---------------------------------------------------------------------------------

def dn4_questions() -> list[dict]:
    """The DN4's four questions with their items (from the ``questions`` and ``items`` data)."""
    t = screening.scorable(screening.DN4)
    items = t["items"]
    out, seen = [], []
    for n, q in enumerate(t.get("questions", []), 1):
        m = re.search(r"Items? (\d+)(?:-(\d+))?\.?\s*$", q)
        if not m:
            raise data.DataError(f"screening_tools.yml: DN4 question {n} does not end with "
                                 "'Item N.' or 'Items N-M.'")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        members = items[first - 1:last]
        seen += [i["id"] for i in members]
        out.append({"number": n, "text": q[: m.start()].strip(), "items": members,
                    "part": members[0]["part"]})
    if seen != [i["id"] for i in items]:
        raise data.DataError("screening_tools.yml: the DN4 questions must cover items 1-10 in "
                             "order, each once")
    return out


def _param_name(item_id: str) -> str:
    return "item_" + item_id.replace("-", "_")


def score_expression(tool_id: str = screening.DN4) -> str:
    """A Vega expression for the tool's total from the calculator's checkbox parameters.

    It is also valid Python (``True * 1 == 1``), which the tests use to compare it with
    :func:`npcourse.models.screening.score`.
    """
    return " + ".join(f"{_param_name(i['id'])} * {i['points']:g}" for i in screening.items(tool_id))


def dn4_frame() -> pd.DataFrame:
    """One row per DN4 item: its question, text and the checkbox parameter that answers it."""
    rows = []
    for q in dn4_questions():
        for item in q["items"]:
            n = screening.item_ids().index(item["id"]) + 1
            rows.append({"param": _param_name(item["id"]), "order": n,
                         "label": f"Q{q['number']} ({item['part']}): {n}. {item['text']}"})
    return pd.DataFrame(rows)


def verdicts_frame() -> pd.DataFrame:
    """Every possible total of the DN4 and the DN4-interview with its verdict (from Python)."""
    rows = []
    for tool_id, row in ((screening.DN4, "DN4, all 10 items"),
                         (screening.DN4_INTERVIEW, "Interview items only (DN4-interview)")):
        t = screening.scorable(tool_id)
        for total in range(int(t.get("min_score", 0)), int(t["max_score"]) + 1):
            s = screening.interpret(total, tool_id)
            verdict = ("positive screen" if s.positive else "below the cut-off")
            label = f"{total} / {t['max_score']:g}: {verdict} (cut-off {screening.rule_text(tool_id)})"
            rows.append({"tool": tool_id, "row": row, "total": total, "max": t["max_score"],
                         "cutoff": t["cutoff"], "label": label,
                         # on a phone: on two lines, the cut-off on the second
                         "label_lines": "\n".join(charts.label_lines(label, PHONE_VERDICT_WRAP))})
    return pd.DataFrame(rows)


def dn4_calculator(*, ticked: tuple[str, ...] = ()) -> alt.VConcatChart:
    """Tick the DN4 items that apply: the total, the interview sub-score and the verdict update.

    Handles (where the controls start):
        ticked: ids of the DN4 items ticked at the start, from ``screening.item_ids()`` (none by default).
    """
    ticked = set(handles.ticked("ticked", ticked, screening.item_ids()))
    items = dn4_frame()
    verdicts = verdicts_frame()
    top = float(screening.scorable(screening.DN4)["max_score"])
    interview = screening.scorable(screening.DN4_INTERVIEW)
    return charts.finish(
        _dn4(items, verdicts, ticked, phone=False),
        title="DN4 calculator",
        description=(f"Ten checkboxes, one per DN4 item, grouped by the four questions "
                     f"(interview and examination). The chart lists every item with Yes or No, "
                     f"draws the total out of {top:g} and the interview sub-score out of "
                     f"{interview['max_score']:g} as bars with a tick at each cut-off, and states "
                     f"whether each is a positive screen ({screening.rule_text(screening.DN4)}; "
                     f"DN4-interview {screening.rule_text(screening.DN4_INTERVIEW)})."),
        phone=_dn4(items, verdicts, ticked, phone=True),
    )


def _dn4(items: pd.DataFrame, verdicts: pd.DataFrame, ticked: set, *, phone: bool) -> alt.VConcatChart:
    """The DN4 calculator for the desktop column or, ``phone``, for charts.PHONE_WIDTH: item names
    on two lines, each score's name above its bar and its verdict on two lines under it."""
    params = [alt.param(name=r.param, value=any(_param_name(t) == r.param for t in ticked),
                        bind=alt.binding_checkbox(name=f"{r.label}: ")) for r in items.itertuples()]
    answered = " : ".join(f"datum.param == '{p}' ? {p}" for p in items["param"]) + " : false"
    if phone:  # item names as text in the panel: an axis would push the score panel right too
        items = items.assign(label_lines=["\n".join(charts.label_lines(t, PHONE_ITEM_WRAP)) for t in items["label"]])
    item_axis = alt.Axis(labels=False, ticks=False, domain=False) if phone else alt.Axis(labelLimit=320)
    item_base = alt.Chart(items).transform_calculate(
        answer=f"({answered}) ? 'Yes (1 point)' : 'No (0)'",
        yes=f"{answered}",
    ).encode(y=alt.Y("label:N", sort=alt.EncodingSortField("order"), title=None, axis=item_axis))
    box_x = 196 if phone else 10  # on a phone right of the item names
    dots = item_base.mark_point(size=160, shape="square", strokeWidth=2,
                                color=charts.PALETTE[0]).encode(
        x=alt.value(box_x),
        fill=alt.condition("datum.yes", alt.value(charts.PALETTE[0]), alt.value("white")),
        tooltip=[alt.Tooltip("label:N", title="Item"), alt.Tooltip("answer:N", title="Answer")],
    )
    answers = item_base.mark_text(align="left", dx=0, fontSize=13, color="#111").encode(
        x=alt.value(box_x + 14), text="answer:N")
    answer_title = "Answers (tick the boxes above the chart)"
    if phone:
        names = item_base.mark_text(align="left", baseline="middle", lineBreak="\n", dy=-7,
                                    fontSize=charts.TEXT_SIZE, color="#222").encode(
            x=alt.value(0), text="label_lines:N")
        item_panel = (dots + answers + names).add_params(*params).properties(
            width=300, height=34 * len(items), title=charts.label_lines(answer_title, 26))
    else:
        item_panel = (dots + answers).add_params(*params).properties(
            width=140, height=22 * len(items), title=answer_title)

    dn4_sum = score_expression(screening.DN4)
    interview_sum = score_expression(screening.DN4_INTERVIEW)
    row_axis = alt.Axis(labels=False, ticks=False, domain=False) if phone else alt.Axis(labelLimit=260)
    base = alt.Chart(verdicts).transform_calculate(
        current=f"datum.tool == '{screening.DN4}' ? ({dn4_sum}) : ({interview_sum})",
    ).transform_filter("datum.total == datum.current").encode(
        y=alt.Y("row:N", title=None, sort=[r for r in dict.fromkeys(verdicts["row"])], axis=row_axis))
    top = float(screening.scorable(screening.DN4)["max_score"])
    x = alt.X("total:Q", title="Points", scale=alt.Scale(domain=[0, top]),
              # labelFlush keeps the last tick label ("10") inside the chart's width.
              axis=alt.Axis(values=list(range(int(top) + 1)), labelFlush=True))
    # On a phone each score is a 96 px row: its name on top, the bar, the verdict's two lines.
    up = {"yOffset": -10} if phone else {}
    track = base.mark_bar(color="#e8e8e8", height=18, **up).encode(x=alt.X("max:Q", scale=alt.Scale(
        domain=[0, top])))
    bars = base.mark_bar(color=charts.PALETTE[0], height=18, **up).encode(x=x)
    cut = base.mark_tick(color="#111", thickness=3, size=30, **up).encode(x="cutoff:Q")
    if phone:
        labels = base.mark_text(align="left", baseline="top", yOffset=10, lineBreak="\n",
                                fontSize=charts.TEXT_SIZE, color="#111").encode(x=alt.value(0), text="label_lines:N")
        score_panel = (track + bars + cut + labels + charts.row_headings(base, "row", offset=-46)).properties(
            width=300, height=alt.Step(96), title="Score (black tick = cut-off)")
    else:
        labels = base.mark_text(align="left", baseline="middle", dy=24, fontSize=charts.TEXT_SIZE,
                                color="#111").encode(x=alt.value(0), text="label:N")
        score_panel = (track + bars + cut + labels).properties(
            width=DN4_WIDTH, height=130, title="Score (black tick = cut-off)")

    dn4 = screening.scorable(screening.DN4)
    interview = screening.scorable(screening.DN4_INTERVIEW)
    notes = _text_panel([
        dn4["interpretation"], interview["interpretation"],
        screening.accuracy_note(screening.DN4), screening.NOT_A_DIAGNOSIS,
    ], width=DN4_WIDTH, wrap=66)
    return alt.vconcat(item_panel, score_panel, notes)


def dn4_items_table():
    """The DN4's four questions and their items (from screening_tools.yml)."""
    rows = [[f"Question {q['number']}", q["part"],
             q["text"].split(":", 1)[-1].strip(),
             "; ".join(i["text"] for i in q["items"])]
            for q in dn4_questions()]
    return tables.html_table(
        rows, ["Question", "Part", "Asks", "Items (each yes scores 1)"],
        caption=f"The DN4: a total of {screening.rule_text(screening.DN4)} is a positive screen")


# --- grading -----------------------------------------------------------------------------

GRADING_QUESTIONS = {  # Vega parameter → finding in neupsig_grading.FINDINGS (Finnerup et al. 2016)
    "history": "lesion_history",
    "distribution": "plausible_distribution",
    "signs": "sensory_signs",
    "test": "diagnostic_test",
}
GRADE_LABELS = {"none": "Criteria not met", "possible": "Possible", "probable": "Probable",
                "definite": "Definite"}
# Fictional preset cases (provenance/03-models.md, section 2): answers to the four questions.
PRESETS = {
    "Ms Larsen (shingles on the chest)": {
        "lesion_history": True, "plausible_distribution": True, "sensory_signs": True,
        "diagnostic_test": False},
    "Mr Okafor (diabetes; abnormal nerve conduction)": {
        "lesion_history": True, "plausible_distribution": True, "sensory_signs": True,
        "diagnostic_test": True},
    "Ms Ortiz (whole left side after a fall onto the hip)": {"plausible_distribution": False},
}
DEFINITE_NOTE = ("Definite = probable with a confirmatory test: fully compatible with neuropathic "
                 "pain, but it does not necessarily establish that the lesion causes the pain "
                 "(Finnerup et al. 2016).")
SCREENING_NOTE = "Screening questionnaires such as the DN4 are not grading criteria."


def grade_explanation(findings: dict) -> str:
    """Why a set of findings gets its grade (the neuropathic reasons from neupsig_grading.assess)."""
    a = neupsig_grading.assess(findings)
    if a.reasons:
        return a.reasons[0].rstrip(".") + "."
    return ("Criteria for neuropathic pain not met: a relevant lesion or disease in the history "
            "and a plausible distribution come first.")


def grading_frame() -> pd.DataFrame:
    """Every yes/no combination of the four questions × the four levels, graded by Python."""
    rows = []
    for answers in itertools.product((YES, NO), repeat=len(GRADING_QUESTIONS)):
        findings = {f: a == YES for f, a in zip(GRADING_QUESTIONS.values(), answers, strict=True)}
        grade = neupsig_grading.neuropathic_grade(findings)
        why = _wrap(grade_explanation(findings), 72)
        for step, level in enumerate(neupsig_grading.GRADES):
            rows.append({**dict(zip(GRADING_QUESTIONS, answers, strict=True)),
                         "grade": grade, "grade_label": GRADE_LABELS[grade],
                         "level": level, "level_label": GRADE_LABELS[level], "step": step + 1,
                         "current": level == grade, "why": why})
    return pd.DataFrame(rows)


def preset_lines() -> list[str]:
    lines = []
    for name, f in PRESETS.items():
        said = [f"{q} {YES if f[k] else NO}" for q, k in GRADING_QUESTIONS.items() if k in f]
        lines.append(f"{name}: " + ", ".join(said) + ("" if len(said) == 4 else
                                                      " (the other answers do not matter)"))
    return lines


def grading_stepper(*, lesion_history: bool = True, plausible_distribution: bool = True,
                    sensory_signs: bool = True, diagnostic_test: bool = False) -> alt.VConcatChart:
    """Answer the four grading questions yes or no; the grade and the reason update.

    Handles (where the controls start; True = yes):
        lesion_history: a relevant lesion or disease in the history.
        plausible_distribution: pain in a neuroanatomically plausible distribution.
        sensory_signs: sensory signs in the same distribution.
        diagnostic_test: a diagnostic test confirms the lesion or disease.
    """
    starts = {"lesion_history": lesion_history, "plausible_distribution": plausible_distribution,
              "sensory_signs": sensory_signs, "diagnostic_test": diagnostic_test}
    starts = {k: handles.flag(k, v) for k, v in starts.items()}
    df = grading_frame()
    params = [
        alt.param(name=p, value=YES if starts[f] else NO,
                  bind=alt.binding_radio(options=[YES, NO],
                                         name=f"{n}. {neupsig_grading.FINDINGS[f]}? "))
        for n, (p, f) in enumerate(GRADING_QUESTIONS.items(), 1)
    ]
    match = " && ".join(f"datum.{p} == {p}" for p in GRADING_QUESTIONS)
    base = alt.Chart(df).transform_filter(match)
    order = [GRADE_LABELS[g] for g in neupsig_grading.GRADES]
    x = alt.X("level_label:N", sort=order, title=None,
              axis=alt.Axis(labelAngle=0, labelFontWeight="bold"))
    steps = base.mark_bar(stroke="#111").encode(
        x=x, y=alt.Y("step:Q", title="Certainty", axis=None),
        fill=alt.condition("datum.current", alt.value(charts.HIGHLIGHT), alt.value("#e8e8e8")),
        strokeWidth=alt.condition("datum.current", alt.value(3), alt.value(0)),
        tooltip=[alt.Tooltip("level_label:N", title="Level")],
    )
    marker = base.transform_filter("datum.current").mark_text(
        dy=-12, fontSize=13, fontWeight="bold", color="#111", baseline="bottom").encode(
        x=x, y="step:Q", text=alt.value("▼ this person"))
    ladder = (steps + marker).add_params(*params).properties(width=WIDTH, height=160)
    why = base.transform_filter("datum.current").mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4),
        text=alt.Text("why:N")).properties(width=WIDTH, height=60)
    grade = base.transform_filter("datum.current").mark_text(
        align="left", baseline="top", fontSize=15, fontWeight="bold", color="#111").encode(
        x=alt.value(0), y=alt.value(4),
        text=alt.Text("grade_label:N")).properties(width=WIDTH, height=24)
    notes = _text_panel([DEFINITE_NOTE, SCREENING_NOTE, "Try these fictional people:",
                         *preset_lines()])
    return charts.finish(
        alt.vconcat(ladder, grade, why, notes),
        title="Grading certainty: possible, probable, definite",
        description=("Four yes/no radio buttons answer the grading questions: relevant history, "
                     "plausible distribution, sensory signs in that area, and a confirming "
                     "diagnostic test. A staircase of four levels (criteria not met, possible, "
                     "probable, definite) marks the level reached with a label, and the grade "
                     "and the reason are written below."),
        # Without a relevant history and a plausible distribution the criteria are not met,
        # whatever the signs and the test say: those two questions are greyed out until then.
        active_when={q: [("history", [YES]), ("distribution", [YES])] for q in ("signs", "test")},
    )


# --- nerve conduction --------------------------------------------------------------------

NCS_CONTROLS = {  # parameter: (label, min, max, step, start)
    "distance_mm": ("Distance between the two stimulation sites (mm)", 50, 500, 5, 225),
    "distal_latency_ms": ("Distal latency (ms), site nearest the muscle", 0.5, 20, 0.1, 3.5),
    "proximal_latency_ms": ("Proximal latency (ms)", 0.5, 30, 0.1, 8.0),
    "amplitude_mv": ("Amplitude (mV)", 0, 15, 0.1, 6.0),
}
VELOCITY_EXPRESSION = "distance_mm / (proximal_latency_ms - distal_latency_ms)"


def ncs_patterns_frame() -> pd.DataFrame:
    """The four combinations of slowing and low amplitude, with the pattern Python gives each."""
    rows = []
    for slowing, low in itertools.product((False, True), repeat=2):
        p = neurophysiology.classify(slowing, low)
        rows.append({"slowing": slowing, "low": low, "pattern": p,
                     "text": neurophysiology.PATTERN_TEXT[p]})
    return pd.DataFrame(rows)


def _gauge(measure: str, title: str, unit: str, value_expr: str, top: float, limit: float,
           below_is_abnormal: bool, valid: str, phone: bool = False) -> alt.LayerChart:
    lo, mean, hi = neurophysiology.EXAMPLE_RANGES[measure]
    abnormal = f"value < {limit}" if below_is_abnormal else f"value > {limit}"
    word = "below the example lower limit" if below_is_abnormal else "above the example upper limit"
    df = pd.DataFrame({"row": [title], "lo": [lo], "hi": [hi], "mean": [mean]})
    base = alt.Chart(df).transform_calculate(value=value_expr).transform_filter(valid)
    # On a phone the verdict goes on a second line ("Amplitude: 6.0 mV," / "within the ...").
    brk = "\\n" if phone else " "
    base = base.transform_calculate(
        label=f"'{title}: ' + format(datum.value, '.1f') + ' {unit},{brk}' + "
              f"(datum.{abnormal} ? '{word}' : 'within the example range')",
        shown=f"min(datum.value, {top})",
    )
    x = alt.X("shown:Q", title=f"{title} ({unit})", scale=alt.Scale(domain=[0, top], clamp=True))
    band = base.mark_bar(color="#dcdcdc", height=22).encode(
        x=alt.X("lo:Q", scale=alt.Scale(domain=[0, top]), title=f"{title} ({unit})"), x2="hi:Q")
    point = base.mark_point(shape="diamond", size=220, filled=True, color=charts.PALETTE[0],
                            stroke="#111").encode(
        x=x, tooltip=[alt.Tooltip("label:N", title=title)])
    if phone:  # the label's two lines above the band (84 px: lines 0-32, band 31-53 around the middle)
        text = base.mark_text(align="left", baseline="top", lineBreak="\n", fontSize=charts.TEXT_SIZE,
                              color="#111").encode(x=alt.value(0), y=alt.value(0), text="label:N")
        return (band + point + text).properties(width=PHONE_NCS_WIDTH, height=84)
    text = base.mark_text(align="left", dy=-20, fontSize=charts.TEXT_SIZE, color="#111").encode(
        x=alt.value(0), text="label:N")
    return (band + point + text).properties(width=WIDTH, height=40)


def nerve_conduction_calculator(*, distance_mm: float = 225, distal_latency_ms: float = 3.5,
                                proximal_latency_ms: float = 8.0,
                                amplitude_mv: float = 6.0) -> alt.VConcatChart:
    """Sliders for distance, two latencies and amplitude: velocity and pattern update.

    Handles (where the sliders start; ranges in ``NCS_CONTROLS``):
        distance_mm: distance between the two stimulation sites, 50 to 500 mm in steps of 5.
        distal_latency_ms: latency from the site nearest the muscle, 0.5 to 20 ms in steps of 0.1.
        proximal_latency_ms: latency from the farther site, 0.5 to 30 ms in steps of 0.1.
        amplitude_mv: response amplitude, 0 to 15 mV in steps of 0.1.
    """
    given = {"distance_mm": distance_mm, "distal_latency_ms": distal_latency_ms,
             "proximal_latency_ms": proximal_latency_ms, "amplitude_mv": amplitude_mv}
    starts = {p: handles.slider(p, given[p], lo, hi, step)
              for p, (_label, lo, hi, step, _start) in NCS_CONTROLS.items()}
    return charts.finish(
        _ncs(starts, phone=False),
        title="Nerve conduction calculator",
        description=("Four sliders set the distance between two stimulation sites, the distal "
                     "and proximal latencies and the amplitude. The chart writes out the "
                     "conduction velocity (distance divided by the latency difference) and the "
                     "pattern (normal, slowing, low amplitude or mixed), and places velocity, "
                     "amplitude and distal latency as diamonds against grey example reference "
                     "ranges, each with a label saying whether it is within the range."),
        # The distance divides the latency difference: with the latencies the wrong way round
        # there is no velocity, so the distance slider does nothing until they are put right.
        active_when={"distance_mm": ("proximal_latency_ms", ">", "distal_latency_ms")},
        phone=_ncs(starts, phone=True),
    )


PHONE_NCS_WIDTH = 300
PHONE_NCS_WRAP = 34  # characters per line of the calculator's messages (14 px) on a phone


def _ncs(starts: dict, *, phone: bool) -> alt.VConcatChart:
    """The nerve conduction calculator for the desktop column or, ``phone``, for charts.PHONE_WIDTH:
    the calculation and the messages on more, shorter lines, each gauge's verdict on its own line."""
    width, wrap = (PHONE_NCS_WIDTH, PHONE_NCS_WRAP) if phone else (WIDTH, 56)
    ref = neurophysiology.EXAMPLE_REFERENCE
    params = [alt.param(name=p, value=starts[p],
                        bind=alt.binding_range(min=lo, max=hi, step=step, name=f"{label}: "))
              for p, (label, lo, hi, step, _start) in NCS_CONTROLS.items()]
    ordered = "proximal_latency_ms > distal_latency_ms"
    valid = (f"{ordered} && {VELOCITY_EXPRESSION} <= "
             f"{neurophysiology.MAX_PLAUSIBLE_VELOCITY_M_S:g}")
    slowing = (f"({valid}) && ({VELOCITY_EXPRESSION} < {ref.velocity_min_m_s} || "
               f"distal_latency_ms > {ref.distal_latency_max_ms})")
    low = f"amplitude_mv < {ref.amplitude_min_mv}"
    frame = ncs_patterns_frame()
    if phone:
        frame["text"] = [_wrap(t, wrap) for t in frame["text"]]
    patterns = alt.Chart(frame).transform_filter(
        f"{valid} && datum.slowing == ({slowing}) && datum.low == ({low})")
    # On a phone: "Conduction velocity =" / "225 mm / (8.0 − 3.5 ms)" / "= 50.0 m/s." / the pattern.
    brk = "\\n" if phone else " "
    result = patterns.transform_calculate(
        v=VELOCITY_EXPRESSION,
        line=f"'Conduction velocity ={brk}' + format(distance_mm, '.0f') + ' mm / (' + "
             f"format(proximal_latency_ms, '.1f') + ' − ' + format(distal_latency_ms, '.1f') + "
             f"' ms){brk}= ' + format(datum.v, '.1f') + ' m/s.\\n' + datum.text",
    ).mark_text(align="left", baseline="top", fontSize=14, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4), text="line:N")
    invalid = alt.Chart(pd.DataFrame({"text": [_wrap(
        "Check the latencies: the proximal latency must be longer than the distal latency.", wrap)]})
    ).transform_filter(f"!({ordered})").mark_text(
        align="left", baseline="top", fontSize=14, fontWeight="bold", lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4), text="text:N")
    impossible = alt.Chart(pd.DataFrame({"text": [_wrap(
        f"Physically impossible: above {neurophysiology.MAX_PLAUSIBLE_VELOCITY_M_S:g} m/s "
        "(the fastest nerve fibres conduct at up to about 80 m/s). Check the distance and the "
        "latencies.", wrap)]})
    ).transform_filter(f"({ordered}) && !({valid})").mark_text(
        align="left", baseline="top", fontSize=14, fontWeight="bold", lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.value(4), text="text:N")
    answer = (result + invalid + impossible).add_params(*params).properties(
        width=width, height=17 * 6 + 8 if phone else 60)
    gauges = [
        _gauge("velocity_m_s", "Conduction velocity", "m/s", VELOCITY_EXPRESSION, 80,
               ref.velocity_min_m_s, True, valid, phone),
        _gauge("amplitude_mv", "Amplitude", "mV", "amplitude_mv",
               NCS_CONTROLS["amplitude_mv"][2], ref.amplitude_min_mv, True, "true", phone),
        _gauge("distal_latency_ms", "Distal latency", "ms", "distal_latency_ms",
               NCS_CONTROLS["distal_latency_ms"][2], ref.distal_latency_max_ms, False, "true", phone),
    ]
    notes = _text_panel([f"Grey bands show the {ref.label[0].lower()}{ref.label[1:]} "
                         f"({screening.cite(ref.source)}).",
                         neurophysiology.LAB_NOTE])
    return alt.vconcat(answer, *gauges, notes)


# --- bedside tests -----------------------------------------------------------------------

def bedside_tests_table():
    """The bedside sensory tests, sorted by fibre class, with notes as numbered footnotes."""
    tests = sorted(data.records("bedside_tests", "tests"), key=lambda t: t["fibres"])
    rows, notes = [], []
    for t in tests:
        name = t["name"]
        if t.get("notes"):
            notes.append(t["notes"])
            name = f"{name} [note {len(notes)}]"
        rows.append([name, ", ".join(t["fibres"]), t["tool"], t.get("qst_counterpart", ""),
                     t["abnormal_findings"]])
    table = tables.html_table(
        rows, ["Test", "Fibre class examined", "Tool", "Laboratory (QST) counterpart",
               "Abnormal findings (loss or gain of function)"],
        caption="Bedside sensory tests, grouped by the fibre class they mainly examine")
    foot = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    table.data += (f'<ol class="np-table-notes" aria-label="Notes to the bedside tests table">'
                   f"{foot}</ol>") if notes else ""
    return table
