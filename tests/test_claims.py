"""Grouping claims across reports and judging each group, on invented reports."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storylens.config import Settings
from storylens.model import Document, OriginGroup
from storylens.pipeline.state import EventState
from storylens.stages import claims as C


def doc(did: str, text: str) -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=None, dateline=None, text=text)


def run(docs, origins=()):
    state = EventState(documents=list(docs), settings=Settings(embeddings=False))
    state.sections["origins"] = list(origins)
    out = C.run(state)
    assert set(out) == {"claim_groups"}
    for g in out["claim_groups"]:
        assert g.note and g.status in ("agree", "disagree", "reconciled", "single", "evolving")
        for c in g.claims:
            d = next(x for x in docs if x.id == c.doc)
            assert d.text[c.start:c.end] == c.text
    return out


def group_with(groups, doc_id, value, unit=None):
    for g in groups:
        if any(c.doc == doc_id and c.value == value and (unit is None or c.unit == unit) for c in g.claims):
            return g
    raise AssertionError(f"no group holds {value} from {doc_id}: " +
                         "; ".join(f"{g.topic}={[(c.doc, c.value) for c in g.claims]}" for g in groups))


FLOOD = [
    doc("a", "Floods in the valley killed 12 people and left 40 people injured, officials said. "
             "A column of 30 trucks set out with aid; nine trucks turned back and 21 reached the town."),
    doc("b", "The flood killed 12 people, the mayor said. About 40 people were injured. "
             "Of the original 30-truck convoy, 21 trucks arrived."),
    doc("c", "At least 15 people were killed in the floods and 40 were hurt, a hospital said."),
]


def test_agree_disagree_and_single():
    out = run(FLOOD)
    killed = group_with(out["claim_groups"], "a", 12)
    assert killed.status == "disagree" and {c.doc for c in killed.claims} >= {"a", "b", "c"}
    assert killed.value == 12 and "differ" in killed.note
    injured = group_with(out["claim_groups"], "a", 40)
    assert injured.status == "agree" and {c.doc for c in injured.claims} >= {"a", "b"}
    assert all(c.value == 40 for c in injured.claims)
    assert killed is not injured


def test_separate_figures_do_not_merge():
    out = run(FLOOD)
    trucks = group_with(out["claim_groups"], "a", 30)
    arrived = group_with(out["claim_groups"], "a", 21)
    back = group_with(out["claim_groups"], "a", 9)
    assert len({id(trucks), id(arrived), id(back)}) == 3
    assert trucks.status == "agree" and arrived.status == "agree"
    assert group_with(out["claim_groups"], "b", 30) is trucks
    assert back.status == "single"


def test_counts_of_a_charge_group_by_charge_not_by_victims():
    docs = [doc("a", "Each man faces 9 counts of attempted first-degree murder, one for each person wounded."),
            doc("b", "Rook was booked on 9 counts of attempted murder. Nine people were wounded."),
            doc("c", "In 2004 he faced two counts of murder.")]
    groups = run(docs)["claim_groups"]
    counts = group_with(groups, "a", 9, unit="count")
    assert counts.status == "agree" and {c.doc for c in counts.claims} == {"a", "b"}
    assert counts.scope == "attempted murder"
    assert group_with(groups, "c", 2, unit="count") is not counts
    assert group_with(groups, "b", 9, unit="people") is not counts


def test_victims_do_not_join_an_arrest_count():
    docs = [doc("a", "Police arrested ten men after the riot."),
            doc("b", "Ten victims were taken to hospital by ambulance.")]
    groups = run(docs)["claim_groups"]
    assert group_with(groups, "a", 10) is not group_with(groups, "b", 10)


def test_reconciled_when_a_report_says_the_figure_changed():
    docs = [doc("a", "The reward offered by the city is up to $2,000."),
            doc("b", "The city reward has been increased to $4,000, officials said.")]
    g = group_with(run(docs)["claim_groups"], "b", 4000)
    assert g.status == "reconciled" and g.value == 4000 and "changed" in g.note


def test_reconciled_by_time_for_ages():
    docs = [doc("a", "Police arrested Tomas Greer, 31, on Monday."),
            doc("b", "Tomas Greer, age 30 at the time of the robbery, pleaded guilty."),
            doc("c", "The 31-year-old Greer will be sentenced in May.")]
    g = group_with(run(docs)["claim_groups"], "b", 30)
    assert g.status == "reconciled" and g.value == 31 and "at the time" in g.note
    assert {c.doc for c in g.claims} == {"a", "b", "c"}


def test_ages_of_different_people_stay_apart():
    docs = [doc("a", "The victims were Ada Moss, 24, and Ben Hale, 31."),
            doc("b", "Ada Moss, 24, and Ben Hale, 33, died at the scene.")]
    groups = run(docs)["claim_groups"]
    moss, hale = group_with(groups, "a", 24), group_with(groups, "a", 31)
    assert moss.status == "agree" and hale.status == "disagree" and moss is not hale


def test_unnamed_age_joins_the_named_person():
    docs = [doc("a", "A 15-year-old boy was charged on Friday. Police said Lio Frantz faces trial."),
            doc("b", "Lio Frantz, 15, was charged with arson.")]
    g = group_with(run(docs)["claim_groups"], "a", 15)
    assert g.status == "agree" and {c.doc for c in g.claims} == {"a", "b"}


def _parse(d):
    from storylens.nlp import parse

    return parse([d.text])[0]


def test_reconciled_by_parts_and_wholes():
    docs = [doc("a", "As many as 50 soldiers and 50 civilians were on the boats."),
            doc("b", "About 100 soldiers and civilians crossed the river.")]
    claims = [c for d in docs for c in C.N.extract_quantities(d, _parse(d))]
    whole = [c for c in claims if c.value == 100]
    assert whole and "+" in whole[0].unit
    part = [c for c in claims if c.doc == "a" and c.unit == "civilian"]
    status, note, _ = C.status_of(whole + part, claims)
    assert status == "reconciled" and "+" in note


def test_reconciled_by_stated_difference():
    from storylens.model import Claim

    fam = [Claim("a", 0, 1, "x", 30, unit="truck"), Claim("a", 2, 3, "y", 9, unit="truck"),
           Claim("a", 4, 5, "z", 21, unit="truck"), Claim("b", 0, 1, "w", 21, unit="truck")]
    status, note, value = C.status_of([fam[0], fam[3]], fam)
    assert status == "reconciled" and "30 − 9 = 21" in note and value == 21
    # without a report stating the difference, the same two values disagree
    assert C.status_of([fam[0], fam[3]], [fam[0], fam[3]])[0] == "disagree"


def test_rounding_and_bounds():
    from storylens.model import Claim

    a = Claim("a", 0, 3, "x", 12.5, unit="year", kind="duration")
    b = Claim("b", 0, 3, "x", 12, unit="year", kind="duration")
    assert C.status_of([a, b], [a, b])[0] == "reconciled"
    c = Claim("c", 0, 3, "x", 40, unit="boat", qualifier="at least")
    d = Claim("d", 0, 3, "x", 46, unit="boat")
    assert C.status_of([c, d], [c, d])[0] == "reconciled"
    e = Claim("e", 0, 3, "x", 60, unit="boat", qualifier="up to")
    f = Claim("f", 0, 3, "x", 75, unit="boat")
    assert C.status_of([e, f], [e, f])[0] == "disagree"


def test_independent_sources_count_origins():
    docs = [doc("a", "The fire destroyed 18 homes."), doc("b", "The fire destroyed 18 homes, police said."),
            doc("c", "Eighteen homes were destroyed by the fire.")]
    g = group_with(run(docs, [OriginGroup("o1", ["a", "b"])])["claim_groups"], "a", 18)
    assert g.status == "agree" and g.independent_sources == 2
    g2 = group_with(run(docs)["claim_groups"], "a", 18)
    assert g2.independent_sources == 3


def test_embeddings_missing_falls_back_to_rules(monkeypatch):
    from storylens.model import Claim

    monkeypatch.setitem(sys.modules, "storylens.embeddings", None)  # import fails
    cs = [Claim("a", 0, 1, "x", 3, sentence="the storm sank three boats"),
          Claim("b", 0, 1, "x", 4, sentence="three boats sank in the storm")]
    sim = C.Similarity(cs, use_embeddings=True)
    assert sim.vecs is None and sim(0, 1) > 0.5


@pytest.mark.slow
def test_gold_clusters_claims_and_timeline(shared_dir, tmp_path):
    """Every 'must' row of the claims and timeline sections passes on the shared clusters."""
    for name in ("convoy", "gva-columbus", "gva-neworleans"):
        import storylens

        rep = tmp_path / f"{name}.json"
        rep.write_text(storylens.analyze([str(shared_dir / "corpus" / name)]).to_json())
        res = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_gold.py"), str(rep),
                              str(shared_dir / "gold" / f"{name}.json"), "--json"],
                             capture_output=True, text=True, check=True)
        rows = json.loads(res.stdout)
        bad = [r["check"] for r in rows if r["section"] in ("claims", "timeline") and r["level"] == "must" and not r["ok"]]
        assert not bad, f"{name}: {bad}"


def test_readable_topics_and_measures_group_like_counts():
    docs = [doc("a", "The depot stored around 4,000 tonnes of maize. About 60 firefighters attended. "
                     "About 120 residents were evacuated."),
            doc("b", "The depot held some 4,000 tonnes of maize. Some 60 firefighters attended. "
                     "About 90 residents were evacuated from the street.")]
    out = run(docs)["claim_groups"]
    tonnes = group_with(out, "a", 4000)
    assert tonnes.status == "agree" and tonnes.topic == "tonnes of maize"
    assert group_with(out, "a", 60).topic == "firefighters"
    ev = group_with(out, "a", 120)
    assert ev.topic == "residents evacuated" and ev.status == "disagree" and group_with(out, "b", 90) is ev


def test_magnitudes_group_only_when_close():
    docs = [doc("a", "A magnitude 6.4 earthquake struck the coast. A 4.1-magnitude aftershock followed."),
            doc("b", "The quake, measuring 6.6, struck the coast.")]
    out = run(docs)["claim_groups"]
    main = group_with(out, "a", 6.4)
    assert group_with(out, "b", 6.6) is main and main.status == "disagree"
    assert main.topic == "magnitude of the earthquake"
    assert group_with(out, "a", 4.1) is not main


def test_parts_note_names_the_whole():
    docs = [doc("a", "Nine people were taken to hospital and four more were treated at the scene, "
                     "bringing the number of injured to 13."),
            doc("b", "The fire injured 13 people, officials said.")]
    out = run(docs)["claim_groups"]
    whole = group_with(out, "a", 13)
    assert "9 + 4 = 13, the parts of people injured" in whole.note
    assert {c.value for c in whole.parts if c.doc == "a"} >= {9, 4}  # the parts stay beside the figure


def test_parts_and_whole_only_when_stated_together():
    far = ("Three men were killed in the first raid. " + "Officials gave no other details. " * 12 +
           "Four women were killed in a second raid. Seven children were treated.")
    docs = [doc("a", far), doc("b", "Seven children were treated in hospital, officials said.")]
    out = run(docs)["claim_groups"]
    assert "parts of" not in group_with(out, "a", 7).note


def dated(did: str, text: str, published: str) -> Document:
    return Document(id=did, title=None, outlet=None, origin=None, published=published, dateline=None, text=text)


def test_shooting_with_an_outdated_report_is_an_evolving_toll():
    docs = [dated("early", "A gunman opened fire at a warehouse in Dunmore on Monday. Police said three people "
                           "were killed and five people were wounded.", "2031-05-05"),
            dated("mid", "Four people were killed and five people were wounded in the warehouse shooting "
                         "in Dunmore, police said.", "2031-05-06"),
            dated("late", "The warehouse shooting in Dunmore left four people dead and five people were "
                          "taken to hospital, police said.", "2031-05-07")]
    out = run(docs)["claim_groups"]
    killed = group_with(out, "early", 3)
    assert group_with(out, "late", 4) is killed and group_with(out, "mid", 4) is killed
    assert killed.status == "evolving" and killed.value == 4
    assert "3 (early 2031-05-05), then 4 (mid 2031-05-06, late 2031-05-07)" in killed.note
    injured = group_with(out, "early", 5)
    assert injured is not killed and injured.status == "agree" and group_with(out, "late", 5) is injured


def test_without_dates_a_different_toll_disagrees():
    docs = [doc("a", "Police said three people were killed in the warehouse shooting in Dunmore."),
            doc("b", "Four people were killed in the warehouse shooting in Dunmore, police said.")]
    killed = group_with(run(docs)["claim_groups"], "a", 3)
    assert killed.status == "disagree" and group_with(run(docs)["claim_groups"], "b", 4).claims == killed.claims


def test_earthquake_magnitude_and_rising_toll():
    docs = [dated("a", "A 6.2-magnitude earthquake struck the hills near Varosa on Tuesday, killing at least "
                       "40 people, officials said.", "2031-02-03"),
            dated("b", "The magnitude 6.2 quake near Varosa killed 43 people, officials said.", "2031-02-04"),
            doc("c", "The death toll from the Varosa earthquake rose to 47 on Thursday, officials said. "
                     "The magnitude 6.3 quake near Varosa struck the hills, the national observatory said.")]
    out = run(docs)["claim_groups"]
    mag = group_with(out, "a", 6.2)
    assert mag.topic == "magnitude of the earthquake" and group_with(out, "c", 6.3) is mag
    assert mag.status == "disagree" and mag.value == 6.2
    toll = group_with(out, "a", 40)
    assert group_with(out, "b", 43) is toll and group_with(out, "c", 47) is toll
    assert toll.status == "reconciled"


def test_an_earlier_unrelated_bombing_is_not_merged():
    docs = [doc("a", "A car bomb exploded outside a market in Telmar on Friday, killing 12 people, police said. "
                     "A similar bombing in Ostrava last year killed 30 people."),
            doc("b", "The car bomb at the Telmar market killed 14 people, police said."),
            doc("c", "Police in Telmar said 12 people died when a car bomb exploded at the market.")]
    out = run(docs)["claim_groups"]
    now = group_with(out, "a", 12)
    assert group_with(out, "b", 14) is now and group_with(out, "c", 12) is now
    assert now.status == "disagree" and now.value == 12
    earlier = group_with(out, "a", 30)
    assert earlier is not now and earlier.status == "single"


def test_disagree_value_is_the_best_supported_by_origins_then_the_latest():
    from storylens.model import Claim

    cs = [Claim("a", 0, 1, "x", 12, unit="person", scope="killed"),
          Claim("b", 0, 1, "x", 12, unit="person", scope="killed"),
          Claim("c", 0, 1, "x", 15, unit="person", scope="killed"),
          Claim("d", 0, 1, "x", 15, unit="person", scope="killed"),
          Claim("e", 0, 1, "x", 9, unit="person", scope="killed")]
    copies = {"a": "o1", "b": "o1", "c": "c", "d": "d", "e": "e"}  # a and b copy one source
    status, _, value = C.status_of(cs, cs, copies)
    assert status == "disagree" and value == 15
    status, _, value = C.status_of(cs[1:3], cs, {}, {"b": "2031-01-02", "c": "2031-01-01"})
    assert value == 12  # a tie of origins: the latest report's figure


def test_topics_read_well():
    docs = [doc("a", "Ruiz faces three counts of murder. Ruiz, a 17-year veteran of the port police, was "
                     "arrested. The quake struck 30 kilometres north of Varosa at a depth of 10 km.")]
    topics = {g.topic for g in run(docs)["claim_groups"]}
    assert "counts of murder" in topics
    assert "length of service of Ruiz (years)" in topics
    assert "distance from Varosa (kilometres)" in topics and "depth (kilometres)" in topics


def test_people_named_by_origin_count_as_people():
    docs = [doc("a", "The shelling of the school in Varosa killed 40 Nordlanders, the agency said."),
            doc("b", "The shelling of the school in Varosa killed 40 people, the agency said.")]
    g = group_with(run(docs)["claim_groups"], "a", 40)
    assert g.status == "agree" and group_with(run(docs)["claim_groups"], "b", 40).claims == g.claims


def test_publication_order_explains_only_counts_that_evolve():
    docs = [dated("a", "The convoy of 12 buses left the border town at dawn, officials said.", "2031-05-05"),
            dated("b", "The convoy of 14 buses left the border town at dawn, officials said.", "2031-05-06")]
    g = group_with(run(docs)["claim_groups"], "a", 12)
    assert group_with(run(docs)["claim_groups"], "b", 14).claims == g.claims and g.status == "disagree"


def test_a_part_of_a_count_is_kept_apart_from_the_toll():
    docs = [doc("a", "Five border guards were killed on Monday, two of them by a landmine."),
            doc("b", "Three of the five border guards killed on Monday died when a landmine exploded.")]
    out = run(docs)["claim_groups"]
    toll = group_with(out, "a", 5)
    assert all(c.value == 5 for c in toll.claims)  # the part is no rival count
    assert any(c.doc == "b" and c.value == 3 for c in toll.parts)
    assert group_with(out, "b", 5) is toll and toll.status == "agree"


class _CountingEncoder:
    """A stand-in for the sentence encoder: bag-of-words vectors, every call recorded."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def available(self):
        return True

    def embed(self, texts):
        import numpy as np

        self.calls.append(list(texts))
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, hash(w) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_only_compared_claims_are_encoded(monkeypatch):
    from storylens.model import Claim

    enc = _CountingEncoder()
    monkeypatch.setitem(sys.modules, "storylens.embeddings", enc)
    cs = [Claim("a", 0, 1, "x", 3, kind="quantity", unit="boats", sentence="the storm sank three boats"),
          Claim("b", 0, 1, "x", 4, kind="quantity", unit="boats", sentence="four boats sank in the storm"),
          Claim("c", 0, 1, "x", 12, kind="quantity", unit="miles", sentence="the harbour lies twelve miles north")]
    lazy = C.Similarity(cs, use_embeddings=True)
    groups = C.group_claims(cs, lazy)
    encoded = [t for call in enc.calls for t in call]
    assert len(enc.calls) == 1 and sorted(encoded) == sorted(cs[i].sentence for i in (0, 1))
    eager = C.Similarity(cs, use_embeddings=True)
    eager.need(range(len(cs)))  # every sentence up front: the same groups and scores
    assert C.group_claims(cs, eager) == groups
    assert eager.score(0, 1) == lazy.score(0, 1) and eager(0, 2) == lazy(0, 2)  # a pair asked for later is encoded then
    assert 2 in lazy.vecs
