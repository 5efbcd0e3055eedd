"""pytest plugin (loaded by `-p tests.grouping` in pyproject.toml): groups for parallel runs.

`make test` runs pytest-xdist with `--dist loadgroup` (see the Makefile). Two groups hold the
slow work, so the two workers can each take one: "book" (the default and student builds and
the tests that read them) and "browser" (the offline build and everything driven in Chromium).
The builds themselves never overlap: tests.conftest.make_book takes a file lock. Each
notebook's nbval cells share one kernel and must stay together, in order, on one worker. A plugin rather than
tests/conftest.py because conftest hooks do not see the notebooks in book/, exercises/, solutions/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BOOK_MODULES = {"test_build.py", "test_budgets.py", "test_editions.py"}


def group_of(item) -> str | None:
    path = Path(str(item.path))
    if path.suffix == ".ipynb":
        return f"nb-{path.parent.name}-{path.stem}"
    fixtures = set(getattr(item, "fixturenames", ()))
    if path.parent.name == "browser" or "offline_site" in fixtures:
        # One group: the offline_site fixture rebuilds _build/offline from scratch, which
        # would pull the site from under a page walk running on another worker.
        return "browser"
    if path.name in BOOK_MODULES or "built_book" in fixtures:
        return "book"
    return None


BUILD_MODULES = {"test_lite.py", "test_lint.py", "test_import_contract.py"}
# Tests that run notebooks' code (the hygiene tests of test_notebooks.py only read them).
NOTEBOOK_TESTS = {"test_nbval_collects_every_notebook", "test_every_check_passes_in_the_solution",
                  "test_untouched_exercise_reports_not_answered",
                  # runs chapter 1 under nbval in a pytest subprocess (30 s): not a unit test
                  "test_notebook_cells_stay_on_one_worker"}


def tier_of(item) -> str:
    """The test tier, declared here once for the whole suite (markers registered in pyproject):
    browser (Chromium), build (builds the book, the lite site or a wheel, or lints the tree),
    notebooks (runs notebooks), unit (everything else: `make check`)."""
    path = Path(str(item.path))
    group = group_of(item)
    if path.suffix == ".ipynb" or getattr(item, "originalname", None) in NOTEBOOK_TESTS:
        return "notebooks"
    if group == "browser":
        return "browser"
    if group == "book" or path.name in BUILD_MODULES:
        return "build"
    return "unit"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        name = group_of(item)
        if name:
            item.add_marker(pytest.mark.xdist_group(name))
        item.add_marker(getattr(pytest.mark, tier_of(item)))
