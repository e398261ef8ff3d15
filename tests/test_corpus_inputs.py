"""Corpus inputs that must not be taken in silently: truncated WARC records, repeated ids,
oversize records, empty files, text fields of the wrong type; and resuming after kill -9 at
several points gives the events of a run that was never interrupted.

All texts are invented for these tests.
"""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.corpus import CorpusSettings, run_corpus
from storylens.corpus.readers import iter_articles, read_warc, write_warc
from storylens.model import RawDocument, Skipped


def _words(tag: str, n: int) -> str:
    """Text that does not compress away (so a cut falls inside the record)."""
    return " ".join(f"{tag}{(i * 7919) % 10007}" for i in range(n))


def _items(paths, settings=Settings()) -> list:
    return list(iter_articles([str(p) for p in paths], settings))


def test_truncated_warc_record_is_skipped_with_its_reason(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://example.org/{k}", f"<html><body><p>{_words(k, 2500)}</p></body></html>", "2031-01-02")
             for k in ("a", "b")]
    write_warc(path, pages)
    data = path.read_bytes()
    whole = [x for x in read_warc(path)]
    assert [type(x) for x in whole] == [RawDocument, RawDocument]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - len(data) // 4])  # inside the second record
    got = list(read_warc(cut))
    assert isinstance(got[0], RawDocument) and got[0].html == whole[0].html
    assert len(got) == 2 and isinstance(got[1], Skipped)
    assert "truncated" in got[1].reason and "example.org/b" in got[1].reason


def test_oversize_jsonl_and_parquet_records_are_skipped(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    small, big = "A short note about a river festival.", "x" * 5000
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in (("s1", small), ("b1", big), ("s2", small)))
                   + "\n", encoding="utf-8")
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [big, small]}), tmp_path / "feed.parquet")
    got = _items([src, tmp_path / "feed.parquet"], Settings(max_file_bytes=1000))
    kinds = [(type(x).__name__, getattr(x, "id", None) or x.line) for x in got]
    assert kinds == [("RawDocument", "s1"), ("Skipped", 2), ("RawDocument", "s2"), ("Skipped", 1),
                     ("RawDocument", "p2")]
    assert all("too large" in x.reason for x in got if isinstance(x, Skipped))


def test_empty_files_get_a_skipped_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "a.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "b.warc.gz").write_bytes(b"")
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), tmp_path / "c.parquet")
    got = _items([tmp_path / "a.jsonl", tmp_path / "b.warc.gz", tmp_path / "c.parquet"])
    assert len(got) == 3 and all(isinstance(x, Skipped) and "empty" in x.reason for x in got)


def test_text_of_the_wrong_type_says_so(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": 42}) + "\n" + json.dumps({"id": "n2", "body": {"p": "x"}}) + "\n",
                   encoding="utf-8")
    pq.write_table(pa.table({"id": ["q1"], "text": [7]}), tmp_path / "ints.parquet")
    got = _items([src, tmp_path / "ints.parquet"])
    assert len(got) == 3 and all(isinstance(x, Skipped) for x in got)
    assert "wrong type" in got[0].reason and "'text'" in got[0].reason and "number" in got[0].reason
    assert "wrong type" in got[1].reason and "'body'" in got[1].reason
    assert "wrong type" in got[2].reason and "int64" in got[2].reason


def test_repeated_ids_are_kept_and_listed(tmp_path):
    recs = [
        {"id": "r1", "title": "Harbour crane collapses in Oskarvik",
         "text": "A harbour crane collapsed onto a cargo ship in Oskarvik on Monday, port manager Tilde Brann said."},
        {"id": "r1", "title": "Orchard growers in Velmora report record pear crop",
         "text": "Pear growers around Velmora expect their largest harvest in a decade, the growers' union said."},
        {"id": "r2", "title": "Oskarvik crane accident halts harbour traffic",
         "text": "Ships waited outside Oskarvik harbour after Monday's crane collapse, Tilde Brann said."},
    ]
    src = tmp_path / "feed.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    s = run_corpus([src], tmp_path / "out", Settings(), CorpusSettings(workers=1, quiet=True, analyse=False))
    assert s.articles == 3 and s.in_events + s.copies == 3 and s.duplicate_ids == 1
    db = sqlite3.connect(tmp_path / "out" / "storylens.sqlite")
    rows = list(db.execute("SELECT id, status, reason FROM articles ORDER BY id"))
    db.close()
    assert [r[1] for r in rows] == ["event", "event", "event"]
    assert rows[0][2] is None and "duplicate id 'r1'" in rows[1][2] and "a00000001" in rows[1][2]


