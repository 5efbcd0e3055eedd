"""Chapter 3 diagrams: patterns of sensory change, and which bedside test probes which fibre.

The fibre drawing reads ``bedside_tests.yml`` and ``fibres.yml``, so its tests, tools and
diameters are the same as the chapter's table.
"""

from __future__ import annotations

import textwrap

from npcourse.facts import data
from npcourse.ui import diagrams as d

__all__ = ['sensory_patterns', 'fibre_tests']


def _person(cx: float, y: float) -> str:
    """A front-view outline of a person, about 70 × 190 units, head centre at (cx, y + 16)."""
    s = f'fill="#FFFFFF" stroke="{d.INK}" stroke-width="1.5"'
    return (f'<circle cx="{cx}" cy="{y + 16}" r="14" {s}/>'
            f'<rect x="{cx - 22}" y="{y + 33}" width="44" height="64" rx="8" {s}/>'
            f'<rect x="{cx - 36}" y="{y + 35}" width="12" height="62" rx="5" {s}/>'
            f'<rect x="{cx + 24}" y="{y + 35}" width="12" height="62" rx="5" {s}/>'
            f'<rect x="{cx - 20}" y="{y + 98}" width="18" height="86" rx="5" {s}/>'
            f'<rect x="{cx + 2}" y="{y + 98}" width="18" height="86" rx="5" {s}/>')


def _area(uid: str, x, y, w, h, rx=4) -> str:
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="url(#{uid}-hatch)" '
            f'stroke="{d.VERMILION}" stroke-width="2.5"/>')


def sensory_patterns(uid: str = "d03-patterns") -> d.Diagram:
    """Diagram 6: four distributions of sensory change and the lesion each points to."""
    title = "Four patterns of sensory change and where the lesion lies"
    desc = ("Four outline drawings of a person seen from the front, the area of sensory change hatched "
            "in each. 1, length-dependent polyneuropathy: both feet and lower legs and both hands, the "
            "stocking-and-glove pattern. 2, mononeuropathy: part of one hand, the territory of a single "
            "nerve. 3, radiculopathy: a narrow strip down one leg, the dermatome of one nerve root. "
            "4, central lesion: a stroke in one side of the brain, marked on the head, with changes over "
            "the opposite side of the body.")
    b = []
    panels = [(0, 0, "1 Length-dependent", "stocking and glove"),
              (180, 0, "2 Mononeuropathy", "one nerve's territory"),
              (0, 262, "3 Radiculopathy", "one root's dermatome"),
              (180, 262, "4 Central lesion", "opposite side of body")]
    for px, py, head, sub in panels:
        b.append(d.box(px + 4, py + 4, 172, 250, "", fill="#FFFFFF", stroke=d.MUTED, width=1))
        b.append(d.text(px + 12, py + 24, head, size=d.SMALL, weight="bold"))
        b.append(d.text(px + 12, py + 42, sub, size=d.SMALL))
        b.append(_person(px + 90, py + 54))
    # 1 stocking and glove
    b.append(_area(uid, 52, 194, 20, 50) + _area(uid, 92, 194, 20, 50))
    b.append(_area(uid, 50, 132, 16, 22) + _area(uid, 112, 132, 16, 22))
    # 2 one nerve (part of the right hand, viewer's left)
    b.append(_area(uid, 232, 130, 14, 22))
    # 3 a strip down one leg
    b.append(_area(uid, 274 - 180 + 10, 262 + 160, 8, 92, rx=3))
    # 4 left-hemisphere lesion, right hemibody (viewer's left)
    b.append(_area(uid, 180 + 52, 262 + 88, 38, 152, rx=6))
    b.append(f'<circle cx="{180 + 96}" cy="{262 + 66}" r="5" fill="{d.INK}"/>')
    b.append(d.text(180 + 108, 262 + 70, "stroke", size=d.SMALL))
    b.append(d.text(180 + 20, 262 + 248, "R", size=d.SMALL, weight="bold"))
    b.append(d.text(180 + 152, 262 + 248, "L", size=d.SMALL, weight="bold"))
    # key
    b.append(_area(uid, 8, 528, 22, 16))
    b.append(d.text(38, 541, "area of sensory loss or pain (hatched)", size=d.SMALL))
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=552), title=title, desc=desc)


