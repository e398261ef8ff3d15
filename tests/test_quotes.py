"""Quotes: spans, speakers, relays, scare quotes and nicknames, grouping with variants.
Texts are invented for these tests."""
from __future__ import annotations

import pytest

from storylens.model import Document, Quote
from storylens.stages.quote_rules import clean_name, find_relay, quote_spans
from storylens.stages.quotes import extract_quotes, group_quotes, same_quotation, variants


def _doc(text: str, did: str = "d1") -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=None, dateline=None, text=text)


def _quotes(nlp, text: str, did: str = "d1"):
    doc = _doc(text, did)
    return extract_quotes(doc, nlp(text))


def _find(quotes, snippet):
    got = [q for q in quotes if snippet in q.text]
    assert got, f"no quote holds {snippet!r}: {[q.text for q in quotes]}"
    return got[0]


def test_multi_paragraph_quote_is_one_chain():
    text = ('The mayor spoke.\n\n"The harbour will reopen on Monday.\n\n'
            '"Every ferry will run on time," she said.')
    spans = quote_spans(text)
    assert len(spans) == 2
    assert spans[0].chain == spans[1].chain
    assert not spans[0].closed and spans[1].closed


def test_multi_paragraph_quote_takes_the_final_attribution(nlp):
    text = ('Mayor Ilse Varnow addressed the crowd on Tuesday.\n\n'
            '"The harbour will reopen on Monday after the repairs.\n\n'
            '"Every ferry will run on time from then on," Varnow said.')
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert {q.speaker for q in qs} == {"Ilse Varnow"}
    assert len(qs) == 2
    for q in qs:
        assert text[q.start:q.end] == q.text


def test_partial_quote_and_reporting_verb_before(nlp):
    text = 'Teodor Maslin, who runs the bakery, said Friday was "a strange and quiet day for the street."'
    q = _find(_quotes(nlp, text), "strange and quiet day")
    assert q.partial
    assert q.speaker == "Teodor Maslin"


def test_scare_quotes_and_nicknames_are_not_quotes(nlp):
    text = ('The deal was a "settlement" and a "final answer" on Friday. '
            'Police arrested Piet "Big Wheel" Anders, 30, on Sunday.')
    qs = _quotes(nlp, text)
    assert not [q for q in qs if q.kind == "direct"]


def test_words_quoted_inside_a_reported_clause_are_that_clause(nlp):
    # a cue verb governing the quoted words makes them a statement: the clause is the quote,
    # marked partial, never the bare quoted words
    text = ('Officials called the deal a "settlement" and a "final answer" on Friday.\n\n'
            'Mayor Ilse Vondrak said the budget was "a disgrace" for the town.')
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 2
    assert all(q.partial and q.text == text[q.start:q.end] for q in qs)
    a, b = qs
    assert '"settlement"' in a.text and '"final answer"' in a.text and a.speaker == "Officials"
    assert b.text == 'the budget was "a disgrace" for the town' and b.speaker == "Ilse Vondrak"


def test_pronoun_speaker_is_the_nearest_named_speaker(nlp):
    text = ('Fire chief Odile Brannock said the blaze started in a kitchen.\n\n'
            '"We got there in four minutes and the crew did everything right," she said.')
    q = _find(_quotes(nlp, text), "We got there in four minutes")
    assert q.speaker == "Odile Brannock"


def test_quote_in_its_own_paragraph_takes_the_speaker_of_the_paragraph_before(nlp):
    text = ('Calla Dunmore, a neighbour, said the noise woke the whole street.\n\n'
            '"Nobody on this street will sleep well for a long time now."')
    q = _find(_quotes(nlp, text), "Nobody on this street")
    assert q.speaker == "Calla Dunmore"


def test_surname_resolves_to_the_nearest_speaker_with_that_surname(nlp):
    text = ('Prosecutors charged Anton Pell, 24, on Monday. His mother, Rosa Pell, said he was at work.\n\n'
            '"My boy was at the factory all night long," Rosa Pell said.\n\n'
            'Records show Anton Pell was arrested twice before.\n\n'
            '"They arrested the wrong young man this time," Pell said.')
    q = _find(_quotes(nlp, text), "wrong young man")
    assert q.speaker == "Rosa Pell"


def test_organisation_speaker_and_relays(nlp):
    text = ('"The northern pass will stay closed until the snow has been cleared," the ministry said '
            'in a statement reported by the Valley Courier.\n\n'
            'But the plan had "not won any support yet," Colonel Mara Quist told the Daily Ledger.')
    qs = _quotes(nlp, text)
    q1 = _find(qs, "northern pass")
    assert q1.speaker and "ministry" in q1.speaker
    assert q1.via and "Valley Courier" in q1.via
    q2 = _find(qs, "not won any support")
    assert q2.speaker == "Mara Quist" and q2.via == "The Daily Ledger" and q2.partial


def test_inverted_attribution(nlp):
    text = '"We will find whoever did this to our town and its people," said Sheriff Lotte Grame.'
    q = _find(_quotes(nlp, text), "whoever did this")
    assert q.speaker == "Lotte Grame"


def test_indirect_speech(nlp):
    text = "Inspector Bram Oyelaran said that three boats had been taken from the marina overnight."
    qs = [q for q in _quotes(nlp, text) if q.kind == "indirect"]
    assert qs and qs[0].speaker == "Bram Oyelaran"
    assert "three boats had been taken" in qs[0].text


def test_grouping_across_reports_with_variants(nlp):
    a = '"Relief flights to the valley [Norhaven] will resume on Thursday morning," the agency said.'
    b = '"Relief flights to the valley will resume on Thursday morning," the agency said.'
    qa, qb = _quotes(nlp, a, "a"), _quotes(nlp, b, "b")
    groups = group_quotes(qa + qb)
    both = [g for g in groups if {q.doc for q in g.quotes} == {"a", "b"}]
    assert len(both) == 1
    assert any("[Norhaven]" in v for v in both[0].variants)


