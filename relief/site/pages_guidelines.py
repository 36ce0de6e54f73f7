"""Guidelines (工作指南) by phase and topic, one page each; news (平台动态); data downloads.

The news list reads Pelican's articles from the shared context; Pelican renders each article
itself. This plan also publishes the JSON Schemas under ``/schemas/`` (their ``$id``s). The
downloads page (``/data/``) is not planned here: the plugin makes it with
:func:`downloads_page` from the manifest of ``relief.opendata.publish``, once the files exist,
so that every size and checksum it shows is that of the file written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from relief.labels import LABELS
from relief.model import Record
from relief.opendata.csvfiles import RULE_ZH
from relief.opendata.datapackage import COLLECTION_DESCRIPTIONS, DataFile, license_name
from relief.schemas import SCHEMA_DIR
from relief.site import search_info
from relief.site.context import SiteContext
from relief.site.page import File, Page

# One line for each collection (kept here under its old name for the pages that use it).
DATA_DESCRIPTIONS = COLLECTION_DESCRIPTIONS

_UNORDERED = 1 << 30  # guidelines without an ``order`` come after the ordered ones


@dataclass(frozen=True)
class GuidelineGroup:
    kind: str  # "phase" or "topic"
    key: str  # e.g. "routine", "disclosure"
    label: str  # e.g. "常态减灾"
    guidelines: list[Record]

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.key}"


def guideline_sort_key(record: Record) -> tuple[int, str]:
    return (int(record.data.get("order", _UNORDERED)), record.id)


def group_guidelines(guidelines: Iterable[Record]) -> list[GuidelineGroup]:
    """Phases in the order of the disaster cycle, then topics; empty groups left out."""
    chosen = sorted(guidelines, key=guideline_sort_key)
    groups = []
    for kind in ("phase", "topic"):
        for key, name in LABELS[kind].items():
            members = [g for g in chosen if g.data.get(kind) == key]
            if members:
                groups.append(GuidelineGroup(kind=kind, key=key, label=name, guidelines=members))
    return groups


def plan_guidelines(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    groups = group_guidelines(site.dataset.collection("guidelines"))
    yield Page("guidelines/index.html", "guidelines_list.html", {
        "title": "工作指南", "groups": groups,
    })
    for group in groups:
        for record in group.guidelines:
            yield Page(f"guidelines/{record.id}/index.html", "guideline.html", {
                "title": record.data["title"], "guideline": record, "record": record,
                "search": search_info.guideline(record),
                "group": group,
            })
    yield _news(context)
    yield from schema_copies()


def news_articles(context: dict[str, Any]) -> list[Any]:
    """Pelican's articles, newest first; ties broken by slug so the order is stable."""
    articles = list(context.get("articles") or [])
    articles.sort(key=lambda a: a.slug)
    articles.sort(key=lambda a: a.date, reverse=True)
    return articles


def _news(context: dict[str, Any]) -> Page:
    return Page("news/index.html", "news.html", {
        "title": "平台动态", "news": news_articles(context),
    })


def schema_copies() -> Iterator[File]:
    """Every JSON Schema (shared defs included), byte for byte, under /schemas/."""
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        yield File(f"schemas/{path.name}", path.read_bytes())


# --- the downloads page (/data/): made after the files are written, from their manifest ---

DOWNLOAD_GROUPS: dict[str, tuple[str, str]] = {
    "package": (
        "入口：数据包描述",
        "先读这个文件：它列出下面的每个文件，以及表结构、主键、外键、许可和来源提交。",
    ),
    "json": (
        "JSON：每个集合一个文件",
        "与 data/ 中的记录完全一致：每个文件是一个数组，每条记录的第一个字段 id 是记录编号。",
    ),
    "csv": (
        "CSV 表格",
        "UTF-8 带 BOM，可直接用 Excel 打开。每个集合一张表（顶层字段）；集合中的每类明细"
        "（如接收捐赠、使用情况、需求清单）各一张表，以 record_id 等键关联回记录。" + RULE_ZH,
    ),
    "sqlite": (
        "SQLite 数据库",
        "与 CSV 相同的全部表，含主键、外键和索引，可用 Datasette 或任何 SQL 客户端查询。",
    ),
    "schema": (
        "数据结构（JSON Schema）",
        "JSON Schema（2020-12 版）描述每个集合的字段、中文名称、类型和取值范围。",
    ),
    "other": ("其他数据文件", ""),
    "checksums": (
        "校验值",
        "用 sha256sum -c SHA256SUMS 核对下载的文件是否完整、未被改动。",
    ),
}
_UNITS = ("千字节", "兆字节", "吉字节")
HASH_SHOWN = 12  # hex digits of the SHA-256 shown in the table; the rest on demand


def human_size(size: int) -> str:
    """A file size in Chinese units: "815 字节", "12.3 千字节", "1.5 兆字节"."""
    if size < 1024:
        return f"{size} 字节"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    return f"{value:.1f} {unit}"


def _count(file: DataFile) -> str:
    if file.rows is None:
        return ""
    if file.group == "json":
        return f"{file.rows} 条记录"
    return f"{file.rows} 行"


def download_groups(files: list[DataFile]) -> list[dict[str, Any]]:
    """The manifest as the page shows it: groups in a fixed order, empty groups left out."""
    groups = []
    for key, (heading, intro) in DOWNLOAD_GROUPS.items():
        members = [file for file in files if file.group == key]
        if not members:
            continue
        groups.append({"key": key, "heading": heading, "intro": intro, "files": [{
            "file": file.path,
            "url": f"/data/{file.path}",
            "description": file.description,
            "count": _count(file),
            "bytes": file.bytes,
            "size": human_size(file.bytes) if file.bytes is not None else "",
            "sha256": file.sha256 or "",
            "sha256_short": (file.sha256 or "")[:HASH_SHOWN],
        } for file in members]})
    return groups


def downloads_page(site: SiteContext, files: list[DataFile]) -> Page:
    licence = site.settings["DATA_LICENSE"]
    return Page("data/index.html", "downloads.html", {
        "title": "数据下载",
        "groups": download_groups(files),
        "hash_shown": HASH_SHOWN,
        "license": licence,
        "license_name": license_name(licence),
    })
