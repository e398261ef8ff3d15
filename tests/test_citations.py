"""Citations: 'according to', reporting verbs, relays, credits. Texts are invented."""
from __future__ import annotations

from storylens.model import Document, Quote
from storylens.stages.citations import extract_citations


def _cites(nlp, text: str, quotes=()):
    doc = Document(id="d", title=None, outlet=None, origin=None, published=None, dateline=None, text=text)
    cs = extract_citations(doc, nlp(text), quotes)
    for c in cs:
        if c.start is not None:
            assert text[c.start:c.end] == c.text
    return [c.cites for c in cs]


def test_according_to_names_and_noun_phrases(nlp):
    got = _cites(nlp, "According to Vellmark County court filings, the men were cousins. "
                      "The ferry was late, according to a report from the Harbour Times. "
                      "Two boats sank, according the Port Authority of Lindmoor.")
    assert any("court filings" in c for c in got)
    assert any("Harbour Times" in c for c in got)
    assert any("Port Authority" in c for c in got)


def test_reporting_verbs_and_generic_sources(nlp):
    got = _cites(nlp, "Police said the fire began at 2 a.m. Witnesses told investigators they heard a bang. "
                      "The Coast Weekly reported that the owner was abroad.")
    low = [c.lower() for c in got]
    assert "police" in low
    assert "witnesses" in low
    assert any("coast weekly" in c for c in low)


def test_relays_credits_and_social(nlp):
    got = _cites(nlp, "PORTVILLE (Northern Wire) \u2014 The mayor resigned on Monday.\n"
                      'Her aide told the Evening Courier that she was tired. The figures were cited by Bay Radio. '
                      "The governor said on Twitter that he would visit.")
    assert "Northern Wire" in got
    assert any("Evening Courier" in c for c in got)
    assert any("Bay Radio" in c for c in got)
    assert "Twitter" in got


def test_quote_speakers_are_cited(nlp):
    text = '"We will rebuild," the mayor said.'
    q = Quote(doc="d", start=1, end=16, text="We will rebuild", speaker="Anya Brek")
    assert "Anya Brek" in _cites(nlp, text, [q])


def test_a_statement_is_a_medium_not_a_cited_source(nlp):
    text = 'The port authority said in a statement that the quay would reopen on Monday.'
    a = text.index("the quay")
    q = Quote(doc="d", start=a, end=len(text) - 1, text=text[a:-1], speaker="port authority",
              via="statement", kind="indirect")
    cites = _cites(nlp, text, [q])
    assert "port authority" in cites
    assert "statement" not in cites
