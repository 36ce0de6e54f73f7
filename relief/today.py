"""The one "today" every date-dependent rule and page uses."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from relief.usage import UsageError

TODAY_ENV = "RELIEF_TODAY"
TIMEZONE = ZoneInfo("Asia/Shanghai")


class TodayError(UsageError):
    """RELIEF_TODAY is set but is not a date."""


def resolve_today(env: dict[str, str] | None = None) -> dt.date:
    """``RELIEF_TODAY`` (YYYY-MM-DD) when set, else the current date in Asia/Shanghai."""
    value = (env if env is not None else dict(os.environ)).get(TODAY_ENV, "").strip()
    if not value:
        return dt.datetime.now(TIMEZONE).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise TodayError(
            f"{TODAY_ENV}={value!r} 不是 YYYY-MM-DD 格式的日期 | is not a YYYY-MM-DD date"
        ) from exc
