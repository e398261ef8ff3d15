"""Single-event latency: the bundled example and a 50-report event, cold and warm.

Cold: a fresh Python process that imports storylens, loads the models and analyses the event
(wall time of the whole process). Warm: in one process, after a first analysis of another
event (models loaded), the time of ``storylens.analyze`` on the event.

    .venv/bin/python bench/latency.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
EXAMPLE = HERE.parent / "examples" / "harbour-fire"

_WARM = """
import json, sys, time, storylens
storylens.analyze([sys.argv[2]])  # warm-up on another event: models loaded
t = time.monotonic()
r = storylens.analyze([sys.argv[1]])
print(json.dumps({"seconds": time.monotonic() - t, "documents": len(r.documents)}))
"""


def fifty_reports(folder: Path) -> tuple[Path, Path]:
    """A JSONL of one generated event with 50 reports, and one of another event (warm-up)."""
    from corpus_gen import generate

    by_event: dict[str, list[dict]] = {}
    for item in generate(4000, seed=7, events_per_day=2000):
        by_event.setdefault(item["event"], []).append(item)
    events = sorted(by_event.values(), key=len, reverse=True)
    big = events[0]
    reports = [big[i % len(big)] | {"id": f"r{i}", "text": big[i % len(big)]["text"] + f"\n\nUpdate {i}."}
               for i in range(50)]
    a, b = folder / "event50.jsonl", folder / "other.jsonl"
    a.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    b.write_text("".join(json.dumps(r) + "\n" for r in events[1][:5]), encoding="utf-8")
    return a, b


def cold(path: Path) -> float:
    t = time.monotonic()
    subprocess.run([sys.executable, "-c", "import sys, storylens; storylens.analyze([sys.argv[1]])", str(path)],
                   check=True, capture_output=True)
    return time.monotonic() - t


def warm(path: Path, other: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _WARM, str(path), str(other)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big, other = fifty_reports(Path(tmp))
        for name, path in (("examples/harbour-fire (4 reports)", EXAMPLE), ("generated event (50 reports)", big)):
            rows.append({"event": name, "cold": cold(path), "warm": warm(path, other)})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| event | cold (new process, s) | warm (models loaded, s) |", "|---|---|---|"]
    lines += [f"| {r['event']} | {r['cold']:.1f} | {r['warm']:.1f} |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
