"""One plural function for every stage and renderer."""
from storylens.text.inflect import plural, unit_for


def test_plural_of_counted_nouns() -> None:
    assert [plural(w) for w in ("bus", "person", "policeman", "city", "day", "Woman", "km", "villagers")] == \
        ["buses", "people", "policemen", "cities", "days", "Women", "kilometres", "villagers"]


def test_abbreviations_and_words_like_german_keep_their_form() -> None:
    assert plural("mph") == "mph" and plural("german") == "germans"


def test_unit_after_a_value() -> None:
    assert unit_for(11, "bus") == "buses" and unit_for(1, "bus") == "bus" and unit_for(2, "fire engine") == "fire engines"
    assert unit_for(None, "bus") == "bus" and unit_for(3, None) == ""
