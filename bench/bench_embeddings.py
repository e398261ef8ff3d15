"""Throughput of storylens.embeddings: sentences per second on N threads.

    .venv/bin/python bench/bench_embeddings.py [--threads 2] [--n 640]

Sentences are generated from a small fictional vocabulary, 8-40 words each.
"""
from __future__ import annotations

import argparse
import random
import time

from storylens import embeddings as E

WORDS = ("the council harbour ferry storm officials said on tuesday three hundred people were "
         "evacuated from coastal villages after river water rose above the old bridge while "
         "rescue teams searched damaged houses and a spokesperson for the regional police told "
         "reporters that roads would remain closed until engineers inspected the dam").split()


def sentences(n: int, seed: int = 7) -> list[str]:
    """n random sentences of 8-40 words."""
    rnd = random.Random(seed)
    return [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 40))).capitalize() + "."
            for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n", type=int, default=640)
    ap.add_argument("--numpy", action="store_true", help="also time the plain numpy pass")
    args = ap.parse_args()
    E.set_threads(args.threads)
    texts = sentences(args.n)
    t0 = time.perf_counter()
    E.embed(["warm up"])
    t1 = time.perf_counter()
    E.embed(texts)
    t2 = time.perf_counter()
    print(f"build+first call: {t1 - t0:.2f} s")
    print(f"onnxruntime, {args.threads} threads: {args.n / (t2 - t1):.0f} sentences/s "
          f"({args.n} sentences in {t2 - t1:.2f} s)")
    if args.numpy:
        sub = texts[:128]
        t3 = time.perf_counter()
        E.embed_numpy(sub)
        t4 = time.perf_counter()
        print(f"numpy: {len(sub) / (t4 - t3):.0f} sentences/s")


if __name__ == "__main__":
    main()
