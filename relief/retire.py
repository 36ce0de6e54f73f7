"""Withdraw a record without deleting it: ``python -m relief retire <id> --reason "…"``.

Sets ``status: withdrawn`` and ``status_reason``, rewrites the file canonically and validates
the dataset. The file is written only when the changed record validates (checked on a
temporary copy). A file with comments is refused unless ``--force``, because the canonical
writer cannot keep comments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from relief.fmt import format_record
from relief.newrecord import validate_with
from relief.safe_files import write_regular
from relief.schemas import COLLECTIONS, load_schemas
from relief.today import resolve_today
from relief.yamlstrict import load_file


class RetireError(Exception):
    """A usage mistake: exit 2 with this message."""


def add_parser(commands: Any) -> None:
    retire = commands.add_parser("retire", help="撤回记录 | withdraw a record (never deleted)")
    retire.add_argument("record_id", metavar="id")
    retire.add_argument("--reason", required=True, help="撤回原因 | why it is withdrawn")
    retire.add_argument("--collection", choices=COLLECTIONS)
    retire.add_argument("--data", default="data", type=Path, dest="data_dir")
    retire.add_argument(
        "--force", action="store_true", help="即使文件有注释也改写 | rewrite even with comments"
    )


def find_record(data_dir: Path, record_id: str, collection: str | None) -> Path:
    names = [collection] if collection else list(COLLECTIONS)
    found = [data_dir / name / f"{record_id}.yaml" for name in names]
    found = [path for path in found if path.is_file()]
    where = f"{collection}/" if collection else ""
    if not found:
        raise RetireError(
            f"找不到编号为 {record_id} 的记录（{data_dir}/{where}）"
            f" | no record with id {record_id!r} in {data_dir}"
        )
    if len(found) > 1:
        shown = ", ".join(path.parent.name for path in found)
        raise RetireError(
            f"编号 {record_id} 在多个集合中出现（{shown}），请用 --collection 指定"
            f" | id {record_id!r} is in several collections ({shown}); pass --collection"
        )
    return found[0]


def run_retire(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out if out is not None else sys.stdout
    try:
        return _run_retire(args, out)
    except RetireError as error:
        print(f"错误 error: {error}", file=sys.stderr)
        return 2


def _run_retire(args: argparse.Namespace, out: TextIO) -> int:
    data_dir: Path = args.data_dir
    reason = str(args.reason).strip()
    if not reason:
        raise RetireError("请用 --reason 写明撤回原因 | --reason must not be empty")
    if not data_dir.is_dir():
        raise RetireError(f"找不到数据目录 | no such data directory: {data_dir}")
    path = find_record(data_dir, args.record_id, args.collection)
    collection = path.parent.name
    loaded = load_file(path, str(path))
    if loaded.problems:
        for problem in loaded.problems:
            out.write(problem.as_text() + "\n")
        out.write("文件无法读取，未改动 | the file could not be loaded; nothing changed\n")
        return 1
    if loaded.has_comments and not args.force:
        raise RetireError(
            f"{path} 中有注释（# 开头的说明），改写会丢掉注释。请先把注释移到 note 或"
            " description 字段或删除注释，或加 --force 强制改写"
            " | the file has comments that rewriting would drop; move or remove them,"
            " or pass --force"
        )
    data = loaded.data
    if not isinstance(data, dict):
        out.write("记录不是映射，未改动 | the record is not a mapping; nothing changed\n")
        return 1
    data["status"] = "withdrawn"
    data["status_reason"] = reason
    today = resolve_today()
    text = format_record(data, collection, load_schemas())
    report, own = validate_with(data_dir, collection, args.record_id, text, today)
    if report.problems:
        out.write(report.format("text") + "\n")
    if own:
        out.write(
            "撤回后记录未通过校验，文件未改动 | the record would be invalid; nothing changed\n"
        )
        return 1
    write_regular(path, text)
    if report.ok:
        out.write("校验通过 | all records valid\n")
    out.write(f"已撤回 withdrawn: {path}（原因 reason: {reason}）\n")
    return 0
