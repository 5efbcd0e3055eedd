"""Charts on a phone (issue 17): a build-time picture first, Vega only when a chart is reached.

npcourse.ui.charts.static_html puts each chart's first state in the page as SVG (drawn at build
time by vl-convert) with stand-ins for its controls; book/_static/course.js loads Vega once, when
a chart comes near the screen, and swaps the live chart in. These tests check that

- the picture is the live chart's first state: the same marks (each Vega mark group with the
  same number of items) and the same texts (titles, axis labels, annotations);
- the swap moves (almost) nothing: the chart's box is as tall live as it was as a picture,
  within a few pixels of font metrics;
- a phone that opens a page and does not scroll loads no Vega at all, and reaching a chart far
  below the fold loads each of the three libraries exactly once.
"""

from __future__ import annotations

import re

import pytest

from .conftest import PageWatch, site_pages

PHONE = {"width": 390, "height": 844}
# What a chart's SVG shows: its mark groups in order, each with its item count, and its texts.
SIGNATURE = """svg => ({
  marks: Array.from(svg.querySelectorAll('g[class^="mark-"]'))
    .map(g => g.getAttribute('class') + ' x' + g.children.length),
  texts: Array.from(svg.querySelectorAll('text')).map(t => t.textContent.trim()).filter(Boolean),
})"""
VEGA_SCRIPT = re.compile(r"/(vega|vega-lite|vega-embed)(\.min\.js|@[\w.]+)")


# vl-convert measures text with its own font engine: a label Vega cuts to fit ("…") may be cut
# one character earlier or later, and a chart sized by its text may differ by a few pixels.
# Larger differences (a missing control row is 30 px, Vega's empty control form 8 px) fail.
HEIGHT_TOLERANCE = 7


def same_texts(picture: list[str], live: list[str]) -> bool:
    def same(a: str, b: str) -> bool:
        if a == b:
            return True
        if a.endswith("…") and b.endswith("…"):
            a, b = a[:-1].rstrip(), b[:-1].rstrip()
            return a.startswith(b) or b.startswith(a)
        return False

    return len(picture) == len(live) and all(same(a, b) for a, b in zip(picture, live, strict=True))


def chart_pages(root) -> list[str]:
    return [p for p in site_pages(root) if "data-np-chart" in (root / p).read_text(encoding="utf-8")]


# Each figure's shown picture (its signature), which layout it is, whether the chart has a phone
# layout, and the box's height.
PICTURES = """figs => figs.map(f => {
  const pic = Array.from(f.querySelectorAll('.np-chart-picture')).find(p => p.offsetParent !== null);
  // The picture is an image of an SVG data URL (npcourse.ui.charts.picture_html): read its SVG.
  const img = pic && pic.querySelector('img[src^="data:image/svg+xml,"]');
  const svg = img && new DOMParser().parseFromString(
    decodeURIComponent(img.getAttribute('src').slice('data:image/svg+xml,'.length)), 'image/svg+xml').documentElement;
  return {sig: svg ? (SIGNATURE)(svg) : null,
          shown: pic && pic.classList.contains('np-chart-narrow') ? 'narrow' : 'wide',
          phone: !!f.querySelector('.np-chart-narrow'),
          height: f.querySelector('[data-np-chart]').getBoundingClientRect().height};
})"""
# A phone and a desktop: the book carries a picture and a spec for each layout of a chart
# (npcourse.ui.charts.fit_narrow) and must show the same one in both.
WIDTHS = [PHONE, {"width": 1280, "height": 900}]


