"""Web inputs against a local HTTP server on 127.0.0.1 (never the internet): pages, feeds,
sitemaps, failures with their status, robots.txt, redirects, timeouts, retries, politeness,
the disk cache, and the CLI's URL, @FILE, --feed/--sitemap/--urls and --cache options."""
from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner
from webfixture import Site

from storylens import analyze
from storylens.cli import EXIT_SKIPPED, app
from storylens.config import load_settings
from storylens.fetch import Fetcher, WebSource, doc_id_from_url, feed_links, sitemap_links

runner = CliRunner()


def web_settings(**kw):  # type: ignore[no-untyped-def]
    base = dict(private_addresses=True, fetch_delay=0.01, fetch_timeout=0.5, fetch_retries=1,
                fetch_backoff=0.05, embeddings=False, user_agent="storylens-test/1.0")
    base.update(kw)
    return load_settings(env={}, **base)


@pytest.fixture()
def site():
    with Site() as s:
        yield s


def test_page_fetched_with_user_agent_and_analysed(site):
    rep = analyze([site.url("/news/a1.html"), site.url("/news/a2.html")], web_settings())
    assert [d.id for d in rep.documents] == ["a1", "a2"]
    assert rep.documents[0].url == site.url("/news/a1.html")
    assert rep.documents[0].outlet == "Valley Gazette"
    uas = {ua for p, ua, _ in site.log if p.startswith("/news/")}
    assert uas == {"storylens-test/1.0"}
    assert site.hits("/robots.txt") == 1  # read once per host


def test_failed_fetches_listed_with_status_or_error(site):
    t0 = time.monotonic()
    rep = analyze([site.url("/news/a1.html"), site.url("/missing"), site.url("/broken"), site.url("/slow")],
                  web_settings())
    assert time.monotonic() - t0 < 10
    by_input = {s.input: s for s in rep.skipped}
    assert by_input[site.url("/missing")].status == 404
    assert "HTTP 404" in by_input[site.url("/missing")].reason
    assert by_input[site.url("/broken")].status == 500
    assert site.hits("/broken") == 2  # one retry (fetch_retries = 1)
    assert "timed out" in by_input[site.url("/slow")].reason
    assert all(s.stage == "fetch" for s in rep.skipped)
    assert [d.id for d in rep.documents] == ["a1"]
    assert rep.to_dict()["skipped"][0].get("status") in (404, 500, None)


def test_redirect_is_followed(site):
    rep = analyze([site.url("/moved")], web_settings())
    assert rep.documents[0].url == site.url("/news/a8.html")


def test_robots_txt_disallowed_path_is_never_requested(site):
    rep = analyze([site.url("/private/secret.html"), site.url("/news/a1.html")], web_settings())
    assert rep.skipped[0].reason == "disallowed by robots.txt"
    assert site.hits("/private/secret.html") == 0
    # robots off: fetched
    rep = analyze([site.url("/private/secret.html")], web_settings(robots=False))
    assert len(rep.documents) == 1 and site.hits("/private/secret.html") == 1


def test_private_addresses_blocked_by_default(site):
    got = Fetcher(web_settings(private_addresses=False, robots=False)).fetch(site.url("/news/a1.html"))
    assert not got.ok and "non-public address" in (got.error or "")
    assert site.hits("/news/a1.html") == 0


def test_feed_and_sitemap_urls_stand_for_their_articles(site):
    rep = analyze([site.url("/feed.xml")], web_settings())
    assert [d.id for d in rep.documents] == ["a1", "a2", "a3"]
    rep = analyze([site.url("/sitemap.xml"), site.url("/atom.xml")], web_settings())
    assert sorted(d.id for d in rep.documents) == ["a4", "a5", "a6", "a7"]


