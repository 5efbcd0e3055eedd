"""pytest plugin (loaded by `-p tests.grouping` in pyproject.toml): groups for parallel runs.

`make test` runs pytest-xdist with `--dist loadgroup` (see the Makefile). Two groups hold the
slow work, so the two workers can each take one: "book" (the default and student builds and
the tests that read them) and "browser" (the offline build and everything driven in Chromium).
The builds themselves never overlap: tests.conftest.make_book takes a file lock. Each
notebook's nbval cells share one kernel and must stay together, in order, on one worker; so do the
items tests.executed adds after them (the notebook's ``all-cells`` check and the exercise-check
tests, which read what nbval's run displayed instead of running the notebook again). A plugin
rather than tests/conftest.py because conftest hooks do not see the notebooks in book/,
exercises/, solutions/.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

BOOK_MODULES = {"test_build.py", "test_budgets.py", "test_editions.py"}


# Tests that read a notebook's nbval run (tests.executed.check_results): they join its group.
CHECK_TESTS = {"test_every_check_passes_in_the_solution", "test_untouched_exercise_reports_not_answered"}


def notebook_of(item) -> Path | None:
    """The notebook a check test reads (its ``path`` parameter), else None."""
    if getattr(item, "originalname", None) in CHECK_TESTS:
        return Path(item.callspec.params["path"])
    return None


def group_of(item) -> str | None:
    path = notebook_of(item) or Path(str(item.path))
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
NOTEBOOK_TESTS = {"test_nbval_collects_every_notebook", *CHECK_TESTS}


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
    from . import executed  # here, not at the top: pytest imports it first (-p tests.executed)

    executed.arrange(items)
    executed.place_after_notebook(items, notebook_of)
    for item in items:
        name = group_of(item)
        if name:
            item.add_marker(pytest.mark.xdist_group(name))
        item.add_marker(getattr(pytest.mark, tier_of(item)))


# --- where the wall time goes (benchmarks/suite-profile.md is written from these) -------------

TIMINGS = Path(__file__).resolve().parents[1] / "_build" / "test-timings"


def pytest_configure(config):
    """The controller (or a single process) starts each session with no timings (a collect-only
    run, such as tests/test_grouping.py starts inside the suite, leaves them alone)."""
    global _RECORD
    if not hasattr(config, "workerinput") and not config.option.collectonly:
        import shutil

        shutil.rmtree(TIMINGS, ignore_errors=True)
        # xdist's controller sees every worker's tests too: only the workers record them.
        _RECORD = getattr(config.option, "dist", "no") == "no" or not getattr(config.option, "numprocesses", None)


def pytest_runtest_logstart(nodeid, location):
    _STARTED[nodeid] = time.time()


def pytest_runtest_logfinish(nodeid, location):
    """Append one line per test (setup + call + teardown, so a session fixture's build is counted
    in the first test that needs it) to _build/test-timings/<worker>.jsonl."""
    start = _STARTED.pop(nodeid, None)
    if start is None or not _RECORD:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    TIMINGS.mkdir(parents=True, exist_ok=True)
    with open(TIMINGS / f"{worker}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps({"test": nodeid, "worker": worker, "start": start,
                              "seconds": round(time.time() - start, 3)}) + "\n")


_STARTED: dict[str, float] = {}
_RECORD = True
