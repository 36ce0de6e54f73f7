"""The home page: during an emergency response the open needs come first; in quiet times the
directory and the guidelines do. Decided by the data and today."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from relief import derive
from relief.site.page import Page
from relief.site.pages_core import plan_core
from tests.conftest import SAMPLE_DATA, TODAY, render_page, sample_site


def _home(today: date = TODAY, data: Path = SAMPLE_DATA) -> tuple[Page, str]:
    site = sample_site(today, data)
    home = next(page for page in plan_core(site, {}) if page.path == "index.html")
    return home, render_page(site, home)


def _sections(html: str) -> list[str]:
    return re.findall(r'<section[^>]* aria-labelledby="home-([a-z]+)"', html)


def test_during_a_response_the_needs_open_the_page() -> None:
    home, html = _home(TODAY)  # 2026-11-29: the Zongyang flood response is active
    assert [r.id for r in home.context["responses"]] == ["2026-zongyang-flood"]
    assert _sections(html)[:3] == ["response", "needs", "help"]
    assert html.index('aria-labelledby="home-needs"') < html.index('aria-label="我能做什么"') \
        < html.index('aria-labelledby="home-campaigns"')
    first = home.context["open_needs"][0]["item"]
    assert first["urgency"] == "high"
    needs = html[html.index('id="home-needs"'):html.index('id="home-help"')]
    assert "棉被（4 斤以上，含被套），新品" in needs and "2026年12月15日前" in needs
    assert '<a class="rl-tel" href="tel:05625812320">0562-5812320</a>' in needs


def test_in_quiet_times_the_directory_and_guidelines_come_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    flood = data / "campaigns" / "2026-zongyang-flood.yaml"
    flood.write_text(flood.read_text("utf-8").replace(
        "campaign_status: active", "end: 2026-11-28\ncampaign_status: closed"), "utf-8")
    home, html = _home(TODAY, data)  # the response ended yesterday
    assert home.context["responses"] == []
    assert _sections(html)[:2] == ["directory", "guidelines"]
    assert "应急响应进行中" not in html
    assert html.count("<h1") == 1


def test_the_most_urgent_and_soonest_needs_come_first() -> None:
    def entry(urgency: str, needed_by: str, state: str = "open") -> dict[str, Any]:
        item = {"id": f"{urgency}-{needed_by}", "urgency": urgency, "needed_by": needed_by}
        return {"bulletin": "b", "state": state, "item": item}

    ordered = derive.open_needs_first([
        entry("low", "2026-12-01"), entry("high", "2026-12-20"), entry("medium", "2026-12-02"),
        entry("high", "2026-12-03"), entry("high", "2026-12-01", state="delivered")])
    assert [e["item"]["id"] for e in ordered] == [
        "high-2026-12-03", "high-2026-12-20", "medium-2026-12-02", "low-2026-12-01"]
