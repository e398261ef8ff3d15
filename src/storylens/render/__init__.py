"""Renderers: pure functions from a :class:`~storylens.model.Report` to text."""
from __future__ import annotations

from typing import Callable

from ..model import Report

FORMATS = ("json", "md", "html")


def renderer(fmt: str) -> Callable[[Report], str]:
    if fmt == "json":
        from .json import render_json

        return render_json
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown
    if fmt == "html":
        from .html import render_html

        return render_html
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def render(report: Report, fmt: str) -> str:
    return renderer(fmt)(report)
