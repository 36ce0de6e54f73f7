"""Guidelines by phase, news, data downloads and the sitemap, checked against the sample."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pelican import signals

from relief.build import build
from relief.model import Record
from relief.opendata.changelog import ChangeLog
from relief.opendata.datapackage import DataFile
from relief.schemas import SCHEMA_DIR
from relief.site.context import SiteContext
from relief.site.page import File, Page
from relief.site.pages_guidelines import downloads_page, group_guidelines, plan_guidelines
from relief.site.settings import resolve
from relief.site.sitemap import NAMESPACE, render_sitemap
from tests.conftest import SAMPLE_DATA
from tests.unit.test_sample_dataset import sample

LOC = f"{{{NAMESPACE}}}loc"


def sample_site(**settings: Any) -> SiteContext:
    return SiteContext(dataset=sample(), settings=resolve(settings), changes=ChangeLog(),
                       data_prefix="data")


def test_guidelines_are_grouped_by_phase_in_cycle_order_then_by_topic() -> None:
    groups = group_guidelines(sample().collection("guidelines"))
    assert [(g.kind, g.key, g.label) for g in groups] == [
        ("phase", "routine", "常态减灾"),
        ("phase", "emergency", "紧急救援"),
        ("phase", "transition", "过渡安置"),
        ("phase", "recovery", "恢复重建"),
        ("topic", "disclosure", "信息公开"),
        ("topic", "conduct", "行为规范"),
    ]  # no sample guideline has the topic coordination: empty groups are left out
    assert [[r.id for r in g.guidelines] for g in groups] == [
        ["guideline-routine"], ["guideline-emergency"], ["guideline-transition"],
        ["guideline-recovery"], ["guideline-disclosure"], ["guideline-conduct"],
    ]
    assert groups[4].anchor == "topic-disclosure"


def _guideline(record_id: str, **data: Any) -> Record:
    return Record("guidelines", record_id, f"guidelines/{record_id}.yaml", data)


def test_within_a_group_order_comes_first_then_id_and_unordered_last() -> None:
    records = [
        _guideline("b-late", phase="emergency"),
        _guideline("z-first", phase="emergency", order=1),
        _guideline("a-late", phase="emergency"),
        _guideline("c-second", phase="emergency", order=2),
        _guideline("a-second", phase="emergency", order=2),
        _guideline("coord", topic="coordination", order=0),
        _guideline("routine", phase="routine", order=9),
    ]
    groups = group_guidelines(records)
    assert [g.key for g in groups] == ["routine", "emergency", "coordination"]
    assert [r.id for r in groups[1].guidelines] == [
        "z-first", "a-second", "c-second", "a-late", "b-late"]


def test_plan_writes_list_entries_news_downloads_and_every_schema() -> None:
    items = list(plan_guidelines(sample_site(), {"articles": []}))
    pages = {i.path: i for i in items if isinstance(i, Page)}
    files = {i.path: i for i in items if isinstance(i, File)}
    assert set(pages) == {
        "guidelines/index.html", "news/index.html",
        *(f"guidelines/guideline-{k}/index.html" for k in (
            "routine", "emergency", "transition", "recovery", "disclosure", "conduct")),
    }
    entry = pages["guidelines/guideline-conduct/index.html"]
    assert entry.context["record"].id == "guideline-conduct"
    assert entry.context["group"].label == "行为规范"
    assert set(files) == {f"schemas/{p.name}" for p in SCHEMA_DIR.glob("*.schema.json")}
    assert "schemas/defs.schema.json" in files
    defs = files["schemas/defs.schema.json"].content
    assert defs == (SCHEMA_DIR / "defs.schema.json").read_bytes()


def test_downloads_page_groups_the_manifest_with_sizes_and_checksums() -> None:
    files = [
        DataFile("csv/vocab.csv", "csv", "vocab", "词表", "词表：每条记录一行。",
                 bytes=2048, sha256="ab" * 32, rows=4),
        DataFile("datapackage.json", "package", "", "数据包描述", "入口。", bytes=900,
                 sha256="cd" * 32),
        DataFile("SHA256SUMS", "checksums", "", "SHA-256 校验值", "校验值。"),
    ]
    page = downloads_page(sample_site(), files)
    assert page.path == "data/index.html" and page.url == "/data/"
    groups = page.context["groups"]
    assert [g["key"] for g in groups] == ["package", "csv", "checksums"]
    row = groups[1]["files"][0]
    assert (row["url"], row["count"], row["size"]) == ("/data/csv/vocab.csv", "4 行", "2.0 千字节")
    assert row["sha256_short"] == "ab" * 6 and row["sha256"] == "ab" * 32
    assert groups[2]["files"][0]["sha256"] == "" and groups[2]["files"][0]["size"] == ""
    assert page.context["license_name"].startswith("知识共享")


def test_sitemap_is_sorted_deduplicated_absolute_and_escaped() -> None:
    text = render_sitemap(dict.fromkeys(["/b/", "/a/", "/x/?q=1&r=2", "/新闻/"]),
                          "https://example.org/")
    locs = [e.text for e in ET.fromstring(text.encode("utf-8")).iter(LOC)]
    assert locs == ["https://example.org/%E6%96%B0%E9%97%BB/", "https://example.org/a/",
                    "https://example.org/b/", "https://example.org/x/%3Fq=1&r=2"]
    assert "<!--" not in text
    assert "<!--" in render_sitemap({"/a/": None}, "")  # root-relative URLs say why


def test_sitemap_dates_come_from_the_data_only() -> None:
    text = render_sitemap({"/a/": "2026-07-08", "/b/": None}, "https://example.org")
    assert "<url><loc>https://example.org/a/</loc><lastmod>2026-07-08</lastmod></url>" in text
    assert "<url><loc>https://example.org/b/</loc></url>" in text


# --- the built sample site ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The sample site and Pelican's shared context (the plugin leaves its pages there)."""
    captured: dict[str, Any] = {}

    def keep_context(generator: Any) -> None:
        captured["context"] = generator.context

    output = tmp_path_factory.mktemp("site")
    signals.article_generator_finalized.connect(keep_context)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("RELIEF_TODAY", "2026-11-29")
            build(SAMPLE_DATA, output)
    finally:
        signals.article_generator_finalized.disconnect(keep_context)
    yield output, captured["context"]


