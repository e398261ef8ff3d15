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


def one_feature_split_model(path: Path, feature: str, weight: float, intercept: float,
                            threshold: float = 0.5, min_part: int = 2) -> str:
    """Write a split model (the shipped model's JSON form) whose pair probability depends on
    ``feature`` alone; return its path."""
    from storylens.corpus.cluster import SPLIT_FEATURES

    n = len(SPLIT_FEATURES)
    coef = [0.0] * n
    coef[SPLIT_FEATURES.index(feature)] = weight
    path.write_text(json.dumps({"features": list(SPLIT_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
                                "coef": coef, "intercept": intercept, "threshold": threshold,
                                "min_part": min_part}), encoding="utf-8")
    return str(path)


def one_feature_merge_model(path: Path, feature: str, weight: float, intercept: float,
                            threshold: float = 0.5) -> str:
    """Write a merge model (the shipped model's JSON form) whose probability depends on
    ``feature`` alone; return its path."""
    from storylens.corpus.cluster import MERGE_FEATURES

    n = len(MERGE_FEATURES)
    coef = [0.0] * n
    coef[MERGE_FEATURES.index(feature)] = weight
    path.write_text(json.dumps({"features": list(MERGE_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
                                "coef": coef, "intercept": intercept, "threshold": threshold}), encoding="utf-8")
    return str(path)


def with_dated_merge_part(path: str, out: Path, feature: str, weight: float, intercept: float,
                          threshold: float = 0.5) -> str:
    """Copy a merge model (``path``) with a dated part whose probability depends on ``feature``
    alone; return the copy's path."""
    from storylens.corpus.cluster import DATED_MERGE_FEATURES

    n = len(DATED_MERGE_FEATURES)
    coef = [0.0] * n
    coef[DATED_MERGE_FEATURES.index(feature)] = weight
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data["dated"] = {"features": list(DATED_MERGE_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "coef": coef,
                     "intercept": intercept, "threshold": threshold}
    out.write_text(json.dumps(data), encoding="utf-8")
    return str(out)
