"""The local web app: a FastAPI factory over the library and the SQLite store.

Pages (each has a JSON twin with the same data: the same path ending in ``.json``):

    GET  /                 new event: upload files or paste texts      (/index.json)
    GET  /events           analysed events, with full-text search ?q=   (/events.json)
    POST /events           submit an event -> 303 to its page           (/events.json: 202 + JSON)
    GET  /events/{id}      one event's report (or "analysing…")        (/events/{id}.json)
    GET  /events/{id}/report.json | report.md | report.html    downloads
    GET  /health           liveness, queue length                       (/health.json)

Analyses run on worker threads, off the request thread, fed by a bounded queue: a full queue
answers 503 with Retry-After. Submitted inputs are stored before they are queued, so an event
interrupted by a restart is analysed when the app starts again. Errors have one JSON shape,
``{"error": {"status": 413, "code": "too_large", "message": "..."}}``, and an HTML page for
browsers. Request paths only ever reach the store by a validated event id, never the file
system; every piece of article text is escaped; HTML responses carry a Content-Security-Policy
that forbids inline event handlers and remote loads.
"""
from __future__ import annotations

import logging
import queue
import re
import threading
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings, load_settings
from ..model import RawDocument, Report, Skipped
from ..render.html import SCRIPT_HASH, render_html
from ..store.sqlite import Store
from . import pages

log = logging.getLogger("storylens.web")

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
HTML_CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Limits:
    """Size limits of one submission."""

    max_file_bytes: int = 2_000_000  # one uploaded file or pasted text
    max_request_bytes: int = 10_000_000  # the whole request body
    max_documents: int = 50  # documents in one event
    max_title_chars: int = 300
    max_fields: int = 200  # form fields and files in one request


class WebError(Exception):
    """An error answered to the client with a status, a code and a message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


AnalyseFn = Callable[[list[RawDocument], list[Skipped], Settings], Report]


def default_analyse(raws: list[RawDocument], skipped: list[Skipped], settings: Settings) -> Report:
    """Run the library's pipeline over submitted documents."""
    from ..pipeline import analyze_raw

    return analyze_raw(raws, skipped, settings)


