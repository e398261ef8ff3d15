"""A second decision at arrival by the split test's pair model, measured (not part of the clusterer).

When the join model rejects an article (every candidate under its join probability), the
article's pairs with the kept articles (``Clusterer.kept``) of each of its ``--top`` most
probable candidate events are scored by the split model (``storylens/data/split_model.json``,
``SPLIT_FEATURES``: :func:`cross_rows`, the rows ``Clusterer.split_pairs`` would give those
pairs) and summed up per event (max, mean, mean of the top 2). Three uses:

- ``--log``: replays each stream with the clusterer unchanged and counts, for the rejected
  articles' candidates, how many are the article's own event (gold label: the most common gold
  event of the candidate's kept articles), by join probability and pair summary; with the
  first half of gva-stream among the streams, a small logistic over (join probability, pair
  summaries, size, rank) is fitted on it and its ranking (AUC) printed on the others;
- ``--apply JSON``: replays each stream with the second decision on, for each setting in the
  JSON list (``{"agg": "mean", "floor": 0.5, "at": 0.8}``: the candidate of highest summary
  among those of join probability ``floor`` or more is joined when its summary reaches ``at``),
  and prints B-cubed;
- ``--look JSON``: the same at the second look of a small event as it closes (the settings as
  for ``--apply``): when the join model finds no event that every article of the closing event
  would join, the open candidates that every article scores ``floor`` or more are summed up over
  all their pairs (the closing event's articles with the candidate's kept ones) and the best is
  merged when its summary reaches ``at``;
- ``--stack``: what the pair summaries would add as join features (a refit's upper view): every
  article's 5 most probable candidates holding kept articles give a row of the join features and
  the summaries (labelled as for ``--log``; the clusterer unchanged); with the first half of
  gva-stream among the streams, logistics with and without the summaries are fitted on it and
  compared on the others (AUC; the joins right and wrong when each article takes its most
  probable candidate at a join probability);
- ``--missed``: for each later report whose event was not among its candidates (open but not
  among the nearest, or archived), the join probability it would get if it were.

    .venv/bin/python bench/arrival_pairs.py gva-first gva-second --cache DIR --log
    .venv/bin/python bench/arrival_pairs.py gva-second ecb-file --cache DIR --apply '[{"agg": "mean", "floor": 0.5, "at": 0.8}]'
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import join_errors as J  # noqa: E402
import replay as R  # noqa: E402
from ecbplus import bcubed  # noqa: E402

from storylens.corpus import cluster as C  # noqa: E402

SUMMARIES = ("max", "mean", "top2")


def cross_rows(c: "C.Clusterer", a, arts: list) -> np.ndarray:
    """The :data:`~storylens.corpus.cluster.SPLIT_FEATURES` of the article paired with each of
    ``arts`` (``Clusterer.split_pairs`` over the pairs (0, j) of ``[a] + arts``)."""
    return c.split_pairs([a] + arts, [(0, j) for j in range(1, len(arts) + 1)])[0]


def summary(p: np.ndarray) -> dict:
    s = np.sort(p)[::-1]
    return {"max": float(s[0]), "mean": float(s.mean()), "top2": float(s[:2].mean()), "n": len(s)}


class Second:
    """The patched decision: the clusterer's own, then (on a rejection) the pair summaries,
    logged against ``gold`` and applied when ``setting`` is given."""

    def __init__(self, top: int, gold: dict, setting: "dict | None" = None):
        self.top, self.gold, self.setting = top, gold, setting
        self.log: list[dict] = []

    def __call__(self, c: "C.Clusterer", a, key: str):
        c.observed.discard(a.seq)  # as Clusterer.assign (replay counted the chunk's terms)
        tw, cands, p, best, best_p, thr = c.scored_candidates(a)
        if cands and best_p < thr:
            got = self.second(c, a, cands, p)
            if got is not None:
                return c._place(a, key, tw, got[0], got[1])
        return c._place(a, key, tw, None if best is None or best_p < thr else best, best_p)

    def second(self, c, a, cands: list, p: np.ndarray):
        sm = C.split_model(c.cfg.split_file or C.SPLIT_FILE)
        s = self.setting or {}
        got = []
        for rank, j in enumerate(np.argsort(-p)[:self.top]):
            ev = cands[j][0]
            kept = [b for _, b in c.kept.get(ev.id, [])]
            if not kept or float(p[j]) < s.get("floor", 0.0):
                continue
            rows = cross_rows(c, a, kept)
            g = summary(sm.prob(rows))
            maj = Counter(self.gold.get(b.doc.id) for b in kept).most_common(1)[0][0]
            self.log.append({"p": float(p[j]), "rank": rank, "y": int(self.gold.get(a.doc.id) == maj), **g})
            got.append((g[s.get("agg", "mean")], float(p[j]), ev))
        if self.setting is None or not got:
            return None
        sc, pj, ev = max(got, key=lambda t: (t[0], t[1]))
        return (ev, pj) if sc >= s["at"] else None


def looked(c: "C.Clusterer", setting: dict, count: Counter) -> None:
    """Give the clusterer ``c`` the second look's pair-model fallback (see ``--look``)."""
    own = c._second_look

    def second_look(ev):
        arts = list(c.lookback.get(ev.id) or [])
        got = own(ev)
        if got is not None or not arts:
            return got
        sm = C.split_model(c.cfg.split_file or C.SPLIT_FILE)
        scored = c.scored_again(arts, ev.id)
        if scored is None:
            return None
        scores: dict[str, list[float]] = defaultdict(list)
        for cands, _, p in scored:
            for x, pk in zip(cands, p):
                scores[x[0].id].append(float(pk))
        best, top = None, -1.0
        for eid in sorted(e for e, v in scores.items()
                          if len(v) == len(arts) and min(v) >= setting.get("floor", 0.0) and c.kept.get(e)):
            kept = [b for _, b in c.kept[eid]]
            g = summary(np.concatenate([sm.prob(cross_rows(c, a, kept)) for a in arts]))[setting.get("agg", "mean")]
            if g > top:
                best, top = eid, g
        if best is None or top < setting["at"]:
            return None
        count["merged"] += 1
        return c.open[best]

    c._second_look = second_look  # type: ignore[method-assign]