def test_same_quotation_and_variants():
    assert same_quotation("we will rebuild the bridge before winter comes",
                          "As ever, we will rebuild the bridge before winter comes to the hills")
    assert not same_quotation("we will rebuild the bridge", "the council has no money for roads at all")
    assert "Port Evra -> Anselm Bay" in variants("the ships left Port Evra at dawn", "the ships left Anselm Bay at dawn")
    assert "ferries [boats] -> ferries" in variants("the ferries [boats] left at dawn", "the ferries left at dawn")
    assert "re-opening -> reopening" in variants("the re-opening of the road", "the reopening of the road")


def test_helpers():
    assert clean_name("Brig. Gen. Sofia Lund") == "Sofia Lund"
    assert clean_name("the ministry") == "ministry"
    t = "the minister said, the Harbour Times reports."
    assert find_relay(t, 0, len(t))[0] == "The Harbour Times"
    t = "she said on Twitter."
    assert find_relay(t, 0, len(t))[0] == "Twitter"


def test_shared_gold_quote_offsets(shared_dir, nlp):
    from storylens.stages.ingest import ingest
    from storylens.config import load_settings
    from storylens.stages.clean import clean_document

    settings = load_settings()
    for cluster in sorted((shared_dir / "corpus").iterdir()):
        for raw in ingest([cluster], settings).documents:
            doc = clean_document(raw, settings)
            for q in extract_quotes(doc, nlp(doc.text)):
                assert doc.text[q.start:q.end] == q.text


def test_indirect_speech_starts_after_a_dateline(nlp):
    for text in ("VELMORE \u2014 A ferry ran aground off the north pier on Monday, stranding 80 passengers, "
                 "officials said.",
                 "VELMORE, March 3 (Lantern Wire) - A ferry ran aground off the north pier on Monday, "
                 "stranding 80 passengers, officials said."):
        qs = [q for q in _quotes(nlp, text) if q.kind == "indirect"]
        assert qs, text
        assert qs[0].text.startswith("A ferry ran aground"), qs[0].text
        assert text[qs[0].start:qs[0].end] == qs[0].text


def test_group_variants_list_cuts_and_partial_quotes(nlp):
    full = ('"The tide came in faster than anyone expected, and our volunteers pulled nine people '
            'out of the water before dark," harbour master Ines Kolar said.')
    cut = '"The tide came in faster than anyone expected," harbour master Ines Kolar said.'
    part = ('Ines Kolar said volunteers had worked "to pull nine people out of the water before dark" '
            'on Sunday. "Our volunteers pulled nine people out," she added.')
    qs = _quotes(nlp, full, "a") + _quotes(nlp, cut, "b") + _quotes(nlp, part, "c")
    groups = [g for g in group_quotes([q for q in qs if q.kind == "direct"]) if len(g.quotes) > 1]
    assert len(groups) == 1
    var = groups[0].variants
    assert any(v.startswith("words cut in b:") and "and our volunteers" in v for v in var), var
    assert any(v.startswith("partial quote in c:") for v in var), var
    assert any(v.startswith("words cut in c:") and "The tide came" in v for v in var), var


def test_direct_quote_groups_come_before_reported_speech(nlp):
    a = ('Officials said that the bridge would stay shut for at least a week after the flood. '
         '"We will reopen the bridge the moment it is safe to cross," Mayor Petra Lusk said.')
    b = ('Officials said the bridge would stay shut for at least a week after the flood. '
         '"We will reopen the bridge the moment it is safe," Mayor Petra Lusk said.')
    groups = group_quotes(_quotes(nlp, a, "a") + _quotes(nlp, b, "b"))
    kinds = [g.kind for g in groups]
    assert kinds[0] == "direct" and "indirect" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "direct")
    assert [g.id for g in groups] == [f"q{n}" for n in range(1, len(groups) + 1)]
    for g in groups:
        assert g.kind == ("direct" if any(q.kind == "direct" for q in g.quotes) else "indirect")


def test_quotation_running_on_through_unmarked_lines(nlp):
    # one sentence a line: the quotation opens on one line and closes two lines later
    text = ('Oskar Lindqvist, who lives next door, heard shouting.\n'
            '" It was not the usual noise you hear at night.\n'
            'Everyone on the street knew something was wrong, " Lindqvist told the Valley Courier.\n'
            'Police arrived within minutes.')
    spans = quote_spans(text)
    assert len({s.chain for s in spans}) == 1 and len(spans) == 2
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert {q.speaker for q in qs} == {"Oskar Lindqvist"}
    assert {q.via for q in qs} == {"The Valley Courier"}
    assert not any("Lindqvist told" in q.text for q in qs)
    # a later line opening a new quotation does not close an old one
    text2 = 'He said "the roads are shut.\nThe mayor said, "we will open them soon," on Friday.'
    assert len({s.chain for s in quote_spans(text2)}) == 2


def test_inverted_attribution_reads_past_a_title_and_subject_before_the_verb(nlp):
    q = _find(_quotes(nlp, '"Whoever set this fire must be found before the winter," said Harbour Police '
                           'Lt. Anneke Voss.'), "Whoever set this fire")
    assert q.speaker == "Anneke Voss"
    text = 'Outside court, Voss said the suspect was "not sleeping well at all these days."'
    q = _find(_quotes(nlp, text), "not sleeping well")
    assert q.speaker == "Voss"


