"""Report -> one self-contained HTML file.

The page is the Jinja2 template ``templates/report.html`` (autoescaped) with the CSS and the
script of ``static/`` inlined: no network requests, no external fonts, scripts, styles or
images. The page reads without JavaScript; one small inline script (allowed by its hash in the
Content-Security-Policy, which forbids inline event handlers and remote loads) only smooths
navigation between a table cell and the highlighted span it links to.

This module turns a :class:`Report` into the template's context: plain data, laid out for
reading with 2 or 50 reports and on a phone:

- the brief, each sentence with its status and the reports it cites;
- the figures: one row per quantity (value, status, a compact spread of the values, the note),
  the per-report values folded under the spread; figures about earlier events in their own list;
- the timeline of the event: an axis over the event's own span (month- and year-precise dates
  drawn as spans), date labels placed without overlap, earlier and later mentions listed apart;
- who copies or cites whom: reports of one origin drawn as one node, outlets and agencies once,
  a list instead of a drawing above a dozen nodes;
- the terminology, the quotes, and each report's text with its spans highlighted.

Reports are named by their outlet labels (:func:`storylens.labels.outlet_labels`), never by
their file ids, which stay in links and in the JSON.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable

from ..labels import (format_date, news_source, outlet_labels, outlet_of, relabel, short_outlet, shorten,
                      source_key, unit_for)
from ..model import ClaimGroup, Report, TimelineItem
from ..text.clock import CLOCK_UNIT, clock_text
from ..templating import render_template, script_hash, static_text
from .quotes import by_speaker, carriers, quote_words, shown_quote, speaker_heading

STATUS_LABEL = {"agree": "agree", "disagree": "differ", "reconciled": "reconciled", "evolving": "evolving",
                "single": "one source"}
STATUS_COLOUR = {"agree": "#2e7d4f", "disagree": "#b3401f", "reconciled": "#2f5f9e", "evolving": "#8a5a00",
                 "single": "#6b6f76"}

SCRIPT = static_text("report.js")
SCRIPT_HASH = script_hash(SCRIPT)
CSS = static_text("report.css")
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

GRAPH_MAX_NODES = 12  # above this, the origins are listed rather than drawn
SECTIONS = (("brief", "Brief"), ("claims", "Figures"), ("timeline", "Timeline"), ("graph", "Copies and citations"),
            ("terms", "Terminology"), ("quotes", "Quotes"), ("reports", "The reports"))


def _short(s: str | None, n: int = 48) -> str:
    return shorten(s, n)


class _Ids:
    """Stable, safe HTML ids and outlet labels for documents (document ids may hold any character)."""

    def __init__(self, report: Report):
        self.doc = {d.id: f"d{i + 1}" for i, d in enumerate(report.documents)}
        self.label = outlet_labels(report.documents)

    def d(self, doc_id: str) -> str:
        return self.doc.get(doc_id, "")

    def name(self, doc_id: str) -> str:
        return self.label.get(doc_id, "another report")

    def text(self, s: str | None, strict: bool = False) -> str:
        """Generated text with document ids replaced by labels."""
        return relabel(s, self.label, strict=strict)


def _cites(ids: _Ids, doc_ids: Iterable[str]) -> list[dict[str, str]]:
    out, seen = [], set()
    for d in doc_ids:
        if ids.d(d) and d not in seen:
            seen.add(d)
            out.append({"href": "#" + ids.d(d), "label": ids.name(d)})
    return out


def _badge(status: str | None, n_docs: int = 1) -> dict[str, str]:
    st = status if status in STATUS_LABEL else "single"
    label = "one origin" if st == "single" and n_docs > 1 else STATUS_LABEL[st]  # copies of one source
    return {"status": st, "label": label}


def _fmt_value(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int) and abs(v) >= 1_000:
        return f"{v:,}"
    return "" if v is None else str(v)


# -- spans -----------------------------------------------------------------------------------
def _collect_spans(report: Report, ids: _Ids) -> dict[str, list[tuple[int, int, str, str, str]]]:
    """Per document: (start, end, kind, span id, tooltip) for claims, quotes and entity mentions."""
    spans: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)
    lengths = {d.id: len(d.text) for d in report.documents}

    def add(doc: str, start: int | None, end: int | None, kind: str, sid: str, tip: str) -> None:
        if doc not in lengths or start is None or end is None:
            return
        s, e = max(0, int(start)), min(lengths[doc], int(end))
        if e > s:
            spans[doc].append((s, e, kind, sid, tip))

    for gi, g in enumerate(report.claim_groups):
        for ci, c in enumerate(g.claims):
            add(c.doc, c.start, c.end, "claim", f"{ids.d(c.doc)}-c{gi}-{ci}", f"{g.topic}: {STATUS_LABEL.get(g.status, g.status)}")
    for qi, q in enumerate(report.quote_groups):
        for k, x in enumerate(q.quotes):
            add(x.doc, x.start, x.end, "quote", f"{ids.d(x.doc)}-q{qi}-{k}", f"quote: {x.speaker or 'unknown speaker'}")
    for ei, ent in enumerate(report.entities):
        for k, m in enumerate(ent.mentions[:400]):
            add(m.doc, m.start, m.end, "entity", f"{ids.d(m.doc)}-e{ei}-{k}", f"{ent.type}: {ent.name}")
    return spans


def _segments(text: str, spans: list[tuple[int, int, str, str, str]]) -> list[dict[str, Any]]:
    """The text cut at span edges: plain segments and marked ones (kinds, span ids, tooltip);
    each span's anchor id sits on its first segment."""
    if not spans:
        return [{"text": text, "kinds": ""}]
    cuts = sorted({0, len(text), *[s for s, *_ in spans], *[e for _, e, *_ in spans]})
    starts: dict[int, list[str]] = defaultdict(list)
    for s, _, _, sid, _ in spans:
        starts[s].append(sid)
    by_start = sorted(spans)
    out: list[dict[str, Any]] = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [sp for sp in by_start if sp[0] <= a and sp[1] >= b]
        if not cover:
            out.append({"text": text[a:b], "kinds": ""})
            continue
        out.append({"text": text[a:b], "kinds": " ".join(sorted({k for _, _, k, _, _ in cover})),
                    "sids": " ".join(sid for *_, sid, _ in cover), "anchors": starts.get(a, []),
                    "tip": "; ".join(dict.fromkeys(t for *_, t in cover))})
    return out


