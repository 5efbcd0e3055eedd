"""The Budapest clinical diagnostic criteria for complex regional pain syndrome (CRPS).

Harden and colleagues (2010) validated the criteria; the Royal College of Physicians' UK
guideline (2018) uses them. All four parts must hold:

1. continuing pain, disproportionate to any inciting event;
2. at least one *symptom* (reported) in at least three of the four categories;
3. at least one *sign* (seen at the time of evaluation) in at least two of the four categories;
4. no other diagnosis better explains the signs and symptoms.

The research criteria ask for a symptom in all four categories (and a sign in two or more).
This module is the single definition used by the chapter's checker chart, its exercise checks
and the tests. For learning only: a diagnosis is a clinician's judgement after examination.
"""

from __future__ import annotations

from npcourse import validate

__all__ = ['assess', 'meets']

# (id, short label, what counts as a symptom (reported), what counts as a sign (observed))
CATEGORIES = (
    ("sensory", "Sensory",
     "reports hyperaesthesia and/or allodynia",
     "hyperalgesia to pinprick and/or allodynia to light touch, deep pressure or joint movement"),
    ("vasomotor", "Vasomotor",
     "reports temperature asymmetry and/or skin colour change or asymmetry",
     "temperature asymmetry and/or skin colour change or asymmetry"),
    ("sudomotor", "Sudomotor/oedema",
     "reports oedema and/or sweating change or asymmetry",
     "oedema and/or sweating change or asymmetry"),
    ("motor", "Motor/trophic",
     "reports reduced range of motion, motor dysfunction (weakness, tremor, dystonia) and/or "
     "trophic change (hair, nail, skin)",
     "reduced range of motion, motor dysfunction (weakness, tremor, dystonia) and/or trophic "
     "change (hair, nail, skin)"),
)
CATEGORY_IDS = tuple(c[0] for c in CATEGORIES)
SYMPTOM_CATEGORIES_NEEDED = 3   # clinical criteria (research criteria: 4)
SIGN_CATEGORIES_NEEDED = 2
RESEARCH_SYMPTOM_CATEGORIES_NEEDED = 4
SOURCES = ("harden2010budapest", "goebel2018crps")


def _categories(name: str, value) -> frozenset[str]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a collection of category ids "
                        f"({', '.join(CATEGORY_IDS)}); got {value!r}")
    items = list(value)
    for item in items:
        if item not in CATEGORY_IDS:
            raise ValueError(f"{name} holds {item!r}, which is not a category; "
                             f"use {', '.join(CATEGORY_IDS)}")
    return frozenset(items)


def assess(*, disproportionate_pain: bool, symptoms, signs, other_diagnosis_explains: bool,
           research: bool = False) -> dict:
    """Apply the Budapest criteria; returns every part and the verdict.

    ``symptoms`` and ``signs`` are collections of category ids from :data:`CATEGORY_IDS` (a
    category counts once however many findings it has). ``research=True`` applies the stricter
    research criteria (a symptom in all four categories).
    """
    pain = validate.boolean("disproportionate_pain", disproportionate_pain)
    other = validate.boolean("other_diagnosis_explains", other_diagnosis_explains)
    sym = _categories("symptoms", symptoms)
    sig = _categories("signs", signs)
    need = RESEARCH_SYMPTOM_CATEGORIES_NEEDED if research else SYMPTOM_CATEGORIES_NEEDED
    parts = {
        "pain": pain,
        "symptom_categories": len(sym),
        "symptoms_met": len(sym) >= need,
        "sign_categories": len(sig),
        "signs_met": len(sig) >= SIGN_CATEGORIES_NEEDED,
        "no_better_explanation": not other,
    }
    parts["meets"] = (parts["pain"] and parts["symptoms_met"] and parts["signs_met"]
                      and parts["no_better_explanation"])
    return parts


def meets(**kwargs) -> bool:
    """True when the clinical (or, with ``research=True``, research) criteria are met."""
    return assess(**kwargs)["meets"]
