"""Fit the corpus join model (storylens/data/join_model.json) on labelled streams.

The clusterer decides whether an article joins a candidate event with a logistic model over
pair features (``storylens.corpus.cluster.FEATURES``). This script rebuilds it:

1. prepares the articles of ECB+ and of gva-stream once (features cached under ``--cache``);
2. streams each training stream through the clusterer with the gold events (teacher forcing):
   every candidate event the clusterer would consider for an article gives one labelled pair;
3. fits logistic regressions (scikit-learn, standardised features) on the pairs of ECB+ (in
   file order and shuffled with seed 1) and of the FIRST HALF of gva-stream: one on the dated
   pairs (the article and the event both dated: the news feed), one on the others (ECB+ gives
   no dates), as the two parts of the model (``--one-model``: one for all pairs); with ``--rounds 2`` it then
   streams them again with that model placing the articles itself and adds the pairs it meets
   (events holding a report joined by mistake: the states the model meets when it runs), and
   refits; ``--products``: products of pairs of features weighed too (by default the words
   of a later step by the date gap and by the margins, :data:`PRODUCTS`); ``--dated-only``:
   features the undated part leaves out (:data:`DATED_ONLY`); ``--undated-from MODEL``: that
   model's undated part is kept as it is (with its join probability) and only the dated part is
   fitted; the margin features are taken over the candidates' best rival or a typical one,
   whichever is higher: the ``--rival`` quantile (0.25, chosen on the choosing streams below
   against 0.5) of the runner-up's value over the training articles, stored with the model;
4. picks the join probability threshold by mean B-cubed F1 on streams it was not fitted on: the
   second half of gva-stream, and ECB+ shuffled with seed 0 (the evaluation's order; the same
   documents as the fit, so not an independent check) (the highest within 0.002 of the best);
5. prints pair AUC on the second half and B-cubed for every stream and order.

    .venv/bin/python bench/fit_join.py [--cache /tmp/storylens-fit] [--write]

To compare feature sets quickly: ``--pairs FILE`` keeps the training pairs (collected once,
read back on later runs with the same features), ``--drop f,g`` leaves features out of the
fit (their weight is 0), ``--quick`` prints B-cubed on the choosing streams and ECB+ in file
order only. ``--trees N`` fits N gradient-boosted trees over every pair instead of the logistic
parts (``storylens.fitted.BoostedTrees`` reads them with numpy; a join probability per kind of
pair is chosen as for the parts); ``--model FILE`` scores a given model on the same streams;
``--folds SEED`` gives held-out ECB+ numbers (:func:`topic_folds`: fitted on half the topics,
scored on the other half, both ways; with ``--drop``, with and without those features).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from ecbplus import bcubed  # noqa: E402  (bench/ is the script's folder)
from replay import ECB, GVA, GVA_LABELS, HERE, labels, ordered, peek, prepared, replay, topic_halves  # noqa: E402

from storylens.corpus.cluster import _MARGINS, with_margins  # noqa: E402

MODEL = HERE.parent / "src" / "storylens" / "data" / "join_model.json"
# feature products the model may weigh besides the features (``--products``): the words of a
# later step (an arrest, a charge, a funeral) in an article's title and lead by the date gap and by
# the margins over the best rival (a follow-up days or weeks later that leads its candidates);
# text similarity x shared names and x date gap were tried before and moved B-cubed on the
# choosing streams by 0.002 or less
PRODUCTS = ("later_steps:gap_2_3,later_steps:gap_4_7,later_steps:gap_8_30,later_steps:gap_31_90,"
            "later_steps:gap_91,later_steps:mem_margin,later_steps:tcos_margin")
# features the undated part leaves out (``--dated-only``): follow-up evidence read against the
# date gap; ECB+ (undated) lost with them on held-out topics as often as it gained
DATED_ONLY = "day_match,later_steps"


def stream(arts: list, cfg, gold: dict | None = None, learn: dict | None = None):
    """Replay the clusterer over the articles (``replay.replay``). With ``gold``, articles are
    placed in their gold events and the labelled pairs of every candidate are collected; with
    ``learn`` (gold labels), the clusterer places them itself and the pairs are labelled by the
    gold event most of each candidate's articles belong to (the states the model meets when it
    runs). Returns (doc id -> event, pairs X, labels y): X holds each article's candidates as
    one block of pair features without the margins, and a last column that marks the
    candidates counted as rivals (``Clusterer.rivals``; :func:`margins` adds the margins)."""
    if gold is not None:  # the gold events stay as they are (a second look would merge them, a split cut them)
        cfg = dataclasses.replace(cfg, second_look=0, split=0)
    xs: list[np.ndarray] = []
    ys: list[int] = []
    members: dict[str, Counter] = defaultdict(Counter)
    ev_of: dict[str, str] = {}

    def by_gold(c, a, key):
        c.observed.discard(a.seq)
        reach, x = peek(c, a)
        target = ev_of.get(gold[a.doc.id])
        if reach:
            xs.append(block(c, a, reach, x))
            ys.extend(int(ev.id == target) for ev, _, _ in reach)
        tw = c._tfidf(a)
        c.candidates(a)  # the background window moves as in a run
        if target in c.open:
            ev = c.open[target]
        elif target in c.archive:
            ev = c._reopen(target)
        else:
            ev = c._new_event(a)
            ev_of[gold[a.doc.id]] = ev.id
        c._add(ev, a, tw)
        ev.keys.append(key)
        return ev.id, []

    def by_model(c, a, key):
        reach, x = peek(c, a)
        if reach:
            xs.append(block(c, a, reach, x))
            ys.extend(int(bool(members[ev.id]) and members[ev.id].most_common(1)[0][0] == learn[a.doc.id])
                      for ev, _, _ in reach)
        ev_id, _, _, merges = c.assign(a, key)
        for gone, keep in merges:
            members[keep].update(members.pop(gone, Counter()))
        members[ev_id][learn[a.doc.id]] += 1
        return ev_id, merges

    place = by_gold if gold is not None else by_model if learn is not None else None
    pred = replay(arts, cfg, place)
    return pred, xs, ys


def block(c, a, reach: list, x: np.ndarray) -> np.ndarray:
    """One article's candidates as a block: the pair features without the margins, and a
    column that is 1 for the candidates counted as its rivals."""
    mask = c.rivals(a, reach)
    col = np.ones(len(reach)) if mask is None else mask.astype(np.float64)
    return np.hstack([x[:, :-len(_MARGINS)], col[:, None]])


def margins(blocks: list[np.ndarray], rival: np.ndarray | None) -> np.ndarray:
    """The pairs of every article (blocks of pair features and the rivals' column, see
    :func:`block`) with their margin columns."""
    return np.vstack([with_margins(b[:, :-1], rival, b[:, -1] > 0) for b in blocks])


def typical_rival(blocks: list[np.ndarray], q: float) -> np.ndarray:
    """The ``q`` quantile, over the articles with two candidates or more, of the runner-up's
    value of each margin feature: the reference rival every candidate is measured against."""
    from storylens.corpus.cluster import FEATURES

    cols = [FEATURES.index(name) for name, _ in _MARGINS]
    second = np.array([np.sort(b[:, cols], axis=0)[-2] for b in blocks if len(b) > 1])
    return np.quantile(second, q, axis=0).round(6)


def fit_linear(x: np.ndarray, y: np.ndarray, c: float) -> dict:
    """Logistic regression over standardised features (as ``cluster._Linear`` reads it)."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return {"mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": lr.coef_[0].round(6).tolist(), "intercept": round(float(lr.intercept_[0]), 6)}


