"""The course's SVG diagrams: text alternative, readable labels, accessible colours, data-driven
content, and a figure in every chapter notebook followed by its caption.

The browser half (rendering at 390 px, controls that change the drawing) is in
tests/browser/test_diagrams.py.
"""

from __future__ import annotations

import importlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from npcourse.chapters.c04_drug_action import diagrams as d04
from npcourse.models import drugs
from npcourse.ui import diagrams as d

from .test_colours import contrast

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"

# Every diagram the book shows: chapter stem → [(package, function)]
DIAGRAMS = {
    "01-pain-types": [("c01_pain_types", "three_pain_types")],
    "02-pain-pathways": [("c02_pain_pathways", "pain_pathway"), ("c02_pain_pathways", "gate_circuit"),
                         ("c02_pain_pathways", "injury_before_after")],
    "03-assessment": [("c03_assessment", "sensory_patterns"), ("c03_assessment", "fibre_tests")],
    "04-drug-action": [("c04_drug_action", "site_of_action"), ("c04_drug_action", "first_synapse")],
    "05-using-drugs": [("c05_using_drugs", "gabapentinoid_journey")],
    "06-rehabilitation": [("c06_rehabilitation", "treatment_sites")],
    "07-interventions": [("c07_interventions", "treatment_sites")],
    "08-mind-lifestyle": [("c08_mind_lifestyle", "biopsychosocial")],
    "09-progress-and-team": [("c09_progress_and_team", "reading_change")],
    "10-case-studies": [("c10_case_studies", "case_sites")],
    "11-special-situations": [("c11_special_situations", "trigeminal_sites")],
}
INTERACTIVE = {"gate_circuit", "injury_before_after", "site_of_action", "treatment_sites"}
ALL = [(stem, pkg, fn) for stem, items in DIAGRAMS.items() for pkg, fn in items]


def build(pkg: str, fn: str) -> d.Diagram:
    return getattr(importlib.import_module(f"npcourse.chapters.{pkg}.diagrams"), fn)()


def svg_of(diagram: d.Diagram) -> ET.Element:
    start = diagram.html.index("<svg")
    end = diagram.html.index("</svg>") + len("</svg>")
    return ET.fromstring(diagram.html[start:end])


@pytest.mark.parametrize(("stem", "pkg", "fn"), ALL, ids=[f"{s}:{f}" for s, _, f in ALL])
def test_diagram_has_a_text_alternative(stem, pkg, fn):
    diagram = build(pkg, fn)
    root = svg_of(diagram)
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    found = {el.get("id"): (el.text or "") for el in root.iter() if el.get("id") in ids}
    assert set(found) == set(ids), f"aria-labelledby points at missing ids {set(ids) - set(found)}"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert len(title.text) > 20 and len(desc.text) > 120, (title.text, desc.text)
    assert diagram.interactive == (fn in INTERACTIVE)


@pytest.mark.parametrize(("stem", "pkg", "fn"), ALL, ids=[f"{s}:{f}" for s, _, f in ALL])
def test_labels_are_large_enough_and_inside_the_drawing(stem, pkg, fn):
    root = svg_of(build(pkg, fn))
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width <= d.MAX_WIDTH
    texts = list(root.iter(f"{SVG}text"))
    assert texts, "a diagram with no labels"
    for t in texts:
        label = "".join(t.itertext())
        assert float(t.get("font-size")) >= 14, f"{label!r} is set below 14 units"
        if t.get("transform"):
            continue  # rotated labels are checked in the browser
        x, y = float(t.get("x")), float(t.get("y"))
        assert 0 <= x <= width and 10 <= y <= height, f"{label!r} at ({x}, {y}) outside 0 0 {width} {height}"


@pytest.mark.parametrize(("stem", "pkg", "fn"), ALL, ids=[f"{s}:{f}" for s, _, f in ALL])
def test_text_colours_pass_wcag_aa(stem, pkg, fn):
    root = svg_of(build(pkg, fn))
    for t in root.iter(f"{SVG}text"):
        fill = t.get("fill").upper()
        if fill == "#FFFFFF":
            continue  # white text sits only on DARK_FILLS, checked below
        assert fill in {c.upper() for c in d.TEXT_COLOURS}, f"text colour {fill} is not one of TEXT_COLOURS"


