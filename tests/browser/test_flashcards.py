"""The flashcards page in Chromium (offline build, network cut off): keyboard, chooser, screen readers."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import SCREENSHOTS

ACTIVE = "() => { const e = document.activeElement; return [e.className, e.getAttribute('aria-label')]; }"
VISIBLE_FACES = """
(deck) => Array.from(deck.querySelectorAll('.front, .back'))
  .filter(f => f.getAttribute('aria-hidden') === 'false').map(f => f.className)
"""


def next_card(page, live, term: str) -> None:
    """Wait until the deck has slid to a card other than ``term`` and its Next control is back."""
    page.wait_for_function(
        "([live, term]) => live.textContent.startsWith('Term: ') && live.textContent !== term"
        " && !document.querySelector('.next').classList.contains('hide')",
        arg=[live.element_handle(), term], timeout=5000)


def turned_to_definition(page, deck, live) -> None:
    """Wait until the card shows its back: the class, the spoken text and the visible face."""
    page.wait_for_function(
        "([deck, live]) => deck.classList.contains('flip') && live.textContent.startsWith('Definition: ')"
        " && Array.from(deck.querySelectorAll('.back'))"
        ".some(f => f.getAttribute('aria-hidden') === 'false')",
        arg=[deck.element_handle(), live.element_handle()], timeout=5000)


def test_cards_turn_move_and_switch_decks_by_keyboard(offline_site, watch):
    page = watch.page
    watch.goto(f"{offline_site['url']}/book/flashcards.html")
    deck = page.locator(".flip-container").first
    live = page.locator(".np-flashcards [aria-live]")
    deck.wait_for()
    page.wait_for_function("() => document.querySelector('.flip-container .flipper')")

    # Tab from the chooser reaches the deck, which says what it is.
    page.locator(".np-flashcards select").focus()
    page.keyboard.press("Tab")
    cls, label = page.evaluate(ACTIVE)
    assert "flip-container" in cls and label.startswith("Flashcards: All chapters"), (cls, label)
    assert live.inner_text().startswith("Term: ")
    assert deck.evaluate(VISIBLE_FACES) == ["front flashcard"]

    term = live.inner_text()
    page.keyboard.press("Space")
    turned_to_definition(page, deck, live)
    assert "flip" in deck.get_attribute("class").split()
    assert live.inner_text().startswith("Definition: ")
    assert deck.evaluate(VISIBLE_FACES) == ["back flashcard"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "flashcards-turned.png"), animations="disabled")

    page.keyboard.press("ArrowRight")
    next_card(page, live, term)

    # No keyboard trap: Tab moves on to the card's buttons and then out of the deck.
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(ACTIVE))
    assert [s[1] for s in stops[:3]] == ["I knew this: take the card out of the deck",
                                         "Not yet: keep the card in the deck", "Next card"], stops
    assert "flip-container" not in (stops[3][0] or "")

    # The tick, pressed from the keyboard, takes the card out of the deck.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    next_card(page, live, live.inner_text())

    # The chooser switches to one chapter's deck.
    page.locator(".np-flashcards select").select_option("02-pain-pathways")
    expect(deck).to_have_attribute("aria-label", re.compile(r"^Flashcards: Chapter 2"))
    expect(deck.locator(".flipper")).to_have_count(2)
    deck.click()
    turned_to_definition(page, deck, live)
    expect(live).to_have_text(re.compile(r"^Definition: "))
    assert not watch.errors and not watch.external, (watch.errors, watch.external)


def test_known_cards_are_counted_and_remembered_after_a_reload(offline_site, watch):
    """Issue 15: a card marked as known stays out of the deck after a reload, with a counter."""
    page = watch.page
    url = f"{offline_site['url']}/book/flashcards.html"
    watch.goto(url)
    count = page.locator(".np-flashcards-count")
    page.wait_for_function("() => /^0 of \\d+ cards/.test(document.querySelector('.np-flashcards-count').textContent)")
    total = int(count.inner_text().split(" of ")[1].split()[0])
    assert page.locator(".np-flashcards-forget").is_disabled()
    page.locator(".flip-container .frontcard .front .flashcardKnown").first.click()
    page.wait_for_function("() => document.querySelector('.np-flashcards-count').textContent.startsWith('1 of ')",
                           timeout=5000)

    watch.goto(url)
    page.wait_for_function("() => document.querySelector('.np-flashcards-count').textContent.startsWith('1 of ')",
                           timeout=5000)
    assert count.inner_text().startswith(f"1 of {total} cards in this deck known")
    page.locator(".np-flashcards").screenshot(path=str(SCREENSHOTS / "flashcards-known-after-reload.png"))
    page.locator(".np-flashcards-forget").click()
    page.wait_for_function("() => document.querySelector('.np-flashcards-count').textContent.startsWith('0 of ')",
                           timeout=5000)
    assert not watch.errors, watch.errors[:3]
