"""Join models for clustering tests: a logistic model that reads one pair feature only."""
from __future__ import annotations

import json
from pathlib import Path


def one_feature_model(path: Path, feature: str, weight: float, intercept: float) -> str:
    """Write a join model (the shipped model's JSON form) whose score depends on ``feature``
    alone, joining above probability 0.5; return its path."""
    from storylens.corpus.cluster import FEATURES

    n = len(FEATURES)
    coef = [0.0] * n
    coef[FEATURES.index(feature)] = weight
    path.write_text(json.dumps({"features": list(FEATURES), "threshold": 0.5, "mean": [0.0] * n,
                                "scale": [1.0] * n, "coef": coef, "intercept": intercept}), encoding="utf-8")
    return str(path)