def test_feed_and_sitemap_parsing():
    rss = ('<?xml version="1.0"?><rss><channel><link>https://news.example.org/</link>'
           '<item><link>https://news.example.org/a/one</link></item><item><link>/a/two</link></item>'
           '<item><link>https://news.example.org/a/one</link></item></channel></rss>')
    assert feed_links(rss, "https://news.example.org/feed") == ["https://news.example.org/a/one",
                                                                 "https://news.example.org/a/two"]
    sm = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          '<url><loc>https://news.example.org/b/1</loc></url></urlset>')
    assert sitemap_links(sm, "https://news.example.org/sitemap.xml") == (["https://news.example.org/b/1"], [])
    assert sitemap_links("https://news.example.org/c/1\nnot a url\n", "") == (["https://news.example.org/c/1"], [])
    assert doc_id_from_url("https://x.example/news/2024/storm-hits.html") == "storm-hits"
    assert doc_id_from_url("https://x.example/") == "x.example"


def test_cache_serves_pages_without_the_network(site, tmp_path):
    s = web_settings(cache_dir=str(tmp_path / "cache"))
    first = Fetcher(s).fetch_many([site.url("/news/a1.html"), site.url("/missing")])
    assert first[0].ok and not first[0].from_cache and not first[1].ok
    n = len(site.log)
    again = Fetcher(s).fetch(site.url("/news/a1.html"))
    assert again.ok and again.from_cache and again.data == first[0].data
    assert len(site.log) == n  # no request at all, robots.txt included
    assert not Fetcher(s).fetch(site.url("/missing")).from_cache  # failures are not cached


