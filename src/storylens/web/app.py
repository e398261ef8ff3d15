"""The local web app: a FastAPI factory over the library and the SQLite store.

Resources (each has a JSON twin with the same data: the same path ending in ``.json``):

    GET  /                 new event: upload files or paste texts      (/index.json)
    GET  /events           analysed events, with full-text search ?q=   (/events.json)
    POST /events           submit an event -> 303 to its page           (/events.json: 202 + JSON)
    GET  /events/{id}      one event's report (or "analysing…")        (/events/{id}.json)
    GET  /events/{id}/report.json | report.md | report.html    downloads
    POST /events/{id}/analyse   analyse a corpus event stored without it (/events/{id}/analyse.json: 202)
    GET  /health           liveness, queue length                       (/health.json)

Views (:mod:`storylens.web.views`) are plain functions that return a context dict; one
function, :func:`render`, turns a context into JSON or into its Jinja2 template (autoescaped,
``storylens/templates/web``). A submission keeps its good inputs and lists the ones it could
not use, each by name; the same documents submitted again lead to the event they made.

Analyses run on worker threads, off the request thread, fed by a bounded queue: a full queue
answers 503 with Retry-After. Submitted inputs are stored before they are queued, so an event
interrupted by a restart is analysed when the app starts again. Errors have one JSON shape,
``{"error": {"status": 413, "code": "too_large", "message": "..."}}``, and an HTML page for
browsers. Request paths only ever reach the store by a validated event id, never the file
system; all text reaches pages through autoescaping; HTML responses carry a
Content-Security-Policy that forbids inline event handlers and remote loads.
"""
from __future__ import annotations

import logging
import re
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings, load_settings
from ..model import Report
from ..render.html import SCRIPT_HASH
from ..store.sqlite import Store
from ..templating import render_template, static_text
from . import pages, views
from .worker import AnalyseFn, Limits, WebError, Worker, default_analyse  # noqa: F401  (re-exported)

log = logging.getLogger("storylens.web")

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
APP_CSS = static_text("app.css")
HTML_CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


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
            await _send_error(scope, send, _too_large(self.limit, declared))
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


def _too_large(limit: int, size: int | None = None) -> WebError:
    what = f"the upload is {pages.size_text(size)} in all" if size else "the upload is too large"
    return WebError(413, "too_large", f"{what}; the limit is {pages.size_text(limit)} per submission: "
                    "send fewer or smaller files")


