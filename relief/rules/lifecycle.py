"""Need and offer lines: the status must fit the committed and delivered quantities.

The definitions are in ``relief.lifecycle``. Errors, not warnings: the status decides what the
home page, campaign pages and the needs board count as open and what is offered for matching,
and the page shows it beside the quantities, so "已送达" over "0 / 200" would be published as a
contradiction. No honest record needs one: the fix is always in one of the two fields, and the
hint names the statuses the quantities fit.

Lines whose quantities exceed the quantity are left to ``quantity.*-exceeds``; a delivered
quantity above the committed one is reported here (``quantity.delivered-exceeds-committed``),
and the status is judged only once ``0 ≤ delivered ≤ committed ≤ quantity`` holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from relief import lifecycle
from relief.labels import LABELS
from relief.lifecycle import Condition, Quantities
from relief.problems import Problem
from relief.records import RawRecord, is_number, pointer_join
from relief.rules.context import RuleContext

# The Chinese names of the statuses (relief/labels.py, shared by the rules and the pages).
NEED_LABELS = LABELS["need_status"]
OFFER_LABELS = LABELS["offer_status"]


def _named(statuses: tuple[str, ...], labels: Mapping[str, str]) -> tuple[str, str]:
    if not statuses:
        return "无", "none"
    return ("、".join(f"{s}（{labels[s]}）" for s in statuses), ", ".join(statuses))


def _status_problem(
    record: RawRecord, pointer: str, kind: str, line: Mapping[str, object], amounts: Quantities,
    conditions: Mapping[str, Condition], labels: Mapping[str, str],
) -> Problem:
    status = str(line["status"])
    rule = conditions[status]
    # Withdrawing is a decision, never implied by quantities: it is not suggested.
    fits = tuple(s for s in lifecycle.fitting(conditions, amounts) if s != "withdrawn")
    fits_zh, fits_en = _named(fits, labels)
    if kind == "need":
        noun_zh, noun_en, committed_zh = "需求", "need", "已认领"
        delivered_zh, delivered_en = (f"、已送达 {amounts.delivered}",
                                      f", delivered {amounts.delivered}")
    else:
        noun_zh, noun_en, committed_zh = "供给", "offer", "已对接"
        delivered_zh = delivered_en = ""
    return record.problem(
        "need.status-mismatch" if kind == "need" else "offer.status-mismatch",
        pointer_join(pointer, "status"),
        f"{noun_zh}项 {line.get('id')} 的状态为 {status}（{labels[status]}），要求{rule.zh}；"
        f"但数量 {amounts.quantity}、{committed_zh} {amounts.committed}{delivered_zh}",
        f"{noun_en} item {line.get('id')} has status {status}, which needs {rule.en}; "
        f"but quantity {amounts.quantity}, committed {amounts.committed}{delivered_en}",
        hint=f"与这些数量相符的状态：{fits_zh}；如状态无误，请改正数量 | "
             f"statuses that fit these quantities: {fits_en}; "
             "or correct the quantities if the status is right",
    )


def check_lifecycle(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    if record.collection != "bulletins":
        return
    for list_name, kind, conditions, labels in (
        ("needs", "need", lifecycle.NEED_CONDITIONS, NEED_LABELS),
        ("offers", "offer", lifecycle.OFFER_CONDITIONS, OFFER_LABELS),
    ):
        for index, line in enumerate(record.data.get(list_name, [])):
            pointer = pointer_join(f"/{list_name}", index)
            values = [line.get(name, 0) for name in ("quantity", "committed", "delivered")]
            if not all(map(is_number, values)) or line.get("status") not in conditions:
                continue
            amounts = lifecycle.quantities(line)
            if amounts.committed > amounts.quantity or amounts.delivered > amounts.quantity:
                continue  # quantity.committed-exceeds / quantity.delivered-exceeds
            if amounts.delivered > amounts.committed:
                yield record.problem(
                    "quantity.delivered-exceeds-committed",
                    pointer_join(pointer, "delivered"),
                    f"已送达数量 {amounts.delivered} 超过已认领数量 {amounts.committed}",
                    f"delivered {amounts.delivered} exceeds committed {amounts.committed}",
                    hint="送达的物资都先经认领：已认领数量应包括已送达的部分 | "
                         "what arrived was committed first: committed includes what was delivered",
                )
                continue
            if not conditions[str(line["status"])].test(amounts):
                yield _status_problem(record, pointer, kind, line, amounts, conditions, labels)
