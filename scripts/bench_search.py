"""Benchmark: the static search index, built and then queried in headless Chromium.

    python scripts/bench_search.py [--organizations 10000] [--workdir DIR] [--runs 5]

Generates a synthetic dataset with scripts/synthetic.py, builds the site with
``python -m relief build`` (timed, as a subprocess with RELIEF_TODAY=2026-11-29), then times
``relief.search.index.build_index`` again in-process and reports the index's size on disk.

It then serves the output on 127.0.0.1 like a static host (GitHub Pages style: gzip for
.js/.json/.css/.html/.bin when the browser accepts it, ``Cache-Control: max-age=600``, ETag
and Last-Modified revalidation) and runs about 40 queries in headless Chromium
(``/usr/bin/chromium``; no browser is downloaded). Per query:

- cold: a fresh browser context (empty HTTP cache) loads a blank page, imports
  ``/static/js/search-engine.js``, and times ``new SearchIndex`` + ``search`` + fetching the
  first 10 result pages with the counts of the filter groups open at first (what the search
  page shows first). The bytes are the response bodies
  on the wire (gzip) of every request of that first search, the engine module included;
- warm: ``--runs`` more searches in the same page, each with a new ``SearchIndex`` (the HTTP
  cache is warm), median time;
- recall and precision of the complete result list against a plain scan of every
  ``search-index/pages/<n>.json`` (a page matches when its normalised title or text contains
  every query term) and, for filters, of the pages' ``data-search`` descriptions.

Prints the queries, a table per query and the aggregates against the targets (recall 1.0,
p95 <= 300 ms, first search <= 150 KB). Exits 0 when the measurement ran, whatever the
figures; non-zero when the build, the server, the browser or a search broke.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import io
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from relief.search.extract import SearchPage
from relief.search.index import INDEX_DIR, build_index, read_site
from relief.search.text import normalize, query_terms

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ENGINE = "/static/js/search-engine.js"
INDEX_URL = f"/{INDEX_DIR}/"
BLANK = "/__bench__.html"
BLANK_HTML = (b"<!doctype html><html lang=zh><meta charset=utf-8><title>bench</title>"
              b'<link rel=icon href="data:,"></html>')  # no favicon.ico request
SHOWN = 10  # PAGE_SIZE of theme/js/search-page.js
COUNTED = ["type", "district"]  # OPEN_AT_START of theme/js/search-page.js: counts shown at once
GZIP_TYPES = frozenset({".js", ".json", ".css", ".html", ".bin"})
GZIP_LEVEL = 6
MAX_AGE = 600  # GitHub Pages
TARGET_RECALL = 1.0
TARGET_P95_MS = 300.0
TARGET_BYTES = 150 * 1024

Chosen = dict[str, list[str]]


# --- serving -------------------------------------------------------------------------------


class Gzipped:
    """Gzip bodies, computed once per file (a real host precompresses or caches them)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bodies: dict[str, tuple[int, bytes]] = {}

    def get(self, path: str) -> tuple[bytes, os.stat_result]:
        stat = os.stat(path)
        with self.lock:
            cached = self.bodies.get(path)
        if cached is not None and cached[0] == stat.st_mtime_ns:
            return cached[1], stat
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=GZIP_LEVEL, mtime=0)
        with self.lock:
            self.bodies[path] = (stat.st_mtime_ns, body)
        return body, stat

    def warm(self, folder: Path) -> tuple[int, int]:
        """Compress every servable file under ``folder``: (raw bytes, gzip bytes)."""
        raw = packed = 0
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in GZIP_TYPES:
                body, stat = self.get(str(path))
                raw += stat.st_size
                packed += len(body)
        return raw, packed


