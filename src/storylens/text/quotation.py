"""Quotation spans: the pieces of a text inside quotation marks.

Double quotation marks (curly or straight) are read paragraph by paragraph; a quotation still
open when its paragraph ends continues when the next paragraph opens with a mark, or runs on
through unmarked paragraphs to one that closes it. A curly quotation closed inside an open one
stays part of it; a closing curly mark that starts a paragraph or a word opens a quotation.
Single-quoted pieces of three words or more outside double quotes count too (``single``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import paragraph_bounds as paragraphs

OPEN_DQ = "\u201c\u201e\u00ab"
CLOSE_DQ = "\u201d\u00bb"


@dataclass(frozen=True)
class QSpan:
    """One quotation piece: ``start``/``end`` include the marks, ``inner_*`` exclude them.
    ``chain`` numbers pieces of one quotation running over several paragraphs; ``closed``
    says whether the piece ends with a closing mark; ``single`` marks single-quote pieces."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    chain: int
    closed: bool
    single: bool = False


def _is_open_mark(ch: str) -> bool:
    return ch in OPEN_DQ or ch == '"'


def quote_spans(text: str) -> list[QSpan]:
    """Every double-quoted piece of the text, paragraph by paragraph, plus single-quoted ones
    (outside double quotes) of three words or more. A quotation still open when its paragraph
    ends continues when the next paragraph starts with an opening mark, or when the next
    paragraphs (three at most) carry no mark until one that closes it ('… wrong," she said');
    otherwise it ends with its paragraph."""
    paras = paragraphs(text)
    spans: list[QSpan] = []
    chain = 0
    carry = False  # the previous paragraph ended inside an open quotation that continues
    n = 0
    while n < len(paras):
        ps, pe = paras[n]
        open_at: int | None = None
        i = ps
        if carry and _is_open_mark(text[ps]):
            open_at = ps
            i = ps + 1
        elif carry:
            chain += 1
        carry = False
        while i < pe:
            ch = text[i]
            if open_at is None:
                if ch in OPEN_DQ or ch == '"' or ch in CLOSE_DQ and _opens(text, i, ps):
                    open_at = i
                    chain += 1
            else:
                if ch in CLOSE_DQ or ch == '"':
                    spans.append(QSpan(open_at, i + 1, open_at + 1, i, chain, True))
                    open_at = None
                elif ch in OPEN_DQ and (skip := _nested_end(text, i, pe, text[open_at])) is not None:
                    i = skip  # a quotation inside the quotation ('"… what he calls “hell” …"')
                elif ch in OPEN_DQ:  # a new opening while open: the earlier one never closed
                    spans.append(QSpan(open_at, i, open_at + 1, i, chain, False))
                    open_at = i
                    chain += 1
            i += 1
        if open_at is not None:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            spans.append(QSpan(open_at, pe, open_at + 1, pe, chain, False))
            carry = bool(nxt and _is_open_mark(text[nxt[0]]))
            run = None if carry or not nxt else _unmarked_run(text, paras, n + 1)
            if run is not None:  # the quotation runs on through unmarked paragraphs
                last, close = run
                for k in range(n + 1, last):
                    spans.append(QSpan(paras[k][0], paras[k][1], paras[k][0], paras[k][1], chain, False))
                spans.append(QSpan(paras[last][0], close + 1, paras[last][0], close, chain, True))
                rest = close + 1
                n = last
                # the rest of the closing paragraph is read afresh
                tail = _spans_in(text, rest, paras[last][1], chain)
                spans.extend(tail)
                chain = max([chain] + [t.chain for t in tail])
                carry = False
        n += 1
    spans = [s for s in spans if s.inner_end > s.inner_start]
    spans.extend(_single_quote_spans(text, spans, chain + 1))
    return sorted(spans, key=lambda s: s.start)


def _opens(text: str, i: int, ps: int) -> bool:
    """Whether a closing curly mark at ``i`` (no quotation open) is typed for an opening one:
    it starts its paragraph (``ps``), or stands after a space right before a word."""
    return i == ps or text[i - 1].isspace() and text[i + 1:i + 2].isalnum()


