"""Fit the merge test of closing events (storylens/data/merge_model.json) and measure it.

An event that closes and is not split is compared with the ``cluster.merge`` open events
nearest its centroid (``storylens.corpus.cluster``: ``Clusterer._merge_target``): the split
model's pair probabilities between their kept articles give :data:`MERGE_FEATURES`
(``cluster.merge_features``), and a logistic model merges it into the most probable one. This
script:

1. replays the clustering step over cached features (``replay.replay``, ``--cache`` as
   ``fit_join.py``) with a merge model that never merges, logging the features of every pair
   of events compared;
2. fits the model (scikit-learn logistic regression, standardised features) on the pairs of the
   training streams (ECB+ in file order and shuffled with seed 1, the first half of
   gva-stream), labelled by whether the two events' most common gold events are the same;
3. chooses the threshold by mean B-cubed F1 over those streams, the merges applied offline to
   the logged pairs in the order they closed;
4. replays every stream with the model (the second half of gva-stream and ECB+ shuffled with
   seed 0 not fitted on; ``--write``: writes the model first).

``--folds SEED`` gives held-out ECB+ numbers: its topics in two halves (a seeded shuffle), the
model fitted and its threshold chosen on gva-stream's first half and one half's topics, the
other half's topics replayed (file order and shuffled with seed 0), then the other way.

``--dated SET`` also compares two dated events: a dated part of the model over one of
:data:`DATED_SETS` is fitted on the dated pairs of gva-stream's first half and measured on its
second half and the ``--gen`` stream (offline, with an oracle for the ceiling, and replayed).

    .venv/bin/python bench/merge_events.py --cache /tmp/DIR [--folds 1] [--write] [--dated all]
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay as R  # noqa: E402
from ecbplus import bcubed  # noqa: E402

TAUS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
NEAREST = 8


def never(folder: Path, dated: bool = False) -> str:
    """A merge model that never merges (its threshold over 1), to log the pairs compared
    (``dated``: with a dated part too, so two dated events are logged with its features)."""
    from storylens.corpus.cluster import DATED_MERGE_FEATURES, MERGE_FEATURES

    def part(names):
        n = len(names)
        return {"features": list(names), "mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * n,
                "intercept": 0.0, "threshold": 2.0}
    path = folder / "never.json"
    path.write_text(json.dumps(part(MERGE_FEATURES) | ({"dated": part(DATED_MERGE_FEATURES)} if dated else {})))
    return str(path)


# the dated part's feature sets tried (``--dated SET``): the split model's view only (as the
# undated model), the join model's view with the centroids and the day gap, or both
DATED_SETS = {
    "split": ("between", "within", "within_less_between", "log_smaller", "log_larger", "smaller_share",
              "between_max", "between_share", "centroid", "day_gap"),
    "join": ("log_smaller", "log_larger", "centroid", "day_gap", "join_mean", "join_max", "join_share",
             "day_conflict_share", "toll_conflict_share"),
    "names": ("log_smaller", "log_larger", "centroid", "day_gap", "between_max", "between_share",
              "person_conflict_share", "place_conflict_share", "rare_shared_mean", "day_conflict_share",
              "toll_conflict_share"),
}
DATED_SETS["all"] = DATED_SETS["split"] + DATED_SETS["join"][4:] + DATED_SETS["names"][6:9]


def is_dated(f) -> bool:
    from storylens.corpus.cluster import DATED_MERGE_FEATURES

    return len(f) == len(DATED_MERGE_FEATURES)


def fit_dated(train: list[dict], names: "tuple[str, ...]", c: float = 1.0) -> dict:
    """The dated part: a logistic over ``names`` (the other features weigh 0) fitted on the two
    dated events' pairs of the training streams."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from storylens.corpus.cluster import DATED_MERGE_FEATURES

    cols = [DATED_MERGE_FEATURES.index(n) for n in names]
    rows = [r for s in train for r in s["rows"] if is_dated(r[2])]
    x = np.vstack([r[2] for r in rows])[:, cols]
    y = np.asarray([r[3] for r in rows])
    sc = StandardScaler().fit(x)
    sc.scale_[sc.scale_ == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000, class_weight=None).fit(sc.transform(x), y)
    n = len(DATED_MERGE_FEATURES)
    mean, scale, coef = [0.0] * n, [1.0] * n, [0.0] * n
    for k, j in enumerate(cols):
        mean[j], scale[j], coef[j] = float(sc.mean_[k]), float(sc.scale_[k]), float(lr.coef_[0][k])
    return {"features": list(DATED_MERGE_FEATURES), "mean": mean, "scale": scale, "coef": coef,
            "intercept": float(lr.intercept_[0]), "pairs": len(y), "same": int(y.sum())}


