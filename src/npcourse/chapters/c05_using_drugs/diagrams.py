"""Chapter 5 diagram: the journey of a gabapentinoid dose, from gut to urine."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['gabapentinoid_journey']


def gabapentinoid_journey(uid: str = "d05-journey") -> d.Diagram:
    """Absorption (saturable for gabapentin), blood, site of action, renal excretion unchanged."""
    title = "The journey of a gabapentinoid dose: gut, blood, nervous system, kidney"
    desc = ("A flow drawing in four steps. 1 Gut: gabapentin crosses the small intestine on a carrier "
            "with limited capacity, so a larger dose is absorbed less completely; pregabalin is absorbed "
            "almost completely and in proportion to dose. 2 Blood. 3 Nervous system: both bind the "
            "alpha-2-delta subunit in the dorsal horn and brain. 4 Kidney: both leave almost entirely "
            "unchanged in the urine, so lower kidney function means slower clearance, a longer "
            "half-life and accumulation at the usual dose.")
    b = []
    steps = [
        (10, "1  Gut (small intestine)", "gabapentin: carrier saturates,\nbigger doses absorbed less;\n"
         "pregabalin: nearly all absorbed", d.TINT["orange"]),
        (130, "2  Blood", "the absorbed drug circulates,\nhardly metabolised", d.TINT["grey"]),
        (230, "3  Spinal cord and brain", "binds α2δ: less transmitter\nrelease; dizziness, sleepiness",
         d.TINT["blue"]),
        (340, "4  Kidney → urine", "leaves unchanged: lower kidney\nfunction → slower clearance,\n"
         "longer half-life, accumulation", d.TINT["green"]),
    ]
    for y, head, body_text, fill in steps:
        h = 22 + 18 * (body_text.count("\n") + 1) + 10
        b.append(d.box(8, y, 344, h, "", fill=fill))
        b.append(d.text(18, y + 20, head, weight="bold"))
        b.append(d.text(18, y + 40, body_text, size=d.SMALL))
    for y0, y1 in ((96, 128), (196, 228), (306, 338)):
        b.append(d.line([(180, y0), (180, y1)], stroke=d.INK, width=3, arrow=f"{uid}-ink"))
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=440), title=title, desc=desc)
