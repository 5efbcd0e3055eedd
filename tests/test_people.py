"""One fictional person, one set of facts (people.yml).

Every notebook (chapters, solutions, generated exercises), quiz bank, data file and module of the
package is scanned for the names of fictional people. A recurring person's stated age, title and
work must agree with ``people.yml``; and across the whole course a name must not be used for two
people (two titles, or two ages, for the same name).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from npcourse.facts import data

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "npcourse"
TITLES = ("Mr", "Mrs", "Ms", "Miss")
_TITLE = r"(?:(?P<title>Mr|Mrs|Ms|Miss) )?"
# "<name>, 64," / "<name> (fictional), 64" / "<name>, a fictional 64-year-old" / "<name> is 64" /
# "<name> (fictional) is 72 years old" / "<name>, aged 72"
_AGE_TAIL = (r"(?:'s)?(?: \(fictional\))?(?:,| is| aged)? (?:a fictional |aged )?"
             r"(?P<age>\d{1,3})(?:-year-old|,| years\b)")
RETIRED_CONTRADICTIONS = re.compile(
    r"\b(off work|signed off|sick leave|back to work|return(?:s|ing)? to work|his job|her job)\b", re.I)
OFF_WORK_CONTRADICTIONS = re.compile(r"\bretired\b", re.I)


def _notebook_units(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        src = cell["source"]
        yield f"{path.relative_to(ROOT)} cell {i}", "".join(src) if isinstance(src, list) else src


def _yaml_strings(node, where):
    if isinstance(node, dict):
        ident = node.get("id")
        for key, value in node.items():
            yield from _yaml_strings(value, f"{where} {ident or ''}.{key}".replace(" .", "."))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _yaml_strings(item, f"{where}[{i}]")
    elif isinstance(node, str):
        yield where, node


def _yaml_units(path: Path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    # A quiz question is one unit: its stem, options and feedback describe the same person.
    if isinstance(doc, dict) and "questions" in doc:
        for q in doc["questions"]:
            yield (f"{path.relative_to(ROOT)} {q.get('id')}",
                   "\n".join(text for _, text in _yaml_strings(q, "")))
        return
    yield from ((f"{path.relative_to(ROOT)}{w}", t) for w, t in _yaml_strings(doc, ""))


def _python_units(path: Path):
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        yield f"{path.relative_to(ROOT)}:{i}", line


def text_units():
    """(where, text) for every place a learner or a widget can meet a fictional person."""
    for folder in ("book", "solutions", "exercises"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            yield from _notebook_units(path)
    data_files = sorted((PACKAGE / "facts" / "yaml").rglob("*.yml"))
    assert data_files, "no data files found: has the facts folder moved?"
    for path in data_files:
        if path.name == "people.yml":
            continue
        yield from _yaml_units(path)
    for path in sorted(PACKAGE.rglob("*.py")):
        yield from _python_units(path)


UNITS = list(text_units())
PEOPLE = data.records("people", "people")


def _key_and_title(mention: str) -> tuple[str, str | None]:
    words = mention.split()
    return words[-1], (words[0] if words[0] in TITLES else None)


def mentions_of(key: str, units=UNITS):
    """Every occurrence of the name ``key``: (where, title or None, stated age or None, unit)."""
    name = re.compile(rf"(?<![\w]){_TITLE}{re.escape(key)}(?![\w])")
    aged = re.compile(rf"(?<![\w]){_TITLE}{re.escape(key)}{_AGE_TAIL}")
    for where, text in units:
        ages = {m.start(): int(m["age"]) for m in aged.finditer(text)}
        for m in name.finditer(text):
            yield where, m["title"], ages.get(m.start()), text


def test_people_file_loads_and_ids_are_unique():
    ids = [p["id"] for p in PEOPLE]
    assert len(ids) == len(set(ids))
    keys = [_key_and_title(m)[0] for p in PEOPLE for m in p["mentions"]]
    assert len(keys) == len(set(keys)), "two people in people.yml share a name"


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p["id"])
def test_every_mention_agrees_with_people_yml(person):
    problems = []
    found = 0
    for mention in person["mentions"]:
        key, title = _key_and_title(mention)
        for where, got_title, age, text in mentions_of(key):
            found += 1
            if got_title != title:
                problems.append(f"{where}: {got_title or 'no title'} {key} — people.yml has "
                                f"{mention!r}; another person must not use this name")
            if age is not None and age != person["age"]:
                problems.append(f"{where}: {key} is {age} here, {person['age']} in people.yml")
            if got_title == title:
                if person["work_status"] == "retired":
                    bad = RETIRED_CONTRADICTIONS.search(text)
                    if bad:
                        problems.append(f"{where}: {key} is retired in people.yml, but the text "
                                        f"says {bad.group(0)!r}")
                    job = person["work"].lower().replace("retired ", "")
                    if job in text.lower() and "retired" not in text.lower():
                        problems.append(f"{where}: {key} is a {job} without 'retired'")
                if person["work_status"] == "off-work" and OFF_WORK_CONTRADICTIONS.search(text):
                    problems.append(f"{where}: {key} is off work in people.yml, not retired")
    assert found, f"{person['id']}: no mention of {person['mentions']} anywhere in the course"
    assert not problems, "\n".join(problems)


def _titled_names():
    pattern = re.compile(r"(?<![\w])(?P<title>Mr|Mrs|Ms|Miss) (?P<key>[A-Z][\w]+)")
    return sorted({m["key"] for _, text in UNITS for m in pattern.finditer(text)})


@pytest.mark.parametrize("key", _titled_names())
def test_one_name_one_person(key):
    """A surname carries one title and one age everywhere in the course."""
    titles, ages = {}, {}
    for where, title, age, _ in mentions_of(key):
        if title:
            titles.setdefault(title, where)
        if age is not None:
            ages.setdefault(age, where)
    assert len(titles) <= 1, f"{key} is used for more than one person: {titles}"
    assert len(ages) <= 1, f"{key} is given different ages: {ages}"


def _untitled_fictional_names():
    pattern = re.compile(r"(?<![\w])(?P<key>[A-Z][\w]+)(?:,| \(fictional\),?) a? ?"
                         r"(?:fictional )?(?P<age>\d{1,3})(?:-year-old|,)")
    found = {}
    for where, text in UNITS:
        for m in pattern.finditer(text):
            if m["key"] in TITLES or m["key"] in {"A", "The", "Task"}:
                continue
            found.setdefault(m["key"], {}).setdefault(int(m["age"]), where)
    return found


def test_untitled_fictional_people_have_one_age():
    clashes = {k: v for k, v in _untitled_fictional_names().items() if len(v) > 1}
    assert not clashes, f"one name, several ages: {clashes}"


def test_code_that_shows_a_person_reads_people_yml():
    """The chapter 6 planner starts at Tomás; chapter 5's model cell computes the man its text
    describes, not Mrs Haddad, whose clearance is the answer of the exercise that follows it."""
    import json
    import re

    from npcourse.chapters.c06_rehabilitation import figures as ch06

    from .conftest import ROOT

    tomas, haddad = data.person("tomas"), data.person("haddad")
    assert ch06.PLANNER_CONTROLS["age"][-1] == tomas["age"]
    nb = json.loads((ROOT / "book/05-using-drugs.ipynb").read_text())
    sources = ["".join(c["source"]) for c in nb["cells"]]
    at = next(i for i, s in enumerate(sources) if "renal.cockcroft_gault(" in s)
    model = sources[at]
    args = dict(re.findall(r'(\w+)=("?[\w.]+"?)', model.split("cockcroft_gault(", 1)[1].split(")")[0]))
    assert args != {"age": str(haddad["age"]), "weight": f"{haddad['weight_kg']:g}",
                    "creatinine": f"{haddad['creatinine_mg_dl']:g}", "sex": f'"{haddad["sex"]}"'}
    text = " ".join(sources[max(0, at - 4):at])
    described = re.search(r"(\d+)-year-old (man|woman) of (\d+) kg with a serum creatinine of ([\d.]+) mg/dL", text)
    assert described, "the text before the model cell does not describe whom it computes"
    age, sex, weight, creatinine = described.groups()
    assert args == {"age": age, "weight": weight, "creatinine": creatinine,
                    "sex": '"male"' if sex == "man" else '"female"'}
    later = " ".join(sources[at:])
    assert "Mrs Haddad" in later and "Mrs Haddad" not in " ".join(sources[:at])


def test_person_rejects_bad_input():
    with pytest.raises(TypeError, match="person_id"):
        data.person(3)
    with pytest.raises(ValueError, match="person_id must be one of"):
        data.person("nobody")


def test_scanner_catches_the_old_contradictions():
    """The rules fail on the texts this file was written to fix."""
    old = [("ch08", "Tomás, a fictional 61-year-old bus driver with type 2 diabetes, has been "
                    "signed off work."),
           ("vignettes", "Mr Okafor, a fictional 74-year-old man, had shingles."),
           ("quiz03", "Mr Haddad, 45, has lumbar disc disease.")]
    ages = [a for _, _, a, _ in mentions_of("Tomás", old)]
    assert ages == [61]
    assert RETIRED_CONTRADICTIONS.search(old[0][1])
    assert [a for _, _, a, _ in mentions_of("Okafor", old)] == [74]
    assert [t for _, t, _, _ in mentions_of("Haddad", old)] == ["Mr"]
