"""``storylens export``: a report or a store as tables (CSV, Parquet or SQLite).

The tables and their ids are those of the store (:mod:`storylens.store.tables`): a report.json
is first put in an in-memory store under a stable event id (the same report always gives the
same ids), then every table is written out. SQLite output is a full copy of the store, with
its foreign keys and its FTS5 index, ready for ``datasette`` or ``sqlite-utils``.
"""
from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError, UsageError
from ..model import Report
from . import tables as T
from .sqlite import DEFAULT_NAME, Store

FORMATS = ("csv", "parquet", "sqlite")
EXPORT_TABLES = ("events", *T.TABLES, "figures", "articles")
LEFT_OUT = {"events": ("report_json", "inputs_json")}  # the report itself is in the other tables


def report_event_id(report: Report) -> str:
    """A stable event id for a report: a hash of its documents' ids and texts."""
    h = hashlib.sha1()
    for d in report.documents:
        h.update(d.id.encode("utf-8") + b"\0" + d.text.encode("utf-8") + b"\0")
    return "ev" + h.hexdigest()[:14]


def open_source(path: str | Path) -> Store:
    """A store to export from: a report.json put in memory, or a store file or folder."""
    p = Path(path)
    if p.is_file() and p.suffix.lower() == ".json":
        try:
            report = Report.from_json(p.read_text(encoding="utf-8"))
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: not a storylens report ({exc})") from None
        store = Store(":memory:")
        title = next((d.title for d in report.documents if d.title), None)
        eid = store.add_event(report, title=title, source="report", meta={"file": p.name},
                              event_id=report_event_id(report))
        mtime = p.stat().st_mtime  # the same file gives the same rows, times included
        store._write(lambda db: db.execute("UPDATE events SET created_at = ?, updated_at = ? WHERE id = ?",
                                           (mtime, mtime, eid)))
        return store
    if p.is_dir() and (p / DEFAULT_NAME).is_file():
        return Store(p / DEFAULT_NAME)
    if p.is_file():
        return Store(p)
    if p.is_dir():
        raise UsageError(f"{p}: no {DEFAULT_NAME} in this folder (give a report.json or a store)")
    raise UsageError(f"no such file or directory: {p} (give a report.json, a store file or its folder)")


def _columns(store: Store, table: str) -> list[tuple[str, str]]:
    skip = LEFT_OUT.get(table, ())
    return [(r[1], (r[2] or "").upper()) for r in store._read(f"PRAGMA table_info({table})") if r[1] not in skip]


def _batches(store: Store, table: str, cols: list[str], size: int = 2000) -> Iterator[list[tuple]]:
    """The rows of a table in rowid order, a batch at a time (a corpus store can be large)."""
    last = None
    while True:
        where = "" if last is None else " WHERE rowid > ?"
        rows = store._read(f"SELECT rowid, {', '.join(cols)} FROM {table}{where} ORDER BY rowid LIMIT {size}",
                           () if last is None else (last,))
        if not rows:
            return
        last = rows[-1][0]
        yield [r[1:] for r in rows]


def export(source: str | Path, to: str, out_dir: str | Path) -> list[Path]:
    """Write the tables of ``source`` (a report.json or a store) into ``out_dir`` as ``to``."""
    if to not in FORMATS:
        raise UsageError(f"unknown export format {to!r}: use {', '.join(FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"cannot write {out}: it is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    store = open_source(source)
    try:
        if to == "sqlite":
            return [_to_sqlite(store, out / DEFAULT_NAME)]
        written = []
        for table in EXPORT_TABLES:
            cols = _columns(store, table)
            names = [c for c, _ in cols]
            batches = _batches(store, table, names)
            path = out / f"{table}.{to}"
            if to == "csv":
                _to_csv(path, names, batches)
            else:
                _to_parquet(path, cols, batches)
            written.append(path)
        return written
    finally:
        store.close()


def _to_sqlite(store: Store, path: Path) -> Path:
    import sqlite3

    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(tmp)
    try:
        with store._lock:
            store._db.backup(dest)
    finally:
        dest.close()
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    os.replace(tmp, path)
    return path


def _to_csv(path: Path, names: list[str], batches: Iterable[list[tuple]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for rows in batches:
            w.writerows(rows)
    os.replace(tmp, path)


def _to_parquet(path: Path, cols: list[tuple[str, str]], batches: Iterable[list[tuple]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(decl: str) -> pa.DataType:
        if "INT" in decl:
            return pa.int64()
        if "REAL" in decl or "FLOA" in decl or "DOUB" in decl:
            return pa.float64()
        return pa.string()

    schema = pa.schema([(c, arrow_type(d)) for c, d in cols])
    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, schema) as w:
        wrote = False
        for rows in batches:
            w.write_table(pa.table({c: [r[i] for r in rows] for i, (c, _) in enumerate(cols)}, schema=schema))
            wrote = True
        if not wrote:  # an empty table still has its columns
            w.write_table(schema.empty_table())
    os.replace(tmp, path)
