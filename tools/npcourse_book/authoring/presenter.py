"""Write ``lab-start.ipynb``, the page ``make lab`` opens: the presenter's path through the course.

For each chapter: a link to its notebook, the lesson plan (minutes and what to do) and the
in-class activity, all from lessons.yml and the chapter metadata (the instructor guide's
sources), so nothing here is typed twice. The notebook is not part of the book's table of
contents; it exists for teaching in JupyterLab.

Usage::

    python -m npcourse_book.authoring.presenter          # write lab-start.ipynb
    python -m npcourse_book.authoring.presenter --check  # exit 1 if it has drifted
"""

from __future__ import annotations

import sys

import nbformat

from npcourse.facts import data
from npcourse.ui import page

from . import pages

PAGE = "lab-start.ipynb"
INTRO = """\
# Teaching with the course: start here

Each chapter below links to its notebook (open it, then *Run → Run All Cells*), with the
lesson plan for a 60–90 minute session and the in-class activity. Charts and live
demonstrations work without internet."""


def cells() -> list[tuple[str, str]]:
    """(cell id, markdown) for the introduction and one cell per chapter."""
    lessons = data.load("lessons")["lessons"]
    out = [("presenter-intro", INTRO)]
    for stem, chapter in page.chapters().items():
        if stem not in lessons:
            raise data.DataError(f"lessons.yml has no lesson plan for chapter {stem!r}")
        plan = lessons[stem]
        minutes = sum(s["minutes"] for s in plan["segments"])
        lines = [f"## [{chapter['title']}](book/{stem}.ipynb)", "",
                 f"**Lesson plan ({minutes} minutes)**", ""]
        lines += [f"1. **{s['minutes']} min:** {s['what']}" for s in plan["segments"]]
        lines += ["", f"**In-class activity.** {plan['activity']}"]
        out.append((f"presenter-{stem}", "\n".join(lines)))
    return out


def render() -> str:
    """The notebook as JSON text: markdown cells only, stable ids, no outputs."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(text, id=cell_id) for cell_id, text in cells()]
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    return pages.main(argv, page=PAGE, render=render, target="presenter", doc=__doc__, folder="")


if __name__ == "__main__":
    sys.exit(main())
