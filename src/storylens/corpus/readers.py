"""Streaming corpus readers: JSONL (plain or .gz), Parquet, WARC / WARC.gz, and directories.

Every reader yields, in a fixed order, either a :class:`RawDocument` or a :class:`Skipped`
with its reason. Nothing is read whole into memory: JSONL goes line by line, Parquet batch
by batch, WARC record by record. The position of an item in the stream (its sequence number)
is what a checkpoint counts, so the order must be the same on every run over the same inputs.
"""
from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Settings
from ..document import from_record
from ..errors import InputError
from ..model import RawDocument, Skipped
from ..fetch import HTML_TYPES
from ..stages.ingest import (FIELD_ALIASES, RECORD_KEYS, SUPPORTED, decode_bytes, jsonl_record,
                             read_file, walk)

JSONL_NAMES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_NAMES = (".parquet", ".pq")
WARC_NAMES = (".warc", ".warc.gz", ".arc.gz")

Item = RawDocument | Skipped


def kind_of(path: Path) -> str | None:
    """'jsonl', 'parquet', 'warc', 'file' (one article per file) or None (unsupported)."""
    name = path.name.lower()
    if name.endswith(JSONL_NAMES):
        return "jsonl"
    if name.endswith(PARQUET_NAMES):
        return "parquet"
    if name.endswith(WARC_NAMES):
        return "warc"
    if path.suffix.lower() in SUPPORTED:
        return "file"
    return None


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files in the order given; directories walked in sorted order (hidden entries passed over)."""
    for p in paths:
        yield from walk(p)


def read_jsonl(path: Path, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """One article a line; ``.gz`` files are decompressed on the fly. A line longer than
    ``max_bytes`` is skipped (read no further than that)."""
    name = str(path)
    stem = path.name.split(".")[0]
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:  # type: ignore[operator]
            n = 0
            while True:
                b = fh.readline(max_bytes + 1)
                if not b:
                    break
                n += 1
                if len(b) > max_bytes and not b.endswith(b"\n"):
                    while b and not b.endswith(b"\n"):  # pass over the rest of the line
                        b = fh.readline(1 << 20)
                    yield Skipped(name, f"too large: record over {max_bytes} bytes (max_file_bytes)",
                                  line=n, stage="ingest")
                    continue
                item = jsonl_record(_decode_line(b), n, name, stem, _type_reason)
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped(name, f"unreadable: {exc}", stage="ingest")


def _decode_line(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return "\x00"  # not JSON: reported as a malformed line


def _kind_of_value(v: object) -> str:
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


def _type_reason(rec: dict) -> str:
    """Why a record's text fields hold no text, when one is there with another type."""
    for k in FIELD_ALIASES["text"] + FIELD_ALIASES["html"]:
        v = rec.get(k)
        if v is not None and not isinstance(v, str) and not (
                isinstance(v, list) and all(isinstance(x, str) for x in v)):
            return f"wrong type: field {k!r} holds {_kind_of_value(v)}, not a string of text"
    return ""


def _text_type(t: "pa.DataType") -> bool:  # type: ignore[name-defined]  # noqa: F821
    import pyarrow as pa

    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t) and _text_type(t.value_type):
        return True
    return (pa.types.is_list(t) or pa.types.is_large_list(t)) and _text_type(t.value_type)