# -- resuming after kill -9 at several points --------------------------------------------------

_KILLER = """
import os, signal, sys
from storylens.config import Settings
from storylens.corpus import run as R
from storylens.store.sqlite import Store
where, at, workers = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def kill():  # the whole run at once, its worker processes too, as kill -9 of a process group
    os.killpg(0, signal.SIGKILL)

orig_cluster, orig_store, orig_kv = R.CorpusRun._cluster, R.CorpusRun._store_events, Store.kv_set
def cluster(self, st, items, prepared, last=False):  # the chunk's rows are written; its events are not
    closed = orig_cluster(self, st, items, prepared, last)
    if where == "cluster" and st.seq >= at:
        kill()
    return closed
def store(self, st, started):  # events closed and handed to analysis, not yet stored
    if where == "store" and started is not None and started[0] and st.seq >= at:
        kill()
    orig_store(self, st, started)
def kv_set(self, key, value):  # a checkpoint's state file is written, not yet recorded
    if where == "save" and key == R.CHECKPOINT_KEY and value["offset"] >= at:
        kill()
    orig_kv(self, key, value)
R.CorpusRun._cluster, R.CorpusRun._store_events, Store.kv_set = cluster, store, kv_set
cs = R.CorpusSettings(workers=workers, quiet=True, analyse=False, chunk=3, checkpoint_every=9, reorder=4,
                      cluster=R.ClusterConfig(close_after=4))
R.run_corpus([sys.argv[1]], sys.argv[2], Settings(), cs)
"""


def _stream() -> list[dict]:
    """Six small invented events of two reports each, in a stream of 14 lines, not in date order
    (the last two events come first): a checkpoint holds articles waiting for date order."""
    towns = ["Oskarvik", "Velmora", "Brindlecombe", "Tarsk", "Quellwater", "Mirefield"]
    things = ["crane collapse", "pear harvest", "bridge closure", "ferry strike", "school fire", "dam repair"]
    people = ["Tilde Brann", "Osric Pell", "Maren Hoy", "Jurek Salm", "Ines Varga", "Colm Reddy"]
    recs = []
    for k, (town, thing, who) in enumerate(zip(towns, things, people)):
        for j in range(2):
            recs.append({"id": f"e{k}-{j}", "published": f"2031-0{1 + k}-1{j}",
                         "title": f"{thing.title()} in {town}" if j == 0 else f"{town}: {who} on the {thing}",
                         "text": f"{who} spoke in {town} about the {thing} on day {j}. " * (3 + j)})
    recs = recs[8:] + recs[:8]
    recs.insert(5, {"id": "bad", "text": 3})
    recs.insert(9, {**recs[2], "id": "copy"})
    return recs


def _snapshot(out: Path) -> tuple[list, list]:
    db = sqlite3.connect(out / "storylens.sqlite")
    try:
        arts = list(db.execute("SELECT id, event_id, status, copy_of, reason FROM articles ORDER BY id"))
        evs = list(db.execute("SELECT id, title, status, n_documents, meta_json FROM events ORDER BY id"))
    finally:
        db.close()
    return arts, evs


