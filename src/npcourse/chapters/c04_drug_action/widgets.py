"""Chapter 4 live demonstration: choose a drug class, see how it acts, its evidence and its place.

Everything shown is rendered from ``drugs.yml``. In the built book,
:func:`show_drug_explorer` shows one pre-rendered class (the SNRIs) instead (via
:func:`npcourse.ui.live.show`).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML

from npcourse.chapters.c04_drug_action.figures import SITE_BOXES, SITE_LABELS, cite_keys, line_style, menu_label
from npcourse.models import drugs
from npcourse.ui import live

__all__ = [
    "STATIC_EXAMPLE", "drug_classes", "members", "sites_strip", "render_drug", "render_class",
    "drug_explorer", "explorer_static", "show_drug_explorer"
]

STATIC_EXAMPLE = "duloxetine"  # the static page shows this drug's class (the SNRIs)


def drug_classes() -> list[str]:
    """The distinct ``drug_class`` values, in file order."""
    return list(dict.fromkeys(r["drug_class"] for r in drugs.records()))


def members(drug_class: str) -> list[dict]:
    """The records of one class; a ValueError lists the classes otherwise."""
    classes = drug_classes()
    if drug_class not in classes:
        raise ValueError(f"drug_class must be one of {', '.join(map(repr, classes))}; "
                         f"got {drug_class!r}")
    return [r for r in drugs.records() if r["drug_class"] == drug_class]


def _effect(e: dict | None) -> str:
    if not e:
        return "not estimable (no estimate in the data)"
    ci = ("" if e.get("ci_low") is None or e.get("ci_high") is None
          else f" (95% CI {e['ci_low']:g} to {e['ci_high']:g})")
    return f"{e['estimate']:g}{ci}; {html.escape(e['outcome'])} [{cite_keys(e['sources'])}]"


def sites_strip(record: dict) -> str:
    """A mini version of the site map: every site, the drug's ones marked ★ and bold."""
    cells = []
    for slug in SITE_BOXES:
        acts = slug in record["sites"]
        label = html.escape(SITE_LABELS[slug])
        style = ("background:#D55E00;color:#111;font-weight:bold;border:3px solid #111"
                 if acts else "background:#f0f0f0;color:#444;border:1px dashed #767676")
        cells.append(f'<span style="{style};padding:2px 6px;margin:2px;display:inline-block">'
                     f"{'★ ' if acts else ''}{label}</span>")
    return "".join(cells)


def render_drug(record: dict) -> str:
    """One drug record as an HTML panel."""
    lines = "".join(
        f"<li>{label}: {html.escape(line_style(record['guideline_lines'][g])[0])}</li>"
        for g, label in drugs.GUIDELINES.items())
    common = ", ".join(record["adverse_effects"]["common"]) or "not listed in the data file"
    return (
        f"<h4>{html.escape(menu_label(record))}</h4>"
        f"<p><strong>Mechanism.</strong> {html.escape(record['mechanism'])}</p>"
        f"<p><strong>Target.</strong> {html.escape(record['target'])}</p>"
        f'<p><strong>Sites.</strong></p><div aria-label="Sites of action">{sites_strip(record)}'
        "</div>"
        f"<p><strong>NNT.</strong> {_effect(record.get('nnt'))}<br>"
        f"<strong>NNH.</strong> {_effect(record.get('nnh'))}</p>"
        f"<p><strong>Lines of therapy.</strong></p><ul>{lines}</ul>"
        f"<p><strong>Common adverse effects.</strong> {html.escape(common)}</p>"
    )


def render_class(drug_class: str) -> str:
    """Every drug of one class, as HTML."""
    body = "".join(render_drug(r) for r in members(drug_class))
    return (f"<div><h3>{html.escape(drug_class)}</h3>{body}"
            "<p><em>For learning only — check your local formulary.</em></p></div>")


def drug_explorer() -> widgets.VBox:
    """A drop-down of drug classes; the panel shows mechanism, target, sites, evidence, lines."""
    classes = drug_classes()
    start = drugs.drug(STATIC_EXAMPLE)["drug_class"]
    menu = widgets.Dropdown(options=classes, value=start, description="Drug class",
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width="560px"))
    out = widgets.HTML(render_class(menu.value))

    def update(_change=None):
        out.value = render_class(menu.value)

    menu.observe(update, names="value")
    return widgets.VBox([widgets.HTML("<strong>Drug explorer (data: the course's drug file)"
                                      "</strong>"), menu, out])


def explorer_static() -> HTML:
    """The book's rendering: the SNRI class, pre-rendered."""
    return HTML(render_class(drugs.drug(STATIC_EXAMPLE)["drug_class"]))


def show_drug_explorer() -> None:
    """Live drop-down in class; the SNRI example in the built book."""
    live.show(drug_explorer, explorer_static)
