"""Chapter 5 exercises: the material each task shows, and its self-check.

Expected answers are computed from drugs.yml and the model modules (pharmacokinetics,
renal), never typed here. Every person is fictional; the patients of tasks 4 and 5 are
SYNTHETIC (seeded, computer-generated).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from npcourse import validate
from npcourse.chapters.c05_using_drugs import pharmacokinetics
from npcourse.facts import data
from npcourse.marking import core, kidney
from npcourse.models import renal, synthetic
from npcourse.models.drugs import GABAPENTINOIDS
from npcourse.ui import sources as sources_in_words
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "TASK1_HALF_LIFE", "TASK1_FRACTION", "TASK2", "PATIENT_SEED", "N_PATIENTS", "BAND_DRUG",
    "STEADY_STATE_HALF_LIVES", "PAIRS", "check_steady_state", "task2_simulation", "check_accumulation",
    "absorption_doses", "show_absorption_task", "check_absorption", "patients", "check_cockcroft_gault",
    "check_renal_bands", "titration_drugs", "show_titration_task", "check_titration", "pair_label",
    "listed_interactions", "show_medication_pairs", "check_interactions", "explain_interactions"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_steady_state": "ch05-lo1",
    "check_accumulation": "ch05-lo1",
    "check_absorption": "ch05-lo3",
    "check_cockcroft_gault": "ch05-lo2",
    "check_renal_bands": "ch05-lo2",
    "check_titration": "ch05-lo4",
    "check_interactions": "ch05-lo5",
}

# Task 1: a fictional drug.
TASK1_HALF_LIFE = 9          # hours
TASK1_FRACTION = 0.95        # "within 5 % of steady state"
# Task 2: a fictional regimen, simulated long enough to be at steady state.
TASK2 = {"dose": 200, "interval": 12, "half_life": 18, "n_doses": 20}
# Task 3: the gabapentinoids, from the low to the high end of the usual daily range.
# Tasks 4 and 5: synthetic adults.
PATIENT_SEED = synthetic.DEFAULT_SEED
N_PATIENTS = 5
BAND_DRUG = "pregabalin"
# Task 6: drugs with a starting dose, a daily range and a half-life in hours in drugs.yml.
STEADY_STATE_HALF_LIVES = 4   # WHO: do not raise a dose before about four half-lives
# Task 7: pairs of drugs (ids in drugs.yml) on a fictional person's medication list.
PAIRS = [
    ("duloxetine", "tramadol"),
    ("amitriptyline", "tramadol"),
    ("pregabalin", "strong-opioids"),
    ("gabapentin", "strong-opioids"),
    ("duloxetine", "pregabalin"),
    ("duloxetine", "lidocaine-plaster"),
    ("pregabalin", "capsaicin-patch"),
]


def _drugs() -> dict[str, dict]:
    return data.by_id("drugs", "drugs")


# --- task 1: time to steady state ----------------------------------------------------------

def _expected_steady_state() -> tuple[int, float]:
    n = math.ceil(pharmacokinetics.half_lives_to_reach(TASK1_FRACTION) - 1e-9)
    return n, n * TASK1_HALF_LIFE


def check_steady_state(n_half_lives, hours) -> core.Result:
    """Task 1: whole half-lives to reach 95 % of steady state, and the time in hours."""
    task = "Task 1 (time to steady state)"
    if core.is_stub(n_half_lives) or core.is_stub(hours):
        return core.unanswered(task, "a whole number of half-lives and a time in hours")
    n = core.answer_number("n_half_lives", n_half_lives)
    h = core.answer_number("hours", hours)
    want_n, want_h = _expected_steady_state()
    if n != want_n:
        if n < want_n:
            return core.wrong(task, f"after {n:g} half-lives the level has reached 1 − 0.5^{n:g} = "
                              f"{pharmacokinetics.fraction_of_steady_state(n):.1%} of steady state: "
                              f"is that at least {TASK1_FRACTION:.0%}?")
        return core.wrong(task, "that is enough, but not the smallest number: compute 1 − 0.5^n "
                          "for n = 1, 2, 3, ... and stop at the first that is large enough.")
    if not core.close(h, want_h, rel=0.01):
        return core.wrong(task, "the number of half-lives is right; the time is that number "
                          "multiplied by the half-life (the dosing interval does not matter).")
    return core.correct(task, f"{want_n} half-lives = {want_h:g} hours, whatever the dose.")


# --- task 2: accumulation from a simulation ------------------------------------------------

def task2_simulation() -> pd.DataFrame:
    t = TASK2
    return pharmacokinetics.simulate(t["dose"], t["interval"], t["half_life"], n_doses=t["n_doses"])


def task2_peaks() -> pd.DataFrame:
    """Task 2: the highest concentration after each dose of the simulation (dose number, peak)."""
    sim = task2_simulation()
    peaks = sim.groupby("dose_number", as_index=False)["concentration"].max()
    peaks = peaks.rename(columns={"dose_number": "dose", "concentration": "peak"})
    peaks["peak"] = peaks["peak"].round(1)
    return peaks


def _expected_accumulation() -> float:
    return pharmacokinetics.accumulation_ratio(TASK2["interval"], TASK2["half_life"])


def check_accumulation(ratio) -> core.Result:
    """Task 2: the last peak divided by the first peak of the simulation."""
    task = "Task 2 (accumulation)"
    if core.is_stub(ratio):
        return core.unanswered(task, "the ratio (a number)")
    r = core.answer_number("ratio", ratio)
    want = _expected_accumulation()
    sim = task2_simulation()
    first_peak = sim["concentration"].iloc[0]
    trough_ratio = want * math.exp(-math.log(2) / TASK2["half_life"] * TASK2["interval"])
    if core.close(r, want, rel=0.01):
        return core.correct(task, f"the steady-state peak is {want:.2f} times the first peak; "
                            "the formula 1 / (1 − e^(−kτ)) gives the same.")
    if 0 < r < 1 and core.close(1 / r, want, rel=0.01):
        return core.wrong(task, "divide the steady-state peak by the first peak, not the other way.")
    if core.close(r, want * first_peak, rel=0.01):
        return core.wrong(task, "that is the concentration itself: divide it by the first peak.")
    if core.close(r, trough_ratio, rel=0.01):
        return core.wrong(task, "use the peaks (the highest value just after a dose), not a trough.")
    return core.wrong(task, "take the largest concentration in the last dosing interval and divide "
                      "it by the concentration just after the first dose.")


# --- task 3: absorption --------------------------------------------------------------------

def absorption_doses(drug_id: str) -> tuple[float, float]:
    """The low and high end of the usual daily range (dose.daily) in drugs.yml."""
    daily = _drugs()[validate.choice("drug_id", drug_id, GABAPENTINOIDS)]["dose"]["daily"]
    return float(daily["low"]), float(daily["high"])


def _expected_absorption() -> dict[str, float]:
    out = {}
    for d in GABAPENTINOIDS:
        lo, hi = absorption_doses(d)
        out[d] = pharmacokinetics.amount_absorbed(d, hi) / pharmacokinetics.amount_absorbed(d, lo)
    return out


def show_absorption_task():
    rows = []
    for d in GABAPENTINOIDS:
        lo, hi = absorption_doses(d)
        rows.append([_drugs()[d]["name"], f"{lo:g} mg/day", f"{hi:g} mg/day", f"{hi / lo:g}×"])
    return tables.html_table(rows, ["Drug", "Low end of the usual range", "High end",
                                    "Dose rises by"],
                             caption="Task 3: the usual daily ranges in this course's facts")


def check_absorption(factors) -> core.Result:
    """Task 3: by what factor the amount absorbed rises from the low to the high daily dose."""
    task = "Task 3 (absorption)"
    if core.is_stub(factors):
        return core.unanswered(task, "a dict mapping 'gabapentin' and 'pregabalin' to a factor")
    core.answer_keys("factors", factors, GABAPENTINOIDS)
    got = {d: core.answer_number(f"factors[{d!r}]", factors[d]) for d in GABAPENTINOIDS}
    want = _expected_absorption()
    bad = [d for d in GABAPENTINOIDS if not core.close(got[d], want[d], rel=0.02)]
    if not bad:
        return core.correct(task, ", ".join(f"{d}: {want[d]:.2f}×" for d in GABAPENTINOIDS)
                            + " — the saturable drug gains less than its dose rise.")
    dose_rise = {d: absorption_doses(d)[1] / absorption_doses(d)[0] for d in GABAPENTINOIDS}
    saturable = [d for d in bad if not pharmacokinetics.is_dose_proportional(d)]
    if saturable and all(core.close(got[d], dose_rise[d], rel=0.02) for d in saturable):
        return core.wrong(task, f"{', '.join(saturable)}: the dose rises by that factor, but the "
                          "fraction absorbed falls as the dose rises. Multiply each dose by its "
                          "own fraction absorbed first.")
    return core.wrong(task, f"look again at {', '.join(bad)}: amount absorbed = daily dose × "
                      "fraction absorbed at that dose; then divide high by low.")


# --- tasks 4 and 5: Cockcroft-Gault and the dose band -------------------------------------

def patients(seed: int = PATIENT_SEED) -> pd.DataFrame:
    """SYNTHETIC adults (the same every time): age, weight, sex, serum creatinine (mg/dL)."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "person": [f"SYN-{i + 1}" for i in range(N_PATIENTS)],
        "age": rng.integers(30, 91, N_PATIENTS),
        "weight_kg": rng.integers(48, 111, N_PATIENTS),
        "sex": rng.choice(list(renal.SEXES), N_PATIENTS),
        "creatinine_mg_dl": np.round(rng.uniform(0.7, 2.8, N_PATIENTS), 1),
        "synthetic": True,
    })
    df.attrs.update({"synthetic": True,
                     "title": "SYNTHETIC patients (computer-generated, not real people), "
                              f"seed {seed}"})
    return df


