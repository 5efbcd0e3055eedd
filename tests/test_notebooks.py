"""Notebook hygiene, the chapter template, exercise generation and solution checks.

nbval itself runs every notebook (see pyproject's testpaths); these tests check what nbval
cannot: that every notebook is collected, committed clean, and built on the template, and that
the solutions' checks all pass while the exercises' stubs are all reported unanswered (read from
nbval's run, see tests/executed.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from npcourse_book.authoring import exercises

from npcourse.marking import core

from .conftest import ROOT, chapter_stems, notebooks
from .executed import check_results

TEMPLATE = [
    "Learning objectives",
    "Before you start",
    "Summary",
    "Check your understanding",
    "Practice",
    "References",
]
FORBIDDEN = [
    (re.compile(r"sys\.path"), "edits sys.path"),
    (re.compile(r"^\s*[!%]\s*pip\b", re.M), "runs pip"),
    (re.compile(r"\bpip install\b"), "runs pip"),
]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_without_outputs(path):
    for i, c in enumerate(cells(path)):
        if c["cell_type"] == "code":
            assert not c["outputs"], f"cell {i} has outputs: strip them (nbstripout)"
            assert c["execution_count"] is None, f"cell {i} has an execution count"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_path_hacks_or_installs(path):
    for i, c in enumerate(cells(path)):
        if c["cell_type"] == "code":
            for pattern, what in FORBIDDEN:
                assert not pattern.search(source(c)), f"cell {i} {what}"


def test_every_chapter_has_exercise_solution_and_quiz():
    stems = set(chapter_stems())
    assert stems, "no chapters found in book/"
    for folder in ("exercises", "solutions"):
        have = {p.stem for p in notebooks(folder)}
        assert have == stems, f"{folder}/ does not pair with book/: {sorted(have ^ stems)}"
    banks = {p.stem for p in (ROOT / "src/npcourse/facts/yaml/quizzes").glob("*.yml")}
    assert stems <= banks, f"chapters without a quiz bank: {sorted(stems - banks)}"


def test_nbval_collects_every_notebook():
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--nbval-lax", "--nbval-current-env", "book", "exercises", "solutions"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    collected = {line.split("::", 1)[0] for line in proc.stdout.splitlines() if ".ipynb::" in line}
    expected = {str(p.relative_to(ROOT)) for p in notebooks()}
    assert expected, "no notebooks"
    assert collected == expected, f"not collected by nbval: {sorted(expected - collected)}\n{proc.stdout[-2000:]}"


@pytest.mark.parametrize("stem", chapter_stems())
def test_chapter_follows_template(stem):
    cs = cells(ROOT / "book" / f"{stem}.ipynb")
    assert cs[0]["cell_type"] == "markdown" and source(cs[0]).startswith("# "), "first cell: # Title"
    headings = []  # (title, index of cell)
    for i, c in enumerate(cs):
        if c["cell_type"] == "markdown":
            headings += [(m, i) for m in re.findall(r"^## (.+?)\s*$", source(c), re.M)]
    titles = [h for h, _ in headings]
    positions = []
    for section in TEMPLATE:
        assert section in titles, f"{stem}: missing section '## {section}'"
        positions.append(titles.index(section))
    assert positions == sorted(positions), f"{stem}: sections out of order: {titles}"
    assert titles[-4:] == TEMPLATE[-4:], f"{stem}: the last sections must be {TEMPLATE[-4:]}"
    content = titles[positions[1] + 1: positions[2]]
    assert len(content) >= 3, f"{stem}: expected content sections between 'Before you start' and 'Summary'"

    def body(section):
        """Cells from the section's heading up to the next cell holding a heading."""
        start = dict(headings)[section]
        end = min([i for _, i in headings if i > start], default=len(cs))
        return "\n".join(source(c) for c in cs[start:end])

    assert f'show_objectives("{stem}")' in body("Learning objectives")
    assert f'show_before_you_start("{stem}")' in body("Before you start")
    assert f'quiz.show("{stem}")' in body("Check your understanding")
    assert f"exercises/{stem}" in body("Practice")
    assert "{bibliography}" in body("References")


def test_exercises_are_generated_from_solutions():
    problems = exercises.drift(ROOT)
    assert not problems, "; ".join(problems) + " — run `make exercises`"



@pytest.mark.parametrize("path", notebooks("exercises"), ids=lambda p: p.stem)
def test_practice_page_lists_its_tasks_and_how_to_do_it_without_installing(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = nb["cells"][1]
    assert exercises.TASK_LIST_TAG in cell["metadata"].get("tags", []), "the task list must follow the title"
    text = "".join(cell["source"])
    headings = [m for c in nb["cells"] if c["cell_type"] == "markdown"
                for m in exercises.TASK_HEADING.findall("".join(c["source"]))]
    listed = re.findall(r"^(\d+)\. (.+)$", text, re.MULTILINE)
    assert listed == headings and listed, f"task list {listed} differs from the headings {headings}"
    assert "Try it in your browser" in text and "JupyterLite" in text


def test_task_list_refuses_misnumbered_or_missing_tasks():
    import nbformat

    def md(src):
        return nbformat.v4.new_markdown_cell(src)
    with pytest.raises(exercises.AuthoringError, match="numbered 1, 2, 3"):
        exercises.task_list_cell([md("## Task 1 — A"), md("## Task 3 — C")], "x")
    with pytest.raises(exercises.AuthoringError, match="no '## Task N"):
        exercises.task_list_cell([md("## Something else")], "x")

# The check tests read what nbval's run of the notebook displayed (tests/executed.py places them
# after it, on its worker): each notebook is executed once per run. Results are the
# learner-visible "✔ task: correct." boxes, so a check that is computed but not shown counts as missing.
@pytest.mark.parametrize("path", notebooks("solutions"), ids=lambda p: p.stem)
def test_every_check_passes_in_the_solution(path):
    results = check_results(path)
    assert len(results) >= 4, f"{path.stem}: expected at least 4 checked tasks, found {len(results)}"
    failed = [r for r in results if r.status != core.CORRECT]
    assert not failed, f"{path.stem}: {failed}"


@pytest.mark.parametrize("path", notebooks("exercises"), ids=lambda p: p.stem)
def test_untouched_exercise_reports_not_answered(path):
    results = check_results(path)
    assert results, f"{path.stem}: no checks ran"
    assert all(r.status == core.UNANSWERED for r in results), results
