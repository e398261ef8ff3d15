"""Fit the quotes stage's speaker model on PolNeAR train and write src/storylens/data/quote_speaker.json.

    .venv/bin/python bench/fit_speakers.py [--train DIR] [--dev DIR] [--cache DIR] [--c C]

Each quotation the quotes stage finds in a train article (the attribution rules alone, the
model switched off) is matched to an annotated statement as ``score_quotes.py`` matches them;
its candidate speakers (``stages/quotes_speaker.py``) are labelled by whether their name shares a
capitalised word with the annotated source. Quotations whose source is a pronoun, or that no
candidate names, are left out. A scikit-learn logistic regression over the (quotation,
candidate) rows is fitted with standardised features and written as plain JSON weights (mean,
scale, coef, intercept), which the stage applies with numpy. The margin by which a candidate must beat the
rules' speaker, and the score it needs where the rules found none, are chosen on the dev split (``--dev``; the only thing dev chooses); per-quotation
accuracy of the rules and of the model on train (5-fold by article) and dev is printed.
Deterministic: the same train split gives the same file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(SHARED / "tools"))

import numpy as np  # noqa: E402

from storylens.stages import quotes_speaker  # noqa: E402
from storylens.stages.quotes import extract_quotes  # noqa: E402

OUT = ROOT / "src" / "storylens" / "data" / "quote_speaker.json"
SKIP = {"the", "a", "an", "of", "and", "for", "mr", "mrs", "ms", "dr", "s"}


def name_words(name: str) -> set[str]:
    """The words of a name as ``score_quotes.py`` splits them (hyphens, curly apostrophes and
    accented letters split alike), each also without a possessive 's."""
    from score_quotes import toks
    words = set(toks(name))
    return words | {w[:-2] for w in words if w.endswith("'s") and len(w) > 2}


def source_words(source: str) -> set[str]:
    """Lower-case capitalised words of an annotated source, without pronouns and titles, split
    as :func:`name_words` splits a candidate's name."""
    from storylens.lang.en.stopwords import PRONOUNS
    from storylens.lang.en.titles import TITLES
    words = {w.lower() for w in re.findall(r"\b[A-Z][\w'\u2019.-]*", source)}
    words = {re.sub(r"['\u2019]s$", "", w).strip(".") for w in words}
    words = {w for w in words if w and w not in SKIP and w not in PRONOUNS and w not in TITLES}
    return {t for w in words for t in name_words(w) if t not in SKIP}


def rows_of(split: Path, cache: Path) -> list[dict]:
    """One entry per matched quotation: its candidates' rows, labels, and the rules' choice."""
    from polnear_quotes import load_docs
    from score_quotes import load_gold, overlap
    docs, parses = load_docs(split, cache)
    gold = load_gold(split)
    saved = quotes_speaker.MODEL
    quotes_speaker.MODEL = Path("/nonexistent")
    quotes_speaker._model.cache_clear()
    out = []
    try:
        for d, p in zip(docs, parses):
            rec: list = []
            extract_quotes(d, p, [], record=rec)
            items = [g for g in gold.get(d.id, []) if g["direct"]]
            for doc_id, start, end, rule, prev, cands in rec:
                text = d.text[start:end]
                g = next((g for g in items if overlap(g["content"], text)), None)
                if g is None or not re.search(r"\b[A-Z][a-z]", g["source"]):
                    continue
                want = source_words(g["source"])
                labels = [bool(want & name_words(c[0])) for c in cands]
                rule_ok = bool(rule) and bool(want & name_words(rule[0]))
                out.append({"doc": d.id, "names": [c[0] for c in cands], "x": [c[2] for c in cands],
                            "y": labels, "rule": rule, "rule_ok": rule_ok, "named": bool(want),
                            "span": (start, end), "source": g["source"]})
    finally:
        quotes_speaker.MODEL = saved
        quotes_speaker._model.cache_clear()
    return out


