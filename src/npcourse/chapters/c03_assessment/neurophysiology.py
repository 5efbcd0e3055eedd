"""Nerve conduction: conduction velocity and the pattern of an abnormal study (chapter 3).

- :func:`conduction_velocity`: distance between two stimulation sites ÷ (proximal latency −
  distal latency) (MSD Manual 2023). Millimetres per millisecond are metres per second, so no
  conversion factor is needed.
- :func:`interpret`: the qualitative rules of Mallik & Weir 2005 (Table 1): slowing (reduced
  velocity and/or prolonged distal latency) with normal amplitude is the pattern of
  demyelination; small amplitude with normal velocity is the pattern of axonal loss; both
  abnormal is mixed; both normal is normal large-fibre conduction, which does not exclude a
  small-fibre neuropathy (Rosenberger et al. 2020; Devigili et al. 2008).

Normal limits depend on the nerve, age, height and laboratory, so :func:`interpret` has no
default: pass a :class:`ReferenceLimits`. The only sourced set the chapter's author read is
:data:`EXAMPLE_REFERENCE` (tibial motor nerve, healthy Korean men in their 20s; Kim et al.
2022). It is a labelled example, not a universal normal range. No sourced threshold separates
"demyelinating" from "axonal" degrees of slowing, so none is used: any slowing below the lower
limit together with a low amplitude is reported as mixed.

A teaching model, not a clinical tool.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate

__all__ = [
    "PATTERNS", "MAX_PLAUSIBLE_VELOCITY_M_S", "PATTERN_TEXT", "LAB_NOTE", "conduction_velocity",
    "ReferenceLimits", "EXAMPLE_REFERENCE", "EXAMPLE_RANGES", "Interpretation", "classify", "interpret",
    "study"
]

PATTERNS = ("normal", "demyelination", "axonal", "mixed")

# Plausibility ceiling. The fastest fibres in the course's fibre table (fibres.yml, from
# kiernan2003fibres) conduct at up to 80 m/s; normal motor velocities in the example reference
# are far lower. A result above 100 m/s cannot come from a human nerve and means a wrong
# distance or latency (for example a proximal latency only just above the distal one).
MAX_PLAUSIBLE_VELOCITY_M_S = 100.0

# Mallik & Weir 2005 (mallik2005ncs) Table 1 and, for a normal study, Rosenberger et al. 2020 /
# Devigili et al. 2008: the words shown for each pattern (provenance/03-models.md, section 3).
PATTERN_TEXT = {
    "demyelination": "Slowing: pattern of demyelination.",
    "axonal": "Low amplitude: pattern of axonal loss.",
    "mixed": "Mixed: both processes may coexist; clinical interpretation needed.",
    "normal": "Normal large-fibre conduction; this does not exclude small-fibre neuropathy.",
}
LAB_NOTE = ("Each laboratory uses its own normal values by nerve, age and height; the limits "
            "here are one published example.")


def conduction_velocity(distance_mm, proximal_latency_ms, distal_latency_ms) -> float:
    """Conduction velocity in m/s from the distance between two stimulation sites (mm) and the
    latencies (ms) of the responses to proximal and distal stimulation.

    >>> conduction_velocity(225, 8.0, 3.5)
    50.0
    """
    distance = validate.number("distance_mm", distance_mm, minimum=0, exclusive_minimum=True)
    proximal = validate.number("proximal_latency_ms", proximal_latency_ms, minimum=0,
                               exclusive_minimum=True)
    distal = validate.number("distal_latency_ms", distal_latency_ms, minimum=0,
                             exclusive_minimum=True)
    difference = proximal - distal
    if difference <= 0:
        raise ValueError(
            "proximal_latency_ms must be greater than distal_latency_ms (the latency difference "
            f"proximal − distal must be > 0), got {proximal:g} − {distal:g} = {difference:g} ms: "
            "check the latencies")
    velocity = distance / difference  # mm/ms == m/s
    if velocity > MAX_PLAUSIBLE_VELOCITY_M_S:
        raise ValueError(
            f"conduction velocity {velocity:g} m/s (distance_mm {distance:g} ÷ latency difference "
            f"{difference:g} ms) is physically impossible for a human nerve (the course accepts at "
            f"most {MAX_PLAUSIBLE_VELOCITY_M_S:g} m/s; the fastest fibres in its fibre table "
            "conduct at up to 80 m/s). Check the distance and that the "
            "proximal latency is really the longer one.")
    return velocity


@dataclass(frozen=True)
class ReferenceLimits:
    """Limits of normal for one nerve in one population (from a named source)."""

    label: str
    velocity_min_m_s: float       # below this, conduction is slowed
    amplitude_min_mv: float       # below this, the amplitude is low
    distal_latency_max_ms: float  # above this, the distal latency is prolonged
    source: str

    def __post_init__(self):
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError("label must be non-empty text naming the nerve and population")
        if not isinstance(self.source, str) or not self.source.strip():
            raise ValueError("source must name where the limits come from (a BibTeX key)")
        for name in ("velocity_min_m_s", "amplitude_min_mv", "distal_latency_max_ms"):
            validate.number(name, getattr(self, name), minimum=0, exclusive_minimum=True)


# Kim et al. 2022 (kim2022ncsreference), as read by the chapter's author: tibial motor nerve,
# healthy Korean men in their 20s. Means 4.3 ms, 7.1 mV and 50.7 m/s; the limits below are the
# ends of the reference ranges 3.1-5.4 ms, 3.4-10.9 mV and 42.2-59.3 m/s.
EXAMPLE_REFERENCE = ReferenceLimits(
    label="Example reference: tibial motor nerve, healthy Korean men in their 20s",
    velocity_min_m_s=42.2,
    amplitude_min_mv=3.4,
    distal_latency_max_ms=5.4,
    source="kim2022ncsreference",
)
# The rest of the published example, for display (means and upper/lower ends of each range).
EXAMPLE_RANGES = {
    "distal_latency_ms": (3.1, 4.3, 5.4),
    "amplitude_mv": (3.4, 7.1, 10.9),
    "velocity_m_s": (42.2, 50.7, 59.3),
}


@dataclass(frozen=True)
class Interpretation:
    pattern: str
    slowed: bool
    prolonged_latency: bool
    low_amplitude: bool
    text: str


def classify(slowing: bool, low_amplitude: bool) -> str:
    """The pattern for the two findings (the whole rule table, so charts can precompute it)."""
    validate.boolean("slowing", slowing)
    validate.boolean("low_amplitude", low_amplitude)
    if slowing and low_amplitude:
        return "mixed"
    if slowing:
        return "demyelination"
    if low_amplitude:
        return "axonal"
    return "normal"


def interpret(velocity_m_s, amplitude_mv, distal_latency_ms, reference: ReferenceLimits) -> Interpretation:
    """Slowing (velocity below, or distal latency above, the limits) against low amplitude."""
    if not isinstance(reference, ReferenceLimits):
        raise TypeError("reference must be a ReferenceLimits (for example "
                        "neurophysiology.EXAMPLE_REFERENCE); normal values depend on the nerve, "
                        "age and laboratory, so there is no default")
    v = validate.number("velocity_m_s", velocity_m_s, minimum=0, exclusive_minimum=True)
    a = validate.number("amplitude_mv", amplitude_mv, minimum=0)
    dl = validate.number("distal_latency_ms", distal_latency_ms, minimum=0, exclusive_minimum=True)
    slowed = v < reference.velocity_min_m_s
    prolonged = dl > reference.distal_latency_max_ms
    low = a < reference.amplitude_min_mv
    pattern = classify(slowed or prolonged, low)
    return Interpretation(pattern, slowed, prolonged, low, PATTERN_TEXT[pattern])


def study(distance_mm, proximal_latency_ms, distal_latency_ms, amplitude_mv,
          reference: ReferenceLimits) -> tuple[float, Interpretation]:
    """Velocity and interpretation of one two-site study in one call."""
    v = conduction_velocity(distance_mm, proximal_latency_ms, distal_latency_ms)
    return v, interpret(v, amplitude_mv, distal_latency_ms, reference)
