"""Run every corpus benchmark and write bench/RESULTS.md (``make bench``).

    .venv/bin/python bench/run.py [--sizes 1000 10000 100000] [--workers 2] [--skip-latency]

Sections: throughput and peak memory (bench/throughput.py), single-event latency
(bench/latency.py), clustering quality on ECB+ (bench/ecbplus.py). Each section lists the
command that reproduces it alone.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


NOTES = """## Notes

- Memory: the run keeps in memory only the open events (closed after `close_after` articles
  without a new report, or `close_days` past the stream's clock), a compact archive of the last
  `archive` closed events (for follow-up reports to reopen), the duplicate index of the last
  `window` origins, a fixed 2**18 table of term frequencies and two chunks of articles (the
  next one is prepared while this one is placed); article texts live in the SQLite store.
  Worker processes are replaced after `recycle_tasks` tasks each (spaCy's string store keeps
  every new word a worker meets). Peak memory should therefore stop growing once those windows
  are full (about 10k articles with the defaults).
- Where the time goes (`bench/profile_corpus.py 300`: CPU seconds per stage, one process,
  MiniLM on one thread as in each worker of a run with several): MiniLM about half (the
  features' title and lead, and nearly every sentence of the analysed events' reports), spaCy
  about a quarter (the entity recogniser on each lead, the full parse of the analysed events),
  the stages' own Python the rest; a bare `nlp.pipe` over the same texts takes about 0.18 of
  the run's CPU time.
- The machine is shared with other jobs (see the load average above): rates are lower bounds.
"""


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(next(ln for ln in Path("/proc/meminfo").read_text().splitlines()
                       if ln.startswith("MemTotal")).split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        mem = 0.0
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.system()} {platform.release()}, Python {platform.python_version()}, {ncpu} CPUs ({cpu}), "
            f"{mem:.1f} GB RAM; load average {load:.1f} at the start (a shared machine)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--skip-ecb", action="store_true")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    a = ap.parse_args()
    parts = [f"# Corpus benchmarks\n\nMachine: {machine()}.\nDate: {dt.datetime.now():%Y-%m-%d %H:%M}.\n"
             f"Command: `.venv/bin/python bench/run.py --sizes {' '.join(map(str, a.sizes))} "
             f"--workers {a.workers}` (or `make bench` for 1k, 10k and 100k).\n"]
    if not a.skip_ecb:
        import ecbplus

        if ecbplus.DEFAULT_DATA.is_file():
            res = ecbplus.run(workers=a.workers)
            parts.append("## Event clustering on ECB+\n\n"
                         f"{res['documents']} documents, {res['events']} gold events, streamed in a fixed "
                         f"shuffled order (seed {ecbplus.SEED}). B-cubed over documents.\n"
                         f"Reproduce: `.venv/bin/python bench/ecbplus.py`.\n\n" + ecbplus.table(res) + "\n")
        else:
            parts.append(f"## Event clustering on ECB+\n\nnot run: {ecbplus.DEFAULT_DATA} not found.\n")
        print(parts[-1], flush=True)
        from corpus_gen import generate

        recs = [{**r, "cluster": r["event"]} for r in generate(2000, seed=11)]
        res = ecbplus.run_records(recs, workers=a.workers)
        parts.append("## Event clustering on a generated stream of near-identical events\n\n"
                     f"{res['documents']} articles of {res['events']} generated events (bench/corpus_gen.py, "
                     "seed 11): every event is the same kind of story told with the same pool of sentences; "
                     "events differ only by an invented place and person, a core of shared sentences and the "
                     "day (40 events a day). B-cubed over articles.\n\n" + ecbplus.table(res) + "\n")
        print(parts[-1], flush=True)
        from corpus_gen import generate_lifecycle

        recs = [{**r, "cluster": r["event"]} for r in generate_lifecycle(1500, seed=4)]
        res = ecbplus.run_records(recs, workers=a.workers)
        parts.append("## Event clustering on a generated stream of incidents with follow-ups

"
                     f"{res['documents']} articles of {res['events']} generated incidents "
                     "(bench/corpus_gen.py `generate_lifecycle`, seed 4): incidents of one kind in six shared "
                     "towns, four a day, each reported on its day; about a third followed 5 to 300 days later "
                     "by reports of an arrest, a hearing or a sentence that name new people, repeat the venue "
                     "and usually the victim, and share one sentence with the first reports. In date order. "
                     "B-cubed over articles.\n\n" + ecbplus.table(res) + "\n")
        print(parts[-1], flush=True)
    if a.sizes:
        import throughput

        rows = [throughput.measure(n, a.workers) for n in a.sizes]
        parts.append("## Throughput and peak memory\n\n"
                     "Generated stream (bench/corpus_gen.py: the team's example sentences recombined into "
                     "invented events, 3% exact and 3% near copies), `storylens corpus` end to end "
                     "(read, clean, dedup, cluster, analyse every event of 2+ reports, index, Parquet), "
                     "next to spaCy `nlp.pipe` (same model, same texts, same number of processes) in the same run.\n"
                     f"Reproduce: `.venv/bin/python bench/throughput.py {' '.join(map(str, a.sizes))} "
                     f"--workers {a.workers}`.\n\n" + throughput.table(rows) + "\n\n"
                     "Resident memory during the runs, sampled each time a tenth of the stream had been read:\n\n"
                     + throughput.memory_table(rows) + "\n")
        print(parts[-1], flush=True)
    if not a.skip_latency:
        import latency

        parts.append("## Single-event latency\n\nReproduce: `.venv/bin/python bench/latency.py`.\n\n"
                     + latency.table(latency.run()) + "\n")
        print(parts[-1], flush=True)
    parts.append(NOTES)
    a.out.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
