"""The event's key figures on invented reports: one group per quantity, sums of parts, people
counted one by one, background scope, evolving tolls, number words and plural units."""
from __future__ import annotations

import pytest

from storylens.config import Settings
from storylens.model import ClaimGroup, Document
from storylens.pipeline.state import EventState
from storylens.stages import claims as C
from storylens.stages import numbers as N


def doc(did: str, text: str, published: str | None = None) -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=published, dateline=None, text=text)


def groups(docs) -> list[ClaimGroup]:
    state = EventState(documents=list(docs), settings=Settings(embeddings=False))
    state.sections["origins"] = []
    out = C.run(state)["claim_groups"]
    for g in out:
        for c in g.claims + g.parts:
            d = next(x for x in docs if x.id == c.doc)
            assert d.text[c.start:c.end] == c.text  # every span points at its text
    return out


def toll(gs: list[ClaimGroup], scope: str) -> ClaimGroup:
    found = [g for g in gs if g.scope == scope]
    assert len(found) == 1, [(g.topic, g.scope, g.value) for g in gs]  # one group per quantity
    return found[0]


# -- sums of parts, people one by one ------------------------------------------------------

def test_a_list_of_people_adds_up_to_the_toll():
    gs = groups([doc("a", "A gunman killed a man, two women and a child at a bakery in Tarn on Friday."),
                 doc("b", "Four people were shot dead at a bakery in Tarn on Friday, police said.")])
    killed = toll(gs, "killed")
    assert killed.status == "agree" and killed.value == 4 and killed.topic == "people killed"
    summed = next(c for c in killed.claims if c.doc == "a")
    assert summed.basis == "parts" and summed.text == "a man, two women and a child"


def test_a_count_and_one_more_person_in_one_phrase_add_up():
    gs = groups([doc("a", "The blast at a depot in Vell left two men and a woman dead on Tuesday."),
                 doc("b", "Three people were killed in a blast at a depot in Vell on Tuesday.")])
    killed = toll(gs, "killed")
    assert killed.value == 3 and killed.status == "agree"
    assert any(c.doc == "a" and c.text == "two men and a woman" and c.value == 3 for c in killed.claims)


def test_those_who_shot_are_not_counted_as_shot():
    gs = groups([doc("a", "Two masked men shot three customers at a diner in Vell on Friday, police said."),
                 doc("b", "Three people were shot at a diner in Vell on Friday. Two gunmen shot at them from a car.")])
    shot = [g for g in gs if g.scope in ("shot", "injured")]
    assert shot and all(c.value == 3 for g in shot for c in g.claims), [(g.topic, g.value) for g in shot]


def test_the_event_s_groups_come_before_background_groups():
    gs = groups([doc("a", "In 2019 a flood in Vell killed 40 people. On Monday a flood in Vell killed six people, "
                          "and 12 people were injured.", "2031-03-02")])
    scopes = [g.scope == "background" for g in gs]
    assert True in scopes and scopes == sorted(scopes), [(g.topic, g.scope) for g in gs]


def test_a_stated_count_beats_people_named_one_by_one_in_another_report():
    gs = groups([doc("a", "Police on Friday named the people killed in Vell this week. Jon Mert was shot dead "
                          "outside a bar. Ana Brill was found dead in her car. Tom Hale was killed in a park."),
                 doc("b", "Police in Vell say a man died in a shooting outside a bar. The shooting "
                          "left one person dead and two hurt, police said.")])
    killed = toll(gs, "killed")
    assert killed.status == "disagree" and killed.value == 1, (killed.value, killed.note)
    assert "names 3 people one by one" in killed.note


def test_an_unscoped_count_does_not_join_the_event_through_a_background_figure():
    gs = groups([doc("a", "Police also named two men who were killed last week in separate shootings in Vell. "
                          "On Sunday a man was found dead after a shooting that left two other adults at the "
                          "scene, police said.", "2031-06-07"),
                 doc("b", "One man was killed in a shooting in Vell on Sunday, police said.", "2031-06-07")])
    killed = toll(gs, "killed")
    assert all(c.value == 1 for c in killed.claims), [(c.text, c.value) for c in killed.claims]


