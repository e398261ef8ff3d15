"""In a real browser (Playwright driving Debian's chromium): upload the bundled example, wait for
the report, check the brief and the claims table, save screenshots; and check that hostile
article text shows as text and runs no script, in the web app and in the HTML report file.

Skipped, with the reason, where chromium or Playwright is not installed (``make test`` installs
chromium through the ``browser`` target where it can).
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-fire"

HOSTILE = ("A storage shed burned behind the Vell Street market on Sunday, the fire brigade said. "
           "<script>window.__pwned = 'script'; document.title = 'pwned'</script>\n\n"
           "Witnesses said <img src=x onerror=\"window.__pwned='img'\"> smoke rose over the market. "
           "<a href=\"javascript:window.__pwned='link'\">read more</a> "
           "<svg onload=\"window.__pwned='svg'\"></svg> " + "z" * 4000 + "\n\n"
           "Nobody was hurt, the brigade said.")
SAFE = "A storage shed burned behind the Vell Street market on Sunday. Nobody was hurt, officials said."


def _playwright():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium is not installed (Debian package 'chromium'; `make browser` installs it as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Playwright Python package is not installed (pip install -e '.[dev]')")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The real app, real pipeline, on 127.0.0.1 in a background thread."""
    _playwright()
    import uvicorn

    from storylens.config import load_settings
    from storylens.web import create_app

    port = _free_port()
    app = create_app(tmp_path_factory.mktemp("store"), load_settings(embeddings=False))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    end = time.time() + 30
    while not srv.started and time.time() < end:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(10)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_playwright = _playwright()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []

    def on_dialog(d):  # type: ignore[no-untyped-def]
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _wait_report(page, timeout: float = 180) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("section#brief", timeout=timeout * 1000)


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="the bundled example examples/harbour-fire is missing")
def test_upload_example_and_read_report(server, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import urllib.request

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.screenshot(path=str(tmp_path / "new-event.png"), full_page=True)
    files = sorted(str(p) for p in EXAMPLE.iterdir() if p.is_file() and not p.name.startswith("."))
    page.set_input_files("#files", files)
    page.fill("#title", "Bundled example")
    page.click("button[type=submit]")
    _wait_report(page)
    assert "/events/ev" in page.url
    brief_items = page.locator("section#brief ol.brief li")
    assert brief_items.count() >= 1
    assert page.locator("section#claims").count() == 1
    eid = page.url.rstrip("/").rsplit("/", 1)[1]
    with urllib.request.urlopen(f"{server}/events/{eid}.json") as r:
        report = json.load(r)["report"]
    if report["claim_groups"]:
        assert page.locator("section#claims table.claims tbody tr").count() == len(report["claim_groups"])
        # a claims cell links to its highlighted span in the report text
        href = page.locator("section#claims td.cell a").first.get_attribute("href")
        assert page.locator(href.replace("#", "#", 1)).count() == 1
    assert brief_items.count() == len(report["brief"])
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.goto(server + "/events")
    assert page.locator(f'a[href="/events/{eid}"]').count() == 1
    page.screenshot(path=str(tmp_path / "events.png"), full_page=True)
    page.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_hostile_text_runs_no_script_in_app(server, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs = _watch(page)
    page.goto(server + "/")
    page.fill("#title", "<script>window.__pwned='title'</script>")
    page.fill("#tx0", HOSTILE)
    page.fill("#tx1", SAFE)
    page.click("button[type=submit]")
    _wait_report(page)
    # the markup shows as text: in the report's text, or in its folded dropped lines
    body = page.evaluate("document.querySelector('section#reports').textContent")
    assert "onerror=" in body and "javascript:" in body
    assert page.locator("section#reports img, section#reports svg, section#reports script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.title() != "pwned" and not dialogs
    # no link in the page points at javascript:
    assert page.evaluate("Array.from(document.querySelectorAll('a')).filter(a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript')).length") == 0
    page.screenshot(path=str(tmp_path / "hostile-app.png"), full_page=False)
    page.goto(server + "/events")
    assert page.evaluate("window.__pwned") is None and not dialogs
    page.close()


def test_hostile_text_runs_no_script_in_html_file(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storylens.model import Document, Report
    from storylens.render.html import render_html
    from storylens.stages.brief import build_brief

    docs = [Document(id="hostile", title="<img src=x onerror=\"window.__pwned='t'\">", outlet="<b>x</b>",
                     origin=None, published=None, dateline=None, text=HOSTILE),
            Document(id="safe", title="Shed fire", outlet=None, origin=None, published=None, dateline=None, text=SAFE)]
    report = Report(documents=docs, brief=build_brief(docs))
    path = tmp_path / "hostile.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs = _watch(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("section#reports")
    assert "<script>window.__pwned = 'script'" in page.evaluate("document.querySelector('section#reports').textContent")
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert all(u.startswith("file:") for u in requests), requests  # no network request
    # the navigation script works (it is allowed by its hash): clicking a citation scrolls to the report
    page.click("section#brief .cite a >> nth=0")
    assert page.evaluate("location.hash").startswith("#d")
    page.screenshot(path=str(tmp_path / "hostile-file.png"), full_page=False)
    page.close()
