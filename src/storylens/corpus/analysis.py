"""The per-event analysis of corpus mode: the same pipeline as ``storylens analyze``, run over
an event's stored articles in worker tasks of several events each.

:func:`analyse_event` analyses one event, :func:`analyse_events` several in one task (their texts
parsed in one pass), :func:`group_jobs` splits events into tasks of similar size,
:func:`documents_of` reads an event's documents from its stored article rows and
:func:`write_event_files` writes ``DIR/events/ID/report.json`` (and ``report.html``) and
:func:`store_analysis` stores an analysis made after the run (report and files, or the failure).
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

from ..config import Settings
from ..model import Document, Report, from_dict

ANALYSE_GROUP_TEXTS = 160  # texts per analysis task at most (the parse cache holds 256)


def documents_of(rows: list[dict[str, Any]], max_documents: int) -> list[Document]:
    """The documents of an event's stored article rows (origins and near copies, in stream
    order), at most ``max_documents``."""
    return [from_dict(Document, r["meta"]["doc"]) for r in rows if r["meta"].get("doc")][:max_documents]


def write_event_files(out: str | Path, event_id: str, report: Report, html: bool = False) -> Path:
    """Write ``out/events/ID/report.json`` (and ``report.html`` with ``html``); returns the folder."""
    folder = Path(out) / "events" / event_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(report.to_json(), encoding="utf-8")
    if html:
        from ..render import render

        (folder / "report.html").write_text(render(report, "html"), encoding="utf-8")
    return folder


def analyse_event(event_id: str, documents: list[Document], settings: Settings) -> tuple[str, Report | None, str]:
    """Run the per-event pipeline (as ``storylens analyze``) over an event's documents.

    Returns (event id, report or None, error message)."""
    from ..pipeline.run import run_event

    try:
        return event_id, run_event(_unique_ids(documents), settings), ""
    except Exception as exc:  # recorded as a failed event; the run goes on
        return event_id, None, f"{type(exc).__name__}: {exc}"


def analyse_events(jobs: list[tuple[str, list[Document]]], settings: Settings) -> list[tuple[str, Report | None, str]]:
    """Analyse several events in one worker task (see :func:`analyse_event`).

    All their texts are parsed first in one ``nlp.pipe`` pass (:func:`storylens.nlp.parse`
    caches parses by text, so each event's pipeline then finds its parses ready); models load
    once per worker and one task carries many events."""
    from ..nlp import parse

    texts = [d.text for _, docs in jobs for d in docs]
    if len(texts) > 1:
        try:
            parse(texts, batch_size=64)
        except Exception:  # each event parses (and reports errors) on its own
            pass
    return [analyse_event(eid, docs, settings) for eid, docs in jobs]


def group_jobs(jobs: list[tuple[str, list[Document]]], workers: int,
               max_texts: int = ANALYSE_GROUP_TEXTS) -> list[list[tuple[str, list[Document]]]]:
    """Split event jobs into worker tasks of similar size (total text length, largest first),
    two tasks per worker or more so that no task holds over ``max_texts`` texts; events keep
    their order within a task."""
    if not jobs:
        return []
    n_texts = sum(len(docs) for _, docs in jobs)
    n = max(1, min(len(jobs), max(2 * workers, -(-n_texts // max_texts))))
    load = [0] * n
    count = [0] * n
    members: list[list[int]] = [[] for _ in range(n)]
    order = sorted(range(len(jobs)), key=lambda i: (-sum(len(d.text) for d in jobs[i][1]), i))
    for i in order:
        k = min(range(n), key=lambda g: (count[g] + len(jobs[i][1]) > max_texts, load[g], g))
        load[k] += sum(len(d.text) for d in jobs[i][1])
        count[k] += len(jobs[i][1])
        members[k].append(i)
    return [[jobs[i] for i in sorted(m)] for m in members if m]


def _unique_ids(docs: list[Document]) -> list[Document]:
    seen: Counter = Counter()
    out = []
    for d in docs:
        seen[d.id] += 1
        out.append(d if seen[d.id] == 1 else dataclasses.replace(d, id=f"{d.id}~{seen[d.id]}"))
    return out


def store_analysis(store: Any, out: str | Path | None, event_id: str, report: Report | None, error: str,
                   html: bool = False) -> bool:
    """Store the analysis of a corpus event stored without it, as a corpus run would have: its
    report in the store and (with ``out``, the corpus folder) in ``out/events/ID/``; or, when
    the analysis failed, the event marked failed with ``error`` (its articles stay). True when
    a report was stored."""
    row = store.get_row(event_id)
    if row is None:
        raise KeyError(event_id)
    if report is None:
        store.set_meta(event_id, {**row.meta, "corpus_status": "failed"})
        store.set_status(event_id, "failed", error)
        return False
    store.add_event(report, title=row.title, source="corpus", meta={**row.meta, "corpus_status": "analysed"},
                    event_id=event_id)
    if out is not None:
        write_event_files(out, event_id, report, html)
    return True
