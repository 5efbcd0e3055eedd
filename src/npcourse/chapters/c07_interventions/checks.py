"""Chapter 7 exercises: the material each task shows, and its self-check.

Expected answers are computed by the models (:mod:`.responders`,
:mod:`.stepped_care`, :mod:`.selection`) from ``trials.yml`` and the counts
below, never typed as answers. Every person is fictional.

Arm-level counts are not in ``trials.yml`` (its schema holds proportions only), so the few this
chapter's tasks need are kept here, each with its source and how it was obtained.
"""

from __future__ import annotations

import math

from npcourse import validate
from npcourse.chapters.c07_interventions import responders, selection, stepped_care
from npcourse.marking import core
from npcourse.ui import sources, tables

__all__ = [
    "OBJECTIVES", "SENZA_PDN", "SMALL_TRIALS", "BIAS", "PEOPLE", "REFERRALS", "show_senza_pdn", "ANALYSIS_KEYS",
    "check_responder_analysis", "check_everyone_randomised", "small_trial_counts", "show_small_trials",
    "check_small_trials", "FEATURES", "trials_with_results", "show_trial_records", "show_trial_proportions",
    "check_bias_features",
    "check_open_label_bias", "CHART_KEYS", "check_trial_chart", "show_people", "check_ladder", "show_referrals",
    "check_referrals"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_responder_analysis": "ch07-lo4",
    "check_everyone_randomised": "ch07-lo4",
    "check_small_trials": "ch07-lo4",
    "check_bias_features": "ch07-lo4",
    "check_open_label_bias": "ch07-lo4",
    "check_trial_chart": "ch07-lo3",
    "check_ladder": "ch07-lo1",
    "check_referrals": "ch07-lo5",
}

# Tasks 1 and 2: SENZA-PDN, primary end point at 3 months. The analysed counts (75 of 95 vs 5 of
# 94; RD 73.6%, 95% CI 64.2 to 83.0) were read in a news summary quoting the paper
# (petersen2021senzapdn), not in the paper itself; the numbers randomised (113 vs 103) are from
# reuters2021senzapdn. 79% and 5% agree with trials.yml (tested).
SENZA_PDN = {
    "trial_id": "senza-pdn",
    "analysed": {"scs": (75, 95), "cmm": (5, 94)},
    "randomised": {"scs": 113, "cmm": 103},
    "published_rd": (0.736, 0.642, 0.830),
    "sources": ("petersen2021senzapdn", "reuters2021senzapdn"),
}
# Task 3: group sizes read in the abstracts (book/references.bib notes of the two keys); the
# responder counts are NOT reported there and are recovered from the rounded percentages in
# trials.yml with responders.counts_from_percent (only one whole number fits each).
SMALL_TRIALS = {
    "slangen-2014": {"n_treatment": 22, "n_control": 14, "sources": ("slangen2014pdn",)},
    "pns-deer-2016": {"n_treatment": 45, "n_control": 49, "sources": ("deer2016pns",)},
}
# Task 5: an assumed expectation effect in the device arm (a proportion: 10 percentage points).
BIAS = 0.10
# Task 7: fictional people, described in show_people().
PEOPLE = {
    "Amir": {"text": "Classical trigeminal neuralgia; carbamazepine controlled the attacks but "
                     "made him too unsteady, so it was stopped. Attacks severe.",
             "response": "one-class-failed", "severity": "severe",
             "diagnosis": "classical-trigeminal-neuralgia", "radicular": False},
    "Bea": {"text": "Painful diabetic neuropathy for 2 years; duloxetine, pregabalin and the two "
                    "together did not help. Pain averages 75 mm on a 0–100 mm scale.",
            "response": "several-failed", "severity": "severe", "diagnosis": "other",
            "radicular": False},
    "Carl": {"text": "Painful diabetic neuropathy for 2 years; the same three drug trials failed. "
                     "Pain averages 35 mm.",
             "response": "several-failed", "severity": "mild-to-moderate", "diagnosis": "other",
             "radicular": False},
    "Femi": {"text": "Lumbar radicular leg pain (sciatica) for 10 weeks; amitriptyline was not "
                     "tolerated. Pain averages 60 mm (severe).",
             "response": "one-class-failed", "severity": "severe", "diagnosis": "other",
             "radicular": True},
    "Eli": {"text": "Carpal tunnel syndrome just diagnosed, nothing tried yet; severe symptoms.",
            "response": "not-yet-tried", "severity": "severe", "diagnosis": "carpal-tunnel-syndrome",
            "radicular": False},
    "Dana": {"text": "Carpal tunnel syndrome just diagnosed, nothing tried yet; mild symptoms at "
                     "night.",
             "response": "not-yet-tried", "severity": "mild-to-moderate",
             "diagnosis": "carpal-tunnel-syndrome", "radicular": False},
}
# Task 8: fictional referrals for implanted stimulation (answers of selection.QUESTIONS; missing
# answers take selection.DEFAULTS, a person who meets every criterion).
REFERRALS = {
    "Gwen": {"pain_mm": 45},
    "Hari": {"psych_flag": True},
    "Ines": {"months": 4},
    "Jon": {"ischaemic": True},
    "Kim": {"diagnosis": "possible"},
    "Lena": {"head_implant": True},
    "Moses": {"screening_trial": "below-50"},
}


