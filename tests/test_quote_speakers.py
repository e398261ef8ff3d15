"""The fitted speaker model of the quotes stage and grouping quotes by speaker.
Texts are invented for these tests."""
from __future__ import annotations

import json
from pathlib import Path

from storylens.model import Document, Quote, QuoteGroup
from storylens.stages import quotes_speaker
from storylens.stages.quote_rules import paragraphs, quote_spans
from storylens.stages.quotes import extract_quotes


def _doc(text: str) -> Document:
    return Document(id="d1", title=None, outlet=None, origin=None, published=None, dateline=None, text=text)


def _direct(nlp, text: str) -> list[Quote]:
    return [q for q in extract_quotes(_doc(text), nlp(text)) if q.kind == "direct"]


def _without_model(monkeypatch):
    monkeypatch.setattr(quotes_speaker, "MODEL", Path("/nonexistent/quote_speaker.json"))
    quotes_speaker._model.cache_clear()


def test_the_shipped_model_matches_the_features():
    d = json.loads(quotes_speaker.MODEL.read_text(encoding="utf-8"))
    assert d["features"] == list(quotes_speaker.FEATURES)
    assert len(d["mean"]) == len(d["scale"]) == len(d["coef"]) == len(quotes_speaker.FEATURES)
    assert all(s > 0 for s in d["scale"])
    assert 0.0 <= d["threshold"] <= 1.0 and 0.0 <= d["fill"] <= 1.0


def test_same_name_joins_a_surname_or_given_name_only():
    same = quotes_speaker.same_name
    assert same("Ana Ruiz", "Ruiz") and same("Ruiz", "Ana Ruiz") and same("Ana", "Ana Ruiz")
    assert not same("Ana Ruiz", "Ana Lopez") and not same("Ruiz", "Lopez")


def test_a_surname_is_one_candidate_with_the_full_name(nlp):
    text = ('Councillor Ivo Brandt spoke to the press on Monday.\n\n'
            '"We cannot pay for a second ferry this year," Brandt said.')
    sp = nlp(text)
    quoted = [(s.start, s.end) for s in quote_spans(text)]
    m = quotes_speaker.mentions(text, sp, paragraphs(text), quoted)
    start, end = quoted[0]
    names = [c[0] for c in quotes_speaker.candidates(m, start, end, None, None)]
    assert "Ivo Brandt" in names and "Brandt" not in names


def test_the_one_spoken_to_is_marked_as_a_listener(nlp):
    text = '"We cannot pay for a second ferry this year," Councillor Ivo Brandt told Marta Velez.'
    sp = nlp(text)
    quoted = [(s.start, s.end) for s in quote_spans(text)]
    m = quotes_speaker.mentions(text, sp, paragraphs(text), quoted)
    feats = {c[0]: dict(zip(quotes_speaker.FEATURES, c[2]))
             for c in quotes_speaker.candidates(m, *quoted[0], ("Ivo Brandt", "named", 52, True), None)}
    assert feats["Marta Velez"]["object_of_listen"] == 1.0
    assert feats["Ivo Brandt"]["rule_named"] == 1.0 and feats["Marta Velez"]["rule"] == 0.0


def test_a_quotation_standing_alone_takes_the_person_introduced_before_it(nlp, monkeypatch):
    # no attribution next to the quotation: the rules name no one, the model the person
    # introduced in the paragraph before
    text = ('The council met on Tuesday to discuss the harbour plan.\n\n'
            'Marta Velez, who chairs the planning board, spoke first and warned against delays.\n\n'
            '"We have waited six years for this bridge and the town cannot wait another winter."\n\n'
            'The vote is set for May.')
    assert [q.speaker for q in _direct(nlp, text)] == ["Marta Velez"]
    _without_model(monkeypatch)
    try:
        assert [q.speaker for q in _direct(nlp, text)] == [None]
    finally:
        monkeypatch.undo()
        quotes_speaker._model.cache_clear()


def test_an_unresolved_it_is_not_filled_with_a_person(nlp):
    text = ('"We will reopen the hall in spring," Mayor Ada Linn said.\n'
            'The festival was cancelled. It promised to "bring the whole town together again next year".')
    qs = _direct(nlp, text)
    assert qs[-1].speaker != "Ada Linn"


