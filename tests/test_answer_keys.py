"""Answer keys are not one Tab away in an exercise notebook (issue 15, item 6).

Each exercise notebook imports its chapter's ``checks`` module as ``check``. Typing ``check.``
and pressing Tab in Jupyter asks IPython's completer; it must offer the learner the task data,
the ``show_*`` helpers and the ``check_*`` functions, never a function or constant that hands
over the answer. The keys still exist (the checks read them) as private names, which the
completer hides until the learner types the underscore themselves.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
IMPORT = re.compile(r"^from (npcourse\.chapters\.\w+) import checks as (\w+)$", re.M)
# A completion that names an answer: expected_*, *_key, *answer*, BEST_*, solution.
ANSWER_NAME = re.compile(r"expected|answer|(^|_)key$|^key_|(^|_)best_(goal|option|answer)|solution", re.I)


def check_imports() -> list[tuple[str, str, str]]:
    found = []
    for path in EXERCISES:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                found += [(path.name, m.group(1) + ".checks", m.group(2)) for m in IMPORT.finditer(cell.source)]
    return found


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell
    return InteractiveShell.instance()


def completions(shell, alias: str, module, use_jedi: bool) -> set[str]:
    shell.user_ns[alias] = module
    shell.Completer.use_jedi = use_jedi
    text = f"{alias}."
    from IPython.core.completer import provisionalcompleter
    with provisionalcompleter():
        found = {c.text for c in shell.Completer.completions(text, len(text))}
    return {name.split(".")[-1] for name in found}


def test_every_exercise_imports_its_checks():
    assert len(check_imports()) == len(EXERCISES) >= 11


@pytest.mark.parametrize("use_jedi", [True, False], ids=["jedi", "no-jedi"])
@pytest.mark.parametrize("notebook,module_name,alias", check_imports(), ids=lambda v: str(v))
def test_tab_offers_no_answer_key(shell, notebook, module_name, alias, use_jedi):
    module = importlib.import_module(module_name)
    offered = completions(shell, alias, module, use_jedi)
    assert any(n.startswith("check_") for n in offered), f"{notebook}: completer offered {sorted(offered)}"
    leaks = sorted(n for n in offered if ANSWER_NAME.search(n))
    assert not leaks, f"{notebook}: `{alias}.` + Tab offers answer keys {leaks}"


@pytest.mark.parametrize("notebook,module_name,alias", check_imports(), ids=lambda v: str(v))
def test_public_api_names_no_answer_key(notebook, module_name, alias):
    module = importlib.import_module(module_name)
    public = getattr(module, "__all__", [n for n in dir(module) if not n.startswith("_")])
    assert not [n for n in public if ANSWER_NAME.search(n)]
    # The keys the checks read are still there, private.
    assert any(ANSWER_NAME.search(n) for n in dir(module) if n.startswith("_") and not n.startswith("__")) \
        or module_name.endswith(("c11_special_situations.checks", "c01_pain_types.checks"))
