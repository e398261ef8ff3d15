"""Is a figure about the event the reports cover, or about another time or event ("background")?

Read from the figure's own clause in the spaCy parse, not from a list of events:

- a time expression attached to the figure's clause that places it in another period: a bare
  year ("in 2004", "the 2016 homicide count"), a year before the report's own, or a span such
  as "last year", "years ago", "earlier this year", "so far this year", "since 2015";
- a clause that counts over several events: the figure is counted in, or its clause belongs to,
  a plural event noun ("in 17 shootings across the city", "a series of shootings that left
  three dead");
- a clause in the past perfect together with such a time ("had been shot to death earlier this
  year");
- the time of a clause the figure's clause is joined to ("struck in 2004, killing 170 people and
  ..."; "... was charged last year, and four others were hurt"), when its own verb names none;
- the time of an event noun the clause names as its cause or setting, in the noun's own phrase
  or clause ("killed by a flood in 1998", "died in the war, fought since 1970");
- in an undated report that dates its own event by the day ("on Sunday"), a month named alone
  ("in October") on the figure's clause, or in the sentence before when the clause's subject
  points back to it ("It killed 210 people").

A time expression in a nested clause of its own ("the deadliest since 2015", "who was born in
1990") does not move the figure.
"""
from __future__ import annotations

import re
from typing import Any

from ..lang.en.calendar import DAY_WORDS, MONTHS, WEEKDAYS
from ..lang.en.places import PLACE_NOUNS as AREA_NOUNS
from ..lang.en.quantities import SCOPE_WORDS, YEAR_EVENTS

OUTCOME_VERBS = frozenset().union(*(w for k, w in SCOPE_WORDS if k in ("killed", "injured", "shot")))

YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
MONTH_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)
# spans of time that reach past the event: a count over them is not the event's own
PERIOD_RE = re.compile(r"\b(?:last|previous|prior|past)\s+(?:year|decade|century|years|decades)\b|"
                       r"\b(?:years?|decades?)\s+(?:ago|earlier|before|prior)\b|"
                       r"\b(?:earlier|so\s+far|this|last|previous)\s+(?:this\s+)?year\b|\bthis\s+year\b|"
                       r"\byear[-\s]to[-\s]date\b|\bsince\s+(?:(?:1[89]|20)\d\d|January|the\s+start|the\s+beginning)\b|"
                       r"\b(?:last|previous|prior|earlier|former)\s+(?:attack|bombing|blast|quake|earthquake|"
                       r"incident|shooting|disaster|storm)s?\b|\bin\s+recent\s+years\b|"
                       r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:days|weeks|months|years|week|month|year)\b|"
                       r"\b(?:over|in|during|within)\s+(?:[\w-]+\s+){1,2}(?:years|decades)\b|"
                       r"^(?:[\w-]+\s+){1,2}(?:years|decades)\b(?!\s+(?:ago|old|earlier|before|prior))", re.I)
LEAD_SENTENCES, LEAD_WORDS = 3, 6  # a title may come before the lead
EVENT_NOUNS = frozenset(w for w in YEAR_EVENTS if " " not in w) | {"incident", "homicide"}
# dependency links through which a word still belongs to the figure's own clause
ATTACHED = {"prep", "pobj", "npadvmod", "advmod", "compound", "amod", "poss", "nummod", "case", "det",
            "nmod", "quantmod", "pcomp", "tmod", "obl"}


# clauses that take their time from the clause above: "a quake struck in 2004, sparking a
# tsunami that killed 170,000" (a relative clause, a participle, an adverbial clause)
INHERIT = {"relcl", "acl", "advcl", "xcomp"}


def clause_path(tok: Any) -> list[Any]:
    """The figure's token and its heads up to the verb of its clause, and on through clauses
    that describe a noun or an action of the clause above, up to that clause's verb. A verb
    joined to another ("... in 2004, killing 170 people and injuring ...") with no time of its
    own takes the time of the verb it is joined to."""
    path = [tok]
    node = tok
    for _ in range(16):
        if node.head is node:
            break
        node = node.head
        path.append(node)
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass", "amod") and node.dep_ not in INHERIT:
            if node.dep_ in JOINED and node.head.pos_ in ("VERB", "AUX") and not _own_time(node) and \
                    not _own_time(node.head, days=True):
                continue  # not past a verb dated by its day: "... acquitted on Monday, but convicted three"
            break
    return path


# verbs joined to the verb before them ("killed 6, injured 50 and caused damage in May")
JOINED = {"conj", "dep"}


