"""Is a figure about the event the reports cover, or about another time or event ("background")?

Read from the figure's own clause in the spaCy parse, not from a list of events:

- a time expression attached to the figure's clause that places it in another period: a bare
  year ("in 2004", "the 2016 homicide count"), a year before the report's own, or a span such
  as "last year", "years ago", "earlier this year", "so far this year", "since 2015";
- a clause that counts over several events: the figure is counted in, or its clause belongs to,
  a plural event noun ("in 17 shootings across the city", "a series of shootings that left
  three dead");
- a clause in the past perfect together with such a time ("had been shot to death earlier this
  year").

A time expression in a nested clause of its own ("the deadliest since 2015", "who was born in
1990") does not move the figure.
"""
from __future__ import annotations

import re
from typing import Any

from .quantity_lexicon import YEAR_EVENTS

YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
MONTH_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)
# spans of time that reach past the event: a count over them is not the event's own
PERIOD_RE = re.compile(r"\b(?:last|previous|prior|past)\s+(?:year|decade|century|years|decades)\b|"
                       r"\b(?:years?|decades?)\s+(?:ago|earlier|before|prior)\b|"
                       r"\b(?:earlier|so\s+far|this|last|previous)\s+(?:this\s+)?year\b|\bthis\s+year\b|"
                       r"\byear[-\s]to[-\s]date\b|\bsince\s+(?:(?:1[89]|20)\d\d|January|the\s+start|the\s+beginning)\b|"
                       r"\b(?:last|previous|prior|earlier|former)\s+(?:attack|bombing|blast|quake|earthquake|"
                       r"incident|shooting|disaster|storm)s?\b|\bin\s+recent\s+years\b", re.I)
EVENT_NOUNS = frozenset(w for w in YEAR_EVENTS if " " not in w) | {"incident", "homicide"}
# dependency links through which a word still belongs to the figure's own clause
ATTACHED = {"prep", "pobj", "npadvmod", "advmod", "compound", "amod", "poss", "nummod", "case", "det",
            "nmod", "quantmod", "pcomp", "tmod", "obl"}


def clause_path(tok: Any) -> list[Any]:
    """The figure's token, its heads up to and including the verb of its clause."""
    path = [tok]
    node = tok
    for _ in range(12):
        if node.head is node:
            break
        node = node.head
        path.append(node)
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass", "amod"):
            break
    return path


def _attached_to(tok: Any, path_ids: set[int]) -> bool:
    """Does a word hang on the figure's clause path without crossing into a clause of its own?"""
    node = tok
    for _ in range(8):
        if node.i in path_ids:
            return True
        if node.dep_ not in ATTACHED or node.head is node:
            return False
        node = node.head
    return False


def _is_period(text: str, pub_year: int | None) -> bool:
    """Does a date expression name a period rather than the event's own day?"""
    if PERIOD_RE.search(text):
        return True
    years = [int(y) for y in YEAR_RE.findall(text)]
    if not years:
        return False
    if not MONTH_RE.search(text):
        return True  # a bare year: a count over a year, or another year's event
    return pub_year is not None and max(years) < pub_year


def background_reason(tok: Any, pub_year: int | None = None) -> str | None:
    """Why the figure whose head is ``tok`` belongs to another time or event, or None."""
    path = clause_path(tok)
    ids = {t.i for t in path}
    sent = tok.sent
    verb = path[-1]
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "EVENT"):
            continue
        if any(t.i in ids for t in ent) and not YEAR_RE.search(ent.text):
            continue
        if _attached_to(ent.root, ids) and _is_period(ent.text, pub_year):
            return f"set in {ent.text}"
    # spans the parser did not tag as a date ("earlier this year", "last year's")
    for m in PERIOD_RE.finditer(sent.text):
        toks = [t for t in sent if sent.start_char + m.start() <= t.idx < sent.start_char + m.end()]
        if toks and any(_attached_to(t, ids) for t in toks if t.pos_ in ("NOUN", "ADJ", "PROPN", "NUM")):
            return f"set in {m.group(0)}"
    # several events: "killed in 17 shootings", "shootings that left three dead"
    for node in path:
        for ch in node.children:
            if ch.dep_ == "prep":
                for ob in ch.children:
                    if ob.dep_ == "pobj" and ob.tag_ == "NNS" and ob.lemma_.lower() in EVENT_NOUNS:
                        return f"counted over several events ({ob.text})"
    if verb.dep_ in ("relcl", "acl") and verb.head.tag_ == "NNS" and verb.head.lemma_.lower() in EVENT_NOUNS:
        return f"counted over several events ({verb.head.text})"
    return None


def pub_year(published: str | None) -> int | None:
    m = re.match(r"(\d{4})", published or "")
    return int(m.group(1)) if m else None


def span_root(sp: Any, start: int, end: int) -> Any | None:
    """The syntactic head of a character span of a parsed document."""
    span = sp.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root
