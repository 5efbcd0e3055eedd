"""Chapter 4: charts built from drugs.yml and bound to controls, every check accepting the right
answer and rejecting plausible wrong ones, stubs, and the live widget. Expected values are read
from the data file, never copied here."""

from __future__ import annotations

import math

import pytest

from npcourse.chapters.c04_drug_action import checks as check
from npcourse.chapters.c04_drug_action import figures
from npcourse.facts import schemas
from npcourse.marking import core
from npcourse.models import drugs

from . import chapter_charts
from .phone_layouts import assert_phone_layout_keeps_everything

# --- charts --------------------------------------------------------------------------------

CHARTS = [figures.site_of_action_map, figures.nnt_forest_plot, figures.guideline_lines]




@pytest.mark.parametrize("make", CHARTS)
def test_chart_html_is_accessible(make, monkeypatch):
    monkeypatch.setenv("NPCOURSE_STATIC", "1")  # the book's HTML; in class JupyterLab draws the spec
    bundle = make()._repr_mimebundle_()
    html = bundle[0]["text/html"] if isinstance(bundle, tuple) else bundle["text/html"]
    assert html.startswith('<figure class="np-chart" role="figure" aria-label="')


def test_site_map_lights_up_exactly_the_data_sites():
    df = figures.sites_frame()
    assert set(figures.SITE_BOXES) == set(schemas.SITES["enum"])
    assert len(df) == len(drugs.drug_ids()) * len(figures.SITE_BOXES)
    for drug_id, rows in df.groupby("drug"):
        assert set(rows[rows["acts"]]["site"]) == set(drugs.drug(drug_id)["sites"])
        assert (rows["acts"] == (rows["mark"] == "ACTS HERE")).all()  # not colour alone
    text = figures.drug_text_frame().set_index("drug")["text"]
    for r in drugs.records():
        flat = " ".join(text[r["id"]].split())
        assert " ".join(r["target"].split()) in flat and r["drug_class"] in flat
    spec = chapter_charts.spec(figures.site_of_action_map)
    select = spec["params"][0]["bind"]
    assert select["options"] == drugs.drug_ids()
    labels = dict(zip(select["options"], select["labels"], strict=True))
    for i in figures.CONTRAST:
        assert figures.CONTRAST_LABEL in labels[i]


def test_forest_plot_rows_come_from_the_data():
    df = figures.class_effects()
    eff = drugs.effects_table()
    for m in drugs.MEASURES:
        sub = df[df["measure"] == m]
        covered = sorted(i for ids in sub["ids"] for i in ids.split(", "))
        assert covered == sorted(eff[eff["measure"] == m]["id"])  # every record, each once
        for row in sub.itertuples():
            for i in row.ids.split(", "):
                e = drugs.drug(i)[m]
                assert (row.estimate, row.ci_low, row.ci_high) == (
                    e["estimate"], e["ci_low"], e["ci_high"])
                assert drugs.drug(i)["name"] in row.label
        # Records sharing a class and a value are plotted once.
        assert len(sub) == len(eff[eff["measure"] == m].drop_duplicates(
            ["drug_class", "estimate", "ci_low", "ci_high"]))
    missing = figures.missing_effect_lines()
    for m in drugs.MEASURES:
        for i in drugs.missing_effects(m):
            assert drugs.drug(i)["name"] in missing[m]
    spec = str(chapter_charts.spec(figures.nnt_forest_plot))
    assert "Finnerup" in spec and "'type': 'log'" in spec and "smaller is better" in spec


