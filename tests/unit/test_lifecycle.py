"""The fulfilment lifecycle: every transition, the status/quantity rule, expiry and open counts.

Expected values are worked out by hand from the definitions in relief/lifecycle.py: with
quantity q, committed c and delivered d, open c = 0; partly_committed 0 < c < q; committed
and in_transit c = q, d < q; delivered d = q; withdrawn not (d = q > 0).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from relief import derive, lifecycle
from relief.dataset import load_dataset
from relief.labels import LABELS
from relief.lifecycle import LifecycleError, Quantities, transition
from relief.model import build_model
from relief.opendata.changelog import ChangeLog
from relief.records import Positions, RawRecord
from relief.rules.context import RuleContext
from relief.rules.lifecycle import check_lifecycle
from relief.site.context import SiteContext
from relief.site.pages_bulletins import needs_board
from relief.site.pages_campaigns import campaign_context
from relief.site.pages_core import _home
from relief.site.settings import resolve
from relief.validate import validate_dataset
from relief.vocab import Vocabulary
from tests.conftest import ROOT, SAMPLE_DATA, TODAY, copy_base

VALID_UNTIL = "2026-08-31"
BULLETIN = {"valid_until": VALID_UNTIL}
ITEM = {"id": "tents", "goods": "tent", "description": "帐篷", "quantity": 200, "unit": "顶",
        "district": "枞阳县", "needed_by": "2026-07-10", "urgency": "high", "status": "open"}


@cache
def vocab() -> Vocabulary:
    return validate_dataset(load_dataset(SAMPLE_DATA), TODAY).vocab


def problems(needs: list[dict[str, Any]] | None = None,
             offers: list[dict[str, Any]] | None = None) -> list[tuple[str, str]]:
    """(pointer, code) of what the lifecycle rule reports on a bulletin with these lines."""
    data: dict[str, Any] = {"kind": "needs" if needs else "offers"}
    if needs:
        data["needs"] = needs
    if offers:
        data["offers"] = offers
    record = RawRecord("bulletins", "t", "data/bulletins/t.yaml", data, Positions())
    context = RuleContext(vocab=vocab(), today=TODAY)
    return [(p.pointer, p.code) for p in check_lifecycle(record, context)]


def need(status: str, committed: int | None = None, delivered: int | None = None,
         quantity: int = 200) -> dict[str, Any]:
    item = dict(ITEM, status=status, quantity=quantity)
    if committed is not None:
        item["committed"] = committed
    if delivered is not None:
        item["delivered"] = delivered
    return item


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------- the statuses themselves


def test_statuses_agree_with_schema_labels_and_derive() -> None:
    schema = json.loads((ROOT / "schemas" / "bulletins.schema.json").read_text("utf-8"))
    need_enum = schema["properties"]["needs"]["items"]["properties"]["status"]["enum"]
    offer_enum = schema["properties"]["offers"]["items"]["properties"]["status"]["enum"]
    assert tuple(need_enum) == lifecycle.NEED_STATUSES
    assert tuple(offer_enum) == lifecycle.OFFER_STATUSES
    assert derive.OPEN_NEED_STATES == lifecycle.OPEN_STATUSES
    assert tuple(LABELS["need_status"]) == lifecycle.NEED_STATES
    assert set(lifecycle.NEED_CONDITIONS) == set(lifecycle.NEED_STATUSES)
    assert set(lifecycle.OFFER_CONDITIONS) == set(lifecycle.OFFER_STATUSES)


@pytest.mark.parametrize(("committed", "delivered", "fits"), [
    (0, 0, ("open", "withdrawn")),
    (80, 0, ("partly_committed", "withdrawn")),
    (80, 30, ("partly_committed", "withdrawn")),  # the committed part may already arrive
    (200, 0, ("committed", "in_transit", "withdrawn")),
    (200, 150, ("committed", "in_transit", "withdrawn")),
    (200, 199, ("committed", "in_transit", "withdrawn")),
    (200, 200, ("delivered",)),  # all arrived: no longer withdrawable
])
def test_need_statuses_that_fit_quantities(committed: int, delivered: int,
                                           fits: tuple[str, ...]) -> None:
    amounts = Quantities(200, committed, delivered)
    assert amounts.ordered
    assert lifecycle.fitting(lifecycle.NEED_CONDITIONS, amounts) == fits


@pytest.mark.parametrize(("committed", "fits"), [
    (0, ("available", "withdrawn")),
    (1, ("partly_committed", "withdrawn")),
    (399, ("partly_committed", "withdrawn")),
    (400, ("committed",)),
])
def test_offer_statuses_that_fit_quantities(committed: int, fits: tuple[str, ...]) -> None:
    assert lifecycle.fitting(lifecycle.OFFER_CONDITIONS, Quantities(400, committed)) == fits


def test_absent_quantities_count_as_zero() -> None:
    assert lifecycle.quantities({"quantity": 5}) == Quantities(5, 0, 0)
    assert problems([need("open")]) == []
    assert problems([need("delivered")]) == [("/needs/0/status", "need.status-mismatch")]


# ---------------------------------------------------------------- every transition


FORWARD = [  # (status, committed, delivered): the whole way, one step at a time
    ("open", 0, 0),
    ("partly_committed", 80, 0),
    ("committed", 200, 0),
    ("in_transit", 200, 50),
    ("delivered", 200, 200),
]


def walk() -> Iterator[tuple[dict[str, Any], str, int, int]]:
    item = need("open", 0, 0)
    yield item, "open", 0, 0
    for status, committed, delivered in FORWARD[1:]:
        item = transition(item, status, committed=committed, delivered=delivered)
        yield item, status, committed, delivered


def test_forward_transitions_each_valid_and_counted() -> None:
    seen = []
    for item, status, committed, delivered in walk():
        assert (item["status"], item["committed"], item["delivered"]) == (
            status, committed, delivered)
        assert problems([item]) == [], status
        # before valid_until: the state is the status; open until delivered
        assert derive.need_state(item, BULLETIN, day("2026-07-20")) == status
        seen.append((status, lifecycle.is_open(status)))
    assert seen == [("open", True), ("partly_committed", True), ("committed", True),
                    ("in_transit", True), ("delivered", False)]


@pytest.mark.parametrize(("status", "committed", "delivered"), [
    ("partly_committed", 200, 0),  # fully committed is committed
    ("partly_committed", 0, 0),  # nothing committed is open
    ("committed", 80, 0),
    ("committed", 200, 200),  # everything arrived is delivered
    ("in_transit", 80, 80),  # partly committed, even if the committed part travels
    ("in_transit", 0, 0),
    ("delivered", 200, 150),
    ("open", 80, 0),
    ("withdrawn", 200, 200),
])
def test_a_status_that_does_not_fit_is_reported(status: str, committed: int,
                                                delivered: int) -> None:
    assert problems([need(status, committed, delivered)]) == [
        ("/needs/0/status", "need.status-mismatch")]
    if status != "open":  # the transition refuses the same combination
        with pytest.raises(LifecycleError):
            transition(need("open", 0, 0), status, committed=committed, delivered=delivered)


@pytest.mark.parametrize("start", ["open", "partly_committed", "committed", "in_transit"])
def test_withdrawn_from_each_open_status(start: str) -> None:
    item = next(i for i, status, _, _ in walk() if status == start)
    withdrawn = transition(item, "withdrawn")
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["committed"] == item["committed"]  # what happened stays on record
    assert problems([withdrawn]) == []
    for today in ("2026-07-20", VALID_UNTIL, "2026-09-01", "2030-01-01"):
        assert derive.need_state(withdrawn, BULLETIN, day(today)) == "withdrawn"
    assert not lifecycle.is_open("withdrawn")


def test_final_statuses_allow_no_transition() -> None:
    delivered = list(walk())[-1][0]
    for status in lifecycle.NEED_STATUSES:
        with pytest.raises(LifecycleError):
            transition(delivered, status)
    withdrawn = transition(need("open", 0, 0), "withdrawn")
    for status in lifecycle.NEED_STATUSES:
        with pytest.raises(LifecycleError):
            transition(withdrawn, status)


def test_commitments_can_fall_through() -> None:
    committed = transition(need("partly_committed", 80), "committed", committed=200)
    back = transition(committed, "partly_committed", committed=120)
    assert (back["status"], back["committed"]) == ("partly_committed", 120)
    assert transition(back, "open", committed=0)["status"] == "open"


def test_quantities_out_of_order_are_refused() -> None:
    with pytest.raises(LifecycleError):
        transition(need("open"), "partly_committed", committed=50, delivered=60)


# ---------------------------------------------------------------- expiry


@pytest.mark.parametrize("status", ["open", "partly_committed", "committed", "in_transit"])
def test_open_statuses_expire_the_day_after_valid_until(status: str) -> None:
    item = need(status)
    assert derive.need_state(item, BULLETIN, day("2026-08-30")) == status
    assert derive.need_state(item, BULLETIN, day(VALID_UNTIL)) == status  # still stands
    assert derive.need_state(item, BULLETIN, day("2026-09-01")) == "expired"
    assert derive.need_state(item, BULLETIN, day("2027-09-01")) == "expired"
    assert not lifecycle.is_open("expired")


def test_delivered_items_never_expire() -> None:
    item = need("delivered", 200, 200)
    for today in (VALID_UNTIL, "2026-09-01", "2040-12-31"):
        assert derive.need_state(item, BULLETIN, day(today)) == "delivered"


# ---------------------------------------------------------------- offers and the rule's edges


@pytest.mark.parametrize(("status", "committed", "ok"), [
    ("available", 0, True), ("available", 1, False),
    ("partly_committed", 1, True), ("partly_committed", 0, False),
    ("partly_committed", 4, False),
    ("committed", 4, True), ("committed", 3, False),
    ("withdrawn", 0, True), ("withdrawn", 3, True), ("withdrawn", 4, False),
])
def test_offer_status_against_committed(status: str, committed: int, ok: bool) -> None:
    offer = {"id": "boats", "quantity": 4, "status": status, "committed": committed}
    expected = [] if ok else [("/offers/0/status", "offer.status-mismatch")]
    assert problems(offers=[offer]) == expected


def test_delivered_beyond_committed_is_its_own_problem() -> None:
    assert problems([need("partly_committed", 100, 150)]) == [
        ("/needs/0/delivered", "quantity.delivered-exceeds-committed")]


def test_quantities_beyond_the_quantity_are_left_to_the_quantity_rule() -> None:
    assert problems([need("partly_committed", 250, 0)]) == []
    assert problems([need("delivered", 200, 250)]) == []


def test_every_sample_line_fits_its_status() -> None:
    """The sample stays valid: no line needed fixing (checked line by line, not just 0 errors)."""
    lines = 0
    for record in load_dataset(SAMPLE_DATA).records["bulletins"]:
        for name, conditions in (("needs", lifecycle.NEED_CONDITIONS),
                                 ("offers", lifecycle.OFFER_CONDITIONS)):
            for line in record.data.get(name, []):
                amounts = lifecycle.quantities(line)
                assert amounts.ordered, (record.record_id, line["id"])
                assert conditions[line["status"]].test(amounts), (record.record_id, line["id"])
                lines += 1
    assert lines == 14 + 19  # need items of four bulletins (4, 4, 2, 4), offer lines of ten


# ---------------------------------------------------------------- open counts on the pages

SIX = """title: 测试六项需求
kind: needs
published: 2026-11-01
valid_until: 2026-11-29
issuer:
  name: 测试民政局
