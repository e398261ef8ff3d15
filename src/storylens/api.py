"""The public library API: plain functions from inputs to a :class:`Report`."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from .config import Settings, load_settings
from .model import RawDocument, Report, Skipped
from .pipeline.run import analyze_raw
from .document import from_record, ingest

Progress = Callable[[str, int, int], None]


def analyze(inputs: Iterable[str | Path | RawDocument | dict], settings: Settings | None = None,
            progress: Progress | None = None) -> Report:
    """Analyse the reports of one event.

    ``inputs`` may mix paths (files or directories of .txt/.md/.html/.jsonl/.json, feed or
    sitemap files, or "-" for stdin), http(s) URLs of pages, feeds or sitemaps, ``@FILE`` (a
    list of URLs), :class:`RawDocument` objects, and dicts with ``text`` or ``html`` (and
    optional ``id``, ``title``, ``url``, ``outlet``, ``published``, ``language``). Inputs that
    cannot be read or fetched, and reports in a language not in ``settings.languages``, are
    listed in ``report.skipped``; a path that does not exist raises ``InputNotFound``."""
    settings = settings or load_settings()
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    paths: list[str | Path] = []
    for i, item in enumerate(inputs, 1):
        if isinstance(item, RawDocument):
            raws.append(item)
        elif isinstance(item, dict):
            try:
                raws.append(from_record(item, f"doc{i}", f"input {i}"))
            except Exception as exc:  # InputError: recorded, the run goes on
                skipped.append(Skipped(f"input {i}", getattr(exc, "reason", str(exc)), stage="ingest"))
        else:
            paths.append(item)
    if paths:
        got = ingest(paths, settings)
        raws.extend(got.documents)
        skipped.extend(got.skipped)
    return analyze_raw(raws, skipped, settings, progress)


def analyze_texts(texts: Sequence[str], titles: Sequence[str | None] | None = None,
                  settings: Settings | None = None) -> Report:
    """Analyse plain texts (ids doc1, doc2, ...)."""
    titles = list(titles or [None] * len(texts))
    raws = [RawDocument(id=f"doc{i}", source=f"text {i}", text=t, title=ti)
            for i, (t, ti) in enumerate(zip(texts, titles), 1)]
    return analyze(raws, settings)
