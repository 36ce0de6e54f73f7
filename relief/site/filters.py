"""Jinja filters and globals for record pages: money, quantities, dates, labels, Markdown."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from jinja2 import Environment
from markupsafe import Markup

from relief.labels import label
from relief.site.markup import render_markdown
from relief.site.phones import tel_link, tel_links


def yuan(value: Decimal | int) -> str:
    """1234567.5 -> "1,234,567.50 元": always two decimals, thousands separated."""
    return f"{Decimal(value):,.2f} 元"


def quantity(value: Decimal | int) -> str:
    """Quantities as written: 12, 1.5 (no forced decimals)."""
    return f"{value:,}" if isinstance(value, int) else f"{value:,f}"


def zh_date(value: str) -> str:
    """"2026-07-08" -> "2026年7月8日"; a local time "2026-07-08T09:30" keeps its time."""
    if "T" in value:
        moment = dt.datetime.fromisoformat(value)
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    day = dt.date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def percent(part: Decimal | int, whole: Decimal | int) -> int:
    """Whole percent of ``part`` in ``whole``, capped to 0..100 (for bars); 0 if no whole."""
    if not whole:
        return 0
    share = Decimal(part) * 100 / Decimal(whole)
    return max(0, min(100, int(share)))


def markdown(text: str) -> Markup:
    return render_markdown(text)


_ATTRIBUTE_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "'": "\\u0027"})


def attribute_json(value: object) -> Markup:
    """JSON for a single-quoted HTML attribute: Chinese kept as is (a third of the bytes of
    ``tojson``'s escapes); ``< > & '`` escaped, so no value can end the attribute."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(_ATTRIBUTE_SAFE))


# Filters every template needs, record pages and Pelican's content/ pages alike.
COMMON_FILTERS = {"attribute_json": attribute_json, "tel_link": tel_link}


def install(env: Environment) -> None:
    env.filters.update({
        "yuan": yuan, "quantity": quantity, "zh_date": zh_date, "markdown": markdown,
        "tel_links": tel_links,
        **COMMON_FILTERS,
    })
    env.globals.update({"label": label, "percent": percent})
