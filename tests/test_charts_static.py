"""The static book's charts (issue 17): a build-time picture, stand-in controls and the spec.

The browser side (the picture matches the live chart, Vega loads only when a chart is reached)
is tested in tests/browser/test_throttled_charts.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from npcourse_book import sphinxext

from npcourse.ui import charts

from .phone_layouts import assert_phone_layout_keeps_everything


def chart_with_every_control() -> alt.TopLevelMixin:
    df = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2], "g": ["a", "b", "a"]})
    dose = alt.param(name="dose", value=20, bind=alt.binding_range(min=10, max=40, step=5, name="Dose: "))
    group = alt.param(name="group", value="b", bind=alt.binding_select(options=["a", "b"], labels=["A", "B"],
                                                                      name="Group: "))
    show = alt.param(name="show", value=True, bind=alt.binding_checkbox(name="Show: "))
    site = alt.param(name="site", value="all", bind=alt.binding_radio(options=["all", "one"], name="Site: "))
    chart = alt.Chart(df).mark_point(clip=True).encode(x="x:Q", y="y:Q").add_params(dose, group, show, site)
    return charts.finish(chart, title="A test chart", description="Points for the static renderer test")


def test_static_chart_carries_picture_stand_ins_and_spec():
    spec = chart_with_every_control().to_dict()
    html = charts.static_html(spec, embed_options={"renderer": "svg", "actions": False})["text/html"]
    assert html.startswith('<figure class="np-chart" role="figure" aria-label="A test chart. Points')
    assert charts.UNNAMED_MARKS_SCRIPT in html
    # The picture is one image (an SVG data URL), not inline SVG: one element, not hundreds.
    assert re.search(r'<div class="np-chart-picture" aria-hidden="true"><img alt="" width="\d+" height="\d+" '
                     r'decoding="async" src="data:image/svg\+xml,<svg xmlns=[^"]*"></div>', html)
    assert "<svg" not in html.replace("data:image/svg+xml,<svg", ""), "no inline SVG left"
    (picture,) = charts.picture_svgs(html)
    assert picture.count("class='mark-symbol") == 1
    box = re.search(r'<div class="np-chart-static" id="(np-chart-\w+)" data-np-chart', html)
    assert box, "the chart's box"
    # Ids inside the picture are prefixed with the chart's id, so two pictures never share one.
    ids = re.findall(r"\bid='([^']+)'", picture)
    assert ids and all(i.startswith(box.group(1) + "-") for i in ids)
    # Stand-ins in Vega's own markup, each showing the parameter's first value.
    assert '<span class="vega-bind-name">Dose: </span><input type="range" name="dose" min="10" max="40" ' \
           'step="5" value="20"><span>20</span>' in html
    assert '<option value="b" selected>B</option>' in html and '<option value="a">A</option>' in html
    assert '<input type="checkbox" name="show" checked>' in html
    assert '<input type="radio" name="site" value="all" checked>all</label>' in html
    # The spec travels as JSON that cannot end its script element early.
    payload = re.search(r'<script type="application/json" class="np-chart-spec">(.*?)</script>', html, re.S)
    data = json.loads(payload.group(1))
    assert data["spec"] == spec and data["options"] == {"mode": "vega-lite", "renderer": "svg", "actions": False}
    # The three libraries' CDN addresses, which the offline build rewrites to its own copies.
    for lib in ("vega", "vega-lite", "vega-embed"):
        assert f'data-{lib}="https://cdn.jsdelivr.net/npm/{lib}@' in html
    offline = sphinxext.rewrite_page(html, "../")
    assert 'data-vega-lite="../_static/vendor/vega-lite.min.js?noext"' in offline


def test_spec_text_cannot_close_the_script_element():
    chart = alt.Chart(pd.DataFrame({"t": ["</script><b>x</b>"]})).mark_text().encode(text="t:N")
    spec = charts.finish(chart, title="T", description="D").to_dict()
    html = charts.static_html(spec)["text/html"]
    assert html.count("</script>") == 2  # the spec's and the unnamed-marks script's own
    assert "<\\/script><b>x<\\/b>" in html


def test_a_chart_without_controls_keeps_vegas_empty_control_form():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    html = charts.static_html(charts.finish(chart, title="T", description="D").to_dict())["text/html"]
    assert '"></div><form class="vega-bindings"></form></div>' in html


def test_static_html_rejects_a_non_spec():
    with pytest.raises(TypeError, match="spec must be a Vega-Lite specification"):
        charts.static_html("not a spec")


def test_book_renderer_emits_the_static_chart(monkeypatch):
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    bundle = chart_with_every_control()._repr_mimebundle_()
    html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
    assert "data-np-chart" in html and "<svg" in html and "vegaEmbed(" not in html


def test_theme_icon_script_is_dropped_and_glossary_bar_is_written():
    page = ('<head>\n  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n</head>'
            '<dl class="simple glossary">\n<dt id="term-allodynia">allodynia<a class="headerlink" href="#">#</a></dt>'
            '<dd>x</dd><dt id="term-2-ligand">α2δ ligand<a class="headerlink" href="#">#</a></dt><dd>y</dd>'
            '<dt id="term-burning">burning<a class="headerlink" href="#">#</a></dt><dd>z</dd></dl>')
    assert "fontawesome.js" not in sphinxext.drop_fontawesome_js(page)
    out = sphinxext.glossary_tools(page)
    assert out.index('class="np-glossary-tools"') < out.index('<dl class="simple glossary">')
    assert '<a href="#term-allodynia" aria-label="Terms starting with A">A</a>' in out
    assert '<a href="#term-burning" aria-label="Terms starting with B">B</a>' in out
    assert '<a href="#term-2-ligand" aria-label="Terms starting with a symbol or number">#</a>' in out
    assert '<li><span aria-hidden="true">C</span></li>' in out and 'class="np-glossary-filter"' in out
    assert sphinxext.glossary_tools(out) == out  # written once
    assert sphinxext.glossary_tools("<p>no glossary</p>") == "<p>no glossary</p>"


def test_head_scripts_are_deferred_in_order_and_inline_ones_left_alone():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [_JavaScript("a.js"), _JavaScript(None, body="var x = 1;"), _JavaScript("b.js", async_="async"),
               _JavaScript("c.js", **{"async": "async"}), _JavaScript("d.js", priority=800)]
    context = {"script_files": scripts}
    sphinxext.defer_scripts(None, "page", "page.html", context, None)
    out = context["script_files"]
    assert [getattr(s, "filename", None) for s in out] == ["a.js", None, "b.js", "c.js", "d.js"]
    assert out[0].attributes.get("defer") == "defer" and out[4].priority == 800
    assert "defer" not in out[1].attributes and out[1].attributes["body"] == "var x = 1;"
    assert "defer" not in out[3].attributes  # an async script stays async
    search = {"script_files": [_JavaScript("a.js")]}
    sphinxext.defer_scripts(None, "search", "search.html", search, None)
    assert "defer" not in search["script_files"][0].attributes  # search.html's own scripts need them


def chart_with_notes() -> alt.TopLevelMixin:
    plot = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    notes = charts.text_panel(["First note: <not markup> & a citation (Author 2020).", "Second note."], width=300)
    return charts.finish(alt.vconcat(plot, alt.hconcat(plot, notes)), title="T", description="D")


def test_book_charts_print_their_notes_as_html_under_the_chart(monkeypatch):
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    spec = chart_with_notes().to_dict()
    html = charts.static_html(spec)["text/html"]
    notes = re.search(r'<div class="np-chart-notes">(.*?)</div>', html, re.S)
    assert notes, "the notes as HTML"
    assert notes.group(1) == "<p>First note: &lt;not markup&gt; &amp; a citation (Author 2020).</p><p>Second note.</p>"
    # Out of the drawing: not in the picture, not in the live chart's spec, the panel gone.
    (picture,) = charts.picture_svgs(html)
    payload = re.search(r'class="np-chart-spec">(.*?)</script>', html, re.S).group(1)
    assert "First note" not in picture and "First note" not in payload
    assert len(spec["vconcat"][1]["hconcat"]) == 1
    # After the chart's box, inside its figure.
    assert html.index('class="np-chart-static"') < html.index("np-chart-notes") < html.index("</figure>")


def test_class_charts_keep_their_notes_drawn(monkeypatch):
    monkeypatch.delenv("NPCOURSE_STATIC", raising=False)
    spec = chart_with_notes().to_dict()
    assert "usermeta" not in spec and len(spec["vconcat"][1]["hconcat"]) == 2
    assert "First note" in json.dumps(spec)


def test_notes_in_usermeta_must_be_texts():
    spec = charts.finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), title="T", description="D").to_dict()
    spec["usermeta"] = {charts.NOTES_META: "one string"}
    with pytest.raises(TypeError, match="npcourseNotes must be a list"):
        charts.static_html(spec)


def test_a_control_that_does_nothing_in_the_first_state_starts_disabled():
    df = pd.DataFrame({"x": [1]})
    mode = alt.param(name="mode", value="real", bind=alt.binding_select(options=["own", "real"], name="Mode: "))
    own = alt.param(name="own", value=3, bind=alt.binding_range(min=1, max=9, name="Own value: "))
    chart = alt.Chart(df).mark_point().encode(x="x:Q").add_params(mode, own)
    spec = charts.finish(chart, title="T", description="D", active_when={"own": ("mode", ["own"])}).to_dict()
    html = charts.static_html(spec)["text/html"]
    assert '<div class="vega-bind np-bind-off"><label><span class="vega-bind-name">Own value: </span>' \
           '<input disabled type="range" name="own"' in html
    assert '<select name="mode">' in html  # the other control stays enabled
    # The rule travels to the live chart (course.js greys the control on every change of "mode").
    payload = json.loads(re.search(r'class="np-chart-spec">(.*?)</script>', html, re.S).group(1))
    assert payload["spec"]["usermeta"][charts.ACTIVE_META] == {"own": ["mode", ["own"]]}
    # Active in the first state: not disabled.
    spec["params"][0]["value"] = "own"
    assert "disabled" not in charts.static_html(spec)["text/html"]


@pytest.mark.parametrize("bad", ["own", {"own": "mode"}, {"own": ("mode", "own")}, {"own": ("mode", [])},
                                 {"own": ("a", "=>", "b")}, {"own": ("a", ">", 3)}])
def test_active_when_is_checked(bad):
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point()
    with pytest.raises((TypeError, ValueError), match="active_when"):
        charts.finish(chart, title="T", description="D", active_when=bad)


def test_a_control_can_need_several_others_set():
    df = pd.DataFrame({"x": [1]})
    params = [alt.param(name=n, value=v, bind=alt.binding_radio(options=["yes", "no"], name=f"{n}: "))
              for n, v in (("a", "yes"), ("b", "no"), ("c", "yes"))]
    chart = alt.Chart(df).mark_point().encode(x="x:Q").add_params(*params)
    spec = charts.finish(chart, title="T", description="D",
                         active_when={"c": [("a", ["yes"]), ("b", ["yes"])]}).to_dict()
    assert spec["usermeta"][charts.ACTIVE_META] == {"c": [["a", ["yes"]], ["b", ["yes"]]]}
    html = charts.static_html(spec)["text/html"]
    assert html.count("np-bind-off") == 1 and 'disabled type="radio" name="c"' in html  # b is "no"
    spec["params"][1]["value"] = "yes"
    assert "np-bind-off" not in charts.static_html(spec)["text/html"]


def _two_sliders_and_a_third(first_a: float, first_b: float) -> dict:
    df = pd.DataFrame({"x": [1]})
    params = [alt.param(name=n, value=v, bind=alt.binding_range(min=0, max=10, name=f"{n}: "))
              for n, v in (("a", first_a), ("b", first_b), ("c", 5))]
    chart = alt.Chart(df).mark_point().encode(x="x:Q").add_params(*params)
    return charts.finish(chart, title="T", description="D", active_when={"c": ("a", ">", "b")}).to_dict()


def test_a_control_can_depend_on_two_others_compared():
    spec = _two_sliders_and_a_third(4, 2)
    assert spec["usermeta"][charts.ACTIVE_META] == {"c": ["a", ">", "b"]}
    assert "np-bind-off" not in charts.static_html(spec)["text/html"]  # 4 > 2: active
    for a in (2, 1):  # equal, then the wrong way round: "c" starts disabled, the others do not
        html = charts.static_html(_two_sliders_and_a_third(a, 2))["text/html"]
        assert html.count("np-bind-off") == 1 and '<input disabled type="range" name="c"' in html


def test_a_rule_must_name_the_charts_own_controls():
    spec = _two_sliders_and_a_third(4, 2)
    spec["usermeta"][charts.ACTIVE_META] = {"c": ["a", ">", "z"]}
    with pytest.raises(ValueError, match=r"reads \['z'\]"):
        charts.static_html(spec)
    spec["usermeta"][charts.ACTIVE_META] = {"nothing": ["a", ">", "b"]}
    with pytest.raises(ValueError, match=r"active_when names \['nothing'\]"):
        charts.static_html(spec)


def _svg_with(spec: dict, **values) -> str:
    """The chart's first-state SVG with some controls set (ids dropped: they differ per drawing)."""
    spec = json.loads(json.dumps(spec))

    def walk(node):
        if isinstance(node, dict):
            for p in node.get("params", []) or []:
                if isinstance(p, dict) and p.get("name") in values:
                    p["value"] = values[p["name"]]
            for key in ("layer", "vconcat", "hconcat", "concat"):
                for child in node.get(key, []) or []:
                    walk(child)

    walk(spec)
    return re.sub(r'id="[^"]*"|url\(#[^)]*\)|href="#[^"]*"', "", charts.static_svg(spec, "t")[0])


