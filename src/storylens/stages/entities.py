"""Event stage 'entities': one entity per real thing across all reports of the event, and
the framing (which names each report chose).

Steps:
1. mentions per document: spaCy entities, cleaned (titles, "the", possessives, glued
   headlines, "A/B" credits), nicknames in quotes (``Ana "Red" Lopez``), organisations
   made of a place or people and a force word ("Chadian army", "Dayton Police"), alias-file
   names, and every further occurrence of a name found elsewhere in the event (inside
   hyphenated compounds such as ``NATO-led``, inside brackets and quotes);
2. resolution (union-find) within the event, see :func:`resolve`;
3. entities (id, canonical name, type, mentions) and framing records.

Precision comes first: a bare surname shared by several people is attached only to a full
name in the same paragraph, never to a guess.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ..pipeline.registry import stage
from ..pipeline.state import EventState
from . import entity_rules as R
from .entity_candidates import APOS, Cand

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


# -- document text helpers -------------------------------------------------------------------

def headline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of headline-like lines: the first line when short, and lines of
    mostly capitalised words (titles repeated at the end, captions, site names)."""
    out = []
    pos = 0
    first = True
    for line in text.split("\n"):
        ws = re.findall(r"[A-Za-z0-9][\w'\u2019-]*", line)
        if ws:
            caps = sum(1 for w in ws if w[0].isupper() or w[0].isdigit())
            ends = line.rstrip().endswith((".", "?", "!", "\"", "\u201d"))
            if (first and len(ws) <= 20 and not ends) or \
                    (len(ws) >= 3 and caps / len(ws) >= 0.6 and len(ws) <= 25 and not ends):
                out.append((pos, pos + len(line)))
            first = False
        pos += len(line) + 1
    return out


