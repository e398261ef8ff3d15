"""Cross-document resolution of entity mentions, and the entity and framing records.

:func:`resolve` joins mention candidates (see :mod:`storylens.stages.entities`) with a
union-find, rule by rule:

1. the same name (compact key: "U.K." = "UK", "Night Watch" = "Nightwatch");
2. forms of one alias-file group ("UN", "U.N.", "United Nations"), also inside longer
   names ("UN X" = "United Nations X");
3. person names: titles, suffixes and nicknames gone, compatible given and middle names
   ("Ana Maria Lopez" ~ "Ana Lopez"), never when a shorter name fits two people;
   a bare surname joins the one person with that surname in the event; when several share
   it, the full name earlier in the same paragraph, else the only one of them the report
   has named in full before it; otherwise it is left out;
4. transliteration variants (same per-word consonant skeleton once al-/el-/ad- are gone);
5. an acronym and its one expansion in the event ("KCFD" / "Kent County Fire Department");
6. equivalences the reports state: "X (Y)", "X [Y]", "X, also known as Y";
7. one site under two place-type words ("X Park" / "X Playground"), and the bare name
   before such a word ("X");
8. "the Y" for the one organisation named "... Y" ("the Courier" for "Leeds Courier").

Guards: a demonym is not its country, an army or police force is not its place (they are
separate mentions), person names only join on compatible given names.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

from ..model import Entity, Framing, Mention
from . import entity_rules as R
from .entity_candidates import PLACE_LABELS, Cand


class UnionFind:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


STATED_RE = re.compile(r"^(?:\s*[\(\[]\s*(?:the\s+)?|,?\s+(?:also|otherwise|better|commonly|widely|formerly)\s+"
                       r"(?:known\s+as|called)\s+(?:the\s+)?|,?\s+a\.?k\.?a\.?\s+(?:the\s+)?)$", re.I)


class _Work:
    """What the resolution rules share: the candidates, their union-find and what was read."""

    def __init__(self, cands: list[Cand], texts: dict[str, str], groups: Sequence[R.AliasGroup]):
        self.cands, self.texts, self.groups = cands, texts, groups
        self.n = len(cands)
        self.uf = UnionFind(self.n + len(groups))
        self.labels: dict[str, Counter] = defaultdict(Counter)  # compact key -> labels seen
        for c in cands:
            self.labels[R.compact_key(c.name)][c.label] += 1
        # persons named in full
        self.pn = {i: R.person_name(c.name) for i, c in enumerate(cands)
                   if c.label == "PERSON" or c.source == "nickname"}
        self.full = [i for i, p in self.pn.items() if p.full and len(R.words(cands[i].name)) >= 2]
        self.lasts: dict[str, list[int]] = defaultdict(list)
        for i in self.full:
            self.lasts[self.pn[i].last].append(i)
        self.surname_of: dict[int, str] = {}
        self.alias_keys: dict[str, set[int]] = defaultdict(set)
        self.items: list[tuple[str, int]] = []

    def only(self, key: str, lab: set[str]) -> bool:
        return bool(self.labels[key]) and set(self.labels[key]) <= lab


def resolve(cands: list[Cand], texts: dict[str, str], groups: Sequence[R.AliasGroup]) -> list[list[Cand]]:
    """Clusters of candidates, one per real thing; unresolvable bare surnames are dropped."""
    w = _Work(cands, texts, groups)
    _mark_bare(w)
    _join_same_name(w)
    _join_aliases(w)
    _join_persons(w)
    _join_given_names(w)
    # distinct non-person names for the remaining rules
    reps: dict[str, int] = {}
    for i, c in enumerate(cands):
        if c.bare or c.source in ("drop", "head"):
            continue
        reps.setdefault(R.fold(c.name), i)
    w.items = list(reps.items())
    _join_transliterations(w)
    _join_acronyms(w)
    _join_stated(w)
    _join_places(w)
    _join_heads(w)
    clusters: dict[int, list[Cand]] = defaultdict(list)
    for i, c in enumerate(cands):
        if c.source != "drop":
            clusters[w.uf.find(i)].append(c)
    return list(clusters.values())


def _mark_bare(w: _Work) -> None:
    """Mark the candidates that are a bare surname of a person named in full."""
    cands, pn, full = w.cands, w.pn, w.full
    # a place-tagged word counts as a surname of a person named in full only where it is
    # seldom read in an unambiguous place context ("in X", "X, a town"; "to X" is said of
    # persons too)
    tags: dict[str, Counter] = defaultdict(Counter)
    for c in cands:
        if c.source != "spacy" and c.label in PLACE_LABELS:
            continue  # a form found again by scanning has no context of its own read
        tags[R.compact_key(c.name)]["PLACE" if c.label in PLACE_LABELS and c.strong_place else "other"] += 1
    for i in full:  # each mention of the full name speaks for its surname too
        tags[R.compact_key(pn[i].last)]["other"] += 1
    # a surname written in one piece with a hyphen or a line-break hyphen ("Taylor-Laaker",
    # "Burns-worth") is the last name it spells
    joined = {R.compact_key(pn[i].tokens[-1]): pn[i].last for i in full}
    for i, c in enumerate(cands):
        ws = R.words(c.name)
        if len(ws) > 1 and " " not in c.name.strip() and R.compact_key(c.name) in joined:
            w.surname_of[i] = joined[R.compact_key(c.name)]
        elif len(ws) == 1:
            w.surname_of[i] = ws[0]
    for i, c in enumerate(cands):
        k = R.compact_key(c.name)
        c.bare = (i in w.surname_of and w.surname_of[i] in w.lasts and c.alias is None and
                  (c.label not in PLACE_LABELS or c.source == "surname" or
                   tags[k]["PLACE"] * 3 <= tags[k]["other"]))


def _join_same_name(w: _Work) -> None:
    """1. the same name."""
    by_key: dict[str, int] = {}
    for i, c in enumerate(w.cands):
        if c.bare or c.source == "head":
            continue
        k = R.compact_key(w.pn[i].display) if i in w.pn and w.pn[i].full else R.compact_key(c.name)
        if k in by_key:
            w.uf.union(by_key[k], i)
        else:
            by_key[k] = i


def _join_aliases(w: _Work) -> None:
    """2. forms of one alias group, also inside longer names ("UN X" / "United Nations X")."""
    for g, grp in enumerate(w.groups):
        for f in grp.forms:
            w.alias_keys[R.compact_key(f)].add(g)
    for i, c in enumerate(w.cands):
        if c.bare:
            continue
        g = c.alias
        if g is None:
            gs = w.alias_keys.get(R.compact_key(c.name), set())
            g = next(iter(gs)) if len(gs) == 1 else None
        if g is not None:
            w.uf.union(i, w.n + g)
    gtuple = tuple(w.groups)
    by_exp: dict[str, int] = {}
    for i, c in enumerate(w.cands):
        if c.bare or c.label == "PERSON" or c.source in ("head", "nickname") or len(R.words(c.name)) < 2:
            continue
        k = R.expanded_key(c.name, gtuple)
        if k in by_exp:
            w.uf.union(by_exp[k], i)
        else:
            by_exp[k] = i


def _join_persons(w: _Work) -> None:
    """3. compatible person names, then bare surnames to the person they name."""
    cands, pn, uf, lasts = w.cands, w.pn, w.uf, w.lasts
    names: dict[str, int] = {}
    for i in w.full:
        names.setdefault(R.compact_key(pn[i].display), i)
    keys = list(names)
    compat = {k: {k2 for k2 in keys if k2 != k and R.given_compatible(pn[names[k]], pn[names[k2]])}
              for k in keys}
    for k in keys:
        for k2 in compat[k]:
            others = (compat[k] | compat[k2]) - {k, k2}
            if all(R.given_compatible(pn[names[z]], pn[names[k]]) and
                   R.given_compatible(pn[names[z]], pn[names[k2]]) for z in others):
                uf.union(names[k], names[k2])
    for i, c in enumerate(cands):
        if not c.bare:
            continue
        last = w.surname_of[i]
        roots = {uf.find(j) for j in lasts[last]}
        if len(roots) == 1:
            uf.union(i, lasts[last][0])
            continue
        before = [j for j in lasts[last] if cands[j].doc == c.doc and cands[j].end <= c.start]
        near = [j for j in before if cands[j].para == c.para]
        if near:
            uf.union(i, max(near, key=lambda j: cands[j].start))
        elif len({uf.find(j) for j in before}) == 1:
            uf.union(i, before[0])  # the only one of them this report has named so far
        else:
            c.source = "drop"


def _join_given_names(w: _Work) -> None:
    """A given name alone ("Ana") joins the one person of the event with that given name."""
    firsts: dict[str, set[int]] = defaultdict(set)
    for i in w.full:
        firsts[w.pn[i].first].add(i)
    for i, c in enumerate(w.cands):
        ws = R.words(c.name)
        if c.bare or c.alias is not None or len(ws) != 1 or ws[0] in w.lasts or len(ws[0]) < 3 \
                or c.source not in ("spacy", "known") or c.label != "PERSON":
            continue
        roots = {w.uf.find(j) for j in firsts.get(ws[0], ())}
        if len(roots) == 1:
            w.uf.union(i, next(iter(firsts[ws[0]])))
            c.bare = True  # a part of the name: it does not vote on the type


def _join_transliterations(w: _Work) -> None:
    """4. transliteration variants."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    for c in w.cands:
        docs_of[R.compact_key(c.name)].add(c.doc)
    items, labels = w.items, w.labels
    for a in range(len(items)):
        na, ia = items[a]
        ka = R.compact_key(na)
        for b in range(a + 1, len(items)):
            nb, ib = items[b]
            kb = R.compact_key(nb)
            if ka == kb or w.uf.find(ia) == w.uf.find(ib):
                continue
            if w.only(ka, {"PERSON"}) and w.only(kb, {"PERSON"}):
                continue
            if w.only(ka, {"NORP"}) != w.only(kb, {"NORP"}):
                continue
            if len(R.words(na)) == 1 and (docs_of[ka] & docs_of[kb] or "PERSON" in labels[ka]
                                          or "PERSON" in labels[kb]):
                continue  # one report writing both spellings means two names; given names vary
            if R.translit_match(na, nb):
                w.uf.union(ia, ib)


