"""Citations: every source a report attributes information to.

Read per report (:func:`extract_citations`):
- "according to X" (also the typo "according X"): a name, or the noun phrase after it
  ("court records"); "according to a report from X" cites X;
- the subject of a reporting verb: "police said", "the Tribune reports", "X told ...";
- the outlet a statement went through: "told X", "cited by X", "reported by X", "on Twitter";
- agency credits in a dateline ("CITY (Agency) —") and "X contributed to this report";
- speakers and relays of the report's quotes.
"""
from __future__ import annotations

import re
from itertools import chain
from typing import Any, Iterable, Iterator

from ..model import Citation, Document, Quote
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from ..text.tokens import token_at, tokens_from
from .quote_rules import (NOT_RELAYS, PRONOUNS, REPORT_VERBS, SOCIAL, WEAK_REPORT_VERBS,
                          clean_name, clean_relay, is_date_name, name_after, with_article)

from ..lang.en.reporting import SOURCE_NOUNS

from ..lang.en.reporting import MEDIA_WORDS

_RELAYED = re.compile(r"\b(?:reported|cited|quoted|carried|published|broadcast|aired|obtained)[^\S\n]+by[^\S\n]+"
                      r"(?=(?:the[^\S\n]+)?[A-Z])")
_TOLD = re.compile(r"\btold[^\S\n]+(?=(?:the[^\S\n]+)?[A-Z])")
_SOCIAL_RX = re.compile(r"\b(?:on|via|in a post on|in a tweet on)[^\S\n]+(" + SOCIAL + r")\b")
_ACCORDING = re.compile(r"\baccording(?:[^\S\n]+to)?[^\S\n]+", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,60}?\(([A-Za-z][\w .&/-]{0,40})\)\s*[-\u2014\u2013:]", re.M)
_CONTRIB = re.compile(r"\b((?:The[^\S\n]+)?[A-Z][\w.&'-]*(?:[^\S\n]+[A-Z][\w.&'-]*){0,4})[^\S\n]+contributed[^\S\n]+to[^\S\n]+this[^\S\n]+report")


def _np(sp: Any, tok: Any) -> tuple[str, int, int] | None:
    """The noun phrase a token heads, without relative clauses; a source noun followed by
    'from/by/in X' gives X ('a report from the Daily Lantern' -> 'the Daily Lantern')."""
    if tok.lower_ in SOURCE_NOUNS:
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("from", "by", "in", "of", "on")), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if pobj is not None:
            return _np(sp, pobj)
    left = tok.left_edge.i
    right = tok.i
    if tok.pos_ == "NOUN":
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
        if prep is not None:
            right = max(t.i for t in prep.subtree)
    if tok.pos_ == "PROPN":  # the whole name: "Lake County Prosecutor Ada Vorn"
        while right + 1 < len(sp) and sp[right + 1].pos_ == "PROPN" and sp[right + 1].head.i in (tok.i, right):
            right += 1
    span = sp[left:right + 1]
    return span.text, span.start_char, span.end_char


# Each rule yields (name, start, end, kind, phrase start, phrase end) for one kind of citation.
Found = tuple[str, int, int, str, int, int]


def _according_to(text: str, sp: Any) -> Iterator[Found]:
    """'according to X': a name after the phrase, or the noun phrase the parse gives."""
    for m in _ACCORDING.finditer(text):
        after = m.end()
        span = name_after(text, after)
        if span:
            span = with_article(text, span)
            per = next((e for e in sp.ents if e.label_ == "PERSON" and span[0] <= e.start_char < span[1]), None)
            end = min(span[1], per.end_char) if per is not None else span[1]
            last = token_at(sp, end - 1)
            if per is None and last is not None and last.dep_ == "compound" and last.head.i > last.i \
                    and last.head.pos_ == "NOUN":  # 'Lake County court records'
                np_ = _np(sp, last.head)
                if np_:
                    yield clean_name(np_[0]), np_[1], np_[2], "according_to", m.start(), np_[2]
                    continue
            yield clean_relay(text[span[0]:end]), span[0], end, "according_to", m.start(), end
            continue
        tok = next(iter(tokens_from(sp, after)), None)
        if tok is None:
            continue
        head = tok
        while head.head.i != head.i and head.head.i > head.i and head.head.idx < after + 80 \
                and head.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod"):
            head = head.head
        np_ = _np(sp, head)
        if np_:
            yield clean_name(np_[0]), np_[1], np_[2], "according_to", m.start(), np_[2]