# --- tasks 1 and 2: SENZA-PDN --------------------------------------------------------------

def show_senza_pdn():
    s = SENZA_PDN
    rows = [[arm, s["randomised"][key], s["analysed"][key][1], s["analysed"][key][0]]
            for arm, key in (("10 kHz SCS + conventional medical management", "scs"),
                             ("Conventional medical management", "cmm"))]
    return tables.html_table(rows, ["Group", "Randomised", "In the primary analysis",
                                    "Responders at 3 months"],
                             caption="Tasks 1 and 2: SENZA-PDN, primary end point "
                                     f"({sources.labels(s['sources'])})")


def _expected_senza() -> responders.ResponderAnalysis:
    (a, n1), (c, n0) = SENZA_PDN["analysed"]["scs"], SENZA_PDN["analysed"]["cmm"]
    return responders.analyse(a, n1, c, n0)


ANALYSIS_KEYS = ("rd", "rd_low", "rd_high", "nnt", "nnt_low", "nnt_high")


def check_responder_analysis(answer) -> core.Result:
    """Task 1: RD and NNT with their 95% CIs from the analysed counts of SENZA-PDN."""
    task = "Task 1 (SENZA-PDN responder analysis)"
    if core.is_stub(answer):
        return core.unanswered(task, f"a dict with the keys {', '.join(ANALYSIS_KEYS)}")
    core.answer_keys("answer", answer, ANALYSIS_KEYS)
    got = {k: core.answer_number(f"answer[{k!r}]", answer[k]) for k in ANALYSIS_KEYS}
    w = _expected_senza()
    want = {"rd": w.risk_difference, "rd_low": w.rd_low, "rd_high": w.rd_high, "nnt": w.nnt,
            "nnt_low": w.nnt_low, "nnt_high": w.nnt_high}
    tol = {"rd": 0.005, "rd_low": 0.005, "rd_high": 0.005, "nnt": 0.05, "nnt_low": 0.05, "nnt_high": 0.05}
    bad = [k for k in ANALYSIS_KEYS if not core.close(got[k], want[k], rel=0, abs_tol=tol[k])]
    if not bad:
        lo, hi = SENZA_PDN["published_rd"][1:]
        return core.correct(task, f"RD {w.risk_difference:.3f} ({w.rd_low:.3f} to {w.rd_high:.3f}), "
                            f"NNT {w.nnt:.2f} ({w.nnt_low:.2f} to {w.nnt_high:.2f}). The reported "
                            f"interval was {lo:.1%} to {hi:.1%}, a simple (Wald) interval; Newcombe's "
                            "interval used here is a little lower and never leaves −100 % to 100 %.")
    rd_keys = ("rd", "rd_low", "rd_high")
    if all(core.close(got[k], 100 * want[k], rel=0.01) for k in rd_keys):
        return core.wrong(task, "give the risk difference as a proportion (0 to 1), not in percent.")
    if (core.close(got["nnt_low"], want["nnt_high"], rel=0, abs_tol=0.05)
            and core.close(got["nnt_high"], want["nnt_low"], rel=0, abs_tol=0.05)):
        return core.wrong(task, "the NNT limits are swapped: 1 ÷ (upper RD limit) is the LOWER NNT "
                          "limit.")
    r = SENZA_PDN["randomised"]
    (a, _), (c, _) = SENZA_PDN["analysed"]["scs"], SENZA_PDN["analysed"]["cmm"]
    itt = responders.analyse(a, r["scs"], c, r["cmm"])
    if core.close(got["rd"], itt.risk_difference, rel=0, abs_tol=0.005):
        return core.wrong(task, "use the people in the primary analysis as denominators here (task "
                          "2 uses everyone randomised).")
    if w.relative_risk is not None and core.close(got["nnt"], 1 / w.relative_risk, rel=0.02):
        return core.wrong(task, "the NNT is 1 ÷ the risk DIFFERENCE, not 1 ÷ the relative risk.")
    return core.wrong(task, f"look again at {', '.join(bad)}: responders.analyse(responders_treatment, "
                      "n_treatment, responders_control, n_control) gives all six.")


