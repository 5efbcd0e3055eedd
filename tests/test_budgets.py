"""Size budgets the suite can check without timing (timings live in `make bench`).

- every built page's own HTML stays within 500 KB (the page-weight budget of issue 8);
- every chart embeds at most 60 KB of spec and data, in at most 8 datasets, so a phone
  does not download a model's whole grid to move one slider (more tables than that means
  one chart is doing the work of several).
"""

from __future__ import annotations

import json
import re

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


def test_every_chart_within_its_data_budget(built_book):
    found = 0
    problems = []
    for p in pages(built_book["html"]):
        for i, spec in enumerate(chart_specs(p.read_text(encoding="utf-8"))):
            found += 1
            size = len(json.dumps(spec))
            datasets = spec.get("datasets", {})
            if size > CHART_BUDGET or len(datasets) > MAX_DATASETS:
                problems.append(f"{p.name} chart {i}: {size // 1024} KB, {len(datasets)} datasets")
    assert found, "no charts found in the built book"
    assert not problems, "; ".join(problems)
