"""The shared text algorithms: one sentence splitter, one quotation-span finder."""
from __future__ import annotations

from storylens.text.quotation import quote_spans
from storylens.text.sentences import ends_sentence, sentence_around, split_sentences


def test_split_sentences_keeps_titles_initials_and_abbreviations():
    text = ("Lt. Col. Ana Brevik of the U.S. Navy arrived at 5 p.m. on Friday. She left.\n"
            "A second paragraph! Does it split? Yes.")
    assert split_sentences(text) == [
        "Lt. Col. Ana Brevik of the U.S. Navy arrived at 5 p.m. on Friday.", "She left.",
        "A second paragraph!", "Does it split?", "Yes."]


def test_a_sentence_does_not_end_before_a_lower_case_word():
    text = "The figure was approx. twelve in all. Then it rose."
    assert not ends_sentence(text, text.index("."))
    assert split_sentences(text) == ["The figure was approx. twelve in all.", "Then it rose."]


def test_sentence_around_an_offset_stays_in_its_line():
    text = "Gen. Tomas Ulde spoke Monday. Crews left Tuesday.\nA new line on Friday."
    s, e = sentence_around(text, text.index("Monday"))
    assert text[s:e] == "Gen. Tomas Ulde spoke Monday."
    s, e = sentence_around(text, text.index("Tuesday"))
    assert text[s:e] == "Crews left Tuesday."
    s, e = sentence_around(text, text.index("Friday"))
    assert text[s:e] == "A new line on Friday."


def test_a_quotation_running_over_unmarked_paragraphs_is_one_quotation():
    text = ('The chief said: "We found nine people inside.\n'
            "Four of them were hurt badly.\n"
            'Two are still missing," she said, adding that 30 crews helped.')
    spans = quote_spans(text)
    inside = lambda word: any(q.inner_start <= text.index(word) < q.inner_end for q in spans)  # noqa: E731
    assert inside("nine") and inside("Four") and inside("Two")
    assert not inside("30")
