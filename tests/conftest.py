"""Shared fixtures: repository paths and the built book."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("book", "exercises", "solutions")


def notebooks(folder: str | None = None) -> list[Path]:
    """Committed notebooks (book/, exercises/, solutions/), sorted."""
    folders = [folder] if folder else NOTEBOOK_DIRS
    return sorted(p for f in folders for p in (ROOT / f).glob("*.ipynb"))


def chapter_stems() -> list[str]:
    """Chapters are the numbered notebooks in book/ (NN-slug.ipynb); other pages are back matter."""
    return [p.stem for p in notebooks("book") if p.stem[:2].isdigit() and p.stem[2] == "-"]


# The repository setting (npcourse_book.repository) and make's own command-line variables, which a
# `make test REPOSITORY=...` would hand down: the suite's builds are those of a fresh clone
# unless a test sets the repository itself.
BUILD_SETTINGS = ("NPCOURSE_REPOSITORY", "NPCOURSE_REPOSITORY_BRANCH", "NPCOURSE_REPOSITORY_PATH",
                  "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL")


def build_env(**settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in BUILD_SETTINGS}
    return {**env, **settings}


@contextlib.contextmanager
def file_lock(name: str):
    """An exclusive lock on _build/<name> across pytest-xdist workers."""
    lock_path = ROOT / "_build" / name
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def book_lock():
    """One notebook execution for the book at a time across pytest-xdist workers.

    The default, offline and student builds share one notebook execution cache (and the
    Makefile's cache clean-up step). The first build to take this lock executes every notebook
    the cache lacks, two at a time (npcourse_book.authoring.cache --execute); the others wait
    for it, then find everything cached. The builds themselves (reading and writing pages into
    their own folders) then run side by side, so a worker never idles through another
    worker's whole build.
    """
    return file_lock(".make-book.lock")


EXECUTE_BOOK = [sys.executable, "-m", "npcourse_book.authoring.cache", "--exec-cache", "_build/.jupyter_cache",
                "--doctrees", "_build/.doctrees", "--execute", "--jobs", "2"]


def make_book(*variables: str) -> subprocess.CompletedProcess:
    """Run `make book [VAR=value ...]` (with no repository set unless a variable sets one).

    The notebooks are executed first, under :func:`book_lock`; the build itself runs unlocked,
    without make's own execution step (``BOOK_EXECUTE=``: it would only find every notebook
    cached again, after importing nbformat and reading each notebook, 4-10 s per build)."""
    with book_lock():
        executed = subprocess.run(EXECUTE_BOOK, cwd=ROOT, capture_output=True, text=True, timeout=3600,
                                  env=build_env())
    proc = subprocess.run(["make", "--no-print-directory", "book", "BOOK_EXECUTE=", *variables], cwd=ROOT,
                          capture_output=True, text=True, timeout=3600, env=build_env())
    proc.stdout = executed.stdout + executed.stderr + proc.stdout
    return proc


def run_id(config) -> str:
    """The same id in every xdist worker of one run (xdist's testrunuid), new for each run."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput:
        return workerinput["testrunuid"]
    if not hasattr(config, "_npcourse_run_id"):
        config._npcourse_run_id = uuid.uuid4().hex
    return config._npcourse_run_id


def shared_build(config, name: str, *variables: str, before=None) -> dict:
    """`make book VARIABLES` once per test run, whichever worker asks first.

    Each xdist worker has its own session fixtures, so tests spread over both workers would build
    the same variant twice (and one build would write pages under the other's readers). The first
    worker to ask builds, holding _build/.suite-<name>.lock, and records the run's id and the log in
    _build/.suite-<name>.json; the others wait on the lock and reuse that build. ``before`` runs
    just before building (the offline fixture clears its folder there).
    """
    record = ROOT / "_build" / f".suite-{name}.json"
    with file_lock(f".suite-{name}.lock"):
        if record.is_file():
            done = json.loads(record.read_text(encoding="utf-8"))
            if done.get("run") == run_id(config):
                return done
        if before:
            before()
        proc = make_book(*variables)
        done = {"run": run_id(config), "returncode": proc.returncode, "log": proc.stdout + proc.stderr}
        record.write_text(json.dumps(done), encoding="utf-8")
        return done


@pytest.fixture(scope="session")
def built_book(pytestconfig) -> dict:
    """Build the book exactly as `make book` does (cached execution) and return its log.

    Other tests (links, pages, editions) use the HTML this leaves in _build/html. Built once per
    run, whichever worker needs it first (:func:`shared_build`).
    """
    done = shared_build(pytestconfig, "default")
    return {"returncode": done["returncode"], "log": done["log"], "html": ROOT / "_build" / "html"}
