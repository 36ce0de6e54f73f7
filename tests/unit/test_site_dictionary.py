"""The data dictionary page (/data/dictionary/): every field of every schema, walked here
independently of the page's own code, with types, units, requiredness and enum labels."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from relief.labels import LABELS, enum_labels
from relief.opendata.changelog import ChangeLog
from relief.schemas import COLLECTIONS, SCHEMA_DIR
from relief.site import filters
from relief.site.context import SiteContext
from relief.site.page import Page
from relief.site.pages_opendata import dictionary, plan_opendata
from relief.site.settings import resolve
from tests.conftest import ROOT
from tests.unit.test_sample_dataset import sample

DOCUMENTS = {path.name: json.loads(path.read_text(encoding="utf-8"))
             for path in SCHEMA_DIR.glob("*.schema.json")}


def resolve_ref(node: dict[str, Any], document: str) -> tuple[dict[str, Any], str]:
    """Follow ``$ref`` ("defs.schema.json#/$defs/x" or "#/$defs/x"); siblings win."""
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        document = target or document
        resolved: Any = DOCUMENTS[document]
        for part in filter(None, pointer.split("/")):
            resolved = resolved[part]
        node = {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, document


def walk(node: dict[str, Any], document: str,
         base: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, property schema) of every property, nested objects and list items included."""
    node, document = resolve_ref(node, document)
    for name, prop in node.get("properties", {}).items():
        prop, where = resolve_ref(prop, document)
        path = f"{base}.{name}" if base else name
        yield path, prop
        yield from walk(prop, where, path)
        if isinstance(prop.get("items"), dict):
            yield from walk(prop["items"], where, f"{path}[]")


def schema_fields(collection: str) -> dict[str, dict[str, Any]]:
    name = f"{collection}.schema.json"
    return dict(walk(DOCUMENTS[name], name))


@pytest.fixture(scope="module")
def page_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("no-repo")
    site = SiteContext(dataset=sample(), settings=resolve({"DATA_DIR": str(folder)}),
                       changes=ChangeLog(), data_prefix="data")
    pages = [item for item in plan_opendata(site, {"PATH": str(ROOT / "content")})
             if isinstance(item, Page) and item.path == "data/dictionary/index.html"]
    assert len(pages) == 1 and pages[0].in_sitemap and pages[0].url == "/data/dictionary/"
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=ChainableUndefined)
    filters.install(env)
    return env.get_template(pages[0].template).render(
        relief=site, SITEURL="", SITENAME="平台", **pages[0].context)


def section(html: str, collection: str) -> str:
    start = html.index(f'<section class="rl-dictionary" aria-labelledby="{collection}">')
    return html[start:html.index("</section>", start)]


def row(html: str, collection: str, path: str) -> str:
    written = re.escape(path).replace(r"\.", r"\.<wbr>")  # a line may break after a dot
    match = re.search(rf'<tr[^>]*><th scope="row"><code>{written}</code></th>.*?</tr>',
                      section(html, collection), re.S)
    assert match, f"{collection}: no row for {path}"
    return match.group(0)


def raw_cells(row_html: str) -> list[str]:
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)


def cells(row_html: str) -> list[str]:
    """The text of each cell, as a reader sees it."""
    texts = (re.sub(r"<[^>]+>", " ", cell.replace("<wbr>", "")) for cell in raw_cells(row_html))
    return [html.unescape(re.sub(r"\s+", " ", text).strip()) for text in texts]


def test_every_property_of_every_schema_is_on_the_page(page_html: str) -> None:
    for collection in COLLECTIONS:
        fields = schema_fields(collection)
        assert len(fields) > 10
        for path, prop in fields.items():
            found = cells(row(page_html, collection, path))
            assert found[1] == prop["title"], (collection, path)
            assert found[6] == prop["description"], (collection, path)


def test_the_dictionary_holds_exactly_the_schema_fields_plus_the_id() -> None:
    for document in dictionary():
        expected = ["id", *schema_fields(document.name)]
        assert [f.path for f in document.fields] == expected
        assert document.title == DOCUMENTS[f"{document.name}.schema.json"]["title"]


