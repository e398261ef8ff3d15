"""Event stage 'brief': 3–10 neutral, cited sentences about the event.

Nothing is generated freely. Each sentence is either

- a sentence taken from a report (the most central lead facts: sentences whose content
  other reports repeat), cited with every report that states the same content with the same
  numbers; or
- a fixed template filled with spans copied from the reports: agreed figures
  ("Reports agree on <topic>: <span>."), disagreements stated as such ("Reports differ on
  <topic>: A says <span>; B says <span>."), reconciled figures and the most-reported quote.

Agreed facts come first, then reconciled figures, then disagreements, then single-source
facts. Every sentence is checked before it is kept: each number in it (digits, and the number
words two..twelve and dozen) must appear in the text or published date of a report it
cites, so the brief never states a figure no cited report states. Status per sentence:
``agree`` (two or more reports of different origins), ``disagree``, ``reconciled`` or
``single``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..lang.en.harm import HARM_CUES
from ..lang.en.harm import KEY_OUTCOMES as _KEY_SCOPES
from ..lang.en.numbers import CHECKED_NUMBER_WORDS as NUMBER_WORDS
from ..lang.en.people import GENERAL_COUNT_UNITS as _GENERAL_UNITS
from ..lang.en.phrasing import APPEAL_ACTS, APPEAL_ASKED, APPEAL_ASKING, APPEAL_CHANNELS
from ..lang.en.phrasing import BEFORE_NOUN as _BEFORE_NOUN
from ..lang.en.places import AREA_HEADS
from ..lang.en.phrasing import INTRANSITIVE as _INTRANSITIVE
from ..lang.en.phrasing import JUDGEMENT_WORDS
from ..lang.en.phrasing import PARTICIPLES as _PARTICIPLES
from ..lang.en.phrasing import TEMPLATE_WORDS as _TEMPLATE_WORDS
from ..lang.en.stopwords import CONTENT_STOP as STOPWORDS
from ..lang.en.units import MEASURE_SYMBOLS as _MEASURES
from ..model import BriefSentence, Claim, ClaimGroup, Document, QuoteGroup, Report
from ..pipeline.registry import stage
from ..pipeline.state import EventState
from ..text.inflect import plural as _plural
from ..text.sentences import split_sentences
from . import metadata as md
from .numbers import ABBR_SCALE, VAGUE, iter_numbers, parse_number
from .places import framed_elsewhere, opening_place, untagged_candidates, untagged_places

MAX_SENTENCES = 10
MIN_SENTENCES = 3
MAX_WORDS = 45

# sentences that lean on what came before, or address the reader, make a poor stand-alone fact
_DANGLING = re.compile(r"^(he|she|it|they|this|that|these|those|but|and|or|so|however|also|"
                       r"meanwhile|still|yet|then|there|his|her|their|its|we|you|i|another|the other|also|additionally|furthermore|moreover|in addition|besides)\b", re.I)
_BROKEN_END = re.compile(r"(?:\b[A-Z]|\b(?:Nov|Dec|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Mr|Mrs|Ms|Dr|St|No|Sgt|Lt|Col|"
                         r"Gen|Gov|Sen|Rep|Capt|Cpl|Det|Insp|Supt|Maj|Adm|Cmdr|Prof|Rev|Jr|Sr|Ft|Mt))\.$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][A-Za-z. ]{1,25})?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s*")
# a personal pronoun: the sentence leans on an earlier one for who "he" or "it" is
_PRONOUN = re.compile(r"\b(?:he|she|it|they|him|them)\b", re.I)
_JUDGING = re.compile(r"\b(?:" + "|".join(sorted(JUDGEMENT_WORDS)) + r")\b", re.I)
# a bare attribution left over from a split quote: "X told a news conference."
_BARE_ATTRIBUTION = re.compile(r"^[^,]{1,60}\b(?:said|says|told|added|stated|explained|noted|asked)\b[^,]{0,40}\.$")
# "Name, the director of X, said in a statement, the Paper reports.": who spoke, but not what
_ONLY_ATTRIBUTION = re.compile(r"^[A-Z][^,]{0,60}(?:,[^,]{1,80},)?\s+(?:said|says|told \w+|added|stated)"
                               r"(?:\s+(?:in a statement|on \w+|to reporters|at a news conference))?"
                               r"(?:,\s+(?:the\s+)?[A-Z][\w.&' -]{1,40}\s+reports?)?\.$")
_READER = re.compile(r"\b(?:you|your|yours|we|our|us)\b", re.I)  # addresses the reader
_QUOTES = re.compile(r"[\"“”]")


# -- numbers: the same reading of a sentence's figures as the report contract's checker ----------
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", " ", s).strip()


def numbers_in(text: str) -> set[float]:
    """Figures a sentence states: digit runs (ISO dates excluded) and the words two..twelve, dozen."""
    return set(_numbers_in(text))


@lru_cache(maxsize=4096)  # the same sentences and documents are read many times in one event
def _numbers_in(text: str) -> frozenset[float]:
    t = re.sub(r"\b\d{4}-\d{2}(-\d{2})?\b", " ", _fold(text))
    found = {float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", t)}
    low = t.lower()
    found |= {float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", low)}
    return frozenset(found)


def supported_numbers(doc: Document) -> set[float]:
    """Figures a document supports: those in its text and the parts of its ISO published date."""
    return set(_supported_numbers(doc.text, doc.published or ""))


@lru_cache(maxsize=1024)
def _supported_numbers(text: str, published: str) -> frozenset[float]:
    nums = set(_numbers_in(text))
    for part in re.findall(r"\d+", published):
        nums.add(float(part))
    return frozenset(nums)


@lru_cache(maxsize=8192)
def figures_in(text: str) -> frozenset[float]:
    """Every figure a sentence states, read by the quantity stage's number reader: digits or
    words ("fourteen", "twenty-one", "3 million", "a dozen", "four-and-a-half", "$250K"); a
    lone "one" and vague amounts ("dozens") are no figure."""
    t = re.sub(r"\b\d{4}-\d{2}(-\d{2})?\b", " ", _fold(text))
    out: set[float] = set()
    for m in iter_numbers(t):
        num = re.sub(r"\s+", " ", m.group("num").strip().lower())
        if (num == "one" and not m.group("half")) or num in VAGUE:
            continue
        v = parse_number(num + (" and a half" if m.group("half") else ""))
        if v is None:
            continue
        abbr = (m.group("abbr") or "").lower()
        out.add(float(v * ABBR_SCALE[abbr] if abbr and m.group("cur") else v))
        if m.group("high"):
            high = parse_number(re.sub(r"^\s*(?:-|–|to|and)\s*", "", m.group("high")))
            if high is not None:
                out.add(float(high))
    return frozenset(out)


def grounded(text: str, doc_ids: list[str], docs: dict[str, Document]) -> bool:
    """Every number in ``text`` appears in at least one of the cited documents."""
    support: set[float] = set()
    for d in doc_ids:
        if d in docs:
            support |= supported_numbers(docs[d])
    return bool(doc_ids) and all(d in docs for d in doc_ids) and numbers_in(text) <= support


# -- sentences ---------------------------------------------------------------------------------
@dataclass
class _Sent:
    doc: str
    index: int  # position in its document
    text: str
    words: frozenset[str]
    nums: frozenset[float]


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words (no stop words, no short tokens)."""
    return frozenset(w for w in re.findall(r"[a-z][a-z'’-]+|\d[\d,.]*", text.lower())
                     if w not in STOPWORDS and len(w) > 2)


def _sentences(doc: Document, state: EventState | None) -> list[str]:
    parsed = state.cache.get("parsed") if state is not None else None
    if parsed and doc.id in parsed:
        try:
            return [s.text.strip() for s in parsed[doc.id].sents if s.text.strip()]
        except Exception:  # a parse without sentence boundaries: split by rule
            pass
    return split_sentences(doc.text)


