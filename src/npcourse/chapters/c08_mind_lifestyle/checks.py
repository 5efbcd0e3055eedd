"""Chapter 8 exercises: the material each task shows, and its self-check.

Expected answers are computed from the models (trial_simulation, grade, fear_avoidance) and
the data files (therapies.yml, drugs.yml), never typed here. Every study is SYNTHETIC
(seeded, computer-generated) and every body of evidence in task 5 is invented.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from npcourse import validate
from npcourse.chapters.c08_mind_lifestyle import fear_avoidance, grade_certainty, trial_simulation
from npcourse.facts import data
from npcourse.marking import core
from npcourse.ui import sources as sources_in_words
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "SEED", "TASK1", "TASK2", "TOLERANCE", "screening_study", "check_apparent_improvement",
    "trial_study", "check_control_group", "check_followup_prediction", "check_smd", "SCENARIOS", "show_scenarios",
    "check_grade", "LEVELS_LOWERED", "SEROTONIN", "NONE", "CATEGORIES", "MEDICINES", "SJW_RECORD", "sjw_lists",
    "serotonergic_in_drugs_file", "show_medicines", "check_st_johns_wort", "explain_st_johns_wort", "TASK7_LINKS",
    "show_interventions", "check_cycle_targets"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_apparent_improvement": "ch08-lo5",
    "check_control_group": "ch08-lo5",
    "check_followup_prediction": "ch08-lo5",
    "check_smd": "ch08-lo2",
    "check_grade": "ch08-lo2",
    "check_st_johns_wort": "ch08-lo4",
    "check_cycle_targets": "ch08-lo1",
}

SEED = trial_simulation.DEFAULT_SEED
# Task 1 (and 3): one screening day, nobody treated.
TASK1 = {"n_screened": 1000, "threshold": 7.0, "within_sd": trial_simulation.WITHIN_SD, "seed": SEED}
# Tasks 2 and 4: a randomised, placebo-controlled study of a fictional treatment.
TASK2 = {"n_per_arm": 150, "threshold": 7.0, "within_sd": trial_simulation.WITHIN_SD, "effect": 1.0,
         "placebo_response": 0.8, "control": "placebo", "seed": SEED + 1}
TOLERANCE = 0.01  # points


def _number(name: str, value) -> float:
    return core.answer_number(name, value)


# --- task 1: the apparent improvement -------------------------------------------------------

def screening_study() -> pd.DataFrame:
    """Task 1: SYNTHETIC people screened once; those at or above the threshold are enrolled."""
    return trial_simulation.screen(**TASK1)


def task1_means() -> pd.DataFrame:
    """Task 1: the mean screening and follow-up scores of the enrolled people and of everyone."""
    df = screening_study()
    rows = []
    for group, part in (("enrolled (screening score at least 7)", df[df["enrolled"]]), ("everyone screened", df)):
        rows.append({"group": group, "people": len(part), "mean at screening": round(part["screening"].mean(), 3),
                     "mean at follow-up": round(part["followup"].mean(), 3)})
    return pd.DataFrame(rows)


def _enrolled() -> pd.DataFrame:
    df = screening_study()
    return df[df["enrolled"]]


def _expected_improvement() -> float:
    e = _enrolled()
    return float(e["screening"].mean() - e["followup"].mean())


def check_apparent_improvement(improvement) -> core.Result:
    """Task 1: the enrolled group's mean fall in pain (screening − follow-up), in points."""
    task = "Task 1 (apparent improvement)"
    if core.is_stub(improvement):
        return core.unanswered(task, "the mean improvement in points (a number)")
    got = _number("improvement", improvement)
    want = _expected_improvement()
    if core.close(got, want, rel=0, abs_tol=TOLERANCE):
        return core.correct(task, f"the enrolled group 'improved' by {want:.2f} points with no "
                            "treatment at all: selection on a high screening score, then regression "
                            "to the mean.")
    df = screening_study()
    everyone = float(df["screening"].mean() - df["followup"].mean())
    if core.close(got, -want, rel=0, abs_tol=TOLERANCE):
        return core.wrong(task, "right size, wrong sign: give the improvement as screening − follow-up, "
                          "so that less pain is a positive number.")
    if core.close(got, everyone, rel=0, abs_tol=TOLERANCE):
        return core.wrong(task, "that is the change in everyone screened; use only the enrolled "
                          "people (enrolled == True).")
    if core.close(got, trial_simulation.expected_regression(TASK1["threshold"], TASK1["within_sd"]).drop,
                  rel=0, abs_tol=TOLERANCE):
        return core.wrong(task, "that is the formula's expected value; the task asks what THIS "
                          "simulated group did: compute it from the data.")
    if core.close(got, float(_enrolled()["screening"].mean()) - trial_simulation.POPULATION_MEAN,
                  rel=0, abs_tol=TOLERANCE):
        return core.wrong(task, "that is how far the enrolled group started above the population "
                          "mean; compare the same people's screening and follow-up means.")
    return core.wrong(task, "keep the enrolled rows, then subtract the mean follow-up score from the "
                      "mean screening score.")


