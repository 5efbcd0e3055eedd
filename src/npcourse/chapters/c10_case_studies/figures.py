"""Chapter 10 figures: each person's first-visit card, their plan, the kidney dose bands of the
four people and the progress timelines.

Everything is computed from the data through :mod:`.cases` (classification and grade,
creatinine clearance and dose band, flags and interactions, certainty of evidence, percentage
change), so the tables and the charts follow the data files when they are corrected. The charts
choose the person (and, for the kidney chart, the drug) with dropdowns bound to Vega-Lite
parameters, so they work in the static page. Every person is fictional.
"""

from __future__ import annotations

import math
import re
import textwrap

import altair as alt
import pandas as pd

from npcourse import validate
from npcourse.chapters.c10_case_studies import cases
from npcourse.facts import data
from npcourse.models import outcomes, renal
from npcourse.models.prescribing import FORMULARY_NOTE
from npcourse.ui import charts, handles, tables
from npcourse.ui import sources as sources_in_words

__all__ = [
    "WIDTH", "FICTIONAL", "SERIES", "person_rows", "person_card", "plan_rows", "plan_table",
    "visit_text", "timeline_frame", "threshold_frame", "case_timelines", "KIDNEY_PERSON", "KIDNEY_DRUG",
    "PERSON_BAND", "CHOSEN_PERSON", "CHOSEN_ROWS", "APPLIES", "kidney_xmax", "kidney_band_frame",
    "kidney_people_frame", "kidney_readout", "kidney_readout_frame", "kidney_bands"
]

WIDTH = 460
KIDNEY_PHONE_WIDTH = 300  # px: the kidney chart's plots in a phone's column (nothing left of them)
PHONE_LINE, PHONE_BAR, PHONE_GAP = 16, 14, 12  # px: a line of 13 px text, a band's bar, between rows
# px: a person's name above their dot's centre; how far a line's piece reaches above
# and below a dot's centre (the chosen diamond is about 16 px tall) and beyond a bar's edges.
NAME_ABOVE_DOT, DOT_REACH, BAR_REACH = 17, 8, 1
PEOPLE_STEP, DESKTOP_BAR = 48, 14  # px: a person's row (name line and dot); a band's bar on a desktop
TIMELINE_PHONE_WIDTH = 250  # px: the timeline's plot in a phone's column, right of its axis
TIMELINE_PHONE_WRAP = 32  # characters per line of a visit, written from the plot's left edge
FICTIONAL = "Fictional person, for learning."
SERIES = {"nrs": "Average pain (0–10 NRS)", "interference": "Interference with life (0–10 BPI)"}


def _drugs() -> dict[str, dict]:
    return data.by_id("drugs", "drugs")


def _label(case_id: str) -> str:
    c = cases.case(case_id)
    return f"{c['name']} — {c['condition'].lower()}"


# --- the first visit -------------------------------------------------------------------------

def person_rows(case_id: str) -> list[list[str]]:
    """What the team knows at the first visit (the inputs, not the answers)."""
    c = cases.case(case_id)
    meds = "; ".join(m["name"] + (f" ({m['note']})" if m.get("note") else "") for m in c["medicines"])
    return [
        ["Who", f"{c['name']}, {c['age']} years, {c['sex']}. {c['summary']}"],
        ["Weight", f"{c['weight_kg']:g} kg"],
        ["Serum creatinine", f"{c['creatinine_mg_dl']:g} mg/dL"],
        ["Other conditions", "; ".join(c["comorbidities"]) or "none"],
        ["Medicines", meds or "none"],
        ["Pain", "; ".join(p["description"] for p in c["pains"])],
        ["Goals", "; ".join(c.get("goals", [])) or "not yet agreed"],
    ]


def person_card(case_id: str):
    """The person at the first visit, as a table (no computed answers)."""
    c = cases.case(case_id)
    return tables.html_table(person_rows(case_id), ["", "At the first visit"],
                             caption=f"{c['name']}: first visit ({FICTIONAL})")


# --- the plan --------------------------------------------------------------------------------

