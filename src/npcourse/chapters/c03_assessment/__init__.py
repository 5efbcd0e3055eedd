"""Chapter 3, assessment (``book/03-assessment.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, figures, neurophysiology,
widgets.
"""