def test_guideline_grid_shows_every_line_by_text_and_marks_real_changes():
    df = figures.lines_frame()
    assert len(df) == len(drugs.drug_ids()) * len(drugs.GUIDELINES)
    for row in df.itertuples():
        line = drugs.drug(row.id)["guideline_lines"][row.guideline]
        label, glyph, _ = figures.line_style(line)
        assert row.cell.startswith(f"{glyph} {label}")
    wide = drugs.lines_table().pivot(index="id", columns="guideline", values="line")
    for drug_id, r in wide.iterrows():
        real = not {r["neupsig_2015"], r["neupsig_2025"]} & set(figures.NOT_A_POSITION)
        moved = real and r["neupsig_2015"] != r["neupsig_2025"]
        assert df[(df["id"] == drug_id) & (df["guideline"] == "neupsig_2015")]["changed"].item() \
            == moved
    assert figures.line_style("not-verified")[0] == "position unknown*"
    assert figures.line_style("not-assessed")[0] == "no recommendation"
    spec = str(chapter_charts.spec(figures.guideline_lines))
    assert "NICE CG173 (non-specialist settings)" in spec and "rTMS" in spec


def test_drug_class_table_from_data():
    html = figures.drug_class_table().data
    assert "<caption>" in html and "formulary" in html
    for r in drugs.records():
        assert r["target"].replace("'", "&#x27;") in html
        for ae in r["adverse_effects"]["common"]:
            assert ae.replace("'", "&#x27;") in html
    assert "Mechanism" in html and "Route" in html and "mg/day" not in html  # no doses here


# --- checks --------------------------------------------------------------------------------

def right_sites():
    return {k: sorted(v) for k, v in check._expected_sites().items()}


def right_forest():
    return {k: sorted(v)[0] for k, v in check._expected_forest().items()}


def right_placebo():
    return {r: 1 / (check.PLACEBO_P_DRUG - r) for r in check.PLACEBO_RATES}


def test_correct_answers_pass():
    t, h = check._expected_nnt(), check._expected_nnh()
    assert check.check_sites(right_sites()).passed
    assert check.check_sites({k: [s.upper() for s in v] for k, v in right_sites().items()}).passed
    assert check.check_targets(check._expected_targets()).passed
    assert check.check_nnt_nnh(t.estimate, h.estimate).passed
    assert check.check_nnt_nnh(t.rounded_up, h.rounded_up).passed
    assert check.check_nnt_ci(t.ci_low, t.ci_high).passed  # Newcombe (drugs.number_needed)
    w = check._expected_nnt("wald")  # the by-hand method of the task
    assert check.check_nnt_ci(w.ci_low, w.ci_high).passed
    assert check.check_nnt_ci(round(w.ci_low, 1), round(w.ci_high, 1)).passed
    assert check.check_forest(**right_forest()).passed
    for i in check._expected_forest()["most_dropouts"]:  # any drug of the class
        assert check.check_forest(**{**right_forest(), "most_dropouts": i}).passed
    assert check.check_first_line(sorted(check._expected_first_line())).passed
    assert check.check_placebo(right_placebo()).passed
    assert check.check_nsaids(" B ").passed


def test_expected_answers_match_hand_calculations():
    t, h = check._expected_nnt(), check._expected_nnh()
    assert t.estimate == pytest.approx(1 / (66 / 200 - 40 / 200)) and t.rounded_up == 8
    assert h.estimate == pytest.approx(1 / (30 / 200 - 10 / 200)) and h.rounded_up == 10
    eff = drugs.effects_table()
    nnt, nnh = eff[eff.measure == "nnt"], eff[eff.measure == "nnh"]
    f = check._expected_forest()
    assert {drugs.drug(i)["nnt"]["estimate"] for i in f["lowest_nnt"]} == {nnt.estimate.min()}
    widths = nnt.ci_high - nnt.ci_low
    assert set(nnt[widths == widths.max()]["id"]) <= f["widest_nnt_ci"]
    assert {drugs.drug(i)["nnh"]["estimate"] for i in f["most_dropouts"]} == {nnh.estimate.min()}
    first = {r["id"] for r in drugs.records() if r["guideline_lines"]["neupsig_2015"] == "first"}
    assert check._expected_first_line() == first
    letters = check.target_options()
    for i, letter in check._expected_targets().items():
        assert letters[letter] == drugs.drug(i)["target"]
    assert right_placebo()[0.20] == pytest.approx(4.0)
    assert right_placebo()[0.35] == pytest.approx(10.0)


def other_site(sites):
    return next(s for s in check.SITES if s not in sites)


