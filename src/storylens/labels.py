"""Short, human labels for the reports of an event, and the news sources they cite.

Renderers (HTML, Markdown, the web app) name a report by its outlet, never by its file id:

- :func:`outlet_labels` gives each document one label: its outlet (from the metadata, the
  URL's site name, or the agency it reproduces), else its title, else "Report N". Where two
  reports share an outlet, the date is added (then a number), so that labels are unique.
- :func:`relabel` replaces document ids in generated text (notes, explanations) by labels.
- :func:`news_source` tells whether a cited name is a news outlet or agency, and which node
  it is in a graph of the reports: one of the reports, or an outside outlet (agencies once).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable, Mapping, Protocol, Sequence

from .lang.en.calendar import MONTH_NUM
from .text.outlets import Agency, agency, display_name, outlet_from_url, same_source
from .text.inflect import unit_for  # noqa: F401  (re-exported for the renderers)

MONTHS = tuple(m.capitalize() for m in MONTH_NUM)  # "Jan" ... "Dec", as dates are shown
MAX_OUTLET = 32
MAX_TITLE = 40


class _Doc(Protocol):
    id: str
    title: str | None
    outlet: str | None
    origin: str | None
    published: str | None
    url: str | None


def shorten(s: str | None, n: int) -> str:
    """``s`` on one line, cut at a word boundary to at most ``n`` characters (with "…")."""
    s = re.sub(r"\s+", " ", s or "").strip()
    if len(s) <= n:
        return s
    cut = s[: n - 1].rsplit(" ", 1)[0] if " " in s[: n - 1] else s[: n - 1]
    return cut.rstrip(" ,;:-–—") + "…"


def find_agency(name: str | None) -> Agency | None:
    """The agency a name stands for, also in its display form ("Associated Press (AP)")."""
    if not name:
        return None
    a = agency(name)
    if a is None:
        m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", name.strip())
        if m:
            a = agency(m.group(1)) or agency(m.group(2))
    return a


def short_outlet(name: str | None) -> str | None:
    """An outlet or agency name as a label: an agency by its short form ("AP"), else tidied."""
    if not name or not name.strip():
        return None
    a = find_agency(name)
    if a is not None:
        return a.short[0] if a.short else a.name
    n = display_name(name)
    return shorten(n, MAX_OUTLET) if n else None


def site_name(url: str | None) -> str | None:
    """The site of a URL as a name: its host without "www." ("harbour-news.example")."""
    host = outlet_from_url(url)
    return host or None


def outlet_of(doc: _Doc) -> str | None:
    """The outlet a report is labelled by: its outlet, its URL's site, or the agency it reproduces."""
    for name in (doc.outlet, site_name(doc.url)):
        s = short_outlet(name)
        if s:
            return s
    if doc.origin and find_agency(doc.origin) is not None:
        return short_outlet(doc.origin)
    return None


