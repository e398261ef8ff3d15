"""Execution engines: the only modules that know about worker processes.

An engine maps a plain, picklable function over a list of argument tuples and returns the
results in order: ``engine.map(fn, [(a, b), (c, d)]) == [fn(a, b), fn(c, d)]``;
``engine.submit(fn, args)`` hands the same work in and returns at once, its ``.result()``
giving that list later (corpus mode clusters one chunk while the workers prepare the next).
Corpus mode hands its stage functions to an engine and never deals with workers itself.

- ``local``: a process pool on this machine (one worker runs in-process);
- ``ray``: Ray tasks, on a local Ray runtime or a cluster (``address``).
"""
from __future__ import annotations

from typing import Any, Callable, Protocol, Sequence

from .local import DEFAULT_RECYCLE_TASKS, Done


class Engine(Protocol):
    workers: int

    def map(self, fn: Callable[..., Any], args: Sequence[tuple]) -> list[Any]: ...

    def submit(self, fn: Callable[..., Any], args: Sequence[tuple]) -> Any: ...  # .result() -> list

    def close(self) -> None: ...


def get_engine(name: str = "local", workers: int | None = None, address: str | None = None,
               recycle_tasks: int = DEFAULT_RECYCLE_TASKS) -> Engine:
    """An engine by name: ``local`` (process pool) or ``ray`` (Ray tasks). Worker processes
    are replaced after ``recycle_tasks`` tasks each (``DEFAULT_RECYCLE_TASKS``; 0 never), which keeps their
    memory flat over long runs."""
    from ..errors import UsageError

    if name == "local":
        from .local import LocalEngine

        return LocalEngine(workers, recycle_tasks)
    if name == "ray":
        from .ray import RayEngine

        return RayEngine(workers, address, recycle_tasks)
    raise UsageError(f"unknown engine {name!r}: use 'local' or 'ray'")


def submit(engine: Engine, fn: Callable[..., Any], args: Sequence[tuple]) -> Any:
    """``engine.submit(fn, args)``, or for an engine without ``submit`` its ``map`` run now;
    either way an object whose ``.result()`` is ``[fn(*a) for a in args]``."""
    sub = getattr(engine, "submit", None)
    return sub(fn, args) if sub is not None else Done(engine.map(fn, args))
