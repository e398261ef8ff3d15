"""The shared spaCy pipeline: loaded once, sentences never cross a line break."""
from __future__ import annotations

from storylens.nlp import get_nlp, parse


def test_loaded_once(nlp):
    assert get_nlp() is nlp
    assert "storylens_paragraph_breaks" in nlp.pipe_names


def test_sentences_stop_at_line_breaks(nlp):
    doc = parse(["Harbour closes\n\nShips were turned away on Monday. Crews left.\nA later line"])[0]
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Harbour closes", "Ships were turned away on Monday.", "Crews left.", "A later line"]
