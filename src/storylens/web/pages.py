"""Reading a submitted event: a multipart form (files, pasted texts) or a JSON body.

Every input is accounted for: a file or text that cannot be used (wrong type, too large,
unreadable) is kept as a :class:`Skipped` entry with a message that names it, and the good
ones are analysed. Only when no input at all can be used is the submission refused, with
every reason. HTML pages themselves are Jinja2 templates (``storylens/templates``).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import RawDocument, Skipped
from ..document import from_record, from_text
from ..stages.ingest import SUPPORTED, decode_bytes

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import Request

    from .worker import Limits

FORM_FIELDS = {
    "title": "optional title of the event",
    "files": "files to upload (repeatable): .txt, .md, .html, .jsonl, .json",
    "text": "pasted text of one report (repeatable)",
    "text_title": "optional title of the pasted text at the same position (repeatable)",
}
PASTE_BOXES = 3


def size_text(n: int) -> str:
    """A byte count for people: "830 kB", "2.1 MB"."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(n / 1000))} kB"


@dataclass
class Rejected:
    """An input that could not be used: the status and code it would answer alone, and why."""

    status: int
    code: str
    message: str


@dataclass
class Submission:
    raws: list[RawDocument]
    skipped: list[Skipped]
    title: str | None
    rejected: list[Rejected] = field(default_factory=list)

    def fingerprint(self) -> str:
        """The same documents give the same fingerprint (whatever the event title)."""
        keys = ("text", "html", "title", "url", "outlet", "published")
        data = [[getattr(r, k) for k in keys] for r in self.raws]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()

    def inputs(self) -> dict[str, Any]:
        return {"documents": [asdict(r) for r in self.raws], "skipped": [asdict(s) for s in self.skipped]}


def safe_stem(name: str, default: str) -> str:
    """A document id from an uploaded file name: the base name's stem, safe characters only."""
    stem = PurePosixPath(name.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:60]
    return stem or default


