"""Write ``book/glossary.md`` (a Sphinx glossary) from ``npcourse/data/glossary.yml``.

The YAML is the single source; chapters link terms with {term}`allodynia`.

Usage::

    python -m npcourse.authoring.glossary          # write book/glossary.md
    python -m npcourse.authoring.glossary --check  # exit 1 if it has drifted
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import data

HEADER = """\
(glossary)=
# Glossary

Terms are linked from the chapters where they are first used. Definitions follow the
International Association for the Study of Pain (IASP) terminology where it exists; each
entry cites its source. This page is generated from `src/npcourse/data/glossary.yml`
(run `make glossary`); edit the YAML, not this file.

```{glossary}
:sorted:
"""


def render() -> str:
    lines = [HEADER]
    for t in data.records("glossary", "terms"):
        cites = ", ".join(t["sources"])
        lines.append(f"{t['term']}\n   {t['definition'].strip()} {{cite:p}}`{cites}`\n")
    lines.append("```\n")
    # Its own reference list, so every source a definition cites resolves on this page.
    lines.append("## Sources of the definitions\n\n```{bibliography}\n:filter: docname in docnames\n```\n")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    path = args.root / "book" / "glossary.md"
    text = render()
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{path} is out of date: run `make glossary`", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
