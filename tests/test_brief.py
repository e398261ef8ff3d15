"""The brief: cited, grounded, neutral sentences; agreements first, disagreements stated as such."""
from __future__ import annotations

import dataclasses
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
    assert differ[0].text.startswith("Reports differ on the number of tonnes of grain lost:")
    assert "Bay Wire says “about 200 tonnes”" in differ[0].text
    assert "Harbour Courier says “300 tonnes”" in differ[0].text
    assert set(differ[0].docs) == {"a", "b"}
    assert statuses.index("disagree") > statuses.index("agree")
    assert any(s.text.startswith("Two workers were treated for smoke") and s.docs == ["b", "c"] for s in brief)
    # one side of the disagreement is never told as a settled fact
    assert not any("300 tonnes" in s.text or "200 tonnes" in s.text for s in brief if s.status != "disagree")


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
    assert not any("Ana Ruiz" in s.text for s in brief)  # b's quote does not hold that wording
    longer = Quote("c", 0, 10, "The cause was unknown, and the port stays shut", speaker="Ana Ruiz")
    brief = build_brief(docs(), [], [QuoteGroup("q1", "Ana Ruiz", [printed, other, longer])], [])
    q = next(x for x in brief if "Ana Ruiz" in x.text)
    assert q.text == "Reports quote Ana Ruiz: “the cause was unknown”" and q.docs == ["a", "c"]


def test_quote_of_one_origin_says_so() -> None:
    s, e = span("a", "the cause was unknown")
    printed = Quote("a", s, e, "the cause was unknown", speaker="Ana Ruiz")
    copy = Quote("b", 0, 10, "the cause was unknown", speaker="Ana Ruiz")
    origins = [OriginGroup("o1", ["a", "b"], "copied"), OriginGroup("o2", ["c"], "independent")]
    brief = build_brief(docs(), [], [QuoteGroup("q1", "Ana Ruiz", [printed, copy])], origins)
    q = next(x for x in brief if "Ana Ruiz" in x.text)
    assert q.text.startswith("Reports sharing one origin quote Ana Ruiz") and q.status == "single"


# reports of a fictional depot fire: two give 14 injured, one gives 12 in a near-copy sentence
FIRE = {
    "x": "Fourteen people were injured when a fire tore through a bus depot in Northfield on Monday. "
         "The depot had been closed for repairs since the spring, the council said.",
    "y": "Twelve people were injured when a fire tore through a bus depot in Northfield on Monday, police said. "
         "Crews from three towns fought the flames.",
    "z": "Fourteen people were injured when a fire tore through a bus depot in Northfield on Monday. "
         "Crews from three towns fought the flames through the night.",
}


def fire_docs() -> list[Document]:
    return [Document(id=k, title=None, outlet=None, origin=None, published=None, dateline=None, text=v)
            for k, v in FIRE.items()]


def test_lead_fact_never_cites_a_report_with_other_figures() -> None:
    from storylens.stages.brief import lead_facts

    for s in build_brief(fire_docs(), [], [], []) + lead_facts(fire_docs(), []):
        if s.text.startswith("Fourteen"):
            assert "y" not in s.docs, s
        if s.text.startswith("Twelve"):
            assert s.docs == ["y"], s


def test_sentence_cites_only_reports_that_state_all_of_it() -> None:
    from storylens.stages.brief import lead_facts

    leads = lead_facts(fire_docs(), [], limit=10)
    crews = [s for s in leads if s.text.startswith("Crews from three towns")]
    for s in crews:  # the longer sentence adds "through the night", which y does not state
        if s.text.endswith("through the night."):
            assert s.docs == ["z"], s
        else:
            assert set(s.docs) == {"y", "z"}, s


def test_figures_in_reads_number_words() -> None:
    from storylens.stages.brief import figures_in

    assert figures_in("Fourteen people and twenty-one cars") == {14.0, 21.0}
    assert figures_in("3 million dollars, a dozen eggs, one of them") == {3_000_000.0, 12.0}
    assert figures_in("one hundred") == {100.0}


def test_topics_read_as_noun_phrases() -> None:
    from storylens.stages.brief import _topic

    def t(topic: str, unit: str | None) -> str:
        return _topic(ClaimGroup("g", topic, "agree", 1, unit, None))

    assert t("people (injured)", "people") == "the number of people injured"
    assert t("people injured", "people") == "the number of people injured"
    assert t("van (remaining)", "van") == "the number of remaining vans"
    assert t("resident", "resident") == "the number of residents"
    assert t("age of Ruiz", "year") == "the age of Ruiz"
    assert t("death toll", "people") == "the death toll"
    assert t("km", "km") == "the figure in km"
    assert t("magnitude of the tremor", "magnitude") == "the magnitude of the tremor"
    assert t("age (driver not named)", "year") == "the age (driver not named)"
    assert t("count (killed)", "count") == "the count killed"

    assert t("duration (hours)", "hour") == "the duration in hours"
    assert t("height of the mast (metres)", "metre") == "the height of the mast in metres"


