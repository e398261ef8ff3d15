"""Places the entity tagger misses, read from locative frames (invented texts)."""
from __future__ import annotations

import pytest

from storylens.model import Document, Entity, Mention
from storylens.stages.places import framed, untagged_places


def _doc(i: str, text: str) -> Document:
    return Document(id=i, title=None, outlet=f"Outlet {i}", origin=None, published=None, dateline=None, text=text)


@pytest.mark.parametrize("text, name, frame", [
    ("Two men were shot in Quarrington on Friday night.", "Quarrington", "in"),
    ("A woman was hurt in Quarrington Friday.", "Quarrington", "in"),  # a date word ends the name
    ("The shots rang out in Quarrington's west end.", "Quarrington", "in"),
    ("Officers from the Quarrington Police Department arrived.", "Quarrington", "force"),
    ("Quarrington police said the man fled.", "Quarrington", "force"),
    ("A Quarrington, Ky. man was charged.", "Quarrington", "state"),
    ("The school at 12 Elm St., Quarrington, TX 79999 was closed.", "Quarrington", "state"),
    ("Lower Dunby Fire crews were called.", "Lower Dunby", "force"),
])
def test_a_name_in_a_locative_frame_is_read(text, name, frame):
    assert (name, frame) in framed(text)


@pytest.mark.parametrize("text", [
    "He was taken to class in Quarrington High School.",  # a building, not a town
    "The bill died in Congress last year.",  # a body, not a town
    "State Police said the road was closed.",  # a service of no town
    "The case was heard in January.",
    "His wife, Ann Quarrington, in Ohio, said so.",  # 'in' is no state after a comma
    "Officers of the Mt. Pellow Police said so.",  # 'Pellow' is part of 'Mt. Pellow'
])
def test_no_town_is_read_where_there_is_none(text):
    names = {n for n, _ in framed(text)}
    assert not names - {"Ohio"}


def _mentions(texts: dict[str, str], name: str) -> list[Mention]:
    import re

    return [Mention(k, m.start(), m.end(), name) for k, v in texts.items() for m in re.finditer(name, v)]


def test_a_town_tagged_as_an_organisation_is_a_place_when_two_origins_frame_it():
    texts = {"a": "A teenager was killed in a drive-by shooting Friday in Quarrington.",
             "b": "Quarrington police are looking for the car seen near the scene.",
             "c": "Quarrington Motors said its sales rose."}
    ds = [_doc(k, v) for k, v in texts.items()]
    ents = [Entity("e1", "Quarrington", "ORG", _mentions(texts, "Quarrington"))]
    got = untagged_places(ds, ents)
    assert [e.name for e in got] == ["Quarrington"] and got[0].type == "GPE"
    assert {m.doc for m in got[0].mentions} == {"a", "b"}  # "Quarrington Motors" is another name
    # one origin only: not enough
    assert untagged_places(ds, ents, origin_of=lambda d: "o1") == []


def test_no_untagged_place_from_people_nationalities_common_words_or_companies():
    texts = {"a": "Police in Pellow said Ann Dorrance was shot in Dorrance's car. British police helped.",
             "b": "In Dorrance's view, the shooting was avoidable, Dorrance said. British police agreed.",
             "c": "The event ran In Colour.", "d": "Crowds came in colour and In Colour."}
    ds = [_doc(k, v) for k, v in texts.items()]
    ents = [Entity("p1", "Ann Dorrance", "PERSON", _mentions(texts, "Ann Dorrance")),
            Entity("n1", "British", "NORP", _mentions(texts, "British"))]
    assert {e.name for e in untagged_places(ds, ents)} == set()
    # a company named mostly otherwise than after 'in'
    texts = {k: f"Talvo said its shares rose in Talvo's home market. Talvo shares fell. Talvo {k}. "
                "Talvo sells phones. Rivals of Talvo waited." for k in ("a", "b")}
    ds = [_doc(k, v) for k, v in texts.items()]
    assert untagged_places(ds, []) == []


def test_the_brief_writes_an_untagged_town_as_the_event_place():
    from storylens.stages.brief import event_place

    texts = {"a": "A man was shot dead in Quarrington on Friday, police said.",
             "b": "Quarrington police said a man died after a shooting on Friday.",
             "c": "A man was killed on Friday night, Quarrington police said."}
    ds = [_doc(k, v) for k, v in texts.items()]
    ents = [Entity("e1", "Quarrington", "ORG", _mentions(texts, "Quarrington"))]
    place = event_place(ds, ents, [])
    assert place is not None and place[0] == "Quarrington"


