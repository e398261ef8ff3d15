"""Name parts: suffixes, particles, links, nicknames and words that are not names alone."""
from __future__ import annotations

from .calendar import MONTH_NAMES, WEEKDAYS

# used by stages.entity_rules
#: Name suffixes dropped from person names.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq"})

# used by stages.entity_rules
#: Arabic and similar articles and particles that transliterations write differently
#: (al-, el-, ad-, as- ...); dropped when comparing transliterations.
ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "ed", "ud", "ar", "er", "ur", "as", "es", "us",
                      "ash", "esh", "at", "et", "ath", "az", "ez", "an", "en", "adh", "ats"})

# used by stages.entity_rules
#: Single words that are not names on their own (spaCy sometimes tags them).
GENERIC_WORDS = frozenset("""
army police dept military government coalition regime forces force department office court
ministry council party group agency administration state city county province district region
capital airport hospital university school church mosque company committee commission
the a an he she they it we i you this that these those there here today yesterday tomorrow
""".split())

# used by stages.entity_rules
#: Last words of organisation names too generic to stand alone for the organisation.
GENERIC_HEADS = GENERIC_WORDS | frozenset("""
forces unit units services service rights news network press association institute center
centre office bureau board authority authorities union team club corps guard guards brigade
brigades battalion division command ministry house""".split())

# used by stages.entity_rules
#: Particles inside personal, place and organisation names from other languages ("de", "van",
#: "al", "bin").
NAME_PARTICLES = frozenset({"de", "du", "des", "la", "le", "del", "della", "di", "da", "von", "van",
                            "el", "al", "bin", "y"})

#: English words that link the parts of a name ("Bank of X", "X and Y").
NAME_LINKS = frozenset({"of", "for", "and", "the", "in", "on", "at", "&"})

#: Lower-case words allowed inside a capitalised name: the links and the European particles
#: (the Arabic ones, which transliterations join with a hyphen, are read separately).
STOP_IN_NAMES = NAME_LINKS | (NAME_PARTICLES - {"el", "al", "bin", "y"})

# used by stages.entity_rules
DEMONYM_ENDINGS = ("i", "n", "an", "ian", "ese", "ish", "ic", "er", "ite", "ean")

# used by stages.entity_rules
#: Common English short forms of given names (short form: full forms).
HYPOCORISMS = {
    "bill": "william", "billy": "william", "will": "william", "willie": "william",
    "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "albert robert",
    "dick": "richard", "rick": "richard", "ricky": "richard", "rich": "richard",
    "jim": "james", "jimmy": "james", "jamie": "james", "mike": "michael", "mick": "michael",
    "tom": "thomas", "tommy": "thomas", "ted": "edward theodore", "ed": "edward edwin edmund",
    "eddie": "edward", "ned": "edward", "chuck": "charles", "charlie": "charles",
    "jack": "john", "johnny": "john", "jon": "jonathan", "hank": "henry", "harry": "henry",
    "liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "kate": "katherine catherine",
    "kathy": "katherine kathleen", "cathy": "catherine", "sue": "susan", "joe": "joseph",
    "steve": "stephen steven", "tony": "anthony", "larry": "lawrence", "jerry": "gerald jerome",
    "gerry": "gerald gerard", "nick": "nicholas", "andy": "andrew", "drew": "andrew",
    "dan": "daniel", "danny": "daniel", "ben": "benjamin", "sam": "samuel samantha",
    "ray": "raymond", "chris": "christopher christine", "alex": "alexander alexandra",
    "matt": "matthew", "pat": "patrick patricia", "tim": "timothy", "greg": "gregory",
    "ron": "ronald", "don": "donald", "fred": "frederick", "frank": "francis franklin",
    "jeff": "jeffrey", "ken": "kenneth", "peggy": "margaret", "maggie": "margaret",
    "meg": "margaret", "jenny": "jennifer", "jen": "jennifer", "abby": "abigail",
    "vicky": "victoria", "becky": "rebecca", "dave": "david", "davy": "david", "phil": "philip",
    "doug": "douglas", "walt": "walter", "gene": "eugene", "vince": "vincent", "al": "albert alan alfred",
}

# used by stages.quote_rules
#: Words that join a speaker's name across lower-case parts: the links but "in" and "at", and
#: the particles but the rarer "du", "des", "della", "di" and "y".
NAME_CONNECT = set(NAME_LINKS - {"in", "at"} | NAME_PARTICLES - {"du", "des", "della", "di", "y"})

# used by corpus.features
#: Words of names that say what kind of thing is named, not which one (general English: compass
#: points, kinds of place and body, titles, newspaper-name words): never evidence on their own.
GENERIC_NAME_WORDS = frozenset("""
new old north south east west northern southern eastern western upper lower central greater saint fort
mount lake river bay port city town village county parish state district ward borough township
province region street avenue road boulevard lane drive place square park playground highway
bridge court courthouse hospital center centre clinic school academy university college church
mosque temple station airport mall market hotel club stadium arena police department office
sheriff sheriff's jail prison bureau agency ministry government council committee party army
force forces guard national international united states federal public community family
news press associated times post daily tribune herald journal dispatch gazette channel radio
television network media mr mrs ms dr jr sr sgt lt capt officer chief judge senator president
""".split())

# used by stages.topic: capitalised words that are no name (sentence-initial function words,
# weekdays and months, titles, pronouns)
NOT_NAME_WORDS = frozenset("""The This That These Those There Here When Where What Who Why How After Before
During While Police Officials Mr Mrs Ms Dr He She They It We
But And Or If In On At For With From By As An A His Her Their Its Our Your""".split()) \
    | frozenset(w.capitalize() for w in WEEKDAYS + MONTH_NAMES)
