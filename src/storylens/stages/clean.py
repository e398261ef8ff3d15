"""Raw input -> cleaned body text, dropped lines, and metadata (first pass)."""
from __future__ import annotations

from ..config import Settings
from ..errors import InputError
from ..model import Document, RawDocument


def clean_document(raw: RawDocument, settings: Settings) -> Document:
    text = raw.text or ""
    if not text.strip():
        raise InputError("no body text")
    paras = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    body = "\n\n".join(paras)
    return Document(id=raw.id, title=raw.title, outlet=raw.outlet, origin=None, published=raw.published,
                    dateline=None, text=body, dropped=[], source=raw.source, url=raw.url)
