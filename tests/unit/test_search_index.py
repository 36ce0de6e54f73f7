"""The search index files (relief.search.index), read back with a decoder of the format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from relief.search import index as search_index
from relief.search.index import INDEX_DIR, SearchIndexError, build_index, fnv1a
from relief.search.text import TITLE_SPAN


def _write(root: Path, path: str, info: dict[str, object] | None, body: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    marker = f" data-search='{json.dumps(info, ensure_ascii=False)}'" if info else ""
    target.write_text(f"<!DOCTYPE html><html><body><nav>导航</nav><main{marker}>{body}</main>"
                      "</body></html>", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    _write(tmp_path, "directory/a/index.html",
           {"title": "枞阳县救援队", "type": "资源目录", "date": "2026-01-02",
            "facets": {"district": ["枞阳县"], "capability": ["水上搜救", "心理援助"]}},
           "<h1>枞阳县救援队</h1><p>冲锋舟 5 艘</p>")
    _write(tmp_path, "directory/b/index.html",
           {"title": "义安区志愿队", "type": "资源目录", "date": "2026-03-04",
            "facets": {"district": ["义安区"], "capability": ["心理援助"]}},
           "<h1>义安区志愿队</h1><p>枞阳 县城</p>")
    _write(tmp_path, "bulletins/x/index.html",
           {"title": "枞阳县灾情", "type": "信息发布", "date": "2026-07-01",
            "facets": {"district": ["枞阳县"]}}, "<p>枞阳县发生洪涝</p>")
    _write(tmp_path, "about/index.html", {"title": "关于", "type": "平台介绍", "date": None},
           "<p>关于本平台</p>")
    _write(tmp_path, "directory/index.html", None, "<p>枞阳县 列表页不进索引</p>")
    return tmp_path


class Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def next(self) -> int:
        value = shift = 0
        while True:
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7


def _shard(index: Path, token: str) -> tuple[int, dict[str, bytes]]:
    """The number of the shard holding a token, and that shard's page lists in token order."""
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    number = fnv1a(token) % manifest["shards"]
    shard = (index / "shards" / f"{number}.bin").read_bytes()
    reader = Reader(shard)
    entries = []
    for _ in range(reader.next()):
        length = reader.next()
        name = shard[reader.at:reader.at + length].decode("utf-8")
        reader.at += length
        entries.append((name, reader.next()))
    lists, at = {}, reader.at
    for name, length in entries:
        lists[name] = shard[at:at + length]
        at += length
    assert at == len(shard)
    return number, lists


def _token(index: Path, token: str) -> bytes | None:
    return _shard(index, token)[1].get(token)


def _page_list(data: bytes) -> list[tuple[int, int]]:
    reader, pages, page = Reader(data), [], 0
    for _ in range(reader.next()):
        page += reader.next()
        pages.append((page, reader.next()))
    return pages


def _gram(index: Path, gram: str) -> dict[int, tuple[int, bool, list[int]]]:
    """page -> (occurrences, in title, offsets), offsets read as the browser reads them:
    skipping the grams before it in the shard's order, by the counts of their page lists."""
    number, lists = _shard(index, gram)
    assert gram in lists, gram
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    size = manifest["offsets_block"]
    result = {}
    for page, value in _page_list(lists[gram]):
        block = page // size
        reader = Reader((index / "offsets" / f"{number}-{block}.bin").read_bytes())
        for token, data in lists.items():
            for other, count in _page_list(data) if len(token) > 1 else []:
                if other // size != block or (token == gram and other == page):
                    continue
                if token == gram and other > page:
                    break
                for _ in range(count >> 1):
                    reader.next()
            if token == gram:
                break
        at, offset = [], 0
        for _ in range(value >> 1):
            offset += reader.next()
            at.append(offset)
        result[page] = (value >> 1, bool(value & 1), at)
    return result


def _urls(index: Path) -> list[str]:
    pages = sorted((index / "pages").glob("*.json"), key=lambda p: int(p.stem))
    return [json.loads(p.read_text(encoding="utf-8"))["url"] for p in pages]


def test_pages_in_result_order_and_list_pages_left_out(site: Path) -> None:
    stats = build_index(site)
    index = site / INDEX_DIR
    assert _urls(index) == ["/directory/b/", "/directory/a/", "/bulletins/x/", "/about/"]
    assert stats.pages == 4
    page = json.loads((index / "pages" / "1.json").read_text(encoding="utf-8"))
    assert page == {"url": "/directory/a/", "title": "枞阳县救援队", "type": "资源目录",
                    "date": "2026-01-02", "districts": ["枞阳县"],
                    "text": "枞阳县救援队\n冲锋舟 5 艘"}


def test_grams_carry_pages_counts_title_and_offsets(site: Path) -> None:
    build_index(site)
    index = site / INDEX_DIR
    # Page 1 (a): in the title at 0 and in the body (its h1) at the title span; page 0 (b)
    # after its h1 ("义安区志愿队" and a line break: 7 characters).
    assert _gram(index, "枞阳") == {0: (1, False, [TITLE_SPAN + 7]),
                                   1: (2, True, [0, TITLE_SPAN]),
                                   2: (2, True, [0, TITLE_SPAN])}
    assert _gram(index, "枞阳县") == {1: (2, True, [0, TITLE_SPAN]),
                                     2: (2, True, [0, TITLE_SPAN])}
    assert _token(index, "县城") is not None
    assert _token(index, "列表") is None  # the list page is not indexed


