"""Checkers of the end-to-end suite: plain functions over a built site, no browser needed.

Each checker returns a list of readable problems (empty when all is well), so a test can assert
the list is empty and pytest prints what is wrong. ``test_checkers.py`` proves each one catches
what it should on small hand-made sites.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from html.parser import HTMLParser
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
NODE_MODULES = E2E_DIR / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
HTML_VALIDATE = NODE_MODULES / ".bin" / "html-validate"
HTML_VALIDATE_CONFIG = E2E_DIR / ".htmlvalidate.json"
SCREENSHOTS = E2E_DIR / "screenshots"
TODAY = "2026-11-29"
LOCAL_HOST = "127.0.0.1"
SAMPLE_BANNER = "示例数据"
CJK = re.compile(r"[\u4e00-\u9fff]")

# Figures the tests report (page weights, external links, ...), printed after the run.
NOTES: list[str] = []


def note(text: str) -> None:
    NOTES.append(text)

# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def relief_env() -> dict[str, str]:
    """The environment of a build: the fixed "today", no colour, UTF-8 everywhere."""
    env = dict(os.environ)
    env["RELIEF_TODAY"] = TODAY
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONHASHSEED", None)  # the build must be reproducible whatever the hash seed
    return env


@dataclass
class Run:
    command: list[str]
    returncode: int
    output: str

    def describe(self, limit: int = 20_000) -> str:
        output = self.output if len(self.output) <= limit else "...\n" + self.output[-limit:]
        return f"$ {' '.join(self.command)}\n(exit {self.returncode})\n{output}"


def run_relief(*args: str, timeout: float = 900) -> Run:
    """``python -m relief ARGS`` from the repository root, with the fixed "today"."""
    command = [sys.executable, "-m", "relief", *args]
    done = subprocess.run(
        command, cwd=ROOT, env=relief_env(), capture_output=True, text=True, timeout=timeout,
        encoding="utf-8", errors="replace", check=False,
    )
    return Run(command, done.returncode, done.stdout + done.stderr)


def build_site(data: Path, output: Path) -> Run:
    return run_relief("build", "--data", str(data), "--output", str(output))


# ---------------------------------------------------------------------------------------------
# Serving
# ---------------------------------------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    """Static files of one directory; 404.html (status 404) for anything missing."""

    extensions_map = {  # noqa: RUF012  (the base class declares it a plain class dict)
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".atom": "application/atom+xml; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".txt": "text/plain; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests record what matters

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer:
    """Serve ``root`` on 127.0.0.1 at a free port, in a thread: ``with SiteServer(p) as s``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = partial(_Handler, directory=str(root))
        self._server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{LOCAL_HOST}:{self._server.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------
# Pages of the site
# ---------------------------------------------------------------------------------------------

# One pattern per page type, matched in order against URL paths (directory-style URLs).
PAGE_TYPES: tuple[tuple[str, str], ...] = (
    ("home", r"/"),
    ("directory", r"/directory/"),
    ("directory-district", r"/directory/district/\d{6}/"),
    ("directory-kind", r"/directory/kind/[^/]+/"),
    ("directory-capability", r"/directory/capability/[^/]+/"),
    ("directory-entry", r"/directory/(?!district/|kind/|capability/)[^/]+/"),
    ("bulletins", r"/bulletins/"),
    ("bulletins-kind", r"/bulletins/kind/[^/]+/"),
    ("bulletin", r"/bulletins/[^/]+/"),
    ("needs", r"/needs/"),
    ("campaigns", r"/campaigns/"),
    ("campaign", r"/campaigns/[^/]+/"),
    ("campaign-brief", r"/campaigns/[^/]+/brief/"),
    ("disclosures", r"/disclosures/"),
    ("disclosure", r"/disclosures/[^/]+/"),
    ("guidelines", r"/guidelines/"),
    ("guideline", r"/guidelines/[^/]+/"),
    ("about", r"/about/"),
    ("news", r"/news/"),
    ("article", r"/news/[^/]+/"),
    ("downloads", r"/data/"),
    ("dictionary", r"/data/dictionary/"),
    ("changes", r"/changes/"),
    ("transparency", r"/transparency/"),
    ("search", r"/search/"),
    ("staff-stale", r"/staff/stale/"),
    ("staff-activities", r"/staff/activities/"),
)
PAGE_TYPE_NAMES = tuple(name for name, _ in PAGE_TYPES)
NOT_FOUND_PAGE = "/404.html"
FEEDS = ("/feeds/bulletins.atom", "/feeds/events.ics", "/feeds/changes.atom")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


def classify(path: str) -> str | None:
    for name, pattern in PAGE_TYPES:
        if re.fullmatch(pattern, path):
            return name
    return None


def url_to_file(output: Path, path: str) -> Path:
    """The file a URL path is served from: ``/a/`` → ``a/index.html``."""
    path = unquote(urlsplit(path).path)
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    target = output / relative
    if target.is_dir():
        target = target / "index.html"
    return target


def file_to_url(output: Path, file: Path) -> str:
    relative = file.relative_to(output).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def sitemap_paths(output: Path) -> list[str]:
    """The URL paths listed in ``sitemap.xml`` (raises when it is missing or malformed)."""
    tree = ET.parse(output / "sitemap.xml")
    paths = []
    for loc in tree.getroot().iter(f"{SITEMAP_NS}loc"):
        paths.append(urlsplit((loc.text or "").strip()).path or "/")
    return paths


def pick_one_per_type(output: Path, paths: Sequence[str]) -> dict[str, str]:
    """For each page type, the URL whose file is largest (the richest page of that type)."""
    chosen: dict[str, tuple[int, str]] = {}
    for path in sorted(set(paths)):
        kind = classify(path)
        file = url_to_file(output, path)
        if kind is None or not file.is_file():
            continue
        size = file.stat().st_size
        if kind not in chosen or size > chosen[kind][0]:
            chosen[kind] = (size, path)
    return {kind: path for kind, (_, path) in chosen.items()}


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def sitemap_problems(output: Path) -> list[str]:
    """Every HTML page (but 404.html) is in sitemap.xml, and every listed URL exists."""
    try:
        listed = sitemap_paths(output)
    except (OSError, ET.ParseError) as error:
        return [f"sitemap.xml: {error}"]
    problems = []
    counts = Counter(listed)
    problems += [f"sitemap.xml lists {path} {n} times" for path, n in counts.items() if n > 1]
    for path in sorted(counts):
        if not url_to_file(output, path).is_file():
            problems.append(f"sitemap.xml lists {path}, which is not in the output")
    pages = {file_to_url(output, f) for f in html_files(output)} - {NOT_FOUND_PAGE}
    problems += [f"{path} is not in sitemap.xml" for path in sorted(pages - set(counts))]
    return problems


# ---------------------------------------------------------------------------------------------
# Parsing HTML
# ---------------------------------------------------------------------------------------------

URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "cite",
     "background", "manifest", "ping"}
)


