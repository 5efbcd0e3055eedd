"""Chapter 5, using the drugs (``book/05-using-drugs.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, figures,
pharmacokinetics, widgets.
"""
