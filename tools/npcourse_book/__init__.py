"""Book-build tooling of the course, installed in the development venv only.

Nothing in ``src/npcourse`` imports it (an import-linter contract checks that), and the
JupyterLite wheel learners install (:mod:`npcourse_book.authoring.lite`) does not contain it.

- ``sphinxext``  the book's Sphinx extension: offline vendoring, glossary links, JupyterLite
                 links, fixes to theme markup (``_config.yml`` loads ``npcourse_book.sphinxext``)
- ``termlinks``  the rules that link glossary terms at their first use (used by ``sphinxext``)
- ``authoring``  maintainer tools run from the Makefile: exercises from solutions, glossary
                 page, instructor guide, student edition, execution-cache clean-up, lite content
"""
