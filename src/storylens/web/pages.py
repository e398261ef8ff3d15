"""HTML pages of the web app (pure functions of view data) and reading a submission.

Every value that reaches a page is escaped; pages use no script and no inline event handler.
"""
from __future__ import annotations

import json
import re
import time
from html import escape
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import RawDocument, Skipped
from ..stages.ingest import SUPPORTED, _from_text, decode_bytes

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import Request

    from .app import Limits

FORM_FIELDS = {
    "title": "optional title of the event",
    "files": "files to upload (repeatable): .txt, .md, .html, .jsonl, .json",
    "text": "pasted text of one report (repeatable)",
    "text_title": "optional title of the pasted text at the same position (repeatable)",
}
PASTE_BOXES = 3

CSS = """
:root{--ink:#1d232b;--muted:#5d6b7a;--line:#dfe4ea;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
header{background:#1f2a37;color:#fff;padding:16px 28px;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
header .brand{font-weight:700;font-size:1.2rem;color:#fff;text-decoration:none}
header nav a{color:#c9d3de;margin-right:16px;text-decoration:none}
header nav a:hover{color:#fff}
main{max-width:1000px;margin:0 auto;padding:20px 24px 60px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:16px 0}
h1{font-size:1.4rem;margin:4px 0 12px} h2{font-size:1.1rem;margin:0 0 10px}
label{display:block;font-weight:600;font-size:.9rem;margin:12px 0 4px}
input[type=text],input[type=search],textarea{width:100%;font:inherit;padding:8px 10px;border:1px solid #c5ced8;border-radius:6px;background:#fff}
textarea{min-height:110px;font-family:Georgia,serif}
.paste{border-top:1px dashed var(--line);padding-top:6px;margin-top:10px}
button{font:inherit;font-weight:600;background:#2f5f9e;color:#fff;border:0;border-radius:6px;padding:9px 18px;margin-top:14px;cursor:pointer}
button:hover{background:#244c80}
.hint{color:var(--muted);font-size:.86rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:8px;text-align:left;vertical-align:top}
th{font-size:.82rem;color:#3b4754;background:#fafbfc}
.st{display:inline-block;font-size:.72rem;font-weight:600;text-transform:uppercase;border-radius:999px;padding:1px 8px}
.st-done{background:#e4f3ea;color:#2e7d4f}.st-queued,.st-running{background:#fff3d6;color:#8a5a00}.st-failed{background:#fbe6df;color:#b3401f}
.err{border-left:4px solid #b3401f}
.kw{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.86em;overflow-wrap:anywhere}
form.search{display:flex;gap:8px;align-items:center}
form.search button{margin-top:0}
.snip{color:var(--muted);font-size:.86rem;overflow-wrap:anywhere}
"""


def _e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def layout(title: str, body: str, refresh: int | None = None) -> str:
    """A page of the app with its header and navigation."""
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh else ""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"{meta}<title>{_e(title)} · storylens</title><style>{CSS}</style></head><body>"
            '<header><a class="brand" href="/">storylens</a><nav><a href="/">New event</a>'
            '<a href="/events">Events</a></nav></header>'
            f"<main>{body}</main></body></html>\n")


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else ""


def _rows(events: list[dict[str, Any]]) -> str:
    if not events:
        return '<p class="hint">No events yet.</p>'
    rows = "".join(
        f'<tr><td><a href="/events/{_e(r["id"])}">{_e(r.get("title") or r["id"])}</a>'
        f'{"<div class=snip>" + _e(r["headline"]) + "</div>" if r.get("headline") else ""}</td>'
        f'<td><span class="st st-{_e(r["status"])}">{_e(r["status"])}</span></td>'
        f'<td>{_e(r.get("n_documents"))}</td><td class="hint">{_e(_when(r.get("created_at")))}</td></tr>'
        for r in events)
    return f"<table><thead><tr><th>Event</th><th>Status</th><th>Reports</th><th>Added</th></tr></thead><tbody>{rows}</tbody></table>"


