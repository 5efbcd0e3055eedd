"""Chapter 3 exercises: the material each task shows, and its self-check.

Expected answers are computed from the data files and the model modules (screening,
synthetic, neurophysiology, grading), never typed here, so a task and its check can never
disagree with what the chapter teaches. Every person is fictional; the cohort is SYNTHETIC.
"""

from __future__ import annotations

import pandas as pd

from npcourse.chapters.c03_assessment import neurophysiology
from npcourse.chapters.c03_assessment.figures import GRADE_LABELS, PRESETS
from npcourse.facts import data
from npcourse.marking import core
from npcourse.models import neupsig_grading, screening, synthetic
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "COHORT_SEED", "COHORT_SIZE", "DN4_CUTOFF", "FIBRES", "GRADES", "PATTERNS", "DN4_CASE",
    "NCS_CASE", "NCS_REFERENCE", "GRADE_CASES", "QUESTIONS", "show_dn4_case", "check_dn4", "cohort",
    "check_accuracy", "check_best_cutoff", "show_conduction_case", "check_conduction", "show_bedside_tests",
    "check_fibres", "explain_bedside_tests", "show_grade_cases", "check_grades", "explain_grades"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_dn4": "ch03-lo3",
    "check_accuracy": "ch03-lo3",
    "check_best_cutoff": "ch03-lo3",
    "check_conduction": "ch03-lo4",
    "check_fibres": "ch03-lo1",
    "check_grades": "ch03-lo2",
}

COHORT_SEED = synthetic.DEFAULT_SEED
COHORT_SIZE = (200, 200)  # people with and without neuropathic pain
DN4_CUTOFF = screening.cutoff(screening.DN4)
FIBRES = sorted({f.lower() for t in data.records("bedside_tests", "tests") for f in t["fibres"]})
GRADES = list(neupsig_grading.GRADES)
PATTERNS = list(neurophysiology.PATTERNS)

# Task 1: Mr Adeyemi's DN4 answers (True = yes).
DN4_CASE = {
    "burning": True, "painful-cold": False, "electric-shocks": True, "tingling": True,
    "pins-and-needles": False, "numbness": False, "itching": False,
    "hypoesthesia-touch": False, "hypoesthesia-prick": True, "brushing": False,
}

# Task 4: Mr Okafor's tibial motor nerve study (fictional numbers).
NCS_CASE = {"distance_mm": 400, "proximal_latency_ms": 13.3, "distal_latency_ms": 4.8,
            "amplitude_mv": 2.2}
NCS_REFERENCE = neurophysiology.EXAMPLE_REFERENCE

# Task 6: answers to the four grading questions for four fictional people.
GRADE_CASES = {
    "A": next(f for name, f in PRESETS.items() if name.startswith("Ms Larsen")),
    "B": next(f for name, f in PRESETS.items() if name.startswith("Mr Okafor")),
    "C": {"lesion_history": True, "plausible_distribution": False, "sensory_signs": True,
          "diagnostic_test": True},
    "D": {"lesion_history": True, "plausible_distribution": True, "sensory_signs": False,
          "diagnostic_test": True},
}
QUESTIONS = ["lesion_history", "plausible_distribution", "sensory_signs", "diagnostic_test"]


def _wrong_keys(answers: dict, key: dict) -> list[str]:
    return [k for k in key if answers[k] != key[k]]


# --- task 1: score a DN4 -------------------------------------------------------------------

def show_dn4_case():
    """Task 1: Mr Adeyemi's answers to the ten DN4 items."""
    rows = [[f"{n}. {i['text']}", i["part"], "yes" if DN4_CASE[i["id"]] else "no"]
            for n, i in enumerate(screening.items(screening.DN4), 1)]
    return tables.html_table(rows, ["Item", "Part", "Answer"],
                             caption="Task 1: Mr Adeyemi's DN4 (fictional person)")