def _expected_everyone() -> float:
    (a, _), (c, _) = SENZA_PDN["analysed"]["scs"], SENZA_PDN["analysed"]["cmm"]
    r = SENZA_PDN["randomised"]
    return responders.analyse(a, r["scs"], c, r["cmm"]).nnt


def check_everyone_randomised(nnt) -> core.Result:
    """Task 2: the NNT when everyone randomised but not analysed counts as a non-responder."""
    task = "Task 2 (counting everyone randomised)"
    if core.is_stub(nnt):
        return core.unanswered(task, "one number: the NNT")
    got = core.answer_number("nnt", nnt)
    want = _expected_everyone()
    if core.close(got, want, rel=0, abs_tol=0.02):
        return core.correct(task, f"NNT {want:.2f} instead of {_expected_senza().nnt:.2f}: the "
                            "people left out of an analysis can change a result, which is why it "
                            "matters who is in the denominator.")
    if core.close(got, _expected_senza().nnt, rel=0, abs_tol=0.02):
        return core.wrong(task, "that is the NNT among the people analysed; divide the same "
                          "responders by the numbers RANDOMISED.")
    (a, n1), (c, n0) = SENZA_PDN["analysed"]["scs"], SENZA_PDN["analysed"]["cmm"]
    r = SENZA_PDN["randomised"]
    as_responders = responders.analyse(a + r["scs"] - n1, r["scs"], c + r["cmm"] - n0, r["cmm"]).nnt
    if core.close(got, as_responders, rel=0, abs_tol=0.02):
        return core.wrong(task, "count the people not analysed as NON-responders: the numbers of "
                          "responders stay the same, only the denominators grow.")
    return core.wrong(task, "keep the responder counts, use the numbers randomised as group sizes, "
                      "then NNT = 1 ÷ difference in proportions.")


# --- task 3: small trials, wide intervals --------------------------------------------------

def small_trial_counts(trial_id: str) -> tuple[int, int, int, int]:
    """(responders, n, responders, n) recovered from trials.yml's percentages and the sizes."""
    t = responders.trial(trial_id)
    s = SMALL_TRIALS[trial_id]
    a = responders.counts_from_percent(round(100 * t["intervention_value"]), s["n_treatment"])
    c = responders.counts_from_percent(round(100 * t["comparator_value"]), s["n_control"])
    return a, s["n_treatment"], c, s["n_control"]


