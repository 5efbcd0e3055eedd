"""TENS settings: which of the two classic modes a combination of frequency and intensity is.

The rules (provenance/06-notes.md, section 3) come from the sources named on each rule; pulse
width is reported but deliberately NOT used, because the sources give overlapping ranges
(about 50–250 µs overall, about 200–250 µs for acupuncture-like TENS; ``almeida2017tensprotocol``).
Rules are tried in order and the first that matches fires; anything no rule matches lies
between the two classic modes.
"""

from __future__ import annotations

from dataclasses import dataclass

from npcourse import validate

__all__ = [
    "FREQUENCY_RANGE", "PULSE_WIDTH_RANGE", "INTENSITIES", "SENSORY", "PULSE_WIDTH_NOTE",
    "PULSE_WIDTH_SOURCES", "SAFETY_NOTE", "SAFETY_SOURCES", "Rule", "RULES", "BETWEEN", "MODES",
    "Setting", "classify", "mode"
]

# Teaching ranges of this model (the controls of the chapter's explorer).
FREQUENCY_RANGE = (1, 150)       # Hz
PULSE_WIDTH_RANGE = (50, 400)    # µs

# Intensity as the user feels it, weakest first: id -> label.
INTENSITIES = {
    "below-sensation": "below sensation",
    "comfortable-tingling": "comfortable tingling (sensory only)",
    "strong-comfortable": "strong but comfortable (no contraction)",
    "muscle-contraction": "muscle contraction or twitch",
    "painful": "painful",
}
SENSORY = ("comfortable-tingling", "strong-comfortable")

PULSE_WIDTH_NOTE = ("Pulse width is shown but not used to classify: conventional TENS usually "
                    "uses shorter pulses, acupuncture-like TENS longer ones (about 200–250 µs); "
                    "the usual overall range is 50–250 µs.")
PULSE_WIDTH_SOURCES = ("almeida2017tensprotocol",)

# Shown wherever the explorer is shown; the full list is the `safety` record of therapies.yml.
SAFETY_NOTE = ("Electrodes only over skin with normal sensation (test it first; if the painful "
               "area is numb, place them proximally or in the same spinal segment; check the skin "
               "after each session). Not with a pacemaker, ICD or implanted neurostimulator; not "
               "over the front of the neck, through the head, across the chest, over the abdomen "
               "or pelvis in pregnancy, or over broken skin; not for people who cannot report "
               "what they feel; caution in epilepsy. NICE NG59: not for low back pain or sciatica.")
SAFETY_SOURCES = ("houghton2010epa", "prizm_microz_label", "nice_ng59")


@dataclass(frozen=True)
class Rule:
    """One classification rule. Frequency bounds are exclusive; None means no bound."""

    mode: str
    label: str
    intensities: tuple[str, ...]
    above_hz: float | None
    below_hz: float | None
    condition: str
    thought_to: str
    sources: tuple[str, ...]

    def matches(self, frequency_hz: float, intensity: str) -> bool:
        return (intensity in self.intensities
                and (self.above_hz is None or frequency_hz > self.above_hz)
                and (self.below_hz is None or frequency_hz < self.below_hz))


RULES = (
    Rule("painful", "Painful stimulation", ("painful",), None, None,
         "intensity is painful",
         "Not what the large meta-analysis tested: it accepted only trials using a strong, "
         "non-painful sensation. Some authors call low-frequency stimulation at a painful "
         "intensity acupuncture-like.",
         ("johnson2022metatens", "sluka_tens_mechanisms")),
    Rule("sub-sensory", "Below sensation", ("below-sensation",), None, None,
         "intensity is below sensation",
         "Probably too weak: the large meta-analysis required a strong, non-painful sensation, "
         "so it gives no evidence for stimulation that cannot be felt.",
         ("johnson2022metatens",)),
    Rule("conventional", "Conventional TENS", SENSORY, 50, None,
         "frequency above 50 Hz at a sensory (non-contracting) intensity",
         "Activates large sensory (Aβ) fibres: segmental ('gate control') inhibition, with the "
         "effect mainly where it is applied; δ-opioid receptors in animal studies.",
         ("sluka_tens_mechanisms", "almeida2017tensprotocol", "peng2019tens",
          "liebano2011tolerance", "melzack1965pain")),
    Rule("acupuncture-like", "Acupuncture-like TENS", ("muscle-contraction",), None, 10,
         "frequency below 10 Hz, strong enough to make muscles contract",
         "A more widespread effect, linked to endogenous opioids (μ-opioid receptors in animal "
         "studies) and descending inhibition.",
         ("sluka_tens_mechanisms", "almeida2017tensprotocol", "peng2019tens",
          "liebano2011tolerance")),
)
BETWEEN = Rule("between", "Between the two classic modes", tuple(INTENSITIES), None, None,
               "no rule above matches (for example 10–50 Hz, or high frequency at motor level)",
               "The sources read describe the two classic modes only; mechanisms of other "
               "combinations are less well characterised.", ())
MODES = tuple(r.mode for r in RULES) + (BETWEEN.mode,)


@dataclass(frozen=True)
class Setting:
    """A classified TENS setting."""

    frequency_hz: float
    pulse_width_us: float
    intensity: str
    rule: Rule

    @property
    def mode(self) -> str:
        return self.rule.mode


def classify(frequency_hz, pulse_width_us, intensity: str) -> Setting:
    """The TENS mode of a setting: the first rule of :data:`RULES` that matches, else 'between'.

    ``frequency_hz`` in Hz, ``pulse_width_us`` in µs (checked but not used to classify),
    ``intensity`` one of :data:`INTENSITIES`.
    """
    f = validate.number("frequency_hz", frequency_hz, minimum=FREQUENCY_RANGE[0],
                        maximum=FREQUENCY_RANGE[1])
    pw = validate.number("pulse_width_us", pulse_width_us, minimum=PULSE_WIDTH_RANGE[0],
                         maximum=PULSE_WIDTH_RANGE[1])
    validate.choice("intensity", intensity, INTENSITIES)
    rule = next((r for r in RULES if r.matches(f, intensity)), BETWEEN)
    return Setting(f, pw, intensity, rule)


def mode(frequency_hz, pulse_width_us, intensity: str) -> str:
    """Just the mode id of :func:`classify` (``'conventional'``, ``'acupuncture-like'``, ...)."""
    return classify(frequency_hz, pulse_width_us, intensity).mode
