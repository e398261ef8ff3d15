"""Text rules shared by the quotes, reuse and citations stages.

- quotation spans and sentence ends are the shared ones of :mod:`storylens.text.quotation`
  and :mod:`storylens.text.sentences` (read from here under their old names);
- :func:`clean_name` strips titles, ranks and determiners from a speaker phrase;
- :func:`name_after` reads a capitalised name (allowing "of", "and", "for" inside) at a position;
- :func:`find_relay` reads the outlet or medium a statement came through ("told AFP",
  "the Tribune reports", "cited by Radio North", "on Twitter", "in a statement");
- :func:`dateline_end` skips a paragraph's opening dateline ("CITY (Agency) — ");
- :func:`bad_speaker`, :func:`role_holder`, :func:`medium_issuer` and :func:`person_genders`
  check and settle speakers: no pronouns, dates or fragments; a role noun ('the sheriff') is
  the one person named with it; a medium ('the statement') is its issuer.

All lexicons are general English newswire vocabulary, not tied to any story.
"""
from __future__ import annotations

import re

from .metadata import parse_dateline

from ..text.quotation import CLOSE_DQ, OPEN_DQ, QSpan, paragraphs, quote_spans  # noqa: F401
from ..text.tokens import tokens_from

# lemmas of verbs that introduce speech (direct or reported)
from ..lang.en.reporting import REPORT_VERBS
# verbs that are reporting verbs only right next to a quotation
from ..lang.en.reporting import WEAK_REPORT_VERBS
# the surface forms used by the regex rules
REPORT_FORMS = (
    r"said|says|say|told|tells|added|adds|stated|states|explained|noted|wrote|writes|tweeted|"
    r"posted|announced|confirmed|claimed|insisted|argued|warned|reported|reports|recalled|"
    r"remarked|acknowledged|admitted|denied|asserted|declared|stressed|emphasized|emphasised|"
    r"replied|responded|shared|testified|alleged|commented|contended|complained|recounted|"
    r"quipped|shouted|yelled|hollered|conceded|vowed|pledged|reiterated|continued|asked|urged|"
    r"answered|mumbled|muttered|exclaimed"
)

from ..lang.en.titles import QUOTE_TITLES as TITLES
# title words that also modify other names ('State Department', 'City Council')
from ..lang.en.titles import TITLE_MODIFIERS
from ..lang.en.stopwords import PRONOUNS
# relay targets that are not outlets
from ..lang.en.people import NOT_RELAYS
SOCIAL = r"Twitter|X|Facebook|Instagram|Telegram|TikTok|YouTube|Threads|Bluesky|LinkedIn|Weibo|WeChat|Truth Social"

# abbreviations after which a period does not end a sentence
from ..lang.en.abbreviations import ABBREV
from ..text.sentences import ends_sentence as _ends_sentence, sentence_bounds  # noqa: F401


_TOKEN = re.compile(r"[A-Za-z0-9][\w.'\u2019&-]*")


def clean_name(phrase: str) -> str:
    """Strip leading titles, ranks, determiners and a trailing possessive from a name phrase:
    'Brig. Gen. Ada Vorn' -> 'Ada Vorn'; 'the ministry' -> 'ministry'; a name of one to three
    capitalised words after a capitalised title ends the phrase: 'Lake County Sheriff Ana
    Ruiz' -> 'Ana Ruiz'. Keeps the phrase when nothing would be left."""
    phrase = phrase.strip(" ,;:\u2014\u2013-\"'\u201c\u201d<>")
    phrase = re.sub(r"['\u2019]s$", "", phrase)
    toks = phrase.split()
    k = 0
    while k < len(toks) - 1 and toks[k].lower().rstrip(".,") in TITLES | {"u.s", "u.s."} \
            and toks[k + 1].lower() not in ("of", "for", "at", "to") \
            and (toks[k].lower() in ("the", "a", "an") or not toks[k + 1][:1].islower()):
        # a role phrase in lower case keeps its words ('police spokeswoman')
        k += 1
    out = " ".join(toks[k:]).strip(" ,")
    rest = out.split()
    last = max((n for n, w in enumerate(rest[:-1]) if w.lower().strip(".,") in TITLES - TITLE_MODIFIERS
                and w[:1].isupper()
                and rest[n + 1].lower() not in ("of", "for", "at", "to")), default=None)
    if last is not None and 1 <= len(rest) - last - 1 <= 3 and all(
            w[:1].isupper() and w.lower().strip(".,") not in TITLES for w in rest[last + 1:]):
        out = " ".join(rest[last + 1:])  # 'Lake County Sheriff Ana Ruiz' -> 'Ana Ruiz'
    return out or phrase


