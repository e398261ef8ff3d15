"""Cleaning of text copied from web pages: small fictional pages written for these tests."""
from __future__ import annotations

import importlib.util
import json

import pytest

from storylens.config import Settings
from storylens.errors import InputError
from storylens.model import RawDocument
from storylens.stages.clean import boilerplate_kind, clean_document, clean_lines, split_lines

S = Settings()


def clean(text: str, **kw):
    return clean_document(RawDocument(id="t", source="t.txt", text=text, **kw), S)


PAGE = """Thursday, 3 April 2031
Latest news
Home » Valley » Ferry runs aground near Lake Orrin pier

Ferry runs aground near Lake Orrin pier

2 March 2030

Map of the lake shore showing where the ferry came to rest near the old pier this morning

ORRINFORD (Lakeside Wire) — A passenger ferry carrying 64 people ran aground near the Lake Orrin pier on Sunday, the harbour master said.

Nobody was hurt, and all passengers were taken ashore by two rescue boats within an hour.

Nobody was hurt, and all passengers were taken ashore by two rescue boats within an hour.

"The water level is the lowest we have seen in ten years," harbour master Ilse Varga said.

The ferry company said the vessel would be towed off at high water on Monday.

Photo: Jan Kowal/Lakeside Wire
Share this story on Facebook
© 2030 Orrin Valley Courier. All rights reserved.
Views expressed by commenters are not necessarily the views of the Courier.
12 Comments
Pete R. – Told you the lake was too low.
Mara – Glad everyone is fine.

Ferry runs aground near Lake Orrin pier
"""


def test_page_furniture_dropped_and_body_kept():
    d = clean(PAGE)
    assert d.title == "Ferry runs aground near Lake Orrin pier"
    for line in ("Thursday, 3 April 2031", "Latest news", "Home » Valley", "Photo: Jan Kowal",
                 "Share this story", "All rights reserved", "not necessarily the views", "12 Comments",
                 "Told you the lake", "Glad everyone", "Map of the lake shore"):
        assert line not in d.text, line
        assert any(line in x for x in d.dropped), line
    for line in ("A passenger ferry carrying 64 people", "harbour master Ilse Varga said",
                 "towed off at high water on Monday"):
        assert line in d.text
    assert d.text.count("Nobody was hurt") == 1
    assert not d.text.rstrip().endswith("pier")  # the headline printed again at the end


def test_metadata_of_the_page():
    d = clean(PAGE)
    assert d.published == "2030-03-02" and d.published_precision == "day"  # not the page's 2031 date
    assert d.published_from == "date line"
    assert d.dateline == "ORRINFORD"
    assert d.outlet == "Lakeside Wire"
    assert d.origin == "Orrin Valley Courier"  # the copyright holder differs from the credited outlet


def test_paragraphs_and_offsets():
    d = clean(PAGE)
    assert d.paragraphs and len(d.paragraphs) == len(d.text.split("\n\n"))
    for (a, b), para in zip(d.paragraphs, d.text.split("\n\n")):
        assert d.text[a:b] == para
    assert "“" not in PAGE or "“" in d.text


def test_first_line_sentence_means_no_title():
    d = clean("The county council voted on Tuesday to close the Elmbrook library, members said.\n"
              "The library has served the town since 1952.\n")
    assert d.title is None
    assert d.text.startswith("The county council voted")


def test_title_with_site_suffix_gives_outlet():
    d = clean("Bridge over the Senna river reopens after repairs - Valley News, KVLY-TV 9\n\n"
              "The Senna bridge reopened on Friday after eight months of repairs, the county said.\n")
    assert d.title == "Bridge over the Senna river reopens after repairs"
    assert d.outlet and "KVLY" in d.outlet


def test_wire_dateline_gives_outlet_and_origin():
    d = clean("Storm floods coastal road\n\nPORT MERRIN, Calder (KMRN/AP) — Heavy rain flooded the coast road "
              "on Monday, officials said.\n\nThe road reopened later in the day.\n")
    assert d.outlet == "KMRN"
    assert d.origin == "Associated Press (AP)"
    assert d.dateline == "PORT MERRIN"
    d = clean("PORT MERRIN (AP) — Heavy rain flooded the coast road on Monday, officials said.\n")
    assert d.outlet == "Associated Press (AP)" and d.title is None