def stacked(c: "C.Clusterer", a, gold: dict, rows: list, k: int) -> None:
    """Log the article's ``--stack`` rows (its index ``k``)."""
    model, sm = C.join_model(c.cfg.model_file or C.MODEL_FILE), C.split_model(c.cfg.split_file or C.SPLIT_FILE)
    reach, x = R.peek(c, a, model.rival)
    if not reach:
        return
    p = model.prob(x)
    for j in np.argsort(-p)[:5]:
        kept = [b for _, b in c.kept.get(reach[j][0].id, [])]
        if kept:
            g = summary(sm.prob(cross_rows(c, a, kept)))
            maj = Counter(gold.get(b.doc.id) for b in kept).most_common(1)[0][0]
            rows.append((x[j], [g[s] for s in SUMMARIES], int(gold[a.doc.id] == maj), k))


def compare(stacks: dict[str, list]) -> None:
    """Logistics fitted on gva-first's ``--stack`` rows, with and without the pair summaries."""
    from sklearn.linear_model import LogisticRegression

    def arrays(rows):
        return (np.array([r[0] for r in rows]), logit(np.array([r[1] for r in rows])),
                np.array([r[2] for r in rows]), np.array([r[3] for r in rows]))

    xa, sa, ya, _ = arrays(stacks["gva-first"])
    for with_s in (False, True):
        fa = np.hstack([xa, sa]) if with_s else xa
        mean, scale = fa.mean(0), fa.std(0)
        scale[scale == 0] = 1.0
        lr = LogisticRegression(max_iter=5000).fit((fa - mean) / scale, ya)
        what = "join features and pair summaries" if with_s else "join features"
        for name, rows in stacks.items():
            if name == "gva-first" or not rows:
                continue
            xb, sb, yb, gb = arrays(rows)
            pb = lr.predict_proba(((np.hstack([xb, sb]) if with_s else xb) - mean) / scale)[:, 1]
            cells = []
            for thr in (0.5, 0.7, 0.85, 0.9):
                right = wrong = 0
                for k in np.unique(gb):
                    m = gb == k
                    j = int(np.argmax(pb[m]))
                    if pb[m][j] >= thr:
                        right, wrong = right + int(yb[m][j]), wrong + 1 - int(yb[m][j])
                cells.append(f"{thr}: {right} / {wrong}")
            print(f"  fitted on gva-first, {what}: {name} AUC {auc(pb, yb):.4f}; joins right / wrong "
                  + ", ".join(cells))


def logit(v: np.ndarray) -> np.ndarray:
    v = np.clip(v, 1e-4, 1 - 1e-4)
    return np.log(v / (1 - v))


def design(rows: list[dict]) -> np.ndarray:
    return np.array([[logit(r["p"]), logit(r["max"]), logit(r["mean"]), logit(r["top2"]), np.log(r["n"]),
                      r["rank"]] for r in rows])


