"""Quantity claims: numbers in a report with what they count, their qualifier and scope.

A regular expression finds number expressions in the cleaned text (digits, number words,
"a dozen", fractions such as "48 ½", ranges, hyphenated units such as "12-truck" or
"31-year-old"); the spaCy parse of the same text then says what each number counts (the head
noun), which words around it give its scope (killed, wounded, original, remaining ...), and who
an age or a prison term belongs to. Dates, clock times, phone numbers, addresses, ordinals and
numbers that are part of names are left out. Every :class:`~storylens.model.Claim` points at
its span in ``Document.text``.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from ..model import Claim, Document
from ..text.quotation import quote_spans
from ..text.tokens import first_at, tokens_before

# -- number words ------------------------------------------------------------------------

from ..lang.en.numbers import UNITS_W
from ..lang.en.numbers import TENS_W
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
from ..lang.en.calendar import MONTHS
from ..lang.en.calendar import WEEKDAYS

_W1 = "|".join(sorted(list(UNITS_W) + list(TENS_W), key=len, reverse=True))
_W1S = rf"(?:(?:{'|'.join(TENS_W)})-(?:{'|'.join(k for k in UNITS_W if UNITS_W[k] < 10)})|{_W1}|hundred|thousand|million|billion)"
# a run of number words: "two hundred and fifty", "forty two", "twenty-five thousand three hundred"
# (read with text2num; a run it cannot read is cut to its first word, see iter_numbers)
_WORDNUM = (rf"(?:(?:{'|'.join(TENS_W)})-(?:{'|'.join(k for k in UNITS_W if UNITS_W[k] < 10)})|{_W1})"
            rf"(?:(?:[\s-]+|\s+and\s+)(?={_W1S}\b){_W1S})*")
_WORDNUM_ONE = (rf"(?:(?:{'|'.join(TENS_W)})-(?:{'|'.join(k for k in UNITS_W if UNITS_W[k] < 10)})"
                rf"|{_W1})(?:\s+(?:hundred|thousand|million|billion))?")
# vague quantities: a range, not a number ("dozens" is two dozen or more, not 12)
from ..lang.en.numbers import VAGUE
# "230, 000" and "6. 1" are tokenised forms of "230,000" and "6.1" (the latter only before a
# word that a decimal fits: magnitude, per cent, million ...)
_DIGITNUM = (r"(?<!\d)\d{1,3}(?:,\s\d{3})*,\s000(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
             r"|\d{1,2}\.\s\d{1,2}(?=\s?-?\s?(?:magnitude|on\s+the\s+Richter|percent|per\s?cent|%|million|billion)\b)"
             r"|(?:(?<=magnitude\s)|(?<=magnitude\sof\s)|(?<=measuring\s)|(?<=measured\s))\d\.\s\d(?!\d)"
             r"|\d+(?:\.\d+)?")
_FRAC = r"(?:\s?[½¼¾⅓⅔]|\s1/2)"
_SCALE = r"(?:\s+(?:million|billion|thousand|hundred))"
_CORE = (rf"(?:(?:{_DIGITNUM}){_FRAC}?{_SCALE}?"
         rf"|(?<![\w-])(?:half\s+a|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+dozen(?![\w-])"
         rf"|(?<![\w-])(?:{_WORDNUM})(?![\w])|dozen(?![\w-])"
         rf"|(?<![\w-])(?:(?:tens|hundreds)\s+of\s+thousands|dozens|scores|hundreds|thousands|millions)(?![\w-]))")
_AND_HALF = r"(?:[-\s]and[-\s]a[-\s]half)"

from ..lang.en.numbers import QUALIFIERS
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))

NUM_RE = re.compile(
    rf"(?P<qual>\b(?:{_QUAL})\s+)?"
    rf"(?P<range>\b(?:between|from)\s+)?"
    rf"(?P<cur>[$€£]\s?)?"
    rf"(?P<num>{_CORE})(?P<abbr>(?<=\d)(?:bn|mn|m|b|k)\b)?(?P<half>{_AND_HALF})?"
    rf"(?P<high>\s*(?:-|–|to|(?(range)and|(?!)))\s*(?:{_DIGITNUM}|{_WORDNUM})(?=\s+[a-z]))?"
    rf"(?P<hyph>\s?-\s?(?P<hunit>[a-z]+)(?P<old>\s?-\s?old\b|\s+old\b)?)?",
    re.IGNORECASE)
# the same without the upper end of a range: "from 40 to 43" after a verb of change is two figures
NUM_RE_SINGLE = re.compile(NUM_RE.pattern.replace("(?P<high>", "(?P<high>(?!)"), re.IGNORECASE)
NUM_RE_NOHYPH = re.compile(NUM_RE.pattern.replace("(?P<hyph>", "(?P<hyph>(?!)"), re.IGNORECASE)
NUM_RE_SINGLE_NOHYPH = re.compile(NUM_RE_SINGLE.pattern.replace("(?P<hyph>", "(?P<hyph>(?!)"), re.IGNORECASE)
CHANGE_BEFORE_RE = re.compile(r"\b(?:rose|risen|rise|rises|rising|climbed|climb|climbs|climbing|increased|increase|"
                              r"jumped|grew|fell|fallen|dropped|declined|revised|raised|lowered|doubled)"
                              r"(?:\s+\w+){0,3}\s+$", re.I)


NUM_RE_ONEWORD = re.compile(NUM_RE.pattern.replace(_WORDNUM, _WORDNUM_ONE), re.IGNORECASE)


def iter_numbers(text: str):
    """Number expressions in a text, left to right. "A to B" after a verb of change ("rose from
    40 to 43") and a spaced hyphen that is not an age ("29 - year - old" is one) are not one
    expression: the first number is read alone and the scan goes on after it."""
    pos = 0
    while True:
        m = NUM_RE.search(text, pos)
        if m is None:
            return
        if m.group("high") and m.group("range") and m.group("range").strip().lower() == "from" and \
                CHANGE_BEFORE_RE.search(text[max(0, m.start() - 60):m.start()]):
            m = NUM_RE_SINGLE.match(text, m.start()) or m
        if m.group("hyph") and re.match(r"\s", m.group("hyph")) and not m.group("old"):
            m = (NUM_RE_SINGLE_NOHYPH if m.re is NUM_RE_SINGLE else NUM_RE_NOHYPH).match(text, m.start()) or m
        if re.search(r"[a-z]\s", m.group("num"), re.I) and parse_number(m.group("num")) is None:
            m = NUM_RE_ONEWORD.match(text, m.start()) or m  # "one two" is two numbers
        yield m
        pos = max(m.end(), pos + 1)


def parse_number(text: str) -> float | None:
    """The value of a number expression: digits, words, "a dozen", "48 ½", "2-and-a-half"."""
    s = re.sub(r"(?<=\d)\.\s(?=\d)", ".", text.strip().lower())
    s = re.sub(r"(?<=\d),\s?(?=\d{3})", "", s).replace(",", "")
    s = re.sub(r"\s+", " ", s)
    half = 0.0
    m = re.search(r"[-\s]and[-\s]a[-\s]half$", s)
    if m:
        half, s = 0.5, s[:m.start()]
    for ch, v in FRACTIONS.items():
        if s.endswith(ch):
            half, s = half + v, s[:-1].strip()
    if s.endswith(" 1/2"):
        half, s = half + 0.5, s[:-4]
    if s in VAGUE:
        return float(VAGUE[s][0])
    if "dozen" in s:
        if s.startswith("half"):
            return 6.0 + half
        k = s.split()[0]
        return 12.0 * (UNITS_W.get(k, 1)) + half
    scale = 1
    for w, v in SCALES.items():
        if s.endswith(" " + w) and not re.search(r"[a-z]", s[: -len(w) - 1]):
            scale, s = v, s[: -len(w) - 1].strip()
            break
    try:
        return float(s) * scale + half
    except ValueError:
        pass
    try:
        from text_to_num import text2num

        return float(text2num(s, "en")) * scale + half
    except ValueError:
        pass
    except ImportError:  # pragma: no cover - text2num is a dependency; the rules below are its fallback
        pass
    if re.search(r"\s(?:and\s)?\S", s) and not re.fullmatch(rf"{_WORDNUM_ONE}", s):
        return None  # a run of words that is no one number ("two three")
    total, cur = 0, 0
    for part in re.split(r"[\s-]+", s):
        if part in UNITS_W:
            cur += UNITS_W[part]
        elif part in TENS_W:
            cur += TENS_W[part]
        elif part in SCALES:
            cur = max(cur, 1) * SCALES[part]
            if SCALES[part] >= 1000:
                total, cur = total + cur, 0
        elif part == "and":
            continue
        else:
            return None
    return float(total + cur) * scale + half


def as_value(v: float) -> float | int:
    """Whole numbers as int, others as float."""
    return int(v) if float(v).is_integer() else round(v, 4)


# -- lexicons (general English): see lang/en/quantities

from ..lang.en.quantities import (  # noqa: F401  (re-exported: other stages read them from here)
    ABBR_SCALE, AGENT_EVENTS, ATTEMPT_RE, COLLECTIVE, CURRENCY, DEATH_NOUNS, DISTANCE_UNITS,
    FAMILY, GENERIC_SUBJECTS, HUMAN_SCOPES, MAGNITUDE_AFTER_RE, MAGNITUDE_BEFORE_RE, MEASURE_UNITS,
    MONEY_WORDS, NAME_LABELS, NAME_TITLES, NOT_PERSON, QUAKE_NOUNS, ROLE_PERSON_NOUNS, SCOPE_WORDS,
    STATE_WORDS, THING_SCOPES, TIME_SCOPE_RE, TIME_UNITS, TITLE_WORDS, UNIT_CLASS, YEAR_EVENTS,
    _AGENT_RE,
)


from ..lang.en.quantities import PERSON_NOUNS  # noqa: E402
from ..lang.en.stopwords import REFLEXIVE  # noqa: E402

_PERSON_WORDS = "|".join(sorted((re.sub(r"man$", "m[ae]n", re.escape(w)) for w in PERSON_NOUNS if w.isalpha()),
                                key=len, reverse=True))
AGES_BEFORE_RE = re.compile(
    rf"(?:\bages\s+|\b(?:{_PERSON_WORDS})(?:e?s)?\s*,\s*(?:ages?\s+)?)(?:\d{{1,3}}\s*(?:,\s*and|,|and|or)\s*)*$", re.I)


from ..lang.en.titles import OFFICE_WORDS


def _clock_like(num_tok: Any, value: float) -> bool:
    """Is a number the parser put in a time expression a time of day ("at 9", "9 o'clock",
    "9 in the morning") rather than a count in a sentence that also says when ("from 40 to
    43 overnight")?"""
    ent = next((e for e in num_tok.doc.ents if e.start <= num_tok.i < e.end), None)
    if ent is None:
        return True
    if re.search(r"\d[:.]\s?\d|\b[ap]\.?\s?m\b|o['’]clock|\bnoon\b|\bmidnight\b|\b(?:GMT|UTC|EST|EDT)\b",
                 ent.text, re.I):
        return True
    return value <= 24 and float(value).is_integer()


def _is_label(sp: Any, num_tok: Any, value: float) -> bool:
    """Is a number part of a name or a label rather than a count: after a proper name it is
    not counting ("Route 9", "Apollo 4", "Flight 77", "Highway 12"), inside a named entity
    that starts with a word, or before a singular noun that names one thing ("the 52
    depot")?"""
    i = num_tok.i
    prev = sp[i - 1] if i > 0 else None
    noun = _head_noun(num_tok)
    counts = noun is not None and (noun.tag_ in ("NNS", "NNPS") or _lemma(noun) in COLLECTIVE or
                                   (value == 1 or noun.tag_ != "NN") and _lemma(noun) in UNIT_CLASS)
    if prev is not None and not counts and prev.is_alpha and prev.text[:1].isupper() and \
            not prev.is_sent_start and prev.pos_ == "PROPN" and prev.ent_type_ not in ("DATE", "TIME", "CARDINAL") \
            and prev.lower_ not in MONTHS and prev.lower_ not in WEEKDAYS and prev.lower_ not in TITLE_WORDS:
        return True
    nxt = sp[i + 1] if i + 1 < len(sp) else None
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.is_alpha and not counts \
            and nxt.tag_ != "NNPS" and not nxt.text.endswith("s"):
        return True  # "a 9 Street crew member"
    if num_tok.ent_type_ in NAME_LABELS and num_tok.ent_iob_ == "I" and prev is not None and prev.is_alpha:
        return True
    if noun is not None and noun.i == i + 1 and noun.tag_ == "NN" and value != 1 and not counts \
            and prev is not None and prev.lower_ == "the" and _lemma(noun) not in TIME_UNITS \
            and _lemma(noun) not in DISTANCE_UNITS and _lemma(noun) not in MEASURE_UNITS \
            and _lemma(noun) not in MONEY_WORDS and not num_tok.text.isalpha():
        return True
    return False


def unit_class(unit: str | None) -> str | None:
    """The class a counted noun belongs to (bus and vehicle are both "vehicle")."""
    if unit is None:
        return None
    return UNIT_CLASS.get(unit, unit)


# -- extraction ---------------------------------------------------------------------------

_last_bounds: tuple = (None, [], [])


def _token_at(sp: Any, start: int, end: int) -> list[Any]:
    """The tokens of ``sp`` overlapping the characters ``start:end``. Token starts and ends
    both rise through a text, so they are found by bisection in the bounds of the last ``sp``
    asked about (one document's numbers are read one after the other)."""
    global _last_bounds
    last = _last_bounds
    if last[0] is not sp:
        starts = [t.idx for t in sp]
        ends = [t.idx + len(t.text) for t in sp]
        last = _last_bounds = (sp, starts, ends)
    _, starts, ends = last
    return [sp[i] for i in range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end))]


