"""Chapter 1 exercises: the material each task shows, and its self-check.

Answers are checked against the course's data files, so a task and its check can never
disagree with what the chapter teaches.
"""

from __future__ import annotations

from npcourse.chapters.c01_pain_types.figures import expected_cases as _expected_cases
from npcourse.facts import data
from npcourse.marking import core
from npcourse.models import neupsig_grading
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "MECHANISMS", "SITES", "SIGNS", "GRADES", "PREVALENCE_ID", "POPULATION", "GRADE_CASES",
    "check_mechanisms", "check_signs", "check_sites", "prevalence_range", "check_case_estimate", "check_grades",
    "show_vignettes", "explain_vignettes", "show_conditions", "show_grade_cases"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_mechanisms": "ch01-lo2",
    "check_signs": "ch01-lo3",
    "check_sites": "ch01-lo4",
    "check_case_estimate": "ch01-lo5",
    "check_grades": "ch01-lo2",
}

MECHANISMS = ["neuropathic", "nociceptive", "nociplastic", "mixed"]
SITES = ["peripheral", "central"]
SIGNS = ["positive", "negative"]
GRADES = list(neupsig_grading.GRADES)
PREVALENCE_ID = "vanhecke-general-population"
POPULATION = 25_000

# Task 5 cases: findings of three people (used in the exercise text and the check).
GRADE_CASES = {
    "A": {"lesion_history": True, "plausible_distribution": True},
    "B": {"lesion_history": True, "plausible_distribution": True, "sensory_signs": True},
    "C": {"lesion_history": True, "plausible_distribution": True, "sensory_signs": True,
          "diagnostic_test": True},
    "D": {"plausible_distribution": True, "sensory_signs": True},
}



def check_mechanisms(answers) -> core.Result:
    """Task 1: the mechanistic descriptor of every vignette."""
    key = {v["id"]: v["mechanism"] for v in data.records("vignettes", "vignettes")}
    return core.check_labels(
        "Task 1 (vignettes)", answers, key, MECHANISMS,
        what="a dict mapping each vignette id to a descriptor",
        hint=lambda wrong: (f"{len(wrong)} of {len(key)} need another look: {', '.join(wrong)}. "
                            "Ask: is there tissue damage? a lesion or disease of the somatosensory "
                            "system? both? neither, yet hypersensitivity? (section 'Three kinds of pain')"),
        done=f"all {len(key)} vignettes classified correctly.", name="mechanisms")


def check_signs(answers) -> core.Result:
    """Task 2: each sensory term as a positive or a negative sign."""
    key = {t["term"]: t["sign"] for t in data.records("sensory_terms", "terms")}
    return core.check_labels(
        "Task 2 (positive and negative signs)", answers, key, SIGNS,
        what="a dict mapping each term to 'positive' or 'negative'",
        hint=lambda wrong: (f"look again at {', '.join(wrong)}: does the term describe a loss of "
                            "function (negative) or something added (positive)?"),
        done="every term sorted correctly.", name="signs")


def check_sites(answers) -> core.Result:
    """Task 3: peripheral or central site for every condition."""
    key = {c["id"]: c["site"] for c in data.records("conditions", "conditions")}
    return core.check_labels(
        "Task 3 (peripheral or central)", answers, key, SITES,
        what="a dict mapping each condition id to 'peripheral' or 'central'",
        hint=lambda wrong: (f"{', '.join(wrong)}: where is the lesion — in nerves, roots or ganglia "
                            "(peripheral), or in the spinal cord or brain (central)?"),
        done=f"all {len(key)} conditions placed correctly.", name="sites")


def prevalence_range() -> tuple[float, float]:
    estimates = data.by_id("prevalence", "estimates")
    if PREVALENCE_ID not in estimates:
        raise data.DataError(f"prevalence.yml has no estimate with id {PREVALENCE_ID!r}")
    e = estimates[PREVALENCE_ID]
    return e["low"], e["high"]


def check_case_estimate(low_count, high_count) -> core.Result:
    """Task 4: people expected to be affected in a population of POPULATION adults."""
    task = "Task 4 (how many people?)"
    if core.is_stub(low_count) or core.is_stub(high_count):
        return core.unanswered(task, "the low and the high number of people")
    low_count = core.answer_number("low_count", low_count)
    high_count = core.answer_number("high_count", high_count)
    low, high = prevalence_range()
    want_low, want_high = _expected_cases(POPULATION, low), _expected_cases(POPULATION, high)
    if core.close(low_count, want_high, abs_tol=1) and core.close(high_count, want_low, abs_tol=1):
        return core.wrong(task, "your two numbers are swapped: the low estimate gives the low count.")
    if core.close(low_count, POPULATION * low, rel=0.001):
        return core.wrong(task, "the prevalence is in per cent: divide by 100.")
    if not (core.close(low_count, want_low, abs_tol=1) and core.close(high_count, want_high, abs_tol=1)):
        return core.wrong(task, f"multiply the {POPULATION:,} adults by each end of the prevalence "
                          "range (as a fraction, so per cent ÷ 100).")
    return core.correct(task, f"{want_low:,.0f} to {want_high:,.0f} people.")


def check_grades(answers) -> core.Result:
    """Task 5: the neuropathic pain grade of each case in GRADE_CASES."""
    key = {case: neupsig_grading.neuropathic_grade(f) for case, f in GRADE_CASES.items()}
    return core.check_labels(
        "Task 5 (grading)", answers, key, GRADES,
        what="a dict mapping each case letter to a grade",
        hint=lambda wrong: (f"re-check case(s) {', '.join(wrong)}: possible needs history and a "
                            "plausible distribution; probable adds sensory signs; definite adds a "
                            "confirming test; without the first two the grading cannot start ('none')."),
        done="all four cases graded correctly.", name="grades")


# --- task material -----------------------------------------------------------------------

def show_vignettes():
    """Task 1: the vignettes (all people are fictional)."""
    rows = [[v["id"], v["text"]] for v in data.records("vignettes", "vignettes")]
    return tables.html_table(rows, ["Id", "Vignette (fictional person)"],
                             caption="Task 1 vignettes")


def explain_vignettes():
    """Solution notes for task 1, from the same data the check uses."""
    rows = [[v["id"], v["mechanism"], v["explanation"]] for v in data.records("vignettes", "vignettes")]
    return tables.html_table(rows, ["Id", "Descriptor", "Why"], caption="Task 1 explained")


def show_conditions():
    """Task 3: the conditions with the ids to use as keys."""
    rows = [[c["id"], c["name"]] for c in data.records("conditions", "conditions")]
    return tables.html_table(rows, ["Id (use as key)", "Condition"], caption="Task 3 conditions")


def show_grade_cases():
    """Task 5: which findings each person has."""
    rows = [[case, "; ".join(neupsig_grading.FINDINGS[k] for k, v in f.items() if v)]
            for case, f in GRADE_CASES.items()]
    return tables.html_table(rows, ["Case", "Findings present (all others absent)"],
                             caption="Task 5 cases")
