"""Online, incremental event clustering.

Each new article is compared with the events that are still open, never with all earlier
articles. Its candidates are the open events nearest to its vector (MiniLM of the title and
lead, blended with a hashed bag of its words), those sharing rare name words with it, and
archived events sharing them. For each candidate a model (``scorer="model"``, the default;
``storylens/data/join_model.json``, fitted on labelled streams by ``bench/fit_join.py``: logistic
parts, or gradient-boosted trees) gives the probability that the article reports the same
event, from pair features (:data:`FEATURES`): the vector similarity to the event's centroid and
closest member, the TF-IDF cosine of the body, name words shared (weighted by how many events
name them, so a big story's names are not taken for common ones), places, ages and years shared
or in conflict, days named and tolls stated in conflict with the event's, a day named that is
one of the event's (``day_match``), the words of a later step (an arrest, a charge, a court, a
funeral: :func:`later_steps`) in the article's title and lead (for dated pairs, weighed against
the date gap and the margins: a follow-up that leads its candidates days or weeks later), the
date gap, and the margin over the best other candidate (or over the model's typical runner-up when none comes that
close, so a middling candidate among few open events does not look like a clear winner; a
dated article's rivals are the candidates whose days come within ``rival_days`` of its own, so
that events of other months, open in a stream out of date order, are not its rivals). The
article joins the most probable event when the probability reaches the model's threshold (or
``join_probability``), else starts a new one; dates more than ``follow_days`` apart never join.

``scorer="rules"`` keeps the hand-set score: vector and TF-IDF similarity, a bonus for names
shared with the event, and a malus for conflicting names (an article naming other people than
an event does is probably about another event of the same kind). Dates, when known, must fall
within ``window_days`` of the event. The article joins the best event whose score reaches
``threshold``, or starts a new one. The hand-set score is also one of the model's features.

Events close when no article has joined them for ``close_after`` articles, or (with dates)
when the stream's clock (the median day of recent dated articles, robust to stray dates and to
streams that are not in date order) is more than ``close_days`` past the event's last day and
no article joined it in ``min_idle`` articles.
Closed events leave memory, so the cost per article is flat as the corpus grows.
A small event (``second_look`` articles or fewer) takes a second look as it closes: the model
scores its articles again against the events then open or archived, which may have grown since
(later reports naming a follow-up's people) or begun after it (a stream out of date order), and
merges it into the one every article would join (:attr:`Clusterer.merged` lists the merges for
the caller to relabel their articles).
An event of ``split`` articles or more is tested as it closes for two events in one (two
reports of the same kind of incident, years or places apart, joined through the one that
looked like both): a logistic model over article-article pair features (``SPLIT_FEATURES``:
vector and TF-IDF similarity, rare names, people, places and years shared or in conflict, the
day gap; ``storylens/data/split_model.json``, fitted by ``bench/split_events.py``) gives the
probability that two of its articles report one event, average linkage cuts the event in two
groups, and the event is split when a second, event-level logistic over the cut
(:func:`cut_features`: the groups' mean probability between and within, their sizes) gives
the model's ``event_threshold`` or more (a model without one: when the two groups' mean pair
probability is under its threshold; :attr:`Clusterer.splits` lists the articles moved to the
new event).
An event that closes and is not split is compared with the ``merge`` open events nearest its
centroid whose articles are all kept (not two dated events, unless ``merge_dated``): the split
model's pair probabilities between the two events' first ``merge_sample`` articles give
:data:`MERGE_FEATURES` (:func:`merge_features`: the features of that cut, the highest
probability between them and the share at 0.5 or more, the centroids' cosine, the days between
them), and a logistic (``storylens/data/merge_model.json``, fitted by ``bench/merge_events.py``)
merges it into the most probable one at its threshold (listed in :attr:`Clusterer.merged`, as a
second look's merges). The event merged into is still open, and takes the split test when it
closes, which may undo a wrong merge.

Follow-ups (the rules scorer; the model learns its own): a report weeks or months later (an arrest, a hearing, a sentence) is worded
unlike its event's first reports and names new people. What ties it to the event is names:
``evidence_words`` or more name words (of people, sites, organisations; not of towns, officials
or the outlet) that it shares with the event, rare in the stream and mostly that event's. Such
evidence cancels the new-people conflict, adds ``evidence_weight`` when both have dates, lets
the report join outside the date window (up to ``follow_days`` after the event's first day),
and finds the event among the open ones even when it is not among the nearest in wording, or
in a bounded archive of closed events (``archive``), which it then reopens. With the model, an
archived event that shares a place and an age with the report is a candidate too
(``place_age_lookup``): a charge or a trial months later often names the suspects and not the
victim, and shares no rare name word with its event.
"""
from __future__ import annotations

import functools
import heapq
import json
import re
import zlib
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import numpy as np

from ..fitted import BoostedTrees, Logistic
from ..lang.en.procedure import LATER_STEP_WORDS
from .features import TERM_BITS, Article, name_words, term_id

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "join_model.json"
SPLIT_FILE = Path(__file__).resolve().parent.parent / "data" / "split_model.json"
MERGE_FILE = Path(__file__).resolve().parent.parent / "data" / "merge_model.json"
# features of two events, for the merge test as one of them closes (see merge_features)
MERGE_FEATURES = ("between", "within", "within_less_between", "log_smaller", "log_larger", "smaller_share",
                  "between_max", "between_share", "centroid", "day_gap", "nodate")
# pair features of two articles of one event, for the split test as it closes (see split_pairs)
SPLIT_FEATURES = ("vcos", "tcos", "rare_shared", "rare_only", "persons_shared", "person_conflict", "places_shared",
                  "place_conflict", "year_shared", "year_conflict", "latest_gap", "nodate", "day_gap",
                  "names_in_text")
FEATURES = (
    "cent", "mem", "bg", "tcos", "rare_names", "shared_names", "article_names", "places", "person_conflict",
    "place_conflict", "gap_2_3", "gap_4_7", "gap_8_30", "gap_31_90", "gap_91", "gap_names", "nodate",
    "figures", "figures_conflict", "event_size", "archived", "rules_score", "core_conflict",
    "years", "years_conflict", "decimals", "undated_person_conflict", "undated_core_conflict",
    "undated_place_conflict", "undated_years_conflict", "core_absent", "person_support", "latest_gap",
    "latest_same", "names_in_text", "sites_in_text", "names_in_event_text", "day_conflict", "toll_conflict",
    "day_match", "later_steps",
    "tcos_margin", "mem_margin", "rare_margin", "rules_margin",
)
_NODATE = FEATURES.index("nodate")
_MARGINS = (("tcos", "tcos_margin"), ("mem", "mem_margin"), ("rare_names", "rare_margin"),
            ("rules_score", "rules_margin"))


class _Linear(Logistic):
    """One part of the join model: a :class:`~storylens.fitted.Logistic` over standardised
    :data:`FEATURES`, with its own join probability when it was chosen (None: the model's)."""

    def __init__(self, data: dict):
        super().__init__(data)
        self.threshold = data.get("threshold")


class JoinModel:
    """The probability that an article belongs to a candidate event: logistic regression over
    :data:`FEATURES` (standardised), with weights fitted by ``bench/fit_join.py``. A pair where
    both the article and the event have dates is scored by the ``dated`` part, any other pair
    by the ``undated`` part, each fitted on pairs of its kind (a news feed's dates tell
    follow-ups from new events of the same kind; an undated archive has only its words); a
    model with one part scores every pair with it."""

    def __init__(self, data: dict):
        if list(data["features"]) != list(FEATURES):
            raise ValueError("join model features do not match this version")
        # a tree model (gradient-boosted trees over every pair, dated or not: the trees split
        # on ``nodate`` themselves) has a join probability per kind of pair, chosen on streams of
        # that kind
        self.kind_thresholds: dict[str, float] = {}
        if data.get("trees"):
            self.parts: "dict[str, _Linear | BoostedTrees]" = {"all": BoostedTrees(data["trees"])}
            self.parts["all"].threshold = None  # type: ignore[union-attr]
            self.kind_thresholds = {k: float(v) for k, v in (data.get("thresholds") or {}).items()}
            if set(self.kind_thresholds) - {"dated", "undated"}:
                raise ValueError("join model thresholds are for 'dated' and 'undated' pairs")
        else:
            parts = data.get("parts") or {"all": data}
            if set(parts) not in ({"all"}, {"dated", "undated"}):
                raise ValueError("join model parts are 'dated' and 'undated', or one model")
            self.parts = {k: _Linear(v) for k, v in parts.items()}
        # products of two features the model also weighs (interactions it was fitted with, as
        # similarity x date gap: wording counts for less in a report weeks later); none: linear
        known = set(FEATURES)
        if any(f not in known or g not in known for f, g in data.get("products") or ()):
            raise ValueError("join model products name features this version does not have")
        self.products = [(FEATURES.index(f), FEATURES.index(g)) for f, g in data.get("products") or ()]
        self.threshold = float(data.get("threshold", 0.5))
        # the typical runner-up of each margin feature (see Clusterer.candidate_matrix); None: none
        self.rival = np.asarray(data["rival"], dtype=np.float64) if data.get("rival") is not None else None
        if self.rival is not None and self.rival.shape != (len(_MARGINS),):
            raise ValueError("join model rival has one value per margin feature")

    def part(self, row: np.ndarray) -> "_Linear | BoostedTrees":
        """The part that scores a pair (its features)."""
        if "all" in self.parts:
            return self.parts["all"]
        return self.parts["undated" if row[_NODATE] else "dated"]

    def threshold_for(self, row: np.ndarray) -> float:
        """The join probability a pair needs: that of its part (each chosen on streams of its
        kind), else the model's."""
        own = self.kind_thresholds.get("undated" if row[_NODATE] else "dated")
        if own is None:
            own = getattr(self.part(row), "threshold", None)
        return self.threshold if own is None else float(own)

    def expand(self, x: np.ndarray) -> np.ndarray:
        """Rows of :data:`FEATURES` with the model's product columns added."""
        return with_products(x, self.products)

    def prob(self, x: np.ndarray) -> np.ndarray:
        x = self.expand(x)
        if "all" in self.parts:
            return self.parts["all"].prob(x)
        out = np.empty(len(x), dtype=np.float64)
        undated = x[:, _NODATE] != 0
        for kind, rows in (("undated", undated), ("dated", ~undated)):
            if rows.any():
                out[rows] = self.parts[kind].prob(x[rows])
        return out


