"""Report -> Markdown: the brief, claims, timeline, quotes, reuse, entities, documents."""
from __future__ import annotations

from collections import defaultdict

from ..model import Report


def _cell(s: object) -> str:
    """Table-cell safe text: no pipes or newlines from article text break the table."""
    t = "" if s is None else str(s)
    return t.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _fmt_value(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _doc_label(report: Report) -> dict[str, str]:
    return {d.id: (d.outlet or d.id) for d in report.documents}


def section_brief(report: Report) -> list[str]:
    if not report.brief:
        return []
    out = ["## Brief", ""]
    for b in report.brief:
        cites = ", ".join(b.docs)
        status = "one origin" if b.status == "single" and len(b.docs) > 1 else b.status
        tag = f" *({status})*" if status and status != "agree" else ""
        out.append(f"- {b.text} [{cites}]{tag}")
    return out + [""]


def section_claims(report: Report) -> list[str]:
    if not report.claim_groups:
        return []
    docs = [d.id for d in report.documents]
    label = _doc_label(report)
    out = ["## Figures across reports", "",
           "| topic | status | value | origins | " + " | ".join(_cell(label[d]) for d in docs) + " | note |",
           "|---|---|---|---|" + "---|" * len(docs) + "---|"]
    for g in report.claim_groups:
        per = defaultdict(list)
        for c in g.claims:
            q = f"{c.qualifier} " if c.qualifier else ""
            per[c.doc].append(f"{q}{_fmt_value(c.value)}")
        cells = [_cell(", ".join(per.get(d, []))) for d in docs]
        value = " ".join(x for x in (_fmt_value(g.value), _cell(g.unit)) if x)
        out.append(f"| {_cell(g.topic)} | **{g.status}** | {value} | "
                   f"{g.independent_sources} | " + " | ".join(cells) + f" | {_cell(g.note)} |")
    return out + [""]


def section_timeline(report: Report) -> list[str]:
    if not report.timeline:
        return []
    out = ["## Timeline", "", "| date | report | what |", "|---|---|---|"]
    for t in sorted(report.timeline, key=lambda t: t.date):
        out.append(f"| {_cell(t.date)} | {_cell(t.doc)} | {_cell(t.text)} |")
    return out + [""]


def speaker_key(group) -> str:
    """The speaker a quote group belongs to: its linked entity, else its name folded."""
    ids = sorted({q.speaker_entity for q in group.quotes if q.speaker_entity})
    if len(ids) == 1:
        return ids[0]
    return " ".join((group.speaker or "").lower().split()) or "(unattributed)"


def shown_quote(group) -> tuple[str, bool]:
    """(text, reported) of a group's quotation as printed: the pieces of the report that
    quotes the most of it, in order (a quotation running over paragraphs keeps every
    paragraph); ``reported`` when the group is reported speech only."""
    direct = [q for q in group.quotes if q.kind != "indirect"] or group.quotes
    by_doc: dict[str, list] = defaultdict(list)
    for q in direct:
        by_doc[q.doc].append(q)
    best = max(by_doc.values(), key=lambda qs: (sum(len(q.text.split()) for q in qs), -min(q.start for q in qs)))
    text = " ".join(q.text for q in sorted(best, key=lambda q: q.start))
    return text, all(q.kind == "indirect" for q in best)


def quote_words(text: str, reported: bool) -> str:
    """A quotation in marks; a text that carries its own marks (a reported clause with quoted
    words, pieces with the attribution between them) and reported speech as written."""
    if reported:
        return f"{text} (reported speech)"
    if any(m in text for m in '"\u201c\u201d'):
        return text
    return f"\u201c{text}\u201d"


def section_quotes(report: Report) -> list[str]:
    """One heading per speaker; one line per distinct quotation, with every report that
    carries it (and the outlet it came through), its wording variants below it."""
    if not report.quote_groups:
        return []
    out = ["## Quotes", ""]
    by_speaker: dict[str, list] = defaultdict(list)
    for g in report.quote_groups:
        by_speaker[speaker_key(g)].append(g)
    for groups in by_speaker.values():
        names = [g.speaker for g in groups if g.speaker]
        speaker = max(names, key=lambda n: (names.count(n), len(n))) if names else "(unattributed)"
        out.append(f"### {_cell(speaker)}")
        out.append("")
        for g in groups:
            text, reported = shown_quote(g)
            words = quote_words(_cell(text), reported)
            carriers = []
            for d in dict.fromkeys(x.doc for x in g.quotes):
                mine = [x for x in g.quotes if x.doc == d]
                via = next((x.via for x in mine if x.via), None)
                tag = d + (f" via {_cell(via)}" if via else "")
                if all(x.partial for x in mine):
                    tag += " (partial)"
                carriers.append(tag)
            out.append(f"- {words} [{', '.join(carriers)}]")
            for v in g.variants:
                out.append(f"  - variant: {_cell(v)}")
        out.append("")
    return out


def section_reuse(report: Report) -> list[str]:
    if not report.reuse and not report.citations and not report.origins:
        return []
    out = ["## Reuse, citations and origins", ""]
    for r in report.reuse:
        direction = f" ({r.direction})" if r.direction else ""
        out.append(f"- **{r.kind}**: {' ~ '.join(r.docs)}{direction}")
        for p in r.passages[:4]:
            out.append(f"  - {p.doc} [{p.start}:{p.end}]: “{_cell(p.text[:240])}”")
    if report.citations:
        out.append("")
        out.append("| report | cites | as |")
        out.append("|---|---|---|")
        for c in report.citations:
            out.append(f"| {c.doc} | {_cell(c.cites)} | {_cell(c.text)} |")
    if report.origins:
        out.append("")
        out.append("Independent origins: " + "; ".join(
            f"{o.id}: {', '.join(o.docs)}" for o in report.origins))
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
        docs = [d.id for d in report.documents]
        label = _doc_label(report)
        out += ["### Terms per outlet", "",
                "| entity | " + " | ".join(_cell(label[d]) for d in docs) + " |",
                "|---|" + "---|" * len(docs)]
        for f in report.framing:
            cells = [_cell(", ".join(f"{k} ×{n}" for k, n in f.labels.get(d, {}).items())) for d in docs]
            out.append(f"| {_cell(f.entity)} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def section_documents(report: Report) -> list[str]:
    out = ["## Reports", "", "| id | title | outlet | origin | published | dateline | dropped lines |",
           "|---|---|---|---|---|---|---|"]
    for d in report.documents:
        out.append(f"| {d.id} | {_cell(d.title)} | {_cell(d.outlet)} | {_cell(d.origin)} | "
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
