"""Inputs -> raw documents: files, directories, JSONL, stdin, and web pages.

Every input ends up either as a :class:`RawDocument` or as a :class:`Skipped` entry with its
reason (and line, for JSONL; HTTP status, for a failed fetch): empty, binary, undecodable, too
large, malformed, unsupported, not fetched.

An http(s) URL is fetched (see :mod:`storylens.fetch`); ``@FILE`` stands for the URLs listed in
FILE, one a line; a feed or sitemap (a URL, or a local .xml/.rss/.atom file) stands for the
articles it links to.
"""
from __future__ import annotations

import codecs
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from ..config import Settings
from ..errors import InputError, InputNotFound
from ..model import RawDocument, Skipped
from ..pipeline.registry import stage

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
FEED_SUFFIXES = {".xml", ".rss", ".atom"}  # feeds and sitemaps: their links are fetched
FIELDS = ("id", "text", "html", "title", "url", "outlet", "published", "language")
# Other names the same fields go by in common news datasets and crawler outputs (news-please,
# CC-News, NewsAPI, RSS, trafilatura's JSON): the first one present with a value is used.
# A URL under an outlet name (trafilatura's "source") is read as the url instead.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "article_id", "doc_id", "docid", "uuid", "guid"),
    "text": ("text", "body", "maintext", "content", "article", "full_text", "story", "body_text"),
    "html": ("html", "raw_html", "content_html", "body_html"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "source_url", "canonical_url", "source"),
    "outlet": ("outlet", "source-hostname", "source_name", "publisher", "site_name", "sitename", "source_domain",
               "domain", "source", "site"),
    "published": ("published", "date", "date_publish", "published_at", "publishedAt", "publish_date",
                  "pubDate", "pub_date", "datePublished", "date_published", "datetime", "timestamp", "time"),
    "language": ("language", "lang", "inLanguage"),
}
RECORD_KEYS = tuple(dict.fromkeys(k for names in FIELD_ALIASES.values() for k in names))

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Ingested:
    documents: list[RawDocument] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def decode_bytes(data: bytes) -> str:
    """Bytes to text: BOM first, then strict UTF-8, then a detected legacy encoding.

    Raises :class:`InputError` for binary or undecodable data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable: bad {enc} after its byte-order mark ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is None or best.encoding is None:
            raise InputError("undecodable: not UTF-8 and no other text encoding fits") from None
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            raise InputError(f"undecodable: not valid {best.encoding}") from None
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f\v")
    if text and controls / min(len(text), 20000) > 0.05:
        raise InputError("binary file (mostly control characters)")
    return text


def _field(rec: dict, name: str) -> object:
    """The value of field ``name`` under its own name or one of its aliases (see FIELD_ALIASES)."""
    for k in FIELD_ALIASES[name]:
        v = rec.get(k)
        if isinstance(v, dict) and name in ("outlet", "published"):  # NewsAPI: {"source": {"name": ...}}
            v = v.get("name") or v.get("$date")
        if isinstance(v, str) and (name == "outlet") == _looks_like_url(v) and k == "source":
            continue  # "source" is a URL for the url field, a name for the outlet
        if v not in (None, "", [], {}):
            return v
    return None


def _looks_like_url(v: str) -> bool:
    return bool(re.match(r"^\s*(?:https?:)?//", v, re.I))


def _as_date(v: object) -> str | None:
    """A publication date as text; Unix timestamps (seconds or milliseconds) become ISO UTC."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)) or (isinstance(v, str) and v.strip().isdigit() and len(v.strip()) >= 9):
        from datetime import datetime, timezone

        x = float(v)
        if x > 1e11:  # milliseconds
            x /= 1000
        try:
            return datetime.fromtimestamp(x, tz=timezone.utc).isoformat(timespec="seconds")
        except (OverflowError, OSError, ValueError):
            return None
    if hasattr(v, "isoformat"):  # a datetime or date (Parquet timestamp columns)
        return v.isoformat()  # type: ignore[union-attr]
    return str(v)


