"""Money chains: which disclosure counts for each period (one definition for rules, pages
and exports).

A correction names the disclosure it replaces (``corrects.disclosure``). Following these
links from any disclosure leads to the chain's *root*: the disclosure that corrects nothing
(or names one that does not exist). Every disclosure with the same root is a version of the
same period.

- In force: ``status: active``. A suspended or withdrawn version counts for nothing.
- The *effective* disclosure of a chain is the version in force that no version in force
  replaces, directly or through versions not in force: a withdrawn correction passes its
  place on to a correction of it, and a correction of a withdrawn disclosure still replaces
  it. Exactly one such version: it is counted, and every other version of the chain is
  ``replaced_by`` it. None: the period counts nothing (everything withdrawn).
- Two or more: a *conflict* (``money.correction-conflict``); none of them is counted.
- Links that run in a circle (A corrects B corrects A) leave a chain without a root: a
  *cycle* (``money.correction-cycle``); nothing in it, nor leading into it, is counted. A
  record correcting itself is ``ref.self-correction``, not a cycle.

Input is id -> record data as written (validated or not): malformed links are no links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Chains:
    effective: frozenset[str]  # the disclosures counted, one per period at most
    replaced_by: Mapping[str, str]  # every other version of a chain -> its effective one
    root: Mapping[str, str]  # every disclosure not in (nor led into) a cycle -> its first
    conflicts: tuple[tuple[str, ...], ...]  # per chain: its competing versions, sorted
    cycles: tuple[tuple[str, ...], ...]  # each cycle in link order, from its smallest id

    def counted(self, disclosure_id: str) -> bool:
        return disclosure_id in self.effective


def corrected_id(data: Any) -> str | None:
    """The id a disclosure's ``corrects.disclosure`` names, when it names one."""
    corrects = data.get("corrects") if isinstance(data, Mapping) else None
    target = corrects.get("disclosure") if isinstance(corrects, Mapping) else None
    return target if isinstance(target, str) else None


def in_force(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("status") == "active"


def resolve(disclosures: Mapping[str, Any]) -> Chains:
    parent = {
        record_id: target
        for record_id, data in disclosures.items()
        if (target := corrected_id(data)) in disclosures and target != record_id
    }
    roots: dict[str, str] = {}
    cycles: dict[frozenset[str], tuple[str, ...]] = {}
    for start in disclosures:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in roots and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parent.get(current)
        if current is None:
            root = path[-1]
        elif current in roots:
            root = roots[current]
        else:  # a cycle: ``current`` is on the path already
            loop = path[path.index(current):]
            first = loop.index(min(loop))
            cycles.setdefault(frozenset(loop), tuple(loop[first:] + loop[:first]))
            continue
        for record_id in path:
            roots[record_id] = root
    members: dict[str, list[str]] = defaultdict(list)
    for record_id, root in roots.items():
        members[root].append(record_id)
    live_below: set[str] = set()  # versions that a version in force replaces, however far
    for record_id in roots:
        if in_force(disclosures[record_id]):
            current = parent.get(record_id)
            while current is not None and current not in live_below:
                live_below.add(current)
                current = parent.get(current)

    effective: set[str] = set()
    replaced: dict[str, str] = {}
    conflicts = []
    for _, versions in sorted(members.items()):
        heads = sorted(v for v in versions if in_force(disclosures[v]) and v not in live_below)
        if len(heads) == 1:
            effective.add(heads[0])
            replaced.update((v, heads[0]) for v in versions if v != heads[0])
        elif heads:
            conflicts.append(tuple(heads))
    return Chains(
        effective=frozenset(effective), replaced_by=replaced, root=roots,
        conflicts=tuple(conflicts), cycles=tuple(sorted(cycles.values())),
    )