def _in_spans(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _caps_line(text: str, pos: int) -> bool:
    """The line holding ``pos`` is written mostly in capitals (a shouted headline)."""
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    line = text[s:e if e >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _paragraph_of(text: str) -> list[int]:
    """Start offsets of paragraphs (blank-line or line separated)."""
    return [0] + [m.end() for m in re.finditer(r"\n+", text)]


def _para_index(starts: list[int], pos: int) -> int:
    lo = 0
    for i, s in enumerate(starts):
        if s <= pos:
            lo = i
    return lo


def _trim(text: str, s: int, e: int, person: bool, label_org: bool = False) -> tuple[int, int]:
    """Trim a span: spaces, leading "the", titles for persons, possessive, punctuation."""
    seg = text[s:e]
    ls = len(seg) - len(seg.lstrip(" \t\"'\u201c\u2018([-\u2013\u2014"))
    s += ls
    seg = text[s:e]
    e = s + len(seg.rstrip(" \t\"'\u201d\u2019)]-\u2013\u2014,;:"))
    m = re.match(r"(?:the|The|THE)\s+[\"'\u201c\u2018]?", text[s:e])
    if m and e - s > m.end():
        s += m.end()
    if person or label_org:
        toks = list(re.finditer(r"\S+", text[s:e]))
        while len(toks) > 1 and re.sub(r"[.,]", "", toks[-1].group()).lower() in R.RANKS:
            e = s + toks[-2].end()
            toks.pop()
    toks = list(re.finditer(r"\S+", text[s:e]))
    while len(toks) > 1 and toks[-1].group().lower() in R.STOP_IN_NAMES:
        e = s + toks[-2].end()  # "X Police and": a conjunction swept in
        toks.pop()
    if person:
        a, b = R.strip_titles(text[s:e])
        s, e = s + a, s + b
        m = re.search(r"[^\S\n]+of[^\S\n]+[A-Z]", text[s:e])
        if m and len(text[s:s + m.start()].split()) >= 2:
            e = s + m.start()  # "Ana Ruiz of Dorvale": the person, not the place
    m = re.search(APOS + r"s?$", text[s:e])
    if m and e - s - len(m.group()) > 1:
        e -= len(m.group())
    if text[s:e].endswith(".") and not re.search(r"(\b\w|\.\w+)\.$", text[s:e]):
        e -= 1
    return s, e


_GLUE = re.compile(r"(?<=[a-z]{3})(?=[A-Z]{2,}\b)|(?<=[0-9])(?=[A-Z][a-z])|(?<=[a-z]{3}[.!?])(?=[A-Z])")


def _pieces(text: str, s: int, e: int, label: str) -> list[tuple[int, int]]:
    """Split an entity span at line breaks, colons, slashes, glued headlines, a possessive
    inside an organisation name, and "and" between two persons."""
    cuts = [s]
    seg = text[s:e]
    for m in re.finditer(r"\n|:\s|/|\||\s*[()\[\]]\s*", seg):
        cuts += [s + m.start(), s + m.end()]
    for m in _GLUE.finditer(seg):
        cuts += [s + m.start(), s + m.start()]
    quotes = list(re.finditer(r"\s*[\"\u201c\u201d]\s*", seg))
    if len(quotes) == 1 and 0 < quotes[0].start() and quotes[0].end() < len(seg):
        q = quotes[0]  # 'Pacific "Ring of Fire': an unclosed quote starts another name
        cuts += [s + q.start(), s + q.end()]
    if label == "PERSON":
        for m in re.finditer(r"\s+(?:and|&)\s+", seg):
            cuts += [s + m.start(), s + m.end()]
    if label == "ORG":
        for m in re.finditer(APOS + r"s\s+", seg):
            if R.is_acronym(seg[:m.start()].split()[-1]):
                cuts += [s + m.start(), s + m.end()]
    cuts.append(e)
    out = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if b > a:
            out.append((a, b))
    return out


def _ok_name(t: str) -> bool:
    """A plausible name: has a capital letter or digit-led ordinal, is not a generic word."""
    if not re.search(r"[A-Z]", t):
        return False
    ws = R.words(t)
    if not ws or all(w in R.GENERIC_WORDS for w in ws) or \
            (len(ws) == 1 and (ws[0] in R.TITLES or ws[0] in R.NOT_NAMES)):
        return False
    return not t.isdigit()


# -- step 1: mentions ----------------------------------------------------------------------

LEAD_POS = {"VERB", "ADP", "ADV", "SCONJ", "CCONJ", "PRON", "AUX", "INTJ", "PART"}
NOT_NAME_POS = {"VERB", "ADP", "ADV", "ADJ", "PRON", "DET", "AUX", "SCONJ", "CCONJ", "PART", "INTJ"}


def _extend_left(text: str, s: int, sp) -> int:
    """Start of an organisation or facility name once directly preceding capitalised name
    words are included ("Fire Office" after "Kent County")."""
    while True:
        m = re.search(r"(?:^|(?<=[ \t]))([A-Z][\w'\u2019.]*(?:-[A-Z][\w'\u2019.]*)*)[ \t]$",
                      text[max(0, s - 40):s])
        if not m:
            return s
        start = s - (len(text[max(0, s - 40):s]) - m.start(1))
        word = m.group(1)
        if re.search(APOS + r"s?$", word):
            return s
        span = sp.char_span(start, start + len(word), alignment_mode="expand")
        if span is None or span[0].is_sent_start or span[0].pos_ != "PROPN" or \
                word.lower().rstrip(".") in R.TITLES or word.lower() in R.STOP_IN_NAMES or \
                span[0].ent_type_ not in ("", "ORG", "FAC", "GPE"):
            return s
        s = start


def _given_name_before(text: str, s: int, sp) -> int:
    """Start of a person name once an untagged proper noun right before it is included: the
    given name the model left out ("showing Ilka Marsh a photo" tagged only "Marsh")."""
    span = sp.char_span(s, s + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return s
    prev = sp[span.start - 1]
    if prev.pos_ != "PROPN" or prev.ent_type_ or prev.is_sent_start or not prev.text[:1].isupper() \
            or not prev.text.isalpha() or prev.idx + len(prev.text) + 1 != s or text[prev.idx + len(prev.text)] != " " \
            or prev.lower_ in R.TITLES or prev.lower_ in R.NOT_NAMES or prev.lower_ in R.STOP_IN_NAMES \
            or (span.start >= 2 and sp[span.start - 2].pos_ == "PROPN"):
        return s
    return prev.idx


def spacy_mentions(doc_id: str, text: str, sp) -> list[Cand]:
    """Cleaned spaCy entity mentions of one document, plus quoted-nickname person names."""
    heads = headline_spans(text)
    paras = _paragraph_of(text)
    out: list[Cand] = []
    for ent in sp.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        lead = 0
        while lead < len(ent) - 1 and (ent[lead].pos_ in LEAD_POS or ent[lead].is_stop):
            lead += 1  # "Across X", "Describing X": a word the model swept in
        start = ent[lead].idx if lead else ent.start_char
        for a, b in _pieces(text, start, ent.end_char, ent.label_):
            s, e = _trim(text, a, b, ent.label_ == "PERSON", ent.label_ in ("ORG", "FAC", "GPE"))
            t = text[s:e]
            if e <= s or not _ok_name(t):
                continue
            if ent.label_ in ("ORG", "FAC"):
                s = _extend_left(text, s, sp)
                t = text[s:e]
            elif ent.label_ == "PERSON" and ent.end_char == e:
                s = _given_name_before(text, s, sp)
                t = text[s:e]
            span = sp.char_span(s, e, alignment_mode="expand")
            initial = bool(span is not None and span[0].is_sent_start)
            if span is not None and len(span) == 1 and not R.is_acronym(t) and ent.label_ != "NORP" \
                    and (span[0].pos_ in NOT_NAME_POS or (initial and span[0].pos_ != "PROPN")):
                continue
            if ent.label_ == "PERSON" and len(R.words(t)) == 1 and R.words(t)[0] in R.TITLES:
                continue
            label = ent.label_
            ctx = ""
            if label in ("PERSON", "ORG", "GPE", "LOC", "FAC") and _person_context(text, s, e):
                label, ctx = "PERSON", "person"  # "Jo Marsh, 41," / "63-year-old Jo Marsh"
                if ent.label_ != "PERSON":
                    s, e = _trim(text, s, e, True)
                    t = text[s:e]
                    span = sp.char_span(s, e, alignment_mode="expand")
            placey = span is not None and _place_context(text, sp, span, ent.label_ != "PERSON")
            if span is not None and ctx != "person" and label != "NORP" and \
                    (label != "ORG" or len(R.words(t)) == 1) and \
                    _place_context(text, sp, span, False, True, label != "PERSON"):
                ctx = "place"
            if label == "PERSON" and (placey or ctx == "place"):
                label = "GPE"  # "returned to X", "X, a town": a place taken for a person
            name = R.person_name(t).display if label == "PERSON" else R.fold(t)
            # a name with an age ("Jo Marsh, 41, of X") is a person in a list, not a headline
            prev = sp[span.start - 1].lower_ if span is not None and span.start > 0 else ""
            out.append(Cand(doc_id, s, e, t, label, "spacy", name,
                            headline=ctx != "person" and _in_spans(heads, s, e), initial=initial,
                            para=_para_index(paras, s), placey=placey, ctx=ctx,
                            strong_place=ctx == "place" or placey and prev in STRICT_LOCATIVE))
    out += _propn_places(doc_id, text, sp, heads, paras)
    out += _aged_names(doc_id, text, sp, heads, paras)
    for s, e, name in R.nicknamed(text):
        first, last = name.rsplit(" ", 1)
        out.append(Cand(doc_id, s, e, text[s:e], "PERSON", "nickname", f"{R.fold(first)} {last}",
                        headline=_in_spans(heads, s, e), para=_para_index(paras, s)))
    return out


_AGED_NAME = re.compile(r"(?<![\w.'\u2019-])((?:[A-Z][\w'\u2019-]+[^\S\n]+){1,4}[A-Z][\w'\u2019-]+)"
                        r"(?=,[^\S\n]*(?:aged?[^\S\n]+)?\d{1,3}[^\S\n]*[,.;])")


def _aged_names(doc_id: str, text: str, sp, heads, paras) -> list[Cand]:
    """Names of two to four proper nouns followed by an age ("Mira Dorn, 7, was …"), taken as
    persons even where the model split them or left them untagged."""
    out = []
    for m in _AGED_NAME.finditer(text):
        span = sp.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        toks = list(span)
        while toks and (toks[0].pos_ != "PROPN" or toks[0].lower_.strip(".") in R.TITLES):
            toks.pop(0)  # "On Friday", "Officer": not part of the name
        words = [t for t in toks if t.tag_ != "HYPH"]  # a hyphenated given name ("Ana-Lucia")
        if len(words) < 2 or any(t.pos_ != "PROPN" or t.ent_type_ in ("DATE", "TIME") for t in words):
            continue
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        t = text[s:e]
        if not _ok_name(t) or any(len(x) >= 2 and x.start_char < e and s < x.end_char and x.end_char >= e
                                  and x.label_ in KEEP_LABELS for x in sp.ents):
            continue  # the model read a name there already (its age makes it a person)
        out.append(Cand(doc_id, s, e, t, "PERSON", "pattern", R.person_name(t).display,
                        headline=False, initial=toks[0].is_sent_start,
                        para=_para_index(paras, s), placey=False, ctx="person"))
    return out


_AGE_AFTER = re.compile(r",\s*(?:aged?\s+)?\d{1,3}\s*[,.;]|\s*\(\s*\d{1,3}\s*\)")
_AGE_BEFORE = re.compile(r"\b\d{1,3}\s*-?\s*years?\s*-?\s*old\s+$")


def _person_context(text: str, s: int, e: int) -> bool:
    """The span reads as a person's name by its context: an age after it ("X, 41," or
    "X (41)"), "41-year-old" or a lower-case role noun ("receptionist") right before it."""
    if _AGE_AFTER.match(text, e) or _AGE_BEFORE.search(text[max(0, s - 30):s]):
        return True
    m = re.search(r"(?:^|\s)([a-z]+)\s+$", text[max(0, s - 30):s])
    return bool(m) and m.group(1) in R.PERSON_ROLES and len(R.words(text[s:e])) >= 2


def retype(cands: list[Cand], outlets: set[str]) -> None:
    """Model types corrected by the name itself: the name of a report's outlet, a name
    ending in a company form ("X Ltd"), or a multi-word place-tagged name ending in an
    institution or news-media word ("X Bank", "X Gazette"), is an organisation."""
    for c in cands:
        if c.label == "ORG" or c.label == "NORP" or c.source == "nickname":
            continue
        ws = R.words(c.text)
        if R.compact_key(c.text) in outlets or (len(ws) >= 2 and ws[-1] in R.COMPANY_FORMS) or \
                (len(ws) >= 2 and ws[-1] in R.ORG_HEADS and c.label != "PERSON" and not R.is_acronym(c.text)):
            c.label = "ORG"
            c.name = R.fold(c.text)


from ..lang.en.places import PLACE_NOUNS
_PLACE_AFTER = re.compile(r"[ \t]+(?:" + "|".join(PLACE_NOUNS) + r"|quarter|township|neighbourhoods)\b")
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:" + "|".join(PLACE_NOUNS) + r")\b")


def _place_context(text: str, sp, span, loose: bool = False, strict: bool = False,
                   comma_place: bool = True) -> bool:
    """A span that reads as a place: after "to"/"in"/"near" ... (any preposition of place
    for one word, the unambiguous ones for longer names), or followed by an appositive such
    as ", a town ..." or by a lower-case place noun ("X district"). ``strict``: only
    "town of X", "X, <place>" (when ``comma_place``), an appositive or a place noun."""
    prev = sp[span.start - 1].lower_ if span.start > 0 else ""
    if strict:
        if re.search(r"\b(?:" + "|".join(PLACE_NOUNS) + r")\s+(?:of\s+)?$",
                                               text[max(0, span.start_char - 30):span.start_char]):
            return True
        m = comma_place and re.match(r",\s+([A-Z][\w.-]*)", text[span.end_char:span.end_char + 40])
        if m:
            nxt = sp.char_span(span.end_char + m.start(1), span.end_char + m.end(1), alignment_mode="expand")
            if nxt is not None and nxt[0].ent_type_ == "GPE" and nxt[0].ent_iob_ == "B":
                return True
    elif prev in LOCATIVE and (len(span) == 1 or loose or prev in STRICT_LOCATIVE) \
            and not re.match(r"['\u2019]s?\s", text[span.end_char:span.end_char + 3]):
        # "in X's home": the preposition governs the possessed noun, not X
        return True
    return bool(_APPOSITIVE.match(text, span.end_char) or _PLACE_AFTER.match(text, span.end_char))


from ..lang.en.places import STRICT_LOCATIVE
from ..lang.en.places import LOCATIVE


def _propn_places(doc_id: str, text: str, sp, heads, paras) -> list[Cand]:
    """Proper-noun runs the model left untagged after a locative preposition ("relocate to
    X"), taken as places."""
    out = []
    toks = list(sp)
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.pos_ == "PROPN" and not t.ent_type_ and t.text[:1].isupper() and i > 0 \
                and toks[i - 1].lower_ in LOCATIVE and not t.is_sent_start:
            j = i + 1
            if j < len(toks) and toks[j].pos_ == "PROPN" and toks[j].text[:1].isupper():
                i = j + 1
                continue  # longer untagged runs are left alone
            s, e = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
            s, e = _trim(text, s, e, False)
            if e > s and _ok_name(text[s:e]) and R.words(text[s:e])[0] not in R.TITLES:
                out.append(Cand(doc_id, s, e, text[s:e], "GPE", "propn", R.fold(text[s:e]),
                                headline=_in_spans(heads, s, e), para=_para_index(paras, s)))
            i = j
        i += 1
    return out


def _form_regex(forms: list[str]) -> re.Pattern | None:
    return _forms_regex(frozenset(f for f in forms if f))


@lru_cache(maxsize=256)  # an event's documents are scanned for the same forms
def _forms_regex(forms: frozenset[str]) -> re.Pattern | None:
    forms = sorted(forms, key=lambda f: (-len(f), f))
    if not forms:
        return None
    alts = []
    for f in forms:
        p = re.escape(f).replace("'", APOS).replace("\\'", APOS)
        p = re.sub(r"(\\ )+", r"\\s+", p)
        alts.append(p)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])")


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?\n:"