# (chapter figure, control, {other control: a value in which the control does nothing}). Found by
# rendering every chart with each control moved while one other control is in each of its states.
DEAD_CONTROLS = [
    ("c03_assessment", "grading_stepper", "signs", {"history": "no"}),
    ("c03_assessment", "grading_stepper", "signs", {"distribution": "no"}),
    ("c03_assessment", "grading_stepper", "test", {"history": "no"}),
    ("c03_assessment", "grading_stepper", "test", {"distribution": "no"}),
    ("c05_using_drugs", "pk_simulator", "half_life", {"preset": "pregabalin"}),
    # First state: distal 3.5 ms, proximal 8.0 ms. Proximal equal to or shorter than distal: no velocity.
    ("c03_assessment", "nerve_conduction_calculator", "distance_mm", {"proximal_latency_ms": 3.5}),
    ("c03_assessment", "nerve_conduction_calculator", "distance_mm", {"proximal_latency_ms": 2.0}),
]


@pytest.mark.parametrize(("chapter", "figure", "control", "state"), DEAD_CONTROLS,
                         ids=[f"{f}-{c}-{'-'.join(f'{k}={v}' for k, v in s.items())}" for _, f, c, s in DEAD_CONTROLS])
def test_a_control_that_does_nothing_in_a_state_is_disabled_in_it(monkeypatch, chapter, figure, control, state):
    """The control really does nothing in that state (the drawing is the same at both of its
    ends), does something in the first state, and the chart's rule disables it exactly there."""
    import importlib

    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    spec = getattr(importlib.import_module(f"npcourse.chapters.{chapter}.figures"), figure)().to_dict()
    _, spec = charts._notes_of(spec)
    param = next(p for p in charts.bound_params(spec) if p["name"] == control)
    bind = param["bind"]
    ends = bind.get("options") or [bind.get("min"), bind.get("max")]
    ends = [ends[0], ends[-1]]
    first = {str(p["name"]): p.get("value") for p in charts.bound_params(spec)}
    assert len({_svg_with(spec, **state, **{control: v}) for v in ends}) == 1, \
        f"{control} changes the drawing when {state}: it is not dead there"
    rule = spec["usermeta"][charts.ACTIVE_META][control]
    on_first = charts.rule_holds(rule, first)
    on_state = charts.rule_holds(rule, {**first, **state})
    assert on_first and not on_state, f"active_when for {control}: {rule}"
    if on_first:
        assert len({_svg_with(spec, **{control: v}) for v in ends}) == 2, f"{control} does nothing in the first state"


