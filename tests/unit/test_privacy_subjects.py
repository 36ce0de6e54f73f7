"""Commit subjects are published (changes.json, /changes/, feeds, record histories): one that
holds a personal number is replaced by a placeholder, on a real throwaway repository."""

from __future__ import annotations

from pathlib import Path

from relief.opendata.changelog import read_changelog
from relief.privacy_text import WITHHELD_SUBJECT, publishable
from relief.site.page import File, Page
from tests.unit.test_opendata_changelog import (
    ORGANIZATION,
    RECORD,
    commit,
    environment,
    new_repo,
    planned,
    render,
)

SUBJECTS = (
    "更新联系人 139 1234 5678",  # a mobile, grouped
    "补充负责人身份证 3407\u200b0519\u200d9001011238",  # an ID with zero-width characters
    "记录卡号 ６２２８ ４８００ １２３４ ５６７１",  # a card in full-width digits
)
SECRETS = ("13912345678", "139 1234 5678", "1234 5678", "0519", "9001011238",
           "６２２８", "４８００ １２３４", "62284800")
CLEAN = "更新联系电话 0562-2800002，2026-02-03 核实"


def test_publishable() -> None:
    for subject in SUBJECTS:
        assert publishable(subject) == WITHHELD_SUBJECT
    assert publishable(CLEAN) == CLEAN
    assert publishable("x", placeholder="-") == "x"


def test_a_subject_with_a_personal_number_is_published_nowhere(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    record = repo / RECORD
    text = ORGANIZATION
    for day, subject in enumerate((*SUBJECTS, CLEAN), start=1):
        text += f"# {day}\n"  # any change to the record
        record.write_text(text, encoding="utf-8")
        commit(repo, subject, f"2026-01-0{day}T10:00:00+08:00")
    log = read_changelog(repo / "data")
    assert [c.subject for c in log.commits] == [CLEAN, *[WITHHELD_SUBJECT] * len(SUBJECTS)]
    assert [e.subject for e in log.for_path(RECORD)][-1] == WITHHELD_SUBJECT

    site, items = planned(repo)
    changes, feed, page = items["data/changes.json"], items["feeds/changes.atom"], items[
        "changes/index.html"]
    assert isinstance(changes, File) and isinstance(changes.content, str)
    assert isinstance(feed, File) and isinstance(feed.content, str)
    assert isinstance(page, Page)
    history = environment().from_string(
        '{% from "components.html" import provenance %}{{ provenance(relief, record) }}'
    ).render(relief=site, record=site.org("tl-eagle-rescue"))
    for name, output in (("changes.json", changes.content), ("feed", feed.content),
                         ("page", render(site, page)), ("history", history)):
        assert WITHHELD_SUBJECT in output, name
        assert CLEAN in output, name
        for secret in SECRETS:
            assert secret not in output, (name, secret)
