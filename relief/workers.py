"""Work shared among the machine's cores: consecutive slices of a list, each in a forked process.

Forking lets a worker start with everything the build has already computed (the validated
dataset, the page plans, the compiled templates) without pickling any of it: only the slice
bounds go to a worker and only its result comes back. Results come back in list order, so
the output does not depend on how many workers ran. With one worker, or where the platform
cannot fork, the work runs here, in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The job of the pool being run: set before the workers fork, so they inherit it.
_JOB: tuple[Callable[[int, Sequence[Any]], Any], Sequence[Any]] | None = None
SLICES_PER_WORKER = 4  # smaller slices even out pages that take longer than others


def cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(setting: int) -> int:
    """The WORKERS setting as a number of processes: 0 means one per core."""
    return setting if setting > 0 else cores()


def _run(bounds: tuple[int, int]) -> Any:
    if _JOB is None:  # only a forked worker runs this, after _JOB is set
        raise RuntimeError("no job for this worker")
    func, items = _JOB
    start, stop = bounds
    return func(start, items[start:stop])


def map_slices(func: Callable[[int, Sequence[T]], R], items: Sequence[T],
               workers: int) -> list[R]:
    """``func(start, items[start:stop])`` for consecutive slices covering ``items``, in up to
    ``workers`` processes; the results in slice order."""
    global _JOB
    forking = "fork" in multiprocessing.get_all_start_methods()
    if workers <= 1 or len(items) < 2 or not forking:
        return [func(0, items)]
    size = -(-len(items) // (workers * SLICES_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _JOB = (func, items)
    # Objects made before the fork are moved out of the collector's sight: otherwise each
    # worker's collections would touch, and so copy, every page of the memory it shares.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(bounds))) as pool:
            return pool.map(_run, bounds, chunksize=1)
    finally:
        _JOB = None
        gc.unfreeze()


def run_apart(tasks: Sequence[Callable[[], R]], workers: int) -> list[R]:
    """Each of ``tasks`` called, spread over up to ``workers`` processes; results in order."""
    parts = map_slices(lambda _first, chunk: [task() for task in chunk], tasks, workers)
    return [result for part in parts for result in part]
