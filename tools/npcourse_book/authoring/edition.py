"""Write the configuration and table of contents of the student edition.

The student edition has no solution content anywhere: the Solutions part and the instructor
guide leave the table of contents, sphinx-exercise hides every {solution} block
(``hide_solutions``), and the book's Sphinx extension strips solution blocks from the page
sources offered for download (see :mod:`npcourse_book.sphinxext`).

Usage (``make book EDITION=student`` runs it)::

    python -m npcourse_book.authoring.edition _build/student-config
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REMOVED_PARTS = {"Solutions"}
REMOVED_FILES = {"book/instructor-guide"}


def student_toc(toc: dict) -> dict:
    toc = dict(toc)
    parts = []
    for part in toc.get("parts", []):
        if part.get("caption") in REMOVED_PARTS:
            continue
        chapters = [c for c in part["chapters"] if c.get("file") not in REMOVED_FILES]
        if chapters:
            parts.append({**part, "chapters": chapters})
    toc["parts"] = parts
    return toc


def student_config(config: dict) -> dict:
    config = yaml.safe_load(yaml.safe_dump(config))  # deep copy
    config["title"] = config["title"] + " (student edition)"
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["hide_solutions"] = True
    return config


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    root = Path.cwd()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    (out / "_config.yml").write_text(yaml.safe_dump(student_config(config), sort_keys=False), encoding="utf-8")
    (out / "_toc.yml").write_text(yaml.safe_dump(student_toc(toc), sort_keys=False), encoding="utf-8")
    print(f"wrote {out}/_config.yml and {out}/_toc.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
