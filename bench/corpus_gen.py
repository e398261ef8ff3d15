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
            reports = 1
            while reports < 6 and erng.random() < 0.58:
                reports += 1
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


def write(n: int, path: Path, seed: int = 0) -> Path:
    """Write ``n`` generated articles as JSONL."""
    with open(path, "w", encoding="utf-8") as fh:
        for item in generate(n, seed):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: corpus_gen.py N OUT.jsonl")
    write(int(sys.argv[1]), Path(sys.argv[2]))