def scan_forms(doc_id: str, text: str, forms: dict[str, tuple[str, int | None]],
               source: str) -> list[Cand]:
    """Every whole-word, case-sensitive occurrence of the given forms (form -> (label,
    alias group)) in ``text``, including inside hyphenated compounds and brackets."""
    rx = _form_regex(list(forms))
    if rx is None:
        return []
    heads = headline_spans(text)
    paras = _paragraph_of(text)
    lookup = {R.fold(f): v for f, v in forms.items()}
    out = []
    for m in rx.finditer(text):
        t = m.group()
        key = R.fold(t)
        label, alias = lookup.get(key) or next(
            (v for f, v in lookup.items() if re.sub(r"\s+", " ", f) == key), ("ORG", None))
        if R.is_acronym(t) and len(t) <= 5 and _caps_line(text, m.start()):
            continue
        out.append(Cand(doc_id, m.start(), m.end(), t, label, source, key, alias=alias,
                        headline=_in_spans(heads, m.start(), m.end()),
                        initial=_sentence_initial(text, m.start()), para=_para_index(paras, m.start())))
    return out


_CAPW = r"(?:[a-z]{1,3}-)?(?:[A-Z]|\d+(?:st|nd|rd|th)\b)[\w.'\u2019&-]*"
CAPSEQ = re.compile(_CAPW + r"(?:[ \t]+(?:(?:al|el|ez|az|as|ad|ar|an|at|ash|ul|of|and|the|for|de)[ \t-]+)?"
                    + _CAPW + r"){0,4}")