# --- task 2: a control group --------------------------------------------------------------

def trial_study() -> pd.DataFrame:
    """Tasks 2 and 4: a SYNTHETIC randomised study, people enrolled as in task 1."""
    return trial_simulation.simulate_trial(**TASK2)


def task2_means() -> pd.DataFrame:
    """Tasks 2 and 4: per arm, the number of people, the mean scores and the follow-up variance."""
    df = trial_study()
    rows = []
    for arm in (trial_simulation.TREATED, trial_simulation.CONTROL):
        part = df[df["arm"] == arm]
        rows.append({"arm": arm, "people": len(part), "mean at screening": round(part["screening"].mean(), 3),
                     "mean at follow-up": round(part["followup"].mean(), 3),
                     "variance at follow-up": round(part["followup"].var(ddof=1), 3)})
    return pd.DataFrame(rows)


def _improvements() -> dict[str, float]:
    df = trial_study()
    means = df.groupby("arm")[["screening", "followup"]].mean()
    return {arm: float(means.loc[arm, "screening"] - means.loc[arm, "followup"])
            for arm in (trial_simulation.TREATED, trial_simulation.CONTROL)}


def _expected_control_group() -> dict[str, float]:
    imp = _improvements()
    t, c = imp[trial_simulation.TREATED], imp[trial_simulation.CONTROL]
    return {"treatment": t, "control": c, "effect": t - c}


def _followup_difference() -> float:
    df = trial_study()
    f = df.groupby("arm")["followup"].mean()
    return float(f[trial_simulation.CONTROL] - f[trial_simulation.TREATED])


def check_control_group(answers) -> core.Result:
    """Task 2: each arm's mean improvement and the estimated effect (treatment − control)."""
    task = "Task 2 (control group)"
    keys = ("treatment", "control", "effect")
    if core.is_stub(answers):
        return core.unanswered(task, "a dict with 'treatment', 'control' and 'effect' (points)")
    core.answer_keys("answers", answers, keys)
    got = {k: _number(f"answers[{k!r}]", answers[k]) for k in keys}
    want = _expected_control_group()
    for arm in ("treatment", "control"):
        if not core.close(got[arm], want[arm], rel=0, abs_tol=TOLERANCE):
            if core.close(got[arm], -want[arm], rel=0, abs_tol=TOLERANCE):
                return core.wrong(task, f"{arm}: right size, wrong sign; improvement = screening − "
                                  "follow-up.")
            return core.wrong(task, f"{arm}: average the screening and the follow-up scores of that "
                              "arm, then subtract follow-up from screening.")
    if core.close(got["effect"], want["effect"], rel=0, abs_tol=TOLERANCE):
        return core.correct(task, f"the treatment arm improved by {want['treatment']:.2f} points, but the "
                            f"difference between the arms, {want['effect']:.2f}, is what estimates the "
                            "treatment's own effect; the rest is regression to the mean and placebo "
                            "response, which the control arm shares.")
    if core.close(got["effect"], _followup_difference(), rel=0, abs_tol=TOLERANCE):
        return core.correct(task, "you compared the arms' follow-up means, which in a randomised "
                            "trial also estimates the effect; the difference in improvement gives "
                            f"{want['effect']:.2f}.")
    if core.close(got["effect"], want["treatment"], rel=0, abs_tol=TOLERANCE):
        return core.wrong(task, "that is the treatment arm's whole improvement; part of it happened in "
                          "the control arm too. Subtract the control's improvement.")
    if core.close(got["effect"], -want["effect"], rel=0, abs_tol=TOLERANCE):
        return core.wrong(task, "wrong sign: the effect is the treatment arm's improvement minus the "
                          "control arm's.")
    return core.wrong(task, "effect = improvement in the treatment arm − improvement in the control arm.")


