"""Chapter 6 exercises: the material each task shows, and its self-check.

Expected answers are computed by the models (:mod:`.exercise_dosing`, :mod:`.tens`)
and from therapies.yml, never typed here. Every person is fictional. Nothing here is an
exercise prescription or a treatment protocol.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from npcourse.chapters.c06_rehabilitation import exercise_dosing, tens
from npcourse.facts import data
from npcourse.marking import core
from npcourse.ui import evidence_map as evidence
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "CHAPTER", "TASK1", "TASK1_BAND", "TASK2", "BAND_IDS", "TASK3_RULE", "TASK4", "ICF_LEVELS",
    "TASK5_ITEMS", "TASK5_GOALS", "TASK6_IDS", "CERTAINTY_LEVELS", "check_karvonen", "task2_frame",
    "explain_tens_settings", "show_evidence_records",
    "check_intensity_classes", "check_progression", "show_tens_settings", "check_tens_modes", "show_icf_items",
    "check_icf", "check_evidence", "highest_summary"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_karvonen": "ch06-lo2",
    "check_intensity_classes": "ch06-lo2",
    "check_progression": "ch06-lo2",
    "check_tens_modes": "ch06-lo4",
    "check_icf": "ch06-lo1",
    "check_evidence": "ch06-lo5",
}

CHAPTER = "06-rehabilitation"

# Task 1: a fictional person (old enough for the two HRmax formulas to differ clearly).
TASK1 = {"name": "Mr Hassan (fictional)", "age": 72, "hr_rest": 66}
TASK1_BAND = "moderate"

# Task 2: fictional people with the heart rate measured during a session (bpm).
TASK2 = [
    {"person": "A", "age": 64, "hr_rest": 70, "hr_exercise": 115},
    {"person": "B", "age": 35, "hr_rest": 60, "hr_exercise": 100},
    {"person": "C", "age": 50, "hr_rest": 75, "hr_exercise": 150},
    {"person": "D", "age": 80, "hr_rest": 72, "hr_exercise": 88},
    {"person": "E", "age": 58, "hr_rest": 76, "hr_exercise": 160},
]
BAND_IDS = [b.id for b in exercise_dosing.BANDS]

# Task 3: the chapter's illustrative rule (not a guideline).
TASK3_RULE = exercise_dosing.ProgressionRule()

# Task 4: TENS settings (frequency Hz, pulse width µs, intensity id).
TASK4 = {
    "A": (100, 80, "strong-comfortable"),
    "B": (2, 250, "muscle-contraction"),
    "C": (4, 200, "comfortable-tingling"),
    "D": (120, 100, "muscle-contraction"),
    "E": (80, 250, "strong-comfortable"),
    "F": (50, 100, "comfortable-tingling"),
    "G": (2, 250, "painful"),
}

# Task 5: ICF levels (who2001icf, as described in the chapter) and goal statements.
ICF_LEVELS = ("body function", "activity", "participation")
TASK5_ITEMS = {
    "burning": ("Burning pain in both feet, rated 6 out of 10", "body function"),
    "vibration": ("Reduced vibration sense at the big toe", "body function"),
    "ankle": ("Weak ankle dorsiflexion on the right", "body function"),
    "socks": ("Cannot put on socks while standing", "activity"),
    "walk": ("Walks 200 m on a flat path before having to stop", "activity"),
    "choir": ("Has stopped going to his Thursday choir rehearsal", "participation"),
    "grandson": ("No longer takes his grandson to football practice", "participation"),
}
TASK5_GOALS = {
    "a": "Reduce the burning in his feet from 6 to 3 out of 10.",
    "b": "Walk 400 m on a flat path without stopping.",
    "c": "Walk to his Thursday choir rehearsal (about 600 m) and sing for the whole evening, "
         "every week, within 10 weeks.",
    "d": "Be more active and feel better in himself.",
}
_TASK5_BEST_GOAL = "c"
_GOAL_HINTS = {
    "a": "pain intensity is one body function; the goal should name something he will do in his life",
    "b": "that is a measurable activity, but it names no life situation that matters to him, and "
         "it has no time frame",
    "d": "that is a wish: it has no activity, amount or time frame",
}

# Task 6: approaches of this chapter in therapies.yml.
TASK6_IDS = ("tens", "heat", "balance-training", "graded-motor-imagery", "desensitisation",
             "neurodynamics")
CERTAINTY_LEVELS = evidence.CERTAINTY_ORDER


# --- task 1: Karvonen zone -----------------------------------------------------------------

def _expected_zones() -> dict[str, tuple[float, float]]:
    t = TASK1
    return {f: exercise_dosing.zone(t["age"], t["hr_rest"], TASK1_BAND, f) for f in exercise_dosing.FORMULAS}


def _pair(name: str, value) -> tuple[float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a (low, high) pair of heart rates in bpm, got {value!r}")
    return tuple(core.answer_number(name, x) for x in value)


def check_karvonen(zones) -> core.Result:
    """Task 1: the moderate zone (low, high bpm) with each HRmax formula."""
    task = "Task 1 (Karvonen zone)"
    if core.is_stub(zones):
        return core.unanswered(task, "a dict {'tanaka': (low, high), '220-age': (low, high)} in bpm")
    core.answer_keys("zones", zones, exercise_dosing.FORMULAS, allow_extra=False)
    got = {f: _pair(f"zones[{f!r}]", zones[f]) for f in exercise_dosing.FORMULAS}
    want = _expected_zones()

    def near(a, b):
        return all(core.close(x, y, rel=0, abs_tol=0.6) for x, y in zip(a, b, strict=True))

    bad = [f for f in want if not near(got[f], want[f])]
    if not bad:
        return core.correct(task, "; ".join(f"{exercise_dosing.FORMULAS[f]}: {want[f][0]:.1f}–{want[f][1]:.1f} bpm"
                                            for f in want) + ". Always say which formula you used.")
    t, b = TASK1, exercise_dosing.band(TASK1_BAND)
    if near(got["tanaka"], want["220-age"]) and near(got["220-age"], want["tanaka"]):
        return core.wrong(task, "the two formulas are swapped: 'tanaka' is 208 − 0.7 × age.")
    for f in bad:
        top = exercise_dosing.hr_max(t["age"], f)
        reserve = top - t["hr_rest"]
        if near(got[f], (b.low_pct / 100 * top, b.high_pct / 100 * top)):
            return core.wrong(task, f"{f}: that is a percentage of HRmax. Karvonen takes the "
                              "percentage of the heart-rate RESERVE (HRmax − resting) and adds it "
                              "to the resting heart rate.")
        if near(got[f], (b.low_pct / 100 * reserve, b.high_pct / 100 * reserve)):
            return core.wrong(task, f"{f}: you have the right share of the reserve; now add the "
                              "resting heart rate to it.")
        if near(got[f][:1], want[f][:1]) and core.close(got[f][1], t["hr_rest"] + 0.60 * reserve,
                                                        rel=0, abs_tol=0.6):
            return core.wrong(task, f"{f}: the ACSM moderate class runs from 40 to 59% of HRR; "
                              "60% is already vigorous.")
    return core.wrong(task, f"look again at {', '.join(bad)}: HRmax from the formula, HRR = HRmax − "
                      "resting, then resting + 0.40 × HRR and resting + 0.59 × HRR.")


# --- task 2: ACSM class of a measured heart rate -------------------------------------------

def task2_frame() -> pd.DataFrame:
    df = pd.DataFrame(TASK2)
    df.attrs["title"] = "Fictional people: heart rate measured during an exercise session (bpm)"
    return df


def _expected_classes() -> dict[str, str]:
    out = {}
    for p in TASK2:
        top = exercise_dosing.hr_max(p["age"])
        fraction = (p["hr_exercise"] - p["hr_rest"]) / exercise_dosing.heart_rate_reserve(top, p["hr_rest"])
        out[p["person"]] = exercise_dosing.intensity_class(min(fraction, 1.0)).id
    return out


def _classes_from_percent_of_max() -> dict[str, str]:
    """The classes a learner gets by dividing by HRmax instead of using the reserve."""
    return {p["person"]: exercise_dosing.intensity_class(min(p["hr_exercise"] / exercise_dosing.hr_max(p["age"]),
                                                      1.0)).id for p in TASK2}


def check_intensity_classes(classes) -> core.Result:
    """Task 2: each person's ACSM class (by % of heart-rate reserve, Tanaka HRmax)."""
    task = "Task 2 (intensity classes)"
    key = _expected_classes()
    wrong_max = _classes_from_percent_of_max()

    def hint(mistaken):
        if all(classes[k].strip().lower() == wrong_max[k] for k in mistaken):
            return (f"{', '.join(mistaken)}: the bands are percentages of the heart-rate reserve: "
                    "(exercise HR − resting HR) ÷ (HRmax − resting HR), not exercise HR ÷ HRmax.")
        return (f"look again at {', '.join(mistaken)}: compute (exercise HR − resting HR) ÷ HRR and "
                "find the ACSM band (light 30–39%, moderate 40–59%, vigorous 60–89%, "
                "near-maximal 90% or more, below light under 30%).")

    return core.check_labels(task, classes, key, BAND_IDS,
                             what=f"a dict mapping each person to one of {', '.join(BAND_IDS)}",
                             hint=hint, done="every class matches the heart-rate reserve.", name="classes")


