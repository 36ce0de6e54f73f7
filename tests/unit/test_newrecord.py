"""``python -m relief new``: flag mode and interactive mode give valid records."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relief.cli import _parser, main
from relief.newrecord import run_new
from relief.validate import validate_path
from relief.yamlstrict import load_file
from tests.conftest import ROOT, SAMPLE_DATA, TODAY

# The required values of one record per collection (dates are left to today's default).
VALUES: dict[str, dict[str, str]] = {
    "organizations": {
        "name": "示例新建志愿救援队",
        "kind": "volunteer_team",
        "disaster_specialised": "是",
        "charity": "否",
        "district": "铜官区",
        "address": "示例路 1 号",
        "capabilities.0": "water-rescue",
        "team.members": "12",
        "contact.phone": "0562-5800001",
        "verification.by": "市民政局救灾减灾科",
        "sources.0.title": "示例 报名材料",
    },
    "guidelines": {
        "phase": "routine",
        "title": "示例 新建工作指南",
        "summary": "示例摘要",
        "body": "示例正文",
        "sources.0.title": "示例 来源文件",
    },
    "bulletins": {
        "title": "示例 关于新建协调工作的通知",
        "kind": "coordination",
        "issuer.name": "铜陵市民政局",
        "summary": "示例摘要",
        "sources.0.title": "示例 值班记录",
    },
    "campaigns": {
        "title": "示例 新建救灾响应",
        "kind": "response",
        "campaign_status": "active",
        "lead.name": "铜陵市民政局",
        "summary": "示例摘要",
        "sources.0.title": "示例 启动通知",
    },
    "disclosures": {
        "title": "示例 新建捐赠公开",
        "organization": "jq-food-bank",
        "campaign": "2026-zongyang-flood",
        "disclosure_kind": "interim",
        "opening_balance": "0",
        "declared.received_money": "0",
        "declared.used_money": "0",
        "declared.balance": "0",
        "sources.0.title": "示例 财务台账",
    },
}

# Answers in the order the prompts come: the id (empty: the suggestion), then each field.
ANSWERS: dict[str, list[str]] = {
    "organizations": [
        "", "示例新建志愿救援队", "volunteer_team", "是", "否", "铜官区", "示例路 1 号",
        "water-rescue", "12", "0562-5800001", "", "市民政局救灾减灾科", "示例 报名材料",
    ],
    "guidelines": ["", "routine", "示例 新建工作指南", "示例摘要", "示例正文", "", "示例 来源"],
    "bulletins": [
        "", "示例 关于新建协调工作的通知", "coordination", "", "铜陵市民政局", "示例摘要",
        "示例 值班记录",
    ],
    "campaigns": [
        "", "示例 新建救灾响应", "response", "", "active", "铜陵市民政局", "示例摘要",
        "示例 启动通知",
    ],
    "disclosures": [
        "", "示例 新建捐赠公开", "jq-food-bank", "2026-zongyang-flood", "interim", "", "", "",
        "0", "0", "0", "0", "示例 财务台账",
    ],
}  # fmt: skip


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELIEF_TODAY", TODAY.isoformat())
    target = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, target)
    return target


def _args(*argv: str) -> argparse.Namespace:
    return _parser().parse_args(list(argv))


def _assert_valid(data: Path, collection: str, record_id: str) -> dict[str, object]:
    path = data / collection / f"{record_id}.yaml"
    assert path.is_file()
    report = validate_path(data, TODAY).report
    assert report.ok, report.format("text")
    loaded = load_file(path)
    assert not loaded.problems
    assert isinstance(loaded.data, dict)
    assert loaded.data["review_status"] == "pending"
    assert loaded.data["status"] == "active"
    return loaded.data


@pytest.mark.parametrize("collection", sorted(VALUES))
def test_flag_mode_creates_a_valid_record(data: Path, collection: str) -> None:
    argv = ["new", collection, "--data", str(data), "--id", f"new-{collection}"]
    for key, value in VALUES[collection].items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 0
    record = _assert_valid(data, collection, f"new-{collection}")
    assert str(record["title" if collection != "organizations" else "name"]).startswith("示例")
    for field in ("published", "start"):
        if field in record:
            assert record[field] == TODAY.isoformat()


def test_flag_mode_types_values_and_suggests_a_free_id(data: Path) -> None:
    argv = ["new", "organizations", "--data", str(data)]
    for key, value in VALUES["organizations"].items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 0
    assert main(argv) == 0
    first = load_file(data / "organizations" / "org-20261129-1.yaml").data
    assert (data / "organizations" / "org-20261129-2.yaml").is_file()
    assert first["team"]["members"] == 12
    assert first["disaster_specialised"] is True and first["charity"] is False
    assert first["verification"]["date"] == TODAY.isoformat()


def test_source_flag_fills_sources(data: Path) -> None:
    values = dict(VALUES["bulletins"])
    del values["sources.0.title"]
    argv = ["new", "bulletins", "--data", str(data), "--id", "b-src", "--source", "示例 来源"]
    for key, value in values.items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 0
    assert load_file(data / "bulletins" / "b-src.yaml").data["sources"] == [{"title": "示例 来源"}]


@pytest.mark.parametrize("collection", sorted(ANSWERS))
def test_interactive_mode_creates_a_valid_record(data: Path, collection: str) -> None:
    stdin = io.StringIO("\n".join(ANSWERS[collection]) + "\n")
    out = io.StringIO()
    code = run_new(_args("new", collection, "--data", str(data)), stdin=stdin, out=out)
    assert code == 0, out.getvalue()
    prefix = {"organizations": "org", "guidelines": "guide", "bulletins": "bulletin",
              "campaigns": "campaign", "disclosures": "disclosure"}[collection]  # fmt: skip
    _assert_valid(data, collection, f"{prefix}-20261129-1")
    assert "请输入" in out.getvalue()


def test_interactive_mode_through_standard_input(data: Path) -> None:
    env = {**os.environ, "RELIEF_TODAY": TODAY.isoformat()}
    result = subprocess.run(
        [sys.executable, "-m", "relief", "new", "organizations", "--data", str(data)],
        input="\n".join(["my-team", *ANSWERS["organizations"][1:]]) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "名称" in result.stdout and "可选" in result.stdout
    _assert_valid(data, "organizations", "my-team")


def test_interactive_mode_asks_again_after_a_bad_answer(data: Path) -> None:
    answers = list(ANSWERS["organizations"])
    answers[0] = "Bad ID"  # refused, then the suggestion is accepted
    answers.insert(1, "")
    answers.insert(4, "也许")  # not 是/否: asked again
    stdin = io.StringIO("\n".join(answers) + "\n")
    out = io.StringIO()
    assert run_new(_args("new", "organizations", "--data", str(data)), stdin, out) == 0
    assert "编号只能用" in out.getvalue() and "请填 是 或 否" in out.getvalue()
    _assert_valid(data, "organizations", "org-20261129-1")


def test_interactive_input_ending_early_is_a_usage_error(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.StringIO("\n示例\n")
    assert run_new(_args("new", "organizations", "--data", str(data)), stdin, io.StringIO()) == 2
    assert "输入提前结束" in capsys.readouterr().err
    assert not list((data / "organizations").glob("org-*.yaml"))


def test_missing_required_fields_exit_2_with_the_list(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in (data / "organizations").iterdir())
    assert main(["new", "organizations", "--data", str(data), "--set", "name=示例"]) == 2
    err = capsys.readouterr().err
    assert "缺少必填字段" in err and "missing required fields" in err
    for path in ("kind", "team.members", "contact.phone", "capabilities.0", "sources.0.title"):
        assert f"- {path} " in err
    assert "- name " not in err
    assert sorted(p.name for p in (data / "organizations").iterdir()) == before


def test_guideline_needs_phase_or_topic(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = dict(VALUES["guidelines"])
    del values["phase"]
    argv = ["new", "guidelines", "--data", str(data)]
    for key, value in values.items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 2
    assert "phase|topic" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("team.members=twelve", "expected an integer"),
        ("kind=club", "must be one of"),
        ("nosuch=1", "unknown field: nosuch"),
        ("capabilities.3=water-rescue", "list indexes"),
        ("novalue", "FIELD=VALUE"),
    ],
)
def test_bad_settings_are_usage_errors(
    data: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    assert main(["new", "organizations", "--data", str(data), "--set", setting]) == 2
    assert message in capsys.readouterr().err


def test_taken_id_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new", "organizations", "--data", str(data), "--id", "jq-food-bank"]
    assert main([*argv, "--set", "name=示例"]) == 2
    assert "already taken" in capsys.readouterr().err


def test_invalid_record_is_not_written(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = dict(VALUES["organizations"], district="不存在区")
    argv = ["new", "organizations", "--data", str(data), "--id", "bad-district"]
    for key, value in values.items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 1
    assert "nothing was written" in capsys.readouterr().out
    assert not (data / "organizations" / "bad-district.yaml").exists()


def test_a_dangling_link_in_the_way_is_not_written_through(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    (data / "organizations" / "new-org.yaml").symlink_to(outside)
    argv = ["new", "organizations", "--data", str(data), "--id", "new-org"]
    for key, value in VALUES["organizations"].items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 1
    assert not outside.exists()
