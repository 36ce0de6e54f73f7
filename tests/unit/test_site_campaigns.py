"""Campaigns and disclosures: totals, corrections, ledgers, and donors' privacy on the page.

Expected figures are added up by hand from data/disclosures/ (see the comments), with
today = 2026-11-29.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, FileSystemLoader

from relief import derive
from relief.dataset import load_dataset
from relief.model import Dataset, Record, build_model
from relief.opendata.changelog import ChangeLog
from relief.site.context import SiteContext
from relief.site.page import Page
from relief.site.pages_campaigns import (
    ANONYMOUS_DONOR,
    campaign_context,
    disclosure_context,
    plan_campaigns,
    public_donor,
    sorted_campaigns,
)
from relief.site.plugin import RecordPagesGenerator
from relief.site.settings import resolve
from relief.validate import validate_dataset
from tests.conftest import ROOT, SAMPLE_DATA, TODAY

FLOOD = "2026-zongyang-flood"
FUNDRAISING = "2026-flood-fundraising"
PROGRAMME = "2018-promotion-year"
CORRECTED = "tl-charity-federation-2026-09"
CORRECTION = "tl-charity-federation-2026-09-correction"


@cache
def sample() -> Dataset:
    return build_model(validate_dataset(load_dataset(SAMPLE_DATA), TODAY), TODAY)


def site(dataset: Dataset | None = None) -> SiteContext:
    return SiteContext(dataset=dataset or sample(), settings=resolve({"SAMPLE_DATA": True}),
                       changes=ChangeLog(), data_prefix="data")


def pages(dataset: Dataset | None = None) -> dict[str, Page]:
    return {page.path: page for page in plan_campaigns(site(dataset), {"SITEURL": ""})}


def render(page: Page, dataset: Dataset | None = None) -> str:
    """Render with the plugin's own environment: an autoescaping overlay with our filters."""
    base = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                       trim_blocks=True, lstrip_blocks=True)
    generator: Any = SimpleNamespace(env=base)
    env = RecordPagesGenerator.environment(generator)
    assert env.autoescape
    return str(env.get_template(page.template).render(
        SITENAME="测试", SITEURL="", relief=site(dataset), **page.context, page_url=page.url))


def campaign(campaign_id: str) -> Record:
    record = sample().get("campaigns", campaign_id)
    assert record is not None
    return record


def disclosure(disclosure_id: str) -> dict[str, Any]:
    dataset = sample()
    record = dataset.get("disclosures", disclosure_id)
    assert record is not None
    return disclosure_context(dataset, record, derive.disclosure_chains(dataset))


def test_plan_writes_lists_and_one_page_per_campaign_and_disclosure_and_briefs() -> None:
    paths = set(pages())
    assert {"campaigns/index.html", "disclosures/index.html"} <= paths
    assert {f"campaigns/{c.id}/index.html" for c in sample().collection("campaigns")} <= paths
    assert {f"disclosures/{d.id}/index.html"
            for d in sample().collection("disclosures")} <= paths
    assert len(paths) == 2 + 4 + 13 + 2  # lists, campaigns, disclosures, two active briefs


def test_campaigns_are_listed_active_first_then_planned_then_closed() -> None:
    ordered = [c.id for c in sorted_campaigns(sample().collection("campaigns"))]
    # two active (the later start first), then the two closed ones, latest first
    assert ordered == [FUNDRAISING, FLOOD, "2024-yian-storm", PROGRAMME]


def test_flood_response_totals_sum_every_organisations_disclosures() -> None:
    money = campaign_context(sample(), campaign(FLOOD))["money"]
    # received: food bank 15000 + 2388; foundation 213000 + 9500; red cross 7800;
    # Zongyang charity association 237666.66 + 31200; rescue team 32520; social work 70350.50
    assert money.received == Decimal("619425.16")
    # used: 10160 + 7228; 121100 + 101400; 7800; 180450 + 62512.30; 32520; 48050.25
    assert money.used == Decimal("571220.55")
    # balance: each organisation's latest period: 0 + 0 + 0 + 25904.36 + 0 + 22300.25
    assert money.balance == Decimal("48204.61")
    assert money.pledged == 0  # the only pledge (zy-charity-association-2026-08) is goods
    by_org = {row["organization"]: row for row in money.organizations}
    assert by_org["zy-charity-association"]["received"] == Decimal("268866.66")
    assert by_org["zy-charity-association"]["disclosures"] == [
        "zy-charity-association-2026-07", "zy-charity-association-2026-08"]
    assert len(by_org) == 6


