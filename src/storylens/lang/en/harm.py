"""Harm: words for deaths, injuries and damage, and for the events that cause them."""
from __future__ import annotations

import re

# used by stages.claims
HARM_SCOPES = {"killed", "injured", "shot", "survived", "attempted", "missing"}

# used by stages.claims: nouns for the people harmed (a count of them needs an outcome to be a toll)
HARMED = {"victim", "casualty", "survivor", "patient"}

# used by stages.victims
VICTIM_DEATH_NOUNS = {"death", "killing", "murder", "slaying", "homicide"}

# used by stages.event_scope
OTHER_EVENT = {"similar", "another", "previous", "earlier", "prior", "separate", "unrelated", "former"}

# used by stages.event_scope
MANY_EVENTS = {"separate", "different", "other", "several", "multiple", "many", "unrelated", "recent", "numerous",
        "various", "two", "both"}

# used by stages.event_scope
SERIES_NOUNS = {"series", "string", "spate", "wave", "rash", "number", "rise", "surge"}

#: Words that mark a death count but name no killing ("loss of life", "death toll", "fatally").
DEATH_TOLL_WORDS = ("life", "body", "toll", "fatal", "fatally", "fatality")

# used by stages.brief: outcomes that make a figure one of the event's key figures, most important first
KEY_OUTCOMES = ("killed", "injured", "shot", "missing", "dead", "wounded", "arrested", "charged",
                "evacuated", "rescued", "displaced", "attempted", "survived")

#: The key outcomes that say people died or were hurt (not missing, arrested, rescued ...).
HARM_OUTCOMES = frozenset({"killed", "injured", "shot", "dead", "wounded"})

# used by stages.brief: words in a report's opening that say people died or were hurt
# (the harm outcomes, the other forms of their verbs, and the nouns of a death)
HARM_CUES = frozenset(HARM_OUTCOMES | {"died", "dies", "hurt", "fatally"} | VICTIM_DEATH_NOUNS
                      | {n + "s" for n in VICTIM_DEATH_NOUNS})

# used by stages.claims: a count that says whom it includes ("four dead, including the gunman")
INCLUDING_RE = re.compile(r"\b(?:including|includes|among them|counting)\b", re.I)

#: Outcome words of a toll stated in a report ("three people were killed", "2 wounded"), by the
#: kind of toll they count: the dead, the hurt, the shot.
TOLL_KINDS = {"killed": "dead", "dead": "dead", "died": "dead", "slain": "dead",
              "injured": "hurt", "wounded": "hurt", "hurt": "hurt", "shot": "shot"}

#: Verbs that state a toll before its count ("killing two", "wounding three").
TOLL_VERBS = {"killing": "dead", "injuring": "hurt", "wounding": "hurt"}
