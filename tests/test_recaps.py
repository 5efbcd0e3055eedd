"""A chapter can be read in sittings (issue 16, item 6): every long section of a chapter ends with
a short recap, drawn as the same admonition everywhere.

A section is a level-2 heading of a chapter notebook and everything up to the next one; it is
long when its own markdown text (the words a reader reads: citations, labels and directive lines
left out, recaps themselves not counted) has more than ``LONG_SECTION_WORDS`` words, about
4 minutes of reading. Its last cell must then be a markdown cell holding only a recap: the
``Recap`` admonition with the class ``np-recap`` and 2 to 4 short bullet points.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import ROOT

LONG_SECTION_WORDS = 800
MAX_BULLET_WORDS = 45
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]-*.ipynb"))
RECAP = re.compile(r"\A```\{admonition\} Recap\n:class: note np-recap\n\n?((?:- .+\n)+)```\Z")
HEADING = re.compile(r"^##\s+(.+)$", re.M)


def reading_words(markdown: str) -> int:
    """The words a reader reads in ``markdown``: citations, cross-reference labels, fences and
    directive options are not read; a role such as {term}`wind-up` reads as its text."""
    text = re.sub(r"\{cite(?::[a-z]+)?\}`[^`]*`", " ", markdown)
    text = re.sub(r"^\(.+\)=\s*$", " ", text, flags=re.M)
    text = re.sub(r"^(?:```+|~~~+).*$|^:[a-z-]+:.*$", " ", text, flags=re.M)
    text = re.sub(r"\{[a-z:]+\}`([^`<]*)(?:<[^>]*>)?`", r"\1", text)
    return len(re.findall(r"\w+", text))


def is_recap(cell) -> bool:
    return cell.cell_type == "markdown" and bool(RECAP.match(cell.source.strip()))


def sections(path) -> list[dict]:
    """The level-2 sections of a notebook: title, reading words and cells, in order.

    A heading starts a section wherever it stands in a markdown cell; text before it in the
    same cell belongs to the section before.
    """
    nb = nbformat.read(path, as_version=4)
    found: list[dict] = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if found:
                found[-1]["cells"].append(cell)
            continue
        parts = HEADING.split(cell.source)
        # parts: text before the first heading, then (title, text after it) pairs
        # A cross-reference label just above a heading belongs to it, not to the section before.
        if found and (len(parts) == 1 or re.sub(r"^\(.+\)=\s*$", "", parts[0], flags=re.M).strip()):
            found[-1]["cells"].append(cell)
            if not is_recap(cell):
                found[-1]["words"] += reading_words(parts[0])
        for title, text in zip(parts[1::2], parts[2::2], strict=True):
            found.append({"title": title.strip(), "words": reading_words(text), "cells": [cell]})
    return found


def test_chapters_found():
    assert len(CHAPTERS) >= 11, CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_long_section_ends_with_a_recap(path):
    missing = [f"{s['title']!r} ({s['words']} words)" for s in sections(path)
               if s["words"] > LONG_SECTION_WORDS and not is_recap(s["cells"][-1])]
    assert not missing, f"{path.name}: long sections without a closing recap: {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_recaps_are_short_and_alike(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "{admonition} Recap" in cell.source:
            m = RECAP.match(cell.source.strip())
            assert m, f"{path.name} cell {cell.id}: a recap is the admonition alone, class 'note np-recap'"
            bullets = m.group(1).strip().splitlines()
            assert 2 <= len(bullets) <= 4, f"{path.name} cell {cell.id}: {len(bullets)} bullet points, not 2-4"
            long = [b[:40] for b in bullets if reading_words(b) > MAX_BULLET_WORDS]
            assert not long, f"{path.name} cell {cell.id}: bullet points over {MAX_BULLET_WORDS} words: {long}"


def test_recap_check_fails_on_a_long_section_without_one(tmp_path):
    """The check itself: a long section with no recap, or with one that is not its last cell."""
    long_text = "## A long section\n\n" + "word " * (LONG_SECTION_WORDS + 1)
    recap = "```{admonition} Recap\n:class: note np-recap\n- one point\n- another point\n```"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(long_text), nbformat.v4.new_code_cell("1"),
                nbformat.v4.new_markdown_cell("## Next\n\nshort")]
    bad = tmp_path / "bad.ipynb"
    nbformat.write(nb, bad)
    with pytest.raises(AssertionError, match="A long section"):
        test_every_long_section_ends_with_a_recap(bad)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(recap))  # recap before the code cell: not last
    nbformat.write(nb, bad)
    with pytest.raises(AssertionError, match="A long section"):
        test_every_long_section_ends_with_a_recap(bad)
    nb.cells.insert(3, nbformat.v4.new_markdown_cell(recap))  # now the section's last cell
    nbformat.write(nb, bad)
    test_every_long_section_ends_with_a_recap(bad)
    # Citations are not read: the same section padded with citations stays short.
    cited = "## Cited\n\n" + "word {cite:p}`a2020,b2021,c2022` " * (LONG_SECTION_WORDS // 2)
    assert sections_words(cited) <= LONG_SECTION_WORDS


def sections_words(markdown: str) -> int:
    return reading_words(HEADING.split(markdown)[2])
