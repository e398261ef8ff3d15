"""How quotations are shown, shared by the Markdown and HTML renderers: one heading per
speaker, one line per distinct quotation."""
from __future__ import annotations

import re
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


_PIECE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]+)[\"\u201d]")
_OPEN = ('"', "\u201c")
_CLOSE = ('"', "\u201d")


def quote_words(text: str, reported: bool) -> str:
    """A quotation in marks; pieces of one statement with the attribution between them
    ('"A," she said. "B."') as the quoted words alone, joined by an ellipsis; a reported clause
    with quoted words and reported speech as written."""
    if reported:
        return f"{text} (reported speech)"
    t = text.strip()
    if t.startswith(_OPEN) and t.endswith(_CLOSE):
        pieces = [m.group(1).strip().rstrip(",").strip() for m in _PIECE.finditer(t)]
        pieces = [p for p in pieces if p]
        if len(pieces) >= 2:
            return "\u201c" + " \u2026 ".join(pieces) + "\u201d"
    if any(m in text for m in '"\u201c\u201d'):
        return text
    return f"\u201c{text}\u201d"


def is_role(name: str) -> bool:
    """Whether a speaker is a role or a body named by a common noun ('police', 'officials',
    'a spokeswoman'), not a name."""
    return bool(name) and not any(w[:1].isupper() for w in name.split())


def speaker_heading(name: str) -> str:
    """A speaker's heading: the name; a role or body marked as not named."""
    if not name:
        return "(unattributed)"
    return f"{name[:1].upper()}{name[1:]} (not named)" if is_role(name) else name


def by_speaker(groups: list[QuoteGroup]) -> list[tuple[str, list[tuple[int, QuoteGroup]]]]:
    """(speaker's name as shown, [(index in ``groups``, group)]) in first-seen order; the name
    is the one most groups give it (the longest on a tie)."""
    buckets: dict[str, list[tuple[int, QuoteGroup]]] = {}
    for i, g in enumerate(groups):
        buckets.setdefault(speaker_key(g), []).append((i, g))
    out = []
    for members in buckets.values():
        names = [g.speaker for _, g in members if g.speaker]
        roles = [n for n in names if is_role(n)]  # 'Officials' opening a sentence is 'officials'
        names = roles or names
        out.append((max(names, key=lambda n: (names.count(n), len(n))) if names else "", members))
    # named speakers first, then roles and bodies, then the unattributed
    order = {id(x): k for k, x in enumerate(out)}
    return sorted(out, key=lambda x: (not x[0], is_role(x[0]), order[id(x)]))


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
