"""Event stage 'claims': line up the figures and dates the reports give.

Quantity claims come from :mod:`storylens.stages.numbers`, times of day from
:mod:`storylens.stages.times`, dates from :mod:`storylens.stages.timeline`. Claims about the
same thing across reports are grouped:

1. a *key* keeps apart what cannot be the same figure: the kind (count, age, duration,
   money ...), the class of the counted thing (bus and vehicle are one class), the outcome
   scope (killed, injured, arrested ...) and, for ages, the person;
2. inside a key, claims are merged pairwise, best first: the same value always; different
   values when the sentences are alike (shared words, and MiniLM sentence vectors when they
   are available) and the values are of the same size. A report never contributes two
   different values to one group (it is not contradicting itself: it is speaking of two
   things).

Counts of people by one outcome (killed, injured, arrested ...) are one group per outcome, the
event's toll (:func:`toll_key`): each report gives one figure (the count a fitted chooser finds likeliest; the others
are its ``parts``), people named one by one (:mod:`storylens.stages.victims`) count when a
report states no number, and figures set in another time or event
(:mod:`storylens.stages.event_scope`) are kept apart as background. Such a group's status
(:func:`toll_status`) may be ``evolving``: dated reports whose toll rose.

Each group then gets a status and a one-line note: ``agree`` (one value), ``reconciled``
(the texts explain the difference: a time or state scope, arithmetic stated in the reports,
parts that add up to a whole, rounding, a stated bound), ``disagree`` otherwise, and
``single`` when one report alone gives the figure. ``independent_sources`` counts origins
(from the reuse stage's origin groups), not reports.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Iterable

from ..model import Claim, ClaimGroup, Document
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from . import claims_choice as choice
from . import numbers as N
from . import times
from ..lang.en.harm import HARM_SCOPES, HARMED, INCLUDING_RE
from ..lang.en.reporting import REPORTING
from ..lang.en.stopwords import CLAIM_STOP as STOP
from ..text.clock import CLOCK_UNIT, clock_gap, clock_text
from ..text.inflect import plural
from ..text.tokens import first_at

TAU = 0.22  # sentence similarity (MiniLM) needed to group two different values
TAU_RULES = 0.15  # the same with shared words only
ATTACH_IN_REPORT = True  # a count with no outcome joins a toll only when it tells of harm or its report states the toll


# -- helpers ------------------------------------------------------------------------------

def same_value(a: Any, b: Any) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return False


def fmt(v: Any) -> str:
    """A value as people write it (12, 48.5)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) and abs(v) >= 10000 else str(v)


def _norm_name(s: str | None) -> str | None:
    if not s:
        return None
    from anyascii import anyascii

    return re.sub(r"[^a-z]", "", anyascii(s).lower()) or None


def unit_key(unit: str | None) -> str | None:
    """The class of a (possibly compound "militant+civilian") unit."""
    if not unit:
        return None
    parts = [N.unit_class(u) for u in unit.split("+")]
    if len(set(parts)) == 1:
        return parts[0]
    fams = {N.FAMILY.get(p, p) for p in parts}
    return "person" if fams == {"human"} else "+".join(sorted(set(parts)))


def _people_key(c: Claim) -> str | None:
    """The unit class of a count; people named by where they are from ("40 Nordlanders",
    written with a capital) count as people."""
    u = unit_key(c.unit)
    if u and u not in N.FAMILY and "+" not in u and N.could_be_person(u) and \
            re.search(rf"\b{re.escape(u[:1].upper() + u[1:4])}", c.text):
        return "person"
    return u


def family(c: Claim) -> str:
    u = unit_key(c.unit) or ""
    return f"{c.kind}:{N.FAMILY.get(u, u)}"


def key_of(c: Claim, i: int) -> tuple:
    """What a claim must share with another to be about the same figure."""
    if c.kind == "age":
        return ("age", _norm_name(c.subject) or f"?{i}")
    if c.kind == "quantity":
        return ("quantity", _people_key(c), c.scope)
    if c.kind == "duration":
        return ("duration", c.unit, c.scope if c.scope in ("sentence", "probation") else None)
    if c.kind == "measure":
        return ("measure", c.unit, c.scope)
    return (c.kind, c.unit)


def origin_of(state_origins: Iterable[Any], docs: Iterable[Document]) -> dict[str, str]:
    """Document id -> origin id: the reuse stage's origin groups, else the document itself."""
    out = {d.id: d.id for d in docs}
    for og in state_origins or []:
        gid = getattr(og, "id", None) or (og.get("id") if isinstance(og, dict) else None)
        members = getattr(og, "docs", None) or (og.get("docs") if isinstance(og, dict) else []) or []
        for d in members:
            out[d] = f"origin:{gid}"
    return out


def _words(s: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]+", (s or "").lower()) if w not in STOP and len(w) > 2}


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w


def _local_words(c: Claim, width: int = 40) -> set[str]:
    """Content words within a few words of the figure, in its own sentence."""
    if c.sentence is None or c.sentence_start is None:
        return set()
    s = c.start - c.sentence_start
    e = c.end - c.sentence_start
    around = c.sentence[max(0, s - width):s] + " " + c.sentence[e:e + width]
    inside = re.sub(r"\d[\d,.]*", " ", c.sentence[s:e])
    return {_stem(w) for w in _words(around + " " + inside)}


class Similarity:
    """Sentence similarity of two claims: shared content words, and MiniLM cosine when the
    embeddings module is available and enabled.

    Sentences are encoded only for the claims that are compared (:meth:`need`, in one call;
    a pair asked for before that is encoded then): most claims of an event have no other
    claim of their kind to be grouped with, and their sentences are never encoded."""

    def __init__(self, claims: list[Claim], use_embeddings: bool = True):
        self.words = [_words(c.sentence) for c in claims]
        self.local = [_local_words(c) for c in claims]
        self.sents = [c.sentence or c.text for c in claims]
        self.vecs: dict[int, np.ndarray] | None = None  # claim index -> vector, None: rules only
        self._encoder: Any = None
        self.tau = TAU_RULES
        if use_embeddings and claims:
            try:
                import importlib

                embeddings = importlib.import_module("storylens.embeddings")

                if embeddings.available():
                    self._encoder, self.vecs, self.tau = embeddings, {}, TAU
            except Exception:  # no embeddings: the rule-only path
                self.vecs = None

    def need(self, indices: Iterable[int]) -> None:
        """Encode the sentences of these claims that have no vector yet, in one call."""
        if self.vecs is None:
            return
        todo = [i for i in dict.fromkeys(indices) if i not in self.vecs]
        if not todo:
            return
        uniq = list(dict.fromkeys(self.sents[i] for i in todo))
        try:
            mat = self._encoder.embed(uniq)
        except Exception:  # the encoder failed: the rule-only path from here on
            self.vecs, self.tau = None, TAU_RULES
            return
        pos = {s: k for k, s in enumerate(uniq)}
        for i in todo:
            self.vecs[i] = mat[pos[self.sents[i]]]

    def _cos(self, i: int, j: int) -> float | None:
        if self.vecs is not None and (i not in self.vecs or j not in self.vecs):
            self.need((i, j))
        if self.vecs is None:
            return None
        return float(self.vecs[i] @ self.vecs[j])

    def _shared_words(self, i: int, j: int) -> float:
        a, b = self.words[i], self.words[j]
        jac = len(a & b) / max(1, len(a | b))
        la, lb = self.local[i], self.local[j]
        if len(la) >= 2 and len(lb) >= 2:  # the words right around the figures
            jac = max(jac, 0.5 * len(la & lb) / min(len(la), len(lb)))
        return jac

    def score(self, i: int, j: int) -> float:
        """Similarity scaled so that 1.0 is enough to group two different values."""
        out = self._shared_words(i, j) / TAU_RULES
        cos = self._cos(i, j)
        if cos is not None:
            out = max(out, (cos - 0.35) / TAU)
        return out

    def __call__(self, i: int, j: int) -> float:
        jac = self._shared_words(i, j)
        cos = self._cos(i, j)
        return jac if cos is None else max(jac, cos - 0.35)