def show_small_trials():
    rows = []
    for tid, s in SMALL_TRIALS.items():
        t = responders.trial(tid)
        rows.append([t["name"], s["n_treatment"], f"{round(100 * t['intervention_value'])}%",
                     s["n_control"], f"{round(100 * t['comparator_value'])}%", t["outcome"],
                     sources.labels(s["sources"])])
    return tables.html_table(rows, ["Trial (use the id as key)", "Device arm (n)", "Responders",
                                    "Control arm (n)", "Responders", "Outcome", "Sources"],
                             caption="Task 3: two small trials (percentages as reported, rounded)")


def _expected_small() -> dict[str, tuple[float, float]]:
    out = {}
    for tid in SMALL_TRIALS:
        r = responders.analyse(*small_trial_counts(tid))
        out[tid] = (r.nnt_low, r.nnt_high)
    return out


def check_small_trials(intervals) -> core.Result:
    """Task 3: the 95% CI of the NNT, (low, high), for each small trial."""
    task = "Task 3 (small trials, wide intervals)"
    if core.is_stub(intervals):
        return core.unanswered(task, "a dict mapping each trial id to (nnt_low, nnt_high)")
    core.answer_keys("intervals", intervals, SMALL_TRIALS)
    want = _expected_small()
    bad, swapped = [], []
    for tid, (lo, hi) in want.items():
        v = intervals[tid]
        if not isinstance(v, (tuple, list)) or len(v) != 2:
            raise TypeError(f"intervals[{tid!r}] must be a (low, high) pair of numbers, got {v!r}")
        g = [core.answer_number(f"intervals[{tid!r}]", x) for x in v]
        if core.close(g[0], lo, rel=0.03) and core.close(g[1], hi, rel=0.03):
            continue
        (swapped if core.close(g[0], hi, rel=0.03) and core.close(g[1], lo, rel=0.03) else bad).append(tid)
    if not bad and not swapped:
        widths = ", ".join(f"{tid}: {lo:.1f} to {hi:.1f}" for tid, (lo, hi) in want.items())
        return core.correct(task, f"{widths}. Small groups give wide intervals: the true NNT could "
                            "be several times the point estimate.")
    if swapped:
        return core.wrong(task, f"{', '.join(swapped)}: low and high are swapped.")
    return core.wrong(task, f"look again at {', '.join(bad)}: recover each count with "
                      "responders.counts_from_percent(percent, n), then responders.analyse(...).")


# --- task 4: risk-of-bias features ---------------------------------------------------------

FEATURES = ("blinded", "industry_funded", "active_comparator")


def trials_with_results() -> list[str]:
    df = responders.trials_table()
    return [r.id for r in df.itertuples() if not math.isnan(r.difference)]


def show_trial_records():
    rows = []
    for tid in trials_with_results():
        t = responders.trial(tid)
        rows.append([tid, t["name"], t["comparator"], t["blinding"], t["funding"], t["note"]])
    return tables.html_table(rows, ["Id (use as key)", "Trial", "Comparator", "Blinding", "Funding",
                                    "Note"], caption="Tasks 4 to 6: the key trials")


def show_trial_proportions():
    """Task 5: each trial's responder proportion in the device and the comparator arm."""
    rows = []
    for tid in trials_with_results():
        t = responders.trial(tid)
        rows.append([tid, t["name"], f'{t["intervention_value"]:g}', f'{t["comparator_value"]:g}'])
    return tables.html_table(rows, ["Id (use as key)", "Trial", "Device arm: proportion of responders",
                                    "Comparator arm: proportion of responders"],
                             caption="Task 5: responder proportions in the course's facts")


def _expected_features() -> dict[str, dict[str, bool]]:
    out = {}
    for tid in trials_with_results():
        t = responders.trial(tid)
        out[tid] = {"blinded": responders.blinding_label(t["blinding"]) == "double-blind",
                    "industry_funded": t["funding"] == "industry",
                    "active_comparator": responders.comparator_kind(t["comparator"]) == "active device"}
    return out


