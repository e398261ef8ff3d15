"""The web app's analysis worker threads, submission limits and the one error type the app
answers with (kept apart from the routes so that pages and views need not import the app)."""
from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import Settings
from ..model import RawDocument, Report, Skipped
from ..store.sqlite import EventRow, Store

log = logging.getLogger("storylens.web")


@dataclass(frozen=True)
class Limits:
    """Size limits of one submission."""

    max_file_bytes: int = 2_000_000  # one uploaded file or pasted text
    max_request_bytes: int = 10_000_000  # the whole request body
    max_documents: int = 50  # documents in one event
    max_title_chars: int = 300
    max_fields: int = 200  # form fields and files in one request


class WebError(Exception):
    """An error answered to the client with a status, a code and a message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


AnalyseFn = Callable[[list[RawDocument], list[Skipped], Settings], Report]


def default_analyse(raws: list[RawDocument], skipped: list[Skipped], settings: Settings) -> Report:
    """Run the library's pipeline over submitted documents."""
    from ..pipeline.run import analyze_raw

    return analyze_raw(raws, skipped, settings)


class Worker:
    """Worker threads that analyse queued events; at most ``queue_size`` events wait."""

    def __init__(self, store: Store, settings: Settings, analyse: AnalyseFn, threads: int = 1, queue_size: int = 8):
        self.store, self.settings, self.analyse = store, settings, analyse
        self.queue_size = queue_size
        self._q: "queue.Queue[str | None]" = queue.Queue()
        self._waiting = 0
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._loop, name=f"storylens-worker-{i}", daemon=True)
                         for i in range(max(1, threads))]
        self.started = False

    def start(self) -> None:
        """Start the threads and queue the events a previous run left unfinished."""
        if self.started:
            return
        self.started = True
        for eid in self.store.requeue_unfinished():
            with self._lock:
                self._waiting += 1
            self._q.put(eid)
        for t in self._threads:
            t.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the threads to finish (after the event each is working on)."""
        for _ in self._threads:
            self._q.put(None)
        for t in self._threads:
            t.join(timeout)

    def try_reserve(self) -> bool:
        """Take a place in the queue; False when it is full."""
        with self._lock:
            if self._waiting >= self.queue_size:
                return False
            self._waiting += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._waiting -= 1

    def submit(self, event_id: str) -> None:
        """Queue an event whose place was reserved with :meth:`try_reserve`."""
        self._q.put(event_id)

    @property
    def waiting(self) -> int:
        return self._waiting

    def _loop(self) -> None:
        while True:
            eid = self._q.get()
            if eid is None:
                return
            self.release()
            self.run_one(eid)

    def run_one(self, eid: str) -> None:
        """Analyse one stored event and store its report (or its failure)."""
        try:
            self.store.set_status(eid, "running")
            row = self.store.get_row(eid)
            if row is not None and row.source == "corpus":
                self._run_corpus_event(row)
                return
            data = self.store.pending_inputs(eid)
            raws = [RawDocument(**r) for r in data.get("documents", [])]
            skipped = [Skipped(**s) for s in data.get("skipped", [])]
            report = self.analyse(raws, skipped, self.settings)
            self.store.complete(eid, report)
        except Exception as exc:  # recorded on the event; the worker goes on
            log.exception("analysis of %s failed", eid)
            try:
                self.store.set_status(eid, "failed", f"{type(exc).__name__}: {exc}")
            except Exception:  # pragma: no cover - the store itself is gone
                log.exception("could not record the failure of %s", eid)

    def _run_corpus_event(self, row: EventRow) -> None:
        """A corpus event's analysis, asked for in the app: its stored articles through the
        corpus pipeline and stored as ``storylens corpus-analyse`` would (also in ``events/ID/``
        of the corpus folder that holds the store)."""
        from ..corpus.analysis import analyse_event, documents_of, store_analysis

        docs = documents_of(self.store.articles(row.id, limit=1_000_000), self.settings.max_documents)
        _, report, err = analyse_event(row.id, docs, self.settings)
        out = Path(self.store.path).parent if self.store.path != ":memory:" else None
        store_analysis(self.store, out, row.id, report, err)