def scan_compact(doc_id: str, text: str, keys: dict[str, str],
                 translit: dict[tuple[str, ...], list[tuple[str, str]]] | None = None) -> list[Cand]:
    """Capitalised word runs whose compact key is a known name's ("Night Watch" for a
    known "Nightwatch", "U.K" for "UK"), or that transliterate a known name the same way
    ("Tell el-Hamra" for a known "Tal al-Hamra")."""
    translit = translit or {}
    heads = headline_spans(text)
    paras = _paragraph_of(text)
    out = []
    for m in CAPSEQ.finditer(text):
        toks = list(re.finditer(r"\S+", m.group()))
        for i in range(len(toks)):
            for j in range(len(toks), i, -1):
                s, e = m.start() + toks[i].start(), m.start() + toks[j - 1].end()
                s, e = _trim(text, s, e, False)
                if e <= s:
                    continue
                t = text[s:e]
                k = R.compact_key(t)
                label = keys.get(k) if len(k) >= 2 else None
                if label is None and len(t) >= 5:
                    label = next((lab for name, lab in translit.get(R.translit_key(t), [])
                                  if R.translit_match(t, name)), None)
                if label is not None:
                    if R.is_acronym(t) and _caps_line(text, s):
                        continue
                    out.append(Cand(doc_id, s, e, t, label, "known", R.fold(t),
                                    headline=_in_spans(heads, s, e),
                                    initial=_sentence_initial(text, s), para=_para_index(paras, s)))
    return out


