"""What each searchable page tells the search index: its title, kind, date and filter values.

A record page's template puts this on its ``<main>`` as ``data-search`` (JSON); the indexer
(relief.search) reads it back from the built page, with the page's visible text. Filter values
are the Chinese labels people see, so the search page can show them as they are.
"""

from __future__ import annotations

from typing import Any

from relief.labels import label
from relief.model import Dataset, Record
from relief.search.facets import (
    TYPE_BULLETIN,
    TYPE_CAMPAIGN,
    TYPE_DIRECTORY,
    TYPE_DISCLOSURE,
    TYPE_GUIDELINE,
)


def _info(title: str, kind: str, date: str | None, **facets: list[str]) -> dict[str, Any]:
    values: dict[str, list[str]] = {}
    for key, found in facets.items():
        unique = sorted(set(found))
        if unique:
            values[key] = unique
    return {"title": title, "type": kind, "date": date, "facets": values}


def _campaign_title(dataset: Dataset, campaign_id: str | None) -> list[str]:
    campaign = dataset.get("campaigns", campaign_id) if campaign_id else None
    return [campaign.data["title"]] if campaign else []


def organization(dataset: Dataset, org: Record) -> dict[str, Any]:
    d = org.data
    vocab = dataset.vocab
    goods = [line["goods"] for field in ("equipment", "production_capacity", "reserves")
             for line in d.get(field, [])]
    return _info(
        d["name"], TYPE_DIRECTORY, d["verification"]["date"],
        district=[d["district"]], town=[d["town"]] if d.get("town") else [],
        org_kind=[label("org_kind", d["kind"])],
        capability=[vocab.capabilities.get(c, c) for c in d["capabilities"]],
        goods=[vocab.goods.get(g, g) for g in goods],
        status=[label("status", d["status"])],
    )


def bulletin(dataset: Dataset, record: Record) -> dict[str, Any]:
    d = record.data
    vocab = dataset.vocab
    lines = [*d.get("needs", []), *d.get("offers", [])]
    return _info(
        d["title"], TYPE_BULLETIN, d["published"][:10],
        district=[*d.get("districts", []), *(o["district"] for o in d.get("offers", [])
                                             if o.get("district"))],
        town=[o["town"] for o in d.get("offers", []) if o.get("town")],
        capability=[vocab.capabilities.get(x["capability"], x["capability"])
                    for x in lines if x.get("capability")],
        goods=[vocab.goods.get(x["goods"], x["goods"]) for x in lines if x.get("goods")],
        bulletin_kind=[label("bulletin_kind", d["kind"])],
        campaign=_campaign_title(dataset, d.get("campaign")),
        status=[label("status", d["status"])],
    )


def campaign(record: Record) -> dict[str, Any]:
    d = record.data
    return _info(
        d["title"], TYPE_CAMPAIGN, d["start"],
        district=list(d.get("districts", [])), campaign=[d["title"]],
        status=[label("status", d["status"])],
    )


def disclosure(dataset: Dataset, record: Record) -> dict[str, Any]:
    d = record.data
    org = dataset.get("organizations", d["organization"])
    return _info(
        d["title"], TYPE_DISCLOSURE, d["published"],
        district=[org.data["district"]] if org else [],
        org_kind=[label("org_kind", org.data["kind"])] if org else [],
        campaign=_campaign_title(dataset, d.get("campaign")),
        status=[label("status", d["status"])],
    )


def guideline(record: Record) -> dict[str, Any]:
    d = record.data
    return _info(d["title"], TYPE_GUIDELINE, d.get("updated") or d.get("published"),
                 status=[label("status", d["status"])])
