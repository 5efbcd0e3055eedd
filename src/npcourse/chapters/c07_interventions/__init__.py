"""Chapter 7, interventions (``book/07-interventions.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, figures, responders,
selection, stepped_care, widgets.
"""
