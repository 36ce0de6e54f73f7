"""Markdown from records, rendered and then sanitised: record text is untrusted.

Raw HTML in the Markdown is escaped by the renderer's own rules, and whatever HTML results
is then cleaned by nh3 (Ammonia) to an allow-list of tags and attributes; links may only be
http(s), mailto or relative, so ``javascript:`` URLs never survive.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> Markup:
    """Markdown -> safe HTML. Headings start at h2: the page's own title is the h1."""
    html = markdown.markdown(
        text,
        extensions=["tables", "sane_lists"],
        output_format="html",
    ).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)
