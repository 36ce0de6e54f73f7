"""Benchmark: matching open need items with offers and directory entries on one core.

    python scripts/bench_matching.py [--needs 10000] [--organizations 10000] [--offers 2000]

Generates a synthetic valid dataset with scripts/synthetic.py (every need item open, every
offer line open as of 2026-11-29), loads and validates it (not timed), then times
``relief.matching_rank.match_dataset``: reading the needs, offers and entries from the model and
ranking every candidate of every open need item (best of three runs). It also times what the
pages take from it: the top candidates of every item, and one entry's needs with its rank.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from relief.dataset import load_dataset
from relief.matching_rank import Matching, match_dataset
from relief.model import build_model
from relief.schemas import load_schemas
from relief.validate import validate_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

TODAY = dt.date(2026, 11, 29)
STALE_AFTER_DAYS = 365
SHOWN = 5  # MATCH_CANDIDATES


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        result = None  # the previous run's result is freed before the next is timed
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--offers", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = generate(Path(tmp), args.organizations, needs=args.needs, offers=args.offers)
        validation = validate_dataset(load_dataset(data), TODAY, load_schemas())
        dataset = build_model(validation, TODAY)
    seconds, matching = best_of(args.runs, lambda: match_dataset(dataset, STALE_AFTER_DAYS))
    assert isinstance(matching, Matching)
    ranked = sum(matching.count(need.key) for need in matching.needs)
    offers = sum(1 for holder in matching.holders if holder.kind == "offer")
    print(f"open need items: {len(matching.needs)}; candidates: "
          f"{len(matching.holders) - offers} entries, {offers} offers")
    print(f"ranked candidacies: {ranked:,} ({ranked / max(len(matching.needs), 1):,.0f} per item)")
    print(f"matching (best of {args.runs}): {seconds:.2f} s")
    top, _ = best_of(1, lambda: [matching.candidates(n.key, SHOWN) for n in matching.needs])
    print(f"top {SHOWN} candidates of every item as dataclasses: {top:.2f} s")
    entry = next(h.id for h in matching.holders if h.kind == "organization")
    reverse, found = best_of(1, lambda: matching.for_holder(entry))
    print(f"one entry's needs with its rank ({len(found)} needs): {reverse:.2f} s")


if __name__ == "__main__":
    main()