# -- age subjects -------------------------------------------------------------------------

def _verb_of(tok: Any) -> Any | None:
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            return None if node.lemma_ in REPORTING or node.pos_ == "AUX" else node
        if node.head is node:
            return None
        node = node.head
    return None


def resolve_age_subjects(claims: list[Claim], parsed: dict[str, Any]) -> list[Claim]:
    """Give an unnamed age ("a 16-year-old boy") the person it is about: the one named
    person whose stated age is the same value, else the named subject of the same verb in
    the next two sentences ("A 17-year-old ... was sentenced. Jon Doe was sentenced ...")."""
    named: dict[str, set] = defaultdict(set)
    for c in claims:
        if c.kind == "age" and c.subject:
            named[_norm_name(c.subject) or ""].add(float(c.value or 0))
    out = []
    for c in claims:
        if c.kind == "age" and not c.subject and re.search(r"year-old\s+\S", c.text):
            subj = None
            hits = [n for n, vals in named.items() if float(c.value or 0) in vals]
            if len(hits) == 1:
                subj = next(x.subject for x in claims if x.subject and _norm_name(x.subject) == hits[0])
            else:
                sp = parsed.get(c.doc)
                if sp is not None:
                    subj = _forward_subject(sp, c)
            if subj:
                c = replace(c, subject=subj)
        out.append(c)
    return out


def _forward_subject(sp: Any, c: Claim) -> str | None:
    toks = list(sp[first_at(sp, c.start):first_at(sp, c.end)])
    if not toks:
        return None
    verb = _verb_of(toks[-1])
    if verb is None:
        return None
    sents = list(sp.sents)
    k = next((n for n, s in enumerate(sents) if s.start_char <= c.start < s.end_char), None)
    if k is None:
        return None
    for s in sents[k + 1:k + 3]:
        for t in s:
            if t.pos_ == "VERB" and t.lemma_ == verb.lemma_:
                for ch in t.children:
                    if ch.dep_ in ("nsubj", "nsubjpass") and (ch.ent_type_ == "PERSON" or ch.pos_ == "PROPN"):
                        return ch.text
    return None


# -- grouping -----------------------------------------------------------------------------

def _outcome_words(scope: str) -> re.Pattern:
    words = set(dict(N.SCOPE_WORDS).get(scope, ()))
    if scope in ("injured", "shot"):
        words |= dict(N.SCOPE_WORDS)["shot"]  # "the gunshots hit three women"
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")", re.I) if words else re.compile(r"(?!)")


_OUTCOME_WORDS = {scope: _outcome_words(scope) for scope in N.HUMAN_SCOPES}


def _tells_outcome(sentence: str | None, scope: str | None) -> bool:
    """Does a sentence name an outcome in any of its words (a word starting as one of the
    outcome's words: "hospitalized", "gunshots")?"""
    return bool(scope and sentence and scope in _OUTCOME_WORDS and _OUTCOME_WORDS[scope].search(sentence))


def _attach_unscoped(claims: list[Claim], keys: list[tuple]) -> list[tuple]:
    """A count with no outcome scope ("the five victims") joins the scoped key of the same
    class that holds the same value ("shot five people") in the event's own time, when exactly
    one does, and when its own sentence tells of that outcome in some words ("sent to
    hospital"), it counts the harmed by name ("victims") or its own report states that count:
    a crowd of the size of another report's toll is no victim count ("two men drove to the
    market", "thousands marched")."""
    by_val: dict[tuple, set] = defaultdict(set)
    stated: set[tuple] = set()
    for c, k in zip(claims, keys):
        if k[0] == "quantity" and k[2] is not None and c.state != "background":
            by_val[(k[1], float(c.value or 0))].add(k)
            if c.basis is None:
                stated.add((c.doc, k, float(c.value or 0)))
    out = []
    for c, k in zip(claims, keys):
        if k[0] == "quantity" and k[2] is None and N.FAMILY.get(k[1] or "") == "human":
            cands = {x for x in by_val.get((k[1], float(c.value or 0)), set())
                     if not (c.unit in HARMED and x[2] not in HARM_SCOPES)}
            if len(cands) == 1:
                x = next(iter(cands))
                if not ATTACH_IN_REPORT or c.unit in HARMED or _tells_outcome(c.sentence, x[2]) \
                        or (c.doc, x, float(c.value or 0)) in stated:
                    k = x
        out.append(k)
    return out


# outcomes counted once for the whole event: every report's count of them is one figure
TOLL_SCOPES = N.HUMAN_SCOPES - {"attempted"}


def toll_key(c: Claim, k: tuple) -> tuple:
    """The key of a count of people by what happened to them ("people killed"): all such
    counts of one outcome are one figure of the event, whatever noun they count (men, officers,
    victims); counts set in another time or event ("background") are a figure apart."""
    if c.state == "background":
        return ("background", *k)
    if k[0] != "quantity" or k[2] not in TOLL_SCOPES or not (c.unit is None or N.could_be_person(
            (c.unit or "").split("+")[0])):
        return k
    return ("toll", k[2])


def _vague(c: Claim) -> bool:
    """A vague quantity ("dozens", "hundreds"): a wide range, no figure to line up with an exact one."""
    return c.value_max is not None and float(c.value_max) >= 2 * max(float(c.value or 0), 1)


def _ratio_ok(a: Claim, b: Claim) -> bool:
    """Are two different values close enough to be two reports of one figure? Magnitudes
    of an earthquake differ by a few tenths between agencies; more means another quake."""
    x, y = abs(float(a.value or 0)), abs(float(b.value or 0))
    if a.kind == "magnitude":
        return abs(x - y) <= 0.5
    if a.kind == "time":
        return clock_gap(x, y) <= CLOCK_APART
    return min(x, y) / max(x, y, 1e-9) >= 0.5


def _subject_ok(a: Claim, b: Claim) -> bool:
    if a.kind in ("duration", "money") and a.subject and b.subject:
        return _norm_name(a.subject) == _norm_name(b.subject)
    return True


PAST_RE = re.compile(r"\b(?:(?:last|previous|prior|earlier|former)\s+(?:year|month|week|decade|century|"
                     r"attack|bombing|blast|quake|earthquake|incident|shooting|disaster|storm)s?|"
                     r"(?:years?|months?|decades?)\s+ago|in\s+(?:19|20)\d\d|since\s+(?:19|20)\d\d|"
                     r"the\s+(?:19|20)\d\d)\b", re.I)


LEAD_CHARS = 400  # the title and lead of a report: where it says where its event happened


class Context:
    """Where and when a figure's own sentence places it: the years it names, whether it
    speaks of an earlier event ("last year", "in 2009", "the previous attack"), the places it
    names, and whether all of those are elsewhere (named in no report's lead)."""

    def __init__(self, years: frozenset, past: bool, places: frozenset, elsewhere: bool):
        self.years, self.past, self.places, self.elsewhere = years, past, places, elsewhere

    def conflicts(self, other: "Context", same_value: bool) -> bool:
        """Can two figures of different values not be about the same incident? Different
        years say so, and so does one speaking of an earlier event or of a place away from the event
        and the other not, or two such places with no word in common, say so too."""
        if same_value:
            return False
        if self.years and other.years and not (self.years & other.years):
            return True
        if self.past != other.past or self.elsewhere != other.elsewhere:
            return True
        return self.elsewhere and not (self.places & other.places)


