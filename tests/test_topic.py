"""Off-topic reports: invented events, each with an unrelated report added. The unrelated
report is flagged with a reason, stays listed, and never reaches the brief."""
from __future__ import annotations

import pytest

from storylens import embeddings
from storylens.model import Document
from storylens.stages import topic
from storylens.stages.brief import build_brief

BARGE = [
    "A cargo barge struck the Linden Street bridge over the Vell River on Tuesday morning, the county said. "
    "Traffic was stopped in both directions while engineers checked the bridge supports. "
    "The barge owner said the pilot lost steering in a strong current. Nobody was hurt in the collision.",
    "The Linden Street bridge in Vell County was closed on Tuesday after a cargo barge hit one of its piers. "
    "County engineers inspected the supports for cracks. The river current was unusually strong after heavy rain, "
    "the barge company said. No injuries were reported.",
    "Engineers are checking the Linden Street bridge after a barge collided with it on the Vell River on Tuesday. "
    "The bridge will stay closed to traffic until the inspection ends. The barge pilot told the county that the "
    "current pushed the vessel into the pier.",
    "County officials reopened one lane of the Linden Street bridge late on Tuesday. Engineers found scraped "
    "concrete but no cracks after the barge struck the pier. The barge was towed to a dock downstream.",
]
ROOF = [
    "Part of the roof of the Aldren Primary School gym collapsed on Sunday night under heavy snow, the district said. "
    "The building was empty and nobody was hurt. Classes were moved to the library on Monday.",
    "Heavy snow brought down a section of the gym roof at Aldren Primary School on Sunday, school officials said. "
    "The gym was empty at the time. Inspectors will check the rest of the school's roofs this week.",
    "The gym roof of Aldren Primary School gave way under the weight of snow late on Sunday. "
    "District staff said no one was inside the building. Pupils will use the library for lessons.",
]
UNRELATED = {
    "bake": "The annual Marsh Hollow bread festival crowned a sourdough loaf with walnuts as its winner on Saturday. "
            "Judges tasted more than forty entries from home bakers across the valley. The winning baker said she "
            "had used her grandmother's starter for the recipe.",
    "ball": "Portvale United signed the winger Teodor Alcan from a club in the southern league on Friday. "
            "The club said the player agreed a three-year contract. Alcan scored nine goals last season and "
            "will wear the number eleven shirt.",
}

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="MiniLM wheel or onnxruntime missing")


def docs(texts: list[str], prefix: str) -> list[Document]:
    return [Document(id=f"{prefix}{i}", title=None, outlet=f"Outlet {chr(65 + i)}", origin=None, published=None,
                     dateline=None, text=t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("event,extra", [(BARGE, "bake"), (ROOF, "ball"), (BARGE, "ball"), (ROOF, "bake")])
def test_unrelated_report_is_flagged(event: list[str], extra: str) -> None:
    ds = docs(event, "r") + [Document(id="x", title=None, outlet="Other", origin=None, published=None,
                                      dateline=None, text=UNRELATED[extra])]
    flagged = topic.off_topic(ds)
    assert set(flagged) == {"x"}
    assert "far from the other reports" in flagged["x"]


@pytest.mark.parametrize("event", [BARGE, ROOF])
def test_reports_of_one_event_are_not_flagged(event: list[str]) -> None:
    assert topic.off_topic(docs(event, "r")) == {}


def test_two_reports_cannot_tell() -> None:
    ds = docs(BARGE[:1], "r") + docs([UNRELATED["bake"]], "x")
    assert topic.off_topic(ds) == {}


def test_off_topic_report_is_listed_and_kept_out_of_the_brief() -> None:
    from storylens.api import analyze_texts

    report = analyze_texts(BARGE + [UNRELATED["bake"]])
    odd = [d for d in report.documents if d.off_topic]
    assert [d.id for d in odd] == ["doc5"] and odd[0].off_topic_reason
    assert len(report.documents) == 5  # still listed
    assert report.brief and all("doc5" not in s.docs for s in report.brief)
    assert "sourdough" not in " ".join(s.text for s in report.brief)
    assert report.to_dict()["documents"][4]["off_topic"] is True


def test_brief_leaves_out_a_flagged_report() -> None:
    ds = docs(ROOF, "r")
    ds.append(Document(id="x", title=None, outlet="Other", origin=None, published=None, dateline=None,
                       text=UNRELATED["ball"], off_topic=True, off_topic_reason="test"))
    brief = build_brief(ds, [], [], [])
    assert brief and all("x" not in s.docs for s in brief)
