"""Glossary terms are linked at their first use on chapter pages (npcourse_book.termlinks).

Unit tests of the matcher and the doctree pass; tests/test_build.py checks the built pages.
"""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from npcourse_book import termlinks
from sphinx import addnodes

from npcourse.facts import data

RECORDS = [
    {"term": "allodynia", "chapter": "01-x"},
    {"term": "nociceptor", "chapter": "01-x"},
    {"term": "neuropathic pain", "chapter": "01-x"},
    {"term": "peripheral neuropathic pain", "chapter": "01-x"},
    {"term": "polyneuropathy", "chapter": "01-x"},
    {"term": "pain", "chapter": "01-x", "autolink": False},
    {"term": "wind-up", "chapter": "02-y"},
    {"term": "LANSS", "chapter": "03-z"},
    {"term": "S-LANSS", "chapter": "03-z"},
    {"term": "sensitivity", "chapter": "03-z"},
    {"term": "serotonin–noradrenaline reuptake inhibitor", "chapter": "04-w", "aliases": ["SNRI"]},
    {"term": "number needed to treat (NNT)", "chapter": "04-w"},
]


def found(text: str, chapter: int = 9) -> list[tuple[str, str]]:
    m = termlinks.matcher_for(RECORDS, chapter)
    return [(text[s:e], term) for s, e, term in m.find(text)]


# --- the matcher ------------------------------------------------------------------------

def test_whole_words_only():
    assert found("allodynias and allodynia-like, unallodynia, nociceptorial") == [("allodynias", "allodynia")]
    # A term inside a longer hyphenated name is not a use of it.
    assert found("the S-LANSS, not the LANSS") == [("S-LANSS", "S-LANSS"), ("LANSS", "LANSS")]


def test_plurals_and_case():
    assert found("Nociceptors fire; polyneuropathies differ; Allodynia.") == [
        ("Nociceptors", "nociceptor"), ("polyneuropathies", "polyneuropathy"), ("Allodynia", "allodynia")]
    # Forms with capitals are names or abbreviations: matched only as written.
    assert found("lanss and Lanss and LANSSs") == [("LANSSs", "LANSS")]


def test_longest_form_wins_and_overlaps_are_one_use():
    assert found("Peripheral neuropathic pain is one kind of neuropathic pain.") == [
        ("Peripheral neuropathic pain", "peripheral neuropathic pain"),
        ("neuropathic pain", "neuropathic pain")]


def test_dashes_match_each_other_but_not_spaces():
    assert found("serotonin-noradrenaline reuptake inhibitors (SNRIs)") == [
        ("serotonin-noradrenaline reuptake inhibitors", "serotonin–noradrenaline reuptake inhibitor"),
        ("SNRIs", "serotonin–noradrenaline reuptake inhibitor")]
    assert found("things wind up badly; wind–up and wind-up") == [("wind–up", "wind-up"), ("wind-up", "wind-up")]
    assert found("neuropathic\n pain") == [("neuropathic\n pain", "neuropathic pain")]


def test_parenthesised_terms_match_in_full_and_in_parts():
    assert termlinks.surface_forms("number needed to treat (NNT)") == [
        "number needed to treat (NNT)", "number needed to treat", "NNT"]
    assert found("The number needed to treat (NNT); the NNT; a number needed to treat") == [
        ("number needed to treat (NNT)", "number needed to treat (NNT)"),
        ("NNT", "number needed to treat (NNT)"),
        ("number needed to treat", "number needed to treat (NNT)")]


def test_terms_wait_for_their_chapter_and_can_be_switched_off():
    text = "pain, sensitivity and wind-up"
    assert found(text, chapter=1) == []
    assert found(text, chapter=2) == [("wind-up", "wind-up")]
    assert found(text, chapter=3) == [("sensitivity", "sensitivity"), ("wind-up", "wind-up")]


def test_bad_arguments_and_ambiguous_data_are_rejected():
    with pytest.raises(ValueError, match="chapter must be"):
        termlinks.matcher_for(RECORDS, 0)
    with pytest.raises(ValueError, match="chapter must be"):
        termlinks.matcher_for(RECORDS, "01")
    with pytest.raises(TypeError, match="records must be"):
        termlinks.matcher_for({"terms": RECORDS}, 1)
    clash = [{"term": "allodynia", "chapter": "01-x"},
             {"term": "hyperalgesia", "chapter": "01-x", "aliases": ["Allodynia"]}]
    with pytest.raises(termlinks.TermLinkError, match="'Allodynia' of term 'hyperalgesia'.*'allodynia'"):
        termlinks.matcher_for(clash, 1)
    with pytest.raises(TypeError, match="docname must be"):
        termlinks.chapter_number(None)


def test_only_numbered_book_pages_are_chapters():
    assert termlinks.chapter_number("book/07-rehabilitation") == 7
    for other in ("book/glossary", "exercises/01-pain-types", "solutions/01-pain-types", "book/intro"):
        assert termlinks.chapter_number(other) is None