def _inside_other_name(text: str, s: int, e: int) -> bool:
    """A capitalised word next to the match makes it part of another name ("Fire Officer"),
    unless the word before is a title ("Sgt. X")."""
    after = re.match(r"[ \t]+([A-Z][\w'\u2019-]*)", text[e:e + 40])
    if after and R.words(after.group(1))[:1] and R.words(after.group(1))[0] not in R.SUFFIXES:
        return True
    before = re.search(r"([A-Z][\w'\u2019.-]*)[ \t]+$", text[max(0, s - 40):s])
    if before and not _sentence_initial(text, s - len(before.group(0))):
        w = R.words(before.group(1))
        return bool(w) and w[0] not in R.TITLES
    return False


def person_guard(cands: list[Cand]) -> None:
    """Person-tagged spans that are not people: a generic word inside ("County District")
    or a place of the event as the first word ("Kent Fire") make them organisations."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for c in cands:
        if c.source == "spacy" and not c.headline:
            seen[R.compact_key(c.text)][c.label] += 1
            seen[R.compact_key(c.text)]["placey"] += c.placey and c.label in ("GPE", "LOC")
    places = {k for k, v in seen.items()
              if v["placey"] * 2 > v["GPE"] + v["LOC"] + v["PERSON"]}
    for c in cands:
        if c.label != "PERSON" or c.source != "spacy":
            continue
        ws = R.words(c.name)
        if len(ws) >= 2 and (any(w in R.GENERIC_WORDS for w in ws) or
                             R.compact_key(c.name.split()[0]) in places):
            c.label = "ORG"


def split_joined_persons(cands: list[Cand], texts: dict[str, str]) -> list[Cand]:
    """Split a person span that is a known full name followed by another person's
    surname ("Prosecutor Ron Smith Jones, 29" where Ron Smith and X Jones are named), and
    any span "A and B" whose two parts end in surnames of persons named in full."""
    fulls = {R.compact_key(c.name) for c in cands if c.label == "PERSON" and len(c.name.split()) >= 2}
    lasts = {R.person_name(c.name).last for c in cands
             if c.label == "PERSON" and R.person_name(c.name).full}
    out = []
    for c in cands:
        toks = list(re.finditer(r"\S+", c.text))
        if c.label == "PERSON" and c.source == "spacy" and len(toks) >= 3:
            head = c.text[:toks[-2].end()]
            tail = toks[-1]
            if R.compact_key(R.person_name(head).display) in fulls and \
                    R.words(tail.group())[:1] and R.words(tail.group())[0] in lasts:
                a = Cand(c.doc, c.start, c.start + toks[-2].end(), head, "PERSON", "spacy",
                         R.person_name(head).display, headline=c.headline, para=c.para)
                s, e = c.start + tail.start(), c.start + tail.end()
                b = Cand(c.doc, s, e, texts[c.doc][s:e], "PERSON", "spacy", tail.group(),
                         headline=c.headline, para=c.para)
                out += [a, b]
                continue
        m = re.fullmatch(r"(\S+(?:\s\S+)?)\s+(?:and|&)\s+(\S+(?:\s\S+)?)", c.text)
        if c.label != "PERSON" and c.source == "spacy" and m and \
                all(R.words(m.group(g))[-1:] and R.words(m.group(g))[-1] in lasts for g in (1, 2)):
            for g in (1, 2):  # "Ruiz and Okafor" tagged as one organisation: two persons
                s, e = c.start + m.start(g), c.start + m.end(g)
                out.append(Cand(c.doc, s, e, texts[c.doc][s:e], "PERSON", "spacy",
                                R.person_name(m.group(g)).display, headline=c.headline, para=c.para))
            continue
        out.append(c)
    return out


SOURCE_RANK = {"propn": 6, "nickname": 0, "pattern": 1, "stated": 2, "spacy": 3, "alias": 2, "known": 4,
               "surname": 5, "head": 5}


def choose(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping mentions per document: longer spans first, then by source."""
    by_doc: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        by_doc[c.doc].append(c)
    out = []
    for doc, cs in by_doc.items():
        cs.sort(key=lambda c: (-(c.end - c.start), SOURCE_RANK.get(c.source, 9), c.start))
        kept: list[Cand] = []
        for c in cs:
            if not any(c.overlaps(k) for k in kept):
                kept.append(c)
        out += kept
    out.sort(key=lambda c: (c.doc, c.start))
    return out


