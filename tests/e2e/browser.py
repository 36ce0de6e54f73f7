"""Browser helpers: Debian's Chromium through Playwright, every request watched.

Never downloads a browser: Chromium is the system one (``chromium`` on PATH), started with the
flags this machine needs (no sandbox as root, no background networking to Google's hosts).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, Route

from tests.e2e.checkers import AXE_JS, AXE_TAGS, LOCAL_HOST

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "Run `make e2e-deps` (as root it installs Debian's chromium and fonts-noto-cjk; by hand: "
    "apt-get update && apt-get install -y chromium fonts-noto-cjk)."
)
CJK_FONT_FAMILY = re.compile(r"CJK|Hei|Song|Kai|Ming|WenQuanYi|Droid Sans Fallback|PingFang|YaHei",
                             re.IGNORECASE)


def must_fail_when_missing() -> bool:
    """In CI, or as root where apt-get could install it, a missing browser is a failure."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return bool(os.environ.get("CI")) or (as_root and shutil.which("apt-get") is not None)


def chromium_executable() -> str:
    path = shutil.which("chromium")
    if path:
        return path
    message = f"Debian's chromium is not installed (no `chromium` on PATH). {INSTALL_HINT}"
    if must_fail_when_missing():
        pytest.fail(message, pytrace=False)
    pytest.skip(f"browser tests skipped: {message}")


def cjk_font_installed() -> bool:
    """fontconfig knows a Noto Sans CJK face (what fonts-noto-cjk installs)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "noto sans cjk" in listed.lower()


@dataclass
class Recorder:
    """What a page did: every request, and everything that went wrong."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # requests to any host but 127.0.0.1
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)  # status >= 400

    def problems(self, *, allow_status_of: str | None = None) -> list[str]:
        """Everything that went wrong; ``allow_status_of``: a URL whose error status (and
        Chromium's console line about it) is expected, as for the 404 page."""
        def expected(text: str) -> bool:
            return allow_status_of is not None and text.endswith(f" {allow_status_of}")

        bad = [r for r in self.bad_responses if not expected(r)]
        console = [c for c in self.console_errors
                   if not (expected(c) and "Failed to load resource" in c)]
        return (
            [f"request outside {LOCAL_HOST} (aborted): {url}" for url in self.outside]
            + [f"console error: {text}" for text in console]
            + [f"uncaught error: {text}" for text in self.page_errors]
            + [f"failed request: {text}" for text in self.failed]
            + [f"error response: {text}" for text in bad]
        )


@dataclass
class Watched:
    context: BrowserContext
    page: Page
    recorder: Recorder


def watch(context: BrowserContext) -> Watched:
    """A new page in ``context`` whose requests to other hosts are aborted and recorded."""
    recorder = Recorder()

    def route(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname != LOCAL_HOST:
            recorder.outside.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def on_response(response: Response) -> None:
        if response.status >= 400:
            recorder.bad_responses.append(f"{response.status} {response.url}")

    def on_failed(request: Request) -> None:
        if urlsplit(request.url).hostname == LOCAL_HOST:  # outside ones are recorded above
            recorder.failed.append(f"{request.url}: {request.failure}")

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.on("console", lambda message: recorder.console_errors.append(
        f"{message.text} at {message.location.get('url', '')}") if message.type == "error"
        else None)
    page.on("pageerror", lambda error: recorder.page_errors.append(str(error)))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    return Watched(context, page, recorder)


def new_context(browser: Browser, *, width: int = 390, height: int = 844,
                bypass_csp: bool = False) -> BrowserContext:
    return browser.new_context(
        viewport={"width": width, "height": height},
        bypass_csp=bypass_csp,
        service_workers="block",
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the loaded page (needs CSP bypassed)."""
    page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        list(AXE_TAGS),
    )
    return list(result["violations"])


@dataclass
class Weight:
    url: str
    total: int
    responses: list[tuple[str, int]]  # (url, encodedDataLength)
    failed: list[str]

    def table(self) -> str:
        rows = [f"  {size:>8,} B  {url}" for url, size in self.responses]
        return "\n".join([f"{self.url}: {self.total:,} B in {len(self.responses)} responses",
                          *rows])


def measure_weight(watched: Watched, url: str) -> Weight:
    """Bytes on the wire for one page load, from CDP Network events, with the cache off."""
    cdp = watched.context.new_cdp_session(watched.page)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    failed: list[str] = []

    cdp.on("Network.requestWillBeSent",
           lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    cdp.on("Network.loadingFailed",
           lambda e: failed.append(f"{urls.get(e['requestId'], '?')}: {e.get('errorText')}"))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    watched.page.goto(url, wait_until="load")
    watched.page.wait_for_load_state("networkidle")
    cdp.detach()
    responses = sorted(((urls.get(rid, rid), size) for rid, size in sizes.items()),
                       key=lambda item: -item[1])
    return Weight(url, sum(size for _, size in responses), responses, failed)


def rendering_fonts(watched: Watched) -> list[dict[str, Any]]:
    """The platform fonts Chromium used for the first Chinese text in ``<main>`` (or body)."""
    found = watched.page.evaluate(
        r"""() => {
            const root = document.querySelector('main') || document.body;
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (/[\u4e00-\u9fff]/.test(node.data) && node.parentElement.offsetParent) {
                    node.parentElement.setAttribute('data-cjk-probe', '');
                    return true;
                }
            }
            return false;
        }"""
    )
    if not found:
        return []
    cdp = watched.context.new_cdp_session(watched.page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument", {"depth": 0})
        node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"],
                                              "selector": "[data-cjk-probe]"})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
        return list(fonts["fonts"])
    finally:
        cdp.detach()


def renders_cjk(fonts: list[dict[str, Any]]) -> bool:
    return any(CJK_FONT_FAMILY.search(str(font.get("familyName", ""))) and font.get("glyphCount")
               for font in fonts)
