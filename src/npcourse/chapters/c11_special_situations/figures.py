"""Chapter 11 charts and tables: the Budapest-criteria CRPS checker, and tables of trigeminal
neuralgia drugs and gabapentinoid dosing around haemodialysis drawn from ``drugs.yml``.

Every control is a Vega-Lite parameter, so the checker works in the static page. The criteria are
defined once in :mod:`.budapest`; the Vega expressions below are built from the same constants
and tested against :func:`.budapest.meets` for every combination of ticks.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from npcourse.chapters.c11_special_situations import budapest
from npcourse.facts import data
from npcourse.ui import charts, handles, tables

__all__ = ['param_name', 'count_expression', 'meets_expression', 'budapest_checker',
           'budapest_table', 'dialysis_table', 'tn_drugs_table', 'pregnancy_table', 'PHQ9_BANDS', 'phq9_bands']

WIDTH = 440
PAIN, OTHER = "pain", "other_dx"


def param_name(kind: str, category: str) -> str:
    """The Vega parameter of one checkbox: ``sym_sensory``, ``sig_motor`` ..."""
    if kind not in ("sym", "sig"):
        raise ValueError(f"kind must be 'sym' or 'sig'; got {kind!r}")
    if category not in budapest.CATEGORY_IDS:
        raise ValueError(f"category must be one of {', '.join(budapest.CATEGORY_IDS)}; "
                         f"got {category!r}")
    return f"{kind}_{category}"


def count_expression(kind: str) -> str:
    """Vega expression: how many categories of ``kind`` ('sym' or 'sig') are ticked."""
    return " + ".join(f"({param_name(kind, c)} ? 1 : 0)" for c in budapest.CATEGORY_IDS)


def meets_expression() -> str:
    """Vega expression: are the Budapest clinical criteria met by the ticked boxes?"""
    return (f"{PAIN} && ({count_expression('sym')}) >= {budapest.SYMPTOM_CATEGORIES_NEEDED} && "
            f"({count_expression('sig')}) >= {budapest.SIGN_CATEGORIES_NEEDED} && !{OTHER}")


def _grid() -> pd.DataFrame:
    rows = []
    for order, (cid, label, _sym, _sig) in enumerate(budapest.CATEGORIES):
        for kind, col in (("sym", "Symptom (reported)"), ("sig", "Sign (seen now)")):
            rows.append({"category": label, "order": order, "kind": col,
                         "param": param_name(kind, cid)})
    return pd.DataFrame(rows)


def _budapest_views(grid: pd.DataFrame, params: list, *, phone: bool) -> list:
    """The checker's grid and verdict, for the desktop column or a phone's (the params are bound
    on the grid)."""
    ticked = " : ".join(f"datum.param == '{p}' ? {p}" for p in grid["param"]) + " : false"
    # On a phone the two column names go on two lines each ("Symptom" over "(reported)").
    top_labels = "split(replace(datum.label, ' (', '\\n('), '\\n')" if phone else "datum.label"
    base = alt.Chart(grid).transform_calculate(
        yes=f"({ticked})", answer=f"({ticked}) ? 'present' : 'absent'",
    # On a phone the category names stand right of the grid, so the grid and the verdict under
    # it both start at the column's left edge (a left axis would push the verdict right).
    ).encode(y=alt.Y("category:N", sort=alt.EncodingSortField("order"), title=None,
                     axis=alt.Axis(labelLimit=200, orient="right" if phone else "left")),
             x=alt.X("kind:N", title=None, sort=["Symptom (reported)", "Sign (seen now)"],
                     axis=alt.Axis(orient="top", labelAngle=0, labelExpr=top_labels,
                                   # Vega draws a label's second line below its first: lift both.
                                   **({"labelPadding": 18} if phone else {}))))
    # The outline shows an unticked (white) box: colour alone would fill it and leave no edge.
    boxes = base.mark_square(size=420, strokeWidth=2, color=charts.PALETTE[0], stroke=charts.PALETTE[0]).encode(
        fill=alt.condition("datum.yes", alt.value(charts.PALETTE[0]), alt.value("white")),
        tooltip=[alt.Tooltip("category:N", title="Category"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("answer:N", title="Ticked")])
    marks = base.mark_text(fontSize=14, fontWeight="bold", color="white").encode(
        text=alt.condition("datum.yes", alt.value("✓"), alt.value("")))
    grid_title = "Categories ticked (use the boxes above the chart)"
    grid_panel = (boxes + marks).add_params(*params).properties(
        width=150 if phone else 260, height=150,
        title=charts.label_lines(grid_title, charts.PHONE_WRAP) if phone else grid_title)

    sym, sig = count_expression("sym"), count_expression("sig")
    need_sym, need_sig = budapest.SYMPTOM_CATEGORIES_NEEDED, budapest.SIGN_CATEGORIES_NEEDED
    counts = [f"'Symptom categories: ' + datum.nsym + ' of 4 (need {need_sym}).'",
              f"'Sign categories: ' + datum.nsig + ' of 4 (need {need_sig}).'"]
    missing = (f"(({PAIN} && datum.nsym >= {need_sym} && datum.nsig >= {need_sig}) ? '' : 'Missing: ' + "
               f"({PAIN} ? '' : 'disproportionate pain; ') + "
               f"(datum.nsym >= {need_sym} ? '' : 'symptoms; ') + "
               f"(datum.nsig >= {need_sig} ? '' : 'signs; '))")
    better = f"({OTHER} ? 'A better explanation was found.' : '')"
    met = "'Verdict: MEETS the Budapest clinical criteria for CRPS.'"
    not_met = "'Verdict: does NOT meet the criteria.'"
    if phone:  # each sentence wrapped to the column, still on lines of its own
        line1 = charts.wrapped_lines(counts, charts.PHONE_WRAP)
        bold = charts.PHONE_WRAP - 4  # bold text is wider
        unmet = charts.wrapped_lines([not_met, missing, better], bold)
        line2 = f"datum.ok ? {charts.wrapped_lines([met], bold)} : {unmet}"
    else:  # each sentence on its own line, so the text stays within the column
        line1 = f"[{', '.join(counts)}]"
        line2 = f"datum.ok ? {met} : [{not_met}, {missing}, {better}]"
    verdict = alt.Chart(pd.DataFrame({"x": [0]})).transform_calculate(
        nsym=sym, nsig=sig, ok=meets_expression(), line1=line1, line2=line2)
    text = {"align": "left", "baseline": "top", "fontSize": 13, "color": "#111",
            **({"lineBreak": "\n", "lineHeight": 16} if phone else {})}
    lines = verdict.mark_text(**text).encode(x=alt.value(0), y=alt.value(4), text="line1:N")
    lines2 = verdict.mark_text(fontWeight="bold", **text).encode(
        x=alt.value(0), y=alt.value(42), text="line2:N")
    # Phone: up to five bold lines (a wrapped verdict and what is missing) under the counts.
    verdict_panel = (lines + lines2).properties(width=280 if phone else WIDTH,
                                                height=130 if phone else 92)
    return [grid_panel, verdict_panel]


def budapest_checker(*, ticked: tuple[str, ...] = ()) -> alt.VConcatChart:
    """Tick what a person reports and what you find: the chart says whether the Budapest
    clinical criteria for CRPS are met, and which part is missing.

    Handles (where the checkboxes start):
        ticked: boxes ticked at the start: 'pain', 'sym_<category>', 'sig_<category>' (e.g. 'sym_sensory'), 'other_dx'.
    """
    boxes = [PAIN, *(param_name(k, c) for k in ("sym", "sig") for c in budapest.CATEGORY_IDS), OTHER]
    ticked = set(handles.ticked("ticked", ticked, boxes))
    grid = _grid()
    params = [alt.param(name=PAIN, value=PAIN in ticked, bind=alt.binding_checkbox(
        name="1. Continuing pain, disproportionate to any inciting event: "))]
    for cid, label, sym, _sig in budapest.CATEGORIES:
        params.append(alt.param(name=param_name("sym", cid), value=param_name("sym", cid) in ticked,
                                bind=alt.binding_checkbox(name=f"2. Symptom, {label} ({sym}): ")))
    for cid, label, _sym, sig in budapest.CATEGORIES:
        params.append(alt.param(name=param_name("sig", cid), value=param_name("sig", cid) in ticked,
                                bind=alt.binding_checkbox(name=f"3. Sign, {label} ({sig}): ")))
    params.append(alt.param(name=OTHER, value=OTHER in ticked, bind=alt.binding_checkbox(
        name="4. Another diagnosis explains the findings better: ")))

    layout = {phone: _budapest_views(grid, params, phone=phone) for phone in (False, True)}
    notes = charts.text_panel([
        "A symptom is something the person reports; a sign must be seen at the time of the "
        "examination. A category counts once, however many findings it has.",
        "The research criteria are stricter: a symptom in all four categories.",
        "For learning only: the criteria support a clinician's diagnosis; they do not replace it.",
    ], WIDTH)
    return charts.finish(
        alt.vconcat(*layout[False], notes),
        title="Budapest criteria checker for complex regional pain syndrome",
        description=("Ten checkboxes: disproportionate pain, a symptom in each of four categories "
                     "(sensory, vasomotor, sudomotor/oedema, motor/trophic), a sign in each of "
                     "the same four categories, and whether another diagnosis explains the "
                     "findings better. A grid marks the ticked categories and a line of text "
                     "counts symptom categories (3 of 4 needed) and sign categories (2 of 4 "
                     "needed) and states whether the clinical criteria are met and what is "
                     "missing."),
        phone=alt.vconcat(*layout[True]),
    )


def budapest_table():
    """The four parts of the criteria and the four categories, from :mod:`.budapest`."""
    rows = [[label, sym, sig] for _cid, label, sym, sig in budapest.CATEGORIES]
    return tables.html_table(
        rows, ["Category", "Symptom (the person reports)", "Sign (you see or elicit it now)"],
        caption="Budapest criteria for CRPS: the four categories of symptoms and signs")


def dialysis_table():
    """Gabapentinoids around haemodialysis, US and EU labels side by side (drugs.yml)."""
    rows = []
    for drug_id in ("gabapentin", "pregabalin"):
        d = data.by_id("drugs", "drugs")[drug_id]
        for entry in d.get("renal_dialysis") or []:
            label = {"US": "US label", "EU": "UK/EU product information"}.get(
                entry["jurisdiction"], entry["jurisdiction"])
            rows.append([d["name"], label, " ".join(entry["text"].split())])
    return tables.html_table(
        rows, ["Medicine", "Label", "What the label says about haemodialysis"],
        caption="Gabapentin and pregabalin in people on haemodialysis (typical adult doses, "
                "for learning: check your local formulary)")


def tn_drugs_table():
    """Carbamazepine and oxcarbazepine: label titration text from drugs.yml."""
    rows = []
    for drug_id in ("carbamazepine", "oxcarbazepine"):
        d = data.by_id("drugs", "drugs")[drug_id]
        rows.append([d["name"], " ".join(d["titration"]["text"].split()),
                     " ".join(str(d["cautions"].get("other", "")).split())])
    return tables.html_table(
        rows, ["Medicine", "Starting and titration (product information read for this course)",
               "Other cautions"],
        caption="First-line drugs for trigeminal neuralgia (for learning: check your local "
                "formulary)")


PREGNANCY_DRUGS = ("gabapentin", "pregabalin", "amitriptyline", "duloxetine", "carbamazepine",
                   "oxcarbazepine", "tramadol", "strong-opioids")


def pregnancy_table():
    """What the product information read for this course says about pregnancy (drugs.yml)."""
    by_id = data.by_id("drugs", "drugs")
    rows = []
    for drug_id in PREGNANCY_DRUGS:
        d = by_id[drug_id]
        text = (d.get("cautions") or {}).get("pregnancy")
        if text:
            rows.append([d["name"], " ".join(str(text).split())])
    return tables.html_table(
        rows, ["Medicine", "Pregnancy and breastfeeding (product information and regulators)"],
        caption="Neuropathic pain medicines in pregnancy: what the sources read for this course "
                "say (for learning: check current advice before prescribing)")


# PHQ-9 severity bands (Kroenke et al. 2001): totals of 5, 10, 15 and 20 mark mild, moderate,
# moderately severe and severe depression; 0-4 is below the first cut point.
PHQ9_PHONE_PLOT = 210  # px: the staircase beside its band names, in a phone's column
PHQ9_BANDS = [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"),
              (15, 19, "moderately severe"), (20, 27, "severe")]


def _phq9_chart(score: alt.Parameter, *, phone: bool) -> alt.TopLevelMixin:
    """The PHQ-9 bands: on the desktop one row of bars named above them, on a phone a staircase
    (one row per band, named on the left) with the readout on more lines."""
    # Bar labels take two lines ("moderately / severe") to stay inside their bars; one-word
    # labels start with an empty line so that every label's last line sits just above its bar.
    df = pd.DataFrame([{"lo": lo, "hi": hi + 1, "band": name, "mid": (lo + hi + 1) / 2,
                        "bar_label": name.replace(" ", "\n") if " " in name else "\n" + name}
                       for lo, hi, name in PHQ9_BANDS])
    current = f"{score.name} >= datum.lo && {score.name} < datum.hi"
    def x(field: str) -> alt.X:
        return alt.X(f"{field}:Q", title="PHQ-9 total score", scale=alt.Scale(domain=[0, 28]),
                     axis=alt.Axis(values=[0, 5, 10, 15, 20, 27]))

    names = [name for _lo, _hi, name in PHQ9_BANDS]
    y = alt.Y("band:N", sort=names, title=None, axis=alt.Axis(**charts.wrapped_labels(names, 10))) \
        if phone else alt.Undefined
    bars = alt.Chart(df).mark_bar(height=22 if phone else 40, stroke="#111").encode(
        x=x("lo"), x2="hi:Q", y=y,
        fill=alt.condition(current, alt.value(charts.HIGHLIGHT), alt.value("#e8e8e8")),
        strokeWidth=alt.condition(current, alt.value(3), alt.value(0.5)),
        tooltip=[alt.Tooltip("band:N", title="Band")])
    marker = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#111", strokeWidth=2).encode(
        x=x("s")).transform_calculate(s=f"{score.name} + 0.5")
    band_text = f"'Total ' + {score.name} + ': ' + datum.band + ' band'"
    caveat = "'(10 or more: likely major depression; confirm clinically)'"
    if phone:
        readout = alt.Chart(df).transform_filter(current).transform_calculate(
            text=charts.wrapped_lines([band_text, f"{score.name} >= 10 ? {caveat} : ''"], charts.PHONE_WRAP - 6),
        ).mark_text(align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111", lineBreak="\n",
                    lineHeight=16).encode(x=alt.value(0), y=alt.value(4), text="text:N").properties(
            width=PHQ9_PHONE_PLOT, height=56)
        return alt.vconcat((bars + marker).properties(width=PHQ9_PHONE_PLOT, height=alt.Step(34)), readout)
    names = alt.Chart(df).mark_text(dy=-46, fontSize=charts.TEXT_SIZE, color="#111",
                                    lineBreak="\n").encode(x="mid:Q", text="bar_label:N")
    # The marker spans the bars only, so it never crosses the readout below them.
    marker = marker.encode(y=alt.value(31), y2=alt.value(79))
    readout = alt.Chart(df).transform_filter(current).transform_calculate(
        text=f"{band_text} + ({score.name} >= 10 ? ' ' + {caveat} : '')"
    ).mark_text(align="left", fontSize=charts.TEXT_SIZE, color="#111", dy=38).encode(
        x=alt.value(0), text="text:N")
    return (bars + names + marker + readout).properties(width=560, height=110)


def phq9_bands(total: int = 12) -> alt.LayerChart:
    """A slider for a PHQ-9 total (0-27, starting at ``total``) and the severity band it falls in.

    Handles (where the slider starts):
        total: the PHQ-9 total, a whole number from 0 to 27.
    """
    if isinstance(total, bool) or not isinstance(total, int):
        raise TypeError(f"total must be a whole number from 0 to 27, got {type(total).__name__} {total!r}")
    if not 0 <= total <= 27:
        raise ValueError(f"total must be a whole number from 0 to 27, got {total!r}")
    score = alt.param(name="phq9", value=total, bind=alt.binding_range(
        min=0, max=27, step=1, name="PHQ-9 total (0-27): "))
    chart = _phq9_chart(score, phone=False).add_params(score)
    return charts.finish(
        chart, title="PHQ-9 total and severity band",
        description=("A slider sets a PHQ-9 total from 0 to 27. Five bars along the score axis "
                     "show the bands minimal (0-4), mild (5-9), moderate (10-14), moderately "
                     "severe (15-19) and severe (20-27); the band holding the chosen total is "
                     "highlighted with a thick outline and named in a line of text."),
        phone=_phq9_chart(score, phone=True).add_params(score),
    )
