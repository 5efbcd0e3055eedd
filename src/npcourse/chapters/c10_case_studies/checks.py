"""Chapter 10 exercises: the first four fictional cases, and a self-check for each task.

Expected answers are computed from cases.yml and the other data files through
:mod:`.cases` (and so through grading, renal and drugs.yml), never typed here. Every
person is fictional. For learning only — check your local formulary.
"""

from __future__ import annotations

from npcourse.chapters.c10_case_studies import cases
from npcourse.facts import data
from npcourse.marking import core, kidney
from npcourse.models import neupsig_grading, renal
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "EXERCISE_CASES", "BAND_DRUG", "TASK6_WEEKS", "CERTAINTY_CASE", "MECHANISMS", "case_ids", "pain_keys",
    "show_people", "check_crcl", "check_dose_bands", "check_grades", "check_classification", "show_medicines",
    "check_interactions", "check_responders", "validate_category", "certainty_therapies", "check_certainty"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_crcl": "ch10-lo2",
    "check_dose_bands": "ch10-lo2",
    "check_grades": "ch10-lo1",
    "check_classification": "ch10-lo1",
    "check_interactions": "ch10-lo2",
    "check_responders": "ch10-lo4",
    "check_certainty": "ch10-lo3",
}

BAND_DRUG = "pregabalin"
# Task 6: the visit at which each person's response is judged (a week of their timeline).
TASK6_WEEKS = {"pdn": 6, "phn": 12, "cipn": 6, "sci": 8}
CERTAINTY_CASE = "pdn"
MECHANISMS = ("neuropathic", "nociceptive", "nociplastic", "mixed")


# The exercise works on the first four cases; the fifth (trigeminal neuralgia) has no
# gabapentinoid band and no responder task, and is met in the chapter only.
EXERCISE_CASES = ("pdn", "phn", "cipn", "sci")


def case_ids() -> list[str]:
    """The cases the exercise tasks cover (the first four of the chapter)."""
    return [cid for cid in cases.case_ids() if cid in EXERCISE_CASES]


def pain_keys() -> list[str]:
    """'case:pain' for every pain of every case."""
    return [f"{cid}:{p['id']}" for cid in case_ids() for p in cases.case(cid)["pains"]]


def show_people():
    """Each person's kidney inputs and pains (the material for tasks 1 to 4)."""
    rows = []
    for cid in case_ids():
        c = cases.case(cid)
        rows.append([cid, c["name"], f"{c['age']}", c["sex"], f"{c['weight_kg']:g}",
                     f"{c['creatinine_mg_dl']:g}",
                     "; ".join(f"{p['id']}: {p['description']}" for p in c["pains"])])
    return tables.html_table(rows, ["Case id", "Person (fictional)", "Age (years)", "Sex",
                                    "Weight (kg)", "Creatinine (mg/dL)", "Pains (id: description)"],
                             caption="The four cases: kidney inputs and pains")


# --- task 1: creatinine clearance ------------------------------------------------------------

def _expected_crcl() -> dict[str, float]:
    return {cid: cases.crcl(cid) for cid in case_ids()}


def check_crcl(crcl) -> core.Result:
    """Task 1: each person's Cockcroft–Gault creatinine clearance (mL/min, within 1)."""
    task = "Task 1 (creatinine clearance)"
    if core.is_stub(crcl):
        return core.unanswered(task, "a dict mapping each case id to a clearance in mL/min")
    core.answer_keys("crcl", crcl, case_ids())
    got = {cid: core.answer_number(f"crcl[{cid!r}]", crcl[cid]) for cid in case_ids()}
    want = _expected_crcl()
    people = {cid: cases.case(cid) for cid in want}
    inputs = {cid: (c["age"], c["weight_kg"], c["creatinine_mg_dl"], c["sex"]) for cid, c in people.items()}
    return kidney.mark_clearances(
        task, got, want, inputs, "all four clearances within 1 mL/min. Remember that the estimate "
        "misleads when muscle mass is low, as after a spinal cord injury.")


# --- task 2: the pregabalin band -------------------------------------------------------------

def _expected_bands() -> dict[str, tuple[float, float]]:
    return {cid: (cases.band(cid, BAND_DRUG).daily_low, cases.band(cid, BAND_DRUG).daily_high)
            for cid in case_ids()}


