"""Clear build caches that a change outside the notebooks has made stale.

- jupyter-cache keys a notebook's outputs on its code cells only, but the chapters' outputs
  also depend on this package (charts, data, quizzes) and on the locked dependencies (altair,
  pandas, ... in ``requirements.lock``): an edit to either must re-execute them.
- Sphinx re-reads only pages whose source changed, and skips writing (even copying
  ``_static``) when none did: a package edit or a change to the book's own CSS/JS in
  ``book/_static`` must rebuild every page.

``make book`` runs this first. It keeps a hash of what each cache depends on beside it and
clears the cache when the hash differs.

Usage::

    python -m npcourse_book.authoring.cache --exec-cache _build/.jupyter_cache --doctrees _build/.doctrees
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import npcourse

# What the notebooks' outputs depend on: the learner package (charts, diagrams, data, quizzes).
# Since the issue-14 move this file lives in tools/, so parents[1] is the tooling, not npcourse.
PACKAGE = Path(npcourse.__file__).resolve().parent
TOOLS = Path(__file__).resolve().parents[1]
STAMP = "npcourse-inputs.sha256"


def tree_hash(*roots: Path) -> str:
    """Hash of every file's path and bytes under ``roots`` (caches and bytecode ignored).

    A root that is a file (say ``requirements.lock``) counts by its name and bytes."""
    h = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update((f.name if f == root else f.relative_to(root).as_posix()).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def execution_inputs(lock: Path) -> str:
    """What the notebooks' outputs depend on: the learner package and the locked dependencies."""
    if not lock.is_file():
        raise ValueError(f"lock must be the requirements.lock file; {lock} is not a file")
    return tree_hash(PACKAGE, lock)


def refresh(folder: Path, current: str) -> bool:
    """Clear ``folder`` if it was filled from other inputs; return True if cleared."""
    stamp = folder / STAMP
    cleared = False
    if folder.exists() and (not stamp.exists() or stamp.read_text() != current):
        shutil.rmtree(folder)
        cleared = True
    folder.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return cleared


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec-cache", type=Path, required=True)
    parser.add_argument("--doctrees", type=Path, required=True)
    parser.add_argument("--static", type=Path, default=Path("book/_static"))
    parser.add_argument("--lock", type=Path, default=Path("requirements.lock"))
    args = parser.parse_args(argv)
    cleared = []
    if refresh(args.exec_cache, execution_inputs(args.lock)):
        cleared.append(str(args.exec_cache))
    if refresh(args.doctrees, tree_hash(PACKAGE, TOOLS, args.static)):
        cleared.append(str(args.doctrees))
    if cleared:
        print(f"inputs changed since the last build: cleared {', '.join(cleared)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