def _expected_crcl() -> dict[str, float]:
    return {r.person: renal.cockcroft_gault(int(r.age), float(r.weight_kg), float(r.creatinine_mg_dl),
                                            str(r.sex)) for r in patients().itertuples()}


def _answers_for_people(name: str, value) -> dict:
    return core.answer_keys(name, value, list(patients()["person"]))


def check_cockcroft_gault(crcl) -> core.Result:
    """Task 4: each synthetic patient's Cockcroft-Gault creatinine clearance (mL/min)."""
    task = "Task 4 (Cockcroft-Gault)"
    if core.is_stub(crcl):
        return core.unanswered(task, "a dict mapping each person to a clearance in mL/min")
    crcl = _answers_for_people("crcl", crcl)
    want = _expected_crcl()
    got = {p: core.answer_number(f"crcl[{p!r}]", crcl[p]) for p in want}
    df = patients().set_index("person")
    inputs = {p: (df.loc[p, "age"], df.loc[p, "weight_kg"], df.loc[p, "creatinine_mg_dl"], df.loc[p, "sex"])
              for p in want}
    return kidney.mark_clearances(task, got, want, inputs, "all clearances within 1 mL/min.")


def _expected_bands() -> dict[str, tuple[float, float]]:
    out = {}
    for p, c in _expected_crcl().items():
        b = renal.dose_band(BAND_DRUG, round(c))
        out[p] = (b.daily_low, b.daily_high)
    return out


