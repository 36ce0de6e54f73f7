"""History in Chinese, field by field: a throwaway Git repository commits a status change and
a quantity change to a needs bulletin; the built record page, /changes/ and changes.json say
both, with the old and the new values, in Chinese."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import SAMPLE_DATA, build_with_settings

BULLETIN = "bulletins/2026-11-20-zongyang-winter-needs.yaml"
STATUS = "需求清单「成人和儿童棉衣、羽绒服，新品，…」·对接状态：待对接 → 部分认领"
COMMITTED = "需求清单「成人和儿童棉衣、羽绒服，新品，…」·已认领数量：0 → 1200"
QUANTITY = "需求清单「棉被（4 斤以上，含被套），新品」·需求数量：1500 → 1800"


def _git(repo: Path, *args: str) -> None:
    env = {"HOME": str(repo), "PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": "2026-11-28T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-11-28T10:00:00+08:00"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_a_status_and_a_quantity_change_are_told_in_chinese(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE_DATA, repo / "data")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.name", "测试")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "示例数据")
    record = repo / "data" / BULLETIN
    text = record.read_text("utf-8")
    clothes = text.index("  - id: winter-clothes")
    head, tail = text[:clothes], text[clothes:]
    head = head.replace("    quantity: 1500\n", "    quantity: 1800\n", 1)
    tail = tail.replace("    status: open\n    committed: 0\n",
                        "    status: partly_committed\n    committed: 1200\n", 1)
    record.write_text(head + tail, "utf-8")
    _git(repo, "commit", "-qam", "Update winter needs")  # an English subject: not shown
    built = build_with_settings(tmp_path, "", data=repo / "data", output=tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "site"
    page = (site / "bulletins/2026-11-20-zongyang-winter-needs/index.html").read_text("utf-8")
    changes = (site / "changes/index.html").read_text("utf-8")
    for html in (page, changes):
        assert QUANTITY in html and STATUS in html and COMMITTED in html
        assert "Update winter needs" not in html
    [event] = [e for e in json.loads((site / "data/changes.json").read_text("utf-8"))["events"]
               if e["change"] == "changed"]
    assert event["id"] == "2026-11-20-zongyang-winter-needs"
    assert [f["text"] for f in event["fields"]] == [QUANTITY, STATUS, COMMITTED]
    assert [f["field"] for f in event["fields"]] == [
        "/needs/0/quantity", "/needs/1/status", "/needs/1/committed"]
