"""Publish the data under ``output/data/``: one call from the site plugin.

In this order: the exact JSON per collection; one CSV per table (``csv/``); the SQLite
database (``relief.sqlite``); a copy of the JSON Schemas (``schemas/``); then
``datapackage.json`` describing all of them, and any data file other parts of the build left
in the folder before (the change log's ``changes.json``), with their sizes and SHA-256; then
the downloads page, made by the caller from the finished manifest so that the sizes and
checksums it shows are those of the files written (it is ``data/index.html``, inside the
folder); and last ``SHA256SUMS`` over everything in the folder, pages included.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from relief.model import Dataset
from relief.opendata import checksums, csvfiles, datapackage
from relief.opendata.changelog import ChangeLog
from relief.opendata.datapackage import COLLECTION_DESCRIPTIONS, DataFile
from relief.opendata.jsonfiles import write_collections
from relief.opendata.sqlite import write_sqlite
from relief.opendata.tables import Table, build_tables
from relief.schemas import SCHEMA_DIR
from relief.workers import run_apart

log = logging.getLogger(__name__)

DATA_FOLDER = "data"
SQLITE_NAME = "relief.sqlite"
SCHEMA_FOLDER = "schemas"
GROUPS = ("package", "json", "csv", "sqlite", "schema", "other", "checksums")
# Files the site's plans write into the data folder before publish() runs (the change log's
# JSON …), named to publish() by the plugin: listed and described like the rest.
OTHER_DESCRIPTIONS: dict[str, str] = {
    "changes.json": "数据修改记录：由 Git 历史得出的每次提交中新增、修改和撤回的记录。",
    "matches.json": "供需对接匹配：每项有效需求按规则排序的全部候选力量及其排序分数。",
    "stale_entries.json": "待更新条目：超过核实期限未重新核实的目录条目，按县区和核实日期排序。",
    "disclosure_status.json": "信息公开时限：各单位在各行动中的公开状态、下次期限和逐份按期情况。",
}
_MEDIATYPES = {"json": "application/json", "csv": "text/csv", "atom": "application/atom+xml"}

# Makes the downloads page from the manifest and writes it; returns the path written.
IndexWriter = Callable[[list[DataFile]], Path]


def source_commit(changes: ChangeLog, data_dir: Path | None) -> str:
    """``git rev-parse HEAD`` of the data's checkout, or "unknown" outside one."""
    if not changes.available or data_dir is None or shutil.which("git") is None:
        return "unknown"
    try:
        result = subprocess.run(
            ["git", "-C", str(data_dir), "rev-parse", "HEAD"],
            capture_output=True, text=True, check=False, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("relief: no source commit: %s", error)
        return "unknown"
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and commit else "unknown"


def table_description(table: Table) -> str:
    """One Chinese line: what a row of the table is and how it links to its record."""
    if not table.path:
        return f"{table.title}：每条记录一行，含全部顶层字段（多个取值以 | 分隔）。"
    parent = table.foreign_keys[0]
    keys = "、".join(parent.fields)
    return f"{table.title}：每个条目一行，以 {keys} 关联 {parent.resource} 表。"


def _measured(folder: Path, file: DataFile) -> DataFile:
    path = folder / file.path
    return replace(file, bytes=path.stat().st_size, sha256=checksums.sha256_file(path))


def _json_files(dataset: Dataset, folder: Path, tables: list[Table]) -> list[DataFile]:
    titles = {table.name: table.title for table in tables if not table.path}
    files = []
    for name, path in write_collections(dataset, folder).items():
        schema = f"{SCHEMA_FOLDER}/{name}.schema.json"
        files.append(DataFile(
            path=path.relative_to(folder).as_posix(), group="json", name=f"{name}-json",
            title=f"{titles[name]}（全部记录，JSON）", description=COLLECTION_DESCRIPTIONS[name],
            format="json", mediatype="application/json", encoding="utf-8",
            rows=len(dataset.collection(name)), json_schema=schema,
        ))
    return files


def _schema_files(folder: Path) -> list[DataFile]:
    target = folder / SCHEMA_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for source in sorted(SCHEMA_DIR.glob("*.schema.json")):
        (target / source.name).write_bytes(source.read_bytes())
        stem = source.name.removesuffix(".schema.json")
        described = (f"{COLLECTION_DESCRIPTIONS[stem].split('：', 1)[0]}的 JSON Schema（2020-12）："
                     "每个字段的中文名称、说明、类型和取值范围。"
                     if stem in COLLECTION_DESCRIPTIONS else
                     "各集合共用的定义（日期、金额、电话、代码等格式）的 JSON Schema。")
        files.append(DataFile(
            path=f"{SCHEMA_FOLDER}/{source.name}", group="schema", name=f"{stem}-schema",
            title=f"{source.name}（JSON Schema）", description=described, format="json",
            mediatype="application/schema+json", encoding="utf-8",
        ))
    return files


def _other_files(names: Iterable[str]) -> list[DataFile]:
    """The data files other parts of the build wrote into the data folder (``names``, relative
    to it): listed by the plan that wrote them, never found by looking at the folder."""
    files = []
    for name in sorted(names):
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        files.append(DataFile(
            path=name, group="other", name=re.sub(r"[^-a-z0-9]", "-", name.lower()), title=name,
            description=OTHER_DESCRIPTIONS.get(name, "其他数据文件。"), format=suffix,
            mediatype=_MEDIATYPES.get(suffix, "application/octet-stream"),
        ))
    return files


def _csv_files(tables: list[Table], dataset: Dataset, folder: Path) -> list[DataFile]:
    counts = csvfiles.write_csv(tables, dataset, folder)
    return [
        DataFile(
            path=csvfiles.csv_path(table), group="csv", name=table.name,
            title=table.title, description=table_description(table), details=table.description,
            format="csv", mediatype="text/csv", encoding=csvfiles.ENCODING,
            rows=counts[table.name], table=table,
        )
        for table in tables
    ]


def _sqlite_file(tables: list[Table], dataset: Dataset, folder: Path) -> DataFile:
    counts = write_sqlite(tables, dataset, folder / SQLITE_NAME)
    return DataFile(
        path=SQLITE_NAME, group="sqlite", name="relief-sqlite", title="全部表（SQLite 数据库）",
        description=(f"SQLite 数据库：与 CSV 相同的 {len(counts)} 张表，含主键、外键和索引，"
                     "可用 Datasette 或任何 SQL 客户端查询。"),
        format="sqlite", mediatype="application/vnd.sqlite3", rows=sum(counts.values()),
    )


def publish(dataset: Dataset, output: Path, settings: dict[str, Any], changes: ChangeLog, *,
            data_dir: Path | None = None, index: IndexWriter | None = None,
            workers: int = 1, other: Iterable[str] = ()) -> list[Path]:
    """Write every published file under ``output/data/``; return the paths written.

    ``settings`` is the resolved RELIEF dict (DATA_LICENSE, REPO_URL, OPERATOR, SAMPLE_DATA);
    ``data_dir`` the records' folder, whose Git checkout gives the source commit; ``index``
    writes the downloads page from the manifest before the checksums are taken; ``workers``
    how many processes write the JSON, CSV and SQLite files; ``other`` the files the site's
    plans wrote into the data folder (``changes.json`` …), relative to it.
    """
    folder = output / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tables = build_tables()
    # The three writers share nothing but what they read: each may run on its own core.
    writers: list[Callable[[], Any]] = [
        partial(_json_files, dataset, folder, tables),
        partial(_csv_files, tables, dataset, folder),
        partial(_sqlite_file, tables, dataset, folder),
    ]
    json_files, csv_files, sqlite_file = run_apart(writers, workers)
    files = [*json_files, *csv_files, sqlite_file, *_schema_files(folder)]
    files += _other_files(other)
    files = [_measured(folder, file) for file in files]
    commit = source_commit(changes, data_dir)
    descriptor = datapackage.package(files, settings, dataset.today, commit)
    datapackage.write_package(descriptor, folder / datapackage.FILE_NAME)
    entry = _measured(folder, DataFile(
        path=datapackage.FILE_NAME, group="package", name="", title="数据包描述",
        description="数据包描述（Frictionless Data Package）：全部文件的清单、表结构、主键和外键、"
                    "许可、来源提交和校验值，是读取这些数据的入口。",
        format="json", mediatype="application/json", encoding="utf-8",
    ))
    sums = DataFile(
        path=checksums.SUMS_NAME, group="checksums", name="", title="SHA-256 校验值",
        description="目录中每个文件的 SHA-256 校验值，"
                    "可用 sha256sum -c SHA256SUMS 核对下载的文件。",
        format="text", mediatype="text/plain", encoding="utf-8",
    )
    manifest = sorted([entry, *files, sums], key=lambda f: GROUPS.index(f.group))
    written = [folder / file.path for file in manifest if file is not sums]
    if index is not None:
        written.append(index(manifest))
    written.append(checksums.write_sums(folder))
    log.info("relief: %d data files published (source commit %s)", len(written), commit)
    return written
