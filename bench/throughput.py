"""Corpus throughput and peak memory, next to a bare spaCy ``nlp.pipe`` over the same texts.

For each size N: generate N articles (``corpus_gen.py``; or take the first N of ``--stream``), run ``storylens corpus`` on them in
a fresh process (events analysed, default settings, ``--workers`` processes) and record
articles per second end to end and peak resident memory (the main process, and the largest
worker; also sampled each time a tenth of the stream has been read, to show whether memory
grows with the corpus), with the 1-minute load average before and after it (the machine may be shared). Then, in another fresh process, time spaCy's ``nlp.pipe`` (the same model, all
components) over the same texts. The ratio is storylens' rate / spaCy's rate; on a shared
machine the wall-clock rates move with the others' load, so the CPU seconds each side used
(its processes and their workers) are given too, with their ratio (spaCy's / storylens'). With
``--no-analyse`` the corpus run only clusters (no per-event analysis).

    .venv/bin/python bench/throughput.py 1000 10000 100000 [--workers 2] [--no-analyse] [--keep DIR] [--spacy-sample N]
    .venv/bin/python bench/throughput.py 2100 --stream ../shared/devsets/gva-stream/stream.jsonl
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_CORPUS = """
import json, os, re, resource, sys, threading, time
from storylens.config import Settings
from storylens.corpus import CorpusSettings, run_corpus

def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

def children():
    me, out = str(os.getpid()), []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    if fh.read().rsplit(")", 1)[1].split()[1] == me:
                        out.append(int(d))
            except (OSError, IndexError):
                pass
    return out

class Progress:  # the run's progress lines: the number of articles read so far
    read = 0
    def write(self, line):
        m = re.search(r"read (\\d+) articles", line)
        if m:
            self.read = int(m.group(1))
    def flush(self):
        pass

