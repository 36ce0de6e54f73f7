"""Reading a built page back for the index (relief.search.extract): what a reader sees."""

from __future__ import annotations

import pytest

from relief.search.extract import PageError, read_page

INFO = """data-search='{"title":"T","type":"资源目录"}'"""


def _page(body: str, info: str = INFO) -> str:
    return (f"<!DOCTYPE html><html><head><title>x</title><script>var a='枞阳'</script></head>"
            f"<body><nav>资源目录</nav><main {info}>{body}</main>"
            "<footer>页脚</footer></body></html>")


def test_a_page_without_data_search_is_not_searchable() -> None:
    assert read_page("<html><body><main>枞阳县</main></body></html>") is None


def test_only_the_marked_element_is_read() -> None:
    page = read_page(_page("<h1>标题</h1><p>正文</p>"))
    assert page is not None
    assert page.info == {"title": "T", "type": "资源目录"}
    assert page.text == "标题\n正文"


def test_inline_elements_join_and_blocks_separate() -> None:
    page = read_page(_page("<p><a href='#'>枞阳</a><strong>县</strong></p><p>义安</p>区"))
    assert page is not None
    assert page.text == "枞阳县\n义安\n区"


def test_table_cells_and_br_separate() -> None:
    page = read_page(_page("<table><tr><td>枞阳</td><td>县</td></tr></table>一<br>二"))
    assert page is not None
    assert page.text == "枞阳\n县\n一\n二"


def test_table_header_rows_are_not_read() -> None:
    page = read_page(_page("<table><thead><tr><th>物资类别</th><th>数量</th></tr></thead>"
                           "<tbody><tr><td>帐篷</td><td>20</td></tr></tbody></table>"))
    assert page is not None
    assert page.text == "帐篷\n20"


def test_hidden_script_style_noscript_and_svg_are_not_read() -> None:
    body = ("<p hidden>藏<b>起</b></p><script>脚本</script><style>p{}</style>"
            "<noscript>无脚本</noscript><svg><title>图</title></svg><p>看得见</p>")
    page = read_page(_page(body))
    assert page is not None
    assert page.text == "看得见"


def test_white_space_collapses_and_entities_decode() -> None:
    page = read_page(_page("<p>  枞阳\n\n   县 &amp; 郊区&nbsp;。</p>"))
    assert page is not None
    assert page.text == "枞阳 县 & 郊区\xa0。"


def test_void_elements_do_not_unbalance_the_body() -> None:
    page = read_page(_page("<p>前<img src='x' alt='图'><input>后</p>"))
    assert page is not None
    assert page.text == "前后"


def test_broken_description_is_an_error() -> None:
    with pytest.raises(PageError, match="not JSON"):
        read_page(_page("<p>x</p>", info="data-search='{title'"))
    with pytest.raises(PageError, match="title"):
        read_page(_page("<p>x</p>", info="data-search='{}'"))
    with pytest.raises(PageError, match="more than one"):
        read_page(_page(f"<div {INFO}>x</div>"))