campaign: test-flood
summary: 每种状态一项
needs:
"""


def six_items(data: Path) -> None:
    """A second needs bulletin in the base: one item in each status, valid until 11-29."""
    lines = [SIX]
    for status, committed, delivered in [*FORWARD, ("withdrawn", 80, 0)]:
        lines.append(
            f"  - id: {status.replace('_', '-')}\n    goods: tent\n    description: 帐篷\n"
            f"    quantity: 200\n    unit: 顶\n    district: 枞阳县\n    needed_by: 2026-11-20\n"
            f"    urgency: high\n    status: {status}\n    committed: {committed}\n"
            f"    delivered: {delivered}\n")
    lines.append("review_status: reviewed\nstatus: active\nsources:\n  - title: 测试来源\n")
    (data / "bulletins" / "test-six.yaml").write_text("".join(lines), encoding="utf-8")


def counts_on(data: Path, today: str) -> dict[str, Any]:
    dataset = build_model(validate_dataset(load_dataset(data), day(today)), day(today))
    site = SiteContext(dataset=dataset, settings=resolve({}), changes=ChangeLog(),
                       data_prefix="data")
    home = _home(site, dataset.collection("organizations"))
    campaign = dataset.get("campaigns", "test-flood")
    assert campaign is not None
    needs = campaign_context(dataset, campaign)["needs"]
    board = needs_board(dataset)
    return {
        "states": dict(derive.need_counts(derive.need_items(dataset))),
        "home": sorted(n["item"]["id"] for n in home.context["open_needs"]),
        "campaign": (needs["total"], needs["open"], needs["met"], dict(needs["by_state"])),
        "board_open": sorted(e["item"]["id"] for e in board["sections"][0]["items"]),
    }


def test_open_counts_on_home_campaign_and_board(tmp_path: Path) -> None:
    data = copy_base(tmp_path)
    six_items(data)
    # The base's own item (tents, partly committed) expired on 2026-09-01, before both days.
    on_valid_until = counts_on(data, "2026-11-29")
    assert on_valid_until["states"] == {
        "open": 1, "partly_committed": 1, "committed": 1, "in_transit": 1, "delivered": 1,
        "withdrawn": 1, "expired": 1}
    open_ids = ["committed", "in-transit", "open", "partly-committed"]
    assert on_valid_until["home"] == open_ids
    assert on_valid_until["board_open"] == open_ids
    assert on_valid_until["campaign"] == (7, 4, 1, {
        "open": 1, "partly_committed": 1, "committed": 1, "in_transit": 1, "delivered": 1,
        "withdrawn": 1, "expired": 1})

    day_after = counts_on(data, "2026-11-30")
    assert day_after["states"] == {"delivered": 1, "withdrawn": 1, "expired": 5}
    assert day_after["home"] == [] and day_after["board_open"] == []
    assert day_after["campaign"] == (7, 0, 1, {"delivered": 1, "withdrawn": 1, "expired": 5})