def test_people_named_one_by_one_and_the_attacker_s_own_death_make_the_toll():
    gs = groups([doc("a", "Jon Mert, 30, was shot dead at a store in Vell on Sunday. Ana Brill, 25, was also "
                          "killed. The gunman, Tom Hale, then turned the gun on himself, police said."),
                 doc("b", "Three people died in a murder-suicide at a store in Vell on Sunday.")])
    killed = toll(gs, "killed")
    assert killed.value == 3 and killed.status == "agree", (killed.value, killed.note)
    mine = next(c for c in killed.claims if c.doc == "a")
    assert mine.basis == "suicide" and any(c.doc == "a" and c.value == 2 for c in killed.parts)


def test_an_attacker_described_among_the_dead_is_not_counted_twice():
    from storylens.model import Claim

    def person(start, sent):
        return Claim(doc="a", start=start, end=start + 3, text="Tom", value=1, unit="person", scope="killed",
                     kind="quantity", basis="person", sentence_start=sent)

    cs = [person(0, 0), person(50, 40)]
    total = Claim(doc="a", start=0, end=53, text="Tom", value=2, unit="person", scope="killed", kind="quantity",
                  basis="parts")
    parts: list = []
    assert C._with_own_death([total], cs, {40}, parts) == [total] and not parts  # the attacker is one of them
    got = C._with_own_death([total], cs, {90}, parts)
    assert [(c.value, c.basis) for c in got] == [(3, "suicide")] and parts == [total]


def test_a_list_of_counts_with_outcomes_of_their_own_is_no_sum():
    gs = groups([doc("a", "A shooting at a party in Tarn leaves four people injured and one man dead.")])
    assert toll(gs, "injured").value == 4
    assert all(c.value != 5 for g in gs for c in g.claims + g.parts)


def test_people_named_one_by_one_are_counted_once_each():
    gs = groups([doc("a", "Jon Mert was shot dead outside a bar in Orlen on Sunday. Police said Mert, 23, "
                          "died at the scene. Ana Brill, 30, was also killed."),
                 doc("b", "Two people were killed in a shooting outside a bar in Orlen on Sunday.")])
    killed = toll(gs, "killed")
    assert killed.value == 2 and killed.status == "agree"
    assert "names 2 people one by one" in killed.note
    assert any(c.basis == "person" for c in killed.parts)


def test_one_person_described_is_a_toll_of_one():
    gs = groups([doc("a", "A 17-year-old boy was killed in a shooting in Vell on Friday."),
                 doc("b", "The teen was pronounced dead at the scene in Vell, police said.")])
    killed = toll(gs, "killed")
    assert killed.value == 1 and all(c.value == 1 and c.basis == "person" for c in killed.claims)


def test_a_stated_total_beats_the_parts_and_both_are_kept():
    gs = groups([doc("a", "Six people were wounded in the shooting. Two officers were wounded and four "
                          "bystanders were hurt, police said."),
                 doc("b", "Six people were injured in the shooting, officials said.")])
    hurt = toll(gs, "injured")
    assert hurt.value == 6 and hurt.status == "agree"
    assert {c.value for c in hurt.parts if c.doc == "a"} >= {2, 4}
    assert "2 + 4 = 6" in hurt.note


def test_people_shot_less_those_killed_are_the_wounded():
    gs = groups([doc("a", "Four people were shot outside a bar in Quell early Sunday. One man died at the scene."),
                 doc("b", "One man was killed and three others were wounded outside a bar in Quell.")])
    hurt = toll(gs, "injured")
    assert hurt.value == 3 and hurt.status == "agree"
    derived = next(c for c in hurt.claims if c.doc == "a")
    assert derived.basis == "difference" and derived.text == "Four people"
    assert "the people shot less those who did not survive" in hurt.note


def test_counted_parts_joined_by_and_add_up():
    gs = groups([doc("a", "Two soldiers and three civilians were killed in a blast at a depot in Vell on Tuesday."),
                 doc("b", "Five people were killed in a blast at a depot in Vell on Tuesday.")])
    killed = toll(gs, "killed")
    assert killed.value == 5 and killed.status == "agree"
    summed = next(c for c in killed.claims if c.doc == "a")
    assert summed.text == "Two soldiers and three civilians" and summed.value == 5
    assert any(c.doc == "a" and c.value == 3 for c in killed.parts)  # "three civilians" is a part


def test_a_range_or_a_bound_on_the_first_part_is_not_added_to():
    from storylens.nlp import parse

    text = "At least two soldiers and three civilians were killed in a blast at a depot in Vell."
    cs = N.extract_quantities(doc("a", text), parse([text])[0])
    assert all(c.value != 5 for c in cs), [(c.text, c.value) for c in cs]


