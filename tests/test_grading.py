"""The mechanistic-descriptor model behind chapter 1's explorer (Finnerup 2016 grading)."""

import pytest

from npcourse.models import neupsig_grading


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
    assert neupsig_grading.neuropathic_grade(findings) == grade


def test_descriptors_that_fit():
    assert neupsig_grading.assess({"tissue_damage": True}).fits == ("nociceptive",)
    assert neupsig_grading.assess({"hypersensitivity": True}).fits == ("nociplastic",)
    mixed = neupsig_grading.assess({"lesion_history": True, "plausible_distribution": True,
                            "sensory_signs": True, "tissue_damage": True})
    assert mixed.fits == ("neuropathic", "nociceptive")
    assert mixed.summary.startswith("Mixed pain")
    # Hypersensitivity is not called nociplastic while damage explains the pain.
    assert "nociplastic" not in neupsig_grading.assess({"hypersensitivity": True, "tissue_damage": True}).fits
    assert neupsig_grading.assess({}).summary.startswith("No descriptor fits")


def test_bad_findings_are_named():
    with pytest.raises(ValueError, match=r"unknown key\(s\) 'burning'"):
        neupsig_grading.assess({"burning": True})
    with pytest.raises(TypeError, match=r"findings\['tissue_damage'\] must be True or False"):
        neupsig_grading.assess({"tissue_damage": "yes"})
    with pytest.raises(TypeError, match="findings must be a dict"):
        neupsig_grading.neuropathic_grade(["lesion_history"])
