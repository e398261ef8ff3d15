"""Ingest: every input ends up as a document or in ``skipped`` with its reason."""
from __future__ import annotations

import io
import json

import pytest

from storylens.config import Settings
from storylens.errors import InputError, InputNotFound
from storylens.stages.ingest import decode_bytes, ingest, read_stream

S = Settings()


def _one(tmp_path, name, data: bytes, settings=S):
    p = tmp_path / name
    p.write_bytes(data)
    return ingest([p], settings)


def test_text_file_id_is_stem(tmp_path):
    got = _one(tmp_path, "report-7.txt", b"A body line.\n")
    assert [d.id for d in got.documents] == ["report-7"]
    assert got.documents[0].text == "A body line.\n"
    assert got.skipped == []


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n\t\n", "empty"),
    ("nul.txt", b"abc\x00\x01\x02def" * 10, "binary"),
    ("ctrl.txt", bytes(range(1, 9)) * 50, "binary"),
    ("pic.png", b"\x89PNG\r\n", "unsupported"),
])
def test_bad_files_are_skipped_with_reason(tmp_path, name, data, reason):
    got = _one(tmp_path, name, data)
    assert got.documents == []
    assert len(got.skipped) == 1 and reason in got.skipped[0].reason
    assert got.skipped[0].input.endswith(name)


def test_oversized_file_is_skipped(tmp_path):
    got = _one(tmp_path, "big.txt", b"word " * 100, Settings(max_file_bytes=100))
    assert got.documents == [] and "too large" in got.skipped[0].reason


def test_encodings(tmp_path):
    text = "Café in São Paulo — “quoted”"
    for enc, data in [("utf-8-sig", text.encode("utf-8-sig")), ("utf-16", text.encode("utf-16")),
                      ("cp1252", "Café au lait déjà vu, naïve façade.".encode("cp1252"))]:
        got = _one(tmp_path, f"{enc}.txt", data)
        assert got.documents, enc
        body = got.documents[0].text
        assert "\ufeff" not in body
        assert "Caf" in body and "é" in body, (enc, body)


def test_undecodable_bom(tmp_path):
    with pytest.raises(InputError):
        decode_bytes(b"\xef\xbb\xbf\xff\xfe\xfa")


def test_jsonl_good_bad_and_blank_lines(tmp_path):
    lines = [json.dumps({"id": "a1", "text": "First article.", "outlet": "Daily Example", "published": "2024-05-01"}),
             "", "{not json", json.dumps({"id": "a2", "title": "no body"}), json.dumps([1, 2]),
             json.dumps({"html": "<p>Second article.</p>"}), json.dumps({"text": "   "})]
    got = _one(tmp_path, "feed.jsonl", "\n".join(lines).encode())
    assert [d.id for d in got.documents] == ["a1", "feed-6"]
    assert got.documents[0].outlet == "Daily Example" and got.documents[0].published == "2024-05-01"
    assert got.documents[1].html == "<p>Second article.</p>"
    by_line = {s.line: s.reason for s in got.skipped}
    assert set(by_line) == {3, 4, 5, 7}
    assert by_line[3].startswith("malformed JSON")
    assert "text" in by_line[4] and "object" in by_line[5] and "empty" in by_line[7]


def test_records_under_other_field_names(tmp_path):
    """Field names of common news datasets (news-please, NewsAPI, CC-News) are read too."""
    lines = [json.dumps({"article_id": 7, "headline": "H1", "maintext": "Body one.", "date_publish": "2024-05-01 10:00:00",
                         "source_domain": "example.org"}),
             json.dumps({"guid": "g2", "content": "Body two.", "source": {"id": None, "name": "Daily Example"},
                         "publishedAt": "2024-05-02T08:00:00Z", "link": "https://example.org/2"}),
             json.dumps({"body": ["Para one.", "Para two."], "timestamp": 1714550400}),
             json.dumps({"text": "Body four.", "published": "2024-05-04", "date": "1999-01-01", "body": "other"})]
    got = _one(tmp_path, "feed.jsonl", "\n".join(lines).encode())
    a, b, c, d = got.documents
    assert (a.id, a.title, a.text, a.outlet, a.published) == ("7", "H1", "Body one.", "example.org", "2024-05-01 10:00:00")
    assert (b.id, b.outlet, b.published, b.url) == ("g2", "Daily Example", "2024-05-02T08:00:00Z", "https://example.org/2")
    assert c.text == "Para one.\n\nPara two." and c.published == "2024-05-01T08:00:00+00:00"
    assert (d.text, d.published) == ("Body four.", "2024-05-04")  # the storylens names come first
    assert not got.skipped


def test_directory_walk_is_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("Bee.")
    (tmp_path / "a.md").write_text("Ay.")
    (tmp_path / ".hidden.txt").write_text("secret")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.html").write_text("<p>See.</p>")
    got = ingest([tmp_path], S)
    assert [d.id for d in got.documents] == ["a", "b", "c"]
    assert got.documents[2].html


def test_missing_path_raises():
    with pytest.raises(InputNotFound):
        ingest(["/definitely/not/here.txt"], S)


def test_stdin_text_and_jsonl():
    got = list(read_stream(io.BytesIO(b"Plain text from a pipe."), S))
    assert got[0].id == "stdin" and got[0].text.startswith("Plain")
    got = list(read_stream(io.BytesIO(b'{"id": "x", "text": "one"}\n{"id": "y", "text": "two"}\n'), S))
    assert [d.id for d in got] == ["x", "y"]
