"""Chapter 10 figures: each person's first-visit card, their plan, and the progress timelines.

Everything is computed from the data through :mod:`npcourse.cases` (classification and grade,
creatinine clearance and dose band, flags and interactions, certainty of evidence, percentage
change), so the tables and the chart follow the data files when they are corrected. The
timeline chart chooses the person with a dropdown bound to a Vega-Lite parameter, so it works
in the static page. Every person is fictional.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from .. import cases, charts, data, outcomes, renal, tables
from .ch05 import FORMULARY_NOTE

WIDTH = 460
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
        return (f"Kidney band for a clearance {b.crcl_label}: {b.dose_label}. Usual titration "
                f"with normal kidney function, for comparison: {drug['titration']['text']}",
                list(b.sources) + list(drug["titration"]["sources"]))
    dose = drug.get("dose") or {}
    parts = []
    if dose.get("start"):
        parts.append(f"Start {cases._range_text(dose['start'])}")
    if dose.get("daily"):
        parts.append(f"usual range {cases._range_text(dose['daily'])}")
    srcs = [s for k in ("start", "daily") if dose.get(k) for s in dose[k]["sources"]]
    return ("; ".join(parts) + f". {drug['titration']['text']}",
            srcs + list(drug["titration"]["sources"]))


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
         "finnerup2016grading, raja2020revised"],
        ["Kidney function",
         f"Cockcroft–Gault estimate {crcl:.0f} mL/min. {renal.ESTIMATE_NOTE}",
         "cockcroft1976prediction"],
        ["Medicine", f"{drug['name']}. {dose} {c['plan'].get('drug_note', '')}".strip(),
         ", ".join(dict.fromkeys(dose_sources))],
        ["Flags for this person", flag_text, ", ".join(flag_sources) or "—"],
        ["Interactions with their medicines", inter_text,
         ", ".join(dict.fromkeys(s for i in inter for s in i["sources"])) or "—"],
        *[[f"Rehabilitation and self-management: {t['name']}",
           f"{t['why']}. Certainty of evidence: {t['certainty']} (population: {t['population']}; "
           f"chapter {t['chapter'][:2].lstrip('0')}).", ", ".join(t["sources"])] for t in therapies],
        ["Measuring progress", "; ".join(c["plan"]["measures"]),
         ", ".join(dict.fromkeys(s for tid in cases.THRESHOLD_IDS.values()
                                 for s in outcomes.threshold(tid)["sources"]))],
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
                             "text": text})
    return pd.DataFrame(rows)


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


def case_timelines() -> alt.VConcatChart:
    """Pick a person: their pain and interference scores by week, the responder lines and what
    changed at each visit."""
    ids = cases.case_ids()
    pick = alt.param(name="person", value=ids[0], bind=alt.binding_select(
        options=ids, labels=[_label(i) for i in ids], name="Person (fictional): "))
    df = timeline_frame()
    base = alt.Chart(df).transform_filter("datum.case == person")
    x = alt.X("week:Q", title="Weeks since the first visit",
              scale=alt.Scale(domain=[0, max(cases.final_week(i) for i in ids)]))
    y = alt.Y("score:Q", title="Score (0–10, higher is worse)", scale=alt.Scale(domain=[0, 10]))
    domain = list(SERIES.values())
    enc = dict(
        color=alt.Color("series:N", title="Measure", scale=alt.Scale(domain=domain,
                        range=charts.PALETTE[:2]), legend=alt.Legend(orient="top", labelLimit=320)),
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
    rule_text = th.mark_text(align="left", dy=-6, fontSize=11, color="#111").encode(
        y="level:Q", x=alt.value(4), text="label:N")
    chart = (rules + rule_text + lines + points).properties(width=WIDTH, height=260)
    events = base.transform_filter(f"datum.series == '{SERIES['nrs']}'").mark_text(
        align="left", baseline="top", fontSize=12, lineBreak="\n", color="#111").encode(
        x=alt.value(0), y=alt.Y("week:O", axis=None), text="text:N").properties(
        width=WIDTH, height=alt.Step(48), title="What happened at each visit")
    note_text = "\n".join(textwrap.wrap(
        "Scores are fictional. Dotted lines: 30% and 50% less average pain than at week 0, the "
        "IMMPACT thresholds for a moderately important and a substantial improvement. Hover over "
        "a point for its details.", 80))
    note = alt.Chart(pd.DataFrame({"t": [note_text]})).mark_text(
        align="left", baseline="top", fontSize=11, lineBreak="\n", color="#333").encode(
        x=alt.value(0), y=alt.value(0), text="t:N").properties(width=WIDTH, height=44)
    return charts.finish(
        alt.vconcat(chart, events, note).add_params(pick),
        title="Four fictional people: pain, interference and plan changes over time",
        description=("A dropdown chooses one of four fictional people. The chart plots weeks since "
                     "the first visit against scores from 0 to 10: average pain as a solid line "
                     "with circles and interference with life as a dashed line with squares. Two "
                     "dotted horizontal lines mark 30% and 50% less pain than at week 0. Below, a "
                     "list gives each visit's pain, its percentage change, the response category "
                     "and what changed in the plan."),
    )