# --- task 3: the expected follow-up from the correlation ---------------------------------

def _expected_followup_answers() -> tuple[float, float]:
    """(test–retest correlation, expected follow-up mean of task 1's enrolled group)."""
    rho = trial_simulation.test_retest_correlation(trial_simulation.BETWEEN_SD, TASK1["within_sd"])
    baseline = float(_enrolled()["screening"].mean())
    return rho, trial_simulation.expected_followup(trial_simulation.POPULATION_MEAN, rho, baseline)


def check_followup_prediction(rho, followup) -> core.Result:
    """Task 3: the correlation from the two SDs, then mean + rho × (baseline − mean)."""
    task = "Task 3 (expected follow-up)"
    if core.is_stub(rho) or core.is_stub(followup):
        return core.unanswered(task, "the correlation and the expected follow-up mean (numbers)")
    r = _number("rho", rho)
    f = _number("followup", followup)
    want_r, want_f = _expected_followup_answers()
    tau, sw = trial_simulation.BETWEEN_SD, TASK1["within_sd"]
    if not core.close(r, want_r, rel=0, abs_tol=0.005):
        if core.close(r, tau / math.hypot(tau, sw), rel=0, abs_tol=0.005):
            return core.wrong(task, "use the variances (SD squared), not the SDs: rho = tau² / (tau² + sigma_w²).")
        if core.close(r, 1 - want_r, rel=0, abs_tol=0.005):
            return core.wrong(task, "that is the share of day-to-day noise; the correlation is the share of "
                              "between-person variance, tau² / (tau² + sigma_w²).")
        if core.close(r, tau**2 / sw**2, rel=0, abs_tol=0.005):
            return core.wrong(task, "the denominator is the TOTAL variance of a single score, tau² + sigma_w².")
        return core.wrong(task, "rho = between-person variance / total variance of one score.")
    mu = trial_simulation.POPULATION_MEAN
    baseline = float(_enrolled()["screening"].mean())
    if core.close(f, want_f, rel=0, abs_tol=0.02):
        observed = float(_enrolled()["followup"].mean())
        return core.correct(task, f"the formula predicts {want_f:.2f}; the simulated group's follow-up mean "
                            f"was {observed:.2f}. Regression to the mean is predictable.")
    if core.close(f, mu, rel=0, abs_tol=0.02):
        return core.wrong(task, "scores do not fall all the way back to the population mean unless the "
                          "correlation is 0; only part of the distance is lost.")
    if core.close(f, baseline, rel=0, abs_tol=0.02):
        return core.wrong(task, "with no change at all the correlation would have to be 1; use the formula.")
    if core.close(f, mu + (1 - want_r) * (baseline - mu), rel=0, abs_tol=0.02):
        return core.wrong(task, "the fraction of the distance KEPT is rho, not 1 − rho.")
    if core.close(f, want_r * baseline, rel=0, abs_tol=0.02):
        return core.wrong(task, "rho multiplies the distance from the mean, (baseline − mean), then add the mean back.")
    return core.wrong(task, "expected follow-up = mean + rho × (baseline mean − mean), with the enrolled "
                      "group's screening mean as the baseline.")


# --- task 4: standardised mean difference --------------------------------------------------

def _expected_smd() -> float:
    """Pooled-SD standardised mean difference of follow-up pain, control − treatment."""
    df = trial_study()
    g = df.groupby("arm")["followup"]
    m, v, n = g.mean(), g.var(ddof=1), g.size()
    t, c = trial_simulation.TREATED, trial_simulation.CONTROL
    pooled = math.sqrt(((n[t] - 1) * v[t] + (n[c] - 1) * v[c]) / (n[t] + n[c] - 2))
    return float((m[c] - m[t]) / pooled)


