"""storylens: what several news reports of one event agree on, where they differ, who said
what, and which reports copy one another, with a citation for every statement.

    >>> import storylens
    >>> report = storylens.analyze(["examples/harbour-fire"])
    >>> report.to_json()
"""
from __future__ import annotations

from ._version import __version__
from .api import analyze, analyze_texts
from .config import Settings, load_settings
from .model import Report

__all__ = ["analyze", "analyze_texts", "Report", "Settings", "load_settings", "__version__"]
