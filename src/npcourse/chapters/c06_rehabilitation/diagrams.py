"""Chapter 6 diagram: where the rehabilitation treatments are thought to act on the pathway."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['treatment_sites']


def treatment_sites(uid: str = "d06-treatments") -> d.Diagram:
    """The shared non-drug treatment map, opened on TENS."""
    return d.treatment_map(uid, checked="tens")
