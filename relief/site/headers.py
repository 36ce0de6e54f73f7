"""The site's security policy, in one place: the pages' meta tags and the hosting headers.

Every page carries the Content-Security-Policy and the referrer policy as ``<meta>`` tags
(base.html reads :data:`TEMPLATE_GLOBALS`), which is all GitHub Pages allows. A server that
can send headers should also send them as headers, with what a meta tag cannot carry:
``frame-ancestors 'none'`` (no other site may frame a page), ``X-Content-Type-Options:
nosniff`` and a Permissions-Policy turning off the powerful features no page uses. The build
writes :data:`HEADERS_FILE` (``_headers``, the format of Netlify and Cloudflare Pages) into the
output; ``docs/hosting/nginx.conf`` holds the same headers for nginx, and a test keeps it
equal to :data:`HEADERS`.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

# No request to any other host; no inline script or style; no plugins; forms post only here.
CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Ignored in a meta tag (CSP Level 3), so sent only as a header.
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)


def policy(directives: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives)


META_CSP = policy(CSP_DIRECTIVES)
HEADER_CSP = policy(CSP_DIRECTIVES + HEADER_ONLY_DIRECTIVES)
REFERRER_POLICY = "same-origin"  # links to other sites send no address of ours
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

HEADERS: dict[str, str] = {
    "Content-Security-Policy": HEADER_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
}
# Written into the pages as they are (Markup): the quotes of 'self' are not escaped.
TEMPLATE_GLOBALS: dict[str, str] = {
    "content_security_policy": Markup(META_CSP),
    "referrer_policy": Markup(REFERRER_POLICY),
}
HEADERS_FILE = "_headers"


def headers_file() -> str:
    """``_headers``: every header on every path (``/*``)."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in HEADERS.items())]
    return "\n".join(lines) + "\n"


def write_headers(output: Path) -> Path:
    target = output / HEADERS_FILE
    target.write_text(headers_file(), encoding="utf-8", newline="\n")
    return target
