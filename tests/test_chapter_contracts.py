"""Contracts every chapter keeps, declared once and applied to every chapter package.

The chapter test files (test_chNN.py) test what is particular to a chapter: the numbers its
charts and checks agree on, its plausible wrong answers. What every chapter must do alike is
stated here, so that a new chapter (README, "Adding a chapter") is held to it without copying
tests:

- its package holds figures, checks and widgets, each with an ``__all__`` naming what exists;
- every chart its figures module draws has a title and a description (screen readers);
- every chart's own phone layout binds the chart's controls, draws its marks and fits a phone
  (tests/phone_layouts.py: phone_layout_problems);
- every exercise check, run on the stub (``...``), says "not answered yet" and never passes;
- every exercise check given an answer of the wrong kind says "not quite" or raises a
  TypeError/ValueError that names a parameter, never another exception, and never passes;
- its notebook, solution, exercise and quiz bank exist, and the bank's questions serve the
  chapter's own objectives.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import npcourse
import npcourse.chapters
from npcourse.facts import data
from npcourse.marking import core
from npcourse.ui import charts

from . import chapter_charts
from .conftest import ROOT
from .phone_layouts import phone_layout_problems

CHAPTERS = sorted(m.name for m in pkgutil.iter_modules(npcourse.chapters.__path__))
STEMS = {c: c[1:3] + "-" + c[4:].replace("_", "-") for c in CHAPTERS}


def module(chapter: str, name: str):
    return importlib.import_module(f"npcourse.chapters.{chapter}.{name}")


def required_params(fn) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(fn).parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def public_functions(mod, prefix: str = ""):
    return [(n, f) for n, f in inspect.getmembers(mod, inspect.isfunction)
            if f.__module__ == mod.__name__ and not n.startswith("_") and n.startswith(prefix)]


CHARTS = [pytest.param(make, id=key) for key, make in chapter_charts.builders().items()]
CHECKS = [pytest.param(f, id=f"{ch}.{n}") for ch in CHAPTERS
          for n, f in public_functions(module(ch, "checks"), "check_") if required_params(f)]


def test_every_chapter_is_counted():
    notebooks = sorted((ROOT / "book").glob("[0-9][0-9]-*.ipynb"))
    assert len(CHAPTERS) == len(notebooks) and len(CHECKS) >= 50 and len(CHARTS) >= 25, (len(CHECKS), len(CHARTS))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_package_layout_and_public_face(chapter):
    # Every chapter has charts and exercise checks; live widgets only where a kernel adds
    # something (chapter 11 has none).
    pkg_names = {i.name for i in pkgutil.iter_modules(
        importlib.import_module(f"npcourse.chapters.{chapter}").__path__)}
    for name in ("figures", "checks", "widgets"):
        if name == "widgets" and name not in pkg_names:
            continue
        mod = module(chapter, name)
        assert mod.__doc__ and mod.__doc__.strip(), f"{mod.__name__} has no docstring"
    pkg = importlib.import_module(f"npcourse.chapters.{chapter}")
    for info in pkgutil.iter_modules(pkg.__path__):
        mod = module(chapter, info.name)
        assert hasattr(mod, "__all__"), f"{mod.__name__} has no __all__"
        missing = [n for n in mod.__all__ if not hasattr(mod, n)]
        assert not missing, f"{mod.__name__}.__all__ names what does not exist: {missing}"


def test_every_module_of_the_learner_package_has_a_public_face():
    """``__all__`` in every module that defines something public."""
    for info in pkgutil.walk_packages(npcourse.__path__, "npcourse."):
        mod = importlib.import_module(info.name)
        defined = [n for n, v in vars(mod).items() if not n.startswith("_")
                   and getattr(v, "__module__", None) == mod.__name__ and callable(v)]
        if defined:
            assert hasattr(mod, "__all__"), f"{info.name} has no __all__"
            assert set(mod.__all__) <= set(dir(mod)), info.name


@pytest.mark.parametrize("key", chapter_charts.builders())
def test_every_chart_has_a_title_and_a_description(key):
    spec = chapter_charts.class_spec(key)
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    assert title and str(title).strip(), "chart has no title"
    assert str(spec.get("description", "")).strip(), "chart has no description"


# Phone layouts whose marks are drawn otherwise, by chart: marks by kind drawn another way (as
# an axis's labels, say), and whether the layout is drawn another way altogether (then each
# kind of mark is counted, not matched by its x field). The chapter's own test checks what
# replaces them.
PHONE_MOVED = {
    # The band names are the labels of the phone's staircase axis, not a text layer
    # (test_ch11.py: test_phq9_phone_layout_names_every_band_once).
    "c11_special_situations.phq9_bands": ({"text": 1}, False),
    # A list of the roles instead of the map: each role's name and its line share the list's two
    # text layers (bold and plain) (test_ch09.py: test_team_phone_layout_lists_every_role_with_its_marker).
    "c09_progress_and_team.team_map": ({"text": 1}, True),
}


def test_phone_exceptions_name_charts_that_exist():
    assert set(PHONE_MOVED) <= set(chapter_charts.builders())


@pytest.mark.parametrize("make", CHARTS)
def test_every_phone_layout_keeps_the_chart_and_fits_a_phone(make, request):
    """A chart's own phone layout (charts.finish(phone=<chart>), issue 16 item 4), in the chart's
    first state: same controls, every mark, every text, within the phone's column and bytes.
    A chart without one gets the layout the book derives (charts.fit_narrow), tested there."""
    phone, spec = charts.split_phone_layout(chapter_charts.book_spec(make))
    if phone is None:
        pytest.skip("no phone layout of its own: the book derives one (charts.fit_narrow)")
    moved, redrawn = PHONE_MOVED.get(request.node.callspec.id, ({}, False))
    problems = phone_layout_problems(spec, phone, moved=moved, redrawn=redrawn)
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("check", CHECKS)
def test_every_check_on_the_stub_says_not_answered(check):
    result = check(*[...] * len(required_params(check)))
    assert isinstance(result, core.Result)
    assert result.status == core.UNANSWERED and not result.passed
    assert "Replace the ..." in result.message


WRONG_KINDS = [pytest.param(v, id=i) for i, v in
               (("text", "seven"), ("none", None), ("object", object()), ("nan", float("nan")),
                ("empty-dict", {}), ("empty-list", []))]


@pytest.mark.parametrize("answer", WRONG_KINDS)
@pytest.mark.parametrize("check", CHECKS)
def test_every_check_rejects_an_answer_of_the_wrong_kind(check, answer):
    """Never passes, never crashes with an unrelated exception; an error names a parameter."""
    params = required_params(check)
    try:
        result = check(*[answer] * len(params))
    except (TypeError, ValueError) as exc:
        names = [p.name for p in params]
        assert any(re.search(rf"\b{re.escape(n)}\b", str(exc)) for n in names) or \
            re.match(r"^\w+(\[[^\]]+\])* ", str(exc)), f"message names no parameter: {exc}"
        return
    assert isinstance(result, core.Result) and not result.passed, result


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_its_notebooks_and_a_quiz_bank_for_its_objectives(chapter):
    stem = STEMS[chapter]
    for folder in ("book", "solutions", "exercises"):
        assert (ROOT / folder / f"{stem}.ipynb").is_file(), f"{folder}/{stem}.ipynb is missing"
    bank = data.load(f"quizzes/{stem}")
    assert bank["chapter"] == stem
    objectives = {o["id"] for o in data.load("objectives")["chapters"][stem]["objectives"]}
    used = {q["objective"] for q in bank["questions"]}
    assert used <= objectives, f"bank cites objectives the chapter does not have: {used - objectives}"
    prefix = f"ch{stem[:2]}-q"
    assert all(q["id"].startswith(prefix) for q in bank["questions"])