class Worker:
    """Worker threads that analyse queued events; at most ``queue_size`` events wait."""

    def __init__(self, store: Store, settings: Settings, analyse: AnalyseFn, threads: int = 1, queue_size: int = 8):
        self.store, self.settings, self.analyse = store, settings, analyse
        self.queue_size = queue_size
        self._q: "queue.Queue[str | None]" = queue.Queue()
        self._waiting = 0
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._loop, name=f"storylens-worker-{i}", daemon=True)
                         for i in range(max(1, threads))]
        self.started = False

    def start(self) -> None:
        """Start the threads and queue the events a previous run left unfinished."""
        if self.started:
            return
        self.started = True
        for eid in self.store.requeue_unfinished():
            with self._lock:
                self._waiting += 1
            self._q.put(eid)
        for t in self._threads:
            t.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the threads to finish (after the event each is working on)."""
        for _ in self._threads:
            self._q.put(None)
        for t in self._threads:
            t.join(timeout)

    def try_reserve(self) -> bool:
        """Take a place in the queue; False when it is full."""
        with self._lock:
            if self._waiting >= self.queue_size:
                return False
            self._waiting += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._waiting -= 1

    def submit(self, event_id: str) -> None:
        """Queue an event whose place was reserved with :meth:`try_reserve`."""
        self._q.put(event_id)

    @property
    def waiting(self) -> int:
        return self._waiting

    def _loop(self) -> None:
        while True:
            eid = self._q.get()
            if eid is None:
                return
            self.release()
            self.run_one(eid)

    def run_one(self, eid: str) -> None:
        """Analyse one stored event and store its report (or its failure)."""
        try:
            self.store.set_status(eid, "running")
            data = self.store.pending_inputs(eid)
            raws = [RawDocument(**r) for r in data.get("documents", [])]
            skipped = [Skipped(**s) for s in data.get("skipped", [])]
            report = self.analyse(raws, skipped, self.settings)
            self.store.complete(eid, report)
        except Exception as exc:  # recorded on the event; the worker goes on
            log.exception("analysis of %s failed", eid)
            try:
                self.store.set_status(eid, "failed", f"{type(exc).__name__}: {exc}")
            except Exception:  # pragma: no cover - the store itself is gone
                log.exception("could not record the failure of %s", eid)


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413 without reading on."""

    def __init__(self, app: Any, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > self.limit:
            await _send_error(scope, send, _too_large(self.limit))
            return
        seen = 0
        started = False

        async def counting_receive() -> dict:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge()
            return msg

        async def tracking_send(msg: dict) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _send_error(scope, send, _too_large(self.limit))


class _BodyTooLarge(Exception):
    pass


def _too_large(limit: int) -> WebError:
    return WebError(413, "too_large", f"the request is larger than {limit:,} bytes; send fewer or smaller files")


async def _send_error(scope: dict, send: Callable, err: WebError) -> None:
    import json

    body = json.dumps(error_body(err)).encode()
    await send({"type": "http.response.start", "status": err.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def error_body(err: WebError) -> dict[str, Any]:
    """The one JSON shape of every error."""
    return {"error": {"status": err.status, "code": err.code, "message": err.message}}


def wants_json(request: Request) -> bool:
    """JSON for ``.json`` paths, ``?format=json`` and clients that accept JSON but not HTML."""
    if request.url.path.endswith(".json") or request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def html_response(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML page with the security headers."""
    h = {"Content-Security-Policy": HTML_CSP, "X-Content-Type-Options": "nosniff",
         "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", **(headers or {})}
    return HTMLResponse(body, status_code=status, headers=h)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"X-Content-Type-Options": "nosniff", **(headers or {})})


def create_app(store: Store | str | Path = ":memory:", settings: Settings | None = None, *,
               limits: Limits | None = None, threads: int = 1, queue_size: int = 8,
               analyse: AnalyseFn | None = None, retry_after: int = 5) -> FastAPI:
    """The web app over ``store`` (a :class:`Store`, a file, or a directory)."""
    st = store if isinstance(store, Store) else Store(store)
    settings = settings or load_settings()
    limits = limits or Limits()
    worker = Worker(st, settings, analyse or default_analyse, threads=threads, queue_size=queue_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker.start()
        yield
        worker.stop()

    app = FastAPI(title="storylens", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store, app.state.worker, app.state.limits = st, worker, limits

    # -- errors: one JSON shape, an HTML page for browsers ---------------------------------
    def respond_error(request: Request, err: WebError) -> Response:
        if wants_json(request):
            return json_response(error_body(err), err.status, err.headers)
        return html_response(pages.error_page(err.status, err.code, err.message), err.status, err.headers)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return respond_error(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        msg = "no such page" if exc.status_code == 404 else str(exc.detail)
        return respond_error(request, WebError(exc.status_code, code, msg))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return respond_error(request, WebError(400, "bad_request", f"{where}: {first.get('msg', 'invalid request')}"))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return respond_error(request, WebError(500, "internal", f"internal error: {type(exc).__name__}"))

    # -- pages ---------------------------------------------------------------------------
    def new_view() -> dict[str, Any]:
        return {"limits": asdict(limits), "fields": pages.FORM_FIELDS,
                "recent": [r.to_dict() for r in st.list_events(limit=5)]}

    @app.get("/", response_model=None)
    async def home(request: Request) -> Response:
        view = new_view()
        return json_response(view) if wants_json(request) else html_response(pages.new_page(view))

    @app.get("/index.json", response_model=None)
    async def home_json() -> Response:
        return json_response(new_view())

    def list_view(q: str, page: int) -> dict[str, Any]:
        per = 20
        page = max(1, page)
        rows = st.list_events(limit=per, offset=(page - 1) * per, query=q or None)
        total = st.count_events(q or None)
        hits = [h.to_dict() for h in st.search(q, limit=20)] if q else []
        return {"query": q, "page": page, "per_page": per, "total": total,
                "events": [r.to_dict() for r in rows], "matches": hits}

    def _int(v: str | None, default: int = 1) -> int:
        try:
            return int(v) if v not in (None, "") else default
        except ValueError:
            raise WebError(400, "bad_request", "page must be a whole number") from None

    @app.get("/events", response_model=None)
    async def events(request: Request) -> Response:
        q = (request.query_params.get("q") or "")[:200]
        view = list_view(q, _int(request.query_params.get("page")))
        return json_response(view) if wants_json(request) else html_response(pages.list_page(view))

    @app.get("/events.json", response_model=None)
    async def events_json(request: Request) -> Response:
        q = (request.query_params.get("q") or "")[:200]
        return json_response(list_view(q, _int(request.query_params.get("page"))))

    async def submit(request: Request, as_json: bool) -> Response:
        raws, skipped, title = await pages.read_submission(request, limits)
        if not worker.try_reserve():
            raise WebError(503, "busy", "the analysis queue is full; try again shortly",
                           {"Retry-After": str(retry_after)})
        try:
            inputs = {"documents": [asdict(r) for r in raws], "skipped": [asdict(s) for s in skipped]}
            eid = st.create_pending(inputs, title=title, source="web")  # type: ignore[arg-type]
        except BaseException:
            worker.release()
            raise
        worker.submit(eid)
        url = f"/events/{eid}"
        if as_json:
            return json_response({"id": eid, "status": "queued", "url": url, "json": f"{url}.json"}, 202,
                                 {"Location": url})
        return RedirectResponse(url, status_code=303)

    @app.post("/events", response_model=None)
    async def post_event(request: Request) -> Response:
        return await submit(request, wants_json(request))

    @app.post("/events.json", response_model=None)
    async def post_event_json(request: Request) -> Response:
        return await submit(request, True)

    def load(eid: str) -> tuple[Any, Report | None]:
        if not ID_RE.match(eid):
            raise WebError(404, "not_found", "no such event")
        got = st.get_event(eid)
        if got is None:
            raise WebError(404, "not_found", f"no event {eid}")
        return got

    def event_view(eid: str) -> dict[str, Any]:
        row, report = load(eid)
        base = f"/events/{eid}"
        return {"event": row.to_dict(), "report": report.to_dict() if report else None,
                "downloads": {f: f"{base}/report.{f}" for f in ("json", "md", "html")} if report else {}}

    @app.get("/events/{eid}.json", response_model=None)
    async def event_json(eid: str) -> Response:
        return json_response(event_view(eid))

    @app.get("/events/{eid}", response_model=None)
    async def event_page(eid: str, request: Request) -> Response:
        if wants_json(request):
            return json_response(event_view(eid))
        row, report = load(eid)
        if report is None:
            return html_response(pages.pending_page(row.to_dict()))
        base = f"/events/{eid}"
        links = [("all events", "/events"), ("new event", "/"), ("JSON", f"{base}/report.json"),
                 ("Markdown", f"{base}/report.md"), ("HTML file", f"{base}/report.html")]
        return html_response(render_html(report, links=links, title=row.title or None))

    @app.get("/events/{eid}/report.{fmt}", response_model=None)
    async def download(eid: str, fmt: str) -> Response:
        if fmt not in ("json", "md", "html"):
            raise WebError(404, "not_found", "downloads are report.json, report.md and report.html")
        row, report = load(eid)
        if report is None:
            raise WebError(409, "not_ready", f"event {eid} is {row.status}; its report is not ready")
        from ..render import render

        text = render(report, fmt)
        media = {"json": "application/json", "md": "text/markdown; charset=utf-8",
                 "html": "text/html; charset=utf-8"}[fmt]
        headers = {"Content-Disposition": f'attachment; filename="storylens-{eid}.{fmt}"',
                   "X-Content-Type-Options": "nosniff"}
        if fmt == "html":
            headers["Content-Security-Policy"] = HTML_CSP
        return PlainTextResponse(text, media_type=media, headers=headers)

    def health_view() -> dict[str, Any]:
        ok = st.healthy()
        return {"status": "ok" if ok else "error", "store": ok, "queue": worker.waiting,
                "queue_size": worker.queue_size, "events": st.count_events() if ok else None}

    @app.get("/health", response_model=None)
    async def health(request: Request) -> Response:
        view = health_view()
        status = 200 if view["store"] else 503
        return json_response(view, status) if wants_json(request) else html_response(pages.health_page(view), status)

    @app.get("/health.json", response_model=None)
    async def health_json() -> Response:
        view = health_view()
        return json_response(view, 200 if view["store"] else 503)

    app.add_middleware(BodyLimit, limit=limits.max_request_bytes)
    return app


def serve(store: str | Path = ".", host: str = "127.0.0.1", port: int = 8000, threads: int = 1,
          queue_size: int = 8, settings: Settings | None = None) -> None:
    """Run the app with uvicorn until interrupted (binds to 127.0.0.1 unless told otherwise)."""
    import uvicorn

    app = create_app(store, settings, threads=threads, queue_size=queue_size)
    uvicorn.run(app, host=host, port=port, log_level="info", lifespan="on")
