"""Where this copy of the course lives: one setting for the repository icon, the launch
buttons and the README's Colab line.

The deployer sets it once, as a make variable or an environment variable (same meaning)::

    make book REPOSITORY=https://github.com/OWNER/NAME     # or NPCOURSE_REPOSITORY=...
    make book REPOSITORY=OWNER/NAME REPOSITORY_BRANCH=main REPOSITORY_PATH=course

``REPOSITORY_BRANCH`` (default ``main``) is the branch the Binder and Colab buttons open;
``REPOSITORY_PATH`` (default empty: the repository root) is the folder holding ``_config.yml``
and ``pyproject.toml`` inside the repository. With no repository set, the book has no
repository icon and no Binder, Colab or JupyterHub buttons (JupyterLite, served by the book
itself, stays): a copy whose address nobody set must not show dead links.

:mod:`npcourse.sphinxext` applies the setting at build time; ``make readme`` writes the
README's Colab line from it (``python -m npcourse_book.repository readme README.md``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPOSITORY_ENV = "NPCOURSE_REPOSITORY"
BRANCH_ENV = "NPCOURSE_REPOSITORY_BRANCH"
PATH_ENV = "NPCOURSE_REPOSITORY_PATH"
DEFAULT_BRANCH = "main"
# Hosts sphinx-book-theme builds launch links for; Colab opens notebooks from GitHub only.
HOSTS = ("github.com", "gitlab.com")
NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
URL = re.compile(rf"^https://(?P<host>{'|'.join(map(re.escape, HOSTS))})/(?P<owner>{NAME})/(?P<name>{NAME})/?$")
SHORT = re.compile(rf"^(?P<owner>{NAME})/(?P<name>{NAME})$")
BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
# Launch services that open a notebook from the repository (blanked when none is set).
REPOSITORY_LAUNCHERS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url")
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")

README_START = "<!-- colab-install: written by `make readme` from REPOSITORY; edit there, not here -->"
README_END = "<!-- /colab-install -->"


@dataclass(frozen=True)
class Repository:
    host: str
    owner: str
    name: str
    branch: str = DEFAULT_BRANCH
    path: str = ""

    @property
    def url(self) -> str:
        return f"https://{self.host}/{self.owner}/{self.name}"

    @property
    def colab(self) -> bool:
        return self.host == "github.com"

    def pip_install(self) -> str:
        """The notebook cell that installs the course package from this repository."""
        subdirectory = f"#subdirectory={self.path}" if self.path else ""
        return f"%pip install git+{self.url}@{self.branch}{subdirectory}"


def parse(value: str, branch: str = "", path: str = "") -> Repository | None:
    """The repository named by ``value`` (empty: none). Raises ValueError on a bad setting."""
    value = (value or "").strip()
    if not value:
        return None
    m = URL.match(value) or SHORT.match(value)
    name = m["name"].removesuffix(".git") if m else ""
    if not name:
        raise ValueError(f"{REPOSITORY_ENV}={value!r}: expected https://github.com/OWNER/NAME, "
                         "https://gitlab.com/OWNER/NAME or OWNER/NAME (GitHub)")
    host = m.groupdict().get("host") or "github.com"
    branch = (branch or "").strip() or DEFAULT_BRANCH
    if not BRANCH.match(branch) or ".." in branch:
        raise ValueError(f"{BRANCH_ENV}={branch!r} is not a branch name")
    path = (path or "").strip().strip("/")
    if path and (path.startswith(".") or ".." in path.split("/") or not re.match(r"^[\w./-]+$", path)):
        raise ValueError(f"{PATH_ENV}={path!r}: expected a folder inside the repository, e.g. course")
    return Repository(host, m["owner"], name, branch, path)


def from_env(environ: Mapping[str, str] | None = None) -> Repository | None:
    env = os.environ if environ is None else environ
    return parse(env.get(REPOSITORY_ENV, ""), env.get(BRANCH_ENV, ""), env.get(PATH_ENV, ""))


def theme_options(options: Mapping, repo: Repository | None) -> dict:
    """sphinx-book-theme's ``html_theme_options`` with the repository settings applied."""
    options = dict(options)
    launch = dict(options.get("launch_buttons") or {})
    if repo is None:
        for key in ("repository_url", "repository_branch", "path_to_docs", "repository_provider"):
            options.pop(key, None)
        for key in REPOSITORY_BUTTONS:
            options[key] = False
        for key in REPOSITORY_LAUNCHERS:
            launch[key] = ""
    else:
        options.update(repository_url=repo.url, repository_branch=repo.branch, path_to_docs=repo.path,
                       use_repository_button=True)
        if not repo.colab:
            launch["colab_url"] = launch["deepnote_url"] = ""
    options["launch_buttons"] = launch
    return options


def launchers(options: Mapping) -> list[str]:
    """Names of the launch services that will get a button (for page texts)."""
    launch = options.get("launch_buttons") or {}
    names = {"binderhub_url": "Binder", "jupyterhub_url": "JupyterHub", "colab_url": "Colab"}
    return [name for key, name in names.items() if launch.get(key)]


def readme_block(repo: Repository | None) -> str:
    """The README paragraph on installing the course package in Colab."""
    if repo is None:
        body = ("**Colab:** no repository is set for this copy, so its pages have no Colab or Binder "
                "button. A copy with its repository set (see *Publish your own copy*) names here the "
                "first cell that installs the course package in Colab, whose Python lacks it.")
    else:
        body = (f"**Colab:** the notebook opens from [{repo.owner}/{repo.name}]({repo.url}); Colab lacks the "
                f"course package, so add a first cell `{repo.pip_install()}`.")
    return f"{README_START}\n{body}\n{README_END}"


README_BLOCK = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)


def update_readme(text: str, repo: Repository | None) -> str:
    if len(README_BLOCK.findall(text)) != 1:
        raise ValueError(f"README must hold exactly one block from {README_START!r} to {README_END!r}")
    return README_BLOCK.sub(lambda _: readme_block(repo), text)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "readme":
        path = Path(args[1])
        repo = from_env()
        path.write_text(update_readme(path.read_text(encoding="utf-8"), repo), encoding="utf-8")
        print(f"{path}: Colab line for {repo.url if repo else 'no repository'}")
        return 0
    if not args:
        repo = from_env()
        print(repo.url if repo else "no repository set")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
