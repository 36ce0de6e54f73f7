"""Disclosure timeliness on the site: the sample's statuses, the pages, the published file,
and a real build moved across a deadline.

Hand-worked sample (today 2026-11-29; 2026-zongyang-flood is an active response, so every
30 days; 2026-flood-fundraising runs 2026-07-06..2026-12-31, under six months, so only a
final disclosure, due 2026-12-31 + 90 = 2027-03-31):
  zy-charity-association: last period ends 08-31, due 09-30, overdue by 60 days;
  zy-social-work: last period ends 10-31, due 11-30, due soon (1 day);
  tl-charity-federation (organiser): final due 2027-03-31, on time (122 days);
  jq-food-bank, tl-charity-foundation, tl-red-cross-rescue-team, zy-rescue-team: final in.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, FileSystemLoader

from relief import deadlines, exactjson
from relief.dataset import load_dataset
from relief.model import Dataset, build_model
from relief.opendata.changelog import ChangeLog
from relief.site.context import SiteContext
from relief.site.page import File, Page
from relief.site.pages_campaigns import campaign_context
from relief.site.pages_core import plan_core
from relief.site.pages_transparency import (
    CONTEXT_KEY,
    STATUS_FILE,
    plan_transparency,
    status_json,
)
from relief.site.plugin import RecordPagesGenerator
from relief.site.settings import resolve
from relief.validate import validate_dataset
from tests.conftest import ROOT, SAMPLE_DATA, TODAY

FLOOD = "2026-zongyang-flood"
FUNDRAISING = "2026-flood-fundraising"


@cache
def sample() -> Dataset:
    return build_model(validate_dataset(load_dataset(SAMPLE_DATA), TODAY), TODAY)


def site() -> SiteContext:
    return SiteContext(dataset=sample(), settings=resolve({"SAMPLE_DATA": True}),
                       changes=ChangeLog(), data_prefix="data")


def planned() -> tuple[dict[str, Any], dict[str, Page | File]]:
    context: dict[str, Any] = {"SITEURL": ""}
    items = {item.path: item for item in plan_transparency(site(), context)}
    return context, items


def render(template: str, context: dict[str, Any]) -> str:
    base = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                       trim_blocks=True, lstrip_blocks=True)
    generator: Any = SimpleNamespace(env=base)
    env = RecordPagesGenerator.environment(generator)
    values = {"SITENAME": "测试", "SITEURL": "", "relief": site(), "page_url": "/", **context}
    return str(env.get_template(template).render(**values))


def test_sample_statuses_match_the_hand_computation() -> None:
    report = deadlines.transparency(sample(), deadlines.Rules.from_settings(site().settings))
    got = {(d.organization, d.campaign): (d.status, d.due.date.isoformat() if d.due else None,
                                          d.days_left) for d in report.duties}
    assert got == {
        ("zy-charity-association", FLOOD): ("overdue", "2026-09-30", -60),
        ("zy-social-work", FLOOD): ("due_soon", "2026-11-30", 1),
        ("tl-charity-federation", FUNDRAISING): ("on_time", "2027-03-31", 122),
        ("jq-food-bank", FLOOD): ("done", None, None),
        ("tl-charity-foundation", FLOOD): ("done", None, None),
        ("tl-red-cross-rescue-team", FLOOD): ("done", None, None),
        ("zy-rescue-team", FLOOD): ("done", None, None),
    }
    federation = report.organization("tl-charity-federation")
    assert federation is not None
    # four disclosures, three rated (all before the final due date 2027-03-31), one correction
    assert (len(federation.disclosures), federation.rated, federation.on_time) == (4, 3, 3)
    assert federation.corrections == ["tl-charity-federation-2026-09-correction"]
    association = report.organization("zy-charity-association")
    assert association is not None
    # July published 08-10 (due 07-05 + 30 = 08-04), August 09-10 (due 07-31 + 30 = 08-30)
    assert [(r.due.date.isoformat() if r.due else None, r.on_time)
            for r in association.disclosures] == [("2026-08-04", False), ("2026-08-30", False)]
    assert all(not o.mismatches for o in report.organizations)


def test_plan_writes_the_page_and_the_exact_json_and_shares_the_report() -> None:
    context, items = planned()
    assert set(items) == {"transparency/index.html", STATUS_FILE}
    report = context[CONTEXT_KEY]
    assert isinstance(report, deadlines.Transparency)
    published = items[STATUS_FILE]
    assert isinstance(published, File) and isinstance(published.content, str)
    assert exactjson.loads(published.content) == status_json(report)
    assert published.content.endswith("}\n")


def test_transparency_page_shows_every_disclosing_organisation() -> None:
    context, items = planned()
    page = items["transparency/index.html"]
    assert isinstance(page, Page)
    html = render(page.template, {**context, **page.context})
    rows = re.findall(r'<tr id="org-([a-z0-9-]+)">', html)
    assert rows == ["jq-food-bank", "tl-charity-federation", "tl-charity-foundation",
                    "tl-red-cross-rescue-team", "zy-charity-association", "zy-rescue-team",
                    "zy-social-work"]
    assert "已逾期 1 项，即将到期 1 项，按期 1 项，已完成最终公开 4 项" in html
    row = _row(html, "tl-charity-federation")
    assert "3 / 3" in row and "全部相符" in row
    assert 'href="/disclosures/tl-charity-federation-2026-09-correction/"' in row
    assert "已逾期 60 天" in _row(html, "zy-charity-association")
    assert "每 30 天" in html and "计算规则" in html


def test_entry_slot_and_campaign_page_show_the_same_status() -> None:
    context, _ = planned()
    entries = {p.path: p for p in plan_core(site(), context) if isinstance(p, Page)}
    entry = entries["directory/zy-charity-association/index.html"]
    html = render(entry.template, {**context, **entry.context})
    assert 'id="transparency"' in html
    assert 'rl-duty rl-duty--overdue' in html and "2026年9月30日" in html
    quiet = entries["directory/zy-rescue-team/index.html"]
    assert "已完成最终公开" in render(quiet.template, {**context, **quiet.context})
    none = entries["directory/ya-construction/index.html"]
    assert 'id="transparency"' not in render(none.template, {**context, **none.context})
    flood = sample().get("campaigns", FLOOD)
    assert flood is not None
    html = render("campaign.html", {**context, **campaign_context(sample(), flood)})
    assert 'id="disclosure-deadlines"' in html
    assert html.count('rl-duty rl-duty--done') == 4
    assert html.count('rl-duty rl-duty--overdue') == 1
    assert html.count('rl-duty rl-duty--due_soon') == 1
    # without the shared report (a template rendered alone) the section is simply left out
    assert 'id="disclosure-deadlines"' not in render(
        "campaign.html", campaign_context(sample(), flood))


def _row(html: str, org_id: str) -> str:
    match = re.search(rf'<tr id="org-{org_id}">(.*?)</tr>', html, re.S)
    assert match, org_id
    return match.group(1)


# --- a real build moved across zy-social-work's deadline (2026-11-30) ---------------------

NEW_DISCLOSURE = """\
title: 示例枞阳县同舟社会工作服务中心款物使用情况（2026 年 11 月）
organization: zy-social-work
campaign: 2026-zongyang-flood
disclosure_kind: interim
period:
  start: 2026-11-01
  end: 2026-11-30
