"""Speaker choice for a quotation by a fitted (quotation, candidate) model.

Every named person or body mentioned near a quotation (three paragraphs before it to one after
it) is a candidate; a candidate is all the mentions of one name in the report, a surname alone
joined to the full name it ends. :func:`features` describes a candidate against one quotation
(distances in tokens, sentences and paragraphs, whether a mention is the subject of a reporting
verb, its entity label, whether the attribution rules chose it, whether it spoke the quotation
before); :func:`choose` scores the candidates with a logistic regression and returns the best.
The weights are plain JSON (``data/quote_speaker.json``) fitted on the PolNeAR train split by
``bench/fit_speakers.py`` and applied with numpy.
"""
from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..fitted import Logistic
from ..lang.en.outlets import OUTLET_WORDS
from ..lang.en.reporting import LISTEN_VERBS
from .entity_rules import nicknamed
from .quote_rules import PRONOUNS, REPORT_VERBS, bad_speaker, clean_name, dateline_end, title_only

MODEL = Path(__file__).resolve().parent.parent / "data" / "quote_speaker.json"
LABELS = ("PERSON", "ORG", "GPE", "NORP")

FEATURES = (
    "rule", "rule_named", "rule_pronoun", "rule_carried", "pronoun_agrees", "pronoun_clashes",
    "plural_pronoun_person", "subj_near", "words", "one_word_body", "outlet", "prev", "before", "before_log", "before_sents", "after", "after_log", "after_sents",
    "nearest_before", "nearest_after", "same_sent", "same_para", "prev_para", "next_para",
    "subj_report_sent", "subj_report_near", "subj_report_win", "object_of_listen", "possessive",
    "according", "in_quotes_only", "person", "org", "gpe", "norp", "propn", "doc_mentions",
    "doc_subj_reports", "full_name", "first_named",
)


@dataclass
class Mention:
    """One mention of a candidate speaker in a report."""

    start: int
    end: int
    key: str
    label: str
    sent: int
    para: int
    tok: int  # index of the mention's last token
    subj_report: bool
    subj: bool
    listener: bool
    possessive: bool
    according: bool
    quoted: bool


@dataclass
class Mentions:
    """The candidate mentions of a report, in text order, with the lookups features need."""

    items: list[Mention]
    sent_starts: list[int]
    tok_starts: list[int]
    para_starts: list[int]
    first_person: str
    genders: dict[str, str]

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def tok_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, pos) - 1)

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)


def _key(name: str, full: list[str], person: bool = True) -> str:
    """A name as a candidate key: a one-word name becomes the first full person name of the
    report it ends (whatever label the tagger gave it) or, for a person, begins."""
    if " " in name:
        return name
    low = name.lower()
    for n in full:
        ws = n.lower().split()
        if ws[-1] == low:
            return n
    for n in full if person else ():
        if n.lower().split()[0] == low:
            return n
    return name


