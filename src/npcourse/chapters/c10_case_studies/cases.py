"""Case studies (chapter 10): fictional people walked from a first visit to a team plan.

``cases.yml`` holds each person's story, findings, medicines, plan, fictional pain scores and
decision points. Everything a decision needs from elsewhere is computed here, never typed in
the case file:

- the pain classification and NeuPSIG grade from the findings (:mod:`npcourse.models.neupsig_grading`);
- creatinine clearance and kidney dose bands (:mod:`npcourse.models.renal`, ``drugs.yml``);
- the chapter 5 patient-profile flags (:func:`npcourse.models.prescribing.profile_assessment`);
- interactions, cautions and doses from ``drugs.yml``; certainty from ``therapies.yml``;
- percentage change in pain and the IMMPACT response level (:mod:`npcourse.models.outcomes`, chapter 9).

Decision points are rendered through the course quiz machinery (:func:`npcourse.ui.quiz.show_questions`),
so they work in JupyterLab and in the static book. Placeholders such as ``{band:pregabalin}`` in
the case text are filled in by :func:`render`; the list is in the header of ``cases.yml``.

Every person is fictional. For learning only — check your local formulary. Not medical advice.
"""

from __future__ import annotations

import functools
import re

from npcourse import validate
from npcourse.facts import data
from npcourse.models import drugs, neupsig_grading, outcomes, renal
from npcourse.models import prescribing as _profile
from npcourse.ui import quiz

__all__ = [
    "STEPS", "CATEGORIES", "CATEGORY_TEXT", "THRESHOLD_IDS", "CAUTION_FIELDS", "case_ids", "case",
    "medicine", "crcl", "jurisdiction", "band", "ceiling", "label_start", "LOWER_START_FLAGS",
    "label_limits", "limited_drugs", "limit_start", "limit_ceiling", "check_result", "dosing_problems",
    "needs_lower_start", "dose", "pain_assessments", "grade", "overall_mechanism", "profile",
    "interaction_record", "interactions", "interacting_medicines", "thresholds", "percent_change",
    "responder_category", "category_text", "score", "baseline", "change_at", "final_week", "render",
    "decision_ids", "numeric_answer", "decision", "show_decision", "correct_options", "plan_therapies",
    "check_all"
]

STEPS = ("classify", "investigate", "grade", "kidney", "drug", "interactions", "rehab", "measure",
         "follow-up", "refer")
# Response categories and their thresholds are chapter 9's (npcourse.models.outcomes reads them from
# outcome_measures.yml): IMMPACT's substantial, moderate and minimal levels.
CATEGORIES = outcomes.BENCHMARKS
CATEGORY_TEXT = {
    "substantial": "substantial improvement (at least {substantial} less pain)",
    "moderate": "moderately important improvement (at least {moderate} less pain)",
    "minimal": "minimal improvement ({minimal} or more, but less than {moderate}): not a "
               "responder at the 30% level",
    "below minimal": "less than {minimal} improvement",
    "worse": "pain is worse than at the first visit",
}
THRESHOLD_IDS = {"minimal": "immpact-minimal", "moderate": "immpact-moderate",
                 "substantial": "immpact-substantial"}
CAUTION_FIELDS = ("renal", "cardiac", "elderly", "pregnancy", "other")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


# --- access ----------------------------------------------------------------------------------

def _document() -> dict:
    return data.load("cases")


def case_ids() -> list[str]:
    """Ids of the cases, in file order."""
    return [c["id"] for c in _document()["cases"]]


def case(case_id: str) -> dict:
    """The case record (as in ``cases.yml``); an unknown id raises a ``ValueError`` listing them."""
    validate.choice("case_id", case_id, case_ids())
    return {c["id"]: c for c in _document()["cases"]}[case_id]


def _drugs() -> dict[str, dict]:
    return data.by_id("drugs", "drugs")


def _therapies() -> dict[str, dict]:
    return data.by_id("therapies", "therapies")


def medicine(case_id: str, medicine_id: str) -> dict:
    meds = {m["id"]: m for m in case(case_id)["medicines"]}
    validate.choice("medicine_id", medicine_id, meds)
    return meds[medicine_id]


# --- kidney ----------------------------------------------------------------------------------

def crcl(case_id: str) -> float:
    """The person's Cockcroft–Gault creatinine clearance in mL/min (not rounded)."""
    c = case(case_id)
    return renal.cockcroft_gault(c["age"], c["weight_kg"], c["creatinine_mg_dl"], c["sex"])


