"""Open data pages: the change log (/changes/, its Atom feed and /data/changes.json) and the
data dictionary (/data/dictionary/) generated from the JSON Schemas.

The change log comes from one Git pass (relief.opendata.changelog). The plan also hangs it on
the site context as ``site.changes`` so the provenance block of every record page can list
that record's own history without asking Git again (the plugin renders pages only after every
plan has run).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from relief.labels import enum_labels
from relief.opendata.changelog import KIND_LABELS, ChangeLog, Commit, Event
from relief.schemas import COLLECTIONS, load_schemas
from relief.site.context import SiteContext
from relief.site.feeds import TAG_AUTHORITY, site_feed
from relief.site.page import File, Page
from relief.site.pages_guidelines import DATA_DESCRIPTIONS

COLLECTION_LABELS = {
    "organizations": "资源目录", "guidelines": "工作指南", "bulletins": "信息发布",
    "campaigns": "救灾行动", "disclosures": "捐赠信息公开", "vocab": "词表",
}
RECORD_PAGES = {  # collection -> URL folder of its record pages (vocab has none)
    "organizations": "directory", "bulletins": "bulletins", "campaigns": "campaigns",
    "disclosures": "disclosures", "guidelines": "guidelines",
}
COMMITS_ON_PAGE = 100  # the page and the feed show the latest commits; changes.json has all
COMMITS_IN_FEED = 50


@dataclass(frozen=True)
class EventView:
    kind: str  # added, changed, withdrawn, deleted
    kind_label: str
    collection_label: str
    record_id: str
    title: str  # the record's current name or title, else its id
    url: str | None  # site-relative; None when the record has no page (vocab, deleted)
    details: tuple[tuple[str, str], ...]  # each field changed: pointer, Chinese line


def plan_opendata(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    changes = site.changes
    siteurl = str(context.get("SITEURL") or "")
    yield File("data/changes.json", changes.to_json())
    yield File("feeds/changes.atom", changes_feed(site, changes, siteurl))
    yield Page("changes/index.html", "changes.html", {
        "title": "数据修改记录", "changelog": changes,
        "days": changes_by_day(site, changes.commits[:COMMITS_ON_PAGE]),
        "shown": min(len(changes.commits), COMMITS_ON_PAGE), "total": len(changes.commits),
    })
    yield Page("data/dictionary/index.html", "dictionary.html", {
        "title": "数据字典", "collections": dictionary(),
    })


# --- the change log ----------------------------------------------------------------------


def event_view(site: SiteContext, event: Event) -> EventView:
    record = (site.dataset.get(event.collection, event.record_id)
              if event.collection in COLLECTIONS else None)
    title = event.record_id
    if record is not None:
        title = str(record.data.get("name") or record.data.get("title") or event.record_id)
    folder = RECORD_PAGES.get(event.collection)
    url = f"/{folder}/{event.record_id}/" if folder and record is not None else None
    return EventView(event.kind, KIND_LABELS[event.kind],
                     COLLECTION_LABELS.get(event.collection, event.collection),
                     event.record_id, title, url, event.details)


def changes_by_day(site: SiteContext, commits: Iterable[Commit]) -> list[dict[str, Any]]:
    """Commits (newest first) grouped by committer date, each with its events and counts."""
    days: list[dict[str, Any]] = []
    for commit in commits:
        if not days or days[-1]["date"] != commit.date:
            days.append({"date": commit.date, "commits": []})
        counts = {kind: sum(1 for e in commit.events if e.kind == kind) for kind in KIND_LABELS}
        days[-1]["commits"].append({
            "commit": commit.commit, "short": commit.commit[:10], "subject": commit.subject,
            "subject_zh": commit.subject_zh,
            "counts": [(KIND_LABELS[k], n) for k, n in counts.items() if n],
            "events": [event_view(site, event) for event in commit.events],
        })
    return days


def changes_feed(site: SiteContext, changes: ChangeLog, siteurl: str) -> str:
    """Atom: one entry per commit (newest first) listing its record changes."""
    feed = site_feed(
        site, siteurl, name="changes", title="数据修改记录", link=f"{siteurl}/changes/",
        description="每次提交新增、修改、撤回或删除了哪些记录，取自数据仓库的 Git 历史。",
    )
    for commit in changes.commits[:COMMITS_IN_FEED]:
        moment = dt.datetime.fromisoformat(commit.time)
        items = Markup("").join(
            Markup("<li>{} {} · {}{}</li>").format(
                view.kind_label, view.collection_label,
                Markup('<a href="{}">{}</a>').format(siteurl + view.url, view.title)
                if view.url else view.title,
                "：" + "；".join(text for _, text in view.details) if view.details else "")
            for view in (event_view(site, event) for event in commit.events))
        feed.add_item(
            title=commit.subject_zh or f"数据修改：{_counts_text(commit)}",
            link=f"{siteurl}/changes/#commit-{commit.commit[:10]}",
            description=str(escape(_counts_text(commit))),
            content=str(Markup("<ul>{}</ul>").format(items)),
            author_name=site.settings["OPERATOR"],
            pubdate=moment,
            updateddate=moment,
            unique_id=f"{TAG_AUTHORITY}changes/{commit.commit}",
        )
    text: str = feed.writeString("utf-8")
    return text


def _counts_text(commit: Commit) -> str:
    counts = [(label, sum(1 for e in commit.events if e.kind == kind))
              for kind, label in KIND_LABELS.items()]
    return "，".join(f"{label} {n} 条记录" for label, n in counts if n)


# --- the data dictionary -----------------------------------------------------------------

_TYPES = {"number": "数字", "integer": "整数", "boolean": "是否", "object": "字段组"}
_STRING_FORMATS = {"date": "日期", "local-datetime": "日期时间"}
_FORMAT_RULES = {
    "date": "写作 YYYY-MM-DD", "local-datetime": "北京时间，写作 YYYY-MM-DDTHH:MM",
    "yuan": "最多两位小数", "phone": "固定电话、服务号码或单位值班手机",
}
_UNIT_IN_TITLE = re.compile(r"[(（]([^()（）]+)[)）]$")
@dataclass(frozen=True)
class FieldDoc:
    path: str  # e.g. "team.members", "receipts[].donor.kind"
    title: str
    type: str
    unit: str
    required: str  # 必填, 条件必填 or 选填
    values: tuple[tuple[str, str], ...]  # allowed values with their Chinese labels
    rules: tuple[str, ...]
    description: str  # English, as in the schema
    depth: int


@dataclass(frozen=True)
class CollectionDoc:
    name: str
    title: str
    summary: str  # Chinese
    description: str  # English, from the schema
    fields: list[FieldDoc]


ID_FIELD = FieldDoc("id", "记录编号", "文字", "", "必填", (),
                    ("文件名（不含 .yaml）：小写字母、数字和连字符",),
                    "The record's permanent id: its file name without .yaml. Not written in "
                    "the file; first in every published record.", 0)


def dictionary() -> list[CollectionDoc]:
    """Every collection with every field, flattened, from the inlined JSON Schemas."""
    schemas = load_schemas()
    documents = []
    for name in COLLECTIONS:
        schema = schemas.validators[name].schema  # $ref inlined, each field's own title kept
        if not isinstance(schema, dict):
            raise TypeError(f"the {name} schema is not an object")
        fields = [ID_FIELD, *_fields(schema, "", 0, set())]
        documents.append(CollectionDoc(name, schema["title"], DATA_DESCRIPTIONS[name],
                                       schema.get("description", ""), fields))
    return documents


def _fields(node: dict[str, Any], base: str, depth: int,
            conditional: set[str]) -> Iterator[FieldDoc]:
    """The fields of an object schema, depth first; ``conditional`` holds the paths that
    conditions written higher up make required."""
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", []))
    conditional = conditional | _conditionally_required(node, base)
    for name, prop in properties.items():
        path = f"{base}.{name}" if base else name
        need = "必填" if name in required else "条件必填" if path in conditional else "选填"
        yield FieldDoc(path, prop.get("title", ""), _type(prop),
                       _unit(prop, properties), need, _values(prop), _rules(prop),
                       prop.get("description", ""), depth)
        items = prop.get("items")
        if prop.get("type") == "object":
            yield from _fields(prop, path, depth + 1, conditional)
        elif isinstance(items, dict) and items.get("type") == "object":
            yield from _fields(items, f"{path}[]", depth + 1, conditional)


def _conditionally_required(node: dict[str, Any], base: str) -> set[str]:
    """Paths made required by a condition (if/then, anyOf, oneOf) written on ``node``."""
    found: set[str] = set()

    def collect(schema: dict[str, Any], at: str) -> None:
        found.update(f"{at}.{n}" if at else n for n in schema.get("required", []))
        for name, sub in schema.get("properties", {}).items():
            collect(sub, f"{at}.{name}" if at else name)
        if isinstance(schema.get("items"), dict):
            collect(schema["items"], f"{at}[]")
        branches(schema, at)

    def branches(schema: dict[str, Any], at: str) -> None:
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                collect(sub, at)
        for key in ("then", "else"):
            if isinstance(schema.get(key), dict):
                collect(schema[key], at)

    branches(node, base)
    return found


def _type(prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    if kind == "string":
        return _STRING_FORMATS.get(prop.get("format", ""), "文字")
    if kind == "array":
        items = prop.get("items")
        return f"列表（{_type(items)}）" if isinstance(items, dict) and "type" in items else "列表"
    return _TYPES.get(str(kind), str(kind or ""))


def _unit(prop: dict[str, Any], siblings: dict[str, Any]) -> str:
    if prop.get("type") not in ("number", "integer"):
        return ""
    if prop.get("format") == "yuan":
        return "元"
    in_title = _UNIT_IN_TITLE.search(prop.get("title", ""))
    if in_title:
        return in_title.group(1)
    if prop.get("type") == "number" and "unit" in siblings:
        return "见 unit 字段"  # the quantity's unit is its sibling field "unit"
    return ""


def _values(prop: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    values = [str(v) for v in prop.get("enum", [])]
    if not values:
        return ()
    labels = enum_labels(values, prop.get("description", ""))
    return tuple((value, labels.get(value, value)) for value in values)


def _rules(prop: dict[str, Any]) -> tuple[str, ...]:
    rules = []
    if prop.get("format") in _FORMAT_RULES:
        rules.append(_FORMAT_RULES[prop["format"]])
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        rules.append(f"{low} 至 {high}")
    elif low is not None:
        rules.append(f"不小于 {low}")
    if prop.get("minItems"):
        rules.append(f"至少 {prop['minItems']} 项")
    if prop.get("uniqueItems"):
        rules.append("各项不重复")
    return tuple(rules)
