"""Rules for the test suite itself, checked by reading its source.

Browser tests wait on conditions (Playwright's waiting assertions such as
``expect(locator).to_be_visible()``, ``wait_for_function``, ``wait_for_load_state``), never a
fixed time: a fixed sleep is slow when the page is fast and flaky when the machine is loaded.
"""

from __future__ import annotations

import ast

import pytest

from .conftest import ROOT

BROWSER = ROOT / "tests" / "browser"
SLEEPS = {"sleep", "wait_for_timeout"}  # time.sleep, asyncio.sleep, page.wait_for_timeout, from-imports


def fixed_sleeps(source: str, filename: str = "<source>") -> list[str]:
    """Every call of a fixed-time wait in ``source``, as 'file:line call'."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in SLEEPS:
                found.append(f"{filename}:{node.lineno} {ast.unparse(node.func)}()")
    return found


def test_the_scan_finds_fixed_sleeps():
    bad = ("import time\nfrom time import sleep\n"
           "def test(page):\n    page.wait_for_timeout(300)\n    time.sleep(1)\n    sleep(0.5)\n"
           "    expect(page.locator('x')).to_be_visible()\n")
    assert [s.split(" ")[1] for s in fixed_sleeps(bad)] == ["page.wait_for_timeout()", "time.sleep()", "sleep()"]
    assert fixed_sleeps("def test(page):\n    page.wait_for_function('() => true')\n") == []


@pytest.mark.parametrize("path", sorted(BROWSER.glob("*.py")), ids=lambda p: p.name)
def test_browser_tests_never_sleep_a_fixed_time(path):
    found = fixed_sleeps(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, ("wait on a condition instead (expect(...).to_have_..., wait_for_function, "
                       "wait_for_load_state): " + "; ".join(found))
