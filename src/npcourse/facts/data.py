"""Load the course's facts: YAML files in ``npcourse/facts/yaml``, each checked against its schema.

Facts used in more than one place (a table, a chart, a quiz, an exercise check) are written
once here. A malformed file fails loudly with the file, the record id and what is wrong.
"""

from __future__ import annotations

import functools
import itertools
import math
from importlib import resources
from typing import Any

import jsonschema
import yaml

from npcourse.facts import schemas

__all__ = [
    "DataError", "data_dir", "available", "schema_for", "describe_location", "validate_document",
    "parse", "check_consistency", "load", "records", "by_id", "all_source_keys", "person"
]


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


def _deepest(error):
    """The sub-error of a oneOf/anyOf failure that reaches furthest into the record."""
    best = error
    for sub in error.context or ():
        candidate = _deepest(sub)
        if len(candidate.absolute_path) > len(best.absolute_path):
            best = candidate
    return best


def validate_document(document: Any, name: str, origin: str) -> None:
    """Check ``document`` against the schema of ``name``; raise :class:`DataError` if it fails."""
    validator = jsonschema.Draft202012Validator(schema_for(name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        # Inside oneOf/anyOf the top error only says the whole record matched no alternative
        # (and prints all of it); the deepest sub-error names the faulty field itself.
        err = _deepest(errors[0])
        where = describe_location(document, list(err.absolute_path))
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        message = err.message if len(err.message) <= 240 else err.message[:240] + "…"
        raise DataError(f"{origin}: {where}: {message}{more}")
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
    check_consistency(document, name, origin)
    return document


# --- consistency rules, run on every load (not only in the test suite) ----------------------

def _bib_path():
    """book/references.bib of a source checkout, or None in an installed wheel (JupyterLite)."""
    from pathlib import Path
    here = Path(__file__).resolve()
    for parent in here.parents[:4]:
        bib = parent / "book" / "references.bib"
        if bib.is_file():
            return bib
    return None


@functools.cache
def _bib_keys(path) -> frozenset:
    import re
    text = path.read_text(encoding="utf-8")
    return frozenset(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))


def _walk(node, path):
    """Yield (path, dict) for every dict in ``node``; a path step is a key or 'item N (id X)'."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, path + [str(k)])
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id") or item.get("term") if isinstance(item, dict) else None
            yield from _walk(item, path + [f"item {i} (id {label!r})" if label else f"item {i}"])


def _num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_consistency(document: Any, name: str, origin: str) -> None:
    """Rules a schema cannot express, checked whenever a file is loaded; a failure raises
    :class:`DataError` naming the file, the record and the field:

    - a range is ordered (``low`` ≤ ``high``, ``daily_low`` ≤ ``daily_high``);
    - a confidence interval contains its estimate;
    - every ``sources`` key exists in book/references.bib (when the book is present);
    - quiz questions and case decisions: no blank text, no options alike but for case or
      spacing, finite numeric answers, objectives that exist (see :func:`_check_questions`);
    - kidney dose bands (drugs.yml) fall, or stay level, as clearance falls, within each
      jurisdiction; a band's ``starting_dose`` lies inside the band.
    """
    bib = _bib_path()
    keys = _bib_keys(bib) if bib else None
    for path, d in _walk(document, []):
        where = f"{origin}: {' → '.join(path) or 'top level'}"
        for lo, hi in (("low", "high"), ("daily_low", "daily_high"),
                       ("supplemental_low", "supplemental_high")):
            if _num(d.get(lo)) and _num(d.get(hi)) and d[lo] > d[hi]:
                raise DataError(f"{where}: {lo} {d[lo]:g} is above {hi} {d[hi]:g} (range not ordered)")
        est, cl, ch = d.get("estimate"), d.get("ci_low"), d.get("ci_high")
        if _num(est) and ((_num(cl) and cl > est) or (_num(ch) and ch < est)):
            raise DataError(f"{where}: confidence interval {cl}–{ch} does not contain the "
                            f"estimate {est} (fields ci_low, estimate, ci_high)")
        if keys is not None and isinstance(d.get("sources"), list):
            missing = [k for k in d["sources"] if isinstance(k, str) and k not in keys]
            if missing:
                raise DataError(f"{where}: sources {missing} are not keys of book/references.bib")
    _check_questions(document, name, origin)
    if name == "drugs":
        for i, drug in enumerate(document.get("drugs") or []):
            raw = drug.get("renal_bands") or []
            for j in dict.fromkeys(b.get("jurisdiction") for b in raw):
                rows = sorted((b for b in raw if b.get("jurisdiction") == j),
                              key=lambda b: b["crcl_min"], reverse=True)
                where = f"{origin}: drugs → item {i} (id {drug.get('id')!r}) → renal_bands ({j})"
                for above, below in itertools.pairwise(rows):
                    for f in ("daily_low", "daily_high"):
                        if below[f] > above[f]:
                            raise DataError(
                                f"{where}: {f} rises from {above[f]:g} to {below[f]:g} as clearance "
                                f"falls below {above['crcl_min']:g} mL/min (bands must fall as "
                                "clearance falls)")
                for b in rows:
                    s = b.get("starting_dose")
                    if s is not None and not b["daily_low"] <= s <= b["daily_high"]:
                        raise DataError(f"{where}: band from {b['crcl_min']:g}: starting_dose {s:g} "
                                        f"is outside daily_low–daily_high")


def _check_questions(document: Any, name: str, origin: str) -> None:
    """Quiz questions and case decisions: no blank text, no two options alike but for case or
    spacing, finite numeric answers, and every ``objective`` a learning objective of
    objectives.yml (of the bank's own chapter, for a quiz bank)."""
    if not (name.startswith("quizzes/") or name == "cases"):
        return
    objectives = {o["id"]: stem for stem, ch in load("objectives")["chapters"].items()
                  for o in ch["objectives"]}
    for path, d in _walk(document, []):
        if "question" not in d or "type" not in d:
            continue
        where = f"{origin}: {' → '.join(path)}"
        texts = {"question": d["question"], "feedback_correct": d.get("feedback_correct", "x"),
                 "feedback_wrong": d.get("feedback_wrong", "x")}
        for j, o in enumerate(d.get("options") or []):
            texts[f"options[{j}].text"] = o.get("text", "x")
            texts[f"options[{j}].feedback"] = o.get("feedback", "x")
        for field, t in texts.items():
            if isinstance(t, str) and not t.strip():
                raise DataError(f"{where}: {field} is blank (only spaces)")
        seen = {}
        for j, o in enumerate(d.get("options") or []):
            key = " ".join(str(o.get("text", "")).split()).casefold()
            if key in seen:
                raise DataError(f"{where}: options[{seen[key]}] and options[{j}] differ only in case "
                                f"or spacing ({o['text']!r})")
            seen[key] = j
        for field in ("answer", "tolerance"):
            if _num(d.get(field)) and not math.isfinite(d[field]):
                raise DataError(f"{where}: {field} must be a finite number, got {d[field]!r}")
        objective = d.get("objective")
        if isinstance(objective, str):
            if objective not in objectives:
                raise DataError(f"{where}: objective {objective!r} is not a learning objective in "
                                "objectives.yml")
            if name.startswith("quizzes/") and objectives[objective] != document.get("chapter"):
                raise DataError(f"{where}: objective {objective!r} belongs to chapter "
                                f"{objectives[objective]}, not {document.get('chapter')}")


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


def person(person_id: str) -> dict:
    """The one record of a recurring fictional person in ``people.yml`` (e.g. ``'tomas'``).

    Chapters, quizzes, exercises and widgets that show a recurring person take their name, age,
    sex and work from here, so that one person has one set of facts everywhere.
    """
    if not isinstance(person_id, str):
        raise TypeError(f"person_id must be a string, got {type(person_id).__name__}")
    people = by_id("people", "people")
    if person_id not in people:
        raise ValueError(f"person_id must be one of {', '.join(map(repr, sorted(people)))}; "
                         f"got {person_id!r}")
    return people[person_id]
