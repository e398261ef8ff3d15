"""Where the corpus clustering goes wrong, by kind and count, from the gold labels.

Replays the clustering step over cached features (``replay.replay``, as ``fit_join.py`` does;
``--cache`` shared with it) and, for every article that has earlier articles of its gold event (a later report),
says what happened:

- ``joined``: it went to the predicted event holding most of its earlier gold siblings;
- ``not compared``: that event was not among its candidates (``archived`` / ``closed`` /
  ``not nearest``) or was out of date reach;
- ``rejected``: that event was a candidate but scored below the threshold (``new event``) or
  below another candidate (``elsewhere``);
- and, for every article placed in an existing event, ``false join`` when most of that event's
  articles are of another gold event (same topic or not, for ECB+).

For ECB+ it also lists the pairs of gold events merged in one predicted event.

    .venv/bin/python bench/join_errors.py gva-second ecb-shuffled [--cache /tmp/storylens-fit]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay as R  # noqa: E402
from ecbplus import bcubed  # noqa: E402


def streams(cache: Path, extra: list[str] = ()) -> dict[str, tuple[list, dict]]:
    """The named streams; ``extra`` adds "NAME=STREAM.jsonl,LABELS.jsonl" (file order)."""
    out = {}
    for spec in extra:
        name, _, files = spec.partition("=")
        src, lab = files.split(",")
        out[name] = (R.ordered(R.prepared(name, Path(src), cache), "file"), R.labels(Path(lab)))
    gold = {**R.labels(R.ECB), **R.labels(R.GVA_LABELS)}
    ecb, gva = R.prepared("ecb", R.ECB, cache), R.prepared("gva", R.GVA, cache)
    half = len(gva) // 2
    return {**out, "ecb-file": (R.ordered(ecb, "file"), gold), "ecb-shuffled": (R.ordered(ecb, "shuffled"), gold),
            "gva-first": (R.ordered(gva[:half], "file"), gold), "gva-second": (R.ordered(gva[half:], "file"), gold),
            "gva": (R.ordered(gva, "file"), gold), "gva-shuffled": (R.ordered(gva, "shuffled"), gold)}


def trace(arts: list, gold: dict, cfg=None) -> tuple[dict, Counter, list]:
    """Replay the clusterer (``replay.replay``); classify each later report (see the docstring)."""
    from storylens.corpus.cluster import MODEL_FILE, ClusterConfig, join_model

    cfg = cfg or ClusterConfig()
    model = join_model(cfg.model_file or MODEL_FILE)
    members: dict[str, Counter] = defaultdict(Counter)  # predicted event -> gold events of its articles
    home: dict[str, Counter] = defaultdict(Counter)  # gold event -> predicted events of its articles
    kinds: Counter = Counter()
    rows: list = []

    def copied(a, ev_id):
        g = gold[a.doc.id]
        kinds["copy (dedup) " + ("right" if members[ev_id].most_common(1)[0][0] == g else "wrong")] += 1
        members[ev_id][g] += 1
        home[g][ev_id] += 1

    def place(c, a, key):
        g = gold[a.doc.id]
        target = home[g].most_common(1)[0][0] if home[g] else None
        reach, x = R.peek(c, a)
        probs = model.prob(x) if reach else np.zeros(0)
        saved = list(c.bg_recent)
        cand_ids = {x[0].id for x in c.candidates(a)[0]}
        c.bg_recent = saved
        ev_id, new, _, merges = c.assign(a, key)
        for gone, keep in merges:
            members[keep].update(members.pop(gone, Counter()))
            for h in home.values():
                if gone in h:
                    h[keep] += h.pop(gone)
            kinds["event merge"] += 1
        if not new:
            maj = members[ev_id].most_common(1)[0][0] if members[ev_id] else None
            if maj != g:
                kinds["false join"] += 1
                rows.append(("false join", a, ev_id, maj))
        if target is not None:
            kinds[_kind(c, a, target, ev_id, new, reach, probs, cand_ids, rows)] += 1
        members[ev_id][g] += 1
        home[g][ev_id] += 1
        return ev_id, merges

    pred = R.replay(arts, cfg, place, copied)
    return pred, kinds, rows


def _kind(c, a, target: str, ev_id: str, new: bool, reach: list, probs: np.ndarray, cand_ids: set,
          rows: list) -> str:
    """What happened to a later report whose gold siblings are mostly in event ``target``."""
    ids = [x[0].id for x in reach]
    if ev_id == target:
        return "joined"
    if target in ids:
        kind = "rejected: new event" if new else "rejected: elsewhere"
        rows.append((kind, a, target, float(probs[ids.index(target)])))
        return kind
    where = ("archived" if target in c.archive else "not nearest" if target in c.open else "closed")
    if target in cand_ids:
        where = "out of date reach"
    kind = f"not compared: {where}"
    rows.append((kind, a, target, None))
    return kind


def merged_pairs(pred: dict, gold: dict) -> Counter:
    """Pairs of gold events sharing a predicted event, by same topic (ECB+ ids) or not, in articles."""
    by_pred: dict[str, Counter] = defaultdict(Counter)
    for d, e in pred.items():
        by_pred[e][gold[d]] += 1
    out: Counter = Counter()
    for e, gs in by_pred.items():
        if len(gs) < 2:
            continue
        top = gs.most_common(1)[0][0]
        for g, n in gs.items():
            if g != top:
                same = str(g).split("_")[0] == str(top).split("_")[0] if "_" in str(g) else None
                out["same topic" if same else "other topic" if same is False else "other event"] += n
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="+")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storylens-fit"))
    ap.add_argument("--show", type=int, default=0, help="print this many examples of each kind")
    ap.add_argument("--stream", action="append", default=[], help="NAME=STREAM.jsonl,LABELS.jsonl: another stream")
    ap.add_argument("--model", default="", help="another fitted join model (as fit_join.py writes it)")
    a = ap.parse_args()
    from storylens.corpus.cluster import ClusterConfig

    cfg = ClusterConfig(model_file=a.model)
    all_streams = streams(a.cache, a.stream)
    for name in a.names:
        arts, gold = all_streams[name]
        pred, kinds, rows = trace(arts, gold, cfg)
        p, r, f = bcubed(pred, {x.doc.id: gold[x.doc.id] for x in arts})
        print(f"\n{name}: B3 P {p:.3f} R {r:.3f} F1 {f:.3f}, {len(set(pred.values()))} events")
        for k, n in sorted(kinds.items()):
            print(f"  {k:32s} {n}")
        print("  articles in merged gold events:", dict(merged_pairs(pred, gold)))
        if a.show:
            shown: Counter = Counter()
            for kind, art, ev, extra in rows:
                if shown[kind] < a.show:
                    shown[kind] += 1
                    print(f"  [{kind}] {art.doc.id} {art.doc.published} {str(art.doc.title)[:70]!r} -> {ev} {extra}")


if __name__ == "__main__":
    main()
