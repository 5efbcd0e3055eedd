"""JSON schemas (draft 2020-12) for every data file in ``npcourse/data``.

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
        {"term": TEXT, "definition": TEXT, "sources": SOURCES, "chapter": CHAPTER},
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

SCHEMAS = {
    "quiz": QUIZ,
    "glossary": GLOSSARY,
    "conditions": CONDITIONS,
    "prevalence": PREVALENCE,
    "vignettes": VIGNETTES,
    "objectives": OBJECTIVES,
    "mechanisms": MECHANISMS,
    "sensory_terms": SENSORY_TERMS,
}
