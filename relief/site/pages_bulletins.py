"""信息发布: the list and one pre-rendered list per kind, one page per bulletin, the needs
board (需求对接) and the feeds (Atom, iCalendar).

Lists show active bulletins and withdrawn ones with their reason (so a bulletin people saw
does not silently vanish); a suspended bulletin keeps its page, with its reason, but is not
listed while it is under review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from relief import derive
from relief.labels import LABELS
from relief.model import Dataset, Record
from relief.site import search_info
from relief.site.context import SiteContext
from relief.site.feeds import feed_files
from relief.site.page import File, Page

LISTED_STATUSES = ("active", "withdrawn")
URGENCY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Sections of the needs board, in order: open work first, then what is finished or gone.
NEED_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("open", "待对接和对接中", derive.OPEN_NEED_STATES),
    ("delivered", "已送达", ("delivered",)),
    ("expired", "已过期", ("expired",)),
    ("withdrawn", "已撤回", ("withdrawn",)),
)
NEED_STATES = (*derive.OPEN_NEED_STATES, "delivered", "expired", "withdrawn")


def newest_first(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.data["published"], r.id), reverse=True)


def listed_bulletins(dataset: Dataset) -> list[Record]:
    """Bulletins shown in lists: active and withdrawn, newest first."""
    return newest_first([b for b in dataset.collection("bulletins")
                         if b.data["status"] in LISTED_STATUSES])


def plan_bulletins(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    dataset = site.dataset
    listed = listed_bulletins(dataset)
    corrections = derive.bulletin_corrections(dataset)
    entries = [_entry(site, b, corrections) for b in listed]
    kinds = [{"kind": kind, "label": name,
              "count": sum(1 for b in listed if b.data["kind"] == kind)}
             for kind, name in LABELS["bulletin_kind"].items()]
    yield Page("bulletins/index.html", "bulletins_list.html", {
        "title": "信息发布", "entries": entries, "kinds": kinds, "kind": None,
        "total": len(listed),
    })
    for kind in kinds:
        yield Page(f"bulletins/kind/{kind['kind']}/index.html", "bulletins_list.html", {
            "title": f"信息发布 · {kind['label']}", "kinds": kinds, "kind": kind["kind"],
            "entries": [e for e in entries if e["record"].data["kind"] == kind["kind"]],
            "total": len(listed),
        })
    for record in newest_first(dataset.collection("bulletins")):
        yield bulletin_page(site, record, corrections)
    yield Page("needs/index.html", "needs.html", {"title": "需求对接", **needs_board(dataset)})
    yield from feed_files(site, str(context.get("SITEURL") or ""))


def _entry(site: SiteContext, record: Record, corrections: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "record": record,
        "expired": derive.bulletin_expired(record.data, site.today),
        "corrected_by": [site.dataset.get("bulletins", i) for i in corrections.get(record.id, [])],
    }


def bulletin_page(site: SiteContext, record: Record,
                  corrections: dict[str, list[str]]) -> Page:
    dataset, data, today = site.dataset, record.data, site.today
    issuer_id = data["issuer"].get("organization")
    needs = [{"item": item, "state": derive.need_state(item, data, today)}
             for item in data.get("needs", [])]
    offers = [{"item": item, "state": derive.offer_state(item, data, today)}
              for item in data.get("offers", [])]
    return Page(f"bulletins/{record.id}/index.html", "bulletin.html", {
        "title": data["title"], "bulletin": record, "record": record,
        # A suspended bulletin stays reachable by its address but is not promoted: neither
        # in the sitemap nor in search.
        "search": search_info.bulletin(dataset, record) if data["status"] != "suspended"
        else None,
        "issuer_org": dataset.get("organizations", issuer_id) if issuer_id else None,
        "campaign": dataset.get("campaigns", data["campaign"]) if data.get("campaign") else None,
        "expired": derive.bulletin_expired(data, today),
        "corrects": dataset.get("bulletins", data["corrects"]) if data.get("corrects") else None,
        "corrected_by": [dataset.get("bulletins", i) for i in corrections.get(record.id, [])],
        "needs": needs, "offers": offers,
        "event_past": "event" in data
        and dt.datetime.fromisoformat(data["event"]["ends"]).date() < today,
    }, in_sitemap=data["status"] != "suspended")


def needs_board(dataset: Dataset) -> dict[str, Any]:
    """The coordinators' board: need items in sections by state, with counts per state.

    Open items are ordered by urgency, then the date they are needed by; finished ones
    newest bulletin first, keeping each bulletin's own item order.
    """
    items = derive.need_items(dataset)
    bulletins = {b.id: b for b in dataset.collection("bulletins")}
    counts = derive.need_counts(items)
    sections = []
    for key, heading, states in NEED_SECTIONS:
        chosen = [entry for entry in items if entry["state"] in states]
        if key == "open":
            chosen.sort(key=lambda e: (URGENCY_ORDER[e["item"]["urgency"]],
                                       e["item"]["needed_by"], e["bulletin"], e["item"]["id"]))
        else:
            chosen.sort(key=lambda e: (e["published"], e["bulletin"]), reverse=True)
        sections.append({"key": key, "heading": heading, "items": chosen})
    return {
        "sections": sections, "bulletins": bulletins, "total": len(items),
        "counts": [{"state": state, "count": counts[state],
                    "section": next(k for k, _, s in NEED_SECTIONS if state in s)}
                   for state in NEED_STATES],
    }
