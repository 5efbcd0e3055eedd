"""The referral checklist for implanted stimulation (chapter 7), with option-specific
contraindications for intrathecal ziconotide and rTMS.

Each answer is checked by one rule with its source (provenance/07-notes.md, section 4). The implant
verdict follows NICE TA159 (recommendations 1.1-1.3): spinal cord stimulation is an option for
chronic neuropathic pain of at least 50 mm on a 0-100 mm VAS for at least 6 months despite
appropriate conventional medical management, after a SUCCESSFUL trial of stimulation as part of an
assessment by an experienced multidisciplinary team, and not for ischaemic pain outside research.
So the verdict is

- "not indicated outside research" for ischaemic pain;
- "not recommended" after an unsuccessful screening trial (TA159 recommends SCS only after a
  successful one);
- "not yet" while any other criterion is unmet (diagnosis, pain, duration, team assessment);
- "discuss a trial of stimulation with the team" when every criterion except the trial is met and
  no trial has been done (the trial is part of TA159's assessment);
- "discuss implant with the team" only when every TA159 criterion, including a successful trial,
  is met.

A psychological flag says "address first" (it predicts less benefit but is not an exclusion).
The rules for ziconotide and rTMS do not change the implant verdict: they concern those options.

Trial entry criteria (for example SENZA-PDN's HbA1c and BMI limits) are deliberately NOT rules:
they describe one trial's population, not who should be treated.

For learning only — not a referral tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from npcourse import validate
from npcourse.models import neupsig_grading
from npcourse.ui import sources as sources_in_words

__all__ = [
    "NICE_MIN_PAIN_MM", "NICE_MIN_MONTHS", "SCREENING_RESULTS", "SCREENING_LABELS", "LEVELS",
    "LEVEL_TEXT", "BLOCKING", "DISCUSS", "DISCUSS_TRIAL", "NOT_YET", "NOT_RECOMMENDED", "NOT_INDICATED",
    "VERDICTS", "QUESTIONS", "DEFAULTS", "Finding", "Assessment", "check_answers", "assess"
]

NICE_MIN_PAIN_MM = 50   # NICE TA159: at least 50 mm on a 0–100 mm VAS ...
NICE_MIN_MONTHS = 6     # ... for at least 6 months despite appropriate conventional management
SCREENING_RESULTS = ("not-done", "at-least-50", "below-50")
SCREENING_LABELS = {"not-done": "not done", "at-least-50": "at least 50% relief",
                    "below-50": "less than 50% relief"}
LEVELS = ("not-yet", "not-indicated", "not-recommended", "trial-first", "contraindicated",
          "address-first", "info")
LEVEL_TEXT = {"not-yet": "✖ not yet", "not-indicated": "✖ not indicated",
              "not-recommended": "✖ not recommended", "trial-first": "→ trial of stimulation first",
              "contraindicated": "✖ contraindicated", "address-first": "⚠ address first",
              "info": "ⓘ note"}
# Levels that keep the implant verdict from DISCUSS, most decisive first.
BLOCKING = ("not-indicated", "not-recommended", "not-yet", "trial-first")
DISCUSS = "discuss implant with the team"
DISCUSS_TRIAL = "discuss a trial of stimulation with the team"
NOT_YET = "not yet"
NOT_RECOMMENDED = "not recommended: the trial of stimulation was not successful"
NOT_INDICATED = "not indicated outside research"
VERDICTS = {"not-indicated": NOT_INDICATED, "not-recommended": NOT_RECOMMENDED, "not-yet": NOT_YET,
            "trial-first": DISCUSS_TRIAL}

# Answer id → (label, default). Defaults describe a person for whom every implant criterion of
# NICE TA159 is met, including a successful trial of stimulation.
QUESTIONS = {
    "diagnosis": ("Neuropathic pain grade (chapter 3)", "probable"),
    "pain_mm": ("Average pain intensity (mm on a 0–100 mm VAS)", 70),
    "months": ("Months of pain despite appropriate conventional management", 12),
    "ischaemic": ("Pain of ischaemic origin", False),
    "mdt_assessed": ("Assessed by an experienced multidisciplinary team", True),
    "psych_flag": ("Untreated depression, anxiety or somatisation flagged", False),
    "screening_trial": ("Screening trial of stimulation", "at-least-50"),
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
        return f"{LEVEL_TEXT[self.level]} ({self.option}): {self.message} ({sources_in_words.labels(self.sources)})"


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
    tsm = "TRIAL-STIM found that a screening-trial strategy did not improve outcomes"
    trial = {
        "not-done": ("trial-first", "NICE recommends SCS only after a successful trial of "
                     "stimulation as part of the team's assessment: the trial comes first; " + tsm),
        "at-least-50": ("info", "a successful trial, as NICE requires; " + tsm),
        "below-50": ("not-recommended", "NICE recommends SCS only after a SUCCESSFUL trial of "
                     "stimulation, so a permanent implant is not recommended; the team reviews "
                     "other options with the person"),
    }[a["screening_trial"]]
    out.append(Finding("screening_trial", trial[0], implant, trial[1],
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
    verdict = next((VERDICTS[lv] for lv in BLOCKING if lv in levels), DISCUSS)
    return Assessment(verdict, tuple(out))