def check_dose_bands(doses) -> core.Result:
    """Task 2: each person's pregabalin band as (lowest, highest total daily dose in mg/day)."""
    task = "Task 2 (pregabalin kidney band)"
    if core.is_stub(doses):
        return core.unanswered(task, "a dict mapping each case id to (low, high) mg/day")
    core.answer_keys("doses", doses, case_ids())
    got = {}
    for cid in case_ids():
        v = doses[cid]
        if not isinstance(v, (tuple, list)) or len(v) != 2:
            raise TypeError(f"doses[{cid!r}] must be a (low, high) pair of numbers, got {v!r}")
        got[cid] = tuple(core.answer_number(f"doses[{cid!r}]", x) for x in v)
    want = _expected_bands()
    bad = [cid for cid in want if got[cid] != want[cid]]
    if not bad:
        return core.correct(task, "every band matches the clearance. For the man with a spinal "
                            "cord injury the estimate, and so the band, may be too high.")
    slip = kidney.band_slip(task, bad, got, BAND_DRUG)
    if slip:
        return slip
    return core.wrong(task, f"look again at {', '.join(bad)}: compute the clearance (task 1), then "
                      f"use cases.band(case_id, '{BAND_DRUG}') or renal.dose_band.")


# --- task 3: grades --------------------------------------------------------------------------

def _expected_grades() -> dict[str, str]:
    return {k: cases.grade(*k.split(":")) for k in pain_keys()}


def check_grades(grades) -> core.Result:
    """Task 3: the NeuPSIG grade of every pain ('none', 'possible', 'probable', 'definite')."""
    task = "Task 3 (grading)"
    if core.is_stub(grades):
        return core.unanswered(task, "a dict mapping each 'case:pain' key to a grade")
    got = core.answer_labels("grades", grades, pain_keys(), neupsig_grading.GRADES)
    want = _expected_grades()
    bad = [k for k in want if got[k] != want[k]]
    if not bad:
        return core.correct(task, "all grades match the findings. A grade says how certain we "
                            "are that pain is neuropathic, not how severe it is.")
    findings = {f"{cid}:{p['id']}": p["findings"] for cid in case_ids()
                for p in cases.case(cid)["pains"]}
    hints = set()
    for k in bad:
        f = {**dict.fromkeys(neupsig_grading.FINDINGS, False), **findings[k]}
        if got[k] == "definite" and not f["diagnostic_test"]:
            hints.add("definite needs a test that confirms the lesion")
        if got[k] != "none" and not (f["lesion_history"] and f["plausible_distribution"]):
            hints.add("without a relevant lesion and a plausible distribution the pain is not "
                      "graded at all ('none')")
        if got[k] in ("possible", "probable") and f["sensory_signs"] and f["diagnostic_test"]:
            hints.add("signs plus a confirmatory test reach the top grade")
    hint = "; ".join(sorted(hints)) or "work through the steps: history and distribution, signs, test"
    return core.wrong(task, f"look again at {', '.join(bad)}: {hint}.")


# --- task 4: classification ------------------------------------------------------------------

def _expected_classification() -> dict[str, str]:
    return {cid: cases.overall_mechanism(cid) for cid in case_ids()}


def check_classification(labels) -> core.Result:
    """Task 4: each person's pain as a whole: neuropathic, nociceptive, nociplastic or mixed."""
    task = "Task 4 (classification)"
    if core.is_stub(labels):
        return core.unanswered(task, "a dict mapping each case id to a descriptor")
    got = core.answer_labels("labels", labels, case_ids(), MECHANISMS)
    want = _expected_classification()
    bad = [cid for cid in want if got[cid] != want[cid]]
    if not bad:
        return core.correct(task, "each person's pain classified; where two mechanisms coexist, "
                            "each pain needs its own plan.")
    if any(want[cid] == "mixed" and got[cid] == "neuropathic" for cid in bad):
        return core.wrong(task, "read every pain of each person: does anyone also have pain from "
                          "damaged tissue?")
    return core.wrong(task, f"look again at {', '.join(bad)}: use cases.pain_assessments(case_id) "
                      "and the chapter 1 definitions.")


# --- task 5: interactions --------------------------------------------------------------------

def _expected_interactions() -> dict[str, list[str]]:
    return {cid: cases.interacting_medicines(cid, cases.case(cid)["plan"]["drug_id"])
            for cid in case_ids()}


