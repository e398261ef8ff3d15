"""Quantity extraction on small invented texts: number words, hyphenated units, qualifiers,
ranges, ages, scopes, and what is not a quantity (dates, times, phone numbers, addresses)."""
from __future__ import annotations

import pytest

from storylens.model import Document
from storylens.stages.numbers import extract_quantities, parse_number
from storylens.text.quotation import quote_spans


def doc(text: str, did: str = "d1") -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=None, dateline=None, text=text)


def claims(text: str):
    from storylens.nlp import parse

    d = doc(text)
    out = extract_quantities(d, parse([text])[0])
    for c in out:  # every claim points at its own text
        assert text[c.start:c.end] == c.text
    return out


def find(cs, value):
    got = [c for c in cs if c.value == value]
    assert got, f"no claim with value {value}: {[(c.text, c.value) for c in cs]}"
    return got[0]


@pytest.mark.parametrize("text,value", [
    ("17", 17), ("1,250", 1250), ("twelve", 12), ("twenty-five", 25), ("two hundred", 200),
    ("a dozen", 12), ("half a dozen", 6), ("172 ½", 172.5), ("3.5", 3.5), ("2-and-a-half", 2.5),
    ("1.7 million", 1_700_000), ("seven", 7),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


def test_number_words_and_hyphenated_units(nlp):
    cs = claims("Rebels stopped the original 12-truck column near the bridge. "
                "Nine trucks turned back, and a three-month blockade of the valley ended.")
    c = find(cs, 12)
    assert c.unit == "truck" and "12-truck column" in c.text and c.state == "original"
    nine = find(cs, 9)
    assert nine.unit == "truck" and nine.state == "returned"
    dur = find(cs, 3)
    assert dur.kind == "duration" and dur.unit == "month"


def test_qualifiers_and_ranges(nlp):
    cs = claims("About 400 villagers fled. At least 40 boats were lost, and as many as 85 sailors "
                "are missing. Between 10 and 15 houses burned.")
    assert find(cs, 400).qualifier == "about"
    assert find(cs, 40).qualifier == "at least"
    sailors = find(cs, 85)
    assert sailors.qualifier == "as many as" and sailors.scope == "missing"
    houses = find(cs, 10)
    assert houses.value_max == 15 and houses.unit == "house"


def test_outcome_scopes(nlp):
    cs = claims("The blast killed six workers and left 14 people injured. "
                "Three of the eight miners survived.")
    assert find(cs, 6).scope == "killed"
    assert find(cs, 14).scope == "injured"
    assert find(cs, 3).scope == "survived"
    assert find(cs, 8).scope != "survived"  # the outer verb is about "three", not "eight"


def test_ages_and_persons(nlp):
    cs = claims("Officers named the driver as Marta Q. Vell, 44, and her passenger, Oren Tal, age 19 "
                "(at the time of the crash). The 52-year-old Kessel was also hurt.")
    vell = find(cs, 44)
    assert vell.kind == "age" and vell.subject == "Vell" and vell.text.startswith("Marta")
    tal = find(cs, 19)
    assert tal.kind == "age" and tal.subject == "Tal" and tal.state == "at the time"
    assert "at the time of the crash" in tal.text
    k = find(cs, 52)
    assert k.kind == "age" and k.subject == "Kessel"


def test_prison_terms_have_subjects(nlp):
    cs = claims("Brannigan was sentenced to 12 years in prison.")
    c = find(cs, 12)
    assert c.kind == "duration" and c.scope == "sentence" and c.subject == "Brannigan"


def test_not_quantities(nlp):
    cs = claims("On March 3, 2021, at 7:45 a.m., a caller phoned 555-213-4477 from the 400 block "
                "of Elm Road. Route 9 was closed in 2019. Call FOX 8.")
    assert cs == [], [(c.text, c.value) for c in cs]


def test_thousands_are_not_years(nlp):
    cs = claims("The silo held around 2,000 tonnes of rice and 1900 sacks of flour in 2016.")
    assert [(c.value, c.unit) for c in cs] == [(2000, "tonne"), (1900, "sack")]


def test_one_only_when_it_counts(nlp):
    cs = claims("One victim survived. No one knew, and one of the officials left.")
    assert [c.value for c in cs] == [1]


def test_money_and_quotes(nlp):
    text = 'The fund paid up to $2,500, and the mayor said "we lost 30 homes".'
    cs = claims(text)
    m = find(cs, 2500)
    assert m.kind == "money" and m.qualifier == "up to"
    assert find(cs, 30).in_quote and not m.in_quote
    assert quote_spans(text) and text[quote_spans(text)[0].start] == '"'


def test_elided_unit(nlp):
    cs = claims("A fleet of 20 ferries has dwindled to 14.")
    assert find(cs, 14).unit == "ferry"


def test_measured_quantities_and_money_abbreviations(nlp):
    cs = claims("The silo held some 3,500 tonnes of barley. The spill covered 40 hectares and "
                "released 12,000 barrels of oil. Repairs cost $4.5m, about 8 per cent of the "
                "budget, and the insurer paid €2bn.")
    assert [(c.value, c.kind, c.unit) for c in cs] == [
        (3500, "measure", "tonne"), (40, "measure", "hectare"), (12000, "measure", "barrel"),
        (4_500_000, "money", "USD"), (8, "percent", "%"), (2_000_000_000, "money", "EUR")]


def test_magnitudes_are_not_counts(nlp):
    cs = claims("A 6.2-magnitude quake struck, killing 9 people and damaging 300 homes. "
                "Two tremors measuring 5.8 and later magnitude 5.1 followed.")
    assert [(c.value, c.kind) for c in cs if c.kind == "magnitude"] == [(6.2, "magnitude"), (5.8, "magnitude"),
                                                                       (5.1, "magnitude")]
    assert find(cs, 9).scope == "killed" and find(cs, 300).scope == "damaged"
    assert find(cs, 2).unit == "tremor" and find(cs, 2).kind == "quantity"


def test_bare_decimal_does_not_inherit_a_count(nlp):
    cs = claims("Aid groups sent 2,000 tents to the valley. A 5.4 reading came later.")
    assert all(c.value != 5.4 or c.unit != "tent" for c in cs)


def test_human_outcomes_only_for_people(nlp):
    cs = claims("The blast injured 14 workers and damaged 20 cars, and the storm destroyed 45 homes.")
    assert find(cs, 14).scope == "injured"
    assert find(cs, 20).scope == "damaged" and find(cs, 45).scope == "destroyed"


def test_conjoined_nouns_of_different_kinds_are_not_one_whole(nlp):
    cs = claims("The blast killed five people and damaged buildings. Four guards and two drivers were hurt.")
    assert find(cs, 5).unit == "people" and find(cs, 5).text == "five people"


def test_ages_of_both_people_and_titles(nlp):
    cs = claims("Sergeant Ada Mertens and Officer Paul Rigaud, both 47, died at the scene. "
                "Police named the third victim as 52-year-old Lt. Omar Velde.")
    ages = sorted((c.subject, c.value) for c in cs if c.kind == "age")
    assert ages == [("Mertens", 47), ("Rigaud", 47), ("Velde", 52)]


def test_tokenised_clock_times_and_addresses(nlp):
    cs = claims("He gave himself up at 6: 15 p.m. at 40 East 5th Ave, police said.")
    assert cs == [], [(c.text, c.value) for c in cs]


def _one(text, value):
    return find(claims(text), value)


@pytest.mark.parametrize("text,value,scope", [
    ("Two people were hit by a car near the market.", 2, None),
    ("Five people were taken to hospital after the crash.", 5, "injured"),
    ("Three people were treated for injuries at the scene.", 3, "injured"),
    ("Four were hospitalised overnight.", 4, "injured"),
    ("Twelve people lost their lives in the blast.", 12, "killed"),
    ("Rescuers recovered 15 bodies from the river.", 15, "killed"),
    ("Two men were charged with murder on Friday.", 2, "charged"),
    ("Twenty people were arrested for looting.", 20, "arrested"),
    ("Nine hikers are still missing.", 9, "missing"),
    ("Two people were hit by gunfire.", 2, "shot"),
])
def test_outcome_scopes_from_the_clause(nlp, text, value, scope):
    assert _one(text, value).scope == scope


@pytest.mark.parametrize("text,value,scope", [
    ("Two gunmen shot three people outside a bar.", 2, None),
    ("Two gunmen shot three people outside a bar.", 3, "shot"),
    ("They were walking home when two men shot at them.", 2, None),
    ("Two teens accidentally shot themselves at home.", 2, "shot"),
    ("One man died at the scene.", 1, "killed"),
    ("Two people shot in a park overnight.", 2, "shot"),
])
def test_a_count_that_did_the_harm_is_not_harmed(nlp, text, value, scope):
    assert _one(text, value).scope == scope


def test_the_first_end_of_a_suspended_range_counts_nothing(nlp):
    cs = claims("Their 3- or 4-year-old son was hurt, and a 10- to 12-foot wall fell.")
    assert not [c for c in cs if c.value in (3, 10)], [(c.text, c.value, c.unit) for c in cs]
    assert find(cs, 4).kind == "age"


def test_and_or_are_two_figures_only_between_makes_a_range(nlp):
    cs = claims("The tremor measured 7.6 and 7.5 on two scales. Between 10 and 15 people died. "
                "Officials counted 3 or 4 boats. Some 20 to 30 homes burned.")
    assert find(cs, 7.6).value_max is None and find(cs, 7.5).kind == "magnitude"
    assert find(cs, 10).value_max == 15
    assert find(cs, 3).value_max is None and find(cs, 4).value_max is None
    assert find(cs, 20).value_max == 30


def test_from_to_after_a_verb_of_change_is_two_figures(nlp):
    cs = claims("The death toll climbed from 40 to 43 overnight.")
    assert find(cs, 40).value_max is None and find(cs, 43).scope == "killed"


def test_numbers_inside_names_are_not_counts(nlp):
    cs = claims("The convoy left Route 9 for Interstate 80 near the 52 depot, while the Voyager 3 "
                "probe passed. Crews closed Ohio 31 after 12 trucks collided.")
    assert [c.value for c in cs] == [12]


@pytest.mark.parametrize("text,value", [
    ("The 29 - year - old singer was not hurt.", 29),
    ("Police said the 41-year old driver fled.", 41),
    ("A 15 - year - old girl was rescued.", 15),
])
def test_year_old_is_always_an_age(nlp, text, value):
    c = _one(text, value)
    assert c.kind == "age" and c.unit == "year"


def test_tokenised_decimals_and_thousands(nlp):
    cs = claims("A 5. 8 - magnitude quake hit the coast. The 1990 tsunami killed about 120, 000 people there.")
    assert find(cs, 5.8).kind == "magnitude"
    more = claims("A quake with a magnitude of 3. 9 hit the valley. It was 4. Then 6 people came.")
    assert find(more, 3.9).kind == "magnitude" and find(more, 6).kind == "quantity"
    assert find(cs, 120000).scope == "killed"
    assert not [c for c in cs if c.value == 1990]


def test_a_numbers_own_modifier_gives_its_scope(nlp):
    cs = claims("Officials said 21 people had been hurt in the clashes and 9 arrested for looting.")
    assert find(cs, 21).scope == "injured" and find(cs, 9).scope == "arrested"


def test_shots_fired_and_vague_dozens_are_not_people(nlp):
    cs = claims("The gunman fired 11 shots. Several dozen fans threw bottles. A suspected 9 Street crew member fled.")
    assert find(cs, 11).unit == "shot" and find(cs, 11).scope is None
    assert not [c for c in cs if c.value in (12, 9)]


def test_kinship_counts_and_treated_people(nlp):
    cs = claims("A stray round struck a mother of 5 near the bakery. Three more were treated at the scene.")
    assert not [c for c in cs if c.value == 5]
    assert find(cs, 3).scope == "injured"


def test_name_comma_age_comma_is_an_age_even_if_parsed_as_a_place(nlp):
    c = _one("Dev Marwan, 61, was killed by a drunk driver as he walked to the temple.", 61)
    assert c.kind == "age" and c.subject == "Marwan"


def test_a_figure_inside_a_quotation_over_several_paragraphs_is_in_quote(nlp):
    cs = claims('The chief said: "We found nine people inside.\n'
                "Four of them were hurt badly.\n"
                'The rest walked out," she said, adding that 30 firefighters helped.')
    assert find(cs, 9).in_quote and find(cs, 4).in_quote
    assert not find(cs, 30).in_quote


def test_the_whole_of_a_partitive_takes_no_outcome_from_the_part_s_verb():
    cs = claims("A 19-year-old man, one of four people hit by gunfire in Orlen on Friday, has died.")
    assert find(cs, 4).scope != "killed"  # the one died, not the four


def test_a_part_of_the_victims_is_a_part_with_the_outcome_its_noun_names():
    c = find(claims("Two of the victims killed were found in the yard and the third in a car."), 2)
    assert c.state == "part" and c.scope == "killed"
    assert find(claims("Two of the victims were taken to hospital."), 2).state == "part"


def test_shot_and_a_later_clause_with_its_own_subject():
    cs = claims("Seven people were shot and three of them died.")
    assert find(cs, 7).scope == "shot" and find(cs, 3).scope == "killed"
    assert find(claims("Seven people were shot and killed."), 7).scope == "killed"


def test_tokens_at_characters_match_a_scan_of_every_token(nlp):
    from storylens.stages import numbers

    doc = nlp("About 40 people, and 1,200 more, left the 3-day fair on 12 May.\n\n  Then 7 of them came back.")
    other = nlp("Nine boats.")
    for sp in (doc, doc[3:12], other, doc):
        first = sp[0].idx
        last = sp[-1].idx + len(sp[-1].text)
        for start in range(first - 1, last + 1):
            for end in range(start, min(start + 12, last + 2)):
                want = [t.i for t in sp if t.idx < end and t.idx + len(t.text) > start]
                assert [t.i for t in numbers._token_at(sp, start, end)] == want, (start, end)
