"""The directory's lists are paged: every entry on exactly one page of each list it belongs to,
the pages linked to each other without JavaScript, no page growing with the directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relief.site.pager import paginate
from tests.conftest import SAMPLE_DATA, build_with_settings

PAGE_SIZE = 4


def test_a_list_is_cut_into_pages_that_know_their_neighbours() -> None:
    pages = list(paginate(list("abcdefghij"), "directory/", 4))
    assert [p.path for p in pages] == ["directory/index.html", "directory/page/2/index.html",
                                       "directory/page/3/index.html"]
    assert [list(p.items) for p in pages] == [list("abcd"), list("efgh"), list("ij")]
    last = pages[-1].pager
    assert (last.first, last.last, last.total, last.count) == (9, 10, 10, 3)
    assert last.previous == "/directory/page/2/" and last.next is None
    assert pages[0].pager.previous is None and pages[0].pager.next == "/directory/page/2/"


def test_an_empty_list_has_one_page_and_a_size_below_one_is_refused() -> None:
    (only,) = paginate([], "directory/kind/foundation/", 10)
    assert only.path == "directory/kind/foundation/index.html"
    assert (only.pager.first, only.pager.last, only.pager.count) == (0, 0, 1)
    with pytest.raises(ValueError, match="at least 1"):
        list(paginate([1], "directory/", 0))


def test_the_pager_links_the_ends_and_the_neighbourhood_with_gaps() -> None:
    pages = list(paginate(list(range(100)), "directory/", 10))
    assert pages[0].pager.window() == [1, 2, 3, None, 10]
    assert pages[5].pager.window() == [1, None, 4, 5, 6, 7, 8, None, 10]
    assert pages[9].pager.window() == [1, None, 8, 9, 10]
    assert list(paginate(list(range(30)), "d/", 10))[1].pager.window() == [1, 2, 3]


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paged")
    run = build_with_settings(folder, f"RELIEF['DIRECTORY_PAGE_SIZE'] = {PAGE_SIZE}\n")
    assert run.returncode == 0, run.stdout + run.stderr
    return folder / "site"


def _walk(output: Path, first: str) -> list[str]:
    """The pages of a list, found by following its rel="next" links from the first."""
    urls, url = [], first
    while url:
        urls.append(url)
        html = (output / url.strip("/") / "index.html").read_text("utf-8")
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = found.group(1) if found else ""
    return urls


def _entries(output: Path, url: str) -> list[str]:
    html = (output / url.strip("/") / "index.html").read_text("utf-8")
    listed = html[html.index("data-directory-list"):html.index("</ul>", html.index(
        "data-directory-list"))]
    return re.findall(r'<a href="/directory/([a-z0-9-]+)/">', listed)


def test_every_entry_is_on_exactly_one_page_of_the_whole_list(paged_site: Path) -> None:
    entries = sorted(path.stem for path in (SAMPLE_DATA / "organizations").glob("*.yaml"))
    urls = _walk(paged_site, "/directory/")
    assert len(urls) == -(-len(entries) // PAGE_SIZE)
    listed = [entry for url in urls for entry in _entries(paged_site, url)]
    assert sorted(listed) == entries
    assert all(len(_entries(paged_site, url)) == PAGE_SIZE for url in urls[:-1])


def test_a_district_list_is_paged_within_its_own_folder(paged_site: Path) -> None:
    counts = {}
    for folder in sorted((paged_site / "directory" / "district").iterdir()):
        first = f"/directory/district/{folder.name}/"
        urls = _walk(paged_site, first)
        assert all(url.startswith(first) for url in urls)
        counts[folder.name] = sum(len(_entries(paged_site, url)) for url in urls)
    assert sum(counts.values()) == len(list((SAMPLE_DATA / "organizations").glob("*.yaml")))
    assert max(counts.values()) > PAGE_SIZE  # the sample has a district that needs paging


def test_a_later_page_says_where_it_is_and_marks_itself(paged_site: Path) -> None:
    html = (paged_site / "directory" / "page" / "2" / "index.html").read_text("utf-8")
    assert "<title>资源目录（第 2 页）" in html
    assert f"本页为第 {PAGE_SIZE + 1}–{2 * PAGE_SIZE} 个" in html
    assert '<strong aria-current="page">第 2 页</strong>' in html
    assert '<a href="/directory/" rel="prev">上一页</a>' in html