def test_agency_slash_city_and_disclaimer_site_name():
    text = ("Talks on river treaty stall\n\n"
            "Reuters/Genoa: Talks between the two river authorities stalled on Tuesday, delegates said.\n\n"
            "A new round is planned for May.\n\n"
            "Opinions here are not necessarily the views of Riverside Daily Forum (RDF) or its staff.\n")
    d = clean(text)
    assert d.outlet == "Riverside Daily Forum"
    assert d.origin == "Reuters"


def test_numbered_comments_after_article_end():
    text = ("Museum opens new wing\n\nThe Halvard Museum opened its new east wing on Saturday, the director said.\n\n"
            "About 3,000 visitors came on the first day.\n\n"
            "Content on this site may be satirical in nature and is owned by the author.\n\n"
            "  1. Ola – Lovely building, but the tickets cost too much.\n"
            "    I went twice and it was crowded both times, which is a shame really.\n"
            "  2. Bram – Great news for the town.\n\nComments are closed.\n")
    d = clean(text)
    assert "About 3,000 visitors" in d.text
    for x in ("Ola", "crowded both times", "Bram", "Comments are closed"):
        assert x not in d.text


def test_list_items_without_full_stops_are_kept():
    text = ("Six hurt in bus crash\n\nSix people were hurt when a bus left the road near Tarn, police said.\n\n"
            "Of those hurt:\n\nA 12-year-old with a broken arm\n\nA 40-year-old with cuts to the head\n\n"
            "A 40-year-old with cuts to the head\n\nThe road was closed for three hours.\n")
    d = clean(text)
    assert "A 12-year-old with a broken arm" in d.text
    assert d.text.count("A 40-year-old with cuts to the head") == 2  # short list lines may repeat


def test_caption_next_to_credit_and_repeat():
    text = ("Dam inspection ordered\n\n"
            "Engineers will inspect the Varn dam after cracks were found in its north wall last week.\n"
            "KNA/archive\n\n"
            "Engineers will inspect the Varn dam after cracks were found in its north wall last week.\n\n"
            "The ministry said the reservoir level would be lowered as a precaution.\n")
    d = clean(text)
    assert d.text.count("Engineers will inspect the Varn dam") == 1
    assert "KNA/archive" in d.dropped


def test_share_link_and_inline_photo_credit():
    text = ("Snow closes mountain pass\n\nSkiers wait at the foot of the pass (Photo: Tom Reyes, Alpine Herald)\n\n"
            "The Ostri pass was closed on Sunday after heavy snow, the road authority said.\n\n"
            "Read or Share this story: https://example.test/abc123\n")
    d = clean(text)
    assert d.text == "The Ostri pass was closed on Sunday after heavy snow, the road authority said."
    assert len(d.dropped) == 2


def test_trailing_tag_and_reading_widgets():
    text = ("Kestrel mayor resigns\n\n4 min read\n\nBy Lena Ortiz\n\nThe mayor of Kestrel resigned on Monday, "
            "citing health reasons.\n\nAn election will be held in June.\n\nKestrel\n")
    d = clean(text)
    assert d.text.startswith("The mayor of Kestrel resigned")
    assert d.text.endswith("held in June.")
    assert {"4 min read", "By Lena Ortiz", "Kestrel"} <= set(d.dropped)


def test_given_title_and_published_win():
    d = clean("Ferry back in service\n\nThe ferry returned to service on Friday, the company said.\n",
              title="Ferry back in service | Lake Times", published="2030-03-07T10:00:00Z", outlet="Lake Times")
    assert d.title == "Ferry back in service"
    assert d.published == "2030-03-07" and d.published_from == "input"
    assert d.outlet == "Lake Times"
    assert d.text.startswith("The ferry returned")


def test_copyright_year_is_not_the_date():
    d = clean("The council met on Monday and approved the budget, the clerk said.\n\n© 2029 Elm Gazette\n")
    assert d.published is None
    assert d.outlet == "Elm Gazette"


def test_hard_wrapped_lines_are_joined():
    lines = split_lines("The new hospital wing will open in the spring of next year\nafter two years of work, "
                        "officials said.\nIt has 80 beds.\n")
    assert [ln.text for ln in lines] == [
        "The new hospital wing will open in the spring of next year after two years of work, officials said.",
        "It has 80 beds."]


