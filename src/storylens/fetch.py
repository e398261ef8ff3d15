"""Web inputs: pages, feeds and sitemaps, fetched politely.

- Connections come from trafilatura's pool (:func:`trafilatura.downloads.create_pool`), which
  refuses local and private network addresses unless the setting ``private_addresses`` is on;
  pages are decoded with trafilatura's decoder and feed links read with its feed parser.
- Every request sends the ``user_agent`` setting, honours robots.txt (``robots``; a
  ``Crawl-delay`` there lengthens the wait), waits at most ``fetch_timeout`` seconds, and is
  retried ``fetch_retries`` times after a timeout, a lost connection or HTTP 429/5xx, waiting
  ``fetch_backoff`` seconds and twice as long each time (or what ``Retry-After`` asks, capped).
- Two requests to one host are at least ``fetch_delay`` seconds apart; up to
  ``fetch_workers`` requests run at once.
- With a cache folder (``cache_dir``, ``--cache DIR``) every page fetched with HTTP 200 is
  kept there, and a page found there is not fetched again.

Nothing is lost: :meth:`Fetcher.fetch_many` returns one :class:`Fetched` per URL, in order,
with the HTTP status or the error of every failure.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .config import Settings
from .model import RawDocument, Skipped

HTML_TYPES = ("text/html", "application/xhtml+xml")  # media types of HTML pages (web, WARC)

MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is capped
MAX_LINKS = 50_000  # links read from one feed or sitemap
MAX_SITEMAPS = 50  # sitemaps read from one sitemap index (nested indexes included)
RETRY_STATUSES = {429, 500, 502, 503, 504}
FEED_TYPES = ("rss", "atom", "feed+json")
_SITEMAP_ROOT = re.compile(r"<(?:[\w.-]+:)?(urlset|sitemapindex)\b")


def is_url(s: str) -> bool:
    """An http(s) URL (what ``analyze`` and ``corpus`` fetch instead of reading a file)."""
    return bool(re.match(r"^https?://[^/\s]+", s.strip(), re.I))


@dataclass(frozen=True)
class Fetched:
    """The outcome of one fetch: ``data`` on success, otherwise ``error`` (and ``status``)."""

    url: str
    final_url: str | None = None
    status: int | None = None
    data: bytes | None = None
    content_type: str = ""
    error: str | None = None
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.data is not None

    def text(self) -> str:
        """The body decoded: the charset of the Content-Type header, else trafilatura's guess."""
        from trafilatura.utils import decode_file

        data = self.data or b""
        m = re.search(r"charset=[\"']?([\w.:-]+)", self.content_type, re.I)
        if m:
            try:
                return data.decode(m.group(1))
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_file(data)


def _host(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme.lower()}://{p.netloc.lower()}"


