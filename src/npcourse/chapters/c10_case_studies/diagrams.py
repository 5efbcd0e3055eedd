"""Chapter 10 diagram: where the lesion of each of the five people lies on the pain pathway."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['case_sites']

CASES = [  # number, person and condition, site on the pathway drawing, marker position
    ("1", "Mr Baptiste: painful diabetic neuropathy (length-dependent nerve damage)", (24, 560)),
    ("2", "Mrs Papadaki: postherpetic neuralgia (shingles: virus reactivated in one sensory ganglion)", (136, 398)),
    ("3", "Ms Kowalczyk: chemotherapy-induced peripheral neuropathy (peripheral nerves)", (160, 510)),
    ("4", "Mr Moretti: spinal cord injury (a central lesion)", (330, 470)),
    ("5", "Mrs Tan: trigeminal neuralgia (an artery compresses the trigeminal nerve root where it enters "
          "the brainstem; the face is not drawn)", (180, 262)),
]


def case_sites(uid: str = "d10-cases") -> d.Diagram:
    """The chapter 2 pathway with five numbered markers, one per case."""
    title = "Where the lesion lies in the five people of this chapter"
    desc = (d.PATHWAY_DESC + " Five numbered markers show the lesions: 1 and 3 on the peripheral nerves "
            "and their endings (diabetic polyneuropathy, length-dependent; chemotherapy-induced neuropathy); 2 on the "
            "dorsal root ganglion (shingles, postherpetic neuralgia); 4 on the spinal cord (spinal cord "
            "injury, a central lesion); 5 on the brainstem, where the trigeminal nerve root enters it "
            "(trigeminal neuralgia: an artery compressing the root; the face itself is not drawn).")
    body = d.pathway(uid)
    for n, _, (x, y) in CASES:
        body += (f'<circle cx="{x}" cy="{y}" r="13" fill="{d.ALERT}" stroke="#FFFFFF" stroke-width="2"/>'
                 + d.text(x, y + 5, n, size=d.SMALL, anchor="middle", fill="#FFFFFF", weight="bold"))
    key = "".join(f"<li><strong>{n}</strong> {d.esc(label)}</li>" for n, label, _ in CASES)
    states = f'<ol style="list-style:none;padding-left:0;margin:0">{key}</ol>'
    return d.figure(uid, d.svg(uid, title, desc, body, height=d.PATHWAY_HEIGHT), title=title, desc=desc,
                    states=states)
