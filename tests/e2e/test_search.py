"""Search in headless Chromium over the sample site: complete recall for every place,
capability, goods and organisation name; the search page and the directory filter."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from tests.e2e import checkers
from tests.e2e.browser import Watched, new_context, run_axe

pytestmark = pytest.mark.e2e

VOCAB = checkers.ROOT / "data" / "vocab"
# Runs every query through the module the site ships; returns each query's result URLs.
SEARCH_ALL = """async (queries) => {
  const engine = await import("/static/js/search-engine.js");
  const index = new engine.SearchIndex("/search-index/");
  const out = {};
  for (const query of queries) {
    const found = await index.search(query);
    out[query] = await Promise.all(found.pages.map(async (n) => (await index.page(n)).url));
  }
  return out;
}"""


def _names(path: Path, *keys: str) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for entry in data.get("entries", []) + data.get("groups", []):
        found.append(entry["name"])
        for key in keys:
            found.extend(sub["name"] for sub in entry.get(key, []))
    return found


def vocab_queries() -> list[str]:
    return sorted(set(_names(VOCAB / "divisions.yaml", "towns")
                      + _names(VOCAB / "capabilities.yaml") + _names(VOCAB / "goods.yaml")))


def organization_names() -> list[str]:
    folder = checkers.ROOT / "data" / "organizations"
    return sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["name"]
                  for p in folder.glob("*.yaml"))


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@pytest.fixture(scope="module")
def visible_texts(built_site: Path, server_url: str, browser: Browser) -> dict[str, str]:
    """The visible text (innerText) of the searchable part of every page in the sitemap,
    as Chromium renders it: the ground truth a search must match."""
    context = new_context(browser)
    page = context.new_page()
    texts: dict[str, str] = {}
    try:
        for path in checkers.sitemap_paths(built_site):
            page.goto(server_url + path, wait_until="domcontentloaded")
            text = page.evaluate(
                "() => document.querySelector('[data-search]')?.innerText ?? null")
            if text is not None:
                texts[path] = text
    finally:
        context.close()
    return texts


@pytest.fixture(scope="module")
def search_results(server_url: str, browser: Browser) -> Callable[[list[str]], dict[str, Any]]:
    context = new_context(browser)
    page = context.new_page()
    page.goto(server_url + "/search/", wait_until="load")

    def run(queries: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = page.evaluate(SEARCH_ALL, queries)
        return result

    yield run  # type: ignore[misc]
    context.close()


def test_every_record_and_content_page_is_searchable(visible_texts: dict[str, str]) -> None:
    data = checkers.ROOT / "data"
    expected = {f"/directory/{p.stem}/" for p in (data / "organizations").glob("*.yaml")}
    expected |= {f"/campaigns/{p.stem}/" for p in (data / "campaigns").glob("*.yaml")}
    expected |= {f"/disclosures/{p.stem}/" for p in (data / "disclosures").glob("*.yaml")}
    expected |= {f"/guidelines/{p.stem}/" for p in (data / "guidelines").glob("*.yaml")}
    expected |= {f"/bulletins/{p.stem}/" for p in (data / "bulletins").glob("*.yaml")
                 if yaml.safe_load(p.read_text(encoding="utf-8"))["status"] != "suspended"}
    expected |= {"/about/", "/news/platform-launch/"}
    assert set(visible_texts) == expected


def test_the_page_chrome_holds_none_of_the_queries(server_url: str, page: Page) -> None:
    """Banner, header and footer are the same on every page; a query found there would match
    every page. None is, so the searchable part's text is all that decides."""
    page.goto(server_url + "/about/")
    chrome = page.evaluate("""() => [...document.body.children]
        .filter((e) => e.tagName !== 'MAIN').map((e) => e.innerText).join('\\n')""")
    inside = [q for q in vocab_queries() + organization_names() if _normal(q) in _normal(chrome)]
    assert inside == []


@pytest.mark.parametrize("source", ["vocabulary", "organizations"])
def test_recall_is_complete(source: str, visible_texts: dict[str, str],
                            search_results: Callable[[list[str]], dict[str, Any]]) -> None:
    """Each search returns exactly the pages whose visible text contains the query."""
    queries = vocab_queries() if source == "vocabulary" else organization_names()
    assert len(queries) >= 40  # the sample has 87 vocabulary names and 42 organisations
    found = search_results(queries)
    wrong = []
    for query in queries:
        expected = {path for path, text in visible_texts.items()
                    if _normal(query) in _normal(text)}
        got = found[query]
        if set(got) != expected or len(got) != len(set(got)):
            wrong.append(f"{query}: missing {sorted(expected - set(got))}, "
                         f"extra {sorted(set(got) - expected)}")
    checkers.note(f"search recall over {len(queries)} {source} queries: "
                  f"{len(queries) - len(wrong)} exact")
    assert not wrong, "\n".join(wrong)


def test_an_organization_name_finds_its_own_entry_first(
        search_results: Callable[[list[str]], dict[str, Any]]) -> None:
    folder = checkers.ROOT / "data" / "organizations"
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["name"]: f"/directory/{p.stem}/"
             for p in folder.glob("*.yaml")}
    found = search_results(sorted(names))
    elsewhere = {name: found[name][:3] for name, url in names.items() if found[name][0] != url}
    assert not elsewhere


