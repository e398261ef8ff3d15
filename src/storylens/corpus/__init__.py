"""Corpus mode: a stream of articles (JSONL, Parquet, WARC, folders) -> deduplicated,
clustered events, each analysed like ``storylens analyze`` and listed in an SQLite index.

See :mod:`storylens.corpus.run` for the steps and :class:`CorpusSettings` for the settings.
"""
from __future__ import annotations

from .analysis import analyse_event
from .run import AnalysisSummary, CorpusSettings, CorpusSummary, analyse_stored, corpus_settings, run_corpus

__all__ = ["AnalysisSummary", "CorpusSettings", "CorpusSummary", "analyse_event", "analyse_stored", "corpus_settings",
           "run_corpus"]
