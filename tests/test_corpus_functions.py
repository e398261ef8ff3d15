"""Corpus mode and the execution engines keep their functions short (at most 80 lines)."""
from __future__ import annotations

import ast
from pathlib import Path

import storylens

PACKAGE = Path(storylens.__file__).parent
MAX_LINES = 80


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """(name, lines) of each function or method longer than ``limit`` lines."""
    return [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(ast.parse(source))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > limit]


def test_the_finder_finds_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    assert long_functions(f"def f():\n{body}\n") == [("f", MAX_LINES + 1)]
    assert long_functions("def g():\n    return 1\n") == []


def test_no_long_function_in_corpus_or_execute():
    bad = [f"{p.relative_to(PACKAGE).as_posix()}:{name} ({n} lines)"
           for folder in ("corpus", "execute") for p in sorted((PACKAGE / folder).glob("*.py"))
           for name, n in long_functions(p.read_text(encoding="utf-8"))]
    assert not bad, bad
