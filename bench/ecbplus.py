"""Event clustering quality on ECB+ (982 news documents, 86 events, two of each kind per topic).

Streams the documents, in file order and shuffled with a fixed seed, through ``storylens corpus`` (clustering
only, no per-event analysis) and scores the events with B-cubed precision, recall and F1 over
documents. The peer, in the same run: TF-IDF over title and text + agglomerative clustering
(average link, cosine distance) at a fixed threshold, and at its best threshold on the gold
labels (an oracle upper bound, marked as such).

    .venv/bin/python bench/ecbplus.py [--data ../shared/benchmarks/ecbplus/ecbplus_clusters.jsonl]
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "benchmarks" / "ecbplus" / "ecbplus_clusters.jsonl"
SEED = 0
PEER_THRESHOLD = 0.8  # cosine distance: a common default for TF-IDF document clustering


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a clustering ``pred`` (doc -> cluster) against ``gold``."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for d, c in pred.items():
        by_pred[c].add(d)
    for d, c in gold.items():
        by_gold[c].add(d)
    p = r = 0.0
    for d in gold:
        pc = by_pred[pred[d]] if d in pred else {d}  # an article left out counts as alone
        gc = by_gold[gold[d]]
        inter = len(pc & gc)
        p += inter / len(pc)
        r += inter / len(gc)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(path: Path, order: str = "shuffled") -> list[dict]:
    """The records in file order (topic by topic, as a big story floods a feed) or shuffled."""
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if order == "shuffled":
        random.Random(SEED).shuffle(recs)
    return recs


def storylens_clusters(recs: list[dict], workers: int | None = None, cluster_cfg=None) -> tuple[dict, float]:
    """doc id -> event id from a corpus run (clustering only); and the seconds it took."""
    from storylens.config import Settings
    from storylens.corpus import CorpusSettings, run_corpus

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "ecb.jsonl"
        keys = ("id", "title", "text", "published")
        src.write_text("".join(json.dumps({k: r[k] for k in keys if r.get(k)}) + "\n" for r in recs),
                       encoding="utf-8")
        kw = {"cluster": cluster_cfg} if cluster_cfg is not None else {}
        t = time.monotonic()
        run_corpus([src], Path(tmp) / "out", Settings(quiet=True),
                   CorpusSettings(workers=workers, quiet=True, analyse=False, **kw))
        secs = time.monotonic() - t
        db = sqlite3.connect(Path(tmp) / "out" / "storylens.sqlite")
        pred = {json.loads(m)["doc_id"]: e for e, m in db.execute(
            "SELECT event_id, meta_json FROM articles WHERE event_id IS NOT NULL")}
        db.close()
    return pred, secs


def peer_clusters(recs: list[dict], threshold: float) -> dict[str, str]:
    """TF-IDF + agglomerative clustering (average link, cosine distance)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(
        [f"{r['title']}\n{r['text']}" for r in recs]).toarray()
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, metric="cosine",
                                     linkage="average").fit_predict(x)
    return {r["id"]: str(lab) for r, lab in zip(recs, labels)}


def run(data: Path = DEFAULT_DATA, workers: int | None = None, order: str = "shuffled") -> dict:
    """All rows of the ECB+ table."""
    return run_records(load(data, order), workers)


def run_records(recs: list[dict], workers: int | None = None) -> dict:
    """storylens and the peer on records with ``id``, ``title``, ``text`` and a gold ``cluster``."""
    gold = {r["id"]: r["cluster"] for r in recs}
    out: dict = {"documents": len(recs), "events": len(set(gold.values())), "rows": []}
    pred, secs = storylens_clusters(recs, workers)
    p, r, f = bcubed(pred, gold)
    out["rows"].append({"system": "storylens corpus (online, defaults)", "P": p, "R": r, "F1": f,
                        "events": len(set(pred.values())), "seconds": secs})
    t = time.monotonic()
    peer = peer_clusters(recs, PEER_THRESHOLD)
    p, r, f = bcubed(peer, gold)
    out["rows"].append({"system": f"TF-IDF + agglomerative (average, cosine {PEER_THRESHOLD})", "P": p, "R": r,
                        "F1": f, "events": len(set(peer.values())), "seconds": time.monotonic() - t})
    best = max(((th, bcubed(peer_clusters(recs, th), gold)) for th in
                [round(0.5 + 0.05 * i, 2) for i in range(10)]), key=lambda x: x[1][2])
    th, (p, r, f) = best
    out["rows"].append({"system": f"TF-IDF + agglomerative, best threshold on gold ({th}; oracle)",
                        "P": p, "R": r, "F1": f, "events": None, "seconds": None})
    return out


def table(res: dict) -> str:
    lines = ["| system | B³ precision | B³ recall | B³ F1 | events | seconds |", "|---|---|---|---|---|---|"]
    for row in res["rows"]:
        secs = f"{row['seconds']:.1f}" if row["seconds"] is not None else "-"
        lines.append(f"| {row['system']} | {row['P']:.3f} | {row['R']:.3f} | {row['F1']:.3f} | "
                     f"{row['events'] if row['events'] is not None else '-'} | {secs} |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--order", choices=["shuffled", "file", "both"], default="both")
    a = ap.parse_args()
    if not a.data.is_file():
        sys.exit(f"ECB+ data not found at {a.data}")
    for order in (["file", "shuffled"] if a.order == "both" else [a.order]):
        print(f"\nECB+ in {order} order\n")
        print(table(run(a.data, a.workers, order)))