def _dose_text(case_id: str, drug_id: str) -> tuple[str, list[str]]:
    drug = _drugs()[drug_id]
    if drug_id in renal.drugs_with_bands():
        b = cases.band(case_id, drug_id)
        return (f"Kidney band ({b.jurisdiction_label}) for a clearance {b.crcl_label}: "
                f"{b.dose_label}, a ceiling for maintenance, not a starting dose: start low and "
                f"raise more slowly than usual. Usual titration with normal kidney function, for "
                f"comparison: {drug['titration']['text']}",
                list(b.sources) + list(drug["titration"]["sources"]))
    dose = drug.get("dose") or {}
    parts = []
    if dose.get("start"):
        parts.append(f"Start {cases._range_text(dose['start'])}")
    if dose.get("daily"):
        parts.append(f"usual range {cases._range_text(dose['daily'])}")
    srcs = [s for k in ("start", "daily") if dose.get(k) for s in dose[k]["sources"]]
    lim = drug.get("label_limits")
    if lim:  # no kidney bands: the label start for this person and the ceiling
        parts.append(f"Start at most {cases.limit_start(case_id, drug_id):g} mg/day for this person; "
                     f"ceiling {cases.limit_ceiling(case_id, drug_id):g} mg/day ({lim['indication']})")
        srcs += [s for s in lim["sources"] if s not in srcs]
    lead = "; ".join(parts) + ". " if parts else ""
    return (lead + drug["titration"]["text"], srcs + list(drug["titration"]["sources"]))


def plan_rows(case_id: str) -> list[list[str]]:
    """Each step of the plan for this person, computed from the data, with its sources."""
    c = cases.case(case_id)
    drug_id = c["plan"]["drug_id"]
    drug = _drugs()[drug_id]
    per_pain = []
    for p in c["pains"]:
        a = cases.pain_assessments(case_id)[p["id"]]
        grade = f", {a.neuropathic_grade} neuropathic pain" if a.neuropathic_grade != "none" else ""
        per_pain.append(f"{p['description']}: {' and '.join(a.fits) or 'no descriptor'}{grade}")
    crcl = cases.crcl(case_id)
    dose, dose_sources = _dose_text(case_id, drug_id)
    flags = cases.profile(case_id).get(drug_id)
    flag_text = ("; ".join(f"{lvl}: {feature.lower()}: {msg}" for lvl, feature, msg, _ in flags["reasons"])
                 if flags and flags["reasons"] else
                 "no chapter 5 profile flag for this drug" if flags else
                 "not one of the chapter 5 first-line drugs: see its cautions")
    flag_sources = sorted({s for *_, src in (flags or {}).get("reasons", []) for s in src})
    inter = cases.interactions(case_id, drug_id)
    inter_text = ("; ".join(f"{i['name']}: {i['effect']}" for i in inter) or
                  "none recorded with the person's medicines (not proof of safety)")
    therapies = cases.plan_therapies(case_id)
    rows = [
        ["Classify and grade",
         f"Overall: {cases.overall_mechanism(case_id)} pain. " + " | ".join(per_pain),
         sources_in_words.labels(["finnerup2016grading", "raja2020revised"])],
        ["Kidney function",
         f"Cockcroft–Gault estimate {crcl:.0f} mL/min. {renal.ESTIMATE_NOTE}",
         sources_in_words.label("cockcroft1976prediction")],
        ["Medicine", f"{drug['name']}. {dose} {c['plan'].get('drug_note', '')}".strip(),
         sources_in_words.labels(dose_sources)],
        ["Flags for this person", flag_text, sources_in_words.labels(flag_sources) or "—"],
        ["Interactions with their medicines", inter_text,
         sources_in_words.labels(s for i in inter for s in i["sources"]) or "—"],
        *[[f"Rehabilitation and self-management: {t['name']}",
           f"{t['why']}. Certainty of evidence: {t['certainty']} (population: {t['population']}; "
           f"chapter {t['chapter'][:2].lstrip('0')}).", sources_in_words.labels(t["sources"])] for t in therapies],
        ["Measuring progress", "; ".join(c["plan"]["measures"]),
         sources_in_words.labels(s for tid in cases.THRESHOLD_IDS.values()
                                 for s in outcomes.threshold(tid)["sources"])],
        ["The team", "; ".join(c["plan"]["team"]), "—"],
    ]
    return rows


