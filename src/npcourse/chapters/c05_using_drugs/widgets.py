"""Chapter 5 live demonstration: a Cockcroft–Gault calculator with the gabapentinoid bands.

Age, weight, sex and serum creatinine (mg/dL) → estimated creatinine clearance (mL/min) and
the dose band of each gabapentinoid that has bands in drugs.yml. In the built book,
:func:`show_cockcroft_gault` shows a table of fixed fictional examples instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML

from npcourse.facts import data
from npcourse.models import renal
from npcourse.models.drugs import GABAPENTINOIDS
from npcourse.models.prescribing import FORMULARY_NOTE
from npcourse.ui import live, tables

__all__ = [
    "EXAMPLES", "band_text", "result_html", "cockcroft_gault_calculator", "examples_static",
    "show_cockcroft_gault"
]

# Fictional examples for the static page (the chapter's worked example and its suggestion:
# a 40-year-old man, then the same man at 85 with the same creatinine).
EXAMPLES = [
    ("Fictional man, 40 years", 40, 70, 1.0, "male"),
    ("The same man at 85 years", 85, 70, 1.0, "male"),
    # Mrs Haddad of the chapter's exercise, as people.yml describes her.
    (f"{data.person('haddad')['name']} (fictional), {data.person('haddad')['age']} years",
     data.person("haddad")["age"], data.person("haddad")["weight_kg"],
     data.person("haddad")["creatinine_mg_dl"], data.person("haddad")["sex"]),
]


def band_text(crcl: float) -> list[str]:
    """One line per gabapentinoid: its band at ``crcl``, or why none can be shown."""
    lines = []
    drugs = data.by_id("drugs", "drugs")
    for d in GABAPENTINOIDS:
        name = drugs[d]["name"]
        try:
            labels = renal.jurisdictions(d)
            lines += [renal.describe(d, crcl, j) for j in labels]
        except data.DataError:
            lines.append(f"{name}: no kidney dose bands listed in this course yet.")
    return lines


def result_html(age, weight, creatinine, sex) -> str:
    """The estimate, the bands and the caveats for one set of inputs (or the input error)."""
    try:
        crcl = renal.cockcroft_gault(age, weight, creatinine, sex)
    except (TypeError, ValueError) as exc:
        return f'<p role="alert"><strong>Check the input:</strong> {html.escape(str(exc))}</p>'
    factor = " × 0.85" if sex == "female" else ""
    items = "".join(f"<li>{html.escape(t)}</li>" for t in band_text(round(crcl)))
    return (
        f"<p>CrCl = (140 − {age:g}) × {weight:g} / (72 × {creatinine:g}){factor} = "
        f"<strong>{crcl:.0f} mL/min</strong> (estimate)</p>"
        f"<ul>{items}</ul>"
        f"<p><em>{html.escape(renal.ESTIMATE_NOTE)} {html.escape(FORMULARY_NOTE)}</em></p>"
    )


def cockcroft_gault_calculator() -> widgets.VBox:
    """Sliders for age and weight, sex buttons and a creatinine box; the result follows."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="440px")
    age = widgets.IntSlider(value=40, min=renal.AGE_RANGE[0], max=renal.AGE_RANGE[1],
                            description="Age (years)", style=style, layout=layout)
    weight = widgets.FloatSlider(value=70, min=renal.WEIGHT_RANGE[0], max=renal.WEIGHT_RANGE[1],
                                 step=1, description="Weight (kg, actual)", style=style,
                                 layout=layout)
    sex = widgets.ToggleButtons(options=[("Male", "male"), ("Female", "female")], value="male",
                                description="Sex", style=style)
    creatinine = widgets.BoundedFloatText(value=1.0, min=renal.CREATININE_RANGE[0],
                                          max=renal.CREATININE_RANGE[1], step=0.1,
                                          description="Serum creatinine (mg/dL)", style=style)
    out = widgets.HTML()

    def update(_change=None):
        out.value = result_html(age.value, weight.value, creatinine.value, sex.value)

    update()
    for w in (age, weight, sex, creatinine):
        w.observe(update, names="value")
    head = widgets.HTML("<strong>Cockcroft–Gault creatinine clearance</strong> "
                        "(serum creatinine in mg/dL only)")
    return widgets.VBox([head, age, weight, sex, creatinine, out])


def examples_static() -> HTML:
    """The fixed examples as a table (the book's rendering)."""
    rows = []
    for label, age, weight, scr, sex in EXAMPLES:
        crcl = renal.cockcroft_gault(age, weight, scr, sex)
        rows.append([label, f"{weight:g} kg", f"{scr:g} mg/dL", sex, f"{crcl:.0f} mL/min",
                     " ".join(band_text(round(crcl)))])
    t = tables.html_table(rows, ["Person", "Weight", "Serum creatinine", "Sex",
                                 "Estimated CrCl", "Gabapentinoid band"],
                          caption="Cockcroft–Gault for fixed fictional examples")
    return HTML(t.data + f"<p><em>{html.escape(renal.ESTIMATE_NOTE)} "
                         f"{html.escape(FORMULARY_NOTE)}</em></p>")


def show_cockcroft_gault() -> None:
    """Live calculator in class; a table of fixed examples in the built book."""
    live.show(cockcroft_gault_calculator, examples_static)
