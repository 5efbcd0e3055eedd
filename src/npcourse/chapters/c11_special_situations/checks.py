"""Chapter 11 exercises: the material each task shows, and its self-check.

Every person is fictional. Expected answers are computed here from the chapter's models
(:mod:`.budapest`, the PHQ-9 bands below) and from ``drugs.yml`` (haemodialysis doses), never
typed twice.
"""

from __future__ import annotations

import math
import re

from npcourse.chapters.c11_special_situations import budapest
from npcourse.facts import data
from npcourse.marking import core

__all__ = [
    "findings", "check_red_flags", "vaccine_efficacy", "check_vaccine_efficacy", "tn_people", "check_tn_types",
    "check_budapest", "_us_supplemental_doses", "check_dialysis_supplement", "phq9_total", "phq9_band", "check_phq9"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_red_flags": "ch11-lo1",
    "check_vaccine_efficacy": "ch11-lo2",
    "check_tn_types": "ch11-lo3",
    "check_budapest": "ch11-lo4",
    "check_dialysis_supplement": "ch11-lo5",
    "check_phq9": "ch11-lo6",
}

# --- task 1: red flags ------------------------------------------------------------------------

URGENT, ROUTINE = "urgent", "routine"
FINDINGS = {
    "A": ("Sciatica in both legs for 2 days, new difficulty starting to pass urine and numbness "
          "around the anus", URGENT),
    "B": ("Burning feet for 2 years in a man with type 2 diabetes on metformin, symmetrical, "
          "no weakness", ROUTINE),
    "C": ("Tingling that started in the feet 5 days ago and now reaches the knees, with weak "
          "legs and absent ankle and knee reflexes", URGENT),
    "D": ("Foot drop on one side and a painful numb patch on the other hand, appearing over "
          "3 weeks, with weight loss and night sweats", URGENT),
    "E": ("Typical one-sided electric-shock pain in the lower jaw, triggered by chewing, "
          "normal examination, aged 62", ROUTINE),
    "F": ("Electric-shock facial pain in a 34-year-old with numbness of the cheek on the same "
          "side", URGENT),
}


def findings() -> dict[str, str]:
    """Task 1: six fictional findings, by letter."""
    return {k: v[0] for k, v in FINDINGS.items()}


def check_red_flags(answers) -> core.Result:
    """Task 1: label each finding "urgent" (urgent investigation or referral) or "routine" (planned work-up)."""
    task = "Task 1 (red flags)"
    if core.is_stub(answers):
        return core.unanswered(task, "a dict mapping each letter A-F to 'urgent' or 'routine'")
    key = {k: v[1] for k, v in FINDINGS.items()}
    given = core.answer_labels("answers", answers, key, (URGENT, ROUTINE))
    wrong = [k for k in key if given[k] != key[k]]
    if not wrong:
        return core.correct(task, "A is possible cauda equina syndrome, C a rapidly ascending "
                            "neuropathy (Guillain-Barré syndrome until proved otherwise), D an "
                            "asymmetric motor neuropathy with systemic features (vasculitis, "
                            "cancer), F facial pain with sensory loss (secondary trigeminal "
                            "neuralgia). B and E need a planned work-up, not an emergency.")
    hints = {
        "A": "bilateral sciatica with bladder or saddle symptoms suggests cauda equina syndrome",
        "B": "slow, symmetrical, sensory and explained by diabetes: a planned work-up "
             "(including vitamin B12 because of metformin)",
        "C": "weakness and lost reflexes spreading over days can be Guillain-Barré syndrome",
        "D": "asymmetric, motor and with weight loss over weeks suggests vasculitis or cancer",
        "E": "typical trigeminal neuralgia without deficit needs MRI and treatment, not an "
             "emergency",
        "F": "sensory loss and young age point to secondary trigeminal neuralgia",
    }
    return core.wrong(task, f"{len(wrong)} of 6 labels differ. Look again at "
                      + "; ".join(f"{k}: {hints[k]}" for k in wrong) + ".")


# --- task 2: vaccine efficacy -----------------------------------------------------------------

# ZOE-50: herpes zoster per 1000 person-years, vaccine and placebo groups (Lal 2015).
ZOE50_VACCINE_RATE = 0.3
ZOE50_PLACEBO_RATE = 9.1


def vaccine_efficacy(rate_vaccine: float, rate_placebo: float) -> float:
    """Vaccine efficacy (%) = 100 × (1 − rate in the vaccinated / rate in the placebo group)."""
    v = core.answer_number("rate_vaccine", rate_vaccine)
    p = core.answer_number("rate_placebo", rate_placebo)
    if v < 0 or p <= 0:
        raise ValueError(f"rates must be >= 0 and the placebo rate > 0; got {v} and {p}")
    efficacy = 100 * (1 - v / p)
    if not math.isfinite(efficacy):  # e.g. rate_placebo 1e-300: the ratio overflows
        raise ValueError(f"rate_vaccine / rate_placebo is too large to use: {v:g} / {p:g}")
    return efficacy


