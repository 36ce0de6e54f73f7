"""The change log from Git: added, changed, withdrawn and deleted records, on throwaway
repositories with scripted commits; its JSON, Atom feed, page and per-record history."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from relief.opendata.changelog import read_changelog
from relief.site import filters
from relief.site.context import SiteContext
from relief.site.page import File, Page
from relief.site.pages_opendata import plan_opendata
from relief.site.settings import resolve
from tests.conftest import ROOT
from tests.unit.test_sample_dataset import sample

ATOM = "{http://www.w3.org/2005/Atom}"
RECORD = "data/organizations/tl-eagle-rescue.yaml"  # an id the sample has, for page links
ORG = ("organizations", "tl-eagle-rescue")

ORGANIZATION = """\
name: 示例铜陵飞鹰救援队
kind: volunteer_team
district: 铜官区
contact:
  phone: 0562-2800001
review_status: reviewed
status: active
"""


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {"HOME": str(repo), "PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env)
    return done.stdout.strip()


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def new_repo(path: Path) -> Path:
    (path / "data" / "organizations").mkdir(parents=True)
    git(path, "init", "-q")
    git(path, "config", "user.name", "测试")
    git(path, "config", "user.email", "test@example.org")
    return path


@pytest.fixture
def three_commits(tmp_path: Path) -> tuple[Path, list[str]]:
    """Add an organisation, change it, withdraw it: the issue's scripted history."""
    repo = new_repo(tmp_path / "repo")
    record = repo / RECORD
    (repo / "README.md").write_text("outside the data folder\n")
    record.write_text(ORGANIZATION, encoding="utf-8")
    added = commit(repo, "新增飞鹰救援队", "2026-01-02T10:00:00+08:00")
    record.write_text(ORGANIZATION.replace("0562-2800001", "0562-2800002"), encoding="utf-8")
    (repo / "README.md").write_text("changed, but not data\n")
    changed = commit(repo, "更新联系电话", "2026-02-03T11:30:00+08:00")
    record.write_text(ORGANIZATION.replace("status: active", "status: withdrawn\n"
                                           "status_reason: 队伍已解散"), encoding="utf-8")
    withdrawn = commit(repo, "撤回飞鹰救援队", "2026-03-04T23:30:00+08:00")
    return repo, [withdrawn, changed, added]


def test_three_scripted_commits_give_exactly_three_events(
    three_commits: tuple[Path, list[str]],
) -> None:
    repo, (withdrawn, changed, added) = three_commits
    log = read_changelog(repo / "data")
    assert log.available and log.complete and log.data_prefix == "data"
    assert [(e.commit, e.date, e.subject, e.collection, e.record_id, e.kind)
            for e in log.events()] == [
        (withdrawn, "2026-03-04", "撤回飞鹰救援队", *ORG, "withdrawn"),
        (changed, "2026-02-03", "更新联系电话", *ORG, "changed"),
        (added, "2026-01-02", "新增飞鹰救援队", *ORG, "added"),
    ]
    assert [c.time for c in log.commits] == [
        "2026-03-04T23:30:00+08:00", "2026-02-03T11:30:00+08:00", "2026-01-02T10:00:00+08:00"]
    assert [e.kind for e in log.for_path(RECORD)] == ["withdrawn", "changed", "added"]
    assert log.for_path("data/organizations/other.yaml") == []


def test_changes_json_is_exact_and_depends_only_on_history(
    three_commits: tuple[Path, list[str]],
) -> None:
    repo, (withdrawn, changed, added) = three_commits
    text = read_changelog(repo / "data").to_json()
    (repo / RECORD).write_text("status: withdrawn\n")  # the working tree does not count
    assert read_changelog(repo / "data").to_json() == text
    event = {"collection": "organizations", "id": "tl-eagle-rescue"}
    assert json.loads(text) == {
        "available": True, "complete": True, "data_folder": "data",
        "events": [
            {"commit": withdrawn, "date": "2026-03-04", "subject": "撤回飞鹰救援队",
             **event, "change": "withdrawn", "fields": [
                 {"field": "/contact/phone",
                  "text": "公开联系方式·联系电话：0562-2800002 → 0562-2800001"},
                 {"field": "/status", "text": "状态：有效 → 已撤回"},
                 {"field": "/status_reason", "text": "新增状态说明：队伍已解散"}]},
            {"commit": changed, "date": "2026-02-03", "subject": "更新联系电话",
             **event, "change": "changed", "fields": [
                 {"field": "/contact/phone",
                  "text": "公开联系方式·联系电话：0562-2800001 → 0562-2800002"}]},
            {"commit": added, "date": "2026-01-02", "subject": "新增飞鹰救援队",
             **event, "change": "added", "fields": []},
        ],
    }


