"""Controls that do nothing in some state are greyed and disabled in it (issue 16, item 4).

A chart built with ``charts.finish(active_when=...)`` carries its rules to the page; course.js
applies them to the live chart on every change of a control they read (and the build-time
stand-in starts greyed when the first state already fails a rule). Tried as a reader does it,
at a phone's and a desktop's width: move the other control with the keyboard or the menu until
the control is dead, see it disabled, move it back, see it usable again. One chart per kind of
rule: chapter 3's calculator (two controls compared) and chapter 5's simulator (a menu's value).
"""

from __future__ import annotations

import pytest

from .conftest import PageWatch

SIZES = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]

# (page, control that can be dead, control that kills it, how to kill it, how to revive it);
# a key is pressed on a focused slider, an "option:<value>" is chosen from a menu.
CASES = [
    # Proximal latency at its minimum (0.5 ms) is shorter than the distal 3.5 ms: no velocity.
    ("book/03-assessment.html", "distance_mm", "proximal_latency_ms", "Home", "End"),
    # A real drug's half-life comes from its label: the half-life slider is not read.
    ("book/05-using-drugs.html", "half_life", "preset", "option:pregabalin", "option:fictional"),
]

STATE = """el => ({disabled: el.disabled,
                  greyed: !!(el.closest('.vega-bind')
                             && el.closest('.vega-bind').classList.contains('np-bind-off'))})"""


def _set(page, control, how: str) -> None:
    if how.startswith("option:"):
        control.select_option(how.removeprefix("option:"))
    else:
        control.focus()
        page.keyboard.press(how)


@pytest.mark.parametrize("size", SIZES, ids=[str(s["width"]) for s in SIZES])
@pytest.mark.parametrize(("rel", "name", "other", "kill", "revive"), CASES, ids=[c[1] for c in CASES])
def test_a_dead_control_is_greyed_only_while_it_does_nothing(browser, offline_site, size, rel, name, other,
                                                              kill, revive):
    watch = PageWatch(browser, **size)
    try:
        page = watch.page
        page.goto(f"{offline_site['url']}/{rel}", wait_until="domcontentloaded")
        box = page.locator(f"[data-np-chart]:has(.vega-bindings [name='{name}'])").first
        # The first state is one in which the control works: its stand-in is not greyed.
        stand_in = box.locator(f".vega-bindings [name='{name}']").first
        assert stand_in.evaluate(STATE) == {"disabled": False, "greyed": False}
        box.scroll_into_view_if_needed()
        page.wait_for_function("b => b.dataset.npLive === '1'", arg=box.element_handle(), timeout=20_000)
        live = box.locator(f".vega-embed .vega-bindings [name='{name}']").first
        killer = box.locator(f".vega-embed .vega-bindings [name='{other}']").first
        assert live.evaluate(STATE) == {"disabled": False, "greyed": False}, f"{name} starts disabled live"

        _set(page, killer, kill)
        page.wait_for_function("el => el.disabled && el.closest('.vega-bind').classList.contains('np-bind-off')",
                               arg=live.element_handle(), timeout=5_000)
        assert live.is_disabled(), f"{name} still usable after {other} was set with {kill}"

        _set(page, killer, revive)
        page.wait_for_function("el => !el.disabled && !el.closest('.vega-bind').classList.contains('np-bind-off')",
                               arg=live.element_handle(), timeout=5_000)
        assert live.is_enabled(), f"{name} still disabled after {other} was set back with {revive}"
        assert not watch.errors, watch.errors
    finally:
        watch.close()
