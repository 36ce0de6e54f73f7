"""JSON that keeps values exactly as written: Decimal ``1.50`` is written ``1.50``.

``json`` would turn a Decimal into a float (``1.5``) or refuse it. Numbers here are written
from their own text, so a published figure is the figure in the YAML, digit for digit.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """Serialise a loaded record tree (dict, list, str, Decimal, int, bool, None)."""
    parts: list[str] = []
    _write(value, parts, indent, 0)
    return "".join(parts)


def loads(text: str) -> Any:
    """Parse JSON written by :func:`dumps`: whole numbers to int, fractions to exact Decimal."""
    return json.loads(text, parse_float=Decimal)


def _write(value: Any, out: list[str], indent: int | None, depth: int) -> None:
    newline = "" if indent is None else "\n" + " " * (indent * (depth + 1))
    closing = "" if indent is None else "\n" + " " * (indent * depth)
    separator = ", " if indent is None else ","
    if isinstance(value, bool) or value is None or isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as JSON")
        out.append(format(value, "f"))  # str() would write 0.0000001 as 1E-7
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            out.append((separator if index else "") + newline)
            out.append(json.dumps(str(key), ensure_ascii=False) + ": ")
            _write(item, out, indent, depth + 1)
        out.append(closing + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        out.append("[")
        for index, item in enumerate(value):
            out.append((separator if index else "") + newline)
            _write(item, out, indent, depth + 1)
        out.append(closing + "]")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
