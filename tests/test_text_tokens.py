"""Tokens by character offset (bisection) agree with a pass over every token, on invented text."""
from __future__ import annotations

import spacy

from storylens.text.tokens import first_at, token_at, tokens_before, tokens_from, tokens_within

TEXT = 'The  ferry "Marlow Star" docked at noon,  said Capt. Ines Varga.\n\nNo one was hurt.'


def _doc():
    return spacy.blank("en")(TEXT)


def test_each_offset_agrees_with_a_full_pass():
    doc = _doc()
    n = len(TEXT) + 2
    for sp in (doc, doc[3:12]):
        for a in range(n):
            assert [t.i for t in tokens_from(sp, a)] == [t.i for t in sp if t.idx >= a]
            assert first_at(sp, a) == next((k for k, t in enumerate(sp) if t.idx >= a), len(sp))
            want = next((t.i for t in sp if t.idx <= a < t.idx + len(t.text)), None)
            got = token_at(sp, a)
            assert (got.i if got is not None else None) == want
            assert [t.i for t in tokens_before(sp, a)] == [t.i for t in sp if t.idx + len(t.text) <= a]
            for b in range(a, n, 3):
                assert [t.i for t in tokens_within(sp, a, b)] == \
                    [t.i for t in sp if a <= t.idx and t.idx + len(t.text) <= b]


def test_white_space_holds_no_token():
    doc = _doc()
    gap = TEXT.index("  ferry")
    assert token_at(doc, gap) is None  # the white space after 'The' is no token's text
    assert token_at(doc, gap + 1).text == " "  # the second space is a token of its own
    assert token_at(doc, len(TEXT) + 5) is None
    assert list(tokens_from(doc, len(TEXT))) == []
