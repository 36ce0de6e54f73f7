"""Matching (relief.matching, relief.matching_rank): the documented score on a small dataset
worked by hand, the exclusions, and the fast ranking against a brute-force one.

Hand-worked dataset (today 2026-11-29, STALE_AFTER_DAYS 365, city districts 枞阳县 and 义安区).
Need "tents": 100 顶 of goods ``tent``, committed 20, so 80 remain; in 枞阳县 汤沟镇 (town A),
needed by 2026-12-10. Candidates, with (tier, stale, covers, freshness_days, status_rank):

  a-full          汤沟镇, equipment 100 顶, verified 06-01      (0, 0, 1,      181, 2)
  a-partial       汤沟镇, reserves 50 顶, verified 11-01       (0, 0, 0.625,   28, 2)
  a-stale         汤沟镇, 200 顶, verified 2025-10-01          (0, 1, 1,      424, 2)
  d-town          横埠镇, 80 顶, verified 11-20                 (1, 0, 1,        9, 2)
  d-producer      横埠镇, makes 5 顶/day, lead 2 days:
                  5 × (11 days to 12-10 − 2) = 45 顶           (1, 0, 0.5625,  20, 2)
  d-elsewhere     based in 义安区 with 10 顶 there, and a reserve of 30 顶 in 枞阳县:
                  best place 枞阳县 (no town), 40 顶           (1, 0, 0.5,     10, 2)
  offers#tents    义安区 offer 120 顶, 20 committed: 100 left,
                  bulletin verified 11-25                      (2, 0, 1,        4, 1)
  o-full          义安区, 500 顶, verified 11-25               (2, 0, 1,        4, 2)
  o-older         义安区, 600 顶, verified 10-01               (2, 0, 1,       59, 2)
  o-units         义安区, 10 件 only (other unit)              (2, 0, 0,        4, 2)
  x-a, x-b        安庆市 (outside), 1000 顶 each, same date    (3, 0, 1,        4, 2)
Excluded: a suspended and a withdrawn entry in town A, an expired offer, a fully committed
offer, an offer by a suspended entry, and every item of the expired needs bulletin.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

from relief.matching import Holder, Line, Need, provision, tier
from relief.matching_rank import Matching, match_dataset
from relief.model import Dataset, Record
from relief.vocab import Vocabulary

TODAY = dt.date(2026, 11, 29)
D, A, B = "枞阳县", "汤沟镇", "横埠镇"
OTHER, OTHER_TOWN = "义安区", "五松镇"
OUTSIDE = "安庆市"
NEEDS = "2026-11-20-needs"


def org(record_id: str, district: str, town: str | None, verified: str, *,
        status: str = "active", members: int = 10, capabilities: tuple[str, ...] = ("logistics",),
        **goods: list[dict[str, Any]]) -> Record:
    data: dict[str, Any] = {
        "name": f"示例{record_id}", "status": status, "district": district,
        "verification": {"date": verified}, "team": {"members": members},
        "capabilities": list(capabilities), **goods,
    }
    if town:
        data["town"] = town
    return Record("organizations", record_id, "", data)


def tents(quantity: int, unit: str = "顶", **more: Any) -> list[dict[str, Any]]:
    return [{"goods": "tent", "description": "帐篷", "quantity": quantity, "unit": unit, **more}]


def need_line(item: str, status: str, quantity: int, committed: int = 0, **more: Any
              ) -> dict[str, Any]:
    return {"id": item, "description": item, "quantity": quantity, "committed": committed,
            "unit": "顶", "district": D, "town": A, "needed_by": "2026-12-10",
            "urgency": "high", "status": status, **more}


def offer_line(item: str, quantity: int, committed: int, status: str, until: str = "2026-12-31"
               ) -> dict[str, Any]:
    return {"id": item, "goods": "tent", "description": "帐篷", "quantity": quantity,
            "committed": committed, "unit": "顶", "district": OTHER, "town": OTHER_TOWN,
            "available_until": until, "status": status}


def bulletin(record_id: str, kind: str, lines: list[dict[str, Any]], valid_until: str,
             issuer: str | None = None) -> Record:
    data: dict[str, Any] = {
        "kind": kind, "status": "active", "published": "2026-11-20", "valid_until": valid_until,
        "issuer": {"name": "示例发布单位", **({"organization": issuer} if issuer else {})},
        "verification": {"date": "2026-11-25"}, kind: lines,
    }
    return Record("bulletins", record_id, "", data)


def hand_dataset() -> Dataset:
    orgs = [
        org("a-full", D, A, "2026-06-01", equipment=tents(100),
            capabilities=("water-rescue",), members=8),
        org("a-partial", D, A, "2026-11-01", reserves=tents(50, location="仓库")),
        org("a-stale", D, A, "2025-10-01", equipment=tents(200)),
        org("d-town", D, B, "2026-11-20", equipment=tents(80),
            capabilities=("water-rescue",), members=30),
        org("d-producer", D, B, "2026-11-09", production_capacity=[{
            "goods": "tent", "description": "帐篷", "quantity_per_day": 5, "unit": "顶",
            "lead_time_days": 2}]),
        org("d-elsewhere", OTHER, OTHER_TOWN, "2026-11-19", equipment=tents(10),
            reserves=tents(30, location="枞阳仓库", district=D)),
        org("o-full", OTHER, OTHER_TOWN, "2026-11-25", equipment=tents(500)),
        org("o-older", OTHER, None, "2026-10-01", equipment=tents(600)),
        org("o-units", OTHER, OTHER_TOWN, "2026-11-25", equipment=tents(10, "件")),
        org("x-b", OUTSIDE, None, "2026-11-25", equipment=tents(1000)),
        org("x-a", OUTSIDE, None, "2026-11-25", equipment=tents(1000)),
        org("a-suspended", D, A, "2026-11-28", status="suspended", equipment=tents(500)),
        org("a-withdrawn", D, A, "2026-11-28", status="withdrawn", equipment=tents(500)),
    ]
    bulletins = [
        bulletin(NEEDS, "needs", [
            need_line("tents", "partly_committed", 100, 20, goods="tent"),
            need_line("rescuers", "open", 10, capability="water-rescue", unit="人"),
            need_line("boats", "open", 2, capability="water-rescue", unit="支"),
            need_line("full", "committed", 5, 5, goods="tent"),
            need_line("gone", "withdrawn", 5, goods="tent"),
        ], "2026-12-31"),
        bulletin("2026-11-01-old-needs", "needs", [need_line("old", "open", 5, goods="tent")],
                 "2026-11-28"),
        bulletin("offers", "offers", [offer_line("tents", 120, 20, "partly_committed"),
                                      offer_line("late", 50, 0, "available", "2026-11-28"),
                                      offer_line("taken", 50, 50, "committed")],
                 "2026-12-31", issuer="d-town"),
        bulletin("offers-suspended", "offers", [offer_line("tents", 50, 0, "available")],
                 "2026-12-31", issuer="a-suspended"),
    ]
    vocab = Vocabulary(districts={D: "340722", OTHER: "340706"})
    return Dataset(records={"organizations": {o.id: o for o in orgs},
                            "bulletins": {b.id: b for b in bulletins}},
                   vocab=vocab, today=TODAY)


def matching() -> Matching:
    return match_dataset(hand_dataset(), 365)


def test_the_order_is_the_hand_computed_one() -> None:
    ranked = matching().candidates(f"{NEEDS}#tents")
    assert [c.id for c in ranked] == [
        "a-full", "a-partial", "a-stale",
        "d-town", "d-producer", "d-elsewhere",
        "offers#tents", "o-full", "o-older", "o-units",
        "x-a", "x-b",
    ]
    assert [c.rank for c in ranked] == list(range(1, 13))
    assert [(c.tier, c.stale, c.covers, c.freshness_days) for c in ranked] == [
        (0, False, Decimal(1), 181), (0, False, Decimal("0.625"), 28), (0, True, Decimal(1), 424),
        (1, False, Decimal(1), 9), (1, False, Decimal("0.5625"), 20),
        (1, False, Decimal("0.5"), 10),
        (2, False, Decimal(1), 4), (2, False, Decimal(1), 4), (2, False, Decimal(1), 59),
        (2, False, Decimal(0), 4), (3, False, Decimal(1), 4), (3, False, Decimal(1), 4),
    ]
    assert [c.score for c in ranked] == sorted(c.score for c in ranked)


def test_candidate_details() -> None:
    by_id = {c.id: c for c in matching().candidates(f"{NEEDS}#tents")}
    offer = by_id["offers#tents"]
    assert (offer.kind, offer.status, offer.quantity, offer.place) == (
        "offer", "partly_committed", Decimal(100), "义安区五松镇")
    assert by_id["d-producer"].quantity == Decimal(45)
    assert by_id["d-elsewhere"].quantity == Decimal(40)
    assert by_id["d-elsewhere"].place == "枞阳县"
    assert by_id["o-units"].quantity is None
    assert "单位与需求（顶）不同" in by_id["o-units"].reason
    partial = by_id["a-partial"]
    assert partial.score == (0, 0, Decimal("-0.6250"), 28, 2, "a-partial")
    assert partial.reason == ("同乡镇（枞阳县汤沟镇）；储备：帐篷 50 顶；"
                              "可提供 50 顶，占尚缺 80 顶的 62%；28 天前核实")
    assert "已超期待更新" in by_id["a-stale"].reason


def test_excluded_needs_and_candidates() -> None:
    result = matching()
    assert [n.key for n in result.needs] == [
        f"{NEEDS}#boats", f"{NEEDS}#full", f"{NEEDS}#rescuers", f"{NEEDS}#tents"]
    ids = {c.id for c in result.candidates(f"{NEEDS}#tents")}
    assert not ids & {"a-suspended", "a-withdrawn", "offers#late", "offers#taken",
                      "offers-suspended#tents"}
    full = result.need(f"{NEEDS}#full")
    assert full is not None and full.remaining == 0
    assert result.count(f"{NEEDS}#full") == 0 and result.candidates(f"{NEEDS}#full") == []
    assert result.need("2026-11-01-old-needs#old") is None


def test_capability_needs_count_members_for_people_and_one_per_team() -> None:
    result = matching()
    people = result.candidates(f"{NEEDS}#rescuers")
    assert [(c.id, c.tier, c.covers, c.quantity) for c in people] == [
        ("a-full", 0, Decimal("0.8"), 8), ("d-town", 1, Decimal(1), 30)]
    teams = result.candidates(f"{NEEDS}#boats")
    assert [(c.id, c.covers, c.quantity) for c in teams] == [
        ("a-full", Decimal("0.5"), 1), ("d-town", Decimal("0.5"), 1)]


def test_an_entry_sees_the_needs_where_it_leads() -> None:
    result = matching()
    leading = result.leading(20)
    assert [(n.item, c.rank) for n, c in leading["a-full"]] == [
        ("boats", 1), ("rescuers", 1), ("tents", 1)]
    assert [(n.item, c.rank) for n, c in leading["o-older"]] == [("tents", 9)]
    assert "a-suspended" not in leading
    # Only the first `limit` candidates of each need count: rank 9 is outside the first 8.
    assert "o-older" not in result.leading(8) and "a-full" in result.leading(1)


def test_limit_and_tiers_without_a_town() -> None:
    result = matching()
    assert [c.id for c in result.candidates(f"{NEEDS}#tents", 2)] == ["a-full", "a-partial"]
    need = Need("b", "i", "", ("goods", "tent"), Decimal(1), Decimal(0), "顶", D, None,
                TODAY, "low", "open")
    city = frozenset({D, OTHER})
    assert [tier(need, D, A, city), tier(need, OTHER, A, city), tier(need, OUTSIDE, None, city)
            ] == [1, 2, 3]


def test_the_day_a_need_expires() -> None:
    dataset = hand_dataset()
    on_the_day = Dataset(dataset.records, dataset.vocab, dt.date(2026, 12, 31))
    after = Dataset(dataset.records, dataset.vocab, dt.date(2027, 1, 1))
    assert match_dataset(on_the_day, 365).count(f"{NEEDS}#tents") == 12
    assert match_dataset(after, 365).needs == []


# The fast ranking against the definition, on random data large enough for every shortcut:
# segments longer than the checkpoint step, multi-place holders, production, unit mismatches.

def brute_force(result: Matching, need: Need) -> list[str]:
    city = result.city
    keyed = []
    for holder in result.holders:
        lines = holder.lines.get(need.category)
        if not lines or need.remaining <= 0:
            continue
        days = (need.needed_by - result.today).days
        provided = provision(lines, need.unit, days)
        covers = min(Fraction(provided) / Fraction(need.remaining), 1) if provided else 0
        fresh = (result.today - holder.verified).days
        keyed.append(((min(tier(need, ln.district, ln.town, city) for ln in lines),
                       fresh > result.stale_after_days, -covers, fresh,
                       {"available": 0, "partly_committed": 1, "active": 2}[holder.status],
                       holder.id), holder.id))
    return [holder_id for _, holder_id in sorted(keyed)]


def random_matching(seed: int) -> Matching:
    rng = random.Random(seed)
    places = [(D, A), (D, B), (D, None), (OTHER, OTHER_TOWN), (OTHER, None), (OUTSIDE, None)]
    categories = [("goods", "tent"), ("goods", "water"), ("capability", "water-rescue")]
    holders = []
    for index in range(1500):
        lines: dict[tuple[str, str], tuple[Line, ...]] = {}
        for category in rng.sample(categories, rng.randint(1, 2)):
            made = []
            for _ in range(rng.randint(1, 2)):
                district, town = rng.choice(places)
                source = ("team" if category[0] == "capability"
                          else rng.choice(("equipment", "reserves", "production", "offer")))
                made.append(Line(source, "x", Decimal(rng.randint(0, 60)),
                                 rng.choice(("顶", "顶", "件", "人")), district, town,
                                 Decimal(rng.randint(0, 5))))
            lines[category] = tuple(made)
        verified = TODAY - dt.timedelta(days=rng.randint(0, 500))
        kind, status = rng.choice((("organization", "active"), ("offer", "available"),
                                   ("offer", "partly_committed")))
        holders.append(Holder(kind, f"h{index:04d}", "x", status, verified, lines))
    needs = []
    for index in range(120):
        district, town = rng.choice(places[:5])
        needs.append(Need("b", f"n{index:03d}", "x", rng.choice(categories),
                          Decimal(rng.randint(1, 80)), Decimal(rng.randint(0, 10)),
                          rng.choice(("顶", "件", "人", "支")), district, town,
                          TODAY + dt.timedelta(days=rng.randint(-3, 20)), "high", "open"))
    return Matching(needs, holders, TODAY, 365, {D, OTHER})


def test_fast_ranking_equals_brute_force() -> None:
    for seed in (1, 2):
        result = random_matching(seed)
        for need in result.needs:
            expected = brute_force(result, need)
            got = [result.holders[n].id for n in result.ranking(need.key)]
            assert got == expected, need.key
            assert [c.id for c in result.candidates(need.key)] == expected
            assert result.count(need.key) == len(expected)