def check_vaccine_efficacy(efficacy) -> core.Result:
    task = "Task 2 (vaccine efficacy)"
    if core.is_stub(efficacy):
        return core.unanswered(task, "the vaccine efficacy as a percentage (e.g. 80 for 80%)")
    e = core.answer_number("efficacy", efficacy)
    want = vaccine_efficacy(ZOE50_VACCINE_RATE, ZOE50_PLACEBO_RATE)
    if core.close(e, want, rel=0, abs_tol=0.2):
        return core.correct(task, f"{want:.1f}%: 1 − 0.3/9.1. The trial reported 97.2% from "
                            "its exact case counts and follow-up; the rounded rates give "
                            "almost the same answer.")
    if core.close(e, 100 * ZOE50_VACCINE_RATE / ZOE50_PLACEBO_RATE, rel=0, abs_tol=0.2):
        return core.wrong(task, "that is the vaccinated rate as a share of the placebo rate; "
                          "efficacy is the share of the risk *removed*: 100 × (1 − ratio).")
    if e < 0 or e > 100:
        return core.wrong(task, "efficacy here is a percentage between 0 and 100.")
    return core.wrong(task, "divide the rate in the vaccinated group by the rate in the placebo "
                      "group, subtract from 1 and multiply by 100.")


# --- task 3: ICHD-3 types of trigeminal neuralgia --------------------------------------------

TN_TYPES = ("classical", "idiopathic", "secondary")
TN_PEOPLE = {
    "Mrs Delacroix": ("MRI: the superior cerebellar artery indents and displaces the trigeminal "
                  "root", "classical"),
    "Mr Mwangi": ("MRI: a plaque of demyelination in the pons; he has multiple sclerosis",
                "secondary"),
    "Ms Lund": ("MRI: a small artery touches the nerve without displacing or thinning it; "
                "nerve tests normal", "idiopathic"),
    "Mr Reyes": ("MRI: a tumour in the cerebellopontine angle presses on the nerve",
                 "secondary"),
}


def tn_people() -> dict[str, str]:
    """Task 3: four fictional people with trigeminal neuralgia and their MRI reports."""
    return {k: v[0] for k, v in TN_PEOPLE.items()}


def check_tn_types(answers) -> core.Result:
    task = "Task 3 (types of trigeminal neuralgia)"
    if core.is_stub(answers):
        return core.unanswered(task, "a dict mapping each name to 'classical', 'idiopathic' or "
                               "'secondary'")
    key = {k: v[1] for k, v in TN_PEOPLE.items()}
    given = core.answer_labels("answers", answers, key, TN_TYPES)
    wrong = [k for k in key if given[k] != key[k]]
    if not wrong:
        return core.correct(task, "Classical needs neurovascular compression with morphological "
                            "change of the root; contact alone is common in healthy people, so "
                            "Ms Lund's is idiopathic; a disease such as MS or a tumour makes it "
                            "secondary.")
    return core.wrong(task, f"Look again at {', '.join(wrong)}: contact without displacement or "
                      "atrophy does not make it classical, and an underlying disease makes it "
                      "secondary.")


# --- task 4: Budapest criteria ----------------------------------------------------------------

TASK4_PERSON = {
    "disproportionate_pain": True,
    "symptoms": ("sensory", "vasomotor", "motor"),
    "signs": ("vasomotor",),
    "other_diagnosis_explains": False,
}
TASK4_TEXT = (
    "Ms Fontaine (fictional), 8 weeks after a wrist fracture, has burning pain far worse than "
    "expected. She reports that light touch hurts, that the hand is redder and warmer than the "
    "other one, and that she cannot make a full fist. Today you find the hand 1.5 °C warmer and "
    "redder than the other, with no swelling, normal sweating, a full range of movement with "
    "effort, and no pain to pinprick or light touch. X-rays show normal healing and no other "
    "cause is found.")


def check_budapest(answer) -> core.Result:
    """Task 4: {'symptom_categories': n, 'sign_categories': n, 'meets': bool}."""
    task = "Task 4 (Budapest criteria)"
    if core.is_stub(answer):
        return core.unanswered(task, "a dict with 'symptom_categories', 'sign_categories' and "
                               "'meets'")
    core.answer_keys("answer", answer, ("symptom_categories", "sign_categories", "meets"),
                     allow_extra=False)
    want = budapest.assess(**TASK4_PERSON)
    if not isinstance(answer["meets"], bool):
        raise TypeError(f"answer['meets'] must be True or False; got {answer['meets']!r}")
    nsym = core.answer_number("answer['symptom_categories']", answer["symptom_categories"])
    nsig = core.answer_number("answer['sign_categories']", answer["sign_categories"])
    if nsym != want["symptom_categories"]:
        return core.wrong(task, "count symptom *categories*, not findings: touch hurting is "
                          "sensory, colour and warmth are both vasomotor, a weak fist is "
                          "motor/trophic.")
    if nsig != want["sign_categories"]:
        return core.wrong(task, "signs must be found today: warmth and redness are one "
                          "(vasomotor) category; no swelling, sweating, motor or sensory sign "
                          "was found.")
    if answer["meets"] != want["meets"]:
        return core.wrong(task, "with signs in only one category the criteria are not met, "
                          "however typical the story sounds.")
    return core.correct(task, "3 symptom categories but signs in only 1 of the 2 needed: the "
                        "clinical criteria are not met today. Re-examine, because signs change "
                        "over time, and keep rehabilitation going meanwhile.")


