"""Accuracy gate: storylens on the shared gold clusters, scored by ../shared/tools/score_gold.py.

Floors (must rows that pass, per cluster and section) are committed in
``tests/gold_floors.json``; raising one is a deliberate edit, lowering one needs a reason in
the commit. Skipped where ../shared is absent.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import storylens

FLOORS = json.loads((Path(__file__).with_name("gold_floors.json")).read_text())


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_gold", shared / "tools" / "score_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


@pytest.fixture(scope="module")
def scored(shared_dir):
    mod = _scorer(shared_dir)
    out = {}
    for cluster in FLOORS["clusters"]:
        report = json.loads(storylens.analyze([shared_dir / "corpus" / cluster]).to_json())
        gold = json.loads((shared_dir / "gold" / f"{cluster}.json").read_text())
        s = mod.Scorer(report, gold)
        s.run()
        out[cluster] = s.rows
    return out


@pytest.mark.parametrize("cluster", FLOORS["clusters"])
def test_must_rows_meet_floors(scored, cluster):
    rows = scored[cluster]
    failures = []
    for section, floor in FLOORS["clusters"][cluster].items():
        must = [r for r in rows if r[0] == section and r[1] == "must"]
        passed = sum(1 for r in must if r[2])
        want = len(must) if floor == "all" else int(floor)
        if passed < want:
            failures.append(f"{section}: {passed}/{len(must)} must rows pass, floor {floor}; failing: "
                            + "; ".join(r[3] for r in must if not r[2]))
    assert not failures, "\n".join(failures)
