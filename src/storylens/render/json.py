"""Report -> JSON (the report contract)."""
from __future__ import annotations

from ..model import Report


def render_json(report: Report, indent: int | None = 1) -> str:
    return report.to_json(indent=indent) + "\n"
