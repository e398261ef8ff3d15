"""Harm: English word lists."""
from __future__ import annotations

# used by stages.claims
HARM_SCOPES = {"killed", "injured", "shot", "survived", "attempted", "missing"}

# used by stages.victims
VICTIM_DEATH_NOUNS = {"death", "killing", "murder", "slaying", "homicide"}

# used by stages.event_scope
OTHER_EVENT = {"similar", "another", "previous", "earlier", "prior", "separate", "unrelated", "former"}

# used by stages.event_scope
MANY_EVENTS = {"separate", "different", "other", "several", "multiple", "many", "unrelated", "recent", "numerous",
        "various", "two", "both"}

# used by stages.event_scope
SERIES_NOUNS = {"series", "string", "spate", "wave", "rash", "number", "rise", "surge"}
