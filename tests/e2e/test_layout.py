"""Pages fit the screen: on a 390 px phone and a 1280 px desktop no element inside <main> is
cut off or scrolls sideways, and during a response the home page's first screen holds the
open needs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e import checkers
from tests.e2e.browser import Watched
from tests.e2e.conftest import url_of

pytestmark = pytest.mark.e2e

VIEWPORTS = ((390, 844), (1280, 900))

# The function to evaluate, without its leading comment (Playwright runs a string that starts
# like a function as one).
OVERFLOWS = "\n".join(line for line in (Path(__file__).parent / "overflows.js").read_text(
    encoding="utf-8").splitlines() if not line.startswith("//"))


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
@pytest.mark.parametrize("kind", [*checkers.PAGE_TYPE_NAMES, "404"])
def test_nothing_is_cut_or_scrolls_sideways(
    kind: str, width: int, height: int, sample_urls: dict[str, str], server_url: str,
    open_page: Callable[..., Watched],
) -> None:
    path = url_of(sample_urls, kind)
    watched = open_page(width=width, height=height)
    watched.page.goto(server_url + path, wait_until="load")
    found = watched.page.evaluate(OVERFLOWS)
    assert found == [], f"{path} at {width} px:\n" + "\n".join(found[:20])


def test_the_first_phone_screen_holds_the_open_needs(
    sample_urls: dict[str, str], server_url: str, open_page: Callable[..., Watched],
) -> None:
    """The sample's today (2026-11-29) is during the Zongyang flood response."""
    watched = open_page(width=390, height=844)
    watched.page.goto(server_url + "/", wait_until="load")
    cards = watched.page.locator(".rl-needcard")
    assert cards.count() >= 1
    heading = watched.page.locator("#home-needs").bounding_box()
    first = cards.first.bounding_box()
    assert heading is not None and first is not None
    bottom = first["y"] + first["height"]
    assert bottom <= 844, f"the first open need ends at {bottom:.0f} px, below the first screen"
    call = cards.first.locator('a[href^="tel:"]')
    assert call.count() == 1 and call.bounding_box() is not None
    assert call.bounding_box()["y"] < 844  # type: ignore[index]


def test_a_campaign_brief_prints_on_one_a4_page(
    sample_urls: dict[str, str], server_url: str, open_page: Callable[..., Watched],
    tmp_path: Path,
) -> None:
    path = url_of(sample_urls, "campaign-brief")
    watched = open_page()
    watched.page.goto(server_url + path, wait_until="load")
    pdf = watched.page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"{path} prints on {pages} A4 pages"
    watched.page.emulate_media(media="print")
    assert not watched.page.locator(".rl-nav").is_visible()  # no navigation on paper
    assert watched.page.locator("#brief-needs").is_visible()