def _acceptable_bands(person: str, crcl: float) -> set[tuple[float, float]]:
    """The band of the clearance as calculated or rounded to a whole number (both fine)."""
    return {(b.daily_low, b.daily_high) for b in
            (renal.dose_band(BAND_DRUG, crcl), renal.dose_band(BAND_DRUG, round(crcl)))}


def check_renal_bands(doses) -> core.Result:
    """Task 5: each patient's pregabalin band as (lowest, highest total daily dose)."""
    task = "Task 5 (pregabalin dose band)"
    if core.is_stub(doses):
        return core.unanswered(task, "a dict mapping each person to (low, high) mg/day")
    doses = _answers_for_people("doses", doses)
    got = {}
    for p, v in doses.items():
        if not isinstance(v, (tuple, list)) or len(v) != 2:
            raise TypeError(f"doses[{p!r}] must be a (low, high) pair of numbers, got {v!r}")
        got[p] = tuple(core.answer_number(f"doses[{p!r}]", x) for x in v)
    crcl = _expected_crcl()
    bad = [p for p in crcl if got[p] not in _acceptable_bands(p, crcl[p])]
    if not bad:
        return core.correct(task, f"every {BAND_DRUG} band matches the clearance.")
    slip = kidney.band_slip(task, bad, got, BAND_DRUG)
    if slip:
        return slip
    return core.wrong(task, f"look again at {', '.join(bad)}: compute the clearance first "
                      f"(task 4), then use renal.dose_band('{BAND_DRUG}', clearance).")


