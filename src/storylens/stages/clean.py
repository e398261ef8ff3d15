"""Raw input -> cleaned body text, dropped lines, and metadata.

The common input is what a browser shows of a news page, pasted or saved as text. Each
non-blank line is a unit; a line is dropped (with its reason, into ``Document.dropped``) by
general cues: known boilerplate patterns (``data/boilerplate.toml``: copyright, disclaimers,
share prompts, navigation, image credits, comment markers), its position (page chrome above
the headline, the reader-comment block after the article's end, short tags trailing the
story), its form (link-only lines, menus of short items, captions under the headline with no
closing punctuation) and repetition (a paragraph or the headline printed twice). A line that
reads like a body sentence is kept unless a pattern names it: dropping a body sentence is
worse than keeping a menu line.

HTML goes through trafilatura (comments off) first, then the same line checks. Kept lines
are not altered, except that a leading update mark ("Update: 3:10 p.m.: ...") comes off a
body line and goes, as a line of its own, to the dropped ones; paragraphs are joined by a
blank line and their offsets recorded.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from ..config import Settings
from ..errors import InputError
from ..model import Document, RawDocument
from ..lang.en.calendar import MONTHS, WEEKDAYS
from ..lang.en.web import DATE_LABELS, WIDGET_WORDS as _WIDGET_WORDS
from . import metadata as md

# -- boilerplate patterns -----------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern
    max_words: int


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The boilerplate line patterns of ``data/boilerplate.toml``."""
    data = tomllib.loads((md.DATA / "boilerplate.toml").read_text(encoding="utf-8"))
    return tuple(Rule(r["kind"], re.compile(r["pattern"], re.I), int(r.get("max_words", 30)))
                 for r in data.get("rule", []))


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ly|co|tv|news|info)/\S*", re.I)
# a web address written with spaces around its punctuation ("http: / / example. com / a - b")
_SPACED_URL = re.compile(r"^(?:https?|ftp)\s?:\s?/\s?/\s?\S", re.I)
_END_PUNCT = re.compile(r"[.!?…]\s?[\"'”’»)\]]*$|[\"”’»][.!?…]?$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][\w:-]*(?:\s[^<>]{0,400})?/?\s*>")
_CODE_BLOCK = re.compile(r"<\s*(script|style)\b[^<>]*>.*?(?:<\s*/\s*\1\s*>|$)", re.I | re.S)
_CODE_SIGNS = re.compile(r"\bfunction\s*\(|=>|\}\s*\)|\)\s*;|\bvar\s+\w+\s*=|\bconst\s+\w+\s*=|"
                         r"\blet\s+\w+\s*=|\bdocument\.\w+|\bwindow\.\w+|[{};]\s*$|^\s*[{}]")


def nwords(s: str) -> int:
    return len(s.split())


def strip_markup(s: str) -> str:
    """The line without HTML tags and without the content of script/style elements."""
    return _TAG.sub(" ", _CODE_BLOCK.sub(" ", s))


def ends_sentence(s: str) -> bool:
    """The line ends as a sentence does (final stop, or a closing quotation mark); markup
    after the last word ("... he said. <br>") does not count."""
    s = s.rstrip()
    if s.endswith(">"):
        s = re.sub(r"(?:\s*(?:%s))+$" % _TAG.pattern, "", s).rstrip()
    return bool(_END_PUNCT.search(s))


def is_page_code(s: str) -> bool:
    """A line that is page code rather than text: it holds an HTML tag or two signs of script
    ("function(", "});", "var x ="), and without them fewer than four words or under 40% of its
    characters are left. A sentence with some markup pasted into it is text."""
    if not (_TAG.search(s) or len(_CODE_SIGNS.findall(s)) >= 2):
        return False
    prose = strip_markup(s)
    if _CODE_SIGNS.search(prose):
        prose = re.sub(r"[^\s]*[{}();=][^\s]*", " ", prose)  # code tokens in a line of code
    words = re.findall(r"[A-Za-z]{2,}", prose)
    letters = sum(len(w) for w in words)
    return len(words) < 4 or letters < 0.4 * len(re.sub(r"\s", "", s))


def norm(s: str) -> str:
    """Case, quotes, dashes and spacing folded, for comparing lines."""
    s = s.lower().translate(str.maketrans("‘’‚‛“”„–—\u00a0", "''''\"\"\"-- "))
    return re.sub(r"\s+", " ", s).strip()


