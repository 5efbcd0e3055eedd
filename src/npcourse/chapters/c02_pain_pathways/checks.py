"""Chapter 2 exercises: the material each task shows, and its self-check.

Every answer is computed from the course's data (``fibres.yml``) and models
(:mod:`.physiology`), so a task and its check cannot disagree with the chapter.
"""

from __future__ import annotations

import re

from npcourse import validate
from npcourse.chapters.c02_pain_pathways import physiology
from npcourse.marking import core
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "CHANGES", "MECHANISMS", "ARRIVAL_DISTANCE", "GAP_DISTANCE", "PROFILE_ORDER", "RECORDING",
    "GATE_CASES", "NO_CHANGE", "MECHANISM_CASES", "NO_MECHANISM", "velocities", "check_arrival_times",
    "check_pain_gap", "PROFILE_LETTERS", "show_fibre_profiles", "check_fibre_profiles", "gate_change",
    "show_gate_cases", "explain_gate_cases", "check_gate_predictions", "show_mechanism_cases", "check_mechanisms",
    "check_velocity"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_arrival_times": "ch02-lo1",
    "check_pain_gap": "ch02-lo1",
    "check_fibre_profiles": "ch02-lo1",
    "check_gate_predictions": "ch02-lo3",
    "check_mechanisms": "ch02-lo5",
    "check_velocity": "ch02-lo1",
}

CHANGES = ["up", "down", "no change"]
MECHANISMS = ["ectopic activity", "peripheral sensitisation", "wind-up", "central sensitisation",
              "disinhibition", "normal response"]

# Task 1: arrival times from a fingertip (illustrative distance, metres).
ARRIVAL_DISTANCE = 0.8
# Task 2: first-to-second-pain gap from a toe (illustrative distance, metres).
GAP_DISTANCE = 1.1
# Task 3: the fibre classes shown as anonymous profiles X, Y, Z, in this order.
PROFILE_ORDER = [physiology.SECOND_PAIN, physiology.TOUCH, physiology.FIRST_PAIN]
# Task 6: a synthetic recording (not from a real person).
RECORDING = {"distance_m": 0.5, "time_s": 0.025}

# Task 4: what happens to the projection neuron's output in the gate-control cartoon?
GATE_CASES = {
    "A": {"text": "Small-fibre input stays at 0.8 (a bumped elbow) while large-fibre input rises "
                  "from 0 to 0.6 (rubbing it).",
          "before": {"large": 0.0, "small": 0.8, "descending": 0.0},
          "after": {"large": 0.6, "small": 0.8, "descending": 0.0}},
    "B": {"text": "Small-fibre input stays at 0.8 while descending inhibition rises from 0 to 0.8.",
          "before": {"large": 0.0, "small": 0.8, "descending": 0.0},
          "after": {"large": 0.0, "small": 0.8, "descending": 0.8}},
    "C": {"text": "No small-fibre input; large-fibre input rises from 0 to 0.8 (light touch), with "
                  "normal spinal inhibition.",
          "before": {"large": 0.0, "small": 0.0, "descending": 0.0},
          "after": {"large": 0.8, "small": 0.0, "descending": 0.0}},
    "D": {"text": "As C, but with spinal inhibition weakened (the 'Disinhibition' box ticked).",
          "before": {"large": 0.0, "small": 0.0, "descending": 0.0},
          "after": {"large": 0.8, "small": 0.0, "descending": 0.0},
          "disinhibited": True},
}
NO_CHANGE = 0.005  # output changes smaller than this count as "no change"

