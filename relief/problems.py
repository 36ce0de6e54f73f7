"""Problems as values: every stage collects them, the CLI reports them all at once.

A problem names where it is (file, line, column, JSON pointer into the record), what
it is (a stable ``code`` that tests assert on), and says so in Chinese and English.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in the data."""

    file: str
    line: int | None
    column: int | None
    code: str
    message_zh: str
    message_en: str
    severity: Severity = Severity.ERROR
    pointer: str = ""
    record_id: str | None = None
    hint: str | None = None

    def location(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def as_text(self) -> str:
        pointer = f" {self.pointer}" if self.pointer else ""
        text = (
            f"{self.location()}: {self.severity.value}[{self.code}]{pointer}: "
            f"{self.message_zh} | {self.message_en}"
        )
        if self.hint:
            text += f"\n    提示 hint: {self.hint}"
        return text

    def as_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the changed line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        params = [f"file={_escape_property(self.file)}"]
        if self.line is not None:
            params.append(f"line={self.line}")
        if self.column is not None:
            params.append(f"col={self.column}")
        params.append(f"title={_escape_property(self.code)}")
        body = f"{self.pointer} {self.message_zh} | {self.message_en}".strip()
        if self.hint:
            body += f"\n提示 hint: {self.hint}"
        return f"::{kind} {','.join(params)}::{_escape_data(body)}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """An ordered collection of problems from one or more stages."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(
            set(self.problems),
            key=lambda p: (p.file, p.line or 0, p.column or 0, p.code, p.pointer, p.message_en),
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def flatten(self) -> list[tuple[str, str, str]]:
        """``(file, pointer, code)`` tuples: the form tests assert on."""
        return [(p.file, p.pointer, p.code) for p in self.sorted()]

    def format(self, fmt: str) -> str:
        items = self.sorted()
        if fmt == "json":
            return json.dumps([p.as_dict() for p in items], ensure_ascii=False, indent=2)
        if fmt == "github":
            return "\n".join(p.as_github() for p in items)
        lines = [p.as_text() for p in items]
        lines.append(
            f"{len(self.errors)} 个错误, {len(self.warnings)} 个警告 | "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        )
        return "\n".join(lines)
