"""Chapter 7 live demonstration: the referral checklist for implanted stimulation.

Each control is one answer of :data:`.selection.QUESTIONS`; the verdict and every rule
that fired (with its source) follow from :func:`.selection.assess`. In the built book,
:func:`show_selection_checklist` shows fixed fictional examples (Mei from the chapter) instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML

from npcourse.chapters.c07_interventions import selection
from npcourse.models import neupsig_grading
from npcourse.ui import live, tables

__all__ = [
    "NOT_A_REFERRAL_TOOL", "MEI", "EXAMPLES", "EXAMPLE_NOTE", "result_html", "selection_checklist",
    "examples_static", "show_selection_checklist"
]

NOT_A_REFERRAL_TOOL = "Learning tool, not a referral tool."
# Mei (the chapter's fictional example): pain averaging 7 out of 10 for two years is entered
# as 70 mm, and her diagnosis as 'probable' — both assumptions for this illustration.
MEI = {"diagnosis": "probable", "pain_mm": 70, "months": 24, "ischaemic": False,
       "mdt_assessed": False, "psych_flag": True, "screening_trial": "not-done"}
EXAMPLES = [
    ("Mei at referral (fictional)", MEI),
    ("Mei after assessment by the multidisciplinary team", {**MEI, "mdt_assessed": True}),
    ("Mei after a successful trial of stimulation",
     {**MEI, "mdt_assessed": True, "screening_trial": "at-least-50"}),
    ("Mei if the trial of stimulation had not been successful",
     {**MEI, "mdt_assessed": True, "screening_trial": "below-50"}),
    ("The same as Mei after assessment, but pain averaging 40 mm",
     {**MEI, "mdt_assessed": True, "pain_mm": 40}),
    ("The same as Mei after a successful trial, with a cochlear implant, considering rTMS",
     {**MEI, "mdt_assessed": True, "screening_trial": "at-least-50", "head_implant": True}),
]
EXAMPLE_NOTE = ("Mei's pain of 7 out of 10 is entered as 70 mm and her diagnosis as 'probable': "
                "assumptions for this illustration.")


def result_html(answers: dict) -> str:
    """The verdict and each rule that fired, or the input error."""
    try:
        a = selection.assess(answers)
    except (TypeError, ValueError) as exc:
        return f'<p role="alert"><strong>Check the input:</strong> {html.escape(str(exc))}</p>'
    blocking = ", ".join(selection.QUESTIONS[r][0].lower() for r in a.blocking)
    why = f" (because of: {html.escape(blocking)})" if blocking else ""
    items = "".join(f"<li>{html.escape(f.text())}</li>" for f in a.findings)
    return (f"<p>Implanted stimulation: <strong>{html.escape(a.verdict)}</strong>{why}</p>"
            f"<ul>{items}</ul><p><em>{NOT_A_REFERRAL_TOOL} Everything here is discussed with the "
            "person and the team.</em></p>")


def selection_checklist() -> widgets.VBox:
    """Controls for every answer of the checklist; the verdict follows."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="560px")
    d = selection.DEFAULTS
    q = selection.QUESTIONS
    controls = {
        "diagnosis": widgets.Dropdown(options=list(neupsig_grading.GRADES), value=d["diagnosis"],
                                      description=q["diagnosis"][0], style=style),
        "pain_mm": widgets.IntSlider(value=d["pain_mm"], min=0, max=100, description=q["pain_mm"][0],
                                     style=style, layout=layout),
        "months": widgets.IntSlider(value=d["months"], min=0, max=120, description=q["months"][0],
                                    style=style, layout=layout),
        "screening_trial": widgets.Dropdown(
            options=[(selection.SCREENING_LABELS[k], k) for k in selection.SCREENING_RESULTS],
            value=d["screening_trial"], description=q["screening_trial"][0], style=style),
    }
    for k in ("ischaemic", "mdt_assessed", "psych_flag", "psychosis_history", "intrathecal_hazard",
              "head_implant"):
        controls[k] = widgets.Checkbox(value=d[k], description=q[k][0], style=style, layout=layout)
    out = widgets.HTML()

    def update(_change=None):
        out.value = result_html({k: w.value for k, w in controls.items()})

    update()
    for w in controls.values():
        w.observe(update, names="value")
    head = widgets.HTML("<strong>Referral checklist for implanted stimulation</strong> "
                        f"({NOT_A_REFERRAL_TOOL.lower()})")
    return widgets.VBox([head, *(controls[k] for k in selection.QUESTIONS), out])


def examples_static() -> HTML:
    """The fixed examples as a table (the book's rendering)."""
    rows = []
    for label, answers in EXAMPLES:
        a = selection.assess(answers)
        rows.append([label, a.verdict, "; ".join(f.text() for f in a.findings)])
    t = tables.html_table(rows, ["Person", "Implanted stimulation", "Rules that fired (with sources)"],
                          caption="Referral checklist for fixed fictional examples")
    return HTML(t.data + f"<p><em>{html.escape(EXAMPLE_NOTE)} {NOT_A_REFERRAL_TOOL}</em></p>")


def show_selection_checklist() -> None:
    """Live checklist in class; a table of fixed examples in the built book."""
    live.show(selection_checklist, examples_static)