def check_bias_features(features) -> core.Result:
    """Task 4: for each trial, True/False for each of FEATURES, as the record states it."""
    task = "Task 4 (risk-of-bias features)"
    if core.is_stub(features):
        return core.unanswered(task, "a dict mapping each trial id to a dict of three True/False values")
    want = _expected_features()
    core.answer_keys("features", features, want)
    wrong_by_feature: dict[str, list[str]] = {f: [] for f in FEATURES}
    for tid, w in want.items():
        core.answer_keys(f"features[{tid!r}]", features[tid], FEATURES)
        for f in FEATURES:
            v = validate.boolean(f"features[{tid!r}][{f!r}]", features[tid][f])
            if v != w[f]:
                wrong_by_feature[f].append(tid)
    if not any(wrong_by_feature.values()):
        n_blind = sum(w["blinded"] for w in want.values())
        return core.correct(task, f"only {n_blind} of {len(want)} trials was double-blind, and none "
                            "compared the device with a sham.")
    hints = {
        "blinded": "'not reported' is not the same as blinded: only a record that says "
                   "'double-blind' counts",
        "industry_funded": "count only funding recorded as 'industry'; 'not reported' means we do "
                           "not know",
        "active_comparator": "an active comparator is another stimulator (the comparator text "
                             "names a kind of stimulation); usual care or a control group is not",
    }
    f = next(f for f in FEATURES if wrong_by_feature[f])
    return core.wrong(task, f"{f} for {', '.join(wrong_by_feature[f])}: {hints[f]}.")


# --- task 5: open-label bias ---------------------------------------------------------------

def _expected_bias() -> dict[str, float]:
    out = {}
    for tid in trials_with_results():
        t = responders.trial(tid)
        out[tid] = responders.nnt_with_bias(t["intervention_value"], t["comparator_value"], BIAS)
    return out


def check_open_label_bias(nnts) -> core.Result:
    """Task 5: each trial's NNT if BIAS of the device arm's responder proportion were expectation."""
    task = "Task 5 (open-label bias)"
    if core.is_stub(nnts):
        return core.unanswered(task, "a dict mapping each trial id to an NNT")
    want = _expected_bias()
    core.answer_keys("nnts", nnts, want)
    got = {k: core.answer_number(f"nnts[{k!r}]", nnts[k]) for k in want}
    bad = [k for k in want if not core.close(got[k], want[k], rel=0.01, abs_tol=0.02)]
    if not bad:
        worst = max(want, key=lambda k: want[k] / responders.trial_nnt(k))
        return core.correct(task, f"every NNT grows; {worst} changes most in proportion because its "
                            "difference was smallest to begin with.")
    original = {k: responders.trial_nnt(k) for k in want}
    if all(core.close(got[k], original[k], rel=0.01) for k in bad):
        return core.wrong(task, f"{', '.join(bad)}: those are the NNTs without any bias; subtract "
                          f"{BIAS} from the device arm's proportion first.")
    added = {}
    for k in want:
        t = responders.trial(k)
        added[k] = 1 / (t["intervention_value"] + BIAS - t["comparator_value"])
    if all(core.close(got[k], added[k], rel=0.01) for k in bad):
        return core.wrong(task, "the bias inflated the device arm, so REMOVE it: subtract it from "
                          "the device arm's proportion.")
    return core.wrong(task, f"look again at {', '.join(bad)}: NNT = 1 ÷ ((device proportion − "
                      f"{BIAS}) − comparator proportion), with proportions between 0 and 1.")


# --- task 6: reading the trial-outcomes chart ----------------------------------------------

CHART_KEYS = ("double_blind", "active_comparator", "largest_difference", "not_plotted")


