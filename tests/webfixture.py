"""A local HTTP server for tests of web inputs: 127.0.0.1 only, started and stopped by the test.

Serves invented article pages (/news/a1.html ... /news/a40.html), a German page, an RSS feed,
an Atom feed, a sitemap index with one sitemap, a 404, a 500, a redirect, a slow page and a
robots.txt that disallows /private/. Every request is logged with its User-Agent and time.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOWNS = ["Millbrook", "Ashford Vale", "Corran", "Eastwick Bay", "Holloway"]


def article_html(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return f"""<!doctype html><html><head><title>Storm damage report {i} - Valley Gazette</title>
<meta property="og:site_name" content="Valley Gazette"></head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<article><h1>Storm damage report {i}</h1>
<p>{town.upper()} — A storm brought down {i + 3} trees across {town} on Tuesday night, and
{i + 10} homes lost power for several hours, the regional utility said on Wednesday.</p>
<p>Crews worked through the night to clear the roads, a council spokeswoman said, adding that
the main bridge into {town} would stay closed until engineers had checked it.</p>
<p>"We have never seen wind like this in the valley," said resident Dana Whitlow, whose garden
wall collapsed in the storm.</p>
</article><footer>© 2024 Valley Gazette. All rights reserved.</footer></body></html>"""


GERMAN = """<!doctype html><html><head><title>Sturmschäden im Tal</title></head><body><article>
<h1>Sturmschäden im Tal</h1>
<p>Ein Sturm hat in der Nacht zum Mittwoch zahlreiche Bäume entwurzelt, und in vielen Häusern fiel
für mehrere Stunden der Strom aus, teilte der Versorger am Mittwoch mit.</p>
<p>Die Einsatzkräfte arbeiteten die ganze Nacht, um die Straßen zu räumen, sagte eine Sprecherin der
Gemeinde. Die Brücke bleibt gesperrt, bis Ingenieure sie geprüft haben.</p>
</article></body></html>"""


class Site:
    """The server and what it saw."""

    def __init__(self, slow_seconds: float = 3.0, robots: str = "User-agent: *\nDisallow: /private/\n"):
        self.robots = robots
        self.log: list[tuple[str, str, float]] = []  # (path, user agent, monotonic time)
        self.lock = threading.Lock()
        self.slow_seconds = slow_seconds
        self.in_flight = 0
        self.max_in_flight = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                # Pages in flight at once. robots.txt is left out: the client reads it before the
                # host's pages, and this thread's bookkeeping after its reply is sent can overlap
                # the next request on a loaded machine.
                page = self.path != "/robots.txt"
                with site.lock:
                    site.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
                    site.in_flight += page
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                try:
                    site.respond(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with site.lock:
                        site.in_flight -= page

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _, _ in self.log if p == path)

    def respond(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.send(h, 200, self.robots, "text/plain")
        if path.startswith("/news/a") and path.endswith(".html"):
            try:
                i = int(path[len("/news/a"):-len(".html")])
            except ValueError:
                i = 0
            if 1 <= i <= 40:
                return self.send(h, 200, article_html(i), "text/html; charset=utf-8")
        if path == "/de/sturm.html":
            return self.send(h, 200, GERMAN, "text/html; charset=utf-8")
        if path == "/private/secret.html":
            return self.send(h, 200, article_html(1), "text/html")
        if path == "/feed.xml":
            items = "".join(f"<item><title>Report {i}</title><link>{self.base}/news/a{i}.html</link></item>"
                            for i in (1, 2, 3))
            return self.send(h, 200, f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Gazette'
                                     f'</title><link>{self.base}/</link>{items}</channel></rss>',
                             "application/rss+xml")
        if path == "/atom.xml":
            entries = "".join(f'<entry><title>Report {i}</title><link href="/news/a{i}.html"/></entry>'
                              for i in (4, 5))
            return self.send(h, 200, f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                                     f'<title>Valley Gazette</title><link href="{self.base}/" rel="alternate"/>'
                                     f'{entries}</feed>', "application/atom+xml")
        if path == "/sitemap.xml":
            return self.send(h, 200, '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/'
                                     f'schemas/sitemap/0.9"><sitemap><loc>{self.base}/sitemap-news.xml</loc>'
                                     '</sitemap></sitemapindex>', "application/xml")
        if path == "/sitemap-news.xml":
            urls = "".join(f"<url><loc>{self.base}/news/a{i}.html</loc></url>" for i in (6, 7))
            return self.send(h, 200, '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                     f'sitemap/0.9">{urls}</urlset>', "application/xml")
        if path == "/moved":
            h.send_response(302)
            h.send_header("Location", "/news/a8.html")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/broken":
            return self.send(h, 500, "server error", "text/plain")
        if path == "/slow":
            time.sleep(self.slow_seconds)
            return self.send(h, 200, article_html(9), "text/html")
        return self.send(h, 404, "not found", "text/plain")

    @staticmethod
    def send(h: BaseHTTPRequestHandler, status: int, body: str, ctype: str) -> None:
        data = body.encode("utf-8")
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
