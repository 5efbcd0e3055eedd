"""Property-based tests (Hypothesis, issue 19) of every public function that takes user input:
calculators and models (shared and chapter-only), exercise checks, argument checking and the
facts loaders.

The contract, for any input a careless user or a hostile contributor might give: a result
whose numbers are finite, or a TypeError/ValueError whose message names a parameter (the
learner's variable, for a check). Never another exception type, never NaN or infinity.

A fixed profile ("ci": a small example budget, derandomised, no example database) keeps the run
reproducible and inside the suite's budget; HYPOTHESIS_PROFILE=deep explores more. The count of
generated inputs per module is written to _build/property-counts.json.
"""

from __future__ import annotations

import collections
import importlib
import inspect
import json
import math
import os
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import npcourse.chapters
from npcourse.marking import core

from .conftest import ROOT

settings.register_profile("ci", max_examples=12, deadline=None, derandomize=True, database=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("deep", max_examples=200, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Shared models, the facts loader's public face, and each chapter's own models and checks.
MODULES = ["npcourse.facts.data",
           *[f"npcourse.models.{m.name}" for m in pkgutil.iter_modules(
               importlib.import_module("npcourse.models").__path__)]]
for chapter in pkgutil.iter_modules(npcourse.chapters.__path__):
    pkg = importlib.import_module(f"npcourse.chapters.{chapter.name}")
    MODULES += [f"{pkg.__name__}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)
                if m.name not in ("figures", "widgets")]  # renderers: see test_chapter_contracts

# Functions that take no user input or are not calculators (display, internal helpers).
# (validate and marking.core take a parameter *name* from code as their first argument: tested
# through every function that uses them, and in test_validate.py.)
SKIP = {f"npcourse.facts.data.{n}" for n in ("describe_location", "validate_document", "parse",
                                              "check_consistency", "schema_for")}
# Likewise helpers whose first argument is the name to report, given by the calling code.
SKIP |= {"npcourse.models.outcomes.check_score", "npcourse.models.outcomes.check_scores",
         "npcourse.models.outcomes.check_pgic", "npcourse.chapters.c10_case_studies.checks.validate_category"}

# Defects these tests find beyond issue 19's list and not fixed yet, as "module.function":
# "what goes wrong"; strict, so a fix that makes one pass fails the run until its entry is removed.
# (The six found in session 5 are fixed: screening.accuracy_from_pairs, c02 gate_change, c05
# listed_interactions, c08 enrolled_from_uniforms, c09 weekly_summary, c10 numeric_answer.)
FOUND: dict[str, str] = {}

numbers = st.one_of(
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 10**400, 1e-300, 1e300, 0.5]),
)
scalars = st.one_of(numbers, st.text(max_size=12), st.none(), st.booleans(), st.just(...))
values = st.one_of(scalars, st.lists(scalars, max_size=4),
                   st.dictionaries(st.text(max_size=6), scalars, max_size=3))

COUNTS: collections.Counter = collections.Counter()


def targets():
    out = []
    for name in MODULES:
        mod = importlib.import_module(name)
        for fname in getattr(mod, "__all__", []):
            fn = getattr(mod, fname, None)
            if not inspect.isfunction(fn) or f"{name}.{fname}" in SKIP:
                continue
            params = [p for p in inspect.signature(fn).parameters.values()
                      if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            if params:
                tid = f"{name[9:]}.{fname}"
                marks = [pytest.mark.xfail(reason=FOUND[tid], strict=True)] if tid in FOUND else []
                out.append(pytest.param(fn, [p.name for p in params], id=tid, marks=marks))
    return out


TARGETS = targets()


def finite_everywhere(value, depth=0) -> bool:
    """No NaN or infinity in a number, a container, a table or a dataclass result."""
    if depth > 4:
        return True
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, (int, float, np.floating, np.integer)):
        return math.isfinite(float(value)) if not isinstance(value, int) else True
    if isinstance(value, pd.DataFrame):
        num = value.select_dtypes("number")
        return bool(np.isfinite(num.to_numpy(dtype=float)).all()) if num.size else True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(finite_everywhere(v, depth + 1) for v in list(value)[:200])
    if isinstance(value, dict):
        return all(finite_everywhere(v, depth + 1) for v in list(value.values())[:200])
    if hasattr(value, "__dataclass_fields__"):
        return all(finite_everywhere(getattr(value, f), depth + 1) for f in value.__dataclass_fields__)
    return True


def names_a_parameter(message: str, names: list[str]) -> bool:
    """The message starts with, or mentions, a parameter (or a part of one: x['key'], x[0])."""
    return any(re.search(rf"(?<![\w]){re.escape(n)}\b", message) for n in names) or \
        bool(re.match(r"^[A-Za-z_][\w .]*(\[[^\]]*\])* (must|is|has|should|needs|cannot)\b", message))


def test_every_module_with_user_input_is_covered():
    assert len(TARGETS) >= 150, len(TARGETS)


@pytest.mark.parametrize(("fn", "names"), TARGETS)
def test_bad_input_gets_a_finite_result_or_an_error_naming_the_parameter(fn, names):
    @given(st.lists(values, min_size=len(names), max_size=len(names)))
    def run(args):
        COUNTS[fn.__module__] += 1
        try:
            result = fn(*args)
        except (TypeError, ValueError) as exc:
            assert names_a_parameter(str(exc), names), \
                f"{fn.__name__}{tuple(args)!r}: {type(exc).__name__} names no parameter: {exc}"
            return
        if isinstance(result, core.Result):
            assert not result.passed or not any(a is ... for a in args), result
        assert finite_everywhere(result), f"{fn.__name__}{tuple(args)!r} returned a non-finite value: {result!r}"

    run()


@pytest.fixture(scope="module", autouse=True)
def _write_counts():
    yield
    out = ROOT / "_build" / "property-counts.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(dict(sorted(COUNTS.items())), indent=1) + "\n", encoding="utf-8")