def jurisdiction(case_id: str, drug_id: str) -> str:
    """Whose label the case doses ``drug_id`` from: the case's ``jurisdiction`` when the course
    has that label's kidney bands for the drug, else the drug's default (named wherever shown)."""
    validate.choice("drug_id", drug_id, renal.drugs_with_bands())
    want = case(case_id).get("jurisdiction")
    return want if want in renal.jurisdictions(drug_id) else renal.resolve_jurisdiction(drug_id)


def band(case_id: str, drug_id: str) -> renal.Band:
    """The person's kidney dose band of ``drug_id`` (a drug with ``renal_bands`` in drugs.yml)."""
    validate.choice("drug_id", drug_id, renal.drugs_with_bands())
    return renal.dose_band(drug_id, crcl(case_id), jurisdiction(case_id, drug_id))


def ceiling(case_id: str, drug_id: str) -> float:
    """The most the label allows this person per day (band, cut below 15 mL/min where the label
    says so): a ceiling for maintenance, never a starting dose."""
    return renal.daily_range(drug_id, crcl(case_id), jurisdiction(case_id, drug_id)).high


def label_start(case_id: str, drug_id: str) -> float:
    """The highest starting dose the label allows this person (:func:`npcourse.renal.label_start`)."""
    return renal.label_start(drug_id, crcl(case_id), jurisdiction(case_id, drug_id))


LOWER_START_FLAGS = ("older", "sedatives")  # frail/older or falls, CNS depressants: start lower


def needs_lower_start(case_id: str) -> bool:
    """True when the person is older or frail (or has fallen) or takes a CNS depressant: the
    gabapentinoid start should then be below the ordinary label start (chapter 5)."""
    return any(f in case(case_id)["profile_flags"] for f in LOWER_START_FLAGS)


# --- label limits of drugs without kidney bands (carbamazepine, oxcarbazepine) -----------------

def limited_drugs() -> list[str]:
    """Drugs with ``label_limits`` in drugs.yml: a label start and ceiling for one indication."""
    return [d for d, rec in _drugs().items() if rec.get("label_limits")]


def label_limits(drug_id: str) -> dict:
    """The ``label_limits`` record of ``drug_id`` (start, ceiling, checks before the first dose)."""
    validate.choice("drug_id", drug_id, limited_drugs())
    return _drugs()[drug_id]["label_limits"]


def limit_start(case_id: str, drug_id: str) -> float:
    """The highest starting daily dose for this person: the label start, halved when their
    clearance is below the label's kidney threshold (oxcarbazepine below 30 mL/min)."""
    lim = label_limits(drug_id)
    start = float(lim["start_daily_max"])
    below = lim.get("start_halved_below_crcl")
    return start / 2 if below is not None and crcl(case_id) < below else start


def limit_ceiling(case_id: str, drug_id: str) -> float:
    """The most the label (or, where the label is for another indication, the guideline) allows a day."""
    case(case_id)
    return float(label_limits(drug_id)["daily_max"])


def check_result(case_id: str, check: str) -> dict | None:
    """The person's ``checks`` record named ``check`` (e.g. 'hla-b1502', 'sodium'), or None."""
    found = [r for r in case(case_id).get("checks", []) if r["check"] == check]
    return found[0] if found else None


def dosing_problems(case_id: str, record: dict) -> list[str]:
    """Why one dosing record breaks the label for THIS person (empty list: it does not).

    Kidney-banded drugs: above the kidney ceiling, or a start above the label start for the
    person's clearance. Drugs with ``label_limits``: above the ceiling, a start above the label
    start (halved for low clearance where the label says so), a start before a negative
    HLA-B*15:02 result in a person of at-risk ancestry, or a start without the baseline blood
    tests the label or guideline asks for.
    """
    c = case(case_id)
    d, dose_, kind = record["drug_id"], record["daily_dose"], record["kind"]
    out = []
    if d in renal.drugs_with_bands():
        if dose_ > ceiling(case_id, d):
            out.append(f"{d} {dose_:g} mg/day at week {record['week']} is above the kidney ceiling "
                       f"{ceiling(case_id, d):g} mg/day")
        if kind == "start" and dose_ > label_start(case_id, d):
            out.append(f"{d} starts at {dose_:g} mg/day, above the label start {label_start(case_id, d):g}")
    if d in limited_drugs():
        lim = label_limits(d)
        if dose_ > limit_ceiling(case_id, d):
            out.append(f"{d} {dose_:g} mg/day at week {record['week']} is above the ceiling "
                       f"{limit_ceiling(case_id, d):g} mg/day for {lim['indication']}")
        if kind == "start":
            if dose_ > limit_start(case_id, d):
                out.append(f"{d} starts at {dose_:g} mg/day, above the start {limit_start(case_id, d):g} "
                           "mg/day allowed for this person")
            if lim.get("hla_b1502_test") and c.get("hla_b1502_risk_ancestry"):
                r = check_result(case_id, "hla-b1502")
                if r is None or r["result"] != "negative" or r["week"] > record["week"]:
                    out.append(f"{d} starts at week {record['week']} in a person of at-risk ancestry "
                               "without a negative HLA-B*15:02 result before it")
            for need in lim.get("baseline_checks", []):
                r = check_result(case_id, need)
                if r is None or r["week"] > record["week"]:
                    out.append(f"{d} starts at week {record['week']} without a baseline {need} check")
    return out