def _own_time(verb: Any, days: bool = False) -> bool:
    """Does a time expression hang on the verb itself (not through a clause of its own)? With
    ``days``, only one that names a day ("on Monday", "on May 4")."""
    for t in verb.sent:
        if t.ent_type_ != "DATE" and not YEAR_RE.fullmatch(t.text):
            continue
        if days and not (t.lower_ in DAY_WORDS or (t.lower_.rstrip(".") in MONTHS and t.i + 1 < len(t.doc)
                                                   and t.doc[t.i + 1].like_num)):
            continue
        node = t
        for _ in range(8):
            if node.i == verb.i:
                return True
            if node.dep_ not in ATTACHED or node.head is node:
                break
            node = node.head
    return False


def joined_verbs(path: list[Any]) -> list[Any]:
    """Verbs joined to the figure's verbs that share their subject (no subject of their own):
    their time is the figure's when the figure's own verb names none."""
    out = []
    todo = verbs_of(path)
    while todo:
        v = todo.pop()
        seen = {t.i for t in path} | {t.i for t in out}
        for ch in v.children:
            if ch.dep_ in JOINED and ch.pos_ == "VERB" and ch.i not in seen and not any(
                    c.dep_ in ("nsubj", "nsubjpass", "expl") for c in ch.children):
                out.append(ch)
                todo.append(ch)
    return out


def _attached_to(tok: Any, path_ids: set[int]) -> bool:
    """Does a word hang on the figure's clause path without crossing into a clause of its own?"""
    node = tok
    if tok.dep_ in ("nummod", "compound", "amod", "poss") and tok.head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") \
            and tok.head.head.i in path_ids:
        return True  # "brings the 2016 homicide count to 51": a date on the clause's subject or object
    for _ in range(8):
        if node.i in path_ids:
            return True
        if node.dep_ not in ATTACHED or node.head is node:
            return False
        node = node.head
    return False


# a time before the report, counted back from its date: "last year", "two years ago"
AGO_RE = re.compile(r"\b(?:(?P<last>last|previous|prior)\s+year|(?P<n>\w+)\s+years?\s+(?:ago|earlier|before))\b", re.I)
SMALL = {"a": 1, "several": 3, "many": 5, "few": 2}  # with the number words of numbers.UNITS_W


def event_years(published: list[str | None]) -> set[int]:
    """The years of the event: those of the reports published within a month of the first one
    (empty when no report is dated)."""
    import datetime as dt

    days = []
    for p in published:
        try:
            days.append(dt.date.fromisoformat((p or "")[:10]))
        except ValueError:
            continue
    if not days:
        return set()
    first = min(days)
    return {d.year for d in days if (d - first).days <= 31}


def _is_period(text: str, pub_year: int | None, years_of_event: set[int] | None = None,
               modifier: bool = False, elsewhere: bool = False) -> bool:
    """Does a date expression set a figure in another period than the event's own days?
    A time counted back from the report ("last year") is another period only when it falls
    outside the event's years (a follow-up report's "last year" can be the event's); in an
    undated report, when the clause also names a place away from the event (``elsewhere``)."""
    ev = years_of_event or set()
    ago = AGO_RE.search(text)
    if ago:
        from .numbers import UNITS_W

        n = 1 if ago.group("last") else SMALL.get(ago.group("n").lower()) or UNITS_W.get(ago.group("n").lower()) or (
            int(ago.group("n")) if ago.group("n").isdigit() else None)
        if pub_year is None or n is None:
            return elsewhere
        return not ev or (pub_year - n) not in ev
    if PERIOD_RE.search(text):
        return True
    years = [int(y) for y in YEAR_RE.findall(text)]
    if not years:
        return False
    if modifier:
        return True  # "the 2016 homicide count": a count over a year
    if not MONTH_RE.search(text):
        return not ev or not set(years) & ev  # "in 2004"
    return bool(ev) and max(years) < min(ev)


