"""Throughput of storylens.embeddings: sentences per second on N threads.

    .venv/bin/python bench/bench_embeddings.py [--threads 2] [--n 640]

Sentences are generated from a small fictional vocabulary, 8-40 words each.
"""
from __future__ import annotations

import argparse
from pathlib import Path
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


def ops(texts: list[str], precision: str) -> None:
    """Time one encoder session of ``precision`` over ``texts`` (batches of 32, sorted by
    length) and print the operators that took the most time."""
    import json
    import tempfile
    from collections import Counter

    import onnxruntime as ort

    path = E.model_dir()
    proto = E.build_onnx(E.load_weights(path / "model.safetensors"), E.BertConfig.from_file(path / "config.json"),
                         precision).SerializeToString()
    tok = E.load_tokenizer(path / "tokenizer.json")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.enable_profiling = True
    opts.profile_file_prefix = str(Path(tempfile.mkdtemp()) / precision)
    session = ort.InferenceSession(proto, sess_options=opts, providers=["CPUExecutionProvider"])
    texts = sorted(texts, key=len)
    t0 = time.process_time()
    for i in range(0, len(texts), 32):
        ids, mask = E.tokenize(tok, texts[i:i + 32])
        session.run(["embeddings"], {"input_ids": ids, "attention_mask": mask})
    cpu = time.process_time() - t0
    by_op: Counter = Counter()
    for ev in json.loads(Path(session.end_profiling()).read_text()):
        if ev.get("cat") == "Node":
            by_op[ev["args"].get("op_name")] += ev["dur"]
    total = sum(by_op.values()) or 1
    print(f"{precision}: {len(texts)} sentences in {cpu:.2f} CPU s; by operator: " +
          ", ".join(f"{op} {us / 1e6:.2f} s ({100 * us / total:.0f} %)" for op, us in by_op.most_common(6)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n", type=int, default=640)
    ap.add_argument("--numpy", action="store_true", help="also time the plain numpy pass")
    ap.add_argument("--ops", action="store_true",
                    help="CPU seconds by ONNX operator (onnxruntime's profiler) for both precisions, one thread")
    args = ap.parse_args()
    if args.ops:
        for precision in E.PRECISIONS:
            ops(sentences(args.n), precision)
        return
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
