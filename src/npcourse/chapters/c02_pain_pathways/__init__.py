"""Chapter 2, pain pathways (``book/02-pain-pathways.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, figures, physiology,
widgets.
"""
