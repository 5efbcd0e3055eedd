"""JSON schemas (draft 2020-12) for every data file in ``npcourse/facts/yaml``.

A data file named ``X.yml`` is validated against ``SCHEMAS["X"]``; quiz banks in
``data/quizzes/`` against ``SCHEMAS["quiz"]``. Sanity rules that a schema cannot express
(ranges ordered, one correct option, keys in references.bib) live in the loaders and tests.
"""

from __future__ import annotations

TEXT = {"type": "string", "minLength": 1}
SOURCES = {"type": "array", "items": {"type": "string", "pattern": r"^[A-Za-z0-9_:-]+$"}, "minItems": 1}
SLUG = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"}
CHAPTER = {"type": "string", "pattern": r"^[0-9]{2}-[a-z0-9-]+$"}


def _records(key: str, item: dict) -> dict:
    return {
        "type": "object",
        "required": [key],
        "additionalProperties": False,
        "properties": {key: {"type": "array", "minItems": 1, "items": item}},
    }


def _obj(required: list[str], properties: dict) -> dict:
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


_OPTION = _obj(
    ["text", "correct", "feedback"],
    {"text": TEXT, "correct": {"type": "boolean"}, "feedback": TEXT},
)

_QUESTION_COMMON = {
    "id": {"type": "string", "pattern": r"^ch[0-9]{2}-q[0-9]{2,}$"},
    "type": {"enum": ["single", "multiple", "numeric"]},
    "objective": {"type": "string", "pattern": r"^ch[0-9]{2}-lo[0-9]+$"},
    "question": TEXT,
    "section": TEXT,
}

QUIZ = _obj(
    ["chapter", "questions"],
    {
        "chapter": CHAPTER,
        "questions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "type", "objective", "question"],
                "properties": {"type": {"enum": ["single", "multiple", "numeric"]}},
                "allOf": [
                    {
                        "if": {"properties": {"type": {"enum": ["single", "multiple"]}}},
                        "then": {
                            "additionalProperties": False,
                            "required": ["options"],
                            "properties": {
                                **_QUESTION_COMMON,
                                "options": {"type": "array", "minItems": 2, "items": _OPTION},
                            },
                        },
                    },
                    {
                        "if": {"properties": {"type": {"const": "numeric"}}},
                        "then": {
                            "additionalProperties": False,
                            "required": ["answer", "tolerance", "feedback_correct", "feedback_wrong"],
                            "properties": {
                                **_QUESTION_COMMON,
                                "answer": {"type": "number"},
                                "tolerance": {"type": "number", "minimum": 0},
                                "feedback_correct": TEXT,
                                "feedback_wrong": TEXT,
                            },
                        },
                    },
                ],
            },
        },
    },
)

GLOSSARY = _records(
    "terms",
    _obj(
        ["term", "definition", "sources", "chapter"],
        {"term": TEXT, "definition": TEXT, "sources": SOURCES, "chapter": CHAPTER,
         # Other written forms that chapters link to the term, and a switch to never link it
         # automatically (see npcourse_book.termlinks).
         "aliases": {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True},
         "autolink": {"type": "boolean"}},
    ),
)

CONDITIONS = _records(
    "conditions",
    _obj(
        ["id", "name", "site", "cause", "features", "sources"],
        {
            "id": SLUG,
            "name": TEXT,
            "site": {"enum": ["peripheral", "central"]},
            "cause": {
                "enum": [
                    "metabolic", "infectious", "traumatic", "toxic", "compressive", "immune",
                    "vascular", "nutritional", "hereditary", "idiopathic",
                ]
            },
            "features": TEXT,
            "sources": SOURCES,
        },
    ),
)

PREVALENCE = _records(
    "estimates",
    _obj(
        ["id", "population", "measure", "low", "high", "point", "sources", "note"],
        {
            "id": SLUG,
            "population": TEXT,
            "measure": TEXT,
            "low": {"type": "number", "minimum": 0, "maximum": 100},
            "high": {"type": "number", "minimum": 0, "maximum": 100},
            "point": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
            "sources": SOURCES,
            "note": TEXT,
        },
    ),
)

