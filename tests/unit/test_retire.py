"""``python -m relief retire``: withdraw a record without deleting it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relief.cli import main
from relief.validate import validate_path
from relief.yamlstrict import load_file
from tests.conftest import SAMPLE_DATA, TODAY


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELIEF_TODAY", TODAY.isoformat())
    target = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, target)
    return target


def _first(data: Path, collection: str) -> Path:
    return sorted((data / collection).glob("*.yaml"))[0]


@pytest.mark.parametrize("collection", ["organizations", "bulletins", "guidelines"])
def test_retire_sets_status_and_reason_and_data_still_validates(
    data: Path, collection: str
) -> None:
    path = _first(data, collection)
    assert main(["retire", path.stem, "--reason", "示例 已解散", "--data", str(data)]) == 0
    record = load_file(path).data
    assert record["status"] == "withdrawn"
    assert record["status_reason"] == "示例 已解散"
    report = validate_path(data, TODAY).report
    assert report.ok, report.format("text")


def test_retire_with_collection(data: Path) -> None:
    path = _first(data, "campaigns")
    argv = ["retire", path.stem, "--reason", "示例", "--collection", "campaigns"]
    assert main([*argv, "--data", str(data)]) == 0
    assert load_file(path).data["status"] == "withdrawn"


def test_unknown_id_is_a_usage_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retire", "no-such-record", "--reason", "示例", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "找不到编号为 no-such-record 的记录" in err and "no record with id" in err


def test_wrong_collection_is_a_usage_error(data: Path) -> None:
    path = _first(data, "organizations")
    argv = ["retire", path.stem, "--reason", "示例", "--collection", "bulletins"]
    assert main([*argv, "--data", str(data)]) == 2


def test_ambiguous_id_is_a_usage_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _first(data, "organizations")
    shutil.copy(path, data / "bulletins" / path.name)
    assert main(["retire", path.stem, "--reason", "示例", "--data", str(data)]) == 2
    assert "--collection" in capsys.readouterr().err


def test_file_with_comments_is_refused_unless_forced(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _first(data, "organizations")
    original = "# 说明：示例注释\n" + path.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    argv = ["retire", path.stem, "--reason", "示例", "--data", str(data)]
    assert main(argv) == 2
    assert "--force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == original
    assert main([*argv, "--force"]) == 0
    assert load_file(path).data["status"] == "withdrawn"
    assert "#" not in path.read_text(encoding="utf-8").splitlines()[0]


def test_empty_reason_is_refused(data: Path) -> None:
    path = _first(data, "organizations")
    assert main(["retire", path.stem, "--reason", " ", "--data", str(data)]) == 2
    assert "withdrawn" not in path.read_text(encoding="utf-8")


def test_reason_is_required_by_the_parser(data: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["retire", "x", "--data", str(data)])
    assert exit_info.value.code == 2


def test_nothing_is_written_through_a_link(data: Path, tmp_path: Path) -> None:
    """A collection folder that is a link elsewhere: neither read through nor written."""
    elsewhere = tmp_path / "elsewhere"
    (data / "guidelines").rename(elsewhere)
    (data / "guidelines").symlink_to(elsewhere, target_is_directory=True)
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    stem = sorted(before)[0].removesuffix(".yaml")
    argv = ["retire", stem, "--reason", "示例", "--collection", "guidelines"]
    assert main([*argv, "--data", str(data)]) == 1
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before


def test_a_record_that_is_a_link_is_not_rewritten(data: Path, tmp_path: Path) -> None:
    path = _first(data, "guidelines")
    outside = tmp_path / "outside.yaml"
    path.rename(outside)
    path.symlink_to(outside)
    before = outside.read_bytes()
    assert main(["retire", path.stem, "--reason", "示例", "--data", str(data)]) == 1
    assert outside.read_bytes() == before and path.is_symlink()
