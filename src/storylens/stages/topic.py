"""Event stage 'topic': reports whose content does not belong with the others.

A report is off-topic when what it says is far from what the other reports of the event say:
its vector (the mean of its first sentences' MiniLM vectors, or of their content words
without the encoder) has a low cosine with the mean of the other reports' vectors, both in
absolute terms and against how close the reports are to one another, and it shares few of
the names the others use. Such a report keeps its place in ``documents`` (flagged with
``off_topic`` and a reason) and in every section; the brief leaves it out. Needs three
reports at least: with two, neither can be told apart as the odd one.
"""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from ..model import Document
from ..pipeline.registry import stage
from ..pipeline.state import EventState

MIN_REPORTS = 3
FIRST_SENTENCES = 12
MAX_SENTENCES = 3000  # sentences embedded in one event, at most (about)
# fitted on labelled multi-report events, with a report of another event added to each
# (bench/off_topic_fit.py): cosine to the others' centroid below MAX_COSINE, and below
# the median report's by GAP at least, and at most MAX_SHARED of its names used by others
MAX_COSINE = 0.45
GAP = 0.2
MAX_SHARED = 0.34

_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})*")
from ..lang.en.names import NOT_NAME_WORDS as _SKIP_NAMES  # noqa: E402


def _sentences(doc: Document, state: EventState | None, first: int = FIRST_SENTENCES) -> list[str]:
    from .brief import _sentences as sents

    return [s for s in sents(doc, state) if len(s.split()) >= 4][:first] or [doc.text[:500]]


def names(text: str) -> set[str]:
    """Capitalised names a report uses (sentence-initial function words and dates left out)."""
    out = set()
    for m in _NAME.finditer(text):
        words = [w for w in m.group(0).split() if w not in _SKIP_NAMES]
        if words:
            out.add(" ".join(words).lower())
    return out


def doc_vectors(documents: list[Document], state: EventState | None = None,
                use_embeddings: bool = True) -> np.ndarray:
    """One unit vector per report: the mean of its first sentences' vectors."""
    from .brief import _vectors

    first = max(3, min(FIRST_SENTENCES, MAX_SENTENCES // max(1, len(documents))))  # a large event: openings
    per = [_sentences(d, state, first) for d in documents]
    flat = [s for ss in per for s in ss]
    vecs = _vectors(flat, use_embeddings)
    out, at = [], 0
    for ss in per:
        v = vecs[at:at + len(ss)].mean(axis=0)
        at += len(ss)
        n = np.linalg.norm(v)
        out.append(v / n if n > 0 else v)
    return np.asarray(out)


def off_topic(documents: list[Document], state: EventState | None = None,
              use_embeddings: bool = True) -> dict[str, str]:
    """Ids of the off-topic reports, each with its reason."""
    if len(documents) < MIN_REPORTS:
        return {}
    vecs = doc_vectors(documents, state, use_embeddings)
    total = vecs.sum(axis=0)
    cos = []
    for i, v in enumerate(vecs):
        rest = total - v
        n = np.linalg.norm(rest)
        cos.append(float(v @ rest / n) if n > 0 else 0.0)
    median = float(np.median(cos))
    name_sets = [names(d.text[:3000]) for d in documents]
    out = {}
    for i, d in enumerate(documents):
        if cos[i] >= MAX_COSINE or median - cos[i] < GAP:
            continue
        mine = name_sets[i]
        others = set().union(*(s for j, s in enumerate(name_sets) if j != i))
        shared = len(mine & others) / len(mine) if mine else 0.0
        if shared > MAX_SHARED:
            continue
        out[d.id] = (f"its content is far from the other reports' (similarity {cos[i]:.2f}, "
                     f"the reports' median {median:.2f}) and it shares {shared:.0%} of its names with them")
    return out


@stage("topic", requires=("documents",), provides=())
def run(state: EventState) -> dict[str, list]:
    """The pipeline stage: flag off-topic reports in ``state.documents``; adds no section."""
    flagged = off_topic(state.documents, state, bool(getattr(state.settings, "embeddings", True)))
    if flagged:
        state.documents = [replace(d, off_topic=True, off_topic_reason=flagged[d.id]) if d.id in flagged else d
                           for d in state.documents]
    return {}
