"""Function words: stop words, pronouns and modals (each a subset of spaCy's English stop words where it can be)."""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

# used by stages.quote_rules
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "one", "who",
            "which", "that", "this", "these", "those", "some", "others", "many", "all", "both"}

# used by stages.quote_rules, stages.quotes
POSSESSIVES = frozenset({"his", "her", "their", "its", "my", "our", "your"})

# used by stages.quote_rules
REFLEXIVE = {"himself": "he", "herself": "she", "themselves": "they", "itself": "it"}

# used by stages.quote_rules
NOT_HEADS = {"the", "a", "an", "more", "less", "no", "not", "outside", "inside", "later", "earlier",
              "also", "then", "again", "here", "there", "now", "too", "so", "just", "only", "instead",
              "meanwhile", "however", "afterwards", "before", "after", "once", "twice", "still", "yet"}

# used by stages.claims: words that carry no topic (spaCy's English stop words and the forms of
# the reporting verbs "say" and "tell")
CLAIM_STOP = frozenset(STOP_WORDS | {"said", "says", "say", "told", "tells", "tell"})

# used by stages.victims
MODALS = {"will", "would", "could", "might", "may", "should", "can", "must"}

# used by stages.brief: words that carry no content when two sentences are compared
# (a short list: the brief's "restates" coverage threshold is set with it; spaCy's longer list
# drops words such as "through" and "three" and lets a sentence with an added detail count as
# restated)
CONTENT_STOP = frozenset("""a an the and or but if of to in on at by for with from as is was were are be been
being has have had it its this that these those he she they them his her their we our you your i
not no so than then there here who whom which what when where why how all any some more most
said says say told also after before over under into about up down out off just only new one
would could should will can may might do did does while during against between""".split())
