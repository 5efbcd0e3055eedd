"""The instructor guide is generated from metadata, complete, and in step with the course."""

import inspect

import pytest
from npcourse_book.authoring import instructor

from npcourse import chapters
from npcourse.ui import page

from .conftest import ROOT


def test_every_objective_is_assessed_at_least_once():
    unassessed = [f"{stem}: {oid}" for stem, rows in instructor.coverage().items()
                  for oid, r in rows.items() if not (r["quiz"] or r["tasks"])]
    assert not unassessed, f"objectives nothing assesses: {unassessed}"


@pytest.mark.parametrize("stem", list(page.chapters()))
def test_every_check_names_its_objective(stem):
    module = chapters.module(stem, "checks")
    checks = {n for n, f in inspect.getmembers(module, inspect.isfunction)
              if n.startswith("check_") and f.__module__ == module.__name__}
    assert checks, f"{module.__name__} has no checks"
    assert set(module.OBJECTIVES) == checks, f"OBJECTIVES must map exactly the checks {sorted(checks)}"
    assert len(checks) >= 4


def test_guide_page_is_generated_from_metadata():
    assert instructor.main(["--check", "--root", str(ROOT)]) == 0, "run `make instructor-guide`"


def test_guide_reports_full_coverage():
    text = instructor.render()
    total = sum(len(c["objectives"]) for c in page.chapters().values())
    assert f"{total} of {total} learning objectives are assessed" in text