@dataclass
class UrlRef:
    tag: str
    attribute: str
    value: str
    line: int


@dataclass
class ParsedPage:
    """What the checkers need from one HTML document, from one pass of ``html.parser``."""

    lang: str | None = None
    urls: list[UrlRef] = field(default_factory=list)
    attributes: list[tuple[str, str, str, int]] = field(default_factory=list)  # tag, name, value
    scripts: list[tuple[str | None, str]] = field(default_factory=list)  # (src, inline text)
    styles: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    main_ids: list[str | None] = field(default_factory=list)
    text: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: str | None = None
        self._script_src: str | None = None
        self._style = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            self.page.attributes.append((tag, name, value or "", line))
            if name in URL_ATTRIBUTES and value is not None:
                if name == "srcset":
                    for candidate in value.split(","):
                        url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                        if url:
                            self.page.urls.append(UrlRef(tag, name, url, line))
                else:
                    self.page.urls.append(UrlRef(tag, name, value.strip(), line))
            if name == "id" and value:
                self.page.ids.append(value)
        if tag == "html":
            self.page.lang = values.get("lang")
        elif tag == "main":
            self.page.main_ids.append(values.get("id"))
        elif tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.page.csp.append(values.get("content", ""))
        elif tag == "script":
            self._script, self._script_src = "", values.get("src")
        elif tag == "style":
            self._style = True
            self.page.styles.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script_src, self._script))
            self._script = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data
        elif self._style:
            self.page.styles[-1] += data
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        if self._script is not None:  # unclosed <script>: still a script
            self.page.scripts.append((self._script_src, self._script))
            self._script = None
        self.page.text = "".join(self._text)