def _suffix(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name.lower()
    return "." + base.rsplit(".", 1)[1] if "." in base else ".txt"


def _short(name: str) -> str:
    name = PurePosixPath(name.replace("\\", "/")).name
    return name if len(name) <= 80 else name[:77] + "…"


def _unique_ids(raws: list[RawDocument]) -> list[RawDocument]:
    """Document ids made unique within one event ("a", "a-2", ...)."""
    seen: set[str] = set()
    out = []
    for r in raws:
        rid, n = r.id, 1
        while rid in seen:
            n += 1
            rid = f"{r.id}-{n}"
        seen.add(rid)
        out.append(r if rid == r.id else RawDocument(**{**asdict(r), "id": rid}))
    return out


async def read_submission(request: "Request", limits: "Limits") -> Submission:
    """The documents of a submitted event, limits enforced per input."""
    from .worker import WebError

    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        sub = await _read_json(request, limits)
    elif ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        sub = await _read_form(request, limits)
    else:
        raise WebError(415, "unsupported_media_type",
                       "send a multipart form (files, text, text_title, title) or a JSON body")
    if len(sub.raws) > limits.max_documents:
        raise WebError(413, "too_many_documents",
                       f"{len(sub.raws)} reports in one event; the limit is {limits.max_documents}: send fewer")
    if not sub.raws:
        if sub.rejected:
            first = sub.rejected[0]
            reasons = "; ".join(r.message for r in sub.rejected[:5])
            more = f" (and {len(sub.rejected) - 5} more)" if len(sub.rejected) > 5 else ""
            raise WebError(first.status, first.code, f"no report could be used: {reasons}{more}")
        raise WebError(400, "no_documents", "no report to analyse: upload files or paste at least one text"
                       + (f" ({len(sub.skipped)} input(s) could not be read: {sub.skipped[0].reason})"
                          if sub.skipped else ""))
    if sub.title is not None and not isinstance(sub.title, str):
        raise WebError(400, "bad_request", "title must be a string")
    sub.title = (sub.title or "").strip()[: limits.max_title_chars] or None
    sub.raws = _unique_ids(sub.raws)
    return sub


def _reject(sub: Submission, input_name: str, status: int, code: str, message: str) -> None:
    """Leave an input out: its message names it; its Skipped entry is listed under its name."""
    sub.rejected.append(Rejected(status, code, message))
    reason = message[len(input_name) + 2:] if message.startswith(input_name + ": ") else message
    sub.skipped.append(Skipped(input=input_name, reason=reason, stage="upload"))


def _too_big(what: str, n: int, limits: "Limits", per: str) -> str:
    return (f"{what} is {size_text(n)}, over the limit of {size_text(limits.max_file_bytes)} per {per}; "
            "split it or shorten it")


async def _read_json(request: "Request", limits: "Limits") -> Submission:
    from .worker import WebError

    try:
        data = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise WebError(400, "bad_json", f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise WebError(400, "bad_request", 'send {"title": ..., "documents": [{"text": ..., "title": ...}, ...]}')
    sub = Submission([], [], data.get("title"))
    if len(data["documents"]) > limits.max_documents:
        raise WebError(413, "too_many_documents", f"{len(data['documents'])} reports in one event; "
                       f"the limit is {limits.max_documents}: send fewer")
    for i, rec in enumerate(data["documents"], 1):
        name = f"document {i}"
        if not isinstance(rec, dict):
            _reject(sub, name, 400, "bad_request", f"{name} is not a JSON object")
            continue
        body = rec.get("text") or rec.get("html") or ""
        if not isinstance(body, str) and not isinstance(body, list):
            _reject(sub, name, 400, "bad_request", f"{name}: text must be a string")
            continue
        size = len(body.encode("utf-8")) if isinstance(body, str) else sum(len(str(x).encode()) for x in body)
        if size > limits.max_file_bytes:
            _reject(sub, name, 413, "file_too_large", _too_big(name, size, limits, "document"))
            continue
        rec = {k: v for k, v in rec.items() if k in ("id", "text", "html", "title", "url", "outlet", "published")}
        rec["id"] = safe_stem(str(rec.get("id") or f"doc{i}"), f"doc{i}")
        try:
            sub.raws.append(from_record(rec, f"doc{i}", name))
        except InputError as exc:
            _reject(sub, name, 400, "bad_document", f"{name}: {exc.reason}")
    return sub


async def _read_form(request: "Request", limits: "Limits") -> Submission:
    from starlette.datastructures import UploadFile

    from .worker import WebError

    try:
        # the parser's own per-part limit is the whole request's: sizes are checked below, per input
        form = await request.form(max_files=limits.max_fields, max_fields=limits.max_fields,
                                  max_part_size=limits.max_request_bytes)
    except Exception as exc:  # the multipart parser's limits and syntax errors
        msg = str(getattr(exc, "detail", exc))
        if "too many" in msg.lower():
            raise WebError(413, "too_many_fields", f"too many files or fields in one form; the limit is "
                           f"{limits.max_fields}: send fewer") from None
        raise WebError(400, "bad_form", f"the form could not be read ({msg}); try again") from None
    title = form.get("title") if isinstance(form.get("title"), str) else None
    sub = Submission([], [], title)
    texts = [t for t in form.getlist("text") if isinstance(t, str)]
    ttitles = [t for t in form.getlist("text_title") if isinstance(t, str)]
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    for n, f in enumerate(files, 1):
        name = _short(f.filename or f"file {n}")
        suffix = _suffix(name)
        if suffix not in SUPPORTED:
            _reject(sub, name, 415, "unsupported_file",
                    f"{name}: unsupported file type ({suffix}); use .txt, .md, .html, .jsonl or .json")
            continue
        data = await f.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            size = f.size if isinstance(f.size, int) and f.size > len(data) else len(data)
            _reject(sub, name, 413, "file_too_large", _too_big(name, size, limits, "file"))
            continue
        try:
            text = decode_bytes(data)
        except InputError as exc:
            _reject(sub, name, 400, "bad_file", f"{name}: {exc.reason}")
            continue
        got = 0
        for item in from_text(text, name, safe_stem(name, f"file{n}"), suffix):
            if isinstance(item, Skipped):
                sub.skipped.append(item)
            else:
                sub.raws.append(item)
                got += 1
        if not got and not any(s.input == name for s in sub.skipped):
            _reject(sub, name, 400, "bad_file", f"{name}: no article found in the file")
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        name = f"pasted text {i + 1}"
        size = len(text.encode("utf-8"))
        if size > limits.max_file_bytes:
            _reject(sub, name, 413, "file_too_large", _too_big(name.capitalize(), size, limits, "text"))
            continue
        t = (ttitles[i].strip() if i < len(ttitles) else "") or None
        sub.raws.append(RawDocument(id=f"text{i + 1}", source=name, text=text,
                                    title=t[: limits.max_title_chars] if t else None))
    return sub
