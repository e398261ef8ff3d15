"""Exports and the store's tables: stable ids, foreign keys, FTS5 that sqlite-utils and
datasette find, the migration of an older store, and corpus articles tied to their event."""
from __future__ import annotations

import asyncio
import csv
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from storylens import analyze_texts
from storylens.cli import EXIT_USAGE, app
from storylens.config import load_settings
from storylens.model import Report
from storylens.store.sqlite import MIGRATIONS, Store, _statements
from storylens.store.tables import TABLES

runner = CliRunner()

TEXTS = [
    "Ferry runs aground off Corran Point\n\nCORRAN — A passenger ferry ran aground off Corran Point on Saturday "
    "and 42 passengers were taken ashore by lifeboat, the coastguard said.\n\"The crew acted quickly and "
    "nobody was hurt,\" said coastguard officer Mara Lindqvist.\nThe vessel was refloated at high tide.",
    "Lifeboats bring ferry passengers ashore\n\nCORRAN — Lifeboat crews brought 45 passengers ashore after a "
    "ferry struck rocks off Corran Point on Saturday morning.\nCoastguard officer Mara Lindqvist said the crew "
    "acted quickly. The operator, Westsound Ferries, said an inquiry had begun.",
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    rep = analyze_texts(TEXTS, settings=load_settings(env={}, embeddings=False))
    path = tmp_path_factory.mktemp("rep") / "report.json"
    path.write_text(rep.to_json(), encoding="utf-8")
    return path


def _csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_csv_export_has_every_table_with_stable_ids_and_valid_references(report_file, tmp_path):
    r = runner.invoke(app, ["export", str(report_file), "--to", "csv", str(tmp_path / "a")])
    assert r.exit_code == 0, r.output
    runner.invoke(app, ["export", str(report_file), "--to", "csv", str(tmp_path / "b")])
    for t in ("events", *TABLES, "articles"):
        assert (tmp_path / "a" / f"{t}.csv").read_text() == (tmp_path / "b" / f"{t}.csv").read_text()
    docs = {d["id"] for d in _csv(tmp_path / "a" / "documents.csv")}
    ents = {e["id"] for e in _csv(tmp_path / "a" / "entities.csv")}
    groups = {g["id"] for g in _csv(tmp_path / "a" / "claim_groups.csv")}
    mentions = _csv(tmp_path / "a" / "mentions.csv")
    claims = _csv(tmp_path / "a" / "claims.csv")
    assert len(docs) == 2 and mentions and claims and _csv(tmp_path / "a" / "quotes.csv")
    assert all(m["entity_id"] in ents and m["document_id"] in docs for m in mentions)
    assert all(c["claim_group_id"] in groups and c["document_id"] in docs for c in claims)
    rep = Report.from_json(report_file.read_text())
    assert sum(len(e.mentions) for e in rep.entities) == len(mentions)
    assert "report_json" not in _csv(tmp_path / "a" / "events.csv")[0]


def test_parquet_export_matches_csv(report_file, tmp_path):
    import pyarrow.parquet as pq

    assert runner.invoke(app, ["export", str(report_file), "--to", "parquet", str(tmp_path / "p")]).exit_code == 0
    assert runner.invoke(app, ["export", str(report_file), "--to", "csv", str(tmp_path / "c")]).exit_code == 0
    for t in ("documents", "claims", "quotes"):
        rows = pq.read_table(tmp_path / "p" / f"{t}.parquet").to_pylist()
        assert [r["id"] for r in rows] == [r["id"] for r in _csv(tmp_path / "c" / f"{t}.csv")]
    claims = pq.read_table(tmp_path / "p" / "claims.parquet")
    assert str(claims.schema.field("start_char").type) == "int64"


def test_export_errors_are_one_line(tmp_path):
    r = runner.invoke(app, ["export", str(tmp_path / "nope.json"), "--to", "csv", str(tmp_path / "o")])
    assert r.exit_code == EXIT_USAGE and "no such file" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = runner.invoke(app, ["export", str(bad), "--to", "csv", str(tmp_path / "o")])
    assert r.exit_code != 0 and "not a storylens report" in r.stderr


@pytest.fixture(scope="module")
def sqlite_export(report_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("sq")
    assert runner.invoke(app, ["export", str(report_file), "--to", "sqlite", str(out)]).exit_code == 0
    return out / "storylens.sqlite"


def test_sqlite_utils_finds_fts_and_foreign_keys(sqlite_export):
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db = sqlite_utils.Database(sqlite_export)
    assert db["documents"].detect_fts() == "documents_fts"
    hits = list(db["documents"].search("lifeboat"))
    assert hits and all("ifeboat" in h["text"] for h in hits)
    fks = {(fk.column, fk.other_table, fk.other_column) for fk in db["mentions"].foreign_keys}
    assert {("entity_id", "entities", "id"), ("document_id", "documents", "id")} <= fks
    assert ("event_id", "events", "id") in {(f.column, f.other_table, f.other_column)
                                            for f in db["articles"].foreign_keys}
    assert list(db.execute("PRAGMA foreign_key_check").fetchall()) == []
    # the triggers keep the index in step with the table
    db["documents"].update(db["documents"].pks and next(iter(db["documents"].rows))["id"],
                           {"title": "Zanzibarian headline"})
    assert list(db["documents"].search("zanzibarian"))


def test_datasette_searches_and_labels_foreign_keys(sqlite_export):
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    async def run() -> tuple[dict, dict]:
        ds = Datasette(files=[str(sqlite_export)])
        await ds.invoke_startup()
        found = await ds.client.get("/storylens/documents.json?_search=lifeboat&_shape=objects")
        labelled = await ds.client.get("/storylens/mentions.json?_labels=on&_shape=objects&_size=200")
        return found.json(), labelled.json()

    found, labelled = asyncio.run(run())
    assert found["rows"] and all("ifeboat" in r["text"] for r in found["rows"])
    rows = labelled["rows"]
    names = {r["entity_id"]["label"] for r in rows}
    assert "Mara Lindqvist" in names
    assert all(isinstance(r["document_id"], dict) and r["document_id"]["label"] for r in rows)


def test_older_store_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    for stmt in _statements(MIGRATIONS[0][1]):
        db.execute(stmt)
    db.execute("INSERT INTO schema_migrations VALUES ('001_initial', 0)")
    rep = analyze_texts(TEXTS[:1], settings=load_settings(env={}, embeddings=False))
    db.execute("INSERT INTO events (id, status, created_at, updated_at, report_json) VALUES ('ev1', 'done', 0, 0, ?)",
               (rep.to_json(),))
    db.execute("INSERT INTO documents VALUES ('ev1', 'doc1', 't', NULL, NULL, NULL, 'lifeboat text')")
    db.execute("INSERT INTO docs_fts VALUES ('t', '', 'lifeboat text', 'ev1', 'doc1')")
    db.execute("INSERT INTO articles (id, event_id, status, meta_json) VALUES ('a1', 'ev1', 'event', ?)",
               (json.dumps({"doc_id": "user-7"}),))
    db.execute("INSERT INTO articles (id, event_id, status, meta_json) VALUES ('a2', 'e9', 'event', '{}')")
    db.close()
    store = Store(path)
    assert store.migrations() == ["001_initial", "002_report_tables"]
    assert [h.doc_id for h in store.search("lifeboat")] == ["doc1"]
    arts = {a["id"]: a for a in store.articles()}
    assert arts["a1"]["doc_id"] == "user-7" and arts["a2"]["event_id"] == "e9"
    assert store.get_row("e9").status == "open"
    assert store._read("PRAGMA foreign_key_check") == []
    store.close()


def test_corpus_articles_keep_their_event_through_open_and_done(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    store.add_articles([{"id": "a1", "event_id": "e1", "status": "event", "meta": {"doc_id": "x1"}},
                        {"id": "a2", "event_id": "e2", "status": "event", "meta": {"doc_id": "x2"}}])
    assert store.get_row("e1").status == "open"
    store.add_articles([{"id": "a2", "event_id": "e1", "status": "event", "meta": {"doc_id": "x2"}}])  # merged
    assert store.get_row("e2") is None  # the emptied open event is gone
    rep = analyze_texts(TEXTS[:1], settings=load_settings(env={}, embeddings=False))
    store.add_event(rep, title="Ferry", source="corpus", event_id="e1")
    assert store.get_row("e1").status == "done"
    assert {a["id"]: a["event_id"] for a in store.articles()} == {"a1": "e1", "a2": "e1"}  # not nulled
    assert [a["doc_id"] for a in store.articles()] == ["x1", "x2"]
    store.delete_event("e1")
    assert {a["event_id"] for a in store.articles()} == {None}
    store.close()
