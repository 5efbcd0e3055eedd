"""Colours meet WCAG 2.1 AA contrast: chart marks (3:1 on white) and quiz text (4.5:1)."""

import pytest

from npcourse.ui import charts, quiz


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_on_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", charts.PALETTE + [charts.HIGHLIGHT])
def test_chart_colours_stand_out_on_white(colour):
    assert contrast(colour, "#ffffff") >= 3.0, colour


def test_muted_text_colour_is_readable():
    assert contrast(charts.MUTED, "#ffffff") >= 4.5


def test_palette_colours_are_distinct():
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


@pytest.mark.parametrize("background", ["--jq-multiple-choice-bg", "--jq-many-choice-bg", "--jq-numeric-bg"])
def test_quiz_question_text_is_readable(background):
    assert contrast(quiz.QUIZ_COLOURS["--jq-text-color"], quiz.QUIZ_COLOURS[background]) >= 4.5


@pytest.mark.parametrize("feedback", ["--jq-correct-color", "--jq-incorrect-color"])
def test_quiz_feedback_colours_are_readable(feedback):
    # Feedback text is drawn in these colours on the page's white background.
    assert contrast(quiz.QUIZ_COLOURS[feedback], "#ffffff") >= 4.5
