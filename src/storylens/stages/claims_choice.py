"""Which of a report's counts of one outcome is its figure for the event: a fitted chooser.

A report often gives several counts of the people killed (or injured) in one event: the toll,
a part of it ("two of the victims"), an earlier figure, a count from another shooting it
recalls. Each candidate gets a probability of being the event's figure from a logistic model
over features of the claim in its report and across the reports (:func:`features`); the
weights are in ``storylens/data/figure_choice.json``, fitted by ``bench/fit_figure_choice.py``
on the first half of the labelled incidents and chosen on the second half. Without that
file the chooser is off and callers keep their hand rule (the largest count).

Across reports, a second model (:func:`value_features`) may weigh each value the reports give
(how many independent origins state it, in their lead, worked out or stated, the latest, the
largest) to pick the group's value when the reports differ; the fit ships it only when it does
better than the hand ordering of :func:`storylens.stages.claims.toll_status` on the held-out
half (so far it does not: the file holds the per-report chooser alone).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..fitted import Logistic
from ..lang.en.quantities import NEGATED_BEFORE_RE, OTHER_RE, PARTITIVE_AFTER_RE, PARTITIVE_BEFORE_RE
from ..model import Claim

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "figure_choice.json"
LEAD_CHARS = 400  # the title and lead of a report


def _around(c: Claim, width: int = 30) -> tuple[str, str]:
    """The text of the figure's sentence just before and just after its span."""
    if c.sentence is None or c.sentence_start is None:
        return "", ""
    s, e = c.start - c.sentence_start, c.end - c.sentence_start
    return c.sentence[max(0, s - width):max(0, s)], c.sentence[max(0, e):e + width]


def features(c: Claim, mine: list[Claim], others: dict[str, set[float]]) -> dict[str, float]:
    """Features of candidate ``c`` among its report's candidates ``mine``; ``others`` maps each
    other origin to the values its claims of the same outcome give."""
    v = float(c.value or 0)
    vals = [float(x.value or 0) for x in mine]
    before, after = _around(c)
    text = c.text + after
    support = sum(v in vs for vs in others.values()) / len(others) if others else 0.0
    return {
        "lead": float(c.start < LEAD_CHARS),
        "pos": math.log1p(c.start / 500),
        "quote": float(c.in_quote),
        "unscoped": float(c.scope is None),
        "difference": float(c.basis == "difference"),
        "listed": float(c.basis == "parts"),
        "qualified": float(c.qualifier is not None or c.value_max is not None),
        "of_after": float(bool(PARTITIVE_AFTER_RE.match(text))),
        "of_before": float(bool(PARTITIVE_BEFORE_RE.search(before))),
        "other": float(bool(OTHER_RE.search(c.text))),
        "negated": float(bool(NEGATED_BEFORE_RE.search(before))),
        "changed": float(c.state == "changed"),
        "largest": float(v == max(vals)),
        "smaller": sum(x > v for x in set(vals)) / max(1, len(set(vals)) - 1),
        "mentions": sum(x == v for x in vals) / len(vals),
        "support": support,
        "alone": float(bool(others) and support == 0),
        "size": math.log1p(v),
    }


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any] | None:
    p = Path(path) if path else MODEL_FILE
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def value_features(v: float, by_val: dict[float, list[Claim]], origins: dict[str, str],
                   published: dict[str, str | None]) -> dict[str, float]:
    """Features of value ``v`` among the values the reports of a group give (one figure per
    report, ``by_val``: value -> the claims giving it)."""
    org = lambda cs: {origins.get(c.doc, c.doc) for c in cs}  # noqa: E731
    n = max(1, len(org([c for cs in by_val.values() for c in cs])))
    mine = by_val[v]
    dates = {x: max((published.get(c.doc) or "") for c in cs) for x, cs in by_val.items()}
    vals = sorted(by_val)
    return {
        "said": len(org([c for c in mine if c.basis != "difference"])) / n,
        "every": len(org(mine)) / n,
        "count": math.log1p(len(org(mine))),
        "lead": len(org([c for c in mine if c.start < LEAD_CHARS])) / n,
        "stated": len(org([c for c in mine if c.basis is None])) / n,
        "stated_count": math.log1p(len(org([c for c in mine if c.basis is None]))),
        "described": float(all(c.basis in ("person", "parts") for c in mine)),
        "worked_out": float(all(c.basis == "difference" for c in mine)),
        "inferred": float(all(c.basis is not None for c in mine)),
        "qualified": float(all(c.qualifier is not None or c.value_max is not None for c in mine)),
        "latest": float(all(dates.values()) and dates[v] == max(dates.values())),
        "largest": float(v == vals[-1]),
        "smallest": float(v == vals[0]),
    }


def value_scores(by_val: dict[float, list[Claim]], origins: dict[str, str] | None = None,
                 published: dict[str, str | None] | None = None,
                 model: dict[str, Any] | None = None) -> dict[float, float]:
    """Probability of each value of a group being the event's figure; empty without a model."""
    model = model if model is not None else load_model()
    if not model or "value" not in model:
        return {}
    return {v: probability(value_features(v, by_val, origins or {}, published or {}), model["value"])
            for v in by_val}


def probability(x: dict[str, float], model: dict[str, Any]) -> float:
    """The probability of features ``x`` (by name; a missing one counts 0) under ``model``."""
    z = float(Logistic(model).logit([[x.get(name, 0.0) for name in model["features"]]])[0])
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score(g: Iterable[Claim], candidates: dict[str, list[Claim]], origins: dict[str, str] | None = None,
          model: dict[str, Any] | None = None) -> dict[int, float]:
    """Probability of each candidate (by ``id``) of each report (``candidates``: report id ->
    its candidates) being the event's figure; empty when no model is shipped."""
    model = model if model is not None else load_model()
    if not model or "claim" not in model:
        return {}
    model = model["claim"]
    values = origin_values(g, origins)
    out = {}
    for doc, mine in candidates.items():
        others = other_values(values, doc, origins)
        for c in mine:
            out[id(c)] = probability(features(c, mine, others), model)
    return out


def origin_values(g: Iterable[Claim], origins: dict[str, str] | None = None) -> dict[str, set[float]]:
    """The values the claims of a group give, by independent origin."""
    values: dict[str, set[float]] = {}
    for c in g:
        values.setdefault((origins or {}).get(c.doc, c.doc), set()).add(float(c.value or 0))
    return values


def other_values(values: dict[str, set[float]], doc: str, origins: dict[str, str] | None = None) -> dict[str, set[float]]:
    """``values`` (of :func:`origin_values`) less those of the origin of report ``doc``."""
    me = (origins or {}).get(doc, doc)
    return {o: vs for o, vs in values.items() if o != me}
