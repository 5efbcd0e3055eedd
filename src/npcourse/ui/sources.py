"""Sources named in words for charts and tables (never a BibTeX key in front of a learner).

Prose cites with {cite:p} roles, which the book renders as author-year links. Text drawn by a
chart or printed in a table cannot carry a role, so it names each source the way a reader
would look it up in the chapter's reference list: "Finnerup et al. 2015", or for a label,
guideline or web page its title's head and publisher ("LYRICA (pregabalin) capsules and oral
solution, FDA 2025"). Labels are read from book/references.bib;
in an installed wheel (JupyterLite), which has no bibliography, a key becomes "Name Year".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from npcourse.facts import data

__all__ = ['label', 'labels', 'plain', 'reader_note']

# Publishers a clinical reader knows by their initials.
SHORT = {"National Institute for Health and Care Excellence": "NICE",
         "U.S. Food and Drug Administration": "FDA", "US Food and Drug Administration": "FDA",
         "European Medicines Agency": "EMA", "World Health Organization": "WHO",
         "International Association for the Study of Pain": "IASP",
         "Medicines and Healthcare products Regulatory Agency": "MHRA"}
FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$")


@functools.cache
def _entries() -> dict[str, dict[str, str]]:
    path = data._bib_path()
    if path is None:
        return {}
    entries: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^@(\w+)\{([^,\s]+),", line)
        if head:
            current = entries.setdefault(head.group(2), {"type": head.group(1).lower()})
            continue
        m = FIELD.match(line)
        if current is not None and m:
            current[m.group(1).lower()] = m.group(2)
    return entries


# LaTeX accents in BibTeX names (M\\'endez, Gu\\'emann) as combining characters.
ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "c": "\u0327",
           "=": "\u0304", "v": "\u030c", "u": "\u0306", ".": "\u0307"}
ACCENT = re.compile(r"\\([\'`^\"~=.]|[cvu](?=[{\s]))\s*\{?\\?([A-Za-z])\}?")


def _plain(text: str) -> str:
    text = ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + ACCENTS[m.group(1)]), text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def _people(author: str) -> str:
    if author.startswith("{") and author.endswith("}"):
        return _plain(author)  # an organisation
    names = [a.strip() for a in author.split(" and ") if a.strip()]
    surnames = [_plain(n.split(",")[0]) if "," in n else _plain(n).split(" ")[-1] for n in names]
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2 and "others" not in author:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."


def label(key: str) -> str:
    """One source in words, e.g. ``label('finnerup2015pharmacotherapy')`` → 'Finnerup et al. 2015'."""
    if not isinstance(key, str) or not key.strip():
        raise ValueError(f"key must be a BibTeX key (non-empty text), got {key!r}")
    entry = _entries().get(key)
    if entry is None:
        m = re.match(r"([a-z]+?)(\d{4})", key)
        return f"{m.group(1).capitalize()} {m.group(2)}" if m else key.replace("_", " ").upper()
    year = _plain(entry.get("year", ""))
    year = "" if year in {"", "n.d."} else year
    author = entry.get("author", "")
    if not author or author.startswith("{"):  # an organisation's label, guideline or page
        title = _plain(entry.get("title", key)).split(": ")[0]
        if len(title) > 70:
            title = title[:70].rsplit(" ", 1)[0].rstrip(",;") + "…"
        publisher = _plain(entry.get("institution") or entry.get("organization")
                           or entry.get("publisher") or author or "")
        publisher = SHORT.get(publisher, publisher)
        who = (f", {publisher}" if publisher and len(publisher) <= 40
               and publisher.lower() not in title.lower() else "")
        return f"{title}{who}{' ' + year if year else ''}"
    return f"{_people(author)}{' ' + year if year else ''}"


def labels(keys: Iterable[str], sep: str = "; ") -> str:
    """Several sources in words, each once, in the order given."""
    if isinstance(keys, str):
        raise TypeError("keys must be a list of BibTeX keys, not one string")
    return sep.join(dict.fromkeys(label(k) for k in keys))


# Authors' notes inside data texts, and the plain sentence a reader sees instead.
UNCERTAIN = [
    (re.compile(r"\bNot verified (from|in) (a|the) (label|SmPC) for this file\b\.?"),
     lambda m: f"Not yet checked against {m.group(2)} {m.group(3)}; ask a pharmacist or see the "
               "current product information."),
    (re.compile(r"\b(\d{4} )?position not verified\b"), lambda m: f"{m.group(1) or ''}position not known"),
    (re.compile(r"\bnot verified\b"), lambda m: "not confirmed"),
    (re.compile(r"\bNot verified\b"), lambda m: "Not confirmed"),
    (re.compile(r" for this file\b"), lambda m: ""),
]


def plain(text: str) -> str:
    """A data text with its notes to authors ("Not verified … for this file") said plainly."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    for pattern, repl in UNCERTAIN:
        text = pattern.sub(repl, text)
    return text


# Sentences in a data note that record how a value was read (for authors, kept in the data and
# in provenance/), not what it means for a reader.
AUTHOR_SENTENCE = re.compile(r"\bverif(y|ied)\b|\btranscription\b|\bcross-checked\b|\bset id\b|"
                             r"\bbefore publ|\bthis file\b", re.I)


def reader_note(text: str) -> str:
    """A data note without its sentences to authors ("Read in a transcription …; verify.")."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text.strip())
    return " ".join(s for s in sentences if s and not AUTHOR_SENTENCE.search(s))
