"""Create a new record: ``python -m relief new <collection> [--id ID] [--set FIELD=VALUE ...]``.

Two modes. Flag mode (for scripts): every value comes from ``--set`` (dotted paths, numeric
segments index lists: ``team.members=12``, ``sources.0.title=…``) and ``--source``; values are
typed by the collection schema. Interactive mode (stdin is a terminal, or no ``--set`` was
given): a prompt in Chinese for each required field still missing, using the schema's titles.

Today's date fills the required date fields, ``review_status`` starts as pending and
``status`` as active. The record is validated together with the whole dataset in a temporary
copy first; the file is written (canonically, with :func:`relief.fmt.format_record`) only when
the new record is valid, so nothing half-written is ever left behind.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from relief.dataset import ID_PATTERN
from relief.fmt import format_record
from relief.problems import Report
from relief.safe_files import copy_tree, folder_problem, write_regular
from relief.schemas import SchemaSet, load_schemas
from relief.today import resolve_today
from relief.validate import validate_path

COLLECTIONS = ("organizations", "guidelines", "bulletins", "campaigns", "disclosures")
ID_PREFIX = {
    "organizations": "org",
    "guidelines": "guide",
    "bulletins": "bulletin",
    "campaigns": "campaign",
    "disclosures": "disclosure",
}
DEFAULTS = {"review_status": "pending", "status": "active"}
_YES = {"是", "y", "yes", "true", "1", "对"}
_NO = {"否", "n", "no", "false", "0", "不"}


class UsageError(Exception):
    """A mistake in the command line or in an answer: exit 2 with this message."""


class _Missing:
    pass


MISSING = _Missing()


# ---------------------------------------------------------------- schema helpers


def _type_of(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return "string" if kind is None else str(kind)  # enum or const alone: text


def _child(node: dict[str, Any], segment: str) -> dict[str, Any] | None:
    if _type_of(node) == "array":
        items = node.get("items")
        return items if isinstance(items, dict) and segment.isdigit() else None
    child = node.get("properties", {}).get(segment)
    return child if isinstance(child, dict) else None


def convert(text: str, node: dict[str, Any], where: str) -> Any:
    """``text`` as the type the schema wants at ``where``."""
    kind = _type_of(node)
    value = text.strip()
    if kind == "boolean":
        if value.lower() in _YES:
            return True
        if value.lower() in _NO:
            return False
        raise UsageError(f"{where}: 请填 是 或 否 | expected 是/否 (true/false), got {text!r}")
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"{where}: 应为整数 | expected an integer, got {text!r}") from None
    if kind == "number":
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise UsageError(f"{where}: 应为数字 | expected a number, got {text!r}") from None
        if not number.is_finite():
            raise UsageError(f"{where}: 应为数字 | expected a number, got {text!r}")
        return number
    if kind in ("object", "array"):
        raise UsageError(
            f"{where}: 这是一组字段，请写到其中的具体字段，如 {where}.0 或 {where}.name"
            f" | {where} is a {kind}; set its fields (e.g. {where}.0 or {where}.name)"
        )
    enum = node.get("enum")
    if enum and value not in enum:
        choices = ", ".join(map(str, enum))
        raise UsageError(f"{where}: 只能是 {choices} 之一 | must be one of {choices}, got {text!r}")
    return text


def set_path(record: dict[str, Any], schema: dict[str, Any], path: str, text: str) -> None:
    """Set ``path`` (dotted, numeric segments index lists) in ``record`` from ``text``."""
    segments = path.split(".")
    if not path or any(not s for s in segments):
        raise UsageError(f"无效的字段路径 | invalid field path: {path!r}")
    nodes = [schema]
    for depth, segment in enumerate(segments):
        child = _child(nodes[-1], segment)
        if child is None:
            shown = ".".join(segments[: depth + 1])
            raise UsageError(f"未知字段 | unknown field: {shown}")
        nodes.append(child)
    value = convert(text, nodes[-1], path)
    container: Any = record
    for depth, segment in enumerate(segments):
        last = depth == len(segments) - 1
        following: Any = None
        if not last:
            following = [] if _type_of(nodes[depth + 1]) == "array" else {}
        if isinstance(container, list):
            index = int(segment)
            if index > len(container):
                raise UsageError(
                    f"{path}: 列表序号须从 0 起连续 | list indexes must start at 0 with no gaps"
                )
            if index == len(container):
                container.append(value if last else following)
            elif last:
                container[index] = value
            container = container[index]
        else:
            if last:
                container[segment] = value
            else:
                container = container.setdefault(segment, following)


def _required_paths(node: dict[str, Any], value: Any, prefix: str) -> Iterator[str]:
    """Dotted paths of required fields missing from ``value`` (an object schema node)."""
    for name in node.get("required", []):
        child = node.get("properties", {}).get(name, {})
        path = f"{prefix}{name}"
        present = isinstance(value, dict) and name in value
        inner = value.get(name) if isinstance(value, dict) else None
        kind = _type_of(child)
        if kind == "object":
            yield from _required_paths(child, inner if present else {}, path + ".")
        elif kind == "array":
            items = inner if present and isinstance(inner, list) else []
            minimum = int(child.get("minItems", 0))
            item = child.get("items", {})
            for index in range(max(minimum, len(items))):
                current = items[index] if index < len(items) else MISSING
                if _type_of(item) == "object":
                    yield from _required_paths(
                        item, current if isinstance(current, dict) else {}, f"{path}.{index}."
                    )
                elif current is MISSING:
                    yield f"{path}.{index}"
        elif not present:
            yield path


def _node_at(schema: dict[str, Any], path: str) -> dict[str, Any]:
    node = schema
    for segment in path.split("."):
        found = _child(node, segment)
        if found is None:
            return {}
        node = found
    return node


def _fill_defaults(record: dict[str, Any], schema: dict[str, Any], today: dt.date) -> None:
    """Today's date in required date fields, pending/active, [] for lists that may be empty."""
    for key, value in DEFAULTS.items():
        record.setdefault(key, value)
    for path in list(_required_paths(schema, record, "")):
        node = _node_at(schema, path)
        if node.get("format") == "date":
            set_path(record, schema, path, today.isoformat())
    for name in schema.get("required", []):
        child = schema.get("properties", {}).get(name, {})
        if _type_of(child) == "array" and not child.get("minItems") and name not in record:
            record[name] = []


