"""Corpus mode: a stream of articles -> deduplicated, clustered, analysed events in a store.

    from storylens.corpus import run_corpus
    summary = run_corpus(["feed.jsonl", "crawl/"], "out/")

The run, chunk by chunk (``chunk`` articles):

1. read articles in a fixed order (:mod:`.readers`), numbering them (``seq``);
2. clean them and compute their features in parallel (:func:`.features.prepare_batch` on the
   engine: a process pool or Ray);
3. in this process, in date order (:mod:`.reorder`: the last ``reorder`` articles are held
   and the earliest dated is placed first, so a stream out of date order gives the events of
   the stream in order): fold copies onto their origin (:mod:`.dedup`), put each origin in an
   event (:mod:`.cluster`), close events nobody joined for a while;
4. record every article in the store (in an event, a copy of an origin, or skipped with its
   reason), then analyse each closed event of ``min_reports`` or more reports in parallel with
   the same pipeline as ``storylens analyze`` (:func:`analyse_event`) and store its report
   (``DIR/events/ID/report.json``, and ``report.html`` with ``html``). With ``analyse`` off
   the events are stored with their articles only, and :func:`analyse_stored` analyses them
   afterwards (all, or those named), with the same result.

The store is ``DIR/storylens.sqlite`` (:class:`storylens.store.sqlite.Store`): tables
``events``, ``articles``, ``figures``, readable by ``storylens serve --store DIR``. At the end
``DIR/articles.parquet`` lists every article with its event id.

Resuming: every ``checkpoint_every`` articles the in-memory state (open events, the
duplicate index, the articles held for date order, counters) is saved to ``DIR/checkpoint/``
and its position recorded in the store. A rerun with the same inputs and settings reloads it
and replays the articles after it; the work is deterministic and every write is keyed (article
``a<seq>``, event id), so articles or events written after the checkpoint are rewritten
identically, never twice.
"""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import pickle
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, TextIO

from ..config import Settings, load_settings
from ..errors import ConfigError, UsageError
from ..model import Document, RawDocument, Report, Skipped, to_dict
from ..execute import submit
from ..execute.local import DEFAULT_RECYCLE_TASKS
from .analysis import analyse_events, documents_of, group_jobs, store_analysis, write_event_files
from .cluster import ClusterConfig, Clusterer, OpenEvent
from .dedup import DedupConfig, Deduplicator
from .features import Article, FeatureConfig, prepare_batch
from .readers import iter_articles
from .reorder import Reorder

CHECKPOINT_KEY = "corpus.checkpoint"
STATE_VERSION = 8  # the archive indexed by place and age (Clusterer.by_place_age)


@dataclass(frozen=True)
class CorpusSettings:
    """Settings of a corpus run; every field has a documented default."""

    engine: str = "local"  # local (process pool) | ray
    workers: int | None = None  # worker processes / Ray CPUs; default: the CPUs available
    address: str | None = None  # Ray cluster address (engine ray); default: a local runtime
    recycle_tasks: int = DEFAULT_RECYCLE_TASKS  # worker processes are replaced after this many tasks each (flat memory); 0 never
    chunk: int = 256  # articles read, prepared and clustered per step (term frequencies are counted per chunk)
    checkpoint_every: int = 2000  # articles between checkpoints
    reorder: int = 2048  # articles held to place the stream in date order (0: as they arrive)
    min_reports: int = 2  # events with at least this many reports are analysed
    html: bool = False  # also write report.html for each analysed event
    analyse: bool = True  # run the per-event analysis (off: cluster only)
    quiet: bool = False  # no progress lines on stderr
    features: FeatureConfig = field(default_factory=FeatureConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)

    def fingerprint_data(self) -> dict[str, Any]:
        """The settings that change results (not engine, workers or progress)."""
        d = dataclasses.asdict(self)
        for k in ("engine", "workers", "address", "recycle_tasks", "quiet", "checkpoint_every"):
            d.pop(k)
        d["features"].pop("threads")
        return d


