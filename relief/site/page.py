"""A page to write: where, with which template, and what the template needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    path: str  # output path relative to the site root, e.g. "directory/zy-rescue-team/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True

    @property
    def url(self) -> str:
        """Site-relative URL: directory pages end in "/" (no "index.html")."""
        return "/" + self.path.removesuffix("index.html")


@dataclass(frozen=True)
class File:
    """A file written as-is (feeds, calendars): not rendered, not in the sitemap."""

    path: str  # output path relative to the site root, e.g. "feeds/bulletins.atom"
    content: str | bytes  # text is written as UTF-8
