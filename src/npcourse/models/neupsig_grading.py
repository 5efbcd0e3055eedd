"""Which mechanistic pain descriptor(s) fit a person's findings.

A teaching model of the reasoning in chapter 1 (and the grading system taught in chapter 3):

- neuropathic pain is graded possible → probable → definite (Finnerup et al. 2016): a history
  of a relevant lesion or disease of the somatosensory nervous system plus a neuroanatomically
  plausible pain distribution makes it *possible*; sensory signs in that distribution make it
  *probable*; a diagnostic test confirming the lesion or disease as well makes it *definite*
  ("probable with confirmatory tests"); where sensory signs are hard to show but a test
  confirms the lesion, the level stays *probable*;
- nociceptive pain fits when ongoing tissue damage or inflammation activates nociceptors;
- nociplastic pain fits when there is pain hypersensitivity without evidence of tissue damage
  or of a somatosensory lesion that could explain it (IASP 2017; Kosek et al. 2016);
- neuropathic and nociceptive together are called mixed pain.

It is a learning aid, not a diagnostic tool.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate

__all__ = ["FINDINGS", "GRADES", "Assessment", "check_findings", "neuropathic_grade", "assess"]

FINDINGS = {
    "lesion_history": "History of a lesion or disease of the somatosensory nervous system",
    "plausible_distribution": "Pain in a neuroanatomically plausible distribution",
    "sensory_signs": "Sensory signs (loss or gain) in that same distribution",
    "diagnostic_test": "A diagnostic test confirms the lesion or disease",
    "tissue_damage": "Ongoing tissue damage or inflammation that activates nociceptors",
    "hypersensitivity": "Pain hypersensitivity (e.g. widespread tenderness) that damage or a lesion does not explain",
}

GRADES = ("none", "possible", "probable", "definite")


@dataclass(frozen=True)
class Assessment:
    """The descriptors that fit, the neuropathic grade, and the reasons, in plain words."""

    fits: tuple[str, ...]
    neuropathic_grade: str
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        if not self.fits:
            return "No descriptor fits yet: gather more information."
        if set(self.fits) >= {"neuropathic", "nociceptive"}:
            return "Mixed pain: neuropathic and nociceptive mechanisms together."
        return " and ".join(self.fits).capitalize() + " pain."


def check_findings(findings) -> dict[str, bool]:
    """Validate a findings dict: known keys only, each True or False; missing keys are False."""
    validate.mapping("findings", findings)
    unknown = sorted(set(findings) - set(FINDINGS))
    if unknown:
        raise ValueError(f"findings has unknown key(s) {', '.join(map(repr, unknown))}; "
                         f"allowed keys: {', '.join(map(repr, FINDINGS))}")
    return {k: validate.boolean(f"findings[{k!r}]", findings.get(k, False)) for k in FINDINGS}


def neuropathic_grade(findings) -> str:
    """'none' (criteria for possible not met), 'possible', 'probable' or 'definite' (Finnerup et al. 2016 grading)."""
    f = check_findings(findings)
    if not (f["lesion_history"] and f["plausible_distribution"]):
        return "none"
    if f["sensory_signs"] and f["diagnostic_test"]:
        return "definite"
    if f["sensory_signs"] or f["diagnostic_test"]:
        return "probable"
    return "possible"


def assess(findings) -> Assessment:
    """Which descriptors fit ``findings`` (keys of :data:`FINDINGS`), with the reasons."""
    f = check_findings(findings)
    grade = neuropathic_grade(f)
    fits, reasons = [], []
    if grade != "none":
        fits.append("neuropathic")
        reasons.append(f"Neuropathic pain is {grade}: " + {
            "possible": "history and a plausible distribution, but no examination findings yet.",
            "probable": ("history and plausible distribution, with sensory signs in that area"
                         if f["sensory_signs"] else
                         "history and plausible distribution; no sensory signs could be shown, "
                         "but a test confirms the lesion or disease"),
            "definite": "history, plausible distribution, sensory signs, and a diagnostic "
                        "test that confirms the lesion or disease.",
        }[grade])
    elif f["lesion_history"] or f["plausible_distribution"]:
        reasons.append("Neuropathic pain needs both a relevant lesion or disease and a "
                       "plausible distribution before it can even be graded 'possible'.")
    if f["tissue_damage"]:
        fits.append("nociceptive")
        reasons.append("Ongoing tissue damage or inflammation activates nociceptors: nociceptive.")
    if f["hypersensitivity"]:
        if not f["tissue_damage"] and grade == "none":
            fits.append("nociplastic")
            reasons.append("Hypersensitivity without evidence of tissue damage or a "
                           "somatosensory lesion: nociplastic pain fits.")
        else:
            reasons.append("Hypersensitivity alone is not called nociplastic while tissue damage "
                           "or a nerve lesion could explain the pain.")
    return Assessment(tuple(fits), grade, tuple(reasons))