_STAMP = re.compile(r"^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                    r"[a-z]*\.?\s+\d{1,2},?\s+\d{4}(?:,?\s+\d{1,2}\s*[:.]\s*\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?"
                    r"(?:\s+[A-Z]{2,4}\b)?)?\s*[-—–|:]?\s*")


_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b")  # a phone number: a call for tips, not a fact


def _alt(words) -> str:  # type: ignore[no-untyped-def]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_ACT = rf"(?:{_alt(APPEAL_ACTS)})\b(?!\s+(?:to|with|for|off)\b)"  # "call police", not "call for", "report to"
# an appeal to readers, told by its form: asked or urged to call, an imperative, "anyone with
# information", a reward for information, a tip line, an e-mail address or a phone number
_APPEAL = re.compile(
    rf"\b(?:is|are|was|were|be|been|being)\s+(?:being\s+)?(?:{_alt(APPEAL_ASKED)})\s+to\s+{_ACT}"
    rf"|\b(?:{_alt(APPEAL_ASKING | APPEAL_ASKED)})\b[^.;:]{{0,80}}?\bto\s+{_ACT}"
    rf"|^(?:please\s+)?{_ACT}(?!\s+(?:of|for|from|is|was|are|were|has|had)\b)"
    r"|\banyone\s+(?:with|who\s+(?:has|have|may\s+have|saw|knows|witnessed))\b"
    r"|\breward\b[^.;]{0,80}\b(?:information|arrest|conviction|tips?)\b"
    rf"|\b(?:{_alt(APPEAL_CHANNELS)})\b|\b[\w.+-]+@[\w-]+\.[\w.]+\b|" + _PHONE.pattern, re.I)


def is_appeal(text: str) -> bool:
    """A sentence that appeals to readers (for tips, witnesses, a reward) rather than tells what happened."""
    return _APPEAL.search(text.strip()) is not None


def _clean_lead(text: str, first: bool) -> str:
    """A sentence without a leading date stamp and, near the top of a report, its dateline
    (the clean stage has taken off a line's "Update:" mark)."""
    text = _STAMP.sub("", text, count=1)
    if first:
        text = _DATELINE.sub("", text, count=1)
    return re.sub(r"\s+", " ", text).strip()


def _similar(a: _Sent, b: _Sent) -> float:
    if not a.words or not b.words:
        return 0.0
    inter = len(a.words & b.words)
    return max(inter / len(a.words | b.words), inter / min(len(a.words), len(b.words)) * 0.75)


def restates(s: _Sent, o: _Sent) -> bool:
    """``o`` states what ``s`` says: a near-copy that holds most of ``s``'s content words and
    every figure ``s`` gives (figures in words count: "fourteen" is not 12)."""
    if not s.words or not o.words:
        return False
    cover = len(s.words & o.words) / len(s.words)
    return cover >= 0.75 and _similar(s, o) >= 0.45 and s.nums <= o.nums


def _make_sent(doc: str, index: int, text: str) -> _Sent:
    return _Sent(doc, index, text, content_words(text), figures_in(text))


def _all_sents(documents: list[Document], state: EventState | None) -> dict[str, list[_Sent]]:
    """Every sentence of every document (datelines off the first ones), by document id."""
    out: dict[str, list[_Sent]] = {}
    for d in documents:
        out[d.id] = [_make_sent(d.id, i, _clean_lead(raw, i < 3)) for i, raw in enumerate(_sentences(d, state))]
    return out


def supporters(s: _Sent, index: dict[str, list[_Sent]], among: list[str] | None = None) -> list[str]:
    """The documents (of ``among``, default all) with a sentence that restates ``s``; its own first."""
    ids = [s.doc] + [d for d in (among if among is not None else index) if d != s.doc]
    return [d for d in ids if d == s.doc or any(restates(s, o) for o in index.get(d, []))]


# -- origins -----------------------------------------------------------------------------------
def _origin_of(report_origins: list, doc_id: str) -> str:
    for g in report_origins:
        if doc_id in getattr(g, "docs", []):
            return g.id
    return doc_id


def _status_for(doc_ids: list[str], origins: list) -> str:
    return "agree" if len({_origin_of(origins, d) for d in doc_ids}) >= 2 else "single"


# -- labels ------------------------------------------------------------------------------------
def _label(doc: Document, shared: frozenset[str] = frozenset()) -> str:
    """How a sentence names a report: its outlet (unless several reports share it), else its title."""
    if doc.outlet and doc.outlet not in shared:
        return doc.outlet
    if doc.title:
        t = doc.title if len(doc.title) <= 60 else doc.title[:57].rsplit(" ", 1)[0] + "…"
        return f"“{t}”"
    return f"report {doc.id}"


def _span(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().strip(",;:")
    return f"“{text}”"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- sentences from the analysis ---------------------------------------------------------------
_SCALE_AFTER = re.compile(r"^(?:-|\s)?(?:million|billion|trillion|thousand|hundred|mln|bn|m|k)\b", re.I)


def _full_spans(groups: list[ClaimGroup], docs: dict[str, Document]) -> list[ClaimGroup]:
    """Claim groups whose claim texts run on to a scale word the report writes right after the
    figure ("$4-million" cut to "$4" reads "$4-million"), so no span understates its figure."""
    out = []
    for g in groups:
        claims = []
        for c in g.claims:
            d = docs.get(c.doc)
            after = d.text[c.end:c.end + 12] if d is not None and d.text[c.start:c.end] == c.text else ""
            m = _SCALE_AFTER.match(after)
            claims.append(replace(c, text=c.text + after[:m.end()], end=c.end + m.end()) if m else c)
        out.append(replace(g, claims=claims))
    return out


def _year_as_count(g: ClaimGroup) -> bool:
    """A group whose figure is a calendar year written as one ("the 1987 attacks") rather than a
    count or amount; such a figure is a date, not something to agree or differ on."""
    v = g.value
    if not isinstance(v, (int, float)) or not 1800 <= v <= 2100 or float(v) != int(v):
        return False
    return all(re.search(rf"(?<![\d,.$£€]){int(v)}(?![\d,])", c.text) for c in g.claims)


def _group_docs(g: ClaimGroup) -> list[str]:
    return list(dict.fromkeys(c.doc for c in g.claims))


def _topic(g: ClaimGroup) -> str:
    """The group's topic as a noun phrase that reads after "differ on" or "agree on": a count
    topic ("people (injured)", "resident", "workers hurt") becomes "the number of people
    injured"; any other topic gets "the" unless it is a name or already has an article."""
    topic = re.sub(r"\s+", " ", (g.topic or "").strip().rstrip("."))
    if not topic:
        return f"the number of {_plural(g.unit)}" if g.unit else "a figure"
    unit = (g.unit or "").lower()
    tail = re.match(r"^(.+?)\s*\(([^()]{1,30})\)$", topic)
    if tail and unit and tail.group(2).lower() in (unit, _plural(unit).lower()) \
            and tail.group(1).lower() not in (unit, _plural(unit).lower()):  # "duration (hours)"
        base = tail.group(1)
        base = base if base[:1].isupper() or re.match(r"^(?:the|a|an)\b", base, re.I) else f"the {base}"
        return f"{base} in {tail.group(2)}"
    m = re.match(r"^([A-Za-z-]+)(?:\s*\(([^()]{1,30})\))?(.*)$", topic)
    if m and unit and re.fullmatch(r"[a-z-]+", unit):
        head, qual, rest = m.group(1), (m.group(2) or "").strip(), m.group(3).strip()
        if unit in _MEASURES and head.lower() == unit:
            return f"the figure in {unit}" + (f" ({qual})" if qual else "") + (f" {rest}" if rest else "")
        prop = head.lower() == unit != _plural(unit).lower() and not qual and rest.lower().startswith("of ")
        if not prop and head.lower() in (unit, _plural(unit).lower()) and unit not in ("count", "age", "time", "amount"):
            noun = head if head.lower() == _plural(unit).lower() else _plural(head)
            if qual.lower() in _BEFORE_NOUN:
                phrase = f"{qual} {noun}"
            elif qual.lower() in _INTRANSITIVE:
                phrase = f"{noun} that {qual}"
            elif qual and (qual.lower().endswith("ed") or qual.lower() in _PARTICIPLES):
                phrase = f"{noun} {qual}"
            elif qual:
                phrase = f"{noun} of {qual}"
            else:
                phrase = noun
            return f"the number of {phrase} {rest}".strip()
    # "x (killed)" reads "x killed"; any other bracketed qualifier stays in brackets
    topic = re.sub(r"\s*\((\w+ed|" + "|".join(_PARTICIPLES) + r")\)", r" \1", topic).strip()
    if topic[:1].isupper() or re.match(r"^(?:the|a|an|its|their)\b", topic, re.I):
        return topic
    return f"the {topic}"


def _plain(sentence: str | None) -> str | None:
    """A claim's sentence as it reads on its own (dateline off), or None when it is a poor
    stand-alone fact: quoted, dangling, addressing the reader, too short or too long, broken."""
    sent = _DATELINE.sub("", re.sub(r"\s+", " ", sentence or "").strip(), count=1)
    n = len(sent.split())
    if 6 <= n <= 40 and sent[:1].isupper() and sent.endswith(".") and not _QUOTES.search(sent) \
            and not _DANGLING.match(sent) and not _READER.search(sent) and not _BROKEN_END.search(sent):
        return sent
    return None


def _telling(c: Claim, g: ClaimGroup) -> tuple:
    """How well a claim's words tell a group's figure, best first: its value, its outcome stated
    ("two people were killed", not "the two men drove"), a stated count (not people named
    one by one, nor a part: "one of the four"), a number with its noun (not a bare "two"), the number written out (not
    "both men"), a count of people in general ("two people", not "two bombers"), then the
    shortest."""
    stated = not g.scope or c.scope == g.scope
    shown = figures_in(c.text)
    bare = len(c.text.split()) < 2 and bool(shown)
    written = isinstance(c.value, (int, float)) and (float(c.value) in shown or (
        float(c.value) == 1 and re.match(r"(?:an?|one)\b", c.text.strip(), re.I) is not None))
    general = (c.unit or "").lower() in _GENERAL_UNITS
    return (not _same(c.value, g.value), not stated, c.basis is not None or c.state == "part", bare, not written, not general,
            len(c.text), c.doc)


def _same(a: object, b: object) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return a == b


def _one_origin(ids: list[str], origins: list) -> bool:
    return len(ids) >= 2 and len({_origin_of(origins, d) for d in ids}) < 2


def _agree_sentence(g: ClaimGroup, origins: list = (), index: dict[str, list[_Sent]] | None = None  # type: ignore[assignment]
                    ) -> BriefSentence | None:
    """An agreed figure: a report's own plain sentence stating it, cited with the reports that
    restate that sentence, when those are of two or more origins; else a template citing every
    report of the group. Status: the group's status."""
    claims = sorted(g.claims, key=lambda c: _telling(c, g))
    if not claims:
        return None
    ids = _group_docs(g)
    status = g.status if g.status in ("agree", "reconciled") and len(ids) >= 2 else "single"
    best: tuple[tuple[int, int, int], str, list[str]] | None = None
    for c in g.claims:
        sent = _plain(c.sentence)
        if sent is None or c.text not in sent:
            continue
        me = _make_sent(c.doc, 0, sent)
        cited = supporters(me, index, ids) if index is not None else [c.doc]
        n_origins = len({_origin_of(list(origins), d) for d in cited})
        key = (n_origins, len(cited), -len(sent))
        if n_origins >= 2 and (best is None or key > best[0]):
            best = (key, sent, cited)
    if best is not None:
        order = {d: i for i, d in enumerate(ids)}
        return BriefSentence(best[1], sorted(best[2], key=lambda d: order.get(d, 0)), status)
    shown = _span(claims[0].text)
    if all(c.basis for c in g.claims):  # people counted one by one: say the count, then how it reads
        from .numbers import UNITS_W

        word = {v: k for k, v in UNITS_W.items()}.get(g.value) if isinstance(g.value, int) else None
        shown = f"{word or g.value} ({shown})"
    if _one_origin(ids, list(origins)):
        return BriefSentence(f"Reports sharing one origin give {_topic(g)}: {shown}.", ids, status)
    return BriefSentence(f"Reports agree on {_topic(g)}: {shown}.", ids, status)


def _by_value(g: ClaimGroup) -> list[tuple[object, list]]:
    """The group's claims by value, the value most reports give first; in each, the claim whose
    words tell the figure best first (a stated count of the outcome, see :func:`_telling`)."""
    buckets: dict[object, list] = {}
    for c in g.claims:
        buckets.setdefault(c.value if c.value is not None else c.text.lower(), []).append(c)
    for v, cs in buckets.items():
        cs.sort(key=lambda c: _telling(c, g)[1:6])  # stable: the group's order among equals
    return sorted(buckets.items(), key=lambda kv: (-len({c.doc for c in kv[1]}), str(kv[0])))


def _differ_sentence(g: ClaimGroup, docs: dict[str, Document], generic: bool = False) -> BriefSentence | None:
    parts = []
    cited: list[str] = []
    for n, (value, claims) in enumerate(_by_value(g)[:3]):
        ids = list(dict.fromkeys(c.doc for c in claims))
        if generic:
            who = "one report" if n == 0 else ("another" if n == 1 else "a third")
            if len(ids) > 1:
                who = "several reports" if n == 0 else "others"
        else:
            outlets = [d.outlet for d in docs.values() if d.outlet]
            shared = frozenset(o for o in outlets if outlets.count(o) > 1)
            labels = list(dict.fromkeys(_label(docs[d], shared) for d in ids if d in docs))
            who = _join(labels[:3] + (["others"] if len(labels) > 3 else []))
        many = len(ids) > 1 if generic else len(labels) > 1
        verb = "say" if many else "says"
        support = set().union(*(supported_numbers(docs[d]) for d in ids if d in docs))
        parts.append(f"{who} {verb} {_with_value(value, claims[0].text, support)}")
        cited.extend(ids)
    if len(parts) < 2:
        return None
    return BriefSentence(f"Reports differ on {_topic(g)}: " + "; ".join(parts) + ".",
                         list(dict.fromkeys(cited)), "disagree")


def _reconciled_sentence(g: ClaimGroup) -> BriefSentence | None:
    vals = _by_value(g)
    if len(vals) < 2:
        return _agree_sentence(g)
    spans = [_reading(value, claims) for value, claims in vals[:3]]
    return BriefSentence(f"Reports give different figures for {_topic(g)} that fit together: "
                         f"{_join(spans)}.", _group_docs(g), "reconciled")


def _reading(value: object, claims: list[Claim]) -> str:
    """A figure's words, with how the analysis reads them when it moved a death the words do not
    count (a wounded person who died later, the attacker's own death). No number is added: a
    brief sentence states only the numbers its reports state."""
    why = {"later": "with those who died later counted among the killed",
           "suicide": "with the attacker's own death"}.get(next((c.basis for c in claims if c.basis), ""))
    return f"{_span(claims[0].text)} ({why})" if why else _span(claims[0].text)


def _evolving_sentence(g: ClaimGroup, docs: dict[str, Document]) -> BriefSentence | None:
    """A toll that rose as reports came in: the values in the order of the reports' dates."""
    order: dict[object, str] = {}
    for c in sorted(g.claims, key=lambda c: (docs[c.doc].published or "") if c.doc in docs else ""):
        order.setdefault(c.value, c.text)
    if len(order) < 2:
        return _agree_sentence(g)
    steps = [_span(t) for t in order.values()]
    return BriefSentence(f"The figure for {_topic(g)} rose as reports came in: {', then '.join(steps[:-1])}, "
                         f"and {steps[-1]} in the latest reports.", _group_docs(g), "evolving")


def _single_sentence(g: ClaimGroup, docs: dict[str, Document]) -> BriefSentence | None:
    if not g.claims or g.claims[0].doc not in docs:
        return None
    c = g.claims[0]
    who = docs[c.doc].outlet or "one report"
    return BriefSentence(f"Only {who} gives {_topic(g)}: {_with_value(c.value, c.text, supported_numbers(docs[c.doc]))}.", [c.doc], "single")


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"[\w'’-]+", _fold(text).lower().replace("’", "'")))