def test_kept_lines_are_not_altered():
    body = "“It’s over,” she said — and left.\u00a0Nothing more."
    d = clean("Short note on a long day\n\n" + body + "\n")
    assert d.text == body


def test_empty_input_is_an_input_error():
    with pytest.raises(InputError):
        clean("   \n\n")
    with pytest.raises(InputError):
        clean("© 2030 Example News. All rights reserved.\n")


@pytest.mark.parametrize("line,kind", [
    ("Copyright 2030 Example Radio. All rights reserved.", "copyright"),
    ("Privacy Policy | Terms of Use | Contact", "policy"),
    ("Sign up for our morning newsletter", "subscribe"),
    ("ADVERTISEMENT", "advert"),
    ("Comments are closed.", "comments"),
    ("Jane Roe/Getty Images", "image credit"),
    ("(AFP)", "credit"),
    ("Reporting by Ana Lim; Editing by Tom Ek", "credit"),
    ("https://example.test/story", "link"),
])
def test_boilerplate_kinds(line, kind):
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize("line", [
    "The mayor said the policy would not change, despite the protests.",
    "Police said the suspect had shared the video on social media before the attack.",
    "Residents were told to subscribe to text alerts, a spokesman said, as the river rose.",
    "A 22-year-old was taken to hospital",
])
def test_body_sentences_are_not_boilerplate(line):
    assert boilerplate_kind(line) is None


HTML = """<!doctype html><html><head>
<title>Tram line extended to the airport | Metro Evening</title>
<meta property="og:site_name" content="Metro Evening">
<meta property="article:published_time" content="2024-06-02T09:00:00Z">
<meta property="article:modified_time" content="2024-06-09T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article><h1>Tram line extended to the airport</h1>
<p>The city's tram line now runs to the airport, after a four-year build that cost 210 million, the transport office said on Monday.</p>
<p>Trams will run every ten minutes from six in the morning, and a single ticket will cost the same as a bus fare.</p>
<p>"This is the link the city has waited for," transport chief Noor Bakri told reporters at the new terminal stop.</p>
</article>
<section class="comments"><h3>Comments</h3><p>Finally! Took them long enough.</p></section>
<footer><p>Copyright 2024 Metro Evening. All rights reserved.</p></footer>
</body></html>"""


@pytest.mark.skipif(importlib.util.find_spec("trafilatura") is None, reason="trafilatura not installed")
def test_html_page():
    d = clean_document(RawDocument(id="h", source="h.html", html=HTML), S)
    assert d.title == "Tram line extended to the airport"
    assert d.outlet == "Metro Evening"
    assert d.published == "2024-06-02"  # the original date, not the modified one
    assert d.published_from == "html"
    assert "four-year build" in d.text and "transport chief Noor Bakri" in d.text
    assert "Took them long enough" not in d.text
    assert "\n\n" in d.text


def test_clean_lines_reports_reasons():
    c = clean_lines("Headline about a harbour\n\nBody sentence about the harbour, officials said.\n\nAdvertisement\n")
    assert [ln.drop for ln in c.lines] == [None, None, "advert"]
    assert c.lines[0].role == "title"