def _skip_context(text: str, s: int, e: int, num: str) -> bool:
    """Numbers that are not quantities: dates, times, phone numbers, addresses, ordinals,
    list markers, parts of names or codes."""
    before, after = text[max(0, s - 25):s], text[e:e + 25]
    if re.match(r"[\w/@]|[:.]\d|:\s\d\d\b|-\d|\.(?:\w)", after) and not re.match(r"-[a-z]", after):
        return True  # "7:45" and the tokenised "7: 45"
    if re.search(r"[\w/@:#]$|\d[-.]$|\d:\s$|\b[A-Z]{1,2}-$", before):
        return True
    if re.match(r"\s*(?:a\.\s?m\.|p\.\s?m\.|am\b|pm\b|GMT|EST|EDT|UTC|percent\b|per\s?cent\b|%)", after, re.I):
        return not re.match(r"\s*(?:percent\b|per\s?cent\b|%)", after, re.I)
    if re.match(r"(?:st|nd|rd|th)\b", after, re.I):
        return True
    low_b = before.lower()
    if re.search(rf"\b(?:{'|'.join(MONTHS)})\.?\s*$", low_b):
        return True
    if re.match(rf",?\s*(?:{'|'.join(MONTHS)})\b", after.lower()):
        return True
    if re.fullmatch(r"\d{4}", num) and 1800 <= int(num) <= 2100 and not re.match(r"\s+[a-z]+s\b", after):
        return True  # a year ("2,000 tonnes" and "1900 homes" are not)
    if re.fullmatch(r"\d{4}", num) and 1800 <= int(num) <= 2100 and re.match(
            rf"\s+(?:{'|'.join(YEAR_EVENTS)})s?\b", after, re.I):
        return True  # a year before the event it dates ("the 1990 floods")
    if AGES_BEFORE_RE.search(text[max(0, s - 60):s]):
        return True  # ages in a list: "two men, 18 and 20", "teens, ages 14 and 16"
    if re.search(r"\bage[sd]?\s+(?:from|between|of)\s+(?:\d{1,3}\s+(?:to|and|-|–)\s+)?$", before, re.I) or \
            re.search(r"\bage[sd]?\s+(?:from|between)\s+\d{1,3}\s*$", text[max(0, s - 40):s].rsplit("to", 1)[0], re.I):
        return True  # ages of a group: "range in age from 11 to 30"
    if re.search(r"\b(?:one|the\s+other|another)\s+$", before, re.I) and re.match(r"\s*(?:[,;.)]|and\b)", after) \
            and re.search(r"\b(?:one|each)\s+\d{1,3}\s*(?:,\s*)?(?:and\s+)?(?:the\s+other|another)\b|"
                          r"\bone\s+$", text[max(0, s - 40):s + 25], re.I):
        return True  # an age of each of two people: "two teens, one 16 and the other 17"
    if re.match(r"\s*/\s*\d", after) or re.search(r"\d\s*/\s*$", before) or \
            re.search(r"\b(?:image|photo|picture|slide|video)\s+(?:\d+\s+of\s+)?$", before, re.I):
        return True  # a gallery counter: "Image 2 of 10", "1 / 5"
    if re.search(r"\b(?:mother|father|parent|grandmother|grandfather|mom|dad)\s+of\s+$", before, re.I):
        return True  # "a mother of three": her children, not a count in the story
    if re.match(r"\s*(?:block|(?:(?:North|South|East|West|[NSEW]\.?)\s+)?(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))"
                r"(?:\s+[A-Z][a-z]+)?\s+(?:St|Street|Ave|Avenue|Road|Rd|Blvd|Boulevard|Lane|Drive|Way|Place|Pl)\b)", after):
        return True  # a street address ("40 East 5th Ave")
    if re.match(r"[ \t]*\.\s", after) and re.search(r"(?:^|\n)\s*$", before):
        return True  # "1. " list marker
    if re.search(r"\b[A-Z]{2,}\s$", before) and not re.match(r"\s+[a-z]", after):
        return True  # a station or model name ("KXYZ 5")
    if re.search(r"\b(?:No|no|Number|Route|Highway|Channel|News|Chapter|Article|Section|Flight|"
                 r"Room|Unit|Apartment|Apt|Box|Suite|Resolution|Ward|District|Precinct)\.?\s*$", before):
        return True
    return False