def test_agreement_among_copies_of_one_story_says_one_origin() -> None:
    origins = [OriginGroup("o1", ["b", "c"], "copied"), OriginGroup("o2", ["a"], "independent")]
    g = ClaimGroup("g2", "workers treated for smoke", "agree", 2, "worker", None,
                   [claim("b", "Two workers", 2), claim("c", "Two workers", 2)], 1, "")
    brief = build_brief(docs(), [g], [], origins)
    s = next(x for x in brief if "Two workers" in x.text or "two workers" in x.text.lower())
    assert s.text.startswith("Reports sharing one origin") or s.status == "single", s


def test_numbers_reading() -> None:
    assert numbers_in("A dozen of 1,200 on 2031-06-07, two more") == {12.0, 1200.0, 2.0}
    assert split_sentences("Mr. Varnick came at 5 p.m. Friday. He left.") == ["Mr. Varnick came at 5 p.m. Friday.", "He left."]


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


def test_lead_facts_stand_alone() -> None:
    from storylens.stages.brief import lead_facts

    texts = {"p": "The two crew members were named as Deck Officer Ana Lind and Capt. Tomas Berg of the ferry line. "
                  "Investigators did not know why the crew left it moored at the pier overnight.",
             "q": "The two crew members were named as Deck Officer Ana Lind and Capt. Tomas Berg of the ferry line. "
                  "Investigators did not know why the crew left it moored at the pier overnight."}
    ds = [Document(id=k, title=None, outlet=None, origin=None, published=None, dateline=None, text=v)
          for k, v in texts.items()]
    for s in lead_facts(ds, []):
        assert not s.text.endswith("Capt.") and " it " not in s.text, s


def test_disagreement_without_outlets_names_no_titles() -> None:
    ds = [Document(**{**d.__dict__, "outlet": None}) for d in docs()]
    brief = build_brief(ds, groups(), [], [])
    differ = next(s for s in brief if s.status == "disagree")
    assert "Dock fire" not in differ.text and "one report says" in differ.text, differ


def test_date_stamp_before_a_sentence_is_not_part_of_it() -> None:
    from storylens.stages.brief import _clean_lead

    assert _clean_lead("Mon Mar 4, 2030 2: 15PM GMT A tremor shook the valley on Monday.", False) == \
        "A tremor shook the valley on Monday."
    assert _clean_lead("March 04, 2030 7:05 AM A tremor shook the valley.", False) == "A tremor shook the valley."


def test_disputed_clause_comes_off_a_lead_sentence() -> None:
    texts = {"m": "A storm flooded the lower town of Eastmoor on Sunday, leaving 40 homes without power, officials said.",
             "n": "A storm flooded the lower town of Eastmoor on Sunday, leaving 55 homes without power, officials said."}
    ds = [Document(id=k, title=None, outlet=f"Outlet {k}", origin=None, published=None, dateline=None, text=v)
          for k, v in texts.items()]
    span_m, span_n = texts["m"].index("40 homes"), texts["n"].index("55 homes")
    g = ClaimGroup("g1", "homes without power", "disagree", 40, "home", None,
                   [Claim("m", span_m, span_m + 8, "40 homes", 40, "home"),
                    Claim("n", span_n, span_n + 8, "55 homes", 55, "home")], 2, "")
    brief = build_brief(ds, [g], [], [])
    plain = [s for s in brief if s.status != "disagree"]
    assert any(s.text == "A storm flooded the lower town of Eastmoor on Sunday, officials said."
               and set(s.docs) == {"m", "n"} for s in plain), brief
    assert not any("40" in s.text or "55" in s.text for s in plain)


def test_judging_words_stay_out_of_the_brief() -> None:
    texts = {"m": "Police arrested a man in Eastmoor on Sunday, ending a tragic search for the missing hiker.",
             "n": "Police arrested a man in Eastmoor on Sunday, ending a tragic search for the missing hiker.",
             "o": "A brutal storm hit the coast of Eastmoor on Sunday night and closed the harbour road."}
    ds = [Document(id=k, title=None, outlet=None, origin=None, published=None, dateline=None, text=v)
          for k, v in texts.items()]
    brief = build_brief(ds, [], [], [])
    assert not any("tragic" in s.text or "brutal" in s.text for s in brief), brief
    assert any(s.text == "Police arrested a man in Eastmoor on Sunday." for s in brief), brief


def test_bare_attribution_is_not_a_fact() -> None:
    from storylens.stages.brief import lead_facts

    texts = {k: "The search for the hiker went on in Eastmoor on Sunday. Chief Ana Lind told a news conference."
             for k in ("m", "n")}
    ds = [Document(id=k, title=None, outlet=None, origin=None, published=None, dateline=None, text=v)
          for k, v in texts.items()]
    leads = lead_facts(ds, [])
    assert leads and not any("told a news conference" in s.text for s in leads), leads


