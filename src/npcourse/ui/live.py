"""Live ipywidgets for class, with an honest static rendering in the built book.

A widget whose callback runs Python is dead in a page without a kernel. When the book is
built (``make book`` sets ``NPCOURSE_STATIC=1``), :func:`show` displays a static rendering
and a note that the controls need a running notebook, instead of controls that pretend.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from IPython.display import HTML, display

__all__ = ["STATIC_ENV", "RUN_NOTE", "static_mode", "show"]

STATIC_ENV = "NPCOURSE_STATIC"

RUN_NOTE = (
    '<div class="admonition note np-live-note" role="note">'
    '<p class="admonition-title">Live demonstration: run this notebook to use the controls</p>'
    "<p>In class, this cell shows controls that recompute the result in Python. The page you are "
    "reading has no Python behind it, so a fixed example is shown below. Use the launch button "
    "(rocket icon) at the top of the page to open the notebook in JupyterLab, Binder or Colab, "
    "then run all cells.</p></div>"
)


def static_mode() -> bool:
    """True when the notebook is being executed to build the static book."""
    return os.environ.get(STATIC_ENV) == "1"


def show(build_widget: Callable[[], object], build_static: Callable[[], object]) -> None:
    """Display the live widget, or (in the built book) the static rendering with a note."""
    if not callable(build_widget) or not callable(build_static):
        raise TypeError("build_widget and build_static must both be callables that take no arguments")
    if static_mode():
        display(HTML(RUN_NOTE))
        display(build_static())
    else:
        display(build_widget())
