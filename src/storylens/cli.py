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

from . import __version__
from .config import settings_table
from .errors import OutputError, StorylensError, UsageError

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="storylens: what several news reports of one event agree on, where they differ, "
         "who said what, and which reports copy one another.",
)


class Format(str, Enum):
    json = "json"
    md = "md"
    html = "html"


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


def check_output(path: Path) -> None:
    """Fail early (before a long analysis) when the output cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(str(path), "it is a directory")
    if not parent.is_dir():
        raise OutputError(str(path), f"folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(str(path), "permission denied")


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


_SETTINGS_HELP = "; ".join(f"{n} (default {d!r})" for n, d, _ in settings_table())


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files or folders of .txt, .md, .html, .jsonl, .json; '-' reads stdin."),
    format: Format = typer.Option(Format.json, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Write report.json, report.md and report.html into this folder (one analysis)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output on stderr."),
    config: Optional[Path] = typer.Option(None, "--config", help=f"Settings file (TOML). Settings: {_SETTINGS_HELP}."),
    strict: bool = typer.Option(False, "--strict", help="Stop on the first stage error."),
    no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Rules only: no MiniLM sentence vectors."),
) -> None:
    """Analyse the reports of one event and write report.json, Markdown or HTML."""
    from .api import analyze as run_analyze
    from .config import load_settings
    from .render import render

    try:
        settings = load_settings(config, strict=strict or None, quiet=quiet or None,
                                 embeddings=False if no_embeddings else None)
        if output is not None and out_dir is not None:
            raise UsageError("give either -o FILE or --out-dir DIR, not both")
        targets = ([(out_dir / f"report.{f}", f) for f in ("json", "md", "html")] if out_dir is not None
                   else [(output, format.value)])
        for target, _ in targets:
            if target is not None:
                check_output(target)
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
def settings_cmd() -> None:
    """List every setting with its default and meaning (file: storylens.toml; env: STORYLENS_NAME)."""
    for name, default, help_text in settings_table():
        typer.echo(f"{name:18} {default!r:12} {help_text}")


class CorpusEngine(str, Enum):
    local = "local"
    ray = "ray"


@app.command("corpus")
def corpus_cmd(
    inputs: list[str] = typer.Argument(..., help="JSONL (.jsonl[.gz]), Parquet, WARC (.warc[.gz]) files or folders."),
    out: Path = typer.Option(..., "--out", help="Output folder: storylens.sqlite, events/, articles.parquet."),
    engine: CorpusEngine = typer.Option(CorpusEngine.local, "--engine", help="local (process pool) or ray."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: the CPUs available)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster address (engine ray)."),
    html: bool = typer.Option(False, "--html", help="Also write report.html for each analysed event."),
    recycle_tasks: int = typer.Option(200, "--recycle-tasks", min=0,
                                      help="Replace each worker process after this many tasks (flat memory); 0 never."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines on stderr."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML); corpus parameters in its [corpus] table."),
    no_analyse: bool = typer.Option(False, "--no-analyse", help="Cluster and deduplicate only; no per-event analysis."),
    options: list[str] = typer.Option([], "--set", metavar="NAME=VALUE",
                                      help="Corpus parameter, repeatable: e.g. cluster.window_days=5, "
                                           "cluster.join_probability=0.7, dedup.threshold=0.8, chunk=512."),
) -> None:
    """Turn a stream of articles into deduplicated, clustered, analysed events (resumable)."""
    from .config import load_settings
    from .corpus import corpus_settings, run_corpus

    try:
        settings = load_settings(config, quiet=quiet or None)
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
    raise typer.Exit(EXIT_SKIPPED if summary.skipped else EXIT_OK)


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
