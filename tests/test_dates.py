"""Date expressions and their resolution against the report's own date, on invented texts."""
from __future__ import annotations

import datetime as dt

from storylens.model import Document
from storylens.stages.timeline import build_timeline, find_dates, resolve_relative


def doc(text: str, did: str = "d1", published: str | None = None, dropped=None) -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=published, dateline=None,
                    text=text, dropped=list(dropped or []),
                    published_precision="day" if published and len(published) == 10 else None)


def test_absolute_forms():
    ms = find_dates(doc("The dam broke on Sept. 4, 2019 and again on 12 March 2020. Repairs began in "
                        "June of 2021 and ended in 2022."))
    got = [(m.year, m.month, m.day, m.precision) for m in ms]
    assert got == [(2019, 9, 4, "day"), (2020, 3, 12, "day"), (2021, 6, None, "month"), (2022, None, None, "year")]


def test_clock_times_and_copyright_are_not_dates():
    ms = find_dates(doc("Crews arrived at 7:15 a.m.\n© 2023 Harbour Times. All rights reserved."))
    assert ms == []


def test_weekday_resolved_against_published_date():
    d = doc("The ferry sank on Tuesday, officials said Thursday.", published="2022-05-13")  # a Friday
    tl = build_timeline([d])
    dates = sorted(t.date for t in tl)
    assert dates == ["2022-05-10", "2022-05-12"]
    assert all(t.precision == "day" and d.text[t.start:t.end] == t.text for t in tl)


def test_relative_needs_a_reference():
    assert build_timeline([doc("The ferry sank on Tuesday.")]) == []
    ref = dt.date(2022, 5, 13)
    from storylens.stages.timeline import DateMention

    m = DateMention("d1", 0, 9, "last week", None, None, None, "day", relative="last week")
    assert resolve_relative(m, ref) == ("2022-05", "month")
    m = DateMention("d1", 0, 9, "last November", None, None, None, "day", relative="last november")
    assert resolve_relative(m, ref) == ("2021-11", "month")


def test_year_from_published_date_and_year_boundary():
    d = doc("The strike began on Dec. 28 and talks resume on Jan. 9.", published="2023-01-04")
    got = {t.expression: t.date for t in build_timeline([d])}
    assert got["Dec. 28"] == "2022-12-28"
    assert got["Jan. 9"] == "2023-01-09"


def test_year_from_other_reports():
    a = doc("The bridge closed on April 2, 2018 after cracks were found.", did="a")
    b = doc("Engineers have studied the bridge since April 2.", did="b")
    c = doc("Traffic was diverted from May 5.", did="c")
    tl = build_timeline([a, b, c])
    by_doc = {t.doc: t for t in tl}
    assert by_doc["b"].date == "2018-04-02"  # the same month and day written with a year elsewhere
    assert by_doc["c"].date == "2018-05-05"  # the event's year
    assert sorted(by_doc["a"].docs) == ["a", "b"] and by_doc["a"].status == "agree"


def test_no_year_anywhere_keeps_month_and_day():
    tl = build_timeline([doc("The fair opened on Aug. 3.")])
    assert tl[0].date == "--08-03" and tl[0].date[-6:] == "-08-03"


def test_copyright_year_after_the_stated_years_is_ignored():
    a = doc("The siege ended on June 1, 2016.", did="a")
    b = doc("Aid arrived on June 9.\n© 2024 Some Paper", did="b")
    c = doc("Aid arrived on June 9.", did="c", dropped=["Copyright 2024 Other Paper"])
    got = {t.doc: t.date for t in build_timeline([a, b, c])}
    assert got["b"] == "2016-06-09" and got["c"] == "2016-06-09"


def test_weekday_ahead_in_future_sentences():
    d = doc("The port was closed on Thursday and will stay shut until Sunday.", published="2022-05-13")
    got = {t.expression: t.date for t in build_timeline([d])}
    assert got["Thursday"] == "2022-05-12" and got["Sunday"] == "2022-05-15"


def test_weekday_after_by_or_from_looks_ahead_only_in_future_sentences():
    published = "2022-05-13"  # a Friday
    fut = doc("Crews will have the line repaired by Tuesday.", published=published)
    fut2 = doc("The ferry said it would run again from Monday.", did="d2", published=published)
    past = doc("The line had been closed from Monday.", did="d3", published=published)
    nxt = doc("The inquiry opens next Wednesday.", did="d4", published=published)
    got = {t.doc: t.date for t in build_timeline([fut, fut2, past, nxt])}
    assert got == {"d1": "2022-05-17", "d2": "2022-05-16", "d3": "2022-05-09", "d4": "2022-05-18"}
