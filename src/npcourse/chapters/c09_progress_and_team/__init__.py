"""Chapter 9, progress and the care team (``book/09-progress-and-team.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, diaries, figures,
widgets.
"""
