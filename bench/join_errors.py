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

Each rejected pair and false join is also sorted by the group of features (``GROUPS``: date
gap, text similarity, names, places, figures, event size) that moved its join probability most
against the join (rejected) or for it (false join), compared with the average training pair.

For ECB+ it also lists the pairs of gold events merged in one predicted event.

    .venv/bin/python bench/join_errors.py gva-second ecb-shuffled [--cache /tmp/storylens-fit]
"""
from __future__ import annotations

import argparse
import dataclasses
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


def trace(arts: list, gold: dict, cfg=None, moved: "set | None" = None) -> tuple[dict, Counter, list]:
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
        reach, x = R.peek(c, a, model.rival)
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
        ids = [r[0].id for r in reach]
        if not new:
            maj = members[ev_id].most_common(1)[0][0] if members[ev_id] else None
            if maj != g:
                kinds["false join"] += 1
                row = x[ids.index(ev_id)] if ev_id in ids else None
                rows.append(("false join", a, ev_id, maj, None if row is None else why(model, row, +1)))
        if target is not None:
            kinds[_kind(c, a, target, ev_id, new, (ids, x, probs, model), cand_ids, rows)] += 1
        members[ev_id][g] += 1
        home[g][ev_id] += 1
        return ev_id, merges

    def merged(gone, keep):  # a small event merged into another on a second look as it closed
        members[keep].update(members.pop(gone, Counter()))
        for h in home.values():
            if gone in h:
                h[keep] += h.pop(gone)
        kinds["second look merge"] += 1

    def split(src, new, docs):  # an event split as it closed: its articles moved to a new event
        if moved is not None:
            moved.update(docs)
        for d in docs:
            g = gold[d]
            members[src][g] -= 1
            members[new][g] += 1
            home[g][src] -= 1
            home[g][new] += 1
        kinds["split as it closed"] += 1

    pred = R.replay(arts, cfg, place, copied, merged, split_hook=split)
    return pred, kinds, rows


# the pair features by what they read (see storylens.corpus.cluster.FEATURES)
GROUPS = {
    "date gap": ("gap_2_3", "gap_4_7", "gap_8_30", "gap_31_90", "gap_91", "nodate", "latest_gap", "latest_same"),
    "text similarity": ("cent", "mem", "bg", "tcos", "rules_score", "tcos_margin", "mem_margin", "rules_margin"),
    "names": ("rare_names", "shared_names", "article_names", "gap_names", "rare_margin", "person_support",
              "names_in_text", "names_in_event_text", "person_conflict", "core_conflict", "core_absent",
              "undated_person_conflict", "undated_core_conflict"),
    "places": ("places", "place_conflict", "undated_place_conflict", "sites_in_text"),
    "figures": ("figures", "figures_conflict", "years", "years_conflict", "decimals", "undated_years_conflict"),
    "event size / archived": ("event_size", "archived"),
}


def why(model, row: np.ndarray, sign: int) -> str:
    """The group of features that pushed a pair's join probability most down (``sign`` -1: a
    rejected pair) or up (+1: a false join), against the average training pair."""
    from storylens.corpus.cluster import FEATURES

    part = model.part(row)
    contrib = Counter()  # a product of two features counts for the group of each, half each
    for i, v in enumerate(part.coef * (model.expand(row)[0] - part.mean) / part.scale):
        pair = model.products[i - len(FEATURES)] if i >= len(FEATURES) else (i, i)
        for k in pair:
            contrib[FEATURES[k]] += v / 2
    by_group = {g: sum(contrib.get(f, 0.0) for f in fs) for g, fs in GROUPS.items()}
    return max(by_group, key=lambda g: sign * by_group[g])


def _kind(c, a, target: str, ev_id: str, new: bool, scored: tuple, cand_ids: set, rows: list) -> str:
    """What happened to a later report whose gold siblings are mostly in event ``target``
    (``scored``: the ids, features, probabilities of its candidates in reach, and the model)."""
    ids, x, probs, model = scored
    if ev_id == target:
        return "joined"
    if target in ids:
        kind = "rejected: new event" if new else "rejected: elsewhere"
        k = ids.index(target)
        rows.append((kind, a, target, float(probs[k]), why(model, x[k], -1)))
        return kind
    where = ("archived" if target in c.archive else "not nearest" if target in c.open else "closed")
    if target in cand_ids:
        where = "out of date reach"
    kind = f"not compared: {where}"
    rows.append((kind, a, target, None, None))
    return kind


def spread(pred: dict, gold: dict, moved: set) -> Counter:
    """The articles outside their gold event's main predicted event (the one holding most of
    them), in articles, by the predicted event they are in: a fragment of their own gold event
    (its most common) or inside another's, by its size (1, 2, 3-5, 6 or more), and whether a
    split moved them there."""
    by_pred: dict[str, Counter] = defaultdict(Counter)
    home: dict[str, Counter] = defaultdict(Counter)
    for d, e in pred.items():
        by_pred[e][gold[d]] += 1
        home[gold[d]][e] += 1
    out: Counter = Counter()
    for d, e in pred.items():
        g = gold[d]
        if home[g].most_common(1)[0][0] == e:
            continue
        n = sum(by_pred[e].values())
        size = "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"
        own = by_pred[e].most_common(1)[0][0] == g
        out[f"{'fragment of its own' if own else 'in another event'} (size {size})"
            f"{', split off' if d in moved else ''}"] += 1
    return out


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
    ap.add_argument("--merge", type=int, default=None, help="cluster.merge (0: no merge test as events close)")
    a = ap.parse_args()
    from storylens.corpus.cluster import ClusterConfig

    cfg = ClusterConfig(model_file=a.model)
    if a.merge is not None:
        cfg = dataclasses.replace(cfg, merge=a.merge)
    all_streams = streams(a.cache, a.stream)
    for name in a.names:
        arts, gold = all_streams[name]
        moved: set = set()
        pred, kinds, rows = trace(arts, gold, cfg, moved)
        p, r, f = bcubed(pred, {x.doc.id: gold[x.doc.id] for x in arts})
        print(f"\n{name}: B3 P {p:.3f} R {r:.3f} F1 {f:.3f}, {len(set(pred.values()))} events")
        for k, n in sorted(kinds.items()):
            print(f"  {k:32s} {n}")
        print("  articles in merged gold events:", dict(merged_pairs(pred, gold)))
        outside = spread(pred, gold, moved)
        print(f"  articles outside their gold event's main predicted event: {sum(outside.values())}")
        for k, n in sorted(outside.items()):
            print(f"    {k:44s} {n}")
        vetoes = Counter((kind, v) for kind, _, _, _, v in rows if v is not None)
        for (kind, v), n in sorted(vetoes.items(), key=lambda kv: (kv[0][0], -kv[1])):
            print(f"  {kind:22s} most {'for' if kind == 'false join' else 'against'}: {v:22s} {n}")
        if a.show:
            shown: Counter = Counter()
            for kind, art, ev, extra, v in rows:
                if shown[kind] < a.show:
                    shown[kind] += 1
                    print(f"  [{kind}] {art.doc.id} {art.doc.published} {str(art.doc.title)[:70]!r} -> {ev} {extra} {v}")


if __name__ == "__main__":
    main()