def wrong_target_answers():
    right = check._expected_targets()
    first, second = check.TARGET_TASK[:2]
    return {**right, first: right[second], second: right[first]}


def a_wrong_id(accepted):
    return next(i for i in drugs.drug_ids() if i not in accepted)


@pytest.mark.parametrize("call, hint", [
    (lambda: check.check_sites({**right_sites(), "pregabalin": right_sites()["pregabalin"][:1]}),
     "pregabalin (1 site(s) missing)"),
    (lambda: check.check_sites({**right_sites(), "duloxetine": [
        *right_sites()["duloxetine"], other_site(right_sites()["duloxetine"])]}),
     "duloxetine (1 site(s) too many)"),
    (lambda: check.check_targets(wrong_target_answers()), "2 match(es)"),
    (lambda: check.check_nnt_nnh(check._expected_nnh().estimate, check._expected_nnt().estimate),
     "swapped"),
    (lambda: check.check_nnt_nnh(check._expected_nnt().difference, 10), "reciprocal"),
    (lambda: check.check_nnt_nnh(1 / 26, 10), "proportions"),
    (lambda: check.check_nnt_nnh(0.33 / 0.20, 10), "ratio"),
    (lambda: check.check_nnt_nnh(check._expected_nnt().estimate, 20), "NNH"),
    (lambda: check.check_nnt_ci(check._expected_nnt("wald").ci_high, check._expected_nnt("wald").ci_low),
     "swapped"),
    (lambda: check.check_nnt_ci(check._expected_nnt("wald").difference_low,
                                check._expected_nnt("wald").difference_high), "invert"),
    (lambda: check.check_nnt_ci(5.0, 12.0), "standard error"),
    (lambda: check.check_forest(**{**right_forest(), "lowest_nnt": drugs.effects_table("nnt")
                                   .sort_values("estimate")["id"].iloc[-1]}), "largest NNT"),
    (lambda: check.check_forest(**{**right_forest(), "widest_nnt_ci": a_wrong_id(
        check._expected_forest()["widest_nnt_ci"])}), "length of the lines"),
    (lambda: check.check_forest(**{**right_forest(), "most_dropouts": drugs.effects_table("nnh")
                                   .sort_values("estimate")["id"].iloc[-1]}), "LARGE NNH"),
    (lambda: check.check_first_line(sorted(check._expected_first_line("nice_2013"))), "NICE"),
    (lambda: check.check_first_line([*check._expected_first_line(), "tramadol"]),
     "1 that are not first line"),
    (lambda: check.check_placebo({r: check.PLACEBO_P_DRUG - r for r in check.PLACEBO_RATES}),
     "differences"),
    (lambda: check.check_placebo({r: math.ceil(v - 1e-9) for r, v in right_placebo().items()}),
     "exact"),
    (lambda: check.check_nsaids("c"), "misconception"),
    (lambda: check.check_nsaids("a"), "absorbed"),
    (lambda: check.check_nsaids("d"), "target"),
])
def test_plausible_wrong_answers_are_rejected(call, hint):
    result = call()
    assert result.status == core.WRONG and hint in result.message


def test_hints_do_not_reveal_the_answer():
    t = check._expected_nnt()
    for r in (check.check_nnt_nnh(t.difference, 10), check.check_nnt_ci(5.0, 12.0)):
        assert f"{t.estimate:.1f}" not in r.message and f"{t.ci_high:.1f}" not in r.message
    r = check.check_nsaids("c")
    assert "cyclo-oxygenase" not in r.message.lower()
    forest = check.check_forest(**{**right_forest(), "widest_nnt_ci": a_wrong_id(
        check._expected_forest()["widest_nnt_ci"])})
    for i in check._expected_forest()["widest_nnt_ci"]:
        assert i not in forest.message


def test_stubs_report_not_answered():
    for result in (check.check_sites(...), check.check_targets(...), check.check_nnt_nnh(..., 10),
                   check.check_nnt_nnh(8, ...), check.check_nnt_ci(..., 20),
                   check.check_forest(..., "x", "y"), check.check_first_line(...),
                   check.check_placebo(...), check.check_nsaids(...)):
        assert result.status == core.UNANSWERED
        assert "Replace the ..." in result.message