def force_orgs(cands: list[Cand], texts: dict[str, str]) -> list[Cand]:
    """A place or people mention followed by a force word becomes an organisation mention
    ("Chadian army", "Dayton Police"): the army is not its country."""
    words = "|".join(re.escape(w).replace("'", APOS).replace("\\'", APOS).replace(r"\ ", r"\s+")
                     for w in sorted(R.FORCE_WORDS, key=len, reverse=True))
    rx = re.compile(r"\s+(?:" + words + r")\b|\s?-\s?led\s+(?:coalition|alliance|forces|force|mission)\b",
                    re.I)
    out = []
    for c in cands:
        if c.label in ("GPE", "NORP"):
            m = rx.match(texts[c.doc], c.end)
            if m:
                e = m.end()
                t = texts[c.doc][c.start:e]
                out.append(Cand(c.doc, c.start, e, t, "ORG", "pattern", R.fold(t),
                                headline=c.headline, para=c.para))
                continue
        out.append(c)
    return out


# -- the stage -------------------------------------------------------------------------------

ACRO_PAREN = re.compile(r"\s*\(\s*([A-Z][A-Z.&]{1,9})\s*\)")


def stated_acronyms(cands: list[Cand], texts: dict[str, str]) -> list[Cand]:
    """Acronyms the reports introduce in brackets after a name: "Foo Bar Agency (FBA)"."""
    out = []
    for c in cands:
        m = ACRO_PAREN.match(texts[c.doc], c.end)
        if m and R.acronym_of(m.group(1), c.text):
            s, e = m.start(1), m.end(1)
            out.append(Cand(c.doc, s, e, m.group(1), c.label, "stated", m.group(1),
                            headline=c.headline, para=c.para))
    return out


