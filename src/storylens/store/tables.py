"""The tables of an analysed event: one schema for the store, the corpus and every export.

Every row has a stable text ``id`` built from the event id and the report's own ids
(``EVENT:DOC`` for a document, ``EVENT:E3`` for an entity, ``EVENT:E3:2`` for its third
mention, ...), so the same report always gives the same rows, and foreign keys tie them:

    events        id, title, ...                                 (see store.sqlite)
    documents     id, event_id -> events, doc_id, title, outlet, origin, published, url, language, text
    entities      id, event_id -> events, entity_id, name, type, aliases, n_mentions
    mentions      id, entity_id -> entities, document_id -> documents, start_char, end_char, text, label
    claim_groups  id, event_id -> events, group_id, topic, status, value, unit, scope, n_claims, ...
    claims        id, claim_group_id -> claim_groups, document_id -> documents, text, value, unit, ...
    quote_groups  id, event_id -> events, group_id, speaker, kind, n_quotes
    quotes        id, quote_group_id -> quote_groups, document_id -> documents,
                  speaker_entity_id -> entities, speaker, via, kind, partial, text, start_char, end_char
    reuse_pairs   id, event_id -> events, document_a_id / document_b_id -> documents, kind, direction, ...
    timeline      id, event_id -> events, document_id -> documents, date, precision, text, ...
    skipped       id, event_id -> events, input, reason, line, stage, status, language

``documents_fts`` is an FTS5 index over documents' title, outlet and text, kept as an
external-content table with triggers, the layout sqlite-utils' ``enable_fts`` makes, so
datasette's ``?_search=`` and ``sqlite-utils search`` find it. (It follows ``documents.rowid``;
after a ``VACUUM``, rebuild it with ``sqlite-utils rebuild-fts FILE documents``.)
"""
from __future__ import annotations

import json
from typing import Any

from ..model import Report

# (table, CREATE statement) in dependency order; the statements are the store's migration too
SCHEMA: list[tuple[str, str]] = [
    ("documents", """CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id     TEXT NOT NULL,
    title      TEXT,
    outlet     TEXT,
    origin     TEXT,
    published  TEXT,
    url        TEXT,
    language   TEXT,
    text       TEXT NOT NULL
)"""),
    ("entities", """CREATE TABLE entities (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id   TEXT NOT NULL,
    name        TEXT,
    type        TEXT,
    aliases     TEXT,
    n_mentions  INTEGER
)"""),
    ("mentions", """CREATE TABLE mentions (
    id           TEXT PRIMARY KEY,
    entity_id    TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    document_id  TEXT REFERENCES documents(id) ON DELETE CASCADE,
    start_char   INTEGER,
    end_char     INTEGER,
    text         TEXT,
    label        TEXT
)"""),
    ("claim_groups", """CREATE TABLE claim_groups (
    id                   TEXT PRIMARY KEY,
    event_id             TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    group_id             TEXT NOT NULL,
    topic                TEXT,
    status               TEXT,
    value                REAL,
    unit                 TEXT,
    scope                TEXT,
    n_claims             INTEGER,
    independent_sources  INTEGER,
    note                 TEXT
)"""),
    ("claims", """CREATE TABLE claims (
    id              TEXT PRIMARY KEY,
    claim_group_id  TEXT NOT NULL REFERENCES claim_groups(id) ON DELETE CASCADE,
    document_id     TEXT REFERENCES documents(id) ON DELETE CASCADE,
    start_char      INTEGER,
    end_char        INTEGER,
    text            TEXT,
    value           REAL,
    value_max       REAL,
    unit            TEXT,
    kind            TEXT,
    qualifier       TEXT,
    scope           TEXT,
    subject         TEXT,
    state           TEXT,
    in_quote        INTEGER,
    sentence        TEXT
)"""),
    ("quote_groups", """CREATE TABLE quote_groups (
    id        TEXT PRIMARY KEY,
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    group_id  TEXT NOT NULL,
    speaker   TEXT,
    kind      TEXT,
    n_quotes  INTEGER
)"""),
    ("quotes", """CREATE TABLE quotes (
    id                 TEXT PRIMARY KEY,
    quote_group_id     TEXT NOT NULL REFERENCES quote_groups(id) ON DELETE CASCADE,
    document_id        TEXT REFERENCES documents(id) ON DELETE CASCADE,
    speaker_entity_id  TEXT REFERENCES entities(id) ON DELETE SET NULL,
    speaker            TEXT,
    via                TEXT,
    kind               TEXT,
    partial            INTEGER,
    text               TEXT,
    start_char         INTEGER,
    end_char           INTEGER
)"""),
    ("reuse_pairs", """CREATE TABLE reuse_pairs (
    id             TEXT PRIMARY KEY,
    event_id       TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_a_id  TEXT REFERENCES documents(id) ON DELETE CASCADE,
    document_b_id  TEXT REFERENCES documents(id) ON DELETE CASCADE,
    kind           TEXT,
    direction      TEXT,
    score          REAL,
    why            TEXT,
    n_passages     INTEGER,
    passages       TEXT
)"""),
    ("timeline", """CREATE TABLE timeline (
    id           TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_id  TEXT REFERENCES documents(id) ON DELETE CASCADE,
    date         TEXT,
    precision    TEXT,
    text         TEXT,
    start_char   INTEGER,
    end_char     INTEGER,
    expression   TEXT,
    status       TEXT
)"""),
    ("skipped", """CREATE TABLE skipped (
    id        TEXT PRIMARY KEY,
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    input     TEXT,
    reason    TEXT,
    line      INTEGER,
    stage     TEXT,
    status    INTEGER,
    language  TEXT
)"""),
]
INDEXES = [f"CREATE INDEX {t}_{c} ON {t}({c})" for t, c in (
    ("documents", "event_id"), ("entities", "event_id"), ("mentions", "entity_id"), ("mentions", "document_id"),
    ("claim_groups", "event_id"), ("claims", "claim_group_id"), ("claims", "document_id"),
    ("quote_groups", "event_id"), ("quotes", "quote_group_id"), ("quotes", "document_id"),
    ("reuse_pairs", "event_id"), ("timeline", "event_id"), ("skipped", "event_id"))]
