"""Titles: English word lists."""
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
sgt sgts corporal cpl private pvt specialist spc admiral adm commander cmdr commodore marshal
field staff master chief superintendent supt inspector insp detective det officer trooper sheriff
constable cst pc spokesman spokeswoman spokesperson director commissioner chairman chairwoman chair
ceo founder coach army navy marine marines air force police military state federal county city
u.s us former late acting interim assistant associate senior junior first lady gentleman
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

# used by stages.quote_rules
QUOTE_TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "gen", "general", "brig", "brigadier", "col", "colonel", "lt", "lieutenant", "maj", "major",
    "capt", "captain", "sgt", "sergeant", "cpl", "corporal", "pvt", "private", "adm", "admiral",
    "cmdr", "commander", "cdr", "officer", "chief", "sheriff", "deputy", "detective", "det",
    "inspector", "superintendent", "supt", "constable", "president", "vice", "prime", "minister",
    "secretary", "spokesman", "spokeswoman", "spokesperson", "sen", "senator", "rep",
    "representative", "congressman", "congresswoman", "gov", "governor", "mayor", "judge",
    "justice", "attorney", "prosecutor", "district", "envoy", "ambassador", "director",
    "police", "army", "navy", "marine", "marines", "special", "agent", "trooper", "coach",
    "king", "queen", "prince", "princess", "pope", "rev", "reverend", "father", "pastor",
    "rabbi", "imam", "sheikh", "bishop", "cardinal", "chairman", "chairwoman", "chair", "ceo",
    "councilman", "councilwoman", "councillor", "councilor", "alderman", "commissioner",
    "state", "county", "city", "federal", "foreign", "defence", "defense", "interior",
    "assistant", "acting", "former", "senior", "staff", "first", "sgt.", "gen.", "the", "a", "an",
    "u.s.", "us", "uk", "un", "head", "leader", "official", "coroner", "marshal", "fire",
    "const", "constable", "cst", "asst", "atty", "hon", "honourable", "honorable", "chancellor",
    "undersheriff", "lieutenant-governor", "archbishop", "patriarch", "ayatollah", "mufti",
}

# used by stages.quote_rules
TITLE_MODIFIERS = {"state", "county", "city", "federal", "district", "police", "army", "navy", "marine",
                   "marines", "fire", "foreign", "defence", "defense", "interior", "special", "first",
                   "the", "a", "an", "u.s.", "us", "uk", "un", "staff", "senior", "acting", "former",
                   "assistant", "vice", "prime", "head", "leader", "private", "general", "major",
                   "chief", "deputy", "justice", "attorney", "secretary", "director", "king", "queen",
                   "prince", "princess", "father", "agent", "officer", "commander"}

# used by stages.numbers
OFFICE_WORDS = {"office", "term", "tenure", "presidency", "governorship", "mandate", "administration", "reign"}
