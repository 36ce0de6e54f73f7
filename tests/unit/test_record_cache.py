"""The record cache: a rebuild that reads only the changed file equals a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

from relief.record_cache import RecordCache
from relief.validate import validate_path
from tests.conftest import SAMPLE_DATA, TODAY, build_with_settings, copy_base, site_files

ENTRY = "organizations/jq-chenyaohu-coop.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_rebuild_after_one_change_equals_a_clean_build(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    files = len(list(data.rglob("*.yaml")))
    cached = f"RELIEF['CACHE_DIR'] = {str(tmp_path / 'cache')!r}\n"
    first = build_with_settings(tmp_path, cached, data=data, output=tmp_path / "first")
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"0 个文件沿用 remembered, {files} 个重新读取" in first.stdout
    _edit(data / ENTRY, "name: 示例陈瑶湖镇农机专业合作社", "name: 示例陈瑶湖镇农机服务合作社")
    again = build_with_settings(tmp_path, cached, data=data, output=tmp_path / "again")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{files - 1} 个文件沿用 remembered, 1 个重新读取" in again.stdout
    clean = build_with_settings(tmp_path, "RELIEF['CACHE'] = False\n", data=data,
                                output=tmp_path / "clean")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "record cache" not in clean.stdout
    rebuilt, fresh = site_files(tmp_path / "again"), site_files(tmp_path / "clean")
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in fresh if rebuilt[name] != fresh[name]] == []
    page = "directory/jq-chenyaohu-coop/index.html"
    assert "示例陈瑶湖镇农机服务合作社" in rebuilt[page].decode()
    assert site_files(tmp_path / "first")[page] != rebuilt[page]


def _broken_dataset(tmp_path: Path) -> Path:
    data = copy_base(tmp_path)
    entry = next((data / "organizations").glob("*.yaml"))
    text = entry.read_text("utf-8")
    (data / "organizations" / "copy-one.yaml").write_text(
        text + "note: 联系人手机 13912345678\n", "utf-8")
    (data / "organizations" / "copy-two.yaml").write_text(
        text + "note: 联系人手机 13912345678\n", "utf-8")
    (data / "organizations" / "broken.yaml").write_text("name: [unclosed\n", "utf-8")
    _edit(entry, "\n", "\nmembers_total: many\n")
    return data


def test_remembered_files_report_the_same_problems(tmp_path: Path) -> None:
    data = _broken_dataset(tmp_path)
    folder = tmp_path / "cache"
    cold_cache = RecordCache(folder, data)
    cold = validate_path(data, TODAY, cache=cold_cache).report
    warm_cache = RecordCache(folder, data)
    warm = validate_path(data, TODAY, cache=warm_cache).report
    files = len(list(data.rglob("*.yaml")))
    assert (cold_cache.hits, cold_cache.misses) == (0, files)
    assert (warm_cache.hits, warm_cache.misses) == (files, 0)
    uncached = validate_path(data, TODAY).report
    assert warm.format("text") == cold.format("text") == uncached.format("text")
    problems = {(p.file, p.code) for p in warm.errors}
    # Two files with the same bytes keep apart: each problem names its own file.
    assert {file for file, code in problems if code.startswith("privacy.")} >= {
        "data/organizations/copy-one.yaml", "data/organizations/copy-two.yaml"}
    assert ("data/organizations/broken.yaml", "yaml.syntax") in problems
    assert any(code.startswith("schema.") for _, code in problems)


def test_a_cache_that_cannot_be_read_is_ignored_and_rewritten(tmp_path: Path) -> None:
    data = copy_base(tmp_path)
    folder = tmp_path / "cache"
    validate_path(data, TODAY, cache=RecordCache(folder, data))
    [stored] = folder.rglob("records-*.pickle")
    stored.write_bytes(b"not a cache")
    damaged = RecordCache(folder, data)
    assert validate_path(data, TODAY, cache=damaged).report.ok
    assert damaged.hits == 0
    repaired = RecordCache(folder, data)
    validate_path(data, TODAY, cache=repaired)
    assert repaired.hits == len(list(data.rglob("*.yaml"))) and repaired.misses == 0


def test_no_folder_remembers_nothing(tmp_path: Path) -> None:
    data = copy_base(tmp_path)
    for _ in range(2):
        off = RecordCache(None, data)
        assert validate_path(data, TODAY, cache=off).report.ok
        assert (off.hits, off.enabled) == (0, False)
    assert not list(tmp_path.rglob("*.pickle"))