def from_record(rec: dict, default_id: str, source: str) -> RawDocument:
    """One article record (a dict with ``text`` or ``html`` and optional metadata fields) as a
    raw document; raises :class:`InputError` when it holds no text."""
    if isinstance(rec.get("fetch_error"), str):  # a web page that could not be fetched (corpus snapshots)
        raise InputError(f"{rec.get('url') or 'page'}: {rec['fetch_error']}")
    text, html = _field(rec, "text"), _field(rec, "html")
    if isinstance(text, list) and all(isinstance(x, str) for x in text):  # paragraphs as a list
        text = "\n\n".join(text)
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError("no text: none of the fields " + ", ".join(FIELD_ALIASES["text"] + FIELD_ALIASES["html"])
                         + " holds a string")
    if not ((text if isinstance(text, str) else "").strip() or (html if isinstance(html, str) else "").strip()):
        raise InputError("empty article: its text is blank")

    def opt(k: str) -> str | None:
        v = _field(rec, k)
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            return None
        return str(v).strip() or None

    rid = opt("id") or default_id
    lang = opt("language")
    return RawDocument(id=rid, source=source, text=text if isinstance(text, str) else None,
                       html=html if isinstance(html, str) else None, title=opt("title"),
                       url=opt("url"), outlet=opt("outlet"), published=_as_date(_field(rec, "published")),
                       language=lang.split("-")[0].split("_")[0].lower() if lang else None)


def jsonl_record(line: str, n: int, name: str, stem: str,
                 why: Callable[[dict], str] | None = None) -> RawDocument | Skipped | None:
    """Line ``n`` of a JSONL input: its article, a Skipped with the reason (``why(record)``
    when it has one to give), or None for a blank line."""
    if not line.strip():
        return None
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(name, f"malformed JSON: {exc.msg}", line=n, stage="ingest")
    if not isinstance(rec, dict):
        return Skipped(name, "not a JSON object", line=n, stage="ingest")
    try:
        return from_record(rec, f"{stem}-{n}", f"{name}:{n}")
    except InputError as exc:
        return Skipped(name, (why(rec) if why else "") or exc.reason, line=n, stage="ingest")


def iter_jsonl(lines: Iterable[str], name: str, stem: str) -> Iterator[RawDocument | Skipped]:
    """One article per line; blank lines are passed over; bad lines become Skipped."""
    for n, line in enumerate(lines, 1):
        item = jsonl_record(line, n, name, stem)
        if item is not None:
            yield item


def from_text(data: str, name: str, stem: str, suffix: str) -> Iterator[RawDocument | Skipped]:
    """The articles in the contents of a file called ``name`` (read by its ``suffix``: JSONL,
    JSON, HTML or plain text); what cannot be read becomes a Skipped."""
    if suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(data.splitlines(), name, stem)
        return
    if suffix in JSON_SUFFIXES:
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as exc:
            yield Skipped(name, f"malformed JSON: {exc.msg} (line {exc.lineno})", line=exc.lineno, stage="ingest")
            return
        recs = obj.get("articles", [obj]) if isinstance(obj, dict) else obj
        if not isinstance(recs, list):
            yield Skipped(name, "JSON is neither an article, a list of articles nor {'articles': [...]}",
                          stage="ingest")
            return
        for i, rec in enumerate(recs, 1):
            if not isinstance(rec, dict):
                yield Skipped(name, f"item {i} is not a JSON object", line=i, stage="ingest")
                continue
            try:
                yield from_record(rec, stem if len(recs) == 1 else f"{stem}-{i}", name)
            except InputError as exc:
                yield Skipped(name, exc.reason, line=i, stage="ingest")
        return
    if not data.strip():
        yield Skipped(name, "empty file", stage="ingest")
        return
    if suffix in HTML_SUFFIXES:
        yield RawDocument(id=stem, source=name, html=data)
    else:
        yield RawDocument(id=stem, source=name, text=data)


def read_file(path: Path, settings: Settings) -> Iterator[RawDocument | Skipped]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield Skipped(name, f"unsupported file type {suffix or '(none)'}; "
                            f"use {', '.join(sorted(SUPPORTED))}", stage="ingest")
        return
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            yield Skipped(name, f"too large: {size} bytes > max_file_bytes {settings.max_file_bytes}",
                          stage="ingest")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(name, f"unreadable: {exc.strerror or exc}", stage="ingest")
        return
    text = _decoded(data, name, "empty file")
    if isinstance(text, Skipped):
        yield text
        return
    yield from from_text(text, name, path.stem, suffix)


def _decoded(data: bytes, name: str, empty_reason: str) -> str | Skipped:
    """The text of an input's bytes, or the Skipped entry that says why there is none."""
    if not data.strip():
        return Skipped(name, empty_reason, stage="ingest")
    try:
        return decode_bytes(data)
    except InputError as exc:
        return Skipped(name, exc.reason, stage="ingest")


def read_stream(stream: BinaryIO, settings: Settings, name: str = "stdin") -> Iterator[RawDocument | Skipped]:
    """stdin: JSONL when every non-blank line is a JSON object, HTML when it starts with '<'."""
    data = stream.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        yield Skipped(name, f"too large: more than max_file_bytes {settings.max_file_bytes}", stage="ingest")
        return
    text = _decoded(data, name, "empty input")
    if isinstance(text, Skipped):
        yield text
        return
    head = text.lstrip()[:1]
    suffix = ".txt"
    if head == "{":
        suffix = ".jsonl"
    elif head == "<":
        suffix = ".html"
    yield from from_text(text, name, name, suffix)