def new_page(view: dict[str, Any]) -> str:
    """The new-event form, with the most recent events below it."""
    lim = view["limits"]
    boxes = "".join(
        f'<div class="paste"><label for="tt{i}">Title of text {i + 1} (optional)</label>'
        f'<input type="text" id="tt{i}" name="text_title" maxlength="{lim["max_title_chars"]}">'
        f'<label for="tx{i}">Text {i + 1}</label><textarea id="tx{i}" name="text"></textarea></div>'
        for i in range(PASTE_BOXES))
    body = (
        '<h1>New event</h1><div class="card"><form method="post" action="/events" enctype="multipart/form-data">'
        f'<label for="title">Event title (optional)</label><input type="text" id="title" name="title" '
        f'maxlength="{lim["max_title_chars"]}">'
        '<label for="files">Upload reports</label><input type="file" id="files" name="files" multiple '
        'accept=".txt,.md,.html,.htm,.jsonl,.ndjson,.json">'
        f'<p class="hint">Plain text, HTML pages, JSONL or JSON articles. Up to {lim["max_documents"]} reports, '
        f'{lim["max_file_bytes"] // 1000:,} kB per file, {lim["max_request_bytes"] // 1_000_000} MB in all.</p>'
        f'<h2 style="margin-top:18px">…or paste texts</h2>{boxes}'
        '<button type="submit">Analyse</button></form></div>'
        f'<div class="card"><h2>Recent events</h2>{_rows(view["recent"])}<p><a href="/events">All events</a></p></div>')
    return layout("New event", body)


def list_page(view: dict[str, Any]) -> str:
    """Analysed events with a search box; matching passages under the list when searching."""
    q = view["query"]
    head = (f'<h1>Events</h1><div class="card"><form class="search" method="get" action="/events">'
            f'<input type="search" name="q" value="{_e(q)}" placeholder="Search the reports\' texts" '
            'aria-label="search"><button type="submit">Search</button></form>'
            f'<p class="hint">{view["total"]} event{"s" if view["total"] != 1 else ""}'
            f'{" matching " + chr(8220) + _e(q) + chr(8221) if q else ""}</p>{_rows(view["events"])}')
    pager = []
    if view["page"] > 1:
        pager.append(f'<a href="/events?q={_e(_url(q))}&amp;page={view["page"] - 1}">← newer</a>')
    if view["page"] * view["per_page"] < view["total"]:
        pager.append(f'<a href="/events?q={_e(_url(q))}&amp;page={view["page"] + 1}">older →</a>')
    matches = ""
    if view["matches"]:
        items = "".join(f'<li><a href="/events/{_e(m["event_id"])}">{_e(m.get("title") or m["doc_id"])}</a>'
                        f'<div class="snip">{_e(m["snippet"])}</div></li>' for m in view["matches"])
        matches = f'<div class="card"><h2>Matching passages</h2><ul>{items}</ul></div>'
    return layout("Events", head + " · ".join(pager) + "</div>" + matches)


def _url(q: str) -> str:
    from urllib.parse import quote

    return quote(q, safe="")


def pending_page(row: dict[str, Any]) -> str:
    """An event still being analysed (refreshes itself), or one that failed."""
    if row["status"] == "failed":
        body = (f'<h1>{_e(row.get("title") or row["id"])}</h1><div class="card err"><h2>The analysis failed</h2>'
                f'<p class="kw">{_e(row.get("error"))}</p><p><a href="/">Try again</a></p></div>')
        return layout("Analysis failed", body)
    body = (f'<h1>{_e(row.get("title") or "New event")}</h1><div class="card"><h2>Analysing '
            f'{_e(row.get("n_documents"))} reports…</h2><p>Status: <span class="st st-{_e(row["status"])}">'
            f'{_e(row["status"])}</span>. This page reloads by itself.</p></div>')
    return layout("Analysing", body, refresh=2)


def error_page(status: int, code: str, message: str) -> str:
    body = (f'<h1>Error {status}</h1><div class="card err"><p>{_e(message)}</p>'
            f'<p class="hint kw">{_e(code)}</p><p><a href="/">New event</a> · <a href="/events">Events</a></p></div>')
    return layout(f"Error {status}", body)


def health_page(view: dict[str, Any]) -> str:
    return layout("Health", f'<h1>Health</h1><div class="card"><pre class="kw">{_e(json.dumps(view, indent=1))}</pre></div>')


# -- reading a submission ----------------------------------------------------------------------
def safe_stem(name: str, default: str) -> str:
    """A document id from an uploaded file name: the base name's stem, safe characters only."""
    stem = PurePosixPath(name.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:60]
    return stem or default


