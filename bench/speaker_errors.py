"""Sort the speaker errors of a quotes report on a PolNeAR split into kinds, and count the ceiling.

    .venv/bin/python bench/speaker_errors.py SPLIT_DIR REPORT.json [--show KIND]

REPORT.json: ``storylens analyze SPLIT_DIR/text --format json`` or ``bench/polnear_quotes.py --out``.
Quotations are matched and graded as ``score_quotes.py`` grades them (a matched quotation whose
annotated source holds a capitalised word; right when the speaker shares a word with it).
Two kinds of error can never be right while the report names people:

- ``pronoun``: the annotated source is a bare pronoun ('He' opening a sentence); the report gives
  the person it stands for, which shares no word with it;
- ``possessive``: the source is written as a possessive ('Ruiz's') of the name the report gives;
  the scorer's words keep the 's, so the name never matches it.

The others, in this order: ``none`` (no speaker given), ``outlet`` (the source names a news
medium: a news word in a capitalised name), ``document`` (a statement, letter, memo, report...),
``description`` (no capitalised word but an opening article or possessive: 'The
president', 'One adviser'), and
``other`` (another person or body: nested speakers, a name after the quotation, a title before a
name, annotation the matching pairs with a neighbouring quotation). The ceiling is the share
graded right if every error but the first two were fixed.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from storylens.lang.en.outlets import NEWS_WORDS  # noqa: E402
from storylens.lang.en.reporting import MEDIUM_NOUNS, SOURCE_NOUNS  # noqa: E402
from storylens.lang.en.stopwords import CONTENT_STOP, POSSESSIVES  # noqa: E402

BARE_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
KINDS = ("pronoun", "possessive", "none", "outlet", "document", "description", "other")
POSSESSIVE = re.compile(r"['\u2019]s\b")


def _words(s: str) -> set[str]:
    """Lower-case words as the scorer splits them (curly apostrophes made straight)."""
    return set(re.findall(r"[a-z0-9']+", (s or "").lower().replace("\u2019", "'")))


def kind(source: str, speaker: str) -> str | None:
    """The kind of a graded quotation's speaker error (one of :data:`KINDS`), or None when the
    speaker shares a word with the annotated source (right)."""
    if _words(source) & _words(speaker):
        return None
    src = " ".join(source.split())
    words = src.split()
    if src.lower() in BARE_PRONOUNS:
        return "pronoun"
    if POSSESSIVE.search(src) and _words(POSSESSIVE.sub("", src)) & _words(speaker):
        return "possessive"
    if not speaker:
        return "none"
    low = [w.strip(".,;:()\"'\u2019").lower() for w in words]
    if any(w in NEWS_WORDS for w in low) and any(w[:1].isupper() for w in words[1:]):
        return "outlet"
    if any(w in MEDIUM_NOUNS or w in SOURCE_NOUNS for w in low):
        return "document"
    caps = [w for i, w in enumerate(words) if w[:1].isupper()
             and not (i == 0 and len(words) > 1 and (low[0] in CONTENT_STOP or low[0] in POSSESSIVES
                                                      or low[0] == "one"))]
    if not caps:
        return "description"
    return "other"


def tally(split: Path, report: dict) -> tuple[int, int, dict[str, list[tuple[str, str, str]]]]:
    """(graded quotations, right, errors by kind as (doc, source, speaker))."""
    sys.path.insert(0, str(SHARED / "tools"))
    from score_quotes import load_gold, overlap
    pred: dict[str, list[dict]] = {}
    for g in report.get("quote_groups", []):
        for q in g.get("quotes", []):
            pred.setdefault(q.get("doc"), []).append(
                {"text": q.get("text", ""), "speaker": q.get("speaker") or g.get("speaker") or ""})
    graded = right = 0
    errors: dict[str, list[tuple[str, str, str]]] = {k: [] for k in KINDS}
    for doc, items in load_gold(split).items():
        for g in items:
            if not g["direct"]:
                continue
            m = next((p for p in pred.get(doc, []) if overlap(g["content"], p["text"])), None)
            if m is None or not re.search(r"\b[A-Z][a-z]", g["source"]):
                continue
            graded += 1
            k = kind(g["source"], m["speaker"])
            if k is None:
                right += 1
            else:
                errors[k].append((doc, g["source"], m["speaker"]))
    return graded, right, errors


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    if show:
        args.remove(show)
    if len(args) != 2:
        print(__doc__)
        return 2
    graded, right, errors = tally(Path(args[0]), json.loads(Path(args[1]).read_text(encoding="utf-8")))
    print(f"graded {graded}, right {right} ({right / max(1, graded):.3f}), errors {graded - right}")
    for k in KINDS:
        print(f"  {k:12s} {len(errors[k])}")
    ceiling = graded - len(errors["pronoun"]) - len(errors["possessive"])
    print(f"ceiling while naming people: {ceiling}/{graded} ({ceiling / max(1, graded):.3f})")
    for doc, source, speaker in errors.get(show or "", []):
        print(f"  [{doc[:40]}] {speaker!r} vs {source!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
