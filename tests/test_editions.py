"""The student edition carries no solution content: not in pages, search index or downloads."""

from __future__ import annotations

import html
import json
import re

import pytest
from npcourse_book.authoring.exercises import BEGIN, END

from .conftest import ROOT, notebooks, shared_build

STUDENT_HTML = ROOT / "_build" / "student" / "_build" / "html"
SOLUTION_DIRECTIVE = re.compile(r"^(```+|:::+)\{solution\}[^\n]*\n(.*?)^\1", re.M | re.S)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shared_lines() -> set[str]:
    """Code lines that also appear outside solution blocks (imports, calls to checks...)."""
    lines = set()
    for path in notebooks("exercises") + notebooks("book"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                lines |= {normalise(line) for line in "".join(cell["source"]).splitlines()}
    return lines


def solution_snippets() -> set[str]:
    """Distinctive lines that only solutions contain: solution code and in-text solutions."""
    snippets = set()
    for path in notebooks("solutions"):
        for cell in json.loads(path.read_text())["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] == "code":
                for block in re.findall(rf"{re.escape(BEGIN)}\n(.*?){re.escape(END)}", src, re.S):
                    snippets |= {normalise(line) for line in block.splitlines() if len(line.strip()) >= 15}
    for path in notebooks("book"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                for _, body in SOLUTION_DIRECTIVE.findall("".join(cell["source"])):
                    text = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
                    # sentences long enough to be distinctive, cut before any MyST role
                    for sentence in re.split(r"(?<=[.!?])\s+", normalise(text)):
                        part = sentence.split("{")[0].strip()
                        if len(part) >= 30:
                            snippets.add(part)
    return snippets - shared_lines()


def site_text(root) -> dict[str, str]:
    """Every file of a built site as searchable text (HTML stripped of tags and unescaped)."""
    texts = {}
    for f in root.rglob("*"):
        if not f.is_file() or f.suffix not in {".html", ".js", ".ipynb", ".md", ".txt", ".json"}:
            continue
        if "_static" in f.relative_to(root).parts and f.name != "searchindex.js":
            continue
        raw = f.read_text(encoding="utf-8", errors="replace")
        if f.suffix == ".html":
            raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
        elif f.suffix == ".ipynb":
            raw = "\n".join("".join(c.get("source", "")) for c in json.loads(raw).get("cells", []))
        texts[str(f.relative_to(root))] = normalise(raw)
    return texts


def leaks(root) -> list[str]:
    snippets = solution_snippets()
    return sorted(f"{name}: {s[:60]!r}" for name, text in site_text(root).items() for s in snippets if s in text)


@pytest.fixture(scope="module")
def student_book(pytestconfig):
    done = shared_build(pytestconfig, "student", "EDITION=student")
    assert done["returncode"] == 0, done["log"][-4000:]
    return STUDENT_HTML


def test_there_are_solution_snippets_to_look_for():
    assert len(solution_snippets()) >= 5


def test_the_leak_check_finds_solutions_in_the_default_edition(built_book):
    # Proof that the check can fail: the self-study edition does contain the solutions.
    assert leaks(built_book["html"]), "no solution text found even in the default edition"


def test_student_edition_has_no_solution_content(student_book):
    assert not list(student_book.rglob("solutions/*.html")), "solution pages were built"
    index = (student_book / "searchindex.js").read_text()
    assert "solutions/" not in index, "solution pages are in the search index"
    assert "instructor-guide" not in index
    found = leaks(student_book)
    assert not found, "solution content in the student edition:\n" + "\n".join(found[:20])
    assert "(student edition)" in (student_book / "book" / "intro.html").read_text()


def test_student_lite_site_has_the_exercises_but_no_solutions(student_book):
    files = student_book / "lite" / "files"
    assert sorted(p.name for p in (files / "exercises").glob("*.ipynb")) == [p.name for p in notebooks("exercises")]
    assert not (files / "solutions").exists(), "solution notebooks in the student lite site"
    chapters = sorted((files / "book").glob("*.ipynb"))
    assert chapters, "no chapters in the student lite site"
    for nb in chapters:
        assert "{solution}" not in nb.read_text(encoding="utf-8"), f"{nb.name}: solution block in the lite copy"
