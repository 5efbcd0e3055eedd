"""The self-test page's module (npcourse.ui.selftest): the bank it embeds, its HTML, bad input."""

from __future__ import annotations

import html
import json
import re

import pytest

from npcourse.ui import quiz, selftest

from .conftest import ROOT


def test_bank_holds_every_chapter_quiz_question_in_jupyterquiz_form():
    chapters = selftest.bank()
    assert [c["stem"] for c in chapters] == selftest.chapter_stems()
    assert len(chapters) >= 11
    for c in chapters:
        assert c["questions"] == quiz.to_jupyterquiz(quiz.load_bank(c["stem"]))
        assert c["title"].startswith(f"Chapter {int(c['stem'][:2])}: ")


def test_bank_json_cannot_end_its_script_element_early():
    chapters = [{"stem": "01-x", "title": "T", "questions": [{"question": "a </script><script>alert(1)"},
                                                              {"question": "<!-- b"}]}]
    text = selftest.bank_json(chapters)
    assert "<" not in text
    assert json.loads(text) == chapters


def test_page_has_one_labelled_checkbox_per_chapter_and_the_whole_bank():
    chapters = selftest.bank()
    page = selftest.page_html(chapters, 10)
    boxes = re.findall(r'<label><input type="checkbox" name="np-selftest-chapter" value="([^"]+)"> ([^<]+)', page)
    assert [b[0] for b in boxes] == [c["stem"] for c in chapters]
    assert [html.unescape(b[1]).strip() for b in boxes] == [c["title"] for c in chapters]
    embedded = re.search(r'<script type="application/json" class="np-selftest-bank">(.*?)</script>', page, re.S)
    assert json.loads(embedded.group(1)) == chapters
    assert "Start a set of 10 questions" in page and "<legend>Chapters you have read</legend>" in page


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: selftest.bank("01-pain-types"), TypeError, "stems must be a list"),
    (lambda: selftest.bank(["99-nothing"]), ValueError, "stems must be chapters with a quiz bank"),
    (lambda: selftest.chapter_title("flashcards"), ValueError, "stem must be one of the quiz chapters"),
    (lambda: selftest.page_html([], 0), ValueError, "set_size must be a whole number from 1 to 50"),
    (lambda: selftest.page_html([], True), ValueError, "set_size must be"),
    (lambda: selftest.bank_json("x"), TypeError, "chapters must be the list"),
])
def test_bad_input_names_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_every_chapter_quiz_links_to_the_self_test_and_the_page_is_in_the_toc():
    import nbformat

    assert "- file: book/self-test\n" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for stem in selftest.chapter_stems():
        nb = nbformat.read(ROOT / "book" / f"{stem}.ipynb", as_version=4)
        at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "quiz.show(" in c.source)
        after = nb.cells[at + 1]
        assert after.cell_type == "markdown" and "<self-test>`" in after.source, stem
        assert after.source.startswith("**Test yourself across chapters.**"), stem