# --- task 6: a titration table -------------------------------------------------------------

def titration_drugs() -> list[str]:
    """Drugs with a starting dose, a daily range and a half-life in hours in drugs.yml."""
    return [d["id"] for d in data.records("drugs", "drugs")
            if (d.get("dose") or {}).get("start") and d.get("half_life")
            and d["half_life"]["unit"] == "hours"]


def _expected_titration() -> dict[str, tuple[float, float, float]]:
    out = {}
    for i in titration_drugs():
        d = _drugs()[i]
        out[i] = (float(d["dose"]["start"]["low"]), float(d["dose"]["daily"]["high"]),
                  STEADY_STATE_HALF_LIVES * float(d["half_life"]["high"]))
    return out


def show_titration_task():
    rows = []
    for d in data.records("drugs", "drugs"):
        if d["id"] not in titration_drugs():
            continue
        half = d["half_life"]
        rows.append([d["id"], f'{float(d["dose"]["start"]["low"]):g}', f'{float(d["dose"]["daily"]["high"]):g}',
                     f'{float(half["low"]):g} to {float(half["high"]):g}', d["titration"]["text"]])
    return tables.html_table(rows, ["Drug id (use as key)", "Starting daily dose (mg/day)",
                                    "Top of the usual daily range (mg/day)", "Half-life (hours)",
                                    "Titration in this course's facts"],
                             caption="Task 6: starting dose, usual range, half-life and titration")


def check_titration(table) -> core.Result:
    """Task 6: (starting mg/day, top of the daily range, hours before the first step)."""
    task = "Task 6 (titration table)"
    if core.is_stub(table):
        return core.unanswered(task, "a dict mapping each drug id to (start, top, hours)")
    want = _expected_titration()
    core.answer_keys("table", table, want)
    bad, hints = [], set()
    for d, w in want.items():
        v = table[d]
        if not isinstance(v, (tuple, list)) or len(v) != 3:
            raise TypeError(f"table[{d!r}] must be (start, top, hours), got {v!r}")
        got = [core.answer_number(f"table[{d!r}]", x) for x in v]
        drug = _drugs()[d]
        if all(core.close(g, x, rel=0.001) for g, x in zip(got, w, strict=True)):
            continue
        bad.append(d)
        if core.close(got[1], drug["dose"]["daily"]["low"], rel=0.001) and got[1] != w[1]:
            hints.add("the top of the range is dose.daily.high, not the low end")
        if got[2] != w[2] and core.close(got[2], STEADY_STATE_HALF_LIVES * drug["half_life"]["low"],
                                         rel=0.001):
            hints.add("use the longer half-life (half_life.high): the slowest case sets the wait")
        if got[2] != w[2] and core.close(got[2], 5 * drug["half_life"]["high"], rel=0.001):
            hints.add("the WHO guide's rule is about four half-lives")
    if not bad:
        return core.correct(task, "the table matches this course's facts; in practice tolerability, "
                            "not kinetics, usually sets the pace.")
    hint = "; ".join(sorted(hints)) or ("start = dose.start.low, top = dose.daily.high, hours = "
                                        "4 × half_life.high")
    return core.wrong(task, f"look again at {', '.join(bad)}: {hint}.")


