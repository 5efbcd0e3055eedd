"""The in-browser (JupyterLite) copy: notebooks with their install cell, the npcourse wheel
with its data, the configuration, the page links, the size, and a build without network."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from urllib.parse import parse_qs, urljoin, urlparse

import nbformat
import pytest
from npcourse_book import sphinxext
from npcourse_book.authoring import lite

from .conftest import ROOT, chapter_stems, notebooks

# The size of the lite site as built (apps, kernel, widget manager, notebooks, wheel),
# documented in README.md ("Running the notebooks"); Pyodide itself is not in it.
LITE_BUDGET_MB = 40
INSTALL = re.compile(r"^%pip install npcourse$", re.M)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def lite_stems() -> list[str]:
    return [f"book/{s}" for s in chapter_stems()] + [f"exercises/{p.stem}" for p in notebooks("exercises")]


# --- the notebook copies (no build needed) ----------------------------------------------

@pytest.mark.parametrize("path", notebooks("exercises") + notebooks("book")[:1], ids=lambda p: p.stem)
def test_lite_copy_adds_only_the_install_cell(path):
    nb = load(path)
    out = lite.lite_notebook(nb)
    first = out["cells"][0]
    assert first["cell_type"] == "code" and INSTALL.search(first["source"])
    assert lite.INSTALL_TAG in first["metadata"]["tags"]
    assert [c["source"] for c in out["cells"][1:]] == [c["source"] for c in nb["cells"]]
    assert out["metadata"]["kernelspec"]["name"] == "python"  # the Pyodide kernel's name
    assert nb["cells"][0]["source"] != first["source"], "the committed notebook was changed"


def test_lite_copy_is_idempotent_and_clears_outputs():
    nb = {"cells": [{"cell_type": "code", "source": "1 + 1", "metadata": {}, "execution_count": 3,
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": "2"}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    twice = lite.lite_notebook(lite.lite_notebook(nb))
    assert sum(bool(INSTALL.search(c["source"])) for c in twice["cells"]) == 1
    assert twice["cells"][1]["outputs"] == [] and twice["cells"][1]["execution_count"] is None


def test_lite_copy_rejects_a_non_notebook():
    with pytest.raises(lite.LiteError, match="nb must be a notebook"):
        lite.lite_notebook(["not", "a", "notebook"])


def test_student_copies_lose_their_solution_blocks(tmp_path):
    chapter = f"book/{chapter_stems()[0]}"
    lite.write_content(ROOT, [chapter], tmp_path / "full")
    lite.write_content(ROOT, [chapter], tmp_path / "student", sphinxext.strip_solutions)
    # Proof the check can fail: the chapter does have solution blocks.
    assert "{solution}" in (tmp_path / "full" / f"{chapter}.ipynb").read_text()
    assert "{solution}" not in (tmp_path / "student" / f"{chapter}.ipynb").read_text()


def test_write_content_names_a_missing_notebook(tmp_path):
    with pytest.raises(lite.LiteError, match="docnames: no notebook"):
        lite.write_content(ROOT, ["exercises/99-missing"], tmp_path)


def test_lite_pages_are_chapters_and_exercises_never_solutions():
    assert sphinxext.LITE_DOCS.match("book/01-pain-types")
    assert sphinxext.LITE_DOCS.match("exercises/01-pain-types")
    for other in ("solutions/01-pain-types", "book/intro", "book/glossary", "book/how-to-use"):
        assert not sphinxext.LITE_DOCS.match(other), other


def test_lite_url_is_relative_to_the_page():
    assert sphinxext.lite_url("exercises/01-x", "exercises/01-x") == \
        "../lite/lab/index.html?path=exercises/01-x.ipynb"


# --- the wheel -------------------------------------------------------------------------

def data_files() -> set[str]:
    facts = ROOT / "src" / "npcourse" / "facts"
    return {f"npcourse/facts/{p.relative_to(facts).as_posix()}"
            for p in [*(facts / "yaml").rglob("*.yml"), *(facts / "schemas").glob("*.json")]}


def test_wheel_is_built_offline_with_every_data_file(tmp_path):
    wheel = lite.build_wheel(ROOT, tmp_path)
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert data_files() <= names and any(n.startswith("npcourse/facts/yaml/quizzes/") for n in names)
    assert "npcourse/chapters/c01_pain_types/checks.py" in names
    assert "Requires-Dist: altair>=6" in meta  # the code imports altair.vegalite.v6
    assert not (ROOT / "build").exists(), "the wheel build left build/ in the checkout"


def test_wheel_check_rejects_a_wheel_without_data(tmp_path):
    bad = tmp_path / "npcourse-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("npcourse/__init__.py", "")
    with pytest.raises(lite.LiteError, match="lacks data files"):
        lite.check_wheel(bad, ROOT)


def test_wheel_check_rejects_a_wheel_without_the_schemas(tmp_path):
    """The loader reads the JSON Schemas at run time: a wheel with the YAML but not them fails."""
    bad = tmp_path / "npcourse-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(bad, "w") as z:
        for name in data_files():
            if name.endswith(".yml"):
                z.writestr(name, "")
    with pytest.raises(lite.LiteError, match=r"lacks data files: \['npcourse/facts/schemas/"):
        lite.check_wheel(bad, ROOT)


# --- the built site --------------------------------------------------------------------

@pytest.fixture(scope="module")
def lite_site(built_book):
    assert built_book["returncode"] == 0, built_book["log"][-4000:]
    return built_book["html"] / "lite"


def test_lite_site_has_every_chapter_and_exercise_with_its_install_cell(lite_site):
    for stem in lite_stems():
        nb = load(lite_site / "files" / f"{stem}.ipynb")
        nbformat.validate(nbformat.from_dict(nb))  # JupyterLab opens only valid notebooks
        assert INSTALL.search(nb["cells"][0]["source"]), stem
        committed = load(ROOT / f"{stem}.ipynb")
        assert len(nb["cells"]) == len(committed["cells"]) + 1, stem
    assert not (lite_site / "files" / "solutions").exists(), "solutions belong to Binder/Colab only"
    listed = {folder: {c["name"] for c in load(lite_site / "api" / "contents" / folder / "all.json")["content"]}
              for folder in ("book", "exercises")}
    assert listed["exercises"] == {p.name for p in notebooks("exercises")}
    assert {f"{s}.ipynb" for s in chapter_stems()} <= listed["book"]


def test_piplite_index_serves_the_npcourse_wheel_with_its_data(lite_site):
    index = load(lite_site / "pypi" / "all.json")
    releases = index["npcourse"]["releases"]
    (files,) = releases.values()
    wheel = lite_site / "pypi" / files[0]["url"].split("/")[-1]
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert data_files() <= names
    assert any(re.fullmatch(r"npcourse/facts/yaml/\w+\.yml", n) for n in names)


def test_lite_configuration(lite_site):
    config = load(lite_site / "jupyter-lite.json")["jupyter-config-data"]
    assert config["appName"] == lite.APP_NAME
    extensions = {e["name"] for e in config["federated_extensions"]}
    # the Python kernel, and the widget manager the chapters' live demonstrations need
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"} <= extensions
    assert (lite_site / "lab" / "index.html").is_file()
    assert not list(lite_site.rglob("*.js.map")), "sourcemaps should be left out (size)"


def lite_link(html: str) -> str:
    m = re.search(r'<a class="np-try-lite-link" href="([^"]+)"', html)
    return m and m.group(1)


@pytest.mark.parametrize("stem", lite_stems())
def test_page_offers_jupyterlite(built_book, lite_site, stem):
    """In the book as a fresh clone builds it (no repository set) JupyterLite is the launch
    menu's only entry; tests/test_repository.py checks Binder and Colab with one set."""
    html = (built_book["html"] / f"{stem}.html").read_text(encoding="utf-8")
    href = lite_link(html)
    assert href, f"{stem}: no 'Try it in your browser' link"
    target = urlparse(urljoin(f"https://book.example/{stem}.html", href))
    assert (built_book["html"] / target.path.lstrip("/")).is_file(), href
    (path,) = parse_qs(target.query)["path"]
    assert (lite_site / "files" / path).is_file(), path
    menu = html[html.index("dropdown-launch-buttons"):]
    assert '<span class="btn__text-container">JupyterLite</span>' in menu, f"{stem}: no JupyterLite in the launch menu"
    for name in ("Binder", "Colab"):
        assert f'<span class="btn__text-container">{name}</span>' not in menu, f"{stem}: {name} with no repository set"
    assert "fonts.googleapis.com" not in html