def _join_acronyms(w: _Work) -> None:
    """5. an acronym and its one expansion in the event."""
    for na, ia in w.items:
        if not R.is_acronym(na) or w.only(R.compact_key(na), {"PERSON"}) or \
                R.compact_key(na) in w.alias_keys:
            continue  # an alias-file short form already has its expansion
        exp = [ib for nb, ib in w.items if R.acronym_of(na, nb) and not w.only(R.compact_key(nb), {"PERSON"})]
        roots = {w.uf.find(ib) for ib in exp}
        if len(roots) == 1 and w.uf.find(ia) not in roots:
            w.uf.union(ia, exp[0])


def _join_stated(w: _Work) -> None:
    """6. equivalences the reports state: "X (Y)", "X [Y]", "X, also known as Y"."""
    cands, pn = w.cands, w.pn
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        if c.source != "drop":
            by_doc[c.doc].append(i)
    for doc, idx in by_doc.items():
        idx.sort(key=lambda i: cands[i].start)
        t = w.texts[doc]
        for x, y in zip(idx, idx[1:]):
            a, b = cands[x], cands[y]
            gap = t[a.end:b.start]
            if b.start - a.end > 40 or not STATED_RE.match(gap):
                continue
            if a.bare or b.bare or (pn.get(x) and pn.get(y)):
                continue
            if gap.strip().startswith("["):
                w.uf.union(x, y)
            elif gap.strip().startswith("("):
                if R.acronym_of(b.text, a.text) or R.acronym_of(a.text, b.text):
                    w.uf.union(x, y)
            else:
                w.uf.union(x, y)


