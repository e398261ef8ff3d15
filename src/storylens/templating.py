"""The Jinja2 environment of the HTML pages (the report and the web app).

Templates live in ``storylens/templates`` and the CSS and script in ``storylens/static``; both
are read from the installed package and inlined, so a report is one self-contained file.
Autoescaping is on for every template: any text reaches the page escaped unless a template
marks it otherwise, and no template does.
"""
from __future__ import annotations

import base64
import hashlib
import time
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=PackageLoader("storylens", "templates"), autoescape=True, undefined=StrictUndefined,
                    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    e.filters["plural"] = plural
    e.filters["when"] = when
    return e


def render_template(name: str, **context: object) -> str:
    return env().get_template(name).render(**context)


@lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """A file of ``storylens/static`` as text (CSS or script, inlined into pages)."""
    return resources.files("storylens").joinpath("static", name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def when(ts: float | None) -> str:
    """A stored time stamp as local "YYYY-MM-DD HH:MM"."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else ""


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 report", "3 reports" ("1 entry", "2 entries" with ``many``)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
