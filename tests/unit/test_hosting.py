"""The hosting headers have one source (relief/site/headers.py): the pages' meta tags, the
build's ``_headers`` and the nginx snippet say the same, the headers adding what a meta tag
cannot carry. (tests/e2e/test_hosting.py serves the built site with nginx.)"""

from __future__ import annotations

import re
from pathlib import Path

from relief.site.headers import (
    HEADER_CSP,
    HEADERS,
    META_CSP,
    REFERRER_POLICY,
    TEMPLATE_GLOBALS,
    headers_file,
    write_headers,
)
from tests.conftest import ROOT

NGINX = ROOT / "docs" / "hosting" / "nginx.conf"
ADD_HEADER = re.compile(r'^add_header\s+([\w-]+)\s+"([^"]*)"\s+always;$')


def nginx_headers(text: str) -> dict[str, str]:
    headers = {}
    for line in text.splitlines():
        if line.startswith("add_header"):
            match = ADD_HEADER.match(line)
            assert match, f"nginx.conf: not understood: {line}"
            headers[match.group(1)] = match.group(2)
    return headers


def netlify_headers(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    path = ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            path = line
            rules[path] = {}
        elif line.strip():
            name, value = line.strip().split(": ", 1)
            rules[path][name] = value
    return rules


def test_the_header_policy_is_the_meta_policy_plus_frame_ancestors() -> None:
    assert f"{META_CSP}; frame-ancestors 'none'" == HEADER_CSP
    assert "frame-ancestors" not in META_CSP  # ignored in a meta tag
    assert HEADERS["Content-Security-Policy"] == HEADER_CSP
    assert HEADERS["X-Content-Type-Options"] == "nosniff"
    assert HEADERS["Referrer-Policy"] == REFERRER_POLICY
    assert TEMPLATE_GLOBALS == {"content_security_policy": META_CSP,
                                "referrer_policy": REFERRER_POLICY}


def test_base_template_takes_its_policies_from_the_constants() -> None:
    base = (ROOT / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    assert ('<meta http-equiv="Content-Security-Policy" content="{{ content_security_policy }}">'
            in base)
    assert '<meta name="referrer" content="{{ referrer_policy }}">' in base
    assert "default-src" not in base


def test_headers_file_sends_every_header_on_every_path(tmp_path: Path) -> None:
    written = write_headers(tmp_path)
    assert written == tmp_path / "_headers"
    assert written.read_text(encoding="utf-8") == headers_file()
    assert netlify_headers(headers_file()) == {"/*": HEADERS}


def test_nginx_snippet_sends_the_same_headers() -> None:
    text = NGINX.read_text(encoding="utf-8")
    assert nginx_headers(text) == HEADERS
    assert re.search(r"^error_page 404 /404\.html;$", text, re.M)
