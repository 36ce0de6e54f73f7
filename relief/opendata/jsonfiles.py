"""Every collection as exact JSON: ``<collection>.json``, records as written in ``data/``.

Each file is an array of the collection's records sorted by id, each with its id first and
its values untouched: codes stay strings and money keeps its written decimals (``1.50``),
because :mod:`relief.exactjson` writes numbers from their own text.
"""

from __future__ import annotations

from pathlib import Path

from relief import exactjson
from relief.model import Dataset, collection_json
from relief.schemas import COLLECTIONS


def write_collections(dataset: Dataset, target: Path) -> dict[str, Path]:
    """Write ``target/<collection>.json`` for every collection; return the paths by name."""
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in COLLECTIONS:
        path = target / f"{name}.json"
        path.write_text(exactjson.dumps(collection_json(dataset, name)) + "\n", encoding="utf-8")
        written[name] = path
    return written