# --- task 3: weekly progression ------------------------------------------------------------

def _expected_weekly_minutes() -> list[int]:
    return [int(m) for m in exercise_dosing.progression(TASK3_RULE)["minutes_per_week"]]


def _variant(**changes) -> list[int]:
    """Weekly minutes under a slightly different (wrong) reading of the rule."""
    fields = {f: getattr(TASK3_RULE, f) for f in TASK3_RULE.__dataclass_fields__}
    rule = exercise_dosing.ProgressionRule(**(fields | changes))
    return [int(m) for m in exercise_dosing.progression(rule)["minutes_per_week"]]


def check_progression(minutes_per_week) -> core.Result:
    """Task 3: total minutes of exercise in each of the 12 weeks."""
    task = "Task 3 (weekly progression)"
    if core.is_stub(minutes_per_week):
        return core.unanswered(task, f"a list of {TASK3_RULE.weeks} weekly totals in minutes")
    if isinstance(minutes_per_week, (str, bytes, dict)) or not hasattr(minutes_per_week, "__len__"):
        raise TypeError(f"minutes_per_week must be a list of {TASK3_RULE.weeks} numbers, "
                        f"got {type(minutes_per_week).__name__}")
    got = [core.answer_number(f"minutes_per_week[{i}]", v) for i, v in enumerate(minutes_per_week)]
    want = _expected_weekly_minutes()
    if len(got) != len(want):
        return core.wrong(task, f"give one total for each of the {len(want)} weeks (you gave {len(got)}).")
    if got == want:
        return core.correct(task, f"from {want[0]} to {want[-1]} minutes a week; one variable "
                            "changes at a time: session time first, then one more session a week "
                            "at a step, and intensity only after that.")
    if got == _variant(step_every=1):
        return core.wrong(task, f"session time rises every {TASK3_RULE.step_every} weeks, not every week.")
    if got == _variant(later_sessions=TASK3_RULE.sessions):
        return core.wrong(task, "once sessions reach their full length there are more "
                          "sessions a week (one more at each step): multiply by the new number of "
                          "sessions.")
    if got == _variant(cap_minutes=180):
        return core.wrong(task, f"session time stops rising at {TASK3_RULE.cap_minutes} minutes.")
    if all(core.close(g, m, rel=0, abs_tol=1e-9) for g, m in
           zip(got, exercise_dosing.progression(TASK3_RULE)["minutes_per_session"], strict=True)):
        return core.wrong(task, "those are minutes per SESSION; multiply by the sessions in that week.")
    return core.wrong(task, "work week by week: every "
                      f"{TASK3_RULE.step_every} weeks ONE thing rises (session time up to the "
                      "cap, then one more session a week); weekly total = minutes per session × "
                      "sessions that week.")