def test_fundraising_totals_use_the_correction_not_the_corrected_disclosure() -> None:
    context = campaign_context(sample(), campaign(FUNDRAISING))
    money = context["money"]
    # received: 469580.50 (July) + 365488.88 (August) + 68875.40 (September, corrected)
    assert money.received == Decimal("903944.78")
    # used: 356105.50 + 293819.20 + 183580.50
    assert money.used == Decimal("833505.20")
    assert money.balance == Decimal("70439.58")  # the correction's, not 70889.58
    assert money.pledged == Decimal("350000")  # 300000 (July) + 50000 (August), never counted
    assert money.organizations[0]["disclosures"] == [
        "tl-charity-federation-2026-07", "tl-charity-federation-2026-08", CORRECTION]
    rows = {row["record"].id: row for row in context["disclosures"]}
    assert rows[CORRECTED]["counted"] is False
    assert rows[CORRECTED]["corrected_by"] == CORRECTION
    assert rows[CORRECTION]["counted"] is True
    assert rows[CORRECTED]["totals"]["received"] == Decimal("69325.40")


def test_goods_targets_count_only_the_targets_unit() -> None:
    goods = campaign_context(sample(), campaign(FLOOD))["goods"]
    targets = {row["goods"]: row for row in goods["targets"]}
    # drinking water: food bank 1500 + Zongyang charity association 1000 boxes
    assert targets["drinking-water"]["received"] == Decimal(2500)
    assert targets["drinking-water"]["target"] == 12000
    # food is targeted in tonnes but received in boxes, portions and bags: listed, not added
    assert targets["food"]["received"] == 0
    assert targets["food"]["other_units"] == [
        {"unit": "份", "quantity": Decimal(400)},
        {"unit": "箱", "quantity": Decimal(1400)},  # 800 + 200 (food bank) + 400 (foundation)
        {"unit": "袋", "quantity": Decimal(800)},
    ]
    assert [(row["goods"], row["quantity"]) for row in goods["untargeted"]] == [
        ("first-aid-kit", 200), ("fuel", 800), ("hygiene", 500), ("medicine", 150)]


def test_needs_timeline_and_programme_figures() -> None:
    flood = campaign_context(sample(), campaign(FLOOD))
    assert (flood["needs"]["total"], flood["needs"]["met"], flood["needs"]["open"]) == (10, 8, 2)
    assert flood["timeline"][0].id == "2026-07-05-flood-coordination"
    assert len(flood["timeline"]) == 27
    fundraising = campaign_context(sample(), campaign(FUNDRAISING))
    assert [b.id for b in fundraising["timeline"]] == ["2026-08-31-flood-fundraising-progress"]
    programme = campaign_context(sample(), campaign(PROGRAMME))
    assert programme["tasks_done"] == 4
    groups = {g["target"]["id"]: g for g in programme["district_targets"]}
    assert groups["specialised-charities"]["met"] == 4
    forces = {row["district"]: row for row in groups["participating-forces"]["rows"]}
    # 义安区 had only 4 entries registered or active by 2018-10-31
    assert forces["义安区"]["count"] == 4 and forces["义安区"]["met"] is False
    assert forces["郊区"]["count"] == 5 and forces["郊区"]["met"] is True


def test_disclosure_balance_check_and_corrections_both_ways() -> None:
    correction = disclosure(CORRECTION)
    assert correction["totals"]["opening"] == Decimal("185144.68")
    assert [(name, computed) for name, computed, _ in correction["check"]] == [
        ("本期接收", Decimal("68875.40")),
        ("本期使用（含成本）", Decimal("183580.50")),
        ("期末结余", Decimal("70439.58")),
    ]
    assert correction["check_ok"] is True
    assert correction["uses_money"] == Decimal("182300")  # 90000 + 40000 + 52300
    assert correction["costs_money"] == Decimal("1280.50")
    assert correction["corrects"].id == CORRECTED
    assert correction["counted"] is True and correction["corrected_by"] is None
    corrected = disclosure(CORRECTED)
    assert corrected["corrected_by"].id == CORRECTION
    assert corrected["counted"] is False


def test_disclosure_goods_and_need_links() -> None:
    food_bank = disclosure("jq-food-bank-2026-07")
    assert food_bank["goods"] == [
        {"goods": "drinking-water", "unit": "箱", "received": 1500, "used": 1500},
        {"goods": "food", "unit": "箱", "received": 1000, "used": 1000},
    ]
    assert food_bank["goods_from_stock"] is False
    need = food_bank["uses"][0]["need"]
    assert need["url"] == "/bulletins/2026-07-08-zongyang-needs/#need-drinking-water"