def test_search_page_query_snippets_and_filters(server_url: str, page: Page) -> None:
    page.goto(server_url + "/search/?q=" + quote("冲锋舟"))
    status = page.locator("[data-search-status]")
    expect(status).to_contain_text("找到")
    total = int(re.search(r"找到 (\d+) 个", status.inner_text()).group(1))  # type: ignore[union-attr]
    assert total >= 2
    first = page.locator(".rl-result").first
    expect(first.locator("mark").first).to_have_text("冲锋舟")
    # A filter combines with the query; its count is the number of results it leaves.
    option = page.locator(".rl-filter__option", has_text="资源目录").first
    count = int(re.search(r"（(\d+)）", option.inner_text()).group(1))  # type: ignore[union-attr]
    option.locator("input").check()
    expect(status).to_contain_text(f"找到 {count} 个")
    assert "type=" in page.url and "q=" in page.url
    for meta in page.locator(".rl-result .rl-card__meta").all_inner_texts():
        assert meta.startswith("资源目录")
    # Reloading the address restores the same search.
    page.reload()
    expect(status).to_contain_text(f"找到 {count} 个")
    expect(page.locator("input[name=type][value=资源目录]")).to_be_checked()


def test_closed_filter_groups_load_when_opened(server_url: str, page: Page) -> None:
    page.goto(server_url + "/search/?q=" + quote("救援"))
    expect(page.locator("[data-search-status]")).to_contain_text("找到")
    skills = page.locator("details.rl-filter[data-key=capability]")
    assert not skills.evaluate("(d) => d.open")
    assert skills.locator("input").count() == 0
    skills.locator("summary").click()
    option = skills.locator(".rl-filter__option", has_text="水上搜救")
    expect(option).to_be_visible()
    count = int(re.search(r"（(\d+)）", option.inner_text()).group(1))  # type: ignore[union-attr]
    option.locator("input").check()
    expect(page.locator("[data-search-status]")).to_contain_text(f"找到 {count} 个")
    assert "capability=" in page.url


def test_browsing_by_filters_alone(server_url: str, page: Page) -> None:
    page.goto(server_url + "/search/?district=" + quote("枞阳县") + "&type=" + quote("资源目录"))
    status = page.locator("[data-search-status]")
    expect(status).to_contain_text("找到")
    districts = page.locator(".rl-result .rl-card__meta").all_inner_texts()
    assert districts and all("枞阳县" in text for text in districts)


def test_a_query_with_no_match_says_so(server_url: str, page: Page) -> None:
    page.goto(server_url + "/search/?q=" + quote("不存在的词语组合"))
    expect(page.locator("[data-search-status]")).to_contain_text("没有找到")
    assert page.locator(".rl-result").count() == 0


def test_a_failed_download_says_so_and_the_next_search_retries(
        server_url: str, page: Page) -> None:
    page.goto(server_url + "/search/")
    expect(page.locator("[data-search-status]")).to_contain_text("输入关键词")
    page.route("**/search-index/shards/**", lambda route: route.abort())
    page.fill("#search-q", "冲锋舟")
    page.press("#search-q", "Enter")
    expect(page.locator("[data-search-status]")).to_contain_text("请再试一次")
    page.unroute("**/search-index/shards/**")
    page.press("#search-q", "Enter")
    expect(page.locator("[data-search-status]")).to_contain_text("找到")


def test_header_box_searches_from_any_page(server_url: str, page: Page) -> None:
    page.goto(server_url + "/")
    page.fill("#site-search", "心理援助")
    page.press("#site-search", "Enter")
    expect(page.locator("[data-search-status]")).to_contain_text("找到")
    expect(page.locator("#search-q")).to_have_value("心理援助")


def test_without_javascript_the_search_page_links_to_every_list(
        server_url: str, browser: Browser, built_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server_url + "/search/")
        expect(page.locator("[data-search-nojs]")).to_be_visible()
        links = page.locator(".rl-browse a").evaluate_all("(a) => a.map((x) => x.pathname)")
        assert "/directory/" in links and "/bulletins/kind/needs/" in links
        missing = [path for path in links if not checkers.url_to_file(built_site, path).exists()]
        assert not missing
    finally:
        context.close()


def test_directory_filter_narrows_the_list(server_url: str, page: Page) -> None:
    page.goto(server_url + "/directory/")
    cards = page.locator("[data-directory-list] > li")
    total = cards.count()
    status = page.locator(".rl-dirfilter + [role=status]")
    expect(status).to_have_text(f"显示 {total} / {total} 个条目。")
    page.select_option("#dir-district", "枞阳县")
    shown = page.locator("[data-directory-list] > li:not([hidden])")
    assert 0 < shown.count() < total
    assert all("枞阳县" in t for t in shown.all_inner_texts())
    page.fill("#dir-text", "救援队")
    assert all("救援队" in t and "枞阳县" in t for t in shown.all_inner_texts())
    expect(status).to_have_text(f"显示 {shown.count()} / {total} 个条目。")


def test_search_page_is_accessible_with_results(
        server_url: str, open_page: Callable[..., Watched]) -> None:
    page = open_page(bypass_csp=True).page  # axe is injected as an inline script
    page.goto(server_url + "/search/?q=" + quote("枞阳县"))
    expect(page.locator(".rl-result").first).to_be_visible()
    assert run_axe(page) == []
