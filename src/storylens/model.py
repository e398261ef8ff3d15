"""Typed records that travel through the storylens pipeline.

Every record is a frozen dataclass with JSON-ready fields. ``to_dict`` / ``from_dict``
round-trip them; :class:`Report` is the root and its JSON shape is the report contract
(schema ``storylens.report/1``). Offsets are character offsets into a document's cleaned
``text``.
"""
from __future__ import annotations

import dataclasses
import json
import typing
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "storylens.report/1"

STATUSES = ("agree", "disagree", "reconciled", "single")


@dataclass(frozen=True)
class RawDocument:
    """One input before cleaning: text or HTML plus whatever metadata the input carried."""

    id: str
    source: str  # path, "stdin", or "file.jsonl:7"
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None  # as the input declared it (ISO 639-1), when it did


@dataclass(frozen=True)
class Document:
    id: str
    title: str | None
    outlet: str | None
    origin: str | None
    published: str | None  # ISO date, as precise as known ("2017-09-10", "2017-09", "2017")
    dateline: str | None
    text: str
    dropped: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    published_precision: str | None = None  # day | month | year
    published_from: str | None = None  # where the date was read: body, input, html, ...
    # cleaned-text paragraphs as (start, end) offsets
    paragraphs: list[list[int]] = field(default_factory=list)
    language: str | None = None  # ISO 639-1, detected from the text (or as the input declared it)
    off_topic: bool = False  # the report's content does not belong with the event's other reports
    off_topic_reason: str | None = None


@dataclass(frozen=True)
class Mention:
    doc: str
    start: int
    end: int
    text: str
    label: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    doc: str
    start: int
    end: int
    text: str
    value: float | int | None
    unit: str | None = None
    qualifier: str | None = None
    scope: str | None = None
    kind: str = "quantity"  # quantity | age | money | percent | duration | distance | measure | magnitude | time
    in_quote: bool = False
    sentence: str | None = None
    sentence_start: int | None = None
    subject: str | None = None  # entity or noun the figure is about, when known
    value_max: float | int | None = None  # upper end of a range ("10 to 15")
    state: str | None = None  # original | remaining | returned | at the time | part | background (not an outcome)
    basis: str | None = None  # None: a stated figure | person: one person named or described | parts: a sum of parts | difference: people shot less those killed | later: a count with the wounded who died later moved to the killed | suicide: a killed count with the attacker's own death added


@dataclass(frozen=True)
class ClaimGroup:
    id: str
    topic: str
    status: str
    value: float | int | None
    unit: str | None
    scope: str | None
    claims: list[Claim] = field(default_factory=list)
    independent_sources: int = 0
    note: str = ""
    parts: list[Claim] = field(default_factory=list)  # what the figure adds up from, or parts beside it


@dataclass(frozen=True)
class Quote:
    doc: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    via: str | None = None
    partial: bool = False
    kind: str = "direct"  # direct | indirect
    speaker_entity: str | None = None


@dataclass(frozen=True)
class QuoteGroup:
    id: str
    speaker: str | None
    quotes: list[Quote] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    kind: str = "direct"  # direct: holds a direct quotation | indirect: reported speech only


@dataclass(frozen=True)
class Passage:
    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reuse:
    docs: list[str]
    kind: str  # copied | quotation
    direction: str | None = None
    passages: list[Passage] = field(default_factory=list)
    score: float | None = None
    why: str | None = None


@dataclass(frozen=True)
class Citation:
    doc: str
    cites: str
    text: str
    start: int | None = None
    end: int | None = None
    kind: str | None = None  # according_to | reported | told | cited_by | credit | statement


@dataclass(frozen=True)
class Framing:
    entity: str
    labels: dict[str, dict[str, int]] = field(default_factory=dict)
    entity_id: str | None = None


@dataclass(frozen=True)
class TimelineItem:
    date: str
    precision: str  # day | month | year
    doc: str
    text: str
    start: int | None = None
    end: int | None = None
    expression: str | None = None
    docs: list[str] = field(default_factory=list)
    status: str | None = None


@dataclass(frozen=True)
class BriefSentence:
    text: str
    docs: list[str]
    status: str | None = None


@dataclass(frozen=True)
class Skipped:
    input: str
    reason: str
    line: int | None = None
    stage: str | None = None
    status: int | None = None  # HTTP status of a failed fetch
    language: str | None = None  # ISO 639-1 of a report skipped for its language

    OMIT_NONE = ("status", "language")  # written only when set


@dataclass(frozen=True)
class OriginGroup:
    id: str
    docs: list[str]
    why: str = ""


@dataclass(frozen=True)
class Report:
    documents: list[Document] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    quote_groups: list[QuoteGroup] = field(default_factory=list)
    reuse: list[Reuse] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)
    brief: list[BriefSentence] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    origins: list[OriginGroup] = field(default_factory=list)
    stage_errors: list[dict[str, str]] = field(default_factory=list)
    schema: str = SCHEMA
    generator: str = ""

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        return from_dict(cls, data)

    @classmethod
    def from_json(cls, text: str) -> "Report":
        return cls.from_dict(json.loads(text))

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


def to_dict(obj: Any) -> Any:
    """Dataclasses to plain JSON data; the schema key comes first in a report."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        omit = getattr(obj, "OMIT_NONE", ())
        out = {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)
               if not (f.name in omit and getattr(obj, f.name) is None)}
        if "schema" in out:
            out = {"schema": out.pop("schema"), **out}
        return out
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin is typing.Union or str(origin) == "types.UnionType" or type(tp).__name__ == "UnionType":
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        for a in args:
            if dataclasses.is_dataclass(a) and isinstance(value, dict):
                return from_dict(a, value)
        return value
    if origin in (list, tuple):
        (inner,) = typing.get_args(tp)[:1] or (Any,)
        return [_build(inner, v) for v in value]
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        return from_dict(tp, value)
    return value


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a dataclass from plain data, ignoring unknown keys (newer reports add fields)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _build(hints[f.name], data[f.name])
    return cls(**kwargs)
