"""Words the brief's own sentences are made of, and how a figure's topic reads as a noun phrase."""
from __future__ import annotations

# used by stages.brief: qualifiers that go before the counted noun ("the number of remaining workers")
BEFORE_NOUN = frozenset("""original remaining initial final total current first last previous other missing
additional further new extra""".split())

# used by stages.brief: verbs read as "people that survived"
INTRANSITIVE = frozenset("survived died escaped fled returned remained arrived disappeared".split())

# used by stages.brief: participles read after the noun ("people shot"); those not ending in -ed
PARTICIPLES = frozenset("""shot hurt held killed stolen taken found left struck hit seen lost slain""".split())

# used by stages.brief: the words of the brief's template lines ("Reports agree on ...", "Only X gives ...")
TEMPLATE_WORDS = frozenset("reports report agree differ give gives sharing origin quote figures different fit "
                           "together number figure others another says".split())

# used by stages.brief: words that judge rather than report (a sentence holding one is not neutral)
JUDGEMENT_WORDS = frozenset("""brutal brutally horrific horrifying horrible horribly terrible terribly tragic tragically
agonizing agonising shocking shockingly heinous senseless cowardly devastating heartbreaking heartbroken outrageous
disgraceful gruesome savage savagely barbaric evil monstrous vicious viciously callous despicable appalling atrocious
furious outraged disgusting sickening chilling grisly ghastly cruel cruelly ruthless ruthlessly infamous notorious
heroic heroically brave bravely courageous villain villainous massacre slaughter butchered butchery thug thugs
beloved disastrous catastrophic unspeakable incredible amazing wonderful prestigious famed legendary iconic
renowned celebrated""".split())

# used by stages.brief: an appeal to readers ("anyone with information is asked to call ..."), not a fact
APPEAL_ASKED = frozenset("asked urged encouraged requested invited".split())  # "... is asked to call"
APPEAL_ASKING = frozenset("ask asks asking urge urges urging encourage encourages encouraging appeal appeals "
                          "appealing request requests requesting".split())  # "police urge anyone to call"
APPEAL_ACTS = ("call", "contact", "phone", "text", "email", "e-mail", "message", "reach", "submit", "send",
               "share", "report", "come forward", "get in touch")  # what readers are asked to do
APPEAL_CHANNELS = ("hotline", "tipline", "tip line", "tip-line", "tips line")  # where they are asked to call
