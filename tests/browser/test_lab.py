"""The instructor path: JupyterLab started as `make lab` starts it, chapter 1 run in Chromium."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..conftest import ROOT, notebooks
from .conftest import SCREENSHOTS, PageWatch, require_chromium


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Every cell in the page, not only those in view: JupyterLab's default windowing detaches
# off-screen cells, and a chart that is not in the page cannot be checked.
NOTEBOOK_SETTINGS = '{"windowingMode": "none"}'
# No autosave: the server serves the checkout itself, and JupyterLab saves an open notebook every
# 120 s; on a loaded machine chapter 1 stays open longer than that, and its outputs were written
# into book/01-pain-types.ipynb (a fresh-clone CI run then failed test_committed_without_outputs).
DOCMANAGER_SETTINGS = '{"autosave": false}'


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """One JupyterLab for the module's tests (started as `make lab` starts it; each start costs
    5-10 s). Each test opens its notebook in a workspace of its own (:func:`lab`) and shuts its
    kernels down afterwards, so no test meets another's layout or running kernel."""
    require_chromium()
    tmp_path = tmp_path_factory.mktemp("lab")
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(NOTEBOOK_SETTINGS)
    docmanager = tmp_path / "settings" / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(DOCMANAGER_SETTINGS)
    committed = {p: p.read_bytes() for p in notebooks()}
    port, token = free_port(), secrets.token_hex(16)
    # Fresh workspace and settings folders: JupyterLab otherwise restores whatever layout the
    # last session in this home folder left (other notebooks open, a different tab current),
    # and a CI run once timed out waiting for a chapter hidden behind such a restored tab.
    args = (f"--port={port} --ServerApp.token={token} --ServerApp.root_dir={ROOT} "
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'} "
            f"--LabApp.user_settings_dir={tmp_path / 'settings'} "
            "--LabApp.news_url=None --ServerApp.open_browser=False")
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            try:  # between polls, wait on the other condition: make lab exiting early
                proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"make lab exited early:\n{proc.stdout.read()[-3000:]}")
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail("JupyterLab did not start within 120 s")
    yield url, token
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    # The tests run notebooks, never save them: put back and report any the server wrote.
    written = [p for p, data in committed.items() if p.read_bytes() != data]
    for p in written:
        p.write_bytes(committed[p])
    assert not written, f"JupyterLab wrote into the checkout (restored): {[p.name for p in written]}"