def _settings(workers: int) -> CorpusSettings:
    from storylens.corpus.cluster import ClusterConfig

    return CorpusSettings(workers=workers, quiet=True, analyse=False, chunk=3, checkpoint_every=9, reorder=4,
                          cluster=ClusterConfig(close_after=4))


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> tuple[Path, tuple[list, list]]:
    """The stream and the store of a run with one worker that was never interrupted."""
    tmp = tmp_path_factory.mktemp("uninterrupted")
    src = tmp / "feed.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _stream()), encoding="utf-8")
    run_corpus([src], tmp / "ref", Settings(), _settings(1))
    return src, _snapshot(tmp / "ref")


# (kill point, article seq from which it fires, the checkpoint the resumed run starts from):
# rows of a chunk written before the first checkpoint; the first checkpoint's state file
# written but not recorded; events closed after the first checkpoint but not stored
# -- each with one worker (in this process) and with two (a process pool, features of the next
# chunk prepared while this one is clustered); two of the pool cases, ~50 s each, are slow
KILLS = [("cluster", 3, 0), ("save", 9, 0), ("store", 12, 9)]
CASES = [(*k, 1) for k in KILLS] + [pytest.param(*k, 2, marks=[] if k[0] == "store" else [pytest.mark.slow])
                                    for k in KILLS]


@pytest.mark.parametrize("where,at,resumed,workers", CASES)
def test_kill_at_any_point_then_resume_gives_the_uninterrupted_events(tmp_path, uninterrupted, where, at,
                                                                      resumed, workers):
    src, ref = uninterrupted
    out = tmp_path / "killed"
    proc = subprocess.run([sys.executable, "-c", _KILLER, str(src), str(out), where, str(at), str(workers)],
                          capture_output=True, text=True, timeout=300, start_new_session=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    s = run_corpus([src], out, Settings(), _settings(workers))
    assert s.resumed_from == resumed
    assert _snapshot(out) == ref
    assert s.articles == len(_stream())


# -- corpus parameters from the settings file and the command line --------------------------------

def test_corpus_parameters_from_toml_and_options(tmp_path):
    from storylens.corpus import corpus_settings
    from storylens.errors import ConfigError

    toml = tmp_path / "storylens.toml"
    toml.write_text("[storylens]\nquiet = true\n\n[corpus]\nchunk = 64\nanalyse = false\n\n"
                    "[corpus.cluster]\nwindow_days = 5\njoin_probability = 0.7\n\n[corpus.dedup]\nthreshold = 0.8\n",
                    encoding="utf-8")
    cs = corpus_settings(toml, ["cluster.window_days=9", "dedup.window=50"], workers=1)
    assert (cs.chunk, cs.analyse, cs.workers) == (64, False, 1)
    assert (cs.cluster.window_days, cs.cluster.join_probability) == (9, 0.7)
    assert (cs.dedup.threshold, cs.dedup.window) == (0.8, 50)
    from storylens.config import load_settings

    assert load_settings(toml).quiet is True  # the [corpus] table does not upset the general settings
    with pytest.raises(ConfigError, match="cluster.windowdays"):
        corpus_settings(toml, ["cluster.windowdays=3"])
    with pytest.raises(ConfigError, match="whole number"):
        corpus_settings(toml, ["cluster.window_days=soon"])
    with pytest.raises(ConfigError, match="NAME=VALUE"):
        corpus_settings(toml, ["cluster.window_days"])


def test_cli_sets_cluster_parameters_and_clusters_only(tmp_path):
    from typer.testing import CliRunner

    from storylens.cli import app

    src = tmp_path / "feed.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _stream()[:4]), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["corpus", str(src), "--out", str(out), "--workers", "1", "-q", "--no-analyse",
                                   "--set", "cluster.join_probability=0.99", "--set", "chunk=2"])
    assert res.exit_code == 0, res.output
    db = sqlite3.connect(out / "storylens.sqlite")
    try:
        statuses = {json.loads(m).get("corpus_status") for (m,) in db.execute("SELECT meta_json FROM events")}
    finally:
        db.close()
    assert statuses and "analysed" not in statuses
    res = CliRunner().invoke(app, ["corpus", str(src), "--out", str(tmp_path / "o2"), "--set", "cluster.nope=1"])
    assert res.exit_code != 0 and "cluster.nope" in res.output
