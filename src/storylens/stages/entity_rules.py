"""Name keys and matching rules used by the entities stage.

Plain functions over name strings: folding (anyascii, quotes, dashes), compact keys,
transliteration skeletons, person-name parsing (titles, suffixes, nicknames), acronyms,
place-type synonyms, and the alias file (``data/aliases.toml`` plus the user's
``alias_file``). Nothing here knows about spaCy or documents.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

# -- general-knowledge word lists ---------------------------------------------------------

from ..lang.en.titles import TITLES
from ..lang.en.titles import PERSON_TITLES  # noqa: F401  (re-exported for the entity stages)

from ..lang.en.titles import RANKS

from ..lang.en.organisations import COMPANY_FORMS

from ..lang.en.names import SUFFIXES

from ..lang.en.names import ARTICLES

from ..lang.en.organisations import FORCE_WORDS

from ..lang.en.places import PLACE_SYNONYMS

#: Indexes in PLACE_SYNONYMS of street-type words.
STREET_CLASSES = frozenset({"3", "4", "5", "6"})

from ..lang.en.places import DIRECTIONS


def split_direction(name: str) -> tuple[str, str]:
    """(direction, rest) of a street name: ("e", "Main Street") for "E. Main Street"."""
    m = re.match(r"^\s*([A-Za-z]+)\.?\s+(.+)$", fold(name))
    if m and m.group(1).lower() in DIRECTIONS and len(m.group(2).split()) >= 2:
        return DIRECTIONS[m.group(1).lower()], m.group(2)
    return "", fold(name)


from ..lang.en.places import PREFIX_HEADS

from ..lang.en.organisations import ORG_HEADS

from ..lang.en.titles import PERSON_ROLES

from ..lang.en.abbreviations import NOT_NAMES

from ..lang.en.names import GENERIC_WORDS

from ..lang.en.names import GENERIC_HEADS

from ..lang.en.numbers import ORDINALS

from ..lang.en.names import STOP_IN_NAMES

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " "})


# -- folding and keys -----------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """NFKC, typographic quotes and dashes made plain, spaces collapsed; keeps case."""
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=1 << 16)
def ascii_lower(text: str) -> str:
    """Folded, transliterated to ASCII (anyascii) and lower-cased."""
    return anyascii(fold(text)).lower()


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII word tokens of a name; periods and apostrophes join their word."""
    s = ascii_lower(text).replace(".", "").replace("'", "")
    return tuple(w for w in re.split(r"[^a-z0-9&]+", s) if w)


@lru_cache(maxsize=1 << 16)
def compact_key(text: str) -> str:
    """Spelling-insensitive identity of a name: "U.K." = "UK", "Night Watch" =
    "Nightwatch", "Fifth Avenue" = "5th Avenue", "Police Department" = "Police"."""
    short = re.sub(r"[^A-Za-z0-9]", "", anyascii(fold(text)))
    if len(short) <= 4 and any(c.isupper() for c in short[1:]):
        return short  # "US" is not "Us"
    ws = [ORDINALS.get(w, w) for w in words(text)]
    if ws and ws[0] == "the" and len(ws) > 1:
        ws = ws[1:]
    joined = " ".join(ws)
    joined = re.sub(r"\bpolice (department|dept)$", "police", joined)
    joined = re.sub(r"(?<=\w) (?:" + "|".join(COMPANY_FORMS) + r")$", "", joined)
    joined = re.sub(r"\b(st)$", "street", joined)
    joined = re.sub(r"\b(ave)$", "avenue", joined)
    return joined.replace(" ", "")


def _skeleton(word: str) -> str:
    """Consonant skeleton of one word: vowels and the glides w/y/h dropped, similar
    consonants joined, doubled letters collapsed ("Hamra" = "Hamrah" = "hmr")."""
    w = word.replace("ph", "f").replace("kh", "k").replace("gh", "g").replace("th", "t") \
        .replace("dh", "d").replace("sh", "s").replace("ch", "k").replace("ou", "u")
    w = w.translate(str.maketrans({"q": "k", "c": "k", "j": "g", "v": "f"}))
    w = re.sub(r"[aeiouwyh']", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=1 << 16)
