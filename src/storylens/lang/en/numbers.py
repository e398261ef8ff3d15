"""Number words, ordinals, vague quantities and the qualifiers of an approximate figure."""
from __future__ import annotations

# used by stages.entity_rules
ORDINALS = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
            "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
            "eleventh": "11th", "twelfth": "12th", "thirteenth": "13th", "fourteenth": "14th",
            "fifteenth": "15th", "sixteenth": "16th", "seventeenth": "17th", "eighteenth": "18th",
            "nineteenth": "19th", "twentieth": "20th"}

# used by stages.numbers
UNITS_W = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
           "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
           "nineteen": 19}

# used by stages.numbers
TENS_W = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
          "eighty": 80, "ninety": 90}

# used by stages.numbers
VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
         "millions": (2_000_000, 9_999_999), "tens of thousands": (20_000, 99_999),
         "hundreds of thousands": (200_000, 999_999)}

# used by stages.numbers
QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "almost": "nearly",
    "nearly": "nearly", "close to": "nearly", "just under": "nearly", "at least": "at least",
    "no fewer than": "at least", "as many as": "as many as", "up to": "up to",
    "more than": "more than", "over": "more than", "upwards of": "more than",
    "just over": "more than", "fewer than": "fewer than", "less than": "fewer than",
    "under": "fewer than", "at most": "up to", "no more than": "up to",
}

# used by stages.brief: the number words the report contract's figure check reads (two..twelve, dozen)
CHECKED_NUMBER_WORDS = {w: v for w, v in UNITS_W.items() if 2 <= v <= 12} | {"dozen": 12}
