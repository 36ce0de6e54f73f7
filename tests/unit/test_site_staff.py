"""Staff pages: entries to re-verify (动态管理) and activity counts per district; and builds
that move RELIEF_TODAY across a verification deadline and a needs bulletin's valid_until.

Verification dates (data/organizations/*.yaml, ``verification.date``) and activities (their
``date``, ``kind`` and ``district``) were listed with grep and counted by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from relief import derive
from relief.dataset import load_dataset
from relief.model import Dataset, build_model
from relief.opendata.changelog import ChangeLog
from relief.site.context import SiteContext
from relief.site.pages_staff import activity_context, activity_table, plan_staff
from relief.site.settings import resolve
from relief.validate import validate_dataset
from tests.conftest import ROOT, SAMPLE_DATA, TODAY, copy_base

DISTRICTS = ["铜官区", "义安区", "郊区", "枞阳县"]
KINDS = ["training", "drill", "rescue", "relief", "resettlement", "reconstruction",
         "publicity", "seminar"]
REPO = "https://github.com/tongling-relief/platform"


@cache
def sample(today: dt.date = TODAY) -> Dataset:
    return build_model(validate_dataset(load_dataset(SAMPLE_DATA), today), today)


def site(today: dt.date = TODAY) -> SiteContext:
    return SiteContext(dataset=sample(today), settings=resolve({"REPO_URL": REPO}),
                       changes=ChangeLog(), data_prefix="data")


def staff_pages(today: dt.date = TODAY) -> dict[str, Any]:
    return {item.path: item for item in plan_staff(site(today), {})}


def stale_ids(today: dt.date) -> dict[str, list[tuple[str, int]]]:
    page = staff_pages(today)["staff/stale/index.html"]
    return {group["district"]: [(row["org"].id, row["days"]) for row in group["rows"]]
            for group in page.context["groups"]}


# ---------------------------------------------------------------- stale entries


def test_stale_entries_on_the_sample_day() -> None:
    # 2024-10-15 -> 2026-11-29: 365 + 365 + 45 days
    assert stale_ids(TODAY) == {
        "铜官区": [("tg-xihu-emergency-team", 775)], "义安区": [],
        "郊区": [("jq-zhoutan-care", 775)], "枞阳县": [],
    }


def test_withdrawn_entries_are_not_listed() -> None:
    # jq-tongshan-volunteers (withdrawn) was verified 2025-12-08: 366 days on 2026-12-09.
    later = dt.date(2026, 12, 9)
    org = sample(later).get("organizations", "jq-tongshan-volunteers")
    assert org is not None and derive.is_stale(org, later, 365)
    assert [i for ids in stale_ids(later).values() for i, _ in ids] == [
        "tg-xihu-emergency-team", "jq-zhoutan-care"]


def test_grouped_by_district_oldest_first() -> None:
    # On 2027-08-27 every entry verified on or before 2026-08-26 is stale (366 days or more);
    # tl-supermarket-group, verified 2026-08-27, is 365 days old: not yet.
    assert stale_ids(dt.date(2027, 8, 27)) == {
        "铜官区": [("tg-xihu-emergency-team", 1046), ("tg-xingfu-community-volunteers", 512),
                  ("tl-amateur-radio", 395)],
        "义安区": [("ya-wusong-community", 464), ("ya-zhongming-team", 444),  # suspended
                  ("ya-shunan-volunteers", 435), ("ya-tianmen-care", 418),
                  ("ya-social-work", 386), ("ya-water-plant", 378)],
        "郊区": [("jq-zhoutan-care", 1046), ("jq-outdoor-club", 378), ("jq-laozhou-team", 366)],
        "枞阳县": [("zy-transport-co", 372)],
    }


def test_stale_json_is_the_page_list() -> None:
    pages = staff_pages(TODAY)
    document = json.loads(pages["data/stale_entries.json"].content)
    assert document["as_of"] == "2026-11-29" and document["stale_after_days"] == 365
    assert document["count"] == 2
    first = document["entries"][0]
    assert first == {
        "id": "tg-xihu-emergency-team", "name": "示例西湖镇应急志愿队", "kind": "volunteer_team",
        "status": "active", "district": "铜官区", "district_code": "340705", "town": "西湖镇",
        "verified": "2024-10-15", "verified_by": "铜官区民政局社会救助科",
        "days_since_verification": 775, "url": "/directory/tg-xihu-emergency-team/",
        "file": "data/organizations/tg-xihu-emergency-team.yaml",
        "edit_url": f"{REPO}/edit/main/data/organizations/tg-xihu-emergency-team.yaml",
    }
    assert [e["id"] for e in document["entries"]] == ["tg-xihu-emergency-team", "jq-zhoutan-care"]


def test_stale_page_is_public_and_in_the_sitemap() -> None:
    page = staff_pages(TODAY)["staff/stale/index.html"]
    assert page.url == "/staff/stale/" and page.in_sitemap


# ---------------------------------------------------------------- activity counts


def row_counts(table: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {row["district"]: {k: n for k, n in zip(table["kinds"], row["counts"], strict=True)
                              if n} for row in table["rows"]}


def test_programme_counts_as_of_its_deadline() -> None:
    # The 2018 activities from 2018-02-01 to 2018-10-31 (14; two more follow in Nov and Dec).
    context = activity_context(sample())
    [programme] = context["programmes"]
    assert programme["campaign"].id == "2018-promotion-year"
    assert (programme["start"], programme["deadline"]) == ("2018-02-01", "2018-10-31")
    table = programme["table"]
    assert row_counts(table) == {
        "铜官区": {"training": 2, "drill": 2, "seminar": 1, "publicity": 1},
        "义安区": {"training": 1},
        "郊区": {"training": 2, "publicity": 1, "rescue": 1},
        "枞阳县": {"training": 1, "publicity": 1, "seminar": 1},
    }
    assert [row["total"] for row in table["rows"]] == [6, 1, 4, 3]
    assert table["totals"] == [6, 2, 1, 0, 0, 0, 3, 2] and table["total"] == 14


def test_counts_per_year() -> None:
    context = activity_context(sample())
    years = [y["year"] for y in context["by_year"]]
    assert years == ["2026", "2025", "2024", "2023", "2022", "2021", "2020", "2019", "2018"]
    by_year = {y["year"]: y["table"] for y in context["by_year"]}
    assert row_counts(by_year["2018"])["枞阳县"] == {
        "training": 2, "publicity": 1, "seminar": 2}  # + 11-16 training, 12-06 seminar
    assert by_year["2018"]["total"] == 16
    # Per year (activity dates read with PyYAML's BaseLoader and counted by year): 210 in all.
    assert {y["year"]: y["total"] for y in context["overview"]} == {
        "2018": 16, "2019": 15, "2020": 29, "2021": 14, "2022": 14, "2023": 17, "2024": 21,
        "2025": 11, "2026": 73}
    assert context["all_years"]["total"] == 210
    assert context["districts"] == DISTRICTS


def test_counted_where_the_activity_took_place(tmp_path: Path) -> None:
    data = copy_base(tmp_path)
    org = data / "organizations" / "test-rescue-team.yaml"
    text = org.read_text("utf-8")
    # The base entry (based in 枞阳县) has one activity: 2026-07-06, rescue, 枞阳县.
    assert text.count("activities:") == 1 and text.count("\nverification:") == 1
    org.write_text(text.replace("\nverification:", (
        "\n  - date: 2026-07-08\n    kind: rescue\n    district: 枞阳县\n    summary: 本县救援\n"
        "  - date: 2026-07-09\n    kind: rescue\n    district: 铜官区\n    summary: 外出救援\n"
        "  - date: 2025-03-01\n    kind: training\n    district: 铜官区\n    summary: 外出培训\n"
        "verification:")), "utf-8")
    dataset = build_model(validate_dataset(load_dataset(data), TODAY), TODAY)
    assert derive.district_activities(dataset) == {
        "枞阳县": Counter({"rescue": 2}), "铜官区": Counter({"rescue": 1, "training": 1})}
    # both ends included: 07-06 and 07-08 count, 07-09 does not
    assert derive.district_activities(dataset, "2026-07-06", "2026-07-08") == {
        "枞阳县": Counter({"rescue": 2})}
    table = activity_table(derive.district_activities(dataset), dataset.vocab.districts)
    assert [row["total"] for row in table["rows"]] == [2, 0, 0, 2]
    assert table["kinds"] == KINDS and table["totals"] == [1, 0, 3, 0, 0, 0, 0, 0]


def test_activities_page_is_in_the_sitemap() -> None:
    page = staff_pages(TODAY)["staff/activities/index.html"]
    assert page.url == "/staff/activities/" and page.in_sitemap


# ---------------------------------------------------------------- builds across deadlines

ENTRY = "zy-rescue-team"
NEEDS = "2026-11-20-zongyang-winter-needs"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


def dataset_copy(root: Path, verified: str, valid_until: str) -> Path:
    data = root / "data"
    shutil.copytree(SAMPLE_DATA, data)
    edit(data / "organizations" / f"{ENTRY}.yaml", "  date: 2026-09-28\n  by:",
         f"  date: {verified}\n  by:")
    edit(data / "bulletins" / f"{NEEDS}.yaml", "valid_until: 2026-12-31",
         f"valid_until: {valid_until}")
    return data


def start_build(data: Path, output: Path, today: str) -> subprocess.Popen[str]:
    env = {**os.environ, "RELIEF_TODAY": today}
    return subprocess.Popen(
        [sys.executable, "-m", "relief", "build", "--data", str(data), "--output", str(output)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The entry verified 2025-11-29 and the winter needs valid until 2026-11-29, built on
    2026-11-29 ("before": 365 days, the last valid day) and 2026-12-01 ("after"); then
    re-verified on 2026-12-01 with the needs extended to 2026-12-31 ("renewed")."""
    root = tmp_path_factory.mktemp("staff-builds")
    plans = {
        "before": ("2025-11-29", "2026-11-29", "2026-11-29"),
        "after": ("2025-11-29", "2026-11-29", "2026-12-01"),
        "renewed": ("2026-12-01", "2026-12-31", "2026-12-01"),
    }
    running = {}
    for name, (verified, valid_until, today) in plans.items():
        data = dataset_copy(root / name, verified, valid_until)
        running[name] = start_build(data, root / name / "site", today)
    for name, process in running.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name}:\n{output}"
    return {name: root / name / "site" for name in plans}


