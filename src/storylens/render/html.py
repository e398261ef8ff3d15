"""Report -> one self-contained HTML file.

No network requests: no external fonts, scripts, styles or images. The page reads without
JavaScript; one small inline script (allowed by its hash in the Content-Security-Policy, which
forbids inline event handlers and remote loads) only smooths navigation between a table cell
and the highlighted span it links to.

Sections: the brief; the claims table (claim groups × reports, coloured by status, with notes
and independent-origin counts); the timeline as an SVG chart; the reuse/citation graph as an
SVG; the terminology matrix; quotes with their variants; each report's text with the spans of
its claims, quotes and entities highlighted and linked from the tables; dropped lines folded
away; skipped inputs. Every piece of article text is escaped.
"""
from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import defaultdict
from datetime import date
from html import escape
from typing import Iterable

from ..model import Document, QuoteGroup, Report

STATUS_LABEL = {"agree": "agree", "disagree": "differ", "reconciled": "reconciled", "single": "one source"}

SCRIPT = """(function(){
function flash(id){var t=id&&document.getElementById(id);if(!t)return;
var on=document.querySelectorAll('[data-s~="'+id+'"]');
for(var i=0;i<on.length;i++){on[i].classList.add('flash');}
setTimeout(function(){for(var i=0;i<on.length;i++){on[i].classList.remove('flash');}},2200);
var d=t.closest('details');if(d)d.open=true;t.scrollIntoView({block:'center'});}
window.addEventListener('hashchange',function(){flash(location.hash.slice(1));});
if(location.hash)flash(location.hash.slice(1));
})();"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()

CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

CSS = """
:root{--ink:#1d232b;--muted:#5d6b7a;--line:#dfe4ea;--bg:#f6f7f9;--card:#fff;
--agree:#2e7d4f;--agree-bg:#e4f3ea;--disagree:#b3401f;--disagree-bg:#fbe6df;
--reconciled:#2f5f9e;--reconciled-bg:#e3ecf8;--single:#6b6f76;--single-bg:#eeeff1;}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{background:#1f2a37;color:#fff;padding:18px 28px}
header.top h1{margin:0;font-size:1.45rem;font-weight:650}
header.top p{margin:4px 0 0;color:#c9d3de;font-size:.92rem}
header.top a{color:#fff}
nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;font-size:.9rem}
nav.toc a{margin-right:14px;color:#2f5f9e;text-decoration:none;white-space:nowrap}
nav.toc a:hover{text-decoration:underline}
main{max-width:1180px;margin:0 auto;padding:18px 24px 60px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 2px rgba(0,0,0,.03)}
h2{font-size:1.2rem;margin:0 0 12px}
h3{font-size:1.02rem;margin:14px 0 6px}
.empty{color:var(--muted);font-style:italic}
ol.brief{margin:0;padding-left:1.4em}
ol.brief li{margin:8px 0}
.badge{display:inline-block;font-size:.72rem;font-weight:600;letter-spacing:.02em;text-transform:uppercase;border-radius:999px;padding:1px 8px;margin-right:6px;vertical-align:1px;white-space:nowrap}
.st-agree{color:var(--agree);background:var(--agree-bg)}
.st-disagree{color:var(--disagree);background:var(--disagree-bg)}
.st-reconciled{color:var(--reconciled);background:var(--reconciled-bg)}
.st-single{color:var(--single);background:var(--single-bg)}
.cite{font-size:.8rem;color:var(--muted)}
.cite a{color:#2f5f9e;text-decoration:none;background:#eef3fa;border-radius:4px;padding:0 5px;margin-left:4px;white-space:nowrap}
.cite a:hover{background:#dbe6f5}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:7px 8px;text-align:left;vertical-align:top}
th{background:#fafbfc;font-weight:600;font-size:.82rem;color:#3b4754}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.cell a{display:block;color:inherit;text-decoration:none;border-radius:5px;padding:2px 5px;margin:1px 0}
tr.g-agree td.cell a{background:var(--agree-bg)}
tr.g-disagree td.cell a{background:var(--disagree-bg)}
tr.g-reconciled td.cell a{background:var(--reconciled-bg)}
tr.g-single td.cell a{background:var(--single-bg)}
td.cell a:hover{outline:2px solid #9db4d6}
td.note{color:var(--muted);font-size:.84rem;max-width:260px}
svg{max-width:100%;height:auto;font-family:inherit}
.legend{font-size:.82rem;color:var(--muted);margin-top:6px}
.legend span{margin-right:14px}
.quote{border-left:3px solid #c7d2df;padding:4px 12px;margin:8px 0;color:#26313d}
.quote .via{color:var(--muted);font-size:.85rem}
ul.variants{font-size:.85rem;color:var(--muted);margin:4px 0 0}
article.doc{border-top:1px solid var(--line);padding-top:12px;margin-top:14px}
article.doc h3{margin:0}
.meta{color:var(--muted);font-size:.85rem;margin:2px 0 8px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;font-family:Georgia,"Times New Roman",serif;font-size:1rem;line-height:1.65;max-width:78ch}
.text mark{background:none;color:inherit;padding:0 1px;border-radius:3px}
.text mark.claim{background:#fff0b3}
.text mark.quote{background:#e6defa}
.text mark.claim.quote{background:#f3dcc4}
.text mark.entity{border-bottom:2px solid #9fb8d8}
.text mark.flash,mark.flash{outline:3px solid #f0a500;background:#ffe08a}
.text mark:target{outline:3px solid #f0a500}
details{margin-top:8px}
summary{cursor:pointer;color:var(--muted);font-size:.88rem}
pre.dropped{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.82rem;color:#6b7580;background:#fafbfc;border:1px solid var(--line);border-radius:6px;padding:8px}
.kw{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
footer{color:var(--muted);font-size:.8rem;text-align:center;margin:30px 0}
"""


def _e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def _short(s: str | None, n: int = 48) -> str:
    s = re.sub(r"\s+", " ", s or "").strip()
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + "…"


class _Ids:
    """Stable, safe HTML ids for documents and spans (document ids may hold any character)."""

    def __init__(self, report: Report):
        self.doc = {d.id: f"d{i + 1}" for i, d in enumerate(report.documents)}
        self.label = {d.id: _short(d.outlet or d.title or d.id, 28) for d in report.documents}

    def d(self, doc_id: str) -> str:
        return self.doc.get(doc_id, "")


def _cite(ids: _Ids, doc_ids: Iterable[str]) -> str:
    links = [f'<a href="#{ids.d(d)}">{_e(ids.label.get(d, d))}</a>' for d in doc_ids if ids.d(d)]
    return f'<span class="cite">{"".join(links)}</span>' if links else ""


def _badge(status: str | None, n_docs: int = 1) -> str:
    st = status if status in STATUS_LABEL else "single"
    label = "one origin" if st == "single" and n_docs > 1 else STATUS_LABEL[st]  # copies of one source
    return f'<span class="badge st-{st}">{_e(label)}</span>'


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


def _highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """Escaped text with <mark> segments; each span's id sits on its first segment."""
    if not spans:
        return _e(text)
    cuts = sorted({0, len(text), *[s for s, *_ in spans], *[e for _, e, *_ in spans]})
    starts: dict[int, list[str]] = defaultdict(list)
    for s, _, _, sid, _ in spans:
        starts[s].append(sid)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        seg = _e(text[a:b])
        cover = [sp for sp in spans if sp[0] <= a and sp[1] >= b]
        if not cover:
            out.append(seg)
            continue
        kinds = sorted({k for _, _, k, _, _ in cover})
        sids = " ".join(sid for *_, sid, _ in cover)
        tips = "; ".join(dict.fromkeys(t for *_, t in cover))
        anchor = "".join(f'<span id="{sid}"></span>' for sid in starts.get(a, []))
        out.append(f'{anchor}<mark class="{" ".join(kinds)}" data-s="{_e(sids)}" title="{_e(tips)}">{seg}</mark>')
    return "".join(out)


# -- sections ----------------------------------------------------------------------------------
def _brief(report: Report, ids: _Ids) -> str:
    if not report.brief:
        return '<p class="empty">No brief could be written for these reports.</p>'
    items = [f"<li>{_badge(b.status, len(b.docs))}{_e(b.text)} {_cite(ids, b.docs)}</li>" for b in report.brief]
    return '<ol class="brief">' + "".join(items) + "</ol>"


def _fmt_value(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _claims(report: Report, ids: _Ids) -> str:
    if not report.claim_groups:
        return '<p class="empty">No figures were found that the reports state.</p>'
    head = "".join(f'<th><a href="#{ids.d(d.id)}">{_e(ids.label[d.id])}</a></th>' for d in report.documents)
    rows = []
    for gi, g in enumerate(report.claim_groups):
        cells = []
        for d in report.documents:
            links = [f'<a href="#{ids.d(c.doc)}-c{gi}-{ci}" title="{_e(c.sentence or c.text)}">{_e(_short(c.text, 60))}</a>'
                     for ci, c in enumerate(g.claims) if c.doc == d.id]
            cells.append(f'<td class="cell">{"".join(links)}</td>')
        value = _e(" ".join(x for x in (_fmt_value(g.value), g.unit or "") if x))
        st = g.status if g.status in STATUS_LABEL else "single"
        rows.append(f'<tr class="g-{st}" id="g-{gi}"><td><strong>{_e(g.topic)}</strong>'
                    f'{"<br><span class=cite>" + _e(g.scope) + "</span>" if g.scope else ""}</td>'
                    f'<td>{_badge(g.status)}</td><td>{value}</td>'
                    f'<td class="num">{g.independent_sources}</td>{"".join(cells)}'
                    f'<td class="note">{_e(g.note)}</td></tr>')
    return ('<div class="scroll"><table class="claims"><thead><tr><th>What</th><th>Status</th><th>Best-supported</th>'
            f'<th title="independent origins">Origins</th>{head}<th>Note</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _parse_date(s: str) -> date | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", s or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _timeline(report: Report, ids: _Ids) -> str:
    items = [(t, _parse_date(t.date)) for t in report.timeline]
    items = [(t, d) for t, d in items if d is not None]
    if not items:
        return '<p class="empty">The reports give no dates that could be placed on a timeline.</p>'
    items.sort(key=lambda x: (x[1], x[0].doc))
    days = sorted({d for _, d in items})
    lo, hi = days[0].toordinal(), days[-1].toordinal()
    width, left, right = 900, 70, 40
    span = max(1, hi - lo)
    xs = {d: left + (d.toordinal() - lo) / span * (width - left - right) if hi > lo else width / 2 for d in days}
    lanes: dict[date, int] = defaultdict(int)
    dots, labels = [], []
    for t, d in items:
        lane = lanes[d]
        lanes[d] += 1
        x, y = xs[d], 70 + lane * 22
        st = t.status if t.status in STATUS_LABEL else "single"
        colour = {"agree": "#2e7d4f", "disagree": "#b3401f", "reconciled": "#2f5f9e"}.get(st, "#6b6f76")
        href = f"#{ids.d(t.doc)}"
        dots.append(f'<a href="{href}"><circle cx="{x:.1f}" cy="{y}" r="7" fill="{colour}" opacity=".85">'
                    f'<title>{_e(t.date)} — {_e(ids.label.get(t.doc, t.doc))}: {_e(_short(t.text, 140))}</title></circle></a>')
    height = 90 + max(lanes.values()) * 22
    for i, d in enumerate(days):
        if len(days) > 12 and i % math.ceil(len(days) / 12):
            continue
        labels.append(f'<text x="{xs[d]:.1f}" y="40" text-anchor="middle" font-size="12" fill="#3b4754">{_e(d.isoformat())}</text>'
                      f'<line x1="{xs[d]:.1f}" x2="{xs[d]:.1f}" y1="48" y2="{height - 10}" stroke="#dfe4ea"/>')
    svg = (f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="timeline">'
           f'<line x1="{left - 20}" x2="{width - right + 20}" y1="54" y2="54" stroke="#9aa7b5" stroke-width="2"/>'
           + "".join(labels) + "".join(dots) + "</svg>")
    rows = "".join(f'<tr><td class="kw">{_e(t.date)}</td><td>{_badge(t.status) if t.status else ""}{_e(_short(t.text, 220))}</td>'
                   f'<td>{_cite(ids, [t.doc] + [x for x in t.docs if x != t.doc])}</td></tr>' for t, _ in items)
    return (svg + '<details><summary>Timeline as a table</summary><table><thead><tr><th>Date</th><th>What</th>'
            f"<th>Reports</th></tr></thead><tbody>{rows}</tbody></table></details>")


# words news outlets, agencies and broadcasters use in their names (general knowledge)
OUTLET_WORDS = frozenset("""news times post herald tribune journal daily tv radio press gazette telegraph guardian
chronicle observer courier wire agency broadcasting broadcaster channel television network newspaper magazine
dispatch bulletin examiner inquirer sentinel monitor globe mail mirror express newsroom""".split())
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|org|net|co\.uk|co|tv|news|info)\b", re.I)
_CALLSIGN = re.compile(r"^[A-Z0-9][A-Z0-9&.'-]*$")


def _fold_name(name: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", name or "").strip().lower())


def _outlet_target(name: str | None, kind: str | None, report: Report, by: str | None = None) -> tuple[str, str] | None:
    """(node id, label) when a cited name is a news outlet or agency: the citing report's own
    outlet (the node is that report, ``by``), another report's outlet (the node is that report), a wire agency, a name holding a word outlets use in their names
    or a web domain, or a brand-like name a report credits or is "reported by"; else None."""
    if not name or not name.strip():
        return None
    from ..stages.metadata import agency, display_name, same_source

    own = next((d for d in report.documents if d.id == by), None)
    if own is not None and own.outlet and same_source(name, own.outlet):
        return own.id, own.outlet  # the report's own outlet
    for d in report.documents:
        if d.outlet and same_source(name, d.outlet):
            return d.id, d.outlet
    words = [w.strip(".,;:()'’") for w in name.split()]
    capitalised = bool(words) and all(w[:1].isupper() or w.lower() in ("of", "and", "the", "&", "de")
                                      for w in words if w)
    brand = any(_CALLSIGN.match(w) and sum(ch.isupper() for ch in w) >= 2 for w in words if w)
    is_outlet = (agency(name) is not None or bool(_DOMAIN.search(name))
                 or (capitalised and any(w.lower() in OUTLET_WORDS for w in words))
                 or (kind in ("credit", "cited_by") and capitalised)
                 or (kind == "reported" and brand))
    if not is_outlet:
        return None
    label = display_name(name) or name
    return f"ext:{_fold_name(label)}", label


def _graph(report: Report, ids: _Ids) -> str:
    """Reports and the outlets or agencies they copy, reproduce or cite, as an SVG; every other
    cited source (officials, agencies of government, speakers) in a table under it."""
    docs = report.documents
    if not docs or (not report.reuse and not report.citations and not any(d.origin for d in docs)):
        return '<p class="empty">No report was found to copy or cite another.</p>'
    external: dict[str, str] = {}
    links: dict[tuple[str, str], list[str]] = defaultdict(list)  # (report, target node) -> what
    generic: dict[str, dict] = {}
    for d in docs:
        tgt = _outlet_target(d.origin, "credit", report, d.id) if d.origin else None
        if tgt and tgt[0] != d.id:
            if tgt[0].startswith("ext:"):
                external.setdefault(*tgt)
            links[(d.id, tgt[0])].append(f"reproduces {tgt[1]}")
    for c in report.citations:
        tgt = _outlet_target(c.cites, c.kind, report, c.doc)
        if tgt is None:
            key = _fold_name(c.cites)
            if not key:
                continue
            row = generic.setdefault(key, {"name": c.cites, "docs": [], "n": 0, "text": c.text})
            row["n"] += 1
            if c.doc not in row["docs"]:
                row["docs"].append(c.doc)
            continue
        if tgt[0] == c.doc:  # a report crediting its own outlet
            continue
        if tgt[0].startswith("ext:"):
            external.setdefault(*tgt)
        links[(c.doc, tgt[0])].append(f"cites {tgt[1]}: {_short(c.text, 80)}")
    ext_nodes = list(external.items())[:12]
    nodes = [(d.id, ids.label[d.id], True) for d in docs] + [(nid, _short(lab, 24), False) for nid, lab in ext_nodes]
    n = len(nodes)
    w, h, r = 900, 420, 150
    pos = {}
    for i, (nid, _, _) in enumerate(nodes):
        ang = 2 * math.pi * i / max(1, n) - math.pi / 2
        pos[nid] = (w / 2 + 1.6 * r * math.cos(ang), h / 2 + r * math.sin(ang))
    edges = []
    for u in report.reuse:
        if len(u.docs) < 2 or u.docs[0] not in pos or u.docs[1] not in pos:
            continue
        a, b = u.docs[0], u.docs[1]
        if u.direction and "->" in u.direction:
            src, dst = (x.strip() for x in u.direction.split("->", 1))
            if src in pos and dst in pos:
                a, b = src, dst
        dash = ' stroke-dasharray="6 5"' if u.kind == "quotation" else ""
        colour = "#b3401f" if u.kind == "copied" else "#2f5f9e"
        marker = ' marker-end="url(#arrow)"' if u.direction else ""
        edges.append(_edge(pos[a], pos[b], colour, dash, marker, f"{u.kind}: {ids.label.get(a)} → {ids.label.get(b)}"))
    for (src, tgt), what in links.items():
        if src in pos and tgt in pos:
            edges.append(_edge(pos[src], pos[tgt], "#7b8794", ' stroke-dasharray="2 4"', ' marker-end="url(#arrow-g)"',
                               "; ".join(dict.fromkeys(what))))
    circles = []
    for nid, label, is_doc in nodes:
        x, y = pos[nid]
        fill = "#ffffff" if is_doc else "#f1f3f5"
        link_open = f'<a href="#{ids.d(nid)}">' if is_doc else ""
        circles.append(f'{link_open}<rect x="{x - 74:.1f}" y="{y - 16:.1f}" width="148" height="32" rx="16" fill="{fill}" '
                       f'stroke="{"#1f2a37" if is_doc else "#9aa7b5"}"/><text x="{x:.1f}" y="{y + 4:.1f}" '
                       f'text-anchor="middle" font-size="12" fill="#1d232b">{_e(_short(label, 22))}</text>'
                       f'{"</a>" if is_doc else ""}')
    defs = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#b3401f"/></marker><marker id="arrow-g" viewBox="0 0 10 10" refX="9" '
            'refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#7b8794"/></marker></defs>')
    legend = ('<div class="legend"><span style="color:#b3401f">━ copied text</span><span style="color:#2f5f9e">┅ shared quotation</span>'
              '<span style="color:#7b8794">┈ reproduces or cites an outlet or agency</span>'
              '<span>white: a report · grey: an outlet not among the reports</span></div>')
    svg = (f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="reuse and citation graph">{defs}'
           + "".join(edges) + "".join(circles) + "</svg>" + legend)
    if not edges:
        svg = '<p class="empty">No report was found to copy another or to cite a news outlet or agency.</p>'
    grows = sorted(generic.values(), key=lambda r: (-len(r["docs"]), -r["n"], r["name"].lower()))
    gtable = ""
    if grows:
        body = "".join(f'<tr><td>{_e(r["name"])}</td><td>{_cite(ids, r["docs"])}</td><td class="num">{r["n"]}</td>'
                       f'<td class="cite">{_e(_short(r["text"], 120))}</td></tr>' for r in grows)
        gtable = ('<h3>Other sources the reports cite</h3><div class="scroll"><table><thead><tr><th>Source</th>'
                  '<th>Cited by</th><th title="citations">Times</th><th>For example</th></tr></thead>'
                  f"<tbody>{body}</tbody></table></div>")
    rows = "".join(f"<tr><td>{_cite(ids, [c.doc])}</td><td>{_e(c.cites)}</td><td>{_e(_short(c.text, 160))}</td></tr>"
                   for c in report.citations)
    table = (f'<details><summary>All citations ({len(report.citations)})</summary><table><thead><tr><th>Report</th>'
             f'<th>Cites</th><th>Words</th></tr></thead><tbody>{rows}</tbody></table></details>') if rows else ""
    origins = "".join(f"<li>{_cite(ids, o.docs)} <span class=cite>{_e(o.why)}</span></li>" for o in report.origins if len(o.docs) > 1)
    origins = f"<h3>Reports sharing one origin</h3><ul>{origins}</ul>" if origins else ""
    return svg + origins + gtable + table


def _edge(a: tuple[float, float], b: tuple[float, float], colour: str, dash: str, marker: str, tip: str) -> str:
    dx, dy = b[0] - a[0], b[1] - a[1]
    dist = math.hypot(dx, dy) or 1.0
    pad = 22
    x1, y1 = a[0] + dx / dist * pad, a[1] + dy / dist * pad
    x2, y2 = b[0] - dx / dist * pad, b[1] - dy / dist * pad
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="2.2"{dash}{marker}>'
            f"<title>{_e(tip)}</title></line>")


def _terms(report: Report, ids: _Ids) -> str:
    rows_src = [f for f in report.framing if f.labels]
    if not rows_src:
        return '<p class="empty">No entity is named differently across the reports.</p>'
    head = "".join(f'<th><a href="#{ids.d(d.id)}">{_e(ids.label[d.id])}</a></th>' for d in report.documents)
    rows = []
    for f in rows_src:
        cells = []
        for d in report.documents:
            labels = f.labels.get(d.id) or {}
            cells.append("<td>" + "<br>".join(f'<span class="kw">{_e(k)}</span> <span class="cite">×{v}</span>'
                                             for k, v in sorted(labels.items(), key=lambda kv: -kv[1])) + "</td>")
        rows.append(f"<tr><td><strong>{_e(f.entity)}</strong></td>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table><thead><tr><th>Entity</th>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _quotes(report: Report, ids: _Ids) -> str:
    """One heading per speaker; one line per distinct quotation with a link to every report
    carrying it (and the outlet it came through); wording variants under it."""
    from .markdown import quote_words, shown_quote, speaker_key

    if not report.quote_groups:
        return '<p class="empty">No quotation was found.</p>'
    by_speaker: dict[str, list[tuple[int, QuoteGroup]]] = {}
    for qi, g in enumerate(report.quote_groups):
        by_speaker.setdefault(speaker_key(g), []).append((qi, g))
    out = []
    for groups in by_speaker.values():
        names = [g.speaker for _, g in groups if g.speaker]
        speaker = max(names, key=lambda n: (names.count(n), len(n))) if names else "Unattributed"
        items = []
        for qi, g in groups:
            text, reported = shown_quote(g)
            words = _e(quote_words(text, False)) if not reported \
                else f'<span class="reported">{_e(text)}</span> (reported speech)'
            links = []
            for d in dict.fromkeys(q.doc for q in g.quotes):
                k = next(k for k, q in enumerate(g.quotes) if q.doc == d)
                mine = [q for q in g.quotes if q.doc == d]
                via = next((q.via for q in mine if q.via), None)
                part = " (partial)" if all(q.partial for q in mine) else ""
                links.append(f'<a href="#{ids.d(d)}-q{qi}-{k}">{_e(ids.label.get(d, d))}</a>'
                             + (f" via {_e(via)}" if via else "") + part)
            variants = ("<ul class=variants>" + "".join(f"<li>{_e(v)}</li>" for v in g.variants) + "</ul>") \
                if g.variants else ""
            items.append(f'<div class="quote">{words} <span class="via">— {", ".join(links)}</span>{variants}</div>')
        out.append(f"<h3>{_e(speaker)}</h3>{''.join(items)}")
    return "".join(out)


def _documents(report: Report, ids: _Ids) -> str:
    spans = _collect_spans(report, ids)
    out = []
    for d in report.documents:
        meta = " · ".join(_e(x) for x in (d.outlet, d.published, d.dateline, d.origin and f"origin: {d.origin}") if x)
        dropped = (f'<details><summary>{len(d.dropped)} line(s) dropped as boilerplate</summary>'
                   f'<pre class="dropped">{_e(chr(10).join(d.dropped))}</pre></details>') if d.dropped else ""
        out.append(f'<article class="doc" id="{ids.d(d.id)}"><h3>{_e(d.title or d.id)}</h3>'
                   f'<div class="meta"><span class="kw">{_e(d.id)}</span>{" · " + meta if meta else ""}</div>'
                   f'<div class="text">{_highlight(d.text, spans.get(d.id, []))}</div>{dropped}</article>')
    if not out:
        return '<p class="empty">No report was analysed.</p>'
    legend = ('<div class="legend"><span><mark class="claim" style="background:#fff0b3">figure</mark></span>'
              '<span><mark style="background:#e6defa">quotation</mark></span>'
              '<span style="border-bottom:2px solid #9fb8d8">named entity</span></div>')
    return legend + "".join(out)


def _skipped(report: Report) -> str:
    if not report.skipped and not report.stage_errors:
        return ""
    rows = "".join(f"<li><span class=kw>{_e(s.input)}</span>{' line ' + str(s.line) if s.line else ''}: {_e(s.reason)}</li>"
                   for s in report.skipped)
    errs = "".join(f"<li>stage <span class=kw>{_e(e.get('stage'))}</span>: {_e(e.get('error'))}</li>" for e in report.stage_errors)
    return (f'<section class="card" id="skipped"><h2>Not analysed</h2><ul>{rows}{errs}</ul></section>')


def report_title(report: Report) -> str:
    """A title for the report: the first document title, or a generic one."""
    first = next((d.title for d in report.documents if d.title), None)
    return _short(first, 90) if first else "storylens report"


def render_html(report: Report, links: list[tuple[str, str]] | None = None, title: str | None = None) -> str:
    """The whole report as one self-contained HTML page; ``links`` (label, href) go in the header."""
    ids = _Ids(report)
    title = title or report_title(report)
    nav_links = "".join(f' · <a href="{_e(h)}">{_e(label)}</a>' for label, h in (links or []))
    n_docs = len(report.documents)
    summary = f"{n_docs} report{'s' if n_docs != 1 else ''} · {len(report.claim_groups)} figure groups · " \
              f"{len(report.quote_groups)} quoted speakers"
    sections = [("brief", "Brief", _brief(report, ids)), ("claims", "Figures across reports", _claims(report, ids)),
                ("timeline", "Timeline", _timeline(report, ids)), ("graph", "Who copies or cites whom", _graph(report, ids)),
                ("terms", "Terminology", _terms(report, ids)), ("quotes", "Quotes", _quotes(report, ids)),
                ("reports", "The reports", _documents(report, ids))]
    toc = "".join(f'<a href="#{sid}">{_e(name)}</a>' for sid, name, _ in sections)
    body = "".join(f'<section class="card" id="{sid}"><h2>{_e(name)}</h2>{html}</section>' for sid, name, html in sections)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            f'<header class="top"><h1>{_e(title)}</h1><p>{_e(summary)}{nav_links}</p></header>'
            f'<nav class="toc">{toc}</nav><main>{body}{_skipped(report)}</main>'
            f'<footer>{_e(report.generator or "storylens")} · schema {_e(report.schema)}</footer>'
            f"<script>{SCRIPT}</script></body></html>\n")