def plan_table(case_id: str):
    """The person's multidisciplinary plan, step by step, from the data."""
    c = cases.case(case_id)
    return tables.html_table(plan_rows(case_id), ["Step", "For this person", "Sources"],
                             caption=f"{c['name']}'s plan ({FICTIONAL} {FORMULARY_NOTE})")


# --- progress timelines ----------------------------------------------------------------------

def visit_text(case_id: str, week: int) -> str:
    """One visit in words: the pain score, its change from week 0 and what changed."""
    v = {x["week"]: x for x in cases.case(case_id)["timeline"]}[week]
    base = cases.baseline(case_id)
    if week == cases.case(case_id)["timeline"][0]["week"]:
        status = "first visit, the baseline"
    else:
        status = (f"{cases.percent_change(base, v['nrs']):+.1f}% from week 0, "
                  f"{cases.responder_category(base, v['nrs'])}")
    return f"Week {week} — pain {v['nrs']:g}/10 ({status}): {cases.render(case_id, v['event'])}"


def timeline_frame() -> pd.DataFrame:
    """One row per visit and series for every case, with the change from week 0."""
    rows = []
    for cid in cases.case_ids():
        base = cases.baseline(cid)
        for v in cases.case(cid)["timeline"]:
            text = "\n".join(textwrap.wrap(visit_text(cid, v["week"]), 74))
            for key, label in SERIES.items():
                if key not in v:
                    continue
                rows.append({"case": cid, "week": v["week"], "series": label, "score": v[key],
                             "change": round(cases.percent_change(base, v["nrs"]), 1),
                             "category": cases.responder_category(base, v["nrs"]),
                             "text": text,
                             "phone": "\n".join(textwrap.wrap(visit_text(cid, v["week"]), TIMELINE_PHONE_WRAP))})
    df = pd.DataFrame(rows)
    # A phone's list of visits, in pixels from its top: each visit under the lines of the ones
    # before it (the same for both series of a visit).
    lines = df["phone"].str.count("\n") + 1
    first = ~df.duplicated(["case", "week"])
    per_visit = lines.where(first, 0)
    above = per_visit.groupby(df["case"]).cumsum() - per_visit
    visit = first.astype(int).groupby(df["case"]).cumsum() - 1
    df["phone_top"] = (above.where(first).ffill() * PHONE_LINE + visit * PHONE_GAP).astype(int)
    return df


def threshold_frame() -> pd.DataFrame:
    """For each case, the average-pain levels that mark a moderate and a substantial response."""
    t = cases.thresholds()
    rows = []
    for cid in cases.case_ids():
        base = cases.baseline(cid)
        last = cases.final_week(cid)
        for name in ("moderate", "substantial"):
            rows.append({"case": cid, "level": round(base * (1 - t[name]), 2), "end": last,
                         "label": f"{t[name]:.0%} less pain than week 0 ({name})"})
    return pd.DataFrame(rows)