def missing_fields(record: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    return list(_required_paths(schema, record, ""))


# ---------------------------------------------------------------- ids


def suggest_id(collection: str, data_dir: Path, today: dt.date) -> str:
    """``<prefix>-<YYYYMMDD>-<n>`` with the smallest n whose file does not exist."""
    stem = f"{ID_PREFIX[collection]}-{today:%Y%m%d}"
    n = 1
    while id_taken(data_dir, f"{stem}-{n}"):
        n += 1
    return f"{stem}-{n}"


def id_taken(data_dir: Path, record_id: str) -> bool:
    return any(path.is_file() for path in data_dir.glob(f"*/{record_id}.yaml"))


def check_id(record_id: str, data_dir: Path) -> str | None:
    """Why ``record_id`` cannot be used, or None."""
    if not ID_PATTERN.fullmatch(record_id):
        return (
            "编号只能用小写字母、数字和连字符，2 到 63 个字符，且以字母或数字开头"
            " | an id is 2-63 lowercase letters, digits and hyphens, starting with a letter"
            " or digit"
        )
    if id_taken(data_dir, record_id):
        return f"编号已被使用 | the id is already taken: {record_id}"
    return None


# ---------------------------------------------------------------- interactive


class Prompter:
    """Asks questions on ``out`` and reads answers from ``stream`` (EOF is a usage error)."""

    def __init__(self, stream: TextIO, out: TextIO) -> None:
        self.stream = stream
        self.out = out

    def ask(self, question: str, default: str | None = None) -> str:
        shown = f"{question} [{default}]" if default else question
        while True:
            self.out.write(f"{shown}: ")
            self.out.flush()
            line = self.stream.readline()
            if not line:
                raise UsageError("输入提前结束 | input ended before every field was answered")
            answer = line.rstrip("\r\n").strip()
            if answer:
                return answer
            if default is not None:
                return default
            self.out.write("此项必填，请输入 | this field is required\n")

    def ask_valid(
        self, question: str, check: Callable[[str], Any], default: str | None = None
    ) -> Any:
        while True:
            answer = self.ask(question, default)
            try:
                return check(answer)
            except UsageError as error:
                self.out.write(f"{error}\n")


def _label(schema: dict[str, Any], path: str) -> str:
    """The Chinese titles along ``path`` (list indexes shown as 第 n 项)."""
    parts: list[str] = []
    node = schema
    for segment in path.split("."):
        child = _child(node, segment)
        if child is None:
            break
        if segment.isdigit():
            parts.append(f"第{int(segment) + 1}项")
        else:
            parts.append(str(child.get("title", segment)))
        node = child
    return " / ".join(parts)


def _question(schema: dict[str, Any], path: str) -> tuple[str, str | None]:
    node = _node_at(schema, path)
    text = f"{_label(schema, path)} ({path})"
    description = node.get("description")
    if description:
        text = f"{text}\n  说明: {description}\n  请输入"
    default = None
    if _type_of(node) == "boolean":
        text += " (是/否)"
    if node.get("enum"):
        text += f" (可选: {' / '.join(map(str, node['enum']))})"
    if node.get("format") == "date":
        text += " (YYYY-MM-DD)"
    return text, default


def interactive_fill(
    record: dict[str, Any],
    schema: dict[str, Any],
    prompter: Prompter,
    today: dt.date,
    collection: str,
) -> None:
    """Prompt for each required field still missing (dates default to today)."""
    for key, value in DEFAULTS.items():
        record.setdefault(key, value)
    if collection == "guidelines" and "phase" not in record and "topic" not in record:
        _ask_one_of(record, schema, prompter)
    while True:
        paths = missing_fields(record, schema)
        if not paths:
            break
        path = paths[0]
        node = _node_at(schema, path)
        question, default = _question(schema, path)
        if node.get("format") == "date":
            default = today.isoformat()

        def answer_to(answer: str, target: str = path) -> None:
            set_path(record, schema, target, answer)

        prompter.ask_valid(question, answer_to, default)
    for name in schema.get("required", []):
        child = schema.get("properties", {}).get(name, {})
        if _type_of(child) == "array" and not child.get("minItems") and name not in record:
            record[name] = []


def _ask_one_of(record: dict[str, Any], schema: dict[str, Any], prompter: Prompter) -> None:
    """Guidelines need exactly one of phase (工作阶段) and topic (专题)."""
    names = [
        alternative["required"][0]
        for alternative in schema.get("oneOf", [])
        if alternative.get("required")
    ]
    while True:
        for name in names:
            question, _ = _question(schema, name)
            answer = prompter.ask(f"{question}（二选一，可留空跳过 | leave empty to skip）", "")
            if answer:
                try:
                    set_path(record, schema, name, answer)
                except UsageError as error:
                    prompter.out.write(f"{error}\n")
                    continue
                return
        prompter.out.write(f"请在 {' 和 '.join(names)} 中填写一项 | fill one of {names}\n")


# ---------------------------------------------------------------- validation and writing


def validate_with(
    data_dir: Path, collection: str, record_id: str, text: str, today: dt.date
) -> tuple[Report, list[str]]:
    """Validate ``data_dir`` with ``text`` as ``<collection>/<record_id>.yaml``, in a copy.

    Returns the whole report and the printed problems of the new file that are errors.
    """
    folders = (data_dir, data_dir / collection)  # the file is written through these
    refused = [problem for folder in folders
               if (problem := folder_problem(folder, folder.as_posix())) is not None]
    if refused:
        return Report(refused), [problem.as_text() for problem in refused]
    with tempfile.TemporaryDirectory(prefix="relief-new-") as temp:
        copy = Path(temp) / data_dir.name
        copy_tree(data_dir, copy)
        target = copy / collection / f"{record_id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # a link or a FIFO in the way: validation names it
            write_regular(target, text)
        report = validate_path(copy, today).report
    suffix = f"{collection}/{record_id}.yaml"
    own = [
        problem.as_text()
        for problem in report.errors
        if problem.file.replace("\\", "/").endswith(suffix)
    ]
    return report, own


def write_validated(
    data_dir: Path,
    collection: str,
    record_id: str,
    data: dict[str, Any],
    schemas: SchemaSet,
    today: dt.date,
    out: TextIO,
) -> int:
    """Validate, then write; 0 when written, 1 when the new record is invalid."""
    text = format_record(data, collection, schemas)
    report, own = validate_with(data_dir, collection, record_id, text, today)
    if report.problems:
        out.write(report.format("text") + "\n")
    if own:
        out.write(
            "新记录未通过校验，没有写入文件 | the new record is invalid; nothing was written\n"
        )
        return 1
    target = data_dir / collection / f"{record_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_regular(target, text)
    if report.ok:
        out.write("校验通过 | all records valid\n")
    out.write(f"已创建 created: {target}\n")
    return 0


# ---------------------------------------------------------------- the command


def add_parser(commands: Any) -> None:
    new = commands.add_parser("new", help="新建记录 | create a new record")
    new.add_argument("collection", choices=COLLECTIONS)
    new.add_argument("--id", dest="record_id", help="记录编号 | record id (default: a free one)")
    new.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="字段值，可重复；嵌套字段用点号，如 team.members=12 | field value, repeatable",
    )
    new.add_argument(
        "--source", action="append", default=[], help="来源名称，可重复 | source title"
    )
    new.add_argument("--data", default="data", type=Path, dest="data_dir")