from ..lang.en.names import NAME_CONNECT as CONNECT


def name_after(text: str, pos: int, limit: int | None = None) -> tuple[int, int] | None:
    """(start, end) of a capitalised name starting at ``pos`` (after spaces and an optional
    'the'), allowing connectors between capitalised words ('Bread and Roses'); None if none."""
    limit = len(text) if limit is None else limit
    m = re.compile(r"[^\S\n]*(?:[Tt]he[^\S\n]+)?").match(text, pos, limit)
    i = m.end() if m else pos
    start = end = None
    prev_end = i
    for tm in _TOKEN.finditer(text, i, limit):
        gap = text[prev_end:tm.start()]
        if (start is None and tm.start() != i) or (start is not None and (gap.strip() or "\n" in gap)):
            break
        w = tm.group()
        core = w.rstrip(".,'\u2019")
        if core[:1].isupper() or (start is not None and core[:1].isdigit()):
            if start is None:
                start = tm.start()
            if w.endswith(".") and len(core) > 3 and not re.fullmatch(r"(?:[A-Z]\.)+", w):
                end = tm.start() + len(core)  # a sentence-final period
                break
            end = tm.start() + len(w.rstrip(","))
        elif start is None or core.lower() not in CONNECT:
            break
        prev_end = tm.end()
    if start is None or end is None:
        return None
    seg = text[start:end]
    seg = re.sub(r"['\u2019]s$", "", seg)
    return (start, start + len(seg)) if seg else None


_RELAY_RULES = [
    ("told", re.compile(r"\btold[^\S\n]+(?=(?:the[^\S\n]+)?[A-Z])")),
    ("reported_by", re.compile(r"\b(?:reported|cited|quoted|carried|published|broadcast|aired)[^\S\n]+by[^\S\n]+(?=(?:the[^\S\n]+)?[A-Z])")),
    ("interview", re.compile(r"\bin\s+an?\s+(?:\w+\s+)?(?:interview|statement|post|tweet|email|e-mail|"
                             r"message|op-ed|column|letter)\s+(?:with|to|on|in|for)[^\S\n]+(?=(?:the[^\S\n]+)?[A-Z])")),
    ("speaking", re.compile(r"\b(?:speaking|talking)[^\S\n]+(?:to|with)[^\S\n]+(?=(?:the[^\S\n]+)?[A-Z])")),
]
_SOCIAL = re.compile(r"\b(?:on|via|in\s+a\s+post\s+on|in\s+a\s+tweet\s+on)\s+(" + SOCIAL + r")\b")
_STATEMENT = re.compile(r"\b(?:in|issued)\s+an?\s+(?:\w+\s+)?(statement|news release|press release|news conference|"
                        r"press conference|briefing|interview|email|video|post|letter)\b")


from ..lang.en.calendar import DATE_WORDS, NAME_MONTHS


def is_date_name(name: str) -> bool:
    """Whether a would-be source name is a weekday, month or date ('Thursday', 'November 14',
    'May 3'; not the surname 'May')."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    if not words or len(words) > 3:
        return False
    first = words[0].lower()
    return first in DATE_WORDS or (first in NAME_MONTHS and len(words) > 1 and words[1].isdigit())


def find_relay(text: str, start: int, end: int) -> tuple[str, int, int, str] | None:
    """The outlet or medium named in text[start:end] that a statement came through:
    (name, start, end, kind). Outlets win over social media, which win over 'statement'."""
    seg = text[start:end]
    for kind, rx in _RELAY_RULES:
        for m in rx.finditer(seg):
            span = name_after(text, start + m.end(), end)
            if span:
                span = with_article(text, span)
                name = text[span[0]:span[1]]
                if name.lower() not in NOT_RELAYS and name.lower() not in PRONOUNS and not is_date_name(name):
                    return clean_relay(name), span[0], span[1], kind
    # ", the Tribune reports" closing the clause
    m = re.search(r"(?:^|[,;]\s*)((?:the\s+)?[A-Z][^,;]*?)\s+(?:reports|reported)\s*[.;]?\s*$", seg)
    if m:
        span = name_after(text, start + m.start(1), end)
        if span:
            span = with_article(text, span)
            return clean_relay(text[span[0]:span[1]]), span[0], span[1], "reports"
    m = _SOCIAL.search(seg)
    if m:
        return m.group(1), start + m.start(1), start + m.end(1), "social"
    m = _STATEMENT.search(seg)
    if m:
        return m.group(1), start + m.start(1), start + m.end(1), "statement"
    return None


def title_only(name: str) -> bool:
    """Whether every word of the name is a title or rank ('Sgt.', 'the Chief')."""
    return all(w.lower().strip(".,") in TITLES for w in name.split())


def with_article(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Widen a name span to take in a 'the' written just before it ('the Tribune')."""
    s = span[0]
    m = re.search(r"\b[Tt]he\s+$", text[max(0, s - 5):s])
    return (s - len(m.group()), span[1]) if m else span