def _join_places(w: _Work) -> None:
    """7. place-type synonyms, a street with and without its direction, and bare prefixes."""
    uf = w.uf
    place_keys: dict[tuple[str, str], list[int]] = defaultdict(list)
    prefixes: dict[str, list[int]] = defaultdict(list)
    for na, ia in w.items:
        if w.only(R.compact_key(na), {"PERSON"}):
            continue
        ph = R.place_head(na)
        if ph and any(x not in R.GENERIC_WORDS for x in ph[0].split()):
            place_keys[ph].append(ia)
        pp = R.prefix_place(na)
        if pp:
            prefixes[pp[0].replace(" ", "")].append(ia)
    for ids in place_keys.values():
        for j in ids[1:]:
            uf.union(ids[0], j)
    # a street named with and without its one direction ("E. Main Street" / "Main Street")
    streets: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for na, ia in w.items:
        ph = R.place_head(na)
        if not ph or ph[1] not in R.STREET_CLASSES:
            continue
        d, rest = R.split_direction(na)
        streets[R.compact_key(rest)][d].append(ia)
    for variants in streets.values():
        directed = [d for d in variants if d]
        if "" in variants and len(directed) == 1:
            ids = variants[""] + variants[directed[0]]
            for j in ids[1:]:
                uf.union(ids[0], j)
    for na, ia in w.items:
        k = R.compact_key(na)
        if len(R.words(na)) >= 2 and k in prefixes:
            roots = {uf.find(j) for j in prefixes[k]}
            if len(roots) == 1:
                uf.union(ia, prefixes[k][0])