def parse_html(text: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page


@dataclass
class Site:
    """A built site on disk, each HTML file parsed once."""

    output: Path

    @cached_property
    def pages(self) -> dict[str, ParsedPage]:
        return {
            f.relative_to(self.output).as_posix(): parse_html(f.read_text(encoding="utf-8"))
            for f in html_files(self.output)
        }


# ---------------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------------

IGNORED_SCHEMES = frozenset({"mailto", "tel", "sms"})
EXECUTING_TAGS = frozenset({"script", "iframe", "frame", "object", "embed"})


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)  # allowed: <a href> to http(s)
    forbidden: list[str] = field(default_factory=list)  # external resources, odd schemes


def _is_external(value: str) -> bool:
    scheme = urlsplit(value).scheme.lower()
    return scheme in {"http", "https"} or value.startswith("//")


def check_links(site: Site) -> LinkReport:
    """Every relative or root-relative href/src resolves to a file; external URLs only in <a>."""
    report = LinkReport()
    for relative, page in site.pages.items():
        base = "/" + relative
        for ref in page.urls:
            where = f"{relative}:{ref.line} <{ref.tag} {ref.attribute}={ref.value!r}>"
            value = ref.value
            if not value or value.startswith("#"):
                continue
            scheme = urlsplit(value).scheme.lower()
            if _is_external(value):
                if ref.tag == "a" and ref.attribute == "href":
                    report.external_links.append(f"{relative}: {value}")
                else:
                    report.forbidden.append(f"{where}: external resource")
                continue
            if scheme in IGNORED_SCHEMES:
                continue
            if scheme == "data" and not is_script_url(value) and ref.tag not in EXECUTING_TAGS:
                continue  # an inline image or icon (``<link rel="icon" href="data:,">``)
            if scheme:
                report.forbidden.append(f"{where}: scheme {scheme}: is not allowed")
                continue
            if relative == "404.html" and not value.startswith("/"):
                report.broken.append(
                    f"{where}: 404.html is served at any path, so its links must start with /"
                )
                continue
            if not url_to_file(site.output, urljoin(base, value)).is_file():
                report.broken.append(f"{where}: no such file in the output")
    for css in sorted(site.output.rglob("*.css")):
        relative = css.relative_to(site.output).as_posix()
        report_css(relative, css.read_text(encoding="utf-8", errors="replace"), site, report)
    for relative, page in site.pages.items():
        for style in page.styles:
            report_css(relative, style, site, report)
    return report


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""")


def report_css(relative: str, css: str, site: Site, report: LinkReport) -> None:
    for match in CSS_URL.finditer(css):
        value = (match.group(2) or match.group(4) or "").strip()
        if not value or value.startswith("#") or value.lower().startswith("data:"):
            continue
        if _is_external(value) or urlsplit(value).scheme:
            report.forbidden.append(f"{relative}: CSS loads {value!r}")
        elif not url_to_file(site.output, urljoin("/" + relative, value)).is_file():
            report.broken.append(f"{relative}: CSS url({value!r}): no such file in the output")


# ---------------------------------------------------------------------------------------------
# What every page carries (the contract with the site)
# ---------------------------------------------------------------------------------------------

UNSAFE_CSP_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:")


def csp_problems(policy: str) -> list[str]:
    """A strict policy: scripts only from the site itself, nothing from other hosts."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    problems = []
    if "default-src" not in directives:
        problems.append("CSP has no default-src")
    script = directives.get("script-src", directives.get("default-src", []))
    for source in script:
        if source in UNSAFE_CSP_SOURCES or "://" in source or "." in source.strip("'"):
            problems.append(f"CSP allows scripts from {source}")
    for name, sources in directives.items():
        for source in sources:
            if "://" in source or (source not in {"'self'", "'none'"} and "." in source
                                   and not source.startswith("'")):
                problems.append(f"CSP {name} names another host: {source}")
    if directives.get("object-src", directives.get("default-src")) not in (["'none'"],):
        problems.append("CSP should set object-src 'none' (or default-src 'none')")
    return problems


