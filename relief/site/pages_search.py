"""The search page. Its results come from the index (relief.search) in the browser; the page
itself links to every pre-rendered list, for browsing without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from relief.labels import LABELS
from relief.site.context import SiteContext
from relief.site.page import Page


def plan_search(site: SiteContext, context: dict[str, Any]) -> Iterator[Page]:
    yield Page("search/index.html", "search.html", {
        "title": "搜索",
        "districts": site.dataset.vocab.districts,
        "bulletin_kinds": LABELS["bulletin_kind"],
    })
