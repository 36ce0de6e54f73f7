"""Raw records: one YAML file each, with the positions of its values for error messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeGuard

from relief.problems import Problem, Severity


@lru_cache(maxsize=65536)  # records share most of their pointers
def pointer_join(base: str, token: str | int) -> str:
    """Append one reference token to a JSON pointer (RFC 6901 escaping)."""
    text = str(token).replace("~", "~0").replace("/", "~1")
    return f"{base}/{text}"


@dataclass
class Positions:
    """JSON pointer -> (line, column), both 1-based, of every key and value in one file."""

    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Position of the value at ``pointer``, or of its nearest ancestor that exists."""
        current = pointer
        while True:
            if current in self.values:
                return self.values[current]
            if not current:
                return (None, None)
            current = current.rsplit("/", 1)[0]

    def locate_key(self, pointer: str) -> tuple[int | None, int | None]:
        """Position of the mapping key that holds ``pointer`` (falls back to the value)."""
        return self.keys.get(pointer) or self.locate(pointer)


@dataclass(frozen=True)
class Comment:
    """A YAML comment: from its ``#`` to the end of the line, 1-based position of the ``#``."""

    line: int
    column: int
    text: str


@dataclass
class RawRecord:
    """One record as written: its collection, id (the file stem), data and positions."""

    collection: str
    record_id: str
    file: str
    data: dict[str, Any]
    positions: Positions
    comments: tuple[Comment, ...] = ()  # published with the file, so scanned too

    def problem(
        self,
        code: str,
        pointer: str,
        message_zh: str,
        message_en: str,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
        at_key: bool = False,
    ) -> Problem:
        line, column = (
            self.positions.locate_key(pointer) if at_key else self.positions.locate(pointer)
        )
        return Problem(
            file=self.file,
            line=line,
            column=column,
            code=code,
            message_zh=message_zh,
            message_en=message_en,
            severity=severity,
            pointer=pointer,
            record_id=self.record_id,
            hint=hint,
        )


def is_number(value: object) -> TypeGuard[Decimal | int]:
    """A loaded number: ``int`` when written whole, exact ``Decimal`` with a fraction."""
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def iter_strings(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every string value (not keys) in a loaded YAML tree, with its JSON pointer."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_strings(item, pointer_join(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_strings(item, pointer_join(pointer, index))