def html(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text("utf-8")


def stale_json(site: Path) -> dict[str, Any]:
    return dict(json.loads((site / "data" / "stale_entries.json").read_text("utf-8")))


def need_rows(site: Path) -> dict[str, str]:
    page = html(site, f"/bulletins/{NEEDS}/")
    return dict(re.findall(r'<tr id="need-([a-z-]+)" class="rl-need rl-need--([a-z_]+)">', page))


def test_entry_not_stale_on_the_365th_day(builds: dict[str, Path]) -> None:
    site = builds["before"]
    assert "rl-badge--stale" not in html(site, f"/directory/{ENTRY}/")
    assert ENTRY not in html(site, "/staff/stale/")
    assert ENTRY not in [e["id"] for e in stale_json(site)["entries"]]


def test_entry_stale_after_the_deadline(builds: dict[str, Path]) -> None:
    site = builds["after"]
    entry = html(site, f"/directory/{ENTRY}/")
    assert '<span class="rl-badge rl-badge--stale">待更新</span>' in entry
    stale = html(site, "/staff/stale/")
    section = stale.split('id="stale-340722"', 1)[1].split("</section>", 1)[0]  # 枞阳县
    assert f'href="/directory/{ENTRY}/"' in section and "367 天" in section
    assert f"{REPO}/edit/main/data/organizations/{ENTRY}.yaml" in section
    document = stale_json(site)
    assert document["as_of"] == "2026-12-01"
    [listed] = [e for e in document["entries"] if e["id"] == ENTRY]
    assert (listed["verified"], listed["days_since_verification"]) == ("2025-11-29", 367)
    # published with its real size and checksum
    raw = (site / "data" / "stale_entries.json").read_bytes()
    package = json.loads((site / "data" / "datapackage.json").read_text("utf-8"))
    [resource] = [r for r in package["resources"] if r["path"] == "stale_entries.json"]
    assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert resource["bytes"] == len(raw)
    assert "stale_entries.json" in (site / "data" / "SHA256SUMS").read_text("utf-8")


def test_entry_fresh_again_after_a_new_verification(builds: dict[str, Path]) -> None:
    site = builds["renewed"]
    assert "rl-badge--stale" not in html(site, f"/directory/{ENTRY}/")
    assert ENTRY not in html(site, "/staff/stale/")
    assert [e["id"] for e in stale_json(site)["entries"]] == [
        "tg-xihu-emergency-team", "jq-zhoutan-care"]


def test_needs_open_on_valid_until(builds: dict[str, Path]) -> None:
    site = builds["before"]
    assert need_rows(site) == {"quilts": "partly_committed", "winter-clothes": "open"}
    home = html(site, "/")
    assert f"/bulletins/{NEEDS}/#need-quilts" in home
    assert f"/bulletins/{NEEDS}/#need-winter-clothes" in home


def test_needs_expired_the_day_after(builds: dict[str, Path]) -> None:
    site = builds["after"]
    assert need_rows(site) == {"quilts": "expired", "winter-clothes": "expired"}
    assert "已过期" in html(site, f"/bulletins/{NEEDS}/")
    home = html(site, "/")
    assert f"/bulletins/{NEEDS}/#need-" not in home
    assert "目前没有尚未完成的需求。" in home  # every other sample need was delivered


def test_needs_open_again_when_extended(builds: dict[str, Path]) -> None:
    site = builds["renewed"]
    assert need_rows(site) == {"quilts": "partly_committed", "winter-clothes": "open"}
    assert f"/bulletins/{NEEDS}/#need-quilts" in html(site, "/")