@pytest.mark.parametrize("text, wounded, killed", [
    ("Police found four men with gunshot wounds outside a bar in Quell. One of the four was pronounced "
     "dead at the scene.", 3, 1),
    ("Five people were shot outside a bar in Quell on Sunday. Two of the victims died at a hospital.", 3, 2),
    ("Two men and two women were hurt outside a bar in Quell on Sunday. One of the men died later.", 3, 1),
])
def test_a_death_among_the_counted_wounded_makes_them_the_people_shot(text, wounded, killed):
    gs = groups([doc("a", text)])
    hurt = toll(gs, "injured")
    assert hurt.value == wounded and all(c.basis == "difference" for c in hurt.claims)
    assert toll(gs, "killed").value == killed
    assert toll(gs, "shot").value == wounded + killed


def test_a_death_of_someone_else_leaves_the_wounded_as_they_are():
    gs = groups([doc("a", "Four men were wounded outside a bar in Quell. One of the suspects was killed by police "
                          "later that night.")])
    assert toll(gs, "injured").value == 4


def test_a_smaller_count_of_the_wounded_with_no_death_is_a_part_of_the_people_shot():
    gs = groups([doc("a", "Seven people were shot at a fair in Quell on Sunday. Two others were grazed and "
                          "treated at the scene."),
                 doc("b", "Gunfire wounded seven people at a fair in Quell on Sunday, police said.")])
    hurt = toll(gs, "injured")
    assert hurt.value == 7 and hurt.status == "agree"
    assert any(c.basis == "difference" and c.doc == "a" for c in hurt.claims)


def test_a_stated_count_of_the_wounded_beats_the_difference():
    gs = groups([doc("a", "Five people were shot in Quell on Friday. Two people were wounded and one was killed.")])
    assert all(c.basis != "difference" for c in toll(gs, "injured").claims)


def test_the_wounded_who_died_later_count_among_the_killed():
    gs = groups([doc("a", "Five people were wounded in a shooting at a fair in Drell on Friday.", "2031-03-01"),
                 doc("b", "A man wounded in the shooting at a fair in Drell has died. He was one of five "
                          "people injured there, police said.", "2031-03-04")])
    hurt = toll(gs, "injured")
    assert hurt.value == 4 and hurt.status == "reconciled" and "died later" in hurt.note
    moved = next(c for c in hurt.claims if c.doc == "b")
    assert moved.basis == "later" and "counted among the killed" in hurt.note
    assert toll(gs, "killed").value == 1


def test_a_later_death_in_a_report_with_no_count_of_the_wounded_lowers_the_others_count():
    gs = groups([doc("a", "Five people were wounded in a shooting at a fair in Drell on Friday.", "2031-03-01"),
                 doc("b", "Police said five people were injured at a fair in Drell on Friday.", "2031-03-01"),
                 doc("c", "A man wounded in the shooting at a fair in Drell on Friday has died, police said.",
                     "2031-03-04")])
    hurt = toll(gs, "injured")
    assert hurt.value == 4 and hurt.status == "reconciled"
    assert any(c.doc == "c" and c.basis == "later" for c in hurt.claims)
    assert toll(gs, "killed").value == 1


def test_a_worked_out_count_of_the_wounded_is_not_carried_to_a_later_death():
    gs = groups([doc("a", "Five people were shot at a fair in Drell on Friday.", "2031-03-01"),
                 doc("c", "A man wounded in the shooting at a fair in Drell on Friday has died, police said.",
                     "2031-03-04")])
    assert all(c.doc != "c" for g in gs if g.scope == "injured" for c in g.claims)


def test_a_count_of_the_killed_beside_a_later_death_gains_it():
    gs = groups([doc("a", "A woman injured at a party in Drell where two men were shot dead died on Sunday, "
                          "police said.")])
    assert toll(gs, "killed").value == 3


