"""Online clustering and deduplication on hand-made feature records (no models needed).

The mechanics of the hand-set scorer (date window, conflicts, follow-up evidence, the archive)
are tested with ``scorer="rules"``; the fitted join model is tested on its own below and end to
end on invented articles in test_corpus.py."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import numpy as np
import pytest

from storylens.corpus.cluster import ClusterConfig, Clusterer
from storylens.corpus.dedup import DedupConfig, Deduplicator
from storylens.corpus.features import Article, minhash_of, term_counts
from storylens.model import Document

from join_models import one_feature_merge_model, one_feature_model, one_feature_split_model


def art(seq: int, vec: np.ndarray, text: str = "", day: int | None = None, persons=(), words=()) -> Article:
    v = vec / np.linalg.norm(vec)
    terms, tf = term_counts(text, sorted(persons))
    doc = Document(id=f"d{seq}", title=None, outlet=None, origin=None, published=None, dateline=None, text=text)
    words = set(words) | {w for p in persons for w in p.split()}
    return Article(seq=seq, doc=doc, vec=v.astype(np.float32), minhash=minhash_of(text or "x", 64, 5),
                   text_hash=str(seq), persons=frozenset(persons), day=day, terms=terms, tf=tf,
                   name_terms=frozenset(words))


def _kind_stream(cl: Clusterer, start: int, n: int, day: int, rng) -> None:
    """Unrelated same-kind reports, each about other people, to fill the stream around a test."""
    for i in range(n):
        seq = start + i
        who = f"p{seq}a p{seq}b"
        cl.assign(art(seq, rng.normal(size=16), f"fire at a depot {who}", day=day, persons={who}))
        cl.close_stale(seq)


def test_events_close_so_memory_stays_flat():
    rng = np.random.default_rng(0)
    cl = Clusterer(ClusterConfig(close_after=10))
    most_open = 0
    for seq in range(1, 301):
        cl.assign(art(seq, rng.normal(size=16)))
        cl.close_stale(seq)
        most_open = max(most_open, len(cl.open))
    assert most_open <= 11
    assert cl.centroids is not None and cl.centroids.shape[0] <= 64  # slots are reused


def test_date_window_keeps_far_apart_reports_apart():
    v = np.ones(16)
    cl = Clusterer(ClusterConfig(window_days=3, scorer="rules"))
    e1, *_ = cl.assign(art(1, v, "storm floods the valley", day=100))
    e2, *_ = cl.assign(art(2, v, "storm floods the valley", day=102))
    e3, *_ = cl.assign(art(3, v, "storm floods the valley", day=110))
    assert e1 == e2 != e3


def test_conflicting_people_split_same_kind_reports():
    v = np.ones(16)
    kind = "gunman wounded courier police said investigation continues "
    a = kind + "ada quell delivery van harbour road morning witnesses heard three shots"
    b = kind + "bo rennick pharmacy counter station square evening cameras recorded escape"
    cl = Clusterer(ClusterConfig(scorer="rules"))
    e1, *_ = cl.assign(art(1, v, a, persons={"ada quell", "quell"}))
    e2, *_ = cl.assign(art(2, v, a + " quell recovering", persons={"ada quell", "quell"}))
    e3, *_ = cl.assign(art(3, v, b, persons={"bo rennick", "rennick"}))
    assert e1 == e2 and e3 != e1


FIRE = "fire broke out at the depot crews fought the blaze residents were evacuated "
LATER = "was charged in court over the depot fire prosecutors said the hearing lasted an hour "


def test_follow_up_weeks_later_joins_on_shared_rare_names():
    v = np.ones(16)
    cl = Clusterer(ClusterConfig(window_days=3, scorer="rules"))
    e1, *_ = cl.assign(art(1, v, FIRE + "ada quell hurt", day=100, persons={"ada quell"}, words={"morrow", "yard"}))
    # a month later: new people named (a suspect), the victim and the site again
    e2, *_ = cl.assign(art(2, v * 0.5 + 0.5, LATER + "bo rennick ada quell morrow yard", day=130,
                           persons={"bo rennick", "ada quell"}, words={"morrow", "yard"}))
    # a month later, same kind of story, but none of the event's rare names: another event
    e3, *_ = cl.assign(art(3, v, FIRE + "cy tamsin hurt", day=131, persons={"cy tamsin"}, words={"linnet", "quay"}))
    # beyond follow_days: another event even with the names
    e4, *_ = cl.assign(art(4, v, LATER + "ada quell morrow yard", day=100 + 1200, persons={"ada quell"},
                           words={"morrow", "yard"}))
    assert e1 == e2
    assert e3 != e1 and e4 != e1


def test_follow_up_reopens_a_closed_event_and_the_archive_is_bounded():
    rng = np.random.default_rng(1)
    v = np.ones(16)
    cl = Clusterer(ClusterConfig(close_after=5, archive=4, scorer="rules"))
    e1, *_ = cl.assign(art(1, v, FIRE + "ada quell hurt", day=100, persons={"ada quell"}, words={"morrow", "yard"}))
    _kind_stream(cl, 2, 12, 100, rng)
    assert e1 not in cl.open and len(cl.archive) == 4
    e2, *_ = cl.assign(art(40, v, LATER + "ada quell morrow yard", day=120, persons={"ada quell"},
                           words={"morrow", "yard"}))
    assert e1 not in cl.archive  # the oldest closed event left the bounded archive first
    assert e2 != e1  # so the follow-up starts a new event
    cl2 = Clusterer(ClusterConfig(close_after=5, archive=50, scorer="rules"))
    e1, *_ = cl2.assign(art(1, v, FIRE + "ada quell hurt", day=100, persons={"ada quell"}, words={"morrow", "yard"}))
    _kind_stream(cl2, 2, 12, 100, rng)
    assert e1 in cl2.archive
    e2, *_ = cl2.assign(art(40, v, LATER + "ada quell morrow yard", day=120, persons={"ada quell"},
                            words={"morrow", "yard"}))
    assert e2 == e1 and cl2.open[e1].reopened == 1 and e1 not in cl2.archive
    assert all(len(ids) for ids in cl2.by_word.values())
    for _ in range(3):
        _kind_stream(cl2, 100, 60, 130, rng)
    assert len(cl2.archive) <= 50 and len(cl2.by_word) <= 50 * 24


def test_a_late_report_finds_the_archived_event_of_its_place_and_age():
    rng = np.random.default_rng(3)
    v = np.ones(16)
    cfg = ClusterConfig(close_after=5, archive=50, second_look=0, merge=0)  # the archive alone
    first = replace(art(1, v, FIRE + "ada quell hurt", day=100, persons={"ada quell"}),
                    places=frozenset({"harlow"}), figures=frozenset({"age:34"}))

    def filler(c: Clusterer) -> None:  # other news, weeks later: the event closes unjoined
        for seq in range(2, 14):
            who = f"p{seq}a p{seq}b"
            c.assign(art(seq, rng.normal(size=16), f"council votes on the library budget {who}", day=150,
                         persons={who}))
            c.close_stale(seq)

    cl = Clusterer(cfg)
    e1, *_ = cl.assign(first)
    filler(cl)
    assert e1 in cl.archive
    # months later: other people named (a suspect), no name word shared, worded otherwise; the
    # town and the victim's age are what tie it to the event
    w = np.concatenate([np.ones(8), -np.ones(8)])
    late = replace(art(60, w, LATER + "bo rennick", day=190, persons={"bo rennick"}),
                   places=frozenset({"harlow"}), figures=frozenset({"age:34"}))
    other_age = replace(late, figures=frozenset({"age:51"}))
    other_town = replace(late, places=frozenset({"pellow"}))

    def archived(c: Clusterer, a: Article) -> set[str]:
        return {ev.id for ev, _, arch in c.candidates(a)[0] if arch}

    assert e1 in archived(cl, late)
    assert e1 not in archived(cl, other_age) and e1 not in archived(cl, other_town)
    off = Clusterer(replace(cfg, place_age_lookup=0))
    off.assign(first)
    rng = np.random.default_rng(3)
    filler(off)
    assert e1 in off.archive and e1 not in archived(off, late)
    # the index follows the archive: an event that leaves it (reopened or pushed out) is not found
    assert all(ids and ids <= set(cl.archive) for ids in cl.by_place_age.values())
    cl._reopen(e1)
    assert e1 not in archived(cl, late)
    assert all(ids and ids <= set(cl.archive) for ids in cl.by_place_age.values())


def test_undated_reports_sharing_names_get_no_follow_up_bonus():
    v = np.ones(16)
    dated = Clusterer(ClusterConfig(scorer="rules"))
    undated = Clusterer(ClusterConfig(scorer="rules"))
    a1 = dict(persons={"ada quell"}, words={"morrow", "yard"})
    d1, *_ = dated.assign(art(1, v, FIRE + "ada quell", day=100, **a1))
    u1, *_ = undated.assign(art(1, v, FIRE + "ada quell", **a1))
    w = np.concatenate([np.ones(8), -np.ones(8)])
    d2, _, ds, _ = dated.assign(art(2, w, LATER + "ada quell morrow yard", day=110, **a1))
    u2, _, us, _ = undated.assign(art(2, w, LATER + "ada quell morrow yard", **a1))
    assert ds > us  # the same pair scores higher with dates: the names may mark a follow-up


def test_dedup_window_evicts_oldest():
    d = Deduplicator(DedupConfig(window=2, num_perm=64))
    texts = [f"report number {i} about a different thing entirely with its own words {i * 7}" for i in range(3)]
    for i, t in enumerate(texts):
        mh = minhash_of(t, 64, 5)
        assert d.check(f"k{i}", f"h{i}", mh) == (None, "")
        d.add(f"k{i}", f"h{i}", mh, f"ev{i}")
    assert len(d) == 2 and "k0" not in d.order
    assert d.check("k9", "h1", minhash_of(texts[1], 64, 5)) == ("k1", "exact copy")
    assert d.payload("k1") == "ev1"


def test_merged_events_relabel_every_article(tmp_path):
    from test_corpus import articles, write_jsonl

    from storylens.config import Settings
    from storylens.corpus import CorpusSettings, run_corpus

    src = write_jsonl(tmp_path / "feed.jsonl", articles())
    cs = CorpusSettings(workers=1, quiet=True, analyse=False, chunk=3,
                        cluster=ClusterConfig(merge_threshold=-1.0))
    s = run_corpus([src], tmp_path / "out", Settings(), cs)
    db = sqlite3.connect(tmp_path / "out" / "storylens.sqlite")
    events = {e for (e,) in db.execute("SELECT id FROM events")}
    used = {e for (e,) in db.execute("SELECT DISTINCT event_id FROM articles WHERE event_id IS NOT NULL")}
    metas = {e: json.loads(m) for e, m in db.execute("SELECT id, meta_json FROM events")}
    db.close()
    assert used == events and len(events) < s.events
    assert sum(m["n_articles"] for m in metas.values()) == s.in_events + s.copies


def test_join_model_ships_and_weighs_evidence_sensibly():
    from storylens.corpus.cluster import FEATURES, join_model

    m = join_model()
    assert set(m.parts) == {"dated", "undated"} and 0 < m.threshold < 1
    for kind, part in m.parts.items():
        assert len(part.coef) == len(FEATURES) + len(m.products)
        base = np.array(part.mean[:len(FEATURES)], dtype=np.float64)  # without the product columns
        base[FEATURES.index("nodate")] = float(kind == "undated")
        p0 = float(m.prob(base)[0])
        # more shared text, a higher hand-set score (names), than with the other candidates:
        # likelier the same event
        for names in (("tcos", "tcos_margin"), ("rules_score", "rules_margin")):
            x = base.copy()
            for name in names:
                x[FEATURES.index(name)] += part.scale[FEATURES.index(names[0])]
            assert float(m.prob(x)[0]) > p0, (kind, names)
    base = np.array(m.parts["dated"].mean[:len(FEATURES)], dtype=np.float64)
    base[FEATURES.index("nodate")] = 0.0
    x = base.copy()
    x[FEATURES.index("gap_31_90")] = 1.0  # a month or more apart: less likely, other things equal
    assert float(m.prob(x)[0]) < float(m.prob(base)[0])


def test_join_model_scores_dated_and_undated_pairs_with_their_own_part():
    from storylens.corpus.cluster import FEATURES, JoinModel

    n = len(FEATURES)

    def part(intercept: float) -> dict:
        return {"mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * n, "intercept": intercept}

    m = JoinModel({"features": list(FEATURES), "threshold": 0.5,
                   "parts": {"dated": part(2.0), "undated": part(-2.0)}})
    x = np.zeros((3, n))
    x[1, FEATURES.index("nodate")] = 1.0
    p = m.prob(x)
    assert p[0] == p[2] > 0.5 > p[1]
    assert m.part(x[1]) is m.parts["undated"] and m.part(x[0]) is m.parts["dated"]
    one = JoinModel({"features": list(FEATURES), **part(2.0)})
    assert np.allclose(one.prob(x), p[0])
    with pytest.raises(ValueError):
        JoinModel({"features": list(FEATURES), "parts": {"dated": part(1.0)}})


def test_join_model_weighs_the_products_it_lists():
    """A model fitted with a product of two features (text similarity x a late date gap) scores
    the product: the same similarity counts for less a month later, not at all otherwise."""
    from storylens.corpus.cluster import FEATURES, JoinModel

    n = len(FEATURES) + 1
    part = {"mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * (n - 1) + [-4.0], "intercept": 1.0}
    m = JoinModel({"features": list(FEATURES), "products": [["tcos", "gap_31_90"]], **part})
    x = np.zeros((3, len(FEATURES)))
    x[:, FEATURES.index("tcos")] = 0.5
    x[1:, FEATURES.index("gap_31_90")] = 1.0
    x[2, FEATURES.index("tcos")] = 0.0
    p = m.prob(x)
    assert m.expand(x).shape == (3, n) and p[0] == p[2] > 0.5 > p[1]
    with pytest.raises(ValueError):
        JoinModel({"features": list(FEATURES), "products": [["tcos", "no_such_feature"]], **part})


def test_model_scorer_features_match_the_model():
    v = np.ones(16)
    cl = Clusterer(ClusterConfig())
    e1, new1, *_ = cl.assign(art(1, v, FIRE + "ada quell", day=100, persons={"ada quell"}, words={"morrow"}))
    a2 = art(2, v, FIRE + "ada quell morrow", day=101, persons={"ada quell"}, words={"morrow"})
    cands, bg = cl.candidates(a2)
    x = cl.candidate_matrix(a2, cands, cl._tfidf(a2), bg)
    assert new1 and x.shape == (1, len(cl.candidate_matrix.__globals__["FEATURES"]))
    e2, new2, p, _ = cl.assign(a2)
    assert e2 == e1 and not new2 and 0.5 < p <= 1


def test_core_features_read_the_events_main_people_and_latest_year():
    from dataclasses import replace

    from storylens.corpus.cluster import FEATURES
    from storylens.corpus.features import figures_of

    assert {"year:2009", "year:2011", "latest:2011"} <= figures_of("Held in 2009, again in 2011.")
    assert not any(f.startswith("latest:") for f in figures_of("No year here, 12 people."))
    v = np.ones(16)
    cl = Clusterer(ClusterConfig(scorer="rules", threshold=-10))  # everything joins: one event
    for seq in (1, 2, 3):
        a = art(seq, v, "the gala host ada quell spoke", persons={"ada quell"})
        cl.assign(replace(a, figures=figures_of("the gala of 2008, after 2007")))
    ev = next(iter(cl.open.values()))
    col = {f: i for i, f in enumerate(FEATURES)}

    def feats(text: str, persons: set, year_text: str) -> list[float]:
        a = replace(art(9, v, text, persons=persons), figures=figures_of(year_text))
        cl.observe(a)
        return cl.pair_features(a, ev, 1.0, cl._tfidf(a), 0.0)

    other = feats("the gala host bo renn spoke", {"bo renn"}, "the gala of 2013, after 2012")
    same = feats("the gala host ada quell spoke", {"ada quell"}, "the gala of 2008")
    assert other[col["core_absent"]] == 1.0 and same[col["core_absent"]] == 0.0
    assert other[col["person_support"]] == 0.0 and same[col["person_support"]] == 1.0
    assert other[col["latest_gap"]] == 5.0 and other[col["latest_same"]] == 0.0
    assert same[col["latest_gap"]] == 0.0 and same[col["latest_same"]] == 1.0


def test_a_lone_candidate_has_no_margin():
    from storylens.corpus.cluster import FEATURES

    v = np.ones(16)
    cl = Clusterer(ClusterConfig())
    cl.assign(art(1, v, "a crane fell at the harbour, ada quell said", day=100, persons={"ada quell"}))
    a2 = art(2, v, "a crane fell at the harbour, bo renn said", day=100, persons={"bo renn"})
    cands, bg = cl.candidates(a2)
    x = cl.candidate_matrix(a2, cands, cl._tfidf(a2), bg)
    assert len(cands) == 1
    assert x[0, FEATURES.index("tcos")] > 0 and x[0, FEATURES.index("tcos_margin")] == 0
    assert all(x[0, FEATURES.index(f)] == 0 for f in FEATURES if f.endswith("_margin"))


def test_name_evidence_beyond_the_lead_is_read_from_the_whole_text():
    from dataclasses import replace

    from storylens.corpus.cluster import FEATURES

    v = np.ones(16)
    cl = Clusterer(ClusterConfig())
    first = replace(art(1, v, "a crane fell on harbour road; ada quell was hurt, said bo renn the driver", day=100,
                        persons={"ada quell"}), places=frozenset({"harbour road"}))
    cl.assign(first)
    ev = next(iter(cl.open.values()))
    col = {f: i for i, f in enumerate(FEATURES)}

    def feats(text: str, persons: set) -> list[float]:
        a = art(2, v, text, day=104, persons=persons)
        cl.observe(a)
        return cl.pair_features(a, ev, 0.5, cl._tfidf(a), 0.0)

    # a later report opens with the driver; the victim and the road come further down its text
    later = feats("bo renn was charged on monday. the crane hurt ada quell on harbour road", {"bo renn"})
    other = feats("cy vale was charged on monday after a crane fell at a depot", {"cy vale"})
    assert later[col["names_in_text"]] > 0 and later[col["sites_in_text"]] > 0
    assert later[col["names_in_event_text"]] > 0
    assert other[col["names_in_text"]] == other[col["sites_in_text"]] == other[col["names_in_event_text"]] == 0


def test_events_of_the_same_days_are_candidates_though_not_nearest_in_vector():
    rng = np.random.default_rng(1)
    base = rng.normal(size=16)
    for k, want in ((2, True), (0, False)):
        # nothing joins (every report its own event), no name look-up: the vector and the days decide
        cl = Clusterer(ClusterConfig(scorer="rules", threshold=10, evidence_words=0, candidates=2, day_candidates=k))
        same_day = cl.assign(art(1, base + rng.normal(size=16) * 2, day=100))[0]
        for seq in range(2, 8):  # closer in vector, other days
            cl.assign(art(seq, base + rng.normal(size=16) * 0.1, day=300 + 10 * seq))
        a = art(9, base, day=101)
        cl.observe(a)
        ids = [ev.id for ev, _, _ in cl.candidates(a)[0]]
        assert (same_day in ids) is want and len(ids) == 2 + want and len(cl.open) == 7


def test_margins_are_taken_over_a_typical_rival_when_one_is_given():
    """With few events open, a middling candidate must not look far ahead of an unrelated one:
    the model's typical runner-up is always among the rivals, and a lone candidate is measured
    against it too."""
    from storylens.corpus.cluster import _MARGINS, FEATURES, JoinModel, with_margins

    width = len(FEATURES) - len(_MARGINS)
    col = {name: FEATURES.index(name) for name, _ in _MARGINS}
    base = np.zeros((2, width))
    base[:, col["tcos"]] = [0.30, 0.02]  # a middling candidate and an unrelated one
    rival = np.full(len(_MARGINS), 0.2)
    bare, ref = with_margins(base, None), with_margins(base, rival)
    m = FEATURES.index("tcos_margin")
    assert bare[0, m] == pytest.approx(0.28) and ref[0, m] == pytest.approx(0.10)
    assert bare[1, m] == ref[1, m] == pytest.approx(-0.28)  # the runner-up is still measured against the best
    close = base.copy()
    close[:, col["tcos"]] = [0.60, 0.50]  # a real runner-up above the reference counts as it is
    assert with_margins(close, rival)[0, m] == pytest.approx(0.10)
    lone = with_margins(base[:1], rival)
    assert with_margins(base[:1], None)[0, m] == 0 and lone[0, m] == pytest.approx(0.10)
    assert lone.shape == (1, len(FEATURES))
    part = {"mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES), "coef": [0.0] * len(FEATURES),
            "intercept": 0.0}
    assert JoinModel({"features": list(FEATURES), **part}).rival is None
    with pytest.raises(ValueError):
        JoinModel({"features": list(FEATURES), **part, "rival": [0.1]})


def test_only_candidates_near_the_articles_day_are_its_rivals():
    """Out of date order every event stays open: an event of another month, worded alike, must
    not crowd the margin of the article's own event. With every candidate a rival the margins
    are as before."""
    from storylens.corpus.cluster import _MARGINS, FEATURES, OpenEvent, with_margins

    width = len(FEATURES) - len(_MARGINS)
    tcos, m = FEATURES.index("tcos"), FEATURES.index("tcos_margin")
    base = np.zeros((3, width))
    base[:, tcos] = [0.50, 0.45, 0.10]  # its own event, one of months before, an unrelated one
    rival = np.full(len(_MARGINS), 0.2)
    near = np.array([True, False, True])
    got = with_margins(base, rival, near)
    assert got[0, m] == pytest.approx(0.30)  # over the typical rival, not the far event's 0.45
    assert got[1, m] == pytest.approx(-0.05)  # the far event is still measured against the best
    assert np.array_equal(with_margins(base, rival, np.ones(3, bool)), with_margins(base, rival))
    assert with_margins(base, None, near)[0, m] == pytest.approx(0.40)  # over the unrelated one
    alone = with_margins(base[:2], None, np.array([True, False]))
    assert alone[0, m] == 0 and alone[1, m] == pytest.approx(-0.05)  # no rival left but itself: no margin

    cl = Clusterer(ClusterConfig(rival_days=30))
    a = art(1, np.ones(4), day=1000)
    evs = [(OpenEvent(id=i, slot=0, first_day=f, last_day=l), 0.5, False)
           for i, (f, l) in enumerate([(990, 1001), (900, 960), (1020, 1040), (None, None)])]
    assert cl.rivals(a, evs).tolist() == [True, False, True, True]
    assert Clusterer(ClusterConfig(rival_days=0)).rivals(a, evs) is None
    assert cl.rivals(art(2, np.ones(4)), evs) is None  # an undated article: every candidate


def test_tolls_and_days_named_in_a_report():
    import datetime as dt

    from storylens.corpus.features import days_of, tolls_of

    got = tolls_of("Two hikers were shot near the pier, killing one. A 41-year-old was wounded. "
                   "No one else was hurt, and 3 people died later.")
    assert got == {"toll:shot:2", "toll:dead:1", "toll:dead:3"}
    wed = dt.date(2033, 3, 9).toordinal()  # a Wednesday
    days = {dt.date.fromordinal(int(d[4:])) for d in days_of("It began Monday; yesterday he fled. "
                                                            "On Nov. 30 she may 4 times return.", wed)}
    assert days == {dt.date(2033, 3, 7), dt.date(2033, 3, 8), dt.date(2032, 11, 30)}
    assert days_of("On Monday, after June 3, 2019.", None) == {f"day:{dt.date(2019, 6, 3).toordinal()}"}


def test_day_and_toll_conflicts_against_the_event():
    from dataclasses import replace

    from storylens.corpus.cluster import FEATURES

    v = np.ones(16)
    cl = Clusterer(ClusterConfig(scorer="rules", threshold=-10))
    cl.assign(replace(art(1, v, "a fire at the mill", day=500), figures=frozenset({"day:499", "toll:dead:2"})))
    ev = next(iter(cl.open.values()))
    col = {f: i for i, f in enumerate(FEATURES)}

    def feats(figs: set) -> tuple[float, float]:
        a = replace(art(2, v, "a fire at the mill", day=501), figures=frozenset(figs))
        cl.observe(a)
        x = cl.pair_features(a, ev, 1.0, cl._tfidf(a), 0.0)
        return x[col["day_conflict"]], x[col["toll_conflict"]]

    assert feats({"day:500", "toll:dead:2"}) == (0.0, 0.0)  # a day apart: no conflict
    assert feats({"day:495", "toll:dead:5"}) == (1.0, 1.0)
    assert feats({"toll:hurt:5", "toll:dead:2", "toll:dead:3"}) == (0.0, 0.0)  # one count agrees; another kind
    assert feats(set()) == (0.0, 0.0)


def test_later_step_words_of_a_report_title_and_lead():
    """Words of a step after the incident (an arrest, a charge, a court, a funeral) in the title
    and lead: distinct words counted, at most 3, and kept by an article stripped of its text."""
    from storylens.corpus.cluster import _slim, later_steps

    v = np.ones(16)
    a = art(1, v, "x")
    assert later_steps(a) == 0.0
    a = replace(a, doc=replace(a.doc, title="Pelham ferryman arrested and charged"))
    assert later_steps(a) == 2.0  # the title alone, when there is no lead
    a = replace(a, lead="Pelham ferryman arrested and charged\nThe ferryman was arrested Monday.")
    assert later_steps(a) == 2.0  # distinct words
    a = replace(a, lead="Jury hears of the arraignment; the funeral of the boatman; a vigil, then sentencing")
    assert later_steps(a) == 3.0
    slim = _slim(a)
    assert slim.lead == "" and later_steps(slim) == 3.0
    assert later_steps(replace(a, lead="A fire broke out at the old mill on the quay.")) == 0.0


def test_a_day_named_as_the_event_s_days_matches():
    """A day the article names within a day of one its event's reports name, or the event's
    first day or the day before it: positive evidence (``day_match``); other days, or none, not."""
    from storylens.corpus.cluster import FEATURES

    v = np.ones(16)
    cl = Clusterer(ClusterConfig(scorer="rules", threshold=-10))
    cl.assign(replace(art(1, v, "a fire at the mill", day=500), figures=frozenset({"day:480"})))
    ev = next(iter(cl.open.values()))

    def match(figs: set) -> float:
        a = replace(art(2, v, "a fire at the mill", day=520), figures=frozenset(figs))
        cl.observe(a)
        return cl.pair_features(a, ev, 1.0, cl._tfidf(a), 0.0)[FEATURES.index("day_match")]

    assert match({"day:481"}) == 1.0  # a day after one the event named
    assert match({"day:499"}) == 1.0  # the day before its first report
    assert match({"day:500", "day:519"}) == 1.0
    assert match({"day:490", "day:519"}) == 0.0
    assert match(set()) == 0.0


def test_shipped_model_takes_later_steps_and_a_matching_day_as_evidence():
    """A report three weeks after its event, unlike it in wording and naming someone else: the
    shipped model gives it a higher join probability when its title tells of a later step (an
    arrest, a charge), and when it names the day before the event's first report."""
    from storylens.corpus.cluster import FEATURES, join_model

    m = join_model()
    v, u = np.zeros(16), np.zeros(16)
    v[0], u[0], u[1] = 1.0, 0.3, np.sqrt(1 - 0.09)
    plain = art(2, u, "fire at the depot", day=121, persons={"bo finch"})
    later = replace(plain, lead="Finch arrested, charged in depot fire\nA suspect was arrested.")
    dated = replace(plain, figures=frozenset({"day:99"}))
    p = {}
    for name, a in (("plain", plain), ("later", later), ("dated", dated)):
        cl = Clusterer(ClusterConfig())
        cl.assign(replace(art(1, v, FIRE + "ada quell", day=100, persons={"ada quell"}),
                          figures=frozenset({"day:100"})))
        cl.observe(a)
        cands, bg = cl.candidates(a)
        x = cl.candidate_matrix(a, cands, cl._tfidf(a), bg, m.rival)
        assert x[0, FEATURES.index("gap_8_30")] == 1.0
        p[name] = float(m.prob(x)[0])
    assert p["later"] > p["plain"] and p["dated"] > p["plain"], p


