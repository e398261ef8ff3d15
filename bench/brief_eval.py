"""Brief benchmarks: ROUGE on DUC 2004 and key facts on gva-figures, with a cache.

    python bench/brief_eval.py duc  [--cache DIR] [--only d30001t,...] [--fresh]
    python bench/brief_eval.py gva  [--cache DIR] [--fresh]

The stages before the brief run once per event and their output (documents, sections and
sentence splits) is pickled under the cache folder; later runs rebuild only the brief (and the
off-topic check) and write each report's JSON, then call the shared scorers. Sentence vectors
are cached too. Reads ../shared/devsets; writes under the cache folder only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
TOOLS = SHARED / "tools"


@dataclass
class _Span:
    text: str


class _Parsed:
    """A stand-in for a spaCy parse that only knows its sentences."""

    def __init__(self, sents: list[str]):
        self.sents = [_Span(s) for s in sents]


def _install_vector_cache(path: Path) -> None:
    from storylens import embeddings

    store: dict[str, np.ndarray] = {}
    if path.exists():
        store = pickle.loads(path.read_bytes())
    orig = embeddings.embed

    def embed(texts, *a, **k):  # type: ignore[no-untyped-def]
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        todo = [t for t, key in zip(texts, keys) if key not in store]
        if todo:
            vecs = orig(list(dict.fromkeys(todo)), *a, **k)
            for t, v in zip(dict.fromkeys(todo), vecs):
                store[hashlib.sha1(t.encode("utf-8")).hexdigest()] = v
        return np.stack([store[key] for key in keys]) if keys else orig(texts, *a, **k)

    embeddings.embed = embed

    import atexit

    atexit.register(lambda: path.write_bytes(pickle.dumps(store)))


def prepare(path: Path, cache: Path, fresh: bool):
    """The state of an event just before the brief, from the cache or computed."""
    from storylens.api import ingest
    from storylens.config import load_settings
    from storylens.pipeline import EVENT_STAGES, EventState, analyze_raw

    key = cache / (hashlib.sha1(str(path).encode()).hexdigest()[:16] + ".pkl")
    if key.exists() and not fresh:
        return pickle.loads(key.read_bytes())
    settings = load_settings(quiet=True)
    got = ingest([path], settings)
    holder: dict = {}
    stages = tuple(s for s in EVENT_STAGES if s.name != "brief")

    import storylens.pipeline.run as pl

    real = pl.EventState

    class Keep(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **k):  # type: ignore[no-untyped-def]
            super().__init__(*a, **k)
            holder["state"] = self

    pl.EventState = Keep
    try:
        orig = pl.run_event

        def run_event(docs, settings, skipped=(), stages_=stages, on_stage=None):  # type: ignore[no-untyped-def]
            return orig(docs, settings, skipped, stages, on_stage)

        pl.run_event = run_event
        report = analyze_raw(got.documents, list(got.skipped), settings)
    finally:
        pl.EventState = real
        pl.run_event = orig
    st = holder["state"]
    sents = {d: [s.text for s in p.sents] for d, p in st.cache.get("parsed", {}).items()}
    data = {"report": report, "sections": dict(st.sections), "sentences": sents}
    key.write_bytes(pickle.dumps(data))
    return data


def from_report(path: Path, report_json: Path, cache: Path):
    """The state of an event just before the brief, rebuilt from a finished report (the eval
    harness's cached JSON): its sections as they are, its documents' sentences parsed again."""
    from storylens.model import Report
    from storylens.pipeline import EventState

    key = cache / ("r" + hashlib.sha1(report_json.read_bytes()).hexdigest()[:16] + ".pkl")
    if key.exists():
        return pickle.loads(key.read_bytes())
    report = Report.from_json(report_json.read_text(encoding="utf-8"))
    names = ("entities", "claim_groups", "quote_groups", "reuse", "citations", "framing", "timeline", "origins")
    sections = {n: list(getattr(report, n)) for n in names}
    from storylens.config import load_settings

    state = EventState(documents=list(report.documents), settings=load_settings(quiet=True))
    sents = {d: [s.text for s in p.sents] for d, p in state.parsed().items()}
    data = {"report": report, "sections": sections, "sentences": sents}
    key.write_bytes(pickle.dumps(data))
    return data


def brief_report(data: dict):
    from dataclasses import replace

    from storylens.config import load_settings
    from storylens.pipeline import EventState
    from storylens.stages import brief, topic

    report = data["report"]
    state = EventState(documents=list(report.documents), settings=load_settings(quiet=True),
                       sections=dict(data["sections"]))
    state.cache["parsed"] = {d: _Parsed(s) for d, s in data["sentences"].items()}
    topic.run(state)
    out = brief.run(state)
    docs = state.documents
    return replace(report, documents=docs, brief=out["brief"])


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=["duc", "gva"])
    ap.add_argument("--cache", default="/tmp/brief/cache")
    ap.add_argument("--out", default="/tmp/brief/out")
    ap.add_argument("--only", default="")
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--reports", default="", help="a folder of finished reports (NAME.json) to rebuild the brief from")
    ap.add_argument("--set", dest="overrides", action="append", default=[], help="MODULE.NAME=VALUE, e.g. brief.REDUNDANT=0.7")
    ap.add_argument("--half", choices=["first", "second", "all"], default="all")
    a = ap.parse_args(argv)
    import importlib

    for item in a.overrides:
        name, value = item.split("=", 1)
        mod, attr = name.rsplit(".", 1)
        setattr(importlib.import_module(f"storylens.stages.{mod}"), attr, type(getattr(
            importlib.import_module(f"storylens.stages.{mod}"), attr))(value))
    cache = Path(a.cache) / a.set
    cache.mkdir(parents=True, exist_ok=True)
    _install_vector_cache(Path(a.cache) / "vectors.pkl")
    out = Path(a.out) / a.set
    if a.set == "duc":
        paths = sorted((SHARED / "devsets/duc2004/clusters").glob("*.jsonl"))
        names = [p.stem for p in paths]
    else:
        paths = sorted((SHARED / "devsets/gva-figures").glob("*/articles.jsonl"))
        names = [p.parent.name for p in paths]
    half = len(paths) // 2
    pick = {"first": slice(0, half), "second": slice(half, None), "all": slice(None)}[a.half]
    paths, names = paths[pick], names[pick]
    if a.only:
        keep = set(a.only.split(","))
        paths, names = zip(*[(p, n) for p, n in zip(paths, names) if n in keep]) or ([], [])
    rdir, tdir = out / "reports", out / "txt"
    for d in (rdir, tdir):
        d.mkdir(parents=True, exist_ok=True)
        for f in d.iterdir():
            f.unlink()
    for p, n in zip(paths, names):
        data = from_report(p, Path(a.reports) / f"{n}.json", cache) if a.reports else prepare(p, cache, a.fresh)
        report = brief_report(data)
        (rdir / f"{n}.json").write_text(report.to_json(), encoding="utf-8")
        if a.set == "duc":
            subprocess.run([sys.executable, str(TOOLS / "brief_to_txt.py"), str(rdir / f"{n}.json"),
                            str(tdir / f"{n}.txt")], check=True)
    if a.set == "duc":
        refs = SHARED / "devsets/duc2004/references.jsonl"
        sub = refs
        if len(names) < 50:
            sub = out / "refs.jsonl"
            keep = set(names)
            sub.write_text("".join(line + "\n" for line in refs.read_text().splitlines()
                                   if json.loads(line)["cluster"] in keep))
        subprocess.run([sys.executable, str(TOOLS / "score_rouge.py"), str(sub), str(tdir), "--words", "100"])
    else:
        subprocess.run([sys.executable, str(TOOLS / "score_brief_facts.py"), str(SHARED / "devsets/gva-figures"),
                        str(rdir), "--verbose"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
