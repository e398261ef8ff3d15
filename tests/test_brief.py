"""The brief: cited, grounded, neutral sentences; agreements first, disagreements stated as such."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storylens.model import Claim, ClaimGroup, Document, OriginGroup, Quote, QuoteGroup
from storylens.stages.brief import build_brief, grounded, numbers_in, split_sentences

A = ("MARLOW BAY (Wire) — A fire destroyed a grain warehouse at the Marlow Bay docks on Saturday night. "
     "Firefighters said about 200 tonnes of grain were lost. The harbour master said the cause was unknown. "
     "You can send tips to the newsroom.")
B = ("A fire destroyed a grain warehouse at the Marlow Bay docks on Saturday night, officials said. "
     "Officials put the loss at 300 tonnes of grain. Two workers were treated for smoke.")
C = ("A grain warehouse at the Marlow Bay docks was destroyed by a fire on Saturday night. "
     "He said it was terrible. Two workers were treated for smoke, the port said.")


def docs() -> list[Document]:
    return [Document(id="a", title="Dock fire", outlet="Bay Wire", origin=None, published="2031-06-07",
                     dateline="MARLOW BAY", text=A),
            Document(id="b", title="Warehouse lost", outlet="Harbour Courier", origin=None, published=None,
                     dateline=None, text=B),
            Document(id="c", title=None, outlet=None, origin=None, published=None, dateline=None, text=C)]


def span(doc: str, text: str) -> tuple[int, int]:
    full = {"a": A, "b": B, "c": C}[doc]
    i = full.index(text)
    return i, i + len(text)


def claim(doc: str, text: str, value: float) -> Claim:
    s, e = span(doc, text)
    return Claim(doc, s, e, text, value, "tonne")


def groups() -> list[ClaimGroup]:
    differ = ClaimGroup("g1", "tonnes of grain lost", "disagree", 200, "tonne", None,
                        [claim("a", "about 200 tonnes", 200), claim("b", "300 tonnes", 300)], 2, "")
    agree = ClaimGroup("g2", "workers treated for smoke", "agree", 2, "worker", None,
                       [claim("b", "Two workers", 2), claim("c", "Two workers", 2)], 2, "")
    return [differ, agree]


def test_sentences_cite_real_documents_and_are_grounded() -> None:
    ds = docs()
    brief = build_brief(ds, groups(), [], [])
    assert 3 <= len(brief) <= 10
    by_id = {d.id: d for d in ds}
    for s in brief:
        assert s.docs and all(d in by_id for d in s.docs)
        assert s.status in ("agree", "disagree", "reconciled", "single")
        assert grounded(s.text, s.docs, by_id), s


def test_disagreement_is_stated_and_comes_after_agreement() -> None:
    brief = build_brief(docs(), groups(), [], [])
    statuses = [s.status for s in brief]
    differ = [s for s in brief if s.status == "disagree"]
    assert len(differ) == 1
    assert differ[0].text.startswith("Reports differ on tonnes of grain lost:")
    assert "Bay Wire says “about 200 tonnes”" in differ[0].text
    assert "Harbour Courier says “300 tonnes”" in differ[0].text
    assert set(differ[0].docs) == {"a", "b"}
    assert statuses.index("disagree") > statuses.index("agree")
    assert any(s.text.startswith("Reports agree on workers treated for smoke") for s in brief)


def test_lead_fact_is_taken_from_reports_and_cites_all_that_repeat_it() -> None:
    brief = build_brief(docs(), [], [], [])
    lead = brief[0]
    assert lead.status == "agree" and set(lead.docs) == {"a", "b", "c"}
    assert "MARLOW BAY (Wire)" not in lead.text  # the dateline is not part of the fact
    assert any(lead.text in t for t in (A, B, C))
    texts = " ".join(s.text for s in brief)
    assert "You can send" not in texts and "terrible" not in texts  # reader address, dangling opinion


def test_copies_of_one_origin_do_not_make_agreement() -> None:
    origins = [OriginGroup("o1", ["a", "b", "c"], "copied")]
    brief = build_brief(docs(), [], [], origins)
    assert brief and all(s.status == "single" for s in brief)


def test_ungrounded_sentence_is_dropped() -> None:
    bad = ClaimGroup("g9", "tonnes of grain 999", "agree", 2, "worker", None,
                     [claim("b", "Two workers", 2), claim("c", "Two workers", 2)], 2, "")
    brief = build_brief(docs(), [bad], [], [])
    assert not any("999" in s.text for s in brief)


def test_outlet_label_with_unsupported_number_falls_back_to_generic() -> None:
    ds = docs()
    ds[0] = Document(**{**ds[0].__dict__, "outlet": "Channel 77 News"})
    brief = build_brief(ds, groups(), [], [])
    differ = next(s for s in brief if s.status == "disagree")
    assert "77" not in differ.text and "one report says “about 200 tonnes”" in differ.text


def test_quote_sentence_uses_only_printed_quotes() -> None:
    made_up = Quote("a", 0, 10, "the cause was not yet known to anyone", speaker="Ana Ruiz")
    other = Quote("b", 0, 10, "the cause was not known", speaker="Ana Ruiz")
    brief = build_brief(docs(), [], [QuoteGroup("q1", "Ana Ruiz", [made_up, other])], [])
    assert not any("Ana Ruiz" in s.text for s in brief)
    s, e = span("a", "the cause was unknown")
    printed = Quote("a", s, e, "the cause was unknown", speaker="Ana Ruiz")
    brief = build_brief(docs(), [], [QuoteGroup("q1", "Ana Ruiz", [printed, other])], [])
    q = next(x for x in brief if "Ana Ruiz" in x.text)
    assert q.text == "Reports quote Ana Ruiz: “the cause was unknown”" and q.docs == ["a", "b"]


def test_numbers_reading() -> None:
    assert numbers_in("A dozen of 1,200 on 2031-06-07, two more") == {12.0, 1200.0, 2.0}
    assert split_sentences("Mr. Lee came at 5 p.m. Friday. He left.") == ["Mr. Lee came at 5 p.m. Friday.", "He left."]


def test_empty_documents() -> None:
    assert build_brief([], [], [], []) == []


SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared gold data not present")
def test_gold_brief_rows(tmp_path) -> None:
    import storylens

    for gold in sorted((SHARED / "gold").glob("*.json")):
        cluster = json.loads(gold.read_text())["cluster"]
        rep = storylens.analyze([SHARED / "corpus" / cluster])
        out = tmp_path / f"{cluster}.json"
        out.write_text(rep.to_json())
        res = subprocess.run([sys.executable, str(SHARED / "tools" / "score_gold.py"), str(out), str(gold)],
                             capture_output=True, text=True)
        brief_rows = [ln for ln in res.stdout.splitlines() if re.search(r"\bbrief\b", ln)]
        assert not any("FAIL" in ln and "must" in ln for ln in brief_rows), brief_rows
