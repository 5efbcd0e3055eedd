"""The JSON Schema files: one per data kind, valid, documented field by field, used by the
loader, and mapped to the data files for editors (.vscode/settings.json)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from npcourse.facts import data, schemas

from .conftest import ROOT

FOLDER = ROOT / "src" / "npcourse" / "facts" / "schemas"


def fields(node, path=()):
    """Yield (path, subschema) for every named field (a key of ``properties``) in a schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield (*path, name), sub
            yield from fields(sub, (*path, name))
        for key, sub in node.items():
            if key != "properties" and isinstance(sub, (dict, list)):
                yield from fields(sub, path)
    elif isinstance(node, list):
        for sub in node:
            yield from fields(sub, path)


def test_one_schema_file_per_data_kind():
    kinds = {"quiz" if n.startswith("quizzes/") else n for n in data.available()}
    assert set(schemas.kinds()) == kinds
    assert {p.stem for p in FOLDER.glob("*.json")} == kinds


@pytest.mark.parametrize("kind", schemas.kinds())
def test_schema_file_is_a_valid_draft_2020_12_schema_with_a_description_per_field(kind):
    doc = json.loads((FOLDER / f"{kind}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["description"].strip()
    undocumented = [".".join(p) for p, sub in fields(doc)
                    if not (isinstance(sub, dict) and str(sub.get("description", "")).strip())]
    assert not undocumented, f"{kind}.json: fields without a description: {undocumented}"


def test_the_loader_validates_against_the_json_files(monkeypatch):
    """Tightening a JSON file changes what the loader accepts: the files are the source."""
    text = (ROOT / "src/npcourse/facts/yaml/fibres.yml").read_text(encoding="utf-8")
    assert data.parse(text, "fibres", "fibres.yml")
    tightened = schemas.schema("fibres")
    tightened["properties"]["fibres"]["maxItems"] = 1
    monkeypatch.setattr(schemas, "SCHEMAS", {**schemas.SCHEMAS, "fibres": tightened})
    with pytest.raises(data.DataError, match="fibres.yml: fibres"):
        data.parse(text, "fibres", "fibres.yml")


def test_schema_lookup_names_the_parameter():
    with pytest.raises(TypeError, match="kind must be a string"):
        schemas.schema(3)
    with pytest.raises(ValueError, match="kind must be one of .*'drugs'"):
        schemas.schema("drug")
    copy = schemas.schema("drugs")
    copy["title"] = "changed"
    assert schemas.SCHEMAS["drugs"]["title"] == "drugs"


def test_editor_mapping_covers_every_data_file():
    """Every YAML data file is mapped to its schema for the YAML language server."""
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    covered = {}
    for schema_path, globs in mapping.items():
        assert (ROOT / schema_path).is_file(), schema_path
        for g in globs:
            for p in ROOT.glob(g):
                covered[p.relative_to(ROOT).as_posix()] = schema_path
    yaml_dir = ROOT / "src/npcourse/facts/yaml"
    for p in sorted(yaml_dir.rglob("*.yml")):
        rel = p.relative_to(ROOT).as_posix()
        kind = "quiz" if p.parent.name == "quizzes" else p.stem
        assert covered.get(rel) == f"./src/npcourse/facts/schemas/{kind}.json", rel