def test_pieces_of_one_quotation_form_one_group_and_carry_the_speaker(nlp):
    text = ('"The pumps failed at noon," said Cst. Ruth Amsel.\n\n'
            '"We moved everyone to the upper floor.\n\n'
            '"Nobody was hurt in the end, which is a small miracle."\n\n'
            '"We will rebuild the station by spring," she added.')
    qs = _quotes(nlp, text)
    q = _find(qs, "Nobody was hurt")
    assert q.speaker == "Ruth Amsel"
    groups = group_quotes([x for x in qs if x.kind == "direct"], {"d1": text})
    together = [g for g in groups if any("upper floor" in x.text for x in g.quotes)]
    assert len(together) == 1 and any("small miracle" in x.text for x in together[0].quotes)
    alone = group_quotes([x for x in qs if x.kind == "direct"])  # without the texts: piece by piece
    assert len(alone) > len(groups)


def test_dates_are_no_relays_and_nationalities_no_speakers(nlp):
    from storylens.stages.quote_rules import is_date_name

    assert is_date_name("Thursday") and is_date_name("November 14") and is_date_name("May 3")
    assert not is_date_name("May") and not is_date_name("The Daily Ledger")
    text = '"The river will crest tonight," the minister said in a statement on Thursday.'
    q = _find(_quotes(nlp, text), "river will crest")
    assert q.via != "Thursday"
    text = '"We have no plans to close the border crossing," a French army spokesman said.'
    q = _find(_quotes(nlp, text), "no plans to close")
    assert q.speaker != "French"


def test_relative_pronoun_subject_is_the_noun_it_hangs_on(nlp):
    text = ('Harbour master Tomas Greve said the ferry would sail.\n\n'
            'The decision was criticised by the Coastal Safety Board, which said the '
            '"reckless and avoidable" crossing put passengers at risk.')
    q = _find(_quotes(nlp, text), "reckless and avoidable")
    assert q.speaker != "Tomas Greve"
    assert q.speaker and "Coastal Safety Board" in q.speaker


def test_pronoun_skips_a_speaker_of_the_other_gender(nlp):
    text = ('Judge Arvid Lenz adjourned the hearing. Mrs Hedda Brandt said she heard three shots.\n\n'
            '"I thought the noise came from a car and then I saw the blood," Brandt said.\n\n'
            'Lenz later spoke to the jury.\n\n'
            '"The witness is frightened and needs a few days of rest," he said.')
    q = _find(_quotes(nlp, text), "witness is frightened")
    assert q.speaker != "Hedda Brandt"


def test_colon_attribution_names_the_speaker_and_the_outlet_is_the_relay(nlp):
    text = ('Police Commissioner Ilse Marant said: "We are pleased that the suspect is in custody '
            'tonight," the Evening Ledger reported.')
    q = _find(_quotes(nlp, text), "pleased that the suspect")
    assert q.speaker == "Ilse Marant"
    assert q.via and "Evening Ledger" in q.via


def test_according_to_a_titled_name_and_no_verb_phrase_speakers(nlp):
    text = ('The man was "looking for the people who fired him," according to Lake County police '
            'Lt. Ana Ruiz.')
    q = _find(_quotes(nlp, text), "looking for the people")
    assert q.speaker == "Ana Ruiz"
    text = '"We heard a bang, bang, bang," smelled smoke and ran out of the building.'
    q = _find(_quotes(nlp, text), "heard a bang")
    assert q.speaker is None or "smelled" not in q.speaker


def test_clean_name_takes_the_name_after_a_title_inside_the_phrase():
    assert clean_name("Lake County Sheriff Ana Ruiz") == "Ana Ruiz"
    assert clean_name("Northland Chancellor Eva Moritz") == "Eva Moritz"
    assert clean_name("Northland State Department") == "Northland State Department"


def _speakers(nlp, text):
    return [(q.text, q.speaker) for q in _quotes(nlp, text) if q.kind == "direct"]


def test_role_noun_speaker_is_the_one_person_named_with_that_role(nlp):
    text = ('Sheriff Dana Whitlock of Orrin County said deputies arrived within minutes.\n'
            '"We found the barn already burning," the sheriff said.')
    assert _speakers(nlp, text)[0][1] == "Dana Whitlock"
    text = ('Tomas Brenner, the evangelist who founded the mission, visited the camp.\n'
            '"We will rebuild the school before winter," the evangelist said.')
    assert _speakers(nlp, text)[0][1] == "Tomas Brenner"


def test_role_noun_speaker_stays_a_role_when_no_one_or_two_hold_it(nlp):
    text = ('Crews worked through the night at the depot.\n'
            '"Nobody was inside when the roof fell," a police spokeswoman said.')
    assert _speakers(nlp, text)[0][1] == "police spokeswoman"
    text = ('Spokeswoman Ria Olt spoke first. Spokeswoman Mae Kuhn spoke later.\n'
            '"The depot stays shut until Friday," the spokeswoman said.')
    assert _speakers(nlp, text)[0][1] == "spokeswoman"


def test_inverted_attribution_after_an_apposition_and_a_spokesman_for(nlp):
    text = ('"We will march on Velnar," the northern capital, said one of the militia leaders, '
            'Oren Tazek, in an interview.')
    assert _speakers(nlp, text)[0][1] == "Oren Tazek"
    text = '"The talks are over for now," said Ilse Marn, a spokeswoman for the Harbour Union.'
    assert _speakers(nlp, text)[0][1] == "Ilse Marn"


def test_dates_media_and_fragments_are_never_speakers(nlp):
    text = ('"The club needed a change at the top," a source with knowledge of the talks said '
            'Saturday afternoon.')
    assert _speakers(nlp, text)[0][1] == "source"
    text = ('The Granite Mill Company issued a statement on Tuesday.\n'
            '"Our thoughts are with the families of the two workers," the statement said.')
    assert _speakers(nlp, text)[0][1] == "Granite Mill Company"
    text = 'At one point he mumbled, "I have nothing more to say to this court," and said no more.'
    assert _speakers(nlp, text)[0][1] != "no more"


def test_quote_after_a_said_sentence_in_its_paragraph_takes_that_speaker(nlp):
    text = ('The road stays closed, Captain Lio Verhan said. " We had no choice but to close it '
            'for the night.')
    assert _speakers(nlp, text)[0][1] == "Lio Verhan"