def is_credit_line(s: str) -> bool:
    """A short image-credit line such as "Agency/archive" or "Name Surname/Agency"."""
    if nwords(s) > 6 or ends_sentence(s) or _URL.search(s) or not re.search(r"\w/\w", s):
        return False
    return not re.match(r"^\d", s) and not re.search(r"\d/\d", s) and bool(re.search(r"[A-Z]\w*/|/\s*[A-Z]", s))


def is_menu_line(s: str) -> bool:
    """Three or more short items separated by " - ", " | ", " · " or " • " (a menu bar)."""
    parts = re.split(r"\s+(?:\||-|–|·|•|/)\s+", s)
    return len(parts) >= 3 and all(0 < nwords(p) <= 4 for p in parts) and not ends_sentence(s)


_PROMPT = re.compile(r"^(?:follow|read|visit|see|click|tap|watch|listen|go to|check out|find|get|download|"
                     r"subscribe|sign up|share|like|contact|email|e-mail|call|more|for more|learn more|details)\b", re.I)


def is_link_line(s: str) -> bool:
    """A line that is a link, or a short prompt ending in one. A sentence that mentions a web
    address ("The report names example.com/x as the source.") is text, unless it is a prompt
    ("Follow us at ...", "Read more at ...")."""
    if _SPACED_URL.match(s):
        # the address runs up to the first word that is not part of it
        squeezed = re.sub(r"\s*([/.:\-_=?&#%+~])\s*", r"\1", s)
        return nwords(squeezed) <= 8 and not ends_sentence(squeezed)
    m = _URL.search(s)
    if not m:
        return False
    rest = (s[:m.start()] + s[m.end():]).strip()
    if nwords(rest) > 8 or ends_sentence(rest):
        return False
    if ends_sentence(s) and nwords(rest) >= 4 and re.match(r"^[A-Z\"“]", rest) and not _PROMPT.match(rest):
        return False  # a sentence that names an address
    return True