def test_every_wide_chart_gets_a_phone_layout_that_fits():
    left = alt.Chart(pd.DataFrame({"name": ["a rather long category name", "short"], "v": [1, 2]})).mark_bar().encode(
        y=alt.Y("name:N", axis=alt.Axis(**charts.wrapped_labels(["a rather long category name", "short"], 26))),
        x="v:Q").properties(width=300)
    right = alt.Chart(pd.DataFrame({"t": [0, 1], "v": [1, 3]})).mark_line().encode(x="t:Q", y="v:Q")
    right = right.properties(width=250)
    spec = charts.finish(alt.hconcat(left, right), title="A title long enough to need two lines on a phone screen",
                         description="D").to_dict()
    narrow = charts.narrow_spec(spec)
    assert "hconcat" not in json.dumps({k: v for k, v in narrow.items() if k != "datasets"}) and "vconcat" in narrow
    assert isinstance(narrow["title"], dict) or isinstance(narrow["title"], list)
    fitted, svg, width, height = charts.fit_narrow(spec)
    assert width <= charts.PHONE_WIDTH, width
    html = charts.static_html(spec)["text/html"]
    assert html.count('class="np-chart-picture') == 2 and "np-chart-narrow" in html
    wide, narrow_svg = charts.picture_svgs(html)
    assert f"width='{width:g}'" in narrow_svg and f"width='{width:g}'" not in wide
    assert re.search(r'class="np-chart-static np-fit-(\d+)"', html)
    payload = json.loads(re.search(r'class="np-chart-spec">(.*?)</script>', html, re.S).group(1))
    assert "narrow" in payload and "datasets" not in payload["narrow"]  # the desktop spec's datasets serve both
    # A chart may keep its desktop layout on phones.
    spec = charts.finish(alt.hconcat(left, right), title="T", description="D", phone=False).to_dict()
    assert "np-chart-narrow" not in charts.static_html(spec)["text/html"]
    with pytest.raises(TypeError, match="phone"):
        charts.finish(left, title="T", description="D", phone="no")


