"""Benchmark: load + validate records per second on one core.

    python scripts/bench_validate.py [--records 10000]

Generates a synthetic valid dataset with scripts/synthetic.py, then times loading and
validating it (best of three runs) and prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from relief.dataset import load_dataset
from relief.schemas import load_schemas
from relief.validate import validate_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = generate(Path(tmp), args.records)
        schemas = load_schemas()
        best_load = best_total = float("inf")
        for _ in range(args.runs):
            start = time.perf_counter()
            raw = load_dataset(data)
            loaded = time.perf_counter()
            result = validate_dataset(raw, dt.date(2026, 11, 29), schemas)
            done = time.perf_counter()
            best_load = min(best_load, loaded - start)
            best_total = min(best_total, done - start)
        records = sum(len(v) for v in raw.records.values())
        print(f"records: {records}")
        print(f"problems: {len(result.report)} (errors: {len(result.report.errors)})")
        print(f"load: {best_load:.2f} s ({records / best_load:,.0f} records/s)")
        print(f"load+validate: {best_total:.2f} s ({records / best_total:,.0f} records/s)")


if __name__ == "__main__":
    main()