def check_dn4(total, positive) -> core.Result:
    """Task 1: Mr Adeyemi's DN4 total, and whether it is a positive screen."""
    task = "Task 1 (DN4 score)"
    if core.is_stub(total) or core.is_stub(positive):
        return core.unanswered(task, "the total (a whole number) and True or False")
    total = core.answer_number("total", total)
    if not isinstance(positive, bool):
        raise TypeError(f"positive must be True or False, got {type(positive).__name__} {positive!r}")
    want = screening.score(DN4_CASE)
    want_positive = screening.is_positive(want)
    interview = screening.part_score(DN4_CASE, "interview")
    n_items = len(DN4_CASE)
    if total != want:
        if total == n_items - want:
            return core.wrong(task, "you seem to have counted the 'no' answers: each yes scores 1.")
        if total == interview:
            return core.wrong(task, "the examination items (questions 3 and 4) count too.")
        return core.wrong(task, "count one point for each item answered yes, over all ten items.")
    if positive != want_positive:
        return core.wrong(task, "the total is right; now compare it with the DN4 cut-off rule "
                          "again, word for word (section 'The clinician-administered DN4').")
    verdict = "a positive screen" if want_positive else "a negative screen"
    return core.correct(task, f"{want}/10, {verdict}. {screening.NOT_A_DIAGNOSIS}")


# --- task 2: accuracy on the synthetic cohort ----------------------------------------------

def cohort() -> pd.DataFrame:
    """The SYNTHETIC cohort the tasks use (the same every time)."""
    return synthetic.dn4_cohort(*COHORT_SIZE, seed=COHORT_SEED)


def two_by_two() -> pd.DataFrame:
    """Task 2: the cohort's DN4 result (at the cut-off) against the reference diagnosis, as counts."""
    df = cohort()
    positive, has = df["dn4_total"] >= DN4_CUTOFF, df["neuropathic"]
    table = pd.DataFrame(
        {"neuropathic pain": [int((positive & has).sum()), int((~positive & has).sum())],
         "no neuropathic pain": [int((positive & ~has).sum()), int((~positive & ~has).sum())]},
        index=[f"DN4 {DN4_CUTOFF} or more (screen positive)", f"DN4 below {DN4_CUTOFF} (screen negative)"])
    table.attrs["title"] = "SYNTHETIC cohort of 400 people: DN4 result against the reference diagnosis"
    return table


def _expected_accuracy() -> screening.Accuracy:
    df = cohort()
    c = screening.tabulate(list(df["dn4_total"] >= DN4_CUTOFF), list(df["neuropathic"]))
    return screening.accuracy(c.tp, c.fp, c.fn, c.tn)


def check_accuracy(sensitivity, specificity, ppv, npv) -> core.Result:
    """Task 2: the four accuracy measures of DN4 ≥ cut-off in the synthetic cohort."""
    task = "Task 2 (accuracy in the synthetic cohort)"
    values = {"sensitivity": sensitivity, "specificity": specificity, "ppv": ppv, "npv": npv}
    if any(core.is_stub(v) for v in values.values()):
        return core.unanswered(task, "the four proportions (numbers between 0 and 1)")
    got = {k: core.answer_number(k, v) for k, v in values.items()}
    if any(v > 1 for v in got.values()):
        return core.wrong(task, "give proportions between 0 and 1, not percentages or counts.")
    want = _expected_accuracy()
    w = {"sensitivity": want.sensitivity, "specificity": want.specificity,
         "ppv": want.ppv, "npv": want.npv}

    def ok(a, b):
        return core.close(got[a], w[b], rel=0, abs_tol=0.005)

    if all(ok(k, k) for k in w):
        return core.correct(task, f"sensitivity {want.sensitivity:.3f}, specificity "
                            f"{want.specificity:.3f}, PPV {want.ppv:.3f}, NPV {want.npv:.3f}.")
    if ok("sensitivity", "specificity") and ok("specificity", "sensitivity"):
        return core.wrong(task, "sensitivity and specificity look swapped: sensitivity is about "
                          "the people WITH neuropathic pain, specificity about those without.")
    if ok("ppv", "npv") and ok("npv", "ppv"):
        return core.wrong(task, "PPV and NPV look swapped: PPV is about the people who screened "
                          "positive, NPV about those who screened negative.")
    if ok("sensitivity", "ppv") or ok("specificity", "npv"):
        return core.wrong(task, "check your denominators: sensitivity and specificity divide by "
                          "everyone with (or without) the condition; PPV and NPV divide by "
                          "everyone who screened positive (or negative).")
    bad = [k for k in w if not ok(k, k)]
    return core.wrong(task, f"look again at {', '.join(bad)}: count TP, FP, FN and TN with the "
                      "screen positive when the total is at or above the cut-off, then use "
                      "TP/(TP+FN), TN/(TN+FP), TP/(TP+FP) and TN/(TN+FN).")


