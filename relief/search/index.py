"""Build the static search index of a built site, under ``search-index/``.

Files (integers are unsigned LEB128 varints; lists of page numbers are delta-coded):

- ``manifest.json``: format, page count, shard count, title span, and the filters with their
  values and how many pages have each.
- ``shards/<n>.bin``: the tokens whose FNV-1a hash (of their UTF-8 bytes) modulo the shard count
  is n. A directory (token count; per token its UTF-8 length and bytes, and the length of its
  page list), then the page lists. A gram's page list: page count, then per page the delta
  and ``occurrences * 2 + (1 if in the title)``; a single character's: page count and deltas.
- ``offsets/<n>-<b>.bin``: the offsets of shard n's grams in pages of block b (pages
  b * block .. (b + 1) * block - 1; the block size is in the manifest), token after token in
  the shard's order, per page its occurrences (first absolute, then deltas). The page lists
  tell how many numbers each token has there. Only terms needing two or more grams load
  offsets, and only of the blocks holding their candidate pages.
- ``filters/<key>.bin``: per value in manifest order, the page count and deltas.
- ``pages/<n>.json``: what a result shows: url, title, type, date, districts, text.

A browser loads the manifest, the shards of the query's tokens (and their offsets when the
term needs them), the filters it shows or applies, and the pages of the results it shows:
never the whole index.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relief.search.extract import PageError, SearchPage, read_page
from relief.search.facets import FACETS, TYPES
from relief.search.text import TITLE_SPAN, tokenize
from relief.workers import map_slices

FORMAT = 3
INDEX_DIR = "search-index"
SHARD_BYTES = 16 * 1024  # aimed-for average shard size
# Pages per offsets file: at least this many, and few enough blocks per shard that a term whose
# candidates are everywhere does not need a request per block.
OFFSETS_BLOCK = 4096
MAX_BLOCKS = 4
MAX_SHARDS = 4096


class SearchIndexError(Exception):
    """A built page cannot be indexed (a template bug: the data are not at fault)."""


@dataclass(frozen=True)
class IndexStats:
    pages: int
    tokens: int
    shards: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class Doc:
    url: str
    page: SearchPage


def varint(value: int, out: bytearray) -> None:
    if value < 0x80:  # most numbers: one byte
        out.append(value)
        return
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def deltas(numbers: Iterable[int], out: bytearray) -> None:
    previous = 0
    for number in numbers:
        step = number - previous
        if step < 0x80:  # one byte, or two (body offsets start at 256): no call to varint()
            out.append(step)
        elif step < 0x4000:
            out.append((step & 0x7F) | 0x80)
            out.append(step >> 7)
        else:
            varint(step, out)
        previous = number


def fnv1a(token: str) -> int:
    value = 0x811C9DC5
    for byte in token.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def page_of(relative: str, html: str) -> SearchPage | None:
    """What the index takes from one built page (None: not searchable), checked."""
    try:
        page = read_page(html)
    except PageError as error:
        raise SearchIndexError(f"{relative}: {error}") from None
    if page is None:
        return None
    unknown = set(page.info.get("facets", {})) - (set(FACETS) - {"type"})
    if unknown:
        raise SearchIndexError(f"{relative}: unknown filter(s) {sorted(unknown)}")
    if page.info.get("type") not in TYPES:
        raise SearchIndexError(f"{relative}: unknown page type {page.info.get('type')!r}")
    return page


def read_site(output: Path, known: Mapping[str, SearchPage | None] | None = None) -> list[Doc]:
    """Every searchable page of the built site, in result order (kind, newest, url).

    ``known`` holds what page_of() gave for pages the build rendered itself, by their path
    relative to ``output``: those are not read back; every other page is.
    """
    known = known or {}
    docs: list[Doc] = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith(f"{INDEX_DIR}/"):
            continue
        if relative in known:
            page = known[relative]
        else:
            page = page_of(relative, path.read_text(encoding="utf-8"))
        if page is not None:
            docs.append(Doc("/" + relative.removesuffix("index.html"), page))
    # Stable sorts: by kind, then newest first (undated last), then by url.
    docs.sort(key=lambda d: d.url)
    docs.sort(key=lambda d: (d.page.info.get("date") is not None, d.page.info.get("date") or ""),
              reverse=True)
    docs.sort(key=lambda d: TYPES.index(d.page.info["type"]))
    return docs


def read_varint(data: bytes | bytearray, at: int = 0) -> tuple[int, int]:
    """The number at ``data[at:]`` and the position after it."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


@dataclass
class Posting:
    """A token's page list and offsets, encoded as pages are added (memory stays near the
    size of the files: a list of Python ints per token would take twenty times more)."""

    count: int = 0
    last: int = 0
    entries: bytearray = field(default_factory=bytearray)
    offsets: dict[int, bytearray] = field(default_factory=dict)  # block -> offsets there

    def add(self, page: int, offsets: list[int] | None = None, block: int = 0) -> None:
        """Add ``page`` (after the pages added so far); a gram's ``offsets`` there go to the
        offsets of ``block``."""
        # Called for every token of every page: one-byte numbers skip the call to varint().
        entries = self.entries
        step = page - self.last
        if step < 0x80:
            entries.append(step)
        elif step < 0x4000:
            entries.append((step & 0x7F) | 0x80)
            entries.append(step >> 7)
        else:
            varint(step, entries)
        self.count += 1
        self.last = page
        if offsets is not None:
            value = len(offsets) * 2 + (offsets[0] < TITLE_SPAN)
            if value < 0x80:
                entries.append(value)
            else:
                varint(value, entries)
            data = self.offsets.get(block)
            if data is None:
                data = self.offsets[block] = bytearray()
            deltas(offsets, data)

    def extend(self, later: Posting) -> None:
        """Append the postings of later pages, collected from page 0 (another worker's)."""
        if later.count == 0:
            return
        page, at = read_varint(later.entries)  # its first step is from 0: re-base it
        varint(page - self.last, self.entries)
        self.entries += later.entries[at:]
        self.count += later.count
        self.last = later.last
        for block, data in later.offsets.items():
            self.offsets.setdefault(block, bytearray()).extend(data)

    def page_list(self) -> bytes:
        head = bytearray()
        varint(self.count, head)
        return bytes(head + self.entries)


