"""The stage registry: each step of the pipeline declares, beside its function, what it needs
and what it adds.

    @stage("quotes", requires=("documents", "entities"), provides=("quote_groups",))
    def run(state: EventState) -> dict[str, list]: ...

Three kinds of step:
- ``source``: inputs (paths, URLs, stdin) -> raw documents (``ingest``);
- ``document``: one raw document -> one :class:`~storylens.model.Document`, each step called
  as ``fn(raw, doc, settings)`` with the document so far (None before ``clean``) and
  returning the document (``clean``, ``language``, ``outlet``); a step that raises
  :class:`~storylens.errors.InputError` drops the document, recorded under the step's name;
- ``event``: the documents of one event -> report sections, called as ``fn(state)`` and
  returning exactly the sections it declares.

Stages import this module and :mod:`storylens.pipeline.state`, never the runner
(:mod:`storylens.pipeline.run`), which imports the stage modules and runs what they register.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

KINDS = ("source", "document", "event")
REGISTRY: dict[str, "Stage"] = {}


@dataclass(frozen=True)
class Stage:
    name: str
    target: str  # "module:function", looked up when the stage runs
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    kind: str = "event"

    def load(self) -> Callable[..., Any]:
        mod, fn = self.target.split(":")
        return getattr(importlib.import_module(mod), fn)


def stage(name: str, requires: Iterable[str] = (), provides: Iterable[str] = (),
          kind: str = "event") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the pipeline step ``name``."""
    if kind not in KINDS:
        raise ValueError(f"stage {name!r}: kind {kind!r} is not one of {KINDS}")

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        st = Stage(name, f"{fn.__module__}:{fn.__name__}", tuple(requires), tuple(provides), kind)
        old = REGISTRY.get(name)
        if old is not None and old.target != st.target:
            raise ValueError(f"stage {name!r} is registered twice: {old.target} and {st.target}")
        REGISTRY[name] = st
        return fn

    return register


def registered(modules: Sequence[str], kind: str) -> tuple[Stage, ...]:
    """The stages of ``kind`` that ``modules`` register, in the order of the modules."""
    for m in modules:
        importlib.import_module(m)
    order = {m: i for i, m in enumerate(modules)}
    found = [s for s in REGISTRY.values() if s.kind == kind and s.target.split(":")[0] in order]
    return tuple(sorted(found, key=lambda s: order[s.target.split(":")[0]]))


def check_stages(stages: Sequence[Stage], given: Iterable[str] = ("documents",)) -> None:
    """Every requirement is provided by an earlier stage (or is given)."""
    have = set(given)
    for st in stages:
        missing = [r for r in st.requires if r not in have]
        if missing:
            raise ValueError(f"stage {st.name!r} requires {missing}, which no earlier stage provides")
        have.update(st.provides)
