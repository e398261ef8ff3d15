"""Event stage 'quotes': direct, partial and indirect quotations, their speakers and relays,
grouped across reports with the word-level changes between versions.

Per report (:func:`extract_quotes`):
1. quotation pieces come from :func:`quote_rules.quote_spans` (multi-paragraph quotations are
   one chain of pieces); one or two quoted words are scare quotes, quoted words between parts
   of a name are nicknames, short title-case phrases are titles: none of them are quotes;
2. each chain's attribution is read from the clause after it ("…," Varga told the Tribune),
   else the clause before it (Okafor said Monday was "…"): a reporting verb and its subject,
   "according to X", or the inverted "said Chief X";
   else the subject of whatever verb the quoted words hang on ('Ruiz branded the plan "a
   disaster"'), a dash signature on the line below, or a closing 'Ruiz continued:' line above;
3. the subject becomes a speaker: a PERSON or organisation name with titles stripped, a
   surname expanded to the nearest matching full name (earlier speakers first), a pronoun
   resolved to the nearest named speaker before the pronoun, never one inside quotation marks;
4. a quotation without attribution takes the speaker of the quotation before it in its
   paragraph, or, when it opens its paragraph, the speaker of a quotation ending the
   paragraph before, else the last speaker of the paragraph before;
5. reported speech ("X said that …") becomes ``kind="indirect"`` quotes;
6. quoted words inside a clause governed by a reporting verb ('said the plan was "a disaster"
   for the town') are given as that clause (``partial``), and quoted words a verb says of its
   object ('called the plan "a disaster"') with that object; pieces of one statement in a paragraph
   ('"A," she said. "B."') are one quote from the first mark to the last, where annotated news
   mostly marks them as one (``data/quote_fit.json``, counted by ``bench/fit_quotes.py``);
7. a quotation signed after a dash ('"…" — Ana Ruiz') takes that name; an outlet named as a
   speaker is the relay, a paragraph's dateline names no one; speakers are linked to the
   event's entities (``speaker_entity``); words given twice are given once: direct quotes of one
   speaker that share characters become one, and reported speech inside reported speech of the
   same speaker is left out;
8. a model fitted on annotated news (:mod:`quotes_speaker`, ``data/quote_speaker.json``)
   scores every person or body named near a quotation; its best candidate replaces the
   speaker of steps 2-4 when it scores clearly higher, and names one where they found none.

Across reports (:func:`group_quotes`), quotes whose words match closely (one may be a part of
the other) form a :class:`QuoteGroup`; ``variants`` lists replaced, inserted and cut words.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..model import Document, Entity, Quote, QuoteGroup
from ..nlp import doc_text
from ..text.tokens import first_at, token_at, tokens_from, tokens_within
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from .quote_rules import (ABBREV, CLOSE_DQ, MEDIUM_NOUNS, OPEN_DQ, POSSESSIVES, PRONOUNS, REFLEXIVE, REPORT_VERBS, SOCIAL, TITLES,
                          WEAK_REPORT_VERBS, QSpan, _ends_sentence, bad_speaker, clean_name, dateline_end,
                          find_relay, join_key, medium_issuer, name_after, paragraphs, person_genders, quote_spans, role_head, role_holder,
                          title_only)
from ..lang.en.reporting import LISTEN_VERBS
from .entity_rules import nicknamed
from .quotes_speaker import candidates, choose, mentions as speaker_mentions, same_name

DATA = Path(__file__).resolve().parent.parent / "data"
PERSON_LABELS = {"PERSON"}
RELATIVE = {"who", "which", "that"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}


@dataclass
class Speaker:
    """A resolved speaker mention: where it stands, its name, and whether it is a person."""

    pos: int
    name: str
    person: bool
    para: int
    how: str = ""  # how a quotation's speaker was read: 'named', a pronoun ('he'), 'carried'


def _para_index(paras: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if s <= pos <= e:
            return i
    return -1


def _post_context(text: str, pos: int, para_end: int, names: tuple[tuple[int, int, str], ...] = ()) -> int:
    """End of the clause after a quotation: the next sentence end or quotation outside marks
    (not the marks of a nickname inside a name in ``names``)."""
    i = pos
    while i < para_end:
        ch = text[i]
        if (ch in OPEN_DQ or ch == '"' or ch in CLOSE_DQ) and not any(a <= i < b for a, b, _ in names):
            return i
        if ch in ".!?" and _ends_sentence(text, i):
            return i + 1
        i += 1
    return para_end


def _pre_context(text: str, pos: int, para_start: int, names: tuple[tuple[int, int, str], ...] = ()) -> int:
    """Start of the clause before a quotation: after the previous sentence end or quotation
    (not the marks of a nickname inside a name in ``names``)."""
    i = pos - 1
    while i > para_start:
        ch = text[i]
        if (ch in CLOSE_DQ or ch == '"' or ch in OPEN_DQ) and not any(a <= i < b for a, b, _ in names):
            return i + 1
        if ch in ".!?" and _ends_sentence(text, i):
            return i + 1
        i -= 1
    return para_start


def _ends_in_title(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] ends with an abbreviated title or rank ('the Rev.', 'police Const.')."""
    m = re.search(r"(\S+)\.\s*$", text[a:b])
    return bool(m) and m.group(1).lower() in ABBREV and m.group(1).lower() in TITLES | {"rev", "const", "cst"}


def _is_report_verb(tok: Any, weak_ok: bool) -> bool:
    lem = tok.lemma_.lower()
    if lem not in REPORT_VERBS or (not weak_ok and lem in WEAK_REPORT_VERBS):
        return False
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


_POSSESSOR = re.compile(r"['\u2019]s?(?:\s+[a-z]|$)")  # 'Ruiz's spokesman', 'the Ruizes' aide'


def _name_in(text: str, sp: Any, a: int, b: int) -> tuple[str, bool, int] | None:
    """The speaker named in text[a:b]: (name, is_person, position) or None."""
    seg = text[a:b]
    if not seg.strip():
        return None
    ents = [e for e in sp.ents if a <= e.start_char and e.end_char <= b]
    nicks = nicknamed(text, a, b)
    for e in ents:
        nick = next((n for n in nicks if n[0] <= e.start_char < n[1]), None)
        if nick is not None and not _POSSESSOR.match(text, nick[1]):  # 'Ana "Red" Lopez': one name
            return nick[2], True, nick[0]
        if e.label_ in PERSON_LABELS and not _POSSESSOR.match(text, e.end_char):
            nm = clean_name(e.text)
            if nm and nm[0].isupper() and not title_only(nm) and not title_only(nm.split()[-1]):
                return nm, True, e.start_char  # a name never ends with a rank ('… Police Lt')
    # the first comma-separated chunk is the subject; the rest is apposition
    lead = len(seg) - len(seg.lstrip(" ,;:\u2014\u2013-"))
    chunk = re.split(r",|\s[\u2014\u2013]\s|\s-\s|\bwho\b|\bwhich\b", seg[lead:])[0].strip()
    if not chunk:
        return None
    words = chunk.split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return words[0].lower(), False, a + lead
    if words[0].lower() in PRONOUNS - {"one", "some", "many", "all", "both", "others"}:
        return None  # a clause ('he would never …'), not a name
    for e in ents:
        if e.label_ in ORG_LABELS and e.start_char < a + lead + len(chunk):
            if e.label_ == "NORP" and e.end_char < a + lead + len(chunk.rstrip()):
                continue  # a nationality before a noun ('a Freedonian army spokesman') names no one
            return clean_name(e.text), False, e.start_char
    if len(words) > 8:  # 'a source with knowledge of the talks' -> 'a source'
        chunk = re.split(r"\s(?:with|of|for|at|from|in|on|close to|familiar with)\s", chunk)[0]
        words = chunk.split()
        if len(words) > 8:
            return None
    head = next((t for t in tokens_from(sp, a + lead) if not t.is_punct and not t.is_space), None)
    if head is not None and head.idx < b and head.pos_ in ("VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ"):
        return None  # a clause, not a subject ('smelled smoke and heard shouts')
    chunk = re.split(r"\s(?:with|familiar with|close to|knowledgeable about|briefed on)\s", chunk)[0]
    nm = clean_name(chunk)
    if not nm or title_only(nm) and nm[:1].isupper():
        return None  # a capitalised title alone ('Sgt.'); a role in lower case stays ('the spokeswoman')
    cut = re.match(r"((?:[A-Z][\w.'\u2019-]*\s+)*[A-Z][\w.'\u2019-]*)\s+[a-z]", nm)
    norp = {e.text for e in ents if e.label_ == "NORP"}
    if cut and _POSSESSOR.search(cut.group(1)):  # 'Ostrova's press secretary': a role, not a name
        return nm, False, a + lead
    if cut and cut.group(1) not in norp:  # 'Lena Ostrova of the fraud unit' -> 'Lena Ostrova'
        nm = cut.group(1)
    elif cut:  # 'French army spokesman': a nationality and a role, no name
        return nm, False, a + lead
    if nm[:1].islower():  # 'the base chief known as …', 'the two-term president will …'
        nm = _role_phrase(sp, a + lead, a + lead + len(chunk)) or nm
    caps = [w for w in nm.split() if w[:1].isupper()]
    person = bool(caps) and len(caps) == len(nm.split()) and len(caps) <= 4
    return nm, person, a + lead


