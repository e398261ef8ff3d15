"""Every route of the web app through the ASGI test client, errors and limits included.

The analysis function is replaced by a fast stand-in where the pipeline is not the point, so
these tests exercise the app itself; one test runs the real pipeline end to end.
"""
from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from storylens.model import BriefSentence, Document, Report
from storylens.store.sqlite import Store
from storylens.web import Limits, create_app
from webwait import wait_done

TEXT_A = "A barn fire near Hollin Ford destroyed hay on Friday. Four crews fought the fire."
TEXT_B = "Hay was lost when a barn burned near Hollin Ford on Friday, the fire service said."
HOSTILE = ("<script>document.title='pwned'</script> A barn <img src=x onerror=alert(1)> burned. "
           "<a href=\"javascript:alert(2)\">link</a> " + "y" * 5000)


def fake_analyse(raws, skipped, settings):  # type: ignore[no-untyped-def]
    docs = [Document(id=r.id, title=r.title, outlet=None, origin=None, published=None, dateline=None,
                     text=r.text or r.html or "") for r in raws]
    return Report(documents=docs, skipped=list(skipped),
                  brief=[BriefSentence(docs[0].text.split(".")[0] + ".", [docs[0].id], "single")])


@pytest.fixture()
def client(tmp_path):
    app = create_app(tmp_path, analyse=fake_analyse, limits=Limits(max_file_bytes=20_000, max_request_bytes=100_000,
                                                                      max_documents=5))
    with TestClient(app) as c:
        yield c


def submit(client: TestClient, texts: list[str], **kw) -> str:  # type: ignore[no-untyped-def]
    r = client.post("/events.json", json={"title": kw.get("title"), "documents": [{"text": t} for t in texts]})
    assert r.status_code == 202, r.text
    return r.json()["id"]