def detect(documents: list, parsed: dict, groups: tuple[R.AliasGroup, ...]) -> list[Cand]:
    """All mention candidates of the event, overlaps resolved."""
    texts = {d.id: d.text for d in documents}
    cands: list[Cand] = []
    for d in documents:
        if d.id in parsed:
            cands += spacy_mentions(d.id, d.text, parsed[d.id])
    person_guard(cands)
    retype(cands, {R.compact_key(d.outlet) for d in documents if getattr(d, "outlet", None)})
    cands = split_joined_persons(cands, texts)
    cands += stated_acronyms(cands, texts)
    # names confirmed outside headlines are looked for everywhere
    known, keys, translit = _known_forms(cands)
    cands = [c for c in cands if not c.headline or R.compact_key(c.text) in keys
             or c.source == "nickname"]
    cands += _alias_mentions(documents, groups, cands)
    for d in documents:
        cands += scan_forms(d.id, d.text, known, "known")
        cands += scan_compact(d.id, d.text, keys, translit)
    cands = choose(cands)
    cands = force_orgs(cands, texts)
    extra, heads = _surname_and_head_forms(cands)
    more = _surname_and_head_mentions(documents, parsed, extra, heads)
    kept = list(cands)
    for c in more:
        if not any(c.overlaps(k) for k in kept if k.doc == c.doc):
            kept.append(c)
    kept = drop_common_words(kept, texts, set(extra))
    kept.sort(key=lambda c: (c.doc, c.start))
    return kept


def _known_forms(cands: list[Cand]):
    """Names tagged outside headlines, to look for everywhere: (forms, compact keys,
    transliteration keys)."""
    body = [c for c in cands if not c.headline]
    known: dict[str, tuple[str, int | None]] = {}
    keys: dict[str, str] = {}
    translit: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for c in body:
        single = len(c.text.split()) == 1
        if single and c.initial and not R.is_acronym(c.text) and c.source == "spacy":
            continue
        if c.label == "PERSON" and single:
            continue  # lone person words come back through their full names
        if c.source == "nickname":
            continue
        known.setdefault(c.text, (c.label, None))
        keys.setdefault(R.compact_key(c.text), c.label)
        ws = c.text.split()
        if c.label == "PERSON" and len(ws) == 3 and all(w[:1].isupper() and w.isalpha() for w in ws):
            known.setdefault(f"{ws[0]} {ws[2]}", ("PERSON", None))  # the name without its middle name
        if c.label != "PERSON" and len(c.text) >= 5:
            translit[R.translit_key(c.text)].append((c.text, c.label))
    return known, keys, translit