def _timeline_views(ids: list[str], *, phone: bool) -> list:
    """The scores by week and the list of visits, for the desktop column or a phone's (narrower
    plot, legend under it, each visit's text wrapped to the column)."""
    df = timeline_frame()
    base = alt.Chart(df).transform_filter("datum.case == person")
    x = alt.X("week:Q", title="Weeks since the first visit",
              scale=alt.Scale(domain=[0, max(cases.final_week(i) for i in ids)]))
    y = alt.Y("score:Q", title="Score (0–10, higher is worse)", scale=alt.Scale(domain=[0, 10]))
    domain = list(SERIES.values())
    legend = alt.Legend(orient="top", direction="vertical", labelLimit=320) if phone else \
        alt.Legend(orient="top", labelLimit=320)
    enc = dict(
        color=alt.Color("series:N", title="Measure", scale=alt.Scale(domain=domain,
                        range=charts.PALETTE[:2]), legend=legend),
        strokeDash=alt.StrokeDash("series:N", title="Measure", scale=alt.Scale(
            domain=domain, range=[[1, 0], [6, 3]])),
    )
    lines = base.mark_line(strokeWidth=2.5).encode(x=x, y=y, **enc)
    points = base.mark_point(size=80, filled=True).encode(
        x=x, y=y, shape=alt.Shape("series:N", title="Measure", scale=alt.Scale(
            domain=domain, range=["circle", "square"])), color=enc["color"],
        tooltip=[alt.Tooltip("week:Q", title="Week"), alt.Tooltip("series:N", title="Measure"),
                 alt.Tooltip("score:Q", title="Score"),
                 alt.Tooltip("change:Q", title="Pain change from week 0 (%)"),
                 alt.Tooltip("category:N", title="Response"),
                 alt.Tooltip("text:N", title="Visit")])
    th = alt.Chart(threshold_frame()).transform_filter("datum.case == person")
    rules = th.mark_rule(color=charts.MUTED, strokeDash=[2, 3]).encode(y="level:Q")
    rule_text = th.mark_text(align="left", dy=-6, fontSize=charts.TEXT_SIZE, color="#111").encode(
        y="level:Q", x=alt.value(4), text="label:N")
    width = TIMELINE_PHONE_WIDTH if phone else WIDTH
    chart = (rules + rule_text + lines + points).properties(width=width, height=260)
    title = "What happened at each visit"
    nrs = base.transform_filter(f"datum.series == '{SERIES['nrs']}'")
    if phone:  # each visit's lines under those of the visits before it, in pixels
        most = int(df.drop_duplicates(["case", "week"]).groupby("case")["phone"].apply(
            lambda t: (t.str.count("\n") + 1).sum() * PHONE_LINE + len(t) * PHONE_GAP).max())
        events = nrs.mark_text(align="left", baseline="top", fontSize=charts.TEXT_SIZE, lineBreak="\n",
                               lineHeight=PHONE_LINE, color="#111").encode(
            x=alt.value(0), y=alt.Y("phone_top:Q", scale=None, axis=None, title=None), text="phone:N").properties(
            width=width, height=most, title=title)
        return [chart, events]
    events = nrs.mark_text(
        align="left", baseline="top", fontSize=charts.TEXT_SIZE, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.Y("week:O", axis=None), text="text:N").properties(
        width=WIDTH, height=alt.Step(48), title=title)
    return [chart, events]


def case_timelines(*, person: str = "pdn") -> alt.VConcatChart:
    """Pick a person: their pain and interference scores by week, the responder lines and what
    changed at each visit.

    Handles (where the menu starts):
        person: the fictional person, an id of ``cases.case_ids()`` (e.g. 'pdn', 'phn').
    """
    ids = cases.case_ids()
    person = handles.option("person", person, ids)
    pick = alt.param(name="person", value=person, bind=alt.binding_select(
        options=ids, labels=[_label(i) for i in ids], name="Person (fictional): "))
    note = charts.text_panel([
        "Scores are fictional. Dotted lines: 30% and 50% less average pain than at week 0, the "
        "IMMPACT thresholds for a moderately important and a substantial improvement. Hover over "
        "a point for its details."], width=WIDTH, color="#333")
    return charts.finish(
        alt.vconcat(*_timeline_views(ids, phone=False), note).add_params(pick),
        title="Four fictional people: pain, interference and plan changes over time",
        description=("A dropdown chooses one of four fictional people. The chart plots weeks since "
                     "the first visit against scores from 0 to 10: average pain as a solid line "
                     "with circles and interference with life as a dashed line with squares. Two "
                     "dotted horizontal lines mark 30% and 50% less pain than at week 0. Below, a "
                     "list gives each visit's pain, its percentage change, the response category "
                     "and what changed in the plan."),
        phone=alt.vconcat(*_timeline_views(ids, phone=True)).add_params(pick),
    )


# --- kidney function and the dose band for each person ---------------------------------------

KIDNEY_PERSON = "kidney_person"
KIDNEY_DRUG = "kidney_drug"
# Chapter 5's band rule (tested there against renal.Band.contains), applied to each row's own
# clearance instead of a slider, so both charts place an edge value in the same band.
PERSON_BAND = re.sub(r"(?<![\w.])crcl\b", "datum.crcl", renal.CURRENT_BAND)
CHOSEN_PERSON = f"datum.case == {KIDNEY_PERSON}"
CHOSEN_ROWS = f"{CHOSEN_PERSON} && datum.drug_id == {KIDNEY_DRUG}"
APPLIES = "▶ "  # marks the band that applies in text as well as by colour and outline


