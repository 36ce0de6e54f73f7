"""What changed between two versions of a record, field by field.

Mappings are compared key by key; lists whose items are mappings with an ``id`` (need and offer
lines, receipts …) are matched by that id, so reordering is not a change; other lists of
mappings are compared position by position; lists of plain values (skills, districts) by
membership, so an added skill is one "added" change. Each change names the JSON pointer of
the field in the newer version (the older one for a removal).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from relief.records import pointer_join


@dataclass(frozen=True)
class FieldChange:
    """One field that changed: ``old`` is None when it was added, ``new`` when it was removed;
    each is a plain value or, for an added or removed item, the whole item."""

    pointer: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"


def diff_records(old: Any, new: Any, pointer: str = "") -> list[FieldChange]:
    """Every change from ``old`` to ``new`` (two loaded record trees), in the newer order."""
    return list(_diff(old, new, pointer))


def _diff(old: Any, new: Any, pointer: str) -> Iterator[FieldChange]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            yield from _diff(old.get(key), value, pointer_join(pointer, key))
        for key, value in old.items():
            if key not in new and value is not None:
                yield FieldChange(pointer_join(pointer, key), value, None)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _diff_lists(old, new, pointer)
    elif not (old == new and type(old) is type(new)):  # 1 and 1.0, or True and 1, differ
        yield FieldChange(pointer, old, new)


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """Items by their ``id`` when every item is a mapping with a distinct one."""
    if not items or not all(isinstance(item, dict) and isinstance(item.get("id"), str)
                            for item in items):
        return None
    by_id = {item["id"]: item for item in items}
    return by_id if len(by_id) == len(items) else None


def _diff_lists(old: list[Any], new: list[Any], pointer: str) -> Iterator[FieldChange]:
    old_ids, new_ids = _keyed(old), _keyed(new)
    if old_ids is not None and new_ids is not None:
        for index, item in enumerate(new):
            at = pointer_join(pointer, index)
            yield from _diff(old_ids.get(item["id"]), item, at)
        for index, item in enumerate(old):
            if item["id"] not in new_ids:
                yield FieldChange(pointer_join(pointer, index), item, None)
    elif all(not isinstance(item, dict | list) for item in [*old, *new]):
        for index, item in enumerate(new):
            if item not in old:
                yield FieldChange(pointer_join(pointer, index), None, item)
        for index, item in enumerate(old):
            if item not in new:
                yield FieldChange(pointer_join(pointer, index), item, None)
    else:
        for index in range(max(len(old), len(new))):
            yield from _diff(old[index] if index < len(old) else None,
                             new[index] if index < len(new) else None,
                             pointer_join(pointer, index))
