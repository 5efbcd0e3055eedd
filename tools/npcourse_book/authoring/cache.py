"""Clear build caches that a change outside the notebooks has made stale.

- jupyter-cache keys a notebook's outputs on its code cells only, but the chapters' outputs
  also depend on this package (charts, data, quizzes) and on the locked dependencies (altair,
  pandas, ... in ``requirements.lock``): an edit to either must re-execute them.
- Sphinx re-reads only pages whose source changed, and skips writing (even copying
  ``_static``) when none did: a package edit or a change to the book's own CSS/JS in
  ``book/_static`` must rebuild every page.

``make book`` runs this first. It keeps a hash of what each cache depends on beside it and
clears the cache when the hash differs.

With ``--execute``, it then executes every notebook of the table of contents that the execution
cache lacks, ``--jobs`` at a time, exactly as the book build would (myst-nb's cache mode:
jupyter-cache's ``single_nb_execution`` in the notebook's folder, the configured timeout, no
errors allowed, ``NPCOURSE_STATIC=1``) and stores each result the way myst-nb does, so the build
that follows finds every notebook cached and only reads and writes pages. myst-nb executes one
notebook at a time; on two cores this halves the cold build's execution, and the test suite runs
it once, under its build lock, so the default, offline and student builds can then run side by
side without executing anything twice. A notebook that fails here is left out of the cache: the
build executes it itself and reports the error as it always has.

Usage::

    python -m npcourse_book.authoring.cache --exec-cache _build/.jupyter_cache --doctrees _build/.doctrees \
        [--execute --jobs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# What the notebooks' outputs depend on: the learner package (charts, diagrams, data, quizzes).
# Since the issue-14 move this file lives in tools/, so parents[1] is the tooling, not npcourse.
# Found without importing it: importing npcourse loads altair and jsonschema (about 2 s, 7 s on a
# busy machine), and ``make book`` and the test suite run this step before every build.
PACKAGE = Path(importlib.util.find_spec("npcourse").origin).resolve().parent
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


# --- executing the book's notebooks before the build ----------------------------------------

STATIC_ENV = "NPCOURSE_STATIC"  # npcourse.ui.live.STATIC_ENV; the book is executed with it set to 1


def toc_notebooks(toc: Path) -> list[Path]:
    """The notebooks (``file:`` entries with an .ipynb beside them) of a Jupyter Book ``_toc.yml``."""
    if not toc.is_file():
        raise ValueError(f"toc must be a Jupyter Book _toc.yml file; {toc} is not a file")
    entries = re.findall(r"^\s*-?\s*(?:file|root):\s*(\S+)\s*$", toc.read_text(encoding="utf-8"), re.M)
    found = [toc.parent / f"{entry.removesuffix('.ipynb')}.ipynb" for entry in entries]
    return [p for p in found if p.is_file()]


def execution_timeout(config: Path) -> int:
    """``execute: timeout:`` of ``_config.yml`` (Jupyter Book's default, 30 s, if absent)."""
    import yaml

    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return int((settings.get("execute") or {}).get("timeout", 30))


def _execute(job: tuple[str, int]) -> tuple[str, str | None, float, str | None]:
    """In a worker process: execute one notebook as myst-nb's cache mode does."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    path, timeout = Path(job[0]), job[1]
    os.environ[STATIC_ENV] = "1"
    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(path.parent), allow_errors=False, timeout=timeout,
                                 meta_override=True)
    if result.err is not None:
        return str(path), None, result.time, result.exc_string
    return str(path), nbformat.writes(nb), result.time, None


def execute_missing(cache_dir: Path, notebooks: list[Path], jobs: int, timeout: int) -> list[str]:
    """Execute the notebooks the cache lacks, ``jobs`` at a time, and cache them; return what ran."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1; got {jobs!r}")
    cache = get_cache(str(cache_dir))
    missing = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            missing.append(path.resolve())
    ran = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(missing) or 1)) as pool:
        for path, text, seconds, error in pool.map(_execute, [(str(p), timeout) for p in missing]):
            if error is not None:
                print(f"{path}: execution failed, left for the build to report\n{error[-2000:]}")
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(text, as_version=4), path, data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True)
            print(f"{path}: executed in {seconds:.2f} s")
            ran.append(Path(path))
    return ran


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec-cache", type=Path, required=True)
    parser.add_argument("--doctrees", type=Path, required=True)
    parser.add_argument("--static", type=Path, default=Path("book/_static"))
    parser.add_argument("--lock", type=Path, default=Path("requirements.lock"))
    parser.add_argument("--execute", action="store_true",
                        help="then execute the table of contents' notebooks the execution cache lacks")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at a time (--execute)")
    parser.add_argument("--toc", type=Path, default=Path("_toc.yml"))
    parser.add_argument("--config", type=Path, default=Path("_config.yml"))
    args = parser.parse_args(argv)
    cleared = []
    if refresh(args.exec_cache, execution_inputs(args.lock)):
        cleared.append(str(args.exec_cache))
    if refresh(args.doctrees, tree_hash(PACKAGE, TOOLS, args.static)):
        cleared.append(str(args.doctrees))
    if cleared:
        print(f"inputs changed since the last build: cleared {', '.join(cleared)}")
    if args.execute:
        execute_missing(args.exec_cache, toc_notebooks(args.toc), args.jobs, execution_timeout(args.config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
