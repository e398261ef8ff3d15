"""Off-topic reports: the features of storylens.stages.topic on real events, each with a
report of another event added (the positive) and its own reports (the negatives).

    python bench/off_topic_fit.py duc|gva [--half first|second|all]

Prints, for the thresholds in stages/topic.py, how many added reports are caught and how
many of the events' own reports are flagged, and the feature values to choose them from.
Uses the event caches of bench/brief_eval.py.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import brief_eval  # noqa: E402


def features(documents, sentences):
    from storylens.stages import topic

    class S:  # a state with sentence splits only
        cache = {"parsed": {d: brief_eval._Parsed(s) for d, s in sentences.items()}}

    vecs = topic.doc_vectors(documents, S())
    total = vecs.sum(axis=0)
    cos = []
    for v in vecs:
        rest = total - v
        cos.append(float(v @ rest / (np.linalg.norm(rest) or 1)))
    med = float(np.median(cos))
    names = [topic.names(d.text[:3000]) for d in documents]
    shared = []
    for i, mine in enumerate(names):
        others = set().union(*(s for j, s in enumerate(names) if j != i))
        shared.append(len(mine & others) / len(mine) if mine else 0.0)
    flagged = topic.off_topic(documents, S())
    return cos, med, shared, flagged


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=["duc", "gva"])
    ap.add_argument("--half", choices=["first", "second", "all"], default="first")
    ap.add_argument("--cache", default="/tmp/brief/cache")
    a = ap.parse_args(argv)
    brief_eval._install_vector_cache(Path(a.cache) / "vectors.pkl")
    if a.set == "duc":
        paths = sorted((brief_eval.SHARED / "devsets/duc2004/clusters").glob("*.jsonl"))
    else:
        paths = sorted((brief_eval.SHARED / "devsets/gva-figures").glob("*/articles.jsonl"))
    half = len(paths) // 2
    paths = {"first": paths[:half], "second": paths[half:], "all": paths}[a.half]
    data = [brief_eval.prepare(p, Path(a.cache) / a.set, False) for p in paths]
    rng = random.Random(7)
    pos, neg, caught, false = [], [], 0, 0
    n_neg = 0
    for i, d in enumerate(data):
        docs = list(d["report"].documents)
        if len(docs) < 3:
            continue
        j = rng.choice([k for k in range(len(data)) if k != i])
        other = data[j]["report"].documents[0]
        from dataclasses import replace

        intruder = replace(other, id="intruder::" + other.id)
        sents = dict(d["sentences"])
        sents[intruder.id] = data[j]["sentences"].get(other.id, [])
        cos, med, shared, flagged = features(docs + [intruder], sents)
        pos.append((cos[-1], med - cos[-1], shared[-1]))
        neg.extend(zip(cos[:-1], [med - c for c in cos[:-1]], shared[:-1]))
        caught += intruder.id in flagged
        false += sum(1 for x in flagged if x != intruder.id)
        n_neg += len(docs)
    print(f"events {len(pos)}: added reports caught {caught}/{len(pos)}, own reports flagged {false}/{n_neg}")
    for name, rows in (("added", pos), ("own", neg)):
        arr = np.asarray(rows)
        q = np.percentile(arr, [5, 25, 50, 75, 95], axis=0)
        print(name, "cos/gap/shared percentiles 5,25,50,75,95:")
        for k, lab in enumerate(("cos", "gap", "shared")):
            print(f"  {lab}: " + " ".join(f"{v:.2f}" for v in q[:, k]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
