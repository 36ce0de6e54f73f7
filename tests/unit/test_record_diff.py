"""Field-by-field differences between two versions of a record."""

from __future__ import annotations

from decimal import Decimal

from relief.record_diff import FieldChange, diff_records


def test_scalars_nested_fields_and_removed_keys() -> None:
    old = {"name": "甲", "team": {"members": 30}, "note": "旧", "same": [1, 2]}
    new = {"name": "乙", "team": {"members": 34}, "same": [1, 2], "short_name": "乙"}
    assert diff_records(old, new) == [
        FieldChange("/name", "甲", "乙"),
        FieldChange("/team/members", 30, 34),
        FieldChange("/short_name", None, "乙"),
        FieldChange("/note", "旧", None),
    ]
    assert [c.kind for c in diff_records(old, new)] == ["changed", "changed", "added", "removed"]


def test_lines_with_ids_are_matched_by_id_not_position() -> None:
    old = {"needs": [{"id": "a", "status": "open"}, {"id": "b", "status": "open"}]}
    new = {"needs": [{"id": "b", "status": "open"}, {"id": "c", "status": "open"},
                     {"id": "a", "status": "delivered"}]}
    assert diff_records(old, new) == [
        FieldChange("/needs/1", None, {"id": "c", "status": "open"}),
        FieldChange("/needs/2/status", "open", "delivered"),
    ]


def test_lists_of_values_compare_by_membership() -> None:
    old = {"capabilities": ["water-rescue", "first-aid"]}
    new = {"capabilities": ["first-aid", "water-rescue", "communications"]}
    assert diff_records(old, new) == [FieldChange("/capabilities/2", None, "communications")]


def test_exact_numbers_and_types_count() -> None:
    assert diff_records({"q": Decimal("1.50")}, {"q": Decimal("1.5")}) == []  # same amount
    assert diff_records({"q": 1}, {"q": True}) == [FieldChange("/q", 1, True)]
    assert diff_records({"a": {"b": 1}}, {"a": {"b": 1}}) == []
