"""Display helpers shared by every chapter.

- ``charts``        shared Altair set-up: renderer, accessible palette, descriptions, text panel
- ``evidence_map``  the generic evidence map (approaches of a chapter by certainty of evidence)
- ``tables``        HTML tables rendered from the facts
- ``quiz``          quiz banks: validation and rendering through jupyterquiz
- ``flashcards``    glossary flashcards (jupytercards), one deck per chapter
- ``selftest``      self-test across chapters: a mixed set from the chosen chapters' quiz banks
- ``page``          chapter furniture rendered from data (objectives, practice links)
- ``live``          live ipywidgets for class, with a static rendering in the built book

Imports the facts layer and :mod:`npcourse.validate`; never a model or a chapter.
"""
