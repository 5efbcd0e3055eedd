"""TENS classification: the rules of provenance/06-notes.md, section 3, and input checks."""

from __future__ import annotations

import pytest

from npcourse.chapters.c06_rehabilitation import tens


@pytest.mark.parametrize("freq, pw, intensity, mode", [
    (100, 100, "strong-comfortable", "conventional"),
    (80, 250, "comfortable-tingling", "conventional"),     # pulse width does not decide
    (51, 50, "strong-comfortable", "conventional"),
    (50, 100, "strong-comfortable", "between"),            # "above 50 Hz"
    (2, 250, "muscle-contraction", "acupuncture-like"),
    (9, 60, "muscle-contraction", "acupuncture-like"),     # pulse width does not decide
    (10, 250, "muscle-contraction", "between"),            # "below 10 Hz"
    (2, 250, "comfortable-tingling", "between"),
    (120, 100, "muscle-contraction", "between"),
    (20, 150, "strong-comfortable", "between"),
    (2, 250, "painful", "painful"),
    (150, 50, "painful", "painful"),
    (100, 100, "below-sensation", "sub-sensory"),
    (2, 250, "below-sensation", "sub-sensory"),
])
def test_classification(freq, pw, intensity, mode):
    setting = tens.classify(freq, pw, intensity)
    assert setting.mode == mode == tens.mode(freq, pw, intensity)
    assert setting.pulse_width_us == pw and setting.frequency_hz == freq


def test_pulse_width_never_changes_the_mode():
    for intensity in tens.INTENSITIES:
        for f in (1, 5, 9.9, 10, 30, 50, 50.1, 100, 150):
            modes = {tens.mode(f, pw, intensity) for pw in (50, 100, 200, 250, 400)}
            assert len(modes) == 1


def test_rules_carry_sources_and_texts():
    assert tens.MODES == ("painful", "sub-sensory", "conventional", "acupuncture-like", "between")
    for r in tens.RULES:
        assert r.sources and r.thought_to and r.condition and r.label
        assert set(r.intensities) <= set(tens.INTENSITIES)
    assert set(tens.SENSORY) == {"comfortable-tingling", "strong-comfortable"}


@pytest.mark.parametrize("args, exc, message", [
    ((0, 100, "painful"), ValueError, "frequency_hz must be at least 1"),
    ((200, 100, "painful"), ValueError, "frequency_hz must be at most 150"),
    ((100, 20, "painful"), ValueError, "pulse_width_us must be at least 50"),
    ((100, 500, "painful"), ValueError, "pulse_width_us must be at most 400"),
    ((100, 100, "strong"), ValueError, "intensity must be one of 'below-sensation'"),
    (("100", 100, "painful"), TypeError, "frequency_hz must be a number"),
    ((100, 100, 3), TypeError, "intensity must be a string"),
])
def test_bad_input_names_the_parameter(args, exc, message):
    with pytest.raises(exc, match=message):
        tens.classify(*args)


def test_safety_note_carries_the_sensation_rule_and_contraindications():
    """Issue 23 item 1: TENS is never taught without its safety rules."""
    note = tens.SAFETY_NOTE
    for phrase in ("normal sensation", "test it first", "proximally", "check the skin",
                   "pacemaker", "ICD", "neurostimulator", "neck", "head", "chest", "pregnancy",
                   "broken skin", "cannot report", "epilepsy", "NG59"):
        assert phrase in note, phrase
    assert tens.SAFETY_SOURCES and all(isinstance(k, str) for k in tens.SAFETY_SOURCES)