def _quote_sentence(q: QuoteGroup, origins: list, docs: dict[str, Document]) -> BriefSentence | None:
    """A direct quote as a report prints it, cited with exactly the reports whose quote holds
    that wording; the wording quoted by the most origins (then reports, then the shortest)."""
    direct = [x for x in q.quotes if x.kind == "direct" and 4 <= len(x.text.split()) <= 35
              and x.doc in docs and _fold(x.text.strip("\"“”'‘’ ")) in _fold(docs[x.doc].text)]
    if not q.speaker or not direct:
        return None
    quoted = [(x.doc, _words_of(x.text)) for x in q.quotes if x.doc in docs]
    best = None
    for x in direct:
        words = _words_of(x.text)
        if not words:
            continue
        ids = list(dict.fromkeys(d for d, w in quoted if re.search(rf"(?:^| ){re.escape(words)}(?: |$)", w)))
        key = (len({_origin_of(origins, d) for d in ids}), len(ids), -len(x.text))
        if len(ids) >= 2 and (best is None or key > best[0]):
            best = (key, x, ids)
    if best is None:
        return None
    _, shortest, ids = best
    text = shortest.text.strip().strip("\"“”'‘’").strip()
    if _one_origin(ids, origins):
        return BriefSentence(f"Reports sharing one origin quote {q.speaker}: “{text}”", ids, "single")
    return BriefSentence(f"Reports quote {q.speaker}: “{text}”", ids, _status_for(ids, origins))