def test_a_year_is_not_a_count() -> None:
    text = "Police reopened the 1987 killings case on Monday after a tip from a former neighbour came in."
    ds = [Document(id=k, title=None, outlet=f"Outlet {k}", origin=None, published=None, dateline=None, text=text)
          for k in ("m", "n")]
    i = text.index("1987 killings")
    g = ClaimGroup("g1", "people (killed)", "agree", 1987, "people", None,
                   [Claim(k, i, i + 13, "1987 killings", 1987, "people") for k in ("m", "n")], 2, "")
    assert not any(s.text.startswith("Reports agree") for s in build_brief(ds, [g], [], []))


def test_span_runs_on_to_its_scale_word() -> None:
    text = "Thieves took jewels worth $12-million from a shop in Eastmoor on Sunday night, police said."
    ds = [Document(id="m", title=None, outlet="Outlet m", origin=None, published=None, dateline=None, text=text)]
    i = text.index("$12")
    g = ClaimGroup("g1", "amount in USD", "single", 12, "USD", None, [Claim("m", i, i + 3, "$12", 12, "USD")], 1, "")
    s = next(x for x in build_brief(ds, [g], [], []) if x.text.startswith("Only"))
    assert "“$12-million”" in s.text, s


def test_brief_opens_with_a_reports_sentence() -> None:
    brief = build_brief(docs(), groups(), [], [OriginGroup("o1", ["a", "b", "c"], "copied")])
    assert not brief[0].text.startswith(("Reports ", "Only ")), brief


# -- the lead, the key figures, follow-ups, the budget -------------------------------------------
def _doc(i: str, text: str, published: str | None = None, dateline: str | None = None,
         outlet: str | None = None) -> Document:
    return Document(id=i, title=None, outlet=outlet or f"Outlet {i}", origin=None, published=published,
                    dateline=dateline, text=text)


FERRY = {
    "p": "A ferry ran aground near Tarn Point on Sunday morning with 80 passengers on board. "
         "Last year a cargo ship ran aground near Tarn Point in the same fog. "
         "The coast guard sent two boats to take the passengers ashore.",
    "q": "A passenger ferry ran aground near Tarn Point on Sunday morning in thick fog. "
         "Last year a cargo ship ran aground near Tarn Point in the same fog, the coast guard said. "
         "All passengers were taken ashore by the coast guard.",
    "r": "Last year a cargo ship ran aground near Tarn Point in the same fog. "
         "A ferry carrying passengers ran aground near Tarn Point on Sunday morning. "
         "The ferry company said the vessel would be towed off at high tide.",
}


def test_lead_is_central_and_never_background() -> None:
    ds = [_doc(k, v) for k, v in FERRY.items()]
    brief = build_brief(ds, [], [], [])
    assert "ran aground near Tarn Point on Sunday" in brief[0].text
    assert not brief[0].text.startswith("Last year")
    assert brief[0].docs and all("ran aground" in FERRY[d] for d in brief[0].docs)


def test_background_detection() -> None:
    from storylens.stages.brief import is_background

    assert is_background("Last year a cargo ship ran aground there.")
    assert is_background("The bridge was built in 1998 and closed once.", 2031)
    assert not is_background("The ferry ran aground on Sunday, the coast guard said.", 2031)


def test_follow_up_is_said_as_such_and_never_leads() -> None:
    ds = [_doc(k, v, "2031-03-02") for k, v in FERRY.items()]
    ds.append(_doc("z", "The ferry's captain was charged with negligence on Monday, prosecutors said. "
                        "The captain will appear in court in Tarn Point next month.", "2031-03-20"))
    brief = build_brief(ds, [], [], [])
    assert "z" not in brief[0].docs
    later = [s for s in brief if "z" in s.docs]
    assert later and all(s.text.startswith("Later: ") for s in later)


def test_key_figures_come_right_after_the_lead() -> None:
    texts = {"a": "A gunman opened fire at a bus stop in Alder on Friday night, police said. Three people were killed "
                  "and two were injured. Officers closed the road.",
             "b": "Police in Alder are looking for a gunman who opened fire at a bus stop on Friday night. "
                  "Three people were killed and two were injured, police said.",
             "c": "A shooting at a bus stop in Alder left three people dead on Friday night. "
                  "Two people were injured, police said."}
    ds = [_doc(k, v) for k, v in texts.items()]

    def claim(doc: str, text: str, value: int, scope: str) -> Claim:
        i = texts[doc].index(text)
        return Claim(doc, i, i + len(text), text, value, "person", scope=scope)

    killed = ClaimGroup("g1", "people killed", "agree", 3, "person", "killed",
                        [claim("a", "Three people", 3, "killed"), claim("b", "Three people", 3, "killed"),
                         claim("c", "three people", 3, "killed")], 3, "")
    hurt = ClaimGroup("g2", "people injured", "agree", 2, "person", "injured",
                      [claim("b", "two were injured", 2, "injured"), claim("c", "Two people", 2, "injured")], 2, "")
    background = ClaimGroup("g3", "people killed", "agree", 9, "person", "background",
                            [claim("a", "Three people", 3, "killed"), claim("b", "Three people", 3, "killed")], 2, "")
    brief = build_brief(ds, [background, hurt, killed], [], [])
    head = " ".join(s.text for s in brief[:3]).lower()
    assert "three" in head and "killed" in head or "dead" in head
    assert "two" in head and "injured" in head
    assert not any("“9" in s.text for s in brief)


