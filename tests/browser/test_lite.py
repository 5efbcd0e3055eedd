"""The JupyterLite site of the offline build opens its notebooks with the network cut off.

Only the shell is checked: the Python kernel needs Pyodide from its CDN, which these tests
block, so the one external request allowed (and expected) is Pyodide's loader. Starting the
kernel and running the cells needs a reader's internet connection and is not tested here.
"""

from __future__ import annotations

import json
import re

from ..conftest import ROOT, chapter_stems, notebooks
from .conftest import SCREENSHOTS, PageWatch

PYODIDE = re.compile(r"https://cdn\.jsdelivr\.net/pyodide/v[\w.]+/full/")
# jupyterlab-myst (pinned for class, and so also in the lite site) renders each notebook on
# its own and logs a console error for every reference to a label in another notebook or to a
# glossary term ({ref}`sec-ch01-…`, {term}`…`): those show as plain text. Only that message,
# in exactly that form, is expected; any other console error still fails.
MYST_CROSS_REFERENCE = re.compile(r"^console error: (Cross reference target was not found: [^\n]+\n?)+$")


def cell_count(stem: str) -> int:
    return len(json.loads((ROOT / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"])


def open_in_lite(w: PageWatch, stem: str) -> None:
    cells = w.page.locator(".jp-Notebook .jp-Cell")
    cells.first.wait_for(timeout=90_000)
    # The editor fills in after the cell appears.
    w.page.wait_for_function(
        "() => (document.querySelector('.jp-Notebook .jp-Cell') || {}).innerText?.includes('%pip')",
        timeout=30_000)
    first = cells.first.inner_text()
    assert "%pip install npcourse" in first, f"{stem}: first cell is {first[:120]!r}"
    w.page.wait_for_function(
        "n => document.querySelectorAll('.jp-Notebook .jp-Cell').length === n", arg=cell_count(stem) + 1,
        timeout=30_000)
    w.page.get_by_text("Python (Pyodide)").first.wait_for(timeout=30_000)


def unexpected(w: PageWatch) -> tuple[list[str], list[str]]:
    errors = [e for e in w.errors if not PYODIDE.search(e) and not MYST_CROSS_REFERENCE.match(e)]
    external = [u for u in w.external if not PYODIDE.match(u)]
    return errors, external


def test_try_link_opens_the_exercise_in_jupyterlite_offline(offline_site, browser):
    stem = f"exercises/{notebooks('exercises')[0].stem}"
    w = PageWatch(browser, width=1280, height=900)
    try:
        w.goto(f"{offline_site['url']}/{stem}.html")
        w.page.locator("a.np-try-lite-link").click()
        w.page.wait_for_url(re.compile(r"/lite/lab/"), timeout=30_000)
        open_in_lite(w, stem)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        w.page.screenshot(path=str(SCREENSHOTS / "lite-exercise.png"))
        errors, external = unexpected(w)
        assert not errors, errors[:10]
        assert not external, f"requests other than Pyodide's: {external[:10]}"
    finally:
        w.close()


def test_a_chapter_opens_in_jupyterlite_by_its_address(offline_site, browser):
    """A chapter opened by URL, as the chapter page's link does. One chapter and one exercise
    (above) stand for the rest: tests/test_lite.py checks every notebook file in the site is
    valid with its install cell, and each JupyterLab start costs seconds."""
    stem = f"book/{chapter_stems()[-1]}"
    w = PageWatch(browser, width=1280, height=900)
    try:
        w.page.goto(f"{offline_site['url']}/lite/lab/index.html?path={stem}.ipynb",
                    wait_until="domcontentloaded")
        open_in_lite(w, stem)
        errors, external = unexpected(w)
        assert not errors, errors[:10]
        assert not external, f"requests other than Pyodide's: {external[:10]}"
    finally:
        w.close()
