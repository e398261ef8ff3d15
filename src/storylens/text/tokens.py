"""Tokens of a parsed text by character offset, found by bisection rather than by a pass over
every token (a report's stages ask for the tokens at a place many times).

``sp`` is a spaCy ``Doc`` or ``Span``; offsets are characters of the doc's text, and an index
returned is an index into ``sp``.
"""
from __future__ import annotations

from typing import Any

import numpy as np


def _starts(sp: Any) -> np.ndarray:
    doc = getattr(sp, "doc", sp)  # a Span's doc; a Doc is its own
    starts = doc.to_array("IDX")
    return starts if doc is sp else starts[sp.start:sp.end]


def first_at(sp: Any, char: int) -> int:
    """Index of the first token that starts at ``char`` or later (``len(sp)`` when none does)."""
    return int(np.searchsorted(_starts(sp), char, side="left"))


def tokens_from(sp: Any, char: int) -> Any:
    """The tokens that start at ``char`` or later, in order."""
    return sp[first_at(sp, char):]


def token_at(sp: Any, char: int) -> Any | None:
    """The token whose text holds character ``char`` (None in white space or past the end)."""
    i = first_at(sp, char + 1) - 1
    if i < 0:
        return None
    t = sp[i]
    return t if t.idx <= char < t.idx + len(t.text) else None


def tokens_within(sp: Any, a: int, b: int) -> list[Any]:
    """The tokens wholly inside characters ``a`` to ``b``."""
    out = []
    for t in tokens_from(sp, a):
        if t.idx + len(t.text) > b:  # tokens do not overlap: every later one ends later
            break
        out.append(t)
    return out


def tokens_before(sp: Any, char: int) -> list[Any]:
    """The tokens that end at ``char`` or earlier, in order."""
    i = first_at(sp, char)
    if i > 0 and sp[i - 1].idx + len(sp[i - 1].text) > char:  # the token ``char`` falls inside
        i -= 1
    return list(sp[:i])