def test_attribution_runs_on_over_a_line_broken_after_a_title(nlp):
    text = ('"The hall was empty when the fire started," the Rev.\n'
            'Anselm Dorr of the valley chapel said on Sunday.')
    assert _speakers(nlp, text)[0][1] == "Anselm Dorr"


def test_he_said_with_no_earlier_speaker_takes_the_person_just_named(nlp):
    text = ('The singer entered a clinic on Friday, according to her manager, Piet Vollmer.\n'
            '"She is getting the care she needs," he said.')
    assert _speakers(nlp, text)[0][1] == "Piet Vollmer"


def test_quote_left_open_continues_after_an_unmarked_line(nlp):
    text = ('"We saw the man walking up and down inside," Ivo Marsh said.\n'
            '" He kept the lights off the whole time.\n'
            'Then he went quiet.\n'
            '" It was frightening to watch from across the road.\n'
            'Police arrived an hour later.')
    got = dict((t[:12], s) for t, s in _speakers(nlp, text))
    assert got.get("It was frigh") == "Ivo Marsh"


def test_he_said_after_a_named_apposition_subject(nlp):
    text = ('Chief Orla Benn said the cause was not yet known.\n'
            'The caretaker, Milo Strand, declined to say whether the hall had been locked.\n'
            '"There are too many questions still open," he said.')
    assert _speakers(nlp, text)[-1][1] == "Milo Strand"


def test_told_names_the_listener_not_the_speaker(nlp):
    text = ('After telling the Valley Courier in May that she did not "want to stop working yet," '
            'singer Rina Holt retired on Friday.')
    assert all(s != "Valley Courier" for _, s in _speakers(nlp, text))


def test_it_is_never_a_person(nlp):
    text = ('"We will reopen the hall in spring," Mayor Ada Linn said.\n'
            'The festival was cancelled. It promised to "bring the whole town together again next year".')
    assert _speakers(nlp, text)[-1][1] != "Ada Linn"


def test_subject_before_a_long_apposition_with_and_is_the_speaker(nlp):
    text = ('Ines Vold, director of planning and public relations at the Harbour Trust, told the '
            'Coast Gazette that the closure was "a hard but necessary step for everyone here."')
    assert _speakers(nlp, text)[0][1] == "Ines Vold"


def test_a_qualified_statement_takes_its_issuer(nlp):
    text = ('The Northland government issued a statement on Monday.\n'
            '"We condemn the attack on the depot," the Northland statement said.')
    assert _speakers(nlp, text)[0][1] not in ("Northland statement", "statement")


# -- statements as annotated news marks them: joined pieces, signed quotes, speakers -------------

def test_pieces_split_by_the_attribution_are_one_quote(nlp):
    text = ('"The bridge will stay closed until the inspection is done," engineer Marta Quell said. '
            '"Nobody should try to cross it before then."')
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 1
    q = qs[0]
    assert q.text == text[q.start:q.end]
    assert "bridge will stay closed" in q.text and "Nobody should try" in q.text
    assert q.speaker == "Marta Quell"


def test_pieces_of_two_speakers_stay_apart(nlp):
    text = ('"We asked for a delay," Olek Brandvold said. "We were refused," Inge Sall said.')
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert {q.speaker for q in qs} == {"Olek Brandvold", "Inge Sall"}


def test_signed_quotations_take_the_name_after_the_dash(nlp):
    text = ('Readers wrote to us about the new tram line.\n\n'
            '"It saves me twenty minutes every single morning." \u2015 Pavla Reindl '
            '"The stops are too far apart for older riders." \u2015 Tobiah Marsk\n\n'
            '"I still take the bus." \u2014 Greta Olm, 71')
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    by = {q.speaker: q.text for q in qs}
    assert "twenty minutes" in by["Pavla Reindl"]
    assert "too far apart" in by["Tobiah Marsk"]
    assert "the bus" in by["Greta Olm"]


def test_a_body_named_by_a_common_noun_speaks(nlp):
    text = 'Police say they have "enough officers" to keep the parade safe.'
    q = _find([q for q in _quotes(nlp, text) if q.kind == "direct"], "enough officers")
    assert q.speaker == "Police"


def test_a_clause_opening_with_a_pronoun_is_no_speaker(nlp):
    text = ('Dr. Yusuf Arkan, a veterinarian, went on the radio on Monday and began by saying '
            'he would "never" judge an animal from a photograph.')
    q = _find([q for q in _quotes(nlp, text) if q.kind == "direct"], "never")
    assert q.speaker == "Yusuf Arkan"


def test_a_social_network_is_a_relay_not_a_speaker(nlp):
    text = 'Councillor Benedikt Sorel wrote on Twitter: "The vote is a disgrace for this city."'
    q = _find(_quotes(nlp, text), "The vote is a disgrace")
    assert q.speaker == "Benedikt Sorel"
    assert q.via == "Twitter"


def test_speakers_link_to_one_entity_in_any_spelling():
    from storylens.model import Entity, Mention
    from storylens.stages.quotes import speaker_entities

    ent = Entity(id="e1", name="Ana Varga", type="PERSON",
                 mentions=[Mention(doc="d1", start=0, end=9, text="Ana Varga"),
                           Mention(doc="d2", start=0, end=5, text="Varga")])
    other = Entity(id="e2", name="Lund", type="GPE")
    qs = [Quote(doc="d1", start=0, end=5, text="aaaaa", speaker="Ana Varga"),
          Quote(doc="d2", start=0, end=5, text="bbbbb", speaker="Varga"),
          Quote(doc="d3", start=0, end=5, text="ccccc", speaker="Ana B. Varga"),
          Quote(doc="d3", start=9, end=14, text="ddddd", speaker="Tomas Eck")]
    got = speaker_entities(qs, [ent, other])
    assert [q.speaker_entity for q in got] == ["e1", "e1", "e1", None]


