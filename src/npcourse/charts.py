"""Shared Altair set-up for every chapter's charts.

Charts are rendered as HTML that draws itself with vega-embed in the reader's browser, so
sliders and dropdowns bound to chart parameters work in the static book without a kernel.
"""

from __future__ import annotations

import os

import altair as alt

# Colour-blind-safe categorical palette (after Okabe & Ito), darkened where needed so that
# every colour has at least 3:1 contrast against the white page (WCAG 1.4.11). Charts also
# use shape or position, never colour alone.
PALETTE = ["#0072B2", "#D55E00", "#007A5A", "#A6508A", "#8C6D00", "#333333", "#5D4A9C"]
HIGHLIGHT = "#D55E00"
MUTED = "#767676"  # 4.5:1 on white

# Offline builds point vega-embed at copies served from the book's own _static folder.
VENDOR_URL_ENV = "NPCOURSE_VENDOR_URL"


def enable_renderer() -> None:
    """Render charts as self-contained HTML (SVG output, which carries ARIA labels)."""
    options = {"embed_options": {"renderer": "svg", "actions": False}}
    base_url = os.environ.get(VENDOR_URL_ENV)
    if base_url:
        options["base_url"] = base_url
    alt.renderers.enable("html", **options)


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