def _modified_noun(sp: Any, after: int) -> Any | None:
    """The noun right after a hyphenated number form ("12-truck column", "31-year-old Jon Doe",
    "a 17-year-old suspected gang member"), or None."""
    at = first_at(sp, after)
    toks = list(sp[at:at + 5])
    unit_tok = sp[at - 1] if at > 0 else None
    if unit_tok is not None:
        h = unit_tok
        while h.dep_ in ("compound", "amod", "nummod", "npadvmod") and h.head.i > h.i and h.head.i - unit_tok.i <= 5:
            h = h.head
        if h is not unit_tok and h.pos_ not in ("ADJ", "ADV") and (h.pos_ in ("NOUN", "PROPN") or h.dep_ in ("dobj", "nsubj", "pobj", "nsubjpass")):
            return h
    last = None
    for n, t in enumerate(toks):
        if n == 0 and t.text in ("-",):
            break
        ok = t.pos_ in ("NOUN", "PROPN", "ADJ") or t.tag_ == "VBN" or \
            (t.text[:1].isupper() and t.is_alpha) or re.fullmatch(r"[A-Z]\.", t.text)
        if not ok or t.lower_ in WEEKDAYS:
            break
        if t.pos_ in ("NOUN", "PROPN") or t.text[:1].isupper():
            last = t
            if t.pos_ == "NOUN" and not (n + 1 < len(toks) and toks[n + 1].pos_ in ("NOUN", "PROPN")
                                         and toks[n + 1].dep_ != "nsubj"):
                break
    return last


def _head_noun(tok: Any) -> Any | None:
    """The noun a number token counts, when it modifies one."""
    h = tok
    for _ in range(3):
        if h.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod", "conj", "cc") and h.head is not h:
            if h.head.pos_ in ("NOUN", "PROPN") and h.head.i > tok.i:
                return h.head
            if h.head.like_num or h.head.pos_ in ("NUM", "ADJ", "PUNCT", "CCONJ", "ADV"):
                h = h.head
                continue
        break
    return None


def _lemma(tok: Any) -> str:
    return (tok.lemma_ or tok.text).lower()