def _role_phrase(sp: Any, a: int, b: int) -> str | None:
    """A role phrase in text[a:b] up to its first noun and the nouns right after it, before a
    verb, adverb or other word that ends a noun phrase; None when it holds no noun."""
    toks = [t for t in sp[first_at(sp, a):first_at(sp, b)] if not t.is_space]
    first = next((k for k, t in enumerate(toks) if t.pos_ in ("NOUN", "PROPN")), None)
    if first is None:
        return None
    end = first + 1
    while end < len(toks) and toks[end].pos_ in ("NOUN", "PROPN") or end < len(toks) and toks[end].tag_ == "POS":
        end += 1
    return clean_name(sp[toks[0].i:toks[end - 1].i + 1].text) or None


def _after_title(text: str, a: int, b: int) -> tuple[str, bool, int] | None:
    """The name after the last title or rank in text[a:b] when one to three capitalised words
    end the phrase ('Lake County police Lt. Ana Ruiz' -> 'Ana Ruiz')."""
    words = [(m.group(), m.start()) for m in re.finditer(r"\S+", text[a:b].rstrip(" .!?"))]
    last = max((k for k, (w, _) in enumerate(words) if w.lower().strip(".,") in TITLES
                and w[:1].isupper()), default=None)
    if last is None or not 1 <= len(words) - last - 1 <= 3:
        return None
    rest = words[last + 1:]
    if not all(w[:1].isupper() and w.lower().strip(".,") not in TITLES for w, _ in rest):
        return None
    start = a + rest[0][1]
    return clean_name(text[start:a + rest[-1][1] + len(rest[-1][0])]), True, start


def _attribution(text: str, sp: Any, ctx_a: int, ctx_b: int, after: bool):
    """(speaker name, is_person, position, relay) read from a clause next to a quotation."""
    toks = tokens_within(sp, ctx_a, ctx_b)
    seg = text[ctx_a:ctx_b]
    relay = find_relay(text, ctx_a, ctx_b)
    acc = re.search(r"\baccording\s+(?:to\s+)?", seg)
    verbs = [t for t in toks if _is_report_verb(t, weak_ok=True)]
    if after and not verbs:
        verbs = _speech_verb(text, toks, ctx_a)
    if after:
        verb = verbs[0] if verbs else None
    else:
        verb = verbs[-1] if verbs else None
    if acc and (verb is None or ctx_a + acc.start() < verb.idx):
        stop = re.search(r"[,;:()]|\s[\u2014\u2013-]\s", text[ctx_a + acc.end():ctx_b])
        end = ctx_a + acc.end() + stop.start() if stop else ctx_b
        per = next((e for e in sp.ents if e.label_ in PERSON_LABELS and ctx_a + acc.end() <= e.start_char
                    and e.end_char <= end and not title_only(clean_name(e.text).split()[-1])), None)
        if per is not None:  # 'according to Lake County police Lt. Ana Ruiz'
            return clean_name(per.text), True, per.start_char, relay
        titled = _after_title(text, ctx_a + acc.end(), end)
        if titled is not None:
            return (*titled, relay)
        span = name_after(text, ctx_a + acc.end(), ctx_b)
        if span:
            return clean_name(text[span[0]:span[1]]), True, span[0], relay
        got = _name_in(text, sp, ctx_a + acc.end(), ctx_b)
        if got:
            return (*got, relay)
    if verb is None:
        return None
    if _asked(verb):
        got = _asker(text, sp, verb)
        return (*got, relay) if got is not None else None
    subj_a = ctx_a if after else _clause_start(text, ctx_a, verb.idx)
    got = _subject_of(text, sp, verb, subj_a)
    head = _cue_subject(verb)
    if got is None and not after and head is not verb and head.i < verb.i:
        # 'Ruiz attacked the plan, saying "…"': the participle's subject is its clause's
        got = _subject_of(text, sp, head, head.sent.start_char)
    if got is None and not after and subj_a > ctx_a:  # 'X, head of sales and marketing, told …'
        got = _subject_of(text, sp, verb, ctx_a)
        got = got if got is not None and got[1] else None
    if got is None:
        got = _name_in(text, sp, subj_a, verb.idx)
    if after and (got is None or not got[1]) and verb.lemma_.lower() != "tell":  # 'told X': X listens
        inv = _inverted_person(text, sp, verb, ctx_b)
        if inv is not None:  # '"…," the capital, said one of the leaders, Ana Ruiz'
            got = inv
    if got is None and verb.lemma_.lower() != "tell" and not any(c.dep_ == "dobj" for c in verb.children):
        # inverted: "said Chief Varga", "said the ministry"; words the verb takes as its object
        # ('describe their actions as …') are not its subject
        vend = verb.idx + len(verb.text)
        stop = None
        for m in re.finditer(r"[,.;:!?]|\s(?:in|on|at|during|after|before|from|to|when|as|while)\s",
                             text[vend:ctx_b]):
            if m.group() != "." or _ends_sentence(text, vend + m.start()):
                stop = m  # a period after a title or initial ("Lt.", "J.") goes on
                break
        got = _name_in(text, sp, vend, vend + stop.start() if stop else ctx_b)
    if got is None:
        return None
    if relay and got[0].lower() == relay[0].lower():
        relay = None
    return (*got, relay)


_NOT_SPEAKING = {"GPE", "LOC", "FAC", "NORP", "ORG", "DATE", "TIME"}  # labels that name no speaker


def _speech_verb(text: str, toks: list[Any], ctx_a: int) -> list[Any]:
    """The verb right after a person named just after a quotation that ends with a comma, '?'
    or '!' ('"Go home," Ana Ruiz snapped'): whatever the verb, it says the words. [] else."""
    if not re.search(r"[,?!]\s*[\"\u201d\u2019]\s*$", text[max(0, ctx_a - 4):ctx_a]):
        return []
    words = [t for t in toks if not t.is_space]
    if not words or not (words[0].pos_ == "PROPN" or words[0].lower_ in ("he", "she")):
        return []
    k = 1 if words[0].pos_ != "PROPN" else next((i for i, t in enumerate(words) if t.pos_ != "PROPN"), len(words))
    if k > 4 or k >= len(words) or any(t.ent_type_ in _NOT_SPEAKING for t in words[:k]):
        return []  # a person (or 'he', 'she'), not a place or a body
    verb = words[k]
    return [verb] if verb.pos_ == "VERB" and verb.tag_ in ("VBD", "VBN", "VBZ", "VBP") else []


_DASH_NAME = re.compile(r"[^\S\n]*[\u2015\u2014\u2013-]{1,2}[^\S\n]*((?:[A-Z][\w.'\u2019-]*[^\S\n]+){0,4}[A-Z][\w'\u2019-]*)"
                        r"[^\S\n]*(?:[,.(]|\n|$|(?=[\"\u201c\u201d]))", re.M)


def _dash_attribution(text: str, end: int, para_end: int):
    """A quotation signed after a dash at the end of its paragraph ('"…" — Ana Ruiz, 34'):
    (name, is_person, position, relay) or None."""
    m = _DASH_NAME.match(text, end, para_end)
    if m is None or len(text[m.end(1):para_end]) > 80 and text[m.end():m.end() + 1] not in ('"', "\u201c", "\u201d"):
        return None
    name = m.group(1)
    if title_only(name) or bad_speaker(name) or len(name.split()) < 2:
        return None
    return name, True, m.start(1), None


def _inverted_person(text: str, sp: Any, verb: Any, b: int) -> tuple[str, bool, int] | None:
    """A person named after a reporting verb in its clause with no other verb between
    ('said one of the organisers, Ana Ruiz, in an interview' -> 'Ana Ruiz')."""
    vend = verb.idx + len(verb.text)
    for t in sp[verb.i + 1:]:
        if t.idx >= b or t.text in (".", ";", ":", "!", "?") and _ends_sentence(text, t.idx):
            return None
        if t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ", "PRON") or t.text in ('"', "\u201c", "\u201d"):
            return None
        if t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
            ent = next(e for e in sp.ents if e.start == t.i)
            if ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("with", "to"):
                return None  # 'said in an interview with Ana Ruiz': she listens
            nm = clean_name(ent.text)
            if nm and nm[:1].isupper() and not title_only(nm.split()[-1]) and ent.start_char >= vend \
                    and not re.fullmatch(SOCIAL, nm):  # 'said on Twitter': the network carries it
                return nm, True, ent.start_char
            return None
    return None


