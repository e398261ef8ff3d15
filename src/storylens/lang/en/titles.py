"""Titles, ranks, roles and honorifics that may precede or trail a person's name."""
from __future__ import annotations

# used by stages.entity_rules
#: Titles, ranks, roles and honorifics that may precede a person's name (lower case,
#: without the abbreviation's period).
TITLES = frozenset("""
mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend father sister brother
sheikh sheik imam rabbi pope cardinal bishop archbishop king queen prince princess emperor
president vice prime premier chancellor minister secretary deputy undersecretary ambassador envoy
senator sen representative rep congressman congresswoman congressmember governor gov mayor
councilman councilwoman councillor councilor alderman judge justice magistrate prosecutor attorney
district general gen brigadier brig lieutenant lt colonel col major maj captain capt cpt sergeant
sgt sgts corporal cpl private pvt specialist spc admiral adm commander cmdr cdr commodore marshal
field staff master chief superintendent supt inspector insp detective det officer trooper sheriff
undersheriff constable const cst pc spokesman spokeswoman spokesperson director commissioner
chairman chairwoman chair ceo founder coach agent coroner army navy marine marines air force
police military state federal county city u.s us former late acting interim assistant asst
associate senior junior first lady gentleman atty hon honourable honorable lieutenant-governor
pastor patriarch ayatollah mufti
""".split())

# used by stages.entity_rules
#: Titles that name the person whose name follows ("Officer Ana Ruiz", "Dr. Ruiz"): the titles
#: less the words that only qualify one ("former", "state", "police").
PERSON_TITLES = TITLES - frozenset("""
former late acting interim assistant asst associate senior junior first state federal county
city u.s us police military army navy marine marines air force district field staff master vice
""".split())

# used by stages.entity_rules
#: Ranks and roles that may trail an organisation span ("State Police Lt.").
RANKS = frozenset("""lt sgt capt cpt det insp supt chief officer officers trooper troopers
spokesman spokeswoman spokesperson director commissioner sheriff deputy gen col maj cmdr adm
sergeant lieutenant captain detective inspector superintendent ceo cfo coo chairman
chairwoman president founder executive""".split())

# used by stages.entity_rules
#: Lower-case role nouns that, written right before a name, show it is a person's
#: ("receptionist Jo Marsh", "neighbour Ed Kim").
PERSON_ROLES = frozenset("""
spokesman spokeswoman spokesperson prosecutor attorney lawyer judge senator mayor governor
president director chairman chairwoman ceo officer detective sergeant sheriff undersheriff
receptionist witness victim suspect gunman partner neighbor neighbour resident mother father son
daughter wife husband brother sister friend manager owner employee colleague teacher student
actor actress singer player coach doctor nurse pastor priest
""".split())

#: Words that stand inside a title phrase before a name ("the foreign minister", "fire chief",
#: "U.N. envoy") without being a title on their own; the quotation stage reads title phrases
#: with them, the entity stage does not strip them from names.
TITLE_PHRASE_WORDS = frozenset({"the", "a", "an", "foreign", "defence", "defense", "interior", "head",
                                "leader", "official", "special", "fire", "uk", "un", "u.s.", "sgt.",
                                "gen."})

#: Titles and title-phrase words as the quotation stage reads them before a speaker's name.
QUOTE_TITLES = set(TITLES | TITLE_PHRASE_WORDS)

# used by stages.quote_rules
TITLE_MODIFIERS = {"state", "county", "city", "federal", "district", "police", "army", "navy", "marine",
                   "marines", "fire", "foreign", "defence", "defense", "interior", "special", "first",
                   "the", "a", "an", "u.s.", "us", "uk", "un", "staff", "senior", "acting", "former",
                   "assistant", "vice", "prime", "head", "leader", "private", "general", "major",
                   "chief", "deputy", "justice", "attorney", "secretary", "director", "king", "queen",
                   "prince", "princess", "father", "agent", "officer", "commander"}

# used by stages.numbers
OFFICE_WORDS = {"office", "term", "tenure", "presidency", "governorship", "mandate", "administration", "reign"}

#: Honorifics that give a person's gender (with and without the period).
MALE_TITLES = {"mr", "mr."}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss"}

# used by corpus.features
#: Roles of people who speak for an office and recur across a town's events (a police
#: spokeswoman, a sheriff, a prosecutor, a mayor): their names say little about which event it is.
OFFICIAL_ROLES = frozenset("""
spokesman spokeswoman spokesperson spokespeople chief sheriff undersheriff mayor governor gov
commissioner prosecutor attorney coroner examiner officer sergeant sgt lieutenant lt captain capt
detective det superintendent supt inspector insp director minister president senator sen
representative rep councilman councilwoman councillor councilor deputy trooper marshal judge
secretary ambassador general gen colonel col major maj commander spokesmen
""".split())