def test_after_withdrawal_changes_are_changes_and_a_deletion_is_reported(
    three_commits: tuple[Path, list[str]],
) -> None:
    repo, _ = three_commits
    record = repo / RECORD
    record.write_text(record.read_text(encoding="utf-8") + "short_name: 飞鹰\n", encoding="utf-8")
    (repo / "data" / "organizations" / "Not_An_Id.yaml").write_text("status: withdrawn\n")
    (repo / "data" / "notes.txt").write_text("not a record\n")
    commit(repo, "撤回后补充简称", "2026-04-01T09:00:00+08:00")
    record.unlink()
    (repo / "data" / "bulletins").mkdir()
    (repo / "data" / "bulletins" / "b-one.yaml").write_text("status: withdrawn\n")
    commit(repo, "删除并新增", "2026-05-01T09:00:00+08:00")
    log = read_changelog(repo / "data")
    assert [(e.subject, e.collection, e.record_id, e.kind) for e in log.events()][:3] == [
        ("删除并新增", "bulletins", "b-one", "added"),
        ("删除并新增", "organizations", "tl-eagle-rescue", "deleted"),
        ("撤回后补充简称", "organizations", "tl-eagle-rescue", "changed"),
    ]


def test_one_log_pass_and_one_batched_read_of_file_versions(
    three_commits: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo, _ = three_commits
    for number in range(5):
        path = repo / "data" / "organizations" / f"org-{number}.yaml"
        path.write_text(ORGANIZATION)
    commit(repo, "五个单位", "2026-06-01T09:00:00+08:00")
    for number in range(5):
        path = repo / "data" / "organizations" / f"org-{number}.yaml"
        path.write_text(ORGANIZATION.replace("active", "withdrawn\nstatus_reason: 测试"))
    commit(repo, "全部撤回", "2026-06-02T09:00:00+08:00")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: Any) -> Any:
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    log = read_changelog(repo / "data")
    assert [e.kind for e in log.commits[0].events] == ["withdrawn"] * 5
    assert sum("log" in args for args in calls) == 1
    assert sum("cat-file" in args for args in calls) == 1


def test_without_git_there_is_no_history(
    three_commits: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo, _ = three_commits
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    log = read_changelog(repo / "data")
    assert not log.available and not log.complete and list(log.events()) == []
    assert json.loads(log.to_json()) == {
        "available": False, "complete": False, "data_folder": "", "events": []}


def test_outside_a_repository_there_is_no_history(tmp_path: Path) -> None:
    (tmp_path / "data" / "organizations").mkdir(parents=True)
    log = read_changelog(tmp_path / "data")
    assert not log.available and list(log.events()) == []
    assert not read_changelog(tmp_path / "missing").available


def test_a_shallow_clone_is_marked_incomplete_without_false_additions(
    three_commits: tuple[Path, list[str]], tmp_path: Path,
) -> None:
    repo, (withdrawn, _, _) = three_commits
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    log = read_changelog(clone / "data")
    assert log.available and not log.complete
    # the boundary commit would look like it added every file: it is left out
    assert [(e.commit, e.kind) for e in log.events()] == [(withdrawn, "withdrawn")]


# --- the pages -----------------------------------------------------------------------------


def planned(repo: Path) -> tuple[SiteContext, dict[str, Page | File]]:
    settings = resolve({"DATA_DIR": str(repo / "data"), "REPO_URL": "https://git.example.org/r"})
    site = SiteContext(dataset=sample(), settings=settings, changes=read_changelog(repo / "data"),
                       data_prefix="data")
    context = {"PATH": str(ROOT / "content"), "SITEURL": "https://relief.example.org"}
    return site, {item.path: item for item in plan_opendata(site, context)}


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=ChainableUndefined)
    filters.install(env)
    return env


