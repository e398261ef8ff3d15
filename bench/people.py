"""Analyse every incident of a GVA figures set in one process and write one report per incident,
for ``score_people.py`` (people as one entity each) and ``score_figures.py``.

    .venv/bin/python bench/people.py [FIGURES_DIR] [REPORTS_DIR] [--force] [--only ID ...]
    python3 ../shared/tools/score_people.py FIGURES_DIR REPORTS_DIR

FIGURES_DIR defaults to ../shared/devsets/gva-figures and holds <incident>/articles.jsonl;
REPORTS_DIR (default /tmp/storylens-people) receives <incident>.json. The library is loaded once;
a report already written is kept unless --force is given.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("figures", nargs="?", default=str(ROOT.parent / "shared" / "devsets" / "gva-figures"))
    ap.add_argument("reports", nargs="?", default="/tmp/storylens-people")
    ap.add_argument("--force", action="store_true", help="analyse again even when a report exists")
    ap.add_argument("--only", nargs="*", default=None, help="incident ids to analyse")
    args = ap.parse_args(argv)

    import storylens
    from storylens.config import load_settings

    settings = load_settings().replace(quiet=True)
    out = Path(args.reports)
    out.mkdir(parents=True, exist_ok=True)
    folders = sorted(p for p in Path(args.figures).iterdir() if (p / "articles.jsonl").exists())
    if args.only:
        folders = [p for p in folders if p.name in set(args.only)]
    t0 = time.time()
    done = 0
    for folder in folders:
        target = out / f"{folder.name}.json"
        if target.exists() and not args.force:
            continue
        report = storylens.analyze([folder / "articles.jsonl"], settings)
        target.write_text(report.to_json(), encoding="utf-8")
        done += 1
    print(f"{done} incidents analysed in {time.time() - t0:.0f}s -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