def format_date(iso: str | None) -> str | None:
    """"2025-03-14" -> "14 Mar 2025" (months and years as precise as given)."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso or "")
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        if d:
            date(int(y), int(mo), int(d))
            return f"{int(d)} {MONTHS[int(mo) - 1]} {y}"
        if mo:
            return f"{MONTHS[int(mo) - 1]} {y}"
    except (ValueError, IndexError):
        return None
    return y


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", s.strip().lower()))


def outlet_labels(documents: Sequence[_Doc]) -> dict[str, str]:
    """{document id: label}; unique within ``documents``, never the file id."""
    base: dict[str, str] = {}
    for i, d in enumerate(documents):
        o = outlet_of(d)
        base[d.id] = o or (f"“{shorten(d.title, MAX_TITLE)}”" if d.title and d.title.strip() else f"Report {i + 1}")
    labels = dict(base)
    by_base: dict[str, list[_Doc]] = {}
    for d in documents:
        by_base.setdefault(_fold(base[d.id]), []).append(d)
    years = {(d.published or "")[:4] for d in documents if d.published}
    one_year = len(years) == 1

    def when(d: _Doc) -> str | None:
        f = format_date(d.published)
        return f.rsplit(" ", 1)[0] if f and one_year and f.count(" ") == 2 else f

    for same in by_base.values():
        if len(same) < 2:
            continue
        dates = {d.id: when(d) for d in same}
        for d in same:
            labels[d.id] = f"{base[d.id]} ({dates[d.id]})" if dates[d.id] else base[d.id]
    # still the same (same outlet, date and title): number them in order
    seen: dict[str, int] = {}
    total: dict[str, int] = {}
    for lab in labels.values():
        total[_fold(lab)] = total.get(_fold(lab), 0) + 1
    for d in documents:
        k = _fold(labels[d.id])
        if total[k] > 1:
            seen[k] = seen.get(k, 0) + 1
            lab = labels[d.id]
            labels[d.id] = f"{lab[:-1]}, {seen[k]})" if lab.endswith(")") else f"{lab} ({seen[k]})"
    return labels


def relabel(text: str | None, labels: Mapping[str, str], strict: bool = False, max_list: int = 3) -> str:
    """``text`` with each document id replaced by the document's label; a list of more than
    ``max_list`` ids ("a, b, c, d") becomes "4 reports".

    With ``strict`` only ids that cannot be ordinary words (they hold a digit, "-", "_" or
    ".") are replaced: for text that may quote the reports themselves."""
    if not text:
        return text or ""
    ids = [i for i in labels if len(i) >= 2 and (not strict or re.search(r"[\d_.-]", i))]
    if not ids:
        return text
    one = "(?:" + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + ")"
    pat = re.compile(rf"(?<![\w-]){one}(?:(?:,\s*|,?\s+and\s+){one})*(?![\w-])")
    single = re.compile(rf"(?<![\w-]){one}(?![\w-])")

    def sub(m: re.Match) -> str:
        found = single.findall(m.group(0))
        if len(found) > max_list:
            return f"{len(found)} reports"
        return single.sub(lambda x: labels[x.group(0)], m.group(0))

    return pat.sub(sub, text)


# -- cited news sources ------------------------------------------------------------------------

# words news outlets, agencies and broadcasters use in their names (general knowledge)
from .lang.en.outlets import OUTLET_WORDS
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|org|net|co\.uk|co|tv|news|info)\b", re.I)
_CALLSIGN = re.compile(r"^[A-Z0-9][A-Z0-9&.'-]*$")


def same_outlet(a: str | None, b: str | None) -> bool:
    """Two names of one outlet or agency (agencies in any form, display forms included)."""
    aa, ab = find_agency(a), find_agency(b)
    if aa or ab:
        return aa is ab
    return same_source(a, b)


def source_key(name: str) -> str:
    """One key per outside source: an agency's name in any form, else the name folded."""
    a = find_agency(name)
    if a is not None:
        return "agency:" + a.name.lower()
    return "ext:" + _fold(display_name(name) or name)


def news_source(name: str | None, kind: str | None, documents: Iterable[_Doc],
                by: str | None = None, cache: dict | None = None) -> tuple[str, str] | None:
    """(node, label) when a cited name is a news outlet or agency, else None.

    The node is a document id when the name is the outlet of one of the reports (the citing
    report's own outlet first, ``by``), otherwise a :func:`source_key` of an outside outlet:
    a wire agency, a name holding a word outlets use in their names or a web domain, or a
    brand-like name a report credits or is "reported by". ``cache`` (a dict kept by the
    caller for one report) saves the work for names cited again."""
    if not name or not name.strip():
        return None
    docs = documents if isinstance(documents, (list, tuple)) else list(documents)
    own = next((d for d in docs if d.id == by), None) if by is not None else None
    if own is not None and own.outlet and same_outlet(name, own.outlet):
        return own.id, own.outlet
    key = (name, kind)
    if cache is not None and key in cache:
        return cache[key]
    found = _news_source(name, kind, docs)
    if cache is not None:
        cache[key] = found
    return found


def _news_source(name: str, kind: str | None, docs: Sequence[_Doc]) -> tuple[str, str] | None:
    seen: set[str] = set()
    for d in docs:
        if d.outlet and d.outlet not in seen:
            seen.add(d.outlet)
            if same_outlet(name, d.outlet):
                return d.id, d.outlet
    words = [w.strip(".,;:()'’") for w in name.split()]
    capitalised = bool(words) and all(w[:1].isupper() or w.lower() in ("of", "and", "the", "&", "de")
                                      for w in words if w)
    brand = any(_CALLSIGN.match(w) and sum(ch.isupper() for ch in w) >= 2 for w in words if w)
    is_outlet = (find_agency(name) is not None or bool(_DOMAIN.search(name))
                 or (capitalised and any(w.lower() in OUTLET_WORDS for w in words))
                 or (kind in ("credit", "cited_by") and capitalised)
                 or (kind == "reported" and brand))
    if not is_outlet:
        return None
    return source_key(name), short_outlet(name) or name.strip()