def test_course_glossary_forms_are_unambiguous():
    # Every term, alias and spelling in the real data builds one matcher without clashes,
    # and each term finds itself.
    records = data.records("glossary", "terms")
    m = termlinks.matcher_for(records, 99)
    for r in records:
        if r.get("autolink", True):
            assert [t for *_, t in m.find(f"({r['term']})")] == [r["term"]], r["term"]


# --- the doctree pass -------------------------------------------------------------------

PAGE = """\
Allodynia in a title
====================

Text about nociceptors, ``allodynia in code`` and `a link about allodynia <https://example.org>`_.

.. admonition:: Allodynia in an admonition title

   Body: allodynia is pain from touch. Allodynia again.

.. figure:: x.png

   A caption about polyneuropathy.

Polyneuropathy in running text, then nociceptor again.
"""


def doctree(text: str = PAGE) -> nodes.document:
    return publish_doctree(text, settings_overrides={"report_level": 5})


def links(tree) -> list[tuple[str, str]]:
    return [(x["reftarget"], x.astext()) for x in tree.findall(addnodes.pending_xref)]


def test_first_use_only_and_never_in_headings_code_links_or_captions():
    tree = doctree()
    result = termlinks.link_first_uses(tree, termlinks.matcher_for(RECORDS, 1), "book/01-x")
    assert links(tree) == [("nociceptor", "nociceptors"), ("allodynia", "allodynia"),
                           ("polyneuropathy", "Polyneuropathy")]
    assert result.linked == ["nociceptor", "allodynia", "polyneuropathy"]
    # The title, literal, external link and caption kept their text and got no link.
    assert tree.next_node(nodes.title).astext() == "Allodynia in a title"
    assert tree.next_node(nodes.literal).astext() == "allodynia in code"
    assert tree.next_node(nodes.caption).astext() == "A caption about polyneuropathy."
    # Nothing was lost or reworded.
    assert tree.astext() == doctree().astext()


def test_link_is_the_node_the_term_role_makes():
    tree = doctree("Some nociceptors.\n")
    termlinks.link_first_uses(tree, termlinks.matcher_for(RECORDS, 1), "book/01-x")
    ref = tree.next_node(addnodes.pending_xref)
    expected = {"refdomain": "std", "reftype": "term", "reftarget": "nociceptor",
                "refdoc": "book/01-x", "refwarn": True}
    assert {k: ref.get(k) for k in expected} == expected
    inner = ref.children[0]
    assert isinstance(inner, nodes.inline) and inner["classes"] == ["xref", "std", "std-term"]
    assert inner.astext() == "nociceptors"


def test_cell_outputs_are_not_linked():
    tree = doctree("Intro.\n")
    output = nodes.container(classes=["cell_output"])
    output += nodes.paragraph(text="Generated objective about allodynia.")
    tree += output
    tree += nodes.paragraph(text="Prose about allodynia.")
    termlinks.link_first_uses(tree, termlinks.matcher_for(RECORDS, 1), "book/01-x")
    (ref,) = tree.findall(addnodes.pending_xref)
    assert ref.parent.astext() == "Prose about allodynia."


def authored(term: str, text: str) -> addnodes.pending_xref:
    return termlinks.make_xref(term, text, "book/01-x")


def test_an_authored_link_at_first_use_is_kept_and_later_ones_become_text():
    tree = doctree("Start.\n")
    para = tree.next_node(nodes.paragraph)
    para += [nodes.Text(" About "), authored("Allodynia", "allodynia"), nodes.Text("; allodynia again; ")]
    tree += nodes.paragraph("", "", nodes.Text("Later: nociceptors, then "), authored("nociceptor", "nociceptor"),
                            nodes.Text(" and "), authored("unknown thing", "unknown thing"))
    result = termlinks.link_first_uses(tree, termlinks.matcher_for(RECORDS, 1), "book/01-x")
    assert result.authored == ["allodynia"] and result.linked == ["nociceptor"]
    assert result.unlinked == ["nociceptor"]
    assert links(tree) == [("Allodynia", "allodynia"), ("nociceptor", "nociceptors"),
                           ("unknown thing", "unknown thing")]
    assert tree.astext().endswith("Later: nociceptors, then nociceptor and unknown thing")


def test_links_for_terms_that_are_switched_off_are_left_alone():
    tree = doctree("About pain.\n")
    tree.next_node(nodes.paragraph).append(authored("pain", "pain"))
    termlinks.link_first_uses(tree, termlinks.matcher_for(RECORDS, 1), "book/01-x")
    assert links(tree) == [("pain", "pain")]


def test_equal_text_nodes_are_told_apart():
    # Two Text children with the same string: the one the term is in gets replaced.
    para = nodes.paragraph("", "", nodes.Text("x "), nodes.strong("", "", nodes.Text("x ")),
                           nodes.Text("x "), nodes.Text("allodynia"))
    tree = doctree("Start.\n")
    tree += para
    termlinks.link_first_uses(tree, termlinks.matcher_for(RECORDS, 1), "book/01-x")
    assert para.astext() == "x x x allodynia"
    assert isinstance(para.children[-1], addnodes.pending_xref)
