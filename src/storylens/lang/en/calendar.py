"""Calendar: English word lists."""
from __future__ import annotations

# used by stages.quote_rules
DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "april", "july", "september", "october", "november",
              "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
              "dec", "today", "yesterday", "tonight"}

# used by stages.numbers
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
          "sep", "sept", "oct", "nov", "dec")

# used by stages.numbers
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# used by stages.dates
MONTH_NUM = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
             "sep": 9, "oct": 10, "nov": 11, "dec": 12}

# used by stages.dates
WEEKDAY_LIST = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# used by stages.metadata
MONTH_NUMBERS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
