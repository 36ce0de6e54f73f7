"""供需对接匹配 on the site: the candidates under each open need, the needs each entry could
help with, the needs board's pre-rendered filters and ``data/matches.json``.

The score is :mod:`relief.matching` (documented there and on /needs/), the ranking
:mod:`relief.matching_rank`. This
plan computes it once and puts a :class:`MatchView` into Pelican's shared context as
``relief_matches`` before any page is rendered (the plugin runs every plan before it writes a
page), so bulletin pages, the directory entry slot (``_org_matches.html``) and the needs board
read the same result; a template rendered without it shows no candidates. The board itself
(``/needs/``) is written by the bulletins plan; this plan adds one pre-rendered board per
district, category and urgency (``/needs/district/<code>/`` …), linked as facets, so the
board filters without JavaScript.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from relief import derive, exactjson
from relief.labels import LABELS
from relief.matching import TIER_LABELS, Candidate, Need
from relief.matching_rank import Matching, match_dataset
from relief.site.context import SiteContext
from relief.site.page import File, Page
from relief.site.pages_bulletins import needs_board

CONTEXT_KEY = "relief_matches"
MATCHES_FILE = "data/matches.json"
Item = Mapping[str, Any]  # a need item as in derive.need_items: bulletin, item, state, …


def candidate_url(candidate: Candidate) -> str:
    """Site-relative link: the entry's page, or the offer line on its bulletin."""
    if candidate.kind == "offer":
        bulletin, line = candidate.id.split("#", 1)
        return f"/bulletins/{bulletin}/#offer-{line}"
    return f"/directory/{candidate.id}/"


def item_category(item: Item) -> str:
    return str(item["goods"] if item.get("goods") else item["capability"])


@dataclass
class MatchView:
    """What templates ask of the matching (keys are ``<bulletin>#<item>``)."""

    matching: Matching
    shown: int  # MATCH_CANDIDATES: on a need
    published: int  # MATCH_PUBLISHED: in matches.json, and what an entry's page looks at
    per_entry: int  # MATCH_NEEDS_PER_ENTRY
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    leading: dict[str, list[tuple[Need, Candidate]]] = field(init=False)

    def __post_init__(self) -> None:
        self.leading = self.matching.leading(self.published)

    def need(self, bulletin: str, item: str) -> Need | None:
        return self.matching.need(f"{bulletin}#{item}")

    def count(self, bulletin: str, item: str) -> int:
        return self.matching.count(f"{bulletin}#{item}")

    def top(self, bulletin: str, item: str) -> list[Candidate]:
        return self.matching.candidates(f"{bulletin}#{item}", self.shown)

    def for_entry(self, org_id: str) -> tuple[list[tuple[Need, Candidate]], int]:
        """The open needs where an entry is among the first ``published`` candidates (best
        rank first, then soonest needed), at most ``per_entry`` of them, and how many there
        are in all."""
        found = sorted(self.leading.get(org_id, []),
                       key=lambda pair: (pair[1].rank, pair[0].needed_by, pair[0].key))
        return found[:self.per_entry], len(found)

    url = staticmethod(candidate_url)