def _suffix(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name.lower()
    return "." + base.rsplit(".", 1)[1] if "." in base else ".txt"


async def read_submission(request: "Request", limits: "Limits") -> tuple[list[RawDocument], list[Skipped], str | None]:
    """Documents of a submitted event from a multipart form or a JSON body, limits enforced."""
    from starlette.datastructures import UploadFile

    from .app import WebError

    ctype = request.headers.get("content-type", "")
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    if ctype.startswith("application/json"):
        try:
            data = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise WebError(400, "bad_json", f"the body is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
            raise WebError(400, "bad_request", 'send {"title": ..., "documents": [{"text": ..., "title": ...}, ...]}')
        title = data.get("title")
        _check_count(len(data["documents"]), limits)
        for i, rec in enumerate(data["documents"], 1):
            if not isinstance(rec, dict):
                raise WebError(400, "bad_request", f"document {i} is not a JSON object")
            _check_size(rec.get("text") or rec.get("html") or "", f"document {i}", limits)
            rec = {k: v for k, v in rec.items() if k in ("id", "text", "html", "title", "url", "outlet", "published")}
            rec["id"] = safe_stem(str(rec.get("id") or f"doc{i}"), f"doc{i}")
            from ..stages.ingest import _raw_from_record

            try:
                raws.append(_raw_from_record(rec, f"doc{i}", f"document {i}"))
            except InputError as exc:
                raise WebError(400, "bad_document", f"document {i}: {exc.reason}") from None
    elif ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        try:
            form = await request.form(max_files=limits.max_fields, max_fields=limits.max_fields,
                                      max_part_size=limits.max_file_bytes)
        except Exception as exc:  # the multipart parser's limits and syntax errors
            msg = str(getattr(exc, "detail", exc))
            status = 413 if "size" in msg.lower() or "too" in msg.lower() else 400
            raise WebError(status, "too_large" if status == 413 else "bad_form", f"cannot read the form: {msg}") from None
        title = form.get("title") if isinstance(form.get("title"), str) else None
        texts = [t for t in form.getlist("text") if isinstance(t, str)]
        ttitles = [t for t in form.getlist("text_title") if isinstance(t, str)]
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
        for n, f in enumerate(files, 1):
            name = f.filename or f"file{n}"
            suffix = _suffix(name)
            if suffix not in SUPPORTED:
                raise WebError(415, "unsupported_file",
                               f"{_short(name)}: unsupported file type; use .txt, .md, .html, .jsonl or .json")
            data = await f.read(limits.max_file_bytes + 1)
            if len(data) > limits.max_file_bytes:
                raise WebError(413, "file_too_large",
                               f"{_short(name)} is larger than {limits.max_file_bytes:,} bytes")
            try:
                text = decode_bytes(data)
            except InputError as exc:
                raise WebError(400, "bad_file", f"{_short(name)}: {exc.reason}") from None
            for item in _from_text(text, _short(name), safe_stem(name, f"file{n}"), suffix):
                if isinstance(item, Skipped):
                    skipped.append(item)
                else:
                    raws.append(item)
            _check_count(len(raws), limits)
        for i, text in enumerate(texts):
            if not text.strip():
                continue
            _check_size(text, f"pasted text {i + 1}", limits)
            t = (ttitles[i].strip() if i < len(ttitles) else "") or None
            raws.append(RawDocument(id=f"text{i + 1}", source=f"pasted text {i + 1}", text=text,
                                    title=t[: limits.max_title_chars] if t else None))
    else:
        raise WebError(415, "unsupported_media_type",
                       "send a multipart form (files, text, text_title, title) or a JSON body")
    _check_count(len(raws), limits)
    if not raws:
        raise WebError(400, "no_documents", "no report to analyse: upload files or paste at least one text"
                       + (f" ({len(skipped)} input(s) could not be read: {skipped[0].reason})" if skipped else ""))
    if title is not None and not isinstance(title, str):
        raise WebError(400, "bad_request", "title must be a string")
    title = (title or "").strip()[: limits.max_title_chars] or None
    return raws, skipped, title


def _short(name: str) -> str:
    name = PurePosixPath(name.replace("\\", "/")).name
    return name if len(name) <= 80 else name[:77] + "…"


def _check_count(n: int, limits: "Limits") -> None:
    from .app import WebError

    if n > limits.max_documents:
        raise WebError(413, "too_many_documents", f"more than {limits.max_documents} reports in one event; send fewer")


def _check_size(text: str, what: str, limits: "Limits") -> None:
    from .app import WebError

    if not isinstance(text, str):
        raise WebError(400, "bad_request", f"{what}: text must be a string")
    if len(text.encode("utf-8")) > limits.max_file_bytes:
        raise WebError(413, "file_too_large", f"{what} is larger than {limits.max_file_bytes:,} bytes")
