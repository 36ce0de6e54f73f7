// The browser side of the static search index written by relief/search/index.py.
// Tokens follow relief/search/text.py exactly (a test runs both on the same strings): text is
// NFKC-normalised and lower-cased and cut into runs of letters and digits; a term is looked up
// as a cover of its runs by grams (two to four characters) at relative offsets (counted in
// code points), lone characters per page. A page matches when every gram sits at its offset
// from one start: a substring search, complete for Chinese without segmenting words.

const WORD = /^[\p{L}\p{N}]$/u;
const TERM = /"([^"]+)"|(\S+)/gu;
const LONGEST_GRAM = 4;

export function normalize(text) {
  return text.normalize("NFKC").toLowerCase();
}

export function isWordChar(char) {
  return WORD.test(char);
}

/** Terms of a query: words split at spaces; a "quoted phrase" is one term. */
export function queryTerms(query) {
  const text = normalize(query).replace(/[\u201c\u201d]/gu, '"');
  const terms = [];
  for (const match of text.matchAll(TERM)) {
    const term = (match[1] ?? match[2]).trim();
    if ([...term].some(isWordChar) && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

/** Maximal runs of word characters of a string: [[offset, run]] (offsets in code points). */
export function runs(text) {
  const found = [];
  let start = -1;
  const chars = [...text];
  chars.forEach((char, offset) => {
    if (isWordChar(char)) {
      if (start < 0) start = offset;
    } else if (start >= 0) {
      found.push([start, chars.slice(start, offset).join("")]);
      start = -1;
    }
  });
  if (start >= 0) found.push([start, chars.slice(start).join("")]);
  return found;
}

/** What to look up for one normalised term: grams at offsets relative to the term's start
 *  (each run covered by 4-grams at its start, every fourth character and its end), and the
 *  characters standing alone between marks (looked up per page). */
export function planTerm(term) {
  const grams = [];
  const singles = new Set();
  for (const [start, run] of runs(term)) {
    const chars = [...run];
    if (chars.length === 1) {
      singles.add(run);
      continue;
    }
    const size = Math.min(chars.length, LONGEST_GRAM);
    const at = new Set();
    for (let i = 0; i + size <= chars.length; i += size) at.add(i);
    at.add(chars.length - size);
    for (const i of [...at].sort((x, y) => x - y)) {
      grams.push([chars.slice(i, i + size).join(""), start + i]);
    }
  }
  return { grams, singles: [...singles].sort() };
}

export function fnv1a(token) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(token)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
  }

  next() {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  }
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** The keys of `pages` that are in `keep` (null: no restriction yet). */
function restrict(pages, keep) {
  if (keep === null) return new Set(pages);
  const out = new Set();
  for (const page of pages) if (keep.has(page)) out.add(page);
  return out;
}

/** A shard: its tokens in order, each with its page list (still encoded). */
function readShard(bytes) {
  const reader = new Reader(bytes);
  const decoder = new TextDecoder();
  const entries = [];
  for (let n = reader.next(); n > 0; n -= 1) {
    const length = reader.next();
    const token = decoder.decode(bytes.subarray(reader.at, reader.at + length));
    reader.at += length;
    entries.push([token, reader.next()]);
  }
  const lists = new Map();
  let at = reader.at;
  for (const [token, length] of entries) {
    lists.set(token, bytes.subarray(at, at + length));
    at += length;
  }
  return { order: entries.map(([token]) => token), lists, decoded: new Map() };
}

/** A gram's page list: {pages: page numbers, values: occurrences * 2 + in-title}. */
function gramList(shard, gram) {
  if (!shard.decoded.has(gram)) {
    const reader = new Reader(shard.lists.get(gram));
    const count = reader.next();
    const pages = new Int32Array(count);
    const values = new Int32Array(count);
    let page = 0;
    for (let i = 0; i < count; i += 1) {
      page += reader.next();
      pages[i] = page;
      values[i] = reader.next();
    }
    shard.decoded.set(gram, { pages, values });
  }
  return shard.decoded.get(gram);
}

export class SearchIndex {
  /** @param base URL of the index folder, ending in "/" (e.g. "/search-index/"). */
  constructor(base) {
    this.base = base;
    this.cache = new Map();
  }

  /** Load a file once; a failed load is forgotten, so the next search tries again. */
  once(key, load) {
    if (!this.cache.has(key)) {
      const loading = load();
      loading.catch(() => this.cache.delete(key));
      this.cache.set(key, loading);
    }
    return this.cache.get(key);
  }

  manifest() {
    return this.once("manifest", () => fetchJson(`${this.base}manifest.json`));
  }

  async shard(token) {
    const { shards } = await this.manifest();
    const number = fnv1a(token) % shards;
    const shard = await this.once(`s${number}`,
      () => fetchBytes(`${this.base}shards/${number}.bin`).then(readShard));
    return { number, shard };
  }

  /** Pages containing a gram: Map(page -> occurrences * 2 + in-title). */
  async gramPages(gram) {
    const { shard } = await this.shard(gram);
    const found = new Map();
    if (!shard.lists.has(gram)) return found;
    const { pages, values } = gramList(shard, gram);
    pages.forEach((page, i) => found.set(page, values[i]));
    return found;
  }

  /** Where each gram of a shard starts in one block's offsets file: Map(gram -> [at, list
   *  index of its first page in the block]). Counts come from the page lists. */
  async offsetsBlock(number, shard, block) {
    return this.once(`o${number}-${block}`, async () => {
      const { offsets_block: size } = await this.manifest();
      const bytes = await fetchBytes(`${this.base}offsets/${number}-${block}.bin`);
      const reader = new Reader(bytes);
      const starts = new Map();
      for (const token of shard.order) {
        if ([...token].length < 2) continue;
        const { pages, values } = gramList(shard, token);
        let i = 0;
        while (i < pages.length && pages[i] < block * size) i += 1;
        starts.set(token, [reader.at, i]);
        for (; i < pages.length && pages[i] < (block + 1) * size; i += 1) {
          for (let k = values[i] >> 1; k > 0; k -= 1) reader.next();
        }
      }
      return { bytes, starts };
    });
  }

  /** A gram's offsets in the wanted pages: Map(page -> Set of offsets). */
  async gramOffsets(gram, wanted) {
    const { offsets_block: size } = await this.manifest();
    const { number, shard } = await this.shard(gram);
    const result = new Map();
    if (!shard.lists.has(gram)) return result;
    const { pages, values } = gramList(shard, gram);
    const blocks = new Set();
    for (const page of pages) if (wanted.has(page)) blocks.add(Math.floor(page / size));
    await Promise.all([...blocks].map(async (block) => {
      const { bytes, starts } = await this.offsetsBlock(number, shard, block);
      const [at, first] = starts.get(gram);
      const reader = new Reader(bytes);
      reader.at = at;
      for (let i = first; i < pages.length && pages[i] < (block + 1) * size; i += 1) {
        const keep = wanted.has(pages[i]) ? new Set() : null;
        let offset = 0;
        for (let k = values[i] >> 1; k > 0; k -= 1) {
          offset += reader.next();
          keep?.add(offset);
        }
        if (keep) result.set(pages[i], keep);
      }
    }));
    return result;
  }

  /** Pages containing a single character: Set of page numbers. */
  async charPages(char) {
    const { shard } = await this.shard(char);
    const found = new Set();
    if (!shard.lists.has(char)) return found;
    const reader = new Reader(shard.lists.get(char));
    let page = 0;
    for (let n = reader.next(); n > 0; n -= 1) {
      page += reader.next();
      found.add(page);
    }
    return found;
  }

  /** Pages matching one term: Map(page -> {count, title}). */
  async matchTerm(term, titleSpan) {
    const plan = planTerm(term);
    const [lists, singles] = await Promise.all([
      Promise.all(plan.grams.map(([gram]) => this.gramPages(gram))),
      Promise.all(plan.singles.map((char) => this.charPages(char))),
    ]);
    let keep = null;
    for (const pages of [...lists, ...singles].sort((a, b) => a.size - b.size)) {
      keep = restrict(pages.keys(), keep);
    }
    const result = new Map();
    if (lists.length <= 1) {
      // One gram (or none): its page list says how often and whether in the title.
      for (const page of keep) {
        const value = lists.length === 1 ? lists[0].get(page) : 2;
        result.set(page, { count: value >> 1, title: (value & 1) === 1 });
      }
      return result;
    }
    const offsets = await Promise.all(plan.grams.map(([gram]) => this.gramOffsets(gram, keep)));
    for (const page of keep) {
      let starts = [...offsets[0].get(page)].map((offset) => offset - plan.grams[0][1]);
      for (let i = 1; i < offsets.length && starts.length > 0; i += 1) {
        const at = offsets[i].get(page);
        starts = starts.filter((start) => at.has(start + plan.grams[i][1]));
      }
      if (starts.length > 0) {
        result.set(page, { count: starts.length, title: starts.some((s) => s < titleSpan) });
      }
    }
    return result;
  }

  /** One filter's values with their pages: [{value, pages: Uint8Array membership}]. */
  facet(key) {
    return this.once(`f${key}`, async () => {
      const manifest = await this.manifest();
      const facet = manifest.facets.find((f) => f.key === key);
      const reader = new Reader(await fetchBytes(`${this.base}filters/${key}.bin`));
      return facet.values.map((value) => {
        const pages = new Uint8Array(manifest.pages);
        let page = 0;
        for (let n = reader.next(); n > 0; n -= 1) {
          page += reader.next();
          pages[page] = 1;
        }
        return { value, pages };
      });
    });
  }

  /**
   * Search: every page containing all terms of `query` (none: every page) and, for each
   * filter with chosen values, one of them; ranked. For each filter named in `countKeys`,
   * how many pages each value would give combined with the query and the other filters.
   * Only the filters chosen or counted are loaded.
   * @param chosen {key: [values]}
   * @param countKeys [key]
   */
  async search(query, chosen = {}, countKeys = []) {
    const manifest = await this.manifest();
    const terms = queryTerms(query);
    const keys = manifest.facets.map((f) => f.key)
      .filter((key) => (chosen[key] ?? []).length > 0 || countKeys.includes(key));
    const [facets, matches] = await Promise.all([
      Promise.all(keys.map((key) => this.facet(key))),
      Promise.all(terms.map((term) => this.matchTerm(term, manifest.title_span))),
    ]);
    const loaded = keys.map((key, i) => ({ key, values: facets[i] }));
    let candidates;
    if (matches.length === 0) {
      candidates = Array.from({ length: manifest.pages }, (_, page) => page);
    } else {
      let keep = null;
      for (const found of [...matches].sort((a, b) => a.size - b.size)) {
        keep = restrict(found.keys(), keep);
      }
      candidates = [...keep].sort((a, b) => a - b);
    }
    const active = loaded
      .map((facet) => ({
        facet,
        picked: facet.values.filter((v) => (chosen[facet.key] ?? []).includes(v.value)),
      }))
      .filter(({ picked }) => picked.length > 0);
    const counted = loaded.filter((facet) => countKeys.includes(facet.key));
    const counts = Object.fromEntries(counted.map((f) => [f.key, new Map()]));
    const results = [];
    for (const page of candidates) {
      const failing = active.filter(({ picked }) => !picked.some((v) => v.pages[page]));
      if (failing.length === 0) results.push(page);
      if (failing.length > 1) continue;
      for (const facet of counted) {
        if (failing.length === 1 && failing[0].facet !== facet) continue;
        const tally = counts[facet.key];
        for (const value of facet.values) {
          if (value.pages[page]) tally.set(value.value, (tally.get(value.value) ?? 0) + 1);
        }
      }
    }
    if (matches.length > 0) {
      const score = new Map(results.map((page) => [page, rank(page, matches)]));
      results.sort((a, b) => score.get(b) - score.get(a) || a - b);
    }
    return { terms, total: results.length, pages: results, counts };
  }

  /** What a result shows: {url, title, type, date, districts, text}. */
  page(number) {
    return this.once(`p${number}`, () => fetchJson(`${this.base}pages/${number}.json`));
  }
}

// A term in the title outweighs any number of mentions in the body.
function rank(page, matches) {
  let score = 0;
  for (const found of matches) {
    const hit = found.get(page);
    score += (hit.title ? 100 : 0) + Math.min(hit.count, 20);
  }
  return score;
}

/**
 * A snippet of `text` around the first match of any term, as [{text, mark}] parts, at most
 * about `width` characters. Matching is on normalised text, shown in the original. A match at
 * or after code point `after` is preferred (to skip a page's heading lines).
 */
export function snippet(text, terms, width = 80, after = 0) {
  const chars = [...text];
  // Map each normalised code point back to the original character it came from.
  const normal = [];
  const origin = [];
  chars.forEach((char, i) => {
    for (const piece of normalize(char)) {
      normal.push(piece);
      origin.push(i);
    }
  });
  const flat = normal.join("");
  const marked = new Uint8Array(chars.length);
  let first = -1;
  let firstAfter = -1;
  for (const term of terms) {
    const length = [...term].length;
    let from = 0;
    for (;;) {
      const unit = flat.indexOf(term, from);
      if (unit < 0) break;
      const start = [...flat.slice(0, unit)].length;
      for (let i = start; i < start + length; i += 1) marked[origin[i]] = 1;
      const at = origin[start];
      if (first < 0 || at < first) first = at;
      if (at >= after && (firstAfter < 0 || at < firstAfter)) firstAfter = at;
      from = unit + term.length;
    }
  }
  const focus = firstAfter >= 0 ? firstAfter : first;
  const begin = Math.max(0, focus < 0 ? 0 : focus - Math.floor(width / 3));
  const end = Math.min(chars.length, begin + width);
  const parts = [];
  if (begin > 0) parts.push({ text: "…", mark: false });
  for (let i = begin; i < end; i += 1) {
    const char = chars[i] === "\n" ? " " : chars[i];
    const last = parts[parts.length - 1];
    if (last && last.mark === Boolean(marked[i]) && last.text !== "…") last.text += char;
    else parts.push({ text: char, mark: Boolean(marked[i]) });
  }
  if (end < chars.length) parts.push({ text: "…", mark: false });
  return parts;
}