def kidney_xmax() -> float:
    """Right end of the clearance axis (mL/min): past the highest estimate and every band edge."""
    top = max([cases.crcl(i) for i in cases.case_ids()] +
              [b.crcl_min for d in renal.drugs_with_bands() for b in renal.bands(d)])
    return float(math.ceil(top * 1.1 / 20) * 20)


def kidney_band_frame() -> pd.DataFrame:
    """One row per person, drug with kidney bands and band: where the band lies on the axis and
    the person's clearance (not rounded), so the chart applies the band rule itself."""
    xmax = kidney_xmax()
    rows = []
    for cid in cases.case_ids():
        crcl = cases.crcl(cid)
        for d in renal.drugs_with_bands():
            for b in renal.bands(d, cases.jurisdiction(cid, d)):
                rows.append({"case": cid, "drug_id": d, "crcl": crcl, "band": b.crcl_label,
                             "dose": b.dose_label, "lo": b.crcl_min,
                             "hi": b.upper if b.upper is not None else xmax + 1,
                             "lo_incl": b.lo_inclusive, "hi_incl": b.hi_inclusive,
                             "end": min(b.upper if b.upper is not None else xmax, xmax),
                             # A phone's row: the band and its dose over the bar, wrapped (room
                             # left for the arrow that marks the band that applies).
                             "phone": "\n".join(textwrap.wrap(f"{b.crcl_label}: {b.dose_label}",
                                                              charts.PHONE_WRAP - len(APPLIES)))})
    df = pd.DataFrame(rows)
    # A phone's rows, in pixels from the top of the panel: among its person's and drug's bands
    # (highest clearance first) each band's lines, then its bar under them.
    df = df.sort_values(["case", "drug_id", "lo"], ascending=[True, True, False])
    lines = df["phone"].str.count("\n") + 1
    above = lines.groupby([df["case"], df["drug_id"]]).cumsum() - lines
    row = df.groupby(["case", "drug_id"]).cumcount()
    df["phone_top"] = above * PHONE_LINE + row * (PHONE_BAR + PHONE_GAP)
    df["phone_bar"] = df["phone_top"] + lines * PHONE_LINE + 2
    return df.sort_index()


def kidney_lines_frame() -> pd.DataFrame:
    """One row per person and drug with kidney bands: the band edges inside the axis (``edges``)
    and the person's estimate (``estimate``), the vertical lines a phone draws in pieces, one over
    each dot and each bar (the chart looks its row up by ``key``, person and drug chosen)."""
    bands = kidney_band_frame()
    return pd.DataFrame([{"key": f"{cid}|{drug}", "edges": sorted(group.loc[group["lo"] > 0, "lo"]),
                          "estimate": group["crcl"].iloc[0]}
                         for (cid, drug), group in bands.groupby(["case", "drug_id"], sort=False)])


def kidney_people_frame() -> pd.DataFrame:
    """Each person's Cockcroft–Gault estimate, for the dot plot."""
    return pd.DataFrame([{"case": cid, "person": cases.case(cid)["name"],
                          "condition": cases.case(cid)["condition"],
                          "crcl": round(cases.crcl(cid), 1),
                          "label": f"{cases.crcl(cid):.0f} mL/min"} for cid in cases.case_ids()])


