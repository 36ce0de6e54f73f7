"""Markdown from records and from ``content/``, rendered and then sanitised: both are untrusted.

One policy for all of it (:func:`sanitise`): whatever HTML the Markdown gives, raw HTML in it
included, is cleaned by nh3 (Ammonia) to an allow-list of tags and attributes. Links may only
be http(s), mailto or relative, so ``javascript:`` URLs never survive; an image may only come
from the site itself (a relative ``src``), so no page makes a third-party request. Headings
start at h2: the page's own title is the h1. Phone numbers become ``tel:`` links.
"""

from __future__ import annotations

from functools import cache

import markdown
import nh3
from markupsafe import Markup

from relief.site.phones import link_phones

# The Markdown dialect of record fields; content/ pages use the same (pelicanconf.MARKDOWN),
# with "meta" for their metadata header.
EXTENSIONS = ("tables", "sane_lists")

_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "img",
}
_ATTRIBUTES = {
    "a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "img": {"src", "alt", "title"},
}


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    external = value.startswith("//") or ":" in value.split("/", 1)[0]
    return None if tag == "img" and attribute == "src" and external else value


def sanitise(html: str) -> Markup:
    """Rendered HTML -> the HTML allowed on a page."""
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_same_site_images,
    )
    return link_phones(cleaned)  # then every phone number in it dials (relief/site/phones.py)


@cache
def _converter() -> markdown.Markdown:
    # Made once per process (building one costs more than converting a short field) and
    # reset before each use, so nothing carries over from one text to the next.
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def render_markdown(text: str) -> Markup:
    """Markdown -> safe HTML."""
    converter = _converter()
    converter.reset()
    return sanitise(converter.convert(text))
