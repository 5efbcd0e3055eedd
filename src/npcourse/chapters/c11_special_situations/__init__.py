"""Chapter 11, special situations (``book/11-special-situations.ipynb``).

Its charts, exercise checks and chapter-only models: budapest (the CRPS clinical criteria),
checks, figures.
"""
