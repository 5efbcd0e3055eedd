"""Glossary flashcards (npcourse.ui.flashcards): card data, bad input, colours, the built page."""

from __future__ import annotations

import json
import re

import pytest

from npcourse.facts import data
from npcourse.ui import flashcards

from .test_colours import contrast

GOOD = {"term": "allodynia", "definition": "Pain from touch.", "chapter": "01-pain-types", "sources": ["k"]}


def test_every_glossary_term_becomes_one_card_in_its_chapter_deck():
    terms = data.records("glossary", "terms")
    cards = flashcards.to_cards(terms)
    assert [c["front"] for c in cards] == [flashcards._text(t["term"], "t") for t in terms]
    assert [c["topic"] for c in cards] == [t["chapter"] for t in terms]
    groups = flashcards.decks(cards)
    assert list(groups) == sorted(groups)
    assert sum(map(len, groups.values())) == len(terms)


def test_card_text_is_escaped_and_dollars_are_not_maths():
    (card,) = flashcards.to_cards([{**GOOD, "definition": "CrCl <30 mL/min costs  $5\nor more"}])
    assert card == {"front": "allodynia", "back": "CrCl &lt;30 mL/min costs &#36;5 or more",
                    "topic": "01-pain-types"}


@pytest.mark.parametrize(("terms", "error", "message"), [
    ({"terms": []}, TypeError, "terms must be a list"),
    ([], ValueError, "at least one glossary record"),
    (["allodynia"], TypeError, r"terms\[0\] must be a dict"),
    ([{**GOOD, "definition": " "}], ValueError, r"terms\[0\] \('allodynia'\) 'definition' must be"),
    ([{**GOOD, "term": None}], ValueError, r"terms\[0\] 'term' must be a non-empty string"),
    ([{k: v for k, v in GOOD.items() if k != "chapter"}], ValueError, "'chapter' must be a chapter stem"),
    ([{**GOOD, "chapter": "chapter-1"}], ValueError, "'chapter' must be a chapter stem"),
    ([GOOD, {**GOOD, "term": "Allodynia"}], ValueError, r"terms\[1\] \('Allodynia'\): the term appears twice"),
])
def test_bad_glossary_data_gets_a_clear_error(terms, error, message):
    with pytest.raises(error, match=message):
        flashcards.to_cards(terms)


def test_deck_labels():
    assert flashcards.deck_label("02-pain-pathways", 24, {"02-pain-pathways": "Pathways"}) == \
        "Chapter 2: Pathways (24 cards)"
    # A chapter still being written has no title in the objectives data yet.
    assert flashcards.deck_label("07-rehab", 1, {}) == "Chapter 7 (1 card)"
    with pytest.raises(ValueError, match="stem must be a chapter stem"):
        flashcards.deck_label("glossary", 3)


@pytest.mark.parametrize("background", [*flashcards.FRONT_COLOURS, flashcards.BACK_COLOUR])
def test_card_text_is_readable(background):
    assert contrast(flashcards.TEXT_COLOUR, background) >= 4.5


@pytest.fixture
def shown(monkeypatch):
    """What flashcards.show() displays, as (mime type, content) pairs."""
    import IPython.display

    out = []

    def capture(*objs, **kwargs):
        for o in objs:
            out.append((type(o).__name__, o.data))

    monkeypatch.setattr(IPython.display, "display", capture)
    monkeypatch.setattr("jupytercards.dynamic.display", capture)
    return out


def test_show_displays_one_deck_with_a_chooser_and_the_course_wiring(shown):
    flashcards.show("02-pain-pathways")
    kinds = [k for k, _ in shown]
    # the course's answer to jupytercards' storage question, jupytercards' script, the course's
    assert kinds.count("Javascript") == 3, kinds
    grant = shown[1][1]
    first = flashcards.to_cards(data.records("glossary", "terms"))[0]["front"]
    assert json.dumps(f"jc-allow-storage-{first}-") in grant
    assert json.dumps(f"jc-allow-storage-{first}-02-pain-pathways") in grant
    chooser = shown[0][1]
    deck_id = re.search(r'<select id="(np-deck-[0-9a-f]+)"', chooser).group(1)
    options = re.findall(r'<option value="([^"]*)"', chooser)
    stems = sorted({t["chapter"] for t in data.records("glossary", "terms")})
    assert options == ["", *stems]
    assert '<option value="02-pain-pathways" selected>' in chooser
    cards_js = shown[-2][1]
    # Keyboard handling is the course's own: jupytercards' handler captures Tab.
    assert "el.dataset.keyControl = false" in cards_js
    assert "data-topics='[\"02-pain-pathways\"]'" in "".join(d for k, d in shown if k == "HTML")
    cards = json.loads(re.search(r"el\.dataset\.cards = JSON\.stringify\((\[.*?\])\);", cards_js).group(1))
    assert len(cards) == len(data.records("glossary", "terms"))
    wiring = shown[-1][1]
    assert f'"{deck_id}"' in wiring and "CHOOSER_ID" not in wiring


def test_show_rejects_bad_arguments():
    with pytest.raises(ValueError, match="deck must be one of 'all', '01-pain-types'"):
        flashcards.show("chapter 1")
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        flashcards.show(shuffle="yes")


def test_flashcards_page_is_built_with_every_card(built_book):
    html = (built_book["html"] / "book" / "flashcards.html").read_text(encoding="utf-8")
    for t in data.records("glossary", "terms"):
        assert json.dumps(flashcards._text(t["term"], "t")) in html, t["term"]
    assert html.count("function createCards(") == 1, "jupytercards' script should be in the page once"
    assert 'class="np-flashcards"' in html and "<select id=\"np-deck-" in html
