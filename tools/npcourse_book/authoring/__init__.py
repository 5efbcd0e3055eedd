"""Maintainer tools, run from the Makefile: ``python -m npcourse_book.authoring.<tool>``."""