def translit_tokens(text: str) -> tuple[str, ...]:
    """Name words with articles dropped (al-/el-/ad-/as- ...) and an article glued to a
    doubled consonant split off ("Essalam" -> "salam")."""
    raw = [w for w in re.split(r"[\s\-]+", ascii_lower(text).replace("'", "").replace(".", "")) if w]
    out = []
    for i, w in enumerate(raw):
        w = re.sub(r"[^a-z0-9]", "", w)
        if not w:
            continue
        if i > 0 and w in ARTICLES and i < len(raw) - 1:
            continue
        m = re.match(r"^(?:a|e)([bcdfgjklmnpqrstvwxz])\1(.+)$", w)
        if i > 0 and m:
            w = m.group(1) + m.group(2)
        out.append(w)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def translit_key(text: str) -> tuple[str, ...]:
    """Per-word consonant skeletons of a name, the key that transliteration variants share."""
    return tuple(_skeleton(w) for w in translit_tokens(text))


from ..lang.en.names import DEMONYM_ENDINGS


@lru_cache(maxsize=1 << 16)
def translit_match(a: str, b: str) -> bool:
    """Two spellings of one foreign name: same per-word skeletons, same first letters (a
    vowel for a vowel, q for k), one-word names near in spelling (closer when short),
    enough consonants, and neither is the other plus a demonym ending ("Oman"/"Omani")."""
    ta, tb = translit_tokens(a), translit_tokens(b)
    if not ta or len(ta) != len(tb) or ta == tb:
        return ta == tb and bool(ta) and is_acronym(a) == is_acronym(b)
    ka, kb = translit_key(a), translit_key(b)
    if ka != kb or sum(len(k) for k in ka) < 3 or any(not k for k in ka):
        return False
    if any(x[:1] != y[:1] and not (x[:1] in "aeiou" and y[:1] in "aeiou")
           and {x[:1], y[:1]} != {"q", "k"} for x, y in zip(ta, tb)):
        return False
    ja, jb = "".join(ta), "".join(tb)
    for x, y in ((ja, jb), (jb, ja)):
        if y.startswith(x) and y[len(x):] in DEMONYM_ENDINGS:
            return False
    if len(ta) == 1:
        from rapidfuzz import fuzz

        return fuzz.ratio(ja, jb) >= (75 if len(ka[0]) >= 4 else 85)
    return True


# -- acronyms ---------------------------------------------------------------------------------

def is_acronym(text: str) -> bool:
    """All-capital short form such as "KCFD", "U.N." or "NATO"."""
    s = fold(text).replace(".", "")
    return 2 <= len(s) <= 8 and s.isalpha() and s.isupper()


@lru_cache(maxsize=1 << 16)
def initials(name: str) -> tuple[str, ...]:
    """Possible initialisms of a name: first letters of its words (hyphen parts counted
    once or each), with and without function words."""
    ws = [w for w in re.split(r"\s+", fold(name)) if w]
    outs = set()
    for skip_stop in (True, False):
        for split_hyphen in (False, True):
            letters = []
            for w in ws:
                parts = w.split("-") if split_hyphen else [w]
                for p in parts:
                    p = re.sub(r"[^\w&]", "", p)
                    if not p:
                        continue
                    if skip_stop and p.lower() in STOP_IN_NAMES:
                        continue
                    letters.append(anyascii(p)[0].upper())
            outs.add("".join(letters))
    return tuple(o for o in outs if len(o) >= 2)


def acronym_of(short: str, long: str) -> bool:
    """``short`` is an initialism of ``long`` ("KCFD" of "Kent County Fire Department")."""
    if not is_acronym(short) or len(words(long)) < 2:
        return False
    s = fold(short).replace(".", "").upper()
    return s in initials(long)


# -- person names -----------------------------------------------------------------------------

