"""The book builds with -W -n and zero warnings, and the built pages carry what they must."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import ROOT, chapter_stems


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def test_book_builds_with_zero_warnings(built_book):
    log = built_book["log"]
    assert built_book["returncode"] == 0, log[-4000:]
    # Sphinx reports "path:line: WARNING: ..." / "ERROR: ..." (a space after the colon); a
    # kernel's own stderr chatter during execution ("[IPKernelApp] WARNING | ...", or Python
    # logging's "ERROR:tornado.general:..." when a kernel shuts down) is not a build warning.
    warnings = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL): ", line)]
    assert not warnings, "\n".join(warnings[:20])
    assert "build succeeded" in log


def test_every_toc_page_is_built(built_book):
    for f in toc_files():
        assert (built_book["html"] / f"{f}.html").exists(), f


def page(built_book, name: str) -> str:
    return (built_book["html"] / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", chapter_stems())
def test_chapter_has_static_interactives_and_honest_live_widget(built_book, stem):
    html = page(built_book, f"book/{stem}")
    # Altair charts whose parameters are bound to HTML controls work without a kernel.
    bound = re.findall(r'"bind":\s*\{"input":\s*"(range|select|radio|checkbox)"', html)
    # Each chart is a build-time picture with its spec beside it (npcourse.ui.charts.static_html).
    charts = html.count('class="np-chart-spec"')
    assert charts >= 2 and len(bound) >= 2, f"{stem}: {charts} charts, {len(bound)} bound controls"
    # A chapter with live widgets (a widgets module) says they need a kernel; chapter 11 has none.
    package = ROOT / "src" / "npcourse" / "chapters" / f"c{stem.replace('-', '_')}"
    assert package.is_dir(), package
    if (package / "widgets.py").exists():
        assert "run this notebook to use the controls" in html
    assert "jupyter-widgets" not in html or "widget-state" in html


def test_footer_carries_the_disclaimer(built_book):
    for f in toc_files():
        assert "not medical advice" in page(built_book, f), f


QUIZ_FILES = re.compile(r'<script src="(?:\.\./)*_static/npcourse-jupyterquiz\.js\?v=\w+"></script>'
                        r'<script src="(?:\.\./)*(_static/quizzes/[\w/-]+\.js)\?v=\w+"></script>')


@pytest.mark.parametrize("stem", chapter_stems())
def test_quiz_is_in_the_static_page(built_book, stem):
    """Each quiz box is drawn in place from the page's quiz file (npcourse_book.pageassets)."""
    html = page(built_book, f"book/{stem}")
    files = QUIZ_FILES.findall(html)
    assert len(files) == 1, f"{stem}: jupyterquiz's library and the page's questions are not linked once"
    data = (built_book["html"] / files[0]).read_text(encoding="utf-8")
    boxes = re.findall(r'<div id="([A-Za-z]+)" data-shufflequestions=', html)
    assert boxes and "show_questions(" in data, f"{stem}: no quiz, or its file does not draw it"
    for box in boxes:
        assert f'npcourseQuiz("{box}")' in html and f'"{box}": [' in data, f"{stem}: quiz {box} is not drawn"
    assert "var questions" not in html, f"{stem}: questions still inline in the page"


def test_every_page_with_quizzes_carries_the_quiz_library_and_styles_once_before_them(built_book):
    """npcourse.ui.quiz sends jupyterquiz's script and stylesheet with a page's first quiz only,
    and the build moves the script to _static/npcourse-jupyterquiz.js. If that first output
    were hidden (e.g. a remove-output tag), every later quiz on the page would silently fail, so
    each page must load the library and define the stylesheet exactly once, ahead of every quiz."""
    problems = []
    library_file = built_book["html"] / "_static" / "npcourse-jupyterquiz.js"
    assert re.search(r"function show_questions\s*\(", library_file.read_text(encoding="utf-8"))
    for path in sorted(built_book["html"].rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        boxes = [m.start() for m in re.finditer(r'data-numquestions="', html)]
        if not boxes:
            continue
        rel = path.relative_to(built_book["html"]).as_posix()
        library = [m.start() for m in re.finditer(r"function show_questions\s*\(|npcourse-jupyterquiz\.js", html)]
        styles = [m.start() for m in re.finditer(r"<style>\s*\.Quiz \{", html)]
        if len(library) != 1 or len(styles) != 1:
            problems.append(f"{rel}: {len(boxes)} quizzes, library {len(library)}x, stylesheet {len(styles)}x")
        else:
            # Both belong to the first quiz's outputs: after its box, before the second box.
            second = boxes[1] if len(boxes) > 1 else len(html)
            if not (boxes[0] < styles[0] < second and boxes[0] < library[0] < second):
                problems.append(f"{rel}: library or stylesheet is not with the first quiz")
        if re.search(r"<style>\s*#[A-Za-z]+ \{\s*--jq-", html):
            problems.append(f"{rel}: a quiz still carries jupyterquiz's own per-quiz stylesheet")
    assert not problems, "\n".join(problems)
