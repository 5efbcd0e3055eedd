"""Glossary flashcards for retrieval practice, drawn with jupytercards.

The cards are the glossary itself (``data/glossary.yml``): the term on the front, its
definition on the back, and the chapter that introduces it as the card's topic. One deck is
shown with a chooser: all terms, or the terms of one chapter. One deck on the page rather than
one per chapter keeps jupytercards' own script and styles (about 36 KB) in the page once.

jupytercards 3.2 leaves gaps that the course fills with its own small script and styles
(``assets/flashcards.js`` and ``.css``): its keyboard handler swallows Tab (a keyboard trap),
so it is turned off and replaced; its icons and "Next" control become focusable buttons with
names; only the visible face of the top card is exposed to screen readers, and a polite live
region reads the card after each turn; the focus outline it removes is drawn again; and its
default colours, which do not reach WCAG AA contrast, are replaced. Cards marked as known stay
out of the deck across reloads in this browser (jupytercards' own localStorage support, its
consent card answered by the course, which keeps all progress local), and a counter says how
many of the deck's cards are known, with a control to forget them.
"""

from __future__ import annotations

import html
import re
import uuid
from importlib import resources
from typing import Any

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "FRONT_COLOURS", "BACK_COLOUR", "TEXT_COLOUR", "CHAPTER", "ALL", "to_cards", "decks", "deck_label",
    "chapter_titles", "chooser_html", "show"
]

# White text on each front colour and on the back colour is at least 4.5:1 (tests/test_flashcards.py).
FRONT_COLOURS = ["#1f4e79", "#6b3a7d", "#0b5d3b"]
BACK_COLOUR = "#333f4f"
TEXT_COLOUR = "#ffffff"
CHAPTER = re.compile(r"^([0-9]{2})-[a-z0-9-]+$")
ALL = "all"


def _asset(name: str) -> str:
    return (resources.files("npcourse.ui") / "assets" / name).read_text(encoding="utf-8")


def _text(value: Any, where: str) -> str:
    """Card text as HTML: escaped, and '$' as an entity so jupytercards does not read maths."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be a non-empty string, got {value!r}")
    return html.escape(" ".join(value.split()), quote=False).replace("$", "&#36;")


def to_cards(terms: Any) -> list[dict]:
    """Glossary term records → jupytercards cards (``front``, ``back``, ``topic``).

    ``terms`` is a list like ``data.records("glossary", "terms")``. A record without a term,
    definition or chapter, a malformed chapter stem, or a term given twice raises ValueError
    naming the record.
    """
    if not isinstance(terms, list):
        raise TypeError(f"terms must be a list of glossary records, got {type(terms).__name__}")
    if not terms:
        raise ValueError("terms must hold at least one glossary record, got an empty list")
    cards, seen = [], set()
    for i, record in enumerate(terms):
        validate.mapping(f"terms[{i}]", record)
        name = record.get("term")
        where = f"terms[{i}] ({name!r})" if isinstance(name, str) else f"terms[{i}]"
        front = _text(name, f"{where} 'term'")
        back = _text(record.get("definition"), f"{where} 'definition'")
        chapter = record.get("chapter")
        if not isinstance(chapter, str) or not CHAPTER.match(chapter):
            raise ValueError(f"{where} 'chapter' must be a chapter stem such as '01-pain-types', "
                             f"got {chapter!r}")
        if name.casefold() in seen:
            raise ValueError(f"{where}: the term appears twice; each term makes one card")
        seen.add(name.casefold())
        cards.append({"front": front, "back": back, "topic": chapter})
    return cards


def decks(cards: list[dict]) -> dict[str, list[dict]]:
    """Cards grouped by chapter stem, chapters in book order."""
    out: dict[str, list[dict]] = {}
    for card in sorted(cards, key=lambda c: c["topic"][:2]):
        out.setdefault(card["topic"], []).append(card)
    return out


def deck_label(stem: str, count: int, titles: dict[str, str] | None = None) -> str:
    """What the chooser shows for a chapter's deck, e.g. 'Chapter 2: How pain ... (25 cards)'."""
    m = CHAPTER.match(stem) if isinstance(stem, str) else None
    if not m:
        raise ValueError(f"stem must be a chapter stem such as '01-pain-types', got {stem!r}")
    title = (titles or {}).get(stem)
    name = f"Chapter {int(m.group(1))}" + (f": {title}" if title else "")
    return f"{name} ({count} card{'s' if count != 1 else ''})"


