"""The SQLite store of analysed events: the only module in storylens that speaks SQL.

One file holds everything, readable by any SQLite tool. ``Store(path)`` opens (and
creates) it; a directory (or a path that does not exist yet and has no file suffix) means
``DIR/storylens.sqlite``. The schema is explicit and grows
only through the named migrations in :data:`MIGRATIONS`, applied in order and recorded in
``schema_migrations``.

Tables (see :data:`MIGRATIONS` and :mod:`storylens.store.tables` for the exact columns):

    events       one row per event: id, title, source, status, counts, the report as JSON,
                 inputs (for an event still waiting to be analysed), meta JSON
    documents, entities, mentions, claim_groups, claims, quote_groups, quotes, reuse_pairs,
    timeline, skipped
                 the sections of each event's report as rows with stable ids and foreign keys
                 (the schema every export uses: :mod:`storylens.store.tables`)
    documents_fts  FTS5 external-content index over documents' title, outlet and text
                 (sqlite-utils' layout: datasette's ``?_search=`` uses it)
    figures      headline figures of each event: its claim groups' topic, value, unit, status
    articles     corpus articles (``id`` the store's key, ``doc_id`` the input's id) with the
                 event they were put in (a foreign key) or why not
    kv           small key/value state (checkpoints)

Event statuses: ``queued`` (inputs stored, waiting), ``running``, ``done`` (report stored),
``failed`` (``error`` says why), ``open`` (a corpus event still gathering articles). Inputs of queued events are kept, so nothing is lost on a
restart: :meth:`Store.requeue_unfinished` hands them back.

All writes go through one lock (one writer at a time inside a process); the database runs in
WAL mode with a busy timeout, so other processes can read while one writes.

Example::

    store = Store("out/")                      # out/storylens.sqlite
    eid = store.add_event(report, title="Harbour fire")
    row, report = store.get_event(eid)
    store.list_events(limit=20, query="warehouse")
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model import Report
from . import tables as T

DEFAULT_NAME = "storylens.sqlite"
STATUSES = ("queued", "running", "done", "failed", "open")

MIGRATIONS: list[tuple[str, str]] = [
    ("001_initial", """
CREATE TABLE events (
    id           TEXT PRIMARY KEY,
    title        TEXT,
    source       TEXT,                 -- 'web', 'corpus', 'api', ...
    status       TEXT NOT NULL DEFAULT 'done',
    created_at   REAL NOT NULL,
    updated_at   REAL NOT NULL,
    n_documents  INTEGER NOT NULL DEFAULT 0,
    n_skipped    INTEGER NOT NULL DEFAULT 0,
    headline     TEXT,                 -- first brief sentence, for lists
    report_json  TEXT,                 -- the report (schema storylens.report/1) once done
    inputs_json  TEXT,                 -- inputs of an event not analysed yet
    meta_json    TEXT,
    error        TEXT
);
CREATE INDEX events_created ON events(created_at);
CREATE INDEX events_status ON events(status);
CREATE TABLE documents (
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id     TEXT NOT NULL,
    title      TEXT,
    outlet     TEXT,
    published  TEXT,
    url        TEXT,
    text       TEXT NOT NULL,
    PRIMARY KEY (event_id, doc_id)
);
CREATE VIRTUAL TABLE docs_fts USING fts5(
    title, outlet, text, event_id UNINDEXED, doc_id UNINDEXED, tokenize='unicode61'
);
CREATE TABLE figures (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    group_id  TEXT NOT NULL,
    topic     TEXT,
    value     REAL,
    unit      TEXT,
    status    TEXT,
    n_claims  INTEGER,
    independent_sources INTEGER,
    PRIMARY KEY (event_id, group_id)
);
CREATE TABLE articles (
    id         TEXT PRIMARY KEY,
    event_id   TEXT,                   -- NULL when skipped
    status     TEXT NOT NULL,          -- 'event' | 'copy' | 'skipped' | other
    copy_of    TEXT,
    reason     TEXT,
    title      TEXT,
    outlet     TEXT,
    url        TEXT,
    published  TEXT,
    source     TEXT,
    meta_json  TEXT
);
CREATE INDEX articles_event ON articles(event_id);
CREATE TABLE kv (
    key        TEXT PRIMARY KEY,
    value      TEXT,
    updated_at REAL NOT NULL
);
"""),
    ("002_report_tables", "python:_migrate_report_tables"),
]

_ARTICLES = """CREATE TABLE articles (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT,
    event_id   TEXT REFERENCES events(id) ON DELETE SET NULL,
    status     TEXT NOT NULL,
    copy_of    TEXT,
    reason     TEXT,
    title      TEXT,
    outlet     TEXT,
    url        TEXT,
    published  TEXT,
    source     TEXT,
    meta_json  TEXT
)"""


def _migrate_report_tables(db: sqlite3.Connection) -> None:
    """Report sections as tables, FTS5 over documents as an external-content table, and
    articles with the input's id and a foreign key to their event."""
    now = time.time()
    db.execute("DROP TABLE docs_fts")
    db.execute("DROP TABLE documents")
    for _, sql in T.SCHEMA:
        db.execute(sql)
    for sql in T.INDEXES + T.FTS:
        db.execute(sql)
    db.execute("INSERT OR IGNORE INTO events (id, source, status, created_at, updated_at) "
               "SELECT DISTINCT event_id, 'corpus', 'open', ?, ? FROM articles "
               "WHERE event_id IS NOT NULL AND event_id NOT IN (SELECT id FROM events)", (now, now))
    db.execute("ALTER TABLE articles RENAME TO articles_v1")
    db.execute(_ARTICLES)
    db.execute("INSERT INTO articles SELECT id, json_extract(meta_json, '$.doc_id'), event_id, status, copy_of,"
               " reason, title, outlet, url, published, source, meta_json FROM articles_v1")
    db.execute("DROP TABLE articles_v1")
    db.execute("CREATE INDEX articles_event ON articles(event_id)")
    for eid, rj in list(db.execute("SELECT id, report_json FROM events WHERE report_json IS NOT NULL")):
        Store._index(db, eid, Report.from_json(rj))


