"""Shared fixtures: repository paths and the built book."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
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
def book_lock():
    """One book build at a time across pytest-xdist workers.

    The default, offline and student builds run on different workers (tests/grouping.py), but
    they share one notebook execution cache and the Makefile's cache clean-up step, so each
    build holds an exclusive lock on _build/.make-book.lock while it runs.
    """
    lock_path = ROOT / "_build" / ".make-book.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def make_book(*variables: str) -> subprocess.CompletedProcess:
    """Run `make book [VAR=value ...]` (with no repository set unless a variable sets one)."""
    with book_lock():
        return subprocess.run(["make", "--no-print-directory", "book", *variables], cwd=ROOT,
                              capture_output=True, text=True, timeout=3600, env=build_env())


@pytest.fixture(scope="session")
def built_book() -> dict:
    """Build the book exactly as `make book` does (cached execution) and return its log.

    Other tests (links, pages, editions) use the HTML this leaves in _build/html.
    """
    proc = make_book()
    return {"returncode": proc.returncode, "log": proc.stdout + proc.stderr,
            "html": ROOT / "_build" / "html"}
