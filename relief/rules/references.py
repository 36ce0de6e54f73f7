"""Cross-references between records, and ids of lines unique within their record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from relief.problems import Problem
from relief.records import RawRecord, pointer_join
from relief.rules.context import RuleContext

# (collection, JSON path as key tuple, target collection); "*" walks a list. Also the
# foreign keys of the published tables (relief/opendata/tables.py).
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("organizations", ("activities", "*", "campaign"), "campaigns"),
    ("bulletins", ("issuer", "organization"), "organizations"),
    ("bulletins", ("campaign",), "campaigns"),
    ("bulletins", ("corrects",), "bulletins"),
    ("campaigns", ("lead", "organization"), "organizations"),
    ("campaigns", ("fundraising", "organizer"), "organizations"),
    ("disclosures", ("organization",), "organizations"),
    ("disclosures", ("campaign",), "campaigns"),
    ("disclosures", ("corrects", "disclosure"), "disclosures"),
    ("disclosures", ("receipts", "*", "donor", "organization"), "organizations"),
    ("disclosures", ("pledges", "*", "donor", "organization"), "organizations"),
    ("disclosures", ("uses", "*", "need_item", "bulletin"), "bulletins"),
)

_LINE_LISTS = {
    "bulletins": ("needs", "offers"),
    "campaigns": ("tasks", "district_targets"),
    "disclosures": ("receipts", "pledges", "uses", "costs"),
}

_NAMES = {
    "organizations": ("资源目录条目", "directory entry"),
    "campaigns": ("行动", "campaign"),
    "bulletins": ("公告", "bulletin"),
    "disclosures": ("信息公开", "disclosure"),
}


def _values(data: Any, path: tuple[str, ...], pointer: str = "") -> Iterator[tuple[str, Any]]:
    if not path:
        yield pointer, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _values(item, rest, pointer_join(pointer, index))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, pointer_join(pointer, head))


def check_references(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    for collection, path, target in REFERENCES:
        if collection != record.collection:
            continue
        for pointer, value in _values(record.data, path):
            if not ctx.exists(target, value):
                zh, en = _NAMES[target]
                yield record.problem(
                    f"ref.unknown-{target.removesuffix('s')}",  # ref.unknown-organization …
                    pointer,
                    f"找不到编号为 {value} 的{zh}",
                    f"no {en} with id {value}",
                    hint=f"编号即 data/{target}/ 下的文件名 | "
                    f"the id is a file name in data/{target}/",
                )
            elif value == record.record_id and path[-1] in ("corrects", "disclosure"):
                yield record.problem(
                    "ref.self-correction",
                    pointer,
                    "记录不能更正它自己",
                    "a record cannot correct itself",
                )
    yield from _unique_lines(record)
    if record.collection == "disclosures":
        yield from _need_items(record, ctx)
        yield from _correction_target(record, ctx)


def _unique_lines(record: RawRecord) -> Iterator[Problem]:
    for list_name in _LINE_LISTS.get(record.collection, ()):
        seen: dict[str, str] = {}
        for pointer, line_id in _values(record.data, (list_name, "*", "id")):
            if not isinstance(line_id, str):
                continue
            if line_id in seen:
                yield record.problem(
                    "ref.duplicate-line-id",
                    pointer,
                    f"编号 {line_id} 在 {list_name} 中重复({seen[line_id]} 已使用)",
                    f"id {line_id} is used twice in {list_name} (first at {seen[line_id]})",
                )
            else:
                seen[line_id] = pointer


def _need_items(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    for pointer, link in _values(record.data, ("uses", "*", "need_item")):
        if not isinstance(link, dict) or not isinstance(link.get("bulletin"), str):
            continue
        bulletin = ctx.get("bulletins", link["bulletin"])
        if bulletin is None:
            continue  # reported as an unknown bulletin, or the bulletin itself did not load
        items = {i for _, i in _values(bulletin.data, ("needs", "*", "id")) if isinstance(i, str)}
        if link.get("item") not in items:
            yield record.problem(
                "ref.unknown-need-item",
                pointer_join(pointer, "item"),
                f"公告 {bulletin.record_id} 中没有编号为 {link.get('item')} 的需求",
                f"bulletin {bulletin.record_id} has no need item {link.get('item')}",
                hint="可用编号 available: " + ", ".join(sorted(str(i) for i in items))
                if items
                else "该公告不是需求公告 | that bulletin lists no needs",
            )


def _correction_target(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    corrects = record.data.get("corrects")
    if not isinstance(corrects, dict):
        return
    target = ctx.get("disclosures", corrects.get("disclosure", ""))
    if target is None or target.record_id == record.record_id:
        return
    for key in ("organization", "campaign"):
        if target.data.get(key) != record.data.get(key):
            yield record.problem(
                "ref.correction-mismatch",
                "/corrects/disclosure",
                f"被更正的公开属于不同的{'单位' if key == 'organization' else '行动'}",
                f"the corrected disclosure has a different {key}",
            )
