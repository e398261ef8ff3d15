"""Fit the split test of closing events (storylens/data/split_model.json) and measure it.

An event of ``cluster.split`` articles or more is tested as it closes for two events in one
(``storylens.corpus.cluster``: ``Clusterer.split_pairs`` gives pair features of every two of
its articles, a logistic model their probability of one event, average linkage cuts the event
in two, and it is split when the two groups' mean probability is under the model's threshold).
This script:

1. replays the clustering step over cached features (``replay.replay``, as ``fit_join.py``;
   ``--cache`` shared with it) with a split model that never splits, logging the pair
   features of every event tested as it closes;
2. fits the pair model (scikit-learn logistic regression, standardised features) on the pairs
   of the training streams, labelled by the gold events of the two articles: ECB+ in file order
   and shuffled with seed 1, and the FIRST HALF of gva-stream (the join model's training
   streams);
3. chooses the threshold and the smallest group (``min_part``) by mean B-cubed F1 over those
   training streams, the splits applied to the logged events;
4. prints B-cubed before and after on every stream, the second half of gva-stream being the one
   not fitted on (``--write``: writes the model and replays the streams with it).

``--refine`` (tried, not kept): each cut refined (:func:`refined`; with ``--folds``, printed after
the plain cut). ``--event``: the split decided by an event-level model over the features of the
cut (:func:`fit_event`, ``cluster.cut_features``; its threshold and ``min_part`` chosen on the
training streams as above); with ``--folds`` printed after the single threshold, with
``--write`` written into the model (``event``, ``event_threshold``).

``--folds SEED`` gives held-out ECB+ numbers: its topics in two halves (a seeded shuffle), the
split model fitted and chosen on gva-stream's first half and one half's topics, scored on the
other half's (file order and shuffled with seed 0), then the other way (the join model stays the
shipped one, fitted on every topic).

    .venv/bin/python bench/split_events.py --cache /tmp/DIR [--folds 1] [--write]
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay as R  # noqa: E402
from ecbplus import bcubed  # noqa: E402

TAUS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
PARTS = (2, 3)


def never(folder: Path) -> str:
    """A split model that never splits (threshold 0), to log the events tested."""
    from storylens.corpus.cluster import SPLIT_FEATURES

    n = len(SPLIT_FEATURES)
    path = folder / "never.json"
    path.write_text(json.dumps({"features": list(SPLIT_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
                                "coef": [0.0] * n, "intercept": 0.0, "threshold": 0.0, "min_part": 2}))
    return str(path)


def logged(arts: list, gold: dict, cfg) -> dict:
    """Replay a stream; its predicted events, gold, and the events tested as they closed."""
    log: list = []
    pred = R.replay(arts, cfg, on_start=lambda c: setattr(c, "split_log", log))
    doc = {f"a{a.seq:08d}": a.doc.id for a in arts}
    return {"pred": pred, "gold": {a.doc.id: gold[a.doc.id] for a in arts},
            "events": [([doc[k] for k in keys], x, idx) for _, keys, x, idx in log]}


def pairs(streams: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for s in streams:
        for docs, x, idx in s["events"]:
            xs.append(x)
            ys.extend(int(s["gold"][docs[i]] == s["gold"][docs[j]]) for i, j in idx)
    return np.vstack(xs), np.asarray(ys)


def fit(x: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from storylens.corpus.cluster import SPLIT_FEATURES

    sc = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(sc.transform(x), y)
    return {"features": list(SPLIT_FEATURES), "mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(),
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}


def applied(s: dict, data: dict, tau: float, part: int) -> dict:
    """The stream's predicted events with the logged events split by the model (offline; the
    copies of the articles moved stay where they were)."""
    from storylens.corpus.cluster import SplitModel

    m = SplitModel({**data, "threshold": tau, "min_part": part})
    out = dict(s["pred"])
    for n, (docs, x, idx) in enumerate(s["events"]):
        P, lab = cut(data, x, idx, len(docs))
        if not m.splits(P, lab):
            continue
        for d, g in zip(docs, lab):
            if g != lab[0]:
                out[d] = f"{out[d]}/split{n}"
    return out


def refined(P: np.ndarray, lab: np.ndarray, rounds: int = 10) -> np.ndarray:
    """A cut in two refined: round by round each item moves to the group it agrees with most
    (its mean probability to the group's other items) until none moves; a group is never
    emptied (tried, not kept: see bench/RESULTS.md)."""
    lab = lab.copy()
    n = len(lab)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            other = np.arange(n) != i
            g0, g1 = other & (lab == 0), other & (lab == 1)
            if not g0.any() or not g1.any():
                continue
            want = int(P[i, g1].mean() > P[i, g0].mean())
            if want != lab[i]:
                lab[i], moved = want, True
        if not moved:
            break
    return lab


def cut(data: dict, x: np.ndarray, idx: list, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pair probabilities (a matrix) of a logged event and its cut in two."""
    from storylens.corpus.cluster import SplitModel, pair_matrix, two_groups

    P = pair_matrix(n, idx, SplitModel({**data, "threshold": 0.0}).prob(x))
    lab = two_groups(P)
    return P, (refined(P, lab) if data.get("refine") else lab)


def fit_event(train: list[dict], data: dict) -> dict:
    """The event-level split decision (``SplitModel.event``): logistic over the features of
    each logged event's cut (``cluster.cut_features``), labelled by whether the two groups'
    most common gold events differ."""
    from collections import Counter

    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from storylens.corpus.cluster import cut_features

    xs, ys = [], []
    for s in train:
        for docs, x, idx in s["events"]:
            P, lab = cut(data, x, idx, len(docs))
            if lab.min() == lab.max():
                continue
            top = [Counter(s["gold"][d] for d, g in zip(docs, lab) if g == k).most_common(1)[0][0] for k in (0, 1)]
            xs.append(cut_features(P, lab))
            ys.append(int(top[0] != top[1]))
    X, y = np.asarray(xs), np.asarray(ys)
    sc = StandardScaler().fit(X)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(sc.transform(X), y)
    return {"mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(), "coef": lr.coef_[0].tolist(),
            "intercept": float(lr.intercept_[0]), "events": len(y), "two": int(y.sum())}


def with_event(data: dict, ev: dict, tau: float) -> dict:
    return {**data, "event": {k: ev[k] for k in ("mean", "scale", "coef", "intercept")}, "event_threshold": tau}


def choose_event(train: list[dict], data: dict, ev: dict) -> tuple[float, int]:
    best = None
    for part in PARTS:
        for tau in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            f = float(np.mean([bcubed(applied(s, with_event(data, ev, tau), 0.0, part), s["gold"])[2] for s in train]))
            if best is None or f > best[0] + 1e-9:
                best = (f, tau, part)
    assert best is not None
    return best[1], best[2]


def choose(train: list[dict], data: dict) -> tuple[float, int]:
    best = None
    for part in PARTS:
        for tau in TAUS:
            f = float(np.mean([bcubed(applied(s, data, tau, part), s["gold"])[2] for s in train]))
            if best is None or f > best[0] + 1e-9:
                best = (f, tau, part)
    assert best is not None
    return best[1], best[2]


def fmt(pred: dict, gold: dict) -> str:
    p, r, f = bcubed(pred, gold)
    return f"{p:.3f} / {r:.3f} / {f:.4f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storylens-fit"))
    ap.add_argument("--folds", type=int, default=None, help="seed of the ECB+ topic halves (held-out ECB+)")
    ap.add_argument("--write", action="store_true", help="write storylens/data/split_model.json and replay with it")
    ap.add_argument("--event", action="store_true",
                    help="an event-level split decision fitted on the cuts (fit_event)")
    ap.add_argument("--refine", action="store_true",
                    help="refine each cut (every article to the group it agrees with most; not kept)")
    a = ap.parse_args()
    from storylens.corpus.cluster import SPLIT_FILE, ClusterConfig

    tmp = Path(tempfile.mkdtemp(prefix="split-"))
    cfg = ClusterConfig(split_file=never(tmp))
    gold = {**R.labels(R.ECB), **R.labels(R.GVA_LABELS)}
    ecb, gva = R.prepared("ecb", R.ECB, a.cache), R.prepared("gva", R.GVA, a.cache)
    half = len(gva) // 2
    gva1 = logged(R.ordered(gva[:half], "file"), gold, cfg)
    gva2 = logged(R.ordered(gva[half:], "file"), gold, cfg)
    if a.folds is not None:
        for k, (fit_on, held) in enumerate(R.topic_halves(ecb, a.folds)):
            train = [gva1, logged(R.ordered(fit_on, "file"), gold, cfg),
                     logged(R.ordered(fit_on, "shuffled", 1), gold, cfg)]
            fitted = fit(*pairs(train))
            tests = (("held ECB+ file", logged(R.ordered(held, "file"), gold, cfg)),
                     ("held ECB+ shuffled", logged(R.ordered(held, "shuffled"), gold, cfg)),
                     ("gva-stream second half", gva2))
            for refine in sorted({False, a.refine}):
                data = {**fitted, "refine": refine}
                tau, part = choose(train, data)
                print(f"fold {k}{' (refined cut)' if refine else ''}: threshold {tau}, min_part {part}")
                for name, s in tests:
                    print(f"  {name:24s} off {fmt(s['pred'], s['gold'])}  "
                          f"on {fmt(applied(s, data, tau, part), s['gold'])}")
                if a.event:
                    ev = fit_event(train, data)
                    et, ep = choose_event(train, data, ev)
                    print(f"  event-level decision ({ev['events']} cuts, {ev['two']} of two events): "
                          f"threshold {et}, min_part {ep}; weights {[round(c, 2) for c in ev['coef']]}")
                    for name, s in tests:
                        print(f"  {name:24s} off {fmt(s['pred'], s['gold'])}  "
                              f"on {fmt(applied(s, with_event(data, ev, et), 0.0, ep), s['gold'])}")
        return
    streams = {"ecb-file": logged(R.ordered(ecb, "file"), gold, cfg),
               "ecb-shuffled-1": logged(R.ordered(ecb, "shuffled", 1), gold, cfg), "gva-first": gva1}
    train = list(streams.values())
    x, y = pairs(train)
    data = {**fit(x, y), "refine": a.refine}
    tau, part = choose(train, data)
    if a.event:
        ev = fit_event(train, data)
        et, part = choose_event(train, data, ev)
        print(f"event-level decision ({ev['events']} cuts, {ev['two']} of two events): threshold {et}, "
              f"min_part {part}; weights {[round(c, 2) for c in ev['coef']]}")
        data = with_event(data, ev, et)
    print(f"pairs {len(y)} ({int(y.sum())} of one event); threshold {tau}, min_part {part}")
    print("weights:", {f: round(c, 2) for f, c in zip(data["features"], data["coef"])})
    streams.update({"gva-second": gva2, "ecb-shuffled-0": logged(R.ordered(ecb, "shuffled"), gold, cfg),
                    "gva": logged(R.ordered(gva, "file"), gold, cfg)})
    for name, s in streams.items():
        print(f"  {name:16s} off {fmt(s['pred'], s['gold'])}  on {fmt(applied(s, data, tau, part), s['gold'])}")
    if a.write:
        data = {k: v for k, v in data.items() if k != "refine"}
        SPLIT_FILE.write_text(json.dumps({**data, "threshold": tau, "min_part": part}, indent=1) + "\n",
                              encoding="utf-8")
        print(f"wrote {SPLIT_FILE}; replayed with it:")
        on = ClusterConfig()
        for name, arts in (("gva-second", R.ordered(gva[half:], "file")), ("ecb-file", R.ordered(ecb, "file")),
                           ("ecb-shuffled-0", R.ordered(ecb, "shuffled")), ("gva", R.ordered(gva, "file"))):
            print(f"  {name:16s} {fmt(R.replay(arts, on), {d.doc.id: gold[d.doc.id] for d in arts})}")
        off = dataclasses.replace(on, split=0)
        print("  (ecb-file, split 0:", fmt(R.replay(R.ordered(ecb, "file"), off), {d.doc.id: gold[d.doc.id] for d in ecb}), ")")


if __name__ == "__main__":
    main()
