"""Maintainer tools, run from the Makefile: ``python -m npcourse.authoring.<tool>``."""
