"""Work split among forked processes (relief.workers): every item once, results in order."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from relief.workers import map_slices, worker_count


def _pids_and_items(first: int, items: Sequence[int]) -> list[tuple[int, int, int]]:
    return [(os.getpid(), first + at, item) for at, item in enumerate(items)]


def test_slices_cover_every_item_once_in_order_across_processes() -> None:
    items = list(range(1000, 1101))
    parts = map_slices(_pids_and_items, items, 2)
    rows = [row for part in parts for row in part]
    assert [item for _, _, item in rows] == items
    assert all(items[position] == item for _, position, item in rows)
    assert os.getpid() not in {pid for pid, _, _ in rows}


def test_one_worker_runs_here() -> None:
    (part,) = map_slices(_pids_and_items, [1, 2, 3], 1)
    assert part == [(os.getpid(), 0, 1), (os.getpid(), 1, 2), (os.getpid(), 2, 3)]


def test_a_workers_error_reaches_the_caller() -> None:
    def fail(first: int, items: Sequence[int]) -> None:
        if 50 in items:
            raise ValueError(f"bad item in slice from {first}")

    with pytest.raises(ValueError, match="bad item in slice"):
        map_slices(fail, list(range(100)), 2)


def test_zero_workers_means_one_per_core() -> None:
    assert worker_count(0) == len(os.sched_getaffinity(0))
    assert worker_count(3) == 3
