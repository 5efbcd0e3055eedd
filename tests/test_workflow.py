"""The deploy workflow (.github/workflows/book.yml) passes actionlint and does what the README
says: tests every push, builds both editions, publishes on main only, caches, keeps the report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BOOK = WORKFLOWS / "book.yml"


def actionlint() -> str:
    # Installed into the venv from requirements.lock (the wheel carries the binary).
    exe = Path(sys.executable).parent / "actionlint"
    return str(exe) if exe.exists() else shutil.which("actionlint") or pytest.fail("actionlint is not installed")


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert BOOK in files
    proc = subprocess.run([actionlint(), "-no-color", *map(str, files)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The linter really runs: an undefined step output and an unknown key are reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(BOOK.read_text(encoding="utf-8").replace("steps.site.outputs.path", "steps.nope.outputs.path")
                   .replace("timeout-minutes: 90", "timeout-minutes: 90\n    timeout: 3"), encoding="utf-8")
    proc = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "nope" in proc.stdout and "timeout" in proc.stdout, proc.stdout


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(BOOK.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]


def test_runs_on_every_push(workflow):
    on = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in on and not (on["push"] or {}).get("branches"), "every branch is tested"


def test_build_job_tests_then_builds_both_editions(workflow):
    build = workflow["jobs"]["build"]
    runs = [s.get("run", "") for s in steps(build)]
    test_at = next(i for i, r in enumerate(runs) if "bash .ci/run" in r)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    books = next(i for i, r in enumerate(runs) if "make book EDITION=student" in r)
    assert test_at < books and "make book\n" in runs[books]
    assert steps(build)[test_at]["env"]["CI"] == "true"


def test_publishes_the_chosen_edition_on_main_only(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    (upload,) = uses(build, "actions/upload-pages-artifact")
    assert upload["if"] == "github.ref == 'refs/heads/main'" == deploy["if"]
    assert upload["with"]["path"] == "${{ steps.site.outputs.path }}"
    choose = next(s for s in steps(build) if s.get("id") == "site")["run"]
    assert "_build/html" in choose and "_build/student/_build/html" in choose
    assert uses(deploy, "actions/deploy-pages") and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}


def test_caches_venv_node_modules_and_execution_cache(workflow):
    build = workflow["jobs"]["build"]
    restored = {s["with"]["path"]: s["with"]["key"] for s in uses(build, "actions/cache/restore")}
    assert "requirements.lock" in restored[".venv"]
    assert "package-lock.json" in restored["node_modules"]
    assert "book/*.ipynb" in restored["_build/.jupyter_cache"]
    saved = {s["with"]["path"] for s in uses(build, "actions/cache/save")}
    assert saved == set(restored)


def test_uploads_the_browser_report(workflow):
    build = workflow["jobs"]["build"]
    (report,) = uses(build, "actions/upload-artifact")
    assert report["if"] == "always()"
    assert "_build/browser-report.json" in report["with"]["path"] and "_build/screenshots/" in report["with"]["path"]
    test_step = next(s for s in steps(build) if "bash .ci/run" in s.get("run", ""))
    assert test_step["env"]["NPCOURSE_SCREENSHOTS"] == "1"


def test_repository_setting_comes_from_this_repository_or_a_variable(workflow):
    value = workflow["env"]["NPCOURSE_REPOSITORY"]
    assert "vars.NPCOURSE_REPOSITORY" in value and "github.repository" in value
