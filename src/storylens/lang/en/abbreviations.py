"""Abbreviations written with a period (not sentence ends) and short forms that name no entity."""
from __future__ import annotations

# used by stages.entity_rules
#: Short forms that spaCy tags as names but that name no entity (time zones, clock marks).
NOT_NAMES = frozenset("""gmt utc est edt cst cdt mst mdt pst pdt akst hst bst cet cest eet eest
wet ist jst kst aest aedt wib wita am pm""".split())

# used by stages.quote_rules
ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "brig", "col", "lt", "maj", "capt", "sgt", "cpl",
    "pvt", "adm", "cmdr", "det", "supt", "sen", "rep", "gov", "rev", "st", "jr", "sr", "co",
    "corp", "inc", "ltd", "no", "vs", "mt", "ft", "jan", "feb", "mar", "apr", "aug", "sept",
    "sep", "oct", "nov", "dec", "e", "w", "n", "s", "u", "a.m", "p.m", "approx", "est", "dept",
    "univ", "ave", "blvd", "rd", "hwy", "gov't", "sgt", "insp", "fr", "messrs", "u.s", "u.k",
    "u.n", "d.c", "oh", "la", "fla", "calif", "tex", "ill", "pa", "ga", "va", "md", "wash",
    "const", "cst", "asst", "atty", "hon", "pres", "cmdt", "sup", "rt", "del",
}
