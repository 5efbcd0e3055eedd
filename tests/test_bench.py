"""The benchmark report names every measurement over its budget (benchmarks/bench.py)."""

from __future__ import annotations

import copy

import pytest

from benchmarks import bench


def timing(median: float) -> dict:
    return {"median": median, "min": median * 0.9, "max": median * 1.1, "runs": 3}


GOOD = {
    "runs": 3,
    "notebooks": [{"notebook": "book/01-x.ipynb", "seconds": timing(4.0), "baseline_seconds": timing(3.5),
                   "ratio": 4.0 / 3.5}],
    "build": {"clean_seconds": timing(150), "incremental_seconds": timing(12), "peak_rss_mib": 300},
    "tests": {"cold_seconds": timing(540), "seconds": timing(420)},
    "pages": {"genindex.html": {"own_bytes": 30_000, "shared_bytes": 2_000_000, "latency_ms": None},
              "book/01-x.html": {"own_bytes": 250_000, "shared_bytes": 3_000_000,
                                 "latency_ms": {"median": 2.0, "p95": 6.0, "n": 40}}},
}


@pytest.fixture
def report(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "OUT_MD", tmp_path / "results.md")
    return lambda res: (bench.write_report(res), (tmp_path / "results.md").read_text())


def test_all_within_budget_is_said_only_when_true(report):
    summary, md = report(GOOD)
    assert summary.endswith("all within budget")
    assert "**over**" not in md
    assert "worst notebook book/01-x.ipynb ratio 1.14" in summary
    assert "make test 540 s cold; make test 420 s cached" in summary


@pytest.mark.parametrize("change, named", [
    (lambda r: r["notebooks"][0].update(ratio=1.6), "book/01-x.ipynb ratio 1.60"),
    (lambda r: r["tests"].update(cold_seconds=timing(601)), "make test 601 s cold"),
    (lambda r: r["tests"].update(seconds=timing(700)), "make test 700 s"),
    (lambda r: r["pages"]["book/01-x.html"].update(own_bytes=501 * 1024), "book/01-x.html 501 KiB"),
    (lambda r: r["pages"]["book/01-x.html"]["latency_ms"].update(p95=51.0), "book/01-x.html p95 51 ms"),
])
def test_each_missed_budget_is_named(report, change, named):
    res = copy.deepcopy(GOOD)
    change(res)
    summary, md = report(res)
    assert "over budget: " + named in summary
    assert "**over**" in md


def lighthouse(perf: int = 95, lcp: float = 1800, tbt: float = 0, cls: float = 0.001, a11y: int = 100,
               errors: int = 0) -> dict:
    return {"performance": perf, "accessibility": a11y, "fcp_ms": 1200, "lcp_ms": lcp, "tbt_ms": tbt,
            "cls": cls, "errors_in_console": errors, "paste_blocked": False}


def with_lighthouse(pages: dict | None = None) -> dict:
    res = copy.deepcopy(GOOD)
    keys = {"offline/genindex.html": lighthouse(99), "default/genindex.html": lighthouse(98),
            "offline/book/01-x.html": lighthouse(93), "default/book/01-x.html": lighthouse(91)}
    keys.update(pages or {})
    res["lighthouse"] = {"pages": keys, "baselines": {"offline": "offline/genindex.html",
                                                      "default": "default/genindex.html"}}
    return res


def test_lighthouse_names_each_builds_slowest_page(report):
    summary, md = report(with_lighthouse())
    assert summary.endswith("all within budget"), summary
    assert "lighthouse offline: 2 of 2 pages within budget, slowest page offline/book/01-x.html" in summary
    assert "lighthouse default: 2 of 2 pages within budget, slowest page default/book/01-x.html" in summary
    assert "Pages outside the budgets: none." in md


@pytest.mark.parametrize("page, named", [
    (lighthouse(lcp=2600), "lcp_ms 2600"),
    (lighthouse(tbt=250), "tbt_ms 250"),
    (lighthouse(cls=0.2), "CLS 0.20"),
    (lighthouse(a11y=96), "accessibility 96"),
    (lighthouse(perf=89), "performance 89"),
    (lighthouse(errors=2), "2 console errors"),
])
def test_lighthouse_names_every_page_outside_a_budget(report, page, named):
    summary, md = report(with_lighthouse({"default/book/02-y.html": page}))
    assert f"over budget: default/book/02-y.html {named}" in summary
    assert f"- default/book/02-y.html: {named}" in md
    assert "lighthouse default: 2 of 3 pages within budget" in summary