def dose(case_id: str, drug_id: str, week) -> dict:
    """The dosing record of ``drug_id`` at ``week`` (``dosing`` in cases.yml)."""
    w = validate.number("week", week, minimum=0, integer=True)
    found = [d for d in case(case_id).get("dosing", []) if d["drug_id"] == drug_id and d["week"] == w]
    if len(found) != 1:
        raise data.DataError(f"cases.yml: case {case_id!r} has {len(found)} dosing records of "
                             f"{drug_id!r} at week {w:g} (need exactly one)")
    return found[0]


# --- classification and grade ---------------------------------------------------------------

def pain_assessments(case_id: str) -> dict[str, neupsig_grading.Assessment]:
    """Each pain's descriptors and neuropathic grade, from its findings (neupsig_grading.assess)."""
    return {p["id"]: neupsig_grading.assess(p["findings"]) for p in case(case_id)["pains"]}


def grade(case_id: str, pain_id: str) -> str:
    """The NeuPSIG grade of one pain: 'none', 'possible', 'probable' or 'definite'."""
    pains = {p["id"]: p for p in case(case_id)["pains"]}
    validate.choice("pain_id", pain_id, pains)
    return neupsig_grading.neuropathic_grade(pains[pain_id]["findings"])


def overall_mechanism(case_id: str) -> str:
    """The person's pain as a whole: one descriptor, or 'mixed' when more than one fits.

    A person can have more than one mechanism at once (chapter 1, mixed pain), e.g. neuropathic
    foot pain and nociceptive knee pain.
    """
    fits = {f for a in pain_assessments(case_id).values() for f in a.fits}
    if not fits:
        return "none"
    return "mixed" if len(fits) > 1 else fits.pop()


# --- medicines -------------------------------------------------------------------------------

def profile(case_id: str) -> dict[str, dict]:
    """Chapter 5's patient-profile flags for the first-line drugs, from the case's features."""
    return _profile.profile_assessment({f: True for f in case(case_id)["profile_flags"]})


def interaction_record(drug_id: str, with_contains: str) -> dict:
    """The one interaction record of ``drug_id`` whose ``with`` text contains ``with_contains``
    (case-insensitive). Zero or several matches raise :class:`npcourse.facts.data.DataError`."""
    validate.choice("drug_id", drug_id, _drugs())
    if not isinstance(with_contains, str) or not with_contains.strip():
        raise TypeError("with_contains must be a non-empty string")
    recs = [r for r in _drugs()[drug_id]["interactions"]
            if with_contains.lower() in r["with"].lower()]
    if len(recs) != 1:
        withs = "; ".join(r["with"] for r in _drugs()[drug_id]["interactions"]) or "none"
        raise data.DataError(f"drugs.yml: {len(recs)} interaction records of {drug_id!r} contain "
                             f"{with_contains!r} (need exactly one); its records: {withs}")
    return recs[0]


def interactions(case_id: str, drug_id: str) -> list[dict]:
    """The person's medicines with an interaction recorded for ``drug_id``, each with the record.

    Returns dicts ``{"medicine": id, "name": ..., "with": ..., "effect": ..., "sources": [...]}``.
    "None recorded" never means "proven safe": the course data is not complete.
    """
    validate.choice("drug_id", drug_id, _drugs())
    out = []
    for m in case(case_id)["medicines"]:
        for link in m.get("interacts", []):
            if link["drug"] == drug_id:
                rec = interaction_record(drug_id, link["with_contains"])
                out.append({"medicine": m["id"], "name": m["name"], "with": rec["with"],
                            "effect": rec["effect"], "sources": list(rec["sources"])})
    return out