def page_contract_problems(relative: str, page: ParsedPage, *, sample_data: bool) -> list[str]:
    """lang, skip link, main landmark, CSP, banner, and nothing executable in attributes."""
    problems = []
    if page.lang != "zh-CN":
        problems.append(f'{relative}: <html lang="zh-CN"> expected, found lang={page.lang!r}')
    if "main-content" not in page.main_ids:
        problems.append(f'{relative}: no <main id="main-content">')
    if not any(r.tag == "a" and r.value == "#main-content" for r in page.urls):
        problems.append(f'{relative}: no skip link <a href="#main-content">')
    if len(page.csp) != 1:
        problems.append(f"{relative}: {len(page.csp)} Content-Security-Policy meta tags, not 1")
    for policy in page.csp:
        problems += [f"{relative}: {p}" for p in csp_problems(policy)]
    if sample_data and SAMPLE_BANNER not in page.text:
        problems.append(f"{relative}: no {SAMPLE_BANNER} banner")
    problems += [f"{relative}: {p}" for p in unsafe_markup(page)]
    return problems


# ---------------------------------------------------------------------------------------------
# Executable markup (XSS)
# ---------------------------------------------------------------------------------------------

XSS_MARKER = "__xss"
_SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
_STRIPPED = re.compile(r"[\x00-\x20\x7f]+")


def is_script_url(value: str) -> bool:
    """True for a URL a browser would run: ``javascript:`` however it is spelled or padded."""
    return bool(_SCRIPT_SCHEME.match(_STRIPPED.sub("", value)))


def unsafe_markup(page: ParsedPage) -> list[str]:
    """Inline event handlers, script URLs anywhere, and scripts carrying the XSS marker."""
    problems = []
    for tag, name, value, line in page.attributes:
        if name.startswith("on"):
            problems.append(f"line {line}: <{tag} {name}=...>: inline event handler")
        elif is_script_url(value) and (name in URL_ATTRIBUTES or name.endswith("href")):
            problems.append(f"line {line}: <{tag} {name}={value!r}>: script URL")
        elif tag in {"iframe", "embed", "object", "frame"}:
            problems.append(f"line {line}: <{tag}> element")
        elif (tag, name) == ("meta", "http-equiv") and value.lower() == "refresh":
            problems.append(f"line {line}: <meta http-equiv=refresh>")
    for src, text in page.scripts:
        if XSS_MARKER in text or (src and XSS_MARKER in src):
            problems.append(f"<script> carrying {XSS_MARKER}: {text[:80]!r}")
    return problems


RAW_PAYLOAD_MARKERS = ("<script>window.__xss", "<img src=x onerror", "<svg onload")


def raw_payload_hits(text: str) -> list[str]:
    """Payloads that reached the file with their ``<`` unescaped."""
    lowered = text.lower()
    return [marker for marker in RAW_PAYLOAD_MARKERS if marker.lower() in lowered]


def feed_html_fragments(xml_bytes: bytes) -> list[str]:
    """The HTML carried in an Atom feed's ``type="html"``/``xhtml`` content and summaries."""
    root = ET.fromstring(xml_bytes)
    fragments = []
    for element in root.iter():
        if element.tag in {f"{ATOM_NS}content", f"{ATOM_NS}summary", f"{ATOM_NS}title"}:
            kind = element.get("type", "text")
            if kind == "html":
                fragments.append(element.text or "")
            elif kind == "xhtml":
                fragments.append(ET.tostring(element, encoding="unicode"))
    return fragments


# ---------------------------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------------------------


