"""The fulfilment lifecycle of need and offer lines: which status fits which quantities.

A need item moves ``open → partly_committed → committed → in_transit → delivered``; it can be
``withdrawn`` before it is delivered. ``expired`` is not a status anyone writes: it is derived
(``relief.derive.need_state``) for an item still in one of the open statuses once the day after
its bulletin's ``valid_until`` has come; on ``valid_until`` itself the item still stands, and a
delivered or withdrawn item never expires. Open counts (home page, campaign pages, the needs
board) are the items whose derived state is one of ``OPEN_STATUSES``, so expired and withdrawn
items are never counted as open.

With ``q`` the quantity, ``c`` the committed and ``d`` the delivered quantity (absent = 0),
every line must first hold ``0 ≤ d ≤ c ≤ q`` (what arrived had been committed;
``quantity.*-exceeds`` and ``quantity.delivered-exceeds-committed``). Then its status must fit:

==================  =============================  ====================================
need status         quantities                     meaning
==================  =============================  ====================================
open                c = 0                          nobody has committed anything
partly_committed    0 < c < q                      more commitments are needed; what is
                                                   committed may already be on its way
committed           c = q and d < q                fully committed, not all delivered
in_transit          c = q and d < q                fully committed and on its way
delivered           d = q                          everything arrived (so c = q too)
withdrawn           not (d = q > 0)                retired before being met
==================  =============================  ====================================

``committed`` and ``in_transit`` share their quantities (the data records no shipped
quantity): the difference is the publisher's word that shipping has started. An item that is
not fully committed stays ``partly_committed`` even while the committed part travels, so the
board keeps asking for the rest. A need met only in part is closed honestly by lowering
``quantity`` (saying why in ``note``) or by withdrawing it, never by calling it delivered.

Offers: ``available`` c = 0; ``partly_committed`` 0 < c < q; ``committed`` c = q;
``withdrawn`` not (c = q > 0). ``expired`` is derived likewise (``relief.derive.offer_state``).

Statuses are checked against quantities by ``relief.rules.lifecycle``. Git keeps the history,
so the validator cannot see a transition; ``transition`` states the allowed ones for tools
and tests: any status may follow a non-final one (a single edit can record several steps, and
commitments can fall through), while ``delivered`` and ``withdrawn`` are final (a renewed need
is a new item).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Number = Decimal | int

NEED_STATUSES = ("open", "partly_committed", "committed", "in_transit", "delivered", "withdrawn")
OPEN_STATUSES = ("open", "partly_committed", "committed", "in_transit")  # derive.OPEN_NEED_STATES
FINAL_STATUSES = ("delivered", "withdrawn")
NEED_STATES = (*NEED_STATUSES, "expired")  # what pages show: the statuses and the derived one
OFFER_STATUSES = ("available", "partly_committed", "committed", "withdrawn")

NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset() if status in FINAL_STATUSES else frozenset(NEED_STATUSES) - {status}
    for status in NEED_STATUSES
}


@dataclass(frozen=True)
class Quantities:
    quantity: Number
    committed: Number = 0
    delivered: Number = 0

    @property
    def ordered(self) -> bool:
        """0 ≤ delivered ≤ committed ≤ quantity: the status can be judged."""
        return 0 <= self.delivered <= self.committed <= self.quantity


@dataclass(frozen=True)
class Condition:
    test: Callable[[Quantities], bool]
    zh: str  # what the status requires, in words
    en: str


# Committed and in transit ask the same of the quantities; only the coordinators' word differs.
_NEED_FULLY_COMMITTED = Condition(
    lambda q: q.committed == q.quantity and q.delivered < q.quantity,
    "已认领数量等于需求数量，且尚未全部送达", "committed = quantity and delivered < quantity")

NEED_CONDITIONS: dict[str, Condition] = {
    "open": Condition(lambda q: q.committed == 0, "已认领数量为 0", "committed = 0"),
    "partly_committed": Condition(
        lambda q: 0 < q.committed < q.quantity,
        "已认领数量大于 0 且小于需求数量", "0 < committed < quantity"),
    "committed": _NEED_FULLY_COMMITTED,
    "in_transit": _NEED_FULLY_COMMITTED,
    "delivered": Condition(
        lambda q: q.delivered == q.quantity, "已送达数量等于需求数量", "delivered = quantity"),
    "withdrawn": Condition(
        lambda q: not (q.delivered == q.quantity > 0),
        "尚未全部送达（已全部送达的应为 delivered）", "not everything delivered"),
}

OFFER_CONDITIONS: dict[str, Condition] = {
    "available": Condition(lambda q: q.committed == 0, "已对接数量为 0", "committed = 0"),
    "partly_committed": Condition(
        lambda q: 0 < q.committed < q.quantity,
        "已对接数量大于 0 且小于可供数量", "0 < committed < quantity"),
    "committed": Condition(
        lambda q: q.committed == q.quantity, "已对接数量等于可供数量", "committed = quantity"),
    "withdrawn": Condition(
        lambda q: not (q.committed == q.quantity > 0),
        "尚未全部对接（已全部对接的应为 committed）", "not everything committed"),
}


class LifecycleError(ValueError):
    """A transition that is not allowed, or quantities that do not fit the new status."""


def quantities(line: Mapping[str, Any]) -> Quantities:
    """A need or offer line's quantities; an absent committed or delivered counts as 0."""
    return Quantities(line["quantity"], line.get("committed", 0), line.get("delivered", 0))


def fitting(conditions: Mapping[str, Condition], amounts: Quantities) -> tuple[str, ...]:
    """The statuses whose condition these (ordered) quantities meet, in lifecycle order."""
    return tuple(status for status, rule in conditions.items() if rule.test(amounts))


def need_status_fits(status: str, amounts: Quantities) -> bool:
    return NEED_CONDITIONS[status].test(amounts)


def offer_status_fits(status: str, amounts: Quantities) -> bool:
    return OFFER_CONDITIONS[status].test(amounts)


def is_open(state: str) -> bool:
    """Counted as open (home page, campaign pages, the board's first section)."""
    return state in OPEN_STATUSES


def transition(
    item: Mapping[str, Any], status: str, *,
    committed: Number | None = None, delivered: Number | None = None,
) -> dict[str, Any]:
    """The need item after moving to ``status`` with the given quantities (others kept).

    Raises LifecycleError when the move is not allowed from the item's status or the
    quantities do not fit the new status.
    """
    current = str(item["status"])
    if status not in NEED_TRANSITIONS.get(current, frozenset()):
        raise LifecycleError(f"{current} → {status} is not allowed")
    moved = dict(item, status=status)
    if committed is not None:
        moved["committed"] = committed
    if delivered is not None:
        moved["delivered"] = delivered
    amounts = quantities(moved)
    if not amounts.ordered:
        raise LifecycleError(f"quantities out of order: {amounts}")
    if not need_status_fits(status, amounts):
        raise LifecycleError(f"{status} needs {NEED_CONDITIONS[status].en}: {amounts}")
    return moved