def kidney_readout(case_id: str, drug_id: str, wrap: int = 64) -> str:
    """The person's inputs, estimate, band and the nearest band edge, in words (from the data),
    on lines of at most ``wrap`` characters."""
    wrap = int(validate.number("wrap", wrap, minimum=20, integer=True))
    c = cases.case(case_id)
    crcl = cases.crcl(case_id)
    b = cases.band(case_id, drug_id)
    edges = sorted({x.crcl_min for x in renal.bands(drug_id, b.jurisdiction) if x.crcl_min > 0})
    edge = min(edges, key=lambda e: abs(crcl - e))
    lines = [
        f"{c['name']} (fictional): {c['age']} years, {c['sex']}, {c['weight_kg']:g} kg, serum "
        f"creatinine {c['creatinine_mg_dl']:g} mg/dL.",
        f"Cockcroft–Gault estimate {crcl:.0f} mL/min → {_drugs()[drug_id]['name']} band "
        f"{b.crcl_label} ({b.jurisdiction_label}): ceiling {b.dose_label}.",
        f"Nearest band edge: {edge:g} mL/min, {abs(crcl - edge):.0f} mL/min away.",
        *([sources_in_words.reader_note(b.note)] if b.note and sources_in_words.reader_note(b.note) else []),
    ]
    return "\n".join(part for line in lines for part in textwrap.wrap(line, wrap))


def kidney_readout_frame() -> pd.DataFrame:
    """Each person's readout for each drug, for the desktop column (text) and a phone's (phone)."""
    return pd.DataFrame([{"case": cid, "drug_id": d, "text": kidney_readout(cid, d),
                          "phone": kidney_readout(cid, d, charts.PHONE_WRAP)}
                         for cid in cases.case_ids() for d in renal.drugs_with_bands()])