def read_parquet(path: Path, batch_size: int = 512, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """Rows with a ``text`` or ``html`` column (or another name for them, see
    ``FIELD_ALIASES``) of strings, and optional id, title, url, outlet, published. A row whose
    text is longer than ``max_bytes`` is skipped."""
    import pyarrow.parquet as pq

    name = str(path)
    stem = path.name.split(".")[0]
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a bad file
        yield Skipped(name, f"unreadable Parquet: {exc}", stage="ingest")
        return
    schema = pf.schema_arrow
    cols = [c for c in RECORD_KEYS if c in schema.names]
    text_cols = [c for c in cols if c in FIELD_ALIASES["text"] + FIELD_ALIASES["html"]]
    if not text_cols:
        yield Skipped(name, "Parquet file has no text column (text, html, body, content, ...)", stage="ingest")
        return
    if not any(_text_type(schema.field(c).type) for c in text_cols):
        kinds = ", ".join(f"{c!r} is {schema.field(c).type}" for c in text_cols)
        yield Skipped(name, f"wrong type: the text column must hold strings ({kinds})", stage="ingest")
        return
    n = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=cols):
        for rec in batch.to_pylist():
            n += 1
            size = sum(len(v) for c in text_cols for v in (rec.get(c),) if isinstance(v, str))
            if size > max_bytes:
                yield Skipped(name, f"too large: text over {max_bytes} characters (max_file_bytes)", line=n,
                              stage="ingest")
                continue
            try:
                yield from_record(rec, f"{stem}-{n}", f"{name}:{n}")
            except InputError as exc:
                yield Skipped(name, _type_reason(rec) or exc.reason, line=n, stage="ingest")