def test_forty_pages_four_at_a_time_with_politeness(site):
    s = web_settings(fetch_workers=4, fetch_delay=0.04)
    urls = [site.url(f"/news/a{i}.html") for i in range(1, 41)]
    t0 = time.monotonic()
    got = Fetcher(s).fetch_many(urls)
    assert time.monotonic() - t0 < 30
    assert [g.url for g in got] == urls and all(g.ok and g.status == 200 for g in got)
    times = sorted(t for p, _, t in site.log)
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    # one host: requests spaced by fetch_delay (as seen by the server, give or take network jitter)
    assert gaps[len(gaps) // 2] >= 0.035 and times[-1] - times[0] >= 40 * 0.04 * 0.9
    assert site.hits("/robots.txt") == 1


def test_two_hosts_are_fetched_at_once():
    with Site(slow_seconds=1.0) as one, Site(slow_seconds=1.0) as two:
        s = web_settings(fetch_workers=4, fetch_delay=0.0, fetch_timeout=5.0)
        t0 = time.monotonic()
        got = Fetcher(s).fetch_many([one.url("/slow"), two.url("/slow")])
        assert all(g.ok for g in got)
        assert time.monotonic() - t0 < 1.8  # one after the other would take 2 s
        assert one.max_in_flight == 1 and two.max_in_flight == 1


def test_feed_links_over_the_limit_are_listed(site):
    rep = analyze([site.url("/feed.xml")], web_settings(max_documents=2))
    assert [d.id for d in rep.documents] == ["a1", "a2"]
    assert [s.input for s in rep.skipped] == [site.url("/news/a3.html")] and "limit" in rep.skipped[0].reason


def test_german_page_is_skipped_with_its_language(site):
    rep = analyze([site.url("/news/a1.html"), site.url("/de/sturm.html")], web_settings())
    sk = [s for s in rep.skipped if s.input.endswith("/de/sturm.html")]
    assert sk and sk[0].language == "de" and sk[0].stage == "language"
    assert rep.to_dict()["skipped"][0]["language"] == "de"


def test_cli_analyze_urls_file_and_local_feed(site, tmp_path, monkeypatch):
    for k, v in {"PRIVATE_ADDRESSES": "true", "FETCH_DELAY": "0.01", "FETCH_TIMEOUT": "0.5",
                 "FETCH_RETRIES": "0", "EMBEDDINGS": "false"}.items():
        monkeypatch.setenv(f"STORYLENS_{k}", v)
    lst = tmp_path / "urls.txt"
    lst.write_text(f"# reports\n{site.url('/news/a1.html')}\n\n{site.url('/missing')}\n")
    out = tmp_path / "r.json"
    r = runner.invoke(app, ["analyze", f"@{lst}", "-o", str(out), "-q", "--cache", str(tmp_path / "c")])
    assert r.exit_code == EXIT_SKIPPED, r.output
    data = json.loads(out.read_text())
    assert [d["id"] for d in data["documents"]] == ["a1"]
    assert data["skipped"][0]["status"] == 404
    assert any((tmp_path / "c").rglob("*.body"))
    rss = tmp_path / "feed.rss"
    rss.write_text(f'<?xml version="1.0"?><rss><channel><item><link>{site.url("/news/a2.html")}</link></item>'
                   f'<item><link>{site.url("/news/a3.html")}</link></item></channel></rss>')
    r = runner.invoke(app, ["analyze", str(rss), "-q"])
    assert r.exit_code == 0, r.output
    assert [d["id"] for d in json.loads(r.stdout)["documents"]] == ["a2", "a3"]


def test_web_source_snapshot_for_corpus(site, tmp_path):
    from storylens.corpus.readers import iter_articles, snapshot_web

    lst = tmp_path / "urls.txt"
    lst.write_text(site.url("/news/a9.html") + "\n" + site.url("/missing") + "\n")
    s = web_settings()
    path = snapshot_web(tmp_path / "out", s, feeds=[site.url("/feed.xml")], sitemaps=[site.url("/sitemap.xml")],
                        url_files=[lst])
    items = list(iter_articles([path], s))
    ids = [getattr(x, "id", None) for x in items]
    assert ids[:5] == ["a1", "a2", "a3", "a6", "a7"] and "a9" in ids
    skipped = [x for x in items if not hasattr(x, "id")]
    assert len(skipped) == 1 and "HTTP 404" in skipped[0].reason
    n = len(site.log)
    assert snapshot_web(tmp_path / "out", s, feeds=[site.url("/feed.xml")], sitemaps=[site.url("/sitemap.xml")],
                        url_files=[lst]) == path
    assert len(site.log) == n  # the same sources again: the snapshot is reused (resumable runs)


def test_web_source_reports_bad_feed(site):
    web = WebSource(web_settings())
    links, skipped = web.expand_feed(site.url("/missing"))
    assert links == [] and skipped[0].status == 404
    links, skipped = web.expand_feed(site.url("/news/a1.html"))
    assert links == [] and "no article links" in skipped[0].reason


def test_cli_corpus_from_feed_and_url_list_resumes_without_refetching(site, tmp_path, monkeypatch):
    for k, v in {"PRIVATE_ADDRESSES": "true", "FETCH_DELAY": "0.01", "FETCH_TIMEOUT": "0.5",
                 "FETCH_RETRIES": "0", "EMBEDDINGS": "false"}.items():
        monkeypatch.setenv(f"STORYLENS_{k}", v)
    lst = tmp_path / "urls.txt"
    lst.write_text(site.url("/news/a9.html") + "\n" + site.url("/missing") + "\n")
    out = tmp_path / "out"
    args = ["corpus", "--feed", site.url("/feed.xml"), "--urls", str(lst), "--cache", str(tmp_path / "c"),
            "--out", str(out), "--workers", "1", "-q"]
    r = runner.invoke(app, args)
    assert r.exit_code == EXIT_SKIPPED, r.output
    from storylens.store.sqlite import Store

    with Store(out) as st:
        arts = st.articles()
    assert sorted(a["doc_id"] for a in arts if a["status"] != "skipped") == ["a1", "a2", "a3", "a9"]
    (bad,) = [a for a in arts if a["status"] == "skipped"]
    assert "HTTP 404" in bad["reason"]
    n = len(site.log)
    r = runner.invoke(app, args[:5] + ["--out", str(out), "--workers", "1", "-q"])  # again, without --cache
    assert r.exit_code == EXIT_SKIPPED, r.output
    assert len(site.log) == n  # the pages kept in OUT/inputs are used


def test_robots_crawl_delay_spaces_requests_more():
    with Site(robots="User-agent: *\nCrawl-delay: 1\n") as site:
        t0 = time.monotonic()
        got = Fetcher(web_settings(fetch_delay=0.01)).fetch_many([site.url(f"/news/a{i}.html") for i in (1, 2, 3)])
        assert all(g.ok for g in got)
        assert time.monotonic() - t0 >= 2.0  # robots.txt first, then pages one second apart
