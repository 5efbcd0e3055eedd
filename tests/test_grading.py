"""The mechanistic-descriptor model behind chapter 1's explorer (Finnerup 2016 grading)."""

import pytest

from npcourse import grading


@pytest.mark.parametrize(
    "findings, grade",
    [
        ({}, "none"),
        ({"lesion_history": True}, "none"),
        ({"plausible_distribution": True, "sensory_signs": True, "diagnostic_test": True}, "none"),
        ({"lesion_history": True, "plausible_distribution": True}, "possible"),
        ({"lesion_history": True, "plausible_distribution": True, "sensory_signs": True}, "probable"),
        # Signs hard to show but the lesion confirmed by a test: still "probable".
        ({"lesion_history": True, "plausible_distribution": True, "diagnostic_test": True}, "probable"),
        ({"lesion_history": True, "plausible_distribution": True, "sensory_signs": True,
          "diagnostic_test": True}, "definite"),
    ],
)
def test_neuropathic_grade(findings, grade):
    assert grading.neuropathic_grade(findings) == grade


def test_descriptors_that_fit():
    assert grading.assess({"tissue_damage": True}).fits == ("nociceptive",)
    assert grading.assess({"hypersensitivity": True}).fits == ("nociplastic",)
    mixed = grading.assess({"lesion_history": True, "plausible_distribution": True,
                            "sensory_signs": True, "tissue_damage": True})
    assert mixed.fits == ("neuropathic", "nociceptive")
    assert mixed.summary.startswith("Mixed pain")
    # Hypersensitivity is not called nociplastic while damage explains the pain.
    assert "nociplastic" not in grading.assess({"hypersensitivity": True, "tissue_damage": True}).fits
    assert grading.assess({}).summary.startswith("No descriptor fits")


def test_bad_findings_are_named():
    with pytest.raises(ValueError, match=r"unknown key\(s\) 'burning'"):
        grading.assess({"burning": True})
    with pytest.raises(TypeError, match=r"findings\['tissue_damage'\] must be True or False"):
        grading.assess({"tissue_damage": "yes"})
    with pytest.raises(TypeError, match="findings must be a dict"):
        grading.neuropathic_grade(["lesion_history"])
