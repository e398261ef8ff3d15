"""Corpus mode: readers, deduplication, event clustering, the index, resuming after a kill.

The articles are fictional, written for these tests: four events, two of them shootings
in the same town on the same day (interleaved in the stream), plus copies and bad lines.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.corpus import CorpusSettings, run_corpus
from storylens.corpus.readers import iter_articles, write_warc
from storylens.model import RawDocument, Report, Skipped

from join_models import one_feature_merge_model, one_feature_model, one_feature_split_model
from webwait import wait_done

FIRE = [
    ("Fire guts Brookvale paint warehouse",
     "A fire destroyed a paint warehouse on Quarry Road in Brookvale on Monday morning, injuring three "
     "workers, fire chief Dana Whitlow said.\nThe blaze broke out shortly after 9 a.m. and took four hours "
     "to control. Whitlow said the cause was not yet known."),
    ("Three workers hurt in Brookvale warehouse blaze",
     "Three workers were taken to hospital after flames swept through a warehouse storing paint on Quarry "
     "Road in Brookvale on Monday, according to fire chief Dana Whitlow.\nNeighbours described thick black "
     "smoke over the industrial estate."),
    ("Brookvale warehouse fire under investigation",
     "Investigators are examining the Quarry Road warehouse in Brookvale where Monday's fire injured three "
     "workers. Fire chief Dana Whitlow said crews kept the flames from reaching a fuel depot next door.\n"
     "The owner said the building was insured."),
]
SHOOT_A = [
    ("Man shot dead on Alder Street in Port Linden",
     "A 34-year-old man, Marcus Tell, was shot dead on Alder Street in Port Linden late on Tuesday, police "
     "spokeswoman Ruth Okafor said.\nOfficers found Tell near a bus stop. No arrest has been made."),
    ("Police name Alder Street shooting victim",
     "Port Linden police named the man killed on Alder Street on Tuesday night as Marcus Tell, 34. "
     "Spokeswoman Ruth Okafor said detectives were looking for a grey sedan seen leaving the area.\n"
     "Tell worked at a local bakery."),
    ("Alder Street killing: police seek grey sedan",
     "Detectives investigating the death of Marcus Tell, who was shot on Alder Street on Tuesday, asked "
     "witnesses to come forward, Ruth Okafor of the Port Linden police said.\nTell's family described him "
     "as a devoted father."),
]
SHOOT_B = [
    ("Woman wounded in Harmon Avenue shooting",
     "A woman was wounded when shots were fired outside a restaurant on Harmon Avenue in Port Linden on "
     "Tuesday afternoon, Captain Ivo Brandt said.\nThe victim, Lena Voss, 27, was in stable condition."),
    ("Harmon Avenue shooting leaves restaurant worker injured",
     "Lena Voss, a 27-year-old restaurant worker, was shot in the leg on Harmon Avenue in Port Linden on "
     "Tuesday. Captain Ivo Brandt said two men fled on foot.\nThe restaurant will stay closed this week."),
    ("Two suspects sought after Harmon Avenue shooting",
     "Police in Port Linden are searching for two men after Lena Voss was wounded on Harmon Avenue, Captain "
     "Ivo Brandt told reporters on Tuesday.\nBrandt said the shooting appeared to follow an argument."),
]
BRIDGE = [
    ("Marrow Creek council approves footbridge",
     "The Marrow Creek town council voted seven to two on Wednesday to build a footbridge over the Sill "
     "River, mayor Elias Orbin said.\nConstruction is due to start in May."),
    ("Footbridge over the Sill River gets go-ahead",
     "Mayor Elias Orbin welcomed Wednesday's council vote approving a footbridge across the Sill River in "
     "Marrow Creek.\nThe project will cost the town about two million dollars."),
]


def articles() -> list[dict]:
    """The test stream: events interleaved, one exact and one near copy, two bad records."""
    recs: list[dict] = []

    def add(ev: str, i: int, title: str, text: str, day: str) -> None:
        recs.append({"id": f"{ev}{i}", "title": title, "text": text, "published": day, "outlet": f"Outlet {i}"})

    add("fire", 1, *FIRE[0], "2031-03-03")
    add("sa", 1, *SHOOT_A[0], "2031-03-04")
    add("sb", 1, *SHOOT_B[0], "2031-03-04")
    add("fire", 2, *FIRE[1], "2031-03-03")
    add("sb", 2, *SHOOT_B[1], "2031-03-04")
    add("sa", 2, *SHOOT_A[1], "2031-03-04")
    add("br", 1, *BRIDGE[0], "2031-03-05")
    add("sa", 3, *SHOOT_A[2], "2031-03-05")
    add("sb", 3, *SHOOT_B[2], "2031-03-05")
    add("fire", 3, *FIRE[2], "2031-03-04")
    add("br", 2, *BRIDGE[1], "2031-03-05")
    recs.append({**recs[1], "id": "sa1-copy", "outlet": "Aggregator"})  # exact copy
    near = SHOOT_B[0][1] + "\n(Reporting by the news desk.)"
    recs.append({"id": "sb1-near", "title": SHOOT_B[0][0], "text": near, "published": "2031-03-04"})
    return recs


GOLD = {"fire": "fire", "sa": "sa", "sb": "sb", "br": "br"}


def write_jsonl(path: Path, recs: list[dict], bad: bool = True) -> Path:
    lines = [json.dumps(r) for r in recs]
    if bad:
        lines.insert(3, "{not json")
        lines.append(json.dumps({"id": "empty", "text": "   "}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fast(**kw) -> CorpusSettings:
    return CorpusSettings(workers=1, quiet=True, analyse=kw.pop("analyse", False), **kw)


def table(out: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(out / "storylens.sqlite")
    try:
        return list(db.execute(sql))
    finally:
        db.close()


def groups(out: Path) -> dict[str, set[str]]:
    """Event id -> doc ids of its articles (origins and copies)."""
    got: dict[str, set[str]] = {}
    for eid, meta in table(out, "SELECT event_id, meta_json FROM articles WHERE event_id IS NOT NULL"):
        got.setdefault(eid, set()).add(json.loads(meta)["doc_id"])
    return got


@pytest.fixture(scope="module")
def jsonl_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    src = write_jsonl(tmp / "feed.jsonl", articles())
    out = tmp / "out"
    summary = run_corpus([src], out, Settings(), fast(analyse=True))
    return src, out, summary


# -- readers ---------------------------------------------------------------------------


def test_jsonl_reader_streams_and_reports_bad_lines(tmp_path):
    src = write_jsonl(tmp_path / "feed.jsonl", articles())
    items = list(iter_articles([src], Settings()))
    raws = [x for x in items if isinstance(x, RawDocument)]
    skipped = [x for x in items if isinstance(x, Skipped)]
    assert len(raws) == len(articles())
    assert {s.line for s in skipped} == {4, len(articles()) + 2}
    assert raws[0].published == "2031-03-03" and raws[0].title == FIRE[0][0]


def test_parquet_reader(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = articles()[:4]
    pq.write_table(pa.table({k: [r.get(k) for r in recs] for k in ("id", "title", "text", "published")}),
                   tmp_path / "a.parquet", row_group_size=2)
    items = list(iter_articles([tmp_path], Settings()))
    assert [x.id for x in items] == [r["id"] for r in recs]
    assert items[2].text == recs[2]["text"]


def test_parquet_other_column_names_and_timestamps(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    when = dt.datetime(2031, 3, 3, 9, 30)
    pq.write_table(pa.table({"article_id": ["x1"], "headline": ["A title"], "maintext": ["Body text here."],
                             "date_publish": pa.array([when], pa.timestamp("s")), "source_domain": ["example.org"]}),
                   tmp_path / "c.parquet")
    (item,) = list(iter_articles([tmp_path / "c.parquet"], Settings()))
    assert isinstance(item, RawDocument)
    assert (item.id, item.title, item.text, item.outlet) == ("x1", "A title", "Body text here.", "example.org")
    assert item.published.startswith("2031-03-03T09:30")


def test_parquet_without_text_column_is_skipped(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"summary": ["x"]}), tmp_path / "b.parquet")
    (item,) = list(iter_articles([tmp_path / "b.parquet"], Settings()))
    assert isinstance(item, Skipped) and "text" in item.reason


def test_warc_reader_and_end_to_end(tmp_path):
    pages = []
    for i, (title, text) in enumerate(FIRE + BRIDGE):
        paras = "".join(f"<p>{p}</p>" for p in text.split("\n"))
        html = (f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
                f"<article><h1>{title}</h1>{paras}</article></body></html>")
        pages.append((f"https://news.example/{i}", html, "2031-03-03"))
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, pages)
    items = list(iter_articles([warc], Settings()))
    assert len(items) == 5 and all(isinstance(x, RawDocument) and x.html for x in items)
    assert items[0].url == "https://news.example/0" and items[0].published == "2031-03-03"
    out = tmp_path / "out"
    s = run_corpus([warc], out, Settings(), fast())
    assert s.articles == 5 and s.skipped == 0
    sizes = sorted(len(v) for v in groups(out).values())
    assert sizes == [2, 3]


# -- dedup, clustering, index -------------------------------------------------------------


def test_every_article_accounted_for(jsonl_run):
    src, out, s = jsonl_run
    assert s.articles == len(articles()) + 2
    rows = table(out, "SELECT status, COUNT(*) FROM articles GROUP BY status")
    assert dict(rows) == {"event": len(articles()) - 2, "copy": 2, "skipped": 2}
    reasons = [r for (r,) in table(out, "SELECT reason FROM articles WHERE status = 'skipped'")]
    assert all(reasons)


def test_copies_folded_onto_their_origin(jsonl_run):
    _, out, _ = jsonl_run
    rows = table(out, "SELECT a.meta_json, a.copy_of, a.reason, a.event_id, o.meta_json, o.event_id "
                      "FROM articles a JOIN articles o ON o.id = a.copy_of WHERE a.status = 'copy'")
    got = {json.loads(m)["doc_id"]: (json.loads(om)["doc_id"], why, ev == oev) for m, _, why, ev, om, oev in rows}
    assert got["sa1-copy"][0] == "sa1" and got["sa1-copy"][1] == "exact copy" and got["sa1-copy"][2]
    assert got["sb1-near"][0] == "sb1" and got["sb1-near"][1].startswith("near copy") and got["sb1-near"][2]


def test_interleaved_same_kind_events_kept_apart(jsonl_run):
    _, out, _ = jsonl_run
    found = sorted(sorted(v) for v in groups(out).values())
    expected = sorted(sorted(x) for x in (
        {"fire1", "fire2", "fire3"}, {"sa1", "sa2", "sa3", "sa1-copy"}, {"sb1", "sb2", "sb3", "sb1-near"},
        {"br1", "br2"}))
    assert found == expected


def test_index_lists_events_for_the_store(jsonl_run):
    from storylens.store.sqlite import Store

    _, out, s = jsonl_run
    store = Store(out)
    rows = store.list_events(limit=50)
    assert len(rows) == 4 == s.events
    assert all(r.source == "corpus" for r in rows)
    statuses = {r.id: r.meta["corpus_status"] for r in rows}
    assert sorted(statuses.values()) == ["analysed"] * 4
    row, report = store.get_event(rows[0].id)
    assert report is not None and len(report.documents) >= 2
    assert (out / "events" / row.id / "report.json").is_file()
    store.close()


def test_parquet_export_lists_articles_with_event_ids(jsonl_run):
    import pyarrow.parquet as pq

    _, out, s = jsonl_run
    t = pq.read_table(out / "articles.parquet").to_pylist()
    assert len(t) == s.articles
    assert [r["seq"] for r in t] == list(range(1, s.articles + 1))
    assert all(r["event_id"] for r in t if r["status"] != "skipped")
    assert {r["id"] for r in t if r["status"] != "skipped"} == {r["id"] for r in articles()}
    assert all(r["store_id"].startswith("a") for r in t)  # the store's key, as in the articles table


def test_a_stream_out_of_date_order_is_placed_in_date_order_and_gives_the_same_events(tmp_path):
    """The articles of a shuffled stream are placed earliest day first (within a day, as they
    came), and the events are those of the stream in date order; copies still fold onto the
    article placed first."""
    recs = articles()
    in_order = sorted(recs, key=lambda r: r["published"])
    mixed = list(recs)
    random.Random(3).shuffle(mixed)
    assert mixed != in_order
    parts = []
    for name, stream in (("ordered", in_order), ("mixed", mixed)):
        out = tmp_path / name
        s = run_corpus([write_jsonl(tmp_path / f"{name}.jsonl", stream, bad=False)], out, Settings(), fast(chunk=4))
        placed = sorted((json.loads(m)["placed"], json.loads(m)["doc_id"])
                        for (m,) in table(out, "SELECT meta_json FROM articles WHERE status != 'skipped'"))
        day = {r["id"]: r["published"] for r in stream}
        assert [day[d] for _, d in placed] == sorted(day[d] for _, d in placed)
        assert s.late == 0
        parts.append(sorted(sorted(v) for v in groups(out).values()))
    assert parts[0] == parts[1]
    assert ["sa1", "sa1-copy", "sa2", "sa3"] in parts[1]
    # placed as they arrive, every article dated before one already placed is counted late
    s = run_corpus([tmp_path / "mixed.jsonl"], tmp_path / "as-arrived", Settings(), fast(chunk=4, reorder=0))
    seen = [r["published"] for r in mixed]
    assert s.late == sum(d < max(seen[:i]) for i, d in enumerate(seen) if i) > 0
    metas = [json.loads(m) for (m,) in table(tmp_path / "as-arrived", "SELECT meta_json FROM articles")]
    assert [m["seq"] for m in sorted(metas, key=lambda m: m["placed"])] == list(range(1, len(mixed) + 1))


FOLLOW_UP = ("Man charged in Alder Street killing",
             "Port Linden police on Friday charged Dario Fenwick, 29, with murder in the death of Marcus Tell, "
             "who was shot dead on Alder Street in March, spokeswoman Ruth Okafor said.\nFenwick will appear "
             "in court next week. Tell's family thanked detectives.")


def test_name_terms_leave_out_officials_towns_and_generic_words():
    """The words that can single out an event: not a spokeswoman's or a prosecutor's name (they
    recur across a town's events), not the town, not 'Street'; the outlet's own name neither."""
    from storylens.corpus.features import _entities, name_terms_of
    from storylens.nlp import get_nlp

    nlp = get_nlp()
    one = _entities(nlp("Police spokeswoman Ruth Okafor said Marcus Tell, 34, was shot on Alder Street in Port Linden."))
    two = _entities(nlp("Ruth Okafor, a police spokeswoman, said Marcus Tell died on Alder Street."))
    for ents in (one, two):
        words = name_terms_of(ents)
        assert {"marcus", "tell"} <= words
        assert not words & {"ruth", "okafor", "street", "port", "linden"}
    assert "tell" not in name_terms_of(one, exclude="Tell Daily")


def test_follow_up_after_the_event_closed_reopens_it(tmp_path):
    """A report weeks later that names the victim and the street again joins the closed event;
    the event is stored (and analysed) once, with every article, and the counts add up."""
    from storylens.corpus.cluster import ClusterConfig
    from storylens.store.sqlite import Store

    recs = articles() + [{"id": "sa4", "title": FOLLOW_UP[0], "text": FOLLOW_UP[1], "published": "2031-04-18"}]
    src = write_jsonl(tmp_path / "feed.jsonl", recs, bad=False)
    out = tmp_path / "out"
    # placed as they arrive (no date order), so that the event closes four articles after sa3
    s = run_corpus([src], out, Settings(), fast(analyse=True, chunk=4, reorder=0, cluster=ClusterConfig(close_after=4)))
    g = groups(out)
    sa_id, sa = next((k, v) for k, v in g.items() if "sa1" in v)
    assert sa == {"sa1", "sa2", "sa3", "sa1-copy", "sa4"}
    store = Store(out)
    rows = store.list_events(limit=50)
    assert len(rows) == len(g) == s.events  # every event stored once
    (row,) = [r for r in rows if r.id == sa_id]
    assert row.meta["reopened"] == 1 and row.meta["n_reports"] == 4 and row.meta["n_articles"] == 5
    _, report = store.get_event(row.id)
    assert report is not None and "sa4" in {d.id for d in report.documents}
    assert s.analysed == sum(r.meta["corpus_status"] == "analysed" for r in rows)
    assert sum(r.meta["n_articles"] for r in rows) == s.in_events + s.copies
    store.close()


def test_rerun_of_a_finished_run_changes_nothing(jsonl_run):
    src, out, _ = jsonl_run
    before = table(out, "SELECT id, event_id, status, copy_of FROM articles ORDER BY id")
    s = run_corpus([src], out, Settings(), fast(analyse=True))
    assert s.resumed_from == s.articles
    assert table(out, "SELECT id, event_id, status, copy_of FROM articles ORDER BY id") == before


def test_other_inputs_into_the_same_folder_are_refused(jsonl_run, tmp_path):
    from storylens.errors import UsageError

    _, out, _ = jsonl_run
    other = write_jsonl(tmp_path / "other.jsonl", articles()[:3])
    with pytest.raises(UsageError):
        run_corpus([other], out, Settings(), fast(analyse=True))


def test_web_app_lists_corpus_events(jsonl_run):
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from storylens.web.app import create_app

    _, out, s = jsonl_run
    client = TestClient(create_app(out))
    r = client.get("/events.json")
    assert r.status_code == 200
    body = json.dumps(r.json())
    for eid in [e for (e,) in table(out, "SELECT id FROM events")]:
        assert eid in body


def test_cli_corpus_command(tmp_path):
    from typer.testing import CliRunner

    from storylens.cli import app

    src = write_jsonl(tmp_path / "feed.jsonl", articles()[:4], bad=False)
    res = CliRunner().invoke(app, ["corpus", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "storylens.sqlite").is_file() and (tmp_path / "out" / "articles.parquet").is_file()
    res = CliRunner().invoke(app, ["corpus", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 2
    # placed as they arrive, the fourth article (a day before the second and third) is late: said so
    res = CliRunner().invoke(app, ["corpus", str(src), "--out", str(tmp_path / "o3"), "--workers", "1",
                                   "--no-analyse", "--set", "reorder=0"])
    assert res.exit_code == 0, res.output
    assert "placed late: 1 (out of date order by more than the window of 0 articles)" in res.output


def test_features_of_copies_in_one_batch_are_worked_out_once(monkeypatch):
    import numpy as np

    from storylens import embeddings
    from storylens.corpus import features as F
    from storylens.nlp import get_nlp

    nlp = get_nlp()
    seen: dict[str, list] = {"leads": [], "encoded": []}
    real_pipe = type(nlp).pipe

    def pipe(self, texts, *a, **k):
        texts = list(texts)
        seen["leads"].append(len(texts))
        return real_pipe(self, texts, *a, **k)

    def fake_embed(texts, *a, **k):  # one distinct row per text, whatever the model
        seen["encoded"].append(list(texts))
        out = np.zeros((len(texts), embeddings.DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, sum(map(ord, t)) % embeddings.DIM] = 1.0
        return out

    monkeypatch.setattr(type(nlp), "pipe", pipe)
    monkeypatch.setattr(embeddings, "available", lambda: True)
    monkeypatch.setattr(embeddings, "set_threads", lambda n: None)
    monkeypatch.setattr(embeddings, "embed", fake_embed)
    (t1, b1), (t2, b2) = FIRE[0], SHOOT_A[0]
    items = [(0, RawDocument(id="a", source="a", title=t1, text=b1)),
             (1, RawDocument(id="b", source="b", title=t2, text=b2)),
             (2, RawDocument(id="c", source="c", title=t1, text=b1))]  # a copy of the first
    arts = F.prepare_batch(items, Settings(), F.FeatureConfig())
    assert seen["leads"] == [2] and len(seen["encoded"]) == 1 and len(seen["encoded"][0]) == 2
    assert np.array_equal(arts[0].vec, arts[2].vec) and not np.array_equal(arts[0].vec, arts[1].vec)
    assert arts[0].persons == arts[2].persons and "whitlow" in arts[0].persons
    assert arts[1].persons != arts[0].persons


def test_a_small_event_merged_on_a_second_look_moves_its_articles(tmp_path):
    """With a join model that reads only the wording shared with an event: a report on the
    repairs to a lighthouse (and its copy) starts its own event; a report on the storm and the
    repairs joins the storm's; at the end of the stream the repairs event, looked at again,
    joins the storm's, and its articles and its copy are stored under that event."""
    from storylens.corpus.cluster import ClusterConfig

    model = one_feature_model(tmp_path / "words.json", "tcos", 30.0, -6.0)
    storm = "A winter storm flattened the pier and flooded the harbour cottages overnight."
    repair = "Glaziers replaced the shattered lantern panes atop the lighthouse tower on the headland."
    recs = [{"id": "s1", "title": "Storm hits harbour", "text": storm},
            {"id": "r1", "title": "Lighthouse lantern repaired", "text": repair},
            {"id": "r1-copy", "title": "Lighthouse lantern repaired", "text": repair},
            {"id": "s2", "title": "Storm and repairs", "text": storm + "\n" + repair}]
    src = write_jsonl(tmp_path / "feed.jsonl", recs, bad=False)
    for look, want in ((0, 2), (1, 1)):
        out = tmp_path / f"out{look}"
        cfg = ClusterConfig(model_file=str(model), second_look=look, merge=0)
        s = run_corpus([src], out, Settings(), fast(cluster=cfg))
        g = groups(out)
        assert len(g) == want and s.events == 2
        assert any({"r1", "r1-copy"} <= v for v in g.values())


STORM = ["A winter storm flattened the pier and flooded the harbour cottages overnight.",
         "The storm flooded harbour cottages; the pier was flattened by winter waves.",
         "Harbour cottages flooded as the winter storm flattened the old pier."]
REPAIR = ["Glaziers replaced the shattered lantern panes atop the lighthouse tower.",
          "The lighthouse lantern got new panes from glaziers working atop the tower.",
          "Glaziers working on the lighthouse tower fitted the lantern with new panes."]


def storm_and_repairs() -> list[dict]:
    """Three reports of a storm (s1-s3), then three of a lighthouse's repairs (r1-r3)."""
    return ([{"id": f"s{i}", "title": "Storm hits harbour", "text": t} for i, t in enumerate(STORM, 1)]
            + [{"id": f"r{i}", "title": "Lighthouse lantern repaired", "text": t} for i, t in enumerate(REPAIR, 1)])


def test_an_event_split_as_it_closes_moves_its_articles_and_copies(tmp_path):
    """With a join model that joins every report to the first event, a storm's reports and a
    lighthouse's repairs (one of them with a copy) share one event; at the end of the stream the
    split model (wording shared by two reports) finds two groups, and the repairs and the copy
    are stored under a new event. With the split off, one event holds all."""
    from storylens.corpus.cluster import ClusterConfig

    join = one_feature_model(tmp_path / "all.json", "cent", 0.0, 5.0)
    split = one_feature_split_model(tmp_path / "words.json", "tcos", 30.0, -3.0)
    recs = storm_and_repairs()
    recs.insert(4, {"id": "r1-copy", "title": "Lighthouse lantern repaired", "text": REPAIR[0]})
    src = write_jsonl(tmp_path / "feed.jsonl", recs, bad=False)
    for on, want in ((4, 2), (0, 1)):
        out = tmp_path / f"out{on}"
        cfg = ClusterConfig(model_file=join, split_file=split, split=on, second_look=0)
        s = run_corpus([src], out, Settings(), fast(cluster=cfg))
        g = sorted(groups(out).values(), key=len)
        assert len(g) == want and s.copies == 1
        if on:
            assert g == [{"s1", "s2", "s3"}, {"r1", "r1-copy", "r2", "r3"}]


def test_events_merged_as_they_close_move_their_articles_and_copies(tmp_path):
    """With a join model that never joins, every report of a storm and of a lighthouse's repairs
    starts its own event (a copy folds onto its origin); at the end of the stream the merge model
    (the split model's pair probability between two events, by wording shared) merges the
    storm's events and the repairs' events, and the repairs and the copy are stored under one
    event. With the merge off, six events stay."""
    from storylens.corpus.cluster import ClusterConfig

    join = one_feature_model(tmp_path / "never.json", "cent", 0.0, -5.0)
    split = one_feature_split_model(tmp_path / "words.json", "tcos", 30.0, -3.0)
    merge = one_feature_merge_model(tmp_path / "between.json", "between", 10.0, -5.0)
    recs = storm_and_repairs()
    recs = [recs[0], recs[3], recs[1], recs[4], recs[2], recs[5]]  # the two interleave
    recs.insert(2, {"id": "r1-copy", "title": "Lighthouse lantern repaired", "text": REPAIR[0]})
    src = write_jsonl(tmp_path / "feed.jsonl", recs, bad=False)
    for on, want in ((8, 2), (0, 6)):
        out = tmp_path / f"out{on}"
        cfg = ClusterConfig(model_file=join, split_file=split, merge_file=merge, merge=on, second_look=0)
        s = run_corpus([src], out, Settings(), fast(cluster=cfg))
        g = sorted(groups(out).values(), key=len)
        assert len(g) == want and s.copies == 1
        if on:
            assert g == [{"s1", "s2", "s3"}, {"r1", "r1-copy", "r2", "r3"}]


def test_a_page_of_furniture_alone_is_read_as_its_headline():
    """A page whose lines are all boilerplate still names its report in its headline: the
    article is kept (for clustering) as the headline alone; without a headline, or with a
    headline of a word or two, it is skipped as before."""
    from storylens.corpus.features import Article, FeatureConfig, prepare_batch
    from storylens.model import RawDocument

    furniture = "© 2031 Example News. All rights reserved.\n"
    items = [(1, RawDocument("p1", "feed", title="Crane topples onto harbour road in Brookvale", text=furniture,
                             published="2031-03-03")),
             (2, RawDocument("p2", "feed", title=None, text=furniture)),
             (3, RawDocument("p3", "feed", title="Latest news", text=furniture))]
    got = prepare_batch(items, Settings(quiet=True), FeatureConfig(use_embeddings=False))
    assert isinstance(got[0], Article) and got[0].doc.text == "Crane topples onto harbour road in Brookvale"
    assert got[0].day is not None and got[0].doc.published == "2031-03-03"
    assert all(isinstance(x, Skipped) and "furniture" in x.reason for x in got[1:])


def test_a_sign_in_wall_is_read_as_its_headline_and_two_walls_are_not_copies(tmp_path):
    """Two pages of one site that hold its sign-in wall instead of two different reports: each
    is read by its headline, so the same wall does not make them copies of each other."""
    from storylens.corpus.features import Article, FeatureConfig, prepare_batch
    from storylens.model import RawDocument

    wall = ("Welcome, reader. Please log in to continue.\n\n"
            "Create a free profile to keep reading our coverage, and manage your newsletters.\n\n"
            "Forgot your password? We can email you a reset link.")
    titles = ["Tram derails near Quillon market, injuring four", "Orchard fire spreads toward Vessby farms"]
    items = [(i, RawDocument(f"w{i}", "feed", title=t, text=wall, published="2031-03-03"))
             for i, t in enumerate(titles)]
    got = prepare_batch(items, Settings(quiet=True), FeatureConfig(use_embeddings=False))
    assert all(isinstance(x, Article) for x in got)
    assert [x.doc.text for x in got] == titles
    assert got[0].text_hash != got[1].text_hash
    src = tmp_path / "walls.jsonl"
    src.write_text("".join(json.dumps({"id": f"w{i}", "title": t, "text": wall, "published": "2031-03-03"}) + "\n"
                           for i, t in enumerate(titles)), encoding="utf-8")
    out = tmp_path / "out"
    s = run_corpus([src], out, Settings(), fast())
    assert s.copies == 0 and len(groups(out)) == 2


# -- analysis afterwards -----------------------------------------------------------------


def _reports(out: Path) -> dict[str, dict]:
    from storylens.store.sqlite import Store

    with Store(out) as store:
        return {row.id: rep.to_dict() for row, rep in store.iter_reports()
                if row.meta.get("corpus_status") == "analysed"}


def test_events_analysed_afterwards_match_a_run_with_the_analysis(jsonl_run, tmp_path):
    """Clustering first (``analyse`` off), then :func:`analyse_stored`: the same reports, in the
    store and in events/ID/report.json, as a run that analysed each event as it closed."""
    from storylens.corpus import analyse_stored
    from storylens.store.sqlite import Store

    src, eager, _ = jsonl_run
    out = tmp_path / "later"
    s = run_corpus([src], out, Settings(), fast())
    assert s.analysed == 0
    with Store(out) as store:
        waiting = store.corpus_events(["not analysed"])
    assert len(waiting) == 4
    assert not (out / "events").exists()
    got = analyse_stored(out, Settings(), fast(html=True))
    assert (got.analysed, got.failed, got.already) == (4, 0, 0)
    want = _reports(eager)
    assert set(want) == set(waiting)
    assert _reports(out) == want
    for eid in waiting:
        on_disk = json.loads((out / "events" / eid / "report.json").read_text(encoding="utf-8"))
        assert on_disk == json.loads((eager / "events" / eid / "report.json").read_text(encoding="utf-8"))
        assert (out / "events" / eid / "report.html").is_file()
    with Store(out) as store:
        assert store.corpus_events(["not analysed"]) == []
    again = analyse_stored(out, Settings(), fast())
    assert (again.analysed, again.failed) == (0, 0)


def test_analysing_named_events_afterwards(jsonl_run, tmp_path):
    from storylens.corpus import analyse_stored
    from storylens.errors import UsageError
    from storylens.store.sqlite import Store

    src, _, _ = jsonl_run
    out = tmp_path / "later"
    run_corpus([src], out, Settings(), fast())
    with Store(out) as store:
        first, *rest = store.corpus_events(["not analysed"])
    got = analyse_stored(out, Settings(), fast(), event_ids=[first])
    assert (got.analysed, got.already) == (1, 0)
    with Store(out) as store:
        assert store.corpus_events(["analysed"]) == [first]
        assert store.corpus_events(["not analysed"]) == rest
    got = analyse_stored(out, Settings(), fast(), event_ids=[first, rest[0]])
    assert (got.analysed, got.already) == (1, 1)
    with pytest.raises(UsageError, match="no corpus event"):
        analyse_stored(out, Settings(), fast(), event_ids=["c999999"])


def test_cli_corpus_analyse_command(tmp_path):
    from typer.testing import CliRunner

    from storylens.cli import app

    src = write_jsonl(tmp_path / "feed.jsonl", articles()[:6], bad=False)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["corpus", str(src), "--out", str(out), "--workers", "1", "--no-analyse"])
    assert res.exit_code == 0, res.output
    assert f"storylens corpus-analyse {out}" in res.output
    assert not (out / "events").exists()
    res = CliRunner().invoke(app, ["corpus-analyse", str(out), "--workers", "1", "--min-reports", "3"])
    assert res.exit_code == 0, res.output
    assert "0 events analysed, 0 failed" in res.output  # each event has two reports
    res = CliRunner().invoke(app, ["corpus-analyse", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "3 events analysed, 0 failed" in res.output
    assert len(list((out / "events").glob("*/report.json"))) == 3
    res = CliRunner().invoke(app, ["corpus-analyse", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "no corpus store" in res.output


def _unanalysed(jsonl_run, tmp_path: Path) -> tuple[Path, str]:
    """A corpus run of the fixture's stream without the analysis, and one of its events."""
    from storylens.store.sqlite import Store

    out = tmp_path / "later"
    run_corpus([jsonl_run[0]], out, Settings(), fast())
    with Store(out) as store:
        return out, store.corpus_events(["not analysed"])[0]


def test_web_app_analyses_a_corpus_event_on_request(jsonl_run, tmp_path):
    """An event stored without its analysis shows its reports and a button; posting to it
    queues the analysis, and the page then shows the same report as a run with the analysis."""
    import html

    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from storylens.store.sqlite import Store
    from storylens.web.app import create_app

    _, eager, _ = jsonl_run
    out, eid = _unanalysed(jsonl_run, tmp_path)
    with TestClient(create_app(out)) as client:
        page = client.get(f"/events/{eid}")
        assert page.status_code == 200
        assert f'<form class="action" method="post" action="/events/{eid}/analyse">' in page.text
        assert "form-action 'self'" in html.unescape(page.text)  # the page's own CSP lets the button post
        assert 'id="reports"' in page.text and 'id="brief"' not in page.text  # the reports alone, for now
        assert client.get(f"/events/{eid}.json").json()["analyse"]["url"] == f"/events/{eid}/analyse"
        listed = {e["id"]: e["shown_status"] for e in client.get("/events.json").json()["events"]}
        assert listed[eid] == "not analysed"
        assert '<span class="st st-waiting">not analysed</span>' in client.get("/events").text
        r = client.post(f"/events/{eid}/analyse", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/events/{eid}"
        body = wait_done(client, eid)
        assert body["event"]["status"] == "done" and "analyse" not in body
        assert body["event"]["meta"]["corpus_status"] == "analysed"
        assert body["report"] == _reports(eager)[eid]
        again = client.post(f"/events/{eid}/analyse.json")
        assert again.status_code == 409 and again.json()["error"]["code"] == "not_analysable"
        assert client.post("/events/ev0000/analyse.json").status_code == 404
        with Store(out) as store:
            web = store.add_event(Report(), title="uploaded", source="web")
        other = client.post(f"/events/{web}/analyse.json")
        assert other.status_code == 409 and "not a corpus event" in other.json()["error"]["message"]
    on_disk = json.loads((out / "events" / eid / "report.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads((eager / "events" / eid / "report.json").read_text(encoding="utf-8"))


def test_an_event_of_one_report_is_analysed_when_named(tmp_path):
    from storylens.corpus import analyse_stored
    from storylens.store.sqlite import Store

    src = write_jsonl(tmp_path / "feed.jsonl", articles()[:1], bad=False)
    out = tmp_path / "out"
    run_corpus([src], out, Settings(), fast(analyse=True))
    with Store(out) as store:
        (single,) = store.corpus_events(["single"])
    assert analyse_stored(out, Settings(), fast()).analysed == 0  # by default: two reports or more
    got = analyse_stored(out, Settings(), fast(), event_ids=[single])
    assert (got.analysed, got.failed) == (1, 0)
    with Store(out) as store:
        row, report = store.get_event(single)
    assert row.meta["corpus_status"] == "analysed" and len(report.documents) == 1 and report.brief


def test_a_failed_analysis_on_request_can_be_asked_again(jsonl_run, tmp_path, monkeypatch):
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    import storylens.corpus.analysis as analysis
    from storylens.web.app import create_app

    out, eid = _unanalysed(jsonl_run, tmp_path)
    monkeypatch.setattr(analysis, "analyse_event", lambda e, docs, settings: (e, None, "ValueError: boom"))
    with TestClient(create_app(out)) as client:
        assert client.post(f"/events/{eid}/analyse.json").status_code == 202
        body = wait_done(client, eid)
        assert body["event"]["status"] == "failed" and body["event"]["error"] == "ValueError: boom"
        assert body["event"]["meta"]["corpus_status"] == "failed"
        assert body["analyse"]["label"] == "Analyse again"
        assert len(body["report"]["documents"]) == body["event"]["meta"]["n_reports"]  # its reports stay