def _subject_of(text: str, sp: Any, verb: Any, a: int) -> tuple[str, bool, int] | None:
    """The parsed subject of a reporting verb when it stands in text[a:verb]: a pronoun as
    written, else the name it stands for ('Outside court, Varga said' -> 'Varga')."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not (a <= subj.left_edge.idx and subj.idx < verb.idx):
        return None
    if subj.lower_ in RELATIVE:
        # 'the ministry, which said …': the noun the relative clause hangs on
        if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
            return subj.lower_, False, subj.idx
        subj = verb.head
    elif subj.lower_ in PRONOUNS:
        return subj.lower_, False, subj.idx
    if subj.pos_ != "PROPN" and not any(t.pos_ == "PROPN" for t in subj.subtree):
        return None  # common-noun subjects: the phrase rules read them
    nm = subject_name(sp, subj)
    if not nm or not nm[:1].isupper() or title_only(nm):
        return None
    ent = next((e for e in sp.ents if e.start <= subj.i < e.end), None)
    if ent is not None:
        person = ent.label_ in PERSON_LABELS
    else:
        words = nm.split()
        person = all(w[:1].isupper() for w in words) and len(words) <= 4
    return nm, person, subj.left_edge.idx


def _clause_start(text: str, a: int, verb_at: int) -> int:
    """Where the subject of a verb in text[a:verb_at] starts: after a conjunction or colon."""
    seg = text[a:verb_at]
    m = None
    for m in re.finditer(r"(?:^|\s)(?:but|and|while|as|because|though|although)\s|[:;]", seg):
        pass
    return a + m.end() if m else a


def _looks_like_title(inner: str) -> bool:
    words = inner.split()
    if len(words) > 8 or re.search(r"[.!?,;]", inner.rstrip(".!?")):
        return False
    long = [w for w in words if len(w) > 3]
    return bool(long) and all(w[:1].isupper() for w in long) and len(words) <= 6


def _not_a_quote(text: str, pieces: list[QSpan]) -> bool:
    """Scare quotes (one or two words), nicknames inside names, and quoted titles."""
    inner = " ".join(text[p.inner_start:p.inner_end] for p in pieces).strip()
    words = re.findall(r"[\w'\u2019-]+", inner)
    if len(words) <= 2:
        return True
    if _nickname(text, pieces):
        return True
    return len(pieces) == 1 and _looks_like_title(inner)


def _nickname(text: str, pieces: list[QSpan]) -> bool:
    """Quoted words between parts of a name ('Joseph "Moe" Allen')."""
    inner = " ".join(text[p.inner_start:p.inner_end] for p in pieces).strip()
    words = re.findall(r"[\w'\u2019-]+", inner)
    p0, pl = pieces[0], pieces[-1]
    before = text[max(0, p0.start - 30):p0.start]
    after = text[pl.end:pl.end + 30]
    return len(words) <= 4 and bool(re.search(r"[A-Z][\w.'\u2019-]*\s$", before)) and bool(re.match(r"\s[A-Z]", after))


# dependents of a reporting verb that hold what was said
_CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "attr", "advcl", "parataxis"}


@lru_cache(maxsize=1)
def _clause_cues() -> frozenset[str]:
    """Verb lemmas annotated news marks as cues of statements with quoted words (counted by
    ``bench/fit_quotes.py``)."""
    return frozenset(json.loads((DATA / "quote_fit.json").read_text(encoding="utf-8"))["clause_cues"])


def _named_object(verb: Any, child: Any) -> Any:
    """The object a verb names with the quoted words ('called the plan "a disaster"',
    'described the plan as "a disaster"'): its direct object before ``child`` when ``child``
    (holding the quotation) is the object's predicate or an 'as' phrase; else None."""
    if child.i < verb.i or not (child.dep_ == "oprd" or child.dep_ == "prep" and child.lower_ == "as"):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)


def _embedding_clause(text: str, sp: Any, piece: QSpan) -> tuple[int, int, Any] | None:
    """(start, end, verb) of the reported clause a quotation sits inside ('said the plan was
    "a disaster" for the town' -> 'the plan was "a disaster" for the town'): the dependent of the
    nearest reporting verb above the quoted words whose subtree holds them, when that clause
    holds more than the quotation. None when the quotation stands alone or no reporting verb
    governs it."""
    tok = next((t for t in tokens_from(sp, piece.inner_start) if not t.is_space and not t.is_quote), None)
    if tok is None or tok.idx >= piece.inner_end:
        return None
    child, node = tok, tok.head
    said = _saying_before(sp, piece)
    while node.i != child.i:
        if said is not None and node.i < said.i:
            # the parse hangs the words on a verb further up ('The spot ends with footage of
            # Ruiz saying, "…"'): the reporting verb written just before them says them
            return piece.start, piece.start, said
        cue = _is_report_verb(node, weak_ok=True) or node.pos_ == "VERB" and node.lemma_.lower() in _clause_cues()
        named = _named_object(node, child) if node.pos_ == "VERB" else None
        if named is not None:  # 'called the plan "a disaster"', 'described it as "a disaster"'
            a = named.left_edge.idx
            b = max(child.right_edge.idx + len(child.right_edge.text), piece.end)
            return (a, b, node) if "\n" not in text[a:b] else None
        if cue and child.dep_ == "xcomp" and any(_is_report_verb(a, weak_ok=False) for a in node.ancestors):
            cue = False  # 'said Ruiz will continue to be "…"': the verb above reports the words
        if cue and child.dep_ in _CONTENT_DEPS \
                and (child.i > node.i or child.dep_ == "ccomp"):
            toks = [t for t in child.subtree if not t.is_space]
            # the clause ends at the sentence's end or before a closing attribution
            a = toks[0].idx
            b = toks[-1].idx + len(toks[-1].text)
            if toks[0].dep_ == "mark" and toks[0].head == child:
                a = toks[1].idx if len(toks) > 1 else a
            if a >= piece.start - 1 and b <= piece.end + 2:
                return piece.start, piece.start, node  # the clause is the quotation itself
            if "\n" in text[a:b]:
                return None
            return a, b, node
        child, node = node, node.head
    return None


def _saying_before(sp: Any, piece: QSpan) -> Any:
    """A reporting verb with a subject of its own that introduces a quotation from just before
    it in its sentence ('Ruiz saying during the debate, "…"'): only a comma and words that
    hang on the verb stand between them. None when there is none."""
    first = next(iter(tokens_from(sp, piece.start)), None)
    if first is None or first.i == 0:
        return None
    prev = sp[first.i - 1]
    if prev.text != ",":
        return None
    sent_start = first.sent.start
    for k in range(prev.i - 1, max(sent_start, prev.i - 8) - 1, -1):
        t = sp[k]
        if _is_report_verb(t, weak_ok=False):
            ok = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) \
                and all(sp[j].head.i == t.i or t.is_ancestor(sp[j]) for j in range(k + 1, prev.i))
            return t if ok else None
        if t.is_punct:
            return None
    return None


def _cue_subject(verb: Any) -> Any:
    """The reporting verb whose subject speaks: up through participles and conjoined verbs
    ('Ruiz spoke, saying …', 'Ruiz said … and added …') to the first verb with a subject."""
    v = verb
    for _ in range(6):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
            return v
        if v.dep_ in ("xcomp", "advcl", "conj", "ccomp", "parataxis") and v.head.i != v.i:
            v = v.head
        elif v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            v = v.head.head  # 'began by saying …' 
        elif v.dep_ == "acl" and v.head.dep_ == "dobj" and v.head.head.pos_ == "VERB":
            v = v.head.head  # 'Ruiz issued a statement saying …': who issued it
        else:
            break
    return verb


def _asked(verb: Any) -> bool:
    """Whether a verb says its subject was spoken to ('Ruiz was asked', 'Ruiz was told')."""
    return verb.lemma_.lower() in LISTEN_VERBS and any(c.dep_ == "nsubjpass" for c in verb.children)


