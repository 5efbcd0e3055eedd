"""GRADE certainty of a body of evidence: the starting level and the steps down.

The rules are those of the Cochrane Handbook 5.1: section 11.5.6.7 (``cochrane_handbook51``:
four levels; several randomised trials at low risk of bias give high certainty, which is
lowered for design or conduct, imprecision, inconsistency, indirectness or reporting bias) and
the section it refers to, 12.2 (table 12.2.a and section 12.2.2, read at
handbook-5-1.cochrane.org/chapter_12): randomised trials start at *high* and observational
studies at *low*; each of the five reasons judged 'serious' lowers the rating by one level and
'very serious' by two, never below *very low*. GRADE also allows rating observational evidence
UP (large effect, dose-response gradient, confounding that would reduce the effect); this
teaching model leaves that out, and a real rating is a judgement, not arithmetic.
"""

from __future__ import annotations

from npcourse import validate

__all__ = [
    "LEVELS", "START", "DOMAINS", "DOMAIN_LABELS", "SEVERITY", "concerns", "levels_down", "rate",
    "reasons"
]

LEVELS = ("high", "moderate", "low", "very-low")  # highest first, spelt as in therapies.yml
START = {"randomised": "high", "observational": "low"}
DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
DOMAIN_LABELS = {
    "risk_of_bias": "risk of bias",
    "inconsistency": "inconsistency",
    "indirectness": "indirectness",
    "imprecision": "imprecision",
    "publication_bias": "publication bias",
}
SEVERITY = {"none": 0, "serious": 1, "very serious": 2}


def concerns(**ratings: str) -> dict[str, str]:
    """Every domain with its rating ('none' unless given); unknown domains or ratings are errors."""
    out = dict.fromkeys(DOMAINS, "none")
    for domain, rating in ratings.items():
        validate.choice("domain", domain, DOMAINS)
        out[domain] = validate.choice(domain, rating, SEVERITY)
    return out


def levels_down(**ratings: str) -> int:
    """How many levels the ratings take off: 1 per 'serious', 2 per 'very serious'."""
    return sum(SEVERITY[r] for r in concerns(**ratings).values())


def rate(design: str, **ratings: str) -> str:
    """The certainty ('high' ... 'very-low') of evidence of ``design`` with the given concerns.

    ``design`` is 'randomised' or 'observational'; ``ratings`` map domains (:data:`DOMAINS`)
    to 'none', 'serious' or 'very serious', e.g. ``rate('randomised', imprecision='serious')``.
    """
    validate.choice("design", design, START)
    start = LEVELS.index(START[design])
    return LEVELS[min(start + levels_down(**ratings), len(LEVELS) - 1)]


def reasons(**ratings: str) -> list[str]:
    """The domains that were rated down, in the standard order, as words."""
    return [DOMAIN_LABELS[d] for d, r in concerns(**ratings).items() if r != "none"]