def fit_trees(x: np.ndarray, y: np.ndarray, n: int, depth: int, rate: float, leaf: int, seed: int = 0) -> dict:
    """Gradient-boosted trees over every pair (``storylens.fitted.BoostedTrees`` reads them):
    ``n`` trees of at most ``depth`` levels, learning rate ``rate``, at least ``leaf`` pairs a
    leaf. Leaves point to themselves, so each row takes ``depth`` steps."""
    from sklearn.ensemble import GradientBoostingClassifier

    from storylens.corpus.cluster import FEATURES

    gb = GradientBoostingClassifier(n_estimators=n, max_depth=depth, learning_rate=rate,
                                    min_samples_leaf=leaf, subsample=0.8, random_state=seed).fit(x, y)
    width = max(est[0].tree_.node_count for est in gb.estimators_)
    tabs = {k: np.zeros((n, width)) for k in ("feature", "cut", "left", "right", "value")}
    for i, est in enumerate(gb.estimators_):
        t = est[0].tree_
        for j in range(width):
            leaf_node = j >= t.node_count or t.children_left[j] < 0
            tabs["feature"][i, j] = 0 if leaf_node else t.feature[j]
            tabs["cut"][i, j] = 1e300 if leaf_node else t.threshold[j]
            tabs["left"][i, j] = j if leaf_node else t.children_left[j]
            tabs["right"][i, j] = j if leaf_node else t.children_right[j]
            tabs["value"][i, j] = t.value[j].ravel()[0] if j < t.node_count and leaf_node else 0.0
    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    trees = {"depth": depth, "rate": rate, "base": round(float(np.log(prior / (1 - prior))), 6),
             "feature": tabs["feature"].astype(int).tolist(), "cut": tabs["cut"].round(6).tolist(),
             "left": tabs["left"].astype(int).tolist(), "right": tabs["right"].astype(int).tolist(),
             "value": tabs["value"].round(6).tolist()}
    from storylens.fitted import BoostedTrees

    mine = BoostedTrees(trees).prob(x[:2000])
    theirs = gb.predict_proba(x[:2000])[:, 1]
    print(f"trees: {n} x depth {depth}, width {width}; export agrees to {np.abs(mine - theirs).max():.1e}")
    return {"features": list(FEATURES), "products": [], "trees": trees}