_WIDGET_TOKEN = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\d+|[A-Za-z][A-Za-z'-]*|[^\sA-Za-z\d]+")


def is_widget_line(s: str) -> bool:
    """A line made of a player's, gallery's or share bar's controls ("1 of 9 Full Screen
    Autoplay Close Skip Ad", "Now Playing 2:31 Share"): four tokens or more, nearly all
    interface words, counters or running times, and at least two interface words."""
    toks = [t for t in _WIDGET_TOKEN.findall(s) if re.search(r"\w", t)]
    if len(toks) < 3 or len(toks) > 30:
        return False
    ui = [t for t in toks if t.lower() in _WIDGET_WORDS]
    rest = [t for t in toks if t.lower() not in _WIDGET_WORDS and not re.fullmatch(r"[\d:]+", t)]
    strong = {t.lower() for t in ui} - {"of", "in", "on", "off", "up", "more", "now", "back", "live", "view",
                                         "next", "s", "x", "save", "sound", "speed", "back", "forward"}
    return len(strong) >= 2 and len(rest) <= max(1, len(toks) // 6)


def _agency_credit(s: str) -> md.Agency | None:
    """A line that only names a wire agency ("(AFP)", "— Reuters", "Source: AP", "With AFP")."""
    m = re.fullmatch(r"[-–—(\[\s]*(?:(?:source|sources|with|via|by)\s*:?\s*)?([^()\[\]]+?)[)\].\s]*", s, re.I)
    if not m:
        return None
    names = [x.strip() for x in re.split(r"\s*(?:,|/|\band\b|&)\s*", m.group(1)) if x.strip()]
    found = [md.agency(x) for x in names]
    return found[0] if found and all(found) else None


def furniture_key(s: str) -> str | None:
    """The key of a line in the list of lines that repeat across unrelated reports: a hash of
    the line with case, quotes, digits and spacing folded (None for lines under three words)."""
    import hashlib

    k = re.sub(r"\d+", "0", norm(s))
    if nwords(k) < 3:
        return None
    return hashlib.sha1(k.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def furniture_keys() -> frozenset[str]:
    """Keys of lines seen in reports of several unrelated events (``data/furniture_lines.txt``)."""
    path = md.DATA / "furniture_lines.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(x.strip() for x in path.read_text(encoding="utf-8").splitlines()
                     if x.strip() and not x.startswith("#"))


def boilerplate_kind(s: str) -> str | None:
    """Why a line, on its own, is page furniture rather than story text; None if it is not."""
    n = nwords(s)
    if md.date_line(s):
        return None  # a date line, with or without a label: read for the date, then dropped
    for r in rules():
        if n <= r.max_words and r.pattern.search(s):
            return r.kind
    if is_page_code(s):
        return "page code"
    if is_widget_line(s):
        return "player widget"
    if is_link_line(s):
        return "link"
    if n <= 6 and _agency_credit(s):
        return "credit"
    if re.fullmatch(r"[»›>|•·\-–—_=*#~\s]+", s):
        return "separator"
    if n <= 30 and re.search(r"\s[»›]\s", s) and not ends_sentence(s):
        return "navigation"
    if is_menu_line(s):
        return "menu"
    if is_credit_line(s):
        return "image credit"
    if furniture_keys() and furniture_key(s) in furniture_keys():
        return "repeated across unrelated reports"
    return None


# -- the line checks ---------------------------------------------------------------------------


@dataclass
class Line:
    text: str
    indent: int
    drop: str | None = None  # the reason, when dropped
    role: str | None = None  # "title", "date": removed from the body, not boilerplate


@dataclass
class Cleaned:
    """The outcome of the line checks on one text."""

    lines: list[Line]
    title: str | None = None
    site: str | None = None  # a site name cut from the title
    date: md.DateFound | None = None
    date_from: str | None = None
    page_date: md.DateFound | None = None
    dateline: md.Dateline | None = None
    notes: dict = field(default_factory=dict)

    @property
    def body(self) -> list[Line]:
        return [ln for ln in self.lines if ln.drop is None and ln.role is None]


def _headline_like(s: str) -> bool:
    """A headline: 3-30 words, starts with a capital, digit or quotation mark, and does not
    end as a sentence (or is a question)."""
    n = nwords(s)
    if not 3 <= n <= 30 or md.parse_dateline(s):
        return False
    if not re.match(r"^[\"'“‘A-Z0-9¿¡]", s):
        return False
    if s.rstrip().endswith(("?", "?\"", "?”")):
        return n <= 20
    return not ends_sentence(s) and not s.rstrip().endswith((":", ",", ";"))


_NARRATIVE = re.compile(r"\b(?:was|were|had|has|have|been|being|having|will|would|could|should|did|said|"
                        r"told|according)\b"
                        r"|\b[a-z]{3,}ed\b")


def _narrates(s: str) -> bool:
    """The line tells what happened, as a body sentence does (a past tense, a perfect, a
    future or an attribution, in lower case), rather than describing a picture in the present
    ("Crews stand by a burned truck near the bridge") or reading as a headline in title case."""
    return bool(_NARRATIVE.search(s))


_TITLE_DATE = re.compile(r"\s+(?:\||-|–|—)?\s*(?:on|posted(?: on| at)?|published(?: on)?|updated(?: on)?)\s+(?=\S)", re.I)


def split_title_date(s: str) -> tuple[str, md.DateFound | None]:
    """"Headline on March 3, 2031 at 9:00 am" -> ("Headline", date): a page's date printed on
    the headline's line. The line is kept whole when what follows is not just a date."""
    for m in _TITLE_DATE.finditer(s):
        head, tail = s[:m.start()].rstrip(" |-–—"), s[m.end():]
        if nwords(head) < 3:
            continue
        tail = re.sub(r"\s*\|?\s*(?:last )?updated\b.*$", "", tail, flags=re.I)
        d = md.date_line(tail)
        if d and re.search(r"(?:19|20)\d\d", tail):
            return head, d
    return s, None


def _body_sentence(s: str) -> bool:
    """A line that reads as a sentence of the story, not a headline: four words or more
    ending as a sentence does (headlines take no full stop; a question may be either), or
    opening with a dateline."""
    t = s.rstrip()
    if md.parse_dateline(t):
        return True
    return nwords(t) >= 4 and ends_sentence(t) and not t.endswith(("?", "?\"", "?”"))


def _byline(s: str) -> bool:
    return bool(re.match(r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}(?:\s*(?:,|\band\b|\||and)\s*.*)?$", s)) \
        and nwords(s) <= 16 and not s.rstrip().endswith((".\"", ".”")) and not re.search(r"\b(?:said|says)\b", s)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped. A hard-wrapped sentence (a long line without closing
    punctuation followed, with no blank line between, by one that starts in lower case) is
    joined back into one line with a space."""
    raws = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # hard-wrapped text: many long lines run straight on into the next line mid-sentence
    runon = sum(1 for a, b in zip(raws, raws[1:]) if len(a.strip()) >= 50 and b.strip()
                and not ends_sentence(a.strip()) and not a.strip().endswith(":"))
    long_lines = sum(1 for a in raws if len(a.strip()) >= 50)
    wrapped = runon >= 3 and runon >= 0.4 * long_lines
    out: list[Line] = []
    prev_blank = True
    for raw in raws:
        s = raw.strip()
        if not s:
            prev_blank = True
            continue
        if out and not prev_blank and len(out[-1].text) >= 40 and (s[:1].islower() or wrapped) \
                and not ends_sentence(out[-1].text) and not out[-1].text.endswith(":"):
            out[-1].text += " " + s
        else:
            out.append(Line(s, len(raw) - len(raw.lstrip())))
        prev_blank = False
    return out


_BY_FORM = {"trailing tag", "caption", "page header", "link list", "image credit", "menu", "separator"}


def clean_lines(text: str, given_title: str | None = None) -> Cleaned:
    """Run the line checks over a page's text and read the title and dates they reveal."""
    lines = split_lines(text)
    c = Cleaned(lines)
    for ln in lines:
        ln.drop = boilerplate_kind(ln.text)
    _comment_block(lines)
    _find_title(c, given_title)
    _date_lines(c)
    _captions_and_repeats(c)
    _link_lists(c)
    _tail(c)
    if not c.body:
        # nothing reads as a story: keep what only its form or place had removed, so a
        # short note is analysed rather than skipped
        for ln in lines:
            if ln.drop in _BY_FORM or ln.role == "title":
                ln.drop = None
                ln.role = None
    _update_marks(c)
    body = c.body
    for ln in body[:2]:
        dl = md.parse_dateline(ln.text)
        if dl:
            c.dateline = dl
            break
    return c


# a leading update mark: "Update:", "UPDATE —", "Updated 3:10 p.m. ET:" before the line's sentence
_UPDATE_MARK = re.compile(r"^(?:UPDATED?|Updated?)\b\s*[:—–-]?\s*(?:\d{1,2}(?:[:.]\d{2})?\s*[AaPp]\.?[Mm]\.?\s*"
                          r"(?:[A-Z]{2,4}\b)?\s*[:—–-]\s*|[:—–-]\s*)(?=[\"“‘'(]?[A-Z0-9])")


def _update_marks(c: Cleaned) -> None:
    """A body line that opens with an update mark loses it: the mark becomes a dropped line of
    its own, just before the line, and the sentence stays (when at least three words are left)."""
    out: list[Line] = []
    for ln in c.lines:
        m = _UPDATE_MARK.match(ln.text) if ln.drop is None and ln.role is None else None
        if m and nwords(ln.text[m.end():]) >= 3:
            out.append(Line(ln.text[:m.end()].strip(), ln.indent, drop="update mark"))
            ln.text = ln.text[m.end():]
        out.append(ln)
    c.lines[:] = out


def _comment_block(lines: list[Line]) -> None:
    """Drop the reader-comment section: what follows the article's end (its copyright or
    disclaimer lines) when a comment marker or a numbered list of posts comes after it, and
    what follows a comment heading in the lower half of the page."""
    n = len(lines)
    sentences, seen = [], 0  # body sentences above each line
    for ln in lines:
        sentences.append(seen)
        seen += ln.drop is None and nwords(ln.text) >= 8 and ends_sentence(ln.text)
    end = next((i for i, ln in enumerate(lines)
                if sentences[i] >= 2 and ln.drop in ("copyright", "disclaimer", "policy")), None)
    marker = next((i for i, ln in enumerate(lines)
                   if ln.drop == "comments" and i >= n * 0.5 and sentences[i] >= 2), None)
    start = None
    if end is not None:
        after = range(end + 1, n)
        if any(lines[i].drop == "comments" for i in after):
            start = end + 1
        else:
            start = next((i for i in after if _NUMBERED.match(lines[i].text)), None)
    if start is None and marker is not None:
        start = marker
    if start is None:
        return
    for ln in lines[start:]:
        if ln.drop is None:
            ln.drop = "reader comment"


def _find_title(c: Cleaned, given: str | None) -> None:
    """The headline: the input's title when given (its copy in the text is removed), else
    the first headline-like line before any body sentence. Page furniture above it (dates,
    short menu lines) is dropped; a " - Site Name" suffix is cut off and kept as the site."""
    lines = c.lines
    top = [i for i, ln in enumerate(lines[:12])]
    if given:
        title, site = md.split_site_suffix(given)
        c.title, c.site = title, site
        keys = {norm(given), norm(title)}
        for i in top:
            ln = lines[i]
            t, _ = md.split_site_suffix(ln.text)
            td, tdate = split_title_date(ln.text)
            if tdate and norm(td) in keys and not (norm(ln.text) in keys or norm(t) in keys):
                c.notes["title_in_text"] = True
                ln.role, ln.drop = "title", None
                c.page_date = c.page_date or tdate
                _drop_header(c, i)
                break
            if norm(ln.text) in keys or norm(t) in keys:
                c.notes["title_in_text"] = True
                if _body_sentence(ln.text):
                    # the given title repeats the story's first sentence: it stays in the body
                    c.notes["title_in_body"] = True
                    ln.drop = None
                else:
                    ln.role, ln.drop = "title", None
                _drop_header(c, i)
                break
        return
    crumbs = [norm(re.split(r"\s[»›>/|]\s", ln.text)[-1]) for ln in lines[:12]
              if ln.drop == "navigation" and re.search(r"\s[»›>]\s", ln.text)]
    cands: list[int] = []
    after_list_heading = False
    for i in top:
        ln = lines[i]
        if ln.drop is not None:
            if ln.drop == "navigation" and not cands and nwords(ln.text) <= 4:
                after_list_heading = True
            continue
        if md.date_line(ln.text) or _byline(ln.text):
            if cands:
                break
            continue
        head, tdate = split_title_date(ln.text)
        if tdate and not cands and _headline_like(head):
            cands = [i]
            c.page_date = c.page_date or tdate
            break
        if _headline_like(ln.text):
            nxt = next((x for x in lines[i + 1:] if x.drop is None), None)
            if not cands and nwords(ln.text) <= 5 and md.looks_like_site(ln.text) and nxt is not None \
                    and _headline_like(nxt.text):
                continue  # the site's name above the headline
            if norm(md.split_site_suffix(ln.text)[0]) in crumbs:
                cands = [i]  # the headline the breadcrumb trail ends with
                break
            cands.append(i)
            if not after_list_heading:
                break
            continue
        if nwords(ln.text) < 3 and not ends_sentence(ln.text) and not cands:
            continue  # a short label above the headline ("World", "Latest")
        break  # a body sentence
    if not cands:
        return  # a body sentence comes first: the page shows no headline
    i = cands[-1]  # after a "Latest news" heading, the last of its list is the headline
    for j in cands[:-1]:
        lines[j].drop = "link list"
    title, site = md.split_site_suffix(split_title_date(lines[i].text)[0])
    c.title, c.site = title, site
    lines[i].role = "title"
    _drop_header(c, i)


def _drop_header(c: Cleaned, title_at: int) -> None:
    """Everything above the headline is page chrome; a date there is the page's date."""
    for ln in c.lines[:title_at]:
        if ln.drop is None:
            d = md.date_line(ln.text)
            if d:
                ln.drop = "page date"
                c.page_date = c.page_date or d
            else:
                ln.drop = "page header"
                if c.notes.get("header_site") is None and nwords(ln.text) <= 5 and md.looks_like_site(ln.text) \
                        and not ends_sentence(ln.text) and ln.text[:1].isupper():
                    c.notes["header_site"] = ln.text


def _date_lines(c: Cleaned) -> None:
    """Date-only lines: just under the headline (or at the top of a page without one) they
    give the story's date; elsewhere they are page furniture. Bylines near the top go too."""
    lines = c.lines
    t = next((i for i, ln in enumerate(lines) if ln.role == "title"), -1)
    seen_body = 0  # body sentences so far
    for i, ln in enumerate(lines):
        if i <= t or ln.drop is not None or ln.role:
            continue
        d = md.date_line(ln.text)
        if d:
            ln.drop = "date line"
            if seen_body == 0 and d.label not in ("updated", "last updated", "last modified", "modified") \
                    and c.date is None:
                c.date, c.date_from = d, "date line"
            continue
        if seen_body < 3 and _byline(ln.text):
            ln.drop = "byline"
            c.notes.setdefault("byline", ln.text)
            continue
        if nwords(ln.text) >= 8 and ends_sentence(ln.text) or nwords(ln.text) > 40:
            seen_body += 1


def _captions_and_repeats(c: Cleaned) -> None:
    """Drop a repeated paragraph (the later copy, or the first when it is a caption next to
    an image credit), body lines that repeat the headline, and a caption under the headline:
    a long line with no closing punctuation among the first lines of the body."""
    lines = c.lines
    kept = [i for i, ln in enumerate(lines) if ln.drop is None and ln.role is None]
    credit_at = {i for i, ln in enumerate(lines) if ln.drop == "image credit"}
    first: dict[str, int] = {}
    tnorm = norm(c.title) if c.title else None
    for i in kept:
        ln = lines[i]
        k = norm(ln.text)
        if tnorm and (k == tnorm or norm(md.split_site_suffix(ln.text)[0]) == tnorm) \
                and not (c.notes.get("title_in_body") or _body_sentence(ln.text)):
            ln.drop = "repeated headline"
            continue
        if nwords(ln.text) < 10:
            continue
        if k in first:
            j = first[k]
            if (j + 1) in credit_at or (j - 1) in credit_at:
                lines[j].drop = "caption (repeated in the body)"
                first[k] = i
            else:
                ln.drop = "repeated paragraph"
        else:
            first[k] = i
    body = [i for i in kept if lines[i].drop is None]
    for pos, i in enumerate(body[:3]):
        ln = lines[i]
        if nwords(ln.text) < 10 or ends_sentence(ln.text) or md.parse_dateline(ln.text):
            continue
        if re.search(r"[,:;(–—-]$|\b(?:and|or|but|the|a|an|of|to|in|with|who|which|that)$", ln.text.rstrip()):
            continue  # the sentence goes on in the next line (or introduces a quote or list)
        nxt = lines[body[pos + 1]].text if pos + 1 < len(body) else ""
        if nxt[:1].islower():
            continue  # a sentence broken over two lines
        if nxt and not ends_sentence(nxt) and nwords(nxt) < 16:
            continue  # one item of a list
        if not (nxt and md.parse_dateline(nxt)) and _narrates(ln.text):
            continue  # a sentence that lost its full stop; only a caption above the dateline goes
        ln.drop = "caption"
    for i in kept:
        ln = lines[i]
        if ln.drop is None and (i + 1) in credit_at and not ends_sentence(ln.text) and nwords(ln.text) >= 4:
            ln.drop = "caption"


_LIST_HEADING = re.compile(
    r"^(?:latest|latest news|latest stories|latest headlines|top stories|top news|most read|most popular|"
    r"most viewed|most shared|trending(?: now| stories)?|related(?: stories| articles| news| content| coverage)?|"
    r"more (?:stories|news|from \w+(?: \w+)?)|recommended(?: for you| stories)?|you may also like|"
    r"you might also like|editor.s picks?|popular(?: stories| now)?|in other news|see also|also read|"
    r"read (?:more|next|also)|what to read next|up next|(?:related )?topics|tags|more on this (?:story|topic)|"
    r"explore more on (?:these|this) topics?|more about this story|further reading|around the web|"
    r"from around the web|promoted stories|sponsored stories)[:.]?$", re.I)


def _link_lists(c: Cleaned) -> None:
    """Below a "Latest news" / "Related" heading, the run of headline-like lines is a list of
    links to other stories."""
    lines = c.lines
    for i, ln in enumerate(lines):
        if ln.role == "title" or not _LIST_HEADING.match(ln.text):
            continue
        if not any(x.role == "title" for x in lines[:i]) and any(x.role == "title" for x in lines[i:]):
            continue  # above the headline: handled with the page header
        for nxt in lines[i + 1:]:
            if nxt.role:
                break
            if nxt.drop is None:
                if ends_sentence(nxt.text) or nwords(nxt.text) > 20:
                    break
                nxt.drop = "link list"


def _tail(c: Cleaned) -> None:
    """Up to three short lines with no closing punctuation after the story's last sentence
    (tags, link titles) are dropped, unless they are the items of a list ending the story."""
    run: list[Line] = []
    before = None
    for ln in reversed(c.lines):
        if ln.drop is not None or ln.role is not None:
            continue
        if nwords(ln.text) <= 4 and not ends_sentence(ln.text):
            run.append(ln)
            continue
        before = ln
        break
    if not run or len(run) > 3 or (before is not None and before.text.rstrip().endswith(":")):
        return
    for ln in run:
        ln.drop = "trailing tag"


# -- HTML ---------------------------------------------------------------------------------------


def from_html(html: str) -> tuple[str, dict]:
    """Main text (paragraphs on their own lines) and metadata of an HTML page."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, favor_precision=False,
                               include_tables=True, include_formatting=False, deduplicate=False) or ""
    if not text.strip():
        text = trafilatura.html2txt(html) or ""
    meta: dict = {}
    try:
        m = trafilatura.extract_metadata(html)
    except Exception:  # a page trafilatura cannot read metadata from still has its text
        m = None
    if m is not None:  # its date is htmldate's (original date first): the one date pass
        meta = {k: getattr(m, k, None) for k in ("title", "sitename", "date", "url", "hostname", "author")}
    return text, meta


# -- the document -------------------------------------------------------------------------------


def _join(lines: list[Line]) -> tuple[str, list[list[int]]]:
    parts, paras, pos = [], [], 0
    for ln in lines:
        if parts:
            pos += 2
        paras.append([pos, pos + len(ln.text)])
        parts.append(ln.text)
        pos += len(ln.text)
    return "\n\n".join(parts), paras


def _sources(c: Cleaned, raw: RawDocument, site_name: str | None) -> tuple[str | None, str | None]:
    """(outlet, origin): the page's own outlet and the agency or outlet it reproduces.

    Site names (JSONL field, title suffix, HTML site name, a "Site Name (SN)" in the page's
    disclaimers) come first; then the dateline's credit "(OUTLET/AGENCY)"; then the
    copyright holder (the origin when it differs from the site); then the host name. The
    origin falls back to an "originally published by" line or an agency the sources spoke to."""
    outlet = md.display_name(raw.outlet) if raw.outlet else None
    outlet = outlet or md.outlet_from_site(c.site) or md.outlet_from_site(site_name)
    origin = None
    if outlet is None:
        for ln in c.lines:
            if ln.drop in ("disclaimer", "policy", "copyright"):
                pairs = md.named_in_abbreviation(ln.text)
                if pairs:
                    outlet = md.display_name(pairs[0][0])
                    break

    def offer(name: str | None) -> None:
        nonlocal outlet, origin
        name = md.display_name(name)
        if not name:
            return
        if outlet is None:
            outlet = name
        elif origin is None and not md.same_source(outlet, name):
            origin = name

    if c.dateline and c.dateline.credits:
        cr = c.dateline.credits
        if len(cr) >= 2:
            if outlet is None:
                outlet = md.display_name(cr[0])
            for x in cr[1:]:
                offer(x)
        else:
            offer(cr[0])
    holders = [md.copyright_holder(ln.text) for ln in c.lines if ln.drop == "copyright"]
    holders = [h for h in holders if h]
    if holders:
        offer(holders[-1])
    for ln in c.lines:
        if ln.drop == "credit":
            a = _agency_credit(ln.text)
            if a:
                offer(a.name)
    if outlet is None and c.notes.get("header_site"):
        outlet = md.outlet_from_site(c.notes["header_site"])
    if c.notes.get("byline"):
        for a in md.agencies():
            if re.search(r"\b(?:%s)\b" % "|".join(re.escape(x) for x in (a.name, *a.short)), c.notes["byline"]):
                offer(a.name)
                break
    body = [ln.text for ln in c.body]
    if origin is None:
        for s in body + [ln.text for ln in c.lines if ln.drop]:
            r = md.reproduced_from(s)
            if r and not md.same_source(outlet, r):
                origin = md.display_name(r)
                break
    if origin is None:
        # "an official told AFP": the agency did the reporting. With a known outlet that may
        # be a citation instead, so it counts only when the page also credits the agency.
        a = md.agency_told(" ".join(body))
        credited = a and any(md.agency(x) is a for ln in c.lines if ln.drop in ("image credit", "credit")
                             for x in re.split(r"[/,()\s]+", ln.text) if x)
        if a and not md.same_source(outlet, a.name) and (outlet is None or credited):
            origin = a.display
    if outlet is None:
        outlet = md.outlet_from_url(raw.url)
    return outlet, origin


FURNITURE_ONLY = "no body text left after removing page furniture"  # the reason when every line is furniture
# the reason when the body never mentions its headline (a sign-in wall, a site page, another story)
OFF_HEADLINE = "the body never mentions its headline"
HEADLINE_WORDS = 4  # fewest words of a headline that can be read alone, or checked against its body
HEADLINE_STEMS = 3  # ... and fewest content words
STEM_CHARS = 5  # words compared by their first letters: "shooting" and "shoots", "accidental" and "accidentally"
_CONTENT_WORD = re.compile(r"[^\W\d_][\w'’-]*")


# the words of a page's date ("Updated Tue March 3"): not a headline's content
_DATE_STEMS = frozenset(w[:STEM_CHARS] for w in (*MONTHS, *WEEKDAYS, *(d[:3] for d in WEEKDAYS),
                                                  *" ".join(DATE_LABELS).split()))


def content_stems(text: str) -> set[str]:
    """The content words of a text (no stop words, three letters or more), cut to their first
    ``STEM_CHARS`` letters."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = (w.lower().replace("’", "'") for w in _CONTENT_WORD.findall(text))
    return {w[:STEM_CHARS] for w in words if len(w) > 2 and w not in STOP_WORDS}


def off_headline(title: str | None, body: str) -> bool:
    """Whether a body shares not one content word with its headline (of ``HEADLINE_WORDS``
    words and ``HEADLINE_STEMS`` content words or more, not a date): the page held a sign-in
    wall, a site's own text or another story, not the report the headline names.
    :func:`clean_document` checks it only for a headline given apart from the text (a page's
    title) that the text does not print: a text that prints its headline is that report's."""
    title = (title or "").strip()
    if len(title.split()) < HEADLINE_WORDS or md.date_line(title):
        return False  # a label ("Latest news"), a page's date: not a headline to check
    head = content_stems(title) - _DATE_STEMS
    return len(head) >= HEADLINE_STEMS and not head & content_stems(body)


def clean_document(raw: RawDocument, settings: Settings) -> Document:
    """Clean one raw input into a :class:`Document` with its metadata.

    Raises :class:`InputError` when the input has no body text (before or after cleaning)."""
    meta: dict = {}
    text = raw.text or ""
    if not text.strip() and raw.html and raw.html.strip():
        text, meta = from_html(raw.html)
        if not text.strip():
            raise InputError("no article text found in the HTML page")
    if not text.strip():
        raise InputError("no body text")
    given_title = raw.title or meta.get("title")
    c = clean_lines(text, given_title)
    body = c.body
    if not body:
        raise InputError(f"{FURNITURE_ONLY} ({len(c.lines)} lines, all boilerplate)")
    joined, paras = _join(body)
    if given_title and not c.notes.get("title_in_text") and off_headline(c.title, joined):
        raise InputError(f"{OFF_HEADLINE} ({len(body)} body lines share no word with it)")
    outlet, origin = _sources(c, raw if raw.url or not meta.get("url") else
                              RawDocument(raw.id, raw.source, url=meta.get("url"), outlet=raw.outlet),
                              meta.get("sitename"))
    published = precision = pfrom = None
    for value, where in ((raw.published, "input"), (meta.get("date"), "html")):
        d = md.normalise_date(value) if value else None
        if d:
            published, precision, pfrom = d.iso, d.precision, where
            break
    if published is None and c.date:
        published, precision, pfrom = c.date.iso, c.date.precision, c.date_from
    dropped = [ln.text for ln in c.lines if ln.drop is not None]
    return Document(id=raw.id, title=c.title, outlet=outlet, origin=origin, published=published,
                    dateline=c.dateline.city if c.dateline else None, text=joined, dropped=dropped,
                    source=raw.source, url=raw.url or meta.get("url"), published_precision=precision,
                    published_from=pfrom, paragraphs=paras)
