"""Placing a stream in date order (:mod:`storylens.corpus.reorder`)."""
from __future__ import annotations

import random

from storylens.corpus.reorder import Reorder, in_date_order


def test_a_window_as_long_as_the_stream_places_it_in_date_order_ties_in_arrival_order():
    days = [12, 10, 11, 10, 14, 12, 10]
    got = in_date_order([(i, d, f"x{i}") for i, d in enumerate(days, 1)], window=len(days))
    assert [d for d in (days[s - 1] for s, _ in got)] == sorted(days)
    assert [s for s, _ in got] == [2, 4, 7, 3, 1, 6, 5]  # within a day, as they came
    assert [x for _, x in got] == [f"x{s}" for s, _ in got]


def test_window_zero_places_articles_as_they_arrive():
    days = [5, 3, None, 4]
    assert [s for s, _ in in_date_order([(i, d, i) for i, d in enumerate(days, 1)], window=0)] == [1, 2, 3, 4]


def test_a_short_window_undoes_only_short_disorder_and_holds_no_more_than_it():
    r: Reorder[int] = Reorder(2)
    out = []
    for i, d in enumerate([30, 10, 20, 5, 40, 35], 1):
        r.push(i, d, i)
        assert len(r) <= 3
        out.extend(s for s, _ in r.release())
        assert len(r) <= 2
    out.extend(s for s, _ in r.drain())
    # day 5 arrives after day 10 has gone (two held at most): placed after it, before day 20
    assert out == [2, 4, 3, 1, 6, 5]


def test_undated_articles_go_ahead_of_held_dated_ones_in_their_order_of_arrival():
    items = [(1, 20, "a"), (2, None, "u1"), (3, 10, "b"), (4, None, "u2")]
    assert [x for _, x in in_date_order(items, window=10)] == ["u1", "u2", "b", "a"]


def test_any_shuffle_of_a_stream_of_distinct_days_comes_out_the_same():
    stream = [(i, 100 + 3 * i, i) for i in range(1, 60)]
    want = [x for _, x in in_date_order(stream, window=64)]
    for seed in range(3):
        mixed = list(stream)
        random.Random(seed).shuffle(mixed)
        assert [x for _, x in in_date_order(mixed, window=64)] == want
