"""Event stage 'timeline': date expressions in reports, resolved to calendar dates, and the
event timeline they make.

Absolute dates ("Aug. 29", "August 28, 2017", "21 May 2019", "June of 2015", "in 2014") are
read with regular expressions; relative ones ("on Tuesday", "last week", "yesterday",
"last November") are resolved against the report's own published date, and skipped when the
report has none. A month and day without a year takes the year from, in order: the report's
published date; the same month and day written with a year in any report of the event; the
report's own copyright year; the year most reports of the event point to. When nothing gives
a year the date is written "--MM-DD" (month and day are what the report states).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from ..model import Document, TimelineItem
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from ..text.sentences import sentence_around

from ..lang.en.calendar import MONTH_NUM
_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
from ..lang.en.calendar import WEEKDAYS
_YEAR = r"(?:1[89]\d\d|20\d\d)"

MD_RE = re.compile(rf"\b(?P<mon>{_MON})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!:|\d)(?:,?\s+(?P<year>{_YEAR})\b)?")
DM_RE = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon>{_MON})(?:,?\s+(?P<year>{_YEAR})\b)?")
MY_RE = re.compile(rf"\b(?P<mon>{_MON})(?:\s+of)?,?\s+(?P<year>{_YEAR})\b")
Y_RE = re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Uu]ntil|[Ff]rom|[Oo]f|[Ee]arly|[Ll]ate|[Mm]id-?|"
                  rf"[Ss]ummer|[Ss]pring|[Ww]inter|[Ff]all|[Aa]utumn|[Tt]hrough|[Bb]efore|[Aa]fter)\s+(?:of\s+)?(?P<year>{_YEAR})\b")
WD_RE = re.compile(r"\b(?P<last>last\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
REL_RE = re.compile(r"\b(?:yesterday|today|last week|this week|last month|last year|this year|"
                    rf"last (?P<lmon>{_MON}))\b", re.I)
COPYRIGHT_RE = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\(?c\)?\s*)?(?P<year>{_YEAR})", re.I)
FUTURE_RE = re.compile(r"\b(?:will|scheduled|set for|due|next|upcoming|expected to|plans? to)\b", re.I)


@dataclass
class DateMention:
    """One date expression in one document."""

    doc: str
    start: int
    end: int
    expression: str
    year: int | None
    month: int | None
    day: int | None
    precision: str  # day | month | year
    relative: str | None = None  # weekday / yesterday / last week ... (needs a reference)


def month_num(s: str) -> int:
    return MONTH_NUM[s.lower().rstrip(".")[:3]]


def _in_copyright_line(text: str, pos: int) -> bool:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    line = text[ls: le if le >= 0 else len(text)]
    return bool(re.search(r"©|copyright|all rights reserved", line, re.I))


def find_dates(doc: Document) -> list[DateMention]:
    """Every date expression in a document's text (absolute, and relative ones unresolved)."""
    text = doc.text
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for rx in (MD_RE, DM_RE):
        for m in rx.finditer(text):
            day = int(m.group("day"))
            if not 1 <= day <= 31 or not free(m.start(), m.end()) or _in_copyright_line(text, m.start()):
                continue
            if m.group("mon") == "May" and rx is MD_RE and text[m.end("mon"):m.end("mon") + 1] != " ":
                continue
            y = int(m.group("year")) if m.group("year") else None
            out.append(DateMention(doc.id, m.start(), m.end(), m.group(0), y, month_num(m.group("mon")), day, "day"))
            taken.append(m.span())
    for m in MY_RE.finditer(text):
        if free(m.start(), m.end()) and not _in_copyright_line(text, m.start()):
            out.append(DateMention(doc.id, m.start(), m.end(), m.group(0), int(m.group("year")),
                                   month_num(m.group("mon")), None, "month"))
            taken.append(m.span())
    for m in Y_RE.finditer(text):
        s = m.start("year")
        if free(s, m.end()) and not _in_copyright_line(text, s):
            out.append(DateMention(doc.id, m.start(), m.end(), m.group(0), int(m.group("year")), None, None, "year"))
            taken.append(m.span())
    for m in WD_RE.finditer(text):
        if free(m.start(), m.end()):
            rest = text[m.end():m.end() + 30]
            if re.match(rf"\s*(?:night|morning|afternoon|evening)?\s*\(?\s*,?\s*(?:{_MON}\s+\d|\d{{1,2}}\s+{_MON})", rest):
                continue  # "Friday (October 14)": the date beside it says it
            out.append(DateMention(doc.id, m.start(), m.end(), m.group(0), None, None, None, "day",
                                   relative=("last " if m.group("last") else "") + m.group("wd").lower()))
    for m in REL_RE.finditer(text):
        if free(m.start(), m.end()):
            out.append(DateMention(doc.id, m.start(), m.end(), m.group(0), None, None, None, "day",
                                   relative=m.group(0).lower()))
    out.sort(key=lambda d: d.start)
    return out


