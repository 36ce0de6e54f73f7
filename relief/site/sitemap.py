"""sitemap.xml: every HTML page of the site, sorted, with the date it last changed where
that is known from the data (a record page: its file's last commit; a news item: its date),
never the build's date (reproducible output).

A sitemap wants absolute URLs. With an empty SITEURL (local builds) the URLs are written
relative to the site root and the file says so in a comment; the published build sets
SITEURL (``RELIEF_SITEURL=https://… make site``) and gets absolute URLs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from relief.model import Record
from relief.site.context import SiteContext
from relief.site.page import Page

SITEMAP = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Characters left as they are when percent-encoding a URL path (RFC 3986 reserved + "%").
_SAFE = "/:@!$&'()*+,;=~%"


def site_path(url: str) -> str:
    """A site-relative URL as Pelican or a Page gives it -> "/news/x/" (one leading slash)."""
    return "/" + url.lstrip("/")


def sitemap_urls(pages: Iterable[Any], context: dict[str, Any],
                 site: SiteContext) -> dict[str, str | None]:
    """The plugin's pages marked for the sitemap, and Pelican's articles and pages, each with
    its last change (YYYY-MM-DD) or None."""
    urls: dict[str, str | None] = {}
    for page in pages:
        if isinstance(page, Page) and page.in_sitemap and page.path.endswith(".html"):
            record = page.context.get("record")
            urls[page.url] = (site.provenance(record).last_change
                              if isinstance(record, Record) else None)
    for kind in ("articles", "pages"):
        for item in context.get(kind) or []:
            changed = getattr(item, "modified", None) or getattr(item, "date", None)
            urls[site_path(item.url)] = changed.strftime("%Y-%m-%d") if changed else None
    return urls


def render_sitemap(urls: Mapping[str, str | None], siteurl: str) -> str:
    base = siteurl.rstrip("/")
    entries: dict[str, str | None] = {}
    for url, lastmod in urls.items():
        entries[base + quote(site_path(url), safe=_SAFE)] = lastmod
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    if not base:
        lines.append(
            "<!-- SITEURL is not set: URLs are relative to the site root. "
            "Build with RELIEF_SITEURL=https://… make site for absolute URLs. -->"
        )
    lines.append(f'<urlset xmlns="{NAMESPACE}">')
    for loc in sorted(entries):
        lastmod = entries[loc]
        changed = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(loc)}</loc>{changed}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(output: Path, urls: Mapping[str, str | None], siteurl: str) -> Path:
    target = output / SITEMAP
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_sitemap(urls, siteurl), encoding="utf-8")
    return target