# Task 5: which mechanism? Cases with a stimulus interval are answered by the wind-up model
# (threshold frequency); the others carry their answer, following the chapter's sections on
# ectopic activity (choi2024spontaneous), peripheral sensitisation (basbaum2009cellular),
# central sensitisation (woolf2011central) and disinhibition (price2009chloride).
MECHANISM_CASES = {
    "A": {"text": "A healthy volunteer receives brief heat pulses on the forearm, one every 2 s. "
                  "Each pulse feels more painful than the one before; a minute after the train "
                  "ends, the skin feels normal again.",
          "interval_s": 2.0},
    "B": {"text": "The same volunteer receives the same heat pulses, one every 8 s. Every pulse "
                  "feels about the same.",
          "interval_s": 8.0},
    "C": {"text": "Three months after a nerve injury, stroking the skin with a soft brush "
                  "outside the injured nerve's territory causes burning pain that lingers for a "
                  "minute after the brushing stops.",
          "answer": "central sensitisation"},
    "D": {"text": "A day after a sunburn, a warm shower hurts on the sunburnt skin of the "
                  "shoulders but not on the unburnt skin right next to it.",
          "answer": "peripheral sensitisation"},
    "E": {"text": "Months after a nerve was cut and a neuroma formed, a person has sudden "
                  "electric-shock-like pains with no stimulus at all; microneurography records "
                  "spontaneous firing in C fibres of the damaged nerve.",
          "answer": "ectopic activity"},
    "F": {"text": "In a rat model of nerve injury, dorsal horn neurons lose much of the chloride "
                  "transporter KCC2, so GABA and glycine inhibit them less; light touch of the "
                  "paw now evokes pain-like withdrawal.",
          "answer": "disinhibition"},
}
NO_MECHANISM = "normal response"


def _wrong_keys(answers: dict, key: dict) -> list[str]:
    return [k for k in key if answers[k] != key[k]]


def velocities() -> dict[str, tuple[float, float]]:
    """(slowest, fastest) conduction velocity in m/s of each fibre class, from fibres.yml."""
    return {fid: physiology.velocity_range(fid) for fid in physiology.fibre_ids()}


# --- task 1: arrival times ---------------------------------------------------------------

def _pair(name: str, value) -> tuple[float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (earliest, latest) of times in seconds, "
                        f"got {value!r}")
    return core.answer_number(f"{name}[0]", value[0]), core.answer_number(f"{name}[1]", value[1])


def _time_close(value: float, expected: float) -> bool:
    return core.close(value, expected, rel=0.02, abs_tol=0.0005)


def check_arrival_times(arrivals) -> core.Result:
    """Task 1: earliest and latest arrival of each fibre class over ARRIVAL_DISTANCE."""
    task = "Task 1 (arrival times)"
    if core.is_stub(arrivals):
        return core.unanswered(task, "a dict mapping each fibre id to (earliest, latest) in seconds")
    ids = physiology.fibre_ids()
    validate.mapping("arrivals", arrivals)
    missing = [k for k in ids if k not in arrivals]
    extra = [k for k in arrivals if k not in ids]
    if missing or extra:
        raise ValueError(f"arrivals must have exactly the keys {', '.join(map(repr, ids))}; "
                         f"missing {missing or 'none'}, unexpected {extra or 'none'}")
    answers = {k: _pair(f"arrivals[{k!r}]", arrivals[k]) for k in ids}
    d = ARRIVAL_DISTANCE
    key = {k: (physiology.arrival_time(d, k, "fastest"), physiology.arrival_time(d, k, "slowest"))
           for k in ids}
    wrong = [k for k in ids if not all(_time_close(a, e) for a, e in zip(answers[k], key[k], strict=True))]
    if not wrong:
        return core.correct(task, "every arrival range is right: the fastest fibres of a class "
                            "bring its signal first, the slowest last.")
    k = wrong[0]
    (early, late), (want_early, want_late) = answers[k], key[k]
    slow, fast = physiology.velocity_range(k)
    if _time_close(early, want_late) and _time_close(late, want_early):
        return core.wrong(task, f"{k}: earliest and latest are swapped. Which fibres arrive first, "
                          "the fastest or the slowest?")
    if core.close(early, d * fast, rel=0.02) or core.close(late, d * slow, rel=0.02):
        return core.wrong(task, f"{k}: distance × velocity is not a time. Time = distance ÷ velocity.")
    if _time_close(early / 1000, want_early) or _time_close(late / 1000, want_late):
        return core.wrong(task, f"{k}: give the times in seconds, not milliseconds.")
    return core.wrong(task, f"look again at {', '.join(wrong)}: time = distance ÷ velocity; the "
                      "highest velocity of the class gives the earliest time.")


# --- task 2: the gap between first and second pain ----------------------------------------

