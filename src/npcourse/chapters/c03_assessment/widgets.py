"""Chapter 3 live demonstration: move the DN4 cut-off over a SYNTHETIC cohort.

Sensitivity, specificity, PPV and NPV and a small ROC plot update as the cut-off or the
prevalence changes. In the built book, :func:`show_screening_explorer` shows the whole ROC
table of the default cohort instead (via :func:`npcourse.ui.live.show`).
"""

from __future__ import annotations

import functools
import html
import math

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from npcourse.models import screening, synthetic
from npcourse.ui import live, tables

__all__ = [
    "TOTAL_PEOPLE", "DEFAULT_PREVALENCE", "split", "cohort_roc", "caveats", "roc_svg", "render_stats",
    "screening_explorer", "roc_table_static", "show_screening_explorer"
]

TOTAL_PEOPLE = 400
DEFAULT_PREVALENCE = 50  # per cent: 200 with and 200 without, as in provenance/03-models.md


def split(prevalence_percent: float, total: int = TOTAL_PEOPLE) -> tuple[int, int]:
    """(people with, people without) neuropathic pain for a prevalence in per cent."""
    n_with = round(total * prevalence_percent / 100)
    return n_with, total - n_with


@functools.lru_cache(maxsize=32)
def cohort_roc(n_with: int, n_without: int, seed: int = synthetic.DEFAULT_SEED) -> pd.DataFrame:
    df = synthetic.dn4_cohort(n_with, n_without, seed)
    return screening.roc_table(df["dn4_total"], df["neuropathic"])


def _fmt(x: float) -> str:
    return "undefined" if isinstance(x, float) and math.isnan(x) else f"{x:.2f}"


def caveats() -> str:
    """What the synthetic cohort leaves out, with published figures from other settings."""
    parts = []
    for o in screening.tool(screening.DN4).get("other_accuracy", []):
        if o.get("sensitivity") is not None and o.get("specificity") is not None:
            figs = f"sensitivity {o['sensitivity']:.2f} and specificity {o['specificity']:.2f}"
        elif o.get("sensitivity_lowest") is not None:
            figs = (f"sensitivity from {o['sensitivity_lowest']:.2f} to "
                    f"{o['sensitivity_highest']:.2f} depending on the syndrome")
        else:
            continue
        parts.append(f"{figs} ({o['setting']}; {screening.cite(o['source'])})")
    return ("In this model every item is answered independently; real answers are correlated, "
            "and real accuracy differs between conditions and settings: " + "; ".join(parts) + ".")


def roc_svg(table: pd.DataFrame, current: int, size: int = 240) -> str:
    """A small accessible ROC plot (1 − specificity against sensitivity) as inline SVG."""
    pad, inner = 40, size - 50

    def xy(fpr, tpr):
        return pad + fpr * inner, 10 + (1 - tpr) * inner

    pts = sorted((1 - r.specificity, r.sensitivity, int(r.cutoff)) for r in table.itertuples())
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                    [xy(0, 0), *(xy(f, t) for f, t, _ in pts), xy(1, 1)])
    marks = []
    for f, t, c in pts:
        x, y = xy(f, t)
        if c == current:
            marks.append(f'<path d="M{x:.1f},{y - 9:.1f} L{x + 9:.1f},{y:.1f} L{x:.1f},{y + 9:.1f} '
                         f'L{x - 9:.1f},{y:.1f} Z" fill="#D55E00" stroke="#111"/>'
                         f'<text x="{x + 11:.1f}" y="{y + 16:.1f}" font-size="12" font-weight="bold">'
                         f"cut-off ≥ {c}</text>")
        else:
            marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#0072B2"/>')
    row = table[table["cutoff"] == current].iloc[0]
    label = (f"ROC curve of the synthetic cohort: the current cut-off {current} has sensitivity "
             f"{row.sensitivity:.2f} and 1 minus specificity {1 - row.specificity:.2f}.")
    x0, y0 = xy(0, 0)
    x1, y1 = xy(1, 1)
    return (
        f'<svg role="img" aria-label="{html.escape(label)}" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg" '
        'style="font-family:sans-serif;color:#111">'
        f"<title>{html.escape(label)}</title>"
        f'<rect x="{x0}" y="{y1}" width="{inner}" height="{inner}" fill="none" stroke="#767676"/>'
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="#767676" stroke-dasharray="4 3"/>'
        f'<polyline points="{path}" fill="none" stroke="#0072B2" stroke-width="2"/>'
        + "".join(marks) +
        f'<text x="{pad + inner / 2}" y="{size - 6}" font-size="12" text-anchor="middle">'
        "1 − specificity</text>"
        f'<text x="12" y="{10 + inner / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {10 + inner / 2})">sensitivity</text>'
        f'<text x="{x0 - 4}" y="{y0 + 12}" font-size="10" text-anchor="end">0</text>'
        f'<text x="{x1}" y="{y0 + 12}" font-size="10" text-anchor="end">1</text>'
        f'<text x="{x0 - 4}" y="{y1 + 8}" font-size="10" text-anchor="end">1</text>'
        "</svg>"
    )