# -- lead facts taken from the reports ----------------------------------------------------------
def lead_facts(documents: list[Document], origins: list, state: EventState | None = None,
               limit: int = 4, index: dict[str, list[_Sent]] | None = None) -> list[BriefSentence]:
    """Central sentences: the ones whose content most other reports restate with the same
    figures, early sentences first; each cited with exactly the reports that restate it.
    A sentence that other reports tell with different figures is held back."""
    index = index if index is not None else _all_sents(documents, state)
    sents: list[_Sent] = []
    for d in documents:
        for s in index.get(d.id, [])[:40]:
            text = s.text
            n_words = len(text.split())
            if n_words < 6 or n_words > MAX_WORDS or _QUOTES.search(text) or _DANGLING.match(text) \
                    or _READER.search(text) or _PRONOUN.search(text) or not text[:1].isupper():
                continue
            if _BARE_ATTRIBUTION.match(text) and n_words <= 8 and " that " not in text:
                continue
            if text[-1:] != "." or "?" in text or _BROKEN_END.search(text):
                continue
            sents.append(s)
    scored = []
    for s in sents:
        support = supporters(s, index)
        conflict = any(_similar(s, o) >= 0.45 and len(s.words & o.words) >= 0.6 * len(s.words)
                       and s.nums != o.nums and not s.nums <= o.nums
                       for d, others in index.items() if d not in support for o in others)
        n_origins = len({_origin_of(origins, d) for d in support})
        # more origins and reports first, then the report's opening, then fuller sentences
        score = n_origins * 2 + len(support) * 0.5 - s.index * 0.15 - (3 if conflict else 0) \
            + (1.0 if s.index == 0 else 0.0) + 0.1 * min(len(s.words), 12)
        scored.append((score, s, support))
    scored.sort(key=lambda t: (-t[0], t[1].index, t[1].doc))
    chosen: list[tuple[_Sent, list[str]]] = []
    for score, s, support in scored:
        if any(_similar(s, c) >= 0.3 for c, _ in chosen):
            continue
        chosen.append((s, support))
        if len(chosen) >= limit:
            break
    order = {d.id: i for i, d in enumerate(documents)}
    out = []
    for s, support in chosen:
        ids = sorted(support, key=lambda d: order.get(d, 0))
        out.append(BriefSentence(s.text, ids, _status_for(ids, origins)))
    return out


# -- centrality over sentence vectors ----------------------------------------------------------
POSITION_WEIGHT = 0.35  # how much a report's opening counts against centrality
POSITION_WEIGHT_OVER_DAYS = 0.2  # the same in a story told over many days (each opening tells its own day)
REDUNDANT = 0.55  # cosine above which a candidate repeats a sentence already in the brief
FILL_REDUNDANT = 0.65  # the same, for a sentence that only brings the brief to its three sentences
FOLLOW_UP_SHARE = 0.5  # more later reports than this share: a story told over days, no follow-ups
FOLLOW_UP_DAYS = 3  # a report published this many days after the first one is a follow-up
BRIEF_WORDS = 120
MAX_POOL = 1500  # sentences embedded for the brief in one event, at most (about)
POOL_PER_REPORT = 40  # a report's first sentences that may enter the brief
KEY_FIGURES = 2  # at most this many key-figure lines
FILL_LATER = True  # follow-up sentences may fill the brief after the main facts, said as such
NAMED_SLOT = True  # a sentence naming the person most reports name, after the key figures
FILL_BACKGROUND = False  # background sentences may fill the brief after the main facts
WORD_MIX = 0.3  # share of shared content words (tf-idf) in the similarity behind centrality
OTHER_DISPUTES = True  # disagreements on figures other than the key ones, when the budget allows
EARLY = 3  # a report's opening, in sentences
WIDE_PLACE = True  # without a precise place, one that two reports name in their openings
PLACE_OPENING = 400  # a report's opening, in characters
PLACE_REGION = True  # the place prefix with the larger place the reports write after it
PLACE_ALWAYS = True  # the place prefix unless the lead names the event's place (other places do not count)
PRECISE_PLACE = True  # the place prefix only for a place written before a comma or as a dateline
KEY_SINGLES = True  # a killed or injured figure only one report gives, when no other gives one
WIDER_PLACE = True  # a place more origins name than the precise one is written after it
REGION_ONCE = True  # the larger place written once after the event's place, when two origins name it
KEY_HARM_SHARE = 0.25  # key-figure lines only when this share of reports tells of harm in its opening
DIFFER_SPREAD = 3.0  # a disputed key figure whose values lie more than this many times apart: no line (0: off)
FRAMED_ELSEWHERE = True  # a place tagged in some reports counts in others that frame it as a place
OPENING_PLACE = True  # without a place so found, the place the reports' openings frame as one
UNTAGGED_PLACES = True  # names the reports write as places (in locative frames) count as places
DATELINE_PLACE = True  # the dateline most origins write goes into the place prefix
PARAGRAPH_DATELINE = 1500  # a dateline opening a later paragraph this early counts as the report's (0: off)
CENTRAL_MIX = 0.85  # share of the per-origin best match in centrality (the rest: LexRank)



def _vectors(texts: list[str], use_embeddings: bool = True) -> np.ndarray:
    """Unit-length sentence vectors: MiniLM when available, else bags of content words."""
    if use_embeddings and texts:
        try:
            from .. import embeddings

            if embeddings.available():
                return np.asarray(embeddings.embed(texts), dtype=np.float32)
        except Exception:  # the encoder failed: fall back to words
            pass
    vocab: dict[str, int] = {}
    rows = [content_words(t) for t in texts]
    for ws in rows:
        for w in ws:
            vocab.setdefault(w, len(vocab))
    mat = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    df = np.zeros(max(1, len(vocab)), dtype=np.float32)
    for i, ws in enumerate(rows):
        for w in ws:
            mat[i, vocab[w]] = 1.0
    df = mat.sum(axis=0) + 1.0
    mat *= np.log((len(texts) + 1) / df)[None, :]
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return mat / np.where(norms == 0, 1, norms)


def centrality(vecs: np.ndarray, units: list[str]) -> np.ndarray:
    """How much each sentence is what the other reports say: for every other independent unit
    (origin), the best cosine of its sentences with this one, summed over units, plus a
    LexRank score (the stationary walk over the similarity graph, each unit's votes
    shared among its sentences). Both are scaled to 0..1 and averaged."""
    n = len(units)
    if n == 0:
        return np.zeros(0)
    sim = np.clip(vecs @ vecs.T, 0.0, 1.0)
    uarr = np.asarray(units)
    same = uarr[:, None] == uarr[None, :]
    names = sorted(set(units))
    per_unit = np.zeros(n)
    for u in names:
        cols = uarr == u
        best = sim[:, cols].max(axis=1)
        per_unit += np.where(uarr == u, 0.0, best)
    graph = np.where(same, 0.0, sim)
    if len(names) < 2:  # one source: its sentences vote among themselves
        graph = sim - np.eye(n) * sim.diagonal()
        per_unit = graph.max(axis=1) if n > 1 else np.ones(n)
    share = np.asarray([1.0 / np.count_nonzero(uarr == u) for u in units])
    rows = graph.sum(axis=1, keepdims=True)
    trans = np.where(rows > 0, graph / np.where(rows == 0, 1, rows), 1.0 / n) * share[:, None]
    trans = trans / trans.sum(axis=1, keepdims=True)
    rank = np.full(n, 1.0 / n)
    for _ in range(50):
        new = 0.15 / n + 0.85 * rank @ trans
        if np.abs(new - rank).sum() < 1e-8:
            rank = new
            break
        rank = new

    def scaled(x: np.ndarray) -> np.ndarray:
        top = x.max()
        return x / top if top > 0 else x

    return CENTRAL_MIX * scaled(per_unit) + (1 - CENTRAL_MIX) * scaled(rank)


