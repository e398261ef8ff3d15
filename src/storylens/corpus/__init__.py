"""Corpus mode: a stream of articles (JSONL, Parquet, WARC, folders) -> deduplicated,
clustered events, each analysed like ``storylens analyze`` and listed in an SQLite index.

See :mod:`storylens.corpus.run` for the steps and :class:`CorpusSettings` for the settings.
"""
from __future__ import annotations

from .run import CorpusSettings, CorpusSummary, analyse_event, corpus_settings, run_corpus

__all__ = ["CorpusSettings", "CorpusSummary", "analyse_event", "corpus_settings", "run_corpus"]