def test_markdown_one_heading_per_speaker_one_line_per_quotation():
    from storylens.model import QuoteGroup, Report
    from storylens.render.markdown import section_quotes

    same = "We will not stop until every family has a home again"
    g1 = QuoteGroup(id="q1", speaker="Ana Varga", quotes=[
        Quote(doc="d1", start=0, end=len(same), text=same, speaker="Ana Varga", speaker_entity="e1"),
        Quote(doc="d2", start=0, end=len(same), text=same, speaker="Varga", via="Radio North",
              speaker_entity="e1"),
        Quote(doc="d3", start=0, end=len(same), text=same + " again", speaker="Ana Varga",
              speaker_entity="e1")], variants=["again -> again again"])
    g2 = QuoteGroup(id="q2", speaker="Varga", quotes=[
        Quote(doc="d2", start=0, end=20, text="The money is already there", speaker="Varga",
              speaker_entity="e1")])
    g3 = QuoteGroup(id="q3", speaker="Tomas Eck", quotes=[
        Quote(doc="d1", start=0, end=20, text="Nobody told us anything", speaker="Tomas Eck")])
    report = Report(documents=[], quote_groups=[g1, g2, g3])
    lines = section_quotes(report)
    heads = [ln for ln in lines if ln.startswith("### ")]
    assert heads == ["### Ana Varga", "### Tomas Eck"]
    rows = [ln for ln in lines if ln.startswith("- ")]
    assert len(rows) == 3  # one line per distinct quotation, not one per report
    first = rows[0]
    assert "d1" in first and "d2 via Radio North" in first and "d3" in first
    assert first.count(same) == 1 and "again again" in first  # the fullest version is shown
    assert any(ln.strip() == "- variant: again -> again again" for ln in lines)


def test_markdown_keeps_every_paragraph_of_a_quotation_and_marks_once():
    from storylens.model import QuoteGroup, Report
    from storylens.render.markdown import section_quotes

    g = QuoteGroup(id="q1", speaker="Ana Varga", quotes=[
        Quote(doc="d1", start=0, end=30, text="The pumps failed before midnight", speaker="Ana Varga"),
        Quote(doc="d1", start=40, end=80, text="Nobody could reach the lower deck", speaker="Ana Varga"),
        Quote(doc="d2", start=0, end=30, text="The pumps failed before midnight", speaker="Ana Varga")])
    clause = QuoteGroup(id="q2", speaker="Ana Varga", quotes=[
        Quote(doc="d1", start=90, end=130, text='the crew was "exhausted" by then', speaker="Ana Varga",
              partial=True)])
    rows = [ln for ln in section_quotes(Report(quote_groups=[g, clause])) if ln.startswith("- ")]
    assert "The pumps failed before midnight Nobody could reach the lower deck" in rows[0]
    assert rows[1].startswith('- the crew was "exhausted" by then [d1 (partial)]')


def test_an_outlet_named_as_speaker_is_the_relay():
    from storylens.stages.quotes import outlets_relay

    qs = [Quote(doc="d1", start=0, end=5, text="aaaaa", speaker="The Harbour Courier"),
          Quote(doc="d1", start=9, end=14, text="bbbbb", speaker="Ana Varga")]
    got = outlets_relay(qs, ["Harbour Courier", "Radio North"])
    assert got[0].speaker is None and got[0].via == "The Harbour Courier"
    assert got[1].speaker == "Ana Varga" and got[1].via is None


def test_a_nickname_inside_a_reported_clause_is_no_quote(nlp):
    text = 'Police said the driver, Oskar "Tank" Velmer, had been arrested twice before.'
    assert not [q for q in _quotes(nlp, text) if q.kind == "direct"]


def test_speaker_is_the_subject_of_any_verb_the_quotation_hangs_on(nlp):
    # no reporting verb: the subject of the verb governing the quoted words speaks
    text = ("The council met on Friday.\n\n"
            'Senator Maren Holt branded the bridge plan a "reckless waste of public money" on Friday.')
    q = _find(_quotes(nlp, text), "reckless waste")
    assert q.speaker == "Maren Holt"


def test_quotation_after_which_the_speaker_acts_with_an_unlisted_verb(nlp):
    text = ('Councillor Aldo Brenn spoke first.\n\n'
            '"Why should the town pay for a bridge nobody asked for?" Councillor Petra Sandvik demanded.')
    q = _find(_quotes(nlp, text), "nobody asked for")
    assert q.speaker == "Petra Sandvik"


def test_pronoun_resolves_to_a_person_named_before_the_pronoun_not_inside_the_clause(nlp):
    # 'Oskar Lind' stands between the pronoun and the quotation: he is talked about, not talking
    text = ('Mayor Greta Holm visited the harbour on Monday.\n\n'
            'She said Oskar Lind had been "a loyal friend of the harbour" for years.')
    q = _find(_quotes(nlp, text), "loyal friend")
    assert q.speaker == "Greta Holm"


def test_pronoun_never_resolves_to_a_name_inside_quotation_marks(nlp):
    text = ('"Nobody trusts what Peter Vance promised the workers," Ida Sorensen said.\n\n'
            'She added: "The yard deserves better than empty words."')
    q = _find(_quotes(nlp, text), "deserves better")
    assert q.speaker == "Ida Sorensen"


def test_joined_pieces_are_shown_without_the_attribution_between_them():
    from storylens.render.quotes import quote_words

    joined = "\u201cThe pumps failed at noon,\u201d said Cst. Ruth Amsel. \u201cWe moved everyone upstairs.\u201d"
    shown = quote_words(joined, False)
    assert "said" not in shown and "Amsel" not in shown
    assert shown == "\u201cThe pumps failed at noon \u2026 We moved everyone upstairs.\u201d"
    # a reported clause holding quoted words stays as written
    clause = 'the plan was "a disaster" for the town'
    assert quote_words(clause, False) == clause
    assert quote_words("Nobody was hurt", False) == "\u201cNobody was hurt\u201d"


