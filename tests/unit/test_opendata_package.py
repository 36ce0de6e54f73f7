"""The published data package of the sample build: Frictionless's own validator, foreign keys
checked (a broken one is reported), SHA256SUMS, the downloads page, reproducible bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from relief.opendata import checksums
from relief.opendata.changelog import ChangeLog
from relief.opendata.publish import publish, table_description
from relief.opendata.tables import build_tables
from relief.site.pages_guidelines import human_size
from relief.site.settings import resolve
from tests.conftest import ROOT, SAMPLE_DATA
from tests.unit.test_sample_dataset import sample

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def build_sample(output: Path) -> Path:
    """``python -m relief build`` of the sample into ``output``; returns ``output/data``."""
    env = {**os.environ, "RELIEF_TODAY": "2026-11-29"}
    result = subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(SAMPLE_DATA),
         "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output / "data"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def package(data: Path) -> dict[str, Any]:
    descriptor: dict[str, Any] = json.loads((data / "datapackage.json").read_text("utf-8"))
    return descriptor


def frictionless_validate(descriptor: Path) -> dict[str, Any]:
    """``frictionless validate --json`` (the venv's CLI); the report as a dict."""
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", descriptor.name],
        cwd=descriptor.parent, capture_output=True, text=True, check=False,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    assert (result.returncode == 0) == report["valid"], result.stderr
    return report


def errors(report: dict[str, Any]) -> list[tuple[str, str]]:
    found = [("", e["type"]) for e in report["errors"]]
    for task in report["tasks"]:
        found += [(task["name"], e["type"]) for e in task["errors"]]
    return found


# --- Frictionless -----------------------------------------------------------------------


def test_frictionless_validates_the_package(data: Path, package: dict[str, Any]) -> None:
    report = frictionless_validate(data / "datapackage.json")
    assert errors(report) == [] and report["valid"]
    tasks = {task["name"]: task for task in report["tasks"]}
    assert set(tasks) == {r["name"] for r in package["resources"]}
    tables = [r for r in package["resources"] if r["profile"] == "tabular-data-resource"]
    assert len(tables) == len(build_tables())
    for resource in tables:  # every CSV was read as a table: rows, bytes and hash checked
        stats = tasks[resource["name"]]["stats"]
        assert tasks[resource["name"]]["type"] == "table"
        assert stats["rows"] == resource["rows"] and stats["bytes"] == resource["bytes"]
        assert f"sha256:{stats['sha256']}" == resource["hash"]


def _rewrite(folder: Path, package: dict[str, Any], path: str, text: bytes) -> None:
    """Replace one CSV in a copy and declare its new size and hash, as a publisher would."""
    (folder / path).write_bytes(text)
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == path:
            resource["bytes"] = len(text)
            resource["hash"] = "sha256:" + hashlib.sha256(text).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")


def test_frictionless_reports_a_broken_foreign_key_and_a_changed_file(
    data: Path, package: dict[str, Any], tmp_path: Path,
) -> None:
    from frictionless import validate

    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    path = "csv/disclosures_receipts.csv"
    text = (copy / path).read_bytes()
    header, first, rest = text.split(b"\r\n", 2)
    assert first.startswith(b"jq-food-bank-2026-07,r01,")
    broken = first.replace(b"jq-food-bank-2026-07,", b"no-such-disclosure,", 1)
    _rewrite(copy, package, path, b"\r\n".join([header, broken, rest]))
    # Another file changed after publishing, its declared hash left as it was.
    changed = copy / "csv" / "disclosures.csv"
    changed.write_bytes(changed.read_bytes().replace(b",15000,", b",15001,", 1))
    report = validate(copy / "datapackage.json")
    assert not report.valid
    found = report.flatten(["type", "note"])
    assert sorted({(task.name, error.type) for task in report.tasks for error in task.errors}
                  ) == [("disclosures", "hash-count"),
                        # the receipt names no disclosure, and its goods lines no such receipt
                        ("disclosures_receipts", "foreign-key"),
                        ("disclosures_receipts_items", "foreign-key")]
    assert ["foreign-key", 'for "record_id": values "no-such-disclosure" not found in the '
            'lookup table "disclosures" as "id"'] in found


# --- the descriptor ---------------------------------------------------------------------


def test_package_metadata(package: dict[str, Any]) -> None:
    assert package["profile"] == "data-package" and package["name"] == "tongling-relief"
    assert package["title"] == "铜陵市社会力量参与防灾减灾救灾服务平台公开数据"
    assert package["created"] == "2026-11-29T00:00:00+08:00"  # RELIEF_TODAY, not the clock
    assert package["licenses"] == [{
        "name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "知识共享 署名 4.0 国际许可协议（CC BY 4.0）",
    }]
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=False).stdout.strip() or "unknown"
    assert package["sourceCommit"] == head
    assert package["sources"][0]["path"].startswith("https://github.com/tongling-relief/platform")
    assert "示例数据" in package["description"]