def test_shared_gold_documents_rows(shared_dir):
    """Every `documents` row of the shared gold clusters passes (read at run time)."""
    spec = importlib.util.spec_from_file_location("score_gold", shared_dir / "tools" / "score_gold.py")
    score_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score_gold)
    from storylens.model import to_dict
    from storylens.stages.ingest import ingest

    failed = []
    for gold_path in sorted((shared_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raws = ingest([shared_dir / "corpus" / gold["cluster"]], S).documents
        report = {"documents": [to_dict(clean_document(r, S)) for r in raws]}
        sc = score_gold.Scorer(report, gold)
        sc.documents()
        failed += [f"{gold['cluster']}: {label}" for _, _, ok, label in sc.rows if not ok]
    assert not failed, failed


def test_hard_wrapped_text_with_capitalised_continuations():
    text = ("The regional council approved the new tram budget on Monday after\n"
            "Councillor Hana Ito withdrew her objection to the route through\n"
            "Old Market Square, the council said in a statement released late\n"
            "Monday evening.\n\nWork will start in May.\n")
    d = clean(text)
    assert "after Councillor Hana Ito withdrew" in d.text
    assert "Old Market Square" in d.text and not d.dropped


def test_list_ending_the_story_is_kept():
    text = ("Three schools close for storm\n\nThree schools will stay closed on Monday, the district said.\n\n"
            "The closed schools are:\n\nElm Primary\n\nNorth Ridge High\n\nLake Academy\n")
    d = clean(text)
    assert d.text.endswith("Lake Academy") and "Elm Primary" in d.text


def test_site_name_line_above_headline():
    d = clean("The Orrin Herald\n\nCouncil approves tram budget for next year\n\n"
              "The council approved the tram budget on Monday, the mayor said.\n")
    assert d.title == "Council approves tram budget for next year"
    assert d.outlet == "The Orrin Herald"


def test_update_label_is_not_a_dateline():
    d = clean("UPDATE — The road has reopened, police said on Monday evening.\n")
    assert d.dateline is None


def test_an_update_mark_comes_off_a_line_and_is_kept_as_dropped():
    d = clean("Crane topples onto a warehouse roof\n\n"
              "Update: 3:40 p.m.: Two workers were hurt when the crane fell, the fire service said.\n\n"
              "The site was closed for the rest of the day.\n")
    assert d.text.startswith("Two workers were hurt when the crane fell")
    assert "Update: 3:40 p.m.:" in d.dropped
    first = d.paragraphs[0]
    assert d.text[first[0]:first[1]] == "Two workers were hurt when the crane fell, the fire service said."
    # a mark with no sentence after it, or a sentence that merely starts with the word, stays as it is
    assert clean("Crane topples onto a warehouse roof\n\nUpdated plans for the site were shown to "
                 "residents on Monday evening.\n").text.startswith("Updated plans for the site")


def test_a_short_note_is_kept():
    assert clean("ok line").text == "ok line"
    d = clean("Bridge over the river reopens\n")
    assert d.text == "Bridge over the river reopens"


def test_wire_page_shape():
    text = ("Skip to main content\nWorld\nOrrin floods: thousands evacuated as river bursts banks\n"
            "By Ana Lim and Tom Ek\n3 min read\n"
            "ORRIN, Sept 4 (Reuters) - Thousands of people were evacuated on Wednesday, officials said.\n"
            "The regional governor said 12 people were missing.\n"
            "Reporting by Ana Lim in Orrin; Editing by Tom Ek\n")
    d = clean(text)
    assert d.title == "Orrin floods: thousands evacuated as river bursts banks"
    assert d.outlet == "Reuters" and d.dateline == "ORRIN"
    assert d.text.startswith("ORRIN, Sept 4") and d.text.endswith("missing.")


def test_related_list_and_date_after_standfirst():
    text = ("Orrin floods: thousands evacuated as river bursts banks\n"
            "Governor says 12 people missing after three days of heavy rain\n"
            "Wed 4 Sep 2030 14.23 BST\n"
            "Thousands of people have been evacuated after the Orrin river burst its banks.\n"
            "The regional governor said 12 people were missing.\n"
            "More on this story\nOrrin river levels rise again\nDam warning for valley towns\n")
    d = clean(text)
    assert d.published == "2030-09-04"
    assert "Orrin river levels rise again" in d.dropped and "Dam warning" not in d.text
    assert d.text.endswith("12 people were missing.")


# -- precision on body text ---------------------------------------------------------------------


def test_pasted_markup_in_a_paragraph_is_kept_as_text():
    text = ("Shed fire at the grain market\n\n"
            "A storage shed burned behind the grain market on Sunday, the brigade said. <script>alert(1)</script>\n\n"
            "Witnesses said <img src=x onerror=alert(2)> smoke rose over the stalls for an hour\n\n"
            "<div class=\"ad-slot\"><script>var slot = loadAd(); slot.show();</script></div>\n\n"
            "Nobody was hurt, the brigade said.\n")
    d = clean(text)
    assert "storage shed burned" in d.text and "<script>alert(1)</script>" in d.text
    assert "smoke rose over the stalls" in d.text
    assert "loadAd" not in d.text
    assert any("loadAd" in x for x in d.dropped)
    assert boilerplate_kind("<p>The ferry left at noon, the crew said.</p>") is None
    assert boilerplate_kind("The cast list;") is None


def test_given_title_that_is_the_first_sentence_stays_in_the_body():
    lede = "A goods train left the rails near Holmvik on Friday, the rail operator said."
    d = clean(lede + "\n" + lede + "\nNobody was hurt.\n", title=lede)
    assert d.title == lede
    assert d.text.count(lede) == 1  # kept once: the repeat is a duplicate, not a headline
    d = clean("Goods train derails near Holmvik\n" + lede + "\n", title="Goods train derails near Holmvik")
    assert d.text == lede


def test_sentences_without_a_full_stop_are_not_captions():
    text = ("Two hurt in quarry blast\n\n"
            "Two workers were taken to hospital after a blast at the Derrin quarry, the owner said\n\n"
            "The quarry will stay closed this week while inspectors look for the cause.\n\n"
            "In a statement to staff on Monday evening the quarry owner wrote the following:\n\n"
            "\"We are working with the inspectors to find the cause.\"\n")
    d = clean(text)
    assert "Two workers were taken to hospital" in d.text
    assert "the quarry owner wrote the following:" in d.text
    assert d.dropped == []
    # a picture caption above the dateline still goes
    d = clean("Quarry blast injures two\n\nRescue crews stand beside a damaged truck at the entrance of the quarry "
              "near Derrin\n\nDERRIN (Valley Wire) — Two workers were hurt in a blast on Monday, the owner said.\n")
    assert any(x.startswith("Rescue crews stand") for x in d.dropped)


def test_web_addresses_in_sentences_and_prompts():
    assert boilerplate_kind("Investigators said the malware was served from files.example.net/a.js.") is None
    assert boilerplate_kind("Follow the council on its blog at blog.example.org/council.") == "link"
    assert boilerplate_kind("http: / / www. example. com / 2031 / 05 / harbour - crane - falls . html") == "link"
    d = clean("http: / / www. example. com / 2031 / 05 / harbour - crane - falls\n"
              "Harbour crane falls onto empty quay\n"
              "A crane fell onto an empty quay at the Osterby harbour on Tuesday, the port said.\n")
    assert d.title == "Harbour crane falls onto empty quay"
    assert d.text.startswith("A crane fell")


def test_date_printed_on_the_headline_line():
    d = clean("Library reopens after flood repairs posted March 3, 2031 at 9:15 am\n\n"
              "The Brackwater library reopened on Monday after flood repairs, the council said.\n")
    assert d.title == "Library reopens after flood repairs"
    d = clean("Library reopens after flood repairs on March 3, 2031\n\n"
              "The Brackwater library reopened on Monday after flood repairs, the council said.\n",
              title="Library reopens after flood repairs")
    assert d.text.startswith("The Brackwater library") and len(d.dropped) == 0


def test_first_published_line_is_a_date_line():
    d = clean("Library reopens after flood repairs\n\nFirst published: March 3, 2031\n\n"
              "The Brackwater library reopened on Monday after flood repairs, the council said.\n")
    assert d.published == "2031-03-03"


# -- a body that never mentions its headline -------------------------------------------------

WALL = ("Welcome, reader. Please log in to continue.\n\n"
        "Create a free profile to keep reading our coverage, and manage your newsletters.\n\n"
        "Forgot your password? We can email you a reset link.")


def test_a_body_that_never_mentions_its_given_headline_is_rejected_with_its_reason():
    from storylens.stages.clean import OFF_HEADLINE

    with pytest.raises(InputError) as e:
        clean(WALL, title="Tram derails near Quillon market, injuring four")
    assert str(e.value.reason).startswith(OFF_HEADLINE)
    # one shared content word ("derailed" / "derails" by their first letters) is enough
    doc = clean("The tram derailed just after nine. Four riders were hurt, officials said.",
                title="Tram derails near Quillon market, injuring four")
    assert "derailed" in doc.text


def test_the_headline_check_spares_labels_dates_and_printed_headlines():
    # a short label or a page's date is not a headline to check the body against
    assert clean(WALL, title="Latest news").text.startswith("Welcome")
    assert clean(WALL, title="Updated Tuesday, March 3, 2031").text.startswith("Welcome")
    # a headline printed in the text heads that text: its body is the report, whatever it says
    text = "Quillon council sets budget vote\n\nMembers argued for an hour before adjourning at dusk."
    assert "adjourning" in clean(text, title="Quillon council sets budget vote").text