@pytest.mark.parametrize("finder, text, found", [
    ("later_deaths", "A man wounded in the shooting in Drell died on Monday.", True),
    ("later_deaths", "The man who was shot at a bar in Drell on Friday has died.", True),
    ("later_deaths", "A man who was shot at a bar in Drell died at the scene.", False),
    ("later_deaths", "A man died and two others were wounded in Drell.", False),
    ("own_deaths", "The gunman killed two people in Brask before he turned the gun on himself.", True),
    ("own_deaths", "The suspect took his own life after the attack in Brask.", True),
    ("own_deaths", "A man shot himself in the leg while cleaning a rifle in Brask.", False),
    ("own_deaths", "A man shot two people in Brask and fled.", False),
])
def test_which_sentences_tell_a_death_after_the_event_or_the_killer_s_own(finder, text, found):
    """later_deaths: a wounded person who died after the event; own_deaths: the killer's own death."""
    from storylens.nlp import parse
    from storylens.stages import victims

    assert bool(getattr(victims, finder)([doc("a", text)], {"a": parse([text])[0]})) == found


@pytest.mark.parametrize("text, scope", [
    ("Four people were shot and hospitalized after a party in Vane.", "injured"),
    ("Police said three men were shot and killed on a street in Vane.", "killed"),
    ("Two teens were shot and wounded in Vane on Friday.", "injured"),
    ("Five people were shot in Vane on Sunday.", "shot"),
    ("A shooting leaves 4 kids injured in Vane.", "injured"),
    ("Police found two men shot to death in a car in Vane.", "killed"),
    ("Two men were shot in the back in Vane.", "shot"),
])
def test_what_happened_to_people_shot(text, scope):
    from storylens.nlp import parse

    [c] = N.extract_quantities(doc("a", text), parse([text])[0])
    assert c.scope == scope


@pytest.mark.parametrize("text, not_counts", [
    ("The victims range in age from 11 to 30.", {11, 30}),
    ("Two teenagers, one 16 and the other 17, were hurt in Vane.", {16, 17}),
    ("Photo: Image 2 of 10 Police at the scene in Vane.", {2, 10}),
    ("A girl was hurt in Vane 1 / 5 Back to Gallery", {1, 5}),
    ("The car was found near an exit on I-4 in Vane.", {4}),
])
def test_ages_gallery_counters_and_road_names_are_no_counts(text, not_counts):
    from storylens.nlp import parse

    got = [c for c in N.extract_quantities(doc("a", text), parse([text])[0]) if c.kind == "quantity"]
    assert not {c.value for c in got} & not_counts, [(c.text, c.value) for c in got]


# -- background ------------------------------------------------------------------------------

def test_a_figure_of_another_year_is_background_and_not_in_the_brief():
    from storylens.stages.brief import build_brief

    docs = [doc("a", "A strong earthquake struck the coast near Pell on Monday, killing five people. "
                     "In 2004 a tsunami killed 230,000 people along the same coast.", "2031-03-02"),
            doc("b", "Five people died when an earthquake struck near Pell on Monday, officials said.", "2031-03-02")]
    gs = groups(docs)
    killed = toll(gs, "killed")
    assert killed.value == 5 and killed.status == "agree"
    bg = [g for g in gs if g.scope == "background"]
    assert bg and bg[0].value == 230000 and all(c.state == "background" for c in bg[0].claims)
    brief = " ".join(s.text for s in build_brief(docs, gs))
    assert "230,000" not in brief


def test_last_year_and_aggregates_are_background_but_a_nested_date_is_not():
    docs = [doc("a", "A gunman killed three people at a market in Dorr on Saturday, the deadliest attack "
                     "since 2015. Last year's attack on the market killed nine people. Twelve people "
                     "were killed in 20 shootings across the city this year.", "2031-06-07"),
            doc("b", "Three people were killed at a market in Dorr on Saturday, police said.", "2031-06-07")]
    killed = toll(groups(docs), "killed")
    assert killed.value == 3 and killed.status == "agree"


@pytest.mark.parametrize("text, background", [
    ("No fewer than 30 people have died in Dorr, topping last year's total of 25 killings.", True),
    ("At least 30 people have been shot dead in Dorr, surpassing the 2019 toll of 25.", True),
    ("Three people were killed in Dorr on Sunday, bringing this year's total to 40 killings.", False),
    ("Three people were killed in Dorr on Sunday, the deadliest attack since last year.", False),
])
def test_a_count_measured_against_a_past_period_is_a_period_count(text, background):
    from storylens.nlp import parse

    sp = parse([text])[0]
    d = doc("a", text, "2031-06-07")
    cs = [c for c in C.mark_background(N.extract_quantities(d, sp), {"a": sp}, [d])
          if c.scope == "killed" and c.value in (3, 30)]
    assert cs and all((c.state == "background") == background for c in cs), [(c.text, c.state) for c in cs]


