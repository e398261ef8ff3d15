"""The command line: a thin typer shell over the library.

Exit codes of ``storylens analyze``:
  0  every input was analysed
  1  the report was written, but some inputs were skipped (listed in the report's ``skipped``)
  2  usage error: a missing path, an unwritable output, bad settings, or nothing to analyse
  3  an unexpected internal error (a bug: please report it with the command line)
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperOption

from ._version import __version__
from .config import FALSE_WORDS, TRUE_WORDS
from .errors import OutputError, StorylensError, UsageError

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# Flags take no value: the help shows none for them (typer would print "<bool>").
_display_type = TyperOption.display_type_rich
TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else _display_type(self, ctx)  # type: ignore[method-assign]
BOOL_WORDS = set(TRUE_WORDS + FALSE_WORDS)

app = typer.Typer(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="storylens: what several news reports of one event agree on, where they differ, "
         "who said what, and which reports copy one another.",
)


FORMATS = {"json": "json", "md": "md", "markdown": "md", "html": "html", "htm": "html"}
SUFFIX_FORMATS = {".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
PRECISION_HELP = ("Sentence encoder weights: int8 (default; about half the encoder's CPU time, vectors a little "
                  "off the model's) or float (the model's own weights). Setting embedding_precision.")


def output_format(given: str | None, output: Path | None) -> str:
    """The format asked for with -f (aliases allowed), else the one of -o's extension, else json."""
    if given is not None:
        fmt = FORMATS.get(given.strip().lower())
        if fmt is None:
            raise UsageError(f"unknown format {given!r}: use json, md (or markdown) or html")
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "json")
    return "json"


def check_flag_values(args: list[str]) -> None:
    """A word like "true" among the inputs that is no file: a value given to a flag."""
    for a in args:
        if a.lower() in BOOL_WORDS and not Path(a).exists():
            raise UsageError(f"{a!r} is not an input: flags such as -q, --strict and --no-embeddings take no "
                             "value (write -q alone, or leave it out)")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storylens {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """storylens command line."""


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """One line on stderr, then exit: no traceback for the user."""
    typer.echo(f"storylens: error: {message}", err=True)
    raise typer.Exit(code)


def fail_on(exc: Exception) -> None:
    """Domain errors and bugs alike end as one line on stderr and an exit code."""
    if isinstance(exc, typer.Exit):
        raise exc
    if isinstance(exc, StorylensError):
        fail(str(exc), EXIT_USAGE if exc.exit_code == EXIT_USAGE else EXIT_INTERNAL)
    fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)


