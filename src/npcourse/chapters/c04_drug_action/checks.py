"""Chapter 4 exercises: the material each task shows, and its self-check.

Expected answers are computed from ``drugs.yml`` (through :mod:`npcourse.models.drugs`) and from the
NNT arithmetic in :mod:`npcourse.models.drugs`, never typed here, so a corrected value in the data
file changes the expected answer with it. The trial counts are SYNTHETIC (invented).
"""

from __future__ import annotations

import math

from npcourse import validate
from npcourse.chapters.c04_drug_action.figures import SITE_LABELS, menu_label
from npcourse.facts import schemas
from npcourse.marking import core
from npcourse.models import drugs
from npcourse.ui import tables

__all__ = [
    "OBJECTIVES", "SYNTHETIC", "SITES", "SITE_TASK", "TARGET_TASK", "TRIAL", "PLACEBO_P_DRUG", "PLACEBO_RATES",
    "NSAID_OPTIONS", "show_sites", "check_sites", "target_options", "show_targets", "check_targets", "show_trial",
    "check_nnt_nnh", "check_nnt_ci", "check_forest", "check_first_line", "check_placebo", "show_nsaid_options",
    "check_nsaids"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_sites": "ch04-lo1",
    "check_targets": "ch04-lo1",
    "check_nsaids": "ch04-lo2",
    "check_nnt_nnh": "ch04-lo3",
    "check_nnt_ci": "ch04-lo3",
    "check_forest": "ch04-lo3",
    "check_placebo": "ch04-lo3",
    "check_first_line": "ch04-lo4",
}

SYNTHETIC = "SYNTHETIC trial (invented numbers, not a real study)"
SITES = list(schemas.SITES["enum"])

# Task 1: place these drugs on the pathway.
SITE_TASK = ["lidocaine-plaster", "pregabalin", "duloxetine", "tramadol", "botulinum-toxin-a"]
# Task 2: match these drugs to their molecular target.
TARGET_TASK = ["pregabalin", "duloxetine", "capsaicin-patch", "ketamine", "strong-opioids"]
# Tasks 4 and 5: the invented trial of exercise ex-ch04-1 (provenance/04-notes.md, section 6).
TRIAL = {
    "responders": {"drug": 66, "placebo": 40},
    "withdrawals": {"drug": 30, "placebo": 10},
    "group_size": {"drug": 200, "placebo": 200},
}
# Task 7: one drug's responder rate and a rising placebo response (quiz ch04-q11 uses two).
PLACEBO_P_DRUG = 0.45
PLACEBO_RATES = (0.20, 0.25, 0.30, 0.35, 0.40)
# Task 8: why NSAIDs do little (the chapter, section "Why neuropathic pain needs different
# medicines"). Exactly one option is right.
NSAID_OPTIONS = {
    "a": "NSAIDs cannot reach the nervous system, because they are not absorbed into the blood.",
    "b": "NSAIDs mainly block cyclo-oxygenase and so reduce prostaglandins that sensitise "
         "nociceptors in inflamed tissue; neuropathic pain is driven by the damaged nerve itself, "
         "and trials have not shown that NSAIDs help it.",
    "c": "NSAIDs work, but people with neuropathic pain tend to exaggerate their pain, so they "
         "report no benefit.",
    "d": "NSAIDs block the same sodium channels as carbamazepine, but too weakly to matter.",
}
_NSAID_ANSWER = "b"


def _ids_answer(name: str, value, allowed) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise TypeError(f"{name} must be a list of drug ids, got {type(value).__name__} {value!r}")
    out = []
    for i, v in enumerate(value):
        if not isinstance(v, str):
            raise TypeError(f"{name}[{i}] must be a drug id string, got {v!r}")
        out.append(validate.choice(f"{name}[{i}]", v.strip().lower(), allowed))
    return out