def _asker(text: str, sp: Any, verb: Any) -> tuple[str, bool, int] | None:
    """Who spoke to the subject of a passive verb of asking or telling: the name of its 'by'
    phrase ('was asked by the host Ana Ruiz'), else None (the one asked did not say it)."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if obj is None:
        return None
    return _name_in(text, sp, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))


def _outer_report(verb: Any) -> Any:
    """The reporting verb with a subject of its own whose reported clause holds ``verb``
    ('Ruiz said the plan would reiterate …' -> 'said'), or None."""
    head = _cue_subject(verb)
    return next((a for a in verb.ancestors if a is not head and _is_report_verb(a, weak_ok=False)
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in a.children)), None)


def _clause_attribution(text: str, sp: Any, verb: Any):
    """(speaker name, is_person, position, relay) of a reporting verb read from its parse:
    the subject of the verb (or of the verb it hangs on), a pronoun as written; for a passive
    verb of asking, who asked."""
    v = _cue_subject(verb)
    if _asked(v):
        got = _asker(text, sp, v)
        return (*got, None) if got is not None else None
    sent = v.sent
    got = _subject_of(text, sp, v, sent.start_char)
    if got is None:
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        if subj.lower_ in RELATIVE:
            return None
        end = subj.right_edge.idx + len(subj.right_edge.text)
        got = _name_in(text, sp, subj.left_edge.idx, end)
        if got is None and subj.pos_ in ("NOUN", "PROPN"):  # 'Police say …': the body itself
            phrase = sp[subj.left_edge.i:subj.i + 1].text
            got = (clean_name(phrase) or phrase, False, subj.left_edge.idx)
    if got is None:
        return None
    relay = find_relay(text, sent.start_char, sent.end_char)
    if relay and got[0].lower() == relay[0].lower():
        relay = None
    return (*got, relay)


def _governing_attribution(text: str, sp: Any, piece: QSpan, post_b: int, quoted: list[tuple[int, int]]):
    """The subject of the verb the quoted words hang on, whatever the verb ('Ana Ruiz branded
    the plan "a disaster"'), or of a verb right after the quotation with its subject between
    ('"Why now?" Ruiz demanded'): (name, is_person, position, relay) when that subject is a
    name or a personal pronoun, else None."""
    tok = next((t for t in tokens_from(sp, piece.inner_start) if not t.is_space and not t.is_quote), None)
    if tok is None or tok.idx >= piece.inner_end:
        return None
    verbs = []
    node = tok
    while node.head.i != node.i:
        node = node.head
        if node.pos_ == "VERB" and not piece.start <= node.idx < piece.end:
            verbs.append(node)
    verbs += [t for t in tokens_within(sp, piece.end, post_b) if t.pos_ == "VERB"][:1]
    for verb in verbs:
        got = _clause_attribution(text, sp, verb)
        if got is None or any(a <= got[2] < b for a, b in quoted):
            continue  # a subject inside quotation marks is quoted, not speaking
        name = got[0]
        if name.lower() in PRONOUNS:
            return got if name.lower() in ("he", "she", "they", "it") else None
        return got if name[:1].isupper() and not bad_speaker(name) else None
    return None

def _settle(name: str, person: bool, pos: int, sp: Any) -> tuple[str, bool] | None:
    """A speaker as reported: a medium ('the statement said') becomes its issuer, a role noun
    ('the sheriff said') the one person named earlier with that role, else the role phrase;
    pronouns, generic nouns, dates, fragments and a paragraph's dateline ('CITY, Region (Agency)
    —') name no one (None)."""
    text = doc_text(sp)
    at = text.find(name, pos, pos + 200) if name else -1
    if at >= 0 and dateline_end(text, at) > at:
        return None
    words = name.split()
    head = words[-1].lower().strip(".,") if words else ""
    if head in MEDIUM_NOUNS and words[-1][:1].islower():  # 'the statement', 'the joint statement'
        issuer = medium_issuer(sp, head, pos)
        if issuer and not bad_speaker(issuer):
            return issuer, False
        # no issuer written: the medium itself ('the email said'), never one owned ('its website')
        owned = words[0].lower() in POSSESSIVES or _POSSESSOR.search(name)
        return (name.rstrip(".,"), False) if not owned and len(words) <= 4 else None
    role = role_head(name)
    if role:
        holder = role_holder(sp, role, pos)
        if holder:
            return holder, True
    if bad_speaker(name) or re.fullmatch(SOCIAL, name):
        return None  # a network carries words; it says none
    return name, person


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink [a, b) past spaces and a trailing comma."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def _doc_speakers(text: str, sp: Any, paras: list[tuple[int, int]]) -> list[Speaker]:
    """Named subjects of reporting verbs anywhere in the report (for pronouns and quotes that
    stand alone in their paragraph)."""
    out = []
    for tok in sp:
        if not _is_report_verb(tok, weak_ok=False):
            continue
        for c in tok.children:
            if c.dep_ not in ("nsubj", "nsubjpass") or c.lower_ in PRONOUNS:
                continue
            ent = next((e for e in sp.ents if e.start <= c.i < e.end), None)
            if ent is not None and ent.label_ in PERSON_LABELS:
                out.append(Speaker(ent.start_char, clean_name(ent.text), True, _para_index(paras, c.idx)))
            elif ent is not None and ent.label_ in ORG_LABELS:
                out.append(Speaker(ent.start_char, clean_name(ent.text), False, _para_index(paras, c.idx)))
            elif c.pos_ == "PROPN":
                left = c.left_edge.i
                nm = clean_name(sp[left:c.i + 1].text)
                out.append(Speaker(sp[left].idx, nm, nm[:1].isupper(), _para_index(paras, c.idx)))
    return [s for s in out if not bad_speaker(s.name)]


def subject_name(sp: Any, subj: Any) -> str:
    """The name a reporting verb's subject stands for: a PERSON or organisation name, or the
    noun phrase up to its head, extended by an 'of'/'for' phrase after a role noun
    ('head of the Northern Weather Bureau'); titles are stripped."""
    ent = next((e for e in sp.ents if e.start <= subj.i < e.end), None)
    if ent is not None and ent.label_ in PERSON_LABELS | ORG_LABELS and subj.pos_ == "PROPN":
        return clean_name(ent.text)
    left = subj.left_edge.i
    right = subj.i
    if subj.pos_ == "NOUN":
        prep = next((c for c in subj.rights if c.dep_ == "prep" and c.lower_ in ("of", "for", "at")), None)
        if prep is not None:
            right = max(t.i for t in prep.subtree)
    words = sp[left:right + 1]
    if subj.pos_ == "NOUN":  # 'Ruiz's spokesman, Ana Lund, said': the apposition names the speaker
        appos = next((e for c in subj.rights if c.dep_ == "appos"
                      for e in sp.ents if e.label_ == "PERSON" and e.start <= c.i < e.end), None)
        nicks = nicknamed(doc_text(sp), subj.sent.start_char, subj.sent.end_char)
        named = next((n[2] for c in subj.rights if c.dep_ == "appos" for n in nicks
                      if c.left_edge.idx <= n[0] < c.right_edge.idx + len(c.right_edge.text)), None)
        if named is not None:  # 'Ruiz's aide, Ana "Red" Lopez, said'
            return named
        if appos is not None:
            return clean_name(appos.text)
    pers = [e for e in sp.ents if e.label_ == "PERSON" and left <= e.start <= right]
    # a possessor ('Ruiz's spokesman') is whose the speaker is, not the speaker
    own = [e for e in pers if not (subj.pos_ == "NOUN" and e.root.dep_ == "poss" and e.root.i < subj.i)]
    if own:
        return clean_name(own[0].text)
    return clean_name(words.text)


def _full_names(text: str, sp: Any) -> list[tuple[int, str]]:
    """(position, name) of every multi-word PERSON name in the report."""
    out = []
    for e in sp.ents:
        if e.label_ in PERSON_LABELS:
            nm = clean_name(e.text)
            if len(nm.split()) >= 2:
                out.append((e.start_char, nm))
    return out


def _expand(name: str, pos: int, speakers: list[Speaker], full: list[tuple[int, str]],
            entity_names: list[str]) -> str:
    """A lone surname becomes the nearest matching full name: earlier speakers first, then
    earlier mentions, then later ones, then the event's entities."""
    if " " in name or not name[:1].isupper():
        return name
    for part in (lambda n: n.split()[-1].lower(), lambda n: n.split()[0].lower()):
        cands = [s for s in speakers if s.pos < pos and " " in s.name and part(s.name) == name.lower()]
        if cands:
            return max(cands, key=lambda s: s.pos).name
        before = [(p, n) for p, n in full if p < pos and part(n) == name.lower()]
        if before:
            return max(before)[1]
        after = [(p, n) for p, n in full if p >= pos and part(n) == name.lower()]
        if after:  # named in full only later: by one person only, or it stays as written
            return min(after)[1] if len({n for _, n in after}) == 1 else name
        ents = {n for n in entity_names if " " in n and part(n) == name.lower()}
        if len(ents) == 1:
            return ents.pop()
    return name


def _nearest_named(speakers: list[Speaker], pos: int, person: bool, pronoun: str = "",
                   genders: dict[str, str] | None = None) -> Speaker | None:
    """The nearest earlier named speaker (persons first for 'he'/'she'), skipping one known
    to take the other pronoun."""
    before = [s for s in speakers if s.pos < pos and s.name.lower() not in PRONOUNS]
    if pronoun in ("he", "she") and genders:
        want = "m" if pronoun == "he" else "f"
        before = [s for s in before if genders.get(s.name.split()[-1].lower(), want) == want]
    if pronoun == "it":  # 'it' is never a person
        before = [s for s in before if not s.person and s.name[:1].isupper()
                  and s.name.split()[0].lower() not in ("his", "her", "their", "my", "our", "a", "an", "the")]
    if person:
        pref = [s for s in before if s.person]
        before = pref or before
    return max(before, key=lambda s: s.pos) if before else None


def _person_subjects(sp: Any, paras: list[tuple[int, int]]) -> list[Speaker]:
    """Persons named as the subject of any verb: candidates for a 'he said' / 'she said' in
    the same or the next paragraph ('Judge Lenz ruled …. "…," he said.')."""
    out = []
    for e in sp.ents:
        if e.label_ in PERSON_LABELS and (e.root.dep_ in ("nsubj", "nsubjpass") or e.root.dep_ == "appos"
                                          and e.root.head.dep_ in ("nsubj", "nsubjpass")):
            nm = clean_name(e.text)
            if nm and nm[:1].isupper() and not title_only(nm.split()[-1]):
                out.append(Speaker(e.start_char, nm, True, _para_index(paras, e.start_char)))
    for tok in sp:  # names the model left untagged: 'Professor Lund warns …'
        if tok.dep_ == "nsubj" and tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON") \
                and not any(s.pos <= tok.idx < s.pos + len(s.name) + 40 for s in out):
            nm = clean_name(sp[tok.left_edge.i:tok.i + 1].text)
            words = nm.split()
            if words and len(words) <= 4 and all(w[:1].isupper() for w in words) and not title_only(words[-1]):
                out.append(Speaker(tok.idx, nm, True, _para_index(paras, tok.idx)))
    return out


@dataclass
class _Report:
    """One report as the attribution rules read it, and the speakers found so far."""

    doc: Document
    sp: Any
    text: str
    paras: list[tuple[int, int]]
    entity_names: list[str]
    doc_speakers: list[Speaker]
    genders: dict[str, str]
    subjects: list[Speaker]
    mentions: list[Speaker]
    full: list[tuple[int, str]]
    resolved: list[Speaker]  # speakers of quotes so far, in order
    prev_chain: tuple[int, Speaker | None] | None = None  # (paragraph, speaker) of the last chain
    prev_end: int = -1  # where the last quotation ended
    prev_closed: bool = True  # whether it ended with a closing mark
    quoted: list[tuple[int, int]] = field(default_factory=list)  # quotation spans (with marks)
    nicks: tuple[tuple[int, int, str], ...] = ()  # names with a quoted nickname inside them
    cands: Any = None  # the report's candidate speaker mentions (quotes_speaker.Mentions)
    how: str = ""  # how the last chain's attribution was read (see Speaker.how)


def _read_report(doc: Document, sp: Any, entities: list[Entity] | None) -> _Report:
    text = doc.text
    paras = paragraphs(text)
    entity_names = [e.name for e in (entities or []) if e.type == "PERSON"
                    and any(m.doc == doc.id for m in e.mentions)]
    mentions = [Speaker(e.start_char, clean_name(e.text), True, _para_index(paras, e.start_char))
                for e in sp.ents if e.label_ in PERSON_LABELS and clean_name(e.text)[:1].isupper()
                and not title_only(clean_name(e.text))]
    r = _Report(doc=doc, sp=sp, text=text, paras=paras, entity_names=entity_names,
                doc_speakers=_doc_speakers(text, sp, paras), genders=person_genders(sp),
                subjects=_person_subjects(sp, paras), mentions=mentions, full=_full_names(text, sp),
                resolved=[], nicks=tuple(nicknamed(text)))
    for s in r.doc_speakers:
        s.name = _expand(s.name, s.pos, [], r.full, entity_names)
    return r


def extract_quotes(doc: Document, sp: Any, entities: list[Entity] | None = None,
                   record: list | None = None) -> list[Quote]:
    """All direct, partial and indirect quotes of one report with speakers and relays;
    ``record`` (a list) receives each quotation's candidate speakers and their features."""
    r = _read_report(doc, sp, entities)
    text = r.text
    chains: dict[int, list[QSpan]] = {}
    for s in quote_spans(text):
        chains.setdefault(s.chain, []).append(s)
        r.quoted.append((s.start, s.end))
    r.cands = speaker_mentions(text, sp, r.paras, r.quoted, r.genders, r.nicks)
    quotes: list[Quote] = []
    clause_quotes: set[int] = set()  # starts of quotes given as their reported clause
    for key in sorted(chains, key=lambda k: chains[k][0].start):
        pieces = chains[key]
        emb = _embedding_clause(text, sp, pieces[0]) if len(pieces) == 1 and not _nickname(text, pieces) else None
        cue_verb = emb[2] if emb else None
        if emb is not None and emb[0] == emb[1]:
            emb = None  # the verb's whole complement is the quotation: a quote as written
        if emb is None and _not_a_quote(text, pieces):
            continue
        speaker, relay = _chain_speaker(r, pieces, emb, cue_verb)
        speaker = _model_speaker(r, pieces, speaker, record)
        r.prev_chain = (_para_index(r.paras, pieces[-1].end - 1), speaker)
        r.prev_end = pieces[-1].end
        r.prev_closed = pieces[-1].closed
        name = speaker.name if speaker else None
        via = relay[0] if relay else None
        if emb is not None:
            if any(q.start == emb[0] and q.end == emb[1] for q in quotes):
                continue  # a second quotation inside the same clause
            clause_quotes.add(emb[0])
            quotes.append(Quote(doc=doc.id, start=emb[0], end=emb[1], text=text[emb[0]:emb[1]],
                                speaker=name, via=via, partial=True, kind="direct"))
            continue
        for p in pieces:
            a, b = _trim(text, p.inner_start, p.inner_end)
            if b <= a:
                continue
            quotes.append(Quote(doc=doc.id, start=a, end=b, text=text[a:b], speaker=name, via=via,
                                partial=text[a].islower(), kind="direct"))
    quotes = _merge_overlaps(text, _join_pieces(text, quotes, clause_quotes))
    quotes.extend(_outermost(_indirect(doc, sp, chains, r.resolved + r.doc_speakers, r.full, r.entity_names)))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _closes_sentence(text: str, piece: QSpan) -> bool:
    """Whether a quotation piece ends its sentence: a period inside its closing mark and a
    capitalised word after it ('"… next door." Ruiz insisted …' but not '"… door," Ruiz said')."""
    inner = text[piece.inner_start:piece.inner_end].rstrip()
    after = text[piece.end:piece.end + 40].lstrip(" ")
    return piece.closed and inner.endswith(".") and not inner.endswith("..") and after[:1].isupper()


def _chain_attribution(r: _Report, pieces: list[QSpan], emb, cue_verb):
    """The attribution (name, person, position, relay) of one quotation chain, or None: the
    clause governing it, a dash signature, the clause after it, the clause before it."""
    text, sp, paras = r.text, r.sp, r.paras
    first, last = pieces[0], pieces[-1]
    pi_last = _para_index(paras, last.end - 1)
    pi_first = _para_index(paras, first.start)
    p_end = paras[pi_last][1]
    p_start = paras[pi_first][0]
    post_b = _post_context(text, last.end, p_end, r.nicks)
    if _closes_sentence(text, last):
        post_b = last.end  # '"… in the neighborhood." Lund insisted …': a new sentence speaks for itself
    if post_b == p_end and pi_last + 1 < len(paras) and _ends_in_title(text, last.end, p_end):
        # a line broken after a title ('…," the Rev.\nAna Ruiz said'): the clause goes on
        post_b = _post_context(text, last.end, paras[pi_last + 1][1], r.nicks)
    att = _clause_attribution(text, sp, cue_verb) if emb is not None else None
    if att is not None and not att[1] and att[0].lower() not in PRONOUNS \
            and (outer := _outer_report(cue_verb)) is not None:
        # 'Ruiz said the plan should "…"': a verb inside reported speech whose subject is no
        # person reports nothing; whoever reports the clause says the words
        att = _clause_attribution(text, sp, outer) or att
    from_clause = att is not None
    if att is None:
        att = _dash_attribution(text, last.end, p_end)
    if att is None and not text[last.end:p_end].strip() and pi_last + 1 < len(paras):
        # a signature on its own line under the quotation ('"…"\n\n- Ana Ruiz.')
        nxt = paras[pi_last + 1]
        if nxt[1] - nxt[0] <= 60 and text[nxt[0]:nxt[1]].lstrip()[:1] in "-\u2013\u2014\u2015":
            att = _dash_attribution(text, nxt[0], nxt[1])
    if att is None:
        att = _attribution(text, sp, last.end, post_b, after=True)
    if not from_clause and (att is None or text[p_start:first.start].rstrip().endswith(":")):
        # "X said: '…'" names the speaker even when an outlet's "… reported" follows
        pre_a = _pre_context(text, first.start, p_start, r.nicks)
        pre = _attribution(text, sp, pre_a, first.start, after=False)
        if pre is not None and att is not None and pre[3] is None and att[0].lower() not in PRONOUNS \
                and att[0] != pre[0]:
            pre = (*pre[:3], (att[0], att[2], att[2] + len(att[0]), "reports"))
        att = pre or att
    if att is None and first.start == p_start and pi_first > 0 and pi_first == pi_last:
        # 'Ruiz continued:' closing the paragraph before the quotation
        q_start, q_end = paras[pi_first - 1]
        if text[q_start:q_end].rstrip().endswith(":"):
            colon = q_start + len(text[q_start:q_end].rstrip()) - 1
            att = _attribution(text, sp, _pre_context(text, colon, q_start), colon, after=False)
    if att is None:  # 'Ruiz fired back: "…"', '… - Ana Ruiz: "…"', with no verb of saying
        att = _colon_attribution(text, sp, first.start, r.quoted)
    if att is None and cue_verb is not None:  # 'called the day "…"': the verb governing it
        att = _clause_attribution(text, sp, cue_verb)
    if att is None:  # the verb the quoted words hang on, whatever it is
        att = _governing_attribution(text, sp, first, post_b, r.quoted)
    return att


_SIGNED_LINE = re.compile(r"(?:^|\s[\u2014\u2013-]\s+)([A-Z][a-z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3})", re.M)
_PARENTHESIS = re.compile(r"\s*\([^()\n]{1,30}\)\s*$")  # '(R-Ore.)' after a name


def _colon_attribution(text: str, sp: Any, start: int, quoted: list[tuple[int, int]]):
    """The speaker of a quotation a clause ending with a colon introduces, when that clause has
    no verb of saying: the named (or pronoun) subject of the clause's verb ('Ruiz fired back:',
    'Mayor Ruiz released a statement:'), else a name written right before the colon ('… -
    Ana Ruiz: "…"'). (name, is_person, position, relay) or None."""
    k = start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == 0 or text[k - 1] != ":":
        return None
    colon = k - 1
    tok = token_at(sp, colon)
    if tok is None:
        return None
    a = max(tok.sent.start_char, text.rfind("\n", 0, colon) + 1)
    verbs = [t for t in sp[tok.sent.start:tok.i] if t.idx >= a and t.pos_ == "VERB"
             and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
    for verb in verbs:
        got = _subject_of(text, sp, verb, a)
        if got is None or any(qa <= got[2] < qb for qa, qb in quoted):
            continue
        if got[0] in ("he", "she") or got[0][:1].isupper() and not bad_speaker(got[0]):
            return (*got, None)
        break
    before = text[a:colon]
    end = a + len(_PARENTHESIS.sub("", before).rstrip())
    ent = next((e for e in sp.ents if e.end_char == end and e.start_char >= a), None)
    if ent is None:  # an untagged name signing a line after a dash ('… - Ana Ruiz:')
        m = _SIGNED_LINE.search(text, a, end)
        nm = clean_name(m.group(1)) if m is not None and m.end() == end else ""
        if not nm or any(w.isupper() for w in nm.split()) or title_only(nm) or bad_speaker(nm):
            return None
        return nm, True, m.start(1) + m.group(1).find(nm.split()[0]), None
    if ent.label_ not in PERSON_LABELS | {"ORG"} or any(qa <= ent.start_char < qb for qa, qb in quoted):
        return None
    nm = clean_name(ent.text)
    if not nm or not nm[:1].isupper() or title_only(nm) or bad_speaker(nm):
        return None
    return nm, ent.label_ in PERSON_LABELS, ent.start_char, None


def _pronoun_speaker(r: _Report, name: str, at: int, start: int, para: int) -> Speaker | None:
    """The person or organisation a pronoun subject (at ``at``) stands for: named before the
    pronoun and outside quotation marks; a relative pronoun left unresolved names no one."""
    low = name.lower()
    before = min(at, start)

    def outside(ss: list[Speaker]) -> list[Speaker]:
        return [s for s in ss if not any(a <= s.pos < b for a, b in r.quoted)]

    near = [s for s in r.subjects if para - 1 <= s.para <= para] if low in ("he", "she") else []
    ref = None if low in RELATIVE else _nearest_named(
        r.resolved + outside(r.doc_speakers + near), before, person=low in ("he", "she"),
        pronoun=low, genders=r.genders)
    if ref is None and low in ("he", "she"):
        # no speaker so far: the person last named in this or the paragraph before
        ref = _nearest_named(outside([s for s in r.mentions if para - 1 <= s.para <= para]),
                             before, person=True, pronoun=low, genders=r.genders)
    return Speaker(start, ref.name, ref.person, para) if ref else None


def _carried_speaker(r: _Report, first: QSpan, para: int) -> Speaker | None:
    """The speaker of an unattributed quotation, from the text around it."""
    p_start = r.paras[para][0]
    prev = r.prev_chain
    if said := [s for s in r.doc_speakers if s.para == para and r.prev_end < s.pos < first.start]:
        # 'Chief Ana Ruiz said the road was closed. "We had no choice."'
        ref = max(said, key=lambda s: s.pos)
        return Speaker(first.start, ref.name, ref.person, para)
    if prev is not None and prev[1] is not None and (
            prev[0] == para or (prev[0] == para - 1 and first.start == p_start)
            or (not r.prev_closed and prev[0] == para - 2 and first.start == p_start
                and not any(s.para == para - 1 for s in r.doc_speakers))):
        # … or a quotation left open two paragraphs up, with no one named as speaking between
        # the quotation before it in its paragraph, or in the paragraph just before
        return Speaker(first.start, prev[1].name, prev[1].person, para)
    if first.start == p_start and para > 0:
        cands = [s for s in r.resolved + r.doc_speakers if s.para == para - 1]
        if cands:
            ref = max(cands, key=lambda s: s.pos)
            return Speaker(first.start, ref.name, ref.person, para)
    return None


def _chain_speaker(r: _Report, pieces: list[QSpan], emb, cue_verb):
    """(speaker, relay) of one quotation chain; the speaker is added to those resolved."""
    first = pieces[0]
    pi_first = _para_index(r.paras, first.start)
    att = _chain_attribution(r, pieces, emb, cue_verb)
    speaker: Speaker | None = None
    relay = None
    if att is not None:
        name, person, pos, relay = att
        name = REFLEXIVE.get(name.lower(), name)
        if name.lower() in PRONOUNS:
            speaker = _pronoun_speaker(r, name, pos, first.start, pi_first)
            how = name.lower()
        else:
            settled = _settle(name, person, pos, r.sp)
            speaker = Speaker(pos, settled[0], settled[1], pi_first) if settled else None
            how = "named"
    else:
        speaker = _carried_speaker(r, first, pi_first)
        how = "carried"
    r.how = how
    if speaker is not None:
        speaker.how = how
        speaker.name = _expand(speaker.name, speaker.pos, r.resolved + r.doc_speakers, r.full, r.entity_names)
        r.resolved.append(speaker)
    return speaker, relay


def _model_speaker(r: _Report, pieces: list[QSpan], speaker: Speaker | None, record: list | None):
    """The speaker the fitted candidate model prefers for a chain over the rules' choice
    (:mod:`quotes_speaker`); the rules' speaker when the model names the same one or none."""
    start, end = pieces[0].start, pieces[-1].end
    rule = (speaker.name, speaker.how, speaker.pos, speaker.person) if speaker else None
    prev = r.prev_chain[1].name if r.prev_chain and r.prev_chain[1] else None
    if record is not None:
        record.append((r.doc.id, start, end, rule, prev, candidates(r.cands, start, end, rule, prev)))
    if speaker is None and (r.how not in ("carried", "named") or r.prev_chain is not None
                            and r.prev_chain[0] == _para_index(r.paras, start)):
        return speaker  # an attribution the rules read ('it said') but could not resolve, or
        # a quotation after one in its paragraph whose speaker is unknown
    got = choose(r.cands, start, end, rule, prev)
    if got is None or speaker is not None and same_name(got[0], speaker.name):
        return speaker
    new = Speaker(speaker.pos if speaker else start, got[0], got[1], _para_index(r.paras, start))
    if speaker is not None and r.resolved and r.resolved[-1] is speaker:
        r.resolved[-1] = new
    else:
        r.resolved.append(new)
    return new


@lru_cache(maxsize=1)
def _join_table() -> dict[str, float]:
    """Share of neighbouring quotation pieces that are one statement, by :func:`join_key` cell
    (counted from annotated news by ``bench/fit_quotes.py``)."""
    return json.loads((DATA / "quote_fit.json").read_text(encoding="utf-8"))["join"]


def _mark_before(text: str, pos: int) -> int:
    """The opening mark just before a quotation's words (or ``pos`` when there is none)."""
    k = pos
    while k > 0 and text[k - 1] == " ":
        k -= 1
    return k - 1 if k > 0 and (text[k - 1] in OPEN_DQ or text[k - 1] in CLOSE_DQ or text[k - 1] == '"') else pos


def _mark_after(text: str, pos: int) -> int:
    """The end of the closing mark just after a quotation's words (past its punctuation)."""
    k = pos
    while k < len(text) and text[k] in ",.!?;: " and text[k] != "\n":
        k += 1
    return k + 1 if k < len(text) and (text[k] in CLOSE_DQ or text[k] in OPEN_DQ or text[k] == '"') else pos


def _join_pieces(text: str, quotes: list[Quote], keep: set[int]) -> list[Quote]:
    """One statement quoted in pieces within a paragraph ('"A," she said. "B."') becomes one
    quote from the first opening mark to the last closing mark, where annotated news mostly
    marks such pieces as one statement (:func:`_join_table`); the clause quotes in ``keep``
    (positions) and pieces with different speakers stay apart."""
    table = _join_table()
    out: list[Quote] = []
    for q in sorted(quotes, key=lambda q: q.start):
        prev = out[-1] if out else None
        if prev is not None and prev.kind == q.kind == "direct" and prev.start not in keep \
                and q.start not in keep and (not q.speaker or prev.speaker and same_name(prev.speaker, q.speaker)):
            a = _mark_after(text, prev.end)
            b = _mark_before(text, q.start)
            gap = text[a:b]
            if a < b and "\n" not in gap and not _DASH_NAME.match(text, a, b) and table.get(join_key(gap, prev.text), 0.0) > 0.5:
                start = _mark_before(text, prev.start)
                end = _mark_after(text, q.end)
                out[-1] = replace(prev, start=start, end=end, text=text[start:end])
                continue
        out.append(q)
    return out


def _merge_overlaps(text: str, quotes: list[Quote]) -> list[Quote]:
    """One quote for words given twice: two direct quotes of a report that share characters (a
    clause read once up to a closing mark and once past it, a piece inside the clause that
    holds it) and name the same speaker, or one of them none, become one quote over both; a
    quote inside another's span with another speaker stays a quote of its own (the words one
    speaker quotes from another: both said them)."""
    out: list[Quote] = []
    for q in sorted(quotes, key=lambda q: q.start):
        prev = next((p for p in reversed(out) if p.kind == "direct" and q.start < p.end), None)
        if prev is None or q.kind != "direct":
            out.append(q)
            continue
        if prev.speaker and q.speaker and not same_name(prev.speaker, q.speaker):
            out.append(q)
            continue
        start, end = prev.start, max(prev.end, q.end)
        k = out.index(prev)
        out[k] = replace(prev, start=start, end=end, text=text[start:end], speaker=prev.speaker or q.speaker,
                         partial=prev.partial or q.partial)
    return out


def _outermost(quotes: list[Quote]) -> list[Quote]:
    """Reported speech without the clauses it holds that report the same speaker again ('she
    plans to spend the money she says she raised'): their words are already given."""
    return [q for q in quotes if not any(o is not q and o.start <= q.start and q.end <= o.end
                                         and (o.start, o.end) != (q.start, q.end)
                                         and o.speaker and q.speaker and same_name(o.speaker, q.speaker)
                                         for o in quotes)]


def _indirect(doc: Document, sp: Any, chains: dict[int, list[QSpan]], speakers: list[Speaker],
              full: list[tuple[int, str]], entity_names: list[str]) -> list[Quote]:
    """Reported speech: a reporting verb with a named (or resolvable) subject and a clause."""
    text = doc.text
    quoted = [(s.start, s.end) for ps in chains.values() for s in ps]
    out = []
    for tok in sp:
        if not _is_report_verb(tok, weak_ok=False):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if subj is None or comp is None:
            continue
        sent = tok.sent
        if any(a < sent.end_char and sent.start_char < b for a, b in quoted):
            continue
        toks = [t for t in comp.subtree if t.dep_ != "mark" or t.head != comp]
        if len(toks) < 4 or not toks[0].text[:1].isalnum():
            continue
        a = toks[0].idx
        b = toks[-1].idx + len(toks[-1].text)
        lo, hi = min(a, tok.idx), max(b, tok.idx)
        if re.search(r"[\"\u201c\u201d\n]", text[lo:hi]):
            continue
        a = dateline_end(text, a)
        a, b = _trim(text, a, b)
        if b <= a:
            continue
        b = b - 1 if text[b - 1] in ".;:" else b
        if subj.lower_ in RELATIVE and tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
            name = subject_name(sp, tok.head)
        elif subj.lower_ in PRONOUNS:
            ref = None if subj.lower_ in RELATIVE else _nearest_named(
                speakers, subj.idx, person=subj.lower_ in ("he", "she"))
            name = ref.name if ref else None
        else:
            name = subject_name(sp, subj)
            settled = _settle(name, False, subj.left_edge.idx, sp) if name else None
            name = settled[0] if settled else None
            if name:
                name = _expand(name, subj.idx, speakers, full, entity_names)
        if not name or b <= a:
            continue
        relay = find_relay(text, sent.start_char, sent.end_char)
        out.append(Quote(doc=doc.id, start=a, end=b, text=text[a:b], speaker=name,
                         via=relay[0] if relay else None, partial=False, kind="indirect"))
    return out


# -- grouping across reports ----------------------------------------------

_WORD = re.compile(r"\[[^\]]{1,40}\]|[\w'\u2019-]+")


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _norm(w: str) -> str:
    return w.lower().replace("\u2019", "'")


def _key(s: str) -> str:
    return " ".join(_norm(w) for w in _words(s) if not w.startswith("["))


def quoted_words(s: str) -> str:
    """The words inside quotation marks of a quote's text: a reported clause with quoted words
    in it ('the plan was "a disaster" for the town') or pieces with the attribution between
    them ('"A," she said. "B."') give only what was quoted; a text without marks is itself."""
    if not re.search(r"[\"\u201c\u201d\u201e\u00ab\u00bb]", s):
        return s
    inner = [s[p.inner_start:p.inner_end].strip() for p in quote_spans(s) if not p.single]
    inner = [t for t in inner if t]
    return " ".join(inner) if inner else s


def same_quotation(a: str, b: str) -> bool:
    """Whether two quotation texts are the same words (one may be a part of the other, with
    a few words changed)."""
    ka, kb = _key(a), _key(b)
    short, long_ = sorted((ka, kb), key=len)
    if len(short.split()) < 4:
        return False
    return fuzz.partial_ratio(short, long_) >= 85 and (len(short.split()) >= 8 or fuzz.ratio(ka, kb) >= 70
                                                        or short in long_)


def variants(a: str, b: str) -> list[str]:
    """Word-level changes from quotation ``a`` to ``b`` inside their common part:
    'Qalat -> Kalat', 'the group [NLF] -> the group', 'ceasefire -> cease-fire',
    'cut: words'. Words beyond either end of the common part (a partial quote) are not changes."""
    wa, wb = _words(a), _words(b)
    na = [_norm(w).replace("-", "") for w in wa]
    nb = [_norm(w).replace("-", "") for w in wb]
    sm = difflib.SequenceMatcher(a=na, b=nb, autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    if not blocks:
        return []
    lo_a, lo_b = blocks[0].a, blocks[0].b
    hi_a, hi_b = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):  # spelling-only changes
                x, y = wa[i1 + k], wb[j1 + k]
                if _norm(x) != _norm(y):
                    out.append(f"{x} -> {y}")
            continue
        if i2 <= lo_a and j2 <= lo_b or i1 >= hi_a and j1 >= hi_b:
            continue  # outside the common part
        sa, sb = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        if op == "replace":
            out.append(f"{sa} -> {sb}")
        elif op == "insert":
            ctx = wa[i1 - 1] if i1 > 0 else ""
            out.append(f"{ctx} -> {ctx} {sb}" if ctx else f"+ {sb}")
        else:
            ctx = wb[j1 - 1] if j1 > 0 else ""
            out.append(f"{ctx} {sa} -> {ctx}" if ctx else f"cut: {sa}")
    return list(dict.fromkeys(out))


def _common_range(full: str, part: str) -> tuple[int, int] | None:
    """Word range [lo, hi) of ``full`` that ``part`` quotes (from its first to its last
    matching run of two words or more), or None."""
    na = [_norm(w).replace("-", "") for w in _words(full)]
    nb = [_norm(w).replace("-", "") for w in _words(part)]
    sm = difflib.SequenceMatcher(a=na, b=nb, autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size >= 2 or (m.size and len(nb) == 1)]
    if not blocks:
        return None
    return blocks[0].a, blocks[-1].a + blocks[-1].size


def _clip(words: list[str], n: int = 6) -> str:
    return " ".join(words) if len(words) <= n else " ".join(words[:n]) + " \u2026"


def cuts(full: str, parts: list[str], doc: str, partial: list[str] | None = None) -> list[str]:
    """What one report leaves out of the fullest version of a quotation: the runs of words of
    ``full`` that none of its ``parts`` quotes ("words cut in d2: 'to reach the …'"), and,
    for ``partial`` parts (quoted words inside the report's own sentence), a note that it is a
    partial quote."""
    wf = _words(full)
    covered = [False] * len(wf)
    for p in parts:
        rng = _common_range(full, p)
        if rng:
            for k in range(*rng):
                covered[k] = True
    if not any(covered):
        return []
    out = []
    k = 0
    while k < len(wf):
        if covered[k]:
            k += 1
            continue
        e = k
        while e < len(wf) and not covered[e]:
            e += 1
        if any(not w.startswith("[") for w in wf[k:e]):
            out.append(f"words cut in {doc}: '{_clip(wf[k:e])}'")
        k = e
    if partial:
        first = max(partial, key=len)
        out.append(f"partial quote in {doc}: '{_clip(_words(first), 8)}'")
    return out


def group_variants(qs: list[Quote]) -> list[str]:
    """Variants of a group against its fullest direct version: word changes inside the common
    part of every other report's version, then the words each other report cuts and whether
    it quotes only part of the words inside its own sentence."""
    if len({q.doc for q in qs}) < 2:
        return []
    direct = [q for q in qs if q.kind == "direct"] or qs
    base = max(direct, key=lambda q: (len(_words(quoted_words(q.text))), -q.start))
    out: list[str] = []
    by_doc: dict[str, list[Quote]] = {}
    for q in qs:
        if q.doc != base.doc:
            by_doc.setdefault(q.doc, []).append(q)
    for q in qs:
        if q.doc != base.doc:
            out.extend(variants(quoted_words(base.text), quoted_words(q.text)))
    for d, dq in by_doc.items():
        out.extend(cuts(quoted_words(base.text), [quoted_words(q.text) for q in dq], d,
                        [quoted_words(q.text) for q in dq if q.partial]))
    return list(dict.fromkeys(out))


def _best_speaker(quotes: list[Quote]) -> str | None:
    """The group's speaker: the name most of its quotes give (a full name counts its surname)."""
    names = [q.speaker for q in quotes if q.speaker and not bad_speaker(q.speaker)]
    if not names:
        return None
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    # a full name beats the surname it ends with
    for n in list(counts):
        for m in list(counts):
            if m != n and " " in m and m.lower().endswith(" " + n.lower()):
                counts[m] += counts.pop(n, 0)
                break
    return max(counts, key=lambda n: (counts[n], len(n)))


def _only_marks(texts: dict[str, str], qx: Quote, qy: Quote) -> bool:
    """Whether only line breaks and quotation marks stand between two quotes of one report."""
    gap = texts.get(qx.doc, "")[qx.end:qy.start]
    return bool(gap) and "\n" in gap and not re.search(r"[^\s\"\u201c\u201d\u201e\u00ab\u00bb.,!?]", gap)


def group_quotes(quotes: list[Quote], texts: dict[str, str] | None = None) -> list[QuoteGroup]:
    """Quotes of the same words in different reports form one group (union of close pairs);
    with the reports' ``texts``, the pieces of one quotation running over paragraphs of a
    report (nothing but line breaks and marks between them) are one group too."""
    texts = texts or {}
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grams: dict[tuple[str, ...], list[int]] = {}
    for i, q in enumerate(quotes):
        ws = _key(quoted_words(q.text)).split()
        for g in {tuple(ws[k:k + 3]) for k in range(max(0, len(ws) - 2))}:
            grams.setdefault(g, []).append(i)
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].doc, quotes[i].start))
    for x, y in zip(order, order[1:]):  # pieces of one quotation running over paragraphs
        qx, qy = quotes[x], quotes[y]
        if qx.doc == qy.doc and qx.kind == qy.kind == "direct" and qx.speaker == qy.speaker \
                and qx.end <= qy.start and _only_marks(texts, qx, qy):
            parent[find(x)] = find(y)
    tried: set[tuple[int, int]] = set()
    for ids in grams.values():
        if len(ids) > 50:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                if (i, j) in tried or quotes[i].doc == quotes[j].doc:
                    continue
                tried.add((i, j))
                if find(i) != find(j) and same_quotation(quoted_words(quotes[i].text),
                                                                   quoted_words(quotes[j].text)):
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(quotes)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for n, members in enumerate(sorted(groups.values(), key=lambda m: min(m)), 1):
        qs = [quotes[i] for i in members]
        speaker = _best_speaker(qs)
        qs = [q if q.speaker else replace(q, speaker=speaker) for q in qs]
        kind = "direct" if any(q.kind == "direct" for q in qs) else "indirect"
        out.append(QuoteGroup(id="", speaker=speaker, quotes=qs, variants=group_variants(qs), kind=kind))
    # direct quotations first (most reports first), reported speech after them
    out.sort(key=lambda g: (g.kind != "direct", -len({q.doc for q in g.quotes})))
    return [replace(g, id=f"q{n}") for n, g in enumerate(out, 1)]


