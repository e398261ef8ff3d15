"""Organisations: the head words, company forms and force words of organisation names."""
from __future__ import annotations

# used by stages.entity_rules
#: Company-form words that may end an organisation's name or be left out ("X Co", "X Inc").
COMPANY_FORMS = ("co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc",
                 "plc", "gmbh", "ag", "nv", "bv", "lp", "llp")

# used by stages.entity_rules
#: Words after a place or people name that make an organisation of it ("Chadian army").
FORCE_WORDS = ("army", "military", "navy", "air force", "police department", "police dept",
               "police", "government", "coast guard", "fire department", "sheriff's office",
               "sheriff\u2019s office")

# used by stages.entity_rules
#: Last words that make a multi-word name an organisation whatever the model tagged
#: ("X Bank", "X Gazette"): institutions, companies and news media.
ORG_HEADS = frozenset("""
bank police department dept office agency company corporation corp inc ltd llc plc group
university college ministry council committee commission association institute foundation
party union authority service services bureau board federation league society trust
gazette times post herald tribune journal chronicle telegraph news courier press daily observer
standard express magazine radio television tv broadcasting network
""".split())