# -- background, places, follow-ups -------------------------------------------------------------
_BACKGROUND_WORDS = re.compile(r"\b(?:last (?:year|month|week|spring|summer|fall|autumn|winter)|years? ago|"
                               r"months ago|decades? ago|previously|in the past|earlier this year|"
                               r"in recent years|the worst since|since \d{4}|had been|history)\b", re.I)


def _year(doc: Document | None) -> int | None:
    m = re.match(r"(\d{4})", (doc.published or "") if doc is not None else "")
    return int(m.group(1)) if m else None


def is_background(text: str, year: int | None = None) -> bool:
    """A sentence about what came before the event: a year before the report's own, or a
    phrase that looks back ("last year", "years ago", "had been", "since 1990")."""
    if _BACKGROUND_WORDS.search(text):
        return True
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", text)]
    return bool(year and any(y < year for y in years))


def _date(doc: Document) -> str | None:
    return doc.published[:10] if doc.published and re.match(r"\d{4}-\d{2}-\d{2}", doc.published) else None


def _later(documents: list[Document]) -> tuple[set[str], int]:
    """Reports published FOLLOW_UP_DAYS or more after the first dated report, and how many are dated."""
    from datetime import date

    dated = {d.id: date.fromisoformat(_date(d)) for d in documents if _date(d)}  # type: ignore[arg-type]
    if len(dated) < 2:
        return set(), len(dated)
    first = min(dated.values())
    return {i for i, t in dated.items() if (t - first).days >= FOLLOW_UP_DAYS}, len(dated)


def told_over_days(documents: list[Document]) -> bool:
    """A story told over many days: more than FOLLOW_UP_SHARE of the dated reports come later."""
    later, n = _later(documents)
    return bool(later) and len(later) > FOLLOW_UP_SHARE * n


def follow_ups(documents: list[Document]) -> set[str]:
    """Reports published FOLLOW_UP_DAYS or more after the first dated report, when they are
    at most FOLLOW_UP_SHARE of the dated reports (a story told over many days has none: it is
    one coverage)."""
    later, n = _later(documents)
    return later if len(later) <= FOLLOW_UP_SHARE * n else set()


def event_place(documents: list[Document], entities: list, origins: list
                ) -> tuple[str, set[str], list[str], set[str], str] | None:
    """Where the event happened: the place (a GPE entity or a dateline city) named by the
    most independent origins; a place written before a comma and a larger one ("Alder,
    Vell County") counts as the more precise, and one written only after such a comma is the
    larger region. Returns the name, the reports that name it, the other places as widely
    named, the places written only as larger regions, and how to write the place: with the
    larger one the reports most often write after it ("Alder, Vell County"), if any."""
    by_id = {d.id: d for d in documents}
    cands: dict[str, dict] = {}

    def cand(name: str) -> dict:
        return cands.setdefault(name.lower(), {"name": name, "docs": set(), "n": 0, "inner": 0, "outer": 0,
                                               "within": {}, "early": set()})

    gpes = [e for e in entities if getattr(e, "type", "") == "GPE"]
    untagged = untagged_candidates(documents, entities, lambda d: _origin_of(origins, d)) \
        if UNTAGGED_PLACES else None  # the openings' place below reads them too
    if untagged is not None:
        gpes += untagged_places(documents, entities, min_origins=2, candidates=untagged)
    if FRAMED_ELSEWHERE:
        gpes += framed_elsewhere(documents, entities)
    names = {e.name.lower() for e in gpes}
    for e in gpes:
        c = cand(e.name)
        for m in e.mentions:
            d = by_id.get(m.doc)
            if d is None:
                continue
            c["docs"].add(m.doc)
            c["n"] += 1
            if m.start < PLACE_OPENING:
                c["early"].add(m.doc)
            _larger_place(c, d.text[m.end:m.end + 80], names, cand)
    datelines = {d.id: _dateline_of(d) for d in documents}
    for d in documents:
        _dateline_place(d.id, datelines[d.id], cand, names)
    live = [c for c in cands.values() if c["docs"]]
    regions = {c["name"].lower() for c in live if c["outer"] > c["inner"]}
    if PRECISE_PLACE:  # only a place written as a precise one (before a comma, or as a dateline)
        precise = [c for c in live if c["inner"] > c["outer"]]
        # else a place two reports name in their openings and none writes as the larger region of another
        live = precise or ([c for c in live if len(c["early"]) >= 2 and not c["outer"]] if WIDE_PLACE else [])
    n_origins = lambda c: len({_origin_of(origins, x) for x in c["docs"]})  # noqa: E731
    wide = _wider_place(cands, live, n_origins) if WIDER_PLACE else None
    if not live:
        live = [wide] if wide else []
        wide = None
    if not live:
        opening = opening_place(documents, entities, PLACE_OPENING, untagged) if OPENING_PLACE else None
        return (opening, {d.id for d in documents if _names(d.text[:PLACE_OPENING], opening)}, [], regions,
                opening) if opening else None
    best = max(live, key=lambda c: (n_origins(c) + (c["inner"] > c["outer"]), c["inner"] - c["outer"], c["n"]))
    # other places as widely named, and not only as the larger region of another
    peers = [c["name"] for c in live if c is not best and c["outer"] <= c["inner"]
             and n_origins(c) >= n_origins(best)]
    label = best["name"]
    # the larger place: written so after it twice at least, and never itself as a precise place;
    # or once, when two origins at least name it (a city the reports name, around a neighbourhood)
    within = {k: n for k, n in best["within"].items() if k.lower() != best["name"].lower() and (
        (n >= 2 and not cands.get(k.lower(), {}).get("inner"))
        or (REGION_ONCE and k.lower() in cands and n_origins(cands[k.lower()]) >= 2))}
    region = max(within, key=lambda k: (within[k], k)) if within else None
    if wide is not None and n_origins(wide) > n_origins(best):
        # more origins name another place than the precise one: both, the smaller first (as the
        # reports write them, "Alder, Vell"; else the more widely named one first)
        pair = (best, wide) if wide["name"] in best["within"] else (wide, best)
        return best["name"], best["docs"] | wide["docs"], peers + [wide["name"]], regions, \
            f"{pair[0]['name']}, {pair[1]['name']}"
    filed = _filed_from(datelines, origins) if DATELINE_PLACE else None
    if filed and not _names(label, filed):
        # most reports file from another place than the one they name most: both, as the
        # reports' own datelines would write it
        label += ", " + filed
        peers = peers + [filed]
    if PLACE_REGION and region:
        label += ", " + region
    return best["name"], best["docs"], peers, regions, label


def _dateline_of(d: Document) -> tuple[str, str] | None:
    """A report's dateline as (city, larger place written after it): the one found at its start,
    or, without one, a dateline opening a later paragraph of its first PARAGRAPH_DATELINE
    characters (after a photo caption or a repeated title)."""
    if d.dateline:
        dl = md.parse_dateline(d.text[:200])
        # with or without a credit: "ALDER, Vell (AP) —" gives Vell as well
        region = dl.region.rstrip(".") if dl is not None and dl.city.strip() == d.dateline.strip() else ""
        return d.dateline.strip(), region
    if not PARAGRAPH_DATELINE:
        return None
    for m in re.finditer(r"\n\s*\n", d.text[:PARAGRAPH_DATELINE]):
        dl = md.parse_dateline(d.text[m.end():m.end() + 200])
        if dl is not None and dl.city.strip() and "\n" not in dl.city:
            return dl.city.strip(), dl.region.rstrip(".")
    return None


def _as_name(city: str) -> str:
    return city.title() if city.isupper() else city


def _filed_from(datelines: "dict[str, tuple[str, str] | None]", origins: list) -> str | None:
    """The dateline most origins write, when two origins at least write it and no other
    dateline is written by as many (``datelines``: each report's, by :func:`_dateline_of`)."""
    by: dict[str, set[str]] = {}
    for doc_id, dl in datelines.items():
        if dl:
            by.setdefault(_as_name(dl[0]), set()).add(_origin_of(origins, doc_id))
    if not by:
        return None
    ranked = sorted(by, key=lambda k: -len(by[k]))
    top = ranked[0]
    if len(by[top]) < 2 or (len(ranked) > 1 and len(by[ranked[1]]) == len(by[top])):
        return None
    return top


