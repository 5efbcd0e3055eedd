"""Chapter 2 models: conduction time, the gate-control cartoon and wind-up.

Three small models, each checked by unit tests against hand calculations:

- **Conduction time** ``t = d / v``. The velocity ranges of the Aβ, Aδ and C fibre classes
  are read from ``data/fibres.yml`` (one source, Kiernan's teaching table), never typed here.
  Over a distance, a fibre class arrives over a *range* of times: the fastest fibre of the
  class at ``d / v_max``, the slowest at ``d / v_min``.
- **Gate control** (:func:`gate_control`): a *teaching cartoon* of the idea of Melzack and
  Wall (1965), not a model of real neurons. Its constants are arbitrary.
- **Wind-up** (:func:`wind_up_response`): the response to each stimulus in a train of C-fibre
  stimuli. Flat below a threshold frequency (about 0.33 Hz in human heat studies), growing
  from stimulus to stimulus at or above it. The threshold is sourced; the growth curve is a
  cartoon with arbitrary constants.

Every public function validates its arguments (:mod:`npcourse.validate`) and raises
``TypeError`` or ``ValueError`` naming the parameter and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from npcourse import validate
from npcourse.facts import data

__all__ = [
    "TOUCH", "FIRST_PAIN", "SECOND_PAIN", "SPEEDS", "fibres", "fibre_ids", "fibre", "velocity_range",
    "conduction_time", "conduction_velocity", "Arrival", "arrival_times", "arrival_time", "pain_gap",
    "classes_for_velocity", "GateConstants", "GATE", "GateState", "gate_inhibition", "gate_control",
    "WIND_UP_THRESHOLD_HZ", "WIND_UP_SOURCES", "WIND_UP_STIMULI", "WindUpConstants", "WIND_UP",
    "winds_up", "stimulus_frequency", "wind_up_gain", "wind_up_response", "wind_up_train"
]

# --- fibres and conduction ------------------------------------------------------------

#: The fibre classes whose signals the chapter follows (ids as in fibres.yml).
TOUCH, FIRST_PAIN, SECOND_PAIN = "a-beta", "a-delta", "c"

#: Which fibre a speed choice picks from a class's velocity range.
SPEEDS = ("fastest", "slowest")


def fibres() -> dict[str, dict]:
    """The fibre classes of ``fibres.yml``, keyed by id (``'a-beta'``, ``'a-delta'``, ``'c'``)."""
    return data.by_id("fibres", "fibres")


def fibre_ids() -> list[str]:
    """Fibre ids in the order of the data file (fastest class first)."""
    return [f["id"] for f in data.records("fibres", "fibres")]


def fibre(fibre_id: str) -> dict:
    """One fibre class record; ``ValueError`` naming the allowed ids for an unknown one."""
    return fibres()[validate.choice("fibre_id", fibre_id, fibre_ids())]


def velocity_range(fibre_id: str) -> tuple[float, float]:
    """(slowest, fastest) conduction velocity of a fibre class in m/s, from fibres.yml."""
    low, high = fibre(fibre_id)["velocity_m_s"]
    if not 0 < low <= high:
        raise data.DataError(f"fibres.yml: {fibre_id!r} velocity_m_s must be 0 < low <= high, "
                             f"got {[low, high]}")
    return float(low), float(high)


def conduction_time(distance_m: float, velocity_m_s: float) -> float:
    """Time in seconds for an impulse to travel ``distance_m`` metres at ``velocity_m_s`` m/s."""
    distance_m = validate.number("distance_m", distance_m, minimum=0)
    velocity_m_s = validate.number("velocity_m_s", velocity_m_s, minimum=0, exclusive_minimum=True)
    return distance_m / velocity_m_s


def conduction_velocity(distance_m: float, time_s: float) -> float:
    """Conduction velocity in m/s of an impulse that covers ``distance_m`` in ``time_s``."""
    distance_m = validate.number("distance_m", distance_m, minimum=0, exclusive_minimum=True)
    time_s = validate.number("time_s", time_s, minimum=0, exclusive_minimum=True)
    return distance_m / time_s


@dataclass(frozen=True)
class Arrival:
    """When the signals of one fibre class arrive after travelling ``distance_m``."""

    fibre_id: str
    distance_m: float
    earliest_s: float  # carried by the fastest fibres of the class
    latest_s: float  # carried by the slowest fibres of the class


def arrival_times(distance_m: float, fibre_id: str) -> Arrival:
    """Earliest and latest arrival (s) of a fibre class's signal over ``distance_m`` metres."""
    distance_m = validate.number("distance_m", distance_m, minimum=0)
    slow, fast = velocity_range(fibre_id)
    return Arrival(fibre_id, distance_m, conduction_time(distance_m, fast),
                   conduction_time(distance_m, slow))


