"""The command line: exit codes, one-line errors, formats, stdin, hostile input escaped."""
from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from storylens import __version__
from storylens.cli import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, app

runner = CliRunner()

ARTICLE_A = ("Flooding closes river bridge\n\nMILLBROOK — Heavy rain closed the Old Mill bridge on Monday, "
             "and about 60 homes were evacuated, the county council said.\n")
ARTICLE_B = ("MILLBROOK — The Old Mill bridge was shut on Monday after heavy rain, and 75 homes were "
             "evacuated, a council spokesman said.\n")


@pytest.fixture()
def two_reports(tmp_path):
    d = tmp_path / "event"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE_A)
    (d / "b.txt").write_text(ARTICLE_B)
    return d


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"storylens {__version__}"


def test_help_lists_commands():
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0 and "analyze" in r.stdout
    r = runner.invoke(app, ["analyze", "--help"])
    assert r.exit_code == 0 and "--format" in r.stdout and "--quiet" in r.stdout


def test_missing_path_is_one_line_exit_2(tmp_path):
    r = runner.invoke(app, ["analyze", str(tmp_path / "nope")])
    assert r.exit_code == EXIT_USAGE
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and "no such file" in err[0] and "Traceback" not in r.output


def test_unwritable_output_exit_2(two_reports, tmp_path):
    r = runner.invoke(app, ["analyze", str(two_reports), "-o", str(tmp_path / "no" / "dir" / "r.json")])
    assert r.exit_code == EXIT_USAGE and "cannot write" in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_output_dir(two_reports, tmp_path):  # pragma: no cover - not run as root
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    r = runner.invoke(app, ["analyze", str(two_reports), "-o", str(ro / "r.json")])
    assert r.exit_code == EXIT_USAGE


def test_nothing_to_analyse_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(app, ["analyze", str(tmp_path)])
    assert r.exit_code == EXIT_USAGE and "empty" in r.stderr


def test_json_report_and_exit_codes(two_reports, tmp_path):
    out = tmp_path / "r.json"
    r = runner.invoke(app, ["analyze", str(two_reports), "-o", str(out), "--quiet"])
    assert r.exit_code == EXIT_OK, r.output
    data = json.loads(out.read_text())
    assert data["schema"] == "storylens.report/1"
    assert [d["id"] for d in data["documents"]] == ["a", "b"]
    for key in ("entities", "claim_groups", "quote_groups", "reuse", "citations", "framing",
                "timeline", "brief", "skipped"):
        assert isinstance(data[key], list)
    # a skipped input still writes the report, and the exit code says so
    (two_reports / "bad.jsonl").write_text('{"id": 1, "text": "ok line"}\n{broken\n')
    r = runner.invoke(app, ["analyze", str(two_reports), "-o", str(out), "--quiet"])
    assert r.exit_code == EXIT_SKIPPED
    data = json.loads(out.read_text())
    assert data["skipped"] == [{"input": str(two_reports / "bad.jsonl"), "reason": data["skipped"][0]["reason"],
                                "line": 2, "stage": "ingest"}]
    assert data["skipped"][0]["reason"].startswith("malformed JSON")
    assert "1" in [d["id"] for d in data["documents"]]


def test_markdown_to_stdout(two_reports):
    r = runner.invoke(app, ["analyze", str(two_reports), "--format", "md", "--quiet"])
    assert r.exit_code == EXIT_OK
    assert r.stdout.startswith("# ") and "| id | title |" in r.stdout


def test_stdin(tmp_path):
    r = runner.invoke(app, ["analyze", "-", "--quiet"], input=ARTICLE_B)
    assert r.exit_code == EXIT_OK, r.output
    assert json.loads(r.stdout)["documents"][0]["id"] == "stdin"


HOSTILE = ('Breaking: <script>alert("x")</script> and <img src=x onerror="alert(1)"> '
           'and <a href="javascript:alert(2)">click</a> "quoted" \'single\' & more.\n')


def test_hostile_article_is_escaped_in_html(tmp_path):
    (tmp_path / "evil.txt").write_text("Evil headline\n\n" + HOSTILE + ("x" * 5000) + "\n")
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["analyze", str(tmp_path / "evil.txt"), "-f", "html", "-o", str(out), "--quiet"])
    assert r.exit_code == EXIT_OK, r.output
    html = out.read_text()
    assert '<script>alert("x")</script>' not in html
    assert "<img src=x" not in html and 'onerror="alert(1)"' not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html


def test_out_dir_writes_three_formats_from_one_analysis(two_reports, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    r = runner.invoke(app, ["analyze", str(two_reports), "--out-dir", str(out), "--quiet"])
    assert r.exit_code == EXIT_OK, r.output
    assert json.loads((out / "report.json").read_text())["schema"] == "storylens.report/1"
    assert (out / "report.md").read_text().startswith("# ")
    assert "<html" in (out / "report.html").read_text()
    r = runner.invoke(app, ["analyze", str(two_reports), "--out-dir", str(out), "-o", str(tmp_path / "x.json")])
    assert r.exit_code == EXIT_USAGE and "not both" in r.stderr


@pytest.mark.parametrize("command", ["analyze", "corpus"])
def test_unknown_embedding_precision_is_a_usage_error(command, two_reports, tmp_path):
    args = [command, str(two_reports), "--embedding-precision", "int4"]
    r = runner.invoke(app, args + (["--out", str(tmp_path / "out")] if command == "corpus" else []))
    assert r.exit_code == EXIT_USAGE and "embedding_precision" in r.stderr and "int8" in r.stderr
