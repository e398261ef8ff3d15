"""The labelled streams of the clustering scripts and one replay of the clustering step.

``fit_join.py`` (fits the join model) and ``join_errors.py`` (sorts the errors by kind) both
run the clusterer over cached article features the way a corpus run does: each chunk's
document frequencies are counted first, exact and near copies fold onto their origin, events
merged by the clusterer relabel their articles, and stale events close after every article.
:func:`replay` is that loop; what happens to each article that is not a copy is the caller's
``place`` (by default the clusterer's own decision).
"""
from __future__ import annotations

import dataclasses
import json
import pickle
import random
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
ECB = SHARED / "benchmarks" / "ecbplus" / "ecbplus_clusters.jsonl"
GVA = SHARED / "devsets" / "gva-stream" / "stream.jsonl"
GVA_LABELS = SHARED / "devsets" / "gva-stream" / "labels.jsonl"
CHUNK = 256  # as CorpusSettings.chunk


def prepared(name: str, src: Path, cache: Path) -> list:
    """The stream's articles with their features, in file order (cached under ``cache``)."""
    from storylens.config import Settings
    from storylens.corpus.features import Article, FeatureConfig, figures_of, prepare_batch
    from storylens.corpus.readers import read_jsonl
    from storylens.model import RawDocument

    path = cache / f"{name}.pkl"
    if path.is_file():
        got = [a for _, a in pickle.loads(path.read_bytes()) if isinstance(a, Article)]
    else:
        items = [(i, x) for i, x in enumerate(read_jsonl(src), 1) if isinstance(x, RawDocument)]
        res = []
        for k in range(0, len(items), 128):
            part = items[k:k + 128]
            res.extend(zip((s for s, _ in part), prepare_batch(part, Settings(quiet=True), FeatureConfig(threads=2))))
            print(f"  {name}: prepared {min(k + 128, len(items))}/{len(items)}", file=sys.stderr)
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(res))
        got = [a for _, a in res if isinstance(a, Article)]
    for a in got:  # as prepare_batch computes them (cheap; caches may predate a change)
        a.figures = figures_of(((a.doc.title or "") + "\n" + a.doc.text)[:FeatureConfig().term_chars], a.day)
    return got


def ordered(arts: list, how: str, seed: int = 0, window: int | None = None) -> list:
    """The articles in file order or shuffled (``seed``), in the order a corpus run places them
    (held for date order in a window of ``window`` articles, by default the run's), numbered
    from 1."""
    from storylens.corpus.reorder import in_date_order
    from storylens.corpus.run import CorpusSettings

    arts = list(arts)
    if how == "shuffled":
        random.Random(seed).shuffle(arts)
    w = CorpusSettings().reorder if window is None else window
    arts = [a for _, a in in_date_order([(i, a.day, a) for i, a in enumerate(arts, 1)], w)]
    return [dataclasses.replace(a, seq=i) for i, a in enumerate(arts, 1)]


def topic_halves(ecb: list, seed: int) -> list[tuple[list, list]]:
    """ECB+ topics shuffled by ``seed`` and dealt into two halves: (fit on, held out) for each of
    the two folds (a document's topic is its id up to the first ``_``)."""
    topics = sorted({x.doc.id.split("_")[0] for x in ecb})
    random.Random(seed).shuffle(topics)
    halves = [set(topics[::2]), set(topics[1::2])]
    return [([x for x in ecb if x.doc.id.split("_")[0] in halves[k]],
             [x for x in ecb if x.doc.id.split("_")[0] in halves[1 - k]]) for k in (0, 1)]


