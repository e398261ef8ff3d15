"""Do two versions of the code write the same reports? A refactoring check.

    python bench/same_reports.py save DIR     # analyse the fixed inputs, write DIR/<name>.json
    python bench/same_reports.py check DIR    # analyse again, diff against DIR (exit 1 on a change)
    ... [PREFIX ...]                          # only the inputs whose names start so

Inputs: every event in ../shared/corpus, the first 10 gva-figures incidents, the first 10
PolNeAR dev texts as one run, and the first 3 DUC 2004 clusters. Each is run through
``storylens analyze`` (a subprocess, as a user would); the run-time field ``generator`` (the
version) is ignored. A change is shown as the first differing paths of each report.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared").resolve()
DEV = SHARED / "devsets"
IGNORED = {"generator", "version", "created", "timings", "seconds"}


def inputs(tmp: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for p in sorted((SHARED / "corpus").iterdir()):
        if p.is_dir():
            out[f"corpus-{p.name}"] = p
    figs = sorted(p.name for p in (DEV / "gva-figures").iterdir() if (p / "articles.jsonl").exists())
    for n in figs[:10]:
        out[f"figures-{n}"] = DEV / "gva-figures" / n / "articles.jsonl"
    texts = sorted((DEV / "polnear" / "dev" / "text").glob("*.txt"))[:10]
    pol = tmp / "polnear"
    pol.mkdir()
    for t in texts:
        (pol / t.name).symlink_to(t)
    out["polnear-10"] = pol
    for c in sorted((DEV / "duc2004" / "clusters").glob("*.jsonl"))[:3]:
        out[f"duc-{c.stem}"] = c
    return out


def analyse(src: Path, dst: Path) -> dict:
    env = {**os.environ, "STORYLENS_EMBEDDING_THREADS": "1", "OMP_NUM_THREADS": "1"}
    r = subprocess.run([sys.executable, "-m", "storylens", "analyze", str(src), "--format", "json",
                        "-o", str(dst), "--quiet"], env=env, capture_output=True, text=True)
    if r.returncode not in (0, 1) or not dst.exists():
        raise RuntimeError(f"analyze {src} failed ({r.returncode}): {r.stderr[-500:]}")
    return json.loads(dst.read_text(encoding="utf-8"))


def strip(obj):
    if isinstance(obj, dict):  # sources under a temporary folder: compared by file name
        return {k: (os.path.basename(v) if k == "source" and isinstance(v, str) else strip(v))
                for k, v in obj.items() if k not in IGNORED}
    if isinstance(obj, list):
        return [strip(v) for v in obj]
    return obj


def diff(a, b, path: str = "", out: list[str] | None = None, limit: int = 8) -> list[str]:
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'new' if k in b else 'reference'}")
            else:
                diff(a[k], b[k], f"{path}/{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items -> {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out, limit)
    elif a != b:
        out.append(f"{path}: {str(a)[:120]!r} -> {str(b)[:120]!r}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("save", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, ref = argv[0], Path(argv[1])
    ref.mkdir(parents=True, exist_ok=True)
    changed = 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name, src in inputs(tmp).items():
            if argv[2:] and not name.startswith(tuple(argv[2:])):
                continue
            got = strip(analyse(src, tmp / f"{name}.json"))
            target = ref / f"{name}.json"
            if mode == "save":
                target.write_text(json.dumps(got, indent=1, sort_keys=True), encoding="utf-8")
                print(f"saved {name}", flush=True)
                continue
            lines = diff(strip(json.loads(target.read_text(encoding="utf-8"))), got)
            changed += bool(lines)
            print(f"{'same   ' if not lines else 'CHANGED'} {name}", flush=True)
            for line in lines:
                print(f"    {line}")
    if mode == "check":
        print(f"{changed} report(s) changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
