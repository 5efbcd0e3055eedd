"""Without Chromium the browser tests skip with instructions; under CI=true they fail."""

import pytest

from . import conftest


def test_missing_browser_skips_locally(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        conftest.require_chromium()


def test_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        conftest.require_chromium()