def test_text_colour_pairs_reach_4_5_to_1():
    for colour in d.TEXT_COLOURS:
        assert contrast(colour, "#FFFFFF") >= 4.5, colour
    assert min(contrast(d.INK, tint) for tint in d.TINT.values()) >= 4.5
    for fill in d.DARK_FILLS:
        assert contrast("#FFFFFF", fill) >= 4.5, fill
    assert contrast("#FFFFFF", d.VERMILION) < 4.5  # why the tags use ALERT, not the palette colour


def test_contrast_drugs_are_drawn_apart_from_effective_ones():
    html = d04.site_of_action().html
    for drug_id in d04.CONTRAST:
        block = [b for b in re.findall(rf'<g class="np-when np-on-{drug_id}">(.*?)</g>', html) if 'rx="8"' in b]
        assert block and all('stroke-dasharray="8 5"' in b and "-cross)" in b for b in block), drug_id
        assert "no evidence of benefit" in html
    gabapentin = [b for b in re.findall(r'<g class="np-when np-on-gabapentin">(.*?)</g>', html) if 'rx="8"' in b]
    assert gabapentin and not any("stroke-dasharray" in b or "-cross)" in b for b in gabapentin)


def test_site_map_follows_the_drug_data():
    html = d04.site_of_action().html
    for record in drugs.records():
        overlays = re.findall(rf'<g class="np-when np-on-{record["id"]}"><rect x="([\d.]+)" y="([\d.]+)" '
                              r'width="[\d.]+" height="[\d.]+" rx="8"', html)
        expected = {tuple(str(v) for v in d.SITE_AREAS[s][:2]) for s in record["sites"]}
        assert set(overlays) == expected, record["id"]


def test_site_map_rejects_a_drug_without_a_note(monkeypatch):
    monkeypatch.delitem(d04.NOTES, "ketamine")
    with pytest.raises(ValueError, match="ketamine"):
        d04.site_of_action()


def test_bad_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="uid"):
        d.svg("Bad Id", "t", "d", "", height=100)
    with pytest.raises(ValueError, match="title and desc"):
        d.svg("ok", "", "", "", height=100)
    with pytest.raises(ValueError, match="checked"):
        d.treatment_map("x", checked="homeopathy")
    with pytest.raises(ValueError, match="slug"):
        d.highlight("x", "liver", "c")
    with pytest.raises(ValueError, match="kind"):
        d.choices("x", "l", [("a", "A")], kind="slider")


@pytest.mark.parametrize("stem", DIAGRAMS)
def test_every_chapter_shows_its_diagrams_with_a_caption(stem):
    """Each diagram call is a remove-input code cell followed by a Markdown caption with a source."""
    cells = json.loads((ROOT / "book" / f"{stem}.ipynb").read_text())["cells"]
    shown = []
    for i, cell in enumerate(cells):
        src = "".join(cell["source"])
        m = re.search(r"diagrams\.(\w+)\(", src)
        if cell["cell_type"] != "code" or not m:
            continue
        shown.append(m.group(1))
        assert "remove-input" in cell["metadata"].get("tags", []), f"{stem} cell {i}"
        caption = "".join(cells[i + 1]["source"])
        assert cells[i + 1]["cell_type"] == "markdown" and "np-diagram-caption" in caption, f"{stem} cell {i + 1}"
        assert re.search(r"\*\*Figure \d+\.\d+\.", caption) and "{cite:p}" in caption, caption[:200]
    assert sorted(shown) == sorted(fn for _, fn in DIAGRAMS[stem])
    assert len(shown) >= (2 if stem[:2] in ("02", "03", "04") else 1)


def test_figure_numbers_run_in_page_order():
    for stem in DIAGRAMS:
        text = (ROOT / "book" / f"{stem}.ipynb").read_text()
        numbers = [int(n) for n in re.findall(r"\*\*Figure \d+\.(\d+)\.", text)]
        assert numbers == list(range(1, len(numbers) + 1)), (stem, numbers)
