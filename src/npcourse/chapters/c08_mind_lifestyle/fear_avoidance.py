"""The fear-avoidance cycle as a small directed graph, and what each intervention aims at.

Nodes and links follow Vlaeyen & Linton 2000 (``vlaeyen2000fear``: pain-related fear at the
centre; confrontation versus avoidance; precursors such as negative affectivity and anxiety
sensitivity) and Leeuw et al. 2007 (``leeuw2007fear``: pain severity, catastrophising,
attention to pain, escape and avoidance, disability, disuse, vulnerabilities), as laid out in
provenance/08-notes.md, section 2. The model was built mainly in musculoskeletal pain, especially
low back pain; applying it to neuropathic pain is an extrapolation.

The *targets* of each intervention are the links it is INTENDED to weaken, as the chapter
describes them — not mechanisms that trials have proven. ``therapies`` name records in
therapies.yml that hold the evidence for the approach.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "SOURCES", "CHAPTER", "EXTRAPOLATION_NOTE", "INTENDED_NOTE", "NODES", "LINKS", "Intervention",
    "INTERVENTIONS", "node_label", "link_label", "intervention", "targeting", "vicious_circle_links",
    "evidence"
]

SOURCES = ("vlaeyen2000fear", "leeuw2007fear")
CHAPTER = "08-mind-lifestyle"
EXTRAPOLATION_NOTE = ("The model was developed mainly in musculoskeletal pain, especially low back "
                      "pain; using it in neuropathic pain is an extrapolation.")
INTENDED_NOTE = "Targets are the links an intervention is meant to weaken, not proven mechanisms."

# id: label (provenance/08-notes.md, section 2)
NODES = {
    "injury": "Injury or nerve lesion",
    "pain": "Pain experience",
    "vulnerabilities": "Vulnerabilities (negative affectivity, anxiety sensitivity)",
    "catastrophising": "Pain catastrophising (threat interpretation)",
    "fear": "Pain-related fear",
    "avoidance": "Escape and avoidance behaviour",
    "hypervigilance": "Attention to pain (hypervigilance)",
    "disuse": "Disuse, low mood, disability",
    "low-fear": "No catastrophising, low fear",
    "confrontation": "Confrontation (keeps doing activities)",
    "recovery": "Recovery",
}
LINKS = (
    ("injury", "pain"),
    ("pain", "catastrophising"),
    ("vulnerabilities", "catastrophising"),
    ("catastrophising", "fear"),
    ("fear", "avoidance"),
    ("fear", "hypervigilance"),
    ("avoidance", "disuse"),
    ("hypervigilance", "disuse"),
    ("disuse", "pain"),
    ("pain", "low-fear"),
    ("low-fear", "confrontation"),
    ("confrontation", "recovery"),
)


@dataclass(frozen=True)
class Intervention:
    id: str
    label: str
    targets: tuple[tuple[str, str], ...]
    therapies: tuple[str, ...]  # ids in therapies.yml (may be empty)
    note: str                   # where the evidence is discussed when there is no record


INTERVENTIONS = (
    Intervention("education", "Pain neuroscience education",
                 (("pain", "catastrophising"), ("catastrophising", "fear")),
                 ("pain-neuroscience-education",), ""),
    Intervention("cbt", "Cognitive behavioural therapy (CBT)",
                 (("catastrophising", "fear"), ("fear", "avoidance")),
                 ("cbt-chronic-pain", "cbt-neuropathic"), ""),
    Intervention("graded-exposure", "Graded exposure / graded activity",
                 (("fear", "avoidance"), ("avoidance", "disuse")), (),
                 "Not rated in this course's evidence map: Vlaeyen and Linton describe "
                 "confrontation letting fear fade; chapter 6 covers graded activity and exercise."),
    Intervention("act", "Acceptance and commitment therapy (ACT)",
                 (("fear", "avoidance"),), ("act",), ""),
    Intervention("mindfulness", "Mindfulness",
                 (("pain", "catastrophising"), ("fear", "hypervigilance")), ("mindfulness",), ""),
    Intervention("exercise", "Exercise programme",
                 (("avoidance", "disuse"), ("disuse", "pain")), (),
                 "Evidence for exercise is in chapter 6."),
    Intervention("medicines", "Medicines for neuropathic pain",
                 (("injury", "pain"),), (), "Evidence for medicines is in chapter 4."),
)


def node_label(node_id: str) -> str:
    return NODES[validate.choice("node_id", node_id, NODES)]


def link_label(link) -> str:
    """'Pain-related fear → Escape and avoidance behaviour' for ('fear', 'avoidance')."""
    a, b = _link(link)
    return f"{NODES[a]} → {NODES[b]}"


def _link(link) -> tuple[str, str]:
    if isinstance(link, str) and "->" in link:
        link = tuple(part.strip() for part in link.split("->"))
    if not (isinstance(link, (tuple, list)) and len(link) == 2):
        raise TypeError(f"link must be a (source, target) pair of node ids or 'source->target', got {link!r}")
    pair = (str(link[0]), str(link[1]))
    if pair not in LINKS:
        known = ", ".join(f"{a}->{b}" for a, b in LINKS)
        raise ValueError(f"link {pair[0]}->{pair[1]} is not in the model; links: {known}")
    return pair


def intervention(intervention_id: str) -> Intervention:
    ids = [i.id for i in INTERVENTIONS]
    validate.choice("intervention_id", intervention_id, ids)
    return next(i for i in INTERVENTIONS if i.id == intervention_id)


def targeting(link) -> list[str]:
    """Ids of the interventions meant to weaken ``link``, in menu order."""
    pair = _link(link)
    return [i.id for i in INTERVENTIONS if pair in i.targets]


def vicious_circle_links() -> list[tuple[str, str]]:
    """The links that lie on a cycle back to 'pain' (the self-sustaining part of the model)."""
    out = []
    for a, b in LINKS:
        if _reaches(b, "pain") and _reaches("pain", a):
            out.append((a, b))
    return out


def _reaches(start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        if n == goal:
            return True
        if n not in seen:
            seen.add(n)
            todo += [b for a, b in LINKS if a == n]
    return False


def evidence(intervention_id: str) -> list[dict]:
    """The therapies.yml records of an intervention (chapter 8's records only)."""
    records = {r["id"]: r for r in data.records("therapies", "therapies") if r["chapter"] == CHAPTER}
    out = []
    for t in intervention(intervention_id).therapies:
        if t not in records:
            raise data.DataError(f"therapies.yml has no chapter-8 record {t!r} (fear_avoidance.INTERVENTIONS)")
        out.append(records[t])
    return out