n_total, prog, curve, stop = int(sys.argv[4]), Progress(), [], threading.Event()
def sample():  # resident memory now (main, largest worker) each time a tenth of the stream is read
    step = max(1, n_total // 10)
    nxt = step
    while not stop.wait(2.0):
        if prog.read >= nxt:
            kids = [rss(p) for p in children()]
            curve.append({"read": prog.read, "main_mb": rss(os.getpid()), "worker_mb": max(kids, default=0.0)})
            nxt = (prog.read // step + 1) * step
threading.Thread(target=sample, daemon=True).start()
t = time.monotonic()
s = run_corpus([sys.argv[1]], sys.argv[2], Settings(quiet=False, embedding_precision=sys.argv[6]),
               CorpusSettings(workers=int(sys.argv[3]), quiet=False, analyse=sys.argv[5] == "1"), progress=prog)
secs = time.monotonic() - t
stop.set()
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(json.dumps({"seconds": secs, "cpu_seconds": cpu, "rss_main_mb": me, "rss_worker_mb": kids, "curve": curve, **s.to_dict()}))
"""

_SPACY = """
import json, resource, sys, time
from storylens.nlp import get_nlp
nlp = get_nlp()
t = time.monotonic()
n = 0
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
def texts():
    with open(sys.argv[1], encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit and i >= limit:
                return
            yield json.loads(line)["text"]
for _ in nlp.pipe(texts(), batch_size=64, n_process=int(sys.argv[2])):
    n += 1
secs = time.monotonic() - t
cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(json.dumps({"seconds": secs, "cpu_seconds": cpu, "n": n, "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _py(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(n: int, workers: int, spacy: bool = True, analyse: bool = True, keep: Path | None = None,
            precision: str = "int8", spacy_sample: int = 0, stream: Path | None = None) -> dict:
    """One row: storylens corpus and bare spaCy over the same N generated articles (with
    ``keep``, the run's reports and ``articles.parquet`` are copied to ``keep/N/``; with
    ``spacy_sample``, spaCy's rate is taken over the first that many texts of the same stream,
    right after the storylens run; with ``stream``, the first N articles of that JSONL stream
    rather than generated ones)."""
    from corpus_gen import write

    with tempfile.TemporaryDirectory() as tmp:
        src = write(n, Path(tmp) / f"stream-{n}.jsonl", stream=stream)
        t = time.monotonic()
        load0 = os.getloadavg()[0]
        sl = _py(_CORPUS, str(src), str(Path(tmp) / "out"), str(workers), str(n), "1" if analyse else "0",
                 precision)
        row = {"n": n, "workers": workers, "analyse": analyse, "precision": precision,
               "storylens_seconds": sl["seconds"],
               "storylens_cpu_seconds": sl.get("cpu_seconds"),
               "storylens_rate": n / sl["seconds"], "rss_main_mb": sl["rss_main_mb"],
               "rss_worker_mb": sl["rss_worker_mb"], "events": sl["events"], "analysed": sl["analysed"],
               "copies": sl["copies"], "curve": sl.get("curve", []), "wall": time.monotonic() - t,
               "load": (load0, os.getloadavg()[0])}
        print(json.dumps({k: v for k, v in row.items()}), file=sys.stderr, flush=True)  # before the spaCy pass
        if keep is not None:
            import shutil

            dest = keep / str(n)
            shutil.copytree(Path(tmp) / "out", dest, ignore=shutil.ignore_patterns("checkpoint", "*.sqlite*"),
                            dirs_exist_ok=True)
        if spacy:
            m = min(n, spacy_sample) if spacy_sample > 0 else n
            sp = _py(_SPACY, str(src), str(workers), str(m))
            scale = n / sp["n"]  # spaCy's seconds for the whole stream, at the sample's rate
            row.update(spacy_texts=sp["n"], spacy_seconds=sp["seconds"] * scale, spacy_rate=sp["n"] / sp["seconds"],
                       spacy_cpu_seconds=sp["cpu_seconds"] * scale if sp.get("cpu_seconds") else None)
            row["ratio"] = row["storylens_rate"] / row["spacy_rate"]
            if sl.get("cpu_seconds") and row.get("spacy_cpu_seconds"):  # work done, whatever else runs on the machine
                row["cpu_ratio"] = row["spacy_cpu_seconds"] / sl["cpu_seconds"]
    return row


def table(rows: list[dict]) -> str:
    lines = ["| articles | workers | analysed | storylens art/s | seconds | peak RSS main / worker (MB) | events (analysed) "
             "| copies | spaCy nlp.pipe art/s | ratio | CPU s storylens / spaCy (ratio) | load avg (start, end) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        sp = f"{r['spacy_rate']:.1f}" if "spacy_rate" in r else "-"
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else "-"
        cpu = (f"{r['storylens_cpu_seconds']:.0f} / {r['spacy_cpu_seconds']:.0f} ({r['cpu_ratio']:.2f})"
               if "cpu_ratio" in r else "-")
        lines.append(f"| {r['n']} | {r['workers']} | {'yes' if r.get('analyse', True) else 'no'} | {r['storylens_rate']:.1f} | {r['storylens_seconds']:.0f} | "
                     f"{r['rss_main_mb']:.0f} / {r['rss_worker_mb']:.0f} | {r['events']} ({r['analysed']}) | "
                     f"{r['copies']} | {sp} | {ratio} | {cpu} | {r['load'][0]:.1f}, {r['load'][1]:.1f} |")
    return "\n".join(lines)


def memory_table(rows: list[dict]) -> str:
    """Resident memory during each run, sampled each time a tenth of the stream was read."""
    lines = ["| articles in the run | articles read | RSS main (MB) | RSS largest worker (MB) |", "|---|---|---|---|"]
    for r in rows:
        for c in r.get("curve", []):
            lines.append(f"| {r['n']} | {c['read']} | {c['main_mb']:.0f} | {c['worker_mb']:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    from storylens.embeddings import DEFAULT_PRECISION

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-analyse", action="store_true", help="cluster only (no per-event analysis)")
    ap.add_argument("--keep", type=Path, help="copy each run's reports and articles.parquet to KEEP/N/ (to compare code versions)")
    ap.add_argument("--embedding-precision", choices=("float", "int8"), default=DEFAULT_PRECISION,
                    help="the sentence encoder's precision in the storylens run")
    ap.add_argument("--stream", type=Path, help="the first N articles of this JSONL stream (real news) instead of generated ones")
    ap.add_argument("--spacy-sample", type=int, default=0,
                    help="time bare spaCy over the first N texts of each stream only (its rate; CPU seconds scaled to the stream)")
    a = ap.parse_args()
    rows = [measure(n, a.workers, analyse=not a.no_analyse, keep=a.keep, precision=a.embedding_precision,
                    spacy_sample=a.spacy_sample, stream=a.stream)
            for n in a.sizes]
    print(table(rows))
    print()
    print(memory_table(rows))
