"""In a real browser (Playwright driving Debian's chromium): upload the bundled example, wait for
the report, check the brief and the figures; check the layout of the report for the example and
for a 50-report event built from invented texts, at a phone's width (390 px) and a desktop's
(1,400 px): no horizontal overflow, no table wider than its card, no overlapping labels in the
graph or the timeline, no file id in the visible text, every section, no console error; save
the first screen of each (to $STORYLENS_SCREENSHOTS when set); and check that hostile article
text shows as text and runs no script, in the web app and in the HTML report file.

Skipped, with the reason, where chromium or Playwright is not installed (``make test`` installs
chromium through the ``browser`` target where it can).
"""
from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-fire"
WIDTHS = (390, 1400)
SECTIONS = ("brief", "claims", "timeline", "graph", "terms", "quotes", "reports")

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


def _shots_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("STORYLENS_SCREENSHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def _console_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


OVERFLOW_JS = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) out.push('page ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const el of document.querySelectorAll('table, svg, pre, nav, header, .text, .cite, .legend')) {
    const card = el.parentElement && el.parentElement.closest('section.card, .card, body');
    const r = el.getBoundingClientRect(), c = card.getBoundingClientRect();
    if (r.width > 0 && r.right > c.right + 1) out.push(el.tagName + (el.className ? '.' + el.className : '') +
      ' in ' + (card.id || card.tagName) + ': ' + Math.round(r.right) + ' > ' + Math.round(c.right));
  }
  return out;
}"""

OVERLAP_JS = """(sel) => {
  const els = Array.from(document.querySelectorAll(sel)).map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width > 0 && r.height > 0);
  const bad = [];
  for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
    const a = els[i][1], b = els[j][1];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
      bad.push(els[i][0].textContent + ' / ' + els[j][0].textContent);
  }
  return {n: els.length, bad: bad};
}"""

PROSE_JS = """(ids) => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  const parts = [document.querySelector('header'), document.querySelector('nav')]
    .concat(Array.from(document.querySelectorAll('section.card')).filter(s => s.id !== 'skipped'));
  const text = parts.filter(Boolean).map(p => p.innerText).join('\\n');
  return ids.filter(i => text.includes(i));
}"""


def check_layout(browser, url: str, doc_ids: list[str], shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """The report at ``url`` at each width: no overflow, labels apart, no file id shown, every
    section, no console error; the first screen saved as ``{name}-{width}.png``."""
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors = _console_errors(page)
        page.goto(url)
        page.wait_for_selector("section#reports")
        for sid in SECTIONS:
            assert page.locator(f"section#{sid} h2").count() == 1, (name, width, sid)
        page.screenshot(path=str(shots / f"{name}-{width}.png"))
        assert page.evaluate(OVERFLOW_JS) == [], (name, width)
        for sel in ("svg.graph text", "svg.graph rect", "svg.timeline text"):
            got = page.evaluate(OVERLAP_JS, sel)
            assert got["bad"] == [], (name, width, sel, got["bad"][:5])
        assert page.evaluate(PROSE_JS, doc_ids) == [], (name, width)
        # with every fold open, still nothing wider than the page or its card
        assert page.evaluate(OVERFLOW_JS) == [], (name, width, "details open")
        assert errors == [], (name, width, errors)
        page.close()


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
        assert page.locator("section#claims table.claims tr.group").count() == len(report["claim_groups"])
        # a figure's per-report list links to the highlighted span in the report text
        page.locator("section#claims details.per summary").first.click()
        link = page.locator("section#claims ul.per a.claim").first
        href = link.get_attribute("href")
        assert page.locator(href).count() == 1
        link.click()
        assert page.evaluate("location.hash") == href
    assert brief_items.count() == len(report["brief"])
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.goto(server + "/events")
    assert page.locator(f'a[href="/events/{eid}"]').count() == 1
    page.screenshot(path=str(tmp_path / "events.png"), full_page=True)
    page.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000
    shots = _shots_dir(tmp_path)
    check_layout(browser, f"{server}/events/{eid}", [d["id"] for d in report["documents"]], shots, "example")
    # the app's own pages fit a phone too
    for path in ("/", "/events", "/events?q=warehouse", f"/events/{eid}.none"):
        page = browser.new_page(viewport={"width": 390, "height": 900})
        errors = _console_errors(page)
        page.goto(server + path)
        assert page.evaluate(OVERFLOW_JS) == [], path
        assert [e for e in errors if "404" not in e] == [], (path, errors)
        page.close()


@pytest.mark.slow
def test_large_event_layout(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 50-report event from invented texts, through the pipeline, rendered to one HTML file."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from large_event import large_event

    from storylens.api import analyze
    from storylens.config import load_settings
    from storylens.render.html import render_html

    report = analyze(large_event(), load_settings(embeddings=False))
    assert len(report.documents) == 50
    path = tmp_path / "large.html"
    path.write_text(render_html(report), encoding="utf-8")
    check_layout(browser, path.as_uri(), [d.id for d in report.documents], _shots_dir(tmp_path), "large")


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