def atom_problems(xml_bytes: bytes) -> list[str]:
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != f"{ATOM_NS}feed":
        return [f"root element is {root.tag}, not an Atom <feed>"]
    problems = []
    for required in ("id", "title", "updated"):
        if root.find(f"{ATOM_NS}{required}") is None:
            problems.append(f"feed has no <{required}>")
    for number, entry in enumerate(root.iter(f"{ATOM_NS}entry"), 1):
        for required in ("id", "title", "updated"):
            if entry.find(f"{ATOM_NS}{required}") is None:
                problems.append(f"entry {number} has no <{required}>")
        for link in entry.iter(f"{ATOM_NS}link"):
            if is_script_url(link.get("href", "")):
                problems.append(f"entry {number} links to a script URL")
    return problems


def ics_problems(raw: bytes) -> list[str]:
    """RFC 5545 basics: CRLF lines of at most 75 octets, VCALENDAR with VERSION/PRODID, events
    with UID, DTSTAMP and DTSTART."""
    problems = []
    text = raw.decode("utf-8", errors="replace")
    if not text.startswith("BEGIN:VCALENDAR\r\n"):
        problems.append("does not start with BEGIN:VCALENDAR and CRLF")
    if not text.endswith("END:VCALENDAR\r\n"):
        problems.append("does not end with END:VCALENDAR and CRLF")
    if re.search(r"(?<!\r)\n", text):
        problems.append("has lines ending in LF without CR")
    for number, line in enumerate(re.split(rb"\r?\n", raw), 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets long (fold at 75)")
            break
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    lines = re.split(r"\r?\n", unfolded)
    for required in ("VERSION:2.0", "PRODID:"):
        if not any(line.startswith(required) for line in lines):
            problems.append(f"no {required}")
    events = re.findall(r"BEGIN:VEVENT\r?\n(.*?)END:VEVENT", unfolded, re.DOTALL)
    for number, event in enumerate(events, 1):
        names = {line.split(":", 1)[0].split(";", 1)[0] for line in re.split(r"\r?\n", event)}
        problems += [f"event {number} has no {p}" for p in ("UID", "DTSTAMP", "DTSTART")
                     if p not in names]
    return problems


# ---------------------------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------------------------


def tree_differences(first: Path, second: Path) -> list[str]:
    """Files present in only one tree, or whose bytes differ."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    a, b = files(first), files(second)
    problems = [f"only in the first build: {name}" for name in sorted(a - b)]
    problems += [f"only in the second build: {name}" for name in sorted(b - a)]
    for name in sorted(a & b):
        if (first / name).read_bytes() != (second / name).read_bytes():
            problems.append(f"differs: {name}{first_difference(first / name, second / name)}")
    return problems


def first_difference(one: Path, other: Path) -> str:
    x, y = one.read_bytes(), other.read_bytes()
    pairs = enumerate(zip(x, y, strict=False))
    at = next((i for i, (p, q) in pairs if p != q), min(len(x), len(y)))
    return f" (from byte {at}: {x[at:at + 60]!r} vs {y[at:at + 60]!r})"


# ---------------------------------------------------------------------------------------------
# html-validate
# ---------------------------------------------------------------------------------------------


def run_html_validate(files: Sequence[Path], config: Path = HTML_VALIDATE_CONFIG) -> Run:
    """html-validate over ``files``, in one process per core (it checks about 15 files/s)."""
    command = ["node", str(HTML_VALIDATE), "--config", str(config), "--formatter", "text",
               "--max-warnings", "0"]
    jobs = max(1, min(os.cpu_count() or 1, 4, len(files)))
    chunks = [list(map(str, files[i::jobs])) for i in range(jobs)]
    processes = [subprocess.Popen([*command, *chunk], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, cwd=E2E_DIR)
                 for chunk in chunks]
    outputs = [process.communicate(timeout=600)[0] for process in processes]
    returncode = max(process.returncode for process in processes)
    return Run([*command, f"<{len(files)} files>"], returncode, "".join(outputs))


def summarise_html_validate(output: str, limit: int = 60) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    rules = Counter(m.group(1) for line in lines if (m := re.search(r"\[([\w/-]+)\]\s*$", line)))
    head = "\n".join(lines[:limit])
    more = f"\n... and {len(lines) - limit} more lines" if len(lines) > limit else ""
    counts = ", ".join(f"{rule}: {n}" for rule, n in rules.most_common())
    return f"{head}{more}\nby rule: {counts}"


# ---------------------------------------------------------------------------------------------
# axe-core
# ---------------------------------------------------------------------------------------------

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def format_axe_violations(url: str, violations: Sequence[dict[str, Any]]) -> str:
    out = [f"{len(violations)} axe-core violation(s) on {url}:"]
    for violation in violations:
        out.append(f"- [{violation.get('impact')}] {violation.get('id')}: "
                   f"{violation.get('help')} ({violation.get('helpUrl')})")
        nodes = violation.get("nodes", [])
        for node in nodes[:5]:
            out.append(f"    at {', '.join(map(str, node.get('target', [])))}")
            out.append(f"       {str(node.get('html', ''))[:200]}")
            summary = str(node.get("failureSummary", "")).replace("\n", "\n       ")
            out.append(f"       {summary}")
        if len(nodes) > 5:
            out.append(f"    ... and {len(nodes) - 5} more elements")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# XSS payloads in the data
# ---------------------------------------------------------------------------------------------

PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "[link](javascript:window.__xss=1)",
    '"><svg onload=window.__xss=1>',
)
# More that only Markdown (or a sanitiser that lets raw HTML through) would turn into markup.
MARKDOWN_PAYLOADS = (
    '\n\n<a href="javascript:window.__xss=1">a</a> <iframe src="javascript:window.__xss=1">'
    "</iframe>\n\n[b](JaVaScRiPt:window.__xss=1) ![c](x\" onerror=\"window.__xss=1) "
    "<javascript:window.__xss=1>\n\n<details open ontoggle=window.__xss=1>d</details>\n"
)
COMBINED = "".join(PAYLOADS)


def payload_candidates(value: str) -> list[str]:
    """What to try in a string field, most payload first; the original comes last."""
    return [
        value + COMBINED + MARKDOWN_PAYLOADS,
        value + COMBINED,
        *(value + payload for payload in PAYLOADS),
        "javascript:window.__xss=1",
    ]


def string_leaves(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, text) of every string in a loaded record."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, f"{pointer}/{_escape_pointer(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, f"{pointer}/{index}")


def _escape_pointer(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _split_pointer(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def get_at(value: Any, pointer: str) -> Any:
    for part in _split_pointer(pointer):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def set_at(value: Any, pointer: str, new: Any) -> None:
    parts = _split_pointer(pointer)
    for part in parts[:-1]:
        value = value[int(part)] if isinstance(value, list) else value[part]
    last = parts[-1]
    if isinstance(value, list):
        value[int(last)] = new
    else:
        value[last] = new


def pointers_overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/") or a == "" or b == ""


def validation_problems(data: Path) -> tuple[Run, list[dict[str, Any]]]:
    run = run_relief("validate", str(data), "--format", "json")
    start = run.output.find("[")
    try:
        problems = json.loads(run.output[start:]) if start >= 0 else []
    except json.JSONDecodeError:
        problems = []
    return run, [p for p in problems if p.get("severity") == "error"]


XSS_COLLECTIONS = ("organizations", "bulletins", "campaigns", "disclosures", "guidelines")


@dataclass
class Injection:
    """One record of a collection with payloads in its string fields."""

    collection: str
    file: Path
    data: Any
    originals: dict[str, str]  # JSON pointer -> original text
    step: dict[str, int]  # JSON pointer -> index into payload_candidates (past the end: original)

    @property
    def record_id(self) -> str:
        return self.file.stem

    def value(self, pointer: str) -> str:
        candidates = payload_candidates(self.originals[pointer])
        index = self.step[pointer]
        return candidates[index] if index < len(candidates) else self.originals[pointer]

    def carrying(self) -> list[str]:
        return [p for p in self.originals if self.value(p) != self.originals[p]]

    def reverted(self) -> list[str]:
        return [p for p in self.originals if self.value(p) == self.originals[p]]

    def write(self) -> None:
        from relief import exactjson

        for pointer in self.originals:
            set_at(self.data, pointer, self.value(pointer))
        self.file.write_text(exactjson.dumps(self.data) + "\n", encoding="utf-8")

    def advance(self, pointer: str) -> bool:
        if self.step[pointer] >= len(payload_candidates(self.originals[pointer])):
            return False
        self.step[pointer] += 1
        return True


def _load_record(path: Path) -> Any:
    from relief import yamlstrict

    loaded = yamlstrict.load_file(path)
    if loaded.data is None:
        raise AssertionError(f"{path} does not load: {loaded.problems}")
    return loaded.data


def choose_records(data: Path) -> list[Injection]:
    """In each collection, the record with the most string fields."""
    chosen = []
    for collection in XSS_COLLECTIONS:
        best: tuple[int, Path, Any] | None = None
        for path in sorted((data / collection).glob("*.yaml")):
            record = _load_record(path)
            count = sum(1 for _ in string_leaves(record))
            if best is None or count > best[0]:
                best = (count, path, record)
        if best is None:
            raise AssertionError(f"no record in {data / collection}")
        _, path, record = best
        originals = dict(string_leaves(record))
        chosen.append(Injection(collection, path, record, originals, dict.fromkeys(originals, 0)))
    return chosen


def _injection_of(problem: dict[str, Any], injections: Sequence[Injection]) -> Injection | None:
    file = Path(str(problem.get("file", "")))
    for injection in injections:
        if file.name == injection.file.name and file.parent.name == injection.collection:
            return injection
    return None


def _exactly_blamed(problem: dict[str, Any], injections: Sequence[Injection]
                    ) -> list[tuple[Injection, str]]:
    """The injected field a problem points at exactly (a pattern, enum or vocabulary error)."""
    injection = _injection_of(problem, injections)
    pointer = str(problem.get("pointer") or "")
    if injection is None or pointer not in injection.originals:
        return []
    return [(injection, pointer)]


def _loosely_blamed(problem: dict[str, Any], injections: Sequence[Injection], data: Path
                    ) -> list[tuple[Injection, str]]:
    """The injected fields under, or above, the problem's pointer, or elsewhere its text."""
    file = Path(str(problem.get("file", "")))
    pointer = str(problem.get("pointer") or "")
    injection = _injection_of(problem, injections)
    if injection is not None:
        return [(injection, p) for p in injection.originals if pointers_overlap(p, pointer)]
    # A problem in another record (a reference to a changed id, say): blame the injected
    # fields whose original text is what that record holds at the pointer.
    try:
        other = get_at(_load_record(data / file.parent.name / file.name), pointer)
    except (AssertionError, KeyError, IndexError, ValueError, TypeError):
        return []
    texts = {text for _, text in string_leaves(other)}
    return [(i, p) for i in injections for p, text in i.originals.items() if text in texts]


LOCAL_CODES = ("schema.", "vocab.", "code.")


def inject_payloads(data: Path, rounds: int = 12) -> tuple[list[Injection], Run]:
    """Put payloads into every string field of one record per collection that still validates.

    Each field starts with the most payload; a field a validation error blames falls back to
    smaller payloads and at last to its original text. Returns the records and the last
    validation run (exit 0 when the dataset is valid).
    """
    injections = choose_records(data)
    for injection in injections:
        injection.write()
    run, problems = validation_problems(data)
    for _ in range(rounds):
        if run.returncode == 0:
            break
        # Fields that a field-local error (schema, vocabulary, code) names exactly fall back
        # first; problems that follow from them (a field not allowed, or a donor's name that
        # needs consent, once a kind changed) go away with them. Then fields other errors
        # name exactly; only then the fields near a problem.
        local = [p for p in problems if str(p.get("code", "")).startswith(LOCAL_CODES)]
        pairs = [pair for problem in local for pair in _exactly_blamed(problem, injections)]
        if not pairs:
            pairs = [pair for problem in problems
                     for pair in _exactly_blamed(problem, injections)]
        if not pairs:
            pairs = [pair for problem in problems
                     for pair in _loosely_blamed(problem, injections, data)]
        blamed = {(id(i), p): (i, p) for i, p in pairs}
        if not any([injection.advance(pointer) for injection, pointer in blamed.values()]):
            break
        for injection in injections:
            injection.write()
        run, problems = validation_problems(data)
    return injections, run
