"""Money chains across disclosures: each period of each organisation × campaign counted once.

The chains of corrections and the effective disclosure of each period are defined in
``relief.money_chain``; this dataset-level rule reports what breaks them, over the
disclosures that passed their schema:

- ``money.correction-cycle``: corrections that correct each other in a circle;
- ``money.correction-conflict``: two versions in force for one period (two corrections of
  the same disclosure, directly or through withdrawn versions), reported on every one but
  the first published;
- ``money.period-overlap``: two effective periods of one organisation × campaign that share
  a day;
- ``money.opening-mismatch``: an opening balance other than the previous period's declared
  closing balance (the first period opens at 0, or at its documented ``carried_over``);
- ``money.carried-over-not-first``: a carried-over amount on a period that has a previous one;
- ``money.receipt-number-duplicate``: a receipt number twice among one organisation's
  effective disclosures (a correction replaces its versions, so it may repeat theirs);
  numbers are compared in NFKC form without spaces or case (``ＡＢ-００１`` is ``ab-001``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from relief.money_chain import corrected_id, resolve
from relief.problems import Problem
from relief.records import RawRecord, is_number, pointer_join

_CORRECTS = "/corrects/disclosure"


def check_money_chains(records: Iterable[RawRecord]) -> Iterator[Problem]:
    by_id = {r.record_id: r for r in records if r.collection == "disclosures"}
    chains = resolve({record_id: r.data for record_id, r in by_id.items()})
    for cycle in chains.cycles:
        shown = " → ".join((*cycle, cycle[0]))
        for record_id in cycle:
            yield by_id[record_id].problem(
                "money.correction-cycle",
                _CORRECTS,
                f"更正关系形成循环:{shown}",
                f"corrections run in a circle: {shown}",
                hint="更正只能指向它所替代的较早公开 | "
                "a correction names the earlier disclosure it replaces",
            )
    for heads in chains.conflicts:
        first, *others = sorted((by_id[h] for h in heads), key=_published_order)
        for record in others:
            yield record.problem(
                "money.correction-conflict",
                _CORRECTS if corrected_id(record.data) else "",
                f"同一期间已有有效公开 {first.record_id};每一期只能有一份有效公开",
                f"the period already has the disclosure {first.record_id} in force; one "
                "disclosure per period counts",
                hint=f"如需再次更正,请更正 {first.record_id},或撤回其中一份 | "
                f"to correct again, correct {first.record_id}, or withdraw one",
            )
    effective = sorted((by_id[i] for i in chains.effective), key=_period_order)
    periods: dict[tuple[Any, Any], list[RawRecord]] = defaultdict(list)
    by_org: dict[Any, list[RawRecord]] = defaultdict(list)
    for record in effective:
        start, end = _period(record)
        if start <= end:  # else date.order: a period that is no period follows nothing
            periods[(record.data.get("organization"), record.data.get("campaign"))].append(record)
        by_org[record.data.get("organization")].append(record)
    for series in periods.values():
        yield from _series(series)
    for series in by_org.values():
        yield from _receipt_numbers(series)


def _published_order(record: RawRecord) -> tuple[str, str]:
    return (str(record.data.get("published")), record.record_id)


def _period(record: RawRecord) -> tuple[str, str]:
    period = record.data.get("period")
    period = period if isinstance(period, dict) else {}
    return (str(period.get("start")), str(period.get("end")))


def _period_order(record: RawRecord) -> tuple[str, str, str, str]:
    return (*_period(record), *_published_order(record))


def _series(series: list[RawRecord]) -> Iterator[Problem]:
    """One organisation × campaign's effective disclosures, in period order."""
    latest: RawRecord | None = None  # the period ending last so far
    previous: RawRecord | None = None
    for record in series:
        start, end = _period(record)
        carried = record.data.get("carried_over")
        if latest is not None and start <= _period(latest)[1]:
            other_start, other_end = _period(latest)
            yield record.problem(
                "money.period-overlap",
                "/period/start",
                f"期间 {start} 至 {end} 与公开 {latest.record_id} 的期间 {other_start} 至 "
                f"{other_end} 重叠",
                f"period {start}..{end} overlaps {latest.record_id} ({other_start}..{other_end})",
                hint="同一单位同一行动的各期公开前后衔接、互不重叠;改正已公开的一期请用更正 | "
                "periods follow one another; to fix a published period, correct it",
            )
        elif previous is not None and carried is not None:
            yield record.problem(
                "money.carried-over-not-first",
                "/carried_over",
                f"只有第一期公开可以填写结转金额;本期之前已有公开 {previous.record_id}",
                f"only the first period may state a carried-over amount; {previous.record_id} "
                "comes before",
                hint="期初结余即上一期的期末结余 | the opening is the previous closing balance",
            )
        else:
            yield from _opening(record, previous, carried)
        if latest is None or end > _period(latest)[1]:
            latest = record
        previous = record


def _opening(record: RawRecord, previous: RawRecord | None, carried: Any) -> Iterator[Problem]:
    opening = record.data.get("opening_balance")
    if previous is not None:
        declared = previous.data.get("declared")
        expected = declared.get("balance") if isinstance(declared, dict) else None
        zh = f"上一期公开 {previous.record_id} 的期末结余"
        en = f"the closing balance of {previous.record_id}"
    elif isinstance(carried, dict):
        expected, zh, en = carried.get("amount"), "carried_over 写明的结转金额", "carried_over"
    else:
        expected, zh, en = Decimal(0), "第一期从 0 开始", "the first period opens at 0"
    if is_number(opening) and is_number(expected) and opening != expected:
        yield record.problem(
            "money.opening-mismatch",
            "/opening_balance",
            f"期初结余 {opening} 元应为 {expected} 元({zh})",
            f"opening balance {opening} must be {expected} ({en})",
            hint="期初结余即上一期的期末结余;第一期从 0 开始,承接平台外的结余请填写 "
            "carried_over(金额和来源) | the first period opens at 0 unless carried_over "
            "states the amount and its source",
        )


def _receipt_numbers(series: list[RawRecord]) -> Iterator[Problem]:
    """One organisation's effective disclosures: every receipt number once."""
    seen: dict[str, str] = {}
    for record in series:
        receipts = record.data.get("receipts")
        for index, line in enumerate(receipts if isinstance(receipts, list) else []):
            number = line.get("receipt_number") if isinstance(line, dict) else None
            if not isinstance(number, str):
                continue
            key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number)).casefold()
            pointer = pointer_join(pointer_join(pointer_join("", "receipts"), index),
                                   "receipt_number")
            if key in seen:
                yield record.problem(
                    "money.receipt-number-duplicate",
                    pointer,
                    f"捐赠票据号 {number} 已在 {seen[key]} 中出现;一张票据只计一次",
                    f"receipt number {number} already appears in {seen[key]}; a receipt "
                    "counts once",
                    hint="同一笔捐赠不要在两期公开中重复列出;改正已公开的一期请用更正 | "
                    "list a donation once; to fix a published period, correct it",
                )
            else:
                seen[key] = f"{record.record_id} {pointer}"
