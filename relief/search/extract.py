"""Read a built page back: its ``data-search`` description and the visible text of its body.

A page is searchable when one element carries ``data-search`` (the record pages and the
``content/`` pages put it on ``<main>``). Its text is taken as a browser shows it: scripts,
styles, ``hidden`` elements and ``<noscript>`` are left out, block elements and ``<br>``
separate, runs of white space become one space. So a term matches where a reader sees it,
and not across two table cells.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "head", "title"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_SPACE = re.compile(r"[ \t\r\n\f]+")
_MARKER = re.compile(r"\sdata-search[\s=>]")
_BREAKS = re.compile(r" ?\n[ \n]*")


class PageError(ValueError):
    """A page's ``data-search`` cannot be read (a template bug, not a data error)."""


@dataclass
class SearchPage:
    info: dict[str, Any]  # title, type, date, facets
    text: str


class _Done(Exception):
    """The searchable element has ended: the rest of the page is not read."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info: str | None = None
        self.depth = 0  # > 0 inside the searchable element
        self.skip = 0  # > 0 inside an element whose text is not shown
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if "data-search" in named:
            if self.info is not None:
                raise PageError("more than one element carries data-search")
            if tag in VOID:
                raise PageError(f"data-search on an empty <{tag}> element")
        if self.depth == 0:
            if "data-search" in named:
                self.info = named["data-search"] or ""
                self.depth = 1
            return
        if tag in VOID:
            if tag == "br" and not self.skip:
                self.chunks.append("\n")
            return
        self.depth += 1
        if self.skip or tag in SKIPPED or "hidden" in named:
            self.skip += 1
        elif tag in BLOCK:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0 or tag in VOID:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1
        elif tag in BLOCK:
            self.chunks.append("\n")
        if self.depth == 0:
            raise _Done

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.chunks.append(_SPACE.sub(" ", data))


def read_page(html: str) -> SearchPage | None:
    """The page's search description and visible text, or None when it is not searchable.

    The templates write well-formed HTML (end tags are never omitted inside the searchable
    element), which the end-to-end tests check with html-validate.
    """
    marker = _MARKER.search(html)
    if marker is None:
        return None
    parser = _Parser()
    try:  # from the tag carrying data-search to its end: the rest is not searched
        parser.feed(html[html.rfind("<", 0, marker.start()):])
        parser.close()
    except _Done:
        pass
    if parser.info is None:
        return None
    try:
        info = json.loads(parser.info)
    except json.JSONDecodeError as error:
        raise PageError(f"data-search is not JSON: {error}") from None
    if not isinstance(info, dict) or not isinstance(info.get("title"), str):
        raise PageError("data-search needs at least a title")
    text = _BREAKS.sub("\n", "".join(parser.chunks)).strip()
    return SearchPage(info, text)
