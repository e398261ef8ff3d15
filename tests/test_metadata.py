"""Metadata read from page text: titles, site names, agencies, copyright, datelines, dates."""
from __future__ import annotations

import pytest

from storylens.stages import metadata as md


@pytest.mark.parametrize("title,head,site", [
    ("Bridge reopens after long repairs - Valley News, KVLY-TV 9", "Bridge reopens after long repairs",
     "Valley News, KVLY-TV 9"),
    ("Bridge reopens after long repairs | The Orrin Times", "Bridge reopens after long repairs", "The Orrin Times"),
    ("Bridge reopens after long repairs | Local | Orrin Herald", "Bridge reopens after long repairs", "Orrin Herald"),
    ("Pay talks - what the union wants and why", "Pay talks - what the union wants and why", None),
    ("US-led patrol leaves the border area", "US-led patrol leaves the border area", None),
])
def test_split_site_suffix(title, head, site):
    assert md.split_site_suffix(title) == (head, site)


@pytest.mark.parametrize("site,outlet", [
    ("Valley News, KVLY-TV 9", "KVLY-TV 9"),
    ("KQRT News 4 Lakeside, Weather & Sports", "KQRT"),
    ("Springfield Courier", "Springfield Courier"),
    ("The Associated Press", "Associated Press (AP)"),
])
def test_outlet_from_site(site, outlet):
    assert md.outlet_from_site(site) == outlet


def test_agencies():
    assert md.agency("AP").name == "Associated Press"
    assert md.agency("the associated press").name == "Associated Press"
    assert md.agency("ap") is None  # short forms are case-sensitive
    assert md.agency("AFP").display == "Agence France-Presse (AFP)"
    assert md.agency("Reuters").display == "Reuters"
    assert md.agency("Orrin Herald") is None
    assert md.same_source("AP", "The Associated Press")
    assert md.same_source("WXQR", "FOX 5 WXQR")
    assert not md.same_source("KSLQ", "WXQR")


@pytest.mark.parametrize("line,holder", [
    ("© 2030 Orrin Herald. All rights reserved.", "Orrin Herald"),
    ("Copyright 2029 The Associated Press. All rights reserved. This material may not be published.",
     "The Associated Press"),
    ("(© 2028 KQRT)", "KQRT"),
    ("Copyright © 2019-2030 Lake Media Group, Inc.", "Lake Media Group"),
    ("All rights reserved.", None),
])
def test_copyright_holder(line, holder):
    assert md.copyright_holder(line) == holder


def test_named_in_abbreviation():
    line = "Opinions are not necessarily the views of Harbor Weekly Network (HW) or its partners."
    assert md.named_in_abbreviation(line) == [("Harbor Weekly", "HW")]


@pytest.mark.parametrize("line,city,credits", [
    ("PORT MERRIN, Calder (KMRN/AP) — Heavy rain fell.", "PORT MERRIN", ("KMRN", "AP")),
    ("ELMWOOD (Reuters) - Heavy rain fell.", "ELMWOOD", ("Reuters",)),
    ("NEW HAVEN -- Heavy rain fell.", "NEW HAVEN", ()),
    ("ORRIN, Sept. 4 (AFP) - Heavy rain fell.", "ORRIN", ("AFP",)),
    ("AFP/Lisbon: Heavy rain fell.", "Lisbon", ("AFP",)),
    ("Lisbon (AFP) - Heavy rain fell.", "Lisbon", ("AFP",)),
])
def test_parse_dateline(line, city, credits):
    dl = md.parse_dateline(line)
    assert dl is not None and dl.city == city and dl.credits == credits
    assert line[dl.end:].startswith("Heavy rain")


@pytest.mark.parametrize("line", [
    "The mayor said rain fell.",
    "NATO allies met on Monday.",
    "Lisbon (city hall) - a note",
    "US officials say the road is closed.",
])
def test_not_a_dateline(line):
    assert md.parse_dateline(line) is None


@pytest.mark.parametrize("line,iso,prec,label", [
    ("10 September 2030", "2030-09-10", "day", None),
    ("Tuesday, 21 May 2030", "2030-05-21", "day", None),
    ("Sept. 10, 2030", "2030-09-10", "day", None),
    ("Published: Sept. 10, 2030 at 3:45 p.m.", "2030-09-10", "day", "published"),
    ("Updated 3:45 PM ET, Mon March 4, 2030", "2030-03-04", "day", "updated"),
    ("Sun 8 Sep 2030 14.23 BST", "2030-09-08", "day", None),
    ("2030-09-10", "2030-09-10", "day", None),
    ("10.09.2030", "2030-09-10", "day", None),
    ("September 2030", "2030-09", "month", None),
])
def test_date_line(line, iso, prec, label):
    d = md.date_line(line)
    assert d is not None and (d.iso, d.precision, d.label) == (iso, prec, label)


@pytest.mark.parametrize("line", [
    "In 2030 the river rose.",
    "The vote is on 10 September 2030, officials said.",
    "31 February 2030",
    "04/05/2030",  # day and month cannot be told apart
])
def test_not_a_date_line(line):
    assert md.date_line(line) is None


def test_normalise_date():
    assert md.normalise_date("2030-03-07T10:00:00Z").iso == "2030-03-07"
    assert md.normalise_date("2030-03").precision == "month"
    assert md.normalise_date("2030").precision == "year"
    assert md.normalise_date("March 7, 2030").iso == "2030-03-07"
    assert md.normalise_date("soon") is None


def test_reproduced_from_and_agency_told():
    assert md.reproduced_from("This article originally appeared on The Orrin Herald.") == "The Orrin Herald"
    assert md.reproduced_from("Lake Wire contributed to this report.") == "Lake Wire"
    assert md.reproduced_from("The mayor said the plan was published last week.") is None
    assert md.agency_told("A police officer told AFP the road was closed.").name == "Agence France-Presse"
    assert md.agency_told("A police officer told reporters the road was closed.") is None


def test_site_suffix_needs_a_site_form():
    from storylens.stages.metadata import split_site_suffix

    assert split_site_suffix("Rovers beat Albion 20 - 13, Take Title In League Final")[1] is None
    assert split_site_suffix("Vendors warn of zero - day flaw in browser software")[1] is None
    assert split_site_suffix("HARBOUR CRANE FALLS - TWO HURT IN OSTERBY")[1] is None
    assert split_site_suffix("Harbour crane falls onto quay - Osterby Evening News") == (
        "Harbour crane falls onto quay", "Osterby Evening News")
    assert split_site_suffix("Harbour crane falls onto quay | The Times of Osterby")[1] == "The Times of Osterby"


def test_dateline_with_an_outlet_name_credit():
    from storylens.stages.metadata import parse_dateline

    d = parse_dateline("Brenford, Calder (Valley Sports Network) - The champion kept his belt on Saturday.")
    assert d and d.city == "Brenford" and d.credits == ("Valley Sports Network",)
    assert parse_dateline("Anna Berg, Director (Finance) - she said the budget was late.") is None