def check_smd(smd) -> core.Result:
    """Task 4: (control mean − treatment mean) at follow-up ÷ pooled SD of follow-up scores."""
    task = "Task 4 (standardised mean difference)"
    if core.is_stub(smd):
        return core.unanswered(task, "the SMD (a number without units)")
    got = _number("smd", smd)
    want = _expected_smd()
    if core.close(got, want, rel=0, abs_tol=0.01):
        return core.correct(task, f"SMD {want:.2f}: the difference in pain expressed in standard "
                            "deviations, which lets reviews pool trials that used different scales.")
    if core.close(got, -want, rel=0, abs_tol=0.01):
        return core.wrong(task, "wrong sign: subtract the treatment mean from the control mean, so that "
                          "less pain on treatment is positive. Always state the direction.")
    diff = want * _pooled_sd()
    if core.close(got, diff, rel=0, abs_tol=0.01):
        return core.wrong(task, "that is the raw difference in points; divide it by the pooled SD.")
    df = trial_study()
    if core.close(got, diff / float(df["followup"].std(ddof=1)), rel=0, abs_tol=0.01):
        return core.wrong(task, "use the pooled WITHIN-group SD, not the SD of all follow-up scores "
                          "together.")
    return core.wrong(task, "SMD = (control mean − treatment mean) / pooled SD, with the pooled SD from "
                      "the two groups' follow-up variances.")


def _pooled_sd() -> float:
    df = trial_study()
    g = df.groupby("arm")["followup"]
    v, n = g.var(ddof=1), g.size()
    return math.sqrt(((n - 1) * v).sum() / (n.sum() - 2))


# --- task 5: GRADE ---------------------------------------------------------------------------

# Invented bodies of evidence: the description shown, the design and the problems it contains.
SCENARIOS = {
    "A": ("Four randomised trials (620 people) of a fictional relaxation app in painful diabetic "
          "neuropathy. Allocation concealed, outcome assessors blinded, few drop-outs; the trials agree; "
          "the 95% confidence interval is narrow and excludes no effect; no sign of missing studies.",
          "randomised", {}),
    "B": ("Six randomised trials of a fictional massage oil, all in chronic low back pain (you want to "
          "advise people with post-herpetic neuralgia). Participants knew which treatment they had and "
          "rated their own pain; otherwise well conducted, consistent and precise.",
          "randomised", {"risk_of_bias": "serious", "indirectness": "serious"}),
    "C": ("Three small randomised trials (90 people in total) of a fictional needle therapy versus usual "
          "care in chronic back pain, none blinded; the 95% confidence interval runs from a useful "
          "benefit to slight harm.",
          "randomised", {"risk_of_bias": "serious", "imprecision": "serious", "indirectness": "serious"}),
    "D": ("Five observational cohort studies of a fictional diet in painful diabetic neuropathy; "
          "consistent, precise, no other problems found.",
          "observational", {}),
    "E": ("Five well-conducted randomised trials (1100 people) in painful diabetic neuropathy; the "
          "results agree, but the 95% confidence interval runs from a clearly useful benefit to almost none.",
          "randomised", {"imprecision": "serious"}),
}
_LABEL_TO_DOMAIN = {label: d for d, label in grade_certainty.DOMAIN_LABELS.items()}


def show_scenarios():
    rows = [[k, text] for k, (text, _, _) in SCENARIOS.items()]
    return tables.html_table(rows, ["Body of evidence", "Description (invented)"],
                             caption="Task 5: invented bodies of evidence to rate with GRADE")


def _expected_grade() -> dict[str, tuple[str, list[str]]]:
    return {k: (grade_certainty.rate(design, **c), grade_certainty.reasons(**c))
            for k, (_, design, c) in SCENARIOS.items()}


def _domains(name: str, value) -> set[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set)):
        raise TypeError(f"{name} must be a list of reasons, e.g. ['risk of bias'], got {value!r}")
    out = set()
    for v in value:
        if not isinstance(v, str):
            raise TypeError(f"{name} must hold reasons as text, got {v!r}")
        key = v.strip().lower().replace("_", " ")
        if key not in _LABEL_TO_DOMAIN:
            raise ValueError(f"{name}: {v!r} is not a GRADE reason for rating down; use one of "
                             f"{', '.join(map(repr, grade_certainty.DOMAIN_LABELS.values()))}")
        out.add(_LABEL_TO_DOMAIN[key])
    return out


