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