def render_stats(table: pd.DataFrame, cutoff: int, n_with: int, n_without: int) -> str:
    """The 2 × 2 table and the four measures at one cut-off, as HTML."""
    r = table[table["cutoff"] == cutoff].iloc[0]
    cell = 'style="border:1px solid #999;padding:2px 8px;text-align:right"'
    return (
        f"<p><strong>{html.escape(synthetic.SYNTHETIC_LABEL)}</strong>: {n_with} with and "
        f"{n_without} without neuropathic pain. Positive screen: DN4 ≥ {cutoff}.</p>"
        '<table style="border-collapse:collapse"><caption>Screen against the reference standard'
        f"</caption><tr><td></td><th {cell} scope='col'>Neuropathic pain</th>"
        f"<th {cell} scope='col'>No neuropathic pain</th></tr>"
        f"<tr><th {cell} scope='row'>DN4 ≥ {cutoff}</th><td {cell}>{int(r.tp)} (TP)</td>"
        f"<td {cell}>{int(r.fp)} (FP)</td></tr>"
        f"<tr><th {cell} scope='row'>DN4 &lt; {cutoff}</th><td {cell}>{int(r.fn)} (FN)</td>"
        f"<td {cell}>{int(r.tn)} (TN)</td></tr></table>"
        f"<p>Sensitivity {_fmt(r.sensitivity)} · specificity {_fmt(r.specificity)} · "
        f"PPV {_fmt(r.ppv)} · NPV {_fmt(r.npv)}</p>"
    )


def screening_explorer(seed: int = synthetic.DEFAULT_SEED) -> widgets.VBox:
    """Sliders for the DN4 cut-off and the prevalence; the statistics and ROC plot follow."""
    top = int(screening.scorable(screening.DN4)["max_score"])
    style = {"description_width": "initial"}
    cut = widgets.IntSlider(value=int(screening.cutoff()), min=1, max=top, step=1,
                            description="DN4 cut-off (positive if total ≥)", style=style,
                            layout=widgets.Layout(width="420px"))
    prevalence = widgets.IntSlider(value=DEFAULT_PREVALENCE, min=5, max=95, step=5,
                                   description="People with neuropathic pain (%)", style=style,
                                   layout=widgets.Layout(width="420px"))
    stats, roc = widgets.HTML(), widgets.HTML()

    def update(_change=None):
        n_with, n_without = split(prevalence.value)
        table = cohort_roc(n_with, n_without, seed)
        stats.value = render_stats(table, cut.value, n_with, n_without)
        roc.value = roc_svg(table, cut.value)

    update()
    cut.observe(update, names="value")
    prevalence.observe(update, names="value")
    note = widgets.HTML(f"<p><em>{html.escape(caveats())}</em></p>")
    return widgets.VBox([widgets.HTML("<strong>DN4 screening explorer (synthetic cohort)"
                                      "</strong>"),
                         cut, prevalence, widgets.HBox([stats, roc]), note])


def roc_table_static(seed: int = synthetic.DEFAULT_SEED) -> HTML:
    """Every cut-off of the default cohort as a table, with the ROC plot (the book's rendering)."""
    n_with, n_without = split(DEFAULT_PREVALENCE)
    table = cohort_roc(n_with, n_without, seed)
    rows = [[f"≥ {int(r.cutoff)}", _fmt(r.sensitivity), _fmt(r.specificity), _fmt(r.ppv),
             _fmt(r.npv)] for r in table.itertuples()]
    t = tables.html_table(rows, ["DN4 cut-off", "Sensitivity", "Specificity", "PPV", "NPV"],
                          caption=f"{synthetic.SYNTHETIC_LABEL}: {n_with} with and {n_without} "
                                  "without neuropathic pain, every cut-off")
    return HTML(t.data + roc_svg(table, int(screening.cutoff()))
                + f"<p><em>{html.escape(caveats())}</em></p>")


def show_screening_explorer() -> None:
    """Live sliders in class; the table of every cut-off in the built book."""
    live.show(screening_explorer, roc_table_static)