def test_pieces_of_one_statement_join_across_a_surname_and_the_full_name(nlp):
    text = ('Mayor Ilse Varnow opened the new bridge on Saturday.\n\n'
            '"This bridge took six years," Varnow said. "It will carry every ferry passenger into town."')
    qs = _direct(nlp, text)
    assert {q.speaker for q in qs} <= {"Ilse Varnow", "Varnow"}


def test_quotes_of_one_person_in_any_spelling_are_one_heading():
    from storylens.render.quotes import by_speaker

    def group(gid: str, speaker: str, doc: str, entity: str | None) -> QuoteGroup:
        q = Quote(doc=doc, start=0, end=5, text=gid * 5, speaker=speaker, speaker_entity=entity)
        return QuoteGroup(id=gid, speaker=speaker, quotes=[q], variants=[], kind="direct")

    groups = [group("a", "Varga", "d1", "e1"), group("b", "Ana Varga", "d2", "e1"),
              group("c", "Ana Varga", "d3", "e1"), group("d", "Tomas Eck", "d1", None),
              group("e", "Eck", "d2", None)]
    heads = by_speaker(groups)
    assert [(name, [g.id for _, g in members]) for name, members in heads][0] == ("Ana Varga", ["a", "b", "c"])
    # without a linked entity a surname is its own heading: linking is the entities stage's work
    assert sorted(name for name, _ in heads[1:]) == ["Eck", "Tomas Eck"]


def test_a_title_case_heading_is_no_candidate_speaker():
    text = ('Budget Talks Stall Again: "a waste of everyone\'s time" is how the Harbour Board put it.\n\n'
            'Trade Unions Reject Port Levy\n\nThe Harbour Board met on Monday.')
    paras = paragraphs(text)
    assert quotes_speaker._heading(text, 0, len("Budget Talks Stall Again"), {a for a, _ in paras})
    line = text.index("Trade Unions")
    assert quotes_speaker._heading(text, line, line + len("Trade Unions Reject Port Levy"), {a for a, _ in paras})
    assert not quotes_speaker._heading(text, text.index("Harbour Board met"), text.index(" met"), {a for a, _ in paras})


def test_a_colon_clause_without_a_verb_of_saying_names_the_speaker(nlp, monkeypatch):
    _without_model(monkeypatch)  # the attribution rules alone
    try:
        text = 'Mayor Tobias Wendt fired back at the council on Friday:\n\n"The boats are ready and the crews are hired."'
        assert [q.speaker for q in _direct(nlp, text)] == ["Tobias Wendt"]
        text = 'FERRY PLAN STALLS AGAIN - Ilse Varnow: "The board has promised a date three times now and missed every one."'
        assert [q.speaker for q in _direct(nlp, text)] == ["Ilse Varnow"]
        # a name the clause governs as an object does not speak
        text = 'Councillor Ilse Varnow sent a blunt message to Tobias Wendt:\n\n"Hire the crews or resign."'
        assert [q.speaker for q in _direct(nlp, text)] == ["Ilse Varnow"]
    finally:
        monkeypatch.undo()
        quotes_speaker._model.cache_clear()


def test_the_one_asked_a_question_does_not_say_it(nlp, monkeypatch):
    text = ('The harbour board met on Monday.\n\nIn an interview on local radio, Mayor Tobias Wendt was '
            'asked by host Ilse Varnow, "Will the second ferry ever sail?"')
    assert [q.speaker for q in _direct(nlp, text)] == ["Ilse Varnow"]
    _without_model(monkeypatch)  # the attribution rules alone: no asker named, no speaker
    try:
        text = 'Mayor Tobias Wendt was asked, "Will the second ferry ever sail?"'
        assert [q.speaker for q in _direct(nlp, text)] == [None]
    finally:
        monkeypatch.undo()
        quotes_speaker._model.cache_clear()


def test_a_verb_inside_reported_speech_with_no_person_for_subject_reports_nothing(nlp, monkeypatch):
    _without_model(monkeypatch)  # the attribution rules alone
    try:
        text = ('The council met on Monday.\n\nCouncillor Ilse Varnow said in her opening remarks that the '
                'harbour plan should reiterate the town\u2019s \u201cfirm promise to the islands.\u201d')
        assert [q.speaker for q in _direct(nlp, text)] == ["Ilse Varnow"]
    finally:
        monkeypatch.undo()
        quotes_speaker._model.cache_clear()
