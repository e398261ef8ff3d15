"""Execution engines: results in order, and the same events whatever the engine."""
from __future__ import annotations

import json
import operator
import sqlite3
from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.corpus import CorpusSettings, run_corpus
from storylens.errors import UsageError
from storylens.execute import get_engine


def events_of(out: Path) -> list[tuple]:
    db = sqlite3.connect(out / "storylens.sqlite")
    try:
        arts = list(db.execute("SELECT id, event_id, status, copy_of FROM articles ORDER BY id"))
        evs = list(db.execute("SELECT id, title, n_documents, meta_json FROM events ORDER BY id"))
        return [arts, evs]
    finally:
        db.close()


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    from test_corpus import articles, write_jsonl

    return write_jsonl(tmp_path_factory.mktemp("exec") / "feed.jsonl", articles())


@pytest.fixture(scope="module")
def reference(corpus_file, tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("ref")
    run_corpus([corpus_file], out, Settings(), CorpusSettings(workers=1, quiet=True, analyse=False, chunk=4))
    return events_of(out)


def test_local_engine_keeps_order():
    eng = get_engine("local", 2)
    try:
        assert eng.map(operator.mul, [(i, i) for i in range(20)]) == [i * i for i in range(20)]
    finally:
        eng.close()


def _pid(_: int) -> int:
    import os

    return os.getpid()


def test_local_engine_replaces_its_workers_after_recycle_tasks():
    eng = get_engine("local", 2, recycle_tasks=2)  # a pool serves 2 tasks per worker, then goes
    try:
        first = set(eng.map(_pid, [(i,) for i in range(4)]))
        second = set(eng.map(_pid, [(i,) for i in range(4)]))
        assert eng.restarts == 2
        assert first.isdisjoint(second)  # fresh processes
        assert eng.map(operator.mul, [(i, i) for i in range(5)]) == [i * i for i in range(5)]
    finally:
        eng.close()
    keep = get_engine("local", 2, recycle_tasks=0)
    try:
        a = set(keep.map(_pid, [(i,) for i in range(4)]))
        b = set(keep.map(_pid, [(i,) for i in range(4)]))
        assert keep.restarts == 0 and len(a | b) <= 2  # the same two workers throughout
    finally:
        keep.close()


def test_submit_returns_at_once_and_later_work_queues_behind():
    eng = get_engine("local", 2, recycle_tasks=3)  # a pool serves 3 tasks per worker
    try:
        first = eng.submit(operator.mul, [(i, i) for i in range(4)])
        second = eng.submit(operator.add, [(i, 1) for i in range(4)])  # 8 tasks: the pool is due
        third = eng.submit(operator.sub, [(9, i) for i in range(3)])  # after the finished ones, fresh workers
        assert eng.restarts == 1
        assert second.result() == [1, 2, 3, 4] and first.result() == [0, 1, 4, 9]
        assert third.result() == [9, 8, 7]
        assert eng.map(operator.mul, [(2, 3), (4, 5)]) == [6, 20]
    finally:
        eng.close()
    one = get_engine("local", 1)
    assert one.submit(operator.add, [(1, 2), (3, 4)]).result() == [3, 7]  # in this process


def test_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError):
        get_engine("spark")


@pytest.mark.slow
def test_process_pool_gives_the_same_events(corpus_file, reference, tmp_path):
    run_corpus([corpus_file], tmp_path, Settings(),
               CorpusSettings(workers=2, quiet=True, analyse=False, chunk=4))
    assert events_of(tmp_path) == reference


@pytest.mark.slow
def test_overlapped_chunks_give_the_same_analysed_events(tmp_path):
    """Two workers: features of the next chunk prepared while this one is clustered, events
    stored a chunk later, every closed event stored before a checkpoint."""
    from test_corpus import articles, write_jsonl

    src = write_jsonl(tmp_path / "feed.jsonl", articles())
    cs = dict(quiet=True, chunk=3, checkpoint_every=5)
    run_corpus([src], tmp_path / "one", Settings(), CorpusSettings(workers=1, **cs))
    s = run_corpus([src], tmp_path / "two", Settings(), CorpusSettings(workers=2, **cs))
    assert s.analysed > 0
    assert events_of(tmp_path / "two") == events_of(tmp_path / "one")
    for rep in (tmp_path / "one" / "events").glob("*/report.json"):
        other = tmp_path / "two" / "events" / rep.parent.name / "report.json"
        assert json.loads(other.read_text()) == json.loads(rep.read_text())


@pytest.mark.ray
def test_ray_engine_gives_the_same_events(corpus_file, reference, tmp_path):
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        eng = get_engine("ray", 2)
        assert eng.map(operator.add, [(1, 2), (3, 4)]) == [3, 7]
        run_corpus([corpus_file], tmp_path, Settings(),
                   CorpusSettings(engine="ray", workers=2, quiet=True, analyse=False, chunk=4), engine=eng)
        assert events_of(tmp_path) == reference
    finally:
        ray.shutdown()
