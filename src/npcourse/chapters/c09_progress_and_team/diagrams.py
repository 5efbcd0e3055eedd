"""Chapter 9 diagram: baseline, change and percentage change on a schematic pain diary."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['reading_change']

# Kofi's worked example in the chapter text: baseline 6.14 (43 / 7), week-8 mean 4.14.
BASELINE = 43 / 7
FOLLOW_UP = 4.14


def reading_change(uid: str = "d09-change") -> d.Diagram:
    """The worked example as a drawing: baseline week, follow-up week, the 30% and 50% marks."""
    change = FOLLOW_UP - BASELINE
    pct = 100 * change / BASELINE
    title = "Reading change in a pain diary: baseline, change and the 30% and 50% marks"
    desc = (f"A 0 to 10 pain scale drawn vertically. The baseline, the mean of the week before treatment, "
            f"is {BASELINE:.2f}. The follow-up mean in week 8 is {FOLLOW_UP:.2f}. The arrow between them is the "
            f"change, {change:.2f} points, a reduction of {-pct:.1f}%. Two dashed lines mark 30% and 50% "
            f"below baseline ({BASELINE * 0.7:.2f} and {BASELINE * 0.5:.2f}): the follow-up passes the 30% "
            "mark of a moderately important change but not the 50% mark of a substantial one.")

    def y(v):
        return 330 - v * 30

    b = []
    b.append(d.line([(60, y(0)), (60, y(10))], stroke=d.INK, width=2))
    for v in range(0, 11, 2):
        b.append(d.line([(54, y(v)), (60, y(v))], stroke=d.INK, width=2))
        b.append(d.text(48, y(v) + 5, str(v), size=d.SMALL, anchor="end"))
    b.append(d.text(8, 14, "Pain (0–10 NRS)", size=d.SMALL, weight="bold"))
    b.append(d.box(70, y(BASELINE) - 6, 110, 12, "", fill=d.BLUE, stroke=d.INK, rx=2))
    b.append(d.text(70, y(BASELINE) - 12, f"baseline week: {BASELINE:.2f}", size=d.SMALL))
    b.append(d.box(200, y(FOLLOW_UP) - 6, 110, 12, "", fill=f"url(#{uid}-hatch)", stroke=d.VERMILION, rx=2))
    b.append(d.text(350, y(FOLLOW_UP) + 22, f"week 8: {FOLLOW_UP:.2f}", size=d.SMALL, anchor="end"))
    for frac, lab, dy in ((0.7, "30% below baseline", -6), (0.5, "50% below baseline", 18)):
        b.append(d.line([(62, y(BASELINE * frac)), (350, y(BASELINE * frac))], stroke=d.MUTED, width=2, dash="6 4"))
        b.append(d.text(66, y(BASELINE * frac) + dy, lab, size=d.SMALL, fill=d.MUTED))
    b.append(d.line([(190, y(BASELINE)), (190, y(FOLLOW_UP))], stroke=d.INK, width=2.5, arrow=f"{uid}-ink"))
    minus = "\u2212"
    b.append(d.text(8, 372, f"change = {FOLLOW_UP:.2f} {minus} {BASELINE:.2f} = {minus}{-change:.2f} points",
                    size=d.SMALL))
    b.append(d.text(8, 392, f"percentage change = 100 × {minus}{-change:.2f} / {BASELINE:.2f}", size=d.SMALL))
    b.append(d.text(8, 412, f"= {minus}{-pct:.1f}%: past the 30% mark, not 50%", size=d.SMALL))
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=424), title=title, desc=desc)
