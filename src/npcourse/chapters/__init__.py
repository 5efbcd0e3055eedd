"""One package per chapter, named by the chapter notebook's stem (``c05_using_drugs`` for
``book/05-using-drugs.ipynb``). Each holds what only that chapter uses:

- ``figures``  the chapter's Altair charts; every control is a Vega-Lite parameter, so they
               work in the static book page with no kernel
- ``widgets``  live ipywidgets demonstrations for class, shown through :func:`npcourse.ui.live.show`
               so the built book gets an honest static rendering instead of dead controls
- ``checks``   the exercise self-checks (``OBJECTIVES`` maps each to a learning objective)
- models only this chapter uses (``physiology`` in chapter 2, ``cases`` in chapter 10, ...)

A chapter imports the shared layers (:mod:`npcourse.facts`, :mod:`npcourse.models`,
:mod:`npcourse.ui`, :mod:`npcourse.marking`), never another chapter (import-linter checks it).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

__all__ = ["package_name", "stems", "module"]


def package_name(stem: str) -> str:
    """``'05-using-drugs'`` -> ``'npcourse.chapters.c05_using_drugs'``."""
    return f"{__name__}.c{stem.replace('-', '_')}"


def stems() -> list[str]:
    """The chapter stems that have a package here, in order (``'01-pain-types'``, ...)."""
    return sorted(info.name[1:].replace("_", "-") for info in pkgutil.iter_modules(__path__)
                  if info.ispkg and info.name[:1] == "c" and info.name[1:3].isdigit())


def module(stem: str, kind: str) -> ModuleType:
    """A chapter's ``figures``, ``widgets`` or ``checks`` module (or a chapter-only model)."""
    return importlib.import_module(f"{package_name(stem)}.{kind}")
