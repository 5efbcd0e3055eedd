"""JSON Schemas (draft 2020-12) for every data file in ``npcourse/facts/yaml``, one file per kind.

A data file named ``X.yml`` is validated against ``X.json`` in this folder; quiz banks in
``yaml/quizzes/`` against ``quiz.json``. Every field carries a ``description``, so an editor
with a YAML language server (the repository's ``.vscode/settings.json`` maps each data file to
its schema) shows help and errors while a clinician author types; the loader
(:mod:`npcourse.facts.data`) validates against the very same files. Rules a schema cannot
express (ranges ordered, source keys exist, objectives exist, ...) live in the loader.

Edit the JSON files directly: they are the single source of the schemas.
"""

from __future__ import annotations

import json
from importlib import resources
from types import MappingProxyType

__all__ = ["SCHEMAS", "CERTAINTY", "LINE", "SITES", "kinds", "schema"]


def kinds() -> list[str]:
    """Every data kind with a schema file, e.g. ``'drugs'``, ``'quiz'``."""
    folder = resources.files(__name__)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def schema(kind: str) -> dict:
    """The JSON Schema of data kind ``kind`` (a fresh copy, safe to modify)."""
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string, got {type(kind).__name__}")
    if kind not in SCHEMAS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, sorted(SCHEMAS)))}; got {kind!r}")
    return json.loads(json.dumps(SCHEMAS[kind]))


def _read(kind: str) -> dict:
    text = (resources.files(__name__) / f"{kind}.json").read_text(encoding="utf-8")
    return json.loads(text)


SCHEMAS = MappingProxyType({k: _read(k) for k in kinds()})


def _enum(kind: str, *path: str) -> dict:
    """A shared vocabulary, read from where the schema file defines it."""
    node = SCHEMAS[kind]
    for step in path:
        node = node[step]
    return {"enum": list(node["enum"])}


_DRUG = ("properties", "drugs", "items", "properties")
# Vocabularies other modules read (drawing order, check answers): taken from the files.
SITES = _enum("drugs", *_DRUG, "sites", "items")
LINE = _enum("drugs", *_DRUG, "guideline_lines", "properties", "neupsig_2015")
CERTAINTY = _enum("therapies", "properties", "therapies", "items", "properties", "certainty")
