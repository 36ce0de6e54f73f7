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
    # collection -> id -> record, for the records that loaded
    records: dict[str, dict[str, RawRecord]] = field(default_factory=dict)
    # collection -> every id that has a file, loaded or not: a reference to a file that failed
    # to load is not also reported as a reference to nothing
    ids: dict[str, set[str]] = field(default_factory=dict)

    def exists(self, collection: str, record_id: object) -> bool:
        return isinstance(record_id, str) and record_id in self.ids.get(collection, set())

    def get(self, collection: str, record_id: object) -> RawRecord | None:
        if not isinstance(record_id, str):
            return None
        return self.records.get(collection, {}).get(record_id)