def _larger_place(c: dict, after_text: str, names: set[str], cand) -> None:  # type: ignore[no-untyped-def]
    """A place mention followed by a comma and a place the reports name: the
    mention is the precise place and the other its larger one ("Alder, Vell County")."""
    after = re.match(r",\s+([A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)", after_text)
    if not after:
        return
    outer = after.group(1).rstrip(".")
    if outer.lower() not in names:
        return
    rest = after_text[after.end():]
    c["inner"] += 1
    cand(outer)["outer"] += 1
    if not re.match(r"\s*(?:and|or|&)\b", rest[:6]):
        c["within"][outer] = c["within"].get(outer, 0) + 1


def _dateline_place(doc_id: str, dl: "tuple[str, str] | None", cand, names: set[str]) -> None:  # type: ignore[no-untyped-def]
    """A report's dateline (:func:`_dateline_of`) as a precise place, and the larger place
    written after it, as in "ALDER, Vell — ...", when that is a place the reports name."""
    if dl is None:
        return
    c = cand(_as_name(dl[0]))
    c["docs"].add(doc_id)
    c["n"] += 1
    c["inner"] += 1
    outer = dl[1]
    if outer and outer.lower() in names:
        cand(outer)["outer"] += 1
        c["within"][outer] = c["within"].get(outer, 0) + 1


def _wider_place(cands: dict[str, dict], precise: list[dict], n_origins) -> dict | None:  # type: ignore[no-untyped-def]
    """The place the most origins name when that is more than any precise place has: a town
    or city, never written as the larger region of another nor named as an area ("... County")."""
    top = max((n_origins(c) for c in precise), default=1)
    wide = [c for c in cands.values() if c["docs"] and not c["outer"] and n_origins(c) > top
            and c["name"].split()[-1].lower() not in AREA_HEADS and not any(c is p for p in precise)]
    return max(wide, key=lambda c: (n_origins(c), c["n"], c["name"])) if wide else None


def _names(text: str, name: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’.-]+", name) if len(w) >= 3]
    return bool(words) and any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in words)


# -- key figures ---------------------------------------------------------------------------------
def _key_rank(g: ClaimGroup) -> int | None:
    """Rank of a figure among the event's key figures (people killed, injured, ...), or None."""
    scope = (g.scope or "").lower()
    text = f"{g.topic} {scope}".lower()
    for i, w in enumerate(_KEY_SCOPES):
        if scope == w or re.search(rf"\b{w}\b", text):
            return i
    return None


def key_figures(groups: list[ClaimGroup], docs: dict[str, Document], origins: list,
                index: dict[str, list[_Sent]], limit: int = 3) -> list[BriefSentence]:
    """One short line per key figure: agreed, disputed, reconciled or evolving; single-source
    key figures only when no report agrees on one. A figure about the background never counts,
    and an event whose reports do not open on people killed or hurt has none."""
    if KEY_HARM_SHARE and not _about_harm(docs, index):
        return []  # an event whose reports do not open on people killed or hurt: no toll lines
    loose = told_over_days(list(docs.values()))  # scattered disputes are left out only then
    keyed = [(r, g) for g in groups if (r := _key_rank(g)) is not None
             and (g.scope or "").lower() != "background"]
    # per key figure, the group most reports give (a single-source figure only when no other)
    keyed.sort(key=lambda t: (t[0], len(_group_docs(t[1])) < 2 or t[1].status == "single", not _general(t[1]),
                              -(t[1].independent_sources or 0), -len(t[1].claims)))
    out: list[BriefSentence] = []
    seen: set[int] = set()
    for r, g in keyed:
        if r in seen:
            continue
        s: BriefSentence | None = None
        one_origin = len(_group_docs(g)) < 2 or _one_origin(_group_docs(g), origins)
        if one_origin and not (r <= 1 and KEY_SINGLES and _early(g.claims[0], docs)):
            continue  # a figure one origin gives counts only when told in a report's opening
        if g.status == "agree" and len(_group_docs(g)) >= 2:
            s = _agree_line(g, origins)
        elif g.status == "disagree":
            s = _leading_value(g, docs, origins) if loose and _scattered(g) else _differ_line(g, docs)
        elif g.status == "evolving":
            s = _evolving_sentence(g, docs)
        elif g.status == "reconciled":
            s = _reconciled_sentence(g)
        else:
            s = _single_sentence(g, docs)  # killed or injured, from one report only, told in its opening
        if s is None or not grounded(s.text, s.docs, docs):
            continue
        seen.add(r)
        out.append(s)
        if len(out) >= limit:
            break
    return out


def _scattered(g: ClaimGroup) -> bool:
    """A disputed figure whose values lie too far apart to count one thing."""
    vals = [float(v) for v, _ in _by_value(g)[:3] if isinstance(v, (int, float)) and v > 0]
    return bool(DIFFER_SPREAD) and len(vals) >= 2 and max(vals) > DIFFER_SPREAD * min(vals)


def _leading_value(g: ClaimGroup, docs: dict[str, Document], origins: list) -> BriefSentence | None:
    """A scattered dispute told by the value that most of the reports giving the figure give
    (reports of two origins or more); None otherwise."""
    vals = _by_value(g)
    ids = list(dict.fromkeys(c.doc for c in vals[0][1]))
    if 2 * len(ids) <= len(_group_docs(g)) or _one_origin(ids, origins):
        return None
    value, claims = vals[0]
    support = set().union(*(supported_numbers(docs[d]) for d in ids if d in docs))
    return BriefSentence(f"Most reports give {_topic(g)} as {_with_value(value, claims[0].text, support)}.",
                         ids, "disagree")


_HARM = re.compile(r"\b(?:" + "|".join(sorted(HARM_CUES)) + r")\b", re.I)


def _about_harm(docs: dict[str, Document], index: dict[str, list[_Sent]]) -> bool:
    """At least KEY_HARM_SHARE of the reports tell of people killed or hurt in their opening."""
    ids = [d for d in docs if d in index]
    hits = sum(any(_HARM.search(s.text) for s in index[d][:EARLY]) for d in ids)
    return bool(ids) and hits >= KEY_HARM_SHARE * len(ids)


def _general(g: ClaimGroup) -> bool:
    """A figure that counts people in general ("five people"), not a part of them ("two children")."""
    return (g.unit or "").lower() in _GENERAL_UNITS or bool(re.match(r"(?:people|persons?|victims?)\b", g.topic or ""))


def _early(c, docs: dict[str, Document], within: int | None = None) -> bool:
    """A claim stated in the first ``within`` sentences of its report."""
    d = docs.get(c.doc)
    return d is not None and len(split_sentences(d.text[:c.start])) <= (EARLY if within is None else within)


def _differ_line(g: ClaimGroup, docs: dict[str, Document]) -> BriefSentence | None:
    """A disagreement naming the reports by outlet when every one has an outlet (and the
    names hold no figure the reports do not give), else as "one report ... another"."""
    named = all(docs[c.doc].outlet for c in g.claims if c.doc in docs)
    s = _differ_sentence(g, docs, generic=not named)
    if s is not None and not grounded(s.text, s.docs, docs):
        s = _differ_sentence(g, docs, generic=True)
    return s


def _agree_line(g: ClaimGroup, origins: list) -> BriefSentence | None:
    """An agreed key figure in a short line: the span that tells it best (:func:`_telling`), and
    who gives it."""
    claims = sorted(g.claims, key=lambda c: _telling(c, g))
    if not claims:
        return None
    ids = _group_docs(g)
    if _one_origin(ids, list(origins)):
        return BriefSentence(f"Reports sharing one origin give {_topic(g)}: {_with_value(g.value, claims[0].text)}.", ids,
                             "single")
    n = len({_origin_of(list(origins), d) for d in ids})
    return BriefSentence(f"Reports agree on {_topic(g)}: {_with_value(g.value, claims[0].text)}.", ids,
                         "agree" if n >= 2 else "single")