def expand(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Paths to files (directories walked in sorted order, hidden entries passed over); "-",
    URLs and ``@FILE`` pass through as they are.

    Raises :class:`InputNotFound` for a path that does not exist."""
    for p in paths:
        if str(p) == "-" or _is_web(str(p)):
            yield str(p)
            continue
        yield from walk(p)


def _is_web(s: str) -> bool:
    from ..fetch import is_url

    return is_url(s) or (s.startswith("@") and len(s) > 1)


def walk(p: str | Path) -> Iterator[Path]:
    """One path to files: itself, or a directory's files in sorted order without hidden entries.

    Raises :class:`InputNotFound` for a path that does not exist."""
    path = Path(p)
    if not path.exists():
        raise InputNotFound(str(p))
    if not path.is_dir():
        yield path
        return
    for f in sorted(path.rglob("*")):
        rel = f.relative_to(path)
        if f.is_file() and not any(part.startswith(".") for part in rel.parts):
            yield f


def no_supported_files(folder: str | Path, suffixes: Iterable[str] = ()) -> Skipped:
    """The entry for a folder holding nothing to read."""
    kinds = ", ".join(sorted(set(suffixes) or SUPPORTED | FEED_SUFFIXES))
    return Skipped(str(folder), f"no supported files (looked for {kinds})", stage="ingest")


def _feed_file(path: Path, settings: Settings) -> tuple[list[str], list[Skipped]]:
    """The URLs a local feed or sitemap file links to."""
    from ..fetch import feed_links, is_feed, is_sitemap, sitemap_links

    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Skipped(name, f"unreadable: {exc.strerror or exc}", stage="ingest")]
    text = _decoded(data, name, "empty file")
    if isinstance(text, Skipped):
        return [], [text]
    if is_sitemap(text):
        pages, nested = sitemap_links(text, "")
        urls = pages + nested  # a nested sitemap is read when fetched
    elif is_feed(text):
        urls = feed_links(text, "")
    else:
        return [], [Skipped(name, "not a feed or sitemap (RSS, Atom or sitemap XML)", stage="ingest")]
    if not urls:
        return [], [Skipped(name, "a feed or sitemap without http(s) links", stage="ingest")]
    return urls, []


@stage("ingest", requires=("inputs",), provides=("raw",), kind="source")
def ingest(paths: Iterable[str | Path], settings: Settings, stdin: BinaryIO | None = None,
           fetcher: object | None = None) -> Ingested:
    """Every input read, fetched or skipped; documents in the order the inputs were given."""
    out = Ingested()
    slots: list[list[RawDocument | Skipped] | list[str]] = []  # read items, or URLs to fetch
    for p in list(paths):
        s = str(p)
        if s != "-" and not _is_web(s) and Path(s).is_dir() and not any(
                f.suffix.lower() in SUPPORTED | FEED_SUFFIXES for f in walk(s)):
            slots.append([no_supported_files(s)])
        for item in expand([p]):
            if item == "-":
                slots.append(list(read_stream(stdin or sys.stdin.buffer, settings)))
            elif isinstance(item, str) and item.startswith("@"):
                from ..fetch import read_url_list

                listed = Path(item[1:])
                if not listed.is_file():
                    raise InputNotFound(str(listed))
                slots.append(read_url_list(listed))
            elif isinstance(item, str):
                slots.append([item])
            elif item.suffix.lower() in FEED_SUFFIXES:
                urls, skipped = _feed_file(item, settings)
                slots.append(list(skipped))
                slots.append(urls)
            else:
                slots.append(list(read_file(item, settings)))
    urls = [u for slot in slots for u in slot if isinstance(u, str)]
    fetched: dict[str, list[RawDocument | Skipped]] = {}
    if urls:
        from ..fetch import Fetcher, WebSource

        web = WebSource(settings, fetcher or Fetcher(settings), limit=settings.max_documents)  # type: ignore[arg-type]
        for x in web.documents(urls):
            fetched.setdefault(x.input if isinstance(x, Skipped) else x.source, []).append(x)
    done: set[str] = set()
    for slot in slots:
        for x in slot:
            if isinstance(x, str):
                if x in done:
                    continue
                done.add(x)
                items = fetched.pop(x, [])
            else:
                items = [x]
            for y in items:
                (out.skipped if isinstance(y, Skipped) else out.documents).append(y)
    for rest in fetched.values():  # the articles of feeds and sitemaps
        for y in rest:
            (out.skipped if isinstance(y, Skipped) else out.documents).append(y)
    return out