def _is_report(tok: Any) -> bool:
    return tok.lemma_.lower() in REPORT_VERBS and (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"))


def _mention(sp: Any, a: int, b: int, root: Any, last: Any, key: str, label: str,
             quoted: list[tuple[int, int]], m: Mentions) -> Mention:
    head = root.head
    prev2 = sp[max(0, root.i - 3):root.i].text.lower() if root.i else ""
    return Mention(start=a, end=b, key=key, label=label, sent=m.sent_of(a), para=m.para_of(a), tok=last.i,
                   subj_report=root.dep_ in ("nsubj", "nsubjpass") and _is_report(head),
                   subj=root.dep_ in ("nsubj", "nsubjpass"),
                   listener=root.dep_ in ("dobj", "dative", "pobj") and head.lemma_.lower() in LISTEN_VERBS,
                   possessive=last.i + 1 < len(sp) and sp[last.i + 1].tag_ == "POS",
                   according="according to" in prev2 or sp[max(0, root.i - 1)].lower_ == "according",
                   quoted=any(qa <= a < qb for qa, qb in quoted))


def _heading(text: str, a: int, b: int, para_starts: set[int]) -> bool:
    """Whether text[a:b] is a title-case heading of three words or more: the whole line, or
    run into its paragraph before a colon ('Harbour Plan Splits The Council: …')."""
    words = text[a:b].split()
    if a not in para_starts or len(words) < 3 or not all(w[:1].isupper() for w in words):
        return False
    rest = text[b:b + 2]
    return rest[:1] in ("\n", ":", "") or rest.startswith(".\n")


def mentions(text: str, sp: Any, paras: list[tuple[int, int]], quoted: list[tuple[int, int]],
             genders: dict[str, str] | None = None,
             nicks: Iterable[tuple[int, int, str]] | None = None) -> Mentions:
    """The candidate mentions of one report: PERSON, ORG, GPE and NORP entities, and proper
    nouns the model left untagged that are the subject of a reporting verb. ``nicks``: the
    report's names with a quoted nickname inside them (:func:`entity_rules.nicknamed`), when
    the caller has them already."""
    m = Mentions(items=[], sent_starts=[s.start_char for s in sp.sents], tok_starts=[t.idx for t in sp],
                 para_starts=[p[0] for p in paras], first_person="", genders=genders or {})
    nicks = nicknamed(text) if nicks is None else nicks
    found = [(sp.char_span(a, b, alignment_mode="expand"), name) for a, b, name in nicks]
    spans = [(span, name) for span, name in found if span is not None]
    full = [clean_name(e.text) for e in sp.ents if e.label_ == "PERSON" and len(clean_name(e.text).split()) >= 2]
    full = [name for _, name in spans] + full
    taken: set[int] = {i for span, _ in spans for i in range(span.start, span.end)}
    for span, name in spans:  # 'Ana "Red" Lopez': one person, whatever the tagger made of it
        m.items.append(_mention(sp, span.start_char, span.end_char, span.root, span[-1], name, "PERSON", quoted, m))
    starts = {a for a, _ in paras}
    for e in sp.ents:
        if e.label_ not in LABELS or any(i in taken for i in range(e.start, e.end)) \
                or e.label_ != "PERSON" and (_heading(text, e.start_char, e.end_char, starts)
                                             or dateline_end(text, e.start_char) > e.start_char):
            continue
        nm = clean_name(e.text)
        if not nm or not nm[:1].isupper() or bad_speaker(nm) or title_only(nm) or nm.lower() in PRONOUNS:
            continue
        key = _key(nm, full, e.label_ == "PERSON")
        m.items.append(_mention(sp, e.start_char, e.end_char, e.root, e[-1], key, e.label_, quoted, m))
        taken.update(range(e.start, e.end))
    for tok in sp:
        if tok.i in taken or tok.pos_ != "PROPN" or tok.dep_ not in ("nsubj", "nsubjpass") or not _is_report(tok.head):
            continue
        nm = clean_name(sp[tok.left_edge.i:tok.i + 1].text)
        if not nm or not nm[:1].isupper() or bad_speaker(nm) or title_only(nm) or len(nm.split()) > 4:
            continue
        m.items.append(_mention(sp, sp[tok.left_edge.i].idx, tok.idx + len(tok.text), tok, tok,
                                _key(nm, full), "PROPN", quoted, m))
    m.items.sort(key=lambda x: x.start)
    m.first_person = next((x.key for x in m.items if x.label == "PERSON"), "")
    return m


def same_name(a: str, b: str) -> bool:
    """Whether two speaker names are one: equal, or one the surname or given name of the other."""
    la, lb = a.lower(), b.lower()
    if la == lb:
        return True
    wa, wb = la.split(), lb.split()
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return len(short) == 1 and bool(long) and short[0] in (long[0], long[-1])


def _distances(m: Mentions, ms: list[Mention], start: int, end: int) -> list[float]:
    """before/after presence, log token distance and sentence distance of the nearest mention."""
    t0, t1 = m.tok_of(start), m.tok_of(max(start, end - 1))
    s0, s1 = m.sent_of(start), m.sent_of(max(start, end - 1))
    bef = [x for x in ms if x.end <= start]
    aft = [x for x in ms if x.start >= end]
    out: list[float] = []
    if bef:
        x = max(bef, key=lambda x: x.start)
        out += [1.0, math.log1p(max(0, t0 - x.tok)), min(5, s0 - x.sent)]
    else:
        out += [0.0, 0.0, 0.0]
    if aft:
        x = min(aft, key=lambda x: x.start)
        out += [1.0, math.log1p(max(0, m.tok_of(x.start) - t1)), min(5, x.sent - s1)]
    else:
        out += [0.0, 0.0, 0.0]
    return out


def _rule_features(m: Mentions, key: str, person: bool, rule: tuple | None) -> list[float]:
    """Whether the attribution rules chose the candidate, and how (a name written next to the
    quotation, a pronoun, a speaker carried from the quotation before), and whether the
    candidate agrees with the pronoun the rules read."""
    chosen = rule is not None and same_name(rule[0], key)
    how = rule[1] if rule else ""
    gender = m.genders.get(key.split()[-1].lower()) if key.split() else None
    want = {"he": "m", "she": "f"}.get(how)
    return [float(chosen), float(chosen and how == "named"), float(chosen and how in PRONOUNS),
            float(chosen and how == "carried"), float(want is not None and gender == want),
            float(want is not None and gender is not None and gender != want),
            float(how in ("they", "it", "we") and person)]


def features(m: Mentions, key: str, ms: list[Mention], start: int, end: int, rule: tuple | None,
             prev: str | None, nearest: tuple[str | None, str | None], counts: tuple[int, int]) -> list[float]:
    """The feature vector (in :data:`FEATURES` order) of candidate ``key`` with mentions ``ms``
    (those outside the quotation) for the quotation text[start:end]."""
    s0, s1 = m.sent_of(start), m.sent_of(max(start, end - 1))
    p0, p1 = m.para_of(start), m.para_of(max(start, end - 1))
    free = [x for x in ms if not x.quoted]
    in_sent = [x for x in free if s0 <= x.sent <= s1]
    near = [x for x in free if p0 - 1 <= x.para <= p1]
    labels = {x.label for x in ms}
    person = bool(labels & {"PERSON", "PROPN"}) or not ms
    return [
        *_rule_features(m, key, person, rule), float(any(x.subj for x in near)),
        math.log(1 + len(key.split())), float(" " not in key and not person),
        float(any(w.lower() in OUTLET_WORDS for w in key.split())),
        float(prev is not None and same_name(prev, key)),
        *_distances(m, free, start, end),
        float(nearest[0] == key), float(nearest[1] == key),
        float(bool(in_sent)), float(any(p0 <= x.para <= p1 for x in free)),
        float(any(x.para == p0 - 1 for x in free)), float(any(x.para == p1 + 1 for x in free)),
        float(any(x.subj_report for x in in_sent)), float(any(x.subj_report for x in near)),
        float(any(x.subj_report for x in free)),
        float(bool(in_sent) and all(x.listener for x in in_sent)),
        float(bool(in_sent) and all(x.possessive for x in in_sent)),
        float(any(x.according for x in in_sent)), float(not free),
        float("PERSON" in labels), float("ORG" in labels), float("GPE" in labels), float("NORP" in labels),
        float(labels == {"PROPN"}), math.log1p(counts[0]), math.log1p(counts[1]),
        float(" " in key), float(key == m.first_person),
    ]


def _written(m: Mentions, rule: tuple, start: int, end: int) -> Mention:
    """A mention of the rules' speaker where the rules read it (a name no entity covers)."""
    pos = rule[2] if len(rule) > 2 else start
    pos = pos if not start <= pos < end else end
    return Mention(start=pos, end=pos + len(rule[0]), key=rule[0], label="PERSON" if rule[3] else "ORG",
                   sent=m.sent_of(pos), para=m.para_of(pos), tok=m.tok_of(pos), subj_report=False, subj=False,
                   listener=False, possessive=False, according=False, quoted=False)


def candidates(m: Mentions, start: int, end: int, rule: tuple | None, prev: str | None
               ) -> list[tuple[str, bool, list[float]]]:
    """(name, is_person, features) of every candidate speaker of the quotation text[start:end]."""
    p0, p1 = m.para_of(start), m.para_of(max(start, end - 1))
    items = m.items
    if rule and rule[1] == "named" and len(rule) > 2:  # the name the rules read stands for whom they said
        items = [replace(x, key=rule[0]) if x.start <= rule[2] < x.end and not same_name(rule[0], x.key) else x
                 for x in items]
    by_key: dict[str, list[Mention]] = {}
    for x in items:
        by_key.setdefault(x.key, []).append(x)
    window = {x.key for x in items if p0 - 3 <= x.para <= p1 + 1 and not start <= x.start < end}
    if rule and not any(same_name(rule[0], k) for k in window):
        window.add(rule[0])
        if rule[1] == "named" and not by_key.get(rule[0]):  # a name the tagger missed, where the rules read it
            by_key[rule[0]] = [_written(m, rule, start, end)]
    out_q = {k: [x for x in by_key.get(k, []) if not start <= x.start < end] for k in window}
    bef = [x for k in window for x in out_q[k] if x.end <= start and not x.quoted]
    aft = [x for k in window for x in out_q[k] if x.start >= end and not x.quoted]
    nearest = (max(bef, key=lambda x: x.start).key if bef else None,
               min(aft, key=lambda x: x.start).key if aft else None)
    out = []
    for k in sorted(window):
        ms = out_q[k]
        counts = (len(by_key.get(k, [])), sum(x.subj_report for x in by_key.get(k, [])))
        person = any(x.label in ("PERSON", "PROPN") for x in ms) or not ms
        out.append((k, person, features(m, k, ms, start, end, rule, prev, nearest, counts)))
    return out


@lru_cache(maxsize=1)
def _model() -> tuple[Logistic, float, float] | None:
    """The fitted model, its margin over the rules' speaker and its probability to fill one."""
    if not MODEL.exists():
        return None
    d = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(d["features"]) != FEATURES:
        return None
    return Logistic(d), float(d["threshold"]), float(d["fill"])


def scores(rows: list[list[float]]) -> list[float]:
    """The model's probability that each candidate (a feature row) is the speaker."""
    model = _model()
    if model is None or not rows:
        return [0.0] * len(rows)
    return list(model[0].prob(rows))


def choose(m: Mentions, start: int, end: int, rule: tuple | None, prev: str | None
           ) -> tuple[str, bool] | None:
    """The best-scored candidate speaker (name, is_person) of text[start:end], or None when
    the model is missing or no candidate reaches its threshold: the margin by which it must
    beat the rules' speaker, or the score it needs where the rules found none."""
    model = _model()
    cands = candidates(m, start, end, rule, prev)
    if model is None or not cands:
        return None
    ps = scores([c[2] for c in cands])
    best = int(np.argmax(ps))
    if rule is None:
        return (cands[best][0], cands[best][1]) if ps[best] >= model[2] else None
    ruled = max((p for c, p in zip(cands, ps) if same_name(rule[0], c[0])), default=0.0)
    return (cands[best][0], cands[best][1]) if ps[best] - ruled >= model[1] else None