def check_grade(ratings) -> core.Result:
    """Task 5: each scenario's certainty and the reasons it was rated down."""
    task = "Task 5 (GRADE)"
    if core.is_stub(ratings):
        return core.unanswered(task, "a dict mapping 'A' ... 'E' to (level, [reasons])")
    want = _expected_grade()
    core.answer_keys("ratings", ratings, want, allow_extra=False)
    got = {}
    for k, v in ratings.items():
        if not isinstance(v, (tuple, list)) or len(v) != 2:
            raise TypeError(f"ratings[{k!r}] must be a (level, [reasons]) pair, got {v!r}")
        level = v[0].strip().lower().replace(" ", "-") if isinstance(v[0], str) else v[0]
        got[k] = (validate.choice(f"ratings[{k!r}] level", level, grade_certainty.LEVELS),
                  _domains(f"ratings[{k!r}] reasons", v[1]))
    wrong_reasons = [k for k in want if got[k][1] != {_LABEL_TO_DOMAIN[r] for r in want[k][1]}]
    if wrong_reasons:
        return core.wrong(task, f"look again at the reasons for {', '.join(wrong_reasons)}: which of the "
                          "five domains (risk of bias, inconsistency, indirectness, imprecision, "
                          "publication bias) does each problem in the description belong to?")
    wrong_levels = [k for k in want if got[k][0] != want[k][0]]
    observational = [k for k in wrong_levels if SCENARIOS[k][1] == "observational"]
    if observational:
        return core.wrong(task, f"{', '.join(observational)}: observational studies start at low, "
                          "not high.")
    if wrong_levels:
        return core.wrong(task, f"{', '.join(wrong_levels)}: start from the design's level and go down "
                          "one level for each serious problem (never below very low).")
    return core.correct(task, "every level and reason right. Notice how often indirectness (other "
                        "pain conditions) costs the evidence in this chapter a level.")


# --- task 6: St John's wort -------------------------------------------------------------------

LEVELS_LOWERED, SEROTONIN, NONE = "lower levels", "serotonin", "none listed"
CATEGORIES = (LEVELS_LOWERED, SEROTONIN, NONE)
# Priya's (fictional) medicines and some others: (label shown, term looked up in the St John's
# wort record, drug id in drugs.yml or None).
MEDICINES = {
    "protease-inhibitor": ("An HIV protease inhibitor (antiretroviral)", "HIV protease inhibitors", None),
    "duloxetine": ("Duloxetine", "duloxetine", "duloxetine"),
    "pregabalin": ("Pregabalin", "pregabalin", "pregabalin"),
    "warfarin": ("Warfarin (anticoagulant)", "warfarin", None),
    "contraceptive": ("A combined oral contraceptive pill", "oral contraceptives", None),
    "triptan": ("A triptan for migraine", "triptans", None),
    "paracetamol": ("Paracetamol", "paracetamol", "paracetamol"),
}
SJW_RECORD = "st-johns-wort"


def _list_after(text: str, phrase: str) -> list[str]:
    """Items of the list that follows ``phrase`` up to the next full stop ('a, b and c.')."""
    m = re.search(re.escape(phrase) + r"\s+([^.]+)\.", text)
    if not m:
        raise data.DataError(f"therapies.yml {SJW_RECORD!r}: expected the words {phrase!r} followed by a list")
    return [p.strip().lower() for p in re.split(r",\s*|\s+and\s+", m.group(1)) if p.strip()]


def sjw_lists() -> tuple[list[str], list[str]]:
    """(medicines whose levels it lowers, medicines it interacts with pharmacodynamically)."""
    r = data.by_id("therapies", "therapies")[SJW_RECORD]
    return _list_after(r["note"], "lower levels of"), _list_after(r["evidence"], "pharmacodynamic interactions with")


def serotonergic_in_drugs_file(drug_id: str) -> bool:
    """True if drugs.yml lists serotonin syndrome among the drug's own interactions."""
    drugs = data.by_id("drugs", "drugs")
    drug = drugs[validate.choice("drug_id", drug_id, drugs)]
    return any("serotonin syndrome" in i["effect"].lower() for i in drug["interactions"])


def _expected_st_johns_wort() -> dict[str, str]:
    lowered, dynamic = sjw_lists()
    out = {}
    for key, (_, term, drug_id) in MEDICINES.items():
        if term.lower() in lowered:
            out[key] = LEVELS_LOWERED
        elif term.lower() in dynamic or (drug_id and serotonergic_in_drugs_file(drug_id)):
            out[key] = SEROTONIN
        else:
            out[key] = NONE
    return out


