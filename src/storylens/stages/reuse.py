"""Event stage 'reuse': text shared between reports.

Reuse (:func:`find_reuse`):
1. every report becomes a list of normalised word tokens with offsets; lines of legal or
   sharing boilerplate (copyright, "all rights reserved", share links) are masked out;
2. word 5-shingles shared by two reports are the candidate seeds (an inverted index, so
   every pair of reports is compared at the cost of the shared shingles only; for large
   events, MinHash LSH over chunks of each report picks the candidate pairs first); seeds
   close together on nearby diagonals form a candidate window;
3. each window is aligned word by word with rapidfuzz (Indel opcodes); matching blocks with
   small gaps between them merge into a passage, kept when it has at least
   ``MIN_WORDS`` matched words, a run of ``MIN_RUN`` and is dense enough (stock phrases such
   as "charged with two counts of theft" are shorter);
4. a passage whose matched words lie inside quotation marks in both reports, but for a short
   attribution ("…," the mayor said), is ``quotation`` (both quote a third party), else
   ``copied``;
5. ``direction`` comes from an explicit credit (one report cites the other's outlet), then
   publication dates, then which text is the superset of the other.
The pair's ``score`` is the MinHash (datasketch) estimate of the two reports' shingle Jaccard.

Who each report credits is the ``citations`` stage (:mod:`.citations`); which reports share
one origin is the ``origins`` stage (:mod:`.origins`).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from datasketch import MinHash, MinHashLSH
from rapidfuzz.distance import Indel

from ..model import Citation, Document, Passage, Reuse
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from ..text.sentences import ends_sentence
from .quote_rules import dateline_end, quote_spans

K = 5  # shingle size (words)
MIN_WORDS = 14  # matched words for a passage
MIN_RUN = 5  # longest run of identical words in a passage
MAX_GAP = 4  # words skipped on either side between matching blocks of one passage
MIN_DENSITY = 0.6  # matched words / passage length (longer side)
QUOTED = 0.75  # share of matched words inside quotation marks for a 'quotation' passage
ATTRIBUTION_WORDS = 6  # unquoted words a shared quotation may carry ('…," police chief Ana Ruiz said')
LSH_MIN_DOCS = 30  # events with more reports find candidate pairs with MinHash LSH
CHUNK = 20  # words per LSH chunk (chunks overlap by half)
LSH_PERM = 64
LSH_GRAM = 3  # words per shingle of an LSH chunk (shorter than K: rewritten copies still collide)
LSH_BANDS = (32, 2)  # bands x rows: chunks with Jaccard 0.2 collide 73% of the time, 0.3 95%

BOILERPLATE = re.compile(
    r"\u00a9|\bcopyright\b|all rights reserved|may not be (?:re)?(?:published|broadcast|rewritten|"
    r"redistributed|reproduced)|\bread or share\b|\bshare this (?:story|article)\b|\bsign up\b|"
    r"\bsubscribe\b|https?://|\bwww\.", re.I)


@dataclass
class Tokens:
    """A report's normalised words and their character offsets; ``sent``/``clause`` mark
    words that open a sentence or a clause (never a word of a dateline)."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    quoted: list[bool]
    sent: list[bool] = field(default_factory=list)
    clause: list[bool] = field(default_factory=list)
    dateline: list[bool] = field(default_factory=list)


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
    sent, clause, dateline = _boundaries(text, starts, ends)
    return Tokens(words, starts, ends, quoted, sent, clause, dateline)


_CLAUSE_GAP = re.compile(r"[,;:]\s|[\u2014\u2013(\"\u201c\u201d]|\s-{1,2}\s")


