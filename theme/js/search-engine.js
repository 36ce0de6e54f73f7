// The browser side of the static search index written by relief/search/index.py.
// Tokens follow relief/search/text.py exactly (a test runs both on the same strings): text is
// NFKC-normalised and lower-cased; every pair of adjacent letters or digits is a token at its
// offset (offsets count code points). A term matches a page where all its pairs sit at the
// same relative offsets: a plain substring search, complete for Chinese without segmenting.

const WORD = /^[\p{L}\p{N}]$/u;
const TERM = /"([^"]+)"|(\S+)/gu;

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

/** What to look up for one normalised term: its pairs at relative offsets, and the word
 *  characters no pair covers (looked up per page). */
export function planTerm(term) {
  const chars = [...term];
  const pairs = [];
  const covered = new Set();
  for (let i = 0; i + 1 < chars.length; i += 1) {
    if (isWordChar(chars[i]) && isWordChar(chars[i + 1])) {
      pairs.push([chars[i] + chars[i + 1], i]);
      covered.add(i).add(i + 1);
    }
  }
  const singles = new Set();
  chars.forEach((char, i) => {
    if (!covered.has(i) && isWordChar(char)) singles.add(char);
  });
  return { pairs, singles: [...singles].sort() };
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

/** Intersect Map/Set keys with a Set of page numbers (null means "all"). */
function restrict(pages, keep) {
  if (keep === null) return new Set(pages);
  const out = new Set();
  for (const page of pages) if (keep.has(page)) out.add(page);
  return out;
}

export class SearchIndex {
  /** @param base URL of the index folder, ending in "/" (e.g. "/search/"). */
  constructor(base) {
    this.base = base;
    this.shards = new Map();
    this.pages = new Map();
    this.manifestPromise = null;
    this.filtersPromise = null;
  }

  manifest() {
    this.manifestPromise ??= fetch(`${this.base}manifest.json`).then((response) => {
      if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
      return response.json();
    });
    return this.manifestPromise;
  }

  async shard(token) {
    const { shards } = await this.manifest();
    const number = fnv1a(token) % shards;
    if (!this.shards.has(number)) {
      this.shards.set(number, fetchBytes(`${this.base}shards/${number}.bin`).then(readShard));
    }
    return this.shards.get(number);
  }

  /** Pages containing a pair token, with offsets: Map(page -> Int32Array). */
  async pairPostings(pair) {
    const data = (await this.shard(pair)).get(pair);
    const found = new Map();
    if (!data) return found;
    const reader = new Reader(data);
    let page = 0;
    for (let n = reader.next(); n > 0; n -= 1) {
      page += reader.next();
      const offsets = new Int32Array(reader.next());
      let offset = 0;
      for (let i = 0; i < offsets.length; i += 1) {
        offset += reader.next();
        offsets[i] = offset;
      }
      found.set(page, offsets);
    }
    return found;
  }

  /** Pages containing a single character: Set of page numbers. */
  async charPages(char) {
    const data = (await this.shard(char)).get(char);
    const found = new Set();
    if (!data) return found;
    const reader = new Reader(data);
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
    const [pairs, singles] = await Promise.all([
      Promise.all(plan.pairs.map(([pair]) => this.pairPostings(pair))),
      Promise.all(plan.singles.map((char) => this.charPages(char))),
    ]);
    let keep = null;
    for (const pages of [...pairs, ...singles].sort((a, b) => a.size - b.size)) {
      keep = restrict(pages.keys(), keep);
    }
    const result = new Map();
    for (const page of keep ?? []) {
      let starts = [0];
      if (pairs.length > 0) {
        starts = Array.from(pairs[0].get(page), (offset) => offset - plan.pairs[0][1]);
        for (let i = 1; i < pairs.length && starts.length > 0; i += 1) {
          const at = new Set(pairs[i].get(page));
          starts = starts.filter((start) => at.has(start + plan.pairs[i][1]));
        }
      }
      if (starts.length > 0) {
        result.set(page, { count: starts.length, title: starts.some((s) => s < titleSpan) });
      }
    }
    return result;
  }

  /** The filters: [{key, label, values: [{value, pages: Uint8Array membership}]}]. */
  filters() {
    this.filtersPromise ??= Promise.all([
      this.manifest(),
      fetchBytes(`${this.base}filters.bin`),
    ]).then(([manifest, bytes]) => {
      const reader = new Reader(bytes);
      return manifest.facets.map((facet) => ({
        key: facet.key,
        label: facet.label,
        values: facet.values.map((value) => {
          const pages = new Uint8Array(manifest.pages);
          let page = 0;
          for (let n = reader.next(); n > 0; n -= 1) {
            page += reader.next();
            pages[page] = 1;
          }
          return { value, pages };
        }),
      }));
    });
    return this.filtersPromise;
  }

  /**
   * Search: every page containing all terms of `query` (none: every page) and, for each
   * filter with chosen values, one of them. Returns the ranked page numbers and, per filter
   * value, how many pages it would give combined with the query and the other filters.
   * @param chosen {key: [values]}
   */
  async search(query, chosen = {}) {
    const manifest = await this.manifest();
    const terms = queryTerms(query);
    const [filters, matches] = await Promise.all([
      this.filters(),
      Promise.all(terms.map((term) => this.matchTerm(term, manifest.title_span))),
    ]);
    let candidates;
    if (matches.length === 0) {
      candidates = Array.from({ length: manifest.pages }, (_, page) => page);
    } else {
      let keep = null;
      for (const found of [...matches].sort((a, b) => a.size - b.size)) {
        keep = restrict(found.keys(), keep);
      }
      candidates = [...keep];
    }
    const active = filters
      .map((facet) => ({
        facet,
        picked: facet.values.filter((v) => (chosen[facet.key] ?? []).includes(v.value)),
      }))
      .filter(({ picked }) => picked.length > 0);
    const counts = Object.fromEntries(filters.map((f) => [f.key, new Map()]));
    const results = [];
    for (const page of candidates) {
      const failing = active.filter(({ picked }) => !picked.some((v) => v.pages[page]));
      if (failing.length === 0) results.push(page);
      if (failing.length > 1) continue;
      for (const facet of filters) {
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
    if (!this.pages.has(number)) {
      this.pages.set(number, fetch(`${this.base}pages/${number}.json`).then((response) => {
        if (!response.ok) throw new Error(`pages/${number}.json: HTTP ${response.status}`);
        return response.json();
      }));
    }
    return this.pages.get(number);
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
  const tokens = new Map();
  let at = reader.at;
  for (const [token, length] of entries) {
    tokens.set(token, bytes.subarray(at, at + length));
    at += length;
  }
  return tokens;
}

/**
 * A snippet of `text` around the first match of any term, as [{text, mark}] parts, at most
 * about `width` characters. Matching is on normalised text, shown in the original.
 */
export function snippet(text, terms, width = 80) {
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
  for (const term of terms) {
    const length = [...term].length;
    let from = 0;
    for (;;) {
      const unit = flat.indexOf(term, from);
      if (unit < 0) break;
      const start = [...flat.slice(0, unit)].length;
      for (let i = start; i < start + length; i += 1) marked[origin[i]] = 1;
      if (first < 0 || origin[start] < first) first = origin[start];
      from = unit + term.length;
    }
  }
  const begin = Math.max(0, first < 0 ? 0 : first - Math.floor(width / 3));
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
