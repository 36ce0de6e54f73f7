"""Published data: every collection as exact JSON under ``output/data/``."""

from __future__ import annotations

from pathlib import Path

from relief import exactjson
from relief.model import Dataset, collection_json
from relief.schemas import COLLECTIONS


def write_collections(dataset: Dataset, output: Path) -> list[Path]:
    target = output / "data"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in COLLECTIONS:
        path = target / f"{name}.json"
        path.write_text(exactjson.dumps(collection_json(dataset, name)) + "\n", encoding="utf-8")
        written.append(path)
    return written
