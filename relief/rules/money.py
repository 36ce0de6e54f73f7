"""Disclosure arithmetic, summed exactly in Decimal.

received = sum of money receipts; used = money uses + costs; balance = opening + received -
used. Every sum runs in ``EXACT``, a local decimal context that never rounds: its precision
is the largest the decimal module has, and rounding would raise (``Inexact``, ``Rounded``)
instead of silently changing a total, so a sum is exact whatever its size or number of lines
(the default context keeps 28 digits). Declared totals must equal the lines; used may never
exceed what was available. Every receipt, use and cost is dated inside its disclosure's
period (a pledge may be older). Pledges are never counted. Goods used per category beyond
goods received is a warning, because goods may come from stock received in an earlier
period.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from typing import Any

from relief.problems import Problem, Severity
from relief.records import RawRecord, is_number, pointer_join
from relief.rules.context import RuleContext
from relief.schemas import is_date

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[
    decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact,
    decimal.Rounded,
])


def exact_sum(values: Iterable[Decimal], start: Decimal = Decimal(0)) -> Decimal:
    """``start`` plus the values, exactly (in ``EXACT``)."""
    with localcontext(EXACT):
        total = start
        for value in values:
            total += value
        return total


def _money(lines: Iterable[Any]) -> Decimal:
    return exact_sum(
        line["amount"]
        for line in lines
        if isinstance(line, dict)
        and is_number(line.get("amount"))
        and line.get("form", "money") == "money"
    )


def money_totals(data: dict[str, Any]) -> dict[str, Decimal]:
    """Totals computed from a disclosure's lines (also used by pages and exports)."""
    opening = data.get("opening_balance", Decimal(0))
    received = _money(data.get("receipts", []))
    with localcontext(EXACT):
        used = _money(data.get("uses", [])) + _money(data.get("costs", []))
        available = opening + received
        return {
            "opening": opening,
            "received": received,
            "used": used,
            "available": available,
            "balance": available - used,
            "pledged": _money(data.get("pledges", [])),
        }


def check_money(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    if record.collection != "disclosures":
        return
    totals = money_totals(record.data)
    declared = record.data.get("declared", {})
    for key, computed, zh in (
        ("received_money", totals["received"], "接收资金合计"),
        ("used_money", totals["used"], "使用资金合计"),
    ):
        if declared.get(key) != computed:
            yield record.problem(
                f"money.{key.replace('_money', '')}-mismatch",
                f"/declared/{key}",
                f"申报的{zh} {declared.get(key)} 元与明细合计 {computed} 元不符",
                f"declared {key} {declared.get(key)} differs from the lines' sum {computed}",
                hint="核对各明细金额,合计须完全相等 | totals must equal the lines exactly",
            )
    if totals["used"] > totals["available"]:
        yield record.problem(
            "money.used-exceeds-received",
            "/uses",
            f"使用资金 {totals['used']} 元超过期初结余加本期接收 {totals['available']} 元",
            f"money used {totals['used']} exceeds opening plus received {totals['available']}",
        )
    elif declared.get("balance") != totals["balance"]:
        yield record.problem(
            "money.balance-mismatch",
            "/declared/balance",
            f"期末结余应为 期初 {totals['opening']} + 接收 {totals['received']} − 使用 "
            f"{totals['used']} = {totals['balance']} 元,申报为 {declared.get('balance')} 元",
            f"balance must be {totals['opening']} + {totals['received']} - {totals['used']} = "
            f"{totals['balance']}, declared {declared.get('balance')}",
        )
    yield from _goods_balance(record)
    yield from _lines_in_period(record)


def _lines_in_period(record: RawRecord) -> Iterator[Problem]:
    period = record.data.get("period", {})
    start, end = period.get("start"), period.get("end")
    if not (is_date(start) and is_date(end)) or end < start:
        return  # date.order
    for list_name in ("receipts", "uses", "costs"):
        for index, line in enumerate(record.data.get(list_name, [])):
            date = line.get("date") if isinstance(line, dict) else None
            if is_date(date) and not start <= date <= end:
                yield record.problem(
                    "money.line-outside-period",
                    pointer_join(pointer_join(f"/{list_name}", index), "date"),
                    f"日期 {date} 不在本期 {start} 至 {end} 之内",
                    f"date {date} is outside the period {start}..{end}",
                    hint="每笔到账、使用和成本都记入它发生的那一期 | "
                    "each line belongs to the period it happened in",
                )


def _goods(lines: Iterable[Any]) -> dict[tuple[str, str], Decimal]:
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for line in lines:
        if isinstance(line, dict) and line.get("form") == "goods":
            for item in line.get("items", []):
                totals[(item["goods"], item["unit"])] += item["quantity"]
    return totals


def _goods_balance(record: RawRecord) -> Iterator[Problem]:
    received = _goods(record.data.get("receipts", []))
    for (goods, unit), used in sorted(_goods(record.data.get("uses", [])).items()):
        got = received.get((goods, unit), Decimal(0))
        if used > got:
            yield record.problem(
                "goods.used-exceeds-received",
                "/uses",
                f"物资 {goods} 本期使用 {used}{unit},多于本期接收 {got}{unit}",
                f"goods {goods}: {used} {unit} used, only {got} {unit} received this period",
                severity=Severity.WARNING,
                hint="如使用的是往期库存,请在说明中写明 | "
                "explain stock from earlier periods in notes",
            )