class Fetcher:
    """Polite HTTP GETs with robots.txt, retries, per-host spacing and an optional disk cache.

    Thread-safe: :meth:`fetch_many` runs ``fetch_workers`` fetches at once."""

    def __init__(self, settings: Settings, cache_dir: str | Path | None = None):
        import urllib3
        from trafilatura.downloads import create_pool

        self.settings = settings
        cache = cache_dir if cache_dir is not None else settings.cache_dir
        self.cache = Path(cache) if cache else None
        if self.cache is not None:
            self.cache.mkdir(parents=True, exist_ok=True)
        self.pool = create_pool(ssrf_protection=not settings.private_addresses,
                                maxsize=max(1, settings.fetch_workers), block=False)
        self._urllib3 = urllib3
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # host -> earliest time of its next request
        self._delay: dict[str, float] = {}  # host -> spacing (fetch_delay or its Crawl-delay)
        self._robots: dict[str, RobotFileParser | str] = {}  # host -> rules, or why none
        self._host_locks: dict[str, threading.Lock] = {}
        self.requests = 0  # network requests sent (robots.txt included)

    # -- politeness -----------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, 0.0))
            self._next[host] = at + self._delay.get(host, self.settings.fetch_delay)
        if at > now:
            time.sleep(at - now)

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def robots_allow(self, url: str) -> str | None:
        """None when robots.txt lets us fetch ``url``; otherwise why not."""
        if not self.settings.robots:
            return None
        host = _host(url)
        with self._host_lock(host):
            if host not in self._robots:
                self._robots[host] = self._load_robots(host)
        rules = self._robots[host]
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(self.settings.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def _load_robots(self, host: str) -> RobotFileParser | str:
        got = self._get(f"{host}/robots.txt", retries=1)
        rp = RobotFileParser(f"{host}/robots.txt")
        if got.status is not None and 400 <= got.status < 500:
            rp.parse([])  # no robots.txt: everything is allowed
        elif got.ok:
            try:
                rp.parse(got.text().splitlines())
            except Exception:  # an unreadable robots.txt is taken as none
                rp.parse([])
        else:  # RFC 9309: a server error means "assume everything disallowed"
            return f"robots.txt unreachable ({got.error})"
        delay = rp.crawl_delay(self.settings.user_agent)
        if delay:
            with self._lock:
                self._delay[host] = max(self.settings.fetch_delay, float(delay))
        return rp

    # -- cache ------------------------------------------------------------------------------
    def _cache_paths(self, url: str) -> tuple[Path, Path]:
        assert self.cache is not None
        h = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.cache / h[:2]
        return folder / f"{h}.body", folder / f"{h}.json"

    def _from_cache(self, url: str) -> Fetched | None:
        if self.cache is None:
            return None
        body, meta = self._cache_paths(url)
        try:
            m = json.loads(meta.read_text(encoding="utf-8"))
            data = body.read_bytes()
        except (OSError, ValueError):
            return None
        return Fetched(url, m.get("final_url"), m.get("status"), data, m.get("content_type", ""), None, True)

    def _to_cache(self, got: Fetched) -> None:
        if self.cache is None or not got.ok or got.status != 200:
            return
        body, meta = self._cache_paths(got.url)
        body.parent.mkdir(parents=True, exist_ok=True)
        for path, content in ((body, got.data or b""), (meta, json.dumps(
                {"url": got.url, "final_url": got.final_url, "status": got.status,
                 "content_type": got.content_type, "fetched_at": time.time()}).encode("utf-8"))):
            tmp = path.with_name(path.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(content)
            os.replace(tmp, path)

    # -- fetching ---------------------------------------------------------------------------
    def fetch(self, url: str) -> Fetched:
        """One URL: from the cache, or (when robots.txt allows) from the network."""
        cached = self._from_cache(url)
        if cached is not None:
            return cached
        why = self.robots_allow(url)
        if why:
            return Fetched(url, error=why)
        got = self._get(url, self.settings.fetch_retries)
        self._to_cache(got)
        return got

    def fetch_many(self, urls: Iterable[str]) -> list[Fetched]:
        """Every URL fetched (``fetch_workers`` at a time), results in the order given."""
        urls = list(urls)
        if not urls:
            return []
        workers = max(1, min(self.settings.fetch_workers, len(urls)))
        if workers == 1:
            return [self.fetch(u) for u in urls]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storylens-fetch") as ex:
            return list(ex.map(self.fetch, urls))

    def _get(self, url: str, retries: int) -> Fetched:
        u3 = self._urllib3
        host = _host(url)
        wait = self.settings.fetch_backoff
        last = Fetched(url, error="not fetched")
        for attempt in range(retries + 1):
            self._wait_turn(host)
            retry_after = None
            try:
                with self._lock:
                    self.requests += 1
                resp = self.pool.request(
                    "GET", url, headers={"User-Agent": self.settings.user_agent,
                                         "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                                         "Accept-Encoding": "gzip, deflate"},
                    timeout=u3.Timeout(connect=self.settings.fetch_timeout, read=self.settings.fetch_timeout),
                    retries=u3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=MAX_REDIRECTS,
                                     raise_on_redirect=True, raise_on_status=False),
                    preload_content=False, redirect=True)
                try:
                    data = self._read_capped(resp)
                finally:
                    resp.release_conn()
                final = urljoin(url, resp.geturl() or url)
                ctype = resp.headers.get("Content-Type", "") or ""
                if data is None:
                    return Fetched(url, final, resp.status, None, ctype,
                                   f"too large: more than max_file_bytes {self.settings.max_file_bytes}")
                if 200 <= resp.status < 300:
                    return Fetched(url, final, resp.status, data, ctype)
                last = Fetched(url, final, resp.status, None, ctype, f"HTTP {resp.status}"
                               + (f" {resp.reason}" if getattr(resp, "reason", None) else ""))
                if resp.status not in RETRY_STATUSES:
                    return last
                retry_after = _retry_after(resp.headers.get("Retry-After"))
            except u3.exceptions.MaxRetryError as exc:
                reason = exc.reason
                if isinstance(reason, u3.exceptions.ResponseError) or "redirect" in str(reason).lower():
                    return Fetched(url, error=f"too many redirects (more than {MAX_REDIRECTS})")
                last = Fetched(url, error=_describe(reason, self.settings.fetch_timeout))
                if "non-public address" in str(reason):
                    return last
            except (u3.exceptions.TimeoutError, u3.exceptions.ProtocolError, u3.exceptions.NewConnectionError,
                    OSError) as exc:
                last = Fetched(url, error=_describe(exc, self.settings.fetch_timeout))
                if "non-public address" in str(exc):
                    return last
            except u3.exceptions.HTTPError as exc:  # anything else urllib3 raises: not retried
                return Fetched(url, error=f"{type(exc).__name__}: {exc}")
            if attempt < retries:
                time.sleep(min(MAX_RETRY_AFTER, retry_after if retry_after is not None else wait))
                wait *= 2
        if retries and last.error:
            last = Fetched(last.url, last.final_url, last.status, None, last.content_type,
                           f"{last.error} (after {retries + 1} attempts)")
        return last

    def _read_capped(self, resp: object) -> bytes | None:
        cap = self.settings.max_file_bytes
        parts, n = [], 0
        for chunk in resp.stream(1 << 16):  # type: ignore[attr-defined]
            parts.append(chunk)
            n += len(chunk)
            if n > cap:
                return None
        return b"".join(parts)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, min(MAX_RETRY_AFTER, float(value)))
    except ValueError:
        return None


def _describe(exc: BaseException | None, timeout: float) -> str:
    """A failure in a few words: timed out, refused, blocked, name not found, ..."""
    s = str(exc)
    name = type(exc).__name__
    if "non-public address" in s:
        return "non-public address blocked (set private_addresses = true to allow it)"
    if "timed out" in s.lower() or "Timeout" in name:
        return f"timed out after {timeout:g}s"
    if "Name or service not known" in s or "nodename nor servname" in s or "getaddrinfo" in s:
        return "host name not found"
    if "refused" in s.lower():
        return "connection refused"
    return f"connection failed: {name}"


# -- feeds and sitemaps ------------------------------------------------------------------------


def _unique_pages(links: Iterable[str], base: str) -> list[str]:
    """Absolute http(s) links, first occurrence kept, without the site's home page and ``base``."""
    out, seen = [], {base}
    for link in links:
        u = urljoin(base, link.strip()).split("#", 1)[0]
        if not is_url(u) or u in seen or urlsplit(u).path in ("", "/"):
            continue
        seen.add(u)
        out.append(u)
        if len(out) >= MAX_LINKS:
            break
    return out


def is_feed(text: str) -> bool:
    from trafilatura.feeds import is_potential_feed

    head = text.lstrip()[:2000]
    return is_potential_feed(head) and not _SITEMAP_ROOT.search(head)


def is_sitemap(text: str) -> bool:
    return bool(_SITEMAP_ROOT.search(text.lstrip()[:2000]))


def feed_links(text: str, feed_url: str) -> list[str]:
    """Article links of an RSS, Atom or JSON feed (trafilatura's feed reader), in feed order."""
    from trafilatura.feeds import FeedParameters, find_links

    p = urlsplit(feed_url)
    params = FeedParameters(f"{p.scheme}://{p.netloc}", p.netloc, feed_url)
    return _unique_pages(find_links(text.strip(), params), feed_url)


def sitemap_links(text: str, sitemap_url: str) -> tuple[list[str], list[str]]:
    """(pages, nested sitemaps) of an XML sitemap or sitemap index, or a text sitemap."""
    from lxml import etree

    if not is_sitemap(text):  # a text sitemap: one URL a line
        return _unique_pages((ln for ln in text.splitlines() if is_url(ln)), sitemap_url), []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [el.text.strip() for el in root.iter("{*}loc", "loc") if el.text and len(el) == 0]
    if etree.QName(root).localname == "sitemapindex":
        return [], _unique_pages(locs, sitemap_url)
    return _unique_pages(locs, sitemap_url), []


def _xml_text(got: Fetched) -> str:
    data = got.data or b""
    if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return ""
    return Fetched(got.url, data=data, content_type=got.content_type).text()


# -- URLs to raw documents ---------------------------------------------------------------------


def doc_id_from_url(url: str) -> str:
    """A short document id: the last part of the URL's path without its extension, or the host."""
    p = urlsplit(url)
    parts = [x for x in p.path.split("/") if x]
    if parts:
        stem = re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", parts[-1], flags=re.I)
        if stem and stem.lower() not in ("index", "default"):
            return stem
        if len(parts) > 1:
            return parts[-2]
    return p.netloc


def skipped_fetch(got: Fetched, stage: str = "fetch") -> Skipped:
    return Skipped(got.url, got.error or "fetch failed", stage=stage, status=got.status)


def to_raw(got: Fetched, settings: Settings) -> RawDocument | Skipped:
    """A fetched page as a raw document (HTML or plain text), or why it is skipped."""
    if not got.ok:
        return skipped_fetch(got)
    ctype = got.content_type.split(";")[0].strip().lower()
    text = got.text()
    if not text.strip():
        return Skipped(got.url, "empty page", stage="fetch", status=got.status)
    if any(t in ctype for t in FEED_TYPES) or is_feed(text) or is_sitemap(text):
        return Skipped(got.url, "a feed or sitemap, not an article: give it with --feed or --sitemap "
                                "(storylens corpus) or as a feed URL to analyze", stage="fetch", status=got.status)
    url = got.final_url or got.url
    if ctype in HTML_TYPES or not ctype or text.lstrip()[:1] == "<":
        return RawDocument(id=doc_id_from_url(url), source=got.url, html=text, url=url)
    if ctype.startswith("text/"):
        return RawDocument(id=doc_id_from_url(url), source=got.url, text=text, url=url)
    return Skipped(got.url, f"not an HTML page ({ctype})", stage="fetch", status=got.status)


class WebSource:
    """URLs, feeds and sitemaps to raw documents, every failure kept as a :class:`Skipped`."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None = None, limit: int | None = None):
        self.settings = settings
        self.fetcher = fetcher or Fetcher(settings)
        self.limit = limit

    def expand_feed(self, url: str) -> tuple[list[str], list[Skipped]]:
        """The article URLs of a feed (or of a sitemap, when the URL turns out to be one)."""
        got = self.fetcher.fetch(url)
        if not got.ok:
            return [], [skipped_fetch(got)]
        text = _xml_text(got)
        if is_sitemap(text):
            return self._sitemap_pages(url, got)
        links = feed_links(text, got.final_url or url)
        if not links:
            return [], [Skipped(url, "no article links found: not an RSS, Atom or JSON feed?", stage="fetch",
                                status=got.status)]
        return links, []

    def expand_sitemap(self, url: str) -> tuple[list[str], list[Skipped]]:
        """The page URLs of a sitemap (sitemap indexes followed, at most MAX_SITEMAPS)."""
        got = self.fetcher.fetch(url)
        if not got.ok:
            return [], [skipped_fetch(got)]
        return self._sitemap_pages(url, got)

    def _sitemap_pages(self, url: str, got: Fetched) -> tuple[list[str], list[Skipped]]:
        pages: list[str] = []
        skipped: list[Skipped] = []
        todo, seen = [(url, got)], {url}
        while todo and len(seen) <= MAX_SITEMAPS:
            u, g = todo.pop(0)
            if g is None:
                g = self.fetcher.fetch(u)
            if not g.ok:
                skipped.append(skipped_fetch(g))
                continue
            found, nested = sitemap_links(_xml_text(g), g.final_url or u)
            pages.extend(found)
            for n in nested:
                if n not in seen and len(seen) < MAX_SITEMAPS:
                    seen.add(n)
                    todo.append((n, None))  # type: ignore[arg-type]
        if not pages and not skipped:
            skipped.append(Skipped(url, "no page links found: not an XML or text sitemap?", stage="fetch",
                                   status=got.status))
        return list(dict.fromkeys(pages)), skipped

    def documents(self, urls: Iterable[str], expand_feeds: bool = True) -> Iterator[RawDocument | Skipped]:
        """Each URL fetched; with ``expand_feeds`` a feed or sitemap stands for its articles."""
        given = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
        for u in given:
            if not is_url(u):
                yield Skipped(u, "not an http(s) URL", stage="fetch")
        urls = [u for u in given if is_url(u)]
        if self.limit is not None:
            extra, urls = urls[self.limit:], urls[:self.limit]
        else:
            extra = []
        for got in self._fetch_expanding(urls, expand_feeds):
            yield got
        for u in extra:
            yield Skipped(u, f"over the limit of {self.limit} URLs", stage="fetch")

    def _fetch_expanding(self, urls: list[str], expand_feeds: bool) -> Iterator[RawDocument | Skipped]:
        seen = set(urls)
        for u, got in zip(urls, self.fetcher.fetch_many(urls)):
            if expand_feeds and got.ok:
                text = _xml_text(got) if got.data and got.data[:2] == b"\x1f\x8b" else got.text()
                if is_feed(text) or is_sitemap(text):
                    if is_sitemap(text):
                        links, skipped = self._sitemap_pages(u, got)
                    else:
                        links = feed_links(text, got.final_url or u)
                        skipped = [] if links else [Skipped(u, "a feed without article links", stage="fetch",
                                                            status=got.status)]
                    yield from skipped
                    links = [x for x in links if x not in seen]
                    if self.limit is not None and len(links) > self.limit:
                        for x in links[self.limit:]:
                            yield Skipped(x, f"over the limit of {self.limit} URLs (from {u})", stage="fetch")
                        links = links[:self.limit]
                    seen.update(links)
                    for g in self.fetcher.fetch_many(links):
                        yield to_raw(g, self.settings)
                    continue
            yield to_raw(got, self.settings)


def read_url_list(path: str | Path) -> list[str]:
    """URLs of a text file, one a line; blank lines and ``#`` comments are passed over."""
    out = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        s = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if s:
            out.append(s)
    return out
