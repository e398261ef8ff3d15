"""Fit the lead model (storylens/data/lead_model.json) on gva-figures.

The brief opens with one of its lead candidates (``storylens.stages.brief.lead_candidates``:
central sentences of the first reports that stand alone and look back at nothing), ranked by a
logistic regression over ``LEAD_FEATURES``. This script rebuilds it:

1. reads the storylens report of every gva-figures incident (``storylens analyze
   ../shared/devsets/gva-figures/<id>/articles.jsonl --format json``, one <id>.json per
   incident in REPORTS_DIR), sorted by incident id;
2. a candidate is a good lead when it states a gold killed or injured count next to a
   killed/injured word (the shared scorer's reading, ``score_brief_facts.states``);
3. fits on the FIRST HALF of the incidents (scikit-learn, standardised features, balanced
   classes), and reports on each half how often the top-ranked candidate is a good lead, for
   the model and for the order without it (centrality and position).

    .venv/bin/python bench/fit_lead.py REPORTS_DIR [--write] [--cache VECTORS.pkl]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "tools"))


def rows(report_path: Path, facts: dict) -> tuple[np.ndarray, np.ndarray] | None:
    from score_brief_facts import states

    from storylens.model import Report
    from storylens.stages import brief

    report = Report.from_json(report_path.read_text(encoding="utf-8"))
    br = brief._Brief(report.documents, list(report.claim_groups), list(report.origins), None,
                      brief.BRIEF_WORDS, True, list(report.entities))
    pool = brief.lead_candidates(br)[:brief.LEAD_POOL]
    if not pool:
        return None
    x = np.asarray([brief.lead_features(br, c) for c in pool], dtype=float)
    y = np.asarray([any(states(c.sent.text, k, v) for k, v in facts.items()) for c in pool], dtype=int)
    return x, y


def _vector_cache(a_cache: str) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import brief_eval

    brief_eval._install_vector_cache(Path(a_cache))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("reports")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cache", default="/tmp/brief/cache/vectors.pkl", help="sentence vectors kept between runs")
    a = ap.parse_args(argv)
    from score_figures import answerable
    from sklearn.linear_model import LogisticRegression

    from storylens.stages import brief

    Path(a.cache).parent.mkdir(parents=True, exist_ok=True)
    _vector_cache(a.cache)
    base = SHARED / "devsets/gva-figures"
    names = sorted(p.name for p in base.iterdir() if (p / "gold.json").exists())
    data = []
    for n in names:
        gold = json.loads((base / n / "gold.json").read_text(encoding="utf-8"))
        facts = answerable(base / n, gold)
        rp = Path(a.reports) / f"{n}.json"
        got = rows(rp, facts) if rp.exists() and facts else None
        data.append(got)
    half = len(names) // 2
    fit = [d for d in data[:half] if d is not None]
    x = np.vstack([d[0] for d in fit])
    y = np.concatenate([d[1] for d in fit])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(class_weight="balanced", max_iter=1000).fit((x - mean) / scale, y)
    model = {"features": list(brief.LEAD_FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
             "coef": clf.coef_[0].tolist(), "intercept": float(clf.intercept_[0])}
    for label, part in (("first half (fit)", data[:half]), ("second half", data[half:])):
        part = [d for d in part if d is not None and d[1].any()]
        top_model = sum(int(d[1][int(np.argmax(clf.decision_function((d[0] - mean) / scale)))]) for d in part)
        top_order = sum(int(d[1][0]) for d in part)
        print(f"{label}: incidents with a good lead among the candidates {len(part)}; top candidate good: "
              f"model {top_model}, centrality and position {top_order}")
    print(json.dumps(dict(zip(model["features"], [round(c, 3) for c in model["coef"]]))))
    if a.write:
        brief.LEAD_MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {brief.LEAD_MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
