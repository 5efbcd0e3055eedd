"""One repository setting: launch buttons and the repository icon point at it, or do not exist.

The book a fresh clone builds (built_book, no repository set) must carry no repository icon
and no Binder/Colab/JupyterHub button; a build with REPOSITORY set (a second full build into
its own folder, reusing the notebook execution cache) must point every such link at it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml
from npcourse_book import repository
from npcourse_book.sphinxext import built_pages

from .conftest import ROOT, build_env

# Hosts a launch button sends a reader to (no page links to them otherwise), and the code
# hosts the repository icon points at (pages cite code there, so only the header counts).
LAUNCH_HOSTS = ("mybinder.org", "colab.research.google.com", "deepnote.com")
CODE_HOSTS = ("github.com", "gitlab.com")
HREF = re.compile(r'href="([^"]+)"')
# sphinx-book-theme's article header: the launch menu, the repository icon, downloads.
HEADER = re.compile(r'<div class="bd-header-article.*?<div id="jb-print-docs-body"', re.S)
CONFIGURED = {"NPCOURSE_REPOSITORY": "https://github.com/example-school/np-course",
              "NPCOURSE_REPOSITORY_BRANCH": "spring-term", "NPCOURSE_REPOSITORY_PATH": "course"}
REPO = repository.parse(CONFIGURED["NPCOURSE_REPOSITORY"], CONFIGURED["NPCOURSE_REPOSITORY_BRANCH"],
                        CONFIGURED["NPCOURSE_REPOSITORY_PATH"])
CONFIGURED_OUT = ROOT / "_build" / "repository-check"


# --- the setting itself -----------------------------------------------------------------

@pytest.mark.parametrize("value", ["https://github.com/me/course", "https://github.com/me/course.git",
                                   "https://github.com/me/course/", "me/course", " me/course "])
def test_repository_forms_name_the_same_github_repository(value):
    repo = repository.parse(value)
    assert (repo.url, repo.branch, repo.path, repo.colab) == ("https://github.com/me/course", "main", "", True)


def test_empty_setting_is_no_repository():
    assert repository.parse("") is None and repository.parse("  ") is None
    assert repository.from_env({}) is None


@pytest.mark.parametrize("value", ["http://github.com/me/course", "https://example.org/me/course", "me",
                                   "me/course/extra", "https://github.com/me", "https://github.com/me/.git"])
def test_bad_repository_is_refused(value):
    with pytest.raises(ValueError, match="NPCOURSE_REPOSITORY"):
        repository.parse(value)


@pytest.mark.parametrize("branch,path", [("bad branch", ""), ("a..b", ""), ("main", "../up"), ("main", ".hidden")])
def test_bad_branch_or_path_is_refused(branch, path):
    with pytest.raises(ValueError):
        repository.parse("me/course", branch, path)


def test_a_bad_setting_stops_the_build(monkeypatch):
    from types import SimpleNamespace

    from npcourse_book.sphinxext import apply_repository
    from sphinx.errors import ExtensionError

    monkeypatch.setenv(repository.REPOSITORY_ENV, "http://github.com/me/course")
    with pytest.raises(ExtensionError, match="NPCOURSE_REPOSITORY"):
        apply_repository(None, SimpleNamespace(html_theme_options={}))


def test_gitlab_repository_gets_binder_but_no_colab():
    repo = repository.parse("https://gitlab.com/me/course")
    options = repository.theme_options({"launch_buttons": {"binderhub_url": "b", "colab_url": "c"}}, repo)
    assert repository.launchers(options) == ["Binder"]


def test_pip_install_line_follows_branch_and_folder():
    assert REPO.pip_install() == ("%pip install git+https://github.com/example-school/np-course@spring-term"
                                  "#subdirectory=course")
    assert repository.parse("me/c").pip_install() == "%pip install git+https://github.com/me/c@main"


def sphinx_options() -> dict:
    """html_theme_options as Jupyter Book derives them from _config.yml."""
    from jupyter_book.config import get_final_config

    config, *_ = get_final_config(user_yaml=ROOT / "_config.yml", cli_config={"latex_individualpages": False},
                                  sourcedir=ROOT)
    return config["html_theme_options"]


def test_config_yml_leaves_the_repository_to_the_one_setting():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not any(config["repository"].values()), "set the repository with REPOSITORY=, not in _config.yml"
    assert config["html"]["use_repository_button"] is False
    options = sphinx_options()
    assert {"Binder", "Colab"} <= set(repository.launchers(options)), "the services stay configured"


def test_unset_leaves_no_repository_link_in_the_sphinx_options():
    options = repository.theme_options(sphinx_options(), None)
    assert repository.launchers(options) == []
    assert not options.get("repository_url") and not options["use_repository_button"]
    assert not any(options["launch_buttons"].get(k) for k in repository.REPOSITORY_LAUNCHERS)


def test_set_points_the_sphinx_options_at_the_repository():
    options = repository.theme_options(sphinx_options(), REPO)
    assert (options["repository_url"], options["repository_branch"], options["path_to_docs"]) == \
        ("https://github.com/example-school/np-course", "spring-term", "course")
    assert options["use_repository_button"] is True
    assert repository.launchers(options) == ["Binder", "Colab"]


# --- README -----------------------------------------------------------------------------

def test_readme_colab_line_is_the_generated_one():
    """The README block is what `make readme` writes, for no repository or the one it names."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = repository.README_BLOCK.findall(text)
    named = re.search(r"git\+(https://\S+?)@([\w./-]+?)(?:#subdirectory=([\w./-]+))?`", block)
    repo = repository.parse(named.group(1), named.group(2), named.group(3) or "") if named else None
    assert block == repository.readme_block(repo), "README's Colab line was edited by hand: run make readme"
    assert "neuropathic-pain-course/neuropathic-pain-course" not in text, "the dead placeholder address is back"