def _boundaries(text: str, starts: list[int], ends: list[int]) -> tuple[list[bool], list[bool], list[bool]]:
    """For every word: does it open a sentence (first word of a paragraph, after a sentence
    end, or right after a dateline), does it open a clause (also after a comma, semicolon,
    colon, dash or quotation mark), is it part of a dateline (then it opens neither)?"""
    sent, clause, dateline = [], [], []
    dl_start, dl_end = -1, -1
    for k, a in enumerate(starts):
        gap = text[ends[k - 1]:a] if k else text[:a]
        if k == 0 or "\n" in gap:
            ps = text.rfind("\n", 0, a) + 1
            end = dateline_end(text, a)
            dl_start, dl_end = (ps, end) if end > a else (-1, -1)
        dateline.append(dl_start <= a < dl_end)
        if dateline[-1]:
            sent.append(False)
            clause.append(False)
            continue
        s = k == 0 or "\n" in gap or a == dl_end or any(
            ch in ".!?" and ends_sentence(text, ends[k - 1] + n) for n, ch in enumerate(gap))
        sent.append(s)
        clause.append(s or bool(_CLAUSE_GAP.search(gap)))
    return sent, clause, dateline


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
    blocks: list[tuple[int, int, int, int]] = field(default_factory=list)


SNAP = 6  # words a passage end may drop to reach a sentence boundary both reports share
SNAP_CLAUSE = 3  # words a passage end may drop to reach a shared clause bound


def _region(ta: Tokens, tb: Tokens, blocks: list[tuple[int, int, int, int]]) -> Region:
    matched = sum(b[1] - b[0] for b in blocks)
    run = max(b[1] - b[0] for b in blocks)
    qa = sum(sum(ta.quoted[b[0]:b[1]]) for b in blocks)
    qb = sum(sum(tb.quoted[b[2]:b[3]]) for b in blocks)
    return Region(blocks[0][0], blocks[-1][1], blocks[0][2], blocks[-1][3], matched, run, qa, qb, blocks)


def _snap(ta: Tokens, tb: Tokens, r: Region) -> Region | None:
    """Move a passage's ends to boundaries both reports share, dropping a few words: it opens
    at a sentence start (``SNAP`` words at most; else a clause start, ``SNAP_CLAUSE``) and,
    unless it already closes a clause in both, closes at a sentence end (``SNAP`` words;
    else a clause end, ``SNAP_CLAUSE``);
    a longer fragment of a sentence stays (it is copied too). It never opens inside a
    dateline. None when nothing is left."""
    blocks = list(r.blocks)
    i, j = blocks[0][0], blocks[0][2]  # identical words the alignment left just outside
    while i > 0 and j > 0 and ta.words[i - 1] == tb.words[j - 1] and not ta.words[i - 1].startswith("\x00"):
        i, j = i - 1, j - 1
    blocks[0] = (i, blocks[0][1], j, blocks[0][3])
    i, j = blocks[-1][1], blocks[-1][3]
    while i < len(ta.words) and j < len(tb.words) and ta.words[i] == tb.words[j] \
            and not ta.words[i].startswith("\x00"):
        i, j = i + 1, j + 1
    blocks[-1] = (blocks[-1][0], i, blocks[-1][2], j)
    pairs = [(b[0] + k, b[2] + k) for b in blocks for k in range(b[1] - b[0])]

    def opens(i: int, j: int, flags: str) -> bool:
        return getattr(ta, flags)[i] and getattr(tb, flags)[j]

    def closes(i: int, j: int, flags: str) -> bool:
        na, nb = i + 1, j + 1
        return (na >= len(ta.words) or getattr(ta, flags)[na]) and (nb >= len(tb.words) or getattr(tb, flags)[nb])

    lo = 0
    for flags, reach in (("sent", SNAP), ("clause", SNAP_CLAUSE)):
        hit = next((n for n, (i, j) in enumerate(pairs) if i - pairs[0][0] <= reach and opens(i, j, flags)), None)
        if hit is not None:
            lo = hit
            break
    else:  # no boundary near: at least skip dateline words
        while lo < len(pairs) and (ta.dateline[pairs[lo][0]] or tb.dateline[pairs[lo][1]]):
            lo += 1
    hi = len(pairs) - 1
    if not closes(*pairs[hi], "clause"):  # else keep the word end (a quotation cut short)
        for flags, reach in (("sent", SNAP), ("clause", SNAP_CLAUSE)):
            hit = next((n for n in range(len(pairs) - 1, lo - 1, -1)
                        if pairs[-1][0] - pairs[n][0] <= reach and closes(*pairs[n], flags)), None)
            if hit is not None:
                hi = hit
                break
    if hi < lo:
        return None
    kept = pairs[lo:hi + 1]
    blocks: list[tuple[int, int, int, int]] = []
    for i, j in kept:
        if blocks and blocks[-1][1] == i and blocks[-1][3] == j:
            b = blocks[-1]
            blocks[-1] = (b[0], i + 1, b[2], j + 1)
        else:
            blocks.append((i, i + 1, j, j + 1))
    return _region(ta, tb, blocks)


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
        if cur:
            snapped = _snap(ta, tb, _region(ta, tb, list(cur)))
            if snapped is not None:
                regions.append(snapped)

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
    if j >= len(tok.words) or tok.sent[j]:  # take in the sentence's final stop
        m = re.match(r"[.!?]+[\"'\u201d\u2019)]*", doc.text[b:b + 4])
        if m:
            b += m.end()
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
    mh.update_batch([" ".join(g).encode("utf-8") for g in shingles])
    return mh


