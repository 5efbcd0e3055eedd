"""The parallel-run groups hold: a notebook's nbval cells all run, in order, on one xdist worker.

Each notebook's ``all-cells`` item (tests/executed.py) checks this in every full run; it guards
against the grouping silently stopping (as it does with pytest 9.2 and xdist 3.8,
pytest-xdist issue #1386), which would run a notebook's cells in different kernels.
"""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from .conftest import ROOT
from .grouping import group_of, rank


def fake_item(path, fixtures=()):
    return SimpleNamespace(path=ROOT / path, fixturenames=list(fixtures))


def test_groups_are_assigned_by_path_and_fixture():
    assert group_of(fake_item("book/01-pain-types.ipynb")) == "nb-book-01-pain-types"
    assert group_of(fake_item("solutions/01-pain-types.ipynb")) == "nb-solutions-01-pain-types"
    assert group_of(fake_item("tests/browser/test_pages.py")) == "browser-pages"
    assert group_of(fake_item("tests/test_quiz.py", ["built_book"])) == "book"
    assert group_of(fake_item("tests/test_lite.py", ["lite_site", "built_book"])) == "book"
    assert group_of(fake_item("tests/browser/test_lite.py", ["offline_site"])) == "browser-lite"
    assert group_of(fake_item("tests/test_editions.py", ["built_book"])) == "student"
    assert group_of(fake_item("tests/test_repository.py", ["configured_book"])) == "repository"
    assert group_of(fake_item("tests/test_quiz.py")) is None


def test_long_groups_are_handed_out_first():
    """With --no-loadscope-reorder xdist hands groups out in item order: the page walk and the
    default build first, then the other browser modules and builds, notebooks, then unit tests."""
    order = [rank(fake_item(p, f)) for p, f in [
        ("tests/browser/test_pages.py", ()), ("tests/test_build.py", ()), ("tests/browser/test_reading.py", ()),
        ("book/01-pain-types.ipynb", ()), ("tests/test_quiz.py", ())]]
    assert order == sorted(order) and len(set(order)) == len(order), order


def test_check_tests_follow_their_notebook_in_its_group():
    """Collection order (no notebook runs): each notebook's cells, then its all-cells item, then the
    check test that reads that run; the worker-side proof is each notebook's all-cells item."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
         "solutions/01-pain-types.ipynb", "tests/test_notebooks.py", "-k", "01-pain-types"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    ids = [line for line in proc.stdout.splitlines() if "::" in line]
    nb = "solutions/01-pain-types.ipynb"
    cells = [i for i, line in enumerate(ids) if line.startswith(f"{nb}::Cell ")]
    whole = ids.index(f"{nb}::all-cells")
    check = ids.index("tests/test_notebooks.py::test_every_check_passes_in_the_solution[01-pain-types]")
    assert cells and max(cells) < whole == max(cells) + 1 and check == whole + 1, ids