# --- task 5: gabapentin around haemodialysis -------------------------------------------------

TASK5_MAINTENANCE = 200  # mg/day, a US-label kidney band dose


def _us_supplemental_doses() -> dict[int, int]:
    """US gabapentin label: maintenance dose (mg/day) → supplemental dose after 4 h dialysis,
    read from the label text in drugs.yml."""
    d = data.by_id("drugs", "drugs")["gabapentin"]
    text = next(e["text"] for e in d["renal_dialysis"] if e["jurisdiction"] == "US")
    pairs = re.findall(r"(\d+)(?: mg)? after (?:a )?(\d+)", " ".join(text.split()))
    table = {int(m): int(s) for s, m in pairs}
    if len(table) < 5:
        raise ValueError(f"could not read the supplemental-dose table from drugs.yml: {text!r}")
    return table


def check_dialysis_supplement(dose) -> core.Result:
    task = "Task 5 (gabapentin after haemodialysis)"
    if core.is_stub(dose):
        return core.unanswered(task, "the supplemental dose in mg")
    g = core.answer_number("dose", dose)
    want = _us_supplemental_doses()[TASK5_MAINTENANCE]
    if g == want:
        return core.correct(task, f"{want} mg after each 4 hours of dialysis (US label), on top "
                            f"of the {TASK5_MAINTENANCE} mg/day maintenance dose: dialysis "
                            "removes gabapentin, so the dose lost is replaced after each session.")
    if g == TASK5_MAINTENANCE:
        return core.wrong(task, "that is the maintenance dose; the label pairs each maintenance "
                          "dose with its own supplemental dose.")
    return core.wrong(task, "find the maintenance dose of 200 mg/day in the US label's "
                      "haemodialysis row of the table in the chapter and read its supplement.")


# --- task 6: PHQ-9 ---------------------------------------------------------------------------

PHQ9_BANDS = ((20, "severe"), (15, "moderately severe"), (10, "moderate"), (5, "mild"),
              (0, "none or minimal"))
TASK6_ITEMS = (2, 2, 3, 2, 1, 2, 1, 0, 1)   # items 1-9, each 0-3; item 9 = thoughts of self-harm


def phq9_total(items) -> int:
    """Sum of the nine PHQ-9 items, each scored 0 (not at all) to 3 (nearly every day)."""
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise TypeError(f"items must be a list of 9 item scores, got {type(items).__name__}")
    items = list(items)
    if len(items) != 9:
        raise ValueError(f"items must hold 9 scores; got {len(items)}")
    for i, v in enumerate(items, 1):
        if isinstance(v, bool) or v not in (0, 1, 2, 3):
            raise ValueError(f"items[{i - 1}] (item {i}) must be 0, 1, 2 or 3; got {v!r}")
    return sum(items)


def phq9_band(total: int) -> str:
    """Severity band (Kroenke 2001): 5, 10, 15, 20 = mild, moderate, moderately severe, severe."""
    t = core.answer_number("total", total)
    if not 0 <= t <= 27:
        raise ValueError(f"total must be between 0 and 27; got {t}")
    return next(label for cut, label in PHQ9_BANDS if t >= cut)


def check_phq9(answer) -> core.Result:
    """Task 6: {'total': n, 'band': str, 'ask_about_suicide_today': bool}."""
    task = "Task 6 (PHQ-9)"
    if core.is_stub(answer):
        return core.unanswered(task, "a dict with 'total', 'band' and 'ask_about_suicide_today'")
    core.answer_keys("answer", answer, ("total", "band", "ask_about_suicide_today"),
                     allow_extra=False)
    total = phq9_total(TASK6_ITEMS)
    if core.answer_number("answer['total']", answer["total"]) != total:
        return core.wrong(task, "add the nine item scores (each 0-3).")
    band = str(answer["band"]).strip().lower()
    if band != phq9_band(total):
        return core.wrong(task, "the bands start at 5 (mild), 10 (moderate), 15 (moderately "
                          "severe) and 20 (severe).")
    if answer["ask_about_suicide_today"] is not (TASK6_ITEMS[8] > 0):
        return core.wrong(task, "item 9 asks about thoughts of being better off dead or of "
                          "self-harm; any score above 0 means asking directly about suicide "
                          "risk at this visit.")
    return core.correct(task, f"{total} = {phq9_band(total)}; item 9 scored "
                        f"{TASK6_ITEMS[8]}, so ask directly about suicidal thoughts and plans now, "
                        "and let the answer shape what you prescribe (for example, a tricyclic "
                        "in small quantities or not at all).")
