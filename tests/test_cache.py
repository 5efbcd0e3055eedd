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