def _with_value(v: object, text: str, support: set[float] | None = None) -> str:
    """A claim's words, led by its value when the words do not state it as a number: "one
    (“A man”)", "2 (“a man and his son”)" (people described one by one). One is written as a
    word, the way a report writes it; another value only when ``support`` (the figures the
    reports state) holds it, if given."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v) == int(v) \
            and int(v) not in figures_in(text) and not (int(v) == 1 and re.match(r"one\b", text.strip(), re.I)):
        if int(v) == 1:
            return f"one ({_span(text)})"
        if support is None or float(v) in support:
            return f"{int(v)} ({_span(text)})"
    return _span(text)


# -- assembly ----------------------------------------------------------------------------------
@dataclass
class _Cand:
    sent: _Sent
    score: float
    vec: np.ndarray
    background: bool
    lead_ok: bool  # stands alone well enough to open the brief


def _candidates(documents: list[Document], index: dict[str, list[_Sent]], origins: list,
                use_embeddings: bool, elsewhere: set[tuple[str, str]] = frozenset()) -> list[_Cand]:  # type: ignore[assignment]
    """Every sentence that can stand alone in the brief, scored by centrality and position;
    ``elsewhere`` holds (report, words) of figures the claims stage placed in another time or
    event: a sentence holding one is background."""
    pool: list[_Sent] = []
    per_doc = max(5, min(POOL_PER_REPORT, MAX_POOL // max(1, len(documents))))  # a large event: openings only
    for d in documents:
        pool.extend(s for s in index.get(d.id, [])[:per_doc] if 4 <= len(s.text.split()) <= 60)
    if not pool:
        return []
    vecs = _vectors([s.text for s in pool], use_embeddings)
    graph = vecs
    if WORD_MIX > 0 and use_embeddings:  # similarity: a mix of meaning and shared words
        words = _vectors([s.text for s in pool], False)
        graph = np.hstack([vecs * np.sqrt(1 - WORD_MIX), words * np.sqrt(WORD_MIX)])
    cent = centrality(graph, [_origin_of(origins, s.doc) for s in pool])
    years = {d.id: _year(d) for d in documents}
    weight = POSITION_WEIGHT_OVER_DAYS if told_over_days(documents) else POSITION_WEIGHT
    out = []
    for s, v, c in zip(pool, vecs, cent):
        text = s.text
        n_words = len(text.split())
        if n_words < 6 or n_words > MAX_WORDS or _QUOTES.search(text) or _DANGLING.match(text) \
                or _READER.search(text) or is_appeal(text) or not text[:1].isupper() or text[-1:] != "." \
                or "?" in text or _BROKEN_END.search(text):
            continue
        if (_BARE_ATTRIBUTION.match(text) and n_words <= 8 and " that " not in text) or _ONLY_ATTRIBUTION.match(text):
            continue
        score = float(c) + weight / (1.0 + s.index)
        lead_ok = not _PRONOUN.search(text)
        bg = is_background(text, years.get(s.doc)) or any(d == s.doc and w in text for d, w in elsewhere)
        out.append(_Cand(s, score, v, bg, lead_ok))
    out.sort(key=lambda c: (-c.score, c.sent.index, c.sent.doc))
    return out


def _words(s: BriefSentence | str) -> int:
    return len((s.text if isinstance(s, BriefSentence) else s).split())


class _Brief:
    """The brief being built: its sentences so far, their vectors and the event's context."""

    def __init__(self, documents: list[Document], claim_groups: list[ClaimGroup], origins: list,
                 state: EventState | None, budget: int, use_emb: bool, entities: list):
        self.docs = {d.id: d for d in documents}
        self.origins = origins
        self.entities = entities
        self.budget = budget
        self.on_topic = [d for d in documents if not getattr(d, "off_topic", False)] or list(documents)
        self.on_ids = {d.id for d in self.on_topic}
        self.groups = _full_spans([g for g in claim_groups if g.claims and not _year_as_count(g)
                                   and g.scope != "background"  # another time or event: not this one's facts
                                   and all(c.doc in self.on_ids for c in g.claims)], self.docs)
        self.index = _all_sents(self.on_topic, state)
        self.later = follow_ups(self.on_topic)
        elsewhere = {(c.doc, c.text) for g in claim_groups for c in g.claims
                     if c.text.strip() and (g.scope == "background" or getattr(c, "state", None) == "background")}
        self.cands = _candidates(self.on_topic, self.index, origins, use_emb, elsewhere)
        self.disputed = {(c.doc, c.text) for g in self.groups if g.status == "disagree"
                         for c in g.claims if c.text.strip()}
        self.order = {d.id: i for i, d in enumerate(documents)}
        self.out: list[BriefSentence] = []
        self.vecs: list[np.ndarray] = []

    def fits(self, extra: int) -> bool:
        return len(self.out) < MIN_SENTENCES or sum(_words(s) for s in self.out) + extra <= self.budget

    def redundant(self, c: _Cand, bar: float | None = None) -> bool:
        return any(float(c.vec @ v) >= (REDUNDANT if bar is None else bar) for v in self.vecs)

    def cite(self, c: _Cand) -> BriefSentence | None:
        """A candidate as a brief sentence cited with the reports that restate it (follow-ups only
        for a follow-up's sentence), or None when it cannot be told as settled and grounded."""
        s, index, order = c.sent, self.index, self.order
        among = [d for d in index if d not in self.later] if s.doc not in self.later else None
        ids = sorted(supporters(s, index, among), key=lambda d: order.get(d, 0))
        b: BriefSentence | None = BriefSentence(s.text, ids, _status_for(ids, self.origins))
        mine = [t for d, t in self.disputed if d in ids]
        if any(_mentions(s.text, t) for t in mine) or _JUDGING.search(s.text):
            # one side of a disagreement told as settled, or a judging word: the clause comes off
            b = _trim_disputed(b, mine, index, self.origins)  # type: ignore[arg-type]
            if b is not None:
                b = BriefSentence(b.text, sorted(b.docs, key=lambda d: order.get(d, 0)), b.status)
        if b is None or not grounded(b.text, b.docs, self.docs) or any(_repeats(b, k) for k in self.out) \
                or any(_mentions(b.text, t) for d, t in self.disputed if d in b.docs):
            return None
        return b

    def add(self, b: BriefSentence | None, vec: np.ndarray | None = None, force: bool = False) -> bool:
        if b is None or not (force or self.fits(_words(b))) or any(b.text == k.text for k in self.out):
            return False
        self.out.append(b)
        if vec is not None:
            self.vecs.append(vec)
        return True


def _with_place(br: _Brief, b: BriefSentence) -> BriefSentence:
    """The lead, prefixed with where it happened (as the reports write it) when it names no place."""
    entities = br.entities
    place = event_place(br.on_topic, entities, br.origins)
    places = [e.name for e in entities if getattr(e, "type", "") in ("GPE", "LOC")]
    named = [place[0]] + [p for p in place[2] if p in place[4].split(", ")] if place else []
    if place and not all(_names(b.text, p) for p in named) \
            and not any(_names(b.text, p) for p in place[2] if p not in named) \
            and (PLACE_ALWAYS or not any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", b.text) for p in places
                                         if p.lower() not in place[3])):
        ids = b.docs + ([] if any(d in place[1] for d in b.docs) else
                        sorted(place[1], key=lambda d: br.order.get(d, 0))[:1])
        return BriefSentence(f"{place[4]} — {b.text}", ids, _status_for(ids, br.origins))
    return b


def _add_lead(br: _Brief) -> _Cand | None:
    """What happened: the most central sentence of the first reports, not background."""
    for c in br.cands:
        if c.background or not c.lead_ok or c.sent.doc in br.later:
            continue
        b = br.cite(c)
        if b is not None:
            br.add(_with_place(br, b), c.vec, force=True)
            return c
    return None


def _add_named_and_next(br: _Brief, rest: list[_Cand]) -> None:
    """Who is named (the most central sentence naming the person most reports name), then what
    happened next (the most central sentence of the follow-up reports, said as such)."""
    person = _main_person(br.entities, br.on_ids, br.origins) if NAMED_SLOT else None
    if person and not any(_names(s.text, person) for s in br.out):
        for c in rest:
            if c.background or c.sent.doc in br.later or not _names(c.sent.text, person) or br.redundant(c):
                continue
            if br.add(br.cite(c), c.vec):
                break
    if br.later:
        for c in rest:
            if c.sent.doc not in br.later or c.background or br.redundant(c):
                continue
            b = br.cite(c)
            if b is None:
                continue
            if br.add(_as_later(b), c.vec):
                break


def _as_later(b: BriefSentence | None) -> BriefSentence | None:
    """A follow-up's sentence, said as such."""
    if b is None:
        return None
    return BriefSentence("Later: " + b.text, b.docs, b.status)


