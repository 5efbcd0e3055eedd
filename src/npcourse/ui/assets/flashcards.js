/* Course wiring for a jupytercards deck (see npcourse/flashcards.py): a deck chooser, and
   keyboard and screen-reader support that jupytercards 3.2 lacks. Runs in JupyterLab and in
   the static book. CHOOSER_ID is replaced by the id of this deck's <select>. */
(function () {
  "use strict";
  var chooserId = "CHOOSER_ID";
  var tries = 0;

  // The jupytercards container is the first .flip-container after the chooser in the same
  // cell output (the outputs of one cell are siblings in JupyterLab and in the book).
  function findDeck(chooser) {
    for (var scope = chooser.parentElement; scope; scope = scope.parentElement) {
      var decks = scope.querySelectorAll(".flip-container");
      for (var i = 0; i < decks.length; i++) {
        if (chooser.compareDocumentPosition(decks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
          return decks[i];
        }
      }
    }
    return null;
  }

  function busy(deck) {
    return deck.classList.contains("slide") || deck.classList.contains("slideback");
  }

  // Only the face a sighted reader sees is exposed to screen readers and to Tab.
  function syncFaces(deck, live) {
    var flipped = deck.classList.contains("flip");
    var shown = "";
    deck.querySelectorAll(".flipper").forEach(function (flipper) {
      var top = flipper.classList.contains("frontcard");
      flipper.querySelectorAll(".front, .back").forEach(function (face) {
        var visible = top && (face.classList.contains("back") ? flipped : !flipped);
        face.setAttribute("aria-hidden", visible ? "false" : "true");
        face.querySelectorAll(".flashcardKnown, .flashcardNotKnown").forEach(function (icon) {
          icon.setAttribute("tabindex", visible ? "0" : "-1");
        });
        if (visible) {
          var text = face.querySelector(".flashcardtext");
          var kind = face.classList.contains("complete") ? "" :
                     face.classList.contains("back") ? "Definition: " : "Term: ";
          shown = kind + (text ? text.textContent.trim() : "");
        }
      });
    });
    if (shown && live.textContent !== shown) { live.textContent = shown; }
  }

  // jupytercards draws its controls as spans and a div: make them named, focusable buttons.
  function decorate(deck, next) {
    deck.querySelectorAll(".flashcardKnown:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "button");
      icon.setAttribute("aria-label", "I knew this: take the card out of the deck");
    });
    deck.querySelectorAll(".flashcardNotKnown:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "button");
      icon.setAttribute("aria-label", "Not yet: keep the card in the deck");
    });
    if (next && !next.hasAttribute("role")) {
      next.setAttribute("role", "button");
      next.setAttribute("tabindex", "0");
      next.setAttribute("aria-label", "Next card");
    }
    if (next) {
      var hidden = next.classList.contains("hide");
      next.setAttribute("tabindex", hidden ? "-1" : "0");
      next.setAttribute("aria-hidden", hidden ? "true" : "false");
    }
  }

  function activate(event, action) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      action();
    }
  }

  function wire() {
    var chooser = document.getElementById(chooserId);
    var deck = chooser && findDeck(chooser);
    if (!deck) {
      if (tries++ < 50) { setTimeout(wire, 100); }
      return;
    }
    if (deck.dataset.npDeck) { return; }
    // An attribute, not a class: jupytercards rewrites the container's className as cards slide.
    deck.dataset.npDeck = chooserId;
    var next = document.getElementById(deck.id + "-next");
    var help = document.getElementById(chooserId + "-help");
    var live = document.getElementById(chooserId + "-live");
    deck.setAttribute("role", "group");
    deck.setAttribute("aria-roledescription", "flashcard deck");
    deck.setAttribute("aria-describedby", help.id);

    function label() {
      deck.setAttribute("aria-label", "Flashcards: " + chooser.options[chooser.selectedIndex].text);
    }
    var count = document.getElementById(chooserId + "-count");
    var forget = document.getElementById(chooserId + "-forget");
    // How many of this deck's cards are known: jupytercards keeps them in dataset.deleteList
    // (and, with storage on, in localStorage under jc-deleteList-<deck key>).
    function showCount() {
      if (!count) { return; }
      var known = 0;
      try { known = JSON.parse(deck.dataset.deleteList || "[]").length; } catch (e) { known = 0; }
      var total = parseInt(deck.dataset.numCards || "0", 10);
      var text = total ? known + " of " + total + " cards in this deck known (remembered in this browser)" : "";
      if (count.textContent !== text) { count.textContent = text; }
      if (forget) { forget.disabled = !known; }
    }
    function update() { decorate(deck, next); syncFaces(deck, live); showCount(); }

    // Keys on the deck itself; Tab is never captured, so focus can always leave the deck.
    deck.addEventListener("keydown", function (event) {
      if (event.target.matches(".flashcardKnown, .flashcardNotKnown")) {
        activate(event, function () { event.target.click(); });
        return;
      }
      if (event.target !== deck || busy(deck)) { return; }
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        window.flipCard(deck);
      } else if ((event.key === "ArrowRight" || event.key === "n") && next && !next.classList.contains("hide")) {
        event.preventDefault();
        window.checkFlip(deck.id);
      }
    });
    if (next) {
      next.addEventListener("keydown", function (event) {
        activate(event, function () { if (!busy(deck)) { window.checkFlip(deck.id); } });
      });
    }

    if (forget) {
      forget.addEventListener("click", function () {
        try { window.localStorage.removeItem("jc-deleteList-" + deck.dataset.localStorageKey); } catch (e) { /* none kept */ }
        deck.dataset.deleteList = "[]";
        chooser.dispatchEvent(new Event("change"));
      });
    }

    chooser.addEventListener("change", function () {
      var topics = chooser.value ? [chooser.value] : [];
      (function reset() {
        if (busy(deck)) { setTimeout(reset, 200); return; }  // let a card finish sliding
        deck.className = "flip-container";
        deck.innerHTML = "";
        window.setTopics(deck, topics);
        label();
        update();
      })();
    });

    new MutationObserver(update).observe(deck, { childList: true, subtree: true, attributes: true,
                                                 attributeFilter: ["class"] });
    if (next) { new MutationObserver(update).observe(next, { attributes: true, attributeFilter: ["class"] }); }
    label();
    update();
  }

  wire();
})();