@pytest.mark.parametrize("text", [
    "Police named three men who were killed over the past week in Dorr.",
    "A spate of holiday gunfire left 20 people wounded across the city of Dorr on Monday night.",
    "A wave of shootings left 12 people wounded in Dorr on Monday night.",
    "In two years ending last summer, there were 45 such shootings in the state, with 29 children wounded.",
])
def test_roundups_over_a_period_an_area_or_a_series_are_background(text):
    from storylens.nlp import parse

    sp = parse([text])[0]
    d = doc("a", text, "2031-06-07")
    cs = [c for c in C.mark_background(N.extract_quantities(d, sp), {"a": sp}, [d])
          if c.scope in ("killed", "injured")]
    assert cs and all(c.state == "background" for c in cs), [(c.text, c.state) for c in cs]


def _background_states(text: str, published: str | None, values: tuple) -> list[tuple]:
    from storylens.nlp import parse

    sp = parse([text])[0]
    d = doc("a", text, published)
    return [(c.value, c.state == "background") for c in C.mark_background(N.extract_quantities(d, sp), {"a": sp}, [d])
            if c.scope in ("killed", "injured") and c.value in values]


@pytest.mark.parametrize("text, value, background", [
    # a verb joined to the clause that holds the time takes that time
    ("Korvath was struck by a flood in 1998, killing 4,100 people and leaving 900 missing.", 4100, True),
    ("Earlier this year Dane Orrin was charged in a crash that killed two riders and four others were hurt.", 4, True),
    ("The gunman killed three people in Sarn on Sunday and was arrested at noon.", 3, False),
    ("Two people died in Sarn on Sunday and the gunman was jailed in 1999 for theft.", 2, False),
    ("Police on Monday arrested a man over crimes against villagers in 1999, but three officers were hurt.", 3, False),
    # an event noun with a time in a clause of its own
    ("Some 60,000 people died in the border war, fought for years since 1970 over water.", 60000, True),
    ("About 300 people were killed in the uprising that began in 1989.", 300, True),
    ("Five people died in the fire that broke out in Sarn on Sunday.", 5, False),
])
def test_a_toll_told_in_the_time_of_another_event_is_background(text, value, background):
    got = _background_states(text, None, (value,))
    assert got and all(b == background for _, b in got), got


def test_a_month_alone_in_an_undated_report_dated_by_its_day_is_another_period():
    text = ("A quake shook the island of Vell on Sunday, damaging homes, officials said. "
            "The island was hit by a stronger quake in October. "
            "That quake killed at least 14 people, injured almost 80 and flattened a school in October. "
            "The worst one struck in April. It killed 210 people and injured more than 600.")
    got = dict(_background_states(text, None, (14, 80, 210, 600)))
    assert got == {14: True, 80: True, 210: True, 600: True}, got


def test_a_month_alone_is_the_event_when_the_report_does_not_date_it_by_its_day():
    text = ("A quake shook the island of Vell, damaging homes, officials said. "
            "The quake killed at least 14 people and injured almost 80 in October.")
    assert dict(_background_states(text, None, (14, 80))) == {14: False, 80: False}
    follow_up = ("A man was arrested on Friday over a fire that happened in Vell in October. "
                 "He was sought for weeks after a fire that claimed the lives of four people in Vell.")
    assert dict(_background_states(follow_up, None, (4,))) == {4: False}
    dated = ("A quake shook the island of Vell on Sunday, damaging homes, officials said. "
             "That quake killed at least 14 people in October.")
    assert dict(_background_states(dated, "2031-10-06", (14,))) == {14: False}


def test_the_event_itself_is_not_a_roundup():
    from storylens.nlp import parse

    text = "Three men who were shot outside a bar across the street from the park in Dorr died on Sunday."
    sp = parse([text])[0]
    d = doc("a", text, "2031-06-07")
    cs = C.mark_background(N.extract_quantities(d, sp), {"a": sp}, [d])
    assert all(c.state != "background" for c in cs)


def test_a_follow_up_report_of_last_years_event_is_not_background():
    docs = [doc("a", "A man was sentenced on Monday for the killing of four people in Ambry last year.",
                "2032-05-10"),
            doc("b", "Four people were killed in a shooting in Ambry on Friday, police said.", "2031-05-09")]
    killed = toll(groups(docs), "killed")
    assert killed.value == 4 and killed.status == "agree"