def auc(p: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    return float((ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / max(1, pos.sum() * (~pos).sum()))


def report(logs: dict[str, list[dict]]) -> None:
    for name, rows in logs.items():
        print(f"{name}: {len(rows)} candidates of rejected articles, {sum(r['y'] for r in rows)} their own event")
        for floor in (0.0, 0.3, 0.5, 0.6):
            cells = []
            for agg in SUMMARIES:
                for at in (0.6, 0.7, 0.8, 0.9):
                    sel = [r for r in rows if r["p"] >= floor and r[agg] >= at]
                    cells.append(f"{agg}>={at}: {sum(r['y'] for r in sel)}/{len(sel)}")
            print(f"  join p >= {floor}: " + ", ".join(cells))
        band = [r for r in rows if r["p"] >= 0.4]
        if band and 0 < sum(r["y"] for r in band) < len(band):
            y = np.array([r["y"] for r in band])
            print("  AUC among join p >= 0.4:", {k: round(auc(np.array([r[k] for r in band]), y), 3)
                                                for k in ("p",) + SUMMARIES})
    if "gva-first" in logs:
        from sklearn.linear_model import LogisticRegression

        x, y = design(logs["gva-first"]), np.array([r["y"] for r in logs["gva-first"]])
        mean, scale = x.mean(0), x.std(0) + 1e-9
        for cols, what in (([0], "join p"), ([0, 1, 2, 3, 4, 5], "join p, pair summaries, size, rank")):
            lr = LogisticRegression(max_iter=2000).fit(((x - mean) / scale)[:, cols], y)
            for name, rows in logs.items():
                if name != "gva-first" and rows:
                    ye = np.array([r["y"] for r in rows])
                    pe = lr.predict_proba(((design(rows) - mean) / scale)[:, cols])[:, 1]
                    print(f"  logistic on gva-first ({what}): AUC on {name} {auc(pe, ye):.3f}")


def missed(c, a, gold: dict, home: dict, out: list) -> None:
    """The join probability of a later report against its event when that was no candidate."""
    model = C.join_model(c.cfg.model_file or C.MODEL_FILE)
    g = gold[a.doc.id]
    target = home[g].most_common(1)[0][0] if home[g] else None
    saved = list(c.bg_recent)
    tw = c._tfidf(a)
    cands, bg = c.candidates(a)
    c.bg_recent = saved
    cands = [x for x in cands if c.in_reach(a, x[0])]
    if target is None or target in {x[0].id for x in cands}:
        return
    if target in c.open:
        ev = c.open[target]
        cands.append((ev, float(c.centroids[ev.slot] @ a.vec), False))
        where = "open, not nearest"
    elif target in c.archive:
        ev = c.archive[target]
        cands.append((ev, float(np.dot(ev.members[0].astype(np.float32), a.vec)), True))
        where = "archived"
    else:
        return
    if not c.in_reach(a, ev):
        return
    x = c.candidate_matrix(a, cands, tw, bg, model.rival)
    p = model.prob(x)
    out.append((where, float(p[-1]), float(p[:-1].max()) if len(p) > 1 else None, model.threshold_for(x[-1]),
                a.doc.title))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="+")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storylens-fit"))
    ap.add_argument("--stream", action="append", default=[], help="NAME=STREAM.jsonl,LABELS.jsonl: another stream")
    ap.add_argument("--top", type=int, default=3, help="candidates (most probable first) given the second decision")
    ap.add_argument("--log", action="store_true")
    ap.add_argument("--apply", default="", help="JSON list of settings {agg, floor, at}")
    ap.add_argument("--look", default="", help="JSON list of settings {agg, floor, at} for the second look")
    ap.add_argument("--stack", action="store_true")
    ap.add_argument("--missed", action="store_true")
    a = ap.parse_args()
    streams = J.streams(a.cache, a.stream)
    cfg = C.ClusterConfig()
    logs: dict = {}
    stacks: dict = {}
    for name in a.names:
        arts, gold = streams[name]
        truth = {x.doc.id: gold[x.doc.id] for x in arts}
        if a.log:
            dec = Second(a.top, gold)
            pred = R.replay(arts, cfg, lambda c, x, k: (lambda r: (r[0], r[3]))(dec(c, x, k)))
            print(f"{name}: B3 P / R / F1 " + " / ".join(f"{v:.4f}" for v in bcubed(pred, truth)))
            logs[name] = dec.log
        for setting in json.loads(a.apply or "[]"):
            dec = Second(a.top, gold, setting)
            pred = R.replay(arts, cfg, lambda c, x, k: (lambda r: (r[0], r[3]))(dec(c, x, k)))
            print(f"{name} {setting}: B3 P / R / F1 " + " / ".join(f"{v:.4f}" for v in bcubed(pred, truth)))
        for setting in json.loads(a.look or "[]"):
            count: Counter = Counter()
            pred = R.replay(arts, cfg, on_start=lambda c: looked(c, setting, count))
            print(f"{name} second look {setting}: B3 P / R / F1 " + " / ".join(f"{v:.4f}" for v in bcubed(pred, truth))
                  + f" ({count['merged']} more merged)")
        if a.stack:
            rows: list = []
            seen = Counter()

            def log_place(c, x, k):
                stacked(c, x, gold, rows, seen["n"])
                seen["n"] += 1
                r = c.assign(x, k)
                return r[0], r[3]

            R.replay(arts, cfg, log_place)
            stacks[name] = rows
            print(f"{name}: {len(rows)} stacked rows, {sum(r[2] for r in rows)} of the article's own event")
        if a.missed:
            home: dict = defaultdict(Counter)
            out: list = []

            def place(c, x, k):
                missed(c, x, gold, home, out)
                r = c.assign(x, k)
                home[gold[x.doc.id]][r[0]] += 1
                return r[0], r[3]

            R.replay(arts, cfg, place)
            print(f"{name}: {len(out)} later reports whose event was no candidate; "
                  f"{sum(1 for w in out if w[1] >= w[3])} would join it")
            for where, p, other, thr, title in out:
                print(f"  {where:18s} p {p:.3f} (best other {other}, needs {thr}) {str(title)[:60]!r}")
    if logs:
        report(logs)
    if "gva-first" in stacks:
        compare(stacks)


if __name__ == "__main__":
    main()