from ..lang.en.places import PLACE_GENERIC


def _place_words(name: str) -> list[str]:
    """The distinctive words of a place name: two names share a place when they share one
    ("Riverside Park" and "Riverside")."""
    from anyascii import anyascii

    return [w for w in re.findall(r"[a-z]{3,}", anyascii(name).lower()) if w not in PLACE_GENERIC]


def claim_contexts(claims: list[Claim], parsed: dict[str, Any]) -> list[Context]:
    """The :class:`Context` of every claim, from its sentence and the parse of its report."""
    places: dict[str, list[tuple[int, str]]] = {}
    for did, sp in parsed.items():
        places[did] = [(e.start_char, w) for e in getattr(sp, "ents", ()) if e.label_ in ("GPE", "LOC", "FAC")
                       for w in _place_words(e.text)]
    event_places = {w for did, ps in places.items() for at, w in ps if at < LEAD_CHARS}
    out = []
    for c in claims:
        sent = c.sentence or ""
        s0 = c.sentence_start if c.sentence_start is not None else c.start
        rest = sent[:max(0, c.start - s0)] + " " + sent[max(0, c.end - s0):]
        years = frozenset(re.findall(r"\b(?:1[89]|20)\d\d\b", rest))
        mine = frozenset(w for at, w in places.get(c.doc, []) if s0 <= at < s0 + len(sent))
        out.append(Context(years, bool(PAST_RE.search(rest)), mine, bool(mine) and not (mine & event_places)))
    return out


def group_claims(claims: list[Claim], sim: Similarity, context: list[Context] | None = None) -> list[list[int]]:
    """Indices of claims grouped by figure (see the module docstring). With ``context``,
    figures whose sentences place them in different incidents stay apart."""

    def apart(i: int, j: int) -> bool:
        return context is not None and claims[i].kind in ("quantity", "magnitude") and context[i].conflicts(
            context[j], same_value(claims[i].value, claims[j].value))

    keys = [toll_key(claims[i], k) for i, k in
            enumerate(_attach_unscoped(claims, [key_of(c, i) for i, c in enumerate(claims)]))]
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        by_key[k].append(i)
    groups: list[list[int]] = []
    # only claims with another claim of their key are compared: their sentences, in one call
    sim.need(i for k, idx in by_key.items() if k[0] != "toll" and len(idx) > 1 for i in idx)
    for k, idx in by_key.items():
        if k[0] == "toll":  # one group per outcome of the event: the reports' figures are sorted out later
            groups.append(sorted(idx))
            continue
        named_age = k[0] == "age" and not str(k[1]).startswith("?")
        pairs = []
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                i, j = idx[x], idx[y]
                a, b = claims[i], claims[j]
                same = same_value(a.value, b.value) and (a.value_max == b.value_max)  # "hundreds" is no 200
                if not _subject_ok(a, b) or apart(i, j):
                    continue
                s = sim.score(i, j)
                if same:
                    pairs.append((10.0 + s, i, j))
                elif a.doc != b.doc and "part" not in (a.state, b.state) and _vague(a) == _vague(b) and \
                        (named_age or (_ratio_ok(a, b) and s >= 1.0)):  # a part ("three of the five") is no other count
                    pairs.append((s, i, j))
        pairs.sort(key=lambda p: -p[0])
        cluster = {i: i for i in idx}
        members = {i: [i] for i in idx}
        for _, i, j in pairs:
            ci, cj = cluster[i], cluster[j]
            if ci == cj:
                continue
            merged = members[ci] + members[cj]
            vals: dict[str, set] = defaultdict(set)
            ok = True
            for m in merged:
                vals[claims[m].doc].add(float(claims[m].value or 0))
                if len(vals[claims[m].doc]) > 1:
                    ok = False
                    break
            if not ok or not all(_subject_ok(claims[p], claims[q]) and not apart(p, q) and not (
                    "part" in (claims[p].state, claims[q].state) and not same_value(claims[p].value, claims[q].value))
                                 for p in members[ci] for q in members[cj]):
                continue
            for m in members[cj]:
                cluster[m] = ci
            members[ci] = merged
            del members[cj]
        groups.extend(sorted(m) for m in members.values())
    groups.sort(key=lambda g: (min(claims[i].doc for i in g), min(claims[i].start for i in g)))
    return groups


# -- status -------------------------------------------------------------------------------

# outcomes whose counts grow or shrink as a story unfolds (a death toll, the injured, arrests)
EVOLVING = N.HUMAN_SCOPES | {"destroyed", "damaged", "burned"}
LOWER_BOUND = {"at least", "more than"}
UPPER_BOUND = {"up to", "as many as", "fewer than", "nearly"}
CLOCK_ABOUT = 0.25  # hours either side of a time of day said "about" or "around"
CLOCK_NEAR = 1.0  # hours after a time said "after" (or before one said "before") still meant by it
CLOCK_APART = 1.5  # two reports' times of one happening differ by at most this many hours


def _within(c: Claim, v: float) -> bool:
    """Does value v fit claim c's stated value with its qualifier? (A time of day said "about"
    covers :data:`CLOCK_ABOUT` either side; "after" or "before" one, :data:`CLOCK_NEAR` on its side.)"""
    x = float(c.value or 0)
    if c.kind == "time":
        if c.qualifier == "about":
            return clock_gap(v, x) <= CLOCK_ABOUT
        if c.qualifier == "after":
            return (v - x) % 24 <= CLOCK_NEAR
        if c.qualifier == "before":
            return (x - v) % 24 <= CLOCK_NEAR
        return clock_gap(v, x) < 1e-6
    if c.value_max is not None and x <= v <= float(c.value_max):
        return True
    if c.qualifier in LOWER_BOUND:
        return v >= x
    if c.qualifier in UPPER_BOUND:
        return v <= x
    if c.qualifier == "about":
        return abs(v - x) <= 0.1 * max(abs(x), 1)
    return abs(v - x) < 1e-9


def _by_value(g: list[Claim], published: dict[str, str | None]
              ) -> tuple[list[str], list[float], dict[float, list[Claim]], bool]:
    """(reports, distinct values, claims by value, whether every report is dated) of a group."""
    by_val: dict[float, list[Claim]] = defaultdict(list)
    for c in g:
        by_val[float(c.value or 0)].append(c)
    return sorted({c.doc for c in g}), sorted(by_val), by_val, all(published.get(c.doc) for c in g)


