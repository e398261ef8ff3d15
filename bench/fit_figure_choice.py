"""Fit the figure chooser (storylens/data/figure_choice.json) on the GVA incidents.

A report often states several counts of the people killed (or injured); the claims stage
takes one as the report's figure (:mod:`storylens.stages.claims_choice`). This script:

1. runs the claims stage's extraction and grouping over the incidents of
   ../shared/devsets/gva-figures (the cached documents and parses of bench/figures_dev.py; run
   that once first) and keeps every toll group of people killed or injured;
2. labels each report's candidate counts: is its value the Gun Violence Archive figure?
3. fits a logistic regression (scikit-learn, standardised features) on the FIRST HALF of the
   incidents (sorted by id), for each regularisation strength in a small grid;
4. scores the groups the claims stage then builds (shared score_figures.py: found, best), on
   each half, without a model (the largest count) and with each fitted model, and chooses the
   strength on the SECOND half (the weakest regularisation within 0.005 of the best);
   then the same for the value model across reports, which is kept only when it gets more
   than one figure more right on the second half and none fewer on the first;
5. with ``--write``, writes the chosen model.

    .venv/bin/python bench/fit_figure_choice.py [--write] [--fresh]
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from figures_dev import CACHE, FIG, _embed_cache, incidents  # noqa: E402

sys.path.insert(0, str(HERE.parent.parent / "shared" / "tools"))
import score_figures as S  # noqa: E402

GROUPS = CACHE / "claim-inputs"
KINDS = ("killed", "injured")


def inputs(inc: str, fresh: bool) -> tuple:
    """(claims, groups, origins, published, own deaths) of one incident, as the claims stage
    builds them (``--fresh`` after a change of the extraction: the inputs are cached)."""
    from storylens.stages import claims as C

    src = FIG / inc / "articles.jsonl"
    key = hashlib.sha1(src.read_bytes()).hexdigest()[:12]
    out = GROUPS / f"{inc}-{key}.pkl"
    if out.exists() and not fresh:
        return pickle.loads(out.read_bytes())
    state = pickle.loads((CACHE / f"{inc}-{key}.pkl").read_bytes())
    got: list = []
    real = C.build_groups
    C.build_groups = lambda *a, **k: got.append(a) or []
    try:
        origins = C.origin_of(state.sections.get("origins") or [], state.documents)
        C.claim_groups(state.documents, state.cache["parsed"], origins, True)
    finally:
        C.build_groups = real
    claims, groups, origins, published, own = got[0]
    out.write_bytes(pickle.dumps((claims, groups, origins, published, own)))
    return claims, groups, origins, published, own


def toll_groups(data: dict, ids: list[str]):  # type: ignore[no-untyped-def]
    """(gold count, the group's claims, origins, published, own deaths) for every toll group of a
    kind the gold gives a count for."""
    from storylens.stages import claims as C

    for inc in ids:
        gold = json.loads((FIG / inc / "gold.json").read_text())
        claims, groups, origins, published, own = data[inc]
        for idx in groups:
            g = [claims[i] for i in idx]
            if not C.is_toll(g):
                continue
            scope = next(c.scope for c in g if c.scope)
            if scope in KINDS and isinstance(gold.get(scope), int):
                yield gold[scope], g, origins, published, own


def samples(data: dict, ids: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features and labels of every report's candidate counts in the toll groups."""
    from storylens.stages import claims as C
    from storylens.stages import claims_choice as CH

    X, y, names = [], [], None
    for want, g, origins, _, _ in toll_groups(data, ids):
        by_doc = defaultdict(list)
        for c in g:
            by_doc[c.doc].append(c)
        values = CH.origin_values(g, origins)
        for doc, cs in by_doc.items():
            mine = C._current(cs)
            if len({float(c.value or 0) for c in mine}) < 2:
                continue  # one value: nothing to choose
            others = CH.other_values(values, doc, origins)
            for c in mine:
                f = CH.features(c, mine, others)
                names = names or list(f)
                X.append([f[n] for n in names])
                y.append(float(c.value or 0) == want)
    return np.asarray(X), np.asarray(y, dtype=int), names or []


def value_samples(data: dict, ids: list[str], model: dict) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features and labels of every value the reports' figures give in the toll groups that
    differ (each report's figure chosen with ``model``)."""
    from storylens.stages import claims as C
    from storylens.stages import claims_choice as CH

    real = CH.load_model
    CH.load_model = lambda path=None: model
    X, y, names = [], [], None
    try:
        for want, g, origins, published, own in toll_groups(data, ids):
            figs = C.report_figures(g, origins, own)[0]
            _, vals, by_val, _ = C._by_value(figs, published)
            if len(vals) < 2:
                continue
            for v in vals:
                f = CH.value_features(v, by_val, origins, published)
                names = names or list(f)
                X.append([f[n] for n in names])
                y.append(v == want)
    finally:
        CH.load_model = real
    return np.asarray(X), np.asarray(y, dtype=int), names or []


def fit(X: np.ndarray, y: np.ndarray, names: list[str], C_: float) -> dict:
    from sklearn.linear_model import LogisticRegression

    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd == 0] = 1.0
    lr = LogisticRegression(C=C_, max_iter=2000).fit((X - mu) / sd, y)
    return {"features": names, "coef": [round(float(w), 6) for w in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 6), "mean": [round(float(m), 6) for m in mu],
            "scale": [round(float(s), 6) for s in sd], "C": C_}


def evaluate(data: dict, ids: list[str], model: dict | None) -> tuple[float, float, int]:
    """(found, best, figures) of the claim groups built with ``model`` (None: no chooser)."""
    from storylens.stages import claims as C
    from storylens.stages import claims_choice as CH

    real = CH.load_model
    CH.load_model = lambda path=None: model
    found = best = total = 0
    try:
        for inc in ids:
            gold = json.loads((FIG / inc / "gold.json").read_text())
            figs = S.answerable(FIG / inc, gold)
            if not figs:
                continue
            claims, groups, origins, published, own = data[inc]
            built = [json.loads(json.dumps(dataclasses.asdict(g), default=str))
                     for g in C.build_groups(claims, groups, origins, published, own)]
            for kind, v in figs.items():
                mine = [g for g in built if __import__("re").search(S.CUES[kind], S.group_kind_text(g))]
                top = max(mine, key=lambda g: len(g.get("claims", [])), default=None)
                total += 1
                found += any(v in S.group_values(g) for g in mine)
                best += top is not None and S.best_value(top) == v
    finally:
        CH.load_model = real
    return found / max(1, total), best / max(1, total), total


def main(argv: list[str]) -> int:
    fresh = "--fresh" in argv
    GROUPS.mkdir(parents=True, exist_ok=True)
    save = _embed_cache()
    first, second = incidents("1"), incidents("2")
    data = {inc: inputs(inc, fresh) for inc in first + second}
    save()
    X, y, names = samples(data, first)
    print(f"first half: {len(y)} candidates, {y.sum()} right; features {names}")
    base = [evaluate(data, ids, None) for ids in (first, second)]
    print(f"no model (largest count): first half found {base[0][0]:.3f} best {base[0][1]:.3f} ({base[0][2]}); "
          f"second half found {base[1][0]:.3f} best {base[1][1]:.3f} ({base[1][2]})")
    grid = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)

    def choose(runs: list) -> tuple:
        top = max(r[3][1] for r in runs)
        return [r for r in runs if r[3][1] >= top - 0.005][-1]

    runs = []
    for C_ in grid:
        model = {"claim": fit(X, y, names, C_)}
        r1, r2 = evaluate(data, first, model), evaluate(data, second, model)
        runs.append((C_, model, r1, r2))
        print(f"claim C={C_}: first half found {r1[0]:.3f} best {r1[1]:.3f}; second half found {r2[0]:.3f} best {r2[1]:.3f}")
    C_, model, r1, r2 = choose(runs)
    print(f"chosen claim C={C_}: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(names, model["claim"]["coef"])))
    Xv, yv, vnames = value_samples(data, first, model)
    print(f"first half: {len(yv)} values in groups that differ, {yv.sum()} right")
    runs = [(None, model, r1, r2)]
    for Cv in grid:
        both = {**model, "value": fit(Xv, yv, vnames, Cv)}
        r1, r2 = evaluate(data, first, both), evaluate(data, second, both)
        runs.append((Cv, both, r1, r2))
        print(f"value C={Cv}: first half found {r1[0]:.3f} best {r1[1]:.3f}; second half found {r2[0]:.3f} best {r2[1]:.3f}")
    Cv, best_, r1, r2 = choose(runs[1:])
    if r2[1] > runs[0][3][1] + 1.5 / runs[0][3][2] and r1[1] >= runs[0][2][1]:  # more than one figure better
        model = best_
    if "value" in model:
        print(f"chosen value C={Cv}: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(vnames, model["value"]["coef"])))
    else:
        print("no value model: the hand ordering of values stays")
    if "--write" in argv:
        from storylens.stages.claims_choice import MODEL_FILE

        MODEL_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
