"""Script tags, event handlers and javascript: URLs in the data never become executable.

One record of each collection (the one with the most text) gets payloads in every string
field that still validates, Markdown fields included; the site is built from that data and
every page is checked on disk and then in Chromium with the CSP switched off, so that the
markup itself, not the policy, is what keeps the payload inert.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pytest

from tests.e2e import checkers
from tests.e2e.browser import Watched

pytestmark = pytest.mark.e2e

URL_PREFIX = {"organizations": "directory"}


def test_no_executable_payload(tmp_path: Path, open_page: Callable[..., Watched]) -> None:
    data = tmp_path / "data"
    shutil.copytree(checkers.ROOT / "data", data)
    injections, run = checkers.inject_payloads(data)
    assert run.returncode == 0, f"the dataset with payloads does not validate:\n{run.describe()}"
    for injection in injections:
        carrying = injection.carrying()
        assert carrying, f"{injection.file}: no field takes a payload"
        checkers.note(f"XSS: {injection.collection}/{injection.record_id}: payloads in "
                      f"{len(carrying)} of {len(injection.originals)} string fields "
                      f"({', '.join(carrying[:6])}{', ...' if len(carrying) > 6 else ''})")

    output = tmp_path / "output"
    build = checkers.build_site(data, output)
    assert build.returncode == 0, f"the site did not build:\n{build.describe()}"

    site = checkers.Site(output)
    problems: list[str] = []
    affected: list[str] = []
    for relative, page in site.pages.items():
        text = (output / relative).read_text(encoding="utf-8")
        problems += [f"{relative}: unescaped {hit!r}" for hit in checkers.raw_payload_hits(text)]
        problems += [f"{relative}: {problem}" for problem in checkers.unsafe_markup(page)]
        if checkers.XSS_MARKER in text:
            affected.append(relative)
    for feed in sorted(output.rglob("*.atom")):
        relative = feed.relative_to(output).as_posix()
        try:
            fragments = checkers.feed_html_fragments(feed.read_bytes())
        except ParseError as error:
            problems.append(f"{relative}: not well-formed XML: {error}")
            continue
        for fragment in fragments:
            problems += [f"{relative} (entry HTML): {p}"
                         for p in checkers.unsafe_markup(checkers.parse_html(fragment))]

    ran = []
    with checkers.SiteServer(output) as server:
        watched = open_page(width=1280, height=900, bypass_csp=True)
        for relative in affected:
            url = server.url + checkers.file_to_url(output, output / relative)
            watched.page.goto(url, wait_until="load")
            if watched.page.evaluate("typeof window.__xss") != "undefined":
                ran.append(relative)
    problems = [f"{relative}: a payload ran in Chromium" for relative in ran] + problems
    assert not problems, f"{len(problems)} executable payloads:\n" + "\n".join(problems[:100])

    record_pages = [f"{URL_PREFIX.get(i.collection, i.collection)}/{i.record_id}/index.html"
                    for i in injections]
    unshown = [page for page in record_pages if page not in affected]
    assert not unshown, f"these record pages show none of the payload text: {unshown}"
    checkers.note(f"XSS: payload text (inert) on {len(affected)} pages")