def show_medicines():
    """Task 5: per person, the first drug and each other medicine with the drugs its record names."""
    rows = []
    drugs = data.by_id("drugs", "drugs")
    for cid in case_ids():
        c = cases.case(cid)
        listed = [f"{m['id']}: {m['name']} (interaction recorded with: "
                  f"{', '.join(i['drug'] for i in m.get('interacts', [])) or 'none'})" for m in c["medicines"]]
        rows.append([cid, f'{drugs[c["plan"]["drug_id"]]["name"]} ({c["plan"]["drug_id"]})', "; ".join(listed)])
    return tables.html_table(rows, ["Case id", "Drug chosen first (id)",
                                    "Their medicines (id: name, and the drugs each has an interaction recorded with)"],
                             caption="Task 5: each person's first drug and other medicines")


def show_findings():
    """Task 3 and 4: each pain's findings (chapter 3's grading questions), yes or no."""
    labels = [("lesion_history", "Relevant lesion or disease in the history"),
              ("plausible_distribution", "Plausible distribution"), ("sensory_signs", "Sensory signs there"),
              ("diagnostic_test", "Confirmatory test"), ("tissue_damage", "Tissue damage")]
    rows = []
    for cid in case_ids():
        for pain in cases.case(cid)["pains"]:
            f = pain["findings"]
            rows.append([f"{cid}:{pain['id']}", *("yes" if f.get(k) else "no" for k, _ in labels)])
    return tables.html_table(rows, ["Pain (use as key)", *(text for _, text in labels)],
                             caption="Tasks 3 and 4: the findings of every pain")


def show_bands():
    """Task 2: the pregabalin kidney bands (clearance row, dose range)."""
    rows = [[b.crcl_label, b.dose_label] for b in renal.bands(BAND_DRUG)]
    return tables.html_table(rows, ["Creatinine clearance", "Pregabalin total daily dose"],
                             caption="Task 2: pregabalin dose bands by kidney function")


def show_timelines():
    """Task 6: each person's average pain (0-10) at every visit, with the follow-up visit to use."""
    rows = []
    for cid in case_ids():
        visits = ", ".join(f"week {v['week']}: {v['nrs']:g}" for v in cases.case(cid)["timeline"])
        rows.append([cid, visits, f"week {TASK6_WEEKS[cid]}"])
    return tables.html_table(rows, ["Case id", "Average pain (NRS 0-10) by visit", "Follow-up visit to use"],
                             caption="Task 6: pain scores over time")


def show_plan_evidence():
    """Task 7: the parts of the first case's plan with the certainty and population of their evidence."""
    rows = [[t["id"], t["certainty"], t["population"]] for t in cases.plan_therapies(CERTAINTY_CASE)]
    return tables.html_table(rows, ["Therapy id", "Certainty of the evidence", "Population studied"],
                             caption="Task 7: the evidence behind Mr Baptiste's plan")


def check_interactions(answer) -> core.Result:
    """Task 5: for each case, the ids of the medicines with a recorded interaction with the
    drug chosen first (an empty list if none)."""
    task = "Task 5 (interactions)"
    if core.is_stub(answer):
        return core.unanswered(task, "a dict mapping each case id to a list of medicine ids")
    core.answer_keys("answer", answer, case_ids())
    want = _expected_interactions()
    missed, extra = [], []
    for cid in case_ids():
        v = answer[cid]
        if not isinstance(v, (list, tuple, set)) or not all(isinstance(x, str) for x in v):
            raise TypeError(f"answer[{cid!r}] must be a list of medicine ids (strings), got {v!r}")
        known = {m["id"] for m in cases.case(cid)["medicines"]}
        unknown = set(v) - known
        if unknown:
            raise ValueError(f"answer[{cid!r}] has unknown medicine id(s) {sorted(unknown)}; "
                             f"{cid} takes: {', '.join(sorted(known))}")
        if set(want[cid]) - set(v):
            missed.append(cid)
        if set(v) - set(want[cid]):
            extra.append(cid)
    if missed:
        return core.wrong(task, f"{', '.join(missed)}: a medicine with a recorded interaction is "
                          "missing. Read the drug's interaction records (by class too: an opioid "
                          "is covered by 'opioids').")
    if extra:
        return core.wrong(task, f"{', '.join(extra)}: is that interaction really recorded in the "
                          "course's facts for the drug chosen first? Not recorded does not mean safe.")
    return core.correct(task, "every recorded interaction found; each one changed the plan "
                        "(a medicine stopped, reviewed or dosed with care).")


# --- task 6: responders ----------------------------------------------------------------------

def _expected_responders() -> dict[str, tuple[float, str]]:
    out = {}
    for cid in case_ids():
        week = TASK6_WEEKS[cid]
        out[cid] = (cases.change_at(cid, week),
                    cases.responder_category(cases.baseline(cid), cases.score(cid, week)))
    return out


