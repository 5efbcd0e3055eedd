"""Browser fixtures: the offline build served on 127.0.0.1, and Debian's Chromium via Playwright.

Playwright's own browser download cannot work here and is never attempted: the tests drive
/usr/bin/chromium (override with NPCOURSE_CHROMIUM). Without Chromium they skip with a message
saying how to enable them; under CI=true a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..conftest import ROOT, file_lock, run_id, shared_build

CHROMIUM = os.environ.get("NPCOURSE_CHROMIUM", "/usr/bin/chromium")
OFFLINE_HTML = ROOT / "_build" / "offline" / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
REPORT = ROOT / "_build" / "browser-report.json"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def require_chromium() -> None:
    if Path(CHROMIUM).exists() and shutil.which(CHROMIUM):
        return
    message = (f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
               "(or set NPCOURSE_CHROMIUM) to run the browser tests")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def offline_site(pytestconfig):
    """Build the offline book (make book OFFLINE=1) and serve it on a free loopback port.

    The offline tree is built from scratch so that pages deleted from the book cannot linger
    in the site the tests discover (notebook execution stays cached). It is built once per run
    (tests.conftest.shared_build): browser tests on the other worker wait for it and serve the
    same folder from their own server.
    """
    require_chromium()
    if os.environ.get("NPCOURSE_REUSE_OFFLINE") == "1" and (OFFLINE_HTML / "search.html").is_file():
        # For working on the browser tests only: serve the offline build already made (by
        # `make book OFFLINE=1`) instead of building it again. `make test` never sets this.
        done = {"returncode": 0, "log": (ROOT / "_build" / "build-offline.log").read_text(encoding="utf-8")
                if (ROOT / "_build" / "build-offline.log").is_file() else ""}
    else:
        done = shared_build(pytestconfig, "offline", "OFFLINE=1",
                            before=lambda: shutil.rmtree(ROOT / "_build" / "offline", ignore_errors=True))
    assert done["returncode"] == 0, done["log"][-4000:]
    handler = functools.partial(QuietHandler, directory=str(OFFLINE_HTML))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "root": OFFLINE_HTML,
           "log": done["log"]}
    server.shutdown()


class Server(http.server.ThreadingHTTPServer):
    # The standard listen backlog of 5 is below what Chromium opens at once on a page with
    # many assets; a full backlog drops connections and the browser waits seconds to retry.
    request_queue_size = 64
    daemon_threads = True


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Module scope, not session: Playwright's sync API keeps an
    event loop running in the worker's main thread while it is open, and since browser modules
    share the workers with unit tests, a session-long browser broke tests that call asyncio.run
    (tests/test_labcontents.py) when they ran later on the same worker."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


# When a page is ready to be checked (PageWatch.goto waits for it instead of for network quiet):
# loaded; every quiz box drawn (jupyterquiz draws after the page is parsed; a hidden box, like the
# self-test's library carrier, is not waited for); every chart live (SHOW_CHARTS brings each into
# view first); MathJax has typeset the first formula on a page with maths; and no late work the
# page announces (`window.npPending`, used by the probe pages of the tests) is left. Whatever
# these late steps throw is therefore seen before the checks run, and anything thrown while the
# checks run is recorded too: the errors are read when a visit's checks are done.
READY = """() => document.readyState === 'complete'
  && Array.from(document.querySelectorAll('[data-shufflequestions]'))
       .every(q => q.closest('[hidden]') || q.querySelector('.Quiz .Answer, .Quiz input'))
  && Array.from(document.querySelectorAll('figure.np-chart'))
       .every(f => f.querySelector('.vega-embed svg, .vega-embed canvas'))
  && (!document.querySelector('meta[name="np-mathjax"]') || !document.querySelector('.math')
      || !!document.querySelector('mjx-container'))
  && !window.npPending"""


# Charts arrive as a build-time picture and go live (Vega) only when they come near the screen,
# and MathJax loads when the first formula does (book/_static/course.js): bring each chart and
# the first formula into view in turn so the whole page is drawn.
SHOW_CHARTS = """async () => {
  const first = document.querySelector('.math');
  for (const f of [...(first ? [first] : []), ...document.querySelectorAll('figure.np-chart')]) {
    f.scrollIntoView({block: 'center'});
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
  }
  window.scrollTo(0, 0);
}"""


SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "lite"}


def site_pages(root) -> list[str]:
    """Every page of the built site (so a new chapter is covered without editing the tests)."""
    pages = []
    for p in sorted(root.rglob("*.html")):
        rel = p.relative_to(root)
        if SKIP_DIRS & set(rel.parts[:-1]) or rel.name == "index.html" and len(rel.parts) == 1:
            continue  # index.html only redirects to the intro
        if rel.name.startswith("_"):
            continue  # a probe page a test on the other worker has put there for a moment
        pages.append(rel.as_posix())
    return pages


def numeric_answers(numeric) -> tuple[list[dict], float]:
    """A jupyterquiz numeric input's answer list (its data-answers) and the value that is right:
    the exact value, or the middle of the accepted range."""
    answers = json.loads(numeric.get_attribute("data-answers"))
    good = next(a for a in answers if a.get("correct"))
    return answers, good["value"] if "value" in good else (good["range"][0] + good["range"][1]) / 2


NOT_READY = """() => ({
  quizzes: Array.from(document.querySelectorAll('[data-shufflequestions]'))
    .filter(q => !q.closest('[hidden]') && !q.querySelector('.Quiz .Answer, .Quiz input')).length,
  charts: Array.from(document.querySelectorAll('figure.np-chart'))
    .filter(f => !f.querySelector('.vega-embed svg, .vega-embed canvas')).length,
  maths: !!document.querySelector('meta[name="np-mathjax"]') && !!document.querySelector('.math')
    && !document.querySelector('mjx-container'),
  pending: !!window.npPending, readyState: document.readyState})"""


class PageWatch:
    """A page whose errors, failed requests and blocked external requests are recorded."""

    def __init__(self, browser, width: int = 1280, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.external: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("console", self._console)
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))

    def _route(self, route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort("blockedbyclient")

    def _console(self, msg):
        if msg.type == "error":
            self.errors.append(f"console error: {msg.text}")

    def goto(self, url: str, timeout: float = 15_000) -> None:
        """Open ``url`` and wait until it is drawn (:data:`READY`, a condition, not network quiet
        or a fixed time); what is not drawn within ``timeout`` ms is reported as an error."""
        self.page.goto(url, wait_until="load")
        self.page.evaluate(SHOW_CHARTS)
        try:
            self.page.wait_for_function(READY, timeout=timeout, polling=50)
        except PlaywrightTimeout:
            missing = self.page.evaluate(NOT_READY)
            self.errors.append(f"{url}: not drawn within {timeout / 1000:g} s: {missing}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser):
    w = PageWatch(browser)
    yield w
    w.close()


class Report:
    """Per-page counts written to _build/browser-report.json for the closing note."""

    def __init__(self):
        self.pages: dict[str, dict] = {}

    def add(self, page: str, **counts) -> None:
        self.pages.setdefault(page, {}).update(counts)

    def write(self, run: str) -> None:
        """Write the report, merged with what the other xdist worker of this run wrote (its
        browser tests add other pages, or other counts for the same pages)."""
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        marker = REPORT.with_suffix(".run")
        with file_lock(".browser-report.lock"):
            pages: dict[str, dict] = {}
            if REPORT.is_file() and marker.is_file() and marker.read_text() == run:
                pages = json.loads(REPORT.read_text(encoding="utf-8"))
            for page, counts in self.pages.items():
                pages.setdefault(page, {}).update(counts)
            REPORT.write_text(json.dumps(pages, indent=2, sort_keys=True))
            marker.write_text(run)


@pytest.fixture(scope="session")
def report(pytestconfig):
    r = Report()
    yield r
    r.write(run_id(pytestconfig))