def test_every_published_file_is_a_resource(data: Path, package: dict[str, Any]) -> None:
    paths = {r["path"] for r in package["resources"]}
    files = set(checksums.listed_files(data))
    not_resources = {"datapackage.json"} | {f for f in files if f.endswith(".html")}
    assert paths == files - not_resources
    formats = {r["path"]: r["format"] for r in package["resources"]}
    assert formats["relief.sqlite"] == "sqlite" and formats["organizations.json"] == "json"
    assert formats["schemas/defs.schema.json"] == "json"
    for resource in package["resources"]:
        assert resource["bytes"] == (data / resource["path"]).stat().st_size
        assert resource["hash"] == "sha256:" + checksums.sha256_file(data / resource["path"])


def test_table_schemas_carry_keys_titles_and_allowed_values(package: dict[str, Any]) -> None:
    resources = {r["name"]: r for r in package["resources"]}
    receipts = resources["disclosures_receipts"]
    assert receipts["encoding"] == "utf-8-sig" and receipts["mediatype"] == "text/csv"
    schema = receipts["schema"]
    assert schema["primaryKey"] == ["record_id", "line_key"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["record_id"]["constraints"] == {"required": True}
    assert fields["amount"]["type"] == "number" and fields["date"]["type"] == "date"
    assert fields["amount"]["title"]  # Chinese title from the schema
    assert "constraints" in fields["form"] and "money" in fields["form"]["constraints"]["enum"]
    assert {"fields": ["record_id"], "reference": {"resource": "disclosures", "fields": ["id"]}
            } in schema["foreignKeys"]
    uses = resources["disclosures_uses"]["schema"]["foreignKeys"]
    assert {"fields": ["need_item_bulletin", "need_item_item"],
            "reference": {"resource": "bulletins_needs", "fields": ["record_id", "line_key"]}
            } in uses
    for resource in resources.values():
        for key in resource.get("schema", {}).get("foreignKeys", []):
            assert key["reference"]["resource"] in resources


# --- checksums and the downloads page ----------------------------------------------------


def test_sha256sum_checks_every_file(data: Path) -> None:
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=data,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = [line.split("  ", 1)[1] for line in (data / "SHA256SUMS").read_text().splitlines()]
    everything = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    assert listed == sorted(listed) and set(listed) == set(everything) - {"SHA256SUMS"}
    assert "index.html" in listed and "csv/disclosures_receipts.csv" in listed


def test_downloads_page_lists_every_file_with_its_real_size_and_checksum(data: Path) -> None:
    html = (data / "index.html").read_text("utf-8")
    rows = re.findall(r'<tr>\s*<th scope="row"[^>]*><a href="/data/([^"]+)" download>(.*?)</tr>',
                      html, re.S)
    listed = {path for path, _ in rows}
    files = set(checksums.listed_files(data)) | {"SHA256SUMS"}
    assert listed == {f for f in files if not f.endswith(".html")}
    for path, row in rows:
        if path == "SHA256SUMS":
            continue
        size = (data / path).stat().st_size
        assert f'<data value="{size}">{human_size(size)}</data>' in row, path
        digest = checksums.sha256_file(data / path)
        assert f"<summary><samp>{digest[:12]}…</samp>" in row and f"<code>{digest}</code>" in row
    assert "42 行" in html and "42 条记录" in html  # organizations.csv, organizations.json
    sections = re.findall(r'<h2 id="data-([a-z]+)">', html)
    assert sections[:5] == ["package", "json", "csv", "sqlite", "schema"]
    assert sections.index("checksums") == len(sections) - 3  # then how to use, licence


def test_human_sizes_in_chinese_units() -> None:
    assert [human_size(n) for n in (0, 1023, 1024, 1536, 10 * 1024**2, 3 * 1024**3)] == [
        "0 字节", "1023 字节", "1.0 千字节", "1.5 千字节", "10.0 兆字节", "3.0 吉字节"]


def test_table_descriptions_say_what_a_row_is() -> None:
    by_name = {t.name: t for t in build_tables()}
    assert table_description(by_name["disclosures"]).startswith("捐赠信息公开：每条记录一行")
    assert table_description(by_name["disclosures_receipts_items"]) == (
        "捐赠信息公开 · 接收捐赠 · 物资明细：每个条目一行，"
        "以 record_id、receipts_key 关联 disclosures_receipts 表。")


# --- reproducible ------------------------------------------------------------------------


def test_publish_twice_gives_the_same_bytes_and_uses_no_clock(tmp_path: Path) -> None:
    settings = resolve({"REPO_URL": "https://example.org/repo"})
    first, second = tmp_path / "a", tmp_path / "b"
    written = publish(sample(), first, settings, ChangeLog())
    publish(sample(), second, settings, ChangeLog())
    assert written[-1] == first / "data" / "SHA256SUMS"
    assert (first / "data" / "SHA256SUMS").read_bytes() == (
        second / "data" / "SHA256SUMS").read_bytes()
    descriptor = json.loads((first / "data" / "datapackage.json").read_text("utf-8"))
    assert descriptor["created"] == dt.datetime(2026, 11, 29, tzinfo=dt.timezone(
        dt.timedelta(hours=8))).isoformat()
    assert descriptor["sourceCommit"] == "unknown"  # no Git history given
    assert descriptor["sources"] == [{
        "title": "铜陵市社会力量参与防灾减灾救灾服务平台数据仓库（Git 提交 unknown）",
        "path": "https://example.org/repo"}]
