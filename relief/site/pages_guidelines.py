"""Guidelines (工作指南) by phase and topic, one page each; news (平台动态); data downloads.

The news list reads Pelican's articles from the shared context; Pelican renders each article
itself. The downloads page lists the files ``relief.export`` writes under ``/data/`` and links the
JSON Schemas describing them, which this plan publishes under ``/schemas/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from relief.model import Record
from relief.schemas import COLLECTIONS, SCHEMA_DIR
from relief.site.context import SiteContext
from relief.site.labels import LABELS
from relief.site.page import File, Page

# One line for each published file, shown on the downloads page.
DATA_DESCRIPTIONS: dict[str, str] = {
    "organizations": (
        "资源目录：参与防灾减灾救灾的社会组织、"
        "企业和志愿服务队伍，含技能、装备、储备和核实情况。"
    ),
    "guidelines": (
        "工作指南：常态减灾、紧急救援、过渡安置、"
        "恢复重建各阶段及专题的工作要求和政策依据。"
    ),
    "bulletins": "信息发布：灾情、需求、供给、工作部署、工作进展和活动通知，含每项需求的对接状态。",
    "campaigns": "救灾行动：救灾响应、募捐活动和专项活动的目标、任务和时间。",
    "disclosures": "捐赠信息公开：每次公开的捐赠接收、认捐、使用和成本明细及结余核对。",
    "vocab": "词表：县区和乡镇、专业技能、物资类别和计量单位，其他文件中的代码以此为准。",
}

# Chinese names of licences the DATA_LICENSE setting is likely to name (SPDX ids).
LICENSE_NAMES: dict[str, str] = {
    "CC-BY-4.0": "知识共享 署名 4.0 国际许可协议（CC BY 4.0）",
    "CC-BY-SA-4.0": "知识共享 署名—相同方式共享 4.0 国际许可协议（CC BY-SA 4.0）",
    "CC0-1.0": "CC0 1.0 公有领域贡献",
    "ODbL-1.0": "开放数据库许可协议（ODbL 1.0）",
}

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
                "group": group,
            })
    yield _news(context)
    yield _downloads(site)
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


def downloads(site: SiteContext) -> list[dict[str, Any]]:
    """The published files under /data/, in the export's order, with their schemas."""
    rows = []
    for name in COLLECTIONS:
        rows.append({
            "name": name,
            "file": f"{name}.json",
            "url": f"/data/{name}.json",
            "description": DATA_DESCRIPTIONS[name],
            "count": len(site.dataset.collection(name)),
            "schema_url": f"/schemas/{name}.schema.json",
        })
    return rows


def schema_copies() -> Iterator[File]:
    """Every JSON Schema (shared defs included), byte for byte, under /schemas/."""
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        yield File(f"schemas/{path.name}", path.read_bytes())


def _downloads(site: SiteContext) -> Page:
    licence = site.settings["DATA_LICENSE"]
    return Page("data/index.html", "downloads.html", {
        "title": "数据下载",
        "files": downloads(site),
        "license": licence,
        "license_name": LICENSE_NAMES.get(licence, licence),
    })