def test_a_timeline_date_of_another_year_is_background():
    from storylens.stages.timeline import build_timeline

    docs = [doc("a", "The bridge in Rell collapsed on March 3, 2031. It was built in 1962.", "2031-03-04")]
    items = {t.date: t.status for t in build_timeline(docs)}
    assert items["2031-03-03"] != "background" and items["1962"] == "background"


# -- tolls that change ---------------------------------------------------------------------

def test_a_rising_dated_toll_is_evolving():
    docs = [doc("a", "At least one person was killed when a fire swept a hostel in Kemm on Monday.", "2031-01-05"),
            doc("b", "Five people were killed when a fire swept a hostel in Kemm, officials said.", "2031-01-06"),
            doc("c", "The death toll from the hostel fire in Kemm rose to 24 on Wednesday.", "2031-01-07")]
    killed = toll(groups(docs), "killed")
    assert killed.status in ("evolving", "reconciled") and killed.value == 24
    if killed.status == "evolving":
        assert "1 (a 2031-01-05), then 5 (b 2031-01-06), then 24 (c 2031-01-07)" in killed.note


def test_a_rising_toll_without_change_words_is_evolving():
    docs = [doc("a", "Two people were killed in a bus crash near Sorn on Monday.", "2031-01-05"),
            doc("b", "Seven people were killed in a bus crash near Sorn, officials said.", "2031-01-06")]
    killed = toll(groups(docs), "killed")
    assert killed.status == "evolving" and killed.value == 7
    assert "2 (a 2031-01-05), then 7 (b 2031-01-06)" in killed.note


def test_same_time_or_undated_different_tolls_disagree():
    same_day = [doc("a", "Two people were killed in a bus crash near Sorn on Monday.", "2031-01-05"),
                doc("b", "Seven people were killed in a bus crash near Sorn, officials said.", "2031-01-05")]
    assert toll(groups(same_day), "killed").status == "disagree"
    undated = [doc("a", "Two people were killed in a bus crash near Sorn on Monday."),
               doc("b", "Seven people were killed in a bus crash near Sorn, officials said.")]
    assert toll(groups(undated), "killed").status == "disagree"


# -- number words ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("Two hundred and fifty firefighters", 250), ("Forty two people", 42), ("forty-two people", 42),
    ("twenty five thousand three hundred homes", 25300), ("1.5 million dollars", 1_500_000),
    ("a dozen boats", 12), ("two dozen boats", 24), ("eleven hundred tents", 1100)])
def test_number_words(text, value):
    m = next(N.iter_numbers(text))
    assert N.parse_number(m.group("num")) == value


def test_vague_quantities_are_ranges_and_word_runs_split_when_no_number():
    [m] = list(N.iter_numbers("dozens of people"))
    assert m.group("num") == "dozens"
    [c] = [c for c in N.extract_quantities(doc("a", "Dozens of people were hurt in the blast."),
                                           __import__("storylens.nlp", fromlist=["parse"]).parse(
                                               ["Dozens of people were hurt in the blast."])[0])]
    assert (c.value, c.value_max) == (24, 99)
    assert [N.parse_number(m.group("num")) for m in N.iter_numbers("one two three")] == [1, 2, 3]


def test_word_and_digit_forms_agree():
    gs = groups([doc("a", "Two hundred and fifty firefighters fought the blaze in Horne."),
                 doc("b", "250 firefighters fought the blaze in Horne, officials said.")])
    g = next(g for g in gs if g.value == 250)
    assert g.status == "agree" and len(g.claims) == 2


def test_hundreds_is_not_the_same_figure_as_200():
    gs = groups([doc("a", "As many as 200 refugees crossed the border at Sill on Monday."),
                 doc("b", "Hundreds of refugees crossed the border at Sill, officials said.")])
    g = next(g for g in gs if any(c.value == 200 and c.value_max is None for c in g.claims))
    assert all(c.value_max is None for c in g.claims)


# -- display and topics ---------------------------------------------------------------------

@pytest.mark.parametrize("value,unit,shown", [
    (11, "bus", "11 buses"), (1, "bus", "1 bus"), (3, "person", "3 people"), (40, "firefighter", "40 firefighters"),
    (6.5, "year", "6.5 years"), (12, "%", "12%"), (400, "militant+civilian", "400 militants and civilians"),
    (20000, "person", "20,000 people")])