def test_fit_threshold_has_a_css_rule():
    css = (Path(__file__).resolve().parents[1] / "book" / "_static" / "course.css").read_text(encoding="utf-8")
    for width in (380, 472, 667, 720):
        n = charts.fit_threshold(width)
        assert width - 20 < n <= width and f".np-fit-{n} > .np-chart-narrow" in css, n


def _two_views(width: int, dose) -> alt.TopLevelMixin:
    df = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    base = alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q").properties(width=width, height=120)
    return alt.hconcat(base.add_params(dose), base) if width > 200 else alt.vconcat(base.add_params(dose), base)


def test_a_chart_may_bring_its_own_phone_layout(monkeypatch):
    """finish(phone=<chart>): the author's phone layout is the one the book shows and embeds on a
    phone (its picture, its spec, the course's look and title), in class nothing changes."""
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    dose = alt.param(name="dose", value=20, bind=alt.binding_range(min=10, max=40, name="Dose: "))
    spec = charts.finish(_two_views(300, dose), title="A chart with its own phone layout", description="D",
                         phone=_two_views(150, dose)).to_dict()
    html = charts.static_html(spec)["text/html"]
    assert "np-chart-narrow" in html and " np-fit-" in html
    payload = json.loads(re.search(r'class="np-chart-spec">(.*?)</script>', html, re.S).group(1))
    narrow = payload["narrow"]
    assert "vconcat" in narrow and "hconcat" not in narrow, "the author's layout, not a derived one"
    assert narrow["config"]["font"] == charts.BOOK_FONT and narrow["title"] == "A chart with its own phone layout"
    assert "datasets" not in narrow and set(payload["spec"]["datasets"]), "its data travels once, in the spec"
    assert "npcourseNarrow" not in json.dumps(payload["spec"]), "the phone spec is not carried twice"
    picture = charts.picture_svgs(html)[1]  # the wide picture, then the narrow one
    assert float(re.search(r"width='([\d.]+)'", picture).group(1)) <= charts.PHONE_WIDTH
    # Its controls must be the chart's: a phone layout without the dose slider is refused.
    with pytest.raises(ValueError, match=r"same controls.*only in the chart \['dose'\]"):
        charts.finish(_two_views(300, dose), title="T", description="D", phone=_two_views(150, alt.param(
            name="other", value=1, bind=alt.binding_range(min=0, max=2))))
    # In class (JupyterLab) the phone layout is not used and not carried.
    monkeypatch.delenv("NPCOURSE_STATIC")
    spec = charts.finish(_two_views(300, dose), title="T", description="D", phone=_two_views(150, dose)).to_dict()
    assert "npcourseNarrow" not in json.dumps(spec)