def fibre_tests(uid: str = "d03-fibres") -> d.Diagram:
    """Diagram 7: the three fibre classes in cross-section with the bedside tests for each."""
    fibres = {f["id"]: f for f in data.records("fibres", "fibres")}
    tests = data.records("bedside_tests", "tests")
    names = {"A-beta": "a-beta", "A-delta": "a-delta", "C": "c"}
    by_fibre = {"a-beta": [], "a-delta": [], "c": []}
    for t in tests:
        for f in t["fibres"]:
            by_fibre[names[f]].append(t)
    title = "Which bedside test examines which fibre class"
    lines = []
    for fid in ("a-beta", "a-delta", "c"):
        f = fibres[fid]
        lo, hi = f["diameter_um"]
        tl = "; ".join(f"{t['name'].split(' (')[0].lower()} ({t['tool'].split(',')[0]})" for t in by_fibre[fid])
        lines.append(f"{f['name']} fibres ({'myelinated' if f['myelinated'] else 'unmyelinated'}, "
                     f"{lo:g}–{hi:g} µm): {tl}")
    desc = ("Three nerve fibres in cross-section, drawn to suggest their size: a thick myelinated A-beta "
            "fibre, a thin myelinated A-delta fibre and a very thin unmyelinated C fibre, each with the "
            "bedside tests that examine it. " + ". ".join(lines) + ".")
    b = []
    rows = [("a-beta", 40, 30, 12), ("a-delta", 190, 20, 6), ("c", 330, 10, 0)]
    y0 = 10
    for fid, _, r_out, myelin in rows:
        f = fibres[fid]
        cy = y0 + 40
        if myelin:
            b.append(f'<circle cx="50" cy="{cy}" r="{r_out}" fill="url(#{uid}-vlines)" stroke="{d.INK}" '
                     'stroke-width="1.5"/>')
            b.append(f'<circle cx="50" cy="{cy}" r="{r_out - myelin}" fill="#FFFFFF" stroke="{d.INK}" '
                     'stroke-width="1.5"/>')
        else:
            b.append(f'<circle cx="50" cy="{cy}" r="{r_out}" fill="#FFFFFF" stroke="{d.INK}" stroke-width="1.5"/>')
        lo, hi = f["diameter_um"]
        b.append(d.text(96, cy - 12, f"{f['name']} fibre", weight="bold"))
        b.append(d.text(96, cy + 6, f"{'myelinated' if f['myelinated'] else 'no myelin'}, {lo:g}–{hi:g} µm",
                        size=d.SMALL))
        ty = cy + 28
        for t in by_fibre[fid]:
            name = t["name"].split(" (")[0]
            if t["id"] == "brush":
                name = "Brush: allodynia (pain means"
                b.append(d.text(96, ty, f"• {name}", size=d.SMALL))
                ty += 18
                name = "  changed central processing)"
                b.append(d.text(96, ty, name, size=d.SMALL))
            else:
                tool = t["tool"].split(",")[0].split(" such as ")[-1]
                lines = textwrap.wrap(f"{name}: {tool}", 30)
                b.append(d.text(96, ty, "• " + "\n  ".join(lines), size=d.SMALL))
                ty += 18 * (len(lines) - 1)
            ty += 18
        y0 = ty + 6
    b.append(f'<rect x="8" y="{y0 + 4}" width="22" height="16" fill="url(#{uid}-vlines)" stroke="{d.INK}"/>')
    b.append(d.text(38, y0 + 17, "myelin sheath (striped)", size=d.SMALL))
    body = "".join(b)
    return d.figure(uid, d.svg(uid, title, desc, body, height=y0 + 28), title=title, desc=desc)