# --- task 4: TENS modes --------------------------------------------------------------------

def show_tens_settings():
    rows = [[k, f"{f:g} Hz", f"{pw:g} µs", tens.INTENSITIES[i]] for k, (f, pw, i) in TASK4.items()]
    return tables.html_table(rows, ["Setting", "Frequency", "Pulse width", "Intensity"],
                             caption="Task 4: TENS settings to classify")


def explain_tens_settings():
    """Task 4 (solution): the rule of the chapter that decides each setting."""
    rows = [[k, tens.classify(*v).rule.condition, tens.mode(*v)] for k, v in TASK4.items()]
    return tables.html_table(rows, ["Setting", "Rule that applies", "Mode"], caption="Task 4: why each mode")


def show_evidence_records():
    """Task 6: the record of each approach to judge: name, certainty, population and note."""
    recs = data.by_id("therapies", "therapies")
    rows = [[i, recs[i]["name"], recs[i]["certainty"], recs[i]["population"], recs[i]["note"]] for i in TASK6_IDS]
    return tables.html_table(rows, ["Approach id (use as key)", "Approach", "Certainty", "Population", "Note"],
                             caption="Task 6: the evidence records of six approaches")


def _expected_modes() -> dict[str, str]:
    return {k: tens.mode(*v) for k, v in TASK4.items()}


