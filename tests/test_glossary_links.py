"""Built chapter pages link each glossary term once, at its first use (see npcourse_book.termlinks)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from npcourse.facts import data

from .conftest import chapter_stems

TERM_HREF = re.compile(r"glossary\.html#(term-[^\"']+)")
# Exactly what the {term} role renders.
ROLE_MARKUP = re.compile(r'<a class="reference internal" href="glossary\.html#term-[^"]+">'
                         r'<span class="xref std std-term">[^<]+</span></a>')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "figcaption", "script", "style", "a",
             "math", "svg"}
SKIP_CLASSES = {"cell_output", "admonition-title", "caption", "headerlink", "math"}


class Prose(HTMLParser):
    """The article's text in reading order as (text, term id of the link it is in, linkable)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.pieces: list[tuple[str, str | None, bool]] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "bd-article" in (attrs.get("class") or ""):
            self.in_article += 1
        if tag in VOID:
            return
        term, ok = (self.stack[-1][1:] if self.stack else (None, True))
        href = TERM_HREF.search(attrs.get("href") or "") if tag == "a" else None
        if href:
            term = href.group(1)
        elif tag in SKIP_TAGS or SKIP_CLASSES & set((attrs.get("class") or "").split()):
            ok = False
        self.stack.append((tag, term, ok))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "article" and self.in_article:
            self.in_article -= 1

    def handle_data(self, text):
        if self.in_article and self.stack:
            _, term, ok = self.stack[-1]
            self.pieces.append((text, term, ok))


def prose(html: str) -> list[tuple[str, str | None, bool]]:
    parser = Prose()
    parser.feed(html)
    return parser.pieces


def page(built_book, name: str) -> str:
    return (built_book["html"] / f"{name}.html").read_text(encoding="utf-8")


def test_prose_parser_marks_links_headings_and_outputs():
    html = ('<nav>allodynia</nav><article class="bd-article"><h2>Allodynia</h2><p>Plain '
            '<a class="reference internal" href="glossary.html#term-allodynia"><span>allodynia</span></a>'
            '<br> and <code>allodynia</code></p><div class="cell_output"><p>allodynia</p></div></article>')
    assert prose(html) == [("Allodynia", None, False), ("Plain ", None, True),
                           ("allodynia", "term-allodynia", True), (" and ", None, True),
                           ("allodynia", None, False), ("allodynia", None, False)]


def test_a_chapter_1_term_is_linked_once_at_its_first_use(built_book):
    html = page(built_book, "book/01-pain-types")
    assert html.count("glossary.html#term-allodynia") == 1
    word = re.compile(r"(?<![\w-])allodynia", re.I)
    first = next((term, ok) for text, term, ok in prose(html) if word.search(text) and (ok or term))
    assert first == ("term-allodynia", True), "the first use of 'allodynia' is not the link"
    assert 'id="term-allodynia"' in page(built_book, "book/glossary"), "link target missing"


@pytest.mark.parametrize("stem", chapter_stems())
def test_each_term_is_linked_at_most_once_to_an_existing_entry(built_book, stem):
    html = page(built_book, f"book/{stem}")
    glossary = page(built_book, "book/glossary")
    targets = TERM_HREF.findall(html)
    assert targets, f"{stem}: no glossary links"
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    assert not repeated, f"{stem}: linked more than once: {repeated}"
    missing = [t for t in targets if f'id="{t}"' not in glossary]
    assert not missing, f"{stem}: links to missing glossary entries: {missing}"
    # Added links look exactly like the ones the {term} role writes.
    assert len(ROLE_MARKUP.findall(html)) == len(targets)


def plain_name(name: str) -> str:
    """A term as typed in the data: HTML entities decoded, typographic apostrophes straightened."""
    return html.unescape(name).strip().replace("\u2019", "'")


@pytest.mark.parametrize("stem", chapter_stems())
def test_terms_introduced_by_a_chapter_are_linked_in_it(built_book, stem):
    html = page(built_book, f"book/{stem}")
    text = " ".join(t for t, term, ok in prose(html) if ok or term)
    linked = set(TERM_HREF.findall(html))
    ids = dict(re.findall(r'<dt id="(term-[^"]+)">(.*?)<', page(built_book, "book/glossary")))
    by_name = {plain_name(name): tid for tid, name in ids.items()}
    for t in data.records("glossary", "terms"):
        if t["chapter"] == stem and t.get("autolink", True) and re.search(
                rf"(?<![\w-]){re.escape(t['term'])}(?:e?s)?(?![\w-])", text, re.I):
            assert by_name.get(plain_name(t["term"])) in linked, f"{stem}: '{t['term']}' is used but not linked"


@pytest.mark.parametrize("stem", chapter_stems())
def test_no_term_is_used_before_its_link(built_book, stem):
    html = page(built_book, f"book/{stem}")
    names = {tid: plain_name(name) for tid, name in re.findall(r'<dt id="(term-[^"]+)">(.*?)<',
                                                               page(built_book, "book/glossary"))}
    pieces = prose(html)
    for tid in set(TERM_HREF.findall(html)):
        # Singular or plural; any case unless the term has capitals ("GRADE" is not the verb
        # "grade"), as the linker itself decides.
        name = names[tid]
        flags = 0 if any(c.isupper() for c in name) else re.I
        word = re.compile(rf"(?<![\w-]){re.escape(name)}(?:e?s)?(?![\w-])", flags)
        first = next(i for i, (text, term, ok) in enumerate(pieces) if term == tid)
        early = [text for text, term, ok in pieces[:first] if ok and not term and word.search(text)]
        assert not early, f"{stem}: '{names[tid]}' is used before its link: {early[0][:120]!r}"
