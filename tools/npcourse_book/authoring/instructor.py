"""Write ``book/instructor-guide.md`` from the course metadata.

The objective-to-assessment tables come from objectives.yml, the quiz banks (each question
names its objective) and each chapter's checks module (``OBJECTIVES`` maps every task's check
to an objective); the lesson plans come from lessons.yml. Nothing in the tables is typed by
hand, so the guide cannot fall out of step with the course.

Usage::

    python -m npcourse_book.authoring.instructor          # write book/instructor-guide.md
    python -m npcourse_book.authoring.instructor --check  # exit 1 if it has drifted
"""

from __future__ import annotations

import inspect
import sys

from npcourse import chapters
from npcourse.facts import data
from npcourse.ui import page, quiz
from npcourse_book.authoring import pages

INTRO = """\
(instructor-guide)=
# Instructor guide

This guide is for people teaching with the course. It appears in the self-study edition only;
`make book EDITION=student` builds an edition without it and without any solution content.
The tables below are generated from the course's metadata (`make instructor-guide`); edit the
data, not this page.

## Running the notebooks in class

- **On your own laptop:** `make lab` starts JupyterLab on 127.0.0.1 with everything installed
  (it also starts as root, e.g. in a container). Open a chapter from `book/`, run all cells,
  and the live demonstrations (ipywidgets) respond; in the web book they show a fixed example.
- **On a JupyterHub:** set `launch_buttons.jupyterhub_url` in `_config.yml` to your hub and
  build with the course's repository set (`make book REPOSITORY=https://github.com/OWNER/NAME`);
  the rocket button on each page then opens the notebook there. Install the course on the hub
  image with `pip install -r requirements.lock` and then `pip install --no-deps -e .`.
- **Binder and Colab:** in a book built with its repository set, the same rocket button opens
  any page's notebook on mybinder.org or Google Colab. On Colab, run `pip install` of that
  repository first (the README's Colab line gives the cell; Colab does not read
  `requirements.txt`).
- **Exercises:** students open `exercises/NN-…`; the solution notebook with the same name is
  in `solutions/`. Each exercise cell checks the answer when run: *not answered yet* until the
  `...` is replaced, *not quite* with a hint, or *correct*.

## Adapting the quiz banks

Each chapter's quiz is `src/npcourse/facts/yaml/quizzes/NN-slug.yml`. A question has an `id`
(`chNN-qMM`), a `type` (`single`, `multiple` or `numeric`), the `objective` it assesses, the
question text, and either options (each with `correct` and `feedback`) or a numeric `answer`
with `tolerance` and feedback for right and wrong answers. Write `<`, `>` and `&` as they are;
do not use the dollar sign (the quiz engine reads it as mathematics). `make test` validates the
bank and names the file, the question and the problem if something is wrong; the tables
below update themselves with `make instructor-guide`.
"""


def task_label(check) -> str:
    """The task's own name, as the check reports it when nothing has been answered."""
    stubs = [...] * len(inspect.signature(check).parameters)
    return check(*stubs).task


def chapter_tasks(stem: str) -> list[tuple[str, str]]:
    """(task label, objective id) for every check of chapter ``stem``."""
    module = chapters.module(stem, "checks")
    return [(task_label(getattr(module, name)), objective)
            for name, objective in module.OBJECTIVES.items()]


def coverage() -> dict[str, dict[str, list[str]]]:
    """For every objective, the quiz questions and exercise tasks that assess it."""
    table = {}
    for stem, chapter in page.chapters().items():
        rows = {o["id"]: {"quiz": [], "tasks": []} for o in chapter["objectives"]}
        for q in quiz.load_bank(stem)["questions"]:
            rows[q["objective"]]["quiz"].append(q["id"])
        for label, objective in chapter_tasks(stem):
            if objective not in rows:
                raise data.DataError(f"checks for {stem}: task {label!r} names unknown objective {objective!r}")
            rows[objective]["tasks"].append(label)
        table[stem] = rows
    return table


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    cov = coverage()
    total = sum(len(rows) for rows in cov.values())
    assessed = sum(1 for rows in cov.values() for r in rows.values() if r["quiz"] or r["tasks"])
    lines = [INTRO, "## Learning objectives and how they are assessed", "",
             f"{assessed} of {total} learning objectives are assessed by at least one quiz question "
             "or exercise task.", ""]
    lessons = data.load("lessons")["lessons"]
    for stem, chapter in page.chapters().items():
        lines += [f"### {chapter['title']}", "",
                  "| objective | quiz questions | exercise tasks |", "|---|---|---|"]
        for o in chapter["objectives"]:
            r = cov[stem][o["id"]]
            lines.append(f"| {cell(o['text'])} | {', '.join(r['quiz']) or '—'} | "
                         f"{cell('; '.join(r['tasks'])) or '—'} |")
        lines.append("")
    lines += ["## Lesson plans", ""]
    for stem, chapter in page.chapters().items():
        if stem not in lessons:
            raise data.DataError(f"lessons.yml has no lesson plan for chapter {stem!r}")
        plan = lessons[stem]
        minutes = sum(s["minutes"] for s in plan["segments"])
        lines += [f"### {chapter['title']} ({minutes} minutes)", "", "| minutes | what |", "|---|---|"]
        lines += [f"| {s['minutes']} | {cell(s['what'])} |" for s in plan["segments"]]
        lines += ["", f"**In-class activity.** {plan['activity']}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return pages.main(argv, page="instructor-guide.md", render=render, target="instructor-guide", doc=__doc__)


if __name__ == "__main__":
    sys.exit(main())
