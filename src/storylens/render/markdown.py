"""Report -> Markdown: the brief, claims, timeline, quotes, reuse, entities, documents.

Reports are named by their outlet labels (:func:`storylens.labels.outlet_labels`); their ids
appear only in the table of reports at the end.
"""
from __future__ import annotations

from collections import defaultdict

from ..labels import outlet_labels, relabel, unit_for
from ..text.clock import CLOCK_UNIT, clock_text
from ..model import Report
from .quotes import by_speaker, carriers, quote_words, shown_quote, speaker_heading


def _cell(s: object) -> str:
    """Table-cell safe text: no pipes or newlines from article text break the table."""
    t = "" if s is None else str(s)
    return t.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _fmt_value(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _value_text(v: object, vmax: object = None, unit: str | None = None) -> str:
    """A claim's value as the table shows it: "12", "10–15", a time of day as "6:15 p.m."."""
    if unit == CLOCK_UNIT and isinstance(v, (int, float)):
        return clock_text(v)
    return f"{_fmt_value(v)}–{_fmt_value(vmax)}" if vmax not in (None, v) else _fmt_value(v)


def _doc_label(report: Report) -> dict[str, str]:
    return outlet_labels(report.documents)


def _names(labels: dict[str, str], docs: list[str], show: int = 6) -> str:
    """Labels of the reports ``docs``: all up to ``show``, else the first four and a count."""
    names = [labels.get(d, "another report") for d in dict.fromkeys(docs)]
    if len(names) > show:
        names = names[:4] + [f"{len(names) - 4} more"]
    return "; ".join(names)


def section_brief(report: Report) -> list[str]:
    if not report.brief:
        return []
    label = _doc_label(report)
    out = ["## Brief", ""]
    for b in report.brief:
        cites = _names(label, b.docs)
        status = "one origin" if b.status == "single" and len(b.docs) > 1 else b.status
        tag = f" *({status})*" if status and status != "agree" else ""
        out.append(f"- {relabel(b.text, label, strict=True)} [{cites}]{tag}")
    return out + [""]


def _claim_rows(report: Report, groups: list, label: dict[str, str]) -> list[str]:
    out = ["| topic | status | value | across the reports | origins | note |", "|---|---|---|---|---|---|"]
    for g in groups:
        by_value: dict[str, list[str]] = defaultdict(list)
        for c in g.claims:
            v = _value_text(c.value, c.value_max, c.unit)
            if c.doc not in by_value[v]:
                by_value[v].append(c.doc)
        spread = " · ".join(f"{v} ({len(d)} report{'s' if len(d) != 1 else ''})"
                            for v, d in sorted(by_value.items(), key=lambda kv: -len(kv[1])))
        value = _value_text(g.value, unit=g.unit) if g.unit == CLOCK_UNIT else \
            " ".join(x for x in (_fmt_value(g.value), _cell(unit_for(g.value, g.unit))) if x)
        out.append(f"| {_cell(g.topic)} | **{g.status}** | {value} | {_cell(spread)} | "
                   f"{g.independent_sources} | {_cell(relabel(g.note, label))} |")
    return out


def _background(g) -> bool:  # type: ignore[no-untyped-def]
    return g.scope == "background" or (bool(g.claims) and all(c.scope == "background" for c in g.claims))


def section_claims(report: Report) -> list[str]:
    if not report.claim_groups:
        return []
    label = _doc_label(report)
    now = [g for g in report.claim_groups if not _background(g)]
    earlier = [g for g in report.claim_groups if _background(g)]
    out = ["## Figures across reports", ""]
    if now:
        out += _claim_rows(report, now, label) + [""]
    if earlier:
        out += ["### Earlier events", ""] + _claim_rows(report, earlier, label) + [""]
    return out


def section_timeline(report: Report) -> list[str]:
    if not report.timeline:
        return []
    label = _doc_label(report)
    out = ["## Timeline", "", "| date | report | what |", "|---|---|---|"]
    for t in sorted(report.timeline, key=lambda t: t.date):
        out.append(f"| {_cell(t.date)} | {_cell(label.get(t.doc, t.doc))} | {_cell(t.text)} |")
    return out + [""]


def section_quotes(report: Report) -> list[str]:
    """One heading per speaker; one line per distinct quotation, with every report that
    carries it (and the outlet it came through), its wording variants below it."""
    if not report.quote_groups:
        return []
    label = _doc_label(report)
    out = ["## Quotes", ""]
    for speaker, members in by_speaker(report.quote_groups):
        out += [f"### {_cell(speaker_heading(speaker))}", ""]
        for _, g in members:
            text, reported = shown_quote(g)
            tags = [_cell(label.get(c["doc"], c["doc"])) + (f" via {_cell(c['via'])}" if c["via"] else "")
                    + (" (partial)" if c["partial"] else "") for c in carriers(g)]
            out.append(f"- {quote_words(_cell(text), reported)} [{', '.join(tags)}]")
            out += [f"  - variant: {_cell(relabel(v, label))}" for v in g.variants]
        out.append("")
    return out


def section_reuse(report: Report) -> list[str]:
    if not report.reuse and not report.citations and not report.origins:
        return []
    label = _doc_label(report)
    out = ["## Reuse, citations and origins", ""]
    for r in report.reuse[:200]:
        direction = ""
        if r.direction and "->" in r.direction:
            a, b = (x.strip() for x in r.direction.split("->", 1))
            direction = f" ({label.get(a, a)} → {label.get(b, b)})"
        out.append(f"- **{r.kind}**: {' ~ '.join(_cell(label.get(d, d)) for d in r.docs)}{direction}")
        for p in r.passages[:4]:
            out.append(f"  - {_cell(label.get(p.doc, p.doc))}: “{_cell(p.text[:240])}”")
    if len(report.reuse) > 200:
        out.append(f"- … and {len(report.reuse) - 200} more pairs (in the JSON report)")
    if report.citations:
        out.append("")
        out.append("| report | cites | as |")
        out.append("|---|---|---|")
        for c in report.citations:
            out.append(f"| {_cell(label.get(c.doc, c.doc))} | {_cell(c.cites)} | {_cell(c.text)} |")
    if report.origins:
        out.append("")
        out.append("Independent origins: " + "; ".join(
            f"{o.id}: {_names(label, o.docs, show=12)}" for o in report.origins))
    return out + [""]


def section_entities(report: Report) -> list[str]:
    if not report.entities:
        return []
    out = ["## Entities", "", "| entity | type | names used | reports |", "|---|---|---|---|"]
    for e in sorted(report.entities, key=lambda e: -len(e.mentions))[:60]:
        names = sorted({m.text for m in e.mentions})
        docs = sorted({m.doc for m in e.mentions})
        out.append(f"| {_cell(e.name)} | {e.type} | {_cell(', '.join(names))} | {len(docs)} |")
    out.append("")
    if report.framing:
        label = _doc_label(report)
        out += ["### Names per outlet", "", "| entity | names used |", "|---|---|"]
        for f in report.framing:
            names: dict[str, list[str]] = defaultdict(list)
            counts: dict[str, int] = defaultdict(int)
            for d, labels in f.labels.items():
                for k, n in labels.items():
                    names[k].append(d)
                    counts[k] += n
            cell = "; ".join(f"{k} ×{counts[k]} ({_names(label, ds, show=3)})"
                             for k, ds in sorted(names.items(), key=lambda kv: -len(kv[1])))
            out.append(f"| {_cell(f.entity)} | {_cell(cell)} |")
        out.append("")
    return out


def section_documents(report: Report) -> list[str]:
    label = _doc_label(report)
    out = ["## Reports", "", "| id | title | label | outlet | origin | published | dateline | dropped lines |",
           "|---|---|---|---|---|---|---|---|"]
    for d in report.documents:
        out.append(f"| {_cell(d.id)} | {_cell(d.title)} | {_cell(label[d.id])} | {_cell(d.outlet)} | {_cell(d.origin)} | "
                   f"{_cell(d.published)} | {_cell(d.dateline)} | {len(d.dropped)} |")
    if report.skipped:
        out += ["", "### Skipped inputs", ""]
        for s in report.skipped:
            line = f" line {s.line}" if s.line else ""
            out.append(f"- {_cell(s.input)}{line}: {_cell(s.reason)}")
    if report.stage_errors:
        out += ["", "### Stage errors", ""]
        out += [f"- {_cell(e.get('stage'))}: {_cell(e.get('error'))}" for e in report.stage_errors]
    return out + [""]


SECTIONS = (section_brief, section_claims, section_timeline, section_quotes, section_reuse,
            section_entities, section_documents)


def render_markdown(report: Report) -> str:
    titles = [d.title for d in report.documents if d.title]
    head = f"# {titles[0]}" if titles else "# storylens report"
    lines = [head, "", f"{len(report.documents)} reports analysed"
             + (f", {len(report.skipped)} inputs skipped" if report.skipped else "") + ".", ""]
    for section in SECTIONS:
        lines += section(report)
    return "\n".join(lines).rstrip() + "\n"
