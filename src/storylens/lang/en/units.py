"""Counted nouns and units: irregular plurals and the spelled-out names of unit symbols."""
from __future__ import annotations

IRREGULAR_PLURAL = {"person": "people", "man": "men", "woman": "women", "child": "children",
                    "policeman": "policemen", "foot": "feet", "people": "people", "staff": "staff",
                    "police": "police", "personnel": "personnel", "aircraft": "aircraft",
                    "sheep": "sheep", "fish": "fish", "series": "series", "crew": "crew"}
UNIT_NAMES = {"km": "kilometres", "m": "metres", "kg": "kilograms", "cm": "centimetres",
              "mm": "millimetres", "lb": "pounds", "MW": "megawatts", "kW": "kilowatts", "%": "per cent"}
NOT_MEN = frozenset({"german", "human", "roman", "shaman"})  # "-man" words whose plural is "-mans"

# used by stages.claims
DIMENSION = {"storey": "height", "floor": "height", "tonne": "weight", "kg": "weight", "lb": "weight",
             "acre": "area", "hectare": "area", "litre": "volume", "gallon": "volume", "barrel": "volume",
             "km": "distance", "mile": "distance", "m": "distance", "foot": "distance",
             "yard": "distance", "cm": "length", "mm": "length", "inch": "length"}

# used by stages.brief: unit symbols and measures a figure's topic can be named by
MEASURE_SYMBOLS = frozenset("km kg m cm mm mi lb lbs ft mph kph ha percent usd eur gbp".split())