def _context_lemmas(num_tok: Any, noun: Any | None) -> set[str]:
    """Words that say what happened to the counted thing: the path to the clause verb, the
    modifiers of the noun and of that verb, and the nearest words in the same phrase."""
    out: set[str] = set()
    base = noun if noun is not None else num_tok
    mods = ("acl", "relcl", "amod", "acomp", "xcomp", "oprd", "advmod", "compound", "neg", "prt",
            "attr", "npadvmod")
    for ch in base.children:
        if ch.dep_ in mods or (ch.dep_ == "prep" and ch.lower_ in ("in", "of", "with")):
            out.add(_lemma(ch))
            for g in ch.children:
                if g.dep_ in ("pobj", "advmod", "compound", "amod"):
                    out.add(_lemma(g))
    node = base
    for _ in range(4):
        head = node.head
        if head is node:
            break
        if node.dep_ == "pobj" and head.lower_ == "of" and (head.head.like_num or head.head.pos_ == "NUM"):
            break  # "one of the five victims": the outer verb is about "one"
        out.add(_lemma(head))
        if noun is None and head.pos_ in ("VERB", "AUX"):
            for ch in head.children:  # "the death toll rose to 7"
                if ch.dep_ in ("nsubj", "nsubjpass") and ch is not node:
                    out.add(_lemma(ch))
                    out.update(_lemma(g) for g in ch.children if g.dep_ in ("compound", "amod"))
        for ch in head.children:
            if ch.dep_ in ("advmod", "acomp", "xcomp", "oprd", "neg", "prt", "amod", "compound",
                           "aux", "auxpass") and ch is not node:
                out.add(_lemma(ch))
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("xcomp", "aux", "auxpass"):
            break
        node = head
    if noun is not None and noun.i + 1 < len(noun.doc):
        nxt = noun.doc[noun.i + 1]
        if (nxt.tag_ == "VBN" or nxt.pos_ == "ADJ") and nxt.dep_ in ("acl", "oprd", "xcomp", "advcl", "ccomp", "acomp"):
            out.add(_lemma(nxt))
    doc = num_tok.doc
    sent = num_tok.sent
    k = num_tok.i - 1
    while k >= max(sent.start, num_tok.i - 2):  # the words just before, within the phrase
        t = doc[k]
        if t.is_punct or t.pos_ == "CCONJ":
            break
        if t.pos_ in ("VERB", "ADJ", "ADV", "NOUN"):
            out.add(_lemma(t))
        k -= 1
    for t in doc[num_tok.i + 1:(noun.i if noun is not None else num_tok.i) + 1]:
        if t.pos_ in ("VERB", "ADJ", "ADV", "NOUN") and not t.is_punct:
            out.add(_lemma(t))
    return out


def _object_lemmas(num_tok: Any, noun: Any | None) -> set[str]:
    """The objects of the verb a counted noun is the subject of ("lost their lives", "were
    taken to hospital", "were treated for injuries", "were hit by gunfire")."""
    base = noun if noun is not None else num_tok
    if base.dep_ == "dobj" and base.head.pos_ == "VERB":
        # "found two victims with gunshot wounds": what the people were found with
        return {_lemma(g) for ch in list(base.head.children) + list(base.children)
                if ch.dep_ == "prep" and ch.lower_ == "with" for g in ch.children if g.dep_ == "pobj"}
    if base.dep_ not in ("nsubj", "nsubjpass") or base.head.pos_ not in ("VERB", "AUX"):
        return set()
    verb = base.head
    out: set[str] = set()
    for ch in verb.children:
        if ch.dep_ in ("dobj", "attr"):
            out.add(_lemma(ch))
        elif ch.dep_ in ("prep", "agent") and ch.lower_ in ("to", "for", "in", "by", "with", "from"):
            out.update(_lemma(g) for g in ch.children if g.dep_ == "pobj")
    return out


def scope_of(lemmas: set[str]) -> tuple[str | None, str | None]:
    """(outcome scope, state scope) from the context words of a claim."""
    outcome = None
    for name, words in SCOPE_WORDS:
        if lemmas & words:
            outcome = name
            break
    if outcome == "attempted" and not (lemmas & SCOPE_WORDS[1][1]):
        outcome = None
    state = None
    for name, words in STATE_WORDS:
        if lemmas & words:
            state = name
            break
    return outcome, state


def _person_before(sp: Any, text: str, idx: int, allow_place: bool = False) -> tuple[int, str] | None:
    """A personal name ending right before character ``idx`` (the "Name, 41" pattern):
    (start offset, surname). ``allow_place`` accepts a name the parser took for a place."""
    toks = tokens_before(sp, idx)
    if not toks:
        return None
    i = len(toks) - 1
    last = toks[i]
    if not (last.text[:1].isupper() and last.is_alpha or last.ent_type_ == "PERSON"):
        return None
    if last.lower_ in MONTHS or last.lower_ in WEEKDAYS or last.ent_type_ in ("DATE", "TIME") or \
            last.ent_type_ in ("GPE", "LOC", "FAC") and not allow_place:
        return None
    start = last.idx
    n = 0
    j = i - 1
    while j >= 0 and n < 5:
        t = toks[j]
        if (t.text[:1].isupper() and (t.is_alpha or re.fullmatch(r"[A-Z]\.|[A-Z][a-z]*['’][A-Z][a-z]+", t.text))) \
                or t.text in ('"', "“", "”", "'"):
            if t.lower_ in NAME_TITLES:
                break
            start = t.idx
            j -= 1
            n += 1
            continue
        break
    while start < idx and text[start] in "\"“”' \t":
        start += 1
    return start, last.text


def _subject_person(tok: Any) -> str | None:
    """Surname of the person who is the subject of the clause a token sits in."""
    node = tok
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX"):
            for ch in node.children:
                if ch.dep_ in ("nsubj", "nsubjpass"):
                    if ch.ent_type_ == "PERSON" or (ch.pos_ in ("PROPN", "NOUN") and ch.text[:1].isupper()
                                                    and ch.lower_ not in GENERIC_SUBJECTS):
                        return ch.text
                    for c in ch.conjuncts:
                        if c.ent_type_ == "PERSON":
                            return ch.text
                    return None
        if node.head is node:
            break
        node = node.head
    return None


@dataclass
class _Reading:
    """One number expression being read: its value and what it counts, filled in step by step."""
    m: Any
    num_tok: Any
    value: float
    high: float | None
    qualifier: str | None
    span_start: int
    span_end: int
    kind: str = "quantity"
    unit: str | None = None
    scope: str | None = None
    subject: str | None = None
    also: list[str] = field(default_factory=list)
    noun: Any = None
    state: str | None = None

    @property
    def low(self) -> str:
        return self.m.group("num").lower()


def _number_value(m: Any, text: str) -> tuple[float, int] | None:
    """(value, end of the number) of a match, with "and a half" and "$5m" read; None when the
    match is no quantity (a date, a time, a code)."""
    m_num = m.group("num")
    ns, ne = m.span("num")
    value = parse_number(m_num + " and a half") if m.group("half") else parse_number(m_num)
    if value is None:
        return None
    end_num = m.end("half") if m.group("half") else ne
    abbr = (m.group("abbr") or "").lower()
    if abbr:
        if m.group("cur") is None:
            return None  # "5m" without a currency: a length or a code
        value *= ABBR_SCALE[abbr]
        ne = end_num = max(end_num, m.end("abbr"))
    if _skip_context(text, ns, end_num if not m.group("hyph") and not m.group("high") else ne, m_num):
        return None
    if m.group("cur") is None and ns > 0 and text[ns - 1] in "$€£":
        return None
    return value, ne