def test_readme_update_writes_the_configured_line():
    text = f"before\n{repository.readme_block(None)}\nafter\n"
    new = repository.update_readme(text, REPO)
    assert REPO.pip_install() in new and new.startswith("before\n") and new.endswith("\nafter\n")
    assert repository.update_readme(new, None) == text
    with pytest.raises(ValueError):
        repository.update_readme("no block", REPO)


# --- built pages ------------------------------------------------------------------------

def host_links(html: str, hosts) -> list[str]:
    hrefs = [h.replace("&amp;", "&") for h in HREF.findall(html)]
    return [h for h in hrefs if (urlparse(h).hostname or "").removeprefix("www.") in hosts]


def launch_links(html_root: Path) -> dict[str, list[str]]:
    """Per page: every link to a launch service, and every code-host link in the page header."""
    links = {}
    for page in built_pages(html_root):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text:
            continue  # index.html: Jupyter Book's redirect to the root page
        # search.html has no article header (and no content citing code).
        header = HEADER.search(text)
        links[page.relative_to(html_root).as_posix()] = (
            host_links(text, LAUNCH_HOSTS) + host_links(header.group(0) if header else text, CODE_HOSTS))
    return links


def notebook_pages(html_root: Path) -> list[str]:
    return sorted(p.relative_to(html_root).with_suffix("").as_posix() for p in built_pages(html_root)
                  if (ROOT / p.relative_to(html_root)).with_suffix(".ipynb").is_file())


def test_book_without_repository_has_no_launch_link_nor_repository_icon(built_book):
    assert built_book["returncode"] == 0, built_book["log"][-3000:]
    html = built_book["html"]
    assert "repository: none set; launch buttons: JupyterLite only" in built_book["log"]
    links = launch_links(html)
    assert len(links) > 20
    assert not {page: hrefs for page, hrefs in links.items() if hrefs}
    for page in built_pages(html):
        text = page.read_text(encoding="utf-8")
        assert "repository-button" not in text and "fa-github" not in text, page.name


@pytest.fixture(scope="module")
def configured_book(built_book) -> Path:
    """The whole book built as `make book REPOSITORY=...` would, into its own folder.

    After built_book, so every notebook comes from the execution cache, and from built_book's
    Sphinx environment: `make book REPOSITORY=...` after a `make book` builds in the same
    folder, where Sphinx finds the pages already read (the repository changes only theme
    options, which need every page written again, not read again). Its doctrees and executed
    notebooks are copied into this build's folder, so this build does the same, without
    touching built_book's.
    """
    assert built_book["returncode"] == 0  # so every notebook is in the execution cache: no lock needed
    reused = (".doctrees", "jupyter_execute")
    for folder in reused:
        shutil.rmtree(CONFIGURED_OUT / "_build" / folder, ignore_errors=True)
    if all((ROOT / "_build" / folder).is_dir() for folder in reused):  # else: a build from scratch
        for folder in reused:
            shutil.copytree(ROOT / "_build" / folder, CONFIGURED_OUT / "_build" / folder)
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", ".", "--path-output", str(CONFIGURED_OUT),
         "--builder", "html", "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
        env=build_env(NPCOURSE_STATIC="1", **CONFIGURED))
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    assert "repository: https://github.com/example-school/np-course @ spring-term; launch buttons: Binder, Colab" in log
    return CONFIGURED_OUT / "_build" / "html"


def repo_file(path: str) -> Path:
    """The file a launch link opens, in this checkout (the configured folder is its root)."""
    assert path.startswith(f"{REPO.path}/"), path
    return ROOT / path.removeprefix(f"{REPO.path}/")


def test_every_launch_link_points_at_the_configured_repository(configured_book):
    links = launch_links(configured_book)
    pages = notebook_pages(configured_book)
    assert len(pages) >= 30, pages  # chapters, exercises, solutions, flashcards
    binder_prefix = f"https://mybinder.org/v2/gh/{REPO.owner}/{REPO.name}/{REPO.branch}"
    colab_prefix = f"https://colab.research.google.com/github/{REPO.owner}/{REPO.name}/blob/{REPO.branch}/"
    for page, hrefs in links.items():
        for href in hrefs:
            if href.startswith(binder_prefix + "?"):
                (urlpath,) = parse_qs(urlparse(href).query)["urlpath"]
                assert urlpath.startswith("lab/tree/"), href
                target = repo_file(unquote(urlpath.removeprefix("lab/tree/")))
            elif href.startswith(colab_prefix):
                target = repo_file(href.removeprefix(colab_prefix))
            else:
                # The only other link to a code host: the repository icon.
                assert href == REPO.url, f"{page}: {href} is not the configured repository"
                continue
            assert target.is_file(), f"{page}: {href} opens a file the repository does not have"
            assert target.with_suffix("").relative_to(ROOT).as_posix() == page.removesuffix(".html"), href
    for page in pages:
        hrefs = links[f"{page}.html"]
        assert any(h.startswith(binder_prefix) for h in hrefs), f"{page}: no Binder button"
        assert any(h.startswith(colab_prefix) for h in hrefs), f"{page}: no Colab button"
    # The repository icon on every page.
    assert all(REPO.url in hrefs for hrefs in links.values())


def test_configured_pages_name_binder_and_colab_under_the_title(configured_book):
    text = (configured_book / "book" / "01-pain-types.html").read_text(encoding="utf-8")
    assert "Binder and Colab are in the" in text
    assert '<span class="btn__text-container">JupyterLite</span>' in text
