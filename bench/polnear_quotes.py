"""Quick loop for the quotes stage on a PolNeAR split: parse each article once (cached on disk),
run the quotes stage alone, and score with ``score_quotes.py``.

    .venv/bin/python bench/polnear_quotes.py [SPLIT_DIR] [--cache DIR] [--out report.json]

SPLIT_DIR defaults to ../shared/devsets/polnear/dev. Texts are cleaned by the ingest and clean
stages as in ``storylens analyze``; entities are left out (the full run adds them), so the
number can differ slightly from the full run's. The full measure stays
``storylens analyze SPLIT/text --format json -o r.json`` then ``score_quotes.py SPLIT r.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_docs(split: Path, cache: Path):
    """(documents, parses) of a split, cleaned and parsed once and cached under ``cache``."""
    from spacy.tokens import DocBin

    from storylens.config import load_settings
    from storylens.nlp import get_nlp
    from storylens.stages.clean import clean_document
    from storylens.stages.ingest import ingest

    key = hashlib.sha1(str(split.resolve()).encode()).hexdigest()[:10]
    cache.mkdir(parents=True, exist_ok=True)
    dpath, ppath = cache / f"{key}.docs.pkl", cache / f"{key}.spacy"
    nlp = get_nlp()
    if dpath.exists() and ppath.exists():
        docs = pickle.loads(dpath.read_bytes())
        parses = list(DocBin().from_bytes(ppath.read_bytes()).get_docs(nlp.vocab))
        return docs, parses
    settings = load_settings()
    got = ingest([split / "text"], settings)
    docs = [clean_document(raw, settings) for raw in got.documents]
    parses = list(nlp.pipe([d.text for d in docs], batch_size=16))
    db = DocBin(store_user_data=False)
    for p in parses:
        db.add(p)
    ppath.write_bytes(db.to_bytes())
    dpath.write_bytes(pickle.dumps(docs))
    return docs, parses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", nargs="?", default=str(SHARED / "devsets" / "polnear" / "dev"))
    ap.add_argument("--cache", default="/tmp/storylens-polnear")
    ap.add_argument("--out", default=None)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    from storylens.model import to_dict
    from storylens.stages.quotes import extract_quotes, group_quotes

    split = Path(args.split)
    docs, parses = load_docs(split, Path(args.cache))
    quotes = []
    for d, p in zip(docs, parses):
        quotes.extend(extract_quotes(d, p, []))
    groups = group_quotes(quotes, {d.id: d.text for d in docs})
    out = Path(args.out or Path(args.cache) / f"{split.name}.quotes.json")
    out.write_text(json.dumps({"quote_groups": [to_dict(g) for g in groups]}), encoding="utf-8")
    cmd = [sys.executable, str(SHARED / "tools" / "score_quotes.py"), str(split), str(out), "--verbose"]
    got = subprocess.run(cmd, capture_output=True, text=True)
    lines = got.stdout.splitlines()
    print("\n".join(lines if args.verbose else lines[-1:]))
    # a quotation whose annotated source is a lone pronoun counts as missed whatever name is
    # given (a name is what the report shows): the speaker share without those quotations
    pron = sum(bool(re.search(r"vs gold '\s*(?:He|She|It|They|We|I|You)(?:\s|\\xa0)*'$", x)) for x in lines)
    m = re.search(r"speaker [0-9.]+ \((\d+)/(\d+)\)", lines[-1]) if lines else None
    if m:
        ok, n = int(m.group(1)), int(m.group(2))
        print(f"speaker without the {pron} pronoun-sourced quotations: {ok / max(1, n - pron):.3f} ({ok}/{n - pron})")
    return got.returncode


if __name__ == "__main__":
    sys.exit(main())
