"""How quotations are shown, shared by the Markdown and HTML renderers: one heading per
speaker, one line per distinct quotation."""
from __future__ import annotations

from collections import defaultdict

from ..model import QuoteGroup


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


def by_speaker(groups: list[QuoteGroup]) -> list[tuple[str, list[tuple[int, QuoteGroup]]]]:
    """(speaker's name as shown, [(index in ``groups``, group)]) in first-seen order; the name
    is the one most groups give it (the longest on a tie)."""
    buckets: dict[str, list[tuple[int, QuoteGroup]]] = {}
    for i, g in enumerate(groups):
        buckets.setdefault(speaker_key(g), []).append((i, g))
    out = []
    for members in buckets.values():
        names = [g.speaker for _, g in members if g.speaker]
        out.append((max(names, key=lambda n: (names.count(n), len(n))) if names else "", members))
    return out


def carriers(group: QuoteGroup) -> list[dict]:
    """Each report carrying a quotation: its id, the index of its first piece, the relay
    it came through and whether it quotes only part of it."""
    out = []
    for d in dict.fromkeys(q.doc for q in group.quotes):
        mine = [q for q in group.quotes if q.doc == d]
        out.append({"doc": d, "index": next(k for k, q in enumerate(group.quotes) if q.doc == d),
                    "via": next((q.via for q in mine if q.via), None),
                    "partial": all(q.partial for q in mine)})
    return out
