"""Chapter 1 diagram: where the problem lies in nociceptive, neuropathic and nociplastic pain."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['three_pain_types']


def _route(uid: str, x: float, y: float) -> str:
    """A small skin → nerve → spinal cord → brain route, 100 units wide, 250 tall."""
    return (d.box(x + 20, y, 64, 36, "Brain", fill=d.TINT["blue"], size=d.SMALL)
            + d.box(x + 20, y + 96, 64, 36, "Spinal\ncord", fill=d.TINT["blue"], size=d.SMALL)
            + d.box(x + 14, y + 206, 76, 34, "Tissue", fill=d.TINT["orange"], size=d.SMALL)
            + d.line([(x + 52, y + 206), (x + 52, y + 132)], stroke=d.INK, width=3)
            + d.line([(x + 52, y + 96), (x + 52, y + 36)], stroke=d.INK, width=3)
            + d.text(x + 58, y + 176, "nerve", size=d.SMALL))


def three_pain_types(uid: str = "d01-types") -> d.Diagram:
    """Three copies of the same route, each marking where the problem lies."""
    title = "Where the problem lies in the three kinds of pain"
    desc = ("Three copies of the same simple route from body tissue through a nerve and the spinal cord "
            "to the brain. Nociceptive: a star marks damaged tissue; the nerves are healthy and signal "
            "it. Neuropathic: a cross marks a lesion or disease of the nerve or of the spinal cord or "
            "brain. Nociplastic: no damage is marked anywhere; the spinal cord and brain are drawn "
            "with a wavy amplifier symbol for altered processing.")
    b = []
    heads = ["Nociceptive", "Neuropathic", "Nociplastic"]
    for i, head in enumerate(heads):
        x = 8 + i * 118
        b.append(d.text(x + 52, 18, head, size=d.SMALL, anchor="middle", weight="bold"))
        b.append(_route(uid, x, 30))
    # nociceptive: a star on the damaged tissue
    x = 8
    b.append(f'<path d="M{x + 90},{222} l5,11 l12,1 l-9,8 l3,12 l-11,-6 l-11,6 l3,-12 l-9,-8 l12,-1 z" '
             f'fill="{d.ALERT}" stroke="{d.INK}"/>')
    b.append(d.text(x + 52, 296, "damaged\ntissue", size=d.SMALL, anchor="middle"))
    # neuropathic: crosses on the nerve and beside the spinal cord
    x = 126
    b.append(f'<path d="M{x + 42},{164} l20,20 m0,-20 l-20,20" stroke="{d.ALERT}" stroke-width="5"/>')
    b.append(f'<path d="M{x + 90},{136} l14,14 m0,-14 l-14,14" stroke="{d.ALERT}" stroke-width="4"/>')
    b.append(d.text(x + 52, 296, "lesion of the\nnervous\nsystem", size=d.SMALL, anchor="middle"))
    # nociplastic: no damage; wavy "amplifier" marks beside the spinal cord and brain
    x = 244
    for yy in (48, 144):
        b.append(f'<path d="M{x + 88},{yy} q5,-9 10,0 t10,0" fill="none" stroke="{d.PURPLE}" stroke-width="3"/>')
    b.append(d.text(x + 52, 296, "altered\nprocessing,\nno damage", size=d.SMALL, anchor="middle"))
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=350), title=title, desc=desc)