def check_responders(answer) -> core.Result:
    """Task 6: at the visit of TASK6_WEEKS, (percentage change from week 0, category)."""
    task = "Task 6 (responders)"
    if core.is_stub(answer):
        return core.unanswered(task, "a dict mapping each case id to (percent change, category)")
    core.answer_keys("answer", answer, case_ids())
    want = _expected_responders()
    bad, hints = [], set()
    for cid in case_ids():
        v = answer[cid]
        if not isinstance(v, (tuple, list)) or len(v) != 2:
            raise TypeError(f"answer[{cid!r}] must be (percent change, category), got {v!r}")
        change = core.answer_number(f"answer[{cid!r}][0]", v[0])
        category = validate_category(f"answer[{cid!r}][1]", v[1])
        w_change, w_category = want[cid]
        if core.close(change, w_change, rel=0, abs_tol=0.5) and category == w_category:
            continue
        bad.append(cid)
        weeks = [v["week"] for v in cases.case(cid)["timeline"]]
        week = TASK6_WEEKS[cid]
        base, last = cases.baseline(cid), cases.score(cid, week)
        before = weeks[weeks.index(week) - 1] if weeks.index(week) > 1 else None
        if core.close(change, -w_change, rel=0, abs_tol=0.5) and w_change:
            hints.add("a fall in pain is a negative change: (follow-up − baseline) / baseline")
        if core.close(change, (last - base) / last * 100, rel=0, abs_tol=0.5):
            hints.add("divide by the baseline (week 0), not by the follow-up score")
        if before is not None and core.close(
                change, cases.percent_change(cases.score(cid, before), last), rel=0, abs_tol=0.5):
            hints.add("compare with week 0, not with the visit before")
        if core.close(change, w_change, rel=0, abs_tol=0.5) and category != w_category:
            hints.add("the change is right; check it against the IMMPACT levels (at least 10 %, "
                      "30 % and 50 % less pain)")
    if not bad:
        return core.correct(task, "changes and categories right. A category is a guide for "
                            "discussion, not an automatic rule.")
    return core.wrong(task, f"look again at {', '.join(bad)}: "
                      + ("; ".join(sorted(hints)) or "change = (last − week 0) / week 0 × 100") + ".")


def validate_category(name: str, value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, cases.CATEGORIES))}, "
                        f"got {value!r}")
    v = value.strip().lower()
    if v not in cases.CATEGORIES:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, cases.CATEGORIES))}, got {value!r}")
    return v


# --- task 7: certainty of the plan's evidence ------------------------------------------------

def certainty_therapies() -> list[str]:
    return [t["id"] for t in cases.plan_therapies(CERTAINTY_CASE)]


def _expected_certainty() -> tuple[dict[str, str], list[str]]:
    plan = cases.plan_therapies(CERTAINTY_CASE)
    return ({t["id"]: t["certainty"] for t in plan},
            [t["id"] for t in plan if t["population"].lower().startswith("neuropathic pain")])


def check_certainty(certainty, neuropathic) -> core.Result:
    """Task 7: for Mr Baptiste's plan, each component's certainty, and which components were
    studied in people with neuropathic pain (therapies.yml `population` begins so)."""
    task = "Task 7 (certainty of the plan's evidence)"
    if core.is_stub(certainty) or core.is_stub(neuropathic):
        return core.unanswered(task, "a dict of certainty levels and a list of therapy ids")
    levels = ("high", "moderate", "low", "very-low", "insufficient")
    got = core.answer_labels("certainty", certainty, certainty_therapies(), levels)
    if not isinstance(neuropathic, (list, tuple, set)) or not all(isinstance(x, str) for x in neuropathic):
        raise TypeError(f"neuropathic must be a list of therapy ids, got {neuropathic!r}")
    unknown = set(neuropathic) - set(certainty_therapies())
    if unknown:
        raise ValueError(f"neuropathic has id(s) not in the plan: {sorted(unknown)}; the plan has "
                         f"{', '.join(certainty_therapies())}")
    want, want_np = _expected_certainty()
    bad = [t for t in want if got[t] != want[t]]
    if bad:
        return core.wrong(task, f"look again at {', '.join(bad)}: read `certainty` of each record "
                          "with data.by_id('therapies', 'therapies').")
    if set(neuropathic) != set(want_np):
        return core.wrong(task, "the certainty levels are right; now read each record's "
                          "`population`: which were studied in people with neuropathic pain?")
    return core.correct(task, "several parts of a sensible plan rest on low or very-low "
                        "certainty evidence, or on evidence from other conditions: say so to the person.")