def check_pain_gap(gap) -> core.Result:
    """Task 2: seconds between first and second pain over GAP_DISTANCE (fastest fibres)."""
    task = "Task 2 (first and second pain)"
    if core.is_stub(gap):
        return core.unanswered(task, "the gap in seconds")
    gap = core.answer_number("gap", gap)
    want = physiology.pain_gap(GAP_DISTANCE, "fastest")
    if _time_close(gap, want):
        return core.correct(task, f"about {want:.2f} s: long enough to feel two separate pains.")
    if _time_close(-gap, want):
        return core.wrong(task, "your gap is negative: subtract the first arrival from the later one.")
    if _time_close(gap, physiology.pain_gap(GAP_DISTANCE, "slowest")):
        return core.wrong(task, "that compares the slowest fibres. The task asks for the fastest "
                          "fibre of each class: when does each pain first arrive?")
    return core.wrong(task, "work out when the first-pain and second-pain signals arrive with their "
                      "fastest fibres (time = distance ÷ velocity), then subtract.")


# --- task 3: which fibre is which? ----------------------------------------------------------

PROFILE_LETTERS = "XYZ"


def _profile_key() -> dict[str, str]:
    """Letter of each anonymous profile → fibre id."""
    return dict(zip(PROFILE_LETTERS, PROFILE_ORDER, strict=True))


def _hide_names(text: str) -> str:
    """The text with every fibre name replaced, so a profile does not name its fibre."""
    for fid in physiology.fibre_ids():
        text = re.sub(rf"(?<!\w){re.escape(physiology.fibre(fid)['name'])}(?!\w)", "[hidden]", text)
    return text


def show_fibre_profiles():
    """Task 3: the fibre classes without their names (from fibres.yml)."""
    rows = []
    for letter, fid in _profile_key().items():
        f = physiology.fibre(fid)
        rows.append([letter, "yes" if f["myelinated"] else "no",
                     f"{f['diameter_um'][0]:g}–{f['diameter_um'][1]:g}", _hide_names(f["carries"])])
    return tables.html_table(rows, ["Profile", "Myelinated", "Diameter (µm)", "Carries"],
                             caption="Task 3: three fibre classes, names hidden")


def check_fibre_profiles(answers) -> core.Result:
    """Task 3: the fibre id of each anonymous profile."""
    task = "Task 3 (which fibre?)"
    if core.is_stub(answers):
        return core.unanswered(task, "a dict mapping each profile letter to a fibre id")
    key = _profile_key()
    answers = core.answer_labels("answers", answers, key, physiology.fibre_ids())
    wrong = _wrong_keys(answers, key)
    if wrong:
        return core.wrong(task, f"look again at profile(s) {', '.join(wrong)}: is the fibre "
                          "myelinated, and how thick is it? Which sensations need speed?")
    return core.correct(task, "all three fibre classes recognised.")


# --- task 4: gate control ---------------------------------------------------------------------

def gate_change(case: dict) -> tuple[float, float]:
    """The cartoon's projection-neuron output before and after a GATE_CASES change."""
    if not isinstance(case, dict):
        raise TypeError(f"case must be a dict with 'before' and 'after' inputs, got {type(case).__name__}")
    allowed = {"large", "small", "descending"}
    for key in ("before", "after"):
        state = case.get(key)
        if not isinstance(state, dict) or not {"large", "small"} <= set(state) <= allowed:
            raise ValueError(f"case[{key!r}] must be a dict of 'large', 'small' (and optionally "
                             f"'descending') inputs, got {state!r}")
    dis = case.get("disinhibited", False)
    if not isinstance(dis, bool):
        raise TypeError(f"case['disinhibited'] must be True or False, got {dis!r}")
    return (physiology.gate_control(**case["before"], disinhibited=dis).output,
            physiology.gate_control(**case["after"], disinhibited=dis).output)


def _gate_key() -> dict[str, str]:
    key = {}
    for letter, case in GATE_CASES.items():
        before, after = gate_change(case)
        key[letter] = ("no change" if abs(after - before) < NO_CHANGE
                       else "up" if after > before else "down")
    return key


def show_gate_cases():
    """Task 4: the changes to predict."""
    rows = [[letter, case["text"]] for letter, case in GATE_CASES.items()]
    return tables.html_table(rows, ["Case", "What changes"], caption="Task 4: predict the output")


