"""The bibliography style's two speed-ups (npcourse_book.bibstyle) change nothing printed."""

from __future__ import annotations

import importlib.metadata

import pybtex.plugin
import pytest
from npcourse_book import bibstyle
from pybtex.backends.html import Backend as Html
from pybtex.database import parse_file
from pybtex.style.formatting.plain import Style as Plain

from .conftest import ROOT

BIB = ROOT / "book" / "references.bib"
HTML = Html()  # one backend: render_as() would look the plugin up on every call


def plain_text(style: Plain, entry) -> str:
    """The entry as pybtex's plain style prints it, note dropped: the reference the cache must match."""
    fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
    reader = type(entry)(entry.type, fields=fields, persons=entry.persons)
    reader.key = entry.key
    return style.format_entry("x", reader).text.render(HTML)


def test_cached_formatting_matches_plain_for_every_entry():
    """Twice through the cached style (first and repeated formatting) = plain's own output, per entry."""
    bibstyle._formatted.clear()
    entries = list(parse_file(str(BIB)).entries.values())
    assert len(entries) > 100
    style, plain = bibstyle.Style(), Plain()
    expected = {entry.key: plain_text(plain, entry) for entry in entries}
    for label in ("1", "R7"):
        for entry in entries:
            formatted = style.format_entry(label, entry)
            assert formatted.label == label and formatted.key == entry.key
            assert formatted.text.render(HTML) == expected[entry.key], entry.key
    assert len(bibstyle._formatted) == len(entries)  # the second pass formatted nothing again


def test_cache_tells_entries_apart_by_content():
    """Two entries under one key but with different fields are not confused."""
    from pybtex.database import Entry

    bibstyle._formatted.clear()
    style = bibstyle.Style()
    a = Entry("misc", fields={"title": "First title", "year": "2020"})
    b = Entry("misc", fields={"title": "Second title", "year": "2020"})
    a.key = b.key = "same"
    assert "First" in style.format_entry("1", a).text.render_as("text")
    assert "Second" in style.format_entry("1", b).text.render_as("text")


def test_pinned_plugins_need_no_entry_point_scan(monkeypatch):
    """After pinning, every plugin a build asks for is found without scanning entry points."""
    expected = {pair: pybtex.plugin.find_plugin(*pair) for pair in bibstyle.PINNED}
    bibstyle.pin_plugins()

    def no_scan(*args, **kwargs):
        raise AssertionError("entry points scanned")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    for pair, klass in expected.items():
        assert pybtex.plugin.find_plugin(*pair) is klass
    style = bibstyle.Style()  # looks up its name, label and sorting styles
    assert type(style.sorting_style) is expected[("pybtex.style.sorting", Plain.default_sorting_style)]
    assert importlib.metadata.entry_points is not no_scan


def test_pin_plugins_rejects_bad_pairs():
    with pytest.raises(TypeError, match="pairs"):
        bibstyle.pin_plugins([("pybtex.backends", None)])


def domain_with(refs, bibliographies):
    """An IndexedBibtexDomain holding references.bib, these citations and bibliographies (no Sphinx)."""
    from sphinxcontrib.bibtex.bibfile import BibData, BibFile

    data = parse_file(str(BIB))
    domain = bibstyle.IndexedBibtexDomain.__new__(bibstyle.IndexedBibtexDomain)
    domain.data = {"bibdata": BibData("utf-8", {BIB: BibFile(0.0, dict.fromkeys(data.entries))}, data),
                   "bibliographies": bibliographies, "citations": [], "citation_refs": refs}
    return domain


def test_indexed_filter_lists_what_the_original_lists():
    """Each bibliography's entries, filtered through the index = sphinxcontrib-bibtex's own answer."""
    import ast

    from sphinxcontrib.bibtex.citation_target import CitationTarget
    from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.roles import CitationRef

    keys = list(parse_file(str(BIB)).entries)
    pages = ["book/01-a", "book/02-b", "solutions/01-a", "book/references"]
    refs = [CitationRef(f"id{i}", pages[i % 3], i, [CitationTarget(key, "", ""), CitationTarget(keys[-1 - i], "", "")])
            for i, key in enumerate(keys[::7])]
    refs.append(CitationRef("pre", "book/02-b", 1, [CitationTarget("all-" + keys[3], "", "")]))

    def bibliography(filter_expr, keyprefix="", listed=()):
        return BibliographyValue(1, [BIB], "npcourse", "citation", "arabic", 1, "", keyprefix,
                                 ast.parse(filter_expr), {}, list(listed))

    bibliographies = {BibliographyKey(page, f"b{n}"): bibliography(expr, prefix, listed)
                      for n, (page, expr, prefix, listed) in enumerate([
                          ("book/01-a", "docname in docnames", "", ()),
                          ("book/02-b", "docname in docnames", "", keys[:2]),
                          ("book/references", "True", "all-", ()),
                          ("book/references", "cited", "", ()),
                          ("book/references", "not cited", "", ()),
                          ("solutions/01-a", 'docname in docnames or author % "Finnerup"', "", ())])}
    domain = domain_with(refs, bibliographies)
    index = bibstyle.cited_by(refs)
    for key in bibliographies:
        original = list(BibtexDomain.get_filtered_entries(domain, key))
        domain._cited_by = index
        indexed = list(domain.get_filtered_entries(key))
        domain._cited_by = None
        assert [k for k, _ in indexed] == [k for k, _ in original], key
        assert original, f"{key}: the bibliography lists nothing, the comparison would prove little"
    assert len({len(list(BibtexDomain.get_filtered_entries(domain, k))) for k in bibliographies}) > 3