def test_role_speakers_are_marked_and_listed_after_named_speakers():
    from storylens.model import QuoteGroup, Report
    from storylens.render.markdown import section_quotes

    g1 = QuoteGroup(id="q1", speaker="officials", quotes=[
        Quote(doc="d1", start=0, end=20, text="The road stays closed", speaker="officials")])
    g2 = QuoteGroup(id="q2", speaker="Ana Varga", quotes=[
        Quote(doc="d1", start=30, end=50, text="We will rebuild it", speaker="Ana Varga")])
    g3 = QuoteGroup(id="q3", speaker=None, quotes=[
        Quote(doc="d1", start=60, end=80, text="Nobody told us", speaker=None)])
    g4 = QuoteGroup(id="q4", speaker="Officials", quotes=[  # the same body, opening a sentence
        Quote(doc="d2", start=0, end=20, text="Crews are on site", speaker="Officials")])
    heads = [ln for ln in section_quotes(Report(documents=[], quote_groups=[g4, g2, g3, g1]))
             if ln.startswith("### ")]
    assert heads == ["### Ana Varga", "### Officials (not named)", "### (unattributed)"]


def test_participle_after_a_clause_takes_that_clause_subject(nlp):
    text = ('In a speech on Tuesday, Mayor Ilse Varnow attacked the council for its delays in Harwick '
            'and Lenby, saying, "They have wasted a whole year."')
    q = _find(_quotes(nlp, text), "wasted a whole year")
    assert q.speaker == "Ilse Varnow"


def test_a_network_after_the_verb_is_a_relay_not_an_inverted_speaker(nlp):
    text = ('"Nobody asked the fishermen what they think," Tobias K. Wendt, a writer for the '
            'Harbour Gazette, said on Twitter. "They will pay for it."')
    q = _find(_quotes(nlp, text), "Nobody asked the fishermen")
    assert q.speaker == "Tobias K. Wendt"


def test_a_signature_on_its_own_line_under_the_quotation(nlp):
    text = ('The senator made three claims.\n\n'
            '"We will rebuild every harbour wall before the winter storms arrive in the north."\n\n'
            '- Ilse Varnow.\n\nThe claim is only half true.')
    q = _find(_quotes(nlp, text), "rebuild every harbour wall")
    assert q.speaker == "Ilse Varnow"


def test_a_colon_closing_the_paragraph_before_introduces_the_quotation(nlp):
    text = ('The ferry vote is on Thursday.\n\nIlse Varnow continued:\n\n'
            '"Every crossing we cut leaves an island village without a doctor for a week."\n\n'
            'Her rival disagreed.')
    q = _find(_quotes(nlp, text), "island village")
    assert q.speaker == "Ilse Varnow"


def test_a_new_sentence_after_a_closed_quotation_does_not_speak_it(nlp):
    text = ('Verania called the blockade "a crime against the fishing towns." Ostland insisted that '
            'the ships "leave the strait within a week."')
    q = _find(_quotes(nlp, text), "crime against the fishing")
    assert q.speaker != "Ostland"
    text = '"The strait stays closed until the talks end," Ostland insisted on Monday.'
    q = _find(_quotes(nlp, text), "strait stays closed")
    assert q.speaker == "Ostland"


def test_a_pronoun_after_another_person_gives_no_gender_to_the_subject(nlp):
    from storylens.stages.quote_rules import person_genders
    text = ('Senator Kolar questioned the banker for an hour. Kolar told Brandt, after he admitted the '
            'losses, that the board must resign.')
    assert person_genders(nlp(text)).get("kolar") != "m"
    text = 'Kolar said he would vote against the budget on Friday.'
    assert person_genders(nlp(text)).get("kolar") == "m"


def test_a_possessor_before_a_role_is_not_the_speaker(nlp):
    text = ('Ilse Varnow leads the race. Varnow\'s campaign manager, Tobias Wendt, said the ferry '
            'plan was "dead on arrival."')
    q = _find(_quotes(nlp, text), "dead on arrival")
    assert q.speaker == "Tobias Wendt"
    text = ('Ilse Varnow leads the race in Harwick.\n\n"The ferry plan is dead," Varnow\'s '
            'former campaign strategist said in an interview with Tobias Wendt.')
    q = _find(_quotes(nlp, text), "ferry plan is dead")
    assert q.speaker not in ("Ilse Varnow", "Varnow", "Tobias Wendt")


def test_an_abbreviated_delegate_title_does_not_end_the_inverted_speaker(nlp):
    text = ('"The hearing is a waste of the committee\'s time," said Del. Marit Oskarsen of the '
            'Northern Isles.')
    q = _find(_quotes(nlp, text), "waste of the committee")
    assert q.speaker == "Marit Oskarsen"


def test_a_quotation_inside_a_quotation_stays_inside_it():
    text = ('\u201cAs a sailor, I would rather live in what he calls \u201cchaos\u201d than '
            'under his rule.\u201d \u2015 Ana Ruiz')
    spans = quote_spans(text)
    assert [text[s.inner_start:s.inner_end] for s in spans] == [
        "As a sailor, I would rather live in what he calls \u201cchaos\u201d than under his rule."]
    text = ('Lund went on:\n\n"The vote is close. I read you the question: \u201cWill the ferry run?\u201d '
            'Forty said yes."\n\nThe count ends today.')
    spans = quote_spans(text)
    assert len(spans) == 1 and text[spans[0].inner_start:spans[0].inner_end].endswith("Forty said yes.")
    # an opening mark whose quotation is not followed by the outer closing mark is a new quotation
    text = '\u201cThe road is shut, she said. \u201cWe wait for the plough.\u201d'
    assert len(quote_spans(text)) == 2


