"""The local engine: a pool of worker processes on this machine (the default engine).

With one worker the functions run in this process (no pool, nothing to start). Workers are
started with ``spawn`` so that no thread state of the parent (ONNX runtime, spaCy) is copied
into them; each worker loads spaCy and the models once and keeps them for a while, and its
OpenMP/BLAS thread pools are limited to its share of the CPUs.

Workers are replaced by fresh ones after ``recycle_tasks`` tasks each (between two ``map``
calls, never inside one): a long-lived spaCy process keeps every new word it has seen in its
string store, so without this the workers' memory would grow with the corpus. A restart costs
one model load (a few seconds) per worker. (``ProcessPoolExecutor(max_tasks_per_child=...)``
is not used: it can hang on Python 3.11 to 3.13, CPython issue 115634.)
"""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import Future, ProcessPoolExecutor, wait
from typing import Any, Callable, Sequence


def _call(fn: Callable[..., Any], args: tuple) -> Any:
    return fn(*args)


DEFAULT_RECYCLE_TASKS = 200  # tasks per worker before it is replaced (about 20k articles in corpus mode)

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _init_worker(threads: int) -> None:
    """Limit a worker's native thread pools (OpenMP, BLAS) to ``threads``: the workers
    together then use no more threads than there are CPUs."""
    for var in _THREAD_VARS:
        os.environ.setdefault(var, str(threads))
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(threads)
    except Exception:  # threadpoolctl missing: the variables above still hold for later imports
        pass


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Done:
    """Results computed already (``submit`` with one worker, or an engine without ``submit``)."""

    def __init__(self, results: list[Any]):
        self._results = results

    def result(self) -> list[Any]:
        return self._results


class _Futures:
    """Results of tasks running in a pool, in the order they were handed in."""

    def __init__(self, futures: list[Future]):
        self._futures = futures

    def result(self) -> list[Any]:
        return [f.result() for f in self._futures]


class LocalEngine:
    """``map(fn, args)`` over a process pool; results come back in order."""

    name = "local"

    def __init__(self, workers: int | None = None, recycle_tasks: int = DEFAULT_RECYCLE_TASKS):
        self.workers = max(1, workers or default_workers())
        self.recycle_tasks = max(0, recycle_tasks)  # 0: never replace the workers
        self._pool: ProcessPoolExecutor | None = None
        self._tasks = 0  # tasks run by the current pool
        self._running: list[Future] = []  # tasks handed in and perhaps not finished
        self.restarts = 0  # pools replaced so far

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            threads = max(1, default_workers() // self.workers)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                             initializer=_init_worker, initargs=(threads,))
        return self._pool

    def map(self, fn: Callable[..., Any], args: Sequence[tuple]) -> list[Any]:
        """``[fn(*a) for a in args]``, spread over the workers."""
        if self.workers == 1 or len(args) <= 1:
            return [fn(*a) for a in args]
        results = self.submit(fn, args).result()
        self._recycle_if_due()
        return results

    def submit(self, fn: Callable[..., Any], args: Sequence[tuple]) -> Done | _Futures:
        """Hand ``[fn(*a) for a in args]`` to the workers and return at once; ``.result()`` of
        the returned object waits for the results (in order). Tasks run in the order they were
        handed in, so work handed in later (by ``submit`` or ``map``) queues behind them."""
        if self.workers == 1 or len(args) <= 1:
            return Done([fn(*a) for a in args])
        self._recycle_if_due()
        pool = self._get_pool()
        futures = [pool.submit(_call, fn, a) for a in args]
        self._tasks += len(args)
        self._running = [f for f in self._running if not f.done()] + futures
        return _Futures(futures)

    def _recycle_if_due(self) -> None:
        """Replace the workers once they have run ``recycle_tasks`` tasks each, after the tasks
        handed in so far have finished (their results stay readable)."""
        if self.recycle_tasks and self._pool is not None and self._tasks >= self.recycle_tasks * self.workers:
            wait(self._running)
            self.close()  # the next task starts fresh workers
            self.restarts += 1

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._tasks = 0
        self._running = []
