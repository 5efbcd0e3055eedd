"""Prepare the in-browser copy of the course: JupyterLite through jupyterlite-sphinx.

The book's Sphinx extension (:mod:`npcourse_book.sphinxext`) calls :func:`prepare` at the end of
every HTML build, just before jupyterlite-sphinx runs ``jupyter lite build``:

- the chapters and exercises are copied into ``lite-content/`` with ONE extra first cell,
  ``%pip install npcourse``. In JupyterLite that line is handled by piplite, which installs
  the course package from the site itself and its dependencies from Pyodide's own
  distribution or PyPI, in the reader's browser. The committed notebooks never carry it
  (tests/test_notebooks.py forbids installs in notebooks): Binder, Colab and ``make lab``
  install the package from requirements.txt instead.
- a wheel of ``npcourse`` (code and data) is built from this checkout with pip, offline
  (``--no-index --no-build-isolation``), into ``lite-dir/pypi/``: jupyterlite-pyodide-kernel
  indexes every wheel in that folder for piplite.
- ``lite-dir/jupyter_lite_config.json`` (build options) and ``jupyter-lite.json`` (what the
  app shows) are written.

Nothing here needs the network; the reader's browser fetches Pyodide when a notebook starts.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

INSTALL_TAG = "lite-install"
# One line that piplite understands; the comment tells the reader why it is there.
INSTALL_SOURCE = (
    "# In-browser Python (JupyterLite) only: install the course package first.\n"
    "# The first run downloads Python's scientific packages and can take a minute.\n"
    "%pip install npcourse"
)
# The kernel jupyterlite-pyodide-kernel registers: a notebook asking for "python3" would
# make JupyterLite ask the reader to pick a kernel.
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# Files the wheel is built from (everything setuptools reads from pyproject.toml).
WHEEL_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT")
# What the lite app is called and how it is built (sourcemaps would add megabytes).
APP_NAME = "Neuropathic pain course — in your browser"
BUILD_CONFIG = {"LiteBuildConfig": {"no_sourcemaps": True, "no_unused_shared_packages": True}}


class LiteError(RuntimeError):
    """The in-browser copy could not be prepared."""


def install_cell() -> dict:
    return {"cell_type": "code", "execution_count": None, "id": "lite-install",
            "metadata": {"tags": [INSTALL_TAG]}, "outputs": [], "source": INSTALL_SOURCE}


def lite_notebook(nb: dict, markdown_filter: Callable[[str], str] | None = None) -> dict:
    """The JupyterLite copy of a notebook: install cell first, Pyodide kernel, no outputs.

    ``markdown_filter`` rewrites every markdown cell (the student edition strips solutions).
    """
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise LiteError(f"nb must be a notebook dict with a 'cells' list, got {type(nb).__name__}")
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        elif cell.get("cell_type") == "markdown" and markdown_filter is not None:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = markdown_filter(text)
    rest = [c for c in out["cells"] if INSTALL_TAG not in c.get("metadata", {}).get("tags", [])]
    out["cells"] = [install_cell()] + rest
    out.setdefault("metadata", {})["kernelspec"] = dict(PYODIDE_KERNELSPEC)
    return out


def write_content(root: Path, docnames: Iterable[str], content_dir: Path,
                  markdown_filter: Callable[[str], str] | None = None) -> list[Path]:
    """Write the lite copy of each ``<docname>.ipynb`` under ``content_dir`` (same layout)."""
    if content_dir.exists():
        shutil.rmtree(content_dir)
    written = []
    for docname in sorted(docnames):
        src = root / f"{docname}.ipynb"
        if not src.is_file():
            raise LiteError(f"docnames: no notebook {src}")
        nb = lite_notebook(json.loads(src.read_text(encoding="utf-8")), markdown_filter)
        dest = content_dir / f"{docname}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(dest)
    return written


def build_wheel(root: Path, dest: Path) -> Path:
    """Build the npcourse wheel from ``root`` into ``dest``, without the network.

    The sources are copied to a temporary folder first so that setuptools' ``build/`` and
    ``*.egg-info`` folders never land in the checkout.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("npcourse-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="npcourse-wheel-") as tmp:
        work = Path(tmp)
        for name in WHEEL_INPUTS:
            if (root / name).exists():
                shutil.copy2(root / name, work / name)
        shutil.copytree(root / "src", work / "src",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
             "--no-build-isolation", "--wheel-dir", str(dest), str(work)],
            capture_output=True, text=True)
    if proc.returncode != 0:
        raise LiteError(f"building the npcourse wheel failed:\n{proc.stdout}{proc.stderr}")
    wheels = sorted(dest.glob("npcourse-*.whl"))
    if len(wheels) != 1:
        raise LiteError(f"expected one npcourse wheel in {dest}, found {[w.name for w in wheels]}")
    check_wheel(wheels[0], root)
    return wheels[0]


def check_wheel(wheel: Path, root: Path) -> None:
    """The wheel must carry every data file the package reads (setuptools' package-data):
    the YAML facts and the JSON Schemas the loader validates them against."""
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    facts = root / "src" / "npcourse" / "facts"
    expected = {f"npcourse/facts/{p.relative_to(facts).as_posix()}"
                for p in [*(facts / "yaml").rglob("*.yml"), *(facts / "schemas").glob("*.json")]}
    missing = sorted(expected - names)
    if missing:
        raise LiteError(f"{wheel.name} lacks data files: {missing[:5]}")


def write_config(lite_dir: Path) -> None:
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(BUILD_CONFIG, indent=2) + "\n")
    runtime = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {"appName": APP_NAME}}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(runtime, indent=2) + "\n")


def prepare(root: Path, docnames: Iterable[str], lite_dir: Path, content_dir: Path,
            markdown_filter: Callable[[str], str] | None = None) -> Path:
    """Everything ``jupyter lite build`` needs from the course; returns the wheel's path."""
    lite_dir.mkdir(parents=True, exist_ok=True)
    write_content(root, docnames, content_dir, markdown_filter)
    wheel = build_wheel(root, lite_dir / "pypi")
    write_config(lite_dir)
    return wheel
