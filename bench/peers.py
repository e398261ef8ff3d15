"""The simple systems that storylens is measured against in ``bench/eval.py``.

Each peer writes its answer in the shape the shared scorers read (a report-like JSON, a
summary text, or article id -> event id), so that storylens and its peers are scored by the
same code in the same run.

- naive figures: the most frequent number near a killed/injured word;
- lead: the earliest report's first sentences (brief facts) or first 100 words (summaries);
- naive quotes: text in quotation marks, the nearest capitalised name as its speaker;
- TF-IDF + agglomerative clustering (average link, cosine distance 0.8), in ``ecbplus.py``;
- LexRank (sumy), given sentences by storylens' own splitter: sumy's English tokenizer
  wants NLTK ``punkt`` data, which is not installed.
"""
from __future__ import annotations

import re
from collections import Counter

from storylens.text.sentences import split_sentences

# A general cue list for the naive peer: words that say a person died or was hurt.
KILLED = r"\b(?:kill(?:ed|ing|s)?|dead|died|dies|death|deaths|fatal(?:ly)?|slain|murder(?:ed)?)\b"
INJURED = r"\b(?:injur(?:ed|ies|y|ing)|wound(?:ed|s)?|hurt|hospitali[sz]ed)\b"
SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen", "twenty"]
NUMBER = re.compile(r"\b(\d{1,3}|" + "|".join(SMALL) + r")\b", re.I)


def _value(tok: str) -> int:
    return int(tok) if tok.isdigit() else SMALL.index(tok.lower())


def naive_figures(articles: list[dict], window: int = 60) -> dict:
    """Report-like JSON: per kind, the most frequent number within ``window`` characters of a cue."""
    text = "\n".join(f"{a.get('title') or ''}\n{a.get('text') or ''}" for a in articles)
    groups = []
    for topic, cue in (("people killed", KILLED), ("people injured", INJURED)):
        counts: Counter[int] = Counter()
        for m in re.finditer(cue, text, re.I):
            span = text[max(0, m.start() - window): m.end() + window]
            counts.update(_value(n.group(1)) for n in NUMBER.finditer(span))
        counts.pop(0, None)
        if counts:
            value = counts.most_common(1)[0][0]
            groups.append({"topic": topic, "value": value, "status": "single",
                           "claims": [{"value": v, "text": topic} for v in counts.elements()]})
    return {"claim_groups": groups, "brief": []}


def earliest(articles: list[dict]) -> dict:
    """The earliest dated article (the first one when none is dated)."""
    dated = [a for a in articles if a.get("published")]
    return min(dated, key=lambda a: str(a["published"])) if dated else articles[0]


def lead_brief(articles: list[dict], n: int = 3) -> dict:
    """Report-like JSON whose brief is the earliest report's first ``n`` sentences."""
    first = earliest(articles)
    sents = split_sentences(first.get("text") or "")[:n]
    return {"brief": [{"text": s, "docs": [first.get("id")]} for s in sents]}


def lead_words(articles: list[dict], words: int = 100) -> str:
    """The first ``words`` words of the earliest report."""
    return " ".join((earliest(articles).get("text") or "").split()[:words])


QUOTED = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]")
NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def naive_quotes(doc_id: str, text: str) -> list[dict]:
    """Quotation-mark spans, each with the capitalised name nearest to it outside the quote."""
    spans = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    out = []
    for a, b in spans:
        best, dist = "", None
        for m in NAME.finditer(text, max(0, a - 300), min(len(text), b + 300)):
            if any(x <= m.start() < y for x, y in spans):
                continue
            d = a - m.end() if m.end() <= a else m.start() - b
            if dist is None or d < dist:
                best, dist = m.group(0), d
        out.append({"doc": doc_id, "text": text[a + 1:b - 1], "speaker": best})
    return out


class _Tokenizer:
    """sumy tokenizer interface over storylens' own sentence splitter."""

    language = "english"

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        return split_sentences(text)

    @staticmethod
    def to_words(sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", sentence)


def lexrank(texts: list[str], words: int = 100) -> str:
    """LexRank over all sentences of the texts, taken in score order (exact repeats skipped)
    until ``words`` words."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tok = _Tokenizer()
    paras = [Paragraph([Sentence(s, tok) for s in tok.to_sentences(t)]) for t in texts if t.strip()]
    doc = ObjectDocumentModel(paras)

    class Ranked(LexRankSummarizer):
        def _get_best_sentences(self, sentences, count, rating, *args, **kwargs):  # score order
            return sorted(sentences, key=lambda s: -rating[s])

    summ = Ranked(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    out, seen, n = [], set(), 0
    for s in summ(doc, len(doc.sentences)):
        key = str(s).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(key)
        n += len(key.split())
        if n >= words:
            break
    return "\n".join(out)