def fit(items: list[dict], c: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    x = np.array([r for it in items for r in it["x"]], dtype=float)
    y = np.array([v for it in items for v in it["y"]], dtype=int)
    sc = StandardScaler().fit(x)
    scale = np.where(sc.scale_ > 0, sc.scale_, 1.0)
    lr = LogisticRegression(C=c, max_iter=20000, tol=1e-10).fit((x - sc.mean_) / scale, y)  # converged: reproducible
    return sc.mean_, scale, lr.coef_[0], float(lr.intercept_[0])


def accuracy(items: list[dict], model, threshold: float, fill: float = 0.0) -> tuple[float, float, int]:
    """(rules' accuracy, model's accuracy, quotations) over quotations with a named source."""
    mean, scale, coef, b = model
    n = ok_rule = ok_model = 0
    for it in items:
        if not it["named"]:
            continue
        n += 1
        ok_rule += it["rule_ok"]
        if not it["x"]:
            ok_model += it["rule_ok"]
            continue
        p = 1 / (1 + np.exp(-(((np.array(it["x"]) - mean) / scale) @ coef + b)))
        k = int(np.argmax(p))
        if not it["rule"]:
            ok_model += it["y"][k] if p[k] >= fill else 0
            continue
        ruled = max((q for n, q in zip(it["names"], p) if quotes_speaker.same_name(it["rule"][0], n)), default=0.0)
        rule_same = quotes_speaker.same_name(it["rule"][0], it["names"][k])
        ok_model += it["y"][k] if p[k] - ruled >= threshold and not rule_same else it["rule_ok"]
    return ok_rule / max(n, 1), ok_model / max(n, 1), n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", default=str(SHARED / "devsets" / "polnear" / "train"))
    ap.add_argument("--dev", default=str(SHARED / "devsets" / "polnear" / "dev"))
    ap.add_argument("--cache", default="/tmp/storylens-polnear")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    train = rows_of(Path(args.train), Path(args.cache))
    usable = [it for it in train if any(it["y"])]
    docs = sorted({it["doc"] for it in usable})
    print(f"train: {len(train)} matched quotations, {len(usable)} with a candidate naming the source")
    for k in range(5):  # 5-fold by article: how the model does on articles it has not seen
        held = set(docs[k::5])
        m = fit([it for it in usable if it["doc"] not in held], args.c)
        r, s, n = accuracy([it for it in train if it["doc"] in held], m, 0.0)
        print(f"  fold {k}: rules {r:.3f} model {s:.3f} ({n} quotations)")
    model = fit(usable, args.c)
    dev = rows_of(Path(args.dev), Path(args.cache))
    grid = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
    table = {(t, f): accuracy(dev, model, t, f) for t in grid for f in grid}
    for t in grid:
        print(f"dev margin {t:.2f}: rules {table[t, 0.0][0]:.3f} model "
              + " ".join(f"{table[t, f][1]:.3f}" for f in grid) + f" (fill {grid}; {table[t, 0.0][2]} quotations)")
    # settings within one quotation of the best are as good as the best on a set this size:
    # among them, the widest margin (fewest changes to the rules' speakers), then the lowest fill
    top = max(v[1] for v in table.values())
    near = [(t, -f) for (t, f), v in table.items() if v[1] >= top - 1.0 / max(1, v[2]) - 1e-9]
    threshold, fill = max(near)[0], -max(near)[1]
    mean, scale, coef, b = model
    out = Path(args.out)
    out.write_text(json.dumps({
        "about": "logistic regression over (quotation, candidate speaker) rows; bench/fit_speakers.py",
        "features": list(quotes_speaker.FEATURES), "mean": [round(v, 6) for v in mean],
        "scale": [round(v, 6) for v in scale], "coef": [round(v, 6) for v in coef],
        "intercept": round(b, 6), "threshold": threshold, "fill": fill, "train_rows": sum(len(it["x"]) for it in usable),
    }, indent=1) + "\n", encoding="utf-8")
    print("weights:", ", ".join(f"{f} {w:+.2f}" for f, w in zip(quotes_speaker.FEATURES, coef)))
    print(f"wrote {out} (margin {threshold:.2f}, fill {fill:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