def status_of(g: list[Claim], family_claims: list[Claim], origins: dict[str, str] | None = None,
              published: dict[str, str | None] | None = None) -> tuple[str, str, Any]:
    """(status, note, value) of one group of claims. ``origins`` maps a report to its origin
    (reports copying one another count once), ``published`` a report to its ISO date."""
    origins = origins or {}
    published = published or {}
    docs, vals, by_val, dated = _by_value(g, published)
    clock = g[0].kind == "time"

    def show(v: float) -> str:
        return clock_text(v) if clock else fmt(N.as_value(v))

    def support(v: float) -> tuple:
        """Most independent origins, then the latest report (when every report is dated),
        then the most reports, then the larger value."""
        latest = max(published.get(c.doc) or "" for c in by_val[v]) if dated else ""
        return (len({origins.get(c.doc, c.doc) for c in by_val[v]}), latest, len({c.doc for c in by_val[v]}), v)

    best = max(vals, key=support)
    evolving = g[0].kind == "quantity" and any(c.scope in EVOLVING for c in g)
    timed_order = _time_order(vals, by_val, published) if evolving else None
    if len(docs) == 1:
        return "single", f"only {docs[0]} gives this figure", N.as_value(best)
    if len(vals) == 1:
        quals = sorted({c.qualifier for c in g if c.qualifier})
        extra = f" (some say {', '.join(quals)})" if quals else ""
        return "agree", f"{len(docs)} reports give {show(vals[0])}{extra}", N.as_value(vals[0])
    shown = "; ".join(f"{show(v)} in {', '.join(sorted({c.doc for c in by_val[v]}))}" for v in vals)
    # rounding: 48 and 48.5
    exacts = [v for v in vals if not v.is_integer()]
    if not clock and len(exacts) == 1 and all(v in (math.floor(exacts[0]), math.ceil(exacts[0])) for v in vals if v.is_integer()):
        exact = exacts[0]
        return "reconciled", f"{shown}: the whole number is {show(exact)} rounded", N.as_value(exact)
    # bounds and approximations
    if all(any(_within(c, v) for c in g) or all(_within(c, v) for c in g if float(c.value or 0) != v) for v in vals) \
            and all(all(_within(c, v) or _within(d, float(c.value or 0)) for d in by_val[v])
                    for v in vals for c in g if float(c.value or 0) != v):
        if timed_order:
            return ("reconciled", f"{shown}: the values fit each other's stated bounds or approximations; "
                    f"{_time_note(timed_order, by_val, published)}", N.as_value(timed_order[-1]))
        return "reconciled", f"{shown}: the values fit each other's stated bounds or approximations", N.as_value(best)
    # time or state scope
    changed = {v for v, cs in by_val.items() if any(c.state == "changed" for c in cs)}
    if changed and len(changed) < len(vals):
        later = sorted(changed)
        word = next(c.text for v in later for c in by_val[v] if c.state == "changed")
        return ("reconciled", f"{shown}: a report says the figure changed ({word!r}), "
                f"so {', '.join(show(v) for v in later)} is the later figure", N.as_value(later[-1]))
    if timed_order:
        return "reconciled", f"{shown}: {_time_note(timed_order, by_val, published)}", N.as_value(timed_order[-1])
    timed = {v for v, cs in by_val.items() if any(c.state in ("at the time", "original") for c in cs)}
    if timed and len(timed) < len(vals):
        t = sorted(timed)
        later = [v for v in vals if v not in timed]
        how = next(c.state for v in t for c in by_val[v] if c.state)
        return ("reconciled", f"{shown}: {', '.join(show(v) for v in t)} is the figure {how}"
                f"{' of the events' if how == 'at the time' else ''}, the other a later one", N.as_value(later[0]))
    states = {v: {c.state for c in cs} for v, cs in by_val.items()}
    if all(None not in s for s in states.values()) and len(set().union(*states.values())) >= len(vals):
        return "reconciled", f"{shown}: different scopes ({', '.join(sorted(set().union(*states.values())))})", N.as_value(best)
    # arithmetic stated in the reports: a difference or a sum of parts
    note = _arithmetic(vals, g, family_claims) if g[0].kind in ("quantity", "money") else None
    if note:
        return "reconciled", f"{shown}: {note}", N.as_value(min(vals) if " − " in note else max(vals))
    return "disagree", f"the reports differ: {shown}", N.as_value(best)


EVOLVE_DAYS = 7  # a toll changes over the first days of coverage; a later report's other figure is a disagreement