def with_products(x: np.ndarray, products: "Iterable[tuple[int, int]]") -> np.ndarray:
    """Rows of :data:`FEATURES` with a column for the product of each pair of columns (i, j)."""
    x = np.atleast_2d(x)
    cols = [(x[:, i] * x[:, j])[:, None] for i, j in products]
    return np.hstack([x] + cols) if cols else x


def with_margins(base: np.ndarray, rival: "np.ndarray | None" = None,
                 rivals: "np.ndarray | None" = None) -> np.ndarray:
    """One article's candidates (rows of pair features, the :data:`FEATURES` before the
    margins) with the margin columns added: each candidate's value minus the best rival's (see
    :meth:`Clusterer.candidate_matrix`). ``rivals`` (a mask over the rows; None: every row)
    says which other candidates count as rivals."""
    cols = [base]
    for i, (name, _) in enumerate(_MARGINS):
        v = base[:, FEATURES.index(name)]
        vm = v if rivals is None else np.where(rivals, v, -np.inf)
        top = int(np.argmax(vm))
        other = np.full_like(v, vm[top])  # every row's best rival is the top one, the top's the next
        other[top] = np.delete(vm, top).max(initial=-np.inf)
        if rival is not None:
            other = np.maximum(other, rival[i])
        else:  # no rival but itself (a lone candidate): no margin, not its whole value (the first
            # event of a stream would look far ahead of any rival and take every report)
            other = np.where(np.isfinite(other), other, v)
        cols.append((v - other)[:, None])
    return np.hstack(cols)


@functools.lru_cache(maxsize=None)
def fitted_model(kind: type, path: str):
    """The fitted model file at ``path``, read once into ``kind`` (a JSON file; a script that
    rewrites one calls ``fitted_model.cache_clear()``)."""
    return kind(json.loads(Path(path).read_text(encoding="utf-8")))


def join_model(path: "str | Path" = MODEL_FILE) -> JoinModel:
    return fitted_model(JoinModel, str(path))


class SplitModel(Logistic):
    """The probability that two articles of one event report the same event (logistic over
    :data:`SPLIT_FEATURES`), and the split decision: an event cut in two groups (average
    linkage over the pair probabilities) is split when each holds ``min_part`` articles or more
    and the event-level logistic over :func:`cut_features` gives ``event_threshold`` or more
    (a model without one: when the groups' mean pair probability is under ``threshold``)."""

    def __init__(self, data: dict):
        if list(data["features"]) != list(SPLIT_FEATURES):
            raise ValueError("split model features do not match this version")
        super().__init__(data)
        self.threshold = float(data["threshold"])
        self.min_part = int(data.get("min_part", 2))
        # an event-level decision (logistic over cut_features; split at event_threshold or more)
        self.event = Logistic(data["event"]) if data.get("event") else None
        self.event_threshold = float(data.get("event_threshold", 0.5))

    def groups(self, n: int, idx: "list[tuple[int, int]]", p: np.ndarray) -> "list[int] | None":
        """Group labels (0 or 1; the first article in group 0) of n articles whose pairs
        ``idx`` have probabilities ``p``, when the event is to be split; else None."""
        P = pair_matrix(n, idx, p)
        lab = two_groups(P)
        return [int(v != lab[0]) for v in lab] if self.splits(P, lab) else None

    def splits(self, P: np.ndarray, lab: np.ndarray) -> bool:
        """Whether a cut in two (labels 0 / 1) of items of pair probabilities ``P`` is a split:
        each group holds ``min_part`` items or more, and the event-level model gives it
        ``event_threshold`` or more (without one: the groups' mean probability is under
        ``threshold``)."""
        a, b = np.flatnonzero(lab == 0), np.flatnonzero(lab == 1)
        if min(len(a), len(b)) < self.min_part:
            return False
        if self.event is not None:
            return float(self.event.prob([cut_features(P, lab)])[0]) >= self.event_threshold
        return bool(P[np.ix_(a, b)].mean() < self.threshold)


def pair_matrix(n: int, idx: "list[tuple[int, int]]", p: np.ndarray) -> np.ndarray:
    """The symmetric n x n matrix of the pair probabilities ``p`` of the pairs ``idx`` (0 on
    the diagonal)."""
    P = np.zeros((n, n))
    for (i, j), v in zip(idx, p):
        P[i, j] = P[j, i] = v
    return P


def two_groups(P: np.ndarray) -> np.ndarray:
    """Average linkage of the items of pair probabilities ``P`` (see :func:`pair_matrix`) down
    to two groups; a label (0 or 1) per item."""
    n = len(P)
    S = P.copy()
    np.fill_diagonal(S, 1.0)
    parts = [[i] for i in range(n)]
    while len(parts) > 2:
        sizes = np.array([len(q) for q in parts], dtype=np.float64)
        avg = S / np.outer(sizes, sizes)
        np.fill_diagonal(avg, -1.0)
        bi, bj = divmod(int(np.argmax(avg)), len(parts))
        bi, bj = min(bi, bj), max(bi, bj)
        parts[bi] += parts.pop(bj)
        S[bi, :] += S[bj, :]
        S[:, bi] += S[:, bj]
        S = np.delete(np.delete(S, bj, 0), bj, 1)
    lab = np.zeros(n, dtype=int)
    if len(parts) == 2:
        lab[parts[1]] = 1
    return lab


def cut_features(P: np.ndarray, lab: np.ndarray) -> list[float]:
    """Features of a cut in two (labels 0 / 1) of items of pair probabilities ``P``: the mean
    probability between the groups, within them (the pairs of both groups), their difference,
    and the groups' sizes (log of the smaller, of the larger, the smaller's share)."""
    a, b = lab == 0, lab == 1
    between = float(P[np.ix_(a, b)].mean()) if a.any() and b.any() else 1.0
    tri = np.triu(np.ones(P.shape, dtype=bool), 1)
    w = tri & ((a[:, None] & a[None, :]) | (b[:, None] & b[None, :]))
    within = float(P[w].mean()) if w.any() else 1.0
    lo, hi = sorted((int(a.sum()), int(b.sum())))
    return [between, within, within - between, float(np.log(max(lo, 1))), float(np.log(hi)), lo / len(lab)]


def split_model(path: "str | Path" = SPLIT_FILE) -> SplitModel:
    return fitted_model(SplitModel, str(path))


class MergeModel(Logistic):
    """The probability that two events report one event (logistic over :data:`MERGE_FEATURES`,
    fitted by ``bench/merge_events.py``); two events are merged at ``threshold`` or more."""

    def __init__(self, data: dict):
        if list(data["features"]) != list(MERGE_FEATURES):
            raise ValueError("merge model features do not match this version")
        super().__init__(data)
        self.threshold = float(data["threshold"])


def merge_model(path: "str | Path" = MERGE_FILE) -> MergeModel:
    return fitted_model(MergeModel, str(path))


def merge_features(P: np.ndarray, na: int, centroid: float, days: "tuple[int, int] | None") -> list[float]:
    """:data:`MERGE_FEATURES` of two events whose (sampled) articles, the first ``na`` of one and
    the rest of the other, have pair probabilities ``P``: the features of that cut
    (:func:`cut_features`), the highest pair probability between them and the share of those
    pairs at 0.5 or more, their centroids' cosine, the days between their spans (``days``:
    both spans' ends; None when either is undated)."""
    lab = np.zeros(len(P), dtype=int)
    lab[na:] = 1
    between = P[:na, na:]
    gap = 0.0 if days is None else float(np.log1p(min(max(days[0], days[1], 0), 365)))
    return cut_features(P, lab) + [float(between.max()), float((between >= 0.5).mean()), centroid, gap,
                                   float(days is None)]


ARCHIVE_NAMES = 12  # names (and name words) of each kind kept per archived event
ARCHIVE_TERMS = 64  # TF-IDF centroid terms kept per archived event


def word_id(word: str) -> int:
    """The document-frequency slot of a name word (apart from plain text terms), counted like
    terms as articles are read."""
    return term_id("@" + word)