@dataclass
class CorpusSummary:
    """What a corpus run did."""

    out: str
    articles: int = 0
    in_events: int = 0
    copies: int = 0
    skipped: int = 0
    events: int = 0
    analysed: int = 0
    failed: int = 0
    resumed_from: int = 0
    duplicate_ids: int = 0  # articles kept whose id an earlier article already had (see their ``reason``)
    late: int = 0  # dated articles placed after a later day's: out of date order by more than ``reorder``
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class _State:
    """Everything the run keeps in memory between chunks (saved in checkpoints)."""

    dedup: Deduplicator
    clusterer: Clusterer
    seq: int = 0  # articles read (their arrival numbers)
    placed: int = 0  # articles placed in events or as copies: the clusterer's clock
    last_day: int | None = None  # the latest day of an article placed
    order: Reorder = field(default_factory=lambda: Reorder(0))  # articles read, not placed yet
    counts: Counter = field(default_factory=Counter)
    ids: dict[int, int] = field(default_factory=dict)  # 64-bit hash of each article id -> seq of its first use
    version: int = STATE_VERSION


def prepare_articles(items: list[tuple[int, RawDocument]], settings: Settings,
                     cfg: FeatureConfig) -> list[Article | Skipped]:
    """:func:`.features.prepare_batch` in a worker, with the sentence encoder at the precision of
    ``settings`` (the same encoder as the analysis)."""
    if cfg.use_embeddings:
        from .. import embeddings

        embeddings.set_precision(settings.embedding_precision)
    return prepare_batch(items, settings, cfg)


def _worker_threads(cs: CorpusSettings, engine: Any) -> int:
    """onnxruntime threads in each worker: one when several workers share the CPUs (no
    oversubscription), two for a lone worker."""
    return 1 if (cs.engine == "ray" or (getattr(engine, "workers", 1) or 1) > 1) else 2


class _Progress:
    def __init__(self, stream: TextIO | None, every: float = 2.0):
        self.stream, self.every = stream, every
        self.start = self.last = time.monotonic()
        self.base = 0

    def show(self, st: _State, force: bool = False) -> None:
        now = time.monotonic()
        if self.stream is None or (not force and now - self.last < self.every):
            return
        self.last = now
        done = st.seq - self.base
        rate = done / max(1e-9, now - self.start)
        c = st.counts
        self.stream.write(f"corpus: read {st.seq} articles ({c['copy']} copies, {c['skipped']} skipped); "
                          f"{len(st.order)} held for date order, {c['late']} placed late; "
                          f"events open {len(st.clusterer.open)}, closed {c['closed']} "
                          f"({c['reopened']} reopened by follow-ups), "
                          f"analysed {c['analysed']}; {rate:.1f} articles/s\n")
        self.stream.flush()