def _reporting_subjects(text: str, sp: Any) -> Iterator[Found]:
    """The subject of a reporting verb ('the sheriff's office said')."""
    for tok in sp:
        lem = tok.lemma_.lower()
        if lem not in REPORT_VERBS or lem in WEAK_REPORT_VERBS or not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
        if subj is None or subj.lower_ in PRONOUNS or subj.pos_ == "PRON":
            continue
        np_ = _np(sp, subj)
        if np_:
            nm = clean_name(np_[0])
            if nm:
                yield nm, np_[1], np_[2], "reported" if lem == "report" else "said", np_[1], tok.idx + len(tok.text)


def _relays(text: str, sp: Any) -> Iterator[Found]:
    """'reported by X', 'told X', 'on Twitter'."""
    for rx, kind in ((_RELAYED, "cited_by"), (_TOLD, "told")):
        for m in rx.finditer(text):
            span = name_after(text, m.end())
            if span:
                span = with_article(text, span)
                nm = clean_relay(text[span[0]:span[1]])
                if nm.lower() not in NOT_RELAYS:
                    yield nm, span[0], span[1], kind, m.start(), span[1]
    for m in _SOCIAL_RX.finditer(text):
        yield m.group(1), m.start(1), m.end(1), "social", m.start(), m.end()


def _credits(text: str, sp: Any) -> Iterator[Found]:
    """Agencies in the opening dateline ('CITY (Agency) —') and 'X contributed to this report'."""
    for m in _DATELINE.finditer(text[:400]):
        for part in re.split(r"[/,]| and ", m.group(1)):
            part = part.strip()
            if part:
                a = text.index(part, m.start(1))
                yield part, a, a + len(part), "credit", m.start(), m.end()
    for m in _CONTRIB.finditer(text):
        yield clean_relay(m.group(1)), m.start(1), m.end(1), "credit", m.start(), m.end()


RULES = (_according_to, _reporting_subjects, _relays, _credits)


def _from_quotes(doc: Document, quotes: Iterable[Quote]) -> Iterator[Found]:
    """The speakers of the report's quotes and the media they came through."""
    for q in quotes:
        if q.doc != doc.id:
            continue
        if q.speaker:
            yield q.speaker, q.start, q.end, "quote", q.start, q.end
        if q.via and q.via.lower() not in MEDIA_WORDS:  # 'in a statement' names no source
            yield q.via, q.start, q.end, "relay", q.start, q.end


def extract_citations(doc: Document, sp: Any, quotes: Iterable[Quote] = ()) -> list[Citation]:
    """All citations of one report, one per cited source (the first place it is cited)."""
    text = doc.text
    found: list[Citation] = []
    for name, _a, _b, kind, pa, pb in chain(*(rule(text, sp) for rule in RULES), _from_quotes(doc, quotes)):
        name = re.sub(r"\s+", " ", name).strip(" ,.;:")
        if not name or name.lower() in PRONOUNS or len(name.split()) > 12 or is_date_name(name):
            continue
        found.append(Citation(doc=doc.id, cites=name, text=text[pa:pb], start=pa, end=pb, kind=kind))
    out: dict[str, Citation] = {}
    for c in sorted(found, key=lambda c: c.start or 0):
        key = re.sub(r"[^a-z0-9]+", " ", c.cites.lower()).strip()
        key = re.sub(r"^the ", "", key)
        if key and key not in out:
            out[key] = c
    return sorted(out.values(), key=lambda c: c.start or 0)


@stage("citations", requires=("documents", "quote_groups"), provides=("citations",))
def run(state: EventState) -> dict[str, list]:
    """The citations of every report (who each report credits), its quotes' relays included."""
    parsed = state.parsed()
    quotes: list[Quote] = [q for g in state.sections.get("quote_groups") or [] for q in g.quotes]
    citations: list[Citation] = []
    for d in state.documents:
        citations.extend(extract_citations(d, parsed[d.id], quotes))
    return {"citations": citations}
