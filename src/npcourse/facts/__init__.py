"""The facts layer: the course's facts as sourced, schema-checked YAML, and how they are loaded.

- ``yaml/*.yml``          one file per kind of fact (drugs, therapies, trials, glossary, ...);
                          ``yaml/quizzes/<chapter stem>.yml`` one quiz bank per chapter
- ``yaml/*.schema.json``  the JSON Schema of each kind, a description for every field: the
                          loader validates against these files, and editors can too
- ``data``                loading and validation (:func:`npcourse.facts.data.load`)
- ``schemas``             reads the JSON Schema files; shared vocabularies (``SITES`` ...)

Imports nothing from the rest of the package except :mod:`npcourse.validate`.
"""
