"""Shared Altair set-up for every chapter's charts.

Charts are rendered as HTML that draws itself with vega-embed in the reader's browser, so
sliders and dropdowns bound to chart parameters work in the static book without a kernel.
"""

from __future__ import annotations

import html

import altair as alt
from altair.vegalite.v6.display import html_renderer

# Colour-blind-safe categorical palette (after Okabe & Ito), darkened where needed so that
# every colour has at least 3:1 contrast against the white page (WCAG 1.4.11). Charts also
# use shape or position, never colour alone.
PALETTE = ["#0072B2", "#D55E00", "#007A5A", "#A6508A", "#8C6D00", "#333333", "#5D4A9C"]
HIGHLIGHT = "#D55E00"
MUTED = "#767676"  # 4.5:1 on white


def accessible_html(spec: dict, **metadata) -> dict[str, str]:
    """Altair's HTML output inside a <figure> named by the chart's title and description.

    Vega draws the marks with ARIA roles but does not expose the chart's description, so a
    screen-reader user would hear marks without knowing what the chart shows.
    """
    bundle = html_renderer(spec, **metadata)
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    description = spec.get("description", "")
    caption = html.escape(f"{title}. {description}".strip(". "))
    bundle["text/html"] = (
        f'<figure class="np-chart" role="figure" aria-label="{caption}">'
        f'<figcaption class="np-visually-hidden">{caption}</figcaption>'
        f'{bundle["text/html"]}</figure>'
    )
    return bundle


def enable_renderer() -> None:
    """Render charts as self-contained HTML (SVG output, which carries ARIA labels)."""
    # The offline build rewrites the CDN URLs in this HTML afterwards (npcourse.sphinxext).
    options = {"embed_options": {"renderer": "svg", "actions": False}}
    alt.renderers.register("npcourse", accessible_html)
    alt.renderers.enable("npcourse", **options)


def finish(chart: alt.TopLevelMixin, *, title: str, description: str, width: int | None = None):
    """Give a chart its title, screen-reader description and the course's look.

    Every chart in the course goes through here, so none lacks a title or a description.
    """
    if not title.strip() or not description.strip():
        raise ValueError("title and description must both be non-empty text")
    props = {"title": title, "description": description}
    if width is not None:
        props["width"] = width
    return (
        chart.properties(**props)
        .configure_range(category=PALETTE)
        .configure_axis(labelFontSize=12, titleFontSize=13, labelColor="#222", titleColor="#222")
        .configure_legend(labelFontSize=12, titleFontSize=13)
        .configure_title(fontSize=15, anchor="start", color="#111")
        .configure_view(strokeWidth=0)
    )


enable_renderer()
