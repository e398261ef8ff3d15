"""The per-article stage of corpus mode: clean one raw article and compute what clustering
and deduplication need (a vector of its title and lead, names, places, a date, a MinHash).

:func:`prepare_batch` is a plain function over picklable records: the execution engines run
it in worker processes or Ray tasks unchanged. Its cost per article is flat: the vector reads
only the title and lead (``lead_chars``), and spaCy's entity recogniser reads only the lead.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import InputError
from ..lang.en.harm import TOLL_KINDS, TOLL_VERBS
from ..lang.en.names import GENERIC_NAME_WORDS
from ..lang.en.numbers import TENS_W, UNITS_W
from ..lang.en.titles import OFFICIAL_ROLES
from ..model import Document, RawDocument, Skipped
from ..stages.clean import FURNITURE_ONLY, HEADLINE_WORDS, OFF_HEADLINE
from ..stages.numbers import parse_number
from ..stages.timeline import MD_RE, REL_RE, WD_RE, DateMention, month_num, resolve_relative

HASH_DIM = 512
TERM_BITS = 18  # hashed vocabulary of the TF-IDF part: 2**18 term slots
PERSON = ("PERSON",)
PLACE = ("GPE", "LOC", "FAC")
ORG = ("ORG",)
OTHER = ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_URLISH = re.compile(r"^\s*(https?\s*:\s*/\s*/|www\s*\.)\S*(\s+\S+){0,40}?\s*\n", re.I)


@dataclass(frozen=True)
class FeatureConfig:
    """Knobs of the per-article stage (all have defaults; see :class:`CorpusSettings`)."""

    lead_chars: int = 600  # title + this much of the body go to the entity recogniser and the word vector
    embed_chars: int = 300  # title + this much of the body go to MiniLM (its cost grows with length)
    num_perm: int = 128
    shingle: int = 5
    use_embeddings: bool = True
    embed_weight: float = 0.6  # share of the MiniLM vector in the article vector; the rest is lexical
    term_chars: int = 4000  # this much of the body is counted for the TF-IDF comparison
    threads: int = 1


@dataclass
class Article:
    """One cleaned article and its clustering features."""

    seq: int
    doc: Document
    vec: np.ndarray  # L2-normalised float32
    minhash: np.ndarray  # MinHash values (affine32 scheme) of word shingles
    text_hash: str  # exact-duplicate key: hash of the normalised body text
    persons: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    day: int | None = None  # proleptic ordinal of the publication day, when known
    lead: str = ""
    terms: np.ndarray | None = None  # hashed term ids of the text (sorted, unique), for TF-IDF
    tf: np.ndarray | None = None  # their counts
    extra: dict[str, Any] = field(default_factory=dict)
    # the content words of its names that can single out one event: people, organisations,
    # sites (streets, venues, regions), others; not the words of towns and countries
    name_terms: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()  # figures that single out people of the event (ages)


_AGE = re.compile(r"\b(\d{1,3})(?:[- ]years?[- ]old\b|,\s*(?:of\s+\w+\s*,\s*)?(?=(?:was|is|were|and|who)\b))", re.I)


_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_DECIMAL = re.compile(r"(?<![\d.])(\d{1,4}\.\d{1,2})(?![\d.])")


_COUNT_WORDS = {**{k: v for k, v in UNITS_W.items() if v}, **TENS_W}
_COUNT = r"(\d{1,3}|" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + r")"
# a count, up to three words (not a year of age), then an outcome: "three people were killed"
_TOLL = re.compile(r"(?<![\w-])(?<!no )" + _COUNT + r"(?![\w-]*\s*-?\s*years?\b)((?:\s+[a-z][\w'-]*){0,3}?)\s+("
                   + "|".join(sorted(TOLL_KINDS, key=len, reverse=True)) + r")\b", re.I)
_TOLL_VERB = re.compile(r"\b(" + "|".join(TOLL_VERBS) + r")\s+(?:at\s+least\s+)?" + _COUNT + r"\b", re.I)


def _count(word: str) -> int:
    """A whole count written as digits or words (the numbers stage reads it); 0 for anything else."""
    n = parse_number(word)
    return int(n) if n is not None and n == int(n) else 0


def tolls_of(text: str) -> set[str]:
    """Tolls a report states, as "toll:KIND:COUNT" (KIND: dead, hurt, shot): "three people were
    killed", "2 wounded", "killing two"."""
    out = set()
    for m in _TOLL.finditer(text):
        n = _count(m.group(1))
        if 0 < n < 1000 and not any(c in m.group(2) for c in ".,;"):
            out.add(f"toll:{TOLL_KINDS[m.group(3).lower()]}:{n}")
    for m in _TOLL_VERB.finditer(text):
        n = _count(m.group(2))
        if 0 < n < 1000:
            out.add(f"toll:{TOLL_VERBS[m.group(1).lower()]}:{n}")
    return out