def explain_gate_cases():
    """Solution notes for task 4: the cartoon's output before and after each change."""
    rows = []
    for letter, case in GATE_CASES.items():
        before, after = gate_change(case)
        rows.append([letter, f"{before:.2f}", f"{after:.2f}", _gate_key()[letter]])
    return tables.html_table(rows, ["Case", "Output before", "Output after", "Change"],
                             caption="Task 4 explained (gate-control cartoon, arbitrary units)")


def check_gate_predictions(answers) -> core.Result:
    """Task 4: 'up', 'down' or 'no change' for each GATE_CASES change."""
    return core.check_labels(
        "Task 4 (gate control)", answers, _gate_key(), CHANGES,
        what="a dict mapping each case letter to 'up', 'down' or 'no change'",
        hint=lambda wrong: (f"re-check case(s) {', '.join(wrong)}: what does each input do to "
                            "the inhibitory interneuron, and what does the interneuron do to the "
                            "projection neuron? Try the case on the gate-control figure."),
        done="all four predictions match the cartoon.", name="gate")


# --- task 5: wind-up or central sensitisation? ---------------------------------------------

def _mechanism_key() -> dict[str, str]:
    key = {}
    for letter, case in MECHANISM_CASES.items():
        if "interval_s" in case:
            f = physiology.stimulus_frequency(case["interval_s"])
            key[letter] = "wind-up" if physiology.winds_up(f) else NO_MECHANISM
        else:
            key[letter] = case["answer"]
    return key


def show_mechanism_cases():
    """Task 5: the observations to classify."""
    rows = [[letter, case["text"]] for letter, case in MECHANISM_CASES.items()]
    return tables.html_table(rows, ["Case", "Observation (fictional)"],
                             caption="Task 5: which mechanism?")


def check_mechanisms(answers) -> core.Result:
    """Task 5: the mechanism (one of MECHANISMS) that each MECHANISM_CASES case shows."""
    key = _mechanism_key()
    return core.check_labels(
        "Task 5 (which mechanism?)", answers, key, MECHANISMS,
        what="a dict mapping each case letter to a mechanism",
        hint=lambda wrong: (f"re-check case(s) {', '.join(wrong)}: is there a stimulus at all? "
                            "For repeated stimuli, work out the frequency (1 ÷ interval) and compare "
                            "it with the threshold. Is the change confined to the injured site, or "
                            "does it spread, let touch hurt and outlast the stimulus? Does the "
                            "description name a loss of spinal inhibition?"),
        done=f"all {len(key)} cases classified correctly.", name="mechanisms")


# --- task 6: conduction velocity ------------------------------------------------------------

def _recording_answer() -> tuple[float, str]:
    """The velocity of the task 6 recording and the one fibre class it fits."""
    v = physiology.conduction_velocity(RECORDING["distance_m"], RECORDING["time_s"])
    fits = physiology.classes_for_velocity(v)
    if len(fits) != 1:
        raise ValueError(f"RECORDING must fit exactly one fibre class; {v:g} m/s fits {fits}")
    return v, fits[0]


def check_velocity(velocity, fibre_id) -> core.Result:
    """Task 6: conduction velocity of the RECORDING and the fibre class it fits."""
    task = "Task 6 (conduction velocity)"
    if core.is_stub(velocity) or core.is_stub(fibre_id):
        return core.unanswered(task, "the velocity in m/s and a fibre id")
    velocity = core.answer_number("velocity", velocity)
    fibre_id = validate.choice("fibre_id", fibre_id.strip().lower()
                                    if isinstance(fibre_id, str) else fibre_id,
                                    physiology.fibre_ids())
    want_v, want_fibre = _recording_answer()
    if not core.close(velocity, want_v, rel=0.01):
        if core.close(velocity, 1 / want_v, rel=0.01):
            return core.wrong(task, "that is time ÷ distance (seconds per metre). "
                              "Velocity = distance ÷ time.")
        return core.wrong(task, "velocity = distance ÷ time, in metres per second.")
    if fibre_id != want_fibre:
        return core.wrong(task, "the velocity is right; now compare it with the velocity range "
                          "of each fibre class in the chapter's table.")
    return core.correct(task, f"{want_v:g} m/s lies in the range of {physiology.fibre(want_fibre)['name']} fibres.")
