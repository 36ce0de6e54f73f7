"""The built sample site in headless Chromium: every page type loads cleanly, is accessible,
light, and renders Chinese text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e import checkers
from tests.e2e.browser import (
    Recorder,
    Watched,
    cjk_font_installed,
    measure_weight,
    rendering_fonts,
    renders_cjk,
    run_axe,
)
from tests.e2e.conftest import url_of

pytestmark = pytest.mark.e2e

PAGE_KINDS = [*checkers.PAGE_TYPE_NAMES, "404"]
WEIGHT_BUDGET = 50_000  # bytes on the wire: "at most 50 KB", read strictly as 50,000 bytes
SCREENSHOT_KINDS = ("home", "directory-entry", "campaign", "disclosure")
VIEWPORTS = ((390, 844), (1280, 900))


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_cleanly(
    kind: str, sample_urls: dict[str, str], server_url: str, page: Page, recorder: Recorder
) -> None:
    """Status 200, no console errors, no failed request, nothing asked of another host; the
    page is Chinese, has its skip link first, shows the sample-data banner and fits a phone."""
    path = url_of(sample_urls, kind)
    response = page.goto(server_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    problems = recorder.problems()
    status = response.status if response is not None else None
    assert status == 200, f"{path}: status {status}"
    if page.evaluate("document.documentElement.lang") != "zh-CN":
        problems.append('<html lang="zh-CN"> missing')
    if not page.get_by_text(checkers.SAMPLE_BANNER).first.is_visible():
        problems.append(f"no visible {checkers.SAMPLE_BANNER} banner")
    if page.locator("main#main-content").count() != 1:
        problems.append('no <main id="main-content">')
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
    if focused != "#main-content":
        problems.append(f"the first Tab stop is {focused!r}, not the skip link to #main-content")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"at 390 px wide the page scrolls sideways by {overflow} px")
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_missing_path_gets_the_404_page(server_url: str, page: Page, recorder: Recorder) -> None:
    response = page.goto(server_url + "/no-such-page/", wait_until="load")
    assert response is not None and response.status == 404
    assert checkers.CJK.search(page.inner_text("body")), "the 404 page has no Chinese text"
    assert page.locator("main#main-content").count() == 1
    assert not recorder.problems(allow_status_of=server_url + "/no-such-page/")


def feed_paths(built_site: Path) -> list[str]:
    return sorted("/" + p.relative_to(built_site).as_posix()
                  for p in (built_site / "feeds").glob("*") if p.is_file())


def test_feeds_load(built_site: Path, server_url: str, watched: Watched) -> None:
    """The Atom feeds (all, one per kind) and the iCalendar feed: status 200, well formed."""
    paths = feed_paths(built_site) if (built_site / "feeds").is_dir() else []
    missing = [p for p in checkers.FEEDS if p not in paths]
    assert not missing, f"feeds missing: {missing} (found {paths})"
    assert any(p.startswith("/feeds/bulletins-") and p.endswith(".atom") for p in paths), (
        f"no per-kind Atom feed /feeds/bulletins-<kind>.atom (found {paths})")
    problems = []
    for path in paths:
        response = watched.context.request.get(server_url + path)
        if response.status != 200:
            problems.append(f"{path}: status {response.status}")
            continue
        body = response.body()
        if path.endswith(".atom"):
            problems += [f"{path}: {p}" for p in checkers.atom_problems(body)]
        elif path.endswith(".ics"):
            problems += [f"{path}: {p}" for p in checkers.ics_problems(body)]
    assert not problems, "\n".join(problems)
    checkers.note(f"feeds: {', '.join(paths)}")


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_accessibility_violations(
    kind: str, sample_urls: dict[str, str], server_url: str,
    open_page: Callable[..., Watched],
) -> None:
    """axe-core: zero WCAG 2.0/2.1 A and AA violations (CSP bypassed only to inject axe)."""
    assert checkers.AXE_JS.is_file(), f"{checkers.AXE_JS} missing: run `make e2e-deps`"
    path = url_of(sample_urls, kind)
    watched = open_page(bypass_csp=True)
    watched.page.goto(server_url + path, wait_until="load")
    violations = run_axe(watched.page)
    assert not violations, checkers.format_axe_violations(path, violations)


@pytest.mark.parametrize("kind", ["home", "directory-entry"])
def test_page_weight(
    kind: str, sample_urls: dict[str, str], server_url: str, watched: Watched
) -> None:
    """Everything one load transfers (CDP encodedDataLength, cache off) is at most 50 KB."""
    path = url_of(sample_urls, kind)
    weight = measure_weight(watched, server_url + path)
    checkers.note(f"page weight ({kind}, uncompressed, as served by http.server):\n"
                  + weight.table().replace(server_url, ""))
    # Chromium asks for /favicon.ico by itself when a page names no icon: reported, not failed.
    favicon = [f for f in weight.failed if "/favicon.ico" in f]
    if favicon:
        checkers.note(f"{path}: Chromium asked for /favicon.ico and got none ({favicon[0]})")
    assert not [f for f in weight.failed if f not in favicon], weight.failed
    assert weight.total <= WEIGHT_BUDGET, (
        f"{path} transfers {weight.total:,} bytes, over the {WEIGHT_BUDGET:,} budget:\n"
        + weight.table())


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
@pytest.mark.parametrize("kind", SCREENSHOT_KINDS)
def test_screenshot(
    kind: str, width: int, height: int, sample_urls: dict[str, str], server_url: str,
    open_page: Callable[..., Watched],
) -> None:
    """Full-page screenshots for people to look at, in tests/e2e/screenshots/, with Chinese
    text drawn in a CJK font."""
    path = url_of(sample_urls, kind)
    watched = open_page(width=width, height=height)
    watched.page.goto(server_url + path, wait_until="load")
    checkers.SCREENSHOTS.mkdir(exist_ok=True)
    target = checkers.SCREENSHOTS / f"{kind}-{width}.png"
    watched.page.screenshot(path=str(target), full_page=True)
    assert target.is_file() and target.stat().st_size > 0
    assert checkers.CJK.search(watched.page.inner_text("body")), f"{path} shows no Chinese text"
    fonts = rendering_fonts(watched)
    families = ", ".join(f"{f.get('familyName')} ({f.get('glyphCount')} glyphs)" for f in fonts)
    assert renders_cjk(fonts) or cjk_font_installed(), (
        f"{path}: Chinese text is not drawn in a CJK font (fonts used: {families or 'none'}); "
        "install fonts-noto-cjk (`make e2e-deps`)")
    if width == VIEWPORTS[0][0]:
        checkers.note(f"screenshot {target.relative_to(checkers.ROOT)}: {path}, fonts {families}")