def days_of(text: str, day: int | None) -> set[str]:
    """Days a report names, as "day:ORDINAL": a month and day ("May 2", with its year or, when
    the report is dated, the latest such day not after it), and, against the report's own day,
    weekdays, "yesterday" and "today" as the timeline resolves them
    (:func:`storylens.stages.timeline.resolve_relative`)."""
    out = set()
    ref = dt.date.fromordinal(day) if day is not None else None
    for m in MD_RE.finditer(text):
        month, d = month_num(m.group("mon")), int(m.group("day"))
        years = [int(m.group("year"))] if m.group("year") else [ref.year, ref.year - 1] if ref else []
        for y in years:
            try:
                when = dt.date(y, month, d)
            except ValueError:
                break
            if m.group("year") or ref is None or when.toordinal() <= day + 1:
                out.add(f"day:{when.toordinal()}")
                break
    if ref is not None:
        for rx, rel in ((WD_RE, lambda m: ("last " if m.group("last") else "") + m.group("wd").lower()),
                        (REL_RE, lambda m: m.group(0).lower())):
            for m in rx.finditer(text):
                mention = DateMention("", m.start(), m.end(), m.group(0), None, None, None, "day", rel(m))
                got = resolve_relative(mention, ref)
                if got is not None and got[1] == "day":
                    out.add(f"day:{dt.date.fromisoformat(got[0]).toordinal()}")
    return out


def figures_of(text: str, day: int | None = None) -> frozenset[str]:
    """Figures that single out one event among events of the same kind: ages ("a 34-year-old
    man", "Jane Doe, 34, was"), years named (and the latest of them), decimal figures (a
    magnitude, a rate), tolls stated (:func:`tolls_of`) and days named (:func:`days_of`, against
    the report's own ``day`` when known)."""
    out = {f"age:{int(m.group(1))}" for m in _AGE.finditer(text) if 0 < int(m.group(1)) < 110}
    out |= tolls_of(text) | days_of(text, day)
    years = {int(m.group(1)) for m in _YEAR.finditer(text)}
    out |= {f"year:{y}" for y in years}
    if years:  # the latest year named: usually the year of the report
        out.add(f"latest:{max(years)}")
    out |= {f"num:{m.group(1)}" for m in _DECIMAL.finditer(text)}
    return frozenset(out)


def normalise_text(text: str) -> str:
    """Lower case, single spaces: the key for exact duplicates and shingles."""
    return _SPACE.sub(" ", text.lower()).strip()


def day_of(published: str | None) -> int | None:
    """The day ordinal of an ISO date ("2024-05-01", "2024-05-01T10:00Z"); None when vaguer."""
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def lead_of(doc: Document, chars: int) -> str:
    """Title and the first paragraphs of the body, up to about ``chars`` characters."""
    body = doc.text[: chars * 2]
    if doc.title:
        body = _URLISH.sub("", body, count=1)
        head = body[: len(doc.title) + 5].lower()
        if doc.title.lower()[:40] in head:  # the body repeats the title: do not count it twice
            body = body[len(doc.title):].lstrip()
    cut = body[:chars]
    if len(body) > chars:
        stop = cut.rfind(". ")
        cut = cut[: stop + 1] if stop > chars // 2 else cut
    return ((doc.title or "").strip() + "\n" + cut).strip()


def name_key(text: str) -> str:
    """A comparable form of a name: lower case, no leading article or possessive."""
    t = _SPACE.sub(" ", text.replace("’", "'")).strip().lower()
    t = re.sub(r"^(the|a|an) ", "", t)
    t = re.sub(r"'s$", "", t)
    return t.strip(" .,-'\"")


