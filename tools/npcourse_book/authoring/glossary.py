"""Write ``book/glossary.md`` (a Sphinx glossary) from ``npcourse/facts/yaml/glossary.yml``.

The YAML is the single source. Chapters link each term at its first use automatically
(npcourse_book.termlinks); an author can also write {term}`allodynia`.

Usage::

    python -m npcourse_book.authoring.glossary          # write book/glossary.md
    python -m npcourse_book.authoring.glossary --check  # exit 1 if it has drifted
"""

from __future__ import annotations

import sys

from npcourse.facts import data
from npcourse_book.authoring import pages

# The note to authors is a MyST comment (% lines): it stays in the source, never on the page.
HEADER = """\
% Generated from src/npcourse/facts/yaml/glossary.yml by `make glossary`: edit that file, not this one.
(glossary)=
# Glossary

Each chapter links a term where it first uses it; point at a linked term (or tap it) to
read its definition without leaving the page. Definitions follow the International
Association for the Study of Pain (IASP) terminology where it exists; each entry cites its
source. Use the letters or the filter below to find a term.

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
    return pages.main(argv, page="glossary.md", render=render, target="glossary", doc=__doc__)


if __name__ == "__main__":
    sys.exit(main())
