"""Places the entity tagger misses: a capitalised name the reports use as a town's.

A name is read as a place when reports write it in a locative frame: after "in" or
"outside" ("shot in Alder"), before a local service ("Alder police", "Alder Fire"), or before a
state ("Alder, Ky."), in a report's text or its title. One frame is weak evidence, so a name
needs such frames in two origins (or the "Town, State" frame once), and it is no place when it names a person the reports tag
as such, when the reports write its first word in lower case (a common word in a title-case
line) or when it ends in a building's or a body's head word ("Alder High School").
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..lang.en.calendar import DATE_WORDS
from ..lang.en.names import NOT_NAME_WORDS
from ..lang.en.organisations import ORG_HEADS
from ..lang.en.places import AREA_HEADS, DIRECTIONS, LOCAL_FORCES, NOT_TOWN_WORDS, SITE_HEADS, US_STATES
from ..model import Document, Entity, Mention

IN_SHARE = 0.3  # a name framed only by "in": the share of its mentions so framed, at least
TITLES = True  # frames in a report's title count as the report's

_WORD = r"[A-Z][a-z][\w'’-]*"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_STATES = "|".join(sorted((re.escape(s) for s in US_STATES), key=len, reverse=True))
_IN = re.compile(rf"(?<![\w-])(?:[Ii]n|outside)\s+(?P<name>{_NAME})")
_AFTER_NAME = r"(?<![\w'’.-])(?<![A-Z][a-z]\.\s)(?<![A-Z]\.\s)"  # not inside a name ("Mt. Alder")
_FORCE = re.compile(rf"{_AFTER_NAME}(?P<name>{_NAME})\s+(?i:{'|'.join(sorted(LOCAL_FORCES))})\b")
_STATE = re.compile(rf"{_AFTER_NAME}(?P<name>{_NAME}),\s+(?=[A-Z])(?i:{_STATES})\b\.?(?!\s*[a-z])")


def _bad(word: str) -> bool:
    low = word.lower()
    return low in DATE_WORDS or word in NOT_NAME_WORDS or low in SITE_HEADS or low in ORG_HEADS


def _possessive(word: str) -> bool:
    return bool(re.search(r"['’]s$", word))


def _clean(name: str, frame: str) -> str | None:
    """The town's name in a framed span, or None when the span names no town. After "in" the
    name runs from the frame to a date word ("in Alder Friday"), and a building's head word
    makes it a site ("in Alder High School"); before a service or a state it runs back to
    the last word that is no name's ("the Alder police", "Main Street Alder, Ky.")."""
    words = name.split()
    if frame == "in":
        cut = next((i for i, w in enumerate(words) if _bad(w) or _possessive(w)), len(words))
        if cut < len(words) and _possessive(words[cut]):
            if cut + 1 < len(words):
                return None  # "in Alder's County": a name that goes on
            cut += 1  # "in Alder's west side": the name ends at the possessive
        elif any(w.lower() in SITE_HEADS or w.lower() in ORG_HEADS for w in words[cut:]):
            return None
        keep = [re.sub(r"['’]s$", "", w) for w in words[:cut]]
    else:
        last = max((i for i, w in enumerate(words) if _bad(w) or _possessive(w)), default=-1)
        keep = words[last + 1:]
        if frame == "force" and keep and keep[-1].lower() in NOT_TOWN_WORDS:
            return None
    if not keep or (frame == "state" and " ".join(keep).lower() in US_STATES):
        return None
    return " ".join(keep)


def framed_at(text: str) -> list[tuple[str, str, int]]:
    """(name, frame, where) for each capitalised name written in a locative frame in a text."""
    return list(_framed_at(text))


@lru_cache(maxsize=64)
def _framed_at(text: str) -> tuple[tuple[str, str, int], ...]:
    # kept per text: the brief asks for the frames of an event's reports up to three times
    # (untagged places, places framed elsewhere, the openings' place)
    out: list[tuple[str, str, int]] = []
    for frame, pattern in (("in", _IN), ("force", _FORCE), ("state", _STATE)):
        for m in pattern.finditer(text):
            name = _clean(m.group("name"), frame)
            if name is not None:
                out.append((name, frame, m.start()))
    return tuple(out)


def framed(text: str) -> list[tuple[str, str]]:
    """(name, frame) for each capitalised name written in a locative frame in a text."""
    return [(name, frame) for name, frame, _ in framed_at(text)]


