"""Places: place heads and synonyms, street directions and locative prepositions."""
from __future__ import annotations

# used by stages.entity_rules
#: Place-type head words that name the same kind of site, so "X Park" ~ "X Playground".
PLACE_SYNONYMS = (
    frozenset({"park", "playground", "recreation ground", "playfield"}),
    frozenset({"jail", "prison", "detention center", "detention centre", "correctional center"}),
    frozenset({"hospital", "medical center", "medical centre"}),
    frozenset({"street", "st"}),
    frozenset({"avenue", "ave"}),
    frozenset({"road", "rd"}),
    frozenset({"boulevard", "blvd"}),
)

# used by stages.entity_rules
DIRECTIONS = {"n": "n", "north": "n", "s": "s", "south": "s", "e": "e", "east": "e",
              "w": "w", "west": "w", "ne": "ne", "nw": "nw", "se": "se", "sw": "sw",
              "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"}

# used by stages.entity_rules
#: Heads that allow a bare two-word prefix to name the place ("X Y" for "X Y Park").
PREFIX_HEADS = frozenset({"park", "playground", "square", "plaza", "stadium", "arena", "mall",
                          "field", "recreation ground", "playfield"})

# used by stages.claims
PLACE_GENERIC = {"the", "new", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
                 "upper", "lower", "central", "san", "santa", "saint", "city", "county", "province", "state",
                 "district", "region", "park", "street", "road", "island", "islands", "river", "lake", "mount",
                 "port", "fort", "bay", "valley", "united", "republic", "of", "and", "great"}

# used by stages.entities
PLACE_NOUNS = ("town", "city", "village", "province", "district", "region", "suburb", "area",
               "neighborhood", "neighbourhood", "country", "state", "county", "island", "port",
               "capital", "governorate", "municipality", "settlement", "camp")

# used by stages.entities
STRICT_LOCATIVE = {"in", "near", "into", "outside", "across", "towards", "toward"}

# used by stages.entities
LOCATIVE = {"in", "near", "to", "from", "into", "toward", "towards", "outside", "around", "across"}

# used by stages.brief
#: Last words of a place name that make it an administrative area larger than a town.
AREA_HEADS = frozenset({"county", "parish", "township", "province", "state", "region", "district", "governorate"})

# used by stages.places
#: US states: names, AP-style abbreviations and postal codes ("Alder, Ky." / "Alder, KY").
US_STATES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
tennessee texas utah vermont virginia washington wisconsin wyoming
ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
neb nebr nev okla ore pa tenn tex va vt wash wis wisc wyo
al ak az ar ca co ct de fl hi ia id il in ks mn ms mt nc nd ne nh nj nm nv ny oh ok or ri sc sd
tn tx ut wa wi wv wy
""".split()) | frozenset({"new hampshire", "new jersey", "new mexico", "new york", "north carolina",
                         "north dakota", "rhode island", "south carolina", "south dakota",
                         "west virginia", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "r.i", "s.c",
                         "s.d", "w.va", "d.c"})

# used by stages.places
#: Words after a town's name that make a local service of it ("Alder police", "Alder Fire").
LOCAL_FORCES = frozenset({"police", "fire", "sheriff", "sheriff's", "sheriff\u2019s"})

# used by stages.places
#: Words before such a service that make it no town's ("State Police", "Transit Police").
NOT_TOWN_WORDS = frozenset("""state capitol transit park parks university campus college school
military border secret metropolitan metro national federal tribal airport port harbor harbour
railway royal riot traffic highway mounted city county volunteer""".split())

# used by stages.places
#: Last words that make a capitalised name a building, site or body, not a town.
SITE_HEADS = frozenset("""school schools academy high elementary middle hospital center centre
church court courthouse hall street st avenue ave road rd boulevard blvd drive dr lane ln way
highway hwy mall club bar restaurant hotel inn motel apartments apartment complex station jail
prison park stadium arena airport library museum store market plaza square building tower
house home homes gardens bridge cemetery
congress parliament senate assembly legislature cabinet government ministry""".split())