MECHANISM = {"enum": ["neuropathic", "nociceptive", "nociplastic", "mixed"]}

VIGNETTES = _records(
    "vignettes",
    _obj(
        ["id", "text", "mechanism", "site", "signs", "explanation", "sources"],
        {
            "id": {"type": "string", "pattern": r"^v[0-9]+$"},
            "text": TEXT,
            "mechanism": MECHANISM,
            "site": {"enum": ["peripheral", "central", "not-applicable"]},
            "signs": {"type": "array", "items": TEXT},
            "explanation": TEXT,
            "sources": SOURCES,
        },
    ),
)

OBJECTIVES = _obj(
    ["chapters"],
    {
        "chapters": {
            "type": "object",
            "propertyNames": CHAPTER,
            "additionalProperties": _obj(
                ["title", "minutes", "prerequisites", "objectives"],
                {
                    "title": TEXT,
                    "minutes": {"type": "integer", "minimum": 10, "maximum": 300},
                    "prerequisites": TEXT,
                    "objectives": {
                        "type": "array",
                        "minItems": 3,
                        "maxItems": 6,
                        "items": _obj(
                            ["id", "text"],
                            {"id": {"type": "string", "pattern": r"^ch[0-9]{2}-lo[0-9]+$"}, "text": TEXT},
                        ),
                    },
                },
            ),
        }
    },
)

MECHANISMS = _records(
    "descriptors",
    _obj(
        ["id", "name", "definition", "cause", "typical_descriptors", "sensory_signs", "examples", "sources"],
        {
            "id": {"enum": ["nociceptive", "neuropathic", "nociplastic"]},
            "name": TEXT,
            "definition": TEXT,
            "cause": TEXT,
            "typical_descriptors": TEXT,
            "sensory_signs": TEXT,
            "examples": {"type": "array", "minItems": 1, "items": TEXT},
            "sources": SOURCES,
        },
    ),
)

SENSORY_TERMS = _records(
    "terms",
    _obj(
        ["id", "term", "stimulus", "response", "stimulus_text", "response_text", "sign", "sources"],
        {
            "id": SLUG,
            "term": TEXT,
            "stimulus_text": TEXT,
            "response_text": TEXT,
            "stimulus": {"enum": ["non-painful", "painful", "any"]},
            "response": {"enum": ["more-pain", "less", "abnormal", "abnormal-unpleasant"]},
            "sign": {"enum": ["positive", "negative"]},
            "sources": SOURCES,
        },
    ),
)