# --- The chapters' own phone layouts -----------------------------------------------------------

def test_the_phone_layout_check_fails_on_a_lost_layer_or_text(monkeypatch):
    """The phone-layout contract (test_chapter_contracts.py and the chapters' other starting states)
    sees a dropped layer, a dropped repeat of a mark, a dropped text, a layout too wide."""
    monkeypatch.setenv("NPCOURSE_STATIC", "1")
    df = pd.DataFrame({"x": [1, 2], "y": ["a", "b"], "t": ["one", "two"]})
    dose = alt.param(name="dose", value=1, bind=alt.binding_range(min=0, max=2, name="Dose: "))
    base = alt.Chart(df).encode(y="y:N")
    points, rule = base.mark_point().encode(x="x:Q"), base.mark_rule().encode(x="x:Q")
    text = base.mark_text().encode(text="t:N")
    full = (points + rule + text).add_params(dose).properties(width=150)
    assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D", phone=full))
    def phone(*layers):
        return alt.layer(*layers).add_params(dose).properties(width=150)

    with pytest.raises(AssertionError, match=r"lost these marks: \[\('rule', 'x'\)\]"):
        assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D", phone=phone(points, text)))
    with pytest.raises(AssertionError, match=r"fewer marks of these kinds: \{'text': 1\}"):
        assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D", phone=phone(points, rule)))
    # A mark drawn twice over the same field (two series of points, say) must stay two, and a
    # layout drawn another way (redrawn: counts only) or drawing a text otherwise (moved) too.
    twice = (points + points + rule + text).add_params(dose).properties(width=150)
    with pytest.raises(AssertionError, match=r"fewer marks of these kinds: \{'point': 1\}"):
        assert_phone_layout_keeps_everything(charts.finish(twice, title="T", description="D", phone=full))
    other_x = base.mark_rule().encode(x="y:N")
    assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D",
                                                       phone=phone(points, other_x, text)), redrawn=True)
    with pytest.raises(AssertionError, match=r"fewer marks of these kinds: \{'rule': 1\}"):
        assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D",
                                                           phone=phone(points, text)), redrawn=True)
    assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D",
                                                       phone=phone(points, rule)), moved={"text": 1})
    with pytest.raises(AssertionError, match=r"is 6\d\d px wide, the column 342 px"):
        assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D",
                                                           phone=full.properties(width=600)))
    with pytest.raises(AssertionError, match="no phone layout of its own"):
        assert_phone_layout_keeps_everything(charts.finish(full, title="T", description="D"))


