"""Disclosure deadlines (信息公开时限): when each organisation owes its next disclosure.

Pure functions of (dataset, rules); the rules come from the settings
``DISCLOSURE_EMERGENCY_DAYS`` (E), ``DISCLOSURE_LONG_DRIVE_DAYS`` (L),
``DISCLOSURE_FINAL_DAYS`` (F) and ``DISCLOSURE_DUE_SOON_DAYS`` (S). "Today" is
``dataset.today`` (``RELIEF_TODAY``). Legal basis: 慈善法 (2016, amended 2023) and
慈善组织信息公开办法 — fundraising longer than six months discloses at least every three
months, a final disclosure follows within three months of the end, and during an emergency
response receipts and uses are disclosed promptly (here: at least every E days).

Which disclosures count: records with ``status: active`` only (a suspended or withdrawn
disclosure is not in force). Validation guarantees none is published after today.

Duties. There is one duty per (organisation, campaign) pair where the organisation has at
least one counted disclosure for the campaign, or is the ``fundraising.organizer`` of a
fundraising campaign (even before its first disclosure). Campaign records that are withdrawn
create no duty for the organiser.

The clock. Corrections never move it (they count as corrections published). The clock
disclosures of a pair are its interim and final disclosures; ``base`` is the latest
``period.end`` among them, or the campaign's ``start`` when there is none.

Interval of a campaign:
  * kind ``response``: E days (emergency response);
  * kind ``fundraising`` lasting longer than six months: L days (long drive). A drive lasts
    longer than six months when ``end`` is on or after ``start`` plus six calendar months
    (2026-01-01..2026-06-30 is exactly six months, so not longer; ..2026-07-01 is longer;
    a day missing in the target month falls back to its last day), or when it has no ``end``
    (nothing shows it will stop sooner);
  * anything else: no periodic duty.

Periodic due date = base + interval, provided the campaign has no ``end`` or that date is on
or before ``end`` (what comes after the end is covered by the final disclosure).

Final due date = ``end`` + F, for a campaign with an ``end``.

Done. A pair is done when a final disclosure exists (``disclosure_kind: final``, or a
correction in the chain of one: ``relief.money_chain``) whose ``period.end`` is on or after the
campaign's ``end``; for a campaign without an ``end``, any final disclosure ends the pair's
duty (the organisation has declared its part complete). A done pair owes nothing.

Next due date of a pair (the current status): nothing when done; otherwise the earliest of
the periodic due date (only while ``campaign_status`` is ``active``: a closed or planned
campaign has no periodic duty) and the final due date. With d = next due - today:
  * ``overdue``  when d < 0 (the day after the due date is the first overdue day);
  * ``due_soon`` when 0 <= d <= S (the due date itself is still due soon);
  * ``on_time``  when d > S, or when nothing is due;
  * ``done``     when the final disclosure is in.

On time, per disclosure. The due date that applied to a clock disclosure is the next due
date computed from the clock disclosures published before it (order: published, period end,
period start, id), with the periodic rule applied whatever the campaign's status is now (a
disclosure made during a response is held to the emergency interval after the response has
closed). It is on time when published on or before that date, or when no date applied.
Corrections are not rated. Balance reconciled: the declared balance equals opening +
received - used computed from the lines (always true for valid data; shown all the same).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from relief.derive import disclosure_chains
from relief.model import Dataset, Record
from relief.money_chain import Chains
from relief.rules.money import money_totals

STATUS_ORDER = ("overdue", "due_soon", "on_time", "done")
STATUS_LABELS = {
    "overdue": "已逾期", "due_soon": "即将到期", "on_time": "按期", "done": "已完成最终公开",
}
RULE_LABELS = {"emergency": "应急期间定期公开", "long_drive": "长期募捐定期公开",
               "final": "结束后最终公开"}
LONG_DRIVE_MONTHS = 6


@dataclass(frozen=True)
class Rules:
    emergency_days: int
    long_drive_days: int
    final_days: int
    due_soon_days: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Rules:
        return cls(
            emergency_days=settings["DISCLOSURE_EMERGENCY_DAYS"],
            long_drive_days=settings["DISCLOSURE_LONG_DRIVE_DAYS"],
            final_days=settings["DISCLOSURE_FINAL_DAYS"],
            due_soon_days=settings["DISCLOSURE_DUE_SOON_DAYS"],
        )


@dataclass(frozen=True)
class Due:
    date: dt.date
    rule: str  # "emergency", "long_drive" or "final"


@dataclass(frozen=True)
class Rated:
    """One disclosure with the due date that applied to it (None for corrections)."""

    record: Record
    due: Due | None
    on_time: bool | None  # None: a correction, not rated
    reconciled: bool


@dataclass(frozen=True)
class Duty:
    organization: str
    campaign: str
    status: str
    due: Due | None  # the next due date; None when done or nothing is due
    days_left: int | None
    last_period_end: dt.date | None
    final: str | None  # the final disclosure that completed the duty
    disclosures: tuple[Rated, ...]  # in publication order, corrections included


@dataclass(frozen=True)
class OrgTransparency:
    organization: str
    duties: tuple[Duty, ...]
    disclosures: tuple[Rated, ...]

    @property
    def rated(self) -> int:
        return sum(1 for d in self.disclosures if d.on_time is not None)

    @property
    def on_time(self) -> int:
        return sum(1 for d in self.disclosures if d.on_time)

    @property
    def mismatches(self) -> list[str]:
        return [d.record.id for d in self.disclosures if not d.reconciled]

    @property
    def corrections(self) -> list[str]:
        return [d.record.id for d in self.disclosures
                if d.record.data["disclosure_kind"] == "correction"]


@dataclass(frozen=True)
class Transparency:
    today: dt.date
    rules: Rules
    duties: tuple[Duty, ...]  # by organisation, then campaign
    organizations: tuple[OrgTransparency, ...]  # by organisation id
    status_labels: ClassVar[Mapping[str, str]] = STATUS_LABELS
    rule_labels: ClassVar[Mapping[str, str]] = RULE_LABELS

    def for_org(self, org_id: str) -> list[Duty]:
        return [duty for duty in self.duties if duty.organization == org_id]

    def for_campaign(self, campaign_id: str) -> list[Duty]:
        return [duty for duty in self.duties if duty.campaign == campaign_id]

    def organization(self, org_id: str) -> OrgTransparency | None:
        return next((o for o in self.organizations if o.organization == org_id), None)


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day when missing)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def is_long_drive(campaign: Mapping[str, Any]) -> bool:
    """A fundraising drive lasting longer than six months (or with no end date)."""
    if campaign["kind"] != "fundraising":
        return False
    end = campaign.get("end")
    return not end or _date(end) >= add_months(_date(campaign["start"]), LONG_DRIVE_MONTHS)


def interval(campaign: Mapping[str, Any], rules: Rules) -> tuple[int, str] | None:
    if campaign["kind"] == "response":
        return rules.emergency_days, "emergency"
    if is_long_drive(campaign):
        return rules.long_drive_days, "long_drive"
    return None


def _is_final(record: Record, chains: Chains, dataset: Dataset) -> bool:
    """A final disclosure, or a correction in the chain of one (relief.money_chain)."""
    root = dataset.get("disclosures", chains.root.get(record.id, ""))
    return root is not None and root.data["disclosure_kind"] == "final"


def next_due(campaign: Mapping[str, Any], clock: Iterable[Record], finals: Iterable[Record],
             rules: Rules, *, periodic: bool) -> tuple[Due | None, str | None]:
    """The next due date after ``clock`` disclosures, and the final that ends the duty."""
    end = _date(campaign["end"]) if campaign.get("end") else None
    for record in finals:
        if end is None or _date(record.data["period"]["end"]) >= end:
            return None, record.id
    ends = [_date(r.data["period"]["end"]) for r in clock]
    base = max(ends) if ends else _date(campaign["start"])
    dues = []
    every = interval(campaign, rules)
    if periodic and every is not None:
        due = base + dt.timedelta(days=every[0])
        if end is None or due <= end:
            dues.append(Due(due, every[1]))
    if end is not None:
        dues.append(Due(end + dt.timedelta(days=rules.final_days), "final"))
    return (min(dues, key=lambda d: d.date) if dues else None), None


def status_of(due: Due | None, final: str | None, today: dt.date, rules: Rules) -> str:
    if final is not None:
        return "done"
    if due is None:
        return "on_time"
    days = (due.date - today).days
    if days < 0:
        return "overdue"
    return "due_soon" if days <= rules.due_soon_days else "on_time"


def _publication_order(record: Record) -> tuple[str, str, str, str]:
    data = record.data
    return (data["published"], data["period"]["end"], data["period"]["start"], record.id)


def _duty(org_id: str, campaign: Record, records: list[Record], chains: Chains,
          dataset: Dataset, rules: Rules) -> Duty:
    data = campaign.data
    clock: list[Record] = []
    finals: list[Record] = []
    rated = []
    for record in sorted(records, key=_publication_order):
        reconciled = money_totals(dict(record.data))["balance"] == \
            record.data["declared"]["balance"]
        if record.data["disclosure_kind"] == "correction":
            rated.append(Rated(record, None, None, reconciled))
        else:
            due, _ = next_due(data, clock, finals, rules, periodic=True)
            published = _date(record.data["published"])
            rated.append(Rated(record, due, due is None or published <= due.date, reconciled))
            clock.append(record)
        if _is_final(record, chains, dataset):
            finals.append(record)
    running = data["campaign_status"] == "active"
    due, final = next_due(data, clock, finals, rules, periodic=running)
    ends = [_date(r.data["period"]["end"]) for r in clock]
    return Duty(
        organization=org_id, campaign=campaign.id,
        status=status_of(due, final, dataset.today, rules), due=due,
        days_left=(due.date - dataset.today).days if due else None,
        last_period_end=max(ends) if ends else None, final=final, disclosures=tuple(rated),
    )


def transparency(dataset: Dataset, rules: Rules) -> Transparency:
    """Every duty and every disclosing organisation's record, as of ``dataset.today``."""
    counted = [d for d in dataset.collection("disclosures") if d.data["status"] == "active"]
    chains = disclosure_chains(dataset)
    pairs: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in counted:
        pairs[(record.data["organization"], record.data["campaign"])].append(record)
    for campaign in dataset.collection("campaigns"):
        organizer = campaign.data.get("fundraising", {}).get("organizer")
        if campaign.data["kind"] == "fundraising" and organizer \
                and campaign.data["status"] != "withdrawn":
            pairs.setdefault((organizer, campaign.id), [])
    duties = []
    for (org_id, campaign_id), records in sorted(pairs.items()):
        found = dataset.get("campaigns", campaign_id)
        if found is not None:
            duties.append(_duty(org_id, found, records, chains, dataset, rules))
    orgs = []
    for org_id in sorted({duty.organization for duty in duties}):
        mine = tuple(duty for duty in duties if duty.organization == org_id)
        rated = sorted((r for duty in mine for r in duty.disclosures),
                       key=lambda r: _publication_order(r.record))
        orgs.append(OrgTransparency(org_id, mine, tuple(rated)))
    return Transparency(dataset.today, rules, tuple(duties), tuple(orgs))

