"""Show the model (issue 18, item 5): next to the interactives of a chapter, a short visible code
cell (tagged ``model-cell``) computes the key number with the package's own model function, so
students see the model and an instructor can change its inputs live.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from tests.conftest import ROOT, chapter_stems

# Chapters whose model cells are still to come, listed so that the gap stays visible (none now).
PENDING: set[str] = set()
INTERACTIVE = re.compile(r"^(figures\.\w+\(|demos\.show_)", re.M)


def chapter_package(stem: str) -> str:
    return f"npcourse.chapters.c{stem[:2]}_"


def cells(stem: str):
    return nbformat.read(ROOT / "book" / f"{stem}.ipynb", as_version=4).cells


def model_cells(stem: str) -> list:
    return [c for c in cells(stem) if c.cell_type == "code" and "model-cell" in c.metadata.get("tags", [])]


def has_interactive(stem: str) -> bool:
    return any(c.cell_type == "code" and INTERACTIVE.search(c.source) for c in cells(stem))


STEMS = [s for s in chapter_stems() if has_interactive(s)]


def test_chapters_with_interactives_are_found():
    assert len(STEMS) >= 9, STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_every_chapter_with_an_interactive_shows_its_model(stem):
    if stem in PENDING:
        pytest.skip("model cell still to come for this chapter")
    assert model_cells(stem), f"{stem} has no cell tagged model-cell"


@pytest.mark.parametrize("stem", STEMS)
def test_model_cells_are_short_visible_calls_of_the_package_models(stem):
    for cell in model_cells(stem):
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert 1 <= len(lines) <= 3, f"{stem}: a model cell has {len(lines)} lines (at most 3)"
        tags = set(cell.metadata.get("tags", []))
        assert not tags & {"hide-input", "remove-input", "remove-cell", "hide-cell"}, (stem, tags)
        tree = ast.parse(cell.source)
        modules = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        allowed = {n for n, m in modules.items()
                   if m.startswith("npcourse.models.") or m.startswith(chapter_package(stem))}
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                 and isinstance(n.func.value, ast.Name) and n.func.value.id in allowed]
        assert calls, f"{stem}: the model cell calls no function of npcourse.models or the chapter package"
        # The last line is the call whose value the reader sees.
        assert isinstance(tree.body[-1], ast.Expr), f"{stem}: the model cell should end with the call"


@pytest.mark.parametrize("stem", STEMS)
def test_model_cells_run_and_give_a_value(stem):
    for cell in model_cells(stem):
        tree = ast.parse(cell.source)
        namespace: dict = {}
        exec(compile(ast.Module(body=tree.body[:-1], type_ignores=[]), stem, "exec"), namespace)
        value = eval(compile(ast.Expression(body=tree.body[-1].value), stem, "eval"), namespace)
        assert value is not None and value != "", f"{stem}: the model cell shows nothing"