def _page_url(output: Path, html: Path) -> str:
    return "/" + html.relative_to(output).as_posix().removesuffix("index.html")


def test_sitemap_parses_and_lists_every_plan_page_and_pelican_page(
    built: tuple[Path, dict[str, Any]],
) -> None:
    output, context = built
    root = ET.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{{{NAMESPACE}}}urlset"
    locs = [e.text or "" for e in root.iter(LOC)]
    assert locs == sorted(set(locs))
    planned = {p.url for p in context["relief_pages"] if p.in_sitemap}
    pelican = {"/" + item.url for kind in ("articles", "pages") for item in context[kind]}
    assert set(locs) == planned | pelican
    assert {"/guidelines/", "/guidelines/guideline-routine/", "/news/", "/data/",
            "/news/platform-launch/", "/about/", "/"} <= set(locs)
    # Every HTML file written is in the sitemap, except the 404 page.
    written = {_page_url(output, p) for p in output.rglob("*.html")} - {"/404.html"}
    assert written == set(locs)


def test_news_page_lists_the_sample_article(built: tuple[Path, dict[str, Any]]) -> None:
    output, context = built
    html = (output / "news" / "index.html").read_text(encoding="utf-8")
    assert [a.slug for a in context["articles"]] == ["platform-launch"]
    assert '<a href="/news/platform-launch/">示例：平台试运行</a>' in html
    assert '<time datetime="2026-03-20">2026年3月20日</time>' in html
    assert (output / "news" / "platform-launch" / "index.html").is_file()


def test_guideline_page_shows_tasks_legal_basis_and_provenance(
    built: tuple[Path, dict[str, Any]],
) -> None:
    output, _ = built
    html = (output / "guidelines" / "guideline-disclosure" / "index.html").read_text("utf-8")
    tasks = html.split('<h2 id="tasks">主要任务</h2>', 1)[1].split("</ol>", 1)[0]
    assert tasks.count("<li>") == 6
    assert "救灾捐赠管理办法" in html and "民政部令第35号" in html
    assert "2026年11月28日" in html  # updated
    assert 'aria-labelledby="provenance-guideline-disclosure"' in html
    data = (output / "data" / "index.html").read_text(encoding="utf-8")
    assert "这些文件目前是虚构的示例数据" in data and "CC-BY-4.0" in data
    assert (output / "schemas" / "guidelines.schema.json").is_file()
