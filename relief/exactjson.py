"""JSON that keeps values exactly as written: Decimal ``1.50`` is written ``1.50``.

``json`` would turn a Decimal into a float (``1.5``) or refuse it. Numbers here are written
from their own text, so a published figure is the figure in the YAML, digit for digit.
"""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """Serialise a loaded record tree (dict, list, str, Decimal, int, bool, None)."""
    parts: list[str] = []
    _write(value, parts, indent, 0)
    return "".join(parts)


def loads(text: str) -> Any:
    """Parse JSON written by :func:`dumps`: whole numbers to int, fractions to exact Decimal."""
    return json.loads(text, parse_float=Decimal)


_CONSTANTS = {True: "true", False: "false", None: "null"}


def _write(value: Any, out: list[str], indent: int | None, depth: int) -> None:
    # Strings are quoted by json's own C encoder: json.dumps(text, ensure_ascii=False) exactly,
    # without its per-call set-up (this runs once for every value of every record).
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, bool) or value is None:
        out.append(_CONSTANTS[value])
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as JSON")
        out.append(format(value, "f"))  # str() would write 0.0000001 as 1E-7
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, dict | list):
        _write_container(value, out, indent, depth)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write_container(value: dict[Any, Any] | list[Any], out: list[str], indent: int | None,
                     depth: int) -> None:
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    newline = "" if indent is None else "\n" + " " * (indent * (depth + 1))
    closing = "" if indent is None else "\n" + " " * (indent * depth)
    separator = (", " if indent is None else ",") + newline
    if isinstance(value, dict):
        out.append("{" + newline)
        for index, (key, item) in enumerate(value.items()):
            out.append((separator if index else "") + encode_basestring(str(key)) + ": ")
            _write(item, out, indent, depth + 1)
        out.append(closing + "}")
    else:
        out.append("[" + newline)
        for index, item in enumerate(value):
            if index:
                out.append(separator)
            _write(item, out, indent, depth + 1)
        out.append(closing + "]")