def test_join_model_of_boosted_trees():
    """A tree model: one stump on ``tcos`` and one on ``person_conflict``; a pair with text in
    common and no conflict joins, either alone does not; each kind of pair has its threshold."""
    from storylens.corpus.cluster import FEATURES, JoinModel

    t, pc = FEATURES.index("tcos"), FEATURES.index("person_conflict")
    stump = {"feature": [[t, 0, 0], [pc, 0, 0]], "cut": [[0.3, 1e300, 1e300], [0.5, 1e300, 1e300]],
             "left": [[1, 1, 2], [1, 1, 2]], "right": [[2, 1, 2], [2, 1, 2]],
             "value": [[0.0, -2.0, 2.0], [0.0, 1.0, -3.0]], "depth": 1, "base": 0.0, "rate": 1.0}
    m = JoinModel({"features": list(FEATURES), "trees": stump, "threshold": 0.5,
                   "thresholds": {"dated": 0.9, "undated": 0.6}})
    x = np.zeros((3, len(FEATURES)))
    x[[0, 1], t] = 0.6
    x[1, pc] = 1.0
    x[2, FEATURES.index("nodate")] = 1.0
    p = m.prob(x)
    assert p[0] > 0.9 and p[1] < 0.5 and p[2] < 0.5
    assert m.threshold_for(x[0]) == 0.9 and m.threshold_for(x[2]) == 0.6
    with pytest.raises(ValueError):
        JoinModel({"features": list(FEATURES), "trees": {**stump, "cut": [[0.3]]}})