def check_output(path: Path, hint: str = "-o") -> None:
    """Fail early (before a long analysis) when the output cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(str(path), "it is a directory", hint)
    if not parent.is_dir():
        raise OutputError(str(path), f"folder {parent} does not exist", hint)
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(str(path), "permission denied", hint)


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def write_output(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(str(output), exc.strerror or str(exc)) from None


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files or folders of .txt, .md, .html, .jsonl, .json; http(s) URLs "
                                                "(pages or feeds); @FILE for a list of URLs; feed or sitemap files "
                                                "(.xml, .rss, .atom); '-' reads stdin."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="json|md|html",
                                         help="Output format (markdown = md). Default: from -o's extension, else json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Write report.json, report.md and report.html into this folder, created if need be (one analysis)."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Keep fetched web pages in this folder and reuse them."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output on stderr."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML); `storylens settings` prints every setting in effect."),
    strict: bool = typer.Option(False, "--strict", help="Stop on the first stage error."),
    no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Rules only: no MiniLM sentence vectors."),
    embedding_precision: Optional[str] = typer.Option(None, "--embedding-precision", metavar="float|int8",
                                                      help=PRECISION_HELP),
) -> None:
    """Analyse the reports of one event and write report.json, Markdown or HTML."""
    from .api import analyze as run_analyze
    from .config import load_settings
    from .render import render

    try:
        check_flag_values(paths)
        settings = load_settings(config, strict=strict or None, quiet=quiet or None,
                                 embeddings=False if no_embeddings else None, embedding_precision=embedding_precision,
                                 cache_dir=str(cache) if cache is not None else None)
        if output is not None and out_dir is not None:
            raise UsageError("give either -o FILE or --out-dir DIR, not both")
        if out_dir is not None:
            if out_dir.exists() and not out_dir.is_dir():
                raise OutputError(str(out_dir), "it is a file, not a folder", "--out-dir")
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(str(out_dir), exc.strerror or str(exc), "--out-dir") from None
        targets = ([(out_dir / f"report.{f}", f) for f in ("json", "md", "html")] if out_dir is not None
                   else [(output, output_format(format, output))])
        for target, _ in targets:
            if target is not None:
                check_output(target, "--out-dir" if out_dir is not None else "-o")
        if show_progress(settings.quiet):
            report = _with_progress(lambda cb: run_analyze(paths, settings, progress=cb))
        else:
            report = run_analyze(paths, settings)
        for target, fmt in targets:
            write_output(render(report, fmt), target)
    except Exception as exc:
        fail_on(exc)
    if not quiet and targets[0][0] is not None and sys.stderr.isatty():
        typer.echo(f"wrote {', '.join(str(t) for t, _ in targets)}: {len(report.documents)} reports"
                   + (f", {len(report.skipped)} inputs skipped" if report.skipped else ""), err=True)
    raise typer.Exit(EXIT_SKIPPED if report.skipped else EXIT_OK)


def _with_progress(work):  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def cb(stage: str, i: int, n: int) -> None:
            if n:
                bar.update(task, description=f"{stage}", completed=i + 1, total=n)
            else:
                bar.update(task, description=f"{stage}")

        return work(cb)


@app.command("settings")
def settings_cmd(
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML) to read instead of ./storylens.toml."),
) -> None:
    """Print the settings in effect as TOML, each with its meaning and where its value came from
    (default, file storylens.toml or --config, env STORYLENS_NAME)."""
    from .config import load_settings_with_sources, settings_toml

    try:
        settings, sources = load_settings_with_sources(config)
    except Exception as exc:
        fail_on(exc)
    typer.echo(settings_toml(settings, sources), nl=False)


class CorpusEngine(str, Enum):
    local = "local"
    ray = "ray"


@app.command("corpus")
def corpus_cmd(
    inputs: Optional[list[str]] = typer.Argument(None, help="JSONL (.jsonl[.gz]), Parquet, WARC (.warc[.gz]) files or folders; '-' reads JSONL from stdin."),
    out: Path = typer.Option(..., "--out", help="Output folder: storylens.sqlite, events/, articles.parquet."),
    feed: Optional[list[str]] = typer.Option(None, "--feed", help="Fetch the articles of this RSS/Atom/JSON feed URL (repeatable)."),
    sitemap: Optional[list[str]] = typer.Option(None, "--sitemap", help="Fetch the pages of this sitemap URL (repeatable)."),
    urls: Optional[list[Path]] = typer.Option(None, "--urls", help="Fetch the URLs listed in this text file, one a line (repeatable)."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Keep fetched web pages in this folder and reuse them."),
    engine: CorpusEngine = typer.Option(CorpusEngine.local, "--engine", help="local (process pool) or ray."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: the CPUs available)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster address (engine ray)."),
    html: bool = typer.Option(False, "--html", help="Also write report.html for each analysed event."),
    recycle_tasks: int = typer.Option(200, "--recycle-tasks", min=0,
                                      help="Replace each worker process after this many tasks (flat memory); 0 never."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines on stderr."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML); corpus parameters in its [corpus] table."),
    no_analyse: bool = typer.Option(False, "--no-analyse", help="Cluster and deduplicate only; analyse the events "
                                    "later with storylens corpus-analyse, or one by one in storylens serve."),
    embedding_precision: Optional[str] = typer.Option(None, "--embedding-precision", metavar="float|int8",
                                                      help=PRECISION_HELP),
    options: list[str] = typer.Option([], "--set", metavar="NAME=VALUE",
                                      help="Corpus parameter, repeatable: e.g. cluster.window_days=5, "
                                           "cluster.join_probability=0.7, dedup.threshold=0.8, chunk=512."),
) -> None:
    """Turn a stream of articles into deduplicated, clustered, analysed events (resumable)."""
    from .config import load_settings
    from .corpus import corpus_settings, run_corpus

    try:
        inputs = list(inputs or [])
        check_flag_values(inputs)
        settings = load_settings(config, quiet=quiet or None, cache_dir=str(cache) if cache is not None else None,
                                 embedding_precision=embedding_precision)
        inputs = _corpus_sources(inputs, out, settings, feed or [], sitemap or [], urls or [])
        settings = settings.replace(cache_dir="")  # the pages are in OUT/inputs now: resuming needs no cache
        cs = corpus_settings(config, options, engine=engine.value, workers=workers, address=ray_address,
                             html=html or None, quiet=quiet or None, recycle_tasks=recycle_tasks,
                             analyse=False if no_analyse else None)
        summary = run_corpus(inputs, out, settings, cs)
    except KeyboardInterrupt:
        fail(f"interrupted: rerun the same command to resume from the last checkpoint in {out}", 130)
    except Exception as exc:
        fail_on(exc)
    if not quiet:
        typer.echo(f"{summary.articles} articles: {summary.in_events} in {summary.events} events, "
                   f"{summary.copies} copies, {summary.skipped} skipped; {summary.analysed} events analysed"
                   f" -> {out}", err=True)
        if summary.late:
            typer.echo(f"placed late: {summary.late} (out of date order by more than the window of "
                       f"{cs.reorder} articles); a larger --set reorder=N places them in order", err=True)
        if no_analyse:
            typer.echo(f"analyse the events with: storylens corpus-analyse {out}", err=True)
    raise typer.Exit(EXIT_SKIPPED if summary.skipped else EXIT_OK)


@app.command("corpus-analyse")
def corpus_analyse_cmd(
    out: Path = typer.Argument(..., help="The output folder of a corpus run (made with --no-analyse)."),
    event: Optional[list[str]] = typer.Option(None, "--event", help="Analyse this event (repeatable); default: "
                                                                    "every event not analysed yet."),
    engine: CorpusEngine = typer.Option(CorpusEngine.local, "--engine", help="local (process pool) or ray."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: the CPUs available)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster address (engine ray)."),
    min_reports: Optional[int] = typer.Option(None, "--min-reports", min=1,
                                              help="Without --event: analyse the events of at least this many reports "
                                                   "(default 2, or min_reports in [corpus])."),
    html: bool = typer.Option(False, "--html", help="Also write report.html for each analysed event."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines on stderr."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML); corpus parameters in its [corpus] table."),
    embedding_precision: Optional[str] = typer.Option(None, "--embedding-precision", metavar="float|int8",
                                                      help=PRECISION_HELP),
) -> None:
    """Analyse the events a corpus run stored without their analysis (storylens corpus --no-analyse)."""
    from .config import load_settings
    from .corpus import analyse_stored, corpus_settings

    try:
        if not (out / "storylens.sqlite").is_file():
            raise UsageError(f"{out}: no corpus store here (storylens.sqlite); run storylens corpus --out {out} first")
        settings = load_settings(config, quiet=quiet or None, embedding_precision=embedding_precision)
        cs = corpus_settings(config, engine=engine.value, workers=workers, address=ray_address,
                             html=html or None, quiet=quiet or None, min_reports=min_reports)
        summary = analyse_stored(out, settings, cs, event_ids=event or None)
    except KeyboardInterrupt:
        fail(f"interrupted: rerun the same command to analyse the events left in {out}", 130)
    except Exception as exc:
        fail_on(exc)
    if not quiet:
        before = f", {summary.already} analysed before" if summary.already else ""
        typer.echo(f"{summary.analysed} events analysed, {summary.failed} failed{before} -> {out}", err=True)
    raise typer.Exit(EXIT_SKIPPED if summary.failed else EXIT_OK)


def _corpus_sources(inputs: list[str], out: Path, settings, feeds: list[str], sitemaps: list[str],  # type: ignore[no-untyped-def]
                    url_files: list[Path]) -> list[str]:
    """The corpus inputs as files: stdin and fetched web pages are first kept in OUT/inputs/."""
    from .corpus.readers import kind_of, snapshot_stdin, snapshot_web, walk

    if not inputs and not (feeds or sitemaps or url_files):
        raise UsageError("no corpus inputs: give files or folders, '-' for stdin, --feed, --sitemap or --urls")
    files = []
    for p in inputs:
        if p == "-":
            files.append(str(snapshot_stdin(sys.stdin.buffer, out)))
            continue
        if Path(p).is_dir() and not any(kind_of(f) for f in walk(p)):
            raise UsageError(f"{p}: no supported files (looked for .jsonl[.gz], .parquet, .warc[.gz], .txt, "
                             ".md, .html, .json)")
        files.append(p)
    if feeds or sitemaps or url_files:
        files.append(str(snapshot_web(out, settings, feeds, sitemaps, url_files)))
    return files


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    sqlite = "sqlite"


@app.command("export")
def export_cmd(
    source: Path = typer.Argument(..., help="A report.json, or a store (storylens.sqlite, or the folder holding it)."),
    to: ExportFormat = typer.Option(..., "--to", help="csv, parquet (one file a table) or sqlite (a copy of the store)."),
    out_dir: Path = typer.Argument(..., help="Folder to write into (created if need be)."),
) -> None:
    """Write documents, entities and mentions, claim groups and claims, quotes, reuse pairs,
    timeline and skipped inputs as tables with stable ids and foreign keys."""
    from .store.export import export

    try:
        written = export(source, to.value, out_dir)
    except Exception as exc:
        fail_on(exc)
    typer.echo(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {out_dir}", err=True)


@app.command("serve")
def serve_cmd(
    store: Path = typer.Option(Path("storylens-data"), "--store", help="SQLite file, or a folder holding storylens.sqlite (also a corpus output folder)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (local only by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    threads: int = typer.Option(1, "--threads", help="Analysis worker threads."),
    queue_size: int = typer.Option(8, "--queue", help="Events that may wait for analysis; more get 503."),
) -> None:
    """Run the local web app: upload reports, browse and search analysed events."""
    from .web import serve

    try:
        serve(store, host=host, port=port, threads=threads, queue_size=queue_size)
    except StorylensError as exc:
        fail(str(exc), EXIT_USAGE)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
