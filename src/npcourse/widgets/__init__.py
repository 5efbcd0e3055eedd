"""Live ipywidgets demonstrations for class, one module per chapter (``ch01`` ...).

Each module exposes ``show_*`` functions that go through :func:`npcourse.live.show`, so the
built book gets an honest static rendering instead of dead controls.
"""