def block_size(pages: int) -> int:
    return max(OFFSETS_BLOCK, -(-pages // MAX_BLOCKS))


def _postings(docs: Sequence[Doc], first: int, size: int) -> dict[str, Posting]:
    """The postings of ``docs``, whose first is page number ``first`` of ``size``-page blocks."""
    postings: dict[str, Posting] = {}
    for number, doc in enumerate(docs, start=first):
        tokens = tokenize(doc.page.info["title"], doc.page.text)
        block = number // size
        for gram, offsets in tokens.grams.items():
            posting = postings.get(gram)
            if posting is None:
                posting = postings[gram] = Posting()
            posting.add(number, offsets, block)
        for char in tokens.singles:
            posting = postings.get(char)
            if posting is None:
                posting = postings[char] = Posting()
            posting.add(number)
    return postings


def collect_postings(docs: list[Doc], workers: int = 1) -> dict[str, Posting]:
    """Every token's postings over ``docs``; slices of pages in parallel, merged in order."""
    size = block_size(len(docs))
    parts = map_slices(lambda first, chunk: _postings(chunk, first, size), docs, workers)
    merged = parts[0]
    for part in parts[1:]:
        for token, posting in part.items():
            known = merged.get(token)
            if known is None:
                merged[token] = posting
            else:
                known.extend(posting)
    return merged


@dataclass(frozen=True)
class Shard:
    lists: bytes
    offsets: dict[int, bytes]  # block -> that block's offsets file


def _shards(postings: dict[str, Posting]) -> list[Shard]:
    lists = {token: posting.page_list() for token, posting in postings.items()}
    total = sum(len(data) for data in lists.values())
    count = max(1, min(MAX_SHARDS, -(-total // SHARD_BYTES)))
    grouped: list[list[str]] = [[] for _ in range(count)]
    for token in sorted(postings):
        grouped[fnv1a(token) % count].append(token)
    shards: list[Shard] = []
    for tokens in grouped:
        head, body, offsets = bytearray(), bytearray(), dict[int, bytearray]()
        varint(len(tokens), head)
        for token in tokens:
            encoded = token.encode("utf-8")
            varint(len(encoded), head)
            head += encoded
            varint(len(lists[token]), head)
            body += lists[token]
            for block, data in postings[token].offsets.items():
                offsets.setdefault(block, bytearray()).extend(data)
        shards.append(Shard(bytes(head + body),
                            {block: bytes(data) for block, data in sorted(offsets.items())}))
    return shards


def _filters(docs: list[Doc]) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    members: dict[str, dict[str, list[int]]] = {key: {} for key in FACETS}
    for number, doc in enumerate(docs):
        members["type"].setdefault(doc.page.info["type"], []).append(number)
        for key, values in doc.page.info.get("facets", {}).items():
            for value in values:
                members[key].setdefault(value, []).append(number)
    declared: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    for key, label in FACETS.items():
        order = TYPES if key == "type" else sorted(members[key])
        values = [v for v in order if v in members[key]]
        if not values:
            continue
        declared.append({"key": key, "label": label, "values": values,
                         "counts": [len(members[key][v]) for v in values]})
        out = bytearray()
        for value in values:
            varint(len(members[key][value]), out)
            deltas(members[key][value], out)
        files[key] = bytes(out)
    return declared, files


def _page_json(doc: Doc) -> str:
    info = doc.page.info
    return json.dumps({
        "url": doc.url, "title": info["title"], "type": info["type"], "date": info.get("date"),
        "districts": info.get("facets", {}).get("district", []), "text": doc.page.text,
    }, ensure_ascii=False, separators=(",", ":"))


def build_index(output: Path, known: Mapping[str, SearchPage | None] | None = None,
                workers: int = 1) -> IndexStats:
    """Index every searchable page under ``output``; replace ``output/search-index/``.

    ``known``: what the build already took from the pages it rendered (see read_site).
    """
    started = time.perf_counter()
    docs = read_site(output, known)
    postings = collect_postings(docs, workers)
    shards = _shards(postings)
    facets, filters = _filters(docs)
    target = output / INDEX_DIR
    if target.exists():
        shutil.rmtree(target)
    for folder in ("shards", "offsets", "filters", "pages"):
        (target / folder).mkdir(parents=True)
    written = 0
    for number, shard in enumerate(shards):
        written += (target / "shards" / f"{number}.bin").write_bytes(shard.lists)
        for block, data in shard.offsets.items():
            written += (target / "offsets" / f"{number}-{block}.bin").write_bytes(data)
    for key, data in filters.items():
        written += (target / "filters" / f"{key}.bin").write_bytes(data)
    for number, doc in enumerate(docs):
        written += (target / "pages" / f"{number}.json").write_bytes(
            _page_json(doc).encode("utf-8"))
    manifest = {"format": FORMAT, "pages": len(docs), "shards": len(shards),
                "offsets_block": block_size(len(docs)), "title_span": TITLE_SPAN, "facets": facets}
    written += (target / "manifest.json").write_bytes(
        json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return IndexStats(pages=len(docs), tokens=len(postings), shards=len(shards),
                      bytes=written, seconds=time.perf_counter() - started)
