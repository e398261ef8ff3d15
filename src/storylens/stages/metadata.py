"""Metadata read from a news page's text: title, outlet, origin, published date, dateline.

Plain functions over strings, used by :mod:`storylens.stages.clean`:

- :func:`split_site_suffix` cuts " - Site Name" / " | Site" off a page title;
- :func:`outlet_from_site` picks the brand out of a site name ("KXYZ News 9 Springfield");
- :func:`copyright_holder` reads the holder of a copyright line;
- :func:`parse_dateline` reads "CITY, State (AGENCY) —" openings;
- :func:`parse_date` / :func:`date_line` read dates and date-only lines;
- wire agencies and outlet names (:func:`agency`, :func:`display_name`, :func:`same_source`)
  are classified by :mod:`storylens.text.outlets`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# -- wire agencies and outlet names: the shared classification of storylens.text.outlets ----------
from ..text.outlets import (DATA, Agency, agencies, agency, display_name, outlet_from_url,  # noqa: F401
                            same_source)


# -- page titles and site names --------------------------------------------------------------

from ..lang.en.outlets import SITE_WORDS
from ..lang.en.web import DATE_LABELS
_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
_CAPS = re.compile(r"^[A-Z0-9][A-Z0-9&.'-]*$")


def _caps_token(tok: str) -> bool:
    """A brand-like token: at least two capitals, no lower case ("KXYZ", "WTV-7", "ABC")."""
    t = tok.strip(".,;:()")
    return bool(_CAPS.match(t)) and sum(c.isupper() for c in t) >= 2


def looks_like_site(s: str) -> bool:
    """A page-title suffix that names a site: short, and holds a call-sign-like token, a
    domain, or a word papers and stations use in their names."""
    words = s.split()
    if not words or len(words) > 14 or s.rstrip().endswith((".", "?", "!")):
        return False
    if re.search(r"\b[\w-]+\.(?:com|org|net|co\.uk|co|tv|news|info)\b", s, re.I):
        return True
    if any(_caps_token(w) for w in words):
        return True
    low = {w.strip(".,;:&'").lower() for w in words}
    return bool(low & SITE_WORDS) or agency(s) is not None


from ..lang.en.outlets import OUTLET_NAME_LINKS as _NAME_LINKS


def _site_form(head: str, tail: str) -> bool:
    """The part after a separator can be a site's name: it does not open with a number and a
    comma ("20 - 13, ..."), its words are capitalised apart from linking words ("of", "the")
    unless it holds a domain, and it is not a capitals-only tail of a capitals-only headline."""
    if re.match(r"^\d+\s*[,;:]", tail):
        return False
    if not re.search(r"\.(?:com|org|net|co|tv|news|info)\b", tail, re.I):
        words = [w.strip(".,;:()'\"’‘“”") for w in tail.split()]
        if any(w and w[0].islower() and w.lower() not in _NAME_LINKS for w in words):
            return False
    if not re.search(r"[a-z]", head) and not re.search(r"[a-z]", tail):
        low = {w.strip(".,;:&'").lower() for w in tail.split()}
        return bool(low & SITE_WORDS) or agency(tail) is not None
    return True


def split_site_suffix(title: str) -> tuple[str, str | None]:
    """"Headline - Site Name" -> ("Headline", "Site Name"); a title without one is kept.

    The last separator (" | ", " - ", " – ", " — ") whose right side looks like a site name
    and whose left side has at least three words is the cut."""
    t = title.strip()
    seps = list(_SEP.finditer(t))
    for m in reversed(seps):
        head, tail = t[:m.start()].strip(), t[m.end():].strip()
        if len(head.split()) >= 3 and looks_like_site(tail) and _site_form(head, tail):
            # "Headline | Section | Site": a short section name before the site goes too
            inner = list(_SEP.finditer(head))
            if inner and m.group().strip() == "|" and inner[-1].group().strip() == "|":
                sec = head[inner[-1].end():].strip()
                if len(sec.split()) <= 3 and len(head[:inner[-1].start()].split()) >= 3:
                    head = head[:inner[-1].start()].strip()
            return head, tail
    return t, None


def outlet_from_site(site: str | None) -> str | None:
    """The outlet named by a site name: its run of brand tokens ("FOX 8 WXYZ"), otherwise its
    first part with generic section words cut ("Springfield Herald | World" -> ...Herald)."""
    if not site:
        return None
    site = re.sub(r"\s+", " ", site).strip()
    a = agency(site)
    if a:
        return a.display
    parts = [p.strip() for p in re.split(r",|\s[|·•–—-]\s|:", site) if p.strip()]
    for p in parts:
        toks = p.split()
        for i, tok in enumerate(toks):
            if _caps_token(tok) and tok.strip(".,").lower() not in ("tv", "am", "fm", "hd"):
                j = i + 1
                while j < len(toks) and (_caps_token(toks[j]) or toks[j].isdigit()):
                    j += 1
                while j - 1 > i and toks[j - 1].strip(".,").lower() in ("tv", "am", "fm", "hd"):
                    j -= 1
                run = " ".join(toks[i:j]).strip(" .,")
                run = re.sub(r"\.(?:com|org|net|co\.uk|tv)$", "", run, flags=re.I)
                return display_name(run)
    first = parts[0] if parts else site
    first = re.sub(r"^(?:www\.)", "", first, flags=re.I)
    return display_name(first)


# -- copyright lines ---------------------------------------------------------------------------

_COPY = re.compile(
    r"^[\(\[]?\s*(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\b)?\s*"
    r"(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*,?\s*)?(?:by\s+)?(.*)$", re.I)


def copyright_holder(line: str) -> str | None:
    """The holder named by a copyright line ("© 2020 The Daily Example. All rights reserved."
    -> "The Daily Example"), or None when the line names none."""
    s = line.strip()
    if not re.match(r"^[\(\[]?\s*(?:©|\(c\)|copyright\b)", s, re.I):
        return None
    m = _COPY.match(s)
    rest = (m.group(1) if m else "").strip()
    rest = re.split(r"\.\s|\ball rights reserved\b|\bthis material\b|[|;]|\s[-–—]\s", rest, 1, flags=re.I)[0]
    rest = re.sub(r"(?:,?\s*(?:inc|llc|ltd|plc|co|corp|gmbh|s\.a)\.?)+$", "", rest.strip(" .,)]"), flags=re.I)
    rest = rest.strip(" .,()[]")
    if not rest or len(rest.split()) > 8 or not re.search(r"[A-Za-z]", rest):
        return None
    return rest


def named_in_abbreviation(line: str) -> list[tuple[str, str]]:
    """(name, abbreviation) pairs written "Some Site Name (SSN)" where the abbreviation is the
    initials of the words just before it ("Example Today Network (ET)" -> "Example Today")."""
    out = []
    for m in re.finditer(r"((?:[A-Z][\w'&-]*\s+){1,6})\(([A-Z]{2,6})\)", line):
        words, abbr = m.group(1).split(), m.group(2)
        n = len(abbr)
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if "".join(w[0] for w in run) == abbr:
                out.append((" ".join(run), abbr))
                break
    return out


# -- datelines ---------------------------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}))?"
    r"(?:,?\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)))?"
    r"\s*(?:\((?P<credit>[^()]{1,60})\))?\s*(?P<dash>—|–|--|-|:)\s*(?=\S)")
_DATELINE_MIXED = re.compile(
    r"^(?P<city>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?:,\s*(?P<region>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?))?"
    r"\s*\((?P<credit>[^()]{1,40})\)\s*(?P<dash>—|–|--|-|:)\s*(?=\S)")
_DATE_CREDIT = re.compile(
    r"^(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)\s*\((?P<credit>[^()]{1,40})\)\s*(?:—|–|--|-)\s*(?=\S)")
_SLASH_CREDIT = re.compile(r"^(?P<credit>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)?)/(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*[:—–-]\s+(?=\S)")


_NOT_CITIES = {"UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "WATCH", "VIDEO", "PHOTOS",
               "ANALYSIS", "OPINION", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "LIVE", "NOTE", "READ",
               "UPDATE 1", "FILE", "WARNING", "ALERT", "PHOTO", "LISTEN", "AUDIO", "Q", "A"}


@dataclass(frozen=True)
class Dateline:
    city: str
    credits: tuple[str, ...]  # names in the parenthetical, in order ("WXYZ", "AP")
    end: int  # where the story text starts in the line
    region: str = ""  # the larger place written after the city ("ALDER, Vell —": "Vell")


def parse_dateline(line: str) -> Dateline | None:
    """"CITY, State (OUTLET/AGENCY) — text" -> Dateline("CITY", ("OUTLET", "AGENCY"), offset).

    Also "AGENCY/City: text" and "City (AGENCY) - text" (the latter only for a known agency)."""
    m = _DATELINE.match(line)
    if m and m.group("city").strip(" .'’-") in _NOT_CITIES:
        m = None
    if m and (m.group("credit") or m.group("dash") in ("—", "–", "--") or m.group("date")):
        city = m.group("city").strip()
        if len(re.sub(r"[^A-Z]", "", city)) >= 2 and not (m.group("dash") == ":" and not m.group("credit")):
            return Dateline(city, _credits(m.group("credit")), m.end(), (m.group("region") or "").strip())
    m = _SLASH_CREDIT.match(line)
    if m and agency(m.group("credit")):
        return Dateline(m.group("city"), (m.group("credit"),), m.end())
    m = _DATELINE_MIXED.match(line)
    if m and (all(agency(c) for c in _credits(m.group("credit"))) or (
            m.group("region") and m.group("dash") != ":"
            and re.fullmatch(r"[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}", m.group("credit").strip())
            and looks_like_site(m.group("credit")))):
        # "City (AGENCY) -" for a known agency; "City, Region (Outlet Name) -" for a name that
        # reads as an outlet's
        return Dateline(m.group("city"), _credits(m.group("credit")), m.end(), (m.group("region") or "").strip())
    m = _DATE_CREDIT.match(line)
    if m and all(agency(c) for c in _credits(m.group("credit"))):
        return Dateline("", _credits(m.group("credit")), m.end())
    return None


def _credits(s: str | None) -> tuple[str, ...]:
    if not s:
        return ()
    parts = [p.strip() for p in re.split(r"/|,|\band\b|&|\+", s) if p.strip()]
    return tuple(p for p in parts if len(p.split()) <= 5)


# -- dates ---------------------------------------------------------------------------------------

from ..lang.en.calendar import MONTH_NUMBERS as MONTHS
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?)(?-i:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d\d)?)?\)?)?"
_DATE_FORMS = [
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(_MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b"),
    re.compile(_MON + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]
_LABEL = re.compile(r"^(?:(?P<label>" + "|".join(map(re.escape, DATE_LABELS)) + r")(?:\s+(?:on|at))?\s*:?\s*)", re.I)


@dataclass(frozen=True)
class DateFound:
    iso: str
    precision: str  # day | month | year
    label: str | None = None  # "published", "updated", ... when the line said so


def _valid(y: int, mo: int, d: int | None) -> bool:
    import calendar

    if not (1 <= mo <= 12 and 1900 <= y <= 2100):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, mo)[1]


def _from_match(m: re.Match) -> DateFound | None:
    g = m.groupdict()
    y = int(g["year"])
    if g.get("mon"):
        mo = MONTHS[g["mon"].lower().rstrip(".")]
    elif g.get("mnum"):
        mo = int(g["mnum"])
    else:  # a/b/yyyy: day first when a > 12 or written with dots, month first when b > 12
        a, b = int(g["a"]), int(g["b"])
        if (a > 12 or "." in m.group()) and b <= 12:
            mo, g["day"] = b, str(a)
        elif b > 12 and a <= 12:
            mo, g["day"] = a, str(b)
        else:
            return None
    d = int(g["day"]) if g.get("day") else None
    if not _valid(y, mo, d):
        return None
    if d is None:
        return DateFound(f"{y:04d}-{mo:02d}", "month")
    return DateFound(f"{y:04d}-{mo:02d}-{d:02d}", "day")


def parse_date(s: str | None) -> DateFound | None:
    """The first full date in a string ("10 March 2021", "March 10, 2021", "2021-03-10",
    "March 2021"), as ISO text with its precision; None when there is none."""
    if not s:
        return None
    best = None
    for rx in _DATE_FORMS:
        m = rx.search(s)
        if m and (best is None or m.start() < best[0].start()):
            found = _from_match(m)
            if found:
                best = (m, found)
    return best[1] if best else None


def normalise_date(s: str | None) -> DateFound | None:
    """A date given as metadata ("2021-03-10T08:00:00Z", "2021-03", "2021", "March 10, 2021")."""
    if not s:
        return None
    t = s.strip()
    m = re.match(r"^((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?$", t)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if d and _valid(int(y), int(mo), int(d)):
            return DateFound(f"{y}-{mo}-{d}", "day")
        if mo and _valid(int(y), int(mo), None):
            return DateFound(f"{y}-{mo}", "month")
        if not mo:
            return DateFound(y, "year")
    return parse_date(t)


def date_line(line: str) -> DateFound | None:
    """A line that holds only a date (with an optional label such as "Published:", a
    weekday, a time and a time zone), else None. "Updated ..." lines carry label "updated"."""
    s = line.strip().strip("|•·").strip()
    label = None
    m = _LABEL.match(s)
    if m and m.group("label"):
        label = m.group("label").lower()
        s = s[m.end():]
    s = re.sub(r"^" + _TIME + r"(?![\d./])[\s,|/•·-]*(?:on\s+)?", "", s, flags=re.I)
    s = re.sub(r"^" + _WEEKDAY + r"\s*", "", s, flags=re.I)
    for rx in _DATE_FORMS:
        m = rx.match(s)
        if not m:
            continue
        rest = s[m.end():]
        rest = re.sub(r"^[\s,|/•·-]*(?:at\s+)?", "", rest, flags=re.I)
        rest = re.sub(r"^" + _TIME, "", rest, flags=re.I).strip(" ,.|/")
        rest = re.sub(r"^(?:updated|last updated|modified)\b.*$", "", rest, flags=re.I)
        if rest and not re.fullmatch(r"(?:\(?[A-Z]{2,5}\)?|GMT[+-]?\d*|UTC[+-]?\d*)", rest):
            return None
        found = _from_match(m)
        if found is None:
            return None
        return DateFound(found.iso, found.precision, label)
    return None


# -- wire credits in the body -----------------------------------------------------------------

_TOLD = re.compile(r"\b(?:told|informed|said to|confirmed to|speaking to)\s+((?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})")
_REPRO = re.compile(
    r"\b(?:originally (?:published|appeared) (?:by|in|on|at)|first (?:published|appeared) (?:by|in|on|at)|"
    r"republished (?:with permission )?from|reprinted (?:with permission )?from|this (?:story|article|report) "
    r"(?:is|was) (?:from|by|provided by|courtesy of)|(?:story|text|report|content) (?:by|from|courtesy of)|"
    r"contributed to this report)\b", re.I)


def reproduced_from(line: str) -> str | None:
    """The outlet a line says the text reproduces ("This article originally appeared on The
    Example Post." -> "The Example Post"; "Agency contributed to this report." -> "Agency")."""
    m = _REPRO.search(line)
    if not m:
        return None
    if m.group().lower() == "contributed to this report":
        before = line[:m.start()].strip()
        names = re.findall(r"((?:The\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,4})\s*(?:and\s*)?$", before)
        return names[0].strip().rstrip(".,;:") if names else None
    after = line[m.end():].strip()
    n = re.match(r"((?:the\s+)?[A-Z][\w.&'-]*(?:\s+(?:of\s+)?[A-Z][\w.&'-]*){0,5})", after)
    return n.group(1).strip().rstrip(".,;:") if n else None


def agency_told(text: str) -> Agency | None:
    """A wire agency the story's sources speak to ("an official told AFP"): the agency did
    the reporting, so it is where the text comes from."""
    for m in _TOLD.finditer(text):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            a = agency(" ".join(words[:n]))
            if a:
                return a
    return None