RANGE = {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number", "minimum": 0}}
FRACTION = {"type": ["number", "null"], "minimum": 0, "maximum": 1}

FIBRES = _records(
    "fibres",
    _obj(
        ["id", "name", "myelinated", "diameter_um", "velocity_m_s", "carries", "pain_role", "sources"],
        {
            "id": {"enum": ["a-beta", "a-delta", "c"]},
            "name": TEXT,
            "myelinated": {"type": "boolean"},
            "diameter_um": RANGE,
            "velocity_m_s": RANGE,
            "carries": TEXT,
            "pain_role": TEXT,
            "sources": SOURCES,
        },
    ),
)

_ITEM = _obj(
    ["id", "text", "part"],
    {
        "id": SLUG,
        "text": TEXT,
        "part": {"enum": ["interview", "examination", "self-report"]},
        "points": {"type": "number"},
        "points_min": {"type": "number"},
        "points_max": {"type": "number"},
    },
)

SCREENING_TOOLS = _records(
    "tools",
    _obj(
        ["id", "name", "administered", "items", "max_score", "cutoff", "cutoff_rule",
         "sensitivity", "specificity", "interpretation", "sources"],
        {
            "id": SLUG,
            "name": TEXT,
            "administered": TEXT,
            "items": {"type": "array", "items": _ITEM},
            "questions": {"type": "array", "items": TEXT},
            "min_score": {"type": ["number", "null"]},
            "max_score": {"type": ["number", "null"]},
            "cutoff": {"type": ["number", "null"]},
            "cutoff_rule": {"enum": [">=", ">"]},
            "bands": {"type": "array", "items": _obj(
                ["label", "min", "max"], {"label": TEXT, "min": {"type": "number"}, "max": {"type": "number"}})},
            "sensitivity": FRACTION,
            "specificity": FRACTION,
            "sensitivity_range": {"type": "array", "minItems": 2, "maxItems": 2, "items": FRACTION},
            "ppv": FRACTION,
            "npv": FRACTION,
            "proportion_correct_self": FRACTION,
            "proportion_correct_interview": FRACTION,
            "accuracy_source": {"type": "string"},
            "accuracy_setting": TEXT,
            "other_accuracy": {"type": "array", "items": _obj(
                ["source", "setting"],
                {"source": TEXT, "setting": TEXT, "sensitivity": FRACTION, "specificity": FRACTION,
                 "sensitivity_lowest": FRACTION, "sensitivity_highest": FRACTION})},
            "interpretation": TEXT,
            "notes": TEXT,
            "sources": SOURCES,
        },
    ),
)

BEDSIDE_TESTS = _records(
    "tests",
    _obj(
        ["id", "name", "tool", "fibres", "abnormal_findings", "sources"],
        {
            "id": SLUG,
            "name": TEXT,
            "tool": TEXT,
            "fibres": {"type": "array", "minItems": 1, "items": {"enum": ["A-beta", "A-delta", "C"]}},
            "qst_counterpart": TEXT,
            "abnormal_findings": TEXT,
            "notes": TEXT,
            "sources": SOURCES,
        },
    ),
)

# --- drugs (chapters 4 and 5): every number sits in an object with its own `sources` -----

SOURCED_RANGE = _obj(
    ["low", "high", "unit", "sources"],
    {"low": {"type": "number", "minimum": 0}, "high": {"type": "number", "minimum": 0},
     "unit": TEXT, "note": TEXT, "sources": SOURCES},
)
EFFECT = _obj(
    ["estimate", "ci_low", "ci_high", "outcome", "sources"],
    {"estimate": {"type": "number", "exclusiveMinimum": 0},
     "ci_low": {"type": ["number", "null"], "exclusiveMinimum": 0},
     "ci_high": {"type": ["number", "null"], "exclusiveMinimum": 0},
     "outcome": TEXT, "trials": {"type": "integer", "minimum": 1},
     "participants": {"type": "integer", "minimum": 1}, "note": TEXT, "sources": SOURCES},
)
# not-assessed: the guideline makes no recommendation on the drug; not-verified: its position
# could not be read from the guideline for this file (the record's note says why).
LINE = {"enum": ["first", "second", "third", "not-recommended", "inconclusive", "not-assessed",
                 "not-verified", "specialist-only", "trigeminal-neuralgia-first"]}
SITES = {"enum": ["peripheral-nerve-ending", "peripheral-axon", "dorsal-root-ganglion", "dorsal-horn",
                  "descending-pathways", "brain", "neuromuscular"]}

# Which country's product information a dose figure comes from.
JURISDICTION = {"enum": ["US", "EU"]}

DRUGS = _records(
    "drugs",
    _obj(
        ["id", "name", "drug_class", "examples", "mechanism", "target", "sites", "route",
         "dose", "titration", "guideline_lines", "adverse_effects", "cautions", "interactions", "sources"],
        {
            "id": SLUG,
            "name": TEXT,
            "drug_class": TEXT,
            "examples": {"type": "array", "minItems": 1, "items": TEXT},
            "mechanism": TEXT,
            "target": TEXT,
            "sites": {"type": "array", "minItems": 1, "items": SITES},
            "route": {"enum": ["oral", "topical", "intravenous", "injection", "oral-or-intravenous"]},
            "dose": {"type": ["object", "null"], "required": ["daily"], "additionalProperties": False,
                     "properties": {"start": SOURCED_RANGE, "daily": SOURCED_RANGE, "note": TEXT}},
            "titration": _obj(["text", "sources"], {"text": TEXT, "sources": SOURCES}),
            "half_life": {"anyOf": [{"type": "null"}, SOURCED_RANGE]},
            "bioavailability": {"anyOf": [{"type": "null"},
                                          _obj(["text", "sources"], {"text": TEXT, "sources": SOURCES})]},
            # Kidney-function dose bands from the product information (creatinine clearance in
            # mL/min; crcl_max null = no upper limit), for the kinetics chapter.
            "renal_bands": {"type": "array", "items": _obj(
                ["crcl_min", "crcl_max", "daily_low", "daily_high", "unit", "jurisdiction",
                 "sources"],
                {"crcl_min": {"type": "number", "minimum": 0},
                 "crcl_max": {"type": ["number", "null"], "minimum": 0},
                 "daily_low": {"type": "number", "minimum": 0},
                 "daily_high": {"type": "number", "minimum": 0},
                 "unit": TEXT, "doses_per_day": TEXT, "note": TEXT, "sources": SOURCES,
                 # true when the label row includes crcl_min (see npcourse.models.renal)
                 "includes_crcl_min": {"type": "boolean"},
                 # Whose label the row is from: US (FDA label) or EU (UK/EU SmPC). Required, so
                 # that every band shown can say which country's label it comes from.
                 "jurisdiction": JURISDICTION,
                 # The label's own starting dose for this band (pregabalin's table lists one);
                 # absent when the band gives maintenance totals only (gabapentin).
                 "starting_dose": {"type": "number", "exclusiveMinimum": 0},
                 # Below this clearance the label cuts the daily dose in proportion to clearance
                 # (gabapentin: dose at CrCl c = dose at 15 × c / 15).
                 "proportional_below": {"type": "number", "exclusiveMinimum": 0}})},
            # How haemodialysis changes the dose, per label (not a band).
            "renal_dialysis": {"type": "array", "items": _obj(
                ["jurisdiction", "text", "sources"],
                {"jurisdiction": JURISDICTION, "text": TEXT,
                 "supplemental_low": {"type": "number", "exclusiveMinimum": 0},
                 "supplemental_high": {"type": "number", "exclusiveMinimum": 0},
                 "sources": SOURCES})},
            # Fraction absorbed at given total daily doses (saturable absorption), from labels.
            "bioavailability_by_dose": {"type": "array", "items": _obj(
                ["daily_dose", "fraction", "unit", "sources"],
                {"daily_dose": {"type": "number", "exclusiveMinimum": 0},
                 "fraction": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                 "unit": TEXT, "sources": SOURCES})},
            "nnt": {"anyOf": [{"type": "null"}, EFFECT]},
            "nnh": {"anyOf": [{"type": "null"}, EFFECT]},
            "guideline_lines": _obj(
                ["neupsig_2015", "neupsig_2025", "nice_cg173", "sources"],
                {"neupsig_2015": LINE, "neupsig_2025": LINE, "nice_cg173": LINE, "note": TEXT,
                 "sources": SOURCES}),
            "adverse_effects": _obj(["common", "serious", "sources"], {
                "common": {"type": "array", "items": TEXT}, "serious": {"type": "array", "items": TEXT},
                "sources": SOURCES}),
            "cautions": _obj(["renal", "cardiac", "elderly", "pregnancy", "sources"], {
                "renal": TEXT, "cardiac": TEXT, "elderly": TEXT, "pregnancy": TEXT, "other": TEXT,
                "sources": SOURCES}),
            "interactions": {"type": "array", "items": _obj(
                ["with", "effect", "sources"], {"with": TEXT, "effect": TEXT, "sources": SOURCES})},
            "sources": SOURCES,
        },
    ),
)

# --- non-drug approaches (chapters 6-8) and key trials (chapter 7) ----------------------

CERTAINTY = {"enum": ["high", "moderate", "low", "very-low", "insufficient"]}

THERAPIES = _records(
    "therapies",
    _obj(
        ["id", "name", "chapter", "evidence", "certainty", "certainty_by", "population",
         "neuropathic_population", "note", "sources"],
        {"id": SLUG, "name": TEXT, "chapter": CHAPTER, "evidence": TEXT, "certainty": CERTAINTY,
         # Who set the certainty: the cited review/guideline, or the chapter author's reading.
         "certainty_by": {"enum": ["review", "authors"]},
         "population": TEXT, "neuropathic_population": {"type": "boolean"},
         "effect": TEXT, "note": TEXT, "sources": SOURCES,
         # Devices and physical modalities: who must not have it, where not to apply it, and
         # (for anything applied to skin) the sensation rule; rendered wherever it is taught.
         "safety": _obj(
             ["contraindications", "precautions", "sources"],
             {"sensation_rule": TEXT,
              "contraindications": {"type": "array", "minItems": 1, "items": TEXT},
              "precautions": {"type": "array", "minItems": 1, "items": TEXT},
              "guidance": {"type": "array", "items": TEXT},
              "sources": SOURCES})},
    ),
)

PROPORTION = {"type": ["number", "null"], "minimum": 0, "maximum": 1}

TRIALS = _records(
    "trials",
    _obj(
        ["id", "name", "intervention", "comparator", "population", "n", "outcome",
         "intervention_value", "comparator_value", "blinding", "funding", "risk_of_bias", "note",
         "sources"],
        {"id": SLUG, "name": TEXT, "intervention": TEXT, "comparator": TEXT, "population": TEXT,
         "n": {"type": "integer", "minimum": 1}, "outcome": TEXT,
         # Responder proportions; null where the result was not read.
         "intervention_value": PROPORTION, "comparator_value": PROPORTION,
         "blinding": TEXT, "funding": TEXT,
         "risk_of_bias": {"enum": ["low", "some-concerns", "high"]}, "note": TEXT, "sources": SOURCES},
    ),
)

LESSONS = _obj(
    ["lessons"],
    {
        "lessons": {
            "type": "object",
            "propertyNames": CHAPTER,
            "additionalProperties": _obj(
                ["segments", "activity"],
                {
                    "segments": {"type": "array", "minItems": 2, "items": _obj(
                        ["minutes", "what"], {"minutes": {"type": "integer", "minimum": 1, "maximum": 90},
                                              "what": TEXT})},
                    "activity": TEXT,
                },
            ),
        }
    },
)

# --- case studies (chapter 10): fictional people walked through decision points ------------

_FINDINGS = _obj([], {k: {"type": "boolean"} for k in (
    "lesion_history", "plausible_distribution", "sensory_signs", "diagnostic_test",
    "tissue_damage", "hypersensitivity")})
_DECISION_COMMON = {
    "id": SLUG,
    "step": {"enum": ["classify", "grade", "kidney", "drug", "interactions", "rehab", "measure",
                      "follow-up"]},
    "chapter": CHAPTER,       # the chapter that teaches this step (linked from the page)
    "objective": {"type": "string", "pattern": r"^ch[0-9]{2}-lo[0-9]+$"},
    "type": {"enum": ["single", "multiple", "numeric"]},
    "question": TEXT,
}
_DECISION = {
    "type": "object",
    "required": ["id", "step", "chapter", "objective", "type", "question"],
    "properties": {"type": {"enum": ["single", "multiple", "numeric"]}},
    "allOf": [
        {"if": {"properties": {"type": {"enum": ["single", "multiple"]}}},
         "then": {"additionalProperties": False, "required": ["options"],
                  "properties": {**_DECISION_COMMON,
                                 "options": {"type": "array", "minItems": 2, "items": _OPTION}}}},
        # Numeric answers are computed from the case, never typed: `answer_from` names how.
        {"if": {"properties": {"type": {"const": "numeric"}}},
         "then": {"additionalProperties": False,
                  "required": ["answer_from", "tolerance", "feedback_correct", "feedback_wrong"],
                  "properties": {**_DECISION_COMMON,
                                 "answer_from": {"enum": ["crcl", "percent_change"]},
                                 "week": {"type": "integer", "minimum": 0},
                                 "tolerance": {"type": "number", "minimum": 0},
                                 "feedback_correct": TEXT, "feedback_wrong": TEXT}}},
    ],
}
_MEDICINE = _obj(
    ["id", "name"],
    {"id": SLUG, "name": TEXT,
     "drug_id": SLUG,        # a record of drugs.yml, when the medicine is one
     "therapy_id": SLUG,     # a record of therapies.yml (e.g. a herbal product)
     "note": TEXT,
     # Interaction records of drugs.yml that apply to this medicine: the drug, and a piece of
     # that drug's interaction `with` text that identifies exactly one record.
     "interacts": {"type": "array", "items": _obj(["drug", "with_contains"],
                                                  {"drug": SLUG, "with_contains": TEXT})}},
)
CASES = _obj(
    ["cases"],
    {
        # Responder thresholds are read from outcome_measures.yml (chapter 9), not repeated here.
        "cases": {"type": "array", "minItems": 1, "items": _obj(
            ["id", "name", "condition", "fictional", "age", "sex", "weight_kg", "creatinine_mg_dl",
             "summary", "comorbidities", "profile_flags", "medicines", "pains", "plan", "timeline",
             "decisions", "sources"],
            {"id": SLUG, "name": TEXT, "condition": TEXT,
             "fictional": {"const": True},
             "age": {"type": "integer", "minimum": 18, "maximum": 100},
             "sex": {"enum": ["female", "male"]},
             "weight_kg": {"type": "number", "minimum": 30, "maximum": 250},
             "creatinine_mg_dl": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
             "summary": TEXT,
             "goals": {"type": "array", "items": TEXT},
             "comorbidities": {"type": "array", "items": TEXT},
             # Feature ids of the chapter 5 patient-profile rules (npcourse.models.prescribing.FLAGS).
             "profile_flags": {"type": "array", "items": {"type": "string", "pattern": r"^[a-z_]+$"}},
             "medicines": {"type": "array", "items": _MEDICINE},
             # Whose product information the case doses from (US label or UK/EU SmPC), for every
             # drug that has kidney bands in that jurisdiction (others name their own).
             "jurisdiction": JURISDICTION,
             # Every dose the story gives, as data, so that tests can hold it to the label: a start
             # never above the label's start for this person, never above the kidney ceiling.
             "dosing": {"type": "array", "items": _obj(
                 ["drug_id", "week", "kind", "daily_dose"],
                 {"drug_id": SLUG, "week": {"type": "integer", "minimum": 0},
                  "kind": {"enum": ["start", "raised", "held"]},
                  "daily_dose": {"type": "number", "exclusiveMinimum": 0},
                  "how": TEXT})},
             "pains": {"type": "array", "minItems": 1, "items": _obj(
                 ["id", "description", "findings"],
                 {"id": SLUG, "description": TEXT, "findings": _FINDINGS})},
             "plan": _obj(
                 ["drug_id", "therapies", "measures", "team"],
                 {"drug_id": SLUG, "drug_note": TEXT,
                  "therapies": {"type": "array", "minItems": 1, "items": _obj(
                      ["id", "why"], {"id": SLUG, "why": TEXT})},
                  "measures": {"type": "array", "minItems": 1, "items": TEXT},
                  "team": {"type": "array", "minItems": 1, "items": TEXT}}),
             # Fictional scores: average pain (0-10 NRS) at each visit, and what changed.
             "timeline": {"type": "array", "minItems": 2, "items": _obj(
                 ["week", "nrs", "event"],
                 {"week": {"type": "integer", "minimum": 0},
                  "nrs": {"type": "number", "minimum": 0, "maximum": 10},
                  "interference": {"type": "number", "minimum": 0, "maximum": 10},
                  "event": TEXT})},
             "decisions": {"type": "array", "minItems": 1, "items": _DECISION},
             "sources": SOURCES})},
    },
)

# --- outcome measures and the care team (chapter 9; read by chapter 10) ------------------

_THRESHOLD_KINDS = ["percent-reduction", "points-reduction", "points-increase", "percent-range",
                    "category"]

OUTCOME_MEASURES = _obj(
    ["domains", "measures", "thresholds"],
    {
        "domains": {"type": "array", "minItems": 1, "items": _obj(
            ["id", "name", "sources"], {"id": SLUG, "name": TEXT, "sources": SOURCES})},
        "measures": {"type": "array", "minItems": 1, "items": _obj(
            ["id", "name", "abbreviation", "domains", "what", "administered", "limits", "sources"],
            {"id": SLUG, "name": TEXT, "abbreviation": TEXT,
             "domains": {"type": "array", "minItems": 1, "items": SLUG},
             "what": TEXT,
             "scale": _obj(["min", "max", "unit", "whole_numbers"],
                           {"min": {"type": "number"}, "max": {"type": "number"}, "unit": TEXT,
                            "whole_numbers": {"type": "boolean"}}),
             "categories": {"type": "array", "minItems": 2, "items": TEXT},
             "administered": TEXT, "limits": TEXT, "sources": SOURCES})},
        "thresholds": {"type": "array", "minItems": 1, "items": _obj(
            ["id", "measure", "level", "kind", "statement", "method", "population", "limits",
             "sources"],
            {"id": SLUG, "measure": SLUG,
             "level": {"enum": ["minimal", "moderate", "substantial", "important", "detectable"]},
             "kind": {"enum": _THRESHOLD_KINDS},
             "value": {"type": "number", "exclusiveMinimum": 0},
             "low": {"type": "number", "exclusiveMinimum": 0},
             "high": {"type": "number", "exclusiveMinimum": 0},
             "categories": {"type": "array", "minItems": 1, "items": TEXT},
             "statement": TEXT,
             "method": {"enum": ["consensus", "anchor-based", "distribution-based"]},
             "population": TEXT, "limits": TEXT, "sources": SOURCES})},
    },
)

CARE_TEAM = _obj(
    ["concerns", "roles"],
    {
        "concerns": {"type": "array", "minItems": 1, "items": _obj(
            ["id", "label"], {"id": SLUG, "label": TEXT})},
        "roles": {"type": "array", "minItems": 1, "items": _obj(
            ["id", "name", "part", "concerns", "sources"],
            {"id": SLUG, "name": TEXT, "part": TEXT,
             "concerns": {"type": "array", "minItems": 1, "items": SLUG}, "sources": SOURCES})},
    },
)

# --- recurring fictional people: one record per person, one set of facts (people.yml) ------
PEOPLE = _records(
    "people",
    _obj(
        ["id", "name", "mentions", "fictional", "age", "sex", "condition", "work", "work_status",
         "key_facts", "chapters"],
        {
            "id": SLUG,
            "name": TEXT,
            "mentions": {"type": "array", "minItems": 1, "items": TEXT},
            "fictional": {"const": True},
            "age": {"type": "integer", "minimum": 16, "maximum": 110},
            "sex": {"enum": ["female", "male"]},
            "condition": TEXT,
            "work": TEXT,
            "work_status": {"enum": ["working", "retired", "off-work", "unknown"]},
            "weight_kg": {"type": "number", "exclusiveMinimum": 0, "maximum": 300},
            "creatinine_mg_dl": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
            "key_facts": {"type": "array", "minItems": 1, "items": TEXT},
            "chapters": {"type": "array", "minItems": 1, "items": CHAPTER},
        },
    ),
)


SCHEMAS = {
    "quiz": QUIZ,
    "glossary": GLOSSARY,
    "conditions": CONDITIONS,
    "prevalence": PREVALENCE,
    "vignettes": VIGNETTES,
    "objectives": OBJECTIVES,
    "mechanisms": MECHANISMS,
    "sensory_terms": SENSORY_TERMS,
    "fibres": FIBRES,
    "screening_tools": SCREENING_TOOLS,
    "bedside_tests": BEDSIDE_TESTS,
    "drugs": DRUGS,
    "lessons": LESSONS,
    "therapies": THERAPIES,
    "trials": TRIALS,
    "cases": CASES,
    "outcome_measures": OUTCOME_MEASURES,
    "care_team": CARE_TEAM,
    "people": PEOPLE,
}