def _kidney_views(drugs: list[str], *, phone: bool) -> list:
    """The readout, the people's dot plot and the chosen drug's bands, for the desktop column or a
    phone's. In both, each person's name and value stand over their dot. On a phone nothing
    stands left of the plots (the text above them starts at the column's edge): each band's
    clearance range and dose stand over its bar, wrapped, and the readout is wrapped to the
    column."""
    xmax = kidney_xmax()
    edges = sorted({b.crcl_min for d in drugs for b in renal.bands(d)})
    # A phone's plot has room for a tick every 50 mL/min; the band edges are its dotted lines.
    ticks = sorted((set() if phone else set(edges)) | set(range(0, int(xmax) + 1, 50)))
    x_title = "Creatinine clearance, Cockcroft–Gault estimate (mL/min)"
    width = KIDNEY_PHONE_WIDTH if phone else WIDTH

    def x(field: str = "crcl") -> alt.X:
        return alt.X(f"{field}:Q", title=charts.label_lines(x_title, charts.PHONE_WRAP) if phone else x_title,
                     scale=alt.Scale(domain=[0, xmax]), axis=alt.Axis(values=ticks))

    readout_df = kidney_readout_frame()
    column = "phone" if phone else "text"
    lines = int(readout_df[column].str.count("\n").max()) + 1
    readout = alt.Chart(readout_df).transform_filter(CHOSEN_ROWS).mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", color="#111",
        **({"lineHeight": 16} if phone else {})).encode(
        x=alt.value(0), y=alt.value(0), text=f"{column}:N").properties(width=width, height=16 * lines)

    people_df = kidney_people_frame()
    people = alt.Chart(people_df)
    # Each person's name and value are written above their dot ("Mr Luca Moretti: 172 mL/min"),
    # not beside it, so that the lines through the dots cross no text.
    y_people = alt.Y("person:N", sort=list(people_df["person"]), title="Person (fictional)", axis=None)
    is_chosen = CHOSEN_PERSON
    dots = people.mark_point(filled=True, stroke="#111", strokeWidth=1).encode(
        x=x(), y=y_people,
        shape=alt.condition(is_chosen, alt.value("diamond"), alt.value("circle")),
        size=alt.condition(is_chosen, alt.value(260), alt.value(90)),
        color=alt.condition(is_chosen, alt.value(charts.HIGHLIGHT), alt.value(charts.MUTED)),
        tooltip=[alt.Tooltip("person:N", title="Person (fictional)"),
                 alt.Tooltip("condition:N", title="Condition"),
                 alt.Tooltip("crcl:Q", title="Cockcroft–Gault estimate (mL/min)", format=".0f")])
    # Vega-Lite has no font-weight channel: the chosen person's line is a separate bold layer.
    dot_text = [people.transform_filter(f"{'' if bold else '!'}({CHOSEN_PERSON})").transform_calculate(
        line="datum.person + ': ' + datum.label").mark_text(
        align="left", dy=-NAME_ABOVE_DOT, fontSize=charts.TEXT_SIZE, color="#111",
        fontWeight="bold" if bold else "normal").encode(x=alt.value(0), y=y_people, text="line:N")
        for bold in (False, True)]
    rows = alt.Chart(kidney_band_frame()).transform_filter(CHOSEN_ROWS).transform_calculate(
        current=PERSON_BAND)

    # The band edges (dotted) and the chosen person's estimate (black) are drawn in pieces, one
    # over each dot and each bar, not through the names and doses written above them: every row
    # looks up the chosen person's lines (kidney_lines_frame) and gets one copy per band edge.
    lines = alt.LookupData(kidney_lines_frame(), key="key", fields=["edges", "estimate"])

    def with_lines(chart: alt.Chart, **style) -> tuple[alt.Chart, alt.Chart]:
        looked_up = chart.transform_calculate(key=f"{KIDNEY_PERSON} + '|' + {KIDNEY_DRUG}").transform_lookup(
            lookup="key", from_=lines)
        edges = looked_up.transform_flatten(["edges"], as_=["lo"]).mark_rule(
            color=charts.MUTED, strokeDash=[2, 3], **style)
        estimate = looked_up.mark_rule(color="#111", strokeWidth=2, **style)
        return edges, estimate

    over_dots = {"yOffset": -DOT_REACH, "y2Offset": DOT_REACH}
    dot_edges, dot_estimate = with_lines(people, **over_dots)
    people_panel = alt.layer(
        dot_edges.encode(x=x("lo"), y=y_people, y2="person:N"),
        dot_estimate.encode(x=x("estimate"), y=y_people, y2="person:N"),
        dots, *dot_text,
    ).properties(width=width, height=alt.Step(PEOPLE_STEP), title="Where each person's estimate falls")

    y_band = alt.Y("band:N", sort=alt.EncodingSortField("lo", order="descending"),
                   title="Kidney band (mL/min)")
    bar_style = dict(
        fill=alt.condition("datum.current", alt.value(charts.HIGHLIGHT), alt.value("#e8e8e8")),
        strokeWidth=alt.condition("datum.current", alt.value(3), alt.value(0.5)),
        tooltip=[alt.Tooltip("band:N", title="Creatinine clearance band"),
                 alt.Tooltip("dose:N", title="Total daily dose")])
    band_title = "Total daily dose by kidney band (chosen drug)"
    if phone:
        # Rows in pixels (kidney_band_frame): each band's lines, then its bar under them (Vega
        # writes the lines of a text downwards from its anchor, so none can end on a bar's top).
        bars = rows.transform_calculate(bar_end=f"datum.phone_bar + {PHONE_BAR}").mark_bar(stroke="#111").encode(
            x=x("lo"), x2="end:Q", y=alt.Y("phone_bar:Q", scale=None, axis=None, title=None),
            y2=alt.Y2("bar_end:Q"), **bar_style)
        dose_text = [rows.transform_filter(f"{'' if bold else '!'}datum.current").transform_calculate(
            label=f"{APPLIES!r} + datum.phone" if bold else "datum.phone").mark_text(
            align="left", baseline="top", fontSize=charts.TEXT_SIZE, color="#111", lineBreak="\n",
            lineHeight=PHONE_LINE, fontWeight="bold" if bold else "normal").encode(
            x=alt.value(0), y=alt.Y("phone_top:Q", scale=None, axis=None, title=None), text="label:N")
            for bold in (False, True)]
        frame = kidney_band_frame()
        height = int((frame["phone_bar"] + PHONE_BAR).max()) + PHONE_GAP
        bar_edges, bar_estimate = with_lines(rows.transform_calculate(
            top=f"datum.phone_bar - {BAR_REACH}", bottom=f"datum.phone_bar + {PHONE_BAR + BAR_REACH}"))
        piece_y = {"y": alt.Y("top:Q", scale=None, axis=None, title=None), "y2": alt.Y2("bottom:Q")}
        bar_edges = bar_edges.encode(x=x("lo"), **piece_y)
        bar_person = bar_estimate.encode(x=x(), **piece_y)
        band_panel = alt.layer(bar_edges, bar_person, bars, *dose_text).properties(
            width=width, height=height, title=charts.label_lines(band_title, charts.PHONE_WRAP))
        return [readout, people_panel, band_panel]
    bars = rows.mark_bar(height=DESKTOP_BAR, stroke="#111").encode(x=x("lo"), x2="end:Q", y=y_band, **bar_style)
    dose_text = [rows.transform_filter(f"{'' if bold else '!'}datum.current").transform_calculate(
        label=f"{APPLIES!r} + datum.dose" if bold else "datum.dose").mark_text(
        align="left", baseline="bottom", dx=2, dy=-9, fontSize=charts.TEXT_SIZE, color="#111",
        fontWeight="bold" if bold else "normal").encode(x=x("lo"), y=y_band, text="label:N")
        for bold in (False, True)]
    over_bar = {"yOffset": -(DESKTOP_BAR / 2 + BAR_REACH), "y2Offset": DESKTOP_BAR / 2 + BAR_REACH}
    bar_edges, bar_estimate = with_lines(rows, **over_bar)
    band_panel = alt.layer(bar_edges.encode(x=x("lo"), y=y_band, y2="band:N"),
                           bar_estimate.encode(x=x(), y=y_band, y2="band:N"), bars, *dose_text).properties(
        width=WIDTH, height=alt.Step(44), title=band_title)
    return [readout, people_panel, band_panel]


