"""Chapter 4, how the drugs act (``book/04-drug-action.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, figures, widgets.
"""