def test_bad_answer_shapes_are_named():
    with pytest.raises(ValueError, match="sites is missing key"):
        check.check_sites({"pregabalin": ["dorsal-horn"]})
    with pytest.raises(ValueError, match=r"sites\['pregabalin'\] must be one of"):
        check.check_sites({**right_sites(), "pregabalin": ["spinal cord"]})
    with pytest.raises(TypeError, match=r"sites\['pregabalin'\] must be a list"):
        check.check_sites({**right_sites(), "pregabalin": "dorsal-horn"})
    with pytest.raises(ValueError, match=r"targets\['pregabalin'\] must be one of"):
        check.check_targets({**check._expected_targets(), "pregabalin": "z"})
    with pytest.raises(TypeError, match="nnt must be a number"):
        check.check_nnt_nnh("8", 10)
    with pytest.raises(ValueError, match="lowest_nnt must be one of"):
        check.check_forest("botox", "x", "y")
    with pytest.raises(TypeError, match="ids must be a list of drug ids"):
        check.check_first_line("gabapentin")
    with pytest.raises(ValueError, match="nnts is missing key"):
        check.check_placebo({0.2: 4.0})
    with pytest.raises(ValueError, match="answer must be one of"):
        check.check_nsaids("e")


def test_task_material_renders():
    for table in (check.show_sites(), check.show_targets(), check.show_trial(),
                  check.show_nsaid_options()):
        assert "<caption>" in table.data
    assert "SYNTHETIC" in check.show_trial().data
    assert set(check.SITE_TASK) | set(check.TARGET_TASK) <= set(drugs.drug_ids())
    assert len(check.target_options()) == len({drugs.drug(i)["target"] for i in check.TARGET_TASK})


# --- live widget ---------------------------------------------------------------------------

def test_no_live_explorer_repeats_the_class_table():
    # Issue 18 item 4: the drop-down explorer repeated the class table, the NNT chart and the
    # guideline chart (and printed source keys); the chapter keeps the table and the charts.
    import json

    from .conftest import ROOT
    nb = json.loads((ROOT / "book/04-drug-action.ipynb").read_text())
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "demos." not in code and "widgets" not in code
    assert "figures.drug_class_table()" in code and "figures.nnt_forest_plot()" in code
    assert not (ROOT / "src/npcourse/chapters/c04_drug_action/widgets.py").exists()


# --- issue 13 (H2): guideline scope in quiz keys and chapter text ---------------------------

def test_choice_of_four_is_never_taught_without_its_sciatica_carve_out():
    import json

    import yaml

    from .conftest import ROOT
    bank = yaml.safe_load((ROOT / "src/npcourse/facts/yaml/quizzes/04-drug-action.yml").read_text())
    for q in bank["questions"]:
        texts = [q.get("question", "")] + [o.get("feedback", "") for o in q.get("options", [])]
        for t in texts:
            if "choice of four" in t or "except trigeminal neuralgia" in t:
                assert "sciatica" in t, q["id"]
    nb = json.loads((ROOT / "book/04-drug-action.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "did not depend on the cause of the neuropathic pain {cite" not in text
    assert "nice_ng59" in text and "mathieson2017pregabalin" in text
    assert "HLA-A\\*31:01" in text and "South Asian" in text
    assert "was in development" not in text
    assert "topicals second and opioids third" not in text


@pytest.mark.parametrize("build", [
    lambda: figures.nnt_forest_plot(outcome="nnh"),
    lambda: figures.guideline_lines(highlight="carbamazepine"),
], ids=["nnt_forest_plot", "guideline_lines"])
def test_phone_layouts_keep_every_control_and_layer_and_fit(monkeypatch, build):
    """The phone layout (issue 16 item 4) in starting states other than the chart's first (every
    chart's first state: test_chapter_contracts.py) binds the same controls, draws the same marks
    and fits the 342 px column at 390 px."""
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    assert_phone_layout_keeps_everything(build())

