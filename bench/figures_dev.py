"""Fast in-process runs of the figures stages over the GVA incidents (../shared/devsets/gva-figures).

    .venv/bin/python bench/figures_dev.py OUT_DIR [--half 1|2|all] [--fresh] [--ids a,b] [--no-text2num]
                                          [--dir FOLDER]

``--dir`` runs over another folder of <name>/articles.jsonl (DUC clusters, ECB+ topics) instead.

Writes OUT_DIR/<incident>.json (report.json of each incident's articles.jsonl), then score with
../shared/tools/score_figures.py and score_brief_facts.py. The documents, spaCy parses and the
sections of the stages before 'claims' are cached under /tmp/figures/cache, or $FIGURES_CACHE (``--fresh`` rebuilds
them), so a run re-does only the stages from 'claims' on. Halves: incidents sorted by id, the first
75 ("1", where errors are inspected) and the last 75 ("2", checked only).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

FIG = Path(__file__).resolve().parents[2] / "shared" / "devsets" / "gva-figures"
CACHE = Path(os.environ.get("FIGURES_CACHE", "/tmp/figures/cache"))


def incidents(half: str) -> list[str]:
    ids = sorted(p.name for p in FIG.iterdir() if (p / "gold.json").exists())
    if half == "1":
        return ids[:len(ids) // 2]
    if half == "2":
        return ids[len(ids) // 2:]
    return ids


def _embed_cache():
    """Memoise sentence vectors on disk (the encoder is the slowest part of a re-run)."""
    import numpy as np

    from storylens import embeddings

    path = CACHE / "vectors.pkl"
    memo: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
    raw = embeddings.embed

    def embed(texts, *a, **k):
        todo = [t for t in dict.fromkeys(texts) if t not in memo]
        if todo:
            for t, v in zip(todo, raw(todo, *a, **k)):
                memo[t] = v
        return np.stack([memo[t] for t in texts]) if texts else raw(texts, *a, **k)

    embeddings.embed = embed
    return lambda: path.write_bytes(pickle.dumps(memo))


def main(argv: list[str]) -> int:
    from storylens.config import load_settings
    from storylens.pipeline.run import event_stages, run_event
    from storylens.pipeline.state import EventState
    from storylens.stages import ingest

    if "--no-text2num" in argv:  # measure the number-word library: the rule fallback alone
        sys.modules["text_to_num"] = None  # type: ignore[assignment]
    global FIG
    if "--dir" in argv:
        FIG = Path(argv[argv.index("--dir") + 1])
        if "--ids" not in argv:
            argv = [*argv, "--ids", ",".join(sorted(p.name for p in FIG.iterdir() if (p / "articles.jsonl").exists()))]
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    half = argv[argv.index("--half") + 1] if "--half" in argv else "all"
    ids = argv[argv.index("--ids") + 1].split(",") if "--ids" in argv else incidents(half)
    fresh = "--fresh" in argv
    CACHE.mkdir(parents=True, exist_ok=True)
    settings = load_settings()
    save = _embed_cache()
    stages = list(event_stages())
    first = [s.name for s in stages].index("claims")  # the stages from 'claims' on run each time
    early, late = stages[:first], stages[first:]
    t0 = time.time()
    for n, inc in enumerate(ids, 1):
        src = FIG / inc / "articles.jsonl"
        key = hashlib.sha1(src.read_bytes()).hexdigest()[:12]
        cp = CACHE / f"{inc}-{key}.pkl"
        if cp.exists() and not fresh:
            state = pickle.loads(cp.read_bytes())
        else:
            got = ingest.ingest([src], settings)
            docs = _clean(got.documents, settings)
            state = EventState(documents=docs, settings=settings)
            for st in early:
                try:
                    got_secs = st.load()(state)
                except Exception as exc:  # as the pipeline does: the stage's sections stay empty
                    print(f"{inc}: stage {st.name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
                    got_secs = {}
                for name in st.provides:
                    state.sections[name] = list(got_secs.get(name) or [])
            state.parsed()
            cp.write_bytes(pickle.dumps(state))
        state.settings = settings
        rep = run_event(state.documents, settings, stages=[*early_stub(state, early), *late])
        (out / f"{inc}.json").write_text(rep.to_json(), encoding="utf-8")
        if n % 25 == 0:
            print(f"{n}/{len(ids)} {time.time() - t0:.0f}s", file=sys.stderr)
            save()
    save()
    print(f"{len(ids)} reports in {time.time() - t0:.0f}s -> {out}", file=sys.stderr)
    return 0


def _clean(raws, settings):
    """The documents the pipeline's document steps make of the raw inputs (those it drops are skipped)."""
    from storylens.errors import InputError
    from storylens.pipeline.run import prepare_document

    docs = []
    for r in raws:
        try:
            docs.append(prepare_document(r, settings))
        except InputError:
            continue
    return docs


def early_stub(state, early):
    """Stages that return the cached sections (and share the cached parses)."""
    from storylens.pipeline.registry import Stage

    stubs = []
    for st in early:
        name = f"cached_{st.name}"
        sections = {k: state.sections.get(k, []) for k in st.provides}
        globals()[name] = (lambda secs: (lambda s: (s.cache.update(parsed=state.cache["parsed"]) or secs)))(sections)
        stubs.append(Stage(st.name, f"{__name__}:{name}", st.requires, st.provides))
    return stubs


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
