"""Fixtures of the end-to-end suite: the sample site built once, served, and a browser.

``RELIEF_E2E_OUTPUT=DIR`` tests a site built beforehand instead of building one (handy while
working on the templates: ``python -m relief build --output DIR`` then
``RELIEF_E2E_OUTPUT=DIR pytest tests/e2e``). The reproducibility and XSS tests build their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e import checkers
from tests.e2e.browser import (
    CHROMIUM_ARGS,
    Recorder,
    Watched,
    chromium_executable,
    new_context,
    watch,
)

PREBUILT_ENV = "RELIEF_E2E_OUTPUT"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if checkers.NOTES:
        terminalreporter.section("end-to-end figures")
        for note in checkers.NOTES:
            terminalreporter.write_line(note)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample dataset built once per session (RELIEF_TODAY fixed)."""
    prebuilt = os.environ.get(PREBUILT_ENV)
    if prebuilt:
        return Path(prebuilt).resolve()
    output = tmp_path_factory.mktemp("sample-site") / "output"
    run = checkers.build_site(checkers.ROOT / "data", output)
    if run.returncode != 0:
        pytest.fail(f"the sample site did not build:\n{run.describe()}", pytrace=False)
    return output


@pytest.fixture(scope="session")
def site(built_site: Path) -> checkers.Site:
    return checkers.Site(built_site)


@pytest.fixture(scope="session")
def server_url(built_site: Path) -> Iterator[str]:
    with checkers.SiteServer(built_site) as server:
        yield server.url


@pytest.fixture(scope="session")
def sample_urls(built_site: Path) -> dict[str, str]:
    """One URL path per page type (the largest page of each type in sitemap.xml), and 404."""
    try:
        paths = checkers.sitemap_paths(built_site)
    except (OSError, ParseError) as error:
        pytest.fail(f"cannot read sitemap.xml of the built site: {error}", pytrace=False)
    chosen = checkers.pick_one_per_type(built_site, paths)
    chosen["404"] = checkers.NOT_FOUND_PAGE
    return chosen


def url_of(sample_urls: dict[str, str], kind: str) -> str:
    if kind not in sample_urls:
        found = ", ".join(sorted(sample_urls))
        pytest.fail(f"sitemap.xml lists no page of type {kind!r} (types found: {found})",
                    pytrace=False)
    return sample_urls[kind]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    executable = chromium_executable()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Watched]]:
    """Factory: a watched page in a new context (``width``, ``height``, ``bypass_csp``)."""
    opened: list[Watched] = []

    def factory(*, width: int = 390, height: int = 844, bypass_csp: bool = False) -> Watched:
        watched = watch(new_context(browser, width=width, height=height, bypass_csp=bypass_csp))
        opened.append(watched)
        return watched

    yield factory
    for watched in opened:
        watched.context.close()


@pytest.fixture
def watched(open_page: Callable[..., Watched]) -> Watched:
    return open_page()


@pytest.fixture
def page(watched: Watched) -> Page:
    """A phone-sized page (390×844): requests outside 127.0.0.1 aborted and recorded."""
    return watched.page


@pytest.fixture
def recorder(watched: Watched) -> Recorder:
    """What ``page`` requested, and its console errors, failures and aborted requests."""
    return watched.recorder
