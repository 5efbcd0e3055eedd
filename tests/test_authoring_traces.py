"""No note to authors reaches a learner: the built text of every page is free of BibTeX keys,
data file names, "verify" notes, "course data" and "YAML".

Provenance belongs in the source notes (provenance/) and in the references, which a reader
sees as rendered citations. The scan reads what a reader can see or meet: the page text
outside code cells, the tables and notes that notebook cells print, and the text inside each
chart's Vega specification (titles, notes, labels, tooltips), which the browser draws.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from npcourse.ui import charts

from .conftest import ROOT

BIB = ROOT / "book" / "references.bib"
DATA = ROOT / "src" / "npcourse" / "facts" / "yaml"
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "lite"}
# Code that a reader is shown as code (the practice pages teach reading the data in Python).
CODE_CLASSES = {"highlight", "cell_input", "literal-block"}
SKIP_TAGS = {"style", "head", "pre", "code"}


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))


def trace_patterns() -> dict[str, re.Pattern]:
    keys = sorted(bib_keys(), key=len, reverse=True)
    files = sorted(p.name for p in DATA.rglob("*.yml"))
    return {
        "BibTeX key": re.compile(r"(?<![\w/#.-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])"),
        "data file name": re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, files))
                                     + r"|[\w-]+\.ya?ml|references\.bib)(?![\w-])"),
        "verify note": re.compile(r"\bverify\b|\bnot verified\b|\bunverified\b", re.I),
        "'course data'": re.compile(r"\bcourse data\b", re.I),
        "'YAML'": re.compile(r"\bYAML\b", re.I),
        # "the therapies file": a data file named in words (chapter 8's cycle once said so)
        "data file in words": re.compile(r"\b(" + "|".join(sorted({re.escape(p.stem.replace("_", " "))
                                                                   for p in DATA.rglob("*.yml")}))
                                         + r") (data )?files?\b", re.I),
    }


class ReaderText(HTMLParser):
    """The text of a page as a reader meets it: no code cells, no markup; chart specs'
    string values kept (Vega draws them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0
        self.script = False

    def handle_starttag(self, tag, attrs):
        src = dict(attrs).get("src") or ""
        if tag == "img" and src.startswith(charts.PICTURE_URL) and not self.skipping:
            # A chart's build-time picture (npcourse.ui.charts.picture_html): its drawn text.
            picture = ReaderText()
            picture.feed(urllib.parse.unquote(src[len(charts.PICTURE_URL):]))
            self.parts += picture.parts
        if tag in {"br", "img", "meta", "link", "input", "hr", "wbr", "source"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in SKIP_TAGS or bool(classes & CODE_CLASSES)
        self.stack.append((tag, skip))
        self.skipping += skip
        self.script = tag == "script"

    def handle_endtag(self, tag):
        while self.stack:
            name, skip = self.stack.pop()
            self.skipping -= skip
            if name == tag:
                break
        self.script = False

    def handle_data(self, data):
        if self.skipping:
            return
        if self.script:
            # Only the quoted strings of a script (a chart's spec, a quiz's text): they may be
            # drawn; identifiers and code may not.
            self.parts += [html.unescape(s) for s in re.findall(r'"((?:[^"\\]|\\.){3,})"', data)
                           if " " in s or s.isidentifier() is False]
            return
        self.parts.append(data)


def page_text(page: Path) -> str:
    parser = ReaderText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def built_pages(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*.html"))
            if not SKIP_DIRS & set(p.relative_to(root).parts[:-1]) and p.name not in {"genindex.html"}]


def traces_in(root: Path) -> list[str]:
    """Every authoring trace in the built site at ``root``, as 'page: kind "context"'."""
    patterns = trace_patterns()
    found = []
    for page in built_pages(root):
        text = re.sub(r"\s+", " ", page_text(page))
        for kind, pattern in patterns.items():
            for m in pattern.finditer(text):
                context = text[max(0, m.start() - 50):m.end() + 30]
                found.append(f"{page.relative_to(root).as_posix()}: {kind} {m.group(0)!r} in \"{context}\"")
    return found


def test_scan_catches_each_kind_of_trace(tmp_path):
    """The scan itself: a page with one trace of each kind is reported, each kind."""
    key = sorted(bib_keys())[0]
    (tmp_path / "p.html").write_text(
        f"<html><body><p>As {key} shows (see drugs.yml, verify), the course data; edit the YAML; "
        "the therapies file.</p>"
        '<div class="highlight"><pre>data.records("drugs") # drugs.yml</pre></div>'
        '<script>var spec = {"text": "note from finnerup2016grading here"};</script>'
        + charts.picture_html('<svg xmlns="http://www.w3.org/2000/svg"><text>a dose # unverified</text></svg>', 9, 9)
        + "</body></html>")
    kinds = [t.split(": ", 1)[1].split(" '")[0] for t in traces_in(tmp_path)]
    # Two keys (one in the prose, one in the chart spec); the file name in the code cell is not
    # one; the chart picture's text is read like the page's.
    assert sorted(kinds) == sorted(["BibTeX key", "BibTeX key", "data file name", "verify note", "verify note",
                                    "'course data'", "'YAML'", "data file in words"]), kinds


# First full build with this scan: 717 traces; 247 on the build of main at the start of session 6;
# 24 on that session's merged build, then removed: chapter 7's and chapter 9's practice tables name
# sources in words, the fifth case's quiz text, and chapter 4's guideline id `nice_cg173` (also a
# BibTeX key, shown in the practice pages' lines table) became `nice_2013`.
def test_no_authoring_traces_in_built_pages(built_book):
    assert built_book["returncode"] == 0, built_book["log"][-3000:]
    found = traces_in(built_book["html"])
    assert not found, f"{len(found)} authoring traces:\n" + "\n".join(found[:80])


def test_band_notes_lose_their_sentences_to_authors():
    from npcourse.ui import sources
    note = 'Label row "30-60" mL/min; 30 appears in two rows. Read in a transcription of the label; verify.'
    assert sources.reader_note(note) == 'Label row "30-60" mL/min; 30 appears in two rows.'
    assert sources.reader_note("Label row \">= 60\" mL/min.") == "Label row \">= 60\" mL/min."
    with pytest.raises(TypeError, match="text"):
        sources.reader_note(None)


def test_bibliography_style_drops_the_reading_notes():
    """Every references.bib entry with a note prints without it (and with its title)."""
    from npcourse_book import bibstyle
    from pybtex.database import parse_file

    bib = parse_file(str(BIB))
    noted = [e for e in bib.entries.values() if "note" in e.fields]
    assert noted, "no entry has a note: the test would prove nothing"
    style = bibstyle.Style()
    for formatted, entry in zip(style.format_entries(noted), noted, strict=True):
        text = formatted.text.render_as("text")
        note = entry.fields["note"].strip("{} ")[:40]
        assert note not in text, (entry.key, text)
        assert not trace_patterns()["BibTeX key"].search(text), (entry.key, text)