def test_a_medium_without_a_written_issuer_is_the_speaker_but_an_owned_one_is_not(nlp):
    text = ('The harbour board met on Monday.\n\n"No ferry will sail before the inquiry ends," '
            'the leaked memo said.')
    q = _find(_quotes(nlp, text), "No ferry will sail")
    assert q.speaker and q.speaker.split()[-1] == "memo"
    text = ('The harbour board met on Monday.\n\n"No ferry will sail before the inquiry ends," '
            'its website said.')
    q = _find(_quotes(nlp, text), "No ferry will sail")
    assert q.speaker is None or "website" not in q.speaker


def test_a_closing_mark_typed_for_an_opening_one_opens_a_quotation():
    text = ('Readers wrote in.\n\n\u201dThe ferry cuts leave us stranded every winter.\u201d \u2015 Ana Ruiz\n\n'
            'Another wrote: \u201dNobody asked the islands.\u201d\n\n\u201d \u2026 and nobody will.\u201d')
    got = [text[s.inner_start:s.inner_end] for s in quote_spans(text)]
    assert got == ["The ferry cuts leave us stranded every winter.", "Nobody asked the islands.",
                   " \u2026 and nobody will."]
    # a closing mark after a word still closes nothing new
    assert quote_spans('She left.\u201d Then the bell rang.') == []


def test_a_quotation_naming_an_object_is_given_with_that_object(nlp):
    text = 'Senator Ilse Varnow called the harbour deal "a betrayal of the islands" on Monday.'
    q = _find(_quotes(nlp, text), "betrayal")
    assert q.text.startswith("the harbour deal") and q.partial and q.speaker == "Ilse Varnow"
    text = 'Mayor Tobias Wendt described the ferry cuts as "a slow eviction" in his speech.'
    q = _find(_quotes(nlp, text), "slow eviction")
    assert q.text.startswith("the ferry cuts as") and q.speaker == "Tobias Wendt"
    text = 'Tobias Wendt praised the new harbour master as a "steady hand" at the meeting.'
    q = _find(_quotes(nlp, text), "steady hand")
    assert q.text.startswith("the new harbour master as") and q.speaker == "Tobias Wendt"


def test_the_object_of_a_verb_after_the_quotation_is_not_an_inverted_speaker(nlp):
    text = ('When the boats sink, islanders call the cuts "a slow eviction" and describe their '
            'losses as theft.')
    q = _find(_quotes(nlp, text), "slow eviction")
    assert q.speaker is None or "losses" not in q.speaker


def test_a_speaker_with_a_nickname_inside_the_name_is_one_person(nlp):
    text = ('The rally filled the square on Saturday.\n\n'
            '"This is the year we win the valley back!" the mayor\'s cousin, '
            'councillor Dorota "Dot" Wilkanska, shouted to the crowd.')
    q = _find(_quotes(nlp, text), "the year we win")
    assert q.speaker is not None and "Wilkanska" in q.speaker and "Dot" not in q.speaker


def test_a_nickname_name_is_one_candidate_speaker(nlp):
    from storylens.stages.entity_rules import nicknamed
    from storylens.stages.quotes_speaker import mentions
    text = 'Councillor Teodor "Teddy" Brannock spoke first.\n\n"We will vote no," Brannock said.'
    assert [n for *_, n in nicknamed(text)] == ["Teodor Brannock"]
    assert nicknamed('Sen. "Teddy" Brannock spoke.') == []  # a title is no given name
    sp = nlp(text)
    keys = {x.key for x in mentions(text, sp, [(0, len(text))], []).items}
    assert "Teodor Brannock" in keys and not any('"' in k or "Teddy" in k for k in keys)


def test_any_verb_right_after_a_named_speaker_closing_a_quote_says_it(nlp):
    from storylens.stages.quotes import _attribution
    text = ('"Go back to your own district," Ivo Marchetti snapped, and a guard led Pell Osgood away. '
            '"Thank you," the chair added.')
    sp = nlp(text)
    end = text.index("Ivo") - 1
    got = _attribution(text, sp, end, text.index(", and"), after=True)
    assert got is not None and got[0] == "Ivo Marchetti"
    # no quotation closing with a comma before it: the verb says nothing
    plain = "The council met. Ivo Marchetti snapped a photo of the crowd."
    assert _attribution(plain, nlp(plain), plain.index("Ivo") - 1, len(plain), after=True) is None


def test_a_role_speaker_ends_with_its_noun_phrase(nlp):
    text = ('The inquiry heard from the harbour staff.\n\n'
            '"There was never an order to wait," said the harbour master known to the crews as Gull.')
    q = _find(_quotes(nlp, text), "never an order")
    assert q.speaker == "harbour master"
    text = ('The festival opens on Friday.\n\n'
            '"Nothing prepares you for the crowds," the two-term organiser will say at the opening.')
    q = _find(_quotes(nlp, text), "Nothing prepares")
    assert q.speaker == "two-term organiser"


def test_a_nicknamed_name_in_apposition_to_a_role_speaks(nlp):
    text = ('The rally filled the square on Saturday.\n\n'
            '"This is the year we win the valley back!" Osgood\'s niece, state councillor '
            'Dorota "Dot" Wilkanska (D-Lakeview Heights), shouted to the crowd.')
    q = _find(_quotes(nlp, text), "the year we win")
    assert q.speaker == "Dorota Wilkanska"


def test_clean_name_drops_markup_left_around_a_name():
    assert clean_name(">Vostrikova") == "Vostrikova"
    assert clean_name("<Ivo Marchetti>") == "Ivo Marchetti"


def test_words_quoted_once_are_one_quote(nlp):
    # a clause read once up to the closing mark and once past it was the same words twice
    text = 'Councillor Marta Oyelaran called the ferry board "reckless" and "out of touch."'
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 1 and qs[0].text.startswith("the ferry board") and qs[0].speaker == "Marta Oyelaran"


