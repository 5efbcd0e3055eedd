"""`make lab`'s contents manager: citations readable while open, files unchanged after a save."""

from __future__ import annotations

import asyncio
import re
import shutil

import nbformat
import pytest
from npcourse_book import labcontents

from .conftest import notebooks

ROLE = re.compile(r"\{cite:[pt]\}`[^`]+`")


def chapter(prefix: str):
    return next(p for p in notebooks("book") if p.stem.startswith(prefix))


def markdown(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_every_citation_role_in_the_chapters_has_a_reference_and_round_trips():
    refs = labcontents.references()
    assert len(refs) > 100
    for path in notebooks("book"):
        for source in markdown(nbformat.read(path, as_version=4)):
            shown = labcontents.render_citations(source, refs)
            assert not ROLE.search(shown), f"{path.name}: a citation stayed a role: {ROLE.search(shown)[0]}"
            assert labcontents.restore_citations(shown) == source, path.name


def test_author_year_text_follows_the_bibliography():
    refs = {"a1": ("Smith", "2015", "Smith. A. 2015."), "b2": ("Lee and Kim", "2020", "Lee, Kim. B. 2020."),
            "c3": ("Ng et al.", "n.d.", 'Ng "quoted" <b>. n.d.')}
    shown = labcontents.render_citations("See {cite:p}`a1, b2` and {cite:t}`c3`.", refs)
    assert ">(Smith, 2015; Lee and Kim, 2020)</span>" in shown
    assert ">Ng et al. (n.d.)</span>" in shown
    assert "<b>" not in shown and '"quoted"' not in shown  # the hover title is escaped
    # an unknown key is left as the role, so the problem stays visible
    assert labcontents.render_citations("{cite:p}`a1,zz`", refs) == "{cite:p}`a1,zz`"


def test_bad_input_names_the_parameter():
    with pytest.raises(TypeError, match="source"):
        labcontents.render_citations(None, {})
    with pytest.raises(TypeError, match="source"):
        labcontents.restore_citations(3)
    with pytest.raises(TypeError, match="bib"):
        labcontents.references("book/references.bib")


def test_contents_manager_serves_author_year_and_saves_the_roles_back(tmp_path):
    src = chapter("05-")
    (tmp_path / "book").mkdir()
    shutil.copy(src, tmp_path / "book" / src.name)
    manager = labcontents.CitingContentsManager(root_dir=str(tmp_path))
    path = f"book/{src.name}"

    model = asyncio.run(manager.get(path, content=True, type="notebook"))
    shown = "\n".join(markdown(model["content"]))
    original = nbformat.read(src, as_version=4)
    roles = sum(len(ROLE.findall(s)) for s in markdown(original))
    assert roles > 50
    assert not ROLE.search(shown)
    assert shown.count('<span class="np-cite"') == roles
    assert "et al., " in shown

    # an instructor edits one cell in class and saves: the edit stays, the roles come back
    cell = next(c for c in model["content"]["cells"] if c["cell_type"] == "markdown" and "np-cite" in c["source"])
    cell["source"] += "\n\nAdded in class."
    asyncio.run(manager.save({"type": "notebook", "format": "json", "content": model["content"]}, path))
    saved = nbformat.read(tmp_path / path, as_version=4)
    assert "np-cite" not in "".join(markdown(saved))
    before, after = markdown(original), markdown(saved)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1 and after[changed[0]] == before[changed[0]] + "\n\nAdded in class."

    # a plain file is served untouched
    (tmp_path / "notes.md").write_text("{cite:p}`who1994goodprescribing`")
    assert asyncio.run(manager.get("notes.md"))["content"] == "{cite:p}`who1994goodprescribing`"
