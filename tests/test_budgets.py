"""Size budgets the suite can check without timing (timings live in `make bench`).

- every built page's own HTML stays within 500 KB (the page-weight budget of issue 8);
- every chart embeds at most 60 KB of spec and data, in at most 8 datasets, so a phone
  does not download a model's whole grid to move one slider (more tables than that means
  one chart is doing the work of several);
- the icon fonts every page needs for its first paint are subsets under 20 KB that still draw
  every icon the stylesheet names, and search.html's scripts wait for the page (issue 17).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont
from npcourse_book import pageassets, sphinxext

PAGE_BUDGET = 500 * 1024
CHART_BUDGET = 60 * 1024
MAX_DATASETS = 8
# A chart's spec: the JSON script beside its build-time picture (npcourse.ui.charts.static_html).
SPEC_START = re.compile(r'<script type="application/json" class="np-chart-spec">\s*(\{)')


def chart_specs(html: str) -> list[dict]:
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(html, m.start(1))[0] for m in SPEC_START.finditer(html)]


def pages(root):
    return [p for p in sorted(root.rglob("*.html")) if "_static" not in p.relative_to(root).parts]


def test_chart_spec_parser_finds_specs():
    html = ('<script type="application/json" class="np-chart-spec">'
            '{"config": {}, "datasets": {"a": [1]}, "mark": "point"}</script>')
    assert chart_specs(html) == [{"config": {}, "datasets": {"a": [1]}, "mark": "point"}]


def test_every_page_within_its_byte_budget(built_book):
    heavy = {p.name: p.stat().st_size for p in pages(built_book["html"]) if p.stat().st_size > PAGE_BUDGET}
    assert not heavy, f"pages over {PAGE_BUDGET // 1024} KB: {heavy}"


def layout_budget_problems(payload: dict) -> list[str]:
    """Each layout of one chart (the desktop spec, and the phone layout when there is one) over
    CHART_BUDGET or MAX_DATASETS, counting the layout with the datasets it draws from.

    Budgeted per layout: a reader's browser compiles one of them at a time (course.js), and the
    two travel in one page, which test_every_page_within_its_byte_budget bounds. (The payload is
    {"spec", "options", "narrow"}; its datasets are in "spec" and serve both layouts.)"""
    spec = payload.get("spec", payload)
    datasets = spec.get("datasets") or {}
    problems = []
    for name, layout in (("desktop", spec), ("phone", payload.get("narrow"))):
        if layout is None:
            continue
        drawing = json.dumps({k: v for k, v in layout.items() if k != "datasets"})
        used = {d: rows for d, rows in datasets.items() if f'"{d}"' in drawing}
        size = len(drawing) + len(json.dumps(used))
        if size > CHART_BUDGET or len(used) > MAX_DATASETS:
            problems.append(f"{name} layout {size // 1024} KB, {len(used)} datasets")
    return problems


def test_layout_budget_counts_each_layout_with_its_own_datasets():
    """The budget check itself: a layout over the byte budget or with too many datasets is named;
    a phone layout is counted with the datasets it draws, not with the desktop's."""
    big = {"data-big": [{"text": "x" * 100}] * (CHART_BUDGET // 100)}
    desktop = {"data": {"name": "data-big"}, "mark": "point", "datasets": big}
    [over] = layout_budget_problems({"spec": desktop})
    assert re.fullmatch(r"desktop layout (\d+) KB, 1 datasets", over) and int(over.split()[2]) >= 60, over
    small = {"data-small": [{"a": 1}]}
    many = {f"data-{i}": [{"a": i}] for i in range(MAX_DATASETS + 1)}
    phone = {"vconcat": [{"data": {"name": d}, "mark": "point"} for d in many]}
    both = {"spec": {"data": {"name": "data-small"}, "mark": "point", "datasets": {**small, **many}}, "narrow": phone}
    assert layout_budget_problems(both) == [f"phone layout 0 KB, {MAX_DATASETS + 1} datasets"]
    fine = {"spec": {"data": {"name": "data-small"}, "mark": "point", "datasets": {**small, **big}},
            "narrow": {"data": {"name": "data-small"}, "mark": "bar"}}
    # The desktop layout draws only the small dataset: the big one beside it is not its cost.
    assert layout_budget_problems(fine) == [], "unused data is not counted"


def test_every_chart_within_its_data_budget(built_book):
    found = 0
    problems = []
    for p in pages(built_book["html"]):
        for i, payload in enumerate(chart_specs(p.read_text(encoding="utf-8"))):
            found += 1
            problems += [f"{p.name} chart {i}: {problem}" for problem in layout_budget_problems(payload)]
    assert found, "no charts found in the built book"
    assert not problems, "; ".join(problems)


# --- what a page loads before its first paint (issue 17, npcourse_book.pageassets) -----------

FA_FONTS = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"
ICON_FONT_BUDGET = 20 * 1024
FONT_FACES = re.compile(r"@font-face\s*\{[^}]*\}")
FONT_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def font_chars(path: Path) -> set[int]:
    return set(TTFont(path).getBestCmap())


def test_icon_font_is_cut_to_the_characters_the_stylesheet_names(tmp_path):
    static = tmp_path / "_static"
    (static / "fonts").mkdir(parents=True)
    shutil.copy(FA_FONTS / "fa-solid-900.woff2", static / "fonts")
    source = static / "fonts" / "fa-solid-900.woff2"
    rocket, bars = "\uf135", "\uf0c9"
    css = ('@font-face{font-display:block;font-family:Icons;font-weight:900;'
           'src:url("fonts/fa-solid-900.woff2") format("woff2"),url("fonts/fa-solid-900.ttf") format("truetype")}\n'
           f'.fa-rocket:before{{content:"{rocket}"}}\n.fa-bars:before{{content:"\\f0c9"}}\n'
           '@media (min-width: 1px){.x:after{--icon:"\\f002"}}')
    out = pageassets.IconFonts(static).apply(css)
    face = FONT_FACES.search(out).group(0)
    urls = FONT_URL.findall(face)
    assert len(urls) == 1 and urls[0].startswith(pageassets.ICONS_PREFIX) and urls[0].endswith(".woff2"), face
    assert "font-display:swap" in face and "font-display:block" not in face
    subset = static / urls[0]
    assert subset.stat().st_size < ICON_FONT_BUDGET < source.stat().st_size
    assert {ord(rocket), ord(bars), 0xF002} <= font_chars(subset) <= font_chars(source)
    assert 0xF015 in font_chars(source) and 0xF015 not in font_chars(subset)  # fa-house: not named
    assert out.replace(face, "") == css.replace(FONT_FACES.search(css).group(0), "")  # nothing else moves
    # The OFL's Reserved Font Name "Font Awesome" is not carried by the modified (subset) font;
    # its copyright and licence records are.
    names = {r.nameID: r.toUnicode() for r in TTFont(subset)["name"].names}
    assert not any("fontawesome" in names[i].lower().replace(" ", "") for i in pageassets.FONT_NAME_IDS
                   if i in names), names
    assert names[0] == "Copyright (c) Font Awesome" and names[1].startswith("npcourse icons"), names


def test_small_fonts_and_fonts_elsewhere_are_left_alone(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    css = ('@font-face{font-family:A;src:url("https://example.org/a.woff2")}'
           '@font-face{font-family:B;src:url("missing.woff2")}.a:before{content:"\\f135"}')
    assert pageassets.IconFonts(static).apply(css) == css
    assert not list(static.iterdir())


def built_bundles(html_root: Path) -> list[Path]:
    bundles = sorted((html_root / "_static").glob(f"{pageassets.BUNDLE_PREFIX}*.css"))
    assert bundles, "no stylesheet bundle in the built book"
    return bundles


def test_built_icon_fonts_are_small_and_draw_every_icon_the_styles_name(built_book):
    """Each web font a page's stylesheet loads is a subset under the budget, and every private-use
    character (an icon) in the stylesheet's strings is in one of its fonts."""
    static = built_book["html"] / "_static"
    for bundle in built_bundles(built_book["html"]):
        css = bundle.read_text(encoding="utf-8")
        fonts = [static / u for face in FONT_FACES.findall(css) for u in FONT_URL.findall(face)]
        assert fonts, f"{bundle.name}: no @font-face (the theme's icons need one)"
        drawn = set()
        for font in fonts:
            assert font.is_file(), f"{bundle.name} loads a missing font {font.name}"
            assert font.stat().st_size < ICON_FONT_BUDGET, f"{font.name}: {font.stat().st_size} bytes"
            drawn |= font_chars(font)
        icons = {ord(c) for c in pageassets.css_strings(css) if 0xE000 <= ord(c) <= 0xF8FF}
        assert len(icons) >= 10 and not icons - drawn, sorted(hex(c) for c in icons - drawn)


def test_search_page_scripts_are_all_deferred_in_order():
    page = ('<html><head>\n<script>var a = 1;</script>\n<script src="_static/doctools.js?v=1"></script>\n'
            '<script defer src="x.js"></script><script async src="y.js"></script>\n'
            '<script data-x="1" src="_static/searchtools.js"></script>\n<script src="searchindex.js"></script>\n'
            '</head><body><script src="late.js"></script></body></html>')
    out = sphinxext.defer_search_page(page)
    head = out.split("</head>")[0]
    assert re.findall(r'<script ([^>]*)src="([^"]+)"', head) == [
        ("defer ", "_static/doctools.js?v=1"), ("defer ", "x.js"), ("async ", "y.js"),
        ("defer data-x=\"1\" ", "_static/searchtools.js"), ("defer ", "searchindex.js")]
    assert "<script>var a = 1;</script>" in head and '<body><script src="late.js"></script>' in out


def test_built_search_page_blocks_on_no_script(built_book):
    html = (built_book["html"] / "search.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    tags = re.findall(r"<script\b[^>]*>", head)
    blocking = [m for m in tags if "src=" in m and not re.search(r"\b(defer|async)\b", m)]
    assert not blocking, blocking
    assert "searchindex.js" in head and "searchtools.js" in head