NAME_CACHE = 4096  # outlet names (and pairs of them) whose readings are kept, at most


@functools.lru_cache(maxsize=NAME_CACHE)
def _aliases(name: str | None) -> frozenset[str]:
    """Lower-case forms of an outlet name: 'Associated Press (AP)' -> {'associated press', 'ap'}."""
    out = set()
    for part in re.split(r"[()/]|\s-\s", name or ""):
        k = re.sub(r"[^a-z0-9]+", " ", part.lower()).strip()
        k = re.sub(r"^the ", "", k)
        if k:
            out.add(k)
    return frozenset(out)


@functools.lru_cache(maxsize=NAME_CACHE)
def same_name(x: str | None, y: str | None) -> bool:
    """Whether two outlet names name the same outlet ('NEWS 4 KXYZ' and 'KXYZ', 'AP' and
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


def _exact_seeds(docs: list[Document], shing: dict[str, dict[tuple[str, ...], list[int]]]
                 ) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Seeds (word i in report a, word j in report b) of every pair of reports sharing a
    shingle, from an inverted index of all shingles."""
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
    return pairs


def _lsh_seeds(docs: list[Document], toks: dict[str, Tokens],
               shing: dict[str, dict[tuple[str, ...], list[int]]]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Seeds of the pairs of reports that MinHash LSH finds sharing a stretch of text: every
    report is cut into overlapping chunks of ``CHUNK`` words, each chunk's word 3-grams become a
    MinHash, and two reports are a candidate pair when chunks of theirs collide in the LSH
    index; only candidate pairs have their shared shingles looked up."""
    lsh = MinHashLSH(num_perm=LSH_PERM, params=LSH_BANDS)
    keys: list[tuple[int, int]] = []
    sets: list[list[bytes]] = []
    for n, d in enumerate(docs):
        words = toks[d.id].words
        for c, s in enumerate(range(0, max(1, len(words) - K + 1), CHUNK // 2)):
            gs = {" ".join(words[k:k + LSH_GRAM]) for k in range(s, min(s + CHUNK, len(words)) - LSH_GRAM + 1)
                  if not any(w.startswith("\x00") for w in words[k:k + LSH_GRAM])}
            if len(gs) >= 2:
                keys.append((n, c))
                sets.append([g.encode("utf-8") for g in gs])
    mhs = MinHash.bulk(sets, num_perm=LSH_PERM, seed=7)
    chunks = [(k[0], mh) for k, mh in zip(keys, mhs)]
    with lsh.insertion_session() as session:
        for k, mh in zip(keys, mhs):
            session.insert(k, mh)
    cand: set[tuple[int, int]] = set()
    for n, mh in chunks:
        for m, _ in lsh.query(mh):
            if m != n:
                cand.add((min(n, m), max(n, m)))
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for na, nb in sorted(cand):
        sa, sb = shing[docs[na].id], shing[docs[nb].id]
        small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
        seeds = [(i, j) for g in small if g in big for i in sa[g] for j in sb[g]]
        if seeds:
            pairs[(na, nb)] = seeds
    return pairs


def find_reuse(docs: list[Document], citations: list[Citation] | None = None,
               lsh: bool | None = None) -> list[Reuse]:
    """Passages shared by every pair of reports, as ``copied`` and ``quotation`` records.
    Candidate pairs come from an exact shingle index, or, for events of more than
    ``LSH_MIN_DOCS`` reports (or ``lsh=True``), from MinHash LSH over chunks of each report."""
    citations = citations or []
    toks = {d.id: tokenize(d.text) for d in docs}
    shing = {d.id: _shingles(toks[d.id]) for d in docs}
    if lsh is None:
        lsh = len(docs) > LSH_MIN_DOCS
    pairs = _lsh_seeds(docs, toks, shing) if lsh else _exact_seeds(docs, shing)
    out: list[Reuse] = []
    cache: dict[str, MinHash] = {}
    cites_of: dict[str, list[Citation]] = defaultdict(list)  # a report's credits concern only its pairs
    for c in citations:
        cites_of[c.doc].append(c)

    def mh(did: str) -> MinHash:
        if did not in cache:
            cache[did] = _minhash(shing[did])
        return cache[did]

    for (na, nb), seeds in sorted(pairs.items()):
        a, b = docs[na], docs[nb]
        ta, tb = toks[a.id], toks[b.id]
        regions = _merge([r for w in _windows(seeds) for r in _align(ta, tb, w)])
        if not regions:
            continue
        score = round(mh(a.id).jaccard(mh(b.id)), 3)
        copied = [r for r in regions if min(r.quoted_a, r.quoted_b) < QUOTED * r.matched
                  and r.matched - min(r.quoted_a, r.quoted_b) > ATTRIBUTION_WORDS
                  and not (_attribution_of_quote(ta, r.ia, r.ib) and _attribution_of_quote(tb, r.ja, r.jb)
                           and r.matched < 2 * MIN_WORDS)]
        quoted = [r for r in regions if r not in copied]
        if copied:
            cov_a = sum(r.ib - r.ia for r in copied) / max(1, len(ta.words))
            cov_b = sum(r.jb - r.ja for r in copied) / max(1, len(tb.words))
            direction, why = _direction(a, b, cites_of.get(a.id, []) + cites_of.get(b.id, []), cov_a, cov_b)
            out.append(Reuse(docs=[a.id, b.id], kind="copied", direction=direction,
                             passages=[p for r in copied for p in (_passage(a, ta, r.ia, r.ib),
                                                                   _passage(b, tb, r.ja, r.jb))],
                             score=score, why=f"{sum(r.matched for r in copied)} shared words outside "
                                              f"quotation marks" + (f"; direction from {why}" if why else "")
                                              + ("; both carry most of one story" if not why and min(cov_a, cov_b) >= 0.6
                                                 else "")))
        if quoted:
            out.append(Reuse(docs=[a.id, b.id], kind="quotation", direction=None,
                             passages=[p for r in quoted for p in (_passage(a, ta, r.ia, r.ib),
                                                                   _passage(b, tb, r.ja, r.jb))],
                             score=score, why="the shared words are a quotation of a third party in both"))
    return out


@stage("reuse", requires=("documents", "citations"), provides=("reuse",))
def run(state: EventState) -> dict[str, list]:
    """Reuse between every pair of reports."""
    return {"reuse": find_reuse(state.documents, state.sections.get("citations") or [])}
