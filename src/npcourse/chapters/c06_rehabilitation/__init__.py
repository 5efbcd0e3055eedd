"""Chapter 6, rehabilitation (``book/06-rehabilitation.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: balance, checks, exercise_dosing,
figures, tens, widgets.
"""
