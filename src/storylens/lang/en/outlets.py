"""Outlets: English word lists."""
from __future__ import annotations

# used by stages.metadata
SITE_WORDS = {
    "news", "times", "post", "herald", "tribune", "journal", "daily", "tv", "radio", "online",
    "today", "press", "gazette", "telegraph", "guardian", "network", "media", "weekly",
    "magazine", "chronicle", "observer", "independent", "express", "mail", "mirror", "star",
    "sun", "standard", "review", "record", "register", "dispatch", "courier", "bulletin",
    "weather", "sports", "channel", "broadcasting", "insider", "report", "wire", "agency",
    "com", "org", "net", "live", "digital", "info", "examiner", "inquirer", "sentinel",
    "monitor", "globe", "nation", "world", "politics", "social", "local",
}

# used by stages.metadata
OUTLET_NAME_LINKS = {"of", "the", "and", "for", "in", "on", "at", "de", "la", "le", "du", "des", "del", "el", "y", "&"}

# used by labels
OUTLET_WORDS = frozenset("""news times post herald tribune journal daily tv radio press gazette telegraph guardian
chronicle observer courier wire agency broadcasting broadcaster channel television network newspaper magazine
dispatch bulletin examiner inquirer sentinel monitor globe mail mirror express newsroom""".split())