class CorpusRun:
    """One corpus run over ``inputs`` into ``out``; see the module docstring."""

    def __init__(self, inputs: Iterable[str | Path], out: str | Path, settings: Settings | None = None,
                 corpus: CorpusSettings | None = None, engine: Any = None, progress: TextIO | None = None):
        from ..store.sqlite import Store

        self.inputs = [str(Path(p).resolve()) for p in inputs]
        if not self.inputs:
            raise UsageError("no corpus inputs given")
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.settings = settings or load_settings()
        self.cs = corpus or CorpusSettings()
        self.store = Store(self.out)
        self._engine = engine
        self._own_engine = engine is None
        quiet = self.cs.quiet or self.settings.quiet
        self.progress = _Progress(None if quiet else (progress or sys.stderr))
        self.fingerprint = hashlib.sha1(json.dumps(
            {"inputs": self.inputs, "corpus": self.cs.fingerprint_data(),
             "settings": dataclasses.asdict(self.settings)}, sort_keys=True, default=str).encode()).hexdigest()

    # -- engine ---------------------------------------------------------------------------
    @property
    def engine(self) -> Any:
        if self._engine is None:
            from ..execute import get_engine

            self._engine = get_engine(self.cs.engine, self.cs.workers, self.cs.address, self.cs.recycle_tasks)
        return self._engine

    def _fcfg(self) -> FeatureConfig:
        return dataclasses.replace(self.cs.features, threads=_worker_threads(self.cs, self.engine))

    # -- checkpoints ----------------------------------------------------------------------
    def _load(self) -> tuple[_State, bool]:
        ck = self.store.kv_get(CHECKPOINT_KEY)
        if ck:
            if ck.get("fingerprint") != self.fingerprint:
                raise UsageError(f"{self.out} holds a corpus run over other inputs or settings; "
                                 "use another --out folder (or delete that one) to start afresh")
            with open(self.out / "checkpoint" / ck["file"], "rb") as fh:
                st = pickle.load(fh)
            if getattr(st, "version", None) != STATE_VERSION:
                raise UsageError(f"the checkpoint in {self.out} is from another storylens version; "
                                 "use another --out folder")
            return st, bool(ck.get("done"))
        return _State(Deduplicator(self.cs.dedup), Clusterer(self.cs.cluster), order=Reorder(self.cs.reorder)), False

    def _save(self, st: _State, done: bool = False) -> None:
        folder = self.out / "checkpoint"
        folder.mkdir(exist_ok=True)
        name = f"state-{st.seq:010d}.pkl"
        tmp = folder / (name + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(st, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / name)
        self.store.kv_set(CHECKPOINT_KEY, {"fingerprint": self.fingerprint, "file": name, "offset": st.seq,
                                           "done": done, "inputs": self.inputs})
        for old in folder.glob("state-*.pkl*"):
            if old.name != name:
                old.unlink(missing_ok=True)

    # -- the run --------------------------------------------------------------------------
    def run(self) -> CorpusSummary:
        """Process the whole stream (resuming from a checkpoint) and return a summary."""
        t0 = time.monotonic()
        st, done = self._load()
        summary = CorpusSummary(out=str(self.out), resumed_from=st.seq)
        try:
            if not done:
                self.progress.base = st.seq
                stream = itertools.islice(iter_articles(self.inputs, self.settings), st.seq, None)
                self._run_chunks(st, stream)
                self._finish_events(st, self._flush(st))
                closed = st.clusterer.close_all()
                self._merged(st, [])
                self._finish_events(st, closed)
                self._save(st, done=True)
                self.progress.show(st, force=True)
            self.export_parquet()
        finally:
            if self._own_engine and self._engine is not None:
                self._engine.close()
        c = st.counts
        summary.articles, summary.in_events, summary.copies = st.seq, c["event"], c["copy"]
        summary.skipped, summary.events = c["skipped"], st.clusterer.next_id - 1
        summary.analysed, summary.failed = c["analysed"], c["failed"]
        summary.duplicate_ids, summary.late = c["duplicate_id"], c["late"]
        summary.seconds = round(time.monotonic() - t0, 2)
        return summary

    def _run_chunks(self, st: _State, stream: Iterable[RawDocument | Skipped]) -> None:
        """Read, prepare and place the stream chunk by chunk, keeping the workers busy.

        One chunk ahead: the next chunk's features are handed to the workers before this chunk
        is clustered here, and the events this chunk closed are analysed while the next one is
        clustered, then stored. With one worker (or an engine without ``submit``) the same steps
        run one after the other in this process. Articles are placed in date order
        (:mod:`.reorder`), the same order whatever the number of workers; before a checkpoint
        every closed event is stored, so a checkpoint never leaves an event behind."""
        last_ck = st.seq
        chunk = list(itertools.islice(stream, self.cs.chunk))
        ahead = self._submit_features(st.seq, chunk) if chunk else None
        started = None
        while ahead is not None:
            items, parts, handle = ahead
            chunk = list(itertools.islice(stream, self.cs.chunk))
            ahead = self._submit_features(items[-1][0], chunk) if chunk else None
            closed = self._cluster(st, items, self._collect(parts, handle), last=ahead is None)
            later = self._start_events(st, closed)
            self._store_events(st, started)
            started = later
            if st.seq - last_ck >= self.cs.checkpoint_every:
                self._store_events(st, started)
                started = None
                self._save(st)
                last_ck = st.seq
            self.progress.show(st)
        self._store_events(st, started)

    def _submit_features(self, seq: int, chunk: list[RawDocument | Skipped]) -> tuple[list, list, Any]:
        """Number the chunk's articles after ``seq`` and hand their cleaning and features to
        the workers; returns (numbered items, the parts handed in, the pending results)."""
        items = list(enumerate(chunk, seq + 1))
        raws = [(s, x) for s, x in items if isinstance(x, RawDocument)]
        n = max(1, min(self.engine.workers, len(raws)))
        parts = [raws[i::n] for i in range(n)] if raws else []
        return items, parts, submit(self.engine, prepare_articles, [(p, self.settings, self._fcfg()) for p in parts])

    @staticmethod
    def _collect(parts: list, handle: Any) -> dict[int, Article | Skipped]:
        prepared: dict[int, Article | Skipped] = {}
        for res, part in zip(handle.result(), parts):
            okseqs = iter(s for s, _ in part)
            for r in res:  # prepare_batch keeps order; Skipped carries no seq
                prepared[next(okseqs)] = r
        return prepared

    def _cluster(self, st: _State, items: list[tuple[int, RawDocument | Skipped]],
                 prepared: dict[int, Article | Skipped], last: bool = False) -> list[OpenEvent]:
        """Record the chunk's skipped inputs, hold its articles for date order and place those
        released (all of them after the ``last`` chunk) in order: copies, events. Stores their
        rows; returns the events closed meanwhile."""
        rows: list[dict[str, Any]] = []
        released: list[tuple[int, Article]] = []
        for seq, item in items:
            got = prepared.get(seq, item)
            if isinstance(got, Skipped):
                rows.append({"id": f"a{seq:08d}", "status": "skipped", "reason": got.reason, "source": got.input,
                             "meta": {"seq": seq, "stage": got.stage, "line": got.line}})
                st.counts["skipped"] += 1
            else:
                assert isinstance(got, Article)
                st.order.push(seq, got.day, got)
                released.extend(st.order.release())  # one at a time: the window is the same whatever the chunk
        st.seq = items[-1][0]
        if last:
            released.extend(st.order.drain())
        closed: list[OpenEvent] = []
        for k in range(0, len(released), self.cs.chunk):
            self._place_all(st, released[k:k + self.cs.chunk], rows, closed)
        self.store.add_articles(rows)
        return closed

    def _place_all(self, st: _State, released: list[tuple[int, Article]], rows: list[dict[str, Any]],
                   closed: list[OpenEvent]) -> None:
        """Place articles (arrival number, article) in this order; the clusterer's clock is the
        count of articles placed. Their document frequencies are counted first."""
        arts = []
        for seq, a in released:
            st.placed += 1
            arts.append((seq, dataclasses.replace(a, seq=st.placed)))
            if a.day is not None:
                if st.last_day is not None and a.day < st.last_day:
                    st.counts["late"] += 1  # it came too late for the window to put it in order
                st.last_day = a.day if st.last_day is None else max(st.last_day, a.day)
        for _, a in arts:
            st.clusterer.observe(a)
        for seq, a in arts:
            row = self._place(st, f"a{seq:08d}", seq, a, rows)
            self._check_id(st, row, seq, a)
            rows.append(row)
            closed.extend(st.clusterer.close_stale(a.seq))
            self._merged(st, rows)

    def _flush(self, st: _State) -> list[OpenEvent]:
        """Place the articles still held: none, unless a resumed run's input ended before the
        position of its checkpoint (a feed that changed); the last chunk places every article."""
        rows: list[dict[str, Any]] = []
        closed: list[OpenEvent] = []
        while len(st.order):
            self._place_all(st, st.order.drain(self.cs.chunk), rows, closed)
        if rows:
            self.store.add_articles(rows)
        return closed

    @staticmethod
    def _check_id(st: _State, row: dict[str, Any], seq: int, a: Article) -> None:
        """Two articles with one id are both kept; the row of the one placed later says whose id
        it repeats."""
        h = int.from_bytes(hashlib.blake2b(a.doc.id.encode("utf-8"), digest_size=8).digest(), "little")
        first = st.ids.setdefault(h, seq)
        if first != seq:
            note = f"duplicate id {a.doc.id!r}: also the id of article a{first:08d}"
            row["reason"] = f"{row['reason']}; {note}" if row.get("reason") else note
            row["meta"]["duplicate_of"] = f"a{first:08d}"
            st.counts["duplicate_id"] += 1

    def _merged(self, st: _State, rows: list[dict[str, Any]]) -> None:
        """Relabel the articles of the small events merged into others on a second look as they
        closed (:attr:`Clusterer.merged`), and those of events split as they closed
        (:attr:`Clusterer.splits`)."""
        for gone, keep, keys in st.clusterer.merged:
            self._relabel(st, gone, keep, rows, keys)
        st.clusterer.merged.clear()
        for src, new, keys in st.clusterer.splits:
            self._split_off(st, src, new, keys, rows)
        st.clusterer.splits.clear()

    def _split_off(self, st: _State, src: str, new: str, keys: list[str], rows: list[dict[str, Any]]) -> None:
        """Event ``src`` was split as it closed: move the articles ``keys`` and their copies
        (stored or in this chunk) to event ``new``."""
        self._move(st, src, new, rows, keys, set(keys))
        st.counts["split"] += 1

    def _relabel(self, st: _State, gone: str, keep: str, rows: list[dict[str, Any]],
                 keys: "list[str] | None" = None) -> None:
        """Event ``gone`` was merged into ``keep``: move its articles (stored or in this chunk)
        and the copies pointing at it (``keys``: its articles' keys; by default those of the
        open event ``keep``, which holds them)."""
        self._move(st, gone, keep, rows, st.clusterer.open[keep].keys if keys is None else keys)
        st.counts["merged"] += 1

    def _move(self, st: _State, src: str, dst: str, rows: list[dict[str, Any]], keys: list[str],
              only: "set[str] | None" = None) -> None:
        """Relabel event ``src``'s rows (in this chunk and stored) to ``dst`` (with ``only``:
        the rows of those articles and their copies), and the copies' pointers of ``keys``."""

        def mine(r: dict[str, Any]) -> bool:
            return r.get("event_id") == src and (only is None or r["id"] in only or r.get("copy_of") in only)

        for r in rows:
            if mine(r):
                r["event_id"] = dst
        stored = [r for r in self.store.articles(src, limit=1_000_000) if mine(r)]
        if stored:
            self.store.add_articles([{**r, "event_id": dst} for r in stored])
        for k in keys:
            if k in st.dedup.order and st.dedup.payload(k) == src:
                st.dedup.set_payload(k, dst)

    def _place(self, st: _State, key: str, seq: int, a: Article, rows: list[dict[str, Any]]) -> dict[str, Any]:
        d = a.doc
        row: dict[str, Any] = {"id": key, "title": d.title, "outlet": d.outlet, "url": d.url,
                               "published": d.published, "source": d.source}
        origin, why = st.dedup.check(key, a.text_hash, a.minhash)
        if origin is not None:
            near = why.startswith("near")
            row.update(status="copy", copy_of=origin, reason=why, event_id=st.dedup.payload(origin))
            row["meta"] = {"seq": seq, "placed": a.seq, "doc_id": d.id, "near": near,
                           "doc": to_dict(d) if near else None}
            st.counts["copy"] += 1
            return row
        ev_id, new, score, merges = st.clusterer.assign(a, key)
        for gone, keep in merges:
            self._relabel(st, gone, keep, rows)
        st.dedup.add(key, a.text_hash, a.minhash, ev_id)
        row.update(status="event", event_id=ev_id)
        row["meta"] = {"seq": seq, "placed": a.seq, "doc_id": d.id, "score": round(score, 4), "new_event": new,
                       "doc": to_dict(d)}
        st.counts["event"] += 1
        return row

    def _finish_events(self, st: _State, closed: list[OpenEvent]) -> None:
        """Store closed events; analyse those with enough reports."""
        self._store_events(st, self._start_events(st, closed))

    def _start_events(self, st: _State, closed: list[OpenEvent]) -> tuple[list, dict, Any] | None:
        """Read the closed events' articles and hand the analysis of those with enough reports
        to the workers; :meth:`_store_events` stores them."""
        if not closed:
            return None
        jobs, info = [], {}
        for ev in closed:
            rows = self.store.articles(ev.id, limit=1_000_000)
            docs = documents_of(rows, self.settings.max_documents)
            meta = _event_meta(ev, rows)
            info[ev.id] = (ev, docs, meta)
            if self.cs.analyse and meta["n_reports"] >= self.cs.min_reports:
                jobs.append((ev.id, docs))
        return closed, info, self._submit_analyses(jobs)

    def _submit_analyses(self, jobs: list[tuple[str, list[Document]]]) -> Any:
        """Hand event analyses to the workers, in tasks of several events (None when no job)."""
        if not jobs:
            return None
        # one onnxruntime thread per worker when several share the CPUs (as for features):
        # no oversubscription, and the encoder is never rebuilt between the two stages
        aset = dataclasses.replace(self.settings, embedding_threads=self._fcfg().threads)
        return submit(self.engine, analyse_events, [(g, aset) for g in group_jobs(jobs, self.engine.workers)])

    def _store_events(self, st: _State, started: tuple[list, dict, Any] | None) -> None:
        if started is None:
            return
        closed, info, handle = started
        results = {}
        for res in (handle.result() if handle is not None else []):
            results.update({eid: (rep, err) for eid, rep, err in res})
        with self.store.transaction():
            for ev in closed:
                _, docs, meta = info[ev.id]
                if ev.reopened:  # closed before, then a follow-up joined it: its record is replaced
                    before = self.store.get_row(ev.id)
                    if before is not None:
                        was = before.meta.get("corpus_status")
                        st.counts["closed"] -= 1
                        st.counts["analysed"] -= was == "analysed"
                        st.counts["failed"] -= was == "failed"
                    meta["reopened"] = ev.reopened
                    st.counts["reopened"] += 1
                rep, err = results.get(ev.id, (None, ""))
                if ev.id in results and rep is not None:
                    meta["corpus_status"] = "analysed"
                    self.store.add_event(rep, title=ev.title, source="corpus", meta=meta, event_id=ev.id)
                    write_event_files(self.out, ev.id, rep, self.cs.html)
                    st.counts["analysed"] += 1
                else:
                    meta["corpus_status"] = ("failed" if err else "single" if meta["n_reports"] < self.cs.min_reports
                                             else "not analysed")
                    self.store.add_event(Report(documents=docs), title=ev.title, source="corpus",
                                         meta=meta, event_id=ev.id)
                    if err:
                        self.store.set_status(ev.id, "failed", err)
                        st.counts["failed"] += 1
                st.counts["closed"] += 1

    def export_parquet(self, batch: int = 5000) -> Path:
        """Write ``DIR/articles.parquet``: every article (``id`` as in the input, ``store_id`` the
        store's key, the ``articles.id`` of the SQLite index; ``seq`` its place in the stream), its
        status and event id."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols = ["id", "store_id", "seq", "event_id", "status", "copy_of", "reason", "title", "outlet",
                "url", "published", "source"]
        schema = pa.schema([(c, pa.int64() if c == "seq" else pa.string()) for c in cols])
        path = self.out / "articles.parquet"
        tmp = path.with_suffix(".parquet.tmp")
        with pq.ParquetWriter(tmp, schema) as w:
            offset = 0
            while True:
                rows = self.store.articles(limit=batch, offset=offset)
                if not rows:
                    break
                offset += len(rows)
                data = {c: [] for c in cols}
                for r in rows:
                    m = r.get("meta") or {}
                    r = {**r, "id": r.get("doc_id") or m.get("doc_id"), "store_id": r["id"], "seq": m.get("seq")}
                    for c in cols:
                        v = r.get(c)
                        data[c].append(v if c == "seq" or v is None else str(v))
                w.write_table(pa.table(data, schema=schema))
        os.replace(tmp, path)
        return path


def _top(c: Counter, n: int = 5) -> list[str]:
    """The most frequent names, ties in alphabetical order (stable across processes)."""
    return [k for k, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _event_meta(ev: OpenEvent, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Headline facts of an event for the index."""
    dates = sorted(r["published"] for r in rows if r.get("published"))
    reports = [r for r in rows if r["status"] == "event" or (r["status"] == "copy" and r["meta"].get("near"))]
    return {
        "corpus": True, "n_articles": len(rows), "n_reports": len(reports),
        "n_origins": sum(1 for r in rows if r["status"] == "event"),
        "n_copies": sum(1 for r in rows if r["status"] == "copy"),
        "first_published": dates[0] if dates else None, "last_published": dates[-1] if dates else None,
        "people": _top(ev.persons), "places": _top(ev.places), "organisations": _top(ev.orgs),
        "articles": [r["id"] for r in rows][:1000],
    }


def _coerce_field(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        low = str(raw).strip().lower()
        if low in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            return low in ("1", "true", "yes", "on")
        raise ConfigError(f"corpus setting {name}: expected true/false, got {raw!r}")
    try:
        if isinstance(default, int):
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except (TypeError, ValueError):
        kind = "a whole number" if isinstance(default, int) else "a number"
        raise ConfigError(f"corpus setting {name}: expected {kind}, got {raw!r}") from None
    if default is None:  # optional fields (workers, address)
        return None if raw in (None, "") else (int(raw) if name == "workers" else str(raw))
    return str(raw)


def _apply(obj: Any, values: dict[str, Any], prefix: str = "") -> Any:
    """A copy of a settings dataclass with ``values`` (nested dicts for nested dataclasses)."""
    fields = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for k, v in values.items():
        name = f"{prefix}{k}"
        if k not in fields or k == "threads":
            raise ConfigError(f"unknown corpus setting {name!r}; known: "
                              + ", ".join(f"{prefix}{f}" for f in fields if f != "threads"))
        cur = getattr(obj, k)
        if dataclasses.is_dataclass(cur):
            if not isinstance(v, dict):
                raise ConfigError(f"corpus setting {name} is a table ([corpus.{name}] in storylens.toml)")
            changes[k] = _apply(cur, v, f"{name}.")
        else:
            changes[k] = _coerce_field(name, v, cur)
    return dataclasses.replace(obj, **changes) if changes else obj


def corpus_settings(config_file: str | Path | None = None, options: Iterable[str] = (),
                    **fields: Any) -> CorpusSettings:
    """Corpus settings from the ``[corpus]`` table of the settings file (``storylens.toml`` in
    the working directory, or ``config_file``; sub-tables ``[corpus.cluster]``,
    ``[corpus.dedup]``, ``[corpus.features]``), then ``options`` ("cluster.window_days=5",
    "chunk=512"), then ``fields`` (None values are passed over)."""
    import tomllib

    cs = CorpusSettings()
    path = Path(config_file) if config_file else Path("storylens.toml")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from None
        table = data.get("corpus", data.get("storylens", {}).get("corpus", {}))
        if not isinstance(table, dict):
            raise ConfigError(f"[corpus] in {path} must be a table")
        cs = _apply(cs, table)
    for opt in options:
        key, sep, value = opt.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"corpus option {opt!r}: expected NAME=VALUE, e.g. cluster.window_days=5")
        nested: dict[str, Any] = {}
        parts = key.strip().split(".")
        cur = nested
        for p in parts[:-1]:
            cur = cur.setdefault(p, {})
        cur[parts[-1]] = value.strip()
        cs = _apply(cs, nested)
    return _apply(cs, {k: v for k, v in fields.items() if v is not None})


def run_corpus(inputs: Iterable[str | Path], out: str | Path, settings: Settings | None = None,
               corpus: CorpusSettings | None = None, engine: Any = None,
               progress: TextIO | None = None) -> CorpusSummary:
    """Turn a stream of articles into analysed events in ``out`` (see the module docstring)."""
    return CorpusRun(inputs, out, settings, corpus, engine, progress).run()


@dataclass
class AnalysisSummary:
    """What :func:`analyse_stored` did."""

    out: str
    analysed: int = 0
    failed: int = 0
    already: int = 0  # asked for by id, but analysed before
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def analyse_stored(out: str | Path, settings: Settings | None = None, corpus: CorpusSettings | None = None,
                   event_ids: Iterable[str] | None = None, engine: Any = None,
                   progress: TextIO | None = None) -> AnalysisSummary:
    """Analyse the events a corpus run in ``out`` stored without their analysis.

    A run with ``analyse`` off (``storylens corpus --no-analyse``) turns the stream into events
    at the speed of the clustering; this analyses them afterwards, with the same pipeline and
    the same workers as a run with the analysis would have, and stores each report as that run
    would (the store's event, ``DIR/events/ID/report.json``, ``report.html`` with ``html``).
    The result is the same as a run with the analysis.

    By default every event of ``min_reports`` reports or more that is not analysed yet (or
    whose analysis failed) is analysed; ``event_ids`` names the events to analyse instead
    (whatever their number of reports; those analysed before are counted in ``already``). An
    event is stored as soon as its task is done, so an interrupted call loses no finished
    work, and a second call goes on with the events left.
    """
    from ..store.sqlite import Store

    t0 = time.monotonic()
    settings = settings or load_settings()
    cs = corpus or CorpusSettings()
    store = Store(out)
    summary = AnalysisSummary(out=str(out))
    try:
        ids = _to_analyse(store, cs, event_ids, summary)
    except BaseException:
        store.close()
        raise
    own = engine is None
    if own and ids:
        from ..execute import get_engine

        engine = get_engine(cs.engine, cs.workers, cs.address, cs.recycle_tasks)
    quiet = cs.quiet or settings.quiet
    stream = None if quiet else (progress or sys.stderr)
    aset = dataclasses.replace(settings, embedding_threads=_worker_threads(cs, engine))
    workers = getattr(engine, "workers", 1) or 1
    step = max(1, 8 * workers)  # events per round: several tasks a worker, stored as each round ends
    last = time.monotonic()
    try:
        for at in range(0, len(ids), step):
            jobs = [(eid, documents_of(store.articles(eid, limit=1_000_000), settings.max_documents))
                    for eid in ids[at:at + step]]
            handle = submit(engine, analyse_events, [(g, aset) for g in group_jobs(jobs, workers)])
            for part in handle.result():
                for eid, rep, err in part:
                    if store_analysis(store, out, eid, rep, err, cs.html):
                        summary.analysed += 1
                    else:
                        summary.failed += 1
            now = time.monotonic()
            if stream is not None and (now - last >= 2.0 or at + step >= len(ids)):
                last = now
                done = summary.analysed + summary.failed
                stream.write(f"corpus: analysed {summary.analysed} of {len(ids)} events"
                             f" ({summary.failed} failed); {done / max(1e-9, now - t0):.2f} events/s\n")
                stream.flush()
    finally:
        store.close()
        if own and engine is not None:
            engine.close()
    summary.seconds = round(time.monotonic() - t0, 2)
    return summary


def _to_analyse(store: Any, cs: CorpusSettings, event_ids: Iterable[str] | None,
                summary: AnalysisSummary) -> list[str]:
    """The events :func:`analyse_stored` analyses: those named, or every event of ``min_reports``
    reports or more not analysed yet (or whose analysis failed)."""
    if event_ids is None:
        return [eid for eid in store.corpus_events(("not analysed", "failed"))
                if store.get_row(eid).meta.get("n_reports", 0) >= cs.min_reports]
    ids = []
    for eid in dict.fromkeys(event_ids):
        row = store.get_row(eid)
        if row is None or row.source != "corpus":
            raise UsageError(f"no corpus event {eid!r} in {summary.out}")
        if row.meta.get("corpus_status") == "analysed":
            summary.already += 1
        else:
            ids.append(eid)
    return ids
