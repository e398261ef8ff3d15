"""Reuse: rewritten copies, shared quotations, stock phrases, direction and origins.
Texts are invented for these tests."""
from __future__ import annotations

from storylens.model import Citation, Document
from storylens.stages.origins import origin_groups
from storylens.stages.reuse import find_reuse, same_name, tokenize


def _doc(did: str, text: str, outlet=None, origin=None, published=None) -> Document:
    return Document(id=did, title=None, outlet=outlet, origin=origin, published=published,
                    dateline=None, text=text)


SOURCE = ("Crews from three towns fought a fire that destroyed the old grain warehouse on the east "
          "quay of Lindmoor harbour late on Tuesday, sending thick smoke over the fishing fleet. "
          "No one was hurt, but two trawlers moored beside the warehouse were towed away by the "
          "harbour tug before the roof collapsed shortly after midnight.")
REWRITE = ("LINDMOOR - Firefighters from three towns fought a blaze that destroyed the old grain "
           "warehouse on the east quay of Lindmoor harbour late Tuesday, sending thick smoke over "
           "the fleet. Nobody was hurt. Two trawlers moored beside the warehouse were towed away "
           "by the harbour tug before the roof collapsed after midnight.")
OTHER = ("The harbour board met on Wednesday to discuss insurance after the warehouse fire. "
         "Members voted to hire an outside engineer to inspect the quay wall.")


def test_rewritten_copy_is_found_with_offsets():
    a, b = _doc("a", SOURCE), _doc("b", REWRITE)
    rs = find_reuse([a, b])
    copied = [r for r in rs if r.kind == "copied"]
    assert len(copied) == 1
    texts = " ".join(p.text for p in copied[0].passages)
    assert "warehouse on the east quay of Lindmoor harbour" in texts
    docs = {"a": a, "b": b}
    for p in copied[0].passages:
        assert docs[p.doc].text[p.start:p.end] == p.text


def test_unrelated_reports_share_nothing():
    assert find_reuse([_doc("a", SOURCE), _doc("c", OTHER)]) == []


def test_shared_quotation_only_is_not_copying():
    quote = ('"We lost the warehouse, but we saved every boat in the harbour and every sailor '
             'who was sleeping aboard them last night,"')
    a = _doc("a", f"Fishermen gathered at dawn to watch the ruins smoke. {quote} harbourmaster Ena Roskilde said.")
    b = _doc("b", f"The port was closed to visitors on Wednesday morning. {quote} Roskilde told reporters.")
    rs = find_reuse([a, b])
    assert rs and all(r.kind == "quotation" for r in rs)


def test_stock_phrases_and_copyright_lines_are_not_copying():
    tail = "Copyright 2031 Harbour Media Group. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."
    a = _doc("a", "Two men face 5 counts of attempted arson after the warehouse fire. Call the tip line at 555-0100.\n" + tail)
    b = _doc("b", "A third suspect was booked on 5 counts of attempted arson on Friday. Call the tip line at 555-0100.\n" + tail)
    assert [r for r in find_reuse([a, b]) if r.kind == "copied"] == []


def test_direction_from_dates_and_from_credit():
    a = _doc("a", SOURCE, outlet="Lindmoor Gazette", published="2031-03-04")
    b = _doc("b", REWRITE, outlet="Coast Radio", published="2031-03-05")
    r = [x for x in find_reuse([a, b]) if x.kind == "copied"][0]
    assert r.direction == "a -> b"
    a2 = _doc("a", SOURCE, outlet="Lindmoor Gazette")
    b2 = _doc("b", REWRITE + " The Lindmoor Gazette reported the fire first.", outlet="Coast Radio")
    cites = [Citation(doc="b", cites="Lindmoor Gazette", text="The Lindmoor Gazette reported")]
    r2 = [x for x in find_reuse([a2, b2], cites) if x.kind == "copied"][0]
    assert r2.direction == "a -> b"


def test_origin_groups_join_copies_and_relays_only():
    a = _doc("a", SOURCE, outlet="Lindmoor Gazette")
    b = _doc("b", REWRITE, outlet="Coast Radio")
    c = _doc("c", OTHER, outlet="Northern Wire")
    d = _doc("d", "The board's vote was first reported by Northern Wire on Wednesday.", outlet="Bay Daily")
    e = _doc("e", "Insurers said claims would take months to settle.", outlet="Market Letter")
    rs = find_reuse([a, b, c, d, e])
    cites = [Citation(doc="d", cites="Northern Wire", text="reported by Northern Wire")]
    groups = origin_groups([a, b, c, d, e], rs, cites)
    as_sets = sorted(sorted(g.docs) for g in groups)
    assert as_sets == [["a", "b"], ["c", "d"], ["e"]]