def test_plural_units_in_display(value, unit, shown):
    assert C.display_value(value, unit) == shown


def test_markdown_table_shows_plural_units():
    from storylens.model import Report
    from storylens.render.markdown import section_claims

    gs = groups([doc("a", "Eleven buses left the camp at Dorr on Monday."), doc("b", "11 buses left the camp.")])
    text = "\n".join(section_claims(Report(documents=[doc("a", ""), doc("b", "")], claim_groups=gs)))
    assert "11 buses" in text


def test_a_term_in_office_is_no_prison_sentence():
    gs = groups([doc("a", "Governor Jon Vale served 14 years in office before he was convicted."),
                 doc("b", "Vale, who spent 14 years in office, was sentenced to six years in prison.")])
    term = next(g for g in gs if g.value == 14)
    assert "prison" not in term.topic and "term in office" in term.topic
    assert "prison sentence" in next(g for g in gs if g.value == 6).topic


def test_a_relative_clause_takes_its_time_from_the_clause_above():
    docs = [doc("a", "An earthquake struck Pell on Monday, killing two people. A massive quake struck off Pell "
                     "in 1999, sparking a tsunami that killed 9,000 people.", "2031-03-02"),
            doc("b", "Two people died when an earthquake struck Pell on Monday.", "2031-03-02")]
    gs = groups(docs)
    killed = toll(gs, "killed")
    assert killed.value == 2 and killed.status == "agree"
    assert any(g.scope == "background" and g.value == 9000 for g in gs)


def test_only_what_happened_counts_as_a_person_killed():
    gs = groups([doc("a", "The man threatened to kill his neighbour. When a boy dies on these streets, we all "
                          "suffer, the mayor said. The neighbour was not injured.")])
    assert not [g for g in gs if g.scope in ("killed", "injured")]


def test_a_count_stated_with_the_killer_s_own_death_gains_it():
    gs = groups([doc("a", "Three people were killed in Brask on Sunday before the gunman turned the gun on himself."),
                 doc("b", "Three people were shot dead in Brask on Sunday, police said.")])
    killed = toll(gs, "killed")
    assert killed.value == 4 and killed.status == "reconciled"
    assert any(c.basis == "suicide" and c.value == 4 for c in killed.claims)


def test_a_count_that_says_it_includes_the_killer_stays():
    gs = groups([doc("a", "Four people died in Brask, including a man who then killed himself, police said.")])
    assert toll(gs, "killed").value == 4


@pytest.mark.parametrize("text, got", [
    ("Four people were hurt and one died in a crash near Olm.", {(4, "injured"), (1, "killed")}),
    ("Two men were shot near Olm; one was killed.", {(2, "shot"), (1, "killed")}),
    ("Two people were hurt near Olm and one was arrested.", {(2, "injured")}),
    ("One was seen near Olm.", set()),
])
def test_a_bare_one_after_a_count_of_people_is_one_more_person(text, got):
    from storylens.nlp import parse

    claims = N.extract_quantities(doc("a", text), parse([text])[0])
    assert {(c.value, c.scope) for c in claims if c.kind == "quantity"} == got


def test_a_first_name_alone_is_the_person_named_in_full():
    gs = groups([doc("a", "Jon Mert was shot dead outside a bar in Orlen on Sunday. Friends said Jon's death "
                          "shocked the town. Ana Brill, 30, was also killed.")])
    killed = toll(gs, "killed")
    assert killed.value == 2, (killed.value, killed.note)


def test_a_crowd_the_size_of_the_toll_is_no_victim_count():
    gs = groups([doc("a", "Two people were killed when a car bomb went off at a market in Vell on Friday."),
                 doc("b", "Police said two men drove a car to the market in Vell on Friday morning. Traders "
                          "closed their stalls.")])
    killed = toll(gs, "killed")
    assert {c.doc for c in killed.claims} == {"a"}, [(c.doc, c.text) for c in killed.claims]


@pytest.mark.parametrize("noun, person", [("clinic", False), ("republic", False), ("medic", True),
                                           ("technician", True), ("warehouse", False)])
def test_which_counted_nouns_may_be_people(noun, person):
    assert N.could_be_person(noun) is person
