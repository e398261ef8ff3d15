"""Function words: stop words, pronouns and modals (each a subset of spaCy's English stop words where it can be)."""
from __future__ import annotations

# used by stages.quote_rules
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "one", "who",
            "which", "that", "this", "these", "those", "some", "others", "many", "all", "both"}

# used by stages.quote_rules
REFLEXIVE = {"himself": "he", "herself": "she", "themselves": "they", "itself": "it"}

# used by stages.quote_rules
NOT_HEADS = {"the", "a", "an", "more", "less", "no", "not", "outside", "inside", "later", "earlier",
              "also", "then", "again", "here", "there", "now", "too", "so", "just", "only", "instead",
              "meanwhile", "however", "afterwards", "before", "after", "once", "twice", "still", "yet"}

# used by stages.claims
CLAIM_STOP = {"the", "a", "an", "of", "to", "in", "on", "at", "and", "or", "for", "by", "with", "from",
        "that", "this", "be", "have", "has", "had", "was", "were", "is", "are", "it", "its", "as",
        "said", "say", "says", "he", "she", "they", "their", "his", "her", "who", "which", "not"}

# used by stages.victims
MODALS = {"will", "would", "could", "might", "may", "should", "can", "must"}

# used by stages.brief: words that carry no content when two sentences are compared
# (spaCy's stop words where they are the same, and the reporting verbs "said", "says", "told")
CONTENT_STOP = frozenset("""a an the and or but if of to in on at by for with from as is was were are be been
being has have had it its this that these those he she they them his her their we our you your i
not no so than then there here who whom which what when where why how all any some more most
said says say told also after before over under into about up down out off just only new one
would could should will can may might do did does while during against between""".split())
