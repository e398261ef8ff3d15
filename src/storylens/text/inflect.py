"""Inflection: the plural of a counted noun, and a unit as it reads after its value."""
from __future__ import annotations

import re

from ..lang.en.units import IRREGULAR_PLURAL, NOT_MEN, UNIT_NAMES


def _like(model: str, out: str) -> str:
    return out[:1].upper() + out[1:] if model[:1].isupper() else out


def plural(word: str) -> str:
    """The plural of a counted noun: "bus" -> "buses", "person" -> "people", "km" ->
    "kilometres", "policeman" -> "policemen"; a word already plural, or an abbreviation such
    as "mph", is kept."""
    if word in UNIT_NAMES:
        return UNIT_NAMES[word]
    w = word.lower()
    if w in IRREGULAR_PLURAL:
        return _like(word, IRREGULAR_PLURAL[w])
    if w.endswith("man") and w not in NOT_MEN:
        return word[:-3] + "men"
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return word  # already plural ("villagers")
    if not w.isalpha() or not re.search(r"[aeiouy]", w):
        return word  # an abbreviation ("mph")
    if re.search(r"(?:s|x|z|ch|sh)$", w):
        return word + "es"
    if re.search(r"[^aeiou]y$", w):
        return word[:-1] + "ies"
    return word + "s"


def unit_for(value: object, unit: str | None) -> str:
    """A unit as it reads after its value: "1 hour", "6 hours", "3 people", "11 buses"."""
    if not unit:
        return ""
    if value in (1, 1.0, -1) or not isinstance(value, (int, float)):
        return unit
    words = unit.split()
    return " ".join(words[:-1] + [plural(words[-1])])