def labels(path: Path, key: str = "cluster") -> dict[str, str]:
    """doc id -> gold event of a labels file (JSON lines)."""
    return {r["id"]: str(r[key]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}


def peek(c: Any, a: Any, rival: Any = None) -> tuple[list, np.ndarray | None]:
    """The candidates within date reach of an article and their feature matrix, as the model
    would score them now (margins over ``rival``, the model's typical runner-up, when given),
    leaving the clusterer as it was (the background window included)."""
    saved = list(c.bg_recent)
    tw = c._tfidf(a)
    cands, bg = c.candidates(a)
    c.bg_recent = saved
    reach = [x for x in cands if c.in_reach(a, x[0])]
    return reach, (c.candidate_matrix(a, reach, tw, bg, rival) if reach else None)


Place = Callable[[Any, Any, str], "tuple[str, list[tuple[str, str]]]"]


def replay(arts: list, cfg: Any, place: Place | None = None,
           copied: Callable[[Any, str], None] | None = None,
           merged_hook: Callable[[str, str], None] | None = None,
           on_start: Callable[[Any], None] | None = None,
           split_hook: Callable[[str, str, list[str]], None] | None = None) -> dict[str, str]:
    """Run the clusterer over the articles as a corpus run does; doc id -> event id.

    ``place(clusterer, article, key)`` puts an article that is not a copy in an event and
    returns (event id, merges as (from, into)); by default ``clusterer.assign``.
    ``copied(article, event id)`` is told of each copy folded onto its origin; ``merged_hook(from,
    into)`` of each event merged into another (as it grew, or on a second look as it closed);
    ``on_start(clusterer)`` is called before the first article; ``split_hook(from, new, doc
    ids)`` is told of the articles moved by each split. Events split as they close
    (``Clusterer.splits``) move the articles split off, and their copies, to the new event."""
    from storylens.corpus.cluster import Clusterer
    from storylens.corpus.dedup import DedupConfig, Deduplicator

    c, dd = Clusterer(cfg), Deduplicator(DedupConfig())
    if on_start is not None:
        on_start(c)
    pred: dict[str, str] = {}
    docs: dict[str, list[str]] = {}  # key -> doc ids of the article and its copies
    keys: dict[str, list[str]] = {}  # event -> keys of its articles (to relabel copies' origins on a merge)

    def relabel(merges: list) -> None:
        for gone, keep, *_ in merges:
            if merged_hook is not None:
                merged_hook(gone, keep)
            for d, e in pred.items():
                if e == gone:
                    pred[d] = keep
            for x in keys.pop(gone, []):
                if x in dd.order and dd.payload(x) == gone:
                    dd.set_payload(x, keep)
                keys.setdefault(keep, []).append(x)

    def split() -> None:
        for src, new, moved in c.splits:
            if split_hook is not None:
                split_hook(src, new, [d for x in moved for d in docs.get(x, [])])
            for x in moved:
                for d in docs.get(x, []):
                    pred[d] = new
                if x in dd.order and dd.payload(x) == src:
                    dd.set_payload(x, new)
            keys[src] = [x for x in keys.get(src, []) if x not in set(moved)]
            keys.setdefault(new, []).extend(moved)
        c.splits.clear()

    for k in range(0, len(arts), CHUNK):
        part = arts[k:k + CHUNK]
        for a in part:
            c.observe(a)
        for a in part:
            key = f"a{a.seq:08d}"
            origin, _ = dd.check(key, a.text_hash, a.minhash)
            if origin is not None:
                ev_id = dd.payload(origin)
                docs.setdefault(origin, []).append(a.doc.id)
                if copied is not None:
                    copied(a, ev_id)
            else:
                if place is None:
                    got = c.assign(a, key)
                    ev_id, merges = got[0], got[3]
                else:
                    ev_id, merges = place(c, a, key)
                relabel(merges)
                dd.add(key, a.text_hash, a.minhash, ev_id)
                keys.setdefault(ev_id, []).append(key)
                docs.setdefault(key, []).append(a.doc.id)
            pred[a.doc.id] = ev_id
            c.close_stale(a.seq)
            relabel(c.merged)  # small events merged on a second look as they closed
            c.merged.clear()
            split()
    c.close_all()
    relabel(c.merged)
    c.merged.clear()
    split()
    return pred
