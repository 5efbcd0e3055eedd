"""Exercise-dose models: HRmax formulas, heart-rate reserve, Karvonen, ACSM classes, the
illustrative FITT progression and the illustrative balance progression."""

from __future__ import annotations

import itertools

import pytest

from npcourse.chapters.c06_rehabilitation import balance, exercise_dosing

# --- heart rate ----------------------------------------------------------------------------

@pytest.mark.parametrize("age, formula, want", [
    (64, "tanaka", 163.2), (58, "tanaka", 167.4), (50, "tanaka", 173.0), (70, "tanaka", 159.0),
    (64, "220-age", 156), (60, "220-age", 160), (40, "tanaka", 180.0), (40, "220-age", 180),
])
def test_hr_max_worked_values(age, formula, want):
    assert exercise_dosing.hr_max(age, formula) == pytest.approx(want)


def test_default_formula_is_tanaka():
    assert exercise_dosing.hr_max(64) == pytest.approx(208 - 0.7 * 64)


@pytest.mark.parametrize("age, rest, frac, formula, hrr, thr", [
    # provenance/06-notes.md, section 1 (text, exercise ex-ch06-1, quiz q04 and q05)
    (64, 70, 0.40, "tanaka", 93.2, 107.3),
    (64, 70, 0.59, "tanaka", 93.2, 125.0),
    (64, 70, 0.40, "220-age", 86, 104.4),
    (64, 70, 0.59, "220-age", 86, 120.7),
    (58, 76, 0.50, "tanaka", 91.4, 121.7),
    (70, 68, 0.40, "tanaka", 91, 104.4),
    (60, 80, 0.60, "220-age", 80, 128.0),
])
def test_karvonen_worked_values(age, rest, frac, formula, hrr, thr):
    top = exercise_dosing.hr_max(age, formula)
    assert exercise_dosing.heart_rate_reserve(top, rest) == pytest.approx(hrr)
    assert exercise_dosing.round_half_up(exercise_dosing.karvonen(age, rest, frac, formula), 1) == pytest.approx(thr)
    assert exercise_dosing.target_heart_rate(top, rest, frac) == pytest.approx(rest + frac * (top - rest))


def test_karvonen_ends_of_the_scale():
    assert exercise_dosing.karvonen(64, 70, 0) == pytest.approx(70)
    assert exercise_dosing.karvonen(64, 70, 1) == pytest.approx(exercise_dosing.hr_max(64))


def test_rounding_is_half_up():
    assert exercise_dosing.round_half_up(107.5) == 108
    assert exercise_dosing.round_half_up(106.5) == 107          # Python's round() would give 106
    assert exercise_dosing.round_half_up(124.988) == 125
    assert exercise_dosing.round_half_up(121.65, 1) == pytest.approx(121.7)


@pytest.mark.parametrize("frac, band", [
    (0.0, "below-light"), (0.29, "below-light"), (0.299, "below-light"), (0.30, "light"),
    (0.395, "light"), (0.40, "moderate"), (0.59, "moderate"), (0.599, "moderate"),
    (0.60, "vigorous"), (0.89, "vigorous"), (0.90, "near-maximal"), (1.0, "near-maximal"),
])
def test_intensity_class_boundaries(frac, band):
    assert exercise_dosing.intensity_class(frac).id == band


def test_bands_are_contiguous_whole_percentages():
    bands = exercise_dosing.BANDS
    assert bands[0].low_pct == 0 and bands[-1].high_pct == 100
    for a, b in zip(bands, bands[1:], strict=False):
        assert b.low_pct == a.high_pct + 1
    assert [(b.low_pct, b.high_pct) for b in bands[1:4]] == [(30, 39), (40, 59), (60, 89)]
    assert exercise_dosing.band("moderate").label == "Moderate (40–59% of HRR)"
    assert exercise_dosing.band("below-light").label == "Below light (below 30% of HRR)"