# a nickname in quotation marks inside a name: 'Ana "Red" Lopez', 'Jon T. "Jack" Reyes'
NICK_RE = re.compile(r"\b([A-Z][\w'\u2019-]+(?:[ \t]+[A-Z](?:[\w'\u2019-]+|\.))?)[ \t]+[\"\u201c\u201e]"
                     r"([^\"\u201c\u201d\n]{1,30})[\"\u201d][ \t]+([A-Z][\w'\u2019-]+)")


def nicknamed(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name without the nickname) of each name with a quoted nickname inside it
    in text[start:end] ('Ana "Red" Lopez' -> 'Ana Lopez'); a title first is no given name."""
    out = []
    for m in NICK_RE.finditer(text, start, len(text) if end is None else end):
        first, at = m.group(1), m.start()
        if words(first)[:1] and words(first)[0] in TITLES:  # 'Councillor Ana "Red" Lopez'
            rest = first.split(None, 1)[1:]
            if not rest or rest[0][:1].isupper() and words(rest[0])[:1] and words(rest[0])[0] in TITLES:
                continue
            at += len(first) - len(rest[0])
            first = rest[0]
        out.append((at, m.end(), f"{first} {m.group(3)}"))
    return out


NICKNAME_RE = re.compile(r"\s*[\"\u201c\u201e\u00ab'\u2018]([^\"\u201c\u201d\u00ab\u00bb\n]{1,30}?)"
                         r"[\"\u201d\u00bb'\u2019]\s*")


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given names and surname (titles, suffixes, nickname gone)."""

    tokens: tuple[str, ...]  # display tokens, e.g. ("Ana", "Maria", "Lopez")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for t in self.tokens for k in words(t)[:1])

    @property
    def last(self) -> str:
        return self.keys[-1] if self.keys else ""

    @property
    def first(self) -> str:
        return self.keys[0] if len(self.keys) > 1 else ""

    @property
    def middle(self) -> tuple[str, ...]:
        return self.keys[1:-1]

    @property
    def full(self) -> bool:
        return len(self.keys) >= 2

    @property
    def display(self) -> str:
        return " ".join(self.tokens)


def strip_titles(text: str) -> tuple[int, int]:
    """(start, end) offsets inside ``text`` of the name once leading titles/ranks,
    lower-case words and trailing suffixes, possessives and punctuation are removed."""
    toks = list(re.finditer(r"\S+", text))
    i, j = 0, len(toks)
    while i < j - 1:
        w = toks[i].group().rstrip(".,").lower()
        w = w.replace("\u2019", "'")
        if w in TITLES or w in STOP_IN_NAMES or not toks[i].group()[:1].isupper():
            i += 1
            continue
        break
    while j > i + 1:
        w = re.sub(r"[.,]", "", toks[j - 1].group().lower())
        if w in SUFFIXES:
            j -= 1
            continue
        break
    if i >= j:
        return 0, len(text)
    start, end = toks[i].start(), toks[j - 1].end()
    seg = text[start:end]
    m = re.search(r"(?:['\u2019]s?|[,;:])$", seg)
    if m and end - start - len(m.group()) > 0:
        end -= len(m.group())
    # a trailing period is kept only on an initial or abbreviation ("D.", "St.")
    if text[start:end].endswith(".") and not re.search(r"(\b\w|\.\w+)\.$", text[start:end]):
        end -= 1
    return start, end


@lru_cache(maxsize=1 << 16)
def person_name(text: str) -> PersonName:
    """Parse a person mention into a :class:`PersonName` (nickname in quotes removed)."""
    s = NICKNAME_RE.sub(" ", fold(text))
    s0, s1 = strip_titles(s)
    toks = [t for t in s[s0:s1].split() if t]
    toks = [t for t in toks if re.sub(r"[.,]", "", t.lower()) not in SUFFIXES]
    return PersonName(tuple(toks))


from ..lang.en.names import HYPOCORISMS


def _same_given(x: str, y: str) -> bool:
    """Two given-name words that can name one person: equal, an initial, a common short
    form ("Bill" / "William"), or two short forms of one name ("Ed" / "Eddie")."""
    if x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return True
    fx, fy = HYPOCORISMS.get(x, "").split(), HYPOCORISMS.get(y, "").split()
    return y in fx or x in fy or bool(set(fx) & set(fy))  # "Ed" / "Eddie": both Edward


