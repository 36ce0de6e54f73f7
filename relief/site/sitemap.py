"""sitemap.xml: every HTML page of the site, sorted, without dates (reproducible output).

A sitemap wants absolute URLs. With an empty SITEURL (local builds) the URLs are written
relative to the site root and the file says so in a comment; the published build sets
SITEURL (``RELIEF_SITEURL`` in publishconf.py) and gets absolute URLs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from relief.site.page import Page

SITEMAP = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Characters left as they are when percent-encoding a URL path (RFC 3986 reserved + "%").
_SAFE = "/:@!$&'()*+,;=~%"


def site_path(url: str) -> str:
    """A site-relative URL as Pelican or a Page gives it -> "/news/x/" (one leading slash)."""
    return "/" + url.lstrip("/")


def sitemap_urls(pages: Iterable[Any], context: dict[str, Any]) -> list[str]:
    """The plugin's pages marked for the sitemap, and Pelican's articles and pages."""
    urls = [
        page.url for page in pages
        if isinstance(page, Page) and page.in_sitemap and page.path.endswith(".html")
    ]
    for kind in ("articles", "pages"):
        urls.extend(site_path(item.url) for item in context.get(kind) or [])
    return urls


def render_sitemap(urls: Iterable[str], siteurl: str) -> str:
    base = siteurl.rstrip("/")
    locations = sorted({base + quote(site_path(url), safe=_SAFE) for url in urls})
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    if not base:
        lines.append(
            "<!-- SITEURL is not set: URLs are relative to the site root. "
            "Build with publishconf.py and RELIEF_SITEURL for absolute URLs. -->"
        )
    lines.append(f'<urlset xmlns="{NAMESPACE}">')
    lines.extend(f"  <url><loc>{escape(loc)}</loc></url>" for loc in locations)
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(output: Path, urls: list[str], siteurl: str) -> Path:
    target = output / SITEMAP
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_sitemap(urls, siteurl), encoding="utf-8")
    return target
