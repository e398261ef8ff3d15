"""Runs the stages in order and checks what each needs and adds.

Two kinds of stage:
- document stages turn one input into one :class:`~storylens.model.Document`
  (``ingest`` reads inputs, ``clean`` makes body text and metadata);
- event stages read the documents of one event (and what earlier stages added) and return
  new report sections.

Each event stage is a plain function ``run(state: EventState) -> dict[str, list]`` that
returns exactly the sections it declares in ``provides``. A stage that fails is recorded in
``Report.stage_errors`` and its sections stay empty (or the run stops, with ``strict``).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ._version import __version__
from .config import Settings
from .errors import NothingToAnalyse, StageError
from .model import Document, RawDocument, Report, Skipped
from .state import EventState


@dataclass(frozen=True)
class Stage:
    name: str
    target: str  # "module:function"
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def load(self) -> Callable[[EventState], dict[str, list]]:
        mod, fn = self.target.split(":")
        return getattr(importlib.import_module(mod), fn)


SECTIONS = ("entities", "framing", "quote_groups", "reuse", "citations", "origins",
            "claim_groups", "timeline", "brief")

EVENT_STAGES: tuple[Stage, ...] = (
    Stage("topic", "storylens.stages.topic:run", ("documents",), ()),
    Stage("entities", "storylens.stages.entities:run", ("documents",), ("entities", "framing")),
    Stage("quotes", "storylens.stages.quotes:run", ("documents", "entities"), ("quote_groups",)),
    Stage("reuse", "storylens.stages.reuse:run", ("documents", "quote_groups"),
          ("reuse", "citations", "origins")),
    Stage("claims", "storylens.stages.claims:run", ("documents", "entities", "origins"),
          ("claim_groups", "timeline")),
    Stage("brief", "storylens.stages.brief:run",
          ("documents", "entities", "claim_groups", "quote_groups", "origins", "timeline"), ("brief",)),
)


def check_stages(stages: Sequence[Stage]) -> None:
    """Every requirement is provided by an earlier stage (or is the documents)."""
    have = {"documents"}
    for st in stages:
        missing = [r for r in st.requires if r not in have]
        if missing:
            raise ValueError(f"stage {st.name!r} requires {missing}, which no earlier stage provides")
        have.update(st.provides)


def run_event(documents: list[Document], settings: Settings, skipped: Iterable[Skipped] = (),
              stages: Sequence[Stage] = EVENT_STAGES,
              on_stage: Callable[[str], None] | None = None) -> Report:
    """Run the event stages over cleaned documents and assemble the report."""
    check_stages(stages)
    if settings.embeddings:
        from .embeddings import set_threads

        set_threads(settings.embedding_threads)
    state = EventState(documents=list(documents), settings=settings)
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
    return Report(documents=list(state.documents), skipped=list(skipped),
                  generator=f"storylens {__version__}", stage_errors=errors,
                  **{k: state.sections.get(k, []) for k in SECTIONS})


def analyze_raw(raws: list[RawDocument], skipped: list[Skipped], settings: Settings,
                progress: Callable[[str, int, int], None] | None = None) -> Report:
    """Clean each raw input, then run the event stages. Inputs that fail are skipped."""
    from dataclasses import replace

    from .errors import InputError
    from .langid import decide
    from .stages.clean import clean_document

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
            doc = clean_document(raw, settings)
        except InputError as exc:
            skipped.append(Skipped(raw.source, exc.reason, line=exc.line, stage="clean"))
            continue
        language, why = decide(doc.text, raw.language, settings.languages)
        if why:
            skipped.append(Skipped(raw.source, why, stage="language", language=language))
            continue
        if language:
            doc = replace(doc, language=language)
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
