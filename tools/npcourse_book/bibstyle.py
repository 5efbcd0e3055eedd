"""The course's bibliography style: pybtex's "plain" without an entry's ``note`` field.

In ``book/references.bib`` the ``note`` field records how a source was read (which summary,
what was not seen, what to check): provenance for authors, never text for learners (issue 16,
item 2). Readers see each reference as "plain" prints it, less that note.

Build speed (issue 14): the same pages come out faster in two ways, neither of which changes
what is printed.

- Each entry is formatted once per build process. sphinxcontrib-bibtex formats every entry of
  every bibliography twice (the entry and its tooltip, with the same style), and the references
  page lists all of them again: about 2,200 formattings of 443 entries. The formatted text of
  an entry depends only on the entry and the style's options, never on its label, so
  :meth:`Style.format_entry` keeps it, keyed on the entry's whole content and those options.
- pybtex finds each plugin (the plain-text and docutils backends, the name, label and sorting
  styles) by scanning every installed package's entry points, and sphinxcontrib-bibtex asks for
  the plain-text backend once per citation: over a thousand scans, half of the build's time.
  :func:`pin_plugins` looks each one up once, as pybtex would, and registers the class it found
  under the same name, which pybtex consults before the entry points.
- Which pages cite each key is worked out once per build. To decide which entries a
  bibliography lists (its ``:filter:``), sphinxcontrib-bibtex goes through every citation of
  the book for every entry of every bibliography (14 bibliographies x 443 entries x ~1,100
  citations). :class:`IndexedBibtexDomain` is its domain with that answer looked up in an
  index made once, before the bibliographies are filled; everything else is the original's.
"""

from __future__ import annotations

from collections import defaultdict

from pybtex.database import Entry
from pybtex.plugin import find_plugin, register_plugin
from pybtex.style import FormattedEntry
from pybtex.style.formatting.plain import Style as Plain
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

logger = logging.getLogger(__name__)

NAME = "npcourse"

# (plugin group, name) pairs a book build asks pybtex for: sphinxcontrib-bibtex's backends, and
# the name/label/sorting styles every Style instance looks up (plain's defaults; pybtex's own
# defaults for the groups plain leaves unset, "plain" and "number").
PINNED = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.sorting", Plain.default_sorting_style),
)

_formatted: dict = {}


def person_content(person) -> tuple:
    return tuple(tuple(names) for names in (person.first_names, person.middle_names, person.prelast_names,
                                            person.last_names, person.lineage_names))


def entry_content(entry: Entry) -> tuple:
    """Everything formatting can read from ``entry``: key, type, fields and persons."""
    persons = tuple((role, tuple(person_content(p) for p in people)) for role, people in entry.persons.items())
    return entry.key, entry.type, tuple((k, str(v)) for k, v in entry.fields.items()), persons


class Style(Plain):
    def _options(self) -> tuple:
        return (type(self.name_style), self.abbreviate_names, self.min_crossrefs)

    def format_entry(self, label, entry, bib_data=None):
        if any(k.lower() == "note" for k in entry.fields):
            fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
            reader = Entry(entry.type, fields=fields, persons=entry.persons)
            reader.key = entry.key
            entry = reader
        if bib_data is not None:  # cross-references may pull in other entries: not cached
            return super().format_entry(label, entry, bib_data=bib_data)
        key = (self._options(), entry_content(entry))
        text = _formatted.get(key)
        if text is None:
            text = _formatted[key] = super().format_entry(label, entry).text
        return FormattedEntry(entry.key, text, label)


def pin_plugins(pairs=PINNED) -> None:
    """Register each (group, name) plugin under its own name, found once (see the docstring)."""
    for group, name in pairs:
        if not isinstance(group, str) or not isinstance(name, str):
            raise TypeError(f"pairs must hold (group, name) strings, got {(group, name)!r}")
        register_plugin(group, name, find_plugin(group, name), force=True)


def cited_by(citation_refs) -> dict[str, set[str]]:
    """Each cited key (as written, with any prefix) -> the pages that cite it."""
    index: dict[str, set[str]] = defaultdict(set)
    for ref in citation_refs:
        for target in ref.targets:
            index[target.key].add(ref.docname)
    return index


class IndexedBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's domain; a bibliography's filter reads the pages citing an entry
    from an index made once per :meth:`env_updated` (see the module docstring)."""

    _cited_by: dict[str, set[str]] | None = None

    def env_updated(self):
        self._cited_by = cited_by(self.citation_refs)
        try:
            return super().env_updated()
        finally:
            self._cited_by = None

    def get_filtered_entries(self, bibliography_key):
        """As sphinxcontrib-bibtex 2.7's, with ``cited_docnames`` from the index."""
        if self._cited_by is None:
            yield from super().get_filtered_entries(bibliography_key)
            return
        bibliography = self.bibliographies[bibliography_key]
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = set(self._cited_by.get(key, ()))
            visitor = _FilterVisitor(entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames)
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                logger.warning(f"syntax error in :filter: expression; {err}",
                               location=(bibliography_key.docname, bibliography.line),
                               type="bibtex", subtype="filter_syntax_error")
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry


def setup(app):
    app.setup_extension("sphinxcontrib.bibtex")  # its domain first, then ours in its place
    app.add_domain(IndexedBibtexDomain, override=True)
    register_plugin("pybtex.style.formatting", NAME, Style)
    pin_plugins()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
