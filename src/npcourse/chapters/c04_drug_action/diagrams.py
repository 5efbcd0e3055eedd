"""Chapter 4 diagrams: where each drug acts on the pain pathway, and the first pain synapse.

The site map reads every drug's ``sites`` from ``drugs.yml`` (the same data as the chapter's
tables), so a drug added there appears here; NSAIDs and paracetamol, kept for contrast, are
drawn dashed and grey with a cross pattern and a "no evidence of benefit" tag.
"""

from __future__ import annotations

from npcourse.models import drugs
from npcourse.ui import diagrams as d

__all__ = ['site_of_action', 'first_synapse']

CONTRAST = ("nsaids", "paracetamol")
NOTES = {
    "capsaicin-patch": "Opens TRPV1 strongly, so the endings in the skin lose function and retract (reversibly).",
    "lidocaine-plaster": "Blocks sodium channels in sensitised endings under the plaster; little reaches the blood.",
    "botulinum-toxin-a": "Reduces transmitter release from nerve endings (and at the neuromuscular junction).",
    "carbamazepine": "Blocks voltage-gated sodium channels and damps repetitive firing of hyperexcitable axons.",
    "oxcarbazepine": "Blocks voltage-gated sodium channels, like carbamazepine.",
    "gabapentin": "Binds α2δ subunits of calcium channels and reduces transmitter release at the first synapse.",
    "pregabalin": "Binds α2δ subunits of calcium channels and reduces transmitter release at the first synapse.",
    "amitriptyline": "Blocks noradrenaline and serotonin reuptake, strengthening descending inhibition.",
    "duloxetine": "Blocks noradrenaline and serotonin reuptake, strengthening descending inhibition.",
    "venlafaxine": "Blocks noradrenaline and serotonin reuptake, strengthening descending inhibition.",
    "tramadol": "A weak μ-opioid agonist that also weakly blocks noradrenaline and serotonin reuptake.",
    "strong-opioids": "Activate opioid receptors, which inhibit transmitter release in the dorsal horn.",
    "ketamine": "Blocks the NMDA glutamate receptor that drives wind-up and central sensitisation.",
    "nsaids": "They target inflammation-driven pain; Cochrane reviews found no evidence of benefit here.",
    "paracetamol": "It targets everyday nociceptive pain; a Cochrane review found no evidence of benefit here.",
}


def _label(record: dict) -> str:
    name = record["name"].replace(" (for contrast)", "")
    name = name.replace("Non-steroidal anti-inflammatory drugs", "NSAIDs")
    name = name.replace(" (tricyclic antidepressants)", " (tricyclic)")
    return name + (" — no evidence" if record["id"] in CONTRAST else "")


def site_of_action(uid: str = "d04-sites", checked: str = "capsaicin-patch") -> d.Diagram:
    """Diagram 4: choose a drug and see where it acts on the chapter 2 pathway drawing."""
    records = drugs.records()
    items = []
    for r in records:
        if r["id"] not in NOTES:
            raise ValueError(f"drug {r['id']!r} in drugs.yml has no note in diagrams.NOTES")
        items.append({"key": r["id"], "label": _label(r), "sites": list(r["sites"]), "note": NOTES[r["id"]],
                      "contrast": r["id"] in CONTRAST})
    title = "Where each drug acts on the pain pathway"
    desc = (d.PATHWAY_DESC + " Buttons above the drawing choose a drug; the sites where it acts are "
            "outlined in a thick line and hatched, with the tag 'acts here'. NSAIDs and paracetamol, shown "
            "for contrast, are instead outlined with a grey dashed line and a cross pattern and tagged "
            "'no evidence of benefit'. A sentence below the drawing names the sites and the mechanism.")
    return d.site_map(uid, title=title, desc=desc, legend="Choose a drug", items=items, checked=checked)


def first_synapse(uid: str = "d04-synapse") -> d.Diagram:
    """Diagram 5: the first pain synapse in the dorsal horn and where four drug classes act on it."""
    title = "The first pain synapse in the dorsal horn and where drugs act on it"
    desc = ("A close-up of the synapse between a nociceptor's central terminal and a dorsal horn "
            "neuron. On the terminal, calcium channels with an alpha-2-delta subunit let calcium in for "
            "glutamate release: gabapentin and pregabalin bind this subunit (label A). Opioid receptors "
            "on the terminal inhibit glutamate release: opioids and tramadol act here (label B). On the "
            "dorsal horn neuron, the NMDA glutamate receptor is blocked by ketamine (label C). A "
            "descending fibre from the brainstem releases noradrenaline and serotonin; tricyclics, SNRIs "
            "and tramadol block their reuptake, so more stays in the synapse (label D).")
    b = []
    # presynaptic terminal
    b.append('<path d="M20,40 L160,40 C200,40 210,80 210,120 C210,160 200,200 160,200 L20,200 Z" '
             f'fill="{d.TINT["orange"]}" stroke="{d.INK}" stroke-width="2"/>')
    b.append(d.text(8, 16, "Nociceptor terminal", size=d.SMALL, weight="bold"))
    for cx, cy in ((120, 90), (140, 130), (110, 160), (160, 100)):
        b.append(f'<circle cx="{cx}" cy="{cy}" r="9" fill="#FFFFFF" stroke="{d.INK}"/>')
    b.append(d.text(30, 120, "glutamate\nvesicles", size=d.SMALL))
    # postsynaptic neuron
    b.append('<path d="M350,40 L260,40 C232,40 226,80 226,120 C226,160 232,200 260,200 L350,200 Z" '
             f'fill="{d.TINT["blue"]}" stroke="{d.INK}" stroke-width="2"/>')
    b.append(d.text(354, 236, "Dorsal horn neuron", size=d.SMALL, anchor="end", weight="bold"))
    # dots of glutamate in the cleft
    for y in (80, 110, 140, 160):
        b.append(f'<circle cx="218" cy="{y}" r="3" fill="{d.INK}"/>')
    # targets: A alpha2delta, B opioid receptor, C NMDA, D reuptake transporter
    b.append(d.box(186, 62, 28, 24, "A", fill="#FFFFFF", stroke=d.VERMILION, width=3, size=d.SMALL, weight="bold"))
    b.append(d.box(186, 150, 28, 24, "B", fill="#FFFFFF", stroke=d.PURPLE, width=3, size=d.SMALL, weight="bold"))
    b.append(d.box(224, 104, 28, 24, "C", fill="#FFFFFF", stroke=d.BLUE, width=3, size=d.SMALL, weight="bold"))
    # descending terminal
    b.append(d.box(40, 250, 168, 48, "Descending fibre\n(NA and 5-HT)", fill=d.TINT["purple"], size=d.SMALL))
    b.append(d.line([(170, 250), (212, 206)], stroke=d.PURPLE, width=3, arrow=f"{uid}-purple"))
    b.append(d.box(218, 262, 28, 24, "D", fill="#FFFFFF", stroke=d.GREEN, width=3, size=d.SMALL, weight="bold"))
    # key, as text (never colour alone)
    key = [("A", "α2δ subunit of calcium channels:\ngabapentin, pregabalin"),
           ("B", "opioid receptor: opioids, tramadol"),
           ("C", "NMDA receptor: ketamine"),
           ("D", "NA and 5-HT reuptake: tricyclics,\nSNRIs, tramadol")]
    y = 330
    for letter, what in key:
        b.append(d.text(8, y, f"{letter}:", size=d.SMALL, weight="bold"))
        b.append(d.text(30, y, what, size=d.SMALL))
        y += 20 * (what.count("\n") + 1) + 6
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=y), title=title, desc=desc)