_SET = re.compile(r"\A([^=]+)=(.*)\Z", re.DOTALL)


def run_new(
    args: argparse.Namespace,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    out = out if out is not None else sys.stdout
    try:
        return _run_new(args, stdin, out)
    except UsageError as error:
        print(f"错误 error: {error}", file=sys.stderr)
        return 2


def _run_new(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    collection: str = args.collection
    data_dir: Path = args.data_dir
    if not data_dir.is_dir():
        raise UsageError(f"找不到数据目录 | no such data directory: {data_dir}")
    today = resolve_today()
    schemas = load_schemas()
    schema: dict[str, Any] = schemas.validators[collection].schema  # type: ignore[assignment]
    record: dict[str, Any] = {}
    for item in args.sets:
        match = _SET.match(item)
        if not match:
            raise UsageError(f"--set 应写成 字段=值 | --set expects FIELD=VALUE, got {item!r}")
        set_path(record, schema, match.group(1).strip(), match.group(2))
    for title in args.source:
        set_path(record, schema, f"sources.{len(record.get('sources', []))}.title", title)
    interactive = stdin.isatty() or not args.sets
    record_id: str | None = args.record_id
    if record_id is not None:
        problem = check_id(record_id, data_dir)
        if problem:
            raise UsageError(problem)
    if interactive:
        prompter = Prompter(stdin, out)
        if record_id is None:
            suggested = suggest_id(collection, data_dir, today)

            def accept(answer: str) -> str:
                reason = check_id(answer, data_dir)
                if reason:
                    raise UsageError(reason)
                return answer

            record_id = prompter.ask_valid("记录编号 record id", accept, suggested)
        interactive_fill(record, schema, prompter, today, collection)
    else:
        _fill_defaults(record, schema, today)
        missing = missing_fields(record, schema)
        if collection == "guidelines" and "phase" not in record and "topic" not in record:
            missing.append("phase|topic")
        if missing:
            lines = "\n".join(f"  - {path}  {_label(schema, path)}" for path in missing)
            raise UsageError(
                "缺少必填字段，请用 --set 字段=值 补上 | missing required fields "
                f"(add them with --set FIELD=VALUE):\n{lines}"
            )
        if record_id is None:
            record_id = suggest_id(collection, data_dir, today)
    assert record_id is not None
    return write_validated(data_dir, collection, record_id, record, schemas, today, out)
