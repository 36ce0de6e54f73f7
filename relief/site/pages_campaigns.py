"""Campaigns (救灾行动) with their progress, and donation disclosures (捐赠信息公开) with
their full ledgers: a list and one page each.

Campaign totals come from ``derive`` over the effective disclosure of each period only
(``relief.money_chain``: a corrected disclosure is replaced by its correction). Donor
names reach the templates only through ``public_donor``: an anonymous donor, or an
individual without recorded consent, is shown as 爱心人士 and the record's name is never
handed to a template.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from relief import derive
from relief.labels import LABELS
from relief.model import Dataset, Record
from relief.money_chain import Chains
from relief.rules.money import exact_sum, money_totals
from relief.site import search_info
from relief.site.context import SiteContext
from relief.site.page import Page

ANONYMOUS_DONOR = "爱心人士"
UNNAMED_ORGANIZATION = "爱心单位"
CAMPAIGN_ORDER = {"active": 0, "planned": 1, "closed": 2}


def plan_campaigns(site: SiteContext, context: dict[str, Any]) -> Iterator[Page]:
    dataset = site.dataset
    campaigns = sorted_campaigns(dataset.collection("campaigns"))
    summaries = {c.id: derive.money_summary(derive.current_disclosures(dataset, c.id))
                 for c in campaigns}
    yield Page("campaigns/index.html", "campaigns_list.html", {
        "title": "救灾行动", "groups": _campaign_groups(campaigns), "money": summaries,
    })
    for campaign in campaigns:
        yield Page(f"campaigns/{campaign.id}/index.html", "campaign.html",
                   campaign_context(dataset, campaign))
        if campaign.data["campaign_status"] == "active" and campaign.data["status"] == "active":
            yield Page(f"campaigns/{campaign.id}/brief/index.html", "campaign_brief.html",
                       brief_context(dataset, campaign))
    chains = derive.disclosure_chains(dataset)
    disclosures = dataset.collection("disclosures")
    yield Page("disclosures/index.html", "disclosures_list.html", {
        "title": "捐赠信息公开",
        "groups": [
            {"campaign": c, "disclosures": _ledger_rows(sorted_disclosures(
                d for d in disclosures if d.data["campaign"] == c.id), chains)}
            for c in campaigns if any(d.data["campaign"] == c.id for d in disclosures)
        ],
    })
    for disclosure in disclosures:
        yield Page(f"disclosures/{disclosure.id}/index.html", "disclosure.html",
                   disclosure_context(dataset, disclosure, chains))


def sorted_campaigns(campaigns: Iterable[Record]) -> list[Record]:
    """Active first, then planned, then closed; the latest start first within each; by id."""
    by_id = sorted(campaigns, key=lambda c: c.id)
    by_start = sorted(by_id, key=lambda c: c.data["start"], reverse=True)
    return sorted(by_start, key=lambda c: CAMPAIGN_ORDER[c.data["campaign_status"]])


def sorted_disclosures(disclosures: Iterable[Record]) -> list[Record]:
    """By organisation, then period, then id (a correction follows what it corrects)."""
    return sorted(disclosures, key=lambda d: (
        d.data["organization"], d.data["period"]["start"], d.data["period"]["end"], d.id))


def _campaign_groups(campaigns: list[Record]) -> list[dict[str, Any]]:
    return [
        {"status": status, "label": LABELS["campaign_status"][status],
         "campaigns": [c for c in campaigns if c.data["campaign_status"] == status]}
        for status in CAMPAIGN_ORDER
        if any(c.data["campaign_status"] == status for c in campaigns)
    ]


def _ledger_rows(records: list[Record], chains: Chains) -> list[dict[str, Any]]:
    """Disclosures with their computed totals and whether campaign totals count them."""
    return [
        {"record": r, "totals": money_totals(dict(r.data)),
         "corrected_by": chains.replaced_by.get(r.id), "counted": chains.counted(r.id)}
        for r in records
    ]


def campaign_context(dataset: Dataset, campaign: Record) -> dict[str, Any]:
    current = derive.current_disclosures(dataset, campaign.id)
    needs = derive.need_counts(derive.need_items(dataset, campaign.id))
    tasks = campaign.data.get("tasks", [])
    return {
        "title": campaign.data["title"], "campaign": campaign, "record": campaign,
        "search": search_info.campaign(campaign),
        "money": derive.money_summary(current),
        "goods": derive.goods_target_progress(campaign, derive.goods_received(current)),
        "needs": {
            "by_state": [(state, needs[state]) for state in LABELS["need_status"]
                         if needs[state]],
            "total": sum(needs.values()),
            "met": needs["delivered"],
            "open": sum(needs[state] for state in derive.OPEN_NEED_STATES),
            "closed": needs["expired"] + needs["withdrawn"],
        },
        "timeline": sorted(
            (b for b in dataset.collection("bulletins") if b.data.get("campaign") == campaign.id),
            key=lambda b: (b.data["published"], b.id)),
        "disclosures": _ledger_rows(sorted_disclosures(
            d for d in dataset.collection("disclosures") if d.data["campaign"] == campaign.id),
            derive.disclosure_chains(dataset)),
        "tasks_done": sum(1 for t in tasks if t["task_status"] == "done"),
        "district_targets": _group_targets(derive.district_targets(dataset, campaign)),
    }


def brief_context(dataset: Dataset, campaign: Record) -> dict[str, Any]:
    """The one-page brief (简报) of an active campaign, as of today: the latest situation
    figures, the open needs, the offers still available, money and goods received and used,
    and whom to call."""
    bulletins = sorted((b for b in dataset.collection("bulletins")
                        if b.data.get("campaign") == campaign.id and b.data["status"] == "active"),
                       key=lambda b: (b.data["published"], b.id))
    corrected = {b.data["corrects"] for b in bulletins if b.data.get("corrects")}
    situations = [b for b in bulletins if b.data["kind"] == "situation" and b.id not in corrected]
    needs = derive.open_needs_first(derive.need_items(dataset, campaign.id))
    offers = [{"bulletin": b, "item": item, "state": state}
              for b in bulletins if b.data["kind"] == "offers"
              for item in b.data["offers"]
              if (state := derive.offer_state(item, b.data, dataset.today))
              in ("available", "partly_committed")]
    current = derive.current_disclosures(dataset, campaign.id)
    coordinators = derive.distinct_coordinators(b.data.get("coordinator") for b in bulletins)
    return {
        "title": f"{campaign.data['title']} · 简报", "campaign": campaign,
        "situation": situations[-1] if situations else None, "needs": needs, "offers": offers,
        "money": derive.money_summary(current),
        "goods": sorted(derive.goods_received(current).items()),
        "coordinators": coordinators,
    }


def _group_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """district_targets rows grouped by target, in the campaign's order of targets."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["target"]["id"] != row["target"]["id"]:
            groups.append({"target": row["target"], "rows": []})
        groups[-1]["rows"].append(row)
    for group in groups:
        group["met"] = sum(1 for row in group["rows"] if row["met"])
    return groups