def show_medicines():
    """Task 6: each medicine, the wording to look for, and what its own drugs-file record says."""
    def own(drug_id):
        if drug_id is None:
            return "no drug record in this course"
        return "yes" if serotonergic_in_drugs_file(drug_id) else "no"
    rows = [[key, label, term, own(drug_id)] for key, (label, term, drug_id) in MEDICINES.items()]
    return tables.html_table(rows, ["Key", "Medicine", "Wording to look for",
                                    "Its own interactions mention serotonin syndrome"],
                             caption="Task 6: medicines to screen against St John's wort")


def check_st_johns_wort(answers) -> core.Result:
    """Task 6: for each medicine, 'lower levels', 'serotonin' or 'none listed'."""
    key = _expected_st_johns_wort()

    def hint(mistaken):
        missed = [k for k in mistaken if key[k] != NONE]
        extra = [k for k in mistaken if key[k] == NONE]
        parts = []
        if missed:
            parts.append(f"{', '.join(missed)}: read the St John's wort record's note and evidence "
                         "again, and the medicine's own interactions in drugs.yml")
        if extra:
            parts.append(f"{', '.join(extra)}: is that really listed in this course's facts? (Not listed "
                         "does not mean safe.)")
        return "; ".join(parts) + "."

    return core.check_labels(
        "Task 6 (St John's wort)", answers, key, CATEGORIES,
        what=f"a dict mapping each key to {', '.join(map(repr, CATEGORIES))}", hint=hint,
        done="every flag found. 'None listed' is not the same as safe: always check the full "
             "product information, and ask about herbal products.", name="answers6")


def explain_st_johns_wort():
    lowered, dynamic = sjw_lists()
    r = data.by_id("therapies", "therapies")[SJW_RECORD]
    rows = [
        ["Levels or effect lowered (enzyme induction)", ", ".join(lowered), sources_in_words.labels(r["sources"])],
        ["Pharmacodynamic (serotonergic) interactions", ", ".join(dynamic), sources_in_words.labels(r["sources"])],
        ["Serotonin syndrome listed in the drug facts", ", ".join(d["id"] for d in data.records("drugs", "drugs")
                                                      if serotonergic_in_drugs_file(d["id"])),
         "the product information of each drug"],
    ]
    return tables.html_table(rows, ["Kind", "Medicines in this course's facts", "Sources"],
                             caption="Task 6 explained: what this course's facts list")


# --- task 7: where interventions aim in the fear-avoidance cycle ------------------------------

TASK7_LINKS = ("fear->avoidance", "avoidance->disuse")


def _expected_cycle_targets() -> dict[str, set[str]]:
    return {link: set(fear_avoidance.targeting(link)) for link in TASK7_LINKS}


def show_interventions():
    rows = [[i.id, i.label, "; ".join(fear_avoidance.link_label(t) for t in i.targets)]
            for i in fear_avoidance.INTERVENTIONS]
    return tables.html_table(rows, ["Id", "Intervention", "Links it is meant to weaken"],
                             caption="Task 7: interventions of the fear-avoidance explorer")


def check_cycle_targets(answers) -> core.Result:
    """Task 7: for each link, the set of intervention ids meant to weaken it."""
    task = "Task 7 (fear-avoidance targets)"
    if core.is_stub(answers):
        return core.unanswered(task, "a dict mapping each link to a set of intervention ids")
    want = _expected_cycle_targets()
    core.answer_keys("answers", answers, want, allow_extra=False)
    ids = {i.id for i in fear_avoidance.INTERVENTIONS}
    for link, v in answers.items():
        if isinstance(v, str) or not isinstance(v, (set, list, tuple)):
            raise TypeError(f"answers[{link!r}] must be a set of intervention ids, got {v!r}")
        unknown = set(v) - ids
        if unknown:
            raise ValueError(f"answers[{link!r}] has unknown id(s) {sorted(unknown)}; ids: {sorted(ids)}")
    for link in TASK7_LINKS:
        got = set(answers[link])
        if "medicines" in got:
            return core.wrong(task, f"{link}: medicines act on the injury → pain link, not on fear or "
                              "behaviour.")
        if got - want[link]:
            return core.wrong(task, f"{link}: {', '.join(sorted(got - want[link]))} aim(s) at other links.")
        if want[link] - got:
            return core.wrong(task, f"{link}: more than one intervention aims here; check every "
                              "intervention's targets.")
    return core.correct(task, "several approaches aim at the same links, and none at the nerve lesion "
                        "itself. Remember these are intended targets, not proven mechanisms.")
