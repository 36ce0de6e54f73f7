"""Phone numbers in page text become tel: links; nothing else does."""

from __future__ import annotations

import pytest

from relief.site.markup import render_markdown
from relief.site.phones import link_phones, tel_href, tel_links


@pytest.mark.parametrize(("text", "href"), [
    ("联系电话 0562-5812345。", "tel:05625812345"),
    ("值班室(0562)5812345", "tel:05625812345"),
    ("总机 0562-5812345转801", "tel:05625812345"),
    ("调度 0562-5812345-801", "tel:05625812345"),
    ("服务热线 400-123-4567", "tel:4001234567"),
    ("队长 139 1234 5678", "tel:13912345678"),
    ("紧急情况请拨打120", "tel:120"),
    ("市民热线：12345", "tel:12345"),
])
def test_numbers_as_the_validator_accepts_them_are_linked(text: str, href: str) -> None:
    html = str(tel_links(text))
    assert f'href="{href}"' in html
    assert html.count("<a ") == 1


@pytest.mark.parametrize("text", [
    "安置 120 人",  # a short number without a word that says it is a phone
    "统一社会信用代码 91340700MA2N00012X",
    "身份证号 340705199001010123 已隐去",
    "编号 205625812345",  # digits of a longer number
    "共 0562 件",
])
def test_other_numbers_are_left_alone(text: str) -> None:
    assert "<a " not in str(tel_links(text))


def test_plain_text_is_escaped_before_linking() -> None:
    html = str(tel_links("<b>电话</b> 0562-5812345"))
    assert html.startswith("&lt;b&gt;电话&lt;/b&gt; <a ")


def test_existing_links_and_attributes_are_not_touched() -> None:
    html = '<a href="/x/">0562-5812345</a> <span title="0562-5812345">x</span>'
    assert str(link_phones(html)) == html


def test_markdown_text_gets_links_after_sanitising() -> None:
    html = str(render_markdown("对接电话（示例）：0562-5812320。\n\n[链接](javascript:alert(1))"))
    assert '<a class="rl-tel" href="tel:05625812320">0562-5812320</a>' in html
    assert "javascript" not in html


def test_the_extension_is_not_dialled() -> None:
    assert tel_href("0562-5812345转801") == "tel:05625812345"
    assert tel_href("+86 139 1234 5678") == "tel:+8613912345678"
