"""Sentences: where a period ends one (not after a title, an initial or an abbreviation), and
a text split into its sentences, paragraph by paragraph.

spaCy's parse gives the sentences of a parsed report; these rules serve where there is no
parse (a span of text, a sentence around an offset, the peers of the benchmarks).
"""
from __future__ import annotations

import re

from ..lang.en.abbreviations import ABBREV

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


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line of the text, without its outer spaces."""
    out, pos = [], 0
    for line in text.split("\n"):
        s = pos + (len(line) - len(line.lstrip()))
        e = pos + len(line.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of a text: each line a paragraph, split where :func:`ends_sentence` says."""
    return [text[a:b].strip() for s, e in paragraph_bounds(text) for a, b in sentence_bounds(text, s, e)
            if text[a:b].strip()]


def sentence_around(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence (within its line) that holds offset ``pos``."""
    for s, e in paragraph_bounds(text):
        if s <= pos <= e:
            for a, b in sentence_bounds(text, s, e):
                if pos < b or b == e:
                    return a, b
            return s, e
    return pos, pos