# --- task 7: screening a medication list ---------------------------------------------------

def pair_label(a: str, b: str) -> str:
    return f"{a} + {b}"


def _terms(drug: dict) -> list[str]:
    names = {drug["id"].replace("-", " "), drug["name"].split(" (")[0].lower(),
             *(e.lower() for e in drug["examples"])}
    return sorted(n for n in names if n)


def listed_interactions(a: str, b: str) -> list[dict]:
    """Interaction records in drugs.yml of either drug whose 'with' names the other drug."""
    drugs = _drugs()
    for name, value in (("a", a), ("b", b)):
        validate.choice(name, value, sorted(drugs))
    found = []
    for x, y in ((a, b), (b, a)):
        for rec in drugs[x]["interactions"]:
            text = rec["with"].lower()
            if any(re.search(rf"\b{re.escape(t)}\b", text) for t in _terms(drugs[y])):
                found.append({"drug": x, **rec})
    return found


def _expected_interactions() -> dict[str, bool]:
    return {pair_label(a, b): bool(listed_interactions(a, b)) for a, b in PAIRS}


def _interaction_texts(drug_id: str) -> str:
    texts = [rec["with"] for rec in _drugs()[drug_id]["interactions"]]
    return "; ".join(texts) if texts else "(none listed)"


def show_medication_pairs():
    """Task 7: each pair, the names that count for each drug, and what each drug's record lists."""
    rows = [[pair_label(a, b), ", ".join(_terms(_drugs()[a])), ", ".join(_terms(_drugs()[b])),
             _interaction_texts(a), _interaction_texts(b)] for a, b in PAIRS]
    return tables.html_table(rows, ["Pair (use as key)", "Names of the first drug",
                                    "Names of the added drug", "First drug interacts with",
                                    "Added drug interacts with"],
                             caption="Task 7: combinations on fictional medication lists, with the "
                                     "interactions this course's facts lists for each drug")


def check_interactions(flags) -> core.Result:
    """Task 7: for each pair, True if this course's facts lists an interaction between them."""
    task = "Task 7 (interactions)"
    if core.is_stub(flags):
        return core.unanswered(task, "a dict mapping each pair to True or False")
    want = _expected_interactions()
    core.answer_keys("flags", flags, want)
    for k, v in flags.items():
        if not isinstance(v, bool):
            raise TypeError(f"flags[{k!r}] must be True or False, got {v!r}")
    missed = [k for k in want if want[k] and not flags[k]]
    extra = [k for k in want if not want[k] and flags[k]]
    if missed:
        return core.wrong(task, f"{', '.join(missed)}: search the 'with' text of BOTH drugs' "
                          "interactions for the other drug's name or examples.")
    if extra:
        return core.wrong(task, f"{', '.join(extra)}: is that interaction really listed in the "
                          "course's facts? (Not listed does not mean safe: the list is not complete.)")
    return core.correct(task, "every listed interaction found. Not listed does not mean safe: "
                        "check the full product information.")


def explain_interactions():
    rows = []
    for a, b in PAIRS:
        recs = listed_interactions(a, b)
        text = "; ".join(f"{_drugs()[r['drug']]['name']} with {r['with']}: {r['effect']} "
                         f"({sources_in_words.labels(r['sources'])})" for r in recs)
        text = text or "none listed in this course's facts"
        rows.append([pair_label(a, b), text])
    return tables.html_table(rows, ["Pair", "Interaction in this course's facts"],
                             caption="Task 7 explained")
