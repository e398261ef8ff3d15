"""General-English word lists for quantity claims: classes of counted nouns, units,
outcome and state words, titles, and the words that mark labels and dated events."""
from __future__ import annotations

import re

from .numbers import TENS_W, UNITS_W

UNIT_CLASS = {}
for _w in ("bus", "vehicle", "car", "truck", "lorry", "van", "coach", "minibus", "pickup"):
    UNIT_CLASS[_w] = "vehicle"
for _w in ("people", "person", "victim", "civilian", "resident", "man", "woman", "child", "adult",
           "student", "passenger", "worker", "individual", "casualty", "patient", "teen",
           "teenager", "boy", "girl", "youth", "family", "relative", "survivor", "spectator",
           "pedestrian", "bystander", "migrant", "refugee", "villager", "protester", "citizen",
           "guest", "customer", "employee", "staff", "visitor", "hostage", "inmate", "prisoner",
           "veteran", "volunteer", "member", "kid", "juvenile", "minor", "toddler", "infant", "baby",
           "patron", "attendee", "partygoer", "motorist"):
    UNIT_CLASS[_w] = "person"
for _w in ("fighter", "militant", "soldier", "troop", "jihadist", "gunman", "insurgent", "rebel",
           "combatant", "terrorist", "extremist", "militiaman", "guerrilla", "serviceman",
           "marine", "officer", "policeman", "trooper", "deputy", "agent"):
    UNIT_CLASS[_w] = "fighter"
for _w in ("suspect", "defendant", "accomplice", "attacker", "assailant", "shooter"):
    UNIT_CLASS[_w] = "suspect"
FAMILY = {"person": "human", "fighter": "human", "suspect": "human", "vehicle": "vehicle"}

TIME_UNITS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour",
              "minute": "minute", "decade": "decade", "second": "second"}
DISTANCE_UNITS = {"kilometer": "km", "kilometre": "km", "km": "km", "mile": "mile",
                  "meter": "m", "metre": "m", "foot": "foot", "feet": "foot", "yard": "yard"}
MONEY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY", "yuan": "CNY",
               "rupee": "INR", "rupiah": "IDR", "peso": "PESO", "ruble": "RUB", "rouble": "RUB",
               "franc": "CHF", "shekel": "ILS", "dinar": "DINAR", "rand": "ZAR", "naira": "NGN"}
ABBR_SCALE = {"k": 1000, "m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
# measured quantities: the counted noun's lemma -> a normalised unit
MEASURE_UNITS = {"tonne": "tonne", "ton": "tonne", "kilogram": "kg", "kg": "kg", "kilo": "kg",
                 "gram": "g", "lb": "lb", "ounce": "oz", "acre": "acre", "hectare": "hectare",
                 "litre": "litre", "liter": "litre", "gallon": "gallon", "barrel": "barrel",
                 "megawatt": "MW", "kilowatt": "kW", "degree": "degree", "centimetre": "cm",
                 "centimeter": "cm", "cm": "cm", "millimetre": "mm", "millimeter": "mm", "inch": "inch",
                 "storey": "storey", "story": "storey", "floor": "storey"}
QUAKE_NOUNS = {"quake", "earthquake", "tremor", "temblor", "aftershock", "shock", "foreshock"}
MAGNITUDE_BEFORE_RE = re.compile(r"(?:\bmagnitude[- ]?(?:of\s+)?|\bmeasur(?:ed|ing|es)\s+(?:a\s+)?|"
                                 r"\bregister(?:ed|ing)\s+(?:a\s+)?)$", re.I)
MAGNITUDE_AFTER_RE = re.compile(r"(?:[- ]?magnitude\b|\s+on\s+the\s+Richter\b|\s+Richter\b)", re.I)
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}

# nouns that count people by what happened to them ("three slayings", "the lives of three")
DEATH_NOUNS = {"death", "slaying", "killing", "murder", "fatality", "homicide", "life", "body"}
SCOPE_WORDS = [
    ("attempted", {"attempt", "attempted", "try"}),
    ("killed", {"kill", "die", "dead", "death", "slay", "slaying", "murder", "fatal", "fatally",
                "life", "body", "homicide", "execute", "killing", "fatality", "perish", "slain",
                "toll"}),
    ("survived", {"survive", "survivor", "survived"}),
    ("injured", {"injure", "wound", "hurt", "injured", "wounded", "injury", "graze", "hospitalise",
                 "hospitalize", "hospitalised", "hospitalized", "hospital", "hospitalisation",
                 "hospitalization", "treat"}),
    ("arrested", {"arrest", "detain", "book", "custody", "apprehend"}),
    ("charged", {"charge", "indict"}),
    ("missing", {"missing", "miss", "disappear"}),
    ("evacuated", {"evacuate", "evacuation", "evacuee"}),
    ("rescued", {"rescue", "free", "release"}),
    ("displaced", {"displace", "flee", "homeless"}),
    ("shot", {"shoot", "shot", "gunfire", "bullet", "gunshot"}),
]
HUMAN_SCOPES = {"attempted", "killed", "survived", "injured", "arrested", "missing", "evacuated",
                "rescued", "displaced", "shot", "charged"}
