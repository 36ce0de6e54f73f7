"""Disclosure deadlines: every rule and its boundaries, on small constructed datasets.

Rules used throughout (the defaults): emergency every 30 days, long drive every 90 days,
final within 90 days of the end, due soon within 14 days. Every expected date below is
worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from relief.deadlines import Due, Duty, Rules, add_months, is_long_drive, transparency
from relief.model import Dataset, Record
from relief.schemas import COLLECTIONS
from relief.site.pages_transparency import status_json
from relief.site.settings import resolve
from relief.vocab import Vocabulary

RULES = Rules(emergency_days=30, long_drive_days=90, final_days=90, due_soon_days=14)
ORG = "org-a"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def campaign(cid: str, kind: str, start: str, end: str | None = None,
             status: str = "active", organizer: str | None = None) -> Record:
    data: dict[str, Any] = {"title": cid, "kind": kind, "start": start,
                            "campaign_status": status, "status": "active"}
    if end:
        data["end"] = end
    if organizer:
        data["fundraising"] = {"record_number": "X-1", "organizer": organizer}
    return Record("campaigns", cid, f"campaigns/{cid}.yaml", data)


def disclosure(did: str, cid: str, start: str, end: str, published: str, kind: str = "interim",
               corrects: str | None = None, org: str = ORG, status: str = "active",
               declared_balance: Decimal | int = 0) -> Record:
    data: dict[str, Any] = {
        "title": did, "organization": org, "campaign": cid, "disclosure_kind": kind,
        "period": {"start": start, "end": end}, "published": published,
        "opening_balance": 0, "receipts": [], "uses": [],
        "declared": {"received_money": 0, "used_money": 0, "balance": declared_balance},
        "status": status,
    }
    if corrects:
        data["corrects"] = {"disclosure": corrects, "reason": "更正"}
    return Record("disclosures", did, f"disclosures/{did}.yaml", data)


def dataset(today: str, campaigns: list[Record], disclosures: list[Record]) -> Dataset:
    records: dict[str, dict[str, Record]] = {name: {} for name in COLLECTIONS}
    for record in [*campaigns, *disclosures]:
        records[record.collection][record.id] = record
    return Dataset(records=records, vocab=Vocabulary(), today=day(today))


def duty(today: str, campaigns: list[Record], disclosures: list[Record],
         cid: str = "c", org: str = ORG) -> Duty:
    report = transparency(dataset(today, campaigns, disclosures), RULES)
    found = [d for d in report.duties if d.organization == org and d.campaign == cid]
    assert len(found) == 1, report.duties
    return found[0]


# --- emergency response: every 30 days while active -------------------------------------

RESPONSE = campaign("c", "response", "2026-07-05")
JULY = disclosure("d-07", "c", "2026-07-05", "2026-07-31", "2026-08-03")


@pytest.mark.parametrize(("today", "status", "days_left"), [
    ("2026-08-15", "on_time", 15),  # 15 days before 2026-08-30: outside the 14-day window
    ("2026-08-16", "due_soon", 14),  # first day of the due-soon window
    ("2026-08-29", "due_soon", 1),
    ("2026-08-30", "due_soon", 0),  # the due date itself is not overdue
    ("2026-08-31", "overdue", -1),  # the day after the due date
])
def test_emergency_due_is_period_end_plus_30_with_its_boundaries(
        today: str, status: str, days_left: int) -> None:
    found = duty(today, [RESPONSE], [JULY])
    assert found.due == Due(day("2026-08-30"), "emergency")  # 07-31 + 30 days
    assert (found.status, found.days_left) == (status, days_left)
    assert found.last_period_end == day("2026-07-31")


@pytest.mark.parametrize(("published", "on_time"), [
    ("2026-08-03", True), ("2026-08-04", True), ("2026-08-05", False)])
def test_first_disclosure_is_due_30_days_after_the_campaign_start(
        published: str, on_time: bool) -> None:
    first = disclosure("d-07", "c", "2026-07-05", "2026-07-31", published)
    rated = duty("2026-08-10", [RESPONSE], [first]).disclosures[0]
    assert rated.due == Due(day("2026-08-04"), "emergency")  # 07-05 + 30 days
    assert rated.on_time is on_time


def test_later_disclosures_are_held_to_the_date_the_previous_one_set() -> None:
    august = disclosure("d-08", "c", "2026-08-01", "2026-08-31", "2026-09-10")
    found = duty("2026-09-12", [RESPONSE], [august, JULY])
    assert [r.record.id for r in found.disclosures] == ["d-07", "d-08"]  # publication order
    assert found.disclosures[1].due == Due(day("2026-08-30"), "emergency")
    assert found.disclosures[1].on_time is False  # published 09-10, due 08-30
    assert found.due == Due(day("2026-09-30"), "emergency")  # 08-31 + 30


def test_no_periodic_duty_once_the_response_has_closed() -> None:
    closed = campaign("c", "response", "2026-07-05", end="2026-12-31", status="closed")
    found = duty("2026-12-01", [closed], [JULY])
    assert found.due == Due(day("2027-03-31"), "final")  # 12-31 + 90; no 08-30 periodic due
    assert found.status == "on_time"


def test_a_periodic_date_after_the_end_gives_way_to_the_final_disclosure() -> None:
    ending = campaign("c", "response", "2026-07-05", end="2026-08-20")
    found = duty("2026-08-10", [ending], [JULY])
    # 07-31 + 30 = 08-30 is after the end 08-20: only the final, 08-20 + 90 = 11-18
    assert found.due == Due(day("2026-11-18"), "final")


# --- long fundraising drives: every 90 days ---------------------------------------------

def test_six_months_is_not_longer_than_six_months() -> None:
    def drive(end: str | None) -> dict[str, Any]:
        return dict(campaign("f", "fundraising", "2026-01-01", end=end).data)

    assert not is_long_drive(drive("2026-06-30"))  # 01-01..06-30: exactly six months
    assert is_long_drive(drive("2026-07-01"))  # one day more
    assert is_long_drive(drive(None))  # open-ended
    assert not is_long_drive(dict(RESPONSE.data))
    assert add_months(day("2026-08-31"), 6) == day("2027-02-28")
    assert add_months(day("2027-08-31"), 6) == day("2028-02-29")


@pytest.mark.parametrize(("today", "status"), [
    ("2026-03-17", "on_time"),  # 15 days before 04-01
    ("2026-03-18", "due_soon"),  # 14 days before
    ("2026-04-01", "due_soon"),
    ("2026-04-02", "overdue"),
])
def test_long_drive_organiser_owes_a_disclosure_90_days_after_the_start(
        today: str, status: str) -> None:
    drive = campaign("f", "fundraising", "2026-01-01", organizer=ORG)
    found = duty(today, [drive], [], cid="f")
    assert found.due == Due(day("2026-04-01"), "long_drive")  # 31 + 28 + 31 = 90 days
    assert found.status == status
    assert found.last_period_end is None and found.disclosures == ()


def test_long_drive_next_due_is_90_days_after_the_last_period() -> None:
    drive = campaign("f", "fundraising", "2026-01-01", end="2026-12-31", organizer=ORG)
    q1 = disclosure("q1", "f", "2026-01-01", "2026-03-31", "2026-04-01")
    found = duty("2026-05-01", [drive], [q1], cid="f")
    assert found.disclosures[0].on_time is True  # published on its due date 04-01
    assert found.due == Due(day("2026-06-29"), "long_drive")  # 03-31 + 30 + 31 + 29


def test_a_short_drive_owes_only_its_final_disclosure() -> None:
    drive = campaign("f", "fundraising", "2026-01-01", end="2026-06-30", organizer=ORG)
    found = duty("2026-05-01", [drive], [], cid="f")
    assert found.due == Due(day("2026-09-28"), "final")  # 06-30 + 31 + 31 + 28
    assert found.status == "on_time"


# --- the final disclosure after the end -------------------------------------------------

ENDED = campaign("c", "response", "2026-07-05", end="2026-09-30", status="closed")
TO_MID_SEPT = disclosure("i1", "c", "2026-07-05", "2026-09-15", "2026-09-20")


@pytest.mark.parametrize(("today", "status"), [
    ("2026-12-14", "on_time"), ("2026-12-15", "due_soon"),
    ("2026-12-29", "due_soon"), ("2026-12-30", "overdue")])
def test_final_disclosure_is_due_90_days_after_the_end(today: str, status: str) -> None:
    found = duty(today, [ENDED], [TO_MID_SEPT])
    assert found.due == Due(day("2026-12-29"), "final")  # 09-30 + 31 + 30 + 29
    assert found.status == status


@pytest.mark.parametrize(("published", "on_time"), [("2026-12-29", True), ("2026-12-30", False)])
def test_a_final_covering_the_end_completes_the_duty(published: str, on_time: bool) -> None:
    final = disclosure("f1", "c", "2026-09-16", "2026-09-30", published, kind="final")
    found = duty("2027-01-10", [ENDED], [TO_MID_SEPT, final])
    assert (found.status, found.due, found.final) == ("done", None, "f1")
    # 09-15 + 30 = 10-15 is after the end, so the final's own deadline applied to it
    assert found.disclosures[1].due == Due(day("2026-12-29"), "final")
    assert found.disclosures[1].on_time is on_time


def test_a_final_that_stops_before_the_end_does_not_complete_the_duty() -> None:
    short = disclosure("f1", "c", "2026-09-16", "2026-09-20", "2026-10-01", kind="final")
    found = duty("2027-01-10", [ENDED], [TO_MID_SEPT, short])
    assert found.status == "overdue" and found.due == Due(day("2026-12-29"), "final")


def test_a_correction_of_a_final_covering_the_end_completes_the_duty() -> None:
    short = disclosure("f1", "c", "2026-09-16", "2026-09-20", "2026-10-01", kind="final")
    fixed = disclosure("f1-fix", "c", "2026-09-16", "2026-09-30", "2026-10-05",
                       kind="correction", corrects="f1")
    found = duty("2027-01-10", [ENDED], [TO_MID_SEPT, short, fixed])
    assert (found.status, found.final) == ("done", "f1-fix")


def test_a_correction_of_a_withdrawn_final_still_completes_the_duty() -> None:
    """The chain is followed through versions not in force (relief.money_chain)."""
    withdrawn = disclosure("f1", "c", "2026-09-16", "2026-09-30", "2026-10-01", kind="final",
                           status="withdrawn")
    fixed = disclosure("f1-fix", "c", "2026-09-16", "2026-09-30", "2026-10-05",
                       kind="correction", corrects="f1")
    found = duty("2027-01-10", [ENDED], [TO_MID_SEPT, withdrawn, fixed])
    assert (found.status, found.final) == ("done", "f1-fix")


def test_any_final_ends_the_duty_of_a_campaign_without_an_end() -> None:
    final = disclosure("d-07", "c", "2026-07-05", "2026-07-31", "2026-08-03", kind="final")
    found = duty("2026-12-01", [RESPONSE], [final])
    assert (found.status, found.due, found.days_left) == ("done", None, None)


# --- corrections, withdrawn records, balances, pairs ------------------------------------

def test_corrections_do_not_move_the_clock_and_are_not_rated() -> None:
    fix = disclosure("d-07-fix", "c", "2026-07-05", "2026-08-20", "2026-08-25",
                     kind="correction", corrects="d-07")
    found = duty("2026-08-26", [RESPONSE], [JULY, fix])
    assert found.due == Due(day("2026-08-30"), "emergency")  # still 07-31 + 30
    assert found.disclosures[1].on_time is None and found.disclosures[1].due is None
    org = transparency(dataset("2026-08-26", [RESPONSE], [JULY, fix]), RULES).organizations[0]
    assert (len(org.disclosures), org.rated, org.on_time, org.corrections) == (
        2, 1, 1, ["d-07-fix"])


def test_withdrawn_disclosures_do_not_count() -> None:
    gone = disclosure("d-08", "c", "2026-08-01", "2026-08-31", "2026-09-01", status="withdrawn")
    found = duty("2026-09-02", [RESPONSE], [JULY, gone])
    assert found.due == Due(day("2026-08-30"), "emergency") and found.status == "overdue"
    assert [r.record.id for r in found.disclosures] == ["d-07"]


def test_balance_reconciled_compares_declared_with_computed() -> None:
    wrong = disclosure("d-08", "c", "2026-08-01", "2026-08-31", "2026-08-31",
                       declared_balance=Decimal("0.01"))
    org = transparency(dataset("2026-09-01", [RESPONSE], [JULY, wrong]), RULES).organizations[0]
    assert org.mismatches == ["d-08"]
    assert [r.reconciled for r in org.disclosures] == [True, False]


def test_pairs_are_disclosing_organisations_and_fundraising_organisers() -> None:
    drive = campaign("f", "fundraising", "2026-01-01", organizer="org-b")
    other = disclosure("x", "f", "2026-01-01", "2026-01-31", "2026-02-01", org="org-c")
    report = transparency(dataset("2026-02-01", [RESPONSE, drive], [JULY, other]), RULES)
    assert [(d.organization, d.campaign) for d in report.duties] == [
        ("org-a", "c"), ("org-b", "f"), ("org-c", "f")]
    assert [o.organization for o in report.organizations] == ["org-a", "org-b", "org-c"]
    assert report.for_campaign("f") == list(report.duties[1:])
    assert report.organization("org-z") is None


def test_rules_come_from_the_settings() -> None:
    assert Rules.from_settings(resolve({})) == RULES
    quick = Rules.from_settings(resolve({"DISCLOSURE_EMERGENCY_DAYS": 5}))
    assert duty("2026-08-01", [RESPONSE], [JULY]).due == Due(day("2026-08-30"), "emergency")
    report = transparency(dataset("2026-08-06", [RESPONSE], [JULY]), quick)
    assert report.duties[0].due == Due(day("2026-08-05"), "emergency")  # 07-31 + 5
    assert report.duties[0].status == "overdue"


def test_status_json_is_the_published_shape() -> None:
    report = transparency(dataset("2026-08-31", [RESPONSE], [JULY]), RULES)
    assert status_json(report) == {
        "today": "2026-08-31",
        "rules": {"emergency_days": 30, "long_drive_days": 90, "long_drive_months": 6,
                  "final_days": 90, "due_soon_days": 14},
        "duties": [{
            "organization": "org-a", "campaign": "c", "status": "overdue",
            "next_due": {"date": "2026-08-30", "rule": "emergency"}, "days_left": -1,
            "last_period_end": "2026-07-31", "final_disclosure": None,
        }],
        "organizations": [{
            "organization": "org-a", "disclosures": 1, "rated": 1, "on_time": 1,
            "balance_reconciled": True, "balance_mismatches": [], "corrections": [],
            "ledger": [{
                "disclosure": "d-07", "campaign": "c", "kind": "interim",
                "published": "2026-08-03", "due": {"date": "2026-08-04", "rule": "emergency"},
                "on_time": True, "balance_reconciled": True,
            }],
        }],
    }
