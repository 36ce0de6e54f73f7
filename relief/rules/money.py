"""Disclosure arithmetic, summed exactly in Decimal.

received = sum of money receipts; used = money uses + costs; balance = opening + received -
used. Declared totals must equal the lines; used may never exceed what was available.
Pledges are never counted. Goods used per category beyond goods received is a warning,
because goods may come from stock received in an earlier period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from relief.problems import Problem, Severity
from relief.records import RawRecord, is_number
from relief.rules.context import RuleContext


def _money(lines: Iterable[Any]) -> Decimal:
    return sum(
        (
            line["amount"]
            for line in lines
            if isinstance(line, dict)
            and is_number(line.get("amount"))
            and line.get("form", "money") == "money"
        ),
        Decimal(0),
    )


def money_totals(data: dict[str, Any]) -> dict[str, Decimal]:
    """Totals computed from a disclosure's lines (also used by pages and exports)."""
    received = _money(data.get("receipts", []))
    used = _money(data.get("uses", [])) + _money(data.get("costs", []))
    opening = data.get("opening_balance", Decimal(0))
    return {
        "opening": opening,
        "received": received,
        "used": used,
        "balance": opening + received - used,
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
    if totals["used"] > totals["opening"] + totals["received"]:
        yield record.problem(
            "money.used-exceeds-received",
            "/uses",
            f"使用资金 {totals['used']} 元超过期初结余加本期接收 "
            f"{totals['opening'] + totals['received']} 元",
            f"money used {totals['used']} exceeds opening plus received "
            f"{totals['opening'] + totals['received']}",
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
