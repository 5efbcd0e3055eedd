"""The parallel-run groups hold: a notebook's nbval cells all run, in order, on one xdist worker.

Guards against the grouping silently stopping (as it does with pytest 9.2 and xdist 3.8,
pytest-xdist issue #1386), which would run a notebook's cells in different kernels.
"""

from __future__ import annotations

import re
import subprocess
import sys
from types import SimpleNamespace

from .conftest import ROOT
from .grouping import group_of


def fake_item(path, fixtures=()):
    return SimpleNamespace(path=ROOT / path, fixturenames=list(fixtures))


def test_groups_are_assigned_by_path_and_fixture():
    assert group_of(fake_item("book/01-pain-types.ipynb")) == "nb-book-01-pain-types"
    assert group_of(fake_item("solutions/01-pain-types.ipynb")) == "nb-solutions-01-pain-types"
    assert group_of(fake_item("tests/browser/test_pages.py")) == "browser"
    assert group_of(fake_item("tests/test_quiz.py", ["built_book"])) == "book"
    assert group_of(fake_item("tests/test_lite.py", ["lite_site", "built_book"])) == "book"
    assert group_of(fake_item("tests/browser/test_lite.py", ["offline_site"])) == "browser"
    assert group_of(fake_item("tests/test_quiz.py")) is None


def test_notebook_cells_stay_on_one_worker():
    nb = "book/01-pain-types.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", "-n", "2", "--dist", "loadgroup",
         "tests/test_validate.py", nb],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    workers = re.findall(rf"\[(gw\d+)\][^\n]*PASSED {re.escape(nb)}::Cell \d+@nb-book-01-pain-types", proc.stdout)
    cells = re.findall(rf"{re.escape(nb)}::Cell \d+", proc.stdout)
    assert workers, f"no grouped notebook cells in the output:\n{proc.stdout[-3000:]}"
    assert len(workers) == len(set(cells)), "some cells ran without their group"
    assert len(set(workers)) == 1, f"cells of one notebook ran on several workers: {sorted(set(workers))}"