def read_warc(path: Path, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """HTML responses of a WARC (or WARC.gz) file; other records are passed over."""
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Skipped(name, f"unreadable: {exc.strerror or exc}", stage="ingest")
        return
    with fh:
        n = 0
        try:
            for rec in ArchiveIterator(fh):
                if rec.rec_type not in ("response", "resource"):
                    continue
                n += 1
                url = rec.rec_headers.get_header("WARC-Target-URI")
                ctype = ""
                if rec.http_headers is not None:
                    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                    status = rec.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        yield Skipped(f"{name}:{n}", f"HTTP status {status} ({url})", line=n, stage="ingest")
                        continue
                else:
                    ctype = (rec.rec_headers.get_header("Content-Type") or "").lower()
                if not any(t in ctype for t in HTML_TYPES):
                    yield Skipped(f"{name}:{n}", f"not HTML ({ctype or 'no content type'}; {url})",
                                  line=n, stage="ingest")
                    continue
                data = rec.content_stream().read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield Skipped(f"{name}:{n}", f"too large: more than {max_bytes} bytes ({url})",
                                  line=n, stage="ingest")
                    continue
                missing = _missing_bytes(rec)
                if missing:
                    yield Skipped(f"{name}:{n}", f"truncated record: {missing} of its "
                                  f"{rec.length} bytes missing ({url})", line=n, stage="ingest")
                    continue
                try:
                    html = decode_bytes(data)
                except InputError as exc:
                    yield Skipped(f"{name}:{n}", f"{exc.reason} ({url})", line=n, stage="ingest")
                    continue
                if not html.strip():
                    yield Skipped(f"{name}:{n}", f"empty response ({url})", line=n, stage="ingest")
                    continue
                rid = rec.rec_headers.get_header("WARC-Record-ID") or f"{path.stem}-{n}"
                rid = rid.strip("<>").removeprefix("urn:uuid:")
                date = rec.rec_headers.get_header("WARC-Date")
                yield RawDocument(id=rid, source=f"{name}:{n}", html=html, url=url,
                                  published=date[:10] if date else None)
        except Exception as exc:  # a truncated or corrupt archive: keep what was read
            yield Skipped(name, f"WARC read stopped: {type(exc).__name__}: {exc}", stage="ingest")


def _missing_bytes(rec) -> int:  # type: ignore[no-untyped-def]
    """How many bytes of a WARC record's stated length (Content-Length) the file lacks: reads
    what is left of the record and counts what its reader still expected (0 when complete)."""
    raw = rec.raw_stream
    while raw.read(1 << 16):
        pass
    left = getattr(raw, "limit", 0)
    return int(left) if isinstance(left, int) and left > 0 else 0


def iter_articles(paths: Iterable[str | Path], settings: Settings) -> Iterator[Item]:
    """Every article of every input, in a fixed order, as RawDocument or Skipped. A file that
    yields nothing at all (empty) gets a Skipped entry of its own."""
    for path in expand_inputs(list(paths)):
        kind = kind_of(path)
        if kind == "jsonl":
            items = read_jsonl(path, settings.max_file_bytes)
        elif kind == "parquet":
            items = read_parquet(path, max_bytes=settings.max_file_bytes)
        elif kind == "warc":
            items = read_warc(path, settings.max_file_bytes)
        elif kind == "file":
            items = read_file(path, settings)
        else:
            yield Skipped(str(path), f"unsupported file type {''.join(path.suffixes) or '(none)'}; "
                                     "use .jsonl[.gz], .parquet, .warc[.gz], .txt, .html or .json",
                          stage="ingest")
            continue
        seen = False
        for item in items:
            seen = True
            yield item
        if not seen:
            yield Skipped(str(path), "empty file: no articles in it", stage="ingest")


def write_warc(path: Path, pages: list[tuple[str, str, str | None]]) -> None:
    """Write (url, html, iso date or None) pages as a WARC (gzipped when the name ends .gz)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, html, date in pages:
            body = html.encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            headers = {"WARC-Date": f"{date}T00:00:00Z"} if date else None
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                            http_headers=http, warc_headers_dict=headers)
            writer.write_record(rec)


# -- stdin and the web: snapshots in the output folder -------------------------------------------
# A corpus run is resumed by position in its input stream, so stdin and fetched pages are first
# written to a JSONL file in the output folder, named after its content (stdin) or its sources
# (the web): rerunning the same command resumes over the same snapshot.


def snapshot_stdin(stream: "io.BufferedIOBase", out: Path) -> Path:
    """Copy JSONL from ``stream`` to ``OUT/inputs/stdin-HASH.jsonl`` and return that path."""
    import hashlib
    import os

    folder = Path(out) / "inputs"
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"stdin.{os.getpid()}.tmp"
    h = hashlib.sha1()
    with open(tmp, "wb") as fh:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            h.update(chunk)
            fh.write(chunk)
    path = folder / f"stdin-{h.hexdigest()[:16]}.jsonl"
    os.replace(tmp, path)
    return path


def snapshot_web(out: Path, settings: Settings, feeds: Iterable[str] = (), sitemaps: Iterable[str] = (),
                 url_files: Iterable[str | Path] = (), fetcher: object | None = None) -> Path:
    """Fetch the articles of feeds, sitemaps and URL lists into ``OUT/inputs/web-HASH.jsonl``
    (one line an article; a failed fetch is a line with ``fetch_error``, read as skipped).
    An existing snapshot of the same sources is reused."""
    import hashlib
    import json
    import os

    from ..fetch import Fetcher, WebSource, read_url_list

    feeds, sitemaps = list(feeds), list(sitemaps)
    url_files = [str(Path(f).resolve()) for f in url_files]
    for f in url_files:
        if not Path(f).is_file():
            raise InputError(f"no such file: {f} (--urls takes a text file of URLs, one a line)")
    key = hashlib.sha1(json.dumps([feeds, sitemaps, url_files]).encode()).hexdigest()[:16]
    folder = Path(out) / "inputs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"web-{key}.jsonl"
    if path.is_file():
        return path
    web = WebSource(settings, fetcher or Fetcher(settings))  # type: ignore[arg-type]
    lines: list[dict] = []

    def add(items: Iterable[RawDocument | Skipped]) -> None:
        for x in items:
            if isinstance(x, Skipped):
                lines.append({"url": x.input, "fetch_error": x.reason, "status": x.status})
            else:
                lines.append({"id": x.id, "url": x.url, "html": x.html, "text": x.text})

    urls: list[str] = []
    for f in feeds:
        links, skipped = web.expand_feed(f)
        add(skipped)
        urls.extend(links)
    for sm in sitemaps:
        links, skipped = web.expand_sitemap(sm)
        add(skipped)
        urls.extend(links)
    for f in url_files:
        urls.extend(read_url_list(f))
    add(web.documents(urls, expand_feeds=False))
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for rec in lines:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path