def test_helpers():
    assert same_name("Associated Press (AP)", "AP")
    assert same_name("FOX 9 KXYZ", "KXYZ")
    assert not same_name("Coast Radio", "Bay Daily")
    t = tokenize('He said "the boats are safe" today.')
    assert t.quoted == [False, False, True, True, True, True, False]


def test_shared_gold_passage_offsets(shared_dir):
    from storylens.config import load_settings
    from storylens.stages.clean import clean_document
    from storylens.stages.ingest import ingest

    settings = load_settings()
    for cluster in sorted((shared_dir / "corpus").iterdir()):
        docs = [clean_document(r, settings) for r in ingest([cluster], settings).documents]
        by_id = {d.id: d for d in docs}
        for r in find_reuse(docs):
            for p in r.passages:
                assert by_id[p.doc].text[p.start:p.end] == p.text


def test_passages_snap_to_sentence_bounds_and_skip_datelines():
    body = ("Some 60 volunteers searched the marshes along the Tarrow estuary for more than ten "
            "hours before the missing kayaker was found alive early on Sunday, the coastguard said.")
    a = _doc("a", "TARROW BAY (Lantern Wire) - A kayaker was missing overnight, officials said.  "
             + body + "  The kayaker was taken to hospital.")
    b = _doc("b", "Rescuers worked through the night, witnesses said.  " + body
             + "  The search was the largest this year.")
    copied = [r for r in find_reuse([a, b]) if r.kind == "copied"]
    assert copied
    texts = [p.text for p in copied[0].passages]
    for t in texts:
        assert t.startswith("Some 60 volunteers"), t  # not "said.  Some 60 …"
        assert t.endswith("the coastguard said."), t  # not "… said.  The"
    wire = body.replace("Some 60", "Some 80")
    c = _doc("c", "TARROW BAY (Lantern Wire) - " + wire)
    d = _doc("d", "TARROW BAY (Lantern Wire) - " + wire + " More follows.")
    for r in find_reuse([c, d]):
        for p in r.passages:
            assert not p.text.startswith("TARROW"), p.text
            assert p.text.startswith("Some 80 volunteers")


def test_boundaries_of_words():
    tok = tokenize("OSLA (Wire) - Two boats sank, the port said. Dr. Ilse Marr, 2,000 tonnes.")
    first = {w: (s, c, d) for w, s, c, d in zip(tok.words, tok.sent, tok.clause, tok.dateline)}
    assert first["osla"] == (False, False, True)
    assert first["two"][:2] == (True, True)
    assert first["the"] == (False, True, False)
    assert first["ilse"] == (False, False, False)  # 'Dr.' ends no sentence
    assert first["000"] == (False, False, False)  # a thousands comma opens no clause


def _filler(n: int) -> str:
    """An invented report of its own words: sentences built from a per-report vocabulary."""
    import random

    rnd = random.Random(n)
    vocab = [f"{a}{b}" for a in ("mar", "tel", "osk", "vin", "dra", "pel", "kum", "sor")
             for b in ("ak", "en", "ist", "o", "ur", "ade")]
    return " ".join(" ".join(rnd.sample(vocab, 9)).capitalize() + "." for _ in range(12))


def test_large_events_find_the_same_copies_with_minhash_lsh():
    from storylens.stages import reuse

    docs = [_doc(f"r{n:02d}", _filler(n)) for n in range(reuse.LSH_MIN_DOCS + 3)]
    docs[5] = _doc("r05", _filler(5) + " " + SOURCE)
    docs[20] = _doc("r20", REWRITE + " " + _filler(20))
    docs[31] = _doc("r31", _filler(31) + " " + SOURCE + " " + _filler(99))
    exact = find_reuse(docs, lsh=False)
    by_lsh = find_reuse(docs)  # more than LSH_MIN_DOCS reports: LSH picks the pairs
    pairs = {tuple(r.docs) for r in by_lsh if r.kind == "copied"}
    assert {("r05", "r20"), ("r05", "r31"), ("r20", "r31")} <= pairs
    assert [(r.docs, r.kind, [p.text for p in r.passages]) for r in by_lsh] == \
        [(r.docs, r.kind, [p.text for p in r.passages]) for r in exact]