def _days_apart(a: str, b: str) -> int | None:
    import datetime as dt

    try:
        return abs((dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days)
    except ValueError:
        return None


def toll_status(g: list[Claim], origins: dict[str, str] | None = None,
                published: dict[str, str | None] | None = None) -> tuple[str, str, Any]:
    """(status, note, value) of the event's count of people by one outcome, from each
    report's own figure (:func:`report_figures`).

    - one report: ``single``; one value: ``agree``;
    - dated reports whose figure only rises over time, each value's reports all out before the
      next value's, within the first days of coverage, the latest figure stated in a report's
      lead (a rising toll is news, told first): ``evolving``, the value the latest reports
      give, and the sequence in the note;
    - values that fit each other's stated bounds ("at least 1" and 5): ``reconciled``, the
      exact value;
    - otherwise ``disagree``: the value the fitted value model of
      :mod:`storylens.stages.claims_choice` finds likeliest; without it (and between values it
      scores alike), the value stated by the most independent origins (a count of the
      wounded worked out as the people shot less those killed counts only after these); between as
      many, the value more reports give in their lead (the title and first lines, where a report
      states its event's toll; figures further down are often context), then a stated count
      before people described or named one by one (a sum of parts), then the later reports, then the larger."""
    origins = origins or {}
    published = published or {}
    docs, vals, by_val, dated = _by_value(g, published)

    def support(v: float) -> tuple:
        stated = {origins.get(c.doc, c.doc) for c in by_val[v] if c.basis not in ("person", "parts")}
        every = {origins.get(c.doc, c.doc) for c in by_val[v]}
        said = {origins.get(c.doc, c.doc) for c in by_val[v] if c.basis != "difference"}
        lead = {origins.get(c.doc, c.doc) for c in by_val[v] if c.start < LEAD_CHARS}
        latest = max(published.get(c.doc) or "" for c in by_val[v]) if dated else ""
        return (len(said), len(every), len(lead), len(stated), latest, v)

    fitted = choice.value_scores(by_val, origins, published)
    best = max(vals, key=lambda v: (fitted.get(v, 0.0), support(v)))
    if len(docs) == 1:
        how = "" if all(c.basis != "person" for c in g) else " (one person described, no count stated)"
        return "single", f"only {docs[0]} gives this figure{how}", N.as_value(best)
    quals = sorted({c.qualifier for c in g if c.qualifier})
    if len(vals) == 1:
        extra = f" (some say {', '.join(quals)})" if quals else ""
        return "agree", f"{len(docs)} reports give {fmt(N.as_value(vals[0]))}{extra}", N.as_value(vals[0])
    shown = "; ".join(f"{fmt(N.as_value(v))} in {', '.join(sorted({c.doc for c in by_val[v]}))}" for v in vals)
    changed = {v for v, cs in by_val.items() if any(c.state == "changed" for c in cs)}
    if changed and len(changed) < len(vals) and max(changed) == max(vals):
        word = next(c.text for c in by_val[max(changed)] if c.state == "changed")
        return ("reconciled", f"{shown}: a report says the figure changed ({word!r}), "
                f"so {fmt(N.as_value(max(changed)))} is the later figure", N.as_value(max(changed)))
    later = _later_value(by_val, published)
    if later is not None:
        return ("reconciled", f"{shown}: a report tells of wounded people who died later, so "
                f"{fmt(N.as_value(later))} is the later figure", N.as_value(later))
    own = {v for v, cs in by_val.items() if v - 1 in by_val and any(c.basis == "suicide" for c in cs)}
    if len(own) == 1:
        return ("reconciled", f"{shown}: {fmt(N.as_value(max(own) - 1))} killed and the one who then killed "
                f"themselves make {fmt(N.as_value(max(own)))}", N.as_value(max(own)))
    order = _time_order(vals, by_val, published) if dated else None
    if order and order == sorted(order) and any(c.basis != "person" and c.start < LEAD_CHARS
                                                for c in by_val[order[-1]]):
        first = min(published[c.doc] or "" for c in g)
        last = max(published[c.doc] or "" for c in g)
        span = _days_apart(first, last)
        if span is not None and span <= EVOLVE_DAYS:
            steps = []
            for v in order:
                ds = sorted({c.doc for c in by_val[v]}, key=lambda d: published.get(d) or "")
                steps.append(f"{fmt(N.as_value(v))} ({', '.join(f'{d} {published.get(d)}' for d in ds)})")
            return ("evolving", f"the toll changed as reports came in: {', then '.join(steps)}; "
                    f"{fmt(N.as_value(order[-1]))} is the latest figure", N.as_value(order[-1]))
    exact = [v for v in vals if any(c.qualifier is None and c.value_max is None for c in by_val[v])]
    if len(exact) == 1 and all(all(_within(c, exact[0]) for c in by_val[v]) for v in vals if v != exact[0]):
        return ("reconciled", f"{shown}: the values fit each other's stated bounds or approximations",
                N.as_value(exact[0]))
    return "disagree", f"the reports differ: {shown}", N.as_value(best)


def _later_value(by_val: dict[float, list[Claim]], published: dict[str, str | None]) -> float | None:
    """The one value given by reports that count the wounded who died after the event among the
    killed (basis "later", :func:`move_later_deaths`), when no other report is dated after them."""
    later = {v for v, cs in by_val.items() if any(c.basis == "later" for c in cs)}
    if len(later) != 1:
        return None
    v = next(iter(later))
    mine = [published.get(c.doc) or "" for c in by_val[v] if c.basis == "later"]
    others = [published.get(c.doc) or "" for x, cs in by_val.items() if x != v for c in cs]
    return v if max(mine) >= max(others, default="") else None


def _time_order(vals: list[float], by_val: dict[float, list[Claim]],
                published: dict[str, str | None]) -> list[float] | None:
    """The values in the order of publication, when every report giving the figure has a
    date and all reports of one value came out before all reports of the next (an early
    count and a later one); else None."""
    spans = []
    for v in vals:
        dates = [published.get(c.doc) for c in by_val[v]]
        if not dates or any(not d for d in dates):
            return None
        spans.append((min(dates), max(dates), v))
    spans.sort()
    for (_, hi, _), (lo, _, _) in zip(spans, spans[1:]):
        if not hi < lo:
            return None
    return [v for _, _, v in spans]


def _time_note(order: list[float], by_val: dict[float, list[Claim]], published: dict[str, str | None]) -> str:
    """"the reports came out at different times: 40 (a, 2026-03-01), then 43 (b, 2026-03-02);
    43 is the latest figure"."""
    steps = []
    for v in order:
        ds = sorted({c.doc for c in by_val[v]})
        when = max(published.get(d) or "" for d in ds)
        steps.append(f"{fmt(N.as_value(v))} ({', '.join(ds)}, {when})")
    return (f"the reports came out at different times: {', then '.join(steps)}; "
            f"{fmt(N.as_value(order[-1]))} is the latest figure")


def _arithmetic(vals: list[float], g: list[Claim], fam: list[Claim]) -> str | None:
    """"12 − 4 = 8" when a report of the group states the difference, or "200 + 200 = 400"
    when one report's parts add up to another's whole."""
    docs = {c.doc for c in g}
    in_docs = [c for c in fam if c.doc in docs]
    for hi in vals:
        for lo in vals:
            if lo >= hi:
                continue
            diff = hi - lo
            for c in in_docs:
                stated = {float(x.value or 0) for x in fam if x.doc == c.doc}
                if abs(float(c.value or 0) - diff) < 1e-9 and c not in g and {hi, lo} <= stated:
                    return f"{fmt(N.as_value(hi))} − {fmt(N.as_value(diff))} = {fmt(N.as_value(lo))} ({c.doc}: {c.text!r})"
    for whole in vals:
        for d in docs:
            parts = [c for c in fam if c.doc == d and float(c.value or 0) < whole]
            for x in range(len(parts)):
                for y in range(x + 1, len(parts)):
                    a, b = parts[x], parts[y]
                    wholes = [c for c in g if float(c.value or 0) == whole and "+" in (c.unit or "")]
                    if abs(float(a.value or 0) + float(b.value or 0) - whole) < 1e-9 and a.start != b.start \
                            and wholes and a.unit != b.unit:
                        return (f"{a.text!r} + {b.text!r} = {fmt(N.as_value(whole))} "
                                f"(parts in {d}, the whole elsewhere)")
    return None


from ..lang.en.units import DIMENSION
def display_value(value: Any, unit: str | None) -> str:
    """A group's value as a reader sees it, with its unit in the right number: "11 buses",
    "1 bus", "3 people", "40 firefighters", "6.5 years", "12%", "5,000 USD"."""
    if value is None:
        return ""
    if unit == CLOCK_UNIT and isinstance(value, (int, float)):
        return clock_text(value)
    v = N.as_value(float(value)) if isinstance(value, (int, float)) else value
    shown = fmt(v)
    if not unit:
        return shown
    if unit == "%":
        return f"{shown}%"
    if unit.isupper() or unit in ("magnitude",):
        return f"{shown} {unit}" if unit != "magnitude" else f"magnitude {shown}"
    one = isinstance(v, int) and v == 1
    words = [u if one else plural(u) for u in unit.split("+")]
    return f"{shown} {' and '.join(words)}"


def _of_what(c: Claim) -> str | None:
    """What a measured figure is of ("2,000 tonnes of wheat" -> "wheat")."""
    if c.sentence is None or c.sentence_start is None:
        return None
    after = c.sentence[c.end - c.sentence_start:]
    m = re.match(r"\s+of\s+(?:the\s+|its\s+|their\s+)?((?:[a-z][a-z-]+\s+)?[a-z][a-z-]+)", after)
    if not m:
        return None
    words = []
    for w in m.group(1).split():
        if w in STOP or re.search(r"(?:ing|ed|ly)$", w) or w in ("was", "were", "and", "in", "on", "at"):
            break
        words.append(w)
    if re.match(r"['’]s\b", after[m.end():]):
        return None  # "of the city's ..."
    if not words or re.fullmatch(r"(?:them|which|those|these|it|us|whom)", words[-1]):
        return None
    return " ".join(words)


def _modified_thing(c: Claim) -> str | None:
    """The noun a hyphenated figure describes ("three-storey warehouse" -> "warehouse")."""
    m = re.match(r"^\S*?-[a-z]+(?:-old)?\s+(.+)$", c.text)
    if not m:
        return None
    words = m.group(1).split()
    return words[-1] if words and words[-1][:1].islower() else None


def _distance_what(c: Claim) -> str:
    """What a distance measures: "depth" ("at a depth of 10 km", "10 km deep"), "distance
    from X" ("30 km from X", "30 km north of X"), else "distance"."""
    sent = c.sentence or ""
    s0 = c.sentence_start if c.sentence_start is not None else c.start
    before, after = sent[max(0, c.start - s0 - 25):max(0, c.start - s0)], sent[max(0, c.end - s0):]
    if re.search(r"\bdepth\s+of\s+(?:about\s+|some\s+|around\s+)?$", before, re.I) or \
            re.match(r"\s*(?:\(\s*[\d.,\s]+\w+\s*\)\s*)?(?:deep|below|underground|beneath)\b", after, re.I):
        return "depth"
    m = re.match(r"\s*(?:\(\s*[\d.,\s]+\w+\s*\)\s*)?(?:away\s+)?(?:(?:north|south|east|west|northeast|northwest|"
                 r"southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+)?(?:from|of|off)\s+"
                 r"((?:the\s+)?(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})", after)
    if m:
        return f"distance from {m.group(1)}"
    return "distance"


def _topic(c: Claim, key_scope: str | None, state: str | None = None) -> str:
    """A short readable phrase saying what a group's figure is ("people injured", "age of
    Doe", "height of the warehouse (storeys)")."""
    if c.kind == "age":
        return f"age of {c.subject}" if c.subject else "age (person not named)"
    if c.kind == "magnitude":
        return "magnitude of the earthquake"
    if c.kind == "time":
        return f"time {c.subject}" if c.subject else "time of day"
    if c.kind == "money":
        return f"amount of money ({c.unit})" if c.unit else "amount of money"
    if c.kind == "percent":
        what = _of_what(c)
        return f"share of {what} (per cent)" if what else "percentage"
    unit = c.unit or "count"
    if c.kind == "duration":
        who = f" of {c.subject}" if c.subject else ""
        units = plural(unit)
        if c.scope == "sentence":
            return f"prison sentence{who} ({units})"
        if c.scope == "probation":
            return f"probation{who} ({units})"
        if c.scope and N.could_be_person(c.scope):  # "a 20-year veteran"
            return f"length of service{who} ({units})"
        if c.scope:
            return f"length of the {c.scope}{who} ({units})"
        return f"duration ({units})"
    if c.kind == "distance":
        return f"{_distance_what(c)} ({plural(unit)})"
    thing = _modified_thing(c)
    if thing and unit not in thing:
        dim = DIMENSION.get(unit, "size")
        return f"{dim} of the {thing} ({plural(unit)})"
    if c.kind == "measure":
        what = _of_what(c)
        base = f"{plural(unit)} of {what}" if what else f"{DIMENSION.get(unit, 'amount')} ({plural(unit)})"
        return f"{base} {key_scope}" if key_scope else base
    parts = " and ".join(plural(u) for u in unit.split("+"))
    if unit in ("count", "charge") and key_scope:
        return f"{parts} of {key_scope}"  # "counts of murder"
    if key_scope:
        return f"{parts} {key_scope}"
    return f"{parts} ({state})" if state else parts


def build_groups(claims: list[Claim], groups: list[list[int]], origins: dict[str, str],
                 published: dict[str, str | None] | None = None,
                 own: dict[str, set[int]] | None = None) -> list[ClaimGroup]:
    """Claim groups with status, note, value and independent sources; the groups of the event
    first, then those set in another time or event."""
    groups = sorted(groups, key=lambda idx: all(claims[i].state == "background" for i in idx))
    fam: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        fam[family(c)].append(c)
    out: list[ClaimGroup] = []
    for n, idx in enumerate(groups, 1):
        g = [claims[i] for i in idx]
        parts: list[Claim] = []
        how = ""
        if is_toll(g):
            g, parts, how = report_figures(g, origins, own)
            status, note, value = toll_status(g, origins, published)
        else:
            status, note, value = status_of(g, fam[family(g[0])], origins, published)
        if how:
            note = f"{note}; {how}"
        scope_counts = Counter(c.scope for c in g if c.scope)
        scope = scope_counts.most_common(1)[0][0] if scope_counts else None
        if scope is None:
            states = Counter(c.state for c in g if c.state and same_value(c.value, value))
            scope = states.most_common(1)[0][0] if states else None
        units = Counter(c.unit for c in g if same_value(c.value, value)) or Counter(c.unit for c in g)
        unit = units.most_common(1)[0][0]
        rep = next(c for c in g if c.unit == unit)
        topic = _topic(rep, scope if rep.kind in ("quantity", "measure") and scope != rep.state else None, rep.state)
        nouns = {c.unit for c in g if c.unit and c.basis is None}
        if is_toll(g) and scope and len(nouns) != 1:
            topic, unit = f"people {scope}", "person"  # the quantity, whatever noun each report counts
        if all(c.state == "background" for c in g):
            topic, scope = f"{topic}, in another time or event", "background"
        out.append(ClaimGroup(
            id=f"g{n}", topic=topic, status=status,
            value=value, unit=unit, scope=scope, claims=g,
            independent_sources=len({origins.get(c.doc, c.doc) for c in g}), note=note, parts=parts))
    return _link_arithmetic(out)


def is_toll(g: list[Claim]) -> bool:
    """Is a group the event's count of people by one outcome (see :func:`toll_key`)?"""
    return bool(g) and all(c.kind == "quantity" and (c.scope in TOLL_SCOPES or c.scope is None)
                           and c.state != "background"
                           and (c.unit is None or N.could_be_person(c.unit.split("+")[0])) for c in g) \
        and len({c.scope for c in g if c.scope}) == 1


def _person_key(c: Claim) -> str:
    return (c.subject or c.text).lower()


def _sum_of(parts: list[Claim], whole: float) -> list[Claim] | None:
    """Two or three of a report's smaller counts, stated apart, that add up to its figure."""
    import itertools

    uniq = list({(c.start, c.end): c for c in parts}.values())
    for k in (2, 3):
        for combo in itertools.combinations(uniq, k):
            if abs(sum(float(c.value or 0) for c in combo) - whole) < 1e-9:
                return sorted(combo, key=lambda c: c.start)
    return None


def _with_own_death(figure: list[Claim], cs: list[Claim], own: set[int] | None, parts: list[Claim]) -> list[Claim]:
    """A report's count of the killed made of people described one by one (``cs``), with the
    death of the attacker the report tells of in sentences ``own`` but does not describe among
    them: one claim more by one (basis "suicide"); the count itself goes to ``parts``."""
    if not own or not figure or figure[0].scope != "killed" or any(c.sentence_start in own for c in cs):
        return figure

    top = figure[-1]
    parts.extend(figure)
    return [replace(top, value=N.as_value(float(top.value or 0) + 1), basis="suicide", subject=None,
                    value_max=None, qualifier=None)]


def _current(cs: list[Claim]) -> list[Claim]:
    """A report's stated counts of an outcome, less those it gives as earlier or as parts."""
    stated = [c for c in cs if c.basis != "person"]
    return [c for c in stated if c.state not in ("original", "part")] or stated


def report_figures(g: list[Claim], origins: dict[str, str] | None = None,
                   own: dict[str, set[int]] | None = None) -> tuple[list[Claim], list[Claim], str]:
    """Each report's own figure for an outcome of the event, from all its counts of it:
    (the claims that state each report's figure, the parts beside them, how they were reached).

    A report's figure is the count it states for the event that the fitted chooser
    (:mod:`storylens.stages.claims_choice`) finds likeliest, or without its model the largest (its
    other counts of the same outcome are parts: "two officers" of "six wounded"), not counting a
    figure it gives as an earlier one or as a part ("two of the five"). A report that states no count but names or
    describes the people one by one gives the number of different people it names; a stated
    count beats such a sum, and both are kept. Such a sum of the killed in a report that tells
    of the attacker's own death elsewhere (``own``: :func:`storylens.stages.victims.own_deaths`)
    gains that death (basis "suicide")."""
    figures: list[Claim] = []
    parts: list[Claim] = []
    inferred: list[str] = []
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in g:
        by_doc[c.doc].append(c)
    currents = {doc: _current(cs) for doc, cs in by_doc.items()}
    probs = choice.score(g, {d: cs for d, cs in currents.items() if cs}, origins)
    for doc, cs in by_doc.items():
        current = currents[doc]
        if current:
            top = max(float(c.value or 0) for c in current) if not probs else \
                float(max(current, key=lambda c: (probs[id(c)], float(c.value or 0))).value or 0)
            mine = [c for c in current if float(c.value or 0) == top]
            figures.extend(mine)
            parts.extend(c for c in cs if c not in mine)
            continue
        full = [c.subject for c in cs if (c.subject or "").startswith("name:") and " " in c.subject]
        # a name of one word is someone named in full too: the surname, or the first name
        # ("Ann" after "Ann Alder")
        names = list(dict.fromkeys(c.subject for c in cs if (c.subject or "").startswith("name:") and (
            " " in c.subject or not any(f.endswith(" " + c.subject[5:]) or f.startswith(c.subject + " ")
                                        for f in full))))
        descs = list(dict.fromkeys(c.subject for c in cs if c.subject and not c.subject.startswith(("~", "name:"))))
        people = names if len(names) >= len(descs) else descs
        if len(people) <= 1:
            figures.extend(_with_own_death(cs, cs, (own or {}).get(doc), parts))
            continue
        firsts = [next(c for c in cs if c.subject == p) for p in people]
        a, b = min(firsts, key=lambda c: c.start), max(firsts, key=lambda c: c.end)
        total = replace(b, value=len(people), basis="parts", value_max=None, qualifier=None, subject=None)
        if a.sentence_start == b.sentence_start and a.sentence and a.sentence_start is not None:
            s0 = a.sentence_start
            total = replace(total, start=a.start, text=a.sentence[a.start - s0:b.end - s0])  # "a man ... and a woman"
        figures.extend(_with_own_death([total], cs, (own or {}).get(doc), parts))
        parts.extend(cs)
        inferred.append(f"{doc} names {len(people)} people one by one ({', '.join(repr(c.text) for c in firsts)})")
    how = []
    if inferred:
        how.append("no count stated: " + "; ".join(inferred))
    diff = sorted({c.doc for c in figures if c.basis == "difference"})
    if diff:
        how.append(f"{', '.join(diff)}: the wounded worked out as the people shot less those who did not survive")
    later = sorted({c.doc for c in figures if c.basis == "later"})
    if later:
        how.append(f"{', '.join(later)}: the wounded who died later are counted among the killed")
    own = sorted({c.doc for c in figures if c.basis == "suicide"})
    if own:
        how.append(f"{', '.join(own)}: the people killed and the one who then killed themselves")
    single = [c for c in figures if c.basis == "person"]
    if single:
        how.append(f"{', '.join(sorted({c.doc for c in single}))}: one person described, no count stated")
    added: set[str] = set()
    for doc, cs in by_doc.items():
        fig = next((c for c in figures if c.doc == doc), None)
        mine = [c for c in parts if c.doc == doc and c.basis != "person" and c.state != "part"]
        if fig is None or fig.basis == "parts" and fig not in cs:
            continue
        eq = _sum_of(mine, float(fig.value or 0))
        if eq:
            added.add(doc)
            how.append(f"{' + '.join(fmt(N.as_value(float(c.value or 0))) for c in eq)} = {fmt(fig.value)}, "
                       f"the parts of people {fig.scope} ({doc})")
    summed = sorted({c.doc for c in parts if c.basis != "person"} - added)
    if summed:
        how.append(f"smaller counts of the same people are parts of a report's figure ({', '.join(summed)})")
    return figures, parts, "; ".join(how)


def _stated_together(doc: str, whole: ClaimGroup, a: ClaimGroup, b: ClaimGroup, width: int = 300) -> bool:
    """Does a report give two parts and their whole close together (the same or the next
    sentence), with no outcome scope that sets a part apart from the whole?"""
    if any(g.scope and whole.scope and g.scope != whole.scope for g in (a, b)):
        return False
    for w in (c for c in whole.claims if c.doc == doc):
        for x in (c for c in a.claims if c.doc == doc):
            for y in (c for c in b.claims if c.doc == doc):
                if x.start != y.start and max(w.start, x.start, y.start) - min(w.start, x.start, y.start) <= width:
                    return True
    return False


def _link_arithmetic(groups: list[ClaimGroup]) -> list[ClaimGroup]:
    """Add to the notes of separate groups of one kind of thing the arithmetic a report
    states between them ("12 − 4 = 8": the original, those that turned back, the rest)."""
    fam: dict[str, list[int]] = defaultdict(list)
    for n, g in enumerate(groups):
        if g.value is not None and g.claims and g.claims[0].kind == "quantity":
            fam[family(g.claims[0])].append(n)
    extra: dict[int, str] = {}
    found: list[tuple[bool, int, int, int, str]] = []
    for members in fam.values():
        for x in members:
            for y in members:
                for z in members:
                    a, b, c = groups[x], groups[y], groups[z]
                    if len({x, y, z}) < 3 or abs(float(a.value) - float(b.value) - float(c.value)) > 1e-9:
                        continue
                    docs = {cl.doc for cl in a.claims} & {cl.doc for cl in b.claims} & {cl.doc for cl in c.claims}
                    if c.scope != "remaining":  # parts and their whole are stated together
                        docs = {d for d in docs if _stated_together(d, a, b, c)}
                    if docs and float(b.value) > 0 and float(c.value) > 0:
                        where = ", ".join(sorted(docs))
                        eq = (f"{fmt(a.value)} − {fmt(b.value)} = {fmt(c.value)} ({where})" if c.scope == "remaining"
                              else f"{fmt(b.value)} + {fmt(c.value)} = {fmt(a.value)}, the parts of "
                                   f"{a.topic} ({where})")
                        found.append((c.scope != "remaining", x, y, z, eq))
    for _, x, y, z, eq in sorted(found):
        for k in (x, y, z):
            extra.setdefault(k, eq)
    return [replace(g, note=f"{g.note}; the reports' own arithmetic: {extra[n]}") if n in extra else g
            for n, g in enumerate(groups)]


BACKGROUND_KINDS = {"quantity", "money", "measure", "percent"}


def mark_background(claims: list[Claim], parsed: dict[str, Any], documents: list[Document]) -> list[Claim]:
    """Figures whose own clause sets them in another time or event get state "background"
    (see :mod:`storylens.stages.event_scope`)."""
    from . import event_scope as E

    years = {d.id: E.pub_year(d.published) for d in documents}
    event_years = E.event_years([d.published for d in documents])
    contexts = claim_contexts(claims, parsed)
    out = []
    for c, ctx in zip(claims, contexts):
        sp = parsed.get(c.doc)
        if c.kind in BACKGROUND_KINDS and sp is not None:
            root = E.span_root(sp, c.start, c.end)
            if root is not None and E.background_reason(root, years.get(c.doc), event_years, ctx.elsewhere):
                c = replace(c, state="background")
        out.append(c)
    return out


def resolve_people(claims: list[Claim]) -> list[Claim]:
    """One outcome per person in a report: someone killed is not also counted as injured, and
    someone shot who is not said to have died counts as injured. A definite mention ("the
    victim") that may be anyone already named is kept only where the report names nobody else
    with that outcome."""

    def surname(key: str) -> str:
        return key.split()[-1] if key.startswith("name:") else key

    killed: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.basis == "person" and c.scope == "killed":
            killed[c.doc].add(surname(c.subject or ""))
    out = []
    for c in claims:
        if c.basis == "person" and c.scope in ("injured", "shot"):
            if surname(c.subject or "") in killed[c.doc] or (c.subject or "").startswith("~") and killed[c.doc]:
                continue
            c = replace(c, scope="injured")
        elif c.scope == "shot" and c.basis == "parts":
            continue  # a list of people shot: its members are read one by one
        out.append(c)
    return out


def _current_count(c: Claim, scope: str) -> bool:
    """Is a claim a report's count of people by this outcome, in the event's own time?"""
    return c.kind == "quantity" and c.scope == scope and c.state not in ("background", "original", "part") \
        and (c.unit is None or N.could_be_person(c.unit.split("+")[0]))


def derive_injured(claims: list[Claim]) -> list[Claim]:
    """People shot are those killed and those wounded: a report that counts the people shot
    gives, as a count of the wounded, the people shot less those it says were killed (a claim
    with basis "difference" on the span of the shot count), unless it states a count of the
    wounded beside a death or one as large as the people shot (a smaller count of the wounded
    in a report that tells of no death is a part: "eight people were shot ... two others were
    grazed")."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.doc].append(c)
    out = list(claims)
    for doc, cs in by_doc.items():
        shot = [c for c in cs if _current_count(c, "shot") and c.basis is None and N.parse_number(c.text) is None]
        hurt = [float(c.value or 0) for c in cs if _current_count(c, "injured") and c.basis != "person"]
        dead = any(c.scope == "killed" for c in cs)
        if not shot or hurt and (dead or max(hurt) >= max(float(c.value or 0) for c in shot)):
            continue  # a stated count of the wounded, beside a count of the dead or as large as the shot
        stated = [float(c.value or 0) for c in cs if _current_count(c, "killed") and c.basis != "person"]
        described = {c.subject or "~" for c in cs if _current_count(c, "killed") and c.basis == "person"}
        named = {p for p in described if not p.startswith("~")}
        killed = max(stated) if stated else max(len(named), min(1, len(described)))
        top = max(shot, key=lambda c: (float(c.value or 0), -c.start))
        rest = float(top.value or 0) - killed
        if rest >= 1:
            out.append(replace(top, value=N.as_value(rest), scope="injured", basis="difference"))
    return out


def _group_counted(cs: list[Claim], dead: Claim, n: int | None, width: int = 400) -> Claim | None:
    """The count of people wounded or shot a partitive death (``dead``) refers to: the last one
    before it, in its sentence or just before, of the size ``n`` when the partitive states it,
    and of the people it names ("one of the men": a count of men; "one of the victims": any)."""
    pos, noun = dead.start, dead.unit or "person"
    cands = [c for c in cs if c.start < pos and (_current_count(c, "injured") or _current_count(c, "shot"))
             and c.basis is None and (c.sentence_start == dead.sentence_start or pos - c.start <= width)
             and (noun in HARMED or noun == "person" or noun in (c.unit or "").split("+"))]
    if n is not None:
        cands = [c for c in cands if float(c.value or 0) == n]
    return max(cands, key=lambda c: c.start) if cands else None


def deaths_among_wounded(claims: list[Claim], among: dict[str, list[tuple[Claim, int | None]]]) -> list[Claim]:
    """People shot are those killed and those wounded: a count of people wounded of whom the
    report says some died ("four people with gunshot wounds ... one of the four died"; ``among``:
    :func:`storylens.stages.victims.deaths_among`, each death as a claim of the killed and the
    size the partitive states) counts the people shot. Its claims become counts of the shot,
    beside the wounded worked out as the rest (basis "difference"); of a count of the shot, the
    worked-out wounded leave those deaths out. The partitive ("one of the four") is a count of
    the killed."""
    out = list(claims)
    for doc, deaths in among.items():
        for dead, n in deaths:
            mine = [c for c in out if c.doc == doc]
            group = _group_counted(mine, dead, n)
            total, k = (float(group.value or 0) if group is not None else 0), float(dead.value or 0)
            if group is None or total <= k:
                continue
            same = [c for c in mine if c.basis in (None, "parts") and float(c.value or 0) == total
                    and (_current_count(c, "injured") or _current_count(c, "shot"))]
            rest = replace(group, value=N.as_value(total - k), scope="injured", basis="difference")
            worked = [c for c in mine if c.basis == "difference" and c.start == group.start]
            told = [c for c in mine if c.start == dead.start and c.scope is None and float(c.value or 0) == k]
            out = [replace(c, scope="shot") if c in same else c for c in out if c not in worked + told]
            out += [rest, replace(told[0], scope="killed") if told else dead]
    return out


def move_later_deaths(claims: list[Claim], later: dict[str, dict[int, int]]) -> list[Claim]:
    """People wounded in the event who died after it count among the killed, not the wounded.

    ``later`` gives, by report, the sentences that tell such deaths and how many people died
    (:func:`storylens.stages.victims.later_deaths`). In such a report, each stated count of the
    wounded becomes an earlier figure (state "original") beside the count less those who died
    (basis "later"); a count of the killed stated in the same sentence as the death ("a man
    wounded where two were killed has died") becomes an earlier figure beside the count with
    them."""
    out: list[Claim] = []
    for c in claims:
        deaths = later.get(c.doc) or {}
        n = sum(deaths.values())
        if not n or c.basis not in (None, "parts") or c.state not in (None, "at the time"):
            out.append(c)
            continue
        v = float(c.value or 0)
        if _current_count(c, "injured") and v - n >= 1:
            out += [replace(c, state="original"), replace(c, value=N.as_value(v - n), basis="later", state=None)]
        elif _current_count(c, "killed") and c.sentence_start in deaths:
            n = deaths[c.sentence_start]
            out += [replace(c, state="original"), replace(c, value=N.as_value(v + n), basis="later", state=None)]
        else:
            out.append(c)
    return out


def later_deaths_elsewhere(claims: list[Claim], later: dict[str, dict[int, int]]) -> list[Claim]:
    """A report that tells of wounded people who died after the event (``later``:
    :func:`storylens.stages.victims.later_deaths`) but gives no count of the wounded of its own
    still lowers the wounded the other reports counted: it gains, on the span of the death it
    tells, the count of the wounded most other reports state less those deaths (basis "later"; a
    count worked out elsewhere is no evidence to carry over)."""
    out = list(claims)
    for doc, deaths in later.items():
        n = sum(deaths.values())
        if any(_current_count(c, "injured") and c.basis != "person" for c in claims if c.doc == doc):
            continue
        others = Counter(float(c.value or 0) for c in claims if c.doc != doc and _current_count(c, "injured")
                         and c.basis in (None, "parts"))
        told = [c for c in claims if c.doc == doc and c.scope == "killed" and c.sentence_start in deaths]
        if not others or not told:
            continue
        v = max(others, key=lambda x: (others[x], x))
        if v - n >= 1:
            out.append(replace(told[0], value=N.as_value(v - n), scope="injured", basis="later", subject=None,
                               state=None, value_max=None, qualifier=None))
    return out


def add_own_deaths(claims: list[Claim], own: dict[str, set[int]]) -> list[Claim]:
    """A count of the people someone killed, stated with that person's own death ("killed four
    people, then turned the gun on herself"), leaves that death out: in such a sentence
    (``own``: :func:`storylens.stages.victims.own_deaths`) a stated count of the killed becomes an
    earlier figure (state "original") beside the count with that death (basis "suicide"), unless
    the sentence says whom the count includes."""
    out: list[Claim] = []
    for c in claims:
        if c.sentence_start in own.get(c.doc, ()) and c.basis is None and c.state in (None, "at the time") \
                and _current_count(c, "killed") and not INCLUDING_RE.search(c.sentence or ""):
            out += [replace(c, state="original"), replace(c, value=N.as_value(float(c.value or 0) + 1), basis="suicide",
                                                          state=None)]
        else:
            out.append(c)
    return out


def claim_groups(documents: list[Document], parsed: dict[str, Any], origins: dict[str, str],
                 use_embeddings: bool = True) -> list[ClaimGroup]:
    """Extract, group and judge the quantity claims of one event's documents."""
    from . import victims

    people = resolve_people(victims.extract_all(documents, parsed))
    claims = mark_background(N.extract_all(documents, parsed) + times.extract_all(documents, parsed) + people,
                             parsed, documents)
    later = victims.later_deaths(documents, parsed)
    claims = move_later_deaths(claims, later)
    own = victims.own_deaths(documents, parsed)
    claims = add_own_deaths(claims, own)
    claims = deaths_among_wounded(derive_injured(claims), victims.deaths_among(documents, parsed))
    claims = later_deaths_elsewhere(claims, later)
    claims = resolve_age_subjects(claims, parsed)
    sim = Similarity(claims, use_embeddings)
    published = {d.id: d.published for d in documents}
    return build_groups(claims, group_claims(claims, sim, claim_contexts(claims, parsed)), origins, published, own)


@stage("claims", requires=("documents", "entities", "origins"), provides=("claim_groups",))
def run(state: EventState) -> dict[str, list]:
    """The claims stage: claim groups (the timeline is the ``timeline`` stage's)."""
    parsed = state.parsed()
    origins = origin_of(state.sections.get("origins") or [], state.documents)
    use_emb = bool(getattr(state.settings, "embeddings", True))
    return {"claim_groups": claim_groups(state.documents, parsed, origins, use_emb)}
