"""Page furniture in plain text and HTML: one invented page per kind; every dropped line is
kept in ``Document.dropped`` and the story's sentences stay."""
from __future__ import annotations

import importlib.util

import pytest

from storylens.config import Settings
from storylens.model import RawDocument
from storylens.stages import clean as C
from storylens.stages.clean import boilerplate_kind, clean_document, is_widget_line

S = Settings()

STORY = ("A cargo barge struck the Linden Street bridge over the Vell River on Tuesday morning, the county said.\n\n"
         "Traffic was stopped in both directions while engineers checked the bridge's supports.\n\n"
         "The barge's owner said the pilot had lost steering in a strong current.")


def clean(text: str, html: bool = False):
    raw = RawDocument(id="t", source="t.html" if html else "t.txt", **({"html": text} if html else {"text": text}))
    return clean_document(raw, S)


def assert_dropped(doc, line: str) -> None:
    assert line not in doc.text
    assert any(line in d for d in doc.dropped), doc.dropped


def assert_story_kept(doc) -> None:
    for sent in STORY.split("\n\n"):
        assert sent in doc.text


@pytest.mark.parametrize("line", [
    "1 of 12 Full Screen Autoplay Close Skip Ad",
    "Now Playing Next Video Share Embed",
    "Email Facebook Twitter WhatsApp",
])
def test_video_player_and_share_widgets(line: str) -> None:
    doc = clean(f"Barge hits river bridge\n\n{line}\n\n{STORY}\n\n{line}")
    assert_dropped(doc, line)
    assert_story_kept(doc)


def test_widget_words_inside_a_sentence_are_text() -> None:
    assert not is_widget_line("Close the gallery doors at six, the guard told the staff.")
    assert not is_widget_line("The video shows the barge drifting under the bridge.")


@pytest.mark.parametrize("line", [
    "Sign up for our morning newsletter and get the day's news in your inbox",
    "Watch the full series tonight at 9 p.m. on River Channel",
    "Text BARGE to 5555 to sign up for breaking news alerts",
])
def test_promos_and_newsletter_lines(line: str) -> None:
    doc = clean(f"Barge hits river bridge\n\n{STORY}\n\n{line}\n\nEngineers will inspect the bridge again on Friday.")
    assert_dropped(doc, line)
    assert_story_kept(doc)


@pytest.mark.parametrize("line", [
    "Updated 7:41 a.m. ET",
    "Updated: 4:05 PM CST Mar 9, 2031",
    "Posted at 10:30 p.m. on Friday",
    "Updated to include a statement from the county.",
])
def test_updated_and_timestamp_lines(line: str) -> None:
    doc = clean(f"Barge hits river bridge\n\n{line}\n\n{STORY}")
    assert_dropped(doc, line)
    assert_story_kept(doc)


@pytest.mark.parametrize("line", [
    "FILE - In this March 2, 2030 file photo, a tug pushes a barge under the Linden Street bridge.",
    "In this photo provided by the county, engineers inspect a bridge pier on Tuesday.",
    "Workers look at the damaged pier of the bridge. (Photo: Vell County)",
])
def test_captions(line: str) -> None:
    doc = clean(f"Barge hits river bridge\n\n{STORY}\n\n{line}\n\nEngineers will inspect the bridge again on Friday.")
    assert_dropped(doc, line)
    assert_story_kept(doc)


def test_video_playlist_items() -> None:
    lines = ["2:14 Crews lift a fallen crane near the harbour", "0:58 Mayor opens new ferry terminal"]
    doc = clean("Barge hits river bridge\n\n" + STORY + "\n\n" + "\n\n".join(lines))
    for line in lines:
        assert_dropped(doc, line)
    assert_story_kept(doc)


def test_lines_one_site_repeats_under_unrelated_events(monkeypatch) -> None:
    line = "Stay with Vell Valley Nine for the stories that matter to you"
    key = C.furniture_key(line)
    assert key is not None and C.furniture_key(line.upper().replace("Nine", "Nine ")) == key
    monkeypatch.setattr(C, "furniture_keys", lambda: frozenset({key}))
    assert boilerplate_kind(line) == "repeated across unrelated reports"
    doc = clean(f"Barge hits river bridge\n\n{STORY}\n\n{line}")
    assert_dropped(doc, line)
    assert_story_kept(doc)


def test_shipped_list_is_hashes_only() -> None:
    keys = C.furniture_keys()
    assert keys and all(len(k) == 16 and all(c in "0123456789abcdef" for c in k) for k in keys)


@pytest.mark.skipif(importlib.util.find_spec("trafilatura") is None, reason="trafilatura missing")
def test_furniture_in_html() -> None:
    paras = "".join(f"<p>{p}</p>" for p in STORY.split("\n\n"))
    html = ("<html><head><title>Barge hits river bridge</title></head><body><article>"
            "<h1>Barge hits river bridge</h1><p>Updated 7:41 a.m. ET</p>"
            "<p>1 of 12 Full Screen Autoplay Close Skip Ad</p>" + paras +
            "<p>Sign up for our morning newsletter and get the day's news in your inbox</p>"
            "</article></body></html>")
    doc = clean(html, html=True)
    assert_story_kept(doc)
    for line in ("Updated 7:41 a.m. ET", "1 of 12 Full Screen Autoplay Close Skip Ad",
                 "Sign up for our morning newsletter"):
        assert line not in doc.text
