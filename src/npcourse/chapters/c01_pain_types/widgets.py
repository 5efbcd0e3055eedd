"""Chapter 1 live demonstration: which pain descriptor fits a person's findings?"""

from __future__ import annotations

import html

import ipywidgets as widgets

from npcourse.models import neupsig_grading
from npcourse.ui import live, tables

__all__ = ["EXAMPLES", "render_assessment", "mechanism_explorer", "examples_table", "show_mechanism_explorer"]

# Worked combinations shown in the static book instead of the live controls.
EXAMPLES = {
    "Shingles two years ago; burning pain and brush-evoked pain on the same band of skin":
        {"lesion_history": True, "plausible_distribution": True, "sensory_signs": True},
    "Diabetes; burning feet; reduced pinprick on both feet; nerve conduction study abnormal":
        {"lesion_history": True, "plausible_distribution": True, "sensory_signs": True,
         "diagnostic_test": True},
    "Sprained ankle yesterday; swollen and tender":
        {"tissue_damage": True},
    "Widespread pain and tenderness for years; no damage or nerve lesion found":
        {"hypersensitivity": True},
    "Lumbar disc prolapse; back pain plus shooting leg pain in a dermatome with numbness":
        {"lesion_history": True, "plausible_distribution": True, "sensory_signs": True,
         "tissue_damage": True},
}


def render_assessment(result: neupsig_grading.Assessment) -> str:
    """The assessment as HTML for the live output."""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons)
    return (f"<p><strong>{html.escape(result.summary)}</strong></p>"
            f"<ul>{reasons or '<li>Tick the findings that apply.</li>'}</ul>")


def mechanism_explorer() -> widgets.VBox:
    """Checkboxes for the findings; the fitting descriptor(s) update as you tick."""
    boxes = {k: widgets.Checkbox(value=False, description=label, indent=False,
                                 layout=widgets.Layout(width="auto"))
             for k, label in neupsig_grading.FINDINGS.items()}
    out = widgets.HTML(render_assessment(neupsig_grading.assess({})))

    def update(_change=None):
        out.value = render_assessment(neupsig_grading.assess({k: b.value for k, b in boxes.items()}))

    for b in boxes.values():
        b.observe(update, names="value")
    heading = widgets.HTML("<strong>Findings for this person</strong>")
    return widgets.VBox([heading, *boxes.values(), out])


def examples_table():
    rows = []
    for story, findings in EXAMPLES.items():
        a = neupsig_grading.assess(findings)
        grade = "criteria not met" if a.neuropathic_grade == "none" else a.neuropathic_grade
        rows.append([story, a.summary, grade])
    return tables.html_table(rows, ["Person", "Descriptor(s) that fit", "Neuropathic grade"],
                             caption="Worked examples from the mechanism explorer")


def show_mechanism_explorer() -> None:
    """Live checkboxes in class; worked examples in the built book."""
    live.show(mechanism_explorer, examples_table)