def spread_id(word: str) -> int:
    """The slot counting the events (not articles) that ever named a name word or a place: a
    big story's names count once, however many of its reports arrive together."""
    return term_id("%" + word)


def placed_id(word: str) -> int:
    """The slot counting the articles placed in events so far that name the word."""
    return term_id("!" + word)


def dot_sparse(ia: np.ndarray, wa: np.ndarray, ib: np.ndarray, wb: np.ndarray) -> float:
    """Dot product of two sparse vectors given as sorted unique ids and weights."""
    _, xa, xb = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
    return float(np.dot(wa[xa], wb[xb])) if len(xa) else 0.0


def in_text(name: str, terms: set[int]) -> bool:
    """Whether every content word of a name occurs among an article's hashed text terms."""
    words = [w for w in name_words(name)]
    return bool(words) and all(term_id(w) in terms for w in words)


_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def later_steps(a: Article) -> float:
    """How many distinct words of a later step (an arrest, a charge, a court, the victim's
    death or funeral: ``LATER_STEP_WORDS``) the article's title and lead hold, at most 3 (an
    article without its text keeps the count it had, in ``extra``)."""
    if "later_steps" in a.extra:
        return float(a.extra["later_steps"])
    text = a.lead or a.doc.title or ""
    return float(min(3, len({w for w in _WORDS.findall(text.lower()) if w in LATER_STEP_WORDS})))


