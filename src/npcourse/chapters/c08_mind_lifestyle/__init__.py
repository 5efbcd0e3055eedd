"""Chapter 8, mind and lifestyle (``book/08-mind-lifestyle.ipynb``).

Its charts, live widgets, exercise checks and chapter-only models: checks, fear_avoidance, figures,
grade_certainty, trial_simulation, widgets.
"""
