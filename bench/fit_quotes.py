"""Fit the quotes stage's counted data on PolNeAR train and write src/storylens/data/quote_fit.json.

    python3 bench/fit_quotes.py [TRAIN_DIR]

TRAIN_DIR defaults to ../shared/devsets/polnear/train (text/ and brat attributions/ with Source,
Cue and Content). Written (deterministic; standard library and the package's own rules only):

- ``join``: for two quotation pieces next to each other in one paragraph, the share of pairs the
  annotators marked as ONE statement, by the words between them (``≤3``/``≤8``/``≤15``/``>15``),
  whether a reporting verb stands there and whether a sentence ends there; the stage joins the
  pieces where that share is above one half (cells with at least 20 pairs).
- ``clause_cues``: verb lemmas that annotators marked as the cue of a statement holding quoted
  words at least 10 times (lemmas by the package's spaCy model), with their counts; the stage
  reads a quotation inside the clause such a verb governs ('called the plan "a disaster"') as
  that statement.
Nothing is fitted on the dev or test splits.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storylens.stages.quote_rules import join_key, paragraphs, quote_spans  # noqa: E402

OUT = ROOT / "src" / "storylens" / "data" / "quote_fit.json"


def read_ann(path: Path, text: str) -> tuple[dict, list[dict]]:
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, offs = parts[1].split(" ", 1)
            frags = offs.split(";")
            try:
                a, b = int(frags[0].split()[0]), int(frags[-1].split()[-1])
            except ValueError:
                continue
            spans[parts[0]] = (kind, a, b, text[a:b])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(x.split(":", 1) for x in parts[1].split(" ") if ":" in x))
    return spans, events


def main(argv: list[str]) -> int:
    train = Path(argv[0]) if argv else ROOT.parent / "shared" / "devsets" / "polnear" / "train"
    cells: dict[str, Counter] = defaultdict(Counter)
    seen: set[str] = set()
    cue_texts: list[str] = []
    for ann in sorted((train / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in seen:  # one annotator per article
            continue
        seen.add(stem)
        text = (train / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        spans, events = read_ann(ann, text)
        contents = []
        for e in events:
            c = spans.get(e.get("Content", ""))
            if c:
                contents.append((c[1], c[2]))
            cue = spans.get(e.get("Cue", ""))
            if c and cue and re.search(r"[\"\u201c\u201d]", c[3]):
                cue_texts.append(cue[3])
        paras = paragraphs(text)

        def para(x: int) -> int:
            return next((i for i, (s, e) in enumerate(paras) if s <= x <= e), -1)

        pieces = [s for s in quote_spans(text) if not s.single]
        for a, b in zip(pieces, pieces[1:]):
            if para(a.start) != para(b.start):
                continue
            key = join_key(text[a.end:b.start], text[a.inner_start:a.inner_end])
            one = any(s <= a.inner_start + 1 and e >= b.inner_end - 1 for s, e in contents)
            cells[key]["one" if one else "two"] += 1
    join = {k: round(v["one"] / (v["one"] + v["two"]), 3) for k, v in sorted(cells.items())
            if v["one"] + v["two"] >= 20}
    from storylens.nlp import get_nlp

    lemmas: Counter = Counter()
    for d in get_nlp().pipe(cue_texts, batch_size=256):
        verb = next((t for t in d if t.pos_ == "VERB"), None)
        if verb is not None:
            lemmas[verb.lemma_.lower()] += 1
    clause_cues = {w: n for w, n in lemmas.most_common() if n >= 10 and w.isalpha()}
    data = {"clause_cues": clause_cues, "source": "PolNeAR train (" + str(len(seen)) + " articles)", "join": join,
            "join_support": {k: sum(v.values()) for k, v in sorted(cells.items())}}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {len(join)} join cells, {len(clause_cues)} clause cues")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
