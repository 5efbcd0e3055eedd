"""Chapter 10 live demonstration: change one thing about a case and see what follows.

For class: choose a fictional person, then change their age, weight or serum creatinine, the
drug under discussion, or the pain score at follow-up. The result recomputes the creatinine
clearance and kidney dose band, the chapter 5 profile flags, the interactions with the person's
medicines and the responder status, all from the data files. In the built book,
:func:`show_case_explorer` shows the four cases as they stand instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML

from npcourse.chapters.c10_case_studies import cases
from npcourse.facts import data
from npcourse.models import prescribing as profile_rules
from npcourse.models import renal
from npcourse.models.prescribing import FORMULARY_NOTE
from npcourse.ui import live, tables

__all__ = [
    "candidate_drugs", "result_html", "case_explorer", "static_rows", "cases_static",
    "show_case_explorer"
]


def candidate_drugs() -> list[str]:
    """Drugs worth discussing in class: those with kidney bands, profile rules or interactions."""
    drugs = data.records("drugs", "drugs")
    keep = set(renal.drugs_with_bands()) | set(profile_rules.first_line_drugs())
    keep |= {link["drug"] for cid in cases.case_ids() for m in cases.case(cid)["medicines"]
             for link in m.get("interacts", [])}
    keep |= {cases.case(cid)["plan"]["drug_id"] for cid in cases.case_ids()}
    return [d["id"] for d in drugs if d["id"] in keep]


def _li(items: list[str]) -> str:
    return "".join(f"<li>{html.escape(i)}</li>" for i in items)


def result_html(case_id: str, age, weight, creatinine, drug_id: str, follow_up) -> str:
    """What follows from the inputs for one case (or the input error, named)."""
    try:
        c = cases.case(case_id)
        crcl = renal.cockcroft_gault(age, weight, creatinine, c["sex"])
        category = cases.responder_category(cases.baseline(case_id), follow_up)
        change = cases.percent_change(cases.baseline(case_id), follow_up)
        drugs = data.by_id("drugs", "drugs")
        if drug_id not in drugs:
            raise ValueError(f"drug_id must be one of the drugs in drugs.yml; got {drug_id!r}")
    except (TypeError, ValueError) as exc:
        return f'<p role="alert"><strong>Check the input:</strong> {html.escape(str(exc))}</p>'
    name = drugs[drug_id]["name"]
    if drug_id in renal.drugs_with_bands():
        kidney = renal.describe(drug_id, crcl, cases.jurisdiction(case_id, drug_id))
    else:
        kidney = f"{name}: no kidney dose bands listed in this course. Caution: {drugs[drug_id]['cautions']['renal']}"
    flags = cases.profile(case_id).get(drug_id)
    if flags is None:
        flag_items = [f"{name} is not one of the chapter 5 first-line drugs: read its cautions."]
    else:
        flag_items = [f"{lvl}: {feature} — {msg}" for lvl, feature, msg, _ in flags["reasons"]] or \
            ["no flag from this person's features"]
    inter = [f"{i['name']}: {i['effect']}" for i in cases.interactions(case_id, drug_id)] or \
        ["none recorded with this person's medicines (not proof of safety)"]
    base = cases.baseline(case_id)
    return (
        f"<p><strong>{html.escape(c['name'])}</strong> (fictional). Creatinine clearance "
        f"(Cockcroft–Gault) <strong>{crcl:.0f} mL/min</strong> (estimate).</p>"
        f"<p>Kidney:</p><ul><li>{html.escape(kidney)}</li></ul>"
        f"<p>Chapter 5 profile flags for {html.escape(name)}:</p><ul>{_li(flag_items)}</ul>"
        f"<p>Interactions with the person's medicines:</p><ul>{_li(inter)}</ul>"
        f"<p>Follow-up pain {follow_up:g}/10 against {base:g}/10 at week 0: {change:+.1f}% — "
        f"<strong>{html.escape(category)}</strong> ({html.escape(cases.category_text(category))}).</p>"
        f"<p><em>{html.escape(renal.ESTIMATE_NOTE)} {html.escape(FORMULARY_NOTE)}</em></p>"
    )


def case_explorer() -> widgets.VBox:
    """A person menu, sliders for the kidney inputs, a drug menu and a follow-up score."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="460px")
    ids = cases.case_ids()
    person = widgets.Dropdown(options=[(f"{cases.case(i)['name']} ({cases.case(i)['condition']})", i)
                                       for i in ids], value=ids[0], description="Person (fictional)",
                              style=style, layout=layout)
    age = widgets.IntSlider(min=renal.AGE_RANGE[0], max=renal.AGE_RANGE[1], description="Age (years)",
                            style=style, layout=layout)
    weight = widgets.FloatSlider(min=renal.WEIGHT_RANGE[0], max=renal.WEIGHT_RANGE[1], step=1,
                                 description="Weight (kg)", style=style, layout=layout)
    creatinine = widgets.BoundedFloatText(min=renal.CREATININE_RANGE[0], max=renal.CREATININE_RANGE[1],
                                          step=0.1, description="Serum creatinine (mg/dL)", style=style)
    drug = widgets.Dropdown(options=[(data.by_id("drugs", "drugs")[d]["name"], d)
                                     for d in candidate_drugs()],
                            description="Drug under discussion", style=style, layout=layout)
    follow_up = widgets.FloatSlider(min=0, max=10, step=0.5, description="Pain at follow-up (0-10)",
                                    style=style, layout=layout)
    out = widgets.HTML()

    def update(_change=None):
        out.value = result_html(person.value, age.value, weight.value, creatinine.value, drug.value,
                                follow_up.value)

    def load_case(_change=None):
        c = cases.case(person.value)
        # Each assignment also triggers update(); the last one shows the whole case.
        age.value, weight.value, creatinine.value = c["age"], c["weight_kg"], c["creatinine_mg_dl"]
        drug.value = c["plan"]["drug_id"]
        follow_up.value = cases.score(person.value, cases.final_week(person.value))
        update()

    load_case()
    person.observe(load_case, names="value")
    for w in (age, weight, creatinine, drug, follow_up):
        w.observe(update, names="value")
    head = widgets.HTML("<strong>Case explorer</strong>: change one thing and see what follows "
                        "(serum creatinine in mg/dL only).")
    return widgets.VBox([head, person, age, weight, creatinine, drug, follow_up, out])