def background_reason(tok: Any, pub_year: int | None = None, years_of_event: set[int] | None = None,
                      elsewhere: bool = False) -> str | None:
    """Why the figure whose head is ``tok`` belongs to another time or event, or None."""
    path = clause_path(tok)
    # a clause that tells what happened to the counted people belongs to the figure:
    # "three men who were killed over the past week"
    path += [ch for ch in tok.children if ch.dep_ in ("relcl", "acl") and ch.lemma_.lower() in OUTCOME_VERBS]
    ids = {t.i for t in path}
    # times only: a verb joined to the figure's, sharing its subject, when the figure's own names none
    tids = ids if any(_own_time(t) for t in verbs_of(path)) else ids | {t.i for t in joined_verbs(path)}
    sent = tok.sent
    verb = path[-1]
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "EVENT"):
            continue
        if any(t.i in ids for t in ent) and not YEAR_RE.search(ent.text):
            continue
        if _attached_to(ent.root, tids) and _is_period(ent.text, pub_year, years_of_event,
                                                      ent.root.dep_ in ("compound", "nummod", "amod", "nmod"), elsewhere):
            return f"set in {ent.text}"
    if pub_year is None and _days_lead(tok.doc):
        month = _month_alone(sent, tids) or _month_alone_before(verbs_of(path), sent)
        if month:
            return f"set in {month}"
    own = _event_time(path, ids, pub_year, years_of_event, elsewhere)
    if own:
        return f"set in {own}"
    # spans the parser did not tag as a date ("earlier this year", "last year's")
    for m in PERIOD_RE.finditer(sent.text):
        toks = [t for t in sent if sent.start_char + m.start() <= t.idx < sent.start_char + m.end()]
        if toks and any(_attached_to(t, tids) for t in toks if t.pos_ in ("NOUN", "ADJ", "PROPN", "NUM")) and \
                _is_period(m.group(0), pub_year, years_of_event, elsewhere=elsewhere):
            return f"set in {m.group(0)}"
    # several events: "killed in 17 shootings", "a series of shootings that left three dead"
    for node in path:
        for ch in node.children:
            if ch.dep_ == "prep":
                for ob in ch.children:
                    if ob.dep_ == "pobj" and ob.i not in ids and _several_events(ob):
                        return f"counted over several events ({ob.text})"
    verbs = [t for t in path if t.pos_ in ("VERB", "AUX")] or [verb]
    # over an area or a series: "left 20 wounded across the city", "a spate of gunfire left ..."
    for ch in (c for v in verbs for c in v.children):
        if ch.dep_ == "prep" and ch.lower_ in ("across", "throughout") and any(
                ob.dep_ == "pobj" and ob.lemma_.lower() in AREA_NOUNS for ob in ch.children):
            return f"counted over an area ({ch.text} ...)"
        if ch.dep_ in ("nsubj", "nsubjpass") and ch.lemma_.lower() in SERIES and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in ch.children):
            return f"counted over several events ({ch.text} of ...)"
    for v in verbs:
        if v.dep_ in ("relcl", "acl") and _several_events(v.head):
            return f"counted over several events ({v.head.text})"
    past = _compared_with_past(verbs, ids, pub_year, years_of_event)
    if past:
        return f"compared with a count of {past}"
    # another event as the cause: "a similar bombing ... killed 30", "in a previous attack"
    for ch in (c for v in verbs for c in v.children):
        cands = [ch] if ch.dep_ in ("nsubj", "nsubjpass") else \
            [g for g in ch.children if g.dep_ == "pobj"] if ch.dep_ in ("prep", "agent") else []
        for n in cands:
            if n.lemma_.lower() in EVENT_NOUNS and n.i not in ids and any(
                    c.dep_ in ("amod", "det") and c.lower_ in OTHER for c in n.children):
                return f"another event ({n.text})"
    return None


def verbs_of(path: list[Any]) -> list[Any]:
    return [t for t in path if t.pos_ in ("VERB", "AUX")]


def _bare_month(text: str) -> bool:
    """A month named with no day and no year ("in September")."""
    words = [w.lower().rstrip(".") for w in text.split()]
    return any(w in MONTHS for w in words) and not any(ch.isdigit() for ch in text) and not any(
        w in WEEKDAYS for w in words)


def _days_lead(doc: Any) -> bool:
    """Does an undated report date its own event by the day ("on Sunday", "yesterday") in its
    first sentences (a title and the lead; lines of a few words, such as an address or a
    byline, are skipped)? Then a month named alone is a time before the event."""
    k = 0
    for sent in doc.sents:
        if sum(t.is_alpha for t in sent) < LEAD_WORDS:
            continue
        k += 1
        if k > LEAD_SENTENCES:
            break
        if any(e.label_ == "DATE" and any(w.lower_ in DAY_WORDS for w in e) for e in sent.ents):
            return True
    return False


def _month_alone(sent: Any, ids: set[int]) -> str | None:
    for ent in sent.ents:
        if ent.label_ == "DATE" and _bare_month(ent.text) and _attached_to(ent.root, ids):
            return ent.text
    return None


def _month_alone_before(verbs: list[Any], sent: Any) -> str | None:
    """A clause whose subject points back ("It killed ...", "That quake killed ...") takes the
    bare month of the sentence before, when that sentence names one."""
    if not verbs:
        return None
    subj = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not any(c.lower_ == "it" or (c.lower_ in ("this", "that") and c.tag_ == "DT") or (c.pos_ == "NOUN" and any(
            d.dep_ == "det" and d.lower_ in ("that", "this") for d in c.children)) for c in subj):
        return None
    doc = sent.doc
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    return next((e.text for e in prev.ents if e.label_ == "DATE" and _bare_month(e.text)), None)


