"""Chapter 9 exercises: the material each task shows, and its self-check.

Expected answers are computed with :mod:`npcourse.models.outcomes` from the SYNTHETIC diaries and
cohort of :mod:`.diaries` (seeded, computer-generated; nobody is real), never typed
here. Thresholds come from ``outcome_measures.yml``.
"""

from __future__ import annotations

from npcourse.chapters.c09_progress_and_team import diaries
from npcourse.marking import core
from npcourse.models import outcomes
from npcourse.ui import sources, tables

__all__ = [
    "OBJECTIVES", "SEED", "TASK_PATIENT", "FOLLOWUP_WEEK", "COHORT_SIZE", "PERCENTS", "task_diary", "all_diaries",
    "cohort", "check_baseline", "check_change", "show_benchmark_task", "check_benchmarks", "check_responders",
    "check_concordance"
]

# The learning objective each task assesses (objectives.yml), for the instructor guide.
OBJECTIVES = {
    "check_baseline": "ch09-lo2",
    "check_change": "ch09-lo2",
    "check_benchmarks": "ch09-lo2",
    "check_responders": "ch09-lo3",
    "check_concordance": "ch09-lo3",
}

SEED = diaries.DEFAULT_SEED
TASK_PATIENT = "ben"          # tasks 1 and 2
FOLLOWUP_WEEK = diaries.WEEKS  # the week compared with baseline
COHORT_SIZE = 40
PERCENTS = outcomes.RESPONDER_PERCENTS  # (30, 50)


# --- material ------------------------------------------------------------------------------

def task_diary():
    """Tasks 1-2: the SYNTHETIC diary of one fictional patient (63 days)."""
    return diaries.diary(TASK_PATIENT, SEED)


def all_diaries():
    """Task 3: every fictional patient's SYNTHETIC diary."""
    return diaries.all_diaries(SEED)


def cohort():
    """Tasks 4-5: the SYNTHETIC cohort (baseline and week-8 means, PGIC answer)."""
    return diaries.cohort(COHORT_SIZE, SEED)


def _week_scores(df, week: int) -> list[int]:
    return df.loc[df["week"] == week, "score"].tolist()


# --- task 1: baseline ----------------------------------------------------------------------

def _expected_baseline() -> float:
    return outcomes.mean_score(_week_scores(task_diary(), 0))


