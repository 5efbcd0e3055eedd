"""Exercise self-checks. One module per chapter (``ch01`` ...), built on :mod:`.core`.

Each check returns a :class:`~npcourse.checks.core.Result`: correct, not quite (with a
hint), or not answered yet (the untouched ``...`` stub of the exercise notebook).
"""
