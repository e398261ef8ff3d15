"""Online, incremental event clustering.

Each new article is compared with the events that are still open, never with all earlier
articles: its vector (MiniLM of the title and lead, blended with a hashed bag of its words)
is scored against each open event's centroid and its closest recent member, names shared
with the event add to the score, and conflicting names take from it (an article naming
other people than an event does is probably about another event of the same kind). Dates,
when known, must fall within ``window_days`` of the event. The article joins the best
event whose score reaches ``threshold``, or starts a new one.

Events close when no article has joined them for ``close_after`` articles, or (with dates)
when the newest article seen is more than ``close_days`` days past the event's last one.
Closed events leave memory, so the cost per article is flat as the corpus grows.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import numpy as np

from .features import Article


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float = 0.5  # join score needed; lower merges more
    name_weight: float = 0.2  # bonus for names (people, places, organisations) shared with the event
    person_conflict: float = 0.15  # malus when both name people and none are shared
    place_conflict: float = 0.05  # malus when both name places and none are shared
    window_days: int = 3  # an article more than this many days from an event's dates cannot join it
    close_after: int = 5000  # an event closes when no article joined it in this many articles
    close_days: int = 7  # ... or when the stream has moved this many days past its last article
    candidates: int = 12  # open events scored in full per article (the nearest centroids)
    members: int = 12  # recent member vectors kept per event


@dataclass
class OpenEvent:
    id: str
    slot: int
    n: int = 0
    vsum: np.ndarray | None = None
    members: list[np.ndarray] = field(default_factory=list)
    persons: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    orgs: Counter = field(default_factory=Counter)
    others: Counter = field(default_factory=Counter)
    first_day: int | None = None
    last_day: int | None = None
    last_seq: int = 0
    title: str | None = None


class Clusterer:
    """Assigns articles to events one at a time; see the module docstring."""

    def __init__(self, cfg: ClusterConfig = ClusterConfig(), prefix: str = "ev"):
        self.cfg = cfg
        self.prefix = prefix
        self.next_id = 1
        self.open: "OrderedDict[str, OpenEvent]" = OrderedDict()  # least recently joined first
        self.centroids: np.ndarray | None = None
        self.free: list[int] = []
        self.slot_owner: dict[int, str] = {}
        self.max_day: int | None = None

    # -- scoring ------------------------------------------------------------------------
    def _score(self, a: Article, ev: OpenEvent, cent_sim: float) -> float:
        cfg = self.cfg
        mem = max((float(np.dot(m, a.vec)) for m in ev.members), default=cent_sim)
        score = 0.5 * cent_sim + 0.5 * mem
        names_a = a.persons | a.places | a.orgs | a.others
        if names_a:
            shared = sum(1 for k in names_a if k in ev.persons or k in ev.places or k in ev.orgs
                         or k in ev.others)
            score += cfg.name_weight * min(1.0, shared / min(len(names_a), 4))
        if a.persons and ev.persons and not any(p in ev.persons for p in a.persons):
            score -= cfg.person_conflict
        if a.places and ev.places and not any(p in ev.places for p in a.places):
            score -= cfg.place_conflict
        return score

    def _fits_dates(self, a: Article, ev: OpenEvent) -> bool:
        if a.day is None or ev.first_day is None or ev.last_day is None:
            return True
        w = self.cfg.window_days
        return ev.first_day - w <= a.day <= ev.last_day + w

    def assign(self, a: Article) -> tuple[str, bool, float]:
        """(event id, is new, score) for the article; updates the event."""
        best, best_score = None, -1.0
        if self.open and self.centroids is not None:
            sims = self.centroids @ a.vec
            slots = [ev.slot for ev in self.open.values()]
            order = sorted(slots, key=lambda s: (-sims[s], s))[: self.cfg.candidates]
            for s in order:
                ev = self.open[self.slot_owner[s]]
                if not self._fits_dates(a, ev):
                    continue
                sc = self._score(a, ev, float(sims[s]))
                if sc > best_score:
                    best, best_score = ev, sc
        new = best is None or best_score < self.cfg.threshold
        if new:
            best = self._new_event(a)
        assert best is not None
        self._add(best, a)
        return best.id, new, best_score

    # -- state --------------------------------------------------------------------------
    def _new_event(self, a: Article) -> OpenEvent:
        if self.centroids is None:
            self.centroids = np.zeros((64, a.vec.shape[0]), dtype=np.float32)
            self.free = list(range(63, -1, -1))
        if not self.free:
            n = self.centroids.shape[0]
            self.centroids = np.vstack([self.centroids, np.zeros_like(self.centroids)])
            self.free = list(range(2 * n - 1, n - 1, -1))
        slot = self.free.pop()
        ev = OpenEvent(id=f"{self.prefix}{self.next_id:06d}", slot=slot, title=a.doc.title)
        self.next_id += 1
        self.open[ev.id] = ev
        self.slot_owner[slot] = ev.id
        return ev

    def _add(self, ev: OpenEvent, a: Article) -> None:
        assert self.centroids is not None
        ev.n += 1
        ev.vsum = a.vec.astype(np.float64) if ev.vsum is None else ev.vsum + a.vec
        norm = float(np.linalg.norm(ev.vsum))
        self.centroids[ev.slot] = (ev.vsum / norm) if norm else ev.vsum
        ev.members.append(a.vec)
        del ev.members[: -self.cfg.members]
        ev.persons.update(a.persons)
        ev.places.update(a.places)
        ev.orgs.update(a.orgs)
        ev.others.update(a.others)
        if a.day is not None:
            ev.first_day = a.day if ev.first_day is None else min(ev.first_day, a.day)
            ev.last_day = a.day if ev.last_day is None else max(ev.last_day, a.day)
            self.max_day = a.day if self.max_day is None else max(self.max_day, a.day)
        ev.last_seq = a.seq
        self.open.move_to_end(ev.id)

    def _close(self, ev_id: str) -> OpenEvent:
        ev = self.open.pop(ev_id)
        assert self.centroids is not None
        self.centroids[ev.slot] = 0.0
        del self.slot_owner[ev.slot]
        self.free.append(ev.slot)
        return ev

    def close_stale(self, seq: int) -> list[OpenEvent]:
        """Close events nobody joined for a while (see the module docstring)."""
        out = []
        while self.open:
            ev = next(iter(self.open.values()))
            if ev.last_seq >= seq - self.cfg.close_after:
                break
            out.append(self._close(ev.id))
        if self.max_day is not None and seq % 100 == 0:
            for ev in [e for e in self.open.values()
                       if e.last_day is not None and e.last_day < self.max_day - self.cfg.close_days]:
                out.append(self._close(ev.id))
        return out

    def close_all(self) -> list[OpenEvent]:
        """Close every open event (end of the stream)."""
        return [self._close(k) for k in list(self.open)]
