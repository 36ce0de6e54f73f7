"""``datapackage.json``: the published data described as a Frictionless Data Package (v1).

The single entry point for other systems: the package's name, Chinese title, licence,
source repository and commit, the build's date, and one resource per published file. Each
CSV is a ``tabular-data-resource`` with its Table Schema (types, Chinese titles, allowed
values, primary key, foreign keys), all derived from the JSON Schemas through
:mod:`relief.opendata.tables`; the JSON files, the JSON Schemas and the SQLite database are
plain ``data-resource`` entries. Every resource carries its size and SHA-256 so a reader
(and ``frictionless validate``) can check what it downloaded.

``created`` is the build's "today" (``RELIEF_TODAY``), never the clock: the same commit and
the same today give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relief.opendata.csvfiles import RULE_ZH, neutralised
from relief.opendata.tables import Column, Table

PACKAGE_NAME = "tongling-relief"
PACKAGE_TITLE = "铜陵市社会力量参与防灾减灾救灾服务平台公开数据"
FILE_NAME = "datapackage.json"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# Licences the DATA_LICENSE setting is likely to name (SPDX ids): where to read them, and
# their Chinese names. Another id is published as it is, without a link.
LICENSES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/",
                  "知识共享 署名 4.0 国际许可协议（CC BY 4.0）"),
    "CC-BY-SA-4.0": ("https://creativecommons.org/licenses/by-sa/4.0/",
                     "知识共享 署名—相同方式共享 4.0 国际许可协议（CC BY-SA 4.0）"),
    "CC0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0 公有领域贡献"),
    "ODbL-1.0": ("https://opendatacommons.org/licenses/odbl/1-0/",
                 "开放数据库许可协议（ODbL 1.0）"),
}

# One line for each collection, shown with its JSON file and its record table.
COLLECTION_DESCRIPTIONS: dict[str, str] = {
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


def license_name(spdx: str) -> str:
    """The licence's Chinese name, or its id when it is not one we know."""
    return LICENSES[spdx][1] if spdx in LICENSES else spdx


@dataclass(frozen=True)
class DataFile:
    """One published file under ``output/data/``, as the package and the downloads page see it."""

    path: str  # relative to the data folder, POSIX: "csv/disclosures_receipts.csv"
    group: str  # "package", "json", "csv", "sqlite", "schema", "other" or "checksums"
    name: str  # resource name in datapackage.json ("" for a file that is no resource)
    title: str  # Chinese
    description: str  # one line, Chinese
    details: str = ""  # more, in the package only (the schema's English description)
    format: str = ""
    mediatype: str = ""
    encoding: str = ""
    bytes: int | None = None  # None: not known when the page is made (SHA256SUMS)
    sha256: str | None = None
    rows: int | None = None  # tables: rows; JSON: records
    table: Table | None = None  # a CSV's table, described by a Table Schema
    json_schema: str = ""  # a JSON file's JSON Schema, relative to the data folder


def field_descriptor(column: Column, primary_key: tuple[str, ...]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"name": column.name, "type": column.type, "title": column.title}
    if column.description:
        descriptor["description"] = column.description
    constraints: dict[str, Any] = {}
    if column.name in primary_key:
        constraints["required"] = True
    if column.enum and column.type == "string":  # the schemas give allowed values for text only
        constraints["enum"] = [neutralised(value) for value in column.enum]  # as in the CSV
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: Table) -> dict[str, Any]:
    return {
        "fields": [field_descriptor(column, table.primary_key) for column in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
        "foreignKeys": [
            {"fields": list(key.fields),
             "reference": {"resource": key.resource, "fields": list(key.reference)}}
            for key in table.foreign_keys
        ],
    }


def resource(file: DataFile) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "name": file.name,
        "title": file.title,
        "description": f"{file.description} {file.details}".strip(),
        "profile": "tabular-data-resource" if file.table else "data-resource",
        # Frictionless's own resource type: without it a file named *.schema.json would be
        # read as a Table Schema.
        "type": "table" if file.table else "json" if file.format == "json" else "file",
        "path": file.path,
    }
    for key in ("format", "mediatype", "encoding"):
        if getattr(file, key):
            descriptor[key] = getattr(file, key)
    if file.bytes is not None:
        descriptor["bytes"] = file.bytes
    if file.sha256 is not None:
        descriptor["hash"] = f"sha256:{file.sha256}"
    if file.json_schema:
        descriptor["jsonSchema"] = file.json_schema
    if file.table:
        descriptor["rows"] = file.rows
        descriptor["dialect"] = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                                 "lineTerminator": "\r\n", "header": True}
        descriptor["schema"] = table_schema(file.table)
    return descriptor


def _sources(settings: dict[str, Any], commit: str) -> list[dict[str, str]]:
    repo = str(settings["REPO_URL"]).rstrip("/")
    title = f"铜陵市社会力量参与防灾减灾救灾服务平台数据仓库（Git 提交 {commit}）"
    if not repo:
        return [{"title": title}]
    path = f"{repo}/tree/{commit}" if commit != "unknown" else repo
    return [{"title": title, "path": path}]


def _licenses(spdx: str) -> list[dict[str, str]]:
    if spdx in LICENSES:
        url, title = LICENSES[spdx]
        return [{"name": spdx, "path": url, "title": title}]
    return [{"name": spdx, "title": spdx}]


def package(files: list[DataFile], settings: dict[str, Any], today: dt.date,
            commit: str) -> dict[str, Any]:
    """The Data Package descriptor for ``files`` (those with a resource name)."""
    description = (
        "铜陵市社会力量参与防灾减灾救灾服务平台发布的全部记录：资源目录、工作指南、信息发布、"
        "救灾行动、捐赠信息公开和词表。每个集合有一个 JSON 文件（与 data/ 中的记录完全一致）；"
        "每个集合及其中的每类明细各有一个 CSV 表（UTF-8 带 BOM），以主键和外键相互关联；"
        "另有包含全部表的 SQLite 数据库和描述记录结构的 JSON Schema。"
        + RULE_ZH
    )
    if settings.get("SAMPLE_DATA"):
        description += "注意：当前数据是虚构的示例数据，仅用于展示平台功能。"
    created = dt.datetime.combine(today, dt.time(0, 0), SHANGHAI).isoformat()
    return {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": description,
        "created": created,
        "keywords": ["防灾减灾救灾", "社会力量", "捐赠信息公开", "资源目录", "铜陵市"],
        "licenses": _licenses(str(settings["DATA_LICENSE"])),
        "sources": _sources(settings, commit),
        "contributors": [{"title": str(settings["OPERATOR"]), "role": "publisher"}],
        "sourceCommit": commit,
        "resources": [resource(file) for file in files if file.name],
    }


def write_package(descriptor: dict[str, Any], path: Path) -> Path:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
