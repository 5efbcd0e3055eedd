"""The import contract of pyproject.toml ([tool.importlinter]) holds, and the check can fail.

Layers: chapters -> marking -> display helpers (ui) | models -> facts -> validate; no chapter
imports another; models and facts import no drawing library; nothing in src imports the
book-build tooling (tools/npcourse_book) or Sphinx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
        "--no-cache"]


def lint(pythonpath: list[Path]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, pythonpath))}
    return subprocess.run(LINT, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_the_import_contract_holds():
    proc = lint([ROOT / "src", ROOT / "tools"])
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Contracts: 4 kept, 0 broken." in proc.stdout, proc.stdout[-2000:]


@pytest.mark.parametrize("module, line, broken", [
    ("chapters/c10_case_studies/cases.py", "from npcourse.chapters.c05_using_drugs import figures",
     "Chapters never import each other"),
    ("models/renal.py", "from npcourse.ui import charts", "Layers"),
    ("models/drugs.py", "import altair", "Models and facts draw nothing"),
    ("ui/page.py", "import npcourse_book.termlinks", "Nothing the learner package holds"),
])
def test_a_violation_breaks_the_contract(tmp_path, module, line, broken):
    shutil.copytree(ROOT / "src" / "npcourse", tmp_path / "npcourse",
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "npcourse" / module
    text = path.read_text(encoding="utf-8")
    at = text.index("\nfrom __future__ import annotations\n") + len("\nfrom __future__ import annotations\n")
    path.write_text(text[:at] + line + "  # noqa\n" + text[at:], encoding="utf-8")
    proc = lint([tmp_path, ROOT / "tools"])
    assert proc.returncode != 0, proc.stdout[-2000:]
    assert f"{broken}" in proc.stdout and "BROKEN" in proc.stdout, proc.stdout[-3000:]
