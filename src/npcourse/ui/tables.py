"""HTML tables rendered from the course's facts (so nothing is typed twice)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from IPython.display import HTML

__all__ = ["html_table", "html_details"]


def html_table(
    rows: Sequence[Sequence[str]],
    header: Sequence[str],
    *,
    caption: str,
    row_headers: bool = True,
    cards: bool | None = None,
) -> HTML:
    """An accessible HTML table: a caption, column headers and (optionally) row headers.

    Cells are escaped text. ``rows`` must each have as many cells as ``header``.

    Tables fit their column: on a phone every table is drawn as a stack of cards (one per
    row, each cell under its column's name, from ``data-label``); with ``cards`` true it is
    drawn so at every width. By default ``cards`` is true from 5 columns on when the cells
    hold sentences (over 40 characters on average), a wall no desktop column of about 700 px
    can show. The markup stays a table (caption, scoped headers).
    """
    if not caption.strip():
        raise ValueError("caption must be non-empty text")
    width = len(header)
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"rows[{i}] has {len(row)} cells; header has {width}")
    if cards is not None and not isinstance(cards, bool):
        raise TypeError(f"cards must be True, False or None, got {cards!r}")
    esc = lambda s: html.escape(str(s))  # noqa: E731
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = []
    for row in rows:
        first, rest = row[0], row[1:]
        cell0 = (f'<th scope="row">{esc(first)}</th>' if row_headers
                 else f'<td data-label="{esc(header[0])}">{esc(first)}</td>')
        body.append('<tr>' + cell0 + "".join(
            f'<td data-label="{esc(h)}">{esc(c)}</td>'
            for h, c in zip(header[1:], rest, strict=True)) + "</tr>")
    if cards is None:  # a wall: many columns of sentences (short values fit five columns)
        cells = [str(c) for row in rows for c in row[1:]]
        cards = width >= 5 and bool(cells) and sum(map(len, cells)) / len(cells) > 40
    kind = "np-table np-table--cards" if cards else "np-table"
    # The wrapper scrolls sideways if a word is still too long; tabindex and a label let
    # keyboard users scroll it too (WCAG 2.1.1).
    return HTML(
        f'<div class="np-table-wrap" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="{kind}">'
        f'<caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def html_details(
    entries: Sequence[tuple[str, Sequence[tuple[str, str, bool]]]],
    *,
    label: str,
) -> HTML:
    """Boxes that open one at a time: each a summary line and a list of (term, text, muted).

    For facts too long for table cells. Muted texts (e.g. "Not verified ...") are greyed and
    italic, never hidden. Text is escaped.
    """
    if not label.strip():
        raise ValueError("label must be non-empty text")
    if not entries:
        raise ValueError("entries must not be empty")
    esc = lambda s: html.escape(str(s))  # noqa: E731
    muted_class = ' class="np-muted"'
    boxes = []
    for i, (summary, items) in enumerate(entries):
        if not summary.strip() or not items:
            raise ValueError(f"entries[{i}] needs a summary and at least one item")
        terms = "".join(f"<dt>{esc(term)}</dt><dd{muted_class if muted else ''}>{esc(text)}</dd>"
                        for term, text, muted in items)
        boxes.append(f'<details class="np-details"><summary>{esc(summary)}</summary><dl>{terms}</dl></details>')
    return HTML(f'<div class="np-details-list" role="region" aria-label="{esc(label)}">'
                f'<p class="np-details-label">{esc(label)}</p>{"".join(boxes)}</div>')
