"""Chapter 11 diagram: the trigeminal nerve's three divisions, and where the causes of
trigeminal neuralgia lie (a compressing vessel at the root; multiple sclerosis or a tumour)."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ["trigeminal_sites", "DIVISIONS", "SITES"]

# (label, face band y-range, tint) — forehead and eye; cheek and upper lip; lower lip and jaw
DIVISIONS = [
    ("V1 ophthalmic", (70, 150), "blue"),
    ("V2 maxillary", (150, 215), "ochre"),
    ("V3 mandibular", (215, 300), "green"),
]
# marker, words for the key, position on the drawing
SITES = [
    ("A", "Classical: an artery compresses the root and changes its shape (seen on MRI)", (276, 144)),
    ("B", "Secondary: a multiple sclerosis plaque in the pons", (318, 232)),
    ("C", "Secondary: a tumour beside the root (cerebellopontine angle)", (262, 262)),
]
HEIGHT = 330


def trigeminal_sites(uid: str = "d11-trigeminal") -> d.Diagram:
    """Face with the three trigeminal divisions, the ganglion, the root entering the pons, and
    lettered markers for the causes of classical and secondary trigeminal neuralgia."""
    title = "The trigeminal nerve's three divisions and where the causes of trigeminal neuralgia lie"
    desc = ("A face seen from the front, on the left, is divided into three horizontal bands: the "
            "forehead and eye (V1, ophthalmic division), the cheek and upper lip (V2, maxillary) and the "
            "lower lip and jaw (V3, mandibular). Lines from the three bands join at the trigeminal "
            "ganglion, from which the nerve root runs to the pons of the brainstem on the right. "
            "Lettered markers show the causes: A, an artery compressing the root where it enters the "
            "pons (classical trigeminal neuralgia); B, a multiple sclerosis plaque in the pons, and C, "
            "a tumour beside the root in the cerebellopontine angle (both secondary trigeminal "
            "neuralgia).")
    clip = f"{uid}-face"
    b = [f'<clipPath id="{clip}"><ellipse cx="96" cy="180" rx="84" ry="120"/></clipPath>']
    for _label, (y0, y1), tint in DIVISIONS:
        b.append(f'<rect x="8" y="{y0}" width="180" height="{y1 - y0}" fill="{d.TINT[tint]}" '
                 f'clip-path="url(#{clip})"/>')
    b.append(f'<ellipse cx="96" cy="180" rx="84" ry="120" fill="none" stroke="{d.INK}" stroke-width="1.5"/>')
    for y in (150, 215):
        b.append(d.line([(14, y), (178, y)], stroke=d.MUTED, width=1.5, dash="5 4"))
    # eyes, nose, mouth
    for x in (66, 126):
        b.append(f'<ellipse cx="{x}" cy="128" rx="13" ry="6" fill="none" stroke="{d.INK}" stroke-width="1.5"/>')
    b.append(d.line([(96, 136), (90, 160), (102, 162)], stroke=d.INK, width=1.5))
    b.append(d.line([(72, 228), (96, 234), (120, 228)], stroke=d.INK, width=1.5))
    for label, (y0, y1), _ in DIVISIONS:
        b.append(d.text(96, (y0 + y1) / 2 + (-4 if y0 == 70 else 5) + (10 if y0 == 215 else 0), label,
                        size=d.SMALL, anchor="middle", weight="bold"))
    # branches to the ganglion, root to the pons
    gx, gy = 214, 196
    for y in (104, 176, 262):
        b.append(d.line([(170, y), (gx, gy)], stroke=d.INK, width=2.5))
    b.append(f'<ellipse cx="{gx}" cy="{gy}" rx="18" ry="12" fill="{d.TINT["purple"]}" '
             f'stroke="{d.INK}" stroke-width="1.5"/>')
    b.append(d.text(gx, 232, "Ganglion", size=d.SMALL, anchor="middle"))
    b.append(d.line([(gx + 18, gy), (300, 196)], stroke=d.INK, width=4))
    b.append(d.text(258, 216, "Root", size=d.SMALL, anchor="middle", fill=d.MUTED))
    b.append(d.box(296, 112, 58, 170, "", fill=d.TINT["grey"], stroke=d.INK, rx=22))
    b.append(d.text(325, 104, "Pons", size=d.SMALL, anchor="middle", weight="bold"))
    # a compressing artery loop over the root (A), drawn as a thick curved vessel
    b.append(f'<path d="M262,150 C272,170 270,200 284,216" fill="none" stroke="{d.ALERT}" stroke-width="5"/>')
    for letter, _, (x, y) in SITES:
        b.append(f'<circle cx="{x}" cy="{y}" r="12" fill="{d.ALERT}" stroke="#FFFFFF" stroke-width="2"/>'
                 + d.text(x, y + 5, letter, size=d.SMALL, anchor="middle", fill="#FFFFFF", weight="bold"))
    b.append(d.text(8, 322, "Shaded: skin each division supplies", size=d.SMALL, fill=d.MUTED))
    key = "".join(f"<li><strong>{letter}</strong> {d.esc(words)}</li>" for letter, words, _ in SITES)
    states = f'<ol style="list-style:none;padding-left:0;margin:0">{key}</ol>'
    return d.figure(uid, d.svg(uid, title, desc, "".join(b), height=HEIGHT), title=title, desc=desc,
                    states=states)