def test_one_shared_wire_sentence_does_not_make_one_origin():
    wire = ("A correspondent at the scene heard two loud blasts and then saw a deep crater "
            "beside the old school wall.")
    a = _doc("a", _filler(1) + " " + wire + " " + _filler(2))
    b = _doc("b", _filler(3) + " " + wire + " " + _filler(4))
    c = _doc("c", wire + " " + _filler(5))
    short = _doc("s", "Most of the text is this. " + SOURCE)
    long_ = _doc("l", _filler(6) + " " + SOURCE + " " + _filler(7))
    reuse = find_reuse([a, b, c, short, long_])
    assert {tuple(r.docs) for r in reuse if r.kind == "copied"} >= {("a", "b"), ("s", "l")}
    groups = {tuple(g.docs) for g in origin_groups([a, b, c, short, long_], reuse, [])}
    assert ("a",) in groups and ("b",) in groups  # one 19-word sentence of ~230 words: independent
    assert ("s", "l") in groups  # most of the shorter report: one origin


def test_passage_end_drops_the_first_words_of_a_different_clause():
    shared = ("The strong tremor was felt as far away as the northern islands and sent small waves "
              "onto the eastern beaches of the bay")
    a = _doc("a", "Reports came in quickly. " + shared + ", the survey office said on Monday.")
    b = _doc("b", "Nobody was hurt. " + shared + ".\n\nThe town was quiet.")
    copied = [r for r in find_reuse([a, b]) if r.kind == "copied"]
    assert copied
    for p in copied[0].passages:
        assert p.text.rstrip(".").endswith("of the bay"), p.text


def test_a_shared_quotation_with_its_attribution_is_not_copying():
    quote = '"The river rose faster than our gauges could measure it," senior flood engineer Pia Holm said.'
    a = _doc("a", "Floods hit the valley on Monday. " + quote + " Repairs will take weeks.")
    b = _doc("b", "Three villages were cut off. " + quote + " The army sent boats.")
    rs = find_reuse([a, b])
    assert rs and all(r.kind == "quotation" for r in rs)


def test_one_long_stock_background_sentence_does_not_make_one_origin():
    stock = ("The coastal province sits on a long fault line where two plates grind against each other "
             "and it is regularly struck by strong earthquakes that damage houses, roads and bridges "
             "across the mountain districts.")
    assert 25 <= len(stock.split()) < 50
    a = _doc("a", _filler(1) + " " + stock + " " + _filler(2))
    b = _doc("b", _filler(3) + " " + stock + " " + _filler(4))
    reuse = find_reuse([a, b])
    assert any(r.kind == "copied" for r in reuse)
    groups = {tuple(g.docs) for g in origin_groups([a, b], reuse, [])}
    assert groups == {("a",), ("b",)}


def test_outlet_name_readings_are_kept_in_a_bounded_cache():
    from storylens.stages import reuse

    reuse.same_name.cache_clear()
    first = [same_name(x, y) for x, y in (("Harbour Wire (HW)", "HW"), ("Coast Radio", "Bay Daily"), (None, "HW"))]
    again = [same_name(x, y) for x, y in (("Harbour Wire (HW)", "HW"), ("Coast Radio", "Bay Daily"), (None, "HW"))]
    assert first == again == [True, False, False]
    assert reuse.same_name.cache_info().hits == 3
    assert reuse.same_name.cache_info().maxsize == reuse.NAME_CACHE == reuse._aliases.cache_info().maxsize
    assert reuse._aliases("The Harbour Wire / HW") == frozenset({"harbour wire", "hw"})


def test_credit_from_a_third_report_does_not_set_a_direction():
    a = _doc("a", SOURCE, outlet="Lindmoor Gazette")
    b = _doc("b", REWRITE, outlet="Coast Radio")
    c = _doc("c", OTHER, outlet="Bay Daily")
    cites = [Citation(doc="c", cites="Lindmoor Gazette", text="The Lindmoor Gazette reported")]
    r = [x for x in find_reuse([a, b, c], cites) if x.kind == "copied" and x.docs == ["a", "b"]][0]
    assert r.direction is None
    r2 = [x for x in find_reuse([a, b, c], cites + [Citation(doc="b", cites="Lindmoor Gazette", text="x")])
          if x.kind == "copied" and x.docs == ["a", "b"]][0]
    assert r2.direction == "a -> b"
