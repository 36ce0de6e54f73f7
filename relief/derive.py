"""Figures derived from the valid dataset: campaign progress, need counts, activity counts,
freshness and programme targets. Pure functions of (dataset, today); pages and exports use
the same ones, so a number is computed in one place only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from relief.model import Dataset, Record
from relief.money_chain import Chains, resolve
from relief.rules.money import exact_sum, money_totals

OPEN_NEED_STATES = ("open", "partly_committed", "committed", "in_transit")


def disclosure_chains(dataset: Dataset) -> Chains:
    """Every disclosure's chain of corrections: which one counts per period (money_chain)."""
    return resolve({record.id: record.data for record in dataset.collection("disclosures")})


def current_disclosures(dataset: Dataset, campaign_id: str | None = None) -> list[Record]:
    """The effective disclosure of every period, optionally for one campaign."""
    chains = disclosure_chains(dataset)
    return [
        record for record in dataset.collection("disclosures")
        if chains.counted(record.id)
        and (campaign_id is None or record.data["campaign"] == campaign_id)
    ]


@dataclass
class MoneySummary:
    received: Decimal = Decimal(0)
    used: Decimal = Decimal(0)
    balance: Decimal = Decimal(0)
    pledged: Decimal = Decimal(0)
    organizations: list[dict[str, Any]] = field(default_factory=list)


def money_summary(disclosures: Iterable[Record]) -> MoneySummary:
    """Totals over disclosures; per organisation, balance is its latest period's."""
    summary = MoneySummary()
    by_org: dict[str, list[Record]] = defaultdict(list)
    for record in disclosures:
        by_org[record.data["organization"]].append(record)
    for org_id, records in sorted(by_org.items()):
        records.sort(key=lambda r: (r.data["period"]["end"], r.id))
        totals = [money_totals(dict(r.data)) for r in records]
        received = exact_sum(t["received"] for t in totals)
        used = exact_sum(t["used"] for t in totals)
        pledged = exact_sum(t["pledged"] for t in totals)
        balance = totals[-1]["balance"]
        summary.organizations.append({
            "organization": org_id, "received": received, "used": used,
            "balance": balance, "pledged": pledged, "disclosures": [r.id for r in records],
        })
    rows = summary.organizations
    summary.received = exact_sum(row["received"] for row in rows)
    summary.used = exact_sum(row["used"] for row in rows)
    summary.pledged = exact_sum(row["pledged"] for row in rows)
    summary.balance = exact_sum(row["balance"] for row in rows)
    return summary


def need_state(item: Mapping[str, Any], bulletin: Mapping[str, Any], today: dt.date) -> str:
    """The item's status, or ``expired`` once its bulletin's ``valid_until`` has passed."""
    status = str(item["status"])
    valid_until = bulletin.get("valid_until")
    if status in OPEN_NEED_STATES and valid_until and dt.date.fromisoformat(valid_until) < today:
        return "expired"
    return status


def need_items(dataset: Dataset, campaign_id: str | None = None) -> list[dict[str, Any]]:
    """Every need item of active needs bulletins, with its bulletin and current state."""
    items = []
    for bulletin in dataset.collection("bulletins"):
        data = bulletin.data
        if data["kind"] != "needs" or data.get("status") != "active":
            continue
        if campaign_id is not None and data.get("campaign") != campaign_id:
            continue
        for item in data["needs"]:
            items.append({
                "bulletin": bulletin.id, "item": item,
                "state": need_state(item, data, dataset.today),
                "published": data["published"], "coordinator": data.get("coordinator"),
            })
    return items


def active_responses(dataset: Dataset) -> list[Record]:
    """Emergency responses under way today: published campaigns of kind ``response`` whose
    status is active, that have started and have not ended; earliest first."""
    today = dataset.today.isoformat()
    return sorted(
        (c for c in dataset.collection("campaigns")
         if c.data["kind"] == "response" and c.data["campaign_status"] == "active"
         and c.data["status"] == "active" and c.data["start"] <= today
         and c.data.get("end", today) >= today),
        key=lambda c: (c.data["start"], c.id))


