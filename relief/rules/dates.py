"""Date sanity against an injectable "today" (Asia/Shanghai), and start/end order.

Fields that record something that has happened (``published``, ``updated`` and every
``date``: verification, activities, receipts, uses, sources) may not lie in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from relief.problems import Problem
from relief.records import RawRecord, pointer_join
from relief.rules.context import RuleContext
from relief.schemas import is_date, is_local_datetime

_PAST_KEYS = frozenset({"published", "updated", "date"})

# (collection, earlier pointer, later pointer)
_ORDER: tuple[tuple[str, str, str], ...] = (
    ("bulletins", "/published", "/valid_until"),
    ("bulletins", "/event/starts", "/event/ends"),
    ("campaigns", "/start", "/end"),
    ("disclosures", "/period/start", "/period/end"),
    ("disclosures", "/period/start", "/published"),
    ("guidelines", "/published", "/updated"),
)


def _at(data: Any, pointer: str) -> Any:
    for token in pointer.strip("/").split("/"):
        if not isinstance(data, dict):
            return None
        data = data.get(token)
    return data


def _past_dates(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _PAST_KEYS and is_date(item):
                yield pointer_join(pointer, key), item
            elif isinstance(item, dict | list):
                yield from _past_dates(item, pointer_join(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _past_dates(item, pointer_join(pointer, index))


def check_dates(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    for pointer, text in _past_dates(record.data):
        if dt.date.fromisoformat(text) > ctx.today:
            yield record.problem(
                "date.future",
                pointer,
                f"日期 {text} 晚于今天 {ctx.today.isoformat()}",
                f"date {text} is after today {ctx.today.isoformat()}",
                hint="发布、核实、到账等日期不能是将来的日期 | "
                "past events cannot be dated in the future",
            )
    for collection, earlier, later in _ORDER:
        if collection != record.collection:
            continue
        first, second = _at(record.data, earlier), _at(record.data, later)
        valid = all(is_date(v) or is_local_datetime(v) for v in (first, second))
        if valid and str(second) < str(first):
            yield record.problem(
                "date.order",
                later,
                f"{later} ({second}) 早于 {earlier} ({first})",
                f"{later} ({second}) is before {earlier} ({first})",
            )