def test_overlapping_quotes_merge_or_keep_both_speakers():
    from storylens.stages.quotes import _merge_overlaps
    text = 'Varnow said the board, which Wendt called "reckless," is "hiding from the islands."'
    outer = Quote(doc="d", start=12, end=len(text) - 2, text=text[12:-2], speaker="Ilse Varnow")
    inner = Quote(doc="d", start=43, end=51, text=text[43:51], speaker="Tobias Wendt")
    got = _merge_overlaps(text, [inner, outer])
    # a quote inside another one, said by someone else: both stay, each with its speaker
    assert [(q.start, q.end, q.speaker) for q in got] == [(12, len(text) - 2, "Ilse Varnow"),
                                                          (43, 51, "Tobias Wendt")]
    # a third piece of the outer speaker after the inner one still merges with the outer quote
    tail = Quote(doc="d", start=60, end=len(text), text=text[60:], speaker="Varnow")
    got = _merge_overlaps(text, [outer, inner, tail])
    assert [(q.start, q.end, q.speaker) for q in got] == [(12, len(text), "Ilse Varnow"), (43, 51, "Tobias Wendt")]
    # the same speaker (or none) on both: one quote over both spans
    a = Quote(doc="d", start=12, end=52, text=text[12:52], speaker="Ilse Varnow")
    b = Quote(doc="d", start=43, end=len(text), text=text[43:], speaker=None)
    got = _merge_overlaps(text, [a, b])
    assert [(q.start, q.end, q.speaker) for q in got] == [(12, len(text), "Ilse Varnow")]
    # quotes apart, or indirect ones, are left alone
    c = Quote(doc="d", start=0, end=6, text=text[:6], speaker="Tobias Wendt", kind="indirect")
    assert len(_merge_overlaps(text, [c, a])) == 2


def test_a_reporting_verb_just_before_the_quotation_says_it(nlp):
    # the parse hangs the quoted words on the sentence's main verb; the verb of saying written
    # right before them, with its own subject, names the speaker
    text = ('The film concludes with footage of Varnow saying during the vote last week, '
            '"That makes me proud," when Wendt mocked her for the ferry deal.')
    q = _find(_quotes(nlp, text), "makes me proud")
    assert q.speaker == "Varnow" and "Wendt" not in q.text


def test_a_surname_named_in_full_only_later_by_two_people_stays_as_written():
    from storylens.stages.quotes import _expand
    later_two = [(300, "Ilse Varnow"), (420, "Piet Varnow")]
    assert _expand("Varnow", 40, [], later_two, []) == "Varnow"
    assert _expand("Varnow", 40, [], later_two[:1], []) == "Ilse Varnow"
    # named in full before: the nearest earlier full name, as before
    assert _expand("Varnow", 500, [], later_two, []) == "Piet Varnow"


def test_the_subject_of_a_reported_clause_is_not_its_speaker(nlp):
    # 'continue to be' reports nothing: the verb above it says the words
    text = ('The ferry vote failed on Monday.\n\nIn a statement after the vote, Ilse Varnow said she '
            'was sure Tobias Wendt would continue to be "a friend of the islands."')
    q = _find(_quotes(nlp, text), "friend of the islands")
    assert q.speaker == "Ilse Varnow"
    # a statement saying …: whoever issued the statement
    text = ('The ferry vote failed on Monday.\n\nOn Tuesday, Ilse Varnow issued a statement saying that '
            'Tobias Wendt was "a tireless servant of the harbour" and a friend.')
    q = _find(_quotes(nlp, text), "tireless servant")
    assert q.speaker == "Ilse Varnow"


def test_a_dateline_is_never_a_speaker(nlp):
    text = ('Ferry board apologises.\n\nPORTVALE (Wire) \u2014 Ostland Democrat Ilse Varnow says that '
            '"reckless words" do more harm than good in such times.')
    q = _find(_quotes(nlp, text), "reckless words")
    assert q.speaker is not None and q.speaker.endswith("Ilse Varnow")
    text = ('Ferry board apologises to captain.\n\nPORTVALE, May 3 (Wire) \u2014 The Ostland Ferry Board '
            'released a statement at the start of its meeting Monday, offering "a deep and sincere '
            'apology" to Captain Ilse Varnow after leaked letters showed staff favouring Tobias Wendt.')
    q = _find(_quotes(nlp, text), "sincere")
    assert q.speaker != "PORTVALE"


def test_reported_speech_is_not_given_again_for_a_clause_inside_it(nlp):
    text = ('The ferry vote failed.\n\nMayor Ilse Varnow said the islands need the pier that she says '
            'the council promised them in the spring.')
    got = [q for q in _quotes(nlp, text) if q.kind == "indirect"]
    assert len(got) == 1 and got[0].text.startswith("the islands need") and got[0].speaker == "Ilse Varnow"


def test_reported_speech_of_someone_else_inside_it_stays():
    from storylens.stages.quotes import _outermost
    outer = Quote(doc="d", start=10, end=90, text="x" * 80, speaker="Ilse Varnow", kind="indirect")
    same = Quote(doc="d", start=50, end=90, text="x" * 40, speaker="Varnow", kind="indirect")
    other = Quote(doc="d", start=60, end=90, text="x" * 30, speaker="Tobias Wendt", kind="indirect")
    assert _outermost([outer, same, other]) == [outer, other]


def test_a_quote_inside_another_speakers_quote_keeps_its_own_speaker(nlp):
    text = ('Ilse Varnow, the harbour director, said the ferry was late again.\n\n'
            'Varnow said the board "had promised that the ferry would run" after Mayor Tobias Wendt '
            'said "the boats are ready" in May.')
    qs = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    outer = _find(qs, "had promised")
    inner = [q for q in qs if "the boats are ready" in q.text and "had promised" not in q.text]
    assert outer.speaker == "Ilse Varnow"
    assert inner and inner[0].speaker == "Tobias Wendt"
