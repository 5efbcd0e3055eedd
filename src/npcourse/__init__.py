"""Helper package for the open course "Neuropathic pain: mechanisms, medicines and rehabilitation".

Notebooks import what they need by name, for example::

    from npcourse import quiz
    quiz.show("01-pain-types")

Modules (one job each):

- ``validate``   argument checking shared by every public function
- ``data``       loading the course's facts (YAML in ``npcourse/facts/yaml``) with schema validation
- ``quiz``       quiz banks: validation and rendering through jupyterquiz
- ``page``       chapter furniture rendered from data (objectives, practice links)
- ``charts``     shared Altair set-up: renderer, accessible palette, descriptions
- ``figures``    one module per chapter with its interactive charts
- ``tables``     HTML tables rendered from the facts
- ``live``       live ipywidgets for class, with a static rendering in the built book
- ``grading``    which mechanistic pain descriptor fits a set of findings
- ``checks``     exercise self-checks (one module per chapter)
- ``authoring``  maintainer tools: exercise generation, glossary page
"""

__version__ = "0.1.0"

# Importing anything from the course enables its chart renderer (accessible HTML, SVG, no
# action menu), so a chart a learner draws with plain Altair renders like the course's own.
from npcourse.ui import charts as _charts  # noqa: E402,F401