class Handler(SimpleHTTPRequestHandler):
    """Static files with gzip, max-age and ETag revalidation; quiet."""

    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, gzipped: Gzipped, **kwargs: Any) -> None:
        self.gzipped = gzipped
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        super().end_headers()

    def _accepts_gzip(self) -> bool:
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.strip().partition(";")
            if name.strip().lower() == "gzip":
                return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        return False

    def send_head(self) -> Any:
        if self.path.split("?", 1)[0] == BLANK:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BLANK_HTML)))
            self.end_headers()
            return io.BytesIO(BLANK_HTML)
        path = self.translate_path(self.path)
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in GZIP_TYPES or not os.path.isfile(path) or not self._accepts_gzip():
            return super().send_head()
        body, stat = self.gzipped.get(path)
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz"'
        if etag in self.headers.get("If-None-Match", ""):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return io.BytesIO(b"")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path, gzipped: Gzipped) -> ThreadingHTTPServer:
    handler = partial(Handler, directory=str(folder), gzipped=gzipped)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- queries and what they should find -------------------------------------------------------


@dataclass
class Query:
    group: str
    text: str
    chosen: Chosen = field(default_factory=dict)

    def label(self) -> str:
        shown = json.dumps(self.text, ensure_ascii=False) if self.text else "(none)"
        filters = "; ".join(f"{key}={'|'.join(values)}" for key, values in self.chosen.items())
        return f"{shown} [{filters}]" if filters else shown


@dataclass
class Corpus:
    """What every page holds: normalised text, and its filter values."""

    haystacks: list[str]
    pages: list[dict[str, Any]]
    facets: list[dict[str, set[str]]]  # per page: key -> values (type included)

    def df(self, term: str) -> int:
        needle = normalize(term)
        return sum(needle in hay for hay in self.haystacks)

    def expected(self, query: Query) -> set[int]:
        terms = query_terms(query.text)
        found = set()
        for number, hay in enumerate(self.haystacks):
            if not all(term in hay for term in terms):
                continue
            if all(self.facets[number].get(key, set()) & set(values)
                   for key, values in query.chosen.items() if values):
                found.add(number)
        return found


def load_corpus(output: Path) -> Corpus:
    folder = output / INDEX_DIR / "pages"
    manifest = json.loads((output / INDEX_DIR / "manifest.json").read_text(encoding="utf-8"))
    pages = [json.loads((folder / f"{n}.json").read_text(encoding="utf-8"))
             for n in range(manifest["pages"])]
    extra = len(list(folder.glob("*.json"))) - len(pages)
    if extra:
        raise RuntimeError(f"{extra} pages/*.json beyond the manifest's page count")
    haystacks = [normalize(p["title"]) + "\n" + normalize(p["text"]) for p in pages]
    # Filter values from the built HTML (data-search), not from filters/: an independent
    # check of the filters as written and as the browser decodes them.
    by_url: dict[str, SearchPage] = {doc.url: doc.page for doc in read_site(output)}
    facets: list[dict[str, set[str]]] = []
    for page in pages:
        info = by_url[page["url"]].info
        values = {key: set(vals) for key, vals in info.get("facets", {}).items()}
        values["type"] = {info["type"]}
        facets.append(values)
    return Corpus(haystacks, pages, facets)


def _names(path: Path) -> list[str]:
    return [entry["name"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]]


def _rare_word(corpus: Corpus) -> str | None:
    """A four-character word of a page other than a directory entry, on exactly one page."""
    for page in corpus.pages:
        if page["type"] == "资源目录":
            continue
        for run in re.findall(r"[\u4e00-\u9fff]{4,}", page["text"]):
            for start in range(0, len(run) - 3, 2):
                word: str = run[start:start + 4]
                if corpus.df(word) == 1:
                    return word
    return None


