"""Where each interventional option sits on a stepped-care ladder (chapter 7).

A TEACHING SYNTHESIS of the chapter's sources, not a guideline: the rules below use only the
criteria those sources state (provenance/07-notes.md, section 1). Two inputs place the ladder:

- ``response`` to earlier treatment: ``RESPONSES`` (not yet tried → one drug class failed or
  not tolerated → several options failed, pain for 6 months or more);
- ``severity``: ``SEVERITIES`` (severe = at least 50 mm on a 0–100 mm visual analogue scale,
  the threshold NICE TA159 uses for spinal cord stimulation).

For one person, ``radicular`` (True/False) says whether the pain is radicular: the epidural
steroid rung applies to radicular pain only. The generic ladder (``radicular=None``) marks that
rung as "radicular pain only" instead. Following NICE NG59, the epidural rung is for ACUTE AND
SEVERE sciatica: it needs severe pain, not a failed drug class (acuteness is not an input here; the
rule text says so). Radicular pain (sciatica) also has its own drug rules in NG59, noted on rungs 1
and 2: no gabapentinoids, other antiepileptics, oral corticosteroids or benzodiazepines, and no
opioids for chronic sciatica.

A further input, ``diagnosis``, only concerns the cause-directed operations that sit OFF the ladder
(they can come earlier when a structural cause is found): carpal tunnel release and
microvascular decompression for classical trigeminal neuralgia.

For learning only — not a referral tool.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate

__all__ = [
    "RESPONSES", "RESPONSE_LABELS", "SEVERITIES", "SEVERITY_LABELS", "DIAGNOSES", "DIAGNOSIS_LABELS",
    "CAPTION", "Option", "LADDER", "RECOMMENDED_AGAINST", "SURGERY", "OPTIONS", "reasonable",
    "placement", "highest_rung", "surgery_options"
]

RESPONSES = ("not-yet-tried", "one-class-failed", "several-failed")
RESPONSE_LABELS = {
    "not-yet-tried": "not yet tried",
    "one-class-failed": "one drug class failed or not tolerated",
    "several-failed": "several options failed, pain for 6 months or more",
}
SEVERITIES = ("mild-to-moderate", "severe")
SEVERITY_LABELS = {"mild-to-moderate": "mild to moderate",
                   "severe": "severe (at least 50 mm on a 0–100 mm VAS)"}
DIAGNOSES = ("other", "carpal-tunnel-syndrome", "classical-trigeminal-neuralgia")
DIAGNOSIS_LABELS = {"other": "other", "carpal-tunnel-syndrome": "carpal tunnel syndrome",
                    "classical-trigeminal-neuralgia": "classical trigeminal neuralgia"}
CAPTION = ("Teaching map, not a guideline: a synthesis of the chapter's sources. Procedures are "
           "added to, not substituted for, earlier care.")


@dataclass(frozen=True)
class Option:
    """One option and the rule that makes it "reasonable to discuss".

    ``min_response``: the least response (index in ``RESPONSES``) at which it becomes
    reasonable; ``needs_severe``: also requires severe pain; ``diagnosis``: for the
    cause-directed operations, the diagnosis it belongs to (``None`` on the ladder);
    ``or_severe``: for an operation, severe symptoms alone are enough; ``radicular_only``:
    applies only to radicular pain.
    """

    id: str
    rung: int | None
    name: str
    rule: str
    note: str
    sources: tuple[str, ...]
    min_response: int = 0
    needs_severe: bool = False
    diagnosis: str | None = None
    or_severe: bool = False
    radicular_only: bool = False


LADDER = (
    Option("foundations", 0, "Diagnosis, education, rehabilitation, psychological care",
           "always", "The base of every step: procedures are added to it, not substituted for it.",
           ("dworkin2013interventional",)),
    Option("first-line-medicines", 1, "First-line medicines (TCA, SNRI, α2δ ligand)", "always",
           "Chapter 4: first line in NeuPSIG 2025. Not for sciatica: NICE NG59 advises against "
           "gabapentinoids and other antiepileptics for sciatica (pregabalin did no better than "
           "placebo in the PRECISE trial).",
           ("soliman2025pharmacotherapy", "nice_ng59", "mathieson2017pregabalin")),
    Option("later-line-medicines-rtms", 2, "Second- and third-line medicines; rTMS where available",
           "after one drug class failed or was not tolerated",
           "rTMS: third line, weak recommendation (low certainty, cost, limited availability), "
           "as reported in news summaries of NeuPSIG 2025. For chronic sciatica NICE NG59 advises "
           "against opioids.",
           ("apha2025neupsig", "wits2025neupsig", "nice_ng59"), min_response=1),
    Option("epidural-steroid", 3, "Epidural steroid injection (radicular pain only)",
           "acute and severe sciatica (radicular pain), whether or not a drug has been tried",
           "NICE NG59: consider epidural local anaesthetic and steroid in acute and severe "
           "sciatica (acuteness is not an input of this map); not for neurogenic claudication "
           "from central spinal canal stenosis. Small short-term benefit (moderate certainty); "
           "weak NeuPSIG 2013 recommendation; FDA 2014 warning of rare serious harm.",
           ("nice_ng59", "oliveira2020esi", "dworkin2013interventional", "fda2014esi"),
           needs_severe=True, radicular_only=True),
    Option("implanted-stimulation", 4,
           "Implanted stimulation (SCS, DRG or PNS)",
           "after several options failed, pain for 6 months or more, AND severe pain",
           "DRG stimulation was studied in lower-limb CRPS or causalgia, PNS in chronic pain of "
           "peripheral nerve origin. NICE TA159 for SCS: at least 50 mm on a 0–100 mm VAS for at "
           "least 6 months despite appropriate conventional management, a successful trial of "
           "stimulation and multidisciplinary assessment; not for ischaemic pain outside research.",
           ("nice2008ta159", "deer2017accurate", "deer2016pns"), min_response=2, needs_severe=True),
    Option("intrathecal-delivery", 5, "Intrathecal drug delivery",
           "after several options failed AND severe pain",
           "Only when other treatments, including systemic analgesics, have failed or are not "
           "tolerated (ziconotide label).", ("prialt_label",), min_response=2, needs_severe=True),
)
# Shown at rung 3 as crossed out: never "reasonable to discuss".
RECOMMENDED_AGAINST = Option(
    "sympathetic-block-phn", 3, "Sympathetic block for postherpetic neuralgia", "never",
    "Recommended against (NeuPSIG 2013).", ("dworkin2013interventional",), min_response=99)
SURGERY = (
    Option("carpal-tunnel-release", None, "Carpal tunnel release",
           "after non-surgical treatment, or sometimes first for severe symptoms",
           "Probably more people improve than with splinting at 6–12 months (moderate certainty); "
           "no trial against placebo surgery.", ("karjalainen2024cts",), min_response=1,
           diagnosis="carpal-tunnel-syndrome", or_severe=True),
    Option("microvascular-decompression", None, "Microvascular decompression",
           "classical trigeminal neuralgia when carbamazepine or oxcarbazepine fail or are not "
           "tolerated",
           "Observational evidence only; risks include hearing loss, numbness and stroke.",
           ("baldauf2019compression", "bendtsen2019ean"), min_response=1,
           diagnosis="classical-trigeminal-neuralgia"),
)
OPTIONS = {o.id: o for o in (*LADDER, RECOMMENDED_AGAINST, *SURGERY)}


def _inputs(response, severity, diagnosis, radicular=None) -> tuple[int, bool, str, bool | None]:
    validate.choice("response", response, RESPONSES)
    validate.choice("severity", severity, SEVERITIES)
    validate.choice("diagnosis", diagnosis, DIAGNOSES)
    if radicular is not None:
        validate.boolean("radicular", radicular)
    return RESPONSES.index(response), severity == "severe", diagnosis, radicular


def _fits(o: Option, level: int, severe: bool, diagnosis: str, radicular: bool | None = None) -> bool:
    if o.diagnosis is not None and o.diagnosis != diagnosis:
        return False
    if o.radicular_only and radicular is False:
        return False
    if o.or_severe and severe:
        return True
    return level >= o.min_response and (severe or not o.needs_severe)


def reasonable(option_id: str, response: str, severity: str, diagnosis: str = "other",
               radicular: bool | None = None) -> bool:
    """True if ``option_id`` is "reasonable to discuss" for these inputs (see the module doc)."""
    validate.choice("option_id", option_id, OPTIONS)
    return _fits(OPTIONS[option_id], *_inputs(response, severity, diagnosis, radicular))


def placement(response: str, severity: str, diagnosis: str = "other",
              radicular: bool | None = None) -> list[dict]:
    """Every option (ladder, the recommended-against block, operations) with its status.

    Each row: ``id``, ``rung`` (None for the operations), ``name``, ``reasonable`` (bool),
    ``rule``, ``note``, ``sources``.
    """
    args = _inputs(response, severity, diagnosis, radicular)
    return [{"id": o.id, "rung": o.rung, "name": o.name, "reasonable": _fits(o, *args),
             "rule": o.rule, "note": o.note, "sources": o.sources} for o in OPTIONS.values()]


def highest_rung(response: str, severity: str, radicular: bool) -> int:
    """The highest ladder rung that is reasonable to discuss for one person (0–5)."""
    validate.boolean("radicular", radicular)
    args = _inputs(response, severity, "other", radicular)
    return max(o.rung for o in LADDER if _fits(o, *args))


def surgery_options(response: str, severity: str, diagnosis: str) -> list[str]:
    """Ids of the cause-directed operations reasonable to discuss (often none)."""
    args = _inputs(response, severity, diagnosis)
    return [o.id for o in SURGERY if _fits(o, *args)]