def _expected_chart() -> dict[str, set[str]]:
    df = responders.trials_table()
    valued = df[~df["difference"].isna()]
    return {
        "double_blind": set(df.loc[df["blinding_label"] == "double-blind", "id"]),
        "active_comparator": set(df.loc[df["comparator_kind"] == "active device", "id"]),
        "largest_difference": set(valued.loc[valued["difference"] == valued["difference"].max(), "id"]),
        "not_plotted": set(df.loc[df["difference"].isna(), "id"]),
    }


def _id_set(name: str, value) -> set[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple, set)) or not all(isinstance(i, str) for i in items):
        raise TypeError(f"{name} must be a trial id or a list of trial ids, got {value!r}")
    known = {t["id"] for t in responders.trials()}
    unknown = sorted(set(items) - known)
    if unknown:
        raise ValueError(f"{name} has unknown trial id(s) {', '.join(map(repr, unknown))}; "
                         f"known: {', '.join(sorted(known))}")
    return set(items)


def check_trial_chart(answers) -> core.Result:
    """Task 6: trial ids read from the trial-outcomes chart (each a list of ids)."""
    task = "Task 6 (reading the trial-outcomes chart)"
    if core.is_stub(answers):
        return core.unanswered(task, f"a dict with the keys {', '.join(CHART_KEYS)}")
    core.answer_keys("answers", answers, CHART_KEYS)
    got = {k: _id_set(f"answers[{k!r}]", answers[k]) for k in CHART_KEYS}
    want = _expected_chart()
    hints = {
        "double_blind": "read the Blinding column: 'not reported' is not double-blind",
        "active_comparator": "choose 'device versus another active device' in the chart's menu",
        "largest_difference": "compare the length of the lines, not where the circles sit",
        "not_plotted": "which row has text instead of a circle and a square?",
    }
    bad = [k for k in CHART_KEYS if got[k] != want[k]]
    if bad:
        return core.wrong(task, f"{bad[0]}: {hints[bad[0]]}.")
    return core.correct(task, "and no row compares the device with a sham.")


# --- task 7: the stepped-care ladder -------------------------------------------------------

def show_people():
    rows = [[name, p["text"]] for name, p in PEOPLE.items()]
    return tables.html_table(rows, ["Person (fictional)", "Description"],
                             caption="Task 7: where is each person on the ladder?")


def _expected_ladder() -> tuple[dict[str, int], dict[str, list[str]]]:
    rungs, surgery = {}, {}
    for name, p in PEOPLE.items():
        rungs[name] = stepped_care.highest_rung(p["response"], p["severity"], p["radicular"])
        surgery[name] = stepped_care.surgery_options(p["response"], p["severity"], p["diagnosis"])
    return rungs, surgery


