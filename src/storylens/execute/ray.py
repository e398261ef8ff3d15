"""The Ray engine: the same stage functions as Ray tasks, on one machine or a cluster.

Locally (no address) it starts a private Ray runtime with ``workers`` CPUs. To use a
cluster, start one (``ray start --head`` on the head node, ``ray start --address HEAD:6379``
on the others, each with storylens installed), then run
``storylens corpus feed.jsonl --out DIR --engine ray --ray-address HEAD:6379`` (or set
``RAY_ADDRESS``). Only this module imports ``ray`` (the ``ray`` extra of the package).
"""
from __future__ import annotations

import os
from typing import Any, Callable, Sequence

from ..errors import UsageError
from .local import DEFAULT_RECYCLE_TASKS


def _call(fn: Callable[..., Any], args: tuple) -> Any:
    return fn(*args)


class _Refs:
    """Results of Ray tasks, read in the order the tasks were handed in."""

    def __init__(self, ray: Any, refs: list[Any]):
        self._ray, self._refs = ray, refs

    def result(self) -> list[Any]:
        return self._ray.get(self._refs) if self._refs else []


class RayEngine:
    """``map(fn, args)`` as Ray tasks; results come back in order."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None,
                 recycle_tasks: int = DEFAULT_RECYCLE_TASKS):
        try:
            import ray
        except ImportError:
            raise UsageError("the ray engine needs Ray: pip install 'storylens[ray]' "
                             "(or use --engine local)") from None
        self._ray = ray
        self._started = False
        address = address or os.environ.get("RAY_ADDRESS") or None
        if not ray.is_initialized():
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=workers or None, include_dashboard=False, log_to_driver=False)
            self._started = True
        self.workers = max(1, int(ray.available_resources().get("CPU", workers or 1)))
        # a Ray worker process exits after ``recycle_tasks`` tasks (Ray's max_calls) and Ray
        # starts a fresh one: as in the local engine, memory does not grow with the corpus
        self._remote = ray.remote(num_cpus=1, max_calls=max(0, recycle_tasks))(_call)

    def map(self, fn: Callable[..., Any], args: Sequence[tuple]) -> list[Any]:
        """``[fn(*a) for a in args]`` as Ray tasks."""
        return self.submit(fn, args).result()

    def submit(self, fn: Callable[..., Any], args: Sequence[tuple]) -> Any:
        """Hand ``[fn(*a) for a in args]`` to Ray and return at once; ``.result()`` of the
        returned object waits for the results (in order)."""
        if not args:
            return _Refs(self._ray, [])
        fn_ref = self._ray.put(fn)
        return _Refs(self._ray, [self._remote.remote(fn_ref, a) for a in args])

    def close(self) -> None:
        """Shut Ray down when this engine started it."""
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
            self._started = False
