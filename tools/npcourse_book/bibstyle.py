"""The course's bibliography style: pybtex's "plain" without an entry's ``note`` field.

In ``book/references.bib`` the ``note`` field records how a source was read (which summary,
what was not seen, what to check): provenance for authors, never text for learners (issue 16,
item 2). Readers see each reference as "plain" prints it, less that note.
"""

from __future__ import annotations

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as Plain

NAME = "npcourse"


class Style(Plain):
    def format_entry(self, label, entry, bib_data=None):
        if any(k.lower() == "note" for k in entry.fields):
            fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
            reader = Entry(entry.type, fields=fields, persons=entry.persons)
            reader.key = entry.key
            entry = reader
        return super().format_entry(label, entry, bib_data=bib_data)


def setup(app):
    register_plugin("pybtex.style.formatting", NAME, Style)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