def arrival_time(distance_m: float, fibre_id: str, speed: str = "fastest") -> float:
    """Arrival time (s) of the ``'fastest'`` or ``'slowest'`` fibre of a class."""
    speed = validate.choice("speed", speed, SPEEDS)
    a = arrival_times(distance_m, fibre_id)
    return a.earliest_s if speed == "fastest" else a.latest_s


def pain_gap(distance_m: float, speed: str = "fastest") -> float:
    """Seconds between first pain (Aδ) and second pain (C) arriving over ``distance_m``.

    Compares like with like: the fastest Aδ with the fastest C fibre (the default), or the
    slowest with the slowest.
    """
    return arrival_time(distance_m, SECOND_PAIN, speed) - arrival_time(distance_m, FIRST_PAIN, speed)


def classes_for_velocity(velocity_m_s: float) -> list[str]:
    """Fibre classes whose velocity range (fibres.yml) includes ``velocity_m_s``.

    Ranges touch at their ends (Aδ up to 30 m/s, Aβ from 30 m/s), so a boundary value can
    fit two classes; a value in no range (e.g. 5 m/s) fits none.
    """
    velocity_m_s = validate.number("velocity_m_s", velocity_m_s, minimum=0, exclusive_minimum=True)
    return [fid for fid in fibre_ids()
            if velocity_range(fid)[0] <= velocity_m_s <= velocity_range(fid)[1]]


# --- gate control: a teaching cartoon ---------------------------------------------------

@dataclass(frozen=True)
class GateConstants:
    """Weights of the gate-control cartoon. ARBITRARY: chosen so the cartoon behaves as the
    chapter describes, not taken from any measurement.

    Interneuron (substantia gelatinosa) activity, always within 0–1 by construction::

        I = resting + from_large * L - from_small * S + from_descending * D

    Projection (transmission) neuron output, clipped to 0–1::

        T = clip(small_weight * S + large_weight * L - inhibition * I, 0, 1)

    With *disinhibition* the interneuron's inhibition is scaled by ``disinhibited_fraction``
    (loss of GABA/glycine inhibition), so touch input alone can drive the output.
    """

    resting: float = 0.2
    from_large: float = 0.5
    from_small: float = 0.2
    from_descending: float = 0.3
    small_weight: float = 1.0
    large_weight: float = 0.5
    inhibition: float = 1.5
    disinhibited_fraction: float = 0.1


GATE = GateConstants()


@dataclass(frozen=True)
class GateState:
    """The cartoon's two computed activities, each between 0 and 1 (arbitrary units)."""

    interneuron: float
    output: float


def gate_inhibition(disinhibited: bool = False) -> float:
    """Weight of the interneuron's inhibition on the projection neuron (cartoon constant)."""
    disinhibited = validate.boolean("disinhibited", disinhibited)
    return GATE.inhibition * (GATE.disinhibited_fraction if disinhibited else 1.0)


