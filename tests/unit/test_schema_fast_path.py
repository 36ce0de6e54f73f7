"""The compiled fast path never accepts what jsonschema refuses.

Records the fast validator accepts are never shown to jsonschema, so a record it wrongly
accepted would go unreported. Mutations of every sample record probe the boundary. The fast
path gives no verdict on records holding numbers with more than two decimals (it cannot
check the ``yuan`` format on numbers); on all others the two must agree exactly.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relief.dataset import load_dataset
from relief.records import RawRecord
from relief.schemas import load_schemas
from tests.conftest import SAMPLE_DATA

RECORDS: list[RawRecord] = load_dataset(SAMPLE_DATA).all_records()
REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.just(Decimal("1.005")),
    st.just(Decimal("2.5")), st.sampled_from(["", "x", "2026-02-30", "2026-07-08", "枞阳县",
                                              "0562-5800001", "open", "tent"]),
    st.just([]), st.just({}), st.just([{"id": "a"}]),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _fine_decimals(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_fine_decimals(v) for v in value.values())
    if isinstance(value, list):
        return any(_fine_decimals(v) for v in value)
    return isinstance(value, Decimal) and value.as_tuple().exponent < -2  # type: ignore[operator]


def _agree(collection: str, data: Any) -> None:
    schemas = load_schemas()
    slow = schemas.validators[collection].is_valid(data)
    fast = schemas.is_valid(collection, data)
    if fast:
        assert slow, "the fast path accepted a record jsonschema refuses"
    if not _fine_decimals(data):
        assert fast == slow


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.file)
def test_fast_path_agrees_on_every_sample_record(record: RawRecord) -> None:
    _agree(record.collection, record.data)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_fast_path_agrees_with_jsonschema_on_mutations(data: st.DataObject) -> None:
    record = data.draw(st.sampled_from(RECORDS))
    tree = copy.deepcopy(record.data)
    path = data.draw(st.sampled_from(_paths(tree)[1:]))
    parent = tree
    for token in path[:-1]:
        parent = parent[token]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent["unexpected_field"] = data.draw(REPLACEMENTS)
    else:
        parent[path[-1]] = data.draw(REPLACEMENTS)
    _agree(record.collection, tree)
