"""People: generic persons, collectives, kin and the words that are never a relayed source."""
from __future__ import annotations

# used by stages.quote_rules
NOT_RELAYS = {"reporters", "journalists", "the media", "the press", "me", "us", "him", "her",
              "them", "police", "officers", "investigators", "detectives", "the court",
              "the jury", "the crowd", "a reporter", "a journalist", "supporters", "the audience"}

# used by stages.quote_rules
GENERIC_PERSONS = {"man", "woman", "person", "people", "someone", "somebody", "everyone", "everybody",
                   "nobody", "anyone", "anybody", "guy", "men", "women", "boy", "girl", "voice", "one"}

# used by stages.quote_rules
QUOTE_COLLECTIVE = {"police", "government", "military", "army", "navy", "authorities", "officials", "ministry",
              "department", "office", "agency", "company", "firm", "family", "court", "team", "staff",
              "council", "church", "administration", "prosecution", "defense", "defence", "group",
              "organisation", "organization", "campaign", "committee", "board", "union", "party",
              "coalition", "alliance", "network", "station", "newspaper", "paper", "bureau", "service",
              "unit", "force", "forces", "embassy", "club", "school", "hospital", "university", "mission"}

# used by stages.quote_rules
QUOTE_KIN = {"brother", "sister", "son", "daughter", "mother", "father", "wife", "husband", "friend", "cousin",
       "uncle", "aunt", "neighbour", "neighbor", "grandmother", "grandfather", "niece", "nephew", "partner",
       "boyfriend", "girlfriend", "child", "parent", "sibling", "fiance", "fiancee", "widow", "widower"}

# used by stages.brief: counted nouns that count people in general, not a part of them
GENERAL_COUNT_UNITS = frozenset("person people victim others individual casualty".split())
