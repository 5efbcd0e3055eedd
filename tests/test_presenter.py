"""The presenter's page (lab-start.ipynb, opened by `make lab`) is generated from the lesson plans."""

import json

import nbformat
from npcourse_book.authoring import presenter

from npcourse.facts import data
from npcourse.ui import page

from .conftest import ROOT


def test_presenter_page_matches_the_lesson_data():
    committed = (ROOT / presenter.PAGE).read_text(encoding="utf-8")
    assert committed == presenter.render(), "lab-start.ipynb is out of date: run `make presenter`"
    nb = nbformat.reads(committed, as_version=4)
    nbformat.validate(nb)
    text = "\n".join(c.source for c in nb.cells)
    assert all(c.cell_type == "markdown" for c in nb.cells)
    lessons = data.load("lessons")["lessons"]
    for stem, chapter in page.chapters().items():
        assert f"]({'book'}/{stem}.ipynb)" in text and chapter["title"] in text
        assert (ROOT / "book" / f"{stem}.ipynb").exists()
        assert lessons[stem]["activity"] in text
        for segment in lessons[stem]["segments"]:
            assert f"**{segment['minutes']} min:** {segment['what']}" in text


def test_presenter_page_is_outside_the_book_and_make_lab_opens_it():
    assert presenter.PAGE not in json.dumps((ROOT / "_toc.yml").read_text())
    assert f"--LabApp.default_url=/lab/tree/{presenter.PAGE}" in (ROOT / "Makefile").read_text()


def test_presenter_check_reports_drift(tmp_path, capsys):
    assert presenter.main(["--root", str(tmp_path), "--check"]) == 1
    assert presenter.main(["--root", str(tmp_path)]) == 0
    assert presenter.main(["--root", str(tmp_path), "--check"]) == 0
    (tmp_path / presenter.PAGE).write_text("{}")
    assert presenter.main(["--root", str(tmp_path), "--check"]) == 1