def interacting_medicines(case_id: str, drug_id: str) -> list[str]:
    """Ids of the person's medicines with a recorded interaction with ``drug_id`` (file order)."""
    return list(dict.fromkeys(i["medicine"] for i in interactions(case_id, drug_id)))


# --- progress --------------------------------------------------------------------------------

def thresholds() -> dict[str, float]:
    """IMMPACT thresholds as fractions of the baseline, e.g. {'moderate': 0.3, ...}, read from
    ``outcome_measures.yml`` through :mod:`npcourse.models.outcomes` (chapter 9)."""
    return {level: outcomes.threshold_percent(tid) / 100 for level, tid in THRESHOLD_IDS.items()}


def percent_change(baseline, follow_up) -> float:
    """(follow_up − baseline) / baseline × 100 for 0-10 pain scores; negative = less pain."""
    return outcomes.percent_change(baseline, follow_up)


def responder_category(baseline, follow_up) -> str:
    """The IMMPACT level reached: 'substantial', 'moderate', 'minimal', 'below minimal' or
    'worse' (:func:`npcourse.models.outcomes.benchmark`)."""
    return outcomes.benchmark(baseline, follow_up)


def category_text(category: str) -> str:
    validate.choice("category", category, CATEGORIES)
    return CATEGORY_TEXT[category].format(**{k: f"{v:.0%}" for k, v in thresholds().items()})


def score(case_id: str, week) -> float:
    """The person's average pain (0-10) at a visit week of the timeline."""
    weeks = {v["week"]: v["nrs"] for v in case(case_id)["timeline"]}
    w = validate.number("week", week, minimum=0, integer=True)
    if w not in weeks:
        raise ValueError(f"week must be one of the visits {', '.join(map(str, weeks))}; got {w:g}")
    return float(weeks[w])


def baseline(case_id: str) -> float:
    return score(case_id, case(case_id)["timeline"][0]["week"])


def change_at(case_id: str, week) -> float:
    """Percentage change in average pain from the first visit to ``week``."""
    return percent_change(baseline(case_id), score(case_id, week))


def final_week(case_id: str) -> int:
    return case(case_id)["timeline"][-1]["week"]


# --- text with placeholders ------------------------------------------------------------------

def _range_text(r: dict) -> str:
    low, high = r["low"], r["high"]
    return f"{low:g} {r['unit']}" if low == high else f"{low:g}–{high:g} {r['unit']}"


def _dose(drug_id: str, part: str) -> dict:
    d = _drugs()[validate.choice("drug_id", drug_id, _drugs())]
    r = (d.get("dose") or {}).get(part)
    if not r:
        raise data.DataError(f"drugs.yml: {drug_id!r} has no dose.{part}")
    return r


