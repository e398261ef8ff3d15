"""A large invented event for the rendering and browser tests: 50 reports of one flood.

Every name, place, figure and sentence here is invented. The reports vary the way real
coverage does: a wire story carried (with small edits) by many outlets, outlets that publish
twice, reports without an outlet (only a web address, or only a headline), figures that
agree and differ, quotes relayed by other outlets, background years, and file-like ids
that must never reach the page's prose.
"""
from __future__ import annotations

import random

OUTLETS = ["Brenfield Courier", "Valley Daily", "Northgate Times", "Osk River Herald", "Marrow Evening Star",
           "Lakeside Gazette", "Tallow Radio News", "Kestrel Post", "Fennick Chronicle", "Upland Observer",
           "Corran Bay Journal", "Highmoor Bulletin", "Saltmarsh Tribune", "Greyford Mail", "Eastwold Sentinel",
           "Pellin Valley Times", "Dunmere Dispatch", "Carrow Broadcasting", "Westreach Monitor",
           "Ashby Ford Examiner"]

WIRE = ("MARROW BRIDGE (Associated Press) — Floodwater from the swollen Osk river forced about {evac} people "
        "from their homes in Marrow Bridge on Sunday, officials said.\n\n"
        "Rescue crews pulled {rescued} people from cars and rooftops overnight, the regional fire service said. "
        "\"We have never seen the water rise this fast,\" said Mayor Hanna Vedde.\n\n"
        "Forecasters said {rain} millimetres of rain fell in 24 hours. The last flood of this size hit the town "
        "in 2009, when 800 people were moved to shelters.\n\n"
        "Schools will stay closed until Wednesday, the council said.")

# own reporting: each report builds its story from these slots, so that few sentences repeat
OPENERS = ["The Osk river burst its banks at Marrow Bridge on Sunday {when} and {evac} residents left their homes, {who} said.",
           "About {evac} people fled their homes in Marrow Bridge after the Osk rose {how} on Sunday {when}, {who} said.",
           "{Evac} residents of Marrow Bridge spent Sunday night away from home as the Osk flooded {where}, {who} said.",
           "Floodwater covered {where} in Marrow Bridge on Sunday {when}, and {evac} people were moved out, {who} said."]
MIDDLES = ["Rescue crews reached {rescued} people stranded by the water, the fire service said.",
           "Fire crews said they had brought {rescued} people to safety by {dawn}.",
           "About {homes} homes were flooded, according to the council.",
           "The council counted about {homes} flooded homes by {dawn}.",
           "Two people died after their car was swept off the Kell road on April 6, 2031, police said.",
           "Police said two people died when their car left the Kell road in the flood on April 6, 2031.",
           "Forecasters said {rain} millimetres of rain fell in a day.",
           "A relief centre opened at the sports hall on April 7, 2031, {who2} said.",
           "Schools stay shut until Wednesday, April 9, 2031, the council said.",
           "Insurers expect a review of the flood defences in June 2031."]
QUOTES = ["\"People must stay away from the river paths until the water drops,\" council leader Piet Oram told reporters on Monday.",
          "\"The river peaked at 4.2 metres, the highest level on our records,\" said Ines Dolan, a hydrologist at the water agency.",
          "Mayor Hanna Vedde said: \"We have never seen the water rise this fast.\"",
          "\"We lost everything on the ground floor,\" said shopkeeper Tomas Reyl, {age}."]
BACKGROUND = ["Residents recalled the flood of 2009, when 800 people were moved to shelters.",
              "The town's flood wall was built in 1978 and raised in 1995.",
              "The last comparable flood, in March 2009, closed the bridge for a week."]
SLOTS = {"when": ["morning", "afternoon", "evening", ""], "how": ["quickly", "within hours", "overnight", "fast"],
         "who": ["the council", "officials", "the regional authority", "emergency services"],
         "who2": ["the council", "volunteers", "the mayor's office"],
         "where": ["the lower town", "Mill Lane and the market square", "the riverside streets", "the old quarter"],
         "dawn": ["Monday morning", "dawn on Monday", "late on Sunday"], "age": ["54", "61", "47"]}


def _own(rng: random.Random, figures: dict[str, str]) -> str:
    fill = {k: rng.choice(v) for k, v in SLOTS.items()}
    fill.update(figures)
    fill["Evac"] = figures["evac"]
    middle = rng.sample(MIDDLES, 5)
    paras = [rng.choice(OPENERS), " ".join(middle[:3]), rng.choice(QUOTES), " ".join(middle[3:]), rng.choice(BACKGROUND)]
    text = "\n\n".join(paras).format(**fill)
    return text.replace(" Sunday ,", " Sunday,").replace("  ", " ")


def _published(day: int) -> str:
    return f"2031-04-{day:02d}"


def large_event(n: int = 50, seed: int = 7) -> list[dict[str, str]]:
    """``n`` invented reports of one flood, as JSON-ready records (id, title, outlet, url, published, text)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        rid = f"{i:03d}_{rng.getrandbits(40):010x}"
        evac = rng.choice(["1,200", "1,200", "1,200", "1,500"])
        rescued = rng.choice(["56", "56", "60"])
        homes = rng.choice(["340", "340", "350"])
        rain = rng.choice(["180", "180", "175"])
        day = 7 + (i // 10) % 5
        rec: dict[str, str] = {"id": rid, "published": _published(day)}
        if i % 4 == 0:  # the wire story, carried by an outlet
            text = WIRE.format(evac=evac, rescued=rescued, rain=rain)
            title = rng.choice(["Floods force {e} from homes in Marrow Bridge", "Marrow Bridge flood: {e} evacuated",
                                "River Osk floods Marrow Bridge"]).format(e=evac)
        else:
            text = _own(rng, {"evac": evac, "rescued": rescued, "homes": homes, "rain": rain})
            title = rng.choice(["Osk river floods Marrow Bridge", "Marrow Bridge counts the cost of the flood",
                                "Water rises in Marrow Bridge as river bursts banks",
                                "Mayor: 'never seen the water rise this fast'"])
        rec["title"] = title
        rec["text"] = text
        kind = i % 10
        if kind == 7:  # no outlet: a web address only
            rec["url"] = f"https://www.{['riverwatch', 'osk-today', 'bridgefolk'][i % 3]}.example/news/{i}"
        elif kind == 9:  # no outlet and no address: a headline only
            pass
        else:  # an outlet; some outlets publish twice
            rec["outlet"] = OUTLETS[(i * 7) % len(OUTLETS)]
        out.append(rec)
    return out