def _range_high(m: Any, value: float) -> float | None:
    """The upper end of a range ("between 40 and 50", "40-50") or of a vague quantity."""
    low = m.group("num").lower()
    high = float(VAGUE[low][1]) if low in VAGUE else None
    if m.group("high"):
        hv = parse_number(re.sub(r"^\s*(?:-|–|to|and)\s*", "", m.group("high")))
        if hv is not None and hv > value and (m.group("range") or "-" in m.group("high") or "to" in m.group("high")):
            high = hv
        elif m.group("range") is None:
            high = None
    return high


def _reading_at(m: Any, text: str, sp: Any) -> _Reading | None:
    """A number match read as a quantity, or None when it is a time of day, a label or a
    date (see :func:`_skip_context`)."""
    got = _number_value(m, text)
    if got is None:
        return None
    value, ne = got
    ns = m.start("num")
    low = m.group("num").lower()
    toks = _token_at(sp, ns, ne)
    if not toks:
        return None
    num_tok = toks[-1] if not toks[-1].is_punct else toks[0]
    if num_tok.ent_type_ == "TIME" and not m.group("hyph") and not re.match(
            r"\s*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b", text[ne:ne + 12], re.I) \
            and _clock_like(num_tok, value):
        return None  # a clock time
    if not (m.group("cur") or m.group("hyph") or m.group("qual") or m.group("high")) and \
            _is_label(sp, num_tok, value):
        return None
    if "dozen" in low and re.search(r"\b(?:several|a\s+few|few|many|some)\s+$", text[max(0, ns - 12):ns], re.I):
        return None  # "several dozen": no figure
    qualifier = QUALIFIERS.get(re.sub(r"\s+", " ", (m.group("qual") or "").strip().lower())) or None
    span_start = m.start("qual") if m.group("qual") else (m.start("cur") if m.group("cur") else ns)
    return _Reading(m=m, num_tok=num_tok, value=value, high=_range_high(m, value), qualifier=qualifier,
                    span_start=span_start, span_end=m.end())


def _age_of_hyphenated(r: _Reading, text: str, target: Any) -> None:
    """Whose age a hyphenated "31-year-old" is: the name it modifies ("31-year-old Capt. Jon
    Doe") or the name in apposition ("the 63-year-old manager, Jon Doe,")."""
    subj = None
    if target is not None and (target.ent_type_ == "PERSON" or target.pos_ == "PROPN"):
        subj = target.text
        if subj.lower().rstrip(".") in TITLE_WORDS:  # "51-year-old Capt. Jon Doe"
            end = target.idx + len(target.text)
            tm = re.match(r"\.?\s+((?:(?:[A-Z][\w'’-]+|[A-Z]\.)\s+){0,3}[A-Z][\w'’-]+)", text[end:end + 60])
            if tm:
                subj = tm.group(1).split()[-1]
                r.span_end = end + tm.end()
    else:  # "the 63-year-old manager, Jon Doe,"
        am = re.match(r",\s+((?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.)){0,3})(?=[,.;)]|\s+(?:was|is|has|had|who|said)\b)",
                      text[r.span_end:r.span_end + 60])
        if am and am.group(1).split()[-1].lower() not in MONTHS + WEEKDAYS:
            subj = am.group(1).split()[-1]
    r.subject = subj
    # include a leading article
    pre = text[max(0, r.span_start - 4):r.span_start]
    mm = re.search(r"\b(?:[Aa]n?|[Tt]he)\s$", pre)
    if mm:
        r.span_start -= len(pre) - mm.start()


def _read_hyphenated(r: _Reading, text: str, sp: Any) -> bool:
    """A hyphenated form ("12-truck column", "31-year-old", "a 14-year sentence"): its unit from
    the word after the hyphen, its span to the noun it modifies. False when it counts nothing."""
    m = r.m
    hunit = (m.group("hunit") or "").lower()
    if r.high is None and m.group("high"):
        r.span_end = m.end("high")
    hl = hunit.rstrip("s") if hunit not in ("bus",) else hunit
    if m.group("old") and hl == "year" or hl == "year" and text[m.end():m.end() + 4].lower() == "-old":
        r.kind, r.unit = "age", "year"
    elif hl in TIME_UNITS:
        r.kind, r.unit = "duration", TIME_UNITS[hl]
    elif hl in DISTANCE_UNITS:
        r.kind, r.unit = "distance", DISTANCE_UNITS[hl]
    elif hl in ("and", "or", "to"):  # "1- or 2-year-old": the first end of a suspended range
        return False
    else:
        r.unit = hl
    target = _modified_noun(sp, m.end())  # extend the span to the noun the form modifies
    if target is not None:
        r.span_end = target.idx + len(target.text)
        r.noun = target
    if r.kind == "age":
        _age_of_hyphenated(r, text, target)
    return True


def _read_noun_unit(r: _Reading, sp: Any, noun: Any) -> None:
    """The unit of a number that modifies a noun: a time, a distance, money, or the counted
    noun itself; a conjoined second noun makes a whole of parts ("militants and civilians")."""
    lem = _lemma(noun)
    if lem in TIME_UNITS:
        r.kind, r.unit = "duration", TIME_UNITS[lem]
    elif lem in DISTANCE_UNITS:
        r.kind, r.unit = "distance", DISTANCE_UNITS[lem]
    elif lem in MONEY_WORDS:
        r.kind, r.unit = "money", MONEY_WORDS[lem]
    elif lem in ("other", "more"):
        r.unit = None  # "35 others": what the report counted before
    else:
        r.unit = lem
    r.span_end = max(r.span_end, noun.idx + len(noun.text))
    for c in noun.conjuncts:
        if c.i <= noun.i or c.pos_ != "NOUN" or not _same_family(lem, _lemma(c)):
            continue
        counted = _conjunct_count(c) if r.high is None and r.qualifier is None else None
        if counted is not None and c.i - noun.i <= 4 and \
                all(t.pos_ in ("CCONJ", "PUNCT", "ADJ", "DET", "NUM") for t in sp[noun.i + 1:c.i]):
            r.span_end = c.idx + len(c.text)
            r.unit = f"{lem}+{_lemma(c)}"
            r.value += counted  # "two men and three women": the counted parts add up to five people
            break
        if c.i - noun.i <= 3 and not any(g.dep_ == "nummod" or g.like_num for g in c.children) and \
                all(t.pos_ in ("CCONJ", "PUNCT", "ADJ", "DET") for t in sp[noun.i + 1:c.i]):
            r.span_end = c.idx + len(c.text)
            r.unit = f"{lem}+{_lemma(c)}"
            if c.tag_ == "NN" and r.high is None and any(g.dep_ == "det" for g in c.children):
                r.value += 1  # "two men and a woman": the parts add up to three people


def _conjunct_count(c: Any) -> float | None:
    """The exact count a conjoined plural noun states of its own ("... and three women"), or None."""
    nums = [g for g in c.children if g.dep_ == "nummod"]
    if c.tag_ != "NNS" or len(nums) != 1 or any(g.dep_ in ("quantmod", "advmod") for g in nums[0].children):
        return None
    v = parse_number(nums[0].text)
    return v if v is not None and v.is_integer() and 1 < v < 1000 else None