def _fold(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower().replace("\u2019", "'")))


def speaker_entities(quotes: list[Quote], entities: list[Entity]) -> list[Quote]:
    """Each quote's speaker linked to the event's entity for that person or body (same name,
    alias or mention in any spelling; a surname or given name alone when one person of the
    event has it)."""
    exact: dict[str, set[str]] = {}
    parts: dict[str, set[str]] = {}
    for e in entities:
        if e.type not in ("PERSON", "ORG", "NORP", "GPE"):
            continue
        forms = {e.name, *e.aliases, *(m.text for m in e.mentions)}
        for f in forms:
            k = _fold(clean_name(f) or f)
            if k:
                exact.setdefault(k, set()).add(e.id)
        if e.type == "PERSON":
            ws = _fold(e.name).split()
            if len(ws) >= 2:
                for w in (ws[0], ws[-1]):
                    parts.setdefault(w, set()).add(e.id)
    out = []
    for q in quotes:
        ids: set[str] = set()
        if q.speaker:
            k = _fold(q.speaker)
            ids = exact.get(k, set())
            if len(ids) != 1 and len(k.split()) == 1:
                ids = parts.get(k, set())
            if len(ids) != 1 and len(k.split()) >= 2:  # 'Ana B. Ruiz' for 'Ana Ruiz'
                ws = k.split()
                ids = parts.get(ws[0], set()) & parts.get(ws[-1], set())
        out.append(replace(q, speaker_entity=next(iter(ids))) if len(ids) == 1 else q)
    return out


