"""Link every glossary term at its first use on each chapter page, at build time.

Authors write plain prose; this pass (run by :mod:`npcourse_book.sphinxext` when Sphinx has read a
page) turns the first use of each term from ``data/glossary.yml`` into the same cross-reference
that the ``{term}`` role makes, so no chapter has to be edited by hand and new chapters are
covered as soon as they are in the book.

Rules (tests/test_termlinks.py checks each):

- Pages: chapters only, ``book/NN-slug``. Exercises, solutions and back matter are left alone.
- Terms: every glossary term whose ``chapter`` is this chapter or an earlier one. A term is
  not linked before the chapter that introduces it, where the same word is usually meant in
  its everyday sense ("sensitivity to touch" in chapter 1 is not the screening-test measure
  of chapter 3). ``autolink: false`` in the data turns a term off entirely: *pain* appears in
  nearly every sentence, so a link on it would be noise, and *first pain*/*second pain* read
  as ordinary English elsewhere ("the first pain synapse"). Links authors write to such terms
  are left exactly as written.
- Forms: the term itself, its ``aliases`` (abbreviations such as NNT, other spellings), and
  for a term written ``full name (ABBR)`` the full name and the abbreviation on their own.
  Lower-case forms match in any case ("Allodynia" at the start of a sentence); forms with a
  capital letter (DN4, NMDA receptor, painDETECT) match only as written. The last word may
  take a plural (*-s*, *-es*, *-y* → *-ies*). Spaces match any run of white space and
  hyphens/dashes match one another (serotonin–noradrenaline = serotonin-noradrenaline), but a
  hyphen does not match a space: "wind up" is ordinary English, "wind-up" is the term. Other
  spellings go in ``aliases``.
- Whole words only: no letter, digit or hyphen may touch either end, so *LANSS* is not found
  inside *S-LANSS* and *lesion* not inside *lesional*. Where forms overlap the longest wins:
  "peripheral neuropathic pain" is one use of that term, not a use of "neuropathic pain".
- Where: running text of the page's own Markdown, including lists, tables, admonition bodies
  and emphasis. Never in headings, admonition or figure titles and captions, rubrics,
  definition-list terms, code and literal text, maths, raw HTML, links and cross-references,
  citations and footnotes, or notebook cell outputs (generated from data, such as the
  learning objectives, which also appear on other pages).
- Once per page: the first use gets the link. A ``{term}`` link the author wrote counts as a
  use: if it comes first it is kept as it is; if the term was already used earlier, it is
  rendered as plain text (wording kept), so a chapter links each term exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

CHAPTER_DOC = re.compile(r"^book/(\d{2})-[^/]+$")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash (escaped for a character class).
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"
SEPARATOR = re.compile(rf"(\s+|[{DASHES}]+)")
# A match must not continue a word on either side (letters, digits, hyphens).
BEFORE = rf"(?<![\w{DASHES}])"
AFTER = rf"(?![\w{DASHES}])"
PARENTHESISED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")

# Subtrees whose text is never linked (see the module docstring for why).
SKIPPED = (
    nodes.title, nodes.subtitle, nodes.rubric, nodes.caption, nodes.term, nodes.field_name,
    nodes.literal, nodes.literal_block, nodes.doctest_block, nodes.raw, nodes.math,
    nodes.math_block, nodes.reference, nodes.target, nodes.citation, nodes.citation_reference,
    nodes.footnote, nodes.footnote_reference, nodes.comment, nodes.system_message,
    nodes.problematic, nodes.option_string, addnodes.pending_xref, addnodes.glossary,
)
OUTPUT_CLASSES = {"cell_output", "output"}


class TermLinkError(ValueError):
    """The glossary data cannot be turned into an unambiguous matcher."""


def chapter_number(docname: str) -> int | None:
    """``7`` for ``book/07-slug``; ``None`` for any page that is not a chapter."""
    if not isinstance(docname, str):
        raise TypeError(f"docname must be a string, got {type(docname).__name__}")
    m = CHAPTER_DOC.match(docname)
    return int(m.group(1)) if m else None


def surface_forms(term: str, aliases: Iterable[str] = ()) -> list[str]:
    """Every written form of a term: itself, its aliases, and the parts of ``name (ABBR)``."""
    forms = [term, *aliases]
    m = PARENTHESISED.match(term)
    if m:
        forms += [m.group(1), m.group(2)]
    out: list[str] = []
    for f in forms:
        f = " ".join(f.split())
        if f and f not in out:
            out.append(f)
    return out


def _plural(word: str) -> str:
    """Regex for ``word`` as the last word of a form, singular or plural."""
    if len(word) > 2 and word[-1] == "y" and word[-2].lower() not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:e?s)?"


def form_pattern(form: str) -> str:
    """Regex (without boundaries) for one written form; see the module docstring."""
    parts = SEPARATOR.split(form)
    pieces = []
    for i, part in enumerate(parts):
        if i % 2:  # a separator
            pieces.append(r"\s+" if part[0].isspace() else f"[{DASHES}]")
        elif i == len(parts) - 1 and part[-1].isalpha():
            pieces.append(_plural(part))
        else:
            pieces.append(re.escape(part))
    body = "".join(pieces)
    return body if any(c.isupper() for c in form) else f"(?i:{body})"


@dataclass
class Matcher:
    """Finds glossary terms in text; each match names the term (its glossary spelling)."""

    terms: dict[str, list[str]]  # glossary term -> its written forms
    regex: re.Pattern = field(init=False, repr=False)
    _groups: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        owner: dict[str, str] = {}
        alternatives = []
        for term, forms in self.terms.items():
            for form in forms:
                key = form.casefold()
                if key in owner and owner[key] != term:
                    raise TermLinkError(f"glossary: form {form!r} of term {term!r} is also a form "
                                        f"of {owner[key]!r}; remove it from one of their aliases")
                owner[key] = term
                alternatives.append((form, term))
        # Longest first: Python tries alternatives in order, so the longest form wins.
        alternatives.sort(key=lambda a: (-len(a[0]), a[0]))
        self._groups = {}
        parts = []
        for i, (form, term) in enumerate(alternatives):
            self._groups[f"t{i}"] = term
            parts.append(f"(?P<t{i}>{form_pattern(form)})")
        self.regex = re.compile(BEFORE + "(?:" + "|".join(parts) + ")" + AFTER) if parts else re.compile(r"(?!)")

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, term)`` for every term in ``text``, left to right, not overlapping."""
        for m in self.regex.finditer(text):
            yield m.start(), m.end(), self._groups[m.lastgroup]

    def term_for(self, name: str) -> str | None:
        """The glossary term that a ``{term}`` target names (any case), or None."""
        name = " ".join(name.split()).casefold()
        for term in self.terms:
            if term.casefold() == name:
                return term
        return None


