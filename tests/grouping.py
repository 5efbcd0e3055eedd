"""pytest plugin (loaded by `-p tests.grouping` in pyproject.toml): groups for parallel runs.

`make test` runs pytest-xdist with `--dist loadgroup --no-loadscope-reorder` (see the Makefile).
Each build is made once per run by whichever worker needs it first (tests.conftest.shared_build;
the notebooks are executed once for all builds, two at a time, under tests.conftest.book_lock),
so tests that read a build need not share a worker. Groups keep together what must run in one
process: each browser test module ("browser-<module>", its module fixtures and the page walk of
test_pages.py), the tests of the default build ("book"), of the student edition ("student") and
of the repository-configured build ("repository"), and each notebook's nbval cells, which share
one kernel and must stay together, in order, on one worker; so do the items tests.executed adds
after them (the notebook's ``all-cells`` check and the exercise-check tests, which read what
nbval's run displayed instead of running the notebook again). Items are ordered longest-first
(:data:`ORDER`), and xdist hands groups out in that order, so the long browser modules and the
builds start at once on both workers and the short tests fill the end. A plugin rather than
tests/conftest.py because conftest hooks do not see the notebooks in book/, exercises/,
solutions/.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

BOOK_MODULES = {"test_build.py", "test_budgets.py"}
# Modules whose own build is their group (they may also read the default build).
BUILD_GROUPS = {"test_editions.py": "student", "test_repository.py": "repository"}


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
        # One group per module: module fixtures (a JupyterLab server, the page walk) stay in one
        # process; the offline build itself is shared by both workers (conftest.shared_build).
        return f"browser-{path.stem.removeprefix('test_')}"
    if path.name in BUILD_GROUPS:
        return BUILD_GROUPS[path.name]
    if path.name in BOOK_MODULES or "built_book" in fixtures:
        return "book"
    return None


# Which groups xdist hands out first (with --no-loadscope-reorder it follows the items' order):
# the measured longest first (benchmarks/suite-profile.md), so both workers start on a build or a
# long browser module and the many short unit tests fill in at the end. "browser-pages" is the one
# page walk that also runs the learner's quiz walk, the numeric inputs', tables' and diagrams'
# checks (each page opened once per width); what is left of quiz_learner, diagrams and
# layout_tables is their probes and the progress test, a few seconds each; the walk also measures
# the chart text of test_layout_charts.py, whose module keeps only the measure's probe.
ORDER = ["browser-pages", "book", "student", "browser-lab", "repository",
         "browser-throttled", "browser-throttled_charts", "browser-reading", "browser-quiz_learner",
         "browser-layout_tables", "browser-"]


def rank(item) -> int:
    group = group_of(item) or ""
    if group.startswith("nb-"):
        return len(ORDER) + 1
    if not group:
        return len(ORDER) + 2
    return next((i for i, prefix in enumerate(ORDER) if group == prefix or (prefix.endswith("-")
                 and group.startswith(prefix))), len(ORDER))


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
    if group and group.startswith("browser-"):
        return "browser"
    if group in ("book", *BUILD_GROUPS.values()) or path.name in BUILD_MODULES:
        return "build"
    return "unit"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    from . import executed  # here, not at the top: pytest imports it first (-p tests.executed)

    executed.arrange(items)
    executed.place_after_notebook(items, notebook_of)
    items.sort(key=rank)  # stable: each group keeps its order (nbval cells, then what reads them)
    for item in items:
        name = group_of(item)
        if name:
            item.add_marker(pytest.mark.xdist_group(name))
        item.add_marker(getattr(pytest.mark, tier_of(item)))


# --- where the wall time goes (benchmarks/suite-profile.md is written from these) -------------

TIMINGS = Path(__file__).resolve().parents[1] / "_build" / "test-timings"


def pytest_configure(config):
    """Each run records into its own folder, _build/test-timings/<start time>-<run id>/ (a run
    started inside another, or beside it, never mixes with or clears it); folders older than a
    day are removed."""
    global _RECORD, _FOLDER
    from .conftest import run_id

    workerinput = getattr(config, "workerinput", None)
    if config.option.collectonly:
        _RECORD = False
        return
    if workerinput is None:
        # xdist's controller sees every worker's tests too: only the workers record them.
        _RECORD = getattr(config.option, "dist", "no") == "no" or not getattr(config.option, "numprocesses", None)
        config._npcourse_started = time.strftime("%Y%m%d-%H%M%S")
        for old in TIMINGS.glob("*/") if TIMINGS.is_dir() else ():
            if time.time() - old.stat().st_mtime > 86400:
                import shutil

                shutil.rmtree(old, ignore_errors=True)
    started = workerinput.get("npcourse_started") if workerinput else config._npcourse_started
    _FOLDER = TIMINGS / f"{started or 'run'}-{run_id(config)[:8]}"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist hook (controller side): the workers name their timings folder by the run's start."""
    node.workerinput["npcourse_started"] = getattr(node.config, "_npcourse_started", None)


def pytest_runtest_logstart(nodeid, location):
    _STARTED[nodeid] = time.time()


def pytest_runtest_logfinish(nodeid, location):
    """Append one line per test (setup + call + teardown, so a session fixture's build is counted
    in the first test that needs it) to <run folder>/<worker>.jsonl."""
    start = _STARTED.pop(nodeid, None)
    if start is None or not _RECORD or _FOLDER is None:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    _FOLDER.mkdir(parents=True, exist_ok=True)
    with open(_FOLDER / f"{worker}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps({"test": nodeid, "worker": worker, "start": start,
                              "seconds": round(time.time() - start, 3)}) + "\n")


_STARTED: dict[str, float] = {}
_RECORD = True
_FOLDER: Path | None = None