@dataclass(frozen=True)
class EventRow:
    """One event as listed: everything but the report itself."""

    id: str
    title: str | None
    source: str | None
    status: str
    created_at: float
    updated_at: float
    n_documents: int
    n_skipped: int
    headline: str | None
    error: str | None
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchHit:
    """A document matching a full-text search, with a short plain-text snippet."""

    event_id: str
    doc_id: str
    title: str | None
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_EVENT_COLS = ("id, title, source, status, created_at, updated_at, n_documents, n_skipped, "
               "headline, error, meta_json")


def _row(r: sqlite3.Row | tuple) -> EventRow:
    (eid, title, source, status, created, updated, nd, ns, headline, error, meta) = tuple(r)
    return EventRow(eid, title, source, status, created, updated, nd, ns, headline, error,
                    json.loads(meta) if meta else {})


def fts_query(text: str) -> str:
    """User text -> a safe FTS5 query: every word quoted, all words required (prefix on the last)."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w][:20]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '') + '"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def new_event_id() -> str:
    """A fresh, URL-safe event id."""
    return "ev" + uuid.uuid4().hex[:14]


class Store:
    """An SQLite file of events. Thread-safe: one connection, one lock, WAL mode."""

    def __init__(self, path: str | Path = ":memory:", migrate: bool = True):
        p = str(path)
        if p != ":memory:":
            pp = Path(p)
            if pp.is_dir() or p.endswith(("/", "\\")) or (not pp.exists() and not pp.suffix):
                pp.mkdir(parents=True, exist_ok=True)
                pp = pp / DEFAULT_NAME
            else:
                pp.parent.mkdir(parents=True, exist_ok=True)
            p = str(pp)
        self.path = p
        self._lock = threading.RLock()
        self._db = sqlite3.connect(p, check_same_thread=False, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA busy_timeout = 30000")
        if p != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            self.migrate()

    # -- plumbing ---------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, fn: Any) -> Any:
        """Run ``fn(conn)`` in one transaction under the writer lock."""
        with self._lock:
            if self._db.in_transaction:  # inside store.transaction(): the outer block commits
                return fn(self._db)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                out = fn(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return out

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple]:
        with self._lock:
            return list(self._db.execute(sql, tuple(args)))

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, in order; returns the names applied now."""
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                             "(name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
            done = {r[0] for r in self._db.execute("SELECT name FROM schema_migrations")}
            applied = []
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    if sql.startswith("python:"):
                        globals()[sql.removeprefix("python:")](self._db)
                    else:
                        for stmt in _statements(sql):
                            self._db.execute(stmt)
                    self._db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, time.time()))
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
                applied.append(name)
            return applied

    def migrations(self) -> list[str]:
        """Names of the applied migrations."""
        return [r[0] for r in self._read("SELECT name FROM schema_migrations ORDER BY name")]

    def healthy(self) -> bool:
        """True when the database answers a query."""
        try:
            return self._read("SELECT 1")[0][0] == 1
        except sqlite3.Error:
            return False

    # -- events -----------------------------------------------------------------------
    def add_event(self, report: Report, title: str | None = None, source: str | None = None,
                  meta: dict | None = None, event_id: str | None = None) -> str:
        """Store an analysed event (its report, documents, full-text index, figures).

        With ``event_id`` of an existing event the event is replaced (idempotent re-runs).
        Returns the event id."""
        eid = event_id or new_event_id()
        now = time.time()

        def work(db: sqlite3.Connection) -> str:
            old = db.execute("SELECT created_at FROM events WHERE id = ?", (eid,)).fetchone()
            created = old[0] if old else now
            self._delete_children(db, eid)
            # an upsert, not INSERT OR REPLACE: a replaced row would set its articles' event_id to NULL
            db.execute("INSERT INTO events (id, title, source, status, created_at, updated_at,"
                       " n_documents, n_skipped, headline, report_json, inputs_json, meta_json, error)"
                       " VALUES (?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, NULL, ?, NULL)"
                       " ON CONFLICT(id) DO UPDATE SET title = excluded.title, source = excluded.source,"
                       " status = 'done', updated_at = excluded.updated_at, n_documents = excluded.n_documents,"
                       " n_skipped = excluded.n_skipped, headline = excluded.headline,"
                       " report_json = excluded.report_json, inputs_json = NULL, meta_json = excluded.meta_json,"
                       " error = NULL",
                       (eid, title or _title_of(report), source, created, now, len(report.documents),
                        len(report.skipped), report.brief[0].text if report.brief else None,
                        report.to_json(indent=None), json.dumps(meta or {})))
            self._index(db, eid, report)
            return eid

        return self._write(work)

    def create_pending(self, inputs: list[dict], title: str | None = None, source: str | None = None,
                       meta: dict | None = None) -> str:
        """Store inputs (dicts with ``text`` and optional ``title``...) of an event to analyse later."""
        eid = new_event_id()
        now = time.time()
        self._write(lambda db: db.execute(
            "INSERT INTO events (id, title, source, status, created_at, updated_at, n_documents,"
            " inputs_json, meta_json) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)",
            (eid, title, source, now, now, len(inputs), json.dumps(inputs, ensure_ascii=False),
             json.dumps(meta or {}))))
        return eid

    def pending_inputs(self, event_id: str) -> list[dict]:
        """The stored inputs of a queued or running event (empty when none)."""
        rows = self._read("SELECT inputs_json FROM events WHERE id = ?", (event_id,))
        return json.loads(rows[0][0]) if rows and rows[0][0] else []

    def set_status(self, event_id: str, status: str, error: str | None = None) -> None:
        """Mark an event queued / running / failed (``done`` comes from :meth:`complete`)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        self._write(lambda db: db.execute(
            "UPDATE events SET status = ?, error = ?, updated_at = ? WHERE id = ?",
            (status, error, time.time(), event_id)))

    def set_meta(self, event_id: str, meta: dict[str, Any]) -> None:
        """Replace an event's meta (its report and rows stay)."""
        self._write(lambda db: db.execute("UPDATE events SET meta_json = ?, updated_at = ? WHERE id = ?",
                                          (json.dumps(meta), time.time(), event_id)))

    def complete(self, event_id: str, report: Report) -> None:
        """Store the report of a pending event and mark it done (its inputs are dropped)."""
        row = self.get_row(event_id)
        if row is None:
            raise KeyError(event_id)
        self.add_event(report, title=row.title, source=row.source, meta=row.meta, event_id=event_id)

    def requeue_unfinished(self) -> list[str]:
        """Ids of events left queued or running (e.g. by a restart), oldest first, set back to queued."""
        def work(db: sqlite3.Connection) -> list[str]:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM events WHERE status IN ('queued', 'running') ORDER BY created_at")]
            db.execute("UPDATE events SET status = 'queued' WHERE status = 'running'")
            return ids

        return self._write(work)

    def get_row(self, event_id: str) -> EventRow | None:
        """The listing row of one event, or None."""
        rows = self._read(f"SELECT {_EVENT_COLS} FROM events WHERE id = ?", (event_id,))
        return _row(rows[0]) if rows else None

    def get_event(self, event_id: str) -> tuple[EventRow, Report | None] | None:
        """(row, report) of one event; the report is None until the event is done. None if unknown."""
        rows = self._read(f"SELECT {_EVENT_COLS}, report_json FROM events WHERE id = ?", (event_id,))
        if not rows:
            return None
        r = rows[0]
        return _row(r[:-1]), (Report.from_json(r[-1]) if r[-1] else None)

    def list_events(self, limit: int = 50, offset: int = 0, query: str | None = None,
                    status: str | None = None) -> list[EventRow]:
        """Events, newest first; ``query`` keeps those whose documents match (FTS5)."""
        where, args = [], []
        if query:
            q = fts_query(query)
            if not q:
                return []
            where.append("id IN (SELECT d.event_id FROM documents d JOIN documents_fts f ON f.rowid = d.rowid"
                         " WHERE documents_fts MATCH ?)")
            args.append(q)
        if status:
            where.append("status = ?")
            args.append(status)
        sql = f"SELECT {_EVENT_COLS} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
        return [_row(r) for r in self._read(sql, [*args, int(limit), int(offset)])]

    def corpus_events(self, statuses: Iterable[str]) -> list[str]:
        """Ids of the corpus events whose ``corpus_status`` (in their meta: ``analysed``, ``not
        analysed``, ``single``, ``failed``) is one of ``statuses``, in id order (stream order)."""
        wanted = list(statuses)
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        return [r[0] for r in self._read(
            "SELECT id FROM events WHERE source = 'corpus'"
            f" AND json_extract(meta_json, '$.corpus_status') IN ({marks}) ORDER BY id", wanted)]

    def count_events(self, query: str | None = None) -> int:
        """How many events (matching ``query``, when given)."""
        if query:
            q = fts_query(query)
            if not q:
                return 0
            return self._read("SELECT COUNT(DISTINCT d.event_id) FROM documents d JOIN documents_fts f"
                              " ON f.rowid = d.rowid WHERE documents_fts MATCH ?", (q,))[0][0]
        return self._read("SELECT COUNT(*) FROM events")[0][0]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Documents whose title, outlet or text match ``query`` (words, any order), best first."""
        q = fts_query(query)
        if not q:
            return []
        rows = self._read("SELECT d.event_id, d.doc_id, d.title, snippet(documents_fts, 2, '', '', ' … ', 16)"
                          " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                          " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (q, int(limit)))
        return [SearchHit(*r) for r in rows]

    def figures(self, event_id: str) -> list[dict[str, Any]]:
        """Headline figures (claim groups) of one event."""
        cols = ("group_id", "topic", "value", "unit", "status", "n_claims", "independent_sources")
        rows = self._read(f"SELECT {', '.join(cols)} FROM figures WHERE event_id = ? ORDER BY group_id",
                          (event_id,))
        return [dict(zip(cols, r)) for r in rows]

    def delete_event(self, event_id: str) -> bool:
        """Remove an event and everything stored with it; True if it existed."""
        def work(db: sqlite3.Connection) -> bool:
            self._delete_children(db, event_id)
            return db.execute("DELETE FROM events WHERE id = ?", (event_id,)).rowcount > 0

        return self._write(work)

    @staticmethod
    def _delete_children(db: sqlite3.Connection, eid: str) -> None:
        for table in T.DELETE_ORDER:
            if table in ("mentions", "claims", "quotes"):
                parent, key = {"mentions": ("entities", "entity_id"), "claims": ("claim_groups", "claim_group_id"),
                               "quotes": ("quote_groups", "quote_group_id")}[table]
                db.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM {parent} WHERE event_id = ?)",
                           (eid,))
            else:
                db.execute(f"DELETE FROM {table} WHERE event_id = ?", (eid,))
        db.execute("DELETE FROM figures WHERE event_id = ?", (eid,))

    @staticmethod
    def _index(db: sqlite3.Connection, eid: str, report: Report) -> None:
        for table, rows in T.report_rows(eid, report).items():
            if rows:
                cols = T.columns(table)
                db.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                               rows)
        for g in report.claim_groups:
            value = g.value if isinstance(g.value, (int, float)) else None
            db.execute("INSERT OR REPLACE INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (eid, g.id, g.topic, value, g.unit, g.status, len(g.claims), g.independent_sources))

    # -- corpus articles --------------------------------------------------------------
    def add_articles(self, articles: Iterable[dict[str, Any]]) -> int:
        """Insert or replace corpus articles; each dict has ``id`` and ``status`` and may have
        ``event_id``, ``copy_of``, ``reason``, ``title``, ``outlet``, ``url``, ``published``,
        ``source`` and ``meta`` (a dict). Returns how many were written."""
        cols = ("id", "doc_id", "event_id", "status", "copy_of", "reason", "title", "outlet", "url",
                "published", "source")
        articles = [{**a, "doc_id": a.get("doc_id") or (a.get("meta") or {}).get("doc_id")} for a in articles]
        rows = [tuple(a.get(c) for c in cols) + (json.dumps(a.get("meta") or {}),) for a in articles]
        events = sorted({a["event_id"] for a in articles if a.get("event_id")})
        now = time.time()

        def work(db: sqlite3.Connection) -> int:
            # an event still gathering articles is stored as 'open' (the foreign key needs its row)
            db.executemany("INSERT OR IGNORE INTO events (id, source, status, created_at, updated_at)"
                           " VALUES (?, 'corpus', 'open', ?, ?)", [(e, now, now) for e in events])
            db.executemany(f"INSERT OR REPLACE INTO articles ({', '.join(cols)}, meta_json)"
                           f" VALUES ({', '.join('?' * (len(cols) + 1))})", rows)
            # an open event left without articles (merged into another) goes
            db.execute("DELETE FROM events WHERE status = 'open' AND NOT EXISTS"
                       " (SELECT 1 FROM articles a WHERE a.event_id = events.id)")
            return len(rows)

        return self._write(work)

    def articles(self, event_id: str | None = None, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
        """Corpus articles (of one event, when given), in id order."""
        cols = ("id", "doc_id", "event_id", "status", "copy_of", "reason", "title", "outlet", "url",
                "published", "source", "meta_json")
        sql = f"SELECT {', '.join(cols)} FROM articles"
        args: list[Any] = []
        if event_id is not None:
            sql += " WHERE event_id = ?"
            args.append(event_id)
        sql += " ORDER BY id LIMIT ? OFFSET ?"
        out = []
        for r in self._read(sql, [*args, int(limit), int(offset)]):
            d = dict(zip(cols, r))
            d["meta"] = json.loads(d.pop("meta_json") or "{}")
            out.append(d)
        return out

    def count_articles(self) -> int:
        """How many corpus articles are stored."""
        return self._read("SELECT COUNT(*) FROM articles")[0][0]

    # -- key/value state ---------------------------------------------------------------
    def kv_set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under ``key`` (e.g. a checkpoint)."""
        self._write(lambda db: db.execute("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)",
                                          (key, json.dumps(value), time.time())))

    def kv_get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""
        rows = self._read("SELECT value FROM kv WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def transaction(self) -> "_Tx":
        """Group several writes into one transaction: ``with store.transaction(): ...``."""
        return _Tx(self)

    def iter_reports(self) -> Iterator[tuple[EventRow, Report]]:
        """Every done event with its report, oldest first."""
        ids = [r[0] for r in self._read("SELECT id FROM events WHERE status = 'done' ORDER BY created_at")]
        for eid in ids:
            got = self.get_event(eid)
            if got and got[1] is not None:
                yield got[0], got[1]


class _Tx:
    """Holds the writer lock and one transaction for a block of writes."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> Store:
        self.store._lock.acquire()
        self.store._db.execute("SAVEPOINT storylens_tx")  # starts a transaction in autocommit mode
        return self.store

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            if exc_type is None:
                self.store._db.execute("RELEASE storylens_tx")
            else:
                self.store._db.execute("ROLLBACK TO storylens_tx")
                self.store._db.execute("RELEASE storylens_tx")
        finally:
            self.store._lock.release()


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our statements; a
    migration with triggers is a Python one)."""
    out = []
    for part in sql.split(";"):
        lines = [ln.split("--", 1)[0] for ln in part.splitlines()]
        stmt = "\n".join(lines).strip()
        if stmt:
            out.append(stmt)
    return out


def _title_of(report: Report) -> str | None:
    for d in report.documents:
        if d.title:
            return d.title
    return None
