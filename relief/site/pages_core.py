"""Home, the directory (资源目录) with its pre-rendered facets, one page per entry, 404 and
robots.txt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from relief import derive
from relief.labels import LABELS
from relief.model import Record
from relief.site import search_info
from relief.site.context import SiteContext
from relief.site.page import File, Page
from relief.site.pager import paginate
from relief.site.pages_guidelines import guideline_sort_key


def _sorted_orgs(orgs: list[Record]) -> list[Record]:
    """Active first, then by district and name: a stable, useful order."""
    order = {"active": 0, "suspended": 1, "withdrawn": 2}
    return sorted(orgs, key=lambda o: (order[o.data["status"]], o.data["district"], o.id))


def plan_core(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    dataset = site.dataset
    orgs = _sorted_orgs(dataset.collection("organizations"))
    yield _home(site, orgs)
    facets = _facets(site, orgs)
    size = site.settings["DIRECTORY_PAGE_SIZE"]
    yield from _list_pages("directory/", "资源目录", orgs, facets, None, size)
    for district, code in dataset.vocab.districts.items():
        chosen = [o for o in orgs if o.data["district"] == district]
        yield from _list_pages(f"directory/district/{code}/", f"资源目录 · {district}", chosen,
                               facets, ("district", district), size)
    for kind, name in LABELS["org_kind"].items():
        chosen = [o for o in orgs if o.data["kind"] == kind]
        yield from _list_pages(f"directory/kind/{kind}/", f"资源目录 · {name}", chosen, facets,
                               ("kind", kind), size)
    for capability, name in dataset.vocab.capabilities.items():
        chosen = [o for o in orgs if capability in o.data["capabilities"]]
        yield from _list_pages(f"directory/capability/{capability}/", f"资源目录 · {name}",
                               chosen, facets, ("capability", capability), size)
    for org in orgs:
        yield Page(f"directory/{org.id}/index.html", "organization.html", {
            "title": org.data["name"], "org": org, "record": org,
            "search": search_info.organization(dataset, org),
            "activity_counts": derive.activity_counts(org),
            "stale": site.is_stale(org),
        })
    yield Page("404.html", "404.html", {"title": "页面不存在"}, in_sitemap=False)
    yield File("robots.txt", robots_txt(site.siteurl))


def robots_txt(siteurl: str) -> str:
    """Every page may be indexed; the sitemap is named where the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if siteurl.startswith(("http://", "https://")):
        lines.append(f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def _list_pages(folder: str, title: str, chosen: list[Record],
                facets: dict[str, list[dict[str, Any]]], current: tuple[str, str] | None,
                size: int) -> Iterator[Page]:
    """One list of the directory (all entries, or those of one district, kind or skill), paged;
    every page carries the links to every list, with the counts of the whole directory."""
    for listed in paginate(chosen, folder, size):
        numbered = f"（第 {listed.pager.number} 页）" if listed.pager.number > 1 else ""
        yield Page(listed.path, "directory_list.html", {
            "title": title + numbered, "orgs": listed.items, "pager": listed.pager,
            "facets": facets, "filter": current,
        })


def _facets(site: SiteContext, orgs: list[Record]) -> dict[str, list[dict[str, Any]]]:
    """Links to every pre-rendered list, with counts, for browsing without JavaScript."""
    vocab = site.dataset.vocab
    districts = Counter(o.data["district"] for o in orgs)
    kinds = Counter(o.data["kind"] for o in orgs)
    capabilities = Counter(c for o in orgs for c in o.data["capabilities"])
    return {
        "district": [{"value": name, "label": name, "count": districts[name],
                      "url": f"/directory/district/{code}/"}
                     for name, code in vocab.districts.items()],
        "kind": [{"value": kind, "label": name, "count": kinds[kind],
                  "url": f"/directory/kind/{kind}/"}
                 for kind, name in LABELS["org_kind"].items()],
        "capability": [{"value": cid, "label": name, "count": capabilities[cid],
                        "url": f"/directory/capability/{cid}/"}
                       for cid, name in vocab.capabilities.items()],
    }


def _home(site: SiteContext, orgs: list[Record]) -> Page:
    """The home page: during an emergency response it opens with the open needs and what a
    member of the public can do; in quiet times with the directory and the guidelines."""
    dataset = site.dataset
    campaigns = [c for c in dataset.collection("campaigns")
                 if c.data["campaign_status"] == "active" and c.data["status"] == "active"]
    progress = {c.id: derive.money_summary(derive.current_disclosures(dataset, c.id))
                for c in campaigns}
    open_needs = derive.open_needs_first(derive.need_items(dataset))
    bulletins = sorted(
        (b for b in dataset.collection("bulletins") if b.data["status"] == "active"),
        key=lambda b: (b.data["published"], b.id), reverse=True,
    )[: site.settings["LATEST_BULLETINS"]]
    active = [o for o in orgs if o.data["status"] == "active"]
    per_district = [
        {"district": name, "code": code,
         "count": sum(1 for o in active if o.data["district"] == name),
         "specialised": sum(1 for o in active if o.data["district"] == name
                            and o.data["disaster_specialised"])}
        for name, code in dataset.vocab.districts.items()
    ]
    coordinators = derive.distinct_coordinators(need["coordinator"] for need in open_needs)
    guidelines = sorted((g for g in dataset.collection("guidelines")
                         if g.data["status"] == "active" and "phase" in g.data),
                        key=guideline_sort_key)
    fundraising = [c for c in campaigns if c.data["kind"] == "fundraising"]
    return Page("index.html", "home.html", {
        "title": "首页", "responses": derive.active_responses(dataset),
        "campaigns": campaigns, "progress": progress, "fundraising": fundraising,
        "open_needs": open_needs, "coordinators": coordinators, "bulletins": bulletins,
        "per_district": per_district, "active_count": len(active), "guidelines": guidelines,
    })