def gate_control(large: float, small: float, descending: float = 0.0, *,
                 disinhibited: bool = False) -> GateState:
    """Teaching cartoon of gate control (Melzack and Wall 1965); not a model of real neurons.

    Inputs are dimensionless activities from 0 (none) to 1 (maximal):

    - ``large``: large-fibre (Aβ, touch) input. Excites the inhibitory interneuron, which
      closes the gate; it also excites the projection neuron a little (convergence).
    - ``small``: small-fibre (Aδ/C, nociceptive) input. Excites the projection neuron and
      inhibits the inhibitory interneuron, which opens the gate.
    - ``descending``: descending inhibition from the brain. Excites the interneuron.
    - ``disinhibited``: True weakens the interneuron's inhibition (loss of spinal inhibition),
      so that large-fibre input alone drives the output: a cartoon of allodynia.

    Behaviour the chapter relies on (and the tests check): the output never falls when
    ``small`` rises, never rises when ``large`` or ``descending`` rises (with normal
    inhibition), is zero for touch alone, and rises with touch alone when ``disinhibited``.
    """
    large = validate.number("large", large, minimum=0, maximum=1)
    small = validate.number("small", small, minimum=0, maximum=1)
    descending = validate.number("descending", descending, minimum=0, maximum=1)
    g = GATE
    interneuron = g.resting + g.from_large * large - g.from_small * small + g.from_descending * descending
    interneuron = min(1.0, max(0.0, interneuron))  # within 0–1 by construction; guards rounding
    drive = g.small_weight * small + g.large_weight * large
    output = min(1.0, max(0.0, drive - gate_inhibition(disinhibited) * interneuron))
    return GateState(interneuron=interneuron, output=output)


# --- wind-up ----------------------------------------------------------------------------

#: Stimulation frequency (Hz) at and above which responses build up within a train: temporal
#: summation of second pain appeared with heat pulses every 3 s or faster (price1977peripheral)
#: and was robust at 0.33 Hz but absent at 0.17 Hz (staud2007brain).
WIND_UP_THRESHOLD_HZ = 0.33
WIND_UP_SOURCES = ("price1977peripheral", "staud2007brain", "mendell2022path")
#: Stimuli in the train the chapter's figure shows.
WIND_UP_STIMULI = 15


@dataclass(frozen=True)
class WindUpConstants:
    """Shape of the wind-up cartoon. ARBITRARY apart from the threshold (see above).

    ``R(n, f) = first * (1 + gain(f) * (1 - exp(-(n - 1) / build_up)))`` with
    ``gain(f) = 0`` below the threshold and ``max_gain * f / (f + half_gain_hz)`` at or above it.
    """

    first: float = 1.0
    max_gain: float = 2.0
    half_gain_hz: float = 0.5
    build_up: float = 4.0


WIND_UP = WindUpConstants()


def winds_up(frequency_hz: float) -> bool:
    """True if stimuli at ``frequency_hz`` are at or above the wind-up threshold."""
    frequency_hz = validate.number("frequency_hz", frequency_hz, minimum=0, exclusive_minimum=True)
    return frequency_hz >= WIND_UP_THRESHOLD_HZ


def stimulus_frequency(interval_s: float) -> float:
    """Frequency in Hz of stimuli repeated every ``interval_s`` seconds (1 / interval)."""
    interval_s = validate.number("interval_s", interval_s, minimum=0, exclusive_minimum=True)
    return 1.0 / interval_s


def wind_up_gain(frequency_hz: float) -> float:
    """How much the response can grow over a long train (0 below the threshold; cartoon)."""
    if not winds_up(frequency_hz):
        return 0.0
    f = float(frequency_hz)
    # max_gain * f / (f + half) written so that a huge frequency cannot overflow to inf
    return WIND_UP.max_gain / (1 + WIND_UP.half_gain_hz / f)


def wind_up_response(frequency_hz: float, stimulus_number: int) -> float:
    """Response (arbitrary units) to stimulus number ``stimulus_number`` (1, 2, ...) of a train.

    Cartoon shape: the first response is 1; below the threshold every response equals the
    first; at or above it each response is larger than the one before, levelling off.
    """
    gain = wind_up_gain(frequency_hz)
    n = validate.number("stimulus_number", stimulus_number, minimum=1, integer=True)
    return WIND_UP.first * (1 + gain * (1 - math.exp(-(n - 1) / WIND_UP.build_up)))


def wind_up_train(frequency_hz: float, stimuli: int = WIND_UP_STIMULI) -> list[float]:
    """Responses to each stimulus of a train of ``stimuli`` stimuli at ``frequency_hz``."""
    stimuli = int(validate.number("stimuli", stimuli, minimum=1, maximum=1000, integer=True))
    return [wind_up_response(frequency_hz, n) for n in range(1, stimuli + 1)]
