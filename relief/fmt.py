"""Canonical formatting of record files: ``python -m relief fmt [PATHS...] [--check]``.

The same data always gives the same bytes, so pull-request diffs show only real changes: keys
in the order of the collection schema, block style, 2-space indentation, strings quoted only
when plain text would read back as something else. A file is rewritten only when the new text
loads back to exactly the same values; a file with comments is left alone with a warning, since
the emitter cannot keep them and nothing may be lost silently.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referencing import Registry, Resource

from relief.problems import Problem, Report, Severity
from relief.records import pointer_join
from relief.schemas import SchemaSet, load_schemas

# The loader's own typing of plain scalars, so quoting decisions cannot drift from it.
from relief.yamlstrict import load_bytes, load_file, resolve_plain

if TYPE_CHECKING:
    from referencing._core import Resolver

# A string that matches cannot be written plain: it starts with an indicator, a space or "...",
# ends with a space or colon, holds ": " or " #", or has a character that needs an escape.
_NOT_PLAIN = re.compile(
    r"\A(?:[-?:,\[\]{}#&*!|>'\"%@` ]|\.\.\.)|[ :]\Z|: | #"
    "|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
)
# A multi-line string that matches cannot be a literal block scalar kept exactly: more than one
# trailing newline, no text or a first text line starting with a space (the indentation would
# be misread), trailing spaces, tabs or characters that need an escape.
_NOT_LITERAL = re.compile(
    r"\n\n\Z|\A\n*(?: |\Z)| \n| \Z"
    "|[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
)
_ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n",
    "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L",
    "\u2029": "\\P",
}  # fmt: skip


class _Shape:
    """The key order of one object schema, and the shapes of its properties and array items."""

    def __init__(self, node: Any, resolver: Resolver[Any]) -> None:
        properties: dict[str, tuple[Any, Resolver[Any]]] = {}
        items: tuple[Any, Resolver[Any]] | None = None
        while isinstance(node, dict):  # the node's own keywords first, then its $ref target
            for key, child in node.get("properties", {}).items():
                properties.setdefault(key, (child, resolver))
            if items is None and "items" in node:
                items = (node["items"], resolver)
            if "$ref" not in node:
                break
            resolved = resolver.lookup(node["$ref"])
            node, resolver = resolved.contents, resolved.resolver
        self.rank = {key: index for index, key in enumerate(properties)}
        self._specs: dict[str | None, tuple[Any, Resolver[Any]] | None] = {None: items}
        self._specs.update(properties)
        self._children: dict[str | None, _Shape | None] = {}

    def child(self, key: str | None) -> _Shape | None:
        """The shape of property ``key``, or of the array items when ``key`` is None."""
        if key not in self._children:
            spec = self._specs.get(key)
            self._children[key] = None if spec is None else _Shape(*spec)
        return self._children[key]


# Per schema set (by id; the set is kept so the id stays unique): its registry and root shapes.
_CACHE: dict[int, tuple[SchemaSet, Registry[Any], dict[str, _Shape | None]]] = {}


def _root_shape(schemas: SchemaSet, collection: str) -> _Shape | None:
    if id(schemas) not in _CACHE:
        documents = schemas.schemas.values()
        registry: Registry[Any] = Registry().with_resources(
            (doc["$id"], Resource.from_contents(doc)) for doc in documents
        )
        _CACHE[id(schemas)] = (schemas, registry, {})
    _, registry, roots = _CACHE[id(schemas)]
    if collection not in roots:
        schema = schemas.schemas.get(collection)
        resolver = registry.resolver(base_uri=schema["$id"]) if schema is not None else None
        roots[collection] = None if resolver is None else _Shape(schema, resolver)
    return roots[collection]


def format_record(data: Any, collection: str, schemas: SchemaSet) -> str:
    """The canonical YAML text of a loaded record (keys ordered by the collection schema)."""
    out: list[str] = []
    if isinstance(data, dict | list) and data:
        _block(data, _root_shape(schemas, collection), 0, out)
    else:
        out.append(_scalar(data, 2))
    return "\n".join(out) + "\n"


def _block(
    value: dict[str, Any] | list[Any], shape: _Shape | None, indent: int, out: list[str]
) -> None:
    """Append the lines of a non-empty mapping or sequence whose lines start at ``indent``."""
    pad = " " * indent
    if isinstance(value, dict):
        rank = shape.rank if shape is not None else {}
        last = len(rank)  # keys unknown to the schema keep their order, after the known ones
        for key, child in sorted(value.items(), key=lambda item: rank.get(item[0], last)):
            head = f"{pad}{_key(key)}:"
            if isinstance(child, dict | list) and child:
                out.append(head)
                _block(child, shape.child(key) if shape is not None else None, indent + 2, out)
            else:
                out.append(f"{head} {_scalar(child, indent + 2)}")
        return
    item_shape = shape.child(None) if shape is not None else None
    for item in value:
        if isinstance(item, dict | list) and item:
            start = len(out)
            _block(item, item_shape, indent + 2, out)
            out[start] = f"{pad}- {out[start][indent + 2 :]}"  # "- " takes the first indent
        else:
            out.append(f"{pad}- {_scalar(item, indent + 2)}")


def _scalar(value: Any, indent: int) -> str:
    """A scalar (or empty container) as written after "key: " or "- "."""
    if isinstance(value, str):
        return _string(value, indent)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:f}"  # exactly as written: 1.50 stays 1.50, 0.0000001 never becomes 1E-7
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    raise TypeError(f"cannot format a value of type {type(value).__name__}")


@lru_cache(maxsize=4096)  # keys, enum values, units, places and dates recur
def _plain(text: str) -> bool:
    return not _NOT_PLAIN.search(text) and isinstance(resolve_plain(text), str)


def _key(key: str) -> str:
    return key if _plain(key) else _quoted(key)


def _string(text: str, indent: int) -> str:
    if _plain(text):
        return text
    if "\n" in text and not _NOT_LITERAL.search(text):
        pad = " " * indent
        body = text.removesuffix("\n")
        lines = "\n".join(pad + line if line else "" for line in body.split("\n"))
        return ("|\n" if len(body) < len(text) else "|-\n") + lines
    return _quoted(text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")


def _quoted(text: str) -> str:
    return f'"{_ESCAPED.sub(_escape, text)}"'


def _difference(old: Any, new: Any, pointer: str = "") -> str | None:
    """The pointer of the first value whose type or text differs, or None when all are equal."""
    if type(old) is not type(new):
        return pointer
    if not isinstance(old, dict | list):
        return None if str(old) == str(new) else pointer  # str: Decimal 1.50 is not 1.5
    same_shape = old.keys() == new.keys() if isinstance(old, dict) else len(old) == len(new)
    if not same_shape:
        return pointer
    for key in old if isinstance(old, dict) else range(len(old)):
        found = _difference(old[key], new[key], pointer_join(pointer, key))
        if found is not None:
            return found
    return None


_HAS_COMMENTS = (
    "文件中有注释（# 开头的说明），格式化会丢掉注释，因此没有改动这个文件",
    "the file has comments that fmt would drop; it was left unchanged",
    "请把注释里的说明移到 note 或 description 字段，或删除注释，然后再运行 fmt。",
)
_VALUE_CHANGED = (
    "格式化后某个值会改变，已拒绝改写这个文件",
    "formatting would change a value, so the file was not rewritten",
    "这是 fmt 程序的缺陷，请把这个文件报告给开发人员；文件本身没有被改动。",
)


def _problem(
    file: str, code: str, zh: str, en: str, hint: str, pointer: str = "", *, warning: bool = False
) -> Problem:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Problem(file, None, None, code, zh, en, severity, pointer, hint=hint)


def _reformatted(path: Path, schemas: SchemaSet, report: Report) -> bytes | None:
    """The new bytes of one file, or None when it is canonical already or must stay as it is."""
    name = str(path)
    loaded = load_file(path, name)
    if loaded.problems:
        report.extend(loaded.problems)
        return None
    if loaded.has_comments:
        report.add(_problem(name, "fmt.has-comments", *_HAS_COMMENTS, warning=True))
        return None
    new = format_record(loaded.data, path.parent.name, schemas).encode()
    if new == path.read_bytes():
        return None  # unchanged bytes cannot change a value
    again = load_bytes(new, name)
    where = "" if again.problems else _difference(loaded.data, again.data)
    if where is not None:
        report.add(_problem(name, "fmt.value-changed", *_VALUE_CHANGED, where))
        return None
    return new


def _record_files(paths: list[Path], report: Report) -> list[Path]:
    files: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            files.update(dict.fromkeys(p for p in sorted(path.rglob("*.yaml")) if p.is_file()))
        elif path.exists():
            files[path] = None
        else:
            report.add(
                _problem(
                    str(path),
                    "fmt.no-such-path",
                    f"找不到文件或目录：{path}",
                    f"no such file or directory: {path}",
                    "请检查路径的拼写；不写路径时整理 data 目录下的全部记录。",
                )
            )
    return list(files)


def run_fmt(paths: list[Path], *, check: bool) -> int:
    """Format the record files under ``paths`` (with ``check``: only list them); the exit code.

    Check mode exits 1 when a file would change; both modes exit 1 when a file could not be
    processed. Files with comments are reported as warnings and do not change the exit code.
    """
    schemas = load_schemas()
    report = Report()
    files = _record_files(paths, report)
    changed = 0
    for path in files:
        text = _reformatted(path, schemas, report)
        if text is None:
            continue
        changed += 1
        if check:
            print(f"需要格式化 would reformat: {path}")
            continue
        try:
            path.write_bytes(text)
        except OSError as error:
            report.add(
                _problem(
                    str(path),
                    "fmt.write-failed",
                    f"无法写入文件：{error.strerror or error}",
                    f"cannot write the file: {error}",
                    "请确认文件没有被设为只读，也没有被其他程序占用。",
                )
            )
        else:
            print(f"已格式化 reformatted: {path}")
    if report.problems:
        print(report.format("text"))
    elif not changed:
        print(f"格式无需改动 | {len(files)} file(s) already formatted")
    return 1 if (check and changed) or not report.ok else 0
