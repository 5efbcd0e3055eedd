"""Chapter 1: charts build from data, bad input is named, and every check rejects wrong answers."""

from __future__ import annotations

import pytest

from npcourse.chapters.c01_pain_types import checks as check
from npcourse.chapters.c01_pain_types import figures
from npcourse.chapters.c01_pain_types import widgets as demos
from npcourse.facts import data
from npcourse.marking import core
from npcourse.ui import live

from .phone_layouts import assert_phone_layout_keeps_everything

MECH = {v["id"]: v["mechanism"] for v in data.records("vignettes", "vignettes")}
SIGN = {t["term"]: t["sign"] for t in data.records("sensory_terms", "terms")}
SITE = {c["id"]: c["site"] for c in data.records("conditions", "conditions")}
GRADE = {"A": "possible", "B": "probable", "C": "definite", "D": "none"}


def flip(answers, choices):
    """The same answers with the first one changed to another allowed label."""
    first = next(iter(answers))
    other = next(c for c in choices if c != answers[first])
    return {**answers, first: other}


def test_correct_answers_pass():
    assert check.check_mechanisms(MECH).passed
    assert check.check_signs(SIGN).passed
    assert check.check_sites(SITE).passed
    assert check.check_grades(GRADE).passed
    low, high = check.prevalence_range()
    assert check.check_case_estimate(check.POPULATION * low / 100, check.POPULATION * high / 100).passed


def test_answers_are_case_and_space_insensitive():
    assert check.check_sites({k: f" {v.upper()} " for k, v in SITE.items()}).passed


@pytest.mark.parametrize(
    "call",
    [
        lambda: check.check_mechanisms(flip(MECH, check.MECHANISMS)),
        # A classic confusion: calling every vignette neuropathic.
        lambda: check.check_mechanisms({k: "neuropathic" for k in MECH}),
        lambda: check.check_signs(flip(SIGN, check.SIGNS)),
        lambda: check.check_sites(flip(SITE, check.SITES)),
        lambda: check.check_grades({**GRADE, "D": "possible"}),
        lambda: check.check_grades({**GRADE, "C": "probable"}),
    ],
)
def test_plausible_wrong_answers_are_rejected(call):
    result = call()
    assert result.status == core.WRONG and result.message


def test_expected_cases_wrong_answers_get_specific_hints():
    low, high = check.prevalence_range()
    n = check.POPULATION
    swapped = check.check_case_estimate(n * high / 100, n * low / 100)
    assert swapped.status == core.WRONG and "swapped" in swapped.message
    percent = check.check_case_estimate(n * low, n * high)
    assert percent.status == core.WRONG and "per cent" in percent.message
    off = check.check_case_estimate(n * low / 100 + 50, n * high / 100)
    assert off.status == core.WRONG


def test_stubs_report_not_answered():
    for result in (check.check_mechanisms(...), check.check_signs(...), check.check_sites(...),
                   check.check_grades(...), check.check_case_estimate(..., 3)):
        assert result.status == core.UNANSWERED
        assert "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(TypeError, match="sites must be a dict"):
        check.check_sites(list(SITE))
    with pytest.raises(ValueError, match="sites is missing key"):
        check.check_sites(dict(list(SITE.items())[1:]))
    with pytest.raises(ValueError, match="unexpected key"):
        check.check_sites({**SITE, "not-a-condition": "central"})
    first = next(iter(SITE))
    with pytest.raises(ValueError, match=rf"sites\['{first}'\] must be one of 'peripheral', 'central'"):
        check.check_sites({**SITE, first: "spinal"})
    with pytest.raises(TypeError, match="low_count must be a number"):
        check.check_case_estimate("1725", 2500)


def test_expected_cases_validates():
    assert figures.expected_cases(1000, 10) == 100
    with pytest.raises(ValueError, match="percent must be at most 100"):
        figures.expected_cases(1000, 120)
    with pytest.raises(ValueError, match="adults must be at least 0"):
        figures.expected_cases(-5, 10)


def test_sensory_map_has_every_term_once_and_its_definition():
    df = figures.sensory_terms_frame()
    placed = df[df["term"] != ""]
    assert sorted(placed["term"]) == sorted(SIGN)
    assert len(df) == len(figures.STIMULI) * len(figures.RESPONSES)
    assert all(placed["definition"].str.len() > 20)




def test_mechanism_table_renders_three_descriptors():
    html = figures.mechanism_table().data
    for name in ("Nociceptive", "Neuropathic", "Nociplastic"):
        assert name in html
    assert "<caption>" in html


def test_live_demo_static_and_live(monkeypatch):
    monkeypatch.setenv(live.STATIC_ENV, "1")
    assert live.static_mode()
    assert "Person" in demos.examples_table().data
    monkeypatch.delenv(live.STATIC_ENV)
    box = demos.mechanism_explorer()
    out = box.children[-1]
    before = out.value
    box.children[1].value = True   # history of a lesion
    box.children[2].value = True   # plausible distribution
    assert out.value != before and "possible" in out.value


def test_chart_html_carries_title_and_description_for_screen_readers(monkeypatch):
    monkeypatch.setenv("NPCOURSE_STATIC", "1")  # the book's HTML; in class JupyterLab draws the spec
    bundle = figures.prevalence_chart()._repr_mimebundle_()
    html = bundle[0]["text/html"] if isinstance(bundle, tuple) else bundle["text/html"]
    assert html.startswith('<figure class="np-chart" role="figure" aria-label="How many people')
    assert '<figcaption class="np-visually-hidden">' in html and "slider" in html


@pytest.mark.parametrize("build", [
    lambda: figures.prevalence_chart(adults=100000),
], ids=["prevalence_chart"])
def test_phone_layouts_keep_every_control_and_layer_and_fit(monkeypatch, build):
    """The phone layout (issue 16 item 4) in starting states other than the chart's first (every
    chart's first state: test_chapter_contracts.py) binds the same controls, draws the same marks
    and fits the 342 px column at 390 px."""
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    assert_phone_layout_keeps_everything(build())

