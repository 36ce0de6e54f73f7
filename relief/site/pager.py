"""Long lists split into numbered pages, so no page grows with the data.

The first page keeps the list's own address (``directory/`` or ``directory/district/340705/``);
page n lies at ``page/n/`` below it. Each page knows its neighbours and the position of its
items in the whole list; the ``pager`` macro (theme/templates/components.html) links them,
with plain links that work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    number: int  # 1-based
    count: int  # how many pages the list has
    total: int  # how many items the whole list has
    first: int  # 1-based position of this page's first item (0 when the list is empty)
    last: int  # position of its last item
    urls: tuple[str, ...]  # site-relative URL of every page, in order

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None

    def window(self, radius: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last, and those within ``radius`` of this
        one; None where numbers are left out (shown as "…")."""
        shown = sorted({1, self.count, *range(max(1, self.number - radius),
                                               min(self.count, self.number + radius) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


@dataclass(frozen=True)
class ListPage(Generic[T]):
    path: str  # output path, e.g. "directory/page/2/index.html"
    items: Sequence[T]
    pager: Pager


def page_url(folder: str, number: int) -> str:
    """Site-relative URL of page ``number`` of the list at ``folder`` (e.g. "directory/")."""
    return f"/{folder}" if number == 1 else f"/{folder}page/{number}/"


def paginate(items: Sequence[T], folder: str, size: int) -> Iterator[ListPage[T]]:
    """The pages of ``items`` listed at ``folder`` (ends in "/"), ``size`` items each.

    An empty list still has its first page, which says so.
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    count = max(1, -(-len(items) // size))
    urls = tuple(page_url(folder, number) for number in range(1, count + 1))
    for number in range(1, count + 1):
        start = (number - 1) * size
        chunk = items[start:start + size]
        pager = Pager(number, count, len(items), start + 1 if chunk else 0,
                      start + len(chunk), urls)
        yield ListPage(urls[number - 1].removeprefix("/") + "index.html", chunk, pager)
