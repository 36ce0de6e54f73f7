"""The browser engine (theme/js/search-engine.js), run in Node over a served index with tiny
shards and offset blocks, returns exactly the pages a plain scan finds, ranked title first."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relief.search import index as search_index
from relief.search.index import INDEX_DIR, build_index
from relief.search.text import normalize, query_terms
from tests.e2e.checkers import SiteServer
from tests.unit.engine_node import run_engine

WORDS = ["枞阳县", "义安区", "心理援助", "冲锋舟", "救援队", "水上搜救", "0562-2812345", "4G基站",
         "示例", "郊区", "县城", "阳县", "枞阳", "Team", "应急"]
DISTRICTS = ["枞阳县", "义安区", "郊区"]
QUERIES = ["枞阳县", "枞阳", "阳县", "县", "心理援助", "冲锋舟 枞阳县", '"心理 援助"',
           "0562-2812345", "4g基站", "team", "示例救援队", "不存在", "救援队枞阳县", "援助冲锋",
           "应急 应急"]

SCRIPT = """
import { SearchIndex } from %s;
const [base, cases] = JSON.parse(process.argv[1]);
const out = [];
for (const [query, chosen] of cases) {
  const index = new SearchIndex(base);
  const found = await index.search(query, chosen, ["district"]);
  out.push({pages: found.pages, total: found.total,
            counts: Object.fromEntries(found.counts.district ?? [])});
}
console.log(JSON.stringify(out));
"""


def _site(root: Path, rng: random.Random) -> list[dict[str, Any]]:
    pages = []
    for number in range(40):
        title = rng.choice(WORDS) + rng.choice(WORDS)
        body = "".join(rng.choice(WORDS) + rng.choice(["", "，", " ", "。\\n"])
                       for _ in range(rng.randint(3, 25)))
        district = rng.choice(DISTRICTS)
        info = {"title": title, "type": "资源目录", "date": f"2026-01-{number % 28 + 1:02d}",
                "facets": {"district": [district]}}
        target = root / "p" / str(number) / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(f"<main data-search='{json.dumps(info, ensure_ascii=False)}'>"
                          f"<h1>{title}</h1><p>{body}</p></main>", encoding="utf-8")
        pages.append({"url": f"/p/{number}/", "district": district})
    return pages


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    monkeypatch.setattr(search_index, "OFFSETS_BLOCK", 3)
    monkeypatch.setattr(search_index, "MAX_BLOCKS", 1000)
    monkeypatch.setattr(search_index, "SHARD_BYTES", 64)
    _site(tmp_path, random.Random(7))
    build_index(tmp_path)
    with SiteServer(tmp_path) as server:
        yield f"{server.url}/{INDEX_DIR}/", tmp_path / INDEX_DIR


def test_engine_matches_a_plain_scan(served: tuple[str, Path]) -> None:
    base, index = served
    pages = [json.loads((index / "pages" / f"{n}.json").read_text(encoding="utf-8"))
             for n in range(40)]
    cases = [(query, {}) for query in QUERIES] + [("枞阳县", {"district": ["义安区"]}),
                                                 ("", {"district": ["郊区", "义安区"]})]
    for (query, chosen), got in zip(cases, run_engine(SCRIPT, json.dumps([base, cases])),
                                    strict=True):
        terms = query_terms(query)
        texts = [normalize(p["title"]) + "\n" + normalize(p["text"]) for p in pages]
        textual = [n for n, text in enumerate(texts) if all(t in text for t in terms)]
        allowed = set(chosen.get("district", [])) or set(DISTRICTS)
        expected = [n for n in textual if pages[n]["districts"][0] in allowed]
        assert sorted(got["pages"]) == expected, query
        assert got["total"] == len(expected)
        # Counts: the query with the other filters (here none), per district.
        counts: dict[str, int] = {}
        for n in textual:
            counts[pages[n]["districts"][0]] = counts.get(pages[n]["districts"][0], 0) + 1
        assert got["counts"] == counts, query
        # Ranking: pages with every term in the title come first (one-character terms are
        # listed per page without where they occur, so they do not rank).
        if all(len(t) > 1 for t in terms):
            in_title = [all(t in normalize(pages[n]["title"]) for t in terms)
                        for n in got["pages"]]
            assert in_title == sorted(in_title, reverse=True), query