def kidney_bands(*, person: str = "pdn", drug: str | None = None) -> alt.VConcatChart:
    """Choose a person and a drug: the person's clearance among the four, and the drug's kidney
    dose bands with the band that applies highlighted.

    Handles (where the menus start):
        person: the fictional person, an id of ``cases.case_ids()`` (e.g. 'pdn', 'phn').
        drug: a drug with kidney bands, 'gabapentin' or 'pregabalin' (None = the person's planned drug).
    """
    ids = cases.case_ids()
    drugs = renal.drugs_with_bands()
    start = handles.option("person", person, ids)
    first_plan = cases.case(start)["plan"]["drug_id"]
    drug_start = (first_plan if first_plan in drugs else drugs[0]) if drug is None else \
        handles.option("drug", drug, drugs)
    person = alt.param(name=KIDNEY_PERSON, value=start, bind=alt.binding_select(
        options=ids, labels=[_label(i) for i in ids], name="Person (fictional): "))
    drug = alt.param(name=KIDNEY_DRUG, value=drug_start,
                     bind=alt.binding_select(options=drugs, labels=[_drugs()[d]["name"] for d in drugs],
                                             name="Drug with kidney dose bands: "))
    desktop = _kidney_views(drugs, phone=False)
    sources = sorted({s for d in drugs for b in renal.bands(d) for s in b.sources})
    # Static text: in the book it is printed under the chart as a paragraph (charts.finish).
    note = charts.text_panel([
        f"Black line: the chosen person's estimate; dotted lines: band edges. {renal.ESTIMATE_NOTE} "
        "Bands and total daily doses from the product information "
        f"({sources_in_words.labels(sources)}); haemodialysis top-up doses are not shown. {FORMULARY_NOTE} "
        f"{FICTIONAL}"], width=WIDTH, wrap=62, line_height=15, color="#333")
    names = ", ".join(_drugs()[d]["name"].lower() for d in drugs)
    return charts.finish(
        alt.vconcat(*desktop, note).add_params(person, drug),
        title="Kidney function and the dose band for each person",
        description=(f"Two menus choose one of four fictional people and a drug with kidney dose "
                     f"bands ({names}). Text at the top gives the person's age, sex, weight and "
                     "serum creatinine, their Cockcroft–Gault creatinine clearance in mL/min, the "
                     "band it falls in with its total daily dose, and the nearest band edge. A dot "
                     "plot places all four people on the clearance axis, the chosen one as a "
                     "large diamond. Below, one bar per band of the chosen drug spans its "
                     "clearance range; the band that applies is filled, outlined thickly and its "
                     "dose marked with an arrow. A vertical line marks the chosen person's "
                     "estimate in both panels."),
        phone=alt.vconcat(*_kidney_views(drugs, phone=True)).add_params(person, drug),
    )
