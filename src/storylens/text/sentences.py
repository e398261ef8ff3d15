"""Sentences: where a period ends one (not after a title, an initial or an abbreviation), and
a text split into its sentences, paragraph by paragraph.

spaCy's parse gives the sentences of a parsed report; these rules serve where there is no
parse (a span of text, a sentence around an offset, the peers of the benchmarks).
"""
from __future__ import annotations

import re

from ..lang.en.abbreviations import ABBREV

_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Sgt|Lt|Col|Gen|Gov|Sen|Rep|Capt|Jr|Sr|No|Inc|Co|Corp|Ltd|"
                     r"U\.S|U\.K|U\.N|a\.m|p\.m|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$")


def split_sentences(text: str) -> list[str]:
    """A plain sentence splitter (paragraphs, then sentence ends not after abbreviations)."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if not para:
            continue
        start = 0
        for m in _SENT_END.finditer(para):
            head = para[start:m.start()]
            if _ABBREV.search(head):
                continue
            out.append(para[start:m.end()].strip())
            start = m.end()
        if para[start:].strip():
            out.append(para[start:].strip())
    return out


def ends_sentence(text: str, i: int) -> bool:
    """Whether the punctuation at ``i`` ends a sentence (not a title, initial or abbreviation)."""
    ch = text[i]
    if ch in "!?":
        return True
    if ch != ".":
        return False
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "(\"\u201c":
        j -= 1
    word = text[j:i].lower().strip("'\u2019")
    if word in ABBREV or (len(word) == 1 and word.isalpha()):
        return False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # u.s, a.m
        return False
    k = i + 1
    while k < len(text) and text[k] in "\"'\u201d\u2019)":
        k += 1
    if k >= len(text) or text[k] == "\n":
        return True
    if not text[k].isspace():
        return False
    while k < len(text) and text[k] == " ":
        k += 1
    return k >= len(text) or not text[k].islower()


def sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside text[start:end] (one paragraph)."""
    out, s = [], start
    i = start
    while i < end:
        if text[i] in ".!?" and ends_sentence(text, i):
            e = i + 1
            while e < end and text[e] in "\"'\u201d\u2019)":
                e += 1
            if text[s:e].strip():
                out.append((s, e))
            s = e
            while s < end and text[s].isspace():
                s += 1
            i = e
            continue
        i += 1
    if text[s:end].strip():
        out.append((s, end))
    return out