def _join_heads(w: _Work) -> None:
    """8. "the Y" for the one organisation "... Y"; otherwise dropped."""
    org_last: dict[str, set[int]] = defaultdict(set)
    for na, ia in w.items:
        ws = R.words(na)
        if len(ws) >= 2 and "ORG" in w.labels[R.compact_key(na)]:
            org_last[ws[-1]].add(ia)
    for i, c in enumerate(w.cands):
        if c.source != "head":
            continue
        ids = org_last.get(R.words(c.name)[0], set())
        roots = {w.uf.find(j) for j in ids}
        if len(roots) == 1:
            w.uf.union(i, next(iter(ids)))
        else:
            c.source = "drop"


# -- records ----------------------------------------------------------------------------------

def _group_of(cluster: list[Cand], groups: Sequence[R.AliasGroup]) -> R.AliasGroup | None:
    """The one alias group whose forms the cluster uses, if exactly one."""
    keys = {R.compact_key(c.name) for c in cluster}
    gs = [g for g in groups if any(R.compact_key(f) in keys for f in g.forms)]
    return gs[0] if len(gs) == 1 else None


def entity_type(cluster: list[Cand], group: R.AliasGroup | None) -> str:
    """The type of a cluster: the alias group's type; PERSON when person-tagged full names
    outvote every other type (a person tag on a string also tagged as a place does not
    count, a person read from its context counts twice); else the most common label, a
    mention read as a place from its context counting twice as a place."""
    if group is not None:
        return group.type
    placed = {R.compact_key(c.text) for c in cluster if c.label in PLACE_LABELS and not c.bare}
    votes: Counter = Counter()
    for c in cluster:
        if c.ctx == "person":
            votes["PERSON"] += 2
        elif c.bare and c.label == "PERSON" and c.source == "spacy":
            votes["PERSON"] += 1  # the model took the surname alone for a person
        elif c.bare or c.source not in ("spacy", "pattern", "stated", "nickname"):
            continue
        elif c.text.isupper() and (" " in c.text or len(c.text) > 5):
            continue  # a shouted dateline or headline: the model's tag is a guess
        elif c.source == "nickname" or (c.label == "PERSON" and R.person_name(c.name).full):
            votes["PERSON"] += R.compact_key(c.text) not in placed
        elif c.ctx == "place":  # "town of X", "X, <state>", "X district"
            votes[c.label if c.label in PLACE_LABELS else "GPE"] += 2
        else:
            votes[c.label] += 1
    if votes and votes["PERSON"] > max([v for k, v in votes.items() if k != "PERSON"] or [0]) and \
            any(c.label == "PERSON" and R.person_name(c.name).full for c in cluster if not c.bare):
        return "PERSON"
    votes.pop("PERSON", None)
    if not votes:
        votes = Counter(c.label for c in cluster)
    return votes.most_common(1)[0][0]


