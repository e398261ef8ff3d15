"""People counted one by one: "a 17-year-old boy was killed", "Jon Doe died", "the shooting
death of Jon Doe", and lists of parts such as "a man, two women and a child were killed".

A report often never states its toll as a number: it names or describes each person and what
happened to them. This module reads those mentions from the spaCy parse and returns them as
:class:`~storylens.model.Claim` objects of kind "quantity", unit "person":

- one claim per person mention, value 1, ``basis="person"``, ``subject`` a key for the person
  (the surname, or "age noun" for a description) so that mentions of one person count once;
- one claim per coordinated list whose members can all be counted ("a man, two women and a
  child", "both teens"), value the sum, ``basis="parts"``.

The outcome is read from the predicate: killed (kill, die, murder, dead, fatally shot, the death
of), injured (wound, injure, hurt, graze, with a gunshot wound) or shot (shot, with no outcome
said). Only events that happened count: no negation, no modal or infinitive ("threatened to kill
him"), no "when" or "if" clause.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..model import Claim, Document
from .numbers import UNITS_W, per_document
from ..lang.en.harm import DEATH_TOLL_WORDS
from ..lang.en.quantities import PERSON_NOUNS, SCOPE_WORDS

_SCOPES = dict(SCOPE_WORDS)
KILL = {w for w in _SCOPES["killed"] if w not in DEATH_TOLL_WORDS}
INJURE = {w for w in _SCOPES["injured"] if w not in ("hospital", "treat", "injury")}
HARM_NOUNS = {"injury", "wound"}  # "with a gunshot wound", "suffered injuries"
from ..lang.en.harm import VICTIM_DEATH_NOUNS as DEATH_NOUNS
NAME_ENTS = {"PERSON", "ORG", "NORP", ""}  # the small tagger often takes a surname for an organisation
from ..lang.en.stopwords import MODALS, REFLEXIVE
AGE_RE = re.compile(r"\b(\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ](?:year|month)s?[- ]old\b", re.I)
NUM_WORDS = {**{w: v for w, v in UNITS_W.items() if v}, "both": 2}


def _lemma(t: Any) -> str:
    return (t.lemma_ or t.text).lower()


def _happened(v: Any) -> bool:
    """Is a predicate an event that took place (not negated, not modal, not an infinitive or
    a condition)?"""
    for ch in v.children:
        if ch.dep_ == "neg" or (ch.dep_ == "aux" and _lemma(ch) in MODALS) or \
                (ch.dep_ == "aux" and ch.lower_ == "to") or (ch.dep_ == "mark" and ch.lower_ in ("if", "when", "unless")):
            return False
        if ch.dep_ in ("advmod", "mark") and ch.lower_ in ("when", "whenever", "if") and v.tag_ in ("VBZ", "VBP"):
            return False  # "when a boy dies on these streets": what happens, not what happened
    if v.dep_ == "xcomp" and any(c.lower_ == "to" for c in v.children):
        return False
    return True


def _outcome(v: Any) -> str | None:
    """killed | injured | shot for a predicate word, or None."""
    lem = _lemma(v)
    if v.pos_ in ("VERB", "ADJ", "AUX"):
        if lem in ("shoot", "gun"):
            mods = {_lemma(c) for c in v.children} | {_lemma(g) for c in v.children if c.dep_ == "prep"
                                                      for g in c.children}
            if mods & {"fatally", "dead", "death", "kill"}:
                return "killed"
            return "shot"
        if lem in KILL or lem in ("dead", "deceased"):
            return "killed"
        if lem in INJURE or lem in ("wounded", "injured"):
            return "injured"
    return None


def _subject(v: Any) -> Any | None:
    """The person a predicate happened to: the passive subject, the subject of "die" or of
    "be dead", the object of an active verb ("killing Jon Doe"), the noun a participle
    describes ("a man killed in ..."), the antecedent of "who"."""
    passive = any(c.dep_ == "auxpass" for c in v.children) or v.tag_ == "VBN" and v.dep_ in ("acl", "conj")
    for c in v.children:
        if c.dep_ == "nsubjpass":
            return c
    lem = _lemma(v)
    if v.pos_ == "ADJ" or lem in ("die", "perish"):
        for c in v.children:
            if c.dep_ == "nsubj":
                return c
        h = v.head
        if v.dep_ in ("acomp", "oprd", "xcomp", "advcl") and h is not v:
            for c in h.children:
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c is not v:
                    return c
    if v.tag_ == "VBN" and v.dep_ == "acl":
        return v.head
    if not passive:
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        if obj is not None:
            if obj.lower_ in ("himself", "herself", "themselves"):
                return next((c for c in v.children if c.dep_ == "nsubj"), None)
            return obj
    if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
        return _subject(v.head)
    return None


def _harm_noun_subject(n: Any) -> tuple[str, Any] | None:
    """"the death of Jon Doe", "Doe's death", "a boy with a gunshot wound", "suffered injuries"."""
    lem = _lemma(n)
    if lem in DEATH_NOUNS:
        for c in n.children:
            if c.dep_ == "poss":
                return "killed", c
            if c.dep_ == "prep" and c.lower_ == "of":
                ob = next((g for g in c.children if g.dep_ == "pobj"), None)
                if ob is not None:
                    return "killed", ob
        return None
    if lem in HARM_NOUNS:
        h = n.head
        if n.dep_ == "pobj" and h.lower_ == "with" and h.head.pos_ in ("NOUN", "PROPN"):
            return "injured", h.head
        if n.dep_ == "dobj" and _lemma(h) in ("suffer", "sustain", "have", "receive") and _happened(h):
            s = next((c for c in h.children if c.dep_ == "nsubj"), None)
            if s is not None:
                return "injured", s
    return None


def _own_outcome(t: Any, outcome: str) -> bool:
    """Does a member of a list have another outcome of its own ("5 people injured and 1 person
    dead": the dead are not among the injured)?"""
    return any(c.dep_ in ("acl", "amod", "relcl", "advcl") and _outcome(c) not in (None, outcome) for c in t.children)


def _count(t: Any) -> int | None:
    """How many people one member of a list names: "two women" 2, "a man" 1, "Jon Doe" 1,
    "both teens" 2; None for an uncounted plural ("victims") or a word that names no person."""
    if t.pos_ == "PROPN" and t.ent_type_ in NAME_ENTS and t.text[:1].isupper() and not t.text.isupper():
        return 1  # a name that is killed or wounded is a person's, whatever label the tagger gave it
    if t.pos_ != "NOUN" or _lemma(t) not in PERSON_NOUNS:
        return None
    for c in t.children:
        if c.dep_ in ("nummod", "det", "predet", "quantmod") and c.lower_ in NUM_WORDS:
            return NUM_WORDS[c.lower_]
        if c.dep_ == "nummod" and c.text.isdigit():
            return int(c.text)
    if t.tag_ == "NN":
        return 1
    return None


def _np_span(t: Any) -> tuple[int, int]:
    """Character span of a noun phrase without its relative clauses and trailing appositions."""
    left = t.left_edge
    toks = [x for x in t.subtree if x.i <= t.i or x.dep_ in ("compound", "flat")]
    if t.pos_ == "PROPN" and t.ent_type_ in NAME_ENTS:
        ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
        if ent is not None:
            lo = min(left.i, ent.start) if left.i >= t.i - 6 else ent.start
            return t.doc[lo].idx, ent.end_char
    start = min(x.idx for x in toks)
    last = max(toks, key=lambda x: x.i)
    return start, last.idx + len(last.text)


def _key(t: Any) -> tuple[str, bool]:
    """(identity key, is it a new person): a surname, or age and noun of an indefinite
    description; a definite description ("the victim") refers back."""
    if t.pos_ == "PROPN" and t.ent_type_ in NAME_ENTS:
        ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
        words = [x.text for x in ent if x.is_alpha and len(x.text) > 1] if ent is not None else [t.text]
        return "name:" + " ".join(words or [t.text]).lower(), True
    text = t.doc[t.left_edge.i:t.i + 1].text
    age = AGE_RE.search(text)
    dets = {c.lower_ for c in t.children if c.dep_ in ("det", "poss", "nummod")}
    new = bool(dets & {"a", "an", "another", "one"}) or (age is not None and not dets & {"the", "his", "her", "their"})
    return f"{age.group(1).lower() if age else '?'} {_lemma(t)}", new


def extract_people(doc: Document, sp: Any) -> list[Claim]:
    """Person mentions and counted lists of one report (see the module docstring)."""
    out: list[Claim] = []
    seen: set[tuple[int, str]] = set()
    for v in sp:
        got: tuple[str, Any] | None = None
        if v.pos_ in ("VERB", "ADJ", "AUX"):
            oc = _outcome(v)
            if oc is not None and _happened(v):
                s = _subject(v)
                if s is not None:
                    got = (oc, s)
        elif v.pos_ == "NOUN":
            got = _harm_noun_subject(v)
        if got is None:
            continue
        outcome, who = got
        if who.dep_ in ("nsubj", "nsubjpass") and who.lower_ in ("who", "that") and who.head.dep_ == "relcl":
            who = who.head.head
        members = [who] + [c for c in who.conjuncts if c.i > who.i and not _own_outcome(c, outcome)
                           and not (v.dep_ in ("acl", "amod") and v.head.i == who.i)]  # "four people injured and one man dead"
        counts = [_count(m) for m in members]
        if counts[0] is None or (outcome, who.i) in seen:
            continue
        seen.add((outcome, who.i))
        sent = who.sent
        base = dict(doc=doc.id, unit="person", scope=outcome, kind="quantity", sentence=sent.text,
                    sentence_start=sent.start_char)
        if len(members) > 1 and all(c is not None for c in counts):
            s0, _ = _np_span(members[0])
            _, e1 = _np_span(members[-1])
            out.append(Claim(start=s0, end=e1, text=doc.text[s0:e1], value=sum(counts), basis="parts", **base))
        for m, n in zip(members, counts):
            if n != 1 or not _happened(v):
                continue
            key, new = _key(m)
            s0, e0 = _np_span(m)
            if e0 - s0 > 80:
                continue
            out.append(Claim(start=s0, end=e0, text=doc.text[s0:e0], value=1, basis="person",
                             subject=key if new else "~" + key, **base))
        if len(members) == 1 and counts[0] and counts[0] > 1 and any(
                c.lower_ == "both" for c in who.children):
            s0, e0 = _np_span(who)
            out.append(Claim(start=s0, end=e0, text=doc.text[s0:e0], value=counts[0], **base))
    return out


def _died_later(v: Any, who: Any) -> bool:
    """Is a death told of someone described as wounded in the event, a death after the event
    ("a man wounded in the shooting died Monday", "the man who was shot on Friday has died")?
    A person described as shot died later only when the death is told in the present perfect
    ("a man who was shot died at the scene" is a death in the event)."""
    if v.pos_ != "VERB" or _lemma(v) not in KILL - {"kill", "slay", "murder", "execute"} or not _happened(v):
        return False
    perfect = any(c.dep_ == "aux" and _lemma(c) == "have" for c in v.children)
    return any(c.dep_ in ("acl", "relcl", "amod") and (_outcome(c) == "injured" or _outcome(c) == "shot" and perfect)
               for c in who.children)


def later_deaths(documents: list[Document], parsed: dict[str, Any]) -> dict[str, dict[int, int]]:
    """The people each report says died after the event, of those wounded in it (see
    :func:`_died_later`): report id -> {sentence start: how many}."""
    out: dict[str, dict[int, int]] = {}
    for doc_id, v in _tokens(documents, parsed):
        who = _subject(v) if v.pos_ == "VERB" else None
        if who is not None and who.dep_ in ("nsubj", "nsubjpass") and who.lower_ in ("who", "that") \
                and who.head.dep_ == "relcl":
            who = who.head.head
        n = _count(who) if who is not None else None
        if n and _died_later(v, who):
            out.setdefault(doc_id, {})[who.sent.start_char] = n
    return out


def _reflexive(t: Any) -> bool:
    return t.lower_ in REFLEXIVE


def _own_death(v: Any) -> bool:
    """Does a word tell that someone killed themselves: "killed himself", "fatally shot herself",
    "turned the gun on himself", "took his own life", "died of a self-inflicted wound"?"""
    lem = _lemma(v)
    objs = [c for c in v.children if c.dep_ == "dobj"]
    if lem in KILL and any(_reflexive(o) for o in objs):
        return True
    if lem == "shoot" and any(_reflexive(o) for o in objs):
        return _outcome(v) == "killed"
    if lem == "turn" and any(c.dep_ == "prep" and c.lower_ == "on" and any(_reflexive(g) for g in c.children)
                             for c in v.children):
        return True
    if lem == "take" and any(_lemma(o) == "life" and any(c.lower_ == "own" for c in o.children) for o in objs):
        return True
    if lem in HARM_NOUNS and any(c.lower_.startswith("self") for c in v.subtree):
        return any(_outcome(t) == "killed" for t in v.sent)
    return False


def own_deaths(documents: list[Document], parsed: dict[str, Any]) -> dict[str, set[int]]:
    """The sentences of each report that tell of someone who killed themselves (the shooter of
    a murder-suicide): report id -> their start offsets."""
    out: dict[str, set[int]] = {}
    for doc_id, v in _tokens(documents, parsed):
        if _own_death(v) and _happened(v):
            out.setdefault(doc_id, set()).add(v.sent.start_char)
    return out


def _tokens(documents: list[Document], parsed: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(report id, token) for every token of every parsed report with text."""
    for d in documents:
        sp = parsed.get(d.id)
        for t in (sp if sp is not None and d.text else ()):
            yield d.id, t


def extract_all(documents: list[Document], parsed: dict[str, Any]) -> list[Claim]:
    """People described one by one, as claims of every document, in document order."""
    return per_document(documents, parsed, extract_people)


def _count_of(t: Any) -> int | None:
    """The whole number a token writes as a word or in digits ("four", "4"), or None."""
    return NUM_WORDS.get(t.lower_) or (int(t.text) if t.text.isdigit() else None)


def _partitive_death(v: Any) -> tuple[Any, Any, int, int | None] | None:
    """A death told of some of a group counted before: "one of the four was pronounced dead",
    "two of the victims died": (the partitive's head word, the group's word, how many died, the
    size of the group when the phrase states it)."""
    if _outcome(v) != "killed" or not _happened(v):
        return None
    who = _subject(v)
    if who is None or not who.like_num or who.dep_ not in ("nsubj", "nsubjpass"):
        return None
    of = next((c for c in who.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    k = _count_of(who)
    if group is None or not k or not (group.tag_ in ("NNS", "CD") or group.lower_ in ("them", "those")):
        return None
    n = _count_of(group)
    if n is None:
        num = next((c for c in group.children if c.dep_ == "nummod"), None)
        n = _count_of(num) if num is not None else None
    return who, group, k, n


def deaths_among(documents: list[Document], parsed: dict[str, Any]) -> dict[str, list[tuple[Claim, int | None]]]:
    """The deaths each report tells of some of a group it counted ("one of the four died"):
    report id -> [(a claim of the killed on the partitive, the group's size or None)]."""
    out: dict[str, list[tuple[Claim, int | None]]] = {}
    for doc_id, v in _tokens(documents, parsed):
        got = _partitive_death(v)
        if got is not None:
            who, group, k, n = got
            end = max(t.idx + len(t.text) for t in who.subtree)
            unit = _lemma(group) if group.tag_ == "NNS" else "person"
            c = Claim(doc=doc_id, start=who.idx, end=end, text=who.doc.text[who.idx:end], value=k, unit=unit,
                      scope="killed", kind="quantity", sentence=who.sent.text, sentence_start=who.sent.start_char)
            out.setdefault(doc_id, []).append((c, n))
    return out
