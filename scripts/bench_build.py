"""Benchmark: a full build from clean at realistic sizes, beside the parse floor.

    python scripts/bench_build.py [--sizes 1000,10000] [--needs 200] [--offers 100]

For each size, writes a synthetic dataset with scripts/synthetic.py (``--needs`` open need
items and ``--offers`` open offer lines are added to every size but the smallest, which is
the quiet case), then:

- the parse floor: every YAML file read once with LibYAML's ``CSafeLoader``, the least any
  Python tool pays to look at the data;
- ``python -m relief build`` in a child process from clean (an empty record cache): wall
  time, peak RSS (the child's ``ru_maxrss``), the time of each stage as the build prints it,
  the output's size, its largest file and its largest HTML page;
- the pull-request preview: one directory entry changed, built again into an empty output
  folder with the record cache the first build left (relief/record_cache.py): wall time.

Prints one table in Markdown, ready for the README. Figures, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
STAGES_LINE = "各阶段耗时 stages: "


@dataclass(frozen=True)
class Run:
    label: str
    floor: float
    wall: float
    rss_mb: float
    stages: str
    output_mb: float
    largest: tuple[str, int]
    largest_html: tuple[str, int]
    rebuild: float


def parse_floor(data: Path) -> float:
    started = time.perf_counter()
    for path in sorted(data.rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def _sizes(output: Path) -> tuple[int, tuple[str, int], tuple[str, int]]:
    total, largest, largest_html = 0, ("", 0), ("", 0)
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        name = path.relative_to(output).as_posix()
        largest = max(largest, (name, size), key=lambda pair: pair[1])
        if path.suffix == ".html":
            largest_html = max(largest_html, (name, size), key=lambda pair: pair[1])
    return total, largest, largest_html


def _build(label: str, data: Path, output: Path, cache: Path) -> tuple[float, str]:
    """Wall time and standard output of one ``relief build``."""
    env = {**os.environ, "RELIEF_TODAY": "2026-11-29", "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(data), "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build of {label} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return wall, done.stdout


def _change_one_entry(data: Path) -> None:
    entry = min((data / "organizations").glob("*.yaml"))
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("name: ", "name: 改", 1), "utf-8")


def build_once(label: str, data: Path, work: Path) -> Run:
    floor = parse_floor(data)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    wall, stdout = _build(label, data, work / "output", work / "cache")
    # ru_maxrss is the largest child so far (KiB on Linux): sizes run smallest first.
    rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    stages = next((line.removeprefix(STAGES_LINE) for line in stdout.splitlines()
                   if line.startswith(STAGES_LINE)), "?")
    total, largest, largest_html = _sizes(work / "output")
    _change_one_entry(data)
    rebuild, _ = _build(label, data, work / "preview", work / "cache")
    return Run(label, floor, wall, rss, stages, total / 1e6, largest, largest_html, rebuild)


def table(runs: list[Run]) -> str:
    lines = ["| data | parse floor | wall | × floor | peak RSS | output | largest file "
             "| largest page | stages | rebuild, 1 entry changed |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for run in runs:
        lines.append(
            f"| {run.label} | {run.floor:.1f} s | {run.wall:.1f} s | {run.wall / run.floor:.1f} "
            f"| {run.rss_mb:,.0f} MB | {run.output_mb:,.0f} MB "
            f"| `{run.largest[0]}` {run.largest[1] / 1e6:.1f} MB "
            f"| `{run.largest_html[0]}` {run.largest_html[1] / 1e3:,.0f} KB | {run.stages} "
            f"| {run.rebuild:.1f} s |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000",
                        help="directory entries per run, comma-separated (e.g. 1000,10000,50000)")
    parser.add_argument("--needs", type=int, default=200, help="open need items")
    parser.add_argument("--offers", type=int, default=100, help="open offer lines")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    runs: list[Run] = []
    for index, size in enumerate(sizes):
        quiet = index == 0 and len(sizes) > 1
        needs, offers = (0, 0) if quiet else (args.needs, args.offers)
        label = f"{size:,} entries" + ("" if quiet else f" + {needs} needs + {offers} offers")
        print(f"bench-build: {label}: writing synthetic data …", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            data = generate(Path(tmp), size, needs=needs, offers=offers)
            print(f"bench-build: {label}: building …", flush=True)
            runs.append(build_once(label, data, Path(tmp)))
        print(f"bench-build: {label}: {runs[-1].wall:.1f} s", flush=True)
    print()
    print(table(runs))


if __name__ == "__main__":
    main()
