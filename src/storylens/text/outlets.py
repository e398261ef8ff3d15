"""Outlet classification: the wire agencies (``data/agencies.toml``), display names of
agencies and outlets, whether two names are one source, and a site's host name.

Plain functions over strings, shared by the document steps (cleaning and metadata) and the
renderers' labels.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# -- wire agencies -----------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    name: str
    short: tuple[str, ...]
    aliases: tuple[str, ...]

    @property
    def display(self) -> str:
        """The display form: the full name, with the first short form when there is one."""
        return f"{self.name} ({self.short[0]})" if self.short else self.name


@lru_cache(maxsize=1)
def agencies() -> tuple[Agency, ...]:
    """The wire agencies of ``data/agencies.toml``."""
    data = tomllib.loads((DATA / "agencies.toml").read_text(encoding="utf-8"))
    return tuple(Agency(a["name"], tuple(a.get("short", [])), tuple(a.get("aliases", [])))
                 for a in data.get("agency", []))


@lru_cache(maxsize=1)
def _agency_index() -> tuple[dict[str, Agency], dict[str, Agency]]:
    """(short forms, case-sensitive; full names and aliases, lower-cased) -> agency."""
    short: dict[str, Agency] = {}
    full: dict[str, Agency] = {}
    for a in agencies():
        for s in a.short:
            short.setdefault(s, a)
        for n in (a.name, *a.aliases):
            full.setdefault(n.lower(), a)
            if n.lower().startswith("the "):
                full.setdefault(n.lower()[4:], a)
    return short, full


def agency(name: str | None) -> Agency | None:
    """The agency a name stands for ("AP", "The Associated Press", "Reuters"), or None.

    Short forms match case-sensitively ("AP", not "ap"); full names in any case."""
    if not name:
        return None
    n = name.strip().strip(".,;:()[]").strip()
    short, full = _agency_index()
    if n in short:
        return short[n]
    low = re.sub(r"\s+", " ", n.lower())
    if low.startswith("the "):
        low = low[4:]
    return full.get(low)


def display_name(name: str | None) -> str | None:
    """A source name as reported: an agency's display form, otherwise the name tidied."""
    if not name:
        return None
    a = agency(name)
    if a:
        return a.display
    n = re.sub(r"\s+", " ", name).strip(" .,;:-–—|()[]")
    if n.startswith("the ") and n[4:5].isupper():
        n = "The " + n[4:]
    return n or None


def same_source(a: str | None, b: str | None) -> bool:
    """Two source names denote the same outlet (case, "The", agency forms folded; or one
    name's words contain the other's, as "WXYZ" in "Channel 7 WXYZ")."""
    if not a or not b:
        return False
    aa, ab = agency(a), agency(b)
    if aa or ab:
        return aa is ab
    fa = re.sub(r"^the\s+", "", a.strip().lower())
    fb = re.sub(r"^the\s+", "", b.strip().lower())
    if fa == fb:
        return True
    wa, wb = re.findall(r"[\w&]+", fa), re.findall(r"[\w&]+", fb)
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    return n > 0 and any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


def outlet_from_url(url: str | None) -> str | None:
    """A site's host name without "www." ("example-news.com"), or None."""
    if not url:
        return None
    m = re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/:?#]+)", url.strip(), re.I)
    if not m:
        return None
    host = m.group(1).lower()
    return host[4:] if host.startswith("www.") else host
