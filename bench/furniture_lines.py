"""Build ``src/storylens/data/furniture_lines.txt``: lines that repeat across unrelated reports.

A line (normalised as the cleaner compares lines) that appears in reports of three or more
different events is page furniture of the sites that print it (promos, sign-off lines,
player captions), not story text. The list is counted from the first half of a labelled
stream of real news reports (publication order) and stored as short SHA-1 hashes, so no text
of the source goes into the package:

    python bench/furniture_lines.py ../shared/devsets/gva-stream [--min-events 3]
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from storylens.stages.clean import furniture_key, split_lines

OUT = Path(__file__).resolve().parents[1] / "src/storylens/data/furniture_lines.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("stream_dir")
    ap.add_argument("--min-events", type=int, default=3)
    a = ap.parse_args()
    folder = Path(a.stream_dir)
    labels = {}
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            labels[r["id"]] = r["cluster"]
    rows = [json.loads(x) for x in (folder / "stream.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = rows[:len(rows) // 2]  # the first half only: the rest stays for measuring
    # per site: a line one site prints under several unrelated events is that site's furniture
    # (a plain sentence many sites happen to write, "The investigation is ongoing.", is not)
    events: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        site = r.get("outlet") or r.get("url") or r["id"]
        for ln in split_lines(r.get("text") or ""):
            key = furniture_key(ln.text)
            if key:
                events[(site, key)].add(labels.get(r["id"], r["id"]))
    keys = sorted({k for (_, k), ev in events.items() if len(ev) >= a.min_events})
    OUT.write_text("# SHA-1 (first 16 hex digits) of normalised lines one site printed in reports of "
                   f"{a.min_events}+ unrelated events; built by bench/furniture_lines.py\n"
                   + "".join(k + "\n" for k in keys), encoding="utf-8")
    print(f"{len(keys)} lines from {len(rows)} reports -> {OUT}")


if __name__ == "__main__":
    main()
