"""Readable citations in class: `make lab` serves notebooks with ``{cite:p}`key``` shown as "(Author, year)".

jupyterlab-myst (2.7.0) renders roles and directives but has no bibliography: it reads no ``.bib``
file (neither a project ``myst.yml`` nor page frontmatter reaches its citation step) and marks
every citation "not found", which JupyterLab shows as "⚠ key". So the server does the work:
this contents manager hands JupyterLab each notebook with every citation role replaced by a
small HTML span carrying the author–year text the book prints (with the full reference as its
hover title), and on saving turns each span back into the role it came from. The files on disk
never change; the book build does not use this module.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"

CITE_ROLE = re.compile(r"\{cite:(p|t)\}`([^`]+)`")
CITE_SPAN = re.compile(r'<span class="np-cite" data-cite="(p|t):([^"]+)"[^>]*>.*?</span>', re.S)


def _names(entry, backend) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(part.render(backend) for part in p.rich_prelast_names + p.rich_last_names) for p in people]
    last = [name.replace("{", "").replace("}", "") for name in last if name]
    if not last:
        return re.sub(r"[{}]", "", entry.fields.get("title", "")).split(":")[0].strip()
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


@lru_cache(maxsize=4)
def _references(path: str, mtime: float) -> dict[str, tuple[str, str, str]]:
    """key -> (names, year, one-line reference) from the course bibliography."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    from npcourse_book.bibstyle import Style

    data = parse_file(path)
    style = Style()
    backend = find_plugin("pybtex.backends", "text")()
    refs = {}
    for entry in style.format_entries(data.entries.values()):
        source = data.entries[entry.key]
        refs[entry.key] = (_names(source, backend), source.fields.get("year", "n.d."),
                           re.sub(r"\s+", " ", entry.text.render(backend)).strip())
    return refs


def references(bib: Path = BIB) -> dict[str, tuple[str, str, str]]:
    if not isinstance(bib, Path):
        raise TypeError(f"bib must be a pathlib.Path, not {type(bib).__name__}")
    if not bib.is_file():
        return {}
    return _references(str(bib), bib.stat().st_mtime)


def cite_text(kind: str, keys: list[str], refs: dict) -> str:
    """The book's author–year form: (A, 2015; B and C, 2020) for {cite:p}, A (2015) for {cite:t}."""
    if kind == "p":
        return "(" + "; ".join(f"{refs[k][0]}, {refs[k][1]}" for k in keys) + ")"
    return "; ".join(f"{refs[k][0]} ({refs[k][1]})" for k in keys)


def render_citations(source: str, refs: dict) -> str:
    """Replace every citation role whose keys are all in ``refs`` by a reversible span."""
    if not isinstance(source, str):
        raise TypeError(f"source must be a str, not {type(source).__name__}")

    def span(match: re.Match) -> str:
        kind, raw = match.group(1), match.group(2)
        keys = [k.strip() for k in raw.split(",") if k.strip()]
        if not keys or any(k not in refs for k in keys):
            return match.group(0)  # an unknown key stays visible as the role (and jupyterlab-myst's ⚠)
        title = html.escape(" | ".join(refs[k][2] for k in keys), quote=True)
        text = html.escape(cite_text(kind, keys, refs), quote=False)
        return f'<span class="np-cite" data-cite="{kind}:{html.escape(raw, quote=True)}" title="{title}">{text}</span>'

    return CITE_ROLE.sub(span, source)


def restore_citations(source: str) -> str:
    """The inverse of render_citations: each span becomes its original role again."""
    if not isinstance(source, str):
        raise TypeError(f"source must be a str, not {type(source).__name__}")
    return CITE_SPAN.sub(lambda m: f"{{cite:{m.group(1)}}}`{html.unescape(m.group(2))}`", source)


def _markdown_cells(notebook):
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            yield cell


def _map_source(cell, fn) -> None:
    source = cell.get("source", "")
    joined = "".join(source) if isinstance(source, list) else source
    changed = fn(joined)
    if changed != joined:
        cell["source"] = changed


class CitingContentsManager(AsyncLargeFileManager):
    """The default contents manager, with citations readable while a notebook is open."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):  # noqa: A002 - server API
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and model.get("type") == "notebook" and model.get("content") is not None:
            refs = references()
            if refs:
                for cell in _markdown_cells(model["content"]):
                    _map_source(cell, lambda s: render_citations(s, refs))
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content") is not None:
            for cell in _markdown_cells(model["content"]):
                _map_source(cell, restore_citations)
        return await super().save(model, path)
