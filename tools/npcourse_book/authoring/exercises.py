"""Generate exercise notebooks from solution notebooks (solutions are authored once).

In a solution notebook:

- code between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` becomes a stub: every name the
  block assigns at top level is set to ``...`` (which the checks report as "not answered
  yet"); a block that assigns nothing becomes ``# Write your code here.``;
- cells tagged ``solution`` (e.g. worked explanations) are left out of the exercise;
- the title's "— solutions" becomes "— exercises";
- a cell tagged ``npcourse-task-list`` follows the title: the page's tasks (from its
  ``## Task N — title`` headings), so a student can judge the work before starting, and how to
  do it with nothing installed (JupyterLite).

Usage::

    python -m npcourse_book.authoring.exercises          # write exercises/
    python -m npcourse_book.authoring.exercises --check  # exit 1 if exercises/ has drifted
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

import nbformat

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_TAG = "solution"
TITLE_FROM, TITLE_TO = "— solutions", "— exercises"


TASK_LIST_TAG = "npcourse-task-list"
TASK_HEADING = re.compile(r"^## Task (\d+) — (.+)$", re.MULTILINE)
NO_INSTALL = ("**Nothing to install.** In the online book, *Try it in your browser* under this "
              "page's title opens it in JupyterLite: Python runs inside your browser (an internet "
              "connection is needed the first time). Replace each `...` with your answer, run the "
              "cell, and the check below it says whether the answer is right; your work stays in "
              "that browser (File → Download keeps a copy). In class the page opens in JupyterLab.")


class AuthoringError(ValueError):
    """A solution notebook breaks the marking rules."""


def task_list_cell(cells: list, name: str) -> nbformat.NotebookNode:
    """The generated 'On this page' cell: numbered tasks in order, then the no-install note."""
    tasks = [(int(n), title.strip()) for c in cells if c.cell_type == "markdown"
             for n, title in TASK_HEADING.findall(c.source)]
    if not tasks:
        raise AuthoringError(f"{name}: no '## Task N — title' headings: the task list would be empty")
    numbers = [n for n, _ in tasks]
    if numbers != list(range(1, len(tasks) + 1)):
        raise AuthoringError(f"{name}: tasks must be numbered 1, 2, 3… in order, found {numbers}")
    lines = [f"**On this page: {len(tasks)} tasks.**", ""]
    lines += [f"{n}. {title}" for n, title in tasks]
    cell = nbformat.v4.new_markdown_cell("\n".join(lines + ["", NO_INSTALL]))
    cell.id = "task-list"
    cell.metadata["tags"] = [TASK_LIST_TAG]
    return cell


def stub_for(block: str, where: str) -> list[str]:
    """The stub lines that replace a solution block (without indentation)."""
    try:
        tree = ast.parse(block)
    except SyntaxError as exc:
        raise AuthoringError(f"{where}: solution block is not valid Python: {exc}") from None
    names: list[str] = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for t in targets:
            elts = t.elts if isinstance(t, ast.Tuple) else [t]
            for e in elts:
                if isinstance(e, ast.Name) and e.id not in names:
                    names.append(e.id)
    if not names:
        return ["# Write your code here."]
    return [f"{n} = ...  # your answer" for n in names]


def strip_solution(source: str, where: str) -> str:
    """Replace every marked block in a cell's source by its stub."""
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == BEGIN:
            if block is not None:
                raise AuthoringError(f"{where}: nested {BEGIN!r}")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise AuthoringError(f"{where}: {END!r} without {BEGIN!r}")
            dedented = "\n".join(b[len(indent):] if b.startswith(indent) else b for b in block)
            out.extend(indent + s for s in stub_for(dedented, where))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise AuthoringError(f"{where}: {BEGIN!r} without {END!r}")
    return "\n".join(out)


def exercise_from_solution(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Return the exercise notebook for solution notebook ``nb``."""
    ex = copy.deepcopy(nb)
    cells = []
    n_blocks = 0
    for i, cell in enumerate(nb.cells):
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        new = copy.deepcopy(cell)
        if cell.cell_type == "code":
            n_blocks += cell.source.count(BEGIN)
            new.source = strip_solution(cell.source, f"{name} cell {i}")
            new.outputs, new.execution_count = [], None
        cells.append(new)
    if n_blocks == 0:
        raise AuthoringError(f"{name}: no '{BEGIN}' blocks: nothing for the learner to do")
    first = cells[0]
    if first.cell_type != "markdown" or TITLE_FROM not in first.source.splitlines()[0]:
        raise AuthoringError(f"{name}: the first cell must be a Markdown title containing "
                             f"{TITLE_FROM!r}")
    lines = first.source.splitlines()
    lines[0] = lines[0].replace(TITLE_FROM, TITLE_TO)
    first.source = "\n".join(lines)
    ex.cells = [first, task_list_cell(cells, name), *cells[1:]]
    return ex


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def generate(root: Path) -> dict[Path, str]:
    """Map each exercise path to the text it should contain."""
    wanted = {}
    for sol in sorted((root / "solutions").glob("*.ipynb")):
        nb = nbformat.read(sol, as_version=4)
        wanted[root / "exercises" / sol.name] = render(exercise_from_solution(nb, str(sol)))
    return wanted


def drift(root: Path) -> list[str]:
    """Exercise files that are missing, stale, or have no solution."""
    wanted = generate(root)
    problems = [f"{p.relative_to(root)} is missing or out of date"
                for p, text in wanted.items()
                if not p.exists() or p.read_text(encoding="utf-8") != text]
    orphans = sorted(set((root / "exercises").glob("*.ipynb")) - set(wanted))
    problems += [f"{p.relative_to(root)} has no solution notebook" for p in orphans]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    if args.check:
        problems = drift(args.root)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print("Run `make exercises` to regenerate.", file=sys.stderr)
        return 1 if problems else 0
    for path, text in generate(args.root).items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