def _id_answer(name: str, value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a drug id string, got {type(value).__name__} {value!r}")
    return validate.choice(name, value.strip().lower(), drugs.drug_ids())


# --- task 1: sites -------------------------------------------------------------------------

def show_sites():
    """Task 1: the site slugs to choose from, and the drugs to place."""
    rows = [[slug, label] for slug, label in SITE_LABELS.items()]
    drugs_list = ", ".join(f"{i} ({drugs.drug(i)['name']})" for i in SITE_TASK)
    return tables.html_table(rows, ["Site (use as value)", "Place on the pathway"],
                             caption=f"Task 1: sites to choose from; drugs to place: {drugs_list}")


def _expected_sites() -> dict[str, set[str]]:
    return {i: set(drugs.drug(i)["sites"]) for i in SITE_TASK}


def check_sites(sites) -> core.Result:
    """Task 1: for each drug id of ``SITE_TASK``, the list of sites where it acts."""
    task = "Task 1 (sites of action)"
    if core.is_stub(sites):
        return core.unanswered(task, "a dict mapping each drug id to a list of sites")
    core.answer_keys("sites", sites, SITE_TASK, allow_extra=False)
    got = {}
    for k, v in sites.items():
        if isinstance(v, str) or not isinstance(v, (list, tuple, set, frozenset)):
            raise TypeError(f"sites[{k!r}] must be a list of sites, got {v!r}")
        got[k] = {validate.choice(f"sites[{k!r}]", str(s).strip().lower(), SITES) for s in v}
    want = _expected_sites()
    bad = []
    for k in SITE_TASK:
        if got[k] != want[k]:
            parts = []
            if want[k] - got[k]:
                parts.append(f"{len(want[k] - got[k])} site(s) missing")
            if got[k] - want[k]:
                parts.append(f"{len(got[k] - want[k])} site(s) too many")
            bad.append(f"{k} ({', '.join(parts)})")
    if bad:
        return core.wrong(task, "look again at " + "; ".join(bad) + ". Use the site map in the "
                          "chapter: choose each drug and note every box that lights up.")
    multi = [k for k in SITE_TASK if len(want[k]) > 1]
    return core.correct(task, "every site is right. Drugs acting at more than one level: "
                        + (", ".join(multi) or "none") + ".")


# --- task 2: targets -----------------------------------------------------------------------

def target_options() -> dict[str, str]:
    """Letter → molecular target, for the drugs of ``TARGET_TASK`` (sorted, from the data)."""
    targets = sorted({drugs.drug(i)["target"] for i in TARGET_TASK}, key=str.lower)
    return {chr(ord("A") + n): t for n, t in enumerate(targets)}


def show_targets():
    """Task 2: the lettered targets and the drugs to match."""
    rows = [[k, v] for k, v in target_options().items()]
    drugs_list = ", ".join(f"{i} ({drugs.drug(i)['name']})" for i in TARGET_TASK)
    return tables.html_table(rows, ["Letter", "Molecular target"],
                             caption=f"Task 2: targets to match with {drugs_list}")


def _expected_targets() -> dict[str, str]:
    letter_of = {v: k for k, v in target_options().items()}
    return {i: letter_of[drugs.drug(i)["target"]] for i in TARGET_TASK}


def check_targets(targets) -> core.Result:
    """Task 2: for each drug id of ``TARGET_TASK``, the letter of its molecular target."""
    task = "Task 2 (molecular targets)"
    if core.is_stub(targets):
        return core.unanswered(task, "a dict mapping each drug id to a letter")
    letters = [k.lower() for k in target_options()]
    got = core.answer_labels("targets", targets, TARGET_TASK, letters)
    want = {k: v.lower() for k, v in _expected_targets().items()}
    bad = [k for k in TARGET_TASK if got[k] != want[k]]
    if bad:
        return core.wrong(task, f"{len(bad)} match(es) need another look: {', '.join(bad)}. The "
                          "sections of the chapter on each class name the target.")
    return core.correct(task, "all matched. Each target explains where the drug acts.")


# --- task 3: NNT and NNH -------------------------------------------------------------------

def trial_counts() -> dict:
    """The invented trial's counts as a dict (for the optional plot): responders, withdrawals, group sizes."""
    return {k: dict(v) for k, v in TRIAL.items()}


def show_trial():
    """Tasks 3 and 4: the invented trial's counts."""
    t = TRIAL
    rows = [[arm.capitalize(), t["group_size"][arm], t["responders"][arm],
             t["withdrawals"][arm]] for arm in ("drug", "placebo")]
    return tables.html_table(
        rows, ["Group", "People randomised", "At least 50% pain relief",
               "Stopped because of adverse effects"],
        caption=f"Tasks 3 and 4: {SYNTHETIC}, 12 weeks, painful diabetic neuropathy")


def _expected_nnt(method: str = "newcombe") -> drugs.NumberNeeded:
    t = TRIAL
    return drugs.number_needed(t["responders"]["drug"], t["group_size"]["drug"],
                               t["responders"]["placebo"], t["group_size"]["placebo"], method=method)


def _expected_nnh() -> drugs.NumberNeeded:
    t = TRIAL
    return drugs.number_needed(t["withdrawals"]["drug"], t["group_size"]["drug"],
                               t["withdrawals"]["placebo"], t["group_size"]["placebo"])


def _number_ok(value: float, want: drugs.NumberNeeded) -> bool:
    return core.close(value, want.estimate, rel=0.01) or value == want.rounded_up


def _number_hint(value: float, want: drugs.NumberNeeded, counts: dict, what: str) -> str:
    t = TRIAL
    size_d, size_p = t["group_size"]["drug"], t["group_size"]["placebo"]
    ratio = (counts["drug"] / size_d) / (counts["placebo"] / size_p)
    if core.close(value, want.difference, rel=0.01):
        return f"that is the difference in proportions; the {what} is its reciprocal (1 ÷ it)."
    if core.close(value, 1 / (counts["drug"] - counts["placebo"]), rel=0.01) or core.close(
            value, counts["drug"] - counts["placebo"], rel=0.01):
        return "use proportions (count ÷ group size), not the raw counts."
    if core.close(value, ratio, rel=0.01) or core.close(value, 1 / ratio, rel=0.01):
        return "use the absolute difference between the proportions, not their ratio."
    return f"{what} = 1 ÷ (proportion on the drug − proportion on placebo)."


def check_nnt_nnh(nnt, nnh) -> core.Result:
    """Task 3: NNT (responders) and NNH (withdrawals) of the invented trial."""
    task = "Task 3 (NNT and NNH)"
    if core.is_stub(nnt) or core.is_stub(nnh):
        return core.unanswered(task, "two numbers: the NNT and the NNH")
    a = core.answer_number("nnt", nnt)
    b = core.answer_number("nnh", nnh)
    want_t, want_h = _expected_nnt(), _expected_nnh()
    if _number_ok(b, want_t) and _number_ok(a, want_h) and not _number_ok(a, want_t):
        return core.wrong(task, "NNT and NNH look swapped: the NNT uses the responders, the NNH "
                          "the people who stopped because of adverse effects.")
    if not _number_ok(a, want_t):
        return core.wrong(task, "NNT: " + _number_hint(a, want_t, TRIAL["responders"], "NNT"))
    if not _number_ok(b, want_h):
        return core.wrong(task, "NNH: " + _number_hint(b, want_h, TRIAL["withdrawals"], "NNH"))
    return core.correct(task, f"NNT {want_t.estimate:.1f} (about {want_t.rounded_up}), NNH "
                        f"{want_h.estimate:.1f}: benefit for one in {want_t.rounded_up} against "
                        f"a dropout for one in {want_h.rounded_up}.")


# --- task 4: the NNT's confidence interval -------------------------------------------------

def check_nnt_ci(low, high) -> core.Result:
    """Task 4: the 95% CI of the NNT by hand (Wald interval of the risk difference, inverted).

    The by-hand method of the task is the Wald interval; Newcombe's interval (what
    drugs.number_needed gives) is also accepted and named as such.
    """
    task = "Task 4 (95% CI of the NNT)"
    if core.is_stub(low) or core.is_stub(high):
        return core.unanswered(task, "the lower and the upper limit of the NNT's 95% CI")
    lo = core.answer_number("low", low)
    hi = core.answer_number("high", high)
    want = _expected_nnt("wald")
    ok = (core.close(lo, want.ci_low, rel=0.02), core.close(hi, want.ci_high, rel=0.02))
    score = _expected_nnt()
    if core.close(lo, score.ci_low, rel=0.02) and core.close(hi, score.ci_high, rel=0.02):
        return core.correct(task, f"{score.ci_low:.1f} to {score.ci_high:.1f}: Newcombe's interval, "
                            "as drugs.number_needed gives it. The by-hand Wald method gives "
                            f"{want.ci_low:.1f} to {want.ci_high:.1f}.")
    if all(ok):
        return core.correct(task, f"{want.ci_low:.1f} to {want.ci_high:.1f}. The interval is "
                            "lopsided around the estimate because the NNT is a reciprocal.")
    if core.close(lo, want.ci_high, rel=0.02) and core.close(hi, want.ci_low, rel=0.02):
        return core.wrong(task, "the limits are swapped: inverting turns the upper limit of the "
                          "difference into the lower limit of the NNT.")
    if core.close(lo, want.difference_low, rel=0.02) or core.close(hi, want.difference_high,
                                                                   rel=0.02):
        return core.wrong(task, "those are limits of the risk difference: invert them (1 ÷ each) "
                          "and exchange them.")
    if lo >= hi:
        return core.wrong(task, "the lower limit must be smaller than the upper limit.")
    return core.wrong(task, "difference ± 1.96 × standard error, with the standard error "
                      "√(p1(1 − p1)/n1 + p0(1 − p0)/n0); then invert and exchange the two limits.")


# --- task 5: reading the forest plot -------------------------------------------------------

def _class_ids(measure: str, pick) -> set[str]:
    """Ids of the records sharing the class value chosen by ``pick`` over effects_table rows."""
    eff = drugs.effects_table(measure)
    row = pick(eff)
    same = eff[(eff["drug_class"] == row["drug_class"]) & (eff["estimate"] == row["estimate"])]
    return set(same["id"])


def _expected_forest() -> dict[str, set[str]]:
    """Accepted ids for the lowest NNT, the widest NNT CI and the most dropouts (lowest NNH)."""
    def lowest(e):
        return e.loc[e["estimate"].idxmin()]

    def widest(e):
        return e.loc[(e["ci_high"] - e["ci_low"]).idxmax()]

    return {"lowest_nnt": _class_ids("nnt", lowest), "widest_nnt_ci": _class_ids("nnt", widest),
            "most_dropouts": _class_ids("nnh", lowest)}


def check_forest(lowest_nnt, widest_nnt_ci, most_dropouts) -> core.Result:
    """Task 5: three readings of the forest plot, each answered with a drug id."""
    task = "Task 5 (reading the forest plot)"
    if any(core.is_stub(v) for v in (lowest_nnt, widest_nnt_ci, most_dropouts)):
        return core.unanswered(task, "three drug ids")
    got = {"lowest_nnt": _id_answer("lowest_nnt", lowest_nnt),
           "widest_nnt_ci": _id_answer("widest_nnt_ci", widest_nnt_ci),
           "most_dropouts": _id_answer("most_dropouts", most_dropouts)}
    want = _expected_forest()
    nnt = drugs.effects_table("nnt")
    nnh = drugs.effects_table("nnh")
    if got["lowest_nnt"] not in want["lowest_nnt"]:
        highest = set(nnt.loc[nnt["estimate"] == nnt["estimate"].max(), "id"])
        if got["lowest_nnt"] in highest:
            return core.wrong(task, "lowest_nnt: that is the largest NNT. A smaller NNT means "
                              "fewer people treated for one extra to benefit.")
        return core.wrong(task, "lowest_nnt: in the benefit view, find the point furthest to "
                          "the left.")
    if got["widest_nnt_ci"] not in want["widest_nnt_ci"]:
        return core.wrong(task, "widest_nnt_ci: compare the length of the lines (upper minus "
                          "lower limit) in the benefit view, not the position of the points.")
    if got["most_dropouts"] not in want["most_dropouts"]:
        largest = set(nnh.loc[nnh["estimate"] == nnh["estimate"].max(), "id"])
        if got["most_dropouts"] in largest:
            return core.wrong(task, "most_dropouts: a LARGE NNH means few dropouts. More dropouts "
                              "means fewer people treated per extra dropout.")
        return core.wrong(task, "most_dropouts: in the harm view, find the smallest NNH.")
    return core.correct(task, "right. Remember that a very small NNT from a few small trials "
                        "deserves more doubt than a moderate one from many large trials.")


# --- task 6: first line in NeuPSIG 2015 ----------------------------------------------------

def _expected_first_line(guideline: str = "neupsig_2015") -> set[str]:
    t = drugs.lines_table()
    return set(t[(t["guideline"] == guideline) & (t["line"] == "first")]["id"])


def check_first_line(ids) -> core.Result:
    """Task 6: the ids of every drug that is first line in NeuPSIG 2015 (from the data)."""
    task = "Task 6 (first line in NeuPSIG 2015)"
    if core.is_stub(ids):
        return core.unanswered(task, "a list of drug ids")
    got = set(_ids_answer("ids", ids, drugs.drug_ids()))
    want = _expected_first_line()
    if got == want:
        return core.correct(task, f"{len(want)} drugs. Compare NICE CG173, which leaves some of "
                            "them to specialists.")
    if got == _expected_first_line("nice_2013"):
        return core.wrong(task, "that is the NICE CG173 list for non-specialists; the task asks "
                          "for NeuPSIG 2015.")
    missing, extra = len(want - got), len(got - want)
    parts = [f"{missing} missing" if missing else "", f"{extra} that are not first line"
             if extra else ""]
    return core.wrong(task, "; ".join(p for p in parts if p) + ". Filter drugs.lines_table() "
                      "for guideline 'neupsig_2015' and line 'first'.")


# --- task 7: placebo response --------------------------------------------------------------

def check_placebo(nnts) -> core.Result:
    """Task 7: the NNT for each placebo response rate in ``PLACEBO_RATES``."""
    task = "Task 7 (placebo response and the NNT)"
    if core.is_stub(nnts):
        return core.unanswered(task, "a dict mapping each placebo rate to its NNT")
    core.answer_keys("nnts", nnts, PLACEBO_RATES)
    got = {r: core.answer_number(f"nnts[{r!r}]", nnts[r]) for r in PLACEBO_RATES}
    want = {r: drugs.nnt_from_proportions(PLACEBO_P_DRUG, r) for r in PLACEBO_RATES}
    bad = [r for r in PLACEBO_RATES if not core.close(got[r], want[r], rel=0.01)]
    if bad:
        r = bad[0]
        if core.close(got[r], PLACEBO_P_DRUG - r, rel=0.01):
            return core.wrong(task, "those are the differences; the NNT is 1 ÷ difference.")
        if core.close(got[r], math.ceil(want[r] - 1e-9)):
            return core.wrong(task, "give the exact values here (do not round up), so the trend "
                              "is visible.")
        return core.wrong(task, f"look again at placebo rate(s) {', '.join(map(str, bad))}: "
                          f"NNT = 1 ÷ ({PLACEBO_P_DRUG} − placebo rate).")
    first, last = PLACEBO_RATES[0], PLACEBO_RATES[-1]
    return core.correct(task, f"the NNT rises from {want[first]:.1f} to {want[last]:.1f} although "
                        "the drug's own response rate never changes.")


# --- task 8: NSAIDs ------------------------------------------------------------------------

def show_nsaid_options():
    """Task 8: the options."""
    nsaid = drugs.drug("nsaids")
    rows = [[k, v] for k, v in NSAID_OPTIONS.items()]
    return tables.html_table(rows, ["Option", "Statement"],
                             caption=f"Task 8: why do {menu_label(nsaid)} do little for "
                                     "neuropathic pain?")


def check_nsaids(answer) -> core.Result:
    """Task 8: the letter of the best explanation."""
    task = "Task 8 (why NSAIDs do little)"
    if core.is_stub(answer):
        return core.unanswered(task, "a letter, e.g. \"a\"")
    if not isinstance(answer, str):
        raise TypeError(f"answer must be a letter string, got {type(answer).__name__} {answer!r}")
    a = validate.choice("answer", answer.strip().lower(), NSAID_OPTIONS)
    if a == _NSAID_ANSWER:
        target = drugs.drug("nsaids")["target"]
        return core.correct(task, f"their target ({target}) serves inflammatory pain. Lack of "
                            "response says nothing about how genuine the pain is.")
    hints = {
        "a": "NSAIDs are well absorbed; the issue is what they act on, not whether they get in.",
        "c": "that is the common misconception the chapter warns about.",
        "d": "NSAIDs are not sodium-channel blockers: check their target in the drug data.",
    }
    return core.wrong(task, hints.get(a, "reread the first section of the chapter."))