def test_row_headings_write_each_row_name_above_its_row():
    df = pd.DataFrame({"row": ["a", "b"], "name": ["First row", "Second\nrow"]})
    base = alt.Chart(df).encode(y=alt.Y("row:N", axis=alt.Axis(labels=False)))
    layer = charts.row_headings(base, "name", offset=-20, fontWeight="bold").to_dict()
    assert layer["mark"]["type"] == "text" and layer["mark"]["yOffset"] == -20
    assert layer["mark"]["lineBreak"] == "\n" and layer["mark"]["align"] == "left"
    assert layer["mark"]["fontWeight"] == "bold" and layer["mark"]["fontSize"] >= charts.TEXT_SIZE
    assert layer["encoding"]["text"]["field"] == "name" and layer["encoding"]["y"]["field"] == "row"
    with pytest.raises(ValueError, match="field must name"):
        charts.row_headings(base, "", offset=0)
    with pytest.raises(TypeError):
        charts.row_headings(base, "name", offset="up")


def test_heading_lines_end_every_name_on_the_same_line():
    lines = charts.heading_lines(["Short", "A name long enough to need two lines here"], 24)
    assert [t.count("\n") for t in lines] == [1, 1]
    assert lines[0] == "\u200b\nShort", "padded at the top with a line Vega keeps (not an empty one)"
    assert lines[1] == "A name long enough to\nneed two lines here"
    with pytest.raises(TypeError, match="not one string"):
        charts.heading_lines("Short", 24)
    with pytest.raises(ValueError):
        charts.heading_lines(["x"], 3)


def test_a_picture_survives_its_trip_through_the_page():
    """Whatever a chart's text holds (quotes, '#', '%', '&', line breaks, µ) reaches the image
    unchanged: what the page carries decodes to the SVG drawn; the URL keeps no raw quote, '#'
    or line break, which would end the attribute or the URL, or be dropped."""
    text = 'Dose 50% (not %23) &amp; "more" x="y"\nµg &lt;b&gt; it\'s'
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5">'
           f'<text fill="#111" font-family="\'DejaVu Sans\', sans-serif">{text}</text></svg>')
    page = charts.picture_html(svg, 10, 5, "narrow")
    # Drawn as given, but for the quotes of attributes whose value has none (single, to save bytes).
    assert charts.picture_svgs(page) == [
        "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='5'>"
        f"<text fill='#111' font-family=\"'DejaVu Sans', sans-serif\">{text}</text></svg>"]
    url = re.search(r'src="([^"]*)"', page).group(1)
    assert not set('#\n"') & set(url) and "&amp;amp;" in url
    assert 'class="np-chart-picture np-chart-narrow"' in page and 'width="10" height="5"' in page
    with pytest.raises(ValueError, match="layout must be"):
        charts.picture_html(svg, 10, 5, "phone")
