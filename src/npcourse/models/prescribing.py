"""The chapter 5 patient-profile rules: which first-line drugs a set of patient features flags.

The rules table is that of provenance/05-notes.md, section 3, each rule with its sources. Chapter 5's
patient-profile explorer draws these rules (:mod:`npcourse.chapters.c05_using_drugs.figures`) and
chapter 10's cases reuse them (:mod:`npcourse.chapters.c10_case_studies.cases`). Never a
recommendation: a learning tool, not a prescribing aid.
"""

from __future__ import annotations

from npcourse.facts import data
from npcourse.models.drugs import GABAPENTINOIDS

__all__ = ["FLAGS", "FORMULARY_NOTE", "LEVELS", "LEVEL_CODE", "PROFILE_RULES", "first_line_drugs",
           "profile_assessment", "profile_codes"]

FORMULARY_NOTE = ("For learning only: check doses against your local formulary and the current "
                  "product information.")
LEVELS = ("contraindicated", "caution", "note")
LEVEL_CODE = {"contraindicated": "x", "caution": "c", "note": "n", None: "-"}
# Profile features (provenance/05-notes.md, section 3), in checkbox order.
FLAGS = {
    "older": "Older age or falls risk",
    "kidney": "Reduced kidney function",
    "kidney_severe": "Severe kidney impairment (creatinine clearance below 30 mL/min)",
    "liver": "Liver disease (hepatic impairment), or heavy alcohol use",
    "heart_block": "Recent heart attack, heart block or rhythm disorder",
    "heart_other": "Other heart disease",
    "depression": "Depression or risk of self-harm",
    "sleep": "Poor sleep",
    "sedatives": "Takes an opioid, benzodiazepine or other sedating drug, or has lung disease (COPD)",
    "serotonergic": "Takes a serotonergic drug (SSRI, SNRI, tricyclic, tramadol, triptan, lithium, "
                    "St John's wort)",
    "bleeding": "Takes an NSAID, aspirin or anticoagulant",
    "bp_drugs": "Takes a blood-pressure medicine",
    "misuse": "History of substance misuse",
}
# (flag, drugs, level, message, sources): the rules table of provenance/05-notes.md, section 3.
PROFILE_RULES = [
    ("heart_block", ("amitriptyline",), "contraindicated",
     "contraindicated after a recent heart attack and in heart block or other rhythm disorders",
     ("smpc_amitriptyline",)),
    ("heart_other", ("amitriptyline",), "caution",
     "arrhythmias and severe low blood pressure can occur at normal doses in heart disease; QT "
     "prolongation reported", ("smpc_amitriptyline",)),
    ("kidney", GABAPENTINOIDS, "caution",
     "the kidney band is a ceiling: start low and raise more slowly than usual",
     ("fda_label_gabapentin", "fda_label_pregabalin", "smpc_gabapentin")),
    ("kidney_severe", GABAPENTINOIDS, "caution",
     "lowest kidney bands; below 15 mL/min gabapentin's dose falls in proportion to clearance, "
     "and dialysis needs its own schedule", ("dailymed_neurontin_v48", "smpc_gabapentin",
                                            "dailymed_lyrica_v59")),
    ("kidney_severe", ("duloxetine",), "contraindicated",
     "UK/EU product information: contraindicated below a creatinine clearance of 30 mL/min; "
     "US label: avoid", ("lillymedical_cymbalta_contraindications", "fda_label_duloxetine")),
    ("liver", ("duloxetine",), "contraindicated",
     "UK/EU product information: contraindicated in liver disease that impairs liver function; "
     "US label: avoid in chronic liver disease, cirrhosis or heavy alcohol use",
     ("lillymedical_cymbalta_contraindications", "fda_label_duloxetine")),
    ("older", GABAPENTINOIDS, "caution",
     "dizziness and sleepiness; higher risk of respiratory depression in older people",
     ("fda_label_pregabalin", "fda2019gabapentinoids")),
    ("older", ("duloxetine",), "caution", "orthostatic hypotension, falls and fainting",
     ("fda_label_duloxetine",)),
    ("older", ("amitriptyline",), "caution", "anticholinergic and sedative effects",
     ("smpc_amitriptyline",)),
    ("sedatives", GABAPENTINOIDS, "caution",
     "respiratory depression: lowest starting dose and monitoring", ("fda2019gabapentinoids",)),
    ("serotonergic", ("duloxetine", "amitriptyline"), "caution", "serotonin syndrome",
     ("fda_label_duloxetine", "fda_label_tramadol", "tga2013duloxetine")),
    ("bleeding", ("duloxetine",), "caution", "bleeding risk", ("fda_label_duloxetine",)),
    ("bp_drugs", ("duloxetine",), "caution", "greater risk of a fall in blood pressure",
     ("fda_label_duloxetine",)),
    ("depression", ("duloxetine",), "note", "also indicated for major depressive disorder",
     ("tga2013duloxetine",)),
    ("depression", ("amitriptyline",), "caution", "fatal overdose has occurred with tricyclics",
     ("smpc_amitriptyline",)),
    ("misuse", GABAPENTINOIDS, "caution", "misuse potential; UK Class C controlled drug since "
     "April 2019", ("fda_label_pregabalin", "homeoffice2018gabapentinoids")),
    ("sleep", ("amitriptyline", "duloxetine", "gabapentin", "pregabalin"), "note",
     "sedation may help at night or impair the day: discuss", ("nice_cg173",)),
]


def first_line_drugs() -> list[str]:
    """The drugs NICE CG173 offers first (guideline_lines.nice_2013 == 'first' in drugs.yml)."""
    return [d["id"] for d in data.records("drugs", "drugs")
            if d["guideline_lines"]["nice_2013"] == "first"]


def profile_assessment(flags: dict) -> dict[str, dict]:
    """For each first-line drug, the flags a profile raises: {'level', 'reasons'}.

    ``flags`` maps feature ids (:data:`FLAGS`) to True/False; unknown ids are an error.
    The level is the most serious of the reasons (contraindicated > caution > note), or None.
    Never a recommendation: a learning tool, not a prescribing aid.
    """
    if not isinstance(flags, dict):
        raise TypeError(f"flags must be a dict of feature id -> True/False, got {type(flags).__name__}")
    for k, v in flags.items():
        if k not in FLAGS:
            raise ValueError(f"flags has unknown feature {k!r}; known: {', '.join(map(repr, FLAGS))}")
        if not isinstance(v, bool):
            raise TypeError(f"flags[{k!r}] must be True or False, got {v!r}")
    out = {}
    for d in first_line_drugs():
        reasons = [(level, FLAGS[flag], msg, src) for flag, drugs, level, msg, src in PROFILE_RULES
                   if d in drugs and flags.get(flag, False)]
        level = min((r[0] for r in reasons), key=LEVELS.index, default=None)
        out[d] = {"level": level, "reasons": reasons}
    return out


def profile_codes() -> str:
    """The level of every first-line drug for every combination of features, as one string.

    Combination number m (bit i = the i-th feature of FLAGS is ticked) occupies characters
    m·D to m·D + D, one code per drug (x contraindicated, c caution, n note, - none).
    """
    drugs = first_line_drugs()
    parts = []
    for m in range(2 ** len(FLAGS)):
        flags = {f: bool(m >> i & 1) for i, f in enumerate(FLAGS)}
        a = profile_assessment(flags)
        parts.append("".join(LEVEL_CODE[a[d]["level"]] for d in drugs))
    return "".join(parts)