def public_donor(dataset: Dataset, donor: Mapping[str, Any]) -> dict[str, str | None]:
    """What a page may show of a donor: a name, and a directory id when listed there.

    Organisations by name; individuals by name only with recorded consent; everyone else
    (anonymous donors, individuals without consent) as 爱心人士.
    """
    if donor["kind"] == "organization":
        listed = dataset.get("organizations", donor.get("organization") or "")
        name = donor.get("name") or (listed.data["name"] if listed else UNNAMED_ORGANIZATION)
        return {"name": name, "organization": listed.id if listed else None}
    if donor["kind"] == "individual" and donor.get("name_consent") is True and donor.get("name"):
        return {"name": donor["name"], "organization": None}
    return {"name": ANONYMOUS_DONOR, "organization": None}


def _donor_lines(dataset: Dataset, lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Receipt or pledge lines with the raw donor replaced by what may be shown."""
    return [
        {**{key: value for key, value in line.items() if key != "donor"},
         "donor": public_donor(dataset, line["donor"])}
        for line in lines
    ]


def _use_lines(dataset: Dataset, lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Use lines with the need item they meet resolved to a link and its description."""
    rows = []
    for line in lines:
        row = dict(line)
        ref = line.get("need_item")
        if ref:
            bulletin = dataset.get("bulletins", ref["bulletin"])
            items = bulletin.data.get("needs", []) if bulletin else []
            described = [i["description"] for i in items if i["id"] == ref["item"]]
            row["need"] = {"url": f"/bulletins/{ref['bulletin']}/#need-{ref['item']}",
                           "text": described[0] if described else ref["item"]}
        rows.append(row)
    return rows


def _money_sum(lines: Iterable[Mapping[str, Any]]) -> Decimal:
    return exact_sum(line["amount"] for line in lines if line.get("form", "money") == "money")


def disclosure_context(dataset: Dataset, record: Record, chains: Chains) -> dict[str, Any]:
    data = record.data
    totals = money_totals(dict(data))
    declared = data["declared"]
    check = [
        ("本期接收", totals["received"], declared["received_money"]),
        ("本期使用（含成本）", totals["used"], declared["used_money"]),
        ("期末结余", totals["balance"], declared["balance"]),
    ]
    corrects = data.get("corrects")
    goods = derive.disclosure_goods(record)
    return {
        "title": data["title"], "disclosure": record, "record": record,
        "search": search_info.disclosure(dataset, record),
        "organization": dataset.get("organizations", data["organization"]),
        "campaign": dataset.get("campaigns", data["campaign"]),
        "receipts": _donor_lines(dataset, data["receipts"]),
        "pledges": _donor_lines(dataset, data.get("pledges", [])),
        "uses": _use_lines(dataset, data["uses"]),
        "costs": data.get("costs", []),
        "totals": totals,
        "uses_money": _money_sum(data["uses"]),
        "costs_money": _money_sum(data.get("costs", [])),
        "check": check,
        "check_ok": all(computed == stated for _, computed, stated in check),
        "goods": goods,
        "goods_from_stock": any(row["used"] > row["received"] for row in goods),
        "corrects": dataset.get("disclosures", corrects["disclosure"]) if corrects else None,
        "corrected_by": dataset.get("disclosures", chains.replaced_by.get(record.id, "")),
        "counted": chains.counted(record.id),
    }
