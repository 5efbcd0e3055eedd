"""Science shared by two or more chapters, with no display code.

- ``drugs``            the drug records of ``drugs.yml`` as typed values (ch 4, 5, 7, 10)
- ``neupsig_grading``  NeuPSIG grading: which mechanistic descriptor fits a set of findings (ch 1, 3, 7, 10)
- ``outcomes``         change from baseline and responders against the outcome measures (ch 9, 10)
- ``renal``            creatinine clearance and kidney dose bands (ch 5, 10)
- ``screening``        screening-tool scores and diagnostic accuracy (ch 3, 4)
- ``synthetic``        seeded synthetic patients and cohorts (ch 3, 5, 9)

Models import the facts layer and :mod:`npcourse.validate` only: never charts, widgets or
display helpers (an import-linter contract checks it). A model used by one chapter only lives
in that chapter's package.
"""