def _names_model(tmp_path) -> str:
    """A join model that weighs only the name words an article shares with an event: one
    shared word or more joins, none does not."""
    return one_feature_model(tmp_path / "names.json", "shared_names", 10.0, -3.0)


def _bridged(cl: Clusterer) -> list[str]:
    """A report, a follow-up naming only new people, then a report naming both; the stream goes
    on until every event closes. The event of each of the three reports, after merges."""
    v = np.ones(16)
    rng = np.random.default_rng(3)
    got = [cl.assign(art(1, v, "a barn burned near the mill, said ada quell", persons={"ada quell"}))[0],
           cl.assign(art(2, v, "bo renn was charged with arson", persons={"bo renn"}))[0],
           cl.assign(art(3, v, "bo renn, charged over the barn, knew ada quell",
                         persons={"ada quell", "bo renn"}))[0]]
    where = dict(zip(("r1", "r2", "r3"), got))
    seen = []

    def relabel() -> None:
        nonlocal where
        for gone, keep, _ in cl.merged:
            where = {k: keep if e == gone else e for k, e in where.items()}
        seen.extend(cl.merged)
        cl.merged.clear()

    for seq in range(4, 12):  # unrelated reports, so the three close by count
        cl.assign(art(seq, rng.normal(size=16), persons={f"x{seq} y{seq}"}))
        cl.close_stale(seq)
        relabel()
    cl.close_all()
    relabel()
    cl.merged.extend(seen)
    return [where[k] for k in ("r1", "r2", "r3")]