def check_ladder(rungs, surgery) -> core.Result:
    """Task 7: highest ladder rung reasonable to discuss, and the cause-directed operations."""
    task = "Task 7 (placing people on the ladder)"
    if core.is_stub(rungs) or core.is_stub(surgery):
        return core.unanswered(task, "two dicts: person → highest rung, person → list of operation ids")
    core.answer_keys("rungs", rungs, PEOPLE)
    core.answer_keys("surgery", surgery, PEOPLE)
    want_r, want_s = _expected_ladder()
    got_r = {p: core.answer_number(f"rungs[{p!r}]", rungs[p]) for p in PEOPLE}
    got_s = {}
    for p in PEOPLE:
        v = surgery[p]
        if not isinstance(v, (list, tuple, set)) or not all(isinstance(i, str) for i in v):
            raise TypeError(f"surgery[{p!r}] must be a list of operation ids (possibly empty), got {v!r}")
        unknown = sorted(set(v) - {o.id for o in stepped_care.SURGERY})
        if unknown:
            raise ValueError(f"surgery[{p!r}] has unknown id(s) {', '.join(map(repr, unknown))}; known: "
                             f"{', '.join(o.id for o in stepped_care.SURGERY)}")
        got_s[p] = set(v)
    bad_r = [p for p in PEOPLE if got_r[p] != want_r[p]]
    if bad_r:
        p = bad_r[0]
        desc = PEOPLE[p]
        if got_r[p] > want_r[p] and got_r[p] >= 4:
            return core.wrong(task, f"{p}: implanted devices and pumps need BOTH several failed "
                              "options for 6 months or more AND severe pain.")
        if got_r[p] == 3 and want_r[p] < 3 and not desc["radicular"]:
            return core.wrong(task, f"{p}: rung 3 (epidural steroid injection) is for radicular "
                              "pain only.")
        return core.wrong(task, f"{', '.join(bad_r)}: check the response to earlier treatment and "
                          "the severity against each rung's rule.")
    bad_s = [p for p in PEOPLE if got_s[p] != set(want_s[p])]
    if bad_s:
        p = bad_s[0]
        if not want_s[p] and got_s[p]:
            return core.wrong(task, f"{p}: surgery needs the matching diagnosis, and for carpal "
                              "tunnel release either non-surgical treatment first or severe symptoms.")
        return core.wrong(task, f"{p}: cause-directed surgery sits OFF the ladder and can come before "
                          "the higher rungs when its own rule is met.")
    return core.correct(task, "surgery for a structural cause can come early; devices and pumps "
                        "come late, and only on top of earlier care.")


# --- task 8: referral checklist ------------------------------------------------------------

def show_referrals():
    rows = []
    for name, changes in REFERRALS.items():
        answers = {**selection.DEFAULTS, **changes}
        text = "; ".join(f"{selection.QUESTIONS[k][0]}: {answers[k]}" for k in selection.QUESTIONS)
        rows.append([name, text])
    return tables.html_table(rows, ["Person (fictional)", "Answers to the checklist"],
                             caption="Task 8: referrals for implanted stimulation")


def _expected_referrals() -> dict[str, str | None]:
    out = {}
    for name, answers in REFERRALS.items():
        blocking = selection.assess(answers).blocking
        if len(blocking) > 1:
            raise ValueError(f"REFERRALS[{name!r}] must have at most one blocking answer")
        out[name] = blocking[0] if blocking else None
    return out


def check_referrals(blockers) -> core.Result:
    """Task 8: the one answer that keeps each person from "discuss implant" (None if nothing)."""
    task = "Task 8 (referral checklist)"
    if core.is_stub(blockers):
        return core.unanswered(task, "a dict mapping each person to an answer id, or None")
    want = _expected_referrals()
    core.answer_keys("blockers", blockers, want)
    for name, v in blockers.items():
        if v is not None and v not in selection.QUESTIONS:
            raise ValueError(f"blockers[{name!r}] must be None or one of "
                             f"{', '.join(map(repr, selection.QUESTIONS))}; got {v!r}")
    bad = [p for p in want if blockers[p] != want[p]]
    if not bad:
        return core.correct(task, "a psychological flag means 'address first', not 'no'; a "
                            "contraindication to rTMS says nothing about an implant.")
    p = bad[0]
    if want[p] is None and blockers[p] == "psych_flag":
        return core.wrong(task, f"{p}: psychological factors predict less benefit and should be "
                          "addressed, but they are not an automatic exclusion.")
    if want[p] is None and blockers[p] == "head_implant":
        return core.wrong(task, f"{p}: that answer concerns another option (rTMS); it does not "
                          "block the implant.")
    if want[p] == "screening_trial" and blockers[p] is None:
        return core.wrong(task, f"{p}: NICE recommends spinal cord stimulation only after a "
                          "SUCCESSFUL trial of stimulation.")
    if want[p] is not None and blockers[p] is None:
        return core.wrong(task, f"{p}: one answer does fail a NICE or diagnostic criterion: compare "
                          "each answer with the rules.")
    return core.wrong(task, f"look again at {', '.join(bad)}: which single answer, changed, would "
                      "give 'discuss implant with the team'?")
