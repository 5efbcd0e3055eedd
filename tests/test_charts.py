"""Every chart of every chapter: title, screen-reader description, labelled controls, palette.

Charts are discovered from the figures modules (tests/chapter_charts.py: every public function
callable with no arguments, i.e. whose parameters are all keyword handles with defaults, that
returns an Altair chart), so a new chapter's charts are covered without editing this.
"""

from __future__ import annotations

import altair as alt
import pytest

from npcourse.ui import charts

from . import chapter_charts

# Found by chapter_charts (public figures functions annotated as returning a chart), each built
# once per test process and shared with the other modules that read the default charts.
CHARTS = [pytest.param(key, id=f"{key[1:3]}.{key.split('.', 1)[1]}") for key in chapter_charts.builders()]


def test_no_unannotated_figures_function_draws_a_chart():
    """Charts are found by their return annotation: one without it would escape every check."""
    drawn = [key for key, fn in chapter_charts.unannotated().items() if isinstance(fn(), alt.TopLevelMixin)]
    assert not drawn, f"annotate these as returning an Altair chart: {drawn}"


@pytest.mark.parametrize("key", CHARTS)
def test_chart_is_titled_described_labelled_and_on_palette(key):
    spec = chapter_charts.class_spec(key)
    assert spec.get("title") and spec.get("description"), "title and description required"
    params = [p for p in spec.get("params", []) if "bind" in p]
    assert params, "no control bound to a parameter: the chart would not be interactive"
    assert all(p["bind"].get("name", "").strip() for p in params), "every control needs a visible label"
    assert spec["config"]["range"]["category"] == charts.PALETTE


def test_charts_were_found_in_every_chapter():
    modules = {p.id.split(".")[0] for p in CHARTS}
    assert len(CHARTS) >= 30
    assert {"01", "02", "03", "04", "05"} <= modules


# --- helpers of npcourse.ui.charts ---------------------------------------------------------

def test_label_lines_wrap_and_prefer_a_break_before_a_bracket():
    assert charts.label_lines("Amitriptyline (tricyclic antidepressants)", 30) == [
        "Amitriptyline", "(tricyclic antidepressants)"]
    # A bracket break that costs an extra line is not taken.
    assert charts.label_lines("Non-steroidal anti-inflammatory drugs (for contrast)", 32) == [
        "Non-steroidal anti-inflammatory", "drugs (for contrast)"]
    assert charts.label_lines("Tramadol", 30) == ["Tramadol"]
    for width in (12, 20, 30):
        lines = charts.label_lines("at least 10% reduction (IMMPACT: minimal, band 10–20%)", width)
        assert all(len(line) <= width for line in lines) and len(lines) > 1


def test_wrapped_labels_split_long_labels_and_centre_them_on_their_tick():
    labels = ["Tramadol", "Duloxetine, Venlafaxine (SNRI class)",
              "Alcohol reduction and B-vitamin supplementation (alcohol-related neuropathy)"]
    axis = charts.wrapped_labels(labels, 30)
    expr, offset = axis["labelExpr"], axis["labelOffset"]["expr"]
    assert '"Duloxetine, Venlafaxine (SNRI class)" ? ["Duloxetine, Venlafaxine", "(SNRI class)"]' in expr
    assert "Tramadol" not in expr and expr.endswith(": datum.label"), "short labels stay as they are"
    # Two lines of 12 px labels (14 px apart): moved up by half a line.
    assert '"Duloxetine, Venlafaxine (SNRI class)" ? -7' in offset and offset.endswith(": 0")
    # Three lines are cut to max_lines, the last ending in an ellipsis.
    assert '["Alcohol reduction and", "B-vitamin supplementation…"]' in expr
    three = charts.wrapped_labels(labels, 30, max_lines=3)
    assert '"(alcohol-related neuropathy)"]' in three["labelExpr"]
    assert "? -15" in three["labelOffset"]["expr"]  # 3 lines of 13 px
    # The settings are valid Vega-Lite axis properties.
    alt.Chart().mark_point().encode(y=alt.Y("a:N", axis=alt.Axis(**axis))).to_dict()


def test_wrapped_labels_reject_bad_input():
    with pytest.raises(ValueError, match="width must be at least 8"):
        charts.wrapped_labels(["a"], 3)
    with pytest.raises(ValueError, match="width must be a whole number"):
        charts.wrapped_labels(["a"], 20.5)
    with pytest.raises(TypeError, match="labels must be a list"):
        charts.wrapped_labels("Tramadol", 20)
    with pytest.raises(ValueError, match="max_lines must be at least 1"):
        charts.wrapped_labels(["a"], 20, max_lines=0)


def test_every_chart_carries_the_script_that_hides_unnamed_mark_containers():
    # Vega leaves a mark container with no described item (an empty or constant-only layer)
    # as an image without a name; the browser walk checks the script's effect in every state.
    html = charts.accessible_html(chapter_charts.class_spec(CHARTS[0].values[0]))["text/html"]
    assert html.startswith('<figure class="np-chart"') and html.endswith("</script></figure>")
    assert charts.UNNAMED_MARKS_SCRIPT in html
    assert "graphics-symbol" in charts.UNNAMED_MARKS_SCRIPT and "aria-hidden" in charts.UNNAMED_MARKS_SCRIPT


def test_class_renderer_hands_the_spec_to_jupyterlab_and_the_book_keeps_its_html(monkeypatch):
    # In a kernel (class) no HTML that loads Vega from a CDN: JupyterLab's own renderer draws it.
    chart = chapter_charts.builders()[CHARTS[0].values[0]]()
    monkeypatch.delenv("NPCOURSE_STATIC", raising=False)
    data, metadata = chart._repr_mimebundle_()
    assert set(data) == {charts.CLASS_MIMETYPE, "text/plain"}
    assert data[charts.CLASS_MIMETYPE]["$schema"] == charts.CLASS_SCHEMA
    assert data[charts.CLASS_MIMETYPE]["description"] == chart.to_dict()["description"]
    assert metadata[charts.CLASS_MIMETYPE]["embed_options"]["renderer"] == "svg"
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    html = chart._repr_mimebundle_()
    html = html[0] if isinstance(html, tuple) else html
    assert set(html) == {"text/html"} and "cdn.jsdelivr.net" in html["text/html"]
    with pytest.raises(TypeError, match="spec must be"):
        charts.class_bundle("not a spec")