def minhash_of(text: str, num_perm: int, shingle: int) -> np.ndarray:
    """MinHash values (datasketch's permutations) of the word shingles of a text."""
    from datasketch import MinHash

    words = _TOKEN.findall(text.lower())
    m = MinHash(num_perm=num_perm, seed=1, scheme="affine32")
    grams = {" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return m.hashvalues.copy()


def hashed_vector(lead: str, names: list[str]) -> np.ndarray:
    """A signed hashed bag of words of the lead (names count twice), L2-normalised."""
    v = np.zeros(HASH_DIM, dtype=np.float32)
    from spacy.lang.en.stop_words import STOP_WORDS

    toks = [w.lower() for w in _WORD.findall(lead)]
    toks = [t for t in toks if len(t) > 2 and t not in STOP_WORDS]
    for t in toks + names + names:
        h = zlib.crc32(t.encode("utf-8"))
        v[h % HASH_DIM] += 1.0 if (h >> 16) & 1 else -1.0
    n = float(np.linalg.norm(v))
    return v / n if n else v


def term_id(token: str) -> int:
    """The hashed id of a (lower-case) term."""
    return zlib.crc32(token.encode("utf-8")) & ((1 << TERM_BITS) - 1)


def name_words(name: str) -> list[str]:
    """The words of a name as :func:`term_counts` counts them (content words, lower case)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return [t for t in (w.lower() for w in _WORD.findall(name)) if len(t) > 2 and t not in STOP_WORDS]


def term_counts(text: str, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed ids and counts of the content words of a text (names count as one term each)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    toks = [w.lower() for w in _WORD.findall(text)]
    toks = [t for t in toks if len(t) > 2 and t not in STOP_WORDS] + ["#" + n for n in names]
    mask = (1 << TERM_BITS) - 1
    ids = np.fromiter((zlib.crc32(t.encode("utf-8")) & mask for t in toks), dtype=np.uint32, count=len(toks))
    uniq, counts = np.unique(ids, return_counts=True)
    return uniq, counts.astype(np.float32)




def _official(ent: Any) -> bool:
    """Whether a person is named with an office: a role word just before the name, at its
    start, or in an apposition after it ("Ruth Okafor, a police spokeswoman")."""
    doc = ent.doc
    if ent and ent[0].lower_.strip(".") in OFFICIAL_ROLES:
        return True
    i = ent.start - 1  # the words right before the name: roles and capitalised words ("Police Chief")
    while i >= max(0, ent.start - 4):
        w = doc[i].lower_.strip(".")
        if w in OFFICIAL_ROLES:
            return True
        if not (doc[i].is_title or doc[i].text.isupper()) or doc[i].is_sent_start:
            break
        i -= 1
    after = doc[ent.end: ent.end + 5]
    if len(after) and after[0].text == ",":
        for t in after[1:]:
            if t.lower_.strip(".") in OFFICIAL_ROLES:
                return True
            if t.is_punct:
                break
    return False


def _entities(nlp_doc: Any) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"persons": set(), "places": set(), "orgs": set(), "others": set(),
                                "gpes": set(), "officials": set()}
    for ent in nlp_doc.ents:
        key = name_key(ent.text)
        if len(key) < 2:
            continue
        if ent.label_ in PERSON:
            out["persons"].add(key)
            if _official(ent):
                out["officials"].add(key)
            parts = key.split()
            if len(parts) > 1:  # "jane doe" is also "doe" in later mentions
                out["persons"].add(parts[-1])
        elif ent.label_ in PLACE:
            out["places"].add(key)
            if ent.label_ == "GPE":
                out["gpes"].add(key)
        elif ent.label_ in ORG:
            out["orgs"].add(key)
        elif ent.label_ in OTHER:
            out["others"].add(key)
    return out




def name_terms_of(ents: dict[str, set[str]], exclude: str = "") -> frozenset[str]:
    """The content words of the names that can single out one event (people, organisations,
    sites, others), less the words of towns and countries and of officials' names (see
    :func:`_entities`), generic words (``GENERIC_NAME_WORDS``) and the words of ``exclude``
    (the outlet's own name)."""
    coarse = {w for g in ents["gpes"] | ents["officials"] for w in name_words(g)}
    coarse |= set(name_words(exclude))
    fine = ents["persons"] | ents["orgs"] | ents["others"] | (ents["places"] - ents["gpes"])
    return frozenset(w for n in fine for w in name_words(n)) - coarse - GENERIC_NAME_WORDS


def _clip(text: str, chars: int) -> str:
    """At most ``chars`` characters, cut at a sentence end when one is near."""
    if len(text) <= chars:
        return text
    cut = text[:chars]
    stop = cut.rfind(". ")
    return cut[: stop + 1] if stop > chars // 2 else cut


def _embed(texts: list[str], cfg: FeatureConfig) -> np.ndarray | None:
    if not cfg.use_embeddings or not texts:
        return None
    from .. import embeddings

    if not embeddings.available():
        return None
    try:
        embeddings.set_threads(cfg.threads)
    except Exception:  # already started with another count: keep it
        pass
    return np.asarray(embeddings.embed(texts), dtype=np.float32)


def entity_only(nlp: Any) -> list[str]:
    """The pipes clustering does not need: all but the entity recogniser (and the paragraph
    breaks), unless the recogniser listens to a shared ``tok2vec`` (then that one stays)."""
    keep = {"ner", "storylens_paragraph_breaks"}
    if "ner" in nlp.pipe_names:
        t2v = nlp.get_pipe("ner").model.get_ref("tok2vec") if nlp.get_pipe("ner").model.has_ref("tok2vec") else None
        if t2v is not None and "Listener" in t2v.name:
            keep.add("tok2vec")
    return [p for p in nlp.pipe_names if p not in keep]


def _headline_only(raw: RawDocument, exc: InputError, settings: Settings, steps: Any) -> "Document | None":
    """A page whose every line is furniture (a list of videos, links), or whose body never
    mentions its headline (a sign-in wall, a site's own text), still has the report's headline:
    the article is read as its headline alone (None when it has none, or a short one)."""
    from ..pipeline import prepare_document

    title = (raw.title or "").strip()
    if not str(exc.reason).startswith((FURNITURE_ONLY, OFF_HEADLINE)) or len(title.split()) < HEADLINE_WORDS:
        return None
    try:
        return prepare_document(replace(raw, text=title), settings, steps)
    except Exception:
        return None


def prepare_batch(items: list[tuple[int, RawDocument]], settings: Settings,
                  cfg: FeatureConfig) -> list[Article | Skipped]:
    """Clean each raw article and compute its features; failures become Skipped (same order)."""
    from ..nlp import get_nlp
    from ..pipeline import document_steps, prepare_document

    out: list[Article | Skipped | None] = [None] * len(items)
    ok: list[tuple[int, int, Document, str]] = []
    steps = document_steps()  # as analyze: cleaning, then the language
    for i, (seq, raw) in enumerate(items):
        try:
            doc = prepare_document(raw, settings, steps)
        except InputError as exc:
            doc = _headline_only(raw, exc, settings, steps)
            if doc is not None:
                ok.append((i, seq, doc, lead_of(doc, cfg.lead_chars)))
                continue
            out[i] = Skipped(raw.source, exc.reason, line=exc.line, stage=exc.stage or "clean",
                             language=exc.language)
            continue
        except Exception as exc:  # a cleaning bug must not stop a corpus run
            out[i] = Skipped(raw.source, f"cleaning failed: {type(exc).__name__}: {exc}", stage="clean")
            continue
        if not doc.text.strip():
            out[i] = Skipped(raw.source, "no body text after cleaning", stage="clean")
            continue
        ok.append((i, seq, doc, lead_of(doc, cfg.lead_chars)))
    if ok:
        nlp = get_nlp()
        disable = entity_only(nlp)
        # copies in the batch (the same lead, the same text to encode) are worked out once
        leads = list(dict.fromkeys(x[3] for x in ok))
        by_lead = dict(zip(leads, nlp.pipe(leads, batch_size=64, disable=disable)))
        parsed = [by_lead[x[3]] for x in ok]
        clips = [_clip(x, cfg.embed_chars + len(d.title or "")) for _, _, d, x in ok]
        uniq = list(dict.fromkeys(clips))
        emb = _embed(uniq, cfg)
        if emb is not None and len(uniq) < len(clips):
            at = {t: k for k, t in enumerate(uniq)}
            emb = emb[[at[t] for t in clips]]
        for k, ((i, seq, doc, lead), pd) in enumerate(zip(ok, parsed)):
            ents = _entities(pd)
            names = sorted(ents["persons"] | ents["places"] | ents["orgs"])
            lex = hashed_vector(lead, names)
            if emb is not None:
                w = cfg.embed_weight
                vec = np.concatenate([emb[k] * np.sqrt(w), lex * np.sqrt(1 - w)]).astype(np.float32)
            else:
                vec = lex
            n = float(np.linalg.norm(vec))
            vec = np.round(vec / n if n else vec, 5).astype(np.float32)
            terms, tf = term_counts(((doc.title or "") + "\n" + doc.text)[: cfg.term_chars], names)
            out[i] = Article(
                seq=seq, doc=doc, vec=vec, minhash=minhash_of(doc.text, cfg.num_perm, cfg.shingle),
                text_hash=hashlib.sha1(normalise_text(doc.text).encode("utf-8")).hexdigest(),
                persons=frozenset(ents["persons"]), places=frozenset(ents["places"]),
                orgs=frozenset(ents["orgs"]), others=frozenset(ents["others"]),
                day=day_of(doc.published), lead=lead, terms=terms, tf=tf,
                name_terms=name_terms_of(ents, " ".join(x for x in (doc.outlet, doc.origin) if x)),
                figures=figures_of(((doc.title or "") + "\n" + doc.text)[: cfg.term_chars], day_of(doc.published)))
    return [x for x in out if x is not None]
