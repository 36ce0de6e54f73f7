"""Time spent in each stage of the build (load, validate, derive, render, export, index).

The build keeps one :class:`Stopwatch` and passes it to each stage; ``relief build`` prints
the times and ``scripts/bench_build.py`` reads them. A stage timed twice adds up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("load", "validate", "derive", "render", "export", "index")


class Stopwatch:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if name not in STAGES:
            raise ValueError(f"unknown stage {name!r}; stages are {STAGES}")
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def summary(self) -> str:
        """``load 1.2 s · validate 3.4 s · …`` in stage order."""
        return " · ".join(f"{name} {self.seconds[name]:.2f} s"
                          for name in STAGES if name in self.seconds)