# --- task 3: the best cut-off --------------------------------------------------------------

def _expected_roc() -> pd.DataFrame:
    df = cohort()
    return screening.roc_table(df["dn4_total"], df["neuropathic"])


def check_best_cutoff(cutoff) -> core.Result:
    """Task 3: the cut-off with the largest Youden's J in the synthetic cohort."""
    task = "Task 3 (Youden's J)"
    if core.is_stub(cutoff):
        return core.unanswered(task, "the cut-off (a whole number)")
    cutoff = core.answer_number("cutoff", cutoff)
    roc = _expected_roc()
    best = screening.best_cutoffs(roc)
    if any(core.close(cutoff, b, rel=0, abs_tol=1e-9) for b in best):
        j = roc.loc[roc["cutoff"] == best[0], ["sensitivity", "specificity"]].sum(axis=1).iloc[0] - 1
        return core.correct(task, f"DN4 ≥ {cutoff:g} has the largest J ({j:.3f}) in this "
                            "synthetic cohort.")
    if cutoff == roc.loc[roc["sensitivity"].idxmax(), "cutoff"]:
        return core.wrong(task, "that cut-off maximises sensitivity alone; J balances sensitivity "
                          "and specificity: J = sensitivity + specificity − 1.")
    if cutoff == roc.loc[roc["specificity"].idxmax(), "cutoff"]:
        return core.wrong(task, "that cut-off maximises specificity alone; J balances sensitivity "
                          "and specificity: J = sensitivity + specificity − 1.")
    return core.wrong(task, "compute J = sensitivity + specificity − 1 for every cut-off in the "
                      "ROC table and pick the cut-off where J is largest.")


# --- task 4: conduction velocity -----------------------------------------------------------

def show_conduction_case():
    """Task 4: the nerve conduction findings."""
    c = NCS_CASE
    rows = [
        ["Distance between the two stimulation sites", f"{c['distance_mm']:g} mm"],
        ["Latency after distal stimulation (ankle)", f"{c['distal_latency_ms']:g} ms"],
        ["Latency after proximal stimulation (knee)", f"{c['proximal_latency_ms']:g} ms"],
        ["Amplitude of the response", f"{c['amplitude_mv']:g} mV"],
    ]
    return tables.html_table(rows, ["Measurement", "Value"],
                             caption="Task 4: Mr Okafor's tibial motor nerve study (fictional)")


def _expected_conduction() -> tuple[float, neurophysiology.Interpretation]:
    c = NCS_CASE
    return neurophysiology.study(c["distance_mm"], c["proximal_latency_ms"],
                                 c["distal_latency_ms"], c["amplitude_mv"], NCS_REFERENCE)


def check_conduction(velocity, pattern) -> core.Result:
    """Task 4: the conduction velocity (m/s) and the pattern of the study."""
    task = "Task 4 (nerve conduction)"
    if core.is_stub(velocity) or core.is_stub(pattern):
        return core.unanswered(task, "the velocity in m/s and the pattern")
    velocity = core.answer_number("velocity", velocity)
    pattern = core.answer_labels("pattern", {"pattern": pattern}, ["pattern"], PATTERNS)["pattern"]
    want_v, want = _expected_conduction()
    c = NCS_CASE
    d, p, q = c["distance_mm"], c["proximal_latency_ms"], c["distal_latency_ms"]
    if not core.close(velocity, want_v, rel=0.01):
        if any(core.close(velocity, d / lat, rel=0.01) for lat in (p, q)):
            return core.wrong(task, "you divided by one latency: use the difference between the "
                              "two latencies, which is the time taken between the two sites.")
        if core.close(velocity, d / (p + q), rel=0.01):
            return core.wrong(task, "use the difference between the latencies, not their sum.")
        if any(core.close(velocity, want_v * f, rel=0.01) for f in (10, 0.1, 1000, 0.001)):
            return core.wrong(task, "check the units: millimetres per millisecond are already "
                              "metres per second.")
        return core.wrong(task, "velocity = distance between the two stimulation sites ÷ "
                          "(proximal latency − distal latency).")
    if pattern != want.pattern:
        return core.wrong(task, f"the velocity is right ({want_v:.1f} m/s). For the pattern, "
                          "compare the velocity, the distal latency and the amplitude each with "
                          "the example reference limits: which of them is outside its range?")
    return core.correct(task, f"{want_v:.1f} m/s; {want.text}")


