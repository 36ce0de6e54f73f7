"""供需对接匹配: for every open need item, the open offers and directory entries that could meet
it, ranked by one documented score. Pure (no Pelican). This module defines what matches and
the score; :mod:`relief.matching_rank` ranks (``match_dataset``), and pages, the needs board
and ``data/matches.json`` all read that one ranking.

Which needs. Items of active needs bulletins whose derived state (``derive.need_state``) is
open, partly committed, committed or in transit; expired and withdrawn items never match.
What is still uncovered is ``remaining = quantity − committed`` (committed already includes
what was delivered; an absent figure is 0): what nobody has promised yet. An item whose
remaining is 0 (committed, in transit) is listed without candidates.

Which candidates, by category (goods needs by goods category, capability-only needs by
capability; an item naming both is a goods need):
- offers: lines of active offers bulletins whose ``derive.offer_state`` is available or partly
  committed (not expired), in the same category, with ``quantity − committed > 0``, whose
  issuing entry (when in the directory) is not suspended or withdrawn;
- directory entries with status active (suspended and withdrawn excluded) holding the goods
  category in ``equipment``, ``reserves`` or ``production_capacity``, or having the capability.

What a candidate can provide, in the need's unit (other units are never converted: a candidate
holding the category only in other units still appears, covering 0): an offer its remaining
quantity; an entry the sum of its equipment and reserves plus, per production line,
``quantity_per_day × max(1, days from today to needed_by − lead_time_days)``; for a capability
an entry counts ``team.members`` when the unit is 人, otherwise 1 (one team).

Score. Candidates are sorted by the tuple, smallest first::

    (tier, stale, −covers, freshness_days, status_rank, id)

- ``tier`` (位置): 0 同乡镇 (same district and town as the need), 1 同县区 (same district,
  other or unknown town), 2 市内其他县区 (another district of the city), 3 市外 (outside).
  Entries are located at their district and town, a reserve stored elsewhere at its own
  district (``reserves[].district``), an offer at its district and town; the best location of
  the lines in the category counts.
- ``stale`` (待更新): 1 when ``freshness_days > STALE_AFTER_DAYS``, so within a tier a
  candidate not re-verified in time ranks below every fresh one.
- ``covers`` (覆盖比例): ``min(provides / remaining, 1)``, compared exactly (shown to four
  decimals); a larger share ranks first.
- ``freshness_days`` (核实新旧): days from the last verification to today (entries:
  ``verification.date``; offers: their bulletin's ``verification.date``, else ``published``).
- ``status_rank`` (状态): 0 offer available, 1 offer partly committed, 2 directory entry.
- ``id``: entry id, or ``<bulletin>#<offer line>``, for a deterministic order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from relief import derive
from relief.model import Dataset

TIER_LABELS = ("同乡镇", "同县区", "市内其他县区", "市外")
STATUS_RANK = {"available": 0, "partly_committed": 1, "active": 2}
PERSON_UNIT = "人"
SHOWN = Decimal("0.0001")
ZERO = Decimal(0)
Category = tuple[str, str]  # ("goods", id) or ("capability", id)


@dataclass(frozen=True, slots=True)
class Need:
    bulletin: str
    item: str
    description: str
    category: Category
    quantity: Decimal
    committed: Decimal
    unit: str
    district: str
    town: str | None
    needed_by: dt.date
    urgency: str
    state: str

    @property
    def key(self) -> str:
        return f"{self.bulletin}#{self.item}"

    @property
    def remaining(self) -> Decimal:
        return max(self.quantity - self.committed, ZERO)


class Line(NamedTuple):
    """One holding in a category: an offer line, equipment, reserve, production or a team."""

    source: str  # offer, equipment, reserves, production, team
    description: str
    quantity: Decimal  # per day for production; team: members
    unit: str
    district: str
    town: str | None
    lead_days: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Holder:
    kind: str  # offer or organization
    id: str
    name: str
    status: str  # available, partly_committed (offers) or active (entries)
    verified: dt.date
    lines: Mapping[Category, tuple[Line, ...]]


@dataclass(frozen=True, slots=True)
class Candidate:
    rank: int  # 1 = best
    kind: str
    id: str
    name: str
    tier: int
    stale: bool
    covers: Decimal  # 0..1, four decimals
    quantity: Decimal | None  # what it can provide in the need's unit; None: other units only
    remaining: Decimal
    unit: str
    freshness_days: int
    status: str
    place: str
    lines: tuple[Line, ...]

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def score(self) -> tuple[int, int, Decimal, int, int, str]:
        return (self.tier, int(self.stale), -self.covers, self.freshness_days,
                STATUS_RANK[self.status], self.id)

    @property
    def holdings(self) -> str:
        """What it holds in the category, line by line."""
        return "、".join(_held(line) for line in self.lines)

    @property
    def reason(self) -> str:
        if self.quantity is None:
            share = f"单位与需求（{self.unit}）不同，未计覆盖比例"
        else:
            provided = min(self.quantity, self.remaining)
            share = (f"可提供 {provided:,f} {self.unit}，占尚缺 {self.remaining:,f} {self.unit}"
                     f"的 {int(self.covers * 100)}%")
        return f"{self.tier_label}（{self.place}）；{self.holdings}；{share}；{self.freshness}"

    @property
    def freshness(self) -> str:
        return f"{self.freshness_days} 天前核实" + ("，已超期待更新" if self.stale else "")


def _held(line: Line) -> str:
    amount = f"{line.quantity:,f} {line.unit}"
    if line.source == "production":
        lead = f"，启动 {line.lead_days:f} 天" if line.lead_days else ""
        return f"生产：{line.description} 日产 {amount}{lead}"
    if line.source == "team":
        return f"队伍：{amount}"
    return f"{_SOURCE[line.source]}{line.description} {amount}"


_SOURCE = {"offer": "供给：", "equipment": "设备：", "reserves": "储备："}


def tier(need: Need, district: str, town: str | None, city: frozenset[str]) -> int:
    if district == need.district:
        return 0 if need.town is not None and town == need.town else 1
    return 2 if district in city else 3


def provision(lines: Sequence[Line], unit: str, days: int | None) -> Decimal | None:
    """What the lines provide in ``unit``; None when none of them is in that unit."""
    total: Decimal | None = None
    for line in lines:
        if line.source == "team":
            amount = line.quantity if unit == PERSON_UNIT else Decimal(1)
        elif line.unit != unit:
            continue
        elif line.source == "production":
            amount = line.quantity * max(Decimal(1), Decimal(days or 0) - line.lead_days)
        else:
            amount = line.quantity
        total = (total or ZERO) + amount
    return total


def _decimal(value: Any) -> Decimal:
    return Decimal(value) if value is not None else ZERO


def _category(line: Mapping[str, Any]) -> Category:
    return ("goods", line["goods"]) if line.get("goods") else ("capability", line["capability"])


def open_needs(dataset: Dataset) -> list[Need]:
    """Every need item in an open state, as a :class:`Need`."""
    return [
        Need(bulletin=entry["bulletin"], item=item["id"], description=item["description"],
             category=_category(item), quantity=_decimal(item["quantity"]),
             committed=max(_decimal(item.get("committed")), _decimal(item.get("delivered"))),
             unit=item["unit"], district=item["district"], town=item.get("town"),
             needed_by=dt.date.fromisoformat(item["needed_by"]), urgency=item["urgency"],
             state=entry["state"])
        for entry in derive.need_items(dataset)
        if entry["state"] in derive.OPEN_NEED_STATES and (item := entry["item"])
    ]


def offer_holders(dataset: Dataset) -> Iterable[Holder]:
    """Open offer lines with something left to offer, from active offers bulletins."""
    for bulletin in dataset.collection("bulletins"):
        data = bulletin.data
        if data["kind"] != "offers" or data.get("status") != "active":
            continue
        issuer = dataset.get("organizations", data["issuer"].get("organization") or "")
        if issuer is not None and issuer.data["status"] != "active":
            continue
        verified = data.get("verification", {}).get("date") or data["published"]
        for item in data["offers"]:
            left = _decimal(item["quantity"]) - _decimal(item.get("committed"))
            state = derive.offer_state(item, data, dataset.today)
            if state not in ("available", "partly_committed") or left <= 0:
                continue
            line = Line("offer", item["description"], left, item["unit"], item["district"],
                        item.get("town"))
            keys = [("goods", item["goods"])] if item.get("goods") else []
            keys += [("capability", item["capability"])] if item.get("capability") else []
            yield Holder("offer", f"{bulletin.id}#{item['id']}", data["issuer"]["name"], state,
                         dt.date.fromisoformat(verified), {key: (line,) for key in keys})


def entry_holders(dataset: Dataset) -> Iterable[Holder]:
    """Active directory entries with their goods lines and capabilities."""
    for org in dataset.collection("organizations"):
        data = org.data
        if data["status"] != "active":
            continue
        district, town = data["district"], data.get("town")
        lines: dict[Category, list[Line]] = defaultdict(list)
        for source, field in (("equipment", "quantity"), ("reserves", "quantity"),
                              ("production", "quantity_per_day")):
            for row in data.get("production_capacity" if source == "production" else source, []):
                where = row.get("district") or district
                lines[("goods", row["goods"])].append(Line(
                    source, row["description"], _decimal(row[field]), row["unit"], where,
                    town if where == district else None, _decimal(row.get("lead_time_days"))))
        members = _decimal(data["team"]["members"])
        for capability in data["capabilities"]:
            lines[("capability", capability)].append(Line(
                "team", "队伍人数", members, PERSON_UNIT, district, town))
        yield Holder("organization", org.id, data["name"], "active",
                     dt.date.fromisoformat(data["verification"]["date"]),
                     {key: tuple(value) for key, value in lines.items()})
