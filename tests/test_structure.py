"""The package's import structure: no cycles (imports inside functions count too), renderers
that only render, and stages that do not know the runner."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "storylens"


def modules() -> dict[str, Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        parts = list(p.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every storylens module that ``name`` imports, anywhere in the file."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {m: imports(m, p, known) for m, p in known.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in g:
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_renderers_import_no_stage():
    """Not directly, and not through what they import (labels, templating, the model)."""
    g = graph()
    bad = {(m, d) for m in g if m.startswith("storylens.render")
           for d in reachable(g, m) if d.startswith("storylens.stages") or d.startswith("storylens.pipeline")}
    assert not bad


def test_reachable_follows_imports_through_other_modules():
    assert reachable({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a"}}, "a") == {"b", "c"}


def test_stages_do_not_import_the_runner():
    """Stages see the pipeline only through its registry and its state (the package itself
    reads its names from the runner)."""
    allowed = {"storylens.pipeline.registry", "storylens.pipeline.state"}
    bad = {(m, d) for m, deps in graph().items() if m.startswith("storylens.stages")
           for d in deps if d.startswith("storylens.pipeline") and d not in allowed}
    assert not bad


def test_registry_and_state_do_not_import_the_runner():
    g = graph()
    for m in ("storylens.pipeline.registry", "storylens.pipeline.state"):
        assert not {d for d in reachable(g, m) if d in ("storylens.pipeline", "storylens.pipeline.run")}


def reachable(g: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for d in g.get(todo.pop(), ()):
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def test_every_registered_step_has_what_it_requires():
    """Each stage's requirements are provided by an earlier one, and each module that
    registers a stage is one the runner reads."""
    from storylens.pipeline import registry, run

    doc_steps, event = run.document_steps(), run.event_stages()  # checked in order on the way
    assert [s.name for s in doc_steps][:1] == ["clean"]
    assert {"topic", "entities", "quotes", "citations", "reuse", "origins", "claims", "timeline",
            "brief"} <= {s.name for s in event}
    have = {"documents"}
    for st in event:
        assert set(st.requires) <= have, st.name
        have |= set(st.provides)
    assert set(run.SECTIONS) <= have
    registering = {p for p, path in modules().items()
                   if "@stage(" in path.read_text(encoding="utf-8") and p != "storylens.pipeline.registry"}
    assert registering <= set(run.DOCUMENT_MODULES) | set(run.EVENT_MODULES)
    assert {s.kind for s in registry.REGISTRY.values()} <= set(registry.KINDS)


def test_the_registry_check_fails_on_a_missing_requirement():
    from storylens.pipeline.registry import Stage, check_stages

    ok = (Stage("a", "x:y", ("documents",), ("a",)), Stage("b", "x:z", ("a",), ("b",)))
    check_stages(ok)
    try:
        check_stages(ok[::-1])
    except ValueError as exc:
        assert "requires" in str(exc)
    else:
        raise AssertionError("a stage before its requirement was accepted")


MAX_LINES = 80


def long_functions() -> set[str]:
    out = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.end_lineno - node.lineno + 1 > MAX_LINES:
                out.add(f"{rel}:{node.name}")
    return out


def test_no_function_over_80_lines():
    assert not long_functions(), sorted(long_functions())