def canonical_name(cluster: list[Cand], etype: str, group: R.AliasGroup | None) -> str:
    """The most common full form: a person's full name (no title, no nickname); the alias
    group's name when the reports use it; otherwise the most used non-acronym form."""
    if etype == "PERSON":
        forms = [R.person_name(c.name).display for c in cluster if R.person_name(c.name).full]
    else:
        if group is not None and R.compact_key(group.name) in {R.compact_key(c.name) for c in cluster}:
            return group.name
        forms = [c.name for c in cluster if not R.is_acronym(c.name) and not c.bare] or \
            [c.name for c in cluster]
        forms = [f for f in forms if len(R.words(f)) >= 2] or forms
    if not forms:
        forms = [c.name for c in cluster]
    forms = [f for f in forms if any(ch.islower() for ch in f)] or forms  # not "NEW CITY"
    docs: dict[str, set[str]] = defaultdict(set)
    for c in cluster:
        f = R.person_name(c.name).display if etype == "PERSON" else c.name
        docs[f].add(c.doc)
    count = Counter(forms)
    return max(count, key=lambda f: (len(docs[f]), count[f], len(f)))


def label_of(c: Cand) -> str:
    """The name as the report wrote it (quotes and dashes folded)."""
    return R.fold(c.text)


def titled_forms(cl: list[Cand], texts: dict[str, str]) -> set[str]:
    """A person's full name with the title a report writes right before it ("Officer Ana
    Ruiz", "officer Ana Ruiz"), as the reports name them."""
    out = set()
    for c in cl:
        t = texts.get(c.doc, "")
        m = re.search(r"(?<![\w.])([A-Za-z][a-z]+\.?)[ \t]+$", t[max(0, c.start - 30):c.start])
        if m and len(R.words(c.text)) >= 2 and m.group(1).lower().rstrip(".") in R.PERSON_TITLES:
            out.add(f"{m.group(1)} {label_of(c)}")
    return out


def build(clusters: list[list[Cand]], groups: Sequence[R.AliasGroup],
          texts: dict[str, str] | None = None) -> tuple[list[Entity], list[Framing]]:
    """Entity and Framing records from clusters, most widely named first; with ``texts``, a
    person's aliases hold the titled forms of the name."""
    rows = []
    for cl in clusters:
        cl.sort(key=lambda c: (c.doc, c.start))
        group = _group_of(cl, groups)
        etype = entity_type(cl, group)
        name = canonical_name(cl, etype, group)
        rows.append((cl, etype, name, group))
    rows.sort(key=lambda r: (-len({c.doc for c in r[0]}), -len(r[0]), r[2]))
    entities, framing = [], []
    for k, (cl, etype, name, group) in enumerate(rows, 1):
        eid = f"e{k}"
        mentions = [Mention(c.doc, c.start, c.end, c.text, c.label) for c in cl]
        forms = {label_of(c) for c in cl}
        if etype == "PERSON" and texts:
            forms |= titled_forms(cl, texts)
        aliases = sorted(forms - {name})
        entities.append(Entity(eid, name, etype, mentions, aliases))
        ways = {_way(c, etype, name if group is None else "") for c in cl}
        ways.discard("")
        if len(ways) >= 2:
            labels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for c in cl:
                labels[c.doc][label_of(c)] += 1
            framing.append(Framing(name, {d: dict(v) for d, v in labels.items()}, eid))
    return entities, framing


def _way(c: Cand, etype: str, name: str = "") -> str:
    """How a mention names its entity, for deciding whether it is named more than one way:
    spelling and punctuation do not count, nor a person's surname alone, nor the initials
    of ``name`` ("KCFD" for "Kent County Fire Department"; not passed for alias-file
    things, whose short forms are a choice of name)."""
    if etype == "PERSON":
        if c.source == "nickname":
            return "nick:" + R.compact_key(c.text)
        p = R.person_name(c.name)
        return " ".join(R.words(p.display)) if p.full else ""
    if name and R.acronym_of(c.text, name):
        return " ".join(R.words(name))
    return " ".join(R.words(c.name))
