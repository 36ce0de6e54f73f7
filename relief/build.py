"""The build: validate, refuse on any error, then write what the platform publishes.

Today this writes the exact JSON of every collection under ``output/data/``; the pages
(Pelican) and the search index join this pipeline as they are built.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from relief import exactjson
from relief.model import Dataset, build_model, collection_json
from relief.schemas import COLLECTIONS
from relief.validate import Validation, validate_path

log = logging.getLogger(__name__)


def write_collections(dataset: Dataset, output: Path) -> list[Path]:
    target = output / "data"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in COLLECTIONS:
        path = target / f"{name}.json"
        path.write_text(exactjson.dumps(collection_json(dataset, name)) + "\n", encoding="utf-8")
        written.append(path)
    return written


def build(data_dir: Path, output: Path, today: dt.date) -> tuple[Validation, list[Path]]:
    """Validate ``data_dir``; when clean, write the published files. Returns what it wrote."""
    validation = validate_path(data_dir, today)
    if not validation.report.ok:
        return validation, []
    dataset = build_model(validation, today)
    written = write_collections(dataset, output)
    log.info("%d records, %d files written to %s", dataset.count(), len(written), output)
    return validation, written