# -- brief -------------------------------------------------------------------------------------
def _brief(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    return [{"badge": _badge(b.status, len(b.docs)), "text": ids.text(b.text, strict=True), "cites": _cites(ids, b.docs)}
            for b in report.brief]


# -- figures -----------------------------------------------------------------------------------
def is_background(g: ClaimGroup) -> bool:
    """A figure about earlier events (the group's scope, or every claim's, is "background")."""
    return g.scope == "background" or (bool(g.claims) and all(c.scope == "background" for c in g.claims))


def _scope_shown(topic: str, scope: str | None) -> str:
    """The scope under a topic, unless the topic already says it."""
    if not scope:
        return ""
    words = set(re.findall(r"\w+", topic.lower()))
    return "" if set(re.findall(r"\w+", scope.lower())) <= words else scope


def _value_text(v: object, vmax: object = None, unit: str | None = None) -> str:
    if unit == CLOCK_UNIT and isinstance(v, (int, float)):
        return clock_text(v)
    return f"{_fmt_value(v)}–{_fmt_value(vmax)}" if vmax not in (None, v) else _fmt_value(v)


def _figure(report: Report, ids: _Ids, gi: int, g: ClaimGroup) -> dict[str, Any]:
    by_value: dict[str, list[str]] = {}
    for c in g.claims:
        key = _value_text(c.value, c.value_max, c.unit)
        docs = by_value.setdefault(key, [])
        if c.doc not in docs:
            docs.append(c.doc)
    spread = sorted(by_value.items(), key=lambda kv: -len(kv[1]))
    per_doc = []
    order = {d.id: i for i, d in enumerate(report.documents)}
    claims_by_doc: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for ci, c in enumerate(g.claims):
        claims_by_doc[c.doc].append((ci, c))
    for doc in sorted(claims_by_doc, key=lambda d: order.get(d, 1 << 30)):
        per_doc.append({"label": ids.name(doc), "doc_href": "#" + ids.d(doc) if ids.d(doc) else "",
                        "claims": [{"href": f"#{ids.d(c.doc)}-c{gi}-{ci}" if ids.d(c.doc) else "",
                                    "text": _short(c.text, 90), "value": _value_text(c.value, c.value_max, c.unit),
                                    "qualifier": c.qualifier or "", "sentence": c.sentence or c.text}
                                   for ci, c in claims_by_doc[doc]]})
    n_docs = len({c.doc for c in g.claims})
    return {"id": f"g-{gi}", "topic": g.topic, "scope": "" if is_background(g) else _scope_shown(g.topic, g.scope),
            "badge": _badge(g.status), "value": _value_text(g.value, unit=g.unit) if g.unit == CLOCK_UNIT else
            " ".join(x for x in (_fmt_value(g.value), unit_for(g.value, g.unit)) if x),
            "origins": g.independent_sources, "n_docs": n_docs,
            "spread": [{"value": v, "n": len(docs)} for v, docs in spread],
            "per_doc": per_doc, "note": ids.text(g.note)}


def _figures(report: Report, ids: _Ids) -> dict[str, Any]:
    rows = [_figure(report, ids, gi, g) for gi, g in enumerate(report.claim_groups)]
    now = [r for r, g in zip(rows, report.claim_groups) if not is_background(g)]
    earlier = [r for r, g in zip(rows, report.claim_groups) if is_background(g)]
    return {"rows": now, "earlier": earlier}


# -- timeline ----------------------------------------------------------------------------------
@dataclass
class _Dated:
    item: TimelineItem
    start: date
    end: date
    precision: str


def _span_of(t: TimelineItem) -> _Dated | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", t.date or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d and mo and t.precision not in ("month", "year"):
            day = date(y, int(mo), int(d))
            return _Dated(t, day, day, "day")
        if mo and t.precision != "year":
            first = date(y, int(mo), 1)
            nxt = date(y + (first.month == 12), first.month % 12 + 1, 1)
            return _Dated(t, first, nxt - timedelta(days=1), "month")
        return _Dated(t, date(y, 1, 1), date(y, 12, 31), "year")
    except ValueError:
        return None


def _published_days(report: Report) -> list[date]:
    out = []
    for d in report.documents:
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", d.published or "")
        if m:
            try:
                out.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            except ValueError:
                pass
    return out


EVENT_WINDOW = timedelta(days=21)  # dated mentions this long before the first report or after the last are not the event's


def _label_width(s: str, size: float = 12) -> float:
    return len(s) * size * 0.58 + 6


def place_labels(xs: list[tuple[float, str]], width: float, rows: int = 2, size: float = 12,
                 gap: float = 6) -> list[tuple[float, int, str]]:
    """Greedy placement of centred labels at ``xs`` on up to ``rows`` rows: (x, row, text) of
    those that fit without overlapping one another; the rest are left out."""
    ends = [-1e9] * rows
    out = []
    for x, text in sorted(xs):
        w = _label_width(text, size)
        cx = min(max(x, w / 2), width - w / 2)
        for r in range(rows):
            if cx - w / 2 >= ends[r] + gap:
                ends[r] = cx + w / 2
                out.append((cx, r, text))
                break
    return out


def _timeline(report: Report, ids: _Ids) -> dict[str, Any]:
    dated = [x for x in (_span_of(t) for t in report.timeline) if x is not None]
    if not dated:
        return {"empty": True}
    published = _published_days(report)
    days = sorted(x.start for x in dated if x.precision == "day")
    if published:
        lo_w, hi_w = min(published) - EVENT_WINDOW, max(published) + EVENT_WINDOW
    elif days:
        mid = days[len(days) // 2]
        lo_w, hi_w = mid - 2 * EVENT_WINDOW, mid + 2 * EVENT_WINDOW
    else:
        lo_w, hi_w = date.min, date.max
    earlier, later, on_axis = [], [], []
    for x in dated:
        if getattr(x.item, "scope", None) == "background" or x.end < lo_w:
            earlier.append(x)
        elif x.start > hi_w:
            later.append(x)
        else:
            on_axis.append(x)
    axis_days = sorted(x.start for x in on_axis if x.precision == "day")
    spans = [x for x in on_axis if x.precision != "day"]
    if axis_days:
        lo, hi = axis_days[0], axis_days[-1]
    elif spans:
        lo, hi = max(min(x.start for x in spans), lo_w), min(max(x.end for x in spans), hi_w)
    else:
        lo = hi = None
    chart = None
    if lo is not None and hi is not None:
        # spans that do not reach the event's own days are listed instead of drawn
        keep_spans = [x for x in spans if x.end >= lo and x.start <= hi] if axis_days else spans
        for x in spans:
            if x not in keep_spans:
                (earlier if x.end < lo else later).append(x)
        days_on_axis = [x for x in on_axis if x.precision == "day"]
        chart = _timeline_chart(ids, days_on_axis, keep_spans, lo, hi)
        chart["narrow"] = _timeline_chart(ids, days_on_axis, keep_spans, lo, hi, width=360)
    rows = []
    for day, group in _by_date(sorted((x for x in on_axis if x.precision == "day"), key=lambda x: (x.start, x.item.doc))):
        rows.append(_timeline_row(ids, day, group))
    span_rows: dict[tuple[date, date], list[_Dated]] = {}
    for x in sorted((x for x in on_axis if x.precision != "day" and chart and x in chart["span_items"]),
                    key=lambda x: (x.start, x.end)):
        span_rows.setdefault((x.start, x.end), []).append(x)
    for (start, _), group in span_rows.items():
        rows.append(_timeline_row(ids, start, group))
    n_statements = sum(len(r["statements"]) for r in rows)
    return {"empty": False, "chart": chart, "rows": rows, "open": chart is None or n_statements <= 12,
            "earlier": _grouped_list(ids, earlier), "later": _grouped_list(ids, later)}


def _by_date(items: list[_Dated]) -> list[tuple[date, list[_Dated]]]:
    out: dict[date, list[_Dated]] = {}
    for x in items:
        out.setdefault(x.start, []).append(x)
    return list(out.items())


def _when(x: _Dated) -> str:
    return format_date(x.item.date[: {"day": 10, "month": 7, "year": 4}[x.precision]]) or x.item.date


def _timeline_row(ids: _Ids, day: date, group: list[_Dated]) -> dict[str, Any]:
    statements = []
    seen: set[str] = set()
    for x in group:
        key = re.sub(r"\W+", " ", x.item.text.lower()).strip()[:80]
        if key in seen:
            continue
        seen.add(key)
        statements.append({"text": _short(x.item.text, 220), "badge": _badge(x.item.status) if x.item.status else None,
                           "cites": _cites(ids, [y.item.doc for y in group
                                                 if re.sub(r"\W+", " ", y.item.text.lower()).strip()[:80] == key]
                                           + list(x.item.docs))})
    return {"when": _when(group[0]), "statements": statements}


def _grouped_list(ids: _Ids, items: list[_Dated]) -> list[dict[str, Any]]:
    """Mentions off the axis, one line per date: the first statement and every report."""
    by: dict[tuple[date, str], list[_Dated]] = {}
    for x in sorted(items, key=lambda x: (x.start, x.precision, x.item.doc)):
        by.setdefault((x.start, x.precision), []).append(x)
    return [{"when": _when(g[0]), "text": _short(g[0].item.text, 200),
             "cites": _cites(ids, [x.item.doc for x in g] + [d for x in g for d in x.item.docs])}
            for g in by.values()]


def _timeline_chart(ids: _Ids, day_items: list[_Dated], spans: list[_Dated], lo: date, hi: date,
                    width: int = 900) -> dict[str, Any]:
    """The chart's shapes for a drawing ``width`` units wide (900 for screens, 360 for phones)."""
    pad = 48 if width > 500 else 24
    if lo == hi:
        lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
    total = (hi - lo).days

    def x_of(d: date) -> float:
        return pad + (d - lo).days / total * (width - 2 * pad)

    by_day = _by_date(sorted(day_items, key=lambda x: x.start))
    axis_y = 74
    dots = []
    for day, group in by_day:
        statuses = [x.item.status or "single" for x in group]
        main = max(set(statuses), key=lambda s: (statuses.count(s), s != "single"))
        docs = list(dict.fromkeys(x.item.doc for x in group))
        r = min(13.0, 5 + 2.2 * math.sqrt(len(group)))
        first = group[0].item
        tip = (f"{format_date(day.isoformat())}: {len(group)} dated statement{'s' if len(group) != 1 else ''} "
               f"in {len(docs)} report{'s' if len(docs) != 1 else ''} — {ids.name(first.doc)}: {_short(first.text, 140)}")
        dots.append({"x": round(x_of(day), 1), "y": axis_y, "r": round(r, 1),
                     "colour": STATUS_COLOUR.get(main, STATUS_COLOUR["single"]),
                     "href": "#" + ids.d(first.doc) if ids.d(first.doc) else "#timeline", "tip": tip})
    ticks = [(x_of(day), format_date(day.isoformat()).rsplit(" ", 1)[0]) for day, _ in by_day]
    placed = place_labels(ticks, width)
    labels = [{"x": round(x, 1), "y": 22 + 16 * row, "text": text} for x, row, text in placed]
    bars = []
    y = axis_y + 34
    span_items = []
    groups: dict[tuple[date, date], list[_Dated]] = {}
    for x in sorted(spans, key=lambda x: (x.start, x.end, x.item.doc)):
        groups.setdefault((x.start, x.end), []).append(x)
    for (start, end), group in list(groups.items())[:6]:  # one bar per span, with every report giving it
        a, b = max(start, lo), min(end, hi)
        x1, x2 = x_of(a), x_of(b)
        if x2 - x1 < 6:
            x1, x2 = x1 - 3, x2 + 3
        docs = list(dict.fromkeys(x.item.doc for x in group))
        who = ids.name(docs[0]) if len(docs) == 1 else f"{len(docs)} reports"
        text = _short(f"{_when(group[0])} · {who}", 60 if width > 500 else 40)
        w = _label_width(text, 11)
        tx = min(max(x1, 2), width - w)
        bars.append({"x": round(x1, 1), "w": round(x2 - x1, 1), "y": y, "open_left": start < lo,
                     "open_right": end > hi, "text": text, "tx": round(tx, 1), "ty": y + 21,
                     "tip": f"{_when(group[0])} — {ids.name(group[0].item.doc)}: {_short(group[0].item.text, 140)}",
                     "href": "#" + ids.d(docs[0]) if ids.d(docs[0]) else "#timeline"})
        span_items.extend(group)
        y += 34
    height = y + (6 if bars else 14)
    grid = [round(x_of(day), 1) for day, _ in by_day]
    caption_lo, caption_hi = (by_day[0][0], by_day[-1][0]) if by_day else (lo, hi)
    caption = (format_date(caption_lo.isoformat()) if caption_lo == caption_hi
               else f"{format_date(caption_lo.isoformat())} – {format_date(caption_hi.isoformat())}")
    return {"width": width, "height": height, "axis_y": axis_y, "x1": pad - 16, "x2": width - pad + 16,
            "dots": dots, "labels": labels, "grid": grid, "bars": bars, "span_items": span_items,
            "caption": caption, "n": len(day_items) + len(span_items)}


# -- copies and citations ----------------------------------------------------------------------
class _Nodes:
    """The nodes of the copies-and-citations graph: one per origin shared by several reports,
    one per other report; outside sources are added as the citations name them."""

    def __init__(self, report: Report, ids: _Ids):
        self.node_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.why: dict[str, str] = {}
        self.alias: dict[str, str] = {}  # an outside source's key -> the node of the reports that carry it
        self.group_label: dict[str, str] = {}
        self.external: dict[str, str] = {}
        by_id = {d.id: d for d in report.documents}
        for o in report.origins:
            ds = [d for d in o.docs if ids.d(d) and d not in self.node_of]
            if len(ds) > 1:
                self._origin(f"origin-{o.id}", ds, ids.text(o.why), by_id, ids)
        for d in report.documents:
            if d.id not in self.node_of:
                self.node_of[d.id] = d.id
                self.members[d.id] = [d.id]

    def _origin(self, nid: str, ds: list[str], why: str, by_id: dict[str, Any], ids: _Ids) -> None:
        self.members[nid] = ds
        self.why[nid] = why
        for d in ds:
            self.node_of[d] = nid
        carried = [source_key(by_id[d].origin) for d in ds if by_id[d].origin]
        common = max(set(carried), key=carried.count) if carried else None
        if common and carried.count(common) * 2 >= len(ds):
            self.alias.setdefault(common, nid)
            name = next(by_id[d].origin for d in ds if by_id[d].origin and source_key(by_id[d].origin) == common)
            self.group_label[nid] = f"{short_outlet(name) or name} story · {len(ds)} reports"
        else:
            outlets = {outlet_of(by_id[d]) for d in ds}
            first = outlet_of(by_id[ds[0]]) or ids.name(ds[0])
            self.group_label[nid] = (f"{_short(first, 22)} · {len(ds)} reports" if len(outlets) == 1 and first
                                     else f"{_short(first, 22)} and {len(ds) - 1} more")

    def target(self, key: str, name: str) -> str:
        """The node a news source points at (an outside source gets its own node)."""
        target = self.node_of.get(key) or self.alias.get(key, key)
        if target == key and key not in self.node_of:
            self.external.setdefault(key, name)
        return target


def _citation_links(report: Report, ids: _Ids, nodes: _Nodes
                    ) -> tuple[dict[tuple[str, str], list[str]], dict[str, dict[str, Any]]]:
    """(node, target node) -> what links them (a report reproducing or citing a news source),
    and the other cited sources (officials, bodies, speakers) by name."""
    docs = report.documents
    cache: dict = {}
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    generic: dict[str, dict[str, Any]] = {}
    for d in docs:
        tgt = news_source(d.origin, "credit", docs, d.id, cache) if d.origin else None
        if tgt:
            target = nodes.node_of.get(tgt[0]) or nodes.alias.get(tgt[0], tgt[0])
            if target != nodes.node_of[d.id]:
                nodes.target(tgt[0], tgt[1])
                links[(nodes.node_of[d.id], target)].append(f"{ids.name(d.id)} reproduces {tgt[1]}")
    for c in report.citations:
        if c.doc not in nodes.node_of:
            continue
        tgt = news_source(c.cites, c.kind, docs, c.doc, cache)
        if tgt is None:
            key = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", c.cites or "").strip().lower())
            if not key:
                continue
            row = generic.setdefault(key, {"name": c.cites, "docs": [], "n": 0, "text": c.text})
            row["n"] += 1
            if c.doc not in row["docs"]:
                row["docs"].append(c.doc)
            continue
        target = nodes.node_of.get(tgt[0]) or nodes.alias.get(tgt[0], tgt[0])
        if target == nodes.node_of[c.doc]:  # a report crediting its own outlet, or its own origin
            continue
        nodes.target(tgt[0], tgt[1])
        links[(nodes.node_of[c.doc], target)].append(f"{ids.name(c.doc)} cites {tgt[1]}: {_short(c.text, 80)}")
    return links, generic


def _reuse_edges(report: Report, ids: _Ids, node_of: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """Copied or quoted text between two nodes, directed when the reuse has a direction."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for u in report.reuse:
        if len(u.docs) < 2 or u.docs[0] not in node_of or u.docs[1] not in node_of:
            continue
        a, b = u.docs[0], u.docs[1]
        directed = False
        if u.direction and "->" in u.direction:
            src, dst = (x.strip() for x in u.direction.split("->", 1))
            if src in node_of and dst in node_of:
                a, b, directed = src, dst, True
        na, nb = node_of[a], node_of[b]
        if na == nb:
            continue
        key = (na, nb) if directed else tuple(sorted((na, nb)))
        e = edges.setdefault(key, {"kind": u.kind, "directed": directed, "tips": []})
        if u.kind == "copied":
            e["kind"] = "copied"
        e["tips"].append(f"{u.kind}: {ids.name(a)} → {ids.name(b)}")
    return edges


def _graph(report: Report, ids: _Ids) -> dict[str, Any]:
    """Who copies or cites whom: reports of one origin as one node, outside outlets and agencies
    once; a list of origins instead of a drawing above GRAPH_MAX_NODES nodes. Every other cited
    source (officials, bodies, speakers) goes in a table."""
    docs = report.documents
    if not docs or (not report.reuse and not report.citations and not any(d.origin for d in docs)):
        return {"empty": True}
    nodes = _Nodes(report, ids)
    links, generic = _citation_links(report, ids, nodes)
    edges_reuse = _reuse_edges(report, ids, nodes.node_of)
    members, external, group_label = nodes.members, nodes.external, nodes.group_label
    groups = [{"id": nid, "cites": _cites(ids, ds), "why": nodes.why.get(nid, ""), "label": group_label[nid]}
              for nid, ds in members.items() if len(ds) > 1]
    node_ids = list(members) + list(external)
    used = {n for k in list(links) + list(edges_reuse) for n in k}
    grows = sorted(generic.values(), key=lambda r: (-len(r["docs"]), -r["n"], r["name"].lower()))
    out: dict[str, Any] = {
        "empty": False, "groups": groups,
        "generic": [{"name": r["name"], "cites": _cites(ids, r["docs"]), "n": r["n"], "text": _short(r["text"], 120)}
                    for r in grows],
        "citations": [{"cites_doc": _cites(ids, [c.doc]), "cites": c.cites, "text": _short(c.text, 160)}
                      for c in report.citations],
        "svg": None, "listing": None, "no_links": not links and not edges_reuse and not groups,
    }
    if out["no_links"]:
        return out
    label_of = {nid: (group_label.get(nid) or ids.name(nid) if nid in members else external[nid]) for nid in node_ids}
    if len(node_ids) <= GRAPH_MAX_NODES:
        out["svg"] = _graph_svg(ids, node_ids, members, label_of, links, edges_reuse)
    out["listing"] = _graph_listing(ids, node_ids, members, label_of, links, edges_reuse, used)
    return out


def _boxes_apart(boxes: dict[str, tuple]) -> bool:
    vals = list(boxes.values())
    for i in range(len(vals)):
        for j in range(i + 1, len(vals)):
            a, b = vals[i], vals[j]
            if abs(a[0] - b[0]) * 2 < a[2] + b[2] + 8 and abs(a[1] - b[1]) * 2 < a[3] + b[3] + 8:
                return False
    return True


def _ring_layout(node_ids: list[str], texts: dict[str, str]) -> tuple[dict[str, tuple], int, int]:
    """Nodes on an ellipse: (centre x, centre y, width, height, text) per node, and the size."""
    n = len(node_ids)
    rx, ry = (300, 150 if n > 4 else 90) if n > 2 else (240, 0)
    w, h = 900, int(2 * ry + 70)
    boxes = {}
    for i, nid in enumerate(node_ids):
        ang = 2 * math.pi * i / max(1, n) - math.pi / 2 if n > 2 else math.pi * i
        bw = max(96.0, _label_width(texts[nid], 12) + 22)
        boxes[nid] = (w / 2 + rx * math.cos(ang), h / 2 + ry * math.sin(ang), bw, 32.0, texts[nid])
    return boxes, w, h


def _column_layout(left: list[str], right: list[str], texts: dict[str, str]) -> tuple[dict[str, tuple], int, int]:
    """Reports in a column on the left, outside outlets and agencies on the right: labels never meet."""
    w, step = 900, 46
    width = {nid: max(96.0, _label_width(texts[nid], 12) + 22) for nid in left + right}
    lx = 90 + max((width[n] for n in left), default=96) / 2
    rx = w - 20 - max((width[n] for n in right), default=96) / 2
    boxes = {}
    for col, x in ((left, lx), (right, rx)):
        top = 26 + (max(len(left), len(right)) - len(col)) * step / 2
        for i, nid in enumerate(col):
            boxes[nid] = (x, top + i * step, width[nid], 32.0, texts[nid])
    return boxes, w, int(max(len(left), len(right)) * step + 6)


def _box_crossings(boxes: dict[str, tuple], pairs: list[tuple[str, str]]) -> int:
    """How many edges (centre to centre) pass through a box other than their own two."""
    n = 0
    for a, b in pairs:
        (ax, ay, *_), (bx, by, *_) = boxes[a], boxes[b]
        for c, (cx, cy, cw, ch, _) in boxes.items():
            if c in (a, b):
                continue
            for k in range(1, 40):
                t = k / 40
                px, py = ax + (bx - ax) * t, ay + (by - ay) * t
                if abs(px - cx) * 2 < cw + 6 and abs(py - cy) * 2 < ch + 6:
                    n += 1
                    break
    return n


def _ring_orders(node_ids: list[str], pairs: list[tuple[str, str]]) -> Iterable[list[str]]:
    """Orders to try on the ring: as given, connected nodes next to one another, then shuffles."""
    import random

    yield list(node_ids)
    nbrs: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        nbrs[a].append(b)
        nbrs[b].append(a)
    order: list[str] = []
    for start in sorted(node_ids, key=lambda n: -len(nbrs[n])):
        stack = [start]
        while stack:
            n = stack.pop()
            if n not in order:
                order.append(n)
                stack.extend(reversed([m for m in nbrs[n] if m not in order]))
    yield order
    rng = random.Random(len(node_ids))
    for _ in range(60):
        shuffled = list(node_ids)
        rng.shuffle(shuffled)
        yield shuffled


def _graph_svg(ids: _Ids, node_ids: list[str], members: dict[str, list[str]], label_of: dict[str, str],
               links: dict[tuple[str, str], list[str]], reuse: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any] | None:
    """The drawing: on a ring when the labels fit apart and no edge runs through another node,
    else in two columns (reports, outside sources); None when neither keeps the labels apart."""
    texts = {nid: _short(label_of[nid], 30) for nid in node_ids}
    pairs = [p for p in list(reuse) + list(links) if p[0] in texts and p[1] in texts]
    column = True
    for order in _ring_orders(node_ids, pairs):
        boxes, w, h = _ring_layout(order, texts)
        if _boxes_apart(boxes) and _box_crossings(boxes, pairs) == 0:
            column = False
            break
    if column:
        boxes, w, h = _column_layout([n for n in node_ids if n in members], [n for n in node_ids if n not in members], texts)
        if not _boxes_apart(boxes) or max(b[0] + b[2] / 2 for b in boxes.values()) > w \
                or min(b[0] - b[2] / 2 for b in boxes.values()) < 0:
            return None
    nodes = []
    for nid in node_ids:
        cx, cy, bw, bh, text = boxes[nid]
        kind = "group" if nid in members and len(members[nid]) > 1 else ("doc" if nid in members else "outside")
        href = ("#" + nid if kind == "group" else "#" + ids.d(nid) if kind == "doc" else "")
        tip = (", ".join(ids.name(d) for d in members[nid]) if kind == "group" else label_of[nid])
        nodes.append({"x": round(cx - bw / 2, 1), "y": round(cy - bh / 2, 1), "w": round(bw, 1), "h": bh,
                      "cx": round(cx, 1), "ty": round(cy + 4, 1), "text": text, "kind": kind, "href": href, "tip": tip})
    edges = []
    for (a, b), e in reuse.items():
        edges.append({"d": _edge(boxes[a], boxes[b], column), "cls": "e-copied" if e["kind"] == "copied" else "e-quotation",
                      "marker": "arrow" if e["directed"] else "", "tip": "; ".join(dict.fromkeys(e["tips"]))})
    for (a, b), what in links.items():
        if a in boxes and b in boxes:
            edges.append({"d": _edge(boxes[a], boxes[b], column), "cls": "e-cites", "marker": "arrow-g",
                          "tip": "; ".join(list(dict.fromkeys(what))[:6])})
    return {"w": w, "h": h, "nodes": nodes, "edges": edges}


def _edge(a: tuple, b: tuple, column: bool = False) -> str:
    """An SVG path between two boxes, from border to border; in the column layout, between
    boxes one above the other, a curve out to their left."""
    (ax, ay, aw, ah, _), (bx, by, bw, bh, _) = a, b
    if column and abs(ax - bx) < 1 and abs(ay - by) > ah:
        x1, x2 = ax - aw / 2 - 3, bx - bw / 2 - 3
        bend = min(x1, x2) - 24 - min(60.0, abs(ay - by) / 6)
        return f"M{x1:.1f},{ay:.1f} Q{bend:.1f},{(ay + by) / 2:.1f} {x2:.1f},{by:.1f}"
    dx, dy = bx - ax, by - ay

    def cut(w: float, hh: float) -> float:  # distance from a box centre to its border along (dx, dy)
        tx = (w / 2 + 4) / abs(dx) if dx else math.inf
        ty = (hh / 2 + 4) / abs(dy) if dy else math.inf
        return min(tx, ty)

    ta, tb = cut(aw, ah), 1 - cut(bw, bh)
    if ta >= tb:
        ta, tb = 0.0, 1.0
    return f"M{ax + dx * ta:.1f},{ay + dy * ta:.1f} L{ax + dx * tb:.1f},{ay + dy * tb:.1f}"


def _graph_listing(ids: _Ids, node_ids: list[str], members: dict[str, list[str]], label_of: dict[str, str],
                   links: dict[tuple[str, str], list[str]], reuse: dict[tuple[str, str], dict[str, Any]],
                   used: set[str]) -> list[dict[str, Any]]:
    """One row per origin of the reports: its reports, what they copy, reproduce or cite."""
    rows = []
    for nid in node_ids:
        if nid not in members:
            continue
        ds = members[nid]
        copies = []
        for (a, b), e in reuse.items():
            if nid in (a, b):
                other = b if a == nid else a
                verb = ("copies" if e["directed"] and a == nid else "is copied by" if e["directed"] else "shares text with"
                        ) if e["kind"] == "copied" else "shares a quotation with"
                copies.append(f"{verb} {label_of[other]}")
        cites = [label_of.get(b, b) for (a, b) in links if a == nid]
        if len(ds) == 1 and not copies and not cites:
            continue
        rows.append({"id": nid if len(ds) > 1 else "", "cites": _cites(ids, ds), "n": len(ds),
                     "copies": sorted(set(copies)), "sources": sorted(set(cites))})
    rows.sort(key=lambda r: (-r["n"], r["cites"][0]["label"].lower() if r["cites"] else ""))
    return rows


# -- terminology, quotes, documents ------------------------------------------------------------
def _terms(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    out = []
    order = {d.id: i for i, d in enumerate(report.documents)}
    for f in report.framing:
        if not f.labels:
            continue
        names: dict[str, dict[str, Any]] = {}
        for doc, counts in sorted(f.labels.items(), key=lambda kv: order.get(kv[0], 1 << 30)):
            for name, n in counts.items():
                row = names.setdefault(name, {"name": name, "count": 0, "docs": []})
                row["count"] += n
                row["docs"].append(doc)
        rows = sorted(names.values(), key=lambda r: (-len(r["docs"]), -r["count"], r["name"]))
        out.append({"entity": f.entity, "names": [{"name": r["name"], "count": r["count"], "n_docs": len(r["docs"]),
                                                   "cites": _cites(ids, r["docs"])} for r in rows]})
    return out


def _quotes(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    """One entry per speaker; one line per distinct quotation with a link to every report
    carrying it (and the outlet it came through); wording variants under it."""
    out = []
    for speaker, members in by_speaker(report.quote_groups):
        lines = []
        for qi, g in members:
            text, reported = shown_quote(g)
            lines.append({"text": text if reported else quote_words(text, False), "indirect": reported,
                          "carriers": [{"href": f"#{ids.d(c['doc'])}-q{qi}-{c['index']}" if ids.d(c["doc"]) else "",
                                        "label": ids.name(c["doc"]), "via": c["via"] or "", "partial": c["partial"]}
                                       for c in carriers(g)],
                          "variants": [ids.text(v) for v in g.variants]})
        out.append({"speaker": speaker_heading(speaker) if speaker else "Unattributed", "quotes": lines})
    return out


def _documents(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    spans = _collect_spans(report, ids)
    out = []
    for d in report.documents:
        meta = [x for x in (format_date(d.published) or d.published, d.dateline,
                            d.origin and f"reproduces {d.origin}") if x]
        out.append({"anchor": ids.d(d.id), "doc_id": d.id, "label": outlet_of(d) or ids.name(d.id),
                    "title": d.title or ids.name(d.id), "meta": meta, "url": d.url or "",
                    "segments": _segments(d.text, spans.get(d.id, [])), "dropped": d.dropped})
    return out


def report_title(report: Report) -> str:
    """A title for the report: the first document title, or a generic one."""
    first = next((d.title for d in report.documents if d.title), None)
    return _short(first, 90) if first else "storylens report"


def report_context(report: Report, links: list[tuple[str, str]] | None = None, title: str | None = None,
                   notice: str | None = None, action: dict[str, str] | None = None,
                   analysed: bool = True) -> dict[str, Any]:
    """The template context of a report page: plain data, no markup. ``action`` (``url``,
    ``label``) adds a button under the notice that posts to ``url`` on the page's own server
    (the web app's pages; a report file has none). With ``analysed`` false (an event whose
    analysis has not run) the page shows the reports alone."""
    ids = _Ids(report)
    n_docs = len(report.documents)
    figures = _figures(report, ids)
    quotes = _quotes(report, ids)
    n_origins = len([o for o in report.origins if o.docs])
    summary = [f"{n_docs} report{'s' if n_docs != 1 else ''}"]
    if n_origins and n_origins < n_docs:
        summary.append(f"{n_origins} independent origin{'s' if n_origins != 1 else ''}")
    summary += [
               f"{len(report.claim_groups)} figure{'s' if len(report.claim_groups) != 1 else ''}",
               f"{len(quotes)} quoted speaker{'s' if len(quotes) != 1 else ''}"]
    sections = list(SECTIONS) if analysed else [s for s in SECTIONS if s[0] == "reports"]
    if not analysed:
        summary = summary[:1]
    if report.skipped or report.stage_errors:
        sections.append(("skipped", "Not analysed"))
    return {
        "title": title or report_title(report), "summary": summary, "links": links or [], "notice": notice or "",
        "sections": sections, "css": CSS, "script": SCRIPT,
        # a page with an action posts its form to its own server; a report file posts nowhere
        "csp": CSP.replace("form-action 'none'", "form-action 'self'") if action else CSP,
        "action": action, "analysed": analysed,
        "brief": _brief(report, ids), "figures": figures, "timeline": _timeline(report, ids),
        "graph": _graph(report, ids), "terms": _terms(report, ids), "quotes": quotes,
        "documents": _documents(report, ids),
        "skipped": [{"input": s.input, "line": s.line, "reason": s.reason} for s in report.skipped],
        "stage_errors": [{"stage": e.get("stage", ""), "error": e.get("error", "")} for e in report.stage_errors],
        "generator": report.generator or "storylens", "schema": report.schema,
    }


def render_html(report: Report, links: list[tuple[str, str]] | None = None, title: str | None = None,
                notice: str | None = None) -> str:
    """The whole report as one self-contained HTML page; ``links`` (label, href) go in the header."""
    return render_template("report.html", **report_context(report, links, title, notice))