@pytest.mark.parametrize("size", WIDTHS, ids=[str(w["width"]) for w in WIDTHS])
def test_the_picture_is_the_live_charts_first_state(browser, offline_site, size):
    pages = chart_pages(offline_site["root"])
    assert len(pages) >= 11, f"expected charts on every chapter page, found them on {pages}"
    problems, compared, narrow = [], 0, 0
    held = []

    def hold(route):
        held.append(route)

    for rel in pages:
        watch = PageWatch(browser, **size)
        try:
            page = watch.page
            # Vega is held back until every picture has been read: on a wide screen charts near
            # the first one go live (and lose their picture) as soon as it is scrolled to.
            held.clear()
            page.route(VEGA_SCRIPT, hold)
            page.goto(f"{offline_site['url']}/{rel}", wait_until="domcontentloaded")
            figures = page.locator("figure.np-chart")
            pictures = figures.evaluate_all(PICTURES.replace("SIGNATURE", SIGNATURE))
            page.unroute(VEGA_SCRIPT)
            for route in held:
                route.continue_()
            for i in range(figures.count()):
                fig = figures.nth(i)
                # The picture the page showed (a chart may carry a desktop and a phone picture).
                static, shown, has_phone, before = (pictures[i][k] for k in ("sig", "shown", "phone", "height"))
                box = fig.locator("[data-np-chart]")
                if static is None:
                    problems.append(f"{rel} chart {i}: no picture shown before Vega loaded")
                    continue
                fig.scroll_into_view_if_needed()
                page.wait_for_function("f => f.querySelector('[data-np-chart]').dataset.npLive === '1'",
                                       arg=fig.element_handle(), timeout=20_000)
                live = fig.locator(".vega-embed svg").first.evaluate(SIGNATURE)
                after = box.evaluate("b => b.getBoundingClientRect().height")
                name = f"{rel} chart {i}"
                layout = box.evaluate("b => b.dataset.npLayout")
                if layout != shown:
                    problems.append(f"{name}: the page showed the {shown} picture, then drew the {layout} chart")
                narrow += layout == "narrow"
                # The phone layout where the column is narrower than the desktop picture (np-fit-N).
                fits = box.evaluate("b => { const m = /np-fit-(\\d+)/.exec(b.className);"
                                    " return !m || b.getBoundingClientRect().width >= +m[1]; }")
                if layout != ("narrow" if has_phone and not fits else "wide"):
                    problems.append(f"{name}: drawn in its {layout} layout at {size['width']} px "
                                    f"({'with' if has_phone else 'without'} a phone layout)")
                if not static["marks"]:
                    problems.append(f"{name}: the picture has no marks")
                if static["marks"] != live["marks"]:
                    problems.append(f"{name}: marks differ\n  picture {static['marks']}\n  live    {live['marks']}")
                if not same_texts(static["texts"], live["texts"]):
                    only_p = [t for t in static["texts"] if t not in live["texts"]]
                    only_l = [t for t in live["texts"] if t not in static["texts"]]
                    problems.append(f"{name}: texts differ; only in the picture {only_p[:8]}, only live {only_l[:8]}")
                if abs(after - before) > HEIGHT_TOLERANCE:
                    problems.append(f"{name}: the box was {before:.0f} px tall as a picture, {after:.0f} px live")
                compared += 1
            problems += [f"{rel}: {e}" for e in watch.errors]
        finally:
            watch.close()
    assert compared >= 25, f"only {compared} charts compared"
    # Charts with a phone layout use it on a phone (checked per chart above); none on a desktop.
    if size["width"] < 500:
        assert narrow >= 10, f"only {narrow} of {compared} charts drawn in their phone layout at {size['width']} px"
    else:  # only a chart wider than the desktop column (checked per chart above)
        assert narrow <= 2, f"{narrow} charts drawn in their phone layout at {size['width']} px"
    assert not problems, "\n".join(problems)


def test_vega_loads_only_when_a_chart_is_reached_and_only_once(browser, offline_site):
    watch = PageWatch(browser, **PHONE)
    requests: list[str] = []
    watch.page.on("request", lambda r: VEGA_SCRIPT.search(r.url) and requests.append(r.url))
    try:
        page = watch.page
        page.goto(f"{offline_site['url']}/book/05-using-drugs.html", wait_until="networkidle")
        # course.js observes the charts on load; an observer made after it gets its first report
        # in the same rendering step, after course.js's own: by then any early start has begun.
        page.evaluate("() => new Promise(done => { const io = new IntersectionObserver(() => {"
                      " io.disconnect(); requestAnimationFrame(() => requestAnimationFrame(done)); });"
                      " io.observe(document.body); })")
        page.wait_for_load_state("networkidle")
        last = page.locator("figure.np-chart").last
        top = last.evaluate("f => f.getBoundingClientRect().top")
        assert top > 3 * PHONE["height"], f"the last chart is not far below the fold ({top:.0f} px)"
        assert not requests, f"Vega was fetched before any chart was reached: {requests}"
        assert page.evaluate("typeof window.vegaEmbed") == "undefined"
        assert page.locator("figure.np-chart .vega-embed").count() == 0

        last.scroll_into_view_if_needed()
        page.wait_for_function("f => f.querySelector('[data-np-chart]').dataset.npLive === '1'",
                               arg=last.element_handle(), timeout=20_000)
        page.wait_for_load_state("networkidle")
        libs = sorted(VEGA_SCRIPT.search(u).group(1) for u in requests)
        assert libs == ["vega", "vega-embed", "vega-lite"], f"each library once, got {requests}"
        scripts = page.evaluate("Array.from(document.scripts).map(s => s.src).filter(s => /vega/.test(s))")
        assert len(scripts) == 3, f"Vega script elements on the page: {scripts}"
        # The chart went live with working controls; charts never reached stay pictures.
        assert last.locator(".vega-embed .vega-bind").count() > 0
        assert page.locator("figure.np-chart .np-chart-picture").count() >= 1
        assert not watch.errors, watch.errors
    finally:
        watch.close()


