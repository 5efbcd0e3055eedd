"""Chapter 10, case studies (``book/10-case-studies.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: cases, checks, figures, widgets.
"""
