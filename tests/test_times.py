"""Times of day: read from text, written back, and lined up across reports as claims."""
from __future__ import annotations

import pytest

from storylens.config import Settings
from storylens.model import Document, Report
from storylens.pipeline.state import EventState
from storylens.stages import claims as C
from storylens.text.clock import CLOCK_UNIT, clock_gap, clock_text, find_times


def doc(did: str, text: str) -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=None, dateline=None, text=text)


def groups(docs):
    state = EventState(documents=list(docs), settings=Settings(embeddings=False))
    state.sections["origins"] = []
    return C.run(state)["claim_groups"]


def times(gs):
    return [g for g in gs if g.unit == CLOCK_UNIT]


@pytest.mark.parametrize("text, hours, qualifier, span", [
    ("The ferry left about 6:15 p.m. on Friday.", 18.25, "about", "about 6:15 p.m."),
    ("Crews arrived shortly after midnight.", 0.0, "after", "shortly after midnight"),
    ("It opened at 9 a.m. sharp.", 9.0, None, "9 a.m."),
    ("The vote closed at 12 a.m., then at 12:30 p.m. it reopened.", 0.0, None, "12 a.m."),
    ("Rain began just before 7.45 pm in the hills.", 19.75, "before", "just before 7.45 pm"),
    ("The bells rang at noon.", 12.0, None, "noon"),
])
def test_times_are_read_with_their_qualifier(text, hours, qualifier, span):
    t = next(find_times(text))
    assert (t.hours, t.qualifier, text[t.start:t.end]) == (hours, qualifier, span)


def test_words_and_figures_that_are_no_time_of_day():
    assert [t.hours for t in find_times("A midnight vigil drew 300 people; the score was 3:2.")] == []
    assert [t.hours for t in find_times("The 10.5 metre mast fell; 4 am was quiet.")] == [4.0]


@pytest.mark.parametrize("hours, shown", [(18.25, "6:15 p.m."), (0, "midnight"), (12, "noon"), (0.5, "12:30 a.m."),
                                          (9, "9 a.m."), (23.9999, "midnight")])
def test_times_are_written_as_reports_write_them(hours, shown):
    assert clock_text(hours) == shown
    assert C.display_value(hours, CLOCK_UNIT) == shown


def test_the_gap_between_times_goes_the_short_way_round_midnight():
    assert clock_gap(23.5, 0.25) == pytest.approx(0.75)
    assert clock_gap(6, 18) == 12


def test_approximate_times_of_one_happening_reconcile():
    gs = times(groups([doc("a", "The warehouse fire broke out about 9:10 p.m. Friday, the brigade said."),
                       doc("b", "The warehouse fire broke out around 9:20 p.m. on Friday.")]))
    assert len(gs) == 1
    g = gs[0]
    assert g.status == "reconciled" and {c.doc for c in g.claims} == {"a", "b"}
    assert "9:10 p.m." in g.note and "9:20 p.m." in g.note
    assert g.topic == "time the warehouse fire broke out"
    assert all(c.kind == "time" and c.subject == "the warehouse fire broke out" for c in g.claims)


def test_exact_times_that_differ_disagree_and_equal_ones_agree():
    differ = times(groups([doc("a", "The warehouse fire broke out at 9:10 p.m. Friday."),
                           doc("b", "The warehouse fire broke out at 10:05 p.m. Friday.")]))
    assert [g.status for g in differ] == ["disagree"] and "differ" in differ[0].note
    same = times(groups([doc("a", "The warehouse fire broke out at 9:10 p.m. Friday."),
                         doc("b", "Witnesses said the warehouse fire broke out at 9:10 p.m.")]))
    assert [g.status for g in same] == ["agree"] and same[0].value == pytest.approx(21 + 1 / 6, abs=1e-3)


def test_times_hours_apart_are_two_happenings():
    gs = times(groups([doc("a", "The warehouse fire broke out at 9:10 p.m. Friday."),
                       doc("b", "The warehouse fire broke out at 2 a.m. Saturday.")]))
    assert len(gs) == 2 and all(g.status == "single" for g in gs)


def test_a_time_is_no_count():
    gs = groups([doc("a", "The warehouse fire broke out at 9 p.m. and 40 firefighters came.")])
    assert not any(g.unit != CLOCK_UNIT and g.value == 9 for g in gs)
    assert [g.value for g in times(gs)] == [21.0]


def test_reports_show_the_time_not_the_hour_number():
    from storylens.render.markdown import section_claims

    docs = [doc("a", "The warehouse fire broke out about 9:10 p.m. Friday."),
            doc("b", "The warehouse fire broke out around 9:20 p.m. Friday.")]
    gs = groups(docs)
    text = "\n".join(section_claims(Report(documents=docs, claim_groups=gs)))
    assert "9:10 p.m." in text and "9:20 p.m." in text and "21.1667" not in text


@pytest.mark.parametrize("sentence, phrase", [
    ("Shots were fired shortly after midnight.", "shots were fired"),
    ("The ferry's crew raised the alarm at 4 a.m. on Monday.", "the ferry's crew raised the alarm"),
    ("At 10 p.m., divers found the missing kayak.", "divers found the missing kayak"),
    ("It happened at 4 p.m.", None),
])
def test_what_happened_at_a_time(sentence, phrase):
    from storylens.nlp import parse
    from storylens.stages.times import happening

    at = next(find_times(sentence)).at
    assert happening(parse([sentence])[0], at) == phrase