def matcher_for(records: list[dict], chapter: int) -> Matcher:
    """A matcher for the terms that chapter ``chapter`` may link (see the module docstring)."""
    if not isinstance(chapter, int) or isinstance(chapter, bool) or chapter < 1:
        raise ValueError(f"chapter must be a positive chapter number, got {chapter!r}")
    if not isinstance(records, list):
        raise TypeError(f"records must be the list of glossary terms, got {type(records).__name__}")
    terms = {}
    for r in records:
        if r.get("autolink", True) and int(r["chapter"][:2]) <= chapter:
            terms[r["term"]] = surface_forms(r["term"], r.get("aliases", ()))
    return Matcher(terms)


def _skipped(node: nodes.Node) -> bool:
    if isinstance(node, SKIPPED):
        return True
    return isinstance(node, nodes.container) and bool(OUTPUT_CLASSES & set(node.get("classes", ())))


def is_term_xref(node: nodes.Node) -> bool:
    return (isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "std"
            and node.get("reftype") == "term")


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    """Text nodes that may be linked and authored term references, in reading order."""
    for child in node.children:
        if is_term_xref(child):
            yield child
        elif isinstance(child, nodes.Text):
            yield child
        elif not _skipped(child):
            yield from _walk(child)


def make_xref(term: str, text: str, docname: str, source: nodes.Node | None = None) -> addnodes.pending_xref:
    """The node the ``{term}`` role makes, showing ``text`` and pointing at ``term``."""
    ref = addnodes.pending_xref(text, refdoc=docname, refdomain="std", reftype="term",
                                refexplicit=True, refwarn=True, reftarget=term)
    ref += nodes.inline(text, text, classes=["xref", "std", "std-term"])
    if source is not None:
        ref.source, ref.line = source.source, source.line
    return ref


@dataclass
class Result:
    linked: list[str]    # terms linked by this pass, in reading order
    authored: list[str]  # terms whose first use was already an authored {term} link
    unlinked: list[str]  # authored links after the first use, turned into plain text


def link_first_uses(doctree: nodes.Node, matcher: Matcher, docname: str) -> Result:
    """Link the first use of each term in ``doctree`` in place; see the module docstring."""
    seen: set[str] = set()
    result = Result([], [], [])
    for node in list(_walk(doctree)):
        if is_term_xref(node):
            term = matcher.term_for(node.get("reftarget", ""))
            if term is None:
                continue  # not a glossary term this pass manages
            if term in seen:
                node.replace_self(nodes.Text(node.astext()))
                result.unlinked.append(term)
            else:
                seen.add(term)
                result.authored.append(term)
            continue
        text = str(node)
        new: list[nodes.Node] = []
        pos = 0
        for start, end, term in matcher.find(text):
            if term in seen:
                continue
            seen.add(term)
            result.linked.append(term)
            if start > pos:
                new.append(nodes.Text(text[pos:start]))
            new.append(make_xref(term, text[start:end], docname, node.parent))
            pos = end
        if new:
            if pos < len(text):
                new.append(nodes.Text(text[pos:]))
            parent = node.parent
            # By identity: Text nodes are strings, so equal text elsewhere would compare equal.
            index = next(i for i, child in enumerate(parent.children) if child is node)
            parent[index:index + 1] = new
    return result
