"""Chapter furniture rendered from data: learning objectives and the practice link."""

from __future__ import annotations

from IPython.display import Markdown, display

from npcourse.facts import data

__all__ = ["chapters", "chapter", "objectives_markdown", "show_objectives", "show_before_you_start"]


def chapters() -> dict:
    """Chapter metadata keyed by stem, from ``objectives.yml``."""
    return data.load("objectives")["chapters"]


def chapter(stem: str) -> dict:
    """Metadata of chapter ``stem`` (title, minutes, prerequisites, objectives)."""
    known = chapters()
    if not isinstance(stem, str) or stem not in known:
        raise ValueError(f"stem must be one of {', '.join(map(repr, known))}; got {stem!r}")
    return known[stem]


def objectives_markdown(stem: str) -> str:
    """The chapter's learning objectives as a Markdown list."""
    lead = "By the end of this chapter you should be able to:\n\n"
    return lead + "\n".join(f"{i}. {o['text']}" for i, o in enumerate(chapter(stem)["objectives"], 1))


def show_objectives(stem: str) -> None:
    """Display the learning objectives of chapter ``stem``."""
    display(Markdown(objectives_markdown(stem)))


def show_before_you_start(stem: str) -> None:
    """Display prerequisites and estimated time of chapter ``stem``."""
    c = chapter(stem)
    display(Markdown(f"**Prerequisites:** {c['prerequisites']}\n\n"
                     f"**Estimated time:** about {c['minutes']} minutes."))
