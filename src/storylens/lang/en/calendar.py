"""Calendar: month and weekday names, and the day words that read as dates."""
from __future__ import annotations

#: Month names and their abbreviations, with the month's number.
MONTH_NUMBERS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}

#: Every month word, full names and abbreviations.
MONTHS = tuple(MONTH_NUMBERS)

#: The full month names ("january" ... "december").
MONTH_NAMES = tuple(max((k for k, v in MONTH_NUMBERS.items() if v == n), key=len) for n in range(1, 13))

#: The three-letter abbreviations, January to December, with the month's number.
MONTH_NUM = {k: v for k, v in MONTH_NUMBERS.items() if len(k) == 3}

#: Weekdays, Monday first (the index is Python's ``weekday()``).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Words that date an event by its day rather than its month or year.
DAY_WORDS = frozenset(WEEKDAYS) | {"today", "yesterday", "tonight"}

#: Month words that are also common words or given names ("may", "march", "June"): a date
#: only before a number.
NAME_MONTHS = frozenset({"march", "may", "june", "august"})

#: Words that make a phrase a date rather than a name: weekdays, unambiguous months, day words.
DATE_WORDS = (DAY_WORDS | set(MONTHS)) - NAME_MONTHS - {"mar"}

#: Times of day said in words, as hours after midnight.
CLOCK_WORDS = {"noon": 12.0, "midday": 12.0, "midnight": 0.0}

#: Words before a time of day that say how exact it is: "about" (either side of it), "after"
#: (at it or later), "before" (at it or earlier).
CLOCK_QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "shortly after": "after", "just after": "after", "soon after": "after", "just past": "after",
    "after": "after", "shortly before": "before", "just before": "before", "before": "before",
}