def _lower_words(documents: list[Document]) -> set[str]:
    return {w for d in documents for w in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+", d.text)}


def _mentions(d: Document, name: str) -> list[Mention]:
    """Where a report writes the name alone (not as the start of a longer name)."""
    out = []
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", d.text):
        nxt = re.match(r"(?:['’]s)?\s+([A-Z][\w'’-]*)", d.text[m.end():m.end() + 40])
        if nxt and nxt.group(1).lower() not in LOCAL_FORCES:
            continue
        out.append(Mention(d.id, m.start(), m.end(), name))
    return out


def _not_places(entities: list) -> set[str]:
    """Names the tagger gives to people or peoples: a person's full name and surname (of a
    name of plain capitalised words, "Ann Alder"), a nationality ("British")."""
    out: set[str] = set()
    for e in entities:
        kind = getattr(e, "type", "")
        if kind == "NORP":
            out.add(e.name.lower())
        elif kind == "PERSON":
            out.add(e.name.lower())
            words = e.name.split()
            if len(words) >= 2 and all(re.fullmatch(r"[A-Z][a-z]+", w) for w in words):
                out.add(words[-1].lower())
    return out


def untagged_candidates(documents: list[Document], entities: list,
                        origin_of: Callable[[str], str] = lambda d: d) -> dict[str, dict]:
    """Every name the reports frame as a place that is no tagged place, person, people or
    common word: its name, the origins framing it and the frames, by lower-cased name (what
    :func:`untagged_places` filters; compute it once when asking at several ``min_origins``)."""
    tagged = {e.name.lower() for e in entities if getattr(e, "type", "") in ("GPE", "LOC")}
    not_places = _not_places(entities)
    lower = _lower_words(documents)
    seen: dict[str, dict] = {}
    for d in documents:
        # a report's title frames places as its text does ("Shooting in Alder, Ky.")
        frames = framed(d.text) + (framed(d.title) if TITLES and d.title else [])
        for name, frame in frames:
            key = name.lower()
            if key in tagged or key in not_places or key in DIRECTIONS or name.split()[0].lower() in lower:
                continue  # a tagged place, person or people, or a common word
            c = seen.setdefault(key, {"name": name, "origins": set(), "frames": []})
            c["origins"].add(origin_of(d.id))
            c["frames"].append(frame)
    return seen


def untagged_places(documents: list[Document], entities: list,
                    origin_of: Callable[[str], str] = lambda d: d, min_origins: int = 2,
                    candidates: dict[str, dict] | None = None) -> list[Entity]:
    """Places the tagger left untagged or tagged as another kind, as GPE entities whose
    mentions are every mention of the name alone. A name needs frames in ``min_origins``
    origins (or the "Town, State" frame once); one only ever framed by "in" needs such frames
    for IN_SHARE of its mentions at least (a company or a person is mostly named otherwise:
    "in Alder Corp's", "Alder said"). ``candidates``: :func:`untagged_candidates` of the same
    reports, when the caller has them."""
    seen = untagged_candidates(documents, entities, origin_of) if candidates is None else candidates
    out = []
    for key, c in seen.items():
        if len(c["origins"]) < min_origins and "state" not in c["frames"]:
            continue
        if "mentions" not in c:  # kept with the candidate: a second call does not look again
            c["mentions"] = [m for d in documents for m in _mentions(d, c["name"])]
        mentions = c["mentions"]
        if mentions and (set(c["frames"]) != {"in"} or len(c["frames"]) >= IN_SHARE * len(mentions)):
            out.append(Entity(f"place:{key}", c["name"], "GPE", list(mentions)))
    return out


def framed_elsewhere(documents: list[Document], entities: list) -> list[Entity]:
    """A place the tagger marks in some reports, framed as a place in reports where it is not
    marked ("Alder police" tagged as one organisation): its mentions in those reports, as a
    GPE entity of the same name."""
    places = {e.name.lower(): e for e in entities if getattr(e, "type", "") == "GPE"}
    named = {d.id: {n.lower() for n, _ in framed(d.text)} & places.keys() for d in documents}
    out = []
    for key, e in places.items():
        marked = {m.doc for m in e.mentions}
        extra = [m for d in documents if d.id not in marked and key in named[d.id] for m in _mentions(d, e.name)]
        if extra:
            out.append(Entity(f"place:{key}", e.name, "GPE", extra))
    return out


def opening_place(documents: list[Document], entities: list, opening: int,
                  candidates: dict[str, dict] | None = None) -> str | None:
    """The place framed as one ("in Alder", "Alder police") in the openings (the first
    `opening` characters) of the reports most often, a tagged place or one framed so in any
    report; None when no opening frames one. ``candidates``: :func:`untagged_candidates` of
    the same reports, when the caller has them."""
    known = {e.name.lower(): e.name for e in entities if getattr(e, "type", "") == "GPE"}
    known |= {e.name.lower(): e.name for e in untagged_places(documents, entities, min_origins=1,
                                                               candidates=candidates)}
    found: dict[str, list[tuple[str, int]]] = {}
    for d in documents:
        for name, frame, at in framed_at(d.text[:opening]):
            if name.lower() in known and name.split()[-1].lower() not in AREA_HEADS:
                found.setdefault(name.lower(), []).append((frame, at))
    if not found:
        return None
    # where it happened ("in Alder") before whose service spoke ("Vell police")
    best = max(found, key=lambda k: (sum(f != "force" for f, _ in found[k]), len(found[k]),
                                     -min(at for _, at in found[k])))
    return known[best]
