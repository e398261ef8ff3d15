"""A synthetic news stream for throughput benchmarks, recombined from the team's example texts.

Method (deterministic for a seed):
1. Sentence pool: every sentence of the cleaned texts in ``examples/`` (the team's own
   fictional reports), split at sentence ends.
2. Events: event ``k`` gets an invented place and person (syllables drawn from a seeded
   generator, so no real names), a day (``events_per_day`` events a day), a core of 5
   pool sentences, and 1 to 6 reports (geometric, mean about 2.4).
3. A report: an opening sentence naming the place, person and weekday; 3 of the event's core
   sentences; 3 to 6 further pool sentences; a title from the place and a pool sentence.
4. Each day's reports are shuffled together (events interleave); 3% of reports are followed
   by an exact copy and 3% by a near copy (a credit line added).
Each JSONL line carries the generated ``event`` label; memory stays flat while writing.

A second stream, :func:`generate_lifecycle`, adds what local news coverage of incidents looks
like: events of one kind in a few shared towns (many events per town), each at an invented
venue with an invented victim, reported on the day, and some followed weeks or months later
by follow-up reports (an arrest, a hearing, a sentence) that name new people (a suspect, a
judge), repeat the venue and usually the victim, and share few sentences with the first
reports. The follow-up sentences are templates written for this generator. Reports come out
in date order.

    .venv/bin/python bench/corpus_gen.py 10000 /tmp/stream-10k.jsonl
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
SYL = ["ka", "lo", "mer", "vin", "sa", "tor", "el", "bra", "dun", "fi", "gal", "ho", "ri", "zen", "pa",
       "qui", "mo", "ste", "ul", "nar", "be", "cor", "ith", "wen"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sentence_pool() -> list[str]:
    """Sentences of the cleaned example texts."""
    from storylens.config import Settings
    from storylens.stages.clean import clean_document
    from storylens.stages.ingest import ingest

    got = ingest([EXAMPLES], Settings())
    out: list[str] = []
    for raw in got.documents:
        try:
            text = clean_document(raw, Settings()).text
        except Exception:
            continue
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text):
            s = " ".join(s.split())
            if 6 <= len(s.split()) <= 60:
                out.append(s)
    if not out:
        raise SystemExit(f"no example texts found under {EXAMPLES}")
    return sorted(set(out))


def _geometric(rng: random.Random, most: int, p: float) -> int:
    """1, plus one more with probability ``p`` each time, up to ``most``."""
    n = 1
    while n < most and rng.random() < p:
        n += 1
    return n


def _name(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(n)).capitalize()


def generate(n: int, seed: int = 0, events_per_day: int = 40) -> Iterator[dict]:
    """``n`` articles, see the module docstring."""
    pool = sentence_pool()
    rng = random.Random(seed)
    day0 = dt.date(2030, 1, 1)
    made, k = 0, 0
    while made < n:
        day_items: list[dict] = []
        for _ in range(events_per_day):
            k += 1
            erng = random.Random(f"{seed}-{k}")
            place, person = _name(erng, 3), f"{_name(erng, 2)} {_name(erng, 3)}"
            date = day0 + dt.timedelta(days=(k - 1) // events_per_day)
            core = erng.sample(pool, 5)
            reports = _geometric(erng, 6, 0.58)
            for r in range(reports):
                body = [f"Officials in {place} said on {WEEKDAYS[date.weekday()]} that {person} was at the scene."]
                body += erng.sample(core, 3) + erng.sample(pool, erng.randint(3, 6))
                title = f"{place}: " + " ".join(erng.choice(core).split()[:9]).rstrip(",.;")
                day_items.append({"id": f"ev{k}-r{r + 1}", "title": title, "text": "\n\n".join(body),
                                  "published": date.isoformat(), "outlet": f"Outlet {erng.randint(1, 30)}",
                                  "event": f"ev{k}"})
        rng.shuffle(day_items)
        for item in day_items:
            if made >= n:
                return
            yield item
            made += 1
            roll = rng.random()
            if roll < 0.03 and made < n:
                yield {**item, "id": item["id"] + "-copy", "outlet": "Aggregator"}
                made += 1
            elif roll < 0.06 and made < n:
                yield {**item, "id": item["id"] + "-near", "text": item["text"] + "\n\n(Reporting by the desk.)"}
                made += 1


FOLLOW_UPS = [
    "{suspect}, {age}, was arrested on {weekday} in connection with the {month} fire at {venue} in {town}.",
    "{suspect} appeared in court on {weekday} charged over the fire at {venue} that left {victim} injured.",
    "A judge set bail for {suspect} at a hearing on {weekday}, prosecutors in {town} said.",
    "{suspect} pleaded guilty on {weekday} to charges linked to the {venue} fire, in which {victim} was hurt.",
    "{suspect} was sentenced on {weekday} to {years} years in prison for the fire at {venue}.",
    "Judge {judge} said the fire at {venue} had put many lives at risk.",
    "{victim}'s family said outside the court that they hoped the case would bring them some peace.",
    "Investigators said the fire at {venue} had been started deliberately.",
    "The hearing in {town} on {weekday} was the first since the {month} fire.",
    "Lawyers for {suspect} said their client would contest the charges.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
VENUES = ["Street", "Park", "Avenue", "Market", "Road", "Square"]


def generate_lifecycle(n: int, seed: int = 0, events_per_day: int = 4, towns: int = 6,
                       follow_rate: float = 0.35) -> Iterator[dict]:
    """``n`` articles of incident coverage with follow-ups (see the module docstring)."""
    import heapq

    pool = sentence_pool()
    rng = random.Random(seed)
    town_names = [_name(random.Random(f"{seed}-town-{i}"), 3) for i in range(towns)]
    day0 = dt.date(2030, 1, 1)
    queue: list[tuple[int, int, dict]] = []  # (day, order, item)
    made = order = 0
    k = 0
    day = 0
    while made < n:
        for _ in range(events_per_day):
            k += 1
            e = random.Random(f"{seed}-{k}")
            town = e.choice(town_names)
            venue = f"{_name(e, 2)} {e.choice(VENUES)}"
            victim = f"{_name(e, 2)} {_name(e, 3)}"
            date = day0 + dt.timedelta(days=day)
            core = e.sample(pool, 5)
            reports = _geometric(e, 5, 0.5)
            for r in range(reports):
                body = [f"Officials in {town} said on {WEEKDAYS[date.weekday()]} that a fire broke out at {venue}."]
                if e.random() < 0.7:
                    body.append(f"{victim} was among those hurt, they said.")
                body += e.sample(core, 3) + e.sample(pool, e.randint(2, 5))
                title = f"{town}: " + " ".join(e.choice(core).split()[:9]).rstrip(",.;")
                order += 1
                heapq.heappush(queue, (day, order, {"id": f"ev{k}-r{r + 1}", "title": title,
                                                    "text": "\n\n".join(body), "published": date.isoformat(),
                                                    "outlet": f"Outlet {e.randint(1, 30)}", "event": f"ev{k}"}))
            if e.random() < follow_rate:
                suspect = f"{_name(e, 2)} {_name(e, 3)}"
                judge = f"{_name(e, 2)} {_name(e, 2)}"
                for f in range(e.randint(1, 3)):
                    later = date + dt.timedelta(days=e.randint(5, 60) if e.random() < 0.6 else e.randint(61, 300))
                    fill = {"suspect": suspect, "age": e.randint(18, 60), "weekday": WEEKDAYS[later.weekday()],
                            "month": MONTHS[date.month - 1], "venue": venue, "town": town, "victim": victim,
                            "judge": judge, "years": e.randint(2, 20)}
                    body = [t.format(**fill) for t in e.sample(FOLLOW_UPS, 4)]
                    body += e.sample(core, 1) + e.sample(pool, e.randint(1, 3))
                    title = f"{town}: {suspect} " + e.choice(["arrested", "in court", "charged", "sentenced"])
                    order += 1
                    heapq.heappush(queue, ((later - day0).days, order,
                                           {"id": f"ev{k}-f{f + 1}", "title": title, "text": "\n\n".join(body),
                                            "published": later.isoformat(), "outlet": f"Outlet {e.randint(1, 30)}",
                                            "event": f"ev{k}"}))
        while queue and queue[0][0] <= day and made < n:
            yield heapq.heappop(queue)[2]
            made += 1
        day += 1


def write(n: int, path: Path, seed: int = 0, stream: Path | None = None) -> Path:
    """Write ``n`` generated articles as JSONL (``stream``: the first ``n`` articles of that JSONL
    stream instead; fewer than ``n`` there is an error)."""
    with open(path, "w", encoding="utf-8") as fh:
        if stream is None:
            for item in generate(n, seed):
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
            return path
        with open(stream, encoding="utf-8") as src:
            taken = sum(1 for _, line in zip(range(n), src) if fh.write(line))
    if taken < n:
        raise SystemExit(f"{stream} holds {taken} articles, fewer than {n}")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: corpus_gen.py N OUT.jsonl")
    write(int(sys.argv[1]), Path(sys.argv[2]))