def distinct_coordinators(found: Iterable[Mapping[str, Any] | None]) -> list[Mapping[str, Any]]:
    """Each bulletin coordinator (office and phone) once, in the order first met."""
    return list({(c["office"], c["phone"]): c for c in found if c}.values())


URGENCY_ORDER = ("high", "medium", "low")


def open_needs_first(items: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The open need items, the most urgent and the soonest needed first."""
    return sorted(
        (entry for entry in items if entry["state"] in OPEN_NEED_STATES),
        key=lambda entry: (URGENCY_ORDER.index(entry["item"]["urgency"]),
                           entry["item"]["needed_by"], entry["bulletin"], entry["item"]["id"]))


def need_counts(items: Iterable[Mapping[str, Any]]) -> Counter[str]:
    return Counter(str(entry["state"]) for entry in items)


def goods_received(disclosures: Iterable[Record]) -> dict[tuple[str, str], Decimal]:
    """Goods received, by (goods category, unit), from receipts of the given disclosures."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for record in disclosures:
        for receipt in record.data["receipts"]:
            for line in receipt.get("items", []):
                totals[(line["goods"], line["unit"])] += Decimal(line["quantity"])
    return dict(totals)


def activity_counts(org: Record) -> dict[str, Counter[str]]:
    """An entry's activities counted by kind and by year."""
    activities = org.data.get("activities", [])
    return {
        "kind": Counter(a["kind"] for a in activities),
        "year": Counter(a["date"][:4] for a in activities),
    }


def is_stale(org: Record, today: dt.date, stale_after_days: int) -> bool:
    verified = dt.date.fromisoformat(org.data["verification"]["date"])
    return (today - verified).days > stale_after_days


def participating_since(org: Record) -> str | None:
    """Earliest date the entry is known to take part: registration or first activity."""
    dates = [a["date"] for a in org.data.get("activities", [])]
    registered = org.data.get("registration", {}).get("date")
    if registered:
        dates.append(registered)
    return min(dates) if dates else None


def district_targets(dataset: Dataset, campaign: Record) -> list[dict[str, Any]]:
    """Each programme target per district: the entries that count by its deadline, met or not.

    An entry counts for a district when it is based there, is not withdrawn, and had
    registered or recorded an activity on or before the deadline; a specialised charity
    must also be marked both disaster-specialised and charity.
    """
    rows = []
    orgs = [o for o in dataset.collection("organizations") if o.data["status"] != "withdrawn"]
    for target in campaign.data.get("district_targets", []):
        deadline = target["deadline"]
        for district, code in dataset.vocab.districts.items():
            counted = [
                o.id for o in orgs
                if o.data["district"] == district
                and (since := participating_since(o)) is not None and since <= deadline
                and (target["metric"] != "specialised_charity_organizations"
                     or (o.data["disaster_specialised"] and o.data["charity"]))
            ]
            rows.append({
                "target": target, "district": district, "code": code, "count": len(counted),
                "organizations": counted, "met": len(counted) >= target["minimum"],
            })
    return rows


def disclosure_goods(record: Record) -> list[dict[str, Any]]:
    """One disclosure's goods by (category, unit): received and used in its period."""
    received: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    used: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for lines, totals in ((record.data["receipts"], received), (record.data["uses"], used)):
        for line in lines:
            for item in line.get("items", []):
                totals[(item["goods"], item["unit"])] += Decimal(item["quantity"])
    return [
        {"goods": goods, "unit": unit,
         "received": received.get((goods, unit), Decimal(0)),
         "used": used.get((goods, unit), Decimal(0))}
        for goods, unit in sorted(set(received) | set(used))
    ]


def goods_target_progress(
    campaign: Record, received: Mapping[tuple[str, str], Decimal]
) -> dict[str, list[dict[str, Any]]]:
    """A campaign's goods targets against goods received (``goods_received``).

    Only receipts in the target's own unit count towards it; the same category received in
    other units is listed beside it (``other_units``), never converted. Goods received in a
    category without a target are listed under ``untargeted``.
    """
    targets = campaign.data.get("targets", {}).get("goods", [])
    rows = []
    for target in targets:
        goods, unit = target["goods"], target["unit"]
        rows.append({
            "goods": goods, "unit": unit, "target": target["quantity"],
            "received": received.get((goods, unit), Decimal(0)),
            "other_units": [
                {"unit": other, "quantity": quantity}
                for (category, other), quantity in sorted(received.items())
                if category == goods and other != unit
            ],
        })
    targeted = {target["goods"] for target in targets}
    untargeted = [
        {"goods": goods, "unit": unit, "quantity": quantity}
        for (goods, unit), quantity in sorted(received.items()) if goods not in targeted
    ]
    return {"targets": rows, "untargeted": untargeted}


def bulletin_expired(bulletin: Mapping[str, Any], today: dt.date) -> bool:
    """True from the day after ``valid_until``: on that day itself the bulletin still stands."""
    valid_until = bulletin.get("valid_until")
    return bool(valid_until) and dt.date.fromisoformat(str(valid_until)) < today


def offer_state(item: Mapping[str, Any], bulletin: Mapping[str, Any], today: dt.date) -> str:
    """An offer line's status, or ``expired`` once its own or its bulletin's end has passed."""
    status = str(item["status"])
    ends = min(filter(None, (item.get("available_until"), bulletin.get("valid_until"))))
    if status in ("available", "partly_committed") and dt.date.fromisoformat(ends) < today:
        return "expired"
    return status


def bulletin_corrections(dataset: Dataset) -> dict[str, list[str]]:
    """Bulletin id -> ids of the bulletins that correct it, oldest first (any status)."""
    corrected: dict[str, list[str]] = defaultdict(list)
    for record in sorted(dataset.collection("bulletins"),
                         key=lambda r: (r.data["published"], r.id)):
        if record.data.get("corrects"):
            corrected[record.data["corrects"]].append(record.id)
    return dict(corrected)


def upcoming_events(dataset: Dataset) -> list[Record]:
    """Active event bulletins whose event ends today or later, soonest first."""
    events = [
        record for record in dataset.collection("bulletins")
        if record.data["kind"] == "event" and record.data.get("status") == "active"
        and dt.datetime.fromisoformat(record.data["event"]["ends"]).date() >= dataset.today
    ]
    return sorted(events, key=lambda r: (r.data["event"]["starts"], r.id))


def days_since_verification(org: Record, today: dt.date) -> int:
    return (today - dt.date.fromisoformat(org.data["verification"]["date"])).days


def stale_entries(dataset: Dataset, stale_after_days: int) -> list[Record]:
    """Entries to re-verify (动态管理): stale (``is_stale``) and not withdrawn (a retired entry
    needs no check), by district in the vocabulary's order, oldest verification first, by id."""
    order = {name: index for index, name in enumerate(dataset.vocab.districts)}
    stale = [o for o in dataset.collection("organizations")
             if o.data["status"] != "withdrawn" and is_stale(o, dataset.today, stale_after_days)]
    return sorted(stale, key=lambda o: (order.get(o.data["district"], len(order)),
                                        o.data["verification"]["date"], o.id))


def district_activities(
    dataset: Dataset, start: str | None = None, end: str | None = None
) -> dict[str, Counter[str]]:
    """Directory activities by the district where they took place, then by kind, dated from
    ``start`` to ``end`` (YYYY-MM-DD, both included, either open). Every entry's record
    counts, withdrawn ones too: a retired entry's past activities still took place."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for org in dataset.collection("organizations"):
        for activity in org.data.get("activities", []):
            if (start or "") <= activity["date"] <= (end or "9999-12-31"):
                counts[activity["district"]][activity["kind"]] += 1
    return dict(counts)
