"""Build caches are cleared exactly when what they depend on changes."""

from npcourse_book.authoring import cache


def test_refresh_clears_only_on_change(tmp_path):
    folder = tmp_path / "cache"
    assert cache.refresh(folder, "a") is False          # first fill: nothing to clear
    (folder / "result").write_text("x")
    assert cache.refresh(folder, "a") is False          # same inputs: kept
    assert (folder / "result").exists()
    assert cache.refresh(folder, "b") is True           # inputs changed: cleared
    assert not (folder / "result").exists()


def test_tree_hash_sees_content_and_names(tmp_path):
    (tmp_path / "a.js").write_text("1")
    first = cache.tree_hash(tmp_path)
    (tmp_path / "a.js").write_text("2")
    second = cache.tree_hash(tmp_path)
    (tmp_path / "a.js").rename(tmp_path / "b.js")
    assert len({first, second, cache.tree_hash(tmp_path)}) == 3


def test_the_execution_cache_follows_the_learner_package():
    """A change to npcourse (say a diagram) must re-execute the notebooks that draw it."""
    from pathlib import Path

    import npcourse

    assert cache.PACKAGE == Path(npcourse.__file__).resolve().parent
    assert (cache.PACKAGE / "ui" / "diagrams.py").exists()


def test_the_execution_cache_follows_the_locked_dependencies(tmp_path):
    """A dependency change in requirements.lock (say a new altair) must re-execute the notebooks."""
    lock = tmp_path / "requirements.lock"
    lock.write_text("altair==5.4.1\n")
    exec_cache, doctrees = tmp_path / "exec", tmp_path / "doctrees"
    args = ["--exec-cache", str(exec_cache), "--doctrees", str(doctrees), "--lock", str(lock),
            "--static", str(tmp_path)]
    cache.main(args)
    (exec_cache / "executed.db").write_text("outputs")
    cache.main(args)
    assert (exec_cache / "executed.db").exists(), "cleared although nothing changed"
    lock.write_text("altair==5.5.0\n")
    cache.main(args)
    assert not (exec_cache / "executed.db").exists(), "a changed requirements.lock kept the old outputs"


def test_the_default_lock_is_the_repository_lock():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert cache.execution_inputs(root / "requirements.lock") != cache.tree_hash(cache.PACKAGE)


# --- executing the book's notebooks before the build ------------------------------------------

def test_toc_notebooks_are_the_toc_entries_that_are_notebooks(tmp_path):
    (tmp_path / "part").mkdir()
    for name in ("intro.ipynb", "part/a.ipynb", "part/b.ipynb", "part/c.md", "unlisted.ipynb"):
        (tmp_path / name).write_text("{}")
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: intro\nchapters:\n  - file: part/a\n  - file: part/b.ipynb\n"
                   "  - file: part/c\n")
    assert cache.toc_notebooks(toc) == [tmp_path / "intro.ipynb", tmp_path / "part/a.ipynb",
                                        tmp_path / "part/b.ipynb"]


def test_toc_notebooks_of_the_book_are_chapters_exercises_and_solutions():
    from .conftest import ROOT, chapter_stems

    found = {p.relative_to(ROOT).as_posix() for p in cache.toc_notebooks(ROOT / "_toc.yml")}
    for stem in chapter_stems():
        assert f"book/{stem}.ipynb" in found
    assert any(p.startswith("exercises/") for p in found) and any(p.startswith("solutions/") for p in found)


def test_bad_arguments_are_refused_by_name(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="toc"):
        cache.toc_notebooks(tmp_path / "missing.yml")
    with pytest.raises(ValueError, match="jobs"):
        cache.execute_missing(tmp_path / "jc", [], 0, 30)


def test_pre_execution_is_what_the_build_finds_in_its_cache(tmp_path):
    """Executed as myst-nb would (static mode, in the notebook's folder) and cached under the key
    myst-nb looks up; a failing notebook is left for the build to report; nothing runs twice."""
    import nbformat
    from jupyter_cache import get_cache

    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    code = "import os, pathlib\nprint(os.environ.get('NPCOURSE_STATIC'), pathlib.Path.cwd().name)"
    for path, source in ((good, code), (bad, "raise ValueError('broken')")):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, path)
    folder = tmp_path / "jc"
    assert cache.execute_missing(folder, [good, bad], 2, 60) == [good.resolve()]
    record = get_cache(str(folder)).match_cache_notebook(nbformat.read(good, as_version=4))
    out = get_cache(str(folder)).get_cache_bundle(record.pk).nb.cells[0].outputs
    assert out[0]["text"].split() == ["1", tmp_path.name]
    assert cache.execute_missing(folder, [good], 2, 60) == []