def _fill(case_id: str, token: str) -> str:
    kind, *args = token.split(":")
    n = {"crcl": 0, "band": 1, "band_low": 1, "band_high": 1, "ceiling": 1, "label": 1,
         "dose": 2, "label_start": 1, "start": 1, "daily": 1,
         "daily_low": 1, "drug": 1, "effect": 2, "caution": 2, "therapy": 1, "certainty": 1,
         "threshold": 1, "nrs": 1, "change": 1, "grade": 1, "step": 1, "usual_max": 1}
    if kind not in n or len(args) != n[kind]:
        raise ValueError(f"unknown placeholder {{{token}}}; known kinds: {', '.join(n)}")
    if kind == "crcl":
        return f"{crcl(case_id):.0f} mL/min"
    if kind in ("step", "usual_max"):
        field = "step_daily_max" if kind == "step" else "usual_daily_max"
        value = label_limits(args[0]).get(field)
        if value is None:
            raise data.DataError(f"drugs.yml: {args[0]!r} has no label_limits.{field}")
        return f"{value:g} mg/day"
    if kind in ("ceiling", "label_start") and args[0] in limited_drugs() \
            and args[0] not in renal.drugs_with_bands():
        value = limit_ceiling(case_id, args[0]) if kind == "ceiling" else limit_start(case_id, args[0])
        return f"{value:g} mg/day"
    if kind in ("band", "band_low", "band_high", "ceiling", "label", "label_start"):
        b = band(case_id, args[0])
        if kind == "ceiling":
            return f"{ceiling(case_id, args[0]):g} {b.unit}"
        if kind == "label_start":
            return f"{label_start(case_id, args[0]):g} {b.unit}"
        return {"band": f"{b.dose_label} (the band for a clearance {b.crcl_label}, "
                        f"{b.jurisdiction_label})",
                "band_low": f"{b.daily_low:g} {b.unit}",
                "band_high": f"{b.daily_high:g} {b.unit}",
                "label": b.jurisdiction_label}[kind]
    if kind == "dose":
        d = dose(case_id, args[0], int(args[1]))
        return f"{d['daily_dose']:g} mg/day" + (f" ({d['how']})" if d.get("how") else "")
    if kind == "start":
        return _range_text(_dose(args[0], "start"))
    if kind == "daily":
        return _range_text(_dose(args[0], "daily"))
    if kind == "daily_low":
        r = _dose(args[0], "daily")
        return f"{r['low']:g} {r['unit']}"
    if kind == "drug":
        return _drugs()[validate.choice("drug_id", args[0], _drugs())]["name"]
    if kind == "effect":
        return interaction_record(args[0], args[1])["effect"]
    if kind == "caution":
        field = validate.choice("caution field", args[1], CAUTION_FIELDS)
        text = _drugs()[validate.choice("drug_id", args[0], _drugs())]["cautions"].get(field, "")
        if not text or drugs.unverified(text):
            raise data.DataError(f"drugs.yml: {args[0]!r} has no verified '{field}' caution to quote")
        return text
    if kind in ("therapy", "certainty"):
        t = _therapies()[validate.choice("therapy id", args[0], _therapies())]
        return t["name"] if kind == "therapy" else t["certainty"]
    if kind == "threshold":
        return f"{thresholds()[validate.choice('threshold', args[0], THRESHOLD_IDS)]:.0%}"
    if kind == "nrs":
        return f"{score(case_id, int(args[0])):g}/10"
    if kind == "change":
        return f"{change_at(case_id, int(args[0])):+.1f}%"
    return grade(case_id, args[0])  # kind == "grade"


def render(case_id: str, text: str) -> str:
    """``text`` with every placeholder filled in from the data (see the header of cases.yml)."""
    case(case_id)
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return _PLACEHOLDER.sub(lambda m: _fill(case_id, m.group(1)), text)


# --- decision points -------------------------------------------------------------------------

def decision_ids(case_id: str) -> list[str]:
    return [d["id"] for d in case(case_id)["decisions"]]


def numeric_answer(case_id: str, d: dict) -> float:
    """The answer of a numeric decision point, computed as its ``answer_from`` says."""
    validate.choice("case_id", case_id, case_ids())
    if not isinstance(d, dict):
        raise TypeError(f"d must be a decision record (a dict), got {type(d).__name__}")
    validate.choice("d['answer_from']", d.get("answer_from"), ["crcl", "percent_change"])
    if d["answer_from"] == "crcl":
        return crcl(case_id)
    if "week" not in d:
        raise data.DataError(f"cases.yml: case {case_id!r}, decision {d['id']!r}: "
                             "answer_from 'percent_change' needs a 'week'")
    return change_at(case_id, d["week"])


def decision(case_id: str, decision_id: str) -> dict:
    """One decision point as a quiz question (bank format), placeholders filled in and checked."""
    raw = {d["id"]: d for d in case(case_id)["decisions"]}
    validate.choice("decision_id", decision_id, raw)
    d = raw[decision_id]
    where = f"npcourse/facts/yaml/cases.yml: case {case_id!r}, decision {decision_id!r}"
    try:
        q = {"id": f"{case_id}-{decision_id}", "type": d["type"], "objective": d["objective"],
             "question": render(case_id, d["question"])}
        if d["type"] == "numeric":
            q.update(answer=numeric_answer(case_id, d), tolerance=d["tolerance"],
                     feedback_correct=render(case_id, d["feedback_correct"]),
                     feedback_wrong=render(case_id, d["feedback_wrong"]))
        else:
            q["options"] = [{"text": render(case_id, o["text"]), "correct": o["correct"],
                             "feedback": render(case_id, o["feedback"])} for o in d["options"]]
    except (ValueError, TypeError) as exc:  # DataError is a ValueError
        raise data.DataError(f"{where}: {exc}") from None
    quiz.check_question(q, where)
    return q


def show_decision(case_id: str, decision_id: str) -> None:
    """Display one decision point as a quiz (works in JupyterLab and in the static book)."""
    quiz.show_questions([decision(case_id, decision_id)])