def test_place_from_datelines_when_the_lead_does_not_name_it() -> None:
    texts = {k: v.replace("near Tarn Point ", "") for k, v in FERRY.items()}
    ds = [_doc(k, v, dateline="KESTON") for k, v in texts.items()]
    brief = build_brief(ds, [], [], [])
    assert brief[0].text.startswith("Keston — ") and brief[0].docs


def test_brief_words_budget() -> None:
    ds = [_doc(k, v) for k, v in FERRY.items()]
    short = build_brief(ds, [], [], [], words=40)
    long = build_brief(ds, [], [], [], words=400)
    assert len(short) >= 3  # three sentences at least, whatever the budget
    assert sum(len(s.text.split()) for s in long) >= sum(len(s.text.split()) for s in short)
    assert sum(len(s.text.split()) for s in long) <= 400


def test_centrality_counts_each_origin_once() -> None:
    import numpy as np

    from storylens.stages.brief import centrality

    # sentence 0 is echoed by two other origins; sentence 3 only by copies of its own origin
    vecs = np.asarray([[1, 0], [0.95, 0.31], [0.95, 0.31], [0, 1], [0, 1], [0, 1]], dtype=float)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    cent = centrality(vecs, ["o1", "o2", "o3", "o4", "o4", "o4"])
    assert cent[0] > cent[3]


def test_brief_words_setting_is_read() -> None:
    from storylens.config import load_settings

    assert load_settings(env={}).brief_words == 120
    assert load_settings(env={"STORYLENS_BRIEF_WORDS": "60"}).brief_words == 60


def test_a_sentence_that_only_says_who_spoke_is_left_out() -> None:
    text = ("A ferry ran aground near Tarn Point on Sunday morning in thick fog. "
            "Ana Lind, the director of the harbour office, said in a statement, the Tarn Courier reports. "
            "The coast guard took the passengers ashore in two boats.")
    ds = [_doc(k, text) for k in ("m", "n")]
    assert not any("said in a statement" in s.text for s in build_brief(ds, [], [], []))


def test_an_agreed_count_of_people_described_one_by_one_states_its_number():
    from storylens.stages.brief import _with_value

    assert _with_value(1, "12-year-old girl").startswith("one (")  # the age is no count: the number is said
    assert _with_value(1, "A man") == "one (“A man”)"  # one is said as a word, as reports write it
    assert _with_value(2, "a teenager and his uncle").startswith("2 (")
    assert not _with_value(1, "one man").startswith("one (")  # the words give the number already
    assert not _with_value(4, "four people").startswith("4 (")
    assert _with_value(3, "the brothers", {2.0}) == "“the brothers”"  # a figure no report states is not said
    assert _with_value(None, "a man") == "“a man”"


def test_a_disagreement_states_each_sides_count():
    from storylens.stages.brief import _differ_sentence

    texts = {"a": "A man was killed in the crash on Elm Road.", "b": "Two people were killed in the crash on Elm Road."}
    ds = {k: _doc(k, v) for k, v in texts.items()}
    g = ClaimGroup("g1", "people killed", "disagree", 1, "person", "killed",
                   [Claim("a", 0, 5, "A man", 1, "person", scope="killed"),
                    Claim("b", 0, 10, "Two people", 2, "person", scope="killed")], 2, "")
    s = _differ_sentence(g, ds)
    assert s is not None and "one (“A man”)" in s.text and "“Two people”" in s.text


def _place_docs(texts: dict[str, str], *places: str):
    from storylens.model import Entity, Mention

    ds = [_doc(k, v) for k, v in texts.items()]
    ents = [Entity(f"e{i}", p, "GPE", [Mention(k, m.start(), m.end(), p) for k, v in texts.items()
                                       for m in re.finditer(p, v)]) for i, p in enumerate(places)]
    return ds, ents


def test_lead_place_is_written_with_its_larger_place():
    from storylens.stages.brief import event_place

    texts = {k: "A barn burned down in Keston, Vell County, on Sunday night, the fire service said."
             for k in ("m", "n", "o")}
    ds, ents = _place_docs(texts, "Keston", "Vell County")
    place = event_place(ds, ents, [])
    assert place is not None and place[0] == "Keston" and place[4] == "Keston, Vell County"
    texts = {"m": texts["m"], "n": "A barn burned down near Keston on Sunday night."}
    ds, ents = _place_docs(texts, "Keston", "Vell County")
    assert event_place(ds, ents, [])[4] == "Keston"  # written so once only: the place alone