def _read_age_of_each(r: _Reading, text: str) -> None:
    """"Name and Name, both 51": an age of each person named."""
    in_sent = r.num_tok.sent
    both = re.search(r",\s*(?:both|each|all)\s+(?:aged?\s+)?$", text[max(0, r.span_start - 16):r.span_start])
    if both and r.value < 120 and r.m.group("num")[:1].isdigit() and re.match(
            r"\s*(?:[,;.)]|$|who\b|were\b|are\b)", text[r.span_end:r.span_end + 6]):
        cut = r.span_start - len(both.group(0))
        people = [e for e in in_sent.ents if e.label_ == "PERSON" and cut - 200 < e.end_char <= cut]
        if len(people) >= 2:
            names = [e[-1].text for e in people]
            r.kind, r.unit, r.subject = "age", "year", names[-1]
            r.also = names[:-1] if both.group(0).split()[1].lower() != "both" else names[-2:-1]
            r.span_start = cut + len(both.group(0)) - len(both.group(0).lstrip(", "))


def _read_age_after_name(r: _Reading, text: str, sp: Any) -> None:
    """"Name, 41" and "Name, age 41": the age of the person named before."""
    num_tok = r.num_tok
    pre = text[max(0, r.span_start - 6):r.span_start]
    age_m = re.search(r",\s*(?:aged?\s+)?$", pre) if r.value < 120 and r.value.is_integer() \
        and r.m.group("num")[:1].isdigit() else None
    if r.kind == "age" or not age_m or not re.match(
            r"\s*(?:[,;.)]|and\b|\(|at\b|$|who\b|of\b|from\b|were\b|was\b|is\b|has\b|had\b)",
            text[r.span_end:r.span_end + 6]):
        return
    at = r.span_start - (len(pre) - age_m.start())
    person = _person_before(sp, text, at)
    if person is None and num_tok.dep_ == "appos" and num_tok.head.i == num_tok.i - 2 and \
            re.match(r"\s*,\s+(?:was|is|had|has|who)\b", text[r.span_end:r.span_end + 12]) and \
            num_tok.i >= 3 and sp[num_tok.i - 3].text[:1].isupper() and sp[num_tok.i - 3].is_alpha:
        # "First Last, 59, was ...": a two-word name, even when the parser took it for a place
        person = _person_before(sp, text, at, allow_place=True)
    if person:
        r.kind, r.unit, r.subject = "age", "year", person[1]
        r.span_start = person[0]


def _read_aged(r: _Reading, text: str, sp: Any) -> None:
    """"aged 41" (and "Name, aged 41"): an age, of the person named before or of the clause's subject."""
    aged = re.search(r"\baged?\s+$", text[max(0, r.span_start - 5):r.span_start])
    if r.kind == "age" or not aged or r.value >= 120:
        return
    r.kind, r.unit = "age", "year"
    r.span_start -= len(re.search(r"aged?\s+$", text[max(0, r.span_start - 5):r.span_start]).group(0))
    person = None
    prev = text[max(0, r.span_start - 3):r.span_start]
    if re.search(r",\s*$", prev):
        person = _person_before(sp, text, r.span_start - len(re.search(r",\s*$", prev).group(0)))
    if person:
        r.subject, r.span_start = person[1], person[0]
    else:
        r.subject = _subject_person(r.num_tok)


