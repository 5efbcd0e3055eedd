"""Chapter 8 diagram: the biopsychosocial model for painful diabetic neuropathy."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['biopsychosocial']


def biopsychosocial(uid: str = "d08-bps") -> d.Diagram:
    """Three overlapping circles, each with its own fill pattern, the person at the centre."""
    title = "The biopsychosocial model: three levels that feed each other"
    desc = ("Three overlapping circles, each with its own fill pattern and label. Biological (dots): "
            "glucose, nerve damage, other illnesses, medicines, sleep. Psychological (vertical lines): "
            "what the pain means, fear, mood, coping. Social (horizontal lines): work, family, money, "
            "access to care. Where all three overlap sits the person's pain experience; double arrows "
            "between the circles show that problems on one level feed the others.")
    b = []
    circles = [(124, 150, "dots", "Biological", ["glucose, nerve", "damage, other", "illnesses, sleep"],
                (76, 40)),
               (236, 150, "vlines", "Psychological", ["meaning, fear,", "mood, coping"], (284, 40)),
               (180, 240, "hlines", "Social", ["work, family,", "money, access"], (180, 300))]
    for cx, cy, pat, _, _, _ in circles:
        b.append(f'<circle cx="{cx}" cy="{cy}" r="86" fill="url(#{uid}-{pat})" fill-opacity="0.35" '
                 f'stroke="{d.INK}" stroke-width="2"/>')
    for _, _, _, head, lines, (tx, ty) in circles:
        lines_text = "\n".join(lines)
        w = 140
        b.append(f'<rect x="{tx - w / 2}" y="{ty - 18}" width="{w}" height="{22 + 18 * len(lines)}" rx="6" '
                 f'fill="#FFFFFF" stroke="{d.INK}"/>')
        b.append(d.text(tx, ty, head, size=d.SMALL, anchor="middle", weight="bold"))
        b.append(d.text(tx, ty + 18, lines_text, size=d.SMALL, anchor="middle"))
    b.append(d.box(122, 164, 116, 42, "the person's\npain", fill="#FFFFFF", size=d.SMALL, weight="bold"))
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=350), title=title, desc=desc)
