"""Script tags, event handlers, javascript: URLs, SVG and frames in content/ never run.

A news item and a page of ``content/`` carry the payloads in their Markdown body, raw HTML
included, and in their metadata (title, summary); the site is built and each page opened in
Chromium with the CSP switched off, so that the sanitised markup, not the policy, keeps them
inert: no dialog opens, no payload sets ``window.__xss``, and none of the markup is left.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e import checkers
from tests.e2e.browser import Watched

pytestmark = pytest.mark.e2e

BODY = (
    "正文开头。\n\n"
    "<script>window.__xss=1;alert(1)</script>\n\n"
    '<img src=x onerror="window.__xss=1;alert(1)">\n\n'
    "[普通链接](javascript:window.__xss=1) "
    '<a href="JaVaScRiPt:window.__xss=1">大写</a>\n\n'
    '<svg onload="window.__xss=1;alert(1)"><circle r="5"/></svg>\n\n'
    '<iframe src="javascript:window.__xss=1" srcdoc="<script>parent.__xss=1</script>">'
    "</iframe>\n\n"
    '<object data="javascript:window.__xss=1"></object><embed src="x.swf">'
    '<style>body{background:url("javascript:window.__xss=1")}</style>\n\n'
    '<details open ontoggle="window.__xss=1">细节</details>\n\n'
    '<form action="javascript:window.__xss=1"><button>提交</button></form>\n\n'
    "正文结尾。\n"
)
PAGES = {
    "pages/xss-test.md": ("Title: <script>window.__xss=1</script>测试页面\n"
                          'Summary: <img src=x onerror="window.__xss=1">摘要\n\n' + BODY),
    "news/xss-test.md": ("Title: 测试新闻<svg onload=window.__xss=1>\nDate: 2026-03-21\n"
                         'Summary: <img src=x onerror="window.__xss=1">新闻摘要\n\n' + BODY),
}
URLS = ("/xss-test/", "/news/xss-test/", "/news/")
LEFT_OVER = "script:not([src]), [onerror], [onload], [ontoggle], svg, iframe, object, embed, " \
    "style, form, [href^='javascript' i], [src^='javascript' i]"


def test_content_payloads_never_run(tmp_path: Path, open_page: Callable[..., Watched]) -> None:
    content = tmp_path / "content"
    shutil.copytree(checkers.ROOT / "content", content)
    for name, text in PAGES.items():
        (content / name).write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    build = checkers.run_relief("build", "--data", str(checkers.ROOT / "data"),
                                "--output", str(output), "--content", str(content))
    assert build.returncode == 0, f"the site did not build:\n{build.describe()}"

    dialogs: list[str] = []
    problems: list[str] = []
    with checkers.SiteServer(output) as server:
        watched = open_page(width=1280, height=900, bypass_csp=True)
        watched.page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                                  dialog.dismiss()))
        for url in URLS:
            watched.page.goto(server.url + url, wait_until="load")
            main = watched.page.locator("main")
            text = main.inner_text()
            if "正文开头" not in text and url != "/news/":
                problems.append(f"{url}: the page body is not shown")
            if watched.page.evaluate("typeof window.__xss") != "undefined":
                problems.append(f"{url}: a payload ran")
            left = main.evaluate(f"m => [...m.querySelectorAll({LEFT_OVER!r})]"
                                 ".map(e => e.outerHTML.slice(0, 80))")
            problems += [f"{url}: left in the page: {html}" for html in left]
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not problems, "\n".join(problems)
    assert not watched.recorder.outside, watched.recorder.outside
