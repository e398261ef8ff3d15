"""Times of day as claims: "the shooting happened about 6:15 p.m." is a claim of kind
``time`` (unit :data:`~storylens.text.clock.CLOCK_UNIT`, value the hour after midnight) about
what happened then ("the shooting happened"), lined up across reports like the figures."""
from __future__ import annotations

from typing import Any, Iterable

from ..model import Claim, Document
from ..text.clock import CLOCK_UNIT, find_times
from ..text.quotation import quote_spans
from ..text.tokens import first_at
from .numbers import per_document

PHRASE_TOKENS = 6  # the longest subject or object taken into the phrase of what happened
_SUBJECTS = ("nsubj", "nsubjpass", "expl")
_OBJECTS = ("dobj", "attr")


def _short(tok: Any) -> str | None:
    """The phrase a subject or object token heads, when it is short; its first word in lower
    case unless it is a name."""
    words = list(tok.subtree)
    if len(words) > PHRASE_TOKENS:
        return None
    if any(w.is_punct and w.text not in ("'", "’") for w in words):
        return None
    first, text = words[0], tok.doc[words[0].i:words[-1].i + 1].text
    return text if first.pos_ == "PROPN" or first.text.isupper() else text[:1].lower() + text[1:]


def happening(sp: Any, char: int) -> str | None:
    """What happened at the time at ``char``: the clause it belongs to, as subject, verb (with
    its auxiliaries and particle) and a short object ("police arrived", "shots were fired", "the
    fire broke out", "officers found the man"); None when the time stands in no clause."""
    i = first_at(sp, char)
    if i >= len(sp):
        return None
    tok = sp[i]
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
    if subj is None:
        return None
    subject = _short(subj)
    if subj.left_edge.idx <= char < subj.right_edge.idx + len(subj.right_edge):
        return None  # the time is part of the subject ("the 9 p.m. ferry left")
    if subject is None or subj.pos_ == "PRON":
        return None
    verb = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i] + [tok] + \
        [c for c in tok.children if c.dep_ == "prt"]
    words = [subject, " ".join(w.text for w in sorted(verb, key=lambda w: w.i))]
    obj = next((c for c in tok.children if c.dep_ in _OBJECTS), None)
    if obj is not None and obj.i > tok.i and not obj.left_edge.idx <= char < obj.right_edge.idx + len(obj.right_edge):
        said = _short(obj)
        if said:
            words.append(said)
    return " ".join(words)


def extract_times(doc: Document, sp: Any) -> list[Claim]:
    """Every time of day in one document, as a claim with its qualifier and what happened then."""
    text = doc.text
    found = list(find_times(text))
    if not found:
        return []
    quotes = [(q.start, q.end) for q in quote_spans(text)]
    out: list[Claim] = []
    for t in found:
        i = first_at(sp, t.at)
        if i >= len(sp):
            continue
        sent = sp[i].sent
        out.append(Claim(doc=doc.id, start=t.start, end=t.end, text=text[t.start:t.end], value=t.hours,
                         unit=CLOCK_UNIT, qualifier=t.qualifier, kind="time",
                         in_quote=any(a <= t.at < b for a, b in quotes), sentence=sent.text,
                         sentence_start=sent.start_char, subject=happening(sp, t.at)))
    return out


def extract_all(documents: Iterable[Document], parsed: dict[str, Any]) -> list[Claim]:
    """Time-of-day claims of every parsed document, in document order."""
    return per_document(documents, parsed, extract_times)
