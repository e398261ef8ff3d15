"""Which language a report is written in, and whether storylens can analyse it.

Detection is py3langid (trafilatura's own language extra): on invented short news snippets
in seven languages it was as accurate as lingua from four words up (bench/langid.py), at
1/500 of the time and 1/20 of the size. A text too short to tell (fewer than
:data:`MIN_WORDS` words) or a guess below :data:`MIN_PROB` gives no language: the report is
then analysed, or the language its input declared is used.

English is analysed by the bundled spaCy model. Another language listed in the
``languages`` setting needs its spaCy model (``xx_core_news_sm``) installed; see
:func:`spacy_model`.
"""
from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache

MIN_WORDS = 5
MIN_PROB = 0.9
SAMPLE_CHARS = 4000
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of a text's language; (None, 0.0) when it cannot tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None, 0.0
    with _lock:
        lang, prob = _identifier().classify(sample)
    prob = float(prob)
    if prob < MIN_PROB:
        return None, prob
    return str(lang), prob


def spacy_model(lang: str) -> str | None:
    """The installed spaCy pipeline for a language, or None (English: the bundled model)."""
    if lang == "en":
        from .nlp import MODEL

        return MODEL
    for name in (f"{lang}_core_news_sm", f"{lang}_core_news_md", f"{lang}_core_web_sm"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def decide(text: str, declared: str | None, allowed: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(language, why the report is not analysed, or None) for a cleaned text.

    The detected language counts; the declared one only when detection cannot tell."""
    lang, _ = detect(text)
    lang = lang or declared
    if not lang:
        return None, None
    if lang not in allowed:
        return lang, (f"written in language {lang}, which is not analysed (setting languages = "
                      f"{', '.join(allowed)})")
    if spacy_model(lang) is None:
        return lang, (f"written in language {lang}: no spaCy model for it is installed "
                      f"(pip install {lang}-core-news-sm)")
    return lang, None