THING_SCOPES = [
    ("destroyed", {"destroy", "flatten", "raze", "collapse", "level", "demolish", "wreck"}),
    ("burned", {"burn", "scorch", "char"}),
    ("damaged", {"damage", "crack", "hit", "affect"}),
]
# agent-noun endings: an unknown counted noun with one of them may be a person
_AGENT_RE = re.compile(r"(?:er|or|ist|ian|ant|ent|man|men|woman|ee|ic|ive|ward|ard|ans|ers|(?<![sx])is|ese)$")
# event nouns that do the damage rather than suffer it
AGENT_EVENTS = {"storm", "blast", "explosion", "bomb", "attack", "strike", "airstrike", "raid", "fire",
                "flood", "shell", "rocket", "missile", "wave"}
NOT_PERSON = {"number", "order", "border", "center", "centre", "letter", "meter", "metre", "hour",
              "computer", "container", "tower", "river", "quarter", "chapter", "layer", "floor",
              "corner", "paper", "matter", "water", "power", "dollar", "monitor", "sector", "motor",
              "percent", "cent", "event", "incident", "apartment", "department", "document",
              "segment", "shipment", "point", "plant", "restaurant", "tent", "ward", "yard",
              "vehicle", "aftershock", "quake", "tremor", "temblor", "shot", "round", "bullet",
              "clinic", "topic", "traffic", "republic", "music", "plastic", "fabric", "graphic"}
STATE_WORDS = [
    ("changed", {"increase", "raise", "rise", "climb", "grow", "jump", "double", "reduce", "lower",
                 "drop", "fall", "decline", "revise", "update"}),
    ("original", {"original", "originally", "initial", "initially", "first"}),
    ("returned", {"return", "back", "retreat"}),
    ("remaining", {"remain", "remaining", "stranded", "strand", "stuck", "dwindle", "still"}),
]
TIME_SCOPE_RE = re.compile(r"^\s*\(?\s*(?:at the time(?: of [^),.;\n]{1,40})?|then|at that time)"
                           r"(?=[\s),.;]|$)\)?", re.I)
ATTEMPT_RE = re.compile(r"\b(?:attempted|attempting to|attempt to|tried to|trying to)\s+(?:\S+\s+){0,2}"
                        r"(?:murder|kill|homicide)", re.I)
GENERIC_SUBJECTS = {"police", "officials", "authorities", "prosecutors", "investigators", "detectives",
                    "officers", "witnesses", "the", "people", "residents", "troops", "forces"}
ROLE_PERSON_NOUNS = {"boy", "girl", "man", "woman", "teen", "teenager", "youth", "suspect",
                     "accomplice", "defendant", "member", "gunman", "driver", "student", "son",
                     "daughter", "mother", "father", "co-defendant", "juvenile", "shooter"}
NAME_TITLES = {"mr", "mrs", "ms", "dr", "prof", "sgt", "lt", "capt", "col", "gen", "gov", "sen",
               "rep", "mayor", "president", "prosecutor", "chief", "officer", "judge"}


TITLE_WORDS = NAME_TITLES | {"cpl", "const", "det", "insp", "supt", "pvt", "sgt", "capt", "lt", "trooper",
                             "deputy", "constable", "sergeant", "captain", "lieutenant", "detective",
                             "inspector", "corporal", "private", "senior", "staff", "spc", "maj", "adm"}


# events a year can date ("the 1990 floods", "the 2004 election")
YEAR_EVENTS = ("killing", "slaying", "murder", "bombing", "attack", "shooting", "massacre", "riot",
               "election", "earthquake", "quake", "tsunami", "flood", "war", "crash", "fire", "case",
               "olympics", "games", "season", "census", "disaster", "storm", "hurricane", "uprising",
               "revolution", "crisis", "championship", "world cup", "law", "act", "agreement", "treaty")
# counted nouns that stay singular after a number ("40 staff"), so are no label
COLLECTIVE = {"staff", "crew", "police", "personnel", "people", "cattle", "livestock", "troop", "head",
              "dozen", "percent", "cent", "year", "time", "fold"}
NAME_LABELS = {"FAC", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "NORP"}

# nouns that name one person by age, sex, role or kin ("a 17-year-old boy", "his cousin")
KIN_NOUNS = {"friend", "brother", "sister", "wife", "husband", "cousin", "nephew", "niece", "grandson",
             "granddaughter", "grandmother", "grandfather", "uncle", "aunt", "girlfriend", "boyfriend",
             "fiancé", "fiancée", "fiance", "fiancee", "neighbor", "neighbour", "classmate", "roommate",
             "toddler", "baby", "infant", "male", "female", "kid", "stepfather", "stepson", "mom", "dad",
             "partner", "spouse", "grandchild", "relative", "bystander"}
PERSON_NOUNS = frozenset(k for k, v in UNIT_CLASS.items() if v in ("person", "fighter", "suspect")) \
    | ROLE_PERSON_NOUNS | KIN_NOUNS | {"deputy", "agent", "trooper", "guard", "clerk", "owner", "driver"}

# cues the fitted figure chooser reads around a count (stages/claims_choice.py)
PARTITIVE_AFTER_RE = re.compile(r"^[\w-]+\s+of\s+(?:the|those|them|these|his|her|their|its|our)\b", re.I)  # "three of the victims"
PARTITIVE_BEFORE_RE = re.compile(r"\b(?:\d+|" + "|".join(sorted((w for w, v in {**UNITS_W, **TENS_W}.items() if v), key=len, reverse=True))
                                 + r"|all|each|both|none)\s+of\s+(?:the\s+|those\s+|these\s+)?$", re.I)  # "one of three people"
OTHER_RE = re.compile(r"\b(?:other|others|another|more|additional)\b", re.I)  # "three other people"
NEGATED_BEFORE_RE = re.compile(r"\b(?:not|never|no)\s+$", re.I)  # "not two"
