"""Outlets: the words of news outlet and site names."""
from __future__ import annotations

from .names import NAME_LINKS

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
#: Words allowed inside an outlet's name ("Voice of X", "El Y"): the name links and the
#: particles of Romance-language titles.
OUTLET_NAME_LINKS = set(NAME_LINKS | {"de", "la", "le", "du", "des", "del", "el", "y"})

#: Words that name a news medium in any outlet's name ("Herald", "Times", "Radio").
NEWS_WORDS = frozenset("""news times post herald tribune journal daily tv radio press gazette telegraph guardian
chronicle observer courier wire agency broadcasting channel network magazine dispatch bulletin examiner
inquirer sentinel monitor globe mail mirror express""".split())

#: Words that make a capitalised phrase in a byline or credit an outlet: the news words and
#: the nouns of the trade ("newspaper", "broadcaster").
OUTLET_WORDS = NEWS_WORDS | {"broadcaster", "television", "newspaper", "newsroom"}

#: Words that make a site or page title an outlet's name: the news words and the words of
#: web and magazine titles ("online", "weekly", "Star", ".com").
SITE_WORDS = set(NEWS_WORDS | {
    "online", "today", "media", "weekly", "independent", "star", "sun", "standard", "review",
    "record", "register", "weather", "sports", "insider", "report", "com", "org", "net", "live",
    "digital", "info", "nation", "world", "politics", "social", "local",
})

# used by stages.metadata
#: Words allowed inside an outlet's name ("Voice of X", "El Y"): the name links and the
#: particles of Romance-language titles.
OUTLET_NAME_LINKS = set(NAME_LINKS | {"de", "la", "le", "du", "des", "del", "el", "y"})

# used by labels
OUTLET_WORDS = frozenset("""news times post herald tribune journal daily tv radio press gazette telegraph guardian
chronicle observer courier wire agency broadcasting broadcaster channel television network newspaper magazine
dispatch bulletin examiner inquirer sentinel monitor globe mail mirror express newsroom""".split())
