"""Accuracy on real, labelled news: storylens and its peers, scored by the shared scorers.

Runs the ``storylens`` CLI as a user would on every development set in ``../shared/devsets``
(and ECB+ in ``../shared/benchmarks``), scores the output with the scorers in
``../shared/tools``, runs each peer (``bench/peers.py``) in the same run, and writes
``eval/RESULTS.md`` and ``eval/results.json`` (``--fast``: ``eval/fast.md`` and
``eval/fast.json``).

    .venv/bin/python bench/eval.py                 # every set (make eval)
    .venv/bin/python bench/eval.py --fast          # the fixed subset (make eval-fast)
    .venv/bin/python bench/eval.py --fast --check eval/floors.toml   # fail below a floor
    .venv/bin/python bench/eval.py --sets figures,quotes

Reports computed for the same code (the commit, plus a hash of any uncommitted change under
``src/``) are kept in ``eval/cache/`` and reused, so an interrupted run resumes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("STORYLENS_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "devsets"
TOOLS = SHARED / "tools"
ECB = SHARED / "benchmarks" / "ecbplus" / "ecbplus_clusters.jsonl"
OUT = ROOT / "eval"
sys.path.insert(0, str(HERE))

import peers  # noqa: E402

SETS = ("figures", "quotes", "stream", "ecb", "duc")
FAST = {"figures": 30, "quotes": 30, "stream": 600, "duc": 10}  # ECB+ runs whole (both orders) in --fast too
ECB_SEED = 0


# -- plumbing ------------------------------------------------------------------------------------
def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _shuffled(recs: list) -> list:
    """A copy of the records in the evaluation's shuffled order (seed ``ECB_SEED``)."""
    out = list(recs)
    random.Random(ECB_SEED).shuffle(out)
    return out


def code_key() -> tuple[str, str]:
    """(commit, cache key): the commit, plus a hash of the code when ``src/`` has changes."""
    commit = git("rev-parse", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src", "pyproject.toml")
    if not dirty:
        return commit, commit[:12]
    h = hashlib.sha1()
    for p in sorted((ROOT / "src").rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(ROOT)).encode())
            h.update(p.read_bytes())
    return commit, f"{commit[:12]}+{h.hexdigest()[:8]}"


def default_precision() -> str:
    from storylens.config import Settings

    return Settings().embedding_precision


def precision() -> str:
    """The sentence encoder's precision the storylens subprocesses will use (they inherit this
    process's environment: ``STORYLENS_EMBEDDING_PRECISION``, set by ``--embedding-precision``)."""
    return (os.environ.get("STORYLENS_EMBEDDING_PRECISION") or default_precision()).strip().lower()


class Log:
    """Progress lines on stderr (a rich bar on a terminal)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def map(self, label: str, fn, items: list, jobs: int) -> list:
        if not items:
            return []
        if self.tty and not self.quiet:
            from rich.progress import Progress

            with Progress(transient=True) as prog, ThreadPoolExecutor(jobs) as ex:
                task = prog.add_task(label, total=len(items))
                out = []
                for r in ex.map(fn, items):
                    out.append(r)
                    prog.advance(task)
                return out
        self.say(f"{label}: {len(items)} to do")
        with ThreadPoolExecutor(jobs) as ex:
            return list(ex.map(fn, items))

    def say(self, msg: str) -> None:
        if not self.quiet:
            print(f"eval: {msg}", file=sys.stderr, flush=True)


def cli(*args: str, threads: int = 2) -> int:
    """Run ``storylens ARGS`` in a subprocess, as a user would; returns its exit code."""
    env = {**os.environ, "STORYLENS_EMBEDDING_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
    r = subprocess.run([sys.executable, "-m", "storylens", *args], env=env, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        print(f"eval: storylens {' '.join(args[:2])} failed ({r.returncode}): {r.stderr.strip()[-400:]}",
              file=sys.stderr)
    return r.returncode


def score(tool: str, *args: str | Path) -> str:
    """Run a shared scorer; returns its output."""
    r = subprocess.run([sys.executable, str(TOOLS / tool), *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{tool} failed: {r.stderr.strip()[-600:]}")
    return r.stdout


def num(pattern: str, text: str) -> float:
    m = re.search(pattern, text)
    if not m:
        raise RuntimeError(f"cannot read {pattern!r} in scorer output: {text[-300:]!r}")
    return float(m.group(1))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def analyse_one(args: tuple[Path, Path]) -> None:
    """``storylens analyze SRC -o DST`` unless DST exists (written atomically: resumable)."""
    src, dst = args
    if dst.exists():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(".part.json")
    cli("analyze", str(src), "--format", "json", "-o", str(tmp), "--quiet", threads=1)
    if tmp.exists():
        tmp.replace(dst)


def subset_dir(base: Path, names: list[str], dest: Path) -> Path:
    """A folder of links to ``names`` in ``base`` (scorers read whole folders)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for n in names:
        (dest / n).symlink_to(base / n)
    return dest


