"""Where a corpus run's CPU time goes, stage by stage, next to a bare spaCy pass.

    .venv/bin/python bench/profile_corpus.py [N] [--no-analyse] [--cprofile OUT.prof] [--keep DIR]

Generates N articles (``corpus_gen.py``, default 300; or reads the first N of ``--stream``), runs corpus mode over them in this
process (one worker, so every stage runs here; MiniLM on ``--threads`` threads, default 1
as in each worker of a run with several) and charges each CPU second (this process's
CPU time, all its threads) to the innermost of these that is running:

- a region: the per-article features (``prepare_batch``), each document step inside it, the
  clustering in the main loop (``_cluster``), the per-event analysis (``analyse_events``) and
  each event stage inside it; the rest (reading, the store, checkpoints) is "main";
- a kind inside the region: spaCy (``Language.pipe`` / ``Language.__call__``), MiniLM
  (tokenizer and ONNX session), or the region's own Python.

Then the same process times a bare ``nlp.pipe`` (all components, batch 64) over the same
texts: the CPU ratio is bare spaCy's CPU seconds / the corpus run's. With ``--cprofile``
the run is also recorded by cProfile (it slows Python code several times over, so the table
of that run overstates the Python share; use it for the functions, not for the shares).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class Meter:
    """Exclusive CPU seconds per (region, kind); frames nest."""

    def __init__(self) -> None:
        self.cpu: dict[tuple[str, str], float] = defaultdict(float)
        self.stack: list[list] = [["main (read, store, other)", "own", time.process_time()]]

    def enter(self, region: str | None, kind: str) -> None:
        now = time.process_time()
        top = self.stack[-1]
        self.cpu[(top[0], top[1])] += now - top[2]
        self.stack.append([region or top[0], kind, now])

    def leave(self) -> None:
        now = time.process_time()
        region, kind, start = self.stack.pop()
        self.cpu[(region, kind)] += now - start
        self.stack[-1][2] = now

    def wrap(self, fn, region: str | None, kind: str = "own"):
        def timed(*a, **k):
            self.enter(region, kind)
            try:
                return fn(*a, **k)
            finally:
                self.leave()
        timed.__wrapped__ = fn
        return timed

    def wrap_gen(self, fn, region: str | None, kind: str):
        """A generator function whose every step is charged to (region, kind)."""
        def timed(*a, **k):
            it = fn(*a, **k)
            while True:
                self.enter(region, kind)
                try:
                    x = next(it)
                except StopIteration:
                    return
                finally:
                    self.leave()
                yield x
        return timed

    def close(self) -> None:
        top = self.stack[0]
        self.cpu[(top[0], top[1])] += time.process_time() - top[2]
        top[2] = time.process_time()


def instrument(m: Meter) -> Any:
    """Wrap the functions named in the module docstring; returns the unwrapped ``Language.pipe``."""
    from spacy.language import Language

    from storylens import embeddings
    from storylens.corpus import run as R
    from storylens.pipeline.registry import Stage

    bare_pipe = Language.pipe
    Language.pipe = m.wrap_gen(Language.pipe, None, "spaCy")
    Language.__call__ = m.wrap(Language.__call__, None, "spaCy")
    embeddings._Encoder.run = m.wrap(embeddings._Encoder.run, None, "MiniLM")
    embeddings.tokenize = m.wrap(embeddings.tokenize, None, "MiniLM")
    R.prepare_batch = m.wrap(R.prepare_batch, "features (per article)")
    R.analyse_events = m.wrap(R.analyse_events, "analysis: shared parse, other")
    R.CorpusRun._cluster = m.wrap(R.CorpusRun._cluster, "clustering (main loop)")
    load = Stage.load

    def timed_load(self):
        prefix = "features: step" if self.kind == "document" else "analysis: stage"
        return m.wrap(load(self), f"{prefix} {self.name}")
    Stage.load = timed_load
    return bare_pipe


def table(cpu: dict[tuple[str, str], float], total: float) -> str:
    regions: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (region, kind), s in cpu.items():
        regions[region][kind] += s
    lines = ["| region | CPU s | share | own Python | spaCy | MiniLM |", "|---|---|---|---|---|---|"]
    for region, kinds in sorted(regions.items(), key=lambda kv: -sum(kv[1].values())):
        t = sum(kinds.values())
        if t < 0.005 * total:
            continue
        lines.append(f"| {region} | {t:.1f} | {100 * t / total:.0f} % | {kinds['own']:.1f} | {kinds['spaCy']:.1f} "
                     f"| {kinds['MiniLM']:.1f} |")
    by_kind = defaultdict(float)
    for (_, kind), s in cpu.items():
        by_kind[kind] += s
    lines.append(f"| **all** | {total:.1f} | 100 % | {by_kind['own']:.1f} ({100 * by_kind['own'] / total:.0f} %) "
                 f"| {by_kind['spaCy']:.1f} ({100 * by_kind['spaCy'] / total:.0f} %) "
                 f"| {by_kind['MiniLM']:.1f} ({100 * by_kind['MiniLM'] / total:.0f} %) |")
    return "\n".join(lines)


def main() -> None:
    from storylens.embeddings import DEFAULT_PRECISION

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=300)
    ap.add_argument("--no-analyse", action="store_true")
    ap.add_argument("--cprofile", type=Path, help="also record the run with cProfile into this file")
    ap.add_argument("--threads", type=int, default=1,
                    help="onnxruntime threads for MiniLM (default 1, as in each worker of a run with several)")
    ap.add_argument("--keep", type=Path, help="write the run's output folder here (to compare code versions)")
    ap.add_argument("--stream", type=Path, help="a JSONL stream to read the first N articles of, instead of generated ones")
    ap.add_argument("--embedding-precision", choices=("float", "int8"), default=DEFAULT_PRECISION,
                    help="the sentence encoder's precision")
    a = ap.parse_args()

    from corpus_gen import write

    from storylens.config import Settings
    from storylens.corpus import CorpusSettings, run_corpus
    from storylens.nlp import get_nlp

    m = Meter()
    bare_pipe = instrument(m)
    from storylens.corpus import run as R

    fcfg = R.CorpusRun._fcfg
    R.CorpusRun._fcfg = lambda self: dataclasses.replace(fcfg(self), threads=a.threads)
    with tempfile.TemporaryDirectory() as tmp:
        src = write(a.n, Path(tmp) / "stream.jsonl", stream=a.stream)
        out = a.keep or Path(tmp) / "out"
        get_nlp()  # the model loads (once per process) outside the measure, as for bare spaCy
        cs = CorpusSettings(workers=1, quiet=True, analyse=not a.no_analyse)
        prof = None
        if a.cprofile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        m.stack[0][2] = c0 = time.process_time()
        w0 = time.monotonic()
        s = run_corpus([src], out, Settings(embedding_precision=a.embedding_precision), cs)
        m.close()
        cpu, wall = time.process_time() - c0, time.monotonic() - w0
        if prof is not None:
            prof.disable()
            prof.dump_stats(a.cprofile)
        texts = [json.loads(line)["text"] for line in open(src, encoding="utf-8")]
        nlp = get_nlp()
        c1, w1 = time.process_time(), time.monotonic()
        for _ in bare_pipe(nlp, texts, batch_size=64):
            pass
        sp_cpu, sp_wall = time.process_time() - c1, time.monotonic() - w1
    print(f"{a.n} articles, {s.events} events ({s.analysed} analysed); encoder {a.embedding_precision}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"corpus run: {cpu:.1f} CPU s ({wall:.1f} s wall); bare spaCy nlp.pipe over the same texts: "
          f"{sp_cpu:.1f} CPU s ({sp_wall:.1f} s wall); CPU ratio {sp_cpu / cpu:.2f}, wall ratio {sp_wall / wall:.2f}")
    print()
    print(table(m.cpu, cpu))


if __name__ == "__main__":
    main()