def column_names(features: "list[str] | tuple", products: "Iterable") -> list[str]:
    """The names of a model's columns: its features, then its products as "f*g"."""
    return list(features) + [f"{f}*{g}" for f, g in products or ()]


def fit(x: np.ndarray, y: np.ndarray, c: float, one: bool = False, products: list = (),
        dated_only: "list[str] | tuple" = ()) -> dict:
    """The join model: a part for dated pairs (article and event both dated) fitted on those,
    and a part for the others fitted on those (``one``: a single model for every pair);
    ``products``: pairs of feature names whose product is weighed too; ``dated_only``: features
    the undated part leaves out (weight 0; with the products that hold them)."""
    from storylens.corpus.cluster import FEATURES, with_products

    head = {"features": list(FEATURES), "products": [list(p) for p in products]}
    x = with_products(x, [(FEATURES.index(f), FEATURES.index(g)) for f, g in products])
    if one:
        return {**head, **fit_linear(x, y, c)}
    undated = x[:, FEATURES.index("nodate")] != 0
    xu = x[undated].copy()
    names = column_names(FEATURES, products)
    xu[:, [i for i, n in enumerate(names) if set(n.split("*")) & set(dated_only)]] = 0.0
    return {**head, "parts": {"dated": fit_linear(x[~undated], y[~undated], c),
                              "undated": fit_linear(xu, y[undated], c)}}


def undated_part(path: Path, products: list) -> dict:
    """The undated part of a fitted model (JSON) as it is, its features and products laid out
    as this version's (a column it lacks weighs 0) and its join probability: the shipped
    model's own file rebuilds it."""
    from storylens.corpus.cluster import FEATURES

    old = json.loads(path.read_text(encoding="utf-8"))
    if "parts" not in old:
        raise SystemExit(f"{path}: a model with a dated and an undated part is needed")
    part = old["parts"]["undated"]
    had_names = column_names(old["features"], old.get("products"))
    names = column_names(FEATURES, products)
    out = {k: v for k, v in part.items() if k not in ("mean", "scale", "coef")}
    for key, fill in (("mean", 0.0), ("scale", 1.0), ("coef", 0.0)):
        had = dict(zip(had_names, part[key]))
        out[key] = [had.get(n, fill) for n in names]
    return out


def _best(scores: list[tuple], col: int) -> tuple[float, float]:
    """(F1, threshold): the highest threshold within 0.002 of the best F1 in column ``col``."""
    top = max(s[col] for s in scores)
    return max(((s[col], s[1]) for s in scores if s[col] >= top - 0.002), key=lambda ft: ft[1])


