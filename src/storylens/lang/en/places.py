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