@pytest.mark.parametrize("dateline", ["BRAMLEY, Tarnwick —", "BRAMLEY, Tarnwick (Northern Wire) —"])
def test_a_neighbourhood_dateline_is_written_with_the_city_the_reports_name(dateline):
    from storylens.stages import brief as b

    texts = {"m": f"{dateline} A cyclist was hurt when a lorry hit him on Sunday.",
             "n": "A cyclist was hurt in Bramley on Sunday, Tarnwick police said.",
             "o": "A lorry struck a cyclist in Bramley on Sunday morning."}
    ds, ents = _place_docs(texts, "Bramley", "Tarnwick")
    ds[0] = dataclasses.replace(ds[0], dateline="BRAMLEY")
    place = b.event_place(ds, ents, [])
    assert place is not None and place[0] == "Bramley" and place[4] == "Bramley, Tarnwick"
    assert "tarnwick" in place[3]  # written as the larger place: never the event's place itself
    # the larger place only one report names: the place alone
    texts["n"] = "A cyclist was hurt in Bramley on Sunday, police said."
    ds, ents = _place_docs(texts, "Bramley", "Tarnwick")
    ds[0] = dataclasses.replace(ds[0], dateline="BRAMLEY")
    assert b.event_place(ds, ents, [])[4] == "Bramley"


def test_a_place_more_reports_name_is_written_with_a_dateline_place():
    from storylens.stages.brief import event_place

    texts = {"m": "A barn burned down in Pellham on Sunday night, the fire service said.",
             "n": "Fire destroyed a barn in Pellham late on Sunday.",
             "o": "Firefighters were called to a barn fire in Pellham on Sunday evening."}
    ds, ents = _place_docs(texts, "Pellham")
    ds[0] = dataclasses.replace(ds[0], dateline="TARNWICK")  # one outlet's dateline names its own city
    place = event_place(ds, ents, [])
    assert place is not None and place[4] == "Pellham, Tarnwick"
    ds[0] = dataclasses.replace(ds[0], dateline=None)
    assert event_place(ds, ents, [])[4] == "Pellham"  # no dateline: the widely named place alone
    texts = {"m": "A barn burned down in Pellham on Sunday night.", "n": "A barn burned down in Oakby on Sunday."}
    ds, ents = _place_docs(texts, "Pellham", "Oakby")
    ds[0] = dataclasses.replace(ds[0], dateline="TARNWICK")
    assert event_place(ds, ents, [])[4] == "Tarnwick"  # named no more widely than the dateline: the dateline


def test_place_named_in_two_openings_leads_even_when_the_lead_names_a_smaller_place():
    from storylens.stages import brief as b

    texts = {"m": "Keston police said a barn burned down near Old Mill on Sunday night in high winds.",
             "n": "A barn burned down near Old Mill on Sunday night, Keston police said.",
             "o": "Fire destroyed a barn near Old Mill on Sunday night, police in Keston said."}
    ds, ents = _place_docs(texts, "Keston", "Old Mill")
    ents[1] = dataclasses.replace(ents[1], type="LOC")
    place = b.event_place(ds, ents[:1], [])
    assert place is not None and place[0] == "Keston"

    class _Br:  # the builder's context, as _with_place reads it
        on_topic, entities, origins, order = ds, ents, [], {"m": 0, "n": 1, "o": 2}

    lead = b.BriefSentence("A barn burned down near Old Mill on Sunday night.", ["n"], "single")
    assert b._with_place(_Br(), lead).text.startswith("Keston — ")


def test_a_story_told_over_many_days_has_no_follow_ups():
    from storylens.stages.brief import follow_ups

    days = ["2031-03-02", "2031-03-02", "2031-03-03", "2031-03-20"]
    assert follow_ups([_doc(str(i), "x", d) for i, d in enumerate(days)]) == {"3"}
    days = ["2031-03-02", "2031-03-09", "2031-03-15", "2031-03-20"]
    assert follow_ups([_doc(str(i), "x", d) for i, d in enumerate(days)]) == set()


def test_toll_lines_only_when_the_reports_open_on_people_killed_or_hurt():
    from storylens.stages.brief import _all_sents, key_figures

    def run(texts: dict[str, str]) -> list:
        ds = {k: _doc(k, v) for k, v in texts.items()}
        claims = [Claim(k, v.index("two"), v.index("two") + 3, "two", 2, "person", scope="killed")
                  for k, v in texts.items() if "two" in v]
        g = ClaimGroup("g1", "people killed", "agree", 2, "person", "killed", claims, 2, "")
        return key_figures([g], ds, [], _all_sents(list(ds.values()), None))

    hurt = {"m": "A bus left the road near Oakby on Monday. Police said two passengers were killed in the crash.",
            "n": "Two passengers were killed when a bus left the road near Oakby, police said. The road was closed."}
    assert run({k: v.replace("Two", "two", 1) for k, v in hurt.items()})
    talks = {"m": "The two trade ministers met in Oakby on Monday to sign the tariff accord. The talks ran late. "
                  "Officials said the accord would cut duties on grain. Markets rose on the news. "
                  "In a riot years earlier two people were killed near the port.",
             "n": "Trade ministers signed a tariff accord in Oakby on Monday after two days of talks. "
                  "The accord cuts duties on grain and steel. Farmers welcomed it."}
    assert run(talks) == []