async def _send_error(scope: dict, send: Callable, err: WebError) -> None:
    import json

    headers = dict(scope.get("headers") or [])
    path = scope.get("path", "")
    accept = headers.get(b"accept", b"").decode("latin-1")
    if "text/html" in accept and not path.endswith(".json"):
        body = render_template("web/error.html", css=APP_CSS, **views.error(err.status, err.code, err.message)).encode()
        ctype = b"text/html; charset=utf-8"
    else:
        body = json.dumps(error_body(err)).encode()
        ctype = b"application/json"
    await send({"type": "http.response.start", "status": err.status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", HTML_CSP.encode()), (b"connection", b"close")]})
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


def render(request: Request | None, ctx: dict[str, Any], as_json: bool = False,
           headers: dict[str, str] | None = None) -> Response:
    """The one place that renders a view's context: its data as JSON (for ``.json`` paths and
    JSON clients), or its template as an HTML page."""
    status = int(ctx.get("_status", 200))
    if as_json or (request is not None and wants_json(request)):
        return json_response({k: v for k, v in ctx.items() if not k.startswith("_")}, status, headers)
    template = ctx["_template"]
    page = ctx.get("_page")
    page_ctx = (page() if callable(page) else page) if page is not None else ctx
    if template != "report.html":
        page_ctx = {**page_ctx, "css": APP_CSS}
    return html_response(render_template(template, **page_ctx), status, headers)


# -- views: plain functions of the request; what they share is on ``request.app.state`` ---------
def _state(request: Request) -> views.State:
    return request.app.state.views


def _page_number(v: str | None, default: int = 1) -> int:
    try:
        return int(v) if v not in (None, "") else default
    except ValueError:
        raise WebError(400, "bad_request", "page must be a whole number") from None


def _loader(store: Store) -> Callable[[str], tuple[Any, Report | None]]:
    """Reads an event by a validated id (404 otherwise)."""
    def load(eid: str) -> tuple[Any, Report | None]:
        if not ID_RE.match(eid):
            raise WebError(404, "not_found", "no such event")
        got = store.get_event(eid)
        if got is None:
            raise WebError(404, "not_found", f"no event {eid}")
        return got

    return load


def home_view(request: Request) -> dict[str, Any]:
    return views.home(_state(request))


def events_view(request: Request) -> dict[str, Any]:
    q = request.query_params
    return views.events(_state(request), (q.get("q") or "").strip()[:200], _page_number(q.get("page")))


def health_view(request: Request) -> dict[str, Any]:
    return views.health(_state(request))


def event_view(request: Request) -> dict[str, Any]:
    state = _state(request)
    return views.event(state, request.path_params["eid"], _loader(state.store),
                       duplicate=request.query_params.get("duplicate") == "1")


async def submit_view(request: Request) -> Response:
    """A new event from uploaded files or pasted texts; the same documents again lead to the
    event they made."""
    state = _state(request)
    st, worker = state.store, state.worker
    as_json = request.url.path.endswith(".json") or wants_json(request)
    sub = await pages.read_submission(request, state.limits)
    existing = views.duplicate_of(state, sub)
    if existing is not None:
        row = st.get_row(existing)
        answer = views.submitted(existing, row.status if row else "done", sub, True)
        if as_json:
            return json_response(answer, 200, {"Location": answer["url"]})
        return RedirectResponse(answer["url"] + "?duplicate=1", status_code=303)
    if not worker.try_reserve():
        raise WebError(503, "busy", "the analysis queue is full; try again shortly",
                       {"Retry-After": str(request.app.state.retry_after)})
    try:
        eid = st.create_pending(sub.inputs(), title=sub.title, source="web")  # type: ignore[arg-type]
        views.remember(state, sub, eid)
    except BaseException:
        worker.release()
        raise
    worker.submit(eid)
    answer = views.submitted(eid, "queued", sub, False)
    if as_json:
        return json_response(answer, 202, {"Location": answer["url"]})
    return RedirectResponse(answer["url"], status_code=303)


async def analyse_view(request: Request) -> Response:
    """Queue the analysis of a corpus event stored without it (``storylens corpus --no-analyse``)."""
    state = _state(request)
    eid = request.path_params["eid"]
    as_json = request.url.path.endswith(".json") or wants_json(request)
    row, _ = _loader(state.store)(eid)
    if row.source != "corpus" or not (row.status in ("queued", "running") or views.waiting_analysis(row)):
        what = "not a corpus event" if row.source != "corpus" else "analysed"
        raise WebError(409, "not_analysable", f"event {eid} is {what}; only corpus events stored without "
                       "their analysis can be analysed here")
    if row.status not in ("queued", "running"):  # asked again while queued: nothing to add
        worker = state.worker
        if not worker.try_reserve():
            raise WebError(503, "busy", "the analysis queue is full; try again shortly",
                           {"Retry-After": str(request.app.state.retry_after)})
        try:
            state.store.set_status(eid, "queued")
        except BaseException:
            worker.release()
            raise
        worker.submit(eid)
    url = f"/events/{eid}"
    if as_json:
        return json_response({"id": eid, "status": "queued", "url": url, "json": f"{url}.json"}, 202, {"Location": url})
    return RedirectResponse(url, status_code=303)


async def download_view(eid: str, fmt: str, request: Request) -> Response:
    """The finished report as a JSON, Markdown or HTML download."""
    if fmt not in ("json", "md", "html"):
        raise WebError(404, "not_found", "downloads are report.json, report.md and report.html")
    row, report = _loader(_state(request).store)(eid)
    if report is None:
        raise WebError(409, "not_ready", f"event {eid} is {row.status}; its report is not ready")
    from ..render import render as render_report

    text = render_report(report, fmt)
    media = {"json": "application/json", "md": "text/markdown; charset=utf-8",
             "html": "text/html; charset=utf-8"}[fmt]
    headers = {"Content-Disposition": f'attachment; filename="storylens-{eid}.{fmt}"',
               "X-Content-Type-Options": "nosniff"}
    if fmt == "html":
        headers["Content-Security-Policy"] = HTML_CSP
    return PlainTextResponse(text, media_type=media, headers=headers)


# -- errors: one JSON shape, an HTML page for browsers -------------------------------------------
def _respond_error(request: Request, err: WebError) -> Response:
    return render(request, views.error(err.status, err.code, err.message), headers=err.headers)


async def _web_error(request: Request, exc: Exception) -> Response:
    return _respond_error(request, exc)  # type: ignore[arg-type]


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
    msg = "no such page" if status == 404 else str(getattr(exc, "detail", ""))
    return _respond_error(request, WebError(status, code, msg))


async def _invalid(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    first = errors[0] if errors else {}
    where = ".".join(str(x) for x in first.get("loc", ()))
    return _respond_error(request, WebError(400, "bad_request", f"{where}: {first.get('msg', 'invalid request')}"))


async def _internal(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path)
    return _respond_error(request, WebError(500, "internal", f"internal error: {type(exc).__name__}"))


ERROR_HANDLERS: tuple[tuple[type[Exception], Callable[..., Any]], ...] = (
    (WebError, _web_error), (StarletteHTTPException, _http_error), (RequestValidationError, _invalid),
    (Exception, _internal))


# -- resources: each at one path, with its JSON twin at the same path + ".json" ----------------
def _twin(view: Callable[[Request], Any], as_json: bool) -> Callable[[Request], Any]:
    async def respond(request: Request) -> Response:
        out = view(request)
        if hasattr(out, "__await__"):
            out = await out
        return out if isinstance(out, Response) else render(request, out, as_json)

    return respond


RESOURCES: tuple[tuple[str, Callable[[Request], Any], str | None], ...] = (
    ("/", home_view, "/index.json"), ("/events", events_view, None), ("/health", health_view, None))


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
    app.state.views, app.state.retry_after = views.State(st, worker, limits), retry_after
    for exc_type, handler in ERROR_HANDLERS:
        app.add_exception_handler(exc_type, handler)

    def resource(path: str, view: Callable[[Request], Any], json_path: str | None = None) -> None:
        app.add_api_route(json_path or path + ".json", _twin(view, True), methods=["GET"], response_model=None)
        app.add_api_route(path, _twin(view, False), methods=["GET"], response_model=None)

    for path, view, json_path in RESOURCES:
        resource(path, view, json_path)
    app.add_api_route("/events.json", submit_view, methods=["POST"], response_model=None)
    app.add_api_route("/events", submit_view, methods=["POST"], response_model=None)
    app.add_api_route("/events/{eid}/report.{fmt}", download_view, methods=["GET"], response_model=None)
    app.add_api_route("/events/{eid}/analyse.json", analyse_view, methods=["POST"], response_model=None)
    app.add_api_route("/events/{eid}/analyse", analyse_view, methods=["POST"], response_model=None)
    resource("/events/{eid}", event_view)
    app.add_middleware(BodyLimit, limit=limits.max_request_bytes)
    return app


def serve(store: str | Path = ".", host: str = "127.0.0.1", port: int = 8000, threads: int = 1,
          queue_size: int = 8, settings: Settings | None = None) -> None:
    """Run the app with uvicorn until interrupted (binds to 127.0.0.1 unless told otherwise)."""
    import uvicorn

    app = create_app(store, settings, threads=threads, queue_size=queue_size)
    uvicorn.run(app, host=host, port=port, log_level="info", lifespan="on")
