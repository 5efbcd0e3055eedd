"""Helper package for the open course "Neuropathic pain: mechanisms, medicines and rehabilitation".

Notebooks import what they need by name, for example::

    from npcourse.ui import quiz
    quiz.show("01-pain-types")
    from npcourse.chapters.c05_using_drugs import figures

Subpackages, in layers (each imports only those below it; an import-linter contract checks it):

- ``chapters``  one package per chapter, named by its notebook stem (``c05_using_drugs``):
                ``figures`` (charts), ``widgets`` (live demos), ``checks`` (exercise checks)
                and the models only that chapter uses
- ``marking``   exercise marking shared by the chapters' checks
- ``ui``        display helpers: charts, evidence map, tables, quiz, flashcards, page, live
- ``models``    science shared by several chapters, no display code (drugs, renal,
                neupsig_grading, outcomes, screening, synthetic, prescribing)
- ``facts``     the course's facts: YAML in ``facts/yaml`` and its loading with schema validation
- ``validate``  argument checking shared by every public function

The book-build tooling (Sphinx extension, glossary linking, authoring, JupyterLite preparation)
is the separate ``npcourse_book`` package in ``tools/``, not part of this one.
"""

__version__ = "0.1.0"

# Importing anything from the course enables its chart renderer (accessible HTML, SVG, no
# action menu), so a chart a learner draws with plain Altair renders like the course's own.
from npcourse.ui import charts as _charts  # noqa: E402,F401