def test_a_candidate_close_in_meaning_to_a_kept_sentence_is_a_repeat():
    import numpy as np

    from storylens.stages import brief as b

    ds = [_doc("a", "A storm flooded the harbour district of Velmont on Tuesday night. "
                    "Ferries between Velmont and the islands were cancelled on Wednesday morning.")]
    br = b._Brief(ds, [], [], None, 120, False, [])
    br.vecs = [np.asarray([1.0, 0.0, 0.0])]

    def cand(cos: float) -> b._Cand:
        vec = np.asarray([cos, (1 - cos * cos) ** 0.5, 0.0])
        return b._Cand(br.cands[0].sent, 1.0, vec, False, True)

    assert br.redundant(cand(0.95)) and br.redundant(cand(0.68))  # a paraphrase, and a near one
    assert not br.redundant(cand(0.5)) and not br.redundant(cand(0.0))  # related, and unrelated


def test_a_scattered_dispute_in_a_story_told_over_days_gives_the_value_most_reports_give():
    from storylens.stages.brief import _all_sents, key_figures

    texts = {"m": "Floods swept through Brenmoor on Monday. Officials said two people were killed in the floods.",
             "n": "Two people were killed when floods swept through Brenmoor, officials said. Roads were shut.",
             "o": "Rescuers reached Brenmoor on Friday. In the whole valley 90 people were killed this decade."}

    def run(days: list[str]) -> list:
        ds = {k: _doc(k, v, d) for (k, v), d in zip(texts.items(), days)}
        claims = []
        for k, v in texts.items():
            word = "90" if k == "o" else ("Two" if k == "n" else "two")
            claims.append(Claim(k, v.index(word), v.index(word) + len(word), word, 90 if k == "o" else 2,
                                "person", scope="killed"))
        g = ClaimGroup("g1", "people killed", "disagree", 2, "person", "killed", claims, 3, "")
        return key_figures([g], ds, [], _all_sents(list(ds.values()), None))

    one_day = run(["2031-04-07", "2031-04-07", "2031-04-08"])  # one coverage: the dispute is told
    assert one_day and one_day[0].text.startswith("Reports differ") and "90" in one_day[0].text
    over_days = run(["2031-04-07", "2031-04-12", "2031-04-20"])  # values far apart in a long story
    assert over_days and "90" not in over_days[0].text and "two" in over_days[0].text.lower()
    assert set(over_days[0].docs) == {"m", "n"} and "agree" not in over_days[0].text


def test_a_scattered_value_without_a_majority_gives_no_line():
    from storylens.model import ClaimGroup as G
    from storylens.stages.brief import _leading_value

    text = "Reports gave 3 dead, 40 dead and 900 dead."
    ds = {k: _doc(k, text) for k in "xyz"}
    claims = [Claim(k, text.index(w), text.index(w) + len(w), w, int(w), "person", scope="killed")
              for k, w in zip("xyz", ("3", "40", "900"))]
    assert _leading_value(G("g", "people killed", "disagree", 3, "person", "killed", claims, 3, ""), ds, []) is None


def test_a_call_for_tips_never_leads():
    texts = {"s": "Anyone with information is asked to call detectives at 555-201-3344. "
                  "A man was shot dead outside a bakery in Fenwick on Tuesday night, police said.",
             "t": "A man was shot dead outside a bakery in Fenwick on Tuesday night. "
                  "Anyone with information is asked to call detectives at 555-201-3344.",
             "u": "A man was shot dead outside a bakery in Fenwick on Tuesday night. Detectives asked for tips."}
    brief = build_brief([_doc(k, v) for k, v in texts.items()], [], [], [])
    assert brief and all("555" not in s.text for s in brief)
    assert brief[0].text.startswith("A man was shot dead")


def test_an_appeal_or_reward_offer_never_enters_the_brief():
    appeals = ["Detectives urged anyone who saw the blue van to come forward.",
               "A reward of $2,000 is offered for information leading to an arrest.",
               "Residents who have camera footage are asked to contact the Marlow police station."]
    fact = "Two men were wounded in a shooting outside a laundromat in Marlow on Sunday night."
    # every appeal is told by every report, first: more central than the fact itself
    texts = {k: " ".join(appeals) + " " + fact + f" The laundromat stayed closed on Monday ({k})."
             for k in "abc"}
    brief = build_brief([_doc(k, v) for k, v in texts.items()], [], [], [])
    assert brief and "wounded in a shooting outside a laundromat" in brief[0].text
    assert not any(a[:30] in s.text for s in brief for a in appeals)