def api(url: str, token: str, path: str, method: str = "GET"):
    request = urllib.request.Request(f"{url}/api/{path}?token={token}", method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture
def lab(lab_server, request):
    """The shared server's address, token and a workspace named for this test; the kernels the
    test started are shut down after it."""
    url, token = lab_server
    before = {s["id"] for s in api(url, token, "sessions")}
    yield url, token, re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    for session in api(url, token, "sessions"):
        if session["id"] not in before:
            api(url, token, f"sessions/{session['id']}", method="DELETE")


@pytest.fixture(scope="module")
def chapter_one(lab_server, browser):
    """Chapter 1 opened in JupyterLab and run once (Run All) for the two tests that check it: its
    live widget, and its charts and model cell. (Module scope: set up before any test's own
    ``lab`` fixture, so that fixture leaves this kernel running.)"""
    url, token = lab_server
    chapter = next(p for p in notebooks("book") if p.stem.startswith("01-"))
    before = {s["id"] for s in api(url, token, "sessions")}
    w = PageWatch(browser, width=1400, height=1000)
    try:
        open_and_run_all(w.page, (url, token, "chapter-one"), chapter)
        w.page.wait_for_function(ALL_RUN, timeout=240_000)
        yield chapter, w
    finally:
        w.close()
        for session in api(url, token, "sessions"):
            if session["id"] not in before and session.get("path", "").endswith(chapter.name):
                api(url, token, f"sessions/{session['id']}", method="DELETE")


def notebook_url(lab, chapter) -> str:
    """The chapter opened in the test's own workspace (a fresh layout: nothing else open)."""
    url, token, workspace = lab
    return f"{url}/lab/workspaces/{workspace}/tree/book/{chapter.name}?token={token}"


def open_and_run_all(page, lab, chapter) -> None:
    """Open a chapter notebook in JupyterLab, wait for its kernel, then Run → Run All Cells."""
    page.goto(notebook_url(lab, chapter), wait_until="domcontentloaded")
    page.locator(".jp-Notebook:visible").first.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar') || {}).textContent?.includes('Idle')",
        timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()


def test_chapter_one_runs_in_jupyterlab_and_its_live_widget_responds(chapter_one):
    _, w = chapter_one
    checkbox = w.page.locator(".jp-OutputArea .widget-checkbox input[type=checkbox]").first
    checkbox.wait_for(timeout=120_000)
    output = checkbox.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]").locator(".widget-html").last
    before = output.inner_text()
    boxes = w.page.locator(".jp-OutputArea .widget-checkbox input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    # The kernel answers each tick separately: wait for the state after BOTH ticks
    # (on a busy machine the text first shows the one-finding state).
    w.page.wait_for_function(
        "([el, before]) => el.innerText !== before && el.innerText.toLowerCase().includes('possible')",
        arg=[output.element_handle(), before], timeout=60_000)
    assert "possible" in output.inner_text().lower()
    errors = w.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.first.inner_text()


# Chart outputs: JupyterLab's Vega renderer in class; the book's HTML figure (which loads Vega
# from a CDN) if that path ever came back. A chart has marks when Vega has drawn shapes in it.
CHART_STATE = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')).filter(o =>
    o.querySelector('.jp-RenderedVegaCommon5, figure.np-chart, .vega-embed')).map(o => ({
      text: o.innerText.slice(0, 120),
      marks: o.querySelectorAll('svg g[class*="mark-"] > :not(g), svg g[class*="mark-"] > g').length
             + Array.from(o.querySelectorAll('canvas')).filter(c => c.width > 0).length}))"""
ALL_RUN = """() => { const p = Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')).map(e => e.textContent);
  return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t)); }"""


@pytest.mark.parametrize("prefix", ["01-", "05-", "08-"])
def test_every_chart_draws_in_jupyterlab_without_network(lab, browser, chapter_one, prefix):
    # PageWatch lets only loopback requests through: a classroom with no internet. Chapter 1 is
    # the run the widget test also reads (chapter_one); the others are opened and run here.
    own = prefix != "01-"
    chapter, w = (next(p for p in notebooks("book") if p.stem.startswith(prefix)),
                  PageWatch(browser, width=1400, height=1000)) if own else chapter_one
    try:
        if own:
            open_and_run_all(w.page, lab, chapter)
            w.page.wait_for_function(ALL_RUN, timeout=240_000)
        # The prompts number before JupyterLab's Vega renderer has attached the chart outputs (a
        # CI run under load found none at that moment): wait for them, or let the assert name it.
        try:
            w.page.wait_for_function(f"() => ({CHART_STATE})().length > 0", timeout=60_000)
        except PlaywrightTimeout:
            pass
        charts = w.page.evaluate(CHART_STATE)
        assert charts, f"{chapter.name}: no chart output found after running all cells"
        try:  # Vega draws asynchronously after the output appears
            w.page.wait_for_function(f"() => ({CHART_STATE})().every(c => c.marks > 0)", timeout=30_000)
        except PlaywrightTimeout:
            pass
        charts = w.page.evaluate(CHART_STATE)
        empty = [c["text"] for c in charts if not c["marks"]]
        assert not empty, f"{chapter.name}: {len(empty)} of {len(charts)} charts empty offline: {empty}"
        plain = w.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output",
                               has_text="<chart:")
        assert plain.count() == 0, "a chart fell back to plain text: JupyterLab had no renderer for it"
        errors = w.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()
        # Item 5: the chapter's model cell is shown with its code and has computed its result offline.
        models = [c.source for c in nbformat.read(chapter, as_version=4).cells
                  if "model-cell" in c.metadata.get("tags", [])]
        assert models, f"{chapter.name} has no model cell"
        for state in w.page.evaluate(MODEL_STATE, models):
            assert state["found"], f"{chapter.name}: model cell not shown: {state['call']!r}"
            assert state["shown"], f"{chapter.name}: model cell's code is collapsed: {state['call']!r}"
            assert state["output"], f"{chapter.name}: model cell printed nothing: {state}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        w.page.screenshot(path=str(SCREENSHOTS / f"lab-{chapter.stem}.png"))
    finally:
        if own:
            w.close()


# For each model cell's source: its last line of code, whether a notebook cell with that code is
# on screen with its input expanded, and the text of its output.
MODEL_STATE = """sources => sources.map(src => {
  const lines = src.split('\\n').map(l => l.split('#')[0].trim()).filter(Boolean);
  const call = lines[lines.length - 1];
  const cells = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell'));
  const cell = cells.find(c => (c.querySelector('.jp-InputArea-editor') || {}).textContent?.includes(call));
  if (!cell) { return {call, found: false}; }
  const input = cell.querySelector('.jp-Cell-inputWrapper');
  const out = cell.querySelector('.jp-OutputArea-output');
  return {call, found: true, shown: !!input && input.offsetHeight > 0 && !cell.classList.contains('jp-mod-collapsed'),
          output: out ? out.textContent.trim() : ''};
})"""
RAW_MYST = ("{cite:p}", "{cite:t}", "{term}", "{ref}", "{doc}", "```{", ":::{")
RAW_LABEL = re.compile(r"\((sec|fig|tab)-[a-z0-9-]+\)=")
CITE_ROLE = re.compile(r"\{cite:[pt]\}`[^`]+`")
CAPTION = re.compile(r"(`{3,})\{container\}[^\n]*\n.*?\n\1", re.S)
YEAR = r"(?:(?:1[89]|20)\d\d[a-z]?|n\.d\.)"
NAME = r"(?:[^()]|\([^()]*\))+?"   # an untitled source is named by its title, which may hold (…)
AUTHOR_YEAR = re.compile(rf"\({NAME}, {YEAR}(?:; {NAME}, {YEAR})*\)")


def test_chapter_five_markdown_renders_myst_in_jupyterlab(lab, browser):
    # jupyterlab-myst renders roles, directives and (label)= targets; without it they show raw.
    chapter = next(p for p in notebooks("book") if p.stem.startswith("05-"))
    w = PageWatch(browser, width=1400, height=1000)
    try:
        w.page.goto(notebook_url(lab, chapter), wait_until="domcontentloaded")
        # innerText leaves out the hidden editor of a rendered cell: only what is displayed counts
        cells = w.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell")
        cells.first.wait_for(timeout=60_000)
        source = nbformat.read(chapter, as_version=4)
        # Figure captions sit in ```{container} np-diagram-caption``` blocks, which jupyterlab-myst
        # does not display at all (a separate gap): their citations are not counted.
        roles = sum(len(CITE_ROLE.findall(CAPTION.sub("", c.source)))
                    for c in source.cells if c.cell_type == "markdown")
        # MyST renders each cell asynchronously (under load, after the first cells appear): wait until
        # no raw role is left and every citation shows as author-year text (or time out and let the
        # assertions below name what is wrong).
        try:
            w.page.wait_for_function(
                "([markers, roles]) => { const cells = Array.from(document.querySelectorAll("
                "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell'));"
                " return !cells.some(c => markers.some(m => c.innerText.includes(m)))"
                " && cells.reduce((n, c) => n + c.querySelectorAll('span.np-cite').length, 0) >= roles; }",
                arg=[list(RAW_MYST), roles], timeout=90_000)
        except Exception:  # noqa: BLE001 - the assertions below report what is still raw
            pass
        text = "\n".join(cells.all_inner_texts())
        assert len(text) > 5_000, "chapter 5's markdown did not render"
        raw = {marker: text.count(marker) for marker in RAW_MYST if marker in text}
        raw.update({label: 1 for label in RAW_LABEL.findall(text)})
        assert not raw, f"raw MyST markup visible in chapter 5: {raw}"
        # Citations: jupyterlab-myst has no bibliography and marks each one "⚠ key"; make lab's
        # contents manager serves them as the book's author-year text instead.
        missing = re.findall(r"⚠\s*\S+", text)
        assert not missing, f"{len(missing)} citations shown as unresolved keys in chapter 5: {missing[:5]}"
        # every role became one author-year citation (textContent: those inside closed dropdowns too)
        shown = cells.locator("span.np-cite").all_text_contents()
        assert len(shown) == roles > 50, f"chapter 5 cites {roles} times, {len(shown)} shown as references"
        odd = [c for c in shown if not AUTHOR_YEAR.fullmatch(c)]
        assert not odd, f"citations not in author-year form: {odd[:5]}"
    finally:
        w.close()