@pytest.mark.parametrize("control", ["select", "input[type=range]"])
def test_touching_a_stand_in_control_brings_the_chart_live_with_its_value(browser, offline_site, control):
    """A reader who reaches a control before Vega has drawn keeps what they chose."""
    watch = PageWatch(browser, **PHONE)
    try:
        page = watch.page
        page.goto(f"{offline_site['url']}/book/05-using-drugs.html", wait_until="networkidle")
        # The last such chart is far below the fold: still a picture until its control is touched.
        box = page.locator(f"[data-np-chart]:has(.vega-bindings {control})").last
        assert box.evaluate("b => b.dataset.npLive || ''") == "", "the chart went live before it was reached"
        stand_in = box.locator(f".vega-bindings {control}").first
        name = stand_in.get_attribute("name")
        if control == "select":
            options = stand_in.locator("option").evaluate_all("os => os.map(o => o.value)")
            current = stand_in.input_value()
            value = next(o for o in options if o != current)
            stand_in.select_option(value)
        else:
            stand_in.focus()
            page.keyboard.press("ArrowRight")
            value = stand_in.input_value()
        page.wait_for_function("b => b.dataset.npLive === '1'", arg=box.element_handle(), timeout=20_000)
        live = box.locator(f".vega-embed [name='{name}']").first
        assert live.input_value() == value, f"{name}: chose {value}, live control shows {live.input_value()}"
        assert not watch.errors, watch.errors
    finally:
        watch.close()


def test_a_chart_is_drawn_again_in_the_layout_that_fits_when_the_column_changes(browser, offline_site):
    """A phone turned (or a window resized) across a chart's width gets the other layout, with the
    values the reader set."""
    watch = PageWatch(browser, width=1280, height=900)
    try:
        page = watch.page
        page.goto(f"{offline_site['url']}/book/05-using-drugs.html", wait_until="networkidle")
        box = page.locator("[data-np-chart][class*='np-fit-']:has(.vega-bindings input[type=range])").first
        box.scroll_into_view_if_needed()
        page.wait_for_function("b => b.dataset.npLive === '1'", arg=box.element_handle(), timeout=20_000)
        assert box.evaluate("b => b.dataset.npLayout") == "wide"
        slider = box.locator(".vega-embed input[type=range]").first
        name = slider.get_attribute("name")
        slider.evaluate("s => { s.value = s.max; s.dispatchEvent(new Event('input', {bubbles: true})); }")
        chosen = slider.input_value()
        wide = box.evaluate("b => b.querySelector('.vega-embed svg').getBoundingClientRect().width")
        page.set_viewport_size(PHONE)
        page.wait_for_function("b => b.dataset.npLayout === 'narrow' && b.dataset.npLive === '1'",
                               arg=box.element_handle(), timeout=20_000)
        assert box.locator(".vega-embed").count() == 1, "the desktop drawing was left behind"
        narrow = box.evaluate("b => b.querySelector('.vega-embed svg').getBoundingClientRect().width")
        assert narrow < 0.8 * wide, f"the phone drawing is {narrow:.0f} px wide, the desktop one {wide:.0f} px"
        assert box.locator(f".vega-embed [name='{name}']").first.input_value() == chosen
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_function("b => b.dataset.npLayout === 'wide'", arg=box.element_handle(), timeout=20_000)
        assert not watch.errors, watch.errors
    finally:
        watch.close()
