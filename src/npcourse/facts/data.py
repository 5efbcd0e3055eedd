"""Load the course's facts: YAML files in ``npcourse/facts/yaml``, each checked against its schema.

Facts used in more than one place (a table, a chart, a quiz, an exercise check) are written
once here. A malformed file fails loudly with the file, the record id and what is wrong.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import jsonschema
import yaml

from npcourse.facts import schemas


class DataError(ValueError):
    """A data file does not match its schema or fails a sanity check."""


def data_dir():
    """The folder holding the YAML facts (works from an installed or editable package)."""
    return resources.files("npcourse.facts") / "yaml"


def available() -> list[str]:
    """Names accepted by :func:`load`, e.g. ``'glossary'`` or ``'quizzes/01-pain-types'``."""
    root = data_dir()
    names = [p.name[:-4] for p in root.iterdir() if p.name.endswith(".yml")]
    quizzes = root / "quizzes"
    names += [f"quizzes/{p.name[:-4]}" for p in quizzes.iterdir() if p.name.endswith(".yml")]
    return sorted(names)


def schema_for(name: str) -> dict:
    """The JSON schema a data file must satisfy."""
    kind = "quiz" if name.startswith("quizzes/") else name
    try:
        return schemas.SCHEMAS[kind]
    except KeyError:
        raise DataError(f"no schema is defined for data file {name!r}") from None


def describe_location(document: Any, path: list) -> str:
    """Turn a jsonschema error path into words, naming records by their id where they have one."""
    parts = []
    node = document
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            parts.append(str(step))
            break
        if isinstance(step, int):
            label = node.get("id") or node.get("term") if isinstance(node, dict) else None
            parts.append(f"item {step} (id {label!r})" if label else f"item {step}")
        else:
            parts.append(str(step))
    return " → ".join(parts) if parts else "top level"


def validate_document(document: Any, name: str, origin: str) -> None:
    """Check ``document`` against the schema of ``name``; raise :class:`DataError` if it fails."""
    validator = jsonschema.Draft202012Validator(schema_for(name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = describe_location(document, list(err.absolute_path))
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DataError(f"{origin}: {where}: {err.message}{more}")
    _check_unique_ids(document, origin)


def _check_unique_ids(document: Any, origin: str) -> None:
    """Ids must be unique within every list of records."""
    if isinstance(document, dict):
        for value in document.values():
            _check_unique_ids(value, origin)
    elif isinstance(document, list):
        seen = set()
        for item in document:
            if isinstance(item, dict) and "id" in item:
                if item["id"] in seen:
                    raise DataError(f"{origin}: duplicate id {item['id']!r}")
                seen.add(item["id"])
            _check_unique_ids(item, origin)


def parse(text: str, name: str, origin: str) -> Any:
    """Parse YAML ``text`` and validate it as data file ``name`` (``origin`` names it in errors)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"{origin}: not valid YAML: {exc}") from None
    validate_document(document, name, origin)
    return document


@functools.cache
def _load_cached(name: str) -> Any:
    path = data_dir() / f"{name}.yml"
    return parse(path.read_text(encoding="utf-8"), name, f"npcourse/facts/yaml/{name}.yml")


def load(name: str) -> Any:
    """Return the validated contents of data file ``name`` (see :func:`available`)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    names = available()
    if name not in names:
        raise ValueError(f"name must be one of {', '.join(map(repr, names))}; got {name!r}")
    return _load_cached(name)


def records(name: str, key: str) -> list[dict]:
    """The list stored under ``key`` in data file ``name`` (e.g. ``records('glossary', 'terms')``)."""
    document = load(name)
    if key not in document:
        raise ValueError(f"key must be one of {', '.join(map(repr, document))}; got {key!r}")
    return document[key]


def by_id(name: str, key: str) -> dict[str, dict]:
    """Records of ``records(name, key)`` indexed by their ``id``."""
    return {r["id"]: r for r in records(name, key)}


def all_source_keys() -> dict[str, set[str]]:
    """Every BibTeX key cited in a ``sources`` list, per data file (for the references test)."""
    found: dict[str, set[str]] = {}

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "sources" and isinstance(v, list):
                    yield from v
                else:
                    yield from walk(v)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for name in available():
        found[name] = set(walk(load(name)))
    return found