published: 2026-12-01
opening_balance: 22300.25
receipts: []
uses:
  - id: u01
    date: 2026-11-18
    district: 枞阳县
    town: 横埠镇
    purpose: 入冬前独居老人探访
    form: money
    amount: 2300.25
declared:
  received_money: 0
  used_money: 2300.25
  balance: 20000
review_status: pending
status: active
sources:
  - title: 示例 枞阳县同舟社会工作服务中心 11 月公开（虚构）
    date: 2026-12-01
"""


def _build(data: Path, output: Path, today: str) -> Path:
    env = {**os.environ, "RELIEF_TODAY": today}
    run = subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(data), "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return output


def _flags(output: Path) -> tuple[str, bool, bool]:
    """zy-social-work's status in the JSON, and whether its two pages flag it overdue."""
    status = exactjson.loads((output / STATUS_FILE).read_text("utf-8"))
    duty = next(d for d in status["duties"] if d["organization"] == "zy-social-work")
    entry = (output / "directory" / "zy-social-work" / "index.html").read_text("utf-8")
    table = (output / "transparency" / "index.html").read_text("utf-8")
    overdue = "rl-duty rl-duty--overdue"
    return str(duty["status"]), overdue in entry, overdue in _row(table, "zy-social-work")


def test_build_flags_appear_after_the_deadline_and_go_with_a_new_disclosure(
        tmp_path: Path) -> None:
    on_the_day = _build(SAMPLE_DATA, tmp_path / "day", "2026-11-30")
    assert _flags(on_the_day) == ("due_soon", False, False)
    day_after = _build(SAMPLE_DATA, tmp_path / "after", "2026-12-01")
    assert _flags(day_after) == ("overdue", True, True)
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    (data / "disclosures" / "zy-social-work-2026-11.yaml").write_text(NEW_DISCLOSURE, "utf-8")
    disclosed = _build(data, tmp_path / "disclosed", "2026-12-01")
    assert _flags(disclosed) == ("on_time", False, False)
    status = exactjson.loads((disclosed / STATUS_FILE).read_text("utf-8"))
    duty = next(d for d in status["duties"] if d["organization"] == "zy-social-work")
    # 11-30 + 30 = 12-30, 29 days after 12-01: outside the 14-day window
    assert duty["next_due"] == {"date": "2026-12-30", "rule": "emergency"}
    assert duty["days_left"] == 29
    assert dt.date.fromisoformat(status["today"]) == dt.date(2026, 12, 1)
