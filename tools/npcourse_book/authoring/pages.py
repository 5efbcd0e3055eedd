"""The command line shared by the generated pages (glossary, instructor guide, presenter page).

A generated page is written from data by ``make <target>``; ``--check`` exits 1 when the
committed page differs from what the data would produce (the tests use it to catch drift).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def main(argv: list[str] | None, *, page: str, render: Callable[[], str], target: str, doc: str,
         folder: str = "book") -> int:
    """Write ``<folder>/<page>`` from ``render()``, or with ``--check`` report drift."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    path = args.root / folder / page
    text = render()
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{path} is out of date: run `make {target}`", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(args.root)}")
    return 0
