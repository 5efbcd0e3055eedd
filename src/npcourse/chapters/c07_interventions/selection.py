"""The referral checklist for implanted stimulation (chapter 7), with option-specific
contraindications for intrathecal ziconotide and rTMS.

Each answer is checked by one rule with its source (provenance/07-notes.md, section 4). The overall
verdict is "discuss implant with the team" only when no rule says "not yet" or "not indicated";
a psychological flag says "address first" (it predicts less benefit but is not an exclusion),
and the screening-trial answer is information only. The rules for ziconotide and rTMS do not
change the implant verdict: they concern those options.

Trial entry criteria (for example SENZA-PDN's HbA1c and BMI limits) are deliberately NOT rules:
they describe one trial's population, not who should be treated.

For learning only — not a referral tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from npcourse import validate
from npcourse.models import neupsig_grading

NICE_MIN_PAIN_MM = 50   # NICE TA159: at least 50 mm on a 0–100 mm VAS ...
NICE_MIN_MONTHS = 6     # ... for at least 6 months despite appropriate conventional management
SCREENING_RESULTS = ("not-done", "at-least-50", "below-50")
SCREENING_LABELS = {"not-done": "not done", "at-least-50": "at least 50% relief",
                    "below-50": "less than 50% relief"}
LEVELS = ("not-yet", "not-indicated", "contraindicated", "address-first", "info")
LEVEL_TEXT = {"not-yet": "✖ not yet", "not-indicated": "✖ not indicated",
              "contraindicated": "✖ contraindicated", "address-first": "⚠ address first",
              "info": "ⓘ note"}
BLOCKING = ("not-yet", "not-indicated")
DISCUSS = "discuss implant with the team"
NOT_YET = "not yet"
NOT_INDICATED = "not indicated outside research"

# Answer id → (label, default). Defaults describe a person for whom every implant criterion is met.
QUESTIONS = {
    "diagnosis": ("Neuropathic pain grade (chapter 3)", "probable"),
    "pain_mm": ("Average pain intensity (mm on a 0–100 mm VAS)", 70),
    "months": ("Months of pain despite appropriate conventional management", 12),
    "ischaemic": ("Pain of ischaemic origin", False),
    "mdt_assessed": ("Assessed by an experienced multidisciplinary team", True),
    "psych_flag": ("Untreated depression, anxiety or somatisation flagged", False),
    "screening_trial": ("Screening trial of stimulation", "not-done"),
    "psychosis_history": ("Considering intrathecal ziconotide: history of psychosis", False),
    "intrathecal_hazard": ("Considering intrathecal ziconotide: infection at the site, uncontrolled "
                           "bleeding tendency or spinal canal obstruction", False),
    "head_implant": ("Considering rTMS: metal or electronic implant near the head", False),
}
DEFAULTS = {k: v for k, (_, v) in QUESTIONS.items()}


@dataclass(frozen=True)
class Finding:
    """One rule that fired: which answer, how serious, for which option, why, from where."""

    rule: str
    level: str
    option: str
    message: str
    sources: tuple[str, ...]

    def text(self) -> str:
        return f"{LEVEL_TEXT[self.level]} ({self.option}): {self.message} [{', '.join(self.sources)}]"


@dataclass(frozen=True)
class Assessment:
    verdict: str
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[str, ...]:
        """The answers (rule ids) that keep the implant verdict from "discuss"."""
        return tuple(f.rule for f in self.findings if f.level in BLOCKING)


def check_answers(answers: Mapping) -> dict:
    """Validate ``answers`` (keys of :data:`QUESTIONS`; missing keys take :data:`DEFAULTS`)."""
    validate.mapping("answers", answers)
    unknown = sorted(set(answers) - set(QUESTIONS))
    if unknown:
        raise ValueError(f"answers has unknown key(s) {', '.join(map(repr, unknown))}; "
                         f"allowed keys: {', '.join(map(repr, QUESTIONS))}")
    a = {**DEFAULTS, **answers}
    validate.choice("answers['diagnosis']", a["diagnosis"], neupsig_grading.GRADES)
    a["pain_mm"] = validate.number("answers['pain_mm']", a["pain_mm"], minimum=0, maximum=100)
    a["months"] = validate.number("answers['months']", a["months"], minimum=0, maximum=600)
    validate.choice("answers['screening_trial']", a["screening_trial"], SCREENING_RESULTS)
    for k in ("ischaemic", "mdt_assessed", "psych_flag", "psychosis_history", "intrathecal_hazard",
              "head_implant"):
        validate.boolean(f"answers[{k!r}]", a[k])
    return a


def assess(answers: Mapping) -> Assessment:
    """Apply every rule to ``answers``; return the implant verdict and the findings in order."""
    a = check_answers(answers)
    implant = "implanted stimulation"
    zic = "intrathecal ziconotide"
    out = []
    if a["diagnosis"] in ("none", "possible"):
        out.append(Finding("diagnosis", "not-yet", implant,
                           "confirm the neuropathic diagnosis first (at least 'probable'; chapter 3)",
                           ("finnerup2016grading",)))
    if a["pain_mm"] < NICE_MIN_PAIN_MM:
        out.append(Finding("pain_mm", "not-yet", implant,
                           f"pain below the NICE threshold of {NICE_MIN_PAIN_MM} mm", ("nice2008ta159",)))
    if a["months"] < NICE_MIN_MONTHS:
        out.append(Finding("months", "not-yet", implant,
                           f"pain has not yet persisted {NICE_MIN_MONTHS} months despite appropriate "
                           "conventional management", ("nice2008ta159",)))
    if a["ischaemic"]:
        out.append(Finding("ischaemic", "not-indicated", implant,
                           "NICE does not recommend SCS for pain of ischaemic origin outside research",
                           ("nice2008ta159",)))
    if not a["mdt_assessed"]:
        out.append(Finding("mdt_assessed", "not-yet", implant,
                           "assessment by an experienced multidisciplinary team is required",
                           ("nice2008ta159",)))
    if a["psych_flag"]:
        out.append(Finding("psych_flag", "address-first", implant,
                           "psychological factors predict less benefit: assess and treat them, and "
                           "set realistic goals; not an automatic exclusion", ("celestin2009psych",)))
    trial_text = {
        "not-done": "NICE recommends SCS after a successful trial of stimulation; TRIAL-STIM found "
                    "that a screening-trial strategy did not improve outcomes",
        "at-least-50": "a successful trial, as NICE requires; TRIAL-STIM found that a screening-trial "
                       "strategy did not improve outcomes",
        "below-50": "NICE's recommendation follows a SUCCESSFUL trial: discuss this result with the "
                    "team; TRIAL-STIM questioned the value of screening trials",
    }[a["screening_trial"]]
    out.append(Finding("screening_trial", "info", implant, trial_text,
                       ("nice2008ta159", "eldabe2023trialstim")))
    if a["psychosis_history"]:
        out.append(Finding("psychosis_history", "contraindicated", zic,
                           "contraindicated with a history of psychosis (boxed warning on psychiatric "
                           "and neurological effects)", ("prialt_label",)))
    if a["intrathecal_hazard"]:
        out.append(Finding("intrathecal_hazard", "contraindicated", zic,
                           "conditions that make intrathecal administration hazardous", ("prialt_label",)))
    if a["head_implant"]:
        out.append(Finding("head_implant", "contraindicated", "rTMS",
                           "metal or electronic implants near the coil are a contraindication",
                           ("klein2015tms",)))
    levels = {f.level for f in out}
    verdict = NOT_INDICATED if "not-indicated" in levels else NOT_YET if "not-yet" in levels else DISCUSS
    return Assessment(verdict, tuple(out))
