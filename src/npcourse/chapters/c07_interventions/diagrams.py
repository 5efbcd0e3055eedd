"""Chapter 7 diagram: where the procedures and neuromodulation act on the pathway."""

from __future__ import annotations

from npcourse.ui import diagrams as d

__all__ = ['treatment_sites']


def treatment_sites(uid: str = "d07-treatments") -> d.Diagram:
    """The shared non-drug treatment map, opened on spinal cord stimulation."""
    return d.treatment_map(uid, checked="scs")