def row(system: str, seconds: float | None, **metrics: float) -> dict:
    return {"system": system, "seconds": None if seconds is None else round(seconds, 1), "metrics": metrics}


# -- the sets ------------------------------------------------------------------------------------
class Eval:
    def __init__(self, fast: bool, jobs: int, log: Log):
        self.fast, self.jobs, self.log = fast, jobs, log
        self.commit, self.key = code_key()
        self.precision = precision()
        if self.precision != default_precision():  # reports of another precision are cached apart
            self.key += f"-{self.precision}"
        self.cache = OUT / "cache" / self.key
        self.work = OUT / "cache" / "work"
        self.work.mkdir(parents=True, exist_ok=True)

    def limit(self, name: str, items: list) -> list:
        return items[: FAST[name]] if self.fast and name in FAST else items

    # killed / injured figures, key facts in the brief, people ------------------------------------
    def figures(self) -> dict:
        base = DEV / "gva-figures"
        names = self.limit("figures", sorted(p.name for p in base.iterdir() if (p / "gold.json").exists()))
        figs = subset_dir(base, names, self.work / "figures-set")
        reports = self.cache / "figures"  # one report per incident, shared by --fast and full runs
        t = time.monotonic()
        self.log.map("figures: storylens", analyse_one,
                     [(base / n / "articles.jsonl", reports / f"{n}.json") for n in names], self.jobs)
        secs = time.monotonic() - t
        naive, lead = self.work / "figures-naive", self.work / "figures-lead"
        t = time.monotonic()
        for n in names:
            arts = read_jsonl(base / n / "articles.jsonl")
            write_json(naive / f"{n}.json", peers.naive_figures(arts))
            write_json(lead / f"{n}.json", peers.lead_brief(arts))
        peer_secs = (time.monotonic() - t) / 2

        def figure_row(system, out, s):
            return row(system, s, found=num(r"found \d+ \((\d+)%\)", out) / 100,
                       best=num(r"best \d+ \((\d+)%\)", out) / 100)

        def facts_row(system, out, s):
            return row(system, s, lead_figures=num(r"in lead \d+ \((\d+)%\)", out) / 100,
                       anywhere=num(r"anywhere \d+ \((\d+)%\)", out) / 100,
                       place=num(r"place in lead \d+/\d+ \((\d+)%\)", out) / 100,
                       contradictions=num(r"contradicting gold (\d+)", out))

        people = score("score_people.py", figs, reports)
        return {
            "figures": {"what": f"gva-figures: killed/injured counts, {len(names)} incidents",
                        "rows": [figure_row("storylens", score("score_figures.py", figs, reports), secs),
                                 figure_row("naive: most frequent number near a cue word",
                                            score("score_figures.py", figs, naive), peer_secs)]},
            "brief_facts": {"what": f"gva-figures: killed/injured counts and place in the brief's first "
                                    f"three sentences, {len(names)} incidents",
                            "rows": [facts_row("storylens", score("score_brief_facts.py", figs, reports), secs),
                                     facts_row("lead: earliest report's first three sentences",
                                               score("score_brief_facts.py", figs, lead), peer_secs)]},
            "people": {"what": f"gva-figures: named victims and suspects as one entity, {len(names)} incidents",
                       "rows": [row("storylens", secs,
                                    found=num(r"found \d+ \((\d+)%\)", people) / 100,
                                    one_entity=num(r"one entity \d+ \((\d+)%\)", people) / 100,
                                    no_false_merge=num(r"no false merge \d+ \((\d+)%\)", people) / 100)]},
        }

    # quotes (PolNeAR dev) ------------------------------------------------------------------------
    def quotes(self) -> dict:
        base = DEV / "polnear" / "dev"
        stems = self.limit("quotes", sorted(p.stem for p in (base / "text").glob("*.txt")))
        split = self.work / "polnear-dev"
        if split.exists():
            shutil.rmtree(split)
        for sub in ("text", "attributions"):
            (split / sub).mkdir(parents=True)
        for s in stems:
            (split / "text" / f"{s}.txt").symlink_to(base / "text" / f"{s}.txt")
            for ann in (base / "attributions").glob(f"{s}_*.ann"):
                (split / "attributions" / ann.name).symlink_to(ann)
        report = self.cache / f"quotes-{len(stems)}.json"
        t = time.monotonic()
        self.log.say(f"quotes: storylens on {len(stems)} articles")
        analyse_one((split / "text", report))
        secs = time.monotonic() - t
        t = time.monotonic()
        naive = {"quote_groups": [{"quotes": peers.naive_quotes(s, (split / "text" / f"{s}.txt").read_text(
            encoding="utf-8"))} for s in stems]}
        write_json(self.work / "quotes-naive.json", naive)
        peer_secs = time.monotonic() - t

        def quote_row(system, out, s):
            return row(system, s, precision=num(r"P ([\d.]+)", out), recall=num(r"R ([\d.]+)", out),
                       f1=num(r"F1 ([\d.]+)", out), speaker=num(r"speaker ([\d.]+)", out))

        return {"quotes": {"what": f"PolNeAR dev: direct quotes and speakers, {len(stems)} articles",
                           "rows": [quote_row("storylens", score("score_quotes.py", split, report), secs),
                                    quote_row("naive: quotation marks + nearest capitalised name",
                                              score("score_quotes.py", split, self.work / "quotes-naive.json"),
                                              peer_secs)]}}

    # event clustering ----------------------------------------------------------------------------
    def _clusters(self, name: str, what: str, recs: list[dict], labels: list[dict]) -> dict:
        src = self.work / f"{name}.jsonl"
        src.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "text", "published", "url", "outlet")
                                           if r.get(k)}) + "\n" for r in recs), encoding="utf-8")
        gold = self.work / f"{name}-labels.jsonl"
        gold.write_text("".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8")
        out = self.cache / name
        t = time.monotonic()
        if not (out / "articles.parquet").exists():
            self.log.say(f"{name}: storylens corpus on {len(recs)} articles")
            shutil.rmtree(out, ignore_errors=True)
            cli("corpus", str(src), "--out", str(out), "--no-analyse", "--quiet")
        secs = time.monotonic() - t
        t = time.monotonic()
        from ecbplus import PEER_THRESHOLD, peer_clusters

        pred = peer_clusters([{"id": r["id"], "title": r.get("title") or "", "text": r.get("text") or ""}
                              for r in recs], PEER_THRESHOLD)
        write_json(self.work / f"{name}-tfidf.json", pred)
        peer_secs = time.monotonic() - t

        def cluster_row(system, out_text, s):
            return row(system, s, precision=num(r"P ([\d.]+)", out_text), recall=num(r"R ([\d.]+)", out_text),
                       f1=num(r"F1 ([\d.]+)", out_text))

        return {name: {"what": what, "rows": [
            cluster_row("storylens corpus", score("score_clusters.py", gold, out / "articles.parquet"), secs),
            cluster_row(f"TF-IDF + agglomerative (average, cosine {PEER_THRESHOLD})",
                        score("score_clusters.py", gold, self.work / f"{name}-tfidf.json"), peer_secs)]}}

    def stream(self) -> dict:
        base = DEV / "gva-stream"
        recs = self.limit("stream", read_jsonl(base / "stream.jsonl"))
        ids = {r["id"] for r in recs}
        labels = [x for x in read_jsonl(base / "labels.jsonl") if x["id"] in ids]
        incidents = len({x["cluster"] for x in labels})
        res = self._clusters(f"stream-{len(recs)}", f"gva-stream: {len(recs)} articles in publication order, "
                                                    f"{incidents} incidents", recs, labels)
        if not self.fast:  # the same articles out of date order (a backfilled feed, an archive)
            res.update(self._clusters(f"stream-{len(recs)}-shuffled", f"gva-stream shuffled (seed {ECB_SEED}): "
                                      f"{len(recs)} articles, {incidents} incidents", _shuffled(recs), labels))
        return res

    def ecb(self) -> dict:
        recs = read_jsonl(ECB)
        labels = [{"id": r["id"], "cluster": r["cluster"]} for r in recs]
        res = self._clusters("ecb-file", f"ECB+ in file order (topic by topic), {len(recs)} documents", recs, labels)
        res.update(self._clusters("ecb-shuffled", f"ECB+ shuffled (seed {ECB_SEED}), {len(recs)} documents",
                                  _shuffled(recs), labels))
        return res

    # multi-document summaries (DUC 2004) ---------------------------------------------------------
    def duc(self) -> dict:
        base = DEV / "duc2004"
        clusters = self.limit("duc", sorted(p.stem for p in (base / "clusters").glob("*.jsonl")))
        refs = self.work / f"duc-refs-{len(clusters)}.jsonl"
        refs.write_text("".join(line + "\n" for line in (base / "references.jsonl").read_text(encoding="utf-8")
                                .splitlines() if line.strip() and json.loads(line)["cluster"] in clusters),
                        encoding="utf-8")
        reports = self.cache / "duc"  # one report per cluster, shared by --fast and full runs
        t = time.monotonic()
        self.log.map("duc: storylens", analyse_one,
                     [(base / "clusters" / f"{c}.jsonl", reports / f"{c}.json") for c in clusters], self.jobs)
        secs = time.monotonic() - t
        texts = {name: self.work / f"duc-{name}" for name in ("storylens", "lexrank", "lead")}
        for d in texts.values():
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        for c in clusters:
            score("brief_to_txt.py", reports / f"{c}.json", texts["storylens"] / f"{c}.txt")
        t = time.monotonic()
        for c in clusters:
            (texts["lexrank"] / f"{c}.txt").write_text(
                peers.lexrank([a.get("text") or "" for a in read_jsonl(base / "clusters" / f"{c}.jsonl")]),
                encoding="utf-8")
        lex_secs = time.monotonic() - t
        for c in clusters:
            (texts["lead"] / f"{c}.txt").write_text(peers.lead_words(read_jsonl(base / "clusters" / f"{c}.jsonl")),
                                                    encoding="utf-8")

        def rouge_row(system, d, s):
            out = score("score_rouge.py", refs, d, "--words", "100")
            return row(system, s, rouge1=num(r"R-1 ([\d.]+)", out), rouge2=num(r"R-2 ([\d.]+)", out),
                       rougeL=num(r"R-L ([\d.]+)", out))

        return {"duc": {"what": f"DUC 2004 task 2: brief vs 4 human summaries, 100 words, {len(clusters)} clusters",
                        "rows": [rouge_row("storylens brief", texts["storylens"], secs),
                                 rouge_row("LexRank (sumy; sentences from storylens' splitter)", texts["lexrank"],
                                           lex_secs),
                                 rouge_row("lead: first 100 words of the earliest report", texts["lead"], None)]}}


# -- results -------------------------------------------------------------------------------------
def flat(results: dict) -> dict[str, float]:
    """``set.metric`` -> storylens' value (the first row of each set)."""
    out = {}
    for name, res in results["sets"].items():
        for k, v in res["rows"][0]["metrics"].items():
            out[f"{name}.{k}"] = v
    return out


def fmt(v: float) -> str:
    if v == int(v):
        return f"{v:.0f}"
    return f"{v:.2f}" if v >= 1 else f"{v:.3f}"


def markdown(results: dict) -> str:
    lines = [f"# Accuracy on real news{' (fast subset)' if results['fast'] else ''}", "",
             f"Commit `{results['commit'][:12]}` (code `{results['code']}`), {results['date']}, "
             f"{results['seconds']:.0f} s in all. Written by `bench/eval.py`"
             f"{' --fast' if results['fast'] else ''}; scored by the shared scorers in `../shared/tools`.",
             "Seconds are wall time on this machine in this run (storylens through its CLI, "
             "two processes at a time); reports reused from the cache of the same code count no time.", ""]
    lines += ["## Summary", "", summary(results), ""]
    for name, res in results["sets"].items():
        metrics = list(res["rows"][0]["metrics"])
        lines += [f"## {name}: {res['what']}", "",
                  "| system | " + " | ".join(metrics) + " | seconds |",
                  "|---|" + "---|" * (len(metrics) + 1)]
        for r in res["rows"]:
            cells = [fmt(r["metrics"][m]) if m in r["metrics"] else "" for m in metrics]
            lines.append(f"| {r['system']} | " + " | ".join(cells) +
                         f" | {'' if r['seconds'] is None else r['seconds']} |")
        lines.append("")
    return "\n".join(lines)


HEADLINE = {"figures": "best", "brief_facts": "lead_figures", "people": "one_entity", "quotes": "f1",
            "duc": "rouge1"}


def summary(results: dict) -> str:
    """One line per set: its headline measure for storylens and for each peer (the README table)."""
    lines = ["| set | measure | storylens | peers |", "|---|---|---|---|"]
    for name, res in results["sets"].items():
        metric = HEADLINE.get(name, "f1")
        me = res["rows"][0]["metrics"]
        peers_ = "; ".join(f"{r['system']}: {fmt(r['metrics'][metric])}" for r in res["rows"][1:]
                           if metric in r["metrics"]) or "-"
        lines.append(f"| {res['what']} | {metric} | {fmt(me[metric])} | {peers_} |")
    return "\n".join(lines)


def check(results: dict, floors_path: Path) -> list[str]:
    """Broken floors (``[floors]`` minimums and ``[ceilings]`` maximums) of this run's kind."""
    cfg = tomllib.loads(floors_path.read_text(encoding="utf-8"))
    section = cfg.get("fast" if results["fast"] else "full", {})
    got = flat(results)
    broken = []
    for key, floor in section.get("floors", {}).items():
        if key not in got:
            broken.append(f"{key}: not measured (floor {floor})")
        elif got[key] < floor:
            broken.append(f"{key}: {got[key]:.3f} is below the floor {floor}")
    for key, ceil in section.get("ceilings", {}).items():
        if key not in got:
            broken.append(f"{key}: not measured (ceiling {ceil})")
        elif got[key] > ceil:
            broken.append(f"{key}: {got[key]:.3f} is above the ceiling {ceil}")
    return broken


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fast", action="store_true", help="the fixed subset (" +
                    ", ".join(f"{k} {v}" for k, v in FAST.items()) + "; ECB+ whole, in both orders)")
    ap.add_argument("--sets", default="", help="comma-separated subset of: " + ", ".join(SETS))
    ap.add_argument("--jobs", type=int, default=2, help="storylens processes at a time")
    ap.add_argument("--check", type=Path, help="floors file: exit 1 when a score breaks a floor")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--embedding-precision", choices=("float", "int8"),
                    help="the sentence encoder's precision for every storylens run (default: "
                         "STORYLENS_EMBEDDING_PRECISION, else the settings' default, int8); reports of "
                         "another precision than the default are cached apart")
    a = ap.parse_args(argv)
    if a.embedding_precision:
        os.environ["STORYLENS_EMBEDDING_PRECISION"] = a.embedding_precision
    if not DEV.is_dir() or not TOOLS.is_dir():
        print(f"eval: the shared dev sets and scorers are not at {SHARED} (set STORYLENS_SHARED)", file=sys.stderr)
        return 2
    wanted = [s for s in (a.sets.split(",") if a.sets else SETS) if s]
    unknown = set(wanted) - set(SETS)
    if unknown:
        print(f"eval: unknown set(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    ev = Eval(a.fast, a.jobs, Log(a.quiet))
    t0 = time.monotonic()
    sets: dict = {}
    for name in wanted:
        t = time.monotonic()
        part = getattr(ev, name)()
        sets.update(part)
        for k, res in part.items():
            m = res["rows"][0]["metrics"]
            ev.log.say(f"{k}: " + ", ".join(f"{x} {fmt(v)}" for x, v in m.items()) + f" ({time.monotonic() - t:.0f} s)")
    results = {"commit": ev.commit, "code": ev.key, "fast": a.fast, "embedding_precision": ev.precision,
               "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "seconds": round(time.monotonic() - t0, 1), "sets": sets}
    stem = "fast" if a.fast else "results"
    if ev.precision != default_precision():  # a measure of a non-default setting: not the committed tables
        stem += f"-{ev.precision}"
    if set(wanted) == set(SETS) and ev.precision == default_precision():
        OUT.mkdir(exist_ok=True)
        write_json(OUT / f"{stem}.json", results)
        (OUT / ("fast.md" if a.fast else "RESULTS.md")).write_text(markdown(results), encoding="utf-8")
    else:  # a partial run does not replace the committed tables
        write_json(OUT / "cache" / f"{stem}-partial.json", results)
    print(markdown(results))
    if a.check:
        broken = check(results, a.check)
        for b in broken:
            print(f"eval: FLOOR BROKEN {b}", file=sys.stderr)
        if broken:
            return 1
        print(f"eval: every floor in {a.check} holds", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
