"""pytest plugin (``-p tests.executed`` in pyproject): nbval's run is the suite's run of a notebook.

nbval executes every notebook in book/, exercises/ and solutions/ (a rule of the project). This
plugin keeps what that run displayed, so nothing else in the suite has to run a notebook again
to look at it:

- every nbval cell's outputs are recorded in this process as the cell runs (:data:`RUNS`);
- after a notebook's last cell comes one more item, ``<notebook>::whole run``, that checks
  the notebook ran whole, in order and in this one process (so in one kernel: the xdist
  groups of tests/grouping.py held) and writes the executed notebook, outputs included, to
  ``_build/executed/<folder>/<stem>.ipynb`` for a person to open after a failure;
- the exercise-check tests of tests/test_notebooks.py are placed after that item, on the
  same worker, and read the check results the learner would see from the recorded outputs
  (:func:`check_results`).

Run on their own (``pytest tests/test_notebooks.py``), the check tests find no nbval run in the
session and execute the notebook themselves, once. The book build executes the notebooks
separately (with ``NPCOURSE_STATIC=1``, which renders live widgets statically, so its outputs
differ from nbval's by design); its jupyter-cache shares that one execution among the default,
offline and student builds.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = ROOT / "_build" / "executed"
WHOLE_RUN = "all-cells"


@dataclass
class Run:
    """What nbval's run of one notebook did in this process, cell by cell."""

    cells: list[int] = field(default_factory=list)       # code-cell numbers, in the order run
    outputs: dict[int, list] = field(default_factory=dict)
    pid: int = field(default_factory=os.getpid)


RUNS: dict[str, Run] = {}            # notebook path relative to ROOT -> its run in this process
COLLECTED: set[str] = set()          # notebooks whose nbval cells are in this session


def key(path) -> str:
    return Path(path).resolve().relative_to(ROOT).as_posix()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    if isinstance(item, IPyNbCell):
        run = RUNS.setdefault(key(item.path), Run())
        run.cells.append(item.cell_num)
        run.outputs[item.cell_num] = list(item.test_outputs or [])


class WholeRun(pytest.Item):
    """After a notebook's last cell: it ran whole, in order, here; keep the executed copy."""

    def runtest(self):
        nb = nbformat.read(self.path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        run = RUNS.get(key(self.path))
        assert run is not None, (f"no cell of {key(self.path)} ran in this process: its nbval cells "
                                 "were split from this item (the xdist group did not hold)")
        expected = list(range(len(code)))
        assert run.cells == expected, (
            f"{key(self.path)}: this process ran code cells {run.cells}, expected each of {expected} "
            "once and in order (cells split across workers, or the notebook ran twice)")
        for number, cell in enumerate(code):
            cell.outputs = run.outputs.get(number, [])
        target = EXECUTED / key(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)

    def reportinfo(self):
        return self.path, None, f"{key(self.path)}::{WHOLE_RUN}"


def arrange(items: list) -> None:
    """Add a :class:`WholeRun` item after each notebook's nbval cells (called by tests.grouping,
    before it assigns groups, so the new items join their notebook's group)."""
    last: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, IPyNbCell):
            last[key(item.path)] = i
    COLLECTED.update(last)
    for index in sorted(last.values(), reverse=True):
        parent = items[index].parent
        assert isinstance(parent, IPyNbFile)
        items.insert(index + 1, WholeRun.from_parent(parent, name=WHOLE_RUN))


def place_after_notebook(items: list, notebook_of) -> None:
    """Move each item for which ``notebook_of(item)`` names a notebook right after that
    notebook's items (so it runs after nbval's run, on the same worker once grouped)."""
    moving = [(item, key(nb)) for item in items if (nb := notebook_of(item)) is not None]
    if not moving:
        return
    moved = {id(item) for item, _ in moving}
    kept = [item for item in items if id(item) not in moved]
    for item, nb in moving:
        ends = [i for i, other in enumerate(kept) if isinstance(other, (IPyNbCell, WholeRun))
                and key(other.path) == nb]
        kept.insert(ends[-1] + 1 if ends else len(kept), item)
    items[:] = kept


# --- the check results a notebook displayed --------------------------------------------------

# As npcourse.marking.core.Result._repr_html_ writes it:
# <div class="np-check" ...><strong ...>ICON TASK: STATUS.</strong> MESSAGE</div>
CHECK_HTML = re.compile(
    r'<div class="np-check"[^>]*><strong[^>]*>\S+ (?P<task>.*?): (?P<status>[^<]*?)\.</strong> ?(?P<message>.*?)</div>',
    re.S)


@dataclass(frozen=True)
class Shown:
    """One check result as the learner sees it under a cell."""

    cell: int
    task: str
    status: str
    message: str


def shown_checks(outputs_by_cell: dict[int, list]) -> list[Shown]:
    found = []
    for cell, outputs in sorted(outputs_by_cell.items()):
        for out in outputs:
            text = (out.get("data") or {}).get("text/html", "")
            text = "".join(text) if isinstance(text, list) else text
            found += [Shown(cell, html.unescape(m["task"]), m["status"], html.unescape(m["message"]))
                      for m in CHECK_HTML.finditer(text)]
    return found


def execute(path: Path) -> dict[int, list]:
    """Run a notebook in a fresh kernel (only when nbval did not run it in this session)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    return {i: list(c.outputs) for i, c in enumerate(code)}


def check_results(path: Path) -> list[Shown]:
    """The check results ``path`` displayed in this session's run of it.

    nbval's run when the session has one (it must have happened in this process: the caller is
    placed after the notebook, in its group); otherwise one execution of its own.
    """
    run = RUNS.get(key(path))
    if run is not None:
        return shown_checks(run.outputs)
    if key(path) in COLLECTED:
        pytest.fail(f"nbval's run of {key(path)} is in this session but not in this process: the check "
                    "test was separated from its notebook (tests/grouping.py); refusing to run it twice")
    return shown_checks(execute(path))
