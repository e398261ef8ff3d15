"""Documents: reading inputs into raw documents, and the document steps that turn each raw
document into a :class:`~storylens.model.Document` (cleaning, then its language).

    from_record(rec, default_id, source)   one article record (a dict) -> RawDocument
    from_text(data, name, stem, suffix)     a file's contents -> RawDocuments (or Skipped)
    ingest(paths, settings)                 paths, URLs, feeds, stdin -> RawDocuments

The document steps are registered with the pipeline (:mod:`storylens.pipeline.registry`) and
run, in this order, by :func:`storylens.pipeline.run.prepare_document`, for one event's
inputs and in corpus mode alike.
"""
from __future__ import annotations

from dataclasses import replace

from .config import Settings
from .errors import InputError
from .model import Document, RawDocument
from .pipeline.registry import stage
from .stages.ingest import from_record, from_text, ingest

__all__ = ["from_record", "from_text", "ingest", "clean", "language"]


@stage("clean", requires=("raw",), provides=("document",), kind="document")
def clean(raw: RawDocument, doc: Document | None, settings: Settings) -> Document:
    """Body text, title and metadata of the raw input (see :mod:`storylens.stages.clean`)."""
    from .stages.clean import clean_document

    return clean_document(raw, settings)


@stage("language", requires=("document",), provides=("language",), kind="document")
def language(raw: RawDocument, doc: Document, settings: Settings) -> Document:
    """The report's language (detected, or declared when detection cannot tell); a report in a
    language not analysed, or with no spaCy model installed, is dropped."""
    from .langid import decide

    lang, why = decide(doc.text, raw.language, settings.languages)
    if why:
        raise InputError(why, language=lang)
    return replace(doc, language=lang) if lang else doc
