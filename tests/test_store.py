"""The SQLite store: schema, migrations, events, full-text search, articles, kv, restarts."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from storylens.model import BriefSentence, Claim, ClaimGroup, Document, Report
from storylens.store.sqlite import MIGRATIONS, Store, fts_query


def make_report(word: str = "lighthouse") -> Report:
    docs = [
        Document(id="a", title=f"Storm hits the {word}", outlet="Gazette", origin=None, published="2031-04-02",
                 dateline=None, text=f"A storm damaged the old {word} on Tuesday. Four keepers were safe."),
        Document(id="b", title="Keepers rescued", outlet="Courier", origin=None, published="2031-04-02",
                 dateline=None, text=f"Five keepers left the {word} by boat after the storm."),
    ]
    group = ClaimGroup(id="g1", topic="keepers", status="disagree", value=4, unit="keeper", scope=None,
                       claims=[Claim("a", 44, 56, "Four keepers", 4, "keeper"),
                               Claim("b", 0, 12, "Five keepers", 5, "keeper")],
                       independent_sources=2, note="4 vs 5")
    return Report(documents=docs, claim_groups=[group],
                  brief=[BriefSentence("A storm damaged the old lighthouse.", ["a"], "single")])


def test_memory_store_round_trip() -> None:
    s = Store()
    eid = s.add_event(make_report(), source="test", meta={"k": 1})
    row, rep = s.get_event(eid)
    assert row.status == "done" and row.n_documents == 2 and row.meta == {"k": 1}
    assert row.title == "Storm hits the lighthouse"
    assert row.headline.startswith("A storm")
    assert rep is not None and rep.to_dict() == make_report().to_dict()
    assert s.get_event("nope") is None
    assert [f["value"] for f in s.figures(eid)] == [4.0]


def test_directory_path_and_restart(tmp_path) -> None:
    s = Store(tmp_path)
    eid = s.add_event(make_report())
    pid = s.create_pending([{"text": "one"}, {"text": "two", "title": "T"}], title="queued one", source="web")
    s.set_status(pid, "running")
    s.close()
    assert (tmp_path / "storylens.sqlite").is_file()
    s2 = Store(tmp_path)
    assert s2.get_row(eid).status == "done"
    assert s2.requeue_unfinished() == [pid]
    assert s2.get_row(pid).status == "queued"
    assert s2.pending_inputs(pid)[1]["title"] == "T"
    s2.complete(pid, make_report("harbour"))
    row, rep = s2.get_event(pid)
    assert row.status == "done" and row.title == "queued one" and rep.documents[0].id == "a"
    assert s2.pending_inputs(pid) == []
    assert s2.migrations() == [name for name, _ in MIGRATIONS]
    # readable by any SQLite tool
    con = sqlite3.connect(tmp_path / "storylens.sqlite")
    assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2
    s2.close()


def test_migrate_is_idempotent(tmp_path) -> None:
    s = Store(tmp_path / "x.sqlite")
    assert s.migrate() == []
    assert len(s.migrations()) == len(MIGRATIONS)


def test_search_and_list() -> None:
    s = Store()
    e1 = s.add_event(make_report("lighthouse"))
    e2 = s.add_event(make_report("windmill"))
    assert {r.id for r in s.list_events()} == {e1, e2}
    assert [r.id for r in s.list_events(query="windmill")] == [e2]
    assert [r.id for r in s.list_events(query="lightho")] == [e1]  # prefix on the last word
    assert s.count_events() == 2 and s.count_events("windmill") == 1
    hits = s.search("keepers boat")
    assert {h.event_id for h in hits} == {e1, e2} and all(h.doc_id == "b" for h in hits)
    assert "boat" in hits[0].snippet
    # hostile FTS syntax is neutralised, never an SQL or FTS error
    for q in ['"', "a OR", "NEAR(", "*", "title:x", "'; DROP TABLE events; --", ""]:
        s.list_events(query=q)
        s.search(q)
    assert s.count_events() == 2
    assert len(s.list_events(limit=1)) == 1 and len(s.list_events(limit=1, offset=1)) == 1


def test_fts_query_quotes_words() -> None:
    assert fts_query('fire "AND" OR') == '"fire" AND "AND" AND "OR"*'
    assert fts_query("  ") == ""


def test_replace_event_keeps_one_copy() -> None:
    s = Store()
    eid = s.add_event(make_report(), event_id="ev-fixed")
    s.add_event(make_report("windmill"), event_id="ev-fixed")
    assert s.count_events() == 1
    assert s.list_events(query="lighthouse") == []
    assert len(s.search("windmill")) == 2
    assert s.delete_event(eid) and s.count_events() == 0 and s.search("windmill") == []


def test_articles_and_kv() -> None:
    s = Store()
    n = s.add_articles([{"id": "x1", "event_id": "ev1", "status": "event", "title": "A"},
                        {"id": "x2", "status": "skipped", "reason": "empty", "meta": {"line": 3}}])
    assert n == 2 and s.count_articles() == 2
    assert [a["id"] for a in s.articles("ev1")] == ["x1"]
    assert s.articles()[1]["meta"] == {"line": 3}
    s.kv_set("checkpoint", {"offset": 10})
    assert s.kv_get("checkpoint") == {"offset": 10} and s.kv_get("missing", 0) == 0


def test_transaction_rolls_back() -> None:
    s = Store()
    with pytest.raises(RuntimeError):
        with s.transaction():
            s.kv_set("a", 1)
            s.add_articles([{"id": "z", "status": "event"}])
            raise RuntimeError("boom")
    assert s.kv_get("a") is None and s.count_articles() == 0
    with s.transaction():
        s.kv_set("a", 1)
        s.kv_set("b", 2)
    assert s.kv_get("b") == 2


def test_concurrent_writers(tmp_path) -> None:
    s = Store(tmp_path)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(5):
                s.add_event(make_report(), meta={"i": i, "j": j})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and s.count_events() == 40


def test_bad_status_rejected() -> None:
    s = Store()
    eid = s.create_pending([{"text": "x"}])
    with pytest.raises(ValueError):
        s.set_status(eid, "weird")


def test_new_path_without_suffix_is_a_directory(tmp_path) -> None:
    Store(tmp_path / "newdir").close()
    assert (tmp_path / "newdir" / "storylens.sqlite").is_file()
    Store(tmp_path / "file.db").close()
    assert (tmp_path / "file.db").is_file()
