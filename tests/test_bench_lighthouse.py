"""Lighthouse in `make bench` (benchmarks/bench.py, benchmarks/lighthouse_batch.mjs): what it keeps
of each result, and that a result without the console-error audit is not read as "no error"."""

from __future__ import annotations

import copy
import json

import pytest

from benchmarks import bench


def audit(value=None, score=None, items=None) -> dict:
    return {"numericValue": value, "score": score, "details": {"items": items or []}}


LHR = {"categories": {"performance": {"score": 0.91}, "accessibility": {"score": 1.0}},
       "audits": {"first-contentful-paint": audit(1200.0), "largest-contentful-paint": audit(2100.0),
                  "total-blocking-time": audit(180.0), "cumulative-layout-shift": audit(0.002),
                  "errors-in-console": audit(score=0, items=[{"source": "exception"}]),
                  "paste-preventing-inputs": audit(score=1)},
       "runtimeError": None}


def test_fields_kept_from_a_result():
    assert bench.lighthouse_fields(LHR) == {
        "performance": 91, "accessibility": 100, "fcp_ms": 1200.0, "lcp_ms": 2100.0, "tbt_ms": 180.0,
        "cls": 0.002, "errors_in_console": 1, "paste_blocked": False}


@pytest.mark.parametrize("audit_id", ["errors-in-console", "paste-preventing-inputs"])
def test_a_result_without_the_console_or_paste_audit_is_an_error(audit_id):
    """`--only-categories=performance,accessibility` alone leaves both audits out (they belong to
    best practices): the console-error budget could then never fail."""
    lhr = copy.deepcopy(LHR)
    del lhr["audits"][audit_id]
    with pytest.raises(ValueError, match=audit_id):
        bench.lighthouse_fields(lhr)


def test_the_batch_runs_the_audits_the_report_reads():
    script = bench.LIGHTHOUSE_BATCH.read_text(encoding="utf-8")
    for audit_id in ("errors-in-console", "paste-preventing-inputs"):
        assert f'"{audit_id}"' in script.split("const AUDITS")[0], audit_id  # in onlyAudits


def test_a_batch_that_dies_names_every_page_it_did_not_reach(monkeypatch, tmp_path):
    """A page the batch never reached is reported as not run, not dropped."""
    fake = tmp_path / "fake.mjs"
    first = json.dumps({"url": "http://x/a.html", "lhr": LHR, "seconds": 9.5})
    fake.write_text(f"console.log({first!r}); process.exit(3);\n", encoding="utf-8")
    monkeypatch.setattr(bench, "LIGHTHOUSE_BATCH", fake)
    out = dict(bench.run_lighthouse_batch(["http://x/a.html", "http://x/b.html"]))
    assert out["http://x/a.html"]["tbt_ms"] == 180.0 and out["http://x/a.html"]["seconds"] == 9.5
    assert "exited 3 before this page" in out["http://x/b.html"]["error"]


# --- several runs per page, judged on the median (issue 17) ----------------------------------

def run(tbt: float, perf: int = 97, lcp: float = 2000.0, a11y: int = 100, errors: int = 0,
        paste: bool = False) -> dict:
    return {"performance": perf, "accessibility": a11y, "fcp_ms": 1300.0, "lcp_ms": lcp, "tbt_ms": tbt,
            "cls": 0.002, "errors_in_console": errors, "paste_blocked": paste, "seconds": 8.0}


def test_timings_are_the_median_of_the_runs():
    """Chapter 1's three runs on a quiet machine had TBT 197, 38 and 42 ms: one page, one commit."""
    got = bench.aggregate_runs([run(197, perf=96, lcp=2100), run(38, perf=99), run(42, perf=99, lcp=1900)])
    assert (got["tbt_ms"], got["performance"], got["lcp_ms"]) == (42, 99, 2000)
    assert [r["tbt_ms"] for r in got["runs"]] == [197, 38, 42]
    assert got["seconds"] == 24.0


def test_a_median_over_budget_is_still_over():
    got = bench.aggregate_runs([run(250), run(230), run(90)])
    assert got["tbt_ms"] == 230
    assert bench.lh_misses(got) == ["tbt_ms 230"]


@pytest.mark.parametrize("bad_run, field, worst", [
    (run(10, a11y=96), "accessibility", 96),
    (run(10, errors=2), "errors_in_console", 2),
    (run(10, paste=True), "paste_blocked", True),
])
def test_what_belongs_to_the_page_is_judged_on_the_worst_run(bad_run, field, worst):
    """A console error or a contrast failure in one run of five is a fault of the page, not noise."""
    got = bench.aggregate_runs([run(10), bad_run, run(10), run(10), run(10)])
    assert got[field] == worst
    if field != "paste_blocked":  # paste blocking is reported, not a budget
        assert bench.lh_misses(got)


def test_a_page_with_a_failed_run_did_not_run():
    got = bench.aggregate_runs([run(10), {"error": "Chromium crashed"}, run(12)])
    assert got == {"error": "1 of 3 runs failed: Chromium crashed"}
    assert bench.lh_misses(got) == ["did not run"]


def test_no_runs_is_an_error():
    with pytest.raises(ValueError, match="no Lighthouse runs"):
        bench.aggregate_runs([])


def test_runs_go_in_rounds_over_all_pages(monkeypatch, tmp_path):
    """Every page once, then every page again: a burst of load on the machine then falls on one
    run of several pages, not on all the runs of one page."""
    class Server:
        def shutdown(self):
            pass

    calls, tbt = [], iter(range(100, 1000, 10))
    monkeypatch.setattr(bench, "LIGHTHOUSE", tmp_path)  # exists
    monkeypatch.setattr(bench, "serve_book", lambda handler, build: (Server(), "http://x"))
    monkeypatch.setattr(bench, "lighthouse_pages", lambda only, root: ["genindex.html", "book/01.html"])

    def batch(urls):
        calls.append(list(urls))
        for url in urls:
            yield url, run(next(tbt))
    monkeypatch.setattr(bench, "run_lighthouse_batch", batch)
    out = bench.bench_lighthouse(None, False, ["offline"], runs=3)
    assert calls == [["http://x/genindex.html", "http://x/book/01.html"]] * 3
    assert [r["tbt_ms"] for r in out["pages"]["offline/book/01.html"]["runs"]] == [110, 130, 150]
    assert out["pages"]["offline/book/01.html"]["tbt_ms"] == 130 and out["runs"] == 3


def test_fewer_than_one_run_is_refused():
    with pytest.raises(ValueError, match="at least 1, not 0"):
        bench.bench_lighthouse(None, False, ["offline"], runs=0)
    with pytest.raises(SystemExit):
        bench.main(["--only", "lighthouse", "--lighthouse-runs", "0"])


def test_the_report_shows_the_spread_and_counts_single_runs_over(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "OUT_MD", tmp_path / "results.md")
    pages = {"offline/genindex.html": bench.aggregate_runs([run(0), run(0), run(0)]),
             "offline/book/01.html": bench.aggregate_runs([run(214, perf=95), run(20), run(35)])}
    lh = {"pages": pages, "baselines": {"offline": "offline/genindex.html"}, "runs": 3}
    lines, phrase = bench.lighthouse_report(lh)
    text = "\n".join(lines)
    assert "| offline/book/01.html | 97 | 1.3 | 2.0 | 35 (20–214) |" in text
    assert "Single runs over a timing or score budget: 1 of 6 (on 1 of 2 pages" in text
    assert "2 of 2 pages within budget" in phrase and "1 of 6 single runs over" in phrase