def check_baseline(baseline) -> core.Result:
    """Task 1: the baseline, defined as the mean of the baseline week (days 1-7)."""
    task = "Task 1 (baseline)"
    if core.is_stub(baseline):
        return core.unanswered(task, "the baseline (a number on the 0-10 scale)")
    b = core.answer_number("baseline", baseline)
    want = _expected_baseline()
    if core.close(b, want, rel=0, abs_tol=0.01):
        return core.correct(task, f"baseline = {want:.2f}: the mean of the 7 scores before "
                            "treatment, steadier than any single day.")
    df = task_diary()
    week0 = _week_scores(df, 0)
    if any(core.close(b, v, rel=0, abs_tol=1e-9) for v in (week0[0], week0[-1])) and \
            not core.close(b, want, rel=0, abs_tol=0.01):
        return core.wrong(task, "that is one day's score; one day can be unusually good or bad. "
                          "Average the whole baseline week (days 1-7).")
    if core.close(b, float(df["score"].mean()), rel=0, abs_tol=0.01):
        return core.wrong(task, "that is the mean of the whole diary, treatment weeks included. "
                          "The baseline uses only the week before treatment (week 0).")
    sorted_week = sorted(week0)
    if core.close(b, float(sorted_week[len(sorted_week) // 2]), rel=0, abs_tol=1e-9):
        return core.wrong(task, "that looks like the median; the course defines the baseline as "
                          "the mean of the baseline week.")
    return core.wrong(task, "select the rows with week == 0 and take the mean of their scores.")


# --- task 2: change and percentage change --------------------------------------------------

def _expected_change() -> tuple[float, float]:
    df = task_diary()
    b = outcomes.mean_score(_week_scores(df, 0))
    f = outcomes.mean_score(_week_scores(df, FOLLOWUP_WEEK))
    return outcomes.change(b, f), outcomes.percent_change(b, f)


def check_change(change_points, percent_change) -> core.Result:
    """Task 2: change (week-8 mean − baseline) in points, and as a percentage of baseline."""
    task = "Task 2 (change from baseline)"
    if core.is_stub(change_points) or core.is_stub(percent_change):
        return core.unanswered(task, "the change in points and the percentage change")
    c = core.answer_number("change_points", change_points)
    p = core.answer_number("percent_change", percent_change)
    want_c, want_p = _expected_change()
    c_ok = core.close(c, want_c, rel=0, abs_tol=0.01)
    p_ok = core.close(p, want_p, rel=0, abs_tol=0.1)
    if c_ok and p_ok:
        return core.correct(task, f"change {want_c:+.2f} points, {want_p:+.1f}% (negative = "
                            "less pain).")
    df = task_diary()
    b = outcomes.mean_score(_week_scores(df, 0))
    f = outcomes.mean_score(_week_scores(df, FOLLOWUP_WEEK))
    if core.close(c, -want_c, rel=0, abs_tol=0.01) or core.close(p, -want_p, rel=0, abs_tol=0.1):
        return core.wrong(task, "check the sign: change = follow-up − baseline, so a fall in pain "
                          "is negative (the reduction is the same number without the minus).")
    if c_ok and core.close(p, want_p / 100, rel=0, abs_tol=0.001):
        return core.wrong(task, "the percentage is a fraction here: multiply by 100.")
    if c_ok and core.close(p, 100 * (f - b) / f, rel=0, abs_tol=0.1):
        return core.wrong(task, "divide by the baseline, not by the follow-up value.")
    last_day = float(df["score"].iloc[-1])
    if core.close(c, last_day - b, rel=0, abs_tol=0.01):
        return core.wrong(task, "that uses the last day only; compare the mean of the whole "
                          f"week {FOLLOWUP_WEEK} with the baseline.")
    if not c_ok:
        return core.wrong(task, f"change = mean of week {FOLLOWUP_WEEK} − baseline mean (week 0).")
    return core.wrong(task, "the change is right; percentage change = 100 × change / baseline.")


# --- task 3: IMMPACT benchmarks --------------------------------------------------------------

def _expected_benchmarks() -> dict[str, str]:
    df = all_diaries()
    out = {}
    for pid in diaries.patient_ids():
        d = df[df["patient"] == pid]
        b = outcomes.mean_score(_week_scores(d, 0))
        f = outcomes.mean_score(_week_scores(d, FOLLOWUP_WEEK))
        out[pid] = outcomes.benchmark(b, f)
    return out


def show_benchmark_task():
    """The levels and the thresholds they are read from."""
    rows = [[level, outcomes.threshold(tid)["statement"], sources.labels(outcomes.threshold(tid)["sources"])]
            for level, tid in outcomes.BENCHMARK_THRESHOLDS]
    rows += [["below minimal", "A reduction smaller than the minimal level (or no change).", "—"],
             ["worse", "Pain went up (the percentage change is positive).", "—"]]
    return tables.html_table(rows, ["Label", "Meaning", "Source"],
                             caption="Task 3: labels to use (IMMPACT benchmarks; the course "
                                     "counts 20-30% as minimal)")


def show_diary_weeks():
    """Tasks 1 and 2: Ben's daily scores, one row per week (0 = the baseline week)."""
    df = task_diary()
    rows = [[f"{week}" + (" (baseline)" if week == 0 else ""), ", ".join(str(int(v)) for v in g["score"])]
            for week, g in df.groupby("week")]
    return tables.html_table(rows, ["Week", "Daily pain scores (0-10 NRS)"],
                             caption="Tasks 1 and 2: Ben's synthetic pain diary")


def show_patient_means():
    """Task 3: each patient's mean score in the baseline week and in week 8 (two decimals)."""
    df = all_diaries()
    rows = []
    for patient, g in df.groupby("patient"):
        rows.append([patient, f'{g.loc[g["week"] == 0, "score"].mean():.2f}',
                     f'{g.loc[g["week"] == FOLLOWUP_WEEK, "score"].mean():.2f}'])
    return tables.html_table(rows, ["Patient (use as key)", "Baseline-week mean", f"Week-{FOLLOWUP_WEEK} mean"],
                             caption="Task 3: six synthetic diaries, baseline and follow-up means")


def cohort_by_reduction():
    """Task 4: the cohort with each person's percentage reduction, largest first, ranked from 1."""
    df = cohort().copy()
    df["reduction_percent"] = (100 * (df["baseline"] - df["followup"]) / df["baseline"]).round(1)
    df = df.sort_values("reduction_percent", ascending=False, kind="stable").reset_index(drop=True)
    df.index = df.index + 1
    df.index.name = "rank"
    return df[["person", "baseline", "followup", "reduction_percent", "pgic"]]


def show_agreement_table():
    """Task 5: responders at 30 % against a PGIC of much or very much improved, as counts."""
    df = cohort()
    responder = 100 * (df["baseline"] - df["followup"]) / df["baseline"] >= 30
    improved = df["pgic"].isin(["much improved", "very much improved"])
    rows = [["responder (at least 30 % less pain)", int((responder & improved).sum()),
             int((responder & ~improved).sum())],
            ["not a responder", int((~responder & improved).sum()), int((~responder & ~improved).sum())]]
    return tables.html_table(rows, ["", "much or very much improved", "not much improved"],
                             caption="Task 5: responders and the global impression of change, 40 synthetic people")


def _benchmark_hint(wrong: list[str]) -> str:
    pts = {pid: -c for pid, c in _changes().items()}
    hints = [f"look again at {', '.join(wrong)}: compute each percentage reduction from the week-0 "
             f"and week-{FOLLOWUP_WEEK} means and compare it with 50, 30 and 10%"]
    want = _expected_benchmarks()
    big = ("moderate", "substantial")
    if any(pts[p] >= 2 and want[p] not in big for p in wrong):
        hints.append("a fall of 2 points or more is not automatically 30%: with a high baseline it "
                     "is a smaller percentage")
    if any(0 < pts[p] < 1 and want[p] in big for p in wrong):
        hints.append("with a low baseline, less than 1 point can still be 30% or more")
    return "; ".join(hints) + "."


def _changes() -> dict[str, float]:
    df = all_diaries()
    out = {}
    for pid in diaries.patient_ids():
        d = df[df["patient"] == pid]
        out[pid] = (outcomes.mean_score(_week_scores(d, FOLLOWUP_WEEK))
                    - outcomes.mean_score(_week_scores(d, 0)))
    return out


def check_benchmarks(labels) -> core.Result:
    """Task 3: the IMMPACT benchmark of each fictional patient at week 8."""
    return core.check_labels(
        "Task 3 (clinically important change)", labels, _expected_benchmarks(),
        outcomes.BENCHMARKS, what="a dict mapping each patient id to a label",
        hint=_benchmark_hint,
        done="every label matches. Notice Dora (2 points, under 30%) and Eli (under 1 point, "
             "over 30%): points and percentages can disagree.", name="labels")


# --- task 4: responders in a cohort --------------------------------------------------------

def _expected_responders() -> dict[int, int]:
    c = cohort()
    return outcomes.responder_counts(c["baseline"], c["followup"], PERCENTS)


def check_responders(counts) -> core.Result:
    """Task 4: how many people in the cohort are responders at 30% and at 50%."""
    task = "Task 4 (responders at 30% and 50%)"
    if core.is_stub(counts):
        return core.unanswered(task, "a dict {30: count, 50: count}")
    core.answer_keys("counts", counts, PERCENTS, allow_extra=False)
    got = {p: core.answer_number(f"counts[{p}]", counts[p]) for p in PERCENTS}
    want = _expected_responders()
    if all(got[p] == want[p] for p in PERCENTS):
        return core.correct(task, f"{want[30]} of {COHORT_SIZE} at 30% and {want[50]} at 50%; "
                            "every 50% responder is also a 30% responder.")
    c = cohort()
    strict = {p: int(sum(outcomes.percent_reduction(b, f) > p + outcomes.EPS
                         for b, f in zip(c["baseline"], c["followup"], strict=True)))
              for p in PERCENTS}
    if all(got[p] == strict[p] for p in PERCENTS):
        return core.wrong(task, "a responder has a reduction of AT LEAST the threshold: someone at "
                          "exactly 30% or 50% counts (use >=, not >).")
    if all(core.close(got[p], want[p] / COHORT_SIZE, rel=0, abs_tol=0.005) for p in PERCENTS):
        return core.wrong(task, "give the number of people (a count), not the proportion.")
    if got[30] == want[50] and got[50] == want[30]:
        return core.wrong(task, "the two counts are swapped.")
    points = int(sum(b - f >= 2 - outcomes.EPS for b, f in zip(c["baseline"], c["followup"],
                                                              strict=True)))
    if got[30] == points and got[30] != want[30]:
        return core.wrong(task, "that counts falls of 2 points or more; the task asks for "
                          "percentage reductions: 100 × (baseline − follow-up) / baseline.")
    return core.wrong(task, "percentage reduction = 100 × (baseline − follow-up) / baseline; count "
                      "the people at or above 30, then at or above 50.")


# --- task 5: agreement with the PGIC --------------------------------------------------------

def _expected_concordance() -> float:
    c = cohort()
    return outcomes.concordance(c["baseline"], c["followup"], c["pgic"], 30).agreement


def check_concordance(agreement) -> core.Result:
    """Task 5: the proportion of people whose 30% responder status agrees with the PGIC
    ('much improved' or 'very much improved' = improved)."""
    task = "Task 5 (agreement with the PGIC)"
    if core.is_stub(agreement):
        return core.unanswered(task, "the proportion of people (0 to 1) on whom the two agree")
    a = core.answer_number("agreement", agreement)
    want = _expected_concordance()
    if core.close(a, want, rel=0, abs_tol=0.001):
        k = outcomes.concordance(cohort()["baseline"], cohort()["followup"], cohort()["pgic"], 30)
        return core.correct(task, f"they agree on {k.both + k.neither} of {k.n} ({want:.3f}); "
                            f"{k.nrs_only} responder(s) did not feel much improved and "
                            f"{k.pgic_only} felt much improved without a 30% reduction.")
    if 1 < a <= 100 and core.close(a / 100, want, rel=0, abs_tol=0.001):
        return core.wrong(task, "give a proportion between 0 and 1, not a percentage.")
    if core.close(a, 1 - want, rel=0, abs_tol=0.001):
        return core.wrong(task, "that is the proportion on whom they DISAGREE.")
    c = cohort()
    at50 = outcomes.concordance(c["baseline"], c["followup"], c["pgic"], 50).agreement
    wide = sum((outcomes.is_responder(b, f, 30)) == (g in ("minimally improved", "much improved",
                                                            "very much improved"))
               for b, f, g in zip(c["baseline"], c["followup"], c["pgic"], strict=True)) / len(c)
    # Two different slips can give the same number; then both hints are given.
    hints = []
    if core.close(a, at50, rel=0, abs_tol=0.001):
        hints.append("use the 30% threshold for the NRS responders, not 50%")
    if core.close(a, wide, rel=0, abs_tol=0.001):
        hints.append("count only 'much improved' and 'very much improved' as improved (Farrar's "
                     "anchor); 'minimally improved' is not enough here")
    if hints:
        return core.wrong(task, "; or ".join(hints) + ".")
    return core.wrong(task, "for each person decide two yes/no answers (30% responder? PGIC much or "
                      "very much improved?) and count the people where both are yes or both no.")