def chapter_titles() -> dict[str, str]:
    """Chapter titles from the objectives data; chapters not described there have none yet."""
    return {stem: c["title"] for stem, c in data.load("objectives")["chapters"].items()}


def chooser_html(deck_id: str, groups: dict[str, list[dict]], selected: str, titles: dict[str, str]) -> str:
    """The deck chooser, the keyboard help and the live region, with the course styles."""
    total = sum(len(v) for v in groups.values())
    options = [(ALL, f"All chapters ({total} cards)")]
    options += [(stem, deck_label(stem, len(cards), titles)) for stem, cards in groups.items()]
    opts = "".join(
        f'<option value="{"" if value == ALL else value}"{" selected" if value == selected else ""}>'
        f"{html.escape(text)}</option>"
        for value, text in options)
    return (f"<style>{_asset('flashcards.css')}</style>"
            f'<div class="np-flashcards">'
            f'<label for="{deck_id}">Deck</label><select id="{deck_id}">{opts}</select>'
            f'<p class="np-flashcards-help" id="{deck_id}-help">Select a card, or focus it with Tab and '
            f"press Space or Enter, to turn it over. Right arrow or the Next button moves to the next "
            f"card; the tick and the cross say whether you knew it (a known card leaves the deck, and "
            f"stays out of it in this browser until you choose to forget your known cards).</p>"
            f'<p class="np-flashcards-count" id="{deck_id}-count" role="status"></p>'
            f'<button type="button" class="np-flashcards-forget" id="{deck_id}-forget">'
            f"Forget my known cards</button>"
            f'<p class="np-visually-hidden" aria-live="polite" id="{deck_id}-live"></p></div>')


def show(deck: str = ALL, *, shuffle: bool = False) -> None:
    """Display the glossary flashcards, starting with ``deck`` (a chapter stem, or 'all').

    Works in JupyterLab and in the static book; the reader can switch decks on the page.
    """
    from IPython.display import HTML, Javascript, display
    from jupytercards import display_flashcards  # imported here: only needed when displaying

    cards = to_cards(data.records("glossary", "terms"))
    groups = decks(cards)
    validate.choice("deck", deck, [ALL, *groups])
    validate.boolean("shuffle", shuffle)
    deck_id = f"np-deck-{uuid.uuid4().hex[:8]}"
    display(HTML(chooser_html(deck_id, groups, deck, chapter_titles())))
    display(Javascript(storage_js(cards, groups)))
    # Copies: jupytercards numbers the cards it is given in place.
    display_flashcards([dict(c) for c in cards], keyControl=False, shuffle_cards=shuffle,
                       topics=None if deck == ALL else [deck], front_colors=FRONT_COLOURS,
                       back_colors=[BACK_COLOUR], text_colors=[TEXT_COLOUR], local_storage=True)
    display(Javascript(_asset("flashcards.js").replace("CHOOSER_ID", deck_id)))


def storage_js(cards: list[dict], groups: dict[str, list[dict]]) -> str:
    """Answer jupytercards' "store your progress?" card for every deck on this page.

    jupytercards keys a deck's storage by its first card's front and its topics; the course
    keeps every learner's progress in the browser only (as for the quizzes), so the question is
    answered once here instead of on a card that would stand before the first term.
    """
    import json

    first = cards[0]["front"]
    keys = [f"jc-allow-storage-{first}-"] + [f"jc-allow-storage-{first}-{stem}" for stem in groups]
    return ("try { " + json.dumps(keys) + ".forEach(function (k) { window.localStorage.setItem(k, 'true'); }); }"
            " catch (e) { /* storage off: cards are simply not remembered */ }")