def _event_time(path: list[Any], ids: set[int], pub_year: int | None, years_of_event: set[int] | None,
                elsewhere: bool) -> str | None:
    """The time of an event noun the figure's clause names as its cause or setting: a year of
    its own ("hit by a flood in 1998, killing ..."), or a time told in a clause of the noun's own
    ("died in the war that began in 1990", "... the war, fought since 1990": a participle after
    the noun, however the parser hangs it)."""
    verbs = verbs_of(path)
    nouns = []
    for v in verbs:
        for ch in v.children:
            if ch.dep_ in ("nsubj", "nsubjpass") and ch.i not in ids:
                nouns.append(ch)
            elif ch.dep_ in ("prep", "agent"):
                nouns += [g for g in ch.children if g.dep_ == "pobj" and g.i not in ids]
    for n in nouns:
        if n.lemma_.lower() not in EVENT_NOUNS:
            continue
        for p in n.children:  # "struck by a flood in 1998" (not "the deadliest since 2015")
            if p.dep_ == "prep" and p.lower_ != "since":
                for ob in p.children:
                    ent = next((e for e in n.sent.ents if e.label_ == "DATE" and e.start <= ob.i < e.end), None)
                    if ob.dep_ == "pobj" and ent is not None and YEAR_RE.search(ent.text) and _is_period(
                            ent.text, pub_year, years_of_event, elsewhere=elsewhere):
                        return ent.text
        clauses = [c for c in n.children if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX")]
        nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
        if nxt is not None and nxt.text == "," and n.i + 2 < len(n.doc):
            after = n.doc[n.i + 2]  # "the war, fought since 1990": a participle read as the verb's clause
            if after.tag_ in ("VBN", "VBD") and after.dep_ in ("advcl", "acl") and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in after.children):
                clauses.append(after)
        for c in clauses:
            cids = {c.i}
            for ent in n.sent.ents:
                if ent.label_ == "DATE" and _attached_to(ent.root, cids) and _is_period(
                        ent.text, pub_year, years_of_event, elsewhere=elsewhere):
                    return ent.text
            for m in PERIOD_RE.finditer(" ".join(t.text for t in c.subtree)):
                return m.group(0)
    return None


def _compared_with_past(verbs: list[Any], ids: set[int], pub_year: int | None,
                        years_of_event: set[int] | None) -> str | None:
    """Is the figure's clause measured against a count of a past period in a participle clause
    of its own ("... have died, topping last year's total of 15")? Then the figure is a count
    over a period too. The other count's time must lie before the event ("last year", "in 2009"),
    not around it: "..., bringing this year's total to 40" adds the event to a running count."""
    ev = years_of_event or set()
    for ch in (c for v in verbs for c in v.children):
        if ch.dep_ != "advcl" or ch.tag_ != "VBG" or ch.i in ids:
            continue
        inner = [t for t in ch.subtree if t.i not in ids]
        text = " ".join(t.text for t in inner)
        if not any(t.like_num and t.dep_ in ("nummod", "pobj", "dobj") for t in inner):
            continue
        ago = AGO_RE.search(text.replace(" 's", "'s"))
        if ago and _is_period(ago.group(0), pub_year, years_of_event):
            return ago.group(0)
        years = [int(y) for y in YEAR_RE.findall(text)]
        if years and ev and max(years) < min(ev):
            return str(max(years))
    return None


from ..lang.en.harm import OTHER_EVENT as OTHER


from ..lang.en.harm import MANY_EVENTS as MANY
from ..lang.en.harm import SERIES_NOUNS as SERIES


def _several_events(n: Any) -> bool:
    """Is a noun a count of several events ("17 shootings", "separate shootings", "a series
    of shootings"), not one event named in the plural ("the floods")?"""
    if n.tag_ != "NNS" or n.lemma_.lower() not in EVENT_NOUNS:
        return False
    if any(c.dep_ in ("nummod", "amod", "det", "quantmod") and (c.like_num or c.lower_ in MANY) for c in n.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ in ("across", "throughout") for c in n.children):
        return True  # "in shootings across the city"
    h = n.head
    return n.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in SERIES


def pub_year(published: str | None) -> int | None:
    m = re.match(r"(\d{4})", published or "")
    return int(m.group(1)) if m else None


def span_root(sp: Any, start: int, end: int) -> Any | None:
    """The syntactic head of a character span of a parsed document."""
    span = sp.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root
