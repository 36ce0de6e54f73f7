"""Every phone number shown on any page of the built sample site is a tap-to-call link."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

# Written independently of relief/site/phones.py: landlines with an area code (a hyphen, or
# the code in brackets, optional), mobiles, 400/800 numbers.
PHONE = re.compile(r"(?<![0-9A-Za-z-])(?:\(?0\d{2,3}\)?-?\d{7,8}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}"
                   r"|[48]00-?\d{3}-?\d{4})(?![0-9])")
VOID = {"br", "meta", "link", "input", "img", "hr", "wbr", "source", "col", "area"}
NOT_SHOWN = {"script", "style", "title", "head", "template"}


class _Numbers(HTMLParser):
    """Phone numbers in shown text that no tel: link holds."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str]] = []  # tag, href
        self.unlinked: list[str] = []
        self.linked = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if any(tag in NOT_SHOWN for tag, _ in self.open):
            return
        dialled = any(tag == "a" and href.startswith("tel:") for tag, href in self.open)
        for number in PHONE.findall(data):
            if dialled:
                self.linked += 1
            else:
                self.unlinked.append(number)


def test_every_phone_number_is_a_tel_link(built_site: Path) -> None:
    unlinked: dict[str, list[str]] = {}
    linked = 0
    for path in sorted(built_site.rglob("*.html")):
        reader = _Numbers()
        reader.feed(path.read_text(encoding="utf-8"))
        linked += reader.linked
        if reader.unlinked:
            unlinked[path.relative_to(built_site).as_posix()] = reader.unlinked
    assert linked > 20, f"only {linked} linked numbers found: the sample has more"
    assert unlinked == {}, "phone numbers that do not dial:\n" + "\n".join(
        f"{page}: {', '.join(numbers)}" for page, numbers in unlinked.items())