def test_public_donor_never_names_anonymous_or_unconsenting_individuals() -> None:
    data = sample()
    assert public_donor(data, {"kind": "anonymous"})["name"] == ANONYMOUS_DONOR
    assert public_donor(data, {"kind": "anonymous", "name": "张某"})["name"] == ANONYMOUS_DONOR
    assert public_donor(data, {"kind": "individual", "name": "张某"})["name"] == ANONYMOUS_DONOR
    assert public_donor(data, {"kind": "individual", "name": "张某",
                               "name_consent": False})["name"] == ANONYMOUS_DONOR
    assert public_donor(data, {"kind": "individual", "name": "张某",
                               "name_consent": True}) == {"name": "张某", "organization": None}
    assert public_donor(data, {"kind": "organization", "name": "示例某公司"}) == {
        "name": "示例某公司", "organization": None}
    listed = public_donor(data, {"kind": "organization", "name": "示例铜陵惠民超市有限公司",
                                 "organization": "tl-supermarket-group"})
    assert listed["organization"] == "tl-supermarket-group"


def _with_secret_donors() -> Dataset:
    """The sample with names slipped into an anonymous and an unconsenting receipt and pledge
    (validation refuses this; the page must not show them even so)."""
    data = sample()
    record = data.get("disclosures", "tl-charity-federation-2026-07")
    assert record is not None
    receipts = [dict(line) for line in record.data["receipts"]]
    receipts[1]["donor"] = {"kind": "anonymous", "name": "秘密甲"}
    receipts[2]["donor"] = {"kind": "individual", "name": "秘密乙", "name_consent": False}
    pledges = [{**record.data["pledges"][0], "donor": {"kind": "individual", "name": "秘密丙"}}]
    changed = dataclasses.replace(record, data={**record.data, "receipts": receipts,
                                                "pledges": pledges})
    records = {name: dict(items) for name, items in data.records.items()}
    records["disclosures"][record.id] = changed
    return dataclasses.replace(data, records=records)


def test_rendered_disclosure_hides_anonymous_and_unconsenting_donors() -> None:
    dataset = _with_secret_donors()
    html = render(pages(dataset)["disclosures/tl-charity-federation-2026-07/index.html"], dataset)
    for secret in ("秘密甲", "秘密乙", "秘密丙"):
        assert secret not in html
    assert html.count(ANONYMOUS_DONOR) >= 4  # r02, r03, r05, p01 (and the note)
    assert '<a href="/directory/tl-supermarket-group/">示例铜陵惠民超市有限公司</a>' in html


def test_rendered_sample_pages_show_no_anonymous_names_and_the_ledgers() -> None:
    planned = pages()
    htmls = {path: render(page) for path, page in planned.items()}
    consented = {line["donor"]["name"] for d in sample().collection("disclosures")
                 for line in d.data["receipts"] if line["donor"].get("name_consent")}
    assert consented == {"示例捐赠人王某某", "示例捐赠人李某某", "示例捐赠人周某某",
                         "示例捐赠人陈某某", "示例捐赠人赵某某", "示例捐赠人孙某某"}
    shown = "".join(htmls.values())
    assert all(name in shown for name in consented)
    for html in htmls.values():
        assert html.count("<h1") == 1
        assert "style=" not in html and "<script" not in html
    flood = htmls[f"campaigns/{FLOOD}/index.html"]
    assert "619,425.16 元" in flood and "571,220.55 元" in flood and "48,204.61 元" in flood
    fundraising = htmls[f"campaigns/{FUNDRAISING}/index.html"]
    assert "903,944.78 元" in fundraising and "350,000.00 元" in fundraising
    assert "示例53340700MJ0000000X-2026-001" in fundraising
    corrected = htmls[f"disclosures/{CORRECTED}/index.html"]
    assert f'href="/disclosures/{CORRECTION}/"' in corrected and "不计入行动合计" in corrected
    correction = htmls[f"disclosures/{CORRECTION}/index.html"]
    assert f'href="/disclosures/{CORRECTED}/"' in correction and "更正原因" in correction
    assert ("期初结余 185,144.68 元 + 本期接收 68,875.40 元 − 本期使用（含成本）183,580.50 元"
            " = 期末结余 70,439.58 元") in correction
    july = htmls["disclosures/tl-charity-federation-2026-07/index.html"]
    assert "认捐（未到账，不计入合计）" in july
    programme = htmls[f"campaigns/{PROGRAMME}/index.html"]
    assert "持续推进" in programme and "未达标（差 1 个）" in programme
