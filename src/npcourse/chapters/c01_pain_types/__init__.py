"""Chapter 1, pain types (``book/01-pain-types.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, figures, widgets.
"""