FTS_COLUMNS = ("title", "outlet", "text")
_cols = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
_new = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
_old = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
FTS = [
    f"CREATE VIRTUAL TABLE [documents_fts] USING FTS5 ({_cols}, content=[documents])",
    f"CREATE TRIGGER [documents_ai] AFTER INSERT ON [documents] BEGIN\n"
    f"  INSERT INTO [documents_fts] (rowid, {_cols}) VALUES (new.rowid, {_new});\nEND",
    f"CREATE TRIGGER [documents_ad] AFTER DELETE ON [documents] BEGIN\n"
    f"  INSERT INTO [documents_fts] ([documents_fts], rowid, {_cols}) VALUES('delete', old.rowid, {_old});\nEND",
    f"CREATE TRIGGER [documents_au] AFTER UPDATE ON [documents] BEGIN\n"
    f"  INSERT INTO [documents_fts] ([documents_fts], rowid, {_cols}) VALUES('delete', old.rowid, {_old});\n"
    f"  INSERT INTO [documents_fts] (rowid, {_cols}) VALUES (new.rowid, {_new});\nEND",
]
TABLES = tuple(t for t, _ in SCHEMA)
# children before parents: the order rows are deleted in
DELETE_ORDER = ("mentions", "claims", "quotes", "reuse_pairs", "timeline", "skipped", "entities", "claim_groups",
                "quote_groups", "documents")


def columns(table: str) -> list[str]:
    """The column names of one of the tables, in order."""
    sql = dict(SCHEMA)[table]
    body = sql[sql.index("(") + 1:sql.rindex(")")]
    return [ln.strip().split()[0] for ln in body.splitlines() if ln.strip()]


def _num(v: Any) -> float | int | None:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def report_rows(event_id: str, report: Report) -> dict[str, list[tuple]]:
    """The rows of every table for one report, as tuples in :func:`columns` order."""
    e = event_id
    doc_ids: dict[str, str] = {}
    rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
    for d in report.documents:
        did, n = f"{e}:{d.id}", 1
        while did in doc_ids.values():  # a repeated document id (unanalysed corpus events)
            n += 1
            did = f"{e}:{d.id}~{n}"
        doc_ids.setdefault(d.id, did)
        rows["documents"].append((did, e, d.id, d.title, d.outlet, d.origin, d.published, d.url,
                                  getattr(d, "language", None), d.text))

    def doc(x: str | None) -> str | None:
        return doc_ids.get(x) if x else None

    ent_ids = {x.id: f"{e}:{x.id}" for x in report.entities}
    for x in report.entities:
        rows["entities"].append((ent_ids[x.id], e, x.id, x.name, x.type, json.dumps(x.aliases, ensure_ascii=False),
                                 len(x.mentions)))
        for i, m in enumerate(x.mentions):
            rows["mentions"].append((f"{ent_ids[x.id]}:{i}", ent_ids[x.id], doc(m.doc), m.start, m.end, m.text,
                                     m.label))
    for g in report.claim_groups:
        gid = f"{e}:{g.id}"
        rows["claim_groups"].append((gid, e, g.id, g.topic, g.status, _num(g.value), g.unit, g.scope,
                                     len(g.claims), g.independent_sources, g.note))
        for i, c in enumerate(g.claims):
            rows["claims"].append((f"{gid}:{i}", gid, doc(c.doc), c.start, c.end, c.text, _num(c.value),
                                   _num(c.value_max), c.unit, c.kind, c.qualifier, c.scope, c.subject, c.state,
                                   int(bool(c.in_quote)), c.sentence))
    for q in report.quote_groups:
        qid = f"{e}:{q.id}"
        rows["quote_groups"].append((qid, e, q.id, q.speaker, q.kind, len(q.quotes)))
        for i, x in enumerate(q.quotes):
            rows["quotes"].append((f"{qid}:{i}", qid, doc(x.doc), ent_ids.get(x.speaker_entity or ""), x.speaker,
                                   x.via, x.kind, int(bool(x.partial)), x.text, x.start, x.end))
    for i, r in enumerate(report.reuse):
        a = doc(r.docs[0]) if r.docs else None
        b = doc(r.docs[1]) if len(r.docs) > 1 else None
        passages = [{"doc": p.doc, "start": p.start, "end": p.end} for p in r.passages]
        rows["reuse_pairs"].append((f"{e}:r{i}", e, a, b, r.kind, r.direction, _num(r.score), r.why,
                                    len(r.passages), json.dumps(passages)))
    for i, t in enumerate(report.timeline):
        rows["timeline"].append((f"{e}:t{i}", e, doc(t.doc), t.date, t.precision, t.text, t.start, t.end,
                                 t.expression, t.status))
    for i, s in enumerate(report.skipped):
        rows["skipped"].append((f"{e}:s{i}", e, s.input, s.reason, s.line, s.stage, s.status, s.language))
    return rows