def _nested_end(text: str, i: int, pe: int, outer: str) -> int | None:
    """Where a curly quotation opened at ``i`` inside an open one (opened with ``outer``) ends,
    when it is nested: its closing mark comes before any other opening, and the outer
    quotation's closing mark after it, still in the paragraph. Else None."""
    inner_close = _next_mark(text, i + 1, pe)
    if inner_close is None or text[inner_close] not in CLOSE_DQ:
        return None
    closers = CLOSE_DQ if outer in OPEN_DQ else '"'
    nxt = _next_mark(text, inner_close + 1, pe)
    return inner_close if nxt is not None and text[nxt] in closers else None


def _next_mark(text: str, a: int, b: int) -> int | None:
    """Where the first double quotation mark (opening, closing or straight) in text[a:b] is."""
    return next((k for k in range(a, b) if text[k] in CLOSE_DQ or text[k] in OPEN_DQ or text[k] == '"'), None)


def _closing_mark(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can only close a quotation: a closing curly mark, or a
    straight one right after punctuation ('wrong," she' / 'wrong, " she') and not before a word."""
    ch = text[i]
    if ch in CLOSE_DQ:
        return True
    if ch != '"':
        return False
    before = text[max(0, i - 2):i].rstrip(" ")
    after = text[i + 1:i + 2]
    return bool(before) and before[-1] in ",.!?;:\u2014\u2013-" and (not after or not after.isalnum())


def _unmarked_run(text: str, paras: list[tuple[int, int]], n: int) -> tuple[int, int] | None:
    """(paragraph index, mark position) when paragraphs n, n+1, … (three at most) carry no
    quotation mark until one whose first mark only closes a quotation; else None."""
    for k in range(n, min(n + 3, len(paras))):
        ps, pe = paras[k]
        marks = [i for i in range(ps, pe) if text[i] in OPEN_DQ or text[i] in CLOSE_DQ or text[i] == '"']
        if not marks:
            continue
        return (k, marks[0]) if _closing_mark(text, marks[0]) else None
    return None


def _spans_in(text: str, a: int, b: int, chain: int) -> list[QSpan]:
    """Double-quoted pieces inside text[a:b] (one paragraph), numbered after ``chain``; an
    unclosed one ends at ``b``."""
    out = []
    open_at = None
    for i in range(a, b):
        ch = text[i]
        if open_at is None and (ch in OPEN_DQ or ch == '"'):
            open_at = i
            chain += 1
        elif open_at is not None and (ch in CLOSE_DQ or ch == '"'):
            out.append(QSpan(open_at, i + 1, open_at + 1, i, chain, True))
            open_at = None
    if open_at is not None:
        out.append(QSpan(open_at, b, open_at + 1, b, chain, False))
    return out


_SQ_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))['\u2018](?=[A-Za-z0-9])")
_SQ_CLOSE = re.compile(r"(?<=\S)\s?['\u2019](?=$|[\s,.;:!?)\]—–-])")


def _single_quote_spans(text: str, dq: list[QSpan], chain0: int) -> list[QSpan]:
    """Single-quoted passages of three to sixty words within one paragraph, outside double quotes."""
    out: list[QSpan] = []
    chain = chain0
    for ps, pe in paragraphs(text):
        para = text[ps:pe]
        pos = 0
        while True:
            m = _SQ_OPEN.search(para, pos)
            if not m:
                break
            start = ps + m.start()
            if any(s.start <= start < s.end for s in dq):
                pos = m.end()
                continue
            c = _SQ_CLOSE.search(para, m.end())
            if not c:
                break
            inner = para[m.end():c.start()]
            close_at = ps + c.end()
            nwords = len(inner.split())
            if 3 <= nwords <= 60 and "\u201c" not in inner and '"' not in inner:
                out.append(QSpan(start, close_at, ps + m.end(), ps + c.start(), chain, True, True))
                chain += 1
                pos = c.end()
            else:
                pos = m.end()
    return out
