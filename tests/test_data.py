"""Facts as data: every YAML file validates, passes sanity checks, and cites real sources."""

from __future__ import annotations

import json
import re

import pytest
from npcourse_book.authoring import glossary
from pybtex.database import parse_file

from npcourse.facts import data

from .conftest import ROOT, notebooks

BIB = ROOT / "book" / "references.bib"
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(BIB))


def cited_in_pages() -> dict[str, set[str]]:
    """Keys cited with {cite...} roles in every book page and notebook."""
    found = {}
    for path in sorted((ROOT / "book").glob("*.md")) + notebooks():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        keys = {k.strip() for m in CITE_ROLE.finditer(text) for k in m.group(1).split(",")}
        found[str(path.relative_to(ROOT))] = keys
    return found


@pytest.mark.parametrize("name", data.available())
def test_every_data_file_validates(name):
    assert data.load(name)


def test_bibliography_entries_are_complete(bib):
    assert len(bib.entries) >= 5
    for key, entry in bib.entries.items():
        assert entry.fields.get("title"), f"{key}: no title"
        assert entry.fields.get("year"), f"{key}: no year"
        doi = entry.fields.get("doi")
        if doi:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", doi), f"{key}: malformed DOI {doi!r}"
            assert "http" not in doi


def test_every_source_key_is_in_the_bibliography(bib):
    missing = {name: sorted(keys - set(bib.entries)) for name, keys in data.all_source_keys().items()}
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"sources not in book/references.bib: {missing}"


def test_every_cited_key_is_in_the_bibliography(bib):
    missing = {p: sorted(keys - set(bib.entries)) for p, keys in cited_in_pages().items()}
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"{{cite}} keys not in book/references.bib: {missing}"


def test_every_bibliography_entry_is_used(bib):
    used = set().union(*data.all_source_keys().values(), *cited_in_pages().values())
    unused = sorted(set(bib.entries) - used)
    assert not unused, f"entries in references.bib that nothing cites: {unused}"


def test_prevalence_ranges_are_ordered():
    for e in data.records("prevalence", "estimates"):
        assert e["low"] <= e["high"], e["id"]
        if e["point"] is not None:
            assert e["low"] <= e["point"] <= e["high"], e["id"]


def test_glossary_terms_unique_case_insensitively():
    terms = [t["term"].lower() for t in data.records("glossary", "terms")]
    assert len(terms) == len(set(terms))


def test_glossary_page_is_generated_from_data():
    assert glossary.main(["--check", "--root", str(ROOT)]) == 0, "run `make glossary`"


def test_vignette_signs_are_known_sensory_terms():
    known = {t["term"].lower() for t in data.records("sensory_terms", "terms")}
    for v in data.records("vignettes", "vignettes"):
        unknown = {s.lower() for s in v["signs"]} - known
        assert not unknown, f"vignette {v['id']}: unknown sign(s) {unknown}"


def test_malformed_file_names_file_record_and_problem():
    bad = """
conditions:
  - id: pdn
    name: Painful diabetic neuropathy
    site: peripheral
    cause: sugar
    features: x
    sources: [k]
"""
    with pytest.raises(data.DataError, match=r"conditions\.yml: conditions → item 0 \(id 'pdn'\) → cause"):
        data.parse(bad, "conditions", "npcourse/facts/yaml/conditions.yml")


def test_duplicate_ids_are_rejected():
    bad = """
estimates:
  - {id: a, population: p, measure: m, low: 1, high: 2, point: null, sources: [k], note: n}
  - {id: a, population: p, measure: m, low: 1, high: 2, point: null, sources: [k], note: n}
"""
    with pytest.raises(data.DataError, match="duplicate id 'a'"):
        data.parse(bad, "prevalence", "prevalence.yml")


def test_bad_yaml_and_unknown_names():
    with pytest.raises(data.DataError, match="not valid YAML"):
        data.parse("a: [1,", "glossary", "glossary.yml")
    with pytest.raises(ValueError, match="name must be one of"):
        data.load("drugs-that-do-not-exist")
    with pytest.raises(ValueError, match="key must be one of"):
        data.records("glossary", "words")
