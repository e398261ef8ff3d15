"""The HTML report: self-contained, every section present, all text escaped, spans linked."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from storylens.model import (BriefSentence, Citation, Claim, ClaimGroup, Document, Entity, Framing, Mention,
                             OriginGroup, Passage, Quote, QuoteGroup, Report, Reuse, Skipped, TimelineItem)
from storylens.render.html import CSP, SCRIPT, SCRIPT_HASH, render_html

T1 = ("PORT ELLA — A ferry ran aground off Port Ella on Monday with 140 passengers aboard. "
      "Captain Rhea Moss said: \"We hit the sandbar in fog.\" No one was hurt, the coast guard said.")
T2 = ("A ferry ran aground off Port Ella on Monday carrying 152 passengers, the Ella Courier reports. "
      "\"We hit the sandbar in the fog,\" Captain Moss said. The ferry was towed on Tuesday.")
HOSTILE = ("<script>window.__pwned = 1</script> A ferry <img src=x onerror=\"window.__pwned=2\"> ran aground. "
           "<a href=\"javascript:window.__pwned=3\">click</a> " + "x" * 3000 + " end.")


def find(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def rich_report(extra_text: str | None = None) -> Report:
    """A small report with every section filled, built by hand from invented texts."""
    docs = [Document(id="ella-wire", title="Ferry aground off Port Ella", outlet="Ella Wire", origin=None,
                     published="2032-03-01", dateline="PORT ELLA", text=T1, dropped=["Subscribe now", "Share this"]),
            Document(id="courier/2", title="Passengers safe after grounding", outlet="Ella Courier", origin=None,
                     published="2032-03-02", dateline=None, text=T2)]
    if extra_text is not None:
        docs.append(Document(id="hostile", title="<b>Hostile</b> \"title\"", outlet="<i>Bad</i>", origin=None,
                             published=None, dateline=None, text=extra_text, dropped=["<script>x()</script>"]))
    c1 = Claim("ella-wire", *find(T1, "140 passengers"), "140 passengers", 140, "passenger")
    c2 = Claim("courier/2", *find(T2, "152 passengers"), "152 passengers", 152, "passenger")
    groups = [ClaimGroup("g1", "passengers aboard", "disagree", 140, "passenger", None, [c1, c2], 2,
                         "140 vs 152: the reports differ")]
    q1 = Quote("ella-wire", *find(T1, "We hit the sandbar in fog."), "We hit the sandbar in fog.", speaker="Rhea Moss")
    q2 = Quote("courier/2", *find(T2, "We hit the sandbar in the fog,"), "We hit the sandbar in the fog,",
               speaker="Rhea Moss")
    quotes = [QuoteGroup("q1", "Rhea Moss", [q1, q2], ["in fog -> in the fog"])]
    ents = [Entity("e1", "Port Ella", "GPE", [Mention("ella-wire", *find(T1, "Port Ella"), "Port Ella"),
                                              Mention("courier/2", *find(T2, "Port Ella"), "Port Ella")])]
    if extra_text is not None:
        s, e = find(extra_text, "ran aground")
        groups.append(ClaimGroup("g2", "<script>topic</script>", "single", 1, None, None,
                                 [Claim("hostile", s, e, extra_text[s:e], 1)], 1, "<img src=y onerror=alert(1)>"))
    return Report(
        documents=docs, entities=ents, claim_groups=groups, quote_groups=quotes,
        reuse=[Reuse(["ella-wire", "courier/2"], "quotation", None,
                     [Passage("ella-wire", q1.start, q1.end, q1.text), Passage("courier/2", q2.start, q2.end, q2.text)])],
        citations=[Citation("courier/2", "Ella Courier", "the Ella Courier reports"),
                   Citation("ella-wire", "coast guard", "the coast guard said")],
        framing=[Framing("Rhea Moss", {"ella-wire": {"Captain Rhea Moss": 1}, "courier/2": {"Captain Moss": 1}})],
        timeline=[TimelineItem("2032-03-01", "day", "ella-wire", "ran aground on Monday", status="agree",
                               docs=["courier/2"]),
                  TimelineItem("2032-03-02", "day", "courier/2", "towed on Tuesday", status="single")],
        brief=[BriefSentence("A ferry ran aground off Port Ella on Monday.", ["ella-wire", "courier/2"], "agree"),
               BriefSentence("Reports differ on passengers aboard: Ella Wire says “140 passengers”; "
                             "Ella Courier says “152 passengers”.", ["ella-wire", "courier/2"], "disagree")],
        origins=[OriginGroup("o1", ["ella-wire"]), OriginGroup("o2", ["courier/2"])],
        skipped=[Skipped("notes.pdf", "unsupported file type <pdf>")],
    )


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        self._in_script = tag == "script"

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._in_script = False


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def test_all_sections_and_links_resolve() -> None:
    html = render_html(rich_report())
    p = parse(html)
    for sid in ("brief", "claims", "timeline", "graph", "terms", "quotes", "reports", "skipped"):
        assert sid in p.ids, sid
    hrefs = [a["href"] for t, a in p.tags if t == "a" and a.get("href", "").startswith("#")]
    assert hrefs and all(h[1:] in p.ids for h in hrefs), [h for h in hrefs if h[1:] not in p.ids]
    # the claim cells link to highlighted spans in the text
    assert any(h.startswith("#d1-c0-") for h in hrefs) and any(h.startswith("#d2-q0-") for h in hrefs)
    assert "<svg" in html and "140 passengers" in html and "Subscribe now" in html
    assert "<details><summary>2 line(s) dropped" in html


def test_self_contained_and_csp() -> None:
    html = render_html(rich_report())
    p = parse(html)
    for tag, a in p.tags:
        for attr in ("src", "href", "action"):
            v = a.get(attr)
            assert v is None or v.startswith("#"), (tag, attr, v)
        assert not any(k.startswith("on") for k in a), (tag, a)
    assert "@import" not in html and "url(http" not in html
    assert p.scripts == [SCRIPT]
    assert f"script-src '{SCRIPT_HASH}'" in CSP and "default-src 'none'" in CSP
    assert "unsafe-inline" not in CSP.split("script-src")[1].split(";")[0]


def test_hostile_text_is_escaped() -> None:
    html = render_html(rich_report(HOSTILE))
    p = parse(html)
    assert [t for t, _ in p.tags].count("script") == 1  # only ours
    assert not any(t == "img" for t, _ in p.tags)
    assert not any(k.startswith("on") for _, a in p.tags for k in a)
    assert not any("javascript:" in (a.get("href") or "") for _, a in p.tags)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;b&gt;Hostile&lt;/b&gt;" in html and "&lt;img src=y onerror=alert(1)&gt;" in html
    assert "x" * 3000 in html  # long line kept (wrapped by CSS)


def test_overlapping_spans_render_once() -> None:
    rep = rich_report()
    html = render_html(rep)
    body = html[html.index('id="d1"'):html.index('id="d2"')]
    plain = re.sub(r"<[^>]+>", "", body[body.index('<div class="text">'):body.index("</div>", body.index('<div class="text">'))])
    import html as h

    assert h.unescape(plain.replace('<div class="text">', "")) == T1


def test_empty_report() -> None:
    html = render_html(Report())
    assert "No brief could be written" in html and "No report was analysed" in html


def _graph_part(html: str) -> str:
    start = html.index('id="graph"')
    return html[start:html.index("</section>", start)]


def test_graph_draws_outlets_and_lists_generic_sources() -> None:
    rep = rich_report()
    cites = [Citation("courier/2", "the Ella Wire", "the Ella Wire reported", kind="reported"),
             Citation("courier/2", "Harbour Press Agency", "Harbour Press Agency said", kind="said"),
             Citation("ella-wire", "coast guard", "the coast guard said", kind="said"),
             Citation("courier/2", "coast guard", "the coast guard said", kind="said"),
             Citation("ella-wire", "Rhea Moss", "We hit the sandbar in fog.", kind="quote"),
             Citation("ella-wire", "Ella Wire", "PORT ELLA (Ella Wire) —", kind="credit")]
    docs = [rep.documents[0], Document(**{**rep.documents[1].__dict__, "origin": "Bay News Service"})]
    rep = Report(**{**rep.__dict__, "citations": cites, "documents": docs})
    graph = _graph_part(render_html(rep))
    svg = graph[graph.index("<svg"):graph.index("</svg>")]
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # reports, the outlet a report reproduces, the agency one cites; not speakers or officials
    assert sorted(labels) == sorted(["Ella Wire", "Ella Courier", "Bay News Service", "Harbour Press Agency"]), labels
    assert "coast guard" not in svg and "Rhea Moss" not in svg
    assert "cites Ella Wire" in svg  # a citation of another report's outlet joins the two reports
    table = graph[graph.index("Other sources the reports cite"):]
    assert "coast guard" in table and "Rhea Moss" in table
    row = table[table.index("coast guard"):table.index("</tr>", table.index("coast guard"))]
    assert "#d1" in row and "#d2" in row and ">2<" in row


def _section(html: str, sid: str) -> str:
    start = html.index(f'id="{sid}"')
    return html[start:html.index("</section>", start)]


def _doc(i: int, outlet: str | None, text: str = "Text.", origin: str | None = None) -> Document:
    return Document(id=f"{i:03d}_f{i}e9", title=f"Headline {i}", outlet=outlet, origin=origin,
                    published="2032-03-02", dateline=None, text=text)


def test_reports_are_named_by_outlet_never_by_file_id() -> None:
    docs = [_doc(1, "Ella Wire"), _doc(2, None), _doc(3, "Ella Wire")]
    docs[2] = Document(**{**docs[2].__dict__, "published": "2032-03-03"})
    c = [Claim(d.id, 0, 4, "Text", 5 + i, "boat") for i, d in enumerate(docs)]
    rep = Report(documents=docs, claim_groups=[ClaimGroup("g1", "boats", "disagree", 5, "boat", None, c, 3,
                                                          f"5 in {docs[0].id}; 6 in {docs[1].id}; 7 in {docs[2].id}")],
                 brief=[BriefSentence("Boats sank.", [d.id for d in docs], "agree")])
    html = render_html(rep)
    visible = re.sub(r"<[^>]+>", " ", html)
    for d in docs:
        assert d.id not in visible, d.id
    assert "Ella Wire (2 Mar)" in html and "Ella Wire (3 Mar)" in html and "“Headline 2”" in html
    assert "5 in Ella Wire (2 Mar); 6 in “Headline 2”" in html


def test_figures_one_row_per_quantity_with_spread_and_earlier_list() -> None:
    docs = [_doc(i, f"Outlet {chr(65 + i)} News") for i in range(14)]
    claims = [Claim(d.id, 0, 4, "Text", 12 if i < 9 else 14, "person") for i, d in enumerate(docs)]
    old = [Claim(d.id, 0, 4, "Text", 800, "person", scope="background") for d in docs[:3]]
    groups = [ClaimGroup("g1", "people hurt", "evolving", 14, "person", None, claims, 14, "rose during the day"),
              ClaimGroup("g2", "people moved in an earlier flood", "agree", 800, "person", "background", old, 3, "")]
    html = render_html(Report(documents=docs, claim_groups=groups))
    claims_html = _section(html, "claims")
    table, earlier = claims_html.split("Earlier events", 1)
    assert table.count('<tr class="group') == 1 and earlier.count('<tr class="group') == 1
    assert "14 people" in table and "badge st-evolving" in table and ">evolving<" in table
    spread = re.sub(r"<[^>]+>", "", table[table.index('class="spread"'):table.index("</td>", table.index('class="spread"'))])
    assert "12 (9 reports)" in spread and "14 (5 reports)" in spread and "each report (14)" in spread
    assert "800" in earlier and "800" not in table
    assert table.count('class="claim"') == 14  # each report's words, linked to its sentence


def test_timeline_axis_covers_the_event_and_lists_earlier_mentions() -> None:
    docs = [_doc(1, "Ella Wire"), _doc(2, "Bay Post")]
    tl = [TimelineItem("2032-03-01", "day", docs[0].id, "The ferry ran aground."),
          TimelineItem("2032-03-02", "day", docs[1].id, "The ferry was towed."),
          TimelineItem("2032-03", "month", docs[1].id, "Storms through March."),
          TimelineItem("2019", "year", docs[0].id, "A ferry sank here in 2019."),
          TimelineItem("2011-06-05", "day", docs[1].id, "The pier was built.")]
    html = render_html(Report(documents=docs, timeline=tl))
    part = _section(html, "timeline")
    svg = part[part.index("<svg"):part.index("</svg>")]
    labels = re.findall(r'<text class="tl-label"[^>]*>([^<]*)</text>', svg)
    assert "1 Mar" in labels and "2 Mar" in labels
    assert not any("2019" in x or "2011" in x or "Jan" in x for x in labels), labels
    assert "Mar 2032" in svg and "<rect" in svg  # the month drawn as a span
    earlier = part[part.index("<h3>Earlier</h3>"):]
    assert "2019" in earlier and "5 Jun 2011" in earlier and "A ferry sank here" in earlier


def test_timeline_labels_never_overlap() -> None:
    from storylens.render.html import _label_width, place_labels

    xs = [(40 + 9 * i, f"{i + 1} Apr") for i in range(60)]
    placed = place_labels(xs, 900)
    assert 5 < len(placed) < 60
    for r in (0, 1):
        row = sorted((x, t) for x, rr, t in placed if rr == r)
        for (x1, t1), (x2, t2) in zip(row, row[1:]):
            assert x2 - _label_width(t2) / 2 >= x1 + _label_width(t1) / 2, (t1, t2)


def test_graph_draws_an_origin_once_and_an_agency_once() -> None:
    docs = [_doc(1, "Ella Wire", origin="Associated Press"), _doc(2, "Bay Post", origin="AP"),
            _doc(3, "Hill FM", origin="The Associated Press"), _doc(4, "Cove Courier")]
    cites = [Citation(docs[3].id, "Associated Press", "the Associated Press reported", kind="reported"),
             Citation(docs[3].id, "AP", "(AP)", kind="credit")]
    origins = [OriginGroup("o1", [d.id for d in docs[:3]], f"{docs[0].id} and {docs[1].id} share copied text"),
               OriginGroup("o2", [docs[3].id])]
    reuse = [Reuse([docs[0].id, docs[1].id], "copied", None, [])]
    html = render_html(Report(documents=docs, citations=cites, origins=origins, reuse=reuse))
    graph = _section(html, "graph")
    svg = graph[graph.index("<svg"):graph.index("</svg>")]
    labels = re.findall(r'<text class="g-label"[^>]*>([^<]*)</text>', svg)
    assert sorted(labels) == ["AP story · 3 reports", "Cove Courier"], labels
    assert 'href="#origin-o1"' in svg and 'id="origin-o1"' in graph  # the node opens to its members
    assert "Ella Wire and Bay Post share copied text" in graph


def test_graph_lists_origins_above_a_dozen_nodes() -> None:
    docs = [_doc(i, f"Paper {chr(65 + i)} Times") for i in range(16)]
    cites = [Citation(d.id, f"Radio {chr(65 + i)} News", f"Radio {chr(65 + i)} News reported", kind="reported")
             for i, d in enumerate(docs)]
    html = render_html(Report(documents=docs, citations=cites, origins=[OriginGroup(f"o{i}", [d.id]) for i, d in enumerate(docs)]))
    graph = _section(html, "graph")
    assert "<svg" not in graph and 'class="stack origins"' in graph
    assert graph.count("<tr>") >= 16 and "Radio A News" in graph


def test_graph_edges_do_not_run_through_other_nodes() -> None:
    from storylens.render.html import _box_crossings, _ring_layout

    docs = [_doc(i, f"Paper {chr(65 + i)} News of the Valley") for i in range(8)]
    names = [f"Paper {chr(65 + i)} News of the Valley" for i in range(8)]
    # as given, the second and fourth reports sit either side of the third on the ring
    pairs = [(names[1], names[3]), (names[5], names[7])]
    given, _, _ = _ring_layout(names, {n: n for n in names})
    assert _box_crossings(given, pairs) > 0
    reuse = [Reuse([docs[1].id, docs[3].id], "copied", None, []), Reuse([docs[5].id, docs[7].id], "quotation", None, [])]
    html = render_html(Report(documents=docs, reuse=reuse, origins=[OriginGroup(f"o{i}", [d.id]) for i, d in enumerate(docs)]))
    svg = _section(html, "graph")
    svg = svg[svg.index("<svg"):svg.index("</svg>")]
    boxes = {}
    for x, y, w, h, text in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="16">'
                                       r'<title>([^<]*)</title>', svg):
        boxes[text] = (float(x) + float(w) / 2, float(y) + float(h) / 2, float(w), float(h), text)
    assert len(boxes) == 8
    assert _box_crossings(boxes, pairs) == 0