def _add_more(br: _Brief, rest: list[_Cand], quote_groups: list[QuoteGroup]) -> None:
    """More of what the reports share, then the main quote, then a disagreement on another figure."""
    for c in rest:
        if not br.fits(8):
            break
        if (c.background and not FILL_BACKGROUND) or (c.sent.doc in br.later and not FILL_LATER) or br.redundant(c):
            continue
        br.add(_as_later(br.cite(c)) if c.sent.doc in br.later else br.cite(c), c.vec)
    for q in sorted(quote_groups, key=lambda q: -len(q.quotes)):
        s = _quote_sentence(q, br.origins, br.docs)
        if s is not None and all(d in br.on_ids for d in s.docs) and grounded(s.text, s.docs, br.docs):
            br.add(s)
            break
    # a disagreement on another figure (budget allowing), when independent reports differ on it
    for g in sorted(br.groups, key=lambda g: -(g.independent_sources or 0)):
        if OTHER_DISPUTES and g.status == "disagree" and _key_rank(g) is None \
                and len({_origin_of(br.origins, d) for d in _group_docs(g)}) >= 2 and br.add(_differ_line(g, br.docs)):
            break


def _fill_minimum(br: _Brief, rest: list[_Cand]) -> None:
    """At least three sentences: agreed figures, then single-source ones, then anything central."""
    groups, docs = br.groups, br.docs
    if len(br.out) < MIN_SENTENCES:
        for g in sorted(groups, key=lambda g: -(g.independent_sources or 0)):
            if g.status == "agree" and len(_group_docs(g)) >= 2 and len(br.out) < MIN_SENTENCES:
                s = _agree_line(g, br.origins)
                if s is not None and grounded(s.text, s.docs, docs):
                    br.add(s, force=True)
    if len(br.out) < MIN_SENTENCES:
        for g in groups:
            if g.status == "single" and len(br.out) < MIN_SENTENCES:
                s = _single_sentence(g, docs)
                if s is not None and grounded(s.text, s.docs, docs):
                    br.add(s, force=True)
    if len(br.out) < MIN_SENTENCES:
        for c in rest:
            if len(br.out) >= MIN_SENTENCES:
                break
            # a sentence close to one already told may fill the three, a near-copy never; another
            # time or event never fills the brief
            if not br.redundant(c, FILL_REDUNDANT) and not c.background:
                br.add(br.cite(c), c.vec, force=True)


def build_brief(documents: list[Document], claim_groups: list[ClaimGroup] = (),  # type: ignore[assignment]
                quote_groups: list[QuoteGroup] = (),  # type: ignore[assignment]
                origins: list = (),  # type: ignore[assignment]
                state: EventState | None = None, words: int | None = None,
                entities: list = ()) -> list[BriefSentence]:  # type: ignore[assignment]
    """The brief, within about ``words`` words (at least three sentences): what happened (the
    most central sentence of the first reports, never background), the key figures (agreed,
    disputed or changing), who is named, what happened next (follow-up reports, said as
    such), the main quote, then more central sentences. Every sentence is grounded in the
    reports it cites; off-topic reports are left out."""
    if not documents:
        return []
    if state is not None:
        entities = entities or state.sections.get("entities", [])
        if words is None:
            words = getattr(state.settings, "brief_words", BRIEF_WORDS)
    use_emb = bool(getattr(state.settings, "embeddings", True)) if state is not None else True
    br = _Brief(documents, list(claim_groups), list(origins), state, words or BRIEF_WORDS, use_emb, list(entities))
    lead = _add_lead(br)
    for s in key_figures(br.groups, br.docs, br.origins, br.index, limit=KEY_FIGURES):
        if not any(_states_figures(k.text, s) for k in br.out):  # the lead may already give it
            br.add(s)
    rest = [c for c in br.cands if c is not lead]
    _add_named_and_next(br, rest)
    _add_more(br, rest, list(quote_groups))
    _fill_minimum(br, rest)
    return br.out


def _states_figures(text: str, line: BriefSentence) -> bool:
    """An earlier sentence already gives every figure of a key-figure line, next to its outcome."""
    nums = figures_in(line.text)
    return bool(nums) and line.status != "disagree" and nums <= figures_in(text) \
        and any(w in text.lower() for w in re.findall(r"[a-z]{4,}", line.text.lower())
                if w in ("killed", "injured", "wounded", "dead", "missing", "arrested", "charged"))


def _main_person(entities: list, ids: set[str], origins: list) -> str | None:
    """The person most independent origins name (two at least)."""
    best = None
    for e in entities:
        if getattr(e, "type", "") != "PERSON":
            continue
        docs = {m.doc for m in e.mentions if m.doc in ids}
        n = len({_origin_of(origins, d) for d in docs})
        if n >= 2 and (best is None or (n, len(e.mentions)) > best[0]):
            best = ((n, len(e.mentions)), e.name)
    return best[1] if best else None


def _position(s: BriefSentence, index: dict[str, list[_Sent]]) -> int:
    """Where a sentence taken from a report sits in it (0 = its first), shortened forms included."""
    head = s.text.rstrip(".").split(", ")[0]
    return min((o.index for d in s.docs for o in index.get(d, []) if o.text == s.text or o.text.startswith(head)),
               default=99)


def _mentions(text: str, part: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) is not None


_ATTRIBUTION = re.compile(r",\s*((?:[^,]{1,60}\s+)?(?:said|says|reported|reports|announced|confirmed)"
                          r"(?:\s+[^,]{1,40})?|according to [^,]{1,60})\.$")


def _trim_disputed(s: BriefSentence, disputed: list[str], index: dict[str, list[_Sent]],
                   origins: list) -> BriefSentence | None:
    """A report's sentence without its trailing participial clause (", injuring ...",
    ", leaving ...") when that clause holds a figure the reports dispute or a judging word; the sentence's closing
    attribution stays. Cited again with the reports that restate what is left. None when no
    such clause can come off, or what is left is too short."""
    text = s.text
    hits = [m.start() for t in disputed for m in re.finditer(rf"(?<!\w){re.escape(t)}(?!\w)", text)]
    hits += [m.start() for m in _JUDGING.finditer(text)]
    if not hits:
        return None
    first = min(hits)
    cut = text.rfind(", ", 0, first)
    if cut < 0 or not re.match(r",\s+[a-z]+ing\b", text[cut:]):
        return None
    head = text[:cut].rstrip()
    attribution = _ATTRIBUTION.search(text)
    tail = f", {attribution.group(1)}" if attribution and attribution.start() > first else ""
    trimmed = f"{head}{tail}."
    if len(head.split()) < 6 or any(_mentions(trimmed, t) for t in disputed) or _JUDGING.search(trimmed):
        return None
    me = _make_sent(s.docs[0], 0, trimmed)
    src = next((d for d in s.docs if any(o.text == text for o in index.get(d, []))), s.docs[0])
    me = _make_sent(src, 0, trimmed)
    ids = supporters(me, index)
    return BriefSentence(trimmed, ids, _status_for(ids, origins))


def _repeats(a: BriefSentence, b: BriefSentence) -> bool:
    """Two brief sentences tell the same thing: the shorter one's figures all in the other and
    most of its content words too (60% when they share a figure, else 70%)."""
    wa, wb = content_words(a.text) - _TEMPLATE_WORDS, content_words(b.text) - _TEMPLATE_WORDS
    if not wa or not wb:
        return False
    fa, fb = figures_in(a.text), figures_in(b.text)
    if len(wb) < len(wa):
        wa, wb, fa, fb = wb, wa, fb, fa
    if not fa <= fb:
        return False
    return len(wa & wb) >= (0.6 if fa else 0.7) * len(wa)


def _by_support(items: list[BriefSentence | None], origins: list = ()) -> list[BriefSentence]:  # type: ignore[assignment]
    """Sentences with the most independent origins first, then the most reports."""
    return sorted([s for s in items if s is not None],
                  key=lambda s: (-len({_origin_of(list(origins), d) for d in s.docs}), -len(s.docs)))


@stage("brief", requires=("documents", "entities", "claim_groups", "quote_groups", "origins", "timeline"),
       provides=("brief",))
def run(state: EventState) -> dict[str, list]:
    """The pipeline stage: build the brief from the documents and earlier sections."""
    sec = state.sections
    return {"brief": build_brief(state.documents, sec.get("claim_groups", []), sec.get("quote_groups", []),
                                 sec.get("origins", []), state, entities=sec.get("entities", []))}


def brief_for_report(report: Report) -> list[BriefSentence]:
    """Build (or rebuild) the brief of a finished report."""
    return build_brief(report.documents, report.claim_groups, report.quote_groups, report.origins,
                       entities=report.entities)