def test_enum_values_show_their_chinese_labels(page_html: str) -> None:
    checked = 0
    for collection in COLLECTIONS:
        for path, prop in schema_fields(collection).items():
            for value in prop.get("enum", []):
                values_cell = raw_cells(row(page_html, collection, path))[5]
                shown = re.search(rf"<code>{re.escape(value)}</code>( ([^<]+))?</li>",
                                  values_cell)
                assert shown, (collection, path, value)
                names = {group[value] for group in LABELS.values() if value in group}
                if collection != "vocab":
                    assert shown.group(2) in names, (collection, path, value, shown.group(2))
                checked += 1
    assert checked > 60
    assert "<li><code>withdrawn</code> 已撤回</li>" in row(page_html, "organizations", "status")
    assert "<li><code>training</code> 培训班</li>" in row(page_html, "bulletins",
                                                        "event.event_kind")
    assert "<li><code>training</code> 培训</li>" in row(page_html, "organizations",
                                                      "activities[].kind")
    assert "<li><code>anonymous</code> 匿名</li>" in row(page_html, "disclosures",
                                                       "receipts[].donor.kind")
    assert "<li><code>goods</code> 物资类别</li>" in row(page_html, "vocab", "vocab")


def test_enum_labels_fall_back_to_the_schema_description() -> None:
    assert enum_labels(["a", "b"], "a (甲) or b (乙).") == {"a": "甲", "b": "乙"}
    assert enum_labels(["open", "withdrawn"], "")["open"] == "待对接"


@pytest.mark.parametrize(("collection", "path", "expected"), [
    ("organizations", "name", ["name", "名称", "文字", "—", "必填"]),
    ("organizations", "short_name", ["short_name", "简称", "文字", "—", "选填"]),
    ("organizations", "status_reason", ["status_reason", "状态说明", "文字", "—", "条件必填"]),
    ("organizations", "charity", ["charity", "认定为慈善组织", "是否", "—", "必填"]),
    ("organizations", "team", ["team", "队伍状况", "字段组", "—", "必填"]),
    ("organizations", "team.members", ["team.members", "队伍人数", "整数", "—", "必填"]),
    ("organizations", "team.response_time_hours",
     ["team.response_time_hours", "响应时间(小时)", "数字", "小时", "选填"]),
    ("organizations", "capabilities", ["capabilities", "专业技能", "列表（文字）", "—", "必填"]),
    ("organizations", "equipment[].quantity",
     ["equipment[].quantity", "数量", "数字", "见 unit 字段", "必填"]),
    ("organizations", "production_capacity[].lead_time_days",
     ["production_capacity[].lead_time_days", "启动时间(天)", "数字", "天", "选填"]),
    ("bulletins", "published", ["published", "发布日期", "日期", "—", "必填"]),
    ("bulletins", "event.starts", ["event.starts", "开始时间", "日期时间", "—", "必填"]),
    ("bulletins", "needs", ["needs", "需求清单", "列表（字段组）", "—", "条件必填"]),
    ("bulletins", "needs[].goods", ["needs[].goods", "物资类别", "文字", "—", "条件必填"]),
    ("disclosures", "receipts[].amount",
     ["receipts[].amount", "金额(元)", "数字", "元", "条件必填"]),
    ("disclosures", "declared.balance", ["declared.balance", "期末结余(元)", "数字", "元", "必填"]),
    ("disclosures", "uses[].items[].quantity",
     ["uses[].items[].quantity", "数量", "数字", "见 unit 字段", "必填"]),
    ("campaigns", "targets.money", ["targets.money", "筹款目标(元)", "数字", "元", "选填"]),
    ("vocab", "entries[].code", ["entries[].code", "区划代码", "文字", "—", "条件必填"]),
])
def test_types_units_and_requiredness(page_html: str, collection: str, path: str,
                                      expected: list[str]) -> None:
    assert cells(row(page_html, collection, path))[:5] == expected


def test_page_structure_is_accessible(page_html: str) -> None:
    main = page_html[page_html.index("<main"):page_html.index("</main>")]
    headings = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))
    assert "style=" not in main and "<script" not in main
    for collection in COLLECTIONS:
        part = section(page_html, collection)
        assert f'<caption id="fields-{collection}"' in part
        assert part.count('<th scope="col">') == 7
        assert part.count('<th scope="row">') == len(schema_fields(collection)) + 1
        assert f'<a href="/data/{collection}.json">' in part
        assert f'<a href="/schemas/{collection}.schema.json">' in part
    assert '<td lang="en">' in main


def test_schema_files_are_what_the_test_walks() -> None:
    assert {f"{name}.schema.json" for name in COLLECTIONS} <= set(DOCUMENTS)
    assert Path(SCHEMA_DIR / "defs.schema.json").is_file()