def parse_published(doc: Document) -> tuple[dt.date | None, str | None]:
    """The published date as a date (first of month/year when less precise) and its precision."""
    p = (doc.published or "").strip()
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", p)
    if not m:
        return None, None
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    prec = doc.published_precision or ("day" if m.group(3) else "month" if m.group(2) else "year")
    try:
        return dt.date(y, mo, d), prec
    except ValueError:
        return None, None


def copyright_year(doc: Document) -> int | None:
    """The year of the report's copyright line (in its text or its dropped lines)."""
    years = [int(m.group("year")) for src in [doc.text, *(doc.dropped or [])] for m in COPYRIGHT_RE.finditer(src)]
    return max(years) if years else None


def resolve_relative(m: DateMention, ref: dt.date, ahead: bool = False) -> tuple[str, str] | None:
    """(ISO date, precision) of a relative expression against a reference date; a weekday
    is the latest one on or before the reference, or the next one after it when ``ahead``
    (the sentence speaks of what will happen)."""
    r = m.relative or ""
    if ahead and r in WEEKDAYS:
        fwd = (WEEKDAYS.index(r) - ref.weekday()) % 7 or 7
        return (ref + dt.timedelta(days=fwd)).isoformat(), "day"
    if r in WEEKDAYS or r.startswith("last ") and r[5:] in WEEKDAYS:
        wd = WEEKDAYS.index(r.split()[-1])
        back = (ref.weekday() - wd) % 7
        if r.startswith("last ") and back == 0:
            back = 7
        return (ref - dt.timedelta(days=back)).isoformat(), "day"
    if r == "yesterday":
        return (ref - dt.timedelta(days=1)).isoformat(), "day"
    if r == "today":
        return ref.isoformat(), "day"
    if r == "last week":
        return (ref - dt.timedelta(days=7)).strftime("%Y-%m"), "month"
    if r == "this week":
        return ref.strftime("%Y-%m"), "month"
    if r == "last month":
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return first.strftime("%Y-%m"), "month"
    if r == "last year":
        return str(ref.year - 1), "year"
    if r == "this year":
        return str(ref.year), "year"
    mm = re.match(rf"last ({_MON})$", r, re.I)
    if mm:
        mon = month_num(mm.group(1))
        y = ref.year if mon < ref.month else ref.year - 1
        return f"{y}-{mon:02d}", "month"
    return None


AHEAD_RE = re.compile(r"\b(?:will|would|shall|until|till|next|scheduled|due|expected|going to|"
                      r"plans? to|set to)\b[^.]{0,40}$|'ll\b[^.]{0,40}$", re.I)
BY_RE = re.compile(r"\b(?:by|from|starting|beginning|before|on or before)\s+$", re.I)
FUTURE_TENSE_RE = re.compile(r"\b(?:will|would|shall|'ll|scheduled|due to|expected to|going to|plans? to|set to)\b",
                             re.I)


def looks_ahead(before: str, sentence: str) -> bool:
    """Does a weekday point forward from the published date? "until Sunday", "next Monday",
    "will meet on Friday", and "by/from Monday" in a sentence about what will happen."""
    return bool(AHEAD_RE.search(before) or (BY_RE.search(before) and FUTURE_TENSE_RE.search(sentence)))


def latest_stated_year(documents: list[Document], mentions: dict[str, list[DateMention]]) -> int | None:
    """The latest year given by a published date or written in a report's text."""
    years = [m.year for ms in mentions.values() for m in ms if m.year]
    years += [p.year for p, _ in map(parse_published, documents) if p]
    return max(years) if years else None


def cluster_year(documents: list[Document], mentions: dict[str, list[DateMention]]) -> int | None:
    """The year most reports of the event point to: published dates, full dates in the
    texts, and copyright years no later than the latest year the texts write out."""
    votes: Counter = Counter()
    top = latest_stated_year(documents, mentions)
    for d in documents:
        pub, _ = parse_published(d)
        if pub:
            votes[pub.year] += 3
        for y in {m.year for m in mentions.get(d.id, []) if m.year and m.precision == "day"}:
            votes[y] += 2
        cy = copyright_year(d)
        if cy and (top is None or cy <= top + 1):
            votes[cy] += 1
    return votes.most_common(1)[0][0] if votes else None


