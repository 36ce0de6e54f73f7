"""Matching on the site: the sample flood campaign's open needs show their candidates, the top
one being what the documented score says (recomputed here from the raw records, without the
matching code); entry pages, the filterable needs board and ``data/matches.json``.

Hand-worked sample (today 2026-11-29): the flood campaign's open items are the winter needs'
quilts (bedding, 1500 床, 800 committed: 700 remain, 枞阳县 白柳镇) and winter clothes
(clothing, 3000 件 remain, 枞阳县 汤沟镇). Nobody holds either in 白柳镇 or 汤沟镇; in 枞阳县
示例枞阳县慈善协会 holds 600 床 and 1500 件, more than anyone else there, so it comes first for
both. Quilts have 8 candidates, clothes 4 (one of them the garment factory's open offer).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader

from relief import exactjson
from relief.dataset import load_dataset
from relief.model import Dataset, build_model
from relief.opendata.changelog import ChangeLog
from relief.opendata.publish import OTHER_DESCRIPTIONS
from relief.site.context import SiteContext
from relief.site.page import File, Page
from relief.site.pages_bulletins import bulletin_page
from relief.site.pages_matching import (
    CONTEXT_KEY,
    MATCHES_FILE,
    MatchView,
    matches_json,
    plan_matching,
)
from relief.site.plugin import PLANS, RecordPagesGenerator
from relief.site.settings import resolve
from relief.validate import validate_dataset
from tests.conftest import ROOT, SAMPLE_DATA, TODAY

FLOOD = "2026-zongyang-flood"
WINTER = "2026-11-20-zongyang-winter-needs"
OPEN = ("open", "partly_committed", "committed", "in_transit")


@cache
def sample(today: dt.date = TODAY) -> Dataset:
    return build_model(validate_dataset(load_dataset(SAMPLE_DATA), today), today)


def site(today: dt.date = TODAY) -> SiteContext:
    return SiteContext(dataset=sample(today), settings=resolve({"SAMPLE_DATA": True}),
                       changes=ChangeLog(), data_prefix="data")


def planned(today: dt.date = TODAY) -> tuple[dict[str, Any], dict[str, Page | File]]:
    context: dict[str, Any] = {"SITEURL": ""}
    items = {item.path: item for item in plan_matching(site(today), context)}
    return context, items


def render(template: str, context: dict[str, Any], today: dt.date = TODAY) -> str:
    base = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                       trim_blocks=True, lstrip_blocks=True)
    generator: Any = SimpleNamespace(env=base)
    env = RecordPagesGenerator.environment(generator)
    values = {"SITENAME": "测试", "SITEURL": "", "relief": site(today), "page_url": "/",
              **context}
    return str(env.get_template(template).render(**values))


# The expectation, from the raw records and the score as documented (relief/matching.py).

def raw() -> dict[str, dict[str, dict[str, Any]]]:
    loaded = load_dataset(SAMPLE_DATA)
    return {name: {r.record_id: dict(r.data) for r in records}
            for name, records in loaded.records.items()}


def expected_top(records: dict[str, dict[str, dict[str, Any]]], need: dict[str, Any],
                 today: dt.date) -> tuple[str, list[str]] | None:
    """(top candidate id, all candidate ids best first), or None when nobody can meet it."""
    remaining = Decimal(need["quantity"]) - Decimal(need.get("committed", 0))
    category = need.get("goods") or need["capability"]
    is_goods = bool(need.get("goods"))
    city = {"铜官区", "义安区", "郊区", "枞阳县"}
    days_left = (dt.date.fromisoformat(need["needed_by"]) - today).days

    def tier_of(district: str, town: str | None) -> int:
        if district == need["district"]:
            return 0 if need.get("town") and town == need["town"] else 1
        return 2 if district in city else 3

    scored = []
    for org_id, org in records["organizations"].items():
        if org["status"] != "active":
            continue
        places, provides, holds = [], Decimal(0), False
        if is_goods:
            for field in ("equipment", "reserves", "production_capacity"):
                for row in org.get(field, []):
                    if row["goods"] != category:
                        continue
                    holds = True
                    district = row.get("district", org["district"])
                    places.append(tier_of(district, org.get("town")
                                          if district == org["district"] else None))
                    if row["unit"] == need["unit"]:
                        per = row.get("quantity_per_day")
                        provides += row["quantity"] if per is None else per * max(
                            1, days_left - row.get("lead_time_days", 0))
        elif category in org["capabilities"]:
            holds = True
            places.append(tier_of(org["district"], org.get("town")))
            provides = org["team"]["members"] if need["unit"] == "人" else Decimal(1)
        if holds:
            fresh = (today - dt.date.fromisoformat(org["verification"]["date"])).days
            scored.append(((min(places), fresh > 365, -min(Fraction(provides) /
                            Fraction(remaining), 1), fresh, 2, org_id), org_id))
    for bulletin_id, bulletin in records["bulletins"].items():
        if bulletin["kind"] != "offers" or bulletin["status"] != "active":
            continue
        issuer = records["organizations"].get(bulletin["issuer"].get("organization", ""))
        if issuer and issuer["status"] != "active":
            continue
        for line in bulletin["offers"]:
            left = Decimal(line["quantity"]) - Decimal(line.get("committed", 0))
            ends = min(line["available_until"], bulletin["valid_until"])
            if (line.get("goods") or line.get("capability")) != category or left <= 0 \
                    or line["status"] not in ("available", "partly_committed") \
                    or dt.date.fromisoformat(ends) < today:
                continue
            fresh = (today - dt.date.fromisoformat(
                bulletin.get("verification", {}).get("date", bulletin["published"]))).days
            covers = min(Fraction(left) / Fraction(remaining), 1) \
                if line["unit"] == need["unit"] else 0
            offer_id = f"{bulletin_id}#{line['id']}"
            scored.append(((tier_of(line["district"], line.get("town")), fresh > 365, -covers,
                            fresh, 0 if line["status"] == "available" else 1, offer_id),
                           offer_id))
    if not scored or remaining <= 0:
        return None
    ranked = [candidate for _, candidate in sorted(scored)]
    return ranked[0], ranked


def flood_open_needs(records: dict[str, dict[str, dict[str, Any]]], today: dt.date
                     ) -> list[tuple[str, dict[str, Any]]]:
    return [(bulletin_id, item) for bulletin_id, bulletin in sorted(records["bulletins"].items())
            if bulletin["kind"] == "needs" and bulletin["status"] == "active"
            and bulletin.get("campaign") == FLOOD
            and dt.date.fromisoformat(bulletin["valid_until"]) >= today
            for item in bulletin["needs"] if item["status"] in OPEN]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("matching-site")
    env = {**os.environ, "RELIEF_TODAY": TODAY.isoformat()}
    run = subprocess.run([sys.executable, "-m", "relief", "build", "--output", str(output)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return output


def match_section(html: str, item: str) -> str:
    start = html.index(f'<h3 id="match-{item}">')
    return html[start:html.index("</section>", start)]


def test_every_open_flood_need_shows_the_top_candidate_the_score_names(built: Path) -> None:
    records = raw()
    needs = flood_open_needs(records, TODAY)
    assert [(b, item["id"]) for b, item in needs] == [(WINTER, "quilts"),
                                                       (WINTER, "winter-clothes")]
    for bulletin_id, item in needs:
        expected = expected_top(records, item, TODAY)
        assert expected is not None, item["id"]  # some sample organisation can meet it
        html = (built / "bulletins" / bulletin_id / "index.html").read_text("utf-8")
        links = re.findall(r'<li class="rl-match">\s*<a href="([^"]+)"', match_section(
            html, item["id"]))
        assert links, item["id"]
        top = expected[0]
        assert links[0] == (f"/bulletins/{top.replace('#', '/#offer-')}" if "#" in top
                            else f"/directory/{top}/")
    quilts = expected_top(records, needs[0][1], TODAY)
    assert quilts is not None and quilts[0] == "zy-charity-association"


def test_matches_json_is_published_ranked_and_described(built: Path) -> None:
    records = raw()
    data = exactjson.loads((built / "data" / "matches.json").read_text("utf-8"))
    assert data["today"] == "2026-11-29" and data["stale_after_days"] == 365
    by_key = {(n["bulletin"], n["item"]): n for n in data["needs"]}
    assert set(by_key) == {(WINTER, "quilts"), (WINTER, "winter-clothes")}
    for bulletin_id, item in flood_open_needs(records, TODAY):
        expected = expected_top(records, item, TODAY)
        assert expected is not None
        published = by_key[(bulletin_id, item["id"])]["candidates"]
        assert [c["id"] for c in published] == expected[1]
        assert [c["rank"] for c in published] == list(range(1, len(published) + 1))
    quilts = by_key[(WINTER, "quilts")]
    assert (quilts["remaining"], len(quilts["candidates"]), quilts["candidate_count"]) == (
        700, 8, 8)
    assert data["candidates_listed"] == 20
    assert quilts["candidates"][0]["score"] == [1, 0, Decimal("-0.8571"), 9, 2,
                                                "zy-charity-association"]
    package = (built / "data" / "datapackage.json").read_text("utf-8")
    assert '"path": "matches.json"' in package
    assert OTHER_DESCRIPTIONS["matches.json"] in (built / "data" / "index.html").read_text("utf-8")


def test_entry_pages_list_the_needs_they_could_help_with(built: Path) -> None:
    page = (built / "directory" / "ya-garment-factory" / "index.html").read_text("utf-8")
    section = page[page.index('<h2 id="matches">'):]
    section = section[:section.index("</section>")]
    assert section.count('<li class="rl-card">') == 2
    assert "第 3 位（共 4 个候选）" in section and "第 4 位（共 8 个候选）" in section
    withdrawn = (built / "directory" / "jq-tongshan-volunteers" / "index.html").read_text("utf-8")
    assert "不参与供需对接匹配" in withdrawn


def test_needs_board_filters_are_pre_rendered_and_linked(built: Path) -> None:
    board = (built / "needs" / "index.html").read_text("utf-8")
    for path in ("district/340722", "category/bedding", "category/water-rescue", "urgency/high"):
        assert f'href="/needs/{path}/"' in board
        assert (built / "needs" / path / "index.html").exists()
    assert 'id="match-rules"' in board and "首选对接力量" in board
    zongyang = (built / "needs" / "district" / "340722" / "index.html").read_text("utf-8")
    assert '<strong aria-current="page">枞阳县（2 项待对接）</strong>' in zongyang
    tongguan = (built / "needs" / "district" / "340705" / "index.html").read_text("utf-8")
    assert "共 0 项需求" in tongguan
    medium = (built / "needs" / "urgency" / "medium" / "index.html").read_text("utf-8")
    assert "成人和儿童棉衣" in medium and "棉被（4 斤以上" not in medium


def test_matches_json_lists_at_most_the_published_candidates() -> None:
    context, _ = planned()
    view = context[CONTEXT_KEY]
    capped = MatchView(view.matching, shown=2, published=3, per_entry=1)
    quilts = next(n for n in matches_json(site(), capped)["needs"]
                  if n["item"] == "quilts")
    assert (len(quilts["candidates"]), quilts["candidate_count"]) == (3, 8)
    assert [c["rank"] for c in quilts["candidates"]] == [1, 2, 3]
    found, listed_in = capped.for_entry("zy-charity-association")
    assert len(found) == 1 and listed_in == 2


def test_plan_shares_one_matching_and_files_the_json() -> None:
    context, items = planned()
    view = context[CONTEXT_KEY]
    assert isinstance(items[MATCHES_FILE], File)
    assert view.count(WINTER, "quilts") == 8 and view.count(WINTER, "winter-clothes") == 4
    assert [c.id for c in view.top(WINTER, "quilts")] == [
        "zy-charity-association", "zy-yijin-women-volunteers", "zy-hengbu-volunteers",
        "ya-garment-factory", "tl-charity-federation"]
    assert f"needs/category/{'clothing'}/index.html" in items
    assert any(step.__name__ == "plan_matching" for step in PLANS)


def test_an_expired_need_is_greyed_without_candidates() -> None:
    after = dt.date(2027, 1, 1)  # the winter needs stood until 2026-12-31
    context, items = planned(after)
    published = items[MATCHES_FILE]
    assert isinstance(published, File)
    assert exactjson.loads(str(published.content))["needs"] == []
    record = sample(after).get("bulletins", WINTER)
    assert record is not None
    page = bulletin_page(site(after), record, {})
    html = render(page.template, {**context, **page.context}, after)
    section = match_section(html, "quilts")
    assert "已过期，不再匹配" in section and "rl-match\"" not in section
    assert 'class="rl-match-need rl-match-need--expired"' in html
