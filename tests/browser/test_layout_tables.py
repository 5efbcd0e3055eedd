"""Every table on every chapter page fits its column (issue 16, item 3). Offline build, Chromium.

At 1280 px a table (with its caption) must lie inside the article's text column and no cell may
be wider than its own box. At 390 px no table may scroll sideways at all: the course's tables
(``npcourse.ui.tables.html_table``) and the Markdown tables of the chapters become a stack of
cards, one per row, each cell under its column's name. That was chosen over a scrolling table
in a labelled box because on a 342 px column a scrolled table shows one or two of its columns at
a time, so a reader can never see a row whole; a card shows the whole row.

Pages are discovered from the built site, so a new chapter is covered without editing this file.
"""

from __future__ import annotations

import pytest

from .conftest import PageWatch

# Each table in the article: where it lies against the article's text column, whether it is
# drawn as cards (its rows are blocks) and, if not, its narrowest column and any cell whose
# content is wider than the cell.
TABLE_FIT = """
() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const a = article.getBoundingClientRect(), cs = getComputedStyle(article);
  const left = a.left + parseFloat(cs.paddingLeft), right = a.right - parseFloat(cs.paddingRight);
  return Array.from(article.querySelectorAll('table')).map((t, i) => {
    const r = t.getBoundingClientRect();
    const name = (t.caption ? t.caption.textContent
                  : (t.querySelector('th, td') || {textContent: ''}).textContent).trim().slice(0, 50);
    const rows = Array.from(t.querySelectorAll('tbody tr'));
    const cards = rows.length > 0 && rows.every(tr => getComputedStyle(tr).display === 'block');
    const unlabelled = cards ? Array.from(t.querySelectorAll("tbody td:not(:first-child)"))
      .filter(td => !td.getAttribute('data-label')).length : 0;
    const first = rows[0] ? Array.from(rows[0].children) : [];
    const narrowest = first.length ? Math.round(Math.min(...first.map(c => c.getBoundingClientRect().width))) : 0;
    // Column headers of a card table are hidden visually (kept for screen readers): skip them.
    const seen = c => c.getBoundingClientRect().width > 1
      && !(c.closest('thead') && c.closest('thead').getBoundingClientRect().width <= 1);
    const spill = Array.from(t.querySelectorAll('th, td'))
      .filter(c => seen(c) && c.scrollWidth > c.clientWidth + 1)
      .map(c => c.textContent.trim().slice(0, 30));
    return {index: i, name, width: Math.round(r.width), column: Math.round(right - left),
            overflow: Math.round(Math.max(r.right - right, left - r.left)),
            cards, unlabelled, columns: first.length, narrowest, spill: spill.slice(0, 3)};
  });
}
"""

# The narrowest a column of a table that is not drawn as cards may be on a phone: about ten
# characters of the table's text; narrower, sentences break after every word or two.
MIN_PHONE_COLUMN = 90


def table_problems(tables: list[dict], width: int) -> list[str]:
    problems = []
    for t in tables:
        where = f"table {t['index']} ({t['name']!r})"
        if t["overflow"] > 1:
            problems.append(f"{where} is {t['width']} px in a {t['column']} px column")
        if t["spill"]:
            problems.append(f"{where} has cells whose text is wider than the cell: {t['spill']}")
        if width < 640:
            if t["cards"] and t["unlabelled"]:
                problems.append(f"{where} is drawn as cards but {t['unlabelled']} cells lack their column's name")
            if not t["cards"] and t["columns"] > 1 and t["narrowest"] < MIN_PHONE_COLUMN:
                problems.append(f"{where} squeezes a column to {t['narrowest']} px instead of stacking as cards")
    return problems


def is_chapter(rel: str) -> bool:
    """A chapter page (book/NN-slug.html): the pages whose tables and diagrams are checked."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "book" and parts[1][:2].isdigit() and parts[1][2] == "-"


# Every chapter's tables are measured during the page walk's visits (tests/browser/test_pages.py:
# test_every_table_fits_its_column[1280|390], with TABLE_FIT and table_problems above), which open
# the same pages at the same widths.


# A plain table the way a Markdown table is built (pydata's scrolling container around it):
# ten columns of long sentences, far wider than any column.
TOO_WIDE = """
() => {
  const box = document.createElement('div');
  box.className = 'pst-scrollable-table-container';
  const cell = 'Supercalifragilisticexpialidocious-neuropathic-descriptor and more words';
  box.innerHTML = '<table class="table" id="np-too-wide"><thead><tr>' + '<th>Column</th>'.repeat(10)
    + '</tr></thead><tbody><tr>' + ('<td>' + cell + '</td>').repeat(10) + '</tr></tbody></table>';
  document.querySelector('article.bd-article').appendChild(box);
}
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_table_check_fails_on_a_table_too_wide_for_its_column(offline_site, browser, width):
    """The measurement itself: a deliberately too-wide table added to a chapter is reported."""
    w = PageWatch(browser, width=width, height=900)
    try:
        w.goto(f"{offline_site['url']}/book/02-pain-pathways.html")
        before = table_problems(w.page.evaluate(TABLE_FIT), width)
        w.page.evaluate(TOO_WIDE)
        after = table_problems(w.page.evaluate(TABLE_FIT), width)
        new = [p for p in after if p not in before]
        assert new and all("'Column'" in p for p in new), (before, after)
        assert any("px in a" in p for p in new), new
    finally:
        w.close()
