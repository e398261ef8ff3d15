"""Runs the registered steps in order: the document steps over each input, then the event
stages over the documents of one event (see :mod:`storylens.pipeline.registry`).

A document step that raises :class:`~storylens.errors.InputError` drops that input (recorded in
``Report.skipped``). Each event stage returns exactly the sections it declares in
``provides``; a stage that fails is recorded in ``Report.stage_errors`` and its sections stay
empty (or the run stops, with ``strict``).
"""
from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Callable, Iterable, Sequence

from .._version import __version__
from ..config import Settings
from ..errors import InputError, NothingToAnalyse, StageError
from ..model import Document, RawDocument, Report, Skipped
from .registry import Stage, check_stages, registered
from .state import EventState

__all__ = ["SECTIONS", "DOCUMENT_MODULES", "EVENT_MODULES", "Stage", "EventState", "check_stages",
           "document_steps", "event_stages", "prepare_document", "run_event", "analyze_raw"]

SECTIONS = ("entities", "framing", "quote_groups", "reuse", "citations", "origins",
            "claim_groups", "timeline", "brief")

# the modules that register steps; a kind's steps run in the order of their modules
DOCUMENT_MODULES = ("storylens.stages.ingest", "storylens.document")
EVENT_MODULES = ("storylens.stages.topic", "storylens.stages.entities", "storylens.stages.quotes",
                 "storylens.stages.citations", "storylens.stages.reuse", "storylens.stages.origins",
                 "storylens.stages.claims", "storylens.stages.timeline", "storylens.stages.brief")


def document_steps() -> tuple[Stage, ...]:
    """The per-document steps (after ``ingest``), checked in order."""
    steps = registered(DOCUMENT_MODULES, "document")
    check_stages(steps, given=("raw",))
    return steps


def event_stages() -> tuple[Stage, ...]:
    """The event stages, checked in order."""
    stages = registered(EVENT_MODULES, "event")
    check_stages(stages)
    return stages


def __getattr__(name: str):  # EVENT_STAGES: the registry, read when first asked for
    if name == "EVENT_STAGES":
        return event_stages()
    raise AttributeError(name)


def prepare_document(raw: RawDocument, settings: Settings,
                     steps: Sequence[Stage] | None = None) -> Document:
    """Run the document steps over one raw input (as ``analyze`` and corpus mode do).

    Raises :class:`InputError` (with ``stage`` set to the step's name) when a step drops it."""
    doc: Document | None = None
    for st in steps if steps is not None else document_steps():
        try:
            doc = st.load()(raw, doc, settings)
        except InputError as exc:
            exc.stage = exc.stage or st.name
            raise
    if doc is None:
        raise InputError("no document step made a document")
    return doc


def run_event(documents: list[Document], settings: Settings, skipped: Iterable[Skipped] = (),
              stages: Sequence[Stage] | None = None,
              on_stage: Callable[[str], None] | None = None) -> Report:
    """Run the event stages over cleaned documents and assemble the report."""
    stages = event_stages() if stages is None else stages
    check_stages(stages)
    vectors: contextlib.AbstractContextManager = contextlib.nullcontext()
    if settings.embeddings:
        from ..embeddings import set_precision, set_threads, shared_vectors

        set_threads(settings.embedding_threads)
        set_precision(settings.embedding_precision)
        vectors = shared_vectors()  # each sentence of the event encoded once, whichever stage asks
    state = EventState(documents=list(documents), settings=settings)
    with vectors:
        errors = _run_stages(state, stages, settings, on_stage)
    return Report(documents=list(state.documents), skipped=list(skipped),
                  generator=f"storylens {__version__}", stage_errors=errors,
                  **{k: state.sections.get(k, []) for k in SECTIONS})


def _run_stages(state: EventState, stages: Sequence[Stage], settings: Settings,
                on_stage: Callable[[str], None] | None) -> list[dict[str, str]]:
    """Run the event stages in order over ``state``; the errors recorded."""
    errors: list[dict[str, str]] = []
    for st in stages:
        if on_stage:
            on_stage(st.name)
        try:
            out = st.load()(state)
        except Exception as exc:  # the error policy: record, leave the sections empty, go on
            if settings.strict:
                raise StageError(st.name, exc) from exc
            errors.append({"stage": st.name, "error": f"{type(exc).__name__}: {exc}"})
            out = {}
        unknown = set(out) - set(st.provides)
        if unknown:
            raise ValueError(f"stage {st.name!r} returned undeclared sections {sorted(unknown)}")
        for name in st.provides:
            state.sections[name] = list(out.get(name) or [])
    return errors


def analyze_raw(raws: list[RawDocument], skipped: list[Skipped], settings: Settings,
                progress: Callable[[str, int, int], None] | None = None) -> Report:
    """Clean each raw input, then run the event stages. Inputs that fail are skipped."""
    steps = document_steps()
    docs: list[Document] = []
    skipped = list(skipped)
    seen: dict[str, int] = {}
    for i, raw in enumerate(raws):
        if progress:
            progress("clean", i, len(raws))
        if len(docs) >= settings.max_documents:
            skipped.append(Skipped(raw.source, f"over the limit of {settings.max_documents} documents "
                                               "(raise max_documents)", stage="ingest"))
            continue
        try:
            doc = prepare_document(raw, settings, steps)
        except InputError as exc:
            skipped.append(Skipped(raw.source, exc.reason, line=exc.line, stage=exc.stage,
                                   language=exc.language))
            continue
        if doc.id in seen:  # ids stay unique: a second "a.txt" from another folder is "a~2"
            seen[doc.id] += 1
            doc = replace(doc, id=f"{doc.id}~{seen[doc.id]}")
        else:
            seen[doc.id] = 1
        docs.append(doc)
    if not docs:
        raise NothingToAnalyse("no input could be analysed: " +
                               "; ".join(f"{s.input}: {s.reason}" for s in skipped[:5]) if skipped
                               else "no input documents were given")
    return run_event(docs, settings, skipped,
                     on_stage=(lambda name: progress(name, 0, 0)) if progress else None)