# --- task 5: bedside tests and fibre classes -----------------------------------------------

def show_bedside_tests():
    """Task 5: the bedside tests with the ids to use as keys (fibre classes left out)."""
    rows = [[t["id"], t["name"], t["tool"]] for t in data.records("bedside_tests", "tests")]
    return tables.html_table(rows, ["Id (use as key)", "Test", "Tool"],
                             caption="Task 5: bedside sensory tests")


def _fibre_key() -> dict[str, list[str]]:
    return {t["id"]: [f.lower() for f in t["fibres"]] for t in data.records("bedside_tests", "tests")}


def check_fibres(answers) -> core.Result:
    """Task 5: the fibre class each bedside test mainly examines."""
    task = "Task 5 (bedside tests and fibres)"
    if core.is_stub(answers):
        return core.unanswered(task, "a dict mapping each test id to 'A-beta', 'A-delta' or 'C'")
    key = _fibre_key()
    answers = core.answer_labels("answers", answers, key, FIBRES)
    wrong = [k for k in key if answers[k] not in key[k]]
    if wrong:
        return core.wrong(task, f"{len(wrong)} of {len(key)} need another look: "
                          f"{', '.join(wrong)}. Which fibres does that stimulus activate: large "
                          "myelinated, thinly myelinated or unmyelinated? (section 'Examining "
                          "the nerves at the bedside')")
    return core.correct(task, f"all {len(key)} tests matched to their fibre class.")


def explain_bedside_tests():
    rows = [[t["name"], ", ".join(t["fibres"]), t["abnormal_findings"]]
            for t in data.records("bedside_tests", "tests")]
    return tables.html_table(rows, ["Test", "Fibres", "Loss or gain of function"],
                             caption="Task 5 explained")


# --- task 6: grading -----------------------------------------------------------------------

def show_grade_cases():
    """Task 6: each person's answers to the four grading questions."""
    rows = [[case] + ["yes" if f.get(q, False) else "no" for q in QUESTIONS]
            for case, f in GRADE_CASES.items()]
    return tables.html_table(rows, ["Person", *(neupsig_grading.FINDINGS[q] for q in QUESTIONS)],
                             caption="Task 6: four fictional people")


def check_grades(answers) -> core.Result:
    """Task 6: the grade of each person in GRADE_CASES."""
    task = "Task 6 (grading)"
    if core.is_stub(answers):
        return core.unanswered(task, "a dict mapping each person's letter to a grade")
    key = {case: neupsig_grading.neuropathic_grade(f) for case, f in GRADE_CASES.items()}
    not_met = GRADE_LABELS["none"].lower()
    allowed = [*GRADES, not_met]
    answers = core.answer_labels("answers", answers, key, allowed)
    answers = {k: "none" if v == not_met else v for k, v in answers.items()}
    wrong = _wrong_keys(answers, key)
    if wrong:
        return core.wrong(task, f"re-check {', '.join(wrong)}: walk through the steps in order. "
                          "Without both a relevant history and a plausible distribution the "
                          "grading stops; and remember the exception when signs cannot be shown "
                          "but a test confirms the lesion.")
    return core.correct(task, f"all {len(key)} people graded correctly.")


def explain_grades():
    rows = []
    for case, f in GRADE_CASES.items():
        findings = {q: f.get(q, False) for q in QUESTIONS}
        a = neupsig_grading.assess(findings)
        why = a.reasons[0] if a.reasons else "history and distribution are both needed first."
        rows.append([case, GRADE_LABELS[a.neuropathic_grade], why])
    return tables.html_table(rows, ["Person", "Grade", "Why"], caption="Task 6 explained")