def static_rows() -> list[list[str]]:
    rows = []
    for cid in cases.case_ids():
        c = cases.case(cid)
        drug_id = c["plan"]["drug_id"]
        name = data.by_id("drugs", "drugs")[drug_id]["name"]
        band = (f"{cases.band(cid, drug_id).dose_label}" if drug_id in renal.drugs_with_bands()
                else "no kidney bands listed in this course")
        inter = ", ".join(i["name"] for i in cases.interactions(cid, drug_id)) or "none recorded"
        week = cases.final_week(cid)
        rows.append([f"{c['name']} ({c['condition']})", f"{cases.crcl(cid):.0f} mL/min",
                     f"{name}: {band}", inter,
                     f"week {week}: {cases.change_at(cid, week):+.1f}%, "
                     f"{cases.responder_category(cases.baseline(cid), cases.score(cid, week))}"])
    return rows


def cases_static() -> HTML:
    t = tables.html_table(static_rows(), ["Person (fictional)", "Estimated CrCl", "First drug and band",
                                          "Medicines with a recorded interaction", "Last visit"],
                          caption="The four cases as they stand (computed from the chapter's facts)")
    return HTML(t.data + f"<p><em>{html.escape(renal.ESTIMATE_NOTE)} {html.escape(FORMULARY_NOTE)}</em></p>")


def show_case_explorer() -> None:
    """Live case explorer in class; a table of the four cases in the built book."""
    live.show(case_explorer, cases_static)