def given_compatible(a: PersonName, b: PersonName) -> bool:
    """Same surname; first names equal (or one an initial or common short form of the
    other); middle names not contradicting ("Ana Maria Lopez" ~ "Ana Lopez", "Ana M. Lopez"
    ~ "Ana Lopez", "Bill Ruiz" ~ "William Ruiz")."""
    if not (a.full and b.full) or a.last != b.last:
        return False

    same = _same_given

    if not same(a.first, b.first):
        return False
    ma, mb = a.middle, b.middle
    if ma and mb:
        return len(ma) == len(mb) and all(same(x, y) for x, y in zip(ma, mb))
    return True


@lru_cache(maxsize=1 << 14)
def _alias_regex(groups: tuple) -> tuple[re.Pattern | None, dict[str, str]]:
    forms = {f: g.name for g in groups for f in g.forms if len(f.replace(".", "")) >= 2}
    if not forms:
        return None, {}
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(r"(?<![\w.])(?:" + alts + r")(?![\w])"), forms


@lru_cache(maxsize=1 << 16)
def expanded_key(name: str, groups: tuple) -> str:
    """Compact key of a name with alias-file forms inside it written as the group's name:
    "UN Food Agency" and "United Nations Food Agency" share it."""
    rx, forms = _alias_regex(groups)
    s = fold(name)
    if rx is not None:
        s = rx.sub(lambda m: forms[m.group()], s)
    return compact_key(s)


# -- place-type synonyms --------------------------------------------------------------------

def place_head(text: str) -> tuple[str, str] | None:
    """(rest, synonym-class id) when a name ends in a place-type word ("X Park")."""
    ws = [ORDINALS.get(w, w) for w in words(text)]
    if ws and ws[0] == "the":
        ws = ws[1:]
    for n in (2, 1):
        if len(ws) <= n:
            continue
        head = " ".join(ws[-n:])
        for k, cls in enumerate(PLACE_SYNONYMS):
            if head in cls:
                return " ".join(ws[:-n]), str(k)
    return None


def prefix_place(text: str) -> tuple[str, str] | None:
    """(prefix, head) when a name is a two-or-more-word prefix plus a PREFIX_HEADS word."""
    ws = words(text)
    if ws and ws[0] == "the":
        ws = ws[1:]
    for n in (2, 1):
        if len(ws) >= n + 2 and " ".join(ws[-n:]) in PREFIX_HEADS:
            return " ".join(ws[:-n]), " ".join(ws[-n:])
    return None


# -- the alias file -------------------------------------------------------------------------

@dataclass(frozen=True)
class AliasGroup:
    """One real thing and the names it is widely known by."""

    name: str
    type: str
    forms: tuple[str, ...] = field(default_factory=tuple)


DATA = Path(__file__).resolve().parent.parent / "data" / "aliases.toml"


def parse_aliases(text: str, source: str = "aliases") -> list[AliasGroup]:
    """Alias groups from TOML text: ``[[alias]]`` tables with name, type, forms."""
    data = tomllib.loads(text)
    out = []
    for i, item in enumerate(data.get("alias", [])):
        name = str(item.get("name") or "").strip()
        forms = [str(f) for f in item.get("forms", []) if str(f).strip()]
        if not name:
            raise ValueError(f"{source}: alias #{i + 1} has no name")
        if name not in forms:
            forms.insert(0, name)
        out.append(AliasGroup(name, str(item.get("type") or "ORG"), tuple(forms)))
    return out


@lru_cache(maxsize=8)
def load_aliases(extra_file: str = "") -> tuple[AliasGroup, ...]:
    """The built-in alias groups plus those of ``extra_file`` (same format), if given."""
    groups = parse_aliases(DATA.read_text(encoding="utf-8"), str(DATA))
    if extra_file:
        from ..errors import ConfigError

        p = Path(extra_file)
        try:
            groups += parse_aliases(p.read_text(encoding="utf-8"), str(p))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
            raise ConfigError(f"cannot read alias_file {p}: {exc}") from None
    return tuple(groups)
