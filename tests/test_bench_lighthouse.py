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
