"""The ranking engine of 供需对接匹配: every open need's candidates in score order, fast.

The score, what matches and what a candidate provides are defined in :mod:`relief.matching`.
This module only orders candidates by that score without comparing every candidate of every
need: 10,000 open need items against 10,000 entries and 2,000 offers take a few seconds on
one core (``scripts/bench_matching.py``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from itertools import islice
from typing import Any

from relief.matching import (
    SHOWN,
    STATUS_RANK,
    ZERO,
    Candidate,
    Category,
    Holder,
    Need,
    entry_holders,
    offer_holders,
    open_needs,
    provision,
    tier,
)
from relief.model import Dataset


@dataclass(frozen=True, slots=True)
class _Group:
    """The holders of one category, ordered for one unit (and production horizon)."""

    order: list[int]  # holder numbers by (−provides, number)
    negated: list[Decimal]  # −provides, position by position
    places: list[frozenset[tuple[str, str | None]]]  # the distinct location sets
    positions: dict[tuple[int, bool], list[int]]  # (location set, stale) -> positions
    provides: dict[int, Decimal | None]


# A segment: tier, stale, positions in the group's order, the holder numbers at them, and
# checkpoints: ends (0, STEP, 2·STEP, …, len) with the numbers before each end, sorted.
Segment = tuple[int, bool, list[int], list[int], list[int], list[list[int]]]
STEP = 128
# A ranking is a list of parts, each ``numbers[start:]`` with its tier and stale flag; parts
# that need no sorting share the segment's lists instead of copying them.
Part = tuple[list[int], int, int, bool]


class Matching:
    """Every open need's complete ranking, computed once.

    Holders are numbered by (freshness_days, status_rank, id). Per category and unit they are
    ordered once by (−provides, number); per need location that order is split, stably, into
    (tier, stale) segments. Within a segment the holders that provide at least the need's
    remaining quantity (covers = 1) come first, by number, then the rest in segment order, so
    a need only sorts that head. Segments of tiers 2 and 3 depend only on the district.
    """

    def __init__(self, needs: Iterable[Need], holders: Iterable[Holder], today: dt.date,
                 stale_after_days: int, city: Iterable[str]) -> None:
        self.today, self.stale_after_days, self.city = today, stale_after_days, frozenset(city)
        self.holders = sorted(holders, key=lambda h: (
            (today - h.verified).days, STATUS_RANK[h.status], h.id))
        self.needs = sorted(needs, key=lambda n: n.key)
        self._needs = {need.key: need for need in self.needs}
        self._numbers = {holder.id: number for number, holder in enumerate(self.holders)}
        self._fresh = [(today - h.verified).days for h in self.holders]
        self._by_category: dict[Category, list[int]] = defaultdict(list)
        for number, holder in enumerate(self.holders):
            for category in holder.lines:
                self._by_category[category].append(number)
        self._produced = {
            category: any(line.source == "production" for n in numbers
                          for line in self.holders[n].lines[category])
            for category, numbers in self._by_category.items()}
        self._groups: dict[tuple[Any, ...], _Group] = {}
        self._places: dict[Category, dict[int, frozenset[tuple[str, str | None]]]] = {}
        self._segments: dict[tuple[Any, ...], list[Segment]] = {}
        self._parts: dict[str, list[Part]] = {}  # need key -> its ranking
        self._group_of: dict[str, _Group] = {}
        for need in self.needs:
            self._rank(need)

    def _group(self, category: Category, unit: str, days: int | None) -> _Group:
        key = (category, unit, days)
        if key not in self._groups:
            numbers = self._by_category.get(category, [])  # ascending
            provides = {n: provision(self.holders[n].lines[category], unit, days)
                        for n in numbers}
            negated = {n: -(value or ZERO) for n, value in provides.items()}
            order = sorted(numbers, key=negated.__getitem__)  # stable: ties by number
            places: dict[frozenset[tuple[str, str | None]], int] = {}
            positions: dict[tuple[int, bool], list[int]] = defaultdict(list)
            cells = self._cells(category)
            for position, n in enumerate(order):
                place = places.setdefault(cells[n], len(places))
                positions[(place, self._fresh[n] > self.stale_after_days)].append(position)
            self._groups[key] = _Group(order, list(map(negated.__getitem__, order)),
                                       list(places), dict(positions), provides)
        return self._groups[key]

    def _cells(self, category: Category) -> dict[int, frozenset[tuple[str, str | None]]]:
        """Where each holder of the category has it: (district, town) of its lines."""
        if category not in self._places:
            self._places[category] = {
                n: frozenset((ln.district, ln.town) for ln in self.holders[n].lines[category])
                for n in self._by_category.get(category, [])}
        return self._places[category]

    def _rank(self, need: Need) -> None:
        remaining = need.remaining
        if remaining <= 0:
            return
        days = (need.needed_by - self.today).days if self._produced.get(need.category) else None
        group = self._group(need.category, need.unit, days)
        self._group_of[need.key] = group
        near = (need.category, need.unit, days, need.district, need.town)
        far = (need.category, need.unit, days, need.district)
        if near not in self._segments:
            self._segments[near] = self._split(need, group, (0, 1))
        if far not in self._segments:
            self._segments[far] = self._split(need, group, (2, 3))
        covering = bisect_right(group.negated, -remaining)  # positions that cover it all
        self._parts[need.key] = parts = []
        for tier_, stale, positions, numbers, ends, heads in (
                self._segments[near] + self._segments[far]):
            covered = bisect_left(positions, covering)
            if covered:
                k = bisect_right(ends, covered) - 1
                head = heads[k] if ends[k] == covered else sorted(
                    heads[k] + numbers[ends[k]:covered])
                parts.append((head, 0, tier_, stale))
            if covered < len(numbers):
                parts.append((numbers, covered, tier_, stale))

    def _split(self, need: Need, group: _Group, tiers: tuple[int, ...]) -> list[Segment]:
        """The group's order split, stably, into (tier, stale) segments for the need's place,
        for the given tiers (near ones depend on the town, far ones only on the district)."""
        of_place = [min(tier(need, d, t, self.city) for d, t in cells) for cells in group.places]
        parts: dict[tuple[int, bool], list[int]] = defaultdict(list)
        for (place, stale), positions in group.positions.items():
            if of_place[place] in tiers:
                parts[(of_place[place], stale)] += positions
        segments = []
        for (tier_, stale), positions in sorted(parts.items()):
            positions.sort()
            numbers = list(map(group.order.__getitem__, positions))
            ends: list[int] = [0]
            heads: list[list[int]] = [[]]
            for end in [*range(STEP, len(numbers), STEP), len(numbers)]:
                heads.append(sorted(heads[-1] + numbers[ends[-1]:end]))
                ends.append(end)
            segments.append((tier_, stale, positions, numbers, ends, heads))
        return segments

    def need(self, key: str) -> Need | None:
        """The open need item ``<bulletin>#<item>``, if it is one."""
        return self._needs.get(key)

    def count(self, need_key: str) -> int:
        """How many candidates the need has."""
        return len(self._group_of[need_key].order) if need_key in self._parts else 0

    def ranking(self, need_key: str) -> list[int]:
        """The need's candidates as holder numbers (index into ``holders``), best first."""
        ranked: list[int] = []
        for numbers, start, _, _ in self._parts.get(need_key, []):
            ranked += numbers[start:]
        return ranked

    def candidates(self, need_key: str, limit: int | None = None) -> list[Candidate]:
        """The need's candidates, best first (all of them, or the first ``limit``)."""
        found: list[Candidate] = []
        for numbers, start, tier_, stale in self._parts.get(need_key, []):
            end = len(numbers) if limit is None else min(len(numbers), start + limit - len(found))
            for number in islice(numbers, start, end):
                found.append(self._candidate(need_key, len(found), number, tier_, stale))
        return found

    def leading(self, limit: int) -> dict[str, list[tuple[Need, Candidate]]]:
        """Per holder id, the open needs where it is among the first ``limit`` candidates,
        each with its candidacy, in need order: needs × ``limit`` work, whatever the number
        of holders."""
        found: dict[str, list[tuple[Need, Candidate]]] = defaultdict(list)
        for need in self.needs:
            for candidate in self.candidates(need.key, limit):
                found[candidate.id].append((need, candidate))
        return dict(found)

    def _candidate(self, need_key: str, position: int, number: int, tier_: int, stale: bool
                   ) -> Candidate:
        need = self._needs[need_key]
        holder, provided = self.holders[number], self._group_of[need_key].provides[number]
        lines = holder.lines[need.category]
        covers = min(provided / need.remaining, Decimal(1)) if provided else ZERO
        place = min(lines, key=lambda ln: tier(need, ln.district, ln.town, self.city))
        return Candidate(
            rank=position + 1, kind=holder.kind, id=holder.id, name=holder.name, tier=tier_,
            stale=stale, covers=covers.quantize(SHOWN, ROUND_DOWN), quantity=provided,
            remaining=need.remaining, unit=need.unit, freshness_days=self._fresh[number],
            status=holder.status, place=place.district + (place.town or ""), lines=lines)


def match_dataset(dataset: Dataset, stale_after_days: int) -> Matching:
    """The matching of a validated dataset as of its ``today``."""
    holders = [*offer_holders(dataset), *entry_holders(dataset)]
    return Matching(open_needs(dataset), holders, dataset.today, stale_after_days,
                    dataset.vocab.districts)
