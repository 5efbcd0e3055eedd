"""No line of a chart's data runs through its text (issue 16, item 4: no overlapping text).

tests/browser/test_layout_charts.py compares texts with each other and with the chart's box;
this adds the lines a chart draws as data (rule marks: reference lines, band edges, a person's
value) against every text of the chart, in every state its menus reach. Chapter 10's kidney
chart is the one that needed it: on a phone the people's names and the bands' doses are written
above their dots and bars, where full-height lines crossed them.
"""

from __future__ import annotations

import itertools

import pytest

from .conftest import PageWatch

SIZES = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]

# Every data rule's box against every text's box in the live chart; a pixel of antialiasing is
# not a crossing. Axis grid lines are not data (role-axis-grid) and are drawn faintly under text.
CROSSINGS = """box => {
  const svg = box.querySelector('.np-chart-live.np-chart-shown svg, .np-chart-live svg');
  const rect = el => el.getBoundingClientRect();
  const rules = Array.from(svg.querySelectorAll('g.mark-rule.role-mark path, g.mark-rule.role-mark line'))
    .map(rect).filter(r => r.width + r.height > 0);
  const texts = Array.from(svg.querySelectorAll('text'))
    .filter(t => t.textContent.trim()).map(t => [t.textContent.trim(), rect(t)]);
  const out = [];
  for (const [label, t] of texts) {
    for (const r of rules) {
      // A line's box is 0 px wide (or tall): give it its stroke's half pixel each side.
      const x = Math.min(t.right, r.right + 0.5) - Math.max(t.left, r.left - 0.5);
      const y = Math.min(t.bottom, r.bottom + 0.5) - Math.max(t.top, r.top - 0.5);
      if (x > 0.5 && y > 1) {
        out.push(`"${label}" crossed by a line ${Math.round(r.left - t.left)} px into it`);
        break;
      }
    }
  }
  return out;
}"""

# (page, the chart's menus by name): every combination of their options is tried.
CHARTS = [("book/10-case-studies.html", ["kidney_person", "kidney_drug"])]


@pytest.mark.parametrize("size", SIZES, ids=[str(s["width"]) for s in SIZES])
@pytest.mark.parametrize(("rel", "menus"), CHARTS, ids=[c[0].split("/")[-1] for c in CHARTS])
def test_no_data_line_runs_through_a_charts_text(browser, offline_site, size, rel, menus):
    watch = PageWatch(browser, **size)
    try:
        page = watch.page
        page.goto(f"{offline_site['url']}/{rel}", wait_until="domcontentloaded")
        box = page.locator(f"[data-np-chart]:has(.vega-bindings [name='{menus[0]}'])").first
        box.scroll_into_view_if_needed()
        page.wait_for_function("b => b.dataset.npLive === '1'", arg=box.element_handle(), timeout=20_000)
        selects = [box.locator(f".vega-embed .vega-bindings select[name='{m}']").first for m in menus]
        options = [s.locator("option").evaluate_all("os => os.map(o => o.value)") for s in selects]
        problems, states = [], 0
        for values in itertools.product(*options):
            for select, value in zip(selects, values, strict=True):
                select.select_option(value)
            box.evaluate("b => b.npView.runAsync().then(() => true)")  # when Vega has drawn the change
            problems += [f"{dict(zip(menus, values, strict=True))}: {p}" for p in box.evaluate(CROSSINGS)]
            states += 1
        assert states >= 2
        assert not problems, f"{len(problems)} crossings at {size['width']} px:\n" + "\n".join(problems[:20])
        assert not watch.errors, watch.errors
    finally:
        watch.close()