def correct_options(case_id: str, decision_id: str) -> list[str]:
    """Texts of the correct options of a choice decision (for tests and the instructor)."""
    q = decision(case_id, decision_id)
    if q["type"] == "numeric":
        raise ValueError(f"decision {decision_id!r} is numeric: use numeric_answer")
    return [o["text"] for o in q["options"] if o["correct"]]


# --- the plan --------------------------------------------------------------------------------

def plan_therapies(case_id: str) -> list[dict]:
    """The plan's approaches with name, certainty, population and chapter from therapies.yml."""
    out = []
    for item in case(case_id)["plan"]["therapies"]:
        t = _therapies()[item["id"]]
        out.append({"id": t["id"], "name": t["name"], "certainty": t["certainty"],
                    "population": t["population"], "chapter": t["chapter"], "why": item["why"],
                    "sources": list(t["sources"])})
    return out


# --- whole-file checks ------------------------------------------------------------------------

def _check_case(c: dict) -> None:
    cid = c["id"]
    where = f"npcourse/facts/yaml/cases.yml: case {cid!r}"
    if not c["decisions"] or {d["step"] for d in c["decisions"]} - set(STEPS):
        raise data.DataError(f"{where}: decision steps must be among {STEPS}")
    unknown = set(c["profile_flags"]) - set(_profile.FLAGS)
    if unknown:
        raise data.DataError(f"{where}: unknown profile flag(s) {sorted(unknown)}; "
                             f"known: {', '.join(_profile.FLAGS)}")
    for m in c["medicines"]:
        if m.get("drug_id") and m["drug_id"] not in _drugs():
            raise data.DataError(f"{where}: medicine {m['id']!r}: drug_id {m['drug_id']!r} is not in drugs.yml")
        if m.get("therapy_id") and m["therapy_id"] not in _therapies():
            raise data.DataError(f"{where}: medicine {m['id']!r}: therapy_id {m['therapy_id']!r} "
                                 "is not in therapies.yml")
        for link in m.get("interacts", []):
            if link["drug"] not in _drugs():
                raise data.DataError(f"{where}: medicine {m['id']!r}: {link['drug']!r} is not in drugs.yml")
            interaction_record(link["drug"], link["with_contains"])
    plan = c["plan"]
    if plan["drug_id"] not in _drugs():
        raise data.DataError(f"{where}: plan drug {plan['drug_id']!r} is not in drugs.yml")
    missing = [t["id"] for t in plan["therapies"] if t["id"] not in _therapies()]
    if missing:
        raise data.DataError(f"{where}: plan therapies not in therapies.yml: {missing}")
    for d in c.get("dosing", []):
        if d["drug_id"] not in _drugs():
            raise data.DataError(f"{where}: dosing drug {d['drug_id']!r} is not in drugs.yml")
        problems = dosing_problems(cid, d)
        if problems:
            raise data.DataError(f"{where}: " + "; ".join(problems))
    weeks = [v["week"] for v in c["timeline"]]
    if weeks[0] != 0 or weeks != sorted(set(weeks)):
        raise data.DataError(f"{where}: timeline weeks must start at 0 and increase: {weeks}")
    for p in c["pains"]:
        neupsig_grading.check_findings(p["findings"])
    for v in c["timeline"]:
        render(cid, v["event"])
    for d in c["decisions"]:
        if not d["objective"].startswith("ch10-"):
            raise data.DataError(f"{where}, decision {d['id']!r}: objective must be a ch10 objective")
        q = decision(cid, d["id"])
        if d["step"] in ("classify", "grade"):
            want = overall_mechanism(cid) if d["step"] == "classify" else None
            right = " ".join(o["text"].lower() for o in q["options"] if o["correct"])
            if d["step"] == "classify" and want not in right:
                raise data.DataError(f"{where}, decision {d['id']!r}: the correct option must name "
                                     f"the computed classification {want!r}")
            if d["step"] == "grade":
                grades = {grade(cid, p["id"]) for p in c["pains"]} - {"none"}
                if not any(g in right for g in grades):
                    raise data.DataError(f"{where}, decision {d['id']!r}: the correct option must "
                                         f"name a computed grade {sorted(grades)}")


@functools.cache
def check_all() -> int:
    """Check every case against the other data files; returns the number of decision points."""
    for c in _document()["cases"]:
        _check_case(c)
    return sum(len(c["decisions"]) for c in _document()["cases"])