def clean_relay(name: str) -> str:
    """An outlet name as written, with a leading 'the' capitalised ('The Tribune')."""
    name = name.strip().strip(" ,.")
    return "The" + name[3:] if name.startswith("the ") else name


def dateline_end(text: str, pos: int) -> int:
    """``pos`` moved past the dateline ("CITY, Region (Agency) — ") that opens the paragraph
    holding ``pos``, when ``pos`` lies inside that dateline; else ``pos`` unchanged."""
    ps = text.rfind("\n", 0, pos) + 1
    while ps < pos and text[ps].isspace():
        ps += 1
    if pos - ps > 120:
        return pos
    pe = text.find("\n", ps)
    dl = parse_dateline(text[ps:pe if pe >= 0 else len(text)][:200])
    if dl is None or pos >= ps + dl.end:
        return pos
    return ps + dl.end


def join_key(gap: str, first: str) -> str:
    """The cell of two quotation pieces in one paragraph, read from the text between them
    (``gap``) and the first piece's words: how many words stand between, whether a reporting
    verb does, and whether a sentence ends between ('"A," she said. "B."')."""
    n = len(gap.split())
    size = "<=3" if n <= 3 else "<=8" if n <= 8 else "<=15" if n <= 15 else ">15"
    cue = "cue" if re.search(r"\b(?:" + REPORT_FORMS + r")\b", gap) else "nocue"
    end = "end" if gap.rstrip().endswith((".", "!", "?", ":")) or not gap.strip() \
        and first.rstrip().endswith((".", "!", "?")) else "open"
    return f"{size} {cue} {end}"


# -- speaker checks ---------------------------------------------------------

# nouns for anyone at all: never a speaker's name on their own
from ..lang.en.people import GENERIC_PERSONS
# things that carry words rather than say them ('the statement said'): the issuer is the speaker
from ..lang.en.reporting import MEDIUM_NOUNS
# role nouns that name a body, not one person holding the role
from ..lang.en.people import QUOTE_COLLECTIVE as COLLECTIVE
# relations to another person ('the victim's brother'): no role of their own
from ..lang.en.people import QUOTE_KIN as KIN
from ..lang.en.stopwords import POSSESSIVES, REFLEXIVE
# words that end no speaker phrase ('said no more', 'the jurors today')
from ..lang.en.stopwords import NOT_HEADS as _NOT_HEADS


def bad_speaker(name: str) -> bool:
    """Whether a would-be speaker name is a pronoun, a generic noun, a medium, a date or a
    fragment ('He', 'man', 'statement', 'Saturday', 'no more', 'Outside', 'The')."""
    words = re.findall(r"[\w'\u2019.-]+", name)
    if not words:
        return True
    low = [w.lower().strip(".'\u2019") for w in words]
    if name.lower() in PRONOUNS or low[-1] in REFLEXIVE or is_date_name(name):
        return True
    if any(w in DATE_WORDS for w in low):
        return True
    head = low[-1]
    if head in _NOT_HEADS or head in PRONOUNS - {"one"} and len(low) == 1:
        return True
    return (head in GENERIC_PERSONS or head in MEDIUM_NOUNS) and words[-1][:1].islower()


def role_head(name: str) -> str | None:
    """The role noun ending a lower-case speaker phrase ('police spokeswoman' -> 'spokeswoman',
    'the Westmark fire chief' -> 'chief'); None for names and for bodies ('police')."""
    words = name.split()
    if not words or words[-1][:1].isupper() or words[0].lower() in POSSESSIVES:
        return None  # 'his lawyer': somebody's, not a role named once in the report
    head = words[-1].lower().strip(".,")
    if head in KIN or head in COLLECTIVE or head in GENERIC_PERSONS or head in MEDIUM_NOUNS or head in _NOT_HEADS \
            or not head.isalpha() or head.endswith("s") and not head.endswith("ss"):
        return None
    return head


