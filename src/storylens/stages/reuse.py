"""Event stage 'reuse': text shared between reports, citations, and origin groups.

Reuse (:func:`find_reuse`):
1. every report becomes a list of normalised word tokens with offsets; lines of legal or
   sharing boilerplate (copyright, "all rights reserved", share links) are masked out;
2. word 5-shingles shared by two reports are the candidate seeds (an inverted index, so
   every pair of reports is compared at the cost of the shared shingles only); seeds close
   together on nearby diagonals form a candidate window;
3. each window is aligned word by word with rapidfuzz (Indel opcodes); matching blocks with
   small gaps between them merge into a passage, kept when it has at least
   ``MIN_WORDS`` matched words, a run of ``MIN_RUN`` and is dense enough (stock phrases such
   as "17 counts of attempted murder" are shorter);
4. a passage whose matched words lie inside quotation marks in both reports is ``quotation``
   (both quote a third party), else ``copied``;
5. ``direction`` comes from an explicit credit (one report cites the other's outlet), then
   publication dates, then which text is the superset of the other.
The pair's ``score`` is the MinHash (datasketch) estimate of the two reports' shingle Jaccard.

Origins (:func:`origin_groups`): reports joined by copying, by one relaying the other's
outlet, or by reproducing the same agency are one origin.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from datasketch import MinHash
from rapidfuzz.distance import Indel

from ..model import Citation, Document, OriginGroup, Passage, Quote, Reuse
from ..pipeline import EventState
from .citations import extract_citations
from .quote_rules import quote_spans

K = 5  # shingle size (words)
MIN_WORDS = 14  # matched words for a passage
MIN_RUN = 5  # longest run of identical words in a passage
MAX_GAP = 4  # words skipped on either side between matching blocks of one passage
MIN_DENSITY = 0.6  # matched words / passage length (longer side)
QUOTED = 0.75  # share of matched words inside quotation marks for a 'quotation' passage

BOILERPLATE = re.compile(
    r"\u00a9|\bcopyright\b|all rights reserved|may not be (?:re)?(?:published|broadcast|rewritten|"
    r"redistributed|reproduced)|\bread or share\b|\bshare this (?:story|article)\b|\bsign up\b|"
    r"\bsubscribe\b|https?://|\bwww\.", re.I)


@dataclass
class Tokens:
    """A report's normalised words and their character offsets."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    quoted: list[bool]


def _norm_word(w: str) -> str:
    w = unicodedata.normalize("NFKD", w.lower())
    return "".join(c for c in w if not unicodedata.combining(c))


def tokenize(text: str) -> Tokens:
    """Words of a text with offsets; words of boilerplate lines get unique placeholders so
    they never match; ``quoted`` marks words inside quotation marks."""
    spans = [(s.inner_start, s.inner_end) for s in quote_spans(text)]
    bad: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if BOILERPLATE.search(line):
            bad.append((pos, pos + len(line)))
        pos += len(line) + 1
    words, starts, ends, quoted = [], [], [], []
    si = 0
    for m in re.finditer(r"\w+", text):
        a, b = m.start(), m.end()
        w = _norm_word(m.group())
        if any(x <= a < y for x, y in bad):
            w = f"\x00{a}"
        words.append(w)
        starts.append(a)
        ends.append(b)
        while si < len(spans) and spans[si][1] <= a:
            si += 1
        quoted.append(si < len(spans) and spans[si][0] <= a < spans[si][1])
    return Tokens(words, starts, ends, quoted)


def _shingles(tok: Tokens) -> dict[tuple[str, ...], list[int]]:
    out: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(tok.words) - K + 1):
        g = tuple(tok.words[i:i + K])
        if not any(w.startswith("\x00") for w in g):
            out[g].append(i)
    return out