def plan_matching(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    dataset = site.dataset
    matching = match_dataset(dataset, site.settings["STALE_AFTER_DAYS"])
    board = needs_board(dataset)
    items = [entry for section in board["sections"] for entry in section["items"]]
    settings = site.settings
    view = MatchView(matching, settings["MATCH_CANDIDATES"], settings["MATCH_PUBLISHED"],
                     settings["MATCH_NEEDS_PER_ENTRY"], needs_facets(site, items))
    context[CONTEXT_KEY] = view
    yield File(MATCHES_FILE, exactjson.dumps(matches_json(site, view)) + "\n")
    vocab = dataset.vocab
    pages = [  # (folder, page name, facet group, value, what an item has for that group)
        *[(f"district/{code}", name, "district", code, _district(vocab.districts))
          for name, code in vocab.districts.items()],
        *[(f"category/{o['value']}", o["label"], "category", o["value"], _category)
          for o in view.facets["category"]],
        *[(f"urgency/{level}", name, "urgency", level, _urgency)
          for level, name in LABELS["urgency"].items()],
    ]
    for folder, name, group, value, of in pages:
        yield Page(f"needs/{folder}/index.html", "needs.html", {
            "title": f"需求对接 · {name}", "filter": (group, value),
            **filtered_board(board, _equals(of, value)),
        })


def _equals(of: Callable[[Item], str], value: str) -> Callable[[Item], bool]:
    return lambda entry: of(entry) == value


def _district(codes: Mapping[str, str]) -> Callable[[Item], str]:
    return lambda entry: codes.get(entry["item"]["district"], "")


def _category(entry: Item) -> str:
    return item_category(entry["item"])


def _urgency(entry: Item) -> str:
    return str(entry["item"]["urgency"])


def filtered_board(board: Mapping[str, Any], keep: Callable[[Item], bool]) -> dict[str, Any]:
    """The needs board with only the items ``keep`` accepts, counted again."""
    sections = [{**section, "items": [e for e in section["items"] if keep(e)]}
                for section in board["sections"]]
    items = [entry for section in sections for entry in section["items"]]
    counts = derive.need_counts(items)
    return {**board, "sections": sections, "total": len(items),
            "counts": [{**row, "count": counts[row["state"]]} for row in board["counts"]]}


def needs_facets(site: SiteContext, items: list[Item]) -> dict[str, list[dict[str, Any]]]:
    """Links to every pre-rendered board, each with its count of open items."""
    vocab = site.dataset.vocab
    open_items = [e for e in items if e["state"] in derive.OPEN_NEED_STATES]
    districts = Counter(e["item"]["district"] for e in open_items)
    categories = Counter(item_category(e["item"]) for e in open_items)
    urgencies = Counter(e["item"]["urgency"] for e in open_items)
    present = {item_category(e["item"]) for e in items}
    names = {**{k: f"{v}（物资）" for k, v in vocab.goods.items()},
             **{k: f"{v}（技能）" for k, v in vocab.capabilities.items()}}
    return {
        "district": [{"value": code, "label": name, "count": districts[name],
                      "url": f"/needs/district/{code}/"}
                     for name, code in vocab.districts.items()],
        "category": [{"value": cid, "label": names.get(cid, cid), "count": categories[cid],
                      "url": f"/needs/category/{cid}/"}
                     for cid in [*vocab.goods, *vocab.capabilities] if cid in present],
        "urgency": [{"value": level, "label": name, "count": urgencies[level],
                     "url": f"/needs/urgency/{level}/"}
                    for level, name in LABELS["urgency"].items()],
    }


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    return {
        "rank": candidate.rank, "kind": candidate.kind, "id": candidate.id,
        "name": candidate.name, "url": candidate_url(candidate),
        "tier": candidate.tier, "tier_label": candidate.tier_label, "stale": candidate.stale,
        "covers": candidate.covers, "quantity": candidate.quantity, "unit": candidate.unit,
        "freshness_days": candidate.freshness_days, "status": candidate.status,
        "place": candidate.place, "score": list(candidate.score), "reason": candidate.reason,
    }


def matches_json(site: SiteContext, view: MatchView) -> dict[str, Any]:
    """The published ``matches.json``: every open need item with its first ``published``
    ranked candidates and the count of all (so the file grows with the needs, not with
    needs × entries)."""
    matching = view.matching
    return {
        "today": site.today.isoformat(),
        "stale_after_days": site.settings["STALE_AFTER_DAYS"],
        "score": ["tier", "stale", "-covers", "freshness_days", "status_rank", "id"],
        "tiers": list(TIER_LABELS),
        "candidates_listed": view.published,
        "needs": [
            {"bulletin": need.bulletin, "item": need.item, "description": need.description,
             need.category[0]: need.category[1], "state": need.state,
             "quantity": need.quantity, "committed": need.committed,
             "remaining": need.remaining, "unit": need.unit, "district": need.district,
             "town": need.town, "needed_by": need.needed_by.isoformat(),
             "urgency": need.urgency, "candidate_count": matching.count(need.key),
             "candidates": [candidate_json(c)
                            for c in matching.candidates(need.key, view.published)]}
            for need in matching.needs
        ],
    }