def render(site: SiteContext, page: Page) -> str:
    return environment().get_template(page.template).render(
        relief=site, SITEURL="", SITENAME="平台", **page.context)


def test_plan_writes_json_feed_and_page(three_commits: tuple[Path, list[str]]) -> None:
    repo, (withdrawn, _, added) = three_commits
    _, items = planned(repo)
    changes = items["data/changes.json"]
    assert isinstance(changes, File)
    assert changes.content == read_changelog(repo / "data").to_json()
    assert isinstance(items["changes/index.html"], Page) and items["changes/index.html"].in_sitemap
    feed = items["feeds/changes.atom"]
    assert isinstance(feed, File) and isinstance(feed.content, str)
    again = planned(repo)[1]["feeds/changes.atom"]
    assert isinstance(again, File) and again.content == feed.content  # reproducible
    root = ET.fromstring(feed.content.encode())
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "撤回飞鹰救援队", "更新联系电话", "新增飞鹰救援队"]
    assert entries[0].findtext(f"{ATOM}id") == f"tag:tongling-relief,2026:changes/{withdrawn}"
    assert entries[0].findtext(f"{ATOM}updated") == "2026-03-04T23:30:00+08:00"
    assert root.findtext(f"{ATOM}updated") == "2026-03-04T23:30:00+08:00"
    content = entries[2].findtext(f"{ATOM}content") or ""
    assert ('新增 资源目录 · <a href="https://relief.example.org/directory/tl-eagle-rescue/">'
            "示例铜陵飞鹰救援队</a>") in content
    assert added in feed.content


def test_changes_page_groups_by_commit_with_chinese_labels_and_record_links(
    three_commits: tuple[Path, list[str]],
) -> None:
    repo, (withdrawn, _, _) = three_commits
    site, items = planned(repo)
    page = items["changes/index.html"]
    assert isinstance(page, Page)
    html = render(site, page)
    assert html.count("<h1>") == 1
    assert [html.index(day) for day in ("2026年3月4日", "2026年2月3日", "2026年1月2日")] == sorted(
        html.index(day) for day in ("2026年3月4日", "2026年2月3日", "2026年1月2日"))
    for label in ("撤回", "修改", "新增"):
        assert f'">{label}</span> <span class="rl-change__collection">资源目录</span> ' in html
    assert html.count('<a href="/directory/tl-eagle-rescue/">示例铜陵飞鹰救援队</a>') == 3
    assert f'id="commit-{withdrawn[:10]}"' in html
    assert f'<a href="https://git.example.org/r/commit/{withdrawn}">' in html
    assert "暂无修改记录" not in html


def test_changes_page_says_when_history_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    site, items = planned(tmp_path)
    page = items["changes/index.html"]
    assert isinstance(page, Page)
    assert "暂无修改记录：构建网站时没有可用的 Git 历史" in render(site, page)


def test_record_provenance_lists_its_own_history(three_commits: tuple[Path, list[str]]) -> None:
    repo, _ = three_commits
    site, _ = planned(repo)
    record = site.org("tl-eagle-rescue")
    template = environment().from_string(
        '{% from "components.html" import provenance %}{{ provenance(relief, record) }}')
    html = template.render(relief=site, record=record)
    history = re.sub(r"<[^>]+>", "", html[html.index("<dt>修改历史</dt>"):])  # numbers dial
    assert 'href="tel:05622800002"' in html
    assert history.index("2026年3月4日 撤回：公开联系方式·联系电话：0562-2800002 → 0562-2800001；"
                         "状态：有效 → 已撤回；新增状态说明：队伍已解散（撤回飞鹰救援队）") \
        < history.index("2026年2月3日 修改：公开联系方式·联系电话：0562-2800001 → 0562-2800002"
                        "（更新联系电话）") \
        < history.index("2026年1月2日 新增（新增飞鹰救援队）")
    other = site.org("tl-charity-federation")
    assert "修改历史</dt>" not in template.render(relief=site, record=other)
