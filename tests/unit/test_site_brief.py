"""The one-page brief (简报) of each active campaign: situation, open needs, offers, money and
contacts as of today, from the same figures as the campaign page."""

from __future__ import annotations

from relief import derive
from relief.site.page import Page
from relief.site.pages_campaigns import plan_campaigns
from tests.conftest import render_page, sample_site


def test_active_campaigns_have_a_brief_with_their_figures() -> None:
    site = sample_site()
    pages = {p.path: p for p in plan_campaigns(site, {}) if isinstance(p, Page)}
    briefs = sorted(path for path in pages if path.endswith("/brief/index.html"))
    assert briefs == ["campaigns/2026-flood-fundraising/brief/index.html",
                      "campaigns/2026-zongyang-flood/brief/index.html"]  # the two active ones
    brief = pages["campaigns/2026-zongyang-flood/brief/index.html"]
    campaign = site.dataset.get("campaigns", "2026-zongyang-flood")
    assert campaign is not None
    money = derive.money_summary(derive.current_disclosures(site.dataset, campaign.id))
    assert brief.context["money"] == money
    html = render_page(site, brief)
    assert "截至 2026年11月29日" in html
    assert "棉被（4 斤以上，含被套），新品" in html  # an open need
    assert "成人棉衣，尺码 M 至 3XL" in html  # an offer still available
    assert f"{money.received:,.2f} 元" in html
    assert 'href="tel:05625812320"' in html
    situation = brief.context["situation"]
    assert situation is not None and situation.data["kind"] == "situation"
    assert not situation.id.endswith("correction")
