"""Property tests: validation never raises, whatever a record holds, and flags what is invalid."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relief.dataset import load_dataset
from relief.schemas import COLLECTIONS, load_schemas
from relief.validate import validate_dataset
from tests.conftest import TODAY, copy_base

KEYS = st.sampled_from([
    "name", "kind", "district", "town", "team", "members", "status", "receipts", "amount",
    "declared", "needs", "quantity", "goods", "unit", "uscc", "published", "donor", "x",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.text(max_size=20), st.sampled_from(["枞阳县", "tent", "2026-07-08", "0562-5800001"]),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=20,
)


def _plain(value: Any) -> Any:
    """YAML-dumpable form: Decimals written as their text (our loader reads them back)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(collection=st.sampled_from(COLLECTIONS), tree=TREES)
def test_validation_never_raises_and_flags_invalid_records(
    tmp_path_factory: Any, collection: str, tree: Any
) -> None:
    data = copy_base(tmp_path_factory.mktemp("prop"))
    target = data / collection / "prop-record.yaml"
    target.write_text(yaml.safe_dump(_plain(tree), allow_unicode=True), encoding="utf-8")
    report = validate_dataset(load_dataset(data), TODAY).report
    mine = [p for p in report.errors if p.file.endswith("prop-record.yaml")]
    loaded = load_dataset(data)
    record = next((r for r in loaded.records[collection] if r.record_id == "prop-record"), None)
    if record is None:
        assert mine, "a file that did not load must be reported"
    elif not load_schemas().validators[collection].is_valid(record.data):
        assert mine, "a record invalid against its schema must be reported"
    other = [p for p in report.problems if not p.file.endswith("prop-record.yaml")]
    assert other == [] or all(p.code.startswith(("ref.", "code.uscc-duplicate")) for p in other)


def test_arbitrary_bytes_in_a_record_file_never_raise(tmp_path: Path) -> None:
    data = copy_base(tmp_path)
    for index, blob in enumerate([b"\x00\xff\xfe", b"- a\n- b\n", b"{", b"a: [", b": :"]):
        (data / "organizations" / f"bytes-{index}.yaml").write_bytes(blob)
    report = validate_dataset(load_dataset(data), TODAY).report
    files = {p.file for p in report.errors}
    assert {f"data/organizations/bytes-{i}.yaml" for i in range(5)} <= files