def check_tens_modes(modes) -> core.Result:
    """Task 4: the mode of each setting (one of tens.MODES)."""
    task = "Task 4 (TENS modes)"
    key = _expected_modes()

    def hint(mistaken):
        said = {k: modes[k].strip().lower() for k in mistaken}
        tips = []
        if any(TASK4[k][2] == "muscle-contraction" and said[k] == "conventional" for k in mistaken) or \
                any(TASK4[k][2] != "muscle-contraction" and said[k] == "acupuncture-like"
                    and TASK4[k][0] < 10 for k in mistaken):
            tips.append("frequency alone does not decide: each classic mode also needs its intensity "
                        "(sensory for conventional, muscle contraction for acupuncture-like)")
        if any(TASK4[k][1] >= 200 and said[k] == "acupuncture-like" and TASK4[k][0] > 50
               for k in mistaken):
            tips.append("pulse width does not decide the mode: the usual ranges overlap")
        if any(TASK4[k][0] in (10, 50) for k in mistaken):
            tips.append("the rules say ABOVE 50 Hz and BELOW 10 Hz")
        return f"look again at {', '.join(mistaken)}" + (": " + "; ".join(tips) if tips else
                                                         ": apply the rules in order (painful, "
                                                         "below sensation, conventional, "
                                                         "acupuncture-like, else between).") + "."

    return core.check_labels(task, modes, key, tens.MODES,
                             what=f"a dict mapping each setting to one of {', '.join(tens.MODES)}",
                             hint=hint, done="every setting classified by frequency AND intensity.", name="modes")


# --- task 5: ICF levels and a participation goal -------------------------------------------

def show_icf_items():
    rows = [[k, text] for k, (text, _) in TASK5_ITEMS.items()]
    goals = [[k, text] for k, text in TASK5_GOALS.items()]
    return HTML(tables.html_table(rows, ["Key", "Finding"],
                                  caption="Task 5a: findings for a fictional man").data
                + tables.html_table(goals, ["Option", "Goal"], caption="Task 5b: candidate goals").data)