def _windows(seeds: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Group seeds (i, j) on nearby diagonals into windows (ia, ib, ja, jb)."""
    groups: list[list[int]] = []  # [imin, imax, jmin, jmax, diag]
    for i, j in sorted(seeds, key=lambda s: (s[0] - s[1], s[0])):
        d = i - j
        for g in groups:
            if abs(d - g[4]) <= 8 and g[0] - 20 <= i <= g[1] + 20:
                g[0], g[1] = min(g[0], i), max(g[1], i)
                g[2], g[3] = min(g[2], j), max(g[3], j)
                g[4] = d
                break
        else:
            groups.append([i, i, j, j, d])
    return [(g[0], g[1] + K, g[2], g[3] + K) for g in groups]


@dataclass
class Region:
    """An aligned passage: word ranges in both reports and the count of matched words."""

    ia: int
    ib: int
    ja: int
    jb: int
    matched: int
    run: int
    quoted_a: int
    quoted_b: int


def _align(ta: Tokens, tb: Tokens, win: tuple[int, int, int, int]) -> list[Region]:
    """Align the words of a window (padded) and merge matching blocks into regions."""
    pad = 12
    ia0, ib0 = max(0, win[0] - pad), min(len(ta.words), win[1] + pad)
    ja0, jb0 = max(0, win[2] - pad), min(len(tb.words), win[3] + pad)
    ops = Indel.opcodes(ta.words[ia0:ib0], tb.words[ja0:jb0])
    blocks = [(o.src_start + ia0, o.src_end + ia0, o.dest_start + ja0, o.dest_end + ja0)
              for o in ops if o.tag == "equal"]
    regions: list[Region] = []
    cur: list[tuple[int, int, int, int]] = []

    def flush() -> None:
        if not cur:
            return
        matched = sum(b[1] - b[0] for b in cur)
        run = max(b[1] - b[0] for b in cur)
        ia, ib, ja, jb = cur[0][0], cur[-1][1], cur[0][2], cur[-1][3]
        qa = sum(sum(ta.quoted[b[0]:b[1]]) for b in cur)
        qb = sum(sum(tb.quoted[b[2]:b[3]]) for b in cur)
        regions.append(Region(ia, ib, ja, jb, matched, run, qa, qb))

    for blk in blocks:
        if blk[1] - blk[0] < 2 and not cur:
            continue  # a lone word cannot start a passage
        if cur and (blk[0] - cur[-1][1] > MAX_GAP or blk[2] - cur[-1][3] > MAX_GAP):
            flush()
            cur = []
            if blk[1] - blk[0] < 2:
                continue
        cur.append(blk)
    flush()
    out = []
    for r in regions:
        density = r.matched / max(r.ib - r.ia, r.jb - r.ja)
        if r.matched >= MIN_WORDS and r.run >= MIN_RUN and density >= MIN_DENSITY:
            out.append(r)
    return out


def _attribution_of_quote(tok: Tokens, i: int, j: int) -> bool:
    """Whether words i..j stand right after or before a quotation (its attribution clause)."""
    return any(tok.quoted[k] for k in range(max(0, i - 3), i)) or \
        any(tok.quoted[k] for k in range(j, min(len(tok.quoted), j + 3)))


def _passage(doc: Document, tok: Tokens, i: int, j: int) -> Passage:
    a, b = tok.starts[i], tok.ends[j - 1]
    return Passage(doc=doc.id, start=a, end=b, text=doc.text[a:b])


def _merge(regions: list[Region]) -> list[Region]:
    """Drop regions contained in others (windows overlap)."""
    regions = sorted(regions, key=lambda r: (-(r.matched), r.ia))
    kept: list[Region] = []
    for r in regions:
        if any(k.ia <= r.ia and r.ib <= k.ib and k.ja <= r.ja and r.jb <= k.jb for k in kept):
            continue
        kept.append(r)
    return sorted(kept, key=lambda r: r.ia)


def _minhash(shingles: dict[tuple[str, ...], list[int]]) -> MinHash:
    mh = MinHash(num_perm=64, seed=7)
    for g in shingles:
        mh.update(" ".join(g).encode("utf-8"))
    return mh


def _aliases(name: str | None) -> set[str]:
    """Lower-case forms of an outlet name: 'Associated Press (AP)' -> {'associated press', 'ap'}."""
    out = set()
    for part in re.split(r"[()/]|\s-\s", name or ""):
        k = re.sub(r"[^a-z0-9]+", " ", part.lower()).strip()
        k = re.sub(r"^the ", "", k)
        if k:
            out.add(k)
    return out


def same_name(x: str | None, y: str | None) -> bool:
    """Whether two outlet names name the same outlet ('FOX 8 WVUE' and 'WVUE', 'AP' and
    'Associated Press (AP)')."""
    for a in _aliases(x):
        for b in _aliases(y):
            short, long_ = sorted((a, b), key=len)
            if a == b or (len(short) >= 3 and f" {short} " in f" {long_} "):
                return True
    return False


def house(doc: Document) -> str | None:
    """Whose reporting a report carries: the agency or outlet it reproduces, else its outlet."""
    return doc.origin or doc.outlet


def _credits(doc: Document, cites: list[Citation], other: Document) -> bool:
    """Whether ``doc`` cites the outlet (or the agency) of ``other`` — not its own."""
    theirs = [n for n in (other.outlet, other.origin) if n]
    mine = [n for n in (doc.outlet, doc.origin) if n]
    for c in cites:
        if c.doc != doc.id or any(same_name(c.cites, m) for m in mine):
            continue
        if any(same_name(c.cites, t) for t in theirs):
            return True
    return False


def _direction(a: Document, b: Document, cites: list[Citation], cov_a: float, cov_b: float) -> tuple[str | None, str]:
    """'x -> y' when it can be told (credit, then dates, then superset), and how."""
    if _credits(b, cites, a) and not _credits(a, cites, b):
        return f"{a.id} -> {b.id}", "credit"
    if _credits(a, cites, b) and not _credits(b, cites, a):
        return f"{b.id} -> {a.id}", "credit"
    pa, pb = a.published or "", b.published or ""
    if len(pa) >= 10 and len(pb) >= 10 and pa[:10] != pb[:10]:
        return (f"{a.id} -> {b.id}", "dates") if pa < pb else (f"{b.id} -> {a.id}", "dates")
    if cov_b >= 0.6 and cov_a <= 0.4:
        return f"{a.id} -> {b.id}", "superset"
    if cov_a >= 0.6 and cov_b <= 0.4:
        return f"{b.id} -> {a.id}", "superset"
    return None, ""


def find_reuse(docs: list[Document], citations: list[Citation] | None = None) -> list[Reuse]:
    """Passages shared by every pair of reports, as ``copied`` and ``quotation`` records."""
    citations = citations or []
    toks = {d.id: tokenize(d.text) for d in docs}
    shing = {d.id: _shingles(toks[d.id]) for d in docs}
    index: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for n, d in enumerate(docs):
        for g, pos in shing[d.id].items():
            index[g].append((n, pos[0]))
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for g, occ in index.items():
        if len(occ) < 2:
            continue
        for x in range(len(occ)):
            for y in range(x + 1, len(occ)):
                (na, _), (nb, _) = occ[x], occ[y]
                if na == nb:
                    continue
                for i in shing[docs[na].id][g]:
                    for j in shing[docs[nb].id][g]:
                        pairs[(na, nb)].append((i, j))
    out: list[Reuse] = []
    for (na, nb), seeds in sorted(pairs.items()):
        a, b = docs[na], docs[nb]
        ta, tb = toks[a.id], toks[b.id]
        regions = _merge([r for w in _windows(seeds) for r in _align(ta, tb, w)])
        if not regions:
            continue
        score = round(_minhash(shing[a.id]).jaccard(_minhash(shing[b.id])), 3)
        copied = [r for r in regions if min(r.quoted_a, r.quoted_b) < QUOTED * r.matched
                  and not (_attribution_of_quote(ta, r.ia, r.ib) and _attribution_of_quote(tb, r.ja, r.jb)
                           and r.matched < 2 * MIN_WORDS)]
        quoted = [r for r in regions if r not in copied]
        if copied:
            cov_a = sum(r.ib - r.ia for r in copied) / max(1, len(ta.words))
            cov_b = sum(r.jb - r.ja for r in copied) / max(1, len(tb.words))
            direction, why = _direction(a, b, citations, cov_a, cov_b)
            out.append(Reuse(docs=[a.id, b.id], kind="copied", direction=direction,
                             passages=[p for r in copied for p in (_passage(a, ta, r.ia, r.ib),
                                                                   _passage(b, tb, r.ja, r.jb))],
                             score=score, why=f"{sum(r.matched for r in copied)} shared words outside "
                                              f"quotation marks" + (f"; direction from {why}" if why else "")))
        if quoted:
            out.append(Reuse(docs=[a.id, b.id], kind="quotation", direction=None,
                             passages=[p for r in quoted for p in (_passage(a, ta, r.ia, r.ib),
                                                                   _passage(b, tb, r.ja, r.jb))],
                             score=score, why="the shared words are a quotation of a third party in both"))
    return out


def origin_groups(docs: list[Document], reuse: list[Reuse], citations: list[Citation]) -> list[OriginGroup]:
    """Reports joined by copying, by one citing the other's outlet, or by one reproducing the
    agency or outlet (``origin``) that the other is or also reproduces, form one origin;
    every report is in exactly one group. Two stories an outlet wrote itself stay apart."""
    parent = {d.id: d.id for d in docs}
    why: dict[str, list[str]] = defaultdict(list)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(x: str, y: str, reason: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[rx] = ry
        why[find(y)].append(reason)

    for r in reuse:
        if r.kind == "copied" and len(r.docs) == 2:
            join(r.docs[0], r.docs[1], f"{r.docs[0]} and {r.docs[1]} share copied text")
    for a in docs:
        for b in docs:
            if a.id != b.id and _credits(a, citations, b):
                join(a.id, b.id, f"{a.id} relays {house(b)}")
    for a in docs:  # a report reproducing an agency or outlet joins that outlet's reports
        if not a.origin:
            continue
        for b in docs:
            if b.id != a.id and any(same_name(a.origin, n) for n in (b.outlet, b.origin) if n):
                join(a.id, b.id, f"{a.id} and {b.id} carry {a.origin}'s reporting")
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        groups[find(d.id)].append(d.id)
    out = []
    for n, (root, ids) in enumerate(sorted(groups.items(), key=lambda kv: docs.index(next(d for d in docs if d.id == kv[1][0]))), 1):
        reasons = [w for x in ids for w in why.get(x, [])]
        out.append(OriginGroup(id=f"o{n}", docs=ids, why="; ".join(dict.fromkeys(reasons)) or "independent"))
    return out


def run(state: EventState) -> dict[str, list]:
    """Citations of every report, reuse between every pair, and the origin groups."""
    parsed = state.parsed()
    quotes: list[Quote] = [q for g in state.sections.get("quote_groups") or [] for q in g.quotes]
    citations: list[Citation] = []
    for d in state.documents:
        citations.extend(extract_citations(d, parsed[d.id], quotes))
    reuse = find_reuse(state.documents, citations)
    origins = origin_groups(state.documents, reuse, citations)
    return {"reuse": reuse, "citations": citations, "origins": origins}
