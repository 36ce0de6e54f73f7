// The search page: results with highlighted snippets, filters with counts that combine with
// the query, browsing by filters alone. The query lives in the address (?q=…&district=…), so a
// search can be shared. Filter groups other than 类别 and 县区 start closed and load their data
// when opened, to keep the first search light. Without JavaScript the page keeps its links to
// the pre-rendered lists.
import { element } from "./dom.js";
import { SearchIndex, snippet } from "./search-engine.js";

const PAGE_SIZE = 10;
const OPEN_AT_START = ["type", "district"];
const root = document.querySelector("[data-search-page]");

function readAddress(facets) {
  const params = new URLSearchParams(window.location.search);
  const chosen = {};
  for (const facet of facets) {
    const values = params.getAll(facet.key).filter((v) => facet.values.includes(v));
    if (values.length > 0) chosen[facet.key] = values;
  }
  return { query: params.get("q") ?? "", chosen };
}

function writeAddress(query, chosen) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [key, values] of Object.entries(chosen)) {
    for (const value of values) params.append(key, value);
  }
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

async function start() {
  const base = root.dataset.searchIndex;
  const siteUrl = root.dataset.siteUrl;
  const index = new SearchIndex(base);
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const more = root.querySelector("[data-search-more]");
  const filterBox = root.querySelector("[data-search-filters]");

  let manifest;
  try {
    manifest = await index.manifest();
  } catch (error) {
    status.textContent = "搜索索引暂时无法加载，请稍后再试，或使用下方的分类浏览。";
    throw error;
  }
  let { query, chosen } = readAddress(manifest.facets);
  input.value = query;
  let shown = 0;
  let current = null;
  let run = 0;

  async function showMore() {
    const results = current;
    const numbers = results.pages.slice(shown, shown + PAGE_SIZE);
    shown += numbers.length;
    const pages = await Promise.all(numbers.map((n) => index.page(n)));
    if (results !== current) return; // a newer search has replaced these results
    for (const page of pages) {
      const link = element("a", { href: siteUrl + page.url }, page.title);
      const meta = [page.type, ...page.districts, page.date].filter(Boolean).join(" · ");
      const excerpt = element("p", { class: "rl-result__snippet" });
      // Prefer a match below the heading: the breadcrumb and title lines repeat what the
      // result's own title and meta line already show.
      const titleAt = page.text.indexOf(page.title);
      const after = titleAt < 0 ? 0 : [...page.text.slice(0, titleAt + page.title.length)].length;
      for (const part of snippet(page.text, results.terms, 80, after)) {
        excerpt.append(part.mark ? element("mark", {}, part.text) : part.text);
      }
      list.append(element("li", { class: "rl-result" },
        element("h2", { class: "rl-result__title" }, link),
        element("p", { class: "rl-card__meta" }, meta), excerpt));
    }
    more.hidden = shown >= results.total;
  }

  const opened = new Set([...OPEN_AT_START, ...Object.keys(chosen)]);

  function renderFilters() {
    filterBox.replaceChildren();
    for (const facet of manifest.facets) {
      const picked = chosen[facet.key] ?? [];
      const group = element("details", { class: "rl-filter", "data-key": facet.key },
        element("summary", {}, picked.length > 0
          ? `${facet.label}（已选 ${picked.length} 项）` : facet.label));
      group.open = opened.has(facet.key);
      const counts = current.counts[facet.key];
      if (counts) {
        const values = facet.values.filter((v) => counts.get(v) || picked.includes(v));
        for (const value of values) {
          const box = element("input", { type: "checkbox", name: facet.key, value });
          box.checked = picked.includes(value);
          group.append(element("label", { class: "rl-filter__option" }, box,
            ` ${value}（${counts.get(value) ?? 0}）`));
        }
        if (values.length === 0) group.append(element("p", {}, "当前结果中没有。"));
      }
      filterBox.append(group);
    }
  }

  async function search() {
    const mine = ++run;
    writeAddress(query, chosen);
    const browsing = !query.trim() && Object.keys(chosen).length === 0;
    status.textContent = browsing ? "" : "正在搜索…";
    let found;
    try {
      found = await index.search(query, chosen, [...opened]);
    } catch (error) {
      if (mine === run) status.textContent = "搜索没有完成（网络可能不稳定），请再试一次。";
      throw error;
    }
    if (mine !== run) return;
    current = found;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    renderFilters();
    if (browsing) {
      status.textContent = "输入关键词，或在筛选条件中勾选，浏览全部页面。";
    } else if (found.total > 0) {
      await showMore();
      if (mine === run) status.textContent = `找到 ${found.total} 个页面。`;
    } else {
      status.textContent = "没有找到包含这些词的页面。请检查用字，或减少筛选条件。";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    query = input.value;
    search();
  });
  filterBox.addEventListener("change", (event) => {
    const box = event.target;
    const values = new Set(chosen[box.name] ?? []);
    if (box.checked) values.add(box.value);
    else values.delete(box.value);
    chosen = { ...chosen, [box.name]: [...values] };
    if (values.size === 0) delete chosen[box.name];
    search();
  });
  filterBox.addEventListener("toggle", async (event) => {
    const group = event.target;
    const key = group.dataset.key;
    if (!group.open) {
      opened.delete(key);
      return;
    }
    opened.add(key);
    if (current.counts[key]) return;
    const mine = run;
    const found = await index.search(query, chosen, [...opened]);
    if (mine !== run) return;
    current = { ...current, counts: found.counts };
    renderFilters();
  }, true);
  more.addEventListener("click", () => showMore());
  await search();
}

if (root) start();