def role_holder(sp, head: str, pos: int) -> str | None:
    """The one person named before ``pos`` with the role ``head``: the role written just before
    the name ('police spokeswoman Ana Ruiz', 'Sheriff Ana Ruiz'; only titles or capitalised words
    between) or in an apposition after it ('Ana Ruiz, the sheriff of …'). None when no person or
    more than one holds it."""
    found: list[str] = []
    for e in sp.ents:
        if e.start_char >= pos:
            continue
        if e.label_ != "PERSON" and not (len(e) >= 2 and e[0].lower_.strip(".") == head
                                         and all(t.text[:1].isupper() for t in e)):
            continue  # other entities count only as a titled name ('Spokeswoman Ana Ruiz')
        roles = [t.lower_.strip(".") for t in e]
        k = e.start - 1
        while k >= 0 and not sp[k].is_punct and sp[k].pos_ not in ("VERB", "AUX", "DET", "ADP", "PRON") \
                and e.start - k <= 5:
            roles.append(sp[k].lower_.strip("."))
            if not (sp[k].text[:1].isupper() or sp[k].lower_.strip(".") in TITLES):
                break  # a lower-case word that is no title ends the run before it
            k -= 1
        if e.end < len(sp) and sp[e.end].text == ",":
            k = e.end + 1
            while k < len(sp) and k - e.end <= 10 and sp[k].text not in (",", ".", ";", ":", "(", ")") \
                    and sp[k].pos_ not in ("VERB", "AUX") and not sp[k].is_quote and "\n" not in sp[k].text:
                roles.append(sp[k].lower_)
                k += 1
        if head in roles:
            nm = clean_name(e.text)
            if nm and nm[:1].isupper() and not title_only(nm):
                found.append(nm)
    names = {n for n in found}
    # a surname alone and the full name it ends are one person
    names = {n for n in names if not any(m != n and m.endswith(" " + n) for m in names)}
    return names.pop() if len(names) == 1 else None


from ..lang.en.reporting import ISSUE_VERBS as _ISSUE_VERBS


def medium_issuer(sp, head: str, pos: int) -> str | None:
    """Who issued the medium ``head`` ('statement') named as a speaker at ``pos``: 'a statement
    from the ministry' -> 'ministry'; else the subject of the nearest earlier 'X issued a
    statement'. None when neither is written."""
    tok = next((t for t in tokens_from(sp, pos) if t.lower_ == head), None)
    if tok is not None:
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None:
            return _phrase_name(sp, obj)
    best = None
    for t in sp:
        if t.idx >= pos:
            break
        if t.lemma_.lower() == head and t.dep_ == "dobj" and t.head.lemma_.lower() in _ISSUE_VERBS:
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in PRONOUNS:
                best = _phrase_name(sp, subj)
    return best


def _phrase_name(sp, tok) -> str | None:
    """A noun phrase as a name: the PERSON/ORG entity it is part of, else its words up to the head."""
    ent = next((e for e in sp.ents if e.start <= tok.i < e.end), None)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
        return clean_name(ent.text)
    nm = clean_name(sp[tok.left_edge.i:tok.i + 1].text)
    return None if not nm or bad_speaker(nm) else nm


from ..lang.en.titles import FEMALE_TITLES as _FEMALE_TITLES, MALE_TITLES as _MALE_TITLES


def person_genders(sp) -> dict[str, str]:
    """Surname (lower case) -> 'm' or 'f' for persons the report marks: a title before the
    name ('Mrs Kolar'), or a name that is the subject of a sentence whose only other
    'he'/'she' subject before any other name is one of them ('Kolar said she …'). Conflicting
    evidence drops it."""
    seen: dict[str, set[str]] = {}
    persons = {t.i for e in sp.ents if e.label_ == "PERSON" for t in e}
    for tok in sp:
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or (
                tok.i not in persons and tok.dep_ not in ("nsubj", "nsubjpass")):
            continue
        if tok.i + 1 < len(sp) and sp[tok.i + 1].pos_ == "PROPN" and sp[tok.i + 1].i in persons:
            continue  # a given name: the surname after it carries the key
        key = tok.text.lower()
        left = tok.i
        while left > 0 and sp[left - 1].pos_ == "PROPN" and sp[left - 1].lower_.rstrip(".") not in ("mr", "mrs", "ms"):
            left -= 1
        prev = sp[left - 1].lower_ if left > 0 else ""
        if prev in _MALE_TITLES:
            seen.setdefault(key, set()).add("m")
        elif prev in _FEMALE_TITLES:
            seen.setdefault(key, set()).add("f")
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        # a pronoun after another person named in between may stand for that person
        # ('Kolar told Brandt, after he admitted …'): evidence only up to the next person
        nxt = next((t.i for t in tok.sent if t.i > tok.i and (t.i in persons or t.pos_ == "PROPN")
                    and t.lower_ != tok.lower_ and t.text[:1].isupper()), tok.sent.end)
        prons = {t.lower_ for t in tok.sent if tok.i < t.i < nxt and t.dep_ in ("nsubj", "nsubjpass")
                 and t.lower_ in ("he", "she")}
        if len(prons) == 1:
            seen.setdefault(key, set()).add("m" if prons == {"he"} else "f")
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