def _slim(a: Article) -> Article:
    """An article without its text and MinHash (the pair features read only its vectors,
    terms, names, figures and its count of :func:`later_steps`)."""
    return replace(a, doc=replace(a.doc, text="", paragraphs=[], dropped=[]), lead="",
                   extra={"later_steps": later_steps(a)}, minhash=a.minhash[:0])


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float = 0.45  # join score needed; lower merges more
    name_weight: float = 0.2  # bonus for names (people, places, organisations) shared with the event
    person_conflict: float = 0.3  # malus when the article names people of its own and none of the event's
    place_conflict: float = 0.05  # the same for places
    window_days: int = 3  # an article more than this many days from an event's first day cannot join it
    close_after: int = 3000  # an event closes when no article joined it in this many articles
    close_days: int = 7  # ... or when the stream clock is this many days past its last article
    clock_span: int = 65  # the stream clock is the median day of this many recent dated articles
    min_idle: int = 300  # ... and no article joined it in this many articles
    disorder: float = 0.2  # ... and at most this share of the recent dated articles are older than that (a stream in date order)
    candidates: int = 24  # open events scored in full per article (the nearest centroids)
    day_candidates: int = 8  # ... and the nearest of those that began within window_days of its day
    members: int = 6  # recent member vectors kept per event
    lexical_weight: float = 0.5  # share of the TF-IDF cosine (whole text) in the similarity; the rest is the vector
    event_terms: int = 300  # heaviest TF-IDF terms kept per event centroid
    background: bool = True  # subtract the article's mean vector similarity to all open events (the stream's topic)
    text_conflict: bool = True  # a main name of the event found anywhere in the article's text cancels a conflict
    distinct_share: float = 0.03  # names in more than this share of the articles seen are too common to tell events apart
    merge_threshold: float = 1.0  # open events whose centroids score this much are merged (1 or more: never)
    # follow-ups: a report weeks or months later (an arrest, a trial) joins its event only on
    # strong name evidence: this many rare name words (of people, sites, organisations; not
    # towns) shared with the event
    evidence_words: int = 2
    evidence_weight: float = 0.2  # bonus for that much evidence (in proportion below it)
    follow_days: int = 1095  # ... and at most this many days after the event's first day (0: no follow-ups; three years: a trial or a sentence)
    archive: int = 5000  # closed events kept (compactly, about 8 KB each) for follow-ups to reopen; 0: none
    # the join decision: "model" (a logistic model over pair features, fitted on labelled streams;
    # storylens/data/join_model.json) or "rules" (the hand-set score above)
    scorer: str = "model"
    join_probability: float = 0.0  # model: join when the probability reaches this (0: the model's own)
    lookup_words: int = 1  # model: events sharing this many rare name words with an article are candidates too
    # model: archived events sharing a place and an age with an article are candidates too (at
    # most this many; 0: none): a charge or a trial months later often names the suspects but
    # not the victim, and is tied to its event by the town and the victim's age
    place_age_lookup: int = 8
    model_file: str = ""  # another fitted join model (JSON, as bench/fit_join.py writes); empty: the built-in one
    # model: an event of at most this many articles takes a second look when it closes: its
    # articles are scored again against the events then open or archived (which may have grown
    # since, or begun after it), and it is merged into the most probable one when the model
    # would join them (0: no second look)
    second_look: int = 2
    # model: an event of at least this many articles is tested as it closes for two events in
    # one, and split when the split model says so (0: never; see the module docstring); its
    # first ``split_keep`` articles are kept for the test (slim: without their text), and an
    # event with more is not tested
    split: int = 4
    split_keep: int = 64
    split_file: str = ""  # another fitted split model (JSON, as bench/split_events.py writes); empty: the built-in one
    # model: an event that closes (and is not split) is compared with this many open events
    # nearest in vector, by the split model's pair probabilities between their kept articles
    # (at most ``merge_sample`` of each), and merged into the most probable one when the merge
    # model says so (0: never); the event merged into still takes the split test as it closes
    merge: int = 8
    merge_sample: int = 12
    # ... also two dated events (off: on dated streams merging gained nothing, and it merged
    # distinct events of one kind, day and town that the split model cannot tell apart)
    merge_dated: bool = False
    merge_file: str = ""  # another fitted merge model (JSON, as bench/merge_events.py writes); empty: the built-in one
    # model: a dated article's margins are taken over the candidates whose days come within this
    # many days of its own (0: over every candidate); in date order the events further away have
    # mostly closed, out of date order they stay open and would crowd every margin
    rival_days: int = 30


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
    tids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))  # TF-IDF centroid: term ids (sorted)
    tw: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # ... and summed weights
    tnorm: float = 0.0
    keys: list[str] = field(default_factory=list)  # article keys, to relabel them when merged
    words: Counter = field(default_factory=Counter)  # name words of its articles (see Article.name_terms)
    reopened: int = 0  # times a follow-up reopened it after it closed
    figures: Counter = field(default_factory=Counter)  # figures (ages) stated in its articles


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
        self.recent_days: list[int] = []  # the clock window (a median is robust to stray dates)
        self.df = np.zeros(1 << TERM_BITS, dtype=np.int32)  # document frequency of hashed terms
        self.ndocs = 0
        self.bg_recent: list[float] = []
        self.observed: set[int] = set()  # seqs counted by observe() and not assigned yet
        self.archive: "OrderedDict[str, OpenEvent]" = OrderedDict()  # closed events, oldest first
        self.by_word: dict[str, set[str]] = {}  # name word -> ids of the open and archived events naming it
        self.by_place_age: dict[str, set[str]] = {}  # place and age -> ids of the archived events naming both
        self.lookback: dict[str, list[Article]] = {}  # small open events -> their articles (slim: no text)
        # events merged on a second look as they closed, for the caller to relabel their articles:
        # (from, into, keys of the articles of the event merged)
        self.merged: list[tuple[str, str, list[str]]] = []
        self.kept: dict[str, list[tuple[str, Article]]] = {}  # open events -> (key, slim article), for the split and merge tests
        # events split as they closed, for the caller to relabel the articles moved: (from, new
        # event, keys of the articles moved)
        self.splits: list[tuple[str, str, list[str]]] = []
        self.split_log: "list | None" = None  # when a list: (event, keys, pair features, pairs) of every event tested
        # when a list: (closing event, its keys, candidate event, its keys, merge features) of every pair compared
        self.merge_log: "list | None" = None

    def _background(self, sims: np.ndarray) -> float:
        """The stream's background vector similarity: the mean similarity of recent articles to
        the open events other than their nearest, shrunk towards 0 while few are known."""
        vals = np.sort(np.fromiter((sims[e.slot] for e in self.open.values()), dtype=np.float64))
        if len(vals) >= 2:
            self.bg_recent.append(float(vals[:-1].mean()))
            del self.bg_recent[:-200]
        return sum(self.bg_recent) / (len(self.bg_recent) + 20)

    def observe(self, a: Article) -> None:
        """Count the article's terms in the document frequencies (before it is assigned: the
        run counts a whole chunk first, so the first articles are not compared on flat weights)."""
        if a.terms is not None and len(a.terms):
            self.df[a.terms] += 1
        for w in a.name_terms:
            self.df[word_id(w)] += 1
        self.ndocs += 1
        self.observed.add(a.seq)

    def _tfidf(self, a: Article) -> tuple[np.ndarray, np.ndarray]:
        """The article's TF-IDF weights (IDF from the articles seen so far), L2-normalised."""
        if a.terms is None or a.tf is None or not len(a.terms):
            return np.zeros(0, np.uint32), np.zeros(0, np.float32)
        idf = np.log((self.ndocs + 1) / (self.df[a.terms] + 1)) + 1.0
        w = (1.0 + np.log(a.tf)) * idf
        return a.terms, (w / np.linalg.norm(w)).astype(np.float32)

    def _distinct(self, names: "frozenset[str] | set[str] | Counter") -> set[str]:
        """The names rare enough in the stream so far to tell one event from another."""
        limit = max(3.0, self.cfg.distinct_share * self.ndocs)
        mask = (1 << TERM_BITS) - 1
        return {n for n in names if self.df[zlib.crc32(("#" + n).encode("utf-8")) & mask] <= limit}

    def _evidence(self, a: Article, ev: OpenEvent) -> int:
        """How many name words the article shares with the event that are rare (named in at most
        ``distinct_share`` of the articles, or 3, besides the event's own) and mostly this event's
        (at least half of the articles placed so far that name them are in it)."""
        limit = max(3.0, self.cfg.distinct_share * self.ndocs)
        return sum(1 for w in a.name_terms
                   if ev.words[w] and self.df[word_id(w)] <= limit + ev.words[w]
                   and 2 * ev.words[w] >= self.df[placed_id(w)])

    @staticmethod
    def _tcos(terms: np.ndarray, w: np.ndarray, ev: OpenEvent) -> float:
        if not ev.tnorm or not len(terms):
            return 0.0
        return dot_sparse(terms, w, ev.tids, ev.tw) / ev.tnorm

    # -- scoring ------------------------------------------------------------------------
    def _names_view(self, a: Article) -> tuple[set[int], set[str], set[str], set[str]]:
        """The article's side of its pair scores, the same against every candidate while it is
        placed: its text's term ids, and its distinctive persons, places and all names."""
        text_terms = set(a.terms.tolist()) if a.terms is not None else set()
        pa, la = self._distinct(a.persons), self._distinct(a.places)
        return text_terms, pa, la, pa | la | self._distinct(a.orgs | a.others)

    def _score(self, a: Article, ev: OpenEvent, cent_sim: float, tw: tuple[np.ndarray, np.ndarray],
               bg: float = 0.0, evidence: int | None = None,
               view: tuple[set[int], set[str], set[str], set[str]] | None = None) -> float:
        cfg = self.cfg
        mem = max((float(np.dot(m, a.vec)) for m in ev.members), default=cent_sim)
        dense = 0.5 * cent_sim + 0.5 * mem
        if cfg.background:  # only similarity beyond what the article shares with every open event counts
            dense = max(0.0, dense - bg) / max(1e-6, 1.0 - bg)
        lw = cfg.lexical_weight if len(tw[0]) else 0.0
        score = (1 - lw) * dense + lw * self._tcos(tw[0], tw[1], ev)
        text_terms, pa, la, names_a = view if view is not None else self._names_view(a)
        core_p, core_l = self._core(ev.persons, ev.n), self._core(ev.places, ev.n)
        core = core_p | core_l | self._core(ev.orgs + ev.others, ev.n)
        found = {k for k in core if in_text(k, text_terms)}
        if names_a:
            shared = sum(1 for k in names_a if k in ev.persons or k in ev.places or k in ev.orgs
                         or k in ev.others)
            score += cfg.name_weight * min(1.0, shared / min(len(names_a), 4))
        # conflicts: the article names people (places) of its own, none of them is among the
        # event's, and (with text_conflict) none of the event's main ones appears in its text
        tc = cfg.text_conflict
        if evidence is None:
            evidence = self._evidence(a, ev) if cfg.evidence_words > 0 else 0
        strong = cfg.evidence_words > 0 and evidence >= cfg.evidence_words
        if evidence and a.day is not None and ev.first_day is not None:
            # with dates only: undated, a report sharing rare names may as well be about another
            # occurrence with the same actors (a rematch, a second launch) as a follow-up
            score += cfg.evidence_weight * min(1.0, evidence / cfg.evidence_words)
        if (pa and not any(p in ev.persons for p in pa) and core_p and not (tc and core_p & found)
                and not strong):  # new people named in a report that shares the event's rare names: a follow-up
            score -= cfg.person_conflict
        if la and not any(p in ev.places for p in la) and core_l and not (tc and core_l & found):
            score -= cfg.place_conflict
        return score

    def _core(self, names: Counter, n: int) -> set[str]:
        """An event's main distinctive names: in at least a third of its articles (top 5)."""
        need = max(1, -(-n // 3))
        top = sorted(((c, k) for k, c in names.items() if c >= need), key=lambda x: (-x[0], x[1]))[:8]
        rare = self._distinct({k for _, k in top})
        return {k for _, k in top if k in rare}.intersection([k for _, k in top if k in rare][:5])

    def _fits_dates(self, a: Article, ev: OpenEvent, evidence: int | None = None) -> bool:
        if a.day is None or ev.first_day is None or ev.last_day is None:
            return True
        w = self.cfg.window_days  # anchored on the first day, so an event cannot creep along a chain
        if ev.first_day - w <= a.day <= ev.first_day + w:
            return True
        return self._follow_up(a, ev, evidence)

    def _follow_up(self, a: Article, ev: OpenEvent, evidence: int | None = None) -> bool:
        """A later report may join an event outside the date window on strong name evidence
        (``evidence``: :meth:`_evidence` of the pair, when already known)."""
        cfg = self.cfg
        if not cfg.follow_days or cfg.evidence_words <= 0:
            return False
        if a.day is not None and ev.first_day is not None and not (
                ev.first_day <= a.day <= ev.first_day + cfg.follow_days):
            return False
        return (self._evidence(a, ev) if evidence is None else evidence) >= cfg.evidence_words

    def _event_score(self, x: OpenEvent, y: OpenEvent, dense: float) -> float:
        """Similarity of two open events (centroid against centroid), on the article scale."""
        cfg = self.cfg
        lw = cfg.lexical_weight if x.tnorm and y.tnorm else 0.0
        tcos = dot_sparse(x.tids, x.tw, y.tids, y.tw) / (x.tnorm * y.tnorm) if lw else 0.0
        score = (1 - lw) * dense + lw * tcos
        px, py = self._distinct(x.persons), self._distinct(y.persons)
        if px and py and not px & py:
            score -= cfg.person_conflict
        lx, ly = self._distinct(x.places), self._distinct(y.places)
        if lx and ly and not lx & ly:
            score -= cfg.place_conflict
        names_x = px | lx | self._distinct(set(x.orgs) | set(x.others))
        names_y = py | ly | self._distinct(set(y.orgs) | set(y.others))
        if names_x and names_y:
            score += cfg.name_weight * min(1.0, len(names_x & names_y) / min(len(names_x), len(names_y), 4))
        return score

    def _dates_overlap(self, x: OpenEvent, y: OpenEvent) -> bool:
        if None in (x.first_day, x.last_day, y.first_day, y.last_day):
            return True
        return abs(x.first_day - y.first_day) <= self.cfg.window_days  # type: ignore[operator]

    def _merge_into(self, ev: OpenEvent) -> list[tuple[str, str]]:
        """Merge the open event most like ``ev`` into it (or it into that one, keeping the older
        id) when they score ``merge_threshold``; returns the (from, into) ids merged."""
        if self.cfg.merge_threshold >= 1 or len(self.open) < 2 or self.centroids is None:
            return []
        sims = self.centroids @ self.centroids[ev.slot]
        best, best_score = None, -1.0
        for s in self._nearest(sims, exclude=ev.slot):
            other = self.open[self.slot_owner[s]]
            if not self._dates_overlap(ev, other):
                continue
            sc = self._event_score(ev, other, float(sims[s]))
            if sc > best_score:
                best, best_score = other, sc
        if best is None or best_score < self.cfg.merge_threshold:
            return []
        keep, gone = (ev, best) if ev.id < best.id else (best, ev)
        self._absorb(keep, gone)
        return [(gone.id, keep.id)]

    def _absorb(self, keep: OpenEvent, gone: OpenEvent) -> None:
        assert self.centroids is not None and keep.vsum is not None and gone.vsum is not None
        self._close(gone.id)
        self.kept.pop(gone.id, None)  # the merged event is no longer tested for a split (not all its articles kept)
        keep.n += gone.n
        keep.vsum = keep.vsum + gone.vsum
        norm = float(np.linalg.norm(keep.vsum))
        self.centroids[keep.slot] = (keep.vsum / norm) if norm else keep.vsum
        keep.members = (keep.members + gone.members)[-self.cfg.members:]
        for attr in ("persons", "places", "orgs", "others", "words", "figures"):
            getattr(keep, attr).update(getattr(gone, attr))
        self._index_words(keep, gone.words)
        self._add_terms(keep, gone.tids, gone.tw)
        days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d is not None]
        if days:
            keep.first_day, keep.last_day = min(days), max(days)
        keep.last_seq = max(keep.last_seq, gone.last_seq)
        keep.keys.extend(gone.keys)
        keep.title = keep.title or gone.title
        self.open.move_to_end(keep.id)

    def _nearest(self, sims: np.ndarray, exclude: int | None = None) -> list[int]:
        """The open slots with the highest similarity (ties by slot), at most ``candidates``."""
        slots = np.fromiter((ev.slot for ev in self.open.values() if ev.slot != exclude), dtype=np.int64)
        if not len(slots):
            return []
        k = min(self.cfg.candidates, len(slots))
        vals = sims[slots]
        if len(slots) > k:
            idx = np.argpartition(-vals, k - 1)[:k]
            slots, vals = slots[idx], vals[idx]
        order = np.lexsort((slots, -vals))
        return [int(x) for x in slots[order]]

    def _same_days(self, sims: np.ndarray, day: int | None) -> list[int]:
        """The open slots nearest in vector among the events that began within ``window_days``
        of ``day`` (at most ``day_candidates``)."""
        k, w = self.cfg.day_candidates, self.cfg.window_days
        if day is None or k <= 0:
            return []
        slots = np.fromiter((ev.slot for ev in self.open.values()
                             if ev.first_day is not None and abs(ev.first_day - day) <= w), dtype=np.int64)
        if len(slots) > k:
            slots = slots[np.argpartition(-sims[slots], k - 1)[:k]]
        return sorted(int(x) for x in slots)

    # -- the fitted join model -------------------------------------------------------------
    def candidates(self, a: Article) -> tuple[list[tuple[OpenEvent, float, bool]], float]:
        """The events an article may join, as (event, centroid similarity, archived), and the
        stream's background similarity: the open events nearest in vector, those sharing rare
        name words with it, and archived ones sharing them or a place and an age
        (:meth:`_place_age_candidates`); and, for a dated article, the open
        events nearest in vector among those that began within ``window_days`` of its day (when
        a stream does not arrive in date order, every event stays open and the nearest overall
        are often of other days)."""
        out: list[tuple[OpenEvent, float, bool]] = []
        bg = 0.0
        named = self._named_candidates(a)
        named += self._place_age_candidates(a, set(named))
        if self.open and self.centroids is not None:
            sims = self.centroids @ a.vec
            bg = self._background(sims) if self.cfg.background else 0.0
            slots = self._nearest(sims)
            slots += [s for s in self._same_days(sims, a.day) if s not in slots]
            slots += sorted(self.open[e].slot for e in named if e in self.open and self.open[e].slot not in slots)
            out.extend((self.open[self.slot_owner[s]], float(sims[s]), False) for s in slots)
        for eid in named:
            ev = self.archive.get(eid)
            if ev is not None:
                out.append((ev, float(np.dot(ev.members[0].astype(np.float32), a.vec)), True))
        return out, bg

    def in_reach(self, a: Article, ev: OpenEvent) -> bool:
        """Whether the article's date is within ``follow_days`` of the event's first day."""
        if a.day is None or ev.first_day is None:
            return True
        return abs(a.day - ev.first_day) <= max(self.cfg.window_days, self.cfg.follow_days)

    def pair_features(self, a: Article, ev: OpenEvent, cent_sim: float, tw: tuple[np.ndarray, np.ndarray],
                      bg: float, archived: bool = False,
                      view: tuple[set[int], set[str], set[str], set[str]] | None = None,
                      steps: float | None = None) -> list[float]:
        """The :data:`FEATURES` of an (article, event) pair (``view``: the article's
        :meth:`_names_view`, and ``steps`` its :func:`later_steps`, when the caller has them)."""
        view = view if view is not None else self._names_view(a)
        mem = cent_sim if archived else max((float(np.dot(m, a.vec)) for m in ev.members), default=cent_sim)
        rare, shared = 0.0, 0
        for w in a.name_terms:
            if ev.words[w]:
                shared += 1
                rare += 1.0 / max(1, int(self.df[spread_id(w)]))
        places = 0.0
        for pl in a.places:
            if ev.places[pl]:
                places += 1.0 / max(1, int(self.df[spread_id("@" + pl)]))
        pconf = bool(a.persons) and bool(ev.persons) and not any(ev.persons[p] for p in a.persons)
        lconf = bool(a.places) and bool(ev.places) and not any(ev.places[p] for p in a.places)
        allfigs = getattr(a, "figures", frozenset())
        figs = [f for f in allfigs if f.startswith("age:")]
        fshared = sum(1 for f in figs if ev.figures[f])
        fconf = bool(figs) and any(k.startswith("age:") for k in ev.figures) and not fshared
        years = [f for f in allfigs if f.startswith("year:")]
        yshared = sum(1 for f in years if ev.figures[f])
        yconf = bool(years) and any(k.startswith("year:") for k in ev.figures) and not yshared
        nshared = sum(1 for f in allfigs if f.startswith("num:") and ev.figures[f])
        gap = None if a.day is None or ev.first_day is None else abs(a.day - ev.first_day)
        rules = self._score(a, ev, cent_sim, tw, bg, 0, view)  # the hand-set score, without name evidence
        text_terms, pa = view[0], view[1]
        core_p = self._core(ev.persons, ev.n)
        core_conflict = bool(pa) and bool(core_p) and not any(ev.persons[p] for p in pa) and not any(
            in_text(k, text_terms) for k in core_p)
        g = gap or 0
        return [cent_sim, mem, bg, self._tcos(tw[0], tw[1], ev), min(rare, 4.0), float(np.log1p(shared)),
                float(np.log1p(len(a.name_terms))), min(places, 3.0), float(pconf), float(lconf),
                float(2 <= g <= 3), float(4 <= g <= 7), float(8 <= g <= 30), float(31 <= g <= 90), float(g > 90),
                min(rare, 4.0) * float(np.log1p(g)), float(gap is None), float(min(fshared, 3)), float(fconf),
                float(np.log1p(ev.n)), float(archived), rules, float(core_conflict),
                float(min(yshared, 3)), float(yconf), float(min(nshared, 3)),
                float(gap is None) * float(pconf), float(gap is None) * float(core_conflict),
                float(gap is None) * float(lconf), float(gap is None) * float(yconf)] + \
            self._core_features(a, ev, core_p, text_terms, years) + self._text_features(a, ev, text_terms) + \
            self._fact_features(allfigs, ev) + [later_steps(a) if steps is None else steps]

    @staticmethod
    def _fact_features(figs: "frozenset[str]", ev: OpenEvent) -> list[float]:
        """Days and tolls the article names against the event's: a day conflict when it names
        days and none is within a day of one the event's reports name; a toll conflict when it
        states a toll of a kind (dead, hurt, shot) the event's reports state too, and none of
        the event's counts of that kind is its own; and a day match when one of its days is
        within a day of one the event's reports name, or is the event's first day or the day
        before it (the day of its incident, reported next day)."""
        days = [int(f[4:]) for f in figs if f.startswith("day:")]
        ev_days = {int(k[4:]) for k in ev.figures if k.startswith("day:")}
        near = {d + j for d in ev_days for j in (-1, 0, 1)}
        dconf = bool(days) and bool(ev_days) and not any(d in near for d in days)
        if ev.first_day is not None:
            near |= {ev.first_day, ev.first_day - 1}
        dmatch = any(d in near for d in days)
        ev_tolls: dict[str, set[str]] = {}
        for k in ev.figures:
            if k.startswith("toll:"):
                kind, n = k[5:].split(":")
                ev_tolls.setdefault(kind, set()).add(n)
        tconf = False
        for f in figs:
            if f.startswith("toll:"):
                kind, n = f[5:].split(":")
                if kind in ev_tolls and n not in ev_tolls[kind] and not any(
                        g.startswith(f"toll:{kind}:") and g[6 + len(kind):] in ev_tolls[kind] for g in figs):
                    tconf = True
        return [float(dconf), float(tconf), float(dmatch)]

    def _core_features(self, a: Article, ev: OpenEvent, core_p: set[str], text_terms: set[int],
                       years: list[str]) -> list[float]:
        """What the article says against the event's main facts (those of most of its articles,
        so a few reports joined by mistake do not make a mixed event look like everything):
        none of the event's main people in its text; how many of the event's articles name its
        best-known person; the gap between the latest year it names and the event's usual one."""
        absent = bool(core_p) and not any(in_text(k, text_terms) for k in core_p)
        support = max((ev.persons[p] for p in a.persons), default=0) / max(1, ev.n)
        latest = max((int(f[5:]) for f in years), default=0)
        ev_latest = [(c, int(k[7:])) for k, c in ev.figures.items() if k.startswith("latest:")]
        usual = max(ev_latest)[1] if ev_latest else 0
        lgap = min(abs(latest - usual), 5) if latest and usual else 0
        return [float(absent), float(support), float(lgap), float(bool(latest and usual) and lgap == 0)]

    def _text_features(self, a: Article, ev: OpenEvent, text_terms: set[int]) -> list[float]:
        """Name evidence beyond the leads (a later report names the victim or the street in its
        body, not in its opening): the event's name words found anywhere in the article's text
        and not among its own names; the event's places (streets, venues) found there; the
        article's name words found in the event's text (its heaviest terms). Each word counts
        by how few events name it, so a town or a common surname counts little."""
        words = sum(1.0 / max(1, int(self.df[spread_id(w)])) for w in ev.words
                    if w not in a.name_terms and term_id(w) in text_terms)
        sites = sum(1.0 / max(1, int(self.df[spread_id("@" + pl)])) for pl in ev.places
                    if pl not in a.places and in_text(pl, text_terms))
        own = [w for w in a.name_terms if not ev.words[w]]
        hits = np.isin(np.fromiter((term_id(w) for w in own), np.int64, len(own)), ev.tids) if own else []
        back = sum(1.0 / max(1, int(self.df[spread_id(w)])) for w, h in zip(own, hits) if h)
        return [min(words, 3.0), min(sites, 3.0), min(back, 3.0)]

    def candidate_matrix(self, a: Article, cands: list[tuple[OpenEvent, float, bool]],
                         tw: tuple[np.ndarray, np.ndarray], bg: float,
                         rival: "np.ndarray | None" = None) -> np.ndarray:
        """The :data:`FEATURES` of the article against each candidate: the pair features and,
        for some of them, the margin over the best rival. With ``rival`` (one value per margin,
        a typical runner-up from the model's training streams) that reference is always among
        the rivals: with few events open, a middling candidate does not look far ahead of an
        unrelated one, and a lone candidate has a margin too. Without it, the rivals are the
        other candidates only (a lone candidate's margin is 0)."""
        view, steps = self._names_view(a), later_steps(a)
        base = np.array([self.pair_features(a, ev, cs, tw, bg, arc, view, steps) for ev, cs, arc in cands],
                        dtype=np.float64)
        return with_margins(base, rival, self.rivals(a, cands))

    def rivals(self, a: Article, cands: "list[tuple[OpenEvent, float, bool]]") -> "np.ndarray | None":
        """Which candidates count as rivals for the article's margins: those whose days come
        within ``rival_days`` of a dated article's day (undated ones always); None: all."""
        w = self.cfg.rival_days
        if w <= 0 or a.day is None or len(cands) < 2:
            return None
        return np.array([ev.first_day is None or ev.last_day is None or ev.first_day - w <= a.day <= ev.last_day + w
                         for ev, _, _ in cands])

    def scored_candidates(self, a: Article) -> tuple[tuple[np.ndarray, np.ndarray], list[tuple[OpenEvent, float, bool]],
                                                     np.ndarray, OpenEvent | None, float, float]:
        """The join model's view of an article: (its TF-IDF weights, the candidates in reach, their
        join probabilities, the most probable event, its probability, the threshold it must reach)."""
        model = join_model(self.cfg.model_file or MODEL_FILE)
        tw = self._tfidf(a)
        cands, bg = self.candidates(a)
        cands = [c for c in cands if self.in_reach(a, c[0])]
        best, best_p, thr, p = None, -1.0, model.threshold, np.zeros(0)
        if cands:
            x = self.candidate_matrix(a, cands, tw, bg, model.rival)
            p = model.prob(x)
            k = int(np.argmax(p))
            best, best_p, thr = cands[k][0], float(p[k]), model.threshold_for(x[k])
        return tw, cands, p, best, best_p, self.cfg.join_probability or thr

    def _assign_model(self, a: Article, key: str) -> tuple[str, bool, float, list[tuple[str, str]]]:
        tw, _, _, best, best_p, thr = self.scored_candidates(a)
        return self._place(a, key, tw, None if best is None or best_p < thr else best, best_p)

    def assign(self, a: Article, key: str = "") -> tuple[str, bool, float, list[tuple[str, str]]]:
        """(event id, is new, score, merges) for the article; updates the event. ``merges``
        lists (from, into) event ids when the grown event absorbed (or joined) another."""
        if a.seq not in self.observed:
            self.observe(a)
        self.observed.discard(a.seq)
        if self.cfg.scorer == "model":
            return self._assign_model(a, key)
        best, best_score = None, -1.0
        tw = self._tfidf(a)
        bg = 0.0
        named = self._named_candidates(a)  # events sharing rare name words (open or archived)
        if self.open and self.centroids is not None:
            sims = self.centroids @ a.vec
            bg = self._background(sims) if self.cfg.background else 0.0
            slots = self._nearest(sims)
            # a follow-up is often less like its event in wording than other reports of the same
            # kind are: events sharing its rare names are scored too, nearest or not
            slots += sorted(self.open[e].slot for e in named if e in self.open and self.open[e].slot not in slots)
            for s in slots:
                ev = self.open[self.slot_owner[s]]
                evidence = self._evidence(a, ev) if self.cfg.evidence_words > 0 else 0
                if not self._fits_dates(a, ev, evidence):
                    continue
                sc = self._score(a, ev, float(sims[s]), tw, bg, evidence)
                if sc > best_score:
                    best, best_score = ev, sc
        for eid in named:
            ev = self.archive.get(eid)  # type: ignore[assignment]
            if ev is None:
                continue
            evidence = self._evidence(a, ev)
            if not self._follow_up(a, ev, evidence):
                continue
            sc = self._score(a, ev, float(np.dot(ev.members[0].astype(np.float32), a.vec)), tw, bg, evidence)
            if sc > best_score:
                best, best_score = ev, sc
        return self._place(a, key, tw, None if best is None or best_score < self.cfg.threshold else best,
                           best_score)

    def _place(self, a: Article, key: str, tw: tuple[np.ndarray, np.ndarray], best: "OpenEvent | None",
               score: float) -> tuple[str, bool, float, list[tuple[str, str]]]:
        """Put the article in ``best`` (reopened if archived), or in a new event when None;
        (event id, is new, score, merges) as :meth:`assign` returns them."""
        new = best is None
        if best is None:
            best = self._new_event(a)
        elif best.id in self.archive:
            best = self._reopen(best.id)
        self._add(best, a, tw)
        best.keys.append(key)
        slim = _slim(a) if self.cfg.scorer == "model" and (self.cfg.second_look > 0 or self.cfg.split > 0
                                                           or self.cfg.merge > 0) else a
        self._remember(best, slim)
        self._keep(best, key, slim)
        merges = [] if new else self._merge_into(best)
        final = best.id if not merges or merges[0][0] != best.id else merges[0][1]
        return final, new, score, merges

    # -- the second look at small events as they close ---------------------------------------
    def _remember(self, ev: OpenEvent, a: Article) -> None:
        """Keep the articles of an event while it is small enough for a second look (``a``
        slim: without its text and MinHash, as the pair features read only the article's
        vectors, terms and names)."""
        k = self.cfg.second_look
        if k <= 0 or self.cfg.scorer != "model":
            return
        if ev.n > k:
            self.lookback.pop(ev.id, None)
            return
        self.lookback.setdefault(ev.id, []).append(a)

    def _keep(self, ev: OpenEvent, key: str, a: Article) -> None:
        """Keep the event's first ``split_keep`` articles (``a`` slim) for the split and merge tests
        as it closes."""
        if (self.cfg.split <= 0 and self.cfg.merge <= 0) or self.cfg.scorer != "model":
            return
        got = self.kept.setdefault(ev.id, [])
        if len(got) < self.cfg.split_keep:
            got.append((key, a))

    # -- the split test as an event closes ---------------------------------------------------
    def split_pairs(self, arts: "list[Article]", idx: "list[tuple[int, int]] | None" = None) \
            -> "tuple[np.ndarray, list[tuple[int, int]]]":
        """The :data:`SPLIT_FEATURES` of the index pairs ``idx`` of the articles (by default every
        two of them); (rows, index pairs)."""
        limit = max(3.0, self.cfg.distinct_share * self.ndocs)
        tws = [self._tfidf(a) for a in arts]
        rare = [{w for w in a.name_terms if self.df[word_id(w)] <= limit} for a in arts]
        terms = [set(a.terms.tolist()) if a.terms is not None else set() for a in arts]
        years = [{int(f[5:]) for f in getattr(a, "figures", ()) if f.startswith("year:")} for a in arts]
        if idx is None:
            idx = [(i, j) for i in range(len(arts)) for j in range(i + 1, len(arts))]
        rows = []
        for i, j in idx:
            a, b = arts[i], arts[j]
            ps, ls, ys = a.persons & b.persons, a.places & b.places, years[i] & years[j]
            nodate = a.day is None or b.day is None
            gap = 0 if nodate else min(abs(a.day - b.day), 365)  # type: ignore[operator]
            intext = sum(1 for w in rare[i] - rare[j] if term_id(w) in terms[j]) + \
                sum(1 for w in rare[j] - rare[i] if term_id(w) in terms[i])
            lgap = min(abs(max(years[i]) - max(years[j])), 5) if years[i] and years[j] else 0
            rows.append([float(np.dot(a.vec, b.vec)), dot_sparse(tws[i][0], tws[i][1], tws[j][0], tws[j][1]),
                         float(np.log1p(len(rare[i] & rare[j]))), float(np.log1p(len(rare[i] ^ rare[j]))),
                         float(np.log1p(len(ps))), float(bool(a.persons) and bool(b.persons) and not ps),
                         float(np.log1p(len(ls))), float(bool(a.places) and bool(b.places) and not ls),
                         float(min(len(ys), 3)), float(bool(years[i]) and bool(years[j]) and not ys),
                         float(lgap), float(nodate), float(np.log1p(gap)), float(np.log1p(intext))])
        return np.asarray(rows, dtype=np.float64).reshape(-1, len(SPLIT_FEATURES)), idx

    def _split_closed(self, ev: OpenEvent) -> "list[OpenEvent]":
        """A closed event, or the two it is split into (see the module docstring): the event
        keeps its id and its first article; the other group becomes a new event (listed in
        :attr:`splits`). Only an event whose every article is kept is tested."""
        arts = self.kept.pop(ev.id, None)
        if self.cfg.split <= 0 or not arts or len(arts) < self.cfg.split or len(arts) != ev.n:
            return [ev]
        x, idx = self.split_pairs([a for _, a in arts])
        if self.split_log is not None:
            self.split_log.append((ev.id, [k for k, _ in arts], x, idx))
        model = split_model(self.cfg.split_file or SPLIT_FILE)
        lab = model.groups(len(arts), idx, model.prob(x))
        if lab is None:
            return [ev]
        other = f"{self.prefix}{self.next_id:06d}"
        self.next_id += 1
        parts = [self._rebuilt(eid, [ka for ka, g in zip(arts, lab) if g == k], ev)
                 for k, eid in enumerate((ev.id, other))]
        self.splits.append((ev.id, other, [k for k, _ in arts if k in set(parts[1].keys)]))
        return parts

    def _rebuilt(self, eid: str, part: "list[tuple[str, Article]]", like: OpenEvent) -> OpenEvent:
        """A closed event of some of a closed event's articles (the stream's counts untouched)."""
        ev = OpenEvent(id=eid, slot=-1, title=part[0][1].doc.title or like.title,
                       reopened=like.reopened if eid == like.id else 0)
        for key, a in part:
            self._fold(ev, a, self._tfidf(a))
            ev.keys.append(key)
        return ev

    def scored_again(self, arts: "list[Article]", gone: str) \
            -> "list[tuple[list[tuple[OpenEvent, float, bool]], np.ndarray, np.ndarray]] | None":
        """Each of ``arts`` scored again by the join model against the events now open or archived
        (but ``gone``): (its candidates in reach, their pair features, their join probabilities)
        per article; None when an article has no candidate. The stream's recent background
        similarities are left as they were."""
        model = join_model(self.cfg.model_file or MODEL_FILE)
        saved = list(self.bg_recent)
        out = []
        try:
            for a in arts:
                tw = self._tfidf(a)
                cands, bg = self.candidates(a)
                cands = [c for c in cands if c[0].id != gone and self.in_reach(a, c[0])]
                if not cands:
                    return None
                x = self.candidate_matrix(a, cands, tw, bg, model.rival)
                out.append((cands, x, model.prob(x)))
        finally:
            self.bg_recent = saved
        return out

    def _second_look(self, ev: OpenEvent) -> "OpenEvent | None":
        """The event (open or archived) that a closing small event belongs to, by the join model
        scoring each of its articles against the events now open or archived: the one most
        probable for its articles, when every article would join it. ``ev`` is closed already
        (not among the candidates)."""
        arts = self.lookback.pop(ev.id, None)
        scored = self.scored_again(arts, ev.id) if arts else None
        if scored is None:
            return None
        model = join_model(self.cfg.model_file or MODEL_FILE)
        votes: "list[dict[str, float]]" = []
        found: dict[str, OpenEvent] = {}
        for cands, x, p in scored:
            thr = [self.cfg.join_probability or model.threshold_for(row) for row in x]
            votes.append({c[0].id: float(pk) for c, pk, t in zip(cands, p, thr) if pk >= t})
            found.update((c[0].id, c[0]) for c in cands)
        common = set(votes[0]).intersection(*votes[1:])
        if not common:
            return None
        return found[max(sorted(common), key=lambda e: sum(v[e] for v in votes))]

    def _fold_closed(self, gone: OpenEvent, into: OpenEvent) -> OpenEvent:
        """Merge a closed event into an open or archived one (reopened); returns the event kept."""
        keep = self._reopen(into.id) if into.id in self.archive else into
        assert self.centroids is not None and keep.vsum is not None and gone.vsum is not None
        keep.n += gone.n
        keep.vsum = keep.vsum + gone.vsum
        norm = float(np.linalg.norm(keep.vsum))
        self.centroids[keep.slot] = (keep.vsum / norm) if norm else keep.vsum
        keep.members = (keep.members + gone.members)[-self.cfg.members:]
        for attr in ("persons", "places", "orgs", "others", "figures"):
            getattr(keep, attr).update(getattr(gone, attr))
        for w in gone.words:
            if not keep.words[w]:
                self.df[spread_id(w)] += 1
        keep.words.update(gone.words)
        self._index_words(keep, gone.words)
        self._add_terms(keep, gone.tids, gone.tw)
        days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d is not None]
        if days:
            keep.first_day, keep.last_day = min(days), max(days)
        keep.keys.extend(gone.keys)
        keep.title = keep.title or gone.title
        keep.last_seq = max(keep.last_seq, gone.last_seq)
        if keep.id in self.kept or gone.id in self.kept:
            self.kept[keep.id] = (self.kept.pop(keep.id, []) + self.kept.pop(gone.id, []))[:self.cfg.split_keep]
        if keep.id in self.lookback:
            more = self.lookback.pop(keep.id) + self.lookback.pop(gone.id, [])
            if keep.n <= self.cfg.second_look:
                self.lookback[keep.id] = more
        return keep

    # -- the merge test as an event closes ---------------------------------------------------
    def _closed_parts(self, ev: OpenEvent) -> "list[OpenEvent]":
        """A closed event after the split test (:meth:`Clusterer._split_closed`); an event not
        split may then be merged into an open one (:meth:`Clusterer._merge_target`): none left."""
        arts = self.kept.get(ev.id)
        parts = self._split_closed(ev)
        if len(parts) == 1 and self.cfg.merge > 0 and self.cfg.scorer == "model" and arts and len(arts) == ev.n:
            into = self._merge_target(ev, arts)
            if into is not None:
                self.kept[ev.id] = arts
                keep = self._fold_closed(ev, into)
                self.merged.append((ev.id, keep.id, list(ev.keys)))
                return []
        return parts

    def _merge_target(self, ev: OpenEvent, arts: "list[tuple[str, Article]]") -> "OpenEvent | None":
        """The open event a closing one is merged into, if any: of the ``merge`` open events
        nearest its centroid whose every article is kept, the most probable by the merge model
        when at its threshold or more."""
        if not self.open or self.centroids is None or ev.vsum is None:
            return None
        norm = float(np.linalg.norm(ev.vsum))
        cent = (ev.vsum / norm) if norm else ev.vsum
        sims = self.centroids @ cent.astype(np.float32)
        dated = None not in (ev.first_day, ev.last_day)
        near = heapq.nsmallest(self.cfg.merge, (e for e in self.open.values() if len(self.kept.get(e.id, ())) == e.n > 0
                                                and (self.cfg.merge_dated or not dated
                                                     or None in (e.first_day, e.last_day))),
                               key=lambda e: (-float(sims[e.slot]), e.id))
        if not near:
            return None
        pair = split_model(self.cfg.split_file or SPLIT_FILE)
        model = merge_model(self.cfg.merge_file or MERGE_FILE)
        mine = [a for _, a in arts[: self.cfg.merge_sample]]
        m = len(mine)
        xm, own = self.split_pairs(mine)  # the closing event's own pairs, the same for every candidate
        pm = pair.prob(xm)
        best: "tuple[float, OpenEvent] | None" = None
        for other in near:
            both = mine + [a for _, a in self.kept[other.id][: self.cfg.merge_sample]]
            x, idx = self.split_pairs(both, [(i, j) for i in range(len(both)) for j in range(max(i + 1, m), len(both))])
            P = pair_matrix(len(both), own + idx, np.concatenate([pm, pair.prob(x)]))
            days = None
            if None not in (ev.first_day, ev.last_day, other.first_day, other.last_day):
                days = (other.first_day - ev.last_day, ev.first_day - other.last_day)  # type: ignore[operator]
            f = merge_features(P, m, float(sims[other.slot]), days)
            p = float(model.prob([f])[0])
            if self.merge_log is not None:
                self.merge_log.append((ev.id, list(ev.keys), other.id, list(other.keys), f))
            if p >= model.threshold and (best is None or p > best[0]):
                best = (p, other)
        return None if best is None else best[1]

    # -- state --------------------------------------------------------------------------
    def _new_event(self, a: Article) -> OpenEvent:
        if self.centroids is None:
            self.centroids = np.zeros((64, a.vec.shape[0]), dtype=np.float32)
            self.free = list(range(63, -1, -1))
        slot = self._take_slot()
        ev = OpenEvent(id=f"{self.prefix}{self.next_id:06d}", slot=slot, title=a.doc.title)
        self.next_id += 1
        self.open[ev.id] = ev
        self.slot_owner[slot] = ev.id
        return ev

    def _take_slot(self) -> int:
        """A free row of the centroid table (doubling it when full)."""
        assert self.centroids is not None
        if not self.free:
            n = self.centroids.shape[0]
            self.centroids = np.vstack([self.centroids, np.zeros_like(self.centroids)])
            self.free = list(range(2 * n - 1, n - 1, -1))
        return self.free.pop()

    def _add(self, ev: OpenEvent, a: Article, tw: tuple[np.ndarray, np.ndarray]) -> None:
        assert self.centroids is not None
        for pl in a.places:  # the stream's counts of events per place and name word (before the event has them)
            if not ev.places[pl]:
                self.df[spread_id("@" + pl)] += 1
        for w in a.name_terms:
            if not ev.words[w]:
                self.df[spread_id(w)] += 1
        self._fold(ev, a, tw)
        norm = float(np.linalg.norm(ev.vsum))
        self.centroids[ev.slot] = (ev.vsum / norm) if norm else ev.vsum
        self._index_words(ev, a.name_terms)
        for w in a.name_terms:
            self.df[placed_id(w)] += 1
        if a.day is not None:
            self.recent_days.append(a.day)
            del self.recent_days[: -self.cfg.clock_span]
            self.max_day = sorted(self.recent_days)[len(self.recent_days) // 2]
        ev.last_seq = a.seq
        self.open.move_to_end(ev.id)

    def _fold(self, ev: OpenEvent, a: Article, tw: tuple[np.ndarray, np.ndarray]) -> None:
        """Add an article to an event's own sums (terms, vectors, names, figures, days); the
        stream's counts and indexes are the caller's (:meth:`_add`)."""
        self._add_terms(ev, tw[0], tw[1])
        ev.n += 1
        ev.vsum = a.vec.astype(np.float64) if ev.vsum is None else ev.vsum + a.vec
        ev.members.append(a.vec)
        del ev.members[: -self.cfg.members]
        ev.persons.update(a.persons)
        ev.places.update(a.places)
        ev.orgs.update(a.orgs)
        ev.others.update(a.others)
        ev.figures.update(getattr(a, "figures", ()))
        ev.words.update(a.name_terms)
        if a.day is not None:
            ev.first_day = a.day if ev.first_day is None else min(ev.first_day, a.day)
            ev.last_day = a.day if ev.last_day is None else max(ev.last_day, a.day)
        ev.last_seq = max(ev.last_seq, a.seq)

    def _add_terms(self, ev: OpenEvent, ids: np.ndarray, w: np.ndarray) -> None:
        """Add TF-IDF weights to an event's centroid; keep its ``event_terms`` heaviest terms."""
        allids = np.concatenate([ev.tids, ids.astype(np.uint32)])
        allw = np.concatenate([ev.tw, w.astype(np.float32)])
        uniq, inv = np.unique(allids, return_inverse=True)
        summed = np.zeros(len(uniq), np.float32)
        np.add.at(summed, inv, allw)
        if len(uniq) > 2 * self.cfg.event_terms:
            top = np.lexsort((uniq, -summed))[: self.cfg.event_terms]
            top.sort()
            uniq, summed = uniq[top], summed[top]
        ev.tids, ev.tw = uniq, summed
        ev.tnorm = float(np.linalg.norm(summed))

    def _close(self, ev_id: str) -> OpenEvent:
        ev = self.open.pop(ev_id)
        self._unindex_words(ev)
        assert self.centroids is not None
        self.centroids[ev.slot] = 0.0
        del self.slot_owner[ev.slot]
        self.free.append(ev.slot)
        return ev

    # -- the archive of closed events (for follow-ups) -------------------------------------
    def _named_candidates(self, a: Article) -> list[str]:
        """Events (open or archived) sharing at least ``evidence_words`` rare name words with
        the article (most shared first, at most ``candidates``)."""
        need = self.cfg.evidence_words if self.cfg.scorer != "model" else self.cfg.lookup_words
        if need <= 0 or not self.by_word:
            return []
        hits: Counter = Counter()
        limit = 2 * max(3.0, self.cfg.distinct_share * self.ndocs) + 20  # commoner words are not looked up
        for w in a.name_terms:
            if self.df[word_id(w)] <= limit:
                for eid in self.by_word.get(w, ()):
                    hits[eid] += 1
        ids = sorted((eid for eid, c in hits.items() if c >= need), key=lambda e: (-hits[e], e))
        return ids[: self.cfg.candidates]

    @staticmethod
    def _place_age_keys(places: Iterable[str], figures: Iterable[str]) -> set[str]:
        ages = [f for f in figures if f.startswith("age:")]
        return {f"{pl}\x1f{age}" for pl in places for age in ages}

    def _place_age_candidates(self, a: Article, have: set[str]) -> list[str]:
        """Archived events, not in ``have``, that share a place and an age with the article (most
        shared first, then the most recently joined; at most ``place_age_lookup``)."""
        if self.cfg.place_age_lookup <= 0 or not self.by_place_age:
            return []
        hits: Counter = Counter()
        for k in self._place_age_keys(a.places, a.figures):
            for eid in self.by_place_age.get(k, ()):
                if eid not in have:
                    hits[eid] += 1
        ids = sorted(hits, key=lambda e: (-hits[e], -self.archive[e].last_seq, e))
        return ids[: self.cfg.place_age_lookup]

    def _index_words(self, ev: OpenEvent, words: Iterable[str]) -> None:
        for w in words:
            self.by_word.setdefault(w, set()).add(ev.id)

    def _unindex_words(self, ev: OpenEvent) -> None:
        for w in ev.words:
            ids = self.by_word.get(w)
            if ids is not None:
                ids.discard(ev.id)
                if not ids:
                    del self.by_word[w]

    def _archive(self, ev: OpenEvent) -> None:
        """Keep a compact copy of a closed event that a follow-up may reopen."""
        if self.cfg.archive <= 0 or self.cfg.follow_days <= 0 or ev.vsum is None:
            return
        norm = float(np.linalg.norm(ev.vsum))
        cent = (ev.vsum / norm if norm else ev.vsum).astype(np.float32)

        def top(c: Counter) -> Counter:
            return Counter(dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:ARCHIVE_NAMES]))

        keep = np.lexsort((ev.tids, -ev.tw))[:ARCHIVE_TERMS] if len(ev.tids) else np.zeros(0, np.int64)
        keep.sort()
        tw = ev.tw[keep]
        arc = OpenEvent(id=ev.id, slot=-1, n=ev.n, vsum=None, members=[cent.astype(np.float16)], persons=top(ev.persons),
                        places=top(ev.places), orgs=top(ev.orgs), others=top(ev.others),
                        first_day=ev.first_day, last_day=ev.last_day, last_seq=ev.last_seq, title=ev.title,
                        tids=ev.tids[keep], tw=tw, tnorm=float(np.linalg.norm(tw)), words=top(ev.words),
                        reopened=ev.reopened, figures=top(ev.figures))
        self.archive[ev.id] = arc
        self._index_words(arc, arc.words)
        for k in self._place_age_keys(arc.places, arc.figures):
            self.by_place_age.setdefault(k, set()).add(arc.id)
        while len(self.archive) > self.cfg.archive:
            self._unarchive(next(iter(self.archive)))

    def _unarchive(self, ev_id: str) -> OpenEvent:
        arc = self.archive.pop(ev_id)
        self._unindex_words(arc)
        for k in self._place_age_keys(arc.places, arc.figures):
            ids = self.by_place_age.get(k)
            if ids is not None:
                ids.discard(arc.id)
                if not ids:
                    del self.by_place_age[k]
        return arc

    def _reopen(self, ev_id: str) -> OpenEvent:
        """Bring an archived event back among the open ones (a follow-up joined it)."""
        arc = self._unarchive(ev_id)
        assert self.centroids is not None
        cent = arc.members[0].astype(np.float32)
        arc.vsum, arc.members = cent.astype(np.float64) * arc.n, [cent]
        arc.slot = self._take_slot()
        arc.reopened += 1
        self.centroids[arc.slot] = cent
        self._index_words(arc, arc.words)
        self.open[arc.id] = arc
        self.slot_owner[arc.slot] = arc.id
        return arc

    def close_stale(self, seq: int) -> list[OpenEvent]:
        """Close events nobody joined for a while (see the module docstring)."""
        out = []
        while self.open:
            ev = next(iter(self.open.values()))
            if ev.last_seq >= seq - self.cfg.close_after:
                break
            out.append(self._close(ev.id))
        if self.max_day is not None and seq % 100 == 0 and self._dates_in_order():
            for ev in [e for e in self.open.values()
                       if e.last_day is not None and e.last_day < self.max_day - self.cfg.close_days
                       and e.last_seq < seq - self.cfg.min_idle]:
                out.append(self._close(ev.id))
        kept = [part for ev in out if not self._looked_into(ev) for part in self._closed_parts(ev)]
        for ev in kept:
            self._archive(ev)
        return kept

    def _looked_into(self, ev: OpenEvent) -> bool:
        """Give a closed small event its second look; True when it was merged into another
        (listed in :attr:`merged`)."""
        into = self._second_look(ev) if self.cfg.second_look > 0 else None
        self.lookback.pop(ev.id, None)
        if into is None:
            return False
        keep = self._fold_closed(ev, into)
        self.merged.append((ev.id, keep.id, list(ev.keys)))
        return True

    def _dates_in_order(self) -> bool:
        """Whether the stream arrives roughly in date order: few recent articles are dated more
        than ``close_days`` before the clock. Out of order (a shuffled archive), the clock says
        nothing about which events are over, and events close by count only."""
        late = sum(1 for d in self.recent_days if self.max_day is not None and d < self.max_day - self.cfg.close_days)
        return late <= self.cfg.disorder * len(self.recent_days)

    def close_all(self) -> list[OpenEvent]:
        """Close every open event (end of the stream)."""
        out = []
        while self.open:
            ev = self._close(next(iter(self.open)))
            if not self._looked_into(ev):
                out.extend(self._closed_parts(ev))
        return out