def test_pages_and_json_twins(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "<form" in r.text and 'name="files"' in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert client.get("/index.json").json()["limits"]["max_documents"] == 5
    assert client.get("/", headers={"accept": "application/json"}).json()["fields"]
    assert client.get("/events").status_code == 200
    assert client.get("/events.json").json() == {"query": "", "page": 1, "per_page": 20, "total": 0,
                                                 "total_events": 0, "events": [], "matches": []}
    h = client.get("/health.json").json()
    assert h["status"] == "ok" and h["store"] is True
    assert client.get("/health").status_code == 200


def test_form_upload_and_paste_then_report_and_downloads(client: TestClient) -> None:
    files = [("files", ("a one.txt", TEXT_A.encode(), "text/plain")),
             ("files", ("b.jsonl", b'{"id": "b", "text": "' + TEXT_B.encode() + b'"}\n{bad json\n', "application/x-ndjson"))]
    r = client.post("/events", files=files, data={"title": "Barn fire", "text": ["Pasted report about hay.", ""],
                                                  "text_title": ["Pasted", ""]}, follow_redirects=False)
    assert r.status_code == 303
    eid = r.headers["location"].rsplit("/", 1)[1]
    j = wait_done(client, eid)
    assert j["event"]["status"] == "done" and j["event"]["title"] == "Barn fire"
    rep = j["report"]
    assert [d["id"] for d in rep["documents"]] == ["a-one", "b", "text1"]
    assert rep["documents"][2]["title"] == "Pasted"
    assert rep["skipped"] and rep["skipped"][0]["line"] == 2
    page = client.get(f"/events/{eid}")
    assert page.status_code == 200 and "Brief" in page.text and "Barn fire" in page.text
    assert "content-security-policy" in page.headers
    for fmt, media in (("json", "application/json"), ("md", "text/markdown"), ("html", "text/html")):
        d = client.get(f"/events/{eid}/report.{fmt}")
        assert d.status_code == 200 and d.headers["content-type"].startswith(media)
        assert "attachment" in d.headers["content-disposition"]
    assert Report.from_json(client.get(f"/events/{eid}/report.json").text).documents[0].id == "a-one"
    listing = client.get("/events.json?q=hollin").json()
    assert listing["total"] == 1 and listing["events"][0]["id"] == eid
    assert {m["doc_id"] for m in listing["matches"]} == {"a-one", "b"}
    assert client.get("/events.json?q=nowhere").json()["total"] == 0
    assert "Matching passages" in client.get("/events?q=hollin").text


def test_errors_have_one_shape(client: TestClient) -> None:
    def shape(r, status: int, code: str | None = None) -> None:  # type: ignore[no-untyped-def]
        assert r.status_code == status, r.text
        err = r.json()["error"]
        assert set(err) == {"status", "code", "message"} and err["status"] == status and err["message"]
        if code:
            assert err["code"] == code

    shape(client.get("/events/nope.json"), 404, "not_found")
    shape(client.get("/events/nope", headers={"accept": "application/json"}), 404)
    shape(client.get("/no/such/page.json"), 404)
    shape(client.get("/events/..%2F..%2Fetc%2Fpasswd.json"), 404)
    shape(client.get("/events/abc/report.exe", headers={"accept": "application/json"}), 404)
    shape(client.get("/events.json?page=x"), 400, "bad_request")
    shape(client.post("/events.json", json={"documents": []}), 400, "no_documents")
    shape(client.post("/events.json", json={"nope": 1}), 400, "bad_request")
    shape(client.post("/events.json", content=b"{not json", headers={"content-type": "application/json"}), 400, "bad_json")
    shape(client.post("/events.json", content=b"x", headers={"content-type": "text/plain"}), 415)
    shape(client.post("/events.json", json={"documents": [{"text": "   "}]}), 400, "bad_document")
    shape(client.delete("/events.json"), 405)
    shape(client.get("/events/abc/report.json"), 404, "not_found")
    # an HTML client gets an HTML error page with the same status
    r = client.get("/events/nope", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<h1>Error 404</h1>" in r.text


def test_limits(client: TestClient) -> None:
    big = "word " * 5000  # 25 kB > 20 kB per file
    r = client.post("/events.json", json={"documents": [{"text": big}]})
    assert r.status_code == 413 and r.json()["error"]["code"] == "file_too_large"
    r = client.post("/events", files=[("files", ("big.txt", big.encode(), "text/plain"))],
                    headers={"accept": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "file_too_large"
    r = client.post("/events.json", json={"documents": [{"text": "a b c"}] * 6})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_documents"
    r = client.post("/events.json", content=b"x" * 150_000, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    r = client.post("/events", files=[("files", ("x.exe", b"MZ", "application/octet-stream"))],
                    headers={"accept": "application/json"})
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_file"
    r = client.post("/events", files=[("files", ("bin.txt", b"\x00\x01\x02" * 10, "text/plain"))],
                    headers={"accept": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_file"
    # the file name never reaches the file system: only a safe id is kept
    eid = client.post("/events", files=[("files", ("../../etc/passwd.txt", TEXT_A.encode(), "text/plain"))],
                      headers={"accept": "application/json"}).json()["id"]
    assert wait_done(client, eid)["report"]["documents"][0]["id"] == "passwd"


def test_hostile_text_is_escaped_in_the_app(client: TestClient) -> None:
    eid = submit(client, [HOSTILE, TEXT_A], title="<script>alert('t')</script>")
    wait_done(client, eid)
    for path in (f"/events/{eid}", "/events", "/", f"/events/{eid}/report.html"):
        html = client.get(path).text
        assert "<script>document.title" not in html and "<img src=x" not in html
        assert "<script>alert('t')</script>" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;document.title" in client.get(f"/events/{eid}").text


def test_full_queue_answers_503_with_retry_after(tmp_path) -> None:
    gate = threading.Event()

    def slow(raws, skipped, settings):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return fake_analyse(raws, skipped, settings)

    app = create_app(tmp_path, analyse=slow, queue_size=2, retry_after=7)
    with TestClient(app) as c:
        codes = [c.post("/events.json", json={"documents": [{"text": f"{TEXT_A} {i}"}]}).status_code for i in range(3)]
        time.sleep(0.2)  # the worker takes the first one; two may wait
        codes += [c.post("/events.json", json={"documents": [{"text": f"{TEXT_A} {i}"}]}).status_code
                  for i in range(3, 6)]
        r = c.post("/events.json", json={"documents": [{"text": f"{TEXT_A} 6"}]})
        assert r.status_code == 503 and r.headers["retry-after"] == "7"
        assert r.json()["error"]["code"] == "busy"
        assert codes.count(202) == 3 and 503 in codes
        gate.set()
        accepted = [e["id"] for e in c.get("/events.json").json()["events"]]
        assert len(accepted) == 3
        for eid in accepted:
            assert wait_done(c, eid)["event"]["status"] == "done"


def test_unfinished_events_resume_after_restart(tmp_path) -> None:
    store = Store(tmp_path)
    from dataclasses import asdict

    from storylens.model import RawDocument

    eid = store.create_pending({"documents": [asdict(RawDocument(id="a", source="t", text=TEXT_A))],  # type: ignore[arg-type]
                                "skipped": []}, title="left over", source="web")
    store.set_status(eid, "running")
    store.close()
    with TestClient(create_app(tmp_path, analyse=fake_analyse)) as c:
        j = wait_done(c, eid)
        assert j["event"]["status"] == "done" and j["report"]["documents"][0]["text"] == TEXT_A


def test_failed_analysis_is_reported(tmp_path) -> None:
    def boom(raws, skipped, settings):  # type: ignore[no-untyped-def]
        raise RuntimeError("stage exploded")

    with TestClient(create_app(tmp_path, analyse=boom)) as c:
        eid = submit(c, [TEXT_A])
        j = wait_done(c, eid)
        assert j["event"]["status"] == "failed" and "stage exploded" in j["event"]["error"]
        assert "The analysis failed" in c.get(f"/events/{eid}").text
        r = c.get(f"/events/{eid}/report.json")
        assert r.status_code == 409 and r.json()["error"]["code"] == "not_ready"
        assert c.get("/health.json").json()["status"] == "ok"


def test_pending_page_refreshes(tmp_path) -> None:
    gate = threading.Event()

    def slow(raws, skipped, settings):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return fake_analyse(raws, skipped, settings)

    with TestClient(create_app(tmp_path, analyse=slow)) as c:
        eid = submit(c, [TEXT_A])
        page = c.get(f"/events/{eid}")
        assert 'http-equiv="refresh"' in page.text and "Analysing" in page.text
        gate.set()
        wait_done(c, eid)


def test_corpus_store_is_listed(tmp_path) -> None:
    store = Store(tmp_path)
    store.add_event(fake_analyse([type("R", (), {"id": "c1", "title": "T", "text": TEXT_B, "html": None})()], [], None),
                    title="from corpus", source="corpus")
    store.close()
    with TestClient(create_app(tmp_path, analyse=fake_analyse)) as c:
        events = c.get("/events.json").json()["events"]
        assert [e["title"] for e in events] == ["from corpus"]


@pytest.mark.slow
def test_real_pipeline_end_to_end(tmp_path) -> None:
    with TestClient(create_app(tmp_path)) as c:
        eid = submit(c, [TEXT_A, TEXT_B, "Crews from Hollin Ford fought a barn fire on Friday, officials said."])
        j = wait_done(c, eid, timeout=240)
        assert j["event"]["status"] == "done", j["event"]
        assert len(j["report"]["documents"]) == 3 and j["report"]["brief"]


def test_one_bad_file_keeps_the_good_ones_and_names_the_bad(client: TestClient) -> None:
    files = [("files", ("good.txt", TEXT_A.encode(), "text/plain")),
             ("files", ("huge report.txt", b"word " * 5000, "text/plain")),
             ("files", ("tool.exe", b"MZ", "application/octet-stream"))]
    r = client.post("/events.json", files=files, data={"text": ["x " * 12_000]})
    assert r.status_code == 202, r.text
    answer = r.json()
    assert answer["documents"] == 1
    reasons = {s["input"]: s["reason"] for s in answer["skipped"]}
    assert set(reasons) == {"huge report.txt", "tool.exe", "pasted text 1"}
    assert "huge report.txt is 25 kB, over the limit of 20 kB per file" in reasons["huge report.txt"]
    assert "unsupported file type (.exe)" in reasons["tool.exe"]
    assert reasons["pasted text 1"].startswith("Pasted text 1 is 24 kB")
    j = wait_done(client, answer["id"])
    assert [d["id"] for d in j["report"]["documents"]] == ["good"]
    assert {s["input"] for s in j["report"]["skipped"]} == set(reasons)
    page = client.get(f"/events/{answer['id']}").text
    assert "could not be analysed" in page and "huge report.txt" in page
    # alone, a bad input is refused with its own status and a message naming it
    r = client.post("/events", data={"text": ["x " * 12_000]}, headers={"accept": "text/html"})
    assert r.status_code == 413 and "Pasted text 1 is 24 kB" in r.text and "Part exceeded" not in r.text


def test_waiting_page_counts_the_reports(tmp_path) -> None:
    gate = threading.Event()

    def slow(raws, skipped, settings):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return fake_analyse(raws, skipped, settings)

    with TestClient(create_app(tmp_path, analyse=slow)) as c:
        for n in (1, 3, 5):
            eid = submit(c, [f"{TEXT_A} {n}-{i}" for i in range(n)])
            page = c.get(f"/events/{eid}").text
            assert f"Analysing {n} report{'s' if n > 1 else ''}…" in page
            assert c.get(f"/events/{eid}.json").json()["event"]["n_documents"] == n
        gate.set()


def test_duplicate_submission_leads_to_the_existing_event(client: TestClient) -> None:
    first = submit(client, [TEXT_A, TEXT_B], title="Barn fire")
    wait_done(client, first)
    r = client.post("/events.json", json={"title": "Again", "documents": [{"text": TEXT_A}, {"text": TEXT_B}]})
    assert r.status_code == 200 and r.json()["id"] == first and r.json()["duplicate"] is True
    files = [("files", ("a.txt", TEXT_A.encode(), "text/plain"))]
    one = client.post("/events", files=files, follow_redirects=False)
    again = client.post("/events", files=files, follow_redirects=False)
    assert one.status_code == again.status_code == 303
    assert again.headers["location"].startswith(one.headers["location"] + "?")
    wait_done(client, one.headers["location"].rsplit("/", 1)[1])
    page = client.get(again.headers["location"]).text
    assert "submitted before" in page
    assert client.get("/events.json").json()["total"] == 2


def test_search_says_what_it_found(client: TestClient) -> None:
    assert "No events yet" in client.get("/events").text
    eid = submit(client, [TEXT_A, TEXT_B], title="Barn fire at Hollin Ford")
    wait_done(client, eid)
    page = client.get("/events?q=nowhere").text
    assert "No event matches “nowhere”" in page and "No events yet" not in page and "1 event in all" in page
    page = client.get("/events?q=hay").text
    assert "Matching passages" in page
    assert f'href="/events/{eid}#d1"' in page and f'href="/events/{eid}#d2"' in page  # links to the passage
    assert "Barn fire at Hollin Ford" in page  # the event each passage comes from
    assert "<mark>hay</mark>" in page.lower()  # the search term highlighted
    j = client.get("/events.json?q=hay").json()
    assert {m["event_title"] for m in j["matches"]} == {"Barn fire at Hollin Ford"}
    assert all(m["url"].startswith(f"/events/{eid}#d") for m in j["matches"])


def test_body_over_the_limit_gets_a_page_for_browsers(client: TestClient) -> None:
    r = client.post("/events", content=b"x" * 150_000,
                    headers={"content-type": "multipart/form-data; boundary=zz", "accept": "text/html"})
    assert r.status_code == 413 and "<h1>Error 413</h1>" in r.text and "150 kB in all" in r.text


def test_every_page_escapes_hostile_text(client: TestClient) -> None:
    bad = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    eid = submit(client, [HOSTILE, TEXT_A], title=bad)
    wait_done(client, eid)
    pages = [f"/events/{eid}", "/events", "/", f"/events?q={bad}", "/events?q=barn", f"/events/{eid}?duplicate=1",
             "/health", "/events/none-such", f"/events/{eid}/report.html"]
    for path in pages:
        html = client.get(path, headers={"accept": "text/html"}).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<script>document" not in html, path
    r = client.post("/events", files=[("files", (bad + ".exe", b"MZ", "application/octet-stream"))],
                    headers={"accept": "text/html"})
    assert r.status_code == 415 and "<img src=x" not in r.text and "&lt;img src=x" in r.text
