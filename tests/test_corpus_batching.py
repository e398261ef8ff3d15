"""Corpus analysis in batches: tasks of several events give the same reports as one by one."""
from __future__ import annotations

import json

import pytest

from storylens.config import Settings
from storylens.corpus.analysis import analyse_event, analyse_events, group_jobs
from storylens.model import Document


def _doc(i: int, n: int) -> Document:
    return Document(id=f"d{i}", title=f"Title {i}", outlet=None, origin=None, published=None,
                    dateline=None, text="word " * n, source=f"d{i}.txt")


def _jobs(sizes: list[list[int]]) -> list[tuple[str, list[Document]]]:
    k = 0
    jobs = []
    for e, lens in enumerate(sizes):
        docs = []
        for n in lens:
            docs.append(_doc(k, n))
            k += 1
        jobs.append((f"e{e:03d}", docs))
    return jobs


def test_group_jobs_covers_every_event_once_in_order():
    jobs = _jobs([[10 * (i % 7 + 1)] * (i % 3 + 2) for i in range(30)])
    groups = group_jobs(jobs, workers=2, max_texts=20)
    flat = [eid for g in groups for eid, _ in g]
    assert sorted(flat) == [eid for eid, _ in jobs]
    assert len(flat) == len(set(flat))
    for g in groups:
        ids = [eid for eid, _ in g]
        assert ids == sorted(ids)  # stream order within a task
        assert sum(len(d) for _, d in g) <= 20
    assert len(groups) >= 4  # at least two tasks per worker


def test_group_jobs_balances_text_length():
    jobs = _jobs([[1000], [10], [10], [10], [990], [20]])
    groups = group_jobs(jobs, workers=1)
    loads = sorted(sum(len(d.text) for _, docs in g for d in docs) for g in groups)
    assert len(groups) == 2 and loads[1] - loads[0] <= 5 * 20


def test_group_jobs_small_inputs():
    assert group_jobs([], workers=4) == []
    one = _jobs([[5, 5]])
    assert group_jobs(one, workers=4) == [one]


@pytest.mark.slow
def test_batched_analysis_gives_the_same_reports():
    from test_corpus import FIRE, SHOOT_A

    def docs(prefix, pairs):
        return [Document(id=f"{prefix}{i}", title=t, outlet=f"Outlet {i}", origin=None, published=None,
                         dateline=None, text=x, source=f"{prefix}{i}.txt") for i, (t, x) in enumerate(pairs)]

    jobs = [("e1", docs("f", FIRE)), ("e2", docs("s", SHOOT_A))]
    settings = Settings(quiet=True)
    from storylens import nlp

    nlp._cache.clear()
    batched = analyse_events(jobs, settings)  # all texts parsed in one pass
    nlp._cache.clear()
    alone = [analyse_event(eid, d, settings) for eid, d in jobs]
    assert [e for e, _, _ in batched] == ["e1", "e2"]
    for (e1, r1, err1), (e2, r2, err2) in zip(alone, batched):
        assert err1 == err2 == ""
        a, b = json.loads(r1.to_json()), json.loads(r2.to_json())
        assert a == b
        assert a["entities"] and a["claim_groups"]

