"""What every rule may look at: the vocabulary, "today", and the ids of every record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from relief.records import RawRecord
from relief.vocab import Vocabulary


@dataclass
class RuleContext:
    vocab: Vocabulary
    today: dt.date
    records: dict[str, dict[str, RawRecord]] = field(
        default_factory=dict
    )  # collection -> id -> rec

    def exists(self, collection: str, record_id: object) -> bool:
        return isinstance(record_id, str) and record_id in self.records.get(collection, {})

    def get(self, collection: str, record_id: str) -> RawRecord | None:
        return self.records.get(collection, {}).get(record_id)
