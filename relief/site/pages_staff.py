"""Pages for the staff who keep the directory current: entries to re-verify (动态管理) and the
activity counts per district the 2018 plan asks the districts to compile.

- ``/staff/stale/``: directory entries not re-verified within ``STALE_AFTER_DAYS``, by
  district, oldest verification first, with the days since and a link to edit the record;
  the same list is published as ``data/stale_entries.json`` (written before publish(), so
  it is listed in datapackage.json, on the downloads page and in SHA256SUMS). Public, but
  marked noindex: it is a work list, not something to find by searching.
- ``/staff/activities/``: activities from the directory's activity records, counted in the
  district where they took place, district × kind with totals: an overview by year, one
  table per year, and for each programme with district targets, the counts from its start
  to each target deadline (the 2018 promotion year: 2018-02-01 to 2018-10-31).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from relief import derive
from relief.labels import LABELS
from relief.model import Dataset, Record
from relief.site.context import SiteContext
from relief.site.page import File, Page

STALE_PAGE = "staff/stale/index.html"
STALE_JSON = "data/stale_entries.json"
ACTIVITIES_PAGE = "staff/activities/index.html"


def plan_staff(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    entries = stale_rows(site)
    yield Page(STALE_PAGE, "stale.html", {
        "title": "待更新条目", "groups": stale_groups(site.dataset, entries),
        "count": len(entries), "json_path": "/" + STALE_JSON,
    })
    yield File(STALE_JSON, stale_json(site, entries))
    yield Page(ACTIVITIES_PAGE, "activity_stats.html", {
        "title": "社会力量活动次数统计", **activity_context(site.dataset),
    })


def stale_rows(site: SiteContext) -> list[dict[str, Any]]:
    """The entries to re-verify (``derive.stale_entries``), each with what the list shows."""
    rows = []
    for org in derive.stale_entries(site.dataset, site.settings["STALE_AFTER_DAYS"]):
        provenance = site.provenance(org)
        rows.append({
            "org": org, "days": derive.days_since_verification(org, site.today),
            "url": f"/directory/{org.id}/", "file": provenance.file,
            "edit_url": provenance.edit_url,
        })
    return rows


def stale_groups(dataset: Dataset, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every district in the vocabulary's order, with its stale entries (maybe none)."""
    return [
        {"district": name, "code": code,
         "rows": [row for row in rows if row["org"].data["district"] == name]}
        for name, code in dataset.vocab.districts.items()
    ]


def stale_json(site: SiteContext, rows: list[dict[str, Any]]) -> str:
    """The published list: as of today, in the page's order; URLs with SITEURL when set."""
    def entry(row: dict[str, Any]) -> dict[str, Any]:
        org: Record = row["org"]
        verification = org.data["verification"]
        return {
            "id": org.id, "name": org.data["name"], "kind": org.data["kind"],
            "status": org.data["status"], "district": org.data["district"],
            "district_code": site.district_code(org.data["district"]),
            "town": org.data.get("town"), "verified": verification["date"],
            "verified_by": verification["by"], "days_since_verification": row["days"],
            "url": site.siteurl + row["url"], "file": row["file"], "edit_url": row["edit_url"],
        }

    document = {
        "as_of": site.today.isoformat(),
        "stale_after_days": site.settings["STALE_AFTER_DAYS"],
        "count": len(rows),
        "entries": [entry(row) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def activity_table(counts: Mapping[str, Counter[str]],
                   districts: Mapping[str, str]) -> dict[str, Any]:
    """District × activity kind, in the vocabulary's and the labels' order, with totals."""
    kinds = list(LABELS["activity_kind"])
    cells = {name: [counts.get(name, Counter())[kind] for kind in kinds] for name in districts}
    rows = [{"district": name, "code": code, "counts": cells[name], "total": sum(cells[name])}
            for name, code in districts.items()]
    totals = [sum(column) for column in zip(*cells.values(), strict=True)] or [0] * len(kinds)
    return {"kinds": kinds, "rows": rows, "totals": totals, "total": sum(totals)}


def activity_context(dataset: Dataset) -> dict[str, Any]:
    districts = dataset.vocab.districts
    years = sorted({a["date"][:4] for org in dataset.collection("organizations")
                    for a in org.data.get("activities", [])}, reverse=True)
    by_year = [
        {"year": year, "table": activity_table(
            derive.district_activities(dataset, f"{year}-01-01", f"{year}-12-31"), districts)}
        for year in years
    ]
    programmes = []
    for campaign in sorted(dataset.collection("campaigns"), key=lambda c: (c.data["start"], c.id)):
        if campaign.data["kind"] != "programme" or campaign.data["status"] == "withdrawn":
            continue
        for deadline in sorted({t["deadline"] for t in campaign.data.get("district_targets", [])}):
            programmes.append({
                "campaign": campaign, "start": campaign.data["start"], "deadline": deadline,
                "table": activity_table(derive.district_activities(
                    dataset, campaign.data["start"], deadline), districts),
            })
    return {
        "programmes": programmes, "by_year": by_year,
        "overview": [{"year": y["year"], "counts": [row["total"] for row in y["table"]["rows"]],
                      "total": y["table"]["total"]} for y in by_year],
        "districts": list(districts),
        "all_years": activity_table(derive.district_activities(dataset), districts),
    }
