"""pytest plugin (loaded by `-p tests.grouping` in pyproject.toml): groups for parallel runs.

`make test` runs pytest-xdist with `--dist loadgroup` (see the Makefile). Tests that build the
book (default, offline and student editions) or drive the built pages share one execution cache
and one _build tree, so they run one after another on one worker; each notebook's nbval cells
share one kernel and must stay together, in order, on one worker. A plugin rather than
tests/conftest.py because conftest hooks do not see the notebooks in book/, exercises/, solutions/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BOOK_MODULES = {"test_build.py", "test_budgets.py", "test_editions.py"}
BOOK_FIXTURES = {"built_book", "offline_site"}


def group_of(item) -> str | None:
    path = Path(str(item.path))
    if path.suffix == ".ipynb":
        return f"nb-{path.parent.name}-{path.stem}"
    if (path.name in BOOK_MODULES or path.parent.name == "browser"
            or BOOK_FIXTURES & set(getattr(item, "fixturenames", ()))):
        return "book"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        name = group_of(item)
        if name:
            item.add_marker(pytest.mark.xdist_group(name))
