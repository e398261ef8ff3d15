"""storylens: what several news reports of one event agree on, where they differ, who said
what, and which reports copy one another, with a citation for every statement.

    >>> import storylens
    >>> report = storylens.analyze(["examples/harbour-fire"])
    >>> report.to_json()
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import analyze, analyze_texts  # noqa: E402  (after __version__: pipeline reads it)
from .config import Settings, load_settings  # noqa: E402
from .model import Report  # noqa: E402

__all__ = ["analyze", "analyze_texts", "Report", "Settings", "load_settings", "__version__"]
