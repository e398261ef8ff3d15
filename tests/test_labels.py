"""Outlet labels: every report named by its outlet (or title), never by its file id."""
from __future__ import annotations


from storylens.labels import format_date, outlet_labels, relabel, unit_for
from storylens.model import Document


def doc(id: str, outlet: str | None = None, title: str | None = None, published: str | None = None,
        url: str | None = None, origin: str | None = None) -> Document:
    return Document(id=id, title=title, outlet=outlet, origin=origin, published=published, dateline=None,
                    text="Some text.", url=url)


def test_outlet_then_site_then_agency_then_title() -> None:
    docs = [doc("01-a", outlet="The Lowmoor Ledger", title="Bridge shut"),
            doc("02-b", url="https://www.kestrel-news.example/a/1", title="Bridge shut again"),
            doc("03-c", origin="Associated Press", title="Wire copy"),
            doc("04-d", title="A very long headline about the bridge that was shut on a wet Monday morning"),
            doc("05-e")]
    labels = outlet_labels(docs)
    assert labels["01-a"] == "The Lowmoor Ledger"
    assert labels["02-b"] == "kestrel-news.example"
    assert labels["03-c"] == "AP"
    assert labels["04-d"].startswith("“A very long headline") and labels["04-d"].endswith("…”")
    assert len(labels["04-d"]) <= 44
    assert labels["05-e"] == "Report 5"
    assert not any(d.id in v for d in docs for v in labels.values())


def test_shared_outlets_get_dates_then_numbers() -> None:
    docs = [doc("x1", outlet="AP", published="2031-04-07"), doc("x2", outlet="Associated Press", published="2031-04-09"),
            doc("x3", outlet="Fenwick Times", published="2031-04-07"), doc("x4", outlet="Fenwick Times", published="2031-04-07"),
            doc("x5", outlet="Osk Radio", published="2030-12-30"), doc("x6", outlet="Osk Radio", published="2031-01-02")]
    labels = outlet_labels(docs)
    assert labels["x1"] == "AP (7 Apr 2031)" and labels["x2"] == "AP (9 Apr 2031)"  # one agency, two spellings
    assert labels["x3"] == "Fenwick Times (7 Apr 2031, 1)" and labels["x4"] == "Fenwick Times (7 Apr 2031, 2)"
    assert labels["x5"] == "Osk Radio (30 Dec 2030)"
    assert len(set(labels.values())) == len(docs)
    same_year = outlet_labels([doc("y1", outlet="Osk Radio", published="2031-04-07"),
                               doc("y2", outlet="Osk Radio", published="2031-04-08")])
    assert same_year == {"y1": "Osk Radio (7 Apr)", "y2": "Osk Radio (8 Apr)"}


def test_relabel_replaces_ids_and_folds_long_lists() -> None:
    labels = {"001_ab": "Ella Wire", "002_cd": "Courier (7 Apr)", "003_ef": "Bay Post", "004_gh": "Hill FM"}
    assert relabel("12 in 001_ab, 002_cd; 14 in 003_ef", labels) == "12 in Ella Wire, Courier (7 Apr); 14 in Bay Post"
    assert relabel("9 in 001_ab, 002_cd, 003_ef and 004_gh", labels) == "9 in 4 reports"
    assert relabel("001_abc is not an id", labels) == "001_abc is not an id"
    assert relabel("a report said", {"report": "X"}, strict=True) == "a report said"


def test_dates_and_units() -> None:
    assert format_date("2031-04-07") == "7 Apr 2031" and format_date("2031-04") == "Apr 2031"
    assert format_date("2031") == "2031" and format_date("nonsense") is None
    assert unit_for(6, "hour") == "hours" and unit_for(1, "hour") == "hour" and unit_for(3, "person") == "people"
    assert unit_for(2, "storey") == "storeys" and unit_for(5, "people") == "people" and unit_for(4, "mm") == "millimetres"
    assert unit_for(180, "mph") == "mph" and unit_for(3, "tonne") == "tonnes"


def test_markdown_names_reports_by_label() -> None:
    from storylens.model import BriefSentence, Claim, ClaimGroup, Quote, QuoteGroup, Report, TimelineItem
    from storylens.render.markdown import render_markdown

    docs = [doc("017_3fa9c2", outlet="Ella Wire", title="Ferry aground"), doc("018_77b0d1", title="Ferry towed")]
    ids = [d.id for d in docs]
    claims = [Claim(ids[0], 0, 4, "140", 140, "passenger"), Claim(ids[1], 0, 4, "152", 152, "passenger")]
    rep = Report(documents=docs,
                 claim_groups=[ClaimGroup("g1", "passengers", "disagree", 140, "passenger", None, claims, 2,
                                          f"140 in {ids[0]}; 152 in {ids[1]}")],
                 quote_groups=[QuoteGroup("q1", "Rhea Moss", [Quote(ids[1], 0, 4, "We hit a sandbar", "Rhea Moss")])],
                 timeline=[TimelineItem("2032-03-01", "day", ids[0], "ran aground")],
                 brief=[BriefSentence("A ferry ran aground.", ids, "agree")])
    md = render_markdown(rep)
    body, table = md.split("## Reports", 1)
    assert not any(i in body for i in ids), body
    assert "[Ella Wire; “Ferry towed”]" in body and "140 in Ella Wire; 152 in “Ferry towed”" in body
    assert "140 (1 report) · 152 (1 report)" in body and "| 140 passengers |" in body
    assert all(i in table for i in ids)