def test_solution_pages_get_no_lite_link(built_book):
    # They keep Binder and Colab when a repository is set (tests/test_repository.py).
    for path in notebooks("solutions"):
        html = (built_book["html"] / "solutions" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert not lite_link(html), path.stem
        assert '<span class="btn__text-container">JupyterLite</span>' not in html, path.stem


def du_mb(path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def test_lite_site_size_within_budget(lite_site):
    size = du_mb(lite_site)
    print(f"lite site: {size:.1f} MB")
    assert 1 < size <= LITE_BUDGET_MB, f"lite site is {size:.1f} MB (budget {LITE_BUDGET_MB} MB)"


# --- no network at build time -----------------------------------------------------------

def no_network_prefix() -> list[str]:
    """A command prefix that runs its command in a network namespace with no route out."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    message = "`unshare -n` is not available or not permitted here: cannot cut the network"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_jupyterlite_build_needs_no_network(built_book, tmp_path):
    """Re-run jupyterlite-sphinx's own build command on the prepared folders, offline."""
    prefix = no_network_prefix()
    build = ROOT / "_build"
    out = tmp_path / "lite"
    command = [sys.executable, "-m", "jupyter", "lite", "build", "--contents", str(build / "lite-content"),
               "--output-dir", str(out), "--lite-dir", str(build / "lite-dir")]
    for app in ("notebooks", "edit", "lab", "repl", "tree", "consoles"):
        command += ["--apps", app]
    proc = subprocess.run(prefix + command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    assert (out / "files" / "exercises").is_dir() and (out / "pypi" / "all.json").is_file()