def logged(arts: list, gold: dict, cfg) -> dict:
    """Replay a stream; its predicted events, gold, and the pairs of events compared as they closed
    (closing event, candidate, features, label)."""
    log: list = []
    pred = R.replay(arts, cfg, on_start=lambda c: setattr(c, "merge_log", log))
    doc = {f"a{a.seq:08d}": a.doc.id for a in arts}
    g = {a.doc.id: gold[a.doc.id] for a in arts}

    def top(keys):
        return Counter(g[doc[k]] for k in keys).most_common(1)[0][0]

    rows = [(e, o, np.asarray(f), int(top(ek) == top(ok))) for e, ek, o, ok, f in log]
    return {"pred": pred, "gold": g, "rows": rows}


def undated_rows(s: dict) -> dict:
    """The stream with only the pairs the undated model scores (as logged without a dated part)."""
    return {**s, "rows": [r for r in s["rows"] if not is_dated(r[2])]}


def fit(train: list[dict]) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from storylens.corpus.cluster import MERGE_FEATURES

    x = np.vstack([r[2] for s in train for r in s["rows"]])
    y = np.asarray([r[3] for s in train for r in s["rows"]])
    sc = StandardScaler().fit(x)
    sc.scale_[sc.scale_ == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(sc.transform(x), y)
    return {"features": list(MERGE_FEATURES), "mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(),
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "pairs": len(y),
            "same": int(y.sum())}


def applied(s: dict, data: dict, tau: float, oracle: bool = False) -> dict:
    """The stream's predicted events with the logged pairs merged offline (each closing event
    into its most probable candidate at ``tau`` or more, in the order they closed; ``oracle``:
    two dated events merged exactly when their most common gold events agree)."""
    from storylens.corpus.cluster import MergeModel

    m = MergeModel({**data, "threshold": tau})
    into: dict[str, str] = {}
    best: dict[str, tuple[float, str]] = {}
    order: list[str] = []
    for e, o, f, same in s["rows"]:
        part = m.dated if is_dated(f) else m
        if oracle and is_dated(f):
            part = m
            p = float(same)
        elif part is None:
            continue
        else:
            p = float(part.prob([f])[0])
        if e not in best:
            order.append(e)
        if p >= part.threshold and (e not in best or p > best[e][0]):
            best[e] = (p, o)
    for e in order:
        if e in best:
            into[e] = best[e][1]

    def root(e):
        seen = set()
        while e in into and e not in seen:
            seen.add(e)
            e = into[e]
        return e
    return {d: root(e) for d, e in s["pred"].items()}


def choose(train: list[dict], data: dict, taus: "tuple[float, ...]" = TAUS) -> float:
    scores = [(float(np.mean([bcubed(applied(s, data, t), s["gold"])[2] for s in train])), t) for t in taus]
    return max(scores, key=lambda v: (v[0] + 1e-9 * -v[1], ))[1]


def fmt(pred: dict, gold: dict) -> str:
    p, r, f = bcubed(pred, gold)
    return f"{p:.3f} / {r:.3f} / {f:.4f}"


def model_file(folder: Path, data: dict, tau: float, name: str) -> str:
    path = folder / name
    path.write_text(json.dumps({k: v for k, v in data.items() if k not in ("pairs", "same")} | {"threshold": tau}))
    return str(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storylens-fit"))
    ap.add_argument("--folds", type=int, default=None, help="seed of the ECB+ topic halves (held-out ECB+)")
    ap.add_argument("--write", action="store_true", help="write storylens/data/merge_model.json and replay with it")
    ap.add_argument("--taus", default="", help="the thresholds to choose from, comma-separated (default 0.3 to 0.9)")
    ap.add_argument("--gen", default="", help="STREAM.jsonl,LABELS.jsonl of a generated stream, replayed too")
    ap.add_argument("--dated", default="", choices=("",) + tuple(DATED_SETS),
                    help="fit a dated part over this feature set too and measure two dated events merged")
    ap.add_argument("--dump", type=Path, default=None, help="with --dated: pickle the logged pairs here")
    ap.add_argument("--dated-taus", default="0.5,0.6,0.7,0.8,0.9,0.95", help="the dated part's thresholds")
    a = ap.parse_args()
    from storylens.corpus.cluster import MERGE_FILE, ClusterConfig

    if a.dated:
        return main_dated(a)

    taus = tuple(float(t) for t in a.taus.split(",")) if a.taus else TAUS
    tmp = Path(tempfile.mkdtemp(prefix="merge-"))
    cfg = ClusterConfig(merge=NEAREST, merge_file=never(tmp))
    gold = {**R.labels(R.ECB), **R.labels(R.GVA_LABELS)}
    ecb, gva = R.prepared("ecb", R.ECB, a.cache), R.prepared("gva", R.GVA, a.cache)
    half = len(gva) // 2
    gva1 = logged(R.ordered(gva[:half], "file"), gold, cfg)
    if a.folds is not None:
        for k, (fit_on, held) in enumerate(R.topic_halves(ecb, a.folds)):
            train = [gva1, logged(R.ordered(fit_on, "file"), gold, cfg),
                     logged(R.ordered(fit_on, "shuffled", 1), gold, cfg)]
            data = fit(train)
            tau = choose(train, data, taus)
            on = ClusterConfig(merge=NEAREST, merge_file=model_file(tmp, data, tau, f"fold{k}.json"))
            print(f"fold {k}: {data['pairs']} pairs ({data['same']} of one event), threshold {tau}; weights "
                  f"{[round(c, 2) for c in data['coef']]}", flush=True)
            for name, arts in (("held ECB+ file", R.ordered(held, "file")),
                               ("held ECB+ shuffled", R.ordered(held, "shuffled"))):
                g = {x.doc.id: gold[x.doc.id] for x in arts}
                print(f"  {name:20s} off {fmt(R.replay(arts, ClusterConfig(merge=0)), g)}  on {fmt(R.replay(arts, on), g)}",
                      flush=True)
        return
    streams = {"ecb-file": logged(R.ordered(ecb, "file"), gold, cfg),
               "ecb-shuffled-1": logged(R.ordered(ecb, "shuffled", 1), gold, cfg), "gva-first": gva1}
    train = list(streams.values())
    data = fit(train)
    tau = choose(train, data, taus)
    print(f"{data['pairs']} pairs ({data['same']} of one event), threshold {tau}")
    print("weights:", {f: round(c, 2) for f, c in zip(data["features"], data["coef"])})
    for t in taus:
        print(f"  offline, threshold {t}: " + "  ".join(f"{n} {bcubed(applied(s, data, t), s['gold'])[2]:.4f}"
                                                       for n, s in streams.items()))
    path = model_file(tmp, data, tau, "merge_model.json")
    if a.write:
        out = {k: v for k, v in data.items() if k not in ("pairs", "same")} | {"threshold": tau}
        MERGE_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        path = str(MERGE_FILE)
        print(f"wrote {MERGE_FILE}")
    on = ClusterConfig(merge=NEAREST, merge_file=path)
    runs = [("gva-second", R.ordered(gva[half:], "file")), ("ecb-file", R.ordered(ecb, "file")),
            ("ecb-shuffled-0", R.ordered(ecb, "shuffled")), ("gva", R.ordered(gva, "file"))]
    if a.gen:
        src, lab = a.gen.split(",")
        gen = R.ordered(R.prepared("gen11", Path(src), a.cache), "file")
        gold.update(R.labels(Path(lab), "event"))
        runs.append(("generated", gen))
    for name, arts in runs:
        g = {d.doc.id: gold[d.doc.id] for d in arts}
        print(f"  {name:16s} off {fmt(R.replay(arts, ClusterConfig(merge=0)), g)}  on {fmt(R.replay(arts, on), g)}",
              flush=True)


def main_dated(a) -> None:
    """``--dated SET``: the pairs logged with two dated events compared too; the undated model
    fitted as without them, a dated part over SET fitted on the dated pairs of the training
    streams (gva-stream's first half: ECB+ has none) and its threshold chosen there (mean B³ F1
    over the training streams, merges applied offline); then gva-stream's second half and the
    generated stream (``--gen``) offline at every threshold, and replayed with the chosen one."""
    from storylens.corpus.cluster import ClusterConfig

    tmp = Path(tempfile.mkdtemp(prefix="merge-dated-"))
    cfg = ClusterConfig(merge=NEAREST, merge_dated=True, merge_file=never(tmp, dated=True))
    gold = {**R.labels(R.ECB), **R.labels(R.GVA_LABELS)}
    ecb, gva = R.prepared("ecb", R.ECB, a.cache), R.prepared("gva", R.GVA, a.cache)
    half = len(gva) // 2
    train = [logged(R.ordered(gva[:half], "file"), gold, cfg), logged(R.ordered(ecb, "file"), gold, cfg),
             logged(R.ordered(ecb, "shuffled", 1), gold, cfg)]
    held = {"gva-second": logged(R.ordered(gva[half:], "file"), gold, cfg)}
    gen = None
    if a.gen:
        src, lab = a.gen.split(",")
        gen = R.ordered(R.prepared("gen11", Path(src), a.cache), "file")
        gold.update(R.labels(Path(lab), "event"))
        held["generated"] = logged(gen, gold, cfg)
    if a.dump:
        import pickle

        a.dump.write_bytes(pickle.dumps({"train": train, "held": held}))
    und = [undated_rows(s) for s in train]
    data = fit(und)
    tau = choose(und, data)
    dated = fit_dated(train, DATED_SETS[a.dated])
    print(f"undated: {data['pairs']} pairs, threshold {tau}; dated ({a.dated}): {dated['pairs']} pairs "
          f"({dated['same']} of one event); weights "
          f"{ {n: round(c, 2) for n, c in zip(dated['features'], dated['coef']) if c} }", flush=True)
    for n, st in list(held.items()) + [("gva-first", train[0])]:
        rows = [r for r in st["rows"] if is_dated(r[2])]
        print(f"  {n}: {len(rows)} dated pairs, {sum(r[3] for r in rows)} of one event", flush=True)
    dtaus = tuple(float(t) for t in a.dated_taus.split(","))
    best = None
    for t in dtaus:
        full = data | {"threshold": tau, "dated": {k: v for k, v in dated.items() if k not in ("pairs", "same")}
                       | {"threshold": t}}
        tr = float(np.mean([bcubed(applied(st, full, tau), st["gold"])[2] for st in train]))
        line = f"  offline, dated threshold {t}: train mean {tr:.4f}  gva-first " \
               f"{fmt(applied(train[0], full, tau), train[0]['gold'])}"
        for n, st in held.items():
            line += f"  {n} {fmt(applied(st, full, tau), st['gold'])}"
        print(line, flush=True)
        if best is None or tr > best[0] + 1e-9:
            best = (tr, t, full)
    none = data | {"threshold": tau}
    line = "  offline, every two dated events of one gold event merged:" + "".join(
        f"  {n} {fmt(applied(st, none, tau, oracle=True), st['gold'])}"
        for n, st in [("gva-first", train[0])] + list(held.items()))
    print(line, flush=True)
    line = "  offline, dated off:" + "".join(f"  {n} {fmt(applied(st, none, tau), st['gold'])}"
                                            for n, st in [("gva-first", train[0])] + list(held.items()))
    print(line, flush=True)
    assert best is not None
    print(f"chosen dated threshold {best[1]}", flush=True)
    path = tmp / "dated.json"
    path.write_text(json.dumps({k: v for k, v in best[2].items() if k not in ("pairs", "same")}))
    if a.write:
        from storylens.corpus.cluster import MERGE_FILE

        MERGE_FILE.write_text(json.dumps({k: v for k, v in best[2].items() if k not in ("pairs", "same")},
                                         indent=1) + "\n", encoding="utf-8")
        path = MERGE_FILE
        print(f"wrote {MERGE_FILE}")
    off = ClusterConfig(merge=NEAREST, merge_file=str(path))
    on = ClusterConfig(merge=NEAREST, merge_dated=True, merge_file=str(path))
    runs = [("gva-second", R.ordered(gva[half:], "file")), ("gva", R.ordered(gva, "file"))]
    if gen is not None:
        runs.append(("generated", gen))
    for name, arts in runs:
        g = {d.doc.id: gold[d.doc.id] for d in arts}
        print(f"  {name:16s} dated off {fmt(R.replay(arts, off), g)}  on {fmt(R.replay(arts, on), g)}", flush=True)


if __name__ == "__main__":
    main()
