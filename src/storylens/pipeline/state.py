"""What the event stages of one run share (kept apart from the runner, so that stages do
not import it)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..model import Document


@dataclass
class EventState:
    """What the event stages share: the documents, settings, sections so far, and caches."""

    documents: list[Document]
    settings: Settings
    sections: dict[str, list] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    def parsed(self) -> dict[str, Any]:
        """spaCy parses of every document's cleaned text, by document id (computed once)."""
        if "parsed" not in self.cache:
            from ..langid import spacy_model
            from ..nlp import MODEL, parse

            by_model: dict[str, list[Document]] = {}
            for d in self.documents:  # each report with the pipeline of its language
                model = spacy_model(d.language) if d.language and d.language != "en" else MODEL
                by_model.setdefault(model or MODEL, []).append(d)
            self.cache["parsed"] = {}
            for model, docs in by_model.items():
                parsed = parse([d.text for d in docs], model=model)
                self.cache["parsed"].update({d.id: p for d, p in zip(docs, parsed)})
        return self.cache["parsed"]

    def doc(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)