def _read_partitive(r: _Reading) -> bool:
    """A bare number: the partitive "four of them", "one of the five victims" (a part of
    another figure). False for a number that counts nothing ("one of the officials", a lone
    "one" or "a dozen")."""
    num_tok, low = r.num_tok, r.low
    of = next((c for c in num_tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pob = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pob is not None:
        r.span_end = max(r.span_end, pob.idx + len(pob.text))
        r.unit = _lemma(pob) if pob.pos_ in ("NOUN", "PROPN") else None
        if low == "one" and not any(g.like_num for g in pob.children):
            return False  # "one of the officials"
        if any(g.like_num and g.dep_ == "nummod" for g in pob.children) or \
                pob.pos_ == "NOUN" and any(g.dep_ == "det" and g.lower_ == "the" for g in pob.children):
            r.state = "part"  # "three of the four soldiers", "three of the victims": a part of another figure
    if of is None and (low == "one" or low in ("a dozen", "dozen") and num_tok.dep_ not in (
            "nsubj", "dobj", "pobj", "nsubjpass")):
        return False
    return True


def _read_plain(r: _Reading, text: str, sp: Any) -> bool:
    """A number with no currency and no hyphen: a percentage, a count of the noun it
    modifies, an age after a name, or a partitive. False when it counts nothing."""
    am = re.match(r"\s*(?:percent\b|per\s?cent\b|%)", text[r.span_end:r.span_end + 30], re.I)
    r.noun = _head_noun(r.num_tok)
    if am:
        r.kind, r.unit = "percent", "%"
        r.span_end += am.end()
        return True
    if r.noun is not None:
        _read_noun_unit(r, sp, r.noun)
        return True
    _read_age_of_each(r, text)
    _read_age_after_name(r, text, sp)
    _read_aged(r, text, sp)
    return r.kind == "age" or _read_partitive(r)


def _age_at_the_time(r: _Reading, text: str) -> None:
    """An age "at the time" of the events ("41 at the time of the shooting")."""
    if r.kind != "age" or not (r.subject or r.m.group("hyph")):
        return
    tm = TIME_SCOPE_RE.match(text[r.span_end:r.span_end + 60])
    if tm:
        if not r.m.group("hyph"):
            r.span_end += tm.end()
        r.state = "at the time"


def _read_outcome(r: _Reading, text: str, sp: Any) -> tuple[str | None, set[str]]:
    """(outcome, context words) of a quantity: what happened to what it counts, from its clause;
    sets a magnitude or measure kind and the state scope (original, remaining ...)."""
    kind, unit, noun, num_tok = r.kind, r.unit, r.noun, r.num_tok
    lemmas = _context_lemmas(num_tok, noun)
    outcome, st = scope_of(lemmas - {unit or ""} if kind != "quantity" else lemmas)
    if outcome is None and kind == "quantity" and (unit is None or could_be_person(unit)):
        # what the clause verb took: "lost their lives", "were taken to hospital"
        outcome = scope_of(_object_lemmas(num_tok, noun))[0]
    if kind == "quantity" and unit and not could_be_person(unit):
        outcome = thing_scope(lemmas, unit)  # "800 homes" are damaged, not injured
    near = {_lemma(c) for t in (num_tok, noun) if t is not None for c in t.children
            if c.dep_ in ("amod", "advmod", "acl", "relcl", "compound")}
    if noun is None and num_tok.i + 1 < len(sp) and sp[num_tok.i + 1].tag_ in ("VBN", "VBD", "JJ"):
        near.add(_lemma(sp[num_tok.i + 1]))  # "12 arrested", "3 dead"
    near_outcome, near_state = scope_of(near)
    if kind == "quantity" and near_outcome and (unit is None or could_be_person(unit)):
        outcome = near_outcome  # the number's own modifier: "18 injured and 12 arrested"
    if kind == "quantity" and _whole_of_part(num_tok, noun):
        outcome, st = near_outcome, near_state  # "one of three people hit ... died": the verb is the part's
    of = next((c for c in num_tok.children if c.dep_ == "prep" and c.lower_ == "of"), None) if noun is None else None
    pob = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if kind == "quantity" and pob is not None and _partitive_outcome(pob):
        outcome = _partitive_outcome(pob)  # "three of the victims killed were shot in the head": killed
    if kind == "quantity" and outcome is not None and outcome == _done_by(num_tok, noun):
        outcome = None  # "two men shot three people": the two did it, it did not happen to them
    if outcome == "shot":
        outcome = _shot_and(num_tok, noun) or outcome
    if r.state is None:
        r.state = near_state or st
    in_sent = num_tok.sent
    if outcome == "attempted" and not any(0 <= r.span_start - (in_sent.start_char + a.end()) < 20
                                          for a in ATTEMPT_RE.finditer(in_sent.text)):
        outcome = scope_of(lemmas - {"attempt", "attempted", "try"})[0]
    return outcome, lemmas


def _done_by(num_tok: Any, noun: Any | None) -> str | None:
    """The outcome a verb names when the count is its active subject and the verb has an object
    or a target ("two gunmen shot three people", "two people shot at them"): the count names
    those who did it."""
    base = noun if noun is not None else num_tok
    verb = base.head
    if base.dep_ != "nsubj" or verb.pos_ != "VERB" or verb is base:
        return None
    targets = [c for c in verb.children if c.dep_ == "dobj"] + \
        [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children if g.dep_ == "pobj"]
    if not any(_other_people(t) for t in targets):
        return None
    return scope_of({_lemma(verb)})[0]


def _other_people(tok: Any) -> bool:
    """Does a verb's object name people other than its subject ("them", "three people", a
    name; not "themselves", "a knee", "the scene")?"""
    if tok.pos_ == "PRON":
        return tok.lower_ not in REFLEXIVE and tok.tag_ != "PRP$"
    return tok.ent_type_ == "PERSON" or _lemma(tok) in PERSON_NOUNS or any(c.dep_ == "nummod" for c in tok.children)


def _whole_of_part(num_tok: Any, noun: Any | None) -> bool:
    """Is the count the whole of a partitive ("three people" in "one of three people ...")? Its
    clause's verb then tells what happened to the part, not to the whole."""
    base = noun if noun is not None else num_tok
    if base.dep_ == "pobj" and base.head.lower_ == "of" and base.head.head.like_num and base.head.head.i < num_tok.i:
        return True
    mods = [c for c in num_tok.children if c.dep_ == "quantmod"]  # the small parser's "one of three"
    return any(c.lower_ == "of" for c in mods) and any(c.like_num and c.i < num_tok.i for c in mods)


def _partitive_outcome(pob: Any) -> str | None:
    """The outcome a partitive's noun names by its own modifiers ("the victims killed")."""
    return scope_of({_lemma(c) for c in pob.children if c.dep_ in ("amod", "acl", "relcl")})[0]


def _shot_and(num_tok: Any, noun: Any | None) -> str | None:
    """What happened to people shot, from the verb joined to "shot": "shot and killed",
    "shot and wounded", "were shot and hospitalized", "shot to death"."""
    base = noun if noun is not None else num_tok
    verbs = [c for c in base.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    if base.dep_ in ("nsubj", "nsubjpass", "dobj") and base.head.pos_ in ("VERB", "AUX"):
        verbs.append(base.head)
    for v in verbs:
        if _lemma(v) not in dict(SCOPE_WORDS)["shot"]:
            continue
        if scope_of({_lemma(g) for c in v.children if c.dep_ == "prep" and c.lower_ == "to"
                     for g in c.children if g.dep_ == "pobj"})[0] == "killed":
            return "killed"  # "shot to death"
        own_subject = lambda t: any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)  # noqa: E731
        then = {_lemma(c) for c in v.children if c.dep_ == "conj" and not own_subject(c)} | \
            ({_lemma(v.head)} if v.dep_ == "conj" and not own_subject(v) else set())
        got = scope_of(then)[0]
        if got in ("killed", "injured"):
            return got
    return None


def _charge_scope(r: _Reading, text: str) -> None:
    """Counts of a charge: the charge is the scope ("5 counts of arson")."""
    cm = re.match(r"\s+of\s+([\w\s-]{1,50}?)(?=[,.;:)(–—]|\s+(?:and|in|for|against|after|each|over|–|—)\b|$)",
                  text[r.span_end:r.span_end + 60])
    if cm:
        words = cm.group(1).lower().split()
        r.scope = ("attempted " if any(w.startswith("attempt") for w in words) else "") + words[-1]


def _set_scope(r: _Reading, outcome: str | None, lemmas: set[str]) -> None:
    """The scope of the claim by its kind: the outcome of a count (a count of the dead counts
    people), what a measure measures, the sentence, probation or office of a duration."""
    if r.kind in ("magnitude", "measure", "percent"):
        r.scope = None if r.kind != "measure" else thing_scope(lemmas)
        r.state = None if r.kind == "magnitude" else r.state
    if r.kind == "quantity":
        first = (r.unit or "").split("+")[0]
        if first in DEATH_NOUNS or first in ("kill", "dead"):
            r.unit, outcome = "person", "killed"
        elif first in ("injured", "wounded", "injury"):
            r.unit = "person"
        if r.unit is None and outcome in ("killed", "injured", "shot", "survived", "arrested", "missing",
                                          "rescued", "evacuated", "charged"):
            r.unit = "person"
        r.scope = outcome
    elif r.kind == "duration":
        if lemmas & OFFICE_WORDS:
            r.scope = "term in office"  # "14 years in office" is no prison sentence
        elif lemmas & {"sentence", "prison", "jail", "serve", "sentenced"}:
            r.scope = "sentence"
        elif "probation" in lemmas or "parole" in lemmas:
            r.scope = "probation"
        elif r.noun is not None and _lemma(r.noun) not in TIME_UNITS:
            r.scope = _lemma(r.noun)
        r.subject = r.subject or _subject_person(r.num_tok)


def _claims_of(r: _Reading, doc: Document, quotes: list[tuple[int, int]]) -> list[Claim]:
    """The claims of a reading: one, or one per person for an age of each ("both 51")."""
    text = doc.text
    in_sent = r.num_tok.sent
    ns = r.m.start("num")
    common = dict(doc=doc.id, value=as_value(r.value), unit=r.unit, qualifier=r.qualifier, scope=r.scope,
                  kind=r.kind, in_quote=any(a <= ns < b for a, b in quotes), sentence=in_sent.text,
                  sentence_start=in_sent.start_char, state=r.state)
    if r.kind == "quantity" and r.unit in ("count", "charge"):
        return [Claim(start=r.span_start, end=r.span_end, text=text[r.span_start:r.span_end],
                      subject=r.subject, **common)]
    if not text[r.span_start:r.span_end].strip():
        return []
    end = r.span_end
    while end > r.span_start and text[end - 1] in " ,.;:-–(":  # trailing punctuation and spaces
        end -= 1
    high = as_value(r.high) if r.high is not None else None
    return [Claim(start=r.span_start, end=end, text=text[r.span_start:end], subject=who, value_max=high, **common)
            for who in [r.subject, *r.also]]


def _read(m: Any, text: str, sp: Any, earlier: list[Claim]) -> _Reading | None:
    """One number match read through: what it counts, its outcome and scope; None when it is
    no quantity."""
    r = _reading_at(m, text, sp)
    if r is None:
        return None
    those = functools.cache(lambda: _one_of_those(r, earlier))  # a bare "one": one more of those counted before?
    if m.group("cur"):
        r.kind, r.unit = "money", CURRENCY[m.group("cur").strip()]
        if m.group("hyph"):
            r.span_end = m.start("hyph")
    elif m.group("hunit"):
        if not _read_hyphenated(r, text, sp):
            return None
    elif not _read_plain(r, text, sp) and not (r.low == "one" and r.noun is None and those()):
        return None
    bare_one = r.kind == "quantity" and r.unit is None and r.low == "one" and r.noun is None
    if bare_one and not those():
        return None
    _age_at_the_time(r, text)
    if r.kind == "quantity" and _is_magnitude(text, r.span_start, r.span_end, r.unit, r.value, earlier):
        r.kind, r.unit = "magnitude", "magnitude"
    elif r.kind == "quantity" and r.unit in MEASURE_UNITS:
        r.kind, r.unit = "measure", MEASURE_UNITS[r.unit]
    outcome, lemmas = _read_outcome(r, text, sp)
    if bare_one and outcome not in ("killed", "injured"):
        return None
    if r.kind == "quantity" and r.unit in ("count", "charge"):
        _charge_scope(r, text)
        return r
    _set_scope(r, outcome, lemmas)
    prev = earlier[-1] if earlier else None
    if prev is not None and prev.start <= r.span_start < prev.end and "+" in (prev.unit or "") \
            and prev.sentence_start == r.num_tok.sent.start_char and r.state is None:
        r.state = "part"  # "three women" of "two men and three women"
    return r


def _one_of_those(r: _Reading, earlier: list[Claim]) -> bool:
    """Is a bare "one" the subject of its own clause after a count of people in the same
    sentence ("three people were injured and one died"): one more person, with an outcome of
    its own?"""
    tok = r.num_tok
    prev = earlier[-1] if earlier else None
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "ADJ", "AUX") \
        and prev is not None and prev.sentence_start == tok.sent.start_char and prev.kind == "quantity" \
        and prev.unit is not None and could_be_person(prev.unit) and prev.scope is not None


def extract_quantities(doc: Document, sp: Any) -> list[Claim]:
    """Every quantity claim in one document, with its unit, qualifier, scope and span."""
    claims: list[Claim] = []
    quotes = [(q.start, q.end) for q in quote_spans(doc.text)]
    for m in iter_numbers(doc.text):
        r = _read(m, doc.text, sp, claims)
        if r is not None:
            claims.extend(_claims_of(r, doc, quotes))
    return _fill_ellipsis(claims)


def _same_family(a: str, b: str) -> bool:
    """Can two counted nouns make one whole ("militants and civilians", not "people and
    buildings")?"""
    fa, fb = FAMILY.get(unit_class(a) or ""), FAMILY.get(unit_class(b) or "")
    if fa or fb:
        return fa == fb or (fa == "human" and could_be_person(b)) or (fb == "human" and could_be_person(a))
    return could_be_person(a) == could_be_person(b)


def could_be_person(unit: str) -> bool:
    """Is a counted noun a kind of person, or possibly one (an unknown agent noun such as
    "technician" or "coworker")? Buildings, homes, tents and quakes are not."""
    parts = unit.split("+")
    for u in parts:
        cls = unit_class(u)
        if FAMILY.get(cls or "") == "human":
            continue
        if FAMILY.get(cls or "") or u in MEASURE_UNITS or u in TIME_UNITS or u in DISTANCE_UNITS \
                or u in NOT_PERSON or u in QUAKE_NOUNS or not _AGENT_RE.search(u):
            return False
    return True


def thing_scope(lemmas: set[str], unit: str | None = None) -> str | None:
    """What happened to counted things: destroyed or damaged (not said of quakes, blasts
    and other events that do the damage)."""
    if unit and (unit in QUAKE_NOUNS or unit in AGENT_EVENTS):
        return None
    for name, words in THING_SCOPES:
        if lemmas & words:
            return name
    return None


def _is_magnitude(text: str, start: int, end: int, unit: str | None, value: float,
                  earlier: list[Claim]) -> bool:
    """Is a number the magnitude of an earthquake ("a 6.1-magnitude quake", "magnitude 7.2",
    "measuring 5.8", "7.6 and 7.4")?"""
    if value > 10:
        return False
    if unit == "magnitude":
        return True
    before, after = text[max(0, start - 30):start], text[end:end + 30]
    if MAGNITUDE_BEFORE_RE.search(before) or MAGNITUDE_AFTER_RE.match(after):
        return True
    if unit in QUAKE_NOUNS and not float(value).is_integer():
        return True
    if unit is None and not float(value).is_integer() and earlier and earlier[-1].kind == "magnitude" \
            and re.fullmatch(r"\s*(?:,|and|or|to|-|–)\s*", text[earlier[-1].end:start]):
        return True  # "measuring 7.6 and 7.4"
    return False


def _fill_ellipsis(claims: list[Claim]) -> list[Claim]:
    """A bare number ("shrank to 8", "the other 8") counts what the nearest earlier count
    in the same or the previous sentence counted."""
    out: list[Claim] = []
    for i, c in enumerate(claims):
        if c.kind == "quantity" and c.unit is None and float(c.value or 0).is_integer():
            prev = next((p for p in reversed(out) if p.kind == "quantity" and p.unit
                         and p.sentence_start is not None and c.sentence_start is not None
                         and c.start - p.end < 400), None)
            if prev is not None:
                c = replace(c, unit=prev.unit, scope=c.scope)
        out.append(c)
    return [c for c in out if c.unit is not None or c.kind != "quantity"]


def per_document(documents: Iterable[Document], parsed: dict[str, Any],
                 extract: Callable[[Document, Any], list[Claim]]) -> list[Claim]:
    """``extract`` over every parsed document with text, in document order."""
    out: list[Claim] = []
    for d in documents:
        sp = parsed.get(d.id)
        if sp is not None and d.text:
            out.extend(extract(d, sp))
    return out


def extract_all(documents: Iterable[Document], parsed: dict[str, Any]) -> list[Claim]:
    """Quantity claims of every document, in document order."""
    return per_document(documents, parsed, extract_quantities)
