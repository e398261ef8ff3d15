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


def test_doc_text_is_the_text_of_the_doc_asked_about(nlp):
    from storylens.nlp import doc_text

    a, b = parse(["The ferry left at dawn.\nIt came back at dusk.", "Two crews met at the pier."])
    assert doc_text(a) == a.text and doc_text(a) is doc_text(a)  # kept for the last doc
    assert doc_text(b) == b.text != a.text
    assert doc_text(a[1:4]) == a[1:4].text and doc_text(a) == a.text
