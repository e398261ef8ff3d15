"""Origins: reports that share a source (copied text, one relaying the other, or the same
agency reproduced) form one origin group; every report is in exactly one group."""
from __future__ import annotations

import re
from collections import defaultdict

from ..model import Citation, Document, OriginGroup, Reuse
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from .reuse import _credits, house, same_name

ORIGIN_WORDS = 50  # copied words (more than one stock sentence) that make two reports one origin ...
ORIGIN_SHARE = 0.25  # ... or this share of the shorter report


def _substantial(r: Reuse, sizes: dict[str, int]) -> bool:
    """Whether a copied record makes its two reports one origin: enough copied words, in
    absolute terms or as a share of the shorter report. One shared wire paragraph in two
    otherwise independent reports does not."""
    words = {d: sum(len(re.findall(r"\w+", p.text)) for p in r.passages if p.doc == d) for d in r.docs}
    least = min(words.values())
    shorter = min(sizes.get(d, 1) for d in r.docs)
    return least >= ORIGIN_WORDS or least >= ORIGIN_SHARE * shorter


def origin_groups(docs: list[Document], reuse: list[Reuse], citations: list[Citation]) -> list[OriginGroup]:
    """Reports joined by substantial copying (:func:`_substantial`), by one citing the other's
    outlet, or by one reproducing the agency or outlet (``origin``) that the other is or also
    reproduces, form one origin;
    every report is in exactly one group. Two stories an outlet wrote itself stay apart."""
    parent = {d.id: d.id for d in docs}
    why: dict[str, list[str]] = defaultdict(list)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(x: str, y: str, reason: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[rx] = ry
        why[find(y)].append(reason)

    sizes = {d.id: max(1, len(re.findall(r"\w+", d.text))) for d in docs}
    for r in reuse:
        if r.kind == "copied" and len(r.docs) == 2 and _substantial(r, sizes):
            join(r.docs[0], r.docs[1], f"{r.docs[0]} and {r.docs[1]} share copied text")
    for a in docs:
        for b in docs:
            if a.id != b.id and _credits(a, citations, b):
                join(a.id, b.id, f"{a.id} relays {house(b)}")
    for a in docs:  # a report reproducing an agency or outlet joins that outlet's reports
        if not a.origin:
            continue
        for b in docs:
            if b.id != a.id and any(same_name(a.origin, n) for n in (b.outlet, b.origin) if n):
                join(a.id, b.id, f"{a.id} and {b.id} carry {a.origin}'s reporting")
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        groups[find(d.id)].append(d.id)
    out = []
    for n, (root, ids) in enumerate(sorted(groups.items(), key=lambda kv: docs.index(next(d for d in docs if d.id == kv[1][0]))), 1):
        reasons = [w for x in ids for w in why.get(x, [])]
        out.append(OriginGroup(id=f"o{n}", docs=ids, why="; ".join(dict.fromkeys(reasons)) or "independent"))
    return out



@stage("origins", requires=("documents", "reuse", "citations"), provides=("origins",))
def run(state: EventState) -> dict[str, list]:
    """The origin groups of the event's reports."""
    sec = state.sections
    return {"origins": origin_groups(state.documents, sec.get("reuse") or [], sec.get("citations") or [])}
