"""The web app's views: plain functions from a request's parameters to a context dict.

A context holds the data of one page. Its JSON twin (the same path ending in ``.json``) is
that data without the keys that start with "_", which only the HTML page uses (the template,
the status, the report's page). :func:`storylens.web.app.create_app` has the one place that
renders a context as either format.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..labels import outlet_labels
from ..render.html import report_context
from ..templating import when
from .pages import FORM_FIELDS, PASTE_BOXES, Submission, size_text

if TYPE_CHECKING:  # pragma: no cover
    from ..store.sqlite import Store
    from .worker import Limits, Worker

PER_PAGE = 20
SUBMISSION_KEY = "web-submission:"  # key/value entries: fingerprint of a submission -> its event


@dataclass
class State:
    store: "Store"
    worker: "Worker"
    limits: "Limits"


def home(state: State) -> dict[str, Any]:
    """The new-event form, what the app does, and the latest events."""
    lim = state.limits
    return {"limits": asdict(lim), "fields": FORM_FIELDS,
            "recent": [listed(r) for r in state.store.list_events(limit=5)],
            "_template": "web/new.html", "_paste_boxes": PASTE_BOXES,
            "_sizes": {"file": size_text(lim.max_file_bytes), "request": size_text(lim.max_request_bytes)}}


def search_terms(q: str) -> list[str]:
    """The words of a search, as the store matches them (every word; the last as a prefix)."""
    return [w for w in re.split(r"\W+", q.lower()) if w][:20]


def highlight(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (part, matches a search word) pieces, for the template to mark."""
    if not terms or not text:
        return [(text, False)]
    pat = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\w*",
                     re.IGNORECASE)
    out, last = [], 0
    for m in pat.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((m.group(0), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def events(state: State, q: str, page: int) -> dict[str, Any]:
    """The events, newest first; with ``q``, those whose reports match, and the matching passages."""
    st = state.store
    page = max(1, page)
    rows = st.list_events(limit=PER_PAGE, offset=(page - 1) * PER_PAGE, query=q or None)
    total = st.count_events(q or None)
    matches = []
    if q:
        reports: dict[str, tuple[Any, dict[str, str], dict[str, int]]] = {}
        for h in st.search(q, limit=20):
            if h.event_id not in reports:
                got = st.get_event(h.event_id)
                if got is None:
                    continue
                row, rep = got
                docs = rep.documents if rep else []
                reports[h.event_id] = (row, outlet_labels(docs), {d.id: i + 1 for i, d in enumerate(docs)})
            row, labels, pos = reports[h.event_id]
            anchor = f"#d{pos[h.doc_id]}" if h.doc_id in pos else ""
            matches.append({**h.to_dict(), "event_title": row.title or row.headline or "Untitled event",
                            "label": labels.get(h.doc_id) or h.title or "a report",
                            "url": f"/events/{h.event_id}{anchor}"})
    terms = search_terms(q)
    return {"query": q, "page": page, "per_page": PER_PAGE, "total": total,
            "total_events": st.count_events() if q else total,
            "events": [listed(r) for r in rows], "matches": matches,
            "_template": "web/events.html",
            "_snippets": [highlight(m["snippet"], terms) for m in matches],
            "_newer": page - 1 if page > 1 else None,
            "_older": page + 1 if page * PER_PAGE < total else None}


def duplicate_of(state: State, sub: Submission) -> str | None:
    """The event an identical earlier submission made (unless it failed or is gone)."""
    eid = state.store.kv_get(SUBMISSION_KEY + sub.fingerprint())
    if not eid:
        return None
    row = state.store.get_row(eid)
    return eid if row is not None and row.status != "failed" else None


def remember(state: State, sub: Submission, eid: str) -> None:
    state.store.kv_set(SUBMISSION_KEY + sub.fingerprint(), eid)


def submitted(eid: str, status: str, sub: Submission, duplicate: bool) -> dict[str, Any]:
    """The answer to a submission: where its event is, and which inputs were left out."""
    url = f"/events/{eid}"
    return {"id": eid, "status": status, "url": url, "json": f"{url}.json", "duplicate": duplicate,
            "documents": len(sub.raws), "skipped": [asdict(s) for s in sub.skipped]}


def event(state: State, eid: str, load: Callable[[str], Any], duplicate: bool = False) -> dict[str, Any]:
    """One event: its report when done, otherwise what is being analysed (or why it failed)."""
    row, report = load(eid)
    r = row.to_dict()
    base = f"/events/{eid}"
    busy = r["status"] in ("queued", "running")
    corpus_busy = busy and row.source == "corpus"  # a corpus event whose analysis was asked for
    if corpus_busy:
        report = None
    ctx: dict[str, Any] = {"event": r, "report": report.to_dict() if report else None,
                           "downloads": {f: f"{base}/report.{f}" for f in ("json", "md", "html")} if report else {}}
    if report is None:
        inputs = state.store.pending_inputs(eid)
        docs = inputs.get("documents", []) if isinstance(inputs, dict) else inputs
        skipped = inputs.get("skipped", []) if isinstance(inputs, dict) else []
        titles = [d.get("title") or d.get("source") or "untitled" for d in docs][:50]
        if corpus_busy:
            articles = [a for a in state.store.articles(eid, limit=1000) if a["status"] != "copy"]
            docs, titles = articles, [a.get("title") or a.get("outlet") or "untitled" for a in articles][:50]
        if busy:
            r["n_documents"] = len(docs)
        ctx["pending"] = {"documents": len(docs), "titles": titles, "skipped": skipped}
        ctx.update({"_template": "web/pending.html", "_refresh": 2 if r["status"] in ("queued", "running") else None,
                    "_duplicate": duplicate})
        return ctx
    notices = []
    if duplicate:
        notices.append(f"These reports were submitted before, on {when(row.created_at)}: this is the event they made.")
    if report.skipped:
        n = len(report.skipped)
        notices.append(f"{n} input{'s' if n != 1 else ''} could not be analysed: see “Not analysed” at the end.")
    action = None
    if waiting_analysis(row):
        if r["status"] == "failed":
            notices.append(f"The analysis of this event failed ({row.error}). Below are its reports only.")
        else:
            notices.append("This event was gathered by a corpus run that left its analysis for later: "
                           "below are its reports only.")
        action = {"url": f"{base}/analyse", "label": "Analyse again" if r["status"] == "failed"
                  else "Analyse this event", "method": "POST"}
        ctx["analyse"] = action
    links = [("All events", "/events"), ("New event", "/"), ("JSON", f"{base}/report.json"),
             ("Markdown", f"{base}/report.md"), ("HTML file", f"{base}/report.html")]
    ctx.update({"_template": "report.html",
                "_page": lambda: report_context(report, links=links, title=row.title or None, notice=" ".join(notices),
                                                action=action, analysed=action is None)})
    return ctx


def listed(row: Any) -> dict[str, Any]:
    """An event as the lists show it: its row and its :func:`shown_status`."""
    return {**row.to_dict(), "shown_status": shown_status(row)}


def shown_status(row: Any) -> str:
    """The status an event list shows: ``not analysed`` for a corpus event stored without its
    analysis, otherwise the event's status."""
    return "not analysed" if row.status == "done" and waiting_analysis(row) else row.status


def waiting_analysis(row: Any) -> bool:
    """True for a corpus event stored without its analysis (``storylens corpus --no-analyse``, an
    event of one report, or an analysis that failed), which can be analysed now."""
    return (row.source == "corpus" and row.status in ("done", "failed")
            and row.meta.get("corpus_status") in ("not analysed", "single", "failed"))


def health(state: State) -> dict[str, Any]:
    st = state.store
    ok = st.healthy()
    return {"status": "ok" if ok else "error", "store": ok, "queue": state.worker.waiting,
            "queue_size": state.worker.queue_size, "events": st.count_events() if ok else None,
            "_template": "web/health.html", "_status": 200 if ok else 503}


def error(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}, "_template": "web/error.html",
            "_status": status}