def choose_queries(corpus: Corpus, vocab: Path, manifest: dict[str, Any]) -> list[Query]:
    divisions = yaml.safe_load((vocab / "divisions.yaml").read_text(encoding="utf-8"))
    districts = [(d["name"], [t["name"] for t in d["towns"]]) for d in divisions["entries"]]
    towns = [town for _, names in districts for town in names]
    capabilities = _names(vocab / "capabilities.yaml")
    goods = _names(vocab / "goods.yaml")
    facet_values = {facet["key"]: facet["values"] for facet in manifest["facets"]}
    directory = [n for n, page in enumerate(corpus.pages) if page["type"] == "资源目录"]
    if not directory:
        raise RuntimeError("no directory entries were built")

    queries = [Query("common", word) for word in ("救援", "志愿", "应急", "合成", "灾")]

    by_df = sorted(towns, key=lambda town: (corpus.df(town), town))
    rare = [by_df[0]]
    word = _rare_word(corpus)
    if word:
        rare.append(word)
    middle = corpus.pages[directory[len(directory) // 2]]
    number = re.search(r"\d{5}$", middle["title"])
    if number:
        rare.append(number.group())
    phone = re.search(r"0562-\d{7}", middle["text"])
    if phone:
        rare.append(phone.group())
    rare.append("合成不存在的词语")  # no page has it
    queries += [Query("rare", term) for term in rare]

    queries += [Query("place", name) for name, _ in districts]
    several = [names[0] for _, names in districts] + [by_df[len(by_df) // 2], by_df[-1]]
    queries += [Query("place", town) for town in dict.fromkeys(several)]

    used_caps = [c for c in capabilities if c in facet_values.get("capability", [])] or capabilities
    queries += [Query("capability", c) for c in used_caps[:: max(1, len(used_caps) // 4)][:4]]
    used_goods = [g for g in goods if g in facet_values.get("goods", [])] or goods
    queries += [Query("goods", g) for g in used_goods[:: max(1, len(used_goods) // 4)][:4]]

    for position in (0, len(directory) // 3, len(directory) - 1):
        queries.append(Query("org name", corpus.pages[directory[position]]["title"]))

    located = re.search(r"\n(\S+) (\S+) · ", corpus.pages[directory[0]]["text"])
    queries.append(Query("phrase", f'"{capabilities[0]}"'))
    if located:
        queries.append(Query("phrase", f'"{located.group(1)} {located.group(2)}"'))
        queries.append(Query("multi", f"{located.group(1)} {located.group(2)}"))
    queries.append(Query("phrase", "\u201c合成装备\u201d"))
    queries.append(Query("phrase", '"合成数据,仅用于性能测试"'))

    queries.append(Query("multi", "枞阳县 心理援助"))
    queries.append(Query("multi", f"{districts[0][0]} {goods[0]} 志愿"))
    queries.append(Query("multi", "应急 应急 救援"))

    district = "枞阳县" if "枞阳县" in facet_values.get("district", []) else districts[0][0]
    queries.append(Query("filter", "", {}))
    queries.append(Query("filter", "", {"district": [district]}))
    capability = used_caps[0]
    queries.append(Query("filter", "", {"type": ["资源目录"], "capability": [capability]}))
    town_values = facet_values.get("town", [])[:2]
    if town_values:
        queries.append(Query("filter", "", {"town": town_values}))
    kinds = facet_values.get("org_kind", [])
    if kinds:
        queries.append(Query("filter", "", {"district": [districts[0][0]], "org_kind": kinds[:1]}))
    queries.append(Query("filter", goods[0], {"district": [districts[-1][0]]}))
    return queries


# --- the browser -----------------------------------------------------------------------------

SEARCH_JS = """
async ({engine, index, query, chosen, shown, counted}) => {
  performance.setResourceTimingBufferSize(100000);
  const started = performance.now();
  const module = await import(engine);
  const imported = performance.now();
  const idx = new module.SearchIndex(index);
  const result = await idx.search(query, chosen, counted);
  const searched = performance.now();
  await Promise.all(result.pages.slice(0, shown).map((n) => idx.page(n)));
  const done = performance.now();
  return {importMs: imported - started, searchMs: searched - imported, ms: done - imported,
          terms: result.terms, total: result.total, pages: result.pages};
}
"""

WARM_JS = """
async ({engine, index, query, chosen, shown, counted, runs}) => {
  const module = await import(engine);
  const times = [];
  const before = performance.getEntriesByType("resource").length;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const idx = new module.SearchIndex(index);
    const result = await idx.search(query, chosen, counted);
    await Promise.all(result.pages.slice(0, shown).map((n) => idx.page(n)));
    times.push(performance.now() - started);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const entries = performance.getEntriesByType("resource").slice(before);
  return {times, transferred: entries.reduce((sum, e) => sum + e.transferSize, 0)};
}
"""

RESOURCES_JS = """
async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return performance.getEntriesByType("resource").map((e) => ({
    name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize}));
}
"""


@dataclass
class Measured:
    query: Query
    cold_ms: float = math.nan
    search_ms: float = math.nan
    import_ms: float = math.nan
    warm_ms: float = math.nan
    wire_bytes: int = 0
    raw_bytes: int = 0
    requests: int = 0
    warm_bytes: int = 0
    found: list[int] = field(default_factory=list)
    total: int = 0
    expected: int = 0
    recall: float = math.nan
    precision: float = math.nan
    error: str = ""


def measure(browser: Any, base: str, query: Query, runs: int) -> Measured:
    result = Measured(query)
    context = browser.new_context()
    try:
        page = context.new_page()
        finished: list[Any] = []
        failed: list[str] = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("pageerror", lambda error: failed.append(f"page error: {error}"))
        page.goto(base + BLANK)
        finished.clear()
        arg = {"engine": ENGINE, "index": INDEX_URL, "query": query.text,
               "chosen": query.chosen, "shown": SHOWN, "counted": COUNTED,
               "runs": runs}
        cold = page.evaluate(SEARCH_JS, arg)
        resources = page.evaluate(RESOURCES_JS)
        deadline = time.monotonic() + 5
        while len(finished) < len(resources) and time.monotonic() < deadline:
            page.wait_for_timeout(20)  # lets the last network events reach Python
        result.cold_ms, result.import_ms = cold["ms"], cold["importMs"]
        result.search_ms = cold["searchMs"]
        result.found, result.total = cold["pages"], cold["total"]
        result.requests = len(resources)
        result.raw_bytes = sum(r["decoded"] for r in resources)
        # Bodies on the wire as the browser's network stack saw them (gzip where served so).
        result.wire_bytes = sum(request.sizes()["responseBodySize"] for request in finished)
        timed = sum(r["encoded"] for r in resources)
        if timed != result.wire_bytes or len(finished) != len(resources):
            failed.append(f"byte counts disagree: {len(finished)} requests/{result.wire_bytes} B "
                          f"(network) vs {len(resources)}/{timed} B (resource timing)")
        warm = page.evaluate(WARM_JS, arg)
        result.warm_ms = statistics.median(warm["times"]) if warm["times"] else math.nan
        result.warm_bytes = warm["transferred"]
        if failed:
            result.error = "; ".join(failed)
    except Exception as error:  # a broken search is reported, and the others still run
        result.error = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        result.cold_ms = result.warm_ms = math.nan
    finally:
        context.close()
    return result


def score(result: Measured, expected: set[int]) -> None:
    result.expected = len(expected)
    if math.isnan(result.cold_ms):
        return  # the search did not run
    found = set(result.found)
    result.recall = len(found & expected) / len(expected) if expected else float(not found)
    result.precision = len(found & expected) / len(found) if found else float(not expected)
    if len(found) != len(result.found):
        result.error = (result.error + "; " if result.error else "") + "duplicate page numbers"
    if result.total != len(result.found):
        result.error = (result.error + "; " if result.error else "") + "total != len(pages)"


# --- reporting -------------------------------------------------------------------------------


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(text: str, size: int, right: bool = False) -> str:
    if width(text) > size:
        while width(text) > size - 1:
            text = text[:-1]
        text += "…"
    pad = " " * (size - width(text))
    return pad + text if right else text + pad


def nearest_rank(values: list[float], fraction: float) -> float:
    ordered = sorted(v for v in values if not math.isnan(v))
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def kb(count: float) -> str:
    return f"{count / 1024:,.1f}"


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def build(workdir: Path, organizations: int, reuse: bool) -> Path:
    output = workdir / "output"
    if reuse and (output / "index.html").exists():
        print(f"reusing the site built in {output} (indexed again below)")
        return output
    generate = [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(workdir),
                "--organizations", str(organizations)]
    seconds, _ = timed(lambda: subprocess.run(generate, cwd=ROOT, check=True,
                                              stdout=subprocess.DEVNULL))
    data = workdir / "data"
    print(f"dataset: {organizations:,} organisations in {data} ({seconds:.1f} s)")
    if output.exists():
        shutil.rmtree(output)
    env = {**os.environ, "RELIEF_TODAY": TODAY}
    command = [sys.executable, "-m", "relief", "build", "--data", str(data),
               "--output", str(output)]
    seconds, done = timed(lambda: subprocess.run(command, cwd=ROOT, env=env, capture_output=True,
                                                 text=True, check=False))
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"the build failed (exit {done.returncode})")
    summary = [line for line in done.stdout.splitlines() if "search index" in line]
    print(f"site build (python -m relief build): {seconds:.1f} s")
    for line in summary:
        print(f"  {line}")
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, help="kept afterwards (default: a temp folder)")
    parser.add_argument("--runs", type=int, default=5, help="warm searches per query")
    parser.add_argument("--reuse", action="store_true",
                        help="use the site already built in WORKDIR/output (only re-index it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        return run(workdir.resolve(), args.organizations, args.runs, args.reuse)


def run(workdir: Path, organizations: int, runs: int, reuse: bool) -> int:
    from playwright.sync_api import sync_playwright

    output = build(workdir, organizations, reuse)
    stats = build_index(output)
    index = output / INDEX_DIR
    print(f"build_index in-process: {stats.seconds:.2f} s; {stats.pages:,} pages, "
          f"{stats.tokens:,} tokens, {stats.shards:,} shards, {stats.bytes:,} bytes written")
    gzipped = Gzipped()
    seconds, (raw, packed) = timed(lambda: gzipped.warm(output))
    shard_raw, shard_gz = gzipped.warm(index / "shards")
    offsets_raw, offsets_gz = gzipped.warm(index / "offsets")
    pages_raw, pages_gz = gzipped.warm(index / "pages")
    print(f"index on disk: {folder_bytes(index):,} bytes; "
          f"shards/ {folder_bytes(index / 'shards'):,}; offsets/ "
          f"{folder_bytes(index / 'offsets'):,}; pages/ {folder_bytes(index / 'pages'):,}; "
          f"filters/ {folder_bytes(index / 'filters'):,}; manifest.json "
          f"{(index / 'manifest.json').stat().st_size:,}")
    print(f"gzip -{GZIP_LEVEL}: shards/ {shard_raw:,} -> {shard_gz:,} bytes; offsets/ "
          f"{offsets_raw:,} -> {offsets_gz:,} bytes; pages/ {pages_raw:,}"
          f" -> {pages_gz:,} bytes (whole site {raw:,} -> {packed:,}, {seconds:.1f} s)")

    seconds, corpus = timed(lambda: load_corpus(output))
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    queries = choose_queries(corpus, workdir / "data" / "vocab", manifest)
    expected = [corpus.expected(query) for query in queries]
    print(f"expected results by a plain scan of {len(corpus.pages):,} pages: {seconds:.1f} s "
          f"to load")
    print(f"\nqueries ({len(queries)}):")
    for number, query in enumerate(queries, 1):
        print(f"  {number:2d}. {query.group:<10} {query.label()}")

    server = serve(output, gzipped)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: list[Measured] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            print(f"\nserving {output} at {base} (gzip, max-age={MAX_AGE}); "
                  f"Chromium {browser.version}; {runs} warm runs per query; "
                  f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
            for query, wanted in zip(queries, expected, strict=True):
                result = measure(browser, base, query, runs)
                score(result, wanted)
                results.append(result)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"load average after the queries: {os.getloadavg()[0]:.2f} (1 min)")
    report(results, runs)
    return 1 if any(result.error for result in results) else 0


def report(results: list[Measured], runs: int) -> None:
    head = (f"{cell('#', 3, True)} {cell('group', 10)} {cell('query', 34)} "
            f"{cell('results', 7, True)} {cell('expect', 7, True)} {cell('recall', 6, True)} "
            f"{cell('prec', 6, True)} {cell('cold ms', 8, True)} {cell('search', 7, True)} "
            f"{cell('warm ms', 8, True)} "
            f"{cell('import', 7, True)} {cell('req', 4, True)} {cell('wire KB', 8, True)} "
            f"{cell('raw KB', 8, True)}")
    print("\n" + head)
    print("-" * width(head))
    for number, r in enumerate(results, 1):
        print(f"{cell(str(number), 3, True)} {cell(r.query.group, 10)} "
              f"{cell(r.query.label(), 34)} {cell(f'{r.total:,}', 7, True)} "
              f"{cell(f'{r.expected:,}', 7, True)} {cell(f'{r.recall:.3f}', 6, True)} "
              f"{cell(f'{r.precision:.3f}', 6, True)} {cell(f'{r.cold_ms:.1f}', 8, True)} "
              f"{cell(f'{r.search_ms:.1f}', 7, True)} "
              f"{cell(f'{r.warm_ms:.1f}', 8, True)} {cell(f'{r.import_ms:.1f}', 7, True)} "
              f"{cell(str(r.requests), 4, True)} {cell(kb(r.wire_bytes), 8, True)} "
              f"{cell(kb(r.raw_bytes), 8, True)}")
    broken = [(n, r) for n, r in enumerate(results, 1) if r.error]
    for number, r in broken:
        print(f"  ! query {number} {r.query.label()}: {r.error}")
    warm_fetched = sum(r.warm_bytes for r in results)
    print(f"\ncold = new SearchIndex + search + first {SHOWN} result pages, fresh browser context "
          f"('search' = the part before the result pages; the engine module's import is the "
          f"'import' column, not in 'cold');")
    print(f"warm = median of {runs} runs, new SearchIndex each, HTTP cache warm "
          f"({warm_fetched:,} bytes transferred by all warm runs); wire KB = response bodies "
          f"on the wire of the first search, engine module included; raw KB = decoded.")

    cold = [r.cold_ms for r in results]
    warm = [r.warm_ms for r in results]
    wire = [float(r.wire_bytes) for r in results]
    recalls = [r.recall for r in results if not math.isnan(r.recall)]
    precisions = [r.precision for r in results if not math.isnan(r.precision)]
    min_recall = min(recalls, default=math.nan)
    min_precision = min(precisions, default=math.nan)
    p95_cold, p95_warm = nearest_rank(cold, 0.95), nearest_rank(warm, 0.95)
    worst = max(wire, default=math.nan)

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(f"\nsummary over {len(results)} queries")
    print(f"  cold latency        p50 {nearest_rank(cold, 0.5):7.1f} ms   p95 {p95_cold:7.1f} ms"
          f"   max {nearest_rank(cold, 1.0):7.1f} ms")
    print(f"  warm latency        p50 {nearest_rank(warm, 0.5):7.1f} ms   p95 {p95_warm:7.1f} ms"
          f"   max {nearest_rank(warm, 1.0):7.1f} ms")
    print(f"  first-search bytes  median {kb(statistics.median(wire) if wire else math.nan)} KB"
          f"   max {kb(worst)} KB (1 KB = 1024 bytes)")
    print(f"  recall    min {min_recall:.4f}")
    print(f"  precision min {min_precision:.4f}")
    print(f"  errors    {len(broken)}")
    print("\ntargets")
    print(f"  recall = {TARGET_RECALL:.1f}              min {min_recall:.4f}        "
          f"{verdict(min_recall >= TARGET_RECALL)}")
    print(f"  cold p95 <= {TARGET_P95_MS:.0f} ms          {p95_cold:7.1f} ms      "
          f"{verdict(p95_cold <= TARGET_P95_MS)}")
    print(f"  warm p95 <= {TARGET_P95_MS:.0f} ms          {p95_warm:7.1f} ms      "
          f"{verdict(p95_warm <= TARGET_P95_MS)}")
    print(f"  first search <= {kb(TARGET_BYTES)} KB   max {kb(worst)} KB   "
          f"{verdict(worst <= TARGET_BYTES)}")


if __name__ == "__main__":
    sys.exit(main())