def test_a_small_event_takes_a_second_look_as_it_closes(tmp_path):
    """The follow-up shares no name with the first report and starts its own event; a later
    report names both, and when the follow-up's event closes the model, asked again, joins it
    to the grown event. Without the second look (or when none would join) it stays apart."""
    model = _names_model(tmp_path)
    on = Clusterer(ClusterConfig(model_file=model, close_after=3, second_look=1, merge=0))
    off = Clusterer(ClusterConfig(model_file=model, close_after=3, second_look=0, merge=0))
    r1, r2, r3 = _bridged(on)
    assert r1 == r2 == r3
    assert on.merged and not on.lookback  # nothing kept once every event has closed
    r1, r2, r3 = _bridged(off)
    assert r1 == r3 != r2 and not off.merged and not off.lookback


def test_second_look_keeps_articles_only_of_small_open_events(tmp_path):
    model = _names_model(tmp_path)
    cl = Clusterer(ClusterConfig(model_file=model, second_look=1))
    v = np.ones(16)
    e1 = cl.assign(art(1, v, "a kiln cracked, said ada quell", persons={"ada quell"}))[0]
    assert [a.doc.text for a in cl.lookback[e1]] == [""]  # kept without its text
    assert cl.assign(art(2, v, "the kiln of ada quell", persons={"ada quell"}))[0] == e1
    assert e1 not in cl.lookback  # two articles: no longer small


