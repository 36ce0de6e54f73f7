"""The validated dataset: records by collection and id, linked to the vocabulary.

Only a dataset whose report has no error becomes a model; nothing half-valid is published.
Record data is kept exactly as loaded (strings stay strings, money stays Decimal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from relief.schemas import COLLECTIONS
from relief.validate import Validation
from relief.vocab import Vocabulary


class InvalidDataset(ValueError):
    """Raised when a model is asked for from a validation that found errors."""


@dataclass(frozen=True)
class Record:
    collection: str
    id: str
    file: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Dataset:
    records: Mapping[str, Mapping[str, Record]]
    vocab: Vocabulary
    today: dt.date

    def collection(self, name: str) -> list[Record]:
        return list(self.records[name].values())

    def get(self, collection: str, record_id: str) -> Record | None:
        return self.records[collection].get(record_id)

    def count(self) -> int:
        return sum(len(items) for items in self.records.values())


def build_model(validation: Validation, today: dt.date) -> Dataset:
    if not validation.report.ok:
        raise InvalidDataset(f"{len(validation.report.errors)} error(s) in the data")
    records = {
        name: {
            raw.record_id: Record(name, raw.record_id, raw.file, raw.data)
            for raw in sorted(validation.raw.records.get(name, []), key=lambda r: r.record_id)
        }
        for name in COLLECTIONS
    }
    return Dataset(records=records, vocab=validation.vocab, today=today)


def collection_json(dataset: Dataset, name: str) -> list[dict[str, Any]]:
    """One collection as published: each record with its id first, values untouched."""
    return [{"id": record.id, **record.data} for record in dataset.collection(name)]