def test_offsets_split_in_blocks_read_the_same(site: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(site)
    whole = {gram: _gram(site / INDEX_DIR, gram) for gram in ("枞阳", "枞阳县", "救援", "县城")}
    monkeypatch.setattr(search_index, "OFFSETS_BLOCK", 1)
    monkeypatch.setattr(search_index, "MAX_BLOCKS", 1000)
    monkeypatch.setattr(search_index, "SHARD_BYTES", 8)
    build_index(site)
    assert len(list((site / INDEX_DIR / "offsets").glob("*-3.bin"))) > 0
    assert {gram: _gram(site / INDEX_DIR, gram) for gram in whole} == whole


def test_single_characters_list_pages(site: Path) -> None:
    build_index(site)
    found = _token(site / INDEX_DIR, "5")
    assert found is not None
    reader = Reader(found)
    assert [reader.next() for _ in range(2)] == [1, 1]  # one page: page 1


def test_filters_one_file_each_in_manifest_order(site: Path) -> None:
    build_index(site)
    index = site / INDEX_DIR
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    facets = {f["key"]: (f["values"], f["counts"]) for f in manifest["facets"]}
    assert facets == {"type": (["资源目录", "信息发布", "平台介绍"], [2, 1, 1]),
                      "district": (["义安区", "枞阳县"], [1, 2]),
                      "capability": (["心理援助", "水上搜救"], [2, 1])}
    members = {}
    for facet in manifest["facets"]:
        reader = Reader((index / "filters" / f"{facet['key']}.bin").read_bytes())
        for value in facet["values"]:
            count, page, pages = reader.next(), 0, []
            for _ in range(count):
                page += reader.next()
                pages.append(page)
            members[(facet["key"], value)] = pages
        assert reader.at == len(reader.data)
    assert members[("district", "枞阳县")] == [1, 2]
    assert members[("capability", "心理援助")] == [0, 1]
    assert members[("type", "平台介绍")] == [3]


def test_the_index_is_replaced_and_reproducible(site: Path) -> None:
    build_index(site)
    index = site / INDEX_DIR
    stale = index / "shards" / "999.bin"
    stale.write_bytes(b"old")
    first = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    build_index(site)
    second = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    assert stale.relative_to(index) not in second
    del first[stale.relative_to(index)]
    assert first == second


@pytest.mark.parametrize(("info", "message"), [
    ({"title": "x", "type": "资源目录", "facets": {"colour": ["红"]}}, "unknown filter"),
    ({"title": "x", "type": "杂项"}, "unknown page type"),
])
def test_a_template_bug_names_the_page(site: Path, info: dict[str, object],
                                       message: str) -> None:
    _write(site, "broken/index.html", info, "<p>x</p>")
    with pytest.raises(SearchIndexError, match=f"broken/index.html: {message}"):
        build_index(site)


def test_block_size_grows_to_keep_few_blocks_per_shard() -> None:
    assert search_index.block_size(100) == search_index.OFFSETS_BLOCK
    assert search_index.block_size(10_002) == search_index.OFFSETS_BLOCK  # 3 blocks
    assert search_index.block_size(50_002) == 12_501  # 4 blocks


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_an_index_built_by_several_workers_equals_one_built_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Enough pages for gaps of more than one byte, several offsets blocks and many slices;
    # some tokens on every page, some on few, so slices meet inside page lists and blocks.
    monkeypatch.setattr(search_index, "OFFSETS_BLOCK", 60)
    towns = ("钟鸣镇", "顺安镇", "大通镇", "老洲乡", "汤沟镇")
    for number in range(700):
        rare = "罕见冲锋舟" if number % 211 == 0 else ""
        _write(tmp_path / "site", f"directory/e{number:03d}/index.html",
               {"title": f"队伍{number}", "type": "资源目录",
                "date": f"2026-01-{number % 28 + 1:02d}",
                "facets": {"district": ["枞阳县" if number % 3 else "义安区"]}},
               f"<p>{towns[number % 5]} 队伍{number} {rare} " + "救援 " * (number % 7) + "</p>")
    one, several = tmp_path / "one", tmp_path / "several"
    for target in (one, several):
        shutil.copytree(tmp_path / "site", target)
    build_index(one, workers=1)
    build_index(several, workers=3)
    assert _files(several / INDEX_DIR) == _files(one / INDEX_DIR)
    assert len(list((one / INDEX_DIR / "offsets").glob("*"))) > 4  # several blocks were written


def test_pages_the_build_already_read_are_not_read_again(site: Path) -> None:
    read = search_index.page_of("directory/a/index.html",
                                (site / "directory/a/index.html").read_text(encoding="utf-8"))
    (site / "directory/a/index.html").write_text("no longer a page", encoding="utf-8")
    build_index(site, known={"directory/a/index.html": read})
    assert _urls(site / INDEX_DIR)[1] == "/directory/a/"
