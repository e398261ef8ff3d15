"""Event stage 'entities' (placeholder until its issue lands: returns empty sections)."""
from __future__ import annotations

from ..pipeline import EventState


def run(state: EventState) -> dict[str, list]:
    return {"entities": [],"framing": []}