def test_appeals_are_told_by_their_form():
    from storylens.stages.brief import is_appeal

    for t in ("Anyone with information is asked to call the sheriff's office.",
              "Please contact Harbour Police with any tips.", "The tip line is open around the clock.",
              "Officials are asking the public to share any video of the crash."):
        assert is_appeal(t), t
    for t in ("Officers were called to the house at 9 p.m.", "Contact with the crew was lost at noon.",
              "The union urged members to call off the strike.", "Police received a call about shots fired."):
        assert not is_appeal(t), t


def test_a_reports_opening_counts_less_in_a_story_told_over_many_days():
    from storylens.stages import brief as b

    texts = {"m": "Talks on the river treaty opened in Dunmore on Monday. Delegates from four states attended the first day.",
             "n": "Delegates argued over water quotas in Dunmore on Wednesday. The talks ran into the night.",
             "o": "The river treaty was signed in Dunmore on Friday. Delegates from four states signed it."}

    def gap(days: list[str]) -> float:
        ds = [_doc(k, v, d) for (k, v), d in zip(texts.items(), days)]
        cands = b._candidates(ds, b._all_sents(ds, None), [], False)
        first = next(c.score for c in cands if c.sent.doc == "m" and c.sent.index == 0)
        second = next(c.score for c in cands if c.sent.doc == "m" and c.sent.index == 1)
        return first - second

    one_day, over_days = gap(["2031-05-05"] * 3), gap(["2031-05-05", "2031-05-09", "2031-05-12"])
    assert b.told_over_days([_doc(k, "x", d) for k, d in zip("mno", ["2031-05-05", "2031-05-09", "2031-05-12"])])
    assert over_days < one_day
    assert abs((one_day - over_days) - (b.POSITION_WEIGHT - b.POSITION_WEIGHT_OVER_DAYS) / 2) < 1e-6


def test_figures_that_fit_together_say_how_a_later_death_was_read() -> None:
    from storylens.stages.brief import _reconciled_sentence
    first = "Seven people were shot at the Kessel fairground on Friday."
    later = "Seven people were shot at the Kessel fairground; one of the wounded has since died."
    ds = {"p": Document(id="p", title=None, outlet="Kessel Post", origin=None, published="2031-05-02",
                        dateline=None, text=first),
          "q": Document(id="q", title=None, outlet="Valley Radio", origin=None, published="2031-05-04",
                        dateline=None, text=later)}
    g = ClaimGroup("w", "people injured", "reconciled", 6, "person", None,
                   [Claim("p", 0, 12, "Seven people", 7, "person"),
                    Claim("q", 0, 12, "Seven people", 6, "person", basis="later")], 2, "")
    s = _reconciled_sentence(g)
    assert s is not None and s.status == "reconciled"
    assert s.text.count("Seven people") == 2 and "died later" in s.text
    assert grounded(s.text, s.docs, ds)


def test_follow_ups_may_fill_the_brief_each_said_as_such() -> None:
    ds = [_doc(k, v, "2031-03-02") for k, v in FERRY.items()]
    ds.append(_doc("z", "The ferry's captain was charged with negligence on Monday, prosecutors said. "
                        "An inquiry found the radar of the vessel had been switched off for repairs. "
                        "The operator has since suspended its winter timetable to the islands.", "2031-03-20"))
    brief = build_brief(ds, [], [], [], words=200)
    later = [s for s in brief if s.docs == ["z"]]
    assert len(later) >= 2
    assert all(s.text.startswith("Later: ") for s in later)
    assert "z" not in brief[0].docs


def test_a_key_figure_line_shows_the_words_that_state_the_outcome() -> None:
    from storylens.stages.brief import _agree_line, _differ_sentence

    def c(doc: str, text: str, value: float, unit: str, scope: str | None, basis: str | None = None,
          state: str | None = None) -> Claim:
        return Claim(doc, 0, len(text), text, value, unit, scope=scope, basis=basis, state=state)

    g = ClaimGroup("g1", "people killed", "agree", 2, "person", "killed",
                   [c("a", "two men", 2, "man", None),  # "the two men drove to the market": no outcome
                    c("b", "both men", 2, "person", "killed"),
                    c("c", "2 bombers", 2, "bomber", "killed"),
                    c("d", "two people", 2, "people", "killed")], 4, "")
    assert _agree_line(g, []).text.endswith("“two people”.")
    one = ClaimGroup("g2", "people killed", "disagree", 1, "person", "killed",
                     [c("a", "One of the four", 1, "person", "killed", state="part"),
                      c("b", "one man", 1, "man", "killed"), c("c", "3", 3, "person", "killed")], 3, "")
    s = _differ_sentence(one, docs(), generic=True)
    assert s is not None and "“one man”" in s.text and "One of the four" not in s.text