def check_icf(levels, goal) -> core.Result:
    """Task 5: the ICF level of each finding, and the best participation-level goal."""
    task = "Task 5 (ICF levels and goal)"
    if core.is_stub(levels) or core.is_stub(goal):
        return core.unanswered(task, "a dict of ICF levels and the letter of the best goal")
    key = {k: level for k, (_, level) in TASK5_ITEMS.items()}
    answers = core.answer_labels("levels", levels, key, ICF_LEVELS)
    if not isinstance(goal, str):
        raise TypeError(f"goal must be the letter of one option ({', '.join(TASK5_GOALS)}), "
                        f"got {type(goal).__name__} {goal!r}")
    g = core.answer_labels("goal", {"goal": goal}, ["goal"], TASK5_GOALS)["goal"]
    mistaken = [k for k in key if answers[k] != key[k]]
    if mistaken:
        said = {answers[k] for k in mistaken}
        if said <= {"participation"}:
            tip = ("participation is involvement in a life situation (a role such as work, family "
                   "or a club); executing a task such as walking or dressing is an activity")
        elif said <= {"activity"} and all(key[k] == "participation" for k in mistaken):
            tip = "these describe roles or life situations he has lost, not single tasks"
        else:
            tip = ("body functions are things like sensation, strength and balance; activities "
                   "are tasks; participation is involvement in life situations")
        return core.wrong(task, f"look again at {', '.join(mistaken)}: {tip}.")
    if g != _TASK5_BEST_GOAL:
        return core.wrong(task, f"the levels are right; goal ({g}): {_GOAL_HINTS[g]}.")
    return core.correct(task, "a participation goal that is measurable and has a time frame; "
                        "the impairments become steps towards it.")


# --- task 6: certainty of evidence ---------------------------------------------------------

def _expected_evidence() -> tuple[dict[str, str], dict[str, bool]]:
    recs = data.by_id("therapies", "therapies")
    certainty = {i: recs[i]["certainty"] for i in TASK6_IDS}
    neuropathic = {i: evidence.population_group(recs[i]) == evidence.NEUROPATHIC for i in TASK6_IDS}
    return certainty, neuropathic


def check_evidence(certainty, neuropathic) -> core.Result:
    """Task 6: certainty of each approach's best evidence, and whether it is from neuropathic pain."""
    task = "Task 6 (certainty of evidence)"
    if core.is_stub(certainty) or core.is_stub(neuropathic):
        return core.unanswered(task, "two dicts: certainty per approach, and True/False per approach")
    want_c, want_n = _expected_evidence()
    got_c = core.answer_labels("certainty", certainty, want_c, CERTAINTY_LEVELS)
    core.answer_keys("neuropathic", neuropathic, want_n, allow_extra=False)
    for k, v in neuropathic.items():
        if not isinstance(v, bool):
            raise TypeError(f"neuropathic[{k!r}] must be True or False, got {v!r}")
    bad_c = [k for k in want_c if got_c[k] != want_c[k]]
    bad_n = [k for k in want_n if neuropathic[k] != want_n[k]]
    if bad_c:
        tip = ""
        if "tens" in bad_c and got_c["tens"] == "moderate":
            tip = (" The moderate-certainty TENS result comes from mixed pain populations; the "
                   "record's certainty is the one for neuropathic pain.")
        return core.wrong(task, f"certainty: look again at {', '.join(bad_c)} — read the "
                          f"'certainty' field and the note of each record.{tip}")
    if bad_n:
        return core.wrong(task, f"population: look again at {', '.join(bad_n)} — read the "
                          "'population' field. Evidence from other conditions (low back pain, "
                          "CRPS type I, musculoskeletal pain with a nerve component) is not from "
                          "people with neuropathic pain, even if the certainty is higher.")
    return core.correct(task, "certainty and population both matter: " + highest_summary())


def highest_summary() -> str:
    """Which approaches of the chapter have the highest certainty, and from which population."""
    frame = evidence.evidence_frame(CHAPTER)
    top = frame[frame["rank"] == frame["rank"].max()]
    names = "; ".join(f"{r.name} ({r.population})" for r in top.itertuples())
    return f"the highest certainty in this chapter is {top['certainty_label'].iloc[0].lower()}: {names}."