def test_zone_and_zones_agree():
    lo, hi = exercise_dosing.zone(64, 70, "moderate")
    assert (round(lo, 1), round(hi, 1)) == (107.3, 125.0)
    z = exercise_dosing.zones(64, 70).set_index("band")
    assert z.loc["moderate", "low_bpm"] == pytest.approx(lo)
    assert z.loc["near-maximal", "high_bpm"] == pytest.approx(exercise_dosing.hr_max(64))
    assert list(z.index) == [b.id for b in exercise_dosing.BANDS]


@pytest.mark.parametrize("call, exc, message", [
    (lambda: exercise_dosing.hr_max(10), ValueError, "age must be at least 18"),
    (lambda: exercise_dosing.hr_max(95), ValueError, "age must be at most 90"),
    (lambda: exercise_dosing.hr_max("64"), TypeError, "age must be a number"),
    (lambda: exercise_dosing.hr_max(64, "fox"), ValueError, "formula must be one of 'tanaka', '220-age'"),
    (lambda: exercise_dosing.karvonen(64, 30, 0.5), ValueError, "hr_rest must be at least 40"),
    (lambda: exercise_dosing.karvonen(64, 130, 0.5), ValueError,
     "hr_rest is 130 bpm: a resting heart rate above 100 bpm is a prompt to check"),
    (lambda: exercise_dosing.karvonen(64, 70, 40), ValueError, "intensity must be at most 1"),
    (lambda: exercise_dosing.karvonen(64, 70, -0.1), ValueError, "intensity must be at least 0"),
    (lambda: exercise_dosing.karvonen(64, 70, float("nan")), ValueError, "intensity must be a finite number"),
    (lambda: exercise_dosing.karvonen(64, 70, True), TypeError, "intensity must be a number"),
    (lambda: exercise_dosing.heart_rate_reserve(90, 95), ValueError, "hr_rest .* must be below"),
    (lambda: exercise_dosing.heart_rate_reserve(0, 70), ValueError, "hr_max_bpm must be at least 80"),
    (lambda: exercise_dosing.intensity_class(1.5), ValueError, "intensity must be at most 1"),
    (lambda: exercise_dosing.band("hard"), ValueError, "band_id must be one of"),
    (lambda: exercise_dosing.round_half_up(1.25, 1.5), ValueError, "digits must be a whole number"),
])
def test_bad_input_names_the_parameter(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


# --- FITT progression ----------------------------------------------------------------------

def test_default_progression_changes_one_variable_at_a_time():
    df = exercise_dosing.progression()
    assert list(df["week"]) == list(range(1, 13))
    assert list(df["minutes_per_session"]) == [15, 15, 20, 20, 25, 25, 30, 30, 30, 30, 30, 30]
    assert list(df["sessions"]) == [3] * 8 + [4, 4, 5, 5]
    assert list(df["minutes_per_week"]) == [45, 45, 60, 60, 75, 75, 90, 90, 120, 120, 150, 150]
    assert list(df["intensity"]) == ["lower edge of the band"] * 12


@pytest.mark.parametrize("rule", [
    exercise_dosing.ProgressionRule(),
    exercise_dosing.ProgressionRule(weeks=20),
    exercise_dosing.ProgressionRule(weeks=26, start_minutes=20, cap_minutes=40, later_sessions=6),
])
def test_progression_is_gradual_and_changes_one_fitt_variable_per_step(rule):
    """Issue 23 item 7: no week-to-week rise above the stated limit; one variable per step."""
    df = exercise_dosing.progression(rule)
    rows = df.to_dict("records")
    for before, now in itertools.pairwise(rows):
        changed = [v for v, col in (("time", "minutes_per_session"), ("frequency", "sessions"),
                                    ("intensity", "intensity")) if before[col] != now[col]]
        assert len(changed) <= 1, (now["week"], changed)
        assert now["changed"] == (changed[0] if changed else "none")
        assert now["minutes_per_week"] <= before["minutes_per_week"] * (1 + exercise_dosing.MAX_WEEKLY_RISE) + 1e-9, now
    # intensity never rises before time and frequency have reached their targets
    for r in rows:
        if r["intensity"] != "lower edge of the band":
            assert r["minutes_per_session"] == rule.cap_minutes and r["sessions"] == rule.later_sessions


def test_the_old_doubling_model_would_fail_the_limit():
    old = [30, 30, 45, 45, 60, 60, 75, 75, 150, 150, 150, 150]  # the model before issue 23
    assert any(b > a * (1 + exercise_dosing.MAX_WEEKLY_RISE) for a, b in itertools.pairwise(old))


def test_progression_rule_parameters_change_the_table():
    df = exercise_dosing.progression(exercise_dosing.ProgressionRule(weeks=6, step_every=1, start_minutes=10,
                                                       cap_minutes=20))
    assert list(df["minutes_per_session"]) == [10, 15, 20, 20, 20, 20]
    assert list(df["sessions"]) == [3, 3, 3, 4, 5, 5]
    assert (df["minutes_per_week"] == df["minutes_per_session"] * df["sessions"]).all()


# --- heart-rate safety (issue 23 item 3) ------------------------------------------------------

@pytest.mark.parametrize("rest", [101, 105, 120])
def test_resting_heart_rate_above_100_is_refused_by_every_zone_function(rest):
    for call in (lambda: exercise_dosing.karvonen(64, rest, 0.4), lambda: exercise_dosing.zone(64, rest),
                 lambda: exercise_dosing.zones(64, rest),
                 lambda: exercise_dosing.target_heart_rate(160, rest, 0.5),
                 lambda: exercise_dosing.heart_rate_reserve(160, rest)):
        with pytest.raises(ValueError, match="prompt to check"):
            call()
    guide = exercise_dosing.intensity_guide(64, rest)
    assert guide["method"] == "check-first" and guide["zone"] is None


def test_resting_100_is_still_calculated_and_planner_slider_stops_there():
    assert exercise_dosing.zone(64, 100)[0] > 100
    assert exercise_dosing.RESTING_HR_RANGE[1] == exercise_dosing.RESTING_HR_CHECK == 100


@pytest.mark.parametrize("an, med", [(True, False), (False, True), (True, True)])
def test_age_predicted_maximum_not_valid_with_autonomic_neuropathy_or_heart_slowing_medicine(an, med):
    assert exercise_dosing.age_predicted_max_valid(an, med) is False
    guide = exercise_dosing.intensity_guide(64, 70, autonomic_neuropathy=an, heart_rate_slowing_medicine=med)
    assert guide["method"] == "rpe" and guide["zone"] is None and guide["rpe"] == (12, 13)
    measured = exercise_dosing.intensity_guide(64, 70, measured_hr_max=140, autonomic_neuropathy=an,
                                        heart_rate_slowing_medicine=med)
    assert measured["method"] == "hrr-measured"
    assert measured["zone"] == pytest.approx((70 + 0.4 * 70, 70 + 0.59 * 70))


def test_age_predicted_maximum_valid_without_those_and_rpe_anchors():
    assert exercise_dosing.age_predicted_max_valid() is True
    g = exercise_dosing.intensity_guide(64, 70)
    assert g["method"] == "hrr-age-predicted" and g["zone"] == exercise_dosing.zone(64, 70)
    assert exercise_dosing.RPE_BANDS["moderate"] == (12, 13)
    with pytest.raises(TypeError, match="autonomic_neuropathy must be True or False"):
        exercise_dosing.age_predicted_max_valid("yes")


@pytest.mark.parametrize("top", [1000, 530, 79, 0, -5])
def test_absurd_maximal_heart_rates_are_rejected(top):
    with pytest.raises(ValueError, match="hr_max_bpm must be at"):
        exercise_dosing.target_heart_rate(top, 70, 0.5)
    with pytest.raises(ValueError, match="measured_hr_max must be at"):
        exercise_dosing.intensity_guide(64, 70, measured_hr_max=top)


def test_heart_note_teaches_screening_measured_maximum_rpe_and_the_100_rule():
    note = exercise_dosing.HEART_NOTE
    for phrase in ("autonomic neuropathy", "medical clearance", "above 100", "measured",
                   "12–13", "Borg", "not valid"):
        assert phrase in note, phrase


@pytest.mark.parametrize("kwargs, message", [
    ({"weeks": 0}, "weeks must be at least 1"),
    ({"weeks": 2.5}, "weeks must be a whole number"),
    ({"cap_minutes": 5}, "cap_minutes must be at least 15"),
    ({"sessions": 8}, "sessions must be at most 7"),
    ({"later_sessions": 2}, "later_sessions must be at least 3"),
    ({"step_every": 0}, "step_every must be at least 1"),
])
def test_bad_progression_rule(kwargs, message):
    with pytest.raises(ValueError, match=message):
        exercise_dosing.ProgressionRule(**kwargs)


def test_progression_rejects_a_non_rule():
    with pytest.raises(TypeError, match="rule must be a ProgressionRule"):
        exercise_dosing.progression({"weeks": 12})


# --- balance progression -------------------------------------------------------------------

def test_each_level_makes_exactly_one_dimension_harder():
    assert balance.LADDER[0] == {d: 0 for d in balance.DIMENSIONS}
    for level in range(2, len(balance.LADDER) + 1):
        before, now = balance.LADDER[level - 2], balance.LADDER[level - 1]
        harder = [d for d in balance.DIMENSIONS if now[d] > before[d]]
        assert len(harder) == 1, level
        assert balance.change(level).startswith(balance.DIMENSION_NAMES[harder[0]])
    used = {d for state in balance.LADDER for d, v in state.items() if v}
    assert used == set(balance.DIMENSIONS), "every dimension named in the chapter is used"


def test_static_example_weeks_1_to_8_from_level_2():
    df = balance.plan(2, 8)
    assert list(df["level"]) == [2, 2, 3, 3, 4, 4, 5, 5]
    assert df["task"].iloc[0] == balance.task(2) == "feet together, eyes open, firm floor"
    assert df["change"].iloc[2].startswith("new — vision")
    assert set(df["sessions"]) == {3}


def test_a_week_not_completed_safely_holds_the_level():
    ticks = [True, True, True, False, True, True, True, True]
    df = balance.plan(1, 8, completed=ticks)
    assert list(df["level"]) == [1, 1, 2, 2, 2, 3, 3, 4]
    assert df["change"].iloc[4].startswith("repeat")


def test_plan_stops_at_the_top_level_and_reports_support():
    df = balance.plan(5, 12, 2, False)
    assert df["level"].max() <= len(balance.LADDER)
    assert {s.split(";")[0] for s in df["support"]} == {"no hand support"}
    assert set(df["sessions"]) == {2}


def test_every_eyes_closed_or_foam_level_is_guarded():
    """Issue 23 item 5: no unguarded eyes-closed or foam progression."""
    for level in range(1, len(balance.LADDER) + 1):
        t = balance.task(level)
        assert balance.needs_guarding(level) == ("eyes closed" in t or "foam" in t), level
    for start in range(balance.START_LEVELS[0], balance.START_LEVELS[1] + 1):
        for support in (True, False):
            df = balance.plan(start, 12, 3, support)
            for r in df.itertuples():
                guarded = "GUARDED" in r.support and "chair behind" in r.support
                assert guarded == ("eyes closed" in r.task or "foam" in r.task), (start, r.week)
    for phrase in ("corner", "counter", "chair behind", "supervis", "non-slip", "not because a week"):
        assert phrase in balance.GUARDING


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"start_level": 6}, ValueError, "start_level must be at most 5"),
    ({"weeks": 3}, ValueError, "weeks must be at least 4"),
    ({"sessions_per_week": 4}, ValueError, "sessions_per_week must be at most 3"),
    ({"upper_limb_support": "yes"}, TypeError, "upper_limb_support must be True or False"),
    ({"weeks": 4, "completed": [True] * 3}, ValueError, "completed must have one entry per week"),
    ({"weeks": 4, "completed": [True, 1, True, True]}, TypeError, r"completed\[1\] must be True or False"),
    ({"completed": "yes"}, TypeError, "completed must be a list"),
])
def test_bad_balance_input(kwargs, exc, message):
    with pytest.raises(exc, match=message):
        balance.plan(**kwargs)


def test_task_rejects_unknown_level():
    with pytest.raises(ValueError, match="level must be at most"):
        balance.task(len(balance.LADDER) + 1)