def test_a_place_tagged_in_one_report_counts_where_another_frames_it():
    from storylens.stages.places import framed_elsewhere

    texts = {"a": "A man was shot dead in Quarrington on Friday.",
             "b": "Quarrington police said a man died on Friday.",
             "c": "Quarrington Motors said its sales rose."}
    ds = [_doc(k, v) for k, v in texts.items()]
    ents = [Entity("e1", "Quarrington", "GPE", _mentions({"a": texts["a"]}, "Quarrington"))]
    got = framed_elsewhere(ds, ents)
    assert [(e.name, e.type) for e in got] == [("Quarrington", "GPE")]
    assert {m.doc for m in got[0].mentions} == {"b"}  # not "c": no frame there
    ents[0] = Entity("e1", "Quarrington", "ORG", ents[0].mentions)
    assert framed_elsewhere(ds, ents) == []  # a place in no report's tags


def test_without_a_place_found_otherwise_the_opening_that_frames_one_gives_it():
    from storylens.stages.brief import event_place
    from storylens.stages.places import opening_place

    texts = {"a": "The Vell Police Dept. said two people died near a beach hotel in Quarrington on Friday.",
             "b": "Two people died in a parking lot over the weekend, officials said."}
    ds = [_doc(k, v) for k, v in texts.items()]
    ents = [Entity("e1", "Quarrington", "GPE", _mentions(texts, "Quarrington"))]
    # where it happened, not whose police spoke: "in Quarrington" before "Vell Police"
    assert opening_place(ds, ents, 400) == "Quarrington"
    place = event_place(ds, ents, [])
    assert place is not None and place[4] == "Quarrington" and place[1] == {"a"}
    assert opening_place(ds, ents, 30) == "Vell"  # only the service in the opening
    texts = {"a": "Two people died on Friday.", "b": "The deaths in Quarrington were on Friday."}
    ds = [_doc(k, v) for k, v in texts.items()]
    assert opening_place(ds, [], 400) == "Quarrington"  # untagged, framed in one report
    assert opening_place(ds[:1], [], 400) is None


def test_candidates_read_once_serve_every_threshold_and_the_openings_place():
    from storylens.stages.places import opening_place, untagged_candidates

    texts = {"a": "A teenager was killed in a drive-by shooting Friday in Quarrington.",
             "b": "Quarrington police are looking for the car. A store in Pellow closed.",
             "c": "Nobody was hurt in Tarvey, a witness said."}
    ds = [_doc(k, v) for k, v in texts.items()]
    cands = untagged_candidates(ds, [])
    assert set(cands) == {"quarrington", "pellow", "tarvey"}
    for least in (1, 2):
        fresh = untagged_places(ds, [], min_origins=least)
        shared = untagged_places(ds, [], min_origins=least, candidates=cands)
        assert [(e.name, e.mentions) for e in shared] == [(e.name, e.mentions) for e in fresh]
    assert [e.name for e in untagged_places(ds, [], candidates=cands)] == ["Quarrington"]
    assert opening_place(ds, [], 400, cands) == opening_place(ds, [], 400) == "Quarrington"


def test_a_title_frames_a_place_as_the_text_does():
    import dataclasses

    from storylens.stages import places

    texts = {"a": "Two men were hurt in a shooting on Friday. The shots were fired in Quarrington.",
             "b": "Officers said the Quarrington shooting began in a parking lot on Friday."}
    ds = [_doc(k, v) for k, v in texts.items()]
    # one origin frames it in its text ("in Quarrington"), the other only in its title
    assert untagged_places(ds, []) == []
    ds[1] = dataclasses.replace(ds[1], title="Two hurt in shooting in Quarrington, Ky.")
    got = untagged_places(ds, [])
    assert [e.name for e in got] == ["Quarrington"]
    assert {m.doc for m in got[0].mentions} == {"a", "b"}  # mentions stay the text's own
    old = places.TITLES
    places.TITLES = False
    try:
        assert untagged_places(ds, []) == []
    finally:
        places.TITLES = old