def test_the_dateline_most_reports_file_from_joins_the_place_they_name():
    from storylens.stages import brief as b

    texts = {"m": "Pellham police charged a man after two people were shot in Pellham on Sunday.",
             "n": "Two people were shot in Pellham on Sunday, police said.",
             "o": "A man is charged over the Pellham shooting on Sunday.",
             "p": "Police in Pellham named the two people shot on Sunday."}
    ds, ents = _place_docs(texts, "Pellham")
    lines = {"m": "PELLHAM", "o": "TARNWICK", "p": "TARNWICK"}
    ds = [dataclasses.replace(d, dateline=lines.get(d.id)) for d in ds]
    place = b.event_place(ds, ents, [])
    assert place is not None and place[0] == "Pellham" and place[4] == "Pellham, Tarnwick"

    class _Br:  # the lead names the place the reports name, not the one most of them file from
        on_topic, entities, origins, order = ds, ents, [], {"m": 0, "n": 1, "o": 2, "p": 3}

    lead = b.BriefSentence("Pellham police charged a man after two people were shot on Sunday.", ["m"], "single")
    assert b._with_place(_Br(), lead).text.startswith("Pellham, Tarnwick — ")
    old = b.DATELINE_PLACE
    b.DATELINE_PLACE = False
    try:
        assert b.event_place(ds, ents, [])[4] == "Pellham"
        assert b._with_place(_Br(), lead).text == lead.text
    finally:
        b.DATELINE_PLACE = old
    # as many origins file from the place they name: the place alone
    ds[1] = dataclasses.replace(ds[1], dateline="PELLHAM")
    assert b.event_place(ds, ents, [])[4] == "Pellham"
    # one origin only files from the other place: the place alone
    ds[2] = dataclasses.replace(ds[2], dateline=None)
    assert b.event_place(ds, ents, [])[4] == "Pellham"


def test_a_dateline_after_a_photo_caption_counts_as_the_reports():
    from storylens.stages import brief as b

    texts = {"m": "Officers stand outside the store on Sunday evening.\n\n"
                  "TARNWICK, Vell — Two people were hurt in a shooting at a store on Sunday.",
             "n": "Two people were hurt in a shooting at a store on Sunday, police said."}
    ds = [_doc(k, v) for k, v in texts.items()]
    assert b._dateline_of(ds[0]) == ("TARNWICK", "Vell") and b._dateline_of(ds[1]) is None
    place = b.event_place(ds, [], [])
    assert place is not None and place[0] == "Tarnwick" and place[1] == {"m"}
    old = b.PARAGRAPH_DATELINE
    b.PARAGRAPH_DATELINE = 0
    try:
        assert b._dateline_of(ds[0]) is None and b.event_place(ds, [], []) is None
    finally:
        b.PARAGRAPH_DATELINE = old
    # a dateline at the start is the report's own, whatever comes later
    ds[1] = dataclasses.replace(ds[1], dateline="PELLHAM", text="PELLHAM — " + texts["n"])
    assert b._dateline_of(ds[1])[0] == "PELLHAM"


def test_figures_read_once_per_text_and_callers_get_their_own_sets():
    from storylens.stages import brief as B

    text = "Four boats and 31 crew were counted on the quay."
    first = numbers_in(text)
    first.add(99.0)  # a caller changing its set changes nothing for the next one
    assert numbers_in(text) == {4.0, 31.0}
    doc = Document(id="d1", title=None, outlet=None, origin=None, published="2031-06-07", dateline=None, text=text)
    support = B.supported_numbers(doc)
    assert support == {4.0, 31.0, 2031.0, 6.0, 7.0}
    support.clear()
    assert B.supported_numbers(doc) == {4.0, 31.0, 2031.0, 6.0, 7.0}
    # another document with the same text but another date supports other figures
    later = dataclasses.replace(doc, id="d2", published="2032-01-02")
    assert B.supported_numbers(later) == {4.0, 31.0, 2032.0, 1.0, 2.0}
    hits = B._supported_numbers.cache_info().hits
    assert B.grounded("Four boats were counted.", ["d1"], {"d1": doc})
    assert not B.grounded("Five boats were counted.", ["d1"], {"d1": doc})
    assert B._supported_numbers.cache_info().hits == hits + 2  # the document's figures came from the cache


def test_only_a_reports_first_sentences_enter_the_pool() -> None:
    """A report's sentences past POOL_PER_REPORT are never candidates (nor encoded), however
    central they would be."""
    from storylens.stages import brief as B

    n = B.POOL_PER_REPORT
    filler = " ".join(f"Paragraph {i} of the council minutes lists item number {i} for review." for i in range(1, n + 1))
    later = "The bridge over the Tamsel river reopened to traffic on Monday morning."
    ds = [Document(id=d, title=None, outlet=None, origin=None, published=None, dateline=None,
                   text=f"{filler} {later} {later}") for d in ("a", "b")]
    index = B._all_sents(ds, None)
    assert len(index["a"]) > n
    cands = B._candidates(ds, index, [], use_embeddings=False)
    assert later not in {c.sent.text for c in cands}
    assert len(cands) == 2 * n
