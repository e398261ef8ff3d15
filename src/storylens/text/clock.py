"""Times of day: found in text ("about 6:15 p.m.", "shortly after midnight"), read as hours
after midnight, and written back the way reports write them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..lang.en.calendar import CLOCK_QUALIFIERS, CLOCK_WORDS

#: The unit of a time-of-day claim; its value is the hour after midnight (18.25 is 6:15 p.m.).
CLOCK_UNIT = "time of day"

_QUAL = "|".join(sorted((re.escape(q) for q in CLOCK_QUALIFIERS), key=len, reverse=True))
CLOCK_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?<![\d:.,$])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ap>[ap])\.?\s?m\b\.?"
    rf"|\b(?P<word>{'|'.join(CLOCK_WORDS)})\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class ClockTime:
    start: int  # the time's span in the text, its qualifier included
    end: int
    at: int  # where the time itself begins (after the qualifier)
    hours: float  # hours after midnight
    qualifier: str | None  # about | after | before | None


def find_times(text: str) -> Iterator[ClockTime]:
    """Every time of day in ``text`` ("6:15 p.m.", "10 a.m.", "noon"), with the word before it
    that says how exact it is."""
    for m in CLOCK_RE.finditer(text):
        if m.group("word"):
            if not m.group("qual") and not re.search(r"\b(?:at|by|until)\s+$", text[max(0, m.start() - 7):m.start()], re.I):
                continue  # "noon" and "midnight" are times after a preposition of time, not in "a midnight vigil"
            hours = CLOCK_WORDS[m.group("word").lower()]
            at = m.start("word")
        else:
            h, mins = int(m.group("h")) % 12, int(m.group("m") or 0)
            hours = h + (12 if m.group("ap").lower() == "p" else 0) + mins / 60
            at = m.start("h")
        qual = CLOCK_QUALIFIERS.get(re.sub(r"\s+", " ", m.group("qual").lower())) if m.group("qual") else None
        yield ClockTime(m.start(), m.end(), at, round(hours, 4), qual)


def clock_text(hours: float) -> str:
    """Hours after midnight as reports write them: "6:15 p.m.", "10 a.m.", "noon", "midnight"."""
    total = int(round(float(hours) * 60)) % (24 * 60)
    h, m = divmod(total, 60)
    if m == 0 and h in (0, 12):
        return "midnight" if h == 0 else "noon"
    ap = "a.m." if h < 12 else "p.m."
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {ap}" if m else f"{h12} {ap}"


def clock_gap(a: float, b: float) -> float:
    """Hours between two times of day, the short way round midnight."""
    d = abs(float(a) - float(b)) % 24
    return min(d, 24 - d)
