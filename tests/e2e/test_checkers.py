"""The harness checks itself: each checker, on a small hand-made site, catches what it should
(a broken link, an external script, an event-handler attribute, a missing lang, ...) and
passes a good page. Most need no browser; the last few prove the browser watchers."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e import checkers
from tests.e2e.browser import Watched, measure_weight, rendering_fonts, renders_cjk, run_axe

pytestmark = pytest.mark.e2e

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'"


def html(body: str = "<p>正文</p>", *, lang: str | None = "zh-CN", head: str = "",
         csp: str | None = CSP, banner: bool = True, skip: bool = True,
         main_id: str = "main-content") -> str:
    lang_attr = f' lang="{lang}"' if lang is not None else ""
    csp_meta = (f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
                if csp is not None else "")
    return f"""<!DOCTYPE html>
<html{lang_attr}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{csp_meta}
<title>测试页面</title>
<link rel="stylesheet" href="/static/site.css">
{head}
</head>
<body>
{'<a href="#main-content">跳到正文</a>' if skip else ''}
{'<p>示例数据</p>' if banner else ''}
<main id="{main_id}">
<h1>铜陵市防灾减灾救灾</h1>
{body}
</main>
</body>
</html>
"""


def make_site(root: Path, pages: dict[str, str], *, sitemap: list[str] | None = None) -> Path:
    """Files at paths relative to ``root``; a sitemap of every page unless given."""
    for relative, text in pages.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    css = root / "static" / "site.css"
    if not css.exists():
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_text('body { font-family: "Noto Sans CJK SC", sans-serif; }\n', encoding="utf-8")
    if sitemap is None:
        sitemap = sorted(checkers.file_to_url(root, root / p) for p in pages
                         if p.endswith(".html") and p != "404.html")
    urls = "".join(f"<url><loc>https://example.org{path}</loc></url>" for path in sitemap)
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        encoding="utf-8")
    return root


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        "index.html": html('<p><a href="/directory/">目录</a> <a href="directory/a/">甲</a></p>'),
        "directory/index.html": html('<p><a href="a/">甲</a> <a href="../">首页</a>'
                                     ' <a href="/directory/a/#team">队伍</a>'
                                     ' <a href="mailto:a@example.org">邮件</a>'
                                     ' <a href="tel:0562-2812345">电话</a></p>'),
        "directory/a/index.html": html('<p><a href="https://www.tl.gov.cn/">来源</a>'
                                       ' <img src="../../static/logo.svg" alt="标志"></p>'),
        "static/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        "404.html": html('<p><a href="/">返回首页</a></p>'),
    })


# --- pages, URLs, sitemap ---------------------------------------------------------------------


def test_classify_every_page_type() -> None:
    assert checkers.classify("/") == "home"
    assert checkers.classify("/directory/") == "directory"
    assert checkers.classify("/directory/zy-rescue-team/") == "directory-entry"
    assert checkers.classify("/directory/district/340722/") == "directory-district"
    assert checkers.classify("/directory/kind/volunteer_team/") == "directory-kind"
    assert checkers.classify("/directory/capability/water-rescue/") == "directory-capability"
    assert checkers.classify("/directory/kind/") is None  # a facet index is no entry
    assert checkers.classify("/bulletins/2026-07-08-zongyang-needs/") == "bulletin"
    assert checkers.classify("/bulletins/page/2/") is None
    assert checkers.classify("/about/") == "about"


def test_url_and_file_mapping(good_site: Path) -> None:
    assert checkers.url_to_file(good_site, "/") == good_site / "index.html"
    assert checkers.url_to_file(good_site, "/directory/a/") == good_site / "directory/a/index.html"
    assert checkers.url_to_file(good_site, "/directory/a") == good_site / "directory/a/index.html"
    assert checkers.file_to_url(good_site, good_site / "directory/a/index.html") == "/directory/a/"
    assert checkers.file_to_url(good_site, good_site / "404.html") == "/404.html"


def test_pick_one_per_type_takes_the_largest(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "index.html": html(),
        "campaigns/small/index.html": html("<p>小</p>"),
        "campaigns/big/index.html": html("<p>大</p>" * 50),
    })
    chosen = checkers.pick_one_per_type(site, checkers.sitemap_paths(site))
    assert chosen == {"home": "/", "campaign": "/campaigns/big/"}


def test_sitemap_problems(good_site: Path, tmp_path: Path) -> None:
    assert checkers.sitemap_problems(good_site) == []
    site = make_site(tmp_path / "bad", {"index.html": html(), "about/index.html": html()},
                     sitemap=["/", "/gone/"])
    problems = checkers.sitemap_problems(site)
    assert any("/gone/" in p and "not in the output" in p for p in problems)
    assert any(p.startswith("/about/ is not in sitemap.xml") for p in problems)


# --- links ------------------------------------------------------------------------------------


def test_good_site_has_no_link_problem(good_site: Path) -> None:
    report = checkers.check_links(checkers.Site(good_site))
    assert report.broken == [] and report.forbidden == []
    assert report.external_links == ["directory/a/index.html: https://www.tl.gov.cn/"]


def test_broken_links_are_found(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "index.html": html('<a href="/nowhere/">x</a> <a href="directory/b/">y</a>'
                           ' <img src="missing.png" alt="z">'),
        "directory/a/index.html": html('<a href="../../about/">关于</a>'),
        "static/site.css": "body { background: url(../img/none.png); }",
        "404.html": html('<a href="index.html">首页</a>'),
    })
    broken = "\n".join(checkers.check_links(checkers.Site(site)).broken)
    assert "/nowhere/" in broken and "directory/b/" in broken and "missing.png" in broken
    assert "../../about/" in broken
    assert "none.png" in broken
    assert "404.html is served at any path" in broken


def test_external_resources_are_forbidden(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "index.html": html(
            '<script src="https://cdn.example.com/x.js"></script>'
            '<img src="//img.example.com/a.png" alt="a">'
            '<a href="javascript:alert(1)">x</a><script src="data:text/javascript,1"></script>',
            head='<link rel="stylesheet" href="https://fonts.example.com/css">'
                 '<link rel="icon" href="data:,">'),
        "static/site.css": '@import "https://fonts.example.com/a.css";',
    })
    forbidden = "\n".join(checkers.check_links(checkers.Site(site)).forbidden)
    assert "cdn.example.com/x.js" in forbidden
    assert "img.example.com" in forbidden
    assert "fonts.example.com/css" in forbidden
    assert "fonts.example.com/a.css" in forbidden
    assert "scheme javascript:" in forbidden
    assert "<script src='data:text/javascript,1'>" in forbidden
    assert "data:," not in forbidden  # an empty inline icon requests nothing


# --- what every page carries ------------------------------------------------------------------


def contract(text: str, *, sample_data: bool = True) -> list[str]:
    return checkers.page_contract_problems("p.html", checkers.parse_html(text),
                                           sample_data=sample_data)


def test_a_good_page_keeps_the_contract() -> None:
    assert contract(html()) == []


@pytest.mark.parametrize(("page", "expected"), [
    (html(lang=None), 'lang="zh-CN"'),
    (html(lang="en"), "found lang='en'"),
    (html(main_id="content"), 'no <main id="main-content">'),
    (html(skip=False), "no skip link"),
    (html(csp=None), "0 Content-Security-Policy"),
    (html(csp="default-src 'self' 'unsafe-inline'; object-src 'none'"), "'unsafe-inline'"),
    (html(csp="default-src 'self'; script-src 'self' https://cdn.example.com"),
     "cdn.example.com"),
    (html(csp="default-src 'self'"), "object-src 'none'"),
    (html(banner=False), "示例数据"),
    (html('<button onclick="go()">走</button>'), "<button onclick=...>"),
    (html('<a href=" JaVa\tScRipt:alert(1)">x</a>'), "script URL"),
])
def test_contract_problems_are_found(page: str, expected: str) -> None:
    problems = "\n".join(contract(page))
    assert expected in problems


def test_banner_is_only_required_for_sample_data() -> None:
    assert contract(html(banner=False), sample_data=False) == []


# --- executable markup ------------------------------------------------------------------------


def test_escaped_payloads_are_inert() -> None:
    escaped = html('<p>&lt;script&gt;window.__xss=1&lt;/script&gt;'
                   '&lt;img src=x onerror="window.__xss=1"&gt;</p>'
                   '<p title="&quot;&gt;&lt;svg onload=window.__xss=1&gt;">t</p>'
                   '<a href="https://example.org/a&lt;script&gt;">来源</a>')
    assert checkers.raw_payload_hits(escaped) == []
    assert checkers.unsafe_markup(checkers.parse_html(escaped)) == []


def test_live_payloads_are_found() -> None:
    live = html('<p><script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
                '"><svg onload=window.__xss=1></p><a href="javascript:window.__xss=1">l</a>'
                '<iframe src="/x"></iframe><details open ontoggle=window.__xss=1>d</details>')
    assert checkers.raw_payload_hits(live) == list(checkers.RAW_PAYLOAD_MARKERS)
    problems = "\n".join(checkers.unsafe_markup(checkers.parse_html(live)))
    for expected in ("<script> carrying __xss", "<img onerror=", "<svg onload=",
                     "script URL", "<iframe>", "<details ontoggle="):
        assert expected in problems


@pytest.mark.parametrize("url", ["javascript:x", " javascript:x", "JAVASCRIPT:x",
                                 "java\nscript:x", "vbscript:x", "data:text/html,<b>"])
def test_script_urls(url: str) -> None:
    assert checkers.is_script_url(url)


@pytest.mark.parametrize("url", ["/a/", "https://x.org/javascript:", "#javascript:", "mailto:a"])
def test_not_script_urls(url: str) -> None:
    assert not checkers.is_script_url(url)


def test_feed_html_is_checked() -> None:
    feed = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>'
            b"<updated>2026-11-29T00:00:00Z</updated><entry><id>e</id><title>t</title>"
            b'<updated>2026-11-29T00:00:00Z</updated><content type="html">'
            b"&lt;img src=x onerror=window.__xss=1&gt;</content></entry></feed>")
    assert checkers.atom_problems(feed) == []
    fragments = checkers.feed_html_fragments(feed)
    assert checkers.unsafe_markup(checkers.parse_html(fragments[0]))


# --- feeds ------------------------------------------------------------------------------------


def test_atom_problems() -> None:
    assert checkers.atom_problems(b"<feed") and "not well-formed" in checkers.atom_problems(
        b"<feed")[0]
    assert "no <updated>" in "\n".join(checkers.atom_problems(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title></feed>'))


def test_ics_problems() -> None:
    good = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//zh\r\nBEGIN:VEVENT\r\nUID:1@x\r\n"
            "DTSTAMP:20261129T000000Z\r\nDTSTART:20261201T090000\r\nSUMMARY:演练\r\n"
            " 续行\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert checkers.ics_problems(good.encode()) == []
    bad = good.replace("\r\n", "\n").replace("UID:1@x\n", "").replace("SUMMARY:演练",
                                                                     "SUMMARY:" + "演" * 40)
    problems = "\n".join(checkers.ics_problems(bad.encode()))
    for expected in ("CRLF", "LF without CR", "octets long", "no UID"):
        assert expected in problems


# --- reproducibility --------------------------------------------------------------------------


def test_tree_differences(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "x").mkdir(parents=True)
        (root / "same.html").write_text("一样")
    (a / "x" / "d.html").write_text("built at 10:00")
    (b / "x" / "d.html").write_text("built at 10:01")
    (a / "only-a.txt").write_text("")
    assert checkers.tree_differences(a, a) == []
    problems = checkers.tree_differences(a, b)
    assert problems[0] == "only in the first build: only-a.txt"
    assert problems[1] == "differs: x/d.html (from byte 13: b'0' vs b'1')"


# --- serving ----------------------------------------------------------------------------------


def test_server(good_site: Path) -> None:
    with checkers.SiteServer(good_site) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "/directory/a/") as response:
            assert response.status == 200
            assert "铜陵" in response.read().decode()
        with urllib.request.urlopen(server.url + "/sitemap.xml") as response:
            assert response.headers["Content-Type"] == "application/xml"
        for missing in ("/nothing/", "/static/"):  # a folder with no index.html lists nothing
            with pytest.raises(urllib.error.HTTPError) as raised:
                urllib.request.urlopen(server.url + missing)
            assert raised.value.code == 404
            assert "返回首页" in raised.value.read().decode()


# --- html-validate ----------------------------------------------------------------------------


def test_html_validate_passes_good_and_catches_bad(good_site: Path, tmp_path: Path) -> None:
    assert checkers.HTML_VALIDATE.exists(), "run `make e2e-deps` (npm ci --prefix tests/e2e)"
    run = checkers.run_html_validate(checkers.html_files(good_site))
    assert run.returncode == 0, run.output
    bad = make_site(tmp_path / "bad", {
        "a.html": html('<p id="x">一</p><p id="x">二</p>'),
        "b.html": html("<div><span></div>"),
        "c.html": html('<img src="/static/logo.svg">'),
    })
    run = checkers.run_html_validate(checkers.html_files(bad))
    assert run.returncode != 0
    summary = checkers.summarise_html_validate(run.output)
    for rule in ("no-dup-id", "close-order", "wcag/h37"):
        assert rule in summary


# --- XSS payload placement --------------------------------------------------------------------


def test_pointers() -> None:
    record = {"a": "x", "b/c": ["y", {"d~e": "z"}], "n": 1, "t": True}
    leaves = dict(checkers.string_leaves(record))
    assert leaves == {"/a": "x", "/b~1c/0": "y", "/b~1c/1/d~0e": "z"}
    for pointer, text in leaves.items():
        assert checkers.get_at(record, pointer) == text
        checkers.set_at(record, pointer, text + "!")
    assert record == {"a": "x!", "b/c": ["y!", {"d~e": "z!"}], "n": 1, "t": True}
    assert checkers.pointers_overlap("/needs/0", "/needs/0/note")
    assert not checkers.pointers_overlap("/needs/0", "/needs/01")


def test_payload_candidates_end_with_the_smallest() -> None:
    candidates = checkers.payload_candidates("名称")
    assert all(checkers.XSS_MARKER in c for c in candidates)
    assert candidates[0].startswith("名称") and all(p in candidates[0] for p in checkers.PAYLOADS)


# --- the browser watchers ---------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> object:
    site = make_site(tmp_path / "site", {
        "index.html": html(),
        "outside/index.html": html(csp="default-src *; object-src 'none'", head=(
            '<script src="https://cdn.example.com/x.js"></script>'
            '<link rel="stylesheet" href="http://192.0.2.1/a.css">')),
        "error/index.html": html('<script src="/static/broken.js"></script>'),
        "static/broken.js": "console.error('boom'); undefinedFunction();",
        "inaccessible/index.html": html('<img src="/static/logo.svg"><a href="/"></a>',
                                        csp="default-src 'self'; object-src 'none'"),
        "static/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
        "heavy/index.html": html("<p>" + "铜" * 20_000 + "</p>"),
    })
    with checkers.SiteServer(site) as server:
        yield server.url


def test_watcher_aborts_and_records_outside_requests(
    served: str, open_page: Callable[..., Watched]
) -> None:
    watched = open_page()
    watched.page.goto(f"{served}/outside/", wait_until="load")
    assert sorted(watched.recorder.outside) == ["http://192.0.2.1/a.css",
                                                "https://cdn.example.com/x.js"]
    assert any("outside" in p for p in watched.recorder.problems())
    assert all(url.startswith(served) for url in watched.recorder.requests
               if url not in watched.recorder.outside)


def test_watcher_records_console_and_page_errors(
    served: str, open_page: Callable[..., Watched]
) -> None:
    watched = open_page()
    watched.page.goto(f"{served}/error/", wait_until="load")
    assert any("boom" in e for e in watched.recorder.console_errors)
    assert any("undefinedFunction" in e for e in watched.recorder.page_errors)
    clean = open_page()
    clean.page.goto(f"{served}/", wait_until="load")
    assert clean.recorder.problems() == []


def test_axe_finds_violations(served: str, open_page: Callable[..., Watched]) -> None:
    watched = open_page(bypass_csp=True)
    watched.page.goto(f"{served}/inaccessible/", wait_until="load")
    violations = run_axe(watched.page)
    ids = {v["id"] for v in violations}
    assert {"image-alt", "link-name"} <= ids
    assert "image-alt" in checkers.format_axe_violations("/inaccessible/", violations)
    good = open_page(bypass_csp=True)
    good.page.goto(f"{served}/", wait_until="load")
    assert run_axe(good.page) == []


def test_weight_counts_every_byte(served: str, open_page: Callable[..., Watched]) -> None:
    weight = measure_weight(open_page(), f"{served}/heavy/")
    page_bytes = len(html("<p>" + "铜" * 20_000 + "</p>").encode())
    assert weight.total > page_bytes > 60_000  # headers included, nothing compressed
    assert {url.rsplit("/", 2)[-2] for url, _ in weight.responses} >= {"heavy", "static"}


def test_cjk_text_is_drawn_in_a_cjk_font(served: str, open_page: Callable[..., Watched]) -> None:
    watched = open_page()
    watched.page.goto(f"{served}/", wait_until="load")
    fonts = rendering_fonts(watched)
    assert renders_cjk(fonts), fonts
    assert not renders_cjk([{"familyName": "DejaVu Sans", "glyphCount": 3}])