def test_split_model_cuts_two_groups_only_when_they_are_apart():
    """Average linkage in two over pair probabilities: two blocks far apart are split (the
    first article's group keeps label 0); one block, a lone outlier (a group under
    ``min_part``) or blocks close together are not."""
    from storylens.corpus.cluster import SPLIT_FEATURES, SplitModel

    n = len(SPLIT_FEATURES)
    m = SplitModel({"features": list(SPLIT_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "coef": [0.0] * n,
                    "intercept": 0.0, "threshold": 0.5, "min_part": 2})
    idx = [(i, j) for i in range(5) for j in range(i + 1, 5)]

    def probs(block: set[int], within: float, across: float) -> np.ndarray:
        return np.array([within if (i in block) == (j in block) else across for i, j in idx])

    assert m.groups(5, idx, probs({1, 3}, 0.9, 0.1)) == [0, 1, 0, 1, 0]
    assert m.groups(5, idx, probs({0, 3}, 0.9, 0.1)) == [0, 1, 1, 0, 1]
    assert m.groups(5, idx, probs(set(), 0.9, 0.1)) is None
    assert m.groups(5, idx, probs({4}, 0.9, 0.1)) is None
    assert m.groups(5, idx, probs({1, 3}, 0.9, 0.6)) is None
    with pytest.raises(ValueError):
        SplitModel({"features": ["vcos"], "mean": [0.0], "scale": [1.0], "coef": [0.0], "intercept": 0.0,
                    "threshold": 0.5})


def _two_in_one(cl: Clusterer) -> dict[str, str]:
    """Two events of one kind that the join model (which joins everything) puts in one: three
    reports naming one person, three naming another; the stream ends. Article -> event."""
    v = np.ones(16)
    where = {}
    for seq, who in enumerate(["ada quell"] * 3 + ["bo renn"] * 3, 1):
        where[f"d{seq}"] = cl.assign(art(seq, v, f"a barn burned, said {who}", persons={who}), f"k{seq}")[0]
    closed = cl.close_all()
    for src, new, keys in cl.splits:
        for k in keys:
            where[f"d{k[1:]}"] = new
    assert sorted(e.id for e in closed) == sorted(set(where.values()))
    return where


def test_an_event_of_two_groups_is_split_as_it_closes(tmp_path):
    """Every report joins the first event (a join model that always joins); as it closes, the
    split model (people shared or not) finds two groups of three and splits off the second,
    whose closed event holds its own people. With the split off, one event stays."""
    join = one_feature_model(tmp_path / "all.json", "cent", 0.0, 5.0)
    split = one_feature_split_model(tmp_path / "people.json", "persons_shared", 20.0, -5.0)
    on = Clusterer(ClusterConfig(model_file=join, split_file=split, split=4, second_look=0))
    where = _two_in_one(on)
    assert len({where[f"d{i}"] for i in (1, 2, 3)}) == 1 and len({where[f"d{i}"] for i in (4, 5, 6)}) == 1
    assert where["d1"] != where["d4"] and not on.kept
    off = Clusterer(ClusterConfig(model_file=join, split_file=split, split=0, second_look=0))
    assert len(set(_two_in_one(off).values())) == 1
    small = Clusterer(ClusterConfig(model_file=join, split_file=split, split=7, second_look=0))
    assert len(set(_two_in_one(small).values())) == 1  # fewer articles than cluster.split: not tested


def test_a_split_event_keeps_its_people_apart(tmp_path):
    join = one_feature_model(tmp_path / "all.json", "cent", 0.0, 5.0)
    split = one_feature_split_model(tmp_path / "people.json", "persons_shared", 20.0, -5.0)
    cl = Clusterer(ClusterConfig(model_file=join, split_file=split, split=4, second_look=0))
    v = np.ones(16)
    for seq, who in enumerate(["ada quell"] * 3 + ["bo renn"] * 3, 1):
        cl.assign(art(seq, v, f"a barn burned, said {who}", persons={who}), f"k{seq}")
    first, second = cl.close_all()
    assert (first.n, second.n) == (3, 3) and first.keys == ["k1", "k2", "k3"]
    assert set(first.persons) == {"ada quell"} and set(second.persons) == {"bo renn"}
    assert cl.splits == [(first.id, second.id, ["k4", "k5", "k6"])]


def test_an_event_level_decision_splits_groups_a_single_threshold_keeps(tmp_path):
    """Two groups of three (people shared or not) whose pair probabilities are 0.8 within and
    0.5 between: under a single threshold of 0.4 the event stays one; an event-level model
    over the cut's features (the within - between difference) splits it, and still keeps an
    event of one person whole."""
    import json

    from storylens.corpus.cluster import cut_features

    join = one_feature_model(tmp_path / "all.json", "cent", 0.0, 5.0)
    path = tmp_path / "people.json"
    one_feature_split_model(path, "persons_shared", 2.0 / np.log(2.0), 0.0, threshold=0.4)
    assert len(set(_two_in_one(Clusterer(ClusterConfig(model_file=join, split_file=str(path), split=4,
                                                       second_look=0))).values())) == 1
    n = len(cut_features(np.eye(2), np.array([0, 1])))
    coef = [0.0] * n
    coef[2] = 10.0
    data = json.loads(path.read_text())
    path = tmp_path / "people_event.json"  # models are cached by path
    path.write_text(json.dumps({**data, "event": {"mean": [0.0] * n, "scale": [1.0] * n, "coef": coef,
                                                  "intercept": -2.0}, "event_threshold": 0.5}))
    cl = Clusterer(ClusterConfig(model_file=join, split_file=str(path), split=4, second_look=0))
    where = _two_in_one(cl)
    assert len({where[f"d{i}"] for i in (1, 2, 3)}) == 1 and len({where[f"d{i}"] for i in (4, 5, 6)}) == 1
    assert where["d1"] != where["d4"]
    one = Clusterer(ClusterConfig(model_file=join, split_file=str(path), split=4, second_look=0))
    for seq in range(1, 7):
        one.assign(art(seq, np.ones(16), "a barn burned, said ada quell", persons={"ada quell"}), f"k{seq}")
    assert len(one.close_all()) == 1 and not one.splits


def test_split_settings_reach_the_clusterer_from_options():
    from storylens.corpus.run import corpus_settings

    cs = corpus_settings(None, ["cluster.split=0", "cluster.split_keep=32", "cluster.split_file=other.json"])
    assert (cs.cluster.split, cs.cluster.split_keep, cs.cluster.split_file) == (0, 32, "other.json")
    assert ClusterConfig().split == 4


def _apart(cl: Clusterer, day: int | None = None) -> dict[str, str]:
    """Six reports that a join model which never joins leaves in six events: three naming one
    person, three another (all of ``day``); the stream ends and the merges are applied.
    Article -> event."""
    where = {}
    for seq, who in enumerate(["ada quell", "bo renn"] * 3, 1):
        a = art(seq, np.ones(16), f"a barn burned, said {who}", day=day, persons={who})
        where[f"k{seq}"] = cl.assign(a, f"k{seq}")[0]
    cl.close_all()
    for gone, keep, keys in cl.merged:
        for k, e in where.items():
            if e == gone:
                where[k] = keep
    return where


def test_events_of_one_incident_merge_as_they_close(tmp_path):
    """Each report starts its own event; as they close, the merge model (the mean pair
    probability between the events, by people shared) merges those of one person, and the two
    people's events stay apart. With the merge off, six events stay."""
    join = one_feature_model(tmp_path / "never.json", "cent", 0.0, -5.0)
    split = one_feature_split_model(tmp_path / "people.json", "persons_shared", 20.0, -5.0)
    merge = one_feature_merge_model(tmp_path / "between.json", "between", 10.0, -5.0)
    cfg = ClusterConfig(model_file=join, split_file=split, merge_file=merge, merge=8, second_look=0)
    on = Clusterer(cfg)
    where = _apart(on)
    assert len({where[f"k{i}"] for i in (1, 3, 5)}) == 1 and len({where[f"k{i}"] for i in (2, 4, 6)}) == 1
    assert where["k1"] != where["k2"] and len(on.merged) == 4 and not on.kept
    off = Clusterer(replace(cfg, merge=0))
    assert len(set(_apart(off).values())) == 6 and not off.merged
    lone = Clusterer(replace(cfg, merge=1))  # only the nearest open event (the next report) is compared
    assert len(set(_apart(lone).values())) >= 2
    dated = Clusterer(cfg)  # two dated events are not merged ...
    assert len(set(_apart(dated, day=100).values())) == 6
    dated = Clusterer(replace(cfg, merge_dated=True))  # ... unless asked
    assert len(set(_apart(dated, day=100).values())) == 2


def test_an_event_merged_as_it_closes_still_takes_the_split_test(tmp_path):
    """A merge model that merges any two events puts the two people's reports in one event; the
    last event to close, holding them all, is split by the split model (people shared) into the
    two people's events."""
    join = one_feature_model(tmp_path / "never.json", "cent", 0.0, -5.0)
    split = one_feature_split_model(tmp_path / "people.json", "persons_shared", 20.0, -5.0)
    merge = one_feature_merge_model(tmp_path / "any.json", "between", 0.0, 5.0)
    cl = Clusterer(ClusterConfig(model_file=join, split_file=split, merge_file=merge, merge=8, second_look=0,
                                 split=4))
    where = _apart(cl)
    for src, new, keys in cl.splits:
        for k in keys:
            where[k] = new
    assert len(cl.splits) == 1
    src, new, moved = cl.splits[0]
    people = {k: "ada" if int(k[1:]) % 2 else "bo" for k in where}
    stayed = [k for k, e in where.items() if e == src]
    assert len(moved) >= 2 and len(stayed) >= 2
    assert len({people[k] for k in moved}) == 1 and {people[k] for k in stayed} == {"ada", "bo"} - {people[moved[0]]}
    off = Clusterer(ClusterConfig(model_file=join, split_file=split, merge_file=merge, merge=0, second_look=0, split=4))
    _apart(off)
    assert not off.splits


def test_merge_settings_reach_the_clusterer_from_options():
    from storylens.corpus.run import corpus_settings

    cs = corpus_settings(None, ["cluster.merge=4", "cluster.merge_sample=6", "cluster.merge_file=other.json",
                                "cluster.merge_dated=true"])
    assert (cs.cluster.merge, cs.cluster.merge_sample, cs.cluster.merge_file, cs.cluster.merge_dated) == \
        (4, 6, "other.json", True)
    assert ClusterConfig().merge == 8 and not ClusterConfig().merge_dated