def build_timeline(documents: Iterable[Document], parsed: dict[str, Any] | None = None) -> list[TimelineItem]:
    """Timeline items for every date the reports state, with the year inferred where the
    text leaves it out; items of different reports about the same date share ``docs``."""
    documents = list(documents)
    mentions = {d.id: find_dates(d) for d in documents}
    known_md: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for ms in mentions.values():
        for m in ms:
            if m.year and m.month and m.day:
                known_md[(m.month, m.day)][m.year] += 1
    cyear = cluster_year(documents, mentions)
    items: list[TimelineItem] = []
    for d in documents:
        pub, prec = parse_published(d)
        cy = copyright_year(d)
        top = latest_stated_year(documents, mentions)
        own_year = cy if cy and (top is None or cy <= top + 1) else None
        last_months = {month_num(mm.group("lmon")) for mm in REL_RE.finditer(d.text) if mm.group("lmon")}
        seen: set[tuple[str, int]] = set()
        for m in mentions[d.id]:
            s, e = sentence_around(d.text, m.start)
            sent = d.text[s:e]
            date, precision = None, m.precision
            if m.relative:
                if pub is None or prec != "day":
                    continue
                ahead = m.relative in WEEKDAYS and looks_ahead(d.text[s:m.start], sent)
                got = resolve_relative(m, pub, ahead)
                if not got:
                    continue
                date, precision = got
            elif m.year is not None:
                date = f"{m.year}" + (f"-{m.month:02d}" if m.month else "") + (f"-{m.day:02d}" if m.day else "")
            else:
                year = None
                if pub is not None:
                    year = pub.year
                    try:
                        cand = dt.date(year, m.month or 1, m.day or 1)
                        if (cand - pub).days > 31 and not FUTURE_RE.search(sent):
                            year -= 1
                    except ValueError:
                        pass
                elif (m.month, m.day) in known_md:
                    year = known_md[(m.month, m.day)].most_common(1)[0][0]
                elif own_year is not None:
                    year = own_year - 1 if m.month in last_months else own_year
                elif cyear is not None:
                    year = cyear
                md = f"{m.month:02d}-{m.day:02d}" if m.day else f"{m.month:02d}"
                date = f"{year}-{md}" if year else f"--{md}"
            key = (date, s)
            if key in seen:
                continue
            seen.add(key)
            items.append(TimelineItem(date=date, precision=precision, doc=d.id, text=sent, start=s, end=e,
                                      expression=m.expression, docs=[d.id]))
    by_date: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        by_date[it.date].append(i)
    from dataclasses import replace

    from .event_scope import _is_period, event_years, pub_year

    ev = event_years([d.published for d in documents]) or ({cyear} if cyear else set())
    pubs = {d.id: pub_year(d.published) for d in documents}
    out = []
    for it in items:
        docs = sorted({items[i].doc for i in by_date[it.date]})
        status = "agree" if len(docs) > 1 else "single"
        if ev and it.expression and _is_period(it.expression, pubs.get(it.doc), ev) and \
                not any(str(y) in it.date[:4] for y in ev):
            status = "background"  # another time than the event's: kept apart, it does not stretch the timeline
        out.append(replace(it, docs=docs, status=status))
    out.sort(key=lambda t: (t.date.lstrip("-"), t.doc, t.start or 0))
    return _flag_disagreements(out)


def _flag_disagreements(items: list[TimelineItem]) -> list[TimelineItem]:
    """Two reports that date the same event differently (alike sentences, different days)."""
    from dataclasses import replace

    words = [set(re.findall(r"[a-z]{4,}", t.text.lower())) for t in items]
    bad: set[int] = set()
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            if a.doc == b.doc or a.precision != "day" or b.precision != "day" or a.date == b.date:
                continue
            if a.date[-5:] == b.date[-5:]:
                continue
            inter = len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j])))
            if inter >= 0.6 and len(words[i] & words[j]) >= 4:
                bad.update((i, j))
    return [replace(t, status="disagree") if k in bad else t for k, t in enumerate(items)]


@stage("timeline", requires=("documents",), provides=("timeline",))
def run(state: EventState) -> dict[str, list]:
    """The event's timeline: the dated events the reports state, in order."""
    return {"timeline": build_timeline(state.documents, state.parsed())}