def outlets_relay(quotes: list[Quote], outlets: list[str]) -> list[Quote]:
    """A speaker that is one of the event's outlets ('the Tribune said') is the relay the
    words came through, not their speaker."""
    names = {_fold(re.sub(r"^[Tt]he\s+", "", o)) for o in outlets}
    names.discard("")
    out = []
    for q in quotes:
        if q.speaker and _fold(re.sub(r"^[Tt]he\s+", "", q.speaker)) in names:
            q = replace(q, speaker=None, via=q.via or q.speaker)
        out.append(q)
    return out


def _unify_speakers(groups: list[QuoteGroup], entities: list[Entity]) -> list[QuoteGroup]:
    """One name per speaker: a group whose quotes link to one entity takes the entity's name
    when that name carries the group's own speaker name ('Varga' -> 'Ana Varga')."""
    names = {e.id: e.name for e in entities}
    out = []
    for g in groups:
        ids = {q.speaker_entity for q in g.quotes if q.speaker_entity}
        if len(ids) == 1 and g.speaker:
            name = names[next(iter(ids))]
            if set(_fold(g.speaker).split()) & set(_fold(name).split()):
                g = replace(g, speaker=name)
        out.append(g)
    return out


@stage("quotes", requires=("documents", "entities"), provides=("quote_groups",))
def run(state: EventState) -> dict[str, list]:
    """Quotes of every report, grouped across reports, their speakers linked to entities."""
    parsed = state.parsed()
    entities = state.sections.get("entities") or []
    quotes: list[Quote] = []
    for doc in state.documents:
        quotes.extend(extract_quotes(doc, parsed[doc.id], entities))
    quotes = outlets_relay(quotes, [d.outlet for d in state.documents if d.outlet])
    quotes = speaker_entities(quotes, entities)
    groups = group_quotes(quotes, {d.id: d.text for d in state.documents})
    return {"quote_groups": _unify_speakers(groups, entities)}
