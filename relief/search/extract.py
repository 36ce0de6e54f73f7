"""Read a built page back: its ``data-search`` description and the visible text of its body.

A page is searchable when one element carries ``data-search`` (the record pages and the
``content/`` pages put it on ``<main>``). Its text is taken as a browser shows it: scripts,
styles, ``hidden`` elements, ``<noscript>`` and table header rows (``<thead>``: column names,
the same on every page and noise in a result's snippet) are left out, block elements and
``<br>`` separate, runs of white space become one space. So a term matches where a reader sees it,
and not across two table cells.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape as html_unescape
from typing import Any

SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "head", "title", "thead"})
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


# One scan of the page's markup: a comment, a declaration, an end tag, a start tag (with its
# attributes, quoted values may hold ">"), or text up to the next "<". The templates write
# well-formed HTML (html-validate checks it in the end-to-end tests), which is all this reads.
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|</([a-zA-Z][^\s/>]*)[^>]*>"
    r"|<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|([^<]+|<)",
    re.S,
)
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_READ_ATTRIBUTES = re.compile("data-search|hidden", re.I)  # the only attributes read here
RAW_TEXT = frozenset({"script", "style"})  # their content is text up to their end tag


def _attributes(text: str) -> dict[str, str | None]:
    named: dict[str, str | None] = {}
    for name, equals, double, single, bare in _ATTRIBUTE.findall(text):
        # A name without "=" has no value (None), as HTMLParser gives it.
        value = html_unescape(double or single or bare) if equals else None
        named.setdefault(name.lower(), value)
    return named


@dataclass
class _Reader:
    """The text of the element carrying data-search, from the markup that starts with it."""

    info: str | None = None
    depth: int = 0  # > 0 inside the searchable element
    skip: int = 0  # > 0 inside an element whose text is not shown
    chunks: list[str] = field(default_factory=list)

    def start(self, tag: str, named: dict[str, str | None]) -> None:
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

    def end(self, tag: str) -> bool:
        """Close ``tag``; True when that ends the searchable element."""
        if self.depth == 0 or tag in VOID:
            return False
        self.depth -= 1
        if self.skip:
            self.skip -= 1
        elif tag in BLOCK:
            self.chunks.append("\n")
        return self.depth == 0

    def text(self, data: str) -> None:
        if self.depth and not self.skip:
            self.chunks.append(_SPACE.sub(" ", html_unescape(data)))

    def read(self, markup: str) -> None:
        at = 0
        while at < len(markup):
            token = _TOKEN.match(markup, at)
            if token is None:  # the pattern matches any character: never reached
                raise PageError(f"unreadable markup at {at}")
            at = token.end()
            closed, opened, attributes, data = token.groups()
            if data is not None:
                self.text(data)
            elif closed is not None:
                if self.end(closed.lower()):
                    return
            elif opened is not None:
                tag = opened.lower()
                wanted = _READ_ATTRIBUTES.search(attributes) is not None
                self.start(tag, _attributes(attributes) if wanted else {})
                if attributes.rstrip().endswith("/") and self.end(tag):
                    return
                if tag in RAW_TEXT:  # up to its end tag, as text
                    close = re.compile(rf"</{tag}\s*>", re.I).search(markup, at)
                    stop = close.start() if close else len(markup)
                    self.text(markup[at:stop])
                    at = stop


def read_page(html: str) -> SearchPage | None:
    """The page's search description and visible text, or None when it is not searchable.

    The templates write well-formed HTML (end tags are never omitted inside the searchable
    element), which the end-to-end tests check with html-validate.
    """
    marker = _MARKER.search(html)
    if marker is None:
        return None
    parser = _Reader()
    # From the tag carrying data-search to its end: the rest is not searched.
    parser.read(html[html.rfind("<", 0, marker.start()):])
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
