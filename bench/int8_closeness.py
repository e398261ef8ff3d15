"""The int8 sentence encoder against the float one: closeness, CPU time and integer overflow.

    .venv/bin/python bench/int8_closeness.py [--n 400] [--stream ../shared/devsets/gva-stream/stream.jsonl]
        [--weights 63,127] [--emulate 30]

For each weight range (+-63 as shipped, +-127 for 8 bits) it builds the int8 graph, encodes N
sentences on one thread and prints the encoder's CPU seconds, the cosine of each vector to
the float one (mean and worst), and how often a sentence's nearest other sentence (and its 5
nearest) are the same as with the float encoder. Sentences are the first N of 6-40 words in
the stream's article texts (or generated ones with ``--generated``).

``--emulate K`` also runs the first K sentences through a numpy twin of the int8 graph whose
integer products follow the uint8 x int8 kernel of x86 CPUs without VNNI (``vpmaddubsw``: the
products of two neighbouring bytes summed into int16 with saturation, then into int32), and
prints how many pair sums saturate and the cosine of those vectors to the exact ones: with
2 * 255 * max_weight <= 32767 none saturates, so the integers are the same on every CPU.
With ``--emulate`` it also moves every input of every quantized layer of the exact twin by one
unit in the last place of float32 (up, down or not at all, at random), as float kernels that
round differently on another CPU might, and prints the cosine to the unmoved vectors.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import time
from pathlib import Path

import numpy as np

from storylens import embeddings as E


def stream_sentences(path: Path, n: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text", "")
            for sent in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")):
                words = sent.split()
                if 6 <= len(words) <= 40 and sent not in seen:
                    seen.add(sent)
                    out.append(sent)
                    if len(out) >= n:
                        return out
    return out


def set_weight_levels(w_levels: int) -> None:
    E.WEIGHT_LEVELS = w_levels
    E._ENCODER = None


def encode(texts: list[str], precision: str) -> tuple[np.ndarray, float]:
    E.set_precision(precision)
    E._ENCODER = None
    E.embed(["warm up"])
    t0 = time.process_time()
    vecs = E.embed(texts)
    return vecs, time.process_time() - t0


# -- numpy twin of the int8 graph, with the non-VNNI kernel's int16 pair sums ------------------


ULP_NOISE: list = [None]  # a numpy Generator while the twin's inputs are moved by one ulp


def _qlinear(x: np.ndarray, w: np.ndarray, b: np.ndarray, w_levels: int, saturate: bool,
             counts: list[int]) -> np.ndarray:
    wq, scale = E.quantize_columns(w.T, w_levels)
    colsum = (wq.astype(np.int64).sum(0) * scale.astype(np.float64)).astype(np.float32)
    x = x.astype(np.float32)
    if ULP_NOISE[0] is not None:
        x = x * (np.float32(1) + ULP_NOISE[0].integers(-1, 2, size=x.shape).astype(np.float32) * np.float32(2.0 ** -23))
    lo, hi = x.min(-1, keepdims=True), x.max(-1, keepdims=True)
    xs = np.maximum((hi - lo) * np.float32(1.0 / E.INPUT_LEVELS), np.float32(1e-12))
    xq = np.clip(np.rint((x - lo) / xs), 0, E.INPUT_LEVELS).astype(np.int64)
    wq = wq.astype(np.int64)
    if saturate:
        k = xq.shape[-1]
        pair = np.einsum("...jt,jtc->...jc", xq.reshape(*xq.shape[:-1], k // 2, 2), wq.reshape(k // 2, 2, -1))
        counts[0] += int(((pair > 32767) | (pair < -32768)).sum())
        counts[1] += pair.size
        raw = np.clip(pair, -32768, 32767).sum(-2)
    else:
        raw = xq @ wq
    return (raw.astype(np.float32) * xs * scale + lo * colsum + b).astype(np.float32)


def numpy_int8(weights: dict, cfg: E.BertConfig, ids: np.ndarray, mask: np.ndarray, w_levels: int,
               saturate: bool, counts: list[int]) -> np.ndarray:
    W = weights
    bsz, t = ids.shape
    nh, hd = cfg.heads, cfg.hidden // cfg.heads
    x = (W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][np.arange(t)][None]
         + W["embeddings.token_type_embeddings.weight"][0])
    x = E._layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], cfg.eps)
    m = mask.astype(np.float64)
    bias = ((1.0 - m) * -1e9)[:, None, None, :]

    def lin(v, p):
        return _qlinear(v, W[p + ".weight"], W[p + ".bias"], w_levels, saturate, counts)

    def heads(v):
        return v.reshape(bsz, t, nh, hd).transpose(0, 2, 1, 3)

    for i in range(cfg.layers):
        p = f"encoder.layer.{i}"
        q, k, v = (heads(lin(x, p + f".attention.self.{n}")) for n in ("query", "key", "value"))
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(bsz, t, cfg.hidden)
        x = E._layer_norm(lin(ctx, p + ".attention.output.dense") + x, W[p + ".attention.output.LayerNorm.weight"],
                          W[p + ".attention.output.LayerNorm.bias"], cfg.eps)
        inter = lin(x, p + ".intermediate.dense")
        inter = 0.5 * inter * (1.0 + E._erf(inter / math.sqrt(2.0)))
        x = E._layer_norm(lin(inter, p + ".output.dense") + x, W[p + ".output.LayerNorm.weight"],
                          W[p + ".output.LayerNorm.bias"], cfg.eps)
    pooled = (x * m[:, :, None]).sum(1) / np.maximum(m.sum(1, keepdims=True), 1e-9)
    pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return pooled.astype(np.float32)


def _neighbours(ref: np.ndarray, vecs: np.ndarray, k: int = 5) -> tuple[float, float]:
    """How often each sentence's nearest other sentence is the same under both encoders, and
    the mean share of its k nearest that both give."""
    def ranked(v: np.ndarray) -> np.ndarray:
        sim = v @ v.T
        np.fill_diagonal(sim, -np.inf)
        return np.argsort(-sim, axis=1, kind="stable")[:, :k]
    a, b = ranked(ref), ranked(vecs)
    top1 = float((a[:, 0] == b[:, 0]).mean())
    topk = float(np.mean([len(set(x) & set(y)) / k for x, y in zip(a, b)]))
    return top1, topk


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--stream", type=Path, default=Path("../shared/devsets/gva-stream/stream.jsonl"))
    ap.add_argument("--generated", action="store_true", help="generated sentences instead of the stream's")
    ap.add_argument("--weights", default="63,127", help="weight ranges to compare, comma-separated")
    ap.add_argument("--emulate", type=int, default=0)
    args = ap.parse_args()
    E.set_threads(1)
    if args.generated:
        from bench_embeddings import sentences
        texts = sentences(args.n)
    else:
        texts = stream_sentences(args.stream, args.n)
    ref, cpu = encode(texts, "float")
    print(f"{len(texts)} sentences; float: encoder CPU {cpu:.2f} s")
    path = E.model_dir()
    weights = E.load_weights(path / "model.safetensors")
    cfg = E.BertConfig.from_file(path / "config.json")
    tok = E.load_tokenizer(path / "tokenizer.json")
    for wl in (int(v) for v in args.weights.split(",")):
        set_weight_levels(wl)
        vecs, cpu = encode(texts, "int8")
        cos = (vecs * ref).sum(1)
        nn = _neighbours(ref, vecs)
        bound = 2 * E.INPUT_LEVELS * wl
        line = (f"weights +-{wl} (pair sums up to {bound}: {'fit' if bound <= E.INT16_MAX else 'may saturate'}): "
                f"encoder CPU {cpu:.2f} s; cosine to float mean {cos.mean():.4f}, worst {cos.min():.4f}; "
                f"nearest neighbour the same as float's {nn[0]:.3f}, top-5 overlap {nn[1]:.3f}")
        if args.emulate:
            sub = texts[:args.emulate]
            counts = [0, 0]
            sat = E._batched(sub, 1, lambda i, m: numpy_int8(weights, cfg, i, m, wl, True, counts), tok)
            exact = E._batched(sub, 1, lambda i, m: numpy_int8(weights, cfg, i, m, wl, False, [0, 0]), tok)
            ULP_NOISE[0] = np.random.default_rng(0)
            moved = E._batched(sub, 1, lambda i, m: numpy_int8(weights, cfg, i, m, wl, False, [0, 0]), tok)
            ULP_NOISE[0] = None
            c_sat, c_ulp = (sat * exact).sum(1), (moved * exact).sum(1)
            line += (f"; non-VNNI twin on {len(sub)}: {counts[0]} of {counts[1]} pair sums saturate, "
                     f"cosine to the exact twin mean {c_sat.mean():.6f}, worst {c_sat.min():.6f}; "
                     f"inputs moved by one ulp: mean {c_ulp.mean():.6f}, worst {c_ulp.min():.6f}")
        print(line, flush=True)


if __name__ == "__main__":
    main()