def auc(p: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    return float((ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum()))


def f1(arts: list, cfg, gold: dict) -> tuple[float, float, float]:
    """B-cubed of the clusterer's own run over a stream."""
    return bcubed(stream(arts, cfg)[0], {k: gold[k] for k in (x.doc.id for x in arts)})


def topic_folds(a, ecb: list, gva: list, gold: dict, cfg, path: Path) -> None:
    """Held-out ECB+: its topics in two halves (a seeded shuffle); the model is fitted on the
    first half of gva-stream and on one half's topics (in file order and shuffled with seed 1),
    its undated join probability chosen on that half shuffled with seed 0, and B-cubed is
    scored on the other half's topics (file order, shuffled with seed 0); then the other way."""
    from storylens.corpus import cluster as C

    gpath = a.cache / "gva_pairs.pkl"
    if gpath.is_file():
        gxs, gys = pickle.loads(gpath.read_bytes())
    else:
        _, gxs, gys = stream(ordered(gva[:len(gva) // 2], "file"), cfg, gold)
        gpath.write_bytes(pickle.dumps((gxs, gys)))
    mcfg = dataclasses.replace(cfg, model_file=str(path),
                               second_look=C.ClusterConfig().second_look if a.second_look < 0 else a.second_look)
    res = []
    for k, (fit_on, held) in enumerate(topic_halves(ecb, a.folds)):
        xs, ys = list(gxs), list(gys)
        for arts in (ordered(fit_on, "file"), ordered(fit_on, "shuffled", 1)):
            _, x, y = stream(arts, cfg, gold)
            xs += x
            ys += y
        for variant in (["", a.drop] if a.drop else [""]):
            res.append(_fold(a, variant, xs, ys, fit_on, held, gold, mcfg, path, k))
    for variant in (["", a.drop] if a.drop else [""]):
        mean = np.mean([r[1] for r in res if r[0] == variant], axis=0)
        print(f"held-out ECB+ (seed {a.folds}), {'without ' + variant if variant else 'every feature'}, "
              f"mean of the two folds: file {mean[0]:.3f}, shuffled {mean[1]:.3f}")


def _fold(a, variant: str, xs: list, ys: list, fit_on: list, held: list, gold: dict, mcfg, path: Path,
          k: int) -> tuple:
    """One fold of :func:`topic_folds`, with the features ``variant`` (f,g) left out."""
    from storylens.corpus import cluster as C

    dropped = [C.FEATURES.index(f) for f in variant.split(",") if f]
    xs = [b.copy() for b in xs]
    for b in xs:
        b[:, dropped] = 0.0
    rival = typical_rival(xs, a.rival) if a.rival >= 0 else None
    x, y = margins(xs, rival), np.array(ys)
    products = [tuple(p.split(":")) for p in a.products.split(",") if p]
    model = fit_trees(x, y, a.trees, a.depth, a.rate, a.leaf) if a.trees else \
        fit(x, y, a.C, a.one_model, products, a.dated_only.split(","))
    model["rival"] = None if rival is None else rival.tolist()
    scores = []
    for thr in (float(t) for t in a.thresholds.split(",")):
        m = {**model, "threshold": thr, "thresholds": {"undated": thr}} if a.trees else \
            {**model, "threshold": thr, "parts": {kind: {**v, "threshold": thr} for kind, v in model["parts"].items()}}
        path.write_text(json.dumps(m), encoding="utf-8")
        C.fitted_model.cache_clear()
        scores.append((f1(ordered(fit_on, "shuffled"), mcfg, gold)[2], thr))
    top = max(f for f, _ in scores)
    thr = max(t for f, t in scores if f >= top - 0.002)
    m = {**model, "threshold": thr, "thresholds": {"undated": thr}} if a.trees else \
        {**model, "threshold": thr, "parts": {kind: {**v, "threshold": thr} for kind, v in model["parts"].items()}}
    path.write_text(json.dumps(m), encoding="utf-8")
    C.fitted_model.cache_clear()
    row = [f1(ordered(held, how), mcfg, gold) for how in ("file", "shuffled")]
    print(f"fold {k}{' without ' + variant if variant else ''}: {len(fit_on)} fitted / {len(held)} held out, "
          f"threshold {thr} (fitted half F1 {top:.3f}); held out file P/R/F1 "
          f"{row[0][0]:.3f}/{row[0][1]:.3f}/{row[0][2]:.3f}, shuffled {row[1][0]:.3f}/{row[1][1]:.3f}/{row[1][2]:.3f}",
          flush=True)
    return variant, [r[2] for r in row]


def main() -> None:
    from storylens.corpus import cluster as C

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storylens-fit"))
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--write", action="store_true", help=f"write the model to {MODEL}")
    ap.add_argument("--one-model", action="store_true", help="one model for dated and undated pairs")
    ap.add_argument("--products", default=PRODUCTS,
                    help="feature products the model weighs too, as f:g,f:g (empty: none)")
    ap.add_argument("--dated-only", default=DATED_ONLY,
                    help="features the undated part leaves out, as f,g (empty: none)")
    ap.add_argument("--undated-from", type=Path, default=None,
                    help="keep this fitted model's undated part (JSON) as it is; only the dated part is fitted")
    ap.add_argument("--second-look", type=int, default=-1,
                    help="cluster.second_look of the model's own runs (default: the setting's)")
    ap.add_argument("--rounds", type=int, default=1, help="1: gold states only; 2: add the model's own states")
    ap.add_argument("--rival", type=float, default=0.25,
                    help="quantile of the runner-up values taken as the typical rival (negative: none)")
    ap.add_argument("--thresholds", default="0.55,0.65,0.75,0.85", help="join probabilities to choose from")
    ap.add_argument("--drop", default="", help="features left out of the fit (weight 0), as f,g")
    ap.add_argument("--pairs", type=Path, default=None,
                    help="a pickle of the training pairs: read when it exists (same features), else written")
    ap.add_argument("--quick", action="store_true", help="B-cubed on the choosing streams only")
    ap.add_argument("--trees", type=int, default=0,
                    help="gradient-boosted trees instead of logistic parts (0: logistic)")
    ap.add_argument("--depth", type=int, default=3, help="depth of each tree")
    ap.add_argument("--rate", type=float, default=0.1, help="learning rate of the trees")
    ap.add_argument("--leaf", type=int, default=50, help="fewest pairs in a leaf")
    ap.add_argument("--model", type=Path, default=None,
                    help="score this model (JSON) on the streams instead of fitting one (its thresholds kept)")
    ap.add_argument("--gva-shuffled", type=int, default=-1,
                    help="also fit on the first half of gva-stream shuffled with this seed (-1: off)")
    ap.add_argument("--folds", type=int, default=0,
                    help="held-out ECB+ by topic, split with this seed (0: off; see topic_folds)")
    a = ap.parse_args()
    t0 = time.monotonic()
    ecb_gold, gva_gold = labels(ECB), labels(GVA_LABELS)
    ecb, gva = prepared("ecb", ECB, a.cache), prepared("gva", GVA, a.cache)
    half = len(gva) // 2
    # fitted on ECB+ (in file order and in another shuffled order, seed 1) and the first half
    # of gva-stream; the threshold is chosen on ECB+ shuffled with seed 0 (the order the
    # evaluation uses) and on the second half of gva-stream (never fitted on)
    train = {"ecb/file": ordered(ecb, "file"), "ecb/shuffled-seed1": ordered(ecb, "shuffled", 1),
             "gva/first-half": ordered(gva[:half], "file")}
    if a.gva_shuffled >= 0:  # the first half out of date order too (a feed backfilled, an archive)
        train["gva/first-half-shuffled"] = ordered(gva[:half], "shuffled", a.gva_shuffled)
    choose = {"ecb/shuffled": ordered(ecb, "shuffled"), "gva/second-half": ordered(gva[half:], "file")}
    gold = {**ecb_gold, **gva_gold}
    # the pairs are collected with the gold events (no second look: it would merge them); the
    # model's own runs look again as configured
    run_cfg = C.ClusterConfig() if a.second_look < 0 else C.ClusterConfig(second_look=a.second_look)
    cfg = dataclasses.replace(run_cfg, second_look=0)
    path = a.cache / "join_model.json"
    mcfg = dataclasses.replace(run_cfg, model_file=str(path))
    if a.folds:
        topic_folds(a, ecb, gva, gold, cfg, path)
        return
    xs, ys = [], []
    if a.pairs is not None and a.pairs.is_file():
        xs, ys = pickle.loads(a.pairs.read_bytes())
    else:
        for name, arts in train.items():
            _, x, y = stream(arts, cfg, gold)
            xs += x
            ys += y
            print(f"{name}: {len(y)} pairs, {sum(y)} joins", file=sys.stderr)
        if a.pairs is not None:
            a.pairs.write_bytes(pickle.dumps((xs, ys)))
    dropped = [C.FEATURES.index(f) for f in a.drop.split(",") if f]
    for b in xs:  # a feature left out is constant: its weight is 0
        b[:, dropped] = 0.0
    rival = typical_rival(xs, a.rival) if a.rival >= 0 else None
    x, y = margins(xs, rival), np.array(ys)
    products = [tuple(p.split(":")) for p in a.products.split(",") if p]
    if a.trees:
        model = {**fit_trees(x, y, a.trees, a.depth, a.rate, a.leaf),
                 "rival": None if rival is None else rival.tolist()}
    else:
        model = {**fit(x, y, a.C, a.one_model, products, a.dated_only.split(",")),
                 "rival": None if rival is None else rival.tolist()}
    if a.model is not None:
        model = json.loads(a.model.read_text(encoding="utf-8"))
    kept = undated_part(a.undated_from, products) if a.undated_from is not None else None
    print(f"typical rival ({', '.join(m for _, m in _MARGINS)}): {model['rival']}")
    for _ in range(a.rounds - 1):  # more rounds on the states the last model meets (mixed events)
        path.write_text(json.dumps({**model, "threshold": 0.5}), encoding="utf-8")
        C.fitted_model.cache_clear()
        for name, arts in train.items():
            _, x2, y2 = stream(arts, mcfg, learn=gold)
            xs += x2
            ys += y2
            print(f"{name}: {len(y2)} more pairs from the model's own run", file=sys.stderr)
        x, y = margins(xs, rival), np.array(ys)
        model = {**fit(x, y, a.C, a.one_model, products, a.dated_only.split(",")), "rival": model["rival"]}
    if kept is not None:  # the undated part as it was; its join probability is restored after the choice
        model["parts"]["undated"] = {k: v for k, v in kept.items() if k != "threshold"}
    _, xc, yc = stream(choose["gva/second-half"], cfg, gold)
    xc = margins(xc, rival)
    xc[:, dropped] = 0.0
    jm = C.JoinModel({**model, "threshold": 0.5})
    print(f"pair AUC: train {auc(jm.prob(x), y):.4f}, gva second half {auc(jm.prob(np.array(xc)), np.array(yc)):.4f}")
    for kind, part in ({} if "trees" in model else model.get("parts") or {"all": model}).items():
        print(f"{kind} pairs, weights:")
        names = column_names(model["features"], products)
        for f, w in sorted(zip(names, part["coef"]), key=lambda fw: -abs(fw[1]))[:20]:
            print(f"  {f:24s} {w:+.3f}")
    # the threshold: best mean B-cubed F1 over the choosing streams
    scores: list[tuple[float, float]] = []
    for thr in (float(t) for t in a.thresholds.split(",")):
        path.write_text(json.dumps({**model, "threshold": thr}), encoding="utf-8")
        C.fitted_model.cache_clear()
        fs = [f1(arts, mcfg, gold)[2] for arts in choose.values()]
        print(f"threshold {thr}: choosing F1 " + ", ".join(f"{f:.3f}" for f in fs), file=sys.stderr)
        scores.append((float(np.mean(fs)), thr, *fs))
    # the highest threshold within 0.002 of the best F1: at a tie, precision first. The model's
    # own on the mean over the choosing streams; each part's on the stream of its kind (dated:
    # the second half of gva-stream; undated: ECB+)
    best = _best(scores, 0)
    if a.model is not None:
        best = (best[0], model["threshold"])
    else:
        model["threshold"] = best[1]
    for kind, col in (("dated", 1), ("undated", 0)):
        if a.model is not None:
            break
        if kind in model.get("parts", {}):
            model["parts"][kind]["threshold"] = _best(scores, 2 + col)[1]
        elif "trees" in model:
            model.setdefault("thresholds", {})[kind] = _best(scores, 2 + col)[1]
    if kept is not None and "threshold" in kept:
        model["parts"]["undated"]["threshold"] = kept["threshold"]
    path.write_text(json.dumps(model, indent=1), encoding="utf-8")
    C.fitted_model.cache_clear()
    rows = {**choose, "ecb/file": train["ecb/file"]}
    if not a.quick:
        rows.update({"gva/file (all)": ordered(gva, "file"), "gva/shuffled (all)": ordered(gva, "shuffled")})
    print(f"threshold {best[1]} (choosing mean F1 {best[0]:.3f})")
    for name, arts in rows.items():
        p, r, f = f1(arts, mcfg, gold)
        print(f"{name:22s} P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
    if a.write:
        MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")
    print(f"{time.monotonic() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