def _alias_mentions(documents: list, groups: tuple[R.AliasGroup, ...], cands: list[Cand]) -> list[Cand]:
    """Alias-file forms; short ones only when the thing is otherwise in the story."""
    forms: dict[str, tuple[str, int | None]] = {}
    for g, grp in enumerate(groups):
        for f in grp.forms:
            forms[f] = (grp.type, g)
    found = []
    for d in documents:
        found += scan_forms(d.id, d.text, forms, "alias")
    active = {c.alias for c in found if len(c.text.replace(".", "")) > 3}
    tagged = {R.compact_key(c.text) for c in cands}
    return [c for c in found if c.alias in active or R.compact_key(c.text) in tagged]


def _surname_and_head_forms(cands: list[Cand]):
    """Surnames of persons named in full, and "Y" of organisations "... Y" (for "the Y")."""
    extra: dict[str, tuple[str, int | None]] = {}
    heads: dict[str, tuple[str, int | None]] = {}
    for c in cands:
        if c.label == "PERSON" or c.source == "nickname":
            p = R.person_name(c.name)
            if p.full and len(R.words(p.tokens[-1])) == 1 and p.tokens[-1][:1].isupper():
                extra[p.tokens[-1]] = ("PERSON", None)
        elif c.label == "ORG" and len(c.text.split()) >= 2:
            w = c.text.split()[-1]
            if w[:1].isupper() and w.isalpha() and len(w) >= 4 and w.lower() not in R.GENERIC_HEADS \
                    and w.lower() not in R.TITLES and w.lower() not in R.RANKS:
                heads[w] = ("ORG", None)
    return extra, heads


def _surname_and_head_mentions(documents: list, parsed: dict, extra: dict, heads: dict) -> list[Cand]:
    """Mentions of those surnames and of "the Y" in every report."""
    more = []
    for d in documents:
        for c in scan_forms(d.id, d.text, extra, "surname"):
            if _inside_other_name(d.text, c.start, c.end):
                continue
            if c.initial and c.doc in parsed:
                span = parsed[c.doc].char_span(c.start, c.end, alignment_mode="expand")
                if span is None or span[0].pos_ != "PROPN":
                    continue
            more.append(c)
        for c in scan_forms(d.id, d.text, heads, "head"):
            span = parsed[c.doc].char_span(c.start, c.end, alignment_mode="expand") \
                if c.doc in parsed else None
            if re.search(r"\b[Tt]he\s+$", d.text[max(0, c.start - 5):c.start]) and span is not None \
                    and span[0].pos_ == "PROPN" and span[0].ent_type_ not in ("DATE", "EVENT", "TIME"):
                more.append(c)
    return more


def drop_common_words(cands: list[Cand], texts: dict[str, str], surnames: set[str]) -> list[Cand]:
    """One-word mentions that are ordinary words: the reports write the word in lower case
    more than twice as often as capitalised inside a sentence ("Houses" opening a sentence when
    "houses" is used elsewhere). Acronyms, alias-file names and surnames of persons named
    in full stay."""
    singles = {c.text for c in cands if len(c.text.split()) == 1 and c.text[:1].isupper()
               and not R.is_acronym(c.text) and c.alias is None and c.text not in surnames
               and "-" not in c.text}
    common = set()
    for w in singles:
        low = w.lower()
        n_low = sum(len(re.findall(r"(?<![\w-])" + re.escape(low) + r"(?![\w-])", t)) for t in texts.values())
        if not n_low:
            continue
        n_cap = 0
        for t in texts.values():
            for m in re.finditer(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", t):
                n_cap += not _sentence_initial(t, m.start())
        if n_low > 2 * n_cap:
            common.add(w)
    return [c for c in cands if c.text not in common or c.alias is not None]


@stage("entities", requires=("documents",), provides=("entities", "framing"))
def run(state: EventState) -> dict[str, list]:
    """Entities of the event and how each report names them."""
    from .entity_resolve import build, resolve

    groups = R.load_aliases(state.settings.alias_file or "")
    docs = [d for d in state.documents if d.text]
    if not docs:
        return {"entities": [], "framing": []}
    parsed = state.parsed()
    cands = detect(docs, parsed, groups)
    texts = {d.id: d.text for d in docs}
    clusters = resolve(cands, texts, groups)
    entities, framing = build(clusters, groups, texts)
    return {"entities": entities, "framing": framing}
